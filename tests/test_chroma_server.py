"""Server mode against a real `chroma run` on loopback."""

import json
import os
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from tests.conftest import CORPUS, ingest
from tests.helpers import ScriptedEndpoint, ServedApp, free_port, post_json


def _start_chroma(path: Path, port: int, log_path: Path) -> subprocess.Popen:
    binary = Path(sys.executable).parent / "chroma"
    process = subprocess.Popen(
        [str(binary), "run", "--path", str(path), "--host", "127.0.0.1", "--port", str(port)],
        stdout=log_path.open("a"),
        stderr=subprocess.STDOUT,
    )
    deadline = time.monotonic() + 60
    while True:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/api/v2/heartbeat", timeout=1)
            return process
        except OSError:
            if time.monotonic() > deadline or process.poll() is not None:
                process.kill()
                pytest.fail(f"chroma run did not start: {log_path.read_text()}")
            time.sleep(0.2)


@pytest.fixture
def chroma_server(tmp_path: Path):
    port = free_port()
    process = _start_chroma(tmp_path / "server-data", port, tmp_path / "chroma.log")
    yield f"http://127.0.0.1:{port}"
    process.terminate()
    process.wait(timeout=30)


@pytest.mark.server
def test_ingest_and_search_through_a_chroma_server(make_index, chroma_server, tmp_path):
    index = make_index(tmp_path / "client", chroma_url=chroma_server)
    assert index.status().store == f"chroma-http:{chroma_server}"
    report = ingest(index, CORPUS)
    assert report.added == 5 and report.failed == []
    assert ingest(index, CORPUS).unchanged == 5

    hit = index.search("bao nhieu truong dai hoc dua quan ly nang suat vao giang day", k=1)[0]
    assert hit.doc_id == "tdc-2024-dinh-huong" and "15 trường đại học" in hit.text

    # A second client (another app process) sees the same collection and lexical snapshot.
    other = make_index(tmp_path / "other-client", chroma_url=chroma_server)
    assert other.count_chunks() == index.count_chunks()
    assert other.search("STAMEQ", k=1)[0].doc_id == "tcdlcl-2023-phong-van-stameq-2030"


@pytest.mark.server
def test_two_app_replicas_share_one_chroma_server_and_one_llm_endpoint(
    chroma_server, tmp_path, corpus_copy
):
    """The scale-out topology: stateless app replicas, one `chroma run`, one OpenAI-compatible
    LLM endpoint. A document ingested through one replica's data dir is found through the other."""

    llm = ScriptedEndpoint("Tài liệu nói về khí tượng thủy văn [1].")
    env = {"HOIDAP_CHROMA_URL": chroma_server, "HOIDAP_LLM_URL": llm.url}
    first_dir, second_dir = tmp_path / "replica-1", tmp_path / "replica-2"
    subprocess.run(
        [sys.executable, "-m", "hoidap", "ingest", str(corpus_copy), "--no-progress",
         "--data-dir", str(first_dir)],
        check=True, env={**os.environ, **env}, capture_output=True,
    )  # fmt: skip
    with ServedApp(first_dir, **env) as one, ServedApp(second_dir, **env) as two:
        question = {"question": "Trạm quan trắc khí tượng thủy văn mới đặt ở đâu?"}
        before = _ask(two.url, {**question, "mode": "extractive"})
        assert before["abstained"]
        new = corpus_copy / "tram-quan-trac.txt"
        new.write_text(
            "Trạm quan trắc khí tượng thủy văn mới\n\nTrạm quan trắc khí tượng thủy văn mới "
            "được đặt tại xã Đồng Văn, tỉnh Hà Giang, khánh thành năm 2024.\n",
            encoding="utf-8",
        )
        subprocess.run(
            [sys.executable, "-m", "hoidap", "ingest", str(new), "--no-progress",
             "--data-dir", str(first_dir)],
            check=True, env={**os.environ, **env}, capture_output=True,
        )  # fmt: skip
        for name, app in (("replica 1", one), ("replica 2", two)):
            answer = _ask(app.url, {**question, "mode": "extractive"})
            found = not answer["abstained"] and "Đồng Văn" in answer["answer"]
            hits = _search(app.url, question["question"])
            assert found, (name, answer, hits, app.log.read_text()[-3000:])
        answered = _ask(two.url, {**question, "mode": "llm"})
        assert answered["model"].startswith("openai:")  # the shared endpoint answered
        assert json.dumps(answered)  # a well-formed reply from the second replica


def _search(url: str, query: str) -> list[tuple[str, str]]:
    status, hits = post_json(f"{url}/api/search", {"query": query, "k": 3})
    return [(h["doc_id"], h["text"][:80]) for h in hits["hits"]] if status == 200 else hits


def _ask(url: str, body: dict) -> dict:
    status, answer = post_json(f"{url}/api/ask", body)
    assert status == 200, answer
    return answer


@pytest.mark.server
def test_a_chroma_outage_gives_a_clear_error_and_service_resumes(tmp_path, corpus_copy):
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    chroma = _start_chroma(tmp_path / "server-data", port, tmp_path / "chroma.log")
    env = {"HOIDAP_CHROMA_URL": url}
    data_dir = tmp_path / "app"
    subprocess.run(
        [sys.executable, "-m", "hoidap", "ingest", str(corpus_copy), "--no-progress",
         "--data-dir", str(data_dir)],
        check=True, env={**os.environ, **env}, capture_output=True,
    )  # fmt: skip
    question = {"question": "Có bao nhiêu trường đại học đào tạo về năng suất?",
                "mode": "extractive"}  # fmt: skip
    try:
        with ServedApp(data_dir, **env) as app:
            assert "15 trường đại học" in _ask(app.url, question)["answer"]
            chroma.kill()
            chroma.wait()
            started = time.monotonic()
            status, body = post_json(f"{app.url}/api/ask", question, timeout=120)
            assert status == 503 and time.monotonic() - started < 60
            assert "không truy cập được" in body["error"] and "Traceback" not in body["error"]
            chroma = _start_chroma(tmp_path / "server-data", port, tmp_path / "chroma.log")
            assert "15 trường đại học" in _ask(app.url, question)["answer"]  # by itself
    finally:
        chroma.terminate()
        chroma.wait(timeout=30)
