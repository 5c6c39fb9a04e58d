"""Least-cost lever mix: the cheapest constant lever levels that reach a target with a probability.

Given levers ``j = 1..m`` (``core_domestic_investment_vnd_bn``, ``fdi_digital_usd_bn``,
``dx_spending_vnd_bn``), each held at one constant annual level ``L_j`` from
``max(first_policy_year, t0 + 1)`` to the target year (the goal-seek convention), the solver
answers

    minimise    C(L) = sum_j w_j v_j L_j                (VND bn per year)
    subject to  P_n(share_year(L) >= target) >= p      (Monte Carlo, common random numbers)
                lo_j <= L_j <= hi_j

where ``v_j`` converts the lever's unit to VND bn at the scenario's exchange rate
(:attr:`~hpresearch.uncertainty.spec.LeverSpec.vnd_bn_per_unit`), ``w_j`` is an optional cost
weight (1 by default; e.g. 0 for FDI when only public money counts) and the bounds are the
registry's hard limits or narrower ones given by the user.

Formulation
-----------
With ``n`` fixed draws the estimated probability ``P_n(L)`` is a step function of ``L``, useless
for a gradient method. The constraint is rewritten exactly on an order statistic: with
``r = ceil(p n)``, ``P_n(L) >= p`` holds if and only if at least ``r`` draws reach the target,
i.e. if and only if ``q(L) >= target`` where ``q(L)`` is the ``r``-th largest simulated share
(the empirical ``(1 - p)``-quantile). ``q`` is continuous and non-decreasing in every lever
(each draw's share is, the engine's tested property "more investment never lowers the
share").

1. **Anchors** (exactly feasible points): every lever alone (the others at their lower bounds)
   and the diagonal ``lo + t (hi - lo)``; for each, :func:`scipy.optimize.brentq` finds the
   smallest scale with ``q >= target`` and the point is moved to the upper side of the jump,
   so that ``P_n >= p`` holds exactly (as
   :func:`~hpresearch.uncertainty.montecarlo.solve_probability` does for one lever).
2. **SLSQP** (:func:`scipy.optimize.minimize`, ``method="SLSQP"``; Kraft 1988) from the
   cheapest anchor, in cost-scaled variables ``y_j = w_j v_j (L_j - lo_j) / C_ref`` (the
   objective is ``sum_j y_j``, its gradient exact), with the constraint ``q~(L) >= target``
   on a kernel-smoothed quantile: the triangular-kernel average of the order statistics within
   ``KERNEL_FRACTION`` of the quantile's rank. Its gradient is the same kernel average of the
   per-draw gradients (forward differences), the kernel estimator of the quantile sensitivity
   ``dq/dL = E[ds/dL | s = q]`` (Hong 2009; Liu & Hong 2009). The single order statistic
   ``q`` has a kink wherever two draws swap ranks and its gradient is that of one draw; on it,
   SLSQP stalls in its line search (hundreds of model runs), on ``q~`` it converges in about
   10 iterations.
3. **Polish**: the SLSQP point is moved onto the exact boundary ``q = target`` by brentq,
   scaling the levers strictly inside their bounds (the others held at their bounds), and put
   on the upper side of the jump. The answer is the cheapest exactly feasible point among the
   polished SLSQP point and the anchors, so it is never dearer than the best single lever and
   always satisfies ``P_n >= p``.

Tolerances: SLSQP ``ftol`` :data:`SLSQP_FTOL` on the normalised cost; brentq ``xtol``
:data:`SCALE_XTOL` on the scale (a fraction of the lever range). The sample problem itself is
flat near its optimum: on the shipped data the exact sample cost varies by about ±0.1% between
neighbouring mixes (rank swaps), and the mix found lies within 0.3% of the cheapest of 41
directions scanned on the exact sample problem (``benchmarks/bench_goalseek.py --check``); the
seed-to-seed spread of the cost (about ±0.5% at 10,000 draws) is larger. The split between
levers with similar cost per point is less precise than the total. Zero-weight levers cost ``TIE_BREAK`` x the largest weight per VND inside the
optimiser only, so that among mixes of equal weighted cost the one with the least money is
chosen; reported costs use the given weights.

The **marginal cost of one more percentage point** is the difference of two solves,
``C*(target + 0.01) - C*(target)`` (re-solved from the solution; ``None`` when
``target + 0.01`` is out of reach); the KKT multiplier of the SLSQP constraint,
``w_j v_j / (dq~/dL_j)`` for a lever strictly inside its bounds, is reported beside it as a
local check (not when a weight is zero: the multiplier would be in tie-break units).

The pace limit is honoured as in :func:`hpresearch.model.goal_seek`: when the central
projection at the mix raises the share by more than ``share_pace_limit`` in some year, the
status is ``too_fast`` and the credible mix is the largest scaling of the solved mix (from the
lower bounds) whose central path respects the limit.

References
----------
Nocedal, J. & Wright, S. J. (2006). *Numerical Optimization*, 2nd ed., Springer - ch. 12
(KKT conditions, Lagrange multipliers as shadow prices), ch. 18 (SQP).
Kraft, D. (1988). *A software package for sequential quadratic programming*, DFVLR-FB 88-28
(the SLSQP code in scipy.optimize).
Brent, R. P. (1973). *Algorithms for Minimization without Derivatives*, ch. 4.
Hong, L. J. (2009). Estimating quantile sensitivities. *Operations Research* 57(1), 118-130.
Liu, G. & Hong, L. J. (2009). Kernel estimation of quantile sensitivities. *Naval Research
Logistics* 56(6), 511-525.
Glasserman, P. (2004). *Monte Carlo Methods in Financial Engineering*, §4.2 (common random
numbers).
"""
from __future__ import annotations

import math
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Mapping, Sequence

import numpy as np
from scipy.optimize import brentq, minimize

from hpresearch.data.vocabulary import DEFAULT_BOUNDARY
from hpresearch.defaults import DRAWS, SEED
from hpresearch.errors import ScenarioError, UsageError, error_message
from hpresearch.model.levers import LEVER_ALIASES, levers as lever_names
from hpresearch.results import json_ready
from hpresearch.uncertainty.montecarlo import MAX_DRAWS, Draws, draw_params
from hpresearch.uncertainty.spec import LeverSpec, ModelSpec

#: Relative cost tolerance of SLSQP (``ftol`` on the cost normalised to about 1).
SLSQP_FTOL = 1e-7
#: Iteration limit of each SLSQP run.
SLSQP_MAXITER = 60
#: Tolerance of brentq on the scale of a ray, relative to the scale's range.
SCALE_XTOL = 1e-9
#: Share of the draws on each side of the quantile's rank averaged for its gradient.
KERNEL_FRACTION = 0.01
#: Forward-difference step of the per-draw gradients, as a fraction of the reference cost.
GRADIENT_STEP = 1e-4
#: Optimiser-only cost of a zero-weight lever, relative to the largest weight.
TIE_BREAK = 1e-3
#: One more percentage point of share, for the marginal cost.
MARGINAL_STEP = 0.01


