"""What the chat page does when a user acts (ask, open a source, read a document, rate, start
over), as plain functions over the page's state: no Gradio here, so a test calls them directly.

A handler returns one value per output component, in the order ``ui.app`` wires them. Two kinds
of value are not the component's new value: ``KEEP`` (leave it as it is) and ``Choices`` (a
picker's new entries and selection); ``ui.app`` turns them into Gradio's own updates.

The page's state, kept per browser tab: ``turns`` (each answer's JSON, as the API returns it),
``rows`` (the chat row of each turn's answer, for 👍/👎), ``pending`` (a question shown and not
yet answered) and the feedback id of the last rating.

Every handler that shows documents or answers takes the reader's access groups (``reader``,
``index.access``; ``ui.app`` passes the request's): what they may not read is never retrieved,
listed, opened or offered. The default, ``ALL_GROUPS``, reads everything."""

from __future__ import annotations

import html
import logging
import queue
import shutil
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import closing
from dataclasses import dataclass
from datetime import timedelta, timezone
from pathlib import Path
from typing import Any

from assistant import (
    Answer,
    Assistant,
    GlossaryEntry,
    Library,
    RequestTooLong,
    Verified,
)
from assistant.library import DocumentEntry, Reader, filter_documents, readable_documents
from assistant.limits import InvalidFilters
from index import StoreUnavailableError
from index.access import ALL_GROUPS
from ui.auth import for_reader
from ui.export import answer_title, asked_at_iso, conversation_title, export
from ui.feedback import FeedbackStore
from ui.history import Conversation, History, chat_turn, new_conversation_id
from ui.pump import END, Failed, pump
from ui.questions import CHAT
from ui.render import (
    model_line,
    render_answer,
    render_document,
    render_documents,
    render_glossary,
    render_partial,
    render_reader,
    render_source,
    source_choices,
    sources_of,
    text_html,
    waiting,
)

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
PICK_A_SOURCE = "<p>Chọn một nguồn trước.</p>"
RATED = "Đã ghi nhận đánh giá. Có thể thêm góp ý bên dưới."
RATE_FIRST = "Hãy bấm 👍 hoặc 👎 dưới câu trả lời trước."
THANKS = "Cảm ơn góp ý của bạn."
RENAMED = "Đã đổi tên cuộc trò chuyện."
DELETED = "Đã xoá cuộc trò chuyện."
PICK_A_CONVERSATION = "Chọn một cuộc trò chuyện trong danh sách trước."
NOT_FOUND = "Không tìm thấy cuộc trò chuyện này."
TICK_S = 1.0  # how often a waiting answer's placeholder counts up
REFUSED_SHOWN_CHARS = 300  # of a refused question, the chat shows this much
EXPORT_KEPT_S = 3600  # an export's files are removed after this long (the page has served them)
_log = logging.getLogger(__name__)
VIETNAM = timezone(timedelta(hours=7))  # no daylight saving time

Turns = list[dict[str, Any]]
Chat = list[dict[str, Any]]


class _Keep:
    def __repr__(self) -> str:
        return "KEEP"


KEEP: Any = _Keep()  # an output left as it is


@dataclass(frozen=True)
class Choices:
    """A picker's new entries, (label, value) each, and the selected value."""

    choices: list[tuple[str, str]]
    value: str | None


def with_ticks(events: Iterator[Any], tick_s: float = TICK_S) -> Iterator[Any]:
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


def history_of(turns: Turns) -> list[dict[str, str]]:
    """The conversation so far as the engine (and the API) takes it: user and assistant turns."""
    history: list[dict[str, str]] = []
    for turn in turns:
        history += [
            {"role": "user", "content": turn["question"]},
            {"role": "assistant", "content": turn["answer"]},
        ]
    return history


def _shortened(question: str, limit: int = REFUSED_SHOWN_CHARS) -> str:
    return question if len(question) <= limit else question[:limit] + "…"


def _document_choice(document: DocumentEntry) -> str:
    """A document in the pickers: "Thông tư 24/2013/TT-BKHCN — <title>", or its title."""
    return f"{document.name} — {document.title}" if document.name else document.title


