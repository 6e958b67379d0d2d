"""Validates answers.jsonl against corpus/ (run: python check.py; exit 1 on any error).

Needs pypdf for the two PDF pages (run with the project venv: /work/main/.venv/bin/python).

Checks: field names and order (from ../golden.jsonl); unique, consecutive ids W001..; types and
per-type counts; every answerable item has 1-3 key facts (2-3 for `list`, <= 6 words each) and
one evidence quote (>= 5 words, one line, one sentence) that are exact substrings of the named
document's visible text once whitespace is folded and NFC applied (html: tags stripped with
html.parser, script/style/head dropped; txt: as is; pdf: pypdf text); the key facts sit on the
quote's paragraph (for PDFs the paragraph is taken from pdf_src/<doc_id>.html); the quote is
not on a debris line (view counter, share, related links, footer); key facts of non-English
items appear in the reference answer; `no_diacritics` questions carry no Vietnamese marks;
`english` questions are ASCII; unanswerable items have the fixed answer, no key facts, no
evidence, and none of the item's probe regexes (the would-be answer) matches any document;
doc_ids match catalog.toml.
"""

from __future__ import annotations

import json
import re
import sys
import tomllib
import unicodedata
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path

HERE = Path(__file__).resolve().parent
with (HERE.parent / "golden.jsonl").open(encoding="utf-8") as _golden:
    FIELDS = list(json.loads(_golden.readline()))
EXPECTED = {
    "paraphrase": 22,
    "named": 8,
    "no_diacritics": 4,
    "english": 4,
    "list": 4,
    "unanswerable_absent": 10,
    "unanswerable_year": 6,
    "unanswerable_slot": 6,
    "unanswerable_object": 6,
}
NA = "Tài liệu không có thông tin này."
DEBRIS = re.compile(
    r"Lượt xem|Số lượt xem|Chia sẻ|Bài viết liên quan|Tin liên quan|Tin cùng chuyên mục|Các tin khác"
    r"|Bản quyền|Copyright|©|Hotline|Đường dây nóng:|Giấy phép|Địa chỉ:|cookie|Đăng lúc:|Ngày đăng:"
    r"|Bình luận|Tổng truy cập|Đang truy cập|Tags:|Từ khóa:",
    re.I,
)

