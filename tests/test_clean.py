from pathlib import Path

from ingest import clean_text
from ingest.clean import find_publication_date

CORPUS = Path(__file__).resolve().parents[1] / "docs_corpus"


def _raw(name_part: str) -> str:
    (path,) = [p for p in CORPUS.glob("*.txt") if name_part in p.name]
    return path.read_text(encoding="utf-8")


def test_web_debris_is_removed_and_content_kept():
    raw = _raw("tong-ket-tdc-2023")
    cleaned = clean_text(raw)
    for debris in ("Lượt xem", "Tìm theo ngày", "Di chuột vào ngôi sao", "GMT+7"):
        assert debris in raw and debris not in cleaned
    assert "Đánh giá" not in cleaned.splitlines()
    assert "có 15 trường đại học trên toàn quốc" in cleaned
    assert "Hoàn thành thủ tục đầu tư dự án nhà liên cơ 15 tầng" in cleaned


def test_related_articles_block_is_cut():
    cleaned = clean_text("Nội dung chính.\n\nBạn cũng có thể thích\nBài khác 1\nBài khác 2")
    assert cleaned == "Nội dung chính."


def test_byline_with_view_counter_goes_but_sentences_mentioning_views_stay():
    raw = "Tiêu đề\nNgười viết: A - Ngày viết: Chủ Nhật, Tháng Bảy 26, 2020 | 15:50"
    raw += " - Lượt xem: 1285\n"
    raw += "Bài viết được đánh giá cao về lượt truy cập."
    assert clean_text(raw) == "Tiêu đề\nBài viết được đánh giá cao về lượt truy cập."


def test_unicode_is_nfc_and_look_alike_letters_are_fixed():
    decomposed = "Tie\u0302u chua\u0302\u0309n"  # NFD
    assert clean_text(decomposed) == "Tiêu chuẩn"
    assert clean_text("Hiệp định \u00d0ối tác\u00a0mới") == "Hiệp định Đối tác mới"


def test_publication_date_from_dateline_or_byline():
    assert find_publication_date(_raw("tong-ket-tdc-2023")) == "2023-12-25"
    assert find_publication_date(_raw("giai-doan-2015-2020")) == "2020-07-26"
    assert find_publication_date("Không có ngày ở đây.") == ""


def test_spaces_around_punctuation_are_tidied():
    assert clean_text("Modi ( tiếng Gujarat : A ) , sinh năm 1950 .") == (
        "Modi (tiếng Gujarat: A), sinh năm 1950."
    )
    assert clean_text("Tăng 3,5 % so với 2023 ; giá 1.000 đồng") == (
        "Tăng 3,5% so với 2023; giá 1.000 đồng"
    )


def test_lone_surrogates_become_replacement_characters_so_text_stays_storable():
    cleaned = clean_text("Đo lường \udcff chất lượng \ud800.")
    assert cleaned == "Đo lường \ufffd chất lượng \ufffd."
    cleaned.encode("utf-8")
