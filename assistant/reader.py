"""The read stage: does this sentence answer the question — and does any?

Every sentence of the retrieved passages (with its neighbours) is read for signals that hold
on documents nobody tuned for, and a small logistic model fitted on data this team did not
write (``eval/fit_reader.py``: Zalo WikiQA pairs, dev split, and the golden set) turns them
into the probability that the sentence answers. The best probability is the answerability the
gate abstains on; the ranking is what the select stage quotes and hands the model.

The signals, each a number a person can check by reading the sentence:

- ``dense`` / ``dense_neighbours``: cosine of the question and the sentence (and the best of
  its neighbours) under the multilingual embedder, stored at ingest: paraphrase ("Mỹ" /
  "Hoa Kỳ") and English questions over Vietnamese text;
- ``coverage_own`` / ``coverage_window``: the IDF-weighted share of the question's words in
  the sentence, and within it and its neighbours (the lexical signal of earlier versions);
- ``constraints_missing``: the share of what the question pins down — its numbers, years,
  codes, quoted and proper names — that the sentence's window (or its document's title) lacks:
  asked about "Chiến lược X", a sentence on "Chương trình Y" lacks X;
- ``year_conflict``: the question states a year, the sentence states another and not it;
- ``slot_missing``: the question asks who / when / where / how many / which document number,
  and the sentence holds nothing of that kind;
- ``novelty``: the share of the sentence's own content words the question does not have (a
  heading that repeats the question answers nothing);
- ``rules``: the hand-set lexical rules' own score of the sentence (``evidence.score_sentences``:
  IDF coverage, a stated number missing, an acronym spelled out, the passage's rank), and
  ``best_coverage``, the best window coverage of the question anywhere in the passages (the
  rules' gate): the model learns how far to trust them, from data they were not tuned on.

An English question is read with the language-independent signals only
(``ReaderModel.language_independent``): its words cannot match Vietnamese text, and the
lexical signals would read as "off-topic".
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, fields, replace
from math import fsum
from pathlib import Path

from assistant.condense import Query
from assistant.evidence import (
    expected_answer_type,
    informative_spans,
    offers_answer_type,
    score_sentences,
)
from assistant.passages import Similarity, TermWeights
from assistant.support import names, numbers
from index import Hit, fold
from index.sentences import Spans, neighbourhood
from index.terms import content_terms, passage_terms, question_terms, term_weights

MODEL_PATH = Path(__file__).resolve().parent / "reader_model.json"

_YEAR = re.compile(r"\b(?:1[89]\d\d|20\d\d)\b")
_QUOTED = re.compile(r"[“\"«]([^”\"»]{2,80})[”\"»]")


@dataclass(frozen=True)
class Signals:
    """What reading one sentence for one question found (see the module docstring)."""

    dense: float
    dense_neighbours: float
    coverage_own: float
    coverage_window: float
    constraints_missing: float
    year_conflict: float
    slot_missing: float
    novelty: float
    rules: float  # the lexical rules' own score of the sentence (``evidence.score_sentences``)
    best_coverage: float  # the best window coverage among all the passages' sentences

    @classmethod
    def names(cls) -> tuple[str, ...]:
        return tuple(f.name for f in fields(cls))

    def value(self, name: str) -> float:
        return float(getattr(self, name))


@dataclass(frozen=True)
class LogisticModel:
    """A fitted logistic regression over named signals, standardised as fitted."""

    features: tuple[str, ...]
    mean: tuple[float, ...]
    scale: tuple[float, ...]
    coefficients: tuple[float, ...]
    intercept: float
    threshold: float  # the least probability that answers (chosen on the dev split)
    # The least probability at which it answers a question the lexical rules refuse
    # (answer_reader "combined"): chosen on Zalo questions dev alone to answer 90 % of the
    # answerable ones, the operating point; None in a model fitted before it.
    rescue_threshold: float | None = None

    def probability(self, signals: Signals) -> float:
        z = self.intercept
        for name, mu, sd, w in zip(
            self.features, self.mean, self.scale, self.coefficients, strict=True
        ):
            z += w * (signals.value(name) - mu) / sd
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))

    @classmethod
    def from_json(cls, data: dict) -> LogisticModel:
        return cls(
            tuple(data["features"]),
            tuple(data["mean"]),
            tuple(data["scale"]),
            tuple(data["coefficients"]),
            float(data["intercept"]),
            float(data["threshold"]),
            None if data.get("rescue_threshold") is None else float(data["rescue_threshold"]),
        )

    def to_json(self) -> dict:
        return {
            "features": list(self.features),
            "mean": list(self.mean),
            "scale": list(self.scale),
            "coefficients": list(self.coefficients),
            "intercept": self.intercept,
            "threshold": self.threshold,
            "rescue_threshold": self.rescue_threshold,
        }


@dataclass(frozen=True)
class ReaderModel:
    """The fitted reader: one model for questions in Vietnamese, one on the signals that do not
    depend on the question's language. ``provenance`` says what each was fitted on."""

    vietnamese: LogisticModel
    language_independent: LogisticModel
    provenance: dict

    def for_language(self, language: str) -> LogisticModel:
        return self.language_independent if language == "en" else self.vietnamese

    @classmethod
    def load(cls, path: Path = MODEL_PATH) -> ReaderModel:
        data = json.loads(path.read_text(encoding="utf-8"))
        return cls(
            LogisticModel.from_json(data["vietnamese"]),
            LogisticModel.from_json(data["language_independent"]),
            data.get("provenance", {}),
        )