# ------------------------------------------------------------------------------------------
# Arguments: --levers, --costs, --bounds
# ------------------------------------------------------------------------------------------
def _canonical(name: str, where: str, value: str) -> str:
    canon = LEVER_ALIASES.get(name.strip(), name.strip())
    if canon not in lever_names():
        options = ", ".join(sorted(set(LEVER_ALIASES) | set(lever_names())))
        raise UsageError(error_message(where=where, value=value,
                                       rule=f"names {name.strip()!r}, not a lever (choose from "
                                            f"{options})"))
    return canon


def parse_levers(levers: str | Sequence[str]) -> tuple[str, ...]:
    """Canonical lever names from ``"A,B,C"`` or a sequence (aliases accepted, no repeats)."""
    raw = levers.split(",") if isinstance(levers, str) else list(levers)
    text = levers if isinstance(levers, str) else ",".join(map(str, raw))
    if not raw or any(not str(r).strip() for r in raw):
        raise UsageError(error_message(where="--levers", value=text,
                                       rule="must be comma-separated lever names, none empty "
                                            "(e.g. core_domestic_investment,fdi_digital,"
                                            "dx_spending)"))
    out = [_canonical(str(r), "--levers", text) for r in raw]
    dup = sorted({x for x in out if out.count(x) > 1})
    if dup:
        raise UsageError(error_message(where="--levers", value=text,
                                       rule=f"names {dup[0]} twice (each lever once)"))
    return tuple(out)


def _items(spec: str | Mapping[str, Any] | None, where: str) -> list[tuple[str, Any, str]]:
    """``[(name, value, item text)]`` from ``"A=x,B=y"`` or a mapping."""
    if spec is None:
        return []
    if isinstance(spec, Mapping):
        return [(str(k), v, f"{k}={v}") for k, v in spec.items()]
    items = []
    for part in str(spec).split(","):
        if "=" not in part:
            raise UsageError(error_message(where=where, value=part,
                                           rule="must be NAME=VALUE items separated by commas"))
        name, _, val = part.partition("=")
        items.append((name.strip(), val.strip(), part.strip()))
    return items


def _number(text: Any, where: str, item: str, what: str) -> float:
    try:
        x = float(text)
    except (TypeError, ValueError):
        raise UsageError(error_message(where=where, value=item,
                                       rule=f"{what} {text!r} is not a number")) from None
    if not math.isfinite(x) or isinstance(text, bool):
        raise UsageError(error_message(where=where, value=item, rule=f"{what} must be finite"))
    return x


def parse_costs(costs: str | Mapping[str, Any] | None, levers: Sequence[str]
                ) -> dict[str, float]:
    """Cost weight per lever (default 1): ``"A=1,B=0"`` or a mapping; weights finite, >= 0."""
    out = {name: 1.0 for name in levers}
    seen: set[str] = set()
    for name, val, item in _items(costs, "--costs"):
        canon = _canonical(name, "--costs", item)
        if canon not in out:
            raise UsageError(error_message(where="--costs", value=item,
                                           rule=f"names {canon}, which is not in --levers"))
        if canon in seen:
            raise UsageError(error_message(where="--costs", value=item,
                                           rule=f"gives {canon} a second weight"))
        seen.add(canon)
        w = _number(val, "--costs", item, "weight")
        if w < 0:
            raise UsageError(error_message(where="--costs", value=item,
                                           rule="weight must be >= 0 (a cost per VND)"))
        out[canon] = w
    if not any(w > 0 for w in out.values()):
        raise UsageError(error_message(where="--costs", value=costs if isinstance(costs, str)
                                       else dict(costs or {}),
                                       rule="needs at least one positive weight"))
    return out


def parse_bounds(bounds: str | Mapping[str, Any] | None, levers: Mapping[str, LeverSpec]
                 ) -> dict[str, tuple[float, float]]:
    """User bounds ``"A=LO:HI"`` (either side may be empty: the hard limit) within the hard limits.

    A mapping may give ``(lo, hi)`` pairs (``None`` = the hard limit) or ``"LO:HI"`` strings.
    Returns only the levers the user bounded.
    """
    out: dict[str, tuple[float, float]] = {}
    for name, val, item in _items(bounds, "--bounds"):
        canon = _canonical(name, "--bounds", item)
        if canon not in levers:
            raise UsageError(error_message(where="--bounds", value=item,
                                           rule=f"names {canon}, which is not in --levers"))
        if canon in out:
            raise UsageError(error_message(where="--bounds", value=item,
                                           rule=f"bounds {canon} twice"))
        if isinstance(val, str):
            if ":" not in val:
                raise UsageError(error_message(where="--bounds", value=item,
                                               rule="must be NAME=LO:HI (e.g. fdi_digital=0:5; "
                                                    "an empty side keeps the hard limit)"))
            a, _, b = val.partition(":")
            pair = (a.strip() or None, b.strip() or None)
        else:
            pair = tuple(val) if isinstance(val, (tuple, list)) else (None, None)
            if len(pair) != 2:
                raise UsageError(error_message(where="--bounds", value=item,
                                               rule="must be a (low, high) pair"))
        lv = levers[canon]
        lo = lv.low if pair[0] is None else _number(pair[0], "--bounds", item, "lower bound")
        hi = lv.high if pair[1] is None else _number(pair[1], "--bounds", item, "upper bound")
        if lo < lv.low or hi > lv.high:
            raise UsageError(error_message(
                where="--bounds", value=item,
                rule=f"must lie within the hard limits {lv.low:g}:{lv.high:g} {lv.unit} of "
                     f"{canon} (parameters.yaml)"))
        if lo > hi:
            raise UsageError(error_message(where="--bounds", value=item,
                                           rule="lower bound must not exceed the upper bound"))
        out[canon] = (float(lo), float(hi))
    return out


