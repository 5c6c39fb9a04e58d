"""Benchmark of the first ``make test`` on a fresh clone: setup (venv + install) and tests.

Clones the repository at ``--ref`` into a temporary folder and times, as separate steps,
``make setup`` (create ``.venv``, install the dependencies, the kernel) and then
``make test`` (setup already done, so only the tests). A fresh pip cache is used for every
run unless ``--warm-cache`` is given, so two refs are compared under the same conditions.

Compare the install from the lock with the previous method (``pip install -e .[dev]``,
resolving every dependency) by running it for the commit before the lock and for HEAD::

    python benchmarks/fresh_clone.py --ref <commit before the lock>
    python benchmarks/fresh_clone.py --ref HEAD

``--setup-only`` skips the tests. The figures are in ``benchmarks/README.md``.
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


def _run(cmd: list[str], cwd: Path, env: dict) -> tuple[float, int, str]:
    start = time.perf_counter()
    proc = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True)
    return time.perf_counter() - start, proc.returncode, proc.stdout + proc.stderr


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ref", default="HEAD", help="commit to clone (default HEAD)")
    parser.add_argument("--python", default="python3", help="interpreter for the venv")
    parser.add_argument("--setup-only", action="store_true")
    parser.add_argument("--warm-cache", action="store_true",
                        help="use the user's pip cache instead of an empty one")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="hpresearch-clone-") as tmp:
        clone = Path(tmp) / "clone"
        subprocess.run(["git", "clone", "--quiet", "--no-hardlinks", str(ROOT), str(clone)],
                       check=True)
        subprocess.run(["git", "checkout", "--quiet", args.ref], cwd=clone, check=True)
        commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=clone,
                                capture_output=True, text=True, check=True).stdout.strip()
        env = {k: v for k, v in os.environ.items()
               if k not in ("VIRTUAL_ENV", "PYTHONPATH", "HPRESEARCH_DATA_DIR")}
        if not args.warm_cache:
            env["PIP_CACHE_DIR"] = str(Path(tmp) / "pip-cache")
        setup, rc, log = _run(["make", "setup", f"PYTHON={args.python}"], clone, env)
        print(f"fresh clone of {commit}: make setup {setup:7.1f} s (exit {rc})")
        if rc != 0:
            print(log)
            sys.exit(rc)
        if args.setup_only:
            return
        tests, rc, log = _run(["make", "test", f"PYTHON={args.python}"], clone, env)
        summary = [line for line in log.splitlines() if " passed" in line or " failed" in line]
        print(f"fresh clone of {commit}: make test  {tests:7.1f} s (exit {rc}) "
              f"{summary[-1] if summary else ''}")
        for line in log.splitlines():
            if line.startswith(("FAILED ", "ERROR ")):
                print(f"  {line}")
        saved = ROOT / "benchmarks" / f"fresh_clone.{commit}.log"  # benchmarks/*.log: ignored
        saved.write_text(log, encoding="utf-8")
        print(f"  full output: {saved}")
        print(f"fresh clone of {commit}: total      {setup + tests:7.1f} s")


if __name__ == "__main__":
    main()
