"""The chat app staff and new employees use (Gradio), on top of ``Assistant``; the HTTP API and
authentication are mounted on the same server. Everything shown is escaped: document text and
model output are text, never live HTML."""

from __future__ import annotations

import html
import re
import sys
from collections.abc import Iterator
from typing import Any

import gradio as gr
from fastapi import FastAPI

from assistant import Answer, Assistant, FeedbackStore, GlossaryEntry
from hoidap.settings import Settings
from index import StoreUnavailableError
from ui.api import add_routes
from ui.auth import Authenticator, is_loopback, read_users

MODES = [("Tự động", "auto"), ("LLM", "llm"), ("Trích dẫn nguyên văn", "extractive")]
THINKING = "⏳ Đang tìm trong tài liệu…"
STORE_DOWN = "⚠️ Kho tài liệu tạm thời không truy cập được. Vui lòng thử lại sau ít phút."
CURSOR = " ▌"
_MARKER = re.compile(r"\[(\d+)\]")

CSS = """
#source-panel mark, #document-view mark { background: #ffe58a; padding: 0 2px; }
#document-view, #document-text { white-space: pre-wrap; }
#source-panel .source-head { font-weight: 600; margin-bottom: .4em; }
table.glossary td, table.glossary th { vertical-align: top; padding: 4px 8px; }
a.cite { text-decoration: none; font-weight: 600; cursor: pointer; }
"""
# A click on an inline [n] asks the server for that source (via a hidden textbox).
JS = """
() => {
  document.addEventListener('click', (event) => {
    const link = event.target.closest('a.cite');
    if (!link) return;
    event.preventDefault();
    event.stopPropagation();
    const box = document.querySelector('#cite-request textarea, #cite-request input');
    if (!box) return;
    box.value = link.getAttribute('href').slice('#nguon-'.length) + '|' + Date.now();
    box.dispatchEvent(new Event('input', {bubbles: true}));
  }, true);
}
"""
SCROLL_TO_PASSAGE = (
    "() => { for (const ms of [200, 800]) setTimeout(() => document.getElementById('doan-trich')"
    "?.scrollIntoView({block: 'center'}), ms); }"
)


# -- rendering (pure functions: tested without a browser) --------------------------------------
def render_answer(answer: dict[str, Any], turn: int) -> str:
    """The answer as chat Markdown: escaped text, [n] markers as links that open source n."""
    text = html.escape(answer["answer"])
    if answer["abstained"]:
        return "⚠️ " + text
    return _MARKER.sub(
        lambda m: f'<a class="cite" href="#nguon-{turn}-{m.group(1)}">[{m.group(1)}]</a>', text
    )


def render_partial(text: str) -> str:
    return html.escape(text) + CURSOR


def sources_of(answer: dict[str, Any]) -> list[dict[str, Any]]:
    """What the side panel offers: the citations, or for an abstention the closest passages."""
    if answer["citations"]:
        return answer["citations"]
    return [{"n": i, **hit, "support": None} for i, hit in enumerate(answer["retrieved"][:3], 1)]


def render_source(source: dict[str, Any], related: bool) -> str:
    text = source["text"]
    support = source.get("support")
    if support:
        start, end = support["start"], support["end"]
        body = (
            html.escape(text[:start])
            + f"<mark>{html.escape(text[start:end])}</mark>"
            + html.escape(text[end:])
        )
    else:
        body = html.escape(text)
    meta = [html.escape(source["title"])]
    if source.get("date"):
        meta.append(html.escape(source["date"]))
    if source.get("source"):
        meta.append(html.escape(source["source"]))
    if source.get("page"):
        meta.append(f"trang {int(source['page'])}")
    label = "Có thể liên quan" if related else "Nguồn"
    return (
        f'<div class="source"><div class="source-head">{label} [{int(source["n"])}] · '
        f"{' · '.join(meta)}</div><p>{body}</p></div>"
    )


