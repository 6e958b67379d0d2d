"""Quoted answers start where a sentence starts: chunks overlap by words and web text wraps
anywhere, so a chunk may begin mid-sentence ("nghiệp: Đã phê duyệt …")."""

from __future__ import annotations

from pathlib import Path

from index.sentences import MAX_TOKEN_CHARS, passage_spans
from tests.conftest import assistant_for, ingest, recorded_embeddings


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


# A web page as a loader leaves it, cut where a chunk of it begins: mid-word ("nghiệp").
WEB = (
    "nghiệp: Đã phê duyệt Đề án nâng cao năng suất chất lượng giai đoạn 2021-2030.\n"
    "Trang chủ > Tin tức > Hoạt động\n"
    "Cập nhật: 16/12/2020 | 11:30\n"
    "Tổng cục có ba nhiệm vụ chính:\n"
    "a) xây dựng tiêu chuẩn quốc gia;\n"
    "- đo lường\n"
    "1. Quản lý chất lượng sản phẩm.\n"
    "Theo VietQ"
)


def _mid_word(text: str, start: int, end: int) -> bool:
    return (start > 0 and text[start - 1].isalnum() and text[start].isalnum()) or (
        end < len(text) and text[end - 1].isalnum() and text[end].isalnum()
    )


def test_web_text_spans_never_start_or_end_mid_word() -> None:
    found = passage_spans(WEB)
    assert not [WEB[s:e] for s, e in found if _mid_word(WEB, s, e)]
    assert [WEB[s:e] for s, e in found] == [
        "Đã phê duyệt Đề án nâng cao năng suất chất lượng giai đoạn 2021-2030.",
        "Trang chủ > Tin tức > Hoạt động",
        "Cập nhật: 16/12/2020 | 11:30",
        "Tổng cục có ba nhiệm vụ chính:",
        "a) xây dựng tiêu chuẩn quốc gia;",
        "- đo lường",
        "1. Quản lý chất lượng sản phẩm.",
        "Theo VietQ",  # a last line without a full stop is a whole line, kept
    ]


def test_a_passage_cut_inside_an_overlong_run_ends_before_it() -> None:
    run = "x" * MAX_TOKEN_CHARS
    assert spans(f"Mã tài liệu. Đường dẫn là {run}") == ["Mã tài liệu.", "Đường dẫn là"]
    assert spans(f"Mã tài liệu. {run}") == ["Mã tài liệu."]
    assert spans("Đường dẫn là https://tcvn.gov.vn") == ["Đường dẫn là https://tcvn.gov.vn"]


def test_normal_sentences_are_kept_whole() -> None:
    text = (
        "Năm 2023, Tổng cục đã ban hành 600 tiêu chuẩn quốc gia (TCVN). "
        "Ông Nguyễn Văn A, Phó Tổng cục trưởng, cho biết: “Chúng tôi sẽ tiếp tục.” "
        "Kế hoạch năm 2024 gồm 3 nhiệm vụ trọng tâm!"
    )
    found = spans(text)
    assert found == [
        "Năm 2023, Tổng cục đã ban hành 600 tiêu chuẩn quốc gia (TCVN).",
        "Ông Nguyễn Văn A, Phó Tổng cục trưởng, cho biết: “Chúng tôi sẽ tiếp tục.”",
        "Kế hoạch năm 2024 gồm 3 nhiệm vụ trọng tâm!",
    ]


LONG = (
    "Mở đầu bài viết ngắn về hội nghị năm nay của Tổng cục. Năm 2020 Tổng cục đã chủ trì tổ "
    "chức thành công hội nghị trực tuyến của các nền kinh tế thành viên APO. "
    "Câu cuối cùng của đoạn."
)


def test_a_passage_is_read_on_to_where_its_last_sentence_ends(tmp_path: Path, make_index):
    (tmp_path / "dai.txt").write_text(LONG, encoding="utf-8")
    index = make_index(chunk_size=16, chunk_overlap=4)  # chunk 0 ends "… Năm 2020"
    ingest(index, tmp_path / "dai.txt")
    first = index.search("Mở đầu bài viết ngắn", k=1, mode="lexical")[0]
    assert first.chunk_id.endswith("#0000") and first.text.endswith("Năm 2020")

    passage = index.with_following(first, 1)  # chunk 1 ends "… trực tuyến của"

    assert passage.text.endswith("thành viên APO.")
    assert index.document_text(first.doc_id)[: passage.char_end].endswith("thành viên APO.")
    # The sentence across three chunks was stored whole at ingest: no embedding now.
    embedded = recorded_embeddings(index)
    index.sentence_similarity("Hội nghị APO", [passage.text[s:e] for s, e in spans_of(passage)])
    assert embedded == []


def spans_of(hit) -> list[tuple[int, int]]:
    return list(passage_spans(hit.text))


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
