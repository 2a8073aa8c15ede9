"""De-duplication against the list: by arXiv id (any version/link), DOI, and normalised title."""

from curator.dedupe import SeenIndex
from curator.models import CatalogEntry, Paper


def _index():
    return SeenIndex().add_entries(
        [
            CatalogEntry(section="medical-llm", title="HuatuoGPT\u2011o1: Towards Medical Complex Reasoning with LLMs",
                         url="https://arxiv.org/pdf/2412.18925", arxiv_id="2412.18925", line=40),
            CatalogEntry(section="survey-benchmark", title="RareBench: Can LLMs Serve as Rare Diseases Specialists?",
                         url="https://dl.acm.org/doi/10.1145/3637528.3671576", doi="10.1145/3637528.3671576", line=9),
            CatalogEntry(section="medical-llm", title="Capabilities of Gemini Models in Medicine", line=12),
        ]
    )


def test_a_new_version_of_a_listed_arxiv_paper_is_a_duplicate():
    known = _index().match(Paper(id="2412.18925", version=3, title="Something renamed"))
    assert known is not None and known.section == "medical-llm" and "line 40" in known.reference


def test_a_doi_match_is_a_duplicate_whatever_the_case():
    assert _index().match(Paper(title="x", doi="10.1145/3637528.3671576".upper())) is not None


def test_a_title_with_other_dashes_and_case_is_a_duplicate():
    assert _index().match(Paper(id="2404.18416", title="capabilities of gemini models in medicine")) is not None
    assert _index().match(Paper(title="HuatuoGPT-o1: towards medical complex reasoning with LLMs")) is not None


def test_an_unrelated_paper_is_new():
    assert _index().match(Paper(id="2601.00001", title="A completely different paper title")) is None


def test_very_short_titles_do_not_match_by_title_alone():
    index = SeenIndex().add_entries([CatalogEntry(section="s", title="Intro")])
    assert index.match(Paper(title="Intro")) is None
