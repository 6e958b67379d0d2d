"""Access groups inside retrieval (issue 17): a document outside the reader's groups is never a
candidate — dense, lexical, hybrid, a query naming its number, the passages a quote is looked
for in, the text the source viewer shows — and the catalog's ``groups`` reach every chunk.
Hand-made documents through the real ``SearchIndex``, Chroma and embedder."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

import pytest

from hoidap.settings import Settings
from index import Chunk, DocumentInfo, SearchFilters, SearchIndex
from index.access import EVERYONE
from tests.conftest import ingest, ingest_at_format, open_index, recorded_embeddings

PUBLIC = DocumentInfo(doc_id="thong-bao-chung", title="Thông báo chung về lịch làm việc")
PAY = DocumentInfo(
    doc_id="qd-luong-thuong",
    title="Quyết định về mức thưởng cuối năm",
    doc_number="15/2024/QĐ-TCĐLCL",
    doc_type="Quyết định",
    groups=("nhan-su",),
)
AUDIT = DocumentInfo(
    doc_id="bao-cao-thanh-tra", title="Báo cáo thanh tra nội bộ", groups=("lanh-dao", "phap-che")
)
TEXTS: dict[str, list[tuple[str, str]]] = {
    PUBLIC.doc_id: [
        ("Điều 3", "Điều 3. Cơ quan làm việc từ thứ hai đến thứ sáu, nghỉ thứ bảy và chủ nhật.")
    ],
    PAY.doc_id: [
        ("Điều 1", "Điều 1. Mức thưởng cuối năm của cán bộ là hai tháng lương cơ bản."),
        ("Điều 2", "Điều 2. Cán bộ bị kỷ luật trong năm không được xét thưởng cuối năm."),
        ("Điều 3", "Điều 3. Tiền thưởng được chi trả trước ngày hai mươi tháng chạp."),
        ("Điều 4", "Điều 4. Phòng Tổ chức cán bộ lập danh sách xét thưởng gửi Lãnh đạo."),
        ("Điều 5", "Điều 5. Quyết định này có hiệu lực kể từ ngày ký ban hành."),
    ],
    AUDIT.doc_id: [
        ("", "Đoàn thanh tra phát hiện sai phạm trong việc mua sắm thiết bị đo lường."),
        ("", "Số tiền sai phạm được xác định là ba trăm triệu đồng, phải thu hồi."),
        ("", "Kiến nghị kiểm điểm trách nhiệm trưởng phòng quản trị về mua sắm."),
        ("", "Thời hạn khắc phục sai phạm là ba mươi ngày kể từ ngày nhận báo cáo."),
        ("", "Báo cáo được gửi Lãnh đạo Tổng cục và Vụ Pháp chế để theo dõi."),
        ("", "Thanh tra viên ký tên, đóng dấu, lưu hồ sơ thanh tra nội bộ."),
    ],
}
PAY_QUESTION = "mức thưởng cuối năm của cán bộ là bao nhiêu"
AUDIT_QUESTION = "số tiền sai phạm mua sắm thiết bị đo lường"
OUTSIDERS: tuple[tuple[str, ...], ...] = ((), ("ke-toan",), ("phap-che",))


def _chunks(info: DocumentInfo, parts: Sequence[tuple[str, str]]) -> list[Chunk]:
    chunks, start = [], 0
    for n, (path, text) in enumerate(parts):
        chunks.append(Chunk(info.doc_id, n, text, start, start + len(text), legal_path=path))
        start += len(text) + 2
    return chunks


@pytest.fixture(scope="module")
def group_index(tmp_path_factory: pytest.TempPathFactory, embedder) -> SearchIndex:
    index = open_index(Settings(data_dir=tmp_path_factory.mktemp("groups")), embedder)
    index.replace_documents(
        [(info, _chunks(info, TEXTS[info.doc_id]), "fp") for info in (PUBLIC, PAY, AUDIT)]
    )
    index.publish(changed=True)
    return index


def _docs(hits) -> list[str]:
    return [h.doc_id for h in hits]


@pytest.mark.parametrize("mode", ["dense", "lexical", "rrf", None])
def test_a_restricted_document_is_found_only_by_its_groups(group_index, mode):
    def found(query: str, groups: tuple[str, ...] | None) -> list[str]:
        return _docs(
            group_index.search(query, k=12, mode=mode, filters=SearchFilters(groups=groups))
        )

    for outsider in OUTSIDERS:
        assert PAY.doc_id not in found(PAY_QUESTION, outsider), outsider
        # Everyone's documents stay found by everyone.
        assert PUBLIC.doc_id in found("lịch làm việc thứ bảy chủ nhật", outsider)
    assert found(PAY_QUESTION, ("nhan-su",))[0] == PAY.doc_id
    assert found(PAY_QUESTION, ("ke-toan", "nhan-su"))[0] == PAY.doc_id
    assert found(PAY_QUESTION, None)[0] == PAY.doc_id  # admin: no restriction
    # A document for two groups is found by a member of either, by no one else.
    assert found(AUDIT_QUESTION, ("phap-che",))[0] == AUDIT.doc_id
    assert found(AUDIT_QUESTION, ("lanh-dao",))[0] == AUDIT.doc_id
    assert AUDIT.doc_id not in found(AUDIT_QUESTION, ("nhan-su",))
    assert set(found(AUDIT_QUESTION, ())) <= {PUBLIC.doc_id}  # all a reader outside may read


def test_both_dense_paths_apply_the_groups(group_index):
    """A filter that keeps most chunks is applied after Chroma's query, a narrow one inside it
    (``Retriever._dense_ranking``): the groups hold on both."""
    assert group_index.lexical.share(SearchFilters(groups=())) < 0.1  # Chroma ``where``
    assert group_index.lexical.share(SearchFilters(groups=("phap-che",))) > 0.1  # post-filter
    wide = group_index.search(
        PAY_QUESTION, k=12, mode="dense", filters=SearchFilters(groups=("phap-che",))
    )
    assert {h.doc_id for h in wide} == {PUBLIC.doc_id, AUDIT.doc_id}


def test_naming_a_restricted_documents_number_or_article_does_not_route_to_it(group_index):
    query = "Điều 3 Quyết định 15/2024/QĐ-TCĐLCL quy định gì"
    member = group_index.search(query, k=3, filters=SearchFilters(groups=("nhan-su",)))
    assert member[0].doc_id == PAY.doc_id and member[0].legal_path == "Điều 3"
    for outsider in OUTSIDERS:
        for mode in ("dense", "lexical", "rrf", None):
            hits = group_index.search(
                query, k=12, mode=mode, filters=SearchFilters(groups=outsider)
            )
            assert PAY.doc_id not in _docs(hits), (outsider, mode)
            # The number names no document this reader may read: the article it names is
            # routed in every document they may read, as if the restricted one were not there.
            assert hits[0].doc_id == PUBLIC.doc_id and hits[0].legal_path == "Điều 3"
            assert hits[0].score >= group_index.search_config.article_weight, (outsider, mode)


def test_quotes_reading_on_and_the_source_viewer_respect_the_groups(group_index):
    outsider = SearchFilters(groups=("ke-toan",))
    keep_all = lambda text: True  # noqa: E731
    assert group_index.passages_with("thưởng cuối năm", keep_all, 5, outsider) == []
    assert group_index.passages_with(
        "thưởng cuối năm", keep_all, 1, SearchFilters(groups=("nhan-su",))
    )
    # Read on, a hit stays in its own document, never into another (restricted) one.
    hit = group_index.search("lịch làm việc", k=1, filters=outsider)[0]
    assert group_index.with_following(hit, chunks=3).text == hit.text
    # The source viewer and the library listing.
    assert group_index.document_text(PAY.doc_id, ("ke-toan",)) is None
    assert "hai tháng lương" in (group_index.document_text(PAY.doc_id, ("nhan-su",)) or "")
    assert "hai tháng lương" in (group_index.document_text(PAY.doc_id) or "")
    listed = [r.doc_id for r in group_index.documents(state="complete", groups=("phap-che",))]
    assert listed == [AUDIT.doc_id, PUBLIC.doc_id]
    assert len(group_index.documents(state="complete")) == 3
    # The manifest gives the groups back as written (a tuple, not JSON's list).
    row = group_index.document(AUDIT.doc_id)
    assert row is not None and row.info == AUDIT


def _catalog(folder: Path, groups: str) -> None:
    (folder / "catalog.toml").write_text(
        f'[[document]]\nfile = "luong.txt"\ngroups = {groups}\n', encoding="utf-8"
    )


def test_catalog_groups_reach_the_chunks_and_an_edit_reapplies_without_embedding(
    tmp_path: Path, embedder
):
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "luong.txt").write_text(
        "Mức thưởng cuối năm của cán bộ là hai tháng lương cơ bản.", encoding="utf-8"
    )
    (docs / "lich.txt").write_text(
        "Cơ quan làm việc từ thứ hai đến thứ sáu hằng tuần.", encoding="utf-8"
    )
    _catalog(docs, '"Nhan-Su, lanh-dao"')
    search_index = open_index(Settings(data_dir=tmp_path / "data"), embedder)
    assert ingest(search_index, docs).added == 2
    rows = {r.path.rsplit("/", 1)[-1]: r.info for r in search_index.documents()}
    assert rows["luong.txt"].groups == ("lanh-dao", "nhan-su")
    assert rows["lich.txt"].groups == (EVERYONE,)  # not in the catalog: everyone
    outsider = SearchFilters(groups=("ke-toan",))
    assert "luong-txt" not in _docs(search_index.search(PAY_QUESTION, k=5, filters=outsider))

    embedded = recorded_embeddings(search_index)
    _catalog(docs, '["everyone"]')  # a TOML list too
    report = ingest(search_index, docs)
    assert (report.updated, report.unchanged, embedded) == (1, 1, [])
    assert _docs(search_index.search(PAY_QUESTION, k=1, filters=outsider)) == ["luong-txt"]
    assert ingest(search_index, docs).unchanged == 2

    _catalog(docs, '"Phòng Nhân sự"')
    report = ingest(search_index, docs)
    failure = next(f for f in report.failed if f.path.endswith("catalog.toml"))
    assert failure.code == "bad_catalog"
    assert "groups" in failure.reason and "phòng" in failure.reason


def test_an_index_written_before_groups_is_rewritten_without_embedding(tmp_path: Path, embedder):
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "lich.txt").write_text(
        "Cơ quan làm việc từ thứ hai đến thứ sáu hằng tuần.", encoding="utf-8"
    )
    search_index = open_index(Settings(data_dir=tmp_path / "data"), embedder)
    assert ingest_at_format(search_index, tmp_path / "docs", "3").added == 1  # before groups
    embedded = recorded_embeddings(search_index)
    assert ingest(search_index, tmp_path / "docs").updated == 1
    assert embedded == []
    hits = search_index.search("thứ hai", k=1, filters=SearchFilters(groups=("ke-toan",)))
    assert _docs(hits) == ["lich-txt"]


def test_everyone_is_the_default_and_a_filter_with_groups_is_not_empty():
    assert DocumentInfo(doc_id="a", title="").groups == (EVERYONE,)
    assert SearchFilters(groups=()).empty is False
    assert SearchFilters(groups=None).where() is None
    assert replace(PAY, groups=("x",)) != PAY
