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

from hpresearch._lazy import lazy_exports

_EXPORTS = {
    "calibrate": "base", "Calibration": "base", "from_panel": "base",
    "calibration_report": "fits", "CalibrationReport": "fits",
}

__getattr__, __dir__, __all__ = lazy_exports(__name__, _EXPORTS)
