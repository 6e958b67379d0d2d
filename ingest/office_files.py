"""Office files beyond DOCX (.doc, .xls, .xlsx, .pptx, .odt, .rtf). Not yet implemented."""

from __future__ import annotations

from pathlib import Path

from ingest.errors import RejectedFileError
from ingest.limits import IngestLimits
from ingest.loaded import LoadedFile

OFFICE_TYPES: frozenset[str] = frozenset()


def load_office(path: Path, data: bytes, limits: IngestLimits) -> LoadedFile:
    raise RejectedFileError("unsupported_type", path.suffix.lower())
