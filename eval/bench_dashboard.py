"""`hoidap bench dashboard`: the "Thống kê" tab's load time with 10,000 recorded questions, and
`hoidap bench dashboard-calibrate`: the topic threshold of the unanswered report.

**Load.** 10,000 question records are made up the way the app records them (``QuestionRecord``
fields): asked over 90 days by 40 people on the three channels; answered questions are the
golden set's, citing its evidence documents, on the four answer paths; ~15 % abstained, drawn
from 300 Zalo WikiQA questions (questions the product's documents do not answer) with a
long-tailed frequency and some typed in lower case or without "?"; a few % of answers 👎. The
dashboard is built by the composition root over the product corpus's index (``Wiring.dashboard``:
the real embedder, the real unrestricted search) and timed as the tab loads it: the figures,
then the unanswered report, first with nothing embedded (a server's first load) and again
with the question vectors remembered (every later load).

**Calibration.** The report groups questions whose average cosine distance is under
``unanswered_cluster_distance``. No Vietnamese paraphrase set is at hand, so two sets nobody
tuned on pull against each other: hand-written paraphrase sets of workplace questions
(``eval/datasets/paraphrases.jsonl``; 15 topics, 3-4 wordings each; not the tests' questions)
should each form one group, and the 515 distinct Zalo questions, clustered together with them,
should stay apart unless they are about the same thing (questions sharing a candidate paragraph
in Zalo's human-labelled pairs count as one topic). Each threshold is scored by B-cubed F1 on
either set; the chosen one has the best mean of the two.

This module imports no ``ui``: the records and the dashboard come from the wiring it is handed
(``eval.stack``'s rule, the layering test's).
"""

from __future__ import annotations

import dataclasses
import json
import random
import time
from collections import defaultdict
from collections.abc import Callable, Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import numpy as np

DATASETS = Path(__file__).resolve().parent / "datasets"
GOLDEN = DATASETS / "golden.jsonl"
PARAPHRASES = DATASETS / "paraphrases.jsonl"
RECORDS = 10_000
ABSTAINED_SHARE = 0.15
DISLIKED_SHARE = 0.03  # answered, then given 👎
LIKED_SHARE = 0.08
UNANSWERED_POOL = 300
DAYS = 90
END = datetime(2026, 12, 1, 17, 0, tzinfo=UTC)
ANSWER_PATHS = (  # (path, share of the answered, median latency in ms)
    ("quoted", 0.45, 350.0),
    ("generated", 0.35, 4500.0),
    ("fell_back_unsupported", 0.10, 5200.0),
    ("fell_back_declined", 0.05, 4800.0),
    ("fell_back_llm_error", 0.05, 900.0),
)
GRID = (0.05, 0.06, 0.07, 0.08, 0.085, 0.09, 0.095, 0.10, 0.11, 0.12, 0.13, 0.14)


