"""Sentence scoring over retrieved passages: picks extractive answers and measures evidence.

A sentence's score is the IDF-weighted share of the question's content words it contains
(with a little credit for its neighbours), so rare words — names, numbers, the asked-about
thing — count most. The best score across the passages is the lexical evidence that the
documents answer the question at all.
"""

from __future__ import annotations

import dataclasses
import functools
import itertools
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from math import fsum

from assistant.config import EvidenceWeights
from assistant.instructions import is_instruction
from assistant.language import detect_language
from assistant.passages import PhraseSimilarity, Similarity
from assistant.support import numbers
from index import Hit, fold
from index.diacritics import has_diacritics
from index.identifiers import identifiers_in
from index.routing import ArticleRef
from index.sentences import Spans, neighbourhood, passage_spans
from index.terms import asked_ordinals, passage_terms, question_terms, term_weights
from index.vietnamese import (
    ASKS_BUSINESS,
    ASKS_CONTACT,
    ASKS_DATE,
    ASKS_DAY,
    ASKS_DOCUMENT_NUMBER,
    ASKS_FIRM,
    ASKS_FIRM_BARE,
    ASKS_FROM_DAY,
    ASKS_MEANING,
    ASKS_MONEY,
    ASKS_NAME,
    ASKS_NUMBER,
    ASKS_ORGANISATION,
    ASKS_PLACE,
    ASKS_WHEN,
    ASKS_WHERE,
    CLASSIFIERS,
    CONTACT_VALUE,
    COUNTED_NOUN,
    COUNTED_NOUN_BARE,
    CROSS_REFERENCE,
    DATED_PREDICATE,
    DOCUMENT_NUMBER,
    ENGLISH_TITLE_WORDS,
    FROM_DAY_CLAUSE,
    HOW_MANY,
    HOW_MANY_BARE,
    IMPLIED_NAMES,
    MONEY_AMOUNT,
    MONEY_SHARE,
    MONEY_WORD,
    NAME_SYNONYMS,
    NAMED_ACT_YEAR,
    NOT_A_BUSINESS,
    NOT_A_NOUN,
    NOT_COUNTED,
    NUMBER_WORD,
    ORDINAL_PHRASE,
    ORDINALS,
    PLACE_PHRASE,
    PLAN_KINDS,
    QUESTION_WORDS,
    STOPWORDS,
    SUPERLATIVE,
    TEMPORAL,
    TITLES,
    UNIT_SYNONYMS,
    UPPER,
    WHEN_CLAUSE,
    WHERE,
    WHERE_BARE,
    WRITTEN_DATE,
    defined_acronym,
    defined_term,
    defines,
    listed_noun,
)

# Names other modules import from here; the terms and word lists themselves live in
# ``index.terms`` and ``index.vietnamese``.
__all__ = [
    "QUESTION_WORDS",
    "STOPWORDS",
    "EvidenceWeights",
    "ScoredSentence",
    "alike_coverage",
    "answering_sentences",
    "asked_ordinals",
    "asked_position",
    "contradicts_periods",
    "count_phrases",
    "counted_phrase",
    "defined_acronym",
    "defines",
    "expected_answer_type",
    "informative_spans",
    "is_instruction",
    "offers_answer_type",
    "passage_terms",
    "question_terms",
    "score_sentences",
    "stated_periods",
    "term_weights",
    "window_coverage",
    "word_phrases",
    "written_terms",
]

_WORD = re.compile(r"\w+")


@functools.lru_cache(maxsize=8192)
def informative_spans(text: str) -> Spans:
    """Sentence spans of a passage, without the sentences that address the model."""
    return tuple(s for s in passage_spans(text) if not is_instruction(text[s[0] : s[1]]))


SCORING = EvidenceWeights()  # the weights in use (assistant/config.py documents each)


@dataclass(frozen=True)
class ScoredSentence:
    passage: int  # index into the hits
    start: int
    end: int
    score: float


