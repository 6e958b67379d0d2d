"""`hoidap bench ingest|search|answer|load|all`: performance of the product's own code paths.

Ratios are measured in the same run (the machine is shared and noisy); absolute times come
with p50/p95. One module a bench (``bench_ingest``, ``bench_search``, ``bench_answer``,
``bench_load``); ``bench_report`` writes the JSON, the Markdown summary and the HTML page with
a latency-vs-size chart.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from eval.bench_answer import ANSWER_QUESTIONS, bench_answer
from eval.bench_ingest import bench_ingest
from eval.bench_load import bench_load
from eval.bench_search import SEARCH_SIZES, bench_search
from eval.golden import load_golden
from eval.stack import Stack


def bench_questions(limit: int | None = None) -> list[str]:
    """The answer and load benches' questions: the golden set's first ``limit`` that stand
    alone (no conversation history)."""
    return [i.question for i in load_golden() if not i.history][:limit]


def run_bench(
    stack: Stack,
    what: str,
    dataset: Path,
    corpus: Path,
    questions: list[str],
    work: Path | None = None,
    sizes: tuple[int, ...] = SEARCH_SIZES,
    progress: Callable[[str], None] | None = None,
    copy_noise: float | None = None,
) -> dict[str, Any]:
    """Runs ``what`` ("ingest", "search", "answer", "load" or "all") in ``work`` (a fresh
    temporary dir by default; an existing one reuses the scaled indexes)."""
    work = work or Path(tempfile.mkdtemp(prefix="hoidap-bench-"))
    say = progress or (lambda message: print(f"==> {message}", file=sys.stderr))
    result: dict[str, Any] = {
        "machine": f"{os.cpu_count()} CPU",
        "created_at": time.strftime("%Y-%m-%d %H:%M:%S"),
        "work_dir": str(work),
    }
    if what in ("ingest", "all"):
        say("ingest")
        result["ingest"] = bench_ingest(stack, dataset, work)
    if what in ("search", "all"):
        say("search")
        result["search"] = bench_search(stack, dataset, work, sizes, copy_noise)
    if what in ("answer", "all"):
        say("answer")
        result["answer"] = bench_answer(
            stack, corpus, questions[:ANSWER_QUESTIONS], work, ("extractive", "llm")
        )
    if what in ("load", "all"):
        say("load")
        result["load"] = bench_load(corpus, questions, work)
    return result
