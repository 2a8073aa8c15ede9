"""Classifier settings for `curator eval`: parse them from the command line and build the classifier.

Contract: a `Setting` is what one evaluation column runs: the classifier kind, and for the LLM the
prompt file, the model, the `--llm` mode and the fixtures folder. `parse_setting(spec, base)` reads
one `--compare` operand on top of `base` (the other command-line flags):
- `keywords` or `llm`;
- a path ending in `.md`: the LLM with that prompt file;
- comma-separated `name=value` pairs with names `classifier`, `prompt`, `model`, `llm`, `fixtures`,
  e.g. `model=gpt-4.1-mini` or `prompt=prompts/classify.v2.md,llm=record`.
`build(setting, config, gold)` returns a fresh classifier (fresh stats per gold set). In replay mode
the LLM answer cache is a throwaway folder, so the recorded token usage is counted again and the
cost figures mean what a real run would cost; in live and record modes the configured cache is used.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from ..config import Config
from ..errors import CuratorError
from .gold import GoldSet

_NAMES = ("classifier", "prompt", "model", "llm", "fixtures")


@dataclass(frozen=True)
class Setting:
    classifier: str = "keywords"
    prompt: str | None = None
    model: str | None = None
    llm: str = "replay"
    fixtures: str | None = None

    def label(self, config: Config) -> str:
        if self.classifier == "keywords":
            return "keywords"
        prompt = Path(self.prompt or config.llm.prompt).stem
        return f"llm {self.model or config.llm.model} {prompt} ({self.llm})"


def parse_setting(spec: str, base: Setting) -> Setting:
    """One `--compare` operand (see the module docstring)."""
    spec = spec.strip()
    if spec in ("keywords", "llm"):
        return replace(base, classifier=spec)
    if spec.endswith(".md") and "=" not in spec:
        return replace(base, classifier="llm", prompt=spec)
    values: dict[str, str] = {}
    for part in filter(None, (p.strip() for p in spec.split(","))):
        name, sep, value = part.partition("=")
        if not sep or name not in _NAMES or not value:
            raise CuratorError(f"--compare: cannot read '{part}' in '{spec}'",
                               hint="use keywords, llm, a prompt file (.md) or name=value with " + ", ".join(_NAMES))
        values[name] = value
    if values.get("classifier", "llm") not in ("keywords", "llm"):
        raise CuratorError(f"--compare: unknown classifier '{values['classifier']}'", hint="use keywords or llm")
    if "classifier" not in values and values.keys() & {"prompt", "model", "llm", "fixtures"}:
        values["classifier"] = "llm"
    return replace(base, **values)


def _llm_config(setting: Setting, config: Config, cache_dir: str | None) -> Config:
    updates: dict[str, Any] = {}
    if setting.prompt:
        updates["prompt"] = str(Path(setting.prompt).resolve())
    if setting.model:
        updates["model"] = setting.model
    if cache_dir:
        updates["cache_dir"] = cache_dir
    llm = config.llm.model_copy(update=updates)
    return config.model_copy(update={"llm": llm})


def fixtures_for(setting: Setting, gold: GoldSet | None) -> Path | None:
    """The fixtures folder: the setting's, else the gold set's own, else the config default (None)."""
    if setting.fixtures:
        return Path(setting.fixtures)
    if gold is not None and gold.llm_fixtures:
        return gold.resolve(gold.llm_fixtures)
    return None


def build(setting: Setting, config: Config, gold: GoldSet | None, scratch: Path) -> Any:
    """A fresh classifier for `setting`; a replay run caches in a new folder under `scratch`."""
    from ..classify import build_classifier

    if setting.classifier == "keywords":
        return build_classifier(config, kind="keywords")
    cache_dir = None
    if setting.llm == "replay":
        cache_dir = tempfile.mkdtemp(prefix="llm-cache-", dir=scratch)
    return build_classifier(
        _llm_config(setting, config, cache_dir),
        kind="llm",
        llm_mode=setting.llm,
        fixtures=fixtures_for(setting, gold),
    )
