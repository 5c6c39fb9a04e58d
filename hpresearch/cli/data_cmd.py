"""``hpresearch data …`` commands: check, sources, panel, datapackage."""
from __future__ import annotations

import json
import sys

from hpresearch.cli.options import add_boundary_basis
from hpresearch.textsafe import csv_frame

_FORMATS = ("table", "csv", "json")


def register(subparsers) -> None:
    """Register ``data`` and its sub-commands on the hpresearch sub-parser."""
    p = subparsers.add_parser("data", help="validate and inspect the sourced observations",
                              description="Validate and inspect the sourced observations.")
    sub = p.add_subparsers(dest="data_command", metavar="SUBCOMMAND",
                           parser_class=type(p))

    c = sub.add_parser("check", help="validate every observation file and summarise",
                       description="Validate every observation file; print a short summary. "
                       "Exit 2 with one line naming file, row, column, value and rule on "
                       "the first problem; a row with an empty quote (no original wording) "
                       "is a problem too. The summary counts the quotes per quote kind.")
    q = c.add_mutually_exclusive_group()
    q.add_argument("--allow-missing-quotes", dest="require_quotes", action="store_false",
                   help="work in progress: accept rows with an empty quote and only count "
                   "them in the summary (default: such a row is an error)")
    q.add_argument("--require-quotes", dest="require_quotes", action="store_true",
                   help="reject a row whose quote is empty (the default; kept for scripts)")
    c.set_defaults(require_quotes=True)
    _data_dir(c)
    c.set_defaults(func=_check)

    s = sub.add_parser("sources", help="every observation of an indicator with its source",
                       description="Every observation of INDICATOR with its source and "
                       "quote; cells with conflicting values are marked '*'.")
    s.add_argument("indicator", metavar="INDICATOR")
    s.add_argument("--geography", "-g", metavar="G", default=None)
    s.add_argument("--format", "-f", choices=_FORMATS, default="table")
    _data_dir(s)
    s.set_defaults(func=_sources)

    pn = sub.add_parser("panel", help="the model-ready annual panel with methods",
                        description="Print the annual panel for one boundary and basis, "
                        "then the provenance (method, obs_ids, note) of every value.")
    add_boundary_basis(pn)
    pn.add_argument("--format", "-f", choices=_FORMATS, default="table")
    _data_dir(pn)
    pn.set_defaults(func=_panel)

    dp = sub.add_parser("datapackage", help="write data/datapackage.json from the vocabulary",
                        description="Regenerate the Frictionless data package "
                        "data/datapackage.json (or check that it is current with --check).")
    dp.add_argument("--check", action="store_true", help="exit 2 if the file is out of date")
    _data_dir(dp)
    dp.set_defaults(func=_datapackage)

    def _help(args):
        p.print_help()
        return 2

    p.set_defaults(func=_help)


def _data_dir(parser) -> None:
    parser.add_argument("--data-dir", metavar="DIR", default=None,
                        help="data folder (holding observations/), an observations folder "
                        "or one CSV (default: the shipped data or $HPRESEARCH_DATA_DIR)")


def _check(args) -> int:
    from hpresearch.data import check

    summary = check(args.data_dir, require_quotes=args.require_quotes)
    print("\n".join(summary.lines()))
    return 0


def _sources(args) -> int:
    from hpresearch.data import sources

    df = sources(args.indicator, args.geography, path=args.data_dir)
    cols = ["obs_id", "indicator", "geography", "period", "year", "period_type", "value",
            "qualifier", "unit", "basis", "price_basis", "conflict", "confidence",
            "published", "publisher", "source_url", "quote", "quote_kind", "note_en", "file",
            "line"]
    if args.format == "csv":
        csv_frame(df[cols]).to_csv(sys.stdout, index=False)
        return 0
    if args.format == "json":
        json.dump(df[cols].to_dict(orient="records"), sys.stdout, ensure_ascii=False, indent=1)
        print()
        return 0
    n_conf = df.loc[df["conflict"], ["geography", "period", "basis", "unit"]].drop_duplicates()
    where = f" in {args.geography}" if args.geography else ""
    print(f"{args.indicator}{where}: {len(df)} observations; {len(n_conf)} cells with "
          "conflicting values (marked *)")
    qual = {"gt": ">", "gte": ">=", "lt": "<", "lte": "<=", "approx": "~",
            "range_low": "range from ", "range_high": "range to "}
    for _, r in df.iterrows():
        mark = "*" if r["conflict"] else " "
        val = f"{qual.get(r['qualifier'], '')}{r['value']:,.6g} {r['unit']}"
        print(f"{mark} {r['geography']} {r['period']} [{r['basis']}, {r['period_type']}] {val} "
              f"(confidence {r['confidence']}; published {r['published'] or 'n/a'}; "
              f"{r['obs_id']})")
        print(f"    source: {r['publisher']} — {r['source_url']}")
        if r["quote"]:
            kind = f" ({r['quote_kind']})" if r["quote_kind"] else ""
            print(f"    quote{kind}: \"{r['quote']}\"")
        if r["note_en"]:
            print(f"    note: {r['note_en']}")
    return 0


