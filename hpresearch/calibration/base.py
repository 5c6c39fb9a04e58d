"""Calibration of the projection engine to the data panel (never to typed constants).

:func:`calibrate` reads :func:`hpresearch.data.build_panel` for a boundary and a basis and
returns a :class:`Calibration`:

* the base year ``t0`` (latest year with a digital-economy share on the basis), its real
  GRDP ``Y0``, GRDP deflator ``P0`` and share ``s0``;
* the published real growth and the implied GRDP deflator of the years after ``t0`` (the
  projection reproduces them) and their trends (mean of the last five years);
* the recent ratios of total social investment, registered FDI and digital-transformation
  spending to nominal GRDP (the levers keep them where no figure is published);
* a history of investment, FDI, deflator and exchange rate for the years before ``t0`` (the
  base-period capacity and the disbursement lags need it), gaps filled by the ratios;
* the adoption speed, the FDI disbursement ratio and mean lag, the digital fraction of FDI
  flows, the measurement spread of the base share, the official targets of the boundary.

:func:`from_panel` is the pure function behind it (tests feed it hand-built panels); extra
inputs (national series, targets) are passed in.

References
----------
Harberger, A. C. (1978). Perspectives on capital and technology in less developed countries.
In M. J. Artis & A. R. Nobay (eds.), *Contemporary Economic Analysis*. Croom Helm.
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any, Mapping

import numpy as np
import pandas as pd

from hpresearch.calibration.adoption import adoption_speed_range, calibrate_adoption_speed
from hpresearch.calibration.shocks import (capital_growth_range, electronics_shock,
                                          fdi_flow_shock, fdi_period_growth)
from hpresearch.data.vocabulary import BOUNDARIES, DEFAULT_BOUNDARY
from hpresearch.data.vocabulary import PANEL_BASES as BASES
from hpresearch.errors import CalibrationError, error_message
from hpresearch.memo import Memo

#: Years averaged for base-period investment and the investment ratios.
BASE_WINDOW = 3
#: Years averaged for trend growth and deflator growth.
TREND_WINDOW = 5
#: Longest disbursement lag the history covers (fdi_lag_span_years may not exceed it).
MAX_LAG_SPAN = 6
#: History variables (years ``t0 - HISTORY + 1 .. t0``), gaps filled.
HISTORY_VARIABLES = ("total_investment_vnd_bn", "fdi_usd_bn", "grdp_current_vnd_bn",
                     "deflator", "vnd_per_usd")
HISTORY = BASE_WINDOW + MAX_LAG_SPAN
#: Stated limit of the credible annual rise of the share (see share_pace_limit in parameters.yaml).
PACE_LIMIT = 0.02


@dataclass(frozen=True)
class Calibration:
    """Everything the engine takes from data. Money in VND bn (FDI in USD bn); rates as fractions.

    Attributes
    ----------
    boundary, basis : str
    year : int
        Base year ``t0``.
    grdp_constant_vnd_bn, deflator, de_share : float
        ``Y0`` (2010 prices), ``P0`` (2010 = 1) and ``s0`` (current prices, chosen basis).
    observed : dict[str, dict[int, float]]
        Published values after ``t0``: ``grdp_growth_real``, ``grdp_deflator``,
        ``total_investment_vnd_bn``, ``fdi_usd_bn``, ``dx_budget_vnd_bn``, ``vnd_per_usd``,
        and the levels ``grdp_constant_vnd_bn``/``grdp_current_vnd_bn`` (for checks).
    trend_real_growth, trend_deflator_growth : float
    total_investment_ratio, fdi_ratio, dx_ratio : float
        Recent means of total social investment, registered FDI (VND) and DX budget over
        nominal GRDP.
    history : dict[str, ndarray]
        :data:`HISTORY_VARIABLES` for the years :attr:`history_years` (filled; see notes).
    history_years : tuple[int, ...]
    dx_ref_real : float
        Latest published DX budget at 2010 prices (reference of the adoption speed).
    latest_vnd_per_usd : float
    adoption_speed, fdi_disbursement_ratio, fdi_mean_lag : float
    targets : dict[int, dict]
        Official digital-economy targets of the boundary by year:
        ``{value (fraction), qualifier, obs_id, source_url}``.
    latest : dict[str, tuple[int, float]]
        Latest actual (year, value) per lever variable.
    uncertainty : dict[str, dict]
        Monte Carlo distributions computed from the data for registry entries whose
        ``uncertainty`` says ``calibrated: <rule>``.
    shocks : dict[str, ShockSpec]
        Structural shocks estimated from the data, by the engine parameter they perturb
        (``fdi_digital_shock``, ``electronics_shock``; see
        :mod:`hpresearch.calibration.shocks`). The growth shock is fitted separately.
    panel_values : DataFrame
        The panel (year-indexed) for plots and checks.
    notes : dict[str, str]
        How each calibrated value was obtained.
    """

    boundary: str
    basis: str
    year: int
    grdp_constant_vnd_bn: float
    deflator: float
    de_share: float
    trend_real_growth: float
    trend_deflator_growth: float
    total_investment_ratio: float
    fdi_ratio: float
    dx_ratio: float
    dx_ref_real: float
    latest_vnd_per_usd: float
    adoption_speed: float
    history: Mapping[str, np.ndarray] = field(default_factory=dict, compare=False, repr=False)
    history_years: tuple[int, ...] = ()
    observed: Mapping[str, Mapping[int, float]] = field(default_factory=dict)
    latest: Mapping[str, tuple[int, float]] = field(default_factory=dict)
    fdi_disbursement_ratio: float = float("nan")
    fdi_mean_lag: float = float("nan")
    pace_limit: float = 0.02
    anchor_stock_usd_bn: float = float("nan")
    fdi_stock_usd_bn: float = float("nan")
    targets: Mapping[int, Mapping[str, Any]] = field(default_factory=dict)
    uncertainty: Mapping[str, Mapping[str, Any]] = field(default_factory=dict, compare=False,
                                                          repr=False)
    shocks: Mapping[str, Any] = field(default_factory=dict, compare=False, repr=False)
    panel_values: pd.DataFrame | None = field(default=None, compare=False, repr=False)
    notes: Mapping[str, str] = field(default_factory=dict, compare=False, repr=False)

    @property
    def grdp_current_vnd_bn(self) -> float:
        """Nominal GRDP at ``t0`` (``Y0 x P0``)."""
        return self.grdp_constant_vnd_bn * self.deflator

    @property
    def history_panel(self) -> pd.DataFrame | None:
        """The data panel (alias kept for plots and the ICOR cross-check)."""
        return self.panel_values

    def years(self, horizon: int) -> np.ndarray:
        """Projection years ``t0 .. horizon``."""
        return np.arange(self.year, int(horizon) + 1)

    def observed_path(self, name: str, years: np.ndarray) -> np.ndarray:
        """Published values of ``name`` on ``years`` (NaN where not published)."""
        obs = self.observed.get(name, {})
        return np.array([obs.get(int(y), np.nan) for y in years], dtype=float)

    def target(self, year: int) -> Mapping[str, Any] | None:
        """The boundary's official target for ``year`` (``None`` when none is published)."""
        return self.targets.get(int(year))

    def calibrated_value(self, rule: str, target_year: int | None = None) -> float:
        """Scalar default of a ``calibrated:`` registry rule."""
        table = {
            "trend_real_growth": self.trend_real_growth,
            "national_digitalised_share_logistic_fit": self.adoption_speed,
            "latest_exchange_rate": self.latest_vnd_per_usd,
            # NaN tells the engine to use the Harberger initial capital stock
            "harberger_steady_state": float("nan"),
            "national_fdi_disbursed_to_registered": self.fdi_disbursement_ratio,
            "national_fdi_lag_fit": self.fdi_mean_lag,
            "recent_total_investment_ratio": self.total_investment_ratio,
            "recent_fdi_ratio": self.fdi_ratio,
            "recent_dx_ratio": self.dx_ratio,
            "recorded_pace_limit": self.pace_limit,
        }
        if rule == "official_target":
            year = 2030 if target_year is None else int(target_year)
            t = self.target(year)
            if t is None:
                raise CalibrationError(error_message(
                    where=f"target_share ({self.boundary}, {year})",
                    rule="no official digital-economy target is published for this boundary "
                         "and year in the observation files; set target_share"))
            return float(t["value"])
        if rule not in table:
            raise KeyError(rule)
        value = table[rule]
        if rule in ("national_fdi_disbursed_to_registered", "national_fdi_lag_fit") \
                and not np.isfinite(value):
            raise CalibrationError(error_message(
                where=f"calibration, {rule}", value=value,
                rule="was not calibrated (no national fdi_disbursed/fdi_registered years); "
                     "set fdi_disbursement_ratio and fdi_mean_lag_years in the scenario"))
        return value

    def with_(self, **changes: Any) -> "Calibration":
        """Copy with some fields changed (tests, what-if)."""
        return replace(self, **changes)

    def summary(self) -> dict[str, Any]:
        """Calibration values shown in output headers."""
        t = self.target(2030)
        return {
            "boundary": self.boundary, "basis": self.basis, "base_year": self.year,
            "grdp_constant_vnd_bn": self.grdp_constant_vnd_bn,
            "grdp_current_vnd_bn (derived)": self.grdp_current_vnd_bn,
            "deflator": self.deflator, "de_share": self.de_share,
            "trend_real_growth": self.trend_real_growth,
            "trend_deflator_growth": self.trend_deflator_growth,
            "total_investment_ratio": self.total_investment_ratio,
            "fdi_ratio": self.fdi_ratio, "dx_ratio": self.dx_ratio,
            "adoption_speed": self.adoption_speed,
            "fdi_disbursement_ratio": self.fdi_disbursement_ratio,
            "fdi_mean_lag": self.fdi_mean_lag,
            "official_target_2030": float(t["value"]) if t else float("nan"),
        }


