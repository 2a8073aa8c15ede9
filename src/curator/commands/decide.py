"""`curator decide`: remember the decisions of a merged week in the decisions memory.

Run when a week's candidates pull request merges (the review workflow does it). The rule: on merge,
`accepted` and `pending` candidates count as accepted, `rejected` ones as rejected; the memory
(`decisions:` in the config, `data/decisions.yaml` by default) is keyed by the paper's canonical id, so
rejected papers are not proposed again unless they gain a venue, and accepted ones stay de-duplicated
even if later removed from the list. Recording the same week twice changes nothing.
"""

from __future__ import annotations

import argparse
import sys

from ..candidates import load_candidates
from ..config import load_config
from ..errors import CandidatesError
from ..review.decisions import load_decisions, record_week, save_decisions
from ..weeks import utc_now
from .apply import add_week_arguments, week_file_path


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "decide",
        help="record a merged week's decisions in the decisions memory",
        description="Record the decisions of a merged week's candidates file: accepted and pending count as "
        "accepted, rejected as rejected. Rejected papers are then never proposed again (unless they gain a "
        "journal ref or DOI), accepted ones stay de-duplicated.",
    )
    add_week_arguments(parser)
    parser.add_argument("--dry-run", action="store_true", help="print the decisions; write nothing")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    config = load_config(args.config)
    path = week_file_path(config, args)
    week_file = load_candidates(path, section_ids=config.section_ids)
    if week_file is None:
        raise CandidatesError(f"{path}: candidates file not found", hint="check --week or --file")
    memory_path = config.path(config.decisions)
    memory, changes = record_week(load_decisions(memory_path), week_file, now=utc_now())
    for change in changes:
        print(change)
    written = False if args.dry_run else save_decisions(memory_path, memory)
    verb = "would record" if args.dry_run else "recorded" if written else "unchanged:"
    print(f"{verb} {len(changes)} decisions from {path} in {memory_path} ({len(memory.decisions)} in total)",
          file=sys.stderr)
    return 0
