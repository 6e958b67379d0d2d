"""The "Thống kê" figures and the "Câu hỏi chưa trả lời được" report (issue 17), computed from
recorded questions (``ui.questions.QuestionRecord``); no Gradio here: the tab
(``ui.dashboard_tab``), ``hoidap stats`` and the benchmark all read these.

- ``figures``: questions per day, answered vs abstained, answer path (``PATH_GROUPS``), latency
  p50/p95, 👍/👎 share, most-cited documents, in a time window; a JSON-able ``Figures``.
- ``unanswered``: abstentions and 👎 answers grouped by topic. Questions are embedded as the
  index embeds a query (e5's "query: " side, which e5 also prescribes for symmetric similarity),
  then clustered with average-linkage agglomerative clustering on cosine distance, cut at
  ``DashboardConfig.cluster_distance``. Each group: its count, up to three example questions, and
  the passages closest to its most central question (an unrestricted search, injected). The
  document owners' list of gaps: ``report_csv``.

The records, the embedder and the search come in as callables (``Dashboard``), so this module
holds no store of its own.
"""

from __future__ import annotations

import csv
import io
import re
import threading
import unicodedata
from collections import Counter, OrderedDict, defaultdict
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from datetime import date, datetime, timedelta
from typing import Any, Protocol

import numpy as np

from index.records import Hit
from index.text import for_embedding
from ui.csv_export import neutralise  # the one rule against CSV formula injection
from ui.questions import PATH_GROUPS, QuestionRecord

Embed = Callable[[Sequence[str]], np.ndarray]  # texts → one row per text
Closest = Callable[[str], Sequence[Hit]]  # a question → the passages nearest to it
Title = Callable[[str], str]  # doc id → its title


class QuestionSource(Protocol):
    """Where recorded questions are read from (``ui.history``'s store)."""

    def questions(self, since: date | None) -> list[QuestionRecord]: ...


@dataclass(frozen=True)
class RecordList:
    """A ``QuestionSource`` over records already in memory (tests, the benchmark)."""

    records: Sequence[QuestionRecord]

    def questions(self, since: date | None) -> list[QuestionRecord]:
        return [r for r in self.records if since is None or r.at.date() >= since]


@dataclass(frozen=True)
class DashboardConfig:
    # Cosine distance (1 - cosine) at which two groups of questions stop being merged (average
    # linkage, e5-small query vectors). Chosen by ``python -m eval.bench_dashboard --calibrate``
    # on hand-written paraphrase sets (eval/datasets/paraphrases.jsonl, not the tests') against
    # the 515 distinct Zalo WikiQA questions: README "Thống kê".
    cluster_distance: float = 0.09
    examples: int = 3  # example questions per group
    passages: int = 3  # closest passages per group
    top_documents: int = 10  # "most-cited documents"
    # Distinct unanswered questions clustered at most (the most asked first): clustering is
    # quadratic in memory; 3,000 take ~40 MB.
    max_questions: int = 3000
    max_groups: int = 200  # groups reported (the largest first), each with its passages


# -- the figures ---------------------------------------------------------------------------
@dataclass(frozen=True)
class DayCount:
    day: str  # ISO date (UTC)
    questions: int
    answered: int
    abstained: int


@dataclass(frozen=True)
class CitedDocument:
    doc_id: str
    title: str
    citations: int  # answers citing it


@dataclass(frozen=True)
class Figures:
    since: str | None  # ISO dates of the window, None = open
    until: str | None
    questions: int
    answered: int
    abstained: int
    per_day: list[DayCount]
    paths: dict[str, int]  # PATH_GROUPS label → answers (labels in PATH_GROUPS' order)
    latency_p50_ms: float | None
    latency_p95_ms: float | None
    rated: int
    thumbs_up: int
    thumbs_down: int
    top_documents: list[CitedDocument]

    @property
    def up_share(self) -> float | None:
        """👍 among the rated answers."""
        return self.thumbs_up / self.rated if self.rated else None

    @property
    def down_share(self) -> float | None:
        return self.thumbs_down / self.rated if self.rated else None

    @property
    def abstained_share(self) -> float | None:
        return self.abstained / self.questions if self.questions else None

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data.update(
            up_share=self.up_share,
            down_share=self.down_share,
            abstained_share=self.abstained_share,
        )
        return data


