"""Goal-seek: the constant annual lever level that makes the share reach a target in a year.

For a lever (``core_domestic_investment_vnd_bn``, ``fdi_digital_usd_bn`` or
``dx_spending_vnd_bn``) the solver sets the lever to one level ``L`` in every year from
``max(first_policy_year, t0 + 1)`` to the target year (held afterwards) and solves one of two
questions, both answered by a :class:`GoalSeekResult`:

* ``method="deterministic"`` (default): ``share_year(L) = target`` on the central
  projection, with :func:`scipy.optimize.brentq` inside the lever's hard limits. The share
  is increasing in every lever (more capital, faster adoption), so the root is unique when
  it exists; when even the upper limit falls short the result says so and reports the best
  share reachable.
* ``method="probabilistic"`` (``probability=p``): the smallest ``L`` with
  ``P(share_year >= target) >= p`` in the Monte Carlo
  (:func:`hpresearch.uncertainty.montecarlo.solve_probability`, common random numbers).

References
----------
Brent, R. P. (1973). *Algorithms for Minimization without Derivatives*, ch. 4.
Loayza, N. & Pennings, S. (eds., 2022). *The Long Term Growth Model*, World Bank -
"Submodel 2": the investment a growth target requires.
"""
from __future__ import annotations

import math
import os
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Mapping

import numpy as np
import yaml
from scipy.optimize import brentq

from hpresearch.calibration.base import Calibration, calibrate
from hpresearch.defaults import DRAWS, SEED
from hpresearch.errors import ScenarioError, UsageError, error_message
from hpresearch.fileio import atomic_write
from hpresearch.model.engine import engine_params, resolve_params, simulate_paths
from hpresearch.model.levers import LEVER_ALIASES, latest_actual, lever_name  # noqa: F401
from hpresearch.model.projection import check_horizon, normalise_overrides
from hpresearch.model.registry import MAX_HORIZON, load_registry
from hpresearch.model.scenario import Scenario, goalseek_meta_vi, load_scenario, merge_params
from hpresearch.paths import scenarios_dir
from hpresearch.results import json_ready
from hpresearch.data.vocabulary import DEFAULT_BOUNDARY

#: Solver tolerance on the lever (relative) - far below the 0.05 pp accuracy requirement.
RTOL = 1e-10
METHODS = ("deterministic", "probabilistic")


