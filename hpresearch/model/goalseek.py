"""Goal-seek: the constant annual lever level that makes the share hit a target in a year.

For a lever (``core_domestic_investment_vnd_bn``, ``fdi_digital_usd_bn`` or
``dx_spending_vnd_bn``) the solver sets the lever to one level ``L`` in every year from
``max(first_policy_year, t0 + 1)`` to the target year (held afterwards) and solves
``share_target_year(L) = target`` with :func:`scipy.optimize.brentq` inside the lever's hard
limits. The share is increasing in every lever (more capital, faster adoption), so the root
is unique when it exists; when even the upper limit falls short the result says so and
reports the best share reachable.

References
----------
Brent, R. P. (1973). *Algorithms for Minimization without Derivatives*, ch. 4.
Loayza, N. & Pennings, S. (eds., 2022). *The Long Term Growth Model*, World Bank -
"Submodel 2": the investment a growth target requires.
"""
from __future__ import annotations

import math
import os
import tempfile
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Mapping

import numpy as np
import yaml
from scipy.optimize import brentq

from hpresearch.errors import ScenarioError, error_message
from hpresearch.model.calibration import Calibration, calibrate
from hpresearch.model.engine import SIM_PARAMS, resolve_params, simulate_paths
from hpresearch.model.parameters import MAX_HORIZON, load_registry
from hpresearch.model.projection import check_horizon, normalise_overrides
from hpresearch.model.scenarios import Scenario, goalseek_meta_vi, load_scenario
from hpresearch.paths import scenarios_dir

#: Short names accepted for the levers.
LEVER_ALIASES = {
    "core_domestic_investment": "core_domestic_investment_vnd_bn",
    "core_investment": "core_domestic_investment_vnd_bn",
    "fdi_digital": "fdi_digital_usd_bn",
    "fdi": "fdi_digital_usd_bn",
    "dx_spending": "dx_spending_vnd_bn",
    "dx": "dx_spending_vnd_bn",
}
#: Solver tolerance on the lever (relative) - far below the 0.05 pp accuracy requirement.
RTOL = 1e-10


def lever_name(name: str) -> str:
    """Canonical lever name (accepts the short aliases)."""
    reg = load_registry()
    canon = LEVER_ALIASES.get(name, name)
    if canon not in reg or not reg[canon].lever:
        options = sorted(set(LEVER_ALIASES) | {n for n, s in reg.items() if s.lever})
        raise ScenarioError(error_message(where="--lever", value=name,
                                          rule=f"is not a lever (choose from {', '.join(options)})"))
    return canon


