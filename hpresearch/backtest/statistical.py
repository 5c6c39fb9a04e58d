"""Rolling-origin backtest of the calibrated baseline against a naive ESCAP-style trend.

For each origin year ``T`` the *information set* is every observation of the series whose
``year <= T`` and - where the ``published`` date is known - whose publication date is on
or before the vintage cut-off ``T+1-03-31`` (annual statistics for year ``T`` are released
in late December ``T`` or the first quarter of ``T+1``). Two forecasters see only that set
and predict ``T+1 ... T+k``; the forecasts are scored against the values published later.

Forecasters
-----------
``model``
    The calibrated statistical baseline dynamics:

    * growth-rate series (``grdp_growth_real``): AR(1) with constant fitted by statsmodels
      (exactly the process that drives the Monte Carlo growth shocks); forecast bands from
      the AR(1) forecast distribution;
    * share series (``de_share``): the engine's share dynamics with no new information
      reduce to constant relative growth, ``s_{T+h} = s_T exp(h * d)``, with ``d`` the mean
      annual log change of the share up to ``T`` (0 with a single point); bands from the
      sd of annual log changes (floor: :data:`SHARE_LOG_SD_FLOOR`).
``naive``
    UN ESCAP-style time-weighted linear trend: weighted least squares of the value on the
    year with weights rising linearly with time (``w = 1, 2, ..., n``; the most recent
    point weighs most), extrapolated linearly. With one point it is the last value.

Scores: MAE, MAPE (in percent of the outcome) and the coverage of the central 50% and 80%
bands (``model`` only; the naive trend has no band).

References
----------
Tashman, L. J. (2000). "Out-of-sample tests of forecasting accuracy: an analysis and
review." *International Journal of Forecasting* 16(4), 437-450 (rolling origin).
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

from hpresearch.errors import UsageError

#: Minimum sd of annual log changes of a share used for its bands (a handful of points
#: can show almost no variation; 0.03 = 3% relative per year).
SHARE_LOG_SD_FLOOR = 0.03
#: Month-day of the vintage cut-off in year T+1.
VINTAGE_CUTOFF = "03-31"
BANDS = (0.5, 0.8)


def information_set(series: pd.DataFrame, origin: int) -> pd.DataFrame:
    """Rows of ``series`` knowable at the end of ``origin`` (year and publication filter).

    A row is knowable when ``year <= origin`` and its publication date is on or before
    ``origin+1-03-31``. Partial dates are read conservatively (``YYYY`` as 31 December,
    ``YYYY-MM`` as the end of the month); an empty date is kept (unknown).

    Parameters
    ----------
    series : DataFrame
        Columns ``year``, ``value`` and optionally ``published`` (ISO date, ``YYYY-MM`` or
        empty).
    origin : int
        Origin year T.
    """
    s = series[series["year"] <= origin]
    if "published" in s.columns:
        pub = s["published"].fillna("").astype(str).str.strip()
        cutoff = f"{origin + 1}-{VINTAGE_CUTOFF}"
        # Conservative dates: 'YYYY' = 31 December, 'YYYY-MM' = the month's end (string
        # comparison with day 31 is enough); empty means "unknown" (kept).
        norm = pub.where(pub.str.len() != 7, pub + "-31")
        norm = norm.where(norm.str.len() != 4, norm + "-12-31")
        keep = (norm == "") | (norm <= cutoff)
        s = s[keep]
    return s.sort_values("year")


def _dedupe(s: pd.DataFrame) -> pd.Series:
    """One value per year (the latest published wins, else the mean)."""
    if "published" in s.columns:
        s = s.assign(_p=s["published"].fillna("").astype(str)).sort_values(["year", "_p"])
        return s.groupby("year")["value"].last().astype(float)
    return s.groupby("year")["value"].mean().astype(float)


def naive_trend_forecast(history: pd.Series, years: list[int]) -> pd.Series:
    """ESCAP-style time-weighted linear trend forecast.

    Parameters
    ----------
    history : Series
        Values indexed by year.
    years : list of int
        Years to forecast.

    Returns
    -------
    Series
        Forecast indexed by year. One observation: the last value (no trend).

    Notes
    -----
    Weighted least squares ``y_t = a + b t`` with weights ``w_i = i`` (``i = 1..n`` in time
    order), the linear recency weighting described in the References of this module.
    """
    h = history.dropna().sort_index()
    if len(h) == 0:
        return pd.Series(np.nan, index=years, dtype=float)
    if len(h) == 1:
        return pd.Series(float(h.iloc[-1]), index=years, dtype=float)
    t = h.index.to_numpy(dtype=float)
    y = h.to_numpy(dtype=float)
    w = np.arange(1, len(h) + 1, dtype=float)
    tw = np.average(t, weights=w)
    yw = np.average(y, weights=w)
    denom = np.sum(w * (t - tw) ** 2)
    b = np.sum(w * (t - tw) * (y - yw)) / denom if denom > 0 else 0.0
    a = yw - b * tw
    return pd.Series(a + b * np.asarray(years, dtype=float), index=years, dtype=float)


@dataclass(frozen=True)
class Forecast:
    """Point forecast plus central-band quantiles for each horizon year."""

    point: pd.Series
    bands: dict[float, tuple[pd.Series, pd.Series]] = field(default_factory=dict)


def model_forecast_growth(history: pd.Series, years: list[int]) -> Forecast:
    """AR(1) (statsmodels ARIMA(1,0,0)) forecast of a growth series with Gaussian bands.

    Falls back to the mean with the sample sd when fewer than 4 points are available (and
    to the last value with a zero-width band for a single point).
    """
    from hpresearch.calibration.fits import fit_ar1
    from hpresearch.errors import CalibrationError

    h = history.dropna().sort_index()
    last = int(h.index[-1])
    steps = [y - last for y in years]
    if len(h) >= 4:
        try:
            fit = fit_ar1(h)
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
    for b in BANDS:
        z = stats.norm.ppf(0.5 + b / 2)
        bands[b] = (p - z * s, p + z * s)
    return Forecast(point=p, bands=bands)


def model_forecast_share(history: pd.Series, years: list[int]) -> Forecast:
    """Constant relative-growth (log-drift) forecast of a share with log-normal bands."""
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
    sd = max(sd, SHARE_LOG_SD_FLOOR)
    point, bands = {}, {b: ({}, {}) for b in BANDS}
    for year in years:
        step = year - last
        point[year] = y0 * math.exp(drift * step)
        for b in BANDS:
            z = stats.norm.ppf(0.5 + b / 2)
            bands[b][0][year] = point[year] * math.exp(-z * sd * math.sqrt(step))
            bands[b][1][year] = point[year] * math.exp(z * sd * math.sqrt(step))
    return Forecast(point=pd.Series(point, dtype=float),
                    bands={b: (pd.Series(lo, dtype=float), pd.Series(hi, dtype=float))
                           for b, (lo, hi) in bands.items()})


FORECASTERS: dict[str, Callable[[pd.Series, list[int]], Forecast]] = {
    "growth": model_forecast_growth,
    "share": model_forecast_share,
}


def backtest_series(series: pd.DataFrame, kind: str, name: str, origins: list[int],
                    horizon: int = 3, outcomes: pd.DataFrame | None = None,
                    min_history: int = 1) -> pd.DataFrame:
    """Rolling-origin forecasts of one series, both methods, scored against outcomes.

    Parameters
    ----------
    series : DataFrame
        History rows (``year``, ``value``, optional ``published``).
    kind : {"growth", "share"}
        Which model forecaster to use.
    name : str
        Series label (goes into the output).
    origins : list of int
        Origin years T.
    horizon : int
        Forecast years per origin (T+1 ... T+horizon).
    outcomes : DataFrame, optional
        Realised values to score against (``year``, ``value``); default: ``series``
        itself (its latest published value per year).
    min_history : int
        Skip origins whose information set has fewer points.

    Returns
    -------
    DataFrame
        One row per (origin, year, method) with ``forecast``, ``actual``, ``error``,
        ``abs_pct_error``, ``lo50``, ``hi50``, ``lo80``, ``hi80`` (model only),
        ``n_history``.
    """
    if kind not in FORECASTERS:
        raise UsageError(f"backtest: kind {kind!r} not in {sorted(FORECASTERS)}")
    actual = _dedupe(outcomes if outcomes is not None else series)
    rows = []
    for origin in origins:
        info = information_set(series, origin)
        hist = _dedupe(info)
        if len(hist) < min_history or len(hist) == 0:
            continue
        years = [origin + h for h in range(1, horizon + 1)]
        fc = FORECASTERS[kind](hist, years)
        nv = naive_trend_forecast(hist, years)
        for year in years:
            if year not in actual.index:
                continue
            a = float(actual.loc[year])
            for method, f, bands in (("model", float(fc.point[year]), fc.bands),
                                     ("naive", float(nv[year]), {})):
                row = {"series": name, "origin": int(origin), "year": int(year),
                       "horizon": int(year - origin),
                       "method": method, "forecast": f, "actual": a, "error": f - a,
                       "abs_pct_error": abs(f - a) / abs(a) * 100 if a != 0 else np.nan,
                       "n_history": len(hist)}
                for b in BANDS:
                    tag = int(b * 100)
                    if bands:
                        row[f"lo{tag}"] = float(bands[b][0][year])
                        row[f"hi{tag}"] = float(bands[b][1][year])
                    else:
                        row[f"lo{tag}"] = row[f"hi{tag}"] = np.nan
                rows.append(row)
    cols = ["series", "origin", "year", "horizon", "method", "forecast", "actual", "error",
            "abs_pct_error", "lo50", "hi50", "lo80", "hi80", "n_history"]
    out = pd.DataFrame(rows, columns=cols)
    return out.astype({"series": object, "origin": int, "year": int, "horizon": int,
                       "method": object, "forecast": float, "actual": float, "error": float,
                       "abs_pct_error": float, "lo50": float, "hi50": float, "lo80": float,
                       "hi80": float, "n_history": int})


def score(forecasts: pd.DataFrame) -> pd.DataFrame:
    """MAE, MAPE and band coverage per (series, method); plus an ``all`` row per method."""
    if forecasts.empty:
        return pd.DataFrame(columns=["series", "method", "n", "mae", "mape", "coverage50",
                                     "coverage80"])

    def _agg(g: pd.DataFrame) -> pd.Series:
        out = {"n": len(g), "mae": g["error"].abs().mean(), "mape": g["abs_pct_error"].mean()}
        for tag in (50, 80):
            lo, hi = g[f"lo{tag}"], g[f"hi{tag}"]
            ok = lo.notna() & hi.notna()
            inside = (g["actual"] >= lo) & (g["actual"] <= hi)
            out[f"coverage{tag}"] = inside[ok].mean() if ok.any() else np.nan
        return pd.Series(out)

    per = forecasts.groupby(["series", "method"], sort=True).apply(_agg, include_groups=False)
    per = per.reset_index()
    overall = forecasts.groupby("method").apply(_agg, include_groups=False).reset_index()
    overall.insert(0, "series", "all")
    table = pd.concat([per, overall], ignore_index=True)
    table["n"] = table["n"].astype(int)
    return table


@dataclass(frozen=True)
class BacktestResult:
    """Forecasts (one row per origin, year, method) and their scores."""

    forecasts: pd.DataFrame
    scores: pd.DataFrame
    notes: list[str]

    def summary(self) -> pd.DataFrame:
        """Scores of the ``all`` rows side by side: model vs naive."""
        return self.scores[self.scores["series"] == "all"].set_index("method")


# ---------------------------------------------------------------------------------------
# Driver over the observation files
# ---------------------------------------------------------------------------------------
def backtest_specs(obs: pd.DataFrame) -> list[dict]:
    """The series the backtest scores, chosen from what the observation files contain.

    * Hai Phong real GRDP growth (GSO/statistics office basis), every annual point;
    * every digital-economy share series (one per geography and basis) with at least two
      annual points (a single point has nothing before it to forecast from);
    * the merged city: 2025 merged-boundary growth scored against forecasts from the
      pre-merger Hai Phong history (labelled as such).
    """
    from hpresearch.data import share_series_keys, vintage_rows

    specs = []
    growth = vintage_rows(obs, "grdp_growth_real", "hai_phong", "gso")
    growth = growth.assign(value=growth["value"] / 100.0)
    if len(growth):
        specs.append({"name": "hai_phong grdp_growth_real", "kind": "growth", "series": growth,
                      "outcomes": None})
    merged = vintage_rows(obs, "grdp_growth_real", "hai_phong_merged", "gso")
    if len(merged) and len(growth):
        specs.append({"name": "hai_phong_merged grdp_growth_real (pre-merger history)",
                      "kind": "growth", "series": growth,
                      "outcomes": merged.assign(value=merged["value"] / 100.0)})
    for geo, basis in share_series_keys(obs, "de_share", min_years=2):
        s = vintage_rows(obs, "de_share", geo, basis)
        specs.append({"name": f"{geo} de_share ({basis})", "kind": "share",
                      "series": s.assign(value=s["value"] / 100.0), "outcomes": None})
    return specs


def run_backtest(obs: pd.DataFrame | None = None, origin_from: int = 2018,
                 origin_to: int | None = None, horizon: int = 3) -> BacktestResult:
    """Rolling-origin backtest over every series in :func:`backtest_specs`.

    Parameters
    ----------
    obs : DataFrame, optional
        Observations (default: :func:`hpresearch.data.load_observations`).
    origin_from, origin_to : int
        First and last origin year (default last = latest year in the data minus one).
    horizon : int
        Forecast years per origin.
    """
    from hpresearch import data as hdata

    if obs is None:
        obs = hdata.load_observations()
    if horizon < 1:
        raise UsageError(f"--horizon: value {horizon!r} must be >= 1")
    specs = backtest_specs(obs)
    outcome_years = [int(sp["series"]["year"].max()) for sp in specs if len(sp["series"])]
    outcome_years += [int(sp["outcomes"]["year"].max()) for sp in specs
                      if sp["outcomes"] is not None and len(sp["outcomes"])]
    last_year = max(outcome_years) if outcome_years else int(obs["year"].max())
    origin_to = last_year - 1 if origin_to is None else origin_to
    if origin_from > origin_to:
        raise UsageError(f"--origin-from: value {origin_from!r} must be <= {origin_to} (the "
                         "last year with a later outcome)")
    origins = list(range(origin_from, origin_to + 1))
    frames, notes = [], []
    for spec in specs:
        f = backtest_series(spec["series"], spec["kind"], spec["name"], origins, horizon,
                            outcomes=spec["outcomes"])
        if f.empty:
            notes.append(f"{spec['name']}: no origin in {origin_from}-{origin_to} has both "
                         "history and a later outcome.")
        frames.append(f)
    frames = [f for f in frames if not f.empty]
    forecasts = pd.concat(frames, ignore_index=True) if frames else backtest_series(
        pd.DataFrame({"year": [], "value": []}), "growth", "none", [])
    notes.extend(hdata.unscored_share_points(obs))
    notes.append("The model column is the calibrated statistical baseline (AR(1) growth; "
                 "log-drift share), not the full investment-driven engine: investment paths "
                 "published after each origin would be look-ahead.")
    return BacktestResult(forecasts=forecasts, scores=score(forecasts), notes=notes)
