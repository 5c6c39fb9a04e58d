"""Benchmark of the evidence layer (issue 4 speed goals), with same-run baselines.

Prints:
1. Monte Carlo throughput at 100,000 draws (goal: < 1 s over the horizon), the core
   (draws + engine) and the full ``simulate_spec`` summary (bands, probabilities, crossing
   years, no required-lever solve); baseline = a naive Python loop calling the engine once
   per draw on a subset, and one deterministic projection x draws.
2. Probabilistic goal-seek (goal: < 2 s) at the default 10,000 draws, p = 0.5 and 0.8.
3. Sobol analysis (SALib) of the 2030 share at the default base sample N = 1024.

Usage: ``PYTHONPATH=. python benchmarks/bench_evidence.py [SCENARIO] [--boundary B]``
"""
from __future__ import annotations

import argparse
import platform
import time

import numpy as np


def best_of(fn, repeat: int = 3) -> float:
    best = float("inf")
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t0)
    return best


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("scenario", nargs="?", default="trend")
    ap.add_argument("--boundary", default="pre_merger")
    ap.add_argument("--basis", default="gso")
    ap.add_argument("--draws", type=int, default=100_000)
    ap.add_argument("--loop-subset", type=int, default=500)
    args = ap.parse_args()

    from hpresearch.uncertainty.spec import DEFAULT_LEVER, build_spec
    from hpresearch.defaults import DRAWS
    from hpresearch.uncertainty.montecarlo import (Draws, draw_params, run_draws, simulate_spec,
                                                   solve_probability)
    from hpresearch.uncertainty.sensitivity import DEFAULT_SOBOL_SAMPLES, scenario_sobol

    spec = build_spec(args.scenario, boundary=args.boundary, basis=args.basis, end_year=2030)
    T = len(spec.years)
    n = args.draws
    print(f"hpresearch evidence benchmark | {platform.processor() or platform.machine()} | "
          f"python {platform.python_version()} | numpy {np.__version__}")
    print(f"scenario {args.scenario} ({args.boundary}, {args.basis}); years "
          f"{int(spec.years[0])}-{int(spec.years[-1])} (T={T}); "
          f"{len(spec.distributions)} uncertain parameters, {len(spec.shocks)} shock process(es)")

    # 1. Monte Carlo throughput ----------------------------------------------------------
    t_core = best_of(lambda: run_draws(spec, Draws.make(spec, n, 1)))
    t_full = best_of(lambda: simulate_spec(spec, draws=n, seed=1, lever=None))
    m = args.loop_subset
    d_sub = Draws.make(spec, m, 1)
    params = draw_params(spec, d_sub)

    def naive_loop():
        for i in range(m):
            p = {k: (np.asarray(v)[i] if (np.ndim(v) >= 1 and np.shape(v)[0] == m
                                           and v is not spec.base_params.get(k)) else v)
                 for k, v in params.items()}
            spec.run(p)

    t_loop = best_of(naive_loop, repeat=1)
    per_draw_loop = t_loop / m
    t_det = best_of(lambda: spec.run(dict(spec.base_params)), repeat=20)
    print(f"\n[1] Monte Carlo, {n:,} draws x {T} years")
    print(f"    core (draw + engine):          {t_core * 1e3:8.1f} ms  -> {n / t_core:,.0f} draws/s")
    print(f"    full simulate (bands, P, crossing): {t_full * 1e3:8.1f} ms  -> {n / t_full:,.0f} draws/s"
          f"  (goal < 1000 ms: {'met' if t_full < 1 else 'MISSED'})")
    print(f"    baseline naive per-draw loop:  {per_draw_loop * 1e6:8.1f} us/draw (measured on {m} draws)"
          f" -> {n:,} draws ~ {per_draw_loop * n:,.1f} s; speed-up x{per_draw_loop * n / t_full:,.0f}")
    print(f"    baseline deterministic projection x draws: {t_det * 1e3:.3f} ms x {n:,} = "
          f"{t_det * n:,.1f} s; speed-up x{t_det * n / t_full:,.0f}")

    # 2. Probabilistic goal-seek ------------------------------------------------------------
    lever = DEFAULT_LEVER
    print(f"\n[2] probabilistic goal-seek, lever {lever}, {DRAWS:,} draws (goal < 2 s)")
    for p in (0.5, 0.8):
        res = {}

        def gs():
            res["r"] = solve_probability(spec, lever, 0.40, 2030, p,
                                         draws=DRAWS, seed=1)
        t = best_of(gs)
        r = res["r"]
        val = ("infeasible" if r.value is None
               else f"{r.value:,.3f} {spec.levers[lever].unit}/yr")
        print(f"    p={p}: {t * 1e3:8.1f} ms  ({'met' if t < 2 else 'MISSED'}); value {val}, "
              f"achieved {r.achieved:.3f}")

    # 3. Sobol ------------------------------------------------------------------------------
    res = {}

    def sob():
        res["s"] = scenario_sobol(spec, target_year=2030, n_base=DEFAULT_SOBOL_SAMPLES, seed=1)
    t = best_of(sob, repeat=1)
    s = res["s"]
    t_eval = best_of(lambda: spec.run({**spec.base_params}), repeat=5)
    print(f"\n[3] Sobol (SALib), N={s.n_base}, {s.n_runs:,} model runs: {t * 1e3:8.1f} ms; "
          f"baseline one-at-a-time engine calls ~ {t_eval * s.n_runs:,.1f} s "
          f"(x{t_eval * s.n_runs / t:,.0f}); top drivers {', '.join(s.top(3))}")


if __name__ == "__main__":
    main()
