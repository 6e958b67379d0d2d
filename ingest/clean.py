"""Unicode normalisation and removal of web-page debris, by rule (source files stay as received)."""

from __future__ import annotations

import re
import unicodedata

# Characters that look like Vietnamese letters but are not (Ð is Latin eth, not Đ).
_CONFUSABLES = str.maketrans(
    {
        "\u00d0": "\u0110",  # Ð -> Đ
        "\u00f0": "\u0111",  # ð -> đ
        "\u00a0": " ",  # no-break space
        "\u2007": " ",
        "\u202f": " ",
        "\u3000": " ",
        "\t": " ",
        "\u200b": None,  # zero-width space / joiners / BOM
        "\u200c": None,
        "\u200d": None,
        "\u2060": None,
        "\ufeff": None,
        "\u00ad": None,  # soft hyphen
    }
)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# Lone surrogates (from a PDF's broken text layer) cannot be stored or embedded as UTF-8.
_SURROGATES = re.compile(r"[\ud800-\udfff]")
_SPACES = re.compile(r" {2,}")
# "word , word ( aside )" -> "word, word (aside)": tokenised or sloppily typed text.
_SPACE_BEFORE_PUNCT = re.compile(r"(?<=\S) +(?=[,.;:!?%)\]}…])")
_SPACE_AFTER_OPEN = re.compile(r"(?<=[(\[{]) +")

_WEEKDAY = r"(?:thứ\s+(?:hai|ba|tư|năm|sáu|bảy|2|3|4|5|6|7)|chủ\s+nhật)"
_SOCIAL = r"(?:facebook|twitter|zalo|linkedin|e-?mail|messenger)"
_PAGE_TOOL = (
    r"(?:chia\s+sẻ(?:\s+bài\s+viết)?|in\s+(?:bài|trang)(?:\s+viết|\s+này)?|"
    r"gửi\s+(?:bài(?:\s+viết)?\s+qua\s+)?e-?mail|gửi\s+cho\s+bạn\s+bè|lưu\s+(?:bài|tin)|"
    r"(?:để\s+lại\s+|gửi\s+)?bình\s+luận|(?:về|lên|trở\s+về)\s+đầu\s+trang|back\s+to\s+top|"
    r"xem\s+thêm|đọc\s+tiếp|quay\s+lại|trở\s+về|"
    rf"{_SOCIAL})"
)
_CONTACT_LABEL = (
    r"(?:hotline(?:\s+(?:tư\s+vấn|hỗ\s+trợ))?|đường\s+dây\s+nóng|điện\s+thoại|đt|tel|"
    r"phone|mobile|di\s+động|fax|e-?mail)"
)
_PHONE = r"\(?\+?\d[\d\s.()-]{5,}\d"
_EMAIL = r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+"
_IMAGE_FILE = r"\.(?:jpe?g|png|gif|bmp|tiff?|webp|emf|wmf)"
# A breadcrumb or menu segment: a few capitalised words, no sentence punctuation.
_CRUMB = r"[A-ZĐÀ-ỸĂÂÊÔƠƯ][^\W\d_]*(?:(?: | ?[-–] ?)[^\W_]+){0,7}"
_DMY = r"\d{1,2}[/.-]\d{1,2}[/.-]\d{4}"
_ISO = r"\d{4}-\d{2}-\d{2}"
_STAMP_LABEL = (
    r"(?:(?:thời\s+gian|ngày)\s+)?(?:cập\s+nhật|đăng(?:\s+tin)?|xuất\s+bản)(?:\s+(?:lúc|ngày))?"
)
# Only dates, times and the words between them, with at least one date.
_STAMP_TAIL = (
    rf"(?=.*(?:{_DMY}|{_ISO}))(?:{_WEEKDAY}|{_DMY}|{_ISO}|\d{{1,2}}:\d{{2}}(?::\d{{2}})?|am|pm|sa|ch|"
    r"lúc|ngày|\(?\s*gmt\s*[+-]\s*\d{1,2}\s*\)?|[\s,|–-])+"
)
_DATELINE = re.compile(
    rf"^\s*{_WEEKDAY}\s*,?\s*\d{{1,2}}/\d{{1,2}}/\d{{4}}(?:\s*[-|,]?\s*\d{{1,2}}:\d{{2}})?"
    r"(?:\s*\(?\s*GMT\s*[+-]\s*\d{1,2}\s*\)?)?\s*$",
    re.I,
)
_STAMP = re.compile(rf"^\s*{_STAMP_LABEL}\s*:?\s*{_STAMP_TAIL}$", re.I)

