"""What a search may be narrowed to (issue 16): applied inside retrieval, on the dense side
(Chroma ``where``) and the lexical side alike, so a filtered-out chunk is never a candidate."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class SearchFilters:
    """All fields optional; an empty filter narrows nothing.

    ``in_force_only``: leave out documents whose ``DocumentInfo.status`` is ``REPEALED`` or
    ``NOT_YET_IN_FORCE`` (documents with no validity data, ``status == ""``, always stay).
    ``doc_types`` / ``issuers`` / ``doc_ids``: keep only these (exact values as stored).
    ``date_from`` / ``date_to``: ISO dates, inclusive, on the issue date (``issued_date``, or
    ``date`` when there is none); a document with no date is left out only when one is given.
    """

    in_force_only: bool = False
    doc_types: tuple[str, ...] = ()
    issuers: tuple[str, ...] = ()
    doc_ids: tuple[str, ...] = ()
    date_from: str = ""
    date_to: str = ""

    @property
    def empty(self) -> bool:
        return self == SearchFilters()


NO_FILTERS = SearchFilters()
