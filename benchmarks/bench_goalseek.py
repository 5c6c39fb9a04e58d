"""Speed goals of issue 10, with baselines measured in the same run.

Prints:
(a) the Monte Carlo at 100,000 draws (goal < 1 s): ``simulate_spec`` with its summaries (bands,
    P(target), crossing years, deterministic rank), no required-lever solve; baseline = the
    engine called once per draw (a naive loop, measured on a subset and extrapolated);
(b) the probabilistic single-lever goal-seek (goal < 2 s): ``goal_seek(..., probability=p)``
    at the default 10,000 draws, p = 0.5 and 0.8; baseline = the deterministic goal-seek;
(c) the least-cost goal-seek for three levers (goal < 10 s): ``least_cost(...)`` at 10,000
    draws, p = 0.5 and 0.8, including the re-solve at target + 1 point for the marginal cost;
    baselines = the three single-lever probabilistic goal-seeks, and one engine run on
    10,000 draws (the least-cost time in engine runs).

Library calls are timed after a warm-up (the calibration and the shock fits are cached per
process, as in any session that runs more than one command). Best of ``--repeat`` runs.

``--check`` also scans the mix of the two levers the solution uses (core domestic investment
and DX spending, FDI at its lower bound) over 41 directions on the exact sample problem and
prints how far the solver's cost is from the cheapest direction found (the figure quoted in
docs/evidence.md, "Least-cost mix").

Usage: ``PYTHONPATH=. python benchmarks/bench_goalseek.py [SCENARIO] [--boundary B] [--check]``
"""
from __future__ import annotations

import argparse
import datetime as dt
import platform
import time
import warnings

import numpy as np

LEVERS = ("core_domestic_investment_vnd_bn", "fdi_digital_usd_bn", "dx_spending_vnd_bn")


def best_of(fn, repeat: int) -> tuple[float, object]:
    best, out = float("inf"), None
    for _ in range(repeat):
        t0 = time.perf_counter()
        out = fn()
        best = min(best, time.perf_counter() - t0)
    return best, out


def verdict(t: float, goal: float) -> str:
    return f"goal < {goal:g} s: {'met' if t < goal else 'MISSED'}"