# ------------------------------------------------------------------------------------------
# helpers
# ------------------------------------------------------------------------------------------
def _col(values: pd.DataFrame, name: str) -> pd.Series:
    if name in values:
        s = pd.to_numeric(values[name], errors="coerce").dropna()
        s.index = s.index.astype(int)
        return s.sort_index()
    return pd.Series(dtype=float)


def _latest(s: pd.Series, upto: int | None = None) -> tuple[int, float] | None:
    if upto is not None:
        s = s[s.index <= upto]
    if s.empty:
        return None
    return int(s.index[-1]), float(s.iloc[-1])


def _method(panel: Any, variable: str, year: int) -> str:
    method = getattr(panel, "method", None)
    return method(variable, year) if callable(method) else "observed"


def _ratio(num: pd.Series, den: pd.Series, upto: int | None = None) -> tuple[float, list[int]]:
    """Mean of ``num / den`` over the last :data:`BASE_WINDOW` years with both."""
    both = sorted(set(num.index) & set(den.index))
    if upto is not None:
        both = [y for y in both if y <= upto] or both
    both = both[-BASE_WINDOW:]
    if not both:
        return float("nan"), []
    return float(np.mean([num[y] / den[y] for y in both])), both


# ------------------------------------------------------------------------------------------
# panel -> calibration
# ------------------------------------------------------------------------------------------
def from_panel(panel: Any, adoption_speed: float | None = None,
               national_adoption: pd.Series | None = None,
               adoption_ceiling: float | None = None,
               fdi_disbursement_ratio: float | None = None,
               fdi_ratios: pd.DataFrame | None = None,
               adoption_windows: pd.Series | None = None,
               fdi_lag: Mapping[str, Any] | None = None,
               digital_flow_share: Mapping[str, Any] | None = None,
               targets: Mapping[int, Mapping[str, Any]] | None = None,
               base_share_spread: Mapping[str, Any] | None = None,
               recorded_rise: Mapping[str, Any] | None = None,
               stocks: Mapping[str, Any] | None = None,
               shocks: Mapping[str, Any] | None = None,
               fdi_growth: Mapping[str, Any] | None = None) -> Calibration:
    """Build a :class:`Calibration` from a ``Panel`` (``.boundary``, ``.basis``, ``.values``).

    Parameters
    ----------
    panel : Panel
        From :func:`hpresearch.data.build_panel` (or a stand-in with the same attributes).
    adoption_speed : float, optional
        Use this ``k_base`` instead of fitting ``national_adoption``.
    national_adoption : Series, optional
        National adoption series for :func:`calibrate_adoption_speed`.
    adoption_ceiling : float, optional
        ``a_max`` for the fit (default: the registry default).
    fdi_disbursement_ratio : float, optional
        Use this ratio instead of the mean of ``fdi_ratios``.
    fdi_ratios : DataFrame, optional
        :func:`hpresearch.data.fdi_disbursement_ratios`: default = mean annual ratio,
        uncertainty = ``triangular(min, mean, max)`` of the annual ratios (derived).
    adoption_windows : Series, optional
        Adoption series whose fit windows give the ``adoption_speed`` range.
    fdi_lag : dict, optional
        :func:`hpresearch.calibration.fdi.fit_fdi_lag` result (mean lag and its fit).
    digital_flow_share : dict, optional
        :func:`hpresearch.calibration.fdi.digital_fdi_flow_share` result (lower end of the
        digital fraction's range).
    targets : dict, optional
        Official targets ``{year: {value, qualifier, obs_id, source_url}}``.
    base_share_spread : dict, optional
        ``{low, high, source}`` relative measurement spread of the base share.
    recorded_rise : dict, optional
        :func:`hpresearch.data.largest_annual_rise` (reported beside the pace limit).
    stocks : dict, optional
        Anchor project capital and FDI stock (``anchor_exit``).
    shocks : dict, optional
        Structural shocks ``{parameter: ShockSpec}`` (:mod:`hpresearch.calibration.shocks`).
    fdi_growth : dict, optional
        :func:`hpresearch.calibration.shocks.fdi_period_growth` result (``{growth, source}``):
        the real growth of registered FDI, a candidate end of ``initial_capital_growth``'s
        range (default: none).
    """
    v = panel.values
    where = f"panel {panel.boundary}/{panel.basis}"
    notes: dict[str, str] = {}
    share = _col(v, "de_share")
    if share.empty:
        raise CalibrationError(error_message(
            where=f"{where}, column 'de_share'", rule="has no observed year; cannot calibrate"))
    t0 = int(share.index[-1])
    s0 = float(share.iloc[-1])
    notes["de_share"] = f"latest de_share ({t0}, {_method(panel, 'de_share', t0)})"
    real = _col(v, "grdp_constant_vnd_bn")
    cur = _col(v, "grdp_current_vnd_bn")
    defl = _col(v, "grdp_deflator")
    growth = _col(v, "grdp_growth_real")
    if t0 not in real.index:
        raise CalibrationError(error_message(
            where=f"{where}, column 'grdp_constant_vnd_bn', year {t0}",
            rule="is missing but the base year needs real GRDP"))
    y0 = float(real[t0])
    notes["grdp_constant_vnd_bn"] = f"panel grdp_constant {t0} ({_method(panel, 'grdp_constant_vnd_bn', t0)})"
    # Base level consistent with the first published level after t0 and the published growth
    # in between (the growth and level of one release reproduce each other exactly).
    for y1 in [y for y in real.index if y > t0]:
        years_between = range(t0 + 1, y1 + 1)
        if (_method(panel, "grdp_constant_vnd_bn", y1) == "observed"
                and all(y in growth.index and _method(panel, "grdp_growth_real", y) == "observed"
                        for y in years_between)):
            factor = float(np.prod([1.0 + growth[y] for y in years_between]))
            backcast = float(real[y1]) / factor
            notes["grdp_constant_vnd_bn"] = (
                f"derived: {y1} published level {real[y1]:,.0f} / published growth "
                f"{', '.join(f'{y} {growth[y]:.2%}' for y in years_between)} = {backcast:,.0f} "
                f"(panel {t0}: {y0:,.0f}; the later release is used)")
            y0 = backcast
            break
    if t0 in defl.index:
        p0 = float(defl[t0])
        notes["deflator"] = f"panel grdp_deflator {t0} ({_method(panel, 'grdp_deflator', t0)})"
    elif t0 in cur.index:
        p0 = float(cur[t0]) / y0
        notes["deflator"] = f"derived: grdp_current / grdp_constant {t0}"
    else:
        raise CalibrationError(error_message(
            where=f"{where}, year {t0}", rule="has neither grdp_deflator nor grdp_current_vnd_bn"))
    if not (0.0 < s0 < 1.0) or y0 <= 0 or p0 <= 0:
        raise CalibrationError(error_message(
            where=f"{where}, year {t0}", value=(s0, y0, p0),
            rule="share must be in (0, 1) and GRDP and deflator positive"))

    # trends ------------------------------------------------------------------------------
    if growth.empty and len(real) >= 2:
        growth = real.pct_change().dropna()
        notes["trend_real_growth"] = "derived from grdp_constant_vnd_bn"
    if growth.empty:
        raise CalibrationError(error_message(
            where=f"{where}, column 'grdp_growth_real'", rule="has no observed year"))
    g_trend = float(growth.iloc[-TREND_WINDOW:].mean())
    notes.setdefault("trend_real_growth",
                     f"mean grdp_growth_real {int(growth.index[-TREND_WINDOW:][0])}-"
                     f"{int(growth.index[-1])}")
    if len(defl) < 2:
        raise CalibrationError(error_message(
            where=f"{where}, column 'grdp_deflator'",
            rule="needs at least two years for the deflator trend"))
    dgrowth = (defl / defl.shift(1) - 1.0).dropna()
    dgrowth = dgrowth[[y for y in dgrowth.index if (y - 1) in defl.index]]
    pi_trend = float(dgrowth.iloc[-TREND_WINDOW:].mean())
    notes["trend_deflator_growth"] = (f"mean growth of the implied GRDP deflator "
                                      f"{int(dgrowth.index[-TREND_WINDOW:][0]) - 1}-"
                                      f"{int(dgrowth.index[-1])}")

    # investment, FDI, DX ------------------------------------------------------------------
    inv = _col(v, "total_investment_vnd_bn")
    real_inv = (inv / defl).dropna()
    window = [int(y) for y in growth.index[-TREND_WINDOW:]]
    capital_range = capital_growth_range(
        g_trend, growth.iloc[-TREND_WINDOW:],
        real_inv[(real_inv.index >= window[0] - 1) & (real_inv.index <= window[-1])],
        f"{panel.boundary}/{panel.basis}", fdi_growth=fdi_growth)
    fdi = _col(v, "fdi_usd_bn")
    dx = _col(v, "dx_budget_vnd_bn")
    fx = _col(v, "vnd_per_usd")
    if inv.empty or fdi.empty or dx.empty or fx.empty or cur.empty:
        missing = [n for n, s in (("total_investment_vnd_bn", inv), ("fdi_usd_bn", fdi),
                                  ("dx_budget_vnd_bn", dx), ("vnd_per_usd", fx),
                                  ("grdp_current_vnd_bn", cur)) if s.empty]
        raise CalibrationError(error_message(
            where=f"{where}, columns {missing}", rule="have no observed year"))

    def fx_at(year: int) -> float:
        lt = _latest(fx, year)
        return lt[1] if lt else float(fx.iloc[0])

    fdi_vnd = pd.Series({y: fdi[y] * fx_at(y) for y in fdi.index}, dtype=float)
    r_inv, inv_years = _ratio(inv, cur)
    r_fdi, fdi_years = _ratio(fdi_vnd, cur)
    r_dx, dx_years = _ratio(dx, cur)
    if not inv_years or not fdi_years or not dx_years:
        raise CalibrationError(error_message(
            where=f"{where}", rule="needs a year with both GRDP at current prices and each of "
                                   "total investment, registered FDI and the DX budget"))
    notes["total_investment_ratio"] = ("mean total_investment / grdp_current "
                                       + ", ".join(map(str, inv_years)))
    notes["fdi_ratio"] = ("mean fdi (VND at the year's rate) / grdp_current "
                          + ", ".join(map(str, fdi_years)))
    notes["dx_ratio"] = "mean dx_budget / grdp_current " + ", ".join(map(str, dx_years))

    # history t0-HISTORY+1 .. t0 (gaps filled, said in the notes) ---------------------------
    hist_years = tuple(range(t0 - HISTORY + 1, t0 + 1))
    cur_full = cur.copy()
    for y in sorted(hist_years, reverse=True):
        if y not in cur_full.index:
            nxt = cur_full[cur_full.index > y]
            base = float(nxt.iloc[0]) if len(nxt) else y0 * p0
            steps = (int(nxt.index[0]) - y) if len(nxt) else (t0 - y)
            cur_full[y] = base / ((1 + g_trend) * (1 + pi_trend)) ** steps
    cur_full = cur_full.sort_index()
    hist: dict[str, list[float]] = {k: [] for k in HISTORY_VARIABLES}
    filled: dict[str, list[int]] = {k: [] for k in HISTORY_VARIABLES}
    for y in hist_years:
        yn = float(cur_full[y]) if y != t0 else y0 * p0
        rate = fx_at(y)
        if y in defl.index:
            p_y = float(defl[y])
        else:
            p_y = p0 / (1 + pi_trend) ** (t0 - y)
            filled["deflator"].append(y)
        hist["grdp_current_vnd_bn"].append(yn)
        hist["deflator"].append(p_y)
        hist["vnd_per_usd"].append(rate)
        if y in inv.index:
            hist["total_investment_vnd_bn"].append(float(inv[y]))
        else:
            hist["total_investment_vnd_bn"].append(r_inv * yn)
            filled["total_investment_vnd_bn"].append(y)
        if y in fdi.index:
            hist["fdi_usd_bn"].append(float(fdi[y]))
        else:
            hist["fdi_usd_bn"].append(r_fdi * yn / rate)
            filled["fdi_usd_bn"].append(y)
    history = {k: np.array(vals, dtype=float) for k, vals in hist.items()}
    notes["history"] = "; ".join(
        f"{k} {', '.join(map(str, ys))} filled by the recent ratio to GRDP" if k not in
        ("deflator",) else f"deflator {', '.join(map(str, ys))} back-cast at the trend"
        for k, ys in filled.items() if ys) or "no gaps"

    # observed after t0 ----------------------------------------------------------------------
    observed = {
        "grdp_growth_real": {int(y): float(x) for y, x in growth.items() if y > t0},
        "grdp_deflator": {int(y): float(x) for y, x in defl.items() if y > t0},
        "grdp_constant_vnd_bn": {int(y): float(x) for y, x in real.items() if y > t0},
        "grdp_current_vnd_bn": {int(y): float(x) for y, x in cur.items() if y > t0},
        "total_investment_vnd_bn": {int(y): float(x) for y, x in inv.items() if y > t0},
        "fdi_usd_bn": {int(y): float(x) for y, x in fdi.items() if y > t0},
        "dx_budget_vnd_bn": {int(y): float(x) for y, x in dx.items() if y > t0},
        "vnd_per_usd": {int(y): float(x) for y, x in fx.items() if y > t0},
    }
    latest = {"total_investment_vnd_bn": _latest(inv), "fdi_usd_bn": _latest(fdi),
              "dx_budget_vnd_bn": _latest(dx), "vnd_per_usd": _latest(fx)}
    dx_year, dx_last = _latest(dx)
    dx_defl = float(defl[dx_year]) if dx_year in defl.index else p0 * (1 + pi_trend) ** (dx_year - t0)
    notes["dx_ref_real"] = f"DX budget {dx_year} {dx_last:,.0f} VND bn / deflator {dx_defl:.4f}"

    # adoption speed ----------------------------------------------------------------------
    uncertainty: dict[str, dict[str, Any]] = {}
    if adoption_ceiling is None:
        adoption_ceiling = _registry_default("adoption_ceiling")
    if adoption_speed is None:
        if national_adoption is None or national_adoption.dropna().shape[0] < 2:
            raise CalibrationError(error_message(
                where="national GSO digitalised-sector share series",
                rule="is missing; adoption_speed cannot be calibrated"))
        adoption_speed = calibrate_adoption_speed(national_adoption, adoption_ceiling)
        a = national_adoption.dropna()
        notes["adoption_speed"] = (f"discrete-logistic fit to national GSO adoption "
                                   f"{int(a.index.min())}-{int(a.index.max())} "
                                   f"({national_adoption.attrs.get('note', '')}; "
                                   f"a_max={adoption_ceiling:g})")
    else:
        notes.setdefault("adoption_speed", "given")
    if adoption_windows is not None and adoption_windows.dropna().shape[0] >= 2:
        rng = adoption_speed_range(adoption_windows, adoption_ceiling, float(adoption_speed))
        wins = ", ".join(f"{w}: {k:.4f}" for w, k in rng.pop("windows").items())
        rng["source"] = (f"derived: min/max of discrete-logistic fits over every window of the "
                         f"national GSO adoption series a = dig/(1 - core) "
                         f"({adoption_windows.attrs.get('note', '')}) - {wins}; mode = the "
                         f"calibrated default")
        uncertainty["adoption_speed"] = rng
        notes["adoption_speed_range"] = rng["source"]

    # FDI disbursement ratio and lag -------------------------------------------------------
    fdi_ratio_d = float("nan")
    if fdi_disbursement_ratio is not None:
        fdi_ratio_d = float(fdi_disbursement_ratio)
        notes["fdi_disbursement_ratio"] = "given"
    elif fdi_ratios is not None and len(fdi_ratios):
        r = fdi_ratios["ratio"].astype(float)
        fdi_ratio_d = float(r.mean())
        yrs = [int(y) for y in r.index]
        ids = "; ".join(str(x) for x in fdi_ratios["obs_ids"])
        notes["fdi_disbursement_ratio"] = (
            f"derived: mean of annual national disbursed/registered FDI ratios "
            f"{yrs[0]}-{yrs[-1]} ({len(yrs)} years: "
            + ", ".join(f"{y} {x:.3f}" for y, x in zip(yrs, r)) + f"); obs_ids {ids}")
        uncertainty["fdi_disbursement_ratio"] = {
            "dist": "triangular", "low": float(r.min()), "mode": fdi_ratio_d,
            "high": float(r.max()),
            "source": (f"derived: triangular(min, mean, max) of the annual national "
                       f"disbursed/registered FDI ratios {yrs[0]}-{yrs[-1]}; obs_ids {ids}")}
    else:
        notes["fdi_disbursement_ratio"] = "not calibrated (no national FDI data given)"
    mean_lag = float("nan")
    if fdi_lag is not None:
        mean_lag = float(fdi_lag["mean_lag"])
        notes["fdi_mean_lag"] = (
            f"derived: least squares of national disbursed FDI on registrations of the same and "
            f"{len(fdi_lag['weights']) - 1} earlier years, {fdi_lag['years'][0]}-"
            f"{fdi_lag['years'][-1]} ({fdi_lag['n']} years, rmse {fdi_lag['rmse']:.2f} USD bn): "
            f"mean lag {mean_lag:.2f} years, weights "
            + ", ".join(f"{w:.2f}" for w in fdi_lag["weights"])
            + f" (the fit's own ratio {fdi_lag['ratio']:.3f} is not used: the mean annual ratio "
              f"is)")
        uncertainty["fdi_mean_lag_years"] = {
            "dist": "triangular", "low": min(0.3, mean_lag), "mode": mean_lag,
            "high": max(2.0, mean_lag),
            "source": f"derived fit {mean_lag:.2f} years (mode); stated range 0.3-2.0 years"}
    if digital_flow_share is not None:
        low = float(digital_flow_share["share"])
        notes["digital_fdi_flow_share"] = (
            f"derived: itemised LG capital registrations {digital_flow_share['flows_usd_bn']:.2f} "
            f"/ registered FDI {digital_flow_share['registered_usd_bn']:.2f} USD bn, "
            f"{digital_flow_share['years'][0]}-{digital_flow_share['years'][-1]} = {low:.3f} "
            f"(a lower bound of the digital fraction of flows)")
        uncertainty["digital_fdi_fraction"] = {
            "dist": "triangular", "low": min(low, _registry_default("digital_fdi_fraction")),
            "mode": _registry_default("digital_fdi_fraction"), "high": 0.50,
            "source": notes["digital_fdi_flow_share"] + "; mode = LG stock share 0.37; stated "
                      "upper end 0.50"}
    if capital_range is not None:
        uncertainty["initial_capital_growth"] = capital_range
        notes["initial_capital_growth_range"] = capital_range["source"]
    for name, shock in (shocks or {}).items():
        notes[f"shock:{name}"] = shock.source
    if base_share_spread is not None:
        uncertainty["base_share_error"] = {"dist": "triangular",
                                           "low": float(base_share_spread["low"]), "mode": 0.0,
                                           "high": float(base_share_spread["high"]),
                                           "source": str(base_share_spread["source"])}
        notes["base_share_error"] = str(base_share_spread["source"])

    pace = PACE_LIMIT
    if recorded_rise is not None:
        rise = float(recorded_rise["rise"])
        notes["pace_limit"] = (
            f"stated {PACE_LIMIT:.0%} a year; largest recorded annual rise on the {panel.basis} "
            f"basis: {rise * 100:+.2f} pp ({recorded_rise['geography']} "
            f"{recorded_rise['year']})" + ("" if rise <= PACE_LIMIT else
                                           " - above the limit; a jump between MIC estimates "
                                           "also reflects changes of estimation method, so it "
                                           "is not taken as a credible pace"))
    else:
        notes["pace_limit"] = f"stated {PACE_LIMIT:.0%} a year"
    stocks = dict(stocks or {})
    anchor = stocks.get("anchor_usd_bn", float("nan"))
    stock = stocks.get("fdi_stock_usd_bn", float("nan"))
    if stocks:
        notes["anchor"] = str(stocks.get("source", ""))
    targets = dict(targets or {})
    if targets:
        notes["targets"] = "; ".join(
            f"{y}: {t['qualifier'] + ' ' if t.get('qualifier') else ''}{t['value']:.2%} "
            f"({t['obs_id']})" for y, t in sorted(targets.items()))
    return Calibration(
        boundary=panel.boundary, basis=panel.basis, year=t0, grdp_constant_vnd_bn=y0,
        deflator=p0, de_share=s0, trend_real_growth=g_trend, trend_deflator_growth=pi_trend,
        total_investment_ratio=r_inv, fdi_ratio=r_fdi, dx_ratio=r_dx,
        dx_ref_real=dx_last / dx_defl, latest_vnd_per_usd=latest["vnd_per_usd"][1],
        adoption_speed=float(adoption_speed), history=history, history_years=hist_years,
        observed=observed, latest=latest, fdi_disbursement_ratio=fdi_ratio_d,
        fdi_mean_lag=mean_lag, pace_limit=pace, anchor_stock_usd_bn=anchor,
        fdi_stock_usd_bn=stock, targets=targets, uncertainty=uncertainty,
        shocks=dict(shocks or {}), panel_values=v.copy(), notes=notes,
    )


