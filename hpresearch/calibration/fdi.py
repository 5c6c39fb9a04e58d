"""Time to build for FDI: the disbursement lag of registered capital, and the digital fraction.

Registered FDI is a commitment; capital is disbursed over the registration year and the next
``J`` years. The engine uses geometric weights ``w_j ∝ λ^j`` (``j = 0..J``) normalised to one,
parameterised by their mean lag ``m = Σ_j j w_j`` (:func:`lag_weights`), times the
disbursement ratio ``d`` (realised per registered dollar). :func:`fit_fdi_lag` estimates
``(d, m)`` by least squares on Viet Nam's national series of registered and disbursed FDI;
:func:`digital_fdi_flow_share` measures the share of Hai Phong's registered FDI *flows* made
by itemised digital (LG group) capital registrations.

References
----------
Almon, S. (1965). "The distributed lag between capital appropriations and expenditures."
*Econometrica* 33(1), 178-196 (investment commitments disbursed with a distributed lag).
Koyck, L. M. (1954). *Distributed Lags and Investment Analysis*. North-Holland (geometric
lag weights).
"""
from __future__ import annotations

from functools import lru_cache

import numpy as np
import pandas as pd

from hpresearch.errors import CalibrationError, error_message

#: Grid of the geometric parameter λ used to invert mean lag -> λ.
_LAMBDA_GRID = np.concatenate([np.linspace(0.0, 1.0, 401)[:-1], np.geomspace(1.0, 1e4, 400)])


@lru_cache(maxsize=16)
def _mean_lag_table(span: int) -> tuple[np.ndarray, np.ndarray]:
    j = np.arange(span + 1, dtype=float)
    w = _LAMBDA_GRID[:, None] ** j[None, :]
    w = w / w.sum(axis=1, keepdims=True)
    return (w * j).sum(axis=1), _LAMBDA_GRID


def lag_weights(mean_lag, span: int) -> np.ndarray:
    """Geometric disbursement weights ``w_0..w_J`` (sum 1) with mean lag ``mean_lag``.

    Parameters
    ----------
    mean_lag : float or array (n,)
        ``Σ_j j w_j`` in years, clipped to ``[0, span]``.
    span : int
        ``J``: weights cover the registration year and the next ``J`` years.

    Returns
    -------
    ndarray
        ``(J+1,)`` for a scalar ``mean_lag``, ``(n, J+1)`` for an array.
    """
    span = int(span)
    m = np.asarray(mean_lag, dtype=float)
    if span == 0:
        return np.ones(m.shape + (1,))
    means, lams = _mean_lag_table(span)
    lam = np.interp(np.clip(m, 0.0, float(span)), means, lams)
    j = np.arange(span + 1, dtype=float)
    w = lam[..., None] ** j
    return w / w.sum(axis=-1, keepdims=True)


def fit_fdi_lag(registered: pd.Series, disbursed: pd.Series, span: int = 3) -> dict:
    """Least-squares disbursement ratio and mean lag from national FDI series.

    Fits ``disbursed_t = d Σ_{j=0..J} w_j(m) registered_{t-j}`` over every year ``t`` whose
    ``J`` earlier registrations are known, with ``0.2 <= d <= 1.5`` and ``0 <= m <= J``
    (``scipy.optimize.least_squares``).

    Returns
    -------
    dict
        ``ratio``, ``mean_lag``, ``weights``, ``years`` used, ``rmse`` (USD bn), ``n``.

    Raises
    ------
    CalibrationError
        Fewer than three usable years.
    """
    from scipy.optimize import least_squares

    reg = registered.dropna().sort_index()
    dis = disbursed.dropna().sort_index()
    years = [int(t) for t in dis.index if all((t - j) in reg.index for j in range(span + 1))]
    if len(years) < 3:
        raise CalibrationError(error_message(
            where="national fdi_registered / fdi_disbursed", value=len(years),
            rule=f"usable years for a {span}-year disbursement lag; at least 3 are needed"))
    R = np.array([[float(reg[t - j]) for j in range(span + 1)] for t in years])
    D = np.array([float(dis[t]) for t in years])

    def resid(p):
        return p[0] * (R @ lag_weights(p[1], span)) - D

    fit = least_squares(resid, [0.7, min(1.0, span / 2)], bounds=([0.2, 0.0], [1.5, span]))
    d, m = (float(x) for x in fit.x)
    return {"ratio": d, "mean_lag": m, "weights": lag_weights(m, span).tolist(),
            "years": years, "n": len(years),
            "rmse": float(np.sqrt(np.mean(resid(fit.x) ** 2)))}


def digital_fdi_flow_share(flows: pd.Series, registered: pd.Series) -> dict | None:
    """Share of registered FDI flows made by itemised digital capital registrations.

    ``flows`` are registration amounts (USD bn) by year (e.g. LG Display and LG Innotek
    capital increases); ``registered`` the city's registered FDI (USD bn) by year. The share
    is ``Σ flows / Σ registered`` over the years from the first to the last flow year that
    have a registered figure. Because only some digital investors are itemised, it is a lower
    bound of the digital fraction of flows.

    Returns
    -------
    dict or None
        ``share``, ``years``, ``flows_usd_bn``, ``registered_usd_bn``; ``None`` without data.
    """
    f = flows.dropna()
    r = registered.dropna()
    if f.empty or r.empty:
        return None
    years = [y for y in range(int(f.index.min()), int(f.index.max()) + 1) if y in r.index]
    if not years:
        return None
    num = float(f[f.index.isin(years)].sum())
    den = float(r[r.index.isin(years)].sum())
    if den <= 0:
        return None
    return {"share": num / den, "years": years, "flows_usd_bn": num, "registered_usd_bn": den}
