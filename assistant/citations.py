"""Inline ``[n]`` citation markers (parse, validate against the passages, strip), the cite
stage that numbers an answer's passages and writes the markers, and the one home of how a
source is named: a legal passage as a lawyer cites it ("Điều 5 khoản 2 điểm a, Thông tư
24/2013/TT-BKHCN"), anything else by its title; and what an answer says of a cited document
that is not in force."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from assistant.answer import Citation
from assistant.support import SupportResult
from index import (
    IN_FORCE,
    LEGAL_PATH_SEPARATOR,
    NOT_YET_IN_FORCE,
    PARTLY_IN_FORCE,
    REPEALED,
    Hit,
    fold,
)

MARKER = re.compile(r"\[(\d{1,3}(?:\s*,\s*\d{1,3})*)\]")


def marker(n: int) -> str:
    """How an answer cites its passage ``n``: "[n]" (what ``MARKER`` reads back)."""
    return f"[{n}]"


def cited_numbers(sentence: str) -> list[int]:
    """The passage numbers a sentence cites, in order, without repeats."""
    found: list[int] = []
    for group in MARKER.findall(sentence):
        for part in group.split(","):
            number = int(part)
            if number not in found:
                found.append(number)
    return found


def strip_markers(text: str) -> str:
    return re.sub(r"\s+([.,;:!?])", r"\1", MARKER.sub("", text)).strip()


def keep_valid_markers(text: str, passages: int) -> str:
    """Drop markers that point to no passage (``[0]``, ``[7]`` of 4); keep the rest."""
    return renumber_markers(text, {n: n for n in range(1, passages + 1)})


def renumber_markers(text: str, numbers: dict[int, int]) -> str:
    """Markers of a prompt's passage numbers as the answer's: ``{1: 3}`` turns [1] into [3];
    a number outside ``numbers`` points to no passage and is dropped."""

    def fix(match: re.Match[str]) -> str:
        mapped = [numbers[n] for n in cited_numbers(match.group(0)) if n in numbers]
        return f"[{', '.join(map(str, mapped))}]" if mapped else ""

    return re.sub(r"\s+(?=[.,;:!?])", "", MARKER.sub(fix, text))


# -- the cite stage ------------------------------------------------------------------------
@dataclass(frozen=True)
class Claim:
    """A sentence of the answer and the passage that supports it (the verify stage's output;
    a quoted sentence is its own support)."""

    text: str
    passage: int  # index into the passages
    support: SupportResult


@dataclass(frozen=True)
class Cited:
    """The cite stage's output: the answer text and the passages it cites, numbered."""

    text: str
    citations: list[Citation]


class Citer:
    """Claims as cited answer sentences, passages numbered [1], [2]… in order of first use:
    each sentence is final when added, whatever comes after it."""

    def __init__(self, passages: Sequence[Hit]) -> None:
        self.passages = passages
        self.claims: list[Claim] = []
        self.parts: list[str] = []
        self.citations: list[Citation] = []
        self._numbering: dict[int, int] = {}

    def add(self, claim: Claim) -> str | None:
        """The claim's sentence with its marker; None for a claim already made (a small model
        repeating itself)."""
        body = claim.text.rstrip(" ,;:-–")
        if not body or any(
            fold(body) == fold(earlier.text.rstrip(" ,;:-–")) for earlier in self.claims
        ):
            return None
        if claim.passage not in self._numbering:
            self._numbering[claim.passage] = len(self._numbering) + 1
            self.citations.append(
                Citation(
                    n=self._numbering[claim.passage],
                    hit=on_its_page(self.passages[claim.passage], claim.support),
                    support_start=claim.support.start,
                    support_end=claim.support.end,
                    label=source_label(self.passages[claim.passage]),
                )
            )
        if body[-1] not in ".!?…":
            body += "."
        part = f"{body[:-1]} {marker(self._numbering[claim.passage])}{body[-1]}"
        self.claims.append(claim)
        self.parts.append(part)
        return part

    def cited(self, prefix: str = "") -> Cited:
        """The answer so far: the sentences joined, after ``prefix``."""
        return Cited(prefix + " ".join(self.parts), list(self.citations))


# Characters into the supporting sentence its page is read at: a passage read on across
# chunks may have lost a little whitespace at a joint (``index.chunk_format.MAX_CHUNK_GAP``).
_INTO_SENTENCE = 4


def on_its_page(hit: Hit, support: SupportResult) -> Hit:
    """``hit`` cited with the page its supporting sentence is on: a passage runs on over page
    breaks, and its ``page`` is where it starts."""
    if not hit.page_starts:
        return hit
    at = min(support.start + _INTO_SENTENCE, max(support.start, support.end - 1))
    return replace(hit, page=hit.page_at(at))


def cite(claims: Sequence[Claim], passages: Sequence[Hit], prefix: str = "") -> Cited:
    """The cite stage for claims known at once (a quoted answer)."""
    citer = Citer(passages)
    for claim in claims:
        citer.add(claim)
    return citer.cited(prefix)


