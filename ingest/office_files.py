"""Office files beyond DOCX: .doc, .xls, .xlsx, .pptx, .odt, .rtf.

Readers were chosen by measurement on Vietnamese text (files written by LibreOffice from the
corpus, compared with the source; figures in the module's tests and the issue-15 note):
- .doc: LibreOffice converts it to .odt, read by the ODF reader below. antiword and catdoc are
  200x faster and exact on plain Unicode text, but both drop the optional hyphen U+00AD, which
  is the letter "ư" of TCVN3 text (so "l\u00adêng" can no longer become "lường"), wrap lines
  at 72-80 columns, and antiword splits table cells across lines.
- .xls: xlrd (exact, cell types kept, dates as dates). catdoc's xls2csv also drops U+00AD and
  prints dates as serial numbers; LibreOffice is exact but costs a second per file.
- .xlsx: openpyxl, read-only, cached values. .pptx: python-pptx. .odt: odfpy (exact, tables as
  rows). .rtf: striprtf (exact, keeps U+00AD, tables as rows).
Characters are kept exactly as the file stores them: legacy fonts are the job of
``legacy_encoding``, which needs the Latin-1 letters intact.
"""

from __future__ import annotations

import io
import os
import re
import shutil
import signal
import subprocess
import tempfile
import zipfile
from collections.abc import Iterable, Iterator
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

from ingest.archives import check_archive
from ingest.errors import RejectedFileError
from ingest.limits import IngestLimits
from ingest.loaded import LoadedFile, RawSection

OFFICE_TYPES: frozenset[str] = frozenset({".doc", ".xls", ".xlsx", ".pptx", ".odt", ".rtf"})

# OLE2 compound file: .doc and .xls, and also .docx/.xlsx/.pptx once a password encrypts them.
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_RTF_MAGIC = b"{\\rtf"
_ZIP_MAGIC = b"PK\x03\x04"
_ZIP_TYPES = {".xlsx", ".pptx", ".odt"}


def load_office(path: Path, data: bytes, limits: IngestLimits) -> LoadedFile:
    """The file's text: a section per sheet (.xls/.xlsx) or per slide (.pptx, its number as the
    page), one section otherwise. Raises RejectedFileError for a corrupt or encrypted file, or
    a converter that is missing or too slow."""
    suffix = path.suffix.lower()
    if suffix in (".rtf", ".doc") and data.lstrip()[:5] == _RTF_MAGIC:  # RTF saved as .doc
        return _load_rtf(data)
    if suffix == ".rtf":
        raise RejectedFileError("corrupt_office", "không phải tệp RTF")
    if suffix == ".xls" and data.startswith(_ZIP_MAGIC):  # an .xlsx renamed .xls
        suffix = ".xlsx"
    if suffix in _ZIP_TYPES or (suffix == ".doc" and data.startswith(_ZIP_MAGIC)):
        if suffix != ".doc" and data.startswith(_OLE_MAGIC):
            raise RejectedFileError("encrypted_office")
        try:
            check_archive(path, limits)
        except RejectedFileError as error:
            if error.code != "corrupt_docx":
                raise
            raise RejectedFileError("corrupt_office", error.detail) from error
    if suffix == ".doc":
        return _load_doc(data, limits)
    if suffix == ".xls":
        return _sheets(_xls_rows(data), limits)
    if suffix == ".xlsx":
        return _sheets(_xlsx_rows(data), limits)
    if suffix == ".pptx":
        return _load_pptx(data)
    if suffix == ".odt":
        return _load_odt(data)
    raise RejectedFileError("unsupported_type", suffix)


# The report names the file next to the reason, so a detail only says what went wrong.
def _corrupt(exc: BaseException) -> RejectedFileError:
    return RejectedFileError("corrupt_office", f"{type(exc).__name__}: {exc}"[:200])


# --- .doc through LibreOffice ---------------------------------------------------------------


def _load_doc(data: bytes, limits: IngestLimits) -> LoadedFile:
    # Word 97-2003 (OLE), or a .docx or web page saved under .doc: LibreOffice reads them all.
    # Anything else it would import as plain text, garbage included, so it is refused here.
    if not data.startswith((_OLE_MAGIC, _ZIP_MAGIC)) and not _looks_like_markup(data):
        raise RejectedFileError("corrupt_office", "không phải tệp Word")
    with tempfile.TemporaryDirectory(prefix="hoidap-office-") as work:
        converted = convert_with_libreoffice(data, ".doc", "odt", Path(work), limits)
        return _load_odt(converted.read_bytes())


def _looks_like_markup(data: bytes) -> bool:
    head = data[:512].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return head.startswith((b"<html", b"<!doctype html", b"<?xml", b"mime-version:"))


