"""The LLM's output contract, built per list, and the parsing of answers against it.

Contract:
- `OutputContract(section_ids, max_summary_chars)` holds a pydantic model of one verdict: `id` (the
  paper id it answers for), `category` (a Literal of the list's section ids or "none"), `confidence`
  (0..1), `summary` (length-limited) and a short `reason`. A batch answer is `{"results": [...]}`.
- `wire_schema(ids, strict=...)` is the JSON schema sent to the server. The strict variant keeps to the
  subset OpenAI's strict mode accepts (no length or range keywords; those are enforced here instead);
  the lenient one adds them (and exactly one verdict per paper), which grammar-constrained servers
  such as llama.cpp use to stop runaway strings and repeated verdicts. Ids are an enum of the batch's ids, so a constrained server cannot invent one.
- `parse_answer(content, contract)` never trusts the server: it extracts the JSON (tolerating code
  fences and prose around it), validates each verdict on its own, and returns the valid verdicts by id
  plus one problem string per invalid or unknown one. Verdicts are joined to papers by id, never by
  position, so a reordered or partial answer loses nothing silently.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, create_model

NONE_CATEGORY = "none"
MAX_REASON_CHARS = 300
_FENCE = re.compile(r"^```[a-zA-Z]*\s*|\s*```$")


class Verdict(BaseModel):
    """Base of the per-list verdict model (the subclass narrows `category`)."""

    model_config = ConfigDict(extra="ignore")

    id: str = Field(min_length=1)
    category: str
    confidence: float = Field(ge=0.0, le=1.0)
    summary: str = ""
    reason: str = Field(default="", max_length=MAX_REASON_CHARS)


@dataclass
class ParsedAnswer:
    """Valid verdicts by paper id, and what was wrong with the rest."""

    verdicts: dict[str, Verdict] = field(default_factory=dict)
    problems: dict[str, str] = field(default_factory=dict)
    answer_error: str | None = None


class OutputContract:
    """The verdict model and wire schema for one list's sections."""

    def __init__(self, section_ids: list[str], max_summary_chars: int) -> None:
        self.categories = [*section_ids, NONE_CATEGORY]
        self.max_summary_chars = max_summary_chars
        category_type = Literal[tuple(self.categories)]  # type: ignore[valid-type]
        self.model: type[Verdict] = create_model(
            "ListVerdict",
            __base__=Verdict,
            category=(category_type, ...),  # type: ignore[arg-type]
            summary=(str, Field(default="", max_length=max_summary_chars)),
        )

    def wire_schema(self, ids: list[str], *, strict: bool) -> dict[str, Any]:
        """The JSON schema of a batch answer for the papers `ids`."""
        summary: dict[str, Any] = {"type": "string", "description": "one sentence, the paper's contribution"}
        confidence: dict[str, Any] = {"type": "number", "description": "0 to 1"}
        reason: dict[str, Any] = {"type": "string", "description": "why, in a few words"}
        if not strict:
            confidence.update(minimum=0, maximum=1)
        verdict = {
            "type": "object",
            "additionalProperties": False,
            "required": ["id", "category", "confidence", "summary", "reason"],
            "properties": {
                "id": {"type": "string", "enum": list(ids)},
                "category": {"type": "string", "enum": list(self.categories)},
                "confidence": confidence,
                "summary": summary,
                "reason": reason,
            },
        }
        results: dict[str, Any] = {"type": "array", "items": verdict}
        if not strict:
            # Grammar-constrained servers otherwise let a small model repeat verdicts until max_tokens.
            results.update(minItems=len(ids), maxItems=len(ids))
        return {
            "type": "object",
            "additionalProperties": False,
            "required": ["results"],
            "properties": {"results": results},
        }


def extract_json(content: str) -> Any:
    """The JSON value in a model's answer; raises ValueError saying what is wrong."""
    text = _FENCE.sub("", content.strip())
    try:
        return json.loads(text)
    except json.JSONDecodeError:
        pass
    start = min((i for i in (text.find("{"), text.find("[")) if i >= 0), default=-1)
    end = max(text.rfind("}"), text.rfind("]"))
    if start < 0:
        raise ValueError("the answer contains no JSON object")
    try:
        return json.loads(text[start : end + 1] if end > start else text[start:])
    except json.JSONDecodeError as exc:
        raise ValueError(f"invalid JSON ({exc.msg} at char {exc.pos})") from exc


def _items(value: Any) -> list[Any]:
    """The list of verdicts in an answer, accepting a bare list or a single verdict."""
    if isinstance(value, dict) and isinstance(value.get("results"), list):
        return value["results"]
    if isinstance(value, list):
        return value
    if isinstance(value, dict) and "id" in value:
        return [value]
    raise ValueError('the answer is not {"results": [...]}')


def _first_error(exc: ValidationError) -> str:
    error = exc.errors()[0]
    where = ".".join(str(p) for p in error["loc"]) or "verdict"
    return f"{where}: {error['msg']}"


def parse_answer(content: str, contract: OutputContract, expected_ids: list[str]) -> ParsedAnswer:
    """Validate an answer for the papers `expected_ids`; see the module contract."""
    parsed = ParsedAnswer()
    try:
        items = _items(extract_json(content))
    except ValueError as exc:
        parsed.answer_error = str(exc)
        return parsed
    expected = set(expected_ids)
    for item in items:
        item_id = str(item.get("id")) if isinstance(item, dict) and item.get("id") is not None else None
        if item_id is None or item_id not in expected:
            continue
        if item_id in parsed.verdicts:
            continue
        try:
            parsed.verdicts[item_id] = contract.model.model_validate(item)
            parsed.problems.pop(item_id, None)
        except ValidationError as exc:
            parsed.problems[item_id] = _first_error(exc)
    for missing in expected - parsed.verdicts.keys() - parsed.problems.keys():
        parsed.problems[missing] = "missing from the answer"
    return parsed
