"""Structural shocks of the Monte Carlo, estimated from the observation files.

Besides the parameters with documented ranges, three things move the answer in reality and
are drawn as shocks (:class:`~hpresearch.calibration.fits.ShockSpec`):

* **real GRDP growth** - AR(1) fitted by statsmodels (:func:`~hpresearch.calibration.fits.shock_spec`);
* **registered FDI flows** (:func:`fdi_flow_shock`) - the projection holds registered FDI at
  its recent ratio to nominal GRDP; single projects make the yearly flow lumpy. The shock is
  log-normal and median-preserving, ``F_k (1 + x_k) exp(e_k)`` with ``e_k`` independent
  ``N(0, sigma^2)``, ``sigma`` = the sd of ``log(registered FDI x exchange rate / nominal
  GRDP)`` over the years the old city publishes both (the longest series; Hai Phong's
  registrations jumped from USD 1.4 bn in 2020 to 5.0 bn in 2024);
* **electronics demand** (:func:`electronics_shock`) - a persistent shock to core digital
  output, ``Dc_k (1 + x_k) exp(u_k)`` with ``u_k = phi u_{k-1} + sigma z_k``, ``u_0 = 0``.
  ``sigma`` = sd of the annual log changes of Viet Nam's GSO digital-economy share (latest
  publication per year) divided by the core fraction of that share (the core block carries
  the swings: GSO attributes the 2022-23 dip to weak world electronics demand);
  ``phi = 0.5^(1/h)`` for a stated half-life ``h`` of two years (that dip lasted two years,
  2022-2023, before the 2024 recovery).

Every function is pure (Series in, :class:`ShockSpec` out) and says in ``source`` which
observations and years it used.

References
----------
Glasserman, P. (2004). *Monte Carlo Methods in Financial Engineering*, Springer, §3.2
(log-normal shocks, median preservation).
Hamilton, J. D. (1994). *Time Series Analysis*, Princeton, ch. 3 (AR(1) half-life
``h = log 0.5 / log phi``).
"""
from __future__ import annotations

import math

import numpy as np
import pandas as pd

from hpresearch.calibration.fits import ShockSpec

#: Stated half-life (years) of an electronics-demand shock: the 2022-23 downturn.
ELECTRONICS_HALF_LIFE = 2.0
#: Fewest annual points for an estimated sd.
MIN_POINTS = 3


def fdi_flow_shock(fdi_usd_bn: pd.Series, vnd_per_usd: pd.Series,
                   grdp_current_vnd_bn: pd.Series, label: str) -> ShockSpec | None:
    """Log-normal FDI-flow shock from the dispersion of the registered-FDI/GRDP ratio.

    Parameters
    ----------
    fdi_usd_bn, vnd_per_usd, grdp_current_vnd_bn : Series
        Annual values indexed by year (registered FDI, exchange rate, nominal GRDP).
    label : str
        Which boundary/geography the series describe (goes into ``source``).

    Returns
    -------
    ShockSpec or None
        ``sigma`` = sample sd (ddof 1) of ``log(F e / Yn)``; ``phi = 0``; ``None`` with
        fewer than :data:`MIN_POINTS` years.
    """
    df = pd.DataFrame({"f": fdi_usd_bn, "e": vnd_per_usd, "y": grdp_current_vnd_bn}).dropna()
    df = df[(df["f"] > 0) & (df["y"] > 0)]
    if len(df) < MIN_POINTS:
        return None
    ratio = np.log(df["f"] * df["e"] / df["y"])
    sigma = float(ratio.std(ddof=1))
    years = [int(y) for y in df.index]
    return ShockSpec(
        sigma=sigma, phi=0.0, transform="log", start="zero",
        source=(f"derived: sd of log(registered FDI x VND/USD / nominal GRDP), {label} "
                f"{years[0]}-{years[-1]} ({len(years)} years: "
                + ", ".join(f"{y} {math.exp(r):.3f}" for y, r in zip(years, ratio))
                + f") = {sigma:.3f}; independent years, log-normal, median-preserving"))