@dataclass
class GoalSeekResult:
    """Outcome of :func:`goal_seek` (all money nominal, per year).

    Attributes
    ----------
    status : {"solved", "unreachable", "already_reached"}
    value : float
        Lever level (lever unit) that hits the target; for ``unreachable`` the upper limit.
    value_vnd_bn : float
        The same in VND bn (FDI converted at the exchange-rate path of the first policy year).
    pct_of_grdp : float
        Mean over the policy years of value (VND) / nominal GRDP.
    latest_actual : tuple[int, float] | None
        Latest actual level of the lever (year, value) - for ``core_domestic_investment`` and
        ``fdi_digital`` derived from the panel total times the registry fraction.
    ratio_to_latest : float
    achieved_share, baseline_share, best_share : float
        Share in the target year with the solved lever, under the scenario as given, and
        with the lever at its upper limit.
    digital_va_growth : float
        Implied mean real growth of digital value added, base year to target year.
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
    calibration: Mapping[str, Any] = field(default_factory=dict)
    overrides: Mapping[str, Any] = field(default_factory=dict)
    scenario_path: str | None = None
    evaluations: int = 0
    notes: list[str] = field(default_factory=list)
    peak: tuple[int, float] | None = None

    @property
    def reachable(self) -> bool:
        return self.status in ("solved", "already_reached")

    def summary(self) -> str:
        """Readable multi-line summary (boundary and basis always stated)."""
        s0, s1 = self.policy_years
        lines = [f"Goal-seek: {self.lever} for a digital-economy share of {self.target:.2%} in "
                 f"{self.year} - scenario {self.scenario}, boundary {self.boundary}, basis "
                 f"{self.basis} (base year {self.calibration.get('base_year')}, share "
                 f"{self.calibration.get('de_share', float('nan')):.2%})."]
        if self.status == "unreachable":
            lines.append(f"NOT REACHABLE within the lever's limits: even {self.value:,.4g} "
                         f"{self.unit} every year {s0}-{s1} gives only {self.best_share:.2%} in "
                         f"{self.year} (target {self.target:.2%}; scenario as given: "
                         f"{self.baseline_share:.2%}).")
            return "\n".join(lines + [f"note: {n}" for n in self.notes])
        if self.status == "already_reached":
            lines.append(f"The target is reached even with the lever at its lower limit "
                         f"({self.value:,.4g} {self.unit}); share {self.achieved_share:.2%}.")
        else:
            lines.append(f"Required: {self.value:,.4f} {self.unit} every year {s0}-{s1} "
                         f"(= {self.value_vnd_bn:,.0f} VND bn/yr, {self.pct_of_grdp:.2%} of GRDP).")
        if self.latest_actual:
            y, v = self.latest_actual
            lines.append(f"Latest actual ({y}): {v:,.4g} {self.unit} -> ratio "
                         f"{self.ratio_to_latest:,.2f}x.")
        lines.append(f"Achieved share {self.achieved_share:.2%} in {self.year} (scenario as given: "
                     f"{self.baseline_share:.2%}); implied real growth of digital value added "
                     f"{self.digital_va_growth:.2%}/yr from the base year.")
        if self.peak and self.peak[0] != self.year and self.peak[1] > self.achieved_share + 1e-6:
            lines.append(f"Path: the share peaks at {self.peak[1]:.2%} in {self.peak[0]} before "
                         f"{self.year} (a constant nominal level loses real weight over time).")
        return "\n".join(lines + [f"note: {n}" for n in self.notes])

    def as_dict(self) -> dict[str, Any]:
        d = {k: getattr(self, k) for k in (
            "scenario", "boundary", "basis", "lever", "unit", "target", "year", "status", "value",
            "value_vnd_bn", "pct_of_grdp", "ratio_to_latest", "achieved_share", "baseline_share",
            "best_share", "digital_va_growth", "evaluations")}
        d["latest_actual"] = list(self.latest_actual) if self.latest_actual else None
        d["policy_years"] = list(self.policy_years)
        d["calibration"] = dict(self.calibration)
        d["notes"] = list(self.notes)
        d["peak"] = list(self.peak) if self.peak else None
        return d


def _latest_actual(lever: str, cal: Calibration, params: Mapping[str, Any]):
    if lever == "dx_spending_vnd_bn":
        return cal.latest.get("dx_budget_vnd_bn")
    if lever == "fdi_digital_usd_bn":
        y, v = cal.latest.get("fdi_usd_bn", (None, None))
        return None if y is None else (y, v * float(params["digital_fdi_fraction"]))
    y, v = cal.latest.get("total_investment_vnd_bn", (None, None))
    return None if y is None else (y, v * float(params["core_domestic_investment_share"]))


def goal_seek(scenario: Any = "trend", target: float = 0.40, year: int = 2030,
              lever: str = "fdi_digital_usd_bn", boundary: str = "pre_merger",
              basis: str = "gso", overrides: Any = None,
              calibration: Calibration | None = None) -> GoalSeekResult:
    """Solve for the constant annual lever level that gives ``share(year) = target``.

    Parameters
    ----------
    scenario : str, Path or Scenario
    target : float
        Share as a fraction (0.40).
    year : int
        Target year (after the calibration year, <= 2045).
    lever : str
        ``core_domestic_investment_vnd_bn`` / ``fdi_digital_usd_bn`` / ``dx_spending_vnd_bn``
        (or the aliases in :data:`LEVER_ALIASES`).
    boundary, basis, overrides, calibration
        As in :func:`hpresearch.model.project`.

    Returns
    -------
    GoalSeekResult
    """
    lever = lever_name(lever)
    if isinstance(target, bool) or not isinstance(target, (int, float)) or not 0 < target < 1:
        raise ScenarioError(error_message(where="--target", value=target,
                                          rule="must be a share strictly between 0 and 1 "
                                               "(0.40 for 40%)"))
    sc = load_scenario(scenario)
    cal = calibration if calibration is not None else calibrate(boundary, basis)
    year = check_horizon(year, cal)
    ov = normalise_overrides(overrides)
    params = resolve_params(sc.params, cal, year, ov)
    spec = load_registry()[lever]
    years = cal.years(year)
    start = max(int(params["first_policy_year"]), cal.year + 1)
    if start > year:
        raise ScenarioError(error_message(
            where="--year", value=year,
            rule=f"is before the first policy year {start} (first_policy_year)"))
    idx = years >= start
    sim = {k: params[k] for k in SIM_PARAMS}
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
    notes = []
    if f_hi < 0:
        status, value, best = "unreachable", hi, f_hi + target
    elif f_lo >= 0:
        status, value, best = "already_reached", lo, f_hi + target
    else:
        value = brentq(f, lo, hi, xtol=1e-12, rtol=RTOL, maxiter=200)
        status, best = "solved", f_hi + target
    out = run(value)
    achieved = float(out["de_share"][0, -1])
    grdp_n = out["grdp_current_vnd_bn"][0, idx]
    fx = np.asarray(sim["vnd_per_usd"], dtype=float).reshape(-1)
    fx = fx if fx.size == len(years) else np.full(len(years), fx[0])
    conv = fx[idx] if lever == "fdi_digital_usd_bn" else np.ones(idx.sum())
    value_vnd = float(value * conv[0])
    pct = float(np.mean(value * conv / grdp_n))
    latest = _latest_actual(lever, cal, params)
    ratio = (value / latest[1]) if latest and latest[1] else math.nan
    shares = out["de_share"][0]
    ip = int(np.argmax(shares))
    peak = (int(years[ip]), float(shares[ip]))
    d = out["digital_va_constant_vnd_bn"][0]
    growth = float((d[-1] / d[0]) ** (1.0 / (len(years) - 1)) - 1.0)
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
        calibration=cal.summary(), overrides=ov,
        scenario_path=str(sc.path) if sc.path else None, evaluations=counter["n"], notes=notes,
        peak=peak,
    )


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
    if len(base.chain) > 0 and "+" not in base.name:
        if base.path is not None and base.path.resolve().parent != scenarios_dir().resolve():
            modifies = os.path.relpath(base.path.resolve(), out_path.resolve().parent)
        else:
            modifies = base.name
        composed = params
    else:  # a+b composition: inline the composed parameters
        modifies = None
        from hpresearch.model.scenarios import merge_params
        composed = merge_params(dict(base.params), params)
    refs = [{"title": "goal-seek output of hpresearch (scipy.optimize.brentq)",
             "url": "docs/model.md#goal-seek"}]
    refs += [{"title": f"reference of {base.name}", "url": u} for u in base.references() if u]
    return {
        "meta": {
            "title": f"Goal-seek: {result.lever} for {result.target:.2%} in {result.year} "
                     f"({base.name}, {result.boundary}, {result.basis})",
            "description": (f"Scenario {base.name} with {result.lever} held at "
                            f"{result.value!r} {result.unit} every year {start}-{stop}, solved "
                            + (f"so that the Monte Carlo probability of a digital-economy share "
                               f">= {result.target:.4f} in {result.year} meets the stated level"
                               if str(result.status).startswith("probabilistic") else
                               f"so that the digital-economy share reaches {result.target:.4f} in "
                               f"{result.year}")
                            + f" on boundary {result.boundary}, basis "
                            f"{result.basis} (status: {result.status})."),
            **goalseek_meta_vi(result, base),
            "author": "hpresearch goal-seek",
            "reference": refs,
            "modifies": modifies,
        },
        "params": composed,
    }


def write_scenario(result: GoalSeekResult, path: str | Path, base: Any = None) -> Path:
    """Write a valid scenario file reproducing ``result`` (atomic; validated before rename)."""
    out = Path(path)
    if out.suffix not in (".yaml", ".yml"):
        raise ScenarioError(error_message(where="--write-scenario", value=str(out),
                                          rule="must end in .yaml or .yml"))
    if not out.parent.exists():
        raise ScenarioError(error_message(where="--write-scenario", value=str(out.parent),
                                          rule="folder does not exist"))
    base_sc = load_scenario(base if base is not None else
                            (result.scenario_path or result.scenario))
    doc = scenario_document(result, base_sc, out)
    text = yaml.safe_dump(doc, sort_keys=False, allow_unicode=True, width=100)
    fd, tmp = tempfile.mkstemp(suffix=out.suffix, dir=out.parent, prefix=".goalseek-")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
        with warnings.catch_warnings():  # plausibility is reported by goal_seek itself
            warnings.simplefilter("ignore")
            load_scenario(tmp, horizon=MAX_HORIZON)  # validate before it becomes visible
        os.replace(tmp, out)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise
    return out
