"""Text from pictures of pages: scanned PDF pages and image files, read by Tesseract 5 with
its Vietnamese model (PDF pages rendered with pypdfium2 at their scan's own resolution).
Chosen over ocrmypdf by measurement (``eval/bench_ocr.py``): the same characters read (0.10 %
wrong at 300 dpi, 0.55 % at 150 dpi with noise), 1.3x the pages a minute, no Ghostscript, and
the per-page confidence that ocrmypdf's output PDF does not keep."""

from __future__ import annotations

import os
import re
import shutil
import struct
import subprocess
import sys
import tempfile
import unicodedata
from collections import deque
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from functools import cache
from io import BytesIO
from pathlib import Path
from typing import TYPE_CHECKING

from tqdm import tqdm

from index.text import fold
from index.vietnamese import STOPWORDS
from ingest.errors import Notice, RejectedFileError
from ingest.limits import IngestLimits
from ingest.loaded import LoadedFile, RawSection

if TYPE_CHECKING:
    from PIL.Image import Image

IMAGE_TYPES: frozenset[str] = frozenset({".png", ".jpg", ".jpeg", ".tif", ".tiff"})

# A text layer with fewer letters than this is a scan with, at most, a stamp or a page number.
MIN_LAYER_LETTERS = 40
# Of a text layer's letters and debris, at most this share may be debris (U+FFFD, private-use
# glyphs, control characters, "(cid:N)" of fonts without a Unicode map).
MAX_LAYER_DEBRIS = 0.3
# A rendered page or an image beyond this many pixels is scaled down first: an A4 page at
# 300 dpi is 8.7 million; a 20,000 x 20,000 "scan" must not cost minutes of Tesseract.
MAX_PIXELS = 36_000_000
_CID = re.compile(r"\(cid:\d+\)")
# The start of a list item or a numbered clause: "- ", "• ", "1. ", "2) ", "a) ", "Điều 3."
_LIST_ITEM = re.compile(r"^(?:[-–•+*▪●◦]\s|\d{1,3}[.)]\s|[a-zđ][)]\s|(?:Điều|Chương|Mục)\s+\d)")


@dataclass(frozen=True)
class PageText:
    text: str
    confidence: float  # Tesseract's mean word confidence, 0-100 (0 when it read no word)


def usable_layer(text: str) -> bool:
    """Whether a PDF page's text layer is worth keeping as it is (then it is never OCR'd)."""
    return _letters_and_debris(text)[0] >= MIN_LAYER_LETTERS and not garbled_layer(text)


def garbled_layer(text: str) -> bool:
    """A text layer that is mostly debris: the page is text drawn with fonts whose letters
    cannot be mapped back, and rendering it is the only way to read it."""
    letters, debris = _letters_and_debris(text)
    return debris > 0 and debris / max(1, letters + debris) > MAX_LAYER_DEBRIS


def _letters_and_debris(text: str) -> tuple[int, int]:
    debris = len(_CID.findall(text))
    letters = 0
    for char in _CID.sub("", text):
        if char == "\ufffd" or unicodedata.category(char) in ("Co", "Cc", "Cs", "Cn"):
            debris += not char.isspace()
        elif char.isalnum():
            letters += 1
    return letters, debris


# Tesseract's OpenMP threads spin against each other and the embedder on a small machine:
# one thread per process and one process per core read pages 6x faster here (measured on
# 2 busy cores, ``eval/bench_ocr.py``). pytesseract cannot hand a subprocess its own
# environment, and setting it process-wide would also cap torch's threads, so Tesseract's
# command line is called directly.
_ENV = {**os.environ, "OMP_THREAD_LIMIT": "1"}
WORKERS = max(1, min(4, os.cpu_count() or 1))
PAGE_TIMEOUT_S = 180  # a page Tesseract has not read in 3 minutes is not a page of text


@cache
def _tesseract(languages: str) -> str:
    """The Tesseract executable, once it is known to have every language model asked for."""
    executable = shutil.which("tesseract")
    if executable is None:
        raise RejectedFileError("ocr_unavailable", "chưa cài Tesseract (gói tesseract-ocr)")
    try:
        listed = subprocess.run(
            [executable, "--list-langs"], capture_output=True, text=True, timeout=30, env=_ENV
        )
    except (OSError, subprocess.SubprocessError) as exc:
        raise RejectedFileError("ocr_unavailable", f"Tesseract không chạy được: {exc}") from exc
    installed = set(listed.stdout.split()[1:] if listed.returncode == 0 else [])
    missing = [lang for lang in languages.split("+") if lang not in installed]
    if missing:
        packages = ", ".join(f"tesseract-ocr-{lang}" for lang in missing)
        raise RejectedFileError("ocr_unavailable", f"thiếu mô hình ngôn ngữ ({packages})")
    return executable


def read_page(image: Image, languages: str) -> PageText:
    """One page image through Tesseract: its text (lines as Tesseract found them, blocks
    separated by a blank line) and its mean word confidence."""
    return _run_tesseract(_tesseract(languages), _as_pnm(image), languages)


