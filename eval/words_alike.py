"""The words-alike gate's two values (``assistant.config.WordsAlike``) from data this team did
not write.

``gate.gate_by_words`` counts a question word the passage lacks as found when a word or word
pair of the passage embeds within ``min_similarity`` of it, and answers when that coverage
reaches ``min_coverage``. Zalo WikiQA's ``pairs.jsonl`` (question–paragraph pairs labelled by
people, mostly topical distractors) fixes both on its **dev** split: each paragraph's best
window coverage, by the rules (exact words) and with words matched by meaning at each cosine
in ``SIMILARITIES``, is set against the people's label. ``min_similarity`` is the cosine whose
coverage ranks answering paragraphs above the others best (ROC AUC); ``min_coverage`` is the
least coverage that lets through no larger a share of the non-answering paragraphs than the
rules' own threshold does. The test split is reported, never chosen on.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from assistant.evidence import (
    alike_coverage,
    informative_spans,
    question_terms,
    term_weights,
    window_coverage,
    written_terms,
)
from assistant.passages import PassageSource
from eval.pairs import Pair, paragraph_hit, roc_auc
from index.sentences import neighbourhood

SIMILARITIES = (0.92, 0.93, 0.94, 0.95, 0.96, 0.97)
COVERAGES = tuple(round(0.40 + 0.01 * i, 2) for i in range(51))  # 0.40 … 0.90


@dataclass(frozen=True)
class PairCoverage:
    """One pair: the people's label and the paragraph's best window coverage."""

    split: str
    answers: bool
    rules: float  # exact words (``evidence.window_coverage``)
    alike: dict[float, float]  # with words matched by meaning, per cosine


def read_pairs(
    pairs: Iterable[Pair],
    source: PassageSource,
    similarities: Sequence[float] = SIMILARITIES,
    progress: Callable[[int], None] = lambda done: None,
) -> list[PairCoverage]:
    read: list[PairCoverage] = []
    for done, pair in enumerate(pairs, start=1):
        hit = paragraph_hit(pair.paragraph_id, pair.paragraph)
        terms = question_terms(pair.question)
        idf = term_weights(terms, source.term_weights) if terms else {}
        written = written_terms(pair.question)
        spans = informative_spans(hit.text)
        best = dict.fromkeys(similarities, 0.0)
        for i in range(len(spans)) if idf else ():
            window = hit.text[slice(*neighbourhood(spans, i))]
            for cosine in similarities:
                covered = alike_coverage(
                    written, window, frozenset(), idf, source.phrase_similarity, cosine
                )
                best[cosine] = max(best[cosine], covered)
        rules = window_coverage(pair.question, [hit], source.term_weights)
        read.append(PairCoverage(pair.split, pair.answerable, rules, best))
        progress(done)
    return read


def choose(read: Sequence[PairCoverage], rules_threshold: float) -> dict[str, Any]:
    """``min_similarity`` and ``min_coverage`` chosen on the dev pairs, and both splits'
    figures: ROC AUC of each coverage, and the share of answering (tpr) and non-answering
    (fpr) paragraphs each threshold lets through."""
    dev = [r for r in read if r.split == "dev"]
    aucs = {c: roc_auc([r.alike[c] for r in dev], [r.answers for r in dev]) for c in dev[0].alike}
    similarity = max(aucs, key=lambda c: aucs[c] or 0.0)
    allowed = _rates([r.rules for r in dev], dev, rules_threshold)["fpr"]
    alike = [r.alike[similarity] for r in dev]
    fits = (t for t in COVERAGES if _rates(alike, dev, t)["fpr"] <= allowed)
    coverage = next(fits, COVERAGES[-1])
    report: dict[str, Any] = {
        "min_similarity": similarity,
        "min_coverage": coverage,
        "chosen_on": "Zalo pairs split=dev",
    }
    for split in ("dev", "test"):
        rows = [r for r in read if r.split == split]
        if not rows:
            continue
        labels = [r.answers for r in rows]
        report[split] = {
            "pairs": len(rows),
            "rules_auc": roc_auc([r.rules for r in rows], labels),
            "alike_auc": {c: roc_auc([r.alike[c] for r in rows], labels) for c in rows[0].alike},
            "rules_at_threshold": _rates([r.rules for r in rows], rows, rules_threshold),
            "alike_at_chosen": _rates([r.alike[similarity] for r in rows], rows, coverage),
        }
    return report


def _rates(scores: Sequence[float], rows: Sequence[PairCoverage], threshold: float) -> dict:
    passed = [r.answers for r, s in zip(rows, scores, strict=True) if s >= threshold]
    positives = sum(r.answers for r in rows) or 1
    negatives = sum(not r.answers for r in rows) or 1
    return {
        "tpr": round(sum(passed) / positives, 4),
        "fpr": round((len(passed) - sum(passed)) / negatives, 4),
    }