def _registry_default(name: str) -> float:
    from hpresearch.model.registry import load_registry

    return float(load_registry()[name].default)


def base_share_spread(panel: Any, obs: pd.DataFrame) -> dict[str, Any] | None:
    """Relative measurement spread of the base-year share, from what the data say.

    Two documented sources of error are combined into the ends of a triangular range
    around 0:

    * a period figure converted to an end-year point (``derived:period_to_point``): the low
      end reads the period average itself as the end-year value;
    * GSO's revisions of the national share between releases
      (:func:`hpresearch.data.largest_share_revision`), applied both ways.
    """
    from hpresearch.data import largest_share_revision, observation_values

    share = panel.values["de_share"].dropna()
    if share.empty:
        return None
    t0 = int(share.index[-1])
    lo, hi, parts = 0.0, 0.0, []
    prov = panel.provenance
    row = prov[(prov["variable"] == "de_share") & (prov["year"] == t0)]
    if len(row) and row["method"].iloc[0] == "derived:period_to_point":
        period_id = str(row["obs_ids"].iloc[0]).split(";")[0]
        period_value = observation_values(obs, [period_id]).get(period_id)
        if period_value:
            ratio = float(share.iloc[-1]) / (period_value / 100.0)
            lo += 1.0 / ratio - 1.0
            parts.append(f"period-to-point conversion x{ratio:.4f} (low end: the period "
                         f"figure {period_id} read as the {t0} value)")
    rev = largest_share_revision(obs, "gso")
    if rev:
        lo -= rev["revision"]
        hi += rev["revision"]
        parts.append(f"largest GSO revision of the national share between releases "
                     f"±{rev['revision']:.1%} ({rev['year']}: {rev['first']:.2%} in "
                     f"{rev['first_vintage']}, {rev['latest']:.2%} in {rev['latest_vintage']})")
    if lo == 0.0 and hi == 0.0:
        return None
    return {"low": lo, "high": hi, "source": "derived: " + "; ".join(parts)}


