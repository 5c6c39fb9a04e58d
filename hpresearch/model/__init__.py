"""Projection model: parameter registry, scenarios, the vectorised engine, projections,
goal-seek (one entry point, ``solve``: one lever deterministic or probabilistic, or the
least-cost mix of several levers) and the ICOR cross-check.

Public API (see ``docs/model.md`` and "Public API" in ``docs/architecture.md``)::

    from hpresearch.model import (load_registry, load_scenario, list_scenarios, project,
                                  simulate_paths, resolve_params, solve, goal_seek, least_cost,
                                  requirement, reconciliation, merged_equivalent, icor_table)

Modules are imported on first use.

Calibration to the data lives in :mod:`hpresearch.calibration`; uncertainty in
:mod:`hpresearch.uncertainty`.
"""
from __future__ import annotations

from hpresearch._lazy import lazy_exports

_EXPORTS = {
    "load_registry": "registry", "parameter_table_markdown": "registry",
    "param_text": "registry", "ScenarioWarning": "registry",
    "Scenario": "scenario", "load_scenario": "scenario", "list_scenarios": "scenario",
    "scenario_text": "scenario",
    "simulate_paths": "engine", "resolve_params": "engine",
    "project": "projection",
    "solve": "goalseek", "goal_seek": "goalseek", "least_cost": "goalseek",
    "GoalSeekResult": "investment", "write_scenario": "goalseek",
    "least_cost_spec": "leastcost",
    "requirement": "requirements", "Requirement": "requirements",
    "reconciliation": "merger", "merged_equivalent": "merger",
    "icor_table": "icor",
}

__getattr__, __dir__, __all__ = lazy_exports(__name__, _EXPORTS)
