"""Files uploaded through the app (one by one or in a .zip) → the corpus folder → the index.

No name a client sends ever reaches the filesystem as it is: every path component is
sanitised (``safe_name``), a zip is validated whole — member names, types, declared sizes,
compression ratio (``check_archive``) — before anything is written, files are written to a
private staging folder inside the data dir and only then moved into the corpus folder, and the
final path is checked to lie inside it. The files then go through the same ``Ingestor`` as
``hoidap ingest`` (idempotent, crash-safe). A file the ingestor refuses does not stay in the
corpus folder, and a file it replaced is put back: nothing already ingested is lost.
"""

from __future__ import annotations

import os
import re
import shutil
import stat
import tempfile
import threading
import unicodedata
import zipfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from ingest.archives import check_archive
from ingest.catalog import record_groups, restore_catalog
from ingest.errors import RejectedFileError, thousands
from ingest.limits import IngestLimits
from ingest.loaders import SUPPORTED_TYPES
from ingest.names import stored_path
from ingest.pipeline import Failure, Ingestor, IngestReport

ARCHIVE_TYPES = frozenset({".zip"})
# Windows device names: a file called "CON.pdf" cannot be opened on a Windows share.
_RESERVED = re.compile(r"^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³])(\..*)?$", re.IGNORECASE)
_DRIVE = re.compile(r"^[A-Za-z]:")
_MAX_NAME_BYTES = 200  # below the 255-byte limit of common filesystems, room for a suffix
_MB = 1024 * 1024

Progress = Callable[[int, int, str], None]  # (done, total, file name)


@dataclass(frozen=True)
class UploadLimits:
    max_file_mb: float  # one file, or one member of a zip
    max_files: int  # files per upload request (zip members count)
    archive: IngestLimits = field(default_factory=IngestLimits)  # members, total, ratio


def safe_name(name: str) -> str:
    """One path component a client sent → a name safe in any folder: directories, drive
    letters, ``..``, control and bidi characters, leading dots and Windows device names are
    gone. Raises RejectedFileError("bad_name") when nothing usable is left."""
    name = unicodedata.normalize("NFC", name.replace("\x00", ""))
    name = _DRIVE.sub("", name)
    name = re.split(r"[/\\]", name)[-1]
    kept = "".join(
        "_" if unicodedata.category(c) in ("Cc", "Cf", "Zl", "Zp", "Cs", "Co", "Cn") else c
        for c in name
    )
    kept = re.sub(r'[<>:"|?*]', "_", kept).strip().lstrip(".").rstrip(". ")
    if _RESERVED.match(kept):
        kept = f"_{kept}"
    stem, suffix = os.path.splitext(kept)
    while len(kept.encode()) > _MAX_NAME_BYTES and stem:
        stem = stem[:-1]
        kept = stem + suffix
    if not stem.strip("_ "):
        raise RejectedFileError("bad_name", ascii(name)[1:-1][:80])
    return kept


def _member_parts(name: str) -> list[str]:
    """A zip member's folder path as safe components, or a refusal for the whole zip when the
    member would land outside the folder it is extracted to."""
    shown = ascii(name)[1:-1][:120]
    if name.startswith(("/", "\\")) or _DRIVE.match(name):
        raise RejectedFileError("unsafe_archive_path", shown)
    parts = [p for p in re.split(r"[/\\]", name) if p not in ("", ".")]
    if any(p == ".." for p in parts):
        raise RejectedFileError("unsafe_archive_path", shown)
    return [safe_name(p) for p in parts]


@dataclass
class IntakeResult:
    """The ``hoidap ingest`` report of an upload, plus the document id each file got."""

    report: IngestReport
    documents: list[dict[str, str]] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {**self.report.to_json(), "documents": self.documents}


@dataclass(frozen=True)
class _Planned:
    """One file to place: where it comes from, its path relative to the corpus folder."""

    source: Path
    relative: PurePosixPath
    shown: str