# ------------------------------------------------------------------------------------------
# The result
# ------------------------------------------------------------------------------------------
@dataclass
class LeastCostResult:
    """Answer to "what is the cheapest lever mix with P(share >= target) >= p?".

    Money is nominal, per year, every year of ``policy_years``.

    Attributes
    ----------
    status : {"solved", "too_fast", "unreachable", "already_reached"}
        ``unreachable``: even every lever at its upper bound gives ``best_probability < p``
        (``levels`` are the upper bounds); ``already_reached``: the lower bounds suffice;
        ``too_fast``: the mix reaches the target but its central path raises the share by
        more than ``pace_limit`` in some year (see ``credible_levels``).
    levers, units : tuple of str
        Lever names and their units (``vnd_bn``, ``usd_bn``).
    levels : tuple of float
        Constant annual level of each lever (lever unit).
    levels_vnd_bn : tuple of float
        The same in VND bn (``vnd_bn_per_unit``: the scenario's exchange rate for USD levers).
    weights : tuple of float
        Cost weight per VND of each lever.
    costs : tuple of float
        ``weight x level_vnd_bn`` per lever; ``total_cost`` their sum (weighted VND bn/yr),
        ``cost_shares`` their shares of it; ``total_vnd_bn`` the unweighted sum.
    bounds : tuple of (float, float)
        Bounds used; ``bound_sources`` says ``"hard limit"`` or ``"user"`` per lever.
    binding : tuple of str
        ``"lower"``, ``"upper"`` or ``""`` per lever (at a bound within 1e-6 of its range).
    achieved_probability : float
        Estimated P(share >= target in year) at ``levels`` (>= ``probability`` when solved).
    deterministic_share : float
        Central-projection share in the target year at the mix.
    baseline_share, baseline_probability : float
        Central share and probability of the scenario as given.
    best_probability : float
        Probability with every lever at its upper bound (the most reachable).
    marginal_cost_per_pp : float or None
        ``total_cost(target + 0.01) - total_cost(target)``: weighted VND bn per year for one more
        percentage point of share (re-solved); ``None`` if ``target + 0.01`` is out of reach.
    marginal_levels : tuple of float or None
        The mix at ``target + 0.01``.
    multiplier_per_pp : float or None
        Local check: KKT multiplier of the quantile constraint x 0.01 (see module docstring).
    single_lever_costs : dict
        Weighted cost of reaching the target with each lever alone (the others at their lower
        bounds); ``None`` where one lever cannot.
    max_annual_rise, pace_limit : float
        Largest one-year rise of the central share at the mix, and ``share_pace_limit``.
    credible_levels, credible_share, credible_probability
        The largest scaling of the mix (from the lower bounds) whose central path respects the
        pace limit, its central share and probability (equal to the solution when credible).
    quantile_rank : (int, int)
        ``(r, n)``: the constraint holds when at least ``r`` of ``n`` draws reach the target.
    """

    scenario: str
    boundary: str
    basis: str
    target: float
    year: int
    probability: float
    draws: int
    seed: int
    status: str
    levers: tuple[str, ...]
    units: tuple[str, ...]
    levels: tuple[float, ...]
    levels_vnd_bn: tuple[float, ...]
    weights: tuple[float, ...]
    costs: tuple[float, ...]
    total_cost: float
    total_vnd_bn: float
    cost_shares: tuple[float, ...]
    bounds: tuple[tuple[float, float], ...]
    bound_sources: tuple[str, ...]
    binding: tuple[str, ...]
    achieved_probability: float
    deterministic_share: float
    baseline_share: float
    baseline_probability: float
    best_probability: float
    policy_years: tuple[int, int]
    pct_of_grdp: float = float("nan")
    marginal_cost_per_pp: float | None = None
    marginal_levels: tuple[float, ...] | None = None
    multiplier_per_pp: float | None = None
    single_lever_costs: dict[str, float | None] = field(default_factory=dict)
    max_annual_rise: float = float("nan")
    pace_limit: float = float("nan")
    credible_levels: tuple[float, ...] = ()
    credible_share: float = float("nan")
    credible_probability: float = float("nan")
    quantile_rank: tuple[int, int] = (0, 0)
    latest_actual: tuple[float | None, ...] = ()
    evaluations: int = 0
    solver: str = ""
    calibration: Mapping[str, Any] = field(default_factory=dict)
    overrides: Mapping[str, Any] = field(default_factory=dict)
    scenario_path: str | None = None
    notes: list[str] = field(default_factory=list)

    method = "least_cost"

    @property
    def reachable(self) -> bool:
        return self.status in ("solved", "already_reached")

    @property
    def probabilistic(self) -> bool:
        return True

    @property
    def lever(self) -> str:
        """The levers joined by ``+`` (the name :func:`write_scenario` messages use)."""
        return "+".join(self.levers)

    def _criterion(self) -> str:
        return (f"P(share >= {self.target:.2%} in {self.year}) >= {self.probability:g} "
                f"({self.draws:,} draws, seed {self.seed})")

    def _mix(self, levels: Sequence[float]) -> str:
        return ", ".join(f"{n} {_level(v, u)} {u}" for n, v, u in zip(self.levers, levels,
                                                                      self.units))

    def summary(self) -> str:
        """Readable multi-line summary (boundary, basis, draws and seed always stated)."""
        s0, s1 = self.policy_years
        lines = [f"Least-cost mix of {', '.join(self.levers)} for {self._criterion()} - "
                 f"scenario {self.scenario}, boundary {self.boundary}, basis {self.basis}; "
                 f"levels constant every year {s0}-{s1}; cost = "
                 + " + ".join(f"{w:g} x {n}" for n, w in zip(self.levers, self.weights))
                 + " in VND bn/yr."]
        if self.status == "unreachable":
            lines.append(f"NOT REACHABLE within the bounds: even every lever at its upper bound "
                         f"({self._mix(self.levels)}/yr) gives P = {self.best_probability:.3f} "
                         f"< {self.probability:g} (central share {self.deterministic_share:.2%}; "
                         f"scenario as given: P = {self.baseline_probability:.3f}).")
            return "\n".join(lines + [f"note: {n}" for n in self.notes])
        if self.status == "too_fast":
            lines.append(f"TOO FAST: the least-cost mix ({self._mix(self.levels)}/yr, total "
                         f"{self.total_cost:,.0f} VND bn/yr) would reach the target, but its "
                         f"central share would rise {self.max_annual_rise * 100:.2f} pp in one "
                         f"year, above the credible {self.pace_limit * 100:.2f} pp a year. At "
                         f"that pace the most reachable is {self.credible_share:.2%} central, "
                         f"P = {self.credible_probability:.3f} "
                         f"({self._mix(self.credible_levels)}/yr). The mix it would need:")
        if self.status == "already_reached":
            lines.append("The target is reached with every lever at its lower bound.")
        lines.append(self._text_table())
        lines.append(f"Total {self.total_cost:,.0f} VND bn/yr (weighted; unweighted "
                     f"{self.total_vnd_bn:,.0f} VND bn/yr = {self.pct_of_grdp:.2%} of GRDP). "
                     f"Estimated P = {self.achieved_probability:.3f} (requested "
                     f"{self.probability:g}: at least {self.quantile_rank[0]:,} of "
                     f"{self.quantile_rank[1]:,} draws); central-projection share "
                     f"{self.deterministic_share:.2%} in {self.year} (scenario as given: "
                     f"{self.baseline_share:.2%}, P = {self.baseline_probability:.3f}).")
        bind = [f"{n} at its {b} bound" for n, b in zip(self.levers, self.binding) if b]
        lines.append("Binding bounds: " + (", ".join(bind) if bind else "none") + ".")
        if self.status == "already_reached":
            pass
        elif self.marginal_cost_per_pp is None:
            lines.append(f"Marginal cost of one more point: not reachable ({self.target + 0.01:.2%}"
                         " is out of reach within the bounds).")
        else:
            local = (f"; local KKT multiplier {self.multiplier_per_pp:,.0f}"
                     if self.multiplier_per_pp is not None else "")
            lines.append(f"Marginal cost of one more percentage point (re-solved at "
                         f"{self.target + 0.01:.2%}): {self.marginal_cost_per_pp:,.0f} VND bn/yr"
                         f"{local}.")
        alone = [f"{n} {c:,.0f}" if c is not None else f"{n} unreachable"
                 for n, c in self.single_lever_costs.items()]
        if alone:
            lines.append("Each lever alone (others at their lower bounds): " + ", ".join(alone)
                         + " VND bn/yr.")
        return "\n".join(lines + [f"note: {n}" for n in self.notes])

    def _text_table(self) -> str:
        heads = ["lever", "level/yr", "VND bn/yr", "weight", "share of cost", "bounds",
                 "binding"]
        rows = [[n, f"{_level(v, u)} {u}", f"{vb:,.0f}", f"{w:g}", f"{sh:.1%}",
                 f"{lo:,.6g}-{hi:,.6g} ({src})", b or "-"]
                for n, v, u, vb, w, sh, (lo, hi), src, b in zip(
                    self.levers, self.levels, self.units, self.levels_vnd_bn, self.weights,
                    self.cost_shares, self.bounds, self.bound_sources, self.binding)]
        widths = [max(len(h), *(len(r[i]) for r in rows)) for i, h in enumerate(heads)]
        out = ["  ".join(h.ljust(wd) for h, wd in zip(heads, widths))]
        out += ["  ".join(c.ljust(wd) for c, wd in zip(r, widths)) for r in rows]
        return "\n".join(x.rstrip() for x in out)

    def table(self):
        """One row per lever: level, VND bn, weight, cost, share of the cost, bounds, binding."""
        import pandas as pd

        rows = []
        for i, name in enumerate(self.levers):
            lo, hi = self.bounds[i]
            latest = self.latest_actual[i] if self.latest_actual else None
            rows.append({
                "lever": name, "unit": self.units[i], "level": self.levels[i],
                "level_vnd_bn": self.levels_vnd_bn[i], "weight": self.weights[i],
                "cost_vnd_bn": self.costs[i], "cost_share": self.cost_shares[i],
                "low": lo, "high": hi, "bounds": self.bound_sources[i],
                "binding": self.binding[i],
                "ratio_to_latest": (self.levels[i] / latest) if latest else math.nan,
            })
        return pd.DataFrame(rows)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready dict of every field (per-lever rows under ``"mix"``)."""
        d = {k: getattr(self, k) for k in (
            "method", "scenario", "boundary", "basis", "target", "year", "probability",
            "draws", "seed", "status", "total_cost", "total_vnd_bn", "pct_of_grdp",
            "achieved_probability", "deterministic_share", "baseline_share",
            "baseline_probability", "best_probability", "marginal_cost_per_pp",
            "multiplier_per_pp", "max_annual_rise", "pace_limit", "credible_share",
            "credible_probability", "evaluations", "solver")}
        d["levers"] = list(self.levers)
        d["mix"] = self.table().to_dict(orient="records")
        d["marginal_levels"] = list(self.marginal_levels) if self.marginal_levels else None
        d["credible_levels"] = list(self.credible_levels)
        d["single_lever_costs"] = dict(self.single_lever_costs)
        d["policy_years"] = list(self.policy_years)
        d["quantile_rank"] = list(self.quantile_rank)
        d["calibration"] = dict(self.calibration)
        d["notes"] = list(self.notes)
        return json_ready(d)

    # -- the scenario file (used by hpresearch.model.goalseek.write_scenario) -------------
    def scenario_document(self, base: Any, out_path: Path) -> dict:
        """The YAML mapping :func:`hpresearch.model.goalseek.write_scenario` writes: the base
        scenario with every lever held at its solved level from the first policy year."""
        from hpresearch.model.scenario import merge_params
        from hpresearch.paths import scenarios_dir

        start, stop = self.policy_years
        params: dict[str, Any] = {}
        for k, v in self.overrides.items():
            params[k] = dict(v) if isinstance(v, Mapping) else v
        for name, level in zip(self.levers, self.levels):
            pts = {start: float(level), stop: float(level)}
            params[name] = ({**params[name], **pts} if isinstance(params.get(name), Mapping)
                            else pts)
        if len(base.chain) > 0 and "+" not in base.name:
            if base.path is not None and base.path.resolve().parent != scenarios_dir().resolve():
                modifies = os.path.relpath(base.path.resolve(), Path(out_path).resolve().parent)
            else:
                modifies = base.name
            composed = params
        else:  # a+b composition: inline the composed parameters
            modifies = None
            composed = merge_params(dict(base.params), params)
        refs = [{"title": "least-cost goal-seek output of hpresearch (scipy.optimize SLSQP "
                          "and brentq)", "url": "docs/evidence.md#least-cost-mix"}]
        refs += [{"title": f"reference of {base.name}", "url": u} for u in base.references() if u]
        mix = ", ".join(f"{n} = {v!r} {u}" for n, v, u in zip(self.levers, self.levels,
                                                              self.units))
        return {
            "meta": {
                "title": f"Least-cost mix: {', '.join(self.levers)} for {self.target:.2%} in "
                         f"{self.year} with P >= {self.probability:g} ({base.name}, "
                         f"{self.boundary}, {self.basis})",
                "description": (f"Scenario {base.name} with {mix} every year {start}-{stop}: the "
                                f"least-cost mix (weights {list(self.weights)}) for which the "
                                f"Monte Carlo probability of a digital-economy share >= "
                                f"{self.target:.4f} in {self.year} is at least "
                                f"{self.probability:g} (estimated "
                                f"{self.achieved_probability:.4f}, {self.draws} draws, seed "
                                f"{self.seed}) on boundary {self.boundary}, basis {self.basis} "
                                f"(status: {self.status})."),
                **_meta_vi(self, base),
                "author": "hpresearch goal-seek --levers",
                "reference": refs,
                "modifies": modifies,
            },
            "params": composed,
        }


def _level(value: float, unit: str) -> str:
    """A lever level for text: whole VND bn, USD bn to three decimals."""
    return f"{value:,.3f}" if unit == "usd_bn" else f"{value:,.0f}"


def _meta_vi(result: LeastCostResult, base: Any) -> dict[str, str]:
    """Vietnamese title and description of the written scenario (same numbers)."""
    from hpresearch.i18n import format_exact, format_number
    from hpresearch.model.registry import param_text

    start, stop = result.policy_years
    pct = format_number(100 * float(result.target), "vi", 2, grouping=False) + "%"
    frac = format_number(float(result.target), "vi", 4, grouping=False)
    mix = "; ".join(f"{param_text(n, 'title', 'vi')} ({n}) = {format_exact(float(v), 'vi')} "
                    f"{param_text(n, 'unit', 'vi')}" for n, v in zip(result.levers,
                                                                     result.levels))
    return {
        "title_vi": (f"Tổ hợp chi phí thấp nhất: {', '.join(result.levers)} để đạt {pct} năm "
                     f"{result.year} với xác suất ít nhất "
                     f"{format_exact(float(result.probability), 'vi')} ({base.name}, "
                     f"{result.boundary}, {result.basis})"),
        "description_vi": (f"Kịch bản {base.name} ({base.text('title', 'vi')}) với {mix} trong "
                           f"mọi năm của giai đoạn {start}-{stop}: tổ hợp đòn bẩy có tổng chi "
                           f"phí thấp nhất sao cho xác suất Monte Carlo để tỷ trọng kinh tế số "
                           f">= {frac} vào năm {result.year} đạt ít nhất "
                           f"{format_exact(float(result.probability), 'vi')}, trên phạm vi "
                           f"{result.boundary}, cơ sở số liệu {result.basis} (trạng thái: "
                           f"{result.status})."),
    }


# ------------------------------------------------------------------------------------------
# The Monte Carlo problem on fixed draws
# ------------------------------------------------------------------------------------------
class _Problem:
    """The target-year share on fixed draws as a function of the lever levels."""

    def __init__(self, spec: ModelSpec, levers: Sequence[LeverSpec], draws: Draws,
                 t_idx: int, probability: float):
        self.spec, self.levers, self.t_idx = spec, list(levers), t_idx
        self.params = draw_params(spec, draws)
        self.n = draws.n
        self.T = len(spec.years)
        # P_n >= p  <=>  at least r draws reach the target  <=>  r-th largest share >= target
        self.r = max(1, math.ceil(probability * self.n - 1e-9))
        self.k = self.n - self.r                       # its 0-based rank in ascending order
        self.half = max(5, math.ceil(KERNEL_FRACTION * self.n))
        self.evaluations = 0
        self._cache: dict[bytes, np.ndarray] = {}

    def _apply(self, params: dict[str, Any], L: np.ndarray) -> dict[str, Any]:
        p = dict(params)
        for lv, x in zip(self.levers, L):
            p = lv.apply(p, float(x))
        return p

    def shares(self, L: np.ndarray) -> np.ndarray:
        """Per-draw target-year share ``(n,)`` at levels ``L`` (cached)."""
        L = np.asarray(L, dtype=float)
        key = L.tobytes()
        hit = self._cache.get(key)
        if hit is None:
            out = self.spec.run(self._apply(self.params, L))[self.spec.share_key]
            hit = np.array(np.broadcast_to(np.asarray(out, dtype=float),
                                           (self.n, self.T))[:, self.t_idx])
            self.evaluations += 1
            if len(self._cache) > 256:
                self._cache.clear()
            self._cache[key] = hit
        return hit

    def quantile(self, L: np.ndarray) -> float:
        """The r-th largest share: ``>= target`` exactly when ``P_n(share >= target) >= p``."""
        return float(np.partition(self.shares(L), self.k)[self.k])

    def prob(self, L: np.ndarray, target: float) -> float:
        return float(np.mean(self.shares(L) >= target))

    def _near(self, L: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Draws at the ranks ``k - half .. k + half`` at ``L`` and their kernel weights."""
        s = self.shares(L)
        a, b = max(0, self.k - self.half), min(self.n - 1, self.k + self.half)
        order = np.argsort(s, kind="stable")[a:b + 1]
        w = 1.0 - np.abs(np.arange(a, b + 1) - self.k) / (self.half + 1.0)  # triangular
        return order, w / w.sum()

    def smooth_quantile(self, L: np.ndarray) -> float:
        """Kernel-weighted average of the order statistics around rank ``k`` (an L-estimator
        of the same quantile whose gradient is :meth:`gradient`)."""
        near, w = self._near(L)
        return float(np.dot(w, self.shares(L)[near]))

    def gradient(self, L: np.ndarray, steps: np.ndarray, hi: np.ndarray,
                 free: np.ndarray) -> np.ndarray:
        """Kernel estimate of ``dq/dL``: per-draw forward differences of the draws near rank
        ``k``, weighted as in :meth:`smooth_quantile` (Liu & Hong 2009)."""
        s = self.shares(L)
        near, w = self._near(L)
        g = np.zeros(len(L))
        for j in np.flatnonzero(free):
            h = steps[j] if L[j] + steps[j] <= hi[j] else -steps[j]
            x = L.copy()
            x[j] += h
            g[j] = float(np.dot(w, (self.shares(x)[near] - s[near]) / h))
        return g

    def central(self, L: np.ndarray) -> np.ndarray:
        """Central-projection share path ``(T,)`` at levels ``L``."""
        out = self.spec.run(self._apply(dict(self.spec.base_params), L))[self.spec.share_key]
        return np.asarray(out, dtype=float).reshape(-1, self.T)[0]


