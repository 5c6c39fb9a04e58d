"""Notebook parameters: read them with papermill, validate them before any kernel starts.

papermill only warns about unknown parameters and does not check types. The renderer
therefore reads each notebook's ``parameters`` cell with :func:`papermill.inspect_notebook`
and rejects unknown names, wrong types and values outside each parameter's domain with a
one-line :class:`~hpresearch.errors.UsageError`. Notebooks call :func:`check` again right
after their ``parameters`` cell, so a run started from JupyterLab or plain papermill is
validated the same way.
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from hpresearch.data.vocabulary import BOUNDARIES, PANEL_BASES
from hpresearch.errors import UsageError
from hpresearch.i18n import LANGUAGES


def _levers() -> tuple[str, ...]:
    from hpresearch.model.levers import levers

    return tuple(levers())


#: Allowed values of enumerated parameters (boundaries and bases from the data vocabulary,
#: levers from the parameter registry: declared once, read here).
CHOICES = {
    "lang": LANGUAGES,
    "boundary": tuple(BOUNDARIES),
    "basis": PANEL_BASES,
    "lever": _levers(),
    "sensitivity_method": ("tornado", "sobol", "none"),
}
#: Inclusive numeric ranges of numeric parameters.
RANGES = {
    "draws": (1, 1_000_000),
    "seed": (0, 2**32 - 1),
    "target": (0.01, 0.99),
    "target_year": (2025, 2045),
    "horizon": (2026, 2045),
    "origin_from": (2010, 2025),
    "probability": (0.01, 0.99),
    "sobol_samples": (8, 65536),
    "sensitivity_draws": (10, 100_000),
    "horizon_years": (1, 10),
}


@lru_cache(maxsize=64)
def _inspect(path: str, mtime: float) -> dict:
    import papermill

    return papermill.inspect_notebook(path)


def notebook_parameters(path: Path) -> dict[str, dict]:
    """Return ``{name: {"inferred_type_name", "default", "help"}}`` of a notebook."""
    path = Path(path)
    return _inspect(str(path), path.stat().st_mtime)


def parse_cli_value(raw: str):
    """Parse a ``-p KEY VALUE`` value the way papermill does (bool, None, int, float, str)."""
    if raw in ("True", "true"):
        return True
    if raw in ("False", "false"):
        return False
    if raw == "None":
        return None
    for cast in (int, float):
        try:
            return cast(raw)
        except ValueError:
            continue
    return raw


def coerce(name: str, value, type_name: str | None, where: str):
    """Return ``value`` converted to the declared ``type_name`` or raise UsageError."""
    type_name = (type_name or "None").strip()
    if type_name == "int":
        if isinstance(value, bool) or not isinstance(value, int):
            if isinstance(value, float) and value.is_integer():
                return int(value)
            raise UsageError(f"{where}, parameter {name!r}: value {value!r} is not an integer")
        return value
    if type_name == "float":
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise UsageError(f"{where}, parameter {name!r}: value {value!r} is not a number")
        return float(value)
    if type_name == "bool":
        if not isinstance(value, bool):
            raise UsageError(f"{where}, parameter {name!r}: value {value!r} is not True/False")
        return value
    if type_name == "str":
        if isinstance(value, (bool, type(None))):
            raise UsageError(f"{where}, parameter {name!r}: value {value!r} is not text")
        return str(value)
    return value


def check(values: dict, where: str = "parameters") -> dict:
    """Check enumerated and numeric domains of parameter ``values``; return them.

    Raises
    ------
    UsageError
        One line naming the parameter, the value and the allowed set or range.
    """
    for name, value in values.items():
        if name in CHOICES and value not in CHOICES[name]:
            raise UsageError(f"{where}, parameter {name!r}: value {value!r} is not one of "
                             f"{', '.join(CHOICES[name])}")
        if name in RANGES and value is not None:
            low, high = RANGES[name]
            if isinstance(value, bool) or not isinstance(value, (int, float)) \
                    or not low <= value <= high:
                raise UsageError(f"{where}, parameter {name!r}: value {value!r} is outside "
                                 f"[{low}, {high}]")
    return values


def validate(notebook: str, path: Path, overrides: dict) -> dict:
    """Validate ``overrides`` against the notebook's declared parameters.

    Returns the overrides converted to the declared types. Unknown names are errors.
    """
    declared = notebook_parameters(path)
    out = {}
    for name, value in overrides.items():
        if name not in declared:
            known = ", ".join(sorted(declared)) or "none"
            raise UsageError(f"notebook {notebook}: unknown parameter {name!r} "
                             f"(its parameters: {known})")
        out[name] = coerce(name, value, declared[name].get("inferred_type_name"),
                           f"notebook {notebook}")
    return check(out, f"notebook {notebook}")