# -- naming a source -----------------------------------------------------------------------
# Levels cited after "Điều", written small as lawyers do ("Điều 5 khoản 2 điểm a").
_BELOW_ARTICLE = {"khoan": "khoản", "diem": "điểm", "tiet": "tiết"}
# A bare document number's type from its ký hiệu (Nghị định 30/2020/NĐ-CP, Phụ lục III), so a
# replacement named only by number reads "Thông tư 24/2013/TT-BKHCN". Only kinds whose code
# says one type; a law's "…/QH12" may also be a resolution, so it is left bare.
_TYPE_OF_CODE = {
    "TT": "Thông tư",
    "TTLT": "Thông tư liên tịch",
    "NĐ": "Nghị định",
    "QĐ": "Quyết định",
    "NQ": "Nghị quyết",
    "CT": "Chỉ thị",
    "PL": "Pháp lệnh",
}
# A law is named by its title and number ("Bộ luật Lao động số 45/2019/QH14"): its type alone
# ("Bộ luật 45/2019/QH14") does not say which law.
_NAMED_BY_TITLE = ("luat", "bo luat", "phap lenh")
_TITLE_TAIL = re.compile(r"(?:\s*\([^)]*\)|\s+(?:năm\s+)?\d{4})+$")
_BARE_NUMBER = re.compile(r"\d+(?:/\d{4})?/([A-ZĐ]+)(?:-[\wĐđ]+)*", re.UNICODE)


def document_name(number: str, doc_type: str = "", title: str = "") -> str:
    """A legal document as it is named in a citation: "Thông tư 24/2013/TT-BKHCN"; a law by
    its title ("Bộ luật Lao động số 45/2019/QH14"); a number that already names its type
    ("TCVN 7790:2007") stays as it is; "" when there is none."""
    number = " ".join(number.split())
    if not number:
        return ""
    named = _TITLE_TAIL.sub("", " ".join(title.split()))
    if fold(doc_type) in _NAMED_BY_TITLE and fold(named).startswith(fold(doc_type) + " "):
        return f"{named} số {number}"
    if not doc_type:
        match = _BARE_NUMBER.fullmatch(number)
        doc_type = _TYPE_OF_CODE.get(match[1], "") if match else ""
    if not doc_type or fold(number).startswith(fold(doc_type)):
        return number
    return f"{doc_type} {number}"


def legal_place(legal_path: str) -> str:
    """Where in its document a passage sits, as cited: "Chương II > Điều 5 > Khoản 2 > Điểm a"
    → "Điều 5 khoản 2 điểm a" (from the article down); a standard's clause "1 > 1.2" → "mục
    1.2"; with no article, the innermost part ("Phụ lục A", "Chương II")."""
    parts = [p.strip() for p in legal_path.split(LEGAL_PATH_SEPARATOR) if p.strip()]
    if not parts:
        return ""
    article = next((i for i, p in enumerate(parts) if fold(p).startswith("dieu ")), None)
    if article is None:
        last = parts[-1]
        return f"mục {last}" if re.fullmatch(r"\d+(?:\.\d+)*\.?", last) else last
    cited = [parts[article]]
    for part in parts[article + 1 :]:
        word, _, rest = part.partition(" ")
        small = _BELOW_ARTICLE.get(fold(word))
        cited.append(f"{small} {rest}".strip() if small else part)
    return " ".join(cited)


def source_label(hit: Hit) -> str:
    """How an answer names a passage's source: "Điều 5 khoản 2 điểm a, Thông tư
    24/2013/TT-BKHCN" for a legal document (its title is in the source panel), the title for
    anything else."""
    place = legal_place(hit.legal_path)
    name = document_name(hit.doc_number, hit.doc_type, hit.title)
    if not place and not name:
        return hit.title
    return ", ".join(part for part in (place, name or hit.title) if part)


# -- validity ------------------------------------------------------------------------------
def status_text(status: str, replaced_by: str = "", amended_by: str = "") -> str:
    """A document's validity as the documents tab and the source panel say it; "" when it
    carries no validity data."""
    replacements = ", ".join(document_name(n.strip()) for n in replaced_by.split(";") if n.strip())
    amendments = ", ".join(document_name(n.strip()) for n in amended_by.split(";") if n.strip())
    if status == IN_FORCE:
        return "Còn hiệu lực"
    if status == REPEALED:
        return f"Hết hiệu lực — thay thế bởi {replacements}" if replacements else "Hết hiệu lực"
    if status == NOT_YET_IN_FORCE:
        return "Chưa có hiệu lực"
    if status == PARTLY_IN_FORCE:
        said = "Còn hiệu lực một phần"
        return f"{said} — sửa đổi bởi {amendments}" if amendments else said
    return ""


def validity_notes(hits: Sequence[Hit], language: str = "vi") -> str:
    """What the answer must add when it cites a document that is not in force: one sentence
    per such document, naming its replacement ("Lưu ý: Thông tư 12/2009/TT-BKHCN đã hết hiệu
    lực, được thay thế bởi Thông tư 24/2013/TT-BKHCN."); "" when all are in force. Written
    here, after generation, so it never depends on the model."""
    notes: list[str] = []
    seen: set[str] = set()
    for hit in hits:
        if hit.status not in (REPEALED, NOT_YET_IN_FORCE) or hit.doc_id in seen:
            continue
        seen.add(hit.doc_id)
        name = document_name(hit.doc_number, hit.doc_type, hit.title) or hit.title
        replaced = [document_name(n.strip()) for n in hit.replaced_by.split(";") if n.strip()]
        notes.append(_note(name, hit.status, replaced, language))
    return " ".join(notes)


def _note(name: str, status: str, replaced: list[str], language: str) -> str:
    if language == "en":
        if status == NOT_YET_IN_FORCE:
            return f"Note: {name} is not yet in force."
        by = f"; it was replaced by {' and '.join(replaced)}" if replaced else ""
        return f"Note: {name} is no longer in force{by}."
    if status == NOT_YET_IN_FORCE:
        return f"Lưu ý: {name} chưa có hiệu lực."
    by = f", được thay thế bởi {' và '.join(replaced)}" if replaced else ""
    return f"Lưu ý: {name} đã hết hiệu lực{by}."
