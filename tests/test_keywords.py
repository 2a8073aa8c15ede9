"""The keyword classifier: deterministic, explains itself, abstains rather than guesses."""

import json
from pathlib import Path

import pytest

from curator.classify.keywords import KeywordClassifier, compile_term
from curator.config import load_config
from curator.models import Paper

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def classifier():
    return KeywordClassifier(load_config(ROOT / "curator.yaml"))


def test_a_medical_llm_paper_is_relevant_with_the_rules_that_fired(classifier):
    result = classifier.classify_one(
        Paper(title="Fine-tuning Large Language Models for Clinical Report Generation", abstract="We propose X.")
    )
    assert result.relevant and result.category == "medical-llm"
    assert result.classifier == "keywords"
    assert any(r.startswith("domain: clinic (title)") for r in result.reasons)
    assert any("large language model (title)" in r for r in result.reasons)
    assert result.summary == "We propose X."


def test_without_a_term_of_the_field_it_abstains_and_says_why(classifier):
    result = classifier.classify_one(Paper(title="Large Language Models for Code Review"))
    assert not result.relevant and result.category is None
    assert result.reasons[-1] == "abstain: no term of the list's field"


def test_without_a_method_term_it_abstains(classifier):
    result = classifier.classify_one(Paper(title="U-Net Segmentation of Liver Tumors in CT"))
    assert not result.relevant
    assert result.reasons[-1] == "abstain: no term of the list's methods"


def test_a_single_weak_abstract_mention_is_not_enough(classifier):
    paper = Paper(title="Fault Localisation in Power Grids", abstract="We use an LLM. Applications include health.")
    assert not classifier.classify_one(paper).relevant


def test_multi_agent_beats_single_agent_even_with_a_non_breaking_hyphen(classifier):
    result = classifier.classify_one(Paper(title="MAP: Multi\u2011Agent Enhancement of LLMs for In\u2011Patient Pathways"))
    assert result.category == "medical-multi-agent"


def test_a_survey_goes_to_the_survey_section(classifier):
    result = classifier.classify_one(Paper(title="A Survey of LLM-Based Agents in Medicine"))
    assert result.category == "survey-benchmark"


def test_terms_are_word_start_prefixes_with_flexible_hyphens():
    pattern = compile_term("multi-agent")
    assert pattern.search("a multiagent system") and pattern.search("Multi Agent") and pattern.search("multi-agents")
    assert not compile_term("llm").search("fullmoon")


def test_classification_is_deterministic(classifier):
    papers = [Paper(title="Clinical LLM agents for triage"), Paper(title="Medical chatbot safety benchmark")]
    assert classifier.classify(papers) == classifier.classify(papers)


def test_recall_on_the_seed_listings_of_medical_ai_papers_stays_high(classifier):
    """Seeds 003/004 are all medical-AI papers with abstracts (bundled as data/examples)."""
    lines = (ROOT / "data/examples/hf-medical-papers.jsonl").read_text(encoding="utf-8").splitlines()
    papers = [Paper.model_validate(json.loads(line)) for line in lines]
    recall = sum(r.relevant for r in classifier.classify(papers)) / len(papers)
    assert len(papers) == 109
    assert recall >= 0.95


def test_a_trailing_dollar_asks_for_the_whole_word():
    pattern = compile_term("diagnostic$")
    assert pattern.search("An LLM-Empowered Diagnostic Reasoning System")
    assert not pattern.search("Mechanistic Diagnostics of Spatial Bias")
