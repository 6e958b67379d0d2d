"""Answers over legal documents as a lawyer reads them (issue 16): a passage is cited as "Điều 5
khoản 2, Thông tư …", an answer from a document no longer in force says so and names its
replacement, and the filters (only documents in force, type, issuer, dates, document) reach
the index from every way in. The stages run on hand-made passages (no Chroma, no model)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import replace

import pytest

from assistant import Answer, AnswerPath, Assistant, RequestLimits, Verified
from assistant.citations import document_name, legal_place, source_label, validity_notes
from assistant.library import DocumentEntry, Reader, filter_documents, readable_documents
from assistant.limits import InvalidFilters
from assistant.onboarding import Onboarding
from hoidap.settings import load_settings
from index import (
    IN_FORCE,
    NO_FILTERS,
    NOT_YET_IN_FORCE,
    REPEALED,
    Chunk,
    DocumentInfo,
    Hit,
    SearchFilters,
)
from index.access import ALL_GROUPS
from index.records import ChunkId
from tests.test_stages import CONFIG, ScriptedModel, flat
from ui.api import _listed
from ui.chat import ChatHandlers
from ui.render import render_documents, render_source, source_choices

OLD = "12/2009/TT-BKHCN"
NEW = "24/2013/TT-BKHCN"
CLAUSE = (
    "Tổ chức, cá nhân sản xuất hàng đóng gói sẵn phải bảo đảm lượng của hàng đóng gói sẵn "
    "phù hợp với yêu cầu kỹ thuật đo lường quy định tại Phụ lục I."
)
CLAUSE_EN = (
    "Producers of prepackaged goods must ensure that the quantity of the goods meets the "
    "metrological requirements in Annex I."
)
QUESTION = "Tổ chức sản xuất hàng đóng gói sẵn phải bảo đảm lượng của hàng đóng gói sẵn thế nào?"
NEWS = "Hội nghị tổng kết công tác tiêu chuẩn đo lường chất lượng năm 2023 diễn ra tại Hà Nội."


def legal_hit(
    text: str = CLAUSE,
    number: str = NEW,
    status: str = IN_FORCE,
    replaced_by: str = "",
    path: str = "Chương II > Điều 5 > Khoản 2",
    doc: str = "tt24",
) -> Hit:
    return Hit(
        rank=1,
        score=1.0,
        doc_id=doc,
        title="Quy định về đo lường đối với lượng của hàng đóng gói sẵn",
        date="2013-09-30",
        chunk_id=str(ChunkId(doc, 3)),
        text=text,
        char_start=0,
        char_end=len(text),
        legal_path=path,
        doc_number=number,
        doc_type="Thông tư",
        status=status,
        replaced_by=replaced_by,
    )


REPEALED_HIT = legal_hit(number=OLD, status=REPEALED, replaced_by=NEW, doc="tt12")


class RecordingSource:
    """A ``PassageSource`` that, like the index, takes filters; records each search's."""

    def __init__(self, hits: Sequence[Hit]) -> None:
        self.hits = list(hits)
        self.filters: list[SearchFilters | None] = []

    def search(
        self,
        query: str,
        k: int | None = None,
        mode: str | None = None,
        filters: SearchFilters | None = None,
    ) -> list[Hit]:
        self.filters.append(filters)
        return self.hits[:k]

    def with_following(self, hit: Hit, chunks: int = 1) -> Hit:
        return hit

    def term_weights(self, terms: set[str]) -> dict[str, float]:
        return flat(terms)

    def sentence_similarity(self, question: str, sentences: Sequence[str]) -> list[float]:
        return [0.0 for _ in sentences]


def answer_of(hits: Sequence[Hit], question: str = QUESTION, mode: str = "extractive", **kw):
    model = ScriptedModel(kw.pop("reply")) if "reply" in kw else None
    config = kw.pop("config", CONFIG)
    assistant = Assistant(RecordingSource(hits), config, RequestLimits(), generator=model)
    events = list(assistant.stream(question, None, mode, **kw))
    assert isinstance(events[-1], Answer)
    return events, events[-1]


# -- citations ---------------------------------------------------------------------------


