"""👍 / 👎 on answers, kept durably (SQLite in the data dir) for evaluators; exported as CSV.

Ratings that come over the network are bound to answers this data dir's server gave: each
served answer carries ``answer_id``, an HMAC of exactly what a rating stores (question, answer,
mode, model, citations), under a key kept next to the database. A client can rate an answer it
was given, but cannot make up one.
"""

from __future__ import annotations

import contextlib
import csv
import hashlib
import hmac
import json
import os
import secrets
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
CITATION_KEYS = ("n", "doc_id", "title", "chunk_id", "support")
MAX_COMMENT_CHARS = 5000
# A spreadsheet reads a cell starting with one of these as a formula (OWASP "CSV injection").
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def _private_file(path: Path) -> None:
    """Creates ``path`` readable by its owner only (staff questions and comments are in it),
    and tightens one an older version left readable by all."""
    os.close(os.open(path, os.O_CREAT | os.O_RDWR, 0o600))
    with contextlib.suppress(OSError):  # not ours to change (another user's): leave it
        os.chmod(path, 0o600)


def _load_key(path: Path) -> bytes:
    """The signing key of this data dir, made on first use. Written whole under a temporary
    name, then linked into place: a server starting beside us reads a full key or makes none."""
    if not path.exists():
        temporary = path.with_name(f".{path.name}.{secrets.token_hex(8)}")
        descriptor = os.open(temporary, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
        with os.fdopen(descriptor, "wb") as out:
            out.write(secrets.token_bytes(32))
        try:
            os.link(temporary, path)
        except FileExistsError:
            pass  # another process was first: use its key
        finally:
            temporary.unlink()
    return path.read_bytes()


def stored_fields(data: dict[str, Any]) -> dict[str, Any]:
    """What a rating keeps of an answer's JSON (and what ``answer_id`` vouches for)."""
    return {
        "question": data.get("question", ""),
        "answer": data.get("answer", ""),
        "abstained": bool(data.get("abstained")),
        "mode": data.get("mode", ""),
        "model": data.get("model", ""),
        "citations": [
            {k: c.get(k) for k in CITATION_KEYS}
            for c in data.get("citations") or []
            if isinstance(c, dict)
        ],
    }


def neutralise(cell: Any) -> Any:
    """A text cell that a spreadsheet would run as a formula, made text: a leading ``'`` is
    how Excel and LibreOffice mark a cell as literal. Numbers the store wrote stay numbers."""
    if isinstance(cell, str) and cell.startswith(FORMULA_TRIGGERS):
        return "'" + cell
    return cell


class FeedbackStore:
    def __init__(self, data_dir: Path) -> None:
        data_dir.mkdir(parents=True, exist_ok=True)
        self.path = data_dir / "feedback.sqlite"
        _private_file(self.path)  # SQLite gives its -wal/-shm files the database's mode
        for companion in (data_dir / "feedback.sqlite-wal", data_dir / "feedback.sqlite-shm"):
            if companion.exists():
                _private_file(companion)
        self._key = _load_key(data_dir / "feedback.key")
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

    def sign(self, answer: dict[str, Any] | Answer) -> str:
        """The ``answer_id`` of an answer served to a client: feedback must bring it back."""
        data = answer.to_json() if isinstance(answer, Answer) else answer
        canonical = json.dumps(
            stored_fields(data), ensure_ascii=False, sort_keys=True, separators=(",", ":")
        )
        return hmac.new(self._key, canonical.encode(), hashlib.sha256).hexdigest()

    def verify(self, answer: dict[str, Any], answer_id: str) -> bool:
        """Whether ``answer_id`` is this store's signature of ``answer`` (unchanged)."""
        return hmac.compare_digest(self.sign(answer).encode(), answer_id.encode())

    def add(self, answer: dict[str, Any] | Answer, rating: int, comment: str = "") -> int:
        """Stores one rating (+1 / -1) of an answer (``Answer`` or its JSON); returns its id."""
        if rating not in (-1, 1):
            raise ValueError("rating phải là 1 (👍) hoặc -1 (👎)")
        data = stored_fields(answer.to_json() if isinstance(answer, Answer) else answer)
        row = (
            datetime.now(UTC).isoformat(timespec="seconds"),
            rating,
            str(comment or "")[:MAX_COMMENT_CHARS],
            str(data["question"]),
            str(data["answer"]),
            int(data["abstained"]),
            str(data["mode"]),
            str(data["model"]),
            json.dumps(data["citations"], ensure_ascii=False),
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
        """Writes every rating as CSV to a UTF-8 text stream, starting with a byte order mark
        (Excel otherwise reads Vietnamese as mojibake), no cell a spreadsheet would run as a
        formula; returns the number of rows."""
        rows = self.rows()
        out.write("\ufeff")
        writer = csv.DictWriter(out, fieldnames=COLUMNS)
        writer.writeheader()
        writer.writerows({k: neutralise(v) for k, v in row.items()} for row in rows)
        return len(rows)
