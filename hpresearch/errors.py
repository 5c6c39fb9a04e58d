"""User-facing error types.

Every error a user can cause (bad data file, bad scenario, bad argument) is raised as a
subclass of :class:`HPResearchError`. Its message is a single line that names the file,
key or row, the offending value and the rule it broke. The command line prints that line
and exits with status 2, without a traceback.

One class per kind of mistake, wherever it is found:

* :class:`UsageError` - a bad argument value, from the command line, a notebook parameter
  or a library call (``draws``, ``seed``, ``target``, an unknown ``boundary``, ``basis``,
  ``lever`` or ``lang``); checked with the declarations of :mod:`hpresearch.argspec`. A
  library message names the function's argument (``draws: …``), never a flag: the command
  line shows the flag (``--draws: …``) from the error's ``argument``.
* :class:`DataValidationError` - a bad observation file (schema, rows, provenance).
* :class:`ScenarioError` - a bad scenario file or parameter override (``--set``), including
  the registry's combination rules.
* :class:`CalibrationError` - data that are valid but cannot calibrate what is asked (a
  missing panel value, too few points for a fit); never a bad argument.
* :class:`RenderError` - a report that could not be rendered.

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
    """Base class of errors caused by user input; ``str(err)`` is one line.

    Parameters
    ----------
    message : str
    argument : str, optional
        The argument the message starts with (``draws``), so that the command line can
        show its flag instead.
    """

    def __init__(self, message: str, argument: str | None = None):
        # One line whatever the caller passed, with no raw control character.
        super().__init__(for_terminal(" ".join(str(message).split())))
        self.argument = argument


class DataValidationError(HPResearchError):
    """An observation file breaks the data schema."""


class ScenarioError(HPResearchError):
    """A scenario file or parameter override is invalid."""


class UsageError(HPResearchError):
    """An argument value is invalid (command line, notebook parameter or library call)."""


class RenderError(HPResearchError):
    """A report could not be rendered."""


class CalibrationError(HPResearchError):
    """The data cannot calibrate what is asked: a missing panel value, too few points for a
    fit, a constant series."""


def quoted(value: object) -> str:
    """The one echo of a user's value in a message: its ``repr`` cut to
    :data:`MAX_VALUE_CHARS` characters (every message quotes values through this)."""
    return shorten(repr(value), MAX_VALUE_CHARS)


def error_message(*, where: str, value: object = None, rule: str) -> str:
    """Build the canonical one-line message ``<where>: value <value!r> <rule>``.

    The value is shown by :func:`quoted` (cut to :data:`MAX_VALUE_CHARS` characters).
    """
    if value is None:
        return f"{where}: {rule}"
    return f"{where}: value {quoted(value)} {rule}"
