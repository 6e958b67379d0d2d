"""Exporting an answer or a whole conversation as a memo (issue 17): real answers of the real
engine over the product corpus and over a small legal index, written as .docx (read back with
python-docx) and Markdown (read back with a CommonMark parser), from the chat page's handler
and from `POST /api/export`."""

from __future__ import annotations

import html
import io
import re
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import docx
import pytest
from markdown_it import MarkdownIt

from assistant.citations import document_name
from hoidap.settings import Settings
from hoidap.wiring import Wiring
from index import IN_FORCE, Chunk, DocumentInfo
from tests.conftest import assistant_for, open_index, settings_of
from ui.chat import ChatHandlers
from ui.export import (
    ABSTAINED,
    answer_docx,
    answer_markdown,
    asked_at_iso,
    conversation_docx,
    conversation_markdown,
    shown_date,
)
from ui.feedback import FeedbackStore

APO = "APO là tổ chức gì?"
UNANSWERED = "Giá vé máy bay đi Paris là bao nhiêu?"
LEGAL_QUESTION = "Tổ chức sản xuất hàng đóng gói sẵn phải bảo đảm lượng hàng đóng gói sẵn thế nào?"
NUMBER = "24/2013/TT-BKHCN"
# A clause whose text is hostile to Markdown: emphasis, a link, HTML, a heading-like start.
CLAUSE = (
    "Tổ chức, cá nhân sản xuất hàng đóng gói sẵn phải bảo đảm lượng của hàng *đóng gói sẵn* "
    "phù hợp với yêu cầu kỹ thuật đo lường quy định tại [Phụ lục I](http://vi-du.vn/phu-luc) "
    "<b>này</b>."
)
TITLE = "Cuộc trò chuyện: đo lường & hợp tác quốc tế"


@pytest.fixture(scope="module")
def legal_index(tmp_path_factory: pytest.TempPathFactory, embedder):
    """One circular in force, its Điều 5 khoản 2 on page 4."""
    index = open_index(Settings(data_dir=tmp_path_factory.mktemp("export-legal")), embedder)
    info = DocumentInfo(
        doc_id="tt24",
        title="Quy định về đo lường đối với lượng của hàng đóng gói sẵn",
        date="2013-09-30",
        doc_number=NUMBER,
        doc_type="Thông tư",
        issued_date="2013-09-30",
        status=IN_FORCE,
    )
    intro = "# Chương II. Yêu cầu đối với hàng đóng gói sẵn, áp dụng từ ngày ký."
    parts = [("Chương II > Điều 5 > Khoản 1", intro), ("Chương II > Điều 5 > Khoản 2", CLAUSE)]
    chunks, start = [], 0
    for n, (path, text) in enumerate(parts):
        chunks.append(Chunk("tt24", n, text, start, start + len(text), page=4, legal_path=path))
        start += len(text) + 2
    index.replace_documents([(info, chunks, "tt24")])
    index.publish(changed=True)
    return index


def page(index: Any, tmp_path: Path) -> ChatHandlers:
    assistant = assistant_for(index, answer_mode="extractive")
    library = Wiring(settings_of(index)).library(index)
    return ChatHandlers(assistant, library, FeedbackStore(tmp_path))


def ask(handlers: ChatHandlers, question: str, turns: list[dict[str, Any]]) -> list[Any]:
    """A question asked on the chat page: the turns after its answer."""
    _, chat, pending = handlers.take_question(question, [], turns)
    steps = list(handlers.respond(pending, chat, turns, [], "extractive", tick_s=0.05))
    return steps[-1][1]


@pytest.fixture(scope="module")
def corpus_page(corpus_index, tmp_path_factory) -> ChatHandlers:
    return page(corpus_index, tmp_path_factory.mktemp("export-page"))


@pytest.fixture(scope="module")
def turns(corpus_page, legal_index, tmp_path_factory) -> list[dict[str, Any]]:
    """A conversation on the chat page: a cited answer over the corpus, a legal one, and a
    question the documents do not answer."""
    asked = ask(corpus_page, APO, [])
    asked = ask(
        page(legal_index, tmp_path_factory.mktemp("export-legal-page")), LEGAL_QUESTION, asked
    )
    asked = ask(corpus_page, UNANSWERED, asked)
    assert [t["abstained"] for t in asked] == [False, False, True]
    assert len(asked[0]["citations"]) >= 2 and asked[1]["citations"][0]["doc_number"] == NUMBER
    return asked


def quote_of(citation: dict[str, Any]) -> str:
    support = citation["support"]
    return " ".join(citation["text"][support["start"] : support["end"]].split())


