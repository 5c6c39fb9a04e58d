"""Evidence layer: statsmodels calibration, Monte Carlo, sensitivity and backtests.

Public API (imported lazily so ``import hpresearch.evidence`` stays cheap):

* :func:`simulate` / :class:`SimulationResult` (``montecarlo``)
* :func:`probabilistic_goal_seek` / :class:`ProbGoalSeekResult` (``goalseek``)
* :func:`scenario_tornado`, :func:`scenario_sobol` (``montecarlo``);
  :func:`tornado`, :func:`sobol_indices` (``sensitivity``)
* :func:`fit_growth_models`, :func:`fit_hac_ols`, :func:`calibration_report` (``calibration``)
* :func:`run_backtest` / :class:`BacktestResult`, :func:`naive_trend_forecast` (``backtest``)
* :class:`ParamDistribution` (``distributions``)
"""
from __future__ import annotations

import importlib

_EXPORTS = {
    "simulate": "montecarlo",
    "SimulationResult": "montecarlo",
    "scenario_tornado": "montecarlo",
    "scenario_sobol": "montecarlo",
    "uncertain_parameters": "engine",
    "build_spec": "engine",
    "probabilistic_goal_seek": "goalseek",
    "ProbGoalSeekResult": "goalseek",
    "tornado": "sensitivity",
    "sobol_indices": "sensitivity",
    "SobolResult": "sensitivity",
    "fit_growth_models": "calibration",
    "fit_hac_ols": "calibration",
    "calibration_report": "calibration",
    "run_backtest": "backtest",
    "BacktestResult": "backtest",
    "naive_trend_forecast": "backtest",
    "ParamDistribution": "distributions",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str):
    if name in _EXPORTS:
        module = importlib.import_module(f"{__name__}.{_EXPORTS[name]}")
        return getattr(module, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
