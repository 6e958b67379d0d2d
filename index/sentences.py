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


def sentence_pieces(text: str) -> list[str]:
    """``text`` cut into its sentences, each with the space after it, so that they join back
    into ``text``: the chunker's sentence splitter. Llama-index's own (English Punkt) ends a
    sentence at "TP." and "TS.": a chunk ended "… nhiều nhất trong năm là TP." and the next
    began "Hồ Chí Minh (3.215 doanh nghiệp), …" (3 of the web set's 115 chunks)."""
    starts = [start for start, _ in _TOKENIZER.span_tokenize(text)]
    if not starts:
        return [text] if text else []
    starts[0] = 0
    return [text[a:b] for a, b in zip(starts, [*starts[1:], len(text)], strict=True)]


# Where a passage that starts mid-sentence may be picked up: after a clause break, at a word
# that starts with a capital or a digit ("nghiệp: Đã phê duyệt …" → "Đã phê duyệt …").
_CLAUSE_BREAK = re.compile(r"(?:[.:;!?…]|\s[–—-])\s+(?=\w)")
_LIST_LETTER = re.compile(r"[a-zđ]\)")  # "a) …": a list item, not a fragment
# A passage that ends inside a run this long without a space was cut inside it (the chunker
# cuts a run longer than half a chunk wherever it must): no word, code or date is this long.
MAX_TOKEN_CHARS = 40
# Punkt ends a "sentence" at a list number's dot ("1. Quản lý …" → "1.", "Quản lý …").
_LIST_NUMBER = re.compile(r"(?:\d{1,3}|[IVXivx]{1,4}|[a-zđA-ZĐ])[.)]")
_LAST_TOKEN = re.compile(r"(\S+)\Z")


@functools.lru_cache(maxsize=8192)
def passage_spans(text: str) -> Spans:
    """Sentence spans of a passage (a chunk, or chunks read on), none of them a fragment.

    - A passage that starts inside a sentence has its first span begin at the next clause
      that starts with a capital or a digit, or dropped when there is none.
    - A list number Punkt took for a sentence ("1.") stays with its item.
    - A passage that ends inside a run of ``MAX_TOKEN_CHARS`` or more without a space (a hard
      cut) has its last span end before that run, or dropped when nothing is left.

    A last sentence without terminal punctuation is kept: titles, captions, list items and
    whole Zalo paragraphs end so (574 of its 3,824 chunks); where a passage stops inside a
    sentence its document goes on, and ``index.reading`` reads on to the sentence's end.
    (``sentence_spans`` stays as is for the model's own text, which may start a sentence in
    lower case.)"""
    spans = _with_list_numbers(text, sentence_spans(text))
    if spans:
        spans[0:1] = _without_leading_fragment(text, *spans[0])
    if spans:
        spans[-1:] = _without_trailing_cut(text, *spans[-1])
    return tuple(spans)


def _with_list_numbers(text: str, spans: Spans) -> list[tuple[int, int]]:
    """``spans`` with a lone list number joined to the item it numbers, on the same line."""
    merged: list[tuple[int, int]] = []
    for start, end in spans:
        if merged and "\n" not in text[merged[-1][1] : start]:
            before = text[merged[-1][0] : merged[-1][1]]
            if _LIST_NUMBER.fullmatch(before):
                merged[-1] = (merged[-1][0], end)
                continue
        merged.append((start, end))
    return merged


def _without_leading_fragment(text: str, start: int, end: int) -> list[tuple[int, int]]:
    first = text[start:end]
    # A lower-case first letter means the chunk began inside a sentence (chunks overlap by
    # words; web pages wrap anywhere).
    if not first[:1].islower() or _LIST_LETTER.match(first):
        return [(start, end)]
    for clause in _CLAUSE_BREAK.finditer(first):
        if first[clause.end()].isupper() or first[clause.end()].isdigit():
            return [(start + clause.end(), end)]
    return []


def _without_trailing_cut(text: str, start: int, end: int) -> list[tuple[int, int]]:
    last = _LAST_TOKEN.search(text, start, end)
    if end < len(text) or last is None or len(last.group(1)) < MAX_TOKEN_CHARS:
        return [(start, end)]
    kept = text[start : last.start()].rstrip()
    return [(start, start + len(kept))] if any(c.isalnum() for c in kept) else []


def neighbourhood(spans: Spans, i: int) -> tuple[int, int]:
    """Span of sentence ``i`` together with the sentences before and after it."""
    return spans[max(0, i - 1)][0], spans[min(len(spans) - 1, i + 1)][1]


def sentences(text: str) -> list[str]:
    return [text[start:end] for start, end in sentence_spans(text)]
