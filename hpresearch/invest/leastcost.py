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
   smallest scale with ``q >= target`` and the point is moved to the upper side of the jump
   (:func:`~hpresearch.uncertainty.montecarlo.upper_side`, the step
   :func:`~hpresearch.uncertainty.montecarlo.solve_probability` takes for one lever), so
   that ``P_n >= p`` holds exactly.
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

The pace limit and the status are those of every goal-seek
(:func:`hpresearch.invest.investment.pace_check`): when the central projection at the mix raises
the share by more than ``share_pace_limit`` in some year, the status is ``too_fast`` and the
credible mix is the largest scaling of the solved mix (from the lower bounds) whose central
path respects the limit. The result is a :class:`~hpresearch.invest.investment.GoalSeekResult`
with ``method="least_cost"``; :func:`hpresearch.invest.goalseek.solve` (and its wrapper
:func:`~hpresearch.invest.goalseek.least_cost`) binds a scenario and calls
:func:`least_cost_spec`.

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
from dataclasses import dataclass
from typing import Any, Callable, Iterator, Mapping, Sequence

import numpy as np
from scipy.optimize import brentq, minimize

from hpresearch import argspec
from hpresearch.defaults import DRAWS, SEED
from hpresearch.errors import UsageError, error_message
from hpresearch.invest.investment import (GoalSeekResult, binding,
                                         max_rise, pace_check)
from hpresearch.parameters.levers import lever_name
from hpresearch.uncertainty.montecarlo import Draws, _year_index, draw_params, upper_side
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
# Arguments: levers, costs, bounds (the command line's text is split in hpresearch.cli.lever_args)
# ------------------------------------------------------------------------------------------
def _refuse(where: str, value: Any, rule: str) -> UsageError:
    """The one-line error on the argument ``where`` (the command line shows its flag)."""
    return UsageError(error_message(where=where, value=value, rule=rule), argument=where)


def check_levers(levers: str | Sequence[str]) -> tuple[str, ...]:
    """Canonical lever names (aliases accepted, each lever once); a string is one lever."""
    raw = [levers] if isinstance(levers, str) else list(levers)
    text = ",".join(map(str, raw))
    if not raw:
        raise _refuse(where="levers", value=text,
                      rule="must name at least one lever")
    out = [lever_name(str(r).strip(), "levers", text) for r in raw]
    dup = sorted({x for x in out if out.count(x) > 1})
    if dup:
        raise _refuse(where="levers", value=text,
                      rule=f"names {dup[0]} twice (each lever once)")
    return tuple(out)


def _pairs(spec: Mapping[str, Any] | Sequence[tuple[str, Any]] | None
           ) -> list[tuple[str, Any]]:
    """``[(name, value)]`` from a mapping or a sequence of pairs (which keeps repeats)."""
    if spec is None:
        return []
    return [(str(k), v) for k, v in (spec.items() if isinstance(spec, Mapping) else spec)]


def _number(text: Any, where: str, item: str, what: str) -> float:
    try:
        x = float(text)
    except (TypeError, ValueError):
        raise _refuse(where=where, value=item,
                      rule=f"{what} {text!r} is not a number") from None
    if not math.isfinite(x) or isinstance(text, bool):
        raise _refuse(where=where, value=item, rule=f"{what} must be finite")
    return x


def _lever_items(pairs: Any, where: str, levers: Any, item_text: Callable[[str, Any], str],
                 twice: str) -> Iterator[tuple[str, Any, str]]:
    """``(lever, value, item)`` of each user pair: the lever name resolved, among ``levers``
    and named once (``twice`` is the rule of a repeat, with ``{lever}``)."""
    seen: set[str] = set()
    for name, val in _pairs(pairs):
        item = item_text(name, val)
        canon = lever_name(name.strip(), where, item)
        if canon not in levers:
            raise _refuse(where=where, value=item,
                          rule=f"names {canon}, which is not among the levers")
        if canon in seen:
            raise _refuse(where=where, value=item, rule=twice.format(lever=canon))
        seen.add(canon)
        yield canon, val, item


def check_costs(costs: Mapping[str, Any] | Sequence[tuple[str, Any]] | None,
                levers: Sequence[str]) -> dict[str, float]:
    """Cost weight per lever (default 1) from ``{lever: weight}`` or ``[(lever, weight)]``;
    weights finite and >= 0, at least one positive, each lever once."""
    out = {name: 1.0 for name in levers}
    for canon, val, item in _lever_items(costs, "costs", out, lambda n, v: f"{n}={v}",
                                         "gives {lever} a second weight"):
        w = _number(val, "costs", item, "weight")
        weight = argspec.spec("cost_weight")
        if not weight.low <= w <= weight.high:
            raise _refuse(where="costs", value=item, rule=f"weight {weight.describe()}")
        out[canon] = w
    if not any(w > 0 for w in out.values()):
        raise _refuse(where="costs", value=dict(_pairs(costs)),
                      rule="needs at least one positive weight")
    return out


