"""A read-only look inside the index for the benchmarks (``SearchIndex.inspection()``): the
stored vectors, the texts they were embedded from, the HNSW parameters. Nothing the product's
answers use, so none of it is on ``SearchIndex`` itself."""

from __future__ import annotations

from typing import Any

from index.chunk_format import record_embedding_text
from index.snapshots import Snapshots


class Inspection:
    def __init__(self, snapshots: Snapshots) -> None:
        self._snapshots = snapshots

    def export_vectors(self) -> tuple[list[str], list[list[float]]]:
        """Every chunk id with its stored vector: what a brute-force comparison needs."""
        ids: list[str] = []
        vectors: list[list[float]] = []
        for got in self._snapshots.store.pages(["embeddings"]):
            ids += list(got["ids"])
            vectors += [list(v) for v in got["embeddings"]]
        return ids, vectors

    def metadata(self) -> dict[str, dict[str, Any]]:
        """Every chunk id with the metadata stored with it (page, OCR confidence, …)."""
        found: dict[str, dict[str, Any]] = {}
        for got in self._snapshots.store.pages(["metadatas"]):
            found |= {i: dict(m or {}) for i, m in zip(got["ids"], got["metadatas"], strict=True)}
        return found

    def embedding_texts(self) -> list[str]:
        """The text each indexed chunk was embedded from (title + passage), in id order."""
        self._snapshots.ensure()
        return [record_embedding_text(r) for r in self._snapshots.lexical.records]

    def hnsw_config(self) -> dict[str, Any]:
        """The vector index's parameters as the collection holds them (its graph shape was
        fixed when it was created, possibly with other settings than today's)."""
        return self._snapshots.store.hnsw_config()
