"""Backtests: how the engine and its benchmarks would have done, with honest bands.

* :mod:`~hpresearch.backtest.rolling` - the rolling-origin driver: information sets cut at
  each origin's publication date, the scored series, the engine's calibrated bands learned
  only from errors known at each origin, :func:`run_backtest`, :class:`BacktestResult` and
  :func:`fan_calibration` (the band calibration from every error known today);
* :mod:`~hpresearch.backtest.structural` - the projection engine itself at past origins
  (calibrated from the information set, deterministic and Monte Carlo, unconditional and
  conditional);
* :mod:`~hpresearch.backtest.statistical` - the benchmarks ``ar1_logdrift`` and ``naive``;
* :mod:`~hpresearch.backtest.scoring` - MAE, bias, band coverage with Clopper-Pearson
  intervals and the "too narrow"/"too wide" verdicts.

Modules are imported on first use.
"""
from __future__ import annotations

from importlib import import_module

_EXPORTS = {
    "run_backtest": "rolling", "BacktestResult": "rolling", "backtest_specs": "rolling",
    "information_set": "rolling", "benchmark_forecasts": "rolling",
    "engine_forecasts": "rolling", "calibrate_bands": "rolling", "fan_calibration": "rolling",
    "SeriesSpec": "rolling",
    "engine_forecast": "structural", "ENGINE": "structural",
    "naive_trend_forecast": "statistical", "ar1_forecast": "statistical",
    "logdrift_forecast": "statistical", "AR1_LOGDRIFT": "statistical", "NAIVE": "statistical",
    "score": "scoring", "coverage_interval": "scoring", "band_verdict": "scoring",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str):
    if name in _EXPORTS:
        return getattr(import_module(f"hpresearch.backtest.{_EXPORTS[name]}"), name)
    raise AttributeError(f"module 'hpresearch.backtest' has no attribute {name!r}")
