"""History per user, feedback and the audit log in one app database (issue 17), each test on
both backends: SQLite in the data dir and a real PostgreSQL server (tests/postgres.py).

Two users' histories stay apart (a conversation id of another user is "not found" for every
call); rename and delete; feedback is stored and rates the question it answers; the audit log
refuses UPDATE and DELETE; it records an upload (through the upload tab's DocumentManager), a
sign-in and a refused one; the server records questions of the REST and OpenAI routes and
scopes ``/api/conversations`` by the caller; the dashboard's ``questions(since)`` reads 10,000
rows quickly; the older SQLite files are brought in once."""

from __future__ import annotations

import base64
import csv
import io
import sqlite3
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import anyio
import pytest
from sqlalchemy import insert, text

from assistant import Answer, Citation
from hoidap.settings import Settings
from hoidap.wiring import Wiring
from index import Hit
from tests.conftest import assistant_for, open_index
from ui.audit import AuditLog
from ui.auth import ADMIN, Authenticator, Principal, hash_password
from ui.config import ServerConfig
from ui.database import Database, questions
from ui.feedback import FeedbackStore
from ui.history import History
from ui.manage import DocumentManager, NotAllowed

BACKENDS = ["sqlite", "postgresql"]


@pytest.fixture(params=BACKENDS)
def database_url(request, tmp_path: Path) -> str | None:
    """None: the default SQLite file in the data dir; else a fresh PostgreSQL database."""
    if request.param == "sqlite":
        return None
    return request.getfixturevalue("postgres").new_database()


@pytest.fixture
def database(database_url: str | None, tmp_path: Path):
    db = Database.open(tmp_path / "data", database_url)
    yield db
    db.dispose()


def _answer(question: str, doc_id: str = "quy-che", abstained: bool = False) -> Answer:
    hit = Hit(0, 1.0, doc_id, "Quy chế", "2024-01-01", f"{doc_id}:0", "Câu nguồn.", 0, 9)
    citations = [] if abstained else [Citation(1, hit, 0, 9)]
    return Answer(question, "Câu trả lời [1].", abstained, "extractive", citations, [hit])


def _turn(answer: Answer) -> dict:
    return answer.to_json()


def test_two_users_histories_stay_apart(database):
    history = History(database)
    history.record("an", "chat", "c-an", _answer("Quy chế là gì?"), 120.0, turn={"q": 1})
    history.record("an", "chat", "c-an", _answer("Ai ký?"), 80.0, turn={"q": 2})
    history.record("binh", "chat", "c-binh", _answer("Lương bao nhiêu?"), 50.0, turn={"q": 3})
    # Binh sends An's conversation id: the question is kept, but not in An's conversation.
    history.record("binh", "chat", "c-an", _answer("Xen vào?"), 50.0, turn={"q": 4})
    history.record("binh", "api", None, _answer("Qua API?"), 10.0)

    assert [c.title for c in history.conversations("an")] == ["Quy chế là gì?"]
    assert [c.id for c in history.conversations("binh")] == ["c-binh"]
    assert history.conversation("an", "c-an")[1] == [{"q": 1}, {"q": 2}]
    for call in (
        lambda: history.conversation("binh", "c-an"),
        lambda: history.rename("binh", "c-an", "của tôi"),
        lambda: history.delete("binh", "c-an"),
    ):
        assert call() in (None, False)
    assert history.conversation("an", "c-an")[0].title == "Quy chế là gì?"  # untouched

    records = history.questions()
    assert [(r.user, r.channel, r.conversation_id) for r in records] == [
        ("an", "chat", "c-an"),
        ("an", "chat", "c-an"),
        ("binh", "chat", "c-binh"),
        ("binh", "chat", None),
        ("binh", "api", None),
    ]
    first = records[0]
    assert first.question == "Quy chế là gì?" and first.path == "quoted"
    assert first.cited_doc_ids == ("quy-che",) and first.latency_ms == 120.0
    assert first.at.tzinfo is not None and first.rating is None


