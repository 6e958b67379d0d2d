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
