"""The seed gold set is exactly the papers of the saved Hugging Face listings, and agrees with the list."""

from __future__ import annotations

from pathlib import Path

from curator.config import load_config
from curator.evaluate import load_gold
from curator.evaluate.hf_listing import ListingPaper, parse_hf_listing
from curator.evaluate.texts import resolve
from curator.ids import normalise_title

LISTING = """new

Daily Papers

byAK and the research community

Apr 20

Paper With Authors

An abstract paragraph about a medical LLM.

  • 8 authors
·
Jun 13, 2023

Paper From An Organisation

Another abstract.

newyorkuniversity New York University
·
Nov 17, 2025 3

Paper Without Meta

A third abstract with no author block.

Last Paper

The last abstract.

  • 1 author
·
Mar 24
"""


def test_listing_papers_are_found_by_shape_with_or_without_a_meta_block() -> None:
    assert parse_hf_listing(LISTING) == [
        ListingPaper("Paper With Authors", "An abstract paragraph about a medical LLM.", "Jun 13, 2023"),
        ListingPaper("Paper From An Organisation", "Another abstract.", "Nov 17, 2025"),
        ListingPaper("Paper Without Meta", "A third abstract with no author block.", None),
        ListingPaper("Last Paper", "The last abstract.", "Mar 24"),
    ]


def _seed_papers(seeds: Path) -> list[ListingPaper]:
    papers: list[ListingPaper] = []
    for path in sorted(seeds.glob("00[34]_*.txt")):
        papers += parse_hf_listing(path.read_text(encoding="utf-8"))
    return papers


def test_the_real_seed_listings_hold_141_listings_of_120_papers(seeds: Path) -> None:
    papers = _seed_papers(seeds)
    assert len(papers) == 141
    assert len({normalise_title(p.title) for p in papers}) == 120
    assert all(len(p.abstract) > 300 for p in papers)


def test_the_seed_gold_set_labels_every_seed_paper_with_its_own_text(seeds: Path, root: Path) -> None:
    gold = {item.key: item for item in load_gold(root / "data/gold/hf-seeds-003-004.yaml").items}
    parsed = {f"title:{normalise_title(p.title)}": p for p in _seed_papers(seeds)}
    assert gold.keys() == parsed.keys()
    for key, paper in parsed.items():
        assert (gold[key].title, gold[key].abstract) == (paper.title, paper.abstract)


def test_seed_papers_that_the_list_carries_have_the_lists_section(root: Path) -> None:
    config = load_config(root / "curator.yaml")
    resolved = resolve(load_gold(root / "data/gold/list-000.yaml"), config)
    in_list = {f"title:{normalise_title(e.paper.title)}": e.item.section for e in resolved.examples}
    seeds = load_gold(root / "data/gold/hf-seeds-003-004.yaml").items
    shared = [item for item in seeds if item.key in in_list]
    assert len(shared) >= 10
    assert [(i.key, i.section) for i in shared] == [(i.key, in_list[i.key]) for i in shared]


def test_the_list_gold_set_is_derived_from_the_list_with_seed_abstracts(root: Path) -> None:
    config = load_config(root / "curator.yaml")
    resolved = resolve(load_gold(root / "data/gold/list-000.yaml"), config)
    assert resolved.unavailable is None
    items = [e.item for e in resolved.examples]
    assert len(items) >= 120 and all(i.relevant and i.section in config.section_ids for i in items)
    with_abstract = [e for e in resolved.examples if e.paper.abstract]
    assert len(with_abstract) >= 10
    assert all(e.item.text == "title-only" for e in resolved.examples if not e.paper.abstract)
    assert any("listed twice" in line for line in resolved.skipped)
