"""`hoidap bench` on a small dataset built from docs_corpus: the product's index at two sizes
against brute force, the ingest pipeline against the embedder alone, and the report files."""

from __future__ import annotations

import json
import subprocess
import sys

from tests.conftest import CORPUS


def test_bench_ingest_and_search_write_their_reports(tmp_path):
    dataset = tmp_path / "dataset"
    dataset.mkdir()
    paragraphs = [
        p.strip()
        for path in sorted(CORPUS.glob("*.txt"))
        for p in path.read_text(encoding="utf-8").split("\n\n")
        if len(p.split()) > 20
    ]
    with (dataset / "corpus.jsonl").open("w", encoding="utf-8") as out:
        for i, text in enumerate(paragraphs):
            out.write(json.dumps({"id": f"p{i:03d}", "text": text}, ensure_ascii=False) + "\n")
    with (dataset / "questions.jsonl").open("w", encoding="utf-8") as out:
        for i, question in enumerate(["APO là gì?", "Có bao nhiêu trường đại học?"]):
            row = {"id": f"q{i}", "question": question, "answerable": True, "relevant": [],
                   "answers": []}  # fmt: skip
            out.write(json.dumps(row, ensure_ascii=False) + "\n")
    out_dir = tmp_path / "out"
    result = subprocess.run(
        [sys.executable, "-m", "hoidap", "bench", "ingest", "--dataset-dir", str(dataset),
         "--work", str(tmp_path / "work"), "--out", str(out_dir), "--json"],
        capture_output=True, text=True, timeout=900,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr[-2000:]
    ingest = json.loads(result.stdout)["ingest"]
    assert ingest["reingest_chunks_written"] == 0 and ingest["embedder_chunks_per_s"] > 0
    assert -1 < ingest["pipeline_overhead"] < 1

    result = subprocess.run(
        [sys.executable, "-m", "hoidap", "bench", "search", "--dataset-dir", str(dataset),
         "--sizes", "100,1000", "--work", str(tmp_path / "work"),
         "--out", str(out_dir), "--json"],
        capture_output=True, text=True, timeout=900,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr[-2000:]
    levels = json.loads(result.stdout)["search"]["levels"]
    assert len(levels) == 2 and levels[1]["chunks"] > 2 * levels[0]["chunks"]
    for level in levels:
        assert 0 <= level["recall_at_10_vs_brute"] <= 1 and level["hybrid"]["p95_ms"] > 0
    assert levels[0]["recall_at_10_vs_brute"] >= 0.9  # small index: HNSW is near exact
    assert "<svg" in (out_dir / "bench.html").read_text(encoding="utf-8")
    assert "Search at scale" in (out_dir / "bench.md").read_text(encoding="utf-8")


def test_a_scaled_copy_is_traced_back_to_its_source_chunk():
    from eval.bench_search import source_chunk

    assert source_chunk("p12-copy003#0000") == "p12#0000"
    assert source_chunk("van-ban-copy010#0042") == "van-ban#0042"  # a dash in the real id
    assert source_chunk("p12#0007") == "p12#0007"  # the real chunk is its own source


def test_calibrated_noise_puts_a_copy_as_near_as_the_nearest_real_neighbour():
    import numpy as np

    from eval.bench_search import calibrated_noise

    rng = np.random.default_rng(1)
    vectors = rng.standard_normal((200, 384)).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    sigma, nearest = calibrated_noise(vectors)
    noisy = vectors + rng.normal(0, sigma, vectors.shape).astype(np.float32)
    noisy /= np.linalg.norm(noisy, axis=1, keepdims=True)
    copy_cosine = float(np.median(np.sum(vectors * noisy, axis=1)))
    assert abs(copy_cosine - nearest) < 0.02


def test_the_reports_hold_every_bench_that_ran(tmp_path):
    from eval.bench_report import summary_markdown, write_outputs

    latency = {"p50_ms": 5.0, "p95_ms": 9.0, "n": 20}
    level = {"chunks": 3000, "hybrid": latency, "dense": latency, "brute_force": latency,
             "dense_vs_brute_p95": 1.0, "hybrid_vs_brute_p95": 1.0, "recall_at_10_vs_brute": 0.98,
             "recall_at_10_vs_brute_by_source_chunk": 1.0,
             "hnsw": {"max_neighbors": 32, "ef_construction": 200, "ef_search": 400}}  # fmt: skip
    result = {
        "machine": "2 CPU",
        "created_at": "2026-01-01 00:00:00",
        "search": {
            "copy_noise_sigma": 0.02,
            "copy_cosine_to_source": 0.93,
            "real_nearest_neighbour_cosine": 0.93,
            "levels": [level, {**level, "chunks": 30000}],
        },
        "answer": {
            "extractive": {
                "questions": 20,
                "abstained": 2,
                "first_token": latency,
                "total": latency,
                "prompt_tokens_p50": None,
                "tokens_per_s_p50": None,
            }
        },
    }
    markdown = summary_markdown(result)
    assert "| 30,000 | 32 / 200 / 400 | 5.0 / 9.0 |" in markdown
    assert "| extractive (2 of 20 abstained) |" in markdown and "## Ingest" not in markdown
    paths = write_outputs(result, tmp_path)
    assert [p.name for p in paths] == ["bench.json", "bench.md", "bench.html", "search-latency.svg"]
    assert json.loads(paths[0].read_text(encoding="utf-8")) == result
    assert paths[3].read_text(encoding="utf-8").count("<polyline") == 3
    assert "search-latency.svg" in paths[1].read_text(encoding="utf-8")
