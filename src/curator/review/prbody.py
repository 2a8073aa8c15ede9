"""The weekly pull request's body, rendered from the week's candidates file.

Contract: `render_pr_body(week_file, config, candidates_file=..., problems=...)` is pure and
deterministic (same file, same text), so a re-run that adds nothing renders the same body. It has:
1. one summary line over the week's recorded runs: papers scanned per source, papers already known,
   proposed per section, and the LLM's requests, tokens, cost and fallbacks (or "keywords, no LLM");
2. the source problems of this run, when there were any (a partial week must say so), and the
   candidates `apply` could not place (their section has no heading in the list);
3. per section (the config's order), a checklist of its candidates, lowest confidence first so the
   reviewer's attention goes where it is needed: link, one-line summary, confidence, classifier, code
   and upvotes; accepted ones are ticked, rejected ones struck through, reconsidered ones say why;
4. how to review: the edits in the candidates file, then `curator apply`, then merge.
Text from papers is escaped (no markdown links, HTML or line breaks from titles and summaries), and the
body stays under GitHub's 65,536-character limit by listing fewer candidates and saying how many more.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from typing import Any

from ..config import Config
from ..models import Candidate, CandidatesFile

MAX_CHARS = 60_000
_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|])")


def escape(text: str) -> str:
    """One line of plain text that markdown shows as written."""
    return _MD_SPECIAL.sub(r"\\\1", " ".join(text.split()))


def _int(value: Any) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) else 0


def scanned_per_source(runs: Iterable[dict[str, Any]]) -> Counter[str]:
    total: Counter[str] = Counter()
    for run in runs:
        for source, count in (run.get("scanned") or {}).items():
            total[source] += _int(count)
    return total


def llm_part(runs: Sequence[dict[str, Any]]) -> str:
    """LLM requests, tokens, cost and fallbacks summed over the runs, or the keyword note."""
    llm_runs = [run["llm"] for run in runs if isinstance(run.get("llm"), dict)]
    if not llm_runs:
        return "classifier: keywords (no LLM configured)"
    requests = sum(_int(r.get("requests")) for r in llm_runs)
    tokens = sum(_int(r.get("prompt_tokens")) + _int(r.get("completion_tokens")) for r in llm_runs)
    fallbacks = sum(_int(r.get("fallbacks")) for r in llm_runs)
    costs = [r.get("cost_usd") for r in llm_runs]
    cost = f"${sum(costs):.4f}" if all(isinstance(c, (int, float)) for c in costs) else "cost n/a (no price)"
    models = ", ".join(sorted({str(r.get("model")) for r in llm_runs if r.get("model")})) or "LLM"
    return f"LLM {models}: {requests} requests, {tokens:,} tokens, {cost}, {fallbacks} fallbacks"


def summary_line(week_file: CandidatesFile, config: Config) -> str:
    runs = week_file.runs
    scanned = scanned_per_source(runs)
    per_source = ", ".join(f"{name} {count:,}" for name, count in sorted(scanned.items()))
    parts = [f"Scanned {sum(scanned.values()):,} papers" + (f" ({per_source})" if per_source else "")]
    known = sum(_int(run.get("known")) for run in runs)
    if known:
        parts.append(f"{known:,} already known")
    live = [c for c in week_file.candidates if c.status != "rejected"]
    counts = Counter(c.section for c in live)
    per_section = ", ".join(f"{s.heading} {counts[s.id]}" for s in config.sections if counts[s.id])
    parts.append(f"proposed {len(live)}" + (f" ({per_section})" if per_section else ""))
    parts.append(llm_part(runs))
    return " · ".join(parts)


def candidate_line(candidate: Candidate) -> str:
    title = escape(candidate.title)
    url = (candidate.url or "").replace(" ", "%20").replace("(", "%28").replace(")", "%29")
    link = f"[{title}]({url})" if url else title
    box = "x" if candidate.status == "accepted" else " "
    if candidate.status == "rejected":
        link = f"~~{link}~~ (rejected)"
    details = [f"confidence {candidate.confidence:.2f}", candidate.classifier]
    if candidate.code:
        details.append(f"code: {candidate.code}")
    if candidate.hf_upvotes:
        details.append(f"{candidate.hf_upvotes} HF upvotes")
    line = f"- [{box}] {link} — {escape(candidate.summary)} _({', '.join(escape(d) for d in details)})_"
    again = next((r for r in candidate.reasons if r.startswith("reconsidered:")), None)
    return line + (f"<br>↻ {escape(again)}" if again else "")


def section_blocks(week_file: CandidatesFile, config: Config, budget: int) -> list[str]:
    """Per section, its checklist (lowest confidence first) within a character budget."""
    blocks: list[str] = []
    used = 0
    for section in config.sections:
        members = sorted((c for c in week_file.candidates if c.section == section.id),
                         key=lambda c: (c.status == "rejected", c.confidence, c.title.casefold()))
        if not members:
            continue
        lines = [f"### {escape(section.heading)} ({len(members)})", ""]
        shown = 0
        for candidate in members:
            line = candidate_line(candidate)
            if used + len(line) > budget:
                break
            lines.append(line)
            used += len(line) + 1
            shown += 1
        if shown < len(members):
            lines.append(f"- … {len(members) - shown} more in the candidates file")
        blocks.append("\n".join(lines))
    return blocks


def how_to_review(week: str, candidates_file: str, config: Config) -> str:
    sections = ", ".join(f"`{s}`" for s in config.section_ids)
    return "\n".join([
        "### How to review",
        "",
        f"1. Read the proposals above, or **Files changed**: the list shows each entry where it would go, "
        f"and `{candidates_file}` holds the evidence per paper (sources, links, code, upvotes, classifier, "
        "confidence, reasons).",
        f"2. In `{candidates_file}`, per paper: `status: rejected` to drop it, `section:` one of {sections} "
        "to move it, `summary:` to reword it (`status: accepted` marks it as checked).",
        f"3. Run `curator apply --week {week}` and push: the list then agrees with the candidates file "
        "(pushing the candidates file alone also works: the review workflow runs `apply` on this branch).",
        "4. Merge. Papers still `pending` count as accepted; the decisions go to the decisions memory, and "
        "a rejected paper is not proposed again unless it gains a venue (journal ref or DOI).",
    ])


def render_pr_body(
    week_file: CandidatesFile,
    config: Config,
    *,
    candidates_file: str,
    problems: Sequence[str] = (),
    unplaced: Sequence[str] = (),
) -> str:
    """The pull request body (markdown) for the week."""
    head = [f"**curator weekly candidates {week_file.week}** for `{week_file.list}`", "", summary_line(week_file, config)]
    if problems:
        head += ["", "> [!WARNING]", "> Some sources could not be read this run; they will be retried next run:"]
        head += [f"> - {escape(problem)}" for problem in problems]
    if unplaced:
        head += ["", "> [!IMPORTANT]", "> Not in the list's diff (its section has no heading in the list):"]
        head += [f"> - {escape(line)}" for line in unplaced]
    tail = how_to_review(week_file.week, candidates_file, config)
    budget = MAX_CHARS - sum(len(line) + 1 for line in head) - len(tail)
    blocks = section_blocks(week_file, config, budget) or ["_No candidates this week._"]
    return "\n".join(head) + "\n\n" + "\n\n".join(blocks) + "\n\n" + tail + "\n"
