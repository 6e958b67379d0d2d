"""The verify stage: what a generated sentence claims, and the passage that supports it."""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence

from assistant.citations import Claim, cited_numbers, strip_markers
from assistant.config import DEFAULT_WEIGHTS, AnswerWeights
from assistant.evidence import expected_answer_type
from assistant.instructions import is_instruction
from assistant.language import detect_language
from assistant.prompts import ABSTAIN_EN, ABSTAIN_VI, strip_lead_in
from assistant.support import (
    SupportResult,
    capitalised_words,
    content_terms,
    names,
    numbers,
    support,
)
from index import Hit, fold
from index.sentences import neighbourhood, sentence_spans
from index.terms import folded_tokens
from index.vietnamese import (
    ENGLISH_NEGATION,
    ENGLISH_NUMBERS,
    ENGLISH_TITLES,
    LIST_JOINER,
    LIST_JOINING_WORDS,
    META_WORDS,
    NUMBER_WORD,
    PLACE_LEAD,
    STOPWORDS,
    UPPER,
    VALUE_WORDS,
    VIETNAMESE_NEGATION,
    abbreviated,
    defined_acronym,
    other_names,
    spelled_in,
)

_REFUSALS = tuple(fold(phrase).rstrip(".") for phrase in (ABSTAIN_VI, ABSTAIN_EN))
# The refusal in the model's own words (folded): the documents or the question are its subject
# and it says they do not answer ("Nội dung của câu hỏi không phù hợp với nội dung trong tài
# liệu.", "Đoạn văn không đề cập đến …", "The passages do not mention …"). A statement about
# the documents, not about the world: nothing to cite.
_REFUSED_IN_OWN_WORDS = re.compile(
    r"\b(?:tai lieu|doan(?: van)?|van ban|cau hoi|noi dung)\b.*\b(?:khong|chua)"
    r" (?:co thong tin|de cap|neu|noi|cung cap|phu hop|dua ra|ghi|cho biet|lien quan)"
    r"|\b(?:documents?|passages?|texts?|question)\b.*\b(?:do|does|did) not"
    r" (?:contain|mention|say|state|provide|specify|include|match)"
)
# CJK, Cyrillic, Thai…: never in an answer about these Vietnamese documents.
_FOREIGN_SCRIPT = re.compile(r"[\u0400-\u04ff\u0e00-\u0e7f\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")


def verify(
    sentence: str,
    passages: Sequence[Hit],
    question: str,
    weights: AnswerWeights = DEFAULT_WEIGHTS,
) -> Claim | None:
    """The claim of one generated sentence (markers already as passage numbers), re-cited to
    a passage that supports it; None when it claims nothing or nothing supports it."""
    claim = respelled(
        strip_lead_in(strip_markers(sentence)), [question, *(hit.text for hit in passages)]
    )
    # Words about the answer itself ("Đây là câu trả lời [1].") are no content.
    terms = content_terms(claim) - META_WORDS
    new = _adds_specifics(claim, question)
    cited = [n - 1 for n in cited_numbers(sentence)]
    order = cited + [i for i in range(len(passages)) if i not in cited]
    if not terms and new and (kind := expected_answer_type(question)) in _VALUE_KINDS:
        return _bare_value(claim, question, passages, order, kind)
    if not terms or (len(terms) < 2 and not new) or is_instruction(claim):
        return None  # "Theo tài liệu:" and the like carry no claim to cite
    if _FOREIGN_SCRIPT.search(claim):
        return None  # a small model drifting into Chinese mid-sentence
    if claim.endswith("?") or (terms <= content_terms(question) and not new):
        # The question echoed back is no answer; "APO được thành lập năm 1961." has the
        # question's words and adds the asked year: that is the answer.
        return None
    folded = fold(claim)
    if any(refusal in folded for refusal in _REFUSALS) or _REFUSED_IN_OWN_WORDS.search(folded):
        return None  # "Tài liệu không có thông tin này [1]." is a refusal, not a claim
    if _ASKING_LEFT_OPEN.search(folded):
        return None  # "…, tăng bao nhiêu so với cùng kỳ." restates the question's part unanswered
    best: tuple[int, SupportResult] | None = None
    # What the claim adds beyond the question must be in the passage; what it restates from
    # the question is given. The model often opens with the question's premise ("Trong các
    # nhiệm vụ năm 2024, …") that the passage leaves to its heading: the whole claim would
    # fail on "2024". And a claim restating most of the question passes the whole-claim share
    # while what it adds is invented ("… các ngành: nông nghiệp, thủy sản, hóa dầu …"). The
    # span shown as the support is then where the added facts are.
    added = _beyond(claim, question)
    for position in order:
        text = passages[position].text
        # An acronym the passage writes may be spelled out in the answer.
        result = support(abbreviated(added, text), text)
        if (
            result.supported
            and (best is None or result.score > best[1].score + weights.recite_margin)
            and _numbers_in_context(claim, question, text, weights)
            and _phrases_keep_their_head(claim, question, text)
        ):
            best = (position, result)
    if best is None and detect_language(question) == "en":
        return _values_stated(claim, question, passages, order)
    return Claim(claim, *best) if best else None


