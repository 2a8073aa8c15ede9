"""`apply`: make the list agree with a week's candidates file, atomically and byte-preserving.

Contract:
- `plan_apply(catalog, week_file, config)` decides, per candidate: `accepted` and `pending` ones must be
  in the list in their (possibly reviewer-edited) section with their (possibly edited) summary;
  `rejected` ones must not be. An entry is found by its key (the key of the entry made from the
  candidate, which is the candidate's own key), so only entries curator inserted are ever removed: a
  paper already in the list is never proposed in the first place. A candidate's entry is read back
  from its `entry` text (so the candidates file is the exact proposal), then given its `section` and,
  in styles that show one, its `summary`. An entry that no longer reads as one entry is an error with
  its line. An entry already in its section is left exactly as it is (so a maintainer's hand edit
  of it, say a corrected venue, survives) unless the candidate's summary differs from the one it shows.
  A candidate whose section is configured but has no heading in the list (list 001's copy
  lacks two) cannot be placed: it is reported in `unplaced` and left out, the rest is applied.
- `apply_week(config, week_file_path)` refuses to edit sections that lint finds broken (any code not in
  `NON_BLOCKING`, e.g. a malformed entry: the edit could land in the wrong place), saying which problem
  and where; problems an edit cannot make worse (a duplicate, a broken link, an entry out of order) are
  returned as warnings. The new text is
  parsed again and checked before it is written through `atomic_write_text`; nothing is written when
  the list already agrees, so `apply` is idempotent and a re-run rewrites no file. Bytes outside the
  touched entries are kept by `catalog.apply_entries`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..atomic import atomic_write_text
from ..candidates import load_candidates
from ..catalog import Catalog, load_catalog, parse_catalog
from ..config import Config
from ..errors import CandidatesError, CatalogError
from ..models import Candidate, CandidatesFile, CatalogEntry
from ..yamlio import line_of, load_yaml

# Lint codes that make an edit of a section unsafe; every other code is reported but does not block.
# (`catalog.apply_entries` places new entries correctly even next to misplaced ones, so order does not block.)
NON_BLOCKING = frozenset({"duplicate", "broken-link", "no-identifier", "out-of-order"})


@dataclass
class ApplyPlan:
    """What `apply` will change."""

    add: list[CatalogEntry] = field(default_factory=list)
    remove_keys: set[str] = field(default_factory=set)
    in_place: int = 0
    touched: set[str] = field(default_factory=set)
    inserted: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    unplaced: list[str] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not self.add and not self.remove_keys


@dataclass
class ApplyResult:
    path: Path
    plan: ApplyPlan
    written: bool
    warnings: list[str] = field(default_factory=list)

    def summary(self) -> str:
        plan = self.plan
        verb = "updated" if self.written else "unchanged:"
        return (f"{verb} {self.path}: {len(plan.inserted)} inserted, {len(plan.removed)} removed, "
                f"{plan.in_place} already in place")


def candidate_entry(candidate: Candidate, config: Config, where: str) -> CatalogEntry:
    """The list entry a candidate stands for, read back from its rendered `entry` text."""
    heading = config.section(candidate.section).heading
    parsed = parse_catalog(f"## {heading}\n\n{candidate.entry.strip()}\n", config, source=where)
    if len(parsed.entries) != 1 or parsed.problems:
        raise CandidatesError(
            f"{where}: the entry of \"{candidate.title}\" does not read as one list entry",
            hint="restore its `entry` text (edit `status`, `section` or `summary` instead)",
        )
    entry = parsed.entries[0].model_copy(update={"section": candidate.section, "line": None})
    if entry.summary is not None and candidate.summary.strip():
        entry.summary = " ".join(candidate.summary.split())
    return entry


def candidate_lines(path: Path) -> list[int | None]:
    """The line of each candidate's `entry` in the file, for error messages."""
    data, node = load_yaml(path.read_text(encoding="utf-8"), str(path), CandidatesError)
    count = len(data.get("candidates") or []) if isinstance(data, dict) else 0
    return [line_of(node, ("candidates", index, "entry")) for index in range(count)]


