"""`curator fetch`: fetch papers from live sources and write them as JSONL (what `triage --input` reads).

One progress line per request on stderr, then one line per source (window, requests, papers, notes,
problems) and a summary (requests, papers, duplicates merged, time). Papers go to `--out` (atomically)
or stdout. Exit 0 when every source succeeded; when one failed, the others' papers are still written,
its error is printed and the exit code is SourceError's (6), so a script never takes a partial fetch
for a complete one. The state file is only updated with `--save-state`.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..atomic import atomic_write_text
from ..config import DEFAULT_CONFIG, load_config
from ..errors import SourceError
from ..sources.fetch import SOURCE_NAMES, FetchReport, fetch_all, parse_day
from ..sources.http import make_client
from ..sources.state import commit_windows, load_state, save_state


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "fetch",
        help="fetch new papers from arXiv / Hugging Face and write them as JSONL",
        description="Fetch papers from live sources (politely: one arXiv request every few seconds, retries, "
        "an on-disk cache) and write them as JSONL that `curator triage --input` reads. Each source resumes "
        "where its last saved run stopped unless --since is given.",
    )
    parser.add_argument("--source", action="append", choices=SOURCE_NAMES, metavar="SOURCE",
                        help=f"{', '.join(SOURCE_NAMES)} (repeatable; default: sources.enabled in the config)")
    parser.add_argument("--since", help="first date YYYY-MM-DD (default: where each source's saved run stopped)")
    parser.add_argument("--until", help="last date YYYY-MM-DD (default: today, UTC)")
    parser.add_argument("--out", type=Path, metavar="FILE", help="write JSONL here (default: stdout)")
    parser.add_argument("--config", default=DEFAULT_CONFIG, help="config file (default: %(default)s)")
    parser.add_argument("--query", action="append", metavar="TEXT",
                        help="hf-search query (repeatable; default: sources.hf.search_queries)")
    parser.add_argument("--no-cache", action="store_true", help="neither read nor write the HTTP cache")
    parser.add_argument("--save-state", action="store_true",
                        help="remember the successful windows in the state file, so the next run resumes there")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    config = load_config(args.config)
    names = args.source or config.sources.enabled
    since, until = parse_day(args.since, "--since"), parse_day(args.until, "--until")
    state = load_state(config.path(config.sources.state_file))
    with make_client() as client:
        report = fetch_all(config, names, since, until, client, progress=_progress, state=state,
                           use_cache=not args.no_cache, queries=args.query)
    text = "".join(paper.model_dump_json() + "\n" for paper in report.papers)
    if args.out:
        atomic_write_text(args.out, text)
    else:
        sys.stdout.write(text)
    _print_report(report, args.out)
    if args.save_state and report.ok:
        save_state(config.path(config.sources.state_file), commit_windows(state, report))
    return 0 if report.ok else SourceError.exit_code


def _progress(line: str) -> None:
    print(f"  {line}", file=sys.stderr, flush=True)


def _print_report(report: FetchReport, out: Path | None) -> None:
    for source in report.sources:
        status = "ok" if source.ok else "FAILED"
        print(f"{source.name} {source.window}: {status}, {source.papers} papers, {source.requests} requests"
              f"{f', {source.cache_hits} cached' if source.cache_hits else ''}", file=sys.stderr)
        for note in source.notes:
            print(f"  note: {note}", file=sys.stderr)
        for problem in source.problems:
            print(f"curator: warning: {problem}", file=sys.stderr)
        if source.error:
            print(f"curator: error: {source.error}", file=sys.stderr)
    where = f" to {out}" if out else ""
    print(f"fetched {len(report.papers)} papers{where} from {len(report.sources)} source(s): {report.requests} "
          f"requests, {report.cache_hits} cached, {report.duplicates} duplicates merged, "
          f"{report.elapsed_seconds:.1f} s ({report.waited_seconds:.1f} s of it waiting: throttle and backoff)",
          file=sys.stderr)
