"""Values that cross the ingest → index → assistant boundary."""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass
from typing import Any

# A chunk id is its document's id, "#", and its number zero-padded to four digits; a document
# id may itself hold "#", so the number is what follows the last one.
_CHUNK_ID = re.compile(r"(.+)#([0-9]{4,})", re.DOTALL)


@dataclass(frozen=True, order=True)
class ChunkId:
    """Which chunk of which document: ``str(ChunkId("a", 3)) == "a#0003"``, the id Chroma and
    the lexical index store. Built and read only here, so the format has one home."""

    doc_id: str
    number: int  # the chunk's place in its document, from 0, in text order

    def __str__(self) -> str:
        return f"{self.doc_id}#{self.number:04d}"

    @classmethod
    def parse(cls, text: str) -> ChunkId | None:
        """The id ``text`` spells, or None when it is not one (only what ``str`` writes
        parses: "a#3" and "a#00003" do not)."""
        match = _CHUNK_ID.fullmatch(text)
        if match is None:
            return None
        found = cls(match[1], int(match[2]))
        return found if str(found) == text else None

    def following(self, step: int = 1) -> ChunkId:
        """The chunk ``step`` places further on in the same document."""
        return ChunkId(self.doc_id, self.number + step)


@dataclass(frozen=True)
class DocumentInfo:
    """Metadata of one source document, copied onto each of its chunks."""

    doc_id: str
    title: str
    path: str = ""
    date: str = ""
    source: str = ""
    author: str = ""
    url: str = ""
    description: str = ""
    title_assigned: bool = False


@dataclass(frozen=True)
class Chunk:
    """A passage of a document's cleaned text, ``text == document_text[char_start:char_end]``."""

    doc_id: str
    index: int
    text: str
    char_start: int
    char_end: int
    page: int | None = None
    ocr_confidence: float | None = None  # its page's mean OCR word confidence, when OCR'd

    @property
    def id(self) -> ChunkId:
        return ChunkId(self.doc_id, self.index)

    @property
    def chunk_id(self) -> str:
        return str(self.id)


@dataclass(frozen=True)
class Hit:
    rank: int
    score: float
    doc_id: str
    title: str
    date: str
    chunk_id: str
    text: str
    char_start: int
    char_end: int
    page: int | None = None
    source: str = ""
    dense_score: float | None = None  # raw cosine, when the dense side found this chunk

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class IndexStatus:
    documents: int
    chunks: int
    embedder: str
    store: str
    collection: str
    data_dir: str
    pending: int

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class Problem:
    doc_id: str
    path: str
    detail: str


@dataclass(frozen=True)
class ConsistencyReport:
    """What `hoidap doctor` found: manifest, Chroma and the lexical index must agree."""

    documents: int
    chunks: int
    duplicate_ids: int
    problems: list[Problem]
    lexical_fresh: bool
    repaired: bool

    @property
    def consistent(self) -> bool:
        return not self.problems and not self.duplicate_ids and self.lexical_fresh

    def to_json(self) -> dict[str, Any]:
        return {**asdict(self), "consistent": self.consistent}
