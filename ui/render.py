"""What the chat page shows, as HTML built here (pure functions: tested without a browser).

Everything from documents or the model is escaped text. The chat is given finished HTML with
``render_markdown=False``, so Markdown in a document or a model answer — ``[x](http://…)``,
``![](http://…)`` — stays literal text; the only links in an answer are the ``a.cite`` links
made here, and they point inside the page."""

from __future__ import annotations

import html
import re
from typing import Any

from assistant import AnswerPath, DocumentSummary, GlossaryEntry
from assistant.citations import MARKER

CURSOR = " ▌"


def text_html(text: str) -> str:
    """Text as HTML that shows exactly that text: escaped, line breaks kept."""
    return html.escape(text).replace("\n", "<br>")


def render_answer(answer: dict[str, Any], turn: int) -> str:
    """The answer as chat HTML: escaped text; a marker [n] becomes a link that opens source n
    only when the answer has a source n (a "[3]" copied from a document stays text). A grouped
    marker "[1, 2]" stays text: the engine writes one number per marker, so a grouped one was
    copied from a document, where it means that document's own notes."""
    text = text_html(answer["answer"])
    if answer["abstained"]:
        return "⚠️ " + text
    numbers = {int(c["n"]) for c in answer["citations"]}

    def link(match: re.Match[str]) -> str:
        group = match.group(1)
        if not group.isdigit() or int(group) not in numbers:
            return match.group(0)
        return f'<a class="cite" href="#nguon-{turn}-{int(group)}">[{int(group)}]</a>'

    return MARKER.sub(link, text)


def render_partial(text: str, verified: str = "") -> str:
    """An answer still being written: the sentences already checked against the sources
    (final) and, after them, the model's unchecked text, dimmed, with a cursor."""
    done = f"{text_html(verified)} " if verified else ""
    rest = f'<span class="unverified">{text_html(text)}</span>' if text else ""
    return done + rest + CURSOR


def waiting(message: str, seconds: float) -> str:
    """A placeholder that says what the answer is waiting for and for how long so far."""
    shown = f" ({seconds:.0f} giây)" if seconds >= 1 else ""
    return f"⏳ {html.escape(message)}{shown}"


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


def render_reader(document: DocumentSummary | None, text: str | None) -> str:
    """A document in the documents tab: its title, then its text."""
    if document is None or not text:
        return ""
    meta = " · ".join(html.escape(x) for x in (document.date, document.source) if x)
    return (
        f"<h3>{html.escape(document.title)}</h3>"
        + (f"<p class='document-meta'>{meta}</p>" if meta else "")
        + f"<div class='document-body'>{html.escape(text)}</div>"
    )


def render_documents(documents: list[DocumentSummary]) -> str:
    """The documents table: every column visible, long text wrapped (no sideways scrolling)."""
    if not documents:
        return "<p>Chưa có tài liệu nào. Thêm tài liệu bằng lệnh <code>hoidap ingest</code>.</p>"
    head = "".join(
        f"<th class='{c}'>{h}</th>"
        for c, h in (
            ("title", "Tiêu đề"),
            ("date", "Ngày"),
            ("source", "Nguồn"),
            ("description", "Mô tả"),
            ("chunks", "Số đoạn"),
        )
    )
    rows = "".join(
        f"<tr><td>{html.escape(d.title)}</td><td>{html.escape(d.date)}</td>"
        f"<td>{html.escape(d.source)}</td><td>{html.escape(d.description)}</td>"
        f"<td class='chunks'>{int(d.chunks)}</td></tr>"
        for d in documents
    )
    return (
        f"<p>{len(documents)} tài liệu đang được dùng để trả lời.</p>"
        f"<table class='documents'><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>"
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


def source_choices(answer: dict[str, Any], turn: int) -> list[tuple[str, str]]:
    """The source picker's entries for answer ``turn``: (label, "turn-n") per source."""
    return [(f"[{s['n']}] {s['title']}", f"{turn}-{s['n']}") for s in sources_of(answer)]


# What the model line says of each way an answer is produced (``Answer.path``). A model that
# failed before any sentence held quotes the passages without it: "no LLM", as for a quoted one.
HOW = {
    AnswerPath.ABSTAINED: "không đủ căn cứ trong tài liệu — không trả lời",
    AnswerPath.QUOTED: "trích dẫn nguyên văn (không dùng LLM)",
    AnswerPath.FELL_BACK_LLM_ERROR: "trích dẫn nguyên văn (không dùng LLM)",
    AnswerPath.FELL_BACK_UNSUPPORTED: (
        "trích dẫn nguyên văn (câu trả lời của LLM không được nguồn xác nhận)"
    ),
    AnswerPath.FELL_BACK_DECLINED: (
        "trích dẫn nguyên văn (câu trả lời của LLM không được nguồn xác nhận)"
    ),
}


def model_line(answer: dict[str, Any], path: AnswerPath, waited_s: float | None = None) -> str:
    """Who answered (``path``: how the answer was produced) and how long the user waited: from
    the moment the question was sent (``waited_s``, queueing included) when known, else the
    engine's own time."""
    seconds = waited_s if waited_s is not None else answer["timings"]["total_ms"] / 1000
    how = HOW.get(path) or f"LLM `{answer.get('model') or 'LLM'}`, mỗi câu đã đối chiếu với nguồn"
    return f"Trả lời bởi: {how} · {seconds:.1f} giây"
