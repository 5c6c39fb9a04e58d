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

from hpresearch.errors import HPResearchError, error_message

BOUNDARIES = ("pre_merger", "merged")
BASES = ("gso", "mic")
#: Number of years averaged for base-period investment (smooths lumpy FDI projects).
BASE_WINDOW = 3
#: Number of years averaged for trend growth and inflation.
TREND_WINDOW = 5


class ModelCalibrationError(HPResearchError):
    """The data panel lacks what the model needs to calibrate."""


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
            raise ModelCalibrationError(error_message(
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
# adoption speed from the national digitalised-sector series
# ------------------------------------------------------------------------------------------
def logistic_path(a0: float, k: float, ceiling: float, steps: int) -> np.ndarray:
    """Discrete logistic ``a_t = a_{t-1} + k a_{t-1}(1 - a_{t-1}/a_max)`` for ``steps`` years."""
    out = np.empty(steps + 1)
    out[0] = a0
    for t in range(1, steps + 1):
        a = out[t - 1]
        out[t] = a + k * a * (1.0 - a / ceiling)
    return out


def calibrate_adoption_speed(adoption: pd.Series, ceiling: float) -> float:
    """Speed ``k`` of the discrete logistic that best reproduces an adoption series.

    The path starts at the first observation and ``k`` minimises the squared distance to
    the later observations (bounded scalar minimisation on ``[0, 1]``, scipy). With two
    observations ``h`` years apart this is the exact ``k`` joining them.

    Parameters
    ----------
    adoption : Series
        Digitalised share of non-core value added, indexed by integer year (gaps allowed).
    ceiling : float
        ``a_max``.

    References
    ----------
    Verhulst, P.-F. (1838). Notice sur la loi que la population suit dans son accroissement.
    """
    from scipy.optimize import minimize_scalar

    s = adoption.dropna().sort_index()
    if len(s) < 2:
        raise ModelCalibrationError(error_message(
            where="national digitalised-sector share series",
            rule="needs at least two years to calibrate adoption_speed"))
    years = s.index.astype(int).to_numpy()
    steps = int(years[-1] - years[0])
    idx = years - years[0]
    obs = s.to_numpy(dtype=float)

    def loss(k: float) -> float:
        return float(np.sum((logistic_path(obs[0], k, ceiling, steps)[idx] - obs) ** 2))

    res = minimize_scalar(loss, bounds=(0.0, 1.0), method="bounded",
                          options={"xatol": 1e-10})
    return float(res.x)


def _national_de_observations(obs: pd.DataFrame | None) -> pd.DataFrame:
    """Annual national GSO digital-economy share rows (total, core, digitalised).

    ``published`` is made a string ("" when unknown) so that it sorts by vintage.
    """
    if obs is None or obs.empty:
        return pd.DataFrame()
    nat = obs[(obs["geography"] == "vietnam") & (obs["basis"] == "gso")
              & (obs["period_type"] == "annual")
              & obs["indicator"].isin(["de_digitalised_share", "de_core_share", "de_share"])]
    return nat.assign(published=nat["published"].fillna("").astype(str))


def national_adoption_series(obs: pd.DataFrame) -> pd.Series:
    """National adoption share ``a_t = dig_t / (1 - core_t)`` from GSO observations.

    ``dig`` = ``de_digitalised_share``, ``core`` = ``de_core_share`` or ``de_share - dig``
    (annual national GSO figures, percent -> fraction). GSO revises the series, so one
    publication vintage is used: the latest vintage with at least two years; if none has,
    the latest publication per year. ``attrs['note']`` says which.
    """
    nat = _national_de_observations(obs)
    if nat.empty:
        return pd.Series(dtype=float)

    def build(sub: pd.DataFrame) -> pd.Series:
        wide = (sub.sort_values("published").groupby(["year", "indicator"])["value"].last()
                .unstack("indicator") / 100.0)
        if "de_digitalised_share" not in wide:
            return pd.Series(dtype=float)
        dig = wide["de_digitalised_share"]
        core = wide["de_core_share"] if "de_core_share" in wide else None
        if core is None or core.isna().all():
            core = wide["de_share"] - dig if "de_share" in wide else None
        elif "de_share" in wide:
            core = core.fillna(wide["de_share"] - dig)
        if core is None:
            return pd.Series(dtype=float)
        a = (dig / (1.0 - core)).dropna()
        a.index = a.index.astype(int)
        return a

    for vintage in sorted(nat["published"].unique(), reverse=True):
        if not vintage:
            continue
        a = build(nat[nat["published"] == vintage])
        if len(a) >= 2:
            a.attrs["note"] = f"GSO vintage published {vintage}"
            return a
    a = build(nat)
    a.attrs["note"] = "latest publication per year (mixed vintages)"
    return a


def adoption_speed_range(series: pd.Series, ceiling: float, central: float) -> dict[str, Any]:
    """Range of ``k_base`` over fit windows (a triangular spec with the central fit as mode).

    ``k`` is refitted (:func:`calibrate_adoption_speed`) on every window of two or more
    consecutive available years of ``series`` (the national adoption share, latest
    publication per year, so GSO revisions between vintages count as uncertainty). The
    range is ``[min, max]`` over those fits and the central fit; the mode is ``central``,
    the registry default, so the deterministic projection is the modal case.

    Returns
    -------
    dict
        ``{dist: "triangular", low, mode, high, windows}`` (windows: ``{"2020-2022": k}``).
    """
    s = series.dropna().sort_index()
    years = s.index.astype(int).tolist()
    fits: dict[str, float] = {}
    for i in range(len(years)):
        for j in range(i + 1, len(years)):
            fits[f"{years[i]}-{years[j]}"] = calibrate_adoption_speed(s.iloc[i:j + 1], ceiling)
    ks = list(fits.values()) + [float(central)]
    return {"dist": "triangular", "low": float(min(ks)), "mode": float(central),
            "high": float(max(ks)), "windows": fits}


def fdi_disbursement_ratios(obs: pd.DataFrame) -> pd.DataFrame:
    """Annual national ratio of disbursed to registered FDI (derived, GSO figures).

    Uses :func:`hpresearch.data.preferred` rows of ``fdi_disbursed`` and ``fdi_registered``
    for geography ``vietnam`` (annual, USD bn or USD mn), in every year where both exist.

    Returns
    -------
    DataFrame
        Indexed by year: ``disbursed_usd_bn``, ``registered_usd_bn``, ``ratio`` and
        ``obs_ids`` (``"disbursed-id;registered-id"``). Empty when no year has both.
    """
    cols = ["disbursed_usd_bn", "registered_usd_bn", "ratio", "obs_ids"]
    if obs is None or obs.empty:
        return pd.DataFrame(columns=cols)
    from hpresearch.data import preferred

    sub = obs[(obs["geography"] == "vietnam") & (obs["period_type"] == "annual")
              & obs["indicator"].isin(["fdi_disbursed", "fdi_registered"])
              & obs["unit"].isin(["usd_bn", "usd_mn"])]
    if sub.empty:
        return pd.DataFrame(columns=cols)
    pick = preferred(sub)
    pick = pick.assign(usd_bn=pick["value"].astype(float)
                       * np.where(pick["unit"] == "usd_mn", 0.001, 1.0))
    # one value per (indicator, year): prefer GSO basis if several bases exist
    pick = (pick.assign(_nongso=(pick["basis"] != "gso").astype(int))
            .sort_values(["indicator", "year", "_nongso"], kind="mergesort")
            .drop_duplicates(["indicator", "year"], keep="first"))
    dis = pick[pick["indicator"] == "fdi_disbursed"].set_index("year")
    reg = pick[pick["indicator"] == "fdi_registered"].set_index("year")
    years = sorted(set(dis.index.astype(int)) & set(reg.index.astype(int)))
    rows = []
    for y in years:
        d, r = float(dis.loc[y, "usd_bn"]), float(reg.loc[y, "usd_bn"])
        if r <= 0:
            continue
        rows.append({"year": y, "disbursed_usd_bn": d, "registered_usd_bn": r, "ratio": d / r,
                     "obs_ids": f"{dis.loc[y, 'obs_id']};{reg.loc[y, 'obs_id']}"})
    if not rows:
        return pd.DataFrame(columns=cols)
    return pd.DataFrame(rows).set_index("year")[cols]


def latest_adoption_series(obs: pd.DataFrame) -> pd.Series:
    """National adoption share with the latest publication per year (mixed vintages).

    Used only for the range of ``adoption_speed`` (:func:`adoption_speed_range`); the
    central fit uses one vintage (:func:`national_adoption_series`).
    """
    nat = _national_de_observations(obs)
    if nat.empty:
        return pd.Series(dtype=float)
    wide = (nat.sort_values("published", kind="mergesort").groupby(["year", "indicator"])["value"]
            .last().unstack("indicator") / 100.0)
    if "de_digitalised_share" not in wide:
        return pd.Series(dtype=float)
    dig = wide["de_digitalised_share"]
    core = wide["de_core_share"] if "de_core_share" in wide else pd.Series(np.nan, wide.index)
    if "de_share" in wide:
        core = core.fillna(wide["de_share"] - dig)
    a = (dig / (1.0 - core)).dropna()
    a.index = a.index.astype(int)
    a.attrs["note"] = "latest publication per year (mixed vintages)"
    return a


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
        raise ModelCalibrationError(error_message(
            where=f"{where}, column 'de_share'", rule="has no observed year; cannot calibrate"))
    t0 = int(share.index[-1])
    s0 = float(share.iloc[-1])
    notes["de_share"] = f"latest observed de_share ({t0})"
    real = _col(v, "grdp_constant_vnd_bn")
    cur = _col(v, "grdp_current_vnd_bn")
    defl = _col(v, "grdp_deflator")
    if t0 not in real.index:
        raise ModelCalibrationError(error_message(
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
        raise ModelCalibrationError(error_message(
            where=f"{where}, year {t0}", rule="has neither grdp_deflator nor grdp_current_vnd_bn"))
    if not (0.0 < s0 < 1.0) or y0 <= 0 or p0 <= 0:
        raise ModelCalibrationError(error_message(
            where=f"{where}, year {t0}", value=(s0, y0, p0),
            rule="share must be in (0, 1) and GRDP and deflator positive"))

    # trend rates -------------------------------------------------------------------------
    growth = _col(v, "grdp_growth_real")
    if growth.empty and len(real) >= 2:
        growth = real.pct_change().dropna()
        notes["trend_real_growth"] = "derived from grdp_constant_vnd_bn"
    g_hist = growth
    if g_hist.empty:
        raise ModelCalibrationError(error_message(
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
        raise ModelCalibrationError(error_message(
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
        raise ModelCalibrationError(error_message(
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
            raise ModelCalibrationError(error_message(
                where="national GSO digitalised-sector share series",
                rule="is missing; adoption_speed cannot be calibrated"))
        if adoption_ceiling is None:
            from hpresearch.model.parameters import load_registry
            adoption_ceiling = float(load_registry()["adoption_ceiling"].default)
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
            from hpresearch.model.parameters import load_registry
            adoption_ceiling = float(load_registry()["adoption_ceiling"].default)
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


_CACHE: dict[tuple[str, str], Calibration] = {}


def calibrate(boundary: str = "pre_merger", basis: str = "gso", rule: Any = None) -> Calibration:
    """Calibrate to :func:`hpresearch.data.build_panel` ``(boundary, basis)`` (memoised).

    Raises
    ------
    ModelCalibrationError
        Unknown boundary/basis, or the panel lacks a required value.
    """
    if boundary not in BOUNDARIES:
        raise ModelCalibrationError(error_message(where="boundary", value=boundary,
                                                  rule=f"not in {list(BOUNDARIES)}"))
    if basis not in BASES:
        raise ModelCalibrationError(error_message(where="basis", value=basis,
                                                  rule=f"not in {list(BASES)}"))
    key = (boundary, basis)
    if rule is None and key in _CACHE:
        return _CACHE[key]
    try:
        from hpresearch import data as hdata
        build_panel = hdata.build_panel
    except (ImportError, AttributeError) as err:  # data layer not installed yet
        raise ModelCalibrationError(
            f"hpresearch.data.build_panel is not available ({type(err).__name__}); "
            "cannot calibrate") from None
    panel = build_panel(boundary, basis) if rule is None else build_panel(boundary, basis, rule=rule)
    try:
        obs = hdata.load_observations()
    except HPResearchError:
        raise
    national = national_adoption_series(obs)
    cal = from_panel(panel, national_adoption=national,
                     fdi_ratios=fdi_disbursement_ratios(obs),
                     adoption_windows=latest_adoption_series(obs))
    if rule is None:
        _CACHE[key] = cal
    return cal


def clear_cache() -> None:
    """Forget memoised calibrations (after data files change)."""
    _CACHE.clear()
