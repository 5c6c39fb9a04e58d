"""Generate the results blocks of ``docs/evidence.md`` from the shipped data.

* per shipped scenario and boundary (gso basis): the reports' answer (the numbers of
  ``summary.csv``): deterministic and median 2030 share, 80% band, P of the official target
  and of the 40% goal (merged boundary: its equivalent with its range) beside the outside
  view, and the FDI requirement (median, P80, deterministic) beside the record year and the
  2021-2025 average of registered FDI;
* the backtest scores per kind of quantity, the share record behind every probability and
  the share series one by one;
* the least-cost mix; the outside view (reference class, derived pace limit, P per target).

Run ``PYTHONPATH=. python docs/evidence_results.py`` to print the markdown, ``--write`` to
replace the blocks between their markers in ``docs/evidence.md``. Nothing here is typed:
every number comes from the library.
"""
from __future__ import annotations

import sys
import warnings
from pathlib import Path

DOC = Path(__file__).resolve().parent / "evidence.md"
START, END = "<!-- evidence-results:start -->", "<!-- evidence-results:end -->"
BT_START, BT_END = "<!-- backtest-results:start -->", "<!-- backtest-results:end -->"
LC_START, LC_END = "<!-- leastcost-results:start -->", "<!-- leastcost-results:end -->"
OV_START, OV_END = "<!-- outside-results:start -->", "<!-- outside-results:end -->"
LC_LEVERS = ("core_domestic_investment_vnd_bn", "fdi_digital_usd_bn", "dx_spending_vnd_bn")
LC_DRAWS = 10_000
SEED = 0
SCENARIOS = ("trend", "plan", "breakthrough", "electronics_shock", "anchor_exit")
BOUNDARIES = ("merged", "pre_merger")
LEVER = "fdi_digital_usd_bn"


def pct(x: float, d: int = 1) -> str:
    return f"{100 * x:.{d}f}%"


def requirement_cell(r) -> str:
    """The whole requirement (committed + not yet committed, as ``summary.csv``)."""
    from hpresearch.report.answers import required_level

    if r.status == "unreachable":
        return "not reachable"
    tag = " (too fast)" if r.status == "too_fast" else ""
    return f"{required_level(r):.2f}{tag}"


