"""Per-folder ``catalog.toml``: the metadata people wrote for each document."""

from __future__ import annotations

import json
import re
import tomllib
from dataclasses import dataclass, fields
from datetime import date
from pathlib import Path
from typing import Any

from index.access import EVERYONE, InvalidGroup, document_groups
from index.records import LEGAL_FIELDS, VALIDITY_STATES
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
    # Who may read it (``index.access``): "a, b" or a list; everyone when not given.
    "groups",
    # A legal/normative document's header and validity (DocumentInfo); each wins over what
    # is read from the text.
    *LEGAL_FIELDS,
}
_DATES = ("issued_date", "effective_date", "expiry_date")
_NUMBER_LISTS = ("replaced_by", "amended_by", "replaces")  # a string or a list of numbers


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
    groups: tuple[str, ...] = (EVERYONE,)
    doc_number: str = ""
    doc_type: str = ""
    issuer: str = ""
    issued_place: str = ""
    issued_date: str = ""  # ISO YYYY-MM-DD (a TOML date too)
    signer: str = ""
    abstract: str = ""
    status: str = ""  # in_force, not_yet_in_force, partly_in_force, repealed
    effective_date: str = ""
    expiry_date: str = ""
    replaced_by: str = ""  # "; "-separated document numbers (a TOML list too)
    amended_by: str = ""
    replaces: str = ""

    def legal_fields(self) -> dict[str, str]:
        """The header and validity fields this entry sets (the non-empty ones)."""
        names = [f.name for f in fields(self)]
        return {n: getattr(self, n) for n in names[names.index("doc_number") :] if getattr(self, n)}


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
            entry = CatalogEntry(**_normalised(raw))
            if entry.file in entries:
                raise ValueError(f"tệp {entry.file} xuất hiện hai lần")
            entries[entry.file] = entry
        return entries
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError, TypeError, ValueError) as exc:
        raise RejectedFileError("bad_catalog", str(exc)[:200]) from exc


def _normalised(raw: dict[str, Any]) -> dict[str, Any]:
    """Dates as ISO text, number lists as one "; "-separated string; a status or a date that
    cannot be one is refused, naming the field."""
    out = dict(raw)
    for name in _DATES:
        value = out.get(name)
        if isinstance(value, date):
            out[name] = value.isoformat()[:10]
        elif value and not (isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value)):
            raise ValueError(f"{name} phải là ngày dạng YYYY-MM-DD: {value!r}")
    for name in _NUMBER_LISTS:
        if isinstance(out.get(name), list):
            out[name] = "; ".join(str(n).strip() for n in out[name] if str(n).strip())
    if "groups" in out:
        out["groups"] = _groups(out["groups"])
    if out.get("status") and out["status"] not in VALIDITY_STATES:
        raise ValueError(
            f"status phải là một trong {', '.join(VALIDITY_STATES)}: {out['status']!r}"
        )
    return out


def _groups(value: object) -> tuple[str, ...]:
    """The groups an entry gives ("phong-a, phong-b" or a list), checked: a name that cannot be
    one is refused, naming it (``index.access.parse_groups``)."""
    if not isinstance(value, str) and not (
        isinstance(value, list) and all(isinstance(v, str) for v in value)
    ):
        raise ValueError(f"groups phải là chuỗi hoặc danh sách tên nhóm: {value!r}")
    try:
        return document_groups(value)
    except InvalidGroup as exc:
        raise ValueError(f"groups: {exc}") from exc


def record_groups(folder: Path, file: str, groups: tuple[str, ...]) -> bytes | None:
    """Make the folder's catalog say that ``file`` is read by ``groups`` (an upload's groups):
    the catalog stays the one place a document's groups are written, so a later `hoidap
    ingest` of the folder keeps them. Returns the catalog's bytes before (b"" when there was
    none) when it was changed, for ``restore_catalog``; None when nothing had to change. An
    entry that already gives the file other groups is refused, not rewritten (the catalog is
    written by people; their entry wins until they change it)."""
    path = folder / CATALOG_NAME
    entry = read_catalog(folder).get(file)
    if entry is not None:
        if entry.groups != groups:
            raise RejectedFileError(
                "catalog_conflict",
                f"{file}: catalog.toml cho nhóm {', '.join(entry.groups)}, không phải "
                f"{', '.join(groups)} (sửa nhóm trong catalog.toml)",
            )
        return None
    if groups == (EVERYONE,):
        return None  # what a file without an entry gets anyway
    before = path.read_bytes() if path.is_file() else b""
    text = before.decode("utf-8")
    # JSON strings are TOML basic strings (same escapes).
    block = (
        f"[[document]]\nfile = {json.dumps(file, ensure_ascii=False)}\n"
        f"groups = {json.dumps(list(groups))}\n"
    )
    separator = "" if not text or text.endswith("\n\n") else "\n" if text.endswith("\n") else "\n\n"
    path.write_text(text + separator + block, encoding="utf-8")
    try:
        read_catalog(folder)
    except RejectedFileError:
        restore_catalog(folder, before)
        raise
    return before


def restore_catalog(folder: Path, before: bytes) -> None:
    """Put the catalog back as ``record_groups`` found it."""
    path = folder / CATALOG_NAME
    if before:
        path.write_bytes(before)
    else:
        path.unlink(missing_ok=True)
