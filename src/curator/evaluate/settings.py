"""Classifier settings for `curator eval`: parse them from the command line and build the classifier.

Contract: a `Setting` is what one evaluation column runs: the classifier kind, and for the LLM the
prompt file, the model, the `--llm` mode and the fixtures folder. `parse_setting(spec, base)` reads
one `--compare` operand on top of `base` (the other command-line flags):
- `keywords` or `llm`;
- a path ending in `.md`: the LLM with that prompt file;
- comma-separated `name=value` pairs with names `classifier`, `prompt`, `model`, `llm`, `fixtures`,
  `batch_size`, `max_tokens`, e.g. `model=gpt-4.1-mini` or `prompt=prompts/classify.v2.md,batch_size=4`.
`build(setting, config, gold, scratch)` returns a fresh classifier (fresh stats per gold set), built like
`curator.classify.build_classifier` but with the prompt's list examples frozen in the fixtures folder
(`examples.json`, written when recording), so a recording survives the list growing. In replay
mode the LLM answer cache is a throwaway folder, so the recorded token usage is counted again and the
cost figures mean what a real run would cost. Record mode fills in what is missing: recorded answers are
served from the fixtures and only the requests without one go to the live server (and are recorded),
so an interrupted recording resumes instead of starting over.
"""

from __future__ import annotations

import json
import tempfile
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from ..atomic import atomic_write_text
from ..config import Config
from ..errors import CuratorError, LLMError
from .gold import GoldSet

RECORD_HINT = (
    "OPENAI_BASE_URL=http://127.0.0.1:8765/v1 curator eval --gold GOLD --classifier llm --llm record "
    "<the same --model/--prompt/--batch-size/--max-tokens> (see bench/eval_all.sh)"
)

_NAMES = ("classifier", "prompt", "model", "llm", "fixtures", "batch_size", "max_tokens")
_LLM_NAMES = set(_NAMES) - {"classifier"}


@dataclass(frozen=True)
class Setting:
    classifier: str = "keywords"
    prompt: str | None = None
    model: str | None = None
    llm: str = "replay"
    fixtures: str | None = None
    batch_size: int | None = None
    max_tokens: int | None = None

    def label(self, config: Config) -> str:
        if self.classifier == "keywords":
            return "keywords"
        prompt = Path(self.prompt or config.llm.prompt).stem
        batch = f" batch {self.batch_size}" if self.batch_size else ""
        return f"llm {self.model or config.llm.model} {prompt}{batch} ({self.llm})"


def parse_setting(spec: str, base: Setting) -> Setting:
    """One `--compare` operand (see the module docstring)."""
    spec = spec.strip()
    if spec in ("keywords", "llm"):
        return replace(base, classifier=spec)
    if spec.endswith(".md") and "=" not in spec:
        return replace(base, classifier="llm", prompt=spec)
    values: dict[str, str | int] = {}
    for part in filter(None, (p.strip() for p in spec.split(","))):
        name, sep, value = part.partition("=")
        if not sep or name not in _NAMES or not value:
            raise CuratorError(f"--compare: cannot read '{part}' in '{spec}'",
                               hint="use keywords, llm, a prompt file (.md) or name=value with " + ", ".join(_NAMES))
        values[name] = _number(name, value) if name in ("batch_size", "max_tokens") else value
    if values.get("classifier", "llm") not in ("keywords", "llm"):
        raise CuratorError(f"--compare: unknown classifier '{values['classifier']}'", hint="use keywords or llm")
    if "classifier" not in values and values.keys() & _LLM_NAMES:
        values["classifier"] = "llm"
    return replace(base, **values)  # type: ignore[arg-type]


def _number(name: str, value: str) -> int:
    if not value.isdigit() or int(value) < 1:
        raise CuratorError(f"--compare: {name} must be a positive whole number, not '{value}'")
    return int(value)


def _llm_config(setting: Setting, config: Config, cache_dir: str | None) -> Config:
    updates: dict[str, Any] = {}
    if setting.prompt:
        updates["prompt"] = str(Path(setting.prompt).resolve())
    if setting.model:
        updates["model"] = setting.model
    if setting.batch_size:
        updates["batch_size"] = setting.batch_size
    if setting.max_tokens:
        updates["max_tokens"] = setting.max_tokens
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


class FillInCompleter:
    """Serve recorded answers; ask `live` only for requests that have none."""

    server = "record"

    def __init__(self, folder: Path, live: Any) -> None:
        from ..classify.replay import ReplayCompleter

        self.replay = ReplayCompleter(folder)
        self.live = live

    def complete(self, request: dict[str, Any]) -> dict[str, Any]:
        try:
            return self.replay.complete(request)
        except LLMError:
            return self.live.complete(request)


EXAMPLES_FILE = "examples.json"


def frozen_examples(fixtures: Path, config: Config, *, write: bool) -> dict[str, list[str]]:
    """The prompt's list examples recorded with these fixtures, else the list's current ones.

    The prompt shows a few entries of the list per section; freezing them beside the fixtures keeps a
    recording valid while the list grows (every weekly merge would otherwise invalidate it).
    """
    from ..classify import list_examples

    path = fixtures / EXAMPLES_FILE
    if path.is_file():
        try:
            return {str(k): [str(t) for t in v] for k, v in json.loads(path.read_text(encoding="utf-8")).items()}
        except (ValueError, AttributeError, TypeError) as exc:
            raise CuratorError(f"{path}: not a JSON mapping of section -> titles ({exc})", hint="re-record") from exc
    examples = list_examples(config)
    if write:
        atomic_write_text(path, json.dumps(examples, ensure_ascii=False, indent=2) + "\n")
    return examples


def _completer(setting: Setting, config: Config, fixtures: Path) -> Any:
    from ..classify.completer import OpenAICompleter
    from ..classify.replay import ReplayCompleter

    if setting.llm == "replay":
        return ReplayCompleter(fixtures, record_command=RECORD_HINT)
    live = OpenAICompleter(timeout=config.llm.timeout_seconds)
    # `build_classifier` wraps a record-mode completer in the RecordingCompleter.
    return FillInCompleter(fixtures, live) if setting.llm == "record" else live


def build(setting: Setting, config: Config, gold: GoldSet | None, scratch: Path) -> Any:
    """A fresh classifier for `setting`; a replay run caches in a new folder under `scratch`."""
    from ..classify import build_classifier

    if setting.classifier == "keywords":
        return build_classifier(config, kind="keywords")
    replaying = setting.llm == "replay"
    cache_dir = tempfile.mkdtemp(prefix="llm-cache-", dir=scratch) if replaying else None
    llm_config = _llm_config(setting, config, cache_dir)
    fixtures = fixtures_for(setting, gold) or config.path(config.llm.fixtures)
    return build_classifier(
        llm_config,
        kind="llm",
        llm_mode=setting.llm,
        fixtures=fixtures,
        completer=_completer(setting, llm_config, fixtures),
        examples=frozen_examples(fixtures, config, write=setting.llm == "record"),
    )
