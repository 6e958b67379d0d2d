"""The authentication guard of `hoidap serve`, through real server processes on loopback: it
fails closed, keeps password hashing off the event loop, gives no user-name oracle, backs off
repeated failures, never answers 500 to odd credentials, and hardens every response.

All traffic goes to 127.0.0.1. Timings are printed (run with ``-s``) and asserted only with
generous bounds that the old guard (PBKDF2 inline on the event loop) clearly violated."""

from __future__ import annotations

import base64
import http.client
import json
import os
import statistics
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path
from typing import Any

import pytest

from tests.helpers import ServedApp, post_json

TOKEN = "ma-truy-cap-du-dai-0123456789"
ASK = {"question": "APO là tổ chức gì?", "mode": "extractive"}
SECURITY_HEADERS = {
    "x-frame-options": "DENY",
    "x-content-type-options": "nosniff",
    "referrer-policy": "no-referrer",
}


def _add_user(users: Path, name: str, password: str) -> None:
    command = ["users", "add", name, "--file", str(users), "--password-stdin"]
    subprocess.run(
        [sys.executable, "-m", "hoidap", *command],
        input=password + "\n",
        text=True,
        check=True,
        capture_output=True,
    )


def _basic(name: str, password: str) -> str:
    return "Basic " + base64.b64encode(f"{name}:{password}".encode()).decode()


def _request(
    url: str, method: str = "GET", path: str = "/", headers: dict[str, Any] | None = None
) -> tuple[int, dict[str, str], bytes, float]:
    """One request with raw header values (bytes pass through untouched): status, headers
    (lower-case names), body and seconds taken."""
    host, port = url.removeprefix("http://").split(":")
    connection = http.client.HTTPConnection(host, int(port), timeout=120)
    body = json.dumps(ASK).encode() if method == "POST" else None
    started = time.perf_counter()
    connection.putrequest(method, path)
    for name, value in {"Content-Type": "application/json", **(headers or {})}.items():
        connection.putheader(name, value)
    if body is not None:
        connection.putheader("Content-Length", str(len(body)))
    connection.endheaders(body)
    response = connection.getresponse()
    data = response.read()
    elapsed = time.perf_counter() - started
    connection.close()
    return response.status, {k.lower(): v for k, v in response.getheaders()}, data, elapsed


@pytest.fixture(scope="module")
def users_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    users = tmp_path_factory.mktemp("auth") / "users"
    _add_user(users, "alice", "S3cretPassw0rd!")
    _add_user(users, "bao", "mật khẩu của Bảo")  # Vietnamese diacritics
    return users


@pytest.fixture(scope="module")
def guarded(cli_data_dir, users_file):
    with ServedApp(cli_data_dir, HOIDAP_AUTH_TOKEN=TOKEN, HOIDAP_USERS_FILE=str(users_file)) as app:
        yield app


# H1 ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "content", ["", "# tài khoản nhân viên\n\n   \n"], ids=["empty", "comments"]
)
def test_a_users_file_without_users_never_exposes_the_app(cli_data_dir, tmp_path, content):
    users = tmp_path / "users"
    users.write_text(content, encoding="utf-8")
    exposed = ServedApp(cli_data_dir, host="0.0.0.0", HOIDAP_USERS_FILE=str(users))
    deadline = time.monotonic() + 120
    while (code := exposed.process.poll()) is None and time.monotonic() < deadline:
        try:  # the old behaviour: it started without any guard; show it (on loopback) and fail
            urllib.request.urlopen(exposed.url + "/healthz", timeout=2)
        except OSError:
            time.sleep(0.5)
            continue
        status, _ = post_json(exposed.url + "/api/ask", ASK)
        exposed.stop()
        pytest.fail(
            f"serve started on 0.0.0.0 with no valid user; /api/ask without login: {status}"
        )
    log = exposed.log.read_text()
    assert code == 2
    assert "không có người dùng hợp lệ" in log and "HOIDAP_AUTH_TOKEN" in log
    # On loopback the same configuration fails closed: the guard is there, nobody gets in.
    with ServedApp(cli_data_dir, HOIDAP_USERS_FILE=str(users)) as local:
        status, body = post_json(local.url + "/api/ask", ASK)
        assert status == 401 and "đăng nhập" in body["error"]
        assert "không ai đăng nhập được" in local.log.read_text()


# H2 ---------------------------------------------------------------------------------------


