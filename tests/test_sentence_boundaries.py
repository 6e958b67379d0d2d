"""Quoted answers start where a sentence starts: chunks overlap by words and web text wraps
anywhere, so a chunk may begin mid-sentence ("nghiệp: Đã phê duyệt …")."""

from __future__ import annotations

from index.sentences import passage_spans
from tests.conftest import assistant_for


def spans(text: str) -> list[str]:
    return [text[s:e] for s, e in passage_spans(text)]


def test_a_passage_that_starts_mid_sentence_is_picked_up_at_its_next_clause() -> None:
    assert spans("nghiệp: Đã phê duyệt Chiến lược năm 2020. Câu sau.") == [
        "Đã phê duyệt Chiến lược năm 2020.",
        "Câu sau.",
    ]
    assert spans("nghiệp – 15 đơn vị đã tham gia.") == ["15 đơn vị đã tham gia."]
    assert spans("trong năm qua và các đơn vị, cùng nhau. Tổng cục đã làm.") == ["Tổng cục đã làm."]


def test_whole_sentences_and_list_items_are_kept() -> None:
    text = "Tổng cục có ba nhiệm vụ:\na) Xây dựng tiêu chuẩn.\n- đo lường\nb) Chất lượng."
    assert spans(text) == [
        "Tổng cục có ba nhiệm vụ:",
        "a) Xây dựng tiêu chuẩn.",
        "- đo lường",
        "b) Chất lượng.",
    ]


QUESTION = (
    "Hội nghị Ban chấp hành (GBM) của APO mà Tổng cục điều hành năm 2020 là hội nghị lần thứ mấy?"
)


def test_a_hit_that_starts_mid_sentence_is_read_back_to_the_sentence_start(corpus_index) -> None:
    hit = corpus_index.search(QUESTION, k=1)[0]
    assert hit.text[:1].islower()  # this chunk starts inside a long sentence
    passage = corpus_index.with_following(hit, 1)
    assert passage.text[:1].isupper()
    document = corpus_index.document_text(hit.doc_id)
    assert document[passage.char_start :].startswith(passage.text[:200])


def test_the_quoted_answer_starts_at_a_sentence_start(corpus_index) -> None:
    answer = assistant_for(corpus_index).ask(QUESTION, mode="extractive")
    assert not answer.abstained and "62" in answer.answer
    for citation in answer.citations:
        quoted = citation.hit.text[citation.support_start : citation.support_end]
        assert quoted[:1].isupper() or quoted[:1].isdigit(), quoted
