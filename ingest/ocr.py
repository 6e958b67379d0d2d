"""Text from pictures of pages (scanned PDF pages, images). Not yet implemented."""

from __future__ import annotations

from pathlib import Path

from ingest.errors import RejectedFileError
from ingest.limits import IngestLimits
from ingest.loaded import LoadedFile

IMAGE_TYPES: frozenset[str] = frozenset()


def load_image(path: Path, data: bytes, limits: IngestLimits) -> LoadedFile:
    raise RejectedFileError("unsupported_type", path.suffix.lower())
