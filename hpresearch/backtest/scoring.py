"""Scores of backtest forecasts: accuracy, band coverage with a binomial interval, verdicts.

Per (series, method, mode, bands) and pooled over series (``series = "all"``):

* ``n`` points; ``mae`` and ``bias`` (mean of forecast - actual; positive = forecasts too
  high) of ``score_error`` - the error in fraction units for growth rates and shares
  (0.01 = 1 percentage point) and relative to the outcome for GRDP levels (0.01 = 1%), so
  that series in different units can be pooled; ``mape`` in percent of the outcome;
* the coverage of the central 50% and 80% bands (share of outcomes inside), over the
  points with a band of positive width (``n_band``; zero-width bands are never counted,
  ``n_zero_width`` says how many were left out; calibrated bands also leave out the
  ``n_warmup`` points that had too few earlier errors to learn from);
* a 95% Clopper-Pearson interval for each coverage (``scipy.stats.binomtest(...)
  .proportion_ci``) and a verdict: **too narrow** when the nominal level lies above the
  interval, **too wide** when it lies below, else **consistent**.

:func:`score_by_kind` pools per kind of quantity (``share``, ``growth``, ``level``) instead
of over every series: a pooled score can pass while the quantity the headline is about
fails. Each row adds the number of geographies, a sign test of the errors (``n_above``
forecasts above the outcome, ``n_below`` below, ``sign_p`` the two-sided binomial p-value
of ``n_above`` out of ``n_above + n_below`` under p = 1/2) and the naive trend's MAE on the
same (series, origin, year) points (``mae_naive``).

References
----------
Clopper, C. J., Pearson, E. S. (1934). "The use of confidence or fiducial limits illustrated
in the case of the binomial." *Biometrika* 26(4), 404-413.
Dixon, W. J., Mood, A. M. (1946). "The statistical sign test." *JASA* 41(236), 557-566.
Christoffersen, P. F. (1998). "Evaluating interval forecasts." *International Economic
Review* 39(4), 841-862 (coverage tests of interval forecasts).
"""
from __future__ import annotations

import math
from functools import lru_cache

import numpy as np
import pandas as pd

#: Nominal band levels (percent).
LEVELS = (50, 80)
#: Confidence of the coverage interval.
CONFIDENCE = 0.95
#: Verdicts (English codes; the report translates them).
TOO_NARROW, TOO_WIDE, CONSISTENT, NOT_SCORED = "too narrow", "too wide", "consistent", "not scored"

SCORE_COLUMNS = ["series", "kind", "method", "mode", "bands", "n", "mae", "bias", "mape", "n_band",
                 "n_zero_width", "n_warmup",
                 "coverage50", "coverage_low50", "coverage_high50", "verdict50",
                 "coverage80", "coverage_low80", "coverage_high80", "verdict80"]
#: Methods whose bands are also scored after calibration.
CALIBRATED_METHODS = ("engine",)


@lru_cache(maxsize=1024)
def coverage_interval(k: int, n: int, confidence: float = CONFIDENCE) -> tuple[float, float]:
    """Clopper-Pearson (exact) interval of a coverage ``k/n``; ``(nan, nan)`` when ``n = 0``."""
    from scipy.stats import binomtest

    if n <= 0:
        return float("nan"), float("nan")
    ci = binomtest(int(k), int(n)).proportion_ci(confidence_level=confidence, method="exact")
    return float(ci.low), float(ci.high)


def band_verdict(nominal: float, low: float, high: float) -> str:
    """``too narrow`` if ``nominal > high``, ``too wide`` if ``nominal < low``, else ``consistent``."""
    if not (math.isfinite(low) and math.isfinite(high)):
        return NOT_SCORED
    if nominal > high:
        return TOO_NARROW
    if nominal < low:
        return TOO_WIDE
    return CONSISTENT


def _coverage(actual: pd.Series, lo: pd.Series, hi: pd.Series, nominal: float) -> dict:
    inside = (actual >= lo) & (actual <= hi)
    k, n = int(inside.sum()), len(actual)
    low, high = coverage_interval(k, n)
    return {"coverage": k / n if n else float("nan"), "low": low, "high": high,
            "verdict": band_verdict(nominal, low, high)}


def _row(g: pd.DataFrame, bands: str) -> dict:
    """Scores of one group of forecasts for ``bands`` in {none, raw, calibrated}."""
    prefix = "cal_" if bands == "calibrated" else ""
    zero = g["zero_width"].astype(bool)
    warm = g["warmup"].astype(bool) if bands == "calibrated" else pd.Series(False, g.index)
    pts = g[~warm] if bands == "calibrated" else g
    err = pts[prefix + "score_error"]
    out = {"bands": bands, "n": len(pts), "mae": float(err.abs().mean()) if len(pts) else np.nan,
           "bias": float(err.mean()) if len(pts) else np.nan,
           "mape": float(pts[prefix + "abs_pct_error"].mean()) if len(pts) else np.nan,
           "n_zero_width": int((zero & ~warm).sum()) if bands != "none" else 0,
           "n_warmup": int(warm.sum())}
    counted = pts[~zero[pts.index]] if bands != "none" else pts.iloc[0:0]
    out["n_band"] = len(counted)
    for lv in LEVELS:
        if bands == "none":
            out.update({f"coverage{lv}": np.nan, f"coverage_low{lv}": np.nan,
                        f"coverage_high{lv}": np.nan, f"verdict{lv}": ""})
            continue
        c = _coverage(counted["actual"], counted[f"{prefix}lo{lv}"], counted[f"{prefix}hi{lv}"],
                      lv / 100.0)
        out.update({f"coverage{lv}": c["coverage"], f"coverage_low{lv}": c["low"],
                    f"coverage_high{lv}": c["high"], f"verdict{lv}": c["verdict"]})
    return out


