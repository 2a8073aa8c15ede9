"""`curator eval`: measure a classifier setting against labelled gold sets, or compare two settings.

Exit codes: 0 when at least one gold set was evaluated, 1 when none could be (all skipped, each with
its reason on the output), 2 for usage errors, and a `CuratorError`'s own code for bad input.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

from ..atomic import atomic_write_text
from ..config import DEFAULT_CONFIG, Config, load_config
from ..evaluate import (
    Comparison,
    EvalReport,
    Setting,
    as_markdown,
    as_text,
    build_setting,
    check_sections,
    compare,
    comparison_blocks,
    evaluate,
    load_gold,
    parse_setting,
    report_blocks,
    summary_blocks,
)
from ..evaluate.gold import GoldSet
from ..evaluate.runner import skipped
from ..evaluate.settings import fixtures_for

GOLD_DIR = "data/gold"
NO_REALDATA_RECORDINGS = (
    "no committed LLM recordings: the prompts would carry ../shared/realdata text, which may not be committed; "
    "record them outside the repository with --llm record --fixtures DIR, then replay with --fixtures DIR"
)  # also why record mode refuses these sets without an explicit --fixtures: never into the repository


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "eval",
        help="measure a classifier against labelled gold sets",
        description="Run a classifier over labelled gold sets (data/gold/*.yaml, or the decisions memory) and "
        "report precision, recall, F1, recall@k, WSS@95, section accuracy, macro-F1, a confusion "
        "matrix, cost, and the papers it got wrong. --compare A B runs two settings side by side.",
    )
    parser.add_argument("--config", default=DEFAULT_CONFIG, help="config file (default: %(default)s)")
    parser.add_argument("--gold", action="append", type=Path, metavar="GOLD",
                        help="a gold file or decisions memory (repeatable)")
    parser.add_argument("--all", action="store_true", help=f"every gold set in {GOLD_DIR}/ (the README figures)")
    parser.add_argument("--classifier", choices=("keywords", "llm"), default="keywords", help="default: %(default)s")
    parser.add_argument("--prompt", help="LLM prompt file (default: llm.prompt from the config)")
    parser.add_argument("--model", help="LLM model (default: llm.model from the config)")
    parser.add_argument("--llm", choices=("replay", "record", "live"), default="replay",
                        help="replay recorded answers (default, offline), record answers from a live server, or live")
    parser.add_argument("--batch-size", type=int, metavar="N", help="papers per LLM request (default: llm.batch_size)")
    parser.add_argument("--max-tokens", type=int, metavar="N", help="LLM answer length cap (default: llm.max_tokens)")
    parser.add_argument("--fixtures", help="recorded LLM exchanges (default: the gold set's llm_fixtures, else llm.fixtures)")
    parser.add_argument("--compare", nargs=2, metavar=("A", "B"),
                        help="two settings: keywords, llm, a prompt .md file, or name=value,... "
                             "(classifier, prompt, model, llm, fixtures, batch_size, max_tokens)")
    parser.add_argument("--realdata", type=Path,
                        help="recorded real data folder (default: $CURATOR_REALDATA or ../shared/realdata)")
    parser.add_argument("--exclude-unsure", action="store_true", help="leave out gold labels marked unsure")
    parser.add_argument("--concurrency", type=int, metavar="N",
                        help="LLM requests in flight (default: llm.concurrency; not part of the request, so replays still match)")
    parser.add_argument("--timeout", type=float, metavar="SECONDS", help="LLM request timeout (default: llm.timeout_seconds)")
    parser.add_argument("--errors", type=int, default=20, metavar="N", help="wrong papers to list per set (default: %(default)s)")
    parser.add_argument("--summary", action="store_true", help="only the one-row-per-set summary table")
    parser.add_argument("--json", action="store_true", help="machine-readable JSON on stdout instead of tables")
    parser.add_argument("--markdown", type=Path, metavar="FILE", help="also write a markdown report (for a PR)")
    parser.set_defaults(func=run)


def gold_paths(args: argparse.Namespace, config: Config) -> list[Path]:
    paths = list(args.gold or [])
    if args.all:
        paths += sorted(config.path(GOLD_DIR).glob("*.yaml"))
    return paths


def base_setting(args: argparse.Namespace) -> Setting:
    return Setting(classifier=args.classifier, prompt=args.prompt, model=args.model, llm=args.llm, fixtures=args.fixtures,
                   batch_size=args.batch_size, max_tokens=args.max_tokens)


def run_one(gold: GoldSet, config: Config, setting: Setting, args: argparse.Namespace, scratch: Path) -> EvalReport:
    label = setting.label(config)
    print(f"evaluating {gold.name} with {label}...", file=sys.stderr)
    recorded = setting.classifier == "llm" and setting.llm in ("replay", "record")
    if recorded and gold.texts == "realdata" and not fixtures_for(setting, gold):
        return skipped(gold, label, "llm", NO_REALDATA_RECORDINGS)
    classifier = build_setting(setting, config, gold, scratch)
    return evaluate(gold, config, classifier, setting=label, realdata=args.realdata,
                    exclude_unsure=args.exclude_unsure)


def emit(args: argparse.Namespace, payload: list[dict], text: str, markdown: str) -> None:
    if args.json:
        sys.stdout.write(json.dumps(payload if len(payload) != 1 else payload[0], indent=2, ensure_ascii=False) + "\n")
    else:
        sys.stdout.write(text)
    if args.markdown:
        atomic_write_text(args.markdown, markdown)
        print(f"wrote {args.markdown}", file=sys.stderr)


def run(args: argparse.Namespace) -> int:
    config = load_config(args.config)
    transport = {"concurrency": args.concurrency, "timeout_seconds": args.timeout}
    transport = {name: value for name, value in transport.items() if value}
    if transport:
        config = config.model_copy(update={"llm": config.llm.model_copy(update=transport)})
    paths = gold_paths(args, config)
    if not paths:
        print("curator eval: give --gold FILE (repeatable) or --all", file=sys.stderr)
        return 2
    golds = [load_gold(path) for path in paths]
    for gold in golds:
        check_sections(gold, config)
    base = base_setting(args)
    with tempfile.TemporaryDirectory(prefix="curator-eval-") as scratch:
        if args.compare:
            a, b = (parse_setting(spec, base) for spec in args.compare)
            comparisons = [_compare(gold, config, a, b, args, Path(scratch)) for gold in golds]
            _emit_comparisons(args, comparisons)
            evaluated = sum(1 for c in comparisons if not isinstance(c, str))
        else:
            reports = [run_one(gold, config, base, args, Path(scratch)) for gold in golds]
            _emit_reports(args, reports)
            evaluated = sum(1 for r in reports if not r.unavailable)
    return 0 if evaluated else 1


def _emit_reports(args: argparse.Namespace, reports: list[EvalReport]) -> None:
    blocks = [] if args.summary else [b for r in reports for b in report_blocks(r, args.errors)]
    if len(reports) > 1 or args.summary:
        blocks = summary_blocks(reports) + blocks
    emit(args, [r.model_dump(mode="json") for r in reports], as_text(blocks), as_markdown(blocks))


def _compare(
    gold: GoldSet, config: Config, a: Setting, b: Setting, args: argparse.Namespace, scratch: Path
) -> Comparison | str:
    report_a = run_one(gold, config, a, args, scratch)
    report_b = run_one(gold, config, b, args, scratch)
    unavailable = report_a.unavailable or report_b.unavailable
    return f"{gold.name}: skipped: {unavailable}" if unavailable else compare(report_a, report_b)


def _emit_comparisons(args: argparse.Namespace, comparisons: list[Comparison | str]) -> None:
    from ..evaluate.render import Block

    blocks = []
    for c in comparisons:
        blocks += [Block(c, lines=[])] if isinstance(c, str) else comparison_blocks(c, args.errors)
    payload = [{"skipped": c} if isinstance(c, str) else c.model_dump(mode="json") for c in comparisons]
    emit(args, payload, as_text(blocks), as_markdown(blocks))
