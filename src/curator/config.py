"""`curator.yaml` -> a validated `Config`.

Contract: `load_config(path)` returns a `Config` or raises `ConfigError` with one line naming the file,
the line and the key (unknown keys are rejected, so a typo never silently disables a rule). Relative
paths inside the config are resolved against the config file's folder (`Config.root`).
The YAML node tree is kept, so pydantic's error locations map back to lines.
"""

from __future__ import annotations

import builtins
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from .errors import ConfigError
from .yamlio import describe_validation_error, line_of, load_yaml

DEFAULT_CONFIG = "curator.yaml"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class ListConfig(_Strict):
    path: str = Field(description="the awesome list file, relative to the config")
    format: Literal["bullets", "numbered", "blocks"] = "bullets"
    order: Literal["alphabetical", "append"] = "alphabetical"
    title: str | None = None


class SectionConfig(_Strict):
    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    heading: str = Field(description="the heading text in the list, matched after stripping emoji/markup")
    description: str = ""
    keywords: list[str] = Field(default_factory=list)
    weight: float = 1.0
    propose: bool = True


class RelevanceConfig(_Strict):
    domain: list[str] = Field(description="at least one must occur: the field (medical, clinical, ...)")
    topic: list[str] = Field(description="at least one must occur: the method (LLM, agent, ...)")
    exclude: list[str] = Field(default_factory=list)
    title_weight: float = 2.0
    min_evidence: float = Field(default=2.0, description="per half: a title hit counts title_weight, an abstract hit 1")
    min_confidence: float = 0.35


class SummaryConfig(_Strict):
    max_words: int = Field(default=30, ge=5, le=80)
    language: str = "en"


class ArxivSourceConfig(_Strict):
    categories: list[str] = Field(default_factory=lambda: ["cs.CL", "cs.AI", "cs.CV", "cs.LG", "cs.MA"])
    announce_types: list[str] = Field(default_factory=lambda: ["new", "cross"])
    query_terms: list[str] = Field(default_factory=list)
    max_results: int = Field(default=2000, ge=1, le=2000)
    max_total: int = Field(default=30000, ge=1, le=30000)


class HFSourceConfig(_Strict):
    limit: int = Field(default=100, ge=1, le=100)
    search_queries: list[str] = Field(default_factory=list)


class SourcesConfig(_Strict):
    enabled: list[str] = Field(default_factory=lambda: ["arxiv-rss", "hf-daily"])
    arxiv: ArxivSourceConfig = Field(default_factory=ArxivSourceConfig)
    hf: HFSourceConfig = Field(default_factory=HFSourceConfig)
    state_file: str = "data/state.json"
    cache_dir: str = ".cache/http"
    cache_ttl_hours: float = 20.0
    min_interval_seconds: float = 3.0
    max_retries: int = 4
    user_agent_contact: str = "https://github.com/curator"


class Price(_Strict):
    input_per_mtok: float
    output_per_mtok: float
    cached_input_per_mtok: float | None = None


class LLMConfig(_Strict):
    model: str = "gpt-4o-mini"
    prompt: str = "prompts/classify.v1.md"
    batch_size: int = Field(default=8, ge=1, le=50)
    concurrency: int = Field(default=4, ge=1, le=64)
    temperature: float = 0.0
    max_tokens: int = 2048
    timeout_seconds: float = 120.0
    examples_per_section: int = Field(default=3, ge=0, le=20)
    fixtures: str = "tests/fixtures/llm"
    cache_dir: str = ".cache/llm"
    prices: dict[str, Price] = Field(default_factory=dict)
    max_abstract_chars: int = Field(default=1500, ge=200, le=20000, description="abstracts are cut here in prompts")
    max_summary_chars: int = Field(default=400, ge=40, le=2000, description="longer LLM summaries are invalid")


class Config(_Strict):
    # The field named `list` shadows the builtin inside this class body, hence `builtins.list` below.
    list: ListConfig
    sections: builtins.list[SectionConfig]
    relevance: RelevanceConfig
    summary: SummaryConfig = Field(default_factory=SummaryConfig)
    sources: SourcesConfig = Field(default_factory=SourcesConfig)
    llm: LLMConfig = Field(default_factory=LLMConfig)
    candidates_dir: str = "candidates"
    decisions: str = "data/decisions.yaml"
    root: Path = Field(default=Path("."), exclude=True)

    @field_validator("sections")
    @classmethod
    def _unique_ids(cls, sections: builtins.list[SectionConfig]) -> builtins.list[SectionConfig]:
        ids = [s.id for s in sections]
        dupes = sorted({i for i in ids if ids.count(i) > 1})
        if dupes:
            raise ValueError(f"duplicate section ids: {', '.join(dupes)}")
        if not sections:
            raise ValueError("at least one section is needed")
        return sections

    def path(self, relative: str) -> Path:
        """Resolve a path from the config against the config's folder."""
        candidate = Path(relative)
        return candidate if candidate.is_absolute() else self.root / candidate

    @property
    def section_ids(self) -> builtins.list[str]:
        return [s.id for s in self.sections]

    def section(self, section_id: str) -> SectionConfig:
        for section in self.sections:
            if section.id == section_id:
                return section
        raise KeyError(section_id)


def parse_config(text: str, *, source: str = DEFAULT_CONFIG, root: Path = Path(".")) -> Config:
    """Validate config text; errors name `source`, the line and the key."""
    data, node = load_yaml(text, source, ConfigError)
    if not isinstance(data, dict):
        raise ConfigError(f"{source}: expected a mapping of settings at the top level", hint="see README.md")
    if "root" in data:
        raise ConfigError(f"{source}:{line_of(node, ('root',))}: unknown key 'root'", hint="remove it")
    try:
        config = Config.model_validate(data)
    except ValidationError as exc:
        message, hint = describe_validation_error(exc, node, source)
        if "unknown key" in message:
            hint = "check the spelling; README.md lists the settings"
        raise ConfigError(message, hint=hint) from exc
    config.root = root
    return config


def load_config(path: str | Path = DEFAULT_CONFIG) -> Config:
    """Read and validate a config file."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        raise ConfigError(f"{path}: config file not found", hint="run from the list's folder or pass --config") from exc
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read config ({exc.strerror})") from exc
    return parse_config(text, source=str(path), root=path.parent.resolve())
