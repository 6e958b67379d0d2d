"""The answer engine: condense → retrieve → (abstain | extract | generate) → verify → cite."""

from __future__ import annotations

import itertools
import re
import threading
import time
from collections.abc import Iterator, Sequence
from contextlib import closing
from dataclasses import dataclass, replace
from typing import Any

from assistant.answer import Answer, Citation, Timings, Verified
from assistant.citations import (
    MARKER,
    cited_numbers,
    keep_valid_markers,
    renumber_markers,
    strip_markers,
)
from assistant.condense import standalone_question
from assistant.config import AnswerConfig, LLMConfig
from assistant.evidence import (
    ScoredSentence,
    defined_acronym,
    defines,
    expected_answer_type,
    informative_spans,
    is_instruction,
    offers_answer_type,
    score_sentences,
    window_coverage,
)
from assistant.extractive import select_sentences
from assistant.generators import Generator, GeneratorError, build_generator
from assistant.language import detect_language
from assistant.limits import RequestLimits
from assistant.prompts import (
    ABSTAIN_EN,
    ABSTAIN_VI,
    RELATED_EN,
    RELATED_VI,
    ScaffoldFilter,
    build_messages,
    strip_lead_in,
)
from assistant.sentences import sentence_spans, sentences
from assistant.support import SupportResult, content_terms, names, numbers, support
from index import Hit, SearchIndex, fold

History = Sequence[dict[str, Any]]
_REFUSALS = tuple(fold(phrase).rstrip(".") for phrase in (ABSTAIN_VI, ABSTAIN_EN))
FOLLOWING_CHUNKS = 3  # an answer reads each passage on this far: lists run long
ANSWER_TYPE_DEPTH = 5  # best sentences searched for the asked kind of answer
# CJK, Cyrillic, Thai…: never in an answer about these Vietnamese documents.
_FOREIGN_SCRIPT = re.compile(r"[\u0400-\u04ff\u0e00-\u0e7f\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")


@dataclass(frozen=True)
class _Claim:
    text: str
    passage: int  # index into the hits
    support: SupportResult


