"""Rolling-origin backtest of the engine and its statistical benchmarks, with honest bands.

For each origin year ``T`` the *information set* is every observation with ``year <= T``
published on or before ``T+1-03-31`` (:func:`hpresearch.data.known_at`; annual statistics
for ``T`` are released in late December ``T`` or the first quarter of ``T+1``). Every
method sees only that set and forecasts ``T+1 ... T+k``; forecasts are scored against the
values published since (the latest vintage of each year).

Methods (``method`` column):

``engine``
    the projection engine itself, calibrated at each origin from its information set and
    run deterministically and in a Monte Carlo at the origin, ``unconditional`` and
    ``conditional`` (:mod:`hpresearch.backtest.structural`);
``ar1_logdrift``, ``naive``
    statistical benchmarks (:mod:`hpresearch.backtest.statistical`).

Scored series (:func:`backtest_specs`): Hai Phong's and Hai Duong's real GRDP growth and
GRDP levels (current and constant 2010 prices, GSO basis, VND), the merged city's 2025
growth against forecasts from pre-merger Hai Phong, Viet Nam's GSO digital-economy share,
and every other share series with two or more annual points (per geography and basis).

Calibrated bands (the engine's): at each origin ``T`` the engine's Monte Carlo bands are
recentred and rescaled (:mod:`hpresearch.uncertainty.fan_scaling`) with the standardised
errors of the engine's *earlier* forecasts of the same kind of quantity whose outcome had been published by ``T``'s
cut-off, measured against the value published by then - not against later revisions, and
not a horizon-2 forecast from ``T-1`` (its outcome, ``T+1``, is unknown at ``T``). Forecasts
with fewer than :data:`~hpresearch.uncertainty.fan_scaling.MIN_ERRORS` such errors are
*warm-up*: shown, not counted in the calibrated coverage. :func:`fan_calibration` gives the
same rule learned from every error known today, for the Monte Carlo fan.

References
----------
Tashman, L. J. (2000). "Out-of-sample tests of forecasting accuracy: an analysis and
review." *International Journal of Forecasting* 16(4), 437-450.
Reifschneider, D., Tulip, P. (2019). "Gauging the uncertainty of the economic outlook using
historical forecasting errors." *IJF* 35(4) (FEDS 2017-020).
Knüppel, M. (2014). "Efficient estimation of forecast uncertainty based on recent forecast
errors." *IJF* 30(2), 257-267.
"""
from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from hpresearch.backtest.record import ShareRecord, fan_from_forecasts, record_from
from hpresearch.backtest.scoring import score, score_by_kind
from hpresearch.backtest.statistical import AR1_LOGDRIFT, FORECASTERS, NAIVE, naive_trend_forecast
from hpresearch.backtest.structural import (CONDITIONAL, ENGINE, UNCONDITIONAL, actual_inputs,
                                            engine_forecast)
from hpresearch.defaults import BACKTEST_DRAWS, SEED
from hpresearch.errors import CalibrationError, UsageError, error_message
from hpresearch.fileio import atomic_write
from hpresearch.memo import Memo
from hpresearch.results import json_ready
from hpresearch.uncertainty import fan_scaling as fs

#: The kinds of quantity a share fan learns from.
SHARE_KINDS = ("share",)
#: Forecast-table columns.
FORECAST_COLUMNS = [
    "series", "kind", "unit", "origin", "year", "horizon", "method", "mode", "forecast",
    "median", "actual", "error", "score_error", "abs_pct_error", "lo50", "hi50", "lo80",
    "hi80", "sigma", "zero_width", "n_history", "warmup", "cal_n", "cal_rule", "cal_bias",
    "cal_scale50", "cal_scale80", "cal_forecast", "cal_lo50", "cal_hi50", "cal_lo80", "cal_hi80",
    "cal_score_error", "cal_abs_pct_error"]


def information_set(series: pd.DataFrame, origin: int) -> pd.DataFrame:
    """Rows of ``series`` knowable at the end of ``origin`` (:func:`hpresearch.data.known_at`).

    A row is knowable when ``year <= origin`` and its publication date is on or before
    ``origin+1-03-31``; ``YYYY`` reads as 31 December, ``YYYY-MM`` as the month's end; a row
    without a date is kept.
    """
    from hpresearch.data import known_at

    return known_at(series, origin)


