"""Model commands: ``scenarios``, ``validate``, ``project``, ``goal-seek``, ``icor``.

Every output states the boundary and the basis; ``project`` prints the calibration values
in its header lines. Errors are one line (``error: …``) with exit status 2.
"""
from __future__ import annotations

import json
import math
import sys
import warnings

from hpresearch.argspec import argtype
from hpresearch.cli.options import (add_boundary_basis, add_output_mode, check_combination,
                                    overrides_of)
from hpresearch.defaults import DRAWS, SEED
from hpresearch.textsafe import csv_frame

_FORMATS = ("table", "csv", "json")

#: Columns of the compact table (csv/json give every column).
_TABLE_COLUMNS = (
    ("grdp_constant_vnd_bn", "GRDP const", "money"),
    ("grdp_current_vnd_bn", "GRDP curr", "money"),
    ("core_va_constant_vnd_bn", "core VA", "money"),
    ("digitalised_va_constant_vnd_bn", "digitalised VA", "money"),
    ("non_digital_va_constant_vnd_bn", "non-digital VA", "money"),
    ("de_share", "share", "pct"),
    ("de_share_core", "share core", "pct"),
    ("de_share_digitalised", "share dig.", "pct"),
    ("core_domestic_investment_vnd_bn", "dom. core inv", "money"),
    ("fdi_digital_usd_bn", "digital FDI $bn", "usd"),
    ("dx_spending_vnd_bn", "DX spend", "money"),
    ("gap_to_target", "gap (pp)", "pp"),
)


def register(subparsers) -> None:
    """Register the model commands on the hpresearch sub-parser."""
    s = subparsers.add_parser("scenarios", help="list shipped scenarios with titles",
                              description="List the shipped scenarios, their titles and the "
                              "scenario each modifies.")
    s.add_argument("--format", "-f", choices=_FORMATS, default="table")
    s.set_defaults(func=_scenarios)

    v = subparsers.add_parser("validate", help="validate scenario names or files",
                              description="Validate scenarios (shipped names, YAML files or "
                              "a+b compositions) before anything runs. Prints 'ok' per "
                              "scenario; one 'error:' line per invalid one and exit 2.")
    v.add_argument("scenarios", nargs="+", metavar="SCENARIO_OR_FILE")
    v.set_defaults(func=_validate)

    p = subparsers.add_parser("project", help="project the digital-economy share to the end year",
                              description="Project a scenario year by year: GRDP (constant and "
                              "current), digital value added by block, non-digital value added, "
                              "shares, investment by lever and the gap to the target.")
    p.add_argument("scenario", metavar="SCENARIO")
    _common(p)
    p.add_argument("--end-year", type=argtype("end_year", "--end-year"), default=2030, metavar="YEAR",
                   help="last projected year (<= 2045; default 2030)")
    p.add_argument("--format", "-f", choices=_FORMATS, default="table")
    p.add_argument("--header", action="store_true",
                   help="with --format csv: print the '#' header lines on standard output too "
                   "(default: standard error, so the CSV reads without options)")
    p.add_argument("--icor", action="store_true",
                   help="also print the ICOR cross-check (planners' arithmetic)")
    p.set_defaults(func=_project)

    g = subparsers.add_parser("goal-seek", help="investment a target share requires",
                              description="Solve (scipy brentq) for the constant annual level "
                              "of one lever, from the first policy year to --year, that makes "
                              "the share reach --target; says so plainly when unreachable.")
    g.add_argument("scenario", metavar="SCENARIO")
    g.add_argument("--target", type=argtype("target", "--target"), default=None,
                   help="share as a fraction (0.40); default: the boundary's official 2030 "
                        "target from the data (merged city >35%%, pre-merger city 40%%)")
    g.add_argument("--year", type=argtype("target_year", "--year"), default=2030,
                   help="target year (default 2030)")
    g.add_argument("--lever", default=None, metavar="NAME",
                   help="core_domestic_investment | fdi_digital | dx_spending (or full names); "
                   "default fdi_digital")
    g.add_argument("--levers", default=None, metavar="A,B,C",
                   help="least-cost mix: the cheapest constant levels of these levers with "
                   "P(share >= target) >= --probability (scipy SLSQP; docs/evidence.md)")
    g.add_argument("--costs", default=None, metavar="A=W,...",
                   help="with --levers: cost weight per VND of each lever (default 1; e.g. "
                   "public money only: fdi_digital=0 with a --bounds on it)")
    g.add_argument("--bounds", default=None, metavar="A=LO:HI,...",
                   help="with --levers: narrower bounds than the hard limits, in the lever's "
                   "unit (an empty side keeps the hard limit)")
    _common(g)
    g.add_argument("--write-scenario", metavar="FILE", default=None,
                   help="write a scenario file with the solved lever (modifies SCENARIO); "
                   "never the scenario itself, its modifies chain or a shipped scenario")
    g.add_argument("--force", action="store_true",
                   help="with --write-scenario: replace FILE if it exists")
    g.add_argument("--format", "-f", choices=("table", "json"), default="table")
    g.add_argument("--probability", type=argtype("probability", "--probability"), default=None,
                   metavar="P",
                   help="probabilistic goal-seek: the lever level for which the Monte Carlo "
                   "P(share >= target in year) >= P, 0 < P < 1 (hpresearch.uncertainty)")
    g.add_argument("--draws", type=argtype("draws", "--draws"), default=DRAWS, metavar="N",
                   help=f"Monte Carlo draws for --probability (default {DRAWS})")
    g.add_argument("--seed", type=argtype("seed", "--seed"), default=SEED, metavar="S",
                   help=f"random seed for --probability (default {SEED})")
    g.add_argument("--bands", choices=("calibrated", "model"), default="calibrated",
                   help="with --probability/--distribution: probabilities of the calibrated "
                   "fan (default; the engine's past share errors where the share record "
                   "supports it, else the model's draws) or of the model's own draws")
    g.add_argument("--distribution", action="store_true",
                   help="the requirement as a distribution: median (P = 0.5) and P80 of the "
                   "Monte Carlo requirement and the deterministic one, labelled "
                   "(hpresearch.invest.requirement)")
    g.set_defaults(func=_goal_seek)
    g.description += (" With --levers A,B,C --probability P: the least-cost mix of several "
                      "levers (hpresearch.invest.least_cost).")


