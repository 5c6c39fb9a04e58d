"""Generate the results block of ``docs/evidence.md`` from the shipped data (issue 10).

Per shipped scenario and boundary (gso basis): the Monte Carlo 2030 share with the calibrated
fan (median, 80% band) and the model's own band, where the deterministic path sits, P(share >=
the boundary's official target), P(share >= the 40% goal - on the merged boundary its
merged-city equivalent), and the FDI requirement as a distribution (median and P80 of the
calibrated probabilistic goal-seek, the deterministic level labelled).

Run ``PYTHONPATH=. python docs/evidence_results.py`` to print the markdown, ``--write`` to
replace the block between ``<!-- evidence-results:start -->`` and ``<!-- evidence-results:end
-->`` in ``docs/evidence.md``. Nothing here is typed: every number comes from the library.
"""
from __future__ import annotations

import sys
import warnings
from pathlib import Path

DOC = Path(__file__).resolve().parent / "evidence.md"
START, END = "<!-- evidence-results:start -->", "<!-- evidence-results:end -->"
BT_START, BT_END = "<!-- backtest-results:start -->", "<!-- backtest-results:end -->"
LC_START, LC_END = "<!-- leastcost-results:start -->", "<!-- leastcost-results:end -->"
LC_LEVERS = ("core_domestic_investment_vnd_bn", "fdi_digital_usd_bn", "dx_spending_vnd_bn")
LC_DRAWS = 10_000
SCENARIOS = ("trend", "plan", "breakthrough", "electronics_shock", "anchor_exit")
BOUNDARIES = ("merged", "pre_merger")
DRAWS, GOAL_DRAWS, SEED = 20_000, 4_000, 0
LEVER = "fdi_digital_usd_bn"


def pct(x: float, d: int = 1) -> str:
    return f"{100 * x:.{d}f}%"


def requirement_cell(r) -> str:
    if r.status == "unreachable":
        return "not reachable"
    tag = " (too fast)" if r.status == "too_fast" else ""
    return f"{r.value:.2f}{tag}"


