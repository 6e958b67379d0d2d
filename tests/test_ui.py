"""`hoidap serve` (what `make run` starts) answers a search over HTTP on loopback."""

import os
import subprocess
import sys
import time
import urllib.request

from tests.test_chroma_server import _free_port


def test_served_app_finds_the_passage(cli_data_dir):
    port = _free_port()
    env = {**os.environ, "HOIDAP_DATA_DIR": str(cli_data_dir)}
    process = subprocess.Popen(
        [sys.executable, "-m", "hoidap", "serve", "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}/"
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                urllib.request.urlopen(url, timeout=2)
                break
            except OSError:
                assert process.poll() is None and time.monotonic() < deadline, "serve died"
                time.sleep(0.5)
        from gradio_client import Client

        table = Client(url, verbose=False).predict("bao nhieu truong dai hoc", api_name="/search")
        rows = table["data"] if isinstance(table, dict) else table
        assert any("15 trường đại học" in str(row[-1]) for row in rows)
    finally:
        process.terminate()
        process.wait(timeout=30)
