"""The review loop's decisions memory as a gold set (the adapter is kept small on purpose).

Contract: `looks_like_decisions(data)` recognises a decisions memory: a mapping of canonical keys
(`arxiv:...`, `doi:...`, `title:...`) to records with a `status`, either at the top level or under a
`decisions:` key. `gold_from_decisions(data, source)` turns it into a `GoldSet` with inline texts:
`accepted` -> relevant in the recorded `section`, `rejected` -> not relevant; other statuses (pending,
deferred) are not decisions and are skipped. Records carry at least a title; an abstract, when the
memory stores one, is used too, else the item is marked `text: title-only`.
The decisions format is designed in issue 5; when it changes, only this module should need to.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..errors import InputError
from .gold import GoldItem, GoldSet

_KEY_PREFIXES = ("arxiv:", "doi:", "title:")
_RELEVANT = {"accepted": True, "rejected": False}


def _records(data: Any) -> Mapping[str, Any] | None:
    if isinstance(data, Mapping) and isinstance(data.get("decisions"), Mapping):
        return data["decisions"]
    return data if isinstance(data, Mapping) else None


def looks_like_decisions(data: Any) -> bool:
    """A mapping whose keys are canonical paper keys and whose values have a `status`."""
    records = _records(data)
    if not records:
        return False
    return all(
        isinstance(key, str) and key.startswith(_KEY_PREFIXES) and isinstance(value, Mapping) and "status" in value
        for key, value in records.items()
    )


def _item(key: str, record: Mapping[str, Any], source: str) -> GoldItem | None:
    status = str(record.get("status", "")).strip().lower()
    if status not in _RELEVANT:
        return None
    title = record.get("title")
    if not title:
        raise InputError(f"{source}: {key}: decision without a title", hint="add the paper's title to the record")
    relevant = _RELEVANT[status]
    abstract = record.get("abstract") or None
    return GoldItem(
        key=key,
        relevant=relevant,
        section=(record.get("section") or None) if relevant else None,
        note=record.get("note") or record.get("reason") or None,
        title=str(title),
        abstract=abstract,
        text="full" if abstract else "title-only",
    )


def gold_from_decisions(data: Any, source: str) -> GoldSet:
    """A gold set from a decisions memory (see the module docstring)."""
    records = _records(data) or {}
    items = [item for key, record in records.items() if (item := _item(key, record, source)) is not None]
    return GoldSet(
        name="decisions",
        description=f"accept/reject decisions from {source}",
        texts="inline",
        items=items,
    )
