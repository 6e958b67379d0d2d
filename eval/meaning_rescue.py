"""The meaning rescue's threshold against data this team did not write.

``HOIDAP_ABSTAIN_MIN_SENTENCE_SIMILARITY`` (``assistant.gate.gate_by_meaning``) answers a
Vietnamese question the rules refuse with the sentence closest in meaning, when its cosine
reaches the threshold. Zalo WikiQA's ``pairs.jsonl`` (question–paragraph pairs labelled by
people) says how often such a rescue is right: each pair is gated by the rules as the pipeline
gates it (the paragraph as the one passage), and for the pairs the rules refuse, the rescue's
best cosine is set against the people's label. (The pipeline tries the learned reader's rescue
between the two; it is left out here, so the curve is the meaning rescue's alone.) ``curve``
gives, per threshold, how many refused pairs would be rescued and the share of them that
answer, next to the rules' own precision on the pairs they pass. (The set is mostly topical
distractors: a rescue less precise than the rules adds wrong answers.)
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from assistant.condense import Query
from assistant.config import DEFAULT_WEIGHTS, AnswerConfig, AnswerWeights
from assistant.gate import gate, gate_by_meaning
from assistant.passages import PassageSource
from eval.pairs import Pair, answer_form, paragraph_hit

THRESHOLDS = (0.85, 0.86, 0.87, 0.88, 0.89, 0.90, 0.91, 0.92)


@dataclass(frozen=True)
class PairRead:
    """One pair as the gate read it."""

    split: str
    answers: bool  # the people's label
    rules_pass: bool  # the rules' gate answers it
    cosine: float | None  # the meaning rescue's best candidate, None if no sentence qualifies
    quote_holds_answer: bool  # that candidate holds one of the pair's answer strings


def read_pairs(
    pairs: Iterable[Pair],
    source: PassageSource,
    config: AnswerConfig,
    weights: AnswerWeights = DEFAULT_WEIGHTS,
    progress: Callable[[int], None] = lambda done: None,
) -> list[PairRead]:
    read: list[PairRead] = []
    for done, pair in enumerate(pairs, start=1):
        text = pair.paragraph
        hit = paragraph_hit(pair.paragraph_id, text)
        query = Query(pair.question, pair.question, "vi")
        passed = gate(query, [hit], source.term_weights, config, weights).passed
        found = gate_by_meaning(
            query, [hit], source.term_weights, source.sentence_similarity, 0.0, weights
        )
        answers = [answer_form(a) for a in pair.answers if a.strip()]
        quoted = answer_form(text[found[1].start : found[1].end]) if found else ""
        read.append(
            PairRead(
                pair.split,
                pair.answerable,
                passed,
                found[0].coverage if found else None,
                bool(found) and any(a in quoted for a in answers),
            )
        )
        progress(done)
    return read


def curve(read: Sequence[PairRead], thresholds: Sequence[float] = THRESHOLDS) -> dict[str, Any]:
    """Per split: the rules' precision on the pairs they pass, the pairs they refuse (and how
    many of those answer), and at each threshold the refused pairs the rescue would answer and
    the share of them that do."""
    out: dict[str, Any] = {}
    for split in sorted({r.split for r in read}):
        rows = [r for r in read if r.split == split]
        passed = [r for r in rows if r.rules_pass]
        refused = [r for r in rows if not r.rules_pass]
        points = []
        for threshold in thresholds:
            rescued = [r for r in refused if r.cosine is not None and r.cosine >= threshold]
            points.append(
                {
                    "threshold": threshold,
                    "rescued": len(rescued),
                    "precision": _share(sum(r.answers for r in rescued), len(rescued)),
                    "quote_holds_answer": sum(r.quote_holds_answer for r in rescued),
                }
            )
        out[split] = {
            "pairs": len(rows),
            "rules_precision": _share(sum(r.answers for r in passed), len(passed)),
            "refused": len(refused),
            "refused_answering": sum(r.answers for r in refused),
            "curve": points,
        }
    return out


def _share(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None