def test_a_legal_passage_is_cited_by_article_clause_and_document():
    _, answer = answer_of([legal_hit()])
    assert not answer.abstained and answer.answer.endswith("[1].")
    cited = answer.to_json()["citations"][0]
    assert cited["label"] == "Điều 5 khoản 2, Thông tư 24/2013/TT-BKHCN"
    assert cited["title"].startswith("Quy định về đo lường")  # still there for the panel
    assert cited["legal_path"] == "Chương II > Điều 5 > Khoản 2"


def test_a_news_article_keeps_its_title_as_citation():
    news = replace(legal_hit(NEWS, number="", path=""), doc_type="", title="Tổng kết năm 2023")
    assert source_label(news) == "Tổng kết năm 2023"


@pytest.mark.parametrize(
    ("path", "number", "doc_type", "label"),
    [
        ("Điều 5 > Khoản 2 > Điểm a", NEW, "Thông tư", f"Điều 5 khoản 2 điểm a, Thông tư {NEW}"),
        ("Phần I > Chương II > Mục 1 > Điều 12", "132/2008/NĐ-CP", "", "Điều 12, Nghị định"),
        ("4 > 4.2", "TCVN 7790:2007", "TCVN", "mục 4.2, TCVN 7790:2007"),
        ("Phụ lục A", "QCVN 4:2009/BKHCN", "QCVN", "Phụ lục A, QCVN 4:2009/BKHCN"),
        ("", NEW, "Thông tư", f"Thông tư {NEW}"),
    ],
)
def test_citation_labels_read_as_a_lawyer_writes_them(path, number, doc_type, label):
    hit = replace(legal_hit(path=path, number=number), doc_type=doc_type)
    assert source_label(hit).startswith(label)


def test_document_names_take_their_type_from_the_number_only_when_it_is_plain():
    assert document_name(NEW) == f"Thông tư {NEW}"
    assert document_name("1131/QĐ-TTg") == "Quyết định 1131/QĐ-TTg"
    assert document_name("05/2007/QH12") == "05/2007/QH12"  # a law or a resolution: left bare
    assert document_name("TCVN ISO 9001:2015", "TCVN") == "TCVN ISO 9001:2015"
    # A law is named by its title: its type alone does not say which law.
    title = "Bộ luật Lao động 2012 (trích, bản tổng hợp)"
    assert document_name("10/2012/QH13", "Bộ luật", title) == "Bộ luật Lao động số 10/2012/QH13"
    assert legal_place("") == ""


# -- validity ----------------------------------------------------------------------------

NOTE_VI = f"Lưu ý: Thông tư {OLD} đã hết hiệu lực, được thay thế bởi Thông tư {NEW}."
NOTE_EN = f"Note: Thông tư {OLD} is no longer in force; it was replaced by Thông tư {NEW}."


def test_a_quoted_answer_from_a_repealed_document_says_so_and_names_the_replacement():
    _, answer = answer_of([REPEALED_HIT])
    assert answer.answer.endswith(NOTE_VI) and "[1]" in answer.answer
    # An English question (over an English translation: the gate reads the dense similarity
    # the index found, the selection shared words).
    english = replace(REPEALED_HIT, text=CLAUSE_EN, char_end=len(CLAUSE_EN), dense_score=0.95)
    _, answer = answer_of([english], "What must producers of prepackaged goods ensure?")
    assert not answer.abstained and answer.answer.endswith(NOTE_EN), answer.answer


def test_a_generated_answer_from_a_repealed_document_gets_the_note_after_the_model():
    reply = "Tổ chức sản xuất hàng đóng gói sẵn phải bảo đảm lượng phù hợp với Phụ lục I [1]. "
    # By default LLM mode quotes a provision (its wording is the answer): the note follows.
    _, quoted = answer_of([REPEALED_HIT], mode="llm", reply=reply)
    assert quoted.path is AnswerPath.QUOTED_PROVISION and quoted.answer.endswith(NOTE_VI)
    writing = replace(CONFIG, quote_provisions=False)
    events, answer = answer_of([REPEALED_HIT], mode="llm", reply=reply, config=writing)
    verified = [e.text for e in events if isinstance(e, Verified)]
    assert verified[-1] == NOTE_VI  # streamed like a sentence, after the model's
    assert answer.answer == " ".join(verified)  # the Verified contract holds
    assert "hết hiệu lực" not in reply


