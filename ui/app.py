"""The chat page's layout and event wiring (Gradio): which component shows what, and which
handler (``ui.chat``) each action runs. Everything shown is escaped: document text and model
output are text, never live HTML (``ui.render``). The server around it is ``ui.server``."""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator
from contextlib import closing
from typing import Any

import gradio as gr

from assistant import Assistant, FeedbackStore, Library
from ui.assets import CITE_BRIDGE_JS, SCROLL_TO_PASSAGE
from ui.chat import KEEP, ChatHandlers, Choices
from ui.dashboard import Dashboard
from ui.dashboard_tab import mount_dashboard_tab
from ui.manage import DocumentManager, mount_manage_tab
from ui.render import STATUS_CHOICES

MODES = [("Tự động", "auto"), ("LLM", "llm"), ("Trích dẫn nguyên văn", "extractive")]


def _gradio_value(value: Any) -> Any:
    if value is KEEP:
        return gr.skip()
    if isinstance(value, Choices):
        return gr.update(choices=value.choices, value=value.value)
    return value


def _gradio(values: Any) -> Any:
    """A handler's outputs as Gradio takes them (``KEEP`` and ``Choices`` made updates)."""
    if isinstance(values, tuple):
        return tuple(_gradio_value(v) for v in values)
    return _gradio_value(values)


def _wired(handler: Callable[..., Any]) -> Callable[..., Any]:
    """``handler`` with its outputs made Gradio's (its signature kept: Gradio reads it)."""

    @functools.wraps(handler)
    def call(*args: Any) -> Any:
        return _gradio(handler(*args))

    return call


