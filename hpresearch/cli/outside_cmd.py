"""``hpresearch outside-view``: the reference class of recorded changes of digital shares.

Prints every recorded annual change of a digital-economy share, the reference class and its
distribution, the fastest change, the pace limit derived from it (``share_pace_limit``), the
pace the target needs and P(target) under the reference class
(:mod:`hpresearch.calibration.reference_class`); with ``--scenario``, the model's Monte Carlo
P(target) beside it.
"""
from __future__ import annotations

import json
import sys
from typing import Any

from hpresearch.argspec import argtype
from hpresearch.cli.options import add_boundary_basis
from hpresearch.defaults import DRAWS, SEED

FORMATS = ("text", "json")


def register(subparsers) -> None:
    """Register ``outside-view``."""
    p = subparsers.add_parser(
        "outside-view", help="reference class of recorded digital-share changes, the pace "
                             "limit derived from it and P(target) under it",
        description="The outside view beside the model (reference-class forecasting, "
                    "Kahneman & Lovallo 1993, Flyvbjerg 2006): every recorded change between "
                    "consecutive annual values of a digital-economy share of one geography on "
                    "one basis; the reference class (the changes whose two values one "
                    "publication prints); the pace limit of goal-seek derived from it (rule "
                    "share_pace_limit_quantile); the pace the target needs from the base share "
                    "of --boundary/--basis, and P(target) = the share of the class at least "
                    "as fast.")
    add_boundary_basis(p)
    p.add_argument("--target", type=argtype("target", "--target"), default=None,
                   help="target share, a fraction (default: the boundary's official target "
                        "for --year from the data)")
    p.add_argument("--year", type=argtype("target_year", "--year"), default=2030,
                   help="target year (default 2030)")
    p.add_argument("--scenario", default=None,
                   help="also compute the model's P(target) under this scenario (Monte Carlo)")
    p.add_argument("--draws", type=argtype("draws", "--draws"), default=DRAWS,
                   help=f"Monte Carlo draws with --scenario (default {DRAWS})")
    p.add_argument("--seed", type=argtype("seed", "--seed"), default=SEED,
                   help=f"Monte Carlo seed with --scenario (default {SEED})")
    p.add_argument("--bands", choices=("calibrated", "model"), default="calibrated",
                   help="with --scenario: calibrated (default) widens the draws with the "
                        "engine backtest's past errors, as `simulate` does; model: the Monte "
                        "Carlo's own draws")
    p.add_argument("--lang", type=argtype("lang", "--lang"), default="en",
                   help="language of the text (en or vi; default en)")
    p.add_argument("--format", "-f", choices=FORMATS, default="text")
    p.set_defaults(func=_cmd_outside_view)


def _target(boundary: str, year: int, given: float | None) -> tuple[float, str]:
    """The target share and where it comes from (``--target`` or the official target)."""
    from hpresearch.data import official_target
    from hpresearch.data.vocabulary import BOUNDARIES
    from hpresearch.errors import UsageError

    if given is not None:
        return float(given), "--target"
    row = official_target(None, BOUNDARIES[boundary], int(year))
    if row is None:
        raise UsageError(f"--year: {year}: no official digital-economy target of boundary "
                         f"{boundary!r} for this year in the observation files; give --target")
    return float(row["value"]) / 100.0, str(row["obs_id"])


def _model_p(args, target: float) -> dict[str, Any] | None:
    if not args.scenario:
        return None
    from hpresearch.cli.options import check_combination
    from hpresearch.uncertainty import simulate

    check_combination(args.scenario, target_year=args.year)
    fan = None
    if args.bands == "calibrated":
        from hpresearch.backtest import fan_calibration

        fan = fan_calibration()
    res = simulate(args.scenario, draws=args.draws, seed=args.seed, boundary=args.boundary,
                   basis=args.basis, target=target, target_year=args.year, lever=None, fan=fan)
    return {"scenario": args.scenario, "probability": float(res.p_target),
            "draws": int(args.draws), "seed": int(args.seed), "bands": args.bands}