def plan_apply(
    catalog: Catalog, week_file: CandidatesFile, config: Config, *, wheres: list[str] | None = None
) -> ApplyPlan:
    """The edits that make `catalog` agree with `week_file`; `wheres` name each candidate in errors."""
    plan = ApplyPlan()
    located: dict[str, list[CatalogEntry]] = {}
    for entry in catalog.entries:
        located.setdefault(entry.key, []).append(entry)
    for index, candidate in enumerate(week_file.candidates):
        where = wheres[index] if wheres else f"candidate {index + 1}"
        wanted = candidate_entry(candidate, config, where)
        present = located.get(wanted.key, [])
        if candidate.status == "rejected":
            if present:
                plan.remove_keys.add(wanted.key)
                plan.removed.append(candidate.title)
                plan.touched.update(e.section for e in present)
            continue
        if catalog.section(wanted.section) is None:
            heading = config.section(wanted.section).heading
            plan.unplaced.append(f"{where}: \"{candidate.title}\" stays out of the list: section "
                                 f"'{wanted.section}' has no heading \"{heading}\" in it (add the heading, "
                                 "or move the candidate to another section)")
            continue
        same = [e for e in present if e.section == wanted.section and e.summary == wanted.summary]
        if same and len(present) == 1:
            plan.in_place += 1
            continue
        if present:
            plan.remove_keys.add(wanted.key)
            plan.touched.update(e.section for e in present)
        plan.add.append(wanted)
        plan.inserted.append(candidate.title)
        plan.touched.add(wanted.section)
    return plan


def section_of_line(catalog: Catalog, line: int) -> str | None:
    """The section whose body holds this 1-based line, or None (preamble, whole file)."""
    for section in catalog.sections:
        if section.line <= line <= section.end:
            return section.id
    return None


def check_lint(catalog: Catalog, config: Config, touched: set[str]) -> list[str]:
    """Warnings for the touched sections; raises CatalogError on a problem that makes editing unsafe."""
    from ..catalog import lint_catalog

    warnings = []
    for problem in lint_catalog(catalog, config):
        section = section_of_line(catalog, problem.line)
        if section not in touched:
            continue
        if problem.code in NON_BLOCKING:
            warnings.append(str(problem))
            continue
        raise CatalogError(
            f"{problem}",
            hint=f"apply would edit section '{section}', which lint finds broken; fix it, then run again",
        )
    return warnings


def verify(text: str, plan: ApplyPlan, config: Config, source: str) -> None:
    """The edited text parses and holds exactly the wanted entries (else nothing is written)."""
    after = parse_catalog(text, config, source=source)
    keys = {(e.key, e.section) for e in after.entries}
    missing = [e.title for e in plan.add if (e.key, e.section) not in keys]
    kept = {e.key for e in after.entries} & (plan.remove_keys - {e.key for e in plan.add})
    if missing or kept:
        what = f"missing {missing[0]!r}" if missing else f"still holds {sorted(kept)[0]}"
        raise CatalogError(f"{source}: editing the list went wrong ({what}); the list was not written",
                           hint="please report this with the list and candidates file")


def apply_week(config: Config, week_path: Path, *, dry_run: bool = False) -> ApplyResult:
    """Make the list agree with the candidates file at `week_path`."""
    from ..catalog import apply_entries

    week_file = load_candidates(week_path, section_ids=config.section_ids)
    if week_file is None:
        raise CandidatesError(f"{week_path}: candidates file not found", hint="check --week or --file")
    lines = candidate_lines(week_path)
    wheres = [f"{week_path}:{line}" if line else f"{week_path}: candidate {i + 1}" for i, line in enumerate(lines)]
    check_unique(week_file, wheres)
    catalog = load_catalog(config)
    list_path = config.path(config.list.path)
    plan = plan_apply(catalog, week_file, config, wheres=wheres)
    if plan.empty:
        return ApplyResult(list_path, plan, written=False, warnings=list(plan.unplaced))
    warnings = plan.unplaced + check_lint(catalog, config, plan.touched)
    # Two passes: removing first makes an edited entry (new summary, new section) a replacement, where a
    # single call would keep the old entry in place as "already there".
    text = apply_entries(catalog.text, [], plan.remove_keys, config) if plan.remove_keys else catalog.text
    text = apply_entries(text, plan.add, set(), config) if plan.add else text
    verify(text, plan, config, catalog.source)
    written = text != catalog.text and not dry_run
    if written:
        atomic_write_text(list_path, text)
    return ApplyResult(list_path, plan, written=written, warnings=warnings)


def check_unique(week_file: CandidatesFile, wheres: list[str]) -> None:
    """A paper may appear once in a week's file (a copied block would be applied twice)."""
    seen: set[str] = set()
    for where, candidate in zip(wheres, week_file.candidates):
        if candidate.key in seen:
            raise CandidatesError(f"{where}: {candidate.key} (\"{candidate.title}\") is already above in this file",
                                  hint="keep one block per paper")
        seen.add(candidate.key)