@dataclass(frozen=True)
class SeriesSpec:
    """One scored series.

    Attributes
    ----------
    name : str
        ``"<geography> <indicator> (<basis or note>)"``.
    kind : {"growth", "share", "level"}
    target : {"growth", "share", "constant", "current"}
        Origin-calibration target (the engine output scored).
    geography, basis : str
        Whose information set calibrates the engine; basis of the share.
    rows : DataFrame
        History ``year, value, published`` (model units: fractions or VND bn).
    outcomes : DataFrame
        Outcome rows (the same as ``rows`` except for the merged city).
    unit : {"fraction", "vnd_bn"}
    conditional : bool
        Whether the conditional mode is informative (shares only).
    engine : bool
        Whether the engine forecasts it (not for foreign economies: their information set
        holds no GRDP, investment or FDI, so the engine would run on Viet Nam's; their
        shares are scored by the statistical benchmarks and feed the outside view).
    """

    name: str
    kind: str
    target: str
    geography: str
    basis: str
    rows: pd.DataFrame
    outcomes: pd.DataFrame
    unit: str = "fraction"
    conditional: bool = False
    engine: bool = True


def backtest_specs(obs: pd.DataFrame) -> list[SeriesSpec]:
    """The series the backtest scores, chosen from what the observation files contain."""
    from hpresearch.data import share_series_keys, vintage_rows
    from hpresearch.data.vocabulary import is_foreign

    def pct(rows: pd.DataFrame) -> pd.DataFrame:
        return rows.assign(value=rows["value"] / 100.0)

    specs: list[SeriesSpec] = []
    growth: dict[str, pd.DataFrame] = {}
    for geo in ("hai_phong", "hai_duong"):
        g = pct(vintage_rows(obs, "grdp_growth_real", geo, "gso"))
        if g["year"].nunique() >= 2:
            growth[geo] = g
            specs.append(SeriesSpec(f"{geo} grdp_growth_real", "growth", "growth", geo, "gso",
                                    g, g))
    merged = pct(vintage_rows(obs, "grdp_growth_real", "hai_phong_merged", "gso"))
    if len(merged) and "hai_phong" in growth:
        specs.append(SeriesSpec("hai_phong_merged grdp_growth_real (pre-merger history)",
                                "growth", "growth", "hai_phong", "gso", growth["hai_phong"],
                                merged))
    for geo in ("hai_phong", "hai_duong"):
        for indicator, target in (("grdp_constant_2010", "constant"), ("grdp_current", "current")):
            rows = vintage_rows(obs, indicator, geo, "gso", unit="vnd_bn")
            if rows["year"].nunique() >= 2:
                specs.append(SeriesSpec(f"{geo} {indicator}", "level", target, geo, "gso", rows,
                                        rows, unit="vnd_bn"))
    for geo, basis in share_series_keys(obs, "de_share", min_years=2):
        s = pct(vintage_rows(obs, "de_share", geo, basis))
        specs.append(SeriesSpec(f"{geo} de_share ({basis})", "share", "share", geo, basis, s, s,
                                conditional=True, engine=not is_foreign(geo)))
    return specs


def _row(spec: SeriesSpec, origin: int, year: int, method: str, mode: str, forecast: float,
         median: float, actual: float, bands: dict[int, tuple[float, float]],
         n_history: int) -> dict:
    err = forecast - actual
    lo50, hi50 = bands.get(50, (np.nan, np.nan))
    lo80, hi80 = bands.get(80, (np.nan, np.nan))
    has_band = np.isfinite(lo80) and np.isfinite(hi80)
    return {
        "series": spec.name, "kind": spec.kind, "unit": spec.unit, "origin": int(origin),
        "year": int(year), "horizon": int(year - origin), "method": method, "mode": mode,
        "forecast": float(forecast), "median": float(median), "actual": float(actual),
        "error": float(err), "score_error": float(err / actual if spec.kind == "level" else err),
        "abs_pct_error": abs(err) / abs(actual) * 100 if actual != 0 else np.nan,
        "lo50": lo50, "hi50": hi50, "lo80": lo80, "hi80": hi80,
        "sigma": float(fs.sigma_from_bands(lo80, hi80)) if has_band else np.nan,
        "zero_width": bool(has_band and (hi80 - lo80 <= 0 or hi50 - lo50 <= 0)),
        "n_history": int(n_history)}


