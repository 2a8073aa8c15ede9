"""Bench: tokens per paper for each prompt version and batch size, from the recorded LLM exchanges.

Reads every recorded exchange under the fixtures folders (`<label>_<hash>.json` with a request and the
server's `usage`; rejected ladder probes carry no usage and are counted apart), groups them by model,
prompt version and papers per request (`_<N>p` in the label), and prints prompt and completion tokens
per paper, first answers and repairs separately. Per model and prompt it then fits
prompt_tokens = shared + per_paper·N over the first answers (the system prompt is shared by a batch,
so batching divides it) and projects tokens per paper at a few batch sizes, against the published
~400 prompt + 66 completion tokens per paper of a popular arXiv LLM filter. Token counts are the
server's own (each model's tokenizer), so figures from different models are not comparable 1:1.

    python bench/tokens_per_paper.py [--fixtures tests/fixtures] [--batch 1 8 20]
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import ROOT, command, figure  # noqa: E402

REFERENCE = (400, 66)
_PAPERS = re.compile(r"_(\d+)p(?:_repair)?$")


@dataclass(frozen=True)
class Exchange:
    where: str  # the fixture set (folder), since each was recorded with its own list and config
    model: str
    prompt: str
    papers: int
    repair: bool
    prompt_tokens: int
    completion_tokens: int


def load_exchanges(folder: Path) -> tuple[list[Exchange], int]:
    """(exchanges with usage, rejected probes) under `folder`."""
    found, rejected = [], 0
    for path in sorted(folder.rglob("*.json")):
        try:
            record = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, json.JSONDecodeError):
            continue
        request = record.get("request") if isinstance(record, dict) else None
        if not isinstance(request, dict):
            continue
        if record.get("error"):
            rejected += 1
            continue
        label = str((request.get("curator") or {}).get("label", ""))
        usage = (record.get("response") or {}).get("usage") or {}
        match = _PAPERS.search(label)
        if not match or not usage.get("prompt_tokens"):
            continue
        where = str(path.parent.relative_to(folder)).removesuffix("/exchanges")
        found.append(Exchange(where, str(request.get("model")), str(request["curator"].get("prompt")), int(match.group(1)),
                              label.endswith("_repair"), int(usage["prompt_tokens"]),
                              int(usage.get("completion_tokens") or 0)))
    return found, rejected


def fit(points: list[tuple[int, int]]) -> tuple[float, float] | None:
    """Least-squares (shared, per_paper) for tokens = shared + per_paper·papers; None without two sizes."""
    if len({n for n, _ in points}) < 2:
        return None
    count = len(points)
    mean_n = sum(n for n, _ in points) / count
    mean_t = sum(t for _, t in points) / count
    slope = sum((n - mean_n) * (t - mean_t) for n, t in points) / sum((n - mean_n) ** 2 for n, _ in points)
    return mean_t - slope * mean_n, slope


def group_figures(exchanges: list[Exchange], cmd: str) -> None:
    groups: dict[tuple[str, str, str, int, bool], list[Exchange]] = defaultdict(list)
    for exchange in exchanges:
        groups[(exchange.where, exchange.model, exchange.prompt, exchange.papers, exchange.repair)].append(exchange)
    for (where, model, prompt, papers, repair), items in sorted(groups.items()):
        total = sum(e.papers for e in items)
        prompt_pp = sum(e.prompt_tokens for e in items) / total
        completion_pp = sum(e.completion_tokens for e in items) / total
        kind = "repairs" if repair else "first answers"
        figure(f"tokens per paper [{where}] {model} {prompt} batch={papers} ({kind})",
               f"{prompt_pp:.0f} prompt + {completion_pp:.0f} completion over {len(items)} requests "
               f"(reference {REFERENCE[0]} + {REFERENCE[1]})", cmd)


def projection_figures(exchanges: list[Exchange], batches: list[int], cmd: str) -> None:
    by_prompt: dict[tuple[str, str, str], list[Exchange]] = defaultdict(list)
    for exchange in exchanges:
        if not exchange.repair:
            by_prompt[(exchange.where, exchange.model, exchange.prompt)].append(exchange)
    for (where, model, prompt), items in sorted(by_prompt.items()):
        fitted = fit([(e.papers, e.prompt_tokens) for e in items])
        completion = sum(e.completion_tokens for e in items) / sum(e.papers for e in items)
        if fitted is None:
            figure(f"tokens per paper [{where}] {model} {prompt} projection", "needs recordings at two batch sizes", cmd)
            continue
        shared, per_paper = fitted
        projected = ", ".join(f"batch {n}: {shared / n + per_paper:.0f}" for n in batches)
        figure(f"prompt tokens per paper [{where}] {model} {prompt} by batch size",
               f"shared {shared:.0f} + {per_paper:.0f} per paper -> {projected}; completion {completion:.0f} "
               f"per paper (reference {REFERENCE[0]} + {REFERENCE[1]})", cmd)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--fixtures", type=Path, default=ROOT / "tests" / "fixtures")
    parser.add_argument("--batch", type=int, nargs="+", default=[1, 8, 20])
    args = parser.parse_args(argv)
    exchanges, rejected = load_exchanges(args.fixtures)
    cmd = command()
    if not exchanges:
        print(f"no recorded exchanges with token usage under {args.fixtures}", file=sys.stderr)
        return 1
    figure("recorded exchanges", f"{len(exchanges)} with usage, {rejected} rejected probes (no tokens)", cmd)
    group_figures(exchanges, cmd)
    projection_figures(exchanges, args.batch, cmd)
    return 0


if __name__ == "__main__":
    sys.exit(main())
