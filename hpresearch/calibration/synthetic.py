"""A synthetic :class:`Calibration` with round numbers, for tests and benchmarks only.

These values are NOT data: they are round, order-of-magnitude stand-ins so that the engine,
the goal-seek and the Monte Carlo can be tested by hand without the data layer. Real runs use
:func:`hpresearch.calibration.calibrate`.
"""
from __future__ import annotations

from typing import Any

import numpy as np

from hpresearch.calibration.base import HISTORY, Calibration, Estimate


def synthetic_calibration(**changes: Any) -> Calibration:
    """Return a synthetic calibration (base year 2023); keyword arguments replace fields.

    History (years 2014-2023): nominal GRDP 400,000 VND bn in 2023 growing 13% a year back,
    deflator 1.5 in 2023 growing 3% a year back, total investment 40% of GRDP, registered FDI
    3 USD bn a year, 25,000 VND per USD throughout.
    """
    years = tuple(range(2023 - HISTORY + 1, 2024))
    k = np.array([y - 2023 for y in years], dtype=float)
    yn = 400_000.0 * 1.13 ** k
    history = {"grdp_current_vnd_bn": yn, "deflator": 1.5 * 1.03 ** k,
               "total_investment_vnd_bn": 0.4 * yn, "fdi_usd_bn": np.full(len(years), 3.0),
               "vnd_per_usd": np.full(len(years), 25_000.0)}
    values = {"recent_total_investment_ratio": 0.4, "recent_fdi_ratio": 0.19,
              "recent_dx_ratio": 0.001, "national_digitalised_share_logistic_fit": 0.02,
              "national_fdi_disbursed_to_registered": 0.7, "national_fdi_lag_fit": 1.0,
              "latest_exchange_rate": 25_000.0, "recorded_pace_limit": 0.02,
              "plant_capacity_output_elasticity": 0.9,
              "trend_real_growth": 0.10, "harberger_steady_state": float("nan")}
    estimates = {rule: Estimate(value, "synthetic: round test value, not data")
                 for rule, value in values.items()}
    base = Calibration(
        boundary="pre_merger", basis="gso", year=2023,
        grdp_constant_vnd_bn=400_000.0 / 1.5, deflator=1.5, de_share=0.30,
        trend_real_growth=0.10, trend_deflator_growth=0.03, dx_ref_real=400.0 / 1.5,
        history=history, history_years=years, observed={},
        latest={"total_investment_vnd_bn": (2023, 160_000.0), "fdi_usd_bn": (2023, 3.0),
                "dx_budget_vnd_bn": (2023, 400.0), "vnd_per_usd": (2023, 25_000.0)},
        estimates=estimates, anchor_stock_usd_bn=5.0, fdi_stock_usd_bn=30.0,
        targets={2030: {"value": 0.40, "qualifier": "", "obs_id": "synthetic-target",
                        "source_url": "", "published": ""}},
        notes={"synthetic": "round test values, not data"},
    )
    return base.with_(**changes) if changes else base