def convert_with_libreoffice(
    data: bytes, suffix: str, target: str, work: Path, limits: IngestLimits
) -> Path:
    """``data`` converted by headless LibreOffice to ``target`` (an extension) inside ``work``.
    The input is copied under a fixed name (a file name never reaches the command line), the
    profile is private (two conversions at once cannot share one), and the whole process
    group is killed at the time limit (soffice runs soffice.bin as a child)."""
    program = shutil.which("soffice") or shutil.which("libreoffice")
    if program is None:
        raise RejectedFileError("converter_missing", "LibreOffice (soffice)")
    source = work / f"input{suffix}"
    source.write_bytes(data)
    outdir = work / "out"
    command = [
        program,
        f"-env:UserInstallation={(work / 'profile').as_uri()}",
        "--headless",
        "--norestore",
        "--nolockcheck",
        "--convert-to",
        target,
        "--outdir",
        str(outdir),
        str(source),
    ]
    process = subprocess.Popen(
        command,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
        env={**os.environ, "HOME": str(work)},
    )
    try:
        process.communicate(timeout=limits.converter_timeout_s)
    except subprocess.TimeoutExpired as exc:
        os.killpg(process.pid, signal.SIGKILL)
        process.communicate()
        raise RejectedFileError(
            "converter_timeout", f"LibreOffice > {limits.converter_timeout_s:g} giây"
        ) from exc
    result = outdir / f"input.{target}"
    if not result.is_file():  # soffice exits 0 even then; its English message adds nothing
        raise RejectedFileError("corrupt_office", "LibreOffice không mở được tệp")
    return result


# --- OpenDocument text (.odt, and .doc after conversion) -------------------------------------


def _load_odt(data: bytes) -> LoadedFile:
    from odf.namespaces import TEXTNS

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            manifest = archive.read("META-INF/manifest.xml")
        if b"encryption-data" in manifest:
            raise RejectedFileError("encrypted_office")
        from odf.opendocument import load

        document = load(io.BytesIO(data))
    except RejectedFileError:
        raise
    except Exception as exc:  # odfpy surfaces zipfile, KeyError and XML parser errors as-is
        raise _corrupt(exc) from exc
    lines: list[str] = []
    title = ""
    for kind, line in _odf_blocks(document.text):
        if kind == (TEXTNS, "h") and not title and line.strip():
            title = line.strip()
        lines.append(line)
    return LoadedFile([RawSection("\n".join(lines))], title)


def _odf_blocks(node: Any) -> Iterator[tuple[tuple[str, str], str]]:
    """(element name, text) for each paragraph, heading and table row, in document order;
    a table row is its cells joined by " | " so a row stays one line."""
    from odf import teletype
    from odf.namespaces import TABLENS, TEXTNS

    for child in node.childNodes:
        name = getattr(child, "qname", None)
        if name in ((TEXTNS, "p"), (TEXTNS, "h")):
            yield name, teletype.extractText(child)
        elif name == (TABLENS, "table-row"):
            cells = (
                " ".join(teletype.extractText(part) for part in cell.childNodes).strip()
                for cell in child.childNodes
                if getattr(cell, "qname", None) == (TABLENS, "table-cell")
            )
            yield name, " | ".join(cell for cell in cells if cell)
        elif name == (TEXTNS, "tracked-changes"):  # deleted text, kept for "undo"
            continue
        elif name is not None and name[0] in (TEXTNS, TABLENS):  # lists, sections, tables
            yield from _odf_blocks(child)


# --- .rtf --------------------------------------------------------------------------------------

_ANSI_CODEPAGE = re.compile(rb"\\ansicpg(\d+)")


def _load_rtf(data: bytes) -> LoadedFile:
    from striprtf.striprtf import rtf_to_text

    # \'xx escapes are bytes in the document's code page (Vietnamese Word writes 1258);
    # \uN escapes are Unicode and striprtf decodes them either way.
    found = _ANSI_CODEPAGE.search(data[:4096])
    codec = f"cp{int(found.group(1))}" if found else "cp1252"
    try:
        "".encode(codec)
    except LookupError:
        codec = "cp1252"
    text = rtf_to_text(data.decode(codec, errors="replace"), encoding=codec, errors="replace")
    return LoadedFile([RawSection(text)])


# --- .pptx -----------------------------------------------------------------------------------


def _load_pptx(data: bytes) -> LoadedFile:
    try:
        from pptx import Presentation

        presentation = Presentation(io.BytesIO(data))
    except Exception as exc:  # python-pptx raises its own PackageNotFoundError, KeyError...
        raise _corrupt(exc) from exc
    sections: list[RawSection] = []
    title = ""
    for number, slide in enumerate(presentation.slides, start=1):
        lines = list(_shape_lines(slide.shapes))
        if not title and slide.shapes.title is not None and slide.shapes.title.has_text_frame:
            title = slide.shapes.title.text_frame.text.strip()
        if slide.has_notes_slide and slide.notes_slide.notes_text_frame is not None:
            notes = slide.notes_slide.notes_text_frame.text.strip()
            if notes:
                lines.append(f"Ghi chú: {notes}")
        if any(line.strip() for line in lines):
            sections.append(RawSection("\n".join(lines), page=number))
    return LoadedFile(sections, title)


