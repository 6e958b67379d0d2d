"""HTML pages: the article a page carries (trafilatura's main-content extraction), or, when
that finds nothing, all of the page's visible text.

Measured on the ten pages of tests/data/web (eval/bench_html.py), after clean_text: the
visible-text parser keeps every article sentence and 21 lines of menus, related titles and
banners that no rule can know; trafilatura, with the lead paragraph put back, keeps every
sentence and 2 such lines, and finds all ten dates (the parser 9), at a few ms a page.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from typing import Literal

import trafilatura

from ingest.clean import find_publication_date
from ingest.errors import Notice
from ingest.limits import DEFAULT
from ingest.loaded import LoadedFile, RawSection, truncated

HtmlExtractor = Literal["main", "visible"]

_SKIPPED = {
    "script",
    "style",
    "noscript",
    "template",
    "nav",
    "footer",
    "aside",
    "form",
    "button",
    "select",
    "svg",
    "iframe",
    "head",
}
_BLOCKS = {
    "p",
    "div",
    "br",
    "li",
    "ul",
    "ol",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "tr",
    "table",
    "section",
    "article",
    "blockquote",
    "pre",
    "hr",
    "dd",
    "dt",
    "figcaption",
    "header",
    "main",
}


class _TextExtractor(HTMLParser):
    """Visible text of a page; iterative, so deeply nested markup cannot blow the stack."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skip_depth = 0
        self.title = ""
        self.h1 = ""
        self._in: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIPPED:
            self.skip_depth += 1
        if tag in ("title", "h1"):
            self._in = tag
        if tag in _BLOCKS:
            self.parts.append("\n")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _BLOCKS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIPPED and self.skip_depth:
            self.skip_depth -= 1
        if tag == self._in:
            self._in = None
        if tag in _BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if self._in == "title" and not self.title:
            self.title = data.strip()
        if self.skip_depth:
            return
        if self._in == "h1" and not self.h1:
            self.h1 = data.strip()
        self.parts.append(data)


_HTML_SLICE = 1 << 18
# Past this size a page is not an article page (a dump, an export): lxml would hold the whole
# tree, so the sliced visible-text parser, which stops at max_chars, reads it instead.
_MAIN_CONTENT_MAX_HTML = 8 << 20
# Dates from the page's markup only (meta tags, <time>, structured data): a date guessed from
# the article's own sentences ("Ngày 21/12/2023, Tổng cục…") is an event, not the publication.
_DATE_PARAMS = {"extensive_search": False, "original_date": True}


def html_to_text(
    html: str, max_chars: int = DEFAULT.max_document_chars, extractor: HtmlExtractor = "main"
) -> LoadedFile:
    """The page's text, at most ``max_chars`` of it. ``main``: the article only; ``visible``:
    all visible text (also what ``main`` falls back to on a page it finds nothing in). A date
    in the page's markup comes first, as a 'Ngày đăng' stamp line, where ``find_publication_date``
    reads it and ``clean_text`` removes it."""
    parser, visible = _parse(html, max_chars)
    if extractor == "visible" or len(html) > _MAIN_CONTENT_MAX_HTML:
        return visible
    try:
        found = trafilatura.bare_extraction(
            html,
            with_metadata=True,
            include_comments=False,
            favor_precision=True,
            include_tables=True,
            date_extraction_params=_DATE_PARAMS,
        )
    except Exception:  # a page lxml cannot parse: what the plain parser saw is still there
        return visible
    text = _unwrap_layout_cells((found.text or "") if found else "").strip()
    if not text:
        return visible
    text = _with_lead(text, visible.sections[0].text)
    # A stamp trafilatura left out of the article ("Ngày đăng: …" above it) is in the page.
    date = found.date or find_publication_date(visible.sections[0].text, stamp_lines=200)
    if stamp := _date_stamp(date):
        text = f"{stamp}\n\n{text}"
    # One blank line between blocks, as the visible-text parser gives them.
    text = re.sub(r"\n+", "\n\n", text)
    notices: tuple[Notice, ...] = ()
    if len(text) > max_chars:
        text, notices = text[:max_chars], (truncated(max_chars, len(text)),)
    # The h1 names the article; og:title (trafilatura's title) beats a <title> of site names.
    title = parser.h1 or found.title or parser.title
    return LoadedFile([RawSection(text)], title or "", notices)


_LEAD_END = re.compile(r"[.!?…\"”)]$")


def _with_lead(article: str, visible: str) -> str:
    """Vietnamese news pages set the lead paragraph (sapo) apart from the body, in a <div> or
    <h2> that trafilatura takes for page furniture. Blocks of the visible text between the
    article's first line (its title) and its second that read as prose (a sentence of 15 words
    or more) are put back after the title."""
    lines = [" ".join(line.split()) for line in article.split("\n") if line.strip()]
    blocks = [" ".join(block.split()) for block in visible.split("\n") if block.strip()]
    if len(lines) < 2 or lines[0] not in blocks or lines[1] not in blocks:
        return article
    start, end = blocks.index(lines[0]), blocks.index(lines[1])
    lead = [
        block
        for block in blocks[start + 1 : end]
        if len(block.split()) >= 15 and _LEAD_END.search(block) and block not in lines
    ]
    return "\n".join([lines[0], *lead, *lines[1:]]) if lead else article


_TABLE_RULE = re.compile(r"^\|(?:\s*:?-+:?\s*\|)+\s*$")


def _unwrap_layout_cells(text: str) -> str:
    """trafilatura writes tables as Markdown rows; a page laid out with tables (old portals)
    would come out as '| paragraph |'. A row with one non-empty cell is that cell's text;
    rows of several cells (a real data table) stay rows, empty rows and rules go."""
    lines = []
    for line in text.split("\n"):
        stripped = line.strip()
        if stripped.startswith("|") and stripped.endswith("|"):
            if _TABLE_RULE.match(stripped):
                continue
            cells = [c.strip() for c in re.split(r"(?<!\\)\|", stripped[1:-1])]
            filled = [c.replace("\\|", "|") for c in cells if c]
            if len(filled) <= 1:
                line = filled[0] if filled else ""
        lines.append(line)
    return "\n".join(lines)


def _date_stamp(iso: str) -> str:
    if match := re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", iso):
        year, month, day = match.groups()
        return f"Ngày đăng: {day}/{month}/{year}"
    return ""


def visible_text(html: str, max_chars: int = DEFAULT.max_document_chars) -> LoadedFile:
    """Visible text, at most ``max_chars`` of it: the page is fed in slices and parsing stops
    once that much text is out, so a 50 MB page costs what its first part costs."""
    return _parse(html, max_chars)[1]


def _parse(html: str, max_chars: int) -> tuple[_TextExtractor, LoadedFile]:
    parser = _TextExtractor()
    extracted = 0
    notices: tuple[Notice, ...] = ()
    for start in range(0, len(html), _HTML_SLICE):
        before = len(parser.parts)
        parser.feed(html[start : start + _HTML_SLICE])
        extracted += sum(len(part) for part in parser.parts[before:])
        if extracted > max_chars:
            notices = (truncated(max_chars),)
            break
    else:
        parser.close()
    text = re.sub(r"[ \t\r\f\v]*\n[ \t\r\f\v\n]*", "\n\n", "".join(parser.parts))[:max_chars]
    return parser, LoadedFile([RawSection(text)], parser.h1 or parser.title, notices)
