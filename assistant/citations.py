"""Inline ``[n]`` citation markers: parse, validate against the passages, strip."""

from __future__ import annotations

import re

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
