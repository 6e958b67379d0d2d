"""The chat app in a real headless browser (Debian's /usr/bin/chromium driven by Playwright):
an answer streams in, citation [1] opens its passage, and document text never runs as HTML.
The screenshots it saves are the ones the README shows."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from tests.conftest import ROOT, ingest
from tests.helpers import ServedApp

CHROMIUM = Path("/usr/bin/chromium")
SCREENSHOTS = ROOT / "docs" / "screenshots"
# Without the networking flags Chromium tries to reach Google's hosts at every start.
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="module")
def browser():
    assert CHROMIUM.is_file(), "cần Chromium của Debian: `make test` cài gói chromium"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield chromium
        chromium.close()


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
    with ServedApp(index.settings.data_dir) as app:
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
        page.get_by_role("tab", name="Tài liệu").click()
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
