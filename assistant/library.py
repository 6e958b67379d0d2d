"""The corpus as a reader meets it: the documents (with a legal document's number, type,
issuer, dates, signer and validity), their text, search over them, the glossary and the starter
questions (what the chat page's library and onboarding panels show)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from assistant.citations import document_name, source_label, status_text
from assistant.onboarding import DocumentSummary, GlossaryEntry, Onboarding, build_glossary
from index import DocumentInfo, IndexStatus, SearchFilters, SearchIndex, fold


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


class Library:
    def __init__(self, index: SearchIndex, onboarding_file: Path) -> None:
        self.index = index
        self._onboarding_file = onboarding_file
        self._onboarding: Onboarding | None = None

    def documents(self) -> list[DocumentEntry]:
        """Every indexed document, newest first (a legal document by its issue date)."""
        summaries = [
            DocumentEntry.of(row.info, row.chunk_count)
            for row in self.index.documents(state="complete")
        ]
        return sorted(summaries, key=lambda d: (d.issued_date or d.date, d.doc_id), reverse=True)

    def document(self, doc_id: str) -> DocumentEntry | None:
        return next((d for d in self.documents() if d.doc_id == doc_id), None)

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

    def document_text(self, doc_id: str) -> str | None:
        return self.index.document_text(doc_id)

    def onboarding(self) -> Onboarding:
        if self._onboarding is None:
            self._onboarding = Onboarding.load(self._onboarding_file)
        return self._onboarding

    def glossary(self) -> list[GlossaryEntry]:
        """Acronyms the documents use, with where each is spelled out or first used."""
        documents = [(d, self.index.document_text(d.doc_id) or "") for d in self.documents()]
        return build_glossary(documents, self.onboarding().curated_glossary)
