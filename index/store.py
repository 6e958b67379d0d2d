"""The search index's one public face: Chroma (dense) + a persisted BM25 index (lexical) + the
manifest, each job in a module of its own:

- ``index.vectors``: the Chroma client and collection, HNSW settings, reopening;
- ``index.snapshots``: generations, and the lexical snapshot kept at the store's;
- ``index.writes``: the write protocol and the recovery of an interrupted write;
- ``index.retrieval``: hybrid search, fused as a ``FusionMode`` says;
- ``index.reading``: passages and documents read back (``with_following`` …);
- ``index.doctor``: the consistency check and its repair;
- ``index.inspection``: the benchmarks' read-only view (vectors, embedded texts, HNSW);
- ``index.sentence_vectors``: each sentence's vector, embedded once at ingest and kept in its
  chunk's metadata; the question's similarity to sentences.
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Callable, Sequence

import numpy as np
from llama_index.core.embeddings import BaseEmbedding

from index import doctor
from index.access import ALL_GROUPS, readable
from index.config import IndexConfig, SearchConfig
from index.embedders import build_embedder, collection_name, embedder_name
from index.filters import SearchFilters
from index.fusion import FusionMode
from index.inspection import Inspection
from index.lexical import LexicalIndex
from index.manifest import Manifest, ManifestRow
from index.reading import Reader
from index.records import ConsistencyReport, Hit, IndexStatus
from index.retrieval import Retriever
from index.sentence_vectors import SentenceSimilarity
from index.snapshots import Snapshots
from index.vectors import EmbedderMismatchError, StoreUnavailableError, VectorStore
from index.writes import DocumentChunks, Writer

__all__ = ["EmbedderMismatchError", "SearchIndex", "StoreUnavailableError"]

QUERY_CACHE = 256  # query vectors remembered (a search and its reading share one)


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
        # Requests are answered in parallel threads: the model loads once. Embedding needs no
        # lock (the engines are reentrant).
        self._embedder_lock = threading.Lock()
        self.collection_name = collection_name(config.collection_prefix, self.embedder_name)
        self._store = VectorStore(config, self.collection_name, self.embedder_name)
        self.manifest = Manifest(config.data_dir / "manifest.sqlite", self.collection_name)
        self.lexical = LexicalIndex(config.data_dir / "lexical" / self.collection_name)
        self._snapshots = Snapshots(self._store, self.lexical)
        self._writer = Writer(self._store, self.manifest, self._snapshots)
        self._reader = Reader(self._snapshots)
        # Query vectors remembered by text: a search and the reading of its passages
        # (``sentence_similarity``) embed the question once.
        self._query_vector = functools.lru_cache(maxsize=QUERY_CACHE)(self._embed_query_now)
        self._retriever = Retriever(config, search, self._store, self._snapshots, self._embed_query)
        self._sentences = SentenceSimilarity(
            self.lexical.current,
            lambda texts: self.embed_passages(texts),
            self._normalised_query,
            self.embedder_name,
        )

    # -- set-up -------------------------------------------------------------------------
    @property
    def embedder(self) -> BaseEmbedding:
        if self._embedder is None:
            with self._embedder_lock:
                if self._embedder is None:
                    self._embedder = build_embedder(self.config.embedder)
        return self._embedder

    @property
    def store_name(self) -> str:
        return self._store.name

    def inspection(self) -> Inspection:
        """A read-only look inside (stored vectors, embedded texts, HNSW): for benchmarks."""
        return Inspection(self._snapshots)

    # -- writing ------------------------------------------------------------------------
    def document(self, doc_id: str) -> ManifestRow | None:
        return self.manifest.get(doc_id)

    def documents(
        self, state: str | None = None, groups: tuple[str, ...] | None = ALL_GROUPS
    ) -> list[ManifestRow]:
        """The manifest's rows (in ``state``, when given), those a reader in ``groups`` may
        read (``index.access.readable`` of ``row.info.groups``; ``ALL_GROUPS``: every row)."""
        rows = self.manifest.rows(state)
        if groups is ALL_GROUPS:
            return rows
        return [row for row in rows if readable(row.info.groups, groups)]

    def holds(self, doc_id: str, fingerprint: str) -> bool:
        """Is this version (``fingerprint``) of the document indexed, completely? False for a
        document a killed run left half written: the caller hands it in again."""
        return self._writer.holds(doc_id, fingerprint)

    def embed_passages(self, texts: Sequence[str]) -> list[list[float]]:
        return self.embedder.get_text_embedding_batch(list(texts), show_progress=False)

    def _embed_query_now(self, text: str) -> tuple[float, ...]:
        return tuple(self.embedder.get_query_embedding(text))

    def _embed_query(self, text: str) -> list[float]:
        return list(self._query_vector(text))

    def _normalised_query(self, question: str) -> np.ndarray:
        """The question's vector, unit length, embedded as a search embeds it."""
        vector = np.asarray(self._query_vector(self._retriever.query_text(question)), np.float32)
        return vector / max(float(np.linalg.norm(vector)), 1e-12)

    def replace_documents(
        self,
        documents: Sequence[DocumentChunks],
        on_embedded: Callable[[int], None] | None = None,
    ) -> None:
        """Make the collection hold exactly the given chunks for each (info, chunks,
        fingerprint); see ``index.writes`` for what a kill at any point leaves."""
        # ``embed_passages`` is looked up now, so a test may replace it on this instance.
        # Their sentences are embedded too, and kept in their metadata (``index.writes``).
        self._writer.replace_documents(documents, self.embed_passages, on_embedded)

    def remove_document(self, doc_id: str) -> None:
        self._writer.remove_document(doc_id)

    def recover(self) -> list[str]:
        """Finish the deletes a killed run cut short; the ids of the documents removed."""
        return self._writer.recover()

    def publish(self, changed: bool) -> None:
        """Commit when something ``changed``, or when a killed run wrote without committing."""
        self._writer.publish(changed)

    def commit(self) -> None:
        """Publish a change: new generation, lexical index rebuilt from the collection."""
        self._snapshots.publish()

    def lexical_is_fresh(self) -> bool:
        return self._snapshots.is_fresh()

    def check(self, repair: bool = False) -> ConsistencyReport:
        """Do the manifest, Chroma and the lexical index agree? (``index.doctor``)"""
        return doctor.check(self.manifest, self._snapshots, self._writer, repair)

    # -- reading ------------------------------------------------------------------------
    def count_chunks(self) -> int:
        return self._store.count()

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

    def search(
        self,
        query: str,
        k: int | None = None,
        mode: FusionMode | str | None = None,
        filters: SearchFilters | None = None,
    ) -> list[Hit]:
        """The ``k`` best chunks for ``query``, fused as configured (or as ``mode`` says),
        among those ``filters`` keeps; a query naming a document's number or code, or an
        article of one, is routed to it first (``index.routing``)."""
        return self._retriever.search(query, k, mode, filters)

    def term_weights(self, terms: set[str]) -> dict[str, float]:
        """IDF of folded terms over the indexed chunks (unknown terms get the highest)."""
        return self._reader.term_weights(terms)

    def with_following(self, hit: Hit, chunks: int = 1) -> Hit:
        """``hit`` read on into its document's next ``chunks`` chunks (``index.reading``)."""
        return self._reader.with_following(hit, chunks)

    def sentence_similarity(self, question: str, sentences: Sequence[str]) -> list[float]:
        """Cosine of ``question`` (as a query) and each sentence (as a passage): the sentence
        vectors stored at ingest (``index.sentence_vectors``); one not stored is embedded now."""
        self._snapshots.loaded()
        return self._sentences.similarity(question, sentences)

    def phrase_similarity(self, phrases: Sequence[str], others: Sequence[str]) -> np.ndarray:
        """Cosine of each of ``phrases`` (words, word pairs) with each of ``others``."""
        return self._sentences.phrase_similarity(phrases, others)

    def document_text(self, doc_id: str, groups: tuple[str, ...] | None = ALL_GROUPS) -> str | None:
        """A document's cleaned text, stitched from its chunks (for the source viewer); None
        when there is none, or when a reader in ``groups`` may not read it (the groups its
        chunks carry, as a search reads them)."""
        return self._reader.document_text(doc_id, groups)

    def passages_with(
        self,
        query: str,
        keep: Callable[[str], bool],
        limit: int = 1,
        filters: SearchFilters | None = None,
    ) -> list[Hit]:
        """The first ``limit`` chunks in BM25 order for ``query`` whose text ``keep`` accepts,
        among those ``filters`` keeps."""
        return self._reader.passages_with(query, keep, limit, filters)
