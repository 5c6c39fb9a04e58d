"""The answer to the investment question: one result type, one status and one pace limit.

Every solve of :func:`hpresearch.invest.goalseek.solve` - one lever on the central projection,
one lever with a probability, or the least-cost mix of several levers with a probability -
returns a :class:`GoalSeekResult` whose ``method`` says which. A single lever is a mix of one:
``levers``, ``levels``, ``bounds`` and :meth:`GoalSeekResult.table` have one row per lever
for every method, and ``lever``/``value``/``limits`` read the single lever's entries.

The status and the pace limit are decided here once (:func:`pace_check`): a level or mix
that reaches the target but whose central path raises the share by more than
``share_pace_limit`` in one year is ``too_fast``, and the credible point is the largest
scaling towards it (from the lower bounds) whose path respects the limit.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, Callable, Mapping, Sequence

import numpy as np
from scipy.optimize import brentq

from hpresearch.i18n import LANGUAGES
from hpresearch.results import json_ready

#: ``deterministic``: one lever, central projection; ``probabilistic``: one lever, Monte Carlo
#: probability; ``least_cost``: several levers, Monte Carlo probability.
METHODS = ("deterministic", "probabilistic", "least_cost")
#: A one-year rise above the pace limit by more than this is "too fast" (rounding guard).
PACE_TOL = 1e-12
#: Tolerance (absolute and relative) of the search for the credible point.
PACE_XTOL = 1e-9


def max_rise(path: np.ndarray) -> float:
    """Largest one-year rise of a share path (0 for a single year)."""
    return float(np.max(np.diff(path))) if len(path) > 1 else 0.0


def binding(x: float, lo: float, hi: float) -> str:
    """``"fixed"``, ``"lower"``, ``"upper"`` or ``""``: which bound ``x`` sits at (1e-6 of
    the range)."""
    if hi == lo:
        return "fixed"
    tol = 1e-6 * (hi - lo)
    return "lower" if x - lo <= tol else "upper" if hi - x <= tol else ""


def pace_check(status: str, rise: float, limit: float, rise_at: Callable[[float], float],
               low: float, high: float) -> tuple[str, float | None]:
    """The status after the pace limit, and the credible point when the path is too fast.

    Parameters
    ----------
    status : str
        Status before the pace limit (``solved``, ``unreachable``, ``already_reached``).
    rise, limit : float
        Largest one-year rise of the central share at the solution; ``share_pace_limit``.
    rise_at : callable
        That rise at a point ``x`` of the search interval.
    low, high : float
        The search interval: from the lower bounds (``low``) to the solution (``high``).

    Returns
    -------
    (str, float or None)
        ``too_fast`` for a solved point above the limit (``unreachable`` stays), and the
        largest ``x`` whose rise is within the limit (``low`` when even it is not; found by
        :func:`scipy.optimize.brentq`); ``None`` when the path is credible.
    """
    if status not in ("solved", "unreachable") or not rise > limit + PACE_TOL:
        return status, None
    if rise_at(low) > limit:
        x = low
    else:
        x = brentq(lambda v: rise_at(v) - limit, low, high, xtol=PACE_XTOL, rtol=PACE_XTOL,
                   maxiter=200)
    return ("too_fast" if status == "solved" else status), x


def _level(value: float, unit: str) -> str:
    """A lever level for text: whole VND bn, USD bn to three decimals."""
    return f"{value:,.3f}" if unit == "usd_bn" else f"{value:,.0f}"


@dataclass
class GoalSeekResult:
    """Answer to "what constant lever level(s) reach the target?" (money nominal, per year).

    Each lever is held at one level every year of ``policy_years``. Per-lever fields are
    tuples in the order of ``levers`` (one entry for a single lever).

    Attributes
    ----------
    method : {"deterministic", "probabilistic", "least_cost"}
        ``deterministic``: one lever, the central projection reaches ``target``;
        ``probabilistic``: one lever, the Monte Carlo probability of reaching it is at least
        ``probability``; ``least_cost``: the cheapest mix of several levers with that
        probability.
    status : {"solved", "too_fast", "unreachable", "already_reached"}
        ``unreachable``: even the upper bounds fall short (``levels`` are the upper bounds);
        ``already_reached``: the lower bounds suffice; ``too_fast``: the solution reaches the
        target but its central path raises the share by more than ``pace_limit`` in one year
        (see ``credible_levels``/``credible_share``).
    levers, units : tuple of str
        Lever names and units (the registry's unit for one lever; ``vnd_bn``/``usd_bn`` in
        a mix).
    levels, levels_vnd_bn : tuple of float
        Level of each lever (its unit, and VND bn: FDI at the exchange rate of the first
        policy year, for a mix the scenario's last-year rate).
    bounds : tuple of (float, float)
        Bounds searched; ``bound_sources`` says ``"hard limit"`` or ``"user"``, ``binding``
        ``"lower"``, ``"upper"`` or ``""`` per lever.
    weights, costs, cost_shares : tuple of float
        Cost weight per VND, ``weight x level_vnd_bn`` and its share of ``total_cost``
        (one lever: weight 1); ``total_vnd_bn`` the unweighted sum.
    pct_of_grdp : float
        Mean over the policy years of the levels (VND) / nominal GRDP of the central
        projection.
    achieved_share, baseline_share : float
        Central-projection share in the target year at the solution, and under the scenario
        as given (``deterministic_share`` is the same as ``achieved_share``).
    max_annual_rise, pace_limit : float
        Largest one-year rise of the central share at the solution, and ``share_pace_limit``.
    credible_levels, credible_share : tuple of float, float
        The largest levels whose path respects ``pace_limit`` and the share they give in the
        target year (equal to the solution when its path is credible).
    probability, achieved_probability, draws, seed
        Monte Carlo methods: requested and estimated P(share >= target in year) at the
        solution (at the upper bounds when unreachable), and the common random numbers.
    calibrated : bool
        The probability is that of the calibrated fan.
    latest_actual : (int, float) or None
        One lever: its latest actual level (year, value) - for ``core_domestic_investment``
        and ``fdi_digital`` derived from the panel total times the registry fraction;
        ``latest_levels`` the latest value per lever (every method).
    ratio_to_latest, best_share, digital_va_growth : float
        One lever: ``value / latest``, the share with the lever at its upper limit, and the
        implied mean real growth of digital value added from the base year.
    quantile_check : float or None
        Probabilistic method: ``probability``-quantile of the per-draw required levels.
    committed, total_value : float
        One lever: digital FDI already committed by the scenario on top of the lever (USD
        bn/yr, mean over the policy years: ``digital_fdi_fraction x fdi_extra_usd_bn +
        fdi_digital_extra_usd_bn``, 0 for the other levers), and ``value + committed``.
    peak : (int, float) or None
        One lever: year and share of the central path's peak.
    baseline_probability, best_probability : float
        Least cost: probability of the scenario as given and with every lever at its upper
        bound.
    marginal_cost_per_pp, marginal_levels, multiplier_per_pp
        Least cost: ``total_cost(target + 0.01) - total_cost(target)`` (re-solved; ``None``
        when out of reach), the mix there, and the KKT multiplier x 0.01 as a local check.
    single_lever_costs : dict
        Least cost: weighted cost of each lever alone (the others at their lower bounds).
    credible_probability : float
        Least cost: the probability at ``credible_levels``.
    quantile_rank : (int, int)
        Least cost: ``(r, n)``, the constraint holds when at least ``r`` of ``n`` draws
        reach the target.
    """

    scenario: str
    boundary: str
    basis: str
    target: float
    year: int
    status: str
    method: str
    levers: tuple[str, ...]
    units: tuple[str, ...]
    levels: tuple[float, ...]
    levels_vnd_bn: tuple[float, ...]
    bounds: tuple[tuple[float, float], ...]
    policy_years: tuple[int, int]
    pct_of_grdp: float = float("nan")
    achieved_share: float = float("nan")
    baseline_share: float = float("nan")
    max_annual_rise: float = float("nan")
    pace_limit: float = float("nan")
    credible_levels: tuple[float, ...] = ()
    credible_share: float = float("nan")
    probability: float | None = None
    achieved_probability: float | None = None
    draws: int | None = None
    seed: int | None = None
    calibrated: bool = False
    weights: tuple[float, ...] = ()
    costs: tuple[float, ...] = ()
    total_cost: float = float("nan")
    total_vnd_bn: float = float("nan")
    cost_shares: tuple[float, ...] = ()
    bound_sources: tuple[str, ...] = ()
    binding: tuple[str, ...] = ()
    latest_levels: tuple[float | None, ...] = ()
    latest_actual: tuple[int, float] | None = None
    ratio_to_latest: float = float("nan")
    best_share: float = float("nan")
    digital_va_growth: float = float("nan")
    quantile_check: float | None = None
    committed: float = 0.0
    total_value: float = float("nan")
    peak: tuple[int, float] | None = None
    baseline_probability: float = float("nan")
    best_probability: float = float("nan")
    marginal_cost_per_pp: float | None = None
    marginal_levels: tuple[float, ...] | None = None
    multiplier_per_pp: float | None = None
    single_lever_costs: dict[str, float | None] = field(default_factory=dict)
    credible_probability: float = float("nan")
    quantile_rank: tuple[int, int] = (0, 0)
    solver: str = ""
    calibration: Mapping[str, Any] = field(default_factory=dict)
    overrides: Mapping[str, Any] = field(default_factory=dict)
    scenario_path: str | None = None
    evaluations: int = 0
    notes: list[str] = field(default_factory=list)

    # -- the single lever's entries and other readings --------------------------------------
    @property
    def mix(self) -> bool:
        """True for a least-cost mix (``method == "least_cost"``)."""
        return self.method == "least_cost"

    @property
    def lever(self) -> str:
        """The lever, or the levers of a mix joined by ``+``."""
        return "+".join(self.levers)

    @property
    def unit(self) -> str:
        return "+".join(self.units)

    def _one(self, values: Sequence[Any]) -> Any:
        return values[0] if len(values) == 1 else float("nan")

    @property
    def value(self) -> float:
        """The level of a single lever (NaN for a mix: see ``levels``)."""
        return self._one(self.levels)

    @property
    def value_vnd_bn(self) -> float:
        return self._one(self.levels_vnd_bn)

    @property
    def limits(self) -> tuple[float, float]:
        return self._one(self.bounds)

    @property
    def credible_value(self) -> float:
        return self._one(self.credible_levels)

    @property
    def deterministic_share(self) -> float:
        return self.achieved_share

    @property
    def reachable(self) -> bool:
        return self.status in ("solved", "already_reached")

    @property
    def probabilistic(self) -> bool:
        return self.method != "deterministic"

    @cached_property
    def reality(self):
        """The requirement beside the city's record FDI, its 2021-2025 average, national FDI
        and the workforce it implies (:func:`hpresearch.invest.reality.reality_of`; computed
        on first use; ``None`` for a least-cost mix)."""
        from hpresearch.invest.reality import reality_of

        return reality_of(self)

    def _criterion(self) -> str:
        if self.probabilistic:
            return (f"P(share >= {self.target:.2%} in {self.year}) >= {self.probability:g} "
                    f"({self.draws:,} draws, seed {self.seed})")
        return f"a digital-economy share of {self.target:.2%} in {self.year}"

    def _pace_text(self) -> str:
        return (f"rise {self.max_annual_rise * 100:.2f} pp in one year, above the credible "
                f"{self.pace_limit * 100:.2f} pp a year. At that pace the most reachable")

    def _notes(self, lines: list[str]) -> str:
        return "\n".join(lines + [f"note: {n}" for n in self.notes])

    # -- summary -----------------------------------------------------------------------------
    def summary(self) -> str:
        """Readable multi-line summary (boundary, basis and method always stated)."""
        return self._summary_mix() if self.mix else self._summary_lever()

    def _summary_lever(self) -> str:
        s0, s1 = self.policy_years
        lines = [f"Goal-seek ({self.method}): {self.lever} for {self._criterion()} - scenario "
                 f"{self.scenario}, boundary {self.boundary}, basis {self.basis} (base year "
                 f"{self.calibration.get('base_year')}, share "
                 f"{self.calibration.get('de_share', float('nan')):.2%})."]
        if self.status == "unreachable":
            best = (f"P = {self.achieved_probability:.3f}" if self.probabilistic
                    else f"only {self.best_share:.2%} in {self.year}")
            lines.append(f"NOT REACHABLE within the lever's limits: even {self.value:,.4g} "
                         f"{self.unit} every year {s0}-{s1} gives {best} (target "
                         f"{self.target:.2%}; scenario as given: {self.baseline_share:.2%}).")
            lines.append(self._reality_text())
            return self._notes(lines)
        if self.status == "too_fast":
            lines.append(f"TOO FAST: {self.value:,.4f} {self.unit} every year {s0}-{s1} would "
                         f"reach the target, but the share would {self._pace_text()} in "
                         f"{self.year} is {self.credible_share:.2%} ({self.credible_value:,.4f} "
                         f"{self.unit}/yr).")
            lines.append(self._reality_text())
            return self._notes(lines)
        if self.status == "already_reached":
            lines.append(f"The target is reached even with the lever at its lower limit "
                         f"({self.value:,.4g} {self.unit}); share {self.achieved_share:.2%}.")
        else:
            lines.append(f"Required: {self.value:,.4f} {self.unit} every year {s0}-{s1} "
                         f"(= {self.value_vnd_bn:,.0f} VND bn/yr, {self.pct_of_grdp:.2%} of GRDP).")
            if self.committed > 0:
                lines.append(f"On top of {self.committed:,.4f} {self.unit} already committed: "
                             f"total {self.total_value:,.4f} {self.unit}, of which "
                             f"{self.value:,.4f} not yet committed.")
        if self.probabilistic:
            check = ("" if self.quantile_check is None or not math.isfinite(self.quantile_check)
                     else f"; {self.probability:g}-quantile of the per-draw requirement "
                          f"{self.quantile_check:,.4f}")
            lines.append(f"Estimated P(share >= {self.target:.2%} in {self.year}) = "
                         f"{self.achieved_probability:.3f} (requested {self.probability:g})"
                         f"{check}.")
        if self.latest_actual:
            y, v = self.latest_actual
            lines.append(f"Latest actual ({y}): {v:,.4g} {self.unit} -> ratio "
                         f"{self.ratio_to_latest:,.2f}x.")
        lines.append(f"Central-projection share {self.achieved_share:.2%} in {self.year} "
                     f"(scenario as given: {self.baseline_share:.2%}); implied real growth of "
                     f"digital value added {self.digital_va_growth:.2%}/yr from the base year.")
        if self.peak and self.peak[0] != self.year and self.peak[1] > self.achieved_share + 1e-6:
            lines.append(f"Path: the share peaks at {self.peak[1]:.2%} in {self.peak[0]} before "
                         f"{self.year} (a constant nominal level loses real weight over time).")
        lines.append(self._reality_text())
        return self._notes(lines)

    def _reality_text(self) -> str:
        """``Against reality: ...`` (the requirement beside the city's figures of record)."""
        from hpresearch.i18n import t

        return f"{t('reality.heading', 'en')}: {self.reality.text('en')}"

    def _mix_text(self, levels: Sequence[float]) -> str:
        return ", ".join(f"{n} {_level(v, u)} {u}" for n, v, u in zip(self.levers, levels,
                                                                      self.units))

    def _summary_mix(self) -> str:
        s0, s1 = self.policy_years
        lines = [f"Least-cost mix of {', '.join(self.levers)} for {self._criterion()} - "
                 f"scenario {self.scenario}, boundary {self.boundary}, basis {self.basis}; "
                 f"levels constant every year {s0}-{s1}; cost = "
                 + " + ".join(f"{w:g} x {n}" for n, w in zip(self.levers, self.weights))
                 + " in VND bn/yr."]
        if self.status == "unreachable":
            lines.append(f"NOT REACHABLE within the bounds: even every lever at its upper bound "
                         f"({self._mix_text(self.levels)}/yr) gives P = "
                         f"{self.best_probability:.3f} < {self.probability:g} (central share "
                         f"{self.achieved_share:.2%}; scenario as given: P = "
                         f"{self.baseline_probability:.3f}).")
            return self._notes(lines)
        if self.status == "too_fast":
            lines.append(f"TOO FAST: the least-cost mix ({self._mix_text(self.levels)}/yr, total "
                         f"{self.total_cost:,.0f} VND bn/yr) would reach the target, but its "
                         f"central share would {self._pace_text()} is "
                         f"{self.credible_share:.2%} central, "
                         f"P = {self.credible_probability:.3f} "
                         f"({self._mix_text(self.credible_levels)}/yr). The mix it would need:")
        if self.status == "already_reached":
            lines.append("The target is reached with every lever at its lower bound.")
        lines.append(self._text_table())
        lines.append(f"Total {self.total_cost:,.0f} VND bn/yr (weighted; unweighted "
                     f"{self.total_vnd_bn:,.0f} VND bn/yr = {self.pct_of_grdp:.2%} of GRDP). "
                     f"Estimated P = {self.achieved_probability:.3f} (requested "
                     f"{self.probability:g}: at least {self.quantile_rank[0]:,} of "
                     f"{self.quantile_rank[1]:,} draws); central-projection share "
                     f"{self.achieved_share:.2%} in {self.year} (scenario as given: "
                     f"{self.baseline_share:.2%}, P = {self.baseline_probability:.3f}).")
        bind = [f"{n} at its {b} bound" for n, b in zip(self.levers, self.binding) if b]
        lines.append("Binding bounds: " + (", ".join(bind) if bind else "none") + ".")
        if self.status != "already_reached":
            lines.append(self._marginal_text())
        alone = [f"{n} {c:,.0f}" if c is not None else f"{n} unreachable"
                 for n, c in self.single_lever_costs.items()]
        if alone:
            lines.append("Each lever alone (others at their lower bounds): " + ", ".join(alone)
                         + " VND bn/yr.")
        return self._notes(lines)

    def _marginal_text(self) -> str:
        if self.marginal_cost_per_pp is None:
            return (f"Marginal cost of one more point: not reachable ({self.target + 0.01:.2%}"
                    " is out of reach within the bounds).")
        local = (f"; local KKT multiplier {self.multiplier_per_pp:,.0f}"
                 if self.multiplier_per_pp is not None else "")
        return (f"Marginal cost of one more percentage point (re-solved at "
                f"{self.target + 0.01:.2%}): {self.marginal_cost_per_pp:,.0f} VND bn/yr{local}.")

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

    # -- table and dict ---------------------------------------------------------------------
    def table(self):
        """One row per lever: level, VND bn, weight, cost, share of the cost, bounds, binding."""
        import pandas as pd

        rows = []
        for i, name in enumerate(self.levers):
            lo, hi = self.bounds[i]
            latest = self.latest_levels[i] if self.latest_levels else None
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
        """JSON-ready dict: the common fields, the per-lever rows under ``"mix"`` and the
        fields of the method (one lever, or a least-cost mix)."""
        keys = ["method", "scenario", "boundary", "basis", "target", "year", "status",
                "probability", "achieved_probability", "draws", "seed", "calibrated",
                "pct_of_grdp", "achieved_share", "baseline_share", "max_annual_rise",
                "pace_limit", "credible_share", "evaluations"]
        if self.mix:
            keys += ["total_cost", "total_vnd_bn", "deterministic_share", "baseline_probability",
                     "best_probability", "marginal_cost_per_pp", "multiplier_per_pp",
                     "credible_probability", "solver"]
        else:
            keys += ["lever", "unit", "value", "value_vnd_bn", "ratio_to_latest", "best_share",
                     "digital_va_growth", "quantile_check", "credible_value", "committed",
                     "total_value"]
        d = {k: getattr(self, k) for k in keys}
        d["levers"] = list(self.levers)
        d["mix"] = self.table().to_dict(orient="records")
        d["credible_levels"] = list(self.credible_levels)
        d["policy_years"] = list(self.policy_years)
        d["calibration"] = dict(self.calibration)
        d["notes"] = list(self.notes)
        if self.mix:
            d["marginal_levels"] = list(self.marginal_levels) if self.marginal_levels else None
            d["single_lever_costs"] = dict(self.single_lever_costs)
            d["quantile_rank"] = list(self.quantile_rank)
        else:
            d["latest_actual"] = list(self.latest_actual) if self.latest_actual else None
            d["limits"] = list(self.limits)
            d["peak"] = list(self.peak) if self.peak else None
            d["reality"] = {**self.reality.to_dict(),
                            "text": {lang: self.reality.text(lang) for lang in LANGUAGES}}
        return json_ready(d)
