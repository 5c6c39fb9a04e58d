"""``hpresearch backtest``: rolling-origin backtest of the engine and its benchmarks."""
from __future__ import annotations

import sys

from hpresearch.argspec import argtype
from hpresearch.cli.uncertainty_cmd import FORMATS, _emit
from hpresearch.defaults import BACKTEST_DRAWS, SEED

#: Score columns shown by ``--format table`` (csv and json carry every column).
TABLE_COLUMNS = ["series", "method", "mode", "bands", "n", "mae", "bias", "n_band",
                 "n_zero_width", "n_warmup", "coverage50", "ci50", "verdict50", "coverage80",
                 "ci80", "verdict80"]


def register(subparsers) -> None:
    """Register ``backtest``."""
    from hpresearch.uncertainty.fan_scaling import DEFAULT_METHOD, METHODS

    b = subparsers.add_parser(
        "backtest", help="rolling-origin backtest of the engine against statistical benchmarks",
        description="For each origin year T, use only observations available at T (year <= T "
                    "and published by T+1-03-31), forecast T+1..T+k with the projection engine "
                    "(calibrated at T; unconditional and, for shares, conditional on the "
                    "inputs published later) and with the ar1_logdrift and naive benchmarks, "
                    "and score against later-published values: n, MAE, bias, 50%/80% band "
                    "coverage with a 95% Clopper-Pearson interval and a verdict (too narrow / "
                    "too wide), for raw bands and for the engine's bands calibrated on the "
                    "errors known at each origin.")
    b.add_argument("--origin-from", type=argtype("origin_from", "--origin-from"), default=2018,
                   help="first origin year, 2010..2025 (default 2018)")
    b.add_argument("--origin-to", type=argtype("origin_to", "--origin-to"), default=None,
                   help="last origin year, >= --origin-from (default: the last year with a "
                        "later outcome)")
    b.add_argument("--horizon", type=argtype("horizon_years", "--horizon"), default=3,
                   help="years ahead, 1..10 (default 3)")
    b.add_argument("--draws", type=argtype("draws", "--draws"), default=None,
                   help=f"Monte Carlo draws at each origin (default {BACKTEST_DRAWS})")
    b.add_argument("--seed", type=argtype("seed", "--seed"), default=SEED,
                   help=f"Monte Carlo seed (default {SEED})")
    b.add_argument("--bands", choices=METHODS, default=DEFAULT_METHOD,
                   help=f"how the engine's bands are calibrated (default {DEFAULT_METHOD})")
    b.add_argument("--detail", action="store_true", help="print every forecast, not only the scores")
    b.add_argument("--format", choices=FORMATS, default="table")
    b.set_defaults(func=_cmd_backtest)


def _interval(lo, hi) -> str:
    import math

    return "" if not (math.isfinite(lo) and math.isfinite(hi)) else f"{lo:.2f}-{hi:.2f}"


def _cmd_backtest(args) -> int:
    from hpresearch.backtest import run_backtest

    res = run_backtest(origin_from=args.origin_from, origin_to=args.origin_to,
                       horizon=args.horizon, draws=args.draws or BACKTEST_DRAWS, seed=args.seed,
                       band_method=args.bands)
    if args.format == "json":
        _emit(res.scores, "json", res.to_dict())
        return 0
    if args.detail:
        df = res.forecasts
    elif args.format == "table":
        df = res.scores.assign(
            ci50=[_interval(a, b) for a, b in zip(res.scores["coverage_low50"],
                                                  res.scores["coverage_high50"])],
            ci80=[_interval(a, b) for a, b in zip(res.scores["coverage_low80"],
                                                  res.scores["coverage_high80"])])[TABLE_COLUMNS]
    else:
        df = res.scores
    s = res.settings
    _emit(df, args.format, header=[
        f"rolling-origin backtest, origins {s['origins'][0]}-{s['origins'][-1]}, horizon "
        f"{s['horizon']}, {s['draws']} draws, seed {s['seed']}; errors as fractions (0.01 = 1 pp) "
        "for growth and shares, relative for GRDP levels; coverage intervals Clopper-Pearson "
        "95%",
        f"calibrated bands: {s['band_calibration']['method_text']}"])
    if args.format == "table":
        fan = res.fan
        if fan is not None and len(fan.table):
            sys.stdout.write("fan calibration from every engine error known today "
                             f"({fan.n_errors} errors, {fan.method}; horizons beyond "
                             f"{fan.max_horizon} hold its values):\n")
            sys.stdout.write(fan.table.to_string(float_format=lambda x: f"{x:.3g}") + "\n")
        for n in res.notes:
            sys.stdout.write(f"note: {n}\n")
    return 0
