"""How a chunk is kept: its metadata in Chroma, its record in the lexical snapshot, the text
it was embedded from, and the ``Hit`` a reader gets. The on-disk shapes of an index live here
(an index written by an older version must still be read: change nothing without a migration).
"""

from __future__ import annotations

from typing import Any

from index.records import Chunk, DocumentInfo, Hit
from index.text import for_embedding

NO_PAGE = -1  # Chroma metadata cannot hold None
# What a chunk as written holds; part of every document's fingerprint (``ingest``), so a
# change here rewrites each document on its next ingest. "2": sentence vectors (an index
# written at "1" has none, is still read, and gets them on re-ingest). "3": a legal document's
# structure path and the document fields a search filters on or a hit shows (``LEGAL_KEYS``);
# an older chunk reads as a document without them. "4": the document's access groups
# (``GROUPS_KEY``); a chunk written before has none, so only an unrestricted reader finds it
# until the next ingest rewrites its metadata (its vectors are kept: ``SAME_VECTORS``).
CHUNK_FORMAT = "4"
FORMAT_KEY = "chunk_format"  # which CHUNK_FORMAT wrote a chunk (absent before "3")
# The formats whose chunks' vectors (and sentence vectors) are made as this one makes them: a
# chunk stored at one of these is rewritten without embedding it again (``index.writes``).
SAME_VECTORS = ("3", CHUNK_FORMAT)
MAX_CHUNK_GAP = 4  # whitespace the chunker trims between two chunks of one text
# A chunk's sentences (``index.sentence_vectors``), two metadata strings: the spans of its
# sentences in ``sentence_source`` ("0:57,58:140") and base64 of their int8 vectors, one row
# per span, in order.
SPANS_KEY = "sentence_spans"
VECTORS_KEY = "sentence_vectors"
# The pages that begin inside a chunk (``Chunk.page_starts``): "5120:3,9034:4", document
# offset and page; only on a chunk that runs over a page break.
PAGES_KEY = "page_starts"

# Document fields copied onto each chunk (Chroma metadata and snapshot record): what a filter
# reads on the dense side (a Chroma ``where`` sees only the chunk) and what a ``Hit`` shows.
# ``day``: the issue date (``issued_date``, else ``date``) as YYYYMMDD, 0 when unknown.
LEGAL_KEYS = ("doc_number", "doc_type", "issuer", "status", "replaced_by")
DAY_KEY = "day"
# The groups that may read the document (``DocumentInfo.groups``, ``index.access``): a list of
# names in Chroma metadata, which a ``where`` tests with ``$contains`` (chromadb ≥ 1.1 stores
# list values); the same list in the snapshot record; absent on a chunk older than "4".
GROUPS_KEY = "groups"

# A chunk's record in the lexical snapshot (``records.json``): its id, its document's
# metadata, its text and its span. A plain dict because that file is what is stored.
ChunkRecord = dict[str, Any]


def embedding_text(title: str, text: str) -> str:
    """What a passage is embedded as: the title gives it its context ("this is about the
    2024 plan")."""
    return for_embedding(f"{title}\n{text}" if title else text)


def chunk_metadata(
    info: DocumentInfo, chunk: Chunk, sentences: dict[str, str] | None = None
) -> dict[str, Any]:
    """The metadata Chroma stores with a chunk; ``sentences``: its sentence spans and vectors
    (``index.sentence_vectors.pack``)."""
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
        "page": chunk.page if chunk.page is not None else NO_PAGE,
        # Only on chunks of OCR'd pages: the metadata of every other chunk stays as it was.
        **({} if chunk.ocr_confidence is None else {"ocr_confidence": chunk.ocr_confidence}),
        **({PAGES_KEY: pack_pages(chunk.page_starts)} if chunk.page_starts else {}),
        **(sentences or {}),
        **document_fields(info),
        "legal_path": chunk.legal_path,
        FORMAT_KEY: CHUNK_FORMAT,
    }


def document_fields(info: DocumentInfo) -> dict[str, Any]:
    """The document's fields each of its chunks carries (``LEGAL_KEYS``, ``DAY_KEY``,
    ``GROUPS_KEY``): all a catalog edit of a document's validity or groups changes in its
    chunks (``index.writes``)."""
    return {
        **{key: str(getattr(info, key)) for key in LEGAL_KEYS},
        DAY_KEY: day_number(info.issued_date or info.date),
        # () would be a document no group may read; Chroma refuses an empty list, and an
        # upsert keeps a key it is not given: "" (never a group name) stands for none.
        GROUPS_KEY: list(info.groups) or [""],
    }


