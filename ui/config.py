"""What the web server needs to know, handed in by the composition root (``hoidap.wiring``)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class ServerConfig:
    data_dir: Path  # feedback database, Gradio's private temp folder
    auth_token: str | None  # shared secret (Bearer, or any Basic user name)
    users_file: Path | None  # `name:pbkdf2_sha256$…[:role=admin]` lines (`hoidap users add`)
    token_is_admin: bool = False  # whether the shared token may add and remove documents
    token_groups: tuple[str, ...] = ()  # the shared token's access groups (``index.access``)
    max_upload_mb: float = 200.0  # one upload request (its files together), over → 413
    database_url: str | None = None  # the app database; None: SQLite <data dir>/app.sqlite3
    audit_question_text: bool = False  # whether the audit log keeps each question's text
