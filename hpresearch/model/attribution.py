"""Why the share moves: an exact additive attribution of its change to the model's drivers.

In the spirit of ModelFlow's attribution (what each driver contributes to the change of an
outcome), the change of the digital-economy share from the base year to a target year is
split into five parts that sum to it exactly. The engine's share is (``docs/model.md``,
:mod:`hpresearch.model.engine`)

``s_t = drift_t (Dc_t + Dd_t) / Y_t + o_t``

with ``drift = P^D / P`` (digital over GRDP deflator), ``Dc`` core digital value added,
``Dd`` digitalised value added net of the baseline correction, ``Y`` real GRDP and ``o``
the naive-trend baseline correction (``share_baseline_offset``, which moves ``o Y / drift``
into digitalised value added). With ``e = drift D / Y`` (``D = Dc + Dd``) the engine's own
share, the logarithmic-mean Divisia index (LMDI-I) gives

``Δe = L(e_T, e_0) [Δln drift + Δln D - Δln Y]``,

``Δln D = ΔDc / L(D_T, D_0) + ΔDd / L(D_T, D_0)``,

where ``L(a, b) = (a - b) / (ln a - ln b)`` (``L(a, a) = a``). The parts are

* ``core``: core digital value added (capacity built by investment);
* ``digitalised``: digitalised value added (adoption in the rest of the economy);
* ``prices``: the digital deflator's drift relative to the GRDP deflator;
* ``grdp``: real GRDP growth (the denominator: negative when GRDP grows);
* ``baseline``: the naive-trend baseline correction ``o_T - o_0``.

They are exact (no residual): ``core + digitalised + prices + grdp + baseline = s_T - s_0``.

References
----------
Ang, B. W. (2005). "The LMDI approach to decomposition analysis: a practical guide."
*Energy Policy* 33(7), 867-871.
Ang, B. W., Liu, F. L. (2001). "A new energy decomposition method: perfect in decomposition
and consistent in aggregation." *Energy* 26(6), 537-548.
Hansen, I. *ModelFlow* (World Bank MFMod in Python; https://worldbank.github.io/MFMod-ModelFlow/):
attribution of the change in an outcome to its drivers (the spirit; the method here is LMDI-I).
"""
from __future__ import annotations

import math

import numpy as np
import pandas as pd

from hpresearch.errors import UsageError, error_message

#: The parts of the attribution, in the order they are shown.
PARTS = ("core", "digitalised", "prices", "grdp", "baseline")

#: Projection columns the attribution reads.
COLUMNS = ("de_share", "grdp_constant_vnd_bn", "core_va_constant_vnd_bn",
           "digitalised_va_constant_vnd_bn", "deflator", "digital_deflator")


def log_mean(a: float, b: float) -> float:
    """The logarithmic mean ``L(a, b) = (a - b) / (ln a - ln b)``, ``L(a, a) = a`` (a, b > 0)."""
    if a <= 0 or b <= 0:
        raise UsageError(error_message(where="log_mean", value=(a, b),
                                       rule="both values must be positive"))
    if math.isclose(a, b, rel_tol=1e-12):
        return float(a)
    return float((a - b) / (math.log(a) - math.log(b)))


def offset_path(projection: pd.DataFrame) -> pd.Series:
    """The naive-trend baseline correction ``o_t`` of a projection (zeros without one)."""
    raw = projection.attrs.get("share_baseline_offset")
    if raw is None:
        return pd.Series(0.0, index=projection.index)
    values = np.asarray(raw, dtype=float).reshape(-1)
    if values.size != len(projection):
        raise UsageError(error_message(
            where="projection.attrs['share_baseline_offset']", value=values.size,
            rule=f"must have one value a year ({len(projection)})"))
    return pd.Series(values, index=projection.index)


def factors(projection: pd.DataFrame) -> pd.DataFrame:
    """The factors of ``s = drift (Dc + Dd) / Y + o`` per year (``Dd`` net of the correction).

    Returns
    -------
    DataFrame
        Columns ``drift``, ``core``, ``digitalised``, ``grdp``, ``offset`` and ``share``.
    """
    missing = [c for c in COLUMNS if c not in projection.columns]
    if missing:
        raise UsageError(error_message(where="projection", value=", ".join(missing),
                                       rule="attribution needs these columns"))
    p = projection
    drift = p["digital_deflator"] / p["deflator"]
    y = p["grdp_constant_vnd_bn"]
    o = offset_path(p)
    gap = o * y / drift  # the correction the engine added to digitalised value added
    return pd.DataFrame({"drift": drift, "core": p["core_va_constant_vnd_bn"],
                         "digitalised": p["digitalised_va_constant_vnd_bn"] - gap,
                         "grdp": y, "offset": o, "share": p["de_share"]})


def attribute(projection: pd.DataFrame, year: int | None = None,
              base_year: int | None = None) -> pd.Series:
    """The change of the share from ``base_year`` to ``year``, split into :data:`PARTS`.

    Parameters
    ----------
    projection : DataFrame
        :func:`hpresearch.model.project` output (deterministic path).
    year : int, optional
        Default: the last year.
    base_year : int, optional
        Default: the first (calibration) year.

    Returns
    -------
    Series
        Percentage points as fractions, indexed by :data:`PARTS`, with ``attrs`` ``start``,
        ``end`` (the shares), ``year``, ``base_year`` and ``total`` (``end - start``); the
        parts sum to ``total`` exactly (LMDI-I, Ang 2005).
    """
    f = factors(projection)
    y1 = int(f.index[-1] if year is None else year)
    y0 = int(f.index[0] if base_year is None else base_year)
    for y in (y0, y1):
        if y not in f.index:
            raise UsageError(error_message(where="attribution year", value=y,
                                           rule=f"must be in {int(f.index[0])}-{int(f.index[-1])}"))
    a, b = f.loc[y0], f.loc[y1]
    e0 = a["drift"] * (a["core"] + a["digitalised"]) / a["grdp"]
    e1 = b["drift"] * (b["core"] + b["digitalised"]) / b["grdp"]
    weight = log_mean(e1, e0)
    d0, d1 = a["core"] + a["digitalised"], b["core"] + b["digitalised"]
    per_d = weight / log_mean(d1, d0)
    parts = pd.Series({
        "core": per_d * (b["core"] - a["core"]),
        "digitalised": per_d * (b["digitalised"] - a["digitalised"]),
        "prices": weight * math.log(b["drift"] / a["drift"]),
        "grdp": -weight * math.log(b["grdp"] / a["grdp"]),
        "baseline": float(b["offset"] - a["offset"]),
    }, dtype=float)
    parts.attrs.update({"start": float(a["share"]), "end": float(b["share"]),
                        "total": float(b["share"] - a["share"]), "year": y1, "base_year": y0,
                        "method": "derived: LMDI-I over s = drift (Dc + Dd) / Y + o"})
    return parts
