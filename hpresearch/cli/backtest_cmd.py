"""``hpresearch backtest``: rolling-origin backtest against a naive time-weighted trend."""
from __future__ import annotations

import json
import sys

from hpresearch.argspec import argtype
from hpresearch.cli.uncertainty_cmd import FORMATS, _emit


def register(subparsers) -> None:
    """Register ``backtest``."""
    b = subparsers.add_parser(
        "backtest", help="rolling-origin backtest against a naive time-weighted trend",
        description="For each origin year T, use only observations available at T (year and "
                    "publication date), forecast T+1..T+k and score against later-published "
                    "values: MAE, MAPE and 50%/80% band coverage, model vs naive trend.")
    b.add_argument("--origin-from", type=argtype("origin_from", "--origin-from"), default=2018,
                   help="first origin year, 2010..2025 (default 2018)")
    b.add_argument("--origin-to", type=argtype("origin_to", "--origin-to"), default=None,
                   help="last origin year, >= --origin-from (default: the last year with a "
                        "later outcome)")
    b.add_argument("--horizon", type=argtype("horizon_years", "--horizon"), default=3,
                   help="years ahead, 1..10 (default 3)")
    b.add_argument("--detail", action="store_true", help="print every forecast, not only the scores")
    b.add_argument("--format", choices=FORMATS, default="table")
    b.set_defaults(func=_cmd_backtest)



def _cmd_backtest(args) -> int:
    from hpresearch.backtest import run_backtest

    res = run_backtest(origin_from=args.origin_from, origin_to=args.origin_to,
                       horizon=args.horizon)
    df = res.forecasts if args.detail else res.scores
    if args.format == "json":
        payload = {"scores": json.loads(res.scores.to_json(orient="records")),
                   "forecasts": json.loads(res.forecasts.to_json(orient="records")),
                   "notes": res.notes}
        _emit(df, "json", payload)
        return 0
    _emit(df, args.format, header=["rolling-origin backtest (errors in fraction units; MAPE in %)"])
    if args.format == "table":
        for n in res.notes:
            sys.stdout.write(f"note: {n}\n")
    return 0
