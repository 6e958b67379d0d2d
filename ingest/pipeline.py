"""Files → cleaned documents → chunks → the index, idempotently, one bad file at a time."""

from __future__ import annotations

import errno
import hashlib
import json
import os
import re
import sys
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import Any

from tqdm import tqdm

from index import (
    CHUNK_FORMAT,
    Chunk,
    DocumentInfo,
    EmbedderMismatchError,
    SearchIndex,
    StoreUnavailableError,
    fold,
)
from ingest.catalog import CatalogEntry, read_catalog
from ingest.chunking import Chunker, Section
from ingest.clean import clean_text, find_publication_date
from ingest.config import IngestConfig
from ingest.errors import Notice, RejectedFileError
from ingest.legal import (
    NOT_LEGAL,
    LegalDocument,
    legal_title,
    link_replacements,
    read_legal,
    with_legal_fields,
)
from ingest.legal_structure import LegalStructure
from ingest.loaders import SUPPORTED_TYPES, RawSection, load_file
from ingest.names import clean_title, name_of, shown_path, stored_path

# Bump when cleaning or chunking changes what chunks a file produces: every file re-ingests.
# The index's ``CHUNK_FORMAT`` (what a written chunk holds: sentence vectors since "2") is part
# of every fingerprint too, so an index written by an older version is rewritten on ingest.
# "2": chunks follow a legal structure and run across pages. "3": a blank line splits
# text as a line break does (``chunking.one_paragraph_mark``), and chunks run over every page
# break, keeping where each page begins (``Chunk.page_starts``). "4": chunks end at sentences
# as ``index.sentences`` reads them ("TP." and "TS." end none).
PIPELINE_VERSION = "4"
# Documents are embedded and written together until this many chunks: small documents then
# share embedder batches and store round trips, and a kill loses at most one batch of work.
WRITE_BATCH_CHUNKS = 256


@dataclass(frozen=True)
class Failure:
    """A file refused (in ``failed``) or ingested with a caveat (in ``warnings``). ``path`` is
    for people: undecodable bytes as U+FFFD, control and bidi characters escaped."""

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
    warnings: list[Failure] = field(default_factory=list)
    ocr_pages: int = 0  # pages read by OCR (scans, images) in the documents written

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["failed"] = [{"path": f.path, "reason": f.reason, "code": f.code} for f in self.failed]
        data["warnings"] = [
            {"path": w.path, "reason": w.reason, "code": w.code} for w in self.warnings
        ]
        return data

    def fail(self, path: str | os.PathLike[str], error: RejectedFileError) -> None:
        self.failed.append(Failure(shown_path(path), error.code, error.reason))

    def warn(self, path: str | os.PathLike[str], notice: Notice) -> None:
        self.warnings.append(Failure(shown_path(path), notice.code, notice.reason))


# Failures of the whole index, not of one file: these still end the run.
_INDEX_WIDE = (StoreUnavailableError, EmbedderMismatchError)


def _unexpected(exc: BaseException) -> RejectedFileError:
    """Any other exception from one file's processing, as that file's failure."""
    return RejectedFileError("unexpected_error", f"{type(exc).__name__}: {exc}"[:300])


@dataclass(frozen=True)
class SourceDocument:
    """A cleaned document ready to chunk: ``text`` is what chunk spans point into."""

    info: DocumentInfo
    text: str
    sections: tuple[Section, ...]
    fingerprint: str
    notices: tuple[Notice, ...] = ()
    # (page, Tesseract's mean word confidence) of each OCR'd page
    ocr_confidence: tuple[tuple[int, float], ...] = ()
    # A legal/normative document's tree (Điều/Khoản/Điểm, TCVN clauses): chunks follow it.
    structure: LegalStructure | None = None


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
    digest = hashlib.sha256(
        json.dumps([asdict(info), text, CHUNK_FORMAT, PIPELINE_VERSION]).encode()
    ).hexdigest()
    legal = read_legal(cleaned)
    if legal:  # header fields fill what ``meta`` left empty
        info = with_legal_fields(info, legal, date.today())
        info = replace(info, title=info.title or legal_title(legal.header))
    return SourceDocument(info, cleaned, sections, digest, structure=_structure(legal))


