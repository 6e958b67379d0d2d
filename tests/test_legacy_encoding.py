"""Pre-Unicode Vietnamese (TCVN3/ABC and VNI) comes in as Unicode; nothing else is touched.

The fixtures in tests/data/legacy/ are byte-exact: the sample below encoded with this module's
tables (checked against glibc's TCVN5712-1 chart), the .txt files with Windows line ends."""

from __future__ import annotations

import csv
import shutil
import subprocess
import unicodedata
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ingest.legacy_encoding import (
    convert_texts,
    decode_tcvn3,
    decode_vni,
    encode_tcvn3,
    encode_vni,
    looks_like_mojibake,
)
from ingest.loaders import load_file

DATA = Path(__file__).parent / "data" / "legacy"

TITLE = "QUYẾT ĐỊNH về việc ban hành tiêu chuẩn quốc gia"
HEADER = "Tổng cục Tiêu chuẩn Đo lường Chất lượng\nBản sao điện tử, năm 2024"
PARAGRAPHS = [
    "CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM",
    "Độc lập - Tự do - Hạnh phúc",
    "QUYẾT ĐỊNH",
    "Về việc ban hành tiêu chuẩn quốc gia",
    "Tổng cục Tiêu chuẩn Đo lường Chất lượng công bố tiêu chuẩn quốc gia về chất lượng nước "
    "uống đóng chai. Áp dụng cho các cơ sở sản xuất trên toàn quốc.",
    "Điều 1. Ước tính mỗi năm có hàng nghìn mẫu được thử nghiệm tại phòng thí nghiệm của Viện "
    "Đo lường Việt Nam; kết quả được lưu giữ đầy đủ.",
    "Điều 2. Quyết định này có hiệu lực kể từ ngày ký. Những quy định trước đây trái với Quyết "
    "định này đều bãi bỏ.",
]
SAMPLE = "\n".join(PARAGRAPHS)

VIETNAMESE_LOWER = "aàảãáạăằẳẵắặâầẩẫấậeèẻẽéẹêềểễếệiìỉĩíịoòỏõóọôồổỗốộơờởỡớợuùủũúụưừửữứựyỳỷỹýỵđ"
LETTERS = [c for c in VIETNAMESE_LOWER + VIETNAMESE_LOWER.upper() if not c.isascii()]


def _cp1258(text: str) -> bytes:
    """Windows-1258 as Vietnamese Windows software writes it: the letter's shape precomposed
    (ô, ơ, ư…) and the tone mark after it (tests.helpers.encode_cp1258 fails on ộ/ậ/ệ)."""
    tones = "\u0300\u0301\u0303\u0309\u0323"
    out: list[str] = []
    for char in unicodedata.normalize("NFC", text):
        parts = unicodedata.normalize("NFD", char)
        shape = unicodedata.normalize("NFC", "".join(c for c in parts if c not in tones))
        out.append(shape + "".join(c for c in parts if c in tones))
    return "".join(out).encode("cp1258")


def _load(name: str, data: bytes):
    return load_file(Path(name), data, max_pdf_pages=10)


def _codes(loaded) -> list[str]:
    return [notice.code for notice in loaded.notices]


def _text(loaded) -> str:
    return "\n".join(section.text for section in loaded.sections).replace("\r\n", "\n")


def test_the_known_strings_convert():
    unicode = "Tổng cục Tiêu chuẩn Đo lường Chất lượng"
    assert decode_tcvn3("Tæng côc Tiªu chuÈn §o l\u00adêng ChÊt l\u00adîng") == unicode
    assert decode_vni("Toång cuïc Tieâu chuaån Ño löôøng Chaát löôïng") == unicode


def test_fixtures_are_the_sample_in_each_encoding():
    tcvn3 = (DATA / "tcvn3.txt").read_bytes()
    vni = (DATA / "vni.txt").read_bytes()
    # Hand-checked bytes: "Tổng cục" is T 0xE6 ng c 0xF4 c in TCVN3, T o 0xE5 ng c u 0xEF c in VNI.
    assert b"T\xe6ng c\xf4c" in tcvn3 and b"To\xe5ng cu\xefc" in vni
    assert tcvn3 == encode_tcvn3(SAMPLE).replace("\n", "\r\n").encode("cp1252")
    assert vni == encode_vni(SAMPLE).replace("\n", "\r\n").encode("cp1252")


@pytest.mark.parametrize(("name", "encoding"), [("tcvn3.txt", "TCVN3"), ("vni.txt", "VNI")])
def test_legacy_text_files_come_in_as_unicode_with_a_notice(name: str, encoding: str):
    loaded = _load(name, (DATA / name).read_bytes())
    assert _text(loaded) == SAMPLE
    assert unicodedata.is_normalized("NFC", _text(loaded))
    (notice,) = [n for n in loaded.notices if n.code == "converted_encoding"]
    assert encoding in notice.reason and "Unicode" in notice.reason
    assert "legacy_mojibake" not in _codes(loaded)