# "bao nhiêu" / "how many" with no number after it (folded): the model restating a part of the
# question it did not answer ("… 486 mẫu, tăng bao nhiêu so với cùng kỳ"). "… kỷ niệm bao
# nhiêu năm thành lập là 60 năm" answers it.
_ASKING_LEFT_OPEN = re.compile(r"\b(?:bao nhieu|how (?:many|much))\b(?![^.;]*\d)")


# Where a sentence joins two statements: ", và" / ", and", or a semicolon. The model answers a
# two-part question in one sentence whose parts each stand on their own passage.
_CLAUSE_JOINT = re.compile(r"\s*;\s*|,\s+(?=(?:và|and)\s)", re.IGNORECASE)
_LEADING_JOINER = re.compile(r"^(?:và|and)\s+", re.IGNORECASE)


def verify_clauses(
    sentence: str,
    passages: Sequence[Hit],
    question: str,
    weights: AnswerWeights = DEFAULT_WEIGHTS,
) -> list[Claim]:
    """The claims of one generated sentence: ``verify``'s, or, when no passage supports the
    whole of it, those of its joined statements when every one is supported ("… từ ngày
    8/6/2020, và năm 2021 APO kỷ niệm 60 năm thành lập." — the date and the anniversary are
    in two passages). Each statement after the first starts as a sentence ("Năm 2021 …").
    Empty when something in it is unsupported."""
    whole = verify(sentence, passages, question, weights)
    if whole is not None:
        return [whole]
    parts = [part for part in _CLAUSE_JOINT.split(sentence) if part.strip()]
    if len(parts) < 2:
        return []
    claims: list[Claim] = []
    for i, part in enumerate(parts):
        if i:
            part = _LEADING_JOINER.sub("", part.strip())
            part = part[:1].upper() + part[1:]
        claim = verify(part, passages, question, weights)
        if claim is None:
            return []
        claims.append(claim)
    return claims


_ENGLISH_NUMBER = re.compile(rf"\b(?:{'|'.join(ENGLISH_NUMBERS)})\b", re.IGNORECASE)


# The kinds of question a bare value answers (``evidence.expected_answer_type``).
_VALUE_KINDS = frozenset(("number", "date", "document_number", "name", "place"))
# What a bare count counts, as the passage writes it after the number: its next words, up to
# a punctuation mark or a function word, at most four syllables ("80% doanh nghiệp chế biến",
# "15 tầng" of "15 tầng tại trụ sở").
_UNIT_WORD = re.compile(r"[ \t]+([^\W\d_]+)")
_UNIT_SYLLABLES = 4


