"""Shared by tests/test_explorer_html.py and benchmarks/bench_explorer_html.py: the numbers
of the single-file explorer read in headless Chromium, and the engine's numbers for the same
setting computed the way the explorer session computes them (independently of the page's
data): :func:`hpresearch.model.project` for the path, :func:`hpresearch.uncertainty.
simulate_spec` on :func:`hpresearch.uncertainty.spec.build_spec` with the lever overrides for
the fan and P (the reports' draws, seed and fan)."""
from __future__ import annotations

import warnings

import numpy as np

#: The page's own computation at many settings at once (``hpExplorer.compute``).
PAGE_COMPUTE = """(settings) => settings.map((s) => {
  const r = window.hpExplorer.compute(s);
  return {det: Array.from(r.det), p10: Array.from(r.p10), p50: Array.from(r.p50),
          p90: Array.from(r.p90), p_official: r.p_official, p_goal40: r.p_goal40,
          years: r.years};
})"""


def random_settings(levers, n: int, rng, p_scenario: float = 0.2) -> list[dict]:
    """``n`` lever settings: each lever "as in the scenario" (None) with probability
    ``p_scenario``, else uniform over its documented range; at least one lever set."""
    out = []
    while len(out) < n:
        s = {lv["key"]: (None if rng.random() < p_scenario
                         else float(rng.uniform(lv["low"], lv["high"]))) for lv in levers}
        if any(v is not None for v in s.values()):
            out.append(s)
    return out


def engine_overrides(levers, setting: dict, start: int) -> dict:
    return {lv["name"]: {start: setting[lv["key"]]} for lv in levers
            if setting.get(lv["key"]) is not None}


def engine_path(combo: dict, levers, setting: dict) -> np.ndarray:
    """The deterministic share path of ``model.project`` (the page's years)."""
    from hpresearch.model import project

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        df = project(combo["scenario"], combo["boundary"], combo["basis"],
                     overrides=engine_overrides(levers, setting, combo["start_year"]),
                     end_year=combo["year"])
    return df.loc[combo["years"], "de_share"].to_numpy()


def engine_mc(combo: dict, levers, setting: dict) -> dict:
    """p10, p50, p90 by year and P of the official target and of the 40% goal."""
    from hpresearch.backtest import share_record
    from hpresearch.uncertainty.montecarlo import simulate_spec
    from hpresearch.uncertainty.spec import build_spec

    fan = share_record().fan
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        spec = build_spec(combo["scenario"], boundary=combo["boundary"], basis=combo["basis"],
                          end_year=combo["year"],
                          overrides=engine_overrides(levers, setting, combo["start_year"]))
        sims = [simulate_spec(spec, draws=combo["draws"], seed=combo["seed"], target=t,
                              target_year=combo["year"], lever=None, diagnose=False, fan=fan)
                for t in (combo["official"], combo["goal40"])]
    b = sims[0].bands.loc[combo["years"]]
    return {"p10": b["p10"].to_numpy(), "p50": b["p50"].to_numpy(), "p90": b["p90"].to_numpy(),
            "p_official": sims[0].p_target, "p_goal40": sims[1].p_target}