def check_scan(spec, p: float, res, draws: int, seed: int) -> None:
    """Exact sample cost along 41 core/DX directions (FDI at 0) vs the solver's mix."""
    from hpresearch.invest.leastcost import _Problem, _Solver
    from hpresearch.uncertainty.montecarlo import Draws

    lvs = [spec.levers[n] for n in LEVERS]
    prob = _Problem(spec, lvs, Draws.make(spec, draws, seed), len(spec.years) - 1, p)
    lo = np.zeros(3)
    hi = np.array([lv.high for lv in lvs])
    hi[1] = 0.0
    solver = _Solver(prob, lo, hi, np.array([lv.vnd_bn_per_unit for lv in lvs]))
    theta_star = res.costs[2] / res.total_cost
    best = (np.inf, None)
    for th in np.unique(np.r_[np.linspace(0.0, min(1.0, 3 * theta_star + 0.02), 41), theta_star]):
        L = solver.ray(res.target, lo, solver.ray_end(np.array([1.0 - th, 0.0, th]) * 1e6))
        if L is not None and L.sum() < best[0]:
            best = (float(L.sum()), th)
    gap = res.total_cost / best[0] - 1.0
    print(f"        check: cheapest of 41 directions {best[0]:,.0f} VND bn/yr (DX share "
          f"{best[1]:.3f}); solver {res.total_cost:,.0f} (DX share {theta_star:.3f}): "
          f"{gap:+.2%}")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("scenario", nargs="?", default="trend")
    ap.add_argument("--boundary", default="merged")
    ap.add_argument("--basis", default="gso")
    ap.add_argument("--draws", type=int, default=100_000)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--loop-subset", type=int, default=300)
    ap.add_argument("--check", action="store_true")
    args = ap.parse_args()
    warnings.simplefilter("ignore")

    from hpresearch.invest import goal_seek, least_cost
    from hpresearch.defaults import DRAWS
    from hpresearch.uncertainty.montecarlo import Draws, draw_params, simulate_spec
    from hpresearch.uncertainty.spec import build_spec

    spec = build_spec(args.scenario, boundary=args.boundary, basis=args.basis, end_year=2030)
    T, n = len(spec.years), args.draws
    print(f"bench_goalseek | {dt.date.today()} | {platform.machine()} | python "
          f"{platform.python_version()} | numpy {np.__version__}")
    print(f"scenario {args.scenario} ({args.boundary}, {args.basis}); years "
          f"{int(spec.years[0])}-{int(spec.years[-1])} (T={T}); {len(spec.distributions)} "
          f"uncertain parameters, {len(spec.shocks)} shock processes; target "
          f"{spec.meta['target_share']:.2%}")

    # (a) the Monte Carlo ---------------------------------------------------------------
    simulate_spec(spec, draws=1000, seed=1, lever=None)  # warm-up
    t_sim, _ = best_of(lambda: simulate_spec(spec, draws=n, seed=1, lever=None), args.repeat)
    m = args.loop_subset
    d = Draws.make(spec, m, 1)
    params = draw_params(spec, d)
    per_draw = {k for k, v in params.items() if v is not spec.base_params.get(k)
                and np.ndim(v) >= 1}

    def loop():
        for i in range(m):
            spec.run({k: (np.asarray(v)[i] if k in per_draw else v) for k, v in params.items()})

    t_loop, _ = best_of(loop, 1)
    print(f"\n(a) Monte Carlo, {n:,} draws x {T} years (simulate_spec, no required lever)")
    print(f"    {t_sim * 1e3:8.0f} ms ({n / t_sim:,.0f} draws/s)   {verdict(t_sim, 1)}")
    print(f"    baseline, engine once per draw: {t_loop / m * 1e6:,.0f} us/draw -> "
          f"{t_loop / m * n:,.1f} s for {n:,} draws (x{t_loop / m * n / t_sim:,.0f})")

    # (b) probabilistic single-lever goal-seek ------------------------------------------
    kw = dict(boundary=args.boundary, basis=args.basis)
    goal_seek(args.scenario, lever="fdi_digital", **kw)  # warm-up
    t_det, _ = best_of(lambda: goal_seek(args.scenario, lever="fdi_digital", **kw), args.repeat)
    print(f"\n(b) probabilistic goal-seek, fdi_digital_usd_bn, {DRAWS:,} draws")
    single = {}
    for p in (0.5, 0.8):
        t, r = best_of(lambda: goal_seek(args.scenario, lever="fdi_digital", probability=p,
                                         **kw), args.repeat)
        single[p] = t
        print(f"    p={p}: {t * 1e3:8.0f} ms   {verdict(t, 2)}   value {r.value:,.3f} {r.unit}"
              f" ({r.status}), P = {r.achieved_probability:.3f}")
    print(f"    baseline, deterministic goal-seek (brentq, central path): {t_det * 1e3:.1f} ms")

    # (c) least-cost mix of three levers ------------------------------------------------
    dd = Draws.make(spec, DRAWS, 0)
    pp = draw_params(spec, dd)
    t_run, _ = best_of(lambda: spec.run(pp), 5)
    print(f"\n(c) least-cost goal-seek, {', '.join(LEVERS)}, {DRAWS:,} draws "
          f"(incl. the re-solve at target + 1 pp)")
    for p in (0.5, 0.8):
        t, r = best_of(lambda: least_cost(args.scenario, LEVERS, p, draws=DRAWS,
                                          **kw), args.repeat)
        three = 0.0
        for lever in LEVERS:
            three += best_of(lambda: goal_seek(args.scenario, lever=lever, probability=p,
                                               **kw), 1)[0]
        mix = ", ".join(f"{x:,.4g}" for x in r.levels)
        print(f"    p={p}: {t:6.2f} s   {verdict(t, 10)}   {r.evaluations} engine runs of "
              f"{DRAWS:,} draws (one run {t_run * 1e3:.0f} ms); mix ({mix}), "
              f"total {r.total_cost:,.0f} VND bn/yr, {r.status}")
        print(f"        baseline, the three single-lever probabilistic goal-seeks: "
              f"{three:.2f} s (ratio {t / three:.2f})")
        if args.check:
            check_scan(spec, p, r, DRAWS, 0)


if __name__ == "__main__":
    main()