def _bare_value(
    claim: str, question: str, passages: Sequence[Hit], order: Sequence[int], kind: str
) -> Claim | None:
    """A reply that is the asked value alone ("80% [1]" for "bao nhiêu phần trăm doanh
    nghiệp …?"): no words to hold against a passage, so it is checked on its value
    (``_values_stated``), and the pipeline then wants one the quoted sentence gives. A number
    alone does not say what it counts: a count is shown with the words the passage writes
    after it ("80% doanh nghiệp chế biến"); a year or a date is not ("2025 và định hướng …").
    ``kind``: the asked kind (``evidence.expected_answer_type``)."""
    found = _values_stated(claim, question, passages, order)
    if found is None or kind != "number":
        return found
    core = passages[found.passage].text[found.support.start : found.support.end]
    value = claim.strip().rstrip(".")
    at = core.find(value)
    if at < 0:
        return found
    end = at + len(value)
    for _ in range(_UNIT_SYLLABLES):
        word = _UNIT_WORD.match(core, end)
        if word is None or fold(word.group(1)) in STOPWORDS:
            break
        end = word.end()
    return Claim(core[at:end], found.passage, found.support)


def _values_stated(
    claim: str, question: str, passages: Sequence[Hit], order: Sequence[int]
) -> Claim | None:
    """A claim checked on the numbers and names it adds, where its words cannot be: a bare
    value ("80%"), or an English answer to an English question about Vietnamese passages.
    English words never match the passage's, and the embedder cannot tell a claim from its
    opposite across languages (cosine 0.89 for "The APO and ASEAN have cooperated since
    1961" against "… APO và ASEAN chưa từng có hoạt động hợp tác nào"). So the claim must
    add a number or a name the question does not state, one passage sentence (with its
    neighbours) must give every one of them, and a claim that denies must be read against a
    sentence that denies (one that affirms cannot be told from its denial either). Number
    words are written as the passage's digits ("Eight of the ten" → "8 of the 10")."""
    said = _ENGLISH_NUMBER.sub(lambda m: ENGLISH_NUMBERS[m.group(0).lower()], claim)
    asked = set(folded_tokens(question))
    new_numbers = numbers(said) - numbers(question)
    new_names = names(said) - asked - ENGLISH_TITLES
    if not new_numbers and not new_names:
        return None  # nothing this check could hold against the passage
    denies = bool(ENGLISH_NEGATION.search(said))
    for position in order:
        text = passages[position].text
        spans = sentence_spans(text) or [(0, len(text))]
        for i, (start, end) in enumerate(spans):
            window = text[slice(*neighbourhood(spans, i))]
            if (
                new_numbers <= numbers(window)
                and new_names <= _names_written(new_names, window)
                and (not denies or VIETNAMESE_NEGATION.search(fold(window)))
            ):
                # Highlight the sentence stating most of them, not its neighbour.
                core = text[start:end]
                stated = len(new_numbers & numbers(core)) + len(_names_written(new_names, core))
                if stated or len(spans) == 1:
                    return Claim(said, position, SupportResult(1.0, start, end))
    return None


# A name written as one word in English is two syllables in Vietnamese ("Vietnam", "Hanoi"
# for "Việt Nam", "Hà Nội"); a shorter one matched inside the text could be any syllable's.
_MIN_JOINED_NAME = 4


def _names_written(wanted: set[str], text: str) -> set[str]:
    """The folded names of ``wanted`` that ``text`` writes, as words, as syllables run
    together, or as another name for the same country or body ("Korea" for "Hàn Quốc",
    ``vietnamese.other_names``)."""
    tokens = folded_tokens(text)
    joined = "".join(tokens)
    spaced = f" {' '.join(tokens)} "
    return {
        name
        for name in wanted
        if name in tokens
        or (len(name) >= _MIN_JOINED_NAME and name in joined)
        or any(f" {other} " in spaced for other in other_names(name))
    }


_WORD = re.compile(r"[^\W\d_]+")
_TOKEN = re.compile(rf"\d+(?:[.,/]\d+)*|{_WORD.pattern}")