def _p50_while(url: str, path: str, method: str, headers: dict[str, str], seconds: float) -> float:
    times: list[float] = []
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline or len(times) < 5:
        status, _, _, elapsed = _request(url, method, path, headers)
        assert status == 200, (path, status)
        times.append(elapsed)
    return statistics.median(times)


def test_a_wrong_password_flood_does_not_stall_other_users(cli_data_dir, users_file):
    """Eight clients send a wrong password for an existing user as fast as they can: the old
    guard hashed each one on the event loop (legit p50 32 ms → 6 s, /healthz 3.3 s)."""
    bearer = {"Authorization": f"Bearer {TOKEN}"}
    with ServedApp(cli_data_dir, HOIDAP_AUTH_TOKEN=TOKEN, HOIDAP_USERS_FILE=str(users_file)) as app:
        _p50_while(app.url, "/api/ask", "POST", bearer, 1)  # warm up
        before = {
            "ask": _p50_while(app.url, "/api/ask", "POST", bearer, 4),
            "healthz": _p50_while(app.url, "/healthz", "GET", {}, 2),
        }
        stop = threading.Event()
        seen: list[int] = []
        retry_after: list[str] = []

        def flood() -> None:
            wrong = {"Authorization": _basic("alice", "wrong-password")}
            while not stop.is_set():
                status, headers, _, _ = _request(app.url, "GET", "/v1/models", wrong)
                seen.append(status)
                if status == 429:
                    retry_after.append(headers.get("retry-after", ""))
                # A short pause per client: 8 attackers still send far more than the old guard
                # could hash (~20/s), while the attack's own client threads, which share this
                # 2-core machine with the server, leave the answers some CPU.
                time.sleep(0.005)

        clients = [threading.Thread(target=flood) for _ in range(8)]
        for client in clients:
            client.start()
        try:
            time.sleep(1)
            during = {
                "ask": _p50_while(app.url, "/api/ask", "POST", bearer, 6),
                "healthz": _p50_while(app.url, "/healthz", "GET", {}, 3),
            }
        finally:
            stop.set()
            for client in clients:
                client.join()
    print(
        f"\nflood of 8 × Basic alice:wrong ({len(seen)} requests: "
        f"{seen.count(401)} × 401, {seen.count(429)} × 429): "
        f"/api/ask p50 {before['ask'] * 1000:.0f} → {during['ask'] * 1000:.0f} ms, "
        f"/healthz p50 {before['healthz'] * 1000:.0f} → {during['healthz'] * 1000:.0f} ms"
    )
    assert set(seen) <= {401, 429} and 429 in seen  # the flood is backed off…
    assert seen.count(401) <= 40  # …after a handful of hashed attempts
    assert all(value.isdigit() and int(value) >= 1 for value in retry_after)
    # The event loop stays free: /healthz in milliseconds (old guard, this flood: 0.8-2.4 s;
    # the red team saw 3.3 s). An answer also shares the 2 cores with the flood's own client
    # threads, hence the wider bound for it (old guard: 1.2-6.9 s).
    assert during["healthz"] < 0.3 and during["ask"] < 3.0


def test_known_and_unknown_user_names_fail_in_about_the_same_time(guarded):
    """The old guard answered an unknown name in 0.4 ms and a known one in 48 ms."""
    known: list[float] = []
    unknown: list[float] = []
    for _ in range(4):  # under the failure limit, so every answer is a hashed 401
        for name, times in [("alice", known), ("khong-ai-ca", unknown)]:
            status, _, _, elapsed = _request(
                guarded.url, "GET", "/v1/models", {"Authorization": _basic(name, "sai-mat-khau")}
            )
            assert status == 401
            times.append(elapsed)
    ratio = statistics.median(known) / statistics.median(unknown)
    print(
        f"\nwrong password: known user {statistics.median(known) * 1000:.1f} ms, "
        f"unknown {statistics.median(unknown) * 1000:.1f} ms (ratio {ratio:.2f})"
    )
    assert 0.2 < ratio < 5


# L1 ---------------------------------------------------------------------------------------


def test_a_vietnamese_password_logs_in_while_a_token_is_set(guarded):
    status, answer = post_json(
        guarded.url + "/api/ask", ASK, {"Authorization": _basic("bao", "mật khẩu của Bảo")}
    )
    assert status == 200 and answer["answer"]


