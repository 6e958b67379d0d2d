"""Zalo WikiQA pairs (``../shared/benchmarks/zalo_wikiqa/pairs.jsonl``): 3,454 question–paragraph
pairs labelled by people (does this paragraph answer this question?), split by question into
``dev`` (fit and choose on it) and ``test`` (report it, never tune on it). Here: the loader, and
the ROC AUC of any ``(question, paragraph) -> score`` over a split, so each reader signal and the
reader itself are reported on the same footing."""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from index import Hit, fold

PAIRS_FILE = "pairs.jsonl"
SPLITS = ("dev", "test")

Scorer = Callable[[str, str], float]  # (question, paragraph) -> higher: more likely answers


@dataclass(frozen=True)
class Pair:
    question_id: str
    paragraph_id: str
    question: str
    paragraph: str
    answerable: bool  # the people's label: the paragraph answers the question
    answers: tuple[str, ...]  # answer spans (answerable pairs)
    split: str


def paragraph_hit(paragraph_id: str, text: str, title: str = "") -> Hit:
    """A paragraph as the one passage a search found, for the stages to read."""
    return Hit(1, 1.0, paragraph_id, title, "", f"{paragraph_id}#0000", text, 0, len(text))


def answer_form(text: str) -> str:
    """Folded, spaces collapsed: how an answer string is looked for in a sentence."""
    return " ".join(fold(text).split())


def load_pairs(folder: Path, split: str | None = None) -> list[Pair]:
    """The pairs of ``folder``/pairs.jsonl, of one ``split`` ("dev" or "test") or all."""
    if split is not None and split not in SPLITS:
        raise ValueError(f"split phải là một trong {SPLITS}, không phải {split!r}")
    pairs = []
    with (folder / PAIRS_FILE).open(encoding="utf-8") as handle:
        for line in handle:
            if not line.strip():
                continue
            r = json.loads(line)
            if split is None or r["split"] == split:
                pairs.append(
                    Pair(
                        r["question_id"],
                        r["paragraph_id"],
                        r["question"],
                        r["paragraph"],
                        bool(r["answerable"]),
                        tuple(r.get("answers", [])),
                        r["split"],
                    )
                )
    return pairs


def roc_auc(scores: Sequence[float], labels: Sequence[bool]) -> float | None:
    """ROC AUC of ``scores`` against ``labels`` (ties count half); None when only one class is
    present (undefined)."""
    from sklearn.metrics import roc_auc_score  # imported on use: sklearn loads slowly

    if len(set(labels)) < 2:
        return None
    return round(float(roc_auc_score([int(y) for y in labels], list(scores))), 4)


def pairs_auc(score: Scorer, pairs: Sequence[Pair]) -> float | None:
    """How well ``score`` tells the answering paragraphs from the distractors over ``pairs``
    (0.5: no better than chance; 1: every answering pair above every other)."""
    return roc_auc([score(p.question, p.paragraph) for p in pairs], [p.answerable for p in pairs])