class Assistant:
    """One public entry: ``ask`` (or ``stream``) a question, optionally with history."""

    def __init__(
        self,
        index: SearchIndex,
        config: AnswerConfig,
        limits: RequestLimits,
        generator: Generator | None = None,
        llm: LLMConfig | None = None,
    ) -> None:
        """``generator`` answers as given; else one is built from ``llm`` on first use (and
        the engine quotes passages when neither can be had)."""
        self.config = config
        self.index = index
        self.limits = limits
        self._llm = llm
        self._generator = generator
        self._generator_error: str | None = None if generator or llm else "không cấu hình mô hình"
        self._lock = threading.Lock()  # answers run in parallel threads; the model loads once

    # -- generation backend ---------------------------------------------------------------
    @property
    def generator(self) -> Generator | None:
        """The configured LLM, built on first use; None when none can be had."""
        if self._generator is not None or self._generator_error is not None:
            return self._generator
        with self._lock:
            if self._generator is not None or self._generator_error is not None:
                return self._generator
            try:
                assert self._llm is not None
                self._generator = build_generator(self._llm)
            except (GeneratorError, ImportError, RuntimeError, OSError) as exc:
                self._generator_error = str(exc)
        return self._generator

    def resolve_mode(self, mode: str | None) -> str:
        mode = mode or self.config.mode
        if mode == "auto":
            return "llm" if self.generator is not None else "extractive"
        return mode

    # -- public API -----------------------------------------------------------------------
    def ask(self, question: str, history: History | None = None, mode: str | None = None) -> Answer:
        answer: Answer | None = None
        for event in self.stream(question, history, mode):
            if isinstance(event, Answer):
                answer = event
        assert answer is not None
        return answer

    def stream(
        self, question: str, history: History | None = None, mode: str | None = None
    ) -> Iterator[str | Verified | Answer]:
        """Yields the model's text as it is generated (``str``), each sentence of it that
        verifies as soon as it is complete (``Verified``, final), then the ``Answer``."""
        started = time.perf_counter()
        mode = self.resolve_mode(mode)
        language = detect_language(question)
        standalone = standalone_question(question, history)
        hits = self._retrieve(question, standalone)
        # Evidence is judged on the retrieved chunks themselves; the answer reads each one on
        # into the next chunk, where a list it announces ("… ba hoạt động nổi bật.") goes on.
        has_evidence = self._has_evidence(question, standalone, hits, language)
        hits = [self.index.with_following(hit, FOLLOWING_CHUNKS) for hit in hits]
        timings = Timings(retrieve_ms=_ms(started))
        answer = Answer(
            question=question,
            answer="",
            abstained=False,
            mode=mode,
            retrieved=hits,
            timings=timings,
            standalone_question=standalone,
        )

        if not has_evidence:
            yield self._abstain(answer, language, started)
            return
        if mode == "extractive":
            yield self._extract(answer, standalone, language, started)
            return

        generator = self.generator
        if generator is None:
            answer.mode = "extractive"
            yield self._extract(answer, standalone, language, started)
            return
        answer.model = generator.name
        # The model reads only the sentences an extractive answer would quote (and the list
        # items they introduce): a short prompt keeps the first token fast on a 2-core CPU and
        # leaves a small model less room to mix up facts from unrelated passages.
        chosen = self._answer_sentences(answer, standalone)
        if not chosen:
            yield self._abstain(answer, language, started)
            return
        shown, passages = _evidence_for_model(
            hits, chosen, self.config.passage_words * self.config.passages
        )
        messages = build_messages(question, passages, history or [], language)
        # Each sentence is verified as soon as the model ends it and goes out as ``Verified``,
        # cited and numbered as in the final answer (``_Citer`` numbers passages by first use).
        reader = _SentenceReader({n: i for n, i in enumerate(shown, start=1)}, len(hits))
        scaffold = ScaffoldFilter()  # the prompt's layout echoed back is never shown
        citer = _Citer(hits)
        failure: GeneratorError | None = None
        generate_started = time.perf_counter()
        # closing(): a consumer that stops reading (the client went away) stops the model too.
        with closing(generator.stream(messages, self.config.max_tokens)) as pieces:
            try:
                for piece in pieces:
                    if not timings.first_token_ms:
                        timings.first_token_ms = _ms(started)
                    if text := scaffold.feed(piece):
                        yield text
                        for sentence in reader.add(text):
                            yield from self._verified(sentence, citer, answer)
            except GeneratorError as exc:
                failure = exc
        if failure is not None and not citer.claims:
            answer.mode = "extractive"
            answer.model = f"extractive (LLM lỗi: {failure})"
            yield self._extract(answer, standalone, language, started)
            return
        if failure is not None:
            # Cut short (deadline): the sentences verified so far are the answer; the one the
            # model was writing is incomplete and goes.
            answer.model += f" (dừng: {failure})"
        else:
            if text := scaffold.flush():
                yield text
                reader.add(text)
            for sentence in reader.rest():
                yield from self._verified(sentence, citer, answer)
        timings.generate_ms = _ms(generate_started)
        if not citer.claims:
            # The model abstained, or said nothing the passages support: the evidence decides.
            refusal = fold(ABSTAIN_EN if language == "en" else ABSTAIN_VI).rstrip(".")
            said_absent = refusal in fold(reader.text)
            answer.model += " → extractive" if not said_absent else " (tự từ chối) → extractive"
            yield self._extract(answer, standalone, language, started)
            return
        yield citer.finish(answer, "", started)

    def _verified(self, sentence: str, citer: _Citer, answer: Answer) -> Iterator[Verified]:
        """The sentence as it will stand in the answer, if it verifies (and says something new)."""
        claim = self._verify(sentence, answer.retrieved, answer.question)
        if claim is not None and (text := citer.add(claim)) is not None:
            yield Verified(text)

    # -- steps ----------------------------------------------------------------------------
    def _retrieve(self, question: str, standalone: str) -> list[Hit]:
        """Passages for the standalone question; for a follow-up, interleaved with those for
        the follow-up alone, which may have changed the subject ("Còn ACCSQ thì sao?")."""
        k = self.config.passages
        acronym = defined_acronym(standalone)
        defining = self._defining(acronym) if acronym else []
        if defining:
            # "TBT là gì?": the passage that spells it out may share no other word with the
            # question; a search for the acronym alone finds where it is introduced.
            return _interleave(self.index.search(standalone, k=k), defining, k)
        if standalone == question:
            return self.index.search(question, k=k)
        return _interleave(self.index.search(standalone, k=k), self.index.search(question, k=k), k)

    def _defining(self, acronym: str) -> list[Hit]:
        """Passages that spell ``acronym`` out, best first."""
        found = self.index.search(acronym, k=self.config.passages * 4, mode="lexical")
        return [h for h in found if defines(h.text, acronym)][:1]

    def evidence(self, question: str, standalone: str, hits: Sequence[Hit], language: str) -> float:
        """How well the passages cover the question (0..1); for a follow-up, the better of the
        question alone and its standalone form."""
        if not hits:
            return 0.0
        if language == "en":  # English words cannot match Vietnamese text: use the embedder
            return max((h.dense_score or 0.0) for h in hits)
        weights = self.index.term_weights
        return max(window_coverage(q, hits, weights) for q in {question, standalone})

    def _has_evidence(
        self, question: str, standalone: str, hits: Sequence[Hit], language: str
    ) -> bool:
        threshold = self.config.min_dense if language == "en" else self.config.min_coverage
        if self.evidence(question, standalone, hits, language) < threshold:
            return False
        return self._offers_asked_type(question, hits)

    def _offers_asked_type(self, question: str, hits: Sequence[Hit]) -> bool:
        """A question asking for a number, date or name needs a well-matching sentence that
        holds one: on-topic passages without it are the classic "entity mentioned, fact not
        stated" case."""
        kind = expected_answer_type(question)
        if kind is None:
            return True
        ranked = score_sentences(question, hits, self.index.term_weights)
        if not ranked:
            return False
        best = ranked[0].score
        return any(
            offers_answer_type(hits[r.passage].text[r.start : r.end], question, kind)
            for r in ranked[:ANSWER_TYPE_DEPTH]
            if r.score >= 0.5 * best
        )

    def _abstain(self, answer: Answer, language: str, started: float) -> Answer:
        head, related = (ABSTAIN_EN, RELATED_EN) if language == "en" else (ABSTAIN_VI, RELATED_VI)
        lines = [head]
        if answer.retrieved:
            lines.append(related)
            for hit in answer.retrieved[:3]:
                date = f" ({hit.date})" if hit.date else ""
                # Instructions planted in a document stay out of the message, as elsewhere.
                readable = " ".join(hit.text[a:b] for a, b in informative_spans(hit.text))
                snippet = " ".join(strip_markers(readable).split())[:160]
                lines.append(f"- {hit.title}{date}: {snippet}…")
        answer.answer = "\n".join(lines)
        answer.abstained = True
        answer.citations = []
        return _done(answer, started)

    def _answer_sentences(self, answer: Answer, question: str) -> list[ScoredSentence]:
        """The passage sentences that answer ``question`` (the standalone form), best first,
        with list items after the sentence that introduces them; [] if none matches."""
        hits = answer.retrieved
        ranked = score_sentences(question, hits, self.index.term_weights)
        if answer.standalone_question != answer.question:
            # A follow-up: what it asks now weighs more than the turn it leans on.
            own = {
                (r.passage, r.start): r.score
                for r in score_sentences(answer.question, hits, self.index.term_weights)
            }
            ranked = sorted(
                (
                    replace(r, score=round(own.get((r.passage, r.start), 0.0) + 0.3 * r.score, 4))
                    for r in ranked
                ),
                key=lambda r: -r.score,
            )
        if not ranked or ranked[0].score <= 0:
            return []
        return select_sentences(question, hits, ranked, self.index.term_weights)

    def _extract(self, answer: Answer, question: str, language: str, started: float) -> Answer:
        hits = answer.retrieved
        chosen = self._answer_sentences(answer, question)
        if not chosen:
            return self._abstain(answer, language, started)
        # A document's own "[3]" would read as a citation of this answer (a link to nothing):
        # quoted text keeps only the markers the answer adds.
        claims = [
            _Claim(
                strip_markers(hits[c.passage].text[c.start : c.end]),
                c.passage,
                SupportResult(1.0, c.start, c.end),
            )
            for c in chosen
        ]
        prefix = "According to the documents (Vietnamese original): " if language == "en" else ""
        return self._cite(answer, claims, prefix, started)

    def _verify(self, sentence: str, hits: Sequence[Hit], question: str) -> _Claim | None:
        """The claim of one generated sentence, re-cited to a passage that supports it."""
        claim = strip_lead_in(strip_markers(sentence))
        terms = content_terms(claim)
        new = _adds_specifics(claim, question)
        if not terms or (len(terms) < 2 and not new) or is_instruction(claim):
            return None  # "Theo tài liệu:" and the like carry no claim to cite
        if _FOREIGN_SCRIPT.search(claim):
            return None  # a small model drifting into Chinese mid-sentence
        if claim.endswith("?") or (terms <= content_terms(question) and not new):
            # The question echoed back is no answer; "APO được thành lập năm 1961." has the
            # question's words and adds the asked year: that is the answer.
            return None
        if any(refusal in fold(claim) for refusal in _REFUSALS):
            return None  # "Tài liệu không có thông tin này [1]." is a refusal, not a claim
        cited = [n - 1 for n in cited_numbers(sentence)]
        order = cited + [i for i in range(len(hits)) if i not in cited]
        best: tuple[int, SupportResult] | None = None
        for position in order:
            result = support(claim, hits[position].text)
            if result.supported and (best is None or result.score > best[1].score + 0.1):
                best = (position, result)
        return _Claim(claim, *best) if best else None

    def _cite(
        self, answer: Answer, claims: Sequence[_Claim], prefix: str, started: float
    ) -> Answer:
        citer = _Citer(answer.retrieved)
        for claim in claims:
            citer.add(claim)
        return citer.finish(answer, prefix, started)


