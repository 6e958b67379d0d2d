"""The legal evaluation set (``eval/datasets/legal``) is sound: its catalog parses and pairs the
repealed code with its replacement, every question points at an article (and khoản) that exists
and holds the quoted words, and the documents are exactly what ``eval.legal_corpus`` builds."""

from __future__ import annotations

import json
import re
import tomllib
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from eval.legal_corpus import (
    DOCUMENT_FILES,
    LAO_DONG_2012_BODY,
    LEGAL_DIR,
    TCVN_LINES,
    build,
)
from index.records import REPEALED, VALIDITY_STATES

KINDS = {"named", "paraphrase", "identifier", "repealed"}
TYPINGS = {"exact", "spaced_no_diacritics", "with_type", "lowercase", "short_form"}
_ARTICLE = re.compile(r"^Điều (\d+)\. ", re.MULTILINE)
# A standard's clause heading: "3.5 Sai số đo", "4 Chuẩn đo lường …" (number, space, capital).
_CLAUSE = re.compile(r"^(\d+(?:\.\d+)*) (?=[A-ZÀ-Ỹ])", re.MULTILINE)
_KHOAN = re.compile(r"^(\d+)\. ", re.MULTILINE)


@pytest.fixture(scope="module")
def catalog() -> dict[str, dict[str, Any]]:
    data = tomllib.loads((LEGAL_DIR / "catalog.toml").read_text(encoding="utf-8"))
    return {entry["doc_id"]: entry for entry in data["document"]}


