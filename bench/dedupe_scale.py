"""Bench: de-duplication at scale, a synthetic list of 50,000 entries against 10,000 incoming papers.

The list mixes the link forms real lists use (arXiv abs/pdf links with versions, DOI-only entries,
title-only entries with U+2011 dashes); the incoming papers include known ones under every identity
(a new version of a listed paper, a DOI match, a title spelled with other dashes and case) and repeats
within the input. Timed: building the `SeenIndex` from the entries, merging the input
(`merge_papers`) and matching every merged paper; then the same again under tracemalloc for the peak
memory (traced separately, because tracing slows Python down). The time is the median of `--repeat` runs.
Target: under 1 s.

    python bench/dedupe_scale.py [--entries 50000] [--incoming 10000] [--repeat 3]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import command, figure  # noqa: E402

from curator.dedupe import SeenIndex  # noqa: E402
from curator.models import CatalogEntry, Paper  # noqa: E402
from curator.sources.merge import merge_papers  # noqa: E402

_TOPICS = ("Clinical", "Radiology", "Multi\u2011Agent", "Medical", "Patient", "Oncology", "Surgical", "EHR")


def entry_title(n: int) -> str:
    return f"{_TOPICS[n % len(_TOPICS)]} Language Models for Task {n} in {_TOPICS[(n // 8) % len(_TOPICS)]} Care"


def synthetic_entries(count: int) -> list[CatalogEntry]:
    """Entries: 70% arXiv links, 15% DOI only, 15% title only."""
    entries = []
    for n in range(count):
        kind = n % 20
        arxiv = f"2{n // 90000 % 10}{n // 9000 % 10}{n // 900 % 10}.{n:05d}" if kind < 14 else None
        doi = f"10.1000/list.{n}" if 14 <= kind < 17 else None
        url = f"https://arxiv.org/pdf/{arxiv}v2" if arxiv else (f"https://doi.org/{doi}" if doi else None)
        entries.append(CatalogEntry(section="medical-llm", title=entry_title(n), url=url, arxiv_id=arxiv, doi=doi,
                                    year=2025, venue="arXiv", line=n + 1))
    return entries


def incoming_papers(count: int, list_size: int) -> list[Paper]:
    """Papers: 1 in 5 is known to the list (by id, DOI or title), 1 in 10 repeats an earlier row."""
    papers: list[Paper] = []
    for n in range(count):
        if n % 10 == 9:
            papers.append(papers[n - 5].model_copy(update={"version": 3, "sources": ["hf-daily"]}))
            continue
        if n % 5 == 0:
            known = (n * 37) % list_size
            title = entry_title(known).replace("\u2011", "-").upper()
            doi = f"10.1000/LIST.{known}" if known % 20 in (14, 15, 16) else None
            arxiv = f"2{known // 90000 % 10}{known // 9000 % 10}{known // 900 % 10}.{known:05d}"
            papers.append(Paper(id=arxiv if known % 20 < 14 else None, version=5, title=title, doi=doi))
            continue
        papers.append(Paper(id=f"2701.{n:05d}", version=1, title=f"A New Paper Number {n} About Things",
                            abstract="x" * 800, sources=["arxiv-rss"]))
    return papers


def dedupe(entries: list[CatalogEntry], papers: list[Paper]) -> tuple[int, int, SeenIndex]:
    """(unique incoming, known to the list, index) — the work `curator triage` does before classifying."""
    index = SeenIndex().add_entries(entries)
    unique = merge_papers(papers)
    known = sum(1 for paper in unique if index.match(paper) is not None)
    return len(unique), known, index


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=int, default=50_000)
    parser.add_argument("--incoming", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    entries = synthetic_entries(args.entries)
    papers = incoming_papers(args.incoming, args.entries)
    times = []
    for _ in range(args.repeat):
        started = time.perf_counter()
        unique, known, index = dedupe(entries, papers)
        times.append(time.perf_counter() - started)
    seconds = statistics.median(times)
    expected_known = sum(1 for n in range(args.incoming) if n % 5 == 0 and n % 10 != 9)
    tracemalloc.start()
    dedupe(entries, papers)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    figure(f"dedupe {args.entries} list entries vs {args.incoming} incoming papers",
           f"{seconds:.2f} s (median of {args.repeat}; target < 1 s), peak {peak / 2**20:.0f} MiB traced; {len(index)} identities indexed, "
           f"{unique} unique incoming, {known} known to the list (expected {expected_known})",
           command("--entries", str(args.entries), "--incoming", str(args.incoming), "--repeat", str(args.repeat)))
    return 0 if known == expected_known else 1


if __name__ == "__main__":
    sys.exit(main())
