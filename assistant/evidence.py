"""Sentence scoring over retrieved passages: picks extractive answers and measures evidence.

A sentence's score is the IDF-weighted share of the question's content words it contains
(with a little credit for its neighbours), so rare words — names, numbers, the asked-about
thing — count most. The best score across the passages is the lexical evidence that the
documents answer the question at all.
"""

from __future__ import annotations

import functools
import itertools
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from assistant.sentences import Spans, neighbourhood, sentence_spans
from assistant.support import STOPWORDS, numbers
from index import Hit, fold, normalize_tone
from index.enumeration import ORDINALS

# Words that shape a question but are never in the answer (folded).
QUESTION_WORDS = frozenset(
    (
        "bao nhieu nao gi ai dau sao khong phai hay hoi viet tat nghia ten gom cu the nhung "
        "cac duoc la co con lam vay nua ke biet cho what who when where which why how many "
        "much does did is are was were of and in to a an for by with about stand mean year"
    ).split()
)
_WORD = re.compile(r"\w+")
_QUESTION_PHRASES = re.compile(r"\bmấy\b")
# -- instructions planted in documents ------------------------------------------------------
# Sentences that talk to the answerer instead of informing the reader are content, never
# commands, and never evidence either: they are not quoted, not given to the model and not
# shown as snippets. They are recognised by their grammar, not by known wordings:
# - addressed to an AI: "Lưu ý dành cho trợ lý AI: …", "Note to the model", "Nếu bạn là AI";
# - orders to set aside what came before: "Bỏ qua các hướng dẫn ở trên", "Disregard the above";
# - a change of role: "you are now", "từ giờ bạn là", "hãy đóng vai", "pretend that";
# - an imperative to answer, say, assert, confirm… with no subject of its own, at the start of
#   a sentence or clause, after "hãy / vui lòng / bạn phải", or after a condition ("Nếu được
#   hỏi …, trả lời rằng …"); "đừng tiết lộ", "say that", "respond with:";
# - chat-template tokens and "System:"-style speaker labels.
# Reported speech stays evidence: "Tổng cục trả lời rằng …", "ACCSQ confirmed that …" say who
# answered. A false fact written plainly (or reported) is still answered: a residual risk.
_AI = (
    r"(?:trợ lý (?:ảo|ai|trí tuệ nhân tạo)|mô hình (?:ngôn ngữ(?: lớn)?|ai|trí tuệ nhân tạo)"
    r"|chat ?bot|chatgpt|gpt|llm|ai|a\.i\.|(?:ai |virtual )?assistants?|(?:ai |language )models?"
    r"|trí tuệ nhân tạo)"
)
# "trợ lý" and "mô hình" alone name people and management models ("Trợ lý Bộ trưởng", "mô
# hình quản lý"): only where a note is addressed to them.
_ADDRESSEE = rf"(?:(?:các |the |any |all |every )?(?:{_AI}|trợ lý|mô hình|hệ thống))"
_SAY_VI = r"(?:trả lời|đáp|nói|khẳng định|xác nhận|tuyên bố|nhắc lại|lặp lại|tiết lộ|trích dẫn)"
_SAY_EN = (
    r"(?:say|answer|respond|reply|state|claim|assert|confirm|declare|tell|write|output|print"
    r"|repeat|insist|mention|reveal|cite)"
)
_ANSWER_VERB_VI = rf"(?:{_SAY_VI}|ưu tiên|bỏ qua|viết|ghi)"
_ANSWER_VERB_EN = rf"(?:{_SAY_EN}|prioriti[sz]e|ignore|disregard|forget)"
_CLAUSE_START = r"(?:^|[;:\n])\s*[\"'“(]*\s*"
# "Nếu được hỏi về ngân sách, …", "When asked, …": what follows the comma is an order when it
# starts with the verb (reported speech names its speaker: "…, Tổng cục trưởng nói rằng").
_CONDITION = r"^\s*(?:nếu|khi|if|when|whenever)\b[^.;:]{0,120},\s*(?:hãy\s+|thì\s+|please\s+)?"
_INSTRUCTION = re.compile(
    # Addressed to an AI.
    rf"\b(?:lưu ý|ghi chú|chú ý|nhắc nhở|thông báo|thông điệp|note|notice|message|attention"
    rf"|reminder|instructions?)\s+(?:(?:dành|gửi)\s+)?(?:cho|gửi|to|for)?\s*{_ADDRESSEE}\b"
    rf"|^\s*(?:gửi|kính gửi|dear|to|attention|hey|hi|hello|xin chào)\s+{_ADDRESSEE}\b"
    rf"|^\s*{_ADDRESSEE}\s*(?::|,\s*(?:hãy|please|you|bạn)\b)"
    rf"|\b(?:nếu|if)\s+(?:bạn|you)\s+(?:là|are)\s+(?:một\s+|an?\s+|the\s+)?{_AI}\b"
    rf"|\b(?:as\s+an?|với tư cách(?:\s+là)?(?:\s+một)?)\s+{_AI}\b"
    rf"|\b{_AI}\s+(?:phải|cần|nên|hãy|must|should|shall|has to|needs? to)\s+"
    rf"(?:{_ANSWER_VERB_VI}|{_ANSWER_VERB_EN})\b"
    # Orders to set aside what came before.
    r"|\b(?:bỏ qua|phớt lờ|lờ đi|quên|gạt bỏ|không (?:cần )?để ý)\s+(?:đi\s+)?"
    r"(?:(?:mọi|tất cả|toàn bộ|các|những)\s+)?(?:(?:hướng dẫn|chỉ dẫn|chỉ thị|quy tắc|lệnh"
    r"|yêu cầu|tài liệu|ngữ cảnh)\b|(?:nội dung|phần|đoạn|thông tin|mọi thứ|điều)\s+"
    r"(?:\w+\s+)?(?:ở\s+|phía\s+)?(?:trên|trước(?: đó)?)\b)"
    r"|\b(?:ignore|disregard|forget|override|bypass)\s+(?:(?:all|any|the|your|my|these|those"
    r"|everything|every(?:thing)?|of)\s+)*(?:above|previous|prior|earlier|preceding|instructions?"
    r"|prompts?|rules?|directions?|context|documents?|sources?|system)\b"
    # A change of role.
    r"|\b(?:you are now|you're now|from now on,? you|bạn bây giờ là|bây giờ bạn là"
    r"|từ (?:giờ|bây giờ|nay)(?: trở đi)?,? bạn (?:là|hãy|sẽ|phải|chỉ)|hãy đóng vai"
    r"|đóng vai (?:là\s+)?(?:một\s+)?(?:trợ lý|quản trị|ai)\b|giả vờ (?:là|rằng)"
    r"|giả sử bạn là|pretend (?:to be|that|you)|act as (?:an?|the|if)|roleplay)\b"
    # An imperative to answer, with no subject of its own.
    rf"|{_CONDITION}(?:{_SAY_VI}|{_SAY_EN})\b"
    rf"|\b(?:hãy|vui lòng|xin hãy|bạn (?:hãy|phải|cần|nên|chỉ được))\s+(?:luôn\s+|chỉ\s+)?"
    rf"{_SAY_VI}\s+(?:với\s+(?:người dùng|họ|mọi người)\s+)?(?:rằng|là|:|\"|“)"
    rf"|{_CLAUSE_START}(?:luôn\s+|chỉ\s+)?{_SAY_VI}\s+"
    r"(?:rằng|là|với người dùng|cho người dùng|người dùng)\b"
    r"|\bđừng\s+(?:bao giờ\s+)?(?:tiết lộ|nhắc|đề cập|nói|trả lời|trích dẫn|cho biết|tiết"
    r"|thừa nhận)\b"
    rf"|{_CLAUSE_START}(?:please\s+|always\s+|only\s+|now\s+|then\s+)*{_ANSWER_VERB_EN}"
    r"\s*(?:(?:only|just|always)\s+)?(?:that\b|with\b|:|\"|“|'|the user\b|users\b|them\b"
    r"|everyone\b|anyone\b|the answer\b)"
    rf"|\b(?:please|and then|then)\s+(?:only\s+)?{_ANSWER_VERB_EN}\b"
    r"|\band\s+(?:only\s+)?(?:say|respond|reply)\b|\band\s+answer\s+(?:that|with|only|:)"
    rf"|\b(?:you|bạn)\s+(?:must|should|have to|need to|will|are to|phải|cần|nên|sẽ|chỉ)"
    rf"\s+(?:only\s+|chỉ\s+|luôn\s+)?(?:{_SAY_EN}|{_SAY_VI})\b"
    r"|\b(?:câu trả lời|câu đáp|the answer|your answer|your response)(?:\s+\w+)?\s+"
    r"(?:phải|nên|cần|luôn|must|should)\s+(?:là|be)\b"
    # Chat-template tokens, speaker labels.
    r"|<\|[a-z_]+\|>|\[/?inst\]|<</?sys>>"
    r"|^\s*(?:system|hệ thống|assistant|trợ lý|user|người dùng)\s*:",
    re.IGNORECASE | re.MULTILINE,
)


