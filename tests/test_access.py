"""Access groups for readers (issue 17): a document for one group only is, for a reader outside
it, never retrieved, quoted, cited, listed, opened or offered as a starter — in the chat page
(Chromium), `/api/ask`, `/api/search` and `/v1/chat/completions` alike — while an admin, a
member of the group and the token given the group get the answer.

One real server (in process, on loopback: the real index, embedder and engine, the users
file's guard) over a small corpus of one restricted and two public documents."""

from __future__ import annotations

import base64
import json
import threading
import time
import urllib.request
from collections.abc import Iterator
from typing import Any

import pytest

from hoidap.settings import Settings
from tests.conftest import ingest, open_index
from tests.helpers import free_port, http_request, post_json, signed_in_page
from ui.auth import hash_password

# The restricted document: its title, a phrase of its text and an acronym only it uses must
# reach nobody outside the group.
TITLE = "Quy chế bảo mật kho lưu trữ Hồng Hà"
PHRASE = "KHO-7429-HH"
ACRONYM = "KLHH"
SECRET = "bao-mat-kho-hong-ha"
QUESTION = "Mã niêm phong của kho Hồng Hà là gì?"
STARTER = "Kho lưu trữ Hồng Hà được niêm phong bằng mã nào?"
PUBLIC_STARTER = "Thư viện của Tổng cục cho mượn tối đa bao nhiêu cuốn sách?"
LEAKS = (TITLE, PHRASE, ACRONYM, SECRET, STARTER)

ADMIN = ("quan-tri", "mật khẩu quản trị")
STAFF = ("nhan-vien", "mật khẩu nhân viên")  # in no group
MEMBER = ("phap-che-1", "mật khẩu pháp chế")  # in the document's group
TOKEN = "ma-truy-cap-nhom-phap-che-0123456789"

CATALOG = f"""
[[document]]
file = "kho-hong-ha.txt"
doc_id = "{SECRET}"
title = "{TITLE}"
date = "2024-03-01"
groups = ["phap-che"]

[[document]]
file = "thu-vien.txt"
doc_id = "quy-che-thu-vien"
title = "Quy chế thư viện"
date = "2024-01-10"

[[document]]
file = "phong-thi-nghiem.txt"
doc_id = "lich-truc-phong-thi-nghiem"
title = "Lịch trực phòng thí nghiệm"
date = "2024-02-05"
"""
ONBOARDING = f"""
[[starter]]
question = "{STARTER}"

[[starter]]
question = "{PUBLIC_STARTER}"
"""


def _basic(user: tuple[str, str]) -> dict[str, str]:
    token = base64.b64encode(f"{user[0]}:{user[1]}".encode()).decode()
    return {"Authorization": f"Basic {token}"}


BEARER = {"Authorization": f"Bearer {TOKEN}"}


