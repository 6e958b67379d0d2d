"""Turn a follow-up into a standalone question before retrieval.

"Còn lần đầu tiên là năm nào?" only makes sense with the turn before it; retrieval gets the
follow-up plus the earlier user question it leans on, while the model still sees the history.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from assistant.language import detect_language
from assistant.limits import RequestLimits
from index.vietnamese import FOLLOW_UP

# The earlier turn folded into the query is held to a question's length: a history turn may
# be longer (an answer with its quotes), and 20 KB of it once cost 8.6 s of retrieval.
MAX_FOLDED_CHARS = RequestLimits().max_question_chars

# Openers and references that mark a question as leaning on the previous turn. Matched on
# the accented text: folding would make "đó" (that) equal "đo" (measure).
_SHORT = 6  # words: a question this short rarely stands alone


def is_follow_up(question: str) -> bool:
    text = question.strip()
    return bool(FOLLOW_UP.search(text)) or len(text.split()) <= _SHORT


def last_user_question(history: Sequence[dict[str, Any]]) -> str:
    for turn in reversed(history):
        if turn.get("role") == "user" and str(turn.get("content", "")).strip():
            return str(turn["content"]).strip()
    return ""


def standalone_question(
    question: str,
    history: Sequence[dict[str, Any]] | None,
    max_chars: int = MAX_FOLDED_CHARS,
) -> str:
    """The question to retrieve with: the follow-up joined to (the first ``max_chars``
    characters of) the question it refers to."""
    question = question.strip()
    previous = last_user_question(history or [])
    if not previous or not is_follow_up(question):
        return question
    previous = previous[:max_chars].rstrip()
    return f"{question} ({previous})"


@dataclass(frozen=True)
class Query:
    """A question as the pipeline reads it: the condense stage's output."""

    text: str  # as asked
    standalone: str  # what retrieval searches with: ``text`` with the turn it leans on
    language: str  # "vi" or "en": the answer's language
    history: Sequence[dict[str, Any]] = field(default=())

    @property
    def follow_up(self) -> bool:
        """The question was widened with an earlier turn (``standalone`` is stripped: stray
        spaces around a question widen nothing)."""
        return self.standalone != self.text.strip()


def condense(
    question: str,
    history: Sequence[dict[str, Any]] | None,
    max_chars: int = MAX_FOLDED_CHARS,
) -> Query:
    """The condense stage: the question, its standalone form and its language."""
    return Query(
        text=question,
        standalone=standalone_question(question, history, max_chars),
        language=detect_language(question),
        history=tuple(history or ()),
    )
