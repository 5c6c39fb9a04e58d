"""Calibration of the projection engine to the data panel (never to typed constants).

:func:`calibrate` reads :func:`hpresearch.data.build_panel` for a boundary and a basis and
returns a :class:`Calibration`: the base year ``t0`` (latest year with a digital-economy
share), real GRDP, deflator and share at ``t0``, base-period investment levels, the observed
paths the levers follow after ``t0`` where data exist, and trend rates. :func:`from_panel` is
the pure function behind it (tests feed it hand-built panels).

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
from hpresearch.data.vocabulary import BOUNDARIES
from hpresearch.data.vocabulary import PANEL_BASES as BASES
from hpresearch.errors import CalibrationError, error_message

#: Number of years averaged for base-period investment (smooths lumpy FDI projects).
BASE_WINDOW = 3
#: Number of years averaged for trend growth and inflation.
TREND_WINDOW = 5


@dataclass(frozen=True)
class Calibration:
    """Everything the engine takes from data. Money in VND bn; rates as fractions.

    Attributes
    ----------
    boundary, basis : str
    year : int
        Base year ``t0``: latest year with a digital-economy share on this boundary and basis.
    grdp_constant_vnd_bn : float
        Real GRDP ``Y0`` at ``t0`` (2010 prices).
    deflator : float
        GRDP deflator ``P0`` at ``t0`` (2010 = 1).
    de_share : float
        Digital-economy share ``s0`` at ``t0`` (current prices, chosen basis).
    base_total_investment_real_vnd_bn : float
        Mean real (2010-price) total social investment over the base window ending at ``t0``.
    base_fdi_real_vnd_bn : float
        Mean real registered FDI converted at each year's exchange rate, same window.
    total_investment_t0_vnd_bn, fdi_t0_usd_bn, dx_t0_vnd_bn : float
        Latest nominal values at or before ``t0`` (start of the lever paths).
    dx_ref_vnd_bn, dx_ref_deflator : float
        Latest observed digital-transformation budget and the deflator of its year.
    trend_real_growth, trend_inflation, investment_cagr : float
    latest_vnd_per_usd : float
    observed : dict[str, dict[int, float]]
        Observed values after ``t0`` by variable (``grdp_growth_real``, ``cpi_inflation``,
        ``total_investment_vnd_bn``, ``fdi_usd_bn``, ``dx_budget_vnd_bn``, ``vnd_per_usd``).
    latest : dict[str, tuple[int, float]]
        Latest actual (year, value) per lever variable, for goal-seek ratios.
    adoption_speed : float
        Calibrated ``k_base`` (see :func:`calibrate_adoption_speed`).
    fdi_disbursement_ratio : float
        Mean annual national disbursed/registered FDI ratio (see
        :func:`fdi_disbursement_ratios`); NaN when not calibrated (hand-built panels).
    uncertainty : dict[str, dict]
        Monte Carlo distributions computed from the data for registry entries whose
        ``uncertainty`` spec says ``calibrated: <rule>`` (``{dist, low, mode, high, source}``).
    history : DataFrame
        Panel rows (year-indexed) used for plots.
    notes : dict[str, str]
        How each calibrated value was obtained (shown in output headers).
    """

    boundary: str
    basis: str
    year: int
    grdp_constant_vnd_bn: float
    deflator: float
    de_share: float
    base_total_investment_real_vnd_bn: float
    base_fdi_real_vnd_bn: float
    total_investment_t0_vnd_bn: float
    fdi_t0_usd_bn: float
    dx_t0_vnd_bn: float
    dx_ref_vnd_bn: float
    dx_ref_deflator: float
    trend_real_growth: float
    trend_inflation: float
    investment_cagr: float
    latest_vnd_per_usd: float
    adoption_speed: float
    observed: Mapping[str, Mapping[int, float]] = field(default_factory=dict)
    latest: Mapping[str, tuple[int, float]] = field(default_factory=dict)
    history: pd.DataFrame | None = field(default=None, compare=False, repr=False)
    notes: Mapping[str, str] = field(default_factory=dict, compare=False, repr=False)
    fdi_disbursement_ratio: float = float("nan")
    uncertainty: Mapping[str, Mapping[str, Any]] = field(default_factory=dict, compare=False,
                                                          repr=False)

    @property
    def grdp_current_vnd_bn(self) -> float:
        """Nominal GRDP at ``t0`` (derived: ``Y0 * P0``)."""
        return self.grdp_constant_vnd_bn * self.deflator

    def years(self, horizon: int) -> np.ndarray:
        """Projection years ``t0 .. horizon``."""
        return np.arange(self.year, int(horizon) + 1)

    def observed_path(self, name: str, years: np.ndarray) -> np.ndarray:
        """Observed values of ``name`` on ``years`` (NaN where not observed)."""
        obs = self.observed.get(name, {})
        return np.array([obs.get(int(y), np.nan) for y in years], dtype=float)

    def calibrated_value(self, rule: str) -> float:
        """Scalar default of a ``calibrated:`` registry rule."""
        table = {
            "trend_real_growth": self.trend_real_growth,
            "national_digitalised_share_logistic_fit": self.adoption_speed,
            "trend_cpi_inflation": self.trend_inflation,
            "total_investment_cagr": self.investment_cagr,
            "latest_exchange_rate": self.latest_vnd_per_usd,
            # NaN tells the engine to use the Harberger steady-state initial capital stock
            "harberger_steady_state": float("nan"),
            "national_fdi_disbursed_to_registered": self.fdi_disbursement_ratio,
        }
        if rule not in table:
            raise KeyError(rule)
        if rule == "national_fdi_disbursed_to_registered" and not np.isfinite(table[rule]):
            raise CalibrationError(error_message(
                where="calibration, fdi_disbursement_ratio", value=table[rule],
                rule="was not calibrated (no national fdi_disbursed/fdi_registered years); "
                     "pass fdi_disbursement_ratio or set it in the scenario"))
        return table[rule]

    def with_(self, **changes: Any) -> "Calibration":
        """Copy with some fields changed (tests, what-if)."""
        return replace(self, **changes)

    def summary(self) -> dict[str, Any]:
        """Calibration values shown in output headers."""
        return {
            "boundary": self.boundary, "basis": self.basis, "base_year": self.year,
            "grdp_constant_vnd_bn": self.grdp_constant_vnd_bn,
            "grdp_current_vnd_bn (derived)": self.grdp_current_vnd_bn,
            "deflator": self.deflator, "de_share": self.de_share,
            "trend_real_growth": self.trend_real_growth, "trend_inflation": self.trend_inflation,
            "investment_cagr": self.investment_cagr, "adoption_speed": self.adoption_speed,
            "fdi_disbursement_ratio": self.fdi_disbursement_ratio,
            "dx_ref_vnd_bn": self.dx_ref_vnd_bn,
        }


# ------------------------------------------------------------------------------------------
# panel -> calibration
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


def from_panel(panel: Any, adoption_speed: float | None = None,
               national_adoption: pd.Series | None = None,
               adoption_ceiling: float | None = None,
               fdi_disbursement_ratio: float | None = None,
               fdi_ratios: pd.DataFrame | None = None,
               adoption_windows: pd.Series | None = None) -> Calibration:
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
        :func:`fdi_disbursement_ratios` table: default = mean annual ratio, uncertainty =
        ``triangular(min, mean, max)`` of the annual ratios (both derived).
    adoption_windows : Series, optional
        Adoption series whose fit windows give the ``adoption_speed`` range
        (:func:`adoption_speed_range`).
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
    notes["de_share"] = f"latest observed de_share ({t0})"
    real = _col(v, "grdp_constant_vnd_bn")
    cur = _col(v, "grdp_current_vnd_bn")
    defl = _col(v, "grdp_deflator")
    if t0 not in real.index:
        raise CalibrationError(error_message(
            where=f"{where}, column 'grdp_constant_vnd_bn', year {t0}",
            rule="is missing but the base year needs real GRDP"))
    y0 = float(real[t0])
    if t0 in defl.index:
        p0 = float(defl[t0])
        notes["deflator"] = f"panel grdp_deflator {t0}"
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

    # trend rates -------------------------------------------------------------------------
    growth = _col(v, "grdp_growth_real")
    if growth.empty and len(real) >= 2:
        growth = real.pct_change().dropna()
        notes["trend_real_growth"] = "derived from grdp_constant_vnd_bn"
    g_hist = growth
    if g_hist.empty:
        raise CalibrationError(error_message(
            where=f"{where}, column 'grdp_growth_real'", rule="has no observed year"))
    g_trend = float(g_hist.iloc[-TREND_WINDOW:].mean())
    notes.setdefault("trend_real_growth",
                     f"mean grdp_growth_real {int(g_hist.index[-TREND_WINDOW:][0])}-"
                     f"{int(g_hist.index[-1])}")
    cpi = _col(v, "cpi_inflation")
    if not cpi.empty:
        pi_trend = float(cpi.iloc[-TREND_WINDOW:].mean())
        notes["trend_inflation"] = (f"mean cpi_inflation {int(cpi.index[-TREND_WINDOW:][0])}-"
                                    f"{int(cpi.index[-1])}")
    elif len(defl) >= 2:
        d = defl.pct_change().dropna()
        pi_trend = float(d.iloc[-TREND_WINDOW:].mean())
        notes["trend_inflation"] = "mean growth of grdp_deflator"
    else:
        raise CalibrationError(error_message(
            where=f"{where}, columns 'cpi_inflation'/'grdp_deflator'",
            rule="have no data for the inflation trend"))

    def deflator_at(year: int) -> float:
        if year in defl.index:
            return float(defl[year])
        if year in cur.index and year in real.index:
            return float(cur[year] / real[year])
        return p0 * (1.0 + pi_trend) ** (year - t0)

    # investment ------------------------------------------------------------------------
    inv = _col(v, "total_investment_vnd_bn")
    fdi = _col(v, "fdi_usd_bn")
    dx = _col(v, "dx_budget_vnd_bn")
    fx = _col(v, "vnd_per_usd")
    if inv.empty or fdi.empty or dx.empty or fx.empty:
        missing = [n for n, s in (("total_investment_vnd_bn", inv), ("fdi_usd_bn", fdi),
                                  ("dx_budget_vnd_bn", dx), ("vnd_per_usd", fx)) if s.empty]
        raise CalibrationError(error_message(
            where=f"{where}, columns {missing}", rule="have no observed year"))

    def fx_at(year: int) -> float:
        lt = _latest(fx, year)
        return lt[1] if lt else float(fx.iloc[0])

    def base_window(s: pd.Series) -> pd.Series:
        upto = s[s.index <= t0]
        if upto.empty:  # nothing before t0: first observed years instead
            upto = s
            notes[f"base_{s.name}"] = "no observation up to base year; first observed years used"
        return upto.iloc[-BASE_WINDOW:] if t0 >= int(upto.index[-1]) else upto.iloc[:BASE_WINDOW]

    inv_w = base_window(inv.rename("total_investment_vnd_bn"))
    fdi_w = base_window(fdi.rename("fdi_usd_bn"))
    base_inv_real = float(np.mean([val / deflator_at(int(y)) for y, val in inv_w.items()]))
    base_fdi_real = float(np.mean([val * fx_at(int(y)) / deflator_at(int(y))
                                   for y, val in fdi_w.items()]))
    notes["base_investment"] = (
        "Harberger base period: mean real total investment of "
        f"{', '.join(str(int(y)) for y in inv_w.index)}; mean real FDI of "
        f"{', '.join(str(int(y)) for y in fdi_w.index)}")

    def at_or_before(s: pd.Series) -> float:
        lt = _latest(s, t0)
        return lt[1] if lt else float(s.iloc[0])

    if len(inv) >= 2:
        span = int(inv.index[-1]) - int(inv.index[0])
        cagr = float((inv.iloc[-1] / inv.iloc[0]) ** (1.0 / span) - 1.0) if span > 0 else 0.0
        notes["investment_cagr"] = (f"CAGR of total_investment_vnd_bn {int(inv.index[0])}-"
                                    f"{int(inv.index[-1])}")
    else:
        cagr = g_trend + pi_trend
        notes["investment_cagr"] = "single investment year: trend real growth + inflation"

    dx_year, dx_ref = _latest(dx)
    observed = {
        "grdp_growth_real": {int(y): float(x) for y, x in growth.items() if y > t0},
        "cpi_inflation": {int(y): float(x) for y, x in cpi.items() if y > t0},
        "total_investment_vnd_bn": {int(y): float(x) for y, x in inv.items() if y > t0},
        "fdi_usd_bn": {int(y): float(x) for y, x in fdi.items() if y > t0},
        "dx_budget_vnd_bn": {int(y): float(x) for y, x in dx.items() if y > t0},
        "vnd_per_usd": {int(y): float(x) for y, x in fx.items() if y > t0},
    }
    latest = {"total_investment_vnd_bn": _latest(inv), "fdi_usd_bn": _latest(fdi),
              "dx_budget_vnd_bn": (dx_year, dx_ref), "vnd_per_usd": _latest(fx)}

    # adoption speed ----------------------------------------------------------------------
    if adoption_speed is None:
        if national_adoption is None or national_adoption.dropna().shape[0] < 2:
            raise CalibrationError(error_message(
                where="national GSO digitalised-sector share series",
                rule="is missing; adoption_speed cannot be calibrated"))
        if adoption_ceiling is None:
            adoption_ceiling = _registry_default("adoption_ceiling")
        adoption_speed = calibrate_adoption_speed(national_adoption, adoption_ceiling)
        a = national_adoption.dropna()
        notes["adoption_speed"] = (f"discrete-logistic fit to national GSO adoption "
                                   f"{int(a.index.min())}-{int(a.index.max())} "
                                   f"({national_adoption.attrs.get('note', '')}; "
                                   f"a_max={adoption_ceiling:g})")
    else:
        notes.setdefault("adoption_speed", "given")
    uncertainty: dict[str, dict[str, Any]] = {}
    if adoption_windows is not None and adoption_windows.dropna().shape[0] >= 2:
        if adoption_ceiling is None:
            adoption_ceiling = _registry_default("adoption_ceiling")
        rng = adoption_speed_range(adoption_windows, adoption_ceiling, float(adoption_speed))
        wins = ", ".join(f"{w}: {k:.4f}" for w, k in rng.pop("windows").items())
        rng["source"] = (f"derived: min/max of discrete-logistic fits over every window of the "
                         f"national GSO adoption series a = dig/(1 - core) "
                         f"({adoption_windows.attrs.get('note', '')}) - {wins}; mode = the "
                         f"calibrated default")
        uncertainty["adoption_speed"] = rng
        notes["adoption_speed_range"] = rng["source"]

    # FDI disbursement ratio ------------------------------------------------------------
    fdi_ratio = float("nan")
    if fdi_disbursement_ratio is not None:
        fdi_ratio = float(fdi_disbursement_ratio)
        notes["fdi_disbursement_ratio"] = "given"
    elif fdi_ratios is not None and len(fdi_ratios):
        r = fdi_ratios["ratio"].astype(float)
        fdi_ratio = float(r.mean())
        yrs = [int(y) for y in r.index]
        ids = "; ".join(str(x) for x in fdi_ratios["obs_ids"])
        notes["fdi_disbursement_ratio"] = (
            f"derived: mean of annual national disbursed/registered FDI ratios "
            f"{yrs[0]}-{yrs[-1]} ({len(yrs)} years: "
            + ", ".join(f"{y} {x:.3f}" for y, x in zip(yrs, r)) + f"); obs_ids {ids}")
        uncertainty["fdi_disbursement_ratio"] = {
            "dist": "triangular", "low": float(r.min()), "mode": fdi_ratio,
            "high": float(r.max()),
            "source": (f"derived: triangular(min, mean, max) of the annual national "
                       f"disbursed/registered FDI ratios {yrs[0]}-{yrs[-1]}; obs_ids {ids}")}
    else:
        notes["fdi_disbursement_ratio"] = "not calibrated (no national FDI data given)"

    history = v.copy()
    return Calibration(
        boundary=panel.boundary, basis=panel.basis, year=t0, grdp_constant_vnd_bn=y0,
        deflator=p0, de_share=s0, base_total_investment_real_vnd_bn=base_inv_real,
        base_fdi_real_vnd_bn=base_fdi_real, total_investment_t0_vnd_bn=at_or_before(inv),
        fdi_t0_usd_bn=at_or_before(fdi), dx_t0_vnd_bn=at_or_before(dx), dx_ref_vnd_bn=dx_ref,
        dx_ref_deflator=deflator_at(dx_year), trend_real_growth=g_trend,
        trend_inflation=pi_trend, investment_cagr=cagr, latest_vnd_per_usd=latest["vnd_per_usd"][1],
        adoption_speed=float(adoption_speed), observed=observed, latest=latest,
        history=history, notes=notes, fdi_disbursement_ratio=fdi_ratio,
        uncertainty=uncertainty,
    )


def _registry_default(name: str) -> float:
    from hpresearch.model.registry import load_registry

    return float(load_registry()[name].default)


_CACHE: dict[tuple[str, str], Calibration] = {}


def calibrate(boundary: str = "pre_merger", basis: str = "gso", rule: Any = None) -> Calibration:
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

    panel = (hdata.build_panel(boundary, basis) if rule is None
             else hdata.build_panel(boundary, basis, rule=rule))
    obs = hdata.load_observations()
    national = hdata.national_adoption_series(obs)
    cal = from_panel(panel, national_adoption=national,
                     fdi_ratios=hdata.fdi_disbursement_ratios(obs),
                     adoption_windows=hdata.latest_adoption_series(obs))
    if rule is None:
        _CACHE[key] = cal
    return cal


def clear_cache() -> None:
    """Forget memoised calibrations (after data files change)."""
    _CACHE.clear()
