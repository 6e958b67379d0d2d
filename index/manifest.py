"""SQLite record of what the collection holds, one row per document.

A row is written ``pending`` before a document's chunks are touched and ``complete`` after;
a run killed in between leaves ``pending`` rows that the next run redoes from scratch.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from index.records import DocumentInfo

_SCHEMA = """
CREATE TABLE IF NOT EXISTS documents (
    collection  TEXT NOT NULL,
    doc_id      TEXT NOT NULL,
    path        TEXT NOT NULL,
    fingerprint TEXT NOT NULL,
    state       TEXT NOT NULL CHECK (state IN ('pending', 'complete', 'deleting')),
    chunk_count INTEGER NOT NULL DEFAULT 0,
    info        TEXT NOT NULL,
    updated_at  TEXT NOT NULL,
    PRIMARY KEY (collection, doc_id)
)
"""


@dataclass(frozen=True)
class ManifestRow:
    doc_id: str
    path: str
    fingerprint: str
    state: str
    chunk_count: int
    info: DocumentInfo


class Manifest:
    def __init__(self, path: Path, collection: str) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(path, timeout=30, isolation_level=None, check_same_thread=False)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=FULL")
        self._db.execute(_SCHEMA)
        self._collection = collection

    def close(self) -> None:
        self._db.close()

    def rows(self, state: str | None = None) -> list[ManifestRow]:
        query = "SELECT doc_id, path, fingerprint, state, chunk_count, info FROM documents "
        query += "WHERE collection = ?"
        params: tuple[str, ...] = (self._collection,)
        if state is not None:
            query += " AND state = ?"
            params += (state,)
        return [_row(r) for r in self._db.execute(query + " ORDER BY doc_id", params)]

    def get(self, doc_id: str) -> ManifestRow | None:
        found = self._db.execute(
            "SELECT doc_id, path, fingerprint, state, chunk_count, info FROM documents "
            "WHERE collection = ? AND doc_id = ?",
            (self._collection, doc_id),
        ).fetchone()
        return _row(found) if found else None

    def mark(self, entries: Sequence[tuple[DocumentInfo, str, int]], state: str) -> None:
        """Write (info, fingerprint, chunk count) rows in one transaction."""
        now = datetime.now(UTC).isoformat(timespec="seconds")
        rows = [
            (
                self._collection,
                info.doc_id,
                info.path,
                fingerprint,
                state,
                count,
                json.dumps(asdict(info), ensure_ascii=False),
                now,
            )
            for info, fingerprint, count in entries
        ]
        with self._db:
            self._db.execute("BEGIN")
            self._db.executemany(
                "INSERT INTO documents VALUES (?, ?, ?, ?, ?, ?, ?, ?) "
                "ON CONFLICT (collection, doc_id) DO UPDATE SET path = excluded.path, "
                "fingerprint = excluded.fingerprint, state = excluded.state, "
                "chunk_count = excluded.chunk_count, info = excluded.info, "
                "updated_at = excluded.updated_at",
                rows,
            )

    def set_state(self, doc_id: str, state: str) -> None:
        self._db.execute(
            "UPDATE documents SET state = ? WHERE collection = ? AND doc_id = ?",
            (state, self._collection, doc_id),
        )

    def delete(self, doc_id: str) -> None:
        self._db.execute(
            "DELETE FROM documents WHERE collection = ? AND doc_id = ?", (self._collection, doc_id)
        )


def _row(r: tuple) -> ManifestRow:
    return ManifestRow(r[0], r[1], r[2], r[3], int(r[4]), _info(json.loads(r[5])))


def _info(stored: dict[str, Any]) -> DocumentInfo:
    """A row's ``DocumentInfo`` as written (JSON keeps ``groups`` as a list: a tuple again;
    a row written before there were groups gets the default, ``EVERYONE``)."""
    if isinstance(stored.get("groups"), list):
        stored["groups"] = tuple(stored["groups"])
    return DocumentInfo(**stored)
