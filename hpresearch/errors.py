"""User-facing error types.

Every error a user can cause (bad data file, bad scenario, bad CLI argument) is raised as a
subclass of :class:`HPResearchError`. Its message is a single line that names the file,
key or row, the offending value and the rule it broke. The command line prints that line
and exits with status 2, without a traceback.

Messages are safe to print: whitespace is folded to single spaces, any other control
character (an ANSI escape from a hostile file name or value) is shown as a visible escape
such as ``\\x1b``, and the value quoted by :func:`error_message` is cut to
:data:`MAX_VALUE_CHARS` characters, so a message never carries more of a file than the
offending value.
"""
from __future__ import annotations

from hpresearch.textsafe import for_terminal, shorten

#: Longest quoted value in a message (longer values are cut with an ellipsis).
MAX_VALUE_CHARS = 80


class HPResearchError(Exception):
    """Base class of errors caused by user input; ``str(err)`` is one line."""

    def __init__(self, message: str):
        # One line whatever the caller passed, with no raw control character.
        super().__init__(for_terminal(" ".join(str(message).split())))


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
    """Build the canonical one-line message ``<where>: value <value!r> <rule>``.

    The value's ``repr`` is cut to :data:`MAX_VALUE_CHARS` characters.
    """
    if value is None:
        return f"{where}: {rule}"
    return f"{where}: value {shorten(repr(value), MAX_VALUE_CHARS)} {rule}"