def _stocks(obs: pd.DataFrame, boundary: str) -> dict[str, Any]:
    """The largest electronics project's registered capital and the boundary's FDI stock."""
    from hpresearch.data import BOUNDARY_GEOGRAPHIES, latest_stock

    anchor = latest_stock(obs, "firm_investment_lg_display", "hai_phong")
    geos = ("hai_phong",) if boundary == "pre_merger" else ("hai_phong", "hai_duong")
    parts = [latest_stock(obs, "fdi_registered", g) for g in geos]
    assert set(geos) <= set(BOUNDARY_GEOGRAPHIES[boundary])
    if anchor is None or any(p is None for p in parts):
        return {}
    total = sum(p["usd_bn"] for p in parts)
    terms = " + ".join("{:g} ({})".format(p["usd_bn"], p["obs_id"]) for p in parts)
    return {"anchor_usd_bn": anchor["usd_bn"], "fdi_stock_usd_bn": total,
            "source": (f"derived: LG Display {anchor['usd_bn']:g} USD bn ({anchor['obs_id']}) / "
                       f"registered FDI stock {terms} = {total:g} USD bn")}


def _fdi_growth(obs: pd.DataFrame, basis: str) -> dict[str, Any] | None:
    """Old city's real registered-FDI growth between its published period totals.

    The old city publishes registered FDI for 2016-2020 and 2021-2025; both boundaries use
    it (the digital core's FDI is there; the merged city has no 2016-2020 total).
    """
    from hpresearch import data as hdata

    old = hdata.build_panel("pre_merger", basis).values
    return fdi_period_growth(hdata.period_totals(obs, "fdi_registered", "hai_phong"),
                             old["vnd_per_usd"], old["grdp_deflator"], "pre-merger Hai Phong")


