"""``hpresearch explore --export FILE``: the single-file explorer on demand.

Writes the page ``make reports`` writes as ``reports/explorer.html``
(:mod:`hpresearch.explore.standalone`) for the scenarios asked for, on both boundaries,
from the reports' answers (same draws, seed and lever). Every argument and the target file
are checked before any work; the file is written through a temporary file and renamed into
place, so a failure leaves no half-written page.
"""
from __future__ import annotations

import argparse
import os
from pathlib import Path

from hpresearch.argspec import argtype
from hpresearch.defaults import DRAWS, REPORT_SEED

_HELP = """\
Write the scenario explorer as one self-contained HTML file (opens offline from file://,
Vietnamese and English, state in the URL). The numbers at each scenario's own setting are
the reports' (summary.csv); with a lever moved they are interpolated between computed
points (docs/explorer.md).

Examples:
  hpresearch explore --export explorer.html               every shipped scenario
  hpresearch explore --export plan.html --scenario plan --scenario trend
"""


def register(subparsers) -> None:
    """Register ``explore``."""
    p = subparsers.add_parser(
        "explore", help="write the single-file offline explorer (--export FILE)",
        description=_HELP, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--export", required=True, metavar="FILE",
                   help="the HTML file to write (its folder must exist)")
    p.add_argument("--scenario", action="append", default=[], metavar="NAME",
                   help="scenario to include (repeatable; default: every shipped scenario)")
    p.add_argument("--basis", "-s", type=argtype("basis", "--basis"), default="gso",
                   help="measurement basis (default gso, as the reports)")
    p.add_argument("--draws", type=argtype("explorer_draws", "--draws", ("draws",)), default=DRAWS,
                   help=f"Monte Carlo draws (default {DRAWS}, as the reports)")
    p.add_argument("--seed", type=argtype("seed", "--seed"), default=REPORT_SEED,
                   help=f"Monte Carlo seed (default {REPORT_SEED}, the reports')")
    p.add_argument("--force", action="store_true", help="replace an existing file")
    p.set_defaults(func=run)


def check_export_path(raw: str, force: bool = False) -> Path:
    """The file ``--export`` names, refused in one line before any work: a name no file can
    have, a folder or a link, an existing file without ``--force``, a missing or unwritable
    folder, or a place inside the package, the notebooks or the data."""
    from hpresearch.errors import UsageError, quoted
    from hpresearch.paths import (PACKAGE_DIR, data_dir, is_inside, notebooks_dir,
                                  path_problem, unwritable_reason)

    def refuse(rule: str) -> UsageError:
        return UsageError(f"--export: value {quoted(raw)} {rule}")

    problem = path_problem(raw)
    if problem is not None:
        raise refuse(problem)
    path = Path(os.path.abspath(raw))
    if os.path.islink(path) or (path.exists() and not path.is_file()):
        raise refuse("is a folder, a link or not a regular file; name a new file")
    if path.exists() and not force:
        raise refuse("exists; add --force to replace it")
    folder = path.parent
    if not folder.is_dir():
        raise refuse("is in a folder that does not exist")
    for name, protected in (("the hpresearch package", PACKAGE_DIR),
                            ("the notebooks folder", notebooks_dir()),
                            ("the data folder", data_dir())):
        if is_inside(folder.resolve(), Path(protected).resolve()):
            raise refuse(f"is inside {name}; choose another folder")
    reason = unwritable_reason(folder)
    if reason is not None:
        raise refuse(f"is in a folder that is not writable ({reason})")
    return path


def run(args) -> int:
    from hpresearch.explore.standalone import export
    from hpresearch.model.scenario import list_scenarios, load_scenario

    path = check_export_path(args.export, args.force)
    refs: dict[str, str] = {}                  # name -> what the user gave (name or file)
    for ref in args.scenario:
        refs.setdefault(load_scenario(ref).name, ref)   # checked before any work
    export(path, list(refs.values()) or list_scenarios(), basis=args.basis,
           draws=args.draws, seed=args.seed)
    print(path)
    return 0
