"""Values that cross the ingest → index → assistant boundary."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any


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

    @property
    def chunk_id(self) -> str:
        return f"{self.doc_id}#{self.index:04d}"


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