# Each rule names the widget it removes; a line matching one is dropped whole.
LINE_RULES: list[tuple[str, re.Pattern[str]]] = [
    ("view counter", re.compile(r"\blượt\s+xem\s*:?\s*[\d.,]+", re.I)),
    (
        "view counter",
        re.compile(r"^\s*(?:số\s+)?lượt\s+(?:đọc|truy\s+cập)\s*:?\s*[\d.,]+\s*$", re.I),
    ),
    ("rating widget", re.compile(r"^\s*đánh\s+giá\s*:?\s*$", re.I)),
    ("rating widget", re.compile(r"^\s*\(?\s*di\s+chuột\s+vào\s+ngôi\s+sao.*$", re.I)),
    ("rating widget", re.compile(r"^\s*(?:bình\s+chọn|xếp\s+hạng)\s*:?\s*$", re.I)),
    ("date picker", re.compile(r"^\s*(?:tìm|xem)\s+(?:theo|tin\s+theo)\s+ngày\s*:?\s*$", re.I)),
    ("dateline", _DATELINE),
    # Share, print, e-mail, comment and back-to-top links, alone or several on one line
    # ("Chia sẻ: Facebook | Twitter", "Về đầu trang In trang").
    ("page tools", re.compile(rf"^\s*(?:{_PAGE_TOOL}\s*:?\s*[|,·•-]?\s*)+$", re.I)),
    (
        "follow widget",
        re.compile(r"^\s*theo\s+dõi\s+(?:chúng\s+tôi|[\w.]+)\s+trên\s+[\w\s]{2,30}$", re.I),
    ),
    (
        "skip link",
        re.compile(
            r"^\s*(?:skip\s+to\s+(?:the\s+)?(?:main\s+)?(?:content|navigation)|"
            r"bỏ\s+qua\s+(?:nội\s+dung|menu|điều\s+hướng)|"
            r"(?:chuyển|đi|nhảy)\s+(?:đến|tới)\s+(?:phần\s+)?nội\s+dung(?:\s+chính)?)\s*$",
            re.I,
        ),
    ),
    # A line that is only contact details; a sentence that mentions a hotline has other words.
    (
        "contact line",
        re.compile(
            rf"^\s*(?:{_CONTACT_LABEL}\s*:?\s*(?:{_PHONE}|{_EMAIL})\s*(?:[-–|,;/]\s*)?)+$", re.I
        ),
    ),
    # Alt text Word leaves on exported pictures ("Description: C:\\Users\\…\\image001.jpg")
    # or a bare path or file name of an image.
    (
        "image path",
        re.compile(rf"^\s*(?:(?:description|mô\s+tả)\s*:\s*)?\S*{_IMAGE_FILE}\s*$", re.I),
    ),
    (
        "image path",
        re.compile(
            rf"^\s*(?:description|mô\s+tả)\s*:\s*(?:[a-z]:\\|\\\\|file:).*{_IMAGE_FILE}\s*$", re.I
        ),
    ),
    # "Ảnh: Hà Anh/VietQ", "(Ảnh minh họa)": a credit, short and without a sentence's end;
    # a caption that says what the picture shows ("Ảnh: Thứ trưởng … phát biểu.") stays.
    (
        "photo credit",
        re.compile(
            r"^\s*\(?\s*(?:ảnh|nguồn\s+ảnh|ảnh\s+minh\s+ho[ạa]|ảnh\s+chụp)"
            r"(?:\s*:\s*[^.!?:;]{1,50}?)?\s*\)?\s*$",
            re.I,
        ),
    ),
    # "Trang chủ > Tin tức > Hoạt động": short capitalised segments; an inequality in a sentence
    # ("nhiệt độ > 30 °C") has lower-case or numeric segments.
    (
        "breadcrumb",
        re.compile(rf"^\s*(?:{_CRUMB}\s*[>»›]\s*){{2,}}{_CRUMB}\s*$"),
    ),
    (
        "breadcrumb",
        re.compile(rf"^\s*(?:trang\s+chủ|home)\s*(?:[>»›/]\s*{_CRUMB}\s*)+$", re.I),
    ),
    # "Trang chủ | Giới thiệu | Liên hệ", "English | Tiếng Việt": a menu bar, told from a table
    # row by its navigation words.
    (
        "menu bar",
        re.compile(
            rf"^(?=.*(?:trang\s+chủ|liên\s+hệ|đăng\s+nhập|sơ\s+đồ\s+(?:site|trang)|english|"
            rf"tiếng\s+việt))\s*{_CRUMB}(?:\s*\|\s*{_CRUMB})+\s*$",
            re.I,
        ),
    ),
    (
        "latest news box",
        re.compile(
            r"^\s*(?:tin\s+mới(?:\s+nhất)?|bài\s+viết\s+mới(?:\s+nhất)?|tin\s+(?:đọc|xem)\s+nhiều"
            r"(?:\s+nhất)?|xem\s+nhiều(?:\s+nhất)?|tin\s+nổi\s+bật)\s*:?\s*$",
            re.I,
        ),
    ),
    (
        "copyright footer",
        re.compile(r"^\s*(?:©|\(c\)\s|copyright\b|bản\s+quyền\s+(?:thuộc|©|\(c\)))", re.I),
    ),
    ("licence footer", re.compile(r"^\s*giấy\s+phép\b[^.]{0,40}\d+/GP-[^.]{0,120}$", re.I)),
    # "Cập nhật: 16/12/2020 | 11:30:02 AM", "Đăng lúc: 10:20 ngày 12/04/2021": metadata the
    # document's date is taken from (find_publication_date), not text to answer from.
    ("publication stamp", _STAMP),
]

