"""Print the results tables of ``docs/model.md`` from the package's own output.

Every number in the blocks of ``docs/model.md`` marked ``<!-- results:NAME:start -->`` /
``<!-- results:NAME:end -->`` comes from this script: projections are read from
``hpresearch project SCENARIO --format csv``, goal-seeks from ``hpresearch goal-seek ...
--format json`` (both run in this process through :func:`hpresearch.cli.main`), the
calibration from :func:`hpresearch.calibration.calibrate` and the merger numbers from
:mod:`hpresearch.model.merger`. The only typed numbers are the previous engine's results in
:data:`PREVIOUS_SHARES`, :data:`PREVIOUS_40` and :data:`PREVIOUS_2024`, copied from
``docs/model.md`` §10 as it stood at commit ``be340c5`` and from issue 9, and the previous
engine's settings quoted in :func:`share_reason`; they are history, not results of this code.

Usage
-----
From the project root::

    PYTHONPATH=. python docs/results.py            # print every block (Markdown)
    PYTHONPATH=. python docs/results.py --write    # replace the blocks in docs/model.md

``--write`` also replaces the parameter table between ``<!-- parameters:start -->`` and
``<!-- parameters:end -->`` with :func:`hpresearch.parameters.registry.parameter_table_markdown`.
"""
from __future__ import annotations

import argparse
import contextlib
import io
import json
import re
import sys
import warnings
from functools import lru_cache
from pathlib import Path

import pandas as pd

from hpresearch.calibration import calibrate
from hpresearch.cli import main as cli_main
from hpresearch.model.merger import MERGER_YEAR, merged_equivalent, reconciliation
from hpresearch.parameters.registry import (PARAMETER_TABLE_MARKERS, load_registry,
                                       parameter_table_markdown)

DOC = Path(__file__).resolve().with_name("model.md")
SCENARIOS = ("trend", "plan", "breakthrough", "electronics_shock", "anchor_exit")
BOUNDARIES = ("merged", "pre_merger")
LEVERS = ("core_domestic_investment_vnd_bn", "fdi_digital_usd_bn", "dx_spending_vnd_bn")
LEVER_LABEL = {"core_domestic_investment_vnd_bn": "domestic core investment",
               "fdi_digital_usd_bn": "registered digital FDI",
               "dx_spending_vnd_bn": "DX spending"}
LEVER_UNIT = {"core_domestic_investment_vnd_bn": "VND bn/yr", "fdi_digital_usd_bn": "USD bn/yr",
              "dx_spending_vnd_bn": "VND bn/yr"}
RATIOS = (("total_investment_to_grdp", "total investment"),
          ("core_investment_to_grdp", "core investment"),
          ("fdi_digital_registered_to_grdp", "registered digital FDI"),
          ("dx_spending_to_grdp", "DX spending"))
YEAR = 2030

#: Previous engine (before the growth-accounting rework): 2030 share, gso basis, from
#: docs/model.md §10 at commit be340c5.
PREVIOUS_SHARES = {
    ("trend", "pre_merger"): 0.292, ("plan", "pre_merger"): 0.328,
    ("breakthrough", "pre_merger"): 0.442, ("electronics_shock", "pre_merger"): 0.280,
    ("trend", "merged"): 0.206, ("plan", "merged"): 0.212,
    ("breakthrough", "merged"): 0.293, ("electronics_shock", "merged"): 0.198,
}
#: Previous engine: level each lever needed for 40% in 2030 (``None`` = not reachable, with
#: the share at the lever's upper limit), same source.
PREVIOUS_40 = {
    ("trend", "pre_merger", "core_domestic_investment_vnd_bn"): 47_338.0,
    ("trend", "pre_merger", "fdi_digital_usd_bn"): 4.877,
    ("trend", "pre_merger", "dx_spending_vnd_bn"): (None, 0.333),
    ("trend", "merged", "core_domestic_investment_vnd_bn"): 145_747.0,
    ("trend", "merged", "fdi_digital_usd_bn"): 10.951,
    ("trend", "merged", "dx_spending_vnd_bn"): (None, 0.245),
    ("plan", "pre_merger", "core_domestic_investment_vnd_bn"): 39_805.0,
    ("plan", "pre_merger", "fdi_digital_usd_bn"): 5.307,
    ("plan", "pre_merger", "dx_spending_vnd_bn"): (None, 0.365),
    ("plan", "merged", "core_domestic_investment_vnd_bn"): 160_264.0,
    ("plan", "merged", "fdi_digital_usd_bn"): 12.335,
    ("plan", "merged", "dx_spending_vnd_bn"): (None, 0.251),
}
#: Previous engine's 2024 projection of the old city from its 2023 base (issue 9).
PREVIOUS_2024 = {"grdp_constant_vnd_bn": 299_974.0, "grdp_current_vnd_bn": 471_451.0,
                 "grdp_growth_real": 0.148}


