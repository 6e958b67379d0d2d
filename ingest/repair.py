"""`hoidap doctor`: the manifest, Chroma and the lexical index must agree; a repair makes them
(``SearchIndex.check`` removes what disagrees) and then ingests again the affected files that
still exist, so a repair loses no document whose source is at hand."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from index import SearchIndex
    from index.records import ConsistencyReport
    from ingest.pipeline import Ingestor


@dataclass(frozen=True)
class DoctorReport:
    before: ConsistencyReport
    after: ConsistencyReport | None = None  # set when a repair was made
    reingested: tuple[Path, ...] = ()

    @property
    def final(self) -> ConsistencyReport:
        """The index as it stands now."""
        return self.after or self.before

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {"before": self.before.to_json()}
        if self.after is not None:
            data["after"] = self.after.to_json()
            data["reingested"] = [str(p) for p in self.reingested]
        return data


def check_index(index: SearchIndex, repair_with: Ingestor | None = None) -> DoctorReport:
    """Checks ``index``; with an ingestor, repairs it and re-ingests the affected files that
    still exist, then checks again."""
    before = index.check(repair=repair_with is not None)
    if repair_with is None or not before.repaired:
        return DoctorReport(before)
    paths = [Path(p.path) for p in before.problems if p.path and Path(p.path).is_file()]
    if paths:
        repair_with.ingest_paths(paths)
    return DoctorReport(before, index.check(), tuple(paths))
