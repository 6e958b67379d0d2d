"""`hoidap doctor`: do the manifest, the vector store and the lexical index agree, and, with
repair, make them agree again by removing what does not (the caller re-ingests it)."""

from __future__ import annotations

from index.manifest import Manifest
from index.records import ChunkId, ConsistencyReport, Problem
from index.snapshots import Snapshots
from index.writes import Writer


def check(
    manifest: Manifest, snapshots: Snapshots, writer: Writer, repair: bool = False
) -> ConsistencyReport:
    """Do the manifest, Chroma and the lexical index agree? With ``repair``, documents
    that do not are removed from all three (the caller re-ingests them) and the lexical
    index is rebuilt."""
    stored: dict[str, int] = {}
    ids_seen: set[str] = set()
    duplicates = 0
    for got in snapshots.store.pages(["metadatas"]):
        for cid, meta in zip(got["ids"], got["metadatas"], strict=True):
            duplicates += cid in ids_seen
            ids_seen.add(cid)
            doc = str((meta or {}).get("doc_id", "")) or _doc_of(cid)
            stored[doc] = stored.get(doc, 0) + 1
    rows = {row.doc_id: row for row in manifest.rows()}
    problems: list[Problem] = []
    for doc_id, row in sorted(rows.items()):
        found = stored.get(doc_id, 0)
        if row.state != "complete":
            problems.append(Problem(doc_id, row.path, f"dở dang ({row.state})"))
        elif found != row.chunk_count:
            detail = f"Chroma có {found} đoạn, sổ ghi {row.chunk_count}"
            problems.append(Problem(doc_id, row.path, detail))
    for doc_id in sorted(stored.keys() - rows.keys()):
        problems.append(Problem(doc_id, "", f"{stored[doc_id]} đoạn mồ côi (không có trong sổ)"))
    lexical_fresh = snapshots.is_fresh()
    if lexical_fresh:
        snapshots.ensure()
        lexical_fresh = len(snapshots.lexical.records) == len(ids_seen)
    repaired = repair and bool(problems or not lexical_fresh)
    if repaired:
        for problem in problems:
            writer.remove_document(problem.doc_id)
        snapshots.publish()
    return ConsistencyReport(
        documents=len(rows),
        chunks=len(ids_seen),
        duplicate_ids=duplicates,
        problems=problems,
        lexical_fresh=lexical_fresh,
        repaired=repaired,
    )


def _doc_of(chunk_id: str) -> str:
    """The document of a chunk stored without one in its metadata (none is written so)."""
    parsed = ChunkId.parse(chunk_id)
    return parsed.doc_id if parsed else ""
