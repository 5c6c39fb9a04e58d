"""Text that is safe for its medium: terminal, spreadsheet, CSV.

Three rules, applied wherever text leaves the program:

* **Control characters are refused in input** (:func:`find_control`): C0/C1 controls
  (ESC, NUL, BEL, backspace, DEL, …), Unicode line/paragraph separators and the whole
  category Cf (invisible format characters and every bidirectional control alike). They
  have no place in a title or a data row, and they are how an ANSI escape rewrites a
  terminal or a bidi override disguises text. Data rows and scenario files that
  contain one are refused with the row or key named.
* **Terminal output never carries a raw escape sequence** (:func:`for_terminal`): every
  control character is shown as a visible escape (``\\x1b``) instead.
* **Spreadsheet cells are never formulas** (:func:`csv_cell`, OWASP "CSV injection"):
  a text cell that starts with ``=``, ``+``, ``-``, ``@``, tab or carriage return is
  prefixed with a single quote in CSV files; XLSX cells are written as text (never as a
  formula) by :mod:`hpresearch.render.export`.

References
----------
OWASP, "CSV Injection", https://owasp.org/www-community/attacks/CSV_Injection
"""
from __future__ import annotations

import re

#: Unicode category Cf ("format": invisible characters such as U+200B, U+FEFF, U+00AD and
#: every bidirectional control - U+061C, U+200E/F, U+202A-E, U+2066-9), as of Unicode 15;
#: tests/test_hostile_input.py checks the list against :mod:`unicodedata`.
FORMAT_CHARS = ("\u00ad\u0600-\u0605\u061c\u06dd\u070f\u0890\u0891\u08e2\u180e"
                "\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb"
                "\U000110bd\U000110cd\U00013430-\U0001343f\U0001bca0-\U0001bca3"
                "\U0001d173-\U0001d17a\U000e0001\U000e0020-\U000e007f")
#: Lone surrogates (category Cs; a YAML "\\ud800" escape makes one): no terminal or file
#: encoding can write them.
SURROGATES = "\ud800-\udfff"
#: Characters refused in input text and escaped on the terminal: C0 controls except tab
#: and newline, DEL and C1 controls, line/paragraph separators, lone surrogates and the
#: whole category Cf (invisible and bidirectional controls are one class, treated alike).
CONTROL_RE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029" + SURROGATES
                        + FORMAT_CHARS + "]")
#: As :data:`CONTROL_RE`, also refusing tab and newline (for one-line fields and keys).
CONTROL_OR_NEWLINE_RE = re.compile("[\t\n]|" + CONTROL_RE.pattern)
#: What :func:`for_stream` escapes: :data:`CONTROL_RE` less carriage return (progress bars).
STREAM_RE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029" + SURROGATES
                       + FORMAT_CHARS + "]")
#: First characters that make a spreadsheet program evaluate a cell (OWASP).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def find_control(text: str, *, allow_newlines: bool = False) -> str | None:
    """Return the first refused control character in ``text`` (or ``None``).

    ``allow_newlines`` permits tab and line feed (multi-line descriptions).
    """
    if not isinstance(text, str):
        return None
    pattern = CONTROL_RE if allow_newlines else CONTROL_OR_NEWLINE_RE
    match = pattern.search(text)
    return match.group(0) if match else None


def describe_char(ch: str) -> str:
    """``U+001B`` style name of a character, for messages."""
    return f"U+{ord(ch):04X}"


def _escape(match: re.Match) -> str:
    ch = match.group(0)
    code = ord(ch)
    if code < 0x100:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"


def for_terminal(text: str) -> str:
    """``text`` with every control character (newlines and tabs too) shown as an escape."""
    return CONTROL_OR_NEWLINE_RE.sub(_escape, str(text))


def for_stream(text: str) -> str:
    """Text bound for a terminal stream: line feeds, tabs and carriage returns kept, every
    other control character (ESC first of all) shown as an escape."""
    return STREAM_RE.sub(_escape, text)


def for_terminal_lines(text: str) -> str:
    """As :func:`for_terminal` but keeping line feeds (multi-line output)."""
    return "\n".join(for_terminal(line) for line in str(text).split("\n"))


def is_formula_like(value: object) -> bool:
    """Whether a text cell would be read as a formula by a spreadsheet program."""
    return isinstance(value, str) and value.startswith(FORMULA_START)


def csv_cell(value: object) -> object:
    """A CSV cell value: formula-like text gets a leading ``'`` (numbers are unchanged)."""
    if is_formula_like(value):
        return "'" + value
    return value


def shorten(text: str, n: int = 80) -> str:
    """``text`` cut to ``n`` characters (with an ellipsis) for messages."""
    text = str(text)
    return text if len(text) <= n else text[: n - 1] + "…"


def text_cells(frame, fix):
    """A copy of a DataFrame with ``fix`` applied to every text cell and text header
    (numbers, dates and missing values untouched)."""
    import pandas as pd

    out = frame.copy()
    out.columns = [fix(c) if isinstance(c, str) else c for c in out.columns]
    if isinstance(out.index, pd.Index) and out.index.dtype == object:
        out.index = [fix(v) if isinstance(v, str) else v for v in out.index]
    for col in range(out.shape[1]):
        series = out.iloc[:, col]
        if series.dtype == object or pd.api.types.is_string_dtype(series):
            out.isetitem(col, series.map(lambda v: fix(v) if isinstance(v, str) else v))
    return out


def csv_frame(frame):
    """A DataFrame safe to write as CSV: formula-like text prefixed with ``'`` (OWASP),
    control characters shown as escapes."""
    return text_cells(frame, lambda v: csv_cell(for_terminal_lines(v)))