def _panel(args) -> int:
    import pandas as pd

    from hpresearch.data import build_panel

    panel = build_panel(args.boundary, args.basis, path=args.data_dir)
    if args.format == "csv":
        csv_frame(panel.provenance).to_csv(sys.stdout, index=False)
        return 0
    if args.format == "json":
        out = {"boundary": panel.boundary, "basis": panel.basis,
               "rule": panel.rule.describe(),
               "values": json.loads(panel.values.reset_index().to_json(orient="records")),
               "provenance": panel.provenance.to_dict(orient="records")}
        json.dump(out, sys.stdout, ensure_ascii=False, indent=1, default=str)
        print()
        return 0
    print(f"panel: boundary={panel.boundary} basis={panel.basis}")
    print("preference rule: " + " | ".join(panel.rule.describe()))
    vals = panel.values.dropna(how="all")
    with pd.option_context("display.width", 200, "display.max_columns", 20,
                           "display.max_rows", 200):
        print(vals.to_string(float_format=lambda v: f"{v:,.4f}" if abs(v) < 10 else f"{v:,.0f}"))
    print()
    print("provenance (method, obs_ids, note; '!' = flagged):")
    for _, r in panel.provenance.iterrows():
        flag = "!" if r["flagged"] else " "
        print(f"{flag} {r['year']} {r['variable']} = {r['value']:,.6g}  [{r['method']}]  "
              f"{r['obs_ids']}" + (f"  — {r['note']}" if r["note"] else ""))
    anchor = panel.calibration_point()
    print()
    print("calibration point: " + "; ".join(
        f"{k} {v['year']} = {v['value']:,.6g} ({v['method']})" for k, v in anchor.items()))
    return 0


def _datapackage(args) -> int:
    import os
    from pathlib import Path

    from hpresearch import safeyaml
    from hpresearch.data.schema import datapackage, write_datapackage
    from hpresearch.errors import DataValidationError, error_message
    from hpresearch.paths import data_dir, path_problem

    if args.data_dir and path_problem(args.data_dir):
        raise DataValidationError(error_message(where="--data-dir", value=args.data_dir,
                                                rule=path_problem(args.data_dir)))
    base = Path(args.data_dir) if args.data_dir else data_dir()
    obs = base / "observations"
    if not base.is_dir() or not obs.is_dir() or not any(obs.glob("*.csv")):
        raise DataValidationError(error_message(
            where="--data-dir" if args.data_dir else "data folder", value=str(base),
            rule="is not a data folder: it has no observations/*.csv (datapackage.json is "
                 "written only into the folder that holds the observations it describes)"))
    target = base / "datapackage.json"
    if target.is_symlink() or (target.exists() and not target.is_file()):
        raise DataValidationError(error_message(
            where=str(target), rule="exists and is not a regular file (a link, pipe or "
                                    "folder is never replaced)"))
    old = os.environ.get("HPRESEARCH_DATA_DIR")
    os.environ["HPRESEARCH_DATA_DIR"] = str(base)  # describe *this* data folder
    try:
        want = datapackage()
        if not args.check:
            print(write_datapackage(target))
            return 0
    finally:
        if old is None:
            os.environ.pop("HPRESEARCH_DATA_DIR", None)
        else:
            os.environ["HPRESEARCH_DATA_DIR"] = old
    have = None
    if target.exists():
        raw = safeyaml.read_limited(target, str(target), error=DataValidationError,
                                    max_bytes=16 << 20)
        try:
            have = json.loads(raw.decode("utf-8"))
        except (UnicodeDecodeError, ValueError, RecursionError):
            raise DataValidationError(error_message(
                where=str(target), rule="is not valid JSON or is nested too deeply (regenerate "
                                        "it with `hpresearch data datapackage`)")) from None
    if have != want:
        raise DataValidationError(f"{target}: out of date with hpresearch/data/vocabulary.py "
                                  "(run `hpresearch data datapackage`)")
    print(f"ok: {target} is current")
    return 0