def test_a_document_in_force_or_without_validity_data_gets_no_note():
    _, answer = answer_of([legal_hit()])
    assert "Lưu ý" not in answer.answer
    assert validity_notes([replace(REPEALED_HIT, status="")]) == ""
    assert validity_notes([replace(REPEALED_HIT, status=NOT_YET_IN_FORCE)]) == (
        f"Lưu ý: Thông tư {OLD} chưa có hiệu lực."
    )


def test_each_repealed_document_is_named_once():
    twice = [REPEALED_HIT, replace(REPEALED_HIT, chunk_id="tt12#0004")]
    assert validity_notes(twice) == NOTE_VI


# -- filters -----------------------------------------------------------------------------


def test_filters_reach_every_search_of_an_answer_a_follow_up_included():
    source = RecordingSource([legal_hit()])
    assistant = Assistant(source, CONFIG, RequestLimits())
    wanted = RequestLimits(in_force_only=True).filters(doc_types=["Thông tư"], date_from="1.7.2013")
    history = [{"role": "user", "content": QUESTION}, {"role": "assistant", "content": "…"}]
    assistant.ask("Còn khoản 3 thì sao?", history, "extractive", wanted)
    assert len(source.filters) == 2 and all(f == wanted for f in source.filters)
    assert wanted.in_force_only and wanted.date_from == "2013-07-01"


def test_a_request_without_filters_gets_the_policy_default_in_force_only_in_the_product():
    source = RecordingSource([legal_hit()])
    Assistant(source, CONFIG, RequestLimits(in_force_only=True)).ask(QUESTION, mode="extractive")
    assert source.filters == [SearchFilters(in_force_only=True)]
    source.filters.clear()
    Assistant(source, CONFIG, RequestLimits(in_force_only=True)).ask(
        QUESTION, None, "extractive", NO_FILTERS
    )
    assert source.filters == [None]  # all versions asked for: the index searches everything
    assert RequestLimits(in_force_only=True).filters(in_force_only=False) == NO_FILTERS
    assert load_settings().in_force_only  # the product's default: on


@pytest.mark.parametrize(
    ("fields", "reason"),
    [
        ({"date_from": "2013-13-01"}, "date_from: '2013-13-01' không phải ngày hợp lệ"),
        ({"date_to": "hôm qua"}, "date_to: 'hôm qua' không phải ngày hợp lệ"),
        ({"date_from": "2014-01-01", "date_to": "2013-01-01"}, "ngày bắt đầu sau ngày kết thúc"),
        ({"issuers": ["x"] * 51}, "issuers: nhiều quá 50 giá trị"),
        ({"doc_ids": ["x" * 201]}, "doc_ids: mỗi giá trị dài tối đa 200 ký tự"),
    ],
)
def test_bad_filters_are_refused_naming_the_field(fields, reason):
    with pytest.raises(InvalidFilters) as refused:
        RequestLimits().filters(**fields)
    assert any(reason in r for r in refused.value.reasons), refused.value.reasons


# -- the ways in: REST, OpenAI-compatible, CLI ------------------------------------------------


@pytest.fixture
def api(tmp_path):
    """The real routes over a real assistant and library, on hand-made passages (the policy
    as the product sets it: only documents in force by default)."""
    from fastapi import FastAPI
    from fastapi.testclient import TestClient

    from assistant import Library
    from ui.api import add_routes
    from ui.feedback import FeedbackStore

    source = RecordingSource([legal_hit()])
    limits = RequestLimits(in_force_only=True)
    app = FastAPI()
    library = Library(source, tmp_path / "none.toml")  # type: ignore[arg-type]
    add_routes(app, Assistant(source, CONFIG, limits), library, FeedbackStore(tmp_path))
    with TestClient(app) as client:
        yield client, source


