"""Check eval/datasets/golden.jsonl against docs_corpus/ (stdlib only).

Run from the repository root:  python3 eval/datasets/check_golden.py
Exit status 0 when every check passes, 1 otherwise (each failure is printed).
"""

from __future__ import annotations

import importlib.util
import json
import re
import sys
import tomllib
import unicodedata
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
# ingest/clean.py is stdlib-only; load it by path so the ingest package's heavy imports are skipped
_spec = importlib.util.spec_from_file_location("_hoidap_clean", ROOT / "ingest" / "clean.py")
assert _spec and _spec.loader
_clean = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_clean)
clean_text = _clean.clean_text

DATASET = Path(__file__).with_name("golden.jsonl")
CORPUS = ROOT / "docs_corpus"

FIELDS = [
    "id",
    "question",
    "answerable",
    "reference_answer",
    "key_facts",
    "evidence",
    "type",
    "history",
]
TYPES = [
    "fact",
    "number",
    "date",
    "name",
    "list",
    "two_docs",
    "followup",
    "no_diacritics",
    "english",
    "acronym",
    "unanswerable",
    "unanswerable_hard",
]
MINIMUMS = {
    "fact+number+date+name": 30,
    "list": 5,
    "two_docs": 4,
    "followup": 6,
    "no_diacritics": 6,
    "english": 4,
    "acronym": 5,
    "unanswerable+unanswerable_hard": 16,
    "unanswerable_hard": 8,
}
NO_ANSWER = {
    "vi": "Tài liệu không có thông tin này.",
    "en": "The documents do not contain this information.",
}
DEBRIS = re.compile(r"lượt xem|bạn cũng có thể thích|di chuột|tìm theo ngày|GMT\+7", re.I)

INTERVIEW_2023 = "tcdlcl-2023-phong-van-stameq-2030"

# For every unanswerable item: patterns (case-insensitive) that would reveal the answer if the
# corpus stated it. Each must match in NO article (raw and cleaned text); a (doc_id, pattern)
# pair restricts the search to one article.
ABSENCE_PROBES: dict[str, list] = {
    "g058": [r"ngân sách", r"kinh phí", r"budget", r"tỷ đồng"],
    "g065": [r"luật đo lường"],
    "g066": [r"chi cục"],
    "g067": [r"mã vạch", r"mã số"],
    "g068": [r"giải thưởng"],
    "g069": [r"OIML", r"pháp định"],
    "g070": [r"xăng"],
    "g071": [r"QUATEST", r"trung tâm kỹ thuật", r"phí thử nghiệm"],
    # the article has "có hơn phiên họp trực tuyến chính thức": the number is missing
    "g072": [
        r"\d+\s+phiên họp trực tuyến chính thức",
        r"phiên họp trực tuyến chính thức (?:là|gồm)",
    ],
    # the interviewee of the 2023 interview is only called "ông"
    "g073": [
        (INTERVIEW_2023, r"Hà Minh Hiệp"),
        (INTERVIEW_2023, r"tổng cục trưởng"),
        (INTERVIEW_2023, r"(?:ông|người trả lời)\s*:?\s*(?-i:[A-ZĐ]\w+ [A-ZĐ])"),
    ],
    "g074": [r"(?<!phó )(?<!quyền )tổng cục trưởng"],
    "g075": [r"địa chỉ", r"trung tâm chứng nhận halal quốc gia\s*(?:\(|,|tại|ở|đặt)"],
    "g076": [r"tổng mức", r"kinh phí", r"tỷ", r"vốn", r"đầu tư [^.]*\d+\s*(?:triệu|tỷ)"],
    "g077": [r"OCOP\s*\(", r"\(OCOP\)", r"mỗi xã một sản phẩm", r"one commune"],
    "g078": [r"WG1\s*\(", r"\(WG1\)", r"WG1 (?:về|phụ trách)", r"nhóm công tác 1\b"],
    "g079": [r"trường đại học\s+(?!trên)\w", r"đại học (?:bách khoa|kinh tế|quốc gia)"],
    "g080": [r"\d+\s+nền kinh tế", r"APO (?:có|gồm)\s+\d+", r"\d+\s+(?:nước|thành viên) của APO"],
}


def load_docs() -> dict[str, tuple[str, str]]:
    catalog = tomllib.loads((CORPUS / "catalog.toml").read_text(encoding="utf-8"))
    docs = {}
    for entry in catalog["document"]:
        raw = (CORPUS / entry["file"]).read_text(encoding="utf-8")
        docs[entry["doc_id"]] = (raw, clean_text(raw))
    return docs


def has_vietnamese_marks(text: str) -> bool:
    if "đ" in text.lower():
        return True
    return any(unicodedata.combining(ch) for ch in unicodedata.normalize("NFD", text))


