"""PDF files: the text layer, page by page."""

from __future__ import annotations

from pathlib import Path

from ingest.errors import Notice, RejectedFileError
from ingest.limits import DEFAULT
from ingest.loaded import LoadedFile, RawSection, truncated


def load_pdf(path: Path, max_pages: int, max_chars: int = DEFAULT.max_document_chars) -> LoadedFile:
    from pypdf import PdfReader
    from pypdf.errors import DependencyError, FileNotDecryptedError, PdfReadError

    try:
        reader = PdfReader(path, strict=False)
        if reader.is_encrypted:
            try:
                if not reader.decrypt(""):
                    raise RejectedFileError("encrypted_pdf")
            except (FileNotDecryptedError, DependencyError, NotImplementedError) as exc:
                raise RejectedFileError("encrypted_pdf", str(exc)) from exc
        count = len(reader.pages)
        if count > max_pages:
            raise RejectedFileError("too_many_pages", f"{count} > {max_pages}")
        sections: list[RawSection] = []
        notices: tuple[Notice, ...] = ()
        room = max_chars
        for number, page in enumerate(reader.pages, start=1):
            if room <= 0:  # the pages after the cap are not even extracted
                notices = (truncated(max_chars),)
                break
            text = page.extract_text() or ""
            if len(text) > room:
                notices = (truncated(max_chars),)
            sections.append(RawSection(text[:room], number))
            room -= len(sections[-1].text)
        title = ""
        try:
            title = str((reader.metadata or {}).get("/Title") or "").strip()
        except Exception:  # broken info dictionaries are common and harmless
            title = ""
    except RejectedFileError:
        raise
    except (
        PdfReadError,
        ValueError,
        KeyError,
        TypeError,
        OSError,
        RecursionError,
        AttributeError,
        IndexError,
        AssertionError,
        ZeroDivisionError,
    ) as exc:
        raise RejectedFileError("corrupt_pdf", f"{type(exc).__name__}: {exc}"[:200]) from exc
    return LoadedFile(sections, title, notices)
