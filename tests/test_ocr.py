"""OCR with the real Tesseract: a scanned PDF is read and answered from with its page cited, a
PDF with a text layer is never OCR'd, images (a multi-page TIFF) are read, poor pages are named,
and limits and a missing Tesseract are refusals with a reason."""

from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image, ImageDraw, ImageFilter, ImageFont

from hoidap.settings import Settings
from index.chunk_format import record_pages
from ingest.errors import RejectedFileError
from ingest.limits import IngestLimits
from ingest.loaders import load_file
from ingest.pipeline import IngestReport
from tests.conftest import assistant_for, ingest, open_index
from tests.helpers import FONT

SERIF = FONT.with_name("DejaVuSerif.ttf")
SCAN_PAGES = [
    [
        "QUYẾT ĐỊNH",
        "Về việc công bố tiêu chuẩn quốc gia về mũ bảo hiểm",
        "Tổng cục Tiêu chuẩn Đo lường Chất lượng công bố bộ tiêu chuẩn",
        "về mũ bảo hiểm cho người đi mô tô và xe máy.",
    ],
    [
        "Điều 2. Hiệu lực thi hành",
        "Tiêu chuẩn TCVN 5756 về mũ bảo hiểm có hiệu lực từ ngày",
        "15 tháng 3 năm 2025. Cơ sở sản xuất phải công bố hợp chuẩn",
        "trong thời hạn sáu tháng kể từ ngày tiêu chuẩn có hiệu lực.",
    ],
]
TIFF_PAGE = [
    "Biên bản kiểm tra chất lượng xăng dầu tại tỉnh Nghệ An",
    "năm 2024 do Chi cục Tiêu chuẩn Đo lường Chất lượng lập.",
]
LAYER_TEXT = (
    "Báo cáo công tác đo lường năm 2024 của Chi cục: kiểm định 1.200 công tơ điện "
    "và 300 cột đo xăng dầu trên địa bàn tỉnh."
)


