"""The vector store's lifecycle: the Chroma client and collection, HNSW settings, reopening,
and the few store operations the rest of the index uses (paged reads, batched writes, the
generation stamp, a nearest-neighbour query)."""

from __future__ import annotations

import logging
import os
import warnings
from collections.abc import Iterator, Sequence
from typing import Any
from urllib.parse import urlparse

import chromadb
from chromadb.config import Settings as ChromaSettings

from index.config import IndexConfig

# Chroma would otherwise phone home; nothing may leave an air-gapped server.
os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")
logging.getLogger("chromadb.telemetry").setLevel(logging.CRITICAL)

READ_PAGE = 5000  # records per ``get`` when the whole collection is read
MAX_WRITE_BATCH = 1000  # records per upsert (less where the server allows less)


class StoreUnavailableError(RuntimeError):
    """The vector store cannot be reached or opened."""


class EmbedderMismatchError(RuntimeError):
    """A collection holds vectors of another embedder than the configured one."""


def _client(config: IndexConfig) -> Any:
    chroma_settings = ChromaSettings(anonymized_telemetry=False)
    try:
        if config.chroma_url:
            url = urlparse(config.chroma_url)
            secure = url.scheme == "https"
            return chromadb.HttpClient(
                host=url.hostname or "localhost",
                port=url.port or (443 if secure else 8000),
                ssl=secure,
                settings=chroma_settings,
            )
        config.chroma_path.mkdir(parents=True, exist_ok=True)
        return chromadb.PersistentClient(path=str(config.chroma_path), settings=chroma_settings)
    except Exception as exc:  # chromadb raises bare ValueError/ConnectionError variants
        where = config.store_location
        raise StoreUnavailableError(f"không mở được kho Chroma tại {where}: {exc}") from exc


def hnsw_config(collection: Any) -> dict[str, Any]:
    """A collection's HNSW parameters as it holds them."""
    with warnings.catch_warnings():
        # Vectors come from our embedder, so the collection has no Chroma embedding function;
        # Chroma 1.5 warns that this is "legacy" on every read of the configuration.
        warnings.filterwarnings("ignore", "legacy embedding function config")
        return dict((collection.configuration or {}).get("hnsw") or {})