def respelled(claim: str, sources: Sequence[str]) -> str:
    """The claim with each word the model misspelled written as the sources write it: the
    1.5B model echoing the question's "Phiên họp …" wrote "Phên họp" or "Phen họp", and the
    whole claim failed on a word no passage has. A word is respelled only when no source has
    it, exactly one source word is one letter from it (diacritics aside), and that word forms
    with each of the claim's words beside it a word pair a source writes ("phiên họp"). One
    side is not enough: "năng suất sử dụng" would become "năng suất từ dụng" where a source
    writes "năng suất từ"; nor is a function word ("… của bạn." is not "… của cán")."""
    vocabulary: set[str] = set()
    pairs: set[tuple[str, str]] = set()
    for text in sources:
        words = [word.lower() for word in _WORD.findall(text)]
        vocabulary.update(words)
        pairs.update(itertools.pairwise(words))
    found = list(_WORD.finditer(claim))
    fixed = claim
    for i, match in reversed(list(enumerate(found))):  # from the end: offsets stay valid
        word = match.group().lower()
        if word in vocabulary:
            continue
        before = found[i - 1].group().lower() if i > 0 else None
        after = found[i + 1].group().lower() if i + 1 < len(found) else None
        if not any(side is not None and fold(side) not in STOPWORDS for side in (before, after)):
            continue
        folded = fold(word)
        near = {
            known
            for known in vocabulary
            if (before is None or (before, known) in pairs)
            and (after is None or (known, after) in pairs)
            and _one_letter_apart(folded, fold(known))
        }
        if len(near) == 1:
            known = near.pop()
            if match.group()[:1].isupper():
                known = known[:1].upper() + known[1:]
            fixed = fixed[: match.start()] + known + fixed[match.end() :]
    return fixed


def _one_letter_apart(a: str, b: str) -> bool:
    """At most one letter inserted, dropped or changed (folded forms: "phen", "phien")."""
    if abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        return sum(x != y for x, y in zip(a, b, strict=True)) <= 1
    short, long = sorted((a, b), key=len)
    return any(long[:k] + long[k + 1 :] == short for k in range(len(long)))


_SAYS_NOTHING = STOPWORDS | VALUE_WORDS  # beside a number, these say nothing of what it is


def _numbers_in_context(
    claim: str, question: str, passage: str, weights: AnswerWeights = DEFAULT_WEIGHTS
) -> bool:
    """Does the passage give each new number of the claim beside what the claim says it is
    of? "Việt Nam gia nhập APO năm 1999" restates the question and adds a year the passage
    has — "sau 24 năm gia nhập, Việt Nam đảm nhận vai trò quan trọng này (lần đầu tiên vào
    năm 1999)": 1999 is the first chairmanship, 15 words from "gia nhập"
    (``AnswerWeights.claim_number_context``, ``claim_number_reach``)."""
    context, reach = weights.claim_number_context, weights.claim_number_reach
    asked = numbers(question)
    words = [fold(w) for w in _TOKEN.findall(claim)]
    written = [fold(w) for w in _TOKEN.findall(passage)]
    passage_words = set(written)
    for i, word in enumerate(words):
        value = numbers(word)
        if not value or value <= asked:
            continue
        near = words[max(0, i - context) : i] + words[i + 1 : i + 1 + context]
        # Words the passage never writes (the question's framing, a paraphrase) locate
        # nothing; the support check judged them.
        about = {w for w in near if not numbers(w) and w not in _SAYS_NOTHING}
        about &= passage_words
        spots = [j for j, w in enumerate(written) if numbers(w) & value]
        if (
            about
            and spots
            and not any(
                w in about for j in spots for w in written[max(0, j - reach) : j + reach + 1]
            )
        ):
            return False
    return True


# ``_TOKEN``'s words and numbers, and each punctuation mark: a phrase after a comma hangs on none.
_PIECE = re.compile(rf"{_TOKEN.pattern}|[^\w\s]")


