"""What the answer pipeline needs of the index, and nothing more.

The stages reach the passages only through ``PassageSource``: ``index.SearchIndex`` is one, and
a test can hand a stage a few ``Hit``\\ s and a term-weight function without Chroma or a model.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Protocol

import numpy as np

from index import Hit, SearchFilters

# IDF of folded terms (unknown terms weigh most): ``SearchIndex.term_weights``.
TermWeights = Callable[[set[str]], dict[str, float]]


class PassageSource(Protocol):
    def search(
        self,
        query: str,
        k: int | None = None,
        mode: str | None = None,
        filters: SearchFilters | None = None,
    ) -> list[Hit]:
        """The ``k`` best chunks for ``query`` (``mode="lexical"``: BM25 alone), among the
        documents ``filters`` lets through."""
        ...

    def with_following(self, hit: Hit, chunks: int = 1) -> Hit:
        """``hit`` with its document's text continued through the next ``chunks`` chunks."""
        ...

    def term_weights(self, terms: set[str]) -> dict[str, float]:
        """IDF of folded terms over the indexed chunks."""
        ...

    def sentence_similarity(self, question: str, sentences: Sequence[str]) -> list[float]:
        """Cosine between ``question`` (embedded as a query) and each of ``sentences`` (as
        passages), in order. Sentence vectors are stored at ingest and looked up by text; a
        sentence not stored (an index written before they were, a sentence across two chunks)
        is embedded now, once."""
        ...

    def phrase_similarity(self, phrases: Sequence[str], others: Sequence[str]) -> np.ndarray:
        """Cosine of each of ``phrases`` with each of ``others`` (rows, columns): words and
        word pairs, embedded alone."""
        ...


# Cosine between a question and each sentence: ``PassageSource.sentence_similarity``.
Similarity = Callable[[str, Sequence[str]], list[float]]
# Cosine of words with words: ``PassageSource.phrase_similarity``.
PhraseSimilarity = Callable[[Sequence[str], Sequence[str]], np.ndarray]
