"""The chat page's layout and event wiring (Gradio): which component shows what, and which
handler (``ui.chat``) each action runs. Everything shown is escaped: document text and model
output are text, never live HTML (``ui.render``). The server around it is ``ui.server``.

What the page is built with is the public view (the documents for everyone); each page load
then shows the reader's own (``ui.auth``: the request's principal and its access groups), so a
document outside them is in no page's HTML."""

from __future__ import annotations

import functools
import tempfile
import warnings
from collections.abc import Callable, Iterator
from contextlib import closing
from pathlib import Path
from typing import Any

import gradio as gr

from assistant import Assistant, Library
from ui.assets import CITE_BRIDGE_JS, SCROLL_TO_PASSAGE
from ui.auth import Principal, principal_of_request
from ui.chat import KEEP, ChatHandlers, Choices
from ui.dashboard import Dashboard
from ui.dashboard_tab import build_dashboard_tab
from ui.export import ExportHook, Format, described
from ui.feedback import FeedbackStore
from ui.history import History
from ui.manage import DocumentManager, build_manage_tab
from ui.render import STATUS_CHOICES

MODES = [("Tự động", "auto"), ("LLM", "llm"), ("Trích dẫn nguyên văn", "extractive")]
# The page's downloads, in ``ChatHandlers.export_files``'s order: (label, element id, whole
# conversation or the last answer, format).
EXPORTS: list[tuple[str, str, bool, Format]] = [
    ("Tải cuộc trò chuyện (.docx)", "export-conversation-docx", True, "docx"),
    ("Tải cuộc trò chuyện (.md)", "export-conversation-md", True, "markdown"),
    ("Tải câu trả lời cuối (.docx)", "export-answer-docx", False, "docx"),
    ("Tải câu trả lời cuối (.md)", "export-answer-md", False, "markdown"),
]


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


PUBLIC: tuple[str, ...] = ()  # a reader in no group: the documents for everyone


def _reader(request: gr.Request | None) -> tuple[str, ...] | None:
    """The access groups the request's principal reads with; the public view when no guard
    said who it is (fail closed)."""
    who = principal_of_request(request)
    return PUBLIC if who is None else who.reader_groups


def _user(request: gr.Request | None) -> str | None:
    """The name of who is asking (the server's guard says), None when no guard ran."""
    who = principal_of_request(request)
    return who.name if who is not None else None


def _mount_for(
    app: gr.Blocks, allowed: Callable[[Principal], bool], build: Callable[[], None]
) -> None:
    """A tab rendered on each page load for the principals ``allowed`` lets in only: for
    anyone else it is never built, so neither the page nor its configuration names it. Call
    inside the page's ``gr.Tabs``."""
    # gr.render leaves a Column among the Tabs' children; Gradio warns, and shows the Tab
    # the render makes as one more tab of the same bar, which is what is wanted here.
    warnings.filterwarnings(
        "ignore", message=r"gr\.Tabs\(\) can only contain", category=UserWarning
    )

    # No queue status ("in queue: 1 of 1") on the page while a busy server gets to it.
    @gr.render(triggers=[app.load], show_progress="hidden", concurrency_limit=None)
    def restricted_tab(request: gr.Request) -> None:
        who = principal_of_request(request)
        if who is not None and allowed(who):
            build()


