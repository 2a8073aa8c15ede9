"""`curator apply`: make the list agree with a week's candidates file.

Accepted and pending candidates are inserted in their sections (pending ones are proposals, so they show
in the pull request's diff), rejected ones are removed if they had been inserted. Edits in the candidates
file are validated first (an unknown section or status is one line naming the file and line); a list
that lint finds broken where the edit would go is refused. Writes atomically, and nothing when the list
already agrees.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

from ..candidates import candidates_path
from ..config import DEFAULT_CONFIG, Config, load_config
from ..errors import CandidatesError
from ..review.apply import apply_week
from ..weeks import iso_week, utc_now

WEEK = re.compile(r"^\d{4}-W(0[1-9]|[1-4]\d|5[0-3])$")


def add_week_arguments(parser: argparse.ArgumentParser) -> None:
    """--config and the choice of candidates file (--week or --file), shared with `curator decide`."""
    parser.add_argument("--config", default=DEFAULT_CONFIG, help="config file (default: %(default)s)")
    which = parser.add_mutually_exclusive_group()
    which.add_argument("--week", metavar="YYYY-Www", help="the ISO week's candidates file (default: this week)")
    which.add_argument("--file", type=Path, metavar="PATH", help="a candidates file by path")


def week_file_path(config: Config, args: argparse.Namespace) -> Path:
    if args.file:
        return Path(args.file)
    week = args.week or iso_week(utc_now())
    if not WEEK.match(week):
        raise CandidatesError(f"--week '{week}' is not an ISO week", hint="use YYYY-Www, e.g. 2026-W23")
    return candidates_path(config, week)


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "apply",
        help="make the list agree with a week's candidates file",
        description="Insert the week's accepted and pending candidates into the list in their sections and "
        "remove rejected ones, after validating the candidates file. The list is written atomically, "
        "byte for byte outside the touched entries, and not at all when it already agrees.",
    )
    add_week_arguments(parser)
    parser.add_argument("--dry-run", action="store_true", help="say what would change; write nothing")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    config = load_config(args.config)
    path = week_file_path(config, args)
    result = apply_week(config, path, dry_run=args.dry_run)
    for title in result.plan.inserted:
        print(f"+ {title}")
    for title in result.plan.removed:
        print(f"- {title}")
    for warning in result.warnings:
        print(f"curator: warning: {warning}", file=sys.stderr)
    print(("dry run: " if args.dry_run else "") + result.summary(), file=sys.stderr)
    return 0
