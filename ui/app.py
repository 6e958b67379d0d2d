"""The chat app staff and new employees use (Gradio), on top of ``Assistant``; the HTTP API and
authentication are mounted on the same server. Everything shown is escaped: document text and
model output are text, never live HTML."""

from __future__ import annotations

import html
import logging
import queue
import sys
import threading
import time
from collections.abc import Callable, Iterator
from typing import Any

import gradio as gr
from fastapi import FastAPI

from assistant import (
    Answer,
    Assistant,
    FeedbackStore,
    GlossaryEntry,
    Library,
    RequestTooLong,
    Verified,
)
from index import StoreUnavailableError
from ui.api import add_routes
from ui.assets import CITE_BRIDGE_JS, CSS, JS, SCROLL_TO_PASSAGE
from ui.auth import Authenticator, is_loopback
from ui.config import ServerConfig
from ui.pump import END, Failed, pump
from ui.render import (
    model_line,
    render_answer,
    render_document,
    render_documents,
    render_glossary,
    render_partial,
    render_reader,
    render_source,
    sources_of,
    text_html,
    waiting,
)

MODES = [("Tự động", "auto"), ("LLM", "llm"), ("Trích dẫn nguyên văn", "extractive")]
QUEUED = "Đang chờ đến lượt…"
SEARCHING = "Đang tìm trong tài liệu và soạn câu trả lời…"
# Said once the wait is long: the local model answers one question at a time.
BUSY = (
    "Đang soạn câu trả lời — mô hình trả lời lần lượt từng câu hỏi, "
    "có thể đang trả lời câu hỏi khác…"
)
BUSY_AFTER_S = 8
STORE_DOWN = "⚠️ Kho tài liệu tạm thời không truy cập được. Vui lòng thử lại sau ít phút."
FAILED = "⚠️ Không trả lời được câu hỏi này do lỗi máy chủ. Vui lòng thử lại hoặc hỏi cách khác."
TICK_S = 1.0  # how often a waiting answer's placeholder counts up
_log = logging.getLogger(__name__)


def _with_ticks(events: Iterator[Any], tick_s: float = TICK_S) -> Iterator[Any]:
    """``events`` consumed on a worker thread, with ``None`` yielded every ``tick_s`` in which
    nothing arrived, so the page can count the seconds while the engine waits. Closing this
    iterator (the browser went away) closes ``events`` after its next event."""
    pipe: queue.Queue[Any] = queue.Queue()
    stop = threading.Event()
    threading.Thread(
        target=pump, args=(events, pipe.put, stop), name="hoidap-answer", daemon=True
    ).start()
    try:
        while True:
            try:
                item = pipe.get(timeout=tick_s)
            except queue.Empty:
                yield None
                continue
            if item is END:
                return
            if isinstance(item, Failed):
                raise item.error
            yield item
    finally:
        stop.set()


def _history(turns: list[dict[str, Any]]) -> list[dict[str, str]]:
    history: list[dict[str, str]] = []
    for turn in turns:
        history += [
            {"role": "user", "content": turn["question"]},
            {"role": "assistant", "content": turn["answer"]},
        ]
    return history


def _shortened(question: str, limit: int = 300) -> str:
    return question if len(question) <= limit else question[:limit] + "…"


def _choices(data: dict[str, Any], turn: int) -> list[tuple[str, str]]:
    return [(f"[{s['n']}] {s['title']}", f"{turn}-{s['n']}") for s in sources_of(data)]


