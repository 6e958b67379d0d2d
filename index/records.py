"""Values that cross the ingest → index → assistant boundary."""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass
from typing import Any

from index.access import EVERYONE

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


# DocumentInfo.status values. "" = no validity data (news articles): never filtered out.
IN_FORCE = "in_force"  # còn hiệu lực
NOT_YET_IN_FORCE = "not_yet_in_force"  # chưa có hiệu lực
PARTLY_IN_FORCE = "partly_in_force"  # còn hiệu lực một phần (amended / partly replaced)
REPEALED = "repealed"  # hết hiệu lực (replaced, repealed or expired)
VALIDITY_STATES = (IN_FORCE, NOT_YET_IN_FORCE, PARTLY_IN_FORCE, REPEALED)
LEGAL_PATH_SEPARATOR = " > "


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
    # Administrative / normative documents (issue 16; "" when the document is not one). From
    # the header (Nghị định 30/2020/NĐ-CP layout) or the catalog, which wins.
    doc_number: str = ""  # số/ký hiệu as written: "24/2013/TT-BKHCN", "TCVN 7790:2007"
    doc_type: str = ""  # loại văn bản: "Thông tư", "Nghị định", "Quyết định", "TCVN", "QCVN"…
    issuer: str = ""  # cơ quan ban hành: "Bộ Khoa học và Công nghệ"
    issued_place: str = ""  # địa danh: "Hà Nội"
    issued_date: str = ""  # ISO YYYY-MM-DD
    signer: str = ""  # "KT. BỘ TRƯỞNG / THỨ TRƯỞNG / Trần Văn Tùng" → "Thứ trưởng Trần Văn Tùng"
    abstract: str = ""  # trích yếu: "Quy định quản lý đo lường …"
    # Validity (VALIDITY_STATES); "" = the document carries no validity data.
    status: str = ""
    effective_date: str = ""  # ISO
    expiry_date: str = ""  # ISO
    replaced_by: str = ""  # document numbers, "; "-separated
    amended_by: str = ""
    replaces: str = ""
    # Who may read it (issue 17, ``index.access``): group names; (EVERYONE,) by default.
    groups: tuple[str, ...] = (EVERYONE,)


# The DocumentInfo fields of a legal/normative document's header and validity: what the
# catalog may set and the ingest reads from the text.
LEGAL_FIELDS = (
    "doc_number",
    "doc_type",
    "issuer",
    "issued_place",
    "issued_date",
    "signer",
    "abstract",
    "status",
    "effective_date",
    "expiry_date",
    "replaced_by",
    "amended_by",
    "replaces",
)


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
    # Where the chunk sits in a legal/normative document's structure, outermost first:
    # "Chương II > Điều 5 > Khoản 2 > Điểm a" (LEGAL_PATH_SEPARATOR); "" for other documents.
    legal_path: str = ""
    # (document offset, page) of each page that begins inside the chunk: a chunk runs on over
    # page breaks, ``page`` is where it starts, and a sentence is cited on its own page.
    page_starts: tuple[tuple[int, int], ...] = ()

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
    legal_path: str = ""  # Chunk.legal_path
    doc_number: str = ""  # DocumentInfo.doc_number
    doc_type: str = ""
    status: str = ""  # DocumentInfo.status
    replaced_by: str = ""
    page_starts: tuple[tuple[int, int], ...] = ()  # Chunk.page_starts, of the text read

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        del data["page_starts"]  # a citation names its sentence's page (``page_at``)
        return data

    def page_at(self, offset: int) -> int | None:
        """The page ``text[offset]`` is on."""
        position = self.char_start + offset
        page = self.page
        for start, number in self.page_starts:
            if start <= position:
                page = number
        return page


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
