"""The chat app in a real headless browser (Debian's /usr/bin/chromium driven by Playwright):
an answer streams in, citation [1] opens its passage, and document text never runs as HTML.
The screenshots it saves are the ones the README shows."""

from __future__ import annotations

import time

import pytest

from tests import helpers
from tests.conftest import ROOT, ingest
from tests.helpers import CHROMIUM_ARGS, ScriptedEndpoint, ServedApp

# Older UI tests import these names from here; the fixture is ``browser`` in conftest.
ARGS, CHROMIUM = CHROMIUM_ARGS, helpers.CHROMIUM

SCREENSHOTS = ROOT / "docs" / "screenshots"


def _open(browser, url: str):
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    page.goto(url)
    page.wait_for_selector("#question textarea", timeout=120_000)
    return page


def test_an_answer_streams_in_and_citation_1_opens_its_passage(browser, cli_data_dir):
    with ServedApp(cli_data_dir) as app:
        page = _open(browser, app.url)
        page.screenshot(path=str(SCREENSHOTS / "start.png"))
        page.fill("#question textarea", "Việt Nam đảm nhận vai trò Chủ tịch APO nhiệm kỳ nào?")
        page.click("#ask")

        # The default mode uses the local LLM: its text appears piece by piece (with a
        # cursor) before the verified answer replaces it.
        partial_seen = False
        deadline = time.monotonic() + 240
        while time.monotonic() < deadline:
            bubbles = page.locator("#chat .bot, #chat [data-testid='bot']")
            text = bubbles.last.inner_text() if bubbles.count() else ""
            partial_seen |= "▌" in text and "Đang tìm" not in text
            if page.locator("#chat a.cite").count() or "Tài liệu không có" in text:
                break
            time.sleep(0.1)
        assert partial_seen, "the answer did not stream"
        assert page.locator("#chat a.cite").count() >= 1, "no cited answer"
        assert "LLM" in page.inner_text("#model-info") or "trích dẫn" in page.inner_text(
            "#model-info"
        )

        page.locator("#chat a.cite").first.click()
        page.wait_for_selector("#source-panel mark", timeout=30_000)
        supporting = page.inner_text("#source-panel mark")
        assert "APO" in supporting and "2020" in supporting
        page.click("#read-whole")
        page.wait_for_selector("#document-view mark#doan-trich", timeout=30_000)
        page.screenshot(path=str(SCREENSHOTS / "answer-and-source.png"))

        page.click("#new-chat")
        page.wait_for_function("() => !document.querySelector('#chat a.cite')", timeout=30_000)


def test_document_text_is_shown_as_text_never_run(browser, make_index, tmp_path):
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "doc-doc-hai.txt").write_text(
        "Quy định mã độc\n\nMã kiểm tra của phòng thí nghiệm là "
        '<script>window.__pwned = 1</script><img src=x onerror="window.__pwned = 2"> '
        "và nó được ghi trong sổ tay an toàn thông tin năm 2024.\n",
        encoding="utf-8",
    )
    index = make_index()
    assert ingest(index, folder).failed == []
    with ServedApp(index.config.data_dir) as app:
        page = _open(browser, app.url)
        page.get_by_label("Trích dẫn nguyên văn").check()
        page.fill("#question textarea", "Mã kiểm tra của phòng thí nghiệm là gì?")
        page.click("#ask")
        page.wait_for_selector("#chat a.cite", timeout=60_000)
        page.locator("#chat a.cite").first.click()
        page.wait_for_selector("#source-panel mark", timeout=30_000)
        page.click("#read-whole")
        page.wait_for_selector("#document-view mark", timeout=30_000)
        time.sleep(1)
        assert page.evaluate("() => window.__pwned") is None
        assert "<script>" in page.inner_text("#source-panel")
        assert "onerror" in page.inner_text("#document-view")
        assert "<script>" in page.inner_text("#chat")


