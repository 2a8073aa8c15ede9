"""`curator lint`: check the awesome list itself.

Prints one line per problem on stdout (`path:line: code: message`) and exits 1 when there is any;
otherwise prints "ok: N entries in M sections" on stderr and exits 0. A missing config or list file is a
`CuratorError` (one line, its own exit code) handled by the CLI.
"""

from __future__ import annotations

import argparse
import sys

from ..catalog import lint_catalog, load_catalog
from ..config import DEFAULT_CONFIG, load_config


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "lint",
        help="check the list for duplicates, broken links, disorder and malformed entries",
        description="Check the awesome list: the same paper twice, broken links, entries without an "
        "identifier, entries out of the list's order, malformed entries, configured sections missing. "
        "Exits 1 when there are problems.",
    )
    parser.add_argument("--config", default=DEFAULT_CONFIG, help="config file (default: %(default)s)")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    config = load_config(args.config)
    catalog = load_catalog(config)
    problems = lint_catalog(catalog, config)
    for problem in problems:
        print(problem)
    if problems:
        print(f"{len(problems)} problem{'s' if len(problems) != 1 else ''} in {catalog.source}", file=sys.stderr)
        return 1
    sections = sum(1 for s in catalog.sections if s.mapped)
    print(f"ok: {len(catalog.entries)} entries in {sections} sections", file=sys.stderr)
    return 0
