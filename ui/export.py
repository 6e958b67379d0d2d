"""An answer, or a whole conversation, as a memo: Markdown and Word (.docx, python-docx).

Pure functions over the chat page's turns (each an answer's JSON as ``Answer.to_json`` gives it,
plus ``asked_at``: when it was asked, ISO 8601): the question, the answer with its [n] markers,
and under it every citation [n] — the document as the answer names it, its title, number,
date, page, validity and the quoted sentence. An abstained answer is exported as such, with
no citations. Text from documents or the model is escaped in Markdown where it could change the
memo's structure (a "# " line, a "[x](http://…)" link); in Word it is plain text."""

from __future__ import annotations

import io
import re
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any, Literal
from urllib.parse import quote

import docx
from docx.shared import Pt

from assistant.citations import MARKER, cited_numbers, document_name, marker, status_text
from index import strip_diacritics

Turn = dict[str, Any]
Format = Literal["docx", "markdown"]
# Called once per export a user takes (the integrator records it in the audit log): the
# principal's name ("?" when no sign-in guard ran) and what was exported (``described``).
ExportHook = Callable[[str, str], None]

DEFAULT_TITLE = "Hỏi đáp tài liệu"
QUESTION = "Câu hỏi"
ANSWER = "Trả lời"
SOURCES = "Nguồn trích dẫn"
ASKED_AT = "Hỏi lúc"
TURN = "Lượt"
ABSTAINED = "Tài liệu không đủ căn cứ để trả lời câu hỏi này: câu trả lời không trích dẫn nguồn."
MEDIA_TYPES: dict[Format, str] = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "markdown": "text/markdown; charset=utf-8",
}
SUFFIXES: dict[Format, str] = {"docx": ".docx", "markdown": ".md"}
MAX_NAME_CHARS = 80  # of a file name's stem


# -- what a memo says of each citation ----------------------------------------------------
@dataclass(frozen=True)
class CitedSource:
    """Citation [n] of an answer as the memo prints it."""

    n: int
    name: str  # how the answer names it: "Điều 5 khoản 2, Thông tư 24/2013/TT-BKHCN", or the title
    title: str
    number: str  # "Thông tư 24/2013/TT-BKHCN"; "" for a document without one
    date: str  # dd/mm/yyyy when the document's date is ISO; as given otherwise
    page: int | None
    validity: str  # "Còn hiệu lực", "Hết hiệu lực — thay thế bởi …"; "" when unknown
    quote: str  # the supporting sentence, on one line

    @property
    def details(self) -> list[tuple[str, str]]:
        """(label, value) lines under the name; only those with a value."""
        rows = [
            ("Tài liệu", self.title if self.title != self.name else ""),
            ("Số hiệu", self.number if self.number not in self.name else ""),
            ("Ngày", self.date),
            ("Trang", str(self.page) if self.page else ""),
            ("Hiệu lực", self.validity),
        ]
        return [(label, value) for label, value in rows if value]


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _quote(citation: dict[str, Any]) -> str:
    """The sentence that supports the answer: ``text[support.start:support.end]``; the whole
    passage when the span is missing or does not fit it."""
    text = str(citation.get("text") or "")
    support = citation.get("support") or {}
    start, end = support.get("start"), support.get("end")
    if isinstance(start, int) and isinstance(end, int) and 0 <= start < end <= len(text):
        return _one_line(text[start:end])
    return _one_line(text)


def shown_date(value: str) -> str:
    """An ISO date as Vietnamese write it ("2013-09-30" → "30/09/2013"); anything else as is."""
    try:
        return date.fromisoformat(value.strip()).strftime("%d/%m/%Y")
    except ValueError:
        return value.strip()


def cited_sources(turn: Turn) -> list[CitedSource]:
    """The answer's citations, in [n] order; none for an abstained answer (the passages it
    shows are only related, not cited)."""
    if turn.get("abstained"):
        return []
    sources = []
    for c in sorted(turn.get("citations") or [], key=lambda c: int(c.get("n") or 0)):
        title = _one_line(str(c.get("title") or ""))
        number = document_name(str(c.get("doc_number") or ""), str(c.get("doc_type") or ""), title)
        page = c.get("page")
        sources.append(
            CitedSource(
                n=int(c.get("n") or 0),
                name=_one_line(str(c.get("label") or "")) or title,
                title=title,
                number=number,
                date=shown_date(str(c.get("date") or "")),
                page=page if isinstance(page, int) and not isinstance(page, bool) else None,
                validity=status_text(str(c.get("status") or ""), str(c.get("replaced_by") or "")),
                quote=_quote(c),
            )
        )
    return sources


def asked_at_iso(timestamp: float | None = None) -> str:
    """When a question was asked (``time.time()``), ISO 8601 with the server's UTC offset."""
    moment = datetime.fromtimestamp(time.time() if timestamp is None else timestamp)
    return moment.astimezone().isoformat(timespec="seconds")


