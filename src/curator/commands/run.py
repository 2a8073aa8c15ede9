"""`curator run`: the scheduled weekly job (fetch, de-duplicate, classify, propose, apply, PR body, state).

Progress and the summary go to stderr; `--dry-run` prints the PR body it would write on stdout. Inside
GitHub Actions (`GITHUB_OUTPUT` set) it also writes the step outputs the workflow uses: `week`,
`candidates` (papers in the week's file), `added`, `changed` (true when any file was written) and
`pr_body` (the body file).
"""

from __future__ import annotations

import argparse
import os
import sys
from datetime import datetime, time, timezone
from pathlib import Path

from ..config import DEFAULT_CONFIG, Config, load_config
from ..render import summary_line
from ..review.gather import Gathered, gather_files, gather_sources
from ..review.weekly import WeekResult, preflight, run_week
from ..sources import FORMATS
from ..sources.fetch import SOURCE_NAMES, parse_day
from ..weeks import utc_now
from .triage import make_classifier


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "run",
        help="the weekly job: fetch, triage, propose, apply to the list, write the PR body",
        description="Fetch every configured source since its last successful window, drop papers the list "
        "or the decisions memory already knows, classify the rest, merge the relevant ones into this week's "
        "candidates file, insert them in the list, write the pull request body, and only then remember the "
        "sources' windows. Running it again the same week with nothing new writes no file.",
    )
    parser.add_argument("--config", default=DEFAULT_CONFIG, help="config file (default: %(default)s)")
    parser.add_argument("--source", action="append", choices=SOURCE_NAMES, metavar="SOURCE",
                        help=f"fetch only this source (repeatable; default: sources.enabled). One of: {', '.join(SOURCE_NAMES)}")
    parser.add_argument("--since", help="start date YYYY-MM-DD (default: where each source stopped last time)")
    parser.add_argument("--until", help="end date YYYY-MM-DD (default: today)")
    parser.add_argument("--offline-input", nargs="+", type=Path, metavar="FILE",
                        help="use these local files instead of fetching (examples, tests, replays)")
    parser.add_argument("--input-format", choices=FORMATS, help="with --offline-input: override the detected format")
    parser.add_argument("--classifier", choices=("auto", "keywords", "llm"), default="auto",
                        help="auto: the LLM when OPENAI_API_KEY or OPENAI_BASE_URL is set, else keywords (default)")
    parser.add_argument("--llm", choices=("live", "record", "replay"), default="live", help="LLM mode")
    parser.add_argument("--model", help="LLM model name, overriding llm.model in the config")
    parser.add_argument("--fixtures", type=Path, help="recorded LLM fixtures folder (default: from the config)")
    parser.add_argument("--max-requests", type=int, help="LLM request budget; the rest falls back to keywords")
    parser.add_argument("--max-cost", type=float, help="LLM cost budget in USD; the rest falls back to keywords")
    parser.add_argument("--pr-body", type=Path, metavar="PATH",
                        help="where to write the PR body (default: candidates/<week>.pr.md)")
    parser.add_argument("--as-of", metavar="DATE", help="run as if today were DATE (picks the ISO week)")
    parser.add_argument("--dry-run", action="store_true",
                        help="write nothing (no candidates, list, PR body or state); print the PR body")
    parser.set_defaults(func=run)


def gather(args: argparse.Namespace, config: Config) -> Gathered:
    if args.offline_input:
        return gather_files(args.offline_input, args.input_format)
    from ..sources.http import make_client

    with make_client() as client:
        return gather_sources(config, args.source, since=parse_day(args.since, "--since"),
                              until=parse_day(args.until, "--until"), client=client,
                              progress=lambda line: print(line, file=sys.stderr))


def now_for(args: argparse.Namespace) -> datetime:
    day = parse_day(args.as_of, "--as-of")
    return datetime.combine(day, time(12, 0), tzinfo=timezone.utc) if day else utc_now()


def report(result: WeekResult, gathered: Gathered) -> None:
    scanned = ", ".join(f"{name} {count}" for name, count in sorted(gathered.scanned.items())) or "nothing"
    print(f"scanned: {scanned}", file=sys.stderr)
    for line in gathered.notes:
        print(f"note: {line}", file=sys.stderr)
    for line in gathered.problems:
        print(f"curator: warning: source problem: {line}", file=sys.stderr)
    print(summary_line(result.report.results) + f" [{result.report.classifier}]", file=sys.stderr)
    stats = result.report.stats or {}
    if stats.get("model"):
        cost = stats.get("cost_usd")
        print(f"LLM: {stats.get('requests', 0)} requests, {stats.get('prompt_tokens', 0)}+"
              f"{stats.get('completion_tokens', 0)} tokens, cost {'n/a' if cost is None else f'${cost:.4f}'}, "
              f"{stats.get('fallbacks', 0)} fallbacks", file=sys.stderr)
    print(f"{result.candidates_path}: {len(result.added)} new, {result.total} this week", file=sys.stderr)
    if result.apply is not None:
        print(result.apply.summary(), file=sys.stderr)
        for line in result.apply.plan.unplaced:
            print(f"curator: warning: {line}", file=sys.stderr)
        lint = len(result.apply.warnings) - len(result.apply.plan.unplaced)
        if lint:
            print(f"curator: warning: the list has {lint} lint problem{'s' if lint != 1 else ''} in the sections "
                  "edited (they do not block the edit; `curator lint` lists them)", file=sys.stderr)
    written = ", ".join(str(path) for path in result.written) or "nothing (no changes)"
    print(f"written: {written}", file=sys.stderr)


def github_outputs(result: WeekResult) -> None:
    """Step outputs for the workflow, when running inside GitHub Actions."""
    target = os.environ.get("GITHUB_OUTPUT")
    if not target:
        return
    values = {
        "week": result.week,
        "candidates": str(result.total),
        "added": str(len(result.added)),
        "changed": "true" if result.changed else "false",
        "pr_body": str(result.pr_body_path or ""),
    }
    with open(target, "a", encoding="utf-8") as handle:
        handle.writelines(f"{key}={value}\n" for key, value in values.items())


def run(args: argparse.Namespace) -> int:
    config = load_config(args.config)
    if args.model:
        config.llm.model = args.model
    now = now_for(args)
    preflight(config, now)
    gathered = gather(args, config)
    classifier = make_classifier(config, args)
    result = run_week(config, gathered, classifier, now=now, pr_body=args.pr_body, dry_run=args.dry_run)
    report(result, gathered)
    if args.dry_run and result.pr_body:
        sys.stdout.write(result.pr_body)
    github_outputs(result)
    return 0