def build_app(
    assistant: Assistant,
    library: Library,
    feedback: FeedbackStore,
    manager: DocumentManager | None = None,
    on_export: ExportHook | None = None,
    history: History | None = None,
    dashboard: Dashboard | None = None,
) -> gr.Blocks:
    handlers = ChatHandlers(assistant, library, feedback, history)
    # One button per starter; each page load shows the reader's (the public ones to begin).
    starters = list(library.onboarding().starter_questions)
    public_starters = handlers.starters(PUBLIC)
    take_question = _wired(handlers.take_question)
    reset = _wired(handlers.reset)
    send_comment = _wired(handlers.send_comment)

    def catalog(selected: str | None, request: gr.Request) -> Any:
        return _gradio(handlers.catalog(selected, _reader(request)))

    def filter_choices(request: gr.Request) -> Any:
        return _gradio(handlers.filter_choices(_reader(request)))

    def find_documents(
        text: str | None, doc_type: str | None, status: str | None, request: gr.Request
    ) -> str:
        return handlers.find_documents(text, doc_type, status, _reader(request))

    def read_document(doc_id: str | None, request: gr.Request) -> str:
        return handlers.read_document(doc_id, _reader(request))

    def show_source(ref: str | None, turns: list[dict[str, Any]], request: gr.Request) -> Any:
        return _gradio(handlers.show_source(ref, turns, _reader(request)))

    def open_document(ref: str | None, turns: list[dict[str, Any]], request: gr.Request) -> str:
        return handlers.open_document(ref, turns, _reader(request))

    def offered_starters(request: gr.Request) -> list[Any]:
        shown = handlers.starters(_reader(request))
        slots = [gr.update(value=q, visible=True) for q in shown]
        hidden = [gr.update(value="", visible=False)] * (len(starters) - len(shown))
        return [gr.update(visible=bool(shown)), *slots, *hidden]

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
        request: gr.Request,
    ) -> Iterator[tuple[Any, ...]]:
        narrowed = (in_force_only, doc_types, issuers, doc_ids, date_from, date_to)
        reader = _reader(request)
        # closing(): a browser that went away closes this generator, and the engine's with it.
        answering = handlers.respond(
            pending, chat, turns, rows, mode, *narrowed, reader=reader, user=_user(request)
        )
        with closing(answering) as steps:
            for values in steps:
                yield _gradio(values)

    def show_cited(
        turns: list[dict[str, Any]], event: gr.EventData, request: gr.Request
    ) -> tuple[Any, ...]:
        return show_source(str(getattr(event, "_data", {}).get("ref", "")), turns, request)

    def rate(
        turns: list[dict[str, Any]], rows: list[int], like: gr.LikeData, request: gr.Request
    ) -> tuple[Any, ...]:
        row = like.index[0] if isinstance(like.index, list | tuple) else like.index
        return _gradio(handlers.rate(turns, rows, row, like.liked, _user(request)))

    # The history panel's handlers: each for the user the server's guard let in.
    def listed(request: gr.Request) -> Any:
        return _gradio(handlers.history_choices(_user(request)))

    def listed_after_answer(turns: list[dict[str, Any]], request: gr.Request) -> Any:
        return _gradio(handlers.after_answer(_user(request), turns))

    def reopen(conversation_id: str | None, request: gr.Request) -> tuple[Any, ...]:
        return _gradio(handlers.reopen(_user(request), conversation_id))

    def rename_conversation(
        conversation_id: str | None, title: str | None, request: gr.Request
    ) -> tuple[Any, ...]:
        return _gradio(handlers.rename_conversation(_user(request), conversation_id, title))

    def delete_conversation(
        conversation_id: str | None, turns: list[dict[str, Any]], request: gr.Request
    ) -> tuple[Any, ...]:
        return _gradio(handlers.delete_conversation(_user(request), conversation_id, turns))

    export_dir = Path(tempfile.mkdtemp(prefix="hoidap-xuat-"))  # Gradio serves files from here

    def export_files(turns: list[dict[str, Any]]) -> tuple[Any, ...]:
        """The download buttons: each with its file, hidden while there is nothing to export."""
        files = handlers.export_files(turns, export_dir)
        return tuple(gr.update(value=f and str(f), visible=f is not None) for f in files)

    def record_export(whole: bool, fmt: Format) -> Callable[..., None]:
        def record(turns: list[dict[str, Any]], request: gr.Request) -> None:
            if on_export is not None and turns:
                who = principal_of_request(request)
                exported = turns if whole else turns[-1:]
                on_export(who.name if who else "?", described(exported, fmt, whole))

        return record

    documents_html, pick_choices, reader_html, glossary_html = handlers.catalog(None, PUBLIC)
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
                if history is not None:
                    with gr.Column(scale=1, min_width=220, elem_id="history"):
                        # The user's own conversations only (scoped by their name).
                        history_list = gr.Radio(
                            [], label="Lịch sử", elem_id="history-list", elem_classes=["history"]
                        )
                        history_title = gr.Textbox(
                            label="Tên cuộc trò chuyện", elem_id="history-title", max_lines=1
                        )
                        with gr.Row():
                            history_rename = gr.Button(
                                "Đổi tên", size="sm", elem_id="history-rename"
                            )
                            history_delete = gr.Button(
                                "Xoá", size="sm", variant="stop", elem_id="history-delete"
                            )
                        history_note = gr.Markdown(elem_id="history-note")
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
                    with gr.Row(elem_id="exports"):
                        export_buttons = [
                            gr.DownloadButton(label, visible=False, size="sm", elem_id=element)
                            for label, element, _, _ in EXPORTS
                        ]
                    starter_note = gr.Markdown(
                        "**Gợi ý câu hỏi để bắt đầu:**", visible=bool(public_starters)
                    )
                    starter_buttons = [
                        gr.Button(
                            public_starters[i] if i < len(public_starters) else "",
                            size="sm",
                            elem_classes=["starter"],
                            visible=i < len(public_starters),
                        )
                        for i in range(len(starters))
                    ]
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
                pick.input(read_document, pick, whole, concurrency_limit=None)
                finding = [find_text, find_type, find_status]
                for changed in (find_text.submit, find_type.input, find_status.input):
                    changed(find_documents, finding, documents_table, concurrency_limit=None)

            with gr.Tab("Thuật ngữ"):
                gr.Markdown(
                    "Các từ viết tắt trong tài liệu và nơi chúng được giải thích hoặc dùng lần đầu."
                )
                glossary = gr.HTML(glossary_html, elem_id="glossary")
            if manager is not None:
                managing = functools.partial(build_manage_tab, manager)
                _mount_for(app, lambda who: who.is_admin, managing)
            if dashboard is not None:  # admins and evaluators
                statistics = functools.partial(build_dashboard_tab, dashboard)
                _mount_for(app, lambda who: who.sees_dashboard, statistics)

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
        if starter_buttons:
            app.load(
                offered_starters,
                None,
                [starter_note, *starter_buttons],
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
            answering = trigger(take_question, [source, chat, turns], shown, **quick).success(
                respond,
                [pending, chat, turns, rows, mode, in_force, *narrowing],
                answered,
                **answer_step,
            )
            if history is not None:  # the conversation just kept appears in "Lịch sử"
                answering.then(listed_after_answer, [turns], [history_list], **quick)
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
        turns.change(export_files, turns, export_buttons, **quick)
        for button, (_, _, whole, fmt) in zip(export_buttons, EXPORTS, strict=True):
            button.click(record_export(whole, fmt), turns, None, **quick)
        if history is not None:
            app.load(listed, None, [history_list], show_progress="hidden", concurrency_limit=None)
            reopened = [*cleared, history_title, history_note]
            history_list.input(reopen, [history_list], reopened, **quick)
            history_rename.click(
                rename_conversation, [history_list, history_title], [history_list, history_note]
            )
            history_delete.click(
                delete_conversation,
                [history_list, turns],
                [history_list, history_note, history_title, *cleared],
            )
            for cleared_by in (new_chat.click, chat.clear):  # nothing picked: a new one starts
                cleared_by(lambda: gr.update(value=None), None, [history_list], **quick)
    return app
