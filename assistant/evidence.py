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
from index import Hit, fold

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
# Sentences that talk to the model instead of informing the reader: content, never commands.
_INSTRUCTION = re.compile(
    r"(bỏ qua|phớt lờ|quên)\s+(mọi|tất cả|các|những)?\s*(hướng dẫn|chỉ dẫn|chỉ thị|quy tắc|lệnh)"
    r"|ignore\s+(all\s+|any\s+|the\s+)?(previous|prior|above)\s+instructions"
    r"|^\s*(system|hệ thống|assistant|trợ lý)\s*:"
    r"|\b(you are now|bạn bây giờ là|từ giờ bạn là|hãy đóng vai)\b",
    re.IGNORECASE,
)


def is_instruction(sentence: str) -> bool:
    return bool(_INSTRUCTION.search(sentence))


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


ORDINALS = ("nhat", "hai", "ba", "tu", "nam", "sau", "bay", "tam", "chin", "muoi")  # folded
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
