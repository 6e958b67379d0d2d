"""A way into the corpus for new employees: the documents, starter questions, and a glossary of
the acronyms the documents use, each with where it is spelled out or first used."""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

# An acronym: capitals (Vietnamese Đ included), digits and "&" — "TCĐLCL", "KH&CN", "WG1".
ACRONYM = re.compile(r"(?<![\w&])[A-ZĐ][A-ZĐ0-9&]*[A-ZĐ0-9](?![\w&])")
MIN_USES = 2  # an acronym used once and never explained is noise in a glossary
# Words that open a spelled-out name: "Tổ chức Năng suất Châu Á (APO)", "Tiểu ban … (TBT)".
_EXPANSION_BEFORE = re.compile(r"([A-ZĐÀ-Ỹ][^(),;:.!?\n]{3,120})\(\s*{acronym}\s*\)")
_NOT_ACRONYMS = frozenset({"COVID", "GMT", "VN"})
# Where the words that spell an acronym out begin, read leftwards from "(ACRONYM)": a clause
# ends at punctuation, and these words lead into a name without being part of it ("… đồng chủ
# trì với | Cơ quan Tiêu chuẩn và Công nghệ Hàn Quốc (KATS)").
_CLAUSE_BREAK = re.compile(r"[,;:.!?()\[\]{}“”\"'‘’\n]|\s[–—-]\s")
_LEAD_INS = frozenset(
    "là với như được bởi do tại giữa cùng cho từ đến đã đang sẽ rằng gồm thuộc theo trong "
    "qua của và hoặc có".split()
)
_JOINERS = frozenset({"và", "của"})  # inside a name when a capitalised word follows
_DETERMINERS = frozenset({"các", "những", "một"})
MAX_EXPANSION_WORDS = 12


@dataclass(frozen=True)
class DocumentSummary:
    doc_id: str
    title: str
    date: str
    source: str
    url: str
    description: str
    chunks: int


@dataclass(frozen=True)
class GlossaryEntry:
    acronym: str
    expansion: str  # curated, else spelled out in the documents; "" when neither
    uses: int
    doc_id: str  # where it is spelled out, else where it is first used
    title: str
    date: str
    context: str  # the sentence that spells it out or first uses it
    char_start: int  # of ``context`` within the document's text


@dataclass(frozen=True)
class Onboarding:
    starter_questions: tuple[str, ...]
    curated_glossary: dict[str, str]

    @classmethod
    def load(cls, path: Path | None) -> Onboarding:
        """The curated material; an absent file means none (the glossary still comes from the
        documents)."""
        if path is None or not path.is_file():
            return cls((), {})
        try:
            data: dict[str, Any] = tomllib.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
            raise ValueError(f"{path}: không đọc được ({exc})") from exc
        questions = tuple(
            str(item["question"]).strip()
            for item in data.get("starter", [])
            if isinstance(item, dict) and str(item.get("question", "")).strip()
        )
        glossary = {str(k): str(v) for k, v in (data.get("glossary") or {}).items()}
        return cls(questions, glossary)


def _sentence_around(text: str, start: int, end: int) -> tuple[str, int]:
    left = max(text.rfind(". ", 0, start) + 2, text.rfind("\n", 0, start) + 1, 0)
    right_candidates = [i for i in (text.find(". ", end), text.find("\n", end)) if i != -1]
    right = min(right_candidates) + 1 if right_candidates else len(text)
    return text[left:right].strip(), left


def _is_subsequence(needle: list[str], haystack: list[str]) -> bool:
    rest = iter(haystack)
    return all(any(letter == h for h in rest) for letter in needle)


