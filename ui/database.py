"""The app database (issue 17): conversations, questions, feedback and the audit log, in one
place — a SQLite file in the data dir by default, or PostgreSQL (``HOIDAP_DATABASE_URL``) when
several replicas serve the same users.

SQLAlchemy Core over either backend; the schema is created on start and creating it again is a
no-op. The audit log is append-only on both: SQLite triggers and a PostgreSQL trigger function
refuse every UPDATE and DELETE of ``audit_events`` (and PostgreSQL's TRUNCATE), so even code
that tried could not rewrite the history.

Rows the older per-purpose SQLite files held (``feedback.sqlite``, ``audit.sqlite3`` in the data
dir) are copied in once, the first time a database is opened next to them; the files are left
as they were.
"""

from __future__ import annotations

import contextlib
import json
import os
import sqlite3
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import (
    Boolean,
    Column,
    Connection,
    DateTime,
    Engine,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    SmallInteger,
    String,
    Table,
    Text,
    create_engine,
    event,
    insert,
    select,
    text,
)
from sqlalchemy.engine import make_url
from sqlalchemy.exc import IntegrityError

DEFAULT_FILE = "app.sqlite3"
LEGACY_FEEDBACK = "feedback.sqlite"
LEGACY_AUDIT = "audit.sqlite3"

metadata = MetaData()

conversations = Table(
    "conversations",
    metadata,
    Column("id", String(32), primary_key=True),  # random, unguessable
    Column("user_name", Text, nullable=False),
    Column("title", String(200), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
    Index("conversations_user", "user_name", "updated_at"),
)

questions = Table(
    "questions",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("at", DateTime(timezone=True), nullable=False),
    Column("user_name", Text, nullable=False),
    Column("channel", String(16), nullable=False),
    Column(
        "conversation_id",
        String(32),
        ForeignKey("conversations.id", ondelete="SET NULL"),
        nullable=True,
    ),
    Column("question", Text, nullable=False),
    Column("answer", Text, nullable=False),
    Column("path", String(32), nullable=False),
    Column("abstained", Boolean, nullable=False),
    Column("latency_ms", Float, nullable=False),
    Column("cited_doc_ids", Text, nullable=False),  # JSON list, citation order
    Column("rating", SmallInteger, nullable=True),
    Column("answer_id", String(64), nullable=True),  # the served answer's signature
    Column("turn", Text, nullable=True),  # the chat page's answer JSON, to reopen it
    Index("questions_at", "at"),
    Index("questions_conversation", "conversation_id", "id"),
    Index("questions_answer", "user_name", "answer_id"),
)

feedback = Table(
    "feedback",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("created_at", String(40), nullable=False),  # UTC, ISO 8601 (as the CSV shows it)
    Column("rating", SmallInteger, nullable=False),
    Column("comment", Text, nullable=False),
    Column("question", Text, nullable=False),
    Column("answer", Text, nullable=False),
    Column("abstained", Integer, nullable=False),
    Column("mode", String(32), nullable=False),
    Column("model", String(300), nullable=False),
    Column("citations", Text, nullable=False),
    Column("question_id", Integer, nullable=True),
)

audit_events = Table(
    "audit_events",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("at", String(40), nullable=False),  # UTC, ISO 8601: sorts as it reads
    Column("actor", Text, nullable=False),
    Column("action", String(32), nullable=False),
    Column("target", Text, nullable=False),
    Column("outcome", String(32), nullable=False),
    Column("details", Text, nullable=False),
    Index("audit_events_at", "at"),
)

# Secrets every replica must share: the key that signs served answers (``ui.feedback``).
signing_keys = Table(
    "signing_keys",
    metadata,
    Column("name", String(64), primary_key=True),
    Column("value", String(128), nullable=False),  # hex
)

# One row per one-time step already done (the import of an older file), so it is done once
# even with several replicas starting together: the marker is inserted in the same transaction.
migrations = Table(
    "migrations",
    metadata,
    Column("name", String(200), primary_key=True),
    Column("at", String(40), nullable=False),
)

_SQLITE_APPEND_ONLY = [
    "CREATE TRIGGER IF NOT EXISTS audit_events_no_update BEFORE UPDATE ON audit_events "
    "BEGIN SELECT RAISE(ABORT, 'audit log is append-only'); END",
    "CREATE TRIGGER IF NOT EXISTS audit_events_no_delete BEFORE DELETE ON audit_events "
    "BEGIN SELECT RAISE(ABORT, 'audit log is append-only'); END",
]
_POSTGRES_APPEND_ONLY = [
    "CREATE OR REPLACE FUNCTION audit_events_append_only() RETURNS trigger "
    "LANGUAGE plpgsql AS $$ BEGIN "
    "RAISE EXCEPTION 'audit log is append-only' USING ERRCODE = 'insufficient_privilege'; "
    "END $$",
    "CREATE OR REPLACE TRIGGER audit_events_no_change BEFORE UPDATE OR DELETE ON audit_events "
    "FOR EACH ROW EXECUTE FUNCTION audit_events_append_only()",
    "CREATE OR REPLACE TRIGGER audit_events_no_truncate BEFORE TRUNCATE ON audit_events "
    "FOR EACH STATEMENT EXECUTE FUNCTION audit_events_append_only()",
]
_SCHEMA_LOCK = 0x686F6964  # "hoid": one replica creates the schema at a time


def now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def utc(value: datetime) -> datetime:
    """A stored time as an aware UTC datetime (SQLite gives it back naive)."""
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def engine_url(url: str) -> str:
    """``postgresql://…`` (as libpq and most tools write it) → psycopg 3's SQLAlchemy URL."""
    for prefix in ("postgresql://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def private_file(path: Path) -> None:
    """Creates ``path`` readable by its owner only (staff names, questions, comments), and
    tightens one an older version left readable by all. SQLite gives its -wal/-shm files
    the database's mode."""
    os.close(os.open(path, os.O_CREAT | os.O_RDWR, 0o600))
    with contextlib.suppress(OSError):  # not ours to change (another user's): leave it
        os.chmod(path, 0o600)


class Database:
    """One engine over the app database; ``create()`` has made its tables."""

    def __init__(self, url: str, data_dir: Path | None = None) -> None:
        self.url = make_url(engine_url(url))
        self.path: Path | None = None  # the SQLite file, when it is one
        options: dict[str, Any] = {"future": True}
        if self.is_sqlite:
            database = self.url.database or ""
            if database and database != ":memory:":
                self.path = Path(database)
                self.path.parent.mkdir(parents=True, exist_ok=True)
                private_file(self.path)
                for companion in ("-wal", "-shm"):
                    existing = self.path.with_name(self.path.name + companion)
                    if existing.exists():
                        private_file(existing)
            options["connect_args"] = {"timeout": 30}
        else:
            options["pool_pre_ping"] = True  # a restarted server: reconnect, don't fail
        self.engine: Engine = create_engine(self.url, **options)
        if self.is_sqlite:
            event.listen(self.engine, "connect", _sqlite_pragmas)
        self.create()
        if data_dir is not None:
            import_legacy(self, data_dir)

    @classmethod
    def open(cls, data_dir: Path, url: str | None = None) -> Database:
        """The configured database (``url``), else ``<data dir>/app.sqlite3``."""
        return cls(url or f"sqlite:///{data_dir / DEFAULT_FILE}", data_dir)

    @property
    def is_sqlite(self) -> bool:
        return self.url.get_backend_name() == "sqlite"

    def describe(self) -> str:
        """The URL without its password (for messages and logs)."""
        return self.url.render_as_string(hide_password=True)

    def insert_ignoring_conflict(self, table: Table) -> Any:
        """``INSERT … ON CONFLICT DO NOTHING`` in this backend's dialect."""
        if self.is_sqlite:
            from sqlalchemy.dialects.sqlite import insert as sqlite_insert

            return sqlite_insert(table).on_conflict_do_nothing()
        from sqlalchemy.dialects.postgresql import insert as postgres_insert

        return postgres_insert(table).on_conflict_do_nothing()

    def create(self) -> None:
        """Tables, indexes and the audit log's guards; a no-op when they exist."""
        with self.engine.begin() as db:
            if not self.is_sqlite:
                db.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _SCHEMA_LOCK})
            metadata.create_all(db, checkfirst=True)
            for statement in _SQLITE_APPEND_ONLY if self.is_sqlite else _POSTGRES_APPEND_ONLY:
                db.execute(text(statement))

    @contextlib.contextmanager
    def begin(self) -> Iterator[Connection]:
        """A connection in a transaction, committed on success."""
        with self.engine.begin() as db:
            yield db

    def dispose(self) -> None:
        self.engine.dispose()