def _pair(val: Any) -> tuple:
    return tuple(val) if isinstance(val, (tuple, list)) else (val,)


def check_bounds(bounds: Mapping[str, Any] | Sequence[tuple[str, Any]] | None,
                 levers: Mapping[str, LeverSpec]) -> dict[str, tuple[float, float]]:
    """User bounds ``{lever: (lo, hi)}`` (``None`` = the hard limit) within the hard limits.

    Returns only the levers the user bounded.
    """
    out: dict[str, tuple[float, float]] = {}

    def item_text(name: str, val: Any) -> str:
        return f"{name}=" + ":".join("" if x is None else str(x) for x in _pair(val))

    for canon, val, item in _lever_items(bounds, "bounds", levers, item_text,
                                         "bounds {lever} twice"):
        pair = _pair(val)
        if len(pair) != 2:
            raise _refuse(where="bounds", value=item,
                          rule="must be a (low, high) pair")
        lv = levers[canon]
        lo = lv.low if pair[0] is None else _number(pair[0], "bounds", item, "lower bound")
        hi = lv.high if pair[1] is None else _number(pair[1], "bounds", item, "upper bound")
        if lo < lv.low or hi > lv.high:
            raise _refuse(
                where="bounds", value=item,
                rule=f"must lie within the hard limits {lv.low:g}:{lv.high:g} {lv.unit} of "
                     f"{canon} (parameters.yaml)")
        if lo > hi:
            raise _refuse(where="bounds", value=item,
                          rule="lower bound must not exceed the upper bound")
        out[canon] = (float(lo), float(hi))
    return out


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
        t, _ = upper_side(lambda t: q(at(t)), t, target, SCALE_XTOL, 1.0)
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




# ------------------------------------------------------------------------------------------
# The least-cost mix on a prepared ModelSpec
# ------------------------------------------------------------------------------------------
@dataclass
class _Args:
    names: tuple[str, ...]
    levers: list[LeverSpec]
    target: float
    year: int
    t_idx: int
    weights: np.ndarray
    user: dict[str, tuple[float, float]]
    lo: np.ndarray
    hi: np.ndarray


def _arguments(spec: ModelSpec, levers: Any, probability: Any, target: Any, year: Any,
               costs: Any, bounds: Any, draws: Any) -> _Args:
    """The checked arguments of :func:`least_cost_spec` (one-line errors)."""
    argspec.check("probability", probability)
    target = argspec.check("target", float(spec.meta.get("target_share", 0.40))
                           if target is None else target)
    argspec.check("draws", draws)
    years = [int(y) for y in spec.years]
    year = years[_year_index(spec, years[-1] if year is None else year, "year")]
    names = check_levers(levers)
    missing = [n for n in names if n not in spec.levers]
    if missing:
        raise _refuse(where="levers", value=",".join(names),
                      rule=f"names {missing[0]}, which this model does not "
                           f"have (levers: {', '.join(spec.levers)})")
    lvs = [spec.levers[n] for n in names]
    weights = check_costs(costs, names)
    user = check_bounds(bounds, {n: spec.levers[n] for n in names})
    for n in names:
        if weights[n] == 0 and n not in user:
            raise _refuse(
                where="costs", value=f"{n}={weights[n]:g}",
                rule=f"a zero weight needs a bound on that lever (bounds {n}: (LO, HI)): a free "
                     "lever would otherwise be pushed to its hard limit")
    lo = np.array([user.get(n, (lv.low, lv.high))[0] for n, lv in zip(names, lvs)])
    hi = np.array([user.get(n, (lv.low, lv.high))[1] for n, lv in zip(names, lvs)])
    return _Args(names=names, levers=lvs, target=float(target), year=year,
                 t_idx=years.index(year), weights=np.array([weights[n] for n in names],
                                                           dtype=float),
                 user=user, lo=lo, hi=hi)