@pytest.mark.parametrize(
    "value",
    [
        b"Bearer \xe9\xe9",
        b"Bearer " + "mã-truy-cập".encode(),
        b"Basic " + base64.b64encode("x:mật khẩu".encode()),
        b"Basic " + base64.b64encode(b"\xff\xfe:x"),
        b"Basic " + base64.b64encode(b"khong-co-dau-hai-cham"),
        b"Basic !!!kh\xf4ng-ph\xe1i-base64",
        b"Basic",
        b"Bearer",
        b"Digest username=alice",
        b"\xe9\xe9\xe9",
    ],
)
def test_malformed_or_non_ascii_credentials_get_401_json(guarded, value):
    status, headers, body, _ = _request(guarded.url, "GET", "/v1/models", {"Authorization": value})
    assert status == 401
    assert "đăng nhập" in json.loads(body)["error"]
    assert headers["www-authenticate"].startswith("Basic")


# L5 ---------------------------------------------------------------------------------------


def test_every_response_carries_security_headers(guarded):
    bearer = {"Authorization": f"Bearer {TOKEN}"}
    for path, headers, expected in [
        ("/healthz", {}, 200),
        ("/", {}, 401),
        ("/", bearer, 200),
        ("/v1/models", bearer, 200),
    ]:
        status, got, _, _ = _request(guarded.url, "GET", path, headers)
        assert status == expected, path
        for name, value in SECURITY_HEADERS.items():
            assert got.get(name) == value, (path, name)
        assert "frame-ancestors 'none'" in got.get("content-security-policy", ""), path


def test_websocket_upgrades_need_credentials(corpus_index, users_file):
    """Gradio serves no WebSocket today; a future one (MCP, a new queue) must still be guarded."""
    from starlette.routing import WebSocketRoute
    from starlette.testclient import TestClient
    from starlette.websockets import WebSocket, WebSocketDisconnect

    from hoidap.wiring import Wiring, server_config
    from tests.conftest import settings_of
    from ui.server import create_server

    settings = settings_of(corpus_index).model_copy(
        update={"auth_token": TOKEN, "users_file": users_file}
    )
    wiring = Wiring(settings)
    server = create_server(
        server_config(settings), wiring.assistant(corpus_index), wiring.library(corpus_index)
    )

    async def echo(websocket: WebSocket) -> None:
        await websocket.accept()
        await websocket.send_text("mở")
        await websocket.close()

    server.router.routes.insert(0, WebSocketRoute("/ws-probe", echo))
    client = TestClient(server)
    with pytest.raises(WebSocketDisconnect) as refused, client.websocket_connect("/ws-probe") as ws:
        ws.receive_text()
    assert refused.value.code == 1008
    with client.websocket_connect("/ws-probe", headers={"Authorization": f"Bearer {TOKEN}"}) as ws:
        assert ws.receive_text() == "mở"


def test_serve_warns_about_weak_tokens_and_clear_text_and_keeps_gradio_files_private(
    cli_data_dir, corpus_index, monkeypatch, capsys
):
    """In process, with uvicorn.run recorded instead of run: no socket is opened on 0.0.0.0."""
    import uvicorn

    import ui.server
    from hoidap.wiring import Wiring, server_config
    from tests.conftest import settings_of

    bound: list[dict[str, Any]] = []
    monkeypatch.setattr(uvicorn, "run", lambda app, **kwargs: bound.append(kwargs))
    monkeypatch.setenv("GRADIO_TEMP_DIR", "")  # restored after the test: serve sets it
    monkeypatch.delenv("GRADIO_TEMP_DIR")
    settings = settings_of(corpus_index).model_copy(update={"auth_token": "ngan"})
    wiring = Wiring(settings)

    def build():
        return wiring.assistant(corpus_index), wiring.library(corpus_index)

    assert ui.server.serve(server_config(settings), build, host="0.0.0.0", port=1) == 0
    err = capsys.readouterr().err
    assert bound and bound[0]["host"] == "0.0.0.0"
    assert "HOIDAP_AUTH_TOKEN" in err and "16 ký tự" in err
    assert "HTTPS" in err and "không mã hoá" in err
    temp = Path(os.environ["GRADIO_TEMP_DIR"])
    assert temp.is_relative_to(settings.data_dir) and temp.is_dir()
    assert temp.stat().st_mode & 0o777 == 0o700


