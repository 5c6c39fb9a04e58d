"""Calibrate percentile bands to past forecast errors: bias correction, then width scaling.

A Monte Carlo band says how uncertain the engine *thinks* it is; past errors say how uncertain
it *was*. Following Reifschneider & Tulip (2019), who set the width of the Federal Reserve's
published uncertainty bands from the errors of past forecasts, and Knüppel (2014), who
estimates forecast uncertainty from recent errors pooled across horizons where single
horizons have too few, the bands are recentred and rescaled with the engine backtest's own
errors:

1. **standardise**: ``z = (actual - median) / sigma`` with ``sigma = (p90 - p10) / 2.563``
   (the normal distance between the 10th and 90th percentiles, ``2 Phi^-1(0.9)``) from the
   forecast's own Monte Carlo band (``(p95 - p5) / 3.290`` when only those are given);
2. **correct bias first**: ``b = mean(z)``; the band is recentred on the bias-corrected
   median ``p50 + b sigma``;
3. **then scale** every percentile's distance from the median by the scale of its band
   level ``c`` (``p25``/``p75``: 0.5; ``p10``/``p90``: 0.8; ``p5``/``p95``: 0.9):
   ``p_q' = p50 + b sigma + s_c (p_q - p50)``, with ``s_c`` from the residuals
   ``r = z - b`` by one of two methods:

   * ``"conformal"`` (default): split-conformal quantiles of ``|r|`` - ``q_c`` = the
     ``ceil((n+1) c)``-th smallest of the ``n`` values (infinite when that exceeds ``n``)
     and ``s_c = q_c / Phi^-1((1+c)/2)``, so the scaled band of level ``c`` is
     ``+- q_c sigma`` around the recentred median for a normal Monte Carlo band. It makes
     no assumption on the shape of the errors, which matters here: the pooled standardised
     errors mix growth, level and share series whose Monte Carlo bands are too narrow by
     very different factors, so their distribution is far from normal (heavy tails);
   * ``"scaling"``: one normal scale ``s = sd(r)`` (sample sd, ``n - 1``) for every level -
     right if ``r`` is normal with sd ``s``.

Rule for horizons (stated): a horizon with at least :data:`MIN_PER_HORIZON` (30) errors uses
its own ``b`` and scales; otherwise the values pooled over every horizon (Knüppel 2014: pooling
across horizons is the efficient estimator when each horizon has few errors). With the
shipped data each horizon has 12-22 errors: per-horizon 80% quantiles would rest on two to
four points, and their noise made the fan narrower and its median jump back at horizon 3
(a 2027 band wider than the 2030 one); pooled, the fan widens steadily with the model's own
spread and the bias is one multiple of it; with fewer than
:data:`MIN_ERRORS` errors in all there is no calibration ("warm-up"; 4 is the fewest for
which the 80% conformal quantile is finite). Horizons longer than the longest one with
errors hold the longest one's values. Levels between the tabulated ones
(:data:`LEVELS`) interpolate their scale linearly; beyond them the nearest is held.

Zero-width bands (``sigma = 0``) have no standardised error; they are left out of the
learning set and stay zero-width (only recentred by ``b sigma = 0``).

This module is pure (DataFrames and arrays in, DataFrames out); the errors come from
:func:`hpresearch.backtest.fan_calibration`.

References
----------
Reifschneider, D., Tulip, P. (2019). "Gauging the uncertainty of the economic outlook using
historical forecasting errors: the Federal Reserve's approach." *International Journal of
Forecasting* 35(4), 1409-1423 (FEDS 2017-020).
Knüppel, M. (2014). "Efficient estimation of forecast uncertainty based on recent forecast
errors." *International Journal of Forecasting* 30(2), 257-267.
Vovk, V., Gammerman, A., Shafer, G. (2005). *Algorithmic Learning in a Random World*.
Springer; Lei, J., G'Sell, M., Rinaldo, A., Tibshirani, R. J., Wasserman, L. (2018).
"Distribution-free predictive inference for regression." *JASA* 113(523), 1094-1111
(split-conformal quantiles).
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
from scipy import stats

#: Fewest known errors (all horizons) for any calibration; below it a forecast is "warm-up"
#: (4 is the fewest with a finite 80% conformal quantile: ceil(5 x 0.8) = 4 <= 4).
MIN_ERRORS = 4
#: Fewest errors of one horizon for that horizon's own bias and scales (else pooled; see the
#: module docstring for why 30).
MIN_PER_HORIZON = 30
#: Calibration methods; the first is the default.
METHODS = ("conformal", "scaling")
DEFAULT_METHOD = METHODS[0]
#: Central band levels with a tabulated scale (deciles, quartiles and the 90% band).
LEVELS = (0.2, 0.4, 0.5, 0.6, 0.8, 0.9)
REFERENCE = ("Reifschneider, D. & Tulip, P. (2019), 'Gauging the uncertainty of the economic "
             "outlook using historical forecasting errors: the Federal Reserve's approach', "
             "International Journal of Forecasting 35(4) (FEDS 2017-020); Knüppel, M. (2014), "
             "'Efficient estimation of forecast uncertainty based on recent forecast errors', "
             "International Journal of Forecasting 30(2), 257-267; split-conformal quantiles: "
             "Lei, J. et al. (2018), 'Distribution-free predictive inference for regression', "
             "JASA 113(523)")
#: ``p90 - p10`` of a normal distribution in units of its sd.
WIDTH_80 = 2.0 * float(stats.norm.ppf(0.9))
#: ``p95 - p5`` of a normal distribution in units of its sd.
WIDTH_90 = 2.0 * float(stats.norm.ppf(0.95))


def method_text(method: str = DEFAULT_METHOD) -> str:
    """One-line statement of a calibration method and its rules (recorded in outputs)."""
    _check(method)
    scale = ("split-conformal quantiles q_c of |z - b| (the ceil((n+1)c)-th smallest), "
             "s_c = q_c/Phi^-1((1+c)/2)" if method == "conformal"
             else "one normal scale s = sd(z - b) for every level")
    return ("standardised errors z = (actual - median)/sigma, sigma = (p90 - p10)/2.563 of the "
            "Monte Carlo band; bias b = mean(z) corrected first (recentred median p50 + b "
            f"sigma), then each band level c scaled: {scale}; by horizon with >= "
            f"{MIN_PER_HORIZON} errors, else pooled over horizons; warm-up (no calibration) "
            f"with fewer than {MIN_ERRORS} errors")


def _check(method: str) -> None:
    if method not in METHODS:
        raise ValueError(f"band calibration method {method!r} not in {METHODS}")


def sigma_from_bands(lo: Any, hi: Any, level: float = 0.8) -> np.ndarray:
    """Normal-equivalent sd of a central band: ``(hi - lo) / (2 Phi^-1((1 + level)/2))``."""
    width = np.asarray(hi, dtype=float) - np.asarray(lo, dtype=float)
    return width / (2.0 * float(stats.norm.ppf(0.5 + level / 2.0)))


def standardized_errors(actual: Any, median: Any, sigma: Any) -> np.ndarray:
    """``z = (actual - median) / sigma``; NaN where ``sigma`` is 0 or missing."""
    a, m, s = (np.asarray(x, dtype=float) for x in (actual, median, sigma))
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(np.isfinite(s) & (s > 0), (a - m) / s, np.nan)


def conformal_quantile(values: Any, level: float) -> float:
    """Split-conformal quantile: the ``ceil((n+1) level)``-th smallest value (inf if > n)."""
    v = np.sort(np.asarray(values, dtype=float))
    k = math.ceil((len(v) + 1) * level - 1e-12)
    return float(v[k - 1]) if 1 <= k <= len(v) else math.inf


def _fit(z: np.ndarray, method: str) -> dict[str, float]:
    b = float(np.mean(z))
    r = z - b
    out = {"bias": b}
    if method == "scaling":
        s = float(np.std(r, ddof=1))
        out.update({f"scale{round(c * 100)}": s for c in LEVELS})
    else:
        a = np.abs(r)
        for c in LEVELS:
            out[f"scale{round(c * 100)}"] = conformal_quantile(a, c) / float(
                stats.norm.ppf(0.5 + c / 2.0))
    return out


SCALE_COLUMNS = [f"scale{round(c * 100)}" for c in LEVELS]


def scaling_for(z: Any, horizons: Any, horizon: int, method: str = DEFAULT_METHOD,
                min_errors: int = MIN_ERRORS, min_per_horizon: int = MIN_PER_HORIZON
                ) -> dict[str, Any] | None:
    """Bias and scales for one ``horizon`` from standardised errors (the stated rule).

    Parameters
    ----------
    z : array-like
        Standardised errors (NaN entries are dropped).
    horizons : array-like of int
        Horizon (years ahead) of each error.
    horizon : int
        Horizon to calibrate.
    method : {"conformal", "scaling"}
    min_errors, min_per_horizon : int

    Returns
    -------
    dict or None
        ``{bias, scale20 ... scale90, n, n_horizon, rule}``: the horizon's own values when it
        has at least ``min_per_horizon`` errors (``rule = "horizon"``), else the values pooled
        over every horizon (``"pooled"``); ``None`` (warm-up) with fewer than ``min_errors``
        errors.

    Examples
    --------
    Four errors of horizon 1 (too few for a horizon of their own) are pooled. With
    ``z = [0, 1, 2, 5]`` the bias is ``b = 2`` and ``|z - b| = [2, 1, 0, 3]``; ``"scaling"``
    gives ``s = sd([-2, -1, 0, 3]) = sqrt(14/3)`` at every level; ``"conformal"`` gives the
    ``ceil(5 x 0.8) = 4``-th smallest ``|z - b|`` = 3 at the 80% level, so
    ``scale80 = 3 / 1.2816``.
    """
    _check(method)
    z = np.asarray(z, dtype=float)
    h = np.asarray(horizons, dtype=int)
    keep = np.isfinite(z)
    z, h = z[keep], h[keep]
    if len(z) < max(int(min_errors), 2):
        return None
    zh = z[h == int(horizon)]
    if len(zh) >= max(int(min_per_horizon), 2):
        return {**_fit(zh, method), "n": len(zh), "n_horizon": len(zh), "rule": "horizon"}
    return {**_fit(z, method), "n": len(z), "n_horizon": len(zh), "rule": "pooled"}


def learn_scaling(z: Any, horizons: Any, method: str = DEFAULT_METHOD,
                  min_errors: int = MIN_ERRORS, min_per_horizon: int = MIN_PER_HORIZON
                  ) -> pd.DataFrame:
    """:func:`scaling_for` for every horizon from 1 to the longest with an error.

    Returns
    -------
    DataFrame
        Indexed by ``horizon`` (1 .. longest): ``bias``, ``scale20`` ... ``scale90``, ``n``,
        ``n_horizon``, ``rule``. Empty when fewer than ``min_errors`` errors are given.
    """
    cols = ["bias", *SCALE_COLUMNS, "n", "n_horizon", "rule"]
    z = np.asarray(z, dtype=float)
    h = np.asarray(horizons, dtype=int)
    longest = int(h[np.isfinite(z)].max()) if np.isfinite(z).any() else 0
    rows = {}
    for hz in range(1, longest + 1):
        got = scaling_for(z, h, hz, method, min_errors, min_per_horizon)
        if got is None:
            break
        rows[hz] = got
    out = (pd.DataFrame.from_dict(rows, orient="index")[cols] if rows
           else pd.DataFrame(columns=cols))
    out.index.name = "horizon"
    return out


def level_scale(scales: Any, level: float) -> float:
    """Scale of a band ``level`` from a row's ``scale20 ... scale90``.

    Linear in the level between tabulated levels, the nearest held beyond them; infinite
    when a bracketing scale is infinite (a conformal quantile with too few errors).
    """
    xs = LEVELS
    ys = [float(scales[c]) for c in SCALE_COLUMNS]
    if level <= xs[0]:
        return ys[0]
    if level >= xs[-1]:
        return ys[-1]
    i = next(j for j in range(1, len(xs)) if level <= xs[j])
    w = (level - xs[i - 1]) / (xs[i] - xs[i - 1])
    if w == 0.0:
        return ys[i - 1]
    if w == 1.0:
        return ys[i]
    if not (math.isfinite(ys[i - 1]) and math.isfinite(ys[i])):
        return math.inf
    return (1.0 - w) * ys[i - 1] + w * ys[i]


def recentre_and_scale(median: Any, values: Any, sigma: Any, bias: Any, scale: Any) -> np.ndarray:
    """``median + bias*sigma + scale*(values - median)`` (one percentile, element-wise)."""
    m, v, s, b, k = (np.asarray(x, dtype=float) for x in (median, values, sigma, bias, scale))
    with np.errstate(invalid="ignore"):
        d = np.where(v == m, 0.0, k * (v - m))
    return m + b * s + d


def _percentile_columns(bands: pd.DataFrame) -> list[str]:
    return [c for c in bands.columns if isinstance(c, str) and c.startswith("p")
            and c[1:].replace(".", "", 1).isdigit()]


@dataclass(frozen=True)
class FanCalibration:
    """Bias and band-width scales by horizon, learned from past forecast errors.

    Attributes
    ----------
    table : DataFrame
        Indexed by horizon (years ahead): ``bias`` (in units of sigma; positive = outcomes
        above the median), ``scale20`` ... ``scale90`` (multipliers of the distance from
        the median of the band of that level), ``n`` (errors behind the values),
        ``n_horizon``, ``rule`` (``horizon``/``pooled``). Horizons beyond the last row hold
        its values.
    method : {"conformal", "scaling"}
    reference : str
    n_errors : int
        Errors in the learning set.
    source : str
        Which errors (series, mode, origins, vintage).
    """

    table: pd.DataFrame
    method: str = DEFAULT_METHOD
    reference: str = REFERENCE
    n_errors: int = 0
    source: str = ""
    meta: dict[str, Any] = field(default_factory=dict)

    @property
    def max_horizon(self) -> int:
        """Longest horizon with its own row (longer horizons hold its values)."""
        return int(self.table.index.max()) if len(self.table) else 0

    def at(self, horizon: int) -> dict[str, Any] | None:
        """Row of ``horizon`` (longer horizons: the last row); ``None`` for horizon < 1."""
        if horizon < 1 or self.table.empty:
            return None
        row = self.table.loc[min(int(horizon), self.max_horizon)]
        return {k: (v.item() if hasattr(v, "item") else v) for k, v in row.items()}

    def apply(self, bands: pd.DataFrame, base_year: int) -> pd.DataFrame:
        """Recentre and rescale the percentile bands of a projection.

        Parameters
        ----------
        bands : DataFrame
            Indexed by year, with percentile columns ``p5 ... p95`` (or ``p10 ... p90``;
            every ``p<q>`` column is transformed) including ``p50``; a ``mean`` column is
            shifted by the bias; other columns are left as they are.
        base_year : int
            Last year of data: year ``base_year + h`` has horizon ``h``; years at or before
            it are returned unchanged.

        Returns
        -------
        DataFrame
            Same shape and index: ``p_q' = p50 + b sigma + s_c (p_q - p50)`` with
            ``c = |2q - 100| / 100`` the band level of ``p_q``, ``mean' = mean + b sigma``,
            ``sigma = (p90 - p10)/2.563`` of the input row (``(p95 - p5)/3.290`` without
            ``p10``/``p90``) and ``b``, ``s_c`` of the row's horizon. A level whose
            conformal quantile needs more errors than were known (90% needs at least 9)
            has an infinite scale: its percentiles become infinite - check
            ``table`` before drawing such a band.

        Raises
        ------
        ValueError
            No ``p50`` column, or neither ``p10``/``p90`` nor ``p5``/``p95``.
        """
        pcols = _percentile_columns(bands)
        if "p50" not in pcols:
            raise ValueError("FanCalibration.apply: bands need a 'p50' column")
        if {"p10", "p90"} <= set(pcols):
            sigma = (bands["p90"] - bands["p10"]).to_numpy(dtype=float) / WIDTH_80
        elif {"p5", "p95"} <= set(pcols):
            sigma = (bands["p95"] - bands["p5"]).to_numpy(dtype=float) / WIDTH_90
        else:
            raise ValueError("FanCalibration.apply: bands need p10/p90 or p5/p95 columns")
        out = bands.copy()
        median = bands["p50"].to_numpy(dtype=float)
        n = len(bands)
        b = np.zeros(n)
        scale = {c: np.ones(n) for c in pcols}
        for i, y in enumerate(np.asarray(bands.index, dtype=int)):
            row = self.at(int(y) - int(base_year))
            if row is None:
                continue
            b[i] = float(row["bias"])
            for c in pcols:
                level = abs(2.0 * float(c[1:]) - 100.0) / 100.0
                scale[c][i] = level_scale(row, level) if level > 0 else 1.0
        for c in pcols:
            out[c] = recentre_and_scale(median, bands[c].to_numpy(dtype=float), sigma, b,
                                        scale[c])
        if "mean" in out.columns:
            out["mean"] = bands["mean"].to_numpy(dtype=float) + b * sigma
        return out

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> "FanCalibration":
        """Inverse of :meth:`to_dict` (infinite scales round-trip as strings)."""
        rows = {int(r["horizon"]): {k: (float(v) if k not in ("rule", "horizon") and v is not None
                                        else v) for k, v in r.items() if k != "horizon"}
                for r in d["horizons"]}
        cols = ["bias", *SCALE_COLUMNS, "n", "n_horizon", "rule"]
        table = (pd.DataFrame.from_dict(rows, orient="index")[cols] if rows
                 else pd.DataFrame(columns=cols))
        for c in ("n", "n_horizon"):
            if len(table):
                table[c] = table[c].astype(int)
        table.index.name = "horizon"
        meta = {k: v for k, v in d.items() if k not in (
            "horizons", "longest_horizon_held", "method", "method_text", "reference",
            "n_errors", "source")}
        return cls(table=table, method=d["method"], reference=d["reference"],
                   n_errors=int(d["n_errors"]), source=d["source"], meta=meta)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready dict: per-horizon rows, method, reference, learning-set size."""
        rows = [{"horizon": int(h), **{k: (v.item() if hasattr(v, "item") else v)
                                       for k, v in r.items()}}
                for h, r in self.table.to_dict(orient="index").items()]
        return {"horizons": rows, "longest_horizon_held": self.max_horizon,
                "method": self.method, "method_text": method_text(self.method),
                "reference": self.reference, "n_errors": self.n_errors,
                "source": self.source, **self.meta}
