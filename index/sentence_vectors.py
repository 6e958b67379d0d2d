"""Sentence vectors: each sentence of a chunk embedded once, at ingest, and kept in the chunk's
own metadata, so reading a question's passages costs one query embedding instead of dozens of
passage ones.

They ride with the chunk (two metadata strings, ``SPANS_KEY`` and ``VECTORS_KEY``), so the
write protocol (``index.writes``) writes, replaces, deletes and recovers them with it, and the
lexical snapshot's records carry them (no store round trip to read one). The spans are those of
``passage_spans(chunk.text)``, the sentences the answer stages read. Each vector is the
sentence alone embedded as a passage, L2-normalised and stored as int8 (round(x·127)): a
quarter of float32's size, cosine error ~0.005 (``quantisation_error``).

A question's sentences are looked up by their text (whitespace-normalised) in a table built
once per snapshot generation; one not stored (it runs across two chunks, or the index was
written before sentence vectors) is embedded on the spot, in one batch, and kept in a bounded
LRU.
"""

from __future__ import annotations

import base64
import threading
from collections import OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from index.chunk_format import SPANS_KEY, VECTORS_KEY, sentence_source
from index.records import ChunkId
from index.sentences import Spans
from index.text import for_embedding

SCALE = 127.0
UNSTORED_CACHE = 4096  # sentences embedded on the spot, remembered (~1.6 MB at 384 dims)
PHRASE_CACHE = 20000  # words and word pairs embedded for ``phrase_similarity`` (~15 MB, float16)
# … per embedding model: a word's vector is the model's, not an index's, so every index a
# process opens with that model (the product's, the eval sets') shares them.
_PHRASES: dict[str, OrderedDict[str, np.ndarray]] = {}
_PHRASES_LOCK = threading.Lock()

EmbedMany = Callable[[Sequence[str]], list[list[float]]]
QueryVector = Callable[[str], np.ndarray]


def sentence_key(text: str) -> str:
    """How a sentence is looked up: its words, whitespace collapsed (a passage read across
    chunks joins them with a space or a line break)."""
    return " ".join(text.split())


def sentence_embedding_text(text: str) -> str:
    """What a sentence is embedded as (a passage, without the title: the sentence alone)."""
    return for_embedding(sentence_key(text))


def quantise(vectors: Sequence[Sequence[float]] | np.ndarray) -> np.ndarray:
    """Rows L2-normalised, then stored as int8."""
    array = np.asarray(vectors, dtype=np.float32).reshape(len(vectors), -1)
    array = array / np.maximum(np.linalg.norm(array, axis=1, keepdims=True), 1e-12)
    return np.round(array * SCALE).astype(np.int8)


def quantisation_error(vectors: Sequence[Sequence[float]] | np.ndarray) -> float:
    """The largest cosine error between these vectors and their int8 form (measured on the
    product corpus' 186 sentences: 0.006)."""
    array = np.asarray(vectors, dtype=np.float32)
    array = array / np.maximum(np.linalg.norm(array, axis=1, keepdims=True), 1e-12)
    stored = quantise(array).astype(np.float32) / SCALE
    return float(np.max(np.abs(1.0 - np.sum(array * stored, axis=1))))


def pack(spans: Spans, vectors: Sequence[Sequence[float]] | np.ndarray) -> dict[str, str]:
    """The metadata entries of a chunk's sentences (none when it has no sentence)."""
    if not spans:
        return {}
    return {
        SPANS_KEY: ",".join(f"{s}:{e}" for s, e in spans),
        VECTORS_KEY: base64.b64encode(quantise(vectors).tobytes()).decode("ascii"),
    }


def unpack(meta: dict[str, Any]) -> tuple[Spans, np.ndarray] | None:
    """A chunk's stored (spans, int8 vectors), or None: a chunk written before sentence
    vectors (no key), or entries that do not agree (never trusted)."""
    spans_text, vectors_text = meta.get(SPANS_KEY), meta.get(VECTORS_KEY)
    if not isinstance(spans_text, str) or not isinstance(vectors_text, str) or not spans_text:
        return None
    try:
        spans = tuple(
            (int(s), int(e)) for s, e in (pair.split(":") for pair in spans_text.split(","))
        )
        raw = np.frombuffer(base64.b64decode(vectors_text, validate=True), dtype=np.int8)
    except ValueError:
        return None
    if not raw.size or raw.size % len(spans):
        return None
    return spans, raw.reshape(len(spans), -1)


@dataclass(frozen=True)
class SentenceTable:
    """Every stored sentence of one snapshot generation: its key → its row of ``vectors``."""

    generation: str | None
    row_of: dict[str, int]
    vectors: np.ndarray  # int8, (sentences, dimension)

    @classmethod
    def build(cls, generation: str | None, records: Sequence[dict[str, Any]]) -> SentenceTable:
        row_of: dict[str, int] = {}
        parts: list[np.ndarray] = []
        by_id = {r["id"]: r for r in records}
        for record in records:
            found = unpack(record)
            if found is None:
                continue
            spans, vectors = found
            if parts and vectors.shape[1] != parts[0].shape[1]:
                continue  # another embedder's vectors: never mixed
            text = record["text"]
            if spans[-1][1] > len(text):  # the last sentence runs on into the next chunk
                text = _with_following(record, by_id)
            for (start, end), vector in zip(spans, vectors, strict=True):
                key = sentence_key(text[start:end]) if end <= len(text) else ""
                if key and key not in row_of:
                    row_of[key] = len(parts)
                    parts.append(vector[None, :])
        matrix = np.concatenate(parts) if parts else np.zeros((0, 0), dtype=np.int8)
        return cls(generation, row_of, matrix)


