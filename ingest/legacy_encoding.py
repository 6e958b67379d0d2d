"""Pre-Unicode Vietnamese encodings (TCVN3/ABC, VNI) read as if they were Unicode. Not yet
implemented: every file passes through unchanged."""

from __future__ import annotations

from ingest.loaded import LoadedFile


def convert_legacy(loaded: LoadedFile) -> LoadedFile:
    """The loaded file with legacy-encoded text converted to Unicode NFC (and a notice)."""
    return loaded
