"""Writes corpus/*.html, corpus/*.txt, pdf_src/*.html (+ corpus/*.pdf via chromium) and
corpus/catalog.toml for the synthetic web-page held-out set.

The pages are SYNTHETIC: plausible but invented articles about the work of Vietnam's
standards, metrology and quality agency, wrapped in scraped-web boilerplate. Nothing here is
a factual record. Run: python build_corpus.py  (needs chromium for the two PDFs).
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from pages_html import HTML_PAGES
from pages_pdf import PDF_PAGES
from pages_txt import TXT_PAGES

HERE = Path(__file__).resolve().parent
CORPUS = HERE / "corpus"
PDF_SRC = HERE / "pdf_src"


def toml_str(s: str) -> str:
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def main() -> int:
    CORPUS.mkdir(exist_ok=True)
    PDF_SRC.mkdir(exist_ok=True)
    catalog = []
    for p in HTML_PAGES:
        (CORPUS / f"{p['doc_id']}.html").write_text(p["render"](), encoding="utf-8")
        catalog.append((f"{p['doc_id']}.html", p))
    for p in TXT_PAGES:
        (CORPUS / f"{p['doc_id']}.txt").write_text(p["text"], encoding="utf-8")
        catalog.append((f"{p['doc_id']}.txt", p))
    for p in PDF_PAGES:
        src = PDF_SRC / f"{p['doc_id']}.html"
        src.write_text(p["html"], encoding="utf-8")
        out = CORPUS / f"{p['doc_id']}.pdf"
        subprocess.run(
            [
                "chromium",
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--no-pdf-header-footer",
                f"--print-to-pdf={out}",
                src.as_uri(),
            ],
            check=True,
            capture_output=True,
            timeout=180,
        )
        catalog.append((f"{p['doc_id']}.pdf", p))
    lines = []
    for file, p in catalog:
        lines += [
            "[[document]]",
            f"file = {toml_str(file)}",
            f"doc_id = {toml_str(p['doc_id'])}",
            f"title = {toml_str(p['title'])}",
            "title_assigned = false",
            f"date = {toml_str(p['date'])}",
            f"publisher = {toml_str(p['publisher'])}",
            f"author = {toml_str(p['author'])}",
            f"url = {toml_str(p['url'])}",
            'language = "vi"',
            "",
        ]
    (CORPUS / "catalog.toml").write_text("\n".join(lines), encoding="utf-8")
    print(f"wrote {len(catalog)} documents")
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(HERE))
    sys.exit(main())
