"""Reading passages and documents back from the lexical snapshot, which keeps every chunk's
text and span: a hit read on into its next chunks, a document stitched whole, the passages
that share a term with a query. No store round trip per look-up."""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator
from dataclasses import replace

from index.access import ALL_GROUPS, readable
from index.chunk_format import (
    MAX_CHUNK_GAP,
    ChunkRecord,
    continue_text,
    hit_from,
    record_pages,
    stored_groups,
)
from index.enumeration import unfinished_enumeration
from index.filters import SearchFilters
from index.records import ChunkId, Hit
from index.sentences import sentence_spans
from index.snapshots import Snapshots

TERMINAL = '.!?…;:"”)»'  # what ends a sentence (or a clause a quote may end at)
MAX_BACK_CHUNKS = 3  # chunks read back to find where a passage's first sentence starts
MAX_LIST_CHUNKS = 8  # chunks read beyond those asked for, to finish an announced list


class Reader:
    def __init__(self, snapshots: Snapshots) -> None:
        self.snapshots = snapshots
        self.lexical = snapshots.lexical

    def with_following(self, hit: Hit, chunks: int = 1) -> Hit:
        """``hit`` with its document's text continued through the next ``chunks`` chunks, and
        on while a list announced with a count is missing items (up to ``MAX_LIST_CHUNKS``
        more): "… ba hoạt động nổi bật." is read until "Thứ ba", however long each item runs;
        then to the end of its last sentence, when that runs on into the chunk after (a quote
        never ends mid-word). ``char_end`` moves with it; only the whitespace between two
        chunks may differ. It reads only its own document's chunks, so a passage of a
        filtered search never runs into a document the filters left out."""
        self.snapshots.loaded()
        chunk_id = ChunkId.parse(hit.chunk_id)
        if chunk_id is None:
            return hit
        hit = self._from_sentence_start(hit, chunk_id)
        text, end = hit.text, hit.char_end
        records = self.chunk_records(chunk_id.following())
        following: ChunkRecord | None = None  # the next chunk, not read
        pages: list[tuple[int, int]] = []
        for read, record in enumerate(itertools.islice(records, chunks + MAX_LIST_CHUNKS)):
            if not _contiguous(end, record):
                break
            if read >= chunks and not unfinished_enumeration(text):
                following = record
                break
            text, end = _continue_text(text, end, record)
            pages += _pages_of(record)
        else:
            following = next(records, None)
        if following is not None and _contiguous(end, following):
            text, end = _to_sentence_end(text, end, following)
            pages += _pages_of(following)
        return _with_pages(replace(hit, text=text, char_end=end), pages)

    def _from_sentence_start(self, hit: Hit, chunk_id: ChunkId) -> Hit:
        """``hit`` begun where its first sentence begins: chunks overlap by words, so one may
        start inside a sentence ("nghiệp: Đã phê duyệt …"), and the sentence's head is in the
        chunks before. Read back (up to ``MAX_BACK_CHUNKS``) to the start of that sentence."""
        if not hit.text[:1].islower():
            return hit
        head, head_start = "", hit.char_start
        pages: list[tuple[int, int]] = []
        for back in range(1, MAX_BACK_CHUNKS + 1):
            if chunk_id.number - back < 0:
                return hit
            record = self.lexical.record(str(ChunkId(chunk_id.doc_id, chunk_id.number - back)))
            if record is None or record["char_end"] < head_start - MAX_CHUNK_GAP:
                return hit
            part = record["text"][: max(0, head_start - record["char_start"])]
            gap = head_start - (record["char_start"] + len(part))
            head = part + ("\n" if gap >= 2 else " " if gap > 0 and head else "") + head
            head_start = record["char_start"]
            pages += _pages_of(record)
            starts = [s for s, _ in sentence_spans(head) if not head[s : s + 1].islower()]
            if starts:
                lead = head[starts[-1] :].rstrip()
                gap = hit.char_start - (head_start + len(head.rstrip()))
                joint = "\n" if gap >= 2 else " "
                if hit.page is not None:  # the page the hit's own text starts on
                    pages.append((hit.char_start, hit.page))
                return _with_pages(
                    replace(hit, text=lead + joint + hit.text, char_start=head_start + starts[-1]),
                    pages,
                )
        return hit

    def document_text(self, doc_id: str, groups: tuple[str, ...] | None = ALL_GROUPS) -> str | None:
        """A document's cleaned text, stitched from its chunks (for the source viewer; read
        from the index, never from a path a user could choose); None when a reader in
        ``groups`` may not read it."""
        self.snapshots.ensure()
        records = self.chunk_records(ChunkId(doc_id, 0))
        first = next(records, None)
        if first is None or not readable(stored_groups(first), groups):
            return None
        text, end = first["text"], first["char_end"]
        for record in records:
            if record["char_end"] > end:
                text, end = _continue_text(text, end, record)
        return text

    def chunk_records(self, first: ChunkId) -> Iterator[ChunkRecord]:
        """A document's chunk records in order (chunk numbers follow the text), from ``first``."""
        chunk_id = first
        while (record := self.lexical.record(str(chunk_id))) is not None:
            yield record
            chunk_id = chunk_id.following()

    def passages_with(
        self,
        query: str,
        keep: Callable[[str], bool],
        limit: int = 1,
        filters: SearchFilters | None = None,
    ) -> list[Hit]:
        """The first ``limit`` chunks, in BM25 order among all that share a term with
        ``query``, whose text ``keep`` accepts. A search's top k misses what is rare among
        many matches: "TCĐLCL" is in 22 chunks of the corpus, spelled out in 2, and neither
        ranks in the top 12 for the acronym alone."""
        self.snapshots.ensure()
        hits: list[Hit] = []
        for cid, score in self.lexical.top(query, len(self.lexical.records), filters):
            record = self.lexical.record(cid)
            if record is not None and keep(record["text"]):
                hits.append(hit_from(len(hits) + 1, score, record))
                if len(hits) == limit:
                    break
        return hits

    def term_weights(self, terms: set[str]) -> dict[str, float]:
        """IDF of folded terms over the indexed chunks (unknown terms get the highest)."""
        self.snapshots.loaded()
        return self.lexical.idf(terms)


