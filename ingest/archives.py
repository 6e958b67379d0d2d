"""ZIP containers (DOCX and the other Office Open XML / OpenDocument files, uploaded zips):
refused by what their directory declares, before anything is decompressed."""

from __future__ import annotations

import zipfile
from pathlib import Path

from ingest.errors import RejectedFileError, thousands
from ingest.limits import DEFAULT, IngestLimits
from ingest.names import shown_path

_MB = 1024 * 1024
# Below this a member's ratio says nothing (a small, repetitive styles.xml compresses 100x).
_RATIO_FROM_BYTES = _MB


def check_archive(path: Path, limits: IngestLimits = DEFAULT) -> None:
    """Refuse a ZIP (DOCX) whose members would inflate too far, from the sizes its directory
    declares, before anything is decompressed. zipfile stops each member at its declared size,
    so what python-docx then reads is bounded by what was checked here."""
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError) as exc:
        raise RejectedFileError("corrupt_docx", f"{type(exc).__name__}: {exc}"[:200]) from exc
    if len(members) > limits.max_archive_members:
        raise RejectedFileError(
            "archive_too_large",
            f"{thousands(len(members))} tệp bên trong > {thousands(limits.max_archive_members)}",
        )
    for member in members:
        ratio = member.file_size / max(1, member.compress_size)
        if member.file_size > _RATIO_FROM_BYTES and ratio > limits.max_compression_ratio:
            raise RejectedFileError(
                "zip_bomb",
                f"{shown_path(member.filename)}: {member.compress_size / _MB:.1f} MB nén "
                f"→ {member.file_size / _MB:.0f} MB (gấp {ratio:.0f} lần, tối đa "
                f"{limits.max_compression_ratio:g})",
            )
    total = sum(member.file_size for member in members)
    if total > limits.max_archive_mb * _MB:
        raise RejectedFileError(
            "archive_too_large", f"{total / _MB:.0f} MB > {limits.max_archive_mb:g} MB"
        )
    xml = sum(m.file_size for m in members if m.filename.lower().endswith((".xml", ".rels")))
    if xml > limits.max_archive_xml_mb * _MB:
        raise RejectedFileError(
            "archive_too_large", f"XML {xml / _MB:.0f} MB > {limits.max_archive_xml_mb:g} MB"
        )
