"""Terms: the folded words and syllable pairs texts are matched on, and their IDF.

One owner for term extraction and weighting, shared by the lexical index (BM25) and the answer
engine's evidence scorer and support check. A term is a folded syllable ("luong") or a pair of
adjacent folded syllables ("do_luong"): most Vietnamese words are two syllables, so a pair
stands for a word ("nhân viên" must not match "nhân dân … viên chức").

Three extractions, which differ on purpose (each has the figures of its own eval behind it;
making them one would change BM25 scores, the evidence gate and the quoted sentences):

- ``index_terms`` — what BM25 indexes and searches: a list (BM25 counts how often a term
  occurs), and a pair never spans punctuation ("Hà Nội, Việt Nam" has no "noi_viet"), as a
  phrase ends there.
- ``passage_terms`` / ``question_terms`` — what the evidence scorer compares: sets (a sentence
  either has a word or not), pairs formed over the text's words regardless of punctuation;
  a question keeps only its content words (no stop words, question words or bare numbers)
  and pairs only two content words that stand next to each other, plus its ordinal phrase.
- ``content_terms`` — what the support check compares: content syllables only, no pairs.

IDF is BM25's, over syllables only (``document_frequencies``, ``idf``); a pair weighs as much
as its two syllables together (``term_weights``).
"""

from __future__ import annotations

import functools
import itertools
import math
import re
from collections import Counter
from collections.abc import Callable, Iterable

from index.text import fold
from index.vietnamese import (
    ASKS_WHAT_IT_SAYS,
    HOW_MANY_ACCENTED,
    ORDINAL_PHRASE,
    QUESTION_WORDS,
    STOPWORDS,
)

_WORD = re.compile(r"\w+")
_PUNCTUATION = re.compile(r"[^\w\s]+")
# BM25's IDF smoothing (Robertson–Spärck Jones): +0.5 on both sides keeps a term found in
# every chunk above zero weight.
IDF_SMOOTHING = 0.5


def folded_tokens(text: str) -> list[str]:
    """The folded words (syllables) of ``text``, in order: "Đo lường" → ["do", "luong"]."""
    return _WORD.findall(fold(text))


def _pairs(words: list[str]) -> list[str]:
    return [f"{a}_{b}" for a, b in itertools.pairwise(words)]


# -- BM25 ------------------------------------------------------------------------------------


def index_terms(text: str) -> list[str]:
    """BM25's terms: folded syllables plus adjacent pairs within a phrase (a pair never spans
    punctuation), repeated as often as they occur."""
    syllables: list[str] = []
    pairs: list[str] = []
    for segment in _PUNCTUATION.split(text):
        words = folded_tokens(segment)
        syllables += words
        pairs += _pairs(words)
    return syllables + pairs


def document_frequencies(texts: Iterable[str]) -> Counter[str]:
    """In how many of ``texts`` each folded syllable occurs."""
    df: Counter[str] = Counter()
    for text in texts:
        df.update(set(folded_tokens(text)))
    return df


def idf(terms: Iterable[str], df: Counter[str], documents: int) -> dict[str, float]:
    """BM25-style IDF of each term, given document frequencies over ``documents`` texts; a
    term no text has weighs most."""
    return {
        t: math.log(1 + (documents - df[t] + IDF_SMOOTHING) / (df[t] + IDF_SMOOTHING))
        for t in terms
    }


# -- Evidence --------------------------------------------------------------------------------


def asked_ordinals(question: str) -> set[str]:
    """Ordinal pairs of the question as question terms: {'thu_tu'} for "… thứ tư là gì?"."""
    return {f"thu_{m}" for m in ORDINAL_PHRASE.findall(fold(question))}


def question_terms(question: str) -> set[str]:
    """Content syllables plus the pairs they form in the question: "nhân viên" must occur as a
    pair, not as "nhân dân … viên chức"."""
    # Question phrases go before folding, which would make "mấy" the "máy" of "máy đo".
    lowered = ASKS_WHAT_IT_SAYS.sub(" ? ", HOW_MANY_ACCENTED.sub(" ? ", question.lower()))
    words = _WORD.findall(fold(lowered))
    keep = [t not in QUESTION_WORDS and t not in STOPWORDS and not t.isdigit() for t in words]
    singles = {t for t, k in zip(words, keep, strict=True) if k}
    pairs = {
        f"{a}_{b}"
        for (a, keep_a), (b, keep_b) in itertools.pairwise(zip(words, keep, strict=True))
        if keep_a and keep_b
    }
    return singles | pairs | asked_ordinals(question)


@functools.lru_cache(maxsize=65536)
def passage_terms(text: str) -> frozenset[str]:
    """Every folded syllable of a passage text and every adjacent pair (remembered: the same
    passages come back question after question)."""
    words = folded_tokens(text)
    return frozenset(words) | set(_pairs(words))


def term_weights(
    terms: set[str], weights: Callable[[set[str]], dict[str, float]]
) -> dict[str, float]:
    """IDF per term (``weights``: syllable IDF, as ``idf`` over the index); a pair weighs as
    much as its two syllables together."""
    singles = weights({part for t in terms for part in t.split("_")})
    return {t: sum(singles[p] for p in t.split("_")) for t in terms}


# -- Support ---------------------------------------------------------------------------------


def content_terms(text: str) -> set[str]:
    """Folded syllables that carry evidence: no stop words, no bare numbers."""
    return {t for t in folded_tokens(text) if t not in STOPWORDS and not t.isdigit()}