def test_the_chat_page_works_in_a_browser_behind_the_guard(guarded):
    """Chromium logs in with a Vietnamese password (Basic, its own prompt) and gets an answer:
    the security headers and the credential cache do not break the Gradio page."""
    from playwright.sync_api import sync_playwright

    from tests.helpers import CHROMIUM
    from tests.helpers import CHROMIUM_ARGS as ARGS

    problems: list[str] = []
    statuses: list[int] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        context = browser.new_context(
            http_credentials={"username": "bao", "password": "mật khẩu của Bảo"},
            viewport={"width": 1400, "height": 1000},
        )
        page = context.new_page()
        page.on("console", lambda m: m.type == "error" and problems.append(m.text))
        page.on("response", lambda r: statuses.append(r.status))
        page.goto(guarded.url)
        page.wait_for_selector("#question textarea", timeout=120_000)
        page.locator("#mode label", has_text="Trích dẫn nguyên văn").click()
        page.fill("#question textarea", "APO là tổ chức gì?")
        page.click("#ask")
        page.wait_for_selector("#chat a.cite", timeout=120_000)
        browser.close()
    assert not [p for p in problems if "Content Security Policy" in p or "frame" in p], problems
    assert 429 not in statuses and statuses.count(200) > 5


# -- issue 17: access groups in the users file, the CLI and the token's setting -------------------
def test_users_file_groups_are_read_and_a_bad_field_names_the_allowed_ones(tmp_path):
    from ui.auth import AuthConfigError, Authenticator, hash_password, read_accounts

    users = tmp_path / "users"
    stored = hash_password("mật khẩu dài", iterations=1000)
    users.write_text(
        f"cu:{stored}\n"
        f"phap-che:{stored}:groups=Phap-Che,do-luong\n"
        f"sep:{stored}:role=admin:groups=do-luong\n",
        encoding="utf-8",
    )
    accounts = read_accounts(users)
    assert accounts["cu"].groups == ()
    assert accounts["phap-che"].groups == ("do-luong", "phap-che")  # lower-cased, sorted
    assert (accounts["sep"].role, accounts["sep"].groups) == ("admin", ("do-luong",))
    for line, said in (
        (f"x:{stored}:nhom=a", "chỉ có role=user|admin|evaluator và groups=nhóm-1,nhóm-2"),
        (f"x:{stored}:groups=pháp chế", "tên nhóm không hợp lệ"),
    ):
        users.write_text(line + "\n", encoding="utf-8")
        with pytest.raises(AuthConfigError, match="users:1") as refused:
            read_accounts(users)
        assert said in str(refused.value)

    def principal(guard: Authenticator, header: str) -> Any:
        import anyio

        async def check() -> Any:
            return (await guard.authenticate(header.encode(), "127.0.0.1")).principal

        return anyio.run(check)

    guard = Authenticator(
        TOKEN, {"pc": stored}, groups={"pc": ("phap-che",)}, token_groups=("do-luong",)
    )
    member = principal(guard, _basic("pc", "mật khẩu dài"))
    assert (member.groups, member.reader_groups) == (("phap-che",), ("phap-che",))
    assert principal(guard, f"Bearer {TOKEN}").reader_groups == ("do-luong",)
    admin_token = Authenticator(TOKEN, {}, token_role="admin", token_groups=("do-luong",))
    assert principal(admin_token, f"Bearer {TOKEN}").reader_groups is None  # reads all


def test_users_add_writes_groups_and_the_token_groups_setting_is_checked(tmp_path, monkeypatch):
    import io

    from pydantic import ValidationError

    from hoidap.cli import main
    from hoidap.settings import Settings
    from hoidap.wiring import server_config
    from ui.auth import read_accounts

    users = tmp_path / "users"
    monkeypatch.setattr(sys, "stdin", io.StringIO("mật khẩu pháp chế\n"))
    add = ["users", "add", "lan", "--file", str(users), "--password-stdin"]
    assert main([*add, "--groups", "phap-che, do-luong"]) == 0
    assert users.read_text(encoding="utf-8").rstrip().endswith(":groups=do-luong,phap-che")
    assert read_accounts(users)["lan"].groups == ("do-luong", "phap-che")
    assert main([*add, "--groups", "pháp:chế"]) == 2  # refused before the password is read

    settings = Settings(data_dir=tmp_path, auth_token_groups="Phap-Che; do-luong")
    assert server_config(settings).token_groups == ("do-luong", "phap-che")
    assert server_config(Settings(data_dir=tmp_path)).token_groups == ()
    with pytest.raises(ValidationError, match="tên nhóm không hợp lệ"):
        Settings(data_dir=tmp_path, auth_token_groups="pháp chế")
