"""Sentence-aware chunks that remember their character span in the cleaned text."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from llama_index.core.node_parser import SentenceSplitter

from index.records import LEGAL_PATH_SEPARATOR, Chunk
from index.sentences import sentence_pieces
from ingest.legal_structure import ANNEX, ARTICLE, LegalStructure, Node, path_of
from ingest.limits import DEFAULT

_WORDS = re.compile(r"\w+|[^\w\s]")


def count_words(text: str) -> list[str]:
    """The splitter's unit: syllables/words and punctuation (embedder-independent)."""
    return _WORDS.findall(text)


@dataclass(frozen=True)
class Section:
    """A stretch of the cleaned document text (a PDF page, or the whole text)."""

    start: int
    end: int
    page: int | None = None


class Chunker:
    """Sentence-aware chunks for any text; for a legal or normative document (a
    ``LegalStructure``) chunks that follow its articles, clauses and points."""

    def __init__(
        self,
        chunk_size: int,
        chunk_overlap: int,
        max_chunk_chars: int = DEFAULT.max_chunk_chars,
        window_chars: int = DEFAULT.window_chars,
        legal_chunk_size: int | None = None,
    ) -> None:
        self._splitter = SentenceSplitter(
            chunk_size=chunk_size,
            chunk_overlap=min(chunk_overlap, chunk_size // 2),  # = self._overlap
            tokenizer=count_words,
            paragraph_separator="\n\n",
            chunking_tokenizer_fn=sentence_pieces,  # "TP. Hồ Chí Minh" is one sentence
        )
        self._overlap = min(chunk_overlap, chunk_size // 2)
        self.max_chunk_chars = max(1, max_chunk_chars)
        self.window_chars = max(self.max_chunk_chars, window_chars)
        # An article is read whole up to this many words (a median code article is ~160):
        # its clauses answer together more often than alone.
        self.legal_chunk_size = legal_chunk_size or LEGAL_SCALE * chunk_size

    def chunk(
        self,
        doc_id: str,
        text: str,
        sections: Sequence[Section],
        structure: LegalStructure | None = None,
    ) -> list[Chunk]:
        """Chunks of at most ``max_chunk_chars`` whose spans point into ``text``. A chunk runs
        on across page breaks: it keeps the page where it starts and where each page after
        it begins (``Chunk.page_starts``), so a sentence is cited on its own page."""
        if structure:
            units = legal_units(text, structure, self._fits)
        else:
            units = [Unit(start, end) for start, end in _stretches(sections)]
        view = one_paragraph_mark(text)
        chunks: list[Chunk] = []
        for unit in units:
            spans = [(unit.start, unit.end)] if unit.whole else self._split(view, unit)
            for start, end in spans:
                part = text[start:end]
                stripped = part.strip()
                if not stripped:
                    continue
                offset = start + (len(part) - len(part.lstrip()))
                chunks.append(
                    Chunk(
                        doc_id=doc_id,
                        index=len(chunks),
                        text=stripped,
                        char_start=offset,
                        char_end=offset + len(stripped),
                        page=_page_at(sections, offset),
                        legal_path=unit.path,
                        page_starts=_pages_within(sections, offset, offset + len(stripped)),
                    )
                )
        return chunks

    def _fits(self, text: str) -> bool:
        return len(text) <= self.max_chunk_chars and (
            len(count_words(text)) <= self.legal_chunk_size
        )

    def _split(self, text: str, unit: Unit) -> list[tuple[int, int]]:
        """``text[unit.start:unit.end]`` as sentence-aware spans of the splitter's size."""
        spans: list[tuple[int, int]] = []
        for window_start, window_end in _cuts(text, unit.start, unit.end, self.window_chars):
            body = text[window_start:window_end]
            cursor = 0
            for piece in self._splitter.split_text(body):
                start, end = _locate(body, piece, cursor)
                if end <= start:
                    continue
                # The next chunk repeats at most ``overlap`` words of this one, so it
                # starts no earlier than they do; in repetitive text the first match
                # after this chunk's start would be an earlier repetition.
                cursor = _overlap_start(body, start, end, self._overlap)
                # A run without spaces is one "word" to the splitter, however long.
                for part_start, part_end in _cuts(body, start, end, self.max_chunk_chars):
                    spans.append((window_start + part_start, window_start + part_end))
        return spans


LEGAL_SCALE = 2  # legal chunk size, in ordinary chunk sizes


@dataclass(frozen=True)
class Unit:
    """A stretch of text to chunk: ``whole`` when it is one chunk as it is (an article that
    fits), else split by sentences; ``path`` is its place in a legal document's tree."""

    start: int
    end: int
    path: str = ""
    whole: bool = False


def _stretches(sections: Sequence[Section]) -> list[tuple[int, int]]:
    """The spans chunks may run through: a document's pages together, as the text typed out
    has no page breaks (a page break forced a chunk's end, and the passages after it were cut
    elsewhere than in the same text typed: ``eval.bench_ocr``); other sections (sheets) apart."""
    spans: list[tuple[int, int]] = []
    previous: Section | None = None
    for section in sections:
        if previous is not None and previous.page is not None and section.page is not None:
            spans[-1] = (spans[-1][0], section.end)
        else:
            spans.append((section.start, section.end))
        previous = section
    return spans


_BLANK_LINES = re.compile(r"\n[^\S\n]*(?:\n[^\S\n]*)+")


def one_paragraph_mark(text: str) -> str:
    """``text`` as the splitter reads it: a blank line (or several) is a line break. A file
    marks paragraphs with a line break or with a blank line, as its author typed it; a page,
    and so its scan or its PDF, shows both alike, and a page break is two paragraphs to
    ``assemble``. The splitter keeps a paragraph that fits whole, so the same passage was cut
    one way typed and another way scanned (``eval.bench_ocr``); read as one mark, chunks end
    at sentence ends either way. Same length: spans in it are spans in ``text``."""
    return _BLANK_LINES.sub(lambda blank: " " * (len(blank.group()) - 1) + "\n", text)


def _page_at(sections: Sequence[Section], offset: int) -> int | None:
    """The page ``offset`` is on (the next page's, when it falls between two)."""
    for section in sections:
        if offset < section.end:
            return section.page
    return sections[-1].page if sections else None


def _pages_within(sections: Sequence[Section], start: int, end: int) -> tuple[tuple[int, int], ...]:
    """(offset, page) of each page that begins inside ``start:end``."""
    return tuple(
        (section.start, section.page)
        for section in sections
        if section.page is not None and start < section.start < end
    )


def legal_units(text: str, structure: LegalStructure, fits: Callable[[str], bool]) -> list[Unit]:
    """Units that follow the tree: an article that ``fits`` is one unit; a longer one is cut
    between its clauses (consecutive clauses share a unit while they fit), a clause too long
    between its points, a point too long by sentences. A heading above an article (Chương,
    Mục) goes with the article's first unit; text outside every article (preamble, signer,
    anything before the first heading) is split by sentences with no path."""
    units: list[Unit] = []
    for node in structure.nodes:
        _node_units(text, node, [], node.start, fits, units)
    covered = sorted((u.start, u.end) for u in units)
    gaps: list[Unit] = []
    cursor = 0
    for start, end in [*covered, (len(text), len(text))]:
        if text[cursor:start].strip():
            gaps.append(Unit(cursor, start))
        cursor = max(cursor, end)
    return sorted(units + gaps, key=lambda u: u.start)


def _node_units(
    text: str,
    node: Node,
    ancestors: list[Node],
    start: int,
    fits: Callable[[str], bool],
    out: list[Unit],
) -> None:
    """Units of ``node``'s text from ``start`` (before ``node.start`` when a heading above
    it comes along)."""
    trail = [*ancestors, node]
    path = path_of(trail)
    if node.level < ARTICLE and node.level != ANNEX and node.children:
        # Chương / Mục: its heading goes with its first child; text between its heading and
        # first child that is more than a title stands alone.
        first = node.children[0]
        if text[node.body_start : first.start].strip() and not _is_heading_only(text, node, first):
            out.append(Unit(start, first.start, path, fits(text[start : first.start])))
            start = first.start
        for child in node.children:
            _node_units(text, child, trail, start if child is first else child.start, fits, out)
        return
    if fits(text[start : node.end]) or not node.children:
        if fits(text[start : node.end]):
            out.append(Unit(start, node.end, path, whole=True))
        else:
            out.append(Unit(start, node.end, path))
        return
    # Too long: consecutive children share a unit while they fit; the text before the first
    # child (heading, lead-in) goes with it.
    group: list[Node] = []
    group_start = start
    for child in node.children:
        if fits(text[group_start : child.end]):
            group.append(child)
            continue
        if group:
            out.append(Unit(group_start, group[-1].end, _group_path(trail, group), True))
            group_start = child.start
            if fits(text[group_start : child.end]):
                group = [child]
                continue
        group = []
        _node_units(text, child, trail, group_start, fits, out)
        group_start = child.end
    if group:
        out.append(Unit(group_start, group[-1].end, _group_path(trail, group), True))


def _is_heading_only(text: str, node: Node, first: Node) -> bool:
    return not text[node.body_start : first.start].strip() or (
        first.start - node.start < 300 and text[node.body_start : first.start].strip().isupper()
    )


def _group_path(trail: list[Node], group: list[Node]) -> str:
    """ "Điều 5 > Khoản 2" for one clause, "Điều 5 > Khoản 2-4" for several."""
    if len(group) == 1:
        return path_of([*trail, group[0]])
    first, last = group[0], group[-1]
    return path_of(trail) + LEGAL_PATH_SEPARATOR + f"{first.label}-{last.number}"


# Where a stretch may be cut, best first: a paragraph end, a sentence end, any space.
_BREAKS = ("\n\n", ". ", "\n", " ")


def _cuts(text: str, start: int, end: int, size: int) -> list[tuple[int, int]]:
    """``text[start:end]`` as consecutive spans of at most ``size`` characters, each cut at the
    best break in its second half (a hard cut only inside an overlong word)."""
    spans: list[tuple[int, int]] = []
    while end - start > size:
        limit = start + size
        cut = -1
        for mark in _BREAKS:
            found = text.rfind(mark, start + size // 2, limit - len(mark) + 1)
            if found >= 0:
                cut = found + len(mark)
                break
        if cut <= start:
            cut = limit
        spans.append((start, cut))
        start = cut
    spans.append((start, end))
    return spans


def _overlap_start(body: str, start: int, end: int, overlap: int) -> int:
    """Where the last ``overlap`` words of ``body[start:end]`` begin (after ``start``)."""
    tokens = [match.start() for match in _WORDS.finditer(body, start, end)]
    if len(tokens) <= overlap:
        return start + 1
    return max(start + 1, tokens[len(tokens) - overlap] if overlap else end)


def _locate(body: str, piece: str, cursor: int) -> tuple[int, int]:
    """Span of ``piece`` in ``body`` at or after ``cursor``; whitespace may differ."""
    found = body.find(piece, cursor)
    if found < 0:
        found = body.find(piece)
    if found >= 0:
        return found, found + len(piece)
    words = [re.escape(w) for w in piece.split()]
    if not words:
        return 0, 0
    match = re.compile(r"\s+".join(words)).search(body, cursor) or re.compile(
        r"\s+".join(words)
    ).search(body)
    return (match.start(), match.end()) if match else (0, 0)
