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
    """Baseline: the deterministic projection as a plain pandas year loop (same equations as
    ``hpresearch.model.engine.simulate_paths``, written year by year with ``.loc``).

    Uses the default lever rules (published values, else ratios to nominal GRDP); checked
    against the engine in :func:`main`.
    """
    from hpresearch.calibration.base import BASE_WINDOW
    from hpresearch.calibration.fdi import lag_weights

    years = list(range(cal.year, horizon + 1))
    T = len(years)
    df = pd.DataFrame(index=years, columns=["Y", "P", "tot", "fdi", "dx", "Fd", "I", "K", "Dc",
                                            "a", "Dd", "share"], dtype=float)
    s0, Y0 = cal.de_share, cal.grdp_constant_vnd_bn
    phi, d, al = p["core_fraction"], p["capacity_decay"], p["output_elasticity_core"]
    frac, disb = p["digital_fdi_fraction"], p["fdi_disbursement_ratio"]
    span = int(p["fdi_lag_span_years"])
    w = lag_weights(np.array([p["fdi_mean_lag_years"]]), span)[0]
    h = cal.history
    fx = p["vnd_per_usd"]
    obs = {k: cal.observed_path(k, np.array(years)) for k in
           ("total_investment_vnd_bn", "fdi_usd_bn", "dx_budget_vnd_bn")}
    for i, y in enumerate(years):
        if i == 0:
            Y, P = Y0, cal.deflator
            tot, fdi_city = h["total_investment_vnd_bn"][-1], h["fdi_usd_bn"][-1]
            dl = cal.latest.get("dx_budget_vnd_bn")
            dx = dl[1] if dl and dl[0] == cal.year else p["dx_ratio"] * Y * P
        else:
            Y = df.loc[y - 1, "Y"] * (1 + p["real_growth"][i])
            P = df.loc[y - 1, "P"] * (1 + p["deflator_growth"][i])
            tot = obs["total_investment_vnd_bn"][i]
            tot = p["total_investment_ratio"] * Y * P if np.isnan(tot) else tot
            fdi_city = obs["fdi_usd_bn"][i]
            fdi_city = p["fdi_ratio"] * Y * P / fx[i] if np.isnan(fdi_city) else fdi_city
            dx = obs["dx_budget_vnd_bn"][i]
            dx = p["dx_ratio"] * Y * P if np.isnan(dx) else dx
        df.loc[y, ["Y", "P", "tot", "fdi", "dx"]] = [Y, P, tot, frac * fdi_city, dx]
    # registrations before t0 from the history, then disbursed with the lag weights
    pre = span + BASE_WINDOW - 1
    n_h = len(cal.history_years)
    reg = list(frac * h["fdi_usd_bn"][n_h - 1 - pre:n_h - 1]) + list(df["fdi"])

    def disbursed(idx):
        return disb * sum(w[j] * reg[idx - j] for j in range(span + 1) if idx - j >= 0)

    h_fx, h_P = h["vnd_per_usd"][n_h - 1 - pre:], h["deflator"][n_h - 1 - pre:]
    h_tot = h["total_investment_vnd_bn"][n_h - 1 - pre:]
    share_dom = p["core_domestic_investment_share"]
    I0 = np.mean([(share_dom * (h_tot[c] if c < pre else df["tot"].iloc[0])
                   + disbursed(c) * h_fx[c]) / h_P[c]
                  for c in range(pre - BASE_WINDOW + 1, pre + 1)])
    g = p["initial_capital_growth"]
    K0 = I0 * (1 + g) ** ((BASE_WINDOW - 1) / 2) / (g + d)
    Dc0 = phi * s0 * Y0
    a0 = (1 - phi) * s0 / (1 - phi * s0)
    rho = p["digital_relative_price_drift"]
    for i, y in enumerate(years):
        Fd = disbursed(pre + i)
        df.loc[y, "Fd"] = Fd
        df.loc[y, "I"] = (share_dom * df.loc[y, "tot"] + Fd * fx[i]) / df.loc[y, "P"]
        if i == 0:
            K, a = K0, a0
        else:
            K = (1 - d) * df.loc[y - 1, "K"] + df.loc[y - 1, "I"]
            k = min(1.0, p["adoption_speed"] * ((df.loc[y, "dx"] / df.loc[y, "P"])
                                                / cal.dx_ref_real) ** p["dx_elasticity"])
            a0_ = df.loc[y - 1, "a"]
            a = a0_ + k * a0_ * (1 - a0_ / p["adoption_ceiling"])
        Dc = min(Dc0 * (K / K0) ** al, 0.98 * df.loc[y, "Y"])
        Dd = a * (df.loc[y, "Y"] - Dc)
        df.loc[y, ["K", "Dc", "a", "Dd"]] = [K, Dc, a, Dd]
        df.loc[y, "share"] = (1 + rho) ** i * (Dc + Dd) / df.loc[y, "Y"]
    return df


