"""HTML pages: the visible text of the page."""

from __future__ import annotations

import re
from html.parser import HTMLParser

from ingest.errors import Notice
from ingest.limits import DEFAULT
from ingest.loaded import LoadedFile, RawSection, truncated

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


def html_to_text(html: str, max_chars: int = DEFAULT.max_document_chars) -> LoadedFile:
    """Visible text, at most ``max_chars`` of it: the page is fed in slices and parsing stops
    once that much text is out, so a 50 MB page costs what its first part costs."""
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
    return LoadedFile([RawSection(text)], parser.h1 or parser.title, notices)
