"""Which language a question is in: the answer follows it (Vietnamese by default)."""

from __future__ import annotations

import re

from index.diacritics import has_diacritics
from index.vietnamese import ENGLISH_WORDS, VIETNAMESE_SYLLABLE

_WORD = re.compile(r"[A-Za-z]+")
# Words that cannot be Vietnamese syllables, among a question's common words (names and
# acronyms left out), that make it English: at least this many and this share. Vietnamese
# typed without accents keeps its syllables' shape; a foreign name typed in lower case ("cha
# cua will smith") stays under both.
MIN_FOREIGN_WORDS = 3
MIN_FOREIGN_SHARE = 0.5


def detect_language(text: str) -> str:
    """'en' for an English question, else 'vi' (also for Vietnamese typed without accents)."""
    if has_diacritics(text):
        return "vi"
    found = _WORD.findall(text)
    words = [w.lower() for w in found]
    # "that" is also "thật" typed without accents: only a word no syllable has counts.
    english = sum(w in ENGLISH_WORDS and not VIETNAMESE_SYLLABLE.fullmatch(w) for w in words)
    if words and english >= max(1, len(words) // 4):
        return "en"
    # Common words only: a capital after the first word is a name or an acronym.
    common = [w.lower() for i, w in enumerate(found) if i == 0 or not w[0].isupper()]
    foreign = sum(not VIETNAMESE_SYLLABLE.fullmatch(w) for w in common)
    if foreign >= MIN_FOREIGN_WORDS and foreign >= MIN_FOREIGN_SHARE * len(common):
        return "en"
    return "vi"