def _group_rows(g: pd.DataFrame) -> list[dict]:
    has_band = bool(g[["lo80", "hi80"]].notna().all(axis=1).any())
    rows = [_row(g, "raw" if has_band else "none")]
    if str(g["method"].iloc[0]) in CALIBRATED_METHODS and "warmup" in g.columns:
        rows.append(_row(g, "calibrated"))
    return rows


def score(forecasts: pd.DataFrame) -> pd.DataFrame:
    """Score table: one row per (series, method, mode, bands), then the pooled ``all`` rows.

    Parameters
    ----------
    forecasts : DataFrame
        :attr:`BacktestResult.forecasts` (columns ``series, method, mode, actual,
        score_error, abs_pct_error, lo50, hi50, lo80, hi80, zero_width`` and, for the
        engine, the ``cal_*`` columns and ``warmup``).

    Returns
    -------
    DataFrame
        Columns :data:`SCORE_COLUMNS` (see the module docstring).
    """
    if forecasts.empty:
        return pd.DataFrame(columns=SCORE_COLUMNS)
    rows = []
    keys = ["method", "mode"]
    for (series, method, mode), g in forecasts.groupby(["series", *keys], sort=True):
        for r in _group_rows(g):
            rows.append({"series": series, "kind": g["kind"].iloc[0], "method": method,
                         "mode": mode, **r})
    for (method, mode), g in forecasts.groupby(keys, sort=True):
        for r in _group_rows(g):
            rows.append({"series": "all", "kind": "all", "method": method, "mode": mode, **r})
    return _typed(pd.DataFrame(rows)[SCORE_COLUMNS])


#: Columns of :func:`score_by_kind`.
KIND_COLUMNS = ["kind", "method", "mode", "bands", "n", "n_geographies", "mae", "mae_naive",
                "bias", "n_above", "n_below", "sign_p", "n_band", "n_zero_width", "n_warmup",
                "coverage50", "coverage_low50", "coverage_high50", "verdict50",
                "coverage80", "coverage_low80", "coverage_high80", "verdict80"]


def geography_of(series: pd.Series) -> pd.Series:
    """The geography of backtest series names (``"<geography> <indicator> ..."``)."""
    return series.astype(str).str.split(" ").str[0]


def sign_test(errors: pd.Series) -> dict:
    """Forecasts above and below the outcome and the two-sided sign-test p-value (exact
    zeros are left out, Dixon & Mood 1946)."""
    from scipy.stats import binomtest

    above, below = int((errors > 0).sum()), int((errors < 0).sum())
    p = float(binomtest(above, above + below).pvalue) if above + below else float("nan")
    return {"n_above": above, "n_below": below, "sign_p": p}


def score_by_kind(forecasts: pd.DataFrame) -> pd.DataFrame:
    """Scores pooled per kind of quantity, with geographies, a sign test and the naive MAE.

    Parameters
    ----------
    forecasts : DataFrame
        As for :func:`score`.

    Returns
    -------
    DataFrame
        Columns :data:`KIND_COLUMNS`: one row per (kind, method, mode, bands); ``mae_naive``
        is the naive trend's MAE on the same (series, origin, year) points (NaN where the
        naive method has none of them).
    """
    if forecasts.empty:
        return pd.DataFrame(columns=KIND_COLUMNS)
    key = ["series", "origin", "year"]
    naive = forecasts[forecasts["method"] == "naive"].set_index(key)["score_error"]
    rows = []
    for (kind, method, mode), g in forecasts.groupby(["kind", "method", "mode"], sort=True):
        for r in _group_rows(g):
            calibrated = r["bands"] == "calibrated"
            pts = g[~g["warmup"].astype(bool)] if calibrated else g
            err = pts[("cal_" if calibrated else "") + "score_error"]
            same = naive.reindex(pd.MultiIndex.from_frame(pts[key])).dropna()
            rows.append({"kind": kind, "method": method, "mode": mode, **r,
                         "n_geographies": int(geography_of(pts["series"]).nunique()),
                         "mae_naive": float(same.abs().mean()) if len(same) else np.nan,
                         **sign_test(err)})
    return _typed(pd.DataFrame(rows)[KIND_COLUMNS])


def _typed(table: pd.DataFrame) -> pd.DataFrame:
    for c in ("n", "n_band", "n_zero_width", "n_warmup", "n_geographies", "n_above", "n_below"):
        if c in table.columns:
            table[c] = table[c].astype(int)
    return table
