"""A legal or normative document as the ingest side reads it: its header (``legal_header``),
its structure (``legal_structure``) and what its own text says about its validity — the date
it takes effect, the documents it replaces — and the ``DocumentInfo`` fields these give.

Validity is read only where the text is unambiguous: a sentence whose subject is this very
document ("Thông tư này có hiệu lực thi hành kể từ ngày 01 tháng 01 năm 2014", "Thông tư này
thay thế Thông tư số 12/2009/TT-BKHCN", "Bộ luật dân sự số 33/2005/QH11 hết hiệu lực kể từ
ngày Bộ luật này có hiệu lực"). A replacement of parts ("thay thế khoản 2 Điều 3 …") is not
a replacement of the document and is left out. Which document replaces a given one is known
only across documents: ``link_replacements`` sets ``replaced_by`` on those a corpus replaces.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import date, timedelta

from index.records import IN_FORCE, NOT_YET_IN_FORCE, REPEALED, DocumentInfo
from ingest.legal_header import (
    DOC_NUMBER,
    STANDARD_CODE,
    LegalHeader,
    find_date,
    read_header,
)
from ingest.legal_structure import LegalStructure, parse_structure

NUMBER_SEPARATOR = "; "  # between document numbers in replaced_by / amended_by / replaces

# How a document names itself in its own text ("Thông tư này …").
_SELF = (
    r"(?:Bộ luật|Luật|Pháp lệnh|Nghị quyết(?: liên tịch)?|Nghị định|Quyết định|Chỉ thị"
    r"|Thông tư(?: liên tịch)?|Quy chuẩn(?: kỹ thuật)?|Tiêu chuẩn|Quy chế|Quy định"
    r"|Văn bản|Lệnh|Hiến pháp) này"
)
_DATE = (
    r"ngày\s+\d{1,2}\s+tháng\s+\d{1,2}\s+năm\s+\d{4}"
    r"|ngày\s+\d{1,2}\s*[/.-]\s*\d{1,2}\s*[/.-]\s*\d{4}"
)
_EFFECTIVE = re.compile(
    _SELF + r"\s+có\s+hiệu\s+lực(?:\s+thi\s+hành)?(?:\s+kể)?\s+từ\s+"
    r"(?P<when>" + _DATE + r"|ngày\s+ký(?:\s+ban\s+hành)?)",
    re.I,
)
_EFFECTIVE_AFTER = re.compile(
    _SELF + r"\s+có\s+hiệu\s+lực(?:\s+thi\s+hành)?\s+sau\s+(?P<days>\d{1,3})\s+ngày"
    r"(?:\s+kể)?\s+từ\s+ngày\s+ký",
    re.I,
)
_EXPIRY = re.compile(
    _SELF + r"\s+hết\s+hiệu\s+lực(?:\s+thi\s+hành)?(?:\s+kể)?\s+từ\s+(?P<when>" + _DATE + ")",
    re.I,
)
# "Thông tư này thay thế Thông tư số …" / "… bãi bỏ Quyết định số …"
_REPLACES = re.compile(_SELF + r"\s+(?:thay\s+thế|bãi\s+bỏ)\s+(?P<rest>[^\n]{0,600})", re.I)
# "Bộ luật dân sự số 33/2005/QH11 hết hiệu lực kể từ ngày Bộ luật này có hiệu lực"
_REPEALS = re.compile(
    r"\s+hết\s+hiệu\s+lực(?:\s+thi\s+hành)?(?:\s+kể)?\s+từ\s+ngày\s+"
    + _SELF
    + r"\s+có\s+hiệu\s+lực",
    re.I,
)
# A standard's foreword: "TCVN 7790:2007 thay thế TCVN 4988:1989."
_STANDARD_REPLACES = re.compile(
    r"(?P<own>" + STANDARD_CODE.pattern + r")\s+thay\s+thế\s+(?P<rest>[^\n]{0,600})"
)
_PART_OF = re.compile(r"\b(?:Điều|khoản|điểm|Chương|Mục|Phụ lục)\s+[0-9a-zđIVX]", re.I)


@dataclass(frozen=True)
class LegalDocument:
    """What the ingest side learned from a document's text; falsy for other documents."""

    header: LegalHeader
    structure: LegalStructure
    effective_date: str = ""
    expiry_date: str = ""
    replaces: tuple[str, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.header) or bool(self.structure)


NOT_LEGAL = LegalDocument(LegalHeader(), LegalStructure(()))


def read_legal(text: str) -> LegalDocument:
    """Header, structure and validity of ``text``. A document without a header counts as
    legal only when it reads as a run of articles from Điều 1 (an extract of a law)."""
    header = read_header(text)
    structure = parse_structure(text, standard=header.standard)
    if not header and not _is_article_run(structure):
        return NOT_LEGAL
    flat = re.sub(r"[ \t]*\n[ \t]*", " ", text)  # a sentence hard-wrapped over lines
    return LegalDocument(
        header,
        structure,
        effective_date=_effective(flat, header.issued_date),
        expiry_date=_expiry(flat),
        replaces=_replaces(flat, header.doc_number),
    )


def _is_article_run(structure: LegalStructure) -> bool:
    numbers = [a.number for a in structure.articles() if not a.standard]
    return len(numbers) >= 3 and numbers[:3] == ["1", "2", "3"]


def _effective(text: str, issued: str) -> str:
    if match := _EFFECTIVE.search(text):
        when = match["when"]
        return issued if re.match(r"ngày\s+ký", when, re.I) else find_date(when)
    if (match := _EFFECTIVE_AFTER.search(text)) and issued:
        return (date.fromisoformat(issued) + timedelta(days=int(match["days"]))).isoformat()
    return ""


