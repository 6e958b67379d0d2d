"""Server mode against a real `chroma run` on loopback."""

import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from tests.conftest import CORPUS, ingest
from tests.helpers import free_port


@pytest.fixture
def chroma_server(tmp_path: Path):
    port = free_port()
    binary = Path(sys.executable).parent / "chroma"
    log = (tmp_path / "chroma.log").open("w")
    process = subprocess.Popen(
        [
            str(binary),
            "run",
            "--path",
            str(tmp_path / "server-data"),
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
        ],
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            urllib.request.urlopen(f"{url}/api/v2/heartbeat", timeout=1)
            break
        except OSError:
            if time.monotonic() > deadline or process.poll() is not None:
                process.kill()
                pytest.fail(f"chroma run did not start: {(tmp_path / 'chroma.log').read_text()}")
            time.sleep(0.2)
    yield url
    process.terminate()
    process.wait(timeout=30)
    log.close()


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
