"""The identifier normaliser (``index.identifiers``): a document number or standard code typed
any way — spaces, colons, slashes, hyphens, diacritics, case — reaches the same key as the
document's own number; running text that is no identifier gives none."""

from __future__ import annotations

import pytest

from index.chunk_format import day_number
from index.filters import SearchFilters
from index.identifiers import IdentifierIndex, document_keys, identifiers_in
from index.routing import ArticleRef

DOCUMENTS = {
    "tt24": "24/2013/TT-BKHCN",
    "nd132": "132/2008/NĐ-CP",
    "qd1131": "1131/QĐ-TTg",
    "tcvn7790": "TCVN 7790:2007",
    "iso9001": "TCVN ISO 9001:2015",
    "qcvn4": "QCVN 4:2009/BKHCN",
    "dlvn123": "ĐLVN 123:2004",
    "iso17025": "TCVN ISO/IEC 17025:2017",
    "oiml76": "OIML R 76-1:2006",
    "luat05": "05/2007/QH12",
    "blld": "45/2019/QH14",
}
TITLES = {"blld": "Bộ luật Lao động 2019 (toàn văn)"}


@pytest.fixture(scope="module")
def identifiers() -> IdentifierIndex:
    records = [
        {
            "id": f"{doc}#0000",
            "doc_id": doc,
            "doc_number": number,
            "title": TITLES.get(doc, ""),
            "text": "",
        }
        for doc, number in DOCUMENTS.items()
    ]
    records.append(
        {
            "id": "tin#0000",
            "doc_id": "tin",
            "doc_number": "",
            "text": "Theo Quyết định số "
            "1131/QĐ-TTg ngày 3/8/2020 và TCVN 7790:2007, ngày 15/11/2013 có 5 đơn vị.",
        }
    )
    return IdentifierIndex.build(records)


@pytest.mark.parametrize(
    ("typed", "doc"),
    [
        ("tcvn iso 9001 2015", "iso9001"),
        ("TCVN ISO 9001-2015", "iso9001"),
        ("tcvn-iso-9001:2015", "iso9001"),
        ("ISO 9001", "iso9001"),
        ("Tcvn Iso 9001 : 2015", "iso9001"),
        ("tt 24/2013/tt-bkhcn", "tt24"),
        ("Thông tư 24/2013", "tt24"),
        ("thong tu so 24", "tt24"),
        ("24 / 2013 / TT - BKHCN", "tt24"),
        ("Circular No. 24/2013", "tt24"),
        ("nghị định 132/2008", "nd132"),
        ("132/2008/ND-CP", "nd132"),
        ("132/2008/nđ-cp", "nd132"),
        ("NĐ 132 2008 NĐ CP", "nd132"),
        ("Decree 132/2008", "nd132"),
        ("quyết định 1131/qđ-ttg", "qd1131"),
        ("Quyết định 1131", "qd1131"),
        ("tcvn 7790 2007", "tcvn7790"),
        ("TCVN7790:2007", "tcvn7790"),
        ("qcvn 04:2009/bkhcn", "qcvn4"),
        ("QCVN 4-2009", "qcvn4"),
        ("dlvn 123:2004", "dlvn123"),
        ("ĐLVN 123", "dlvn123"),
        ("ISO/IEC 17025", "iso17025"),
        ("iso iec 17025", "iso17025"),
        ("oiml r76-1", "oiml76"),
        ("OIML R 76-1 2006", "oiml76"),
        ("Luật 05/2007/QH12", "luat05"),
        ("luật số 5/2007", "luat05"),
        ("BLLĐ 2019", "blld"),
        ("BLLD năm 2019", "blld"),
        ("bo luat 45 2019 qh14", "blld"),
    ],
)
def test_an_identifier_typed_any_way_names_its_document(identifiers, typed, doc):
    docs, _ = identifiers.look_up(f"{typed} quy định gì?")
    assert docs == {doc}


def test_a_text_that_mentions_an_identifier_is_found_by_it(identifiers):
    docs, chunks = identifiers.look_up("Quyết định 1131/QĐ-TTg")
    assert (docs, chunks) == ({"qd1131"}, {"tin#0000"})
    assert identifiers.look_up("TCVN 7790")[1] == {"tin#0000"}


@pytest.mark.parametrize(
    "text",
    [
        "ngày 15/11/2013 có 5 đơn vị",
        "năm 2013 có 5 điều",
        "Điều 5 khoản 2",
        "tăng 12% so với năm 2022",
        "5 ngày - làm việc",
        "lúc 10:30 sáng",
        "nhiệm kỳ 2020-2021 từ ngày 1",
    ],
)
def test_running_text_is_no_identifier(text):
    assert list(identifiers_in(text)) == []


def test_a_partial_number_never_names_another_document(identifiers):
    assert identifiers.look_up("Thông tư 25/2013") == (set(), set())
    assert identifiers.look_up("Nghị định 24/2013")[0] == set()  # 24/2013 is a circular
    assert identifiers.look_up("TCVN ISO 9001:2008")[0] == {"iso9001"}  # another edition
    assert "no 24/2013/s:TTBKHCN" in document_keys("Số: 24/2013/TT-BKHCN")


def test_an_article_named_in_a_question_or_a_structure_path():
    asked = ArticleRef.named_in("điểm đ khoản 2 Điều 35 Bộ luật Lao động")
    assert asked is not None and asked.article == "35"
    closeness = {
        path: asked.closeness(ArticleRef.named_in(path))  # type: ignore[arg-type]
        for path in (
            "Chương III > Điều 35 > Khoản 2 > Điểm a-đ",
            "Chương III > Điều 35 > Khoản 1-2",
            "Chương III > Điều 35",
            "Chương III > Điều 35 > Khoản 2 > Điểm e-g",
            "Chương III > Điều 35 > Khoản 3",
        )
    }
    assert list(closeness.values()) == [1.0, 1.0, 0.9, 0.6, 0.6]
    # A standard's numbered clauses, named with their dots.
    clause = ArticleRef.named_in("Mục 4.3 của TCVN 6165:2009 nói gì?")
    assert clause is not None and clause.article == "4"
    assert clause.closeness(ArticleRef.named_in("Điều 4 > 4.1-4.3")) == 1.0  # type: ignore[arg-type]
    assert clause.closeness(ArticleRef.named_in("Điều 4 > 4.4")) == 0.6  # type: ignore[arg-type]
    assert ArticleRef.named_in("Article 5, clause 2, point a") == ArticleRef(
        "5", ((2,), (2,)), ((0,), (0,))
    )
    assert ArticleRef.named_in("Hà Nội điều hành") is None
    assert ArticleRef.named_in("Chương VII > Mục 2") is None


def test_filter_dates():
    assert day_number("2013-11-15") == 20131115
    assert day_number("2013") == 20130000
    assert day_number("") == 0
    assert SearchFilters(date_from="2013", date_to="2013-06").day_range() == (
        20130000,
        20130699,
    )
    assert SearchFilters().where() is None
    with pytest.raises(ValueError, match="ngày không hợp lệ"):
        SearchFilters(date_to="hôm qua").where()
