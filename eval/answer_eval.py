"""One evaluation run over a dataset, through the public APIs only (``Assistant.ask`` and
``SearchIndex.search``): per-question records and the summary metrics (formulas in
``eval/metrics.py``)."""

from __future__ import annotations

import sys
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from tqdm import tqdm

from assistant import Answer, AnswerPath, Assistant
from eval import metrics as m
from eval.calibration import calibration_curve, confidence_auc, operating_point

RETRIEVAL_K = (1, 5, 10)


@dataclass(frozen=True)
class EvalItem:
    id: str
    question: str
    answerable: bool
    type: str = "fact"
    history: tuple[dict[str, Any], ...] = ()
    key_facts: tuple[str, ...] = ()  # all must appear ("all"), or any one of them ("any")
    facts_rule: str = "all"
    references: tuple[str, ...] = ()  # reference answers / answer spans
    evidence: tuple[tuple[str, str], ...] = ()  # (doc_id, quoted span); "" quote = whole doc
    extra: dict[str, Any] = field(default_factory=dict)


def _facts_in(item: EvalItem, text: str) -> bool:
    if item.facts_rule == "any":
        return any(m.key_facts_found(text, (fact,)) for fact in item.key_facts)
    return m.key_facts_found(text, item.key_facts)


def _facts_ok(item: EvalItem, answer: Answer) -> bool | None:
    if not item.answerable:
        return None
    if answer.abstained:
        return False
    return _facts_in(item, answer.answer)


def _facts_in_cited(item: EvalItem, answer: Answer) -> bool | None:
    """The key facts (Zalo: an answer string) in the passages the answer cites: the answer may
    be right but worded apart from the span. None when not measurable (no answer, no facts)."""
    if not item.answerable or answer.abstained or not item.key_facts:
        return None
    return _facts_in(item, "\n".join(c.hit.text for c in answer.citations))


def operating_threshold(assistant: Assistant) -> float | None:
    """The confidence threshold the gate uses for a question in Vietnamese (the curve's
    operating point): the learned reader's (configured, else fitted), or the lexical rules'
    least coverage."""
    config = assistant.config
    if config.reader == "learned":
        if config.min_confidence is not None:
            return config.min_confidence
        return assistant.reader.for_language("vi").threshold
    return config.min_coverage


def _answer_text(answer: Answer) -> str:
    """The answer without its citation markers, for token F1 / exact match."""
    return " ".join(text for text, _ in m.split_cited(answer.answer))


def evaluate_item(assistant: Assistant, item: EvalItem, mode: str) -> dict[str, Any]:
    answer = assistant.ask(item.question, history=list(item.history), mode=mode)
    data = answer.to_json()
    record: dict[str, Any] = {
        "id": item.id,
        "type": item.type,
        "question": item.question,
        "answerable": item.answerable,
        "answer": answer.answer,
        "abstained": answer.abstained,
        "mode": answer.mode,
        "model": answer.model,
        "path": answer.path.value if answer.path else None,
        "citations": [
            {k: c[k] for k in ("n", "doc_id", "title", "chunk_id", "support")}
            for c in data["citations"]
        ],
        "timings": data["timings"],
        "facts_ok": _facts_ok(item, answer),
        "facts_in_cited": _facts_in_cited(item, answer),
        "confidence": answer.confidence,  # the gate's answerability (calibration curve)
    }
    if item.references and item.answerable:
        text = "" if answer.abstained else _answer_text(answer)
        record["token_f1"] = m.best_over(item.references, text, m.token_f1)
        record["exact_match"] = m.best_over(item.references, text, m.exact_match)
    if not answer.abstained:
        passages = {c.n: c.hit.text for c in answer.citations}
        record["citation"] = m.citation_scores(answer.answer, passages, item.question)
    if item.evidence:
        hits = assistant.index.search(answer.standalone_question or item.question, k=10)
        ranked = [(h.doc_id, h.text) for h in hits]
        ranks = [
            found if quote else [r for r, (doc, _) in enumerate(ranked, 1) if doc == gold]
            for found, (gold, quote) in zip(
                m.evidence_ranks(ranked, item.evidence), item.evidence, strict=True
            )
        ]
        record["evidence_ranks"] = ranks
        record["retrieval"] = {k: m.retrieval_scores(ranks, k) for k in RETRIEVAL_K}
    citation = record.get("citation")
    grounded = citation is None or citation["supported_sentences"] == citation["sentences"]
    right = record["facts_ok"] if item.answerable else answer.abstained
    record["passed"] = bool(right) and grounded
    return record