def score_sentences(
    question: str,
    hits: Sequence[Hit],
    weights: Callable[[set[str]], dict[str, float]],
    scoring: EvidenceWeights = SCORING,
) -> list[ScoredSentence]:
    """Every non-instruction sentence of the passages, best first (``weights``: the index's
    syllable IDF; ``scoring``: how the score is made)."""
    terms = question_terms(question)
    wanted_numbers = numbers(question)
    idf = term_weights(terms, weights) if terms else {}
    for ordinal in asked_ordinals(question) & idf.keys():
        # "Trụ cột thứ tư là gì?": the ordinal picks the item, however common its syllables.
        idf[ordinal] = max(idf.values())
    total = fsum(idf.values()) or 1.0
    acronym = defined_acronym(question)
    term = defined_term(question) if not acronym else None
    # "Điều cấm của luật là những quy định …" defines the asked term (compiled once, not per
    # sentence: this loop runs over every sentence of every passage).
    defining = re.compile(rf"(?:^|\W){re.escape(term)} la\b") if term else None
    # "Những nguyên nhân chính nào …?" — "Nguyên nhân không đạt chủ yếu là …": the sentence
    # that says what the asked things are is read as a definition is.
    listed = listed_noun(question) if not term and not acronym else None
    announcing = (
        re.compile(rf"(?:^|\W){re.escape(listed)}\b(?:\s+\w+){{0,4}}?\s*(?:la|gom|bao gom|:)")
        if listed
        else None
    )
    # Asked for a date, the answer is another year ("Sau năm 1990, … gia nhập năm nào?"); asked
    # for a day, the years beside the dates still say which event it is.
    folded = fold(question)
    asks_day = ASKS_DAY.search(folded) is not None
    dated = ASKS_DATE.search(folded) is not None
    periods = stated_periods(question) if asks_day or not dated else []
    named = ArticleRef.named_in(question)
    proper = proper_names(question)
    plans = set(PLAN_KINDS.findall(folded))
    standards = standard_codes(question)
    frames = answer_frames(question)
    superlative = SUPERLATIVE.search(question) is not None
    scored: list[ScoredSentence] = []
    for position, hit in enumerate(hits):
        unnamed = bool(proper) and not names_written(proper, f"{hit.title}\n{hit.text}")
        other_plan = bool(plans) and not plans <= set(
            PLAN_KINDS.findall(fold(f"{hit.title} {hit.text}"))
        )
        spans = informative_spans(hit.text)
        place = placement_terms(hit)
        at = ArticleRef.named_in(hit.legal_path) if named and hit.legal_path else None
        elsewhere = at is not None and named is not None and at.article != named.article
        asked = [p for p in periods if p[0] != p[1] or p[0] not in naming_years(question, hit)]
        # A passage (with its title) that states years, never the asked one, speaks of those
        # years: its sentences without a year of their own are theirs ("công tơ điện tử chiếm
        # 91,4% … trong năm" on a page about 2023–2025 does not answer "Năm 2022, …?").
        # (Read as a sentence's neighbours are; only when the question states a year: this
        # loop runs over every sentence of every passage.)
        other_years = False
        if asked:
            whole = NAMED_ACT_YEAR.sub(" ", f"{hit.title}\n{hit.text}")
            other_years = contradicts_periods(
                WRITTEN_DATE.sub(" ", whole) if asks_day else whole, asked
            )
        for i, (start, end) in enumerate(spans):
            own = passage_terms(hit.text[start:end])
            around = hit.text[slice(*neighbourhood(spans, i))]
            window = own | passage_terms(around) | place
            if not terms:
                score = 0.0
            else:
                score = scoring.own_sentence * fsum(idf[t] for t in terms & own) / total
                score += scoring.neighbours * fsum(idf[t] for t in terms & window) / total
            if wanted_numbers and not wanted_numbers <= numbers(hit.text[start:end]):
                score *= scoring.missing_number
            sentence = hit.text[start:end]
            # Folded once, and only when a pattern below reads it (fold is lower case too).
            said = fold(sentence) if frames or defining or announcing else ""
            if frames:
                # The sentence states the asked thing in the question's own frame.
                score += (
                    scoring.answer_in_frame
                    * sum(bool(p.search(said)) for p in frames)
                    / len(frames)
                )
            if (
                (acronym and defines(sentence, acronym))
                or (defining and defining.search(said))
                or (announcing and announcing.search(said))
            ):
                score += scoring.definition
            # A sentence that states its own year speaks of that year, whatever its neighbours
            # say ("Tính đến hết năm 2024, … 31.520 doanh nghiệp" beside "Trong năm 2023, …"
            # does not answer "cuối năm 2023"). Its dates are left out: a decision's signing
            # day ("Quyết định … ngày 25/3/2024") is no time frame, nor a law's name's year.
            if asked and (
                other_years
                or contradicts_periods(
                    NAMED_ACT_YEAR.sub(" ", WRITTEN_DATE.sub(" ", sentence)), asked
                )
                or contradicts_periods(WRITTEN_DATE.sub(" ", around) if asks_day else around, asked)
            ):
                score *= scoring.contradicted_year
            if elsewhere:
                score *= scoring.other_article
            if unnamed:
                score *= scoring.missing_name
            if other_plan:
                score *= scoring.other_plan
            if standards and another_standard(sentence, standards):
                score *= scoring.other_standard
            if superlative and not SUPERLATIVE.search(sentence):
                score *= scoring.missing_superlative
            score *= 1.0 - scoring.rank_decay * position
            scored.append(ScoredSentence(position, start, end, round(score, 4)))
    scored.sort(key=lambda s: -s.score)
    return scored


