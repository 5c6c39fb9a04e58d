"""Projection model: parameter registry, scenarios, the vectorised engine, goal-seek, ICOR.

Public API (see ``docs/model.md``)::

    from hpresearch.model import (load_registry, load_scenario, list_scenarios, calibrate,
                                  simulate_paths, resolve_params, project, goal_seek,
                                  icor_table)
"""
from __future__ import annotations

from importlib import import_module

_EXPORTS = {
    "load_registry": "parameters", "ParamSpec": "parameters", "levers": "parameters",
    "uncertain_parameters": "parameters", "registry_table": "parameters",
    "ScenarioWarning": "parameters", "resolve_uncertainty": "parameters",
    "central_value": "parameters", "param_text": "parameters", "fdi_disbursement_ratios": "calibration",
    "Calibration": "calibration", "calibrate": "calibration", "from_panel": "calibration",
    "ModelCalibrationError": "calibration", "calibrate_adoption_speed": "calibration",
    "simulate_paths": "engine", "resolve_params": "engine", "SIM_PARAMS": "engine",
    "OUTPUTS": "engine",
    "Scenario": "scenarios", "scenario_text": "scenarios", "load_scenario": "scenarios", "list_scenarios": "scenarios",
    "scenario_table": "scenarios", "parse_overrides": "scenarios",
    "project": "projection", "crossing_year": "projection",
    "goal_seek": "goalseek", "GoalSeekResult": "goalseek", "write_scenario": "goalseek",
    "icor_table": "icor",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str):
    if name in _EXPORTS:
        return getattr(import_module(f"hpresearch.model.{_EXPORTS[name]}"), name)
    raise AttributeError(f"module 'hpresearch.model' has no attribute {name!r}")