def _phrases_keep_their_head(claim: str, question: str, passage: str) -> bool:
    """Is each phrase the claim adds still attached as the passage writes it? A small model
    cuts a phrase from the word it qualifies and hangs it on the question's: asked "… trong
    lĩnh vực nào?", it answers "trong lĩnh vực thông minh" from "về thành phố thông minh".
    Every word of the claim is in the passage, but the passage never writes the phrase after
    the word the claim hangs it on: it stands after "thành phố", which neither the claim nor
    the question says. Words both say may be left out between ("bảo đảm lượng phù hợp với …"
    for "bảo đảm lượng của hàng đóng gói sẵn phù hợp với …", the question naming the goods)."""
    asked = set(folded_tokens(question))
    pieces = [(piece, fold(piece)) for piece in _PIECE.findall(claim)]
    written = [fold(piece) for piece in _PIECE.findall(passage)]
    # Syllables repeat across words ("đề xuất", "sản xuất"): what precedes the phrase is told
    # by two syllables.
    known = set(itertools.pairwise(folded for _, folded in pieces)) | set(
        itertools.pairwise(fold(piece) for piece in _PIECE.findall(question))
    )

    def common(piece: str) -> bool:  # a lower-case word: no name, number or sentence start
        return piece.isalpha() and piece[:1].islower()

    def added(piece: str, folded: str) -> bool:  # … that the question does not have
        return common(piece) and folded not in asked

    i = 0
    while i < len(pieces):
        if not added(*pieces[i]) or pieces[i][1] in STOPWORDS:
            i += 1
            continue
        end = i
        while end < len(pieces) and added(*pieces[end]):
            end += 1
        head = pieces[i - 1] if i > 0 else None
        phrase = [folded for _, folded in pieces[i : min(end, i + 2)]]
        i = end
        if head is None or not common(head[0]) or head[1] in STOPWORDS:
            # A phrase after a name, the sentence's first word, a number or a function word
            # hangs on no common noun it could have been cut from.
            continue
        spots = [
            k
            for k in range(1, len(written) - len(phrase) + 1)
            if written[k : k + len(phrase)] == phrase
        ]
        if spots and not any(
            (w := written[k - 1]) == head[1]
            or not w.isalpha()
            or w in STOPWORDS
            or (k >= 2 and (written[k - 2], w) in known)
            for k in spots
        ):
            return False
    return True


def _beyond(claim: str, question: str) -> str:
    """The claim's words that the question does not state, in order: what the answer adds.
    A number the question states ("năm 2024") goes too; a new one stays."""
    asked_words, asked_numbers = set(folded_tokens(question)), numbers(question)
    words = claim.split()
    kept: list[str] = []
    for i, word in enumerate(words):
        new_number = bool(numbers(word)) and not numbers(word) <= asked_numbers
        # A new number keeps its unit even if the question says it ("3 lần" must not pass
        # for the passage's "3 Hội nghị" because the question has "lần đầu tiên").
        unit = i > 0 and numbers(words[i - 1]) and not numbers(words[i - 1]) <= asked_numbers
        if (
            new_number
            or unit
            or (not numbers(word) and not set(folded_tokens(word)) <= asked_words)
        ):
            kept.append(word)
    if kept and kept[0] is not words[0]:
        # ``names`` skips a sentence's first word (capitalised anyway): a name the answer
        # adds mid-sentence must not lose its check for coming first here.
        kept.insert(0, "và")
    return " ".join(kept)


def declined(text: str, language: str) -> bool:
    """Whether the model's reply says the documents do not answer (the prompt's refusal)."""
    refusal = fold(ABSTAIN_EN if language == "en" else ABSTAIN_VI).rstrip(".")
    return refusal in fold(text)


def _adds_specifics(claim: str, question: str) -> bool:
    """Whether the claim states a number, date, code or name the question does not; a number
    may be written in words ("Kế hoạch gồm sáu định hướng", whose folded "sau" is no term)."""
    asked = fold(question)
    said_numbers = {w.lower() for w in NUMBER_WORD.findall(claim)}
    return (
        bool(numbers(claim) - numbers(question))
        or any(name not in asked for name in names(claim))
        or bool(said_numbers - {w.lower() for w in NUMBER_WORD.findall(question)})
    )


# The kinds of answer whose value is a number as written ("1999", "55", "8/6/2020", "742"),
# and those whose value is a name ("Nguyễn Hoàng Linh", "Hà Nội").
_NUMBER_KINDS = frozenset(("number", "date", "document_number"))
_NAME_KINDS = frozenset(("name", "place"))


