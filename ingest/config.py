"""What ingestion needs to know, handed in by the composition root (``hoidap.wiring``)."""

from __future__ import annotations

from dataclasses import dataclass, field

from ingest.limits import IngestLimits


@dataclass(frozen=True)
class IngestConfig:
    chunk_size: int  # words per chunk (measured on Zalo WikiQA: README)
    chunk_overlap: int  # words shared by neighbouring chunks
    max_file_mb: float  # a larger file is refused before it is read
    max_pdf_pages: int
    legal_structure: bool  # read legal documents' header, tree and validity (off: to measure it)
    limits: IngestLimits = field(default_factory=IngestLimits)  # per-file bounds (hostile files)