def test_the_api_takes_filters_and_the_in_force_default_reaches_the_index(api):
    client, source = api
    reply = client.post("/api/ask", json={"question": QUESTION, "mode": "extractive"})
    assert reply.status_code == 200 and source.filters == [SearchFilters(in_force_only=True)]
    cited = reply.json()["citations"][0]
    assert cited["label"] == f"Điều 5 khoản 2, Thông tư {NEW}"

    source.filters.clear()
    asked = {"in_force_only": False, "doc_types": ["Thông tư"], "date_to": "31/12/2013"}
    body = {"question": QUESTION, "mode": "extractive", "filters": asked}
    assert client.post("/api/ask", json=body).status_code == 200
    assert source.filters == [SearchFilters(doc_types=("Thông tư",), date_to="2013-12-31")]

    source.filters.clear()
    chat = {"messages": [{"role": "user", "content": QUESTION}], "hoidap_filters": asked}
    reply = client.post("/v1/chat/completions", json=chat)
    assert reply.status_code == 200 and source.filters[0].doc_types == ("Thông tư",)
    content = reply.json()["choices"][0]["message"]["content"]
    assert f"[1] Điều 5 khoản 2, Thông tư {NEW} — Quy định" in content  # the "Nguồn:" list

    source.filters.clear()
    found = client.post("/api/search", json={"query": "hàng đóng gói sẵn", "k": 3})
    assert found.status_code == 200 and source.filters == [SearchFilters(in_force_only=True)]
    assert found.json()["hits"][0]["label"] == f"Điều 5 khoản 2, Thông tư {NEW}"


@pytest.mark.parametrize(
    ("path", "body", "reason"),
    [
        (
            "/api/ask",
            {"question": QUESTION, "filters": {"date_from": "2013-02-30"}},
            "filters.date_from: '2013-02-30' không phải ngày hợp lệ",
        ),
        (
            "/api/search",
            {"query": "x", "filters": {"in_force_only": "yes"}},
            "filters.in_force_only: phải là true hoặc false",
        ),
        (
            "/v1/chat/completions",
            {"messages": [{"role": "user", "content": "x"}], "hoidap_filters": {"to": "2013"}},
            "hoidap_filters.to: trường này không được nhận",
        ),
    ],
)
def test_bad_filters_get_a_clear_422(api, path, body, reason):
    client, source = api
    reply = client.post(path, json=body)
    assert reply.status_code == 422 and reply.json()["error"] == "Yêu cầu không hợp lệ"
    assert any(r.startswith(reason) for r in reply.json()["reasons"]), reply.json()
    assert source.filters == []  # refused before any search


def test_the_cli_flags_make_the_filters_and_a_bad_date_is_refused(capsys):
    from hoidap.cli import _filters, build_parser, main

    settings = load_settings()
    args = build_parser().parse_args(["search", "x", "--type", "Thông tư", "--from", "1/7/2013"])
    assert _filters(args, settings) == SearchFilters(True, ("Thông tư",), date_from="2013-07-01")
    args = build_parser().parse_args(["ask", "x", "--all-versions", "--doc", "tt12"])
    assert _filters(args, settings) == SearchFilters(doc_ids=("tt12",))
    line = {"in_force_only": False, "issuers": ["Bộ Khoa học và Công nghệ"]}  # a stdin line's
    assert _filters(args, settings, line).issuers == ("Bộ Khoa học và Công nghệ",)
    with pytest.raises(InvalidFilters, match="chỉ nhận các trường"):
        _filters(args, settings, {"type": "Thông tư"})
    assert main(["search", "x", "--to", "31/02/2013"]) == 2
    assert "date_to: '31/02/2013' không phải ngày hợp lệ" in capsys.readouterr().err


# -- the page: documents tab, source panel, the filter controls --------------------------------


def entry(doc_id: str, number: str, status: str, **fields: str) -> DocumentEntry:
    return DocumentEntry(
        doc_id=doc_id,
        title=f"Quy định đo lường ({doc_id})",
        date="",
        source="Bộ Khoa học và Công nghệ",
        url="",
        description="",
        chunks=12,
        doc_number=number,
        doc_type="Thông tư",
        issuer="Bộ Khoa học và Công nghệ",
        status=status,
        **fields,
    )


OLD_DOC = entry("tt12", OLD, REPEALED, replaced_by=NEW, issued_date="2009-05-20")
NEW_DOC = entry("tt24", NEW, IN_FORCE, signer="Thứ trưởng Trần Việt Thanh")
NEWS_DOC = DocumentEntry("tin", "Tổng kết năm 2023", "2024-01-05", "VietQ", "", "", 3)


