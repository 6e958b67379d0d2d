"""The gate stage: do the retrieved passages answer the question at all? And the message
the answer is when they do not."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from assistant.citations import strip_markers
from assistant.condense import Query
from assistant.config import DEFAULT_WEIGHTS, AnswerConfig, AnswerWeights, WordsAlike
from assistant.evidence import (
    ScoredSentence,
    alike_coverage,
    answering_sentences,
    asked_types,
    count_phrases,
    counted_phrase,
    expected_answer_type,
    informative_spans,
    names_mentioned,
    offers_answer_type,
    placement_terms,
    proper_names,
    question_terms,
    score_sentences,
    term_weights,
    window_coverage,
    with_similarity,
    written_terms,
)
from assistant.passages import PhraseSimilarity, Similarity, TermWeights
from assistant.prompts import ABSTAIN_EN, ABSTAIN_VI, RELATED_EN, RELATED_VI
from assistant.reader import Reading
from index import Hit
from index.sentences import neighbourhood
from index.vietnamese import defined_acronym, defines


@dataclass(frozen=True)
class Evidence:
    """The gate's verdict."""

    coverage: float  # how well the passages cover the question, 0..1 (cosine in English)
    threshold: float  # the least coverage that answers (AnswerConfig, fitted on the golden set)
    asked_type: str | None  # "number", "date", "name": what the question asks for, if said
    offers_asked_type: bool  # a well-matching sentence holds one

    @property
    def passed(self) -> bool:
        return self.coverage >= self.threshold and self.offers_asked_type

    @property
    def confidence(self) -> float:
        """The answerability the eval's calibration curves are drawn from: the coverage, or 0
        when no sentence offers the kind of answer asked for."""
        return self.coverage if self.offers_asked_type else 0.0


def gate_reading(reading: Reading, config: AnswerConfig) -> Evidence:
    """The gate on the learned reader's confidence (``assistant.reader``); a deployment may set
    its own threshold (``AnswerConfig.min_confidence``) over the fitted one."""
    threshold = reading.threshold if config.min_confidence is None else config.min_confidence
    return Evidence(reading.confidence, threshold, None, True)


def gate_rescue(
    reading: Reading,
    query: Query,
    passages: Sequence[Hit],
    term_weights: TermWeights,
    weights: AnswerWeights = DEFAULT_WEIGHTS,
) -> tuple[Evidence, Reading] | None:
    """The combined reader's second opinion on a question the rules refused: the learned
    reader answers it only at its rescue threshold (``LogisticModel.rescue_threshold``,
    chosen on Zalo dev), and only with a sentence that holds the asked kind of answer: the
    reader weighs the missing slot little, and "có bao nhiêu Phó Chủ tịch?" is not answered by
    "bao gồm Chủ tịch, các Phó Chủ tịch và các ủy viên", however close its words. Nor, for a
    Vietnamese question, with a sentence the year rule rules out (``score_sentences``: another
    year in it or beside it): a table's heading above 2024's and 2025's rows does not answer
    "6 tháng đầu năm 2023". Nor with a sentence of a passage that lacks a word of a name the
    question states ("Nghệ An" and a page about Hà Tĩnh); the rules' stricter name veto (the
    name written as such) and their plan veto stay the reader's to weigh: on Zalo dev they
    refused two rescues it had right ("Trường Đại học Bách khoa TP HCM" — "Hiệu trưởng Đại
    học Bách khoa").
    The reading comes back with that sentence first, so it is what is quoted; None when no
    sentence qualifies (or the model has no such threshold)."""
    threshold = reading.rescue_threshold
    if threshold is None or not reading.sentences or reading.sentences[0].probability < threshold:
        return None  # nothing sure enough: the rules' second reading below is not needed
    kind = expected_answer_type(query.text)
    year_rule = replace(weights.evidence, missing_name=1.0, other_plan=1.0)
    # An English question's words match no Vietnamese sentence: the rules cannot read it.
    dated = (
        {
            (r.passage, r.start)
            for r in score_sentences(query.text, passages, term_weights, year_rule)
            if r.score > 0
        }
        if query.language == "vi"
        else None
    )
    names = proper_names(query.text)
    for rank, read in enumerate(reading.sentences):
        if read.probability < threshold:
            return None
        if dated is not None and (read.passage, read.start) not in dated:
            continue
        hit = passages[read.passage]
        if names and not names_mentioned(names, f"{hit.title}\n{hit.text}"):
            continue
        text = hit.text[read.start : read.end]
        if offers_answer_type(text, query.text, kind, reworded=True):
            rest = reading.sentences[:rank] + reading.sentences[rank + 1 :]
            first = replace(reading, sentences=[read, *rest])
            return Evidence(read.probability, threshold, kind, True), first
    return None


