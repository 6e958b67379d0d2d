"""Inline ``[n]`` citation markers (parse, validate against the passages, strip), and the
cite stage that numbers an answer's passages and writes the markers."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from assistant.answer import Citation
from assistant.support import SupportResult
from index import Hit, fold

MARKER = re.compile(r"\[(\d{1,3}(?:\s*,\s*\d{1,3})*)\]")


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
                    hit=self.passages[claim.passage],
                    support_start=claim.support.start,
                    support_end=claim.support.end,
                )
            )
        if body[-1] not in ".!?…":
            body += "."
        part = f"{body[:-1]} [{self._numbering[claim.passage]}]{body[-1]}"
        self.claims.append(claim)
        self.parts.append(part)
        return part

    def cited(self, prefix: str = "") -> Cited:
        """The answer so far: the sentences joined, after ``prefix``."""
        return Cited(prefix + " ".join(self.parts), list(self.citations))


def cite(claims: Sequence[Claim], passages: Sequence[Hit], prefix: str = "") -> Cited:
    """The cite stage for claims known at once (a quoted answer)."""
    citer = Citer(passages)
    for claim in claims:
        citer.add(claim)
    return citer.cited(prefix)