def test_the_documents_tab_shows_number_issuer_signer_and_status_and_finds_by_them():
    shown = render_documents([NEW_DOC, OLD_DOC, NEWS_DOC])
    assert "<th class='status'>Hiệu lực</th>" in shown and "Người ký" not in shown
    assert f"<b>Thông tư {NEW}</b>" in shown and "ký: Thứ trưởng Trần Việt Thanh" in shown
    assert "Còn hiệu lực" in shown and f"Hết hiệu lực — thay thế bởi Thông tư {NEW}" in shown
    assert "status-repealed" in shown and "ban hành 2009-05-20" in shown
    assert "Tổng kết năm 2023" in shown  # the news article is listed too, with empty cells
    assert render_documents([NEWS_DOC]).count("<th ") == 5  # news only: no legal columns
    everything = [NEW_DOC, OLD_DOC, NEWS_DOC]
    assert filter_documents(everything, "tt 12/2009") == [OLD_DOC]  # typed loosely
    assert filter_documents(everything, "tran viet thanh") == [NEW_DOC]
    assert filter_documents(everything, status=REPEALED) == [OLD_DOC]
    assert filter_documents(everything, status="none") == [NEWS_DOC]
    assert filter_documents(everything, doc_type="Thông tư", status=IN_FORCE) == [NEW_DOC]
    listed = _listed(OLD_DOC)  # a row of GET /api/documents
    assert (listed["doc_number"], listed["status"], listed["replaced_by"]) == (OLD, REPEALED, NEW)


def test_the_source_panel_shows_the_citation_and_the_documents_header():
    _, answer = answer_of([REPEALED_HIT])
    source = answer.to_json()["citations"][0]
    panel = render_source(source, related=False, document=OLD_DOC)
    assert f"Nguồn [1] · Điều 5 khoản 2, Thông tư {OLD} · Quy định về đo lường" in panel
    assert f"Số hiệu: Thông tư {OLD}" in panel and "Ngày ban hành: 2009-05-20" in panel
    assert f"Hết hiệu lực — thay thế bởi Thông tư {NEW}" in panel
    # Without the library's record, what the passage carries still says it.
    assert f"Hết hiệu lực — thay thế bởi Thông tư {NEW}" in render_source(source, False)
    assert source_choices(answer.to_json(), 0) == [(f"[1] Điều 5 khoản 2, Thông tư {OLD}", "0-1")]


class PageLibrary:
    """What the page reads of the library, over hand-made documents."""

    def __init__(self, documents: list[DocumentEntry]) -> None:
        self._documents = documents

    def documents(self, reader: Reader = ALL_GROUPS) -> list[DocumentEntry]:
        return readable_documents(self._documents, reader)

    def document(self, doc_id: str) -> DocumentEntry | None:
        return next((d for d in self._documents if d.doc_id == doc_id), None)

    def document_text(self, doc_id: str, reader: Reader = ALL_GROUPS) -> str:
        return CLAUSE

    def version(self) -> tuple:
        return ()

    def glossary(self) -> list:
        return []

    def onboarding(self) -> Onboarding:
        return Onboarding((), {})


def test_the_chat_page_has_the_in_force_checkbox_on_and_the_filters_reach_the_answer():
    from ui.app import build_app
    from ui.feedback import FeedbackStore

    source = RecordingSource([legal_hit()])
    assistant = Assistant(source, CONFIG, RequestLimits(in_force_only=True))
    library = PageLibrary([NEW_DOC, OLD_DOC, NEWS_DOC])
    app = build_app(assistant, library, FeedbackStore.__new__(FeedbackStore))  # type: ignore[arg-type]
    components = {c.get("props", {}).get("elem_id"): c for c in app.config["components"]}
    checkbox = components["in-force-only"]["props"]
    assert checkbox["value"] is True and checkbox["label"] == "Chỉ văn bản còn hiệu lực"
    assert {"filters", "filter-types", "filter-issuers", "filter-from", "filter-docs"} <= set(
        components
    )

    page = ChatHandlers(assistant, library, None)  # type: ignore[arg-type]
    types, issuers, documents, _ = page.filter_choices()
    assert types.choices == [("Thông tư", "Thông tư")]
    assert issuers.choices == [("Bộ Khoa học và Công nghệ", "Bộ Khoa học và Công nghệ")]
    assert (f"Thông tư {OLD} — Quy định đo lường (tt12)", "tt12") in documents.choices
    _, chat, pending = page.take_question(QUESTION, [], [])
    narrowed = (True, ["Thông tư"], [], ["tt24"], "01/01/2010", "")
    steps = list(page.respond(pending, chat, [], [], "extractive", *narrowed, tick_s=0.01))
    assert source.filters == [
        SearchFilters(True, ("Thông tư",), doc_ids=("tt24",), date_from="2010-01-01")
    ]
    assert "Còn hiệu lực" in steps[-1][4]  # the source panel, with the document's status
    bad = list(page.respond(pending, chat, [], [], "extractive", True, [], [], [], "hôm qua", ""))
    assert "Bộ lọc không hợp lệ" in bad[-1][0][-1]["content"]
    found = page.find_documents("24/2013", "", "")
    assert "1/3 tài liệu khớp" in found and "(tt24)" in found and "(tt12)" not in found


