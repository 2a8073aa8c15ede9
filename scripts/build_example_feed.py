"""Build the bundled example feed from the Hugging Face listings saved in the seeds.

The seeds 003/004 are Hugging Face paper-search pages saved as text: per paper a title line, the
abstract, "• N authors", "·" and a date ("Jun 13, 2023", or "Mar 24" for the current year). This
script turns them into curator's Paper JSONL (no arXiv ids: the page text has none), de-duplicated by
normalised title, so the README example and core tests run offline on real papers.

Usage: python scripts/build_example_feed.py ../shared/seeds/003_*.txt ../shared/seeds/004_*.txt \
           > data/examples/hf-medical-papers.jsonl
"""

from __future__ import annotations

import re
import sys
from datetime import datetime, timezone
from pathlib import Path

from curator.ids import normalise_title
from curator.models import Paper

_AUTHORS = re.compile(r"^\s*•\s*(\d+)\s+authors?\s*$")
_DATE = re.compile(r"^([A-Z][a-z]{2} \d{1,2})(, (\d{4}))?")


def parse_listing(text: str, origin: str) -> list[Paper]:
    lines = [line.rstrip() for line in text.splitlines()]
    marks = [i for i, line in enumerate(lines) if _AUTHORS.match(line)]
    papers = []
    for i in marks:
        block = [line for line in lines[max(0, i - 6) : i] if line.strip()]
        if len(block) < 2:
            continue
        title, abstract = block[-2].strip(), block[-1].strip()
        date_line = next((lines[j] for j in range(i + 1, min(i + 4, len(lines))) if _DATE.match(lines[j])), "")
        match = _DATE.match(date_line)
        published = None
        if match and match.group(3):
            published = datetime.strptime(f"{match.group(1)} {match.group(3)}", "%b %d %Y").replace(tzinfo=timezone.utc)
        papers.append(Paper(title=title, abstract=abstract, published=published, sources=[f"seed:{origin}"]))
    return papers


def main(paths: list[str]) -> None:
    seen: set[str] = set()
    for path in paths:
        for paper in parse_listing(Path(path).read_text(encoding="utf-8"), Path(path).name[:3]):
            key = normalise_title(paper.title)
            if key not in seen:
                seen.add(key)
                sys.stdout.write(paper.model_dump_json(exclude_defaults=True) + "\n")


if __name__ == "__main__":
    main(sys.argv[1:])
