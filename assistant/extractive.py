"""Which passage sentences make an extractive answer.

The best-scoring sentence first; then sentences that cover what it left out of the question
(a two-part question is answered by two sentences, often from two documents) or match it
nearly as well, never the same
sentence twice (chunks overlap); and when the chosen sentence introduces an enumeration
("… ba hoạt động nổi bật. Thứ nhất, … Thứ hai, …"), the first sentence of each item.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from math import fsum

from assistant.citations import Claim, strip_markers
from assistant.condense import Query
from assistant.config import DEFAULT_WEIGHTS, AnswerWeights
from assistant.evidence import (
    ScoredSentence,
    answering_sentences,
    asked_position,
    dates_what_is_asked,
    expected_answer_type,
    informative_spans,
    ordered_by_meaning,
    passage_terms,
    question_terms,
    score_sentences,
    term_weights,
    well_matching,
    with_similarity,
)
from assistant.passages import Similarity, TermWeights
from assistant.reader import Reading
from assistant.support import SupportResult
from index import Hit, fold
from index.enumeration import announced_count, item_position

MAX_SENTENCES = 3  # best sentence + complements, before list items
MIN_GAIN = 0.12  # share of the question's weight a complement must add
NEAR_TIE = 0.9  # a sentence this close to the best is an equally good answer: keep it
CANDIDATES = 8  # best sentences considered as complements …
CANDIDATE_SHARE = 0.5  # … if they score at least this share of the best one
MAX_ITEMS = 7  # items quoted of a list that does not say how many it has
ITEM_SCAN = 15  # sentences searched after the introduction for the next item
PLAIN_LIST_WORDS = 80
HEADING_WORDS = 10  # a chosen line this short with no sentence mark is a heading: read on


@dataclass(frozen=True)
class Selection:
    """The select stage's output: the passage sentences that answer, in reading order (best
    first, list items after the sentence that introduces them); empty if none matches. An
    extractive answer quotes them; the model reads only them."""

    ranked: list[ScoredSentence]  # every sentence of the passages, best first
    chosen: list[ScoredSentence]


def select(
    query: Query,
    passages: Sequence[Hit],
    weights_of: TermWeights,
    weights: AnswerWeights = DEFAULT_WEIGHTS,
    similarity: Similarity | None = None,
    first: ScoredSentence | None = None,
) -> Selection:
    """The select stage: the passages' sentences scored once for the standalone question (and,
    for a follow-up, for what it asks now), and those an answer is made of. ``similarity``
    (the multilingual embedder's, sentence by sentence) is added to the sentences' scores: an
    English question shares few words with Vietnamese passages (names, numbers), and a
    Vietnamese one's words find the topic where its meaning finds the answer
    (``AnswerWeights.english_similarity``, ``vietnamese_similarity``)."""
    ranked = score_sentences(query.standalone, passages, weights_of, weights.evidence)
    if query.language == "en" and similarity is not None:
        ranked = with_similarity(
            ranked, query.standalone, passages, similarity, weights.english_similarity
        )
    if query.follow_up:
        # A follow-up: what it asks now weighs more than the turn it leans on.
        own = {
            (r.passage, r.start): r.score
            for r in score_sentences(query.text, passages, weights_of, weights.evidence)
        }
        ranked = sorted(
            (
                replace(
                    r,
                    score=round(
                        own.get((r.passage, r.start), 0.0) + weights.follow_up_context * r.score, 4
                    ),
                )
                for r in ranked
            ),
            key=lambda r: -r.score,
        )
    kind = expected_answer_type(query.text)  # what this turn asks, as the gate reads it
    depth, share = weights.answer_type_depth, weights.answer_type_share
    # Whether a sentence answers, and which may, is the words' call (as at the gate) …
    answering = answering_sentences(ranked, passages, query.text, kind, depth, share)
    offering = answering[0] if answering else None
    candidates = well_matching(ranked, passages, depth, share)
    # Not for a follow-up: its standalone form carries the turn before ("… UL tổ chức bao nhiêu
    # hội thảo? Còn với tổ chức của Anh thì ký thỏa thuận gì?"), whose sentence it then picks,
    # and alone it is too short to mean much ("Trụ cột thứ tư là gì?"); its words decide.
    meaning = query.language != "en" and not query.follow_up
    if meaning and similarity is not None and weights.vietnamese_similarity:
        # … which of them answers best, the meaning's too.
        ranked = ordered_by_meaning(
            ranked, query.standalone, passages, similarity, weights.vietnamese_similarity
        )
        if answering:
            offers = {(r.passage, r.start) for r in answering}
            offering = next((r for r in ranked if (r.passage, r.start) in offers), offering)
            candidates = [r for r in ranked if (r.passage, r.start) in offers]
    if first is not None:  # the gate found it by meaning (``gate.gate_by_meaning``)
        offering = next(
            (r for r in ranked if (r.passage, r.start) == (first.passage, first.start)), first
        )
    if offering is not None and first is None and kind == "date":
        # "APO được thành lập năm nào?": the sentence that dates the asked verb comes first.
        offering = next(
            (
                r
                for r in candidates
                if dates_what_is_asked(passages[r.passage].text[r.start : r.end], query.text)
            ),
            offering,
        )
    if offering is None:
        # What the gate found on the chunks is not among what would be quoted (a sentence read
        # on states another year than the asked one): quoting the rest would not answer.
        return Selection(ranked, [])
    # The best match that holds the kind of answer asked for is quoted first: "Cảng biển loại
    # II là …" shares more words with "xếp loại I, II hay III do cấp nào quyết định?",
    # "Thủ tướng Chính phủ quyết định xếp loại cảng biển" answers it.
    ranked = [offering, *(r for r in ranked if r is not offering)]
    return Selection(ranked, select_sentences(query.standalone, passages, ranked, weights_of))


def select_read(
    query: Query, passages: Sequence[Hit], reading: Reading, weights_of: TermWeights
) -> Selection:
    """The select stage on the learned reader's ranking (``assistant.reader``): its best
    sentence, what complements it, the list items it introduces."""
    ranked = [ScoredSentence(r.passage, r.start, r.end, r.probability) for r in reading.sentences]
    if not ranked:
        return Selection(ranked, [])
    return Selection(ranked, select_sentences(query.standalone, passages, ranked, weights_of))


def quote(selection: Selection, passages: Sequence[Hit]) -> list[Claim]:
    """The chosen sentences as claims, each its own support. A document's own "[3]" would read
    as a citation of this answer (a link to nothing): quoted text keeps only the markers the
    answer adds."""
    return [
        Claim(
            strip_markers(passages[c.passage].text[c.start : c.end]),
            c.passage,
            SupportResult(1.0, c.start, c.end),
        )
        for c in selection.chosen
    ]


def _normalized(text: str) -> str:
    return " ".join(fold(text).split())


def select_sentences(
    question: str,
    hits: Sequence[Hit],
    ranked: Sequence[ScoredSentence],
    weights: Callable[[set[str]], dict[str, float]],
) -> list[ScoredSentence]:
    """The sentences of an extractive answer, in the order they should be read."""
    if not ranked:
        return []
    terms = question_terms(question)
    idf = term_weights(terms, weights) if terms else {}
    total = fsum(idf.values()) or 1.0

    def text(s: ScoredSentence) -> str:
        return hits[s.passage].text[s.start : s.end]

    def covered(s: ScoredSentence) -> set[str]:
        return terms & passage_terms(text(s))

    chosen = [ranked[0]]
    seen = {_normalized(text(ranked[0]))}
    have = covered(ranked[0])
    pool = [r for r in ranked[1:CANDIDATES] if r.score >= CANDIDATE_SHARE * ranked[0].score]
    while len(chosen) < MAX_SENTENCES and pool:
        gains = [(fsum(idf[t] for t in covered(r) - have) / total, r) for r in pool]
        gain, best = max(gains, key=lambda g: (g[0], g[1].score))
        pool.remove(best)
        if any(_normalized(text(best)) in s or s in _normalized(text(best)) for s in seen):
            continue  # the same sentence again (chunks overlap), or one inside the other
        if gain < MIN_GAIN and best.score < NEAR_TIE * ranked[0].score:
            continue  # adds nothing the question asked, and is not as good a match
        chosen.append(best)
        seen.add(_normalized(text(best)))
        have |= covered(best)

    answer: list[ScoredSentence] = []
    position = asked_position(question)
    for sentence in chosen:
        answer.append(sentence)
        items = _list_items(hits[sentence.passage], sentence)
        if position is not None and len(items) >= position:
            items = [items[position - 1]]  # "Mục tiêu thứ ba là gì?": that item alone
        if not items and _is_heading(text(sentence)):
            items = _following(hits[sentence.passage], sentence)  # "3.5 Sai số đo" says nothing
        for item in items:
            if _normalized(text(item)) not in seen:
                seen.add(_normalized(text(item)))
                answer.append(item)
    return answer


def _is_heading(sentence: str) -> bool:
    """A heading, not a statement: short, and no sentence mark ends it ("4.3 Hiệu chuẩn")."""
    return len(sentence.split()) <= HEADING_WORDS and not sentence.rstrip().endswith(
        (".", "?", "!", ":", ";", "…", ")")
    )


def _following(hit: Hit, heading: ScoredSentence) -> list[ScoredSentence]:
    """The sentence after ``heading`` in its passage: what the heading's section says."""
    for start, end in informative_spans(hit.text):
        if start >= heading.end:
            return [ScoredSentence(heading.passage, start, end, 0.0)]
    return []


def _list_items(hit: Hit, intro: ScoredSentence) -> list[ScoredSentence]:
    """The first sentence of each item of an enumeration that ``intro`` introduces."""
    spans = informative_spans(hit.text)
    starts = [s[0] for s in spans]
    if intro.start not in starts:
        return []
    i = starts.index(intro.start)
    # A list that says how many items it has is read until the last, however long each runs
    # ("… ba hoạt động nổi bật." and three paragraphs); otherwise a few sentences on.
    count = announced_count(hit.text[intro.start : intro.end])
    following = spans[i + 1 :] if count else spans[i + 1 : i + 1 + ITEM_SCAN]
    if not following:
        return []
    first = item_position(hit.text[slice(*following[0])])
    if first is None:
        if not hit.text[intro.start : intro.end].rstrip().endswith(":"):
            return []  # not an introduction
        # "…như sau:" followed by plain sentences: take them, briefly.
        items: list[ScoredSentence] = []
        words = 0
        for start, end in following[:MAX_ITEMS]:
            words += len(hit.text[start:end].split())
            if items and words > PLAIN_LIST_WORDS:
                break
            items.append(ScoredSentence(intro.passage, start, end, 0.0))
        return items
    if first[1] > 1:
        return []  # the list started before this sentence
    items = []
    kind, position = first
    for start, end in following:
        found = item_position(hit.text[start:end])
        if found is None:
            continue  # the body of the previous item
        if found[0] != kind or (position and found[1] != position):
            break  # another enumeration
        items.append(ScoredSentence(intro.passage, start, end, 0.0))
        position = position + 1 if position else 0
        if len(items) == max(MAX_ITEMS, count or 0):
            break
    return items
