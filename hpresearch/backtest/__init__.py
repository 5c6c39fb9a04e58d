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
  intervals and the "too narrow"/"too wide" verdicts, per series and per kind of quantity
  with a sign test;
* :mod:`~hpresearch.backtest.record` - what the share record supports: the basis of
  every probability the reports state (calibrated on share errors, or model assumptions
  only).

Modules are imported on first use.
"""
from __future__ import annotations

from hpresearch._lazy import lazy_exports

_EXPORTS = {
    "run_backtest": "rolling", "BacktestResult": "rolling", "fan_calibration": "rolling",
    "share_record": "rolling", "ShareRecord": "record",
}

__getattr__, __dir__, __all__ = lazy_exports(__name__, _EXPORTS)