def test_conversations_are_renamed_and_deleted(database):
    history = History(database)
    history.record("an", "chat", "cu", _answer("Câu hỏi cũ?"), 1.0, turn={"q": 1})
    history.record("an", "chat", "moi", _answer("Câu hỏi mới?"), 1.0, turn={"q": 2})
    assert [c.id for c in history.conversations("an")] == ["moi", "cu"]  # newest first
    assert history.rename("an", "cu", "  Hợp đồng   lao động ")
    assert not history.rename("an", "cu", "   ")
    assert history.conversation("an", "cu")[0].title == "Hợp đồng lao động"

    assert history.delete("an", "cu")
    assert [c.id for c in history.conversations("an")] == ["moi"]
    assert history.conversation("an", "cu") is None and not history.delete("an", "cu")
    # The record stays for the statistics, without its text.
    kept = [r for r in history.questions() if r.conversation_id is None]
    assert [(r.question, r.answer) for r in kept] == [("", "")]


def test_feedback_is_stored_and_rates_the_users_question(database, tmp_path):
    history = History(database)
    store = FeedbackStore(tmp_path / "data", database)
    answer = _answer("Quy chế là gì?")
    data = answer.to_json()
    for user in ("an", "binh"):
        history.record(user, "api", None, answer, 1.0, answer_id=store.sign(data))
    assert store.verify(data, store.sign(data))
    assert not store.verify({**data, "answer": "bịa ra"}, store.sign(data))

    rating = store.add(data, -1, "thiếu ý", user="binh")
    assert store.comment(rating, "thiếu ý chính")
    [row] = store.rows()
    assert (row["rating"], row["comment"], row["question"]) == (
        -1,
        "thiếu ý chính",
        data["question"],
    )
    assert [(r.user, r.rating) for r in history.questions()] == [("an", None), ("binh", -1)]
    out = io.StringIO()
    assert store.export_csv(out) == 1 and out.getvalue().startswith("\ufeffid,created_at")
    # Another store on the same database signs alike (replicas share the key).
    assert FeedbackStore(tmp_path / "elsewhere", database).sign(data) == store.sign(data)


def test_the_audit_log_is_append_only(database):
    log = AuditLog(database)
    log.record("an", "upload", "x.pdf", "ok")
    statements = ["UPDATE audit_events SET actor = 'b'", "DELETE FROM audit_events"]
    if not database.is_sqlite:
        statements.append("TRUNCATE audit_events")
    for statement in statements:
        with pytest.raises(Exception, match="append-only"), database.begin() as db:
            db.execute(text(statement))
    assert [(e.actor, e.target) for e in log.events()] == [("an", "x.pdf")]


@pytest.fixture(scope="module")
def upload_site(tmp_path_factory, embedder):
    """An empty index with its corpus folder and intake, shared by both backends."""
    root = tmp_path_factory.mktemp("history-upload")
    settings = Settings(data_dir=root / "index", corpus_dir=root / "corpus")
    settings.corpus_dir.mkdir()
    index = open_index(settings, embedder)
    wiring = Wiring(settings)
    return wiring.intake(index), wiring.library(index)


def _basic(name: str, password: str) -> bytes:
    return b"Basic " + base64.b64encode(f"{name}:{password}".encode())


