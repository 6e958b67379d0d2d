"""Retrieval benchmark on Zalo WikiQA: ingest into its own data dir, then measure every mode.

Each paragraph is one document; a hit is any chunk of a relevant paragraph. Reported for
dense, lexical and hybrid search, with the questions as written and with diacritics stripped.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path
from typing import Any

from tqdm import tqdm

from eval.metrics import hit_at_k, percentile, reciprocal_rank, unique_in_order
from eval.stack import Stack
from eval.zalo import ingest_zalo, load_questions
from index import SearchIndex, strip_diacritics

MODES = ("dense", "lexical", "hybrid")
CHUNK_DEPTH = 50  # chunks fetched per query; enough for 10 distinct documents


def _evaluate(index: SearchIndex, questions: list, mode: str, strip: bool) -> dict[str, Any]:
    hits1 = hits5 = hits10 = rr = 0.0
    latencies: list[float] = []
    label = f"{mode}{' (không dấu)' if strip else ''}"
    for q in tqdm(questions, desc=label, unit="câu", file=sys.stderr, leave=False):
        text = strip_diacritics(q.question) if strip else q.question
        started = time.perf_counter()
        hits = index.search(text, k=CHUNK_DEPTH, mode=None if mode == "hybrid" else mode)
        latencies.append((time.perf_counter() - started) * 1000)
        ranked = unique_in_order([h.doc_id for h in hits])[:10]
        relevant = set(q.relevant)
        hits1 += hit_at_k(ranked, relevant, 1)
        hits5 += hit_at_k(ranked, relevant, 5)
        hits10 += hit_at_k(ranked, relevant, 10)
        rr += reciprocal_rank(ranked, relevant, 10)
    n = len(questions)
    return {
        "mode": mode,
        "diacritics": "stripped" if strip else "as written",
        "questions": n,
        "hit@1": round(hits1 / n, 4),
        "hit@5": round(hits5 / n, 4),
        "hit@10": round(hits10 / n, 4),
        "mrr@10": round(rr / n, 4),
        "latency_ms_p50": round(percentile(latencies, 50), 1),
        "latency_ms_p95": round(percentile(latencies, 95), 1),
    }


def run_retrieval_benchmark(
    stack: Stack, dataset_dir: Path, limit: int | None = None, out: Path | None = None
) -> dict[str, Any]:
    index = stack.open_index()
    ingest = ingest_zalo(stack.ingestor(index), dataset_dir)
    questions = [q for q in load_questions(dataset_dir) if q.answerable][:limit]
    rows = [_evaluate(index, questions, mode, strip) for strip in (False, True) for mode in MODES]
    result = {
        "dataset": str(dataset_dir),
        "settings": stack.describe(),
        "ingest": ingest,
        "retrieval": rows,
    }
    if out:
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(json.dumps(result, ensure_ascii=False, indent=2), encoding="utf-8")
    return result


def format_table(result: dict[str, Any]) -> str:
    ingest = result["ingest"]
    lines = [
        f"Ingest: {ingest['documents']} tài liệu, {ingest['chunks']} đoạn; "
        f"{ingest['chunks_written']} đoạn ghi trong {ingest['seconds']} s "
        f"({ingest['chunks_per_s']} đoạn/s)",
        "",
        "| mode | diacritics | hit@1 | hit@5 | hit@10 | MRR@10 | p50 ms | p95 ms |",
        "| --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for r in result["retrieval"]:
        lines.append(
            f"| {r['mode']} | {r['diacritics']} | {r['hit@1']:.3f} | {r['hit@5']:.3f} | "
            f"{r['hit@10']:.3f} | {r['mrr@10']:.3f} | {r['latency_ms_p50']} | "
            f"{r['latency_ms_p95']} |"
        )
    return "\n".join(lines)
