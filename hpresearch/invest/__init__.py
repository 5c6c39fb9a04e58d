"""The investment question: what lever level(s) reach a target share, and how sure.

* :mod:`~hpresearch.invest.goalseek` - the one entry point, :func:`solve` (one lever without a
  probability, one lever with one, or the least-cost mix of several), its thin wrappers
  :func:`goal_seek` and :func:`least_cost`, and the one scenario writer;
* :mod:`~hpresearch.invest.investment` - the one result type (:class:`GoalSeekResult`), the
  status and the pace-limit check;
* :mod:`~hpresearch.invest.leastcost` - the least-cost mix on the Monte Carlo quantile;
* :mod:`~hpresearch.invest.requirements` - the requirement as a distribution (median, P80,
  the deterministic level labelled);
* :mod:`~hpresearch.invest.reality` - a requirement beside what the city has attracted
  (record year and 2021-2025 average of registered FDI, implied workforce).

It sits above the engine (:mod:`hpresearch.model`) and the Monte Carlo
(:mod:`hpresearch.uncertainty`), which it calls, and below the reports. Modules are imported
on first use.
"""
from __future__ import annotations

from hpresearch._lazy import lazy_exports

_EXPORTS = {
    "solve": "goalseek", "goal_seek": "goalseek", "least_cost": "goalseek",
    "write_scenario": "goalseek", "GoalSeekResult": "investment",
    "least_cost_spec": "leastcost",
    "requirement": "requirements", "Requirement": "requirements",
    "reality_check": "reality", "reality_of": "reality", "RealityCheck": "reality",
}

__getattr__, __dir__, __all__ = lazy_exports(__name__, _EXPORTS)
