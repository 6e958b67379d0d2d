"""The corpus as a reader meets it: the documents (with a legal document's number, type,
issuer, dates, signer and validity), their text, search over them, the glossary and the starter
questions (what the chat page's library and onboarding panels show).

Each of these takes the reader's access groups (``reader``, ``index.access``; ``ALL_GROUPS``,
the default, for an admin or the local user): a document the reader may not read is not
listed, its text not given, its acronyms not in the glossary, and a starter question drawn from
it not offered. Search is narrowed inside retrieval (``SearchFilters.groups``)."""

from __future__ import annotations

import threading
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from assistant.citations import document_name, source_label, status_text
from assistant.onboarding import DocumentSummary, GlossaryEntry, Onboarding, build_glossary
from index import NO_FILTERS, DocumentInfo, IndexStatus, SearchFilters, SearchIndex, fold
from index.access import ALL_GROUPS, EVERYONE, readable

Reader = tuple[str, ...] | None  # a reader's access groups; None (ALL_GROUPS): every document


@dataclass(frozen=True)
class DocumentEntry(DocumentSummary):
    """A document as the documents tab and the source panel show it: the summary, and for a
    legal or normative document its header and validity ("" when it is not one)."""

    doc_number: str = ""
    doc_type: str = ""
    issuer: str = ""
    issued_date: str = ""
    signer: str = ""
    abstract: str = ""
    status: str = ""
    effective_date: str = ""
    expiry_date: str = ""
    replaced_by: str = ""
    amended_by: str = ""
    groups: tuple[str, ...] = (EVERYONE,)  # who may read it (``index.access``)

    @classmethod
    def of(cls, info: DocumentInfo, chunks: int) -> DocumentEntry:
        return cls(
            doc_id=info.doc_id,
            title=info.title,
            date=info.date,
            source=info.source,
            url=info.url,
            description=info.description,
            chunks=chunks,
            doc_number=info.doc_number,
            doc_type=info.doc_type,
            issuer=info.issuer,
            issued_date=info.issued_date,
            signer=info.signer,
            abstract=info.abstract,
            status=info.status,
            effective_date=info.effective_date,
            expiry_date=info.expiry_date,
            replaced_by=info.replaced_by,
            amended_by=info.amended_by,
            groups=tuple(info.groups),
        )

    @property
    def name(self) -> str:
        """The document as cited: "Thông tư 24/2013/TT-BKHCN"; "" when not a legal one."""
        return document_name(self.doc_number, self.doc_type, self.title)

    @property
    def status_text(self) -> str:
        """Its validity in words ("Còn hiệu lực", "Hết hiệu lực — thay thế bởi …"); "" when
        it carries no validity data."""
        return status_text(self.status, self.replaced_by, self.amended_by)


def filter_documents(
    documents: Iterable[DocumentEntry], text: str = "", doc_type: str = "", status: str = ""
) -> list[DocumentEntry]:
    """The documents whose number, type, issuer, signer, title or abstract hold ``text``
    (diacritics, case and spacing aside: "tt 24/2013" finds "Thông tư 24/2013/TT-BKHCN"), of
    ``doc_type`` and in validity ``status`` when given ("none": without validity data)."""
    words = fold(text).split()
    kept = []
    for d in documents:
        if doc_type and d.doc_type != doc_type:
            continue
        if status and d.status != ("" if status == "none" else status):
            continue
        haystack = fold(
            " ".join((d.name, d.doc_number, d.issuer, d.signer, d.title, d.abstract, d.doc_id))
        )
        if all(word in haystack for word in words):
            kept.append(d)
    return kept


def readable_documents(documents: Iterable[DocumentEntry], reader: Reader) -> list[DocumentEntry]:
    """The documents a reader in groups ``reader`` may read (all of them for ``ALL_GROUPS``)."""
    return [d for d in documents if readable(d.groups, reader)]


