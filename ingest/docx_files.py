"""DOCX files: paragraphs, then table rows."""

from __future__ import annotations

import zipfile
from pathlib import Path
from typing import Any

from ingest.errors import RejectedFileError
from ingest.limits import DEFAULT
from ingest.loaded import LoadedFile, RawSection, truncated

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
# Run content as text. python-docx drops <w:softHyphen/>, which is how Word stores the byte
# 0xAD typed in a .VnTime (TCVN3) font: the letter "ư". Kept as U+00AD, the legacy converter
# gets it back; clean_text removes a real soft hyphen later.
_RUN_TEXT = {
    f"{_W}t": None,
    f"{_W}tab": "\t",
    f"{_W}br": "\n",
    f"{_W}cr": "\n",
    f"{_W}softHyphen": "\u00ad",
    f"{_W}noBreakHyphen": "-",
}


def _text_of(element: Any) -> str:
    """The text of a paragraph or cell element, in document order."""
    parts: list[str] = []
    for node in element.iter(*_RUN_TEXT):
        fixed = _RUN_TEXT[node.tag]
        parts.append(node.text or "" if fixed is None else fixed)
    return "".join(parts)


def _cell_text(cell: Any) -> str:
    return "\n".join(_text_of(paragraph) for paragraph in cell.iter(f"{_W}p")).strip()


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
        text = _text_of(paragraph._p)
        if not title and text.strip() and style.lower().startswith(("title", "heading 1")):
            title = text.strip()
        lines.append(text)
        size += len(lines[-1]) + 1
    rows = (row for table in document.tables for row in table.rows)
    for row in rows if size <= max_chars else ():
        lines.append(" | ".join(_cell_text(cell._tc) for cell in row.cells))
        size += len(lines[-1]) + 1
        if size > max_chars:
            break
    text = "\n".join(lines)
    notices = (truncated(max_chars),) if len(text) > max_chars else ()
    return LoadedFile([RawSection(text[:max_chars])], title, notices)