class Site:
    """The server's address and how to ask it."""

    def __init__(self, url: str) -> None:
        self.url = url

    def ask(self, who: dict[str, str], **body: Any) -> dict[str, Any]:
        status, reply = post_json(
            f"{self.url}/api/ask", {"question": QUESTION, "mode": "extractive", **body}, who
        )
        assert status == 200, reply
        return reply

    def chat(self, who: dict[str, str], stream: bool, **extra: Any) -> str:
        """The raw reply of `/v1/chat/completions` (JSON text, or the whole SSE stream)."""
        body = {"messages": [{"role": "user", "content": QUESTION}], "stream": stream, **extra}
        request = urllib.request.Request(
            f"{self.url}/v1/chat/completions",
            json.dumps(body).encode(),
            {"Content-Type": "application/json", **who},
        )
        with urllib.request.urlopen(request, timeout=120) as response:
            assert response.status == 200
            return response.read().decode()


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory, embedder) -> Iterator[Site]:
    import uvicorn

    from hoidap.wiring import Wiring, server_config
    from ui.server import create_server

    root = tmp_path_factory.mktemp("access")
    corpus = root / "corpus"
    corpus.mkdir()
    (corpus / "catalog.toml").write_text(CATALOG, encoding="utf-8")
    (corpus / "kho-hong-ha.txt").write_text(
        f"{TITLE}\n\nKho lưu trữ Hồng Hà ({ACRONYM}) chỉ mở cho cán bộ pháp chế. "
        f"Mã niêm phong của kho Hồng Hà là {PHRASE}, đổi vào ngày đầu mỗi quý. "
        f"Mọi lần mở {ACRONYM} được ghi vào sổ giám sát.\n",
        encoding="utf-8",
    )
    (corpus / "thu-vien.txt").write_text(
        "Quy chế thư viện\n\nThư viện của Tổng cục mở cửa từ thứ Hai đến thứ Sáu, "
        "cho mượn tối đa năm cuốn sách trong hai tuần.\n",
        encoding="utf-8",
    )
    (corpus / "phong-thi-nghiem.txt").write_text(
        "Lịch trực phòng thí nghiệm\n\nPhòng thí nghiệm đo lường trực vào sáng thứ Bảy "
        "hằng tuần theo lịch của Trung tâm Kỹ thuật năm 2024.\n",
        encoding="utf-8",
    )
    (root / "onboarding.toml").write_text(ONBOARDING, encoding="utf-8")
    users = root / "users"
    users.write_text(
        f"{ADMIN[0]}:{hash_password(ADMIN[1], iterations=1000)}:role=admin\n"
        f"{STAFF[0]}:{hash_password(STAFF[1], iterations=1000)}\n"
        f"{MEMBER[0]}:{hash_password(MEMBER[1], iterations=1000)}:groups=phap-che\n",
        encoding="utf-8",
    )
    settings = Settings(
        data_dir=root / "data",
        answer_mode="extractive",
        users_file=users,
        auth_token=TOKEN,
        auth_token_groups="phap-che",
        onboarding_file=root / "onboarding.toml",
        corpus_dir=corpus,
    )
    index = open_index(settings, embedder)
    report = ingest(index, corpus)
    assert report.failed == [] and report.added == 3
    wiring = Wiring(settings)
    app = create_server(
        server_config(settings),
        wiring.assistant(index),
        wiring.library(index),
        intake=wiring.intake(index),
    )
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 60
    while not server.started:
        assert time.monotonic() < deadline and thread.is_alive(), "the server did not start"
        time.sleep(0.05)
    yield Site(f"http://127.0.0.1:{port}")
    server.should_exit = True
    thread.join(timeout=30)


def assert_no_leak(text: str) -> None:
    for leak in LEAKS:
        assert leak not in text, leak


def test_api_ask_abstains_for_a_user_outside_the_group_and_answers_its_members(site):
    refused = site.ask(_basic(STAFF))
    assert refused["abstained"] and not refused["citations"], refused["answer"]
    assert_no_leak(json.dumps(refused, ensure_ascii=False))
    # A filter naming the document, and one turning off every default, widen nothing.
    narrowed = site.ask(_basic(STAFF), filters={"doc_ids": [SECRET], "in_force_only": False})
    assert narrowed["abstained"]
    assert_no_leak(json.dumps(narrowed, ensure_ascii=False))

    for who in (_basic(ADMIN), _basic(MEMBER), BEARER):
        answer = site.ask(who)
        assert not answer["abstained"] and PHRASE in answer["answer"], answer
        assert {c["doc_id"] for c in answer["citations"]} == {SECRET}


def test_api_search_never_returns_the_document_to_a_user_outside_the_group(site):
    for filters in (None, {"doc_ids": [SECRET]}):
        body = {"query": QUESTION, "k": 10, **({"filters": filters} if filters else {})}
        status, found = post_json(f"{site.url}/api/search", body, _basic(STAFF))
        assert status == 200, found
        assert_no_leak(json.dumps(found, ensure_ascii=False))
        assert SECRET not in {hit["doc_id"] for hit in found["hits"]}
    status, found = post_json(f"{site.url}/api/search", {"query": QUESTION}, _basic(ADMIN))
    assert status == 200 and found["hits"][0]["doc_id"] == SECRET


def test_openai_chat_abstains_for_a_user_outside_the_group_streamed_or_not(site):
    for stream in (False, True):
        plain = site.chat(_basic(STAFF), stream)
        assert_no_leak(plain)
        narrowed = site.chat(_basic(STAFF), stream, hoidap_filters={"doc_ids": [SECRET]})
        assert_no_leak(narrowed)
        if not stream:
            assert json.loads(plain)["hoidap"]["abstained"]
        answered = site.chat(_basic(ADMIN), stream)
        assert PHRASE in answered and TITLE in answered