@pytest.mark.parametrize(("name", "encoding"), [("tcvn3.html", "TCVN3"), ("vni.html", "VNI")])
def test_legacy_web_pages_come_in_as_unicode_with_a_notice(name: str, encoding: str):
    loaded = _load(name, (DATA / name).read_bytes())
    text = _text(loaded)
    for paragraph in PARAGRAPHS:
        assert paragraph in text
    assert loaded.title_hint == TITLE
    assert any(n.code == "converted_encoding" and encoding in n.reason for n in loaded.notices)


def test_a_unicode_header_over_a_tcvn3_body_converts_the_body_only():
    loaded = _load("mixed.txt", (DATA / "mixed.txt").read_bytes())
    assert _text(loaded) == HEADER + "\n" + SAMPLE
    (notice,) = [n for n in loaded.notices if n.code == "converted_encoding"]
    lines = len(SAMPLE.splitlines())
    assert f"{lines}/{lines + 2} dòng" in notice.reason


SHEET = [
    ["Tên chỉ tiêu", "Đơn vị", "Giá trị"],
    ["Số tiêu chuẩn quốc gia được công bố", "tiêu chuẩn", "640"],
    ["Số mẫu sản phẩm thép được thử nghiệm", "mẫu", "1583"],
]


@pytest.fixture(scope="session")
def office_files(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A .doc in each legacy font and a TCVN3 .xls, written by LibreOffice (two starts)."""
    if shutil.which("soffice") is None:
        pytest.skip("cần LibreOffice (soffice) để tạo tệp mẫu")
    base = tmp_path_factory.mktemp("legacy-office")
    (base / "tcvn3.txt").write_text(encode_tcvn3(SAMPLE), encoding="utf-8")
    (base / "vni.txt").write_text(encode_vni(SAMPLE), encoding="utf-8")
    with open(base / "tcvn3-sheet.csv", "w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows([[encode_tcvn3(cell) for cell in row] for row in SHEET])
    for target, infilter, sources in (
        ("doc", "Text (encoded):UTF8", ["tcvn3.txt", "vni.txt"]),
        ("xls", "CSV:44,34,76,1", ["tcvn3-sheet.csv"]),
    ):
        command = [
            "soffice",
            f"-env:UserInstallation={(base / 'profile').as_uri()}",
            "--headless",
            f"--infilter={infilter}",
            "--convert-to",
            target,
            "--outdir",
            str(base),
            *(str(base / source) for source in sources),
        ]
        subprocess.run(command, check=True, capture_output=True, timeout=120)
    return base


@pytest.mark.parametrize(("name", "encoding"), [("tcvn3.doc", "TCVN3"), ("vni.doc", "VNI")])
def test_a_legacy_doc_comes_in_as_unicode(office_files: Path, name: str, encoding: str):
    path = office_files / name
    loaded = load_file(path, path.read_bytes(), max_pdf_pages=10)
    assert _text(loaded).split() == SAMPLE.split()
    assert any(n.code == "converted_encoding" and encoding in n.reason for n in loaded.notices)


def test_a_tcvn3_sheet_comes_in_as_unicode_rows_under_their_headers(office_files: Path):
    path = office_files / "tcvn3-sheet.xls"
    text = _text(load_file(path, path.read_bytes(), max_pdf_pages=10))
    header = SHEET[0]
    for row in SHEET[1:]:
        assert (
            "; ".join(f"{name}: {value}" for name, value in zip(header, row, strict=True)) in text
        )


FRENCH = (
    "Où est la gare ? Là où il y a des cafés, à côté de l'église. Les élèves étaient très "
    "contents de leur leçon de français ; à Noël, le garçon naïf a goûté la crème brûlée.\n"
    "Déjà, l'été dernier, ils s'étaient réunis au château où règne une ambiance très gaie."
)
GERMAN = (
    "Grüße aus München! Die schöne Straße führt über die Brücke; Mädchen kaufen Käse für "
    "ihre Söhne. Übermäßig große Bäume stehen am Ufer des Flusses."
)
ENGLISH = "The national standards agency publishes its annual report in December.\n"
CODE = 'def greet(name: str) -> str:\n    return f"Café {name} — déjà vu, naïve façade"\n'


@pytest.mark.parametrize(
    ("name", "payload", "expected"),
    [
        ("unicode.txt", SAMPLE.encode("utf-8"), SAMPLE),
        ("windows-1258.txt", _cp1258(SAMPLE), SAMPLE),
        ("french.txt", FRENCH.encode("cp1252"), FRENCH),
        ("french-utf8.txt", FRENCH.encode("utf-8"), FRENCH),
        ("german.txt", GERMAN.encode("utf-8"), GERMAN),
        ("english.txt", ENGLISH.encode("ascii"), ENGLISH),
        ("code.md", CODE.encode("utf-8"), CODE),
        ("french.html", f"<p>{FRENCH}</p>".encode("cp1252"), FRENCH),
    ],
)
def test_other_text_is_never_converted(name: str, payload: bytes, expected: str):
    loaded = _load(name, payload)
    assert unicodedata.normalize("NFC", _text(loaded)).split() == expected.split()
    assert not {"converted_encoding", "legacy_mojibake"} & set(_codes(loaded))


def test_mojibake_that_cannot_be_converted_is_flagged_not_passed_silently():
    # Half of each line was already converted by some other tool: converting it again would
    # break the Unicode half, so the file stays as it is and the report says so.
    line = "Tæng các ChÊt là l\u00adîng và tiªu chuÈn của"
    loaded = _load("half.txt", "\n".join([line] * 5).encode("utf-8"))
    assert "converted_encoding" not in _codes(loaded)
    assert "legacy_mojibake" in _codes(loaded)
    assert looks_like_mojibake(line)


def test_tcvn3_capitals_come_back_where_they_can_be_told():
    # VN3 has no capitals with tone marks: headings set in .VnTimeH and sentence starts get
    # them back; a hard-wrapped line that goes on from the one above stays in small letters.
    text = (
        "ĐIỀU 1. ÁP DỤNG\n"
        "Ước tính mỗi năm có hàng nghìn mẫu được thử nghiệm tại\n"
        "phòng thí nghiệm, ước tính\n"
        "ở mức cao. Áp dụng từ năm nay."
    )
    assert decode_tcvn3(encode_tcvn3(text)) == text


def test_every_vietnamese_letter_round_trips():
    assert len(LETTERS) == 134
    for letter in LETTERS:
        assert decode_vni(encode_vni(letter)) == letter
        # TCVN3 (VN3) has capitals with tone marks only through the .VnTimeH font, which
        # comes back as capitals in an all-capital word.
        word = f"VN{letter}" if letter.isupper() else f"vn{letter}"
        assert decode_tcvn3(encode_tcvn3(word)) == word


words = st.text(alphabet=st.sampled_from(VIETNAMESE_LOWER), min_size=1, max_size=8)
sentences = st.lists(words, min_size=1, max_size=12).map(" ".join)


@given(sentences)
def test_lower_case_text_round_trips(text: str):
    assert decode_vni(encode_vni(text)) == text
    assert decode_vni(encode_vni(text.upper())) == text.upper()
    # A sentence's first letter comes back as a capital in TCVN3, as it would be printed.
    assert decode_tcvn3(encode_tcvn3("x " + text)) == "x " + text
    assert decode_tcvn3(encode_tcvn3("VN " + text.upper())) == "VN " + text.upper()


unicode_vietnamese = st.text(
    alphabet=st.sampled_from(
        VIETNAMESE_LOWER + VIETNAMESE_LOWER.upper() + " .,;:!?-–“”()0123456789\n"
    )
)


@given(unicode_vietnamese)
def test_unicode_vietnamese_is_never_converted_whatever_the_words(text: str):
    assert convert_texts([text]) == ([text], [])


@given(st.text())
def test_any_text_converts_without_error(text: str):
    (converted,), notices = convert_texts([text])
    assert isinstance(converted, str) and all(n.reason for n in notices)


def test_a_docx_typed_in_a_tcvn3_font_keeps_its_u_with_horn(tmp_path: Path) -> None:
    """Word stores TCVN3's "ư" (byte 0xAD) as <w:softHyphen/>; python-docx alone drops it."""
    import docx
    from docx.oxml import OxmlElement

    document = docx.Document()
    paragraph = document.add_paragraph()
    paragraph.add_run("Tæng côc Tiªu chuÈn §o l")._r.append(OxmlElement("w:softHyphen"))
    paragraph.add_run("êng ChÊt l")._r.append(OxmlElement("w:softHyphen"))
    paragraph.add_run("îng ban hµnh tiªu chuÈn quèc gia.")
    path = tmp_path / "tcvn3.docx"
    document.save(str(path))
    loaded = load_file(path, path.read_bytes(), 10)
    assert "Tổng cục Tiêu chuẩn Đo lường Chất lượng" in loaded.sections[0].text
    assert any(notice.code == "converted_encoding" for notice in loaded.notices)
