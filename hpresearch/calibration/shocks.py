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


def capital_growth_range(trend_growth: float, growth: pd.Series,
                         real_investment: pd.Series, label: str,
                         real_fdi: pd.Series | None = None, fdi_label: str = "") -> dict | None:
    """Two-sided prior of ``initial_capital_growth`` from the data (a ``two_piece`` spec).

    The Harberger start ``K0 = I0/(g + delta)`` needs the growth ``g`` of the investment that
    built the capacity, which no series measures. Mode: the trend real GRDP growth (the
    default, Harberger's own proxy). Ends: the smallest and largest of the annual real GRDP
    growth rates of the trend window, the compound growth of real total investment over its
    observed years and - core digital investment in Hai Phong being mostly FDI - the
    log-linear trend growth of real registered FDI (at least four years). Half the mass lies
    on each side of the default (``two_piece``): the FDI trend reaches far above the proxy,
    and a triangular with the proxy as mode would put almost every draw above it.

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
    if real_fdi is not None:
        f = real_fdi.dropna().sort_index()
        f = f[f > 0]
        if len(f) >= 4:
            slope = np.polyfit(f.index.to_numpy(dtype=float), np.log(f.to_numpy(dtype=float)), 1)[0]
            cands[f"log-linear trend of real registered FDI{fdi_label} "
                  f"{int(f.index[0])}-{int(f.index[-1])}"] = float(np.expm1(slope))
    if not cands:
        return None
    low_k = min(cands, key=cands.get)
    high_k = max(cands, key=cands.get)
    low, high = cands[low_k], cands[high_k]
    if not low < trend_growth < high:
        return None
    return {"dist": "two_piece", "low": low, "median": float(trend_growth), "high": high,
            "source": (f"derived ({label}): median = trend real growth {trend_growth:.4f}; "
                       f"low = {low_k} {low:.4f}, high = {high_k} {high:.4f}")}
