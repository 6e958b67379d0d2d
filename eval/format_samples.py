"""A folder with one file of each kind an agency's shelves hold (issue 15), written from the
corpus's real Vietnamese text by real programs: a scanned (image-only) PDF, a photographed
page (.png), a text-layer PDF, .docx, .doc, .odt, .rtf (LibreOffice), .xls (LibreOffice),
.xlsx (openpyxl), .pptx (python-pptx), a web page with its debris, and .txt files in TCVN3 and
VNI. ``hoidap ingest FOLDER`` then shows the report; ``bench_formats`` runs that and checks it.

    python -m eval.format_samples OUT        # write the folder
    hoidap bench formats --work OUT          # write it, ingest it in one run, check each file
"""

from __future__ import annotations

import argparse
import csv
import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from eval.bench_ocr import as_pdf, corpus_paragraphs, render_pages

WEB_FIXTURE = Path(__file__).resolve().parent.parent / "tests" / "data" / "web"
SHEET = [
    ["Chỉ tiêu", "Đơn vị", "Năm 2023"],
    ["Tiêu chuẩn quốc gia được công bố", "tiêu chuẩn", "640"],
    ["Quy chuẩn kỹ thuật quốc gia ban hành", "quy chuẩn", "12"],
]
XLSX_SHEET = [
    ["Chỉ tiêu", "Đơn vị", "Năm 2024"],
    ["Phòng thử nghiệm được công nhận", "phòng", "1.450"],
    ["Tổ chức chứng nhận được chỉ định", "tổ chức", "86"],
]


def write_samples(out: Path) -> dict[str, str]:
    """Write the folder; returns, per file name, a phrase from its text."""
    from docx import Document
    from fpdf import FPDF
    from openpyxl import Workbook
    from pptx import Presentation

    from ingest.legacy_encoding import encode_tcvn3, encode_vni

    out.mkdir(parents=True, exist_ok=True)
    paragraphs = [p for p in corpus_paragraphs() if len(p) > 200]
    phrases: dict[str, str] = {}

    def take(name: str) -> str:
        text = paragraphs[len(phrases) * 7 % len(paragraphs)]
        phrases[name] = " ".join(text.split()[:8])
        return text

    scan = take("scan.pdf")
    pages = render_pages([scan], 300, limit=1)
    as_pdf([image for image, _ in pages], out / "scan.pdf", 300)
    photo = take("photo.png")
    render_pages([photo], 300, limit=1)[0][0].save(out / "photo.png", dpi=(300, 300))

    pdf = FPDF()
    pdf.add_page()
    font = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
    pdf.add_font("DejaVu", fname=str(font))
    pdf.set_font("DejaVu", size=11)
    pdf.multi_cell(0, 6, take("text-layer.pdf"))
    pdf.output(str(out / "text-layer.pdf"))

    document = Document()
    document.add_heading("Báo cáo", 1)
    document.add_paragraph(take("report.docx"))
    document.save(str(out / "report.docx"))

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Chỉ tiêu"
    for row in XLSX_SHEET:
        sheet.append(row)
    workbook.save(out / "figures.xlsx")
    phrases["figures.xlsx"] = "Phòng thử nghiệm được công nhận"

    deck = Presentation()
    slide = deck.slides.add_slide(deck.slide_layouts[1])
    slide.shapes.title.text = "Định hướng"
    slide.placeholders[1].text = take("slides.pptx")
    deck.save(str(out / "slides.pptx"))

    with tempfile.TemporaryDirectory() as scratch:
        work = Path(scratch)
        for name in ("minutes.doc", "plan.odt", "letter.rtf"):
            (work / f"{Path(name).stem}.txt").write_text(take(name) + "\n", encoding="utf-8")
        with open(work / "figures.csv", "w", encoding="utf-8", newline="") as handle:
            csv.writer(handle).writerows(SHEET)
        phrases["figures.xls"] = "Tiêu chuẩn quốc gia được công bố"
        for target, infilter, sources in (
            ("doc", "Text (encoded):UTF8", ["minutes.txt"]),
            ("odt", "Text (encoded):UTF8", ["plan.txt"]),
            ("rtf", "Text (encoded):UTF8", ["letter.txt"]),
            ("xls", "CSV:44,34,76,1", ["figures.csv"]),
        ):
            subprocess.run(
                [
                    "soffice",
                    f"-env:UserInstallation={(work / 'profile').as_uri()}",
                    "--headless",
                    f"--infilter={infilter}",
                    "--convert-to",
                    target,
                    "--outdir",
                    str(out),
                    *(str(work / source) for source in sources),
                ],
                check=True,
                capture_output=True,
                timeout=180,
            )

    page = WEB_FIXTURE / "01-cong-tong-cuc.html"
    shutil.copy(page, out / "page.html")
    expected = json.loads(page.with_suffix(".json").read_text(encoding="utf-8"))
    phrases["page.html"] = " ".join(expected["paragraphs"][1].split()[:8])

    (out / "tcvn3.txt").write_bytes(_legacy_bytes(encode_tcvn3(take("tcvn3.txt"))))
    (out / "vni.txt").write_bytes(_legacy_bytes(encode_vni(take("vni.txt"))))
    return phrases


def _legacy_bytes(text: str) -> bytes:
    """Legacy-font text as the bytes a .txt of it holds: each character's Windows-1252 byte
    (Latin-1 for the five bytes 1252 leaves undefined)."""
    out = bytearray()
    for char in text:
        try:
            out += char.encode("cp1252")
        except UnicodeEncodeError:
            out += char.encode("latin-1")
    return bytes(out)


def bench_formats(stack: Any, out: Path) -> dict[str, Any]:
    """Ingest the folder in one run; per file: ingested or why not, its notices, and whether
    a search for its phrase finds it at rank 1."""
    phrases = write_samples(out)
    index = stack.open_index(out / ".data")
    started = time.perf_counter()
    report = stack.ingestor(index, progress=False).ingest_paths([out])
    seconds = time.perf_counter() - started
    found = {}
    for name, phrase in phrases.items():
        hits = index.search(phrase, k=1)
        found[name] = bool(hits) and Path(index.document(hits[0].doc_id).path).name == name
    return {
        "files": len(phrases),
        "seconds": round(seconds, 1),
        "report": report.to_json(),
        "found_at_rank_1": found,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("out", type=Path)
    args = parser.parse_args(argv)
    json.dump(write_samples(args.out), sys.stdout, ensure_ascii=False, indent=1)
    print()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
