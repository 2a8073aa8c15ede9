"""Hostile files: hand-broken candidates files and lists, kills in the middle of a write, read-only folders,
missing or corrupt state. Each case names what the user sees; a kill never leaves a half-written file.

The kill tests use real processes and SIGKILL (the signal no handler can soften): a loop of
`atomic_write_text` calls, and the real `curator triage --write` and `curator apply` commands, killed at
several moments. Afterwards the file must be either the old or the new version, whole.
"""

from __future__ import annotations

import os
import random
import re
import shutil
import signal
import subprocess
import sys
import time
from datetime import date, datetime, timezone
from pathlib import Path

import pytest
import yaml

from curator.candidates import load_candidates
from curator.catalog import load_catalog, parse_catalog
from curator.config import load_config
from curator.sources.state import default_since, load_state
from test_hostile_support import jsonl_row, project_copy, run_cli

CURATOR = [sys.executable, "-m", "curator.cli"]
WEEK = "2026-W19"
NOW = datetime(2026, 5, 6, 12, tzinfo=timezone.utc)
AS_OF = "2026-05-06"


def write_week(tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
               count: int = 4) -> tuple[Path, Path]:
    """A project copy with a candidates file written by `curator triage --write` (the list not yet edited)."""
    monkeypatch.setattr("curator.commands.triage.utc_now", lambda: NOW)
    config = project_copy(tmp_path)
    feed = tmp_path / "day.jsonl"
    feed.write_text("".join(jsonl_row(n) + "\n" for n in range(1, count + 1)), encoding="utf-8")
    run = run_cli(capsys, "triage", "--config", config, "--input", feed, "--classifier", "keywords", "--write")
    assert run.code == 0, run.err
    [week] = (tmp_path / "candidates").glob("*.yaml")
    return config, week


# --- hand-edited candidates files ------------------------------------------------------------------


BROKEN_EDITS = [
    ("a reviewer's tab breaks the YAML", "  status: pending", "\tstatus: accepted", r"invalid YAML"),
    ("an unquoted colon in a summary", "  summary: ", "  summary: Note: this: breaks\n    - x", r"invalid YAML"),
    ("a misspelt status", "  status: pending", "  status: acepted", r"status: Input should be 'pending'"),
    ("an unknown section", "  section: medical-single-agent", "  section: oncology", r"unknown section 'oncology'"),
]
# `triage --write` only adds new candidates and keeps every edit as written; the section names are checked
# by `apply` (and `run`), which must place them.
CHECKED_BY_TRIAGE = {"a reviewer's tab breaks the YAML", "an unquoted colon in a summary", "a misspelt status"}


@pytest.mark.parametrize(("name", "old", "new", "message"), BROKEN_EDITS, ids=[e[0] for e in BROKEN_EDITS])
@pytest.mark.parametrize("command", ["apply", "triage --write"])
def test_a_broken_candidates_edit_is_one_error_with_its_line(
    name: str, old: str, new: str, message: str, command: str, tmp_path: Path,
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
) -> None:
    config, week = write_week(tmp_path, capsys, monkeypatch)
    lines = week.read_text(encoding="utf-8").splitlines(keepends=True)
    at = next(i for i, line in enumerate(lines) if line.startswith(old))
    lines[at] = lines[at].replace(old, new, 1)
    week.write_text("".join(lines), encoding="utf-8")
    edited = week.read_bytes()
    list_before = next((tmp_path / "data").glob("*.md")).read_bytes()
    if command == "apply":
        run = run_cli(capsys, "apply", "--config", config, "--file", week)
    else:
        feed = tmp_path / "more.jsonl"
        feed.write_text(jsonl_row(9) + "\n", encoding="utf-8")
        run = run_cli(capsys, "triage", "--config", config, "--input", feed, "--classifier", "keywords", "--write")
    error = [line for line in run.err.splitlines() if line.startswith("curator: error:")]
    if command != "apply" and name not in CHECKED_BY_TRIAGE:
        assert run.code == 0 and new in week.read_text(encoding="utf-8"), "the edit is kept for apply to judge"
        return
    assert run.code == 8, run.err
    assert len(error) == 1 and f"{week}:{at + 1}:" in error[0], (at + 1, run.err)
    assert re.search(message, error[0]), error[0]
    assert week.read_bytes() == edited, "the reviewer's file is left as they wrote it"
    assert next((tmp_path / "data").glob("*.md")).read_bytes() == list_before, "the list is untouched"


