"""A way into the corpus for new employees: the documents, starter questions, and a glossary of
the acronyms the documents use, each with where it is spelled out or first used."""

from __future__ import annotations

import tomllib
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from index.vietnamese import acronyms_in, name_before, spelled_in, spelled_out

# ``spelled_out`` is imported from here too (tests, the glossary's users).
__all__ = [
    "DocumentSummary",
    "GlossaryEntry",
    "Onboarding",
    "build_glossary",
    "spelled_out",
]

# Curated acronyms apart, one used only once and never explained is noise in a glossary.
MIN_USES = 2


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
    # A starter's ``doc_id`` (a string or a list) when the file names the documents it is
    # about: shown only to readers of all of them (``Library.starters``).
    starter_documents: dict[str, tuple[str, ...]] = field(default_factory=dict)

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
        starters = [
            item
            for item in data.get("starter", [])
            if isinstance(item, dict) and str(item.get("question", "")).strip()
        ]
        questions = tuple(str(item["question"]).strip() for item in starters)
        documents: dict[str, tuple[str, ...]] = {}
        for question, item in zip(questions, starters, strict=True):
            named = item.get("doc_id") or ()
            named = [named] if isinstance(named, str) else named
            if named:
                documents[question] = tuple(str(d) for d in named)
        glossary = {str(k): str(v) for k, v in (data.get("glossary") or {}).items()}
        return cls(questions, glossary, documents)


def _sentence_around(text: str, start: int, end: int) -> tuple[str, int]:
    left = max(text.rfind(". ", 0, start) + 2, text.rfind("\n", 0, start) + 1, 0)
    right_candidates = [i for i in (text.find(". ", end), text.find("\n", end)) if i != -1]
    right = min(right_candidates) + 1 if right_candidates else len(text)
    return text[left:right].strip(), left


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
        for match in acronyms_in(text):
            acronym = match.group(0)
            uses[acronym] = uses.get(acronym, 0) + 1
            context, offset = _sentence_around(text, match.start(), match.end())
            first.setdefault(acronym, (info, context, offset))
    spelled: dict[str, str] = {}
    for info, text in ordered:
        for acronym in uses:
            if acronym in spelled:
                continue
            if found := spelled_in(text, acronym):
                spelled[acronym], match = found
                context, offset = _sentence_around(text, match.start(), match.end())
                defined[acronym] = (info, context, offset)
    for info, text in ordered:
        for acronym in uses:
            if acronym in defined:
                continue
            match = name_before(text, acronym)
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