class VectorStore:
    """One Chroma collection, named for its embedder, opened (or made) with our HNSW settings.

    ``collection`` changes when the store is reopened: hold the ``VectorStore``, not it.
    """

    def __init__(self, config: IndexConfig, collection_name: str, embedder_name: str) -> None:
        self.config = config
        self.collection_name = collection_name
        self.embedder_name = embedder_name
        self._client = _client(config)
        self.collection = self._open_collection()

    @property
    def name(self) -> str:
        """Which store, as status reports it."""
        return (
            f"chroma-http:{self.config.chroma_url}"
            if self.config.chroma_url
            else f"chroma-persistent:{self.config.chroma_path}"
        )

    @property
    def embedded(self) -> bool:
        """An in-process store under ``data_dir`` (no server)."""
        return not self.config.chroma_url

    def reopen(self) -> None:
        """Open the client afresh (an embedded store another process wrote to)."""
        # Chroma shares one system per path within a process; dropping only this path's entry
        # (a private table: there is no public "reload") leaves other stores untouched.
        from chromadb.api.shared_system_client import SharedSystemClient

        identifier = getattr(self._client, "_identifier", None)
        SharedSystemClient._identifier_to_system.pop(identifier, None)
        SharedSystemClient._identifier_to_refcount.pop(identifier, None)
        self._client = _client(self.config)
        self.collection = self._open_collection()

    def _open_collection(self) -> Any:
        try:
            try:
                collection = self._client.get_collection(self.collection_name)
            except Exception:  # NotFoundError in 1.x; make one
                collection = self._client.get_or_create_collection(
                    self.collection_name,
                    metadata={"embedder": self.embedder_name, "generation": "new"},
                    configuration={
                        "hnsw": {
                            "space": "cosine",
                            "max_neighbors": self.config.hnsw_max_neighbors,
                            "ef_construction": self.config.hnsw_ef_construction,
                            "ef_search": self.config.hnsw_ef_search,
                        }
                    },
                    embedding_function=None,
                )
        except Exception as exc:
            raise StoreUnavailableError(f"không mở được bộ sưu tập Chroma: {exc}") from exc
        stored = (collection.metadata or {}).get("embedder")
        if stored != self.embedder_name:
            raise EmbedderMismatchError(
                f"bộ sưu tập {self.collection_name} chứa vectơ của {stored}, "
                f"không phải {self.embedder_name}"
            )
        self._tune_search(collection)
        return collection

    def _tune_search(self, collection: Any) -> None:
        """HNSW's search breadth, which (unlike the graph's shape) an existing collection can
        change: see README "Search at scale" for recall and latency at each setting."""
        wanted = self.config.hnsw_ef_search
        try:
            if hnsw_config(collection).get("ef_search") != wanted:
                collection.modify(configuration={"hnsw": {"ef_search": wanted}})
        except Exception as exc:  # an old server without configuration support: keep going
            logging.getLogger(__name__).warning("không đặt được ef_search=%s: %s", wanted, exc)

    def hnsw_config(self) -> dict[str, Any]:
        """The vector index's parameters as the collection holds them (its graph shape was
        fixed when it was created, possibly with other settings than today's)."""
        return hnsw_config(self.collection)

    # -- the generation stamp -----------------------------------------------------------
    def generation(self) -> str:
        """The generation last published, as the store holds it now (another process may
        have published since this one opened the collection)."""
        fresh = self._client.get_collection(self.collection_name)
        return str((fresh.metadata or {}).get("generation", ""))

    def set_generation(self, generation: str) -> None:
        metadata = {
            k: v for k, v in (self.collection.metadata or {}).items() if not k.startswith("hnsw:")
        }
        metadata["generation"] = generation
        self.collection.modify(metadata=metadata)

    # -- reading ------------------------------------------------------------------------
    def count(self) -> int:
        return int(self.collection.count())

    def pages(self, include: list[str], page: int = READ_PAGE) -> Iterator[dict[str, Any]]:
        """The whole collection, one ``get`` page at a time."""
        offset = 0
        while True:
            got = self.collection.get(include=include, limit=page, offset=offset)
            yield got
            if len(got["ids"]) < page:
                return
            offset += page

    def ids_of(self, doc_ids: Sequence[str]) -> list[str]:
        """The ids of the chunks stored for these documents."""
        return list(
            self.collection.get(where={"doc_id": {"$in": list(doc_ids)}}, include=[])["ids"]
        )

    def stored(self, doc_ids: Sequence[str]) -> dict[str, tuple[str, dict[str, Any], list[float]]]:
        """The chunks stored for these documents: id → (text, metadata, vector)."""
        got = self.collection.get(
            where={"doc_id": {"$in": list(doc_ids)}},
            include=["documents", "metadatas", "embeddings"],
        )
        return {
            cid: (text or "", dict(meta or {}), [float(x) for x in vector])
            for cid, text, meta, vector in zip(
                got["ids"], got["documents"], got["metadatas"], got["embeddings"], strict=True
            )
        }

    def nearest(
        self, vector: list[float], n: int, where: dict[str, Any] | None = None
    ) -> list[tuple[str, float]]:
        """The ``n`` chunks nearest ``vector`` as (id, cosine similarity), best first, among
        those whose metadata ``where`` accepts (``SearchFilters.where``)."""
        # No count() first: Chroma returns fewer than n (or none) by itself, and counting
        # cost 19 ms a query at 300k chunks (`hoidap bench search`).
        found = self.collection.query(
            query_embeddings=[vector], n_results=n, where=where, include=["distances"]
        )
        return [
            (cid, 1.0 - float(d))
            for cid, d in zip(found["ids"][0], found["distances"][0], strict=True)
        ]

    # -- writing ------------------------------------------------------------------------
    def upsert(
        self,
        ids: Sequence[str],
        vectors: Sequence[list[float]],
        bodies: Sequence[str],
        metadatas: Sequence[dict[str, Any]],
    ) -> None:
        """Write records, in as few calls as the store allows."""
        limit = max(1, min(self._client.get_max_batch_size(), MAX_WRITE_BATCH))
        for start in range(0, len(ids), limit):
            self.collection.upsert(
                ids=list(ids[start : start + limit]),
                embeddings=list(vectors[start : start + limit]),
                documents=list(bodies[start : start + limit]),
                metadatas=list(metadatas[start : start + limit]),
            )

    def delete_documents(self, doc_ids: Sequence[str]) -> None:
        """Every chunk of these documents."""
        if len(doc_ids) == 1:
            self.collection.delete(where={"doc_id": doc_ids[0]})
        else:
            self.collection.delete(where={"doc_id": {"$in": list(doc_ids)}})

    def delete_ids(self, ids: Sequence[str]) -> None:
        if ids:
            self.collection.delete(ids=list(ids))
