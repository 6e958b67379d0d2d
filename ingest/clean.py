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
    (
        "dateline",
        re.compile(
            rf"^\s*{_WEEKDAY}\s*,?\s*\d{{1,2}}/\d{{1,2}}/\d{{4}}(?:\s*[-|,]?\s*\d{{1,2}}:\d{{2}})?"
            r"(?:\s*\(?\s*GMT\s*[+-]\s*\d{1,2}\s*\)?)?\s*$",
            re.I,
        ),
    ),
    (
        "share widget",
        re.compile(
            r"^\s*(?:chia\s+sẻ|in\s+bài(?:\s+viết)?|gửi\s+email|"
            r"facebook|twitter|zalo)\s*:?\s*$",
            re.I,
        ),
    ),
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


def find_publication_date(raw: str, lines: int = 6) -> str:
    """ISO date from a dateline or byline in the first lines ('' when none is stated)."""
    for line in normalize_unicode(raw).split("\n")[:lines]:
        if match := _NUMERIC_DATE.search(line):
            day, month, year = (int(g) for g in match.groups())
            return _iso(year, month, day)
        if match := _WORDED_DATE.search(line):
            month = _MONTHS.get(match.group(1).strip().lower())
            if month:
                return _iso(int(match.group(3)), month, int(match.group(2)))
    return ""


def _iso(year: int, month: int, day: int) -> str:
    if 1 <= month <= 12 and 1 <= day <= 31 and 1900 <= year <= 2200:
        return f"{year:04d}-{month:02d}-{day:02d}"
    return ""
