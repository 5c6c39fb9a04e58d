"""Parameters: the registry every layer reads, declared once.

* :mod:`~hpresearch.parameters.registry` - ``parameters.yaml`` (every parameter once, with
  units, limits, citation, uncertainty, stated values and vi/en texts) and
  ``constraints.yaml`` (combination rules): :func:`load_registry`, :class:`ParamSpec`,
  :func:`check_constraints`;
* :mod:`~hpresearch.parameters.levers` - the investment levers (``lever: true``): names,
  aliases, money units, latest actual levels.

It sits below calibration, the engine and the Monte Carlo, which all read it, and imports
nothing from them. Modules are imported on first use.
"""
from __future__ import annotations

from hpresearch._lazy import lazy_exports

_EXPORTS = {
    "load_registry": "registry", "ParamSpec": "registry", "ScenarioWarning": "registry",
    "parameter_table_markdown": "registry", "param_text": "registry",
    "check_constraints": "registry", "lever_name": "levers",
}

__getattr__, __dir__, __all__ = lazy_exports(__name__, _EXPORTS)
