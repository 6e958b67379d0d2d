"""File → text sections: one dispatch by file type to the loader of each format. Each loader
either returns a LoadedFile or raises RejectedFileError."""

from __future__ import annotations

from pathlib import Path

from ingest.archives import check_archive
from ingest.docx_files import load_docx
from ingest.errors import RejectedFileError
from ingest.html_files import html_to_text
from ingest.legacy_encoding import convert_legacy
from ingest.limits import DEFAULT, IngestLimits
from ingest.loaded import LoadedFile, RawSection, capped
from ingest.ocr import IMAGE_TYPES, load_image
from ingest.office_files import OFFICE_TYPES, load_office
from ingest.pdf_files import load_pdf
from ingest.text_files import decode_text, decode_text_with_notices

TEXT_TYPES = {".txt", ".md", ".markdown"}
HTML_TYPES = {".html", ".htm"}
SUPPORTED_TYPES = TEXT_TYPES | HTML_TYPES | {".pdf", ".docx"} | OFFICE_TYPES | IMAGE_TYPES

__all__ = [
    "SUPPORTED_TYPES",
    "LoadedFile",
    "RawSection",
    "decode_text",
    "decode_text_with_notices",
    "load_file",
]


def load_file(
    path: Path,
    data: bytes,
    max_pdf_pages: int,
    limits: IngestLimits = DEFAULT,
    progress: bool = False,
) -> LoadedFile:
    """The file's text, at most ``limits.max_document_chars`` of it (a "truncated" notice
    says when more was there), legacy Vietnamese encodings converted to Unicode. ``progress``:
    show a bar of the pages being OCR'd (scans, images) on stderr."""
    return convert_legacy(_load_by_type(path, data, max_pdf_pages, limits, progress))


def _load_by_type(
    path: Path, data: bytes, max_pdf_pages: int, limits: IngestLimits, progress: bool = False
) -> LoadedFile:
    suffix = path.suffix.lower()
    if suffix in TEXT_TYPES:
        text, notices = decode_text_with_notices(data)
        title = _markdown_title(text) if suffix != ".txt" else ""
        return capped(LoadedFile([RawSection(text)], title, tuple(notices)), limits)
    if suffix in HTML_TYPES:
        text, notices = decode_text_with_notices(data)
        loaded = html_to_text(text, limits.max_document_chars)
        return LoadedFile(loaded.sections, loaded.title_hint, (*notices, *loaded.notices))
    if suffix == ".pdf":
        return load_pdf(path, max_pdf_pages, limits, progress)
    if suffix == ".docx":
        check_archive(path, limits)
        return load_docx(path, limits.max_document_chars)
    if suffix in OFFICE_TYPES:
        return capped(load_office(path, data, limits), limits)
    if suffix in IMAGE_TYPES:
        return capped(load_image(path, data, limits, progress), limits)
    raise RejectedFileError("unsupported_type", suffix or "không có phần mở rộng")


def _markdown_title(text: str) -> str:
    for line in text.splitlines()[:20]:
        if line.startswith("# "):
            return line[2:].strip()
    return ""