def gate(
    query: Query,
    hits: Sequence[Hit],
    term_weights: TermWeights,
    config: AnswerConfig,
    weights: AnswerWeights = DEFAULT_WEIGHTS,
    similarity: Similarity | None = None,
) -> Evidence:
    """Judged on the chunks as retrieved (not read on): coverage of the question's words, then
    (if covered) whether a sentence offers the kind of answer asked for. An English question's
    sentences are ranked with ``similarity`` too, as the select stage ranks them."""
    threshold = config.min_dense if query.language == "en" else config.min_coverage
    found = coverage(query, hits, term_weights)
    asked = asked_types(query.text) or (None,)  # the first is the kind the answer is
    kind = asked[0]
    # Judged whatever the coverage, so the confidence (and the eval's calibration curve) says
    # what a lower threshold would answer.
    english = similarity if query.language == "en" else None
    offers = bool(hits) and all(
        _offers(each, query.text, hits, term_weights, weights, english) for each in asked
    )
    return Evidence(found, threshold, kind, offers)


def gate_by_meaning(
    query: Query,
    passages: Sequence[Hit],
    term_weights: TermWeights,
    similarity: Similarity,
    threshold: float,
    weights: AnswerWeights = DEFAULT_WEIGHTS,
) -> tuple[Evidence, ScoredSentence] | None:
    """A second look at a Vietnamese question the rules refused: a paraphrase ("bao nhiêu
    trụ bơm đong sai" for "17 cột đo có sai số vượt giới hạn") shares too few words for the
    coverage threshold, but the embedder reads it. Among the passages' sentences that hold the
    asked kind of answer and that no rule rules out (another year, a name or plan the passage
    never writes: score 0), the one closest in meaning answers when its cosine reaches
    ``threshold``; that sentence is quoted first. None when none does."""
    kind = expected_answer_type(query.text)
    candidates = [
        r
        for r in score_sentences(query.text, passages, term_weights, weights.evidence)
        if r.score > 0
        and offers_answer_type(
            passages[r.passage].text[r.start : r.end], query.text, kind, reworded=True
        )
    ]
    if not candidates:
        return None
    texts = [passages[r.passage].text[r.start : r.end] for r in candidates]
    cosine, best = max(
        zip(similarity(query.text, texts), candidates, strict=True), key=lambda c: c[0]
    )
    if cosine < threshold:
        return None
    return Evidence(round(cosine, 4), threshold, kind, True), best


