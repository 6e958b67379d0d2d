"""The glossary reads an acronym's meaning from the sentence that spells it out: "<words>
(ACRONYM)", whether the words' initials give the acronym or the words translate a foreign
one. Hand-made sentences, no index needed."""

from __future__ import annotations

import pytest

from assistant.onboarding import DocumentSummary, build_glossary, spelled_out


@pytest.mark.parametrize(
    ("before", "acronym", "expected"),
    [
        # Translations of foreign acronyms: initials cannot match, the name follows a lead-in.
        (
            "Tổng cục đã đồng chủ trì với Cơ quan Tiêu chuẩn và Công nghệ Hàn Quốc ",
            "KATS",
            "Cơ quan Tiêu chuẩn và Công nghệ Hàn Quốc",
        ),
        (
            "Cùng với chiến lược tổng thể ASEAN 2025 là Kế hoạch Tổng thể Kết nối ASEAN ",
            "MPAC",
            "Kế hoạch Tổng thể Kết nối ASEAN",
        ),
        ("Kế hoạch được các quan chức kinh tế cao cấp ", "SEOM", "quan chức kinh tế cao cấp"),
        (
            "các tổ chức nước ngoài như Hiệp hội Vật liệu và Thử nghiệm Hoa Kỳ ",
            "ASTM",
            "Hiệp hội Vật liệu và Thử nghiệm Hoa Kỳ",
        ),
        (
            "Viện A (ABC), Hiệp hội các phòng thử nghiệm Hoa Kỳ ",
            "UL",
            "Hiệp hội các phòng thử nghiệm Hoa Kỳ",
        ),
        (
            "năm 1998; ký kết MRA về phê duyệt kiểu loại xe cơ giới ",
            "APMRA",
            "MRA về phê duyệt kiểu loại xe cơ giới",
        ),
        # Initials that give the acronym: the shortest run of words that spells it.
        (
            "vai trò của Tổng cục Tiêu chuẩn Đo lường Chất lượng ",
            "TCĐLCL",
            "Tiêu chuẩn Đo lường Chất lượng",
        ),
        ("joined the Asian Productivity Organization ", "APO", "Asian Productivity Organization"),
        ("Bộ Khoa học và Công nghệ ", "KH&CN", "Khoa học và Công nghệ"),
        # Nothing that reads as a name: no meaning rather than a wrong one.
        ("Chủ tịch ACCSQ, Chủ tịch WG1 và ", "WG2", ""),
        ("Hiệp định Thương mại Việt Nam – ", "EU", ""),
        ("trong nhiệm kỳ 2020-2021 ", "XY", ""),
        ("đã ký với ", "XY", ""),
        ("Chủ tịch ASEAN và ", "APO", ""),
        (
            "một câu rất dài không có dấu câu nào mà chỉ toàn là chữ thường nối tiếp nhau mãi ",
            "QZ",
            "",
        ),
    ],
)
def test_the_words_that_spell_an_acronym_out(before, acronym, expected):
    assert spelled_out(before, acronym) == expected


def test_the_glossary_gives_a_meaning_where_a_document_spells_it_out():
    info = DocumentSummary("d1", "Hợp tác", "2020-08-06", "VietQ", "", "", 3)
    text = (
        "Ngày 06/8/2020, Tổng cục đã đồng chủ trì với Cơ quan Tiêu chuẩn và Công nghệ Hàn "
        "Quốc (KATS) phiên họp lần thứ tư. Hai bên nhất trí rằng KATS sẽ hỗ trợ. "
        "Chủ tịch WG1 và WG2 đã họp. WG1 và WG2 thống nhất."
    )
    entries = {e.acronym: e for e in build_glossary([(info, text)], {"WG1": "Nhóm công tác 1"})}
    assert entries["KATS"].expansion == "Cơ quan Tiêu chuẩn và Công nghệ Hàn Quốc"
    assert "(KATS)" in entries["KATS"].context
    assert entries["WG1"].expansion == "Nhóm công tác 1"  # the curated meaning comes first
    assert entries["WG2"].expansion == ""  # never spelled out
