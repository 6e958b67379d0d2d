"""Persisted BM25 index over diacritic-folded syllables and syllable pairs (``index.terms``).

Built once per change of the collection (never per query) and swapped in atomically; it also
keeps each chunk's text and metadata so hits can be shown without another store round trip.
"""

from __future__ import annotations

import fcntl
import json
import shutil
import uuid
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import bm25s
import numpy as np

from index.access import ALL_GROUPS, readable
from index.chunk_format import DAY_KEY, stored_groups
from index.diacritics import DiacriticRestorer
from index.filters import NOT_IN_FORCE, SearchFilters
from index.identifiers import IdentifierIndex
from index.routing import Routes
from index.terms import document_frequencies, idf, index_terms

# Measured on Zalo WikiQA: k1=0.9, b=0.4 beat the 1.2/0.75 defaults by 0.02 MRR@10 (README).
BM25_K1 = 0.9
BM25_B = 0.4
IDENTIFIERS_FILE = "identifiers.json"  # the identifier index (``index.identifiers``)
MASKS_KEPT = 64  # filters whose candidate masks a snapshot remembers
_FILTERED_KEYS = ("status", "doc_type", "issuer", "doc_id")


@dataclass
class _Snapshot:
    """One generation of the index. Replaced whole (only its document frequencies are filled
    in on first use), so a search running in another thread never sees records of one
    generation with scores of another."""

    records: list[dict[str, Any]]
    bm25: bm25s.BM25 | None
    generation: str | None
    restorer: DiacriticRestorer
    row_of: dict[str, int] = field(default_factory=dict)
    df: Counter[str] | None = None  # document frequencies, counted on first use
    identifiers: IdentifierIndex | None = None  # stored with the snapshot, when it was
    routes: Routes | None = None  # identifier and article look-ups, built on first use
    # Each filtered field as integer codes (one per distinct value) and the issue day, built
    # on first use: a filter's mask is then a few vectorised comparisons, not a record scan.
    columns: dict[str, tuple[dict[str, int], np.ndarray]] | None = None
    days: np.ndarray | None = None
    # Each record's groups as a code into the distinct group lists (few: one per catalog
    # setting), built on first use: a reader's mask is ``readable`` once per distinct list.
    group_sets: tuple[list[tuple[str, ...]], np.ndarray] | None = None
    masks: dict[SearchFilters, np.ndarray] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.row_of = {r["id"]: i for i, r in enumerate(self.records)}

    def mask(self, filters: SearchFilters) -> np.ndarray:
        """Which records ``filters`` keeps (``SearchFilters`` semantics, as ``where``)."""
        if (kept := self.masks.get(filters)) is not None:
            return kept
        if self.columns is None or self.days is None:
            self.columns = {key: _codes(self.records, key) for key in _FILTERED_KEYS}
            self.days = np.array([int(r.get(DAY_KEY, 0) or 0) for r in self.records], np.int64)
        keep = np.ones(len(self.records), bool)
        if filters.in_force_only:
            keep &= ~self._has("status", NOT_IN_FORCE)
        for key, values in (
            ("doc_type", filters.doc_types),
            ("issuer", filters.issuers),
            ("doc_id", filters.doc_ids),
        ):
            if values:
                keep &= self._has(key, values)
        if (days := filters.day_range()) is not None:
            keep &= (self.days >= days[0]) & (self.days <= days[1])
        if filters.groups is not ALL_GROUPS:
            keep &= self._readable(filters.groups)
        if len(self.masks) >= MASKS_KEPT:
            self.masks.clear()
        self.masks[filters] = keep
        return keep

    def _readable(self, reader: tuple[str, ...]) -> np.ndarray:
        """Which records a reader in groups ``reader`` may read (``index.access.readable`` of
        each record's groups; a record written before there were groups has none)."""
        if self.group_sets is None:
            vocabulary: dict[tuple[str, ...], int] = {}
            codes = [
                vocabulary.setdefault(tuple(stored_groups(r)), len(vocabulary))
                for r in self.records
            ]
            self.group_sets = list(vocabulary), np.array(codes, np.int32)
        sets, codes = self.group_sets
        allowed = np.array([readable(groups, reader) for groups in sets], bool)
        return allowed[codes] if len(sets) else np.zeros(len(codes), bool)

    def _has(self, key: str, values: Sequence[str]) -> np.ndarray:
        assert self.columns is not None
        vocabulary, codes = self.columns[key]
        return np.isin(codes, [vocabulary[v] for v in values if v in vocabulary])


def _load_identifiers(path: Path) -> IdentifierIndex | None:
    """The stored identifier index; None for a snapshot written before there was one (it is
    built on first use instead)."""
    try:
        return IdentifierIndex.from_json(json.loads(path.read_text(encoding="utf-8")))
    except (OSError, ValueError, KeyError):
        return None


def _codes(records: Sequence[dict[str, Any]], key: str) -> tuple[dict[str, int], np.ndarray]:
    """A record field as integer codes, and the code of each value."""
    vocabulary: dict[str, int] = {}
    codes = [vocabulary.setdefault(str(r.get(key, "")), len(vocabulary)) for r in records]
    return vocabulary, np.array(codes, np.int32)