# The years and periods a text states (``stated_periods``), as (first, last) years. A year
# inside a code ("ISO 9001:2015", "2439/QĐ-TĐC") is none; a date's year is ("21/12/2023").
_YEAR = r"(?<![\d:/.,])((?:1[89]|20)\d\d)(?![\d:/])"
# Each also as typed without diacritics ("so voi nam 2023").
# The compared figure may come between ("so với 42 TCVN vào cuối năm 2024").
_COMPARED = re.compile(
    rf"so (?:với|voi)\s+(?:[^\s,.;:()]+\s+){{0,6}}?(?:(?:năm|nam)\s+)?{_YEAR}", re.IGNORECASE
)
_SINCE = re.compile(
    rf"(?:từ|tu)\s+(?:(?:năm|nam)\s+)?{_YEAR}\s+(?:đến|tới|den|toi)\s+nay", re.IGNORECASE
)
_PERIOD = re.compile(
    rf"{_YEAR}\s*(?:-|–|—|đến|tới|den|toi|to)\s*(?:(?:năm|nam)\s+)?((?:1[89]|20)\d\d)(?!\d)",
    re.IGNORECASE,
)
_UNTIL = re.compile(rf"(?:đến|tới|den|toi|until|by)\s+(?:(?:năm|nam)\s+)?{_YEAR}", re.IGNORECASE)
_DATE_YEAR = re.compile(r"\b\d{1,2}/(?:\d{1,2}/)?((?:1[89]|20)\d\d)\b")
_STATED_YEAR = re.compile(_YEAR)
_OPEN_END = 9999


def stated_periods(text: str) -> list[tuple[int, int]]:
    """The periods a text states, as (first, last) years: a year alone or ending a date is
    itself; "2015-2020" is a period, "từ năm 2015 đến nay" runs to now, "đến năm 2025" is a
    deadline that covers the years before it; "so với năm 2022" is a comparison, no statement
    about 2022."""
    periods: list[tuple[int, int]] = []

    def take(pattern: re.Pattern[str], period: Callable[[re.Match[str]], tuple[int, int]]) -> None:
        nonlocal text
        for match in pattern.finditer(text):
            periods.append(period(match))
        text = pattern.sub(" ", text)

    take(_COMPARED, lambda m: (0, 0))
    take(_SINCE, lambda m: (int(m[1]), _OPEN_END))
    take(_PERIOD, lambda m: (int(m[1]), int(m[2])))
    take(_UNTIL, lambda m: (0, int(m[1])))
    take(_DATE_YEAR, lambda m: (int(m[1]), int(m[1])))
    take(_STATED_YEAR, lambda m: (int(m[1]), int(m[1])))
    return [p for p in periods if p != (0, 0)]


_TITLE_YEAR = re.compile(r"(\w+)\s+((?:1[89]|20)\d\d)\b")


def naming_years(question: str, hit: Hit) -> set[int]:
    """The years by which the question names this hit's document, as its title writes them
    ("Bộ luật Lao động 2019 quy định …"): they ask nothing about that year."""
    folded = fold(question)
    return {
        int(m[2])
        for m in _TITLE_YEAR.finditer(fold(f"{hit.title} {hit.doc_number}"))
        if f"{m[1]} {m[2]}" in folded
    }


def contradicts_periods(text: str, periods: Sequence[tuple[int, int]]) -> bool:
    """Does ``text`` state years, none of them within the question's ``periods``?"""
    said = stated_periods(text)
    return bool(said) and not any(a <= d and c <= b for a, b in said for c, d in periods)


# The asked slot and the words either side of it (folded): "hỗ trợ bao nhiêu doanh nghiệp",
# "thử nghiệm những chỉ tiêu gì".
_ASKED_COUNT_SLOT = re.compile(r"(\w+)\s+(?:bao nhieu|may)\s+(\w+(?:\s+\w+)?)")
# Things asked as a list ("những chỉ tiêu gì"): the determiner says a noun follows ("tuân theo
# gì", "gia nhập năm nào" frame the question's own verb, not the answer).
_ASKED_THING_SLOT = re.compile(r"(\w+)\s+(?:nhung|cac)\s+(\w+(?:\s+\w+)?)\s+(?:gi|nao)\b")
_COUNTED_VALUE = r"\d+(?:[.,]\d+)*\s*%?"


def answer_frames(question: str) -> list[re.Pattern[str]]:
    """Patterns of the question's asked slots in its own frame, on folded text: "hỗ trợ bao
    nhiêu doanh nghiệp" is "ho tro 37 doanh nghiep"; "tăng bao nhiêu so với năm 2023" is "tang
    15 doanh nghiep so voi nam 2023" (two words may come between the count and what follows);
    "thử nghiệm những chỉ tiêu gì" is "thu nghiem cac chi tieu dam tong so". Only where the
    word before the slot says something (not "có", "là")."""
    folded = fold(question)
    frames: list[re.Pattern[str]] = []
    for before, after in _ASKED_COUNT_SLOT.findall(folded):
        if before not in STOPWORDS and before not in QUESTION_WORDS:
            frames.append(
                re.compile(
                    rf"\b{re.escape(before)}\s+(?:\w+\s+)?{_COUNTED_VALUE}\s+(?:\w+\s+){{0,2}}?"
                    rf"{re.escape(after)}\b"
                )
            )
    for before, thing in _ASKED_THING_SLOT.findall(folded):
        if before not in STOPWORDS and before not in QUESTION_WORDS:
            frames.append(
                re.compile(rf"\b{re.escape(before)}\s+(?:(?:cac|nhung)\s+)?{re.escape(thing)}\s+\w")
            )
    return frames