def agrees_with_quote(claim: str, quote: str, question: str, kind: str | None) -> bool:
    """Does the model's answer give a value the best-read sentence gives? For a number, date,
    document number, name or place, the sentence the select stage quotes first holds the value
    it read as the answer ("lần đầu tiên vào năm 1999", "… Nguyễn Hoàng Linh đảm nhận vai trò
    Chủ tịch ACCSQ"); a model answering with none of its numbers (or names) read another
    sentence ("nhiệm kỳ 2020-2021", "Việt Nam đảm nhận vị trí Chủ tịch"), and the reader, which
    answers more questions right than the small model does, is believed. A quote with no new
    value, or another kind of question, asks nothing of the claim. Asked what an acronym
    means ("TBT nghĩa là gì?"), the claim must give the name the quote spells it out as:
    "TBT là một tổ chức thuộc Ủy ban hỗn hợp …" drops "Tiểu ban Hàng rào kỹ thuật …"."""
    if (acronym := defined_acronym(question)) and (found := spelled_in(quote, acronym)):
        # "Tổng cục TCĐLCL (STAMEQ)" is given by "Tổng cục Tiêu chuẩn Đo lường Chất lượng".
        said = abbreviated(claim, quote)
        return content_terms(found[0]) <= content_terms(claim) | content_terms(said)
    if kind in _NUMBER_KINDS:
        read, said = numbers(quote) - numbers(question), numbers(claim)
    elif kind in _NAME_KINDS:
        # Every capitalised word of the claim: its first may be the name ("Hà Nội là …").
        read, said = names(quote) - names(question), names("_ " + claim)
    else:
        return True
    return (not read or bool(read & said)) and not _drops_listed(claim, quote, question, kind)


def gives_every_item(claim: str, items: Sequence[str], question: str) -> bool:
    """Asked for the items of a list the quote announces ("… ba hoạt động nổi bật. Thứ nhất,
    … Thứ hai, … Thứ ba, …"), does the answer give each item: a word pair or a name of the
    item's own, one the question and the other items do not have? Two of three, however well
    written, leave the third out."""
    said_pairs, said_names = _word_pairs(claim), _capitalised(claim)
    asked_pairs, asked_names = _word_pairs(question), _capitalised(question)
    pairs = [_word_pairs(item) for item in items]
    capitals = [_capitalised(item) for item in items]
    for n, item in enumerate(items):
        other_pairs = set().union(*(p for m, p in enumerate(pairs) if m != n))
        other_names = set().union(*(c for m, c in enumerate(capitals) if m != n))
        own_pairs = pairs[n] - asked_pairs - other_pairs
        own_names = _capitalised(item, 1) - asked_names - other_names
        if not (own_pairs & said_pairs or own_names & said_names):
            return False
    return True


def _capitalised(text: str, skip: int = 0) -> set[str]:
    """Capitalised words, lower-cased but not folded: "Năm" is no "Nam". ``skip``: the first
    words, capitalised anyway ("Thứ ba, …")."""
    return {word.lower() for word in capitalised_words(text)[skip:]}


def _word_pairs(text: str) -> set[tuple[str, str]]:
    """Adjacent folded words, neither a number, not both function words."""
    words = folded_tokens(text)
    return {
        (a, b)
        for a, b in itertools.pairwise(words)
        if not (a.isdigit() or b.isdigit()) and not (a in STOPWORDS and b in STOPWORDS)
    }


# The items of a list the quote gives, by the kind asked: dates and years for a date, names
# for a name or place ("TP. Hồ Chí Minh", a capitalised run). An aside in brackets between two
# items is no part of the list ("Hà Nội (2.480 doanh nghiệp) và Bình Dương").
_ASIDE = re.compile(r"\s*\([^()]*\)")
_NAME_ITEM = re.compile(rf"[{UPPER}][\w&-]*\.?(?:\s+[{UPPER}][\w&-]*\.?)*")
_DATE_ITEM = re.compile(
    r"(?<![\d/.,-])(?:\d{1,2}/\d{1,2}/\d{4}|\d{1,2}/\d{4}"
    r"|(?:19|20)\d\d(?:\s*[-–]\s*(?:19|20)\d\d)?)(?![\d/.,-]?\d)"
)
# Names in a list stand side by side ("A, B và C"); dates and years may each carry their
# own words ("đến năm 2025 và định hướng đến năm 2030"), up to this many between them.
_NAME_GAP = re.compile(rf"\s*(?:,\s*)?(?:(?:{LIST_JOINING_WORDS})\s*)?", re.IGNORECASE)
_MAX_DATE_GAP_WORDS = 5
_SENTENCE_STOP = re.compile(r"[.;:!?]")


