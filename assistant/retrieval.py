"""The retrieve stage: the passages for a question, each read on into the chunks after it."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from assistant.condense import Query
from assistant.config import DEFAULT_WEIGHTS, AnswerWeights
from assistant.evidence import defined_acronym, defines
from assistant.passages import PassageSource
from index import NO_FILTERS, Hit, SearchFilters


@dataclass(frozen=True)
class Retrieved:
    """The retrieve stage's output."""

    hits: list[Hit]  # the chunks as found, their sentences whole: evidence is judged on them
    passages: list[Hit]  # the same, each read on (``following_chunks``): what answers quote


def retrieve(
    query: Query,
    source: PassageSource,
    k: int,
    weights: AnswerWeights = DEFAULT_WEIGHTS,
    filters: SearchFilters = NO_FILTERS,
) -> Retrieved:
    """Passages for the standalone question; for a follow-up, interleaved with those for the
    follow-up alone, which may have changed the subject ("Còn ACCSQ thì sao?"). Each is then
    read on into the next chunks, where a list it announces ("… ba hoạt động nổi bật.") goes
    on. Every search, the follow-up's and the acronym's included, is narrowed by
    ``filters``."""
    if not filters.empty:
        source = _Filtered(source, filters)
    hits = _search(query, source, k, weights)
    passages = [source.with_following(hit, weights.following_chunks) for hit in hits]
    # A chunk may start or stop inside a sentence (chunks overlap by words): the gate reads
    # its sentences whole, or a chunk that is one long sentence's tail shows it nothing.
    whole = [source.with_following(hit, 0) for hit in hits]
    return Retrieved(whole, passages)


def _search(query: Query, source: PassageSource, k: int, weights: AnswerWeights) -> list[Hit]:
    acronym = defined_acronym(query.standalone)
    defining = _defining(acronym, source, k * weights.definition_candidates) if acronym else []
    if defining:
        # "TBT là gì?": the passage that spells it out may share no other word with the
        # question; a search for the acronym alone finds where it is introduced.
        return _interleave(source.search(query.standalone, k=k), defining, k)
    if not query.follow_up:
        return source.search(query.text, k=k)
    return _interleave(source.search(query.standalone, k=k), source.search(query.text, k=k), k)


def _defining(acronym: str, source: PassageSource, candidates: int) -> list[Hit]:
    """The passage that spells ``acronym`` out, among the lexical top ``candidates``. (Only the
    first is kept, and only from that top: a known miss for acronyms used in many chunks,
    left for a later issue.)"""
    found = source.search(acronym, k=candidates, mode="lexical")
    return [h for h in found if defines(h.text, acronym)][:1]


def _interleave(first: Sequence[Hit], second: Sequence[Hit], k: int) -> list[Hit]:
    """Two rankings merged turn by turn, without repeats; one passage over ``k``, as two
    searches share the budget."""
    merged: dict[str, Hit] = {}
    for position in range(max(len(first), len(second))):
        for ranking in (first, second):
            if position < len(ranking):
                merged.setdefault(ranking[position].chunk_id, ranking[position])
    return list(merged.values())[: k + 1]


class _Filtered:
    """``source`` with every search narrowed by ``filters`` (the index applies them inside
    retrieval, so a filtered-out chunk is never a candidate)."""

    def __init__(self, source: PassageSource, filters: SearchFilters) -> None:
        self._source = source
        self._filters = filters

    def search(self, query: str, k: int | None = None, mode: str | None = None) -> list[Hit]:
        return self._source.search(query, k=k, mode=mode, filters=self._filters)

    def __getattr__(self, name: str) -> object:
        return getattr(self._source, name)
