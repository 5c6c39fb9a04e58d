"""The projection engine itself at past forecast origins (method ``engine``).

For an origin ``T`` the engine is calibrated on the information set of ``T`` only, by the
rules the reports use (:func:`hpresearch.calibration.rules.calibrate_from` applied to
:func:`hpresearch.calibration.information.at_origin`), and run by
:func:`hpresearch.model.engine.simulate_paths`, deterministically and in a Monte Carlo at the
origin:

* the deterministic run is the engine's forecast (what ``hpresearch project`` would have
  printed with the ``trend`` scenario at ``T``);
* the Monte Carlo draws the registry's uncertain parameters
  (:func:`hpresearch.uncertainty.spec.parameter_distributions`, with the calibrated ranges
  computed from the information set) and AR(1) growth shocks fitted on the growth rates
  known at ``T`` (:func:`hpresearch.calibration.fits.growth_shock_at`), added to real growth
  in every year without a published rate - the machinery of
  :mod:`hpresearch.uncertainty.montecarlo` (common random numbers, one seed).

Two modes:

``unconditional``
    inputs after the origin projected as the ``trend`` scenario does (trend growth and
    deflator, investment and FDI at their ratios to GRDP): tests the forecast;
``conditional``
    the growth, deflator, investment and FDI published later fed in where they exist:
    tests the structure. For GRDP growth and levels the engine's totals *are* the inputs
    (``Y_k = Y_{k-1}(1+g_k)``), so the conditional mode reproduces published growth by
    construction and is scored only for shares.

References
----------
Tashman, L. J. (2000). "Out-of-sample tests of forecasting accuracy." *IJF* 16(4).
Britton, E., Fisher, P., Whitley, J. (1998). "The Inflation Report projections:
understanding the fan chart." *Bank of England Quarterly Bulletin* 38(1), 30-37.
"""
from __future__ import annotations

from typing import Any, Mapping

import numpy as np
import pandas as pd

from hpresearch.calibration.base import Calibration
from hpresearch.calibration.fits import ShockSpec
from hpresearch.defaults import BACKTEST_DRAWS, SEED

ENGINE = "engine"
UNCONDITIONAL = "unconditional"
CONDITIONAL = "conditional"
#: Percentiles kept per forecast year (50% band = p25-p75, 80% band = p10-p90).
PERCENTILES = (10, 25, 50, 75, 90)
#: Scenario whose rules project the inputs in the unconditional mode.
SCENARIO = "trend"
#: ``target_share`` is not read by the simulation; a value avoids the official-target lookup.
_TARGET_PLACEHOLDER = 0.5


def engine_parameters(calibration: Calibration, end_year: int) -> dict[str, Any]:
    """The ``trend`` scenario's deterministic parameters on an origin calibration (the
    engine's own path: ``naive_baseline_weight`` 0; the naive trend is scored as ``naive``)."""
    from hpresearch.model.engine import engine_params, resolve_params
    from hpresearch.model.scenario import load_scenario

    full = resolve_params(dict(load_scenario(SCENARIO).params), calibration,
                          end_year=int(end_year),
                          overrides={"target_share": _TARGET_PLACEHOLDER,
                                     # the engine's own forecast: no naive-trend baseline
                                     "naive_baseline_weight": 0.0})
    return engine_params(full)


def origin_spec(calibration: Calibration, shock: ShockSpec | None, end_year: int):
    """:class:`~hpresearch.uncertainty.spec.ModelSpec` of the engine at an origin.

    Shocks go to ``real_growth`` only in years without a published (observed) rate; the
    base year is data.
    """
    from hpresearch.model.engine import simulate_paths
    from hpresearch.uncertainty.spec import SHOCKED_PARAMETER, ModelSpec, parameter_distributions

    base = engine_parameters(calibration, end_year)
    years = calibration.years(end_year)
    unobserved = ~np.isfinite(calibration.observed_path("grdp_growth_real", years))
    unobserved[0] = False
    basepath = np.asarray(base[SHOCKED_PARAMETER], dtype=float)

    def run(params: Mapping[str, Any]) -> dict[str, np.ndarray]:
        p = dict(params)
        g = np.asarray(p[SHOCKED_PARAMETER], dtype=float)
        if g.ndim == 2 and g.shape[1] == len(years):
            p[SHOCKED_PARAMETER] = np.where(unobserved[None, :], g, basepath[None, :])
        return simulate_paths(calibration, p, end_year=int(end_year))

    dists = [d for d in parameter_distributions(calibration) if d.name in base]
    shocks = {SHOCKED_PARAMETER: shock} if shock is not None and shock.sigma > 0 else {}
    return ModelSpec(years=years, base_params=base, run=run, distributions=dists, shocks=shocks,
                     meta={"geography": calibration.boundary, "base_year": calibration.year})


def engine_forecast(calibration: Calibration, shock: ShockSpec | None, end_year: int,
                    output: str, draws: int = BACKTEST_DRAWS, seed: int = SEED) -> pd.DataFrame:
    """Deterministic engine forecast and Monte Carlo percentiles of one output.

    Parameters
    ----------
    calibration : Calibration
        Origin calibration (:func:`hpresearch.calibration.rules.calibrate_from`).
    shock : ShockSpec or None
        Growth shocks fitted at the origin (``None``: parameters only).
    end_year : int
        Last forecast year.
    output : str
        Engine output (``de_share``, ``grdp_growth_real``, ``grdp_constant_vnd_bn``,
        ``grdp_current_vnd_bn``).
    draws, seed : int
        Monte Carlo draws and seed (``numpy.random.default_rng``).

    Returns
    -------
    DataFrame
        Indexed by year (after the base year): ``deterministic``, ``p10``, ``p25``, ``p50``,
        ``p75``, ``p90``.
    """
    from hpresearch.model.engine import simulate_paths
    from hpresearch.uncertainty.montecarlo import Draws, run_draws

    spec = origin_spec(calibration, shock, end_year)
    det = np.asarray(simulate_paths(calibration, spec.base_params, int(end_year))[output],
                     dtype=float)[0]
    paths = run_draws(spec, Draws.make(spec, int(draws), int(seed)))[output]
    q = np.percentile(paths, PERCENTILES, axis=0)
    out = pd.DataFrame({"deterministic": det, **{f"p{p}": q[i] for i, p in enumerate(PERCENTILES)}},
                       index=pd.Index(spec.years, name="year"))
    return out.iloc[1:]


def actual_inputs(today: Any, origin: int) -> dict[str, dict[int, float]]:
    """Inputs published after ``origin`` (as last revised) for the conditional mode.

    Parameters
    ----------
    today : InformationSet
        :func:`hpresearch.calibration.information.at_origin` with ``origin=None``.
    origin : int

    Returns
    -------
    dict
        ``grdp_growth_real``, ``deflator_growth`` (implied by published levels),
        ``fdi_usd_bn``, ``total_investment_vnd_bn``: ``{year: value}`` for years after
        ``origin``.
    """
    from hpresearch.calibration.rules import implied_deflator_growth

    def after(s: pd.Series) -> dict[int, float]:
        return {int(y): float(v) for y, v in s.dropna().items() if int(y) > origin}

    return {"grdp_growth_real": after(today.growth),
            "deflator_growth": after(implied_deflator_growth(today.current, today.growth)),
            "fdi_usd_bn": after(today.fdi), "total_investment_vnd_bn": after(today.investment)}
