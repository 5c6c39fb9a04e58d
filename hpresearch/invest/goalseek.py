"""Goal-seek: the constant annual lever level(s) that make the share reach a target in a year.

One question, one entry point: :func:`solve`. Each lever is set to one level in every year
from ``max(first_policy_year, t0 + 1)`` to the target year (held afterwards), and the answer
is a :class:`~hpresearch.invest.investment.GoalSeekResult` whose ``method`` says how it was
found:

* ``"deterministic"`` (one lever, no probability): ``share_year(L) = target`` on the central
  projection, with :func:`scipy.optimize.brentq` inside the lever's hard limits. The share
  is increasing in every lever (more capital, faster adoption), so the root is unique when
  it exists; when even the upper limit falls short the result says so and reports the best
  share reachable.
* ``"probabilistic"`` (one lever, ``probability=p``): the smallest ``L`` with
  ``P(share_year >= target) >= p`` in the Monte Carlo
  (:func:`hpresearch.uncertainty.montecarlo.solve_probability`, common random numbers).
* ``"least_cost"`` (several levers, ``probability=p``; optional cost weights and bounds):
  the cheapest mix with that probability (:mod:`hpresearch.invest.leastcost`).

One lever without a probability is thus the special case of several levers with one. The
status and the pace limit (:func:`hpresearch.invest.investment.pace_check`) and the scenario
file (:func:`write_scenario`) are the same for every method. :func:`goal_seek` (one lever)
and :func:`least_cost` (a mix) are thin wrappers with the arguments of each question.

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
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Mapping, Sequence

import numpy as np
import yaml
from scipy.optimize import brentq

from hpresearch import argspec
from hpresearch.calibration.base import Calibration
from hpresearch.calibration.rules import calibrate
from hpresearch.defaults import DRAWS, SEED
from hpresearch.errors import ScenarioError, UsageError, error_message
from hpresearch.fileio import atomic_write
from hpresearch.model.engine import (engine_params, output_mode_notes, resolve_params,
                                     simulate_paths)
from hpresearch.invest.investment import (METHODS, GoalSeekResult,  # noqa: F401
                                         binding, max_rise, pace_check)
from hpresearch.parameters.levers import latest_actual, lever_name
from hpresearch.parameters.levers import levers as every_lever
from hpresearch.model.projection import check_end_year, normalise_overrides
from hpresearch.parameters.registry import MAX_END_YEAR, load_registry
from hpresearch.model.scenario import Scenario, load_scenario, merge_params
from hpresearch.paths import scenarios_dir
from hpresearch.textsafe import shorten
from hpresearch.data.vocabulary import DEFAULT_BOUNDARY
from hpresearch.uncertainty.spec import DEFAULT_LEVER

#: Solver tolerance on the lever (relative) - far below the 0.05 pp accuracy requirement.
RTOL = 1e-10


@dataclass
class _Setup:
    """A scenario bound to a calibration, target year and overrides, with the first year the
    levers act (``start``)."""

    scenario: Scenario
    cal: Calibration
    year: int
    overrides: dict
    params: dict
    start: int


def _setup(scenario: Any, boundary: str, basis: str, calibration: Calibration | None,
           year: int, overrides: Any) -> _Setup:
    sc = load_scenario(scenario)
    cal = calibration if calibration is not None else calibrate(boundary, basis)
    year = check_end_year(year, cal, "year")
    ov = normalise_overrides(overrides)
    params = resolve_params(sc.params, cal, year, ov)
    start = max(int(params["first_policy_year"]), cal.year + 1)
    if start > year:
        raise ScenarioError(error_message(
            where="year", value=year,
            rule=f"is before the first policy year {start} (first_policy_year)"), argument="year")
    return _Setup(sc, cal, year, ov, params, start)


def solve(scenario: Any = "trend", levers: str | Sequence[str] = (DEFAULT_LEVER,),
          target: float | None = None, year: int = 2030, probability: float | None = None, *,
          costs: Mapping[str, Any] | Sequence[tuple[str, Any]] | None = None,
          bounds: Mapping[str, Any] | Sequence[tuple[str, Any]] | None = None,
          method: str | None = None, boundary: str = DEFAULT_BOUNDARY, basis: str = "gso",
          overrides: Any = None, calibration: Calibration | None = None,
          draws: int = DRAWS, seed: int = SEED, fan: Any = None) -> GoalSeekResult:
    """The constant annual lever level(s) that reach ``target`` in ``year``.

    Parameters
    ----------
    scenario : str, Path or Scenario
    levers : str or sequence of str
        One lever or several (``core_domestic_investment_vnd_bn``, ``fdi_digital_usd_bn``,
        ``dx_spending_vnd_bn`` or the aliases in
        :data:`~hpresearch.parameters.levers.LEVER_ALIASES`); levers not listed keep the
        scenario's path.
    target : float, optional
        Share as a fraction (0.40). Default: the scenario's ``target_share`` - the boundary's
        official target for 2030 from the observation files (merged city: >35%, its
        2026-2030 plan; pre-merger city: 40%, the 2024 forum), see
        :func:`hpresearch.data.official_target`.
    year : int
        Target year (after the calibration year, <= 2045).
    probability : float, optional
        Solve for ``P(share >= target) >= probability`` in the Monte Carlo (0 < p < 1)
        instead of the central projection; required for several levers.
    costs : mapping, optional
        Least cost: weight per VND of each lever, ``{lever: weight}`` (default 1 each: all
        money counts, FDI converted at the scenario's exchange rate); e.g. public money only
        ``{"fdi_digital": 0}`` with a bound on FDI.
    bounds : mapping, optional
        Least cost: narrower bounds than the registry's hard limits, ``{lever: (lo, hi)}``
        (``None`` keeps the hard limit).
    method : {"deterministic", "probabilistic", "least_cost"}, optional
        Default: ``least_cost`` for several levers or with ``costs``/``bounds``, else
        ``probabilistic`` with a probability and ``deterministic`` without.
    boundary, basis, overrides, calibration
        As in :func:`hpresearch.model.projection`; ``calibration`` for one lever only.
    draws, seed : int
        Monte Carlo draws and seed (common random numbers).
    fan : FanCalibration, optional
        One lever with a probability: the probability of the calibrated fan
        (:func:`hpresearch.backtest.fan_calibration`), not of the model's own draws.

    Returns
    -------
    GoalSeekResult
    """
    target = None if target is None else argspec.check("target", target)
    probability = None if probability is None else argspec.check("probability", probability)
    year = check_end_year(year, None, "year")  # argument errors before any work
    names = [levers] if isinstance(levers, str) else list(levers)
    if method is None:
        method = ("least_cost" if len(names) != 1 or costs is not None or bounds is not None
                  else "deterministic" if probability is None else "probabilistic")
    if method not in METHODS:
        raise UsageError(error_message(where="method", value=method,
                                       rule=f"must be one of {', '.join(METHODS)}"),
                         argument="method")
    if method == "least_cost":
        return _solve_mix(scenario, names, target, year, probability, costs, bounds,
                          boundary, basis, overrides, calibration, draws, seed, fan)
    if ((method == "probabilistic") != (probability is not None) or len(names) != 1
            or costs is not None or bounds is not None):
        raise UsageError(error_message(
            where="method", value=method,
            rule="does not fit the arguments: deterministic is one lever without a "
                 "probability, probabilistic one lever with one (costs and bounds are for "
                 "least_cost)"), argument="method")
    return _solve_lever(scenario, names[0], target, year, probability, boundary, basis,
                        overrides, calibration, draws, seed, fan)


def _solve_mix(scenario, names, target, year, probability, costs, bounds, boundary, basis,
               overrides, calibration, draws, seed, fan) -> GoalSeekResult:
    """``method="least_cost"``: bind the scenario and run the least-cost solver."""
    from hpresearch.invest.leastcost import check_costs, check_levers, least_cost_spec
    from hpresearch.uncertainty.spec import build_spec

    names = check_levers(names)  # argument errors before any work
    check_costs(costs, names)
    if probability is None:
        raise UsageError(error_message(where="probability", value=None,
                                       rule="is required for a least-cost mix (it is solved "
                                            "on the Monte Carlo)"), argument="probability")
    for arg, value in (("calibration", calibration), ("fan", fan)):
        if value is not None:
            raise UsageError(error_message(
                where=arg, value=type(value).__name__,
                rule="is for one lever only: the least-cost mix solves on the model's own "
                     "draws of the panel's calibration"))
    s = _setup(scenario, boundary, basis, None, year, overrides)
    spec = build_spec(s.scenario, boundary=s.cal.boundary, basis=s.cal.basis, end_year=s.year,
                      overrides=s.overrides)
    res = least_cost_spec(spec, names, probability, target=target, year=s.year, costs=costs,
                          bounds=bounds, draws=draws, seed=seed,
                          pace_limit=float(s.params["share_pace_limit"]))
    res.scenario = s.scenario.name
    res.calibration = s.cal.summary()
    res.overrides = s.overrides
    res.scenario_path = str(s.scenario.path) if s.scenario.path else None
    return res


class _LeverRun:
    """The central projection with one lever at a constant level in the policy years
    (counts the engine runs)."""

    def __init__(self, s: _Setup, lever: str):
        self.s, self.lever = s, lever
        self.years = s.cal.years(s.year)
        self.idx = self.years >= s.start
        self.sim = engine_params(s.params)
        self.base_path = np.asarray(self.sim[lever], dtype=float)
        self.evaluations = 0

    def __call__(self, level: float) -> dict[str, np.ndarray]:
        path = self.base_path.copy()
        path[self.idx] = level
        self.sim[self.lever] = path
        self.evaluations += 1
        return simulate_paths(self.s.cal, self.sim, self.s.year)

    def share(self, level: float) -> float:
        """Share in the target year at ``level``."""
        return float(self(level)["de_share"][0, -1])

    def rise(self, level: float) -> float:
        """Largest one-year rise of the share at ``level``."""
        return max_rise(self(level)["de_share"][0])


def _solve_lever(scenario, lever, target, year, probability, boundary, basis, overrides,
                 calibration, draws, seed, fan) -> GoalSeekResult:
    """``method="deterministic"`` or ``"probabilistic"``: one lever."""
    if probability is not None and calibration is not None:
        # the Monte Carlo is bound to the panel's calibration (build_spec): a caller's
        # calibration would drive the central path but not the draws
        raise UsageError(error_message(
            where="calibration", value=type(calibration).__name__,
            rule="is for the deterministic method only: the probabilistic one solves on the "
                 "draws of the panel's calibration"), argument="calibration")
    lever = lever_name(lever)
    s = _setup(scenario, boundary, basis, calibration, year, overrides)
    if target is None:
        target = float(s.params["target_share"])
    spec = load_registry()[lever]
    run = _LeverRun(s, lever)
    baseline = simulate_paths(s.cal, {**run.sim, lever: run.base_path}, s.year)
    lo, hi = spec.hard
    lo = 0.0 if lo is None else lo
    share_lo, share_hi = run.share(lo), run.share(hi)
    mc: dict[str, Any] = {}
    if probability is None:
        if share_hi < target:
            status, value = "unreachable", hi
        elif share_lo >= target:
            status, value = "already_reached", lo
        else:
            value = brentq(lambda L: run.share(L) - target, lo, hi, xtol=1e-12, rtol=RTOL,
                           maxiter=200)
            status = "solved"
    else:
        status, value, mc = _probability_level(s, lever, target, probability, draws, seed, fan,
                                               hi)
    out = run(value)
    achieved = float(out["de_share"][0, -1])
    limit = float(s.params["share_pace_limit"])
    rise = max_rise(out["de_share"][0])
    status, credible = pace_check(status, rise, limit, run.rise, lo, value)
    credible_share = achieved
    if credible is not None:
        credible_share = run.share(credible)
        out = run(value)
    else:
        credible = value
    return _lever_result(s, run, spec, out, mc, target=float(target), status=status,
                         value=float(value), lo=lo, hi=hi, achieved=achieved,
                         baseline_share=float(baseline["de_share"][0, -1]),
                         best=float(share_hi), rise=rise, limit=limit,
                         credible=float(credible), credible_share=float(credible_share),
                         probability=probability, fan=fan)


def _probability_level(s: _Setup, lever: str, target: float, probability: float, draws: int,
                       seed: int, fan: Any, hi: float) -> tuple[str, float, dict[str, Any]]:
    """Status, level and Monte Carlo fields of the probabilistic method."""
    from hpresearch.uncertainty.montecarlo import solve_probability
    from hpresearch.uncertainty.spec import build_spec

    mc = build_spec(s.scenario, boundary=s.cal.boundary, basis=s.cal.basis, end_year=s.year,
                    overrides=s.overrides)
    sol = solve_probability(mc, lever, target, s.year, float(probability), draws, seed,
                            fan=fan)
    if sol.value is None:
        status, value = "unreachable", hi
    elif sol.at_low >= probability:
        status, value = "already_reached", float(sol.value)
    else:
        status, value = "solved", float(sol.value)
    return status, value, {"probability": float(probability),
                           "achieved_probability": sol.achieved, "draws": int(draws),
                           "seed": int(seed), "quantile_check": sol.quantile_check}


def _lever_notes(lever: str, spec: Any, status: str, value: float, calibrated: bool
                 ) -> list[str]:
    notes = []
    if calibrated:
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
    return notes


def _per_year(values: Any, n: int) -> np.ndarray:
    """A parameter as one value per projection year."""
    x = np.asarray(values, dtype=float).reshape(-1)
    return x if x.size == n else np.full(n, x[0])


def _lever_result(s: _Setup, run: _LeverRun, spec: Any, out: dict[str, np.ndarray],
                  mc: dict[str, Any], *, target: float, status: str, value: float, lo: float,
                  hi: float, achieved: float, baseline_share: float, best: float, rise: float,
                  limit: float, credible: float, credible_share: float, probability: Any,
                  fan: Any) -> GoalSeekResult:
    """Money, ratios, path and notes of a one-lever solution."""
    lever, years, idx, sim, params = run.lever, run.years, run.idx, run.sim, s.params
    grdp_n = out["grdp_current_vnd_bn"][0, idx]
    fx = _per_year(sim["vnd_per_usd"], len(years))
    conv = fx[idx] if lever == "fdi_digital_usd_bn" else np.ones(idx.sum())
    value_vnd = float(value * conv[0])
    latest = latest_actual(lever, s.cal, params)
    shares = out["de_share"][0]
    ip = int(np.argmax(shares))
    d = out["digital_va_constant_vnd_bn"][0]
    committed = 0.0
    if lever == "fdi_digital_usd_bn":
        extra = (float(params["digital_fdi_fraction"])
                 * np.asarray(sim["fdi_extra_usd_bn"], dtype=float).reshape(-1)
                 + np.asarray(sim["fdi_digital_extra_usd_bn"], dtype=float).reshape(-1))
        committed = float(np.mean(_per_year(extra, len(years))[idx]))
    calibrated = probability is not None and fan is not None
    return GoalSeekResult(
        scenario=s.scenario.name, boundary=s.cal.boundary, basis=s.cal.basis,
        target=target, year=s.year, status=status,
        method="probabilistic" if probability is not None else "deterministic",
        levers=(lever,), units=(spec.unit,), levels=(value,), levels_vnd_bn=(value_vnd,),
        bounds=((lo, hi),), policy_years=(s.start, s.year),
        pct_of_grdp=float(np.mean(value * conv / grdp_n)), achieved_share=achieved,
        baseline_share=baseline_share, max_annual_rise=rise, pace_limit=limit,
        credible_levels=(credible,), credible_share=credible_share,
        calibrated=bool(calibrated), weights=(1.0,), costs=(value_vnd,),
        total_cost=value_vnd, total_vnd_bn=value_vnd,
        cost_shares=(1.0 if value_vnd > 0 else 0.0,), bound_sources=("hard limit",),
        binding=(binding(value, lo, hi),),
        latest_levels=(latest[1] if latest else None,), latest_actual=latest,
        ratio_to_latest=(value / latest[1]) if latest and latest[1] else math.nan,
        best_share=best, digital_va_growth=float((d[-1] / d[0]) ** (1.0 / (len(years) - 1))
                                                 - 1.0),
        committed=committed, total_value=value + committed,
        peak=(int(years[ip]), float(shares[ip])),
        calibration=s.cal.summary(), overrides=s.overrides,
        scenario_path=str(s.scenario.path) if s.scenario.path else None,
        evaluations=run.evaluations,
        notes=_lever_notes(lever, spec, status, value, calibrated) + output_mode_notes(params),
        **mc)


def goal_seek(scenario: Any = "trend", target: float | None = None, year: int = 2030,
              lever: str = DEFAULT_LEVER, boundary: str = DEFAULT_BOUNDARY,
              basis: str = "gso", overrides: Any = None,
              calibration: Calibration | None = None, probability: float | None = None,
              draws: int = DRAWS, seed: int = SEED, fan: Any = None) -> GoalSeekResult:
    """The constant annual level of one lever that reaches ``target`` in ``year``.

    :func:`solve` with one lever: ``method="deterministic"`` on the central projection, or
    ``"probabilistic"`` with ``probability`` (the smallest level with ``P(share >= target)
    >= probability`` in the Monte Carlo). The arguments are those of :func:`solve`;
    ``lever`` is one lever name or alias.

    Returns
    -------
    GoalSeekResult
    """
    return solve(scenario, (lever,), target=target, year=year, probability=probability,
                 method="deterministic" if probability is None else "probabilistic",
                 boundary=boundary, basis=basis, overrides=overrides, calibration=calibration,
                 draws=draws, seed=seed, fan=fan)


def least_cost(scenario: Any = "trend", levers: Sequence[str] | None = None,
               probability: float = 0.8, target: float | None = None, year: int = 2030,
               costs: Mapping[str, Any] | None = None, bounds: Mapping[str, Any] | None = None,
               boundary: str = DEFAULT_BOUNDARY, basis: str = "gso", overrides: Any = None,
               draws: int = DRAWS, seed: int = SEED) -> GoalSeekResult:
    """Cheapest constant annual lever mix with P(share >= target in ``year``) >= ``probability``.

    :func:`solve` with ``method="least_cost"`` (see :mod:`hpresearch.invest.leastcost` for the
    formulation); the arguments are those of :func:`solve`, and ``levers=None`` combines
    every lever of the registry.

    Returns
    -------
    GoalSeekResult

    References
    ----------
    Nocedal, J. & Wright, S. J. (2006). *Numerical Optimization*, 2nd ed., ch. 12 and 18.
    Hong, L. J. (2009). Estimating quantile sensitivities. *Operations Research* 57(1).
    """
    return solve(scenario, levers if levers is not None else every_lever(), target=target,
                 year=year, probability=probability, costs=costs, bounds=bounds,
                 method="least_cost", boundary=boundary, basis=basis, overrides=overrides,
                 draws=draws, seed=seed)


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


def write_document(doc: Mapping[str, Any], path: str | Path, base: Scenario | None = None, *,
                   force: bool = False, where: str = "write_scenario") -> Path:
    """Write a scenario mapping as YAML where the one write guard allows it; atomic.

    The guard is :func:`hpresearch.model.scenario.check_write_target` (never ``base`` or a
    file of its ``modifies`` chain, never the package, an existing file only with
    ``force``), applied before anything is written and again just before the rename, so it
    still holds at that moment. Every writer of a scenario file (``--write-scenario``,
    :func:`write_scenario`, the explorer's ``save_scenario`` and its download) comes here.
    A ``modifies`` the new file's folder cannot reach is replaced by the composed parameters.
    The text goes to a temporary file in the same folder (flushed and fsynced, the umask's
    permissions), is validated by :func:`load_scenario`, then renamed into place. A refused
    document leaves nothing behind and an existing file untouched; an unwritable place is a
    one-line error.
    """
    from hpresearch.model.scenario import check_write_target

    out = check_write_target(path, base, force=force, where=where)
    text = yaml.safe_dump(_reachable(dict(doc), base, out), sort_keys=False,
                          allow_unicode=True, width=100)

    def check(tmp: Path) -> None:
        with warnings.catch_warnings():  # plausibility is reported by the caller
            warnings.simplefilter("ignore")
            load_scenario(tmp, end_year=MAX_END_YEAR)  # validate before it becomes visible
        check_write_target(out, base, force=force, where=where)

    try:
        atomic_write(out, text, fsync=True, check=check)
    except OSError as err:
        raise ScenarioError(argument=where, message=error_message(
            where=where, value=str(out), rule=f"cannot be written ({err.strerror})")) from None
    return out


def _reachable(doc: dict, base: Scenario | None, out: Path) -> dict:
    """``doc`` with a ``modifies`` file outside ``out``'s folder replaced by the composed
    parameters (``modifies`` may only point inside the file's folder or to a shipped name)."""
    from hpresearch.model.scenario import _inside

    mod = doc["meta"].get("modifies")
    if base is None or not mod or not str(mod).endswith((".yaml", ".yml")) or _inside(
            (out.parent / mod).resolve(), out.resolve().parent):
        return doc
    meta = {**doc["meta"], "modifies": None}
    return {**doc, "meta": meta, "params": merge_params(dict(base.params), dict(doc["params"]))}


#: The reference and author a written scenario file names, by method kind.
_PROVENANCE = {
    False: ({"title": "goal-seek output of hpresearch (scipy.optimize.brentq)",
             "url": "docs/model.md#goal-seek"}, "hpresearch goal-seek"),
    True: ({"title": "least-cost goal-seek output of hpresearch (scipy.optimize SLSQP and "
                     "brentq)", "url": "docs/evidence.md#least-cost-mix"},
           "hpresearch goal-seek --levers"),
}


def scenario_meta(result: GoalSeekResult, base: Scenario, lang: str) -> dict[str, str]:
    """Title and description of the scenario file that reproduces ``result``, in ``lang``.

    The templates are the ``scenario_file.*`` keys of the message catalogue; the numbers are
    the same in both languages (the solved levels in full precision), in each language's
    number format (:mod:`hpresearch.i18n`).
    """
    from hpresearch.i18n import format_exact, format_number, t
    from hpresearch.parameters.registry import param_text

    vi = lang == "vi"

    def exact(x: float) -> str:
        return format_exact(float(x), "vi") if vi else repr(float(x))

    def fixed(x: float, digits: int) -> str:
        return format_number(float(x), "vi", digits, grouping=False) if vi else f"{x:.{digits}f}"

    def named(lever: str) -> str:
        return f"{param_text(lever, 'title', 'vi')} ({lever})" if vi else lever

    def unit(lever: str, u: str) -> str:
        return param_text(lever, "unit", "vi") if vi else u

    start, stop = result.policy_years
    target_pct = (format_number(100 * float(result.target), "vi", 2, grouping=False) + "%"
                  if vi else f"{result.target:.2%}")
    common = dict(base=base.name, boundary=result.boundary, basis=result.basis,
                  year=result.year, start=start, stop=stop, status=result.status,
                  base_named=f"{base.name} ({base.text('title', 'vi')})" if vi else base.name)
    if result.probabilistic:
        mc = dict(target=fixed(result.target, 4), year=result.year,
                  probability=exact(result.probability) if vi else f"{result.probability:g}",
                  achieved=fixed(result.achieved_probability, 4 if result.mix else 3),
                  draws=result.draws, seed=result.seed)
    if result.mix:
        mix = ("; " if vi else ", ").join(
            f"{named(n)} = {exact(v)} {unit(n, u)}"
            for n, v, u in zip(result.levers, result.levels, result.units))
        weights = ("[" + "; ".join(exact(w) for w in result.weights) + "]" if vi
                   else str(list(result.weights)))
        return {"title": t("scenario_file.least_cost.title", lang, **common,
                           levers=", ".join(result.levers), target=target_pct,
                           probability=mc["probability"]),
                "description": t("scenario_file.least_cost.description", lang,
                                 **{**common, **mc}, mix=mix, weights=weights)}
    how = (t("scenario_file.goal_seek.how_probability", lang, **mc) if result.probabilistic
           else t("scenario_file.goal_seek.how", lang, target=fixed(result.target, 4),
                  year=result.year))
    return {"title": t("scenario_file.goal_seek.title", lang, **common,
                       lever=named(result.lever), target=target_pct),
            "description": t("scenario_file.goal_seek.description", lang, **common,
                             lever=named(result.lever), value=exact(result.value),
                             unit=unit(result.lever, result.unit), how=how,
                             method=result.method)}


def scenario_document(result: GoalSeekResult, base: Scenario, out_path: Path) -> dict:
    """The YAML mapping :func:`write_scenario` writes: the base scenario with every solved
    lever held at its level from the first policy year to the target year."""
    start, stop = result.policy_years
    params: dict[str, Any] = {}
    for k, v in result.overrides.items():
        params[k] = dict(v) if isinstance(v, Mapping) else v
    for name, level in zip(result.levers, result.levels):
        pts = {start: float(level), stop: float(level)}
        params[name] = ({**params[name], **pts} if isinstance(params.get(name), Mapping)
                        else pts)
    modifies = modifies_reference(base, out_path)
    if modifies is not None:
        composed = params
    else:  # a+b composition: inline the composed parameters
        composed = merge_params(dict(base.params), params)
    reference, author = _PROVENANCE[result.mix]
    refs = [reference]
    refs += [{"title": f"reference of {base.name}", "url": u} for u in base.references() if u]
    en, vi = scenario_meta(result, base, "en"), scenario_meta(result, base, "vi")
    return {
        "meta": {
            "title": en["title"], "description": en["description"],
            "title_vi": vi["title"], "description_vi": vi["description"],
            "author": author,
            "reference": refs,
            "modifies": modifies,
        },
        "params": composed,
    }


def write_scenario(result: GoalSeekResult, path: str | Path, base: Any = None, *,
                   force: bool = False) -> Path:
    """Write a valid scenario file reproducing ``result`` (atomic; validated before rename).

    The file holds every solved lever at its level (one lever, or each lever of a
    least-cost mix).

    Never overwrites an input: the scenario being solved, a file of its ``modifies`` chain
    and anything inside the package are refused, and an existing file is replaced only with
    ``force=True`` (:func:`hpresearch.model.scenario.check_write_target`). When the base
    scenario is not reachable from the output's folder (``modifies`` may only point inside
    it or to a shipped scenario) the composed parameters are written in full instead.
    """
    from hpresearch.model.scenario import check_write_target

    base_sc = load_scenario(base if base is not None else
                            (result.scenario_path or result.scenario))
    out = check_write_target(path, base_sc, force=force)
    shown = shorten(str(out))
    if result.status == "too_fast":
        raise UsageError(argument="write_scenario", message=(
                         f"write_scenario {shown}: not written - the level that reaches the "
                         f"target raises the share by {result.max_annual_rise * 100:.2f} pp in "
                         f"one year, above the credible {result.pace_limit * 100:.2f} pp "
                         f"(share_pace_limit; a higher value accepts a faster path)"))
    if not result.reachable:
        raise UsageError(argument="write_scenario", message=(
                         f"write_scenario {shown}: not written - the target is not reachable "
                         f"with {result.lever} within its limits ({result.method} goal-seek)"))
    return write_document(scenario_document(result, base_sc, out), out, base_sc, force=force)