def day_number(iso: str) -> int:
    """An ISO date ("2013-11-15", "2013-11", "2013") as 20131115 (missing parts 0), for a
    range filter Chroma can compare (its ``$gte`` takes numbers only); 0 when none."""
    digits = "".join(c for c in iso[:10] if c.isdigit())
    if len(digits) < 4:
        return 0
    return int(digits[:8].ljust(8, "0"))


def chunk_record(chunk_id: str, text: str, meta: dict[str, Any]) -> ChunkRecord:
    """A chunk as Chroma returns it (id, text, metadata), as the lexical snapshot keeps it,
    with its sentence vectors where it has some (an older chunk has none)."""
    page = meta.get("page", NO_PAGE)
    title = str(meta.get("title", ""))
    kept = {k: str(meta[k]) for k in (SPANS_KEY, VECTORS_KEY, PAGES_KEY) if k in meta}
    return {
        "id": chunk_id,
        "doc_id": str(meta.get("doc_id", "")),
        "title": title,
        "date": str(meta.get("date", "")),
        "source": str(meta.get("source", "")),
        "text": text,
        "index_text": f"{title}\n{text}",
        "char_start": int(meta.get("char_start", 0)),
        "char_end": int(meta.get("char_end", 0)),
        "page": None if page == NO_PAGE else int(page),
        **kept,
        **{key: str(meta.get(key, "")) for key in LEGAL_KEYS},
        DAY_KEY: int(meta.get(DAY_KEY, 0) or 0),
        GROUPS_KEY: stored_groups(meta),
        "legal_path": str(meta.get("legal_path", "")),
    }


def stored_groups(meta: dict[str, Any]) -> list[str]:
    """The groups a stored chunk (its metadata or snapshot record) carries; [] for one written
    before ``CHUNK_FORMAT`` "4": readable only without restriction, as Chroma's ``where`` sees
    it (``$contains`` never matches a missing key)."""
    value = meta.get(GROUPS_KEY)
    return [str(g) for g in value] if isinstance(value, list) else []


def continue_text(
    text: str, end: int, following: str, following_start: int, following_end: int
) -> tuple[str, int]:
    """``text`` (ending at ``end`` in its document) continued by the next chunk's text, which
    overlaps it or starts after the whitespace the chunker trimmed (a paragraph break is 2+
    characters); the new text and end. The caller checks the two are contiguous
    (``following_start - end <= MAX_CHUNK_GAP``)."""
    gap = following_start - end
    joint = "\n" if gap >= 2 else " " if gap > 0 else ""
    return text + joint + following[max(0, -gap) :], following_end


def sentence_source(text: str, end: int, following: tuple[str, int, int] | None) -> tuple[str, int]:
    """The text a chunk's sentence spans (``SPANS_KEY``) point into, and where in it the
    chunk's own text ends: the chunk continued by the next chunk of its document
    (``following``: its text, start and end), when they are contiguous. A chunk stores the
    sentences that start in it, whole: the one that runs on into the next chunk too, as the
    answer stages read it (``with_following``)."""
    if following is None:
        return text, len(text)
    next_text, next_start, next_end = following
    if next_start - end > MAX_CHUNK_GAP or next_end <= end:
        return text, len(text)
    return continue_text(text, end, next_text, next_start, next_end)[0], len(text)


def record_embedding_text(record: ChunkRecord) -> str:
    """The text a stored chunk was embedded from (``embedding_text`` of its title and text)."""
    return embedding_text(record["title"], record["text"])


def hit_from(rank: int, score: float, record: ChunkRecord, dense: float | None = None) -> Hit:
    """A search result from a chunk's record; ``dense`` is its raw cosine, when known."""
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
        # A snapshot written before CHUNK_FORMAT "3" has none of these: "".
        legal_path=record.get("legal_path", ""),
        doc_number=record.get("doc_number", ""),
        doc_type=record.get("doc_type", ""),
        status=record.get("status", ""),
        replaced_by=record.get("replaced_by", ""),
        page_starts=record_pages(record),
    )


def pack_pages(page_starts: tuple[tuple[int, int], ...]) -> str:
    return ",".join(f"{start}:{page}" for start, page in page_starts)


def record_pages(record: ChunkRecord) -> tuple[tuple[int, int], ...]:
    """A stored chunk's ``page_starts`` (none before they were kept)."""
    packed = str(record.get(PAGES_KEY) or "")
    pairs = (item.split(":") for item in packed.split(",") if item)
    return tuple((int(start), int(page)) for start, page in pairs)
