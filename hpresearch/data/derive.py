"""Derivations on sourced numbers (never typed in).

Pure functions over numbers and :class:`pandas.Series` indexed by year. The panel
(:mod:`hpresearch.data.panel`) labels every value they produce with
``method = "derived:<name>"`` and the ``obs_ids`` used; the names are the keys of
:data:`METHODS`.

Formulas (``g`` = real growth as a fraction, ``L`` = constant-price level,
``Y`` = current-price level, ``P`` = deflator, ``e`` = VND per USD):

- chain forward ``L_t = L_{t-1} (1 + g_t)``; backward ``L_{t-1} = L_t / (1 + g_t)``;
- benchmarked chain between anchors ``a < b``: ``L*_t = L_t (L^obs_b / L_b)^((t-a)/(b-a))``
  (the gap between the chained and the published end level is spread geometrically);
- growth from levels ``g_t = L_t / L_{t-1} - 1``;
- implied deflator ``P_t = Y_t / L_t`` (2010 = 1 because ``L`` is at 2010 prices);
- implied deflator growth between two current-price levels ``y1 < y2`` with real growth
  published for every year between: ``((Y_2/Y_1) / prod(1+g))^(1/(y2-y1)) - 1`` a year;
- deflator carried with another geography's deflator growth ``P_t = P_{t-1}(1 + pi^VN_t)``;
- current from constant ``Y_t = L_t P_t``;
- log-linear interpolation of the deflator between known years;
- merged-city sum ``X^merged_t = X^hai_phong_t + X^hai_duong_t``;
- currency ``VND bn = USD bn x e``; implied rate ``e = (VND bn x 1e9) / (USD x scale)``;
- basis conversion ``s^MIC = s^GSO x (s^MIC_VN / s^GSO_VN)``;
- period average to end-year point ``s_end = s_period x s_VN,end / s_VN,period``;
- back-cast from growth ``X_{t-1} = X_t / (1 + g_t)``.

References
----------
United Nations et al. (2009), *System of National Accounts 2008*, ch. 15 (chain volume
indices, implicit deflators). IMF (2017), *Quarterly National Accounts Manual*, ch. 6
(benchmarking; the pro-rata geometric spread used here is its simplest variant).
"""
from __future__ import annotations

import math

import numpy as np
import pandas as pd

#: Every derivation method the panel may report, with a one-line formula.
METHODS: dict[str, str] = {
    "chain": "L_t = L_{t-1}(1+g_t) forward or L_{t-1} = L_t/(1+g_t) backward from a "
    "published level",
    "chain_benchmarked": "chained levels between two published levels, gap spread "
    "geometrically: L*_t = L_t (L_b/L^chain_b)^((t-a)/(b-a))",
    "growth_from_levels": "g_t = L_t/L_{t-1} - 1",
    "implied_deflator": "P_t = Y_t / L_t (current / constant 2010 prices)",
    "interpolated_deflator": "log-linear interpolation of P between years where it is implied",
    "current_from_constant": "Y_t = L_t x P_t",
    "member_level_anchor": "a member without published constant-price GRDP: its 2010-price "
    "level in one year = its current-price GRDP / the other member's deflator (the level "
    "only; its real growth and deflator growth are its own)",
    "national_deflator_growth": "P_t = P_{t-1}(1 + pi^VN_t) (backward P_{t-1} = P_t/(1 + "
    "pi^VN_t)) with Viet Nam's GDP-deflator growth implied by its published current-price "
    "GDP and real growth, where the geography's own deflator is not implied",
    "vintage_splice": "two published levels not linked by published annual growth: the later "
    "level is carried back with the published growth (the year without an annual figure takes "
    "its longest part-year figure); the earlier level, of an earlier vintage, is kept as a row",
    "merged_sum": "X(hai_phong_merged) = X(hai_phong) + X(hai_duong)",
    "pre_merger_proxy": "merged-city value missing: old Hai Phong value used (lower bound)",
    "implied_fx": "VND per USD = VND value / USD value of the same figure on the same page "
    "(median over pages in the year)",
    "interpolated": "linear interpolation between neighbouring years",
    "basis_conversion": "share(basis B) = share(basis A) x national share(B)/share(A), "
    "same year or latest year with both",
    "period_placement": "a multi-year (period) figure placed at the period's end year",
    "period_to_point": "end-year share from a period average with the national profile of the "
    "same basis and release: s_end = s_period x s_VN,end / s_VN,period",
    "backcast_from_growth": "X_{t-1} = X_t / (1 + g_t) with g_t published",
    "national_value": "Viet Nam national value used for the city (prices, exchange rate)",
}


def _series(s) -> pd.Series:
    s = pd.Series(s, dtype="float64")
    s.index = s.index.astype(int)
    return s.sort_index()


def chain_forward(start_value: float, growth_rates) -> list[float]:
    """Levels after applying each growth rate in turn: ``[L0(1+g1), L0(1+g1)(1+g2), ...]``."""
    out, level = [], float(start_value)
    for g in growth_rates:
        level *= 1.0 + float(g)
        out.append(level)
    return out


