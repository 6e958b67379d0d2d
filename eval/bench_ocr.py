"""OCR bench (``python -m eval.bench_ocr``): Vietnamese pages rendered from the corpus's own
text as scans (A4, DejaVu Serif 12 pt) at 300 dpi, at 150 dpi with noise, a slight skew and
blur, and at 100 dpi with heavy noise (a page to distrust); each set saved as an image-only
PDF and read back through the real loader (``ingest.loaders.load_file``, the path a scanned
PDF takes at ingest). Reports character error rate (edit distance / reference length,
whitespace collapsed, look-alike letters fixed as the ingest fixes them), Tesseract's mean
confidence, and pages per minute. ``--ocrmypdf`` runs the same PDFs through an ocrmypdf
executable for comparison (not a project dependency). ``bench_ocr_retrieval`` (given a
``Stack``) compares hit@5 on the golden questions over the corpus as text, as a PDF with a
text layer and as a scan.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import unicodedata
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from PIL import Image, ImageDraw, ImageFilter, ImageFont

from ingest.clean import normalize_unicode
from ingest.limits import IngestLimits
from ingest.loaders import load_file

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "docs_corpus"
FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf")
A4_INCHES = (8.27, 11.69)


@dataclass(frozen=True)
class Condition:
    name: str
    dpi: int
    noise: float = 0.0  # σ of the grey noise (0: a clean scan)
    blur: float = 0.0


CONDITIONS = (
    Condition("300dpi", 300),
    Condition("150dpi-noise", 150, noise=30, blur=0.5),
    # Past what Tesseract can read: shows what the confidence says of a page to distrust.
    Condition("100dpi-heavy-noise", 100, noise=60, blur=0.8),
)


def corpus_paragraphs(corpus: Path = CORPUS) -> list[str]:
    """The corpus's paragraphs, in file order (real Vietnamese prose, numbers, acronyms)."""
    paragraphs: list[str] = []
    for path in sorted(corpus.glob("*.txt")):
        for block in path.read_text(encoding="utf-8").split("\n"):
            if block := " ".join(block.split()):
                paragraphs.append(unicodedata.normalize("NFC", block))
    return paragraphs


def render_pages(
    paragraphs: list[str], dpi: int, limit: int | None = None
) -> list[tuple[Image.Image, str]]:
    """A4 pages (1-inch margins, 12 pt, 1.4 line spacing) of the paragraphs, each with the
    text drawn on it, lines joined by newlines."""
    font = ImageFont.truetype(str(FONT), round(12 * dpi / 72))
    width, height = (round(side * dpi) for side in A4_INCHES)
    margin, line_height = dpi, round(12 * dpi / 72 * 1.4)
    per_page = (height - 2 * margin) // line_height
    lines: list[str] = []
    for paragraph in paragraphs:
        line = ""
        for word in paragraph.split():
            candidate = f"{line} {word}".strip()
            if font.getlength(candidate) <= width - 2 * margin:
                line = candidate
            else:
                lines.append(line)
                line = word
        lines += [line, ""]
    pages: list[tuple[Image.Image, str]] = []
    for start in range(0, len(lines), per_page):
        chunk = lines[start : start + per_page]
        if not any(chunk):
            continue
        image = Image.new("L", (width, height), 255)
        draw = ImageDraw.Draw(image)
        for row, text in enumerate(chunk):
            draw.text((margin, margin + row * line_height), text, font=font, fill=0)
        pages.append((image, "\n".join(chunk).strip()))
        if limit and len(pages) >= limit:
            break
    return pages


def degrade(image: Image.Image, seed: int, noise: float, blur: float) -> Image.Image:
    """A poor scan: skewed 0.6°, blurred, grey noise and dust."""
    import numpy as np

    rng = np.random.default_rng(seed)
    skewed = image.rotate(0.6, resample=Image.Resampling.BICUBIC, fillcolor=255)
    pixels = np.asarray(skewed.filter(ImageFilter.GaussianBlur(blur)), dtype=np.float32)
    pixels += rng.normal(0, noise, pixels.shape)
    dust = rng.random(pixels.shape)
    pixels[dust < 0.002] = 0
    pixels[dust > 0.998] = 255
    return Image.fromarray(np.clip(pixels, 0, 255).astype(np.uint8))


def as_pdf(images: list[Image.Image], path: Path, dpi: int) -> Path:
    images[0].save(path, save_all=True, append_images=images[1:], resolution=dpi)
    return path


def normalized(text: str) -> str:
    """NFC with look-alike letters fixed (Tesseract's "Ð" for "Đ"), as the ingest does, and
    whitespace collapsed. Not ``clean_text``: its debris rules read lines, and a stamp line
    broken elsewhere on the page would count as an OCR error."""
    return " ".join(normalize_unicode(text).split())