class Library:
    def __init__(self, index: SearchIndex, onboarding_file: Path) -> None:
        self.index = index
        self._onboarding_file = onboarding_file
        self._onboarding: Onboarding | None = None
        # Per documents' version: the glossary of each group set, each starter's documents.
        self._cache: dict[Any, Any] = {}
        self._cache_lock = threading.Lock()

    def documents(self, reader: Reader = ALL_GROUPS) -> list[DocumentEntry]:
        """Every indexed document the reader may read, newest first (a legal document by its
        issue date)."""
        summaries = [
            DocumentEntry.of(row.info, row.chunk_count)
            for row in self.index.documents(state="complete")
        ]
        summaries = readable_documents(summaries, reader)
        return sorted(summaries, key=lambda d: (d.issued_date or d.date, d.doc_id), reverse=True)

    def document(self, doc_id: str, reader: Reader = ALL_GROUPS) -> DocumentEntry | None:
        return next((d for d in self.documents(reader) if d.doc_id == doc_id), None)

    def search(
        self,
        query: str,
        k: int | None = None,
        mode: str | None = None,
        filters: SearchFilters | None = None,
    ) -> list[dict[str, Any]]:
        """The best passages for ``query`` among those ``filters`` keeps, as ``hoidap search
        --json`` prints them, each with the citation it would get (``label``)."""
        hits = self.index.search(query, k=k, mode=mode, filters=filters)
        return [{**hit.to_json(), "label": source_label(hit)} for hit in hits]

    def version(self) -> tuple[tuple[str, str], ...]:
        """Changes whenever a document is added, changed or removed (caches key on it)."""
        return tuple((r.doc_id, r.fingerprint) for r in self.index.documents(state="complete"))

    def status(self) -> IndexStatus:
        return self.index.status()

    def document_text(self, doc_id: str, reader: Reader = ALL_GROUPS) -> str | None:
        """A document's text; None when there is none, or the reader may not read it (the index
        checks the groups the document's chunks carry, as a search reads them)."""
        return self.index.document_text(doc_id, reader)

    def onboarding(self) -> Onboarding:
        if self._onboarding is None:
            self._onboarding = Onboarding.load(self._onboarding_file)
        return self._onboarding

    def _cached(self, key: Any, make: Any) -> Any:
        """``make()`` kept under ``key`` and the documents' version (older versions dropped)."""
        version = self.version()
        with self._cache_lock:
            if self._cache.get("version") != version:
                self._cache = {"version": version}
            if key not in self._cache:
                self._cache[key] = make()
            return self._cache[key]

    def glossary(self, reader: Reader = ALL_GROUPS) -> list[GlossaryEntry]:
        """Acronyms the documents the reader may read use, with where each is spelled out or
        first used (kept per group set until a document changes)."""

        def make() -> list[GlossaryEntry]:
            documents = [
                (d, self.index.document_text(d.doc_id) or "") for d in self.documents(reader)
            ]
            return build_glossary(documents, self.onboarding().curated_glossary)

        return list(self._cached(("glossary", reader), make))

    def starters(self, reader: Reader = ALL_GROUPS) -> list[str]:
        """The starter questions fit for the reader: none drawn from a document they may not
        read (the documents the onboarding file names for it, else the one its best passage
        comes from)."""
        questions = list(self.onboarding().starter_questions)
        if reader is ALL_GROUPS:
            return questions
        hidden = {d.doc_id for d in self.documents()} - {d.doc_id for d in self.documents(reader)}
        if not hidden:
            return questions
        sources: dict[str, tuple[str, ...]] = self._cached(("starters",), self._starter_sources)
        return [q for q in questions if not hidden & set(sources.get(q, ()))]

    def _starter_sources(self) -> dict[str, tuple[str, ...]]:
        named = self.onboarding().starter_documents
        sources: dict[str, tuple[str, ...]] = {}
        for question in self.onboarding().starter_questions:
            if question in named:
                sources[question] = named[question]
            else:
                best = self.index.search(question, k=1, filters=NO_FILTERS)
                sources[question] = tuple(hit.doc_id for hit in best)
        return sources
