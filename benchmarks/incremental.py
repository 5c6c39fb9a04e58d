"""Benchmark of incremental rendering: ``make reports`` run twice does the work once.

Runs the command ``make reports`` runs (``hpresearch render --all --lang all --jobs 2``)
three times into one fresh output folder, each a new process, as ``make reports`` would:

1. first run - every report is rendered (the baseline, measured in the same run);
2. second run - nothing changed, every report is up to date (goal: <= 0.1 x the first);
3. ``--force`` - every report rendered again (shows the skip is what saves the time).

Run: ``python benchmarks/incremental.py [--jobs N]``.
"""
from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ENV = dict(os.environ, PYTHONPATH=os.pathsep.join(
    [str(ROOT)] + [p for p in os.environ.get("PYTHONPATH", "").split(os.pathsep) if p]))


def _timed(cmd: list[str]) -> tuple[float, str]:
    start = time.perf_counter()
    proc = subprocess.run(cmd, cwd=ROOT, env=ENV, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if proc.returncode != 0:
        raise SystemExit(f"benchmark command failed ({proc.returncode}): {' '.join(cmd)}\n"
                         f"{proc.stderr[-2000:]}")
    return elapsed, proc.stdout.strip().splitlines()[-1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--jobs", type=int, default=2)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="hpresearch-bench-") as tmp:
        out = Path(tmp) / "reports"
        cmd = [sys.executable, "-m", "hpresearch", "render", "--all", "--lang", "all",
               "--jobs", str(args.jobs), "--out", str(out), "--no-progress"]
        first, first_line = _timed(cmd)
        second, second_line = _timed(cmd)
        forced, forced_line = _timed(cmd + ["--force"])
    ratio = second / first
    print(f"incremental rendering (default set, --jobs {args.jobs}):")
    print(f"  first run   {first:7.2f} s   {first_line}")
    print(f"  second run  {second:7.2f} s   {second_line}")
    print(f"  --force     {forced:7.2f} s   {forced_line}")
    print(f"  second / first = {ratio:.3f} (goal <= 0.1: {'met' if ratio <= 0.1 else 'NOT met'})")


if __name__ == "__main__":
    main()