def _as_pnm(image: Image) -> bytes:
    """The page as PGM/PPM bytes: no compression to spend time on, and Leptonica reads it."""
    image = _bounded(image)
    if image.mode not in ("L", "RGB"):
        image = image.convert("RGB")
    buffer = BytesIO()
    image.save(buffer, format="PPM")
    return buffer.getvalue()


def _run_tesseract(executable: str, pnm: bytes, languages: str) -> PageText:
    with tempfile.TemporaryDirectory(prefix="hoidap-ocr-") as folder:
        base = Path(folder) / "page"
        # One run writes both the text and the per-word confidences (the "tsv" config).
        try:
            done = subprocess.run(
                [executable, "stdin", str(base), "-l", languages, "txt", "tsv"],
                input=pnm,
                capture_output=True,
                timeout=PAGE_TIMEOUT_S,
                env=_ENV,
            )
        except subprocess.TimeoutExpired as exc:
            raise RejectedFileError("ocr_failed", f"quá {PAGE_TIMEOUT_S} giây một trang") from exc
        except OSError as exc:
            raise RejectedFileError("ocr_unavailable", str(exc)[:200]) from exc
        if done.returncode != 0:
            message = done.stderr.decode(errors="replace").strip().splitlines()[-1:]
            raise RejectedFileError("ocr_failed", (message or [f"mã {done.returncode}"])[0][:200])
        text = base.with_suffix(".txt").read_text(encoding="utf-8", errors="replace")
        tsv = base.with_suffix(".tsv").read_text(encoding="utf-8", errors="replace")
    return PageText(unwrap(unicodedata.normalize("NFC", text)), _mean_confidence(tsv))


def unwrap(text: str) -> str:
    """Tesseract's text with each paragraph's lines joined: it breaks lines where the page did,
    and a sentence cut by a newline is two sentences to the answer stages (a question about
    "hiệu lực từ ngày\n15 tháng 3" was not answered). A line that starts a list item stays a
    line; paragraphs stay apart."""
    paragraphs = []
    for block in re.split(r"\n\s*\n", text.strip()):
        lines = [line.strip() for line in block.splitlines() if line.strip()]
        joined = lines[:1]
        for line in lines[1:]:
            if _LIST_ITEM.match(line):
                joined.append("\n" + line)
            else:
                joined.append(" " + line)
        paragraphs.append("".join(joined))
    return "\n\n".join(p for p in paragraphs if p)


# A line that goes on in the next: it ends without a sentence's end, and the next line starts
# in lower case, with a digit or a bracket ("… ngày\n31/12/2024", "… Chất lượng\n(BoA)").
_ENDS_SENTENCE = re.compile(r"[.!?…:;]['\"”’)]*$")
_GOES_ON = re.compile(r"^[\d(\[“\"]|^[^\W\d_]", re.UNICODE)
_HEADING = re.compile(r"^(?:Chương|Phần|Mục|CHƯƠNG|PHẦN|MỤC)\s+[\dIVXLC]")
# A line at least this share of the page's longest line, not ending a sentence, was wrapped
# by the layout even when the next line starts with a capital (a name: "… của Tổ chức\nCông
# nhận Châu Á"); a shorter one is a heading, a table row, a byline: it stays a line.
FULL_LINE_SHARE = 0.85


def _full_line(lines: list[str]) -> int:
    """How long a line the layout wrapped is on this page: the 80th percentile of its longer
    lines (a footer or a URL can be longer than the body's lines)."""
    lengths = sorted(len(line.strip()) for line in lines if len(line.strip()) >= 20)
    return lengths[int(0.8 * (len(lengths) - 1))] if lengths else 0


def reflow_layer(text: str) -> str:
    """A PDF text layer with the layout's line breaks inside sentences joined: pypdf breaks
    lines where the page did, and a sentence cut by a newline is two sentences to the answer
    stages (a quoted answer would stop mid-sentence). List items, "Điều"/"Chương" headings,
    short lines and blank lines stay as they are."""
    lines = text.split("\n")
    longest = _full_line(lines)
    out: list[str] = []
    for previous, line in zip(["", *lines], lines, strict=False):
        # Judged on the page's line before, not on what it was joined into.
        stripped, before = line.strip(), previous.strip()
        if out and before and stripped and _joins(before, stripped, longest):
            out[-1] = f"{out[-1].rstrip()} {stripped}"
        else:
            out.append(line)
    return "\n".join(out)


def _joins(previous: str, line: str, longest: int) -> bool:
    if _ENDS_SENTENCE.search(previous) or _LIST_ITEM.match(line) or _HEADING.match(line):
        return False
    starts_lower = bool(_GOES_ON.match(line)) and not line[:1].isupper()
    # No sentence ends on "của", "và", "theo" …: the line was cut inside one.
    dangling = fold(previous.rsplit(maxsplit=1)[-1]) in STOPWORDS
    return starts_lower or dangling or len(previous) >= FULL_LINE_SHARE * longest