def test_the_audit_log_records_an_upload_and_sign_ins(database, upload_site, tmp_path):
    intake, library = upload_site
    audit = AuditLog(database)
    manager = DocumentManager(intake, audit, library)
    upload = tmp_path / "upload"
    upload.write_text("Quy định Sen Vàng\n\nTrạm Sen Vàng đo 17 lần mỗi ngày.\n", encoding="utf-8")
    with pytest.raises(NotAllowed):
        manager.add(Principal("binh"), [("sen-vang.txt", upload)])
    report = manager.add(Principal("quan-tri", ADMIN), [("sen-vang.txt", upload)])
    assert not report["failed"]

    authenticator = Authenticator(None, {"an": hash_password("mật khẩu", iterations=1000)})
    authenticator.on_sign_in = audit.sign_in

    async def sign_ins() -> None:
        for password in ("mật khẩu", "sai rồi", "mật khẩu"):  # the third: already signed in
            await authenticator.authenticate(_basic("an", password), "10.0.0.7")

    anyio.run(sign_ins)
    events = [(e.actor, e.action, e.target, e.outcome) for e in reversed(audit.events())]
    assert events == [
        ("binh", "upload", "sen-vang.txt", "forbidden"),
        ("quan-tri", "upload", "sen-vang.txt", "ok"),
        ("an", "sign_in", "10.0.0.7", "ok"),
        ("an", "sign_in", "10.0.0.7", "refused"),
    ]
    assert audit.events(1)[0].at.endswith("+00:00")


def test_the_server_keeps_each_asked_question_and_scopes_conversations(
    database_url, tmp_path, corpus_index
):
    from fastapi.testclient import TestClient

    from ui.server import create_server

    users = tmp_path / "users"
    stored = hash_password("mật khẩu", iterations=1000)
    users.write_text(f"an:{stored}\nbinh:{stored}\nsep:{stored}:role=admin\n", encoding="utf-8")
    data_dir = tmp_path / "data"
    config = ServerConfig(data_dir, None, users, database_url=database_url)
    assistant = assistant_for(corpus_index, answer_mode="extractive")
    server = create_server(config, assistant, Wiring(Settings()).library(corpus_index))
    database = Database.open(data_dir, database_url)
    history = History(database)
    history.record("an", "chat", "cua-an", _answer("Câu của An?"), 1.0, turn={"q": 1})

    def as_user(name: str) -> dict[str, str]:
        return {"Authorization": _basic(name, "mật khẩu").decode()}

    question = "APO là tổ chức gì?"
    with TestClient(server) as client:
        asked = client.post("/api/ask", json={"question": question}, headers=as_user("an"))
        assert asked.status_code == 200
        body = {"messages": [{"role": "user", "content": question}]}
        assert client.post("/v1/chat/completions", json=body, headers=as_user("binh")).is_success
        rated = {"answer": asked.json(), "rating": 1}
        assert client.post("/api/feedback", json=rated, headers=as_user("an")).is_success

        listed = client.get("/api/conversations", headers=as_user("an")).json()
        assert [c["id"] for c in listed["conversations"]] == ["cua-an"]
        assert client.get("/api/conversations", headers=as_user("binh")).json() == {
            "conversations": []
        }
        url = "/api/conversations/cua-an"
        assert client.get(url, headers=as_user("binh")).status_code == 404
        title = {"title": "Đổi tên"}
        assert client.patch(url, json=title, headers=as_user("binh")).status_code == 404
        assert client.delete(url, headers=as_user("binh")).status_code == 404
        assert client.patch(url, json=title, headers=as_user("an")).json()["title"] == "Đổi tên"
        assert client.get(url, headers=as_user("an")).json()["turns"] == [{"q": 1}]

        assert client.get("/api/audit.csv", headers=as_user("an")).status_code == 403
        exported = client.get("/api/audit.csv", headers=as_user("sep"))
        assert exported.status_code == 200 and exported.headers["content-type"].startswith(
            "text/csv"
        )
        assert client.delete(url, headers=as_user("an")).json() == {"deleted": "cua-an"}

    records = [r for r in history.questions() if r.question == question]
    assert [(r.user, r.channel, r.rating) for r in records] == [
        ("an", "api", 1),
        ("binh", "openai", None),
    ]
    assert all(r.cited_doc_ids and r.latency_ms > 0 for r in records)
    rows = list(csv.DictReader(io.StringIO(exported.content.decode("utf-8-sig"))))
    seen = {(r["actor"], r["action"], r["outcome"]) for r in rows}
    assert {("an", "sign_in", "ok"), ("an", "question", "ok"), ("binh", "question", "ok")} <= seen
    assert ("an", "export", "forbidden") in seen
    # The question's text stays out of the audit log unless the setting allows it.
    assert all(question not in r["target"] for r in rows)
    assert AuditLog(database).events(1)[0].action == "export"
    database.dispose()