@dataclass
class _Point:
    L: np.ndarray
    cost: float          # optimiser cost (tie-broken)
    origin: str


class _Solver:
    def __init__(self, prob: _Problem, lo: np.ndarray, hi: np.ndarray, ceff: np.ndarray,
                 zero: np.ndarray | None = None):
        self.prob, self.lo, self.hi, self.ceff = prob, lo, hi, ceff
        self.free = hi > lo
        #: zero-weight levers (they cost only the tie-break): anchors also start them at hi
        self.zero = (np.zeros(len(lo), dtype=bool) if zero is None
                     else np.asarray(zero, dtype=bool)) & self.free
        self.multiplier: float | None = None

    def cost(self, L: np.ndarray) -> float:
        return float(np.dot(self.ceff, L))

    def ray(self, target: float, origin: np.ndarray, point: np.ndarray) -> np.ndarray | None:
        """Smallest ``t`` in [0, 1] with ``q(origin + t (point - origin)) >= target`` (upper
        side of the jump), as levels; ``None`` when even ``point`` falls short."""
        q = self.prob.quantile

        def at(t: float) -> np.ndarray:
            return np.clip(origin + t * (point - origin), self.lo, self.hi)

        if q(at(0.0)) >= target:
            return at(0.0)
        if q(at(1.0)) < target:
            return None
        t = brentq(lambda t: q(at(t)) - target, 0.0, 1.0, xtol=SCALE_XTOL,
                   maxiter=200)
        step = SCALE_XTOL
        while q(at(t)) < target and t < 1.0:  # move to the upper side of the jump
            t = min(1.0, t + step)
            step *= 2.0
        return at(t)

    def anchors(self, target: float) -> tuple[list[_Point], dict[int, np.ndarray | None]]:
        pts, alone = [], {}
        for j in np.flatnonzero(self.free):
            end = self.lo.copy()
            end[j] = self.hi[j]
            L = self.ray(target, self.lo, end)
            alone[int(j)] = L
            if L is not None:
                pts.append(_Point(L, self.cost(L), f"alone:{j}"))
        L = self.ray(target, self.lo, self.hi)
        if L is not None:
            pts.append(_Point(L, self.cost(L), "diagonal"))
        if self.zero.any():
            # the zero-weight levers at their upper bounds first, then each paid lever alone
            # on top (the diagonal raises them only in step with the dearest lever's range)
            base = np.where(self.zero, self.hi, self.lo)
            if self.zero.sum() > 1:  # one zero-weight lever: its "alone" anchor is this ray
                L = self.ray(target, self.lo, base)
                if L is not None:
                    pts.append(_Point(L, self.cost(L), "zero-weight"))
            for j in np.flatnonzero(self.free & ~self.zero):
                end = base.copy()
                end[j] = self.hi[j]
                L = self.ray(target, base, end)
                if L is not None:
                    pts.append(_Point(L, self.cost(L), f"zero-weight+{j}"))
        return pts, alone

    def slsqp(self, target: float, start: np.ndarray, c_ref: float) -> np.ndarray | None:
        """SLSQP in cost-scaled variables from ``start``; the point polished onto the boundary."""
        free = np.flatnonzero(self.free)
        scale = c_ref / self.ceff[free]                  # levels per unit of y
        lo, hi = self.lo, self.hi
        steps = np.zeros(len(lo))
        steps[free] = GRADIENT_STEP * scale

        def levels(y: np.ndarray) -> np.ndarray:
            L = lo.copy()
            L[free] = np.clip(lo[free] + y * scale, lo[free], hi[free])
            return L

        def g(y: np.ndarray) -> float:
            return (self.prob.smooth_quantile(levels(y)) - target) * 100.0

        def g_jac(y: np.ndarray) -> np.ndarray:
            grad = self.prob.gradient(levels(y), steps, hi, self.free)
            return grad[free] * scale * 100.0

        y0 = (start[free] - lo[free]) / scale
        ub = (hi[free] - lo[free]) / scale
        res = minimize(lambda y: float(np.sum(y)), y0, jac=lambda y: np.ones_like(y),
                       method="SLSQP", bounds=list(zip(np.zeros(len(free)), ub)),
                       constraints=[{"type": "ineq", "fun": g, "jac": g_jac}],
                       options={"ftol": SLSQP_FTOL, "maxiter": SLSQP_MAXITER})
        y = np.asarray(res.x, dtype=float)
        y[y <= 1e-9 * max(float(np.sum(y)), 1e-300)] = 0.0  # at the lower bound
        y = np.where(y >= ub * (1.0 - 1e-9), ub, y)            # at the upper bound
        L = levels(y)
        mult = getattr(res, "multipliers", None)
        if mult is not None and len(np.atleast_1d(mult)):
            # d(cost)/d(target): multiplier of (q - target) * 100 scaled back to VND bn
            self.multiplier = float(np.atleast_1d(mult)[0]) * 100.0 * c_ref
        return self.polish(target, L)

    def ray_end(self, L: np.ndarray, origin: np.ndarray | None = None) -> np.ndarray:
        """End of the ray from ``origin`` (default the lower bounds) through ``L``: as far as
        the first lever still inside its bounds reaches its upper bound (levers already at it
        stay there, by the clipping in :meth:`ray`)."""
        origin = self.lo if origin is None else origin
        inside = (L - origin > 0) & (L < self.hi)
        if not inside.any():
            return L.copy()
        t_max = float(np.min((self.hi[inside] - origin[inside]) / (L[inside] - origin[inside])))
        return origin + t_max * (L - origin)

    def polish(self, target: float, L: np.ndarray) -> np.ndarray | None:
        """The point on the exact boundary ``q = target`` (upper side of the jump) nearest in
        direction to ``L``: the levers strictly inside their bounds are scaled by brentq with
        the others held at their bounds; failing that, the whole mix from the lower bounds."""
        inside = (L > self.lo) & (L < self.hi)
        if inside.any():
            origin = np.where(inside, self.lo, L)
            P = self.ray(target, origin, self.ray_end(L, origin))
            if P is not None:
                return P
        return self.ray(target, self.lo, self.ray_end(L))

    def solve(self, target: float, warm: Sequence[np.ndarray] = ()) -> tuple[_Point | None,
                                                                             dict]:
        """Cheapest exactly feasible point among anchors and polished SLSQP runs."""
        anchors, alone = self.anchors(target)
        cands = list(anchors)
        for L in warm:
            W = self.ray(target, self.lo, self.ray_end(L))
            if W is not None:
                cands.append(_Point(W, self.cost(W), "warm"))
        if not cands:
            return None, alone
        cands.sort(key=lambda p: p.cost)
        c_ref = max(cands[0].cost - self.cost(self.lo), 1e-12 * max(1.0, cands[0].cost))
        self.multiplier = None
        if self.free.any():  # one SLSQP run from the cheapest anchor
            L = self.slsqp(target, cands[0].L, c_ref)
            if L is not None:
                cands.append(_Point(L, self.cost(L), f"slsqp<{cands[0].origin}"))
                cands.sort(key=lambda p: p.cost)
        return cands[0], alone


