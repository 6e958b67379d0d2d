"""One request policy for every way in (REST, OpenAI-compatible API, chat page, CLI): how
long a question, each history turn and a whole request may be. The retrieval query and the
prompt are built from what passed it, so no path reaches the embedder or the model with more.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any


def _count(n: int) -> str:
    return f"{n:,}".replace(",", ".")  # Vietnamese groups thousands with dots


class RequestTooLong(ValueError):
    """A request over the limits; ``str()`` is a Vietnamese message fit to show the user."""


@dataclass(frozen=True)
class RequestLimits:
    max_question_chars: int = 2000
    max_history_turns: int = 20  # older turns are dropped, not refused
    max_turn_chars: int = 4000  # an earlier answer with its quotes runs longer than a question
    max_total_chars: int = 40_000  # question plus the history that is kept
    # Of the kept history the model's prompt reads only the last few turns, each cut short: a
    # short memory keeps the prompt small on a 2-core CPU (retrieval folds in the last user
    # question, at most ``max_question_chars`` of it: ``assistant.condense``).
    prompt_history_turns: int = 4
    prompt_turn_chars: int = 600

    def check(
        self, question: str, history: Sequence[dict[str, Any]] | None = None
    ) -> list[dict[str, Any]]:
        """The history to use (its last ``max_history_turns``) if the request is within
        limits; raises ``RequestTooLong`` naming the limit otherwise."""
        if len(question) > self.max_question_chars:
            raise RequestTooLong(
                f"Câu hỏi dài {_count(len(question))} ký tự, quá giới hạn "
                f"{_count(self.max_question_chars)} ký tự; hãy rút gọn câu hỏi."
            )
        kept = list(history or [])[-self.max_history_turns :] if self.max_history_turns else []
        total = len(question)
        for number, turn in enumerate(kept, start=1):
            length = len(str(turn.get("content", "")))
            if length > self.max_turn_chars:
                raise RequestTooLong(
                    f"Lượt hội thoại thứ {number} dài {_count(length)} ký tự, quá giới hạn "
                    f"{_count(self.max_turn_chars)} ký tự."
                )
            total += length
        if total > self.max_total_chars:
            raise RequestTooLong(
                f"Câu hỏi cùng lịch sử hội thoại dài {_count(total)} ký tự, quá giới hạn "
                f"{_count(self.max_total_chars)} ký tự; hãy bắt đầu cuộc trò chuyện mới."
            )
        return kept