def _search(prob: _Problem, solver: _Solver, a: _Args, v: np.ndarray) -> dict[str, Any]:
    """Status, mix and marginal cost of one more point (see the module docstring)."""
    target, lo, hi, w = a.target, a.lo, a.hi, a.weights
    out: dict[str, Any] = {"alone": {}, "marginal": None, "marginal_levels": None, "notes": []}
    if prob.quantile(lo) >= target:
        return {**out, "status": "already_reached", "L": lo.copy()}
    if prob.quantile(hi) < target:
        return {**out, "status": "unreachable", "L": hi.copy()}
    point, out["alone"] = solver.solve(target)
    assert point is not None  # q(hi) >= target: the diagonal anchor exists
    L = point.L
    multiplier = solver.multiplier
    if target + MARGINAL_STEP < 1.0 and prob.quantile(hi) >= target + MARGINAL_STEP:
        up, _ = solver.solve(target + MARGINAL_STEP, warm=[L])
        if up is not None and solver.cost(up.L) < solver.cost(L):
            # a dearer target solved cheaper: the first solve stopped short of the
            # optimum; its ray through the better mix is feasible and cheaper
            again, _ = solver.solve(target, warm=[up.L])
            if again is not None and again.cost < solver.cost(L):
                L, multiplier = again.L, solver.multiplier
                out["notes"].append("re-solved from the mix for one more point, which was "
                                    "cheaper than the first solution")
                up, _ = solver.solve(target + MARGINAL_STEP, warm=[L])
        if up is not None:
            out["marginal_levels"] = tuple(float(x) for x in up.L)
            out["marginal"] = float(np.dot(v * w, up.L) - np.dot(v * w, L))
    solver.multiplier = multiplier
    return {**out, "status": "solved", "L": L}


def _mix_notes(a: _Args, L: np.ndarray, status: str) -> list[str]:
    """Levels above their plausible maximum; the tie-break of zero-weight levers."""
    from hpresearch.parameters.registry import load_registry

    notes = []
    reg = load_registry()
    for n, x in zip(a.names, L):
        plaus = reg[n].plausible[1] if n in reg else None
        if plaus is not None and status in ("solved", "too_fast") and x > plaus * (1 + 1e-9):
            notes.append(f"{n} {x:,.4g} exceeds its plausible maximum {plaus:,.6g} "
                         f"({reg[n].unit})")
    if any(wi == 0 for wi in a.weights):
        notes.append("zero-weight levers cost nothing in the total; among mixes of equal "
                     f"weighted cost the solver picks the least money (tie-break {TIE_BREAK:g})")
    return notes


def _pct_of_grdp(spec: ModelSpec, prob: _Problem, a: _Args, v: np.ndarray, L: np.ndarray
                 ) -> tuple[float, tuple[int, int]]:
    """Mean share of the mix (VND) in nominal GRDP over the policy years, and those years."""
    years = [int(y) for y in spec.years]
    grdp = None
    if spec.grdp_key:
        out = spec.run(prob._apply(dict(spec.base_params), L))
        if spec.grdp_key in out:
            grdp = np.asarray(out[spec.grdp_key], dtype=float).reshape(-1, len(years))[0]
    start = int(spec.meta.get("lever_start_year", years[1] if len(years) > 1 else years[0]))
    pol = np.array([start <= y <= a.year for y in years])
    pct = (float(np.mean(np.dot(v, L) / grdp[pol])) if grdp is not None and pol.any()
           else math.nan)
    return pct, (start, a.year)