def shown_time(value: str) -> str:
    """An ISO moment as a memo says it: "06/12/2026 14:30 (UTC+07:00)"; "" for none."""
    value = (value or "").strip()
    if not value:
        return ""
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return value
    shown = moment.strftime("%d/%m/%Y %H:%M")
    offset = moment.utcoffset()
    if offset is None:
        return shown
    if not offset:
        return f"{shown} (UTC)"
    return f"{shown} (UTC{moment.strftime('%z')[:3]}:{moment.strftime('%z')[3:]})"


# -- Markdown ------------------------------------------------------------------------------
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")
# Characters that start inline structure anywhere: emphasis, code, links, HTML, strike-through.
_INLINE = re.compile(r"([\\`*_\[\]<>~|])")
_ENTITY = re.compile(r"&(?=#?\w+;)")  # "&amp;" would show as "&"
# What makes a line a heading, quote, list item, rule or setext underline.
_BLOCK_START = re.compile(r"^(#|>|[-+=]|\d+[.)])")


def _escape_line(line: str) -> str:
    line = _ENTITY.sub(r"\\&", _INLINE.sub(r"\\\1", line.strip()))
    return _BLOCK_START.sub(lambda m: m[1][:-1] + "\\" + m[1][-1], line)


def md_text(text: str) -> str:
    """Text from a document or the model as Markdown that shows exactly that text: every line
    escaped where it would start a heading, quote, list, rule or code block, and inline
    emphasis, links and HTML escaped; line breaks kept (as hard breaks)."""
    lines = _CONTROL.sub(" ", text.replace("\r\n", "\n").replace("\r", "\n")).split("\n")
    return "  \n".join(escaped for escaped in map(_escape_line, lines) if escaped)


_OPEN, _CLOSE = "\ue000", "\ue001"  # a kept marker while the rest is escaped


def md_answer(turn: Turn) -> str:
    """The answer's text as Markdown, its own [n] markers kept as they are (they match the
    numbered sources below it); anything else bracketed is escaped."""
    text = _CONTROL.sub(" ", str(turn.get("answer") or "")).replace(_OPEN, "").replace(_CLOSE, "")
    numbers = {s.n for s in cited_sources(turn)}

    def keep(match: re.Match[str]) -> str:
        cited = cited_numbers(match[0])
        ours = len(cited) == 1 and cited[0] in numbers
        return f"{_OPEN}{cited[0]}{_CLOSE}" if ours else match[0]

    escaped = md_text(MARKER.sub(keep, text))
    return re.sub(f"{_OPEN}(\\d+){_CLOSE}", lambda m: marker(int(m[1])), escaped)


def _md_turn(turn: Turn, level: int) -> list[str]:
    h = "#" * level
    lines: list[str] = []
    asked = shown_time(str(turn.get("asked_at") or ""))
    if asked:
        lines += [f"**{ASKED_AT}:** {md_text(asked)}", ""]
    lines += [f"{h} {QUESTION}", "", md_text(str(turn.get("question") or "")), ""]
    lines += [f"{h} {ANSWER}", "", md_answer(turn), ""]
    sources = cited_sources(turn)
    lines += [f"{h} {SOURCES}", ""]
    if not sources:
        lines += [f"_{md_text(ABSTAINED)}_" if turn.get("abstained") else "_Không có._", ""]
    for s in sources:
        lines.append(f"**{marker(s.n)} {md_text(s.name)}**  ")
        lines += [f"{label}: {md_text(value)}  " for label, value in s.details]
        lines[-1] = lines[-1].rstrip()
        lines += ["", f"> {md_text(s.quote)}", ""]
    return lines


def _md_title(title: str) -> str:
    return f"# {md_text(_one_line(title) or DEFAULT_TITLE)}"


def answer_markdown(turn: Turn, title: str = DEFAULT_TITLE) -> str:
    """One answer as Markdown: title, when asked, question, answer, its numbered sources."""
    return "\n".join([_md_title(title), "", *_md_turn(turn, 2)]).rstrip() + "\n"


def conversation_markdown(turns: Sequence[Turn], title: str = DEFAULT_TITLE) -> str:
    """Every turn of a conversation, in order, each under "Lượt n"."""
    lines = [_md_title(title), ""]
    for i, turn in enumerate(turns, 1):
        lines += [f"## {TURN} {i}", "", *_md_turn(turn, 3)]
    return "\n".join(lines).rstrip() + "\n"


# -- Word ----------------------------------------------------------------------------------
def _plain(text: str) -> str:
    """Text Word can hold: a control character (a PDF's form feed), which XML refuses, made a
    space."""
    return _CONTROL.sub(" ", text)


