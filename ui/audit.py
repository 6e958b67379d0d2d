"""An append-only record of who did what, when: ``<data dir>/audit.sqlite3``.

One table of events (who, when in UTC ISO 8601, action, what, outcome, details as JSON), so
new kinds of action (sign-ins, questions, exports) are new ``action`` values, not new tables.
Rows are never changed or deleted: SQLite triggers refuse UPDATE and DELETE, so even code that
tried could not rewrite the history.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

_SCHEMA = """
CREATE TABLE IF NOT EXISTS events (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    at TEXT NOT NULL,
    actor TEXT NOT NULL,
    action TEXT NOT NULL,
    target TEXT NOT NULL,
    outcome TEXT NOT NULL,
    details TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX IF NOT EXISTS events_at ON events (at);
CREATE TRIGGER IF NOT EXISTS events_no_update BEFORE UPDATE ON events
BEGIN SELECT RAISE(ABORT, 'audit log is append-only'); END;
CREATE TRIGGER IF NOT EXISTS events_no_delete BEFORE DELETE ON events
BEGIN SELECT RAISE(ABORT, 'audit log is append-only'); END;
"""


@dataclass(frozen=True)
class AuditEvent:
    id: int
    at: str  # UTC, ISO 8601
    actor: str
    action: str  # "upload", "remove", …
    target: str  # what was acted on: file names, document ids
    outcome: str  # "ok", "partial", "refused", "failed"
    details: dict[str, Any]


class AuditLog:
    def __init__(self, data_dir: Path) -> None:
        self.path = data_dir / "audit.sqlite3"
        data_dir.mkdir(parents=True, exist_ok=True)
        with self._connect() as db:
            db.executescript(_SCHEMA)
        self.path.chmod(0o600)  # names of staff and of documents

    @contextmanager
    def _connect(self) -> Iterator[sqlite3.Connection]:
        # One connection per call: handlers run in many threads.
        db = sqlite3.connect(self.path, timeout=30)
        try:
            with db:
                yield db
        finally:
            db.close()

    def record(
        self,
        actor: str,
        action: str,
        target: str,
        outcome: str,
        details: dict[str, Any] | None = None,
    ) -> int:
        at = datetime.now(UTC).isoformat(timespec="seconds")
        with self._connect() as db:
            cursor = db.execute(
                "INSERT INTO events (at, actor, action, target, outcome, details) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                (at, actor, action, target, outcome, json.dumps(details or {}, ensure_ascii=False)),
            )
            return int(cursor.lastrowid or 0)

    def events(self, limit: int = 200) -> list[AuditEvent]:
        """The latest events, newest first."""
        with self._connect() as db:
            rows = db.execute(
                "SELECT id, at, actor, action, target, outcome, details FROM events "
                "ORDER BY id DESC LIMIT ?",
                (limit,),
            ).fetchall()
        return [AuditEvent(*row[:6], json.loads(row[6])) for row in rows]