def scan(lines: list[str], size: tuple[int, int] = (2480, 1400), dpi: int = 300) -> Image.Image:
    """A clean scan of the lines, 12 pt at ``dpi``."""
    font = ImageFont.truetype(str(SERIF), round(12 * dpi / 72))
    image = Image.new("L", size, 255)
    draw = ImageDraw.Draw(image)
    for row, line in enumerate(lines):
        draw.text((dpi, dpi // 2 + row * round(12 * dpi / 72 * 1.5)), line, font=font, fill=0)
    return image


def poor_scan() -> Image.Image:
    """Small letters, blurred and drowned in noise: Tesseract reads next to nothing of it."""
    import numpy as np

    image = scan(TIFF_PAGE, (1240, 600), dpi=96).filter(ImageFilter.GaussianBlur(2))
    noise = np.random.default_rng(0).normal(0, 70, (image.height, image.width))
    pixels = np.asarray(image, dtype=np.float32) + noise
    return Image.fromarray(np.clip(pixels, 0, 255).astype(np.uint8))


def layer_pdf_with_picture(path: Path) -> Path:
    """A PDF page with a good text layer and a picture of other text on it."""
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_font("DejaVu", fname=str(FONT))
    pdf.set_font("DejaVu", size=12)
    pdf.add_page()
    pdf.multi_cell(0, 8, LAYER_TEXT)
    pdf.image(scan(["Ảnh chụp biển hiệu phòng thí nghiệm"], (2480, 400)), w=180)
    pdf.output(str(path))
    return path


@pytest.fixture(scope="module")
def scanned(tmp_path_factory: pytest.TempPathFactory, embedder):
    """A folder of a scanned PDF, a PDF with a text layer, and a two-page TIFF (a clean page and
    a poor one), ingested once with the real Ingestor."""
    root = tmp_path_factory.mktemp("ocr")
    folder = root / "docs"
    folder.mkdir()
    pages = [scan(lines) for lines in SCAN_PAGES]
    pages[0].save(
        folder / "quyet-dinh-scan.pdf", save_all=True, append_images=pages[1:], resolution=300
    )
    layer_pdf_with_picture(folder / "bao-cao.pdf")
    frames = [scan(TIFF_PAGE, (2480, 700)), poor_scan()]
    frames[0].save(
        folder / "bien-ban.tiff", save_all=True, append_images=frames[1:], resolution=300
    )
    index = open_index(Settings(data_dir=root / "data"), embedder)
    report: IngestReport = ingest(index, folder)
    return index, report


def test_a_scanned_pdf_is_answered_with_a_citation_to_its_page(scanned):
    index, report = scanned
    assert report.failed == [] and report.added == 3
    answer = assistant_for(index).ask(
        "Tiêu chuẩn TCVN 5756 về mũ bảo hiểm có hiệu lực từ ngày nào?", mode="extractive"
    )
    assert not answer.abstained and "15 tháng 3 năm 2025" in answer.answer
    cited = answer.citations[0].hit
    assert cited.doc_id == "quyet-dinh-scan-pdf" and cited.page == 2


def test_the_report_counts_ocr_pages_and_names_the_poor_one(scanned):
    _, report = scanned
    assert report.ocr_pages == 4  # 2 scanned PDF pages + 2 TIFF pages; the text layer: none
    assert report.to_json()["ocr_pages"] == 4
    poor = [w for w in report.warnings if w.code == "ocr_low_confidence"]
    assert len(poor) == 1 and poor[0].path.endswith("bien-ban.tiff")
    assert "trang 2 " in poor[0].reason and "trang 1" not in poor[0].reason
    assert "kém tin cậy" in poor[0].reason


def test_each_ocr_chunk_keeps_its_page_confidence_and_text_layer_chunks_have_none(scanned):
    index, _ = scanned
    metadata = index.inspection().metadata().values()
    scan_chunks = [m for m in metadata if m["doc_id"] == "quyet-dinh-scan-pdf"]
    # The two short pages are one passage, which keeps where page 2 begins.
    pages = {m["page"] for m in scan_chunks} | {p for m in scan_chunks for _, p in record_pages(m)}
    assert pages == {1, 2}
    assert all(m["ocr_confidence"] > 80 for m in scan_chunks)
    assert all("ocr_confidence" not in m for m in metadata if m["doc_id"] == "bao-cao-pdf")


def test_a_page_with_a_good_text_layer_is_never_ocrd(scanned):
    index, _ = scanned
    text = index.document_text("bao-cao-pdf") or ""
    assert "1.200 công tơ điện" in text
    assert "biển hiệu" not in text  # the picture on the page was not read


def test_an_image_file_is_read(scanned):
    index, _ = scanned
    text = index.document_text("bien-ban-tiff") or ""
    assert "kiểm tra chất lượng xăng dầu tại tỉnh Nghệ An" in text


def test_a_screenshot_with_a_transparent_background_is_read(tmp_path: Path):
    text = scan(["Phiếu kết quả thử nghiệm mẫu thép"], (1600, 300), dpi=200)
    image = Image.new("RGBA", text.size, (0, 0, 0, 0))  # transparent black, as exported
    image.putalpha(text.point(lambda v: 255 - v))  # the letters opaque, the rest transparent
    path = tmp_path / "chup-man-hinh.png"
    image.save(path)
    loaded = load_file(path, path.read_bytes(), 10)
    assert "Phiếu kết quả thử nghiệm mẫu thép" in loaded.sections[0].text


def test_a_file_beyond_the_ocr_page_limit_is_refused_before_any_page_is_read(tmp_path: Path):
    pages = [scan(["Trang quét"], (600, 300), dpi=72) for _ in range(3)]
    path = tmp_path / "dai.pdf"
    pages[0].save(path, save_all=True, append_images=pages[1:], resolution=72)
    with pytest.raises(RejectedFileError) as caught:
        load_file(path, path.read_bytes(), 10, IngestLimits(ocr_max_pages=2))
    assert (
        caught.value.code == "too_many_ocr_pages" and "3 trang cần OCR > 2" in caught.value.reason
    )


def test_missing_tesseract_or_language_model_is_a_refusal_with_a_reason(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    from ingest import ocr

    path = tmp_path / "anh.png"
    scan(["Trang quét"], (600, 300), dpi=72).save(path)
    with pytest.raises(RejectedFileError) as caught:
        load_file(path, path.read_bytes(), 10, IngestLimits(ocr_languages="vie+xyz"))
    assert caught.value.code == "ocr_unavailable" and "tesseract-ocr-xyz" in caught.value.reason

    monkeypatch.setenv("PATH", str(tmp_path))  # a machine without the tesseract-ocr package
    ocr._tesseract.cache_clear()
    try:
        with pytest.raises(RejectedFileError) as caught:
            load_file(path, path.read_bytes(), 10)
        assert caught.value.code == "ocr_unavailable" and "tesseract-ocr" in caught.value.reason
    finally:
        ocr._tesseract.cache_clear()


def test_a_broken_image_is_refused_with_a_reason(tmp_path: Path):
    path = tmp_path / "hong.jpg"
    path.write_bytes(b"\xff\xd8\xff\xe0 not really a jpeg")
    with pytest.raises(RejectedFileError) as caught:
        load_file(path, path.read_bytes(), 10)
    assert caught.value.code == "corrupt_image"