class _Citer:
    """Claims as cited answer sentences, passages numbered [1], [2]… in order of first use:
    each sentence is final when added, whatever comes after it."""

    def __init__(self, hits: Sequence[Hit]) -> None:
        self.hits = hits
        self.claims: list[_Claim] = []
        self.parts: list[str] = []
        self.citations: list[Citation] = []
        self._numbering: dict[int, int] = {}

    def add(self, claim: _Claim) -> str | None:
        """The claim's sentence with its marker; None for a claim already made (a small model
        repeating itself)."""
        body = claim.text.rstrip(" ,;:-–")
        if not body or any(
            fold(body) == fold(earlier.text.rstrip(" ,;:-–")) for earlier in self.claims
        ):
            return None
        if claim.passage not in self._numbering:
            self._numbering[claim.passage] = len(self._numbering) + 1
            self.citations.append(
                Citation(
                    n=self._numbering[claim.passage],
                    hit=self.hits[claim.passage],
                    support_start=claim.support.start,
                    support_end=claim.support.end,
                )
            )
        if body[-1] not in ".!?…":
            body += "."
        part = f"{body[:-1]} [{self._numbering[claim.passage]}]{body[-1]}"
        self.claims.append(claim)
        self.parts.append(part)
        return part

    def finish(self, answer: Answer, prefix: str, started: float) -> Answer:
        answer.answer = prefix + " ".join(self.parts)
        answer.citations = list(self.citations)
        answer.abstained = False
        return _done(answer, started)