def _table(view, L) -> str:
    import pandas as pd

    t = view.table()
    rows = pd.DataFrame({
        L("outside.col.series"): t["geography"] + " (" + t["basis"] + ")",
        L("outside.col.years"): t["from_year"].astype(str) + "-" + t["to_year"].astype(str),
        L("outside.col.values"): [f"{L.percent(a, 2)} -> {L.percent(b, 2)}"
                                  for a, b in zip(t["from_value"], t["to_value"])],
        L("outside.col.change"): [L.number(100 * c, 2) for c in t["change"]],
        L("outside.col.in_class"): [L("outside.yes") if x else L("outside.no")
                                    for x in t["in_class"]],
        L("outside.col.source"): t["source"]})
    with pd.option_context("display.width", 250, "display.max_colwidth", 70):
        return rows.to_string(index=False)


def _cmd_outside_view(args) -> int:
    from hpresearch.calibration import calibrate
    from hpresearch.calibration.reference_class import (describe_change, left_out,
                                                        outside_view_probability,
                                                        pace_limit_of, share_changes,
                                                        summarise)
    from hpresearch.i18n import Localizer
    from hpresearch.results import json_ready

    L = Localizer(args.lang)
    cal = calibrate(args.boundary, args.basis)
    target, target_source = _target(args.boundary, args.year, args.target)
    changes = share_changes()
    view = outside_view_probability(cal.de_share, cal.year, target, args.year, changes,
                                    lang=args.lang)
    summary = summarise(changes)
    notes = left_out(lang=args.lang)
    rule = pace_limit_of(changes)
    model = _model_p(args, target)
    pace = {"value": cal.pace_limit, "source": cal.notes.get("pace_limit", "")}
    if args.format == "json":
        payload = {"boundary": args.boundary, "basis": args.basis,
                   "target_source": target_source, **view.to_dict(), "pace_limit": pace,
                   "reference_class": summary, "left_out": notes, "model": model}
        json.dump(json_ready(payload), sys.stdout, indent=2, ensure_ascii=False,
                  allow_nan=False)
        sys.stdout.write("\n")
        return 0
    out = [L("outside.title", n_all=len(changes), n=view.n), _table(view, L)]
    if view.n:
        out.append(L("outside.distribution", mean=L.number(100 * summary["mean"], 2),
                      quantiles="; ".join(L.number(100 * v, 2)
                                          for v in summary["quantiles"].values())))
        out.append(L("outside.fastest", change=describe_change(summary["fastest"], args.lang)))
    cross = summary["cross_source"]
    if cross["n"]:
        out.append(L("outside.cross", n=cross["n"],
                     change=describe_change(cross["fastest"], args.lang)))
    out += [f"{L('outside.left_out')}: {n}" for n in notes]
    if rule is not None:
        q = L.number(rule.quantile, 2)
        out.append(L("outside.pace_limit", limit=L.number(100 * pace["value"], 2), n=rule.n,
                     q=q, rule=L("outside.rule.fastest") if rule.quantile == 1.0
                     else L("outside.rule.quantile", q=q)))
    out.append(L("outside.required", target=L.percent(target, 1) + f" [{target_source}]",
                 base=L.percent(cal.de_share, 2), base_year=cal.year, target_year=args.year,
                 pace=L.number(100 * view.required_pace, 2)))
    out.append(L("outside.probability", p=L.number(view.probability, 2), basis=view.basis))
    out.append(L("outside.model", scenario=model["scenario"], p=L.number(model["probability"], 3),
                 draws=model["draws"], seed=model["seed"], bands=L(f"outside.bands.{args.bands}"))
               if model else L("outside.no_model"))
    sys.stdout.write("\n".join(out) + "\n")
    return 0
