"""YAML reading with line numbers, and stable YAML writing.

Contract: `load_yaml(text, source)` parses YAML and keeps the composed node tree, so a pydantic error
location can be turned into the file line that holds it (`line_of`); syntax errors raise the given
error class with `source:line`. `dump_yaml` writes block-style, unicode, insertion-ordered YAML that
reviewers can edit by hand and that diffs well.
"""

from __future__ import annotations

from typing import Any

import yaml
from pydantic import ValidationError

from .errors import CuratorError


def load_yaml(text: str, source: str, error: type[CuratorError]) -> tuple[Any, yaml.Node | None]:
    """Parse YAML text into (data, node tree); syntax errors become `error` with the line."""
    try:
        return yaml.safe_load(text), yaml.compose(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f":{mark.line + 1}" if mark else ""
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise error(f"{source}{where}: invalid YAML: {problem}", hint="fix the syntax and run again") from exc


def line_of(node: yaml.Node | None, loc: tuple[Any, ...]) -> int | None:
    """Walk a composed YAML node along an error location; return the deepest line found."""
    line = node.start_mark.line + 1 if node is not None else None
    for part in loc:
        if isinstance(node, yaml.MappingNode):
            pair = next(((k, v) for k, v in node.value if getattr(k, "value", None) == part), None)
            if pair is None:
                break
            line, node = pair[0].start_mark.line + 1, pair[1]
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int) and part < len(node.value):
            node = node.value[part]
            line = node.start_mark.line + 1
        else:
            break
    return line


def describe_validation_error(exc: ValidationError, node: yaml.Node | None, source: str) -> tuple[str, str]:
    """(message, hint) for the first validation error, naming file, line and key."""
    error = exc.errors()[0]
    loc = tuple(error["loc"])
    dotted = ".".join(str(p) for p in loc) or "(top level)"
    line = line_of(node, loc)
    if error["type"] == "extra_forbidden":
        message, hint = f"{source}:{line}: unknown key '{dotted}'", "check the spelling"
    else:
        message, hint = f"{source}:{line}: {dotted}: {error['msg']}", "fix the value"
    more = len(exc.errors()) - 1
    if more:
        message += f" (and {more} more problem{'s' if more > 1 else ''})"
    return message, hint


class _Dumper(yaml.SafeDumper):
    pass


def _str_presenter(dumper: yaml.SafeDumper, value: str) -> yaml.Node:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _str_presenter)


def dump_yaml(data: Any) -> str:
    return yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100, default_flow_style=False)
