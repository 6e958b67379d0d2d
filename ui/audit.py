"""An append-only record of who did what, when, in the app database (``ui.database``).

One table of events (who, when in UTC ISO 8601, action, what, outcome, details as JSON), so
new kinds of action are new ``action`` values, not new tables: uploads and removals of
documents, sign-ins (successful and refused), questions (who and when; the text only when
``HOIDAP_AUDIT_QUESTION_TEXT`` allows) and exports. Rows are never changed or deleted: the
database refuses UPDATE and DELETE (SQLite triggers, a PostgreSQL trigger function), so even
code that tried could not rewrite the history. An admin exports it as CSV
(``GET /api/audit.csv``, the "Quản lý tài liệu" tab).
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO

from sqlalchemy import insert, select

from ui.csv_export import write_csv
from ui.database import Database, audit_events, dumps, now_iso

# The actions recorded (``action``); outcomes are "ok", "partial", "refused", "failed",
# "forbidden", "not_found".
UPLOAD = "upload"
REMOVE = "remove"
SIGN_IN = "sign_in"
QUESTION = "question"
EXPORT = "export"
COLUMNS = ("id", "at", "actor", "action", "target", "outcome", "details")
_log = logging.getLogger("hoidap.audit")


@dataclass(frozen=True)
class AuditEvent:
    id: int
    at: str  # UTC, ISO 8601
    actor: str
    action: str  # "upload", "remove", "sign_in", "question", "export"
    target: str  # what was acted on: file names, document ids, the question (when kept)
    outcome: str  # "ok", "partial", "refused", "failed", "forbidden", "not_found"
    details: dict[str, Any]


class AuditLog:
    def __init__(self, database: Database | Path) -> None:
        # A data dir (as before the app database): its default SQLite database.
        self.database = database if isinstance(database, Database) else Database.open(database)
        self.path = self.database.path

    def record(
        self,
        actor: str,
        action: str,
        target: str,
        outcome: str,
        details: dict[str, Any] | None = None,
    ) -> int:
        with self.database.begin() as db:
            result = db.execute(
                insert(audit_events).values(
                    at=now_iso(),
                    actor=actor,
                    action=action,
                    target=target,
                    outcome=outcome,
                    details=dumps(details or {}),
                )
            )
            return int(result.inserted_primary_key[0])

    def sign_in(self, name: str, client: str, succeeded: bool) -> None:
        """The authenticator's callback (``Authenticator.on_sign_in``): a sign-in, or a
        refused one, from ``client`` (its address). Never raises: a sign-in does not fail
        because the audit database is briefly unreachable (it is logged)."""
        try:
            self.record(
                name, SIGN_IN, client, "ok" if succeeded else "refused", {"address": client}
            )
        except Exception:
            _log.exception("could not write a sign-in to the audit log")

    def events(self, limit: int | None = 200) -> list[AuditEvent]:
        """The latest events, newest first (all of them when ``limit`` is None)."""
        query = select(*(audit_events.c[name] for name in COLUMNS)).order_by(
            audit_events.c.id.desc()
        )
        if limit is not None:
            query = query.limit(limit)
        with self.database.begin() as db:
            rows = db.execute(query).all()
        return [AuditEvent(*row[:6], json.loads(row[6])) for row in rows]

    def export_csv(self, out: TextIO, actor: str) -> int:
        """Every event, oldest first, as CSV (UTF-8 BOM, no cell a spreadsheet would run);
        the export is itself recorded, after them. Returns the number of rows written."""
        rows = [
            {**event.__dict__, "details": dumps(event.details)}
            for event in reversed(self.events(None))
        ]
        write_csv(out, COLUMNS, rows)
        self.record(actor, EXPORT, "audit.csv", "ok", {"rows": len(rows)})
        return len(rows)
