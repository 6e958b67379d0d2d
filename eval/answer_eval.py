"""Answer-quality run over a dataset, through the assistant's public API only.

Per answerable question: key-fact recall (every key fact appears in the answer, compared after
NFC, tone-placement and case normalisation) and false abstention. Per unanswerable question:
abstained or not. Per citation: does the cited passage support the sentence that cites it
(the deterministic sentence-level check, recomputed here from the returned values).
"""

from __future__ import annotations

import sys
import unicodedata
from typing import Any

from tqdm import tqdm

from assistant import Answer, Assistant
from assistant.citations import cited_numbers, strip_markers
from assistant.sentences import sentences
from assistant.support import support
from eval.golden import GoldenItem
from eval.metrics import percentile
from index import normalize_tone


def _norm(text: str) -> str:
    text = normalize_tone(unicodedata.normalize("NFC", text)).lower()
    return text.replace("–", "-").replace("—", "-")


def facts_found(answer: str, facts: tuple[str, ...]) -> bool:
    normalized = _norm(answer)
    return all(_norm(fact) in normalized for fact in facts)


def citation_checks(answer: Answer) -> list[bool]:
    """One flag per (sentence, citation) pair: does that passage support that sentence?"""
    by_n = {c.n: c for c in answer.citations}
    checks = []
    for sentence in sentences(answer.answer):
        claim = strip_markers(sentence)
        for n in cited_numbers(sentence):
            citation = by_n.get(n)
            checks.append(citation is not None and support(claim, citation.hit.text).supported)
    return checks


def run_answer_eval(
    assistant: Assistant, items: list[GoldenItem], mode: str, limit: int | None = None
) -> dict[str, Any]:
    records = []
    for item in tqdm(items[:limit], desc=f"eval {mode}", unit="câu", file=sys.stderr):
        answer = assistant.ask(item.question, history=list(item.history), mode=mode)
        checks = citation_checks(answer)
        records.append(
            {
                "id": item.id,
                "type": item.type,
                "question": item.question,
                "answerable": item.answerable,
                "answer": answer.answer,
                "abstained": answer.abstained,
                "mode": answer.mode,
                "facts_ok": item.answerable
                and not answer.abstained
                and facts_found(answer.answer, item.key_facts),
                "citations_supported": sum(checks),
                "citations": len(checks),
                "timings": answer.to_json()["timings"],
            }
        )
    answerable = [r for r in records if r["answerable"]]
    unanswerable = [r for r in records if not r["answerable"]]
    cites = sum(r["citations"] for r in records)
    first = [r["timings"]["first_token_ms"] for r in records]
    total = [r["timings"]["total_ms"] for r in records]
    summary = {
        "mode": mode,
        "questions": len(records),
        "key_fact_recall": _share(sum(r["facts_ok"] for r in answerable), len(answerable)),
        "false_abstention": _share(sum(r["abstained"] for r in answerable), len(answerable)),
        "abstention_recall": _share(sum(r["abstained"] for r in unanswerable), len(unanswerable)),
        "citation_support": _share(sum(r["citations_supported"] for r in records), cites),
        "first_token_ms_p50": round(percentile(first, 50), 1),
        "first_token_ms_p95": round(percentile(first, 95), 1),
        "total_ms_p50": round(percentile(total, 50), 1),
        "total_ms_p95": round(percentile(total, 95), 1),
    }
    return {"summary": summary, "records": records}


def _share(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None
