"""Restores the diacritics of a query typed without them, from the indexed text itself.

The embedder reads "tieu chuan" as a different string from "tiêu chuẩn" (dense recall on
unaccented queries collapses), so before the dense search such a query is rewritten with the
accented forms the corpus actually uses: candidates per folded syllable, chosen by a bigram
model with interpolated unigram backoff (Viterbi). No external model, so it also knows the
corpus's own names and acronyms.
"""

from __future__ import annotations

import itertools
import json
import math
import re
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

from index.text import strip_diacritics
from index.vietnamese import QUESTION_SEED

_SEGMENT = re.compile(r"[^\w\s]+")
_WORD = re.compile(r"\w+")
_RUN = re.compile(r"\w+(?:\s+\w+)*")
# The model's weights, set by hand (none fitted); held in place by tests/test_diacritics.py
# and the "stripped" rows of the Zalo WikiQA retrieval benchmark (README, "Measured"):
# - the share of a word's probability taken from the bigram (the rest from the unigram);
_BIGRAM_WEIGHT = 0.8
# - added to every unigram count (add-k smoothing): a word the corpus never has (a syllable
#   typed that no text uses is its own only candidate) gets a small probability, not log 0;
_UNIGRAM_SMOOTHING = 0.1
# - how many uses each line of question words (``vietnamese.QUESTION_SEED``) counts for:
#   documents rarely ask questions, so their words are seeded.
_SEED_WEIGHT = 3


def has_diacritics(text: str) -> bool:
    return strip_diacritics(text) != text


class DiacriticRestorer:
    def __init__(self, unigrams: Counter[str], bigrams: Counter[tuple[str, str]]) -> None:
        self.unigrams = unigrams
        self.bigrams = bigrams
        self.candidates: dict[str, list[str]] = {}
        for word in unigrams:
            self.candidates.setdefault(strip_diacritics(word), []).append(word)
        self.total = sum(unigrams.values())
        self.vocabulary = len(unigrams)

    @classmethod
    def from_texts(cls, texts: Iterable[str]) -> DiacriticRestorer:
        unigrams: Counter[str] = Counter()
        bigrams: Counter[tuple[str, str]] = Counter()
        for line in QUESTION_SEED.strip().splitlines():
            words = _WORD.findall(line)
            for _ in range(_SEED_WEIGHT):
                unigrams.update(words)
                bigrams.update(itertools.pairwise(words))
        for text in texts:
            for segment in _SEGMENT.split(text.lower()):
                words = _WORD.findall(segment)
                unigrams.update(words)
                bigrams.update(itertools.pairwise(words))
        return cls(unigrams, bigrams)

    def save(self, path: Path) -> None:
        data = {
            "unigrams": self.unigrams,
            "bigrams": [[a, b, n] for (a, b), n in self.bigrams.items()],
        }
        path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")

    @classmethod
    def load(cls, path: Path) -> DiacriticRestorer:
        data = json.loads(path.read_text(encoding="utf-8"))
        bigrams = Counter({(a, b): n for a, b, n in data["bigrams"]})
        return cls(Counter(data["unigrams"]), bigrams)

    def _log_p(self, previous: str | None, word: str) -> float:
        unigram = (self.unigrams[word] + _UNIGRAM_SMOOTHING) / (
            self.total + _UNIGRAM_SMOOTHING * self.vocabulary
        )
        if previous is None:
            return math.log(unigram)
        seen = self.unigrams[previous]
        bigram = self.bigrams[(previous, word)] / seen if seen else 0.0
        return math.log(_BIGRAM_WEIGHT * bigram + (1 - _BIGRAM_WEIGHT) * unigram)

    def _restore_words(self, words: list[str]) -> list[str]:
        lattice = [sorted(self.candidates.get(w, [w])) for w in words]
        best: dict[str, tuple[float, list[str]]] = {
            c: (self._log_p(None, c), [c]) for c in lattice[0]
        }
        for options in lattice[1:]:
            best = {
                c: max(
                    ((score + self._log_p(p, c), path) for p, (score, path) in best.items()),
                    key=lambda item: item[0],
                )
                for c in options
            }
            best = {c: (score, [*path, c]) for c, (score, path) in best.items()}
        return max(best.values(), key=lambda item: item[0])[1]

    def restore(self, query: str) -> str:
        """The query with diacritics restored; unchanged if it already has any."""
        if has_diacritics(query) or not self.unigrams:
            return query
        out: list[str] = []
        position = 0
        for match in _RUN.finditer(query):
            out.append(query[position : match.start()])
            original = match.group(0).split()
            restored = self._restore_words([w.lower() for w in original])
            out.append(" ".join(_match_case(o, r) for o, r in zip(original, restored, strict=True)))
            position = match.end()
        out.append(query[position:])
        return "".join(out)


def _match_case(original: str, restored: str) -> str:
    if original.isupper() and len(original) > 1:
        return restored.upper()
    if original[:1].isupper():
        return restored[:1].upper() + restored[1:]
    return restored
