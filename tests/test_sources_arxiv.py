"""arXiv listing feeds and API responses -> Papers, on the recorded samples (read in place) and our fixtures.

Each FORMATS.md quirk we handle has a named test here; the realdata files are never copied.
"""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

import pytest

from curator.errors import InputError
from curator.sources import parse_bytes, read_input

FIXTURES = Path(__file__).parent / "fixtures" / "sources"
UTC = timezone.utc


def real(realdata: Path, folder: str, contains: str) -> Path:
    matches = sorted(p for p in (realdata / folder).iterdir() if contains in p.name)
    assert len(matches) == 1, f"expected one {contains} in {folder}, found {matches}"
    return matches[0]


def body(realdata: Path, contains: str) -> Path:
    return real(realdata, "arxiv-api/extracted-bodies", contains)


# --- listing feeds (rss.arxiv.org) -------------------------------------------------------------------


def test_rss_sample_without_xml_declaration_parses_all_items(realdata: Path) -> None:
    result = read_input(real(realdata, "arxiv-rss", "arxiv_cs_ai.xml"))
    assert result.format == "arxiv-rss"
    assert [p.id for p in result.papers] == ["2604.21935", "2604.21936", "2604.21937"]
    assert all(p.version == 1 and p.announce_type == "new" for p in result.papers)
    assert result.announce_date == datetime(2026, 4, 27, 4, 0, tzinfo=UTC)
    assert not result.truncated and not result.warnings


def test_rss_versionless_link_and_versioned_guid_give_id_and_version(realdata: Path) -> None:
    paper = read_input(real(realdata, "arxiv-rss", "arxiv_cs_cl.xml")).papers[0]
    assert "v" not in paper.id and paper.version == 1
    assert paper.url == f"https://arxiv.org/abs/{paper.id}"


def test_rss_description_prefix_is_stripped_from_abstract(realdata: Path) -> None:
    paper = read_input(real(realdata, "arxiv-rss", "arxiv_cs_ai.xml")).papers[0]
    assert paper.abstract.startswith("Although language models demonstrate")
    assert "Announce Type" not in paper.abstract and "arXiv:" not in paper.abstract


def test_rss_first_category_is_primary(realdata: Path) -> None:
    papers = read_input(real(realdata, "arxiv-rss", "arxiv_cs_ai.xml")).papers
    assert papers[1].categories == ["cs.AI", "cs.CV", "cs.MA"]
    assert papers[1].primary_category == "cs.AI"


def test_rss_dc_creator_single_string_is_split_into_authors(realdata: Path) -> None:
    paper = read_input(real(realdata, "arxiv-rss", "arxiv_cs_ai.xml")).papers[0]
    assert paper.authors == ["Michael Cooper", "Samuel Cooper"]


def test_rss_announcement_pubdate_in_eastern_time_becomes_aware_utc(realdata: Path) -> None:
    paper = read_input(real(realdata, "arxiv-rss", "arxiv_cs_lg.xml")).papers[0]
    assert paper.published == datetime(2026, 4, 27, 4, 0, tzinfo=UTC)
    assert paper.published.tzinfo is not None


def test_truncated_atom_feed_keeps_the_86_complete_entries_and_warns(realdata: Path) -> None:
    path = real(realdata, "arxiv-rss", "truncated.xml")
    result = read_input(path)
    assert result.format == "arxiv-atom"
    assert result.truncated is True
    assert len(result.papers) == 86
    assert all(p.abstract and p.authors for p in result.papers), "no half entry may slip through"
    assert len(result.warnings) == 1 and str(path) in result.warnings[0] and "ends early" in result.warnings[0]


def test_atom_listing_oai_id_announce_types_and_cross_primary(realdata: Path) -> None:
    papers = read_input(real(realdata, "arxiv-rss", "truncated.xml")).papers
    types = [p.announce_type for p in papers]
    assert types.count("new") == 41 and types.count("cross") == 45
    assert all(p.primary_category == "cs.AI" for p in papers if p.announce_type == "new")
    assert all(p.primary_category != "cs.AI" for p in papers if p.announce_type == "cross")
    assert papers[0].id == "2508.13167" and papers[0].version == 1


def test_atom_listing_reads_upper_case_doi_and_journal_reference(realdata: Path) -> None:
    papers = read_input(real(realdata, "arxiv-rss", "truncated.xml")).papers
    assert "10.7249/PEA3971-1" in {p.doi for p in papers}
    assert any(p.journal_ref and "IROS" in p.journal_ref for p in papers)


def test_atom_listing_latex_in_abstract_is_kept(realdata: Path) -> None:
    papers = read_input(real(realdata, "arxiv-rss", "truncated.xml")).papers
    assert any("$1.13\\times$" in p.abstract for p in papers)


def test_rss_fixture_doi_journal_reference_and_flattened_prefix() -> None:
    papers = read_input(FIXTURES / "listing-quirks.rss.xml").papers
    cross = papers[1]
    assert cross.doi == "10.1000/Example.DOI-42"
    assert cross.journal_ref == "Journal of Made-up Results 7 (2026) 1-9"
    assert cross.abstract == "A made-up abstract about report drafting."
    assert cross.announce_type == "cross" and cross.primary_category == "eess.IV"


def test_rss_fixture_entities_decoded_once_and_latex_kept() -> None:
    paper = read_input(FIXTURES / "listing-quirks.rss.xml").papers[0]
    assert paper.title == "Triage-$\\mathcal{T}$: Clinical Agents & \\textbf{Safe} Hand-offs at $p<0.05$"
    assert paper.abstract == "We study <agents> that hand off patients, with $\\alpha$-calibrated triage & escalation."