@pytest.fixture(scope="module")
def questions() -> list[dict[str, Any]]:
    lines = (LEGAL_DIR / "questions.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines]


def _document_text(entry: dict[str, Any]) -> str:
    """The words of a document; the synthetic .docx/.pdf from the constants they are built
    from (the determinism test ties the files to them)."""
    name = entry["file"]
    if name.endswith(".docx"):
        return LAO_DONG_2012_BODY
    if name.endswith(".pdf"):
        return TCVN_LINES
    return (LEGAL_DIR / name).read_text(encoding="utf-8")


def _sections(text: str, heading: re.Pattern[str]) -> dict[str, str]:
    """Heading label → its text up to the next heading (a label seen twice keeps the first)."""
    marks = list(heading.finditer(text))
    found: dict[str, str] = {}
    for mark, following in zip(marks, [*marks[1:], None], strict=True):
        label = mark[1]
        found.setdefault(label, text[mark.start() : following.start() if following else None])
    return found


def _article(text: str, article: str) -> str | None:
    if article.startswith("Điều "):
        return _sections(text, _ARTICLE).get(article.removeprefix("Điều "))
    return _sections(text, _CLAUSE).get(article)


def test_catalog_lists_the_files_with_valid_validity(catalog: dict[str, dict[str, Any]]) -> None:
    assert sorted(entry["file"] for entry in catalog.values()) == sorted(DOCUMENT_FILES)
    for entry in catalog.values():
        assert (LEGAL_DIR / entry["file"]).is_file()
        assert entry["status"] in VALIDITY_STATES
        for field in ("date", "effective_date", "expiry_date"):
            assert entry[field] == "" or re.fullmatch(r"\d{4}-\d{2}-\d{2}", entry[field])


def test_the_repealed_code_and_its_replacement_point_at_each_other(
    catalog: dict[str, dict[str, Any]],
) -> None:
    old, new = catalog["bo-luat-lao-dong-2012"], catalog["bo-luat-lao-dong-2019"]
    assert old["status"] == REPEALED and old["replaced_by"] == "45/2019/QH14"
    assert new["status"] != REPEALED and new["replaces"] == "10/2012/QH13"
    assert old["expiry_date"] == new["effective_date"]
    # The numbers are the ones the documents print in their headers.
    assert "Bộ luật số: 45/2019/QH14" in _document_text(new)
    assert "Bộ luật Lao động số 10/2012/QH13 hết hiệu lực" in _document_text(new)


def test_questions_are_well_formed_and_cover_every_kind(
    questions: list[dict[str, Any]], catalog: dict[str, dict[str, Any]]
) -> None:
    assert len(questions) >= 60
    assert [q["id"] for q in questions] == [f"L{i:03d}" for i in range(1, len(questions) + 1)]
    assert len({q["question"] for q in questions}) == len(questions)
    kinds = Counter(q["kind"] for q in questions)
    assert set(kinds) == KINDS and min(kinds.values()) >= 5
    assert all(q["doc_id"] in catalog for q in questions)
    # Each document's number is looked up typed five different ways.
    for doc_id in catalog:
        typed = [
            q["typing"] for q in questions if q["kind"] == "identifier" and q["doc_id"] == doc_id
        ]
        assert sorted(typed) == sorted(TYPINGS), doc_id


def test_every_question_names_an_article_that_holds_its_quote(
    questions: list[dict[str, Any]], catalog: dict[str, dict[str, Any]]
) -> None:
    for q in questions:
        if q["kind"] == "identifier":
            assert q["article"] is None and q["quote"] == ""
            continue
        text = _document_text(catalog[q["doc_id"]])
        article = _article(text, q["article"])
        assert article is not None, (q["id"], q["article"])
        assert q["quote"] and q["quote"] in article, q["id"]
        if q["clause"] is not None:
            clause = _sections(article, _KHOAN).get(str(q["clause"]))
            assert clause is not None and q["quote"] in clause, (q["id"], q["clause"])


def test_repealed_questions_are_answered_only_by_the_repealed_code(
    questions: list[dict[str, Any]], catalog: dict[str, dict[str, Any]]
) -> None:
    in_force = [e for e in catalog.values() if e["status"] != REPEALED]
    for q in (q for q in questions if q["kind"] == "repealed"):
        assert catalog[q["doc_id"]]["status"] == REPEALED
        assert all(q["quote"] not in _document_text(e) for e in in_force), q["id"]
        if q["in_force_article"]:
            text = _document_text(catalog[q["in_force_doc_id"]])
            assert _article(text, q["in_force_article"]) is not None, q["id"]


def test_named_questions_name_their_article(questions: list[dict[str, Any]]) -> None:
    for q in (q for q in questions if q["kind"] == "named"):
        number = q["article"].removeprefix("Điều ")
        assert re.search(rf"\b{re.escape(number)}\b", q["question"]), q["id"]


def test_paraphrases_give_no_article_number(questions: list[dict[str, Any]]) -> None:
    for q in (q for q in questions if q["kind"] == "paraphrase"):
        assert not re.search(r"\b(Điều|khoản|điểm)\s+\d", q["question"], re.IGNORECASE), q["id"]


def test_the_corpus_script_rebuilds_the_committed_files(tmp_path: Path) -> None:
    built = build(tmp_path)
    assert sorted(p.name for p in built) == sorted(DOCUMENT_FILES)
    for path in built:
        assert path.read_bytes() == (LEGAL_DIR / path.name).read_bytes(), path.name


def test_the_bench_finds_articles_and_judges_hits_by_path_or_span() -> None:
    from eval.bench_legal import Judge, _only_headings, article_spans
    from index.records import Hit

    text = "Chương I\nQUY ĐỊNH CHUNG\nĐiều 1. Phạm vi\nNội dung một.\nĐiều 2. Đối tượng\n1. Hai."
    spans = article_spans(text)
    assert [s.label for s in spans] == ["Điều 1", "Điều 2"]
    assert text[spans[1].start :].startswith("Điều 2.")
    assert [s.label for s in article_spans(TCVN_LINES)][:4] == ["1", "2", "2.1", "2.2"]
    # The index joins chunks with a space: a heading after a sentence still counts, a quoted
    # article of another law (numbered back) or a reference ("Điều 5 của") does not.
    joined = "Nội dung một. Điều 2. Đối tượng\nSửa đổi Điều 1. Phạm vi\ntheo Điều 5 của luật."
    assert [s.label for s in article_spans(joined)] == ["Điều 2"]
    assert article_spans("Một bài báo. Không có điều nào.") == []
    assert _only_headings("Chương II\nVIỆC LÀM\n") and not _only_headings("Nội dung một.\n")

    def hit(start: int, end: int, path: str = "") -> Hit:
        return Hit(1, 1.0, "d", "t", "", "d#0000", text[start:end], start, end, legal_path=path)

    judge = Judge({"d": text})
    assert judge.in_article(hit(0, 10, "Chương I > Điều 2 > Khoản 1"), "d", "Điều 2")
    assert not judge.in_article(hit(0, 10, "Chương I > Điều 1"), "d", "Điều 2")
    assert judge.in_article(hit(0, 10, "Điều 3 > 3.1-3.5"), "d", "3.5")
    assert not judge.in_article(hit(0, 10, "Điều 3 > 3.1-3.5"), "d", "3.6")
    assert judge.in_article(hit(spans[1].start + 5, spans[1].end), "d", "Điều 2")
    assert not judge.in_article(hit(spans[1].start + 5, spans[1].end), "other", "Điều 2")
    assert (judge.by_path, judge.by_span) == (4, 1)