def _docx_turn(document: Any, turn: Turn, level: int) -> None:
    asked = shown_time(str(turn.get("asked_at") or ""))
    if asked:
        line = document.add_paragraph()
        line.add_run(f"{ASKED_AT}: ").bold = True
        line.add_run(_plain(asked))
    document.add_heading(QUESTION, level)
    document.add_paragraph(_plain(str(turn.get("question") or "")))
    document.add_heading(ANSWER, level)
    document.add_paragraph(_plain(str(turn.get("answer") or "")))
    document.add_heading(SOURCES, level)
    sources = cited_sources(turn)
    if not sources:
        note = document.add_paragraph()
        note.add_run(ABSTAINED if turn.get("abstained") else "Không có.").italic = True
    for s in sources:
        head = document.add_paragraph()
        head.add_run(f"{marker(s.n)} {_plain(s.name)}").bold = True
        for label, value in s.details:
            head.add_run().add_break()
            head.add_run(f"{label}: ").italic = True
            head.add_run(_plain(value))
        document.add_paragraph(_plain(s.quote), style="Quote")


def _document(title: str) -> Any:
    document = docx.Document()
    title = _plain(_one_line(title)) or DEFAULT_TITLE
    properties = document.core_properties
    properties.title = title
    properties.subject = DEFAULT_TITLE
    properties.author = properties.last_modified_by = DEFAULT_TITLE
    properties.language = "vi-VN"
    properties.created = properties.modified = datetime.now(UTC).replace(microsecond=0)
    document.styles["Normal"].font.size = Pt(11)
    document.add_heading(title, 0)
    return document


def _docx_bytes(document: Any) -> bytes:
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def answer_docx(turn: Turn, title: str = DEFAULT_TITLE) -> bytes:
    """One answer as a Word document (headings, [n] sources, each quote in the Quote style)."""
    document = _document(title)
    _docx_turn(document, turn, 1)
    return _docx_bytes(document)


def conversation_docx(turns: Sequence[Turn], title: str = DEFAULT_TITLE) -> bytes:
    """Every turn of a conversation as a Word document, each under "Lượt n"."""
    document = _document(title)
    for i, turn in enumerate(turns, 1):
        document.add_heading(f"{TURN} {i}", 1)
        _docx_turn(document, turn, 2)
    return _docx_bytes(document)


# -- files ---------------------------------------------------------------------------------
@dataclass(frozen=True)
class Exported:
    content: bytes
    filename: str  # ASCII, safe on every system: "cuoc-tro-chuyen-apo-la-gi.docx"
    display_name: str  # the title's own words: "Cuộc trò chuyện — APO là gì?.docx"
    media_type: str

    @property
    def content_disposition(self) -> str:
        """The download header: an ASCII name, and the Vietnamese one for clients that read
        RFC 6266's ``filename*``."""
        return (
            f'attachment; filename="{self.filename}"; '
            f"filename*=UTF-8''{quote(self.display_name, safe='')}"
        )


def file_stem(title: str) -> str:
    """A file name from a title, in ASCII letters, digits and dashes ("Câu trả lời — Đo
    lường?" → "cau-tra-loi-do-luong"); "hoi-dap" when nothing is left."""
    folded = strip_diacritics(_one_line(title)).lower()
    stem = re.sub(r"[^a-z0-9]+", "-", folded.encode("ascii", "ignore").decode()).strip("-")
    return stem[:MAX_NAME_CHARS].rstrip("-") or "hoi-dap"


def _display_name(title: str, suffix: str) -> str:
    kept = re.sub(r'[\\/:*?"<>|]+', " ", _plain(_one_line(title)))
    return (" ".join(kept.split())[:MAX_NAME_CHARS].strip() or DEFAULT_TITLE) + suffix


def export(turns: Sequence[Turn], fmt: Format, title: str = "") -> Exported:
    """``turns`` as a file: one turn as an answer, several as a conversation."""
    titled = answer_title if len(turns) == 1 else conversation_title
    title = _one_line(title) or titled(turns)
    if len(turns) == 1:
        content = (
            answer_docx(turns[0], title)
            if fmt == "docx"
            else answer_markdown(turns[0], title).encode()
        )
    else:
        content = (
            conversation_docx(turns, title)
            if fmt == "docx"
            else conversation_markdown(turns, title).encode()
        )
    suffix = SUFFIXES[fmt]
    return Exported(
        content, file_stem(title) + suffix, _display_name(title, suffix), MEDIA_TYPES[fmt]
    )


def _titled(prefix: str, turns: Sequence[Turn], limit: int = 60) -> str:
    question = _one_line(str(turns[0].get("question") or "")) if turns else ""
    if not question:
        return DEFAULT_TITLE
    shown = question if len(question) <= limit else question[:limit].rstrip() + "…"
    return f"{prefix}: {shown}"


def conversation_title(turns: Sequence[Turn]) -> str:
    """A conversation's title, from its first question: "Cuộc trò chuyện: APO là gì?"."""
    return _titled("Cuộc trò chuyện", turns)


def answer_title(turns: Sequence[Turn]) -> str:
    """An answer's title, from its question: "Câu trả lời: APO là gì?"."""
    return _titled("Câu trả lời", turns)


def described(turns: Sequence[Turn], fmt: Format, whole: bool) -> str:
    """What the audit log says was exported: "cuộc trò chuyện, docx, 3 câu hỏi"."""
    what = "cuộc trò chuyện" if whole else "câu trả lời"
    return f"{what}, {fmt}, {len(turns)} câu hỏi"