# --- a list edited into a broken state -----------------------------------------------------------------


def test_a_list_broken_by_hand_is_linted_and_apply_refuses_to_edit_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    config_path, week = write_week(tmp_path, capsys, monkeypatch)
    config = load_config(config_path)
    list_path = config.path(config.list.path)
    text = list_path.read_text(encoding="utf-8")
    # A reviewer deletes a closing bracket of an entry in the section the candidates go to.
    catalog = parse_catalog(text, config, source=str(list_path))
    target = next(e for e in catalog.entries if e.section == "medical-single-agent" and e.url)
    lines = text.splitlines(keepends=True)
    lines[target.line - 1] = lines[target.line - 1].replace("](", "(", 1)
    broken = "".join(lines)
    list_path.write_text(broken, encoding="utf-8")
    lint = run_cli(capsys, "lint", "--config", config_path)
    assert lint.code == 1 and f":{target.line}:" in lint.out + lint.err, lint.out + lint.err
    apply = run_cli(capsys, "apply", "--config", config_path, "--file", week)
    assert apply.code != 0 and "Traceback" not in apply.err
    assert f"{target.line}" in apply.err and apply.err.count("curator: error:") == 1, apply.err
    assert list_path.read_text(encoding="utf-8") == broken, "nothing written to a broken list"


def test_a_deleted_list_file_is_one_error_naming_it(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    config_path = project_copy(tmp_path)
    config = load_config(config_path)
    config.path(config.list.path).unlink()
    feed = tmp_path / "day.jsonl"
    feed.write_text(jsonl_row(1) + "\n", encoding="utf-8")
    run = run_cli(capsys, "triage", "--config", config_path, "--input", feed, "--classifier", "keywords")
    assert run.code == 5 and config.list.path in run.err and run.err.count("\n") == 1, run.err


# --- killed in the middle of a write ------------------------------------------------------------------


WRITER = """
import sys
from pathlib import Path
from curator.atomic import atomic_write_text
target, texts = Path(sys.argv[1]), [sys.argv[2] * 400_000, sys.argv[3] * 400_000]
atomic_write_text(target, texts[0])
print("ready", flush=True)
n = 0
while True:
    n += 1
    atomic_write_text(target, texts[n % 2])
"""


def test_sigkill_during_atomic_writes_leaves_a_whole_file(tmp_path: Path) -> None:
    target = tmp_path / "2026-W19.yaml"
    a, b = "key: aaaa\n", "key: bbbb\n"
    for delay in (0.05, 0.17, 0.31):
        proc = subprocess.Popen([sys.executable, "-c", WRITER, str(target), a, b], stdout=subprocess.PIPE, text=True)
        assert proc.stdout is not None and proc.stdout.readline().strip() == "ready"
        time.sleep(delay)
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=10)
        text = target.read_text(encoding="utf-8")
        assert text in (a * 400_000, b * 400_000), f"a torn file after SIGKILL at {delay} s ({len(text)} chars)"
        assert yaml.safe_load(text[:40]) is not None