def _binding(x: float, lo: float, hi: float) -> str:
    """``"fixed"``, ``"lower"``, ``"upper"`` or ``""``: which bound ``x`` sits at (1e-6 of
    the range)."""
    if hi == lo:
        return "fixed"
    tol = 1e-6 * (hi - lo)
    return "lower" if x - lo <= tol else "upper" if hi - x <= tol else ""


def _max_rise(path: np.ndarray) -> float:
    return float(np.max(np.diff(path))) if len(path) > 1 else 0.0


# ------------------------------------------------------------------------------------------
# Library functions
# ------------------------------------------------------------------------------------------
def least_cost_spec(spec: ModelSpec, levers: str | Sequence[str], probability: float,
                    target: float | None = None, year: int | None = None,
                    costs: str | Mapping[str, Any] | None = None,
                    bounds: str | Mapping[str, Any] | None = None,
                    draws: int = DRAWS, seed: int = SEED,
                    pace_limit: float | None = None) -> LeastCostResult:
    """Least-cost lever mix on a prepared :class:`~hpresearch.uncertainty.spec.ModelSpec`.

    Parameters
    ----------
    spec : ModelSpec
        The scenario bound to the engine (:func:`hpresearch.uncertainty.spec.build_spec`) or
        any model with the same interface (tests use a linear toy).
    levers : str or sequence of str
        ``"A,B,C"`` or names (aliases of :data:`~hpresearch.model.levers.LEVER_ALIASES`
        accepted); each must be in ``spec.levers``.
    probability : float
        Requested P(share >= target in year), 0 < p < 1.
    target : float, optional
        Share (fraction); default ``spec.meta["target_share"]``.
    year : int, optional
        Target year; default the last year of ``spec``.
    costs : str or mapping, optional
        Cost weight per VND of each lever (default 1); a zero weight needs a bound.
    bounds : str or mapping, optional
        ``"A=LO:HI"`` or ``{A: (lo, hi)}`` within the lever's hard limits.
    draws, seed : int
        Monte Carlo draws and seed (common random numbers, :class:`Draws`).
    pace_limit : float, optional
        ``share_pace_limit``; default ``spec.meta.get("share_pace_limit")`` (none: no limit).

    Returns
    -------
    LeastCostResult
        See the module docstring for the formulation and tolerances.
    """
    if isinstance(probability, bool) or not isinstance(probability, (int, float)) \
            or not 0.0 < float(probability) < 1.0:
        raise UsageError(f"--probability: value {probability!r} must be strictly between 0 and 1")
    if target is None:
        target = float(spec.meta.get("target_share", 0.40))
    if isinstance(target, bool) or not isinstance(target, (int, float)) or not 0 < target < 1:
        raise UsageError(error_message(where="--target", value=target,
                                       rule="must be a share strictly between 0 and 1 "
                                            "(0.40 for 40%)"))
    if isinstance(draws, bool) or not isinstance(draws, (int, np.integer)) \
            or not 1 <= draws <= MAX_DRAWS:
        raise UsageError(f"--draws: value {draws!r} must be an integer in 1..{MAX_DRAWS}")
    years = [int(y) for y in spec.years]
    year = years[-1] if year is None else int(year)
    if year not in years:
        raise UsageError(f"--year: value {year!r} outside the projection years "
                         f"{years[0]}-{years[-1]}")
    t_idx = years.index(year)
    names = parse_levers(levers)
    missing = [n for n in names if n not in spec.levers]
    if missing:
        raise UsageError(error_message(where="--levers", value=",".join(names),
                                       rule=f"names {missing[0]}, which this model does not "
                                            f"have (levers: {', '.join(spec.levers)})"))
    lvs = [spec.levers[n] for n in names]
    weights = parse_costs(costs, names)
    user = parse_bounds(bounds, {n: spec.levers[n] for n in names})
    for n in names:
        if weights[n] == 0 and n not in user:
            raise UsageError(error_message(
                where="--costs", value=f"{n}={weights[n]:g}",
                rule=f"a zero weight needs a bound on that lever (--bounds {n}=LO:HI): a free "
                     "lever would otherwise be pushed to its hard limit"))
    lo = np.array([user.get(n, (lv.low, lv.high))[0] for n, lv in zip(names, lvs)])
    hi = np.array([user.get(n, (lv.low, lv.high))[1] for n, lv in zip(names, lvs)])
    v = np.array([lv.vnd_bn_per_unit for lv in lvs], dtype=float)
    w = np.array([weights[n] for n in names], dtype=float)
    ceff = v * np.where(w > 0, w, TIE_BREAK * w.max())
    p = float(probability)
    limit = float(spec.meta.get("share_pace_limit", math.inf) if pace_limit is None
                  else pace_limit)

    d = Draws.make(spec, int(draws), int(seed))
    prob = _Problem(spec, lvs, d, t_idx, p)
    solver = _Solver(prob, lo, hi, ceff, zero=(w == 0))
    det_base = np.asarray(spec.run(dict(spec.base_params))[spec.share_key],
                          dtype=float).reshape(-1, len(years))[0]
    base_out = spec.run(dict(prob.params))[spec.share_key]
    base_s = np.broadcast_to(np.asarray(base_out, dtype=float), (d.n, len(years)))[:, t_idx]
    baseline_probability = float(np.mean(base_s >= target))
    best_probability = prob.prob(hi, target)
    notes: list[str] = []
    alone: dict[int, np.ndarray | None] = {}
    marginal = marginal_levels = None
    if prob.quantile(lo) >= target:
        status, L = "already_reached", lo.copy()
    elif prob.quantile(hi) < target:
        status, L = "unreachable", hi.copy()
    else:
        point, alone = solver.solve(target)
        assert point is not None  # q(hi) >= target: the diagonal anchor exists
        status, L = "solved", point.L
        multiplier = solver.multiplier
        if target + MARGINAL_STEP < 1.0 and prob.quantile(hi) >= target + MARGINAL_STEP:
            up, _ = solver.solve(target + MARGINAL_STEP, warm=[L])
            if up is not None and solver.cost(up.L) < solver.cost(L):
                # a dearer target solved cheaper: the first solve stopped short of the
                # optimum; its ray through the better mix is feasible and cheaper
                again, _ = solver.solve(target, warm=[up.L])
                if again is not None and again.cost < solver.cost(L):
                    L, multiplier = again.L, solver.multiplier
                    notes.append("re-solved from the mix for one more point, which was "
                                 "cheaper than the first solution")
                    up, _ = solver.solve(target + MARGINAL_STEP, warm=[L])
            if up is not None:
                marginal_levels = tuple(float(x) for x in up.L)
                marginal = float(np.dot(v * w, up.L) - np.dot(v * w, L))
        solver.multiplier = multiplier

    def describe(levels: np.ndarray) -> tuple[float, float]:
        path = prob.central(levels)
        return float(path[t_idx]), _max_rise(path[: t_idx + 1])

    det_share, rise = describe(L)
    credible, credible_share = L.copy(), det_share
    credible_p = prob.prob(L, target)
    if status in ("solved", "unreachable") and rise > limit + 1e-12:
        if describe(lo)[1] > limit:
            credible = lo.copy()
        else:
            t = brentq(lambda t: describe(lo + t * (L - lo))[1] - limit, 0.0, 1.0,
                       xtol=1e-9, rtol=1e-9, maxiter=200)
            credible = lo + t * (L - lo)
        credible_share = describe(credible)[0]
        credible_p = prob.prob(credible, target)
        if status == "solved":
            status = "too_fast"
    costs_v = v * w * L
    total = float(costs_v.sum())
    shares_c = costs_v / total if total > 0 else np.zeros(len(L))
    binding = tuple(_binding(x, a, b) for x, a, b in zip(L, lo, hi))
    mult_pp = None
    if status in ("solved", "too_fast") and solver.multiplier is not None and (w > 0).all():
        mult_pp = solver.multiplier * MARGINAL_STEP
    single = {}
    for j, Lj in alone.items():
        single[names[j]] = None if Lj is None else float(np.dot(v * w, Lj))
    from hpresearch.model.registry import load_registry

    reg = load_registry()
    for n, x in zip(names, L):
        plaus = reg[n].plausible[1] if n in reg else None
        if plaus is not None and status in ("solved", "too_fast") and x > plaus * (1 + 1e-9):
            notes.append(f"{n} {x:,.4g} exceeds its plausible maximum {plaus:,.6g} "
                         f"({reg[n].unit})")
    if any(wi == 0 for wi in w):
        notes.append("zero-weight levers cost nothing in the total; among mixes of equal "
                     f"weighted cost the solver picks the least money (tie-break {TIE_BREAK:g})")
    grdp = None
    if spec.grdp_key:
        out = spec.run(prob._apply(dict(spec.base_params), L))
        if spec.grdp_key in out:
            grdp = np.asarray(out[spec.grdp_key], dtype=float).reshape(-1, len(years))[0]
    start = int(spec.meta.get("lever_start_year", years[1] if len(years) > 1 else years[0]))
    pol = np.array([start <= y <= year for y in years])
    pct = (float(np.mean(np.dot(v, L) / grdp[pol])) if grdp is not None and pol.any()
           else math.nan)
    return LeastCostResult(
        scenario=str(spec.meta.get("scenario", "")), boundary=str(spec.meta.get("boundary", "")),
        basis=str(spec.meta.get("basis", "")), target=float(target), year=year, probability=p,
        draws=int(draws), seed=int(seed), status=status, levers=names,
        units=tuple(lv.unit for lv in lvs), levels=tuple(float(x) for x in L),
        levels_vnd_bn=tuple(float(x) for x in v * L), weights=tuple(float(x) for x in w),
        costs=tuple(float(x) for x in costs_v), total_cost=total,
        total_vnd_bn=float(np.dot(v, L)), cost_shares=tuple(float(x) for x in shares_c),
        bounds=tuple((float(a), float(b)) for a, b in zip(lo, hi)),
        bound_sources=tuple("user" if n in user else "hard limit" for n in names),
        binding=binding, achieved_probability=prob.prob(L, target),
        deterministic_share=det_share, baseline_share=float(det_base[t_idx]),
        baseline_probability=baseline_probability, best_probability=best_probability,
        policy_years=(start, year), pct_of_grdp=pct, marginal_cost_per_pp=marginal,
        marginal_levels=marginal_levels, multiplier_per_pp=mult_pp, single_lever_costs=single,
        max_annual_rise=rise, pace_limit=limit,
        credible_levels=tuple(float(x) for x in credible), credible_share=credible_share,
        credible_probability=credible_p, quantile_rank=(prob.r, prob.n),
        latest_actual=tuple(lv.latest_actual for lv in lvs), evaluations=prob.evaluations,
        solver=(f"SLSQP (ftol {SLSQP_FTOL:g}) on the {prob.r}-th largest of {prob.n} shares, "
                f"polished by brentq (xtol {SCALE_XTOL:g} of the scale); anchors: each lever "
                "alone and the diagonal"),
        notes=notes,
    )