def cer(reference: str, hypothesis: str) -> float:
    ref, hyp = normalized(reference), normalized(hypothesis)
    return edit_distance(ref, hyp) / max(1, len(ref))


def edit_distance(a: str, b: str) -> int:
    """Levenshtein distance, a numpy row at a time: nltk's caps inputs at 2,000 characters and
    takes seconds on a page; the insertions within a row are one running minimum."""
    import numpy as np

    target = np.array([ord(c) for c in b], dtype=np.int64)
    steps = np.arange(len(b) + 1)
    row = steps.copy()
    for i, char in enumerate(a, start=1):
        kept = np.empty_like(row)
        kept[0] = i
        kept[1:] = np.minimum(row[1:] + 1, row[:-1] + (target != ord(char)))
        row = np.minimum.accumulate(kept - steps) + steps
    return int(row[-1])


def run_loader(pdf: Path, references: list[str], limits: IngestLimits) -> dict[str, Any]:
    started = time.perf_counter()
    loaded = load_file(pdf, pdf.read_bytes(), max_pdf_pages=1000, limits=limits)
    seconds = time.perf_counter() - started
    texts = {s.page: s.text for s in loaded.sections}
    confidences = [s.ocr_confidence for s in loaded.sections if s.ocr_confidence is not None]
    return _summary(
        references, [texts.get(n, "") for n in range(1, len(references) + 1)], seconds
    ) | {
        "mean_confidence": round(sum(confidences) / max(1, len(confidences)), 1),
        "pages_ocr": len(confidences),
        "low_confidence_notices": [
            n.reason for n in loaded.notices if n.code == "ocr_low_confidence"
        ],
    }


def run_ocrmypdf(
    executable: str, pdf: Path, references: list[str], languages: str
) -> dict[str, Any]:
    """ocrmypdf's text layer, read back with pypdf as the ingest would read it."""
    from pypdf import PdfReader

    out = pdf.with_name(pdf.stem + "-ocrmypdf.pdf")
    started = time.perf_counter()
    done = subprocess.run(
        [
            executable,
            "-l",
            languages,
            "--output-type",
            "pdf",
            "--optimize",
            "0",
            str(pdf),
            str(out),
        ],
        capture_output=True,
        text=True,
    )
    seconds = time.perf_counter() - started
    if done.returncode != 0:
        return {"error": done.stderr.strip().splitlines()[-1:] or [f"rc={done.returncode}"]}
    texts = [page.extract_text() or "" for page in PdfReader(out).pages]
    return _summary(references, texts, seconds)


def _summary(references: list[str], texts: list[str], seconds: float) -> dict[str, Any]:
    rates = [cer(ref, hyp) for ref, hyp in zip(references, texts, strict=True)]
    chars = sum(len(normalized(r)) for r in references)
    pooled = (
        sum(rate * len(normalized(r)) for rate, r in zip(rates, references, strict=True)) / chars
    )
    return {
        "pages": len(references),
        "cer": round(pooled, 4),
        "cer_per_page": [round(r, 4) for r in rates],
        "seconds": round(seconds, 1),
        "pages_per_minute": round(60 * len(references) / seconds, 1),
    }


def bench_ocr(pages: int, languages: list[str], ocrmypdf: str | None, work: Path) -> dict[str, Any]:
    paragraphs = corpus_paragraphs()
    results: dict[str, Any] = {"cpu_count": os.cpu_count(), "conditions": {}}
    for condition in CONDITIONS:
        rendered = render_pages(paragraphs, condition.dpi, pages)
        images = [
            degrade(img, i, condition.noise, condition.blur) if condition.noise else img
            for i, (img, _) in enumerate(rendered)
        ]
        references = [text for _, text in rendered]
        pdf = as_pdf(images, work / f"{condition.name}.pdf", condition.dpi)
        runs: dict[str, Any] = {}
        for language in languages:
            limits = replace(IngestLimits(), ocr_languages=language)
            runs[f"tesseract[{language}]"] = run_loader(pdf, references, limits)
            print(
                condition.name,
                language,
                json.dumps(runs[f"tesseract[{language}]"]),
                file=sys.stderr,
            )
        if ocrmypdf:
            runs[f"ocrmypdf[{languages[0]}]"] = run_ocrmypdf(
                ocrmypdf, pdf, references, languages[0]
            )
            print(
                condition.name,
                "ocrmypdf",
                json.dumps(runs[f"ocrmypdf[{languages[0]}]"]),
                file=sys.stderr,
            )
        results["conditions"][condition.name] = runs
    return results