@dataclass(frozen=True)
class ReadSentence:
    """One sentence read: where it is (``passages[passage].text[start:end]``), what was found,
    and the probability that it answers."""

    passage: int
    start: int
    end: int
    signals: Signals
    probability: float


@dataclass(frozen=True)
class Reading:
    """The read stage's output: every sentence, best first, and the threshold in use."""

    sentences: list[ReadSentence]
    threshold: float
    rescue_threshold: float | None = None  # LogisticModel.rescue_threshold

    @property
    def confidence(self) -> float:
        """How likely the best sentence answers (0 when there is none)."""
        return self.sentences[0].probability if self.sentences else 0.0


# -- the question's side ------------------------------------------------------------------


@dataclass(frozen=True)
class Asked:
    """What the question pins down and what kind of answer it wants; read once per question."""

    text: str
    terms: frozenset[str]
    idf: dict[str, float]
    numbers: frozenset[str]
    years: frozenset[str]
    names: frozenset[str]  # folded capitalised words and quoted names
    slot: str | None  # number | date | name | place | document_number
    weights_of: TermWeights  # the index's IDF, for the lexical rules' score


def asked(question: str, weights_of: TermWeights) -> Asked:
    terms = frozenset(question_terms(question))
    idf = term_weights(set(terms), weights_of) if terms else {}
    quoted = {fold(q).strip() for q in _QUOTED.findall(question)}
    return Asked(
        question,
        terms,
        idf,
        frozenset(numbers(question)),
        frozenset(_YEAR.findall(question)),
        frozenset(names(question) | {q for q in quoted if q}),
        expected_answer_type(question),
        weights_of,
    )


# -- reading -------------------------------------------------------------------------------