def main() -> None:
    from hpresearch.model import project
    from hpresearch.invest import goal_seek
    from hpresearch.model.engine import SIM_PARAMS, INT_PARAMS, resolve_params, simulate_paths

    try:
        from hpresearch.calibration import calibrate
        cal = calibrate("merged", "gso")
        source = "data panel merged/gso"
    except Exception as err:  # pragma: no cover - data layer missing
        from hpresearch.calibration.synthetic import synthetic_calibration
        cal = synthetic_calibration()
        source = f"synthetic calibration ({type(err).__name__})"
    warnings.simplefilter("ignore")
    horizon = 2030
    t_noop = timeit(lambda: None, number=1000)
    t_project = timeit(lambda: project("trend", calibration=cal, end_year=horizon))
    p = resolve_params({}, cal, horizon)
    sim = {k: p[k] for k in SIM_PARAMS + INT_PARAMS}
    t_core = timeit(lambda: simulate_paths(cal, sim, horizon), number=200)
    check = pandas_loop_projection(cal, p, horizon)["share"].to_numpy(dtype=float)
    engine = simulate_paths(cal, sim, horizon)["de_share"][0]
    assert np.allclose(check, engine, rtol=1e-9), (check, engine)  # the baseline is the model
    t_pandas = timeit(lambda: pandas_loop_projection(cal, p, horizon), number=5)
    t_goal = timeit(lambda: goal_seek("trend", 0.30, 2030, "fdi_digital", calibration=cal),
                    repeat=5, number=5)
    n = 100_000
    draws = {**sim, "capacity_decay": np.random.default_rng(0).uniform(0.04, 0.12, n)}
    t_mc = timeit(lambda: simulate_paths(cal, draws, horizon), repeat=3, number=1)

    print(f"bench_model ({source}, years {cal.year}-{horizon})")
    print(f"  no-op call                     {t_noop * 1e6:10.2f} us")
    print(f"  simulate_paths n=1 (core)      {t_core * 1e3:10.3f} ms")
    print(f"  project('trend')               {t_project * 1e3:10.3f} ms   goal < 5 ms   "
          f"{'OK' if t_project < 5e-3 else 'MISSED'}")
    print(f"  baseline: pandas year loop     {t_pandas * 1e3:10.3f} ms   "
          f"ratio project/pandas {t_project / t_pandas:.2f} (project adds scenario loading, "
          f"validation and the output table); core/pandas {t_core / t_pandas:.2f}")
    print(f"  goal_seek(fdi_digital, 30%)    {t_goal * 1e3:10.3f} ms   goal < 100 ms "
          f"{'OK' if t_goal < 0.1 else 'MISSED'}   (= {t_goal / t_core:.0f} core runs)")
    print(f"  simulate_paths n=100,000       {t_mc * 1e3:10.1f} ms   "
          f"({t_mc / n * 1e9:.0f} ns per draw; {n * t_pandas / t_mc:,.0f}x the pandas loop "
          f"per draw)")


if __name__ == "__main__":
    main()
