"""What every loader returns: a file's text as sections (a PDF page each), a title hint and
notices; and the one rule for cutting a file at ``max_document_chars``."""

from __future__ import annotations

from dataclasses import dataclass

from ingest.errors import Notice, thousands
from ingest.limits import IngestLimits


@dataclass(frozen=True)
class RawSection:
    text: str
    page: int | None = None  # 1-based PDF page
    ocr_confidence: float | None = None  # Tesseract's mean word confidence, when OCR'd


@dataclass(frozen=True)
class LoadedFile:
    sections: list[RawSection]
    title_hint: str = ""
    notices: tuple[Notice, ...] = ()


def truncated(limit: int, total: int | None = None) -> Notice:
    if total is None:
        return Notice("truncated", f"giới hạn {thousands(limit)} ký tự mỗi tệp")
    return Notice("truncated", f"{thousands(limit)} trên {thousands(total)} ký tự")


def capped(loaded: LoadedFile, limits: IngestLimits) -> LoadedFile:
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
        kept.append(RawSection(section.text[:room], section.page, section.ocr_confidence))
        room -= len(kept[-1].text)
    return LoadedFile(kept, loaded.title_hint, (*loaded.notices, truncated(limit, total)))
