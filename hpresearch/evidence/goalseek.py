"""Probabilistic goal-seek: the lever value for which P(share >= target in year) >= p.

With common random numbers (one fixed set of parameter and shock draws), the probability
``P(L) = mean_i[ share_i(L) >= target ]`` is a non-decreasing step function of the lever
value ``L`` (the engine guarantees that more investment never lowers the share). The
solution is found by :func:`scipy.optimize.brentq` on ``P(L) - p`` over the lever's hard
limits; because ``P`` is a step function, the root is the jump where ``P`` first reaches
``p``, and the returned value is moved to the upper side of that jump (within ``xtol``) so
that the achieved probability is at least ``p``. The result is cross-checked against the
``p``-quantile of the per-draw required lever values (vectorised root finding in
:func:`hpresearch.evidence.montecarlo.required_lever`), which is the same number by
construction up to the tolerance.

References
----------
Brent, R. P. (1973). *Algorithms for Minimization without Derivatives*, ch. 4.
Glasserman, P. (2004). *Monte Carlo Methods in Financial Engineering*, §4.2 (common random
numbers make the estimated probability monotone in the lever).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
from scipy.optimize import brentq

from hpresearch.errors import UsageError
from hpresearch.evidence.montecarlo import Draws, ModelSpec, _lever, _year_index, draw_params

#: Default draws of the probabilistic goal-seek (standard error of P at p=0.5: 0.005).
DEFAULT_GOAL_DRAWS = 10_000


@dataclass(frozen=True)
class ProbGoalSeekResult:
    """Result of :func:`probabilistic_goal_seek`.

    Attributes
    ----------
    lever, unit : str
    value : float or None
        Lever value (constant annual level) reaching the probability; ``None`` when even
        the lever's upper limit does not.
    probability : float
        Requested probability ``p``.
    achieved : float
        Estimated P(share >= target in year) at ``value`` (or at the upper limit).
    feasible : bool
    ratio_to_latest : float or None
        ``value`` divided by the latest actual lever value, when known.
    quantile_check : float
        ``p``-quantile of the per-draw required values (must agree with ``value``).
    draws, seed : int
    message : str
        One plain sentence.
    """

    lever: str
    unit: str
    target: float
    year: int
    probability: float
    value: float | None
    achieved: float
    feasible: bool
    ratio_to_latest: float | None
    quantile_check: float
    draws: int
    seed: int
    bracket: tuple[float, float]
    message: str
    meta: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from hpresearch.evidence.montecarlo import json_ready

        return json_ready({k: getattr(self, k) for k in (
            "lever", "unit", "target", "year", "probability", "value", "achieved", "feasible",
            "ratio_to_latest", "quantile_check", "draws", "seed", "bracket", "message", "meta")})


def probabilistic_goal_seek_spec(spec: ModelSpec, lever: str, target: float = 0.40,
                                 year: int = 2030, probability: float = 0.5,
                                 draws: int = DEFAULT_GOAL_DRAWS, seed: int = 0,
                                 xtol: float | None = None) -> ProbGoalSeekResult:
    """Solve ``P(share_year >= target) >= probability`` for ``lever`` on a model spec.

    Parameters
    ----------
    spec : ModelSpec
    lever : str
        One of ``spec.levers``.
    target : float
        Target share (fraction).
    year : int
        Target year.
    probability : float
        Required probability, in (0, 1).
    draws, seed : int
        Common random numbers.
    xtol : float, optional
        Absolute tolerance on the lever (default: 1e-6 of the upper limit).
    """
    if not 0.0 < probability < 1.0:
        raise UsageError(f"--probability: value {probability!r} must be strictly between 0 and 1")
    if not 0.0 < target < 1.0:
        raise UsageError(f"--target: value {target!r} must be a share strictly between 0 and 1")
    lv = _lever(spec, lever)
    t_idx = _year_index(spec, year)
    d = Draws.make(spec, int(draws), int(seed))
    params = draw_params(spec, d)
    n, T = d.n, len(spec.years)

    def prob(value: float) -> float:
        out = spec.run(lv.apply(dict(params), float(value)))[spec.share_key]
        s = np.broadcast_to(np.asarray(out, dtype=float), (n, T))[:, t_idx]
        return float(np.mean(s >= target))

    lo, hi = float(lv.low), float(lv.high)
    tol = xtol if xtol is not None else 1e-6 * max(abs(hi), 1.0)
    p_lo, p_hi = prob(lo), prob(hi)
    from hpresearch.evidence.montecarlo import required_lever

    req = required_lever(spec, Draws(n=n, seed=d.seed, uniforms=d.uniforms, normals=d.normals),
                         lever, target, year, xtol=tol)
    q_check = float(np.quantile(req, probability, method="inverted_cdf"))
    if p_lo >= probability:
        value, achieved, feasible = lo, p_lo, True
    elif p_hi < probability:
        value, achieved, feasible = None, p_hi, False
    else:
        root = brentq(lambda v: prob(v) - probability + 1e-12, lo, hi, xtol=tol, maxiter=200)
        value = float(root)
        achieved = prob(value)
        step = 0
        while achieved < probability and step < 64:  # move to the upper side of the jump
            value = min(hi, value + tol)
            achieved = prob(value)
            step += 1
        feasible = True
    ratio = (value / lv.latest_actual) if (value is not None and lv.latest_actual) else None
    unit = lv.unit
    if feasible:
        msg = (f"{lever} = {value:,.1f} {unit}/yr gives P(share >= {target:.0%} in {year}) = "
               f"{achieved:.3f} >= {probability:.2f}"
               + (f" ({ratio:.2f}x the latest actual)" if ratio else "") + ".")
    else:
        msg = (f"no {lever} within its limit ({hi:,.0f} {unit}/yr) reaches P(share >= "
               f"{target:.0%} in {year}) >= {probability:.2f}; the best is {p_hi:.3f}.")
    return ProbGoalSeekResult(
        lever=lever, unit=unit, target=float(target), year=int(year),
        probability=float(probability), value=value, achieved=float(achieved),
        feasible=feasible, ratio_to_latest=ratio, quantile_check=q_check, draws=int(draws),
        seed=int(seed), bracket=(lo, hi), message=msg,
        meta={k: v for k, v in spec.meta.items() if k in ("scenario", "boundary", "basis")})


def probabilistic_goal_seek(scenario: Any, lever: str, target: float = 0.40, year: int = 2030,
                            probability: float = 0.5, boundary: str = "pre_merger",
                            basis: str = "gso", draws: int = DEFAULT_GOAL_DRAWS, seed: int = 0,
                            horizon: int | None = None, overrides: dict | None = None
                            ) -> ProbGoalSeekResult:
    """Lever value such that P(share >= ``target`` in ``year``) >= ``probability``.

    The engine-facing entry point (used by ``hpresearch goal-seek ... --probability P``):
    builds the Monte Carlo spec of ``scenario`` on ``boundary``/``basis`` and calls
    :func:`probabilistic_goal_seek_spec`.
    """
    from hpresearch.evidence.engine import build_spec

    try:  # accept the engine's short lever aliases (fdi_digital, dx_spending, ...)
        from hpresearch.model.goalseek import LEVER_ALIASES
        lever = LEVER_ALIASES.get(lever, lever)
    except ImportError:  # pragma: no cover
        pass
    spec = build_spec(scenario, boundary=boundary, basis=basis,
                      horizon=max(year, horizon or year), overrides=overrides)
    return probabilistic_goal_seek_spec(spec, lever, target, year, probability, draws, seed)
