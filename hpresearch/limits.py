"""The one table of argument limits: every numeric range an argument may take, and why.

:mod:`hpresearch.argspec` builds its declarations (:data:`hpresearch.argspec.SPECS`) from
these rows, and the parameter registry its first and last scenario years, so a limit is
changed here and nowhere else. This module imports nothing from the package.
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Limit:
    """One row of :data:`LIMITS`: the inclusive range ``[low, high]`` and why."""

    low: int
    high: int
    why: str


#: Every numeric limit of an argument, in one place (read by the
#: :class:`hpresearch.argspec.Spec` ranges and the registry's years).
LIMITS: dict[str, Limit] = {
    "draws": Limit(1, 2_000_000, "Monte Carlo draws and tornado/Sobol samples everywhere, the "
                   "backtest's draws at each origin included; the memory budget usually refuses "
                   "less (argspec.check_memory)"),
    "n_base": Limit(2, 2_000_000, "Sobol base samples: Saltelli's estimators need two or more"),
    "explorer_draws": Limit(2000, 2_000_000, "the explorer's fan: fewer draws make P(target) "
                            "too coarse to read"),
    "explorer_drivers": Limit(1, 12, "sliders the explorer gives the sensitivity ranking's top "
                              "drivers (non-lever scalar parameters)"),
    "sensitivity_draws": Limit(10, 100_000, "the notebooks' tornado Monte Carlo"),
    "sobol_samples": Limit(8, 65_536, "the notebooks' Sobol base samples"),
    "seed": Limit(0, 2**32 - 1, "numpy.random.default_rng needs a non-negative seed"),
    "year": Limit(2025, 2045, "end year of a projection (target year, end_year); the "
                  "calibration's base year + 1 raises the low end (projection.check_end_year)"),
    "scenario_year": Limit(2015, 2045, "years a scenario may mention"),
    "origin": Limit(2010, 2025, "backtest forecast origins: the observation files' years"),
    "horizon_years": Limit(1, 10, "backtest forecast years per origin"),
    "cost_weight": Limit(0, 10**12, "least-cost weight per VND of a lever: weights are relative, "
                         "so a million million to one is ample; larger ones overflow the "
                         "solver's costs (1e308)"),
    "jobs": Limit(1, 256, "parallel report renders"),
    "timeout": Limit(1, 86_400, "per-cell timeout of the kernel, seconds (one day)"),
    "text": Limit(0, 1000, "free-text arguments (notebook text parameters, scheduler address)"),
}