def main() -> int:
    docs = load_docs()
    errors: list[str] = []
    lines = DATASET.read_text(encoding="utf-8").splitlines()
    items = [json.loads(line) for line in lines]
    n_quotes = n_keys = n_probes = 0

    if len(items) != 80:
        errors.append(f"expected 80 items, found {len(items)}")
    dup = [q for q, c in Counter(it["question"] for it in items).items() if c > 1]
    if dup:
        errors.append(f"duplicate questions: {dup}")

    for index, it in enumerate(items, 1):
        iid = it.get("id")

        def err(msg: str, iid: str = iid) -> None:
            errors.append(f"{iid}: {msg}")

        if list(it) != FIELDS:
            err(f"fields {list(it)} != {FIELDS}")
            continue
        if iid != f"g{index:03d}":
            err(f"id out of sequence (expected g{index:03d})")
        if it["type"] not in TYPES:
            err(f"unknown type {it['type']!r}")
        if json.dumps(it, ensure_ascii=False) != lines[index - 1]:
            err("line is not the ensure_ascii=False serialisation of the record")
        english = it["type"] == "english"
        if english != (not has_vietnamese_marks(it["question"])) and it["type"] != "no_diacritics":
            err("question language does not match the type")
        if it["type"] == "no_diacritics" and has_vietnamese_marks(it["question"]):
            err("no_diacritics question contains Vietnamese diacritics")

        # history
        history = it["history"]
        if it["type"] == "followup":
            roles = [turn.get("role") for turn in history]
            if not history or roles != ["user", "assistant"] * (len(history) // 2):
                err("followup needs user/assistant history ending with the assistant")
            if any(not turn.get("content") for turn in history):
                err("empty history turn")
        elif history:
            err("history must be [] outside followup items")

        # unanswerable
        if not it["answerable"]:
            if it["type"] not in ("unanswerable", "unanswerable_hard", "english"):
                err("answerable=false on an answerable type")
            if it["reference_answer"] != NO_ANSWER["en" if english else "vi"]:
                err("wrong abstention answer")
            if it["key_facts"] or it["evidence"]:
                err("unanswerable item must have no key_facts and no evidence")
            probes = ABSENCE_PROBES.get(iid)
            if not probes:
                err("no absence probes for this unanswerable item")
            for probe in probes or []:
                scope, pattern = probe if isinstance(probe, tuple) else (None, probe)
                rx = re.compile(pattern, re.I)
                for doc_id, (raw, clean) in docs.items():
                    if scope and doc_id != scope:
                        continue
                    n_probes += 1
                    for text in (raw, clean):
                        if m := rx.search(text):
                            err(f"probe {pattern!r} found in {doc_id}: {m.group(0)!r}")
                            break
            continue

        if it["type"] in ("unanswerable", "unanswerable_hard"):
            err("unanswerable type marked answerable")

        # evidence
        if not it["evidence"]:
            err("answerable item without evidence")
        ev_docs = []
        for ev in it["evidence"]:
            doc_id, quote = ev.get("doc_id"), ev.get("quote", "")
            if list(ev) != ["doc_id", "quote"]:
                err(f"evidence keys {list(ev)}")
            if doc_id not in docs:
                err(f"unknown doc_id {doc_id!r}")
                continue
            raw, clean = docs[doc_id]
            n_quotes += 1
            ev_docs.append(doc_id)
            if quote not in raw:
                err(f"quote not an exact substring of {doc_id}: {quote!r}")
            if quote not in clean:
                err(f"quote not in the cleaned text of {doc_id}: {quote!r}")
            if len(quote.split()) < 5:
                err(f"quote shorter than 5 words: {quote!r}")
            if "\n" in quote or "\u00a0" in quote or DEBRIS.search(quote):
                err(f"quote spans lines, holds a no-break space or web debris: {quote!r}")
            if len(re.findall(r"[.!?](?=\s+[A-ZĐÀ-Ỹ])", quote)) > 0:
                err(f"quote longer than one sentence: {quote!r}")
        if it["type"] == "two_docs" and len(set(ev_docs)) < 2:
            err("two_docs item needs evidence from two articles")

        # key facts
        keys = it["key_facts"]
        if not 1 <= len(keys) <= 3:
            err(f"{len(keys)} key facts (need 1-3)")
        for key in keys:
            n_keys += 1
            if len(key.split()) > 5:
                err(f"key fact longer than 5 words: {key!r}")
            if not any(key in docs[d][0] and key in docs[d][1] for d in set(ev_docs) if d in docs):
                err(f"key fact not in any evidence doc's text: {key!r}")
            if key.lower() not in it["reference_answer"].lower():
                err(f"key fact missing from reference_answer: {key!r}")

    # coverage
    counts = Counter(it["type"] for it in items)
    for name, minimum in MINIMUMS.items():
        total = sum(counts[t] for t in name.split("+"))
        if total < minimum:
            errors.append(f"coverage: {name} = {total} < {minimum}")
    fact_docs = {
        ev["doc_id"]
        for it in items
        if it["type"] in ("fact", "number", "date", "name")
        for ev in it["evidence"]
    }
    if fact_docs != set(docs):
        errors.append(f"fact/number/date/name items miss documents: {set(docs) - fact_docs}")
    if sum(1 for it in items if it["type"] == "english" and it["answerable"]) < 4:
        errors.append("coverage: fewer than 4 answerable english items")

    print("items:", len(items), "| per type:", dict(sorted(counts.items())))
    print(
        "answerable:",
        sum(it["answerable"] for it in items),
        "| unanswerable:",
        sum(not it["answerable"] for it in items),
    )
    print(f"checked {n_quotes} quotes, {n_keys} key facts, {n_probes} absence probes")
    for e in errors:
        print("FAIL", e)
    print("all checks passed" if not errors else f"{len(errors)} check(s) failed")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
