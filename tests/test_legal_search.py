"""Legal documents in the index (issue 16): their fields stored on each chunk and shown on each
hit, identifiers found however typed, filters applied inside retrieval, a question naming an
article routed to it. Hand-made chunks through the real ``SearchIndex`` and embedder."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

import pytest

from hoidap.settings import Settings
from index import (
    IN_FORCE,
    REPEALED,
    Chunk,
    DocumentInfo,
    SearchFilters,
    SearchIndex,
)
from tests.conftest import ingest, ingest_at_format, open_index, recorded_embeddings

BKHCN = "Bộ Khoa học và Công nghệ"
TT24 = DocumentInfo(
    doc_id="tt-24-2013",
    title="Thông tư quy định về đo lường đối với phương tiện đo nhóm 2",
    doc_number="24/2013/TT-BKHCN",
    doc_type="Thông tư",
    issuer=BKHCN,
    issued_date="2013-09-30",
    status=IN_FORCE,
    replaces="12/2009/TT-BKHCN",
)
TT12 = DocumentInfo(
    doc_id="tt-12-2009",
    title="Thông tư hướng dẫn kiểm định phương tiện đo",
    doc_number="12/2009/TT-BKHCN",
    doc_type="Thông tư",
    issuer=BKHCN,
    issued_date="2009-05-20",
    status=REPEALED,
    replaced_by="24/2013/TT-BKHCN",
)
ND132 = DocumentInfo(
    doc_id="nd-132-2008",
    title="Nghị định quy định chi tiết Luật Chất lượng sản phẩm, hàng hóa",
    doc_number="132/2008/NĐ-CP",
    doc_type="Nghị định",
    issuer="Chính phủ",
    issued_date="2008-12-31",
    status=IN_FORCE,
)
ISO9001 = DocumentInfo(
    doc_id="tcvn-iso-9001",
    title="Hệ thống quản lý chất lượng — Các yêu cầu",
    doc_number="TCVN ISO 9001:2015",
    doc_type="TCVN",
    issuer=BKHCN,
    issued_date="2015-12-31",
    status=IN_FORCE,
)
QCVN4 = DocumentInfo(
    doc_id="qcvn-4-2009",
    title="Quy chuẩn kỹ thuật quốc gia về an toàn thiết bị điện",
    doc_number="QCVN 4:2009/BKHCN",
    doc_type="QCVN",
    issuer=BKHCN,
    issued_date="2009-09-30",
    status=IN_FORCE,
)
NEWS = DocumentInfo(
    doc_id="tin-iso",
    title="Doanh nghiệp áp dụng hệ thống quản lý chất lượng",
    date="2024-05-01",
)
UNDATED = DocumentInfo(doc_id="tin-khong-ngay", title="Bản tin kiểm định phương tiện đo")

DOCUMENTS: dict[DocumentInfo, list[tuple[str, str]]] = {
    TT24: [
        (
            "Chương I > Điều 1",
            "Điều 1. Phạm vi điều chỉnh. Thông tư này quy định về đo lường "
            "đối với phương tiện đo nhóm 2.",
        ),
        (
            "Chương II > Điều 5 > Khoản 1",
            "Điều 5. Kiểm định phương tiện đo. 1. Phương tiện đo "
            "nhóm 2 phải được kiểm định ban đầu trước khi đưa vào sử dụng.",
        ),
        (
            "Chương II > Điều 5 > Khoản 2",
            "Điều 5. Kiểm định phương tiện đo. 2. Chu kỳ kiểm "
            "định định kỳ của phương tiện đo nhóm 2 không quá 12 tháng.",
        ),
        (
            "Chương II > Điều 6",
            "Điều 6. Trách nhiệm của tổ chức kiểm định: lưu hồ sơ kiểm định "
            "trong thời gian ít nhất 5 năm.",
        ),
    ],
    TT12: [
        (
            "Điều 5 > Khoản 2",
            "Điều 5. Kiểm định phương tiện đo. 2. Chu kỳ kiểm định định kỳ "
            "của phương tiện đo là 24 tháng.",
        ),
        ("Điều 9", "Điều 9. Thông tư này có hiệu lực sau 45 ngày kể từ ngày ký."),
    ],
    ND132: [
        (
            "Điều 1",
            "Điều 1. Phạm vi điều chỉnh. Nghị định này quy định chi tiết thi hành Luật "
            "Chất lượng sản phẩm, hàng hóa.",
        ),
        (
            "Điều 5",
            "Điều 5. Trách nhiệm của người sản xuất trong việc công bố chất lượng sản phẩm.",
        ),
    ],
    ISO9001: [
        (
            "1",
            "1. Phạm vi áp dụng. Tiêu chuẩn này quy định các yêu cầu đối với hệ thống quản "
            "lý chất lượng của một tổ chức.",
        ),
        ("4 > 4.1", "4.1. Hiểu tổ chức và bối cảnh của tổ chức khi xây dựng hệ thống."),
    ],
    QCVN4: [
        (
            "1 > 1.1",
            "1.1. Phạm vi điều chỉnh. Quy chuẩn này áp dụng cho thiết bị điện và điện "
            "tử gia dụng như bàn là, máy sấy tóc, ấm đun nước.",
        ),
    ],
    NEWS: [
        ("", "Nhiều doanh nghiệp đã được chứng nhận phù hợp TCVN ISO 9001:2015 trong năm qua."),
        ("", "Theo Quyết định 1131/QĐ-TTg, chương trình năng suất chất lượng được mở rộng."),
    ],
    UNDATED: [("", "Tổ chức kiểm định phương tiện đo phải công bố chu kỳ kiểm định.")],
}


def _chunks(info: DocumentInfo, parts: Sequence[tuple[str, str]]) -> list[Chunk]:
    chunks, start = [], 0
    for n, (path, text) in enumerate(parts):
        chunks.append(Chunk(info.doc_id, n, text, start, start + len(text), legal_path=path))
        start += len(text) + 2
    return chunks


def _write(index: SearchIndex, infos: Sequence[DocumentInfo]) -> None:
    index.replace_documents(
        [(info, _chunks(info, DOCUMENTS[_original(info)]), "fp") for info in infos]
    )
    index.publish(changed=True)


def _original(info: DocumentInfo) -> DocumentInfo:
    return next(d for d in DOCUMENTS if d.doc_id == info.doc_id)


@pytest.fixture(scope="module")
def legal_index(tmp_path_factory: pytest.TempPathFactory, embedder) -> SearchIndex:
    index = open_index(Settings(data_dir=tmp_path_factory.mktemp("legal")), embedder)
    _write(index, list(DOCUMENTS))
    return index


def _docs(hits) -> list[str]:
    return [h.doc_id for h in hits]


@pytest.mark.parametrize(
    ("query", "doc_id"),
    [
        ("tcvn iso 9001 2015", "tcvn-iso-9001"),
        ("TCVN ISO 9001-2015 yêu cầu gì", "tcvn-iso-9001"),
        ("tcvniso9001:2015", "tcvn-iso-9001"),
        ("ISO 9001 là gì", "tcvn-iso-9001"),
        ("Tiêu chuẩn TCVN ISO 9001:2015", "tcvn-iso-9001"),
        ("tt 24/2013/tt-bkhcn quy định gì", "tt-24-2013"),
        ("Thông tư 24/2013", "tt-24-2013"),
        ("thong tu 24 2013 TT BKHCN", "tt-24-2013"),
        ("Circular 24/2013", "tt-24-2013"),
        ("nghị định 132/2008", "nd-132-2008"),
        ("132/2008/ND-CP", "nd-132-2008"),
        ("Nghị định số 132", "nd-132-2008"),
        ("qcvn 04:2009/bkhcn áp dụng cho sản phẩm nào", "qcvn-4-2009"),
        ("QCVN 4 2009", "qcvn-4-2009"),
    ],
)
def test_an_identifier_however_typed_finds_its_document_first(legal_index, query, doc_id):
    hits = legal_index.search(query, k=8)
    own = len(DOCUMENTS[next(d for d in DOCUMENTS if d.doc_id == doc_id)])
    # Every chunk of the document that IS the identifier comes first.
    assert _docs(hits[:own]) == [doc_id] * own, _docs(hits)


def test_a_chunk_that_mentions_an_identifier_comes_after_the_document_itself(legal_index):
    hits = legal_index.search("TCVN ISO 9001:2015", k=4)
    assert _docs(hits)[:3] == ["tcvn-iso-9001", "tcvn-iso-9001", "tin-iso"]
    # A document not in the index, named: the chunk mentioning it leads.
    assert legal_index.search("Quyết định 1131/QĐ-TTg", k=1)[0].chunk_id == "tin-iso#0001"


def test_a_question_naming_an_article_gets_that_article_first(legal_index):
    first = legal_index.search("Điều 5 khoản 2 Thông tư 24/2013/TT-BKHCN", k=3)[0]
    assert (first.doc_id, first.legal_path) == ("tt-24-2013", "Chương II > Điều 5 > Khoản 2")
    # The same khoản of the repealed circular, written in the same words, does not lead.
    first = legal_index.search("khoản 2 Điều 5 Thông tư 24 quy định chu kỳ kiểm định", k=1)[0]
    assert first.chunk_id == "tt-24-2013#0002"
    hits = legal_index.search("Article 5 of Circular 24/2013", k=2)
    assert {h.chunk_id for h in hits} == {"tt-24-2013#0001", "tt-24-2013#0002"}
    # Without an identifier: the articles named "Điều 5" lead, in any document.
    hits = legal_index.search("Điều 5 quy định về trách nhiệm gì", k=4)
    assert all("Điều 5" in h.legal_path for h in hits), [h.legal_path for h in hits]


def test_the_in_force_filter_leaves_out_a_repealed_document_never_a_news_article(legal_index):
    query = "chu kỳ kiểm định định kỳ của phương tiện đo"
    everything = legal_index.search(query, k=20)
    assert "tt-12-2009" in _docs(everything)
    in_force = SearchFilters(in_force_only=True)
    for mode in ("zscore", "dense", "lexical"):
        found = legal_index.search(query, k=20, mode=mode, filters=in_force)
        assert "tt-12-2009" not in _docs(found), mode
        assert {"tt-24-2013", "tin-khong-ngay"} <= set(_docs(found)), mode
    # Named by its number, or by an article of it, it stays out too.
    assert "tt-12-2009" not in _docs(
        legal_index.search("Điều 5 Thông tư 12/2009/TT-BKHCN", k=20, filters=in_force)
    )
    news = legal_index.search("doanh nghiệp chứng nhận", k=20, filters=in_force)
    assert "tin-iso" in _docs(news)


def test_type_issuer_date_and_document_filters(legal_index):
    query = "phạm vi điều chỉnh"
    circulars = legal_index.search(query, k=20, filters=SearchFilters(doc_types=("Thông tư",)))
    assert set(_docs(circulars)) == {"tt-24-2013", "tt-12-2009"}
    government = legal_index.search(query, k=20, filters=SearchFilters(issuers=("Chính phủ",)))
    assert set(_docs(government)) == {"nd-132-2008"}
    dated = SearchFilters(date_from="2013-01-01", date_to="2016")
    assert set(_docs(legal_index.search(query, k=20, filters=dated))) == {
        "tt-24-2013",
        "tcvn-iso-9001",
    }
    # A news article is dated by its date; one with no date goes when a date is asked for.
    recent = legal_index.search(query, k=20, filters=SearchFilters(date_from="2020"))
    assert set(_docs(recent)) == {"tin-iso"}
    # k results come back when k chunks pass, however few the unfiltered top k held.
    only = SearchFilters(doc_ids=("tt-24-2013",))
    hits = legal_index.search("chất lượng sản phẩm hàng hóa", k=4, filters=only)
    assert _docs(hits) == ["tt-24-2013"] * 4
    with pytest.raises(ValueError, match="ngày không hợp lệ"):
        legal_index.search(query, filters=SearchFilters(date_from="31/12/2013"))


def test_a_hit_carries_the_documents_legal_fields(legal_index):
    hit = legal_index.search("Điều 5 Thông tư 12/2009/TT-BKHCN", k=1)[0]
    shown = json.loads(json.dumps(hit.to_json()))
    assert shown["doc_number"] == "12/2009/TT-BKHCN"
    assert shown["doc_type"] == "Thông tư"
    assert shown["status"] == REPEALED
    assert shown["replaced_by"] == "24/2013/TT-BKHCN"
    assert shown["legal_path"] == "Điều 5 > Khoản 2"
    # Read on into the next chunk, it stays in its document.
    assert legal_index.with_following(hit).doc_id == "tt-12-2009"
    row = legal_index.document("tt-12-2009")
    assert row is not None and row.info.replaced_by == "24/2013/TT-BKHCN"
    news = legal_index.search("Quyết định 1131/QĐ-TTg", k=1)[0].to_json()
    assert (news["legal_path"], news["doc_number"], news["status"]) == ("", "", "")


def test_a_validity_edit_rewrites_metadata_without_embedding(tmp_path: Path, embedder):
    index = open_index(Settings(data_dir=tmp_path / "data"), embedder)
    _write(index, [ND132, NEWS])
    embedded = recorded_embeddings(index)
    repealed = replace(ND132, status=REPEALED, replaced_by="43/2017/NĐ-CP")
    _write(index, [repealed])
    assert embedded == []
    in_force = SearchFilters(in_force_only=True)
    assert "nd-132-2008" not in _docs(index.search("Nghị định 132/2008", k=5, filters=in_force))
    assert index.search("Nghị định 132/2008", k=1)[0].replaced_by == "43/2017/NĐ-CP"
    # Another process opening the index reads the identifier index stored with the snapshot.
    reopened = open_index(Settings(data_dir=tmp_path / "data"), embedder)
    assert reopened.lexical.load()
    assert reopened.lexical.routes().identifiers.documents["no 132/2008/t:ND"] == {"nd-132-2008"}
    assert reopened.search("nghi dinh 132/2008 nd-cp", k=1)[0].doc_id == "nd-132-2008"
    # A changed text is embedded again.
    index.replace_documents([(repealed, _chunks(repealed, DOCUMENTS[ND132][:1]), "fp2")])
    assert len(embedded) >= 1


def test_an_index_written_at_the_previous_chunk_format_is_rewritten_on_ingest(
    tmp_path: Path, embedder
):
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "quy-chuan.txt").write_text(
        "Quy chuẩn này áp dụng cho thiết bị điện gia dụng.", encoding="utf-8"
    )
    search_index = open_index(Settings(data_dir=tmp_path / "data"), embedder)
    # What the previous version wrote: the same chunks, stamped "2".
    assert ingest_at_format(search_index, tmp_path / "docs", "2").added == 1
    embedded = recorded_embeddings(search_index)
    assert ingest(search_index, tmp_path / "docs").updated == 1
    assert embedded  # written again whole, not only its metadata
    assert ingest(search_index, tmp_path / "docs").unchanged == 1
