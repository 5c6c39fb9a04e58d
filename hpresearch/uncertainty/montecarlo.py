"""Monte Carlo over parameter distributions and growth shocks, vectorised over draws.

The projection engine's core :func:`hpresearch.model.simulate_paths` accepts per-draw
parameter arrays of shape ``(n,)`` or ``(n, T)`` and returns ``(n, T)`` paths, so one call
simulates every draw at once - there is no Python loop over draws.

Sources of uncertainty (documented in ``docs/uncertainty.md``):

1. **Parameters** with an ``uncertainty`` spec in ``parameters.yaml`` are drawn from their
   documented distribution, truncated at the hard limits
   (:mod:`hpresearch.uncertainty.distributions`). When a scenario sets such a parameter to a
   value other than the registry default, the draw is rescaled multiplicatively around the
   scenario value (``x * scenario / center``), so the scenario keeps its meaning and the
   relative spread is preserved.
2. **Shocks**: AR(1) processes ``e_t = phi e_{t-1} + sigma z_t`` on engine parameter paths
   (:attr:`ModelSpec.shocks`), only in the years :attr:`ModelSpec.shock_masks` allows (not
   where the data are published): real GRDP growth (added; ``sigma``, ``phi`` from the
   statsmodels AR(1) fit, :func:`~hpresearch.calibration.fits.shock_spec`), registered FDI
   flows and electronics demand (log-normal, median-preserving, estimated from the data by
   :mod:`hpresearch.calibration.shocks`).
3. **Measurement basis** (GSO vs MIC) is an *alternative run* (``basis="gso"`` or
   ``"mic"``), never mixed into one distribution: the two bases define different
   quantities, and a target is stated on one of them.

Random numbers: one ``numpy.random.default_rng(seed)``; a uniform matrix ``(n, k)`` for the
parameters is drawn first, then the standard normals ``(n, T, m)`` of the shocks. The same
seed gives identical numbers; the seed is recorded in every output.

References
----------
Britton, E., Fisher, P., Whitley, J. (1998). "The Inflation Report projections:
understanding the fan chart." *Bank of England Quarterly Bulletin* 38(1), 30-37.
Glasserman, P. (2004). *Monte Carlo Methods in Financial Engineering*, §4.2 (common random
numbers). Springer.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Callable

import numpy as np
import pandas as pd

from hpresearch import argspec
from hpresearch.calibration.fits import ShockSpec
from hpresearch.defaults import DRAWS, SEED
from hpresearch.errors import UsageError, error_message
from hpresearch.results import json_ready
from hpresearch.uncertainty.distributions import ParamDistribution
from hpresearch.uncertainty.spec import LeverSpec, ModelSpec
from hpresearch.data.vocabulary import DEFAULT_BOUNDARY

#: Percentiles reported in the fan-chart bands: every decile (the Bank of England fan chart
#: shades them, Britton, Fisher & Whitley 1998), the quartiles and the 90% band.
PERCENTILES = (5, 10, 20, 25, 30, 40, 50, 60, 70, 75, 80, 90, 95)
#: The deterministic central case should lie between these percentiles of the simulation.
CENTRAL_RANGE = (0.35, 0.65)
#: Draws used by :func:`skew_diagnosis` for each re-run.
SKEW_DRAWS = 4000


@dataclass(frozen=True)
class Draws:
    """Common random numbers for one simulation: parameter uniforms and shock normals."""

    n: int
    seed: int
    uniforms: np.ndarray          # (n, k)
    normals: np.ndarray           # (n, T, m)

    @classmethod
    def make(cls, spec: ModelSpec, n: int, seed: int, argument: str = "draws") -> "Draws":
        """Draw the common random numbers, after checking ``n`` (named ``argument`` in
        messages) and ``seed`` and that the simulation fits the memory budget
        (:func:`hpresearch.argspec.check_memory`)."""
        n = argspec.check("draws", n, argument)
        seed = argspec.check("seed", seed)
        argspec.check_memory(argument, n, n, len(spec.years))
        rng = np.random.default_rng(seed)
        k = len(spec.distributions)
        m = len(spec.shocks)
        u = rng.random((n, k))
        z = rng.standard_normal((n, len(spec.years), m)) if m else np.zeros((n, len(spec.years), 0))
        return cls(n=n, seed=seed, uniforms=u, normals=z)


def _ar1_from_normals(shock: ShockSpec, z: np.ndarray) -> np.ndarray:
    """AR(1) shocks ``(n, T)`` from standard normals ``z``.

    ``shock.start == "stationary"``: ``e_0 ~ N(0, sigma^2/(1 - phi^2))``; ``"zero"``:
    ``e_0 = 0`` (the base year is data) and ``e_1 = sigma z_1``.
    """
    n, T = z.shape
    out = np.empty((n, T))
    phi, sigma = shock.phi, shock.sigma
    if getattr(shock, "start", "stationary") == "zero":
        out[:, 0] = 0.0
    else:
        sd0 = sigma / np.sqrt(1 - phi ** 2) if abs(phi) < 1 else sigma
        out[:, 0] = sd0 * z[:, 0]
    for t in range(1, T):  # loop over years (<= 20), vectorised over draws
        out[:, t] = phi * out[:, t - 1] + sigma * z[:, t]
    return out


def _apply_shock(base: Any, e: np.ndarray, transform: str) -> np.ndarray:
    """Shocked parameter path ``(n, T)``: ``base + e`` or ``(1 + base) exp(e) - 1``."""
    b = np.asarray(base, dtype=float)
    b = b[None, :] if b.ndim == 1 else b
    if transform == "log":
        return (1.0 + b) * np.exp(e) - 1.0
    return b + e


def draw_params(spec: ModelSpec, draws: Draws, overrides: Mapping[str, Any] | None = None,
                shocks: bool = True) -> dict[str, Any]:
    """Per-draw parameter dict (scalars, ``(T,)``, ``(n,)`` or ``(n, T)`` values).

    ``overrides`` fix parameters at given values (used by the tornado); a fixed parameter
    is not drawn, but its uniform column is still consumed so other parameters keep their
    common random numbers.
    """
    overrides = dict(overrides or {})
    params = dict(spec.base_params)
    for j, d in enumerate(spec.distributions):
        if d.name in overrides or d.is_degenerate:
            continue
        params[d.name] = _scaled(spec, d, d.ppf(draws.uniforms[:, j]))
    if shocks:
        for i, (name, shock) in enumerate(spec.shocks.items()):
            if shock.sigma == 0.0 or name in overrides:
                continue
            e = _ar1_from_normals(shock, draws.normals[:, :, i])
            mask = spec.shock_masks.get(name)
            if mask is not None:
                e = e * np.asarray(mask, dtype=float)[None, :]
            params[name] = _apply_shock(params.get(name, 0.0), e,
                                        getattr(shock, "transform", "add"))
    params.update(overrides)
    return params


def _scaled(spec: ModelSpec, d: ParamDistribution, x: np.ndarray) -> np.ndarray:
    """Per-draw values of ``d``: as drawn, or rescaled around the scenario's own value.

    A parameter the scenario (or an override) changed keeps its documented *relative*
    spread around the scenario value: ``x * value / center`` (``x - center + value`` when
    the centre is 0). Every other uncertain parameter is drawn from its documented
    distribution as is.
    """
    if d.name not in spec.rescaled:
        return x
    base = np.asarray(spec.base_params.get(d.name, d.center), dtype=float)
    if base.ndim == 1:  # a path: scale it per draw -> (n, T)
        return ((x / d.center)[:, None] * base[None, :] if d.center != 0
                else (x - d.center)[:, None] + base[None, :])
    return x * float(base) / d.center if d.center != 0 else x - d.center + float(base)


def run_draws(spec: ModelSpec, draws: Draws, overrides: Mapping[str, Any] | None = None,
              shocks: bool = True) -> dict[str, np.ndarray]:
    """Run the engine once on every draw; outputs broadcast to ``(n, T)``."""
    return run_params(spec, draw_params(spec, draws, overrides, shocks), draws.n)


def run_params(spec: ModelSpec, params: Mapping[str, Any], n: int) -> dict[str, np.ndarray]:
    """Run the engine on per-draw parameters (:func:`draw_params`, possibly changed, e.g.
    a lever set with :attr:`LeverSpec.apply`); outputs broadcast to ``(n, T)``."""
    out = spec.run(dict(params))
    shape = (n, len(spec.years))
    return {k: np.broadcast_to(np.asarray(v, dtype=float), shape) if np.ndim(v) else v
            for k, v in out.items()}


# ---------------------------------------------------------------------------------------
# Summaries of (n, T) paths
# ---------------------------------------------------------------------------------------
def percentile_bands(paths: np.ndarray, years: np.ndarray,
                     percentiles: tuple[int, ...] = PERCENTILES) -> pd.DataFrame:
    """Per-year percentiles (columns ``p5`` ... ``p95``) and mean of ``(n, T)`` paths."""
    q = np.percentile(paths, percentiles, axis=0)
    table = pd.DataFrame(q.T, index=pd.Index(years, name="year"),
                         columns=[f"p{p}" for p in percentiles])
    table["mean"] = paths.mean(axis=0)
    return table


def target_probabilities(share: np.ndarray, years: np.ndarray, target: float) -> pd.DataFrame:
    """``p_at_or_above``: P(share_t >= target); ``p_crossed_by``: P(max_{s<=t} share_s >= target)."""
    hit = share >= target
    return pd.DataFrame({"p_at_or_above": hit.mean(axis=0),
                         "p_crossed_by": np.maximum.accumulate(hit, axis=1).mean(axis=0)},
                        index=pd.Index(years, name="year"))


def crossing_years(share: np.ndarray, years: np.ndarray, target: float) -> pd.Series:
    """Distribution (fractions) of the first year the share reaches ``target``.

    The index holds each projection year plus ``"not by <last year>"``; values sum to 1.
    """
    hit = share >= target
    any_hit = hit.any(axis=1)
    first = np.where(any_hit, hit.argmax(axis=1), len(years))
    counts = np.bincount(first, minlength=len(years) + 1) / share.shape[0]
    labels = [str(int(y)) for y in years] + [f"not by {int(years[-1])}"]
    return pd.Series(counts, index=pd.Index(labels, name="crossing_year"), name="probability")


# ---------------------------------------------------------------------------------------
# Per-draw required lever (vectorised root finding)
# ---------------------------------------------------------------------------------------
def required_lever(spec: ModelSpec, draws: Draws, lever: str, target: float,
                   target_year: int, xtol: float | None = None) -> np.ndarray:
    """Per-draw lever value at which the share reaches ``target`` in ``target_year``.

    Uses :func:`scipy.optimize.elementwise.find_root` (vectorised bracketing root finder,
    Chandrupatla's method) over the lever's bracket ``[low, high]`` with the draw's own
    parameters and shocks held fixed (common random numbers). Draws that already reach the
    target at ``low`` get ``low``; draws that cannot reach it at ``high`` get ``inf``.

    Assumes the share in ``target_year`` is non-decreasing in the lever (the engine's
    tested property "more investment never lowers the share").
    """
    from scipy.optimize.elementwise import find_root

    lv = _lever(spec, lever)
    t_idx = _year_index(spec, target_year)
    params = draw_params(spec, draws)

    def share_at(value: np.ndarray) -> np.ndarray:
        value = np.asarray(value, dtype=float)
        shape = value.shape
        v = np.broadcast_to(value, (draws.n,)) if value.ndim == 0 else value.reshape(-1)
        out = spec.run(lv.apply(dict(params), v))[spec.share_key]
        out = np.broadcast_to(np.asarray(out, dtype=float), (draws.n, len(spec.years)))
        return out[:, t_idx].reshape(shape) if value.ndim else out[:, t_idx]

    lo = np.full(draws.n, float(lv.low))
    hi = np.full(draws.n, float(lv.high))
    f_lo = share_at(lo) - target
    f_hi = share_at(hi) - target
    result = np.full(draws.n, np.inf)
    result[f_lo >= 0] = lv.low
    todo = (f_lo < 0) & (f_hi >= 0)
    if todo.any():
        per_draw = _per_draw_keys(spec, params)
        sub_params = {k: (_take(v, todo) if k in per_draw else v) for k, v in params.items()}
        m = int(todo.sum())

        def f(x, idx):
            # find_root passes only the still-active elements (and their ``idx``).
            x = np.asarray(x, dtype=float).reshape(-1)
            idx = np.asarray(idx).reshape(-1).astype(np.intp)
            p = {k: (_take(v, idx) if k in per_draw else v) for k, v in sub_params.items()}
            out = spec.run(lv.apply(p, x))[spec.share_key]
            out = np.broadcast_to(np.asarray(out, dtype=float), (len(idx), len(spec.years)))
            return out[:, t_idx] - target

        tol = xtol if xtol is not None else 1e-6 * max(abs(lv.high), 1.0)
        res = find_root(f, (lo[todo], hi[todo]), args=(np.arange(m, dtype=float),),
                        tolerances={"xatol": tol, "xrtol": 1e-12})
        result[todo] = res.x
    return result


def _take(v: Any, rows: np.ndarray) -> Any:
    """Rows (boolean mask or positions) of a per-draw ``(n,)`` or ``(n, T)`` array."""
    return np.asarray(v)[rows]


def _per_draw_keys(spec: ModelSpec, params: Mapping[str, Any]) -> set[str]:
    """Parameters that :func:`draw_params` replaced by per-draw arrays."""
    return {k for k, v in params.items() if v is not spec.base_params.get(k, None)
            and np.ndim(v) >= 1}


def _lever(spec: ModelSpec, lever: str) -> LeverSpec:
    if lever not in spec.levers:
        raise UsageError(error_message(where="lever", value=lever,
                                       rule=f"is not one of {', '.join(sorted(spec.levers))}"),
                         argument="lever")
    return spec.levers[lever]


def _year_index(spec: ModelSpec, year: int, argument: str = "target_year") -> int:
    years = [int(y) for y in spec.years]
    if isinstance(year, bool) or year not in years:
        raise UsageError(error_message(where=argument, value=year,
                                       rule=f"is outside the projection years "
                                            f"{years[0]}-{years[-1]}"), argument=argument)
    return years.index(year)


# ---------------------------------------------------------------------------------------
# Calibrated fan: the draws recentred and rescaled with the engine backtest's past errors
# ---------------------------------------------------------------------------------------
def calibrate_paths(paths: np.ndarray, years: np.ndarray, base_year: int,
                    fan: Any) -> np.ndarray:
    """Recentre and rescale simulated paths year by year with a fan calibration.

    For each year ``base_year + h`` (``h >= 1``) with a row in ``fan``
    (:class:`~hpresearch.uncertainty.fan_scaling.FanCalibration`), each draw ``x`` becomes
    ``p50 + b sigma + s(c) (x - p50)`` where ``p50`` and ``sigma = (p90 - p10)/2.563`` are
    those of the year's draws, ``b`` the bias and ``s(c)`` the scale of the central band
    level ``c = |2F - 1|`` of the draw's own rank ``F`` (interpolated between the tabulated
    levels, the nearest held beyond them; an infinite scale - too few errors for that level -
    is replaced by the largest finite one). The map is made monotone (running maximum over
    the sorted draws), so ranks are kept: the percentiles of the result are
    :meth:`FanCalibration.apply` applied to the percentiles of the draws, and every
    probability computed from it agrees with the calibrated fan.

    References
    ----------
    Reifschneider & Tulip (2019); Knüppel (2014) - see
    :mod:`hpresearch.uncertainty.fan_scaling`.
    """
    from hpresearch.uncertainty.fan_scaling import LEVELS, SCALE_COLUMNS, WIDTH_80

    x = np.array(paths, dtype=float, copy=True)
    n = x.shape[0]
    if fan is None or n < 2:
        return x
    F = (np.arange(n) + 0.5) / n
    c = np.abs(2.0 * F - 1.0)
    for t, y in enumerate(np.asarray(years, dtype=int)):
        row = fan.at(int(y) - int(base_year))
        if row is None:
            continue
        col = x[:, t]
        order = np.argsort(col, kind="mergesort")
        xs = col[order]
        p10, p50, p90 = np.percentile(col, [10, 50, 90])
        sigma = (p90 - p10) / WIDTH_80
        scales = np.array([float(row[k]) for k in SCALE_COLUMNS])
        finite = scales[np.isfinite(scales)]
        if not len(finite):
            continue
        scales = np.where(np.isfinite(scales), scales, finite.max())
        s_c = np.interp(c, np.asarray(LEVELS), scales)
        new = p50 + float(row["bias"]) * sigma + s_c * (xs - p50)
        x[order, t] = np.maximum.accumulate(new)
    return x


# ---------------------------------------------------------------------------------------
# Where the deterministic path sits in the simulation, and why
# ---------------------------------------------------------------------------------------
def deterministic_rank(share: np.ndarray, det: float) -> float:
    """Fraction of draws below the deterministic value (its percentile rank, 0-1)."""
    return float(np.mean(np.asarray(share, dtype=float) < det))


def skew_diagnosis(spec: ModelSpec, target_year: int, seed: int = SEED,
                   draws: int = SKEW_DRAWS) -> dict[str, Any]:
    """Name the source of uncertainty that moves the deterministic path off the median.

    Re-runs the Monte Carlo with one source at a time held at its central value (every
    uncertain parameter and every shock, common random numbers) and reports the source
    whose removal brings the deterministic value's percentile rank closest to 50%.

    Returns
    -------
    dict
        ``{rank, mechanism, rank_without, kind, ranks}``: the rank with every source,
        the named source (parameter or shock), the rank without it, ``"parameter"`` or
        ``"shock"``, and ``{source: rank without it}`` for every source.
    """
    t = _year_index(spec, target_year)
    d = Draws.make(spec, int(draws), int(seed))
    det = float(np.asarray(spec.run(dict(spec.base_params))[spec.share_key],
                           dtype=float).reshape(-1, len(spec.years))[0, t])
    full = deterministic_rank(run_draws(spec, d)[spec.share_key][:, t], det)
    ranks: dict[str, float] = {}
    kinds: dict[str, str] = {}
    for dist in spec.distributions:
        if dist.is_degenerate:
            continue
        s = run_draws(spec, d, overrides={dist.name: spec.base_params[dist.name]})
        ranks[dist.name] = deterministic_rank(s[spec.share_key][:, t], det)
        kinds[dist.name] = "parameter"
    for name in spec.shocks:
        s = run_draws(spec, d, overrides={name: spec.base_params[name]})
        ranks[name] = deterministic_rank(s[spec.share_key][:, t], det)
        kinds[name] = "shock"
    if not ranks:
        return {"rank": full, "mechanism": None, "rank_without": full, "kind": None,
                "ranks": {}}
    best = min(ranks, key=lambda k: abs(ranks[k] - 0.5))
    return {"rank": full, "mechanism": best, "rank_without": ranks[best], "kind": kinds[best],
            "ranks": ranks}


# ---------------------------------------------------------------------------------------
# Result and driver
# ---------------------------------------------------------------------------------------
@dataclass(frozen=True)
class SimulationResult:
    """Monte Carlo summary of one scenario on one boundary and basis.

    Attributes
    ----------
    scenario, boundary, basis : str
    draws, seed : int
        Number of draws and the seed (recorded for reproducibility).
    target, target_year : float, int
    years : ndarray
    bands : DataFrame
        Share percentiles per year (``p5`` ... ``p95``, ``mean``).
    probabilities : DataFrame
        ``p_at_or_above`` and ``p_crossed_by`` per year.
    crossing : Series
        Distribution of the first year the target is reached.
    required : DataFrame or None
        Percentiles of the per-draw required lever value (and as % of GRDP in the target
        year), ``p_unreachable``; ``None`` when no lever is set.
    deterministic : Series
        The engine's deterministic projection of the share (central values, no shocks).
    investment_bands : DataFrame or None
        Percentile bands of the lever's investment output per year, when it is uncertain.
    meta : dict
    deterministic_rank : float
        Percentile rank (0-1) of the deterministic target-year share among the model's draws.
    bands_model : DataFrame or None
        With a fan calibration: the model's own (uncalibrated) bands; ``bands`` are the
        calibrated ones.
    fan : dict or None
        The fan calibration used (``FanCalibration.to_dict()``), else ``None``.
    skew : dict or None
        :func:`skew_diagnosis` when the rank lies outside :data:`CENTRAL_RANGE` (which
        source of uncertainty skews the distribution away from the deterministic path).
    """

    scenario: str
    boundary: str
    basis: str
    draws: int
    seed: int
    target: float
    target_year: int
    years: np.ndarray
    bands: pd.DataFrame
    probabilities: pd.DataFrame
    crossing: pd.Series
    required: pd.DataFrame | None
    deterministic: pd.Series
    investment_bands: pd.DataFrame | None = None
    history: pd.DataFrame | None = None
    meta: dict[str, Any] = field(default_factory=dict)
    deterministic_rank: float = float("nan")
    skew: dict[str, Any] | None = None
    bands_model: pd.DataFrame | None = None
    fan: dict[str, Any] | None = None

    @property
    def calibrated(self) -> bool:
        """True when the bands and probabilities come from the calibrated draws."""
        return self.fan is not None

    @property
    def p_target(self) -> float:
        """P(share >= target in the target year)."""
        return float(self.probabilities.loc[self.target_year, "p_at_or_above"])

    def central_note(self) -> str:
        """Where the deterministic path sits among the draws, and what skews it (English)."""
        det = float(self.deterministic.loc[self.target_year])
        text = (f"deterministic {self.target_year} share {det:.2%} lies at percentile "
                f"{self.deterministic_rank * 100:.0f} of the draws")
        if self.skew and self.skew.get("mechanism"):
            text += (f" - outside {CENTRAL_RANGE[0]:.0%}-{CENTRAL_RANGE[1]:.0%}: the "
                     f"{self.skew['kind']} {self.skew['mechanism']} skews the distribution "
                     f"(held at its central value, the deterministic path lies at percentile "
                     f"{self.skew['rank_without'] * 100:.0f})")
        return text

    def summary(self) -> str:
        """Readable lines: the target year's share with its 80% band, P(target), the centre."""
        b = self.bands.loc[self.target_year]
        return "\n".join([
            f"Monte Carlo of {self.scenario} - boundary {self.boundary}, basis {self.basis}; "
            f"{self.draws:,} draws, seed {self.seed}"
            + (" (bands calibrated on past errors)" if self.calibrated else ""),
            f"  {self.target_year} share: median {b['p50']:.2%} (80% band {b['p10']:.2%}-"
            f"{b['p90']:.2%}); P(share >= {self.target:.2%}) = {self.p_target:.1%}",
            f"  {self.central_note()}"])

    def table(self) -> pd.DataFrame:
        """One row per year: share percentiles, mean, deterministic share, probabilities."""
        t = self.bands.join(self.probabilities)
        t.insert(0, "deterministic", self.deterministic.reindex(t.index).to_numpy())
        return t

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready dict (the seed and draw count are recorded)."""
        def clean(df):
            return None if df is None else json_ready(df.reset_index().to_dict(orient="records"))
        return {
            "scenario": self.scenario, "boundary": self.boundary, "basis": self.basis,
            "draws": self.draws, "seed": self.seed, "target": self.target,
            "target_year": self.target_year, "p_target": self.p_target,
            "years": clean(self.table()),
            "crossing_year": json_ready(self.crossing.to_dict()),
            "required": clean(self.required),
            "investment_bands": clean(self.investment_bands),
            "deterministic_rank": self.deterministic_rank,
            "calibrated": self.calibrated, "fan_calibration": self.fan,
            "bands_model": clean(self.bands_model),
            "skew": json_ready(self.skew) if self.skew else None,
            "meta": json_ready(self.meta),
        }


def simulate_shares(spec: ModelSpec, draws: int = DRAWS, seed: int = SEED,
                    fan: Any = None) -> tuple[Draws, dict[str, np.ndarray], np.ndarray,
                                              np.ndarray]:
    """The simulated share paths every summary of :func:`simulate_spec` is taken from.

    Returns
    -------
    draws : Draws
        The common random numbers.
    out : dict
        Every engine output per draw (``(n, T)``).
    share_model, share : ndarray
        The model's share paths and the paths the bands and probabilities come from
        (calibrated with ``fan`` when given, else ``share_model`` itself).
    """
    d = Draws.make(spec, draws, seed)
    out = run_draws(spec, d)
    return (d, out, *shares_of(spec, out, fan))


def shares_of(spec: ModelSpec, out: Mapping[str, np.ndarray],
              fan: Any = None) -> tuple[np.ndarray, np.ndarray]:
    """The model's share paths in the engine's outputs ``out`` and the paths the bands and
    probabilities come from (calibrated with ``fan`` when given)."""
    share_model = out[spec.share_key]
    base_year = int(spec.meta.get("base_year", spec.years[0]))
    share = (calibrate_paths(share_model, spec.years, base_year, fan) if fan is not None
             else share_model)
    return share_model, share


def simulate_spec(spec: ModelSpec, draws: int = DRAWS, seed: int = SEED,
                  target: float | None = None,
                  target_year: int = 2030, lever: str | None = None,
                  required_draws: int | None = 2000, diagnose: bool = True,
                  fan: Any = None) -> SimulationResult:
    """Monte Carlo on a prepared :class:`ModelSpec` (see :func:`simulate` for the CLI path).

    Parameters
    ----------
    spec : ModelSpec
    draws : int
        Number of draws ``n``.
    seed : int
        Seed of ``numpy.random.default_rng``.
    target : float, optional
        Target share (fraction); default the scenario's ``target_share`` (the boundary's
        official target, recorded in ``spec.meta``; 0.40 for a spec without one).
    target_year : int
    lever : str, optional
        Lever for the required-investment distribution (``None``: skip it).
    required_draws : int, optional
        Draws used for the per-draw required lever (the first ``required_draws`` of the
        same common random numbers; ``None`` = all).
    diagnose : bool
        Run :func:`skew_diagnosis` when the deterministic path lies outside
        :data:`CENTRAL_RANGE` (a few extra Monte Carlo runs).
    fan : FanCalibration, optional
        Calibrate the draws with the engine backtest's past errors
        (:func:`calibrate_paths`; from :func:`hpresearch.backtest.fan_calibration`): the
        bands, probabilities and crossing years then come from the calibrated draws and
        ``bands_model`` keeps the model's own bands. ``None``: the model's bands.
    """
    draws = argspec.check("draws", draws)
    target = argspec.check("target", float(spec.meta.get("target_share", 0.40))
                           if target is None else target)
    _year_index(spec, target_year)  # validates the year
    d, out, share_model, share = simulate_shares(spec, draws, seed, fan)
    years = spec.years
    det = spec.run(dict(spec.base_params))[spec.share_key]
    det = pd.Series(np.asarray(det, dtype=float).reshape(-1, len(years))[0],
                    index=pd.Index(years, name="year"))
    inv_bands = None
    if spec.investment_key and spec.investment_key in out:
        inv = out[spec.investment_key]
        if np.ptp(inv, axis=0).max() > 0:
            inv_bands = percentile_bands(inv, years)
    required = None
    if lever is not None:
        m = d.n if required_draws is None else min(d.n, int(required_draws))
        sub = Draws(n=m, seed=d.seed, uniforms=d.uniforms[:m], normals=d.normals[:m])
        req = required_lever(spec, sub, lever, target, target_year)
        required = summarise_required(req, spec, sub, lever, target_year)
    t_idx = _year_index(spec, target_year)
    rank = deterministic_rank(share_model[:, t_idx], float(det.iloc[t_idx]))
    skew = None
    if not CENTRAL_RANGE[0] <= rank <= CENTRAL_RANGE[1] and diagnose:
        skew = skew_diagnosis(spec, target_year, seed=seed)
        skew["rank"] = rank
    return SimulationResult(
        scenario=str(spec.meta.get("scenario", "")), boundary=str(spec.meta.get("boundary", "")),
        basis=str(spec.meta.get("basis", "")), draws=int(draws), seed=int(seed),
        target=float(target), target_year=int(target_year), years=np.asarray(years),
        bands=percentile_bands(share, years),
        probabilities=target_probabilities(share, years, target),
        crossing=crossing_years(share, years, target), required=required,
        deterministic=det, investment_bands=inv_bands, history=spec.history,
        meta={**spec.meta, "shocks": {k: vars(v) for k, v in spec.shocks.items()},
              "uncertain_parameters": [x.describe() for x in spec.distributions]},
        deterministic_rank=rank, skew=skew,
        bands_model=percentile_bands(share_model, years) if fan is not None else None,
        fan=fan.to_dict() if fan is not None else None,
    )


def summarise_required(req: np.ndarray, spec: ModelSpec, draws: Draws, lever: str,
                       target_year: int) -> pd.DataFrame:
    """Percentiles of the per-draw required lever, its ratio to the latest actual and % GRDP."""
    lv = _lever(spec, lever)
    finite = req[np.isfinite(req)]
    row: dict[str, Any] = {"lever": lever, "unit": lv.unit, "draws": len(req),
                           "p_unreachable": float(np.mean(~np.isfinite(req)))}
    # Unreachable draws count as +inf (no interpolation, so upper percentiles may be inf =
    # "not reachable within the lever's limit").
    req_inf = np.where(np.isfinite(req), req, np.inf)
    for p in PERCENTILES:
        row[f"p{p}"] = float(np.percentile(req_inf, p, method="inverted_cdf")) if len(req) else np.nan
    row["median_ratio_to_latest"] = (row["p50"] / lv.latest_actual
                                     if lv.latest_actual and np.isfinite(row["p50"]) else np.nan)
    row["p50_vnd_bn"] = row["p50"] * lv.vnd_bn_per_unit
    if spec.grdp_key and len(finite):
        params = lv.apply(draw_params(spec, draws), np.where(np.isfinite(req), req, lv.high))
        grdp = np.broadcast_to(np.asarray(spec.run(params)[spec.grdp_key], dtype=float),
                               (draws.n, len(spec.years)))[:, _year_index(spec, target_year)]
        pct = np.where(np.isfinite(req), req * lv.vnd_bn_per_unit / grdp, np.inf)
        row["p50_share_of_grdp"] = float(np.percentile(pct, 50, method="inverted_cdf"))
    return pd.DataFrame([row]).set_index("lever")


def simulate(scenario: Any, draws: int = DRAWS, seed: int = SEED, boundary: str = DEFAULT_BOUNDARY,
             basis: str = "gso", target: float | None = None, target_year: int = 2030,
             end_year: int | None = None, lever: str | None = "default",
             overrides: Mapping[str, Any] | None = None, shocks: bool = True,
             required_draws: int | None = 2000, fan: Any = None) -> SimulationResult:
    """Monte Carlo of a scenario: share bands, P(target), crossing years, required lever.

    Parameters
    ----------
    scenario : str or Scenario
        Shipped scenario name, path to a scenario file, or a loaded scenario.
    draws : int
        Number of draws.
    seed : int
        Seed of ``numpy.random.default_rng`` (recorded in the result).
    boundary : {"pre_merger", "merged"}
    basis : {"gso", "mic"}
        Measurement basis: an alternative run, never mixed (see module docstring).
    target : float, optional
        Target share (fraction); default the boundary's official target from the data
        (merged city >35%, pre-merger city 40%; see :func:`hpresearch.data.official_target`).
    target_year : int
    end_year : int, optional
        Last projection year (default ``target_year``).
    lever : str or None
        Lever for the per-draw required investment (``"default"`` = FDI into core digital
        industries; ``None`` = skip).
    overrides : mapping, optional
        Parameter overrides (as ``project(..., overrides=...)``).
    shocks : bool
        Include the AR(1) growth shocks.
    required_draws : int, optional
        Draws used for the required-lever distribution.
    fan : FanCalibration, optional
        Calibrate bands and probabilities with the engine backtest's past errors
        (``hpresearch.backtest.fan_calibration()``; see :func:`simulate_spec`).

    Returns
    -------
    SimulationResult
    """
    from hpresearch.uncertainty.spec import DEFAULT_LEVER, build_spec

    target_year = argspec.check("target_year", target_year)
    end_year = max(target_year, target_year if end_year is None
                  else argspec.check("end_year", end_year))
    spec = build_spec(scenario, boundary=boundary, basis=basis, end_year=end_year,
                      overrides=overrides, shocks=shocks)
    if lever == "default":
        lever = DEFAULT_LEVER if DEFAULT_LEVER in spec.levers else None
    return simulate_spec(spec, draws=draws, seed=seed, target=target, target_year=target_year,
                         lever=lever, required_draws=required_draws, fan=fan)


# ---------------------------------------------------------------------------------------
# Probability target: the lever value at which P(share >= target) reaches p
# ---------------------------------------------------------------------------------------
@dataclass(frozen=True)
class ProbabilitySolution:
    """Lever value reaching a probability (see :func:`solve_probability`).

    Attributes
    ----------
    value : float or None
        Constant annual lever level; ``None`` when even the upper limit falls short.
    achieved : float
        Estimated P(share >= target in year) at ``value`` (at the upper limit if ``None``).
    at_low, at_high : float
        The probability with the lever at its lower and upper limit.
    quantile_check : float
        ``p``-quantile of the per-draw required values (agrees with ``value`` by construction).
    bracket : (float, float)
    """

    value: float | None
    achieved: float
    at_low: float
    at_high: float
    quantile_check: float
    bracket: tuple[float, float]


def upper_side(measure: Callable[[float], float], x: float, level: float, step: float,
               high: float) -> tuple[float, float]:
    """Move ``x`` to the upper side of a jump of the step function ``measure``.

    A root finder on a step function (an estimated probability, an order statistic of fixed
    draws) stops within its tolerance of the jump, on either side. From ``x`` this steps up
    by ``step``, doubling it each time, until ``measure(x) >= level`` or ``x`` reaches
    ``high``.

    Returns
    -------
    (float, float)
        The point and ``measure`` there.
    """
    m = measure(x)
    while m < level and x < high:
        x = min(high, x + step)
        step *= 2.0
        m = measure(x)
    return x, m


def solve_probability(spec: ModelSpec, lever: str, target: float, year: int,
                      probability: float, draws: int, seed: int,
                      xtol: float | None = None, fan: Any = None) -> ProbabilitySolution:
    """Lever value for which P(share in ``year`` >= ``target``) >= ``probability``.

    With common random numbers (one fixed set of parameter and shock draws), the probability
    ``P(L) = mean_i[ share_i(L) >= target ]`` is a non-decreasing step function of the lever
    value ``L`` (more investment never lowers the share). :func:`scipy.optimize.brentq` finds
    the jump where ``P`` first reaches ``p`` over the lever's limits; the value is then moved
    to the upper side of the jump (within ``xtol``) so that the achieved probability is at
    least ``p``. The ``p``-quantile of the per-draw required values (:func:`required_lever`)
    is the same number up to the tolerance and is returned as a check.

    With ``fan`` (a :class:`~hpresearch.uncertainty.fan_scaling.FanCalibration`) the
    probability is that of the calibrated draws (:func:`calibrate_paths` on the target year),
    so it agrees with the calibrated fan; the per-draw quantile check does not apply then
    (``quantile_check`` is NaN).

    References
    ----------
    Brent, R. P. (1973). *Algorithms for Minimization without Derivatives*, ch. 4.
    Glasserman, P. (2004). *Monte Carlo Methods in Financial Engineering*, §4.2 (common
    random numbers make the estimated probability monotone in the lever).
    """
    from scipy.optimize import brentq

    probability = argspec.check("probability", probability)
    target = argspec.check("target", target)
    lv = _lever(spec, lever)
    t_idx = _year_index(spec, year, "year")
    d = Draws.make(spec, draws, seed)
    params = draw_params(spec, d)
    n, T = d.n, len(spec.years)

    base_year = int(spec.meta.get("base_year", spec.years[0]))

    def prob(value: float) -> float:
        out = spec.run(lv.apply(dict(params), float(value)))[spec.share_key]
        s = np.broadcast_to(np.asarray(out, dtype=float), (n, T))[:, t_idx]
        if fan is not None:
            s = calibrate_paths(s[:, None], np.array([year]), base_year, fan)[:, 0]
        return float(np.mean(s >= target))

    lo, hi = float(lv.low), float(lv.high)
    tol = xtol if xtol is not None else 1e-6 * max(abs(hi), 1.0)
    p_lo, p_hi = prob(lo), prob(hi)
    if fan is None:
        req = required_lever(spec, d, lever, target, year, xtol=tol)
        q_check = float(np.quantile(req, probability, method="inverted_cdf"))
    else:
        q_check = float("nan")
    if p_lo >= probability:
        value, achieved = lo, p_lo
    elif p_hi < probability:
        value, achieved = None, p_hi
    else:
        value = float(brentq(lambda v: prob(v) - probability + 1e-12, lo, hi, xtol=tol,
                             maxiter=200))
        value, achieved = upper_side(prob, value, probability, tol, hi)
    return ProbabilitySolution(value=value, achieved=float(achieved), at_low=p_lo, at_high=p_hi,
                               quantile_check=q_check, bracket=(lo, hi))
