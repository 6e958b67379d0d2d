"""Office files (.doc, .xls, .xlsx, .pptx, .odt, .rtf) read by the real tools: samples written by
LibreOffice (.doc, .xls, .rtf), openpyxl, python-pptx and odfpy, read back through load_file."""

from __future__ import annotations

import csv
import shutil
import subprocess
from datetime import datetime
from pathlib import Path

import pytest

from ingest.errors import RejectedFileError
from ingest.limits import IngestLimits
from ingest.loaders import SUPPORTED_TYPES, load_file
from ingest.office_files import OFFICE_TYPES, load_office
from tests.conftest import ingest

DOC_PARAGRAPHS = [
    "Quy định về kiểm định phương tiện đo",
    "Năm 2023, Viện Đo lường Việt Nam đã hiệu chuẩn 12.500 phương tiện đo cho doanh nghiệp.",
    "Các phòng thử nghiệm phải tham gia chương trình so sánh liên phòng ít nhất một lần mỗi năm.",
    "Ký hiệu: “ngoặc kép” – gạch nối, ±0,5 °C, 1.234,5 kg/m³; chữ ưu tiên, ượt, ỡ, ỹ, Đ.",
]
# TCVN3 text as a .VnTime document stores it, read as Unicode: U+00AD (soft hyphen) is the
# letter "ư"; the legacy converter needs it kept, and antiword/catdoc drop it.
TCVN3_LINE = "Tæng côc Tiªu chuÈn §o l\u00adêng ChÊt l\u00adîng"
SHEET_ROWS = [
    ["Tên chỉ tiêu", "Đơn vị", "Giá trị", "Ghi chú"],
    ["Số tiêu chuẩn quốc gia được công bố", "tiêu chuẩn", "640", "Vượt kế hoạch năm"],
    [],
    ["Số mẫu sản phẩm thép được thử nghiệm", "mẫu", "1583", ""],
]


def _normalised(text: str) -> str:
    return " ".join(text.split())


def _soffice(target: str, sources: list[Path], outdir: Path, profile: Path, infilter: str) -> None:
    command = [
        "soffice",
        f"-env:UserInstallation={profile.as_uri()}",
        "--headless",
        f"--infilter={infilter}",
        "--convert-to",
        target,
        "--outdir",
        str(outdir),
        *map(str, sources),
    ]
    subprocess.run(command, check=True, capture_output=True, timeout=120)


