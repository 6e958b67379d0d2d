"""DOCX files: paragraphs, then table rows."""

from __future__ import annotations

import zipfile
from pathlib import Path

from ingest.errors import RejectedFileError
from ingest.limits import DEFAULT
from ingest.loaded import LoadedFile, RawSection, truncated


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
    notices = (truncated(max_chars),) if len(text) > max_chars else ()
    return LoadedFile([RawSection(text[:max_chars])], title, notices)