def electronics_shock(national_share: pd.Series, core_fraction: float,
                      core_label: str) -> ShockSpec | None:
    """Persistent electronics-demand shock to core digital output.

    Parameters
    ----------
    national_share : Series
        Viet Nam's GSO digital-economy share (fraction) by year, latest publication.
    core_fraction : float
        Core digital share / total digital share (latest national year with both).
    core_label : str
        Where ``core_fraction`` comes from (goes into ``source``).

    Returns
    -------
    ShockSpec or None
        ``sigma`` = sd of annual log changes over consecutive years / ``core_fraction``;
        ``phi = 0.5 ** (1 / ELECTRONICS_HALF_LIFE)``; ``None`` with fewer than
        :data:`MIN_POINTS` consecutive changes.
    """
    s = national_share.dropna().sort_index()
    s = s[s > 0]
    years = s.index.astype(int)
    d = np.diff(np.log(s.to_numpy(dtype=float)))
    consecutive = np.diff(years) == 1
    d = d[consecutive]
    if len(d) < MIN_POINTS or not 0 < core_fraction <= 1:
        return None
    sd = float(np.std(d, ddof=1))
    sigma = sd / core_fraction
    phi = 0.5 ** (1.0 / ELECTRONICS_HALF_LIFE)
    return ShockSpec(
        sigma=sigma, phi=phi, transform="log", start="zero",
        source=(f"derived: sd {sd:.4f} of annual log changes of Viet Nam's GSO digital-economy "
                f"share {int(years[0])}-{int(years[-1])} ({len(d)} consecutive changes) / core "
                f"fraction {core_fraction:.3f} ({core_label}) = {sigma:.4f}; persistence "
                f"0.5^(1/{ELECTRONICS_HALF_LIFE:g}) = {phi:.3f} for a stated half-life of "
                f"{ELECTRONICS_HALF_LIFE:g} years (the 2022-23 electronics downturn)"))


def fdi_period_growth(totals: pd.DataFrame, vnd_per_usd: pd.Series, deflator: pd.Series,
                      label: str) -> dict | None:
    """Real growth of registered FDI between the two latest adjacent period totals.

    ``totals`` (:func:`hpresearch.data.period_totals`) holds sums of annual registrations
    over multi-year periods (Hai Phong publishes 2016-2020 and 2021-2025). For the latest
    two periods of equal length ``L`` that follow each other (``end_1 + 1 = start_2``),

    .. math:: g = \\left(\\frac{T_2 \\bar r_2}{T_1 \\bar r_1}\\right)^{1/L} - 1,
              \\qquad r_t = e_t / P_t,

    the growth between the periods' centres (``L`` years apart) of the totals in real VND:
    ``e`` the exchange rate (VND/USD), ``P`` the GRDP deflator and ``r-bar`` the mean of
    ``e/P`` over the period's years where both are known. Period totals average out single
    projects that make the annual flow lumpy (:func:`fdi_flow_shock`), which a trend fitted
    to five annual points does not.

    Returns
    -------
    dict or None
        ``{growth, source}``; ``None`` without two such periods or without ``e/P`` in each.
    """
    if totals is None or len(totals) < 2:
        return None
    t = totals.sort_values("start", kind="mergesort")
    ratio = (vnd_per_usd / deflator).dropna()

    def within(p: pd.Series) -> pd.Series:
        return ratio[(ratio.index >= int(p["start"])) & (ratio.index <= int(p["end"]))]

    def span(r: pd.Series) -> str:
        a, b = int(r.index[0]), int(r.index[-1])
        return f"{a}-{b}" if b > a else f"{a}"

    for i in range(len(t) - 1, 0, -1):
        p1, p2 = t.iloc[i - 1], t.iloc[i]
        length = int(p2["end"]) - int(p2["start"]) + 1
        if (int(p1["end"]) + 1 != int(p2["start"])
                or int(p1["end"]) - int(p1["start"]) + 1 != length):
            continue
        r1, r2 = within(p1), within(p2)
        if r1.empty or r2.empty or not (p1["usd_bn"] > 0 and p2["usd_bn"] > 0):
            return None
        real1, real2 = p1["usd_bn"] * r1.mean(), p2["usd_bn"] * r2.mean()
        growth = float((real2 / real1) ** (1.0 / length) - 1.0)
        return {"growth": growth, "source": (
            f"real growth of registered FDI between the period totals {p1.name} "
            f"{p1['usd_bn']:g} ({p1['obs_id']}) and {p2.name} {p2['usd_bn']:g} USD bn "
            f"({p2['obs_id']}), {label}: ({p2['usd_bn']:g} x {r2.mean():.1f} / "
            f"({p1['usd_bn']:g} x {r1.mean():.1f}))^(1/{length}) - 1 = {growth:.4f}, with the "
            f"mean VND/USD over the GRDP deflator of {span(r1)} and {span(r2)}")}
    return None


