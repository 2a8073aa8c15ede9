"""The deterministic keyword classifier: the fallback whenever the LLM is unavailable.

Contract: `KeywordClassifier(config).classify(papers)` returns one `Triage` per paper, in input order,
with `classifier="keywords"`. A paper is relevant only when the text names the list's field (a
`relevance.domain` term) AND its method (a `relevance.topic` term), no `relevance.exclude` term occurs,
and the evidence is strong enough (`relevance.min_confidence`); otherwise it abstains with
`relevant=False` and says which half was missing. The section is the configured section whose keywords
score highest (title hits weigh `relevance.title_weight`); every rule that fired is listed in `reasons`.
Terms match at word starts and are prefix terms ("diagnos" matches "diagnosis", "diagnostic"), unless
they end in `$` ("diagnostic$" matches "diagnostic" but not "diagnostics"); spaces and hyphens inside a
term match each other, so "multi-agent" also finds "multi agent" and "multiagent".
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass

from ..config import Config, SectionConfig
from ..ids import fold_dashes
from ..models import Paper, Triage
from ..summary import extractive_summary


def compile_term(term: str) -> re.Pattern[str]:
    """A case-insensitive word-start prefix pattern for a configured term."""
    whole_word = term.strip().endswith("$")
    tokens = [re.escape(t) for t in re.split(r"[\s\-]+", term.strip().rstrip("$")) if t]
    end = r"(?![a-z0-9])" if whole_word else ""
    return re.compile(r"(?<![a-z0-9])" + r"[\s\-]?".join(tokens) + end, re.I)


@dataclass(frozen=True)
class TermSet:
    """A named set of compiled terms that reports which terms occur in a text."""

    terms: tuple[tuple[str, str, re.Pattern[str]], ...]

    @classmethod
    def of(cls, terms: Sequence[str]) -> "TermSet":
        compiled: dict[str, tuple[str, str, re.Pattern[str]]] = {}
        for term in terms:
            pattern = compile_term(term)
            needle = re.split(r"[\s\-]+", term.strip().lower().rstrip("$"))[0]
            if term.strip() and pattern.pattern not in compiled:
                compiled[pattern.pattern] = (term, needle, pattern)
        return cls(tuple(compiled.values()))

    def hits(self, text: str) -> list[str]:
        """Terms occurring in `text`; a plain substring test on the first word skips most regexes."""
        lowered = text.lower()
        return [term for term, needle, pattern in self.terms if needle in lowered and pattern.search(text)]


@dataclass(frozen=True)
class Evidence:
    """Distinct terms found in the title and in the abstract."""

    title: list[str]
    abstract: list[str]

    def score(self, title_weight: float) -> float:
        only_abstract = [t for t in self.abstract if t not in self.title]
        return title_weight * len(self.title) + len(only_abstract)

    def describe(self) -> str:
        parts = [f"{t} (title)" for t in self.title]
        parts += [t for t in self.abstract if t not in self.title]
        return ", ".join(parts)

    @property
    def found(self) -> bool:
        return bool(self.title or self.abstract)


class KeywordClassifier:
    """Rules from the config, explained in `reasons`; abstains rather than guesses."""

    name = "keywords"

    def __init__(self, config: Config) -> None:
        self.config = config
        relevance = config.relevance
        self.domain = TermSet.of(relevance.domain)
        self.topic = TermSet.of(relevance.topic)
        self.exclude = TermSet.of(relevance.exclude)
        self.sections = [(s, TermSet.of(s.keywords)) for s in config.sections if s.propose]
        self.title_weight = relevance.title_weight
        self.stats: dict[str, int] = {"papers": 0, "relevant": 0}

    def _evidence(self, terms: TermSet, paper: Paper) -> Evidence:
        abstract = terms.hits(fold_dashes(paper.abstract)) if paper.abstract else []
        return Evidence(terms.hits(fold_dashes(paper.title)), abstract)

    def classify(self, papers: Sequence[Paper]) -> list[Triage]:
        return [self.classify_one(paper) for paper in papers]

    def classify_one(self, paper: Paper) -> Triage:
        self.stats["papers"] += 1
        domain = self._evidence(self.domain, paper)
        topic = self._evidence(self.topic, paper)
        excluded = self._evidence(self.exclude, paper)
        reasons = [f"domain: {domain.describe() or 'none'}", f"topic: {topic.describe() or 'none'}"]
        strength = domain.score(self.title_weight) + topic.score(self.title_weight)
        confidence = round(1 - math.exp(-strength / 4), 3)
        minimum = self.config.relevance.min_evidence
        strong = domain.score(self.title_weight) >= minimum and topic.score(self.title_weight) >= minimum
        relevant = strong and not excluded.found
        if excluded.found:
            reasons.append(f"excluded by: {excluded.describe()}")
        elif not domain.found:
            reasons.append("abstain: no term of the list's field")
        elif not topic.found:
            reasons.append("abstain: no term of the list's methods")
        elif not strong:
            reasons.append(f"abstain: weak evidence (needs a title term or {minimum:g} distinct terms of each kind)")
        elif confidence < self.config.relevance.min_confidence:
            relevant = False
            reasons.append(f"abstain: weak evidence ({confidence} < {self.config.relevance.min_confidence})")
        category = None
        if relevant:
            section, why = self._section(paper)
            category = section.id
            reasons.append(f"section {section.id}: {why}")
            self.stats["relevant"] += 1
        return Triage(
            paper=paper,
            relevant=relevant,
            category=category,
            summary=extractive_summary(paper, self.config.summary.max_words),
            confidence=confidence if relevant else round(max(0.5, min(0.95, 1 - confidence)), 3),
            classifier=self.name,
            reasons=reasons,
        )

    def _section(self, paper: Paper) -> tuple[SectionConfig, str]:
        """The best-scoring section; the first configured one (the list's general section) on no hit."""
        best: tuple[float, int, SectionConfig, Evidence] | None = None
        for order, (section, terms) in enumerate(self.sections):
            evidence = self._evidence(terms, paper)
            score = evidence.score(self.title_weight * 2) * section.weight
            if score and (best is None or score > best[0]):
                best = (score, order, section, evidence)
        if best is None:
            default = self.sections[0][0]
            return default, "no section keyword; the list's first section by default"
        return best[2], f"{best[3].describe()} (score {best[0]:g})"
