"""One validation layer for every argument: command line, notebook parameter and library call.

Each value a user can pass — ``--draws``, ``--seed``, ``--timeout``, ``-p target 0.4``,
``simulate(draws=...)`` … — is declared once here as a :class:`Spec` (type, range,
finiteness, choices), every numeric range from one table (:data:`hpresearch.limits.LIMITS`).
The command line uses :meth:`Spec.argtype` as the argparse ``type=``, the renderer and the
notebooks call :func:`check_values` (through :func:`hpresearch.render.params.check`), and the
library functions (``simulate``, ``goal_seek``, ``least_cost``, ``run_backtest``, the
sensitivity functions, ``project``, the explorer) call :func:`check`, so the same value gets
the same answer everywhere, before any work starts. Every refusal is one line naming the
argument, the value and the rule (:class:`~hpresearch.errors.UsageError`, exit 2). A library
error names the function's argument (``draws: …``), never a flag; the command line replaces
that name with its flag when it reports (``--draws: …``; :func:`flag_for`).

Combination rules (``first_policy_year <= target_year``, …) live in the parameter registry
(``hpresearch/parameters/constraints.yaml``, :func:`hpresearch.parameters.registry.check_constraints`);
the memory a Monte Carlo would need is estimated before it allocates
(:func:`check_memory`).
"""
from __future__ import annotations

import argparse
import math
import numbers
import os
import re
from dataclasses import dataclass
from typing import Any, Callable

from hpresearch.errors import UsageError, error_message
from hpresearch.limits import LIMITS
from hpresearch.textsafe import describe_char, find_control

#: Bytes per draw and projected year a Monte Carlo holds at its peak: about 40-50 float64
#: arrays of one value per draw and year (measured with tracemalloc on simulate,
#: tornado, the probability solver and Sobol), rounded up.
BYTES_PER_DRAW_YEAR = 8 * 64
#: Default memory budget of one Monte Carlo (bytes); ``HPRESEARCH_MEMORY_BUDGET`` overrides.
DEFAULT_MEMORY_BUDGET = 2 << 30
#: Longest free-text argument (notebook text parameters, scheduler address).
MAX_TEXT = LIMITS["text"].high

_SUFFIX = {"": 1, "k": 1 << 10, "m": 1 << 20, "g": 1 << 30, "t": 1 << 40}


@dataclass(frozen=True)
class Spec:
    """How one argument is checked.

    Attributes
    ----------
    kind : {"int", "float", "choice", "text", "flag"}
    low, high : float, optional
        Range (inclusive unless ``open_low``/``open_high``).
    choices : tuple, optional
        Allowed values of a ``choice`` (a callable returning them is read lazily).
    rule : str
        What a valid value is, for messages (generated when empty).
    """

    kind: str
    low: float | None = None
    high: float | None = None
    open_low: bool = False
    open_high: bool = False
    choices: Any = None
    rule: str = ""

    # -- description ---------------------------------------------------------------------
    def allowed(self) -> tuple:
        values = self.choices() if callable(self.choices) else self.choices
        return tuple(values or ())

    def describe(self) -> str:
        if self.rule:
            return self.rule
        if self.kind == "choice":
            return f"is not one of {', '.join(map(str, self.allowed()))}"
        if self.kind == "flag":
            return "must be true or false (a switch, not text or a number)"
        if self.kind == "text":
            return f"must be text of at most {MAX_TEXT} characters without control characters"
        what = "an integer" if self.kind == "int" else "a finite number"
        lo = "(" if self.open_low else "["
        hi = ")" if self.open_high else "]"
        return f"must be {what} in {lo}{_num(self.low)}, {_num(self.high)}{hi}"

    # -- checks --------------------------------------------------------------------------
    def check(self, value: Any, where: str) -> Any:
        """Return ``value`` (normalised: ints for ``int``, floats for ``float``) or raise.

        Numpy numbers count as numbers; ``True``/``False`` do not. The
        :class:`~hpresearch.errors.UsageError` carries ``argument=where``.
        """
        fail = UsageError(error_message(where=where, value=value, rule=self.describe()),
                          argument=where)
        if self.kind == "choice":
            if isinstance(value, str) and value in self.allowed():
                return value
            raise fail
        if self.kind == "flag":
            if type(value).__name__ in ("bool", "bool_"):  # Python and numpy booleans
                return bool(value)
            raise fail
        if self.kind == "text":
            if not isinstance(value, str) or len(value) > MAX_TEXT:
                raise fail
            bad = find_control(value)
            if bad is not None:
                raise UsageError(error_message(
                    where=where, value=describe_char(bad),
                    rule="control character not allowed (no escape sequences or line breaks)"),
                    argument=where)
            return value
        if isinstance(value, bool) or not isinstance(value, numbers.Real) \
                or type(value).__name__ == "bool_" or not math.isfinite(value):
            raise fail
        if self.kind == "int":
            if not float(value).is_integer():
                raise fail
            value = int(value)
        else:
            value = float(value)
        if self.low is not None and (value < self.low or (self.open_low and value == self.low)):
            raise fail
        if self.high is not None and (value > self.high or
                                      (self.open_high and value == self.high)):
            raise fail
        return value

    def parse(self, text: str, where: str) -> Any:
        """Parse command-line ``text`` then :meth:`check` it.

        Integers may be written ``10000``, ``10_000`` or ``1e4`` (a whole number).
        """
        if self.kind in ("choice", "text"):
            return self.check(text, where)
        raw = text.strip()
        value: Any
        try:
            value = int(raw) if re.fullmatch(r"[+-]?\d[\d_]*", raw) and len(raw) < 40 \
                else float(raw)
        except ValueError:
            what = "an integer" if self.kind == "int" else "a number"
            raise UsageError(error_message(where=where, value=text,
                                           rule=f"is not {what}; {self.describe()}")) from None
        return self.check(value, where)

    def argtype(self, flag: str, arguments: tuple[str, ...] = ()) -> Callable[[str], Any]:
        """An argparse ``type=`` function.

        A bad value does not stop argparse: it becomes an :class:`Invalid` holding the
        one-line :class:`UsageError` (``FLAG: value … rule``), which the command line
        raises right after parsing (:func:`raise_invalid`), before any command runs. So
        these errors read like every other (``error: …``, exit 2). ``arguments`` names the
        library arguments the flag feeds when they differ from its destination (read by
        :func:`flag_for`).
        """
        def convert(text: str) -> Any:
            try:
                return self.parse(text, flag)
            except UsageError as err:
                return Invalid(err)
        convert.__name__ = flag.lstrip("-").replace("-", "_")  # shown by argparse
        convert.arguments = tuple(arguments)  # type: ignore[attr-defined]
        return convert