def signals_for(
    question: Asked,
    passages: Sequence[Hit],
    similarity: Similarity,
    *,
    spans_of: dict[int, Spans] | None = None,
) -> list[tuple[int, int, int, Signals]]:
    """(passage, start, end, signals) for every informative sentence of the passages."""
    located: list[tuple[int, int, int, int]] = []  # passage, sentence number, start, end
    texts: list[str] = []
    all_spans: dict[int, Spans] = {}
    for p, hit in enumerate(passages):
        spans = spans_of[p] if spans_of is not None else informative_spans(hit.text)
        all_spans[p] = spans
        for i, (start, end) in enumerate(spans):
            located.append((p, i, start, end))
            texts.append(hit.text[start:end])
    if not texts:
        return []
    dense = similarity(question.text, texts)
    rules = {
        (r.passage, r.start): r.score
        for r in score_sentences(question.text, passages, question.weights_of)
    }
    dense_at = {(p, i): d for (p, i, _, _), d in zip(located, dense, strict=True)}
    total = fsum(question.idf.values()) or 1.0
    out: list[tuple[int, int, int, Signals]] = []
    best_coverage = 0.0
    for (p, i, start, end), own_dense in zip(located, dense, strict=True):
        hit, spans = passages[p], all_spans[p]
        sentence = hit.text[start:end]
        window = hit.text[slice(*neighbourhood(spans, i))]
        own_terms = passage_terms(sentence)
        window_terms = own_terms | passage_terms(window)
        neighbours = [dense_at[(p, j)] for j in (i - 1, i + 1) if (p, j) in dense_at]
        out.append(
            (
                p,
                start,
                end,
                Signals(
                    dense=round(own_dense, 4),
                    dense_neighbours=round(max(neighbours, default=own_dense), 4),
                    coverage_own=round(
                        fsum(question.idf[t] for t in question.terms & own_terms) / total, 4
                    ),
                    coverage_window=round(
                        fsum(question.idf[t] for t in question.terms & window_terms) / total, 4
                    ),
                    constraints_missing=_constraints_missing(question, window, hit.title),
                    year_conflict=_year_conflict(question, sentence),
                    slot_missing=_slot_missing(question, sentence),
                    novelty=_novelty(question, sentence),
                    rules=rules.get((p, start), 0.0),
                    best_coverage=0.0,  # filled in below, once every window is read
                ),
            )
        )
        best_coverage = max(best_coverage, out[-1][3].coverage_window)
    return [(p, s, e, replace(x, best_coverage=best_coverage)) for p, s, e, x in out]


def _constraints_missing(question: Asked, window: str, title: str) -> float:
    wanted = len(question.numbers) + len(question.names)
    if not wanted:
        return 0.0
    context = f"{title}\n{window}"
    folded = " ".join(fold(context).split())
    found = len(question.numbers & numbers(context))
    found += sum(1 for name in question.names if name in folded)
    return round(1.0 - found / wanted, 4)


def _slot_missing(question: Asked, sentence: str) -> float:
    return 0.0 if offers_answer_type(sentence, question.text, question.slot) else 1.0


def _year_conflict(question: Asked, sentence: str) -> float:
    stated = set(_YEAR.findall(sentence))
    return 1.0 if question.years and stated and not (question.years & stated) else 0.0


def _novelty(question: Asked, sentence: str) -> float:
    own = content_terms(sentence)
    if not own:
        return 0.0
    asked_words = {part for t in question.terms for part in t.split("_")}
    return round(len(own - asked_words) / len(own), 4)


def read(
    query: Query,
    passages: Sequence[Hit],
    similarity: Similarity,
    weights_of: TermWeights,
    model: ReaderModel,
) -> Reading:
    """The read stage: every sentence of ``passages`` scored for the standalone question (for a
    follow-up, also for what it asks now: the better of the two counts)."""
    logistic = model.for_language(query.language)
    best: dict[tuple[int, int], ReadSentence] = {}
    questions = [query.standalone] + ([query.text] if query.follow_up else [])
    for text in questions:
        for p, start, end, signals in signals_for(asked(text, weights_of), passages, similarity):
            found = ReadSentence(p, start, end, signals, round(logistic.probability(signals), 4))
            if (p, start) not in best or found.probability > best[(p, start)].probability:
                best[(p, start)] = found
    # Ties go to the earlier passage: retrieval ranked it higher.
    ranked = sorted(best.values(), key=lambda r: (-r.probability, r.passage, r.start))
    return Reading(ranked, logistic.threshold, logistic.rescue_threshold)
