"""Projection model: parameter registry, scenarios, the vectorised engine, projections,
goal-seek (deterministic or probabilistic), the least-cost lever mix and the ICOR cross-check.

Public API (see ``docs/model.md``)::

    from hpresearch.model import (load_registry, load_scenario, list_scenarios,
                                  simulate_paths, resolve_params, project, goal_seek,
                                  requirement, reconciliation, merged_equivalent, icor_table)
                                  least_cost, icor_table)

Calibration to the data lives in :mod:`hpresearch.calibration`; uncertainty in
:mod:`hpresearch.uncertainty`.
"""
from __future__ import annotations

from importlib import import_module

_EXPORTS = {
    "load_registry": "registry", "ParamSpec": "registry",
    "parameter_table_markdown": "registry",
    "ScenarioWarning": "registry", "uncertainty_spec": "registry",
    "uncertainty_specs": "registry", "central_value": "registry", "param_text": "registry",
    "levers": "levers", "lever_name": "levers", "latest_actual": "levers",
    "LEVER_ALIASES": "levers",
    "simulate_paths": "engine", "resolve_params": "engine", "SIM_PARAMS": "engine",
    "OUTPUTS": "engine",
    "Scenario": "scenario", "scenario_text": "scenario", "load_scenario": "scenario",
    "list_scenarios": "scenario", "scenario_table": "scenario", "parse_overrides": "scenario",
    "project": "projection", "crossing_year": "projection",
    "goal_seek": "goalseek", "GoalSeekResult": "goalseek", "write_scenario": "goalseek",
    "requirement": "requirements", "Requirement": "requirements",
    "reconciliation": "merger", "merged_equivalent": "merger",
    "least_cost": "leastcost", "least_cost_spec": "leastcost", "LeastCostResult": "leastcost",
    "icor_table": "icor",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str):
    if name in _EXPORTS:
        return getattr(import_module(f"hpresearch.model.{_EXPORTS[name]}"), name)
    raise AttributeError(f"module 'hpresearch.model' has no attribute {name!r}")
