"""Builders of real input files for tests (PDF via fpdf2, DOCX via python-docx)."""

from __future__ import annotations

import json
import signal
import subprocess
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")


def write_pdf(path: Path, pages: list[str], password: str | None = None) -> Path:
    from fpdf import FPDF

    assert FONT.is_file(), f"cần phông Unicode {FONT} (gói Debian fonts-dejavu-core)"
    pdf = FPDF()
    pdf.add_font("DejaVu", fname=str(FONT))
    pdf.set_font("DejaVu", size=12)
    pdf.set_title("Tài liệu thử nghiệm")
    for text in pages:
        pdf.add_page()
        pdf.multi_cell(0, 8, text)
    pdf.output(str(path))
    if password:
        from pypdf import PdfReader, PdfWriter

        writer = PdfWriter(clone_from=PdfReader(path))
        writer.encrypt(user_password=password, algorithm="RC4-128")
        writer.write(path)
    return path


def write_docx(path: Path, title: str, paragraphs: list[str]) -> Path:
    import docx

    document = docx.Document()
    document.add_heading(title, level=1)
    for text in paragraphs:
        document.add_paragraph(text)
    document.save(str(path))
    return path


def encode_cp1258(text: str) -> bytes:
    """Windows-1258 bytes as Vietnamese Windows software writes them: the vowel shape is
    precomposed (â, ơ, ư…) and the tone mark follows as a combining character."""
    import unicodedata

    tones = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}
    out: list[str] = []
    for char in unicodedata.normalize("NFD", text):
        if unicodedata.combining(char) and char not in tones and out:
            out[-1] = unicodedata.normalize("NFC", out[-1] + char)
        else:
            out.append(char)
    return "".join(out).encode("cp1258")


def post_json(
    url: str, body: Any, headers: dict[str, str] | None = None, timeout: float = 300
) -> tuple[int, Any]:
    """POST ``body`` (JSON, or raw bytes) to a real server: (status, parsed JSON reply, or its
    text when it is not JSON). HTTP errors are returned, not raised; a refused connection is."""
    data = body if isinstance(body, bytes) else json.dumps(body).encode()
    return http_request(
        url, data, headers={"Content-Type": "application/json", **(headers or {})}, timeout=timeout
    )


def http_request(
    url: str,
    data: bytes | None = None,
    method: str | None = None,
    headers: dict[str, str] | None = None,
    timeout: float = 300,
) -> tuple[int, Any]:
    """One request to a real server: (status, parsed JSON reply, or its text when it is not
    JSON). HTTP errors are returned, not raised; a refused connection is."""
    import urllib.error
    import urllib.request

    request = urllib.request.Request(url, data=data, method=method, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            raw, status = response.read().decode(), response.status
    except urllib.error.HTTPError as error:
        raw, status = error.read().decode(), error.code
    try:
        return status, json.loads(raw)
    except ValueError:
        return status, raw


def free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def signed_in_page(browser: Any, url: str, user: tuple[str, str]) -> Any:
    """A Chromium page of the app at ``url``, signed in as ``(name, password)`` with Basic
    auth, once the question box is there."""
    context = browser.new_context(
        http_credentials={"username": user[0], "password": user[1]},
        viewport={"width": 1400, "height": 1000},
        accept_downloads=True,
    )
    page = context.new_page()
    page.goto(url)
    page.wait_for_selector("#question textarea", timeout=120_000)
    return page


def _listens(pid: int, port: int) -> bool:
    """Does process ``pid`` hold the socket listening on loopback ``port``? (Linux /proc)"""
    import os

    owned = set()
    for fd in os.listdir(f"/proc/{pid}/fd"):
        try:
            target = os.readlink(f"/proc/{pid}/fd/{fd}")
        except OSError:
            continue
        if target.startswith("socket:["):
            owned.add(target[8:-1])
    with open(f"/proc/{pid}/net/tcp") as table:
        for line in table.readlines()[1:]:
            fields = line.split()
            local, state, inode = fields[1], fields[3], fields[9]
            if state == "0A" and int(local.split(":")[1], 16) == port and inode in owned:
                return True
    return False


class ServedApp:
    """A real `hoidap serve` process on loopback (what `make run` starts)."""

    def __init__(self, data_dir: Path, host: str = "127.0.0.1", **env: str) -> None:
        import os
        import subprocess
        import sys

        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = data_dir.parent / f"serve-{self.port}.log"
        self.process = subprocess.Popen(
            [sys.executable, "-m", "hoidap", "serve", "--host", host, "--port", str(self.port)],
            env={**os.environ, "HOIDAP_DATA_DIR": str(data_dir), **env},
            stdout=self.log.open("w"),
            stderr=subprocess.STDOUT,
        )

    def wait_ready(self, timeout_s: float = 120) -> ServedApp:
        import time
        import urllib.request

        deadline = time.monotonic() + timeout_s
        while True:
            try:
                urllib.request.urlopen(f"{self.url}/healthz", timeout=2)
                if _listens(self.process.pid, self.port):
                    return self
                # Something else answers on this port (another suite's server on a shared
                # machine took it between free_port and our bind): never test against it.
                if self.process.poll() is not None:
                    raise OSError("port taken")
                time.sleep(0.5)
            except OSError:
                if self.process.poll() is not None or time.monotonic() > deadline:
                    raise AssertionError(f"serve did not start:\n{self.log.read_text()}") from None
                time.sleep(0.5)

    def stop(self) -> None:
        # uvicorn waits for open connections (a page's event stream) after SIGTERM, and exits
        # at once on a SIGINT that follows: a browser left open must not cost 30 s per server.
        for stop_signal in (signal.SIGTERM, signal.SIGINT):
            self.process.send_signal(stop_signal)
            try:
                self.process.wait(timeout=5)
                return
            except subprocess.TimeoutExpired:
                continue
        self.process.kill()
        self.process.wait()

    def __enter__(self) -> ServedApp:
        return self.wait_ready()

    def __exit__(self, *exc: object) -> None:
        self.stop()


class ScriptedEndpoint:
    """A real OpenAI-compatible HTTP endpoint on loopback that streams a fixed reply: how a
    misbehaving model server looks to hoidap (down: ``reply=None``; slow: ``delay_s`` per
    word; garbage: ``raw`` lines sent as they are)."""

    def __init__(self, reply: str | None, delay_s: float = 0.0, raw: bool = False) -> None:
        import time

        reply_words = None if reply is None else reply.split(" ")

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                self.rfile.read(int(self.headers.get("Content-Length", 0)))
                if reply_words is None:
                    self.send_response(503)
                    self.end_headers()
                    return
                self.send_response(200)
                self.send_header("Content-Type", "text/event-stream")
                self.end_headers()
                for i, word in enumerate(reply_words):
                    time.sleep(delay_s)
                    delta = {"choices": [{"delta": {"content": word if i == 0 else " " + word}}]}
                    line = f"data: {word}" if raw else f"data: {json.dumps(delta)}"
                    try:
                        self.wfile.write(f"{line}\n\n".encode())
                        self.wfile.flush()
                    except OSError:
                        return  # the client gave up
                self.wfile.write(b"data: [DONE]\n\n")

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/v1"


# Debian's Chromium, driven by Playwright (no browser download); `make test` installs it.
CHROMIUM = Path("/usr/bin/chromium")
# Without the networking flags Chromium tries to reach Google's hosts at every start.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
