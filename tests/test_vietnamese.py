"""Vietnamese language knowledge (index.vietnamese): word lists and acronym patterns."""

from __future__ import annotations

from index import fold
from index.vietnamese import (
    CARDINALS,
    ORDINALS,
    QUESTION_WORDS,
    STOPWORDS,
    acronyms_in,
    defined_acronym,
    defines,
    in_parentheses,
    name_before,
)


def test_folded_lists_are_folded():
    for word in STOPWORDS | QUESTION_WORDS | set(ORDINALS) | set(CARDINALS):
        assert fold(word) == word


def test_ordinals_and_cardinals_name_positions():
    assert ORDINALS.index("tu") + 1 == 4  # "thứ tư"
    assert CARDINALS.index("bon") + 1 == 4  # "Bốn là"
    assert ORDINALS[0] == "nhat" and CARDINALS[0] == "mot"


def test_a_definition_question_names_one_acronym():
    assert defined_acronym("TBT là gì?") == "TBT"
    assert defined_acronym("What does ACCSQ stand for?") == "ACCSQ"
    assert defined_acronym("TBT có bao nhiêu thành viên?") is None  # not a definition question
    assert defined_acronym("TBT và SPS là gì?") is None  # which one?


def test_a_sentence_spells_an_acronym_out_either_way_round():
    assert defines("Ủy ban Hàng rào kỹ thuật trong thương mại (TBT) họp.", "TBT")
    assert defines("TBT (Technical Barriers to Trade) họp.", "TBT")
    assert not defines("Ủy ban TBT họp hai lần.", "TBT")


def test_the_glossary_reads_acronyms_but_not_common_capitals():
    found = [m.group(0) for m in acronyms_in("COVID, KH&CN và WG1 tại VN (TCVN)")]
    assert found == ["KH&CN", "WG1", "TCVN"]


def test_a_name_before_the_acronym_in_parentheses():
    text = "Tổ chức Năng suất Châu Á (APO) và ( APO )"
    assert [m.group(0) for m in in_parentheses(text, "APO")] == ["(APO)", "( APO )"]
    match = name_before(text, "APO")
    assert match is not None and match.group(1) == "Tổ chức Năng suất Châu Á "