def share_reason(scenario: str, boundary: str) -> str:
    """Why the previous engine's 2030 share moved (the changes common to every row are listed
    once in the page, above the table); parameter values are read from the registry and the
    calibration, not typed."""
    reg = load_registry()
    frac = float(reg["digital_fdi_fraction"].default)
    cal = calibrate("merged", "gso")
    alpha = float(cal.calibrated_value("plant_capacity_output_elasticity"))
    s0 = cal.de_share
    reasons = {
        "trend": ("investment now keeps its ratio to GRDP (before it grew at the 2021-24 "
                  "investment CAGR"
                  + (", falling from ~48% to ~30% of GRDP" if boundary == "pre_merger" else "")
                  + f"), which raises the path; alpha {alpha:.2f} (was 1.0) and lagged "
                  "disbursement lower it"),
        "plan": ("the plan now states total growth (13.5%) with investment at its ratio to "
                 "GRDP, and the extra growth goes mostly to the non-digital residual; before, "
                 "non-digital VA grew 13.5% and digital VA, fed by investment growing 17.3%/yr, "
                 "was added on top (growth counted twice)"),
        "breakthrough": ("the USD 15.6 bn is now registrations of all industries (digital part "
                         f"x {frac:g}) disbursed with the lag; before it was all digital and "
                         "became capital in the year registered"),
        "electronics_shock": ("as trend (the stress itself is unchanged: core output -10%/-5% "
                              "in 2026/2027, digital FDI -33% in 2026-2027)"),
        "anchor_exit": "new scenario (issue 9 §6)",
    }
    text = reasons[scenario]
    if boundary == "merged" and scenario not in ("anchor_exit",):
        text += (f"; base share {pct(s0)} in 2025, the 2021-2025 figure converted to a 2025 "
                 "point (was 22.28% placed at 2025)")
    return text


# ------------------------------------------------------------------------------------------
# running the command line
# ------------------------------------------------------------------------------------------
def cli(*argv: str) -> str:
    """Run ``hpresearch ARGV`` in this process; return its standard output.

    Raises
    ------
    RuntimeError
        The command exits with a non-zero status (its standard error is in the message).
    """
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err), \
            warnings.catch_warnings():
        warnings.simplefilter("ignore")
        status = cli_main(list(argv))
    if status:
        raise RuntimeError(f"hpresearch {' '.join(argv)} exited {status}: {err.getvalue()}")
    return out.getvalue()


@lru_cache(maxsize=None)
def projection(scenario: str, boundary: str, *sets: str) -> pd.DataFrame:
    """``hpresearch project SCENARIO -b BOUNDARY --format csv [--set ...]`` as a DataFrame."""
    args = ["project", scenario, "--boundary", boundary, "--basis", "gso", "--format", "csv"]
    for s in sets:
        args += ["--set", s]
    return pd.read_csv(io.StringIO(cli(*args)), index_col="year")


@lru_cache(maxsize=None)
def goalseek(scenario: str, boundary: str, lever: str, target: float | None = None,
             *sets: str) -> dict:
    """``hpresearch goal-seek ... --format json`` as a dict."""
    args = ["goal-seek", scenario, "--boundary", boundary, "--basis", "gso", "--lever", lever,
            "--year", str(YEAR), "--format", "json"]
    if target is not None:
        args += ["--target", repr(float(target))]
    for s in sets:
        args += ["--set", s]
    return json.loads(cli(*args))