def standard_codes(text: str) -> set[str]:
    """The standard codes ``text`` states, as their series and number ("std tcvn 14413"; a
    "TCVN ISO 9001" also as "std iso 9001"), editions and issuers aside."""
    return {
        key
        for found in identifiers_in(text)
        for key in found.keys
        if key.startswith("std ") and ":" not in key
    }


def another_standard(sentence: str, asked: set[str]) -> bool:
    """Does ``sentence`` state a code of a series the question asks about (``asked``, from
    ``standard_codes``), and none of the asked codes? "TCVN 14412:2025 quy định …" for a
    question about TCVN 14413:2025."""
    said = standard_codes(sentence)
    series = {key.split()[1] for key in asked}
    return not said & asked and any(key.split()[1] in series for key in said)


def proper_names(question: str) -> set[str]:
    """The names of two or more capitalised words a Vietnamese question states, folded ("Bình
    Dương", "Nguyễn Minh Tuấn"), but not the question's first word, capitalised anyway, nor
    the country every document is about (``vietnamese.IMPLIED_NAMES``). English capitalises
    titles and phrases ("Prime Minister"): none there."""
    if detect_language(question) == "en":
        return set()
    found: set[str] = set()
    run: list[str] = []
    for i, word in enumerate([*question.split(), ""]):
        bare = word.strip("\"'“”‘’(),.;:?!")
        if i > 0 and bare[:1].isupper() and bare.isalpha() and not bare.isupper():
            run.append(bare)
            if bare == word:
                continue  # punctuation after a word ends the name
        if len(run) >= 2:
            found.add(fold(" ".join(run)))
        run = []
    return found - IMPLIED_NAMES


def names_written(names: set[str], text: str) -> bool:
    """Does ``text`` write each of ``names`` (folded; from ``proper_names``), or another name
    for it (``vietnamese.NAME_SYNONYMS``)? Each word of a name must be in the text, the first
    capitalised there: two names side by side in a question ("ở Thăng Long Nguyễn Huệ") are one
    run of words, and a nickname may be capitalised in the question only ("Hạt Đậu Nhỏ")."""
    words = _WORD.findall(text)
    written = {fold(w) for w in words}
    capitalised = {fold(w) for w in words if w[:1].isupper()}

    def said(form: str) -> bool:
        parts = form.split()
        return parts[0] in capitalised and set(parts) <= written

    return all(any(said(f) for f in (name, *NAME_SYNONYMS.get(name, ()))) for name in names)


def names_mentioned(names: set[str], text: str) -> bool:
    """Does ``text`` have every word of each of ``names`` (folded), in any case? Looser than
    ``names_written``: "Trường Đại học Bách khoa TP HCM" is mentioned by "… Hiệu trưởng Đại học
    Bách khoa" beside "TP HCM"; "Nghệ An" is not by a page about Hà Tĩnh."""
    written = {fold(w) for w in _WORD.findall(text)}
    return all(set(name.split()) <= written for name in names)


def dates_what_is_asked(sentence: str, question: str) -> bool:
    """Does the sentence give the date right after what a date question asks about? "APO
    được thành lập năm nào?" — "từ khi APO được thành lập năm 1961", not "kỷ niệm 60 năm thành
    lập APO … trong năm 2021": a date is the answer where it follows its verb."""
    asked = DATED_PREDICATE.search(fold(question))
    if asked is None:
        return False
    predicate = r"\s+".join(re.escape(w) for w in asked.group(1).split())
    follows = rf"\b{predicate}\s+(?:vao\s+|tu\s+)?(?:(?:nam|ngay|thang)\s+)?\d"
    return re.search(follows, fold(sentence)) is not None


def _by_combined(
    ranked: Sequence[ScoredSentence],
    question: str,
    hits: Sequence[Hit],
    similarity: Similarity,
    weight: float,
) -> list[tuple[ScoredSentence, float]]:
    """Each sentence with its score + ``weight`` × its cosine with the question, best first."""
    texts = [hits[r.passage].text[r.start : r.end] for r in ranked]
    combined = [
        (r, round(r.score + weight * cosine, 4))
        for r, cosine in zip(ranked, similarity(question, texts) if texts else [], strict=True)
    ]
    return sorted(combined, key=lambda pair: -pair[1])


def with_similarity(
    ranked: Sequence[ScoredSentence],
    question: str,
    hits: Sequence[Hit],
    similarity: Similarity,
    weight: float,
) -> list[ScoredSentence]:
    """``ranked`` re-ranked with each sentence's cosine with the question added (times
    ``weight``): an English question shares only names and numbers with Vietnamese passages,
    so its lexical scores alone rank nothing (``AnswerWeights.english_similarity``)."""
    return [
        dataclasses.replace(r, score=score)
        for r, score in _by_combined(ranked, question, hits, similarity, weight)
    ]


def ordered_by_meaning(
    ranked: Sequence[ScoredSentence],
    question: str,
    hits: Sequence[Hit],
    similarity: Similarity,
    weight: float,
) -> list[ScoredSentence]:
    """``ranked`` in the order of score + ``weight`` × cosine with the question, each keeping
    its score: how well the words match still decides how many sentences an answer quotes. A
    sentence scoring 0 (ruled out, or sharing no word) stays last
    (``AnswerWeights.vietnamese_similarity``)."""
    scored = [r for r in ranked if r.score > 0]
    order = [r for r, _ in _by_combined(scored, question, hits, similarity, weight)]
    return order + [r for r in ranked if r.score <= 0]


