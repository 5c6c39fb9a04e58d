"""The ``hpresearch`` command line.

Each command group lives in its own module exposing ``register(subparsers)``; this module
only builds the parser and turns :class:`~hpresearch.errors.HPResearchError` into a
one-line message and exit status 2.
"""
from __future__ import annotations

import argparse
import sys
import warnings
from collections.abc import Sequence

from hpresearch import __version__
from hpresearch.errors import MAX_VALUE_CHARS, HPResearchError
from hpresearch.textsafe import for_stream, for_terminal, shorten

#: numpy's floating-point RuntimeWarnings (divide by zero, overflow, invalid value, underflow).
NUMPY_FLOAT_WARNINGS = r"(divide by zero|overflow|invalid value|underflow) encountered"
# (module name, one-line description) in the order shown by --help.
_COMMAND_MODULES = ("data_cmd", "model_cmd", "uncertainty_cmd", "backtest_cmd", "outside_cmd",
                    "render_cmd", "explore_cmd")


class _Parser(argparse.ArgumentParser):
    """ArgumentParser whose errors are one line and exit 2 (argparse's own convention)."""

    def error(self, message: str):  # noqa: D401 - argparse API
        words = (shorten(w, MAX_VALUE_CHARS) for w in message.split())  # argparse quotes
        self.exit(2, f"{self.prog}: error: {for_terminal(' '.join(words))}\n")  # the value


class _TerminalSafe:
    """A text stream whose writes never carry a raw escape sequence (ESC, BEL, bidi
    overrides, …): each control character except line feed, tab and carriage return is
    written as a visible escape such as ``\\x1b``."""

    def __init__(self, stream):
        self._stream = stream

    def write(self, text):
        return self._stream.write(for_stream(text) if isinstance(text, str) else text)

    def writelines(self, lines):
        for line in lines:
            self.write(line)

    def __getattr__(self, name):
        return getattr(self._stream, name)


def build_parser() -> argparse.ArgumentParser:
    """Return the full argument parser with every registered command."""
    import importlib

    parser = _Parser(
        prog="hpresearch",
        description="Hai Phong digital-economy research: data, projections, uncertainty, reports.",
    )
    parser.add_argument("--version", action="version", version=f"hpresearch {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    for name in _COMMAND_MODULES:
        module = importlib.import_module(f"hpresearch.cli.{name}")
        module.register(sub)
    parser.commands = sub.choices  # type: ignore[attr-defined]  # read by _report
    return parser


def _format_warning(message, category, filename, lineno, line=None):  # pragma: no cover
    return f"warning: {for_terminal(' '.join(str(message).split()))}\n"


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the process exit status.

    Everything written to stdout and stderr meanwhile goes through :class:`_TerminalSafe`.
    """
    saved = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = _TerminalSafe(sys.stdout), _TerminalSafe(sys.stderr)
    try:
        return _main(argv)
    finally:
        sys.stdout, sys.stderr = saved


def _report(err: HPResearchError, command: argparse.ArgumentParser | None) -> str:
    """The error's line, the library argument it names shown as the command's flag
    (``draws: …`` -> ``--draws: …``; :func:`hpresearch.argspec.flag_for`)."""
    from hpresearch.argspec import flag_for

    message, argument = str(err), err.argument
    flag = flag_for(command, argument) if command is not None and argument else None
    if flag and message.startswith((f"{argument}:", f"{argument} ")):
        return flag + message[len(argument):]
    return message


def _main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return 2
    warnings.formatwarning = _format_warning
    # numpy's floating-point warnings are not for the user: every answer is checked to be
    # finite (hpresearch.model.projection.check_finite) or refused with one line
    warnings.filterwarnings("ignore", category=RuntimeWarning, message=NUMPY_FLOAT_WARNINGS)
    try:
        from hpresearch.argspec import raise_invalid

        raise_invalid(args)  # every argument's spec, before any command runs
        status = args.func(args)
    except HPResearchError as err:
        print(f"error: {_report(err, parser.commands.get(args.command))}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("error: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:  # e.g. `hpresearch project trend | head`
        return 0
    except OSError as err:  # a path the system refuses (permissions, full disk, …)
        where = f"{err.filename}: " if err.filename else ""
        print(f"error: {for_terminal(where)}{for_terminal(err.strerror or str(err))}",
              file=sys.stderr)
        return 2
    return int(status or 0)
