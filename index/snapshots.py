"""Generations: each published change of the collection gets a new generation stamp, and the
lexical snapshot (BM25 plus every chunk's record) is rebuilt for it. Readers bring their
snapshot up to the store's generation before they read, so what they see is one generation's.
"""

from __future__ import annotations

import threading
import uuid

from index.chunk_format import ChunkRecord, chunk_record
from index.lexical import LexicalIndex
from index.vectors import VectorStore


class Snapshots:
    """Keeps ``lexical`` at the store's generation, in this process and on disk."""

    def __init__(self, store: VectorStore, lexical: LexicalIndex) -> None:
        self.store = store
        self.lexical = lexical
        # Requests are answered in parallel threads: one lock for swapping in a snapshot.
        self._lock = threading.RLock()

    def publish(self) -> None:
        """Publish a change: new generation, lexical index rebuilt from the collection."""
        generation = uuid.uuid4().hex
        self.store.set_generation(generation)
        self._rebuild(generation)

    def is_fresh(self) -> bool:
        """Does the lexical index on disk belong to the store's generation?"""
        return self.lexical.stored_generation() == self.store.generation()

    def ensure(self) -> None:
        """Bring the lexical snapshot (and, embedded, the vector index) up to the collection's
        generation: one small store read when nothing changed."""
        generation = self.store.generation()
        if self.lexical.generation == generation:
            return
        with self._lock:
            if self.lexical.generation != generation:
                self._refresh(generation)

    def loaded(self) -> None:
        """The snapshot already loaded (searches keep it current): the many look-ups that
        build one answer from a search's hits ask the store nothing."""
        if self.lexical.generation is None:
            self.ensure()

    def all_records(self) -> list[ChunkRecord]:
        """Every chunk in the collection as a record, in id order."""
        records = [
            chunk_record(cid, text or "", meta or {})
            for got in self.store.pages(["documents", "metadatas"])
            for cid, text, meta in zip(got["ids"], got["documents"], got["metadatas"], strict=True)
        ]
        records.sort(key=lambda r: r["id"])
        return records

    def _rebuild(self, generation: str) -> None:
        with self._lock:
            self.lexical.build(self.all_records(), generation)

    def _refresh(self, generation: str) -> None:
        if self.lexical.generation is not None and self.store.embedded:
            # Another process wrote to the embedded store: this process's vector index is a
            # stale in-memory copy until the client is opened afresh (measured, Chroma 1.5).
            self.store.reopen()
        on_disk = self.lexical.stored_generation() == generation and self.lexical.load()
        if on_disk and self.lexical.generation == generation:
            return
        self._rebuild(generation)