def _conversation_label(conversation: Conversation) -> str:
    """A conversation in the history list: its title and when it was last used (Vietnam's
    time, where the agency's staff are)."""
    when = conversation.updated_at.astimezone(VIETNAM).strftime("%d/%m %H:%M")
    return f"{conversation.title} · {when}"


def _refusal(error: RequestTooLong | InvalidFilters) -> str:
    return "⚠️ " + html.escape(str(error))


def _prune(folder: Path, max_age_s: float = EXPORT_KEPT_S) -> None:
    """Exports written more than ``max_age_s`` ago removed (the page has long served them)."""
    cutoff = time.time() - max_age_s
    for old in folder.glob("xuat-*"):
        try:
            if old.stat().st_mtime < cutoff:
                shutil.rmtree(old, ignore_errors=True)
        except OSError:
            pass


class ChatHandlers:
    """The page's handlers over the assistant (``stream`` and its request policy), the
    library (documents, glossary), the feedback store and the users' history (optional)."""

    def __init__(
        self,
        assistant: Assistant,
        library: Library,
        feedback: FeedbackStore,
        history: History | None = None,
    ) -> None:
        self.assistant = assistant
        self.library = library
        self.feedback = feedback
        self.history = history
        self._glossary: tuple[Any, list[GlossaryEntry]] | None = None
        self._glossary_lock = threading.Lock()

    # -- the documents and glossary tabs -----------------------------------------------------
    def _documents(self, reader: Reader) -> list[DocumentEntry]:
        return self.library.documents(reader)

    def _sees_all(self, reader: Reader) -> bool:
        if reader is ALL_GROUPS:
            return True
        documents = self.library.documents()  # one manifest read for both counts
        return len(readable_documents(documents, reader)) == len(documents)

    def starters(self, reader: Reader = ALL_GROUPS) -> list[str]:
        """The starter questions the reader is offered (none drawn from a document they may
        not read)."""
        if self._sees_all(reader):
            return list(self.library.onboarding().starter_questions)
        return self.library.starters(reader)

    def glossary(self, reader: Reader = ALL_GROUPS) -> list[GlossaryEntry]:
        """The glossary of the documents indexed now that the reader may read, rebuilt only
        when they changed."""
        if not self._sees_all(reader):
            return self.library.glossary(reader)  # kept per group set by the library
        key = self.library.version()
        with self._glossary_lock:
            if self._glossary is None or self._glossary[0] != key:
                self._glossary = (key, self.library.glossary())
            return self._glossary[1]

    def catalog(
        self, selected: str | None = None, reader: Reader = ALL_GROUPS
    ) -> tuple[str, Choices, str, str]:
        """The documents tab and glossary as the index holds them now (on every page load, so
        a document ingested while the app runs is listed): table, reader choices with the
        selected (else first) document, its text, and the glossary."""
        documents = self._documents(reader)
        ids = [d.doc_id for d in documents]
        chosen = selected if selected in ids else (ids[0] if ids else None)
        document = next((d for d in documents if d.doc_id == chosen), None)
        text = self.library.document_text(chosen) if chosen else None
        return (
            render_documents(documents),
            Choices([(d.title, d.doc_id) for d in documents], chosen),
            render_reader(document, text),
            render_glossary(self.glossary(reader)),
        )

    def filter_choices(
        self, reader: Reader = ALL_GROUPS
    ) -> tuple[Choices, Choices, Choices, Choices]:
        """The pickers that narrow a question (document types, issuers, documents) and the
        documents tab's type picker, from the documents indexed now (on every page load)."""
        documents = self._documents(reader)
        types = sorted({d.doc_type for d in documents if d.doc_type})
        issuers = sorted({d.issuer for d in documents if d.issuer})
        named = [(_document_choice(d), d.doc_id) for d in documents]
        return (
            Choices([(t, t) for t in types], None),
            Choices([(i, i) for i in issuers], None),
            Choices(named, None),
            Choices([("Tất cả", ""), *((t, t) for t in types)], ""),
        )

    def find_documents(
        self,
        text: str | None,
        doc_type: str | None,
        status: str | None,
        reader: Reader = ALL_GROUPS,
    ) -> str:
        """The documents table narrowed to those matching ``text`` (number, type, issuer,
        signer, title, abstract), ``doc_type`` and validity ``status``."""
        documents = self._documents(reader)
        if not (text or "").strip() and not doc_type and not status:
            return render_documents(documents)
        found = filter_documents(documents, text or "", doc_type or "", status or "")
        return render_documents(found, total=len(documents), searched=True)

    def _document_of(
        self, source: dict[str, Any], reader: Reader = ALL_GROUPS
    ) -> DocumentEntry | None:
        """The indexed document of a legal source (its header for the panel); None for other
        sources, which show what the passage carries."""
        if not (source.get("doc_number") or source.get("status")):
            return None
        if reader is not ALL_GROUPS:
            return next((d for d in self._documents(reader) if d.doc_id == source["doc_id"]), None)
        document = self.library.document(source["doc_id"])
        return document if isinstance(document, DocumentEntry) else None

    def _text(self, doc_id: str, reader: Reader) -> str | None:
        """A document's text, when the reader may read it: by the manifest's groups and by
        the groups its chunks carry (chunks not yet re-ingested with groups: hidden from a
        restricted reader, as a search hides them)."""
        if reader is not ALL_GROUPS and doc_id not in {d.doc_id for d in self._documents(reader)}:
            return None
        return self.library.document_text(doc_id, reader)

    def read_document(self, doc_id: str | None, reader: Reader = ALL_GROUPS) -> str:
        documents = {d.doc_id: d for d in self._documents(reader)}
        text = self._text(doc_id, reader) if doc_id else None
        return render_reader(documents.get(doc_id or ""), text)

    # -- asking --------------------------------------------------------------------------------
    def take_question(self, question: str | None, chat: Chat, turns: Turns) -> tuple[Any, ...]:
        """(question box, chat, pending). The question shown at once with a placeholder (the
        answer step may wait its turn); a question over the request policy's limits is answered
        with the reason instead, and left in the box."""
        question = (question or "").strip()
        if not question:
            return KEEP, KEEP, None
        try:
            self.assistant.limits.check(question, history_of(turns))
        except RequestTooLong as error:
            chat = [
                *chat,
                {"role": "user", "content": text_html(_shortened(question))},
                {"role": "assistant", "content": _refusal(error)},
            ]
            return KEEP, chat, None
        chat = [
            *chat,
            {"role": "user", "content": text_html(question)},
            {"role": "assistant", "content": waiting(QUEUED, 0)},
        ]
        return "", chat, {"question": question, "asked_at": time.time()}

    def respond(
        self,
        pending: dict[str, Any] | None,
        chat: Chat,
        turns: Turns,
        rows: list[int],
        mode: str,
        in_force_only: bool | None = None,
        doc_types: list[str] | None = None,
        issuers: list[str] | None = None,
        doc_ids: list[str] | None = None,
        date_from: str | None = None,
        date_to: str | None = None,
        tick_s: float = TICK_S,
        reader: Reader = ALL_GROUPS,
        user: str | None = None,
    ) -> Iterator[tuple[Any, ...]]:
        """(chat, turns, rows, source picker, source panel, model line), as the answer to the
        pending question streams in: draft text, verified sentences, then the cited answer.
        The "Lọc văn bản" values narrow every search of the answer (``in_force_only`` None:
        no filter given, the engine's default). The answer is kept in ``user``'s history
        (when the page has one), in the conversation its turns belong to."""
        if not pending:
            # Nothing asked (an empty box, a question refused over the limits): every output
            # stays. A generator that yields nothing has Gradio set each output to None, which
            # emptied the chat, refusal and earlier answers with it, and the conversation's turns.
            yield KEEP, KEEP, KEEP, KEEP, KEEP, KEEP
            return
        question, asked_at = pending["question"], pending["asked_at"]
        chat = list(chat)

        def show(content: str) -> tuple[Any, ...]:
            chat[-1] = {"role": "assistant", "content": content}
            return chat, KEEP, KEEP, KEEP, KEEP, KEEP

        def placeholder() -> str:
            waited = time.time() - asked_at
            return waiting(BUSY if waited >= BUSY_AFTER_S else SEARCHING, waited)

        yield show(placeholder())
        raw = ""  # the model's text not yet verified
        verified: list[str] = []
        answer: Answer | None = None
        try:
            history = self.assistant.limits.check(question, history_of(turns))
            narrowed: dict[str, Any] = {}
            if in_force_only is not None:
                narrowed["filters"] = self.assistant.limits.filters(
                    in_force_only,
                    doc_types or (),
                    issuers or (),
                    doc_ids or (),
                    date_from or "",
                    date_to or "",
                )
            # The reader's groups, whatever the page sent: a restricted document is no candidate.
            filters = for_reader(narrowed.get("filters"), reader, self.assistant.limits.filters)
            if filters is not None:
                narrowed["filters"] = filters
            events = self.assistant.stream(question, history, mode, **narrowed)
            # closing(): this generator closed (the browser went away) stops the engine too.
            with closing(with_ticks(events, tick_s)) as ticking:
                for event in ticking:
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
        except (RequestTooLong, InvalidFilters) as error:
            yield show(_refusal(error))
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
        data["asked_at"] = asked_at_iso(asked_at)  # for an export: when it was asked
        if self.history is not None and user is not None:
            data["conversation_id"] = self._record(user, turns, answer, data, asked_at)
        turn = len(turns)
        chat[-1] = {"role": "assistant", "content": render_answer(data, turn)}
        sources = sources_of(data)
        choices = source_choices(data, turn)
        yield (
            chat,
            [*turns, data],
            [*rows, len(chat) - 1],
            Choices(choices, choices[0][1] if choices else None),
            render_source(sources[0], data["abstained"], self._document_of(sources[0], reader))
            if sources
            else "",
            model_line(data, answer.path, time.time() - asked_at),
        )

    def _record(
        self, user: str, turns: Turns, answer: Answer, data: dict[str, Any], asked_at: float
    ) -> str | None:
        """Keeps the answer in the user's history: the conversation of the turns so far (each
        turn carries it), or a new one for a first question. A failure to keep it is logged;
        the user still gets the answer."""
        assert self.history is not None
        conversation = next(
            (t["conversation_id"] for t in turns if t.get("conversation_id")),
            None if turns else new_conversation_id(),
        )
        try:
            self.history.record(
                user,
                CHAT,
                conversation,
                answer,
                (time.time() - asked_at) * 1000,
                answer_id=self.feedback.sign(data),
                turn={**chat_turn(answer), "conversation_id": conversation},
            )
        except Exception:
            _log.exception("could not keep a question in the history")
        return conversation

    # -- the history panel ("Lịch sử") -------------------------------------------------------
    def history_choices(self, user: str | None, selected: str | None = None) -> Choices:
        """The user's conversations, the latest first, ``selected`` picked."""
        if self.history is None or user is None:
            return Choices([], None)
        found = self.history.conversations(user)
        choices = [(_conversation_label(c), c.id) for c in found]
        return Choices(choices, selected if selected in {c.id for c in found} else None)

    def after_answer(self, user: str | None, turns: Turns) -> Choices:
        """The history list once an answer is kept: the open conversation listed and picked."""
        current = next((t.get("conversation_id") for t in turns if t.get("conversation_id")), None)
        return self.history_choices(user, current)

    def reopen(self, user: str | None, conversation_id: str | None) -> tuple[Any, ...]:
        """One of the user's conversations back in the chat: (chat, turns, rows, source picker,
        source panel, document view, model line, feedback id, pending, title box, note); its
        answers' sources open as they did."""
        found = (
            self.history.conversation(user, conversation_id)
            if self.history is not None and user is not None and conversation_id
            else None
        )
        if found is None:
            return (*([KEEP] * 10), NOT_FOUND)
        conversation, turns = found
        chat: Chat = []
        rows: list[int] = []
        for turn, data in enumerate(turns):
            chat.append({"role": "user", "content": text_html(data["question"])})
            chat.append({"role": "assistant", "content": render_answer(data, turn)})
            rows.append(len(chat) - 1)
        cleared = (Choices([], None), "", "", "", None, None)
        return (chat, turns, rows, *cleared, conversation.title, "")

    def rename_conversation(
        self, user: str | None, conversation_id: str | None, title: str | None
    ) -> tuple[Any, ...]:
        """(history list, note)."""
        if self.history is None or user is None or not conversation_id:
            return KEEP, PICK_A_CONVERSATION
        if not self.history.rename(user, conversation_id, title or ""):
            return KEEP, NOT_FOUND
        return self.history_choices(user, conversation_id), RENAMED

    def delete_conversation(
        self, user: str | None, conversation_id: str | None, turns: Turns
    ) -> tuple[Any, ...]:
        """(history list, note, title box, then ``reset``'s outputs): the open conversation,
        when it is the one deleted, is cleared from the page too."""
        keep_page = (KEEP,) * 9
        if self.history is None or user is None or not conversation_id:
            return (KEEP, PICK_A_CONVERSATION, KEEP, *keep_page)
        if not self.history.delete(user, conversation_id):
            return (KEEP, NOT_FOUND, KEEP, *keep_page)
        open_now = any(t.get("conversation_id") == conversation_id for t in turns)
        page = self.reset() if open_now else keep_page
        return (self.history_choices(user), DELETED, "", *page)

    # -- sources ---------------------------------------------------------------------------
    @staticmethod
    def find_source(ref: str | None, turns: Turns) -> tuple[dict[str, Any], bool, int] | None:
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

    def show_source(
        self, ref: str | None, turns: Turns, reader: Reader = ALL_GROUPS
    ) -> tuple[Any, ...]:
        """(source panel, source picker) for a "turn-n" reference (a picked source or a
        clicked [n]); an earlier answer's source makes the picker list that answer's sources."""
        found = self.find_source(ref, turns)
        if found is None:
            return KEEP, KEEP
        source, related, turn = found
        choices = source_choices(turns[turn], turn)
        panel = render_source(source, related, self._document_of(source, reader))
        return panel, Choices(choices, f"{turn}-{source['n']}")

    def open_document(self, ref: str | None, turns: Turns, reader: Reader = ALL_GROUPS) -> str:
        """The whole document of the picked source, its supporting passage marked."""
        found = self.find_source(ref, turns)
        if found is None:
            return PICK_A_SOURCE
        source, _, _ = found
        text = self._text(source["doc_id"], reader) or ""
        support = source.get("support")
        quote = source["text"][support["start"] : support["end"]] if support else None
        return render_document(text, source["text"], quote)

    # -- feedback and starting over --------------------------------------------------------
    def rate(
        self,
        turns: Turns,
        rows: list[int],
        row: int | None,
        liked: bool | None,
        user: str | None = None,
    ) -> tuple[Any, ...]:
        """(feedback id, note) for 👍 (``liked``) or 👎 on chat row ``row``; only an answer's
        row can be rated. ``user``'s question record of that answer takes the rating too."""
        turn = rows.index(row) if row in rows else -1
        if not 0 <= turn < len(turns) or liked not in (True, False):
            return KEEP, KEEP
        return self.feedback.add(turns[turn], 1 if liked else -1, user=user), RATED

    def send_comment(self, feedback_id: int | None, comment: str) -> tuple[Any, ...]:
        """(comment box, note): a comment goes with the last rating."""
        if not feedback_id:
            return KEEP, RATE_FIRST
        self.feedback.comment(int(feedback_id), comment)
        return "", THANKS

    # -- exports ------------------------------------------------------------------------------
    @staticmethod
    def export_files(turns: Turns, folder: Path) -> tuple[Path | None, ...]:
        """The four downloads of the page, as files written into a new folder under ``folder``:
        (conversation .docx, conversation .md, last answer .docx, last answer .md); all None
        while there is nothing to export."""
        if not turns:
            return None, None, None, None
        _prune(folder)
        target = Path(tempfile.mkdtemp(prefix="xuat-", dir=folder))
        last = turns[-1:]
        made = [
            export(turns, "docx", conversation_title(turns)),
            export(turns, "markdown", conversation_title(turns)),
            export(last, "docx", answer_title(last)),
            export(last, "markdown", answer_title(last)),
        ]
        for exported in made:  # the two titles differ: so do the names
            (target / exported.filename).write_bytes(exported.content)
        return tuple(target / exported.filename for exported in made)

    @staticmethod
    def reset() -> tuple[Any, ...]:
        """A new conversation: (chat, turns, rows, source picker, source panel, document view,
        model line, feedback id, pending) all emptied."""
        return [], [], [], Choices([], None), "", "", "", None, None
