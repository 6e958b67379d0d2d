"""One request policy for every way in (REST, OpenAI-compatible API, chat page, CLI): how
long a question, each history turn and a whole request may be. The retrieval query and the
prompt are built from what passed it, so no path reaches the embedder or the model with more.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from index.filters import SearchFilters


def _count(n: int) -> str:
    return f"{n:,}".replace(",", ".")  # Vietnamese groups thousands with dots


class RequestTooLong(ValueError):
    """A request over the limits; ``str()`` is a Vietnamese message fit to show the user."""


class InvalidFilters(ValueError):
    """Filters a search cannot take; ``reasons`` are "field: what is wrong" in Vietnamese."""

    def __init__(self, reasons: list[str]) -> None:
        super().__init__("Bộ lọc không hợp lệ: " + "; ".join(reasons))
        self.reasons = reasons


# A date as an ISO day, or as Vietnamese write it (dd/mm/yyyy, dd-mm-yyyy, dd.mm.yyyy).
_VI_DATE = re.compile(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})")


def _iso_day(text: str) -> str | None:
    text = text.strip()
    match = _VI_DATE.fullmatch(text)
    try:
        if match:
            return date(int(match[3]), int(match[2]), int(match[1])).isoformat()
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
            return date.fromisoformat(text).isoformat()
    except ValueError:
        return None
    return None


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
    # Filters (issue 16): whether a request that says nothing of validity searches only the
    # documents in force (those with no validity data always stay). Off for a bare policy (a
    # test's); the product's default, on, is hoidap.settings'. Each list and value is bounded.
    in_force_only: bool = False
    max_filter_values: int = 50
    max_filter_chars: int = 200

    def filters(
        self,
        in_force_only: bool | None = None,
        doc_types: Iterable[str] = (),
        issuers: Iterable[str] = (),
        doc_ids: Iterable[str] = (),
        date_from: str = "",
        date_to: str = "",
    ) -> SearchFilters:
        """A request's filters, checked: ``in_force_only`` None is the policy's default; blank
        values are dropped, dates read as ISO or dd/mm/yyyy. Raises ``InvalidFilters`` naming
        each bad field."""
        reasons: list[str] = []
        lists: dict[str, tuple[str, ...]] = {}
        for name, values in (("doc_types", doc_types), ("issuers", issuers), ("doc_ids", doc_ids)):
            given = list(values)  # bounded as sent, before repeats are merged
            kept = tuple(dict.fromkeys(v.strip() for v in given if v and v.strip()))
            if len(given) > self.max_filter_values:
                reasons.append(f"{name}: nhiều quá {self.max_filter_values} giá trị")
            if any(len(v) > self.max_filter_chars for v in kept):
                reasons.append(f"{name}: mỗi giá trị dài tối đa {self.max_filter_chars} ký tự")
            lists[name] = kept
        days: dict[str, str] = {}
        for name, value in (("date_from", date_from), ("date_to", date_to)):
            value = (value or "").strip()
            day = _iso_day(value) if value else ""
            if day is None:
                shown = value[:40]
                reasons.append(
                    f"{name}: '{shown}' không phải ngày hợp lệ (YYYY-MM-DD hoặc dd/mm/yyyy)"
                )
            days[name] = day or ""
        if days["date_from"] and days["date_to"] and days["date_from"] > days["date_to"]:
            reasons.append("date_from: ngày bắt đầu sau ngày kết thúc")
        if reasons:
            raise InvalidFilters(reasons)
        return SearchFilters(
            in_force_only=self.in_force_only if in_force_only is None else in_force_only,
            doc_types=lists["doc_types"],
            issuers=lists["issuers"],
            doc_ids=lists["doc_ids"],
            date_from=days["date_from"],
            date_to=days["date_to"],
        )

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