def benchmark_forecasts(spec: SeriesSpec, origins: list[int], horizon: int) -> list[dict]:
    """``ar1_logdrift`` and ``naive`` forecast rows of one series.

    Parameters
    ----------
    spec : SeriesSpec
    origins : list of int
    horizon : int
        Years forecast from each origin (only years with a published outcome are kept).

    Returns
    -------
    list of dict
        Rows with the first columns of :data:`FORECAST_COLUMNS` (``mode`` empty).
    """
    from hpresearch.data import latest_per_year

    actual = latest_per_year(spec.outcomes)
    rows = []
    for origin in origins:
        hist = latest_per_year(information_set(spec.rows, origin))
        years = [origin + h for h in range(1, horizon + 1) if origin + h in actual.index]
        if hist.empty or not years:
            continue
        fc = FORECASTERS[spec.kind](hist, years)
        nv = naive_trend_forecast(hist, years)
        for year in years:
            a = float(actual[year])
            f = float(fc.point[year])
            rows.append(_row(spec, origin, year, AR1_LOGDRIFT, "", f, f, a,
                             {int(lv * 100): (float(fc.bands[lv][0][year]),
                                              float(fc.bands[lv][1][year]))
                              for lv in fc.bands}, len(hist)))
            rows.append(_row(spec, origin, year, NAIVE, "", float(nv[year]), float(nv[year]), a,
                             {}, len(hist)))
    return rows


def engine_forecasts(spec: SeriesSpec, obs: pd.DataFrame, origins: list[int], horizon: int,
                     draws: int = BACKTEST_DRAWS, seed: int = SEED,
                     notes: dict[str, set] | None = None, cache: dict | None = None
                     ) -> list[dict]:
    """``engine`` forecast rows of one series, unconditional and (for shares) conditional.

    Parameters
    ----------
    spec : SeriesSpec
    obs : DataFrame
        Observations (every origin's information set is cut from them).
    origins : list of int
    horizon : int
    draws, seed : int
        Monte Carlo at each origin.
    notes : dict, optional
        Collects calibration notes worth reporting: ``{text: {(series, origin), ...}}``.
    cache : dict, optional
        National pieces and :class:`~hpresearch.calibration.information.InformationSet`
        objects shared between series of one run.

    Returns
    -------
    list of dict
        Rows with the first columns of :data:`FORECAST_COLUMNS`; ``forecast`` is the
        deterministic engine run, ``median`` and the bands come from the Monte Carlo. An
        origin whose calibration fails (e.g. no growth rate known) is skipped with a note.
    """
    from hpresearch.calibration.fits import growth_shock_at
    from hpresearch.calibration.information import at_origin, national_at
    from hpresearch.calibration.rules import TARGETS, calibrate_from
    from hpresearch.data import latest_per_year

    notes = notes if notes is not None else {}
    cache = cache if cache is not None else {}
    actual = latest_per_year(spec.outcomes)
    output = TARGETS[spec.target]
    rows = []

    def data_at(origin: int | None):
        key = (spec.geography, spec.basis, origin)
        if ("national", origin) not in cache:
            cache[("national", origin)] = national_at(obs, origin)
        if key not in cache:
            cache[key] = at_origin(obs, spec.geography, origin, spec.basis,
                                   cache[("national", origin)])
        return cache[key]

    for origin in origins:
        hist = latest_per_year(information_set(spec.rows, origin))
        years = [origin + h for h in range(1, horizon + 1) if origin + h in actual.index]
        if hist.empty or not years:
            continue
        d = data_at(origin)
        modes = [(UNCONDITIONAL, None)]
        if spec.conditional:
            modes.append((CONDITIONAL, actual_inputs(data_at(None), origin)))
        shock, shock_note = growth_shock_at(d.growth)
        for mode, act in modes:
            try:
                cal = calibrate_from(d, spec.target, actual=act)
                ef = engine_forecast(cal, shock, origin + horizon, output, draws, seed)
            except CalibrationError as err:
                notes.setdefault(f"engine not run ({mode}): {err}", set()).add(
                    (spec.name, origin))
                continue
            if mode == UNCONDITIONAL:
                _collect_notes(notes, cal.notes, shock_note, spec, origin)
            for year in years:
                if year not in ef.index:
                    continue
                r = ef.loc[year]
                rows.append(_row(spec, origin, year, ENGINE, mode, float(r["deterministic"]),
                                 float(r["p50"]), float(actual[year]),
                                 {50: (float(r["p25"]), float(r["p75"])),
                                  80: (float(r["p10"]), float(r["p90"]))}, len(hist)))
    return rows