class _SentenceReader:
    """The model's text as it streams, handed out sentence by sentence once each is complete,
    with its markers turned from prompt passage numbers into hit numbers."""

    def __init__(self, numbering: dict[int, int], passages: int) -> None:
        self._numbering = numbering
        self._passages = passages
        self.text = ""  # everything read, as the model wrote it
        self._done = 0  # characters of ``text`` already handed out

    def add(self, piece: str) -> list[str]:
        """The sentences that ``piece`` completed."""
        self.text += piece
        pending = self.text[self._done :]
        spans = sentence_spans(pending)
        complete: list[str] = []
        consumed = 0
        # A sentence is complete once a later one has begun with a letter: a marker the model
        # puts after the full stop ("… 1961. [1]") still belongs to the sentence before it.
        for (start, _), (following, following_end) in itertools.pairwise(spans):
            if not _LETTER.search(pending[following:following_end]):
                break
            complete.append(pending[start:following])
            consumed = following
        self._done += consumed
        return [self._cited(s) for s in complete if s.strip()]

    def rest(self) -> list[str]:
        """The sentences left when the text has ended."""
        pending, self._done = self.text[self._done :], len(self.text)
        return [s for s in sentences(self._cited(pending)) if s.strip()]

    def _cited(self, text: str) -> str:
        text = _MARKER_AFTER_STOP.sub(r" \2\1", text.strip())
        return keep_valid_markers(renumber_markers(text, self._numbering), self._passages)