# ------------------------------------------------------------------------------------------
# formatting
# ------------------------------------------------------------------------------------------
def pct(x: float, digits: int = 2) -> str:
    return f"{100 * x:.{digits}f}%"


def pp(x: float) -> str:
    return f"{100 * x:+.2f} pp"


def level(x: float, lever: str) -> str:
    return f"{x:,.3f}" if lever.endswith("_usd_bn") else f"{x:,.0f}"


def table(header: list[str], rows: list[list[str]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(str(c) for c in r) + " |" for r in rows]
    return "\n".join(lines)


def max_rise(df: pd.DataFrame) -> tuple[float, int]:
    d = df["de_share"].diff().dropna()
    return float(d.max()), int(d.idxmax())


# ------------------------------------------------------------------------------------------
# blocks
# ------------------------------------------------------------------------------------------
def block_calibration() -> str:
    """Calibrated values on both boundaries (gso basis)."""
    cals = {b: calibrate(b, "gso") for b in BOUNDARIES}
    implied = {b: (lambda d: d["core_capital_constant_vnd_bn"].iloc[0]
                   / d["core_va_constant_vnd_bn"].iloc[0])(projection("trend", b))
               for b in BOUNDARIES}

    def unc(c, name, fmt=".3f"):
        u = c.uncertainty.get(name)
        if not u:
            return "-"
        key = "median" if "median" in u else "mode"
        return (f"{u['dist']}(low {u['low']:{fmt}}, {key} {u[key]:{fmt}}, "
                f"high {u['high']:{fmt}})")

    rows = []

    def add(label, f):
        rows.append([label] + [f(cals[b], b) for b in BOUNDARIES])

    add("base year `t0`", lambda c, b: str(c.year))
    add("base share `s0` (current prices)",
        lambda c, b: f"{pct(c.de_share)} ({c.notes['de_share']})")
    add("real GRDP `Y0` (VND bn, 2010 prices)",
        lambda c, b: f"{c.grdp_constant_vnd_bn:,.0f} ({c.notes['grdp_constant_vnd_bn']})")
    add("GRDP deflator `P0` (2010 = 1)", lambda c, b: f"{c.deflator:.4f} ({c.notes['deflator']})")
    add("nominal GRDP `Y0 P0` (VND bn)", lambda c, b: f"{c.grdp_current_vnd_bn:,.0f}")
    add("trend real growth",
        lambda c, b: f"{pct(c.trend_real_growth)} ({c.notes['trend_real_growth']})")
    add("trend deflator growth",
        lambda c, b: f"{pct(c.trend_deflator_growth)} ({c.notes['trend_deflator_growth']})")
    add("published years after `t0` (reproduced)",
        lambda c, b: ", ".join(str(y) for y in sorted(c.observed["grdp_growth_real"])) or "none")
    add("`total_investment_ratio` `r_I`",
        lambda c, b: f"{pct(c.total_investment_ratio, 1)} ({c.notes['total_investment_ratio']})")
    add("`fdi_ratio` `r_F`", lambda c, b: f"{pct(c.fdi_ratio, 1)} ({c.notes['fdi_ratio']})")
    add("`dx_ratio` `r_X`", lambda c, b: f"{pct(c.dx_ratio, 3)} ({c.notes['dx_ratio']})")
    add("`X_ref` (VND bn, 2010 prices)",
        lambda c, b: f"{c.dx_ref_real:,.1f} ({c.notes['dx_ref_real']})")
    add("history filled (years before `t0`)", lambda c, b: c.notes["history"])
    add("`adoption_speed` `k_base`", lambda c, b: f"{c.adoption_speed:.4f}")
    add("`adoption_speed` range (Monte Carlo)", lambda c, b: unc(c, "adoption_speed", ".4f"))
    add("`fdi_disbursement_ratio` `d`", lambda c, b: f"{c.fdi_disbursement_ratio:.3f}")
    add("`fdi_disbursement_ratio` range (Monte Carlo)",
        lambda c, b: unc(c, "fdi_disbursement_ratio"))
    add("`fdi_mean_lag_years` `m`",
        lambda c, b: f"{c.fdi_mean_lag:.2f} yr ({c.notes['fdi_mean_lag'].split(': ', 1)[1]})")
    add("`fdi_mean_lag_years` range (Monte Carlo)",
        lambda c, b: unc(c, "fdi_mean_lag_years", ".2f"))
    add("`digital_fdi_fraction` range (Monte Carlo)", lambda c, b: unc(c, "digital_fdi_fraction"))
    add("`base_share_error` range (Monte Carlo)", lambda c, b: unc(c, "base_share_error"))
    f = float(load_registry()["digital_fdi_fraction"].default)
    add("anchor share of core capacity (`anchor_exit_year`)",
        lambda c, b: f"{min(0.95, c.anchor_stock_usd_bn / (f * c.fdi_stock_usd_bn)):.3f} "
                     f"= {c.anchor_stock_usd_bn:g} / ({f:g} x {c.fdi_stock_usd_bn:g} USD bn)")
    add("implied `v = K0/Dc0` (trend)", lambda c, b: f"{implied[b]:.2f} years of core VA")
    add("official 2030 target", lambda c, b: (
        f"{pct(c.target(YEAR)['value'], 0)} ({c.target(YEAR)['obs_id']})"
        if c.target(YEAR) else "-"))
    add("`share_pace_limit`",
        lambda c, b: f"{100 * c.pace_limit:g} pp a year ({c.notes['pace_limit']})")
    return table(["value", "merged", "pre_merger"], rows)


def block_published() -> str:
    """Published years after the base year, taken as inputs (pre-merger 2024): the identity
    holds (not a validation: the backtest is)."""
    rows = []
    for b in BOUNDARIES:
        c = calibrate(b, "gso")
        df = projection("trend", b)
        for y in sorted(c.observed["grdp_growth_real"]):
            for col, label, fmt in (
                    ("grdp_constant_vnd_bn", "real GRDP (VND bn, 2010 prices)", "{:,.0f}"),
                    ("grdp_current_vnd_bn", "nominal GRDP (VND bn)", "{:,.0f}"),
                    ("grdp_growth_real", "real growth", None)):
                key = {"grdp_growth_real": "grdp_growth_real"}.get(col, col)
                pub = c.observed[key].get(y)
                new = float(df.loc[y, col])
                old = PREVIOUS_2024.get(col) if (b, y) == ("pre_merger", 2024) else None
                f = (lambda v: pct(v)) if fmt is None else (lambda v, fmt=fmt: fmt.format(v))
                dev = (f"{100 * (new - pub):+.2f} pp" if fmt is None
                       else f"{100 * (new / pub - 1):+.2f}%") if pub is not None else "-"
                olddev = ("-" if old is None or pub is None else
                          (f"{100 * (old - pub):+.1f} pp" if fmt is None
                           else f"{100 * (old / pub - 1):+.1f}%"))
                rows.append([b, str(y), label, f(pub) if pub is not None else "-", f(new), dev,
                             f(old) if old is not None else "-", olddev])
    return table(["boundary", "year", "item", "published (an input)", "this engine", "difference",
                  "previous engine", "difference"], rows)


def block_merger() -> str:
    """Reconciliation of the two boundaries in 2025 and the merged equivalent of 40%."""
    rec = reconciliation("trend", "gso")
    rows = []
    for _, r in rec.iterrows():
        v = (pct(r["value"]) if r["item"] in ("gap_sum_vs_merged", "hai_duong_share")
             else f"{r['value']:,.0f}")
        rows.append([f"`{r['item']}`", v, r["method"], r["note"]])
    eq = merged_equivalent(0.40, "trend", "gso")
    rows.append(["merged equivalent of the old city's 40%", pct(eq["value"]), "derived",
                 eq["note"]])
    return (f"Year {MERGER_YEAR}, VND bn at current prices, scenario `trend`, basis gso "
            f"(`hpresearch.model.merger.reconciliation()`, `merged_equivalent(0.40)`):\n\n"
            + table(["item", "value", "method", "note"], rows))


def block_shares() -> str:
    """2030 share of every shipped scenario on both boundaries."""
    rows = []
    for b in BOUNDARIES:
        for s in SCENARIOS:
            df = projection(s, b)
            rise, ry = max_rise(df)
            d = df["de_share"].diff().dropna()
            fall, fy = float(d.min()), int(d.idxmin())
            t0 = int(df.index[0])
            rows.append([f"`{s}`", b, f"{pct(df['de_share'].iloc[0])} ({t0})",
                         pct(df.loc[2026, "de_share"]), f"**{pct(df.loc[YEAR, 'de_share'])}**",
                         pct(df.loc[YEAR, "de_share_constant"]),
                         f"{pp(rise)} ({ry})", f"{pp(fall)} ({fy})"])
    return table(["scenario", "boundary", "base share (year)", "2026", "2030",
                  "2030 at constant prices", "largest one-year rise",
                  "largest one-year fall"], rows)


def block_ratios() -> str:
    """Investment ratios to nominal GRDP, 2026 and 2030."""
    header = ["scenario", "boundary"]
    for _, label in RATIOS:
        header += [f"{label} 2026", f"{label} 2030"]
    rows = []
    for b in BOUNDARIES:
        for s in SCENARIOS:
            df = projection(s, b)
            r = [f"`{s}`", b]
            for col, _ in RATIOS:
                d = 3 if col == "dx_spending_to_grdp" else 1
                r += [pct(df.loc[2026, col], d), pct(df.loc[YEAR, col], d)]
            rows.append(r)
    return table(header, rows)


def block_drift() -> str:
    """Why the engine's trend share drifts (alpha < 1, rho), and the reported path (the
    naive-trend baseline)."""
    alpha = calibrate("merged", "gso").calibrated_value("plant_capacity_output_elasticity")
    rho = float(load_registry()["digital_relative_price_drift"].default)
    engine = "naive_baseline_weight=0"
    cases = (("reported: naive-trend baseline (`naive_baseline_weight` 1)", ()),
             (f"engine's own path (alpha {alpha:.2f} estimated, rho {rho:g})", (engine,)),
             ("engine, `--set output_elasticity_core=1.0`",
              (engine, "output_elasticity_core=1.0")),
             ("engine, alpha 1.0 and the old `digital_relative_price_drift=-0.015`",
              (engine, "output_elasticity_core=1.0", "digital_relative_price_drift=-0.015")))
    rows = []
    for b in BOUNDARIES:
        for label, sets in cases:
            df = projection("trend", b, *sets)
            t0 = int(df.index[0])
            rows.append([b, label, f"{pct(df['de_share'].iloc[0])} ({t0})",
                         pct(df.loc[YEAR, "de_share"]), pct(df.loc[YEAR, "de_share_constant"]),
                         pct(df.loc[YEAR, "de_share_core"])])
    return table(["boundary", "trend with", "base share", "2030 share", "2030 at constant prices",
                  "2030 core share"], rows)


def _gs_row(r: dict, lever: str) -> list[str]:
    unit = LEVER_UNIT[lever]
    st = r["status"]
    if st == "unreachable":
        reach = (f"not reachable: {pct(r['best_share'])} at the upper limit "
                 f"{level(r['value'], lever)}")
        pgdp = "-"
    elif st == "already_reached":
        reach = f"reached at the lower limit ({pct(r['achieved_share'])})"
        pgdp = "-"
    else:
        reach = f"{level(r['value'], lever)} {unit}"
        pgdp = pct(r["pct_of_grdp"], 3 if lever == "dx_spending_vnd_bn" else 1)
    cred = (f"{level(r['credible_value'], lever)} -> {pct(r['credible_share'])}"
            if st in ("too_fast", "unreachable") and r["max_annual_rise"] > r["pace_limit"]
            else "-")
    return [f"`{st}`", reach, pgdp, pp(r["max_annual_rise"]), cred]


def block_goalseek() -> str:
    """Goal-seek for the default target and for 40%, every scenario, lever and boundary."""
    out = []
    for b in BOUNDARIES:
        default = calibrate(b, "gso").target(YEAR)["value"]
        targets = [None] + ([0.40] if abs(default - 0.40) > 1e-12 else [])
        rows = []
        for s in SCENARIOS:
            for t in targets:
                for lever in LEVERS:
                    r = goalseek(s, b, lever, t)
                    tl = (f"{pct(r['target'], 0)} (default)" if t is None else pct(t, 0))
                    rows.append([f"`{s}`", tl, LEVER_LABEL[lever]] + _gs_row(r, lever))
        note = ("" if len(targets) > 1 else
                " (the default target is 40%, so the 40% rows are the same)")
        out.append(f"**{b}** boundary, default target {pct(default, 0)}{note}, constant level "
                   f"2026-{YEAR}, basis gso:\n\n"
                   + table(["scenario", "target", "lever", "status",
                            "level that reaches the target", "% of GRDP",
                            "largest one-year rise on that path",
                            f"credible level -> {YEAR} share (rise <= "
                            f"{100 * calibrate(b, 'gso').pace_limit:.2f} pp/yr)"], rows))
    return "\n\n".join(out)


def block_dx() -> str:
    """DX spending: reachability depends on dx_elasticity."""
    rows = []
    for b in BOUNDARIES:
        default = calibrate(b, "gso").target(YEAR)["value"]
        targets = [None] + ([0.40] if abs(default - 0.40) > 1e-12 else [])
        for t in targets:
            for eps in ("0.5", "1.0"):
                sets = () if eps == "0.5" else ("dx_elasticity=1.0",)
                r = goalseek("trend", b, "dx_spending_vnd_bn", t, *sets)
                tl = (f"{pct(r['target'], 0)} (default)" if t is None else pct(t, 0))
                label = "0.5 (default)" if eps == "0.5" else "1.0 (`--set dx_elasticity=1.0`)"
                rows.append([b, tl, label] + _gs_row(r, "dx_spending_vnd_bn"))
    return table(["boundary", "target", "`dx_elasticity` ε", "status",
                  "level that reaches the target", "% of GRDP", "largest one-year rise",
                  f"credible level -> {YEAR} share"], rows)


def block_previous() -> str:
    """Headline numbers: previous engine against this one."""
    rows = []
    for b in BOUNDARIES:
        for s in SCENARIOS:
            new = float(projection(s, b).loc[YEAR, "de_share"])
            old = PREVIOUS_SHARES.get((s, b))
            rows.append([f"`{s}`", b, "2030 share", pct(old, 1) if old is not None else "-",
                         pct(new), pp(new - old) if old is not None else "-",
                         share_reason(s, b)])
    delta = float(load_registry()["capacity_decay"].default)
    for (s, b, lever), old in PREVIOUS_40.items():
        r = goalseek(s, b, lever, 0.40)
        unit = LEVER_UNIT[lever]
        if isinstance(old, tuple):
            old_text = f"not reachable ({pct(old[1], 1)} at the limit)"
        else:
            old_text = f"{level(old, lever)} {unit}"
        if r["status"] == "unreachable":
            new_text = f"`unreachable` ({pct(r['best_share'])} at the limit)"
        elif r["status"] == "too_fast":
            new_text = (f"`too_fast`: {level(r['value'], lever)} {unit}; credible "
                        f"{level(r['credible_value'], lever)} -> {pct(r['credible_share'])}")
        else:
            new_text = f"`{r['status']}`: {level(r['value'], lever)} {unit}"
        base = "; from a lower baseline (plan is now below trend)" if s == "plan" else ""
        if r["status"] != "too_fast":
            why = ("still out of reach within the budget limit at the default elasticity 0.5"
                   + base)
        elif lever == "fdi_digital_usd_bn":
            why = ("FDI is now disbursed with a lag and becomes capacity the year after, while "
                   f"capacity decays at {delta:g} (was 0.2)" + base + "; the path rises faster "
                   "than the pace limit in a year, so the answer is `too_fast` (pace limit, new)")
        else:
            why = (f"capacity decays at {delta:g} (was 0.2), so each VND lasts longer" + base
                   + "; the path rises faster than the pace limit in a year (pace limit, new)")
        rows.append([f"`{s}`", b, f"40%: {LEVER_LABEL[lever]}", old_text, new_text, "-", why])
    return table(["scenario", "boundary", "number", "previous engine", "this engine", "change",
                  "why it moved"], rows)


def block_headline() -> str:
    """A few generated sentences for the top of the results section."""
    lines = []
    for b in BOUNDARIES:
        c = calibrate(b, "gso")
        default = c.target(YEAR)["value"]
        tr = projection("trend", b)
        best = max(SCENARIOS, key=lambda s: projection(s, b).loc[YEAR, "de_share"])
        reached = [s for s in SCENARIOS if projection(s, b).loc[YEAR, "de_share"] >= default]
        fdi = goalseek("trend", b, "fdi_digital_usd_bn", None)
        lines.append(
            f"* **{b}**: `trend` goes from {pct(tr['de_share'].iloc[0])} ({c.year}) to "
            f"{pct(tr.loc[YEAR, 'de_share'])} in {YEAR}; the highest shipped scenario in {YEAR} "
            f"is `{best}` ({pct(projection(best, b).loc[YEAR, 'de_share'])}); "
            + (f"{', '.join(f'`{s}`' for s in reached)} reach" if reached else "none reaches")
            + f" the default target {pct(default, 0)}. On `trend` the FDI lever would need "
            f"{level(fdi['value'], 'fdi_digital_usd_bn')} USD bn/yr of registered digital FDI "
            f"(status `{fdi['status']}`); at the pace limit of {100 * c.pace_limit:.2f} pp/yr it reaches "
            f"{pct(fdi['credible_share'])} ({level(fdi['credible_value'], 'fdi_digital_usd_bn')} "
            f"USD bn/yr).")
    counts: dict[str, int] = {}
    for b in BOUNDARIES:
        default = calibrate(b, "gso").target(YEAR)["value"]
        for s in SCENARIOS:
            for t in [None] + ([0.40] if abs(default - 0.40) > 1e-12 else []):
                for lever in LEVERS:
                    st = goalseek(s, b, lever, t)["status"]
                    counts[st] = counts.get(st, 0) + 1
    lines.append(f"* Goal-seek table below ({sum(counts.values())} questions: every scenario, "
                 "lever, boundary and target): "
                 + ", ".join(f"{n} `{st}`" for st, n in sorted(counts.items())) + ".")
    return "\n".join(lines)


BLOCKS = {
    "headline": block_headline,
    "calibration": block_calibration, "published": block_published, "merger": block_merger,
    "shares": block_shares, "ratios": block_ratios, "drift": block_drift,
    "goalseek": block_goalseek, "dx": block_dx, "previous": block_previous,
}


def markers(name: str) -> tuple[str, str]:
    return f"<!-- results:{name}:start -->", f"<!-- results:{name}:end -->"


def replace_block(text: str, start: str, end: str, body: str) -> str:
    """Replace what lies between ``start`` and ``end`` in ``text`` with ``body``."""
    pattern = re.compile(re.escape(start) + r".*?" + re.escape(end), re.S)
    if not pattern.search(text):
        raise KeyError(f"{start} ... {end} not found in {DOC}")
    return pattern.sub(lambda m: f"{start}\n{body}\n{end}", text, count=1)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--write", action="store_true",
                    help=f"replace the generated blocks in {DOC.name} instead of printing")
    ap.add_argument("blocks", nargs="*", metavar="BLOCK",
                    help=f"blocks to produce, of {', '.join(BLOCKS)} (default: all)")
    args = ap.parse_args(argv)
    unknown = sorted(set(args.blocks) - set(BLOCKS))
    if unknown:
        ap.error(f"unknown blocks {unknown}; choose from {list(BLOCKS)}")
    names = args.blocks or list(BLOCKS)
    bodies = {n: BLOCKS[n]() for n in names}
    if not args.write:
        for n, body in bodies.items():
            start, end = markers(n)
            print(f"{start}\n{body}\n{end}\n")
        return 0
    text = DOC.read_text(encoding="utf-8")
    for n, body in bodies.items():
        text = replace_block(text, *markers(n), body)
    text = replace_block(text, *PARAMETER_TABLE_MARKERS, parameter_table_markdown())
    DOC.write_text(text, encoding="utf-8")
    print(f"wrote {len(bodies)} result blocks and the parameter table into {DOC}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