def in_window(
    records: Sequence[QuestionRecord], since: date | None = None, until: date | None = None
) -> list[QuestionRecord]:
    """The records asked on ``since`` … ``until`` (UTC days, both included)."""
    return [
        r
        for r in records
        if (since is None or r.at.date() >= since) and (until is None or r.at.date() <= until)
    ]


def _percentile(values: Sequence[float], q: float) -> float | None:
    return round(float(np.percentile(np.asarray(values, np.float64), q)), 1) if values else None


def _days(records: Sequence[QuestionRecord], since: date | None, until: date | None) -> list[date]:
    """Every day of the window, empty ones included (a chart with gaps reads as no data)."""
    if not records:
        return []
    asked = [r.at.date() for r in records]
    first = max(since, min(asked)) if since else min(asked)
    last = min(until, max(asked)) if until else max(asked)
    return [first + timedelta(days=n) for n in range((last - first).days + 1)]


def figures(
    records: Sequence[QuestionRecord],
    since: date | None = None,
    until: date | None = None,
    title: Title | None = None,
    top_documents: int = 10,
) -> Figures:
    """The dashboard's figures over the records asked in the window."""
    kept = in_window(records, since, until)
    per_day: dict[date, list[int]] = {day: [0, 0] for day in _days(kept, since, until)}
    paths: dict[str, int] = {label: 0 for label in dict.fromkeys(PATH_GROUPS.values())}
    cited: Counter[str] = Counter()
    for record in kept:
        per_day[record.at.date()][1 if record.abstained else 0] += 1
        label = PATH_GROUPS.get(record.path, record.path)
        paths[label] = paths.get(label, 0) + 1
        cited.update(record.cited_doc_ids)
    latencies = [r.latency_ms for r in kept]
    ratings = [r.rating for r in kept if r.rating]
    title = title or (lambda doc_id: doc_id)
    return Figures(
        since=since.isoformat() if since else None,
        until=until.isoformat() if until else None,
        questions=len(kept),
        answered=sum(1 for r in kept if not r.abstained),
        abstained=sum(1 for r in kept if r.abstained),
        per_day=[
            DayCount(day.isoformat(), answered + abstained, answered, abstained)
            for day, (answered, abstained) in per_day.items()
        ],
        paths=paths,
        latency_p50_ms=_percentile(latencies, 50),
        latency_p95_ms=_percentile(latencies, 95),
        rated=len(ratings),
        thumbs_up=sum(1 for r in ratings if r > 0),
        thumbs_down=sum(1 for r in ratings if r < 0),
        top_documents=[
            CitedDocument(doc_id, title(doc_id) or doc_id, count)
            for doc_id, count in sorted(cited.items(), key=lambda kv: (-kv[1], kv[0]))[
                :top_documents
            ]
        ],
    )


# -- the unanswered report -----------------------------------------------------------------
@dataclass(frozen=True)
class Passage:
    doc_id: str
    title: str
    chunk_id: str
    text: str  # the passage's beginning
    score: float


@dataclass(frozen=True)
class Group:
    count: int  # records in the group (each time it was asked)
    abstained: int
    disliked: int  # answered, then given 👎
    distinct: int  # distinct questions
    last_asked: str  # ISO timestamp
    examples: list[str]  # the most asked first
    passages: list[Passage] = field(default_factory=list)


@dataclass(frozen=True)
class UnansweredReport:
    since: str | None
    until: str | None
    records: int  # abstentions and 👎 answers in the window
    distinct: int  # distinct questions among them, grouped (at most ``max_questions``)
    groups: list[Group]

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


def unanswered_records(records: Sequence[QuestionRecord]) -> list[QuestionRecord]:
    """Abstentions, and answers given 👎; none whose question the retention setting dropped."""
    return [r for r in records if (r.abstained or (r.rating or 0) < 0) and r.question.strip() != ""]