@dataclass
class GoalSeekResult:
    """Answer to "what constant lever level reaches the target?" (money nominal, per year).

    Attributes
    ----------
    method : {"deterministic", "probabilistic"}
        ``deterministic``: the central projection reaches ``target``; ``probabilistic``: the
        Monte Carlo probability of reaching it is at least ``probability``.
    status : {"solved", "too_fast", "unreachable", "already_reached"}
        ``too_fast``: a level reaches the target but its path raises the share by more than
        ``pace_limit`` in some year (see ``credible_value``/``credible_share``).
    value : float
        Lever level (lever unit) that reaches the target; for ``unreachable`` the upper limit.
    value_vnd_bn : float
        The same in VND bn (FDI converted at the exchange rate of the first policy year).
    pct_of_grdp : float
        Mean over the policy years of value (VND) / nominal GRDP of the central projection.
    latest_actual : tuple[int, float] | None
        Latest actual level of the lever (year, value) - for ``core_domestic_investment`` and
        ``fdi_digital`` derived from the panel total times the registry fraction.
    ratio_to_latest : float
    achieved_share, baseline_share, best_share : float
        Central-projection share in the target year with the lever at ``value``, under the
        scenario as given, and with the lever at its upper limit.
    digital_va_growth : float
        Implied mean real growth of digital value added, base year to target year.
    probability, achieved_probability : float or None
        Probabilistic method: requested and estimated P(share >= target in year) at
        ``value`` (at the upper limit when unreachable).
    draws, seed : int or None
        Probabilistic method: the common random numbers.
    quantile_check : float or None
        Probabilistic method: ``probability``-quantile of the per-draw required levels.
    max_annual_rise : float
        Largest one-year rise of the central-projection share on the path at ``value``.
    pace_limit : float
        The credible limit of that rise (``share_pace_limit``).
    credible_value, credible_share : float
        The largest lever level whose path respects ``pace_limit``, and the share it gives in
        the target year (equal to ``value``/``achieved_share`` when the path is credible).
    committed : float
        Digital FDI already committed by the scenario on top of the lever (USD bn/yr, mean
        over the policy years: ``digital_fdi_fraction x fdi_extra_usd_bn +
        fdi_digital_extra_usd_bn``, e.g. ``breakthrough``'s investment-week commitments);
        0 for the other levers.
    total_value : float
        ``value + committed``: the whole requirement; ``value`` is the part not yet
        committed.
    calibrated : bool
        Probabilistic method: the probability is that of the calibrated fan.
    """

    scenario: str
    boundary: str
    basis: str
    lever: str
    unit: str
    target: float
    year: int
    status: str
    value: float
    value_vnd_bn: float
    pct_of_grdp: float
    latest_actual: tuple[int, float] | None
    ratio_to_latest: float
    achieved_share: float
    baseline_share: float
    best_share: float
    digital_va_growth: float
    policy_years: tuple[int, int]
    limits: tuple[float, float]
    method: str = "deterministic"
    probability: float | None = None
    achieved_probability: float | None = None
    draws: int | None = None
    seed: int | None = None
    quantile_check: float | None = None
    max_annual_rise: float = float("nan")
    pace_limit: float = float("nan")
    credible_value: float = float("nan")
    credible_share: float = float("nan")
    committed: float = 0.0
    total_value: float = float("nan")
    calibrated: bool = False
    calibration: Mapping[str, Any] = field(default_factory=dict)
    overrides: Mapping[str, Any] = field(default_factory=dict)
    scenario_path: str | None = None
    evaluations: int = 0
    notes: list[str] = field(default_factory=list)
    peak: tuple[int, float] | None = None

    @property
    def reachable(self) -> bool:
        return self.status in ("solved", "already_reached")

    @property
    def probabilistic(self) -> bool:
        return self.method == "probabilistic"

    def _criterion(self) -> str:
        if self.probabilistic:
            return (f"P(share >= {self.target:.2%} in {self.year}) >= {self.probability:g} "
                    f"({self.draws:,} draws, seed {self.seed})")
        return f"a digital-economy share of {self.target:.2%} in {self.year}"

    def summary(self) -> str:
        """Readable multi-line summary (boundary, basis and method always stated)."""
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
            return "\n".join(lines + [f"note: {n}" for n in self.notes])
        if self.status == "too_fast":
            lines.append(f"TOO FAST: {self.value:,.4f} {self.unit} every year {s0}-{s1} would reach "
                         f"the target, but the share would rise {self.max_annual_rise * 100:.2f} "
                         f"pp in one year, above the credible {self.pace_limit * 100:.2f} pp a "
                         f"year. At that pace the most reachable in {self.year} is "
                         f"{self.credible_share:.2%} ({self.credible_value:,.4f} {self.unit}/yr).")
            return "\n".join(lines + [f"note: {n}" for n in self.notes])
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
        return "\n".join(lines + [f"note: {n}" for n in self.notes])

    def table(self):
        """The answer as ``item, value`` rows (see :meth:`to_dict`)."""
        import pandas as pd

        d = self.to_dict()
        return pd.DataFrame([(k, v) for k, v in d.items() if not isinstance(v, (dict, list))],
                            columns=["item", "value"])

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready dict of every field."""
        d = {k: getattr(self, k) for k in (
            "method", "scenario", "boundary", "basis", "lever", "unit", "target", "year",
            "status", "value", "value_vnd_bn", "pct_of_grdp", "ratio_to_latest",
            "achieved_share", "baseline_share", "best_share", "digital_va_growth",
            "probability", "achieved_probability", "draws", "seed", "quantile_check",
            "max_annual_rise", "pace_limit", "credible_value", "credible_share", "committed",
            "total_value", "calibrated", "evaluations")}
        d["latest_actual"] = list(self.latest_actual) if self.latest_actual else None
        d["policy_years"] = list(self.policy_years)
        d["limits"] = list(self.limits)
        d["calibration"] = dict(self.calibration)
        d["notes"] = list(self.notes)
        d["peak"] = list(self.peak) if self.peak else None
        return json_ready(d)


def goal_seek(scenario: Any = "trend", target: float | None = None, year: int = 2030,
              lever: str = "fdi_digital_usd_bn", boundary: str = DEFAULT_BOUNDARY,
              basis: str = "gso", overrides: Any = None,
              calibration: Calibration | None = None, probability: float | None = None,
              draws: int = DRAWS, seed: int = SEED, fan: Any = None) -> GoalSeekResult:
    """Solve for the constant annual lever level that reaches ``target`` in ``year``.

    Parameters
    ----------
    scenario : str, Path or Scenario
    target : float, optional
        Share as a fraction (0.40). Default: the scenario's ``target_share`` - the boundary's
        official target for 2030 from the observation files (merged city: >35%, its
        2026-2030 plan; pre-merger city: 40%, the 2024 forum), see
        :func:`hpresearch.data.official_target`.
    year : int
        Target year (after the calibration year, <= 2045).
    lever : str
        ``core_domestic_investment_vnd_bn`` / ``fdi_digital_usd_bn`` / ``dx_spending_vnd_bn``
        (or the aliases in :data:`~hpresearch.model.levers.LEVER_ALIASES`).
    boundary, basis, overrides, calibration
        As in :func:`hpresearch.model.projection`.
    probability : float, optional
        Solve the probabilistic question instead: the smallest level with
        ``P(share >= target) >= probability`` in the Monte Carlo (0 < p < 1).
    draws, seed : int
        Monte Carlo draws and seed of the probabilistic method.
    fan : FanCalibration, optional
        Probabilistic method: the probability of the calibrated fan
        (:func:`hpresearch.backtest.fan_calibration`), not of the model's own draws.

    Returns
    -------
    GoalSeekResult
    """
    lever = lever_name(lever)
    if target is not None and (isinstance(target, bool) or not isinstance(target, (int, float))
                               or not 0 < target < 1):
        raise ScenarioError(error_message(where="--target", value=target,
                                          rule="must be a share strictly between 0 and 1 "
                                               "(0.40 for 40%)"))
    if probability is not None and (isinstance(probability, bool)
                                    or not isinstance(probability, (int, float))
                                    or not 0.0 < probability < 1.0):
        raise UsageError(f"--probability: value {probability!r} must be strictly between 0 and 1")
    sc = load_scenario(scenario)
    cal = calibration if calibration is not None else calibrate(boundary, basis)
    year = check_horizon(year, cal)
    ov = normalise_overrides(overrides)
    params = resolve_params(sc.params, cal, year, ov)
    if target is None:
        target = float(params["target_share"])
    spec = load_registry()[lever]
    years = cal.years(year)
    start = max(int(params["first_policy_year"]), cal.year + 1)
    if start > year:
        raise ScenarioError(error_message(
            where="--year", value=year,
            rule=f"is before the first policy year {start} (first_policy_year)"))
    idx = years >= start
    sim = engine_params(params)
    base_path = np.asarray(sim[lever], dtype=float)
    counter = {"n": 0}

    def run(level: float) -> dict[str, np.ndarray]:
        path = base_path.copy()
        path[idx] = level
        sim[lever] = path
        counter["n"] += 1
        return simulate_paths(cal, sim, year)

    def f(level: float) -> float:
        return float(run(level)["de_share"][0, -1]) - target

    baseline = simulate_paths(cal, {**sim, lever: base_path}, year)
    baseline_share = float(baseline["de_share"][0, -1])
    lo, hi = spec.hard
    lo = 0.0 if lo is None else lo
    f_lo, f_hi = f(lo), f(hi)
    best = f_hi + target
    prob_fields: dict[str, Any] = {}
    if probability is None:
        if f_hi < 0:
            status, value = "unreachable", hi
        elif f_lo >= 0:
            status, value = "already_reached", lo
        else:
            value = brentq(f, lo, hi, xtol=1e-12, rtol=RTOL, maxiter=200)
            status = "solved"
    else:
        from hpresearch.uncertainty.montecarlo import solve_probability
        from hpresearch.uncertainty.spec import build_spec

        mc = build_spec(sc, boundary=cal.boundary, basis=cal.basis, horizon=year,
                        overrides=ov)
        sol = solve_probability(mc, lever, target, year, float(probability), draws, seed,
                                fan=fan)
        if sol.value is None:
            status, value = "unreachable", hi
        elif sol.at_low >= probability:
            status, value = "already_reached", float(sol.value)
        else:
            status, value = "solved", float(sol.value)
        prob_fields = {"probability": float(probability), "achieved_probability": sol.achieved,
                       "draws": int(draws), "seed": int(seed),
                       "quantile_check": sol.quantile_check}
    out = run(value)
    achieved = float(out["de_share"][0, -1])
    limit = float(params["share_pace_limit"])

    def max_rise(o: dict[str, np.ndarray]) -> float:
        return float(np.max(np.diff(o["de_share"][0]))) if len(years) > 1 else 0.0

    rise = max_rise(out)
    credible_value, credible_share = float(value), achieved
    if status in ("solved", "unreachable") and rise > limit + 1e-12:
        if max_rise(run(lo)) > limit:
            credible_value = lo
        else:
            credible_value = brentq(lambda L: max_rise(run(L)) - limit, lo, value,
                                    xtol=1e-9, rtol=1e-9, maxiter=200)
        credible_share = float(run(credible_value)["de_share"][0, -1])
        if status == "solved":
            status = "too_fast"
        out = run(value)
    grdp_n = out["grdp_current_vnd_bn"][0, idx]
    fx = np.asarray(sim["vnd_per_usd"], dtype=float).reshape(-1)
    fx = fx if fx.size == len(years) else np.full(len(years), fx[0])
    conv = fx[idx] if lever == "fdi_digital_usd_bn" else np.ones(idx.sum())
    value_vnd = float(value * conv[0])
    pct = float(np.mean(value * conv / grdp_n))
    latest = latest_actual(lever, cal, params)
    ratio = (value / latest[1]) if latest and latest[1] else math.nan
    shares = out["de_share"][0]
    ip = int(np.argmax(shares))
    peak = (int(years[ip]), float(shares[ip]))
    d = out["digital_va_constant_vnd_bn"][0]
    growth = float((d[-1] / d[0]) ** (1.0 / (len(years) - 1)) - 1.0)
    committed = 0.0
    calibrated_note = (probability is not None and fan is not None)
    if lever == "fdi_digital_usd_bn":
        extra = (float(params["digital_fdi_fraction"])
                 * np.asarray(sim["fdi_extra_usd_bn"], dtype=float).reshape(-1)
                 + np.asarray(sim["fdi_digital_extra_usd_bn"], dtype=float).reshape(-1))
        extra = extra if extra.size == len(years) else np.full(len(years), extra[0])
        committed = float(np.mean(extra[idx]))
    notes = []
    if calibrated_note:
        notes.append("probabilities of the calibrated fan: the Monte Carlo draws recentred and "
                     "rescaled with the engine backtest's past errors "
                     "(hpresearch.uncertainty.montecarlo.calibrate_paths)")
    if lever == "core_domestic_investment_vnd_bn":
        notes.append("latest actual is derived: total social investment x "
                     "core_domestic_investment_share (no published split)")
    if lever == "fdi_digital_usd_bn":
        notes.append("FDI is registered capital; realised = x fdi_disbursement_ratio; latest "
                     "actual = registered FDI x digital_fdi_fraction (derived)")
    if spec.plausible[1] is not None and status == "solved" and value > spec.plausible[1]:
        notes.append(f"solution exceeds the plausible maximum {spec.plausible[1]:g} {spec.unit}")
    return GoalSeekResult(
        scenario=sc.name, boundary=cal.boundary, basis=cal.basis, lever=lever, unit=spec.unit,
        target=float(target), year=year, status=status, value=float(value),
        value_vnd_bn=value_vnd, pct_of_grdp=pct, latest_actual=latest, ratio_to_latest=ratio,
        achieved_share=achieved, baseline_share=baseline_share, best_share=float(best),
        digital_va_growth=growth, policy_years=(start, year), limits=(lo, hi),
        method="probabilistic" if probability is not None else "deterministic",
        calibration=cal.summary(), overrides=ov,
        scenario_path=str(sc.path) if sc.path else None, evaluations=counter["n"], notes=notes,
        peak=peak, max_annual_rise=rise, pace_limit=limit,
        credible_value=float(credible_value), credible_share=float(credible_share),
        committed=committed, total_value=float(value) + committed,
        calibrated=bool(calibrated_note),
        **prob_fields,
    )


def modifies_reference(base: Scenario, out_path: Path) -> str | None:
    """What ``meta.modifies`` of a file written to ``out_path`` names for ``base``.

    A shipped scenario by name; a scenario file elsewhere by its path relative to the new
    file's folder; ``None`` for an ``a+b`` composition (whose parameters are then inlined).
    """
    if len(base.chain) > 0 and "+" not in base.name:
        if base.path is not None and base.path.resolve().parent != scenarios_dir().resolve():
            return os.path.relpath(base.path.resolve(), Path(out_path).resolve().parent)
        return base.name
    return None


def check_output_path(path: str | Path, where: str = "--write-scenario") -> Path:
    """A scenario file may be written to ``path`` (``.yaml``/``.yml``, folder exists)."""
    out = Path(path)
    if out.suffix not in (".yaml", ".yml"):
        raise ScenarioError(error_message(where=where, value=str(out),
                                          rule="must end in .yaml or .yml"))
    if not out.parent.exists():
        raise ScenarioError(error_message(where=where, value=str(out.parent),
                                          rule="folder does not exist"))
    return out


def write_document(doc: Mapping[str, Any], path: str | Path,
                   where: str = "--write-scenario", guard: Any = None) -> Path:
    """Write a scenario mapping as YAML, atomically: to a temporary file in the same folder
    (flushed and fsynced, the umask's permissions), validated by :func:`load_scenario`, then
    renamed into place. A refused document leaves nothing behind and an existing file
    untouched; ``guard()`` (if given) is called again just before the rename, so a check of
    the target still holds at that moment; an unwritable place is a one-line error."""
    out = check_output_path(path, where)
    text = yaml.safe_dump(dict(doc), sort_keys=False, allow_unicode=True, width=100)

    def check(tmp: Path) -> None:
        with warnings.catch_warnings():  # plausibility is reported by the caller
            warnings.simplefilter("ignore")
            load_scenario(tmp, horizon=MAX_HORIZON)  # validate before it becomes visible
        if guard is not None:
            guard()

    try:
        atomic_write(out, text, fsync=True, check=check)
    except OSError as err:
        raise ScenarioError(error_message(where=where, value=str(out),
                                          rule=f"cannot be written ({err.strerror})")) from None
    return out


def scenario_document(result: GoalSeekResult, base: Scenario, out_path: Path) -> dict:
    """The YAML mapping written by :func:`write_scenario`."""
    start, stop = result.policy_years
    params: dict[str, Any] = {}
    for k, v in result.overrides.items():
        params[k] = dict(v) if isinstance(v, Mapping) else v
    lever_pts = {start: float(result.value), stop: float(result.value)}
    if isinstance(params.get(result.lever), Mapping):
        params[result.lever] = {**params[result.lever], **lever_pts}
    else:
        params[result.lever] = lever_pts
    modifies = modifies_reference(base, out_path)
    if modifies is not None:
        composed = params
    else:  # a+b composition: inline the composed parameters
        composed = merge_params(dict(base.params), params)
    refs = [{"title": "goal-seek output of hpresearch (scipy.optimize.brentq)",
             "url": "docs/model.md#goal-seek"}]
    refs += [{"title": f"reference of {base.name}", "url": u} for u in base.references() if u]
    how = (f"so that the Monte Carlo probability of a digital-economy share >= "
           f"{result.target:.4f} in {result.year} is at least {result.probability:g} "
           f"(estimated {result.achieved_probability:.3f}, {result.draws} draws, seed "
           f"{result.seed})" if result.probabilistic else
           f"so that the digital-economy share reaches {result.target:.4f} in {result.year}")
    return {
        "meta": {
            "title": f"Goal-seek: {result.lever} for {result.target:.2%} in {result.year} "
                     f"({base.name}, {result.boundary}, {result.basis})",
            "description": (f"Scenario {base.name} with {result.lever} held at "
                            f"{result.value!r} {result.unit} every year {start}-{stop}, solved "
                            f"{how} on boundary {result.boundary}, basis {result.basis} "
                            f"(method: {result.method}; status: {result.status})."),
            **goalseek_meta_vi(result, base),
            "author": "hpresearch goal-seek",
            "reference": refs,
            "modifies": modifies,
        },
        "params": composed,
    }


def write_scenario(result: GoalSeekResult, path: str | Path, base: Any = None, *,
                   force: bool = False) -> Path:
    """Write a valid scenario file reproducing ``result`` (atomic; validated before rename).

    ``result`` may also be a :class:`hpresearch.model.leastcost.LeastCostResult`: the file then
    holds every lever of the mix at its solved level.

    Never overwrites an input: the scenario being solved, a file of its ``modifies`` chain
    and anything inside the package are refused, and an existing file is replaced only with
    ``force=True`` (:func:`hpresearch.model.scenario.check_write_target`). When the base
    scenario is not reachable from the output's folder (``modifies`` may only point inside
    it or to a shipped scenario) the composed parameters are written in full instead.
    """
    from hpresearch.model.scenario import _inside, check_write_target

    out = check_output_path(path)
    if result.status == "too_fast":
        raise UsageError(f"--write-scenario {out}: not written - the level that reaches the "
                         f"target raises the share by {result.max_annual_rise * 100:.2f} pp in "
                         f"one year, above the credible {result.pace_limit * 100:.2f} pp "
                         f"(share_pace_limit; --set share_pace_limit=... accepts a faster path)")
    if not result.reachable:
        raise UsageError(f"--write-scenario {out}: not written - the target is not reachable "
                         f"with {result.lever} within its limits ({result.method} goal-seek)")
    base_sc = load_scenario(base if base is not None else
                            (result.scenario_path or result.scenario))
    check_write_target(out, base_sc, force=force)
    builder = getattr(result, "scenario_document", None)  # a least-cost mix builds its own
    doc = builder(base_sc, out) if builder else scenario_document(result, base_sc, out)
    mod = doc["meta"].get("modifies")
    if mod and mod.endswith((".yaml", ".yml")) and not _inside(
            (out.parent / mod).resolve(), out.resolve().parent):
        own = dict(doc["params"])
        doc["meta"]["modifies"] = None
        doc["params"] = merge_params(dict(base_sc.params), own)
    return write_document(doc, out,
                          guard=lambda: check_write_target(out, base_sc, force=force))