def gate_by_words(
    query: Query,
    passages: Sequence[Hit],
    weights_of: TermWeights,
    similarity: Similarity,
    alike: PhraseSimilarity,
    config: WordsAlike,
    weights: AnswerWeights = DEFAULT_WEIGHTS,
) -> tuple[Evidence, ScoredSentence] | None:
    """A last look at a Vietnamese question the rules refused on coverage: it may say in its
    own words what a sentence says ("các công ty gửi bao nhiêu câu hỏi được giải đáp?" for
    "trả lời 312 câu hỏi của doanh nghiệp"). The ``config.candidates`` sentences closest in
    meaning are read in turn; one that holds the asked kind of answer (for a count, of the
    asked thing) has its window's coverage counted with words matched by meaning
    (``evidence.alike_coverage``), and the best answers when it reaches ``config.min_coverage``.
    A sentence a rule rules out (another year, a name the passage never writes) ends the
    reading: what reads most like the question contradicts it, and a sentence further off is
    no answer ("4 hội thảo" beside the other year's "312 câu hỏi"). The answering sentence is
    quoted first; None when none answers."""
    terms = question_terms(query.text)
    scored = score_sentences(query.text, passages, weights_of, weights.evidence)
    if not terms or not scored:
        return None
    kind = expected_answer_type(query.text)
    texts = [passages[r.passage].text[r.start : r.end] for r in scored]
    closest = sorted(
        zip(similarity(query.text, texts), scored, texts, strict=True), key=lambda c: -c[0]
    )[: config.candidates]
    idf = term_weights(terms, weights_of)
    written = written_terms(query.text)
    counted = counted_phrase(query.text) if kind == "number" else ""

    def counts_the_asked(sentence: str) -> bool:
        """A count answers when what it counts is the asked thing, in the question's words or
        in others ("86 doanh nghiệp" for "bao nhiêu công ty"), not "05 định hướng" beside
        "công chức, viên chức" for "bao nhiêu nhân viên"."""
        if not counted or offers_answer_type(sentence, query.text, kind):
            return True
        counts = count_phrases(sentence)
        return bool(counts) and float(alike([counted], counts).max()) >= config.min_similarity

    found: tuple[float, ScoredSentence] | None = None
    for _, read, text in closest:
        if read.score <= 0:
            break
        if not offers_answer_type(text, query.text, kind, reworded=True):
            continue
        if not counts_the_asked(text):
            continue
        hit = passages[read.passage]
        spans = informative_spans(hit.text)
        own = (read.start, read.end)
        window = hit.text[slice(*(neighbourhood(spans, spans.index(own)) if own in spans else own))]
        covered = alike_coverage(
            written, window, placement_terms(hit), idf, alike, config.min_similarity
        )
        if found is None or covered > found[0]:
            found = (covered, read)
    if found is None or found[0] < config.min_coverage:
        return None
    return Evidence(round(found[0], 4), config.min_coverage, kind, True), found[1]


def coverage(query: Query, hits: Sequence[Hit], term_weights: TermWeights) -> float:
    """How well the passages cover the question (0..1); for a follow-up, the better of the
    question alone and its standalone form."""
    if not hits:
        return 0.0
    if query.language == "en":  # English words cannot match Vietnamese text: use the embedder
        return max((h.dense_score or 0.0) for h in hits)
    acronym = defined_acronym(query.text)
    if acronym and any(defines(s, acronym) for h in hits for s in _sentences(h)):
        return 1.0  # "Ký hiệu GT có nghĩa là gì?" and a sentence spells GT out: answered
    return max(window_coverage(q, hits, term_weights) for q in {query.text, query.standalone})


def _sentences(hit: Hit) -> list[str]:
    return [hit.text[start:end] for start, end in informative_spans(hit.text)]


def _offers(
    kind: str | None,
    question: str,
    hits: Sequence[Hit],
    term_weights: TermWeights,
    weights: AnswerWeights,
    similarity: Similarity | None = None,
) -> bool:
    """Some sentence must match, and a question asking for a number, date, name, place or
    document number needs a well-matching sentence that holds one: on-topic passages without
    it are the classic "entity mentioned, fact not stated" case. (The found chunks, their
    sentences whole, are scored here; the select stage scores the passages read on, for the
    standalone question: two different inputs, so two scorings.)"""
    ranked = score_sentences(question, hits, term_weights, weights.evidence)
    if similarity is not None:
        ranked = with_similarity(ranked, question, hits, similarity, weights.english_similarity)
    found = answering_sentences(
        ranked, hits, question, kind, weights.answer_type_depth, weights.answer_type_share
    )
    return bool(found)


def abstention(
    language: str, passages: Sequence[Hit], weights: AnswerWeights = DEFAULT_WEIGHTS
) -> str:
    """The answer when the documents do not answer: said plainly, with the passages that may
    be related, so the user can look for themselves."""
    head, related = (ABSTAIN_EN, RELATED_EN) if language == "en" else (ABSTAIN_VI, RELATED_VI)
    lines = [head]
    if passages:
        lines.append(related)
        for hit in passages[: weights.related_passages]:
            date = f" ({hit.date})" if hit.date else ""
            # Instructions planted in a document stay out of the message, as elsewhere.
            readable = " ".join(hit.text[a:b] for a, b in informative_spans(hit.text))
            snippet = " ".join(strip_markers(readable).split())[: weights.related_chars]
            lines.append(f"- {hit.title}{date}: {snippet}…")
    return "\n".join(lines)
