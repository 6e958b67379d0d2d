"""Per-folder ``catalog.toml``: the metadata people wrote for each document."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path

from ingest.errors import RejectedFileError

CATALOG_NAME = "catalog.toml"
_FIELDS = {
    "file",
    "doc_id",
    "title",
    "title_assigned",
    "date",
    "publisher",
    "author",
    "url",
    "language",
    "description",
}


@dataclass(frozen=True)
class CatalogEntry:
    file: str
    doc_id: str = ""
    title: str = ""
    title_assigned: bool = False
    date: str = ""
    publisher: str = ""
    author: str = ""
    url: str = ""
    language: str = ""
    description: str = ""


def read_catalog(folder: Path) -> dict[str, CatalogEntry]:
    """Entries by file name; {} when the folder has no catalog. Raises on a malformed one."""
    path = folder / CATALOG_NAME
    if not path.is_file():
        return {}
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        entries: dict[str, CatalogEntry] = {}
        for raw in data.get("document", []):
            unknown = set(raw) - _FIELDS
            if unknown:
                raise ValueError(f"khoá lạ {sorted(unknown)}")
            entry = CatalogEntry(**raw)
            if entry.file in entries:
                raise ValueError(f"tệp {entry.file} xuất hiện hai lần")
            entries[entry.file] = entry
        return entries
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError, TypeError, ValueError) as exc:
        raise RejectedFileError("bad_catalog", str(exc)[:200]) from exc