class Ingestor:
    """Ingests files one at a time in the sense that matters: whatever one file does (a link
    loop, a 50 MB line, a zip bomb, an exception nobody foresaw) becomes that file's entry in
    ``report.failed`` and the other files of the run are ingested."""

    def __init__(
        self,
        index: SearchIndex,
        config: IngestConfig,
        progress: bool = True,
    ) -> None:
        self.index = index
        self.config = config
        self.progress = progress
        self.limits = config.limits
        self.chunker = Chunker(
            config.chunk_size,
            config.chunk_overlap,
            self.limits.max_chunk_chars,
            self.limits.window_chars,
        )
        self._signature = (
            f"{PIPELINE_VERSION}:{CHUNK_FORMAT}:{config.chunk_size}:{config.chunk_overlap}"
        )
        if extra := self.limits.signature():
            self._signature += f":{extra}"
        if not config.legal_structure:
            self._signature += ":plain"

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
                if self.index.holds(info.doc_id, fingerprint):
                    report.unchanged += 1
                    continue
                documents.append(self._prepare(path, data, info, entry, fingerprint))
            except RejectedFileError as exc:
                report.fail(path, exc)
            except _INDEX_WIDE:
                raise  # the store or the embedder is the problem, not this file
            except Exception as exc:  # never let one file end the run
                report.fail(path, _unexpected(exc))
        documents = self._link_replacements(documents, report)
        self._write(documents, report)
        if prune:
            self._prune(paths, report)
        self._finish(report)
        return report

    def remove(self, doc_id: str) -> bool:
        """Remove one document from the index (what ``--prune`` does for a deleted file);
        False when there is none."""
        if self.index.document(doc_id) is None:
            return False
        self.index.remove_document(doc_id)
        self.index.publish(changed=True)
        return True

    def ingest_documents(self, documents: Iterable[SourceDocument]) -> IngestReport:
        """Index prepared documents (no files involved), skipping unchanged ones."""
        report = IngestReport()
        todo: list[SourceDocument] = []
        given = list(documents)
        known = {row.doc_id: row.info for row in self.index.documents()}
        linked = link_replacements([d.info for d in given], date.today(), known)
        for doc in given:
            info = linked.get(doc.info.doc_id, doc.info)
            stored = known.get(doc.info.doc_id)
            same_links = stored is None or stored.replaced_by == info.replaced_by
            if self.index.holds(doc.info.doc_id, doc.fingerprint) and same_links:
                report.unchanged += 1
            else:
                todo.append(replace(doc, info=info))
        self._write(todo, report)
        self._finish(report)
        return report

    # -- steps ----------------------------------------------------------------------------
    def _show(self, total: int) -> bool:
        return self.progress and total > 1

    def _discover(self, paths: Sequence[Path], report: IngestReport) -> list[Path]:
        found: list[Path] = []
        for path in paths:
            try:
                found += self._discover_one(path, report)
            except Exception as exc:  # an unreadable folder must not end the run
                report.fail(path, _unexpected(exc))
        return list(dict.fromkeys(found))

    def _discover_one(self, path: Path, report: IngestReport) -> list[Path]:
        """Files to ingest under ``path``, as resolved paths; the rest reported."""
        if not os.path.isdir(path):  # False for a link loop or a dangling link too
            try:
                target = _target(path)
            except RejectedFileError as exc:
                report.fail(path, exc)
                return []
            if not target.is_file():
                report.fail(path, RejectedFileError("not_a_file"))
            elif path.suffix.lower() not in SUPPORTED_TYPES:
                report.fail(path, RejectedFileError("unsupported_type", path.suffix))
            else:
                return [target]
            return []
        found: list[Path] = []
        folder = Path(os.path.realpath(path))

        def unreadable(error: OSError) -> None:
            detail = error.strerror or type(error).__name__
            report.fail(error.filename or path, RejectedFileError("unreadable", detail))

        for root, dirs, names in os.walk(path, onerror=unreadable):
            dirs[:] = sorted(d for d in dirs if not d.startswith("."))
            for name in sorted(names):
                if name.startswith(".") or Path(name).suffix.lower() not in SUPPORTED_TYPES:
                    continue
                candidate = Path(root) / name
                try:
                    target = _target(candidate)
                except RejectedFileError as exc:
                    report.fail(candidate, exc)
                    continue
                # A link inside the folder must not pull in a file from elsewhere.
                if not target.is_relative_to(folder):
                    report.fail(candidate, RejectedFileError("outside_folder", shown_path(target)))
                    continue
                found.append(target)
        return found

    def _catalog_entry(
        self, path: Path, cache: dict[Path, dict[str, CatalogEntry]], report: IngestReport
    ) -> CatalogEntry | None:
        folder = path.parent
        if folder not in cache:
            try:
                cache[folder] = read_catalog(folder)
            except RejectedFileError as exc:
                cache[folder] = {}
                report.fail(folder / "catalog.toml", exc)
            except Exception as exc:  # reported once; the folder's files go on without it
                cache[folder] = {}
                report.fail(folder / "catalog.toml", _unexpected(exc))
        return cache[folder].get(path.name)

    def _read(self, path: Path) -> bytes:
        try:
            size = path.stat().st_size
            limit = int(self.config.max_file_mb * 1024 * 1024)
            if size > limit:
                raise RejectedFileError(
                    "too_large", f"{size / 1048576:.1f} MB > {self.config.max_file_mb:g} MB"
                )
            if size == 0:
                raise RejectedFileError("empty")
            return path.read_bytes()
        except OSError as exc:
            raise RejectedFileError("unreadable", exc.strerror or str(exc)) from exc

    def _identify(
        self, path: Path, entry: CatalogEntry | None, claimed: dict[str, str]
    ) -> DocumentInfo:
        # The index and the embedder take valid UTF-8 only: a name with other bytes is stored
        # with U+FFFD (the same text every run, so re-ingesting finds it unchanged).
        where = stored_path(path)
        doc_id = entry.doc_id if entry and entry.doc_id else slugify(name_of(path))
        existing = self.index.document(doc_id)
        taken_here = claimed.get(doc_id, where) != where
        taken_before = existing is not None and existing.path != where and _exists(existing.path)
        if taken_here or taken_before:  # two files, one name: keep both apart
            doc_id = f"{doc_id}-{hashlib.sha1(where.encode()).hexdigest()[:6]}"
        claimed[doc_id] = where
        return DocumentInfo(
            doc_id=doc_id,
            title=clean_title(entry.title) if entry else "",
            path=where,
            date=entry.date if entry else "",
            source=entry.publisher if entry else "",
            author=entry.author if entry else "",
            url=entry.url if entry else "",
            description=entry.description if entry else "",
            title_assigned=entry.title_assigned if entry else False,
            # Part of the fingerprint (``asdict(info)``): a catalog edit of a document's groups
            # rewrites its chunks' metadata on the next ingest, without embedding them again.
            **({"groups": entry.groups} if entry else {}),
            **(entry.legal_fields() if entry else {}),
        )

    def _prepare(
        self,
        path: Path,
        data: bytes,
        info: DocumentInfo,
        entry: CatalogEntry | None,
        fingerprint: str,
    ) -> SourceDocument:
        loaded = load_file(path, data, self.config.max_pdf_pages, self.limits, self.progress)
        text, sections = assemble(loaded.sections)
        if not text.strip():
            raise RejectedFileError("no_text")
        legal = read_legal(text) if self.config.legal_structure else NOT_LEGAL
        if legal:  # the catalog's fields (already in ``info``) win over the header's
            info = with_legal_fields(info, legal, date.today())
        title = (
            info.title
            or clean_title(legal_title(legal.header))
            or clean_title(loaded.title_hint)
            or clean_title(_title_from_text(text))
            or _title_from_name(path)
        )
        published = info.date or info.issued_date
        published = published or (
            find_publication_date(loaded.sections[0].text) if loaded.sections else ""
        )
        info = DocumentInfo(**{**asdict(info), "title": title, "date": published})
        ocr = tuple(
            (s.page, s.ocr_confidence)
            for s in loaded.sections
            if s.page is not None and s.ocr_confidence is not None
        )
        return SourceDocument(
            info, text, sections, fingerprint, loaded.notices, ocr, _structure(legal)
        )

    def _link_replacements(
        self, documents: list[SourceDocument], report: IngestReport
    ) -> list[SourceDocument]:
        """A document that this run's documents, or those indexed before, say they replace
        gets ``replaced_by`` and REPEALED: in this run, or rewritten from its file (same
        fingerprint, so the next run finds it unchanged)."""
        known = {row.doc_id: row.info for row in self.index.documents()}
        linked = link_replacements([d.info for d in documents], date.today(), known)
        if not linked:
            return documents
        here = {d.info.doc_id for d in documents}
        out = [replace(d, info=linked.get(d.info.doc_id, d.info)) for d in documents]
        for doc_id, info in linked.items():
            row = self.index.document(doc_id)
            if doc_id in here or row is None:
                continue
            try:
                path = Path(row.path)
                out.append(self._prepare(path, self._read(path), info, None, row.fingerprint))
            except RejectedFileError as exc:
                report.fail(row.path, exc)
            except _INDEX_WIDE:
                raise
            except Exception as exc:
                report.fail(row.path, _unexpected(exc))
        return out

    def _write(self, documents: Sequence[SourceDocument], report: IngestReport) -> None:
        planned: list[tuple[SourceDocument, list[Chunk]]] = []
        for doc in documents:
            try:
                chunks = _with_ocr_confidence(
                    self.chunker.chunk(doc.info.doc_id, doc.text, doc.sections, doc.structure),
                    doc,
                )
            except Exception as exc:
                report.fail(doc.info.path, _unexpected(exc))
                continue
            planned.append((doc, chunks))
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
                self._write_batch(batch, report, bar.update)

    def _write_batch(
        self,
        batch: Sequence[tuple[SourceDocument, list[Chunk]]],
        report: IngestReport,
        progress: Any,
    ) -> None:
        """Write a batch; if it fails, each document alone, so only the bad one is lost. The
        index embeds before it deletes anything, so a document that fails to embed keeps the
        version already indexed."""
        new = {doc.info.doc_id: self.index.document(doc.info.doc_id) is None for doc, _ in batch}
        try:
            self.index.replace_documents(
                [(doc.info, chunks, doc.fingerprint) for doc, chunks in batch], progress
            )
        except _INDEX_WIDE:
            raise
        except Exception as exc:
            if len(batch) > 1:
                for item in batch:
                    self._write_batch([item], report, progress)
                return
            detail = f"{type(exc).__name__}: {exc}"[:300]
            report.fail(batch[0][0].info.path, RejectedFileError("write_failed", detail))
            return
        for doc, chunks in batch:
            report.added += new[doc.info.doc_id]
            report.updated += not new[doc.info.doc_id]
            report.chunks_written += len(chunks)
            report.ocr_pages += len(doc.ocr_confidence)
            for notice in doc.notices:
                report.warn(doc.info.path, notice)

    def _prune(self, paths: Sequence[Path], report: IngestReport) -> None:
        roots = [Path(os.path.realpath(p)) for p in paths if os.path.isdir(p)]
        # Names stored with U+FFFD do not exist under that spelling: match them by how the
        # files that are there are stored.
        present = {
            stored_path(Path(dirpath) / name)
            for root in roots
            for dirpath, _, names in os.walk(root)
            for name in names
        }
        for row in self.index.documents():
            source = Path(row.path)
            gone = row.path not in present and not _exists(row.path)
            if any(source.is_relative_to(root) for root in roots) and gone:
                self.index.remove_document(row.doc_id)
                report.removed += 1

    def _finish(self, report: IngestReport) -> None:
        # What a killed run left is the index's to finish (deletes cut short, writes never
        # committed); a document it left half written is not ``holds``, so it was redone above.
        report.removed += len(self.index.recover())
        self.index.publish(changed=bool(report.added or report.updated or report.removed))
        report.chunks = self.index.count_chunks()