def _expiry(text: str) -> str:
    match = _EXPIRY.search(text)
    return find_date(match["when"]) if match else ""


def _replaces(text: str, own: str) -> tuple[str, ...]:
    found: list[str] = []
    for match in _REPLACES.finditer(text):
        found += _whole_documents(_sentence(match["rest"]))
    for match in _REPEALS.finditer(text):
        # The subject of "… hết hiệu lực": back to the start of its sentence.
        before = text[max(0, match.start() - 400) : match.start()]
        found += _whole_documents(re.split(r"\.\s|;|:\s", before)[-1])
    for match in _STANDARD_REPLACES.finditer(text):
        if _same(match["own"], own):
            found += [_code(m.group()) for m in STANDARD_CODE.finditer(_sentence(match["rest"]))]
    return tuple(dict.fromkeys(n for n in found if n and not _same(n, own)))


def _sentence(text: str) -> str:
    """Up to the end of the sentence (a full stop before a capital, or the line's end)."""
    return re.split(r"\.\s+(?=[A-ZĐÀ-Ỹ])|;|\./\.", text, maxsplit=1)[0]


def _whole_documents(text: str) -> list[str]:
    """The numbers in ``text`` that name a whole document: not "khoản 2 Điều 3 của Thông tư
    số …" (a part of it)."""
    numbers: list[str] = []
    matches = sorted([*DOC_NUMBER.finditer(text), *STANDARD_CODE.finditer(text)], key=_start)
    previous = 0
    for match in matches:
        # A part named since the previous number ("khoản 2 Điều 3 Thông tư số …").
        if not _PART_OF.search(text[previous : match.start()]):
            value = match.group()
            numbers.append(_code(value) if STANDARD_CODE.fullmatch(value) else value)
        previous = match.end()
    return numbers


def _start(match: re.Match[str]) -> int:
    return match.start()


def _code(text: str) -> str:
    return re.sub(r"\s*:\s*", ":", re.sub(r"\s+", " ", text))


def _same(a: str, b: str) -> bool:
    return bool(a) and _key(a) == _key(b)


def _key(number: str) -> str:
    return re.sub(r"[\s:/\-.]", "", number).upper()


def status_of(info: DocumentInfo, today: date) -> str:
    """REPEALED when replaced or expired, NOT_YET_IN_FORCE before its effective date,
    IN_FORCE when it is a legal document with a known effective date, "" otherwise."""
    if info.replaced_by or (info.expiry_date and info.expiry_date <= today.isoformat()):
        return REPEALED
    if info.effective_date and info.effective_date > today.isoformat():
        return NOT_YET_IN_FORCE
    if info.effective_date and (info.doc_number or info.doc_type):
        return IN_FORCE
    return ""


def with_legal_fields(info: DocumentInfo, legal: LegalDocument, today: date) -> DocumentInfo:
    """``info`` with the fields ``legal`` read filled in where ``info`` (the catalog) has
    none, and its status worked out when the catalog gave none."""
    header = legal.header
    read = {
        "doc_number": header.doc_number,
        "doc_type": header.doc_type,
        "issuer": header.issuer,
        "issued_place": header.issued_place,
        "issued_date": header.issued_date,
        "signer": header.signer,
        "abstract": header.abstract,
        "effective_date": legal.effective_date,
        "expiry_date": legal.expiry_date,
        "replaces": NUMBER_SEPARATOR.join(legal.replaces),
    }
    filled = replace(info, **{k: v for k, v in read.items() if v and not getattr(info, k)})
    if not filled.status:
        filled = replace(filled, status=status_of(filled, today))
    return filled


def legal_title(header: LegalHeader) -> str:
    """A title for a document the catalog gives none: "Thông tư 24/2013/TT-BKHCN quy định về
    …", "Bộ luật dân sự số 91/2015/QH13", "TCVN 7790:2007 Cân không tự động …"."""
    if not header.doc_number:
        return ""
    abstract = header.abstract
    if header.standard:
        if abstract.startswith("Về "):
            abstract = "về " + abstract[3:]
        return f"{header.doc_number} {abstract}".strip()
    if abstract.lower().startswith(header.doc_type.lower()) and header.doc_type:
        return f"{abstract} số {header.doc_number}"
    if abstract:
        abstract = abstract[0].lower() + abstract[1:]
    return f"{header.doc_type} {header.doc_number} {abstract}".strip()


def split_numbers(value: str) -> list[str]:
    return [n.strip() for n in value.split(NUMBER_SEPARATOR.strip()) if n.strip()]


def link_replacements(
    documents: Iterable[DocumentInfo], today: date, known: Mapping[str, DocumentInfo] = {}
) -> dict[str, DocumentInfo]:
    """The documents whose ``replaced_by`` (and so status) change because another document —
    of ``documents`` or of ``known`` (already indexed, by doc id) — says it replaces them; by
    doc id. A replacement is recorded only when the replacing document is in force or has
    no status (one that has not taken effect yet replaces nothing today)."""
    everything = {**known, **{d.doc_id: d for d in documents}}
    replacers: dict[str, list[str]] = {}
    for doc in everything.values():
        if doc.status == NOT_YET_IN_FORCE:
            continue
        for number in split_numbers(doc.replaces):
            replacers.setdefault(_key(number), []).append(doc.doc_number or doc.doc_id)
    changed: dict[str, DocumentInfo] = {}
    for doc in everything.values():
        by = replacers.get(_key(doc.doc_number)) if doc.doc_number else None
        if not by:
            continue
        merged = NUMBER_SEPARATOR.join(dict.fromkeys([*split_numbers(doc.replaced_by), *by]))
        if merged != doc.replaced_by:
            updated = replace(doc, replaced_by=merged)
            changed[doc.doc_id] = replace(updated, status=REPEALED)
    return changed