class DocumentIntake:
    """Adds uploaded files to the corpus folder and the index, and removes documents."""

    def __init__(
        self, ingestor: Ingestor, corpus_dir: Path, data_dir: Path, limits: UploadLimits
    ) -> None:
        self.ingestor = ingestor
        self.corpus_dir = corpus_dir
        self.staging_root = data_dir / "uploads-tmp"
        self.limits = limits
        self._lock = threading.Lock()  # one change of the corpus at a time
        # What the app's file picker offers: whatever the loaders read, and zips of them.
        self.file_types = tuple(sorted(SUPPORTED_TYPES | ARCHIVE_TYPES))

    def staging(self) -> Path:
        """A new private folder inside the data dir (the API spools request bodies here)."""
        self.staging_root.mkdir(mode=0o700, parents=True, exist_ok=True)
        return Path(tempfile.mkdtemp(dir=self.staging_root))

    # -- adding ----------------------------------------------------------------------------
    def add(
        self,
        uploads: Sequence[tuple[str, Path]],
        progress: Progress | None = None,
        groups: tuple[str, ...] | None = None,
    ) -> IntakeResult:
        """Ingest uploaded files (client name, where the bytes are). Each refused upload is
        in ``failed`` with its name and reason; the others are ingested. ``groups``: who may
        read them, written to their folder's catalog (``ingest.catalog.record_groups``); None
        leaves the catalog as it is (a file it does not name is read by everyone)."""
        result = IntakeResult(IngestReport())
        report = result.report
        staged = self.staging()
        try:
            planned: list[_Planned] = []
            for number, (name, path) in enumerate(uploads):
                shown = name if name.isprintable() else ascii(name)[1:-1]
                try:
                    planned += self._plan(name, path, staged / str(number), report)
                except RejectedFileError as exc:
                    report.failed.append(Failure(shown, exc.code, exc.reason))
                except Exception as exc:  # a zip that lied about a member (CRC, truncation)
                    detail = f"{type(exc).__name__}: {exc}"[:200]
                    report.failed.append(Failure(shown, "unexpected_error", detail))
            if len(planned) > self.limits.max_files:
                refusal = RejectedFileError(
                    "too_many_files",
                    f"{thousands(len(planned))} > {thousands(self.limits.max_files)}",
                )
                report.failed.append(Failure("*", refusal.code, refusal.reason))
                return result
            with self._lock:
                for done, item in enumerate(planned):
                    if progress:
                        progress(done, len(planned), item.shown)
                    self._place_and_ingest(item, result, groups)
                if progress:
                    progress(len(planned), len(planned), "")
                report.chunks = self.ingestor.index.count_chunks()
        finally:
            shutil.rmtree(staged, ignore_errors=True)
        return result

    def _plan(self, name: str, path: Path, staged: Path, report: IngestReport) -> list[_Planned]:
        """Validate one upload whole, then stage it: a refusal writes nothing."""
        clean = safe_name(name)
        suffix = Path(clean).suffix.lower()
        size = path.stat().st_size
        if suffix in ARCHIVE_TYPES:
            members = self._check_zip(path)
            skipped = [r for _, r in members if r.suffix.lower() not in SUPPORTED_TYPES]
            for relative in skipped:
                refusal = RejectedFileError("unsupported_type", relative.suffix or str(relative))
                report.failed.append(Failure(f"{clean}/{relative}", refusal.code, refusal.reason))
            if len(skipped) == len(members):
                return []
            return self._extract(path, members, staged)
        if suffix not in SUPPORTED_TYPES:
            raise RejectedFileError("unsupported_type", suffix or clean)
        self._check_size(size, clean)
        staged.mkdir(parents=True)
        shutil.copyfile(path, staged / clean)
        return [_Planned(staged / clean, PurePosixPath(clean), clean)]

    def _check_size(self, size: int, shown: str) -> None:
        if size > self.limits.max_file_mb * _MB:
            raise RejectedFileError(
                "too_large", f"{shown}: {size / _MB:.1f} MB > {self.limits.max_file_mb:g} MB"
            )

    def _check_zip(self, path: Path) -> list[tuple[zipfile.ZipInfo, PurePosixPath]]:
        """Every member checked before one byte is extracted: paths, links, sizes, ratio."""
        check_archive(path, self.limits.archive)
        with zipfile.ZipFile(path) as archive:
            infos = archive.infolist()
        members: list[tuple[zipfile.ZipInfo, PurePosixPath]] = []
        for info in infos:
            parts = _member_parts(info.filename)
            if stat.S_ISLNK(info.external_attr >> 16):
                raise RejectedFileError("unsafe_archive_path", f"{info.filename[:120]} (symlink)")
            if info.is_dir() or not parts or parts[0] == "__MACOSX":
                continue
            if info.flag_bits & 0x1:
                raise RejectedFileError("encrypted_archive", parts[-1])
            self._check_size(info.file_size, "/".join(parts))
            members.append((info, PurePosixPath(*parts)))
        if not members:
            raise RejectedFileError("empty")
        return members

    def _extract(
        self, path: Path, members: list[tuple[zipfile.ZipInfo, PurePosixPath]], staged: Path
    ) -> list[_Planned]:
        planned: list[_Planned] = []
        with zipfile.ZipFile(path) as archive:
            for info, relative in members:
                if relative.suffix.lower() not in SUPPORTED_TYPES:
                    continue  # reported by the caller as unsupported, never written
                target = staged.joinpath(*relative.parts)
                target.parent.mkdir(parents=True, exist_ok=True)
                # zipfile stops a member at its declared size, which was checked above.
                with archive.open(info) as source, target.open("xb") as out:
                    shutil.copyfileobj(source, out, 1024 * 1024)
                planned.append(_Planned(target, relative, str(relative)))
        return planned

    def _place_and_ingest(
        self, item: _Planned, result: IntakeResult, groups: tuple[str, ...] | None
    ) -> None:
        """Move one staged file into the corpus folder and ingest it; if the ingestor refuses
        it, the corpus folder (and its catalog) is put back as it was."""
        corpus = Path(os.path.realpath(self.corpus_dir))
        target = corpus.joinpath(*item.relative.parts)
        if not Path(os.path.realpath(target.parent)).is_relative_to(corpus) or target.is_dir():
            refusal = RejectedFileError("unsafe_archive_path", item.shown)
            result.report.failed.append(Failure(item.shown, refusal.code, refusal.reason))
            return
        target.parent.mkdir(parents=True, exist_ok=True)
        catalog_before = None
        if groups is not None:
            try:
                catalog_before = record_groups(target.parent, target.name, groups)
            except RejectedFileError as exc:
                result.report.failed.append(Failure(item.shown, exc.code, exc.reason))
                return
        backup = target.with_name(f".{target.name}.truoc-khi-tai-len")
        replaced = os.path.lexists(target)
        # Copied beside the target, then renamed: the corpus never holds half a file.
        part = target.with_name(f".{target.name}.dang-tai")
        shutil.copyfile(item.source, part)
        if replaced:
            os.replace(target, backup)
        os.replace(part, target)
        ingested = self.ingestor.ingest_paths([target])
        if not (ingested.added or ingested.updated or ingested.unchanged):
            if catalog_before is not None:
                restore_catalog(target.parent, catalog_before)
            if replaced:
                os.replace(backup, target)
            else:
                target.unlink(missing_ok=True)
        else:
            if replaced:
                backup.unlink(missing_ok=True)
            where = stored_path(target)
            for row in self.ingestor.index.documents():
                if row.path == where:
                    result.documents.append({"file": item.shown, "doc_id": row.doc_id})
        _merge(result.report, ingested, item.shown)

    # -- removing --------------------------------------------------------------------------
    def remove(self, doc_id: str) -> dict[str, Any] | None:
        """Remove a document from the index and, when it lies in the corpus folder, its file.
        None when there is no such document."""
        with self._lock:
            row = self.ingestor.index.document(doc_id)
            if row is None:
                return None
            self.ingestor.remove(doc_id)  # the index first: a failure leaves the file
            corpus = Path(os.path.realpath(self.corpus_dir))
            path = Path(row.path)
            inside = Path(os.path.realpath(path)).is_relative_to(corpus)
            if inside:
                path.unlink(missing_ok=True)
            shown = str(path.relative_to(corpus)) if path.is_relative_to(corpus) else path.name
            return {"doc_id": doc_id, "title": row.info.title, "file": shown, "deleted": inside}


def _merge(report: IngestReport, result: IngestReport, shown: str) -> None:
    """Add one file's report to the request's, naming the file as the client sent it (never
    the server's path)."""
    report.added += result.added
    report.updated += result.updated
    report.unchanged += result.unchanged
    report.removed += result.removed
    report.chunks_written += result.chunks_written
    report.failed += [Failure(shown, f.code, f.reason) for f in result.failed]
    report.warnings += [Failure(shown, w.code, w.reason) for w in result.warnings]