def _sqlite_pragmas(connection: Any, _: Any) -> None:
    cursor = connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")  # readers (exports, the history) never block
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.close()


# -- the older files -------------------------------------------------------------------------


def _legacy_rows(path: Path, table: str) -> list[dict[str, Any]]:
    source = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=30)
    try:
        source.row_factory = sqlite3.Row
        return [dict(row) for row in source.execute(f"SELECT * FROM {table} ORDER BY id")]
    except sqlite3.Error:
        return []  # not a database of ours (or no such table): nothing to bring over
    finally:
        source.close()


def import_legacy(database: Database, data_dir: Path) -> dict[str, int]:
    """Copies the rows of ``feedback.sqlite`` and ``audit.sqlite3`` (the stores before the app
    database) in, once per database; returns how many rows each brought."""
    copied: dict[str, int] = {}
    for name, table, target in (
        (LEGACY_FEEDBACK, "feedback", feedback),
        (LEGACY_AUDIT, "events", audit_events),
    ):
        path = data_dir / name
        if not path.is_file() or path == database.path:
            continue
        marker = f"import {name}"
        with database.begin() as db:
            if db.execute(select(migrations.c.name).where(migrations.c.name == marker)).first():
                continue
        rows = _legacy_rows(path, table)
        columns = {c.name for c in target.columns} - {"id", "question_id"}
        try:
            with database.begin() as db:
                db.execute(insert(migrations).values(name=marker, at=now_iso()))
                if rows:
                    db.execute(insert(target), [{k: r[k] for k in columns if k in r} for r in rows])
        except IntegrityError:
            continue  # another replica imported it at the same moment
        copied[name] = len(rows)
    return copied


def dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)
