"""Faults survived: ingestion killed 20 times (once mid-write, then at random points)
finishes with exactly the right documents and chunks; `hoidap doctor` finds and repairs a
manifest/Chroma mismatch."""

from __future__ import annotations

import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time

from tests.conftest import ingest

KILLS = 20
# A run starts writing after loading its models (a few seconds on 2 cores): random kills
# fall from half a second in to this.
RANDOM_KILL_WITHIN_S = 7.0


def _doctor(data_dir, *args: str) -> tuple[int, dict]:
    result = subprocess.run(
        [sys.executable, "-m", "hoidap", "doctor", "--json", "--data-dir", str(data_dir), *args],
        capture_output=True,
        text=True,
    )
    return result.returncode, json.loads(result.stdout)


def _ingest_process(corpus, env) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "hoidap", "ingest", str(corpus), "--no-progress"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def _documents_written(manifest) -> int:
    if not manifest.exists():
        return 0
    with sqlite3.connect(f"file:{manifest}?mode=ro", uri=True) as db:
        try:
            return db.execute("SELECT count(*) FROM documents").fetchone()[0]
        except sqlite3.OperationalError:
            return 0


def test_twenty_kills_then_one_run_gives_exactly_the_corpus(
    make_index, corpus_copy, corpus_index, tmp_path
):
    """kill -9 a real `hoidap ingest` 20 times: first once it has written two documents, then
    at seeded random points; the next run completes it, without duplicates."""
    data_dir = tmp_path / "killed"
    manifest = data_dir / "manifest.sqlite"
    env = {**os.environ, "HOIDAP_DATA_DIR": str(data_dir)}
    process = _ingest_process(corpus_copy, env)
    deadline = time.monotonic() + 120
    try:
        while time.monotonic() < deadline and process.poll() is None:
            if _documents_written(manifest) >= 2:
                break
            time.sleep(0.05)
    finally:
        process.send_signal(signal.SIGKILL)
        process.wait()
    assert _documents_written(manifest) >= 2, "the first kill came before any writing"

    chance = random.Random(20261121)  # reproducible "random" points
    killed_while_writing = 1
    for _ in range(KILLS - 1):
        process = _ingest_process(corpus_copy, env)
        time.sleep(chance.uniform(0.5, RANDOM_KILL_WITHIN_S))
        if process.poll() is None:
            killed_while_writing += manifest.exists()
            process.send_signal(signal.SIGKILL)
        process.wait()
    assert killed_while_writing >= 5, "the kills never hit a run that was writing"

    index = make_index(data_dir)
    report = ingest(index, corpus_copy)
    assert report.failed == []
    status = index.status()
    expected = corpus_index.status()
    assert (status.documents, status.chunks, status.pending) == (5, expected.chunks, 0)
    assert status.chunks == sum(row.chunk_count for row in index.documents())
    check = index.check()
    assert check.consistent and check.duplicate_ids == 0, check
    assert ingest(index, corpus_copy).unchanged == 5  # nothing left to redo


def test_doctor_finds_and_repairs_a_mismatch(make_index, corpus_copy, tmp_path):
    data_dir = tmp_path / "data"
    index = make_index(data_dir)
    ingest(index, corpus_copy)
    chunks = index.status().chunks
    # Damage: one document loses its manifest row (its chunks become orphans), another is
    # left "pending" as a killed run would leave it.
    rows = index.documents()
    index.manifest.delete(rows[0].doc_id)
    index.manifest.set_state(rows[1].doc_id, "pending")
    index.manifest.close()

    code, found = _doctor(data_dir)
    assert code == 1 and not found["before"]["consistent"]
    assert {p["doc_id"] for p in found["before"]["problems"]} == {rows[0].doc_id, rows[1].doc_id}

    code, repaired = _doctor(data_dir, "--repair")
    assert code == 0 and repaired["after"]["consistent"]
    assert repaired["after"]["chunks"] == chunks - rows[0].chunk_count  # orphan removed
    assert repaired["reingested"] == [rows[1].path]  # the pending one re-read from its file
    assert _doctor(data_dir)[0] == 0


def test_questions_are_answered_while_documents_are_ingested(corpus_copy, tmp_path):
    """A served app keeps answering from a consistent index while another process ingests."""
    import threading

    from tests.helpers import ServedApp, post_json

    data_dir = tmp_path / "live"
    run = [sys.executable, "-m", "hoidap", "ingest", "--no-progress", "--data-dir", str(data_dir)]
    subprocess.run([*run, str(corpus_copy)], check=True, capture_output=True)
    extra = tmp_path / "extra"
    extra.mkdir()
    for i in range(30):
        (extra / f"thong-bao-{i:02d}.txt").write_text(
            f"Thông báo số {i}\n\nPhòng đo lường số {i} chuyển sang làm việc tại tầng {i + 2}.\n",
            encoding="utf-8",
        )
    question = {
        "question": "Có bao nhiêu trường đại học đào tạo về năng suất?",
        "mode": "extractive",
    }
    results: list[str] = []
    with ServedApp(data_dir) as app:
        ingesting = subprocess.Popen([*run, str(extra)], stdout=subprocess.DEVNULL)

        def ask_repeatedly() -> None:
            while ingesting.poll() is None or len(results) < 10:
                try:
                    status, answer = post_json(f"{app.url}/api/ask", question, timeout=120)
                except OSError as exc:
                    results.append(f"error {exc}")
                    continue
                if status != 200:
                    results.append(f"error HTTP {status}")
                else:
                    results.append("ok" if "15 trường đại học" in answer["answer"] else "wrong")

        asker = threading.Thread(target=ask_repeatedly)
        asker.start()
        assert ingesting.wait(timeout=600) == 0
        asker.join(timeout=300)
        status, after = post_json(
            f"{app.url}/api/ask",
            {"question": "Phòng đo lường số 7 làm việc ở tầng mấy?", "mode": "extractive"},
            timeout=120,
        )
        assert status == 200, after
        found = after["retrieved"]
        assert "thong-bao-07-txt" in [h["doc_id"] for h in found], found  # new documents seen
    assert results and set(results) == {"ok"}, results[:5]
