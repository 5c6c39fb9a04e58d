"""Calibration as data: one rule per ``calibrated:`` name, applied to an information set.

:func:`calibrate_from` turns an :class:`~hpresearch.calibration.information.InformationSet`
into a :class:`~hpresearch.calibration.base.Calibration` in named steps:

1. :func:`base_point` - the base year ``t0``, its share ``s0``, real GRDP ``Y0`` and deflator
   ``P0``, and the trends of real growth and of the deflator;
2. the scalar rules of :data:`RULES`, keyed by the ``calibrated:`` names of
   ``parameters.yaml`` (each returns an :class:`Estimate`: value, how it was obtained and,
   where the data give one, a range);
3. the ranges of :data:`RANGES`, keyed by the ``uncertainty: calibrated:`` names;
4. :func:`history` (the years before ``t0`` that capacity and disbursement lags need) and
   :func:`observed_after` (published values after ``t0``, plus the actual inputs of a
   conditional backtest).

The reports apply these rules to today's information (:func:`hpresearch.calibration.calibrate`)
and the backtest applies the same rules to what was published by each origin, so the backtest
scores the calibration the reports use. Where an information set lacks a series, a rule falls
back to a value stated in the registry (``stated:``); today's information set (``origin is
None``) never falls back: a missing series is a :class:`~hpresearch.errors.CalibrationError`,
because requirements in money depend on levels.

References
----------
Harberger, A. C. (1978). Perspectives on capital and technology in less developed countries.
In M. J. Artis & A. R. Nobay (eds.), *Contemporary Economic Analysis*. Croom Helm.
Tashman, L. J. (2000). "Out-of-sample tests of forecasting accuracy: an analysis and
review." *International Journal of Forecasting* 16(4), 437-450.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable, Mapping

import numpy as np
import pandas as pd

from hpresearch.calibration.base import (ATTRIBUTES, BASE_WINDOW, HISTORY, HISTORY_VARIABLES,
                                         TREND_WINDOW, Calibration, Estimate)
from hpresearch.calibration.information import InformationSet, check_boundary_basis, today
from hpresearch.data.derive import implied_deflator_growth
from hpresearch.data.vocabulary import DEFAULT_BOUNDARY
from hpresearch.errors import CalibrationError, error_message
from hpresearch.memo import Memo

#: Scored quantities a backtest calibrates for (they set the base year), with the engine
#: output that holds each.
TARGETS = {"share": "de_share", "growth": "grdp_growth_real",
           "constant": "grdp_constant_vnd_bn", "current": "grdp_current_vnd_bn"}
#: Normalisations where a backtest's scored quantity does not depend on the value: the GRDP
#: level when no level is known (shares and growth do not depend on it) and the share of a
#: GRDP series (no GRDP output depends on it). Not modelling assumptions.
PLACEHOLDER_LEVEL = 100_000.0
PLACEHOLDER_SHARE = 0.10


@dataclass(frozen=True)
class BasePoint:
    """The base year and what the rules derive from it (see :func:`base_point`)."""

    year: int
    share: float
    real: float
    deflator: float
    trend_growth: float
    trend_deflator: float
    growth: pd.Series
    deflator_growth: pd.Series
    published_scale: bool
    notes: Mapping[str, str]


# ------------------------------------------------------------------------------------------
# small helpers
# ------------------------------------------------------------------------------------------
def _registry(name: str):
    from hpresearch.parameters.registry import load_registry

    return load_registry()[name]


def _stated(name: str, info: InformationSet, why: str) -> Estimate:
    """The registry's stated value of ``name`` (refused for today's information set)."""
    if info.origin is None:
        raise CalibrationError(error_message(
            where=f"calibration {info.name}/{info.basis}, {name}", rule=f"{why}; cannot calibrate"))
    stated = _registry(name).stated
    return Estimate(float(stated["value"]), f"stated {stated['value']:g} ({why})")


def _where(info: InformationSet) -> str:
    return (f"panel {info.name}/{info.basis}" if info.origin is None
            else f"origin {info.origin}, {info.name}")


def _latest(s: pd.Series) -> tuple[int, float] | None:
    return None if s.empty else (int(s.index[-1]), float(s.iloc[-1]))


def recent_ratio(num: pd.Series, den: pd.Series) -> tuple[float, list[int]]:
    """Mean of ``num / den`` over the last :data:`BASE_WINDOW` years with both."""
    both = sorted(set(num.dropna().index) & set(den.dropna().index))[-BASE_WINDOW:]
    if not both:
        return float("nan"), []
    return float(np.mean([num[y] / den[y] for y in both])), both


def trend(series: pd.Series, window: int = TREND_WINDOW) -> float:
    """Mean of the last (up to) ``window`` values (NaN when none)."""
    s = series.dropna().sort_index()
    return float(s.iloc[-window:].mean()) if len(s) else float("nan")


def fx_at(info: InformationSet, year: int) -> float:
    """Exchange rate of ``year``: the latest known at or before it, else the first known."""
    fx = info.fx.dropna().sort_index()
    if fx.empty:
        return _stated("vnd_per_usd", info, "no exchange rate is known").value
    prior = fx[fx.index <= year]
    return float(prior.iloc[-1]) if len(prior) else float(fx.iloc[0])


# ------------------------------------------------------------------------------------------
# 1. the base point
# ------------------------------------------------------------------------------------------
def _base_year(info: InformationSet, target: str) -> tuple[int, float, str]:
    """Base year and share: the latest year of the scored quantity (the share by default)."""
    share = info.share.dropna().sort_index()
    where = _where(info)
    if target == "share":
        if share.empty:
            raise CalibrationError(error_message(where=f"{where}, de_share",
                                                 rule="has no observed year; cannot calibrate"))
        t0 = int(share.index[-1])
        return t0, float(share.iloc[-1]), (f"latest de_share ({t0}, "
                                           f"{info.provenance('de_share', t0)})")
    s0 = float(share.iloc[-1]) if len(share) else PLACEHOLDER_SHARE
    note = "placeholder (no GRDP output depends on the share)"
    if target == "growth":
        return int(info.origin), s0, note
    levels = (info.real if target == "constant" else info.current).dropna().sort_index()
    if levels.empty:
        raise CalibrationError(error_message(where=f"{where}, GRDP {target}",
                                             rule="no level is known"))
    return int(levels.index[-1]), s0, note


def _growth(info: InformationSet) -> tuple[pd.Series, str]:
    growth = info.growth.dropna().sort_index()
    real = info.real.dropna().sort_index()
    if growth.empty and len(real) >= 2:
        return real.pct_change().dropna(), "derived from grdp_constant_vnd_bn"
    if growth.empty:
        raise CalibrationError(error_message(where=f"{_where(info)}, grdp_growth_real",
                                             rule="has no observed year"))
    return growth, (f"mean grdp_growth_real {int(growth.index[-TREND_WINDOW:][0])}-"
                    f"{int(growth.index[-1])} ({info.growth_source or info.name})")


def _deflator_growth(info: InformationSet, growth: pd.Series) -> tuple[pd.Series, str]:
    """Deflator growth: of the published levels where two consecutive ones exist, else
    implied by current-price levels and real growth."""
    defl = info.deflator.dropna().sort_index()
    if len(defl) >= 2:
        d = (defl / defl.shift(1) - 1.0).dropna()
        d = d[[y for y in d.index if (y - 1) in defl.index]]
        if len(d):
            return d, (f"mean growth of the implied GRDP deflator {int(d.index[-TREND_WINDOW:][0]) - 1}"
                       f"-{int(d.index[-1])}")
    d = implied_deflator_growth(info.current, growth)
    if len(d):
        return d, (f"mean implied deflator growth {int(d.index[-TREND_WINDOW:][0])}-"
                   f"{int(d.index[-1])} (published current-price levels and real growth)")
    if info.origin is None:
        raise CalibrationError(error_message(where=f"{_where(info)}, column 'grdp_deflator'",
                                             rule="needs at least two years for the deflator trend"))
    return d, "0: no two published current-price levels with the real growth between them"


def _base_level(info: InformationSet, t0: int, growth: pd.Series, g: float, pi_known: pd.Series,
                pi: float) -> tuple[float, float, bool, dict[str, str]]:
    """``Y0`` and ``P0``: the real level at ``t0`` (consistent with the first later published
    level and growth), else the current-price level carried to ``t0`` at prices of ``t0``."""
    real, cur, defl = (s.dropna().sort_index() for s in (info.real, info.current, info.deflator))
    if t0 in real.index:
        y0, notes = _backcast_real(info, t0, real, growth)
        if t0 in defl.index:
            return y0, float(defl[t0]), True, {**notes, "deflator": (
                f"panel grdp_deflator {t0} ({info.provenance('grdp_deflator', t0)})")}
        if t0 in cur.index:
            return y0, float(cur[t0]) / y0, True, {
                **notes, "deflator": f"derived: grdp_current / grdp_constant {t0}"}
        if info.origin is None:
            raise CalibrationError(error_message(
                where=f"{_where(info)}, year {t0}",
                rule="has neither grdp_deflator nor grdp_current_vnd_bn"))
        return y0, 1.0, False, {**notes, "deflator": "1 (no current-price level that year; unused)"}
    if info.origin is None:
        raise CalibrationError(error_message(
            where=f"{_where(info)}, column 'grdp_constant_vnd_bn', year {t0}",
            rule="is missing but the base year needs real GRDP"))
    prior = cur[cur.index <= t0]
    if not len(prior):
        return PLACEHOLDER_LEVEL, 1.0, False, {
            "grdp_constant_vnd_bn": "placeholder level: no GRDP level known (the share and "
                                    "growth paths do not depend on the level)",
            "deflator": f"1 in {t0}"}
    y_last = int(prior.index[-1])
    step = [(1.0 + growth.get(y, g)) * (1.0 + pi_known.get(y, pi))
            for y in range(y_last + 1, t0 + 1)]
    return float(prior.iloc[-1]) * float(np.prod(step)), 1.0, True, {
        "grdp_constant_vnd_bn": (f"published current-price GRDP {y_last}"
                                 + (f" carried to {t0} with growth and deflator"
                                    if y_last < t0 else "") + f"; prices of {t0}"),
        "deflator": f"1 in {t0} (money at prices of {t0})"}


def _backcast_real(info: InformationSet, t0: int, real: pd.Series,
                   growth: pd.Series) -> tuple[float, dict[str, str]]:
    """Base real level consistent with the first later published level and the published
    growth in between (a release's growth and level reproduce each other exactly)."""
    y0 = float(real[t0])
    note = f"panel grdp_constant {t0} ({info.provenance('grdp_constant_vnd_bn', t0)})"
    for y1 in [y for y in real.index if y > t0]:
        between = range(t0 + 1, y1 + 1)
        if (info.provenance("grdp_constant_vnd_bn", y1) == "observed"
                and all(y in growth.index and info.provenance("grdp_growth_real", y) == "observed"
                        for y in between)):
            backcast = float(real[y1]) / float(np.prod([1.0 + growth[y] for y in between]))
            note = (f"derived: {y1} published level {real[y1]:,.0f} / published growth "
                    f"{', '.join(f'{y} {growth[y]:.2%}' for y in between)} = {backcast:,.0f} "
                    f"(panel {t0}: {y0:,.0f}; the later release is used)")
            return backcast, {"grdp_constant_vnd_bn": note}
    return y0, {"grdp_constant_vnd_bn": note}


def base_point(info: InformationSet, target: str = "share") -> BasePoint:
    """The base year, its share, real GRDP and deflator, and the growth and deflator trends.

    Trend real growth = mean of the last (up to) :data:`TREND_WINDOW` known growth rates;
    trend deflator growth = the same mean of the deflator's growth (published levels, else
    implied by current-price levels and real growth, else 0 at a backtest origin).
    """
    if target not in TARGETS:
        raise CalibrationError(error_message(where="calibration target", value=target,
                                             rule=f"not in {list(TARGETS)}"))
    t0, s0, share_note = _base_year(info, target)
    growth, growth_note = _growth(info)
    pi_known, pi_note = _deflator_growth(info, growth)
    g, pi = trend(growth), (trend(pi_known) if len(pi_known) else 0.0)
    y0, p0, scale, level_notes = _base_level(info, t0, growth, g, pi_known, pi)
    if not (0.0 < s0 < 1.0) or y0 <= 0 or p0 <= 0:
        raise CalibrationError(error_message(
            where=f"{_where(info)}, year {t0}", value=(s0, y0, p0),
            rule="share must be in (0, 1) and GRDP and deflator positive"))
    return BasePoint(t0, s0, y0, p0, g, pi, growth, pi_known, scale, {
        "de_share": share_note, "trend_real_growth": growth_note,
        "trend_deflator_growth": pi_note, **level_notes})


# ------------------------------------------------------------------------------------------
# 2. scalar rules (keyed by the registry's ``calibrated:`` names)
# ------------------------------------------------------------------------------------------
Rule = Callable[[InformationSet, BasePoint], Estimate]


def trend_real_growth(info: InformationSet, base: BasePoint) -> Estimate:
    """Mean of the last (up to) five known real growth rates."""
    return Estimate(base.trend_growth, base.notes["trend_real_growth"])


def harberger_steady_state(info: InformationSet, base: BasePoint) -> Estimate:
    """NaN: the engine derives ``K0 = I0/(g + delta)`` (Harberger 1978)."""
    return Estimate(float("nan"), "Harberger initial capital stock from base-period investment")


def _fdi_vnd(info: InformationSet) -> pd.Series:
    fdi = info.fdi.dropna()
    return pd.Series({y: fdi[y] * fx_at(info, int(y)) for y in fdi.index}, dtype=float)


def recent_total_investment_ratio(info: InformationSet, base: BasePoint) -> Estimate:
    """Mean total investment / nominal GRDP, last three years with both (else the published
    investment rate, else the stated stand-in)."""
    value, years = recent_ratio(info.investment, info.current)
    if years:
        return Estimate(value, "mean total_investment / grdp_current " + ", ".join(map(str, years)))
    rate = info.investment_rate.dropna().sort_index()
    if len(rate) and info.origin is not None:
        yrs = [int(y) for y in rate.index[-BASE_WINDOW:]]
        return Estimate(float(rate.iloc[-BASE_WINDOW:].mean()),
                        f"mean published investment rate {yrs}")
    return _stated("total_investment_ratio", info, "no total investment with a GRDP level")


def recent_fdi_ratio(info: InformationSet, base: BasePoint) -> Estimate:
    """Mean registered FDI (VND at the year's rate) / nominal GRDP, last three years."""
    value, years = recent_ratio(_fdi_vnd(info), info.current)
    if years:
        return Estimate(value, "mean fdi (VND at the year's rate) / grdp_current "
                        + ", ".join(map(str, years)))
    return _stated("fdi_ratio", info, "no registered FDI with a GRDP level")


def recent_dx_ratio(info: InformationSet, base: BasePoint) -> Estimate:
    """Mean DX budget / nominal GRDP, last three years with both."""
    value, years = recent_ratio(info.dx, info.current)
    if years:
        return Estimate(value, "mean dx_budget / grdp_current " + ", ".join(map(str, years)))
    return _stated("dx_ratio", info, "no DX budget with a GRDP level")


def national_digitalised_share_logistic_fit(info: InformationSet, base: BasePoint) -> Estimate:
    """Discrete-logistic speed fitted to Viet Nam's adoption series, with its range over fit
    windows (0 before GSO publishes the series: the digitalised part is held)."""
    from hpresearch.calibration.adoption import adoption_speed_range, calibrate_adoption_speed

    ceiling = float(_registry("adoption_ceiling").default)
    a = info.adoption.dropna()
    if len(a) < 2:
        if info.origin is None:
            raise CalibrationError(error_message(
                where="national GSO digitalised-sector share series",
                rule="is missing; adoption_speed cannot be calibrated"))
        return Estimate(0.0, "0: the national adoption series is not published by the origin "
                             "(GSO's first release is 29/12/2023); the digitalised part is held")
    k = calibrate_adoption_speed(a, ceiling)
    note = (f"discrete-logistic fit to national GSO adoption {int(a.index.min())}-"
            f"{int(a.index.max())} ({a.attrs.get('note', '')}; a_max={ceiling:g})")
    windows = info.adoption_windows.dropna()
    if len(windows) < 2:
        return Estimate(k, note)
    rng = adoption_speed_range(windows, ceiling, float(k))
    wins = ", ".join(f"{w}: {x:.4f}" for w, x in rng.pop("windows").items())
    rng["source"] = (f"derived: min/max of discrete-logistic fits over every window of the "
                     f"national GSO adoption series a = dig/(1 - core) "
                     f"({windows.attrs.get('note', '')}) - {wins}; mode = the calibrated default")
    return Estimate(k, note, rng)


def national_fdi_disbursed_to_registered(info: InformationSet, base: BasePoint) -> Estimate:
    """Mean annual national disbursed/registered FDI ratio; triangular(min, mean, max)."""
    table = info.fdi_ratios
    if table is None or not len(table):
        if info.origin is None:
            return Estimate(float("nan"), "not calibrated (no national FDI data given)")
        return _stated("fdi_disbursement_ratio", info, "no national disbursed/registered pair")
    r = table["ratio"].astype(float)
    yrs = [int(y) for y in r.index]
    ids = "; ".join(str(x) for x in table["obs_ids"]) if "obs_ids" in table else ""
    mean = float(r.mean())
    note = (f"derived: mean of annual national disbursed/registered FDI ratios {yrs[0]}-"
            f"{yrs[-1]} ({len(yrs)} years: " + ", ".join(f"{y} {x:.3f}" for y, x in zip(yrs, r))
            + f"); obs_ids {ids}")
    rng = None if len(r) < 2 else {
        "dist": "triangular", "low": float(r.min()), "mode": mean, "high": float(r.max()),
        "source": (f"derived: triangular(min, mean, max) of the annual national "
                   f"disbursed/registered FDI ratios {yrs[0]}-{yrs[-1]}; obs_ids {ids}")}
    return Estimate(mean, note, rng)


def national_fdi_lag_fit(info: InformationSet, base: BasePoint) -> Estimate:
    """Mean disbursement lag fitted to national FDI (else the middle of the stated range),
    triangular over the stated range widened to include the fit."""
    from hpresearch.calibration.fdi import fit_fdi_lag

    spec = _registry("fdi_mean_lag_years").uncertainty
    low, high = float(spec["stated"]["low"]), float(spec["stated"]["high"])
    nat = info.fdi_national
    lag, note = 0.5 * (low + high), f"midpoint of the stated range {low}-{high} years"
    try:
        if nat is None or not len(nat):
            raise CalibrationError("no national FDI series")
        fit = fit_fdi_lag(nat["registered_usd_bn"], nat["disbursed_usd_bn"],
                          int(_registry("fdi_lag_span_years").default))
        lag = float(fit["mean_lag"])
        note = (f"derived: least squares of national disbursed FDI on registrations of the same "
                f"and {len(fit['weights']) - 1} earlier years, {fit['years'][0]}-"
                f"{fit['years'][-1]} ({fit['n']} years, rmse {fit['rmse']:.2f} USD bn): mean lag "
                f"{lag:.2f} years, weights " + ", ".join(f"{w:.2f}" for w in fit["weights"])
                + f" (the fit's own ratio {fit['ratio']:.3f} is not used: the mean annual ratio is)")
    except CalibrationError:
        if info.origin is None:
            return Estimate(float("nan"), "not calibrated (no national FDI data given)")
    return Estimate(lag, note, {
        "dist": "triangular", "low": min(low, lag), "mode": lag, "high": max(high, lag),
        "source": f"{note}; stated range {low}-{high} years"})


def latest_exchange_rate(info: InformationSet, base: BasePoint) -> Estimate:
    """The latest published VND per USD."""
    last = _latest(info.fx.dropna().sort_index())
    if last is None:
        return _stated("vnd_per_usd", info, "no exchange rate is known")
    return Estimate(last[1], f"latest vnd_per_usd ({last[0]})")


def recorded_pace_limit(info: InformationSet, base: BasePoint) -> Estimate:
    """The pace limit derived from the recorded annual changes of digital-economy shares
    that ``info`` holds (:func:`hpresearch.calibration.reference_class.pace_limit_of` under
    the registry's ``share_pace_limit_quantile``).

    Today's information set without a same-source change cannot calibrate
    (:class:`~hpresearch.errors.CalibrationError`); a past origin without one has no limit
    (NaN: no path is called too fast by a limit nobody could have known).
    """
    from hpresearch.calibration.reference_class import pace_limit_of

    changes = info.share_changes
    limit = None if changes is None else pace_limit_of(changes)
    if limit is not None:
        return Estimate(limit.value, limit.source)
    why = ("no annual change of a digital-economy share printed by one publication is in "
           "the information set")
    if info.origin is None:
        raise CalibrationError(error_message(
            where=f"calibration {info.name}/{info.basis}, share_pace_limit",
            rule=f"{why}; cannot calibrate"))
    return Estimate(float("nan"), f"not calibrated at origin {info.origin}: {why}")


def plant_capacity_output_elasticity(info: InformationSet, base: BasePoint) -> Estimate:
    """Output elasticity of core capacity: the largest plant's published expansion, with the
    range of its published capacity figures (triangular, mode at the midpoint estimate)."""
    fit = info.plant_elasticity
    if fit is None:
        return _stated("output_elasticity_core", info,
                       "no plant expansion with capacity and capital is known")
    return Estimate(float(fit["value"]), str(fit["source"]), {
        "dist": "triangular", "low": float(fit["low"]), "mode": float(fit["value"]),
        "high": float(fit["high"]), "source": str(fit["source"])})


#: The scalar rules, by the registry's ``calibrated:`` names.
RULES: dict[str, Rule] = {f.__name__: f for f in (
    trend_real_growth, harberger_steady_state, recent_total_investment_ratio, recent_fdi_ratio,
    recent_dx_ratio, national_digitalised_share_logistic_fit,
    national_fdi_disbursed_to_registered, national_fdi_lag_fit, latest_exchange_rate,
    recorded_pace_limit, plant_capacity_output_elasticity)}


# ------------------------------------------------------------------------------------------
# 3. ranges (keyed by the registry's ``uncertainty: calibrated:`` names)
# ------------------------------------------------------------------------------------------
def initial_capital_growth_range(info: InformationSet, base: BasePoint,
                                 estimates: Mapping[str, Estimate]) -> Mapping[str, Any] | None:
    """Two-piece prior of ``g`` in ``K0 = I0/(g + delta)``
    (:func:`hpresearch.calibration.shocks.capital_growth_range`)."""
    from hpresearch.calibration.shocks import capital_growth_range

    window = base.growth.iloc[-TREND_WINDOW:]
    defl = info.deflator.dropna()
    real_inv = (info.investment / defl).dropna() if len(defl) else pd.Series(dtype=float)
    first, last = int(window.index[0]), int(window.index[-1])
    return capital_growth_range(base.trend_growth, window,
                                real_inv[(real_inv.index >= first - 1) & (real_inv.index <= last)],
                                f"{info.name}/{info.basis}", fdi_growth=info.fdi_growth)


def digital_fdi_flow_range(info: InformationSet, base: BasePoint,
                           estimates: Mapping[str, Estimate]) -> Mapping[str, Any] | None:
    """Triangular(LG-only flow share, LG stock share, stated upper end)."""
    flow = info.flow_share
    if flow is None:
        return None
    spec = _registry("digital_fdi_fraction")
    low, mode = float(flow["share"]), float(spec.default)
    high = float(spec.uncertainty["stated"]["high"])
    note = (f"derived: itemised LG capital registrations {flow['flows_usd_bn']:.2f} / registered "
            f"FDI {flow['registered_usd_bn']:.2f} USD bn, {flow['years'][0]}-{flow['years'][-1]}"
            f" = {low:.3f} (a lower bound of the digital fraction of flows)")
    return {"dist": "triangular", "low": min(low, mode), "mode": mode, "high": high,
            "source": f"{note}; mode = LG stock share {mode:g}; stated upper end {high:g}"}


def base_share_measurement(info: InformationSet, base: BasePoint,
                           estimates: Mapping[str, Estimate]) -> Mapping[str, Any] | None:
    """Relative measurement error of the base share ``s0`` (an estimate for the base year
    ``t0``), triangular around 0.

    The range covers every documented reading ``r`` of the base-year share
    (:attr:`InformationSet.share_readings`: a period figure converted to ``t0`` with the
    national profile or read as the ``t0`` value; a figure whose reference year may be the
    year before, carried to ``t0`` with each national release's profile), ``r / s0 - 1``,
    widened both ways by the largest revision of the share between releases:
    ``low = min(r/s0 - 1) - rev``, ``high = max(r/s0 - 1) + rev``; the mode 0 is the
    panel's value, the deterministic base.
    """
    s0 = float(base.share)
    gaps = [(label, float(r) / s0 - 1.0) for label, r in info.share_readings]
    lo = min([0.0] + [g for _, g in gaps])
    hi = max([0.0] + [g for _, g in gaps])
    parts = []
    if len(gaps) > 1:
        parts.append(f"{base.year} base share {s0:.2%} read {len(gaps)} documented ways: "
                     + "; ".join(f"{label} {s0 * (1 + g):.2%} ({g:+.2%})" for label, g in gaps))
    rev = info.share_revision
    if rev:
        lo -= rev["revision"]
        hi += rev["revision"]
        parts.append(f"largest revision of the share between releases ±{rev['revision']:.1%} "
                     f"({rev['year']}: {rev['first']:.2%} in {rev['first_vintage']}, "
                     f"{rev['latest']:.2%} in {rev['latest_vintage']})")
    if lo == 0.0 and hi == 0.0:
        return None
    return {"dist": "triangular", "low": lo, "mode": 0.0, "high": hi,
            "source": "derived: " + "; ".join(parts)
                      + f" -> base share {s0 * (1 + lo):.2%}-{s0 * (1 + hi):.2%}"}


def _range_of(rule: str) -> Callable[..., Mapping[str, Any] | None]:
    def from_estimate(info: InformationSet, base: BasePoint,
                      estimates: Mapping[str, Estimate]) -> Mapping[str, Any] | None:
        return estimates[rule].range if rule in estimates else None
    return from_estimate


#: The ranges, by the registry's ``uncertainty: calibrated:`` names.
RANGES: dict[str, Callable[..., Mapping[str, Any] | None]] = {
    "initial_capital_growth_range": initial_capital_growth_range,
    "digital_fdi_flow_range": digital_fdi_flow_range,
    "base_share_measurement": base_share_measurement,
    "adoption_speed_fit_windows": _range_of("national_digitalised_share_logistic_fit"),
    "national_fdi_disbursed_to_registered_range": _range_of("national_fdi_disbursed_to_registered"),
    "national_fdi_lag_range": _range_of("national_fdi_lag_fit"),
    "plant_capacity_output_elasticity_range": _range_of("plant_capacity_output_elasticity"),
}


# ------------------------------------------------------------------------------------------
# 4. history before t0 and published values after it
# ------------------------------------------------------------------------------------------
def history(info: InformationSet, base: BasePoint, ratios: Mapping[str, float]
            ) -> tuple[tuple[int, ...], dict[str, np.ndarray], str]:
    """:data:`HISTORY_VARIABLES` for ``t0 - HISTORY + 1 .. t0``, gaps filled.

    Nominal GRDP: published, else back-cast from the next published year at the trends; the
    deflator: published, else back-cast from ``P0`` at the trend; investment and FDI:
    published, else their recent ratios to nominal GRDP.
    """
    t0, y0, p0 = base.year, base.real, base.deflator
    years = tuple(range(t0 - HISTORY + 1, t0 + 1))
    cur = (info.current.dropna().sort_index() if base.published_scale
           else pd.Series(dtype=float))
    step = (1 + base.trend_growth) * (1 + base.trend_deflator)
    nominal = cur.copy()
    for y in years:
        if y not in cur.index:
            nxt = cur[cur.index > y]
            start = float(nxt.iloc[0]) if len(nxt) else y0 * p0
            nominal[y] = start / step ** ((int(nxt.index[0]) - y) if len(nxt) else (t0 - y))
    defl, inv, fdi = info.deflator.dropna(), info.investment.dropna(), info.fdi.dropna()
    filled: dict[str, list[int]] = {k: [] for k in HISTORY_VARIABLES}
    out: dict[str, list[float]] = {k: [] for k in HISTORY_VARIABLES}
    for y in years:
        yn = float(nominal[y]) if y != t0 else y0 * p0
        rate = fx_at(info, y)
        if y in defl.index:
            out["deflator"].append(float(defl[y]))
        else:
            out["deflator"].append(p0 / (1 + base.trend_deflator) ** (t0 - y))
            filled["deflator"].append(y)
        out["grdp_current_vnd_bn"].append(yn)
        out["vnd_per_usd"].append(rate)
        for key, series, fill in (("total_investment_vnd_bn", inv, ratios["inv"] * yn),
                                  ("fdi_usd_bn", fdi, ratios["fdi"] * yn / rate)):
            out[key].append(float(series[y]) if y in series.index else fill)
            if y not in series.index:
                filled[key].append(y)
    note = "; ".join(
        f"{k} {', '.join(map(str, ys))} filled by the recent ratio to GRDP" if k != "deflator"
        else f"deflator {', '.join(map(str, ys))} back-cast at the trend"
        for k, ys in filled.items() if ys) or "no gaps"
    return years, {k: np.array(v, dtype=float) for k, v in out.items()}, note


def observed_after(info: InformationSet, base: BasePoint,
                   actual: Mapping[str, Mapping[int, float]] | None = None
                   ) -> tuple[dict[str, dict[int, float]], str]:
    """Published values after ``t0`` (the projection reproduces them), plus ``actual``.

    ``actual`` (a conditional backtest) feeds values published after the origin:
    ``grdp_growth_real``, ``deflator_growth``, ``fdi_usd_bn``, ``total_investment_vnd_bn``.
    Deflator levels are the published ones; an information set without any is chained from
    ``P0`` with the implied deflator growth.
    """
    t0 = base.year

    def after(s: pd.Series) -> dict[int, float]:
        return {int(y): float(v) for y, v in s.dropna().items() if int(y) > t0}

    observed = {"grdp_growth_real": after(base.growth), "grdp_constant_vnd_bn": after(info.real),
                "grdp_current_vnd_bn": after(info.current),
                "total_investment_vnd_bn": after(info.investment),
                "fdi_usd_bn": after(info.fdi), "dx_budget_vnd_bn": after(info.dx),
                "vnd_per_usd": after(info.fx)}
    observed["grdp_deflator"] = (after(info.deflator) if len(info.deflator.dropna())
                                 else _chained_deflator(base, actual))
    if not actual:
        return observed, ("unconditional: inputs after the origin projected as in 'trend'"
                          if info.origin is not None else "today")
    for key in ("grdp_growth_real", "fdi_usd_bn", "total_investment_vnd_bn"):
        for y, v in actual.get(key, {}).items():
            if int(y) > int(info.origin) and np.isfinite(float(v)):
                observed[key][int(y)] = float(v)
    fed = [k for k in ("grdp_growth_real", "deflator_growth", "fdi_usd_bn",
                       "total_investment_vnd_bn") if actual.get(k)]
    return observed, "conditional: actual " + ", ".join(fed) + " fed in"


def _chained_deflator(base: BasePoint, actual: Mapping[str, Mapping[int, float]] | None
                      ) -> dict[int, float]:
    """Deflator levels after ``t0`` from ``P0`` and known (then actual) deflator growth."""
    known, extra = base.deflator_growth, dict((actual or {}).get("deflator_growth", {}))
    out: dict[int, float] = {}
    level, y = base.deflator, base.year + 1
    while y in known.index or y in extra:
        level *= 1.0 + float(known[y] if y in known.index else extra[y])
        out[y] = level
        y += 1
    return out


# ------------------------------------------------------------------------------------------
# the calibration
# ------------------------------------------------------------------------------------------
def estimates_of(info: InformationSet, base: BasePoint) -> dict[str, Estimate]:
    """Every scalar rule the registry names, applied to ``info``."""
    from hpresearch.parameters.registry import load_registry

    names = {s.calibrated for s in load_registry().values() if s.calibrated in RULES}
    return {name: RULES[name](info, base) for name in sorted(names)}


def ranges_of(info: InformationSet, base: BasePoint, estimates: Mapping[str, Estimate],
              target: str) -> dict[str, dict[str, Any]]:
    """Uncertainty specs by parameter name, for every registry range rule with data."""
    from hpresearch.parameters.registry import load_registry

    out: dict[str, dict[str, Any]] = {}
    for name, spec in load_registry().items():
        rule = (spec.uncertainty or {}).get("calibrated")
        if rule not in RANGES or (rule == "base_share_measurement" and target != "share"):
            continue
        rng = RANGES[rule](info, base, estimates)
        if rng is not None:
            out[name] = dict(rng)
    return out


def calibrate_from(info: InformationSet, target: str = "share",
                   actual: Mapping[str, Mapping[int, float]] | None = None):
    """Apply the calibration rules to one information set.

    Parameters
    ----------
    info : InformationSet
        :func:`hpresearch.calibration.information.today` (the reports) or
        :func:`hpresearch.calibration.information.at_origin` (the backtest).
    target : {"share", "growth", "constant", "current"}
        The quantity a backtest scores: it sets the base year (the latest year of that
        quantity; the origin for growth). The reports use ``"share"``.
    actual : mapping, optional
        Conditional backtest: values published after the origin, fed in as inputs.

    Returns
    -------
    Calibration
    """
    base = base_point(info, target)
    estimates = estimates_of(info, base)
    ratios = {"inv": estimates["recent_total_investment_ratio"].value,
              "fdi": estimates["recent_fdi_ratio"].value}
    years, hist, hist_note = history(info, base, ratios)
    observed, mode = observed_after(info, base, actual)
    dx_ref, dx_note = _dx_reference(info, base, estimates["recent_dx_ratio"].value)
    uncertainty = ranges_of(info, base, estimates, target)
    notes = {**info.notes, **base.notes,
             **{ATTRIBUTES.get(k, k): e.source for k, e in estimates.items()},
             **{f"{k}_range": str(u.get("source", "")) for k, u in uncertainty.items()},
             **{f"shock:{k}": s.source for k, s in info.shocks.items()},
             "history": hist_note, "dx_ref_real": dx_note, "mode": mode}
    if info.stocks:
        notes["anchor"] = str(info.stocks.get("source", ""))
    if info.targets:
        notes["targets"] = "; ".join(
            f"{y}: {t['qualifier'] + ' ' if t.get('qualifier') else ''}{t['value']:.2%} "
            f"({t['obs_id']})" for y, t in sorted(info.targets.items()))
    return Calibration(
        boundary=info.name, basis=info.basis, year=base.year, grdp_constant_vnd_bn=base.real,
        deflator=base.deflator, de_share=base.share, trend_real_growth=base.trend_growth,
        trend_deflator_growth=base.trend_deflator, dx_ref_real=dx_ref,
        history=hist, history_years=years, observed=observed,
        latest={k: _latest(s.dropna().sort_index()) for k, s in (
            ("total_investment_vnd_bn", info.investment), ("fdi_usd_bn", info.fdi),
            ("dx_budget_vnd_bn", info.dx), ("vnd_per_usd", info.fx))},
        estimates=estimates, targets=dict(info.targets),
        share_history={int(y): float(v) for y, v in info.share.dropna().items()
                       if int(y) <= base.year},
        anchor_stock_usd_bn=info.stocks.get("anchor_usd_bn", float("nan")),
        fdi_stock_usd_bn=info.stocks.get("fdi_stock_usd_bn", float("nan")),
        uncertainty=uncertainty, shocks=dict(info.shocks),
        panel_values=info.values, notes=notes)


def _dx_reference(info: InformationSet, base: BasePoint, dx_ratio: float) -> tuple[float, str]:
    """Real DX spending of reference: the latest published budget at its year's deflator,
    else the base year's spending at the DX ratio."""
    last = _latest(info.dx.dropna().sort_index())
    if last is None:
        return dx_ratio * base.real, f"base-year spending at the DX ratio {dx_ratio:g}"
    year, value = last
    defl = info.deflator.dropna()
    p = (float(defl[year]) if year in defl.index
         else base.deflator * (1 + base.trend_deflator) ** (year - base.year))
    return value / p, f"DX budget {year} {value:,.0f} VND bn / deflator {p:.4f}"


_CACHE = Memo()


def calibrate(boundary: str = DEFAULT_BOUNDARY, basis: str = "gso", rule: Any = None) -> Calibration:
    """Today's calibration of ``boundary`` and ``basis`` (memoised): the calibration rules
    applied to :func:`hpresearch.calibration.information.today`.

    Raises
    ------
    UsageError
        Unknown boundary or basis.
    CalibrationError
        The panel lacks a required value.
    """
    check_boundary_basis(boundary, basis)
    key = (boundary, basis)
    if rule is None and key in _CACHE:
        return _CACHE[key]
    cal = calibrate_from(today(boundary, basis, rule))
    if rule is None:
        _CACHE[key] = cal
    return cal
