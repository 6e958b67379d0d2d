"""The identifier index: document numbers ("132/2008/NĐ-CP", "1131/QĐ-TTg") and standard codes
("TCVN ISO 9001:2015", "QCVN 4:2009/BKHCN", "ISO/IEC 17025", "OIML R 76") found exactly,
however they are typed.

Both sides go through one normaliser: diacritics folded ("NĐ" = "ND"), case ignored, spaces,
colons, slashes and hyphens read as separators, leading zeros dropped ("04" = "4"). An
identifier becomes a few keys, from the full one to the partial ones a person types ("Nghị
định 132/2008", "Thông tư 24", "ISO 9001"): a document answers to every key of its own number
(``DocumentInfo.doc_number``), a chunk to every key of each identifier its text mentions. A
query's identifier is tried from its most specific key down, and the first key the index knows
is used: a look-up is a few dict reads, never a scan.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field

from index.text import fold, strip_diacritics
from index.vietnamese import DOCUMENT_TYPE_CODES, DOCUMENT_TYPE_NUMBER

_YEAR = r"(?:19|20)\d\d"
# On upper-cased, diacritic-free text. A number, a year, then the code segments: "132/2008/ND-CP"
# (the year may be missing when the code has two segments: "1131/QD-TTG"). A query may write
# any separator ("132 2008 nd cp"): the segments it runs on into are tried longest first.
_DOC_NUMBER = re.compile(
    rf"(?<![\w/.:-])(\d{{1,5}})(?:\s*[/\-]\s*|\s+)(?:({_YEAR})(?:\s*[/\-]\s*|\s+))?"
    r"([A-Z]{1,8}\d{0,2}(?:(?:\s*-\s*|\s+)[A-Z]{1,8}\d{0,2}){0,4})(?![\w])"
)
_NUMBER_YEAR = re.compile(rf"(?<![\w/.:-])(\d{{1,5}})\s*/\s*({_YEAR})(?![\w:])")
# Standard codes: a series ("TCVN", "TCVN ISO/IEC", "QCVN", "DLVN", "OIML R"), a number with
# its parts ("6165-1", "4.2"), an edition year (":2007", " 2007", "-2007") and, for a QCVN, the
# issuer ("/BKHCN").
_SERIES = r"TCVN|QCVN|DLVN|TCCS|TCN|ISO|IEC|OIML|EN|ASTM"
_STANDARD = re.compile(
    rf"(?<![\w])((?:{_SERIES})(?:\s*[/\-]?\s*(?:ISO|IEC|R|D|G)(?![A-Z]))*)\s*-?\s*"
    r"(\d{1,6}(?:\s*[.\-]\s*\d{1,4})*)"
    rf"(?:\s*[:\s]\s*({_YEAR}))?(?:\s*/\s*([A-Z]{{2,10}}))?(?![\w])"
)


@dataclass(frozen=True)
class Identifier:
    """One identifier as read from a text: its keys, most specific first."""

    keys: tuple[str, ...]


# Every precomposed Latin letter to its base letter (NFC text; "Đ" → "D"): one ``translate``
# instead of an NFD round trip per text, the cost of building the index (measured 5x faster).
_BASE_LETTERS = str.maketrans(
    {
        ch: base
        for ch in map(chr, range(0xC0, 0x1EFF + 1))
        if len(base := strip_diacritics(ch)) == 1 and base != ch and base.isascii()
    }
)


def _upper(text: str) -> str:
    if not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    return text.translate(_BASE_LETTERS).upper()


def _number(text: str) -> str:
    return str(int(text))


def _segments(code: str) -> list[str]:
    return [part for part in re.split(r"[\s\-]+", code) if part]


def _doc_keys(number: str, year: str, segments: Sequence[str]) -> list[str]:
    """The keys of "number/year/SEG-SEG", most specific first (type code: the first
    segment's letters, "QH12" → "QH")."""
    n = _number(number)
    keys = [f"no {n}/{year}/s:{''.join(segments[:j])}" for j in range(len(segments), 0, -1)]
    kind = re.sub(r"\d+$", "", segments[0]) if segments else ""
    keys += [f"no {n}/{year}/t:{kind}"] if kind else []
    keys += [f"no {n}/{year}"] if year else []
    return keys


def _standard_keys(series: str, number: str, year: str, issuer: str) -> list[str]:
    """The keys of a standard code, most specific first: with issuer, with year, the number
    alone; "TCVN ISO 9001:2015" also answers to the ISO code it adopts."""
    series = re.sub(r"[\s/\-]+", "", series)
    parts = re.split(r"\s*[.\-]\s*", number)
    if not year and len(parts) > 1 and re.fullmatch(_YEAR, parts[-1]):
        year, parts = parts[-1], parts[:-1]  # "TCVN ISO 9001-2015": the edition, not a part
    n = "-".join(_number(p) for p in parts)
    serieses = [series]
    if series.startswith(("TCVN", "QCVN")) and len(series) > 4:
        serieses.append(series[4:])  # TCVN ISO 9001 is ISO 9001 adopted
    keys: list[str] = []
    for s in serieses:
        base = f"std {s} {n}"
        keys += [f"{base}:{year}/{issuer}"] if year and issuer else []
        keys += [f"{base}:{year}"] if year else []
        keys.append(base)
    return keys


def identifiers_in(text: str) -> Iterator[Identifier]:
    """The document numbers and standard codes ``text`` mentions, each with its keys."""
    upper = _upper(text)
    taken: list[tuple[int, int]] = []
    for match in _STANDARD.finditer(upper):
        taken.append(match.span())
        yield Identifier(tuple(_standard_keys(*(g or "" for g in match.groups()))))
    for match in _DOC_NUMBER.finditer(upper):
        if any(s <= match.start() < e for s, e in taken):
            continue
        number, year, code = match.groups()
        if year and re.fullmatch(_YEAR, number) and "/" not in match[0]:
            continue  # "2020-2021 tu ngay": years, not a number and its year
        segments = _segments(code)
        if not year and len(segments) < 2:
            continue  # "5 ngay", "3/A": a number with one word is not a document number
        if not year and "/" not in match[0][: match.start(3) - match.start()]:
            continue  # "1131/QD-TTG" is written with its slash
        taken.append(match.span())
        yield Identifier(tuple(_doc_keys(number, year or "", segments)))
    for match in _NUMBER_YEAR.finditer(upper):
        if not any(s <= match.start() < e for s, e in taken):
            taken.append(match.span())
            yield Identifier((f"no {_number(match[1])}/{match[2]}",))


# A legal document's short form: the initials of its name and its year, "BLLĐ 2019" for "Bộ
# luật Lao động 2019" (the title's words before its first digit or bracket). A query writes
# the initials in capitals; the document's are read from its title (``short_form_key``).
_SHORT_FORM = re.compile(rf"(?<![\w/])([A-ZĐ]{{3,8}})\s*(?:năm\s*)?({_YEAR})(?![\w/:])")
_NAME = re.compile(r"[^\d(\[,;:–—-]+")


def short_form_key(title: str, year: str) -> str | None:
    """The short-form key of a document named ``title``, issued in ``year``."""
    name = _NAME.match(title.strip())
    words = name[0].split() if name else []
    if len(words) < 3 or not year:
        return None
    return f"abbr {_upper(''.join(w[0] for w in words))} {year}"


def query_identifiers(query: str) -> list[Identifier]:
    """The identifiers a query names, partial ones included: "Nghị định 132/2008" and
    "Thông tư 24" name a type and a number (and year); the type's code is tried before the
    number alone."""
    found = list(identifiers_in(query))
    found += [Identifier((f"abbr {_upper(m[1])} {m[2]}",)) for m in _SHORT_FORM.finditer(query)]
    folded = fold(query)
    for match in DOCUMENT_TYPE_NUMBER.finditer(folded):
        kind, number = DOCUMENT_TYPE_CODES[match[1]], _number(match[2])
        after = folded[match.end() : match.end() + 6]
        year = m[1] if (m := re.match(rf"\s*/\s*({_YEAR})", after)) else ""
        typed = f"no {number}/{year}/t:{kind}" if year else f"no {number}//t:{kind}"
        for n, identifier in enumerate(found):
            if identifier.keys[-1] == f"no {number}/{year}" and year:
                # "Nghị định 132/2008": its type narrows the bare number/year, which is then
                # not tried ("Nghị định 24/2013" is not Thông tư 24/2013)
                written = tuple(k for k in identifier.keys if "/s:" in k)
                found[n] = Identifier((*written, typed))
                break
        else:
            if not year:
                found.append(Identifier((typed,)))
    return found


def document_keys(doc_number: str) -> set[str]:
    """Every key a document answers to by its own number ("Thông tư 24" → "24//t:TT" too)."""
    keys: set[str] = set()
    for identifier in identifiers_in(doc_number):
        keys.update(identifier.keys)
        for key in identifier.keys:
            if key.startswith("no ") and "/t:" in key:
                number, rest = key[3:].split("/", 1)
                keys.add(f"no {number}//t:{rest.split('/t:')[1]}")
    return keys


@dataclass
class IdentifierIndex:
    """Keys → the documents that ARE that identifier, and the chunks that mention it."""

    documents: dict[str, set[str]] = field(default_factory=dict)
    mentions: dict[str, set[str]] = field(default_factory=dict)

    @classmethod
    def build(cls, records: Iterable[dict[str, object]]) -> IdentifierIndex:
        index = cls()
        numbered: set[str] = set()
        for record in records:
            doc_id, number = str(record.get("doc_id", "")), str(record.get("doc_number", ""))
            if number and doc_id not in numbered:
                numbered.add(doc_id)
                keys = document_keys(number)
                years = [k.split("/")[1] for k in keys if k.startswith("no ") and "/" in k]
                year = next((y for y in years if y), str(record.get("day", ""))[:4])
                if short := short_form_key(str(record.get("title", "")), year):
                    keys.add(short)
                for key in keys:
                    index.documents.setdefault(key, set()).add(doc_id)
            for identifier in identifiers_in(str(record.get("text", ""))):
                for key in identifier.keys:
                    index.mentions.setdefault(key, set()).add(str(record["id"]))
        return index

    def to_json(self) -> dict[str, dict[str, list[str]]]:
        """What the lexical snapshot stores (``identifiers.json``)."""
        return {
            "documents": {k: sorted(v) for k, v in self.documents.items()},
            "mentions": {k: sorted(v) for k, v in self.mentions.items()},
        }

    @classmethod
    def from_json(cls, data: dict[str, dict[str, list[str]]]) -> IdentifierIndex:
        return cls(
            {k: set(v) for k, v in data["documents"].items()},
            {k: set(v) for k, v in data["mentions"].items()},
        )

    def look_up(self, query: str) -> tuple[set[str], set[str]]:
        """The documents a query's identifiers name, and the chunks that mention them: each
        identifier by its most specific key the index knows."""
        docs: set[str] = set()
        chunks: set[str] = set()
        for identifier in query_identifiers(query):
            for key in identifier.keys:
                if key in self.documents or key in self.mentions:
                    docs |= self.documents.get(key, set())
                    chunks |= self.mentions.get(key, set())
                    break
        return docs, chunks