def build_app(
    assistant: Assistant,
    library: Library,
    feedback: FeedbackStore,
    manager: DocumentManager | None = None,
    dashboard: Dashboard | None = None,
) -> gr.Blocks:
    handlers = ChatHandlers(assistant, library, feedback)
    starters = list(library.onboarding().starter_questions)
    catalog = _wired(handlers.catalog)
    take_question = _wired(handlers.take_question)
    show_source = _wired(handlers.show_source)
    reset = _wired(handlers.reset)
    send_comment = _wired(handlers.send_comment)
    filter_choices = _wired(handlers.filter_choices)

    def respond(
        pending: dict[str, Any] | None,
        chat: list[dict[str, Any]],
        turns: list[dict[str, Any]],
        rows: list[int],
        mode: str,
        in_force_only: bool,
        doc_types: list[str] | None,
        issuers: list[str] | None,
        doc_ids: list[str] | None,
        date_from: str,
        date_to: str,
    ) -> Iterator[tuple[Any, ...]]:
        narrowed = (in_force_only, doc_types, issuers, doc_ids, date_from, date_to)
        # closing(): a browser that went away closes this generator, and the engine's with it.
        with closing(handlers.respond(pending, chat, turns, rows, mode, *narrowed)) as steps:
            for values in steps:
                yield _gradio(values)

    def show_cited(turns: list[dict[str, Any]], event: gr.EventData) -> tuple[Any, ...]:
        return show_source(str(getattr(event, "_data", {}).get("ref", "")), turns)

    def rate(turns: list[dict[str, Any]], rows: list[int], like: gr.LikeData) -> tuple[Any, ...]:
        row = like.index[0] if isinstance(like.index, list | tuple) else like.index
        return _gradio(handlers.rate(turns, rows, row, like.liked))

    documents_html, pick_choices, reader_html, glossary_html = handlers.catalog()
    with gr.Blocks(title="Hỏi đáp tài liệu TCĐLCL") as app:
        gr.Markdown(
            "## Hỏi đáp tài liệu\nTrả lời bằng tiếng Việt, dựa trên tài liệu của Tổng cục, "
            "kèm trích dẫn. Bấm vào số `[n]` trong câu trả lời để xem đoạn nguồn."
        )
        turns = gr.State([])
        rows = gr.State([])  # chat row of each turn's answer (for 👍/👎)
        pending = gr.State(None)  # the question between "shown" and "answered"
        feedback_id = gr.State(None)
        with gr.Tabs():
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
                    # On by default: it only ever leaves out documents known to be repealed
                    # or not yet in force (those without validity data always stay).
                    in_force = gr.Checkbox(
                        value=assistant.limits.in_force_only,
                        label="Chỉ văn bản còn hiệu lực",
                        elem_id="in-force-only",
                    )
                    with gr.Accordion("Lọc văn bản", open=False, elem_id="filters"):
                        with gr.Row():
                            filter_types = gr.Dropdown(
                                [], multiselect=True, label="Loại văn bản", elem_id="filter-types"
                            )
                            filter_issuers = gr.Dropdown(
                                [],
                                multiselect=True,
                                label="Cơ quan ban hành",
                                elem_id="filter-issuers",
                            )
                        with gr.Row():
                            filter_from = gr.Textbox(
                                label="Ban hành từ ngày",
                                placeholder="dd/mm/yyyy",
                                elem_id="filter-from",
                            )
                            filter_to = gr.Textbox(
                                label="Đến ngày", placeholder="dd/mm/yyyy", elem_id="filter-to"
                            )
                        filter_docs = gr.Dropdown(
                            [], multiselect=True, label="Chỉ trong tài liệu", elem_id="filter-docs"
                        )
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
                with gr.Row():
                    find_text = gr.Textbox(
                        label="Tìm tài liệu",
                        placeholder="Số hiệu, loại, cơ quan ban hành, người ký, tiêu đề…",
                        elem_id="find-document",
                        scale=3,
                    )
                    find_type = gr.Dropdown(
                        [("Tất cả", "")], value="", label="Loại văn bản", elem_id="find-type"
                    )
                    find_status = gr.Dropdown(
                        STATUS_CHOICES, value="", label="Hiệu lực", elem_id="find-status"
                    )
                documents_table = gr.HTML(documents_html, elem_id="documents")
                pick = gr.Dropdown(
                    choices=pick_choices.choices,
                    value=pick_choices.value,
                    label="Đọc một tài liệu",
                    elem_id="pick-document",
                )
                whole = gr.HTML(reader_html, elem_id="document-text")
                pick.input(handlers.read_document, pick, whole, concurrency_limit=None)
                finding = [find_text, find_type, find_status]
                for changed in (find_text.submit, find_type.input, find_status.input):
                    changed(
                        handlers.find_documents, finding, documents_table, concurrency_limit=None
                    )

            with gr.Tab("Thuật ngữ"):
                gr.Markdown(
                    "Các từ viết tắt trong tài liệu và nơi chúng được giải thích hoặc dùng lần đầu."
                )
                glossary = gr.HTML(glossary_html, elem_id="glossary")
            if manager is not None:
                mount_manage_tab(app, manager)  # rendered for admins only
            if dashboard is not None:
                mount_dashboard_tab(app, dashboard)  # admins and evaluators only

        app.load(
            catalog,
            pick,
            [documents_table, pick, whole, glossary],
            show_progress="hidden",
            concurrency_limit=None,
        )
        app.load(
            filter_choices,
            None,
            [filter_types, filter_issuers, filter_docs, find_type],
            show_progress="hidden",
            concurrency_limit=None,
        )
        # Two steps: the question appears at once; the answer then runs with no concurrency
        # limit of Gradio's (its default, one at a time for everyone, put a quoted answer
        # behind another user's model answer). The model itself is serialised by the engine.
        shown = [question, chat, pending]
        narrowing = [filter_types, filter_issuers, filter_docs, filter_from, filter_to]
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
                respond,
                [pending, chat, turns, rows, mode, in_force, *narrowing],
                answered,
                **answer_step,
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
        read_whole.click(
            handlers.open_document, [source_choice, turns], document_view, **quick
        ).then(None, js=SCROLL_TO_PASSAGE)
        chat.like(rate, [turns, rows], [feedback_id, feedback_note])
        send.click(send_comment, [feedback_id, comment], [comment, feedback_note])
    return app
