"""Render the versioned classification prompt (prompts/classify.vN.md) for one batch of papers.

Contract:
- `PromptTemplate.load(path)` reads the file; its `name` (file stem) and `hash` (of the whole file)
  go into every request, so a prompt edit never reuses an old cached or recorded answer.
- `PromptBuilder(config, template, examples).messages(batch, mode=..., repair=...)` returns the chat
  messages: a system message that is the same for every batch (sections with their descriptions and
  a few real titles from the list per section, relevance rules, summary language and length, output
  format), so servers can cache it as a prefix, and a user message with the papers.
- Paper text is untrusted (arXiv has papers with hidden instructions for LLMs). It is sent as one JSON
  object per line between markers carrying a tag derived from the batch's content, which the text
  cannot predict and so cannot forge; marker-like sequences inside the text are defused as well, and
  the model is told, before and after the data, that nothing inside is an instruction.
- `repair` maps paper ids to what was wrong with their previous answer; it is added to the request so
  the model can correct itself once.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from ..config import Config
from ..errors import ConfigError
from ..hashing import text_hash
from ..models import Paper

_PLACEHOLDER = re.compile(r"\{\{(\w+)\}\}")
_MARKER_LIKE = re.compile(r"<{3,}|>{3,}")
LANGUAGES = {
    "en": "English",
    "zh": "Simplified Chinese (简体中文)",
    "zh-tw": "Traditional Chinese (繁體中文)",
    "ja": "Japanese",
    "ko": "Korean",
    "de": "German",
    "fr": "French",
    "es": "Spanish",
}


@dataclass(frozen=True)
class PromptTemplate:
    """A prompt file split into its system and user parts."""

    name: str
    hash: str
    system: str
    user: str

    @classmethod
    def load(cls, path: Path) -> "PromptTemplate":
        try:
            text = path.read_text(encoding="utf-8")
        except OSError as exc:
            raise ConfigError(f"{path}: cannot read the prompt file ({exc.strerror})",
                              hint="check llm.prompt in the config") from exc
        return cls.parse(text, name=path.stem.split(".md")[0], source=str(path))

    @classmethod
    def parse(cls, text: str, *, name: str, source: str = "prompt") -> "PromptTemplate":
        _, sep, rest = text.partition("<!-- system -->")
        system, sep2, user = rest.partition("<!-- user -->")
        if not sep or not sep2:
            raise ConfigError(f"{source}: the prompt needs a '<!-- system -->' and a '<!-- user -->' marker",
                              hint="see prompts/classify.v1.md")
        return cls(name=name, hash=text_hash(text), system=system.strip(), user=user.strip())


def load_template(config: Config) -> PromptTemplate:
    """The prompt file named by `llm.prompt`: beside the config, else in curator's own prompts/."""
    configured = config.path(config.llm.prompt)
    bundled = Path(__file__).resolve().parents[3] / config.llm.prompt
    path = configured if configured.exists() or not bundled.exists() else bundled
    return PromptTemplate.load(path)


def language_name(code: str) -> str:
    """A language name the model understands for a config code like 'zh'."""
    return LANGUAGES.get(code.lower(), code)