class LexicalIndex:
    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._snapshot = _Snapshot([], None, None, DiacriticRestorer.from_texts([]))

    @property
    def records(self) -> list[dict[str, Any]]:
        return self._snapshot.records

    @property
    def generation(self) -> str | None:
        return self._snapshot.generation

    def current(self) -> tuple[str | None, list[dict[str, Any]]]:
        """The generation and records of one snapshot (read together: a swap in another
        thread cannot pair one generation's records with another's stamp)."""
        snapshot = self._snapshot
        return snapshot.generation, snapshot.records

    @property
    def restorer(self) -> DiacriticRestorer:
        return self._snapshot.restorer

    @contextmanager
    def _lock(self) -> Iterator[None]:
        self.folder.parent.mkdir(parents=True, exist_ok=True)
        with open(self.folder.parent / f".{self.folder.name}.lock", "w") as handle:
            fcntl.flock(handle, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)

    def stored_generation(self) -> str | None:
        try:
            meta = json.loads((self.folder / "meta.json").read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        return meta.get("generation")

    def load(self) -> bool:
        """Load what is on disk; False when there is nothing (or nothing readable)."""
        with self._lock():
            try:
                meta = json.loads((self.folder / "meta.json").read_text(encoding="utf-8"))
                records = json.loads((self.folder / "records.json").read_text(encoding="utf-8"))
                bm25 = bm25s.BM25.load(str(self.folder / "bm25")) if records else None
                restorer = DiacriticRestorer.load(self.folder / "restore.json")
            except (OSError, ValueError, KeyError):
                return False
            identifiers = _load_identifiers(self.folder / IDENTIFIERS_FILE)
        self._install(records, bm25, meta.get("generation"), restorer, identifiers)
        return True

    def build(self, records: Sequence[dict[str, Any]], generation: str) -> None:
        """Index ``records`` (each with 'id' and 'text'), persist, and swap in."""
        records = list(records)
        bm25: bm25s.BM25 | None = None
        if records:
            bm25 = bm25s.BM25(k1=BM25_K1, b=BM25_B)
            bm25.index([index_terms(r["index_text"]) for r in records], show_progress=False)
        restorer = DiacriticRestorer.from_texts(r["index_text"] for r in records)
        identifiers = IdentifierIndex.build(records)
        with self._lock():
            staging = self.folder.with_name(f"{self.folder.name}.tmp-{uuid.uuid4().hex[:8]}")
            staging.mkdir(parents=True)
            if bm25 is not None:
                bm25.save(str(staging / "bm25"))
            (staging / "records.json").write_text(
                json.dumps(records, ensure_ascii=False), encoding="utf-8"
            )
            restorer.save(staging / "restore.json")
            (staging / IDENTIFIERS_FILE).write_text(
                json.dumps(identifiers.to_json(), ensure_ascii=False), encoding="utf-8"
            )
            (staging / "meta.json").write_text(json.dumps({"generation": generation}))
            retired = self.folder.with_name(f"{self.folder.name}.old-{uuid.uuid4().hex[:8]}")
            if self.folder.exists():
                self.folder.rename(retired)
            staging.rename(self.folder)
            shutil.rmtree(retired, ignore_errors=True)
        self._install(records, bm25, generation, restorer, identifiers)

    def _install(
        self,
        records: list[dict[str, Any]],
        bm25: bm25s.BM25 | None,
        generation: str | None,
        restorer: DiacriticRestorer,
        identifiers: IdentifierIndex | None = None,
    ) -> None:
        self._snapshot = _Snapshot(records, bm25, generation, restorer, identifiers=identifiers)

    def idf(self, terms: set[str]) -> dict[str, float]:
        """BM25-style IDF of folded syllables over the chunks (computed once per snapshot)."""
        snapshot = self._snapshot
        if snapshot.df is None:
            snapshot.df = document_frequencies(r["index_text"] for r in snapshot.records)
        return idf(terms, snapshot.df, len(snapshot.records))

    def record(self, chunk_id: str) -> dict[str, Any] | None:
        snapshot = self._snapshot
        row = snapshot.row_of.get(chunk_id)
        return None if row is None else snapshot.records[row]

    def routes(self) -> Routes:
        """The snapshot's identifier and article look-ups (``index.routing``)."""
        snapshot = self._snapshot
        if snapshot.routes is None:
            snapshot.routes = Routes.build(snapshot.records, snapshot.identifiers)
        return snapshot.routes

    def share(self, filters: SearchFilters) -> float:
        """The share of the chunks ``filters`` keeps (1.0 for none, or no chunk)."""
        snapshot = self._snapshot
        if filters.empty or not snapshot.records:
            return 1.0
        return float(snapshot.mask(filters).mean())

    def allowed(self, filters: SearchFilters) -> Callable[[str], bool]:
        """Does ``filters`` keep the chunk with this id (one that is not in the snapshot: no)?"""
        snapshot = self._snapshot
        if filters.empty:
            return lambda cid: cid in snapshot.row_of
        keep = snapshot.mask(filters)
        return lambda cid: (row := snapshot.row_of.get(cid)) is not None and bool(keep[row])

    def top(
        self, query: str, k: int, filters: SearchFilters | None = None
    ) -> list[tuple[str, float]]:
        """The ``k`` best chunks for ``query`` as (chunk id, BM25 score), best first, among
        those ``filters`` keeps (left out before ranking, so k come back when k match)."""
        snapshot = self._snapshot
        terms = index_terms(query)
        if snapshot.bm25 is None or not snapshot.records or not terms:
            # "?", "😀": no term to match (bm25s raises IndexError on an empty query); the
            # dense ranking alone decides, and the answer engine abstains.
            return []
        scores = snapshot.bm25.get_scores(terms)
        if filters is not None and not filters.empty:
            scores = np.where(snapshot.mask(filters), scores, 0.0)
        # Only chunks sharing a term can rank: partitioning those instead of every score
        # saves ~3 ms a query at 300k chunks.
        matching = np.flatnonzero(scores > 0)
        if len(matching) > k:
            matching = matching[np.argpartition(-scores[matching], k - 1)[:k]]
        best = matching[np.argsort(-scores[matching], kind="stable")]
        return [(snapshot.records[i]["id"], float(scores[i])) for i in best]