def well_matching(
    ranked: Sequence[ScoredSentence], hits: Sequence[Hit], depth: int, share: float
) -> list[ScoredSentence]:
    """The sentences of ``ranked`` (best first) that match the question well: among the first
    ``depth`` distinct ones, scoring at least ``share`` of the best. A sentence read in two
    overlapping passages counts once: three copies of one sentence pushed the one that answers
    out of the first five."""
    if not ranked:
        return []
    seen: set[str] = set()
    distinct: list[ScoredSentence] = []
    for r in ranked:
        text = hits[r.passage].text[r.start : r.end]
        if text not in seen:
            seen.add(text)
            distinct.append(r)
    return [r for r in distinct[:depth] if r.score >= share * ranked[0].score]


def answering_sentences(
    ranked: Sequence[ScoredSentence],
    hits: Sequence[Hit],
    question: str,
    kind: str | None,
    depth: int,
    share: float,
) -> list[ScoredSentence]:
    """The well-matching sentences of ``ranked`` (``well_matching``, best first) that hold the
    kind of answer asked for; none when no sentence matches at all. The gate asks whether there
    is one among the found chunks; the select stage quotes the first (or, for a Vietnamese
    question, the one closest in meaning)."""
    if not ranked or ranked[0].score <= 0:
        return []  # no sentence answers: e.g. each states another year than the asked one
    return [
        r
        for r in well_matching(ranked, hits, depth, share)
        if kind is None or offers_answer_type(hits[r.passage].text[r.start : r.end], question, kind)
    ]


def asked_position(question: str) -> int | None:
    """The item a question asks for by its ordinal: 4 for "Trụ cột thứ tư là gì?"."""
    found = ORDINAL_PHRASE.findall(fold(question))
    return ORDINALS.index(found[0]) + 1 if len(found) == 1 else None


def placement_terms(hit: Hit) -> frozenset[str]:
    """Where a chunk stands, as its reader sees it: the document's title and number and the
    article/clause path. A chunk of "Điều 5" rarely repeats "Bộ luật Lao động 2019" or
    "45/2019/QH14", nor a web page's paragraph the event its title names; a question that
    names them is still about this text."""
    return passage_terms(" . ".join(p for p in (hit.title, hit.doc_number, hit.legal_path) if p))


def window_coverage(
    question: str, hits: Sequence[Hit], weights: Callable[[set[str]], dict[str, float]]
) -> float:
    """Best IDF-weighted share of the question's content words found within three adjacent
    sentences of one passage: can these passages answer it at all?"""
    terms = question_terms(question)
    if not terms:
        return 0.0
    idf = term_weights(terms, weights)
    total = fsum(idf.values()) or 1.0
    best = 0.0
    for hit in hits:
        spans = informative_spans(hit.text)
        place = placement_terms(hit)
        for i in range(len(spans)):
            window = passage_terms(hit.text[slice(*neighbourhood(spans, i))]) | place
            best = max(best, fsum(idf[t] for t in terms & window) / total)
    return round(best, 4)


# Letters only: the words a window is read for when matching by meaning (a number is matched
# as written, never by meaning).
_LETTERS = re.compile(r"[^\W\d_]+")


def written_terms(question: str) -> dict[str, str]:
    """Each folded word and word pair of ``question`` as the question writes it, in lower case
    with its tone marks ("thac_mac" → "thắc mắc"): what the embedder reads (folded text loses
    the meaning its marks carry)."""
    words = _WORD.findall(question.lower())
    folded = [fold(w) for w in words]
    written: dict[str, str] = {}
    for i, term in enumerate(folded):
        written.setdefault(term, words[i])
        if i + 1 < len(words):
            written.setdefault(f"{term}_{folded[i + 1]}", f"{words[i]} {words[i + 1]}")
    return written


def word_phrases(text: str) -> list[str]:
    """The words of ``text`` and each pair of adjacent words, lower case, as written, once."""
    tokens = [w.lower() for w in _LETTERS.findall(text)]
    return list(dict.fromkeys([*tokens, *(f"{a} {b}" for a, b in itertools.pairwise(tokens))]))


def counted_phrase(question: str) -> str:
    """What "bao nhiêu" counts, as the question writes it, with the word after the noun
    ("bao nhiêu thắc mắc của …" → "thắc mắc", "bao nhiêu nhân viên" → "nhân viên"): a
    syllable alone means little to the embedder. "" when no noun is counted."""
    noun = _counted_noun(question)
    words = _WORD.findall(question.lower())
    at = next((i for i, w in enumerate(words) if fold(w) == fold(noun)), None) if noun else None
    return "" if at is None else " ".join(words[at : at + 2])


