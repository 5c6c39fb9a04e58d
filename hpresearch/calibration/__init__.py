"""Calibration: everything the engine and the Monte Carlo take from the data.

* :mod:`~hpresearch.calibration.base` - what the engine takes from data (:class:`Calibration`);
* :mod:`~hpresearch.calibration.information` - information sets: today's
  (:func:`today`) and a past forecast origin's (:func:`at_origin`);
* :mod:`~hpresearch.calibration.rules` - calibration as data: one rule per ``calibrated:``
  name of the registry, applied to an information set (:func:`calibrate_from`); the reports'
  calibration (:func:`calibrate`, today's information) and every backtest origin's use the
  same rules;
* :mod:`~hpresearch.calibration.adoption` - the logistic adoption speed fitted to Viet Nam's
  GSO series;
* :mod:`~hpresearch.calibration.fits` - statsmodels fits of growth dynamics and investment
  relations, the Monte Carlo's growth shocks, and what the data cannot identify
  (:func:`calibration_report`);
* :mod:`~hpresearch.calibration.synthetic` - a round-number calibration for tests.

Every module reads observations only through :mod:`hpresearch.data`. Failures raise
:class:`hpresearch.errors.CalibrationError`.
"""
from __future__ import annotations

from hpresearch._lazy import lazy_exports

_EXPORTS = {
    "calibrate": "rules", "Calibration": "base", "calibrate_from": "rules",
    "InformationSet": "information", "today": "information", "at_origin": "information",
    "calibration_report": "fits", "CalibrationReport": "fits",
}

__getattr__, __dir__, __all__ = lazy_exports(__name__, _EXPORTS)
