from index import fold, normalize_tone, strip_diacritics
from index.terms import index_terms


def test_old_and_new_tone_placement_match():
    assert normalize_tone("tiêu chuẩn hoá") == normalize_tone("tiêu chuẩn hóa") == "tiêu chuẩn hóa"
    assert normalize_tone("Thuỵ Điển, khoẻ, hoà") == "Thụy Điển, khỏe, hòa"


def test_tone_rewrite_leaves_closed_syllables_and_qu_alone():
    assert normalize_tone("hoàn thành quý") == "hoàn thành quý"
    assert len(normalize_tone("hoá hoà thuý")) == len("hoá hoà thuý")


def test_folding_removes_every_diacritic_and_d_bar():
    assert strip_diacritics("Tổng cục Tiêu chuẩn Đo lường") == "Tong cuc Tieu chuan Do luong"
    assert fold("ĐỊNH HƯỚNG") == "dinh huong"


def test_lexical_terms_are_the_same_with_or_without_diacritics():
    assert index_terms("Đo lường chất lượng") == index_terms("do luong chat luong")
    assert "do_luong" in index_terms("đo lường")
