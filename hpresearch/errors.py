"""User-facing error types.

Every error a user can cause (bad data file, bad scenario, bad CLI argument) is raised as a
subclass of :class:`HPResearchError`. Its message is a single line that names the file,
key or row, the offending value and the rule it broke. The command line prints that line
and exits with status 2, without a traceback.
"""
from __future__ import annotations


class HPResearchError(Exception):
    """Base class of errors caused by user input; ``str(err)`` is one line."""

    def __init__(self, message: str):
        # Keep messages on one line whatever the caller passed.
        super().__init__(" ".join(str(message).split()))


class DataValidationError(HPResearchError):
    """An observation file breaks the data schema."""


class ScenarioError(HPResearchError):
    """A scenario file or parameter override is invalid."""


class UsageError(HPResearchError):
    """A command-line argument is invalid."""


class RenderError(HPResearchError):
    """A report could not be rendered."""


class CalibrationError(HPResearchError):
    """The data cannot calibrate what is asked: a missing panel value, too few points for a
    fit, a constant series."""


def error_message(*, where: str, value: object = None, rule: str) -> str:
    """Build the canonical one-line message ``<where>: value <value!r> <rule>``."""
    if value is None:
        return f"{where}: {rule}"
    return f"{where}: value {value!r} {rule}"
