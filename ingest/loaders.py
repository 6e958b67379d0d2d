"""File → text sections. Each loader either returns text or raises RejectedFileError."""

from __future__ import annotations

import codecs
import re
import zipfile
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

from ingest.errors import RejectedFileError

TEXT_TYPES = {".txt", ".md", ".markdown"}
HTML_TYPES = {".html", ".htm"}
SUPPORTED_TYPES = TEXT_TYPES | HTML_TYPES | {".pdf", ".docx"}

_C0 = re.compile(r"[\x00-\x08\x0e-\x1f]")


@dataclass(frozen=True)
class RawSection:
    text: str
    page: int | None = None  # 1-based PDF page


@dataclass(frozen=True)
class LoadedFile:
    sections: list[RawSection]
    title_hint: str = ""


def load_file(path: Path, data: bytes, max_pdf_pages: int) -> LoadedFile:
    suffix = path.suffix.lower()
    if suffix in TEXT_TYPES:
        text = decode_text(data)
        return LoadedFile([RawSection(text)], _markdown_title(text) if suffix != ".txt" else "")
    if suffix in HTML_TYPES:
        return html_to_text(decode_text(data))
    if suffix == ".pdf":
        return load_pdf(path, max_pdf_pages)
    if suffix == ".docx":
        return load_docx(path)
    raise RejectedFileError("unsupported_type", suffix or "không có phần mở rộng")


# -- plain text ------------------------------------------------------------------------------
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


def decode_text(data: bytes) -> str:
    """Decode the encodings Vietnamese offices use: UTF-8 (±BOM), UTF-16, Windows-1258."""
    if not data.strip():
        raise RejectedFileError("empty")
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return _plausible(data[len(bom) :].decode(encoding))
            except UnicodeDecodeError as exc:
                raise RejectedFileError("undecodable", f"{encoding}: {exc.reason}") from exc
    if b"\x00" in data:
        encoding = _utf16_without_bom(data)
        if encoding is None:
            raise RejectedFileError("binary", "chứa byte NUL")
        try:
            return _plausible(data.decode(encoding, errors="strict"))
        except UnicodeDecodeError as exc:  # odd length, lone surrogates: not UTF-16 after all
            raise RejectedFileError("binary", f"chứa byte NUL ({exc.reason})") from exc
    try:
        return _plausible(data.decode("utf-8"))
    except UnicodeDecodeError:
        pass
    try:
        text = data.decode("cp1258")
    except UnicodeDecodeError as exc:
        raise RejectedFileError("undecodable", f"byte 0x{data[exc.start]:02x}") from exc
    if not _looks_vietnamese_cp1258(text):
        raise RejectedFileError("undecodable")
    return _plausible(text)


def _utf16_without_bom(data: bytes) -> str | None:
    sample = data[:4096]
    even_nul = sample[0::2].count(0) / max(1, len(sample[0::2]))
    odd_nul = sample[1::2].count(0) / max(1, len(sample[1::2]))
    if odd_nul > 0.3 and even_nul < 0.05:
        return "utf-16-le"
    if even_nul > 0.3 and odd_nul < 0.05:
        return "utf-16-be"
    return None


def _plausible(text: str) -> str:
    """Refuse decoded 'text' that is mostly control characters (a binary file renamed .txt)."""
    if text and len(_C0.findall(text[:65536])) > max(3, len(text[:65536]) // 100):
        raise RejectedFileError("binary", "nhiều ký tự điều khiển")
    return text


def _looks_vietnamese_cp1258(text: str) -> bool:
    # Windows-1258 text has tone marks as combining characters; random bytes rarely do, and
    # produce many symbols instead.
    letters = sum(ch.isalpha() or ch.isspace() for ch in text)
    return letters / max(1, len(text)) > 0.85


def _markdown_title(text: str) -> str:
    for line in text.splitlines()[:20]:
        if line.startswith("# "):
            return line[2:].strip()
    return ""


# -- HTML --------------------------------------------------------------------------------------
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


def html_to_text(html: str) -> LoadedFile:
    parser = _TextExtractor()
    parser.feed(html)
    parser.close()
    text = re.sub(r"[ \t\r\f\v]*\n[ \t\r\f\v\n]*", "\n\n", "".join(parser.parts))
    return LoadedFile([RawSection(text)], parser.h1 or parser.title)


# -- PDF ---------------------------------------------------------------------------------------
def load_pdf(path: Path, max_pages: int) -> LoadedFile:
    from pypdf import PdfReader
    from pypdf.errors import DependencyError, FileNotDecryptedError, PdfReadError

    try:
        reader = PdfReader(path, strict=False)
        if reader.is_encrypted:
            try:
                if not reader.decrypt(""):
                    raise RejectedFileError("encrypted_pdf")
            except (FileNotDecryptedError, DependencyError, NotImplementedError) as exc:
                raise RejectedFileError("encrypted_pdf", str(exc)) from exc
        count = len(reader.pages)
        if count > max_pages:
            raise RejectedFileError("too_many_pages", f"{count} > {max_pages}")
        sections = [
            RawSection(page.extract_text() or "", number)
            for number, page in enumerate(reader.pages, start=1)
        ]
        title = ""
        try:
            title = str((reader.metadata or {}).get("/Title") or "").strip()
        except Exception:  # broken info dictionaries are common and harmless
            title = ""
    except RejectedFileError:
        raise
    except (
        PdfReadError,
        ValueError,
        KeyError,
        TypeError,
        OSError,
        RecursionError,
        AttributeError,
        IndexError,
        AssertionError,
        ZeroDivisionError,
    ) as exc:
        raise RejectedFileError("corrupt_pdf", f"{type(exc).__name__}: {exc}"[:200]) from exc
    return LoadedFile(sections, title)


# -- DOCX --------------------------------------------------------------------------------------
def load_docx(path: Path) -> LoadedFile:
    try:
        import docx

        document = docx.Document(str(path))
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise RejectedFileError("corrupt_docx", f"{type(exc).__name__}: {exc}"[:200]) from exc
    except Exception as exc:  # python-docx raises its own PackageNotFoundError etc.
        raise RejectedFileError("corrupt_docx", f"{type(exc).__name__}: {exc}"[:200]) from exc
    lines: list[str] = []
    title = ""
    for paragraph in document.paragraphs:
        style = (paragraph.style.name if paragraph.style is not None else "") or ""
        if (
            not title
            and paragraph.text.strip()
            and style.lower().startswith(("title", "heading 1"))
        ):
            title = paragraph.text.strip()
        lines.append(paragraph.text)
    for table in document.tables:
        for row in table.rows:
            lines.append(" | ".join(cell.text.strip() for cell in row.cells))
    return LoadedFile([RawSection("\n".join(lines))], title)