#: Calibration notes worth reporting (the key and the start of the text that flags them).
_FLAGGED = (("growth", ""), ("trend_deflator_growth", "0:"), ("adoption_speed", "0:"),
            ("total_investment_ratio", "stated"), ("fdi_ratio", "stated"))


def _collect_notes(notes: dict[str, set], cal_notes, shock_note: str, spec: SeriesSpec,
                   origin: int) -> None:
    for key, start in _FLAGGED:
        text = cal_notes.get(key, "")
        if text and text.startswith(start):
            if key == "trend_deflator_growth" and spec.target != "current":
                continue  # the deflator matters for current-price levels only
            if key in ("adoption_speed", "total_investment_ratio", "fdi_ratio") \
                    and spec.target != "share":
                continue  # these enter the share only
            notes.setdefault(f"{key}: {text}", set()).add((spec.name, origin))
    if "floor" in shock_note:
        notes.setdefault("growth shocks at the stated sd floor "
                         f"{_floor()} (too few growth rates known)", set()).add(
            (spec.name, origin))


def _floor() -> float:
    from hpresearch.calibration.fits import GROWTH_SD_FLOOR

    return GROWTH_SD_FLOOR


def _note_lines(notes: dict[str, set]) -> list[str]:
    out = []
    for text, where in sorted(notes.items()):
        by_series: dict[str, list[int]] = {}
        for name, origin in where:
            by_series.setdefault(name, []).append(origin)
        places = "; ".join(f"{n} (origins {', '.join(map(str, sorted(o)))})"
                           for n, o in sorted(by_series.items()))
        out.append(f"engine calibration - {text} - {places}.")
    return out


# ---------------------------------------------------------------------------------------
# Calibrated bands, learned at each origin from what was known then
# ---------------------------------------------------------------------------------------
def calibrate_bands(forecasts: pd.DataFrame, specs: list[SeriesSpec],
                    method: str = fs.DEFAULT_METHOD, min_errors: int = fs.MIN_ERRORS,
                    min_per_horizon: int = fs.MIN_PER_HORIZON) -> pd.DataFrame:
    """Add the calibrated bands of the engine rows, each learned only from errors known then.

    For an engine forecast from origin ``T`` the learning set is every engine forecast of
    the same mode and the same kind of quantity (share, growth or level: growth and level
    errors never widen or shift a share band) from an origin before ``T`` whose outcome
    year's value was published by ``T``'s cut-off; its standardised error uses that value as published then
    (not later revisions). Bias and scales follow
    :func:`hpresearch.uncertainty.fan_scaling.scaling_for` with ``method``.

    Returns
    -------
    DataFrame
        ``forecasts`` with ``warmup``, ``cal_n``, ``cal_rule``, ``cal_bias``,
        ``cal_scale50``, ``cal_scale80``, ``cal_forecast``, ``cal_lo50`` ... ``cal_hi80``,
        ``cal_score_error`` and ``cal_abs_pct_error`` filled for engine rows (NaN / False
        elsewhere).
    """
    from hpresearch.data import known_at, latest_per_year

    out = forecasts.copy()
    for c in FORECAST_COLUMNS:
        if c not in out.columns:
            out[c] = np.nan
    out["warmup"] = False
    out["cal_rule"] = ""
    outcomes = {s.name: s.outcomes for s in specs}
    known_cache: dict[tuple[str, int], pd.Series] = {}

    def known(series: str, origin: int) -> pd.Series:
        key = (series, origin)
        if key not in known_cache:
            known_cache[key] = latest_per_year(known_at(outcomes[series], origin))
        return known_cache[key]

    eng = out[out["method"] == ENGINE]
    for _, m in eng.groupby(["mode", "kind"], sort=True):
        for origin in sorted(m["origin"].unique()):
            past = m[(m["origin"] < origin) & (m["year"] <= origin) & (m["sigma"] > 0)]
            act = np.array([known(s, origin).get(y, np.nan)
                            for s, y in zip(past["series"], past["year"])], dtype=float)
            z = fs.standardized_errors(act, past["median"], past["sigma"])
            for idx, r in m[m["origin"] == origin].iterrows():
                got = fs.scaling_for(z, past["horizon"], int(r["horizon"]), method,
                                     min_errors, min_per_horizon)
                if got is None:
                    out.at[idx, "warmup"] = True
                    out.at[idx, "cal_n"] = int(np.isfinite(z).sum())
                    continue
                b, sig, med = got["bias"], r["sigma"], r["median"]
                out.at[idx, "cal_n"] = got["n"]
                out.at[idx, "cal_rule"] = got["rule"]
                out.at[idx, "cal_bias"] = b
                centre = float(fs.recentre_and_scale(med, med, sig, b, 1.0))
                out.at[idx, "cal_forecast"] = centre
                for lv in (50, 80):
                    k = got[f"scale{lv}"]
                    out.at[idx, f"cal_scale{lv}"] = k
                    for side in ("lo", "hi"):
                        c = f"{side}{lv}"
                        out.at[idx, "cal_" + c] = float(
                            fs.recentre_and_scale(med, r[c], sig, b, k))
                err = centre - r["actual"]
                out.at[idx, "cal_score_error"] = err / r["actual"] if r["kind"] == "level" else err
                out.at[idx, "cal_abs_pct_error"] = (abs(err) / abs(r["actual"]) * 100
                                                    if r["actual"] != 0 else np.nan)
    return out


