"""Uncertainty commands: ``simulate`` (Monte Carlo) and ``sensitivity`` (tornado, Sobol).

``hpresearch goal-seek ... --probability P`` lives in ``model_cmd``; it calls
:func:`hpresearch.invest.goal_seek` with ``probability=P``.
"""
from __future__ import annotations

import json
import sys

from hpresearch.argspec import argtype
from hpresearch.cli.options import add_boundary_basis, check_combination
from hpresearch.defaults import DRAWS, SEED, TORNADO_DRAWS
from hpresearch.textsafe import csv_frame

FORMATS = ("table", "csv", "json")


def register(subparsers) -> None:
    """Register ``simulate`` and ``sensitivity``."""
    p = subparsers.add_parser(
        "simulate", help="Monte Carlo fan chart and probability of reaching the target",
        description="Monte Carlo over the documented parameter distributions and AR(1) growth "
                    "shocks: share percentiles 5-95 per year, P(share >= target) by year, the "
                    "crossing-year distribution and the required investment.")
    p.add_argument("scenario", help="shipped scenario name or path to a scenario YAML file")
    p.add_argument("--draws", type=argtype("draws", "--draws"), default=DRAWS,
                   help=f"number of draws (default {DRAWS}; memory budget: "
                   "HPRESEARCH_MEMORY_BUDGET)")
    p.add_argument("--seed", type=argtype("seed", "--seed"), default=SEED,
                   help=f"random seed, 0..4294967295 (recorded in the output; default {SEED})")
    add_boundary_basis(p)
    p.add_argument("--target", type=argtype("target", "--target"), default=None,
                   help="target share (fraction; default: the boundary's official 2030 target "
                        "from the data, merged city >35%%, pre-merger city 40%%)")
    p.add_argument("--year", type=argtype("target_year", "--year"), default=2030,
                   help="target year (default 2030)")
    p.add_argument("--end-year", type=argtype("end_year", "--end-year"), default=None,
                   help="last projection year, >= --year (default: target year)")
    p.add_argument("--lever", default=None,
                   help="lever for the required-investment distribution (default: the FDI lever; "
                        "'none' to skip)")
    p.add_argument("--no-shocks", action="store_true", help="parameter uncertainty only")
    p.add_argument("--bands", choices=("calibrated", "model"), default="calibrated",
                   help="calibrated (default): the draws recentred and rescaled with the "
                        "engine's past share errors where the share record supports it (else "
                        "the model's bands, labelled 'model assumptions only'); model: the "
                        "Monte Carlo's own bands")
    p.add_argument("--format", choices=FORMATS, default="table")
    p.set_defaults(func=_cmd_simulate)

    s = subparsers.add_parser(
        "sensitivity", help="tornado (one at a time) or Sobol (global) sensitivity",
        description="Rank the drivers of the target-year share: a one-at-a-time tornado over "
                    "each parameter's documented range (share and P(target)), or Sobol indices "
                    "(SALib) of the target-year share.")
    s.add_argument("scenario")
    s.add_argument("--method", choices=("tornado", "sobol"), default="tornado")
    s.add_argument("--samples", type=argtype("samples", "--samples", ("draws", "n_base")),
                   default=None, help="Sobol base sample N (default 1024) or tornado draws "
                   f"(default {TORNADO_DRAWS})")
    s.add_argument("--seed", type=argtype("seed", "--seed"), default=SEED)
    add_boundary_basis(s)
    s.add_argument("--target", type=argtype("target", "--target"), default=None,
                   help="target share (default: the boundary's official 2030 target)")
    s.add_argument("--year", type=argtype("target_year", "--year"), default=2030)
    s.add_argument("--format", choices=FORMATS, default="table")
    s.set_defaults(func=_cmd_sensitivity)