def _common(p) -> None:
    add_boundary_basis(p)
    p.add_argument("--set", dest="overrides", action="append", default=[], metavar="KEY=VALUE",
                   help="override a parameter (KEY or KEY.YEAR); repeatable")
    add_output_mode(p)


# ------------------------------------------------------------------------------------------
def _scenarios(args) -> int:
    from hpresearch.model.scenario import scenario_table

    df = scenario_table()
    if args.format == "csv":
        csv_frame(df).to_csv(sys.stdout, index=False)
    elif args.format == "json":
        print(json.dumps(df.to_dict(orient="records"), indent=2, ensure_ascii=False))
    else:
        w = max(len(n) for n in df["scenario"])
        for _, r in df.iterrows():
            mod = f"  (modifies {r['modifies']})" if r["modifies"] else ""
            print(f"{r['scenario']:<{w}}  {r['title']}{mod}")
    return 0


def _validate(args) -> int:
    from hpresearch.errors import HPResearchError
    from hpresearch.model.scenario import load_scenario

    status = 0
    for item in args.scenarios:
        try:
            with warnings.catch_warnings(record=True) as caught:
                warnings.simplefilter("always")
                sc = load_scenario(item)
            for w in caught:
                print(f"warning: {w.message}", file=sys.stderr)
            print(f"ok: {item} ({sc.title}; chain {' > '.join(sc.chain)}; "
                  f"{len(sc.params)} parameter(s) set)")
        except HPResearchError as err:
            print(f"error: {err}", file=sys.stderr)
            status = 2
    return status


def _fmt(value: float, kind: str) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "-"
    if kind == "pct":
        return f"{value * 100:.2f}%"
    if kind == "pp":
        return f"{value * 100:+.2f}"
    if kind == "usd":
        return f"{value:,.3f}"
    return f"{value:,.0f}"