@dataclass(frozen=True)
class Invalid:
    """A command-line value that failed its :class:`Spec` (raised by :func:`raise_invalid`)."""

    error: UsageError


def raise_invalid(namespace: argparse.Namespace) -> None:
    """Raise the first :class:`Invalid` value's error of a parsed namespace."""
    for value in vars(namespace).values():
        items = value if isinstance(value, list) else [value]
        for item in items:
            if isinstance(item, Invalid):
                raise item.error


def _num(x: float | None) -> str:
    if x is None:
        return "∞"
    return f"{int(x):,}".replace(",", "_") if float(x).is_integer() and abs(x) >= 10_000 \
        else f"{x:g}"


def _levers() -> tuple[str, ...]:
    from hpresearch.parameters.levers import lever_choices

    return lever_choices()


def _boundaries() -> tuple[str, ...]:
    from hpresearch.data.vocabulary import BOUNDARIES

    return tuple(BOUNDARIES)


def _bases() -> tuple[str, ...]:
    from hpresearch.data.vocabulary import PANEL_BASES

    return tuple(PANEL_BASES)


def _output_modes() -> tuple[str, ...]:
    from hpresearch.parameters.registry import load_registry

    return load_registry()["output_mode"].choices


def _languages() -> tuple[str, ...]:
    from hpresearch.i18n import LANGUAGES

    return tuple(LANGUAGES)


SHARE_RULE = "must be a share strictly between 0 and 1 (e.g. 0.40 for 40%)"
SEED_RULE = "must be an integer seed in [0, 4_294_967_295] (numpy needs a non-negative seed)"


def _int(limit: str, **kw: Any) -> Spec:
    return Spec("int", LIMITS[limit].low, LIMITS[limit].high, **kw)


_SHARE = dict(open_low=True, open_high=True)

#: Every argument and notebook parameter with a domain, by name.
SPECS: dict[str, Spec] = {
    "draws": _int("draws"),
    "samples": _int("draws"),
    "n_base": _int("n_base"),
    "explorer_draws": _int("explorer_draws"),
    "sensitivity_draws": _int("sensitivity_draws"),
    "sobol_samples": _int("sobol_samples"),
    "seed": _int("seed", rule=SEED_RULE),
    "target": Spec("float", 0.0, 1.0, rule=SHARE_RULE, **_SHARE),
    "probability": Spec("float", 0.0, 1.0, rule="must be a probability strictly between 0 and 1",
                        **_SHARE),
    "target_year": _int("year"),
    "end_year": _int("year"),
    "origin_from": _int("origin"),
    "origin_to": _int("origin"),
    "horizon_years": _int("horizon_years"),
    "jobs": _int("jobs"),
    "timeout": _int("timeout", rule="must be a whole number of seconds in [1, 86_400] (finite; "
                                    "the per-cell timeout of the kernel)"),
    "lang": Spec("choice", choices=_languages),
    "boundary": Spec("choice", choices=_boundaries),
    "basis": Spec("choice", choices=_bases),
    "lever": Spec("choice", choices=_levers),
    "output_mode": Spec("choice", choices=_output_modes),
    "sensitivity_method": Spec("choice", choices=("tornado", "sobol", "none")),
    "text": Spec("text"),
    "uncertainty": Spec("flag"),
    "cost_weight": Spec("float", LIMITS["cost_weight"].low, LIMITS["cost_weight"].high,
                        rule="must be >= 0 and at most 1e12 (a cost per VND; weights are "
                             "relative, larger ones overflow the solver's costs)"),
    "explorer_drivers": _int("explorer_drivers"),
}


