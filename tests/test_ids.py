"""arXiv ids, DOIs and title normalisation: the keys of de-duplication."""

import pytest

from curator.ids import doi_from_url, normalise_doi, normalise_title, parse_arxiv_id


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2408.01112", ("2408.01112", None)),
        ("https://arxiv.org/pdf/2408.01112v3", ("2408.01112", 3)),
        ("https://arxiv.org/pdf/2408.01112.pdf", ("2408.01112", None)),
        ("https://www.arxiv.org/abs/2505.18630", ("2505.18630", None)),
        ("https://arxiv.org/html/2404.04667v1", ("2404.04667", 1)),
        ("oai:arXiv.org:2604.21952v1", ("2604.21952", 1)),
        ("arXiv:2301.00001v12", ("2301.00001", 12)),
        ("http://arxiv.org/abs/hep-ex/0406020v1", ("hep-ex/0406020", 1)),
        ("astro-ph/0601001", ("astro-ph/0601001", None)),
        ("math.GT/0309136v2", ("math.GT/0309136", 2)),
    ],
)
def test_arxiv_ids_are_found_in_every_link_form_without_version(text, expected):
    assert parse_arxiv_id(text) == expected


@pytest.mark.parametrize("text", ["", None, "https://arxiv.org/abs/?", "()", "https://www.nature.com/articles/x", "12345"])
def test_non_ids_are_not_mistaken_for_arxiv_ids(text):
    assert parse_arxiv_id(text) is None


def test_dois_are_normalised_from_links_and_prefixes():
    assert doi_from_url("https://dl.acm.org/doi/10.1145/3637528.3671576") == "10.1145/3637528.3671576"
    assert normalise_doi("https://doi.org/10.1038/S41591-024-03185-2") == "10.1038/s41591-024-03185-2"
    assert normalise_doi("doi: 10.1/ABC.") == "10.1/abc"
    assert doi_from_url("https://www.nature.com/articles/s41746-024-01239-w") is None


def test_titles_match_across_unicode_dashes_case_and_punctuation():
    # List 000 writes U+2011 (non-breaking hyphen) where feeds write "-".
    assert normalise_title("Beyond Self\u2011Consistency: Ensemble Reasoning") == normalise_title(
        "beyond self-consistency ensemble  reasoning"
    )
    assert normalise_title("Almanac\u2014Retrieval") == normalise_title("Almanac - Retrieval")
    assert normalise_title("Für Elise") == normalise_title("Fur Elise")


def test_the_submission_month_is_read_from_new_and_old_style_ids():
    from curator.ids import arxiv_id_month

    assert arxiv_id_month("2606.28778") == (2026, 6)
    assert arxiv_id_month("hep-ex/0406020") == (2004, 6)
    assert arxiv_id_month("astro-ph/9912001") == (1999, 12)
    assert arxiv_id_month(None) is None


def test_a_paper_without_dates_is_dated_by_its_arxiv_id():
    from curator.models import Paper

    assert Paper(id="2606.28778", title="t").dated.year == 2026
    assert Paper(title="t").dated is None
