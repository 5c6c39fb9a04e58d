"""Bind the projection engine (:mod:`hpresearch.model`) to the Monte Carlo.

:func:`build_spec` turns a scenario on a boundary and basis into a
:class:`~hpresearch.evidence.montecarlo.ModelSpec`:

* deterministic parameters: ``resolve_params`` of the scenario (registry defaults,
  calibrated values, scenario changes) - exactly what ``project`` uses;
* uncertain parameters: every registry entry with an ``uncertainty`` spec, truncated at its
  hard limits, *unless the scenario sets that parameter* - then the scenario value is the
  centre and the documented spread is kept (multiplicative rescaling, see
  :func:`hpresearch.evidence.montecarlo.draw_params`);
* growth shocks: AR(1) shocks with the statsmodels fit of real GRDP growth
  (:func:`hpresearch.evidence.calibration.calibration_report`), added to
  ``non_digital_growth`` in projection years **without** an observed growth rate (published
  years stay as published);
* levers: the engine's goal-seek levers; a lever value is one constant annual level from
  ``max(first_policy_year, t0 + 1)`` to the end of the horizon (the engine's goal-seek
  convention, see ``parameters.yaml:first_policy_year``).

This is the only module of :mod:`hpresearch.evidence` that knows the engine's names.
"""
from __future__ import annotations

from functools import lru_cache
from typing import Any, Mapping

import numpy as np
import pandas as pd

from hpresearch.evidence.calibration import ShockSpec
from hpresearch.evidence.distributions import ParamDistribution
from hpresearch.evidence.montecarlo import LeverSpec, ModelSpec

#: Engine parameter receiving the GRDP-growth shocks.
SHOCKED_PARAMETER = "non_digital_growth"
#: Default lever of the required-investment distribution.
DEFAULT_LEVER = "fdi_digital_usd_bn"


def _scenario_params(scenario: Any) -> tuple[str, dict[str, Any]]:
    """(name, sparse parameter changes) of a loaded scenario object or a name/path."""
    from hpresearch import model as hmodel

    sc = hmodel.load_scenario(scenario) if isinstance(scenario, (str, bytes)) or hasattr(
        scenario, "__fspath__") else scenario
    for attr in ("params", "parameters", "values"):
        if hasattr(sc, attr):
            params = getattr(sc, attr)
            break
    else:  # pragma: no cover - contract drift
        raise TypeError(f"scenario object {type(sc).__name__} has no params")
    name = getattr(sc, "name", None) or str(scenario)
    return str(name), dict(params)


@lru_cache(maxsize=8)
def _shock(boundary: str) -> ShockSpec:
    from hpresearch.evidence.calibration import calibration_report

    return calibration_report(boundary, "gso").shock


def uncertain_parameters(scenario_params: Mapping[str, Any] | None = None,
                         calibration: Any = None) -> list[ParamDistribution]:
    """Distributions of every registry parameter with an ``uncertainty`` spec.

    Specs marked ``calibrated:`` (``fdi_disbursement_ratio``, ``adoption_speed``) take their
    numbers from ``calibration`` (computed from the data); without one they are left out.
    """
    from hpresearch.model.parameters import load_registry, resolve_uncertainty

    out = []
    for name, spec in load_registry().items():
        u = resolve_uncertainty(name, calibration)
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


