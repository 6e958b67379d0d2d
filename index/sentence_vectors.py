"""Sentence vectors: each indexed sentence embedded once, at ingest, and kept beside the index,
so reading a question's passages costs one query embedding instead of dozens of passage ones.

Kept by the sentence's text (whitespace-normalised, hashed), not by chunk: the answer stages
read passages that run on across chunks, and the same sentence in two overlapping chunks is
embedded once. Vectors are L2-normalised and stored as int8 (x·127): cosine error ~0.01, a
quarter of the float32 size. A sentence asked about that is not stored (one that straddles two
chunks, an index written before sentence vectors) is embedded on the spot and kept.
"""

from __future__ import annotations

import hashlib
import json
import os
import threading
from collections import OrderedDict
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np

EmbedMany = Callable[[Sequence[str]], list[list[float]]]
EmbedOne = Callable[[str], list[float]]
QUERY_CACHE = 256  # question vectors remembered (a search and its reading share one)
SCALE = 127.0


def sentence_key(text: str) -> str:
    return hashlib.sha1(" ".join(text.split()).encode("utf-8")).hexdigest()[:20]


class SentenceVectors:
    def __init__(self, folder: Path, embed_passages: EmbedMany, embed_query: EmbedOne) -> None:
        self.folder = folder
        self._embed_passages = embed_passages
        self._embed_query = embed_query
        self._lock = threading.Lock()
        self._row: dict[str, int] | None = None
        self._vectors = np.zeros((0, 0), dtype=np.int8)
        self._queries: OrderedDict[str, np.ndarray] = OrderedDict()

    # -- storage ------------------------------------------------------------------------
    def _load(self) -> dict[str, int]:
        if self._row is None:
            keys_file, vectors_file = self.folder / "keys.json", self.folder / "vectors.npy"
            if keys_file.is_file() and vectors_file.is_file():
                keys = json.loads(keys_file.read_text(encoding="utf-8"))
                self._vectors = np.load(vectors_file)
                self._row = {k: i for i, k in enumerate(keys[: len(self._vectors)])}
            else:
                self._row = {}
        return self._row

    def _save(self) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        keys = sorted(self._load(), key=self._load().__getitem__)
        for name, write in (
            ("vectors.npy", lambda f: np.save(f, self._vectors)),
            ("keys.json", lambda f: f.write(json.dumps(keys).encode("utf-8"))),
        ):
            temporary = self.folder / f".{name}.tmp"
            with temporary.open("wb") as handle:
                write(handle)
            os.replace(temporary, self.folder / name)

    def _add(self, texts: Sequence[str], save: bool) -> None:
        """Embed (as passages) and keep the texts not kept yet."""
        row = self._load()
        missing = list(dict.fromkeys(t for t in texts if sentence_key(t) not in row))
        if not missing:
            return
        vectors = np.asarray(self._embed_passages(missing), dtype=np.float32)
        vectors /= np.maximum(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-12)
        packed = np.round(vectors * SCALE).astype(np.int8)
        self._vectors = packed if not len(self._vectors) else np.vstack([self._vectors, packed])
        for text in missing:
            row.setdefault(sentence_key(text), len(row))
        if save:
            self._save()

    def store(self, texts: Sequence[str]) -> int:
        """At ingest: embed and keep every sentence not kept yet; how many were new."""
        with self._lock:
            before = len(self._load())
            self._add(texts, save=True)
            return len(self._load()) - before

    # -- reading ------------------------------------------------------------------------
    def query_vector(self, question: str) -> np.ndarray:
        with self._lock:
            found = self._queries.get(question)
            if found is not None:
                self._queries.move_to_end(question)
                return found
        vector = np.asarray(self._embed_query(question), dtype=np.float32)
        vector /= max(float(np.linalg.norm(vector)), 1e-12)
        with self._lock:
            self._queries[question] = vector
            while len(self._queries) > QUERY_CACHE:
                self._queries.popitem(last=False)
        return vector

    def similarity(self, question: str, sentences: Sequence[str]) -> list[float]:
        """Cosine of the question (as a query) and each sentence (as a passage)."""
        if not sentences:
            return []
        query = self.query_vector(question)
        with self._lock:
            self._add(sentences, save=False)  # kept in memory; written at the next ingest
            row = self._load()
            rows = [row[sentence_key(s)] for s in sentences]
            stored = self._vectors[rows].astype(np.float32) / SCALE
        return [round(float(v), 4) for v in stored @ query]
