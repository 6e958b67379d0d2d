"""Sentence spans in Vietnamese text (NLTK Punkt with Vietnamese title abbreviations)."""

from __future__ import annotations

import functools
import re

from nltk.tokenize.punkt import PunktParameters, PunktSentenceTokenizer

from index.vietnamese import ABBREVIATIONS

_PARAMS = PunktParameters()
# Titles and abbreviations that end with a dot but do not end a sentence.
_PARAMS.abbrev_types = set(ABBREVIATIONS)
_TOKENIZER = PunktSentenceTokenizer(_PARAMS)
_LINES = re.compile(r"[^\n]+")


Spans = tuple[tuple[int, int], ...]


@functools.lru_cache(maxsize=8192)
def sentence_spans(text: str) -> Spans:
    """(start, end) of each sentence; a line break always ends one. Remembered per text: the
    same passages come back question after question."""
    spans: list[tuple[int, int]] = []
    for line in _LINES.finditer(text):
        for start, end in _TOKENIZER.span_tokenize(line.group(0)):
            if line.group(0)[start:end].strip():
                spans.append((line.start() + start, line.start() + end))
    return tuple(spans)


def neighbourhood(spans: Spans, i: int) -> tuple[int, int]:
    """Span of sentence ``i`` together with the sentences before and after it."""
    return spans[max(0, i - 1)][0], spans[min(len(spans) - 1, i + 1)][1]


def sentences(text: str) -> list[str]:
    return [text[start:end] for start, end in sentence_spans(text)]