def table() -> str:
    from hpresearch.backtest import fan_calibration
    from hpresearch.model import merged_equivalent
    from hpresearch.invest import requirement
    from hpresearch.uncertainty import simulate

    fan = fan_calibration()
    eq = merged_equivalent(0.40)
    lines = [
        f"GSO basis, 2030; {DRAWS:,} draws, seed {SEED}; calibrated fan (engine backtest "
        f"errors, {fan.method}, {fan.n_errors} errors); requirement = registered FDI into core "
        f"digital industries (USD bn a year 2026-2030, not yet committed), probabilistic "
        f"goal-seek on {GOAL_DRAWS:,} draws of the calibrated fan. On the merged boundary the "
        f"40% goal (stated for the old city) is its merged-city equivalent {pct(eq['value'])} "
        f"({eq['note']}).",
        "",
        "| scenario | boundary | deterministic | median | 80% band (calibrated) | 80% band "
        "(model) | deterministic at percentile | P(≥ official target) | P(≥ 40% goal) | FDI "
        "for the official target: median / P80 / deterministic |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for b in BOUNDARIES:
        goal40 = eq["value"] if b == "merged" else 0.40
        for sc in SCENARIOS:
            sim = simulate(sc, draws=DRAWS, seed=SEED, boundary=b, lever=None, fan=fan)
            y = sim.target_year
            band, model = sim.bands.loc[y], sim.bands_model.loc[y]
            share = sim.probabilities  # calibrated draws
            p40 = _p_at_least(sc, b, goal40, fan)
            req = requirement(sc, lever=LEVER, boundary=b, draws=GOAL_DRAWS, seed=SEED, fan=fan)
            skew = (f"{sim.deterministic_rank * 100:.0f}"
                    + (f" (skewed by `{sim.skew['mechanism']}`; "
                       f"{sim.skew['rank_without'] * 100:.0f} without it)" if sim.skew else ""))
            lines.append(
                f"| `{sc}` | {b} | {pct(sim.deterministic.loc[y])} | {pct(band['p50'])} | "
                f"{pct(band['p10'])}–{pct(band['p90'])} | {pct(model['p10'])}–"
                f"{pct(model['p90'])} | {skew} | {share.loc[y, 'p_at_or_above']:.3f} "
                f"(≥ {pct(sim.target, 0)}) | {p40:.3f} (≥ {pct(goal40)}) | "
                f"{requirement_cell(req.median)} / {requirement_cell(req.p80)} / "
                f"{requirement_cell(req.deterministic)} |")
    return "\n".join(lines)


def _p_at_least(scenario: str, boundary: str, level: float, fan) -> float:
    from hpresearch.uncertainty import simulate

    return simulate(scenario, draws=DRAWS, seed=SEED, boundary=boundary, lever=None,
                    target=level, fan=fan).p_target


def backtest_table() -> str:
    """The pooled backtest scores (``hpresearch backtest``: origins 2018-2024, k = 3)."""
    from hpresearch.backtest import run_backtest

    scores = run_backtest().scores
    rows = scores[scores["series"] == "all"]
    label = {("engine", "unconditional", "raw"): "engine, unconditional, raw bands",
             ("engine", "unconditional", "calibrated"): "engine, unconditional, calibrated",
             ("engine", "conditional", "raw"): "engine, conditional, raw (shares)",
             ("engine", "conditional", "calibrated"): "engine, conditional, calibrated",
             ("ar1_logdrift", "", "raw"): "ar1_logdrift", ("naive", "", "none"): "naive"}

    def cov(r, lv):
        c = r[f"coverage{lv}"]
        if c is None or c != c:
            return "–"
        lo, hi = r[f"coverage_low{lv}"], r[f"coverage_high{lv}"]
        return f"{c:.2f} [{lo:.2f}–{hi:.2f}] {r[f'verdict{lv}']}".rstrip()

    out = ["| method | n (with a band) | warm-up | zero-width left out | MAE (pp; % for levels) | bias | "
           "50% coverage [95% interval] | 80% coverage [95% interval] |",
           "|---|---|---|---|---|---|---|---|"]
    for _, r in rows.iterrows():
        name = label.get((r["method"], r["mode"], r["bands"]),
                         f"{r['method']} {r['mode']} {r['bands']}".strip())
        out.append(f"| {name} | {int(r['n'])} ({int(r['n_band'])}) | {int(r['n_warmup'])} | "
                   f"{int(r['n_zero_width'])} | {100 * r['mae']:.2f} | {100 * r['bias']:+.2f} | "
                   f"{cov(r, 50)} | {cov(r, 80)} |")
    return "\n".join(out)


def least_cost_table() -> str:
    """The least-cost mix of the three levers (``hpresearch goal-seek SCENARIO --levers
    core_domestic_investment,fdi_digital,dx_spending --probability P``: model draws, all
    money at weight 1, hard-limit bounds), trend and plan, both boundaries, p = 0.5 and 0.8."""
    from hpresearch.invest import least_cost

    out = ["| scenario | boundary | target | p | core domestic investment, VND bn/yr (share of "
           "cost) | digital FDI, USD bn/yr (share) | DX spending, VND bn/yr (share) | total, VND "
           "bn/yr (% of GRDP) | central share at the mix | one more point: re-solve / "
           "multiplier, VND bn/yr | pace: largest one-year rise → credible central share, P |",
           "|---|---|---|---|---|---|---|---|---|---|---|"]

    def num(x, d=0):
        return "–" if x is None or x != x else f"{x:,.{d}f}"

    for boundary in BOUNDARIES:
        for scenario in ("trend", "plan"):
            for p in (0.5, 0.8):
                r = least_cost(scenario, LC_LEVERS, p, boundary=boundary, draws=LC_DRAWS,
                               seed=SEED)
                if r.status == "unreachable":
                    out.append(f"| {scenario} | {boundary} | {pct(r.target, 0)} | {p} | "
                               f"not reachable (best P = {r.best_probability:.2f}) |"
                               + " |" * 6)
                    continue
                core, fdi, dx = r.levels
                sc, sf, sd = r.cost_shares
                pace = (f"{100 * r.max_annual_rise:.1f} pp → {pct(r.credible_share)}, "
                        f"P = {r.credible_probability:.2f}")
                out.append(
                    f"| {scenario} | {boundary} | {pct(r.target, 0)} | {p} | "
                    f"{num(core)} ({pct(sc)}) | {num(fdi, 2)} ({pct(sf)}) | {num(dx)} ({pct(sd)}) | "
                    f"{num(r.total_vnd_bn)} ({pct(r.pct_of_grdp)}) | {pct(r.deterministic_share)} | "
                    f"{num(r.marginal_cost_per_pp)} / {num(r.multiplier_per_pp)} | {pace} |")
    out += ["", "Public money only (`--costs fdi_digital=0 --bounds fdi_digital=0:10`: FDI free up "
            "to the registry's plausible maximum, USD 10 bn/yr), merged boundary:", "",
            "| scenario | p | digital FDI, USD bn/yr | core domestic investment, VND bn/yr | "
            "DX spending, VND bn/yr | public money, VND bn/yr | one more point, VND bn/yr | "
            "status |", "|---|---|---|---|---|---|---|---|"]
    for scenario in ("trend", "plan"):
        for p in (0.5, 0.8):
            r = least_cost(scenario, LC_LEVERS, p, boundary="merged", draws=LC_DRAWS, seed=SEED,
                           costs={"fdi_digital": 0}, bounds={"fdi_digital": (0, 10)})
            core, fdi, dx = r.levels
            out.append(f"| {scenario} | {p} | {num(fdi, 2)} | {num(core)} | {num(dx)} | "
                       f"{num(r.total_cost)} | {num(r.marginal_cost_per_pp)} | "
                       f"{r.status.replace('_', ' ')} |")
    return "\n".join(out)


def _replace(text: str, start: str, end: str, block: str) -> str:
    if start not in text or end not in text:
        raise SystemExit(f"{DOC}: markers {start} / {end} not found")
    head, rest = text.split(start, 1)
    _, tail = rest.split(end, 1)
    return head + start + "\n" + block + "\n" + end + tail


def main(argv: list[str]) -> int:
    warnings.simplefilter("ignore")
    block, bt, lc = table(), backtest_table(), least_cost_table()
    if "--write" not in argv:
        print(block + "\n\n" + bt + "\n\n" + lc)
        return 0
    text = DOC.read_text(encoding="utf-8")
    text = _replace(text, START, END, block)
    text = _replace(text, BT_START, BT_END, bt)
    text = _replace(text, LC_START, LC_END, lc)
    DOC.write_text(text, encoding="utf-8")
    print(f"wrote the results blocks into {DOC}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