def growth_from_levels(levels: pd.Series) -> pd.Series:
    """Real growth ``g_t = L_t / L_{t-1} - 1`` where both years are known (NaN otherwise)."""
    s = _series(levels)
    full = s.reindex(range(int(s.index.min()), int(s.index.max()) + 1)) if len(s) else s
    return (full / full.shift(1) - 1.0).dropna()


def benchmark_chain(start_year: int, start_value: float, end_year: int, end_value: float,
                    growth: pd.Series) -> tuple[pd.Series, float]:
    """Chain from ``start`` to ``end`` and spread the gap to the published end level.

    Returns
    -------
    (Series, float)
        Benchmarked levels for ``start_year..end_year`` (both anchors reproduced exactly)
        and the ratio ``end_value / chained_end`` (1 means the growth rates and levels
        agree).

    Raises
    ------
    ValueError
        If a growth rate between the anchors is missing.
    """
    g = _series(growth)
    years = range(int(start_year) + 1, int(end_year) + 1)
    missing = [y for y in years if y not in g.index or pd.isna(g[y])]
    if missing:
        raise ValueError(f"growth missing for {missing}")
    raw = [float(start_value)] + chain_forward(start_value, [g[y] for y in years])
    ratio = float(end_value) / raw[-1]
    n = int(end_year) - int(start_year)
    adj = [lvl * ratio ** (k / n) for k, lvl in enumerate(raw)]
    return pd.Series(adj, index=range(int(start_year), int(end_year) + 1)), ratio


def implied_deflator_growth(current: pd.Series, growth: pd.Series) -> pd.Series:
    """Annual deflator growth implied by current-price levels and real growth.

    For two consecutive published levels ``Y_1`` (year ``y1``) and ``Y_2`` (``y2``) with
    real growth published for every year in ``(y1, y2]``, each of those years gets the
    annualised rate ``((Y_2/Y_1)/prod(1+g))^(1/(y2-y1)) - 1``.

    References
    ----------
    United Nations et al. (2009), *System of National Accounts 2008*, §15.177 (implicit
    price deflators: current-price value over volume).
    """
    cur = _series(current).dropna()
    g = _series(growth).dropna()
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


def implied_deflator(current: float, constant: float) -> float:
    """Implicit deflator ``current / constant`` (2010 = 1 for constant 2010 prices)."""
    return float(current) / float(constant)


def interpolate_log_linear(series: pd.Series) -> pd.Series:
    """Fill interior gaps by log-linear interpolation (no extrapolation)."""
    s = _series(series)
    if s.dropna().shape[0] < 2:
        return s
    full = s.reindex(range(int(s.index.min()), int(s.index.max()) + 1))
    return np.exp(np.log(full).interpolate(method="index", limit_area="inside"))


def interpolate_linear(series: pd.Series) -> pd.Series:
    """Fill interior gaps linearly in the year (no extrapolation)."""
    s = _series(series)
    if s.dropna().shape[0] < 2:
        return s
    full = s.reindex(range(int(s.index.min()), int(s.index.max()) + 1))
    return full.interpolate(method="index", limit_area="inside")


def merged_sum(*parts: float) -> float:
    """Sum of the parts (NaN if any part is missing)."""
    vals = [float(p) for p in parts]
    return float("nan") if any(math.isnan(v) for v in vals) else float(sum(vals))


#: Size of one unit in its currency (e.g. usd_mn = 1e6 US dollars).
_SCALE = {"vnd_bn": 1e9, "vnd_mn": 1e6, "usd_bn": 1e9, "usd_mn": 1e6, "usd": 1.0}


def implied_fx(vnd_value: float, vnd_unit: str, usd_value: float, usd_unit: str) -> float:
    """VND per USD implied by the same figure published in both currencies.

    ``e = (vnd_value x scale(vnd_unit)) / (usd_value x scale(usd_unit))``; e.g.
    445,995 VND bn / 18,362.8 USD mn = 24,287.7 VND per USD.
    """
    return float(vnd_value) * _SCALE[vnd_unit] / (float(usd_value) * _SCALE[usd_unit])


def basis_conversion(share: float, national_target_basis: float,
                     national_source_basis: float) -> float:
    """Rescale a share to another measurement basis by the national ratio.

    ``share x national_target_basis / national_source_basis`` — e.g. a GSO provincial
    share times Viet Nam's MIC/GSO ratio gives an MIC-basis estimate.
    """
    return float(share) * float(national_target_basis) / float(national_source_basis)


def period_to_point(period_value: float, national_end: float, national_period: float) -> float:
    """End-year value of a period average, scaled by the national profile.

    ``s_end = s_period x (s_VN,end / s_VN,period)``: a province's share is assumed to move
    within the period in proportion to the national share of the same basis and release
    (e.g. GSO's merged-city 22.28 % for 2021-2025 x 14.02 / 13.20 = 23.66 % for 2025).

    References
    ----------
    IMF (2017), *Quarterly National Accounts Manual*, ch. 6 (pro-rata benchmarking: an
    indicator series distributes a period total over its sub-periods).
    """
    return float(period_value) * float(national_end) / float(national_period)


def backcast_from_growth(value_t: float, growth_t: float) -> float:
    """Previous-year value ``X_t / (1 + g_t)`` from a level and its published growth."""
    return float(value_t) / (1.0 + float(growth_t))
