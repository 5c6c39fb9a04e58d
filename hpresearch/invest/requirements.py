"""The investment a target requires, as a distribution: median, 80th percentile, deterministic.

"What investment would it take?" has no single number under uncertainty. The headline is
the Monte Carlo requirement (issue 10 §5):

* **median** - the constant annual lever level at which P(share >= target in the target year)
  = 0.5 (:func:`hpresearch.invest.goalseek.goal_seek` with ``probability=0.5``);
* **P80** - the level at which that probability is 0.8 (the same with ``probability=0.8``);
* **deterministic** - the level on the central projection, labelled as such (it is the
  requirement of the deterministic path, not of the distribution).

Each row splits the requirement into what the scenario already counts as committed (digital
FDI commitments on top of the lever, e.g. ``breakthrough``) and the part not yet committed
(the lever level itself), and states whether the level's path rises faster than the credible
pace (``too_fast``).

References
----------
Loayza, N. & Pennings, S. (eds., 2022). *The Long Term Growth Model*, World Bank ("what
investment a growth target requires").
Glasserman, P. (2004). *Monte Carlo Methods in Financial Engineering*, §4.2 (common random
numbers: the probability is monotone in the lever).
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from hpresearch.data.vocabulary import DEFAULT_BOUNDARY
from hpresearch.uncertainty.spec import DEFAULT_LEVER
from hpresearch.defaults import DRAWS, SEED
from hpresearch.invest.goalseek import goal_seek
from hpresearch.invest.investment import GoalSeekResult
from hpresearch.results import json_ready

#: The probabilities of the headline requirement.
PROBABILITIES = (0.5, 0.8)


@dataclass(frozen=True)
class Requirement:
    """The requirement of one target with one lever: median, P80 and deterministic.

    Attributes
    ----------
    median, p80 : GoalSeekResult
        Probabilistic goal-seeks at P = 0.5 and 0.8 (same draws and seed).
    deterministic : GoalSeekResult
        The central projection's goal-seek (labelled deterministic).
    """

    median: GoalSeekResult
    p80: GoalSeekResult
    deterministic: GoalSeekResult
    meta: dict[str, Any] = field(default_factory=dict)

    @property
    def lever(self) -> str:
        return self.median.lever

    @property
    def target(self) -> float:
        return self.median.target

    @property
    def year(self) -> int:
        return self.median.year

    def rows(self) -> dict[str, GoalSeekResult]:
        return {"median": self.median, "p80": self.p80, "deterministic": self.deterministic}

    def table(self) -> pd.DataFrame:
        """One row per ``median``/``p80``/``deterministic``.

        Columns: ``method``, ``probability`` (requested), ``achieved_probability``,
        ``status``, ``value`` (not yet committed, lever unit), ``committed``,
        ``total_value``, ``value_vnd_bn``, ``pct_of_grdp``, ``achieved_share``,
        ``credible_share``, ``max_annual_rise``, ``unit``; the reality check of the whole
        level (:mod:`hpresearch.invest.reality`): ``level_usd_bn``, ``x_record``,
        ``x_avg2125``, ``x_national``, ``jobs_per_year``, ``jobs_cumulative``,
        ``x_employment``.
        """
        recs = []
        for name, r in self.rows().items():
            c = r.reality
            recs.append({
                "row": name, "method": r.method, "probability": r.probability,
                "achieved_probability": r.achieved_probability, "status": r.status,
                "value": r.value, "committed": r.committed, "total_value": r.total_value,
                "value_vnd_bn": r.value_vnd_bn, "pct_of_grdp": r.pct_of_grdp,
                "achieved_share": r.achieved_share, "credible_share": r.credible_share,
                "max_annual_rise": r.max_annual_rise, "unit": r.unit,
                "level_usd_bn": c.level_usd_bn, "x_record": c.x_record,
                "x_avg2125": c.x_average, "x_national": c.x_national,
                "jobs_per_year": c.jobs_per_year, "jobs_cumulative": c.jobs_cumulative,
                "x_employment": c.x_employment})
        return pd.DataFrame(recs).set_index("row")

    def summary(self) -> str:
        """Readable lines: the two headline levels first, the deterministic one labelled."""
        m, p, d = self.median, self.p80, self.deterministic
        head = (f"Requirement ({m.lever}) for {m.target:.2%} in {m.year} - scenario "
                f"{m.scenario}, boundary {m.boundary}, basis {m.basis}; Monte Carlo "
                f"{m.draws:,} draws, seed {m.seed}.")
        lines = [head]
        for label, r in (("median (P = 0.5)", m), ("P80 (P = 0.8)", p),
                         ("deterministic (central projection, not a probability)", d)):
            if r.status == "unreachable":
                lines.append(f"  {label}: not reachable within the lever's limits")
                continue
            reality = f"\n    {r.reality.text('en', with_scenario=False)}"
            extra = (f"; total with {r.committed:,.4g} committed: {r.total_value:,.4g}"
                     if r.committed > 0 else "")
            pace = (f"; TOO FAST (share rises {r.max_annual_rise * 100:.2f} pp in one year; "
                    f"at the credible pace {r.credible_share:.2%})" if r.status == "too_fast"
                    else "")
            lines.append(f"  {label}: {r.value:,.4g} {r.unit} not yet committed"
                         f"{extra} ({r.pct_of_grdp:.2%} of GRDP){pace}{reality}")
        lines.append(f"  {d.reality.scenario_text('en')}")
        return "\n".join(line for line in lines if line.strip())

    def to_dict(self) -> dict[str, Any]:
        return json_ready({"lever": self.lever, "target": self.target, "year": self.year,
                           "rows": {k: v.to_dict() for k, v in self.rows().items()},
                           "meta": dict(self.meta)})


def required_level(result) -> float:
    """The whole requirement of a goal-seek result (committed + not yet committed, lever
    unit per year); NaN when the lever cannot reach the target."""
    if result.status == "unreachable":
        return float("nan")
    total = result.total_value
    return float(total if math.isfinite(total) else result.value)


def requirement_tornado(spec, scenario: Any, lever: str, target: float,
                        target_year: int = 2030) -> pd.DataFrame:
    """Tornado of the investment the target takes: the deterministic requirement.

    Each uncertain parameter of ``spec`` is fixed at each end of its documented range (every
    other at its central value, no shocks, as the share tornado of
    :func:`hpresearch.uncertainty.sensitivity.scenario_tornado`) and the constant annual
    level of ``lever`` that reaches ``target`` in ``target_year`` is solved again
    (:func:`goal_seek`). Parameters of how investment becomes capacity (the digital fraction
    of FDI, disbursement, lags) barely move a scenario's share when its baseline is the
    naive trend of the share record, but they move the requirement.

    Returns
    -------
    DataFrame
        The tornado table (:func:`hpresearch.uncertainty.sensitivity.tornado`) with output
        ``"required"`` (:func:`required_level`, the lever's unit), largest swing first; a
        parameter end where the target cannot be reached gives NaN.
    """
    from hpresearch.uncertainty.sensitivity import fixed_values, tornado, tornado_ranges

    boundary, basis = spec.meta.get("boundary"), spec.meta.get("basis")

    def evaluate(over):
        result = goal_seek(scenario, target=target, year=target_year, lever=lever,
                           boundary=boundary, basis=basis, overrides=fixed_values(spec, over))
        return {"required": required_level(result)}

    table = tornado(evaluate, tornado_ranges(spec), outputs=["required"])
    return table.sort_values("swing", ascending=False, kind="mergesort").reset_index(drop=True)


def requirement(scenario: Any = "trend", lever: str = DEFAULT_LEVER,
                target: float | None = None, year: int = 2030,
                boundary: str = DEFAULT_BOUNDARY, basis: str = "gso", overrides: Any = None,
                draws: int = DRAWS, seed: int = SEED, fan: Any = None) -> Requirement:
    """Median, P80 and deterministic requirement of ``target`` with ``lever``.

    Parameters
    ----------
    scenario, lever, target, year, boundary, basis, overrides
        As in :func:`hpresearch.invest.goalseek.goal_seek` (``target=None``: the boundary's
        official target).
    draws, seed : int
        Monte Carlo draws and seed (the same common random numbers for both probabilities).
    fan : FanCalibration, optional
        Probabilities of the calibrated fan (``hpresearch.backtest.fan_calibration()``).

    Returns
    -------
    Requirement
    """
    kw = dict(target=target, year=year, lever=lever, boundary=boundary, basis=basis,
              overrides=overrides)
    det = goal_seek(scenario, **kw)
    med = goal_seek(scenario, probability=PROBABILITIES[0], draws=draws, seed=seed, fan=fan,
                    **kw)
    p80 = goal_seek(scenario, probability=PROBABILITIES[1], draws=draws, seed=seed, fan=fan,
                    **kw)
    return Requirement(median=med, p80=p80, deterministic=det,
                       meta={"draws": int(draws), "seed": int(seed),
                             "probabilities": list(PROBABILITIES),
                             "calibrated": fan is not None})