def _shocks(obs: pd.DataFrame, basis: str) -> dict[str, Any]:
    """FDI-flow and electronics-demand shocks (:mod:`hpresearch.calibration.shocks`).

    Both boundaries use the old city's registration series (the longest: the merged city has
    two years) and Viet Nam's GSO share series (no provincial series is long enough).
    """
    from hpresearch import data as hdata

    out: dict[str, Any] = {}
    old = hdata.build_panel("pre_merger", basis).values
    fdi = fdi_flow_shock(old["fdi_usd_bn"], old["vnd_per_usd"], old["grdp_current_vnd_bn"],
                         "pre-merger Hai Phong")
    if fdi is not None:
        out["fdi_digital_shock"] = fdi
    share = hdata.latest_by_year(obs, "de_share", "vietnam", ("gso",)) / 100.0
    core = hdata.latest_by_year(obs, "de_core_share", "vietnam", ("gso",)) / 100.0
    both = sorted(set(share.index) & set(core.index))
    if both:
        y = both[-1]
        elec = electronics_shock(share, float(core[y] / share[y]),
                                 f"Viet Nam {y}: core {core[y]:.2%} of {share[y]:.2%}")
        if elec is not None:
            out["electronics_shock"] = elec
    return out


#: calibrate() results of the default rule, per (boundary, basis).
_CACHE = Memo()


