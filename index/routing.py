"""Routing a query that names a document or an article of one (issue 16).

A query naming an identifier ("QCVN 4:2009/BKHCN", "Nghị định 132/2008") ranks the chunks of
the document that IS it first, then the chunks that mention it (``index.identifiers``); one
naming an article ("Điều 5 khoản 2 Thông tư 24/2013", "Article 5 of Circular 24/2013") ranks
that article's chunks (``Chunk.legal_path``) of that document before them, the named khoản
first. Without an identifier, the chunks of every document's named article get the boost.
Boosts are added to the fused score scaled to [0, 1], weighted as ``SearchConfig`` says, so
with weights above 1 each tier comes before the next and the fusion orders within a tier.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from index.access import ALL_GROUPS, readable
from index.chunk_format import stored_groups
from index.fusion import Fused
from index.identifiers import IdentifierIndex
from index.records import LEGAL_PATH_SEPARATOR, ChunkId
from index.text import fold
from index.vietnamese import (
    ARTICLE,
    CLAUSE,
    CLAUSE_RANGE,
    NUMBERED_CLAUSE,
    POINT,
    POINT_LETTERS,
)

MENTION_SHARE = 0.4  # a chunk mentioning the identifier gets this share of its weight
# The share of the article weight a chunk of the named article gets, by how closely its
# path matches what the query names (the named khoản; the whole article; another khoản).
EXACT, WHOLE_ARTICLE, SAME_ARTICLE = 1.0, 0.9, 0.6


Numbers = tuple[int, ...]  # "3.5" → (3, 5); khoản "2" → (2,)
NO_RANGE: tuple[Numbers, Numbers] = ((), ())


@dataclass(frozen=True)
class ArticleRef:
    """Which part of a legal document a text names: an article ("5"), and within it a khoản
    or a standard's numbered clause, and a điểm, each as a range (a chunk may hold several:
    "Khoản 1-2"); an empty range when not named."""

    article: str
    clause: tuple[Numbers, Numbers] = NO_RANGE
    point: tuple[Numbers, Numbers] = NO_RANGE

    @classmethod
    def named_in(cls, text: str) -> ArticleRef | None:
        """What a question names ("khoản 2 Điều 5", "Article 5, clause 2, point a", "mục 4.3"),
        or a structure path ("Chương II > Điều 5 > Khoản 1-2 > Điểm a-đ", "Điều 3 > 3.1-3.5")."""
        folded = fold(text)
        article = ARTICLE.search(folded)
        numbered = NUMBERED_CLAUSE.search(folded)
        dotted = [
            m
            for part in text.split(LEGAL_PATH_SEPARATOR)
            if (m := CLAUSE_RANGE.match(part.strip()))
        ]
        clause = NO_RANGE
        if article and article[2]:
            clause = _range(f"{article[1]}.{article[2]}", None)  # "Điều 3.5"
        elif numbered:
            clause = _range(numbered[1], None)
        elif dotted:
            clause = _range(dotted[-1][1], dotted[-1][2])
        elif khoan := CLAUSE.search(folded):
            clause = _range(khoan[1], khoan[2])
        number = article[1] if article else str(clause[0][0]) if clause[0] else ""
        if not number:
            return None
        point = POINT.search(text)
        points = ((_letter(point[1]),), (_letter(point[2] or point[1]),)) if point else NO_RANGE
        return cls(number, clause, points)

    def closeness(self, path: ArticleRef) -> float:
        """How closely a chunk at ``path`` (same article) matches what the query names."""
        if not self.clause[0]:
            return EXACT
        if not path.clause[0]:
            return WHOLE_ARTICLE
        if not _within(self.clause[0], path.clause):
            return SAME_ARTICLE
        if self.point[0] and path.point[0] and not _within(self.point[0], path.point):
            return SAME_ARTICLE
        return EXACT


def _range(low: str, high: str | None) -> tuple[Numbers, Numbers]:
    first = tuple(int(n) for n in low.split("."))
    return first, tuple(int(n) for n in high.split(".")) if high else first


def _letter(letter: str) -> int:
    return POINT_LETTERS.find(letter.lower())


def _within(asked: Numbers, span: tuple[Numbers, Numbers]) -> bool:
    """Is ``asked`` in ``span``, compared at its depth ("4.3" is in "4.3.1-4.3.4")?"""
    depth = len(asked)
    return span[0][:depth] <= asked <= span[1][:depth]


@dataclass
class Routes:
    """What routing needs of one snapshot, built once from its records: the identifier
    index, each document's chunk ids in order and groups, and each article number's chunks."""

    identifiers: IdentifierIndex
    doc_chunks: dict[str, list[str]] = field(default_factory=dict)
    doc_groups: dict[str, tuple[str, ...]] = field(default_factory=dict)
    articles: dict[str, list[tuple[str, str, ArticleRef]]] = field(default_factory=dict)

    @classmethod
    def build(
        cls, records: Iterable[dict[str, Any]], identifiers: IdentifierIndex | None = None
    ) -> Routes:
        """From a snapshot's records; ``identifiers``: their identifier index, when stored
        with the snapshot (the slow part: the rest is a pass over ids and paths)."""
        records = list(records)
        routes = cls(identifiers or IdentifierIndex.build(records))
        refs: dict[str, ArticleRef | None] = {}  # paths repeat across documents
        for record in records:
            doc_id, cid = record["doc_id"], record["id"]
            routes.doc_chunks.setdefault(doc_id, []).append(cid)
            routes.doc_groups.setdefault(doc_id, tuple(stored_groups(record)))
            if path := record.get("legal_path", ""):
                if path not in refs:
                    refs[path] = ArticleRef.named_in(path)
                ref = refs[path]
                if ref is not None:
                    routes.articles.setdefault(ref.article, []).append((cid, doc_id, ref))
        return routes

    def boosts(
        self,
        query: str,
        identifier_weight: float,
        article_weight: float,
        reader: tuple[str, ...] | None = ALL_GROUPS,
    ) -> dict[str, float]:
        """What each routed chunk gets added to its scaled fused score ({} for a query that
        names neither an identifier nor an article). A document the ``reader``'s groups may
        not read (``index.access``) counts as not named: naming its number routes neither to
        it nor away from the articles of the documents the reader may read."""
        boosts: dict[str, float] = {}
        docs, mentions = self.identifiers.look_up(query)
        if reader is not ALL_GROUPS:
            docs = {d for d in docs if self._readable(d, reader)}
            mentions = {c for c in mentions if self._readable(_doc_of(c), reader)}
        for cid in mentions:
            boosts[cid] = identifier_weight * MENTION_SHARE
        for doc_id in docs:
            for cid in self.doc_chunks.get(doc_id, ()):
                boosts[cid] = identifier_weight
        asked = ArticleRef.named_in(query)
        named_an_identifier = bool(docs or mentions)
        if asked is not None and (docs or not named_an_identifier):
            for cid, doc_id, path in self.articles.get(asked.article, ()):
                if not docs or doc_id in docs:
                    share = asked.closeness(path)
                    boosts[cid] = boosts.get(cid, 0.0) + article_weight * share
        return boosts

    def _readable(self, doc_id: str, reader: tuple[str, ...]) -> bool:
        return readable(self.doc_groups.get(doc_id, ()), reader)


def _doc_of(chunk_id: str) -> str:
    parsed = ChunkId.parse(chunk_id)
    return parsed.doc_id if parsed is not None else chunk_id


def route(fused: Fused, boosts: dict[str, float], allowed: Callable[[str], bool]) -> Fused:
    """``fused`` with ``boosts`` added to its scores scaled to [0, 1]; routed chunks the
    fusion did not find join with their boost alone, when ``allowed`` (the filters)."""
    if not boosts:
        return fused
    scores = [s for _, s in fused]
    low, high = (min(scores), max(scores)) if scores else (0.0, 0.0)
    span = high - low
    combined = {cid: ((s - low) / span if span > 0 else 1.0) for cid, s in fused}
    for cid, boost in boosts.items():
        if cid in combined:
            combined[cid] += boost
        elif allowed(cid):
            combined[cid] = boost
    return sorted(combined.items(), key=lambda item: (-item[1], item[0]))
