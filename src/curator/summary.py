"""One-line summaries: extractive (no LLM) and sanitising (for any summary, LLM-written or edited).

Contract:
- `sanitise_summary(text, max_words)` returns one line that is safe to paste into a markdown list: no
  links, images, HTML, code fences, emphasis markers or line breaks; at most `max_words` words (cut at
  a word boundary with an ellipsis). It is applied to every summary before it reaches the list or a PR.
- `extractive_summary(paper, max_words)` picks the abstract sentence that states the contribution
  ("we propose/introduce/present ..."), else the first sentence, else the title, and sanitises it.
Deterministic, so the keyword fallback's output is stable across runs.
"""

from __future__ import annotations

import html
import re

from .models import Paper

_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_HTML_TAG = re.compile(r"<[^>]{0,200}>")
_URL = re.compile(r"https?://\S+")
_MARKUP = re.compile(r"[`*_#>|\[\]]+")
_SPACE_BEFORE_PUNCTUATION = re.compile(r"\s+([.,;:!?)])")
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff]")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z(\"'])")
_LEAD_IN = (
    r"^((background|objectives?|purpose|aims?|motivation|introduction|approach|methods?|materials and methods|"
    r"design|setting|results?|findings|conclusions?|\(\d\)):\s+)?((moreover|furthermore|additionally|specifically|finally|"
    r"therefore|thus|then),?\s+)?(in this (paper|work|study),?\s*|here,?\s*|"
    r"to (address|tackle|overcome|solve|fill|bridge|close|mitigate|remedy)\b[^,]{0,150},\s*)?"
)
_CONTRIBUTION = re.compile(
    r"\b(we|this (paper|work|study)|here we)\s+(propose|introduce|present|develop|design|build|"
    r"construct|release|curate|evaluate|investigate|study|benchmark|show|describe)\w*",
    re.I,
)


def sanitise_summary(text: str, max_words: int) -> str:
    """One markdown-safe line of at most `max_words` words."""
    text = html.unescape(text or "")
    text = _LINK.sub(r"\1", text)
    text = _HTML_TAG.sub(" ", text)
    text = _URL.sub("", text)
    text = _MARKUP.sub("", text)
    text = _SPACE_BEFORE_PUNCTUATION.sub(r"\1", " ".join(text.split()))
    if _CJK.search(text):
        return _cut_cjk(text, max_words)
    words = text.split()
    if len(words) > max_words:
        words = words[:max_words]
        words[-1] = words[-1].rstrip(",;:") + "…"
    return " ".join(words).strip()


def _cut_cjk(text: str, max_words: int) -> str:
    """Chinese/Japanese text has no spaces: count each CJK character as a word, other runs as one."""
    tokens = re.findall(r"[\u3000-\u9fff\uff00-\uffef]|[^\s\u3000-\u9fff\uff00-\uffef]+|\s+", text)
    kept, count = [], 0
    for token in tokens:
        if not token.isspace():
            count += 1
        if count > max_words:
            return "".join(kept).rstrip(" ,;:，；：") + "…"
        kept.append(token)
    return text.strip()


def split_sentences(text: str) -> list[str]:
    """Split an abstract into sentences, tolerant of LaTeX and abbreviations like 'e.g.'."""
    flat = " ".join(text.split())
    return [s.strip() for s in _SENTENCE_END.split(flat) if s.strip()]


def extractive_summary(paper: Paper, max_words: int) -> str:
    """The contribution sentence of the abstract, sanitised; the title when there is no abstract."""
    sentences = split_sentences(paper.abstract)
    chosen = next((s for s in sentences if _CONTRIBUTION.search(s)), None)
    if chosen is None:
        chosen = sentences[0] if sentences else paper.title
    chosen = re.sub(_LEAD_IN, "", chosen, flags=re.I)
    chosen = chosen[:1].upper() + chosen[1:]
    return sanitise_summary(chosen, max_words)
