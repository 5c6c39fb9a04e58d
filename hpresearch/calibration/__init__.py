"""Calibration: everything the engine and the Monte Carlo take from the data.

* :mod:`~hpresearch.calibration.base` - the base year and its values, trends and lever paths
  from the data panel (:func:`calibrate`, :class:`Calibration`);
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

from importlib import import_module

_EXPORTS = {
    "Calibration": "base", "calibrate": "base", "from_panel": "base",
    "calibrate_adoption_speed": "adoption", "adoption_speed_range": "adoption",
    "logistic_path": "adoption",
    "calibration_report": "fits", "CalibrationReport": "fits", "fit_growth_models": "fits",
    "fit_hac_ols": "fits", "fit_ar1": "fits", "shock_spec": "fits", "ShockSpec": "fits",
    "growth_series": "fits",
    "synthetic_calibration": "synthetic",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str):
    if name in _EXPORTS:
        return getattr(import_module(f"hpresearch.calibration.{_EXPORTS[name]}"), name)
    raise AttributeError(f"module 'hpresearch.calibration' has no attribute {name!r}")
