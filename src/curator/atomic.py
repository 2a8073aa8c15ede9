"""Atomic file writes.

Contract: `atomic_write_text(path, text)` leaves either the old file or the new file at `path`, never
a partial one, even if the process is killed mid-write: the text goes to a temporary file in the same
folder (same filesystem, so `os.replace` is a rename), is flushed and fsynced, then renamed over.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from .errors import CuratorError


def atomic_write_text(path: Path, text: str, *, encoding: str = "utf-8") -> None:
    """Write `text` to `path` atomically; raise CuratorError naming the path when it cannot."""
    path = Path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as exc:
        raise CuratorError(f"{path}: cannot write ({exc.strerror})", hint="check the folder exists and is writable") from exc
    try:
        with os.fdopen(fd, "w", encoding=encoding, newline="") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        if path.exists():
            os.chmod(tmp_name, path.stat().st_mode & 0o777)
        os.replace(tmp_name, path)
    except BaseException as exc:
        try:
            os.unlink(tmp_name)
        except OSError:
            pass
        if isinstance(exc, OSError):
            raise CuratorError(f"{path}: cannot write ({exc.strerror})", hint="check the folder is writable") from exc
        raise


def write_if_changed(path: Path, text: str) -> bool:
    """Atomically write `text` unless `path` already holds it; True when written.

    Re-runs that change nothing must leave files (and their timestamps and git status) alone.
    """
    try:
        if Path(path).read_text(encoding="utf-8") == text:
            return False
    except OSError:
        pass
    atomic_write_text(path, text)
    return True