# -- the app ---------------------------------------------------------------------------------------
def build_app(assistant: Assistant, library: Library, feedback: FeedbackStore) -> gr.Blocks:
    starters = list(library.onboarding().starter_questions)
    glossary_cache: dict[str, Any] = {}
    glossary_lock = threading.Lock()

    def current_glossary() -> list[GlossaryEntry]:
        """The glossary of the documents indexed now, rebuilt only when they changed."""
        key = library.version()
        with glossary_lock:
            if glossary_cache.get("key") != key:
                glossary_cache["entries"] = library.glossary()
                glossary_cache["key"] = key
            return glossary_cache["entries"]

    def catalog(selected: str | None = None) -> tuple[Any, ...]:
        """The documents tab and glossary as the index holds them now (on every page load,
        so a document ingested while the app runs is listed): table, reader choices with the
        selected (else first) document, its text, and the glossary."""
        documents = library.documents()
        ids = [d.doc_id for d in documents]
        chosen = selected if selected in ids else (ids[0] if ids else None)
        document = next((d for d in documents if d.doc_id == chosen), None)
        text = library.document_text(chosen) if chosen else None
        return (
            render_documents(documents),
            gr.update(choices=[(d.title, d.doc_id) for d in documents], value=chosen),
            render_reader(document, text),
            render_glossary(current_glossary()),
        )

    def take_question(
        question: str, chat: list[dict[str, Any]], turns: list[dict[str, Any]]
    ) -> tuple[Any, ...]:
        """The question shown at once with a placeholder (the answer step may wait its turn);
        a question over the limits is answered with the reason instead, and left in the box."""
        question = (question or "").strip()
        if not question:
            return gr.skip(), gr.skip(), None
        try:
            assistant.limits.check(question, _history(turns))
        except RequestTooLong as error:
            chat = [
                *chat,
                {"role": "user", "content": text_html(_shortened(question))},
                {"role": "assistant", "content": "⚠️ " + html.escape(str(error))},
            ]
            return gr.skip(), chat, None
        chat = [
            *chat,
            {"role": "user", "content": text_html(question)},
            {"role": "assistant", "content": waiting(QUEUED, 0)},
        ]
        return "", chat, {"question": question, "asked_at": time.time()}

    def respond(
        pending: dict[str, Any] | None,
        chat: list[dict[str, Any]],
        turns: list[dict[str, Any]],
        rows: list[int],
        mode: str,
    ) -> Iterator[tuple[Any, ...]]:
        if not pending:
            return
        question, asked_at = pending["question"], pending["asked_at"]

        def show(content: str) -> tuple[Any, ...]:
            chat[-1] = {"role": "assistant", "content": content}
            return chat, gr.skip(), gr.skip(), gr.skip(), gr.skip(), gr.skip()

        def placeholder() -> str:
            waited = time.time() - asked_at
            return waiting(BUSY if waited >= BUSY_AFTER_S else SEARCHING, waited)

        chat = list(chat)
        yield show(placeholder())
        raw = ""  # the model's text not yet verified
        verified: list[str] = []
        answer: Answer | None = None
        try:
            history = assistant.limits.check(question, _history(turns))
            events = assistant.stream(question, history, None if mode == "auto" else mode)
            for event in _with_ticks(events):
                if event is None:
                    if not raw and not verified:
                        yield show(placeholder())
                elif isinstance(event, Answer):
                    answer = event
                elif isinstance(event, Verified):
                    verified.append(event.text)
                    raw = ""
                    yield show(render_partial("", " ".join(verified)))
                else:
                    raw += event
                    yield show(render_partial(raw, " ".join(verified)))
        except RequestTooLong as error:
            yield show("⚠️ " + html.escape(str(error)))
            return
        except StoreUnavailableError:
            yield show(STORE_DOWN)
            return
        except Exception:
            _log.exception("answering %r failed", question[:200])
            yield show(FAILED)
            return
        if answer is None:
            yield show(FAILED)
            return
        data = answer.to_json()
        turn = len(turns)
        turns = [*turns, data]
        rows = [*rows, len(chat) - 1]
        chat[-1] = {"role": "assistant", "content": render_answer(data, turn)}
        sources = sources_of(data)
        choices = _choices(data, turn)
        panel = render_source(sources[0], data["abstained"]) if sources else ""
        yield (
            chat,
            turns,
            rows,
            gr.update(choices=choices, value=choices[0][1] if choices else None),
            panel,
            model_line(data, time.time() - asked_at),
        )

    def find_source(
        ref: str, turns: list[dict[str, Any]]
    ) -> tuple[dict[str, Any], bool, int] | None:
        """Source ``n`` of answer ``turn`` from a "turn-n" reference: (source, whether it is
        only related to an abstention, turn)."""
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
        # An earlier answer's source: the choices become that answer's sources.
        choices = _choices(turns[turn], turn)
        return render_source(source, related), gr.update(
            choices=choices, value=f"{turn}-{source['n']}"
        )

    def show_cited(turns: list[dict[str, Any]], event: gr.EventData) -> tuple[Any, ...]:
        return show_source(str(getattr(event, "_data", {}).get("ref", "")), turns)

    def open_document(ref: str, turns: list[dict[str, Any]]) -> str:
        found = find_source(ref, turns)
        if found is None:
            return "<p>Chọn một nguồn trước.</p>"
        source, _, _ = found
        text = library.document_text(source["doc_id"]) or ""
        support = source.get("support")
        quote = source["text"][support["start"] : support["end"]] if support else None
        return render_document(text, source["text"], quote)

    def read_document(doc_id: str) -> str:
        documents = {d.doc_id: d for d in library.documents()}
        text = library.document_text(doc_id) if doc_id else None
        return render_reader(documents.get(doc_id), text)

    def rate(turns: list[dict[str, Any]], rows: list[int], like: gr.LikeData) -> tuple[Any, ...]:
        index = like.index[0] if isinstance(like.index, list | tuple) else like.index
        turn = rows.index(index) if index in rows else -1
        if not 0 <= turn < len(turns) or like.liked not in (True, False):
            return gr.skip(), gr.skip()
        feedback_id = feedback.add(turns[turn], 1 if like.liked else -1)
        return feedback_id, "Đã ghi nhận đánh giá. Có thể thêm góp ý bên dưới."

    def send_comment(feedback_id: int | None, comment: str) -> tuple[Any, ...]:
        if not feedback_id:
            return gr.skip(), "Hãy bấm 👍 hoặc 👎 dưới câu trả lời trước."
        feedback.comment(int(feedback_id), comment)
        return "", "Cảm ơn góp ý của bạn."

    def reset() -> tuple[Any, ...]:
        return [], [], [], gr.update(choices=[], value=None), "", "", "", None, None

    documents_html, pick_update, reader_html, glossary_html = catalog()
    with gr.Blocks(title="Hỏi đáp tài liệu TCĐLCL") as app:
        gr.Markdown(
            "## Hỏi đáp tài liệu\nTrả lời bằng tiếng Việt, dựa trên tài liệu của Tổng cục, "
            "kèm trích dẫn. Bấm vào số `[n]` trong câu trả lời để xem đoạn nguồn."
        )
        turns = gr.State([])
        rows = gr.State([])  # chat row of each turn's answer (for 👍/👎)
        pending = gr.State(None)  # the question between "shown" and "answered"
        feedback_id = gr.State(None)
        with gr.Tab("Hỏi đáp"), gr.Row():
            with gr.Column(scale=3):
                # Finished HTML, not Markdown: text from documents or the model stays text.
                chat = gr.Chatbot(
                    label="Cuộc trò chuyện",
                    elem_id="chat",
                    height=480,
                    sanitize_html=True,
                    render_markdown=False,
                    latex_delimiters=[],
                    buttons=["copy", "copy_all"],  # no "share" (to Hugging Face)
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
                cite_bridge = gr.HTML("", js_on_load=CITE_BRIDGE_JS, elem_id="cite-bridge")

        with gr.Tab("Tài liệu"):
            documents_table = gr.HTML(documents_html, elem_id="documents")
            pick = gr.Dropdown(
                choices=pick_update["choices"],
                value=pick_update["value"],
                label="Đọc một tài liệu",
                elem_id="pick-document",
            )
            whole = gr.HTML(reader_html, elem_id="document-text")
            pick.input(read_document, pick, whole, concurrency_limit=None)

        with gr.Tab("Thuật ngữ"):
            gr.Markdown(
                "Các từ viết tắt trong tài liệu và nơi chúng được giải thích hoặc dùng lần đầu."
            )
            glossary = gr.HTML(glossary_html, elem_id="glossary")

        app.load(
            catalog,
            pick,
            [documents_table, pick, whole, glossary],
            show_progress="hidden",
            concurrency_limit=None,
        )
        # Two steps: the question appears at once; the answer then runs with no concurrency
        # limit of Gradio's (its default, one at a time for everyone, put a quoted answer
        # behind another user's model answer). The model itself is serialised by the engine.
        shown = [question, chat, pending]
        answered = [chat, turns, rows, source_choice, source_panel, model_info]
        quick: dict[str, Any] = {"show_progress": "hidden", "concurrency_limit": None}
        answer_step: dict[str, Any] = {
            "show_progress": "hidden",
            "concurrency_limit": None,
            "concurrency_id": "answer",
        }
        triggers = [
            (question.submit, question),
            (ask.click, question),
            *((button.click, button) for button in starter_buttons),
        ]
        for trigger, source in triggers:
            trigger(take_question, [source, chat, turns], shown, **quick).success(
                respond, [pending, chat, turns, rows, mode], answered, **answer_step
            )
        cleared = [
            chat,
            turns,
            rows,
            source_choice,
            source_panel,
            document_view,
            model_info,
            feedback_id,
            pending,
        ]
        new_chat.click(reset, None, cleared, **quick)
        chat.clear(reset, None, cleared, **quick)  # the chat's own 🗑 resets everything too
        cite_bridge.cite(show_cited, [turns], [source_panel, source_choice], **quick)
        source_choice.input(show_source, [source_choice, turns], [source_panel, source_choice])
        read_whole.click(open_document, [source_choice, turns], document_view, **quick).then(
            None, js=SCROLL_TO_PASSAGE
        )
        chat.like(rate, [turns, rows], [feedback_id, feedback_note])
        send.click(send_comment, [feedback_id, comment], [comment, feedback_note])
    return app


def create_server(
    config: ServerConfig,
    assistant: Assistant,
    library: Library,
    *,
    authenticator: Authenticator | None = None,
) -> FastAPI:
    """The whole server: security headers, auth guard, REST + OpenAI API, the chat UI at ``/``.

    Once credentials are asked for (a token or a users file) the guard is always installed,
    and it fails closed: a users file without a valid user lets nobody in."""
    from ui.auth import AuthGuard, SecurityHeaders, load_authenticator

    auth = authenticator or load_authenticator(config)
    feedback = FeedbackStore(config.data_dir)
    server = FastAPI(title="hoidap", docs_url=None, redoc_url=None, openapi_url=None)
    add_routes(server, assistant, library, feedback)
    if auth is not None:
        server.add_middleware(AuthGuard, authenticator=auth)
    server.add_middleware(SecurityHeaders)  # outermost: refusals get the headers too
    return gr.mount_gradio_app(
        server, build_app(assistant, library, feedback), path="/", css=CSS, js=JS
    )


def serve(
    config: ServerConfig,
    build: Callable[[], tuple[Assistant, Library]],
    host: str = "127.0.0.1",
    port: int = 7860,
) -> int:
    """Checks the auth set-up for ``host``, then builds the assistant (``build``: the
    composition root's) and serves until stopped."""
    import os

    import uvicorn

    from ui.auth import MIN_TOKEN_CHARS, AuthConfigError, load_authenticator

    try:
        auth = load_authenticator(config)
    except AuthConfigError as error:
        print(f"Không khởi động được: {error}", file=sys.stderr)
        return 2
    nobody = f"tệp người dùng {config.users_file} không có người dùng hợp lệ nào"
    exposed = not is_loopback(host)
    # The decision uses the authenticator that will be enforced, not which settings are set.
    if exposed and (auth is None or not auth.configured):
        reason = "chưa cấu hình xác thực" if auth is None else f"{nobody} và chưa đặt mã truy cập"
        print(
            f"Từ chối mở {host}:{port}: địa chỉ này cho máy khác truy cập nhưng {reason}. "
            "Cần xác thực: đặt HOIDAP_AUTH_TOKEN hoặc thêm người dùng vào HOIDAP_USERS_FILE "
            "(`hoidap users add TÊN`), hoặc dùng --host 127.0.0.1.",
            file=sys.stderr,
        )
        return 2
    if auth is not None and not auth.configured:
        print(
            f"Cảnh báo: {nobody} và chưa đặt HOIDAP_AUTH_TOKEN, nên không ai đăng nhập được. "
            "Thêm người dùng bằng `hoidap users add TÊN`.",
            file=sys.stderr,
        )
    if config.auth_token and len(config.auth_token) < MIN_TOKEN_CHARS:
        print(
            f"Cảnh báo: HOIDAP_AUTH_TOKEN chỉ có {len(config.auth_token)} ký tự, dễ bị dò. "
            f"Nên dùng mã ngẫu nhiên từ {MIN_TOKEN_CHARS} ký tự trở lên, ví dụ: "
            "python3 -c 'import secrets; print(secrets.token_urlsafe(24))'",
            file=sys.stderr,
        )
    if exposed:
        print(
            f"Lưu ý: {host}:{port} phục vụ HTTP thường (không mã hoá): mật khẩu và mã truy cập "
            "đi qua mạng ở dạng đọc được. Hãy đặt máy chủ sau một proxy HTTPS (nginx, Caddy…) "
            "hoặc chỉ dùng trong mạng tin cậy.",
            file=sys.stderr,
        )
    # Gradio's cache and uploads go to a private folder of this app, not the shared /tmp/gradio
    # (which Gradio serves back): set before the app is built.
    if not os.environ.get("GRADIO_TEMP_DIR"):
        private = config.data_dir / "gradio-tmp"
        private.mkdir(mode=0o700, parents=True, exist_ok=True)
        private.chmod(0o700)
        os.environ["GRADIO_TEMP_DIR"] = str(private)
    assistant, library = build()
    app = create_server(config, assistant, library, authenticator=auth)
    print(f"Hỏi đáp đang chạy tại http://{host}:{port}", flush=True)
    uvicorn.run(app, host=host, port=port, log_level="warning")
    return 0