def render_document(text: str, passage: str | None, support: str | None) -> str:
    """The whole document with the cited passage marked (the view scrolls to it)."""
    target = support or passage
    at = text.find(target) if target else -1
    if at < 0:
        return f"<div>{html.escape(text)}</div>"
    end = at + len(target or "")
    return (
        f"<div>{html.escape(text[:at])}<mark id='doan-trich'>{html.escape(text[at:end])}</mark>"
        f"{html.escape(text[end:])}</div>"
    )


def render_glossary(entries: list[GlossaryEntry]) -> str:
    """Every acronym in one table (all rows rendered, so the browser's find works)."""
    rows = []
    for e in entries:
        where = html.escape(e.title) + (f" ({html.escape(e.date)})" if e.date else "")
        rows.append(
            f"<tr><td><b>{html.escape(e.acronym)}</b></td><td>{html.escape(e.expansion)}</td>"
            f"<td>{e.uses}</td><td>{where}</td><td>{html.escape(e.context)}</td></tr>"
        )
    head = "".join(
        f"<th>{h}</th>" for h in ("Viết tắt", "Giải nghĩa", "Số lần", "Tài liệu", "Ngữ cảnh")
    )
    body = "".join(rows)
    return f"<table class='glossary'><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def model_line(answer: dict[str, Any]) -> str:
    seconds = answer["timings"]["total_ms"] / 1000
    if answer["abstained"]:
        how = "không đủ căn cứ trong tài liệu — không trả lời"
    elif answer["mode"] == "extractive":
        how = "trích dẫn nguyên văn (không dùng LLM)"
    elif "extractive" in (answer.get("model") or ""):
        how = "trích dẫn nguyên văn (câu trả lời của LLM không được nguồn xác nhận)"
    else:
        how = f"LLM `{answer.get('model') or 'LLM'}`, mỗi câu đã đối chiếu với nguồn"
    return f"Trả lời bởi: {how} · {seconds:.1f} giây"