def question_key(text: str) -> str:
    """Two askings of one question: NFC, case and spacing aside, no trailing "?"."""
    text = unicodedata.normalize("NFC", text).casefold()
    return re.sub(r"\s+", " ", text).strip(" ?.!")


def unit_vectors(embed: Embed, texts: Sequence[str]) -> np.ndarray:
    """``texts`` embedded, one unit-length row each."""
    if not texts:
        return np.zeros((0, 1), np.float32)
    vectors = np.array(embed(texts), np.float32)
    return vectors / np.maximum(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-12)


def cluster(vectors: np.ndarray, distance: float) -> list[int]:
    """A group label per row: average-linkage agglomerative clustering on cosine distance,
    merging while the groups' mean distance is below ``distance``."""
    if len(vectors) == 0:
        return []
    if len(vectors) == 1:
        return [0]
    from sklearn.cluster import AgglomerativeClustering

    model = AgglomerativeClustering(
        n_clusters=None, distance_threshold=distance, metric="cosine", linkage="average"
    )
    return [int(label) for label in model.fit_predict(np.asarray(vectors, np.float32))]


def _passage(hit: Hit) -> Passage:
    text = " ".join(hit.text.split())
    return Passage(hit.doc_id, hit.title, hit.chunk_id, text[:300], round(float(hit.score), 4))


def unanswered(
    records: Sequence[QuestionRecord],
    embed: Embed,
    closest: Closest | None = None,
    config: DashboardConfig = DashboardConfig(),
    since: date | None = None,
    until: date | None = None,
) -> UnansweredReport:
    """Abstentions and 👎 answers in the window, grouped by topic, the largest group first."""
    kept = unanswered_records(in_window(records, since, until))
    asked: dict[str, list[QuestionRecord]] = defaultdict(list)
    for record in kept:
        asked[question_key(record.question)].append(record)
    # The most asked distinct questions first; each shown as it was last asked.
    distinct = sorted(asked.values(), key=lambda rs: (-len(rs), -max(r.at for r in rs).timestamp()))
    distinct = distinct[: config.max_questions]
    texts = [max(rs, key=lambda r: r.at).question.strip() for rs in distinct]
    vectors = unit_vectors(embed, texts)
    labels = cluster(vectors, config.cluster_distance)
    members: dict[int, list[int]] = defaultdict(list)
    for row, label in enumerate(labels):
        members[label].append(row)

    def size(rows: list[int]) -> int:
        return sum(len(distinct[i]) for i in rows)

    groups: list[Group] = []
    for rows in sorted(members.values(), key=lambda rs: (-size(rs), rs[0]))[: config.max_groups]:
        in_group = [r for i in rows for r in distinct[i]]
        # The question nearest the group's mean stands for it in the search.
        centre = vectors[rows].mean(axis=0)
        central = rows[int(np.argmax(vectors[rows] @ centre))]
        hits = list(closest(texts[central]))[: config.passages] if closest else []
        groups.append(
            Group(
                count=len(in_group),
                abstained=sum(1 for r in in_group if r.abstained),
                disliked=sum(1 for r in in_group if not r.abstained and (r.rating or 0) < 0),
                distinct=len(rows),
                last_asked=max(r.at for r in in_group).isoformat(timespec="seconds"),
                examples=[texts[i] for i in rows[: config.examples]],  # rows: most asked first
                passages=[_passage(h) for h in hits],
            )
        )
    return UnansweredReport(
        since=since.isoformat() if since else None,
        until=until.isoformat() if until else None,
        records=len(kept),
        distinct=len(distinct),
        groups=groups,
    )


CSV_HEADERS = (
    "Nhóm",
    "Số lần hỏi",
    "Không có trong tài liệu",
    "Bị đánh giá 👎",
    "Số câu hỏi khác nhau",
    "Lần hỏi gần nhất",
    "Câu hỏi ví dụ",
    "Đoạn gần nhất",
)


