"""Datasets: the golden set for docs_corpus/ (eval/datasets/golden.jsonl) and Zalo WikiQA."""

from __future__ import annotations

import json
from pathlib import Path

from eval.answer_eval import EvalItem
from eval.zalo import load_questions

GOLDEN_PATH = Path(__file__).resolve().parent / "datasets" / "golden.jsonl"


def load_golden(path: Path = GOLDEN_PATH) -> list[EvalItem]:
    """Golden JSONL: id, question, answerable, reference_answer, key_facts (all required),
    evidence [{doc_id, quote}], type, history."""
    items = []
    with path.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            try:
                r = json.loads(line)
                items.append(
                    EvalItem(
                        id=r["id"],
                        question=r["question"],
                        answerable=bool(r["answerable"]),
                        type=r.get("type", "fact"),
                        history=tuple(r.get("history") or ()),
                        key_facts=tuple(r.get("key_facts") or ()),
                        references=(r["reference_answer"],) if r.get("reference_answer") else (),
                        evidence=tuple((e["doc_id"], e["quote"]) for e in r.get("evidence", [])),
                    )
                )
            except (ValueError, KeyError, TypeError) as exc:
                raise ValueError(f"{path}:{number}: mục không hợp lệ ({exc})") from exc
    return items


def load_zalo(folder: Path, split: str | None = None) -> list[EvalItem]:
    """Zalo WikiQA questions (of one ``split``, "dev" or "test", if given): an answer is right
    when it contains any of the answer spans; evidence is any chunk of a relevant paragraph
    (each paragraph is one document)."""
    return [
        EvalItem(
            id=q.id,
            question=q.question,
            answerable=q.answerable,
            type="zalo",
            key_facts=q.answers,
            facts_rule="any",
            references=q.answers,
            evidence=tuple((doc, "") for doc in q.relevant),
        )
        for q in load_questions(folder)
        if split is None or q.split == split
    ]