def spec(name: str) -> Spec:
    """The :class:`Spec` of ``name`` (KeyError for an undeclared name)."""
    return SPECS[name]


def argtype(name: str, flag: str, arguments: tuple[str, ...] = ()) -> Callable[[str], Any]:
    """``SPECS[name].argtype(flag, arguments)`` - the argparse ``type=`` of an option."""
    return SPECS[name].argtype(flag, arguments)


def check(name: str, value: Any, argument: str | None = None) -> Any:
    """Check a library function's argument against ``SPECS[name]``; return it normalised.

    Parameters
    ----------
    name : str
        The declaration (a key of :data:`SPECS`).
    value : Any
    argument : str, optional
        The function's own name for the argument, for the message (default ``name``).

    Raises
    ------
    UsageError
        ``<argument>: value … <rule>``, with ``argument`` set (the command line shows its
        flag instead: :func:`flag_for`).
    """
    return SPECS[name].check(value, argument or name)


def flag_for(parser: argparse.ArgumentParser, argument: str) -> str | None:
    """The option of ``parser`` that feeds the library argument ``argument``: the one whose
    destination or declared ``arguments`` (:meth:`Spec.argtype`) is that name."""
    for action in parser._actions:  # noqa: SLF001 - argparse has no public listing
        fed = (action.dest, *getattr(action.type, "arguments", ()))
        if argument in fed and action.option_strings:
            return max(action.option_strings, key=len)
    return None


def check_values(values: dict, where: str = "parameters") -> dict:
    """Check every ``values[name]`` that has a :class:`Spec`; return the normalised dict.

    Names without a spec pass unchanged (a notebook's own free parameters are checked by
    type when the renderer coerces them); ``None`` means "not set".
    """
    out = dict(values)
    for name, value in values.items():
        if name in SPECS and value is not None:
            out[name] = SPECS[name].check(value, f"{where}, parameter {name!r}")
    return out


# ------------------------------------------------------------------------------- memory
def memory_budget() -> int:
    """Bytes one Monte Carlo may use: ``HPRESEARCH_MEMORY_BUDGET`` (``2G``, ``512M``, bytes)
    or :data:`DEFAULT_MEMORY_BUDGET`."""
    raw = os.environ.get("HPRESEARCH_MEMORY_BUDGET")
    if raw is None or not raw.strip():
        return DEFAULT_MEMORY_BUDGET
    match = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([kmgtKMGT]?)(?:i?[bB])?\s*", raw)
    if not match or float(match.group(1)) <= 0:
        raise UsageError(error_message(where="HPRESEARCH_MEMORY_BUDGET", value=raw,
                                       rule="must be a positive size such as 4G, 512M or a "
                                            "number of bytes"))
    return int(float(match.group(1)) * _SUFFIX[match.group(2).lower()])


def _size(n: float) -> str:
    for unit, k in (("TiB", 1 << 40), ("GiB", 1 << 30), ("MiB", 1 << 20)):
        if n >= k:
            return f"{n / k:.1f} {unit}"
    return f"{n / 1024:.0f} KiB"


def check_memory(argument: str, value: int, runs: int, years: int) -> None:
    """Refuse a Monte Carlo whose estimated peak memory exceeds the budget, before it
    allocates anything.

    Parameters
    ----------
    argument : str
        The argument that sets the size (``draws``, ``n_base``), for the message.
    value : int
        Its value.
    runs : int
        Model runs held in memory at once (draws, or Sobol's N × (2k + 2)).
    years : int
        Projected years per run.
    """
    need = int(runs) * max(int(years), 1) * BYTES_PER_DRAW_YEAR
    budget = memory_budget()
    if need > budget:
        raise UsageError(error_message(
            where=argument, value=value,
            rule=f"needs about {_size(need)} ({runs:,} runs x {years} years x "
                 f"{BYTES_PER_DRAW_YEAR} bytes), more than the memory budget of "
                 f"{_size(budget)} (set HPRESEARCH_MEMORY_BUDGET to allow more)"),
            argument=argument)