def report_rows(report: UnansweredReport) -> list[list[Any]]:
    """One row per group, in ``CSV_HEADERS``' order (the tab's table shows the same)."""
    return [
        [
            n,
            g.count,
            g.abstained,
            g.disliked,
            g.distinct,
            g.last_asked[:16].replace("T", " "),  # UTC, to the minute
            "\n".join(g.examples),
            "\n".join(f"{p.title} ({p.doc_id}): {p.text}" for p in g.passages),
        ]
        for n, g in enumerate(report.groups, start=1)
    ]


def report_csv(report: UnansweredReport) -> str:
    """The report as CSV (UTF-8 with a BOM, so a spreadsheet reads the Vietnamese right); every
    text cell a spreadsheet would run as a formula is made text (``neutralise``)."""
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out)
    writer.writerow(CSV_HEADERS)
    writer.writerows([[neutralise(cell) for cell in row] for row in report_rows(report)])
    return out.getvalue()


# -- embedding questions -------------------------------------------------------------------
class QueryEmbedder(Protocol):
    """What is needed of the index's embedder (a llama-index ``BaseEmbedding``)."""

    def get_query_embedding(self, query: str) -> list[float]: ...


class QuestionVectors:
    """``Embed`` for questions with the project's embedder, as a search embeds them (the
    text the embedder sees, ``index.text.for_embedding``; the query side), remembered by text:
    a dashboard reloaded embeds only the questions asked since."""

    def __init__(self, embedder: Callable[[], QueryEmbedder], cache_size: int = 50_000) -> None:
        self.embedder = embedder  # called at the first question: the model loads lazily
        self.cache_size = cache_size
        self._cache: OrderedDict[str, np.ndarray] = OrderedDict()
        self._lock = threading.Lock()

    def __call__(self, texts: Sequence[str]) -> np.ndarray:
        rows: list[np.ndarray] = []
        for text in texts:
            with self._lock:
                vector = self._cache.get(text)
            if vector is None:
                vector = np.asarray(
                    self.embedder().get_query_embedding(for_embedding(text)), np.float32
                )
                with self._lock:
                    self._cache[text] = vector
                    while len(self._cache) > self.cache_size:
                        self._cache.popitem(last=False)
            rows.append(vector)
        return np.stack(rows) if rows else np.zeros((0, 1), np.float32)


# -- what the tab and the CLI hold ---------------------------------------------------------
@dataclass
class Dashboard:
    """The dashboard's inputs, put together by the composition root: the recorded questions,
    doc id → title, the question embedder and the (unrestricted) search."""

    source: QuestionSource
    embed: Embed
    closest: Closest | None = None
    title: Title | None = None
    config: DashboardConfig = field(default_factory=DashboardConfig)

    def figures(self, since: date | None = None, until: date | None = None) -> Figures:
        records = self.source.questions(since)
        return figures(records, since, until, self.title, self.config.top_documents)

    def unanswered(self, since: date | None = None, until: date | None = None) -> UnansweredReport:
        records = self.source.questions(since)
        return unanswered(records, self.embed, self.closest, self.config, since, until)

    def topics(self, texts: Sequence[str], distance: float | None = None) -> list[int]:
        """A topic label per question, as the report groups them (``--calibrate`` reads it)."""
        cut = self.config.cluster_distance if distance is None else distance
        return cluster(unit_vectors(self.embed, texts), cut)

    def both(
        self, since: date | None = None, until: date | None = None
    ) -> tuple[Figures, UnansweredReport]:
        """Figures and report from one read of the store."""
        records = self.source.questions(since)
        return (
            figures(records, since, until, self.title, self.config.top_documents),
            unanswered(records, self.embed, self.closest, self.config, since, until),
        )


def parse_day(text: str) -> date:
    """A YYYY-MM-DD (or dd/mm/yyyy) day; ValueError with a Vietnamese message otherwise."""
    text = text.strip()
    for pattern in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    raise ValueError(f"ngày không hợp lệ: {text[:40]!r} (dạng YYYY-MM-DD)")
