"""Files → cleaned documents → chunks → the index, idempotently, one bad file at a time."""

from __future__ import annotations

import hashlib
import json
import os
import re
import sys
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from tqdm import tqdm

from hoidap.settings import Settings
from index import Chunk, DocumentInfo, SearchIndex, fold
from ingest.catalog import CatalogEntry, read_catalog
from ingest.chunking import Chunker, Section
from ingest.clean import clean_text, find_publication_date
from ingest.errors import RejectedFileError
from ingest.loaders import SUPPORTED_TYPES, RawSection, load_file

# Bump when cleaning or chunking changes what chunks a file produces: every file re-ingests.
PIPELINE_VERSION = "1"
# Documents are embedded and written together until this many chunks: small documents then
# share embedder batches and store round trips, and a kill loses at most one batch of work.
WRITE_BATCH_CHUNKS = 256


@dataclass(frozen=True)
class Failure:
    path: str
    code: str
    reason: str


@dataclass
class IngestReport:
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    removed: int = 0
    failed: list[Failure] = field(default_factory=list)
    chunks: int = 0
    chunks_written: int = 0

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["failed"] = [{"path": f.path, "reason": f.reason, "code": f.code} for f in self.failed]
        return data


@dataclass(frozen=True)
class SourceDocument:
    """A cleaned document ready to chunk: ``text`` is what chunk spans point into."""

    info: DocumentInfo
    text: str
    sections: tuple[Section, ...]
    fingerprint: str