def test_new_employees_find_documents_glossary_and_starters(browser, cli_data_dir):
    with ServedApp(cli_data_dir) as app:
        page = _open(browser, app.url)
        page.get_by_role("tab", name="Tài liệu", exact=True).click()
        table = page.inner_text("#documents")
        assert "Hội nhập quốc tế về TCĐLCL" in table and "2021-02-14" in table
        page.get_by_role("tab", name="Thuật ngữ").click()
        glossary = page.inner_text("#glossary")
        for acronym in ("TCĐLCL", "TĐC", "STAMEQ", "APO", "ACCSQ", "TBT", "FTA"):
            assert acronym in glossary
        assert "Tổ chức Năng suất Châu Á" in glossary
        page.screenshot(path=str(SCREENSHOTS / "glossary.png"))
        page.get_by_role("tab", name="Hỏi đáp").click()
        page.get_by_label("Trích dẫn nguyên văn").check()
        page.locator("button.starter").first.click()
        page.wait_for_selector("#chat a.cite", timeout=60_000)


# -- issue 12: the chat page as a new user and a phone user meet it ----------------------------
QUOTED = "Trích dẫn nguyên văn"
FTA = "Việt Nam đã tham gia bao nhiêu FTA có điều khoản TBT?"  # a quoted answer citing [1], [2]
APO = "APO được thành lập năm nào?"
HEAD = "#source-panel .source-head"
# Set when the answer at 1-based position n is final (no waiting sign, no cursor).
FINAL = """(n) => {
  const bots = document.querySelectorAll('#chat .bot');
  if (bots.length < n) return false;
  const text = bots[n - 1].innerText.trim();
  const pending = text === '' || text === 'Loading content';  // Gradio's own bubble
  return !pending && !text.includes('⏳') && !text.includes('▌');
}"""


@pytest.fixture(scope="module")
def served(cli_data_dir):
    with ServedApp(cli_data_dir) as app:
        yield app


def _ask(page, question: str, mode: str | None = QUOTED) -> None:
    if mode:
        page.get_by_label(mode).check()
    page.fill("#question textarea", question)
    page.click("#ask")


def _wait_final(page, n: int, timeout_s: float = 120) -> str:
    page.wait_for_function(FINAL, arg=n, timeout=timeout_s * 1000)
    return page.locator("#chat .bot").nth(n - 1).inner_text()


def _wait_head(page, starts: str, mark: str = "") -> None:
    page.wait_for_function(
        """([starts, mark]) => {
          const head = document.querySelector('#source-panel .source-head');
          const marked = document.querySelector('#source-panel mark');
          return head && head.innerText.startsWith(starts)
            && (!mark || (marked && marked.innerText.includes(mark)));
        }""",
        arg=[starts, mark],
        timeout=30_000,
    )


def test_citation_2_opens_source_2_and_an_earlier_answers_1_its_own(browser, served):
    page = _open(browser, served.url)
    _ask(page, FTA)
    _wait_final(page, 1)
    assert page.inner_text(HEAD).startswith("Nguồn [1]")
    page.locator('#chat a.cite[href="#nguon-0-2"]').click()
    _wait_head(page, "Nguồn [2]", "13 FTA")

    _ask(page, APO)
    _wait_final(page, 2)
    assert "13 FTA" not in page.inner_text("#source-panel")  # the new answer's source
    page.locator('#chat a.cite[href="#nguon-0-1"]').click()
    _wait_head(page, "Nguồn [1]", "13 FTA")
    checked = page.locator("#source-choice input:checked")
    assert checked.count() == 1 and checked.get_attribute("value") == "0-1"


def test_on_a_phone_a_tap_on_a_citation_brings_its_source_into_view(browser, served):
    context = browser.new_context(
        viewport={"width": 390, "height": 844}, has_touch=True, is_mobile=True
    )
    page = context.new_page()
    page.goto(served.url)
    page.wait_for_selector("#question textarea", timeout=120_000)
    _ask(page, FTA)
    _wait_final(page, 1)
    link = page.locator('#chat a.cite[href="#nguon-0-2"]')
    link.scroll_into_view_if_needed()
    in_view = (
        "() => { const r = document.querySelector('#source-panel').getBoundingClientRect();"
        " return r.top >= 0 && r.top < window.innerHeight - 40; }"
    )
    assert not page.evaluate(in_view), "the source panel is already on screen: nothing to test"
    link.tap()
    _wait_head(page, "Nguồn [2]", "13 FTA")
    page.wait_for_function(in_view, timeout=10_000)
    context.close()


