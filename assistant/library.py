"""The corpus as a reader meets it: the documents, their text, the glossary and the starter
questions (what the chat page's library and onboarding panels show)."""

from __future__ import annotations

from pathlib import Path

from assistant.onboarding import DocumentSummary, GlossaryEntry, Onboarding, build_glossary
from index import IndexStatus, SearchIndex


class Library:
    def __init__(self, index: SearchIndex, onboarding_file: Path) -> None:
        self.index = index
        self._onboarding_file = onboarding_file
        self._onboarding: Onboarding | None = None

    def documents(self) -> list[DocumentSummary]:
        """Every indexed document, newest first."""
        summaries = [
            DocumentSummary(
                doc_id=row.doc_id,
                title=row.info.title,
                date=row.info.date,
                source=row.info.source,
                url=row.info.url,
                description=row.info.description,
                chunks=row.chunk_count,
            )
            for row in self.index.documents(state="complete")
        ]
        return sorted(summaries, key=lambda d: (d.date, d.doc_id), reverse=True)

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
