"""User-facing errors.

Contract: every failure a maintainer can cause or fix (a missing file, a broken feed, a bad config, an
unreachable server) is raised as a `CuratorError` whose `str()` is one line naming *what* (file, line,
URL, paper id) and *what to do*. The CLI prints that line and exits with `exit_code`; anything else
that escapes is a bug and gets a traceback.
"""

from __future__ import annotations


class CuratorError(Exception):
    """Root of all errors shown to the user as one line."""

    exit_code = 1

    def __init__(self, message: str, *, hint: str | None = None) -> None:
        self.message = message
        self.hint = hint
        super().__init__(self.__str__())

    def __str__(self) -> str:
        return f"{self.message} ({self.hint})" if self.hint else self.message


class ConfigError(CuratorError):
    """The configuration file is missing, is not valid YAML, or does not match the schema."""

    exit_code = 3


class InputError(CuratorError):
    """An input file is missing, unreadable, of an unknown format, empty, or malformed."""

    exit_code = 4


class CatalogError(CuratorError):
    """The awesome list itself cannot be parsed or written."""

    exit_code = 5


class SourceError(CuratorError):
    """A remote source answered badly (HTTP error, error feed, empty weekday, HTML instead of XML)."""

    exit_code = 6


class LLMError(CuratorError):
    """The language model server cannot be used for this run (unreachable, 401, budget spent, replay miss)."""

    exit_code = 7


class CandidatesError(CuratorError):
    """The weekly candidates file or the decisions memory is invalid."""

    exit_code = 8
