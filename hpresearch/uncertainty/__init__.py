"""Uncertainty: parameter distributions, the Monte Carlo, and sensitivity analysis.

* :mod:`~hpresearch.uncertainty.distributions` - registry ``uncertainty`` specs as
  truncated distributions sampled by inversion;
* :mod:`~hpresearch.uncertainty.spec` - a scenario on a boundary and basis bound to the
  engine for the Monte Carlo (:func:`build_spec`, :class:`ModelSpec`);
* :mod:`~hpresearch.uncertainty.montecarlo` - vectorised draws, fan-chart bands, P(target),
  the per-draw required lever and the probability solver (:func:`simulate`,
  :class:`SimulationResult`);
* :mod:`~hpresearch.uncertainty.sensitivity` - tornado and Sobol indices (SALib).

The probabilistic goal-seek is :func:`hpresearch.invest.goal_seek` with ``probability=``.
"""
from __future__ import annotations

from hpresearch._lazy import lazy_exports

_EXPORTS = {
    "simulate": "montecarlo", "simulate_spec": "montecarlo", "SimulationResult": "montecarlo",
    "solve_probability": "montecarlo",
    "build_spec": "spec", "ModelSpec": "spec", "LeverSpec": "spec",
    "parameter_distributions": "spec",
    "tornado": "sensitivity", "sobol_indices": "sensitivity", "SobolResult": "sensitivity",
    "scenario_tornado": "sensitivity", "scenario_sobol": "sensitivity",
}

__getattr__, __dir__, __all__ = lazy_exports(__name__, _EXPORTS)