def test_the_chats_trash_button_forgets_the_conversation_and_its_sources(browser, served):
    page = _open(browser, served.url)
    _ask(page, FTA)
    _wait_final(page, 1)
    page.locator(
        '#chat button[aria-label="Clear"], #chat button[aria-label="Xoá cuộc trò chuyện"]'
    ).first.click()
    page.wait_for_function("() => !document.querySelector('#chat .bot')", timeout=30_000)
    page.wait_for_function(
        "() => !document.querySelector('#source-panel').innerText.trim()", timeout=30_000
    )
    _ask(page, APO)
    _wait_final(page, 1)
    # A fresh conversation: its first answer is turn 0 again, not turn 1.
    assert page.locator('#chat a.cite[href^="#nguon-0-"]').count() >= 1


def test_a_question_over_the_limit_is_refused_with_the_reason_and_the_conversation_kept(
    browser, served
):
    page = _open(browser, served.url)
    _ask(page, APO)
    first = _wait_final(page, 1)
    page.click("#ask")  # an empty box: nothing is asked, and nothing on the page goes
    long_question = "APO được thành lập năm nào? " * 110  # 3,080 characters
    _ask(page, long_question, mode=None)
    reply = page.wait_for_function(
        "() => [...document.querySelectorAll('#chat .bot')].map(b => b.innerText)"
        ".find(t => t.includes('quá giới hạn')) || null",
        timeout=30_000,
    ).json_value()
    assert "2.000" in reply and "ký tự" in reply
    assert page.input_value("#question textarea").strip() == long_question.strip()
    # The next question is answered below the refusal, the first answer still above it: a
    # refused (or empty) question used to empty the whole chat a moment after the refusal
    # showed, and the conversation's turns with it.
    _ask(page, FTA, mode=None)
    _wait_final(page, 3, timeout_s=60)
    bots = page.locator("#chat .bot")
    assert bots.count() == 3
    assert bots.nth(0).inner_text() == first
    assert "quá giới hạn" in bots.nth(1).inner_text()
    assert bots.nth(2).locator("a.cite").count() >= 1


def test_documents_table_shows_every_column_and_the_reader_its_document(browser, served):
    page = browser.new_page(viewport={"width": 1366, "height": 768})
    page.goto(served.url)
    page.wait_for_selector("#question textarea", timeout=120_000)
    page.get_by_role("tab", name="Tài liệu", exact=True).click()
    page.wait_for_selector("#documents table", timeout=30_000)
    for header in ("Tiêu đề", "Ngày", "Nguồn", "Mô tả", "Số đoạn"):
        box = page.locator("#documents th", has_text=header).first.bounding_box()
        assert box and box["x"] >= 0 and box["x"] + box["width"] <= 1366, header
    overflow = page.evaluate(
        "() => { const t = document.querySelector('#documents table');"
        " return t.scrollWidth - t.parentElement.clientWidth; }"
    )
    assert overflow <= 1, f"table is {overflow} px wider than its box"
    font = page.evaluate(
        "() => getComputedStyle(document.querySelector('#documents td')).fontFamily"
    )
    assert "mono" not in font.lower(), font
    assert "VietQ" in page.inner_text("#documents")  # the source column, on screen
    # The pre-selected document is shown at once, without picking another one first.
    selected = page.input_value("#pick-document input")
    reader = page.inner_text("#document-text")
    assert selected and selected in reader and len(reader) > 1000


def test_gradio_english_chrome_is_hidden(browser, served):
    page = _open(browser, served.url)
    for english in ("Use via API", "Built with Gradio", "Settings"):
        assert not page.get_by_text(english).first.is_visible(), english
    _ask(page, FTA)
    _wait_final(page, 1)
    labels = page.evaluate(
        "() => [...document.querySelectorAll('#chat [title], #chat [aria-label]')]"
        ".flatMap(e => [e.getAttribute('title'), e.getAttribute('aria-label')])"
    )
    english = {"Like", "Dislike", "Copy message", "Copy conversation", "Clear"}
    assert not english & set(labels), labels


