"""`hoidap bench ingest`: the whole pipeline on Zalo WikiQA against the embedder alone on the
same chunk texts, and a re-ingest of the unchanged corpus."""

from __future__ import annotations

import shutil
import sys
import time
from pathlib import Path
from typing import Any

from tqdm import tqdm

from eval.stack import Stack
from eval.zalo import ingest_zalo, load_corpus

EMBED_BATCH = 64  # chunk texts per embedder call when it runs alone


def bench_ingest(stack: Stack, dataset: Path, work: Path) -> dict[str, Any]:
    """Ingests into ``work/ingest`` (emptied first); the overhead is the share of the
    pipeline's time not spent embedding."""
    data_dir = work / "ingest"
    shutil.rmtree(data_dir, ignore_errors=True)
    index = stack.open_index(data_dir)
    ingestor = stack.ingestor(index)
    first = ingest_zalo(ingestor, dataset)
    texts = index.inspection().embedding_texts()
    embedder = index.embedder
    started = time.perf_counter()
    for i in tqdm(range(0, len(texts), EMBED_BATCH), desc="chỉ mô hình nhúng", file=sys.stderr):
        embedder.get_text_embedding_batch(texts[i : i + EMBED_BATCH])
    embed_seconds = time.perf_counter() - started
    again = ingest_zalo(ingestor, dataset)
    megabytes = sum(len(p.text.encode()) for p in load_corpus(dataset)) / 1e6
    pipeline_rate = first["chunks_written"] / first["seconds"]
    embed_rate = len(texts) / embed_seconds
    return {
        "documents": first["documents"],
        "chunks": len(texts),
        "megabytes": round(megabytes, 2),
        "pipeline_seconds": first["seconds"],
        "pipeline_chunks_per_s": round(pipeline_rate, 2),
        "pipeline_mb_per_s": round(megabytes / first["seconds"], 3),
        "embedder_seconds": round(embed_seconds, 2),
        "embedder_chunks_per_s": round(embed_rate, 2),
        "pipeline_overhead": round(1 - pipeline_rate / embed_rate, 4),
        "reingest_seconds": again["seconds"],
        "reingest_chunks_written": again["chunks_written"],
        "data_dir": str(data_dir),
    }
