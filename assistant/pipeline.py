"""The answer pipeline: condense → retrieve → gate/read → select → generate → verify → cite.

Each stage is a function with a typed input and output (``assistant.condense``, ``retrieval``,
``gate``, ``extractive``, ``generate``, ``verify``, ``citations``); this module composes them
and is the only place that branches: abstain, quote, generate, or fall back to quoting. The
``Answer`` is built once, at the end, with the ``AnswerPath`` it took.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator, Sequence
from collections.abc import Generator as Coroutine
from contextlib import closing
from typing import Any

from assistant.answer import Answer, AnswerPath, Timings, Token, Verified
from assistant.citations import Cited, Citer, Claim, cite, validity_notes
from assistant.condense import Query, condense
from assistant.config import DEFAULT_WEIGHTS, AnswerConfig, AnswerWeights
from assistant.evidence import ScoredSentence, expected_answer_type, offers_answer_type
from assistant.extractive import Selection, quote, select, select_read
from assistant.gate import (
    Evidence,
    abstention,
    gate,
    gate_by_meaning,
    gate_by_words,
    gate_reading,
    gate_rescue,
)
from assistant.generate import Draft, Drafted, generate, prompt_for
from assistant.generators import Generator
from assistant.limits import RequestLimits
from assistant.llm_reader import answer_probability
from assistant.passages import PassageSource
from assistant.prompts import QUOTED_EN
from assistant.reader import ReaderModel, Reading, read
from assistant.retrieval import retrieve
from assistant.verify import agrees_with_quote, declined, gives_every_item, verify_clauses
from index import NO_FILTERS, Hit, SearchFilters, fold
from index.enumeration import announced_count, item_position
from index.vietnamese import ASKS_LIST, defined_acronym

History = Sequence[dict[str, Any]]
Event = Token | Verified | Answer


class Pipeline:
    """One question through the stages; ``run`` yields the stream's events."""

    def __init__(
        self,
        source: PassageSource,
        config: AnswerConfig,
        limits: RequestLimits,
        reader: ReaderModel,
        weights: AnswerWeights = DEFAULT_WEIGHTS,
    ) -> None:
        self.source = source
        self.config = config
        self.limits = limits
        self.reader = reader
        self.weights = weights

    def run(
        self,
        question: str,
        history: History | None,
        mode: str,
        generator_of: Callable[[], Generator | None],
        filters: SearchFilters = NO_FILTERS,
    ) -> Iterator[Event]:
        """``mode`` is resolved ("llm" or "extractive"); ``generator_of()`` gives the generator
        (built on first use, so asked only when an answer is to be generated). Yields ``Token``\\ s
        of the model's raw text, ``Verified`` sentences as each checks out, then the
        ``Answer``."""
        started = time.perf_counter()
        query = condense(question, history, self.limits.max_question_chars)
        found = retrieve(query, self.source, self.config.passages, self.weights, filters)
        passages = found.passages
        evidence, reading, first = self._gated(query, found.hits, passages)
        timings = Timings(retrieve_ms=_ms(started))

        def answer(path: AnswerPath, cited: Cited | None, mode: str, model: str = "") -> Answer:
            timings.total_ms = _ms(started)
            timings.first_token_ms = timings.first_token_ms or timings.total_ms
            if cited is None:
                text, citations = abstention(query.language, passages, self.weights), []
            else:
                text, citations = cited.text, cited.citations
                # A cited document not in force is said so, whatever the model wrote.
                notes = validity_notes([c.hit for c in citations], query.language)
                text = f"{text} {notes}" if notes else text
            return Answer(
                question=question,
                answer=text,
                abstained=cited is None,
                mode=mode,
                citations=citations,
                retrieved=passages,
                timings=timings,
                standalone_question=query.standalone,
                model=model,
                path=path,
                confidence=evidence.confidence if passages else None,
            )

        def quoted(selection: Selection, path: AnswerPath, mode: str, model: str = "") -> Answer:
            if not selection.chosen:
                return answer(AnswerPath.ABSTAINED, None, mode, model)
            prefix = QUOTED_EN if query.language == "en" else ""
            return answer(path, cite(quote(selection, passages), passages, prefix), mode, model)

        if not evidence.passed:
            yield answer(AnswerPath.ABSTAINED, None, mode)
            return
        generator = generator_of() if mode != "extractive" else None
        selection = (
            select(
                query,
                passages,
                self.source.term_weights,
                self.weights,
                self.source.sentence_similarity,
                first,
            )
            if reading is None
            else select_read(query, passages, reading, self.source.term_weights)
        )
        if generator is None:
            path = AnswerPath.QUOTED if mode == "extractive" else AnswerPath.FELL_BACK_LLM_ERROR
            yield quoted(selection, path, "extractive")
            return
        if not selection.chosen:
            yield answer(AnswerPath.ABSTAINED, None, mode, generator.name)
            return
        if self.config.quote_provisions and passages[selection.chosen[0].passage].legal_path:
            # A provision's wording is the answer ("không quá 05 ngày làm việc", "chậm nhất 24
            # giờ"); the model's paraphrase loses or swaps its conditions.
            yield quoted(selection, AnswerPath.QUOTED_PROVISION, mode, "extractive (điều luật)")
            return

        prompt = prompt_for(
            query,
            passages,
            selection,
            self.limits,
            self.config.passage_words * self.config.passages,
        )
        if self.config.llm_reader_min is not None and hasattr(
            generator, "first_token_probabilities"
        ):
            # The model as a reader first: do these sentences answer at all? (Never offered
            # the refusal as a writer, it would decline answerable questions.)
            said = answer_probability(generator, prompt.messages, query.language)  # type: ignore[arg-type]
            if said is not None and said < self.config.llm_reader_min:
                timings.first_token_ms = _ms(started)
                reason = f"{generator.name} (đọc: không có câu trả lời, {said:.2f})"
                yield answer(AnswerPath.ABSTAINED, None, mode, reason)
                return
        citer = Citer(passages)
        chosen = [passages[s.passage].text[s.start : s.end] for s in selection.chosen]
        quote_first = chosen[0]
        generate_started = time.perf_counter()
        with closing(generate(generator, prompt, len(passages), self.config.max_tokens)) as drafts:
            draft = yield from self._verified(
                drafts, citer, query, passages, quote_first, _asked_items(query, chosen)
            )
        if draft.first_piece_at is not None:
            timings.first_token_ms = (draft.first_piece_at - started) * 1000
        if draft.failure is not None and not citer.claims:
            reason = f"extractive (LLM lỗi: {draft.failure})"
            yield quoted(selection, AnswerPath.FELL_BACK_LLM_ERROR, "extractive", reason)
            return
        timings.generate_ms = _ms(generate_started)
        if not citer.claims:
            # The model declined, or said nothing the passages support: the evidence decides.
            if declined(draft.text, query.language):
                said = (
                    AnswerPath.FELL_BACK_DECLINED,
                    f"{generator.name} (tự từ chối) → extractive",
                )
            else:
                said = (AnswerPath.FELL_BACK_UNSUPPORTED, f"{generator.name} → extractive")
            yield quoted(selection, said[0], mode, said[1])
            return
        # Cut short (a deadline): the sentences verified so far are the answer.
        stopped = f" (dừng: {draft.failure})" if draft.failure is not None else ""
        notes = validity_notes([c.hit for c in citer.citations], query.language)
        if notes:  # streamed like a sentence, so the answer is still the Verified texts joined
            yield Verified(notes)
        yield answer(AnswerPath.GENERATED, citer.cited(), mode, generator.name + stopped)

    def _gated(
        self, query: Query, hits: Sequence[Hit], passages: Sequence[Hit]
    ) -> tuple[Evidence, Reading | None, ScoredSentence | None]:
        """The gate/read stage: does any sentence of the passages answer? The evidence, the
        learned reader's reading when it decided, and the sentence a second look found by
        meaning or by words alike (quoted first)."""
        source, config = self.source, self.config
        if config.reader == "learned":
            reading = read(
                query, passages, source.sentence_similarity, source.term_weights, self.reader
            )
            return gate_reading(reading, config), reading, None
        evidence = gate(
            query, hits, source.term_weights, config, self.weights, source.sentence_similarity
        )
        if config.reader == "combined" and not evidence.passed and passages:
            # The rules refuse: paraphrase is where they fail on new documents. The learned
            # reader (fitted on Zalo) answers when it is confident enough.
            second = read(
                query, passages, source.sentence_similarity, source.term_weights, self.reader
            )
            if (
                rescued := gate_rescue(second, query, passages, source.term_weights, self.weights)
            ) is not None:
                return rescued[0], rescued[1], None
        if evidence.passed or not passages or query.language != "vi":
            return evidence, None, None
        if config.min_sentence_similarity is not None:
            by_meaning = gate_by_meaning(
                query,
                passages,
                source.term_weights,
                source.sentence_similarity,
                config.min_sentence_similarity,
                self.weights,
            )
            if by_meaning is not None:
                return by_meaning[0], None, by_meaning[1]
        # A refusal on coverage, or a count's missing slot: the count may be of the asked thing
        # in other words ("bao nhiêu mẫu máy lạnh?" — "342 model máy điều hòa"), which
        # ``gate_by_words`` reads by meaning. Any other missing slot, or another year, stands.
        refused_count = evidence.asked_type == "number" and not evidence.offers_asked_type
        if config.words_alike is not None and (
            evidence.coverage < evidence.threshold or refused_count
        ):
            by_words = gate_by_words(
                query,
                passages,
                source.term_weights,
                source.sentence_similarity,
                source.phrase_similarity,
                config.words_alike,
                self.weights,
            )
            if by_words is not None:
                return by_words[0], None, by_words[1]
        return evidence, None, None

    def _verified(
        self,
        drafts: Coroutine[Token | Drafted, None, Draft],
        citer: Citer,
        query: Query,
        passages: Sequence[Hit],
        quote_first: str,
        items: Sequence[str],
    ) -> Coroutine[Token | Verified, None, Draft]:
        """The model's pieces passed on; each sentence it finishes verified and cited at once,
        and passed on as it will stand in the answer (if it says something new). A question
        that asks for a number, date, name, place or document number is answered only once a
        verified sentence holds one: the sentences before it wait, and if none comes they are
        dropped (the answer falls back to the quote). A small model handed the sentence "…
        ký ngày 15/11/2020 bởi 15 nước" answers "bao nhiêu nước?" with the date. For a number,
        date, document number, name or place, the value must be one the sentence quoted first
        gives (``agrees_with_quote``, ``quote_first``), and all of a list it gives some of
        ("đến năm 2025" of "đến năm 2025 và định hướng đến năm 2030" is half the answer).
        Asked for the ``items`` of a list the quote announces, the claims must give each."""
        kind = expected_answer_type(query.text)
        # Until a claim gives the asked value (or spells out the asked acronym, or every asked
        # item), claims wait.
        unanswered = kind is not None or defined_acronym(query.text) is not None or bool(items)
        # The quote answers only in other words ("bao nhiêu công ty?" — "86 doanh nghiệp"): the
        # model, restating it, may use the same words (its value must still be the quote's).
        reworded = not offers_answer_type(quote_first, query.text, kind) and offers_answer_type(
            quote_first, query.text, kind, reworded=True
        )
        held: list[Claim] = []
        while True:
            try:
                event = next(drafts)
            except StopIteration as end:
                return end.value
            if isinstance(event, Token):
                yield event
                continue
            for claim in verify_clauses(event.text, passages, query.text, self.weights):
                held.append(claim)
                said = " ".join(waiting.text for waiting in held)
                if unanswered and not (
                    offers_answer_type(claim.text, query.text, kind, reworded=reworded)
                    and agrees_with_quote(said, quote_first, query.text, kind)
                    and gives_every_item(said, items, query.text)
                ):
                    continue
                unanswered = False  # answered: what follows needs no holding back
                for waiting in held:
                    if (text := citer.add(waiting)) is not None:
                        yield Verified(text)
                held = []


def _asked_items(query: Query, chosen: Sequence[str]) -> list[str]:
    """The items a list question asks for, when the sentence quoted first announces them and
    the select stage quoted them after it ("… ba hoạt động nổi bật. Thứ nhất, … Thứ hai, …");
    a Vietnamese question only (an English answer shares no words with them)."""
    if query.language != "vi" or not ASKS_LIST.search(fold(query.text)):
        return []
    if not chosen or announced_count(chosen[0]) is None:
        return []
    items = [text for text in chosen[1:] if item_position(text) is not None]
    return items if len(items) >= 2 else []


def _ms(since: float) -> float:
    return (time.perf_counter() - since) * 1000
