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

from hpresearch.argspec import SPECS, check_memory, check_values
from hpresearch.errors import UsageError, error_message, quoted

#: Earliest calibration (base) year: the Monte Carlo holds every year from it to the
#: target year, so the memory estimate counts ``target_year - BASE_YEAR_MIN + 1`` years.
BASE_YEAR_MIN = 2023


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
            raise UsageError(error_message(where=f"{where}, parameter {quoted(name)}",
                                           value=value, rule="is not an integer"))
        return value
    if type_name == "float":
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise UsageError(error_message(where=f"{where}, parameter {quoted(name)}",
                                           value=value, rule="is not a number"))
        return float(value)
    if type_name == "bool":
        if not isinstance(value, bool):
            raise UsageError(error_message(where=f"{where}, parameter {quoted(name)}",
                                           value=value, rule="is not True/False"))
        return value
    if type_name == "str":
        if isinstance(value, (bool, type(None))):
            raise UsageError(error_message(where=f"{where}, parameter {quoted(name)}",
                                           value=value, rule="is not text"))
        return str(value)
    return value


def check(values: dict, where: str = "parameters", scenario_params: dict | None = None) -> dict:
    """Check the domains of parameter ``values`` (and what they need together); return them.

    * type, range, finiteness and choices of every declared parameter
      (:func:`hpresearch.argspec.check_values`);
    * the registry's combination rules (``hpresearch/parameters/constraints.yaml``) on the
      values together with ``scenario_params`` (a scenario's composed parameters);
    * the memory a Monte Carlo of ``draws`` (and ``sensitivity_draws``) draws to
      ``target_year`` would need (:func:`hpresearch.argspec.check_memory`).

    Raises
    ------
    UsageError or ScenarioError
        One line naming the parameter, the value and the allowed set, range or rule.
    """
    checked = check_values(values, where)
    if scenario_params is not None or "target_year" in checked:
        from hpresearch.parameters.registry import check_constraints, constraint_values

        combined = constraint_values(scenario_params or {}) if scenario_params is not None \
            else {}
        combined.update({k: v for k, v in checked.items() if v is not None})
        check_constraints(combined, where)
    years = (checked.get("target_year") or 2030) - BASE_YEAR_MIN + 1
    for name in ("draws", "sensitivity_draws"):
        if isinstance(checked.get(name), int):
            check_memory(f"{where}, parameter {name!r}", checked[name], checked[name], years)
    out = dict(values)
    out.update({k: v for k, v in checked.items() if k in values})
    return out


#: Notebook parameters that a narrower declaration governs than their name's: the explorer's
#: fan needs at least 2,000 draws (``argspec`` ``explorer_draws``, what the explorer checks).
NARROWER = {("05_explorer", "draws"): "explorer_draws"}


def validate(notebook: str, path: Path, overrides: dict) -> dict:
    """Validate ``overrides`` against the notebook's declared parameters.

    Returns the overrides converted to the declared types. Unknown names are errors.
    """
    declared = notebook_parameters(path)
    out = {}
    for name, value in overrides.items():
        if name not in declared:
            known = ", ".join(sorted(declared)) or "none"
            raise UsageError(f"notebook {notebook}: unknown parameter {quoted(name)} "
                             f"(its parameters: {known})")
        type_name = declared[name].get("inferred_type_name")
        out[name] = coerce(name, value, type_name, f"notebook {notebook}")
        if (type_name or "").strip() == "str" and name not in SPECS:
            SPECS["text"].check(out[name], f"notebook {notebook}, parameter {name!r}")
        if (notebook, name) in NARROWER:
            SPECS[NARROWER[notebook, name]].check(out[name],
                                                  f"notebook {notebook}, parameter {name!r}")
    return check(out, f"notebook {notebook}")
