"""Sensitivity analysis: one-at-a-time tornado and variance-based Sobol indices.

Both functions are generic over a *model callable*; :mod:`hpresearch.uncertainty.montecarlo`
binds them to the projection engine (:func:`scenario_tornado`, :func:`scenario_sobol`).

* :func:`tornado` moves one parameter at a time to the ends of its documented range
  (others at their central values) and records the swing of each output.
* :func:`sobol_indices` is a thin wrapper around SALib's Saltelli/Sobol' design and
  estimator: first-order ``S1`` and total ``ST`` indices with bootstrap confidence
  intervals. The design is drawn on the unit hypercube and mapped through each
  parameter's (truncated) inverse CDF, so non-uniform distributions are handled exactly.

References
----------
Saltelli, A., Annoni, P., Azzini, I., Campolongo, F., Ratto, M., Tarantola, S. (2010).
"Variance based sensitivity analysis of model output. Design and estimator for the total
sensitivity index." *Computer Physics Communications* 181(2), 259-270.
Sobol', I. M. (2001). "Global sensitivity indices for nonlinear mathematical models and
their Monte Carlo estimates." *Mathematics and Computers in Simulation* 55, 271-280.
Herman, J., Usher, W. (2017). "SALib: An open-source Python library for sensitivity
analysis." *Journal of Open Source Software* 2(9), 97.
Ishigami, T., Homma, T. (1990). "An importance quantification technique in uncertainty
analysis for computer models." *Proc. ISUMA '90*, 398-403.
"""
from __future__ import annotations

import math
import warnings
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from hpresearch.calibration.fits import ShockSpec
from hpresearch.defaults import SEED, TORNADO_DRAWS
from hpresearch.errors import UsageError
from hpresearch.results import json_ready
from hpresearch.uncertainty.distributions import ParamDistribution
from hpresearch.uncertainty.montecarlo import Draws, _scaled, _year_index, run_draws
from hpresearch.uncertainty.spec import ModelSpec

#: Default Sobol base sample size N (model runs = N * (k + 2)); a power of two.
DEFAULT_SOBOL_SAMPLES = 1024