def _mean_confidence(tsv: str) -> float:
    scores: list[float] = []
    for line in tsv.splitlines()[1:]:
        fields = line.split("\t")
        # level 5 is a word; -1 marks layout rows without text.
        if len(fields) == 12 and fields[0] == "5" and fields[11].strip():
            score = float(fields[10])
            if score >= 0:
                scores.append(score)
    return round(sum(scores) / len(scores), 1) if scores else 0.0


def _bounded(image: Image) -> Image:
    pixels = image.width * image.height
    if pixels <= MAX_PIXELS:
        return image
    scale = (MAX_PIXELS / pixels) ** 0.5
    return image.resize((max(1, int(image.width * scale)), max(1, int(image.height * scale))))


def ocr_pages(
    pages: list[tuple[int, Callable[[], Image]]],
    name: str,
    limits: IngestLimits,
    progress: bool = False,
) -> dict[int, PageText]:
    """OCR each (page number, image maker) pair, ``WORKERS`` Tesseract processes at a time.
    Images are made here, in order (pdfium is not thread-safe), and at most ``WORKERS`` of
    them wait, so a long scan never holds many rendered pages. Refuses, before reading any,
    beyond the page limit."""
    if len(pages) > limits.ocr_max_pages:
        raise RejectedFileError(
            "too_many_ocr_pages", f"{len(pages)} trang cần OCR > {limits.ocr_max_pages}"
        )
    if not pages:
        return {}
    executable = _tesseract(limits.ocr_languages)
    read: dict[int, PageText] = {}
    with (
        tqdm(
            total=len(pages),
            desc=f"OCR {name}"[:40],
            unit="trang",
            file=sys.stderr,
            disable=not progress or len(pages) < 2,
            leave=False,
        ) as bar,
        ThreadPoolExecutor(WORKERS) as pool,
    ):
        waiting: deque[tuple[int, Future[PageText]]] = deque()
        for number, make in pages:
            if len(waiting) >= WORKERS:
                done, future = waiting.popleft()
                read[done] = future.result()
                bar.update()
            pnm = _as_pnm(make())
            waiting.append(
                (number, pool.submit(_run_tesseract, executable, pnm, limits.ocr_languages))
            )
        for done, future in waiting:
            read[done] = future.result()
            bar.update()
    return read


def low_confidence(read: dict[int, PageText], limits: IngestLimits) -> tuple[Notice, ...]:
    """The notice naming the OCR'd pages too poorly read to trust, if any."""
    poor = [n for n, page in sorted(read.items()) if page.confidence < limits.ocr_min_confidence]
    if not poor:
        return ()
    shown = ", ".join(str(n) for n in poor[:30]) + (" …" if len(poor) > 30 else "")
    return (
        Notice(
            "ocr_low_confidence",
            f"trang {shown} (độ tin cậy < {limits.ocr_min_confidence:g}/100)",
        ),
    )


def load_image(path: Path, data: bytes, limits: IngestLimits, progress: bool = False) -> LoadedFile:
    """An image file as pages (a multi-page TIFF has several), each OCR'd."""
    from PIL import Image, UnidentifiedImageError

    try:
        image = Image.open(BytesIO(data))
        count = getattr(image, "n_frames", 1)
        if count > limits.ocr_max_pages:
            raise RejectedFileError(
                "too_many_ocr_pages", f"{count} trang cần OCR > {limits.ocr_max_pages}"
            )

        def frame(number: int) -> Callable[[], Image.Image]:
            def make() -> Image.Image:
                image.seek(number - 1)
                return _page_of(image)

            return make

        read = ocr_pages([(n, frame(n)) for n in range(1, count + 1)], path.name, limits, progress)
    except RejectedFileError:
        raise
    except (UnidentifiedImageError, Image.DecompressionBombError) as exc:
        raise RejectedFileError("corrupt_image", f"{type(exc).__name__}: {exc}"[:200]) from exc
    # Truncated or broken data; PIL's decoders raise all of these on hostile files.
    except (OSError, ValueError, EOFError, SyntaxError, struct.error, IndexError, KeyError) as exc:
        raise RejectedFileError("corrupt_image", f"{type(exc).__name__}: {exc}"[:200]) from exc
    sections = [RawSection(p.text, n, p.confidence) for n, p in sorted(read.items())]
    return LoadedFile(sections, "", low_confidence(read, limits))


def _page_of(frame: Image) -> Image:
    """A frame as Tesseract should see it: upright as the camera held it (EXIF), transparent
    parts white (a transparent background converted to RGB is black, and so is the text)."""
    from PIL import Image, ImageOps

    upright = ImageOps.exif_transpose(frame) or frame
    if upright.mode in ("L", "RGB"):
        return upright.copy()
    if upright.mode in ("RGBA", "LA", "PA") or "transparency" in upright.info:
        rgba = upright.convert("RGBA")
        page = Image.new("RGB", rgba.size, "white")
        page.paste(rgba, mask=rgba.getchannel("A"))
        return page
    return upright.convert("RGB")
