"""Term extraction and IDF (index.terms): what BM25 and the evidence scorer match on."""

from __future__ import annotations

import math
from collections import Counter

from assistant.evidence import EvidenceWeights, score_sentences
from index import Hit
from index.terms import (
    content_terms,
    document_frequencies,
    idf,
    index_terms,
    passage_terms,
    question_terms,
    term_weights,
)


def test_bm25_terms_keep_repeats_and_never_pair_across_punctuation():
    assert index_terms("Hà Nội, Việt Nam") == ["ha", "noi", "viet", "nam", "ha_noi", "viet_nam"]
    assert index_terms("đo lường, đo lường").count("do_luong") == 2


def test_evidence_terms_are_a_set_that_pairs_across_punctuation():
    terms = passage_terms("Hà Nội, Việt Nam")
    assert "noi_viet" in terms
    assert terms == frozenset(index_terms("Hà Nội Việt Nam"))


def test_question_terms_keep_content_words_and_the_pairs_they_form():
    assert question_terms("Nhân viên của Tổng cục là ai?") == {
        "nhan",
        "vien",
        "tong",
        "cuc",
        "nhan_vien",
        "tong_cuc",
    }
    assert question_terms("Có bao nhiêu người năm 2023?") == {"nguoi", "nam", "nguoi_nam"}


def test_how_many_is_not_the_word_for_machine():
    assert "may" not in question_terms("Có mấy người?")
    assert "may" in question_terms("Có mấy máy?")


def test_the_asking_words_go_and_the_content_words_that_fold_like_them_stay():
    # "cụ thể" asks; the "cụ" of "công cụ" is what is asked about. "hôm nào" asks a date.
    terms = question_terms("Cụ thể, doanh nghiệp dùng những công cụ nào và từ hôm nào?")
    assert {"cong_cu", "cu"} <= terms and not {"the", "hom", "cu_the"} & terms


def test_an_asked_ordinal_is_a_term():
    assert "thu_tu" in question_terms("Trụ cột thứ tư là gì?")


def test_content_terms_drop_function_words_and_bare_numbers():
    assert content_terms("Năm 2023 và các năm sau") == {"nam", "sau"}


def test_idf_counts_a_syllable_once_per_text_and_weighs_unseen_terms_most():
    df = document_frequencies(["a b a", "a c"])
    assert df == Counter({"a": 2, "b": 1, "c": 1})
    weights = idf(["a", "b", "z"], df, 2)
    assert weights["a"] == math.log(1 + 0.5 / 2.5)
    assert weights["a"] < weights["b"] < weights["z"] == math.log(6)


def test_a_pair_weighs_as_much_as_its_two_syllables():
    def syllables(terms: set[str]) -> dict[str, float]:
        return {t: float(len(t)) for t in terms}

    assert term_weights({"do_luong", "do"}, syllables) == {"do_luong": 7.0, "do": 2.0}


def _hit(rank: int, text: str) -> Hit:
    return Hit(rank, 1.0, f"d{rank}", "", "", f"d{rank}#0000", text, 0, len(text))


def test_the_scoring_weights_are_the_ones_handed_over():
    hits = [_hit(1, "Trụ sở đặt tại Hà Nội."), _hit(2, "Trụ sở đặt tại Hà Nội.")]
    flat = lambda terms: dict.fromkeys(terms, 1.0)  # noqa: E731
    ranked = score_sentences("Trụ sở đặt tại đâu?", hits, flat)
    assert [r.score for r in ranked] == [1.0, 0.97]  # a later passage counts a little less
    even = score_sentences("Trụ sở đặt tại đâu?", hits, flat, EvidenceWeights(rank_decay=0.0))
    assert [r.score for r in even] == [1.0, 1.0]
