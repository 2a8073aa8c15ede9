"""One-line summaries are markdown-safe, short, and state the contribution."""

from curator.models import Paper
from curator.summary import extractive_summary, sanitise_summary


def test_sanitise_removes_links_html_newlines_and_markup():
    text = "See [our code](https://x.y) <b>now</b>\nand **bold** `code` | pipes http://evil.example"
    assert sanitise_summary(text, 30) == "See our code now and bold code pipes"


def test_sanitise_cuts_long_text_at_a_word_with_an_ellipsis():
    assert sanitise_summary("one two three, four five", 3) == "one two three…"


def test_extractive_summary_prefers_the_contribution_sentence():
    paper = Paper(
        title="T",
        abstract="LLMs are popular in medicine. However, they hallucinate. In this paper, we propose "
        "MedX, a retrieval agent for clinical notes. It works well.",
    )
    assert extractive_summary(paper, 30) == "We propose MedX, a retrieval agent for clinical notes."


def test_extractive_summary_falls_back_to_the_title_without_abstract():
    assert extractive_summary(Paper(title="A [Linked](x) Title"), 30) == "A Linked Title"


def test_extractive_summary_drops_a_to_address_lead_in():
    paper = Paper(title="T", abstract="Gaps exist. To address these challenges, we propose DBKE for dialogue.")
    assert extractive_summary(paper, 30) == "We propose DBKE for dialogue."


def test_removing_a_tag_leaves_no_space_before_punctuation():
    assert sanitise_summary("Better tools for care <b></b>.", 30) == "Better tools for care."


def test_chinese_summaries_are_cut_by_characters():
    text = "提出一种医学多智能体协作框架，在多个基准上取得最优性能。"
    assert sanitise_summary(text, 60) == text
    cut = sanitise_summary(text, 10)
    assert cut == "提出一种医学多智能体…"


def test_structured_abstract_labels_and_connectives_are_dropped():
    for abstract in ("Background: x. Approach: In this work, we present a tool for care.",
                     "Gaps. Moreover, we present a tool for care.",
                     "Gaps. Materials and Methods: We present a tool for care."):
        assert extractive_summary(Paper(title="T", abstract=abstract), 30) == "We present a tool for care."


def test_a_name_before_a_colon_is_kept():
    assert extractive_summary(Paper(title="T", abstract="MedX: we present a tool for care."), 30) == (
        "MedX: we present a tool for care.")
