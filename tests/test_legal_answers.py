"""Answers over legal documents as a lawyer reads them (issue 16): a passage is cited as "Điều 5
khoản 2, Thông tư …", an answer from a document no longer in force says so and names its
replacement, and the filters (only documents in force, type, issuer, dates, document) reach
the index from every way in. The stages run on hand-made passages (no Chroma, no model)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

import pytest

from assistant import Answer, Assistant, RequestLimits, Verified
from assistant.citations import document_name, legal_place, source_label, validity_notes
from assistant.limits import InvalidFilters
from hoidap.settings import load_settings
from index import IN_FORCE, NO_FILTERS, NOT_YET_IN_FORCE, REPEALED, Hit, SearchFilters
from index.records import ChunkId
from tests.test_stages import CONFIG, ScriptedModel, flat

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


def answer_of(hits: Sequence[Hit], question: str = QUESTION, mode: str = "extractive", **kw):
    model = ScriptedModel(kw.pop("reply")) if "reply" in kw else None
    assistant = Assistant(RecordingSource(hits), CONFIG, RequestLimits(), generator=model)
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
    events, answer = answer_of([REPEALED_HIT], mode="llm", reply=reply)
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
