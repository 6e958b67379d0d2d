"""File → text sections. Each loader either returns text or raises RejectedFileError."""

from __future__ import annotations

import codecs
import re
import zipfile
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

from ingest.errors import Notice, RejectedFileError, thousands
from ingest.limits import DEFAULT, IngestLimits
from ingest.names import shown_path

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
    notices: tuple[Notice, ...] = ()


def load_file(
    path: Path, data: bytes, max_pdf_pages: int, limits: IngestLimits = DEFAULT
) -> LoadedFile:
    """The file's text, at most ``limits.max_document_chars`` of it (a "truncated" notice
    says when more was there)."""
    suffix = path.suffix.lower()
    if suffix in TEXT_TYPES:
        text, notices = decode_text_with_notices(data)
        title = _markdown_title(text) if suffix != ".txt" else ""
        return _capped(LoadedFile([RawSection(text)], title, tuple(notices)), limits)
    if suffix in HTML_TYPES:
        text, notices = decode_text_with_notices(data)
        loaded = html_to_text(text, limits.max_document_chars)
        return LoadedFile(loaded.sections, loaded.title_hint, (*notices, *loaded.notices))
    if suffix == ".pdf":
        return load_pdf(path, max_pdf_pages, limits.max_document_chars)
    if suffix == ".docx":
        check_archive(path, limits)
        return load_docx(path, limits.max_document_chars)
    raise RejectedFileError("unsupported_type", suffix or "không có phần mở rộng")


def _truncated(limit: int, total: int | None = None) -> Notice:
    if total is None:
        return Notice("truncated", f"giới hạn {thousands(limit)} ký tự mỗi tệp")
    return Notice("truncated", f"{thousands(limit)} trên {thousands(total)} ký tự")


def _capped(loaded: LoadedFile, limits: IngestLimits) -> LoadedFile:
    """Cut the sections so their text is at most ``max_document_chars`` in all."""
    limit = limits.max_document_chars
    total = sum(len(section.text) for section in loaded.sections)
    if total <= limit:
        return loaded
    kept: list[RawSection] = []
    room = limit
    for section in loaded.sections:
        if room <= 0:
            break
        kept.append(RawSection(section.text[:room], section.page))
        room -= len(kept[-1].text)
    return LoadedFile(kept, loaded.title_hint, (*loaded.notices, _truncated(limit, total)))


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
    return decode_text_with_notices(data)[0]


# A well-formed UTF-8 sequence of two to four bytes (what Vietnamese letters are in UTF-8).
_UTF8_MULTIBYTE = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}"
)


def decode_text_with_notices(data: bytes) -> tuple[str, list[Notice]]:
    """decode_text, and what had to be repaired: UTF-8 text with a few stray bytes (a quote
    pasted from Windows-1252) is kept, the bytes shown as U+FFFD, rather than refused whole."""
    if not data.strip():
        raise RejectedFileError("empty")
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return _plausible(data[len(bom) :].decode(encoding)), []
            except UnicodeDecodeError as exc:
                raise RejectedFileError("undecodable", f"{encoding}: {exc.reason}") from exc
    if b"\x00" in data:
        encoding = _utf16_without_bom(data)
        if encoding is None:
            raise RejectedFileError("binary", "chứa byte NUL")
        try:
            return _plausible(data.decode(encoding, errors="strict")), []
        except UnicodeDecodeError as exc:  # odd length, lone surrogates: not UTF-16 after all
            raise RejectedFileError("binary", f"chứa byte NUL ({exc.reason})") from exc
    try:
        return _plausible(data.decode("utf-8")), []
    except UnicodeDecodeError as exc:
        first_bad = exc.start
    repaired = data.decode("utf-8", errors="replace")
    bad = repaired.count("\ufffd") - data.count(b"\xef\xbf\xbd")
    # Windows-1258 Vietnamese is full of bytes that are not UTF-8 and has next to no
    # well-formed UTF-8 sequences; UTF-8 with stray bytes is the other way round.
    if len(_UTF8_MULTIBYTE.findall(data)) >= bad:
        detail = f"{bad} byte (byte đầu tiên ở vị trí {first_bad})"
        return _plausible(repaired), [Notice("replaced_bytes", detail)]
    try:
        text = data.decode("cp1258")
    except UnicodeDecodeError as exc:
        raise RejectedFileError("undecodable", f"byte 0x{data[exc.start]:02x}") from exc
    if not _looks_vietnamese_cp1258(text):
        raise RejectedFileError("undecodable")
    return _plausible(text), []


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
            notices = (_truncated(max_chars),)
            break
    else:
        parser.close()
    text = re.sub(r"[ \t\r\f\v]*\n[ \t\r\f\v\n]*", "\n\n", "".join(parser.parts))[:max_chars]
    return LoadedFile([RawSection(text)], parser.h1 or parser.title, notices)