def test_rss_fixture_authors_split_at_depth_zero_with_tex_accents_and_blanks() -> None:
    paper = read_input(FIXTURES / "listing-quirks.rss.xml").papers[0]
    assert paper.authors == ["Ana Souza", "Jos\\'e Andr\\'e Pe\\~na", "Deepa", 'Mikko A. Heikkil\\"a']


def test_rss_fixture_replace_items_with_old_style_id_keep_version() -> None:
    papers = read_input(FIXTURES / "listing-quirks.rss.xml").papers
    assert (papers[2].id, papers[2].version, papers[2].announce_type) == ("hep-th/0601001", 3, "replace")
    assert (papers[3].id, papers[3].version, papers[3].announce_type) == ("2207.06418", 2, "replace-cross")


def test_empty_weekend_channel_is_a_valid_empty_result() -> None:
    result = read_input(FIXTURES / "weekend-empty.rss.xml")
    assert result.format == "arxiv-rss" and result.papers == [] and not result.truncated
    assert result.announce_date == datetime(2026, 5, 2, 4, 0, tzinfo=UTC)


def test_rss_error_feed_raises_with_the_query() -> None:
    with pytest.raises(InputError, match=r"error feed: Feed error for query: cs\.NOPE"):
        read_input(FIXTURES / "feed-error.rss.xml")


# --- arXiv API ---------------------------------------------------------------------------------------


def test_api_unicode_latex_title_parsed_from_bytes(realdata: Path) -> None:
    result = parse_bytes(body(realdata, "q_testing_s0_m100").read_bytes(), origin="q_testing")
    titles = [p.title for p in result.papers]
    assert any(t.startswith("$ω$Test: WebView-Oriented") for t in titles)
    assert len(result.papers) == 100 and result.total_results == 214881


def test_api_doi_and_journal_ref_lower_case_names(realdata: Path) -> None:
    papers = read_input(body(realdata, "q_testing_s0_m100")).papers
    assert sum(1 for p in papers if p.doi) == 32
    assert sum(1 for p in papers if p.journal_ref) == 18
    assert max(p.version or 0 for p in papers) == 9


def test_api_primary_category_first_and_comment(realdata: Path) -> None:
    paper = read_input(body(realdata, "id_1605.08386")).papers[0]
    assert paper.categories[:2] == ["math.CO", "math.ST"]
    assert paper.comment


def test_api_old_style_ids_keep_archive(realdata: Path) -> None:
    assert read_input(body(realdata, "astro-ph_0601001")).papers[0].id == "astro-ph/0601001"
    paper = read_input(body(realdata, "hep-ex_0406020v1")).papers[0]
    assert (paper.id, paper.version) == ("hep-ex/0406020", 1)
    assert read_input(body(realdata, "quant-ph_0201082v1")).papers[0].id == "quant-ph/0201082"


def test_api_entities_leading_spaces_and_affiliations(realdata: Path) -> None:
    paper = read_input(body(realdata, "astro-ph_0601001")).papers[0]
    assert paper.abstract.startswith("We derive")
    assert "Gould & Morgan" in paper.abstract and "V_max<17.5" in paper.abstract
    assert "(1/310)(1^{+1.39}_{-0.59})" in paper.abstract
    assert paper.authors[0] == "Andrew Gould" and paper.journal_ref == "ActaAstron.56:1-50,2006"
    assert paper.categories == ["astro-ph"]


def test_api_title_zero_is_kept(realdata: Path) -> None:
    paper = read_input(body(realdata, "2104.12255v1")).papers[0]
    assert paper.title == "0" and paper.id == "2104.12255"


def test_api_error_feed_raises_with_arxiv_message(realdata: Path) -> None:
    with pytest.raises(InputError, match="answered with an error: incorrect id format for abc"):
        read_input(body(realdata, "id_abc"))


def test_api_empty_result_is_valid(realdata: Path) -> None:
    result = read_input(body(realdata, "id_0000.0000"))
    assert result.papers == [] and result.total_results == 0


def test_api_silently_dropped_id_returns_only_the_valid_one(realdata: Path) -> None:
    result = read_input(body(realdata, "0808.05394_1707.08567"))
    assert [p.id for p in result.papers] == ["1707.08567"]


def test_legacy_2016_api_inline_namespaces_hard_wraps_and_doi(realdata: Path) -> None:
    result = read_input(real(realdata, "arxiv-api", "id_list=1111.2011v2.xml"))
    paper = result.papers[0]
    assert result.format == "arxiv-api" and result.total_results == 1
    assert paper.title == "Quantum Criticality for Extended Nodes on a Bethe Lattice in the Large Connectivity Limit"
    assert "\n" not in paper.abstract and paper.abstract.startswith("Theoretical description")
    assert (paper.id, paper.version) == ("1111.2011", 2)
    assert paper.doi == "10.1103/PhysRevB.85.115117" and paper.journal_ref == "Phys. Rev. B 85, 115117 (2012)"
    assert paper.categories == ["cond-mat.str-el", "cond-mat.stat-mech"]
    assert paper.published < paper.updated


def test_legacy_api_old_style_id_with_doi(realdata: Path) -> None:
    paper = read_input(real(realdata, "arxiv-api", "ti_checkerboard.xml")).papers[0]
    assert paper.id == "cond-mat/0603029" and paper.doi and paper.journal_ref
