"""Bind the projection engine (:mod:`hpresearch.model`) to the Monte Carlo.

:func:`build_spec` turns a scenario on a boundary and basis into a
:class:`~hpresearch.uncertainty.montecarlo.ModelSpec`:

* deterministic parameters: ``resolve_params`` of the scenario (registry defaults,
  calibrated values, scenario changes) - exactly what ``project`` uses, the model option
  ``output_mode`` included (every draw runs in the scenario's mode; ``meta`` records it);
* uncertain parameters: every registry entry with an ``uncertainty`` spec, truncated at its
  hard limits, *unless the scenario sets that parameter* - then the scenario value is the
  centre and the documented spread is kept (multiplicative rescaling, see
  :func:`hpresearch.uncertainty.montecarlo.draw_params`);
* growth shocks: AR(1) shocks with the statsmodels fit of real GRDP growth
  (:func:`hpresearch.calibration.fits.calibration_report`), added to
  ``real_growth`` in projection years **without** an observed growth rate (published
  years stay as published);
* levers: the engine's goal-seek levers; a lever value is one constant annual level from
  ``max(first_policy_year, t0 + 1)`` to the end year (the engine's goal-seek
  convention, see ``parameters.yaml:first_policy_year``).

This is the only module of :mod:`hpresearch.uncertainty` that knows the engine's names.
"""
from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from hpresearch.calibration.fits import ShockSpec
from hpresearch.memo import memoised
from hpresearch.uncertainty.distributions import ParamDistribution
from hpresearch.data.vocabulary import DEFAULT_BOUNDARY

@dataclass(frozen=True)
class LeverSpec:
    """A goal-seek lever as the Monte Carlo sees it.

    Attributes
    ----------
    name : str
        Lever name (as in the engine's goal-seek).
    apply : callable
        ``apply(params, value) -> params``: set the lever to ``value`` (scalar or ``(n,)``
        array, unit ``unit``) in a parameter dict.
    low, high : float
        Search bracket (the lever's hard limits).
    unit : str
    latest_actual : float or None
        Latest observed value of the lever (for the ratio column), when known.
    current : float or None
        The scenario's own lever value (for reporting).
    """

    name: str
    apply: Callable[[dict[str, Any], Any], dict[str, Any]]
    low: float
    high: float
    unit: str = "vnd_bn"
    latest_actual: float | None = None
    current: float | None = None
    vnd_bn_per_unit: float = 1.0
    """VND bn per lever unit (1 for VND levers; VND per USD for USD bn levers)."""


@dataclass
class ModelSpec:
    """Everything the Monte Carlo needs from the engine for one scenario/boundary/basis.

    Attributes
    ----------
    years : ndarray
        Projection years, shape ``(T,)``.
    base_params : dict
        Deterministic scenario parameters (scalars or ``(T,)`` arrays).
    run : callable
        ``run(params) -> {output: ndarray (n, T)}`` - the engine's ``simulate_paths``
        bound to the calibration.
    distributions : list of ParamDistribution
        Uncertain parameters.
    shocks : dict
        ``{parameter: ShockSpec}`` growth-rate parameters receiving AR(1) shocks.
    share_key : str
        Output holding the digital-economy share (fraction).
    investment_key : str or None
        Output holding the investment of the main lever (for reporting), if any.
    grdp_key : str or None
        Output holding current-price GRDP (VND bn), to express investment as % of GRDP.
    levers : dict
        ``{name: LeverSpec}``.
    history : DataFrame
        ``year, de_share`` observed history for fan charts.
    meta : dict
        Scenario, boundary, basis, calibration values, sources.
    """

    years: np.ndarray
    base_params: dict[str, Any]
    run: Callable[[dict[str, Any]], dict[str, np.ndarray]]
    distributions: list[ParamDistribution] = field(default_factory=list)
    shocks: dict[str, ShockSpec] = field(default_factory=dict)
    share_key: str = "de_share"
    investment_key: str | None = None
    grdp_key: str | None = None
    levers: dict[str, LeverSpec] = field(default_factory=dict)
    history: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=["year", "de_share"]))
    meta: dict[str, Any] = field(default_factory=dict)
    rescaled: set[str] = field(default_factory=set)
    """Uncertain parameters the scenario changed (drawn around the scenario value)."""
    shock_masks: dict[str, np.ndarray] = field(default_factory=dict)
    """``{parameter: (T,) bool}``: years in which a shock applies (default: every year)."""



#: Engine parameter receiving the GRDP-growth shocks.
SHOCKED_PARAMETER = "real_growth"
#: Default lever of the required-investment distribution.
DEFAULT_LEVER = "fdi_digital_usd_bn"


@memoised(maxsize=8)
def _shock(boundary: str) -> ShockSpec:
    from hpresearch.calibration.fits import calibration_report

    return calibration_report(boundary, "gso").shock


def parameter_distributions(calibration: Any = None) -> list[ParamDistribution]:
    """Distributions of every registry parameter with an ``uncertainty`` spec.

    Specs marked ``calibrated:`` (``fdi_disbursement_ratio``, ``adoption_speed``) take their
    numbers from ``calibration`` (computed from the data); without one they are left out.
    """
    from hpresearch.parameters.registry import load_registry, uncertainty_spec

    out = []
    for name, spec in load_registry().items():
        u = uncertainty_spec(name, calibration)
        if not u:
            continue
        out.append(ParamDistribution.from_spec(name, u, hard=spec.hard,
                                               where=f"parameters.yaml:{name}.uncertainty"))
    return out


