"""Serve the scenario explorer as a page without code (Voilà): ``make explore``.

One place for how the explorer is served, used by ``make explore``, the browser tests and
``benchmarks/bench_explore_browser.py``:

* **preheated kernel** (``--preheat_kernel``, pool of one): Voilà runs the notebook before
  anyone asks, so a visitor gets a page that is ready at once (first use within 5 s, issue 20)
  instead of waiting 10-20 s for a kernel to start, import the package and calibrate; the
  pool refills in the background. Voilà never culls a pooled kernel.
* **idle kernels culled**: every visit holds a kernel (~290 MB); one idle for 10 minutes is
  shut down, checked every minute.
* **no external resources**: the ``hpresearch`` template (``jupyter/voila/templates``, put on
  ``JUPYTER_PATH``) is Voilà's lab template without the stylesheets it links from a CDN.

Run: ``python -m hpresearch.explore.serve [--ip IP] [--port PORT]``.
"""
from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

#: The notebook served (relative to the project root, the server's working folder).
NOTEBOOK = "notebooks/05_explorer.ipynb"
#: Jupyter data folder holding the ``hpresearch`` Voilà template.
JUPYTER_DATA = Path(__file__).resolve().parent / "jupyter"
#: Minutes a kernel may stay idle before it is shut down, and how often that is checked.
CULL_IDLE_MINUTES, CULL_EVERY_MINUTES = 10, 1

SETTINGS = [
    "--template=hpresearch",
    "--preheat_kernel=True", "--pool_size=1",
    f"--MappingKernelManager.cull_idle_timeout={60 * CULL_IDLE_MINUTES}",
    f"--MappingKernelManager.cull_interval={60 * CULL_EVERY_MINUTES}",
]


def voila_command(port: int, ip: str = "127.0.0.1") -> tuple[list[str], dict[str, str]]:
    """The Voilà command line and environment that serve the explorer on ``ip:port``.

    Run it with the project root as the working folder (the notebook's path is relative).
    """
    voila = Path(sys.executable).with_name("voila")
    env = dict(os.environ)
    env["JUPYTER_PATH"] = os.pathsep.join(
        [str(JUPYTER_DATA)] + [p for p in env.get("JUPYTER_PATH", "").split(os.pathsep) if p])
    return [str(voila), NOTEBOOK, "--no-browser", f"--Voila.ip={ip}", f"--port={port}",
            *SETTINGS], env


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ip", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8866)
    args = parser.parse_args(argv)
    cmd, env = voila_command(args.port, args.ip)
    try:
        return subprocess.call(cmd, env=env)
    except KeyboardInterrupt:
        return 0


if __name__ == "__main__":
    sys.exit(main())
