"""👍 / 👎 on answers, kept durably (SQLite in the data dir) for evaluators; exported as CSV."""

from __future__ import annotations

import csv
import json
import sqlite3
import threading
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TextIO

from assistant.answer import Answer

COLUMNS = (
    "id",
    "created_at",
    "rating",
    "comment",
    "question",
    "answer",
    "abstained",
    "mode",
    "model",
    "citations",
)
MAX_COMMENT_CHARS = 5000


class FeedbackStore:
    def __init__(self, data_dir: Path) -> None:
        data_dir.mkdir(parents=True, exist_ok=True)
        self.path = data_dir / "feedback.sqlite"
        self._lock = threading.Lock()
        with self._connect() as db:
            db.execute(
                "CREATE TABLE IF NOT EXISTS feedback ("
                " id INTEGER PRIMARY KEY AUTOINCREMENT, created_at TEXT NOT NULL,"
                " rating INTEGER NOT NULL CHECK (rating IN (-1, 1)), comment TEXT NOT NULL,"
                " question TEXT NOT NULL, answer TEXT NOT NULL, abstained INTEGER NOT NULL,"
                " mode TEXT NOT NULL, model TEXT NOT NULL, citations TEXT NOT NULL)"
            )

    def _connect(self) -> sqlite3.Connection:
        db = sqlite3.connect(self.path, timeout=30)
        db.execute("PRAGMA journal_mode=WAL")  # readers (export) never block the app
        return db

    def add(self, answer: dict[str, Any] | Answer, rating: int, comment: str = "") -> int:
        """Stores one rating (+1 / -1) of an answer (``Answer`` or its JSON); returns its id."""
        if rating not in (-1, 1):
            raise ValueError("rating phải là 1 (👍) hoặc -1 (👎)")
        data = answer.to_json() if isinstance(answer, Answer) else answer
        citations = [
            {k: c.get(k) for k in ("n", "doc_id", "title", "chunk_id", "support")}
            for c in data.get("citations") or []
            if isinstance(c, dict)
        ]
        row = (
            datetime.now(UTC).isoformat(timespec="seconds"),
            rating,
            str(comment or "")[:MAX_COMMENT_CHARS],
            str(data.get("question", "")),
            str(data.get("answer", "")),
            int(bool(data.get("abstained"))),
            str(data.get("mode", "")),
            str(data.get("model", "")),
            json.dumps(citations, ensure_ascii=False),
        )
        with self._lock, self._connect() as db:
            cursor = db.execute(
                "INSERT INTO feedback (created_at, rating, comment, question, answer, abstained,"
                " mode, model, citations) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                row,
            )
            return int(cursor.lastrowid or 0)

    def comment(self, feedback_id: int, comment: str) -> bool:
        """Adds (replaces) the comment of a stored rating; False if there is no such rating."""
        with self._lock, self._connect() as db:
            cursor = db.execute(
                "UPDATE feedback SET comment = ? WHERE id = ?",
                (str(comment or "")[:MAX_COMMENT_CHARS], int(feedback_id)),
            )
            return cursor.rowcount == 1

    def rows(self) -> list[dict[str, Any]]:
        with self._connect() as db:
            db.row_factory = sqlite3.Row
            return [dict(r) for r in db.execute("SELECT * FROM feedback ORDER BY id")]

    def export_csv(self, out: TextIO) -> int:
        """Writes every rating as CSV (UTF-8, header row); returns the number of rows."""
        rows = self.rows()
        writer = csv.DictWriter(out, fieldnames=COLUMNS)
        writer.writeheader()
        writer.writerows(rows)
        return len(rows)