# ---------------------------------------------------------------------------------------
# Result and driver
# ---------------------------------------------------------------------------------------
@dataclass(frozen=True)
class BacktestResult:
    """Forecasts (one row per series, origin, year, method and mode), their scores, notes.

    Attributes
    ----------
    forecasts : DataFrame
        :data:`FORECAST_COLUMNS`.
    scores : DataFrame
        :func:`hpresearch.backtest.scoring.score` (per series, and pooled over every series).
    notes : list of str
    settings : dict
        Origins, horizon, draws, seed, the information-set rule and the calibration rule.
    fan : FanCalibration
        The band calibration learned from every engine share error known today (growth and
        level errors never calibrate a share band); whether the reports apply it is the
        share record's decision (:meth:`share_record`).
    """

    forecasts: pd.DataFrame
    scores: pd.DataFrame
    notes: list[str]
    settings: dict[str, Any] = field(default_factory=dict)
    fan: fs.FanCalibration | None = None

    @property
    def kind_scores(self) -> pd.DataFrame:
        """Scores pooled per kind of quantity (:func:`~hpresearch.backtest.scoring.score_by_kind`)."""
        return score_by_kind(self.forecasts)

    def share_record(self):
        """What the share forecasts support (:func:`hpresearch.backtest.record.record_from`)."""
        from hpresearch.backtest.record import record_from

        return record_from(self)

    def city_out_of_sample(self) -> pd.DataFrame:
        """The engine's one-year-ahead forecasts of Hai Phong's own quantities (old and
        merged city) from the latest origin of each series: a genuine out-of-sample check
        of the city (its share cannot be scored: one published figure per basis)."""
        f = self.forecasts
        f = f[(f["method"] == ENGINE) & (f["mode"] == UNCONDITIONAL) & (f["horizon"] == 1)
              & f["series"].str.startswith("hai_phong")]
        last = f[f["origin"] == f.groupby("series")["origin"].transform("max")]
        out = last[["series", "origin", "year", "forecast", "actual", "lo80", "hi80"]].copy()
        out["error"] = out["forecast"] - out["actual"]
        out["inside80"] = (out["actual"] >= out["lo80"]) & (out["actual"] <= out["hi80"])
        return out.reset_index(drop=True)

    def headline(self) -> dict[str, Any]:
        """The method and band calibration behind the reports' headline, and why."""
        from hpresearch.parameters.registry import load_registry

        rec = self.share_record()
        w = float(load_registry()["naive_baseline_weight"].default)
        method = (f"{NAIVE} trend of the boundary's share record as the unconditional baseline, "
                  f"the {ENGINE} supplying scenarios and levers as differences from its own "
                  "trend path (naive_baseline_weight 1)" if w == 1.0 else
                  f"{ENGINE} ({UNCONDITIONAL} projection)" if w == 0.0 else
                  f"{w:g} x {NAIVE} trend + {1 - w:g} x {ENGINE} baseline, plus the {ENGINE}'s "
                  "scenario and lever differences")
        return {"method": method, "naive_baseline_weight": w,
                "band_calibration": ("share errors only" if rec.calibrated else
                                     "none: the model's own bands, conditional on the stated "
                                     "assumptions"),
                "probability_basis": rec.basis, "probability_basis_text": rec.basis_text("en"),
                "best_share_method": rec.best_method, "share_record": rec.to_dict(),
                "city_out_of_sample": self.city_out_of_sample().to_dict(orient="records")}

    def row(self, method: str, mode: str = "", bands: str | None = None,
            series: str = "all") -> pd.Series | None:
        """One score row (default: pooled over series); ``None`` when absent."""
        s = self.scores
        sel = s[(s["series"] == series) & (s["method"] == method) & (s["mode"] == mode)]
        if bands is not None:
            sel = sel[sel["bands"] == bands]
        return sel.iloc[0] if len(sel) else None

    def summary(self) -> str:
        """Text: the settings and one line per pooled score row (n, MAE, bias, coverage)."""
        st = self.settings
        origins = st.get("origins") or []
        head = (f"Rolling-origin backtest: origins {origins[0]}-{origins[-1]}, horizon "
                f"{st.get('horizon')}, {st.get('draws')} draws, seed {st.get('seed')}."
                if origins else "Rolling-origin backtest.")
        lines = [head]
        for _, r in self.kind_scores.iterrows():
            name = ", ".join(str(x) for x in (r["kind"], r["method"], r["mode"], r["bands"]) if x)
            lines.append(f"  {name}: n {int(r['n'])} ({int(r['n_geographies'])} geographies), "
                         f"MAE {r['mae']:.4g} (naive {r['mae_naive']:.4g}), bias "
                         f"{r['bias']:+.4g}, sign p {r['sign_p']:.3f}, coverage 50% "
                         f"{r['coverage50']:.2f}, 80% {r['coverage80']:.2f}")
        h = self.headline()
        lines.append(f"Headline: {h['method']}; bands: {h['band_calibration']}; probabilities: "
                     f"{h['probability_basis_text']}; best share method on the engine's points: "
                     f"{h['best_share_method']}.")
        return "\n".join(lines)

    def table(self) -> pd.DataFrame:
        """The score table."""
        return self.scores

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready: the headline's basis, scores per kind and per series, forecasts, notes,
        settings and the share fan calibration."""
        return json_ready({
            "headline": self.headline(),
            "scores_by_kind": self.kind_scores.to_dict(orient="records"),
            "scores": self.scores.to_dict(orient="records"),
            "forecasts": self.forecasts.to_dict(orient="records"),
            "notes": list(self.notes), "settings": self.settings,
            "fan_calibration": self.fan.to_dict() if self.fan is not None else None})


#: run_backtest results of the default observations, per arguments.
_CACHE = Memo()


def run_backtest(obs: pd.DataFrame | None = None, origin_from: int = 2018,
                 origin_to: int | None = None, horizon: int = 3, draws: int = BACKTEST_DRAWS,
                 seed: int = SEED, engine: bool = True,
                 band_method: str = fs.DEFAULT_METHOD) -> BacktestResult:
    """Rolling-origin backtest over every series in :func:`backtest_specs`.

    Parameters
    ----------
    obs : DataFrame, optional
        Observations (default: :func:`hpresearch.data.load_observations`; that run is
        memoised).
    origin_from, origin_to : int
        First and last origin year (default last = latest outcome year minus one).
    horizon : int
        Forecast years per origin.
    draws, seed : int
        Monte Carlo draws at each origin and the seed (same seed, same numbers).
    engine : bool
        Run the engine (``False``: benchmarks only).
    band_method : {"conformal", "scaling"}
        How the engine's bands are calibrated
        (:mod:`hpresearch.uncertainty.fan_scaling`).

    Returns
    -------
    BacktestResult
    """
    from hpresearch import argspec
    from hpresearch import data as hdata

    origin_from = argspec.check("origin_from", origin_from)
    origin_to = None if origin_to is None else argspec.check("origin_to", origin_to)
    horizon = argspec.check("horizon_years", horizon, "horizon")
    draws, seed = argspec.check("draws", draws), argspec.check("seed", seed)
    argspec.check_memory("draws", draws, draws, horizon + 1)  # origin + horizon years, upfront
    key = (origin_from, origin_to, horizon, draws, seed, engine, band_method)
    if obs is None and key in _CACHE:
        return _CACHE[key]
    cached = obs is None
    obs = hdata.load_observations() if obs is None else hdata.with_columns(obs)
    specs = backtest_specs(obs)
    from hpresearch.calibration.information import ORIGIN_INDICATORS

    engine_obs = hdata.select_rows(obs, ORIGIN_INDICATORS)
    years = [int(sp.outcomes["year"].max()) for sp in specs if len(sp.outcomes)]
    last_year = max(years) if years else int(obs["year"].max())
    origin_to = last_year - 1 if origin_to is None else origin_to
    if origin_from > origin_to:
        raise UsageError(error_message(where="origin_from", value=origin_from,
                                       rule=f"must be <= {origin_to} (origin_to, or the last "
                                            "year with a later outcome)"),
                         argument="origin_from")
    origins = list(range(origin_from, origin_to + 1))
    rows: list[dict] = []
    notes: list[str] = []
    engine_notes: dict[str, set] = {}
    cache: dict = {}
    for spec in specs:
        b = benchmark_forecasts(spec, origins, horizon)
        e = engine_forecasts(spec, engine_obs, origins, horizon, draws, seed, engine_notes,
                             cache) \
            if engine and spec.engine else []
        if not b:
            notes.append(f"{spec.name}: no origin in {origin_from}-{origin_to} has both "
                         "history and a later outcome.")
        rows += b + e
    forecasts = pd.DataFrame(rows, columns=FORECAST_COLUMNS[:FORECAST_COLUMNS.index("warmup")])
    forecasts = calibrate_bands(forecasts, specs, band_method)[FORECAST_COLUMNS]
    forecasts = forecasts.astype({"origin": int, "year": int, "horizon": int,
                                  "zero_width": bool, "warmup": bool})
    undated = sum(hdata.undated_rows(hdata.known_at(sp.rows, origin_to)) for sp in specs
                  if sp.outcomes is sp.rows)
    notes.extend(hdata.unscored_share_points(obs))
    notes.append("Conditional mode (actual growth, deflator, investment and FDI published later "
                 "fed into the engine) is scored for shares only: for GRDP growth and levels "
                 "the engine's totals are its inputs, so the conditional forecast reproduces "
                 "the published growth by construction.")
    if undated:
        notes.append(f"{undated} rows of the scored series carry no publication date; they are "
                     "read as released by the usual cut-off of their own year.")
    notes.extend(_note_lines(engine_notes))
    zero = forecasts[forecasts["zero_width"]]
    if len(zero):
        notes.append(f"{len(zero)} forecasts have a zero-width band "
                     f"({', '.join(sorted(set(zero['method'] + ' ' + zero['mode'])))}) and are "
                     "left out of every coverage.")
    fan = (fan_from_forecasts(forecasts, kinds=SHARE_KINDS, method=band_method)
           if engine and len(forecasts) else None)
    settings = {"origins": origins, "horizon": horizon, "draws": draws, "seed": seed,
                "information_set": "year <= T and published <= T+1-03-31 (undated rows kept)",
                "band_calibration": {"method": band_method,
                                     "method_text": fs.method_text(band_method),
                                     "reference": fs.REFERENCE,
                                     "min_errors": fs.MIN_ERRORS,
                                     "min_per_horizon": fs.MIN_PER_HORIZON,
                                     "learning_set": "engine errors of the same mode and kind "
                                     "of quantity whose outcome was published by the origin's "
                                     "cut-off, measured against the value published by then"}}
    result = BacktestResult(forecasts=forecasts, scores=score(forecasts), notes=notes,
                            settings=settings, fan=fan)
    if cached:
        _CACHE[key] = result
    return result


def fan_calibration(obs: pd.DataFrame | None = None, kinds: tuple[str, ...] | None = SHARE_KINDS,
                    result: BacktestResult | None = None, cache: bool = True,
                    **kwargs: Any) -> fs.FanCalibration:
    """Bias and band-width scale by horizon from every engine backtest error known today.

    Parameters
    ----------
    obs : DataFrame, optional
        Observations (default: the shipped files).
    kinds : tuple of str or None
        Learn only from series of these kinds (``"growth"``, ``"share"``, ``"level"``);
        default shares only (the reports' fans are share fans); None pools every series.
    result : BacktestResult, optional
        A backtest already run (else :func:`run_backtest` with ``kwargs``).
    cache : bool
        With the shipped files and no ``result``: keep the table in
        :func:`cache_dir` under a key that hashes every observation file, every module of
        the package, ``parameters.yaml`` and the arguments, so a second call (another
        process, another report) reads it instead of re-running the backtest; any change of
        data or code makes a new key.

    Returns
    -------
    FanCalibration
        ``table`` (bias, scale, n, rule per horizon; longer horizons hold the longest's
        values), ``method``, ``reference``; :meth:`FanCalibration.apply` recentres and
        rescales the percentile bands of a projection.

    Notes
    -----
    :class:`~hpresearch.uncertainty.fan_scaling.FanCalibration` lives in
    :mod:`hpresearch.uncertainty.fan_scaling` (pure), so the Monte Carlo can apply one
    without importing the backtest; call this function where the fan is built for a report.
    """
    def compute() -> fs.FanCalibration:
        res = result if result is not None else run_backtest(obs, **kwargs)
        method = res.settings.get("band_calibration", {}).get("method", fs.DEFAULT_METHOD)
        return fan_from_forecasts(res.forecasts, kinds=kinds, method=method)

    if not (cache and obs is None and result is None):
        return compute()
    return _cached(f"fan-{fan_key(kinds, kwargs)}", compute, fs.FanCalibration.from_dict)


def cache_dir() -> Path:
    """Where :func:`fan_calibration` keeps its tables (``HPRESEARCH_CACHE_DIR`` wins, else
    ``$XDG_CACHE_HOME/hpresearch`` or ``~/.cache/hpresearch``)."""
    env = os.environ.get("HPRESEARCH_CACHE_DIR")
    if env:
        return Path(env)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "hpresearch"


def fan_key(kinds, kwargs) -> str:
    """Hash of the inputs of a default fan calibration: data files, code, parameters, args
    (the same file and code hashes the render's result store uses)."""
    from hpresearch.data.load import data_file_hashes
    from hpresearch.fileio import package_tree_sha

    payload = [data_file_hashes(), package_tree_sha(),
               repr((sorted(kinds) if kinds else None, sorted(kwargs.items())))]
    return hashlib.sha256(json.dumps(payload, sort_keys=True).encode()).hexdigest()[:20]


def share_record(cache: bool = True) -> ShareRecord:
    """The share record of the default backtest of the shipped data
    (:func:`hpresearch.backtest.record.record_from`).

    With ``cache`` the record is kept beside the fan tables (:func:`cache_dir`) under a key
    of the data files and the package code, so every report of a set reads it instead of
    re-running the backtest.
    """
    if not cache:
        return run_backtest().share_record()
    return _cached(f"share-record-{fan_key(SHARE_KINDS, {})}",
                   lambda: run_backtest().share_record(), ShareRecord.from_dict)


def _cached(name: str, compute, load):
    """``load`` of ``<cache_dir>/<name>.json`` if it reads, else ``compute()`` written there
    (a damaged, unreadable or wrong-shaped file is recomputed; a read-only cache only costs
    time)."""
    path = cache_dir() / f"{name}.json"
    if path.is_file():
        try:  # plain JSON (never code); any damage or wrong shape is a cache miss
            return load(json.loads(path.read_text("utf-8")))
        except (OSError, ValueError, KeyError, TypeError, AttributeError, IndexError,
                RecursionError):
            pass
    value = compute()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        atomic_write(path, json.dumps(value.to_dict(), default=str))
    except OSError:
        pass
    return value