def _lever_apply(name: str, years: np.ndarray, start_year: int):
    mask = years >= start_year

    def apply(params: dict[str, Any], value: Any) -> dict[str, Any]:
        base = np.asarray(params[name], dtype=float)
        v = np.asarray(value, dtype=float)
        if v.ndim == 0:
            path = (base.copy() if base.ndim == 1 else np.array(base))
            if path.ndim == 1:
                path[mask] = float(v)
            else:
                path = np.array(np.broadcast_to(path, path.shape))
                path[:, mask] = float(v)
            params[name] = path
            return params
        n = v.shape[0]
        path = np.array(np.broadcast_to(base if base.ndim == 2 else base[None, :], (n, len(years))))
        path[:, mask] = v[:, None]
        params[name] = path
        return params

    return apply


def build_spec(scenario: Any, boundary: str = DEFAULT_BOUNDARY, basis: str = "gso",
               end_year: int | None = 2030, overrides: Mapping[str, Any] | None = None,
               shocks: bool = True) -> ModelSpec:
    """Monte Carlo spec of ``scenario`` on ``boundary``/``basis`` (see the module docstring)."""
    from hpresearch.calibration.rules import calibrate
    from hpresearch.model.engine import engine_params, resolve_params, simulate_paths
    from hpresearch.parameters.levers import latest_actual
    from hpresearch.model.projection import check_end_year, normalise_overrides
    from hpresearch.parameters.registry import load_registry

    from hpresearch.model.scenario import load_scenario

    sc = load_scenario(scenario)
    name, sparse = sc.name, dict(sc.params)
    cal = calibrate(boundary, basis)
    end_year = check_end_year(int(end_year or 2030), cal)
    overrides = normalise_overrides(overrides)
    full = resolve_params(sparse, cal, end_year=end_year, overrides=overrides)
    years = cal.years(end_year)
    base = engine_params(full)
    changed = set(sparse) | set(overrides or {})
    dists = [d for d in parameter_distributions(cal) if d.name in base]
    # Uncertain parameters the scenario changed: drawn around the scenario value.
    rescaled = {d.name for d in dists if d.name in changed}
    shock_specs: dict[str, ShockSpec] = {}
    observed_growth = cal.observed_path("grdp_growth_real", years)
    unobserved = ~np.isfinite(observed_growth)
    unobserved[0] = False  # the base year is data
    unpublished_fdi = ~np.isfinite(cal.observed_path("fdi_usd_bn", years))
    unpublished_fdi[0] = False
    after_base = np.arange(len(years)) > 0
    masks: dict[str, np.ndarray] = {}
    if shocks:
        shock_specs[SHOCKED_PARAMETER] = _shock(boundary)
        masks[SHOCKED_PARAMETER] = unobserved       # not where growth is published
        for shock_name, shock in getattr(cal, "shocks", {}).items():
            if shock_name in base:
                shock_specs[shock_name] = shock
                masks[shock_name] = (unpublished_fdi if shock_name == "fdi_digital_shock"
                                     else after_base)

    def run(params: dict[str, Any]) -> dict[str, np.ndarray]:
        return simulate_paths(cal, params, end_year=end_year)

    reg = load_registry()
    first_policy = int(full.get("first_policy_year", cal.year + 1))
    start = max(first_policy, cal.year + 1)
    det = simulate_paths(cal, base, end_year=end_year)
    levers = {}
    for lname in [n for n, s in reg.items() if s.lever and n in base]:
        spec = reg[lname]
        latest = latest_actual(lname, cal, full)
        latest_val = float(latest[1]) if latest and latest[1] is not None else None
        levers[lname] = LeverSpec(
            name=lname, apply=_lever_apply(lname, years, start),
            low=float(spec.hard[0] or 0.0), high=float(spec.hard[1]),
            unit=spec.unit.split(" per year")[0].replace("VND bn", "vnd_bn").replace("USD bn", "usd_bn"),
            latest_actual=latest_val,
            vnd_bn_per_unit=(float(np.asarray(base["vnd_per_usd"])[-1]) if "usd" in spec.unit.lower()
                             else 1.0),
            current=float(np.asarray(det[lname])[0, -1]) if lname in det else None)
    from hpresearch.data import de_share_history

    history = de_share_history(None, boundary)
    meta = {"scenario": name, "boundary": boundary, "basis": basis, "base_year": int(cal.year),
            "end_year": end_year, "calibration": cal.summary(),
            "target_share": float(full["target_share"]), "target_year": int(full["target_year"]),
            "share_pace_limit": float(full["share_pace_limit"]),
            "output_mode": full["output_mode"],
            "lever_start_year": start, "shocked_parameter": SHOCKED_PARAMETER,
            "shocked_years": [int(y) for y, u in zip(years, unobserved) if u]}
    return ModelSpec(years=years, base_params=base, run=run, distributions=dists,
                     shocks=shock_specs, share_key="de_share",
                     investment_key="core_investment_current_vnd_bn",
                     grdp_key="grdp_current_vnd_bn", levers=levers, history=history, meta=meta,
                     rescaled=rescaled, shock_masks=masks)
