"""Human output of `curator eval`: terminal tables and a markdown report to paste into a PR.

Contract: each `*_blocks` function turns a result into a list of `Block`s (a title plus a table or
lines); `as_text` and `as_markdown` lay the same blocks out for a terminal or for markdown, so both
outputs always say the same thing. Numbers are shown with 3 decimals, "-" when undefined. Nothing
here computes a metric.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from .compare import Comparison, Flip
from .report import EvalReport, Prediction

Cell = str | float | int | None


@dataclass
class Block:
    title: str
    headers: list[str] = field(default_factory=list)
    rows: list[list[Cell]] = field(default_factory=list)
    lines: list[str] = field(default_factory=list)
    footer: list[str] = field(default_factory=list)


def fmt(value: Cell, digits: int = 3) -> str:
    if value is None:
        return "-"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return f"{value:+.{digits}f}" if digits < 0 else f"{value:.{digits}f}"
    return str(value)


def delta(value: int | float | None) -> str:
    if value is None:
        return "-"
    return f"{value:+d}" if isinstance(value, int) else f"{value:+.3f}"


def _gold_label(p: Prediction | Flip) -> str:
    label = (p.gold_section or "relevant") if p.gold_relevant else "not relevant"
    return f"{label} (unsure)" if p.unsure else label


def headline_blocks(report: EvalReport) -> list[Block]:
    g, rel, rank, cost = report.gold, report.relevance, report.ranking, report.cost
    lines = [f"{g.evaluated} papers ({g.positives} relevant, {g.negatives} not; {g.unsure} unsure labels, "
             f"{g.title_only} title-only), classifier setting: {report.setting}"]
    if g.skipped:
        lines.append(f"skipped {g.skipped}: " + "; ".join(g.skipped_examples))
    if g.unlabelled:
        lines.append(f"{g.unlabelled} recorded papers carry no label and were not evaluated")
    if g.excluded_unsure:
        lines.append("unsure labels excluded (--exclude-unsure)")
    if cost.degraded:
        lines.append(f"WARNING: the LLM run degraded to keywords: {cost.degraded}")
    elif report.classifier == "llm" and cost.fallbacks:
        lines.append(f"{cost.fallbacks} papers fell back to keywords: {cost.fallback_reasons}")
    recall_at = "  ".join(f"R@{k} {fmt(v)}" for k, v in rank.recall_at.items())
    rows: list[list[Cell]] = [
        ["relevance", f"P {fmt(rel.precision)}  R {fmt(rel.recall)}  F1 {fmt(rel.f1)}  "
                      f"(TP {rel.tp} FP {rel.fp} FN {rel.fn} TN {rel.tn})"],
        ["ranking", f"WSS@95 {fmt(rank.wss)} (read {fmt(rank.screened)} of {g.evaluated})  {recall_at}"],
        ["sections", f"accuracy {fmt(report.sections.accuracy)} (of {report.sections.accuracy_support} found)  "
                     f"macro-F1 {fmt(report.sections.macro_f1)}"],
        ["cost", _cost_line(report)],
    ]
    return [Block(f"{g.name}: {g.description}".rstrip(": "), ["", ""], rows, lines)]


def _cost_line(report: EvalReport) -> str:
    c = report.cost
    if c.requests is None:
        return f"{c.papers} papers in {c.seconds:.2f}s, no LLM requests"
    usd = f"${c.cost_usd:.4f}" if c.cost_usd is not None else "cost n/a"
    return (f"{c.requests} requests ({c.cache_hits or 0} cached), {fmt(c.tokens_per_paper, 1)} tokens/paper, {usd}, "
            f"{c.repaired or 0} repaired, {c.fallbacks} fell back, {c.seconds:.2f}s")


def section_blocks(report: EvalReport) -> list[Block]:
    s = report.sections
    per: list[list[Cell]] = [[name, fmt(v["precision"]), fmt(v["recall"]), fmt(v["f1"]), v["support"]]
                             for name, v in s.per_section.items()]
    confusion: list[list[Cell]] = [[gold, *[s.confusion[gold][p] for p in s.labels]] for gold in s.labels]
    return [
        Block("per section", ["section", "precision", "recall", "F1", "gold"], per),
        Block("confusion matrix (rows: gold, columns: predicted)", ["gold \\ predicted", *s.labels], confusion),
    ]


_ORDER = {"missed": 0, "false positive": 1, "wrong section": 2}


def key_reason(p: Prediction) -> str:
    """The reason that explains this error: the section rule for a wrong section, the abstention for a miss."""
    wanted = {"wrong section": ("section",), "missed": ("abstain", "excluded")}.get(p.verdict, ())
    picked = [r for r in p.explanation if r.lower().startswith(wanted)] if wanted else []
    return "; ".join(picked or p.explanation)


def wrong_blocks(report: EvalReport, limit: int) -> list[Block]:
    """Misses first, then false positives, then wrong sections; the most confident mistakes first."""
    wrong = sorted(report.wrong, key=lambda p: (_ORDER[p.verdict], -p.confidence, p.key))
    rows: list[list[Cell]] = [
        [p.verdict, _short(p.title), _gold_label(p), (p.section or "relevant") if p.relevant else "not relevant",
         fmt(p.confidence, 2), _short(key_reason(p), 90)]
        for p in wrong[:limit]
    ]
    more = [f"... and {len(wrong) - limit} more (--errors N, or --json for all)"] if len(wrong) > limit else []
    headers = ["error", "title", "gold", "predicted", "conf", "reason"]
    return [Block(f"papers it got wrong ({len(wrong)})", headers, rows, footer=more)]


def report_blocks(report: EvalReport, errors: int = 20) -> list[Block]:
    if report.unavailable:
        return [Block(f"{report.gold.name}: skipped", lines=[report.unavailable])]
    return [*headline_blocks(report), *section_blocks(report), *wrong_blocks(report, errors)]


def comparison_blocks(c: Comparison, limit: int = 30) -> list[Block]:
    rows: list[list[Cell]] = [[r.metric, fmt(r.a), fmt(r.b), delta(r.delta)] for r in c.rows]
    blocks = [Block(f"{c.gold}: A = {c.a}  vs  B = {c.b}", ["metric", "A", "B", "B - A"], rows)]
    for title, flips in (("now relevant (A: no, B: yes)", c.now_relevant),
                         ("now not relevant (A: yes, B: no)", c.now_not_relevant),
                         ("section changed", c.section_changed)):
        fixed = sum(1 for f in flips if f.effect == "fixed")
        broke = sum(1 for f in flips if f.effect == "broke")
        flip_rows: list[list[Cell]] = [[f.effect, _short(f.title), _gold_label(f), f.a, f.b, _short(f.reason_b, 70)]
                                       for f in flips[:limit]]
        more = [f"... and {len(flips) - limit} more"] if len(flips) > limit else []
        blocks.append(Block(f"{title}: {len(flips)} ({fixed} fixed, {broke} broke)",
                            ["effect", "title", "gold", "A", "B", "B's reason"], flip_rows, footer=more))
    return blocks


def summary_blocks(reports: Sequence[EvalReport]) -> list[Block]:
    """One row per (gold set, setting): the README figures."""
    rows: list[list[Cell]] = []
    for r in reports:
        if r.unavailable:
            rows.append([r.gold.name, r.setting, *["-"] * 8, f"skipped: {_short(r.unavailable.split(';')[0], 110)}"])
            continue
        if r.cost.degraded:
            rows.append([r.gold.name, r.setting, r.gold.evaluated, "-", "-", "-", "-", "-", "-", "-",
                         f"LLM run degraded to keywords: {_short(r.cost.degraded, 60)}"])
            continue
        notes = [f"{r.cost.fallbacks} fell back to keywords"] if r.cost.fallbacks else []
        precision, f1 = fmt(r.relevance.precision), fmt(r.relevance.f1)
        if not r.gold.negatives:
            precision, f1 = "-", "-"
            notes.append("no negatives: precision not measured")
        rows.append([r.gold.name, r.setting, f"{r.gold.evaluated} ({r.gold.positives}+)", precision,
                     fmt(r.relevance.recall), f1, fmt(r.ranking.wss), fmt(r.sections.accuracy),
                     fmt(r.sections.macro_f1), _cost_cell(r), "; ".join(notes)])
    return [Block("summary", ["gold set", "classifier", "papers", "precision", "recall", "F1", "WSS@95",
                              "section acc.", "section macro-F1", "LLM cost", "note"], rows)]


def _cost_cell(report: EvalReport) -> str:
    c = report.cost
    if c.requests is None:
        return "-"
    usd = f", ${c.cost_usd:.4f}" if c.cost_usd is not None else ""
    return f"{c.requests} requests, {fmt(c.tokens_per_paper, 0)} tokens/paper{usd}"


def _short(text: str | None, width: int = 60) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= width else text[: width - 1] + "…"


def as_text(blocks: Sequence[Block]) -> str:
    out: list[str] = []
    for block in blocks:
        out += [block.title, "-" * min(len(block.title), 100)]
        if block.rows:
            cells = [[fmt(c) for c in row] for row in block.rows]
            show_headers = any(block.headers)
            widths = [max(len(x) for x in col) for col in zip(*([block.headers] if show_headers else []), *cells)]
            if show_headers:
                out.append("  ".join(h.ljust(w) for h, w in zip(block.headers, widths)).rstrip())
            out += ["  ".join(c.ljust(w) for c, w in zip(row, widths)).rstrip() for row in cells]
        out += block.lines + block.footer + [""]
    return "\n".join(out)


def _md_cell(value: Cell) -> str:
    return fmt(value).replace("|", "\\|")


def as_markdown(blocks: Sequence[Block], heading: str = "###") -> str:
    out: list[str] = []
    for block in blocks:
        out += [f"{heading} {block.title}", ""]
        out += [f"- {line}" for line in block.lines]
        if block.rows and not any(block.headers):
            out += [f"- **{fmt(row[0])}**: {' '.join(fmt(c) for c in row[1:])}" for row in block.rows]
        out += [""] if out[-1] else []
        if block.rows and any(block.headers):
            out.append("| " + " | ".join(_md_cell(h) for h in block.headers) + " |")
            out.append("|" + "|".join("---" for _ in block.headers) + "|")
            out += ["| " + " | ".join(_md_cell(c) for c in row) + " |" for row in block.rows]
            out.append("")
        out += [*block.footer, ""] if block.footer else []
    return "\n".join(out)
