"""Bench: offline keyword triage throughput over the real recorded arXiv days.

Every day in ../shared/realdata/arxiv-days/ (read in place, never copied) goes end to end through what
`curator triage --input DAY` does in-process: read and parse the file, merge duplicate rows,
de-duplicate against the list, classify with the keyword classifier, render the table, JSONL and
markdown. Per day: rows, unique papers, seconds; overall: rows per second. Then the real command
line per day (a subprocess, so interpreter start-up and imports count too), which is what a maintainer
waits for. Target: a day in under 2 s.

    python bench/triage_throughput.py [--days DIR] [--no-cli]
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import REALDATA, ROOT, command, figure  # noqa: E402

from curator.catalog import load_catalog  # noqa: E402
from curator.classify.keywords import KeywordClassifier  # noqa: E402
from curator.config import load_config  # noqa: E402
from curator.pipeline import entry_text, seen_index, triage  # noqa: E402
from curator.render import render_jsonl, render_markdown, render_table  # noqa: E402
from curator.sources.formats import read_input  # noqa: E402


def triage_day(path: Path) -> tuple[int, int, float]:
    """(rows, unique papers, seconds) for one day, from the config to the rendered outputs."""
    started = time.perf_counter()
    config = load_config(ROOT / "curator.yaml")
    catalog = load_catalog(config)
    parsed = read_input(path)
    rows = len(parsed.papers) + parsed.duplicates
    report = triage(parsed.papers, KeywordClassifier(config), seen_index(catalog))
    outputs = [render_table(report.results), render_jsonl(report.results),
               render_markdown(report.results, config, lambda r: entry_text(r, config))]
    assert all(isinstance(text, str) for text in outputs)
    return rows, len(report.results), time.perf_counter() - started


def cli_seconds(path: Path) -> float:
    """Wall time of `curator triage --input DAY --format jsonl` as a subprocess."""
    curator = Path(sys.executable).with_name("curator")
    started = time.perf_counter()
    subprocess.run([str(curator), "triage", "--config", str(ROOT / "curator.yaml"), "--input", str(path),
                    "--format", "jsonl", "--classifier", "keywords"],
                   check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - started


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--days", type=Path, default=REALDATA / "arxiv-days")
    parser.add_argument("--no-cli", action="store_true", help="skip the per-day command-line timing")
    args = parser.parse_args(argv)
    days = sorted(args.days.glob("*.jsonl"))
    if not days:
        print(f"no arXiv days found in {args.days} (../shared/realdata is needed)", file=sys.stderr)
        return 1
    triage_day(days[0])  # warm imports and regex caches, as a long-running process would have them
    total_rows = total_seconds = 0.0
    slowest = (0.0, "")
    for path in days:
        rows, unique, seconds = triage_day(path)
        total_rows += rows
        total_seconds += seconds
        slowest = max(slowest, (seconds, path.name))
        cli = "" if args.no_cli else f"; command line {cli_seconds(path):.2f} s"
        figure(f"keyword triage {path.stem.rsplit('__', 1)[-1]}",
               f"{rows} rows, {unique} unique, {seconds:.2f} s in-process ({rows / seconds:.0f} rows/s){cli}",
               f"curator triage --input ../shared/realdata/arxiv-days/{path.name} --classifier keywords "
               "--format jsonl")
    figure("keyword triage all days",
           f"{total_rows:.0f} rows in {total_seconds:.2f} s = {total_rows / total_seconds:.0f} rows/s; "
           f"slowest day {slowest[0]:.2f} s (target < 2 s)", command())
    return 0


if __name__ == "__main__":
    sys.exit(main())