def _pages_of(record: ChunkRecord) -> list[tuple[int, int]]:
    """Where the pages of a chunk's text begin: its own page at its start, then the others."""
    start = [] if record["page"] is None else [(record["char_start"], record["page"])]
    return start + list(record_pages(record))


def _with_pages(hit: Hit, pages: list[tuple[int, int]]) -> Hit:
    """``hit`` whose text now spans more chunks, with the page it starts on and the pages that
    begin in it (``pages``: those of the chunks read, the hit's own included)."""
    if not pages:
        return hit
    known = sorted({*pages, *hit.page_starts})
    before = [page for start, page in known if start <= hit.char_start]
    page = before[-1] if before else hit.page
    inside = tuple((s, p) for s, p in known if hit.char_start < s < hit.char_end)
    return replace(hit, page=page, page_starts=inside)


def _contiguous(end: int, record: ChunkRecord) -> bool:
    """Does ``record`` continue a text that ends at ``end``?"""
    return record["char_start"] - end <= MAX_CHUNK_GAP and record["char_end"] > end


def _to_sentence_end(text: str, end: int, record: ChunkRecord) -> tuple[str, int]:
    """``text`` read on into ``record`` to where its last sentence ends, when that sentence
    runs on (and ends) in ``record``; else as it is."""
    longer, longer_end = _continue_text(text, end, record)
    if longer[len(text) : len(text) + 1] == "\n":
        return text, end  # a line break ends a sentence
    for start, stop in sentence_spans(longer):
        if start < len(text) < stop:
            if stop == len(longer) and longer[-1:] not in TERMINAL:
                return text, end  # it runs on beyond this chunk too: leave it
            return longer[:stop], longer_end - (len(longer) - stop)
    return text, end


def _continue_text(text: str, end: int, record: ChunkRecord) -> tuple[str, int]:
    return continue_text(text, end, record["text"], record["char_start"], record["char_end"])
