"""The alphabetical order list 000 keeps, and which entries break it.

Contract: `sort_key(title)` compares titles the way list 000 is sorted: case-insensitively, markup and
quotes ignored, unicode dashes as "-", no-break spaces as spaces, and a name that ends at ":" or ","
before any longer name that continues it ("HuatuoGPT: ..." before "HuatuoGPT-II, ...", "Qilin-Med:"
before "Qilin-Med-VL:"), which is how the list orders such families. Checked against the real list:
with this key the remaining inversions are ones a reader also sees as misplaced (a new entry left at the
top of its section, "Enhancing" before "Empowering", "MediQ" before "MedAgentBench").
`in_order(keys)` returns the positions of one longest non-decreasing run through the keys: entries
outside it are the ones out of order, so one misplaced entry is reported once, not with every neighbour,
and insertion can anchor on the entries that are in order.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from collections.abc import Sequence

from .text import strip_markup

_DASHES = dict.fromkeys(map(ord, "\u2010\u2011\u2012\u2013\u2014\u2015\u2212"), "-")
_END_OF_NAME = "\x01"


def sort_key(title: str) -> str:
    """The comparison key of a title in an alphabetical list."""
    text = unicodedata.normalize("NFKD", strip_markup(title).translate(_DASHES))
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).casefold()
    text = re.sub(r"[:,;.!?]", _END_OF_NAME, text)
    text = re.sub(rf"[^\w\s{_END_OF_NAME}-]", "", text)
    return " ".join(text.split()).lstrip(f"{_END_OF_NAME} -")


def in_order(keys: Sequence[str]) -> set[int]:
    """Indices of a longest non-decreasing subsequence of `keys`."""
    tails: list[str] = []
    tail_index: list[int] = []
    previous: list[int | None] = [None] * len(keys)
    for index, key in enumerate(keys):
        slot = bisect.bisect_right(tails, key)
        if slot > 0:
            previous[index] = tail_index[slot - 1]
        if slot == len(tails):
            tails.append(key)
            tail_index.append(index)
        else:
            tails[slot] = key
            tail_index[slot] = index
    members: set[int] = set()
    cursor = tail_index[-1] if tail_index else None
    while cursor is not None:
        members.add(cursor)
        cursor = previous[cursor]
    return members
