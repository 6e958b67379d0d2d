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
from assistant.citations import MARKER, document_name, status_text
from assistant.library import DocumentEntry
from index import IN_FORCE, NOT_YET_IN_FORCE, PARTLY_IN_FORCE, REPEALED

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


# Validity states as the documents tab's status picker offers them ("none": no validity data).
STATUS_CHOICES = [
    ("Tất cả", ""),
    ("Còn hiệu lực", IN_FORCE),
    ("Còn hiệu lực một phần", PARTLY_IN_FORCE),
    ("Hết hiệu lực", REPEALED),
    ("Chưa có hiệu lực", NOT_YET_IN_FORCE),
    ("Không có thông tin hiệu lực", "none"),
]


def _status_html(status: str, said: str) -> str:
    """A validity badge; its class lets the page colour a repealed document."""
    if not said:
        return ""
    return f"<span class='status status-{html.escape(status)}'>{html.escape(said)}</span>"


def _legal_rows(document: DocumentEntry | None, source: dict[str, Any]) -> list[str]:
    """A legal document's header as "label: value" lines (escaped); none for other documents.
    The indexed document's fields when known, else what the passage carries."""
    if document is not None:
        number, doc_type = document.doc_number, document.doc_type
        status, said = document.status, document.status_text
        issuer, issued, signer = document.issuer, document.issued_date, document.signer
    else:
        number, doc_type = source.get("doc_number", ""), source.get("doc_type", "")
        status = source.get("status", "")
        said = status_text(status, source.get("replaced_by", ""))
        issuer = issued = signer = ""
    rows = [
        ("Số hiệu", document_name(number, doc_type)),
        ("Cơ quan ban hành", issuer),
        ("Ngày ban hành", issued),
        ("Người ký", signer),
    ]
    shown = [f"{label}: {html.escape(value)}" for label, value in rows if value]
    if said:
        shown.append(f"Hiệu lực: {_status_html(status, said)}")
    return shown


def render_source(
    source: dict[str, Any], related: bool, document: DocumentEntry | None = None
) -> str:
    """A cited passage in the side panel: how the answer cites it (a legal passage: "Điều 5
    khoản 2, Thông tư …"), its document's title, date, publisher, page, and for a legal
    document its number, issuer, issue date, signer and validity."""
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
    cited = source.get("label") or ""
    head = f"{html.escape(cited)} · " if cited and cited != source["title"] else ""
    legal = _legal_rows(document, source)
    header = f"<div class='source-legal'>{'<br>'.join(legal)}</div>" if legal else ""
    return (
        f'<div class="source"><div class="source-head">{label} [{int(source["n"])}] · '
        f"{head}{' · '.join(meta)}</div>{header}<p>{body}</p></div>"
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
    """A document in the documents tab: its title, a legal document's header, then its text."""
    if document is None or not text:
        return ""
    meta = " · ".join(html.escape(x) for x in (document.date, document.source) if x)
    legal = _legal_rows(document, {}) if isinstance(document, DocumentEntry) else []
    return (
        f"<h3>{html.escape(document.title)}</h3>"
        + (f"<p class='document-meta'>{meta}</p>" if meta else "")
        + (f"<p class='document-legal'>{'<br>'.join(legal)}</p>" if legal else "")
        + f"<div class='document-body'>{html.escape(text)}</div>"
    )


def _legal_cells(d: DocumentEntry) -> str:
    """The "Văn bản" and "Hiệu lực" cells: number, issuer, issue date, signer; validity."""
    lines = [
        f"<b>{html.escape(d.name)}</b>" if d.name else "",
        html.escape(d.issuer),
        f"ban hành {html.escape(d.issued_date)}" if d.issued_date else "",
        f"ký: {html.escape(d.signer)}" if d.signer else "",
    ]
    header = "<br>".join(line for line in lines if line)
    return f"<td class='legal'>{header}</td><td>{_status_html(d.status, d.status_text)}</td>"


def render_documents(
    documents: list[DocumentEntry], total: int | None = None, searched: bool = False
) -> str:
    """The documents table: every column visible, long text wrapped (no sideways scrolling).
    With legal documents among them, their number, issuer, issue date, signer and validity.
    ``total``: how many there are in all, when ``documents`` is a search's result."""
    if not documents and not searched:
        return "<p>Chưa có tài liệu nào. Thêm tài liệu bằng lệnh <code>hoidap ingest</code>.</p>"
    legal = any(d.doc_number or d.status for d in documents)
    columns = [("title", "Tiêu đề")]
    if legal:
        columns += [("legal", "Văn bản"), ("status", "Hiệu lực")]
    columns += [("date", "Ngày"), ("source", "Nguồn"), ("description", "Mô tả")]
    columns += [("chunks", "Số đoạn")]
    head = "".join(f"<th class='{c}'>{h}</th>" for c, h in columns)
    rows = "".join(
        f"<tr><td>{html.escape(d.title)}</td>"
        + (_legal_cells(d) if legal else "")
        + f"<td>{html.escape(d.date)}</td>"
        f"<td>{html.escape(d.source)}</td><td>{html.escape(d.description)}</td>"
        f"<td class='chunks'>{int(d.chunks)}</td></tr>"
        for d in documents
    )
    count = (
        f"<p>{len(documents)}/{total} tài liệu khớp với điều kiện tìm.</p>"
        if searched and total is not None
        else f"<p>{len(documents)} tài liệu đang được dùng để trả lời.</p>"
    )
    return (
        count
        + f"<table class='documents'><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>"
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
    return [
        (f"[{s['n']}] {s.get('label') or s['title']}", f"{turn}-{s['n']}")
        for s in sources_of(answer)
    ]


# What the model line says of each way an answer is produced (``Answer.path``). A model that
# failed before any sentence held quotes the passages without it: "no LLM", as for a quoted one.
HOW = {
    AnswerPath.ABSTAINED: "không đủ căn cứ trong tài liệu — không trả lời",
    AnswerPath.QUOTED: "trích dẫn nguyên văn (không dùng LLM)",
    AnswerPath.QUOTED_PROVISION: "trích nguyên văn điều luật (không để LLM diễn đạt lại)",
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