def least_cost_spec(spec: ModelSpec, levers: Sequence[str], probability: float,
                    target: float | None = None, year: int | None = None,
                    costs: Mapping[str, Any] | Sequence[tuple[str, Any]] | None = None,
                    bounds: Mapping[str, Any] | Sequence[tuple[str, Any]] | None = None,
                    draws: int = DRAWS, seed: int = SEED,
                    pace_limit: float | None = None) -> GoalSeekResult:
    """Least-cost lever mix on a prepared :class:`~hpresearch.uncertainty.spec.ModelSpec`.

    Parameters
    ----------
    spec : ModelSpec
        The scenario bound to the engine (:func:`hpresearch.uncertainty.spec.build_spec`) or
        any model with the same interface (tests use a linear toy).
    levers : sequence of str
        Lever names (aliases of :data:`~hpresearch.parameters.levers.LEVER_ALIASES` accepted);
        each must be in ``spec.levers``.
    probability : float
        Requested P(share >= target in year), 0 < p < 1.
    target : float, optional
        Share (fraction); default ``spec.meta["target_share"]``.
    year : int, optional
        Target year; default the last year of ``spec``.
    costs : mapping, optional
        Cost weight per VND of each lever, ``{lever: weight}`` (default 1); a zero weight
        needs a bound.
    bounds : mapping, optional
        ``{lever: (lo, hi)}`` within the lever's hard limits (``None`` keeps the hard limit).
    draws, seed : int
        Monte Carlo draws and seed (common random numbers, :class:`Draws`).
    pace_limit : float, optional
        ``share_pace_limit``; default ``spec.meta.get("share_pace_limit")`` (none: no limit).

    Returns
    -------
    GoalSeekResult
        With ``method="least_cost"``; see the module docstring for the formulation and
        tolerances.
    """
    a = _arguments(spec, levers, probability, target, year, costs, bounds, draws)
    target, lo, hi, w, t_idx = a.target, a.lo, a.hi, a.weights, a.t_idx
    v = np.array([lv.vnd_bn_per_unit for lv in a.levers], dtype=float)
    ceff = v * np.where(w > 0, w, TIE_BREAK * w.max())
    limit = float(spec.meta.get("share_pace_limit", math.inf) if pace_limit is None
                  else pace_limit)
    d = Draws.make(spec, int(draws), int(seed))
    prob = _Problem(spec, a.levers, d, t_idx, float(probability))
    solver = _Solver(prob, lo, hi, ceff, zero=(w == 0))
    n_years = len(spec.years)
    det_base = np.asarray(spec.run(dict(spec.base_params))[spec.share_key],
                          dtype=float).reshape(-1, n_years)[0]
    base_out = spec.run(dict(prob.params))[spec.share_key]
    base_s = np.broadcast_to(np.asarray(base_out, dtype=float), (d.n, n_years))[:, t_idx]
    best_probability = prob.prob(hi, target)
    found = _search(prob, solver, a, v)
    status, L = found["status"], found["L"]

    def rise_at(t: float) -> float:
        return max_rise(prob.central(lo + t * (L - lo))[: t_idx + 1])

    path = prob.central(L)
    det_share, rise = float(path[t_idx]), max_rise(path[: t_idx + 1])
    credible, credible_share = L.copy(), det_share
    credible_p = prob.prob(L, target)
    status, t = pace_check(status, rise, limit, rise_at, 0.0, 1.0)
    if t is not None:
        credible = lo + t * (L - lo)
        credible_share = float(prob.central(credible)[t_idx])
        credible_p = prob.prob(credible, target)
    costs_v = v * w * L
    total = float(costs_v.sum())
    mult_pp = None
    if status in ("solved", "too_fast") and solver.multiplier is not None and (w > 0).all():
        mult_pp = solver.multiplier * MARGINAL_STEP
    pct, policy_years = _pct_of_grdp(spec, prob, a, v, L)
    return GoalSeekResult(
        scenario=str(spec.meta.get("scenario", "")), boundary=str(spec.meta.get("boundary", "")),
        basis=str(spec.meta.get("basis", "")), target=target, year=a.year, status=status,
        method="least_cost", levers=a.names, units=tuple(lv.unit for lv in a.levers),
        levels=tuple(float(x) for x in L), levels_vnd_bn=tuple(float(x) for x in v * L),
        bounds=tuple((float(x), float(y)) for x, y in zip(lo, hi)), policy_years=policy_years,
        pct_of_grdp=pct, achieved_share=det_share, baseline_share=float(det_base[t_idx]),
        max_annual_rise=rise, pace_limit=limit,
        credible_levels=tuple(float(x) for x in credible), credible_share=credible_share,
        probability=float(probability), achieved_probability=prob.prob(L, target),
        draws=int(draws), seed=int(seed), weights=tuple(float(x) for x in w),
        costs=tuple(float(x) for x in costs_v), total_cost=total,
        total_vnd_bn=float(np.dot(v, L)),
        cost_shares=tuple(float(x) for x in (costs_v / total if total > 0
                                              else np.zeros(len(L)))),
        bound_sources=tuple("user" if n in a.user else "hard limit" for n in a.names),
        binding=tuple(binding(x, p, q) for x, p, q in zip(L, lo, hi)),
        latest_levels=tuple(lv.latest_actual for lv in a.levers),
        baseline_probability=float(np.mean(base_s >= target)),
        best_probability=best_probability, marginal_cost_per_pp=found["marginal"],
        marginal_levels=found["marginal_levels"], multiplier_per_pp=mult_pp,
        single_lever_costs={a.names[j]: None if Lj is None else float(np.dot(v * w, Lj))
                            for j, Lj in found["alone"].items()},
        credible_probability=credible_p,
        quantile_rank=(prob.r, prob.n), evaluations=prob.evaluations,
        solver=(f"SLSQP (ftol {SLSQP_FTOL:g}) on the {prob.r}-th largest of {prob.n} shares, "
                f"polished by brentq (xtol {SCALE_XTOL:g} of the scale); anchors: each lever "
                "alone and the diagonal"),
        notes=found["notes"] + _mix_notes(a, L, status),
    )
