"""Web pages and text saved from them: the article comes in, the page's furniture (skip links,
hotlines, image paths, breadcrumbs, share widgets, date stamps, related lists, footers) does
not, the page's date becomes the document's date, and sentences that merely mention such
words are kept."""

import json
from pathlib import Path

import pytest

from ingest.clean import clean_text, find_publication_date
from ingest.loaders import load_file
from tests.conftest import ingest

PAGES = Path(__file__).parent / "data" / "web"
NAMES = sorted(p.stem for p in PAGES.glob("*.html"))


def _expected(name: str) -> dict:
    return json.loads((PAGES / f"{name}.json").read_text(encoding="utf-8"))


def _flat(text: str) -> str:
    return " ".join(clean_text(text).split())


@pytest.mark.parametrize("name", NAMES)
def test_page_yields_its_article_and_date_without_debris(tmp_path: Path, name: str):
    path = PAGES / f"{name}.html"
    loaded = load_file(path, path.read_bytes(), max_pdf_pages=10)
    raw = loaded.sections[0].text
    cleaned = clean_text(raw)
    expected = _expected(name)
    flat = " ".join(cleaned.split())
    for paragraph in expected["paragraphs"]:
        assert _flat(paragraph) in flat
    lines = cleaned.splitlines()
    for debris in expected["debris"]:
        assert not any(debris in line and line not in flat for line in lines), debris
        assert debris not in lines
    assert find_publication_date(raw) == expected["date"]
    assert loaded.title_hint == expected["title"] or expected["title"] in cleaned


def test_text_saved_from_a_page_is_cleaned_the_same(tmp_path: Path):
    # What "Save as text" or copy-paste from a browser gives: every visible line, in order.
    saved = "\n".join(
        [
            "Skip to main content",
            "TỔNG CỤC TIÊU CHUẨN ĐO LƯỜNG CHẤT LƯỢNG",
            "Hotline: 1900 6464",
            "Trang chủ | Giới thiệu | Tin tức | Văn bản | Liên hệ",
            "Trang chủ > Tin tức > Hoạt động TĐC",
            "Hợp tác quốc tế về tiêu chuẩn đo lường chất lượng",
            "Cập nhật: 16/12/2020 | 11:30:02 AM",
            *_expected("01-cong-tong-cuc")["paragraphs"][:2],
            r"Description: C:\Users\abc\AppData\Local\Temp\image001.jpg",
            "Ảnh: Hà Anh/VietQ",
            *_expected("01-cong-tong-cuc")["paragraphs"][2:],
            "Chia sẻ: Facebook | Twitter | Email",
            "In bài Gửi email",
            "Tin liên quan",
            "Hội nghị tổng kết công tác năm 2020 của Tổng cục",
            "Email: vanthu@tcvn.gov.vn",
        ]
    )
    path = tmp_path / "trang.txt"
    path.write_text(saved, encoding="utf-8")
    raw = load_file(path, path.read_bytes(), max_pdf_pages=10).sections[0].text
    cleaned = clean_text(raw)
    assert cleaned.splitlines()[:2] == [
        "TỔNG CỤC TIÊU CHUẨN ĐO LƯỜNG CHẤT LƯỢNG",
        "Hợp tác quốc tế về tiêu chuẩn đo lường chất lượng",
    ]
    for paragraph in _expected("01-cong-tong-cuc")["paragraphs"]:
        assert _flat(paragraph) in " ".join(cleaned.split())
    for debris in ("Skip to", "Hotline", "Trang chủ", "Cập nhật", "image001", "Ảnh:", "Chia sẻ"):
        assert debris not in cleaned
    assert "Tin liên quan" not in cleaned and "Hội nghị tổng kết" not in cleaned
    assert find_publication_date(raw) == "2020-12-16"