def cited(turns: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [c for t in turns for c in t["citations"] if not t["abstained"]]


def paragraphs(data: bytes) -> list[tuple[str, str]]:
    document = docx.Document(io.BytesIO(data))
    return [(p.style.name, p.text) for p in document.paragraphs]


def test_a_conversation_as_docx_opens_with_python_docx_and_holds_every_citation(turns):
    data = conversation_docx(turns, TITLE)
    document = docx.Document(io.BytesIO(data))
    assert document.core_properties.title == TITLE and document.core_properties.created
    shown = [(p.style.name, p.text) for p in document.paragraphs]
    text = "\n".join(t for _, t in shown)
    assert shown[0] == ("Title", TITLE)
    headings = [t for style, t in shown if style == "Heading 2"]
    assert headings == ["Câu hỏi", "Trả lời", "Nguồn trích dẫn"] * 3
    assert text.count("Hỏi lúc: ") == 3
    quotes = [t for style, t in shown if style == "Quote"]
    assert len(quotes) == len(cited(turns))
    for turn in turns:
        assert turn["question"] in text and turn["answer"] in text  # with its [n] markers
        for c in turn["citations"] if not turn["abstained"] else []:
            assert f"[{c['n']}] {c['label']}" in text, c["label"]
            assert c["title"] in text
            assert not c["date"] or shown_date(c["date"]) in text
            assert quote_of(c) in quotes
    legal = turns[1]["citations"][0]
    assert legal["label"] == f"Điều 5 khoản 2, Thông tư {NUMBER}"
    assert document_name(NUMBER, "Thông tư") in text and "30/09/2013" in text
    assert "Trang: 4" in text
    # Document text is text in Word: the clause's Markdown-looking bits stay as written.
    assert "[Phụ lục I](http://vi-du.vn/phu-luc) <b>này</b>" in text


def test_the_markdown_has_them_too_and_document_text_cannot_break_its_structure(turns):
    markdown = conversation_markdown(turns, TITLE)
    tokens = MarkdownIt("commonmark").enable("table").enable("strikethrough").parse(markdown)
    headings = [tokens[i + 1].content for i, t in enumerate(tokens) if t.type == "heading_open"]
    sections = ["Câu hỏi", "Trả lời", "Nguồn trích dẫn"]
    assert headings == [TITLE, "Lượt 1", *sections, "Lượt 2", *sections, "Lượt 3", *sections]
    kinds = {t.type for t in tokens} | {c.type for t in tokens for c in t.children or []}
    assert not kinds & {"link_open", "html_inline", "html_block", "code_block", "table_open"}
    assert [t.type for t in tokens].count("blockquote_open") == len(cited(turns))
    rendered = MarkdownIt("commonmark").render(markdown)
    plain = " ".join(html.unescape(re.sub(r"<[^>]+>", " ", rendered)).split())
    for c in cited(turns):
        assert f"[{c['n']}] {c['label']}" in plain
        assert c["title"] in plain and quote_of(c) in plain
        assert not c["date"] or shown_date(c["date"]) in plain
    assert "Tổ chức, cá nhân sản xuất" in plain and "<b>này</b>" in plain  # shown, not obeyed
    assert "Hỏi lúc:" in plain and f"Thông tư {NUMBER}" in plain and "Trang: 4" in plain


def test_an_abstained_answer_exports_as_such_with_no_citations(turns):
    abstained = turns[2]
    assert abstained["retrieved"]  # it showed related passages: they are not citations
    shown = paragraphs(answer_docx(abstained, "Câu trả lời"))
    assert not [t for style, t in shown if style == "Quote"]
    assert ABSTAINED in [t for _, t in shown] and abstained["answer"] in [t for _, t in shown]
    markdown = answer_markdown(abstained, "Câu trả lời")
    assert "> " not in markdown and ABSTAINED in markdown.replace("\\", "")
    assert "### " not in markdown and "## Nguồn trích dẫn" in markdown


def test_the_chat_page_offers_the_downloads_once_there_is_an_answer(turns, tmp_path):
    assert ChatHandlers.export_files([], tmp_path) == (None, None, None, None)
    files = ChatHandlers.export_files(turns, tmp_path)
    assert [f.suffix for f in files if f] == [".docx", ".md", ".docx", ".md"]
    names = [f.name for f in files if f]
    assert names[0].startswith("cuoc-tro-chuyen-apo-la-to-chuc-gi")
    assert names[2].startswith("cau-tra-loi-gia-ve-may-bay")
    assert all(re.fullmatch(r"[a-z0-9-]+\.(docx|md)", name) for name in names), names
    whole, last = paragraphs(files[0].read_bytes()), paragraphs(files[2].read_bytes())
    assert sum(style == "Quote" for style, _ in whole) == len(cited(turns))
    assert UNANSWERED in [t for _, t in last] and APO not in [t for _, t in last]
    assert APO in files[1].read_text() and APO not in files[3].read_text()


@pytest.fixture
def api(corpus_page, tmp_path):
    from fastapi import FastAPI
    from fastapi.testclient import TestClient

    from ui.api import add_routes

    recorded: list[tuple[str, str]] = []
    app = FastAPI()
    add_routes(
        app,
        corpus_page.assistant,
        corpus_page.library,
        FeedbackStore(tmp_path),
        on_export=lambda who, what: recorded.append((who, what)),
    )
    with TestClient(app) as client:
        yield client, recorded


def test_the_api_exports_turns_the_client_sends_back(api, turns):
    client, recorded = api
    reply = client.post("/api/export", json={"turns": turns, "format": "docx", "title": TITLE})
    assert reply.status_code == 200, reply.text
    assert reply.headers["content-type"] == (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    )
    disposition = reply.headers["content-disposition"]
    ascii_name = re.search(r'filename="([^"]+)"', disposition)[1]  # type: ignore[index]
    assert ascii_name == "cuoc-tro-chuyen-do-luong-hop-tac-quoc-te.docx"
    own_name = re.search(r"filename\*=UTF-8''(\S+)", disposition)[1]  # type: ignore[index]
    assert unquote(own_name) == f"{TITLE.replace(':', ' ')}.docx".replace("  ", " ")
    assert sum(style == "Quote" for style, _ in paragraphs(reply.content)) == len(cited(turns))
    assert recorded == [("?", "cuộc trò chuyện, docx, 3 câu hỏi")]

    one = {"turns": turns[:1], "format": "markdown"}  # no title: the question's
    reply = client.post("/api/export", json=one)
    assert reply.status_code == 200 and reply.headers["content-type"].startswith("text/markdown")
    assert "charset=utf-8" in reply.headers["content-type"]
    assert reply.text.startswith(f"# Câu trả lời: {APO}") and "## Nguồn trích dẫn" in reply.text
    assert 'filename="cau-tra-loi-apo-la-to-chuc-gi.md"' in reply.headers["content-disposition"]

    for bad, reason in [
        ({"turns": [], "format": "docx"}, "turns"),
        ({"turns": turns, "format": "pdf"}, "format"),
        ({"turns": [{**turns[0], "question": "x" * 2001}]}, "turns.0.question"),
    ]:
        reply = client.post("/api/export", json=bad)
        assert reply.status_code == 422 and reply.json()["reasons"][0].startswith(reason)
    flood = b'{"turns": [{"question": "' + b"x" * 1_100_000 + b'"}]}'
    reply = client.post("/api/export", content=flood, headers={"content-type": "application/json"})
    assert reply.status_code == 413 and set(reply.json()) == {"error", "reasons"}
    assert len(recorded) == 2


def test_asked_at_is_when_the_question_was_asked_with_its_offset(turns):
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d", turns[0]["asked_at"])
    assert asked_at_iso(0).startswith(("1970-01-01T", "1969-12-31T"))


def test_the_page_shows_the_downloads_after_an_answer_and_reports_each_export(corpus_page, turns):
    """The Gradio wiring, called as Gradio calls it (no browser): the four buttons hidden until
    there is an answer, then each with its file; a click reports who exported what."""
    from types import SimpleNamespace

    import gradio as gr

    from ui.app import EXPORTS, build_app
    from ui.auth import PRINCIPAL_KEY, Principal

    recorded: list[tuple[str, str]] = []
    app = build_app(
        corpus_page.assistant,
        corpus_page.library,
        corpus_page.feedback,
        on_export=lambda who, what: recorded.append((who, what)),
    )
    buttons = [b for b in app.blocks.values() if isinstance(b, gr.DownloadButton)]
    assert [b.elem_id for b in buttons] == [element for _, element, _, _ in EXPORTS]
    assert not any(b.visible for b in buttons)
    functions = {f.name: f.fn for f in app.fns.values()}
    shown = functions["export_files"](turns)
    assert [u["visible"] for u in shown] == [True] * 4
    assert Path(shown[0]["value"]).suffix == ".docx" and Path(shown[3]["value"]).suffix == ".md"
    assert [u["visible"] for u in functions["export_files"]([])] == [False] * 4
    records = [f.fn for f in app.fns.values() if f.name == "record"]
    assert len(records) == 4
    request = SimpleNamespace(state=SimpleNamespace(**{PRINCIPAL_KEY: Principal("lan")}))
    records[0](turns, request)
    records[3](turns, request)
    records[1]([], request)  # nothing to export: nothing recorded
    assert recorded == [
        ("lan", "cuộc trò chuyện, docx, 3 câu hỏi"),
        ("lan", "câu trả lời, markdown, 1 câu hỏi"),
    ]


def test_text_word_cannot_hold_is_left_out_rather_than_failing_the_export(turns):
    """A PDF's form feed or a stray NUL in a passage: XML refuses them, the export does not."""
    cited = turns[1]["citations"][0]
    text = "Trang một.\x0c\x00 " + cited["text"]
    shift = len(text) - len(cited["text"])
    support = {"start": cited["support"]["start"] + shift, "end": cited["support"]["end"] + shift}
    turn = {**turns[1], "citations": [{**cited, "text": text, "support": support}]}
    shown = paragraphs(answer_docx({**turn, "question": "Hỏi\x0bgì?"}))
    assert ("Quote", quote_of(cited)) in shown and ("Normal", "Hỏi gì?") in shown
    assert "\x0c" not in answer_markdown(turn)
