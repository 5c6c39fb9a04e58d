"""Benchmark of report rendering (issue: scenario reports), all figures from one run.

(a) one scenario report through ``hpresearch render`` against the floor: papermill
    executing a notebook that only imports the same libraries (goal: ratio <= 1.3);
(b) the default batch with ``--jobs 2`` against ``--jobs 1`` (goal: <= 0.6);
(c) the default batch (``--jobs 2``) against a plain shell loop of ``papermill`` and
    ``jupyter nbconvert --no-input`` over the same notebooks and parameters (goal: <= 0.5).

Wall-clock times of complete command-line runs (new processes each time), median of
``--repeat`` runs for (a). Run: ``python benchmarks/render.py [--repeat N]``.
"""
from __future__ import annotations

import argparse
import os
import shlex
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import nbformat
from nbformat.v4 import new_code_cell, new_notebook

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
ENV = dict(os.environ, PYTHONPATH=os.pathsep.join(
    [str(ROOT)] + [p for p in os.environ.get("PYTHONPATH", "").split(os.pathsep) if p]))

FLOOR_IMPORTS = """import numpy, pandas, scipy.optimize, statsmodels.api, matplotlib, seaborn, babel
from hpresearch import i18n, model
from hpresearch.backtest import run_backtest
from hpresearch.uncertainty import montecarlo, sensitivity, spec
from hpresearch.plots import projection_charts as projection, uncertainty_charts as uncertainty
from hpresearch.render import params, provenance
from hpresearch.report import display, facts, narrative"""


def _timed(cmd: list[str] | str, shell: bool = False) -> float:
    start = time.perf_counter()
    proc = subprocess.run(cmd, shell=shell, cwd=ROOT, env=ENV, capture_output=True, text=True,
                          executable="/bin/bash" if shell else None)
    elapsed = time.perf_counter() - start
    if proc.returncode != 0:
        raise SystemExit(f"benchmark command failed ({proc.returncode}): {cmd}\n{proc.stderr[-2000:]}")
    return elapsed


def _render(args: list[str], out: Path) -> list[str]:
    return [sys.executable, "-m", "hpresearch", "render", *args, "--out", str(out), "--no-progress"]


def _kernel() -> str:
    from hpresearch.render.executor import kernel_name

    return kernel_name()


def _default_runs() -> list[tuple[str, dict]]:
    """(notebook, parameters) of the default set, as ``hpresearch render --all`` plans it."""
    from hpresearch.render.plan import plan

    return [(job.notebook_path, job.parameters) for job in plan(all_scenarios=True)]


def _shell_loop(runs, out: Path, kernel: str) -> str:
    lines = ["set -e"]
    for i, (nb, params) in enumerate(runs):
        target = out / f"run{i:02d}.ipynb"
        ps = " ".join(f"-p {shlex.quote(k)} {shlex.quote(str(v))}" for k, v in params.items())
        lines.append(f"{shlex.quote(str(BIN / 'papermill'))} {shlex.quote(nb)} "
                     f"{shlex.quote(str(target))} -k {kernel} --no-progress-bar {ps} >/dev/null 2>&1")
        lines.append(f"{shlex.quote(str(BIN / 'jupyter'))} nbconvert --to html --no-input "
                     f"{shlex.quote(str(target))} >/dev/null 2>&1")
    return "\n".join(lines)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3, help="runs of (a), median reported")
    args = parser.parse_args(argv)
    kernel = _kernel()
    with tempfile.TemporaryDirectory(prefix="hpresearch-bench-") as tmp:
        tmp = Path(tmp)
        floor_nb = tmp / "floor.ipynb"
        nb = new_notebook(cells=[new_code_cell(FLOOR_IMPORTS)])
        nb.metadata["kernelspec"] = {"name": kernel, "display_name": kernel, "language": "python"}
        nbformat.write(nb, floor_nb)
        _timed(_render(["plan", "--lang", "en", "--jobs", "1"], tmp / "warmup"))  # disk caches

        floor, single = [], []
        for i in range(args.repeat):
            floor.append(_timed([str(BIN / "papermill"), str(floor_nb), str(tmp / f"f{i}.ipynb"),
                                 "-k", kernel, "--no-progress-bar"]))
            single.append(_timed(_render(["plan", "--lang", "en", "--jobs", "1"], tmp / f"s{i}")))
        a_floor, a_single = statistics.median(floor), statistics.median(single)

        jobs1 = _timed(_render(["--all", "--lang", "all", "--jobs", "1"], tmp / "j1"))
        jobs2 = _timed(_render(["--all", "--lang", "all", "--jobs", "2"], tmp / "j2"))
        runs = _default_runs()
        loop_dir = tmp / "loop"
        loop_dir.mkdir()
        loop = _timed(_shell_loop(runs, loop_dir, kernel), shell=True)

    print(f"render benchmark ({len(runs)} reports in the default set, kernel {kernel}, "
          f"{os.cpu_count()} CPUs)")
    print(f"(a) one scenario report: hpresearch render {a_single:6.2f} s | papermill import-only "
          f"floor {a_floor:6.2f} s | ratio {a_single / a_floor:4.2f} (goal <= 1.3)")
    print(f"(b) default batch: --jobs 2 {jobs2:6.2f} s | --jobs 1 {jobs1:6.2f} s | "
          f"ratio {jobs2 / jobs1:4.2f} (goal <= 0.6)")
    print(f"(c) default batch: --jobs 2 {jobs2:6.2f} s | shell loop papermill + nbconvert "
          f"{loop:6.2f} s | ratio {jobs2 / loop:4.2f} (goal <= 0.5)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
