from index.diacritics import DiacriticRestorer, has_diacritics

TEXTS = [
    "Tổng cục Tiêu chuẩn Đo lường Chất lượng đã tham gia đàm phán 13 FTA.",
    "Công tác quản lý năng suất được đưa vào các trường đại học.",
]


def test_a_query_without_diacritics_gets_the_corpus_forms_back():
    restorer = DiacriticRestorer.from_texts(TEXTS)
    restored = restorer.restore("Tong cuc da tham gia dam phan bao nhieu FTA?")
    assert restored == "Tổng cục đã tham gia đàm phán bao nhiêu FTA?"


def test_a_query_with_diacritics_is_left_alone():
    restorer = DiacriticRestorer.from_texts(TEXTS)
    assert restorer.restore("tong cục") == "tong cục"
    assert has_diacritics("cục") and not has_diacritics("cuc")


def test_restorer_survives_a_round_trip_to_disk(tmp_path):
    restorer = DiacriticRestorer.from_texts(TEXTS)
    restorer.save(tmp_path / "r.json")
    again = DiacriticRestorer.load(tmp_path / "r.json")
    assert again.restore("quan ly nang suat") == restorer.restore("quan ly nang suat")