# -- the app ---------------------------------------------------------------------------------------
def build_app(assistant: Assistant, feedback: FeedbackStore) -> gr.Blocks:
    documents = assistant.documents()
    starters = list(assistant.onboarding().starter_questions)

    def respond(
        question: str, chat: list[dict[str, Any]], turns: list[dict[str, Any]], mode: str
    ) -> Iterator[tuple[Any, ...]]:
        question = (question or "").strip()
        if not question:
            yield gr.skip(), chat, turns, gr.skip(), gr.skip(), gr.skip()
            return
        question = question[: assistant.settings.max_question_chars]
        history = []
        for turn in turns:
            history += [
                {"role": "user", "content": turn["question"]},
                {"role": "assistant", "content": turn["answer"]},
            ]
        chat = [
            *chat,
            {"role": "user", "content": html.escape(question)},
            {"role": "assistant", "content": THINKING},
        ]
        yield "", chat, turns, gr.skip(), gr.skip(), gr.skip()
        streamed = ""
        answer: Answer | None = None
        try:
            for event in assistant.stream(question, history, None if mode == "auto" else mode):
                if isinstance(event, Answer):
                    answer = event
                else:
                    streamed += event
                    chat[-1] = {"role": "assistant", "content": render_partial(streamed)}
                    yield gr.skip(), chat, turns, gr.skip(), gr.skip(), gr.skip()
        except StoreUnavailableError:
            chat[-1] = {"role": "assistant", "content": STORE_DOWN}
            yield gr.skip(), chat, turns, gr.skip(), gr.skip(), gr.skip()
            return
        assert answer is not None
        data = answer.to_json()
        turns = [*turns, data]
        chat[-1] = {"role": "assistant", "content": render_answer(data, len(turns) - 1)}
        sources = sources_of(data)
        choices = [(f"[{s['n']}] {s['title']}", f"{len(turns) - 1}-{s['n']}") for s in sources]
        panel = render_source(sources[0], data["abstained"]) if sources else ""
        yield (
            gr.skip(),
            chat,
            turns,
            gr.update(choices=choices, value=choices[0][1] if choices else None),
            panel,
            model_line(data),
        )

    def find_source(
        ref: str, turns: list[dict[str, Any]]
    ) -> tuple[dict[str, Any], bool, int] | None:
        """Source ``n`` of answer ``turn`` from a "turn-n|nonce" reference: (source, whether it
        is only related to an abstention, turn)."""
        try:
            turn_text, n_text = (ref or "").split("|")[0].split("-")
            turn = int(turn_text)
            data = turns[turn]
        except (ValueError, IndexError):
            return None
        for source in sources_of(data):
            if source["n"] == int(n_text):
                return source, data["abstained"], turn
        return None

    def show_source(ref: str, turns: list[dict[str, Any]]) -> tuple[Any, ...]:
        found = find_source(ref, turns)
        if found is None:
            return gr.skip(), gr.skip()
        source, related, turn = found
        return render_source(source, related), gr.update(value=f"{turn}-{source['n']}")

    def open_document(ref: str, turns: list[dict[str, Any]]) -> str:
        found = find_source(ref, turns)
        if found is None:
            return "<p>Chọn một nguồn trước.</p>"
        source, _, _ = found
        text = assistant.document_text(source["doc_id"]) or ""
        support = source.get("support")
        quote = source["text"][support["start"] : support["end"]] if support else None
        return render_document(text, source["text"], quote)

    def read_document(doc_id: str) -> str:
        text = assistant.document_text(doc_id) if doc_id else None
        return f"<div>{html.escape(text)}</div>" if text else ""

    def rate(turns: list[dict[str, Any]], like: gr.LikeData) -> tuple[Any, ...]:
        turn = like.index[0] // 2 if isinstance(like.index, list | tuple) else like.index // 2
        if not 0 <= turn < len(turns) or like.liked not in (True, False):
            return gr.skip(), gr.skip()
        feedback_id = feedback.add(turns[turn], 1 if like.liked else -1)
        return feedback_id, "Đã ghi nhận đánh giá. Có thể thêm góp ý bên dưới."

    def send_comment(feedback_id: int | None, comment: str) -> tuple[Any, ...]:
        if not feedback_id:
            return gr.skip(), "Hãy bấm 👍 hoặc 👎 dưới câu trả lời trước."
        feedback.comment(int(feedback_id), comment)
        return "", "Cảm ơn góp ý của bạn."

    with gr.Blocks(title="Hỏi đáp tài liệu TCĐLCL") as app:
        gr.Markdown(
            "## Hỏi đáp tài liệu\nTrả lời bằng tiếng Việt, dựa trên tài liệu của Tổng cục, "
            "kèm trích dẫn. Bấm vào số `[n]` trong câu trả lời để xem đoạn nguồn."
        )
        turns = gr.State([])
        feedback_id = gr.State(None)
        with gr.Tab("Hỏi đáp"), gr.Row():
            with gr.Column(scale=3):
                chat = gr.Chatbot(
                    label="Cuộc trò chuyện",
                    elem_id="chat",
                    height=480,
                    sanitize_html=True,
                    feedback_options=("Like", "Dislike"),
                )
                with gr.Row():
                    question = gr.Textbox(
                        label="Câu hỏi",
                        placeholder="Ví dụ: APO là tổ chức gì? (có dấu hoặc không dấu)",
                        elem_id="question",
                        scale=5,
                    )
                    ask = gr.Button("Hỏi", variant="primary", elem_id="ask", scale=1)
                with gr.Row():
                    mode = gr.Radio(MODES, value="auto", label="Cách trả lời", elem_id="mode")
                    new_chat = gr.Button("Cuộc trò chuyện mới", elem_id="new-chat")
                model_info = gr.Markdown(elem_id="model-info")
                if starters:
                    gr.Markdown("**Gợi ý câu hỏi để bắt đầu:**")
                    starter_buttons = [
                        gr.Button(q, size="sm", elem_classes=["starter"]) for q in starters
                    ]
                else:
                    starter_buttons = []
                with gr.Row():
                    comment = gr.Textbox(
                        label="Góp ý thêm về câu trả lời (không bắt buộc)", scale=4
                    )
                    send = gr.Button("Gửi góp ý", scale=1)
                feedback_note = gr.Markdown()
            with gr.Column(scale=2):
                source_choice = gr.Radio([], label="Nguồn", elem_id="source-choice")
                source_panel = gr.HTML(elem_id="source-panel")
                read_whole = gr.Button("Đọc toàn văn tài liệu", size="sm", elem_id="read-whole")
                document_view = gr.HTML(elem_id="document-view")
                cite_request = gr.Textbox(visible="hidden", elem_id="cite-request")

        with gr.Tab("Tài liệu"):
            gr.Markdown("Các tài liệu đang được dùng để trả lời.")
            gr.Dataframe(
                value=[[d.title, d.date, d.source, d.description, d.chunks] for d in documents],
                headers=["Tiêu đề", "Ngày", "Nguồn", "Mô tả", "Số đoạn"],
                wrap=True,
                interactive=False,
                elem_id="documents",
            )
            pick = gr.Dropdown([(d.title, d.doc_id) for d in documents], label="Đọc một tài liệu")
            whole = gr.HTML(elem_id="document-text")
            pick.change(read_document, pick, whole)

        with gr.Tab("Thuật ngữ"):
            gr.Markdown(
                "Các từ viết tắt trong tài liệu và nơi chúng được giải thích hoặc dùng lần đầu."
            )
            gr.HTML(render_glossary(assistant.glossary()), elem_id="glossary")

        outputs = [question, chat, turns, source_choice, source_panel, model_info]
        question.submit(respond, [question, chat, turns, mode], outputs)
        ask.click(respond, [question, chat, turns, mode], outputs)
        for button in starter_buttons:
            button.click(lambda q: q, button, question).then(
                respond, [question, chat, turns, mode], outputs
            )
        new_chat.click(
            lambda: ([], [], gr.update(choices=[], value=None), "", "", "", None),
            None,
            [chat, turns, source_choice, source_panel, document_view, model_info, feedback_id],
        )
        cite_request.input(show_source, [cite_request, turns], [source_panel, source_choice])
        source_choice.input(show_source, [source_choice, turns], [source_panel, source_choice])
        read_whole.click(open_document, [source_choice, turns], document_view).then(
            None, js=SCROLL_TO_PASSAGE
        )
        chat.like(rate, [turns], [feedback_id, feedback_note])
        send.click(send_comment, [feedback_id, comment], [comment, feedback_note])
    return app