def pick_examples(entries: Sequence[tuple[str, str]], section_ids: Sequence[str], per_section: int) -> dict[str, list[str]]:
    """Up to `per_section` titles per section from (section, title) pairs, spread evenly and deterministic."""
    picked: dict[str, list[str]] = {}
    for section_id in section_ids:
        titles = [title for section, title in entries if section == section_id]
        if per_section <= 0 or not titles:
            continue
        step = max(1, len(titles) // per_section)
        picked[section_id] = titles[::step][:per_section]
    return picked


def _fill(template: str, values: Mapping[str, str], source: str) -> str:
    def replace(match: re.Match[str]) -> str:
        key = match.group(1)
        if key not in values:
            raise ConfigError(f"{source}: unknown placeholder {{{{{key}}}}}", hint="see prompts/classify.v1.md")
        return values[key]

    return _PLACEHOLDER.sub(replace, template)


def defuse(text: str) -> str:
    """Break marker-like runs (<<< or >>>) inside untrusted text."""
    return _MARKER_LIKE.sub(lambda m: " ".join(m.group(0)), text)


def paper_record(paper_id: str, paper: Paper, max_abstract_chars: int) -> str:
    """One paper as a JSON line, the only form in which paper text enters a prompt."""
    abstract = paper.abstract
    if len(abstract) > max_abstract_chars:
        abstract = abstract[:max_abstract_chars].rsplit(" ", 1)[0] + " …"
    record = {"id": paper_id, "title": defuse(paper.title), "abstract": defuse(abstract)}
    return json.dumps(record, ensure_ascii=False)


class PromptBuilder:
    """Renders the messages for a batch from the config, the template and the list's own examples."""

    def __init__(self, config: Config, template: PromptTemplate, examples: Mapping[str, Sequence[str]]) -> None:
        self.config = config
        self.template = template
        self.examples = {key: list(value) for key, value in examples.items()}
        self._source = f"prompts/{template.name}.md"

    def _sections(self) -> str:
        lines = []
        for section in self.config.sections:
            if not section.propose:
                continue
            description = " ".join(section.description.split()) or section.heading
            lines.append(f'- "{section.id}" ({section.heading}): {description}')
            titles = self.examples.get(section.id, [])
            if titles:
                quoted = "; ".join(json.dumps(t, ensure_ascii=False) for t in titles)
                lines.append(f"  Papers already in this section: {quoted}")
        return "\n".join(lines)

    def output_format(self, mode: str, schema: Mapping[str, object]) -> str:
        """The answer-shape instructions; the plain mode also carries the JSON schema itself."""
        shape = (
            'Answer with one JSON object: {"results": [{"id": "<paper id>", "category": "<section id or none>", '
            '"confidence": <number from 0 to 1>, "summary": "<your one-sentence summary>", '
            '"reason": "<a few words>"}]}, with one result per paper, in the order given.'
        )
        if mode != "plain":
            return shape
        return f"{shape}\nThe answer must validate against this JSON schema:\n{json.dumps(schema, ensure_ascii=False)}"

    def _system_values(self, mode: str, schema: Mapping[str, object]) -> dict[str, str]:
        relevance = self.config.relevance
        exclude = ""
        if relevance.exclude:
            exclude = f"\n- Papers mainly about {', '.join(relevance.exclude)} are \"none\"."
        return {
            "list_title": self.config.list.title or Path(self.config.list.path).stem,
            "sections": self._sections(),
            "domain_terms": ", ".join(relevance.domain[:12]),
            "topic_terms": ", ".join(relevance.topic[:12]),
            "exclude_rule": exclude,
            "language": language_name(self.config.summary.language),
            "max_words": str(self.config.summary.max_words),
            "output_format": self.output_format(mode, schema),
        }

    def messages(
        self,
        batch: Sequence[tuple[str, Paper]],
        *,
        mode: str,
        schema: Mapping[str, object],
        repair: Mapping[str, str] | None = None,
    ) -> list[dict[str, str]]:
        """The system and user messages for `batch` (pairs of prompt id and paper)."""
        max_chars = self.config.llm.max_abstract_chars
        papers = "\n".join(paper_record(paper_id, paper, max_chars) for paper_id, paper in batch)
        ids = [paper_id for paper_id, _ in batch]
        repair_text = ""
        if repair:
            problems = "\n".join(f"- {key}: {value}" for key, value in repair.items())
            repair_text = (
                "\n\nYour previous answer for these papers could not be used:\n"
                f"{problems}\nAnswer again, following the format exactly."
            )
        values = {
            **self._system_values(mode, schema),
            "fence": text_hash(papers)[:10],
            "papers": papers,
            "ids": ", ".join(ids),
            "repair": repair_text,
        }
        return [
            {"role": "system", "content": _fill(self.template.system, values, self._source)},
            {"role": "user", "content": _fill(self.template.user, values, self._source)},
        ]