def test_the_documents_listing_shows_a_user_only_what_they_may_read(site):
    status, listed = http_request(f"{site.url}/api/documents", headers=_basic(STAFF))
    assert status == 200
    assert {d["doc_id"] for d in listed["documents"]} == {
        "quy-che-thu-vien",
        "lich-truc-phong-thi-nghiem",
    }
    assert_no_leak(json.dumps(listed, ensure_ascii=False))
    status, listed = http_request(f"{site.url}/api/documents", headers=_basic(ADMIN))
    mine = {d["doc_id"]: d for d in listed["documents"]}
    assert mine[SECRET]["groups"] == ["phap-che"]


def _answer(page) -> str:
    page.fill("#question textarea", QUESTION)
    page.click("#ask")
    page.wait_for_function(
        """() => { const bots = document.querySelectorAll('#chat .bot');
          const text = bots.length ? bots[bots.length - 1].innerText.trim() : '';
          return text && text !== 'Loading content' && !text.includes('⏳')
            && !text.includes('▌'); }""",
        timeout=120_000,
    )
    return page.locator("#chat .bot").last.inner_text()


def test_in_chromium_a_user_outside_the_group_sees_nothing_of_it_and_an_admin_the_answer(
    browser, site
):
    page = signed_in_page(browser, site.url, STAFF)
    page.wait_for_selector("button.starter", timeout=30_000)
    reply = _answer(page)
    assert "⚠️" in reply, reply  # the abstention
    page.get_by_text("Lọc văn bản").click()
    page.locator("#filter-docs input").click()  # the documents a question can be narrowed to
    page.get_by_role("option", name="Lịch trực phòng thí nghiệm").wait_for(timeout=30_000)
    html = page.content()
    page.keyboard.press("Escape")
    page.get_by_role("tab", name="Tài liệu", exact=True).click()
    page.wait_for_function(
        "() => document.querySelector('#documents').innerText.includes('Quy chế thư viện')",
        timeout=30_000,
    )
    page.get_by_role("tab", name="Thuật ngữ").click()
    page.wait_for_selector("#glossary", timeout=30_000)
    assert_no_leak(html)
    html = page.content()
    assert PUBLIC_STARTER in html
    assert_no_leak(html)
    # Gradio's own configuration of the page, as this user's browser gets it.
    status, config = http_request(f"{site.url}/config", headers=_basic(STAFF))
    assert status == 200
    assert_no_leak(json.dumps(config, ensure_ascii=False))
    page.context.close()

    page = signed_in_page(browser, site.url, ADMIN)
    page.get_by_text(STARTER).wait_for(timeout=30_000)
    reply = _answer(page)
    assert PHRASE in reply, reply
    page.get_by_role("tab", name="Tài liệu", exact=True).click()
    page.wait_for_function(
        f"() => document.querySelector('#documents').innerText.includes('{TITLE}')",
        timeout=30_000,
    )
    page.get_by_role("tab", name="Thuật ngữ").click()  # what the user's page was checked for
    page.wait_for_function(
        f"() => document.querySelector('#glossary')?.innerText.includes('{ACRONYM}')",
        timeout=30_000,
    )
    page.context.close()


def test_a_starter_naming_a_restricted_document_is_offered_only_to_its_readers(tmp_path):
    """The onboarding file may name a starter's documents (``doc_id``, one or a list): then no
    search decides where it is drawn from."""
    from types import SimpleNamespace

    from assistant import Library
    from index import DocumentInfo

    class Documents:
        def documents(self, state: str | None = None) -> list[Any]:
            return [
                SimpleNamespace(doc_id=info.doc_id, fingerprint="1", chunk_count=1, info=info)
                for info in (
                    DocumentInfo("mat", "Mật", groups=("phap-che",)),
                    DocumentInfo("chung", "Chung"),
                )
            ]

        def search(self, *args: Any, **kwargs: Any) -> list[Any]:
            raise AssertionError("the onboarding file named the documents")

    onboarding = tmp_path / "onboarding.toml"
    onboarding.write_text(
        '[[starter]]\nquestion = "Hỏi về tài liệu mật?"\ndoc_id = "mat"\n\n'
        '[[starter]]\nquestion = "Hỏi chung?"\ndoc_id = ["chung"]\n',
        encoding="utf-8",
    )
    library = Library(Documents(), onboarding)  # type: ignore[arg-type]
    assert library.starters(()) == ["Hỏi chung?"]
    assert library.starters(("phap-che",)) == ["Hỏi về tài liệu mật?", "Hỏi chung?"]
    assert library.starters(None) == ["Hỏi về tài liệu mật?", "Hỏi chung?"]
