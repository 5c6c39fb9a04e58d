"""Uncertainty: parameter distributions, the Monte Carlo, and sensitivity analysis.

* :mod:`~hpresearch.uncertainty.distributions` - registry ``uncertainty`` specs as
  truncated distributions sampled by inversion;
* :mod:`~hpresearch.uncertainty.spec` - a scenario on a boundary and basis bound to the
  engine for the Monte Carlo (:func:`build_spec`, :class:`ModelSpec`);
* :mod:`~hpresearch.uncertainty.montecarlo` - vectorised draws, fan-chart bands, P(target),
  the per-draw required lever and the probability solver (:func:`simulate`,
  :class:`SimulationResult`);
* :mod:`~hpresearch.uncertainty.sensitivity` - tornado and Sobol indices (SALib).

The probabilistic goal-seek is :func:`hpresearch.model.goal_seek` with ``probability=``.
"""
from __future__ import annotations

from importlib import import_module

_EXPORTS = {
    "ParamDistribution": "distributions",
    "build_spec": "spec", "ModelSpec": "spec", "LeverSpec": "spec",
    "parameter_distributions": "spec",
    "simulate": "montecarlo", "simulate_spec": "montecarlo", "SimulationResult": "montecarlo",
    "solve_probability": "montecarlo", "required_lever": "montecarlo",
    "tornado": "sensitivity", "sobol_indices": "sensitivity", "SobolResult": "sensitivity",
    "scenario_tornado": "sensitivity", "scenario_sobol": "sensitivity",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str):
    if name in _EXPORTS:
        return getattr(import_module(f"hpresearch.uncertainty.{_EXPORTS[name]}"), name)
    raise AttributeError(f"module 'hpresearch.uncertainty' has no attribute {name!r}")
