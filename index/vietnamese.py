"""Vietnamese language knowledge, in one place: word lists and the patterns built from them.

Everything here is data about the language (and the little English a user may ask in), not
about hoidap: which words carry no evidence, which shape a question, how ordinals, counts and
acronyms are written. The index (enumerations, diacritic restoring, term extraction) and the
answer engine (evidence, support, glossary, language detection) all read it from here, so a
word added to a list is added once. It lives in ``index`` because that is the lowest floor:
``assistant`` imports ``index``, never the reverse.

Two spellings of the lists, on purpose:
- **folded** (lower case, no diacritics, ``index.text.fold``): matched against folded text, so
  a question typed without accents matches too;
- **accented**: where folding would merge two different words ("năm" five / "năm" year,
  "sáu" six / "sâu" deep, "tư" fourth / "tu"), the list is matched with its tone marks.
Each list keeps exactly the contents it had where it came from (the eval figures depend on
them); lists that look alike but differ (``ORDINALS`` and ``CARDINALS``) differ on purpose.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from index.text import fold

# -- Folded words ---------------------------------------------------------------------------

# Function words that carry no evidence: a sentence sharing only these with a question or a
# claim shares nothing (``index.terms``, ``assistant.support``).
STOPWORDS = frozenset(
    (
        "va la cua co cac nhung mot trong cho voi duoc da se dang tai tu den ve nay do "
        "khi thi ma nhu de boi vi neu cung con rat hon nhat nao gi ai sao bao nhieu the "
        "theo tren duoi ra vao lai nen hay hoac ong ba chung ta toi ho no viec nhieu it "
        "moi tung"
    ).split()
)

# Words that shape a question but are never in the answer (Vietnamese and English).
QUESTION_WORDS = frozenset(
    (
        "bao nhieu nao gi ai dau sao khong phai hay hoi viet tat nghia ten gom nhung "
        "cac duoc la co con lam vay nua ke biet cho what who when where which why how many "
        "much does did is are was were of and in to a an for by with about stand mean year"
    ).split()
)

# Words a generated sentence uses to talk about the answer or the documents rather than to
# state a fact ("Đây là câu trả lời [1].", "Theo tài liệu, thông tin như sau"): a sentence
# whose content is only these claims nothing (``assistant.verify``). Folded, Vietnamese and
# English.
META_WORDS = frozenset(
    (
        "day cau tra loi dap an tai lieu thong tin nguon doan trich dan sau duoi tren "
        "cung cap neu ro "
        "here this answer answers information document documents source sources passage "
        "passages following below above provided context"
    ).split()
)

# Ordinals after "thứ": "thứ nhất", "thứ hai" … "thứ mười"; an ordinal's position in the
# tuple is the item it names, minus one ("thứ tư" is the 4th).
ORDINALS = ("nhat", "hai", "ba", "tu", "nam", "sau", "bay", "tam", "chin", "muoi")
# Cardinals before "là" that count list items: "Một là, …  Hai là, …"; position as above.
CARDINALS = ("mot", "hai", "ba", "bon", "nam", "sau", "bay", "tam", "chin", "muoi")

# Folded words beside any date or amount ("vào năm 1999", "khoảng 180"): they say nothing of
# what the value is of.
VALUE_WORDS = frozenset("nam ngay thang vao tu den khoang hon gan".split())

# -- Capitals -------------------------------------------------------------------------------

# The capital letters, accented ones included ("Đ", "Ấ", "Ủ"), for a character class: the
# range "À-Ỹ" also spans lower-case letters ("á", "đ", "ở"), so "Chánh án Tòa án đang" read
# as a name, and "[^a-zà-ỹđ]" leaves out "Đức", "Ấn Độ", "Ủy ban".
UPPER = "".join(c for c in map(chr, [*range(0x41, 0x250), *range(0x1E00, 0x1F00)]) if c.isupper())


# -- Accented words (folding would merge them with other words) ------------------------------

# The value of a number word announcing a count of items: "ba hoạt động", "năm trụ cột".
NUMBER_VALUES = {
    "hai": 2, "ba": 3, "bốn": 4, "tư": 4, "năm": 5, "sáu": 6,
    "bảy": 7, "tám": 8, "chín": 9, "mười": 10,
}  # fmt: skip
# Words after a number that make it a quantity or a date, not a count of items to come:
# "ba lần", "hai năm qua", "năm nay", "năm 2023".
NOT_COUNTED = frozenset(
    "năm tháng ngày tuần quý giờ phút giây lần tuổi triệu tỷ tỉ nghìn ngàn trăm chục phần "
    "nay qua tới trước sau ngoái học đó này kế gần liền nào rồi vừa".split()
)
# A number word that states a quantity in a sentence ("sáu định hướng", "ba trăm"); "một"
# (also "a") and "năm" (also "year") say too little on their own.
NUMBER_WORD = re.compile(
    r"\b(?:hai|ba|bốn|sáu|bảy|tám|chín|mười|mươi|trăm|nghìn|ngàn|triệu|tỷ|tỉ|chục|nửa)\b",
    re.IGNORECASE,
)

# Documents rarely ask questions, so the words questions are made of are seeded into the
# diacritic restorer: common Vietnamese interrogatives and function words, in the contexts
# they appear in (one context a line).
QUESTION_SEED = """
bao nhiêu là gì là ai khi nào bao giờ ở đâu tại đâu tại sao vì sao như thế nào thế nào
ra sao có phải không những gì điều gì cái gì năm nào tháng nào ngày nào nước nào tổ chức nào
ai là người nào bao lâu mấy bao nhiêu năm bao nhiêu người bao nhiêu lần có bao nhiêu
được bao nhiêu gồm những gì bao gồm những gì là bao nhiêu vào năm nào từ năm nào
lần đầu tiên đầu tiên là gì nghĩa là gì viết tắt của từ gì có nghĩa là gì
"""

# English function words that are not also unaccented Vietnamese syllables (the, do, to,
# an, can, it… are: "nhu the nao", "can bo", "it nhat"): they mark an English question.
ENGLISH_WORDS = frozenset(
    (
        "what who whom whose when where which why how is are was were does did of and "
        "many much for with from about its this that these those could should would "
        "please tell explain list name year years stand meaning "
    ).split()
)

# English number words an answer in English writes for a passage's digits ("Eight of the ten
# ASEAN members" for "8 trên 10 nước"); "one" is left out, it is more often a pronoun ("one of
# the founders").
ENGLISH_NUMBERS = {
    word: str(value)
    for value, word in enumerate(
        "zero one two three four five six seven eight nine ten eleven twelve thirteen "
        "fourteen fifteen sixteen seventeen eighteen nineteen twenty".split()
    )
    if value > 1
} | {
    word: str(10 * tens)
    for tens, word in enumerate("thirty forty fifty sixty seventy eighty ninety".split(), 3)
}
# English titles before a name: capitalised, never the passage's ("Mr Trần Văn Minh" for "ông
# Trần Văn Minh").
ENGLISH_TITLES = frozenset("mr mrs ms miss dr prof".split())
# English negation: a claim that denies must deny where the passage does ("không", "chưa").
ENGLISH_NEGATION = re.compile(r"\b(?:not|never|no|none|neither|nor|without)\b|n't\b", re.IGNORECASE)
VIETNAMESE_NEGATION = re.compile(r"\b(?:khong|chua|chang)\b")  # on folded text

# The shape of a Vietnamese syllable typed without accents (onset, one to three vowels,
# coda): "nguyen", "truong", "the", "to". A word outside it ("which", "standard", "will",
# "localities") cannot be Vietnamese, whatever the word list above knows.
VIETNAMESE_SYLLABLE = re.compile(
    r"(?:ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdghklmnprstvx])?[aeiouy]{1,3}(?:ng|nh|ch|[cmnpt])?"
)

# Titles and abbreviations that end with a dot but do not end a sentence (lower case, as the
# sentence splitter compares them).
ABBREVIATIONS = frozenset("ts ths pgs gs bs ks tp tt q p st dr mr ms no v.v tr nxb".split())

# -- Question patterns (matched on folded text unless said) ----------------------------------

# "mấy" (how many) is matched before folding, which would make it the "máy" of "máy đo".
HOW_MANY_ACCENTED = re.compile(r"\bmấy\b")
# "Điều 35 quy định gì?", "… nói gì về hiệu chuẩn?": the asking, no word the answer must hold
# (accented, lower case; dropped from a question's terms like "mấy").
# "ký hôm nào?", "hồi nào": asking when, with words no answer holds (its date is "ngày …");
# "cụ thể" (specifically), whose folded syllables are the "cụ" of "công cụ".
ASKS_WHAT_IT_SAYS = re.compile(
    r"\b(?:quy định|nói|nêu|đề cập)\s+(?:những\s+)?(?:gì|thế nào|như thế nào|ra sao)"
    r"|\b(?:hôm|hồi|lúc|thời điểm) nào\b|\bcụ thể\b|\bcu the\b"
)
# "thứ tư" → "tu": the ordinal a question asks about.
ORDINAL_PHRASE = re.compile(rf"\bthu ({'|'.join(ORDINALS)})\b")
# "TBT là gì?", "STAMEQ là viết tắt của gì?", "What does ACCSQ stand for?"
ASKS_DEFINITION = re.compile(
    r"\b(la gi|nghia la gi|viet tat|la to chuc gi|la co quan (gi|nao)|la uy ban (gi|nao)"
    r"|stand for|what is|what does)\b"
)
# What kind of thing a question asks for: a number, a date, a name.
ASKS_NUMBER = re.compile(r"\b(bao nhieu|how many|how much)\b")
# "mấy" as written (lower case): folded, "máy" (a machine) and "may" (to sew, "may mắn") read as
# it too. A bare "may" stands for "mấy" only in a question typed without diacritics, and not
# after a day ("on 20 May") nor as the English modal (folded text).
HOW_MANY = re.compile(r"\bmấy\b")
HOW_MANY_BARE = re.compile(r"(?<!\d )\bmay\b(?! (?:be|have|not|also|i|we|you)\b)")
ASKS_DATE = re.compile(
    r"\b(nam nao|khi nao|bao gio|ngay nao|hom nao|ngay may|thang nao|when|what year|what date)\b"
)
# The words a date question asks about, just before its asking: "được [thành lập] năm nào?",
# "[phê chuẩn] vào ngày nào?" (folded).
DATED_PREDICATE = re.compile(
    r"(\w+\s+\w+)\s+(?:vao\s+|tu\s+)?(?:nam|ngay|thang|thoi gian|luc|hom) nao\b"
)
# … a day: "ngày nào?" is answered by "11/4/2024"; a year the sentence names apart from its
# dates labels what it is about ("Lễ trao Giải thưởng năm 2023"), and can contradict the asked.
ASKS_DAY = re.compile(r"\b(ngay nao|hom nao|ngay may|what date|which day)\b")
WRITTEN_DATE = re.compile(
    r"\b\d{1,2}/\d{1,2}(?:/\d{2,4})?\b|\bngày\s+\d{1,2}\s+tháng\s+\d{1,2}(?:\s+năm\s+\d{4})?"
    r"|\btháng\s+\d{1,2}(?:/|\s+năm\s+)\d{4}",
    re.IGNORECASE,
)
# "có ai", "không ai", "bất kỳ ai" are "anyone" / "no one", not the asking "ai".
ASKS_NAME = re.compile(r"(^|\s)(?<!\bco\s)(?<!\bkhong\s)(?<!\bky\s)(ai|who)(\s|$|\?)")
# … a place ("ở đâu", "tỉnh nào"), and a document's number ("quyết định số mấy", "số hiệu").
ASKS_PLACE = re.compile(
    r"\b(noi nao|cho nao|dia diem nao|(?:tinh|tinh thanh|thanh pho|dia phuong|nuoc|quoc gia"
    r"|vung|khu vuc|khach san|hoi truong|dia chi|tru so|phong hop|trung tam hoi nghi) nao|where"
    r"|which (?:countr(?:y|ies)|cit(?:y|ies)|provinces?|places?))\b"
)
# … an organisation or a brand, which has a name ("cơ quan nào", "những Bộ nào", "thương hiệu
# nào"): the nouns that may take a word or two between them and "nào" ("công ty cổ phần nào")
# are never verbs ("tổ chức ngày nào" asks a day).
ASKS_ORGANISATION = re.compile(
    r"\b(?:(?:to chuc|co quan|don vi|bo|truong|vien|benh vien)"
    r"|(?:cong ty|doanh nghiep|tap doan|ngan hang|thuong hieu|nhan hieu)(?: \w+){0,2}) nao\b"
    r"|\bwhich (?:company|organi[sz]ation|agency|ministry|body|firm)\b"
)
# "hãng … nào" (which firm) as written (lower case): folded, "mặt hàng nào" (which goods) and
# "hạng nào" (which class) read as it too; bare only without diacritics (as ``HOW_MANY_BARE``).
# What a firm makes may run to four words ("những hãng dây và cáp điện nào").
ASKS_FIRM = re.compile(r"\bhãng(?: \w+){0,4} nào\b")
ASKS_FIRM_BARE = re.compile(r"(?<!\bmat )\bhang(?: \w+){0,4} nao\b")
# … a business (folded; with ``ASKS_FIRM``): a firm, a brand or a maker ("thuộc thương hiệu
# nào", "công ty nào", "which company"). A public body or a person is no answer to it.
ASKS_BUSINESS = re.compile(
    r"\b(?:cong ty|doanh nghiep|tap doan|thuong hieu|nhan hieu|nha san xuat|nha cung cap)"
    r"(?: \w+){0,2} nao\b|\bwhich (?:compan(?:y|ies)|firms?|brands?|manufacturers?)\b"
)
# A public body or a person as a sentence names them, with what follows the head in sentence
# case ("Trung tâm Kỹ thuật Tiêu chuẩn Đo lường Chất lượng 3 (Quatest 3)", "Sở Khoa học và
# Công nghệ tỉnh Bắc Ninh", "ông Nguyễn Văn An"): each capitalised word may bring one more.
NOT_A_BUSINESS = re.compile(
    rf"(?:\b(?:Trung tâm|Tổng cục|Chi cục|Cục|Sở|Bộ|Ủy ban|Uỷ ban|UBND|Viện|Văn phòng|Phòng|Ban"
    rf"|Hội đồng|Công an|Cảnh sát|Chính phủ|Quốc hội|Quatest)"
    rf"|\b(?:[ôÔ]ng|[bB]à)(?=\s+[{UPPER}]))"
    rf"(?:\s+(?:và|tỉnh|thành phố|TP\.|\d+\b|[{UPPER}][^\W\d]*(?:\s+(?![{UPPER}])[^\W\d]+)?))*"
    r"(?:\s*\([^()]*\))?"
)
# A superlative as written ("cao nhất", "nhiều … nhất", "ít nhất", "chậm nhất"); not "thống
# nhất" (to unify), "thứ nhất" (first, an ordinal) nor "nhất định" (certain).
SUPERLATIVE = re.compile(r"(?<!thống )(?<!thứ )\bnhất\b(?! định)", re.IGNORECASE)
# Kinds of plan a question may ask about (folded): "the decision number of the Strategy" is not
# answered by a sentence about a Scheme ("Đề án") approved by its own decision.
PLAN_KINDS = re.compile(r"\b(chien luoc|de an|chuong trinh|ke hoach|du an)\b")
# Names a page about the agency's work need not write: the country they are all about (folded).
IMPLIED_NAMES = frozenset({"viet nam"})
# Other names for the same country or body (folded): "Hoa Kỳ" is written "Mỹ" as often.
NAME_SYNONYMS: dict[str, tuple[str, ...]] = {
    "hoa ky": ("my", "usa", "us"),
    "han quoc": ("korea", "dai han"),
    "nhat ban": ("nhat", "japan"),
    "trung quoc": ("china", "tq"),
    "lien hop quoc": ("lhq", "un"),
    "lien minh chau au": ("eu",),
    "ho chi minh": ("tp hcm", "tphcm", "hcm", "sai gon"),
    "vuong quoc anh": ("anh", "uk"),
}


def other_names(name: str) -> tuple[str, ...]:
    """The other names ``NAME_SYNONYMS`` gives for ``name`` (folded), read either way round:
    "korea" → "han quoc", "dai han"; "han quoc" → "korea", "dai han". An English answer
    writes "Korea" where the passage writes "Hàn Quốc"."""
    for canonical, aliases in NAME_SYNONYMS.items():
        group = (canonical, *aliases)
        if name in group:
            return tuple(other for other in group if other != name)
    return ()


# Titles (folded): "Ai là Tổng cục trưởng?" is not answered by the "Phó Tổng cục trưởng". The
# English ones are never written in the Vietnamese passages.
ENGLISH_TITLE_WORDS = frozenset(("chief", "director", "chairman", "chair", "president", "minister"))
TITLES = re.compile(
    r"\b(?:(pho)\s+)?(tong cuc truong|chi cuc truong|cuc truong|vu truong|vien truong|bo truong"
    r"|thu truong|chu tich|tong giam doc|giam doc|truong ban|truong phong|truong doan"
    r"|tong thu ky|thu tuong|hieu truong|chanh an|chanh van phong|chu nhiem"
    rf"|{'|'.join(sorted(ENGLISH_TITLE_WORDS, key=lambda w: (-len(w), w)))})\b"
)
# … and of those, the ones that ask where something happens or is: answered by a place phrase
# ("tại Trung tâm Hội nghị Quốc gia", "ở Tokyo", "nơi bị đơn cư trú"), not by any name.
_VENUE = r"(?:khach san|hoi truong|dia chi|tru so|phong hop|trung tam hoi nghi)"
ASKS_WHERE = re.compile(rf"\b(noi nao|cho nao|dia diem nao|{_VENUE} nao|where)\b")
# "ở đâu" as written (lower case): folded, "ở đầu văn bản" (at the start) reads as it too; the
# bare "o dau" asks where only in a question typed without diacritics (folded text).
WHERE = re.compile(r"\b(?:ở|tại) đâu\b")
WHERE_BARE = re.compile(r"\b(?:o|tai) dau\b")
PLACE_PHRASE = re.compile(
    r"\b(?i:tại|ở)\s+(?:(?i:thành phố|tỉnh|huyện|quận|thị xã|xã|phường|khách sạn|hội trường"
    rf"|trụ sở|nhà|số)\s+)?([{UPPER}0-9][\w/.-]*(?:\s+[{UPPER}0-9(][\w/.()-]*)*)"
    r"|\b(?i:nơi)\s+(\w+(?:\s+\w+){0,3})"
)
# … a way to reach something (folded): a web or e-mail address, a phone or hotline number.
# Only a question asking for the address or number itself: "Trang web X có chức năng gì?" is
# about the site.
ASKS_CONTACT = re.compile(
    r"\b(?:dia chi (?:website|trang web|web|email|e-mail|thu dien tu|truy cap)"
    r"|so (?:dien thoai|hotline|fax|duong day nong)"
    r"|(?:hotline|duong day nong|website|trang web|email|e-mail)\b[^?]{0,60}"
    r"\b(?:la gi|la so nao|so nao|la bao nhieu|nao)"
    r"|(?:website|web|e-?mail) address|phone number|hotline number|which website"
    r"|what is the (?:website|e-?mail|url|hotline))\b"
)
# What answers it: a URL or domain, an e-mail address, a phone number ("024 3791 1626",
# "1800 1234", "+84 24 …").
CONTACT_VALUE = re.compile(
    r"https?://|\bwww\.|\b[\w-]+(?:\.[\w-]+)*\.(?:vn|com|org|net|gov|int|info)\b"
    r"|[\w.+-]+@[\w-]+\.[\w.]+"
    r"|(?:\+84|\b0|\b1[89]00)[\s.]?\d{2,4}(?:[\s.]?\d{2,4}){1,3}\b",
    re.IGNORECASE,
)
ASKS_DOCUMENT_NUMBER = re.compile(
    r"\b(so may|so hieu|so bao nhieu|ky hieu|which (?:decision|decree|circular)|what number"
    r"|which (?:standard|regulation)(?! bod| organi))\b"
)
# A document number or code as written: "2439/QĐ-TĐC", "số 29/2011", "QCVN 01:2019/BKHCN",
# a standard's code: "TCVN ISO 18091", "ISO/IEC 17025".
DOCUMENT_NUMBER = re.compile(
    r"\b\d+(?:/\d{2,4})?/[A-ZĐ][\wĐ\-]*|\bsố\s+\d+|\b[A-Z]{2,5}\s?[\d.]+:\d{4}"
    r"|\b(?:TCVN|QCVN|ĐLVN|ISO|IEC)(?:[\s/]+(?:ISO|IEC))*\s?\d[\d.-]*"
)
# A "how much" about money (folded question) wants an amount of money (accented sentence):
# "Tổng mức đầu tư là bao nhiêu?" is not answered by "nhà 15 tầng tại số 8 Hoàng Quốc Việt".
ASKS_MONEY = re.compile(
    r"\b(?:bao nhieu tien(?! luong)|bao nhieu dong|kinh phi|ngan sach|muc dau tu|von dau tu"
    r"|chi phi|le phi|hoc phi|muc phi|muc phat|phat tien|gia ban|gia tri hop dong|how much money"
    r"|budget|cost|fee|charge|price|pay)\b"
)
# A unit ends its word: "12 tỉnh" is no "12 tỉ".
MONEY_AMOUNT = re.compile(
    r"\d[\d.,]*\s*(?:\$|(?:đồng|đ|vnđ|vnd|usd|eur|euro|tỷ|tỉ|triệu|nghìn đồng|ngàn đồng)(?!\w))"
    r"|\b(?:tỷ|tỉ|triệu|nghìn|ngàn)\s+(?:đồng|usd|đô)|\b(?:usd|\$)\s*\d",
    re.IGNORECASE,
)
# A share is an amount of money only beside money ("lệ phí bằng 0,1% giá trị hợp đồng"), not
# "tăng 20% so với cùng kỳ" for "How much does it charge?".
MONEY_SHARE = re.compile(r"\d[\d.,]*\s*%|phần trăm", re.IGNORECASE)
MONEY_WORD = re.compile(
    r"\b(?:phí|lệ phí|giá|tiền|kinh phí|ngân sách|vốn|chi phí|thuế|lương|fee|price|cost|budget)\b",
    re.IGNORECASE,
)
# "bao nhiêu doanh nghiệp": the counted noun's first syllable, and the next (on lower-case
# text): after a classifier ("bao nhiêu cái cân") the noun is the word after it. It is a word,
# never a number. ``COUNTED_NOUN_BARE``: in a question typed without diacritics, where "may" is
# "mấy" (as ``HOW_MANY_BARE``).
_COUNTED = r"\s+([^\W\d_]\w*)(?:\s+(\w+))?"
COUNTED_NOUN = re.compile(r"\b(?:bao nhiêu|mấy)" + _COUNTED)
COUNTED_NOUN_BARE = re.compile(r"\b(?:bao nhieu|(?<!\d )may)" + _COUNTED)
# Classifiers: "cái cân", "chiếc cân" and "cân" count the same thing. Accented, and the
# unaccented forms no other word shares.
CLASSIFIERS = frozenset("cái chiếc con quyển cuốn tấm bức tờ căn ngôi cai chiec quyen cuon".split())
# What people say and what documents write for the same unit: "bao nhiêu ký" is answered by
# "30 kilôgam (kg)", "bao nhiêu tiếng" by "77 giờ" (the counted noun's first syllable).
UNIT_SYNONYMS: dict[str, tuple[str, ...]] = {
    "ký": ("kg", "kilôgam", "kilogam", "ki-lô-gam", "kilogram"),
    "cân": ("kg", "kilôgam", "kilogam", "ki-lô-gam", "kilogram"),
    "tiếng": ("giờ",),
    "cây": ("km", "kilômét", "ki-lô-mét"),
    "nghìn": ("ngàn",),
    "ngàn": ("nghìn",),
}
# "Ký hiệu GT có nghĩa là gì?" asks a meaning, not a document's number (folded).
ASKS_MEANING = re.compile(r"\b(nghia la gi|co nghia|viet tat|stand for|mean)\b")
# Words after "bao nhiêu" that are no noun: "trả thêm bao nhiêu so với ban ngày?".
NOT_A_NOUN = frozenset("so thì là và mà được khi để với cho của vào tại trong".split())
# Answers to "khi nào?" that are no date (accented): "hằng năm", "trước khi lắp đặt".
TEMPORAL = re.compile(
    r"\b(?:hằng|hàng) (?:năm|tháng|quý|tuần|ngày)\b|\bđịnh kỳ\b|\b(?:trước|sau) khi\b"
    r"|\b(?:mỗi|một) (?:năm|tháng|quý|tuần) một lần\b",
    re.IGNORECASE,
)
# "Khi nào một tổ chức có tư cách pháp nhân?" asks a condition as often as a time: a "khi" /
# "lúc" clause answers it ("… là pháp nhân khi có đủ các điều kiện sau đây"); "tính từ ngày
# nào?" is answered by "từ ngày" and an event ("từ ngày người có quyền yêu cầu biết …").
ASKS_WHEN = re.compile(r"\b(khi nao|bao gio|luc nao)\b")
WHEN_CLAUSE = re.compile(r"\b(?:khi|lúc)\s+(?!nào\b)[^\W\d]", re.IGNORECASE)
ASKS_FROM_DAY = re.compile(r"\btu ngay nao\b")
FROM_DAY_CLAUSE = re.compile(r"\btừ ngày\s+(?!nào\b)[^\W\d]", re.IGNORECASE)

# -- Acronyms --------------------------------------------------------------------------------

# An acronym in a document: capitals (Vietnamese Đ included), digits and "&" — "TCĐLCL",
# "KH&CN", "WG1".
ACRONYM = re.compile(r"(?<![\w&])[A-ZĐ][A-ZĐ0-9&]*[A-ZĐ0-9](?![\w&])")
# A name spelled out before "(ACRONYM)", starting with a capital: "Tổ chức Năng suất Châu Á
# (APO)", "Tiểu ban … (TBT)"; ``{acronym}`` stands for the escaped acronym.
_EXPANSION_BEFORE = r"([A-ZĐÀ-Ỹ][^(),;:.!?\n]{3,120})\(\s*{acronym}\s*\)"
# An acronym in a question: 2 to 10 such characters between word boundaries.
ASKED_ACRONYM = re.compile(r"\b[A-ZĐ][A-ZĐ0-9&]{1,9}\b")
# Written in capitals, but not acronyms a glossary explains.
NOT_ACRONYMS = frozenset({"COVID", "GMT", "VN"})
# Where the words that spell an acronym out begin, read leftwards from "(ACRONYM)": a clause
# ends at punctuation, and these words lead into a name without being part of it ("… đồng chủ
# trì với | Cơ quan Tiêu chuẩn và Công nghệ Hàn Quốc (KATS)").
CLAUSE_BREAK = re.compile(r"[,;:.!?()\[\]{}“”\"'‘’\n]|\s[–—-]\s")
LEAD_INS = frozenset(
    "là với như được bởi do tại giữa cùng cho từ đến đã đang sẽ rằng gồm thuộc theo trong "
    "qua của và hoặc có".split()
)
JOINERS = frozenset({"và", "của"})  # inside a name when a capitalised word follows
# A question asking for the items of a list (folded): "những trụ cột nào", "ba hoạt động nổi
# bật nào", "các ngành nào", "gồm những gì" ("năm 2024 … nào" asks about a year, not five).
ASKS_LIST = re.compile(
    rf"\b(?:nhung|cac|mot so|\d{{1,2}}|{'|'.join(CARDINALS[1:])})(?!\s+\d)(?:\s+\w+){{1,8}}"
    r"\s+nao\b|\bnhung (?:gi|ai)\b"
)
# The noun a list question asks for, folded ("nhung nguyen nhan chinh nao" → "nguyen nhan"):
# its first two words, or one ("cac tinh nao").
_LISTED = re.compile(
    rf"\b(?:nhung|cac|mot so|\d{{1,2}}|{'|'.join(CARDINALS[1:])})\s+([^\W\d]+)(?:\s+(\w+))?"
    r"(?:\s+\w+){0,6}?\s+nao\b"
)


def listed_noun(question: str) -> str | None:
    """The noun a list question asks for, folded, if it says one ("Những nguyên nhân chính nào
    …?" → "nguyen nhan"): a sentence "Nguyên nhân … là …" or "… gồm:" names the items."""
    found = _LISTED.search(fold(question))
    if found is None:
        return None
    return found[1] if found[2] in (None, "nao") else f"{found[1]} {found[2]}"


# The words that join the items of a list ("TP. Hồ Chí Minh, Hà Nội và Bình Dương", "đến năm
# 2025 và định hướng đến năm 2030"); a bare comma joins too, once a list has one of these.
LIST_JOINING_WORDS = r"và|hoặc|cùng|and|or|&"
LIST_JOINER = re.compile(rf"(?:^|[\s,])(?:{LIST_JOINING_WORDS})(?=\s|$)", re.IGNORECASE)
# A place introduced by these and closed by a comma opens a sentence, not a list ("Ngày
# 17/6/2025, tại Hà Nội, Ủy ban … đã ký").
PLACE_LEAD = re.compile(r"\b(?:tại|ở|in|at)\s*$", re.IGNORECASE)
DETERMINERS = frozenset({"các", "những", "một"})
MAX_EXPANSION_WORDS = 12


# Two readers of acronyms share these patterns: the answer engine (which acronym a definition
# question asks about, which sentence spells it out: ``defined_acronym``, ``defines``) and the
# glossary (every acronym of the documents and the words that spell it out: ``acronyms_in``,
# ``in_parentheses``, ``spelled_out``, ``name_before``). Their patterns differ on purpose: a
# question's acronym is one word of 2-10 characters; the glossary's may hold "&" inside.


def defined_acronym(question: str) -> str | None:
    """The acronym a definition question asks about ("TBT là gì?"), if it is one."""
    if not ASKS_DEFINITION.search(fold(question)):
        return None
    found = ASKED_ACRONYM.findall(question)
    return found[0] if len(found) == 1 else None


# "Điều cấm của luật là gì?", "… định nghĩa người thành niên thế nào?" (folded): the term asked.
_DEFINED_TERM = (
    re.compile(r"dinh nghia\s+(.+?)\s+(?:the nao|nhu the nao|ra sao|la gi)\b"),
    re.compile(r"(?:^|,\s*)(?!theo\b)([^,]+?)\s+(?:duoc hieu |nghia )?la gi\b"),
)


def defined_term(question: str) -> str | None:
    """The term a definition question asks about, folded ("dieu cam cua luat"), if it is
    said: a sentence "<term> là …" defines it."""
    folded = fold(question).lower()
    for pattern in _DEFINED_TERM:
        if found := pattern.search(folded):
            return found[1].strip()
    return None


def defines(sentence: str, acronym: str) -> bool:
    """Does the sentence spell the acronym out: "… Thương mại (TBT)", "TBT (Technical …)", "GT
    là ký hiệu viết tắt của …"?"""
    escaped = re.escape(acronym)
    return bool(
        re.search(
            rf"\w[^()]{{3,}}\(\s*{escaped}\s*\)|\b{escaped}\s*\(\s*[A-ZĐ]?[a-zà-ỹđ]{{2,}}"
            rf"|\b{escaped}\s+là\s+(?:ký hiệu\s+|chữ\s+|tên\s+)?viết tắt",
            sentence,
        )
    )


def acronyms_in(text: str) -> Iterator[re.Match[str]]:
    """Every use of an acronym in a document's text, in order."""
    for match in ACRONYM.finditer(text):
        acronym = match.group(0)
        if len(acronym) < 2 or acronym.isdigit() or acronym in NOT_ACRONYMS:
            continue
        yield match


def in_parentheses(text: str, acronym: str) -> Iterator[re.Match[str]]:
    """Each "(ACRONYM)" of ``text``: where a name before it may spell it out."""
    return re.finditer(rf"\(\s*{re.escape(acronym)}\s*\)", text)


def name_before(text: str, acronym: str) -> re.Match[str] | None:
    """The first capitalised name followed by "(ACRONYM)", spelled out or not."""
    return re.search(_EXPANSION_BEFORE.replace("{acronym}", re.escape(acronym)), text)


def _is_subsequence(needle: list[str], haystack: list[str]) -> bool:
    rest = iter(haystack)
    return all(any(letter == h for h in rest) for letter in needle)


# How far before "(ACRONYM)" the words that spell it out are looked for.
SPELLED_OUT_CHARS = 300


def spelled_in(text: str, acronym: str) -> tuple[str, re.Match[str]] | None:
    """The first name ``text`` spells ``acronym`` out as before "(ACRONYM)", with that
    "(ACRONYM)"; None when no such name is written."""
    for match in in_parentheses(text, acronym):
        before = text[max(0, match.start() - SPELLED_OUT_CHARS) : match.start()]
        if spelled := spelled_out(before, acronym):
            return spelled, match
    return None


def abbreviated(text: str, writing: str) -> str:
    """``text`` with each run of words whose initials spell an acronym that ``writing`` uses
    (three letters or more) written as that acronym: an answer that spells out "TCĐLCL" as
    "Tiêu chuẩn Đo lường Chất lượng" says what a passage writing "Tổng cục TCĐLCL" says."""
    for acronym in {match.group(0) for match in acronyms_in(writing)}:
        if len(acronym) < 3 or not acronym.isalpha():
            continue
        # Spelled out as a name: its first word capitalised ("Tiêu chuẩn …"), the rest either.
        first, *rest = (rf"{re.escape(letter)}\w*" for letter in acronym)
        spelled = r"\s+".join([f"(?-i:{first})", *rest])
        text = re.sub(rf"\b{spelled}\b", acronym, text, flags=re.IGNORECASE)
    return text


def spelled_out(before: str, acronym: str) -> str:
    """The words just before "(ACRONYM)" that spell it out, or "" when none plausibly do.

    Two ways a name is written: its words' initials give the acronym ("Tiêu chuẩn Đo lường
    Chất lượng (TCĐLCL)", "Asian Productivity Organization (APO)"), the shortest such run is
    taken; or it is the Vietnamese translation of a foreign acronym ("Cơ quan Tiêu chuẩn và
    Công nghệ Hàn Quốc (KATS)"), whose initials cannot match: then the name is the phrase
    after the last word that leads into it, started at its first capitalised word if it has
    one, and only a phrase of 2 to ``MAX_EXPANSION_WORDS`` words counts."""
    words = CLAUSE_BREAK.split(before)[-1].split()
    letters = [c for c in acronym.casefold() if c.isalpha()]
    if not words or not letters:
        return ""
    initials = [w[0].casefold() for w in words]
    for start in range(len(words) - 1, -1, -1):
        if len(words) - start > MAX_EXPANSION_WORDS:
            break
        matches = initials[start] == letters[0] and _is_subsequence(letters, initials[start:])
        if matches and len(words) - start >= 2:
            return " ".join(words[start:])
    cut = -1
    for i, word in enumerate(words):
        lowered = word.casefold()
        following = words[i + 1] if i + 1 < len(words) else ""
        if lowered in LEAD_INS and not (lowered in JOINERS and following[:1].isupper()):
            cut = i
    phrase = words[cut + 1 :]
    capitalised = [i for i, w in enumerate(phrase) if w[:1].isupper()]
    if capitalised:
        phrase = phrase[capitalised[0] :]
    while phrase and phrase[0].casefold() in DETERMINERS:
        phrase = phrase[1:]
    if not 2 <= len(phrase) <= MAX_EXPANSION_WORDS or acronym in phrase:
        return ""
    if not capitalised and len(phrase) > 2 * len(letters):
        return ""  # no capital to mark a name: only a phrase about as long as the acronym
    if not any(c.isalpha() for c in phrase[-1]):
        return ""  # "… nhiệm kỳ 2020-2021 (X)": a date or number, not a name
    if not any(c.isalpha() and c.islower() for c in " ".join(phrase)):
        return ""  # only capitals and digits: other acronyms, not a spelled-out name
    return " ".join(phrase)


# A question that leans on the turn before it: it opens with "còn / vậy / what about…" or
# points back with "đó / này / nó / it…" (assistant.condense folds in the earlier question).
FOLLOW_UP = re.compile(
    r"^(còn|vậy|thế còn|thế thì|and|what about|how about)\b"
    r"|\b(đó|này|ấy|nó|họ|thì sao|it|they|them|that|those)\b",
    re.IGNORECASE,
)


# -- Legal documents (issue 16) -------------------------------------------------------------

# Document types as a question names them (folded; English too), and the code their number
# carries after the year: "Nghị định 132/2008" is "132/2008/NĐ-CP" (``index.identifiers``).
DOCUMENT_TYPE_CODES = {
    "nghi dinh": "ND",
    "thong tu lien tich": "TTLT",
    "thong tu": "TT",
    "quyet dinh": "QD",
    "nghi quyet": "NQ",
    "chi thi": "CT",
    "cong van": "CV",
    "bo luat": "QH",
    "luat": "QH",
    "phap lenh": "UBTVQH",
    "decree": "ND",
    "joint circular": "TTLT",
    "circular": "TT",
    "decision": "QD",
    "resolution": "NQ",
    "directive": "CT",
    "law": "QH",
}
# A document type followed by its number: "nghi dinh so 132", "circular no. 24" (folded).
DOCUMENT_TYPE_NUMBER = re.compile(
    r"\b(" + "|".join(sorted(DOCUMENT_TYPE_CODES, key=len, reverse=True)) + r")"
    r"\s+(?:(?:so|no\.?|number)\s*)?(\d{1,5})\b"
)
# A legal text's reference to a part of itself or of another act ("Điều 214 của Bộ luật này",
# "khoản 1 Điều 4", "Chương II", "Luật này"): capitalised, but never who or what is asked.
CROSS_REFERENCE = re.compile(
    r"\b(?:Điều|Khoản|Điểm|Chương|Mục|Phần)\s+(?:\d+[a-zđ]?|[IVXLC]+\b|này)"
    r"|\b(?:Bộ luật|Luật|Nghị định|Thông tư|Pháp lệnh|Nghị quyết|Quyết định)\s+này\b"
)
# An act named by its title and year ("Luật Tiêu chuẩn và Quy chuẩn kỹ thuật năm 2006", "Bộ luật
# Lao động 2019"): the year names the act, it dates nothing the sentence says. (Decrees and
# circulars carry the year in their number, "132/2008/NĐ-CP", which is no year anyway.)
NAMED_ACT_YEAR = re.compile(
    r"\b(?:Bộ luật|Luật|Pháp lệnh|Hiến pháp)\s+[^\d,.;:()]{0,80}?(?:năm\s+)?(?:1[89]|20)\d\d\b"
)
# The parts of a legal document a question names (folded): "Điều 5", "khoản 2", "điểm a",
# and in English "Article 5", "clause 2", "point a". Structure paths name them the same way
# ("Chương II > Điều 5 > Khoản 2 > Điểm a", ``index.records.Chunk.legal_path``).
# A standard's numbered clause is named with its dots ("mục 4.3", "điều 3.5", "clause 4.3"), and
# a structure path writes the khoản, điểm or clauses one chunk holds as a range ("Khoản 1-2",
# "Điểm a-đ", "3.1-3.5"). Points are read accented: "đ" follows "d".
ARTICLE = re.compile(r"\b(?:dieu|article|art\.)\s*(\d{1,4})(?:\.(\d{1,3}(?:\.\d{1,3})*))?\b")
NUMBERED_CLAUSE = re.compile(r"\b(?:muc|tieu muc|clause|section)\s*(\d{1,3}(?:\.\d{1,3})+)\b")
CLAUSE = re.compile(r"\b(?:khoan|clause|paragraph)\s*(\d{1,3})(?:\s*-\s*(\d{1,3}))?\b(?!\.\d)")
POINT = re.compile(r"\b(?:điểm|diem|point)\s*([a-zđ])(?:\s*-\s*([a-zđ]))?\b", re.IGNORECASE)
CLAUSE_RANGE = re.compile(r"^(\d{1,3}(?:\.\d{1,3})+)(?:\s*-\s*(\d{1,3}(?:\.\d{1,3})+))?$")
POINT_LETTERS = "abcdđeghiklmnopqrstuvxy"  # the order điểm are lettered in