# Regexes that would reveal the answer of each unanswerable item: (doc_id or "*", pattern).
# None may match (case-insensitive, on folded visible text).
A = "trao-giai-thuong-chat-luong-quoc-gia-2023"
B = "hoi-nghi-tong-ket-chuong-trinh-nang-suat-2023"
C = "ha-noi-kiem-tra-do-luong-cot-xang-dau-2024"
D = "gs1-viet-nam-cap-ma-so-ma-vach-2024"
E = "ngay-do-luong-the-gioi-2024-vmi"
F = "ky-ket-ban-ghi-nho-voi-kats-2025"
G = "dong-nai-kiem-tra-hang-hoa-cho-bien-hoa-tet-2025"
H = "hoi-thao-truy-xuat-nguon-goc-nong-san-can-tho-2023"
I = "quatest-3-dao-tao-kiem-dinh-vien-dong-ho-nuoc-2024"
J = "van-phong-tbt-viet-nam-tong-ket-2023"
K = "boa-cong-nhan-phong-thi-nghiem-vilas-2024"
L = "ke-hoach-ngay-tieu-chuan-the-gioi-2024"
PROBES: dict[str, list[tuple[str, str]]] = {
    # absent
    "W043": [("*", r"tiền thưởng|giải vàng[^.]*(triệu|tỷ) đồng"), (A, r"(triệu|tỷ) đồng")],
    "W044": [
        ("*", r"phí duy trì|niên phí|lệ phí|phí cấp mã|phí thành viên"),
        (D, r"\d[\d.,]* ?(nghìn|triệu) đồng|\d+\.000 đồng"),
    ],
    "W045": [("*", r"học phí|đồng/học viên"), (I, r"(triệu|nghìn) đồng(?! hồ)|kinh phí")],
    "W046": [("*", r"kinh phí[^.]*\d[\d.,]* ?(triệu|tỷ|đồng)"), (L, r"(triệu|tỷ) đồng")],
    "W047": [("*", r"doanh thu"), (E, r"(triệu|tỷ) đồng")],
    "W048": [(G, r"phạt|(triệu|nghìn) đồng")],
    "W049": [(H, r"\.gov\.vn|\.vn\b|www\.|https?://|website")],
    "W050": [(J, r"cán bộ|nhân viên|biên chế|nhân sự")],
    "W051": [
        (
            C,
            r"(?-i:[Tt]axi [A-ZĐ]\w+ (có|bị|không))|Mai Linh|Vinasun|Xanh SM|\bG7\b|Ba Sao|Thành Công",
        )
    ],
    "W052": [
        (
            "*",
            r"(Quảng Nam|chế biến gỗ)[^.]*\d+ doanh nghiệp|\d+ doanh nghiệp[^.]*(Quảng Nam|chế biến gỗ)",
        )
    ],
    # year / place constraint contradicts the page
    "W053": [(C, r"2022"), ("*", r"2022[^.]*cột đo|cột đo[^.]*2022")],
    "W054": [
        (A, r"2022[^.]*hồ sơ|hồ sơ[^.]*2022"),
        ("*", r"(xét thưởng|GTCLQG|Giải thưởng Chất lượng)[^.]*2022[^.]*hồ sơ"),
    ],
    "W055": [
        (
            "*",
            r"(2023|năm ngoái)[^.]*(doanh nghiệp thành viên|duy trì sử dụng)|\b\d[\d.]* doanh nghiệp thành viên[^.]*2023",
        )
    ],
    "W056": [("*", r"2022[^.]*câu hỏi|câu hỏi[^.]*2022")],
    "W057": [(G, r"Bình Dương"), ("*", r"Bình Dương[^.]*cân|cân[^.]*Bình Dương")],
    "W058": [("*", r"2023[^.]*khóa đào tạo chuyên gia|khóa đào tạo chuyên gia[^.]*2023")],
    # slot: asks a slot the page leaves empty for that event
    "W059": [(H, r"khách sạn|hội trường|trung tâm hội nghị|số \d+ đường|tại trụ sở")],
    "W060": [(J, r"đại biểu|người tham dự|tham dự")],
    "W061": [(L, r"@|e-?mail|địa chỉ nhận|gửi bài|gửi về")],
    "W062": [(G, r"mẫu[^.]*không đạt|không đạt[^.]*mẫu|kết quả thử nghiệm cho thấy")],
    "W063": [(A, r"họp xét chọn[^.]*tại|Hội đồng Quốc gia họp[^.]*tại")],
    "W064": [(J, r"tháng \d+[^.]*phiên họp|phiên họp[^.]*tháng")],
    # object: the page gives the fact for a related object
    "W065": [(A, r"(lễ trao|trao giải)[^.]*2022|2022[^.]*(lễ trao|trao giải|\d+/\d+/2023)")],
    "W066": [("*", r"2026\s*[–-]\s*2030|giai đoạn 2026")],
    "W067": [("*", r"(?<!phó )giám đốc (boa|văn phòng công nhận)")],
    "W068": [
        (
            F,
            r"(?-i:2019[^.]*\b(ông|bà) [A-ZĐ]|\b(ông|bà) [A-ZĐ][^.]*Busan|Busan[^.]*\b(ông|bà) [A-ZĐ])",
        )
    ],
    "W069": [("*", r"chiến lược[^.]*\d+/QĐ|\d+/QĐ[^.]*chiến lược")],
    "W070": [(I, r"xăng dầu[^.]*\d+ học viên|\d+ học viên[^.]*xăng dầu")],
}

BLOCK = {
    "p",
    "div",
    "li",
    "tr",
    "br",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "ul",
    "ol",
    "table",
    "thead",
    "tbody",
    "caption",
    "section",
    "article",
    "header",
    "footer",
    "nav",
    "aside",
    "main",
    "form",
    "select",
    "option",
    "blockquote",
    "textarea",
    "button",
}
SKIP = {"script", "style", "head", "title"}