def is_instruction(sentence: str) -> bool:
    """Does ``sentence`` address the answerer (an order, a note to an AI) rather than inform?"""
    return bool(_INSTRUCTION.search(normalize_tone(sentence)))


@functools.lru_cache(maxsize=8192)
def informative_spans(text: str) -> Spans:
    """Sentence spans of a passage, without the sentences that address the model."""
    return tuple(s for s in sentence_spans(text) if not is_instruction(text[s[0] : s[1]]))


@dataclass(frozen=True)
class ScoredSentence:
    passage: int  # index into the hits
    start: int
    end: int
    score: float


def question_terms(question: str) -> set[str]:
    """Content syllables plus the pairs they form in the question: "nhân viên" must occur as a
    pair, not as "nhân dân … viên chức"."""
    # Question phrases go before folding, which would make "mấy" the "máy" of "máy đo".
    words = _WORD.findall(fold(_QUESTION_PHRASES.sub(" ? ", question.lower())))
    keep = [t not in QUESTION_WORDS and t not in STOPWORDS and not t.isdigit() for t in words]
    singles = {t for t, k in zip(words, keep, strict=True) if k}
    pairs = {
        f"{a}_{b}"
        for (a, keep_a), (b, keep_b) in itertools.pairwise(zip(words, keep, strict=True))
        if keep_a and keep_b
    }
    return singles | pairs | asked_ordinals(question)