def _header(df) -> list[str]:
    from hpresearch.model.engine import output_mode_text

    a = df.attrs
    cal = a["calibration"]
    notes = a.get("calibration_notes", {})
    target = a.get("target") or {}
    lines = [
        f"# scenario: {a['scenario']} - {a['title']} (chain: {' > '.join(a['chain'])})",
        f"# boundary: {a['boundary']}   basis: {a['basis']}   base year: {cal['base_year']}",
        f"# calibration (from the data panel): real GRDP {cal['grdp_constant_vnd_bn']:,.0f} "
        f"VND bn (2010 prices; {notes.get('grdp_constant_vnd_bn', '')}), deflator "
        f"{cal['deflator']:.4f}, nominal GRDP {cal['grdp_current_vnd_bn (derived)']:,.0f} VND bn "
        f"(derived), share {cal['de_share']:.2%} ({notes.get('de_share', '')})",
        f"# trends: real growth {cal['trend_real_growth']:.2%}, GRDP deflator "
        f"{cal['trend_deflator_growth']:.2%}/yr; ratios to GRDP held where unpublished: total "
        f"investment {cal['total_investment_ratio']:.1%}, registered FDI {cal['fdi_ratio']:.1%}, "
        f"DX spending {cal['dx_ratio']:.3%}",
        f"# FDI disbursed/registered {cal['fdi_disbursement_ratio']:.3f}, mean disbursement lag "
        f"{cal['fdi_mean_lag']:.2f} yr (both derived); adoption speed {cal['adoption_speed']:.4f}; "
        f"implied core capital-output ratio "
        f"{a.get('implied_core_capital_output_ratio', float('nan')):.2f}",
    ]
    cross = a.get("crossing_year")
    source = (f" ({target.get('qualifier') + ' ' if target.get('qualifier') else ''}"
              f"{target.get('obs_id', '')})" if target.get("obs_id") else " (set by scenario)")
    lines.append(f"# target {a['target_share']:.2%} in {a['target_year']}{source}: "
                 + (f"first reached in {cross}" if cross else "not reached by the end year"))
    lines.append(f"# {output_mode_text(a['output_mode'])}")
    if a.get("overrides"):
        lines.append(f"# overrides: {a['overrides']}")
    lines.append("# money in VND bn per year (constant = 2010 prices); FDI in USD bn; shares and "
                 "ratios at current prices; row = base | published_growth | projection")
    return lines


def _project(args) -> int:
    from hpresearch.model.projection import project

    overrides = overrides_of(args)
    check_combination(args.scenario, overrides)
    df = project(args.scenario, boundary=args.boundary, basis=args.basis,
                 overrides=overrides, end_year=args.end_year)
    if args.format == "json":
        out = {"meta": {k: v for k, v in df.attrs.items()},
               "rows": json.loads(df.reset_index().to_json(orient="records"))}
        print(json.dumps(out, indent=2, ensure_ascii=False, default=str))
    elif args.format == "csv":
        if args.header:  # the header lines are comments a spreadsheet would show as data
            print("\n".join(_header(df)))
        else:
            print("\n".join(_header(df)), file=sys.stderr)
        csv_frame(df).to_csv(sys.stdout, float_format="%.10g")
    else:
        print("\n".join(_header(df)))
        heads = ["year"] + [h for _, h, _ in _TABLE_COLUMNS]
        rows = [[str(y)] + [_fmt(df.loc[y, c], k) for c, _, k in _TABLE_COLUMNS]
                for y in df.index]
        widths = [max(len(h), *(len(r[i]) for r in rows)) for i, h in enumerate(heads)]
        print("  ".join(h.rjust(w) for h, w in zip(heads, widths)))
        for r in rows:
            print("  ".join(c.rjust(w) for c, w in zip(r, widths)))
    if args.icor and args.format != "json":
        from hpresearch.calibration.rules import calibrate
        from hpresearch.model.icor import icor_summary, icor_table

        tab = icor_summary(icor_table(df, calibrate(args.boundary, args.basis).panel_values))
        print(f"\n# {tab.attrs['label']}; boundary {args.boundary}, basis {args.basis}; "
              "mean per projected year")
        print(tab.to_string(index=False, float_format=lambda x: f"{x:,.3f}"))
    return 0