def slugify(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", fold(text)).strip("-") or "tai-lieu"


def assemble(raw_sections: Sequence[RawSection]) -> tuple[str, tuple[Section, ...]]:
    """Clean each section and join them; sections keep their span (and PDF page)."""
    parts: list[str] = []
    sections: list[Section] = []
    offset = 0
    for raw in raw_sections:
        cleaned = clean_text(raw.text)
        if not cleaned:
            continue
        if parts:
            parts.append("\n\n")
            offset += 2
        sections.append(Section(offset, offset + len(cleaned), raw.page))
        parts.append(cleaned)
        offset += len(cleaned)
    return "".join(parts), tuple(sections)


def prepare_text(doc_id: str, text: str, title: str = "", **meta: str) -> SourceDocument:
    """A document from text already in memory (benchmarks, tests, uploads)."""
    cleaned, sections = assemble([RawSection(text)])
    info = DocumentInfo(doc_id=doc_id, title=title, **meta)
    digest = hashlib.sha256(json.dumps([asdict(info), text]).encode()).hexdigest()
    return SourceDocument(info, cleaned, sections, digest)


class Ingestor:
    def __init__(self, index: SearchIndex, settings: Settings, progress: bool = True) -> None:
        self.index = index
        self.settings = settings
        self.progress = progress
        self.chunker = Chunker(settings.chunk_size, settings.chunk_overlap)
        self._signature = f"{PIPELINE_VERSION}:{settings.chunk_size}:{settings.chunk_overlap}"

    # -- public ---------------------------------------------------------------------------
    def ingest_paths(self, paths: Sequence[Path], prune: bool = False) -> IngestReport:
        report = IngestReport()
        files = self._discover(paths, report)
        catalogs: dict[Path, dict[str, CatalogEntry]] = {}
        claimed: dict[str, str] = {}
        documents: list[SourceDocument] = []
        for path in tqdm(
            files, desc="Đọc tệp", unit="tệp", disable=not self._show(len(files)), file=sys.stderr
        ):
            try:
                entry = self._catalog_entry(path, catalogs, report)
                data = self._read(path)
                info = self._identify(path, entry, claimed)
                fingerprint = hashlib.sha256(
                    data + json.dumps([asdict(info), self._signature]).encode()
                ).hexdigest()
                row = self.index.document(info.doc_id)
                if row and row.state == "complete" and row.fingerprint == fingerprint:
                    report.unchanged += 1
                    continue
                documents.append(self._prepare(path, data, info, entry, fingerprint))
            except RejectedFileError as exc:
                report.failed.append(Failure(str(path), exc.code, exc.reason))
        self._write(documents, report)
        if prune:
            self._prune(paths, report)
        self._finish(report)
        return report

    def ingest_documents(self, documents: Iterable[SourceDocument]) -> IngestReport:
        """Index prepared documents (no files involved), skipping unchanged ones."""
        report = IngestReport()
        todo: list[SourceDocument] = []
        for doc in documents:
            row = self.index.document(doc.info.doc_id)
            if row and row.state == "complete" and row.fingerprint == doc.fingerprint:
                report.unchanged += 1
            else:
                todo.append(doc)
        self._write(todo, report)
        self._finish(report)
        return report

    # -- steps ----------------------------------------------------------------------------
    def _show(self, total: int) -> bool:
        return self.progress and total > 1

    def _discover(self, paths: Sequence[Path], report: IngestReport) -> list[Path]:
        found: list[Path] = []
        for path in paths:
            if path.is_dir():
                folder = path.resolve()
                for root, dirs, names in os.walk(path):
                    dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                    for name in sorted(names):
                        if name.startswith(".") or Path(name).suffix.lower() not in SUPPORTED_TYPES:
                            continue
                        candidate = Path(root) / name
                        # A link inside the folder must not pull in a file from elsewhere.
                        target = candidate.resolve()
                        if not target.is_relative_to(folder):
                            failure = self._failure(candidate, "outside_folder", str(target))
                            report.failed.append(failure)
                            continue
                        found.append(candidate)
            elif path.is_file():
                if path.suffix.lower() not in SUPPORTED_TYPES:
                    report.failed.append(self._failure(path, "unsupported_type", path.suffix))
                else:
                    found.append(path)
            elif path.exists():
                report.failed.append(self._failure(path, "not_a_file"))
            else:
                report.failed.append(self._failure(path, "not_found"))
        return list(dict.fromkeys(p.resolve() for p in found))

    @staticmethod
    def _failure(path: Path, code: str, detail: str = "") -> Failure:
        error = RejectedFileError(code, detail)
        return Failure(str(path), error.code, error.reason)

    def _catalog_entry(
        self, path: Path, cache: dict[Path, dict[str, CatalogEntry]], report: IngestReport
    ) -> CatalogEntry | None:
        folder = path.parent
        if folder not in cache:
            try:
                cache[folder] = read_catalog(folder)
            except RejectedFileError as exc:
                cache[folder] = {}
                report.failed.append(Failure(str(folder / "catalog.toml"), exc.code, exc.reason))
        return cache[folder].get(path.name)

    def _read(self, path: Path) -> bytes:
        try:
            size = path.stat().st_size
            limit = int(self.settings.max_file_mb * 1024 * 1024)
            if size > limit:
                raise RejectedFileError(
                    "too_large", f"{size / 1048576:.1f} MB > {self.settings.max_file_mb:g} MB"
                )
            if size == 0:
                raise RejectedFileError("empty")
            return path.read_bytes()
        except OSError as exc:
            raise RejectedFileError("unreadable", exc.strerror or str(exc)) from exc

    def _identify(
        self, path: Path, entry: CatalogEntry | None, claimed: dict[str, str]
    ) -> DocumentInfo:
        doc_id = entry.doc_id if entry and entry.doc_id else slugify(path.name)
        existing = self.index.document(doc_id)
        taken_here = claimed.get(doc_id, str(path)) != str(path)
        taken_before = (
            existing is not None and existing.path != str(path) and Path(existing.path).exists()
        )
        if taken_here or taken_before:  # two files, one name: keep both apart
            doc_id = f"{doc_id}-{hashlib.sha1(str(path).encode()).hexdigest()[:6]}"
        claimed[doc_id] = str(path)
        return DocumentInfo(
            doc_id=doc_id,
            title=entry.title if entry else "",
            path=str(path),
            date=entry.date if entry else "",
            source=entry.publisher if entry else "",
            author=entry.author if entry else "",
            url=entry.url if entry else "",
            description=entry.description if entry else "",
            title_assigned=entry.title_assigned if entry else False,
        )

    def _prepare(
        self,
        path: Path,
        data: bytes,
        info: DocumentInfo,
        entry: CatalogEntry | None,
        fingerprint: str,
    ) -> SourceDocument:
        loaded = load_file(path, data, self.settings.max_pdf_pages)
        text, sections = assemble(loaded.sections)
        if not text.strip():
            raise RejectedFileError("no_text")
        title = info.title or loaded.title_hint or _title_from_text(text) or _title_from_name(path)
        date = info.date or (
            find_publication_date(loaded.sections[0].text) if loaded.sections else ""
        )
        info = DocumentInfo(**{**asdict(info), "title": title, "date": date})
        return SourceDocument(info, text, sections, fingerprint)

    def _write(self, documents: Sequence[SourceDocument], report: IngestReport) -> None:
        planned = [
            (doc, self.chunker.chunk(doc.info.doc_id, doc.text, doc.sections)) for doc in documents
        ]
        total = sum(len(chunks) for _, chunks in planned)
        with tqdm(
            total=total,
            desc="Nhúng đoạn văn",
            unit="đoạn",
            file=sys.stderr,
            disable=not self._show(total),
            smoothing=0.1,
        ) as bar:
            for batch in _batches(planned, WRITE_BATCH_CHUNKS):
                for doc, _ in batch:
                    if self.index.document(doc.info.doc_id) is None:
                        report.added += 1
                    else:
                        report.updated += 1
                self.index.replace_documents(
                    [(doc.info, chunks, doc.fingerprint) for doc, chunks in batch], bar.update
                )
                report.chunks_written += sum(len(chunks) for _, chunks in batch)

    def _prune(self, paths: Sequence[Path], report: IngestReport) -> None:
        roots = [p.resolve() for p in paths if p.is_dir()]
        for row in self.index.documents():
            source = Path(row.path)
            if any(source.is_relative_to(root) for root in roots) and not source.exists():
                self.index.remove_document(row.doc_id)
                report.removed += 1

    def _finish(self, report: IngestReport) -> None:
        for row in self.index.documents("deleting"):  # a delete cut short by a kill
            self.index.remove_document(row.doc_id)
            report.removed += 1
        if report.added or report.updated or report.removed or not self.index.lexical_is_fresh():
            self.index.commit()
        report.chunks = self.index.count_chunks()


def _batches(
    planned: Sequence[tuple[SourceDocument, list[Chunk]]], size: int
) -> Iterable[list[tuple[SourceDocument, list[Chunk]]]]:
    batch: list[tuple[SourceDocument, list[Chunk]]] = []
    count = 0
    for item in planned:
        batch.append(item)
        count += len(item[1])
        if count >= size:
            yield batch
            batch, count = [], 0
    if batch:
        yield batch


def _title_from_text(text: str) -> str:
    first = text.split("\n", 1)[0].strip()
    if 0 < len(first) <= 160 and not first.endswith((".", "?", "!", ",", ";", ":")):
        return first
    return ""


def _title_from_name(path: Path) -> str:
    return re.sub(r"[-_]+", " ", path.stem).strip() or path.name


__all__ = ["Chunk", "Failure", "IngestReport", "Ingestor", "SourceDocument", "prepare_text"]