def build_spec(scenario: Any, boundary: str = "pre_merger", basis: str = "gso",
               horizon: int | None = 2030, overrides: Mapping[str, Any] | None = None,
               shocks: bool = True) -> ModelSpec:
    """Monte Carlo spec of ``scenario`` on ``boundary``/``basis`` (see the module docstring)."""
    from hpresearch.model.calibration import calibrate
    from hpresearch.model.engine import SIM_PARAMS, resolve_params, simulate_paths
    from hpresearch.model.parameters import load_registry

    from hpresearch.model.projection import check_horizon, normalise_overrides

    name, sparse = _scenario_params(scenario)
    cal = calibrate(boundary, basis)
    horizon = check_horizon(int(horizon or 2030), cal)
    overrides = normalise_overrides(overrides)
    full = resolve_params(sparse, cal, horizon=horizon, overrides=overrides)
    years = cal.years(horizon)
    base = {k: full[k] for k in SIM_PARAMS}
    changed = set(sparse) | set(overrides or {})
    dists = [d for d in uncertain_parameters(calibration=cal) if d.name in base]
    # Uncertain parameters the scenario changed: drawn around the scenario value.
    rescaled = {d.name for d in dists if d.name in changed}
    shock_specs: dict[str, ShockSpec] = {}
    if shocks:
        s = _shock(boundary)
        shock_specs[SHOCKED_PARAMETER] = s
    observed_growth = cal.observed_path("grdp_growth_real", years)
    unobserved = ~np.isfinite(observed_growth)
    unobserved[0] = False  # the base year is data

    def run(params: dict[str, Any]) -> dict[str, np.ndarray]:
        p = dict(params)
        g = np.asarray(p[SHOCKED_PARAMETER], dtype=float)
        if g.ndim == 2 and g.shape[1] == len(years) and not unobserved.all():
            # Shocks only in years without a published growth rate.
            basepath = np.asarray(base[SHOCKED_PARAMETER], dtype=float)
            p[SHOCKED_PARAMETER] = np.where(unobserved[None, :], g, basepath[None, :])
        return simulate_paths(cal, p, horizon=horizon)

    reg = load_registry()
    first_policy = int(full.get("first_policy_year", cal.year + 1))
    start = max(first_policy, cal.year + 1)
    det = simulate_paths(cal, base, horizon=horizon)
    levers = {}
    for lname in [n for n, s in reg.items() if s.lever and n in base]:
        spec = reg[lname]
        latest_val = _latest_actual(lname, cal, full)
        levers[lname] = LeverSpec(
            name=lname, apply=_lever_apply(lname, years, start),
            low=float(spec.hard[0] or 0.0), high=float(spec.hard[1]),
            unit=spec.unit.split(" per year")[0].replace("VND bn", "vnd_bn").replace("USD bn", "usd_bn"),
            latest_actual=latest_val,
            vnd_bn_per_unit=(float(np.asarray(base["vnd_per_usd"])[-1]) if "usd" in spec.unit.lower()
                             else 1.0),
            current=float(np.asarray(det[lname])[0, -1]) if lname in det else None)
    history = _history(boundary, basis)
    meta = {"scenario": name, "boundary": boundary, "basis": basis, "base_year": int(cal.year),
            "horizon": horizon, "calibration": cal.summary(),
            "lever_start_year": start, "shocked_parameter": SHOCKED_PARAMETER,
            "shocked_years": [int(y) for y, u in zip(years, unobserved) if u]}
    return ModelSpec(years=years, base_params=base, run=run, distributions=dists,
                     shocks=shock_specs, share_key="de_share",
                     investment_key="core_investment_current_vnd_bn",
                     grdp_key="grdp_current_vnd_bn", levers=levers, history=history, meta=meta,
                     rescaled=rescaled)


def _latest_actual(lever: str, cal: Any, params: Mapping[str, Any]) -> float | None:
    """Latest actual lever level, exactly as the engine's deterministic goal-seek reports it."""
    try:
        from hpresearch.model.goalseek import _latest_actual as engine_latest
    except ImportError:  # pragma: no cover
        return None
    latest = engine_latest(lever, cal, params)
    if not latest or latest[1] is None:
        return None
    return float(latest[1])


def _history(boundary: str, basis: str) -> pd.DataFrame:
    """Observed annual digital-economy shares for the fan chart (fractions, every basis).

    On the merged boundary the pre-merger Hai Phong points are added with the basis label
    ``"<basis>, pre-merger HP"`` (a different boundary, shown for context only).
    """
    try:
        from hpresearch.data import load_observations

        obs = load_observations()
    except Exception:  # pragma: no cover - data layer unavailable
        return pd.DataFrame(columns=["year", "de_share", "basis"])
    de = obs[(obs["indicator"] == "de_share") & (obs["period_type"] == "annual")]
    own = de[de["geography"] == ("hai_phong" if boundary == "pre_merger" else "hai_phong_merged")]
    frames = [own.assign(de_share=own["value"] / 100.0)[["year", "de_share", "basis"]]]
    if boundary == "merged":
        pre = de[de["geography"] == "hai_phong"]
        frames.append(pre.assign(de_share=pre["value"] / 100.0,
                                 basis=pre["basis"] + ", pre-merger HP")[["year", "de_share", "basis"]])
    out = pd.concat(frames, ignore_index=True)
    return out.drop_duplicates().reset_index(drop=True)