def count_phrases(sentence: str) -> list[str]:
    """What a sentence's numbers count: the word after each, and the two words after it
    ("215 câu hỏi của …" → "câu", "câu hỏi"; "05 định hướng" → "định", "định hướng")."""
    found: list[str] = []
    for count in _COUNT.finditer(sentence):
        after = _LETTERS.findall(sentence[count.end() : count.end() + 40])[:2]
        if after and sentence[count.end() : count.end() + 1].isspace():
            found += [after[0].lower(), " ".join(after).lower()]
    return list(dict.fromkeys(found))


def alike_coverage(
    written: dict[str, str],
    window: str,
    place: frozenset[str],
    idf: dict[str, float],
    alike: PhraseSimilarity,
    min_alike: float,
) -> float:
    """``window_coverage`` of one window, where a question word or word pair the window lacks
    still counts when a word or word pair of the window embeds within ``min_alike`` of it:
    "giải đáp" / "trả lời" (cosine 0.966), "công ty" / "doanh nghiệp" (0.962); a pair that
    matches brings its two words. ``written``: the question's terms as it writes them
    (``written_terms``); ``idf``: its terms and their weights."""
    found = set(idf) & (passage_terms(window) | place)
    # Sorted, and summed exactly (``fsum``): a set's order changes with the process's hash
    # seed, and a float sum's last bit with it, which flipped ties between two windows.
    missing = sorted(t for t in set(idf) - found if t in written)
    phrases = word_phrases(window)
    if missing and phrases:
        closest = alike([written[t] for t in missing], phrases).max(axis=1)
        for term, cosine in zip(missing, closest, strict=True):
            if cosine >= min_alike:
                found |= {term, *term.split("_")} & idf.keys()
    return fsum(idf[t] for t in found) / (fsum(idf.values()) or 1.0)


# -- answer type ---------------------------------------------------------------------------
# What kind of thing the question asks for (``vietnamese.ASKS_*``), and whether a sentence
# offers one: a "how many" question is not answered by a sentence without a number, however
# on-topic. Number words are matched with their tone marks (``vietnamese.NUMBER_WORD``).
_COUNT = re.compile(r"\d+(?:[.,]\d+)*|" + NUMBER_WORD.pattern, re.IGNORECASE)
# "Thuyền trưởng là người …": a sentence whose subject is the one who (or which body) does it.
_ROLE_SUBJECT = re.compile(
    rf"\s*([{UPPER}][^\W\d]*(?:\s+[^\W\d]+){{0,5}}?)\s+là\s+(?:người|cơ quan|tổ chức|đơn vị)\b"
)
# An item's number or letter ("1.", "a)"), or a table row's first cell ("| 3 | TCVN … |").
_ENUMERATOR = re.compile(r"^\s*(?:(?:\d+(?:\.\d+)*\.|[a-zđ]\))\s+|\|\s*\d{1,3}\s*(?=\|))")
_YEAR_OR_DATE = re.compile(r"\b(?:1[89]\d\d|20\d\d)\b|\b\d{1,2}/\d{1,2}\b")
_DAY = re.compile(r"\b(\d{1,2})/(\d{1,2})\b")  # "03/12/2025", "03/12": a day and its month
_DAY_WRITTEN = re.compile(r"\bngày\s+\d{1,2}\b|\b(?:on|dated)\s+\d{1,2}\s+[A-Z][a-z]+", re.I)
_NAME = re.compile(rf"\b[{UPPER}]\w*(?:\s+[{UPPER}]\w*)+|\b[A-ZĐ]{{2,}}\b")


def expected_answer_type(question: str) -> str | None:
    """What kind of answer the question asks for: "contact" ("địa chỉ website", "số điện
    thoại"), "document_number" ("số mấy", "số hiệu"), "place" ("ở đâu"), "date", "number",
    "name"; None when it does not say."""
    folded = fold(question)
    if ASKS_CONTACT.search(folded):
        return "contact"
    if ASKS_DOCUMENT_NUMBER.search(folded) and not ASKS_MEANING.search(folded):
        return "document_number"
    if _asks_where(question, folded) or ASKS_PLACE.search(folded):
        return "place"
    if ASKS_DATE.search(folded):
        return "date"
    if _asks_how_many(question, folded) or ASKS_MONEY.search(folded):
        return "number"  # "What is the annual budget?": an amount of money
    if (
        ASKS_NAME.search(folded)
        or ASKS_ORGANISATION.search(folded)
        or _said(question, folded, ASKS_FIRM, ASKS_FIRM_BARE)
    ):
        return "name"
    return None


def asked_types(question: str) -> tuple[str, ...]:
    """Every kind of answer the question asks for: ``expected_answer_type``'s, and a count
    too when it also asks how many ("có bao nhiêu Tòa án cấp cao và đặt ở những thành phố
    nào?" wants a number and a place)."""
    kind = expected_answer_type(question)
    if kind is None:
        return ()
    if kind != "number" and _asks_how_many(question, fold(question)):
        return (kind, "number")
    return (kind,)


def _asks_where(question: str, folded: str) -> bool:
    """Asks where: "ở đâu", "nơi nào", "khách sạn nào", "where" ("… ghi ở đầu văn bản?" asks
    no place)."""
    return bool(ASKS_WHERE.search(folded)) or _said(question, folded, WHERE, WHERE_BARE)