def test_questions_since_reads_ten_thousand_rows_quickly(database):
    history = History(database)
    today = datetime.now(UTC)
    rows = [
        {
            "at": today - timedelta(days=i % 20),
            "user_name": f"u{i % 7}",
            "channel": "chat",
            "question": f"Câu hỏi {i}?",
            "answer": "Trả lời.",
            "path": "quoted",
            "abstained": False,
            "latency_ms": 10.0,
            "cited_doc_ids": '["a", "b"]',
        }
        for i in range(10_000)
    ]
    with database.begin() as db:
        db.execute(insert(questions), rows)
    started = time.perf_counter()
    everything = history.questions()
    took = time.perf_counter() - started
    assert len(everything) == 10_000 and everything[0].cited_doc_ids == ("a", "b")
    assert took < 2.0, f"questions() took {took:.2f} s for 10,000 rows"
    since = (today - timedelta(days=4)).date()
    recent = history.questions(since)
    assert len(recent) == sum(1 for r in rows if r["at"].date() >= since)
    assert all(r.at.date() >= since for r in recent)
    assert history.questions(date(2100, 1, 1)) == []


OLD_FEEDBACK = (
    "CREATE TABLE feedback (id INTEGER PRIMARY KEY AUTOINCREMENT, created_at TEXT NOT NULL,"
    " rating INTEGER NOT NULL, comment TEXT NOT NULL, question TEXT NOT NULL, answer TEXT NOT NULL,"
    " abstained INTEGER NOT NULL, mode TEXT NOT NULL, model TEXT NOT NULL, citations TEXT NOT NULL)"
)
OLD_AUDIT = (
    "CREATE TABLE events (id INTEGER PRIMARY KEY AUTOINCREMENT, at TEXT NOT NULL,"
    " actor TEXT NOT NULL, action TEXT NOT NULL, target TEXT NOT NULL,"
    " outcome TEXT NOT NULL, details TEXT NOT NULL)"
)


def test_the_older_feedback_and_audit_files_are_brought_in_once(database_url, tmp_path):
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    with sqlite3.connect(data_dir / "feedback.sqlite") as old:
        old.execute(OLD_FEEDBACK)
        old.execute(
            "INSERT INTO feedback VALUES (NULL, '2025-01-02T03:04:05+00:00', 1, 'tốt', 'Hỏi?',"
            " 'Đáp.', 0, 'extractive', '', '[]')"
        )
    with sqlite3.connect(data_dir / "audit.sqlite3") as old:
        old.execute(OLD_AUDIT)
        old.execute(
            "INSERT INTO events VALUES (NULL, '2025-01-02T03:04:05+00:00', 'sep', 'upload',"
            " 'a.pdf', 'ok', '{\"added\": 1}')"
        )
    (data_dir / "feedback.key").write_bytes(b"k" * 32)
    for _ in range(2):  # a restart does not bring them in again
        database = Database.open(data_dir, database_url)
        store = FeedbackStore(data_dir, database)
        assert [(r["comment"], r["question"]) for r in store.rows()] == [("tốt", "Hỏi?")]
        [event] = AuditLog(database).events()
        assert (event.at, event.actor, event.details) == (
            "2025-01-02T03:04:05+00:00",
            "sep",
            {"added": 1},
        )
        database.dispose()
    # Answer ids handed out under the old key stay valid.
    legacy = FeedbackStore.__new__(FeedbackStore)
    legacy._key = b"k" * 32
    assert store.sign({"question": "Hỏi?"}) == legacy.sign({"question": "Hỏi?"})