@functools.lru_cache(maxsize=65536)
def passage_terms(text: str) -> frozenset[str]:
    words = _WORD.findall(fold(text))
    return frozenset(words) | {f"{a}_{b}" for a, b in itertools.pairwise(words)}


def term_weights(
    terms: set[str], weights: Callable[[set[str]], dict[str, float]]
) -> dict[str, float]:
    """IDF per term; a pair weighs as much as its two syllables together."""
    singles = weights({part for t in terms for part in t.split("_")})
    return {t: sum(singles[p] for p in t.split("_")) for t in terms}


def score_sentences(
    question: str, hits: Sequence[Hit], weights: Callable[[set[str]], dict[str, float]]
) -> list[ScoredSentence]:
    """Every non-instruction sentence of the passages, best first."""
    terms = question_terms(question)
    wanted_numbers = numbers(question)
    idf = term_weights(terms, weights) if terms else {}
    for ordinal in asked_ordinals(question) & idf.keys():
        # "Trụ cột thứ tư là gì?": the ordinal picks the item, however common its syllables.
        idf[ordinal] = max(idf.values())
    total = sum(idf.values()) or 1.0
    acronym = defined_acronym(question)
    scored: list[ScoredSentence] = []
    for position, hit in enumerate(hits):
        spans = informative_spans(hit.text)
        for i, (start, end) in enumerate(spans):
            own = passage_terms(hit.text[start:end])
            window = own | passage_terms(hit.text[slice(*neighbourhood(spans, i))])
            if not terms:
                score = 0.0
            else:
                score = 0.8 * sum(idf[t] for t in terms & own) / total
                score += 0.2 * sum(idf[t] for t in terms & window) / total
            if wanted_numbers and not wanted_numbers <= numbers(hit.text[start:end]):
                score *= 0.8
            if acronym and defines(hit.text[start:end], acronym):
                score += 0.5  # above any sentence that merely uses it
            score *= 1.0 - 0.03 * position  # earlier passages ranked higher by retrieval
            scored.append(ScoredSentence(position, start, end, round(score, 4)))
    scored.sort(key=lambda s: -s.score)
    return scored


_ORDINAL = re.compile(rf"\bthu ({'|'.join(ORDINALS)})\b")


def asked_position(question: str) -> int | None:
    """The item a question asks for by its ordinal: 4 for "Trụ cột thứ tư là gì?"."""
    found = _ORDINAL.findall(fold(question))
    return ORDINALS.index(found[0]) + 1 if len(found) == 1 else None


def asked_ordinals(question: str) -> set[str]:
    """Ordinal pairs of the question as question terms: {'thu_tu'} for "… thứ tư là gì?"."""
    return {f"thu_{m}" for m in _ORDINAL.findall(fold(question))}


# "TBT là gì?", "STAMEQ là viết tắt của gì?", "What does ACCSQ stand for?"
_ASKS_DEFINITION = re.compile(
    r"\b(la gi|nghia la gi|viet tat|la to chuc gi|la co quan (gi|nao)|la uy ban (gi|nao)"
    r"|stand for|what is|what does)\b"
)
_ACRONYM = re.compile(r"\b[A-ZĐ][A-ZĐ0-9&]{1,9}\b")


def defined_acronym(question: str) -> str | None:
    """The acronym a definition question asks about, if it is one."""
    if not _ASKS_DEFINITION.search(fold(question)):
        return None
    found = _ACRONYM.findall(question)
    return found[0] if len(found) == 1 else None


def defines(sentence: str, acronym: str) -> bool:
    """Does the sentence spell the acronym out: "… Thương mại (TBT)", "TBT (Technical …)"?"""
    escaped = re.escape(acronym)
    return bool(
        re.search(
            rf"\w[^()]{{3,}}\(\s*{escaped}\s*\)|\b{escaped}\s*\(\s*[A-ZĐ]?[a-zà-ỹđ]{{2,}}", sentence
        )
    )


