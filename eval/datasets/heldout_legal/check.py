"""Validates answers.jsonl against corpus/ (run: python check.py; exit 1 on any error).

Checks: field names and order; unique, consecutive ids; types and per-type counts; every
answerable item has 1-2 key facts (<= 8 words each) and one evidence quote (>= 5 words, no
line break) that are exact substrings of the named document once whitespace is folded; the
key facts sit on the same line (paragraph) of the document as the quote; unanswerable items
have no key facts and no evidence; doc_ids match catalog.toml.
"""

from __future__ import annotations

import json
import re
import sys
import tomllib
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
# The golden set's format, field order included (eval/datasets/README.md).
with (HERE.parent / "golden.jsonl").open(encoding="utf-8") as _golden:
    FIELDS = list(json.loads(_golden.readline()))
EXPECTED = {"named": 10, "paraphrase": 22, "no_diacritics": 4, "english": 4, "unanswerable": 20}
NA = "Tài liệu không có thông tin này."


def fold(s: str) -> str:
    return re.sub(r"\s+", " ", s).strip()


def main() -> int:
    catalog = tomllib.loads((HERE / "corpus" / "catalog.toml").read_text(encoding="utf-8"))
    docs: dict[str, str] = {}
    lines: dict[str, list[str]] = {}
    for d in catalog["document"]:
        assert d["doc_id"] == Path(d["file"]).stem, d
        text = (HERE / "corpus" / d["file"]).read_text(encoding="utf-8")
        docs[d["doc_id"]] = fold(text)
        lines[d["doc_id"]] = [fold(line) for line in text.splitlines() if line.strip()]

    errors: list[str] = []
    counts: Counter[str] = Counter()
    per_doc: Counter[str] = Counter()
    ids: list[str] = []
    for n, raw in enumerate((HERE / "answers.jsonl").read_text(encoding="utf-8").splitlines(), 1):
        item = json.loads(raw)
        iid = item.get("id", f"line {n}")
        err = lambda msg, iid=iid: errors.append(f"{iid}: {msg}")  # noqa: E731
        if list(item) != FIELDS:
            err(f"fields {list(item)}")
        ids.append(iid)
        if iid != f"H{n:03d}":
            err(f"expected id H{n:03d}")
        t = item["type"]
        counts[t] += 1
        if t not in EXPECTED:
            err(f"unknown type {t}")
        if item["history"] != []:
            err("history must be []")
        if not item["question"].strip():
            err("empty question")
        if t == "unanswerable":
            if item["answerable"] is not False or item["key_facts"] or item["evidence"]:
                err("unanswerable item must have answerable=false, no key facts, no evidence")
            if item["reference_answer"] != NA:
                err("unanswerable reference_answer")
            continue
        if item["answerable"] is not True:
            err("answerable must be true")
        kf, ev = item["key_facts"], item["evidence"]
        if not 1 <= len(kf) <= 2:
            err(f"{len(kf)} key facts")
        if len(ev) != 1:
            err(f"{len(ev)} evidence items")
            continue
        doc, quote = ev[0]["doc_id"], ev[0]["quote"]
        if doc not in docs:
            err(f"unknown doc_id {doc}")
            continue
        per_doc[doc] += 1
        q = fold(quote)
        if "\n" in quote or len(q.split()) < 5:
            err("quote must be one line and >= 5 words")
        if q not in docs[doc]:
            err(f"quote not in {doc}: {quote!r}")
        quote_lines = [line for line in lines[doc] if q in line]
        for fact in kf:
            f = fold(fact)
            if len(f.split()) > 8:
                err(f"key fact over 8 words: {fact!r}")
            if f not in docs[doc]:
                err(f"key fact not in {doc}: {fact!r}")
            elif not any(f in line for line in quote_lines):
                err(f"key fact not on the quote's line: {fact!r}")
    dup = [i for i, c in Counter(ids).items() if c > 1]
    if dup:
        errors.append(f"duplicate ids {dup}")
    for t, c in EXPECTED.items():
        if counts[t] != c:
            errors.append(f"type {t}: {counts[t]} items, expected {c}")

    print(f"{len(ids)} questions")
    for t in EXPECTED:
        print(f"  {t:14s} {counts[t]}")
    print("answerable per document:", dict(per_doc))
    for e in errors:
        print("ERROR", e)
    print("OK" if not errors else f"{len(errors)} error(s)")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