# A line matching one of these starts a related-articles block: it and everything after go.
TAIL_RULES: list[tuple[str, re.Pattern[str]]] = [
    (
        "related articles",
        re.compile(
            r"^\s*(?:bạn\s+cũng\s+có\s+thể\s+thích|tin\s+(?:liên\s+quan|cùng\s+chuyên\s+mục|khác)|"
            r"bài\s+viết\s+(?:liên\s+quan|khác)|các\s+tin\s+(?:khác|đã\s+đưa))\s*:?\s*$",
            re.I,
        ),
    ),
]


def normalize_unicode(text: str) -> str:
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
    text = _CONTROL.sub("", text.translate(_CONFUSABLES))
    return unicodedata.normalize("NFC", _SURROGATES.sub("\ufffd", text))


def clean_text(raw: str) -> str:
    """NFC text without debris lines, trailing spaces, or runs of blank lines."""
    lines: list[str] = []
    for line in normalize_unicode(raw).split("\n"):
        line = _SPACES.sub(" ", line).strip()
        line = _SPACE_AFTER_OPEN.sub("", _SPACE_BEFORE_PUNCT.sub("", line))
        if any(rule.search(line) for _, rule in TAIL_RULES):
            break
        if any(rule.search(line) for _, rule in LINE_RULES):
            continue
        if not line and (not lines or not lines[-1]):
            continue  # no leading blank lines, no runs of them
        lines.append(line)
    while lines and not lines[-1]:
        lines.pop()
    return "\n".join(lines)


_MONTHS = {
    "một": 1,
    "giêng": 1,
    "hai": 2,
    "ba": 3,
    "tư": 4,
    "bốn": 4,
    "năm": 5,
    "sáu": 6,
    "bảy": 7,
    "tám": 8,
    "chín": 9,
    "mười": 10,
    "mười một": 11,
    "mười hai": 12,
    "chạp": 12,
}
_NUMERIC_DATE = re.compile(rf"^\s*{_WEEKDAY}\s*,?\s*(\d{{1,2}})/(\d{{1,2}})/(\d{{4}})", re.I)
_WORDED_DATE = re.compile(
    r"ngày\s+(?:viết|đăng|cập\s+nhật)\s*:\s*(?:[^,]*,\s*)?tháng\s+([^\d,]+?)\s+(\d{1,2})\s*,\s*(\d{4})",
    re.I,
)


def find_publication_date(raw: str, lines: int = 6, stamp_lines: int = 40) -> str:
    """ISO date from a dateline or byline in the first ``lines`` lines, or from a labelled
    stamp ("Cập nhật: 16/12/2020 | 11:30 AM", "Ngày đăng: …") in the first ``stamp_lines``
    (a page saved as text has its menus and breadcrumbs first); '' when none is stated. A
    date in a sentence of the body is an event, never taken."""
    head = normalize_unicode(raw).split("\n")[: max(lines, stamp_lines)]
    for number, line in enumerate(head):
        line = _SPACES.sub(" ", line).strip()
        if (_STAMP.match(line) or _DATELINE.match(line)) and (match := _STAMP_DATE.search(line)):
            return _iso_of(match)
        if number >= lines:
            continue
        if match := _NUMERIC_DATE.search(line):
            day, month, year = (int(g) for g in match.groups())
            return _iso(year, month, day)
        if match := _WORDED_DATE.search(line):
            month = _MONTHS.get(match.group(1).strip().lower())
            if month:
                return _iso(int(match.group(3)), month, int(match.group(2)))
    return ""


_STAMP_DATE = re.compile(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})|(\d{4})-(\d{2})-(\d{2})")


def _iso_of(match: re.Match[str]) -> str:
    day, month, year, iso_year, iso_month, iso_day = match.groups()
    if iso_year:
        return _iso(int(iso_year), int(iso_month), int(iso_day))
    return _iso(int(year), int(month), int(day))


def _iso(year: int, month: int, day: int) -> str:
    if 1 <= month <= 12 and 1 <= day <= 31 and 1900 <= year <= 2200:
        return f"{year:04d}-{month:02d}-{day:02d}"
    return ""
