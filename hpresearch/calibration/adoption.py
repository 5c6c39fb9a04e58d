"""Adoption speed of digitalisation: a discrete logistic fitted to the national series.

The digitalised share ``a`` of non-core value added follows
``a_t = a_{t-1} + k a_{t-1}(1 - a_{t-1}/a_max)``; :func:`calibrate_adoption_speed` fits ``k``
to Viet Nam's GSO series (read by :func:`hpresearch.data.national_adoption_series`) and
:func:`adoption_speed_range` gives its range over every fit window.

References
----------
Verhulst, P.-F. (1838). Notice sur la loi que la population suit dans son accroissement.
*Correspondance mathematique et physique* 10, 113-121.
"""
from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from hpresearch.errors import CalibrationError, error_message


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
        raise CalibrationError(error_message(
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



def adoption_speed_range(series: pd.Series, ceiling: float, central: float) -> dict[str, Any]:
    """Range of ``k_base`` over fit windows (a two-piece spec with the central fit as median).

    ``k`` is refitted (:func:`calibrate_adoption_speed`) on every window of two or more
    consecutive available years of ``series`` (the national adoption share, latest
    publication per year, so GSO revisions between vintages count as uncertainty). The
    range is ``[min, max]`` over those fits and the central fit; the median is ``central``,
    the registry default: half the mass on each side (``two_piece``, see
    :mod:`hpresearch.uncertainty.distributions`), because the fits crowd near zero with one
    window far above, and a triangular with that mode would put 89% of the draws above the
    default.

    Returns
    -------
    dict
        ``{dist: "two_piece", low, median, high, windows}`` (windows: ``{"2020-2022": k}``).
    """
    s = series.dropna().sort_index()
    years = s.index.astype(int).tolist()
    fits: dict[str, float] = {}
    for i in range(len(years)):
        for j in range(i + 1, len(years)):
            fits[f"{years[i]}-{years[j]}"] = calibrate_adoption_speed(s.iloc[i:j + 1], ceiling)
    ks = list(fits.values()) + [float(central)]
    return {"dist": "two_piece", "low": float(min(ks)), "median": float(central),
            "high": float(max(ks)), "windows": fits}
