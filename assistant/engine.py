"""The assistant: one public entry (``ask`` / ``stream``) over the answer pipeline, and the
model it generates with (built on first use)."""

from __future__ import annotations

import threading
from collections.abc import Iterator, Sequence
from typing import Any

from assistant.answer import Answer, Token, Verified
from assistant.config import DEFAULT_WEIGHTS, AnswerConfig, AnswerWeights, LLMConfig
from assistant.generators import Generator, GeneratorError, build_generator
from assistant.limits import RequestLimits
from assistant.passages import PassageSource
from assistant.pipeline import Pipeline
from assistant.reader import ReaderModel
from index import SearchFilters, SearchIndex

History = Sequence[dict[str, Any]]


class Assistant:
    """One public entry: ``ask`` (or ``stream``) a question, optionally with history."""

    def __init__(
        self,
        index: SearchIndex | PassageSource,
        config: AnswerConfig,
        limits: RequestLimits,
        generator: Generator | None = None,
        llm: LLMConfig | None = None,
        weights: AnswerWeights = DEFAULT_WEIGHTS,
        reader: ReaderModel | None = None,
    ) -> None:
        """``generator`` answers as given; else one is built from ``llm`` on first use (and
        the engine quotes passages when neither can be had)."""
        self.config = config
        self.index = index
        self.limits = limits
        # The fitted reader that decides which sentence answers, and whether any does.
        self.reader = reader or ReaderModel.load()
        self.pipeline = Pipeline(index, config, limits, self.reader, weights)
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
        """The one place "auto" is resolved. A request's "auto" (or none) means "as this
        deployment is configured"; a configured "auto" means the LLM when one can be had."""
        if mode in (None, "auto"):
            mode = self.config.mode
        if mode == "auto":
            return "llm" if self.generator is not None else "extractive"
        return mode

    # -- public API -----------------------------------------------------------------------
    def ask(
        self,
        question: str,
        history: History | None = None,
        mode: str | None = None,
        filters: SearchFilters | None = None,
    ) -> Answer:
        answer: Answer | None = None
        for event in self.stream(question, history, mode, filters):
            if isinstance(event, Answer):
                answer = event
        assert answer is not None
        return answer

    def stream(
        self,
        question: str,
        history: History | None = None,
        mode: str | None = None,
        filters: SearchFilters | None = None,
    ) -> Iterator[Token | Verified | Answer]:
        """Yields the model's raw text as it is generated (``Token``, a ``str``), each sentence
        of it that verifies as soon as it is complete (``Verified``, final), then the
        ``Answer`` (``Answer.path`` says how it was produced). Nothing runs, the model is not
        even built, until the first event is asked for. ``filters`` narrow every search of
        the answer; None: the request policy's default (``RequestLimits.filters()``: in the
        product, only documents in force); ``NO_FILTERS``: every document."""
        mode = self.resolve_mode(mode)
        narrowed = self.limits.filters() if filters is None else filters
        yield from self.pipeline.run(question, history, mode, lambda: self.generator, narrowed)