def summarize(
    records: list[dict[str, Any]], mode: str, threshold: float | None = None
) -> dict[str, Any]:
    """The run's figures. ``answered_key_facts`` / ``answered_key_facts_cited``: among the
    answerable questions answered (and having key facts / answer strings), the share whose
    facts appear in the answer text / in the passages it cites. ``calibration``: the curve
    (``eval.calibration``), ``operating_point``: what the run did at ``threshold``,
    ``confidence_auc``: how well the confidence alone separates answerable questions."""
    answerable = [r for r in records if r["answerable"]]
    measurable = [
        r for r in answerable if not r["abstained"] and r.get("facts_in_cited") is not None
    ]
    cited = [r["citation"] for r in records if "citation" in r]
    retrieval = [r["retrieval"] for r in records if "retrieval" in r]
    summary: dict[str, Any] = {
        "mode": mode,
        "questions": len(records),
        "answerable": len(answerable),
        "unanswerable": len(records) - len(answerable),
        "key_fact_recall": m.mean([float(bool(r["facts_ok"])) for r in answerable]),
        "token_f1": m.mean([r["token_f1"] for r in answerable if "token_f1" in r]),
        "exact_match": m.mean([r["exact_match"] for r in answerable if "exact_match" in r]),
        **m.abstention_scores([(r["answerable"], r["abstained"]) for r in records]),
        "answer_rate": m.mean([float(not r["abstained"]) for r in answerable]),
        "answered_key_facts": m.mean([float(bool(r["facts_ok"])) for r in measurable]),
        "answered_key_facts_cited": m.mean([float(r["facts_in_cited"]) for r in measurable]),
        "citation_recall": _ratio(cited, "supported_sentences", "sentences"),
        "citation_precision": _ratio(cited, "precise_citations", "citations"),
        "faithfulness": _ratio(cited, "faithful_sentences", "sentences"),
        "passed": m.mean([float(r["passed"]) for r in records]),
        # LLM mode: the share of answered questions the model's own verified text answers
        # (the rest quote: the model failed, declined or said nothing the passages back).
        "own_text_share": _own_text_share(records) if mode == "llm" else None,
    }
    for k in RETRIEVAL_K:
        for name in ("hit", "recall"):
            summary[f"{name}@{k}"] = m.mean([r[k][name] for r in retrieval])
    summary["mrr@10"] = m.mean([r[10]["rr"] for r in retrieval])
    summary["ndcg@10"] = m.mean([r[10]["ndcg"] for r in retrieval])
    for timing in ("retrieve_ms", "first_token_ms", "total_ms"):
        values = [r["timings"][timing] for r in records]
        summary[f"{timing}_p50"] = m.percentile(values, 50) if values else None
        summary[f"{timing}_p95"] = m.percentile(values, 95) if values else None
    summary = {k: round(v, 4) if isinstance(v, float) else v for k, v in summary.items()}
    summary["confidence_known"] = sum(r.get("confidence") is not None for r in records)
    summary["confidence_auc"] = confidence_auc(records)
    summary["operating_point"] = operating_point(records, threshold)
    summary["calibration"] = calibration_curve(records)
    summary["paths"] = dict(Counter(r["path"] for r in records if r.get("path")))
    return summary


def _own_text_share(records: list[dict[str, Any]]) -> float | None:
    answered = [r for r in records if not r["abstained"] and r.get("path")]
    if not answered:
        return None
    return sum(r["path"] == AnswerPath.GENERATED.value for r in answered) / len(answered)


def _ratio(rows: list[dict[str, Any]], part: str, whole: str) -> float | None:
    total = sum(r[whole] for r in rows)
    return sum(r[part] for r in rows) / total if total else None


def run_eval(
    assistant: Assistant,
    items: list[EvalItem],
    mode: str,
    dataset: str,
    limit: int | None = None,
) -> dict[str, Any]:
    records = [
        evaluate_item(assistant, item, mode)
        for item in tqdm(items[:limit], desc=f"eval {mode}", unit="câu", file=sys.stderr)
    ]
    return {
        "dataset": dataset,
        "mode": mode,
        "created_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "model": next((r["model"] for r in records if r["model"]), ""),
        "summary": summarize(records, mode, operating_threshold(assistant)),
        "records": records,
    }
