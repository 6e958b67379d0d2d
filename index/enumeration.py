"""Enumerations in running text: "… có thể kể đến ba hoạt động nổi bật. Thứ nhất, … Thứ hai, …".

Shared by the index (a hit reads on until a list it announces is whole) and the answer engine
(which sentences of a list to quote). Item markers are matched on folded text.
"""

from __future__ import annotations

import re

from index.text import fold
from index.vietnamese import CARDINALS, NOT_COUNTED, NUMBER_VALUES, ORDINALS

# Enumeration markers, folded: "Thứ nhất,", "Một là", "1.", "a)", "-", "•", "+".
_MARKER = re.compile(
    r"^\s*(?:thu (?P<ord>" + "|".join(ORDINALS) + r")\b"
    r"|(?P<counted>" + "|".join(CARDINALS) + r") la\b"
    r"|(?P<digit>\d{1,2})[.)]\s"
    r"|(?P<letter>[a-h])\)\s"
    r"|(?P<bullet>[-•+*–]))"
)
# Where an item may start inside running text: the text's start, a new line, or after the
# end of a sentence ("… hướng đi rất mới. Thứ hai, …").
_ITEM_START = re.compile(r"(?:^|\n|(?<=[.!?…:;])[ \t]+)(?=\S)")

# A count announcing a list: "ba hoạt động", "năm trụ cột", "4 nhiệm vụ". Matched accented:
# folded, "năm" (five) and "năm" (year) are one word, and so are "tư" and "tu". A count
# followed by a quantity or date word ("ba lần", "năm nay": ``NOT_COUNTED``) announces no list.
_COUNT = re.compile(r"\b(\d{1,2}|" + "|".join(NUMBER_VALUES) + r")\s+(\w+)", re.IGNORECASE)
MAX_COUNT = 20  # a larger "count" is a quantity ("30 doanh nghiệp"), not a list to read on
# An item marker is read in this many characters from where an item may start: the longest,
# "Thứ mười", "Mười là", fits with room for leading spaces.
MARKER_CHARS = 16


def item_position(sentence: str) -> tuple[str, int] | None:
    """(kind, position) of an enumeration item: ('ord', 2) for "Thứ hai, …"."""
    match = _MARKER.match(fold(sentence))
    if match is None:
        return None
    kind = match.lastgroup or ""
    value = match.group(kind)
    if kind == "ord":
        return kind, ORDINALS.index(value) + 1
    if kind == "counted":
        return kind, CARDINALS.index(value) + 1
    if kind == "digit":
        return kind, int(value)
    if kind == "letter":
        return kind, ord(value) - ord("a") + 1
    return kind, 0  # bullets carry no position


def announced_count(sentence: str) -> int | None:
    """How many items a sentence announces: 3 for "… kể đến ba hoạt động nổi bật."; the
    last count in it ("Năm 2023, … ba hoạt động" is about three activities, not a year)."""
    found = None
    for number, following in _COUNT.findall(sentence):
        if following.isdigit() or following.lower() in NOT_COUNTED:
            continue
        value = int(number) if number.isdigit() else NUMBER_VALUES[number.lower()]
        if 2 <= value <= MAX_COUNT:
            found = value
    return found


def unfinished_enumeration(text: str) -> bool:
    """Does ``text`` end inside a list it announced with a count: "ba hoạt động nổi bật.
    Thứ nhất, … Thứ hai, …" and no third item yet?"""
    starts = [m.end() for m in _ITEM_START.finditer(text)]
    items = [(s, item_position(text[s : s + MARKER_CHARS])) for s in starts]
    firsts = [i for i, (_, found) in enumerate(items) if found and found[1] in (0, 1)]
    if not firsts:
        return False
    first = firsts[-1]  # the last list begun: earlier ones were ended by what follows them
    start, (kind, _) = items[first]
    intro_start = max((s for s in starts if s < start), default=0)
    count = announced_count(text[intro_start:start])
    if count is None:
        return False  # no count announced: nothing says the list goes on
    expected, seen = 1, 0
    for _, found in items[first:]:
        if found is None or found[0] != kind:
            continue
        if found[1] not in (0, expected):
            break  # another enumeration
        seen += 1
        expected += 1
    return seen < count
