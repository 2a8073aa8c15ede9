"""Rendering entries in each list's own style: round trips, golden output, entries for new papers."""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

import pytest

from curator.catalog import Catalog, entry_from_paper, load_catalog, parse_catalog, render_entry
from curator.config import Config, load_config
from curator.models import CatalogEntry, Paper

ROOT = Path(__file__).resolve().parents[1]
GOLDEN = ROOT / "tests" / "fixtures" / "catalog" / "golden"
CONFIGS = {
    "000": ROOT / "curator.yaml",
    "001": ROOT / "configs" / "list-001.yaml",
    "002": ROOT / "configs" / "list-002.yaml",
}


@pytest.fixture(scope="module", params=sorted(CONFIGS))
def listed(request) -> tuple[str, Config, Catalog]:
    config = load_config(CONFIGS[request.param])
    return request.param, config, load_catalog(config)


def reparse(text: str, heading: str, config: Config) -> list[CatalogEntry]:
    catalog = parse_catalog(f"## {heading}\n{text}\n", config, source="rendered")
    assert catalog.problems == []
    return [e.model_copy(update={"line": None}) for e in catalog.entries]


def test_every_entry_of_every_list_survives_render_then_parse(listed):
    _, config, catalog = listed
    assert catalog.entries
    for entry in catalog.entries:
        heading = catalog.section(entry.section).heading
        assert reparse(render_entry(entry, config), heading, config) == [entry.model_copy(update={"line": None})]


def paper(**overrides) -> Paper:
    values = dict(
        id="2501.01234", version=2, title="MedAgent-X:  A Multi\u2011Agent\n Framework [for] Clinical Triage",
        authors=["Ada Lovelace", "Alan Turing", "Grace Hopper"],
        published=datetime(2025, 1, 15, tzinfo=timezone.utc), abstract="We study triage.",
    )
    values.update(overrides)
    return Paper(**values)


def sample_entries(name: str, config: Config, catalog: Catalog) -> str:
    """A few real entries plus new-paper entries, rendered, as the golden file holds them."""
    entries = catalog.entries
    special = [e for e in entries if e.url in ("", None)][:1] + [e for e in entries if e.venue and e.fields][:1]
    picked = [e for i, e in enumerate([entries[0], *special, entries[-1]]) if e not in [entries[0], *special][:i]]
    section = next(s.id for s in catalog.sections if s.mapped)
    new = [
        entry_from_paper(paper(), section, "一句话简介。" if name == "001" else "One-line summary.", config),
        entry_from_paper(paper(id=None, url=None, doi="10.1000/XYZ.5", journal_ref="Nature  Medicine 31 (2025)",
                               authors=["Solo Author"]), section, "摘要。", config),
    ]
    return "\n".join(render_entry(e, config) for e in picked + new) + "\n"


def test_golden_rendering_per_style(listed):
    name, config, catalog = listed
    expected = (GOLDEN / f"{name}.md").read_text(encoding="utf-8")
    assert sample_entries(name, config, catalog) == expected


def test_new_paper_entries_round_trip_and_keep_their_key(listed):
    _, config, catalog = listed
    section = catalog.sections[-1]
    for made in (paper(), paper(id=None, url="https://example.org/p", doi="10.1000/ABC"), paper(authors=[])):
        entry = entry_from_paper(made, section.id, "A summary.", config)
        assert reparse(render_entry(entry, config), section.heading, config) == [entry]
        assert entry.key == (f"arxiv:{made.id}" if made.id else "doi:10.1000/abc")


def test_entry_from_paper_follows_each_lists_conventions():
    configs = {name: load_config(path) for name, path in CONFIGS.items()}
    bullets = entry_from_paper(paper(), "medical-llm", "ignored", configs["000"])
    assert (bullets.venue, bullets.year, bullets.url) == ("arXiv", 2025, "https://arxiv.org/abs/2501.01234")
    assert bullets.title == "MedAgent-X: A Multi\u2011Agent Framework [for] Clinical Triage"
    journal = entry_from_paper(paper(journal_ref="Nature Medicine 31"), "medical-llm", "", configs["000"])
    assert journal.venue == "Nature Medicine 31"
    block = entry_from_paper(paper(), "surveys", "一句话。", configs["001"])
    assert block.authors == "Ada Lovelace et al." and block.summary == "一句话。"
    assert block.fields == {"时间": "2025.01", "链接": "arXiv 2501.01234"}
    numbered = entry_from_paper(paper(), "reasoning-over-text", "", configs["002"])
    assert numbered.authors == "Ada Lovelace, Alan Turing, Grace Hopper" and numbered.summary is None


def test_unbalanced_brackets_in_a_title_do_not_break_the_link():
    config = load_config(CONFIGS["000"])
    entry = entry_from_paper(paper(title="Odd ]title[ here"), "medical-llm", "", config)
    assert entry.title == "Odd )title( here"
    assert reparse(render_entry(entry, config), "Medical LLM", config) == [entry]
