"""`hoidap bench load`: concurrent clients against a running `hoidap serve` (extractive
answers over REST), with the embedded store and with a `chroma run` server, and the server
process's memory over 1,000 requests."""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

from tqdm import tqdm

from eval.bench_common import elapsed_ms, latency_stats, run_hoidap

LOAD_CLIENTS = (1, 4, 8, 16)
LOAD_REQUESTS = 200  # per level, shared by its clients: every p95 from as many samples
LOAD_SECONDS = 60  # per level, at most
MEMORY_REQUESTS = 1000
SERVE_START_S = 180  # models load before /healthz answers


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
            run_hoidap(["ingest", str(corpus), "--no-progress"], data_dir, env)
            server, url = _start_serve(data_dir, env)
            try:
                for question in questions:  # warm-up: models loaded, every level runs warm
                    _ask(url, question)
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
                _ask(url, question)
                with lock:
                    latencies.append(elapsed_ms(started))
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
        **latency_stats(latencies),
    }


def _memory_run(url: str, questions: list[str], pid: int) -> dict[str, Any]:
    """RSS after 100 requests and after 1,000: growth means a leak."""
    samples = {}
    for i in tqdm(range(MEMORY_REQUESTS), desc="bộ nhớ (1.000 yêu cầu)", file=sys.stderr):
        _ask(url, questions[i % len(questions)])
        if i + 1 in (100, MEMORY_REQUESTS):
            samples[i + 1] = _rss_kb(pid)["VmRSS"]
    after_100, after_all = samples[100] / 1024, samples[MEMORY_REQUESTS] / 1024
    return {
        "rss_after_100_mb": round(after_100, 1),
        f"rss_after_{MEMORY_REQUESTS}_mb": round(after_all, 1),
        "growth_mb": round(after_all - after_100, 1),
    }


# -- the server process -------------------------------------------------------------------------
def _ask(url: str, question: str, timeout: float = 120) -> None:
    """One extractive `/api/ask`, its body read in full."""
    body = {"question": question, "mode": "extractive"}
    request = urllib.request.Request(
        f"{url}/api/ask",
        data=json.dumps(body).encode(),
        headers={"Content-Type": "application/json"},
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


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _start_serve(data_dir: Path, env: dict[str, str]) -> tuple[subprocess.Popen[bytes], str]:
    port = _free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "hoidap", "serve", "--port", str(port), "--data-dir", str(data_dir)],
        env={**os.environ, **env},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + SERVE_START_S
    while True:
        try:
            urllib.request.urlopen(f"{url}/healthz", timeout=2).read()
            return server, url
        except OSError:
            if server.poll() is not None or time.monotonic() > deadline:
                server.kill()
                raise RuntimeError("hoidap serve không khởi động được") from None
            time.sleep(0.5)