def table() -> str:
    """Per scenario and boundary: the reports' answer (:func:`hpresearch.report.answers.
    _compute`, the numbers of ``summary.csv``: report seed and draws)."""
    from hpresearch.defaults import DRAWS as REPORT_DRAWS, REPORT_SEED
    from hpresearch.report.answers import _compute

    answers = [_compute(sc, b, "gso", 2030, REPORT_SEED, REPORT_DRAWS, LEVER)
               for b in BOUNDARIES for sc in SCENARIOS]
    first = answers[0]
    lines = [
        f"GSO basis, 2030; {REPORT_DRAWS:,} draws, seed {REPORT_SEED} (the reports' and "
        "`summary.csv`'s). Probabilities: " + first.basis_text("en") + ". Baseline: "
        + ("the naive trend of each boundary's share record, the engine supplying scenario "
           "differences (`naive_baseline_weight` 1)" if first.baseline_weight == 1.0
           else "the engine's own path") + ". Requirement = registered FDI into core digital "
        "industries (USD bn a year 2026-2030, the whole requirement: committed and not yet "
        "committed, as `summary.csv`), beside the record year and the 2021-2025 "
        "average of total registered FDI (`hpresearch.invest.reality`). Outside view: P under "
        "the reference class of recorded annual changes in digital shares "
        "(`hpresearch outside-view`).",
        "",
        "| scenario | boundary | deterministic | median | 80% band | P(≥ official) model / "
        "outside view | 40% goal (merged: equivalent, range) | P(≥ goal) model / outside view | "
        "FDI median / P80 / deterministic | median × record year / × 2021-25 average |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for a in answers:
        s, r, g = a.share, a.row(), a.goal40
        goal = (f"{pct(g.value)} ({pct(g.low)}–{pct(g.high)})"
                if g.kind == "goal40_equivalent" else pct(g.value))
        req = a.requirement
        lines.append(
            f"| `{a.scenario}` | {a.boundary} | {pct(s['deterministic'])} | {pct(s['median'])} | "
            f"{pct(s['p10'])}–{pct(s['p90'])} | {a.p_official:.3f} / "
            f"{r['p_official_outside']:.3f} (≥ {pct(a.official.value, 0)}) | {goal} | "
            f"{a.p_goal40:.3f} / {r['p_goal40_outside']:.3f} | "
            f"{requirement_cell(req.median)} / {requirement_cell(req.p80)} / "
            f"{requirement_cell(req.deterministic)} | {r['required_median_x_record']:.2f} / "
            f"{r['required_median_x_avg2125']:.2f} |")
    return "\n".join(lines)


def backtest_table() -> str:
    """Scores per kind of quantity (``hpresearch backtest``: origins 2018-2024, k = 3), the
    share record behind the probabilities, and the share series one by one."""
    from hpresearch.backtest import run_backtest

    res = run_backtest()
    ks = res.kind_scores

    def cov(r, lv):
        c = r[f"coverage{lv}"]
        if c is None or c != c:
            return "–"
        lo, hi = r[f"coverage_low{lv}"], r[f"coverage_high{lv}"]
        return f"{c:.2f} [{lo:.2f}–{hi:.2f}] {r[f'verdict{lv}']}".rstrip()

    def num(x, unit):
        return "–" if x != x else f"{100 * x:.2f}{unit}"

    out = ["| kind | method | bands | n (geographies) | MAE | naive MAE, same points | bias | "
           "above / below (sign p) | 50% coverage [95% interval] | 80% coverage [95% interval] |",
           "|---|---|---|---|---|---|---|---|---|---|"]
    for _, r in ks.iterrows():
        unit = "%" if r["kind"] == "level" else " pp"
        name = f"{r['method']} {r['mode']}".strip()
        sign = "–" if r["sign_p"] != r["sign_p"] else f"{r['sign_p']:.3f}"
        out.append(f"| {r['kind']} | {name} | {r['bands']} | {int(r['n'])} "
                   f"({int(r['n_geographies'])}) | {num(r['mae'], unit)} | "
                   f"{num(r['mae_naive'], unit)} | {num(r['bias'], unit)} | "
                   f"{int(r['n_above'])} / {int(r['n_below'])} ({sign}) | "
                   f"{cov(r, 50)} | {cov(r, 80)} |")
    rec = res.share_record()
    h = res.headline()
    checks = ", ".join(f"{k} {'met' if ok else 'not met'}" for k, ok in rec.checks.items())
    out += ["", f"**Share record** (engine, unconditional, {rec.n} forecasts from "
            f"{rec.n_geographies} geographies: {', '.join(rec.geographies)}): MAE engine "
            f"{100 * rec.mae:.2f} pp, naive {100 * rec.mae_by_method['naive']:.2f} pp, "
            f"ar1_logdrift {100 * rec.mae_by_method['ar1_logdrift']:.2f} pp on the same points; "
            f"{rec.n_above} above and {rec.n_below} below the outcome (sign test p "
            f"{rec.sign_p:.4f}); criteria: {checks}. **Probability basis:** "
            f"{rec.basis_text('en')}. **Headline method:** {h['method']}; bands: "
            f"{h['band_calibration']}."]
    out += ["", "Out of sample, the city itself (engine, one year ahead from the latest origin "
            "of each Hai Phong series; the forecast saw only what was published by March of "
            "the year after the origin):", "",
            "| series | origin → year | forecast | published | error | inside the 80% band |",
            "|---|---|---|---|---|---|"]
    for _, r in res.city_out_of_sample().iterrows():
        level = "vnd_bn" in r["series"] or "2010" in r["series"] or "current" in r["series"]
        fmt = (lambda x: f"{x:,.0f}") if level else (lambda x: pct(x, 2))
        err = f"{100 * r['error'] / r['actual']:+.1f}%" if level else f"{100 * r['error']:+.2f} pp"
        out.append(f"| {r['series']} | {r['origin']} → {r['year']} | {fmt(r['forecast'])} | "
                   f"{fmt(r['actual'])} | {err} | {'yes' if r['inside80'] else 'no'} |")
    out += ["", "| share series | engine forecasts | MAE engine / ar1_logdrift / naive | "
            "engine bias |", "|---|---|---|---|"]
    f = res.forecasts[res.forecasts["kind"] == "share"]
    for series, g in f.groupby("series", sort=True):
        mae = {m: g.loc[(g["method"] == m) & (g["mode"].isin(["", "unconditional"])),
                        "score_error"] for m in ("engine", "ar1_logdrift", "naive")}
        n = len(mae["engine"])
        cells = " / ".join(f"{100 * e.abs().mean():.2f}" if len(e) else "–" for e in mae.values())
        bias = f"{100 * mae['engine'].mean():+.2f} pp" if n else "–"
        out.append(f"| {series} | {n} | {cells} pp | {bias} |")
    return "\n".join(out)


def outside_table() -> str:
    """The outside view: the reference class, the derived pace limit, P of each target."""
    from hpresearch.calibration import calibrate
    from hpresearch.calibration.reference_class import (outside_view_probability, pace_limit,
                                                        reference_class, share_changes)
    from hpresearch.model import merged_equivalent

    changes = share_changes()
    cls = reference_class(changes)
    limit = pace_limit()
    q = ", ".join(f"{100 * v:+.2f}" for v in cls["change"].astype(float).quantile(
        [0.1, 0.25, 0.5, 0.75, 0.9]))
    out = [f"Reference class: {len(cls)} recorded annual changes with both years printed in one "
           f"publication ({cls['geography'].nunique()} geographies; {len(changes) - len(cls)} "
           f"changes joining two publications left out); quantiles 10/25/50/75/90%: {q} pp a "
           f"year. Pace limit (`share_pace_limit`, derived): {100 * limit.value:.2f} pp a year.",
           "", "| boundary | base share | target | pace needed (pp/yr) | P outside view | "
           "as fast / n |", "|---|---|---|---|---|---|"]
    for b, targets in (("merged", (0.35, merged_equivalent(0.40)["value"])),
                       ("pre_merger", (0.40,))):
        cal = calibrate(b, "gso")
        for tgt in targets:
            ov = outside_view_probability(cal.de_share, cal.year, tgt, 2030, changes)
            out.append(f"| {b} | {pct(cal.de_share, 2)} ({cal.year}) | {pct(tgt, 1)} | "
                       f"{100 * ov.required_pace:.2f} | {ov.probability:.3f} | "
                       f"{ov.hits} / {ov.n} |")
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
    block, bt, lc, ov = table(), backtest_table(), least_cost_table(), outside_table()
    if "--write" not in argv:
        print(block + "\n\n" + bt + "\n\n" + lc + "\n\n" + ov)
        return 0
    text = DOC.read_text(encoding="utf-8")
    text = _replace(text, START, END, block)
    text = _replace(text, BT_START, BT_END, bt)
    text = _replace(text, LC_START, LC_END, lc)
    text = _replace(text, OV_START, OV_END, ov)
    DOC.write_text(text, encoding="utf-8")
    print(f"wrote the results blocks into {DOC}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