def _asks_how_many(question: str, folded: str) -> bool:
    """Asks how many: "bao nhiêu", "mấy", "how many" ("Nhà máy nào …?", "Công ty may mặc nào
    …?" ask no number)."""
    return bool(ASKS_NUMBER.search(folded)) or _said(question, folded, HOW_MANY, HOW_MANY_BARE)


def _said(question: str, folded: str, written: re.Pattern[str], bare: re.Pattern[str]) -> bool:
    """An asking word whose folded form other words share ("mấy" / "máy", "ở đâu" / "ở đầu"):
    as written, or bare (on folded text) in a question typed without diacritics."""
    if written.search(question.lower()):
        return True
    return not has_diacritics(question) and bare.search(folded) is not None


def _counted_noun(question: str) -> str:
    """What "bao nhiêu" counts ("doanh nghiệp" → "doanh"; "cái cân" → "cân"); "" if no noun."""
    counted = COUNTED_NOUN if has_diacritics(question) else COUNTED_NOUN_BARE
    asked = counted.search(question.lower())
    if asked is None:
        return ""
    noun = asked.group(2) if asked.group(1) in CLASSIFIERS and asked.group(2) else asked.group(1)
    return "" if noun in NOT_A_NOUN else noun


# "… bao nhiêu công tơ ba pha?": the counted thing with what sets its kind apart, ending the
# question (three to six words).
_COUNTED_KIND = re.compile(r"\b(?:bao nhiêu|mấy)\s+((?:[^\W\d_]+\s+){2,5}[^\W\d_]+)\s*\?*\s*$")


@functools.lru_cache(maxsize=256)
def _counted_kind(question: str) -> tuple[str, ...]:
    """The words of ``_COUNTED_KIND``'s counted thing, marked as a sentence is ("ba pha": "0
    pha"), classifier aside; () when the question ends on none of three words or more (asked
    once per sentence it is held against)."""
    found = _COUNTED_KIND.search(question.lower())
    if found is None:
        return ()
    words = _COUNT.sub(" 0 ", found[1]).split()
    if words[0] in CLASSIFIERS:
        words = words[1:]
    return tuple(words) if len(words) >= 3 else ()


def _counts_another_kind(question: str, marked: str) -> bool:
    """Does the sentence (``marked``: lower case, its counts as "0") count the asked thing of
    another kind only, and name the asked kind uncounted? "bao nhiêu công tơ ba pha?" — "450.000
    công tơ điện và 1 dàn kiểm định công tơ ba pha"."""
    words = _counted_kind(question)
    if not words:
        return False
    kind = " ".join(words)
    marked = " ".join(marked.split())
    if kind not in marked:
        return False
    if re.search(rf"\b0 (?:\w+ )?{re.escape(kind)}\b", marked):
        return False
    head, rest = " ".join(words[:2]), " ".join(words[2:])
    return re.search(rf"\b0 {re.escape(head)}\b(?! {re.escape(rest)}\b)", marked) is not None


@functools.lru_cache(maxsize=256)
def _asked_words(question: str) -> frozenset[str]:
    """The question's words, folded (asked once per sentence it is held against)."""
    return frozenset(fold(w) for w in _WORD.findall(question))


def _another_role(sentence: str, question: str) -> bool:
    """Does the sentence name the asked title only as its deputy, or the asked deputy only as
    the head ("Ai là Giám đốc?" — "Phó Giám đốc BoA Trần Thị Thanh Mai cho biết …"), or not
    at all ("Giám đốc Cơ quan X là ai?" — "Bà Y, đại diện Cơ quan X, lưu ý …")? An English
    title is not looked for in the Vietnamese passages."""
    said: dict[str, set[bool]] = {}
    for deputy, title in TITLES.findall(fold(sentence)):
        said.setdefault(title, set()).add(bool(deputy))
    return any(
        (title in said and bool(deputy) not in said[title])
        or (title not in said and title not in ENGLISH_TITLE_WORDS)
        for deputy, title in TITLES.findall(fold(question))
    )


def _without_titles(sentence: str) -> str:
    """``sentence`` with its titles ("Phó Giám đốc", "Chi cục trưởng") blanked out."""
    folded = fold(sentence)
    if len(folded) != len(sentence):  # spans of the folded text would not fit
        return sentence
    kept = list(sentence)
    for found in TITLES.finditer(folded):
        kept[found.start() : found.end()] = " " * (found.end() - found.start())
    return "".join(kept)


