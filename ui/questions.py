"""What is kept of each question asked (issue 17): the record the history, the dashboard
("Thống kê"), ``hoidap stats`` and the unanswered-questions report all read.

One row per answered request, whatever the channel; the chat page's rows also belong to a
conversation (the user's history). Written by ``ui.history`` into the app database
(``ui.database``: SQLite in the data dir, or PostgreSQL), read back as ``QuestionRecord``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

# Where a question came from.
CHAT = "chat"  # the chat page
API = "api"  # POST /api/ask
OPENAI = "openai"  # POST /v1/chat/completions
CHANNELS = (CHAT, API, OPENAI)

# How the dashboard groups ``assistant.AnswerPath`` values ("answer path" chart).
PATH_GROUPS = {
    "quoted": "Trích dẫn",
    "quoted_provision": "Trích dẫn",
    "generated": "Mô hình",
    "fell_back_unsupported": "Mô hình → trích dẫn",
    "fell_back_declined": "Mô hình → trích dẫn",
    "fell_back_llm_error": "Mô hình → trích dẫn",
    "abstained": "Không có trong tài liệu",
}


@dataclass(frozen=True)
class QuestionRecord:
    id: int
    at: datetime  # when it was asked, UTC, timezone-aware
    user: str  # Principal.name
    channel: str  # CHANNELS
    conversation_id: str | None  # the chat page's conversation; None for API calls
    question: str  # as asked ("" once the retention setting has dropped it)
    answer: str
    path: str  # assistant.AnswerPath value
    abstained: bool
    latency_ms: float  # from question to final answer
    cited_doc_ids: tuple[str, ...]  # documents cited, in citation order, without repeats
    rating: int | None  # the last 👍 (1) / 👎 (-1) given to it; None when not rated
