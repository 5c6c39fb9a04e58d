"""Benchmark of the projection engine: one projection (goal < 5 ms) and one goal-seek
(goal < 100 ms), with baselines measured in the same run.

Baselines:
* ``pandas loop``: the same one-scenario projection written the plain way - a year loop
  writing into a pandas DataFrame with ``.loc`` (what a notebook would do);
* ``no-op``: an empty Python call, to show the timer floor.

Run: ``PYTHONPATH=. python benchmarks/bench_model.py`` (uses the real data panel; falls back
to the synthetic calibration when the data layer is unavailable).
"""
from __future__ import annotations

import statistics
import time
import warnings

import numpy as np
import pandas as pd


def timeit(fn, repeat: int = 7, number: int = 20) -> float:
    """Median seconds per call over ``repeat`` batches of ``number`` calls."""
    fn()  # warm-up (imports, caches)
    runs = []
    for _ in range(repeat):
        t = time.perf_counter()
        for _ in range(number):
            fn()
        runs.append((time.perf_counter() - t) / number)
    return statistics.median(runs)


def pandas_loop_projection(cal, p, horizon: int) -> pd.DataFrame:
    """Baseline: the deterministic projection as a plain pandas year loop (same equations)."""
    years = list(range(cal.year, horizon + 1))
    df = pd.DataFrame(index=years, columns=["P", "K", "Dc", "N", "a", "Dd"], dtype=float)
    s0, Y0 = cal.de_share, cal.grdp_constant_vnd_bn
    phi, d, al = p["core_fraction"], p["depreciation_core"], p["output_elasticity_core"]
    g = p["initial_capital_growth"]
    I0 = (p["core_domestic_investment_share"] * cal.base_total_investment_real_vnd_bn
          + p["digital_fdi_fraction"] * p["fdi_disbursement_ratio"] * cal.base_fdi_real_vnd_bn)
    K0 = I0 * (1 + g) / (g + d)
    Dc0 = phi * s0 * Y0
    df.loc[cal.year] = [cal.deflator, K0, Dc0, (1 - s0) * Y0,
                        (1 - phi) * s0 / ((1 - phi) * s0 + 1 - s0), (1 - phi) * s0 * Y0]
    tot, fdi, dx = cal.total_investment_t0_vnd_bn, cal.fdi_t0_usd_bn, cal.dx_t0_vnd_bn
    ref = cal.dx_ref_vnd_bn / cal.dx_ref_deflator
    for i, y in enumerate(years[1:], start=1):
        gi = 1 + p["investment_growth"][i]
        tot, fdi, dx = tot * gi, fdi * gi, dx * gi
        P = df.loc[y - 1, "P"] * (1 + p["inflation"][i])
        I = (p["core_domestic_investment_share"] * tot + p["digital_fdi_fraction"] * fdi
             * p["fdi_disbursement_ratio"] * p["vnd_per_usd"][i]) / P
        K = (1 - d) * df.loc[y - 1, "K"] + I
        N = df.loc[y - 1, "N"] * (1 + p["non_digital_growth"][i])
        k = min(1.0, p["adoption_speed"] * ((dx / P) / ref) ** p["dx_elasticity"])
        a0 = df.loc[y - 1, "a"]
        a = a0 + k * a0 * (1 - a0 / p["adoption_ceiling"])
        df.loc[y] = [P, K, Dc0 * (K / K0) ** al, N, a, a / (1 - a) * N]
    df["share"] = (df["Dc"] + df["Dd"]) / (df["Dc"] + df["Dd"] + df["N"])
    return df


def main() -> None:
    from hpresearch.model import goal_seek, project
    from hpresearch.model.engine import SIM_PARAMS, resolve_params, simulate_paths

    try:
        from hpresearch.model import calibrate
        cal = calibrate("pre_merger", "gso")
        source = "data panel pre_merger/gso"
    except Exception as err:  # pragma: no cover - data layer missing
        from hpresearch.calibration.synthetic import synthetic_calibration
        cal = synthetic_calibration()
        source = f"synthetic calibration ({type(err).__name__})"
    warnings.simplefilter("ignore")
    horizon = 2030
    t_noop = timeit(lambda: None, number=1000)
    t_project = timeit(lambda: project("trend", calibration=cal, horizon=horizon))
    p = resolve_params({}, cal, horizon)
    sim = {k: p[k] for k in SIM_PARAMS}
    t_core = timeit(lambda: simulate_paths(cal, sim, horizon), number=200)
    t_pandas = timeit(lambda: pandas_loop_projection(cal, p, horizon), number=5)
    t_goal = timeit(lambda: goal_seek("trend", 0.40, 2030, "fdi_digital", calibration=cal),
                    repeat=5, number=5)
    n = 100_000
    draws = {**sim, "depreciation_core": np.random.default_rng(0).uniform(0.11, 0.31, n)}
    t_mc = timeit(lambda: simulate_paths(cal, draws, horizon), repeat=3, number=1)

    print(f"bench_model ({source}, years {cal.year}-{horizon})")
    print(f"  no-op call                     {t_noop * 1e6:10.2f} us")
    print(f"  simulate_paths n=1 (core)      {t_core * 1e3:10.3f} ms")
    print(f"  project('trend')               {t_project * 1e3:10.3f} ms   goal < 5 ms   "
          f"{'OK' if t_project < 5e-3 else 'MISSED'}")
    print(f"  baseline: pandas year loop     {t_pandas * 1e3:10.3f} ms   "
          f"ratio project/pandas {t_project / t_pandas:.2f} (project adds scenario loading, "
          f"validation and the output table); core/pandas {t_core / t_pandas:.2f}")
    print(f"  goal_seek(fdi_digital, 40%)    {t_goal * 1e3:10.3f} ms   goal < 100 ms "
          f"{'OK' if t_goal < 0.1 else 'MISSED'}   (= {t_goal / t_core:.0f} core runs)")
    print(f"  simulate_paths n=100,000       {t_mc * 1e3:10.1f} ms   "
          f"({t_mc / n * 1e9:.0f} ns per draw; {n * t_pandas / t_mc:,.0f}x the pandas loop "
          f"per draw)")


if __name__ == "__main__":
    main()
