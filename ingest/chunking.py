"""Sentence-aware chunks that remember their character span in the cleaned text."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from llama_index.core.node_parser import SentenceSplitter

from index.records import Chunk
from ingest.limits import DEFAULT

_WORDS = re.compile(r"\w+|[^\w\s]")


def count_words(text: str) -> list[str]:
    """The splitter's unit: syllables/words and punctuation (embedder-independent)."""
    return _WORDS.findall(text)


@dataclass(frozen=True)
class Section:
    """A stretch of the cleaned document text (a PDF page, or the whole text)."""

    start: int
    end: int
    page: int | None = None


class Chunker:
    def __init__(
        self,
        chunk_size: int,
        chunk_overlap: int,
        max_chunk_chars: int = DEFAULT.max_chunk_chars,
        window_chars: int = DEFAULT.window_chars,
    ) -> None:
        self._splitter = SentenceSplitter(
            chunk_size=chunk_size,
            chunk_overlap=min(chunk_overlap, chunk_size // 2),  # = self._overlap
            tokenizer=count_words,
            paragraph_separator="\n\n",
        )
        self._overlap = min(chunk_overlap, chunk_size // 2)
        self.max_chunk_chars = max(1, max_chunk_chars)
        self.window_chars = max(self.max_chunk_chars, window_chars)

    def chunk(self, doc_id: str, text: str, sections: Sequence[Section]) -> list[Chunk]:
        """Chunks of at most ``max_chunk_chars`` whose spans point into ``text``."""
        chunks: list[Chunk] = []
        for section in sections:
            for window_start, window_end in _cuts(
                text, section.start, section.end, self.window_chars
            ):
                body = text[window_start:window_end]
                cursor = 0
                for piece in self._splitter.split_text(body):
                    start, end = _locate(body, piece, cursor)
                    if end <= start:
                        continue
                    # The next chunk repeats at most ``overlap`` words of this one, so it
                    # starts no earlier than they do; in repetitive text the first match
                    # after this chunk's start would be an earlier repetition.
                    cursor = _overlap_start(body, start, end, self._overlap)
                    # A run without spaces is one "word" to the splitter, however long.
                    for part_start, part_end in _cuts(body, start, end, self.max_chunk_chars):
                        part = body[part_start:part_end]
                        stripped = part.strip()
                        if not stripped:
                            continue
                        offset = window_start + part_start + (len(part) - len(part.lstrip()))
                        chunks.append(
                            Chunk(
                                doc_id=doc_id,
                                index=len(chunks),
                                text=stripped,
                                char_start=offset,
                                char_end=offset + len(stripped),
                                page=section.page,
                            )
                        )
        return chunks


# Where a stretch may be cut, best first: a paragraph end, a sentence end, any space.
_BREAKS = ("\n\n", ". ", "\n", " ")


def _cuts(text: str, start: int, end: int, size: int) -> list[tuple[int, int]]:
    """``text[start:end]`` as consecutive spans of at most ``size`` characters, each cut at the
    best break in its second half (a hard cut only inside an overlong word)."""
    spans: list[tuple[int, int]] = []
    while end - start > size:
        limit = start + size
        cut = -1
        for mark in _BREAKS:
            found = text.rfind(mark, start + size // 2, limit - len(mark) + 1)
            if found >= 0:
                cut = found + len(mark)
                break
        if cut <= start:
            cut = limit
        spans.append((start, cut))
        start = cut
    spans.append((start, end))
    return spans


def _overlap_start(body: str, start: int, end: int, overlap: int) -> int:
    """Where the last ``overlap`` words of ``body[start:end]`` begin (after ``start``)."""
    tokens = [match.start() for match in _WORDS.finditer(body, start, end)]
    if len(tokens) <= overlap:
        return start + 1
    return max(start + 1, tokens[len(tokens) - overlap] if overlap else end)


def _locate(body: str, piece: str, cursor: int) -> tuple[int, int]:
    """Span of ``piece`` in ``body`` at or after ``cursor``; whitespace may differ."""
    found = body.find(piece, cursor)
    if found < 0:
        found = body.find(piece)
    if found >= 0:
        return found, found + len(piece)
    words = [re.escape(w) for w in piece.split()]
    if not words:
        return 0, 0
    match = re.compile(r"\s+".join(words)).search(body, cursor) or re.compile(
        r"\s+".join(words)
    ).search(body)
    return (match.start(), match.end()) if match else (0, 0)
