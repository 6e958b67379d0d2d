"""The generate stage: the model's prompt from the selected sentences, and its reply read as
it streams, raw pieces and complete sentences."""

from __future__ import annotations

import itertools
import re
import time
from collections.abc import Generator as Coroutine
from collections.abc import Sequence
from contextlib import closing
from dataclasses import dataclass

from assistant.answer import Token
from assistant.citations import MARKER, keep_valid_markers, renumber_markers
from assistant.condense import Query
from assistant.evidence import ScoredSentence
from assistant.extractive import Selection
from assistant.generators import Generator, GeneratorError
from assistant.limits import RequestLimits
from assistant.prompts import ScaffoldFilter, build_messages
from index import Hit
from index.sentences import sentence_spans, sentences


@dataclass(frozen=True)
class Prompt:
    """What the model is asked, and how its passage numbers map to the answer's."""

    messages: list[dict[str, str]]
    numbering: dict[int, int]  # prompt passage number → 1-based number among the passages


def prompt_for(
    query: Query,
    passages: Sequence[Hit],
    selection: Selection,
    limits: RequestLimits,
    budget_words: int,
) -> Prompt:
    """The model reads only the sentences an extractive answer would quote (and the list items
    they introduce): a short prompt keeps the first token fast on a 2-core CPU and leaves a
    small model less room to mix up facts from unrelated passages."""
    shown, excerpts = _evidence_for_model(passages, selection.chosen, budget_words)
    messages = build_messages(query.text, excerpts, query.history, query.language, limits)
    return Prompt(messages, {n: i for n, i in enumerate(shown, start=1)})


@dataclass(frozen=True)
class Drafted:
    """A sentence the model has finished, its markers turned into passage numbers; not yet
    verified."""

    text: str


@dataclass(frozen=True)
class Draft:
    """The generate stage's result once the model stops."""

    text: str  # the reply as shown (scaffolding removed)
    failure: GeneratorError | None  # the model failed or was cut short (a deadline)
    first_piece_at: float | None  # perf_counter() of the model's first piece, if any


def generate(
    generator: Generator, prompt: Prompt, passages: int, max_tokens: int
) -> Coroutine[Token | Drafted, None, Draft]:
    """The reply as it streams: each raw piece (``Token``, the prompt's layout echoed back
    never shown) and each sentence once complete (``Drafted``); returns the ``Draft``. A
    failure ends the reply where it is: the sentence being written is incomplete and goes."""
    reader = _SentenceReader(prompt.numbering, passages)
    scaffold = ScaffoldFilter()
    first_piece_at: float | None = None
    checked = 0  # characters of the reply already searched for a loop
    # closing(): a consumer that stops reading (the client went away) stops the model too.
    with closing(generator.stream(prompt.messages, max_tokens)) as pieces:
        try:
            for piece in pieces:
                if first_piece_at is None:
                    first_piece_at = time.perf_counter()
                if text := scaffold.feed(piece):
                    yield Token(text)
                    for sentence in reader.add(text):
                        yield Drafted(sentence)
                    if len(reader.text) - checked >= LOOP_CHECK_CHARS:
                        checked = len(reader.text)
                        if looping(reader.text):
                            # Greedy decoding caught in a loop runs to max_tokens and says
                            # nothing the verifier accepts: stop now (what was verified stays).
                            raise GeneratorError("mô hình lặp lại một cụm từ")
        except GeneratorError as exc:
            return Draft(reader.text, exc, first_piece_at)
    if text := scaffold.flush():
        yield Token(text)
        reader.add(text)
    for sentence in reader.rest():
        yield Drafted(sentence)
    return Draft(reader.text, None, first_piece_at)


class _SentenceReader:
    """The model's text as it streams, handed out sentence by sentence once each is complete,
    with its markers turned from prompt passage numbers into passage numbers."""

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


# The same phrase (10 to 80 characters) three times running at the end of the reply: "công
# nghiệp chế biến thực phẩm xanh, công nghiệp chế biến thực phẩm xanh, …".
_LOOP = re.compile(r"(\S.{9,79}?)(?:\s*\1){2,}\s*$", re.DOTALL)
_LOOP_TAIL = 400  # characters of the reply's end searched for a loop
LOOP_CHECK_CHARS = 40  # searched again each time the reply has grown by this much


def looping(text: str) -> bool:
    """Is the reply repeating one phrase over and over?"""
    return _LOOP.search(text[-_LOOP_TAIL:]) is not None


_LETTER = re.compile(r"[^\W\d_]")
# "… năm 1961. [1]" → "… năm 1961 [1].": the marker cites the sentence it follows.
_MARKER_AFTER_STOP = re.compile(rf"([.!?…])\s*({MARKER.pattern})")


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
    excerpts = []
    for position in shown:
        hit = hits[position]
        ordered = sorted(by_passage[position], key=lambda s: s.start)
        excerpts.append((hit.title, hit.date, " ".join(hit.text[s.start : s.end] for s in ordered)))
    return [p + 1 for p in shown], excerpts
