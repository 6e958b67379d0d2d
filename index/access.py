"""Who may read a document (issue 17): the one home of access groups.

A document carries the groups that may read it (catalog ``groups``; ``EVERYONE`` when none is
given). A reader carries groups too (users file ``groups=``, the API token's setting); a reader
sees a document when they share a group with it, and every reader is in ``EVERYONE``. A reader
with no restriction at all (an admin, the one local user on loopback) is ``ALL_GROUPS`` (None).
The check is applied inside retrieval (``SearchFilters.groups``), so a document outside the
reader's groups is never a candidate, and by ``readable`` everywhere a document is listed.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

EVERYONE = "everyone"
ALL_GROUPS = None  # a reader who sees every document (admin; loopback without auth)
# Lower-case ASCII: a group name is a metadata key in Chroma and a word in the users file.
_GROUP = re.compile(r"[a-z0-9][a-z0-9_.-]{0,63}")


class InvalidGroup(ValueError):
    """A group name that is not one (message in Vietnamese, names the value)."""


def parse_groups(value: str | Iterable[str]) -> tuple[str, ...]:
    """Group names from a "a, b; c" string or a list, lower-cased, checked, without repeats,
    sorted; () for none. Raises ``InvalidGroup`` naming the first bad name."""
    parts = re.split(r"[,;\s]+", value) if isinstance(value, str) else list(value)
    names: set[str] = set()
    for part in parts:
        name = str(part).strip().lower()
        if not name:
            continue
        if not _GROUP.fullmatch(name):
            raise InvalidGroup(
                f"tên nhóm không hợp lệ: {name[:40]!r} (chữ thường không dấu, số, '-', '_', '.')"
            )
        names.add(name)
    return tuple(sorted(names))


def document_groups(value: str | Iterable[str]) -> tuple[str, ...]:
    """A document's groups: what the catalog says, or (``EVERYONE``,) when it says nothing."""
    return parse_groups(value) or (EVERYONE,)


def readable(document: Iterable[str], reader: tuple[str, ...] | None) -> bool:
    """May a reader in groups ``reader`` (None: ``ALL_GROUPS``) read a document that carries
    groups ``document``? Everyone is in ``EVERYONE``."""
    if reader is ALL_GROUPS:
        return True
    allowed = set(reader) | {EVERYONE}
    return any(group in allowed for group in document)


def reader_scope(reader: tuple[str, ...]) -> tuple[str, ...]:
    """The document groups a reader in ``reader`` may read (``readable``: theirs and
    ``EVERYONE``), sorted: what a search's filter asks Chroma for (``SearchFilters.where``)."""
    return tuple(sorted(set(reader) | {EVERYONE}))