def spelled_out(before: str, acronym: str) -> str:
    """The words just before "(ACRONYM)" that spell it out, or "" when none plausibly do.

    Two ways a name is written: its words' initials give the acronym ("Tiêu chuẩn Đo lường
    Chất lượng (TCĐLCL)", "Asian Productivity Organization (APO)"), the shortest such run is
    taken; or it is the Vietnamese translation of a foreign acronym ("Cơ quan Tiêu chuẩn và
    Công nghệ Hàn Quốc (KATS)"), whose initials cannot match: then the name is the phrase
    after the last word that leads into it, started at its first capitalised word if it has
    one, and only a phrase of 2 to ``MAX_EXPANSION_WORDS`` words counts."""
    words = _CLAUSE_BREAK.split(before)[-1].split()
    letters = [c for c in acronym.casefold() if c.isalpha()]
    if not words or not letters:
        return ""
    initials = [w[0].casefold() for w in words]
    for start in range(len(words) - 1, -1, -1):
        if len(words) - start > MAX_EXPANSION_WORDS:
            break
        matches = initials[start] == letters[0] and _is_subsequence(letters, initials[start:])
        if matches and len(words) - start >= 2:
            return " ".join(words[start:])
    cut = -1
    for i, word in enumerate(words):
        lowered = word.casefold()
        following = words[i + 1] if i + 1 < len(words) else ""
        if lowered in _LEAD_INS and not (lowered in _JOINERS and following[:1].isupper()):
            cut = i
    phrase = words[cut + 1 :]
    capitalised = [i for i, w in enumerate(phrase) if w[:1].isupper()]
    if capitalised:
        phrase = phrase[capitalised[0] :]
    while phrase and phrase[0].casefold() in _DETERMINERS:
        phrase = phrase[1:]
    if not 2 <= len(phrase) <= MAX_EXPANSION_WORDS or acronym in phrase:
        return ""
    if not capitalised and len(phrase) > 2 * len(letters):
        return ""  # no capital to mark a name: only a phrase about as long as the acronym
    if not any(c.isalpha() for c in phrase[-1]):
        return ""  # "… nhiệm kỳ 2020-2021 (X)": a date or number, not a name
    if not any(c.isalpha() and c.islower() for c in " ".join(phrase)):
        return ""  # only capitals and digits: other acronyms, not a spelled-out name
    return " ".join(phrase)


def build_glossary(
    documents: Iterable[tuple[DocumentSummary, str]], curated: dict[str, str]
) -> list[GlossaryEntry]:
    """Every acronym the documents use (at least twice, spelled out, or curated),
    alphabetically, with the curated expansion and the sentence that spells it out — "Tổ chức
    Năng suất Châu Á (APO)" — or, failing that, its first use (oldest document first)."""
    ordered = sorted(documents, key=lambda d: (d[0].date or "9999", d[0].doc_id))
    uses: dict[str, int] = {}
    first: dict[str, tuple[DocumentSummary, str, int]] = {}
    defined: dict[str, tuple[DocumentSummary, str, int]] = {}
    for info, text in ordered:
        for match in ACRONYM.finditer(text):
            acronym = match.group(0)
            if len(acronym) < 2 or acronym.isdigit() or acronym in _NOT_ACRONYMS:
                continue
            uses[acronym] = uses.get(acronym, 0) + 1
            context, offset = _sentence_around(text, match.start(), match.end())
            first.setdefault(acronym, (info, context, offset))
    spelled: dict[str, str] = {}
    for info, text in ordered:
        for acronym in uses:
            if acronym in spelled:
                continue
            for match in re.finditer(rf"\(\s*{re.escape(acronym)}\s*\)", text):
                expansion = spelled_out(text[max(0, match.start() - 300) : match.start()], acronym)
                if expansion:
                    spelled[acronym] = expansion
                    context, offset = _sentence_around(text, match.start(), match.end())
                    defined[acronym] = (info, context, offset)
                    break
    for info, text in ordered:
        for acronym in uses:
            if acronym in defined:
                continue
            pattern = _EXPANSION_BEFORE.pattern.replace("{acronym}", re.escape(acronym))
            match = re.search(pattern, text)
            if match:
                context, offset = _sentence_around(text, match.start(), match.end())
                defined[acronym] = (info, context, offset)

    entries = []
    for acronym in sorted(uses, key=lambda a: a.casefold()):
        if uses[acronym] < MIN_USES and acronym not in curated and acronym not in defined:
            continue
        info, context, offset = defined.get(acronym) or first[acronym]
        entries.append(
            GlossaryEntry(
                acronym=acronym,
                expansion=curated.get(acronym) or spelled.get(acronym, ""),
                uses=uses[acronym],
                doc_id=info.doc_id,
                title=info.title,
                date=info.date,
                context=context,
                char_start=offset,
            )
        )
    return entries
