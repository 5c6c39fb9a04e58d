"""A synthetic :class:`Calibration` with round numbers, for tests and benchmarks only.

These values are NOT data: they are round, order-of-magnitude stand-ins so that the engine,
the goal-seek and the Monte Carlo can be tested without the data layer. Real runs use
:func:`hpresearch.calibration.base.calibrate`.
"""
from __future__ import annotations

from typing import Any

from hpresearch.calibration.base import Calibration


def synthetic_calibration(**changes: Any) -> Calibration:
    """Return a synthetic calibration (base year 2023); keyword arguments replace fields."""
    base = Calibration(
        boundary="pre_merger", basis="gso", year=2023,
        grdp_constant_vnd_bn=250_000.0, deflator=1.5, de_share=0.30,
        base_total_investment_real_vnd_bn=120_000.0, base_fdi_real_vnd_bn=50_000.0,
        total_investment_t0_vnd_bn=200_000.0, fdi_t0_usd_bn=3.0, dx_t0_vnd_bn=400.0,
        dx_ref_vnd_bn=400.0, dx_ref_deflator=1.5, trend_real_growth=0.10,
        trend_inflation=0.03, investment_cagr=0.07, latest_vnd_per_usd=25_000.0,
        adoption_speed=0.02, observed={},
        latest={"total_investment_vnd_bn": (2023, 200_000.0), "fdi_usd_bn": (2023, 3.0),
                "dx_budget_vnd_bn": (2023, 400.0), "vnd_per_usd": (2023, 25_000.0)},
        notes={"synthetic": "round test values, not data"},
        fdi_disbursement_ratio=0.7,  # round synthetic value, not data
    )
    return base.with_(**changes) if changes else base