class Visible(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in SKIP:
            self.skip += 1
        elif tag in BLOCK:
            self.parts.append("\n")
        elif tag in {"td", "th"}:
            self.parts.append(" \t ")

    def handle_endtag(self, tag):
        if tag in SKIP:
            self.skip = max(0, self.skip - 1)
        elif tag in BLOCK:
            self.parts.append("\n")

    def handle_data(self, data):
        if not self.skip:
            self.parts.append(data.replace("\n", " "))


def html_text(raw: str) -> str:
    p = Visible()
    p.feed(raw)
    p.close()
    return "".join(p.parts)


def fold(s: str) -> str:
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", s)).strip()


def load_docs(catalog):
    docs: dict[str, str] = {}
    paras: dict[str, list[str]] = {}
    for d in catalog["document"]:
        path = HERE / "corpus" / d["file"]
        ext = path.suffix
        if ext == ".html":
            text = html_text(path.read_text(encoding="utf-8"))
            para_src = text
        elif ext == ".txt":
            text = path.read_text(encoding="utf-8")
            para_src = text
        elif ext == ".pdf":
            import pypdf

            text = "\n".join(pg.extract_text() for pg in pypdf.PdfReader(path).pages)
            para_src = html_text(
                (HERE / "pdf_src" / f"{d['doc_id']}.html").read_text(encoding="utf-8")
            )
        else:
            raise SystemExit(f"unknown format {path}")
        docs[d["doc_id"]] = fold(text)
        paras[d["doc_id"]] = [fold(x) for x in para_src.splitlines() if x.strip()]
    return docs, paras


VI_MARKS = re.compile(
    r"[àáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵđ]", re.I
)


def main() -> int:
    catalog = tomllib.loads((HERE / "corpus" / "catalog.toml").read_text(encoding="utf-8"))
    errors: list[str] = []
    keys = [
        "file",
        "doc_id",
        "title",
        "title_assigned",
        "date",
        "publisher",
        "author",
        "url",
        "language",
    ]
    for d in catalog["document"]:
        if list(d) != keys:
            errors.append(f"catalog fields {list(d)}")
        if d["doc_id"] != Path(d["file"]).stem or not re.fullmatch(
            r"[a-z0-9]+(-[a-z0-9]+)*", d["doc_id"]
        ):
            errors.append(f"bad doc_id {d['doc_id']}")
        if not (HERE / "corpus" / d["file"]).exists():
            errors.append(f"missing file {d['file']}")
    docs, paras = load_docs(catalog)

    counts: Counter[str] = Counter()
    per_doc: Counter[str] = Counter()
    ids: list[str] = []
    questions: list[str] = []
    for n, raw in enumerate((HERE / "answers.jsonl").read_text(encoding="utf-8").splitlines(), 1):
        item = json.loads(raw)
        iid = item.get("id", f"line {n}")
        err = lambda msg, iid=iid: errors.append(f"{iid}: {msg}")  # noqa: E731
        if list(item) != FIELDS:
            err(f"fields {list(item)}")
        ids.append(iid)
        questions.append(item["question"])
        if iid != f"W{n:03d}":
            err(f"expected id W{n:03d}")
        t = item["type"]
        counts[t] += 1
        if t not in EXPECTED:
            err(f"unknown type {t}")
        if item["history"] != []:
            err("history must be []")
        q = item["question"]
        if not q.strip():
            err("empty question")
        if t == "no_diacritics" and VI_MARKS.search(q):
            err("no_diacritics question has Vietnamese marks")
        if t == "english" and not q.isascii():
            err("english question is not ASCII")
        if t.startswith("unanswerable"):
            if item["answerable"] is not False or item["key_facts"] or item["evidence"]:
                err("unanswerable item must have answerable=false, no key facts, no evidence")
            if item["reference_answer"] != NA:
                err("unanswerable reference_answer")
            probes = PROBES.get(iid)
            if not probes:
                err("no probes for unanswerable item")
            for scope, pat in probes or []:
                for doc, text in docs.items():
                    if scope not in ("*", doc):
                        continue
                    m = re.search(pat, text, re.I)
                    if m:
                        err(
                            f"probe {pat!r} matches {doc}: {text[max(0, m.start() - 60) : m.end() + 60]!r}"
                        )
            continue
        if item["answerable"] is not True:
            err("answerable must be true")
        kf, ev = item["key_facts"], item["evidence"]
        lo = 2 if t == "list" else 1
        if not lo <= len(kf) <= 3:
            err(f"{len(kf)} key facts")
        if len(ev) != 1:
            err(f"{len(ev)} evidence items")
            continue
        doc, quote = ev[0]["doc_id"], ev[0]["quote"]
        if doc not in docs:
            err(f"unknown doc_id {doc}")
            continue
        per_doc[doc] += 1
        qf = fold(quote)
        if "\n" in quote or len(qf.split()) < 5:
            err("quote must be one line and >= 5 words")
        if re.search(r"(?<!\bTS)(?<!\bTP)(?<!ThS)[.!?] [A-ZĐÀ-Ỹ]", qf[:-1]):
            err("quote spans more than one sentence")
        if qf not in docs[doc]:
            err(f"quote not in {doc}: {quote!r}")
        quote_paras = [p for p in paras[doc] if qf in p]
        if not quote_paras:
            err(f"quote not inside one paragraph of {doc}")
        if any(DEBRIS.search(p) for p in quote_paras):
            err("quote is on a debris line")
        for fact in kf:
            f = fold(fact)
            if len(f.split()) > 6:
                err(f"key fact over 6 words: {fact!r}")
            if f not in docs[doc]:
                err(f"key fact not in {doc}: {fact!r}")
            elif not any(f in p for p in quote_paras):
                err(f"key fact not on the quote's paragraph: {fact!r}")
            if t != "english" and fold(f).lower() not in fold(item["reference_answer"]).lower():
                err(f"key fact not in reference answer: {fact!r}")
    dup = [i for i, c in Counter(ids).items() if c > 1]
    if dup:
        errors.append(f"duplicate ids {dup}")
    dupq = [x for x, c in Counter(questions).items() if c > 1]
    if dupq:
        errors.append(f"duplicate questions {dupq}")
    for t, c in EXPECTED.items():
        if counts[t] != c:
            errors.append(f"type {t}: {counts[t]} items, expected {c}")
    for d in docs:
        if per_doc[d] < 2:
            errors.append(f"{d}: only {per_doc[d]} answerable items")

    print(f"{len(ids)} questions, {sum(per_doc.values())} answerable")
    for t in EXPECTED:
        print(f"  {t:20s} {counts[t]}")
    print("answerable per document:", dict(per_doc))
    for e in errors:
        print("ERROR", e)
    print("OK" if not errors else f"{len(errors)} error(s)")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
