"""Shared helpers of the bench scripts: the project root, the config, synthetic papers, figure lines.

Contract: every bench script prints one line per figure through `figure(name, value, command)`, so a
reader can paste the line into the README and re-run the command that produced it. Synthetic papers
are made here (never copied from ../shared/realdata), deterministic for a given count.
"""

from __future__ import annotations

import shlex
import sys
from pathlib import Path

from curator.config import Config, load_config
from curator.models import Paper

ROOT = Path(__file__).resolve().parents[1]
REALDATA = ROOT.parent / "shared" / "realdata"

_WORDS = (
    "clinical language model agent retrieval patient radiology report benchmark multimodal reasoning "
    "diagnosis hospital workflow safety evaluation dataset tool planning oncology pathology summarization"
).split()


def project_config() -> Config:
    """The repository's own config (list 000)."""
    return load_config(ROOT / "curator.yaml")


def synthetic_papers(count: int, *, offset: int = 0) -> list[Paper]:
    """`count` distinct papers with arXiv-style ids and ~900-character abstracts."""
    papers = []
    for n in range(offset, offset + count):
        words = [_WORDS[(n * 7 + k * 3) % len(_WORDS)] for k in range(12)]
        abstract = " ".join(_WORDS[(n + k) % len(_WORDS)] for k in range(130))
        papers.append(Paper(
            id=f"26{(n // 99999) % 100:02d}.{n % 99999 + 1:05d}", title=f"Paper {n}: " + " ".join(words).title(),
            abstract=abstract.capitalize() + ".", authors=[f"Author {n}"], categories=["cs.CL"],
        ))
    return papers


def command(*extra: str) -> str:
    """The command line that reproduces a figure: this script with `extra` arguments."""
    script = Path(sys.argv[0]).resolve()
    try:
        script = script.relative_to(ROOT)
    except ValueError:
        pass
    return shlex.join(["python", str(script), *extra])


def figure(name: str, value: str, cmd: str) -> None:
    """Print one figure line: name, value and the command that reproduces it."""
    print(f"{name}: {value}    [{cmd}]", flush=True)
