"""Each format and encoding the agency's files come in; each kind of bad input refused."""

from pathlib import Path

import pytest

from ingest.errors import RejectedFileError
from ingest.loaders import decode_text, load_file
from tests.helpers import encode_cp1258, write_docx, write_pdf

SAMPLE = "Tổng cục Tiêu chuẩn Đo lường Chất lượng ban hành tiêu chuẩn hoá quốc gia."


@pytest.mark.parametrize(
    "payload",
    [
        SAMPLE.encode("utf-8"),
        b"\xef\xbb\xbf" + SAMPLE.encode("utf-8"),
        SAMPLE.encode("utf-16"),  # with BOM
        SAMPLE.encode("utf-16-le"),  # without BOM
        SAMPLE.encode("utf-16-be"),
        encode_cp1258(SAMPLE),
    ],
    ids=["utf8", "utf8-bom", "utf16-bom", "utf16le", "utf16be", "windows-1258"],
)
def test_office_encodings_decode_to_the_same_text(payload: bytes):
    import unicodedata

    assert unicodedata.normalize("NFC", decode_text(payload)) == SAMPLE


@pytest.mark.parametrize(
    ("payload", "code"),
    [
        (b"", "empty"),
        (b"  \n\t ", "empty"),
        (bytes(range(256)) * 20, "binary"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(200), "binary"),
        (b"\x81\x8d\x8f\x90\x9d" * 50, "undecodable"),
    ],
    ids=["empty", "whitespace", "binary", "png-renamed", "undecodable"],
)
def test_bad_text_is_refused_with_a_reason(payload: bytes, code: str):
    with pytest.raises(RejectedFileError) as caught:
        decode_text(payload)
    assert caught.value.code == code and caught.value.reason


def test_html_keeps_visible_text_only(tmp_path: Path):
    page = (
        "<html><head><title>Trang</title><script>alert('x')</script></head><body>"
        "<nav>Trang chủ | Liên hệ</nav><h1>Tiêu đề bài</h1><p>Đoạn một.</p>"
        "<p>Đoạn <b>hai</b>.</p><footer>Bản quyền</footer></body></html>"
    )
    path = tmp_path / "a.html"
    loaded = load_file(path, page.encode(), max_pdf_pages=10)
    text = loaded.sections[0].text
    assert loaded.title_hint == "Tiêu đề bài"
    assert "Đoạn một." in text and "Đoạn hai." in text
    assert "alert" not in text and "Trang chủ" not in text and "Bản quyền" not in text


def test_pdf_keeps_page_numbers(tmp_path: Path):
    path = write_pdf(
        tmp_path / "a.pdf", ["Trang một nói về đo lường.", "Trang hai nói về chất lượng."]
    )
    loaded = load_file(path, path.read_bytes(), max_pdf_pages=10)
    assert [s.page for s in loaded.sections] == [1, 2]
    assert "đo lường" in loaded.sections[0].text and "chất lượng" in loaded.sections[1].text


def test_a_pdf_sentence_the_page_wrapped_over_lines_is_read_whole(tmp_path: Path):
    sentence = (
        "Tính đến ngày 31/12/2024, hệ thống công nhận phòng thí nghiệm Việt Nam (VILAS) có 1.642"
        " phòng thí nghiệm đang duy trì hiệu lực công nhận theo tiêu chuẩn TCVN ISO/IEC"
        " 17025:2017 của Tổ chức Công nhận Châu Á."
    )
    page = "\n".join(
        ["1. Phân bố theo lĩnh vực", sentence, "Hóa học 612", "Sinh học 388", "- Một là;"]
    )
    path = write_pdf(tmp_path / "a.pdf", [page])
    lines = load_file(path, path.read_bytes(), max_pdf_pages=10).sections[0].text.splitlines()
    assert sentence in lines  # wrapped by the page, joined again
    # Headings, table rows and list items stay lines of their own.
    assert {"1. Phân bố theo lĩnh vực", "Hóa học 612", "Sinh học 388", "- Một là;"} <= set(lines)


def test_corrupt_and_encrypted_pdfs_are_refused(tmp_path: Path):
    good = write_pdf(tmp_path / "good.pdf", ["Nội dung."])
    corrupt = tmp_path / "corrupt.pdf"
    corrupt.write_bytes(good.read_bytes()[:200])
    locked = write_pdf(tmp_path / "locked.pdf", ["Bí mật."], password="mat-khau")
    for path, code in ((corrupt, "corrupt_pdf"), (locked, "encrypted_pdf")):
        with pytest.raises(RejectedFileError) as caught:
            load_file(path, path.read_bytes(), max_pdf_pages=10)
        assert caught.value.code == code


def test_pdf_page_limit(tmp_path: Path):
    path = write_pdf(tmp_path / "long.pdf", ["a", "b", "c"])
    with pytest.raises(RejectedFileError) as caught:
        load_file(path, path.read_bytes(), max_pdf_pages=2)
    assert caught.value.code == "too_many_pages"


def test_docx_text_and_heading(tmp_path: Path):
    path = write_docx(tmp_path / "a.docx", "Quy chuẩn QCVN", ["Đoạn thứ nhất.", "Đoạn thứ hai."])
    loaded = load_file(path, path.read_bytes(), max_pdf_pages=10)
    assert loaded.title_hint == "Quy chuẩn QCVN"
    assert "Đoạn thứ hai." in loaded.sections[0].text


