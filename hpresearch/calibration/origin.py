"""Calibration of the projection engine at a past forecast origin, from what was published then.

A rolling-origin backtest of the engine needs, for each origin ``T``, a :class:`Calibration`
built only from the *information set* of ``T``: observations with ``year <= T`` published on
or before ``T+1-03-31`` (:func:`hpresearch.data.known_at`). :func:`origin_data` reads that
set for one geography through :mod:`hpresearch.data`; :func:`origin_calibration` (pure) turns
it into a calibration, and :func:`origin_shock` fits the Monte Carlo's AR(1) growth shocks on
the same set.

What the origin calibration takes from the information set
------------------------------------------------------------
* **base year** ``t0``: the latest year of the scored quantity known at ``T`` (the share for
  a share series, the GRDP level for a level series; ``T`` itself for a growth series);
  base share ``s0`` = the latest share known at ``T`` (latest publication wins);
* **trend real growth** = mean of the last (up to) :data:`TREND_WINDOW` growth rates known at
  ``T``; a geography without any published growth uses Viet Nam's (a stated proxy);
* **trend deflator growth** = mean of the last (up to) five annual GRDP-deflator growth rates
  implied by two published current-price levels and the published real growth in between
  (``(Yn_2/Yn_1)/prod(1+g)``, annualised); where no two levels allow it: 0, with a note;
* **investment and FDI ratios** (held as in the ``trend`` scenario): mean of the last (up to)
  three years of total investment / nominal GRDP (else the published investment rate) and
  registered FDI x exchange rate / nominal GRDP, from the information set.

  Where a geography has no investment or FDI data, *stand-in* ratios are used. This is
  harmless for the share: with every investment lever held at a ratio to GRDP and the
  pre-origin history filled with the same ratios, capacity ``K_k`` and base capacity
  ``K0 = I0/(g+delta)`` scale together, so scaling all ratios by one factor leaves
  ``K_k/K0`` - and the share path - unchanged (the domestic/FDI mix matters only through
  the disbursement lag). The share path does not depend on the level of GRDP either
  (``Dc0 = phi s0 Y0`` scales with ``Y0``); the DX reference is set to the base year's DX
  spending at the ratio, so the adoption speed becomes ``k (Y_k/Y0)^epsilon``;
* **adoption speed**: the discrete-logistic fit to the national GSO adoption series as
  published by ``T`` (:func:`hpresearch.calibration.adoption.calibrate_adoption_speed`);
  before GSO's first release (29/12/2023) it cannot be fitted and is 0 (the digitalised
  part is held at its base level), with a note;
* **FDI disbursement**: the mean annual national disbursed/registered ratio known at ``T``
  (triangular(min, mean, max) in the Monte Carlo); the mean lag by
  :func:`hpresearch.calibration.fdi.fit_fdi_lag` when three usable years are known, else
  the midpoint of its stated range 0.3-2.0 years (triangular over that range);
* **base-share measurement error**: the largest revision of the share between releases
  known at ``T`` (same geography and basis, else Viet Nam's GSO share), both ways.

Everything else is the registry (``parameters.yaml``) as shipped: the backtest tests the
engine as a user would run it, not a re-estimated one.

References
----------
Tashman, L. J. (2000). "Out-of-sample tests of forecasting accuracy: an analysis and
review." *International Journal of Forecasting* 16(4), 437-450 (rolling origin).
Harberger, A. C. (1978), initial capital stock ``K0 = I0/(g+delta)``.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any, Mapping

import numpy as np
import pandas as pd

from hpresearch.calibration.base import BASE_WINDOW, HISTORY, TREND_WINDOW, Calibration
from hpresearch.calibration.fits import ShockSpec
from hpresearch.errors import CalibrationError, error_message

#: Smallest innovation sd of annual real growth used for the shocks (1 percentage point):
#: below the sd of every published real-growth series in the observation files, and the
#: value used when fewer than two growth rates are known at the origin.
GROWTH_SD_FLOOR = 0.01
#: Growth rates needed for the AR(1) fit of the shocks (statsmodels needs four).
MIN_AR1_POINTS = 4
#: AR(1) persistence bounds of the shocks (as :func:`hpresearch.calibration.fits.shock_spec`).
PHI_BOUNDS = (0.0, 0.9)
#: Stand-in ratios to nominal GRDP where a geography has no investment / FDI / DX data
#: (the share path does not depend on their common level; see the module docstring).
STAND_IN_RATIOS = {"total_investment_ratio": 0.30, "fdi_ratio": 0.05, "dx_ratio": 0.001}
#: Stand-in disbursement ratio before any national disbursed/registered pair is published
#: (the registry's plausible range is 0.5-0.9; it does not enter GRDP outputs).
STAND_IN_DISBURSEMENT = 0.7
#: Stated range of the mean disbursement lag (parameters.yaml, fdi_mean_lag_years).
STATED_LAG_RANGE = (0.3, 2.0)
#: Exchange rate used when the files hold none (a round stand-in; only VND/USD conversions
#: of FDI use it, which cancel in the ratios).
STAND_IN_VND_PER_USD = 25_000.0
#: GRDP level (VND bn) used where the scored quantity does not depend on it.
PLACEHOLDER_LEVEL = 100_000.0
#: Share used for GRDP series (the engine needs one; no GRDP output depends on it).
PLACEHOLDER_SHARE = 0.10
#: Indicators :func:`origin_data` reads.
INDICATORS = ("de_share", "de_core_share", "de_digitalised_share", "grdp_growth_real",
              "grdp_current", "grdp_constant_2010", "total_investment", "investment_rate",
              "fdi_registered", "fdi_disbursed", "vnd_per_usd")
#: Scored quantities and the engine output holding them.
TARGETS = {"share": "de_share", "growth": "grdp_growth_real",
           "constant": "grdp_constant_vnd_bn", "current": "grdp_current_vnd_bn"}


@dataclass(frozen=True)
class OriginData:
    """Series of one geography as known at the end of an origin year (model units).

    Attributes
    ----------
    geography, basis : str
        Geography; basis of the share series.
    origin : int
    share : Series
        Digital-economy share (fractions) on ``basis``.
    growth : Series
        Real GRDP growth (fractions); ``growth_geography`` says whose.
    current, constant : Series
        GRDP at current and at constant 2010 prices (VND bn).
    investment : Series
        Total social investment (VND bn).
    investment_rate : Series
        Published investment rate (fraction of GRDP).
    fdi : Series
        Registered FDI (USD bn).
    fx : Series
        VND per USD.
    adoption, adoption_windows : Series
        National adoption share (one vintage; latest per year) for the adoption speed.
    fdi_national : DataFrame
        National registered and disbursed FDI (:func:`hpresearch.data.national_fdi_series`).
    fdi_ratios : Series
        Annual national disbursed/registered ratios.
    share_revision : dict or None
        :func:`hpresearch.data.largest_share_revision` known at the origin.
    notes : dict
    """

    geography: str
    basis: str
    origin: int
    share: pd.Series
    growth: pd.Series
    growth_geography: str
    current: pd.Series
    constant: pd.Series
    investment: pd.Series = field(default_factory=lambda: pd.Series(dtype=float))
    investment_rate: pd.Series = field(default_factory=lambda: pd.Series(dtype=float))
    fdi: pd.Series = field(default_factory=lambda: pd.Series(dtype=float))
    fx: pd.Series = field(default_factory=lambda: pd.Series(dtype=float))
    adoption: pd.Series = field(default_factory=lambda: pd.Series(dtype=float))
    adoption_windows: pd.Series = field(default_factory=lambda: pd.Series(dtype=float))
    fdi_national: pd.DataFrame = field(default_factory=pd.DataFrame)
    fdi_ratios: pd.Series = field(default_factory=lambda: pd.Series(dtype=float))
    share_revision: Mapping[str, Any] | None = None
    notes: Mapping[str, str] = field(default_factory=dict)


def _frac(s: pd.Series) -> pd.Series:
    return (s / 100.0).astype(float)


def information_at(obs: pd.DataFrame, origin: int | None) -> dict[str, Any]:
    """The information set of ``origin`` and its geography-independent national pieces.

    Returns
    -------
    dict
        ``known`` (the observation rows of :data:`INDICATORS` knowable at the end of
        ``origin``; every row when ``origin`` is None), ``fdi_national``, ``fdi_ratios``,
        ``adoption``, ``adoption_windows``, ``gso_revision``.
    """
    from hpresearch import data as hdata

    obs = hdata.select_rows(hdata.with_columns(obs), INDICATORS)
    known = obs if origin is None else hdata.known_at(obs, origin)
    nat = hdata.national_fdi_series(known)
    ratios = hdata.fdi_disbursement_ratios(known, national=nat)
    return {"origin": origin, "known": known, "fdi_national": nat,
            "fdi_ratios": ratios["ratio"].astype(float) if len(ratios)
            else pd.Series(dtype=float),
            "adoption": hdata.national_adoption_series(known),
            "adoption_windows": hdata.latest_adoption_series(known),
            "gso_revision": hdata.largest_share_revision(known, "gso", "vietnam")}


def origin_data(obs: pd.DataFrame, geography: str, origin: int | None, basis: str = "gso",
                information: Mapping[str, Any] | None = None) -> OriginData:
    """What the observation files held about ``geography`` at the end of ``origin``.

    Parameters
    ----------
    obs : DataFrame
        Observations (:func:`hpresearch.data.load_observations`).
    geography : str
    origin : int or None
        Origin year ``T``; ``None`` reads every series as last revised (today's vintage:
        the outcomes of a conditional run).
    basis : str
        Basis of the share series.
    information : dict, optional
        :func:`information_at` of the same ``obs`` and ``origin`` (computed once per origin
        by a backtest; computed here when omitted).
    """
    from hpresearch import data as hdata

    info = information if information is not None else information_at(obs, origin)
    known = hdata.select_rows(info["known"], INDICATORS, {geography, "vietnam"})
    notes: dict[str, str] = {}

    def series(indicator: str, geo: str = geography, b: str | None = "gso",
               unit: str | None = None) -> pd.Series:
        return hdata.vintage_series(known, indicator, geo, b, unit=unit)

    share = _frac(series("de_share", b=basis))
    growth = _frac(series("grdp_growth_real"))
    growth_geo = geography
    if growth.empty and geography != "vietnam":
        growth = _frac(series("grdp_growth_real", "vietnam"))
        growth_geo = "vietnam"
        notes["growth"] = (f"{geography} publishes no real GRDP growth in the files; Viet Nam's "
                           "is used as a proxy")
    fdi = series("fdi_registered", unit="usd_bn")
    fdi_mn = series("fdi_registered", unit="usd_mn") / 1000.0
    fdi = pd.concat([fdi_mn[~fdi_mn.index.isin(fdi.index)], fdi]).sort_index()
    revision = (hdata.largest_share_revision(known, basis, geography)
                if geography != "vietnam" else None) or info["gso_revision"]
    return OriginData(
        geography=geography, basis=basis, origin=int(origin) if origin is not None else -1,
        share=share, growth=growth, growth_geography=growth_geo,
        current=series("grdp_current", unit="vnd_bn"),
        constant=series("grdp_constant_2010", unit="vnd_bn"),
        investment=series("total_investment", unit="vnd_bn"),
        investment_rate=_frac(series("investment_rate")), fdi=fdi,
        fx=hdata.vintage_series(known, "vnd_per_usd", "vietnam", None),
        adoption=info["adoption"], adoption_windows=info["adoption_windows"],
        fdi_national=info["fdi_national"], fdi_ratios=info["fdi_ratios"],
        share_revision=revision, notes=notes)


# ------------------------------------------------------------------------------------------
# pure pieces
# ------------------------------------------------------------------------------------------
def trend_growth(growth: pd.Series, window: int = TREND_WINDOW) -> float:
    """Mean of the last (up to) ``window`` known growth rates (NaN when none)."""
    g = growth.dropna().sort_index()
    return float(g.iloc[-window:].mean()) if len(g) else float("nan")


def implied_deflator_growth(current: pd.Series, growth: pd.Series) -> pd.Series:
    """Annual GRDP-deflator growth implied by published current-price levels and real growth.

    For two consecutive published levels ``Yn_1`` (year ``y1``) and ``Yn_2`` (``y2``) with
    real growth published for every year in ``(y1, y2]``, each of those years gets the
    annualised rate ``((Yn_2/Yn_1)/prod(1+g))^(1/(y2-y1)) - 1``.

    Returns
    -------
    Series
        Deflator growth (fractions) by year; empty when no pair allows it.
    """
    cur = current.dropna().sort_index()
    g = growth.dropna()
    out: dict[int, float] = {}
    years = [int(y) for y in cur.index]
    for y1, y2 in zip(years[:-1], years[1:]):
        between = range(y1 + 1, y2 + 1)
        if not all(y in g.index for y in between):
            continue
        real = float(np.prod([1.0 + g[y] for y in between]))
        rate = (float(cur[y2]) / float(cur[y1]) / real) ** (1.0 / (y2 - y1)) - 1.0
        for y in between:
            out[y] = rate
    return pd.Series(out, dtype=float).sort_index()


def _recent_ratio(num: pd.Series, den: pd.Series, upto: int) -> tuple[float, list[int]]:
    both = sorted(y for y in set(num.index) & set(den.index) if y <= upto)[-BASE_WINDOW:]
    if not both:
        return float("nan"), []
    return float(np.mean([num[y] / den[y] for y in both])), both


def origin_shock(growth: pd.Series) -> tuple[ShockSpec, str]:
    """AR(1) growth shocks fitted on the growth rates known at an origin.

    * ``n >= 4`` rates: statsmodels ARIMA(1,0,0) (:func:`hpresearch.calibration.fits.fit_ar1`),
      ``phi`` clipped to :data:`PHI_BOUNDS`;
    * ``2 <= n < 4``: the sample sd, ``phi = 0``;
    * ``n < 2``: the floor.

    ``sigma`` is never below :data:`GROWTH_SD_FLOOR`.

    Returns
    -------
    (ShockSpec, str)
        The shock process and a note saying which rule applied.
    """
    from hpresearch.calibration.fits import fit_ar1_memo

    g = growth.dropna().sort_index()
    n = len(g)
    span = f"{int(g.index[0])}-{int(g.index[-1])}" if n else "none"
    if n >= MIN_AR1_POINTS:
        try:
            fit = fit_ar1_memo(g)
            sigma = max(float(fit.sigma), GROWTH_SD_FLOOR)
            phi = float(np.clip(fit.coef("phi"), *PHI_BOUNDS))
            note = f"AR(1) fit of {n} growth rates known at the origin ({span})"
            if sigma == GROWTH_SD_FLOOR:
                note += f"; sd raised to the floor {GROWTH_SD_FLOOR}"
            return ShockSpec(sigma=sigma, phi=phi, source=note), note
        except CalibrationError:
            pass
    if n >= 2:
        sd = float(g.std(ddof=1))
        sigma = max(sd, GROWTH_SD_FLOOR)
        note = (f"sample sd of {n} growth rates known at the origin ({span}), phi = 0"
                + (f"; raised to the floor {GROWTH_SD_FLOOR}" if sd < GROWTH_SD_FLOOR else ""))
        return ShockSpec(sigma=sigma, phi=0.0, source=note), note
    note = f"{n} growth rate(s) known at the origin: stated sd floor {GROWTH_SD_FLOOR}, phi = 0"
    return ShockSpec(sigma=GROWTH_SD_FLOOR, phi=0.0, source=note), note


def origin_calibration(data: OriginData, target: str,
                       actual: Mapping[str, Mapping[int, float]] | None = None) -> Calibration:
    """A :class:`Calibration` of the engine at ``data.origin`` from its information set only.

    Parameters
    ----------
    data : OriginData
        :func:`origin_data` at the origin.
    target : {"share", "growth", "constant", "current"}
        The scored quantity; it sets the base year and the base level (see the module
        docstring).
    actual : mapping, optional
        Conditional mode: values published *after* the origin fed in as the engine's
        observed inputs - ``grdp_growth_real``, ``deflator_growth`` (fractions),
        ``fdi_usd_bn``, ``total_investment_vnd_bn`` - ``{year: value}`` for years after
        the origin. ``None``: unconditional (inputs projected as the ``trend`` scenario
        would).

    Returns
    -------
    Calibration
        ``boundary`` holds the geography; money at prices of the base year where the base
        level is nominal (``deflator = 1``), else at 2010 prices; ``notes`` say how every
        value was obtained.

    Raises
    ------
    CalibrationError
        The scored quantity or any growth rate is unknown at the origin.
    """
    if target not in TARGETS:
        raise CalibrationError(error_message(where="origin calibration target", value=target,
                                             rule=f"not in {sorted(TARGETS)}"))
    T = int(data.origin)
    notes: dict[str, str] = dict(data.notes)
    where = f"origin {T}, {data.geography}"
    growth = data.growth.dropna().sort_index()
    if growth.empty:
        raise CalibrationError(error_message(where=f"{where}, grdp_growth_real",
                                             rule="no growth rate is known at the origin"))
    g_trend = trend_growth(growth)
    notes["trend_real_growth"] = (
        f"mean of the last {min(TREND_WINDOW, len(growth))} growth rates known "
        f"({data.growth_geography}, {int(growth.index[-TREND_WINDOW:][0])}-"
        f"{int(growth.index[-1])})")
    defl = implied_deflator_growth(data.current, growth)
    if len(defl):
        pi_trend = trend_growth(defl)
        notes["trend_deflator_growth"] = (
            f"mean implied deflator growth {int(defl.index[-TREND_WINDOW:][0])}-"
            f"{int(defl.index[-1])} (published current-price levels and real growth)")
    else:
        pi_trend = 0.0
        notes["trend_deflator_growth"] = ("0: no two published current-price levels with the "
                                          "real growth between them are known at the origin")

    # base year and base level -------------------------------------------------------------
    cur = data.current.dropna().sort_index()
    share = data.share.dropna().sort_index()
    if target == "share":
        if share.empty:
            raise CalibrationError(error_message(where=f"{where}, de_share",
                                                 rule="no share is known at the origin"))
        t0 = int(share.index[-1])
        s0 = float(share.iloc[-1])
        notes["de_share"] = f"latest share known at the origin ({t0}, {data.basis})"
    elif target in ("constant", "current"):
        levels = data.constant if target == "constant" else cur
        levels = levels.dropna().sort_index()
        if levels.empty:
            raise CalibrationError(error_message(
                where=f"{where}, GRDP {target}", rule="no level is known at the origin"))
        t0 = int(levels.index[-1])
        s0 = float(share.iloc[-1]) if len(share) else PLACEHOLDER_SHARE
    else:
        t0 = T
        s0 = float(share.iloc[-1]) if len(share) else PLACEHOLDER_SHARE
    if target != "share":
        notes["de_share"] = "placeholder (no GRDP output depends on the share)"
    if not 0.0 < s0 < 1.0:
        raise CalibrationError(error_message(where=f"{where}, de_share", value=s0,
                                             rule="must lie in (0, 1)"))

    def g_at(y: int) -> float:
        return float(growth[y]) if y in growth.index else g_trend

    def pi_at(y: int) -> float:
        return float(defl[y]) if y in defl.index else pi_trend

    if target == "constant":
        y0 = float(data.constant.dropna()[t0])
        p0 = float(cur[t0]) / y0 if t0 in cur.index else 1.0
        notes["grdp_constant_vnd_bn"] = f"published constant-price GRDP {t0}"
        notes["deflator"] = ("current / constant GRDP" if t0 in cur.index
                             else "1 (no current-price level that year; unused)")
    else:
        prior = cur[cur.index <= t0]
        if len(prior):
            y_last = int(prior.index[-1])
            y0 = float(prior.iloc[-1]) * float(np.prod(
                [(1.0 + g_at(y)) * (1.0 + pi_at(y)) for y in range(y_last + 1, t0 + 1)]))
            notes["grdp_constant_vnd_bn"] = (
                f"published current-price GRDP {y_last}" + (
                    f" carried to {t0} with growth and deflator" if y_last < t0 else "")
                + f"; prices of {t0} (deflator {t0} = 1)")
        else:
            y0 = PLACEHOLDER_LEVEL
            notes["grdp_constant_vnd_bn"] = ("placeholder level: no current-price GRDP known at "
                                             "the origin (the share and growth paths do not "
                                             "depend on the level)")
        p0 = 1.0
        notes.setdefault("deflator", f"1 in {t0} (money at prices of {t0})")

    # history t0-HISTORY+1 .. t0 ---------------------------------------------------------------
    hist_years = tuple(range(t0 - HISTORY + 1, t0 + 1))
    # Published current-price levels where they are on the same price scale as the base
    # (always, except a constant-price base without that year's current level); else chained
    # back from the base with growth and deflator (known, else trend).
    published = (target != "constant" or t0 in cur.index) and y0 != PLACEHOLDER_LEVEL
    nominal: dict[int, float] = {t0: y0 * p0}
    for y in range(t0 - 1, hist_years[0] - 1, -1):
        nominal[y] = (float(cur[y]) if published and y in cur.index
                      else nominal[y + 1] / ((1.0 + g_at(y + 1)) * (1.0 + pi_at(y + 1))))
    deflator: dict[int, float] = {t0: p0}
    for y in range(t0 - 1, hist_years[0] - 1, -1):
        deflator[y] = deflator[y + 1] / (1.0 + pi_at(y + 1))
    fx = data.fx.dropna().sort_index()
    if fx.empty:
        notes["vnd_per_usd"] = f"stand-in {STAND_IN_VND_PER_USD:,.0f} (no exchange rate known)"

    def fx_at(y: int) -> float:
        if fx.empty:
            return STAND_IN_VND_PER_USD
        prior = fx[fx.index <= y]
        return float(prior.iloc[-1]) if len(prior) else float(fx.iloc[0])

    # ratios to nominal GRDP -----------------------------------------------------------------
    inv = data.investment.dropna()
    fdi = data.fdi.dropna()
    r_inv, yrs = _recent_ratio(inv, cur, T)
    if yrs:
        notes["total_investment_ratio"] = f"mean total investment / current GRDP {yrs}"
    elif len(data.investment_rate.dropna()):
        rate = data.investment_rate.dropna().sort_index()
        r_inv = float(rate.iloc[-BASE_WINDOW:].mean())
        notes["total_investment_ratio"] = ("mean published investment rate "
                                           f"{[int(y) for y in rate.index[-BASE_WINDOW:]]}")
    else:
        r_inv = STAND_IN_RATIOS["total_investment_ratio"]
        notes["total_investment_ratio"] = (f"stand-in {r_inv} (no investment data known; the "
                                           "share path does not depend on the level)")
    fdi_vnd = pd.Series({y: fdi[y] * fx_at(int(y)) for y in fdi.index}, dtype=float)
    r_fdi, yrs = _recent_ratio(fdi_vnd, cur, T)
    if yrs:
        notes["fdi_ratio"] = f"mean registered FDI (VND) / current GRDP {yrs}"
    else:
        r_fdi = STAND_IN_RATIOS["fdi_ratio"]
        notes["fdi_ratio"] = (f"stand-in {r_fdi} (no FDI with a GRDP level known; the share "
                              "path does not depend on the level)")
    r_dx = STAND_IN_RATIOS["dx_ratio"]
    notes["dx_ratio"] = (f"stand-in {r_dx}; the DX reference is the base year's spending at this "
                         "ratio, so adoption speeds up as (Y/Y0)^dx_elasticity")

    hist: dict[str, list[float]] = {k: [] for k in ("total_investment_vnd_bn", "fdi_usd_bn",
                                                    "grdp_current_vnd_bn", "deflator",
                                                    "vnd_per_usd")}
    for y in hist_years:
        yn = nominal[y]
        hist["grdp_current_vnd_bn"].append(yn)
        hist["deflator"].append(deflator[y])
        hist["vnd_per_usd"].append(fx_at(y))
        hist["total_investment_vnd_bn"].append(float(inv[y]) if y in inv.index else r_inv * yn)
        hist["fdi_usd_bn"].append(float(fdi[y]) if y in fdi.index else r_fdi * yn / fx_at(y))
    history = {k: np.array(v, dtype=float) for k, v in hist.items()}

    # adoption speed, FDI disbursement, base-share error -------------------------------------
    from hpresearch.calibration.adoption import adoption_speed_range, calibrate_adoption_speed
    from hpresearch.model.registry import load_registry

    uncertainty: dict[str, dict[str, Any]] = {}
    ceiling = float(load_registry()["adoption_ceiling"].default)
    adoption = data.adoption.dropna()
    if len(adoption) >= 2:
        k_base = calibrate_adoption_speed(adoption, ceiling)
        notes["adoption_speed"] = (f"logistic fit to the national adoption series known at the "
                                   f"origin ({int(adoption.index[0])}-{int(adoption.index[-1])})")
        windows = data.adoption_windows.dropna()
        if len(windows) >= 2:
            rng = adoption_speed_range(windows, ceiling, k_base)
            rng.pop("windows")
            rng["source"] = "fit windows of the national adoption series known at the origin"
            uncertainty["adoption_speed"] = rng
    else:
        k_base = 0.0
        notes["adoption_speed"] = ("0: the national adoption series is not published by the "
                                   "origin (GSO's first release is 29/12/2023); the digitalised "
                                   "part is held at its base level")
    ratios = data.fdi_ratios.dropna()
    if len(ratios):
        disb = float(ratios.mean())
        notes["fdi_disbursement_ratio"] = (f"mean national disbursed/registered ratio known at the "
                                           f"origin {[int(y) for y in ratios.index]}")
        if len(ratios) >= 2:
            uncertainty["fdi_disbursement_ratio"] = {
                "dist": "triangular", "low": float(ratios.min()), "mode": disb,
                "high": float(ratios.max()), "source": notes["fdi_disbursement_ratio"]}
    else:
        disb = STAND_IN_DISBURSEMENT
        notes["fdi_disbursement_ratio"] = (f"stand-in {disb} (no national disbursed/registered "
                                           "pair known; it does not enter GRDP outputs)")
    lag = 0.5 * (STATED_LAG_RANGE[0] + STATED_LAG_RANGE[1])
    notes["fdi_mean_lag"] = (f"midpoint {lag} of the stated range {STATED_LAG_RANGE} (three "
                             "usable national years are needed for a fit)")
    nat = data.fdi_national
    if len(nat):
        from hpresearch.calibration.fdi import fit_fdi_lag

        span = int(load_registry()["fdi_lag_span_years"].default)
        try:
            fit = fit_fdi_lag(nat["registered_usd_bn"], nat["disbursed_usd_bn"], span)
            lag = float(fit["mean_lag"])
            notes["fdi_mean_lag"] = f"least-squares fit, years {fit['years']}"
        except CalibrationError:
            pass
    uncertainty["fdi_mean_lag_years"] = {
        "dist": "triangular", "low": min(STATED_LAG_RANGE[0], lag), "mode": lag,
        "high": max(STATED_LAG_RANGE[1], lag), "source": "stated range 0.3-2.0 years"}
    rev = data.share_revision
    if target == "share" and rev:
        uncertainty["base_share_error"] = {
            "dist": "triangular", "low": -float(rev["revision"]), "mode": 0.0,
            "high": float(rev["revision"]),
            "source": (f"largest revision between releases known at the origin "
                       f"(±{rev['revision']:.1%}, {rev['year']})")}
        notes["base_share_error"] = uncertainty["base_share_error"]["source"]

    # observed after t0: known at the origin, plus the actual inputs (conditional) -------------
    observed: dict[str, dict[int, float]] = {
        "grdp_growth_real": {int(y): float(v) for y, v in growth.items() if t0 < y <= T},
        "fdi_usd_bn": {int(y): float(v) for y, v in fdi.items() if t0 < y <= T},
        "total_investment_vnd_bn": {int(y): float(v) for y, v in inv.items() if t0 < y <= T},
    }
    defl_levels: dict[int, float] = {}
    level = p0
    last_actual = max([t0] + [int(y) for k in (actual or {}).values() for y in k])
    actual_pi = dict((actual or {}).get("deflator_growth", {}))
    for y in range(t0 + 1, max(T, last_actual) + 1):
        if y in defl.index and y <= T:
            level *= 1.0 + float(defl[y])
        elif y in actual_pi and y > T:
            level *= 1.0 + float(actual_pi[y])
        else:
            break
        defl_levels[y] = level
    observed["grdp_deflator"] = defl_levels
    if actual:
        for key in ("grdp_growth_real", "fdi_usd_bn", "total_investment_vnd_bn"):
            for y, v in actual.get(key, {}).items():
                if int(y) > T and math.isfinite(float(v)):
                    observed[key][int(y)] = float(v)
        notes["mode"] = ("conditional: actual " + ", ".join(
            k for k in ("grdp_growth_real", "deflator_growth", "fdi_usd_bn",
                        "total_investment_vnd_bn") if actual.get(k)) + " fed in")
    else:
        notes["mode"] = "unconditional: inputs after the origin projected as in 'trend'"
    observed["vnd_per_usd"] = {}
    latest = {"total_investment_vnd_bn": (t0, history["total_investment_vnd_bn"][-1]),
              "fdi_usd_bn": (t0, history["fdi_usd_bn"][-1]), "dx_budget_vnd_bn": None,
              "vnd_per_usd": (t0, history["vnd_per_usd"][-1])}
    return Calibration(
        boundary=data.geography, basis=data.basis, year=t0, grdp_constant_vnd_bn=y0,
        deflator=p0, de_share=s0, trend_real_growth=g_trend, trend_deflator_growth=pi_trend,
        total_investment_ratio=r_inv, fdi_ratio=r_fdi, dx_ratio=r_dx,
        dx_ref_real=r_dx * y0, latest_vnd_per_usd=history["vnd_per_usd"][-1],
        adoption_speed=float(k_base), history=history, history_years=hist_years,
        observed=observed, latest=latest, fdi_disbursement_ratio=disb, fdi_mean_lag=lag,
        uncertainty=uncertainty, notes=notes)