def least_cost(scenario: Any = "trend", levers: str | Sequence[str] = (
        "core_domestic_investment_vnd_bn", "fdi_digital_usd_bn", "dx_spending_vnd_bn"),
        probability: float = 0.8, target: float | None = None, year: int = 2030,
        costs: str | Mapping[str, Any] | None = None,
        bounds: str | Mapping[str, Any] | None = None, boundary: str = DEFAULT_BOUNDARY,
        basis: str = "gso", overrides: Any = None, draws: int = DRAWS,
        seed: int = SEED) -> LeastCostResult:
    """Cheapest constant annual lever mix with P(share >= target in ``year``) >= ``probability``.

    Parameters
    ----------
    scenario : str, Path or Scenario
    levers : str or sequence of str
        Levers to combine (``"core_domestic_investment,fdi_digital,dx_spending"``); levers
        not listed keep the scenario's path.
    probability : float
        Requested probability, 0 < p < 1.
    target : float, optional
        Share as a fraction; default the scenario's ``target_share`` - the boundary's official
        target (as :func:`hpresearch.model.goal_seek` with ``target=None``).
    year : int
        Target year (the Monte Carlo runs to it).
    costs : str or mapping, optional
        Cost weight per VND of each lever (default 1 each: all money counts, FDI converted at
        the scenario's exchange rate); e.g. public money only:
        ``"core_domestic_investment=1,fdi_digital=0,dx_spending=1"`` (a zero weight needs a
        bound).
    bounds : str or mapping, optional
        Narrower bounds than the registry's hard limits, ``"fdi_digital=0:5"``.
    boundary, basis, overrides
        As in :func:`hpresearch.model.projection.project`.
    draws, seed : int
        Monte Carlo draws and seed (common random numbers).

    Returns
    -------
    LeastCostResult

    References
    ----------
    Nocedal, J. & Wright, S. J. (2006). *Numerical Optimization*, 2nd ed., ch. 12 and 18.
    Hong, L. J. (2009). Estimating quantile sensitivities. *Operations Research* 57(1).
    """
    from hpresearch.calibration.base import calibrate
    from hpresearch.model.engine import resolve_params
    from hpresearch.model.projection import check_horizon, normalise_overrides
    from hpresearch.model.scenario import load_scenario
    from hpresearch.uncertainty.spec import build_spec

    names = parse_levers(levers)  # argument errors before any work
    sc = load_scenario(scenario)
    cal = calibrate(boundary, basis)
    year = check_horizon(year, cal)
    ov = normalise_overrides(overrides)
    params = resolve_params(sc.params, cal, year, ov)
    start = max(int(params["first_policy_year"]), cal.year + 1)
    if start > year:
        raise ScenarioError(error_message(
            where="--year", value=year,
            rule=f"is before the first policy year {start} (first_policy_year)"))
    spec = build_spec(sc, boundary=cal.boundary, basis=cal.basis, horizon=year, overrides=ov)
    res = least_cost_spec(spec, names, probability, target=target, year=year, costs=costs,
                          bounds=bounds, draws=draws, seed=seed,
                          pace_limit=float(params["share_pace_limit"]))
    res.scenario = sc.name
    res.calibration = cal.summary()
    res.overrides = ov
    res.scenario_path = str(sc.path) if sc.path else None
    return res