def _shape_lines(shapes: Iterable[Any]) -> Iterator[str]:
    for shape in shapes:
        if getattr(shape, "shapes", None) is not None:  # a group
            yield from _shape_lines(shape.shapes)
        elif getattr(shape, "has_table", False) and shape.has_table:
            for row in shape.table.rows:
                cells = (cell.text.strip() for cell in row.cells)
                yield " | ".join(cell for cell in cells if cell)
        elif getattr(shape, "has_text_frame", False) and shape.has_text_frame:
            yield from (paragraph.text for paragraph in shape.text_frame.paragraphs)


# --- spreadsheets ----------------------------------------------------------------------------

Sheet = tuple[str, Iterable[Iterable[Any]]]
_BREAKS = re.compile(r"[ \t]*[\r\n\t]+[ \t]*")


def _xls_rows(data: bytes) -> Iterator[Sheet]:
    import xlrd

    if not data.startswith(_OLE_MAGIC):
        raise RejectedFileError("corrupt_office", "không phải tệp Excel 97-2003")
    try:
        book = xlrd.open_workbook(file_contents=data, on_demand=True)
    except Exception as exc:  # xlrd.XLRDError, struct.error, CompDocError on broken files
        if "encrypted" in str(exc).lower():
            raise RejectedFileError("encrypted_office") from exc
        raise _corrupt(exc) from exc

    def cells(sheet: Any, row: int) -> Iterator[Any]:
        for cell in sheet.row(row):
            if cell.ctype == xlrd.XL_CELL_DATE:
                yield xlrd.xldate_as_datetime(cell.value, book.datemode)
            elif cell.ctype == xlrd.XL_CELL_BOOLEAN:
                yield bool(cell.value)
            elif cell.ctype in (xlrd.XL_CELL_TEXT, xlrd.XL_CELL_NUMBER):
                yield cell.value
            else:  # empty, blank, error (#DIV/0!)
                yield None

    for index in range(book.nsheets):
        sheet = book.sheet_by_index(index)
        yield sheet.name, (cells(sheet, row) for row in range(sheet.nrows))


def _xlsx_rows(data: bytes) -> Iterator[Sheet]:
    try:
        import openpyxl

        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl: InvalidFileException, KeyError, XML parser errors
        raise _corrupt(exc) from exc
    for sheet in book.worksheets:
        yield sheet.title, sheet.iter_rows(values_only=True)


def _sheets(sheets: Iterable[Sheet], limits: IngestLimits) -> LoadedFile:
    """A section per sheet: its name, then each row as "Header: value; …" under the names of
    the sheet's first non-empty row. Rows stop being read past ``max_document_chars``."""
    sections: list[RawSection] = []
    size = 0
    for name, rows in sheets:
        if size > limits.max_document_chars:
            break
        header: list[str] | None = None
        lines = [f"Trang tính: {name}"]
        for row in rows:
            values = [_cell_text(value) for value in row]
            if not any(values):
                continue
            if header is None:
                header = values
                continue
            lines.append(_row_line(header, values))
            size += len(lines[-1]) + 1
            if size > limits.max_document_chars:
                break
        if header is not None and len(lines) == 1:  # a sheet that is only one row
            lines.append("; ".join(value for value in header if value))
        if len(lines) > 1:
            sections.append(RawSection("\n".join(lines)))
    return LoadedFile(sections)


def _row_line(header: list[str], values: list[str]) -> str:
    parts = []
    for column, value in enumerate(values):
        if not value:
            continue
        label = header[column] if column < len(header) and header[column] else ""
        parts.append(f"{label}: {value}" if label else value)
    return "; ".join(parts)


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "Đúng" if value else "Sai"
    if isinstance(value, datetime):
        if value.time() == time(0):
            return f"{value:%d/%m/%Y}"
        return f"{value:%d/%m/%Y %H:%M}"
    if isinstance(value, date):
        return f"{value:%d/%m/%Y}"
    if isinstance(value, float):
        # Excel stores every number as a float: 1583.0 is the integer 1583; 15 significant
        # digits is all a double holds, so 0.1 + 0.2 reads 0.3.
        return f"{value:.15g}"
    # Only line breaks and tabs are folded: U+00A0 and U+00AD are letters in TCVN3/VNI text.
    return _BREAKS.sub(" ", str(value)).strip(" ")
