"""Deterministic pieces of the answer engine: sentences, support check, citation markers."""

from assistant.citations import cited_numbers, keep_valid_markers, renumber_markers, strip_markers
from assistant.evidence import offers_answer_type
from assistant.support import support
from index.sentences import sentences

PASSAGE = (
    "Công tác quản lý năng suất được đưa vào các trường đại học. Cụ thể có 15 trường đại học "
    "trên toàn quốc hưởng ứng xây dựng chương trình đào tạo. TS. Hà Minh Hiệp phát biểu."
)


def test_sentences_respect_titles_and_line_breaks():
    assert sentences("TS. Hà Minh Hiệp phát biểu. Câu hai!\nDòng mới không dấu chấm") == [
        "TS. Hà Minh Hiệp phát biểu.",
        "Câu hai!",
        "Dòng mới không dấu chấm",
    ]


def test_a_paraphrase_is_supported_and_points_at_its_sentence():
    result = support("Có 15 trường đại học xây dựng chương trình đào tạo về năng suất.", PASSAGE)
    assert result.supported
    assert "15 trường đại học" in PASSAGE[result.start : result.end]


def test_a_wrong_number_is_not_supported():
    assert not support("Có 25 trường đại học xây dựng chương trình đào tạo.", PASSAGE).supported


def test_an_unrelated_claim_is_not_supported():
    assert not support("Việt Nam ký hiệp định CPTPP với Canada năm 2018.", PASSAGE).supported


def test_markers_are_parsed_validated_and_stripped():
    assert cited_numbers("Có 15 trường [2][1, 2].") == [2, 1]
    assert keep_valid_markers("Có 15 trường [1][7]. Sai [0].", passages=4) == (
        "Có 15 trường [1]. Sai."
    )
    assert keep_valid_markers("A [1, 9].", passages=2) == "A [1]."
    assert strip_markers("Có 15 trường [1] .") == "Có 15 trường."


def test_a_number_with_the_wrong_unit_is_not_supported():
    passage = "Hoàn thành thủ tục đầu tư dự án nhà liên cơ 15 tầng tại trụ sở số 8."
    assert support("Dự án nhà liên cơ có 15 tầng.", passage).supported
    assert not support("Tổng mức đầu tư dự án nhà liên cơ là 15 tỷ đồng.", passage).supported


def test_prompt_passage_numbers_become_the_answer_s():
    # The model saw hits 2 and 5 as passages [1] and [2]; [3] points to nothing it saw.
    assert renumber_markers("A [1]. B [2, 3]. C [3].", {1: 2, 2: 5}) == "A [2]. B [5]. C."


def test_how_many_is_answered_only_by_a_count_of_the_asked_thing():
    question = "APO có tổng cộng bao nhiêu nền kinh tế thành viên?"
    assert offers_answer_type("APO có 21 nền kinh tế thành viên.", question, "number")
    assert offers_answer_type("APO có hai mươi mốt nền kinh tế.", question, "number")
    # Another count, and a deep ("sâu", folded "sau" = six) involvement, are no answer.
    assert not offers_answer_type("8 trên 10 nước ASEAN là thành viên APO.", question, "number")
    assert not offers_answer_type(
        "Việt Nam là một trong số ít các nền kinh tế được tham gia sâu.", question, "number"
    )