_LETTER = re.compile(r"[^\W\d_]")
# "… năm 1961. [1]" → "… năm 1961 [1].": the marker cites the sentence it follows.
_MARKER_AFTER_STOP = re.compile(rf"([.!?…])\s*({MARKER.pattern})")


def _adds_specifics(claim: str, question: str) -> bool:
    """Whether the claim states a number, date, code or name the question does not."""
    asked = fold(question)
    return bool(numbers(claim) - numbers(question)) or any(
        name not in asked for name in names(claim)
    )


def _interleave(first: Sequence[Hit], second: Sequence[Hit], k: int) -> list[Hit]:
    """Two rankings merged turn by turn, without repeats; one passage over ``k``, as two
    searches share the budget."""
    merged: dict[str, Hit] = {}
    for position in range(max(len(first), len(second))):
        for ranking in (first, second):
            if position < len(ranking):
                merged.setdefault(ranking[position].chunk_id, ranking[position])
    return list(merged.values())[: k + 1]


def _evidence_for_model(
    hits: Sequence[Hit], chosen: Sequence[ScoredSentence], budget: int
) -> tuple[list[int], list[tuple[str, str, str]]]:
    """The chosen sentences grouped by passage, in document order, within ``budget`` words:
    (the 1-based hit number of each prompt passage, the passages as (title, date, text))."""
    by_passage: dict[int, list[ScoredSentence]] = {}
    words = 0
    for sentence in chosen:  # best first: the budget drops the weakest
        length = len(hits[sentence.passage].text[sentence.start : sentence.end].split())
        if by_passage and words + length > budget:
            continue
        by_passage.setdefault(sentence.passage, []).append(sentence)
        words += length
    shown = list(by_passage)
    passages = []
    for position in shown:
        hit = hits[position]
        ordered = sorted(by_passage[position], key=lambda s: s.start)
        passages.append((hit.title, hit.date, " ".join(hit.text[s.start : s.end] for s in ordered)))
    return [p + 1 for p in shown], passages


def _ms(since: float) -> float:
    return (time.perf_counter() - since) * 1000


def _done(answer: Answer, started: float) -> Answer:
    answer.timings.total_ms = _ms(started)
    if not answer.timings.first_token_ms:
        answer.timings.first_token_ms = answer.timings.total_ms
    return answer
