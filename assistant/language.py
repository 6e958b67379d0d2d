"""Which language a question is in: the answer follows it (Vietnamese by default)."""

from __future__ import annotations

import re

from index.diacritics import has_diacritics

# English function words that are not also unaccented Vietnamese syllables (the, do, to,
# an, can, it… are: "nhu the nao", "can bo", "it nhat").
_ENGLISH = frozenset(
    (
        "what who whom whose when where which why how is are was were does did of and "
        "many much for with from about its this that these those could should would "
        "please tell explain list name year years stand meaning "
    ).split()
)
_WORD = re.compile(r"[A-Za-z]+")


def detect_language(text: str) -> str:
    """'en' for an English question, else 'vi' (also for Vietnamese typed without accents)."""
    if has_diacritics(text):
        return "vi"
    words = [w.lower() for w in _WORD.findall(text)]
    english = sum(w in _ENGLISH for w in words)
    return "en" if words and english >= max(1, len(words) // 4) else "vi"