# -- end to end: the real index, embedder, engine, API and CLI ----------------------------------

PACKAGED = {
    "tt12": (OLD, REPEALED, NEW, "2009-05-20"),
    "tt24": (NEW, IN_FORCE, "", "2013-09-30"),
}


@pytest.fixture
def legal_index(make_index):
    """A repealed circular and the one that replaced it, each with its Điều 5 khoản 2."""
    index = make_index()
    documents = []
    for doc_id, (number, status, replaced_by, issued) in PACKAGED.items():
        info = DocumentInfo(
            doc_id=doc_id,
            title="Quy định về đo lường đối với lượng của hàng đóng gói sẵn",
            date=issued,
            doc_number=number,
            doc_type="Thông tư",
            issuer="Bộ Khoa học và Công nghệ",
            issued_date=issued,
            status=status,
            replaced_by=replaced_by,
        )
        parts = [("Chương II > Điều 5 > Khoản 1", NEWS), ("Chương II > Điều 5 > Khoản 2", CLAUSE)]
        chunks, start = [], 0
        for n, (path, text) in enumerate(parts):
            chunks.append(Chunk(doc_id, n, text, start, start + len(text), legal_path=path))
            start += len(text) + 2
        documents.append((info, chunks, doc_id))
    index.replace_documents(documents)
    index.publish(changed=True)
    return index


def test_end_to_end_the_in_force_filter_is_on_by_default_and_a_repealed_answer_says_so(
    legal_index, capsys
):
    from fastapi import FastAPI
    from fastapi.testclient import TestClient

    from assistant import Library
    from hoidap.cli import main
    from tests.conftest import assistant_for
    from ui.api import add_routes
    from ui.feedback import FeedbackStore

    assistant = assistant_for(legal_index, answer_mode="extractive")
    answer = assistant.ask(QUESTION)  # the product's default: only documents in force
    assert {c.hit.doc_id for c in answer.citations} == {"tt24"}, answer.answer
    assert answer.citations[0].label == f"Điều 5 khoản 2, Thông tư {NEW}"
    assert "Lưu ý" not in answer.answer

    old = assistant.ask(QUESTION, filters=SearchFilters(doc_ids=("tt12",)))
    assert {c.hit.doc_id for c in old.citations} == {"tt12"}
    assert old.answer.endswith(NOTE_VI)

    app = FastAPI()
    library = Library(legal_index, legal_index.config.data_dir / "none.toml")
    add_routes(app, assistant, library, FeedbackStore(legal_index.config.data_dir))
    with TestClient(app) as client:
        found = client.post("/api/search", json={"query": QUESTION, "k": 4}).json()["hits"]
        assert found and {h["doc_id"] for h in found} == {"tt24"}
        every = {"query": QUESTION, "k": 4, "filters": {"in_force_only": False}}
        found = client.post("/api/search", json=every).json()["hits"]
        assert {h["doc_id"] for h in found} == {"tt12", "tt24"}

    data_dir = str(legal_index.config.data_dir)
    assert main(["search", QUESTION, "--json", "--data-dir", data_dir]) == 0
    hits = json.loads(capsys.readouterr().out)["hits"]
    assert hits and {h["doc_id"] for h in hits} == {"tt24"}
    assert main(["search", QUESTION, "--json", "--all-versions", "--data-dir", data_dir]) == 0
    assert "tt12" in {h["doc_id"] for h in json.loads(capsys.readouterr().out)["hits"]}