def _fan(args):
    """The share-error fan for ``--bands calibrated`` (:func:`hpresearch.backtest.record.
    share_record`; ``None`` when the share record does not support one, or for ``model``)."""
    if getattr(args, "bands", "model") != "calibrated":
        return None
    from hpresearch.backtest import share_record

    return share_record().fan


def _goal_seek(args) -> int:
    from hpresearch.errors import UsageError, quoted
    from hpresearch.invest.goalseek import solve, write_scenario
    from hpresearch.uncertainty.spec import DEFAULT_LEVER

    p = args.probability  # --probability and --draws are checked by their argspec types
    args.overrides = overrides_of(args)  # --set items and --output-mode
    check_combination(args.scenario, args.overrides, target_year=args.year)
    if args.write_scenario:  # refuse a destructive target before any work
        from hpresearch.model.scenario import check_write_target, load_scenario

        check_write_target(args.write_scenario, load_scenario(args.scenario), force=args.force)
    if args.levers is not None:
        kw = _mix_arguments(args)
    else:
        for opt in ("costs", "bounds"):
            if getattr(args, opt) is not None:
                raise UsageError(f"--{opt}: value {quoted(getattr(args, opt))} needs --levers (it "
                                 "weights or bounds the levers of a least-cost mix)")
        if getattr(args, "distribution", False):
            return _distribution(args)
        kw = {"levers": (args.lever or DEFAULT_LEVER,),
               "fan": _fan(args) if p is not None else None}
    res = solve(args.scenario, target=args.target, year=args.year, probability=p,
                boundary=args.boundary, basis=args.basis, overrides=args.overrides,
                draws=args.draws, seed=args.seed, **kw)
    if args.format == "json":
        print(json.dumps(res.to_dict(), indent=2, default=str))
    else:
        print(res.summary())
    if args.write_scenario:
        path = write_scenario(res, args.write_scenario, force=args.force)
        how = (f"simulate it with: hpresearch simulate {path} --boundary {res.boundary} --basis "
               f"{res.basis} --draws {res.draws} --seed {res.seed} --bands model" if res.mix
               else f"project it with: hpresearch project {path} --boundary {res.boundary} "
                    f"--basis {res.basis}")  # the least-cost solves on the model's draws
        print(f"wrote {path} ({how})", file=sys.stderr)
    return 0


def _mix_arguments(args) -> dict:
    """``goal-seek --levers``: the arguments of a least-cost mix for
    :func:`hpresearch.invest.goalseek.solve` (the text split by :mod:`hpresearch.cli.lever_args`)."""
    from hpresearch.cli.lever_args import split_bounds, split_items, split_levers
    from hpresearch.errors import UsageError, quoted

    if args.lever is not None:
        raise UsageError(f"--levers: value {quoted(args.levers)} cannot be combined with --lever "
                         "(one lever: --lever; a mix: --levers)")
    if args.probability is None:
        raise UsageError(f"--levers: value {quoted(args.levers)} needs --probability P (the "
                         "least-cost mix is solved on the Monte Carlo)")
    return {"levers": split_levers(args.levers), "method": "least_cost",
            "costs": split_items(args.costs, "--costs"), "bounds": split_bounds(args.bounds)}


def _distribution(args) -> int:
    """``goal-seek --distribution``: median, P80 and deterministic requirement."""
    from hpresearch.uncertainty.spec import DEFAULT_LEVER
    from hpresearch.errors import UsageError
    from hpresearch.invest.requirements import requirement

    if args.probability is not None or args.write_scenario or args.levers:
        raise UsageError("--distribution: value True cannot be combined with --probability, "
                         "--levers or --write-scenario (it solves one lever at P = 0.5, 0.8 "
                         "and the deterministic case)")
    req = requirement(args.scenario, lever=args.lever or DEFAULT_LEVER,
                      target=args.target, year=args.year, boundary=args.boundary,
                      basis=args.basis, overrides=args.overrides,
                      draws=args.draws, seed=args.seed, fan=_fan(args))
    if args.format == "json":
        print(json.dumps(req.to_dict(), indent=2, default=str))
    else:
        print(req.summary())
    return 0
