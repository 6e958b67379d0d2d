"""File names as people see them: decodable, one line, no bidi tricks."""

from __future__ import annotations

import os
import re
import unicodedata
from pathlib import Path

_SURROGATES = re.compile(r"[\ud800-\udfff]")


def stored_path(path: str | os.PathLike[str]) -> str:
    """The path as UTF-8-safe text: bytes that are not UTF-8 become U+FFFD (the index and the
    embedder take only valid UTF-8); a name that is valid UTF-8 is kept exactly."""
    return os.fsencode(path).decode("utf-8", errors="replace")


def _invisible(char: str) -> bool:
    # Cc: C0/C1 controls (newline, escape); Cf: format characters (RTL/LTR overrides and
    # isolates, zero-width joiners); Zl/Zp: line and paragraph separators.
    return unicodedata.category(char) in ("Cc", "Cf", "Zl", "Zp")


def shown_path(path: str | os.PathLike[str]) -> str:
    """The path for a report line: stored_path with each invisible character written as its
    escape (``\\n``, ``\\u202e``), so a file name cannot forge lines or reverse text."""
    return "".join(ascii(char)[1:-1] if _invisible(char) else char for char in stored_path(path))


def clean_title(text: str) -> str:
    """A title on one line without invisible characters (a bidi override in a file name would
    otherwise show ``exe.txt`` as ``txt.exe`` in every list)."""
    text = _SURROGATES.sub("\ufffd", text)
    kept = "".join(" " if char.isspace() else "" if _invisible(char) else char for char in text)
    return " ".join(unicodedata.normalize("NFC", kept).split())


def name_of(path: Path) -> str:
    """The file name, decoded for people (U+FFFD for undecodable bytes)."""
    return stored_path(path.name)