def create_server(settings: Settings, assistant: Assistant | None = None) -> FastAPI:
    """The whole server: auth guard, REST + OpenAI API, and the chat UI at ``/``."""
    assistant = assistant or Assistant(settings)
    users = read_users(settings.users_file) if settings.users_file else {}
    auth = Authenticator(settings.auth_token, users)
    server = FastAPI(title="hoidap", docs_url=None, redoc_url=None, openapi_url=None)
    add_routes(server, assistant, settings)
    if auth.configured:
        server.middleware("http")(auth.middleware)
    feedback = FeedbackStore(settings.data_dir)
    return gr.mount_gradio_app(server, build_app(assistant, feedback), path="/", css=CSS, js=JS)


def serve(settings: Settings, host: str = "127.0.0.1", port: int = 7860) -> int:
    import uvicorn

    if not is_loopback(host) and not (settings.auth_token or settings.users_file):
        print(
            f"Từ chối mở {host}:{port}: địa chỉ này cho máy khác truy cập nhưng chưa cấu hình "
            "xác thực. Đặt HOIDAP_AUTH_TOKEN hoặc HOIDAP_USERS_FILE (xem `hoidap users add`), "
            "hoặc dùng --host 127.0.0.1.",
            file=sys.stderr,
        )
        return 2
    app = create_server(settings)
    print(f"Hỏi đáp đang chạy tại http://{host}:{port}", flush=True)
    uvicorn.run(app, host=host, port=port, log_level="warning")
    return 0