def _with_following(record: dict[str, Any], by_id: dict[str, dict[str, Any]]) -> str:
    """The text a chunk's spans point into (``sentence_source``)."""
    chunk_id = ChunkId.parse(record["id"])
    after = by_id.get(str(chunk_id.following())) if chunk_id is not None else None
    following = (after["text"], after["char_start"], after["char_end"]) if after else None
    return sentence_source(record["text"], record["char_end"], following)[0]


class SentenceSimilarity:
    """Cosine of a question and sentences, from the stored vectors where there are some."""

    def __init__(
        self,
        snapshot: Callable[[], tuple[str | None, Sequence[dict[str, Any]]]],
        embed_passages: EmbedMany,
        query_vector: QueryVector,
        model: str = "",
    ) -> None:
        self._snapshot = snapshot  # (generation, records) of the lexical snapshot in use
        self._embed_passages = embed_passages
        self._query_vector = query_vector
        self._lock = threading.Lock()
        self._table = SentenceTable(None, {}, np.zeros((0, 0), dtype=np.int8))
        self._built = False
        self._unstored: OrderedDict[str, np.ndarray] = OrderedDict()
        with _PHRASES_LOCK:  # ``model``: the embedder's name; "" keeps the words to this one
            self._phrases = _PHRASES.setdefault(model, OrderedDict()) if model else OrderedDict()

    def table(self) -> SentenceTable:
        """The stored sentences of the snapshot in use, built once per generation and
        swapped in whole (a reader in another thread keeps the one it holds)."""
        generation, records = self._snapshot()
        table = self._table
        if self._built and table.generation == generation:
            return table
        with self._lock:
            if not self._built or self._table.generation != generation:
                self._table = SentenceTable.build(generation, records)
                self._built = True
            return self._table

    def similarity(self, question: str, sentences: Sequence[str]) -> list[float]:
        """Cosine of ``question`` (as a query) and each sentence (as a passage), in order."""
        if not sentences:
            return []
        query = self._query_vector(question)
        table = self.table()
        keys = [sentence_key(s) for s in sentences]
        rows = [table.row_of.get(k, -1) for k in keys]
        scores = np.zeros(len(keys), dtype=np.float32)
        stored = [i for i, r in enumerate(rows) if r >= 0]
        if stored and table.vectors.shape[1] == query.shape[0]:
            picked = table.vectors[[rows[i] for i in stored]].astype(np.float32)
            scores[stored] = picked @ query / SCALE
        else:
            stored = []
        done = set(stored)
        missing = [i for i in range(len(keys)) if i not in done]
        if missing:
            vectors = self._unstored_vectors([keys[i] for i in missing])
            scores[missing] = vectors @ query
        return [round(float(s), 4) for s in scores]

    def phrase_similarity(self, phrases: Sequence[str], others: Sequence[str]) -> np.ndarray:
        """Cosine of each of ``phrases`` with each of ``others`` (rows, columns): words and word
        pairs, each embedded alone as a passage and remembered (a corpus repeats its words)."""
        if not phrases or not others:
            return np.zeros((len(phrases), len(others)), dtype=np.float32)
        known = self._remembered(
            [*phrases, *others], self._phrases, _PHRASES_LOCK, PHRASE_CACHE, str, np.float16
        )
        rows = np.stack([known[p] for p in phrases]).astype(np.float32)
        columns = np.stack([known[p] for p in others]).astype(np.float32)
        return rows @ columns.T

    def _unstored_vectors(self, keys: Sequence[str]) -> np.ndarray:
        """Float vectors of sentences not stored: from the LRU, the rest embedded in one call."""
        known = self._remembered(
            keys, self._unstored, self._lock, UNSTORED_CACHE, sentence_embedding_text
        )
        return np.stack([known[k] for k in keys])

    def _remembered(
        self,
        keys: Sequence[str],
        cache: OrderedDict[str, np.ndarray],
        lock: threading.Lock,
        limit: int,
        text_of: Callable[[str], str],
        dtype: type[np.floating[Any]] = np.float32,
    ) -> dict[str, np.ndarray]:
        """Unit vectors of ``keys``: those in the LRU ``cache`` (guarded by ``lock``), the rest
        embedded in one call (each as ``text_of`` it) and remembered as ``dtype``, the cache
        kept to ``limit`` entries."""
        with lock:
            known = {k: cache[k] for k in keys if k in cache}
            for k in known:
                cache.move_to_end(k)
        new = list(dict.fromkeys(k for k in keys if k not in known))
        if new:
            embedded = np.asarray(
                self._embed_passages([text_of(k) for k in new]), dtype=np.float32
            ).reshape(len(new), -1)
            embedded /= np.maximum(np.linalg.norm(embedded, axis=1, keepdims=True), 1e-12)
            with lock:
                for k, vector in zip(new, embedded.astype(dtype), strict=True):
                    known[k] = vector
                    cache[k] = vector
                while len(cache) > limit:
                    cache.popitem(last=False)
        return known