@pytest.mark.parametrize(
    "sentence",
    [
        "Tổng cục đã chia sẻ kinh nghiệm về tiêu chuẩn với các nước ASEAN.",
        "Chia sẻ tại hội nghị, ông Hà Minh Hiệp cho biết năm 2023 nhiều thách thức.",
        "Chia sẻ kinh nghiệm quốc tế",
        "Người dân có thể gọi hotline 1900 6464 để phản ánh về chất lượng hàng hoá.",
        "Hotline: người tiêu dùng phản ánh qua số 1900 6464 trong giờ hành chính.",
        "Điện thoại: Tổng cục tiếp nhận phản ánh qua số (024) 3791 1633 mọi ngày.",
        "Email là kênh liên lạc chính thức giữa Tổng cục và doanh nghiệp.",
        "Cập nhật: Bộ KH&CN vừa ban hành Thông tư 02/2024/TT-BKHCN ngày 15/03/2024.",
        "Cơ sở dữ liệu được cập nhật ngày 16/12/2020 với 1.200 tiêu chuẩn mới.",
        "Ngày đăng ký: 15/03/2024",
        "Ngày 21/12/2023, Tổng cục tổ chức Hội nghị tổng kết công tác năm 2023.",
        "Ảnh: Thứ trưởng Lê Xuân Định phát biểu chỉ đạo tại Hội nghị tổng kết năm 2023.",
        "Ảnh chụp cho thấy vạch dấu trên cân không còn rõ.",
        "Nếu nhiệt độ > 30 °C thì phải dừng máy và ghi sổ.",
        "Trang chủ của Tổng cục cung cấp tra cứu tiêu chuẩn quốc gia.",
        "| Năm | Số tiêu chuẩn | Ghi chú |",
        "Tiêu chuẩn / Quy chuẩn / Hướng dẫn",
        "Xem thêm Phụ lục II về phương pháp thử.",
        "Bình luận của chuyên gia về dự thảo Luật được tổng hợp trong báo cáo.",
        "Bản đồ quy hoạch được lưu trong tệp quy-hoach.png kèm theo.",
    ],
)
def test_sentences_that_mention_debris_words_are_kept(sentence: str):
    assert clean_text(f"Mở đầu.\n{sentence}\nKết thúc.") == f"Mở đầu.\n{sentence}\nKết thúc."


def test_a_date_in_the_body_is_not_the_publication_date():
    text = "Tiêu đề\nNgày 21/12/2023, Tổng cục tổ chức Hội nghị.\nCập nhật dữ liệu ngày 01/02/2024."
    assert find_publication_date(text) == ""
    assert find_publication_date("Menu\n" * 20 + "Ngày đăng: 05/03/2019\nNội dung.") == "2019-03-05"
    assert find_publication_date("Đăng lúc: 10:20 ngày 12/04/2021") == "2021-04-12"
    assert find_publication_date("Cập nhật lúc 08:15, 25/12/2023") == "2023-12-25"


def test_ingested_page_has_its_date_and_clean_chunks_and_the_catalog_date_wins(
    tmp_path: Path, make_index
):
    folder = tmp_path / "web"
    folder.mkdir()
    for name in ("01-cong-tong-cuc", "02-bao-dien-tu"):
        (folder / f"{name}.html").write_bytes((PAGES / f"{name}.html").read_bytes())
    (folder / "catalog.toml").write_text(
        '[[document]]\nfile = "02-bao-dien-tu.html"\ndoc_id = "bao"\n'
        'title = "Bài báo"\ntitle_assigned = false\ndate = "2020-08-01"\n',
        encoding="utf-8",
    )
    index = make_index()
    report = ingest(index, folder)
    assert report.failed == [] and report.added == 2
    rows = {Path(row.path).name: row for row in index.documents()}
    page = rows["01-cong-tong-cuc.html"]
    assert page.info.date == "2020-12-16"
    assert page.info.title == "Hợp tác quốc tế về tiêu chuẩn đo lường chất lượng"
    text = index.document_text(page.doc_id) or ""
    assert _expected("01-cong-tong-cuc")["paragraphs"][0][:80] in text
    for debris in ("Skip to", "Hotline", "Cập nhật", "image001", "Chia sẻ", "Trang chủ"):
        assert debris not in text
    assert rows["02-bao-dien-tu.html"].info.date == "2020-08-01"
