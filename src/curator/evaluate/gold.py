"""Gold sets: labelled papers that `curator eval` measures a classifier against.

Contract: `load_gold(path)` reads one gold file and returns a validated `GoldSet`, or raises
`InputError` naming the file, the line and what to fix. Two kinds of file are accepted:
- a gold file (`data/gold/*.yaml`): a header (`name`, `description`, `texts`, provenance in comments)
  and `items`, each with a `key` (`arxiv:<id>`, `doi:<doi>` or `title:<normalised title>`), `relevant`,
  `section` (null when not relevant), optional `unsure` and `note`, and -- only where the texts may be
  committed -- `title`/`abstract`;
- the review loop's decisions memory (`data/decisions.yaml`), detected by its shape and converted by
  `curator.evaluate.decisions`.
`texts` says where the paper texts come from when the evaluation runs: `inline` (in the items),
`realdata` (the recorded files named in `realdata_files`, read in place from ../shared/realdata; such
items may not carry text, which keeps recorded text out of the repository), or `catalog` (the list
itself, see `curator.evaluate.texts`). `llm_fixtures` names the folder of recorded LLM exchanges that
replays this set (a realdata set has none: its prompts would carry recorded text). Section ids are
checked against the config in `check_sections`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from ..config import Config
from ..errors import InputError
from ..yamlio import describe_validation_error, load_yaml

TextSource = Literal["inline", "realdata", "catalog"]


class GoldItem(BaseModel):
    """One labelled paper."""

    model_config = ConfigDict(extra="forbid")

    key: str = Field(pattern=r"^(arxiv|doi|title):\S")
    relevant: bool
    section: str | None = None
    unsure: bool = False
    note: str | None = None
    title: str | None = None
    abstract: str | None = None
    date: str | None = None
    seeds: list[str] = Field(default_factory=list)
    text: Literal["full", "title-only"] | None = None

    @model_validator(mode="after")
    def _section_only_when_relevant(self) -> "GoldItem":
        if not self.relevant and self.section is not None:
            raise ValueError(f"{self.key}: a paper that is not relevant has no section (use section: null)")
        return self


class GoldSet(BaseModel):
    """A labelled set of papers and where their texts come from."""

    model_config = ConfigDict(extra="forbid")

    name: str
    description: str = ""
    list_id: str | None = Field(default=None, alias="list", description="which list the labels are for")
    guide: str | None = None
    texts: TextSource = "inline"
    realdata_files: list[str] = Field(default_factory=list)
    abstracts_from: list[str] = Field(default_factory=list)
    llm_fixtures: str | None = Field(default=None, description="recorded LLM exchanges for this set, relative to the file")
    items: list[GoldItem] = Field(default_factory=list)
    path: Path | None = Field(default=None, exclude=True)

    @model_validator(mode="after")
    def _texts_consistent(self) -> "GoldSet":
        if self.texts == "realdata":
            if not self.realdata_files:
                raise ValueError("texts: realdata needs realdata_files (paths under ../shared/realdata)")
            carrying = next((i.key for i in self.items if i.title or i.abstract), None)
            if carrying:
                raise ValueError(f"{carrying}: realdata sets hold ids and labels only (recorded text may not be committed)")
        keys = [item.key for item in self.items]
        duplicate = next((k for k in keys if keys.count(k) > 1), None) if len(set(keys)) != len(keys) else None
        if duplicate:
            raise ValueError(f"{duplicate}: the same key is labelled twice")
        return self

    @property
    def positives(self) -> int:
        return sum(1 for item in self.items if item.relevant)

    def resolve(self, relative: str) -> Path:
        """A path named in this file, relative to the file's folder."""
        base = self.path.parent if self.path else Path(".")
        return base / relative


def parse_gold(text: str, source: str) -> GoldSet:
    """Validate gold-file text (or a decisions memory) into a `GoldSet`."""
    from .decisions import gold_from_decisions, looks_like_decisions

    data, node = load_yaml(text, source, InputError)
    if looks_like_decisions(data):
        return gold_from_decisions(data, node, source)
    if not isinstance(data, dict):
        raise InputError(f"{source}: not a gold file (expected a mapping with name and items)",
                         hint="see docs/labelling-guide.md")
    try:
        return GoldSet.model_validate(data)
    except ValidationError as exc:
        message, hint = describe_validation_error(exc, node, source)
        raise InputError(message, hint=hint) from exc


def load_gold(path: str | Path) -> GoldSet:
    """Read one gold file or decisions memory."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        raise InputError(f"{path}: gold file not found", hint="see data/gold/ for the bundled sets") from exc
    except OSError as exc:
        raise InputError(f"{path}: cannot read ({exc.strerror})") from exc
    gold = parse_gold(text, str(path))
    gold.path = path
    return gold


def check_sections(gold: GoldSet, config: Config) -> None:
    """Every labelled section must be one of the config's section ids."""
    known = set(config.section_ids)
    for item in gold.items:
        if item.section is not None and item.section not in known:
            where = gold.path or gold.name
            raise InputError(
                f"{where}: {item.key}: unknown section '{item.section}'",
                hint=f"use one of {', '.join(config.section_ids)} or check --config",
            )
