"""Main-content extraction measured: for each page of tests/data/web (Vietnamese government
and news page shapes around real article text, each with its expected paragraphs and the
debris lines it carries), the share of the article's sentences kept, the share of debris
lines kept, the date found and the time per page, for trafilatura ("main") and the
visible-text parser ("visible"), each before and after ``clean_text``.

    .venv/bin/python -m eval.bench_html [pages_dir]
"""

from __future__ import annotations

import json
import re
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from ingest.clean import clean_text, find_publication_date, normalize_unicode
from ingest.html_files import HtmlExtractor, html_to_text

PAGES = Path(__file__).resolve().parents[1] / "tests" / "data" / "web"
_SENTENCE_END = re.compile(r"(?<=[.!?…])\s+")


@dataclass
class PageScore:
    name: str
    recall: float  # article sentences found in the output
    debris_kept: list[str]
    debris_total: int
    date_found: bool
    seconds: float
    other_lines: int  # output lines neither article text nor its title: menus, lists, debris


def _norm(text: str) -> str:
    """Spaces collapsed, and none before closing punctuation (clean_text tidies those)."""
    text = re.sub(r"\s+", " ", normalize_unicode(text))
    return re.sub(r"(?<=[(\[{]) | (?=[,.;:!?%)\]}…])", "", text).strip()


def score(text: str, expected: dict[str, object], date: str) -> tuple[float, list[str], bool, int]:
    paragraphs = [str(p) for p in expected["paragraphs"]]  # type: ignore[attr-defined]
    sentences = [s for p in paragraphs for s in _SENTENCE_END.split(p) if s.strip()]
    flat = _norm(text)
    recall = sum(_norm(s) in flat for s in sentences) / len(sentences)
    article = _norm(" ".join(paragraphs))
    lines = [_norm(line) for line in text.split("\n") if line.strip()]
    # A debris line is kept when a line that is not article text still contains it.
    debris = [str(d) for d in expected["debris"]]  # type: ignore[attr-defined]
    kept = [d for d in debris if any(d in line and line not in article for line in lines)]
    title = _norm(str(expected["title"]))
    other = sum(line not in article and line != title for line in lines)
    return recall, kept, date == expected["date"], other


def run(pages: Path, extractor: HtmlExtractor, clean: bool) -> list[PageScore]:
    scores = []
    for page in sorted(pages.glob("*.html")):
        expected = json.loads(page.with_suffix(".json").read_text(encoding="utf-8"))
        html = page.read_text(encoding="utf-8")
        start = time.perf_counter()
        raw = html_to_text(html, extractor=extractor).sections[0].text
        text = clean_text(raw) if clean else raw
        seconds = time.perf_counter() - start
        recall, kept, dated, other = score(text, expected, find_publication_date(raw))
        debris_total = len(expected["debris"])
        scores.append(PageScore(page.stem, recall, kept, debris_total, dated, seconds, other))
    return scores


def main(argv: list[str]) -> None:
    pages = Path(argv[0]) if argv else PAGES
    for extractor in ("visible", "main"):
        for clean in (False, True):
            run(pages, extractor, clean)  # warm-up: imports, lxml, caches
            scores = run(pages, extractor, clean)
            kept = sum(len(s.debris_kept) for s in scores)
            total = sum(s.debris_total for s in scores)
            print(
                f"{extractor:8s} clean_text={'yes' if clean else 'no ':3s} "
                f"sentence recall {sum(s.recall for s in scores) / len(scores):.3f}  "
                f"debris kept {kept}/{total} ({kept / total:.1%})  "
                f"other lines {sum(s.other_lines for s in scores)}  "
                f"dates {sum(s.date_found for s in scores)}/{len(scores)}  "
                f"{1000 * sum(s.seconds for s in scores) / len(scores):.1f} ms/page"
            )
            for s in scores:
                if s.recall < 1 or s.debris_kept:
                    print(f"    {s.name}: recall {s.recall:.2f}, kept {s.debris_kept}")


if __name__ == "__main__":
    main(sys.argv[1:])
