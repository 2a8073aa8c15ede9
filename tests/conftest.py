"""Shared test fixtures: the project root, the seeds and the recorded real data (read in place).

Tests that need `../shared/realdata` use the `realdata` fixture, which skips with a clear reason when
the folder is absent (CI always has it). Nothing from it is copied into the repository.
"""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"


@pytest.fixture(scope="session")
def root() -> Path:
    return ROOT


@pytest.fixture(scope="session")
def realdata() -> Path:
    path = SHARED / "realdata"
    if not path.is_dir():
        pytest.skip(f"recorded real data not found at {path} (CI provides ../shared beside the clone)")
    return path


@pytest.fixture(scope="session")
def seeds() -> Path:
    path = SHARED / "seeds"
    if not path.is_dir():
        pytest.skip(f"seed documents not found at {path} (CI provides ../shared beside the clone)")
    return path