# Records every link that is not a citation, and every image, ever added to the chat (the
# streamed partial text included), and every request to the planted host.
WATCH_CHAT = """() => {
  window.leaks = [];
  const check = (node) => {
    if (!(node instanceof Element)) return;
    for (const el of [node, ...node.querySelectorAll('a, img')]) {
      if ((el.tagName === 'A' && !el.classList.contains('cite')) || el.tagName === 'IMG') {
        window.leaks.push(el.outerHTML);
      }
    }
  };
  new MutationObserver((records) => records.forEach((r) => r.addedNodes.forEach(check)))
    .observe(document.querySelector('#chat'), {subtree: true, childList: true});
}"""
PLANTED = (
    "Thông báo nộp hồ sơ\n\nMọi hồ sơ chứng nhận hợp quy năm 2024 được nộp qua "
    "[cổng thông tin](http://127.0.0.1:9/leak?x=phish) của Tổng cục. Mẫu hồ sơ chứng nhận "
    "hợp quy năm 2024 có ảnh minh hoạ ![](http://127.0.0.1:9/img) ở cuối trang.\n"
)


def test_markdown_from_documents_and_the_model_is_shown_as_text(browser, make_index, tmp_path):
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "thong-bao-nop-ho-so.txt").write_text(PLANTED, encoding="utf-8")
    index = make_index()
    assert ingest(index, folder).failed == []
    reply = (
        "Hồ sơ được nộp qua [cổng thông tin](http://127.0.0.1:9/leak?x=phish) "
        "![](http://127.0.0.1:9/img) của Tổng cục [1]."
    )
    endpoint = ScriptedEndpoint(reply, delay_s=0.3)
    with ServedApp(index.config.data_dir, HOIDAP_LLM_URL=endpoint.url) as app:
        page = _open(browser, app.url)
        planted: list[str] = []
        page.on("request", lambda r: planted.append(r.url) if ":9/" in r.url else None)
        page.evaluate(WATCH_CHAT)
        question = "Hồ sơ chứng nhận hợp quy năm 2024 được nộp qua đâu?"
        _ask(page, question)
        quoted = _wait_final(page, 1)
        assert "[cổng thông tin](http://127.0.0.1:9/leak?x=phish)" in quoted
        _ask(page, question, mode="LLM")
        _wait_final(page, 2)
        time.sleep(1)
        chat = page.locator("#chat")
        assert chat.locator("a:not(.cite)").count() == 0
        assert chat.locator("img").count() == 0
        assert page.evaluate("() => window.leaks") == []
        assert planted == []


@pytest.fixture(scope="module")
def slow_model(cli_data_dir):
    """The app with a model endpoint that takes ~9 s to say "APO được thành lập năm 1961 [1]."."""
    endpoint = ScriptedEndpoint("APO được thành lập năm 1961 [1].", delay_s=1.5)
    with ServedApp(cli_data_dir, HOIDAP_LLM_URL=endpoint.url) as app:
        yield app


def _seconds_shown(page) -> float:
    import re

    line = page.inner_text("#model-info")
    found = re.search(r"([\d.]+) giây", line)
    assert found, line
    return float(found.group(1))