def _jsonl(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


def answered_pool(golden: Path = GOLDEN) -> list[tuple[str, tuple[str, ...]]]:
    """Golden questions the documents answer, with the documents their evidence is in."""
    pool = []
    for row in _jsonl(golden):
        docs = tuple(dict.fromkeys(e["doc_id"] for e in row.get("evidence", [])))
        if row.get("answerable") and docs and not row.get("history"):
            pool.append((row["question"], docs))
    return pool


def unanswered_pool(zalo_dir: Path, n: int = UNANSWERED_POOL) -> list[str]:
    """``n`` distinct Zalo questions: about Wikipedia, not the product's documents."""
    return [row["question"] for row in _jsonl(zalo_dir / "questions.jsonl")][:n]


def synthetic_rows(
    answered: Sequence[tuple[str, tuple[str, ...]]],
    unanswered: Sequence[str],
    n: int = RECORDS,
    seed: int = 17,
) -> list[dict[str, Any]]:
    """``n`` question records' fields (``QuestionRecord``), in the order they were asked."""
    rng = random.Random(seed)
    # A long tail: a few gaps asked again and again, most once or twice.
    weights = [1 / (rank + 1) ** 0.8 for rank in range(len(unanswered))]
    users = [f"nhan-vien-{k:02d}" for k in range(40)]
    rows = []
    for k in range(n):
        at = END - timedelta(seconds=rng.uniform(0, DAYS * 86_400))
        channel = rng.choices(("chat", "api", "openai"), (0.8, 0.15, 0.05))[0]
        if rng.random() < ABSTAINED_SHARE:
            question = rng.choices(unanswered, weights)[0]
            if rng.random() < 0.2:  # the same question, typed differently
                question = question.lower().rstrip("?") if rng.random() < 0.5 else question + "?"
            path, median, cited, rating = "abstained", 300.0, (), None
        else:
            question, docs = rng.choice(answered)
            path, _, median = rng.choices(ANSWER_PATHS, [p[1] for p in ANSWER_PATHS])[0]
            cited = docs
            draw = rng.random()
            liked = draw < DISLIKED_SHARE + LIKED_SHARE
            rating = -1 if draw < DISLIKED_SHARE else 1 if liked else None
        rows.append(
            {
                "id": k + 1,
                "at": at,
                "user": rng.choice(users),
                "channel": channel,
                "conversation_id": f"c{rng.randrange(3000)}" if channel == "chat" else None,
                "question": question,
                "answer": "" if path == "abstained" else "Câu trả lời [1].",
                "path": path,
                "abstained": path == "abstained",
                "latency_ms": round(median * rng.lognormvariate(0, 0.5), 1),
                "cited_doc_ids": cited,
                "rating": rating,
            }
        )
    rows.sort(key=lambda row: row["at"])
    for k, row in enumerate(rows, start=1):
        row["id"] = k
    return rows


def _timed(call: Callable[..., Any], spent: list[float]) -> Callable[..., Any]:
    def timed(*args: Any) -> Any:
        start = time.perf_counter()
        try:
            return call(*args)
        finally:
            spent.append(time.perf_counter() - start)

    return timed


def _index(wiring: Any, work: Path, corpus: Path) -> Any:
    index = wiring.open_index(work / "index")
    if index.status().documents == 0:
        wiring.ingestor(index, progress=False).ingest_paths([corpus])
    return index


def run_dashboard_benchmark(
    wiring: Any, work: Path, corpus: Path, zalo_dir: Path, n: int = RECORDS
) -> dict[str, Any]:
    """The dashboard's load time over ``n`` records (see the module's docstring)."""
    index = _index(wiring, work, corpus)
    rows = synthetic_rows(answered_pool(), unanswered_pool(zalo_dir), n)
    source = wiring.record_list(rows)
    result: dict[str, Any] = {"records": len(rows)}

    def load(dashboard: Any) -> dict[str, Any]:
        embedded: list[float] = []
        searched: list[float] = []
        timed = dataclasses.replace(
            dashboard,
            embed=_timed(dashboard.embed, embedded),
            closest=_timed(dashboard.closest, searched),
        )
        start = time.perf_counter()
        figures = timed.figures()
        figures_s = time.perf_counter() - start
        report = timed.unanswered()
        total = time.perf_counter() - start
        return {
            "figures_ms": round(figures_s * 1000, 1),
            "unanswered_s": round(total - figures_s, 2),
            "embed_s": round(sum(embedded), 2),
            "search_s": round(sum(searched), 2),
            "searches": len(searched),
            "cluster_and_rest_s": round(total - figures_s - sum(embedded) - sum(searched), 2),
            "total_s": round(total, 2),
            "questions": figures.questions,
            "abstained": figures.abstained,
            "unanswered_records": report.records,
            "distinct": report.distinct,
            "groups": len(report.groups),
            "largest_groups": [g.examples[:2] for g in report.groups[:3]],
        }

    dashboard = wiring.dashboard(index, source)
    dashboard.embed(["khởi động mô hình"])  # the model loaded, as in a running server
    result["first_load"] = load(dashboard)  # nothing embedded yet
    result["next_load"] = load(dashboard)  # the question vectors remembered
    start = time.perf_counter()
    for _ in range(5):
        dashboard.figures()
    result["figures_only_ms"] = round((time.perf_counter() - start) / 5 * 1000, 1)
    result["distinct_unanswered"] = result["first_load"]["distinct"]
    return result


# -- calibration -----------------------------------------------------------------------------
def zalo_topics(zalo_dir: Path) -> list[int]:
    """A topic per Zalo question: questions sharing a paragraph (relevant, or a candidate in
    the human-labelled pairs) are about one thing (union-find over the paragraphs)."""
    questions = _jsonl(zalo_dir / "questions.jsonl")
    position = {row["id"]: k for k, row in enumerate(questions)}
    parent = list(range(len(questions)))

    def root(k: int) -> int:
        while parent[k] != k:
            parent[k] = parent[parent[k]]
            k = parent[k]
        return k

    by_paragraph: dict[str, set[int]] = defaultdict(set)
    for pair in _jsonl(zalo_dir / "pairs.jsonl"):
        by_paragraph[pair["paragraph_id"]].add(position[pair["question_id"]])
    for row in questions:
        for paragraph in row["relevant"]:
            by_paragraph[paragraph].add(position[row["id"]])
    for members in by_paragraph.values():
        first, *rest = sorted(members)
        for other in rest:
            parent[root(other)] = root(first)
    return [root(k) for k in range(len(questions))]


def b_cubed(labels: np.ndarray, truth: np.ndarray, rows: np.ndarray) -> tuple[float, float]:
    """B-cubed precision and recall of ``labels`` against ``truth``, averaged over ``rows``."""
    same_group = labels[rows, None] == labels[None, :]
    same_topic = truth[rows, None] == truth[None, :]
    both = (same_group & same_topic).sum(axis=1)
    return float((both / same_group.sum(axis=1)).mean()), float(
        (both / same_topic.sum(axis=1)).mean()
    )


def _f1(precision: float, recall: float) -> float:
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def calibrate(
    wiring: Any,
    work: Path,
    zalo_dir: Path,
    paraphrases: Path = PARAPHRASES,
    grid: Sequence[float] = GRID,
) -> dict[str, Any]:
    """B-cubed F1 of the report's grouping at each threshold (module docstring)."""
    sets = _jsonl(paraphrases)
    zalo = [row["question"] for row in _jsonl(zalo_dir / "questions.jsonl")]
    texts = [q for s in sets for q in s["questions"]] + zalo
    truth = np.array(
        [k for k, s in enumerate(sets) for _ in s["questions"]]
        + [len(sets) + topic for topic in zalo_topics(zalo_dir)]
    )
    written = np.arange(len(texts) - len(zalo))
    asked = np.arange(len(texts) - len(zalo), len(texts))
    # Only the index's embedder is used: an empty index of its own will do.
    dashboard = wiring.dashboard(wiring.open_index(work / "calibrate"), wiring.record_list(()))
    start = time.perf_counter()
    dashboard.topics(texts)  # every question embedded once; each threshold reuses them
    embed_s = time.perf_counter() - start
    scores = []
    for distance in grid:
        labels = np.array(dashboard.topics(texts, distance))
        paraphrase = b_cubed(labels, truth, written)
        others = b_cubed(labels, truth, asked)
        scores.append(
            {
                "distance": distance,
                "paraphrase_precision": round(paraphrase[0], 3),
                "paraphrase_recall": round(paraphrase[1], 3),
                "paraphrase_f1": round(_f1(*paraphrase), 3),
                "zalo_precision": round(others[0], 3),
                "zalo_recall": round(others[1], 3),
                "zalo_f1": round(_f1(*others), 3),
                "mean_f1": round((_f1(*paraphrase) + _f1(*others)) / 2, 3),
                "paraphrase_sets_whole": sum(
                    len(set(labels[truth == k])) == 1
                    and int((labels == labels[truth == k][0]).sum()) == int((truth == k).sum())
                    for k in range(len(sets))
                ),
            }
        )
    best = max(scores, key=lambda s: s["mean_f1"])
    return {
        "paraphrase_sets": len(sets),
        "paraphrases": len(written),
        "zalo_questions": len(zalo),
        "zalo_topics": len(set(truth[asked].tolist())),
        "embed_s": round(embed_s, 1),
        "chosen_distance": best["distance"],
        "scores": scores,
    }


def format_table(result: dict[str, Any]) -> str:
    """The load benchmark as a Markdown table (README)."""
    lines = [
        f"{result['records']:,} records, {result['distinct_unanswered']} distinct unanswered "
        f"questions; figures alone {result['figures_only_ms']} ms",
        "",
        "| load | figures | unanswered report | of which embedding | searches | total |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    for name, label in (("first_load", "first (nothing embedded)"), ("next_load", "next")):
        r = result[name]
        lines.append(
            f"| {label} | {r['figures_ms']} ms | {r['unanswered_s']} s ({r['groups']} groups) | "
            f"{r['embed_s']} s | {r['search_s']} s ({r['searches']}) | {r['total_s']} s |"
        )
    return "\n".join(lines)
