"""Text normalisation for matching: diacritic folding and tone-mark placement.

Vietnamese users often type without diacritics, and the corpus itself mixes the old
("hoá") and new ("hóa") tone placement, so both sides of a match go through here.
"""

from __future__ import annotations

import re
import unicodedata

# Old style puts the tone on the second vowel of open syllables ending in oa/oe/uy
# ("hoá", "thuý"); the new style puts it on the first ("hóa", "thúy"). Both strings have
# the same length, so character spans survive the rewrite.

_OLD_TONE = re.compile(r"(?<![qQ])([oOuU])([aAeEyY][\u0301\u0300\u0309\u0303\u0323])(?!\w)")


def _move_tone(match: re.Match[str]) -> str:
    first, second = match.group(1), match.group(2)
    pair = (first + second[0]).lower()
    if pair not in ("oa", "oe", "uy"):
        return match.group(0)
    return first + second[1] + second[0]


def normalize_tone(text: str) -> str:
    """Rewrite old-style tone placement (hoá, thuý) to the new style (hóa, thúy)."""
    decomposed = unicodedata.normalize("NFD", text)
    return unicodedata.normalize("NFC", _OLD_TONE.sub(_move_tone, decomposed))


def strip_diacritics(text: str) -> str:
    """Remove every diacritic, keeping case: 'Tiêu chuẩn Đo lường' -> 'Tieu chuan Do luong'."""
    decomposed = unicodedata.normalize("NFD", text)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return stripped.replace("đ", "d").replace("Đ", "D")


def fold(text: str) -> str:
    """Lower-case, diacritic-free form used by the lexical index."""
    return strip_diacritics(text).lower()


MAX_MARKS = 2  # diacritics one letter carries: Vietnamese "ệ" has two (circumflex, dot below)


def collapse_marks(text: str) -> str:
    """``text`` with at most ``MAX_MARKS`` combining marks on a letter, counting those composed
    into it: after NFC a Vietnamese letter has none left, while "A" followed by 8,000 acute
    accents (one embedder token each, 46 s to embed) keeps one."""
    kept: list[str] = []
    budget = MAX_MARKS
    for ch in text:
        if unicodedata.combining(ch):
            if budget > 0:
                kept.append(ch)
                budget -= 1
            continue
        kept.append(ch)
        budget = MAX_MARKS - (len(unicodedata.normalize("NFD", ch)) - 1)
    return "".join(kept)


def for_embedding(text: str) -> str:
    """The form of a text the embedder sees (same for passages and queries)."""
    return normalize_tone(collapse_marks(unicodedata.normalize("NFC", text)))