def corpus_copies(work: Path, corpus: Path = CORPUS) -> dict[str, Path]:
    """The corpus three ways, with its catalog (same doc ids): the text files as they are, a
    PDF with a text layer per file (fpdf2, DejaVu Serif 12 pt: the pagination alone), and a
    scan of the same pages (image-only PDF at 300 dpi: pagination and OCR)."""
    from fpdf import FPDF

    catalog = (corpus / "catalog.toml").read_text(encoding="utf-8")
    copies = {
        "text": work / "text",
        "pdf-text-layer": work / "pdf-layer",
        "pdf-scan": work / "scan",
    }
    for name, folder in copies.items():
        folder.mkdir(parents=True, exist_ok=True)
        if name != "text":
            catalog_here = re.sub(r'(file = "[^"]+)\.txt"', r'\1.pdf"', catalog)
            (folder / "catalog.toml").write_text(catalog_here, encoding="utf-8")
        else:
            (folder / "catalog.toml").write_text(catalog, encoding="utf-8")
    for source in sorted(corpus.glob("*.txt")):
        shutil.copy(source, copies["text"] / source.name)
        text = source.read_text(encoding="utf-8")
        paragraphs = [" ".join(line.split()) for line in text.splitlines() if line.strip()]
        pdf = FPDF()
        pdf.add_font("DejaVuSerif", fname=str(FONT))
        pdf.set_font("DejaVuSerif", size=12)
        pdf.set_margins(25.4, 25.4)
        pdf.add_page()
        for paragraph in paragraphs:
            pdf.multi_cell(0, 6, paragraph)
            pdf.ln(6)
        pdf.output(str(copies["pdf-text-layer"] / f"{source.stem}.pdf"))
        pages = [image for image, _ in render_pages(paragraphs, 300)]
        as_pdf(pages, copies["pdf-scan"] / f"{source.stem}.pdf", 300)
    return copies


def _words(text: str) -> set[str]:
    return set(re.findall(r"\w+", normalized(text).lower()))


def _relevant(hit: Any, evidence: tuple[tuple[str, str], ...]) -> bool:
    """A chunk of an evidence document holding at least 90 % of the quote's words: the same
    test for every copy, tolerant of a line broken differently or a misread letter."""
    words = _words(hit.text)
    for doc_id, quote in evidence:
        wanted = _words(quote)
        if hit.doc_id == doc_id and wanted and len(wanted & words) >= 0.9 * len(wanted):
            return True
    return False


def bench_ocr_retrieval(stack: Any, work: Path, k: int = 5) -> dict[str, Any]:
    """hit@k over the golden questions (standalone, answerable, with a quoted passage) on each
    copy of the corpus (``corpus_copies``): a hit is a retrieved chunk holding the quote.
    ``stack``: an ``eval.stack.Stack`` (``hoidap.wiring.Wiring``)."""
    from eval.golden import load_golden

    items = [
        i for i in load_golden() if i.answerable and not i.history and any(q for _, q in i.evidence)
    ]
    results: dict[str, Any] = {"questions": len(items), "k": k}
    embedder = stack.embedder()
    for name, folder in corpus_copies(work).items():
        index = stack.open_index(work / f"data-{name}", embedder=embedder)
        started = time.perf_counter()
        report = stack.ingestor(index, progress=False).ingest_paths([folder])
        seconds = time.perf_counter() - started
        found = 0
        for item in items:
            hits = index.search(item.question, k=k)
            found += any(_relevant(hit, item.evidence) for hit in hits[:k])
        results[name] = {
            f"hit@{k}": round(found / len(items), 4),
            "documents": report.added,
            "failed": [f.reason for f in report.failed],
            "chunks": report.chunks,
            "ocr_pages": report.ocr_pages,
            "ingest_seconds": round(seconds, 1),
        }
        print(name, json.dumps(results[name], ensure_ascii=False), file=sys.stderr)
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--pages", type=int, default=4, help="pages per condition")
    parser.add_argument(
        "--languages", nargs="+", default=[IngestLimits().ocr_languages], help="e.g. vie vie+eng"
    )
    parser.add_argument("--ocrmypdf", default=None, help="an ocrmypdf executable to compare")
    parser.add_argument("--keep", type=Path, default=None, help="keep the rendered PDFs here")
    args = parser.parse_args(argv)
    work = Path(tempfile.mkdtemp(prefix="bench-ocr-"))
    try:
        results = bench_ocr(args.pages, args.languages, args.ocrmypdf, work)
        if args.keep:
            shutil.copytree(work, args.keep, dirs_exist_ok=True)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print(json.dumps(results, ensure_ascii=False, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