# -- PDF ---------------------------------------------------------------------------------------
def load_pdf(path: Path, max_pages: int, max_chars: int = DEFAULT.max_document_chars) -> LoadedFile:
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
        sections: list[RawSection] = []
        notices: tuple[Notice, ...] = ()
        room = max_chars
        for number, page in enumerate(reader.pages, start=1):
            if room <= 0:  # the pages after the cap are not even extracted
                notices = (_truncated(max_chars),)
                break
            text = page.extract_text() or ""
            if len(text) > room:
                notices = (_truncated(max_chars),)
            sections.append(RawSection(text[:room], number))
            room -= len(sections[-1].text)
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
    return LoadedFile(sections, title, notices)


# -- DOCX --------------------------------------------------------------------------------------
_MB = 1024 * 1024
# Below this a member's ratio says nothing (a small, repetitive styles.xml compresses 100x).
_RATIO_FROM_BYTES = _MB


def check_archive(path: Path, limits: IngestLimits = DEFAULT) -> None:
    """Refuse a ZIP (DOCX) whose members would inflate too far, from the sizes its directory
    declares, before anything is decompressed. zipfile stops each member at its declared size,
    so what python-docx then reads is bounded by what was checked here."""
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError) as exc:
        raise RejectedFileError("corrupt_docx", f"{type(exc).__name__}: {exc}"[:200]) from exc
    if len(members) > limits.max_archive_members:
        raise RejectedFileError(
            "archive_too_large",
            f"{thousands(len(members))} tệp bên trong > {thousands(limits.max_archive_members)}",
        )
    for member in members:
        ratio = member.file_size / max(1, member.compress_size)
        if member.file_size > _RATIO_FROM_BYTES and ratio > limits.max_compression_ratio:
            raise RejectedFileError(
                "zip_bomb",
                f"{shown_path(member.filename)}: {member.compress_size / _MB:.1f} MB nén "
                f"→ {member.file_size / _MB:.0f} MB (gấp {ratio:.0f} lần, tối đa "
                f"{limits.max_compression_ratio:g})",
            )
    total = sum(member.file_size for member in members)
    if total > limits.max_archive_mb * _MB:
        raise RejectedFileError(
            "archive_too_large", f"{total / _MB:.0f} MB > {limits.max_archive_mb:g} MB"
        )
    xml = sum(m.file_size for m in members if m.filename.lower().endswith((".xml", ".rels")))
    if xml > limits.max_archive_xml_mb * _MB:
        raise RejectedFileError(
            "archive_too_large", f"XML {xml / _MB:.0f} MB > {limits.max_archive_xml_mb:g} MB"
        )


def load_docx(path: Path, max_chars: int = DEFAULT.max_document_chars) -> LoadedFile:
    try:
        import docx

        document = docx.Document(str(path))
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise RejectedFileError("corrupt_docx", f"{type(exc).__name__}: {exc}"[:200]) from exc
    except Exception as exc:  # python-docx raises its own PackageNotFoundError etc.
        raise RejectedFileError("corrupt_docx", f"{type(exc).__name__}: {exc}"[:200]) from exc
    lines: list[str] = []
    title = ""
    size = 0
    for paragraph in document.paragraphs:
        if size > max_chars:  # the rest is not even read out of the XML tree
            break
        style = (paragraph.style.name if paragraph.style is not None else "") or ""
        if (
            not title
            and paragraph.text.strip()
            and style.lower().startswith(("title", "heading 1"))
        ):
            title = paragraph.text.strip()
        lines.append(paragraph.text)
        size += len(lines[-1]) + 1
    rows = (row for table in document.tables for row in table.rows)
    for row in rows if size <= max_chars else ():
        lines.append(" | ".join(cell.text.strip() for cell in row.cells))
        size += len(lines[-1]) + 1
        if size > max_chars:
            break
    text = "\n".join(lines)
    notices = (_truncated(max_chars),) if len(text) > max_chars else ()
    return LoadedFile([RawSection(text[:max_chars])], title, notices)
