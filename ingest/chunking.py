"""Sentence-aware chunks that remember their character span in the cleaned text."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from llama_index.core.node_parser import SentenceSplitter

from index.records import Chunk

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
    def __init__(self, chunk_size: int, chunk_overlap: int) -> None:
        self._splitter = SentenceSplitter(
            chunk_size=chunk_size,
            chunk_overlap=min(chunk_overlap, chunk_size // 2),
            tokenizer=count_words,
            paragraph_separator="\n\n",
        )

    def chunk(self, doc_id: str, text: str, sections: Sequence[Section]) -> list[Chunk]:
        chunks: list[Chunk] = []
        for section in sections:
            body = text[section.start : section.end]
            cursor = 0
            for piece in self._splitter.split_text(body):
                start, end = _locate(body, piece, cursor)
                if end <= start:
                    continue
                cursor = start + 1
                chunks.append(
                    Chunk(
                        doc_id=doc_id,
                        index=len(chunks),
                        text=body[start:end],
                        char_start=section.start + start,
                        char_end=section.start + end,
                        page=section.page,
                    )
                )
        return chunks


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
