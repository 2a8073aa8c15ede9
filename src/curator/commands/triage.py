"""`curator triage`: read papers (files or live sources), decide which belong, print or propose them."""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path
from typing import Any

from ..catalog import load_catalog
from ..classify import build_classifier
from ..config import DEFAULT_CONFIG, Config, load_config
from ..models import Paper
from ..candidates import candidates_path, load_candidates
from ..pipeline import Classifier, TriageReport, entry_text, propose
from ..review.weekly import triage_known
from ..render import render_jsonl, render_markdown, render_table, summary_line
from ..sources.formats import read_input
from ..weeks import iso_week, utc_now

log = logging.getLogger(__name__)
INPUT_FORMATS = ("arxiv-rss", "arxiv-atom", "arxiv-api", "hf-daily", "hf-search", "jsonl")


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "triage",
        help="decide which papers belong in the list",
        description="Read papers from files (or live sources), decide which belong in the list, under which "
        "section, with a one-line summary; mark papers the list already has.",
    )
    parser.add_argument("--config", default=DEFAULT_CONFIG, help="config file (default: %(default)s)")
    parser.add_argument("--input", nargs="+", type=Path, metavar="FILE", help="local files of papers")
    parser.add_argument("--input-format", choices=INPUT_FORMATS, help="override the detected input format")
    parser.add_argument("--source", action="append", metavar="SOURCE", help="fetch from a live source (repeatable)")
    parser.add_argument("--since", help="with --source: start date YYYY-MM-DD (default: last successful run)")
    parser.add_argument("--until", help="with --source: end date YYYY-MM-DD (default: today)")
    parser.add_argument("--format", choices=("table", "jsonl", "markdown"), default="table", help="output format")
    parser.add_argument("--all", action="store_true", help="also list the papers judged not relevant")
    parser.add_argument("--write", action="store_true", help="merge the proposals into this week's candidates file")
    parser.add_argument("--classifier", choices=("auto", "keywords", "llm"), default="auto",
                        help="auto: the LLM when configured, else keywords (default)")
    parser.add_argument("--llm", choices=("live", "record", "replay"), default="live",
                        help="LLM mode: live requests, record fixtures, or replay recorded fixtures")
    parser.add_argument("--fixtures", type=Path, help="recorded LLM fixtures folder (default: from the config)")
    parser.add_argument("--model", help="LLM model name, overriding llm.model in the config")
    parser.add_argument("--max-requests", type=int, help="LLM request budget; the rest falls back to keywords")
    parser.add_argument("--max-cost", type=float, help="LLM cost budget in USD; the rest falls back to keywords")
    parser.set_defaults(func=run)


def make_classifier(config: Config, args: argparse.Namespace) -> Classifier:
    return build_classifier(
        config,
        kind=args.classifier,
        llm_mode=args.llm,
        fixtures=args.fixtures,
        max_requests=args.max_requests,
        max_cost=args.max_cost,
    )


def read_papers(args: argparse.Namespace, config: Config) -> list[Paper]:
    papers: list[Paper] = []
    for path in args.input or []:
        result = read_input(path, args.input_format)
        for warning in result.warnings:
            print(f"curator: warning: {warning}", file=sys.stderr)
        print(f"read {path}: {len(result.papers)} papers ({result.format})", file=sys.stderr)
        papers.extend(result.papers)
    if args.source:
        from ..sources.fetch import fetch_for_triage

        papers.extend(fetch_for_triage(config, args.source, since=args.since, until=args.until,
                                       progress=lambda line: print(line, file=sys.stderr)))
    return papers


def print_results(report: TriageReport, config: Config, args: argparse.Namespace) -> None:
    shown = report.results if args.all else [r for r in report.results if r.relevant or r.duplicate_of]
    if args.format == "jsonl":
        sys.stdout.write(render_jsonl(report.results))
    elif args.format == "markdown":
        sys.stdout.write(render_markdown(report.results, config, lambda r: entry_text(r, config)))
    else:
        sys.stdout.write(render_table(shown))


def run(args: argparse.Namespace) -> int:
    if not args.input and not args.source:
        print("curator triage: give --input FILE... or --source SOURCE", file=sys.stderr)
        return 2
    config = load_config(args.config)
    if args.model:
        config.llm.model = args.model
    # Fail on a broken list or candidates file before fetching or paying for any classification.
    load_catalog(config)
    now = utc_now()
    # Section edits in the candidates file are judged by `curator apply`, not here.
    week_file = load_candidates(candidates_path(config, iso_week(now)))
    papers = read_papers(args, config)
    classifier = make_classifier(config, args)
    report = triage_known(config, papers, classifier, week_file)
    print_results(report, config, args)
    print(summary_line(report.results, merged=report.merged) + f" [{report.classifier}]", file=sys.stderr)
    stats: Any = getattr(classifier, "stats", None)
    if hasattr(stats, "summary_line"):
        # Repairs and fallbacks must be visible in the run summary, not only per paper in the output.
        print(stats.summary_line(), file=sys.stderr)
    if args.write:
        run_info = {"papers": len(report.results), "input": [str(p) for p in args.input or []] + list(args.source or [])}
        if report.stats:
            run_info["classifier_stats"] = report.stats
        result = propose(report, config, now=now, run_info=run_info)
        verb = "wrote" if result.added else "unchanged:"
        print(f"{verb} {result.path}: {len(result.added)} new candidates, {result.total} in total", file=sys.stderr)
    return 0