#: Name of the FDI candidate among the ends of ``initial_capital_growth``'s range.
FDI_CANDIDATE = "real registered FDI growth between period totals"


def capital_growth_range(trend_growth: float, growth: pd.Series,
                         real_investment: pd.Series, label: str,
                         fdi_growth: dict | None = None) -> dict | None:
    """Two-sided prior of ``initial_capital_growth`` from the data (a ``two_piece`` spec).

    The Harberger start ``K0 = I0/(g + delta)`` needs the growth ``g`` of the investment that
    built the capacity, which no series measures. Median: the trend real GRDP growth (the
    default, Harberger's own proxy). Ends: the smallest and largest of the annual real GRDP
    growth rates of the trend window, the compound growth of real total investment over its
    observed years and - core digital investment in Hai Phong being mostly FDI - the real
    growth of registered FDI between two published period totals (:func:`fdi_period_growth`).
    Half the mass lies on each side of the default (``two_piece``), so an end far from the
    default on one side does not pull the median away from it.

    The FDI candidate is the growth between period totals (2016-2020 to 2021-2025: the
    decade over which the capacity was built), not a trend fitted to the annual
    registrations of the trend window: a five-point trend of a flow as lumpy as Hai Phong's
    (sd of the log ratio to GRDP 0.36, :func:`fdi_flow_shock`) has a standard error near 0.11,
    and the window's first year (2020, published as "over USD 1.4 bn" to 15 December, a lower
    bound in the COVID trough) set it at 30%/yr.

    Returns
    -------
    dict or None
        ``{dist: two_piece, low, median, high, source}``; ``None`` when the ends do not
        bracket the default.
    """
    cands = {f"annual real growth {int(y)}": float(v) for y, v in growth.dropna().items()}
    inv = real_investment.dropna().sort_index()
    if len(inv) >= 2 and inv.iloc[0] > 0:
        n = int(inv.index[-1]) - int(inv.index[0])
        cagr = float((inv.iloc[-1] / inv.iloc[0]) ** (1.0 / n) - 1.0)
        cands[f"real total investment CAGR {int(inv.index[0])}-{int(inv.index[-1])}"] = cagr
    if fdi_growth is not None:
        cands[FDI_CANDIDATE] = float(fdi_growth["growth"])
    if not cands:
        return None
    low_k = min(cands, key=cands.get)
    high_k = max(cands, key=cands.get)
    low, high = cands[low_k], cands[high_k]
    if not low < trend_growth < high:
        return None
    return {"dist": "two_piece", "low": low, "median": float(trend_growth), "high": high,
            "source": (f"derived ({label}): median = trend real growth {trend_growth:.4f}; "
                       f"low = {low_k} {low:.4f}, high = {high_k} {high:.4f}"
                       + (f" [{fdi_growth['source']}]" if FDI_CANDIDATE in (low_k, high_k)
                          else ""))}