def window_coverage(
    question: str, hits: Sequence[Hit], weights: Callable[[set[str]], dict[str, float]]
) -> float:
    """Best IDF-weighted share of the question's content words found within three adjacent
    sentences of one passage: can these passages answer it at all?"""
    terms = question_terms(question)
    if not terms:
        return 0.0
    idf = term_weights(terms, weights)
    total = sum(idf.values()) or 1.0
    best = 0.0
    for hit in hits:
        spans = informative_spans(hit.text)
        for i in range(len(spans)):
            window = passage_terms(hit.text[slice(*neighbourhood(spans, i))])
            best = max(best, sum(idf[t] for t in terms & window) / total)
    return round(best, 4)


# -- answer type ---------------------------------------------------------------------------
# What kind of thing the question asks for (folded text), and whether a sentence offers one:
# a "how many" question is not answered by a sentence without a number, however on-topic.
_ASKS_NUMBER = re.compile(r"\b(bao nhieu|may|how many|how much)\b")
_ASKS_DATE = re.compile(r"\b(nam nao|khi nao|bao gio|ngay nao|thang nao|when|what year)\b")
_ASKS_NAME = re.compile(r"(^|\s)(ai|who)(\s|$|\?)")
# Number words, matched with their tone marks (folded, "sáu" would be "sâu", "tám" "tâm");
# "một" (also "a") and "năm" (also "year") say too little on their own.
_NUMBER_WORDS = re.compile(
    r"\b(?:hai|ba|bốn|sáu|bảy|tám|chín|mười|mươi|trăm|nghìn|ngàn|triệu|tỷ|tỉ|chục)\b",
    re.IGNORECASE,
)
_COUNT = re.compile(r"\d+(?:[.,]\d+)*|" + _NUMBER_WORDS.pattern, re.IGNORECASE)
# "bao nhiêu doanh nghiệp": the counted noun's first syllable.
_COUNTED_NOUN = re.compile(r"\b(?:bao nhiêu|bao nhieu|mấy|may)\s+(\w+)")
_TEMPORAL = re.compile(
    r"\b(?:hằng|hàng) (?:năm|tháng|quý|tuần|ngày)\b|\bđịnh kỳ\b|\b(?:trước|sau) khi\b"
    r"|\b(?:mỗi|một) (?:năm|tháng|quý|tuần) một lần\b",
    re.IGNORECASE,
)
_YEAR_OR_DATE = re.compile(r"\b(?:1[89]\d\d|20\d\d)\b|\b\d{1,2}/\d{1,2}\b")
_NAME = re.compile(r"\b[A-ZĐÀ-Ỹ][\w]*(?:\s+[A-ZĐÀ-Ỹ][\w]*)+|\b[A-ZĐ]{2,}\b")


def expected_answer_type(question: str) -> str | None:
    folded = fold(question)
    if _ASKS_DATE.search(folded):
        return "date"
    if _ASKS_NUMBER.search(folded):
        return "number"
    if _ASKS_NAME.search(folded):
        return "name"
    return None


def offers_answer_type(sentence: str, question: str, kind: str | None) -> bool:
    """Does ``sentence`` contain something of the asked kind that the question does not?"""
    if kind is None:
        return True
    if kind == "number":
        noun = _COUNTED_NOUN.search(question.lower())
        counted = noun.group(1) if noun else ""
        marked = _COUNT.sub(" 0 ", sentence).lower()
        if counted == fold(counted):  # typed without diacritics: compare folded
            counted = "" if counted in QUESTION_WORDS | STOPWORDS else counted
            marked = fold(marked)
        if counted:
            # The count must be of the asked thing: "55 khóa đào tạo", "sáu định hướng".
            return re.search(rf"\b0\s+(?:\w+\s+){{0,2}}{re.escape(counted)}\b", marked) is not None
        return bool(numbers(sentence) - numbers(question)) or bool(_NUMBER_WORDS.search(sentence))
    if kind == "date":
        asked = set(_YEAR_OR_DATE.findall(question))
        if _TEMPORAL.search(sentence) and not _TEMPORAL.search(question):
            return True  # "khi nào?" — "hằng năm", "trước khi lắp đặt"
        return any(m not in asked for m in _YEAR_OR_DATE.findall(sentence))
    asked_names = {fold(n) for n in _NAME.findall(question)}
    if any(fold(n) not in asked_names for n in _NAME.findall(sentence)):
        return True
    # Organisations are written in sentence case ("Trung tâm Mã số mã vạch quốc gia"): a
    # capitalised word inside the sentence that the question does not have.
    asked_words = {fold(w) for w in _WORD.findall(question)}
    return any(
        word[:1].isupper() and fold(word) not in asked_words for word in _WORD.findall(sentence)[1:]
    )