def test_corrupt_docx_is_refused(tmp_path: Path):
    path = tmp_path / "broken.docx"
    path.write_bytes(b"PK\x03\x04 not really a zip")
    with pytest.raises(RejectedFileError) as caught:
        load_file(path, path.read_bytes(), max_pdf_pages=10)
    assert caught.value.code == "corrupt_docx"


def test_utf8_with_a_stray_byte_is_decoded_with_replacement_and_a_notice():
    import unicodedata

    from ingest.loaders import decode_text_with_notices

    payload = SAMPLE.encode("utf-8") + b" \x93trich dan\x94"
    text, notices = decode_text_with_notices(payload)
    assert text == SAMPLE + " \ufffdtrich dan\ufffd"
    assert [n.code for n in notices] == ["replaced_bytes"]
    assert "2 byte" in notices[0].reason and str(len(SAMPLE.encode()) + 1) in notices[0].reason
    # Windows-1258 text has no well-formed UTF-8 in it: still decoded as Windows-1258, no notice.
    text, notices = decode_text_with_notices(encode_cp1258(SAMPLE))
    assert notices == [] and unicodedata.normalize("NFC", text) == SAMPLE


def test_extracted_text_is_capped_per_file(tmp_path: Path):
    from ingest.limits import IngestLimits

    path = tmp_path / "a.html"
    page = "<p>" + "Một câu văn. " * 100_000 + "</p>"
    loaded = load_file(path, page.encode(), 10, IngestLimits(max_document_chars=5_000))
    assert sum(len(s.text) for s in loaded.sections) <= 5_000
    assert [n.code for n in loaded.notices] == ["truncated"]


def test_overlong_words_and_huge_paragraphs_give_bounded_chunks():
    from ingest.chunking import Chunker, Section

    chunker = Chunker(100, 20, max_chunk_chars=500, window_chars=5_000)
    text = "Câu mở đầu ngắn. " + "x" * 3_000 + " " + "Đo lường chất lượng. " * 2_000
    chunks = chunker.chunk("d", text, [Section(0, len(text))])
    assert chunks and all(0 < len(c.text) <= 500 for c in chunks)
    assert all(text[c.char_start : c.char_end] == c.text for c in chunks)
    assert "".join(c.text for c in chunks).count("x") == 3_000  # split, not dropped


def test_chunks_of_web_text_never_end_at_a_title_or_city_abbreviation():
    """A chunk keeps "TP. Hồ Chí Minh" and "TS. Đinh Quang Huy" inside their sentence: one
    that ended at "… nhiều nhất trong năm là TP." left the places it listed to the next."""
    from ingest.chunking import Chunker, Section

    sentences = [
        f"Năm {2000 + i}, hội nghị khách hàng của trung tâm được tổ chức tại TP. Hồ Chí Minh "
        f"với {100 + i} doanh nghiệp; TS. Nguyễn Văn {chr(65 + i % 26)} cho biết số doanh "
        f"nghiệp tăng {i} phần trăm so với năm trước đó."
        for i in range(40)
    ]
    text = " ".join(sentences)
    chunks = Chunker(60, 15).chunk("d", text, [Section(0, len(text))])
    assert len(chunks) > 10
    for chunk in chunks:
        assert not chunk.text.rstrip().endswith(("TP.", "TS.")), chunk.text[-60:]
        assert chunk.text.startswith("Năm "), chunk.text[:60]


def test_a_text_is_chunked_alike_typed_with_either_paragraph_mark_or_split_into_pages():
    """A file marks paragraphs with a line break or a blank line, and its scan or PDF has page
    breaks (each a blank line, ``assemble``) where the typed text has none: the same passages
    come out, so a question finds the same chunk in either copy."""
    from ingest.chunking import Chunker, Section
    from ingest.clean import clean_text
    from ingest.loaders import RawSection
    from ingest.pipeline import assemble

    corpus = Path(__file__).resolve().parents[1] / "docs_corpus"
    typed = (corpus / "phong-van-tcdlcl-ket-qua-2023-tam-nhin-stameq-2030.txt").read_text(
        encoding="utf-8"
    )
    paragraphs = [line for line in clean_text(typed).splitlines() if line.strip()]
    # A page ends mid-sentence, the next at a sentence's end.
    flowing = "\n\n".join(paragraphs)
    cuts = [flowing.index(" ", len(flowing) // 3), flowing.index(". ", 2 * len(flowing) // 3) + 1]
    pages = [flowing[: cuts[0]], flowing[cuts[0] : cuts[1]], flowing[cuts[1] :]]
    chunker = Chunker(100, 20)

    def passages(text: str, sections: list[Section]) -> list[str]:
        return [" ".join(c.text.split()) for c in chunker.chunk("d", text, sections)]

    lines = "\n".join(paragraphs)
    expected = passages(lines, [Section(0, len(lines))])
    assert len(expected) > 10
    assert passages(flowing, [Section(0, len(flowing))]) == expected
    text, sections = assemble([RawSection(page, n) for n, page in enumerate(pages, start=1)])
    assert passages(text, list(sections)) == expected