@pytest.fixture(scope="session")
def samples(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Files written by LibreOffice (one soffice start per target format) and the Python
    writers. Skipped, not failed, on a machine without LibreOffice (make installs it)."""
    if shutil.which("soffice") is None:
        pytest.skip("cần LibreOffice (soffice) để tạo tệp mẫu")
    base = tmp_path_factory.mktemp("office")
    source, out = base / "source", base / "out"
    source.mkdir()
    out.mkdir()
    (source / "quy-dinh.txt").write_text("\n".join(DOC_PARAGRAPHS) + "\n", encoding="utf-8")
    (source / "tcvn3.txt").write_text(TCVN3_LINE + "\n", encoding="utf-8")
    with open(source / "chi-tieu.csv", "w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(SHEET_ROWS)
    texts = [source / "quy-dinh.txt", source / "tcvn3.txt"]
    profile = base / "profile"
    _soffice("doc", texts, out, profile, "Text (encoded):UTF8")
    _soffice("rtf", texts[:1], out, profile, "Text (encoded):UTF8")
    _soffice("xls", [source / "chi-tieu.csv"], out, profile, "CSV:44,34,76,1")  # 640 a number
    return {
        "doc": out / "quy-dinh.doc",
        "tcvn3_doc": out / "tcvn3.doc",
        "rtf": out / "quy-dinh.rtf",
        "xls": out / "chi-tieu.xls",
    }


def _load(path: Path):
    return load_file(path, path.read_bytes(), max_pdf_pages=50)


def test_every_office_type_is_accepted_by_the_loaders():
    assert {".doc", ".xls", ".xlsx", ".pptx", ".odt", ".rtf"} == OFFICE_TYPES
    assert OFFICE_TYPES <= SUPPORTED_TYPES


def test_a_doc_written_by_libreoffice_keeps_its_vietnamese(samples):
    loaded = _load(samples["doc"])
    text = "\n".join(section.text for section in loaded.sections)
    assert _normalised(text) == _normalised(" ".join(DOC_PARAGRAPHS))


def test_a_doc_in_a_legacy_font_keeps_every_stored_character(samples):
    # Before the legacy converter: the soft hyphen ("ư" in TCVN3) and Latin-1 letters intact.
    path = samples["tcvn3_doc"]
    loaded = load_office(path, path.read_bytes(), IngestLimits())
    assert loaded.sections[0].text.strip() == TCVN3_LINE


def test_an_xls_written_by_libreoffice_reads_as_rows_under_their_headers(samples):
    loaded = _load(samples["xls"])
    (sheet,) = loaded.sections
    assert sheet.text.splitlines() == [
        "Trang tính: chi-tieu",
        "Tên chỉ tiêu: Số tiêu chuẩn quốc gia được công bố; Đơn vị: tiêu chuẩn; "
        "Giá trị: 640; Ghi chú: Vượt kế hoạch năm",
        "Tên chỉ tiêu: Số mẫu sản phẩm thép được thử nghiệm; Đơn vị: mẫu; Giá trị: 1583",
    ]


def test_an_xlsx_row_keeps_its_header_names_on_every_sheet(tmp_path):
    import openpyxl

    book = openpyxl.Workbook()
    first = book.active
    first.title = "Năm 2023"
    first.append([None, None, None])  # a blank first row: the header is the first non-empty one
    first.append(["Tên chỉ tiêu", "Đơn vị", "Giá trị", "Ngày báo cáo"])
    first.append(["Phòng thử nghiệm được công nhận", "phòng", 1583, datetime(2023, 12, 25)])
    first.append(["Tỷ lệ mẫu đạt", None, 0.985, None])
    second = book.create_sheet("Kế hoạch")
    second.append(["Nhiệm vụ", "Hạn"])
    second.append(["Rà soát tiêu chuẩn về mũ bảo hiểm", "Quý II"])
    book.save(tmp_path / "chi-tieu.xlsx")

    loaded = _load(tmp_path / "chi-tieu.xlsx")
    assert [section.text.splitlines() for section in loaded.sections] == [
        [
            "Trang tính: Năm 2023",
            "Tên chỉ tiêu: Phòng thử nghiệm được công nhận; Đơn vị: phòng; Giá trị: 1583; "
            "Ngày báo cáo: 25/12/2023",
            "Tên chỉ tiêu: Tỷ lệ mẫu đạt; Giá trị: 0.985",
        ],
        ["Trang tính: Kế hoạch", "Nhiệm vụ: Rà soát tiêu chuẩn về mũ bảo hiểm; Hạn: Quý II"],
    ]
    # The same workbook renamed .xls (as offices do) is read by what it is, not its name.
    (tmp_path / "chi-tieu.xlsx").rename(tmp_path / "doi-ten.xls")
    assert _load(tmp_path / "doi-ten.xls").sections == loaded.sections


def test_a_long_sheet_stops_at_the_document_limit_with_a_notice(tmp_path):
    import openpyxl

    book = openpyxl.Workbook()
    book.active.append(["Mã", "Tên"])
    for number in range(5_000):
        book.active.append([number, f"Tiêu chuẩn quốc gia số {number}"])
    book.save(tmp_path / "dai.xlsx")
    path = tmp_path / "dai.xlsx"
    loaded = load_file(path, path.read_bytes(), 50, IngestLimits(max_document_chars=2_000))
    assert sum(len(section.text) for section in loaded.sections) == 2_000
    assert [notice.code for notice in loaded.notices] == ["truncated"]


def test_a_pptx_gives_a_section_per_slide_with_tables_and_notes(tmp_path):
    from pptx import Presentation
    from pptx.util import Inches

    deck = Presentation()
    first = deck.slides.add_slide(deck.slide_layouts[1])
    first.shapes.title.text = "Kết quả hoạt động năm 2023"
    first.placeholders[1].text_frame.text = "Ban hành 640 tiêu chuẩn quốc gia mới"
    first.notes_slide.notes_text_frame.text = "Nhấn mạnh số liệu vượt kế hoạch."
    second = deck.slides.add_slide(deck.slide_layouts[5])
    second.shapes.title.text = "Số liệu thử nghiệm"
    table = second.shapes.add_table(2, 2, Inches(1), Inches(2), Inches(6), Inches(1)).table
    for row, values in enumerate([("Chỉ tiêu", "Giá trị"), ("Mẫu thép", "1.583")]):
        for column, value in enumerate(values):
            table.cell(row, column).text = value
    deck.save(tmp_path / "bao-cao.pptx")

    loaded = _load(tmp_path / "bao-cao.pptx")
    assert loaded.title_hint == "Kết quả hoạt động năm 2023"
    assert [section.page for section in loaded.sections] == [1, 2]
    one, two = (section.text.splitlines() for section in loaded.sections)
    assert "Ban hành 640 tiêu chuẩn quốc gia mới" in one
    assert "Ghi chú: Nhấn mạnh số liệu vượt kế hoạch." in one
    assert "Chỉ tiêu | Giá trị" in two and "Mẫu thép | 1.583" in two


def test_an_odt_is_read_in_order_with_its_heading_and_table_rows(tmp_path):
    from odf.opendocument import OpenDocumentText
    from odf.table import Table, TableCell, TableColumn, TableRow
    from odf.text import H, P

    document = OpenDocumentText()
    document.text.addElement(H(outlinelevel=1, text="Báo cáo đo lường"))
    document.text.addElement(P(text="Viện đã hiệu chuẩn 12.500 phương tiện đo."))
    table = Table(name="Bang1")
    table.addElement(TableColumn(numbercolumnsrepeated=2))
    for values in [("Chỉ tiêu", "Giá trị"), ("Phương tiện đo", "12.500")]:
        row = TableRow()
        for value in values:
            cell = TableCell()
            cell.addElement(P(text=value))
            row.addElement(cell)
        table.addElement(row)
    document.text.addElement(table)
    document.text.addElement(P(text="Đoạn cuối sau bảng."))
    document.save(str(tmp_path / "bao-cao.odt"))

    loaded = _load(tmp_path / "bao-cao.odt")
    assert loaded.title_hint == "Báo cáo đo lường"
    assert loaded.sections[0].text.splitlines() == [
        "Báo cáo đo lường",
        "Viện đã hiệu chuẩn 12.500 phương tiện đo.",
        "Chỉ tiêu | Giá trị",
        "Phương tiện đo | 12.500",
        "Đoạn cuối sau bảng.",
    ]


def test_a_web_page_saved_as_doc_is_read_as_a_document(tmp_path):
    # Portals and Word's "Save as Web Page" hand out HTML named .doc; LibreOffice reads it.
    page = "<html><body><p>" + "</p><p>".join(DOC_PARAGRAPHS) + "</p></body></html>"
    (tmp_path / "trang-web.doc").write_text(page, encoding="utf-8")
    loaded = _load(tmp_path / "trang-web.doc")
    text = "\n".join(section.text for section in loaded.sections)
    assert _normalised(text) == _normalised(" ".join(DOC_PARAGRAPHS))


def test_an_rtf_written_by_libreoffice_keeps_its_vietnamese(samples):
    loaded = _load(samples["rtf"])
    assert _normalised(loaded.sections[0].text) == _normalised(" ".join(DOC_PARAGRAPHS))


def test_broken_office_files_are_refused_with_a_reason(samples, tmp_path):
    data = samples["doc"].read_bytes()
    cases = {
        "cut.doc": (data[: len(data) // 2], "corrupt_office", "LibreOffice không mở được tệp"),
        "not-word.doc": (b"\x00\x01 not a Word file" * 20, "corrupt_office", "không phải tệp Word"),
        "cut.xls": (samples["xls"].read_bytes()[:1500], "corrupt_office", "hỏng"),
        "cut.xlsx": (b"PK\x03\x04" + bytes(200), "corrupt_office", "hỏng"),
        "not.rtf": (b"Chi la van ban thuong", "corrupt_office", "không phải tệp RTF"),
    }
    for name, (content, code, said) in cases.items():
        path = tmp_path / name
        path.write_bytes(content)
        with pytest.raises(RejectedFileError) as caught:
            _load(path)
        assert caught.value.code == code and said in caught.value.reason, name


def test_a_converter_past_its_time_limit_is_stopped_with_a_reason(samples):
    data = samples["doc"].read_bytes()
    with pytest.raises(RejectedFileError) as caught:
        load_office(samples["doc"], data, IngestLimits(converter_timeout_s=0.05))
    assert caught.value.code == "converter_timeout"
    assert "quá thời gian" in caught.value.reason


def test_a_missing_converter_is_named(samples, monkeypatch, tmp_path):
    monkeypatch.setenv("PATH", str(tmp_path))  # no soffice to be found
    with pytest.raises(RejectedFileError) as caught:
        _load(samples["doc"])
    assert caught.value.code == "converter_missing" and "LibreOffice" in caught.value.reason


def test_a_folder_with_a_doc_and_an_xls_is_ingested_and_searchable(samples, make_index, tmp_path):
    folder = tmp_path / "van-ban"
    folder.mkdir()
    shutil.copy(samples["doc"], folder / "quy-dinh.doc")
    shutil.copy(samples["xls"], folder / "chi-tieu.xls")
    (folder / "hong.doc").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600))
    index = make_index()
    report = ingest(index, folder)
    assert report.added == 2
    assert [(Path(f.path).name, f.code) for f in report.failed] == [("hong.doc", "corrupt_office")]

    hit = index.search("phòng thử nghiệm so sánh liên phòng mỗi năm", k=1)[0]
    assert hit.doc_id == "quy-dinh-doc" and "so sánh liên phòng" in hit.text
    hit = index.search("số mẫu sản phẩm thép được thử nghiệm", k=1)[0]
    assert hit.doc_id == "chi-tieu-xls" and "Đơn vị: mẫu; Giá trị: 1583" in hit.text