def _emit(df, fmt: str, payload: dict | None = None, header: list[str] | None = None) -> None:
    import pandas as pd

    out = sys.stdout
    if fmt == "json":
        json.dump(payload if payload is not None else json.loads(df.to_json(orient="records")),
                  out, indent=2, ensure_ascii=False, allow_nan=False)
        out.write("\n")
    elif fmt == "csv":
        csv_frame(df).to_csv(out, index=not isinstance(df.index, pd.RangeIndex),
                             float_format="%.6g")
    else:
        for line in header or []:
            out.write(line + "\n")
        with pd.option_context("display.width", 200, "display.max_columns", 40,
                               "display.max_rows", 500):
            out.write(df.to_string(float_format=lambda x: f"{x:,.4g}") + "\n")


def _cmd_simulate(args) -> int:
    from hpresearch.uncertainty.montecarlo import simulate

    lever = None if (args.lever or "").lower() == "none" else (args.lever or "default")
    check_combination(args.scenario, target_year=args.year, end_year=args.end_year)
    from hpresearch.backtest import share_record

    record = share_record()
    fan = record.fan if args.bands == "calibrated" else None
    res = simulate(args.scenario, draws=args.draws, seed=args.seed, boundary=args.boundary,
                   basis=args.basis, target=args.target, target_year=args.year,
                   end_year=args.end_year, lever=lever, shocks=not args.no_shocks, fan=fan)
    table = res.table()
    if args.format == "json":
        _emit(table, "json", res.to_dict())
        return 0
    if args.format == "csv":
        _emit(table, "csv")
        return 0
    header = [f"scenario {res.scenario} | boundary {res.boundary} | basis {res.basis} | "
              f"draws {res.draws:,} | seed {res.seed} | bands "
              + ("calibrated on the engine's past share errors" if res.calibrated
                 else "of the model (not calibrated)"),
              "probability basis: " + (record.basis_text("en") if args.bands == "calibrated"
                                       else "model assumptions only (--bands model)"),
              f"P(share >= {res.target:.0%} in {res.target_year}) = {res.p_target:.3f}; "
              f"median {res.bands.loc[res.target_year, 'p50']:.1%}, 80% band "
              f"[{res.bands.loc[res.target_year, 'p10']:.1%}, "
              f"{res.bands.loc[res.target_year, 'p90']:.1%}]",
              res.central_note()]
    _emit(table, "table", header=header)
    sys.stdout.write("\ncrossing year (first year share >= target):\n")
    sys.stdout.write(res.crossing.to_string(float_format=lambda x: f"{x:.3f}") + "\n")
    if res.required is not None:
        sys.stdout.write("\nrequired lever per draw to reach the target in the target year:\n")
        sys.stdout.write(res.required.T.to_string(float_format=lambda x: f"{x:,.4g}") + "\n")
    return 0


def _cmd_sensitivity(args) -> int:
    from hpresearch.uncertainty.sensitivity import scenario_sobol, scenario_tornado
    from hpresearch.uncertainty.spec import build_spec

    check_combination(args.scenario, target_year=args.year)
    spec = build_spec(args.scenario, boundary=args.boundary, basis=args.basis, end_year=args.year)
    if args.method == "tornado":
        target = args.target if args.target is not None else spec.meta["target_share"]
        table = scenario_tornado(spec, target=target, target_year=args.year,
                                 draws=args.samples or TORNADO_DRAWS, seed=args.seed)
        header = [f"tornado: {spec.meta.get('scenario')} ({args.boundary}, {args.basis}); "
                  f"share and P(share >= {target:.0%}) in {args.year}; seed {args.seed}"]
        _emit(table, args.format, header=header)
    else:
        res = scenario_sobol(spec, target_year=args.year, n_base=args.samples or 1024,
                             seed=args.seed)
        header = [f"Sobol indices of the {args.year} share: {spec.meta.get('scenario')} "
                  f"({args.boundary}, {args.basis}); N={res.n_base}, runs={res.n_runs:,}, "
                  f"seed {res.seed}"]
        payload = {"scenario": spec.meta.get("scenario"), "boundary": args.boundary,
                   "basis": args.basis, "year": args.year, "n_base": res.n_base,
                   "n_runs": res.n_runs, "seed": res.seed,
                   "indices": json.loads(res.indices.reset_index().to_json(orient="records"))}
        _emit(res.indices, args.format, payload, header=header)
    return 0