def test_a_quoted_answer_in_one_tab_does_not_wait_for_a_model_answer_in_another(
    browser, slow_model
):
    first = browser.new_context(viewport={"width": 1400, "height": 1000}).new_page()
    second = browser.new_context(viewport={"width": 1400, "height": 1000}).new_page()
    for page in (first, second):
        page.goto(slow_model.url)
        page.wait_for_selector("#question textarea", timeout=120_000)
    _ask(first, APO, mode="LLM")
    first.wait_for_selector("#chat .bot", timeout=30_000)
    _ask(second, FTA)
    _wait_final(second, 1, timeout_s=60)
    assert not first.evaluate(FINAL, 1), "the quoted answer waited for the model answer"
    assert "trích dẫn nguyên văn" in second.inner_text("#model-info")

    # A second model answer meanwhile: the time shown is all the user waited, and what the
    # page says while waiting is Vietnamese (no Gradio "queue: 1/1" or ETA).
    asked = time.monotonic()
    _ask(second, APO, mode="LLM")
    waiting_texts = set()
    while not second.evaluate(FINAL, 2) and time.monotonic() - asked < 120:
        waiting_texts.add(second.inner_text("body"))
        time.sleep(0.5)
    waited = time.monotonic() - asked
    assert second.evaluate(FINAL, 2)
    for text in waiting_texts:
        assert "queue" not in text.lower() and "eta" not in text.lower().split()
    assert any("⏳" in text and "giây" in text for text in waiting_texts)
    assert _seconds_shown(second) >= waited * 0.8 - 1.0, (_seconds_shown(second), waited)
    _wait_final(first, 1)


def test_a_correct_short_model_answer_is_kept(browser, slow_model):
    page = _open(browser, slow_model.url)
    _ask(page, APO, mode="LLM")
    answer = _wait_final(page, 1, timeout_s=120)
    assert answer.strip().startswith("APO được thành lập năm 1961"), answer
    assert len(answer) < 120, answer  # the model's sentence, not a long quote
    line = page.inner_text("#model-info")
    assert "LLM" in line and "không được nguồn xác nhận" not in line, line


def test_documents_ingested_while_the_app_runs_are_listed_after_a_reload(
    browser, make_index, tmp_path
):
    import subprocess
    import sys

    folder = tmp_path / "docs"
    folder.mkdir()
    first = folder / "quy-che-thu-vien.txt"
    first.write_text(
        "Quy chế thư viện\n\nThư viện của Tổng cục mở cửa từ thứ Hai đến thứ Sáu, "
        "cho mượn tối đa năm cuốn sách trong hai tuần.\n",
        encoding="utf-8",
    )
    index = make_index()
    assert ingest(index, folder).failed == []
    data_dir = index.config.data_dir

    def cli_ingest(*args: str) -> None:
        subprocess.run(
            [
                sys.executable,
                "-m",
                "hoidap",
                "ingest",
                *args,
                "--data-dir",
                str(data_dir),
                "--no-progress",
            ],
            check=True,
            capture_output=True,
        )

    with ServedApp(data_dir) as app:
        page = _open(browser, app.url)
        page.get_by_role("tab", name="Tài liệu", exact=True).click()
        assert "Quy chế thư viện" in page.inner_text("#documents")
        (folder / "lich-truc-phong-thi-nghiem.txt").write_text(
            "Lịch trực phòng thí nghiệm\n\nPhòng thí nghiệm đo lường trực vào sáng thứ Bảy "
            "hằng tuần theo lịch của Trung tâm Kỹ thuật năm 2024.\n",
            encoding="utf-8",
        )
        cli_ingest(str(folder))
        page.reload()
        page.wait_for_selector("#question textarea", timeout=120_000)
        page.get_by_role("tab", name="Tài liệu", exact=True).click()
        page.wait_for_function(
            "() => document.querySelector('#documents').innerText"
            ".includes('Lịch trực phòng thí nghiệm')",
            timeout=30_000,
        )
        page.locator("#pick-document input").click()
        page.get_by_role("option", name="Lịch trực phòng thí nghiệm").click()
        page.wait_for_function(
            "() => document.querySelector('#document-text').innerText.includes('sáng thứ Bảy')",
            timeout=30_000,
        )

        first.unlink()
        cli_ingest(str(folder), "--prune")
        page.reload()
        page.wait_for_selector("#question textarea", timeout=120_000)
        page.get_by_role("tab", name="Tài liệu", exact=True).click()
        page.wait_for_function(
            "() => !document.querySelector('#documents').innerText.includes('Quy chế thư viện')",
            timeout=30_000,
        )
        assert "Lịch trực phòng thí nghiệm" in page.inner_text("#documents")