def _structure(legal: LegalDocument) -> LegalStructure | None:
    return legal.structure if legal.structure else None


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


def _with_ocr_confidence(chunks: list[Chunk], doc: SourceDocument) -> list[Chunk]:
    """Each chunk of OCR'd pages carries their confidence, the lowest of the pages it runs
    over (a reader can tell a passage read from a poor scan)."""
    if not doc.ocr_confidence:
        return chunks
    confidence = dict(doc.ocr_confidence)
    out: list[Chunk] = []
    for c in chunks:
        read = [confidence[p] for p in (c.page, *(p for _, p in c.page_starts)) if p in confidence]
        out.append(replace(c, ocr_confidence=min(read)) if read else c)
    return out


def _title_from_text(text: str) -> str:
    first = text.split("\n", 1)[0].strip()
    if 0 < len(first) <= 160 and not first.endswith((".", "?", "!", ",", ";", ":")):
        return first
    return ""


def _title_from_name(path: Path) -> str:
    name = clean_title(name_of(path))
    return re.sub(r"[-_]+", " ", Path(name).stem).strip() or name or "tài liệu"


def _exists(path: str) -> bool:
    try:
        return os.path.exists(path)
    except (OSError, ValueError):  # an odd stored path is simply not there
        return False


def _target(path: Path) -> Path:
    """The real file behind ``path``; a link loop or a dangling link as a RejectedFileError
    that names the link (the caller reports ``path``, not where it points)."""
    try:
        os.stat(path)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise RejectedFileError("symlink_loop") from exc
        if os.path.islink(path):
            raise RejectedFileError("broken_link", f"→ {shown_path(os.readlink(path))}") from exc
        if exc.errno in (errno.ENOENT, errno.ENOTDIR):
            raise RejectedFileError("not_found") from exc
        raise RejectedFileError("unreadable", exc.strerror or str(exc)) from exc
    return Path(os.path.realpath(path))


__all__ = ["Chunk", "Failure", "IngestReport", "Ingestor", "SourceDocument", "prepare_text"]
