"""The review loop's decisions memory as a gold set (the adapter is kept small on purpose).

Contract: `looks_like_decisions(data)` recognises a decisions memory (`data/decisions.yaml`: a mapping
with a `decisions:` table keyed by canonical paper key, see `curator.review.decisions`).
`gold_from_decisions(data, node, source)` validates it with the review loop's own model and turns it
into a `GoldSet` with inline texts: `accepted` -> relevant in the recorded `section`, `rejected` -> not
relevant. The memory keeps titles, not abstracts, so every item is `text: title-only`; the arXiv id or
DOI in the key is kept on the paper. When the memory's format changes, only this module should need to.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import yaml
from pydantic import ValidationError

from ..errors import InputError
from ..review.decisions import Decision, DecisionsFile
from ..yamlio import describe_validation_error
from .gold import GoldItem, GoldSet


def looks_like_decisions(data: Any) -> bool:
    """A mapping with a `decisions` table and no gold-file `items`."""
    return isinstance(data, Mapping) and "decisions" in data and "items" not in data


def _item(key: str, decision: Decision) -> GoldItem:
    relevant = decision.status == "accepted"
    return GoldItem(
        key=key,
        relevant=relevant,
        section=decision.section if relevant else None,
        note=f"decided in {decision.week}",
        title=decision.title,
        text="title-only",
    )


def gold_from_decisions(data: Any, node: yaml.Node | None, source: str) -> GoldSet:
    """A gold set from a decisions memory (see the module docstring)."""
    try:
        memory = DecisionsFile.model_validate(data)
    except ValidationError as exc:
        message, hint = describe_validation_error(exc, node, source)
        raise InputError(message, hint=f"{hint}; status is accepted or rejected") from exc
    return GoldSet(
        name="decisions",
        description=f"the reviewers' accept/reject decisions in {source}",
        texts="inline",
        items=[_item(key, decision) for key, decision in sorted(memory.decisions.items())],
    )
