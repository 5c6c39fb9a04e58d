"""Conventions shared by every result type of hpresearch.

Each question the package answers has one result class (``GoalSeekResult``,
``LeastCostResult``, ``Requirement``, ``SimulationResult``, ``SobolResult``,
``BacktestResult``, ``CalibrationReport``). They share method names, in the statsmodels
Results discipline (``tests/test_results.py`` checks every one):

* ``summary()`` - a readable multi-line text;
* ``table()`` - the main numbers as a DataFrame;
* ``to_dict()`` - a JSON-ready dict (:func:`json_ready`).
"""
from __future__ import annotations

from typing import Any

import numpy as np


def json_ready(obj: Any) -> Any:
    """Convert numpy scalars/arrays and NaN/inf to JSON-safe Python values."""
    if isinstance(obj, dict):
        return {str(k): json_ready(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [json_ready(v) for v in obj]
    if isinstance(obj, np.ndarray):
        return json_ready(obj.tolist())
    if isinstance(obj, (np.integer,)):
        return int(obj)
    if isinstance(obj, (float, np.floating)):
        f = float(obj)
        return f if np.isfinite(f) else None
    return obj
