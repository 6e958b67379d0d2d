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


# Where a passage that starts mid-sentence may be picked up: after a clause break, at a word
# that starts with a capital or a digit ("nghiệp: Đã phê duyệt …" → "Đã phê duyệt …").
_CLAUSE_BREAK = re.compile(r"(?:[.:;!?…]|\s[–—-])\s+(?=\w)")
_LIST_LETTER = re.compile(r"[a-zđ]\)")  # "a) …": a list item, not a fragment


@functools.lru_cache(maxsize=8192)
def passage_spans(text: str) -> Spans:
    """Sentence spans of a passage (a chunk, or chunks read on), none of them a fragment: a
    passage that starts inside a sentence has its first span begin at the next clause that
    starts with a capital, or dropped when there is none. (``sentence_spans`` stays as is
    for the model's own text, which may start a sentence in lower case.)"""
    spans = sentence_spans(text)
    if not spans:
        return spans
    start, end = spans[0]
    first = text[start:end]
    # A lower-case first letter means the chunk began inside a sentence (chunks overlap by
    # words; web pages wrap anywhere).
    if not first[:1].islower() or _LIST_LETTER.match(first):
        return spans
    for clause in _CLAUSE_BREAK.finditer(first):
        if first[clause.end()].isupper() or first[clause.end()].isdigit():
            return ((start + clause.end(), end), *spans[1:])
    return spans[1:]


def neighbourhood(spans: Spans, i: int) -> tuple[int, int]:
    """Span of sentence ``i`` together with the sentences before and after it."""
    return spans[max(0, i - 1)][0], spans[min(len(spans) - 1, i + 1)][1]


def sentences(text: str) -> list[str]:
    return [text[start:end] for start, end in sentence_spans(text)]