def offers_answer_type(
    sentence: str, question: str, kind: str | None, reworded: bool = False
) -> bool:
    """Does ``sentence`` contain something of the asked kind that the question does not?
    ``reworded``: the sentence was found by meaning, so it may name the counted thing in other
    words ("bao nhiêu trụ bơm" — "17 cột đo"): a count it states of something it does not
    name as the question does is taken, unless the question counts in a unit."""
    if kind is None:
        return True
    folded = fold(question)
    if kind == "contact":  # the page names the portal but never gives its address
        return any(found not in question for found in CONTACT_VALUE.findall(sentence))
    if kind == "document_number":
        return any(fold(n) not in folded for n in DOCUMENT_NUMBER.findall(sentence))
    if kind == "place" and _asks_where(question, folded):
        # "họp ở đâu?" is not answered by "họp ngày 15/12" beside other names, nor by "tại
        # Cần Thơ" when the question already says Cần Thơ.
        return any(
            fold(w) not in _asked_words(question)
            for found in PLACE_PHRASE.finditer(sentence)
            for w in _WORD.findall(found.group(1) or found.group(2))
        )
    if kind == "place":  # "tỉnh nào", "nước nào": a place is named
        kind = "name"
    if (
        kind == "number"
        and ASKS_MONEY.search(folded)
        and not MONEY_AMOUNT.search(sentence)
        and not (MONEY_SHARE.search(sentence) and MONEY_WORD.search(sentence))
    ):
        return False
    if kind == "number":
        counted = _counted_noun(question)
        sentence = _ENUMERATOR.sub("", sentence)  # "1. Một tổ chức …": an item's number, no count
        if counted in NOT_COUNTED:  # "sau mấy ngày?": "ngày 05/9/2025" counts no days
            sentence = WRITTEN_DATE.sub(" ", sentence)
        marked = _COUNT.sub(" 0 ", sentence.replace("%", " phần trăm")).lower()
        if counted == fold(counted):  # typed without diacritics: compare folded
            counted = "" if counted in QUESTION_WORDS | STOPWORDS else counted
            marked = fold(marked)
        if counted and _counts_another_kind(question, marked):
            return False
        if counted:
            # The count must be of the asked thing: "55 khóa đào tạo", "sáu định hướng", "năm
            # thuyền viên", "30 kilôgam" for "bao nhiêu ký" — or the sentence lists them: "…
            # theo một trong các loại sau đây:".
            said = [counted, *UNIT_SYNONYMS.get(counted, ())]
            if marked == fold(marked):
                said = [fold(w) for w in said]
            nouns = "|".join(re.escape(w) for w in said)
            if sentence.rstrip().endswith(":") and re.search(rf"\b(?:{nouns})\b", marked):
                return True
            if re.search(rf"\b(?:một|năm|mot|nam)\s+(?:{nouns})\b", marked):
                return True  # "năm" and "một" are numbers only before what they count
            if re.search(rf"\b0\s+(?:\w+\s+){{0,2}}(?:{nouns})\b", marked):
                return True
            if not reworded or counted in NOT_COUNTED or re.search(rf"\b(?:{nouns})\b", marked):
                # It names the asked thing but not its count; or the question counts in a unit
                # ("bao nhiêu ngày"), which no rewording changes: "06 tháng" is not days.
                return False
        return bool(numbers(sentence) - numbers(question)) or bool(NUMBER_WORD.search(sentence))
    if kind == "date":
        asked = set(_YEAR_OR_DATE.findall(question))
        if TEMPORAL.search(sentence) and not TEMPORAL.search(question):
            return True  # "khi nào?" — "hằng năm", "trước khi lắp đặt"
        if ASKS_WHEN.search(folded) and WHEN_CLAUSE.search(sentence):
            return True
        if ASKS_FROM_DAY.search(folded) and FROM_DAY_CLAUSE.search(sentence):
            return True
        if ASKS_DAY.search(folded):
            # "ban hành ngày nào?" asks a day: "trong năm 2026" is no answer.
            return any(
                m[0] not in asked and 1 <= int(m[2]) <= 12 for m in _DAY.finditer(sentence)
            ) or bool(_DAY_WRITTEN.search(sentence))
        return any(m not in asked for m in _YEAR_OR_DATE.findall(sentence))
    if kind == "name" and _another_role(sentence, question):
        return False
    if kind == "name" and (
        ASKS_BUSINESS.search(folded) or _said(question, folded, ASKS_FIRM, ASKS_FIRM_BARE)
    ):
        # "thuộc thương hiệu nào?" — "… gửi Trung tâm Kỹ thuật … 3 (Quatest 3) thử nghiệm":
        # the testing centre is not the brand, nor is "Giám đốc" a name.
        sentence = NOT_A_BUSINESS.sub(" cơ quan ", _without_titles(sentence))
    asked_names = {fold(n) for n in _NAME.findall(question)}
    if any(fold(n) not in asked_names for n in _NAME.findall(sentence)):
        return True
    asked_words = _asked_words(question)
    if (role := _ROLE_SUBJECT.match(_ENUMERATOR.sub("", sentence))) and any(
        fold(w) not in asked_words for w in _WORD.findall(role[1])
    ):
        return True  # "Ai có quyền chỉ huy cao nhất?" — "Thuyền trưởng là người có quyền …"
    # Organisations are written in sentence case ("Trung tâm Mã số mã vạch quốc gia"): a
    # capitalised word inside the sentence that the question does not have.
    # Not its first word, an item's number or letter, nor a reference to a law's own parts.
    plain = CROSS_REFERENCE.sub(" ", _ENUMERATOR.sub("", sentence))
    return any(
        word[:1].isupper() and fold(word) not in asked_words for word in _WORD.findall(plain)[1:]
    )
