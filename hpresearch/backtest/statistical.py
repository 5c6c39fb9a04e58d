"""The statistical benchmarks the engine backtest is scored against.

``ar1_logdrift``
    A calibrated statistical baseline, not the engine:

    * growth rates: AR(1) with constant fitted by statsmodels (:func:`ar1_forecast`), with
      Gaussian bands from the AR(1) forecast distribution; with fewer than four points the
      mean and sample sd (a single point: the last value with a zero-width band, which the
      scores exclude and count);
    * shares and GRDP levels: constant relative growth (:func:`logdrift_forecast`),
      ``x_{T+h} = x_T exp(h d)`` with ``d`` the mean annual log change up to ``T`` (0 with a
      single point) and log-normal bands from the sd of annual log changes (floor:
      :data:`LOG_SD_FLOOR`).
``naive``
    UN ESCAP-style time-weighted linear trend (:func:`naive_trend_forecast`): weighted least
    squares of the value on the year with weights rising linearly with time (``w = 1, 2,
    ..., n``; the most recent point weighs most), extrapolated linearly. One point: the last
    value. No band.

References
----------
Box, G. E. P., Jenkins, G. M. (1976). *Time Series Analysis: Forecasting and Control*
(AR(1) forecast distribution).
UN ESCAP (2017). *Tracking progress towards the SDGs: measuring the otherwise ambiguous
progress*, SD/WP/05 (Anticipated Progress Index, time-weighted trend); UNECE SDG progress
report technical notes (2022-2026): "time-weighted linear regression ... gives more
importance to more recent data".
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Callable

import numpy as np
import pandas as pd
from scipy import stats

from hpresearch.calibration.fits import naive_trend_forecast  # noqa: F401  (re-exported)

#: Method names in the backtest output.
AR1_LOGDRIFT = "ar1_logdrift"
NAIVE = "naive"
#: Minimum sd of annual log changes used for log-drift bands (a handful of points can show
#: almost no variation; 0.03 = 3% relative per year).
LOG_SD_FLOOR = 0.03
#: Central bands reported, as (level, lower percentile, upper percentile).
BANDS = ((0.5, 25, 75), (0.8, 10, 90))


@dataclass(frozen=True)
class Forecast:
    """Point forecast plus central-band quantiles for each horizon year.

    ``bands[level] = (lower, upper)`` Series indexed by year.
    """

    point: pd.Series
    bands: dict[float, tuple[pd.Series, pd.Series]] = field(default_factory=dict)


def ar1_forecast(history: pd.Series, years: list[int]) -> Forecast:
    """AR(1) (statsmodels ARIMA(1,0,0)) forecast of a growth series with Gaussian bands.

    Falls back to the mean with the sample sd when fewer than 4 points are available (and
    to the last value with a zero-width band for a single point).
    """
    from hpresearch.calibration.fits import fit_ar1_memo
    from hpresearch.errors import CalibrationError

    h = history.dropna().sort_index()
    last = int(h.index[-1])
    steps = [y - last for y in years]
    if len(h) >= 4:
        try:
            fit = fit_ar1_memo(h)
            mu, phi, sigma = fit.coef("mean"), float(np.clip(fit.coef("phi"), -0.99, 0.99)), fit.sigma
        except CalibrationError:
            mu, phi, sigma = float(h.mean()), 0.0, 0.0
    else:
        mu, phi, sigma = float(h.mean()), 0.0, float(h.std(ddof=1)) if len(h) > 1 else 0.0
    y0 = float(h.iloc[-1])
    point, sd = {}, {}
    for step, year in zip(steps, years):
        point[year] = mu + phi ** step * (y0 - mu)
        var = sigma ** 2 * sum(phi ** (2 * j) for j in range(step))
        sd[year] = math.sqrt(var)
    p = pd.Series(point, dtype=float)
    s = pd.Series(sd, dtype=float)
    bands = {}
    for level, _, _ in BANDS:
        z = stats.norm.ppf(0.5 + level / 2)
        bands[level] = (p - z * s, p + z * s)
    return Forecast(point=p, bands=bands)


def logdrift_forecast(history: pd.Series, years: list[int]) -> Forecast:
    """Constant relative-growth (log-drift) forecast of a positive series, log-normal bands."""
    h = history.dropna().sort_index()
    y0, last = float(h.iloc[-1]), int(h.index[-1])
    if len(h) >= 2:
        t = h.index.to_numpy(dtype=float)
        lv = np.log(h.to_numpy(dtype=float))
        d_per_year = np.diff(lv) / np.diff(t)
        drift = float(np.mean(d_per_year))
        sd = float(np.std(d_per_year, ddof=1)) if len(d_per_year) > 1 else 0.0
    else:
        drift, sd = 0.0, 0.0
    sd = max(sd, LOG_SD_FLOOR)
    point, bands = {}, {level: ({}, {}) for level, _, _ in BANDS}
    for year in years:
        step = year - last
        point[year] = y0 * math.exp(drift * step)
        for level, _, _ in BANDS:
            z = stats.norm.ppf(0.5 + level / 2)
            bands[level][0][year] = point[year] * math.exp(-z * sd * math.sqrt(step))
            bands[level][1][year] = point[year] * math.exp(z * sd * math.sqrt(step))
    return Forecast(point=pd.Series(point, dtype=float),
                    bands={b: (pd.Series(lo, dtype=float), pd.Series(hi, dtype=float))
                           for b, (lo, hi) in bands.items()})


#: ``ar1_logdrift`` forecaster by series kind.
FORECASTERS: dict[str, Callable[[pd.Series, list[int]], Forecast]] = {
    "growth": ar1_forecast,
    "share": logdrift_forecast,
    "level": logdrift_forecast,
}
