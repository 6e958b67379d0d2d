"""Which language a question is in: the answer follows it (Vietnamese by default)."""

from __future__ import annotations

import re

from index.diacritics import has_diacritics
from index.vietnamese import ENGLISH_WORDS

_WORD = re.compile(r"[A-Za-z]+")


def detect_language(text: str) -> str:
    """'en' for an English question, else 'vi' (also for Vietnamese typed without accents)."""
    if has_diacritics(text):
        return "vi"
    words = [w.lower() for w in _WORD.findall(text)]
    english = sum(w in ENGLISH_WORDS for w in words)
    return "en" if words and english >= max(1, len(words) // 4) else "vi"
