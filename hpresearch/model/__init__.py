"""Projection model: scenarios, the vectorised engine, projections, the merger of the two
boundaries and the ICOR cross-check.

Public API (see ``docs/model.md`` and "Public API" in ``docs/architecture.md``)::

    from hpresearch.model import (load_scenario, list_scenarios, project, simulate_paths,
                                  resolve_params, reconciliation, merged_equivalent, icor_table)

Modules are imported on first use.

The parameter registry lives in :mod:`hpresearch.parameters`, calibration to the data in
:mod:`hpresearch.calibration`, uncertainty in :mod:`hpresearch.uncertainty` and the
investment question (goal-seek, least cost, requirement) in :mod:`hpresearch.invest`.
"""
from __future__ import annotations

from hpresearch._lazy import lazy_exports

_EXPORTS = {
    "Scenario": "scenario", "load_scenario": "scenario", "list_scenarios": "scenario",
    "scenario_text": "scenario",
    "simulate_paths": "engine", "resolve_params": "engine",
    "project": "projection",
    "reconciliation": "merger", "merged_equivalent": "merger",
    "icor_table": "icor",
}

__getattr__, __dir__, __all__ = lazy_exports(__name__, _EXPORTS)
