"""Per-file bounds that keep one hostile file from costing unbounded time or memory."""

from __future__ import annotations

from dataclasses import asdict, dataclass


@dataclass(frozen=True)
class IngestLimits:
    # 1,000,000 characters is ~350 dense A4 pages and ~2,200 chunks: ~90 s of embedding at the
    # README's 25.5 chunks/s on an idle 2-core machine. The largest document of docs_corpus/ is
    # 18,000 characters. A longer file is indexed up to here, with a "truncated" warning.
    max_document_chars: int = 1_000_000
    # The embedder reads 512 tokens (~1,500-2,000 Vietnamese characters); a 100-word chunk is
    # ~450. Anything longer is a run without spaces (a 50 MB "word", base64) and is cut.
    max_chunk_chars: int = 2_000
    # The sentence splitter (nltk Punkt under a regex time limit) runs on windows of this size,
    # cut at a paragraph or sentence end: its cost stays linear in the document.
    window_chars: int = 100_000
    # DOCX is a ZIP: every member's declared size is checked before python-docx opens it
    # (lxml needs ~15x the XML in memory, so 32 MB of XML is already ~0.5 GB).
    max_archive_mb: float = 128.0
    max_archive_xml_mb: float = 32.0
    # Office XML compresses 5-30x; a member over 1 MB inflating more than this is a bomb.
    max_compression_ratio: float = 100.0
    max_archive_members: int = 10_000

    # LibreOffice converts a .doc in ~1 s here (2 cores); a file still converting after this
    # is hostile or broken, and the converter is killed rather than left to hang the batch.
    converter_timeout_s: float = 60.0

    # OCR (scanned PDF pages, images), measured by ``eval/bench_ocr.py``: Tesseract reads
    # 20-40 dense A4 pages a minute on 2 busy cores, so this many pages is 5-10 minutes; a
    # file needing more is refused, not read for hours.
    ocr_max_pages: int = 200
    # Tesseract models: "vie" alone reads Vietnamese pages with fewer errors than "vie+eng"
    # (0.10 % vs 0.25 % of characters at 300 dpi) and in 60 % of the time; its alphabet has
    # the Latin letters of English names and acronyms.
    ocr_languages: str = "vie"
    # A scanned page is drawn at its scan's own resolution up to this (a 150 dpi scan drawn
    # at 300 dpi gets its noise read as marks: 14 % of characters wrong, not 0.5 %); a page of
    # text in fonts without a Unicode map, at exactly this.
    ocr_dpi: int = 300
    # A page read with a lower mean word confidence (0-100) is kept but named in the report.
    # Measured on degraded pages of the corpus: confidence 95 went with 0.1-0.6 % of characters
    # wrong, 83 with 9 %, 77 with 22 %, 67-70 with over 70 %.
    ocr_min_confidence: float = 90.0

    def signature(self) -> str:
        """'' for the defaults (fingerprints stay as they were); else the values, so a file
        cut by a lowered limit is re-read when the limit is raised again."""
        changed = {k: v for k, v in asdict(self).items() if getattr(DEFAULT, k) != v}
        return ",".join(f"{k}={v}" for k, v in sorted(changed.items()))


DEFAULT = IngestLimits()
