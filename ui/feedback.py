"""👍 / 👎 on answers, kept durably in the app database (``ui.database``) for evaluators;
exported as CSV. A rating of a recorded question also sets that question's ``rating``.

Ratings that come over the network are bound to answers this server (or a replica sharing its
database) gave: each served answer carries ``answer_id``, an HMAC of exactly what a rating
stores (question, answer, mode, model, citations), under a key kept in the database (taken
from ``<data dir>/feedback.key`` when an older version left one, so answer ids already handed
out stay valid). A client can rate an answer it was given, but cannot make up one.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import secrets
from pathlib import Path
from typing import Any, TextIO

from sqlalchemy import insert, select, update
from sqlalchemy.exc import IntegrityError

from assistant.answer import Answer
from ui.csv_export import FORMULA_TRIGGERS, neutralise, write_csv
from ui.database import Database, dumps, now_iso, questions, signing_keys
from ui.database import feedback as feedback_table

__all__ = ["FORMULA_TRIGGERS", "FeedbackStore", "neutralise", "stored_fields"]

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
KEY_NAME = "feedback"


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


def _load_key(database: Database, legacy: Path) -> bytes:
    """The signing key every replica shares, made (or brought from ``legacy``) on first use.
    Inserted once: a replica starting beside us reads the key the first one wrote."""
    query = select(signing_keys.c.value).where(signing_keys.c.name == KEY_NAME)
    with database.begin() as db:
        found = db.execute(query).scalar()
    if found is None:
        key = legacy.read_bytes() if legacy.is_file() else secrets.token_bytes(32)
        try:
            with database.begin() as db:
                db.execute(insert(signing_keys).values(name=KEY_NAME, value=key.hex()))
        except IntegrityError:
            pass  # another process was first: use its key
        with database.begin() as db:
            found = db.execute(query).scalar_one()
    return bytes.fromhex(found)


class FeedbackStore:
    def __init__(self, data_dir: Path, database: Database | None = None) -> None:
        self.database = database or Database.open(data_dir)
        self.path = self.database.path  # the SQLite file (None on PostgreSQL)
        self._key = _load_key(self.database, data_dir / "feedback.key")

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

    def add(
        self,
        answer: dict[str, Any] | Answer,
        rating: int,
        comment: str = "",
        user: str | None = None,
    ) -> int:
        """Stores one rating (+1 / -1) of an answer (``Answer`` or its JSON); returns its id.
        With ``user``, the latest question of theirs that got exactly this answer (the
        question record) takes the rating too."""
        if rating not in (-1, 1):
            raise ValueError("rating phải là 1 (👍) hoặc -1 (👎)")
        data = stored_fields(answer.to_json() if isinstance(answer, Answer) else answer)
        with self.database.begin() as db:
            question_id = None
            if user is not None:
                question_id = db.execute(
                    select(questions.c.id)
                    .where(questions.c.user_name == user, questions.c.answer_id == self.sign(data))
                    .order_by(questions.c.id.desc())
                    .limit(1)
                ).scalar()
            if question_id is not None:
                db.execute(
                    update(questions).where(questions.c.id == question_id).values(rating=rating)
                )
            result = db.execute(
                insert(feedback_table).values(
                    created_at=now_iso(),
                    rating=rating,
                    comment=str(comment or "")[:MAX_COMMENT_CHARS],
                    question=str(data["question"]),
                    answer=str(data["answer"]),
                    abstained=int(data["abstained"]),
                    mode=str(data["mode"]),
                    model=str(data["model"]),
                    citations=dumps(data["citations"]),
                    question_id=question_id,
                )
            )
            return int(result.inserted_primary_key[0])

    def comment(self, feedback_id: int, comment: str) -> bool:
        """Adds (replaces) the comment of a stored rating; False if there is no such rating."""
        with self.database.begin() as db:
            result = db.execute(
                update(feedback_table)
                .where(feedback_table.c.id == int(feedback_id))
                .values(comment=str(comment or "")[:MAX_COMMENT_CHARS])
            )
            return result.rowcount == 1

    def rows(self) -> list[dict[str, Any]]:
        query = select(*(feedback_table.c[name] for name in COLUMNS)).order_by(feedback_table.c.id)
        with self.database.begin() as db:
            return [dict(row._mapping) for row in db.execute(query)]

    def export_csv(self, out: TextIO) -> int:
        """Writes every rating as CSV to a UTF-8 text stream, starting with a byte order mark
        (Excel otherwise reads Vietnamese as mojibake), no cell a spreadsheet would run as a
        formula; returns the number of rows."""
        rows = self.rows()
        write_csv(out, COLUMNS, rows)
        return len(rows)
