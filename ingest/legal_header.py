"""The header of an administrative document (the layout of Nghị định 30/2020/NĐ-CP) and the
cover of a TCVN/QCVN standard, read from the cleaned text into ``DocumentInfo`` fields.

The header's two columns (issuing body on the left; "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM /
Độc lập - Tự do - Hạnh phúc" on the right) often come out of a PDF or DOCX interleaved on
one line ("BỘ KHOA HỌC VÀ CÔNG NGHỆ CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Số: 24/2013/TT-BKHCN
Hà Nội, ngày 15 tháng 11 năm 2013"), so each field is found by its own pattern wherever it is
on the first lines, not by its line. A document counts as legal only when its first lines
carry the national motto together with a số/ký hiệu or a document type, or a standard's code
on its cover: a news article that names "Quyết định số 1131/QĐ-TTg" in a sentence is not one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

HEAD_LINES = 40  # the header is in the first lines; the cover of a standard too
TAIL_LINES = 40  # the signer block is in the last lines before any annex

# In capitals: "nước Cộng hòa xã hội chủ nghĩa Việt Nam" in a căn cứ is not the motto.
_MOTTO = re.compile(r"CỘNG\s+H(?:ÒA|OÀ)\s+XÃ\s+HỘI\s+CHỦ\s+NGHĨA")
_MOTTO_PARTS = re.compile(
    r"C[ỘộO]NG\s+H[ÒOÓòoó]A\s+X[ÃAã]\s+H[ỘộO]I\s+CH[ỦUủu]\s+NGH[ĨIĩi]A\s+VI[ỆệE]T\s+NAM"
    r"|Độc\s+lập\s*[-–—]\s*Tự\s+do\s*[-–—]\s*Hạnh\s+phúc|[-–—_=*.]{3,}|\s\|\s",
    re.I,
)
_LETTERS = "A-Za-zÀ-ỹĐđ"
# "24/2013/TT-BKHCN", "1131/QĐ-TTg", "91/2015/QH13", "05/2019/TTLT-BKHCN-BTC", "123/KH-TĐC"
DOC_NUMBER = re.compile(
    r"\b\d{1,5}(?:/\d{4})?/[" + _LETTERS + r"0-9]+(?:-[" + _LETTERS + r"0-9]+)*"
)
# "Số: 24/2013/TT-BKHCN", "Luật số: 91/2015/QH13": a capital "Số" at the start of a line or
# a colon after it ("… theo Nghị quyết số 51/2001/QH10" in a căn cứ is not the header's).
_NUMBER_LINE = re.compile(
    r"(?:(?:(?i:bộ)\s+)?(?i:luật)\s+s|(?i:pháp lệnh)\s+s|(?:^|(?<=\|\s))S|S(?=ố(?:\s+hiệu)?\s*:))"
    r"ố(?:\s+hiệu)?\s*:?\s*(?P<num>" + DOC_NUMBER.pattern.removeprefix(r"\b") + r")",
    re.M,
)
_DATE_WORDS = re.compile(
    r"ngày\s+(?P<d>\d{1,2})\s+tháng\s+(?P<m>\d{1,2})\s+năm\s+(?P<y>\d{4})", re.I
)
_DATE_NUMERIC = re.compile(r"ngày\s+(?P<d>\d{1,2})\s*[/.-]\s*(?P<m>\d{1,2})\s*[/.-]\s*(?P<y>\d{4})")
_PLACE_DATE = re.compile(
    r"(?P<place>[" + _LETTERS + r"][" + _LETTERS + r". ]{1,40}?)\s*,\s*"
    r"(?=ngày\s+\d{1,2}(?:\s+tháng|\s*[/.-]))",
)
# Document types as the header writes them (longest first), and their names in metadata.
DOC_TYPES = {
    "BỘ LUẬT": "Bộ luật",
    "HIẾN PHÁP": "Hiến pháp",
    "LUẬT": "Luật",
    "PHÁP LỆNH": "Pháp lệnh",
    "NGHỊ QUYẾT LIÊN TỊCH": "Nghị quyết liên tịch",
    "NGHỊ QUYẾT": "Nghị quyết",
    "NGHỊ ĐỊNH": "Nghị định",
    "QUYẾT ĐỊNH": "Quyết định",
    "CHỈ THỊ": "Chỉ thị",
    "THÔNG TƯ LIÊN TỊCH": "Thông tư liên tịch",
    "THÔNG TƯ": "Thông tư",
    "LỆNH": "Lệnh",
    "QUY CHẾ": "Quy chế",
    "QUY ĐỊNH": "Quy định",
    "THÔNG BÁO": "Thông báo",
    "HƯỚNG DẪN": "Hướng dẫn",
    "KẾ HOẠCH": "Kế hoạch",
    "CHƯƠNG TRÌNH": "Chương trình",
    "BÁO CÁO": "Báo cáo",
    "TỜ TRÌNH": "Tờ trình",
    "CÔNG VĂN": "Công văn",
}
# The ký hiệu's type part ("TT" in 24/2013/TT-BKHCN) when the header has no type line.
_TYPE_CODES = {
    "TTLT": "Thông tư liên tịch",
    "TT": "Thông tư",
    "NĐ": "Nghị định",
    "QĐ": "Quyết định",
    "NQ": "Nghị quyết",
    "CT": "Chỉ thị",
    "KH": "Kế hoạch",
    "TB": "Thông báo",
    "HD": "Hướng dẫn",
    "BC": "Báo cáo",
    "TTr": "Tờ trình",
}
_NAMED_TYPES = ("Bộ luật", "Luật", "Pháp lệnh", "Hiến pháp")  # their name follows in capitals
# "TCVN 7790:2007", "TCVN ISO 9001:2015", "QCVN 4:2009/BKHCN", "QCVN 01-1:2018/BYT", "ĐLVN 123:2004"
STANDARD_CODE = re.compile(
    r"\b(?P<kind>TCVN|QCVN|ĐLVN)\s+(?:(?:ISO|IEC|ISO/IEC|OIML|EN|ASTM)\s+)*"
    r"[0-9][0-9A-Z\-.]*\s*:\s*\d{4}(?:/[A-ZĐ0-9\-]+)?"
)
_STANDARD_TITLE = re.compile(
    r"TIÊU\s+CHUẨN\s+(?:QUỐC\s+GIA|VIỆT\s+NAM)|QUY\s+CHUẨN\s+KỸ\s+THUẬT\s+QUỐC\s+GIA"
    r"|VĂN\s+BẢN\s+KỸ\s+THUẬT\s+ĐO\s+LƯỜNG",
    re.I,
)
_STANDARD_SUBJECT = re.compile(
    r"^(?:Quy\s+chuẩn\s+kỹ\s+thuật\s+quốc\s+gia|QUY\s+CHUẨN\s+KỸ\s+THUẬT\s+QUỐC\s+GIA)"
    r"\s+(?P<abstract>(?:về|VỀ)\s+.+)$"
)
# "… Tổng cục Tiêu chuẩn Đo lường Chất lượng đề nghị, Bộ Khoa học và Công nghệ công bố."
_STANDARD_ISSUER = re.compile(
    r"(?P<issuer>(?:Bộ|Tổng cục|Ủy ban|Uỷ ban)(?:\s+(?!được|trình|đề)[^\s.,;]+){1,10}?)"
    r"\s+(?:ban hành|công bố)"
)
# A QCVN's code names its ministry: "QCVN 4:2009/BKHCN".
_MINISTRY_CODES = {
    "BKHCN": "Bộ Khoa học và Công nghệ",
    "BYT": "Bộ Y tế",
    "BCT": "Bộ Công Thương",
    "BTC": "Bộ Tài chính",
    "BXD": "Bộ Xây dựng",
    "BGTVT": "Bộ Giao thông vận tải",
    "BTNMT": "Bộ Tài nguyên và Môi trường",
    "BNNPTNT": "Bộ Nông nghiệp và Phát triển nông thôn",
    "BTTTT": "Bộ Thông tin và Truyền thông",
    "BLĐTBXH": "Bộ Lao động - Thương binh và Xã hội",
}
_OTHER_CODE = re.compile(r"^[A-Z][A-Z/ ]*\s[0-9][0-9\-.]*\s*:\s*\d{4}")
# Signers' titles, longest first; "KT. BỘ TRƯỞNG / THỨ TRƯỞNG": the one who signs is the last.
_TITLES = (
    "PHÓ THỦ TƯỚNG",
    "THỦ TƯỚNG",
    "CHỦ TỊCH QUỐC HỘI",
    "PHÓ CHỦ TỊCH QUỐC HỘI",
    "CHỦ TỊCH NƯỚC",
    "PHÓ CHỦ TỊCH",
    "CHỦ TỊCH",
    "BỘ TRƯỞNG",
    "THỨ TRƯỞNG",
    "PHÓ TỔNG CỤC TRƯỞNG",
    "TỔNG CỤC TRƯỞNG",
    "PHÓ CỤC TRƯỞNG",
    "CỤC TRƯỞNG",
    "PHÓ VỤ TRƯỞNG",
    "VỤ TRƯỞNG",
    "PHÓ GIÁM ĐỐC",
    "GIÁM ĐỐC",
    "PHÓ CHÁNH VĂN PHÒNG",
    "CHÁNH VĂN PHÒNG",
    "PHÓ TRƯỞNG BAN",
    "TRƯỞNG BAN",
)
_TITLE = re.compile(r"(?<![" + _LETTERS + r"])(" + "|".join(_TITLES) + r")(?![" + _LETTERS + "])")
_UPPER = "A-ZĐÀ-ỸÂĂÊÔƠƯ"
_SYLLABLE_CAP = r"[" + _UPPER + r"][a-zà-ỹđ]+"
_PERSON = re.compile(r"(?:" + _SYLLABLE_CAP + r"\s+){1,4}" + _SYLLABLE_CAP + r"\s*$")
# Issuing bodies as official names are capitalised (a lowercased "BỘ KHOA HỌC VÀ CÔNG NGHỆ"
# cannot be told to be "Bộ Khoa học và Công nghệ" without knowing it).
_KNOWN_ISSUERS = {
    "QUỐC HỘI": "Quốc hội",
    "ỦY BAN THƯỜNG VỤ QUỐC HỘI": "Ủy ban Thường vụ Quốc hội",
    "CHÍNH PHỦ": "Chính phủ",
    "THỦ TƯỚNG CHÍNH PHỦ": "Thủ tướng Chính phủ",
    "CHỦ TỊCH NƯỚC": "Chủ tịch nước",
    "BỘ KHOA HỌC VÀ CÔNG NGHỆ": "Bộ Khoa học và Công nghệ",
    "BỘ TÀI CHÍNH": "Bộ Tài chính",
    "BỘ CÔNG THƯƠNG": "Bộ Công Thương",
    "BỘ Y TẾ": "Bộ Y tế",
    "BỘ XÂY DỰNG": "Bộ Xây dựng",
    "BỘ GIAO THÔNG VẬN TẢI": "Bộ Giao thông vận tải",
    "BỘ NÔNG NGHIỆP VÀ PHÁT TRIỂN NÔNG THÔN": "Bộ Nông nghiệp và Phát triển nông thôn",
    "BỘ TÀI NGUYÊN VÀ MÔI TRƯỜNG": "Bộ Tài nguyên và Môi trường",
    "BỘ THÔNG TIN VÀ TRUYỀN THÔNG": "Bộ Thông tin và Truyền thông",
    "BỘ TƯ PHÁP": "Bộ Tư pháp",
    "BỘ LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI": "Bộ Lao động - Thương binh và Xã hội",
    "TỔNG CỤC TIÊU CHUẨN ĐO LƯỜNG CHẤT LƯỢNG": "Tổng cục Tiêu chuẩn Đo lường Chất lượng",
    "ỦY BAN TIÊU CHUẨN ĐO LƯỜNG CHẤT LƯỢNG QUỐC GIA": (
        "Ủy ban Tiêu chuẩn Đo lường Chất lượng Quốc gia"
    ),
}


_BODY_START = re.compile(
    r"(Căn cứ|Theo đề nghị|Xét đề nghị|Phần\s|Chương\s|Điều\s+\d|[-–—_=*]{3})", re.I
)
# The authority that enacts, between the trích yếu and the căn cứ ("BỘ TRƯỞNG BỘ …").
_AUTHORITY = re.compile(r"(?:" + "|".join(_TITLES) + r"|CHÍNH PHỦ|QUỐC HỘI)\b")
_PROPER_NOUNS = (
    ("việt nam", "Việt Nam"),
    ("quốc hội", "Quốc hội"),
    ("chính phủ", "Chính phủ"),
    ("nhà nước", "Nhà nước"),
)


@dataclass(frozen=True)
class LegalHeader:
    """What the header (or a standard's cover) says; "" where it says nothing."""

    doc_number: str = ""
    doc_type: str = ""
    issuer: str = ""
    issued_place: str = ""
    issued_date: str = ""
    signer: str = ""
    abstract: str = ""
    standard: bool = False  # a TCVN/QCVN/ĐLVN: clauses 1, 1.1 … instead of Điều/Khoản

    def __bool__(self) -> bool:
        return bool(self.doc_number or self.doc_type)


def iso_date(day: str, month: str, year: str) -> str:
    d, m, y = int(day), int(month), int(year)
    if not (1 <= d <= 31 and 1 <= m <= 12 and 1900 <= y <= 2100):
        return ""
    return f"{y:04d}-{m:02d}-{d:02d}"


def find_date(text: str) -> str:
    """The first "ngày 15 tháng 11 năm 2013" (or "ngày 15/11/2013") in ``text``, ISO."""
    match = _DATE_WORDS.search(text) or _DATE_NUMERIC.search(text)
    return iso_date(match["d"], match["m"], match["y"]) if match else ""


def read_header(text: str) -> LegalHeader:
    """The header fields of ``text``; an empty ``LegalHeader`` for any other document."""
    lines = [line.strip() for line in text.split("\n")[: HEAD_LINES * 3] if line.strip()]
    head = lines[:HEAD_LINES]
    standard = _read_standard(head)
    if standard:
        return standard
    block = head
    if not _MOTTO.search("\n".join(head)):
        # A .docx keeps the header in a table, which its text puts after the paragraphs.
        tail = [line.strip() for line in text[-3000:].split("\n") if line.strip()][-12:]
        if not _MOTTO.search("\n".join(tail)):
            return LegalHeader()
        at = next(i for i, line in enumerate(tail) if _MOTTO.search(line))
        start = at
        while (  # the issuing body's lines above the motto (not the signer's title)
            start > 0
            and at - start < 2
            and tail[start - 1].isupper()
            and not _TITLE.search(tail[start - 1])
        ):
            start -= 1
        block = tail[start:]
    joined = "\n".join(block)
    number_match = _NUMBER_LINE.search(joined)
    doc_number = number_match["num"] if number_match else ""
    type_index, doc_type = _type_line(head)
    if not doc_number and not doc_type:
        return LegalHeader()
    if not doc_type:
        doc_type = _type_from_number(doc_number)
    place, date = _place_and_date(block)
    return LegalHeader(
        doc_number=doc_number,
        doc_type=doc_type,
        issuer=_issuer(block),
        issued_place=place,
        issued_date=date,
        signer=read_signer(text),
        abstract=_abstract(head, type_index, doc_type),
    )


def _type_line(head: list[str]) -> tuple[int, str]:
    """The line that names the document type in capitals ("THÔNG TƯ"), and the type."""
    for i, line in enumerate(head):
        bare = re.sub(r"\s+", " ", line).strip(" :")
        if bare in DOC_TYPES:
            return i, DOC_TYPES[bare]
        # A law's type and name on one line: "LUẬT ĐO LƯỜNG", "BỘ LUẬT DÂN SỰ".
        for written in ("BỘ LUẬT", "LUẬT", "PHÁP LỆNH"):
            if bare.startswith(written + " ") and bare.isupper() and "SỐ" not in bare:
                return i, DOC_TYPES[written]
    return -1, ""


def _type_from_number(number: str) -> str:
    for part in re.split(r"[/-]", number)[1:]:
        if part in _TYPE_CODES:
            return _TYPE_CODES[part]
    return ""


def _place_and_date(head: list[str]) -> tuple[str, str]:
    for line in head:
        match = _DATE_WORDS.search(line) or _DATE_NUMERIC.search(line)
        if match is None:
            continue
        date = iso_date(match["d"], match["m"], match["y"])
        before = line[: match.start()]
        # An interleaved line: "Số: 24/2013/TT-BKHCN Hà Nội, ngày …" — the place follows
        # the number.
        before = _NUMBER_LINE.sub("", before)
        place = ""
        if place_match := re.search(
            r"([" + _LETTERS + r"][" + _LETTERS + r". ]{1,40}?)\s*,\s*$", before
        ):
            place = place_match[1].strip()
        return place, date
    return "", ""


def _issuer(head: list[str]) -> str:
    """The issuing body: the capitals left of (or above) the national motto, the lowest line
    when a parent body is written above it ("BỘ KHOA HỌC VÀ CÔNG NGHỆ / TỔNG CỤC …")."""
    found: list[str] = []
    for line in head:
        if _NUMBER_LINE.search(line) or _DATE_WORDS.search(line):
            break
        left = _MOTTO_PARTS.sub("\n", line)
        for part in left.split("\n"):
            part = part.strip(" -–—_:")
            if part and part.isupper() and part not in DOC_TYPES:
                found.append(re.sub(r"\s+", " ", part))
        if line.strip() in DOC_TYPES:
            break
    if not found:
        return ""
    name = found[-1]
    # "ỦY BAN NHÂN DÂN / TỈNH HÀ GIANG": a body named over two lines.
    if len(found) >= 2 and re.match(r"(TỈNH|THÀNH PHỐ|HUYỆN|QUẬN|XÃ|PHƯỜNG)\b", name):
        name = f"{found[-2]} {name}"
    return _proper_name(name)


def _proper_name(upper: str) -> str:
    if upper in _KNOWN_ISSUERS:
        return _KNOWN_ISSUERS[upper]
    words = upper.lower().split()
    # A body's kind is capitalised and so is its own name ("Sở Khoa học và công nghệ" is
    # wrong but close; the catalog corrects what matters).
    out = [w.capitalize() if i == 0 else w for i, w in enumerate(words)]
    for i, word in enumerate(words[:-1]):
        if word in ("bộ", "cục", "sở", "tỉnh", "phố", "huyện", "quận", "viện", "vụ", "ban"):
            out[i + 1] = words[i + 1].capitalize()
    return " ".join(out)


def _abstract(head: list[str], type_index: int, doc_type: str) -> str:
    """The trích yếu under the type line, up to the first line of the body."""
    if type_index < 0:
        return ""
    parts: list[str] = []
    for line in head[type_index + 1 : type_index + 6]:
        if _BODY_START.match(line) or _AUTHORITY.match(line):
            break
        if parts and line.isupper() != parts[-1].isupper():
            break  # "BỘ TRƯỞNG BỘ KHOA HỌC VÀ CÔNG NGHỆ" after a trích yếu in small letters
        parts.append(line)
    abstract = " ".join(parts).strip()
    if doc_type in _NAMED_TYPES and abstract.isupper():
        abstract = f"{doc_type} {abstract.lower()}"  # "BỘ LUẬT / DÂN SỰ" → "Bộ luật dân sự"
    elif abstract.isupper():
        abstract = abstract.capitalize()
    return _proper_nouns(abstract)


def _proper_nouns(text: str) -> str:
    """Put back the capitals of names a lowercased heading lost ("việt nam" → "Việt Nam")."""
    for lower, proper in _PROPER_NOUNS:
        text = re.sub(rf"(?<!\w){lower}(?!\w)", proper, text)
    return text


def read_signer(text: str) -> str:
    """ "KT. BỘ TRƯỞNG / THỨ TRƯỞNG / Trần Việt Thanh" in the last lines → "Thứ trưởng Trần
    Việt Thanh"; the title alone when no name follows, "" when there is no signer block."""
    lines = [line.strip() for line in text.split("\n") if line.strip()]
    # An annex follows the signature: look before it.
    for i in range(len(lines) - 1, max(-1, len(lines) - 400), -1):
        if re.match(r"(PHỤ LỤC|Phụ lục)\b", lines[i]) and lines[i][:7].isupper():
            lines = lines[:i]
    tail = lines[-TAIL_LINES:]
    title = ""
    title_at = -1
    for i, line in enumerate(tail):
        matches = list(_TITLE.finditer(line))
        if matches:
            title, title_at = matches[-1][1], i
    if title_at < 0:
        return ""
    name = ""
    for line in tail[title_at : title_at + 6]:
        rest = _TITLE.split(line)[-1] if _TITLE.search(line) else line
        if match := _PERSON.search(rest.strip()):
            name = match.group().strip()
            break
    return f"{_proper_nouns(title.capitalize())} {name}".strip()


def _read_standard(head: list[str]) -> LegalHeader | None:
    """A TCVN/QCVN/ĐLVN cover: its code as the first thing on a line near the top, next to
    "TIÊU CHUẨN QUỐC GIA" / "QUY CHUẨN KỸ THUẬT QUỐC GIA"."""
    joined = "\n".join(head[:20])
    if not _STANDARD_TITLE.search(joined):
        return None
    code = next(
        (m for line in head[:20] if (m := STANDARD_CODE.match(line))),
        None,
    )
    if code is None:
        return None
    number = re.sub(r"\s*:\s*", ":", re.sub(r"\s+", " ", code.group()))
    abstract = ""
    for line in head:
        if match := _STANDARD_SUBJECT.match(line):
            abstract = match["abstract"]
            break
    if not abstract:
        # The title follows the code: the first line in capitals that is not a label.
        start = next(i for i, line in enumerate(head) if STANDARD_CODE.match(line))
        for line in head[start + 1 : start + 6]:
            if _STANDARD_TITLE.fullmatch(line) or _OTHER_CODE.match(line):
                continue
            if line.isupper() and len(line) > 5:
                abstract = line
                break
    issuer = _MINISTRY_CODES.get(number.rsplit("/", 1)[1], "") if "/" in number else ""
    if not issuer and (match := _STANDARD_ISSUER.search(" ".join(head))):
        issuer = match["issuer"].strip()
    if abstract.isupper():
        abstract = _proper_nouns(abstract.capitalize())
    year = re.search(r":(\d{4})", number)
    if year is None:
        return None
    return LegalHeader(number, code["kind"], issuer, abstract=abstract, standard=True)