def kill_at_random(argv: list[str], cwd: Path, delays: list[float]) -> list[int]:
    """Run `argv` once per delay, SIGKILL it after that delay (if still running); return the exit codes."""
    codes = []
    for delay in delays:
        proc = subprocess.Popen(argv, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            proc.wait(timeout=delay)
        except subprocess.TimeoutExpired:
            proc.send_signal(signal.SIGKILL)
            proc.wait(timeout=10)
        codes.append(proc.returncode)
    return codes


def test_sigkill_during_triage_write_leaves_the_candidates_file_whole(tmp_path: Path) -> None:
    config_path = project_copy(tmp_path)
    feed = tmp_path / "day.jsonl"
    feed.write_text("".join(jsonl_row(n) + "\n" for n in range(1, 801)), encoding="utf-8")
    argv = [*CURATOR, "triage", "--config", str(config_path), "--input", str(feed), "--classifier", "keywords",
            "--write", "--format", "jsonl"]
    rng = random.Random(7)
    codes = kill_at_random(argv, tmp_path, [rng.uniform(0.6, 2.5) for _ in range(2)])
    for path in (tmp_path / "candidates").glob("*.yaml"):
        week = load_candidates(path)
        assert week is not None and len(week.candidates) in (0, 800), len(week.candidates)
    assert any(code == -signal.SIGKILL for code in codes), "at least one run was killed mid-way"


def test_sigkill_during_apply_leaves_the_list_old_or_new(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    config_path, week = write_week(tmp_path, capsys, monkeypatch, count=200)
    config = load_config(config_path)
    list_path = config.path(config.list.path)
    old = list_path.read_bytes()
    argv = [*CURATOR, "apply", "--config", str(config_path), "--file", str(week)]
    assert subprocess.run(argv, cwd=tmp_path, capture_output=True, timeout=120).returncode == 0
    new = list_path.read_bytes()
    assert new != old and len(load_catalog(config).entries) >= 200
    for delay in (0.4, 0.9, 1.4):
        list_path.write_bytes(old)
        kill_at_random(argv, tmp_path, [delay])
        assert list_path.read_bytes() in (old, new), f"a torn list after SIGKILL at {delay} s"


# --- a read-only candidates folder ----------------------------------------------------------------


def unprivileged(argv: list[str]) -> list[str]:
    """`argv` run so that file permissions apply: root ignores them unless it gives up CAP_DAC_OVERRIDE."""
    if os.geteuid() != 0:
        return argv
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        pytest.skip("running as root without util-linux's setpriv: a read-only folder cannot be simulated")
    return [setpriv, "--bounding-set", "-dac_override,-dac_read_search,-fowner", *argv]


def test_a_read_only_candidates_folder_is_one_error_naming_it(tmp_path: Path) -> None:
    config_path = project_copy(tmp_path)
    feed = tmp_path / "day.jsonl"
    feed.write_text(jsonl_row(1) + "\n", encoding="utf-8")
    folder = tmp_path / "candidates"
    folder.mkdir()
    folder.chmod(0o555)
    try:
        argv = [*CURATOR, "triage", "--config", str(config_path), "--input", str(feed), "--classifier",
                "keywords", "--write"]
        done = subprocess.run(unprivileged(argv), cwd=tmp_path, capture_output=True, text=True, timeout=60)
    finally:
        folder.chmod(0o755)
    errors = [line for line in done.stderr.splitlines() if line.startswith("curator: error:")]
    assert done.returncode != 0 and "Traceback" not in done.stderr, done.stderr
    assert len(errors) == 1 and str(folder) in errors[0] and "Permission denied" in errors[0], done.stderr
    assert not list(folder.iterdir()), "no stray temporary file"


# --- state files --------------------------------------------------------------------------------------


def test_a_missing_state_file_starts_a_week_back(tmp_path: Path) -> None:
    state = load_state(tmp_path / "data" / "state.json")
    assert state.sources == {} and default_since(state, "arxiv-rss", date(2026, 5, 6)) == date(2026, 4, 29)


@pytest.mark.parametrize("content", ['{"version": 1, "sources": {"arxiv-rss": {"since": "2026-0', "",
                                     '{"sources": {"arxiv-rss": {"since": "yesterday"}}}'],
                         ids=["truncated", "empty", "hand-edited"])
def test_a_broken_state_file_stops_fetch_before_any_request(content: str, tmp_path: Path,
                                                          capsys: pytest.CaptureFixture[str]) -> None:
    config_path = project_copy(tmp_path)
    state = tmp_path / "data" / "state.json"
    state.write_text(content, encoding="utf-8")
    run = run_cli(capsys, "fetch", "--config", config_path, "--source", "arxiv-rss")
    assert run.code == 4, run.err
    assert run.err.count("\n") == 1 and str(state) in run.err and "delete it to start again" in run.err, run.err
    assert state.read_text(encoding="utf-8") == content, "never silently reset"