def calibrate(boundary: str = DEFAULT_BOUNDARY, basis: str = "gso", rule: Any = None) -> Calibration:
    """Calibrate to :func:`hpresearch.data.build_panel` ``(boundary, basis)`` (memoised).

    Raises
    ------
    CalibrationError
        Unknown boundary/basis, or the panel lacks a required value.
    """
    if boundary not in BOUNDARIES:
        raise CalibrationError(error_message(where="boundary", value=boundary,
                                             rule=f"not in {list(BOUNDARIES)}"))
    if basis not in BASES:
        raise CalibrationError(error_message(where="basis", value=basis,
                                             rule=f"not in {list(BASES)}"))
    key = (boundary, basis)
    if rule is None and key in _CACHE:
        return _CACHE[key]
    from hpresearch import data as hdata
    from hpresearch.calibration.fdi import digital_fdi_flow_share, fit_fdi_lag
    from hpresearch.model.registry import load_registry

    panel = (hdata.build_panel(boundary, basis) if rule is None
             else hdata.build_panel(boundary, basis, rule=rule))
    obs = hdata.load_observations()
    nat = hdata.national_fdi_series(obs)
    span = int(load_registry()["fdi_lag_span_years"].default)
    lag = (fit_fdi_lag(nat["registered_usd_bn"], nat["disbursed_usd_bn"], span)
           if len(nat) else None)
    flows = hdata.firm_capital_flows(obs, "hai_phong")
    hp_fdi = hdata.build_panel("pre_merger", basis).values["fdi_usd_bn"].dropna()
    flow_share = (digital_fdi_flow_share(flows["usd_bn"], hp_fdi) if len(flows) else None)
    targets = {year: {"value": float(row["value"]) / 100.0, "qualifier": str(row["qualifier"]),
                      "obs_id": str(row["obs_id"]), "source_url": str(row["source_url"]),
                      "published": str(row["published"])}
               for year, row in hdata.official_targets(obs, hdata.BOUNDARIES[boundary]).items()}
    cal = from_panel(panel, national_adoption=hdata.national_adoption_series(obs),
                     fdi_ratios=hdata.fdi_disbursement_ratios(obs),
                     adoption_windows=hdata.latest_adoption_series(obs), fdi_lag=lag,
                     digital_flow_share=flow_share, targets=targets,
                     base_share_spread=base_share_spread(panel, obs),
                     recorded_rise=hdata.largest_annual_rise(obs, basis),
                     stocks=_stocks(obs, boundary), shocks=_shocks(obs, basis),
                     fdi_growth=_fdi_growth(obs, basis))
    if rule is None:
        _CACHE[key] = cal
    return cal
