"""``hpresearch render``: batch-render bilingual, code-free reports from the notebooks."""
from __future__ import annotations

import argparse

from hpresearch.argspec import argtype
from hpresearch.i18n import LANGUAGES

_HELP = """\
Render report notebooks with papermill into OUT (default: reports/).

Examples:
  hpresearch render plan --lang en            one scenario report in English
  hpresearch render --all --lang all          the default set (make reports)
  hpresearch render trend plan --notebook 03_scenario_comparison
  hpresearch render --notebook 00_data_overview -p boundary merged
  hpresearch render my_scenario.yaml -p draws 2000 -p seed 7

Every scenario and -p parameter is validated before any kernel starts; unknown parameters
are errors. A failed report keeps the previous good one and leaves <name>.failed.ipynb
beside it; the other reports still render and the command exits with status 1. A report
whose inputs are unchanged (notebook, parameters, scenario chain, data, code, locked
dependencies) is not rendered again ("up to date"); --force renders it anyway.
"""


def register(subparsers) -> None:
    """Register ``render`` on the hpresearch sub-parser."""
    p = subparsers.add_parser(
        "render", help="render scenario reports (papermill → HTML, CSV, XLSX, index)",
        description=_HELP, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("scenarios", nargs="*", metavar="SCENARIO",
                   help="shipped scenario name or scenario YAML file")
    p.add_argument("--all", action="store_true", dest="all_scenarios",
                   help="every shipped scenario and (without --notebook) the default notebook set")
    p.add_argument("--notebook", action="append", default=[], metavar="NAME",
                   help="notebook to render (repeatable), e.g. 02_scenario_report or data_overview")
    p.add_argument("--lang", choices=LANGUAGES + ("all",), default="all",
                   help="report language (default: all = vi and en)")
    p.add_argument("--jobs", type=argtype("jobs", "--jobs"), default=None, metavar="N",
                   help="parallel worker processes (default: one per CPU)")
    p.add_argument("--out", default=None, metavar="DIR",
                   help="output folder (default: reports/); a folder or a new path, never a "
                        "file or a folder inside the package, notebooks or data")
    p.add_argument("-p", "--parameter", nargs=2, action="append", default=[],
                   metavar=("KEY", "VALUE"), help="notebook parameter (repeatable)")
    p.add_argument("--scheduler", type=argtype("text", "--scheduler"), default=None,
                   metavar="ADDRESS",
                   help="dask.distributed scheduler address (optional 'dask' extra)")
    p.add_argument("--timeout", type=argtype("timeout", "--timeout"), default=600, metavar="S",
                   help="per-cell execution timeout in whole seconds, 1..86400 (default: 600)")
    p.add_argument("--no-progress", action="store_true", help="no progress bar or status lines")
    p.add_argument("--force", action="store_true",
                   help="render every report again, even those up to date (a report is "
                        "skipped when its notebook, parameters, scenario chain, data, code "
                        "and locked dependencies are all unchanged)")
    p.set_defaults(func=run)


def run(args) -> int:
    """Validate the request, render, print a summary; 0 if every report succeeded."""
    from hpresearch.errors import UsageError
    from hpresearch.render import params as params_mod
    from hpresearch.textsafe import shorten
    from hpresearch.explore.standalone import write_explorer
    from hpresearch.render.batch import check_out_dir, render
    from hpresearch.render.plan import plan

    out = check_out_dir(args.out) if args.out else None  # before anything runs
    overrides = {}
    for key, raw in args.parameter:
        if key in overrides:
            raise UsageError(f"-p {shorten(key)}: given twice")
        overrides[key] = params_mod.parse_cli_value(raw)
    langs = LANGUAGES if args.lang == "all" else (args.lang,)
    jobs = plan(args.scenarios, all_scenarios=args.all_scenarios, notebooks=args.notebook,
                langs=langs, parameters=overrides, cell_timeout=args.timeout)
    import signal

    def _terminate(signum, frame):  # SIGTERM (CI cancel, `timeout`) ends a render like Ctrl-C:
        raise KeyboardInterrupt     # running reports get their failure records

    previous = signal.signal(signal.SIGTERM, _terminate)
    try:
        summary = render(jobs, out, n_jobs=args.jobs, scheduler=args.scheduler,
                         progress=not args.no_progress, force=args.force,
                         outputs=[("explorer.html", write_explorer)])
    finally:
        signal.signal(signal.SIGTERM, previous)
    n_skipped = len(summary.skipped)
    n_ok = len(summary.results) - len(summary.failed) - n_skipped
    fresh = f" ({n_skipped} up to date)" if n_skipped else ""
    print(f"rendered {n_ok} of {len(jobs)} reports{fresh} in {summary.seconds:.1f} s into "
          f"{summary.out_dir} (index: {summary.index})")
    for result in summary.failed:
        print(f"{'failed' if result.tried else 'not run'}: {result.job.stem}: {result.error}")
    return 0 if summary.ok else 1
