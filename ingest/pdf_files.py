"""PDF files: the text layer, page by page; a page without a usable one (a scan) is rendered
and OCR'd (``ingest.ocr``)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from ingest.errors import Notice, RejectedFileError
from ingest.limits import DEFAULT, IngestLimits
from ingest.loaded import LoadedFile, RawSection, capped, truncated
from ingest.ocr import (
    PageText,
    garbled_layer,
    low_confidence,
    ocr_pages,
    reflow_layer,
    usable_layer,
)

if TYPE_CHECKING:
    from PIL.Image import Image
    from pypdfium2 import PdfDocument

# A page is never drawn smaller than this, even when its picture is a thumbnail.
MIN_RENDER_DPI = 72
_PDF_ERRORS: tuple[type[BaseException], ...] = (
    ValueError,
    KeyError,
    TypeError,
    OSError,
    RecursionError,
    AttributeError,
    IndexError,
    AssertionError,
    ZeroDivisionError,
)


def load_pdf(
    path: Path, max_pages: int, limits: IngestLimits = DEFAULT, progress: bool = False
) -> LoadedFile:
    from pypdf import PdfReader
    from pypdf.errors import DependencyError, FileNotDecryptedError, PdfReadError

    max_chars = limits.max_document_chars
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
        layers: list[str] = []
        notices: tuple[Notice, ...] = ()
        room = max_chars
        for page in reader.pages:
            if room <= 0:  # the pages after the cap are not even extracted
                notices = (truncated(max_chars),)
                break
            layers.append(page.extract_text() or "")
            room -= len(layers[-1])
        title = ""
        try:
            title = str((reader.metadata or {}).get("/Title") or "").strip()
        except Exception:  # broken info dictionaries are common and harmless
            title = ""
    except RejectedFileError:
        raise
    except (PdfReadError, *_PDF_ERRORS) as exc:
        raise RejectedFileError("corrupt_pdf", f"{type(exc).__name__}: {exc}"[:200]) from exc
    read = _ocr_scanned(path, layers, limits, progress)
    sections = [
        RawSection(read[n].text, n, read[n].confidence)
        if n in read
        else RawSection(reflow_layer(text), n)
        for n, text in enumerate(layers, start=1)
    ]
    loaded = capped(LoadedFile(sections, title), limits)
    return LoadedFile(
        loaded.sections, title, (*notices, *loaded.notices, *low_confidence(read, limits))
    )


def _ocr_scanned(
    path: Path, layers: list[str], limits: IngestLimits, progress: bool
) -> dict[int, PageText]:
    """The pages whose text layer is unusable and that hold something to read, OCR'd; a page
    whose OCR reads fewer letters than its layer keeps the layer."""
    if all(usable_layer(text) for text in layers):
        return {}  # the common case: pdfium is not even opened
    import pypdfium2 as pdfium

    try:
        document = pdfium.PdfDocument(path)
    except (pdfium.PdfiumError, *_PDF_ERRORS) as exc:
        raise RejectedFileError("corrupt_pdf", f"{type(exc).__name__}: {exc}"[:200]) from exc
    try:
        todo: list[tuple[int, Callable[[], Image]]] = []
        for number, text in enumerate(layers, start=1):
            if usable_layer(text):
                continue
            scan_dpi = _scan_dpi(document, number - 1)
            if scan_dpi is None and not garbled_layer(text):
                continue  # a short page of text, or a blank one: nothing more to read
            # At the scan's own resolution: upsampled, its noise grows into the letters
            # (150 dpi rendered at 300: 14 % of characters wrong instead of 0.5 %).
            dpi = min(limits.ocr_dpi, max(MIN_RENDER_DPI, round(scan_dpi or limits.ocr_dpi)))
            todo.append((number, _renderer(document, number - 1, dpi)))
        read = ocr_pages(todo, path.name, limits, progress)
    except (pdfium.PdfiumError, *_PDF_ERRORS) as exc:
        raise RejectedFileError("corrupt_pdf", f"{type(exc).__name__}: {exc}"[:200]) from exc
    finally:
        document.close()
    # A scan Tesseract read nothing of stays in (named as a page too poor to trust).
    return {n: page for n, page in read.items() if _letters(page.text) >= _letters(layers[n - 1])}


def _scan_dpi(document: PdfDocument, index: int) -> float | None:
    """The resolution of the largest picture on the page (the scan), None when it has none."""
    import pypdfium2.raw as pdfium_c

    page = document[index]
    try:
        best: tuple[float, float] | None = None
        for picture in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE]):
            left, bottom, right, top = picture.get_bounds()
            area = (right - left) * (top - bottom)
            if best is None or area > best[0]:
                best = (area, float(picture.get_metadata().horizontal_dpi))
        return None if best is None else max(0.0, best[1])  # 0: unknown, read at ocr_dpi
    finally:
        page.close()


def _renderer(document: PdfDocument, index: int, dpi: int) -> Callable[[], Image]:
    def render() -> Image:
        page = document[index]
        try:
            bitmap = page.render(scale=dpi / 72, grayscale=True)
            return bitmap.to_pil()
        finally:
            page.close()

    return render


def _letters(text: str) -> int:
    return sum(char.isalnum() for char in text)
