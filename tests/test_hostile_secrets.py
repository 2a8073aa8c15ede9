"""Secrets: a planted API key reaches the LLM server and nothing else curator writes or prints.

A recognisable key is planted in OPENAI_API_KEY; `curator triage --write` and `curator run` are run with
`--llm record` and debug logging against a local OpenAI-compatible server (bench/fake_openai.py, in a
thread). Then every byte written is searched: stdout and stderr (the logs), the LLM cache (diskcache's
SQLite files and value files), the recorded fixtures, the candidates file, the PR body, the list and the
state. The server must have received the key (so the test proves it was really in play).
"""

from __future__ import annotations

import base64
import re
from pathlib import Path

import pytest

from test_hostile_support import fake_server_module, jsonl_row, project_copy, run_cli

KEY = "sk-planted-CANARY-4f1c2a9e7b3d5c8e0a6f"


def key_forms() -> list[bytes]:
    """The key as it could appear in a file: plain, in UTF-16, base64'd, or only its distinctive middle."""
    return [KEY.encode(), KEY.encode("utf-16-le"), base64.b64encode(KEY.encode()), b"CANARY-4f1c2a9e7b3d5c8e0a6f"]


def leaks(root: Path) -> list[str]:
    found = []
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        data = path.read_bytes()
        found += [f"{path.relative_to(root)} holds {form[:12]!r}..." for form in key_forms() if form in data]
    return found


@pytest.mark.parametrize("command", ["triage", "run"])
def test_the_api_key_is_in_no_log_cache_fixture_candidates_file_or_pr_body(
    command: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    config = project_copy(tmp_path)
    feed = tmp_path / "day.jsonl"
    feed.write_text("".join(jsonl_row(n) + "\n" for n in range(1, 6)), encoding="utf-8")
    fixtures = tmp_path / "fixtures"
    with fake_server_module().FakeOpenAI(latency=0.0) as server:
        monkeypatch.setenv("OPENAI_BASE_URL", server.base_url)
        monkeypatch.setenv("OPENAI_API_KEY", KEY)
        monkeypatch.setenv("OPENAI_LOG", "debug")
        llm = ["--classifier", "llm", "--llm", "record", "--fixtures", fixtures]
        if command == "triage":
            run = run_cli(capsys, "-vv", "triage", "--config", config, "--input", feed, *llm, "--write")
        else:
            run = run_cli(capsys, "-vv", "run", "--config", config, "--offline-input", feed, *llm,
                          "--as-of", "2026-05-06")
    assert run.code == 0, run.err
    assert server.count >= 1 and all(h.get("authorization") == f"Bearer {KEY}" for h in server.headers)
    assert list(fixtures.glob("*.json")), "exchanges were recorded"
    assert list((tmp_path / "candidates").glob("*.yaml")), "a candidates file was written"
    if command == "run":
        assert list((tmp_path / "candidates").glob("*.pr.md")), "a PR body was written"
    assert list((tmp_path / ".cache" / "llm").rglob("*")), "answers were cached"
    assert [form for form in key_forms() if form.decode("latin-1") in run.out + run.err] == [], "printed"
    assert leaks(tmp_path) == []


# Regression (D6, fixed in classify/completer.py): the echoed key used to reach reasons and fixtures.
def test_a_server_error_that_echoes_the_key_is_not_recorded_or_printed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    config = project_copy(tmp_path)
    feed = tmp_path / "day.jsonl"
    feed.write_text(jsonl_row(1) + "\n", encoding="utf-8")
    module = fake_server_module()
    echo = {"status": 400, "message": f"invalid request from key {KEY}: response_format not supported"}
    with module.FakeOpenAI(latency=0.0, error=lambda body: echo) as server:
        monkeypatch.setenv("OPENAI_BASE_URL", server.base_url)
        monkeypatch.setenv("OPENAI_API_KEY", KEY)
        run = run_cli(capsys, "-vv", "triage", "--config", config, "--input", feed, "--classifier", "llm",
                      "--llm", "record", "--fixtures", tmp_path / "fixtures", "--write", "--format", "jsonl")
    assert run.code == 0, run.err
    assert leaks(tmp_path) == []
    assert KEY not in run.out + run.err
    assert "[redacted]: response_format not supported" in run.out, "the server's message is kept, the key blanked"


SECRET_PATTERNS = re.compile(rb"(?i)authorization|bearer\s+\S|api[_-]?key\s*[:=]|\bsk-[A-Za-z0-9_-]{16,}")


def test_committed_fixtures_and_data_carry_no_credentials() -> None:
    root = Path(__file__).resolve().parents[1]
    found = []
    for folder in (root / "tests" / "fixtures", root / "data", root / "candidates"):
        for path in (p for p in folder.rglob("*") if p.is_file()):
            match = SECRET_PATTERNS.search(path.read_bytes())
            if match:
                found.append(f"{path.relative_to(root)}: {match.group(0)[:20]!r}")
    assert found == []