def listed(quote: str, kind: str) -> list[list[str]]:
    """The lists of ``kind`` ("date", or "name" for names and places) the quote gives, each
    two or more items. Two items with only a comma between them make no list: "tại Hà Nội,
    Ủy ban …" opens a sentence."""
    text = _ASIDE.sub("", quote)
    pattern = _DATE_ITEM if kind == "date" else _NAME_ITEM
    lists: list[list[str]] = []
    run: list[re.Match[str]] = []
    joined = False  # a joining word, not only commas, between the run's items
    for item in pattern.finditer(text):
        if run:
            gap = text[run[-1].end() : item.start()]
            word = bool(LIST_JOINER.search(gap))
            if kind == "date":  # "2023, 2024 và 2025": a comma joins, not a clause
                joins = not _SENTENCE_STOP.search(gap) and (
                    (word and len(gap.split()) <= _MAX_DATE_GAP_WORDS + 1) or gap.strip() == ","
                )
            else:
                opened = PLACE_LEAD.search(text[: run[-1].start()])
                joins = bool(_NAME_GAP.fullmatch(gap)) and bool(gap.strip())
                joins = joins and (word or not opened)
            if joins:
                run.append(item)
                joined = joined or word
                continue
            if _is_list(run, joined):
                lists.append(_items(run, text, kind))
        run, joined = [item], False
    if _is_list(run, joined):
        lists.append(_items(run, text, kind))
    return lists


def _is_list(run: list[re.Match[str]], joined: bool) -> bool:
    """Three items, or two with a joining word between them ("A và B"; "A, B" is no list)."""
    return len(run) > 2 or (len(run) == 2 and joined)


_CLAUSE_END = re.compile(r"[,;.:!?]")


def _items(run: list[re.Match[str]], text: str, kind: str) -> list[str]:
    """The run's items as written; a name list's last item runs on to the clause's end, since
    a title may split a name's capitals ("… và Quyền Tổng cục trưởng TĐC Hà Minh Hiệp")."""
    items = [found.group(0) for found in run]
    if kind != "date":
        end = _CLAUSE_END.search(text, run[-1].end())
        items[-1] = text[run[-1].start() : end.start() if end else len(text)]
    return items


def _gives(item: str, claim: str, kind: str) -> bool:
    """Does the claim give this item of a list: the same date; most words of its name ("Hà
    Nội" is not "Hà Giang"), the name run together ("Hanoi") or another name for it
    ("Korea")?"""
    if kind == "date":
        return _date_key(item) in {_date_key(date.group(0)) for date in _DATE_ITEM.finditer(claim)}
    # The item's longest capitalised run is its name ("Nguyễn Văn Hùng" of "Viện trưởng Viện
    # Đo lường Nguyễn Văn Hùng"): a shared "Văn" or "Hội" is no mention of it.
    runs = (run.group(0) for run in _NAME_ITEM.finditer(item))
    name = max(runs, key=lambda run: len(run.split()), default="")
    words = {fold(word.rstrip(".")) for word in name.split()}
    whole = fold(name.replace(".", " ")).split()
    return 2 * len(_names_written(words, claim)) > len(words) or bool(
        _names_written({" ".join(whole), "".join(whole)}, claim)
    )


def _date_key(date: str) -> str:
    return re.sub(r"\s|[-–]", "", date)


def _drops_listed(claim: str, quote: str, question: str, kind: str | None) -> bool:
    """Does the claim give some items of a list the quote gives, and not all? Asked which
    provinces lead, "TP. Hồ Chí Minh và Hà Nội" drops the quote's third, Bình Dương; asked
    until when, "đến năm 2025" drops "định hướng đến năm 2030". The quote is the answer then."""
    if kind not in _NAME_KINDS and kind != "date":
        return False
    kind = "date" if kind == "date" else "name"
    for items in listed(quote, kind):
        asked = [_gives(item, question, kind) for item in items]
        given = [_gives(item, claim, kind) for item in items]
        # An item the question names is given; the claim restating it touches no list.
        if any(g and not a for g, a in zip(given, asked, strict=True)) and not all(
            g or a for g, a in zip(given, asked, strict=True)
        ):
            return True
    return False
