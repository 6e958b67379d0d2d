"""What a search may be narrowed to (issue 16): applied inside retrieval, on the dense side
(Chroma ``where``) and the lexical side alike, so a filtered-out chunk is never a candidate."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from index.access import ALL_GROUPS, reader_scope
from index.chunk_format import GROUPS_KEY
from index.records import NOT_YET_IN_FORCE, REPEALED

# What ``in_force_only`` leaves out; any other status, "" included, stays.
NOT_IN_FORCE = (REPEALED, NOT_YET_IN_FORCE)


@dataclass(frozen=True)
class SearchFilters:
    """All fields optional; an empty filter narrows nothing.

    ``in_force_only``: leave out documents whose ``DocumentInfo.status`` is ``REPEALED`` or
    ``NOT_YET_IN_FORCE`` (documents with no validity data, ``status == ""``, always stay).
    ``doc_types`` / ``issuers`` / ``doc_ids``: keep only these (exact values as stored).
    ``groups``: the asker's access groups (None: sees everything), see ``index.access``.
    ``date_from`` / ``date_to``: ISO dates, inclusive, on the issue date (``issued_date``, or
    ``date`` when there is none); a document with no date is left out only when one is given.
    """

    in_force_only: bool = False
    doc_types: tuple[str, ...] = ()
    issuers: tuple[str, ...] = ()
    doc_ids: tuple[str, ...] = ()
    date_from: str = ""
    date_to: str = ""
    # The reader's access groups (``index.access``): keep only documents readable by one of
    # them (EVERYONE always counts); None (``ALL_GROUPS``): no restriction (admin, loopback).
    groups: tuple[str, ...] | None = None

    @property
    def empty(self) -> bool:
        return self == SearchFilters()

    def day_range(self) -> tuple[int, int] | None:
        """``date_from``/``date_to`` as YYYYMMDD numbers (``index.chunk_format.day_number``),
        an open end as 0 / 99999999; None when no date is given."""
        if not self.date_from and not self.date_to:
            return None
        low = _day(self.date_from) if self.date_from else 1
        high = _day(self.date_to, end=True) if self.date_to else 99_999_999
        return low, high

    def where(self) -> dict[str, Any] | None:
        """The filter as a Chroma ``where`` on chunk metadata (each chunk carries its
        document's fields, ``index.chunk_format.document_fields``); None for no filter."""
        clauses: list[dict[str, Any]] = []
        if self.in_force_only:
            clauses.append({"status": {"$nin": list(NOT_IN_FORCE)}})
        for key, values in (
            ("doc_type", self.doc_types),
            ("issuer", self.issuers),
            ("doc_id", self.doc_ids),
        ):
            if values:
                clauses.append({key: {"$in": list(values)}})
        if (days := self.day_range()) is not None:
            clauses += [{"day": {"$gte": days[0]}}, {"day": {"$lte": days[1]}}]
        if self.groups is not ALL_GROUPS:
            # ``index.access.readable`` as Chroma reads it: the chunk's document carries one
            # of the reader's groups or EVERYONE (a chunk with no groups: none matches).
            readable = [{GROUPS_KEY: {"$contains": g}} for g in reader_scope(self.groups)]
            clauses.append(readable[0] if len(readable) == 1 else {"$or": readable})
        if not clauses:
            return None
        return clauses[0] if len(clauses) == 1 else {"$and": clauses}


NO_FILTERS = SearchFilters()


def _day(iso: str, end: bool = False) -> int:
    """An ISO date bound as YYYYMMDD; a partial one ("2013", "2013-11") covers its whole
    year or month. ValueError names a bound that is not a date."""
    digits = iso.replace("-", "")
    if not digits.isdigit() or len(digits) not in (4, 6, 8):
        raise ValueError(f"ngày không hợp lệ: {iso!r} (cần dạng YYYY-MM-DD)")
    return int(digits.ljust(8, "9" if end else "0"))