@dataclass(frozen=True)
class SobolResult:
    """Sobol indices of one output.

    Attributes
    ----------
    indices : DataFrame
        Indexed by parameter: ``S1``, ``S1_conf``, ``ST``, ``ST_conf`` (95% bootstrap
        half-widths), sorted by ``ST`` descending.
    n_base : int
        Base sample size N.
    n_runs : int
        Model evaluations, ``N * (k + 2)``.
    seed : int
        Seed of the scrambled Sobol' design and of the bootstrap.
    output : str
        Name of the analysed output.
    """

    indices: pd.DataFrame
    n_base: int
    n_runs: int
    seed: int
    output: str = "y"

    def top(self, k: int = 3) -> list[str]:
        """Names of the ``k`` parameters with the largest total index."""
        return list(self.indices.index[:k])

    def summary(self) -> str:
        """Readable lines: the design, then each parameter's indices, largest total first."""
        lines = [f"Sobol indices of {self.output}: N = {self.n_base:,} base samples, "
                 f"{self.n_runs:,} model runs, seed {self.seed}."]
        for name, r in self.indices.iterrows():
            lines.append(f"  {name}: S1 {r['S1']:.3f} (+/- {r['S1_conf']:.3f}), "
                         f"ST {r['ST']:.3f} (+/- {r['ST_conf']:.3f})")
        return "\n".join(lines)

    def table(self) -> pd.DataFrame:
        """One row per parameter: ``S1``, ``S1_conf``, ``ST``, ``ST_conf``."""
        return self.indices

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready: the design (base samples, runs, seed, output) and the indices."""
        return json_ready({"output": self.output, "n_base": self.n_base, "n_runs": self.n_runs,
                           "seed": self.seed,
                           "indices": self.indices.reset_index().to_dict(orient="records")})


def sobol_indices(
    model: Callable[[dict[str, np.ndarray]], np.ndarray],
    dists: Sequence[ParamDistribution],
    n_base: int = DEFAULT_SOBOL_SAMPLES,
    seed: int = SEED,
    output: str = "y",
) -> SobolResult:
    """Estimate first-order and total Sobol indices of ``model``.

    Parameters
    ----------
    model : callable
        ``model(values) -> y`` where ``values`` maps each parameter name to an array of
        shape ``(m,)`` and ``y`` has shape ``(m,)``. Called once, vectorised.
    dists : sequence of ParamDistribution
        Input distributions (degenerate ones are dropped: their indices are zero).
    n_base : int
        Base sample size N (rounded up to a power of two, as the Sobol' sequence needs).
    seed : int
        Seed of the scrambled design and of SALib's bootstrap.
    output : str
        Label of the output.

    Returns
    -------
    SobolResult

    Notes
    -----
    Uses ``SALib.sample.sobol.sample(..., calc_second_order=False)`` and
    ``SALib.analyze.sobol.analyze``; see Saltelli et al. (2010) for the estimators.
    """
    from SALib.analyze import sobol as sobol_analyze
    from SALib.sample import sobol as sobol_sample

    active = [d for d in dists if not d.is_degenerate]
    if len(active) < 1:
        raise UsageError("sobol: no uncertain parameter to analyse (all distributions are fixed)")
    from hpresearch import argspec

    n_base = argspec.check("n_base", n_base)
    seed = argspec.check("seed", seed)
    n_pow2 = 1 << max(1, math.ceil(math.log2(n_base)))
    problem = {"num_vars": len(active), "names": [d.name for d in active],
               "bounds": [[0.0, 1.0]] * len(active)}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # SALib warns about sample sizes near the edge
        unit = sobol_sample.sample(problem, n_pow2, calc_second_order=False, scramble=True,
                                   seed=seed)
    values = {d.name: d.ppf(unit[:, j]) for j, d in enumerate(active)}
    y = np.asarray(model(values), dtype=float).reshape(-1)
    if y.shape[0] != unit.shape[0]:
        raise ValueError(f"model returned {y.shape[0]} values for {unit.shape[0]} inputs")
    if np.var(y) == 0:
        s = np.zeros(len(active))
        table = pd.DataFrame({"S1": s, "S1_conf": s, "ST": s, "ST_conf": s},
                             index=pd.Index(problem["names"], name="parameter"))
    else:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            res = sobol_analyze.analyze(problem, y, calc_second_order=False,
                                        print_to_console=False, seed=seed)
        table = pd.DataFrame({"S1": res["S1"], "S1_conf": res["S1_conf"], "ST": res["ST"],
                              "ST_conf": res["ST_conf"]},
                             index=pd.Index(problem["names"], name="parameter"))
    table = table.sort_values("ST", ascending=False)
    return SobolResult(indices=table, n_base=n_pow2, n_runs=int(unit.shape[0]), seed=seed,
                       output=output)


def tornado(
    evaluate: Callable[[dict[str, float]], Mapping[str, float]],
    ranges: Mapping[str, tuple[float, float]],
    outputs: Sequence[str] | None = None,
) -> pd.DataFrame:
    """One-at-a-time sensitivity over each parameter's documented range.

    Parameters
    ----------
    evaluate : callable
        ``evaluate(overrides) -> {output: value}``; ``overrides`` maps one parameter name
        to a value (empty for the base case). Every other parameter keeps its central
        value (or, for a Monte Carlo output, keeps its distribution with common random
        numbers).
    ranges : mapping
        ``{parameter: (low, high)}``.
    outputs : sequence of str, optional
        Outputs to report (default: every key of the base evaluation).

    Returns
    -------
    DataFrame
        One row per (parameter, output): ``low``, ``high`` (parameter values),
        ``output_low``, ``output_high``, ``base``, ``swing = |output_high - output_low|``,
        sorted by output then swing descending.
    """
    base = dict(evaluate({}))
    outputs = list(outputs) if outputs is not None else list(base)
    rows = []
    for name, (lo, hi) in ranges.items():
        at_lo = evaluate({name: float(lo)})
        at_hi = evaluate({name: float(hi)})
        for out in outputs:
            y_lo, y_hi = float(at_lo[out]), float(at_hi[out])
            rows.append({"parameter": name, "output": out, "low": float(lo), "high": float(hi),
                         "output_low": y_lo, "output_high": y_hi, "base": float(base[out]),
                         "swing": abs(y_hi - y_lo)})
    table = pd.DataFrame(rows, columns=["parameter", "output", "low", "high", "output_low",
                                        "output_high", "base", "swing"])
    order = {o: i for i, o in enumerate(outputs)}
    table = table.assign(_o=table["output"].map(order)).sort_values(
        ["_o", "swing"], ascending=[True, False], kind="mergesort").drop(columns="_o")
    return table.reset_index(drop=True)


# ---------------------------------------------------------------------------------------
# Sensitivity bound to the model spec
# ---------------------------------------------------------------------------------------
def scenario_tornado(spec: ModelSpec, target: float | None = None, target_year: int = 2030,
                     draws: int = TORNADO_DRAWS, seed: int = SEED) -> pd.DataFrame:
    """Tornado of the target-year share (deterministic) and of P(target) (Monte Carlo).

    The share output fixes one parameter at each end of its documented range with every
    other parameter at its central value and no shocks. The P(target) output fixes the
    same parameter and draws all the others (and the shocks) with common random numbers.
    """
    from hpresearch import argspec

    target = argspec.check("target", float(spec.meta.get("target_share", 0.40))
                           if target is None else target)
    t_idx = _year_index(spec, target_year)
    d = Draws.make(spec, draws, seed)

    def evaluate(over):
        det_params = {**spec.base_params, **over}
        s_det = np.asarray(spec.run(det_params)[spec.share_key], dtype=float).reshape(-1, len(spec.years))[0, t_idx]
        s_mc = run_draws(spec, d, overrides=over)[spec.share_key][:, t_idx]
        return {"share": float(s_det), "p_target": float(np.mean(s_mc >= target))}

    table = tornado(lambda over: evaluate(fixed_values(spec, over)), tornado_ranges(spec),
                    outputs=["share", "p_target"])
    for name, shock in spec.shocks.items():
        if shock.sigma == 0:
            continue
        # Growth shocks: swing between no shocks and twice the fitted sd.
        lo = evaluate_shock(spec, d, name, 0.0, target, t_idx)
        hi = evaluate_shock(spec, d, name, 2.0, target, t_idx)
        base = evaluate({})
        table = pd.concat([table, pd.DataFrame([{
            "parameter": f"shock:{name}", "output": "p_target", "low": 0.0,
            "high": 2.0 * shock.sigma, "output_low": lo, "output_high": hi,
            "base": base["p_target"], "swing": abs(hi - lo)}])], ignore_index=True)
    order = {"share": 0, "p_target": 1}
    return (table.assign(_o=table["output"].map(order))
            .sort_values(["_o", "swing"], ascending=[True, False], kind="mergesort")
            .drop(columns="_o").reset_index(drop=True))


def tornado_ranges(spec: ModelSpec) -> dict[str, tuple[float, float]]:
    """The documented range of every uncertain parameter of ``spec`` (degenerate ones left
    out): the two ends a tornado fixes one parameter at."""
    return {d.name: d.tornado_range() for d in spec.distributions if not d.is_degenerate}


def fixed_values(spec: ModelSpec, over: dict[str, float]) -> dict[str, float]:
    """Parameter values for tornado ends: the range is the documented one; a parameter the
    scenario changed is moved with it (the Monte Carlo's rule, see ``_scaled``)."""
    by_name = {x.name: x for x in spec.distributions}
    return {k: _scaled(spec, by_name[k], np.array([v]))[0] for k, v in over.items()}


def evaluate_shock(spec: ModelSpec, d: Draws, name: str, scale: float, target: float,
                   t_idx: int) -> float:
    """P(target) with the shock ``name`` scaled by ``scale`` (others unchanged)."""
    shocks = dict(spec.shocks)
    s = shocks[name]
    shocks[name] = ShockSpec(sigma=s.sigma * scale, phi=s.phi, source=s.source)
    spec2 = ModelSpec(**{**spec.__dict__, "shocks": shocks})
    share = run_draws(spec2, d)[spec.share_key][:, t_idx]
    return float(np.mean(share >= target))


def scenario_sobol(spec: ModelSpec, target_year: int = 2030, n_base: int = 1024,
                   seed: int = SEED, output: str = "share"):
    """Sobol indices of the target-year share over the uncertain parameters (no shocks).

    Growth shocks are a stochastic process (``T`` inputs), not a parameter; they are kept
    at zero here and ranked separately by the tornado.
    """
    from hpresearch import argspec

    t_idx = _year_index(spec, target_year)
    n_base = argspec.check("n_base", n_base)
    k = sum(1 for d in spec.distributions if not d.is_degenerate)
    n_pow2 = 1 << max(1, math.ceil(math.log2(n_base)))
    argspec.check_memory("n_base", n_base, n_pow2 * (k + 2), len(spec.years))

    def model(values: dict[str, np.ndarray]) -> np.ndarray:
        params = dict(spec.base_params)
        m = len(next(iter(values.values())))
        by_name = {dd.name: dd for dd in spec.distributions}
        for k, x in values.items():
            params[k] = _scaled(spec, by_name[k], x)
        out = np.broadcast_to(np.asarray(spec.run(params)[spec.share_key], dtype=float),
                              (m, len(spec.years)))
        return out[:, t_idx]

    return sobol_indices(model, spec.distributions, n_base=n_base, seed=seed, output=output)
