"""The `curator` command line: parses arguments, calls the library, prints.

Each subcommand lives in `curator.commands.<name>` with `register(subparsers)` that adds its parser
and sets `func(args) -> int`. Results go to stdout, progress and errors to stderr. Exit codes:
0 success, 1 findings (e.g. lint problems), 2 usage, 3+ a `CuratorError` subclass's own code.
"""

from __future__ import annotations

import argparse
import importlib
import logging
import sys

from . import __version__
from .errors import CuratorError

COMMAND_MODULES = (
    "triage",
    "lint",
    "eval",
    "fetch",
    "run",
    "apply",
    "decide",
)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="curator",
        description="Keep a curated awesome list of research papers up to date.",
    )
    parser.add_argument("--version", action="version", version=f"curator {__version__}")
    parser.add_argument("-v", "--verbose", action="count", default=0, help="more logging on stderr")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMAND_MODULES:
        importlib.import_module(f"curator.commands.{name}").register(subparsers)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    logging.basicConfig(
        level=logging.DEBUG if args.verbose > 1 else logging.INFO if args.verbose else logging.WARNING,
        format="%(levelname)s %(name)s: %(message)s",
        stream=sys.stderr,
    )
    if not getattr(args, "func", None):
        parser.print_help(sys.stderr)
        return 2
    try:
        return int(args.func(args) or 0)
    except CuratorError as exc:
        print(f"curator: error: {exc}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("curator: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0


if __name__ == "__main__":
    sys.exit(main())
