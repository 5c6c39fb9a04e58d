"""Benchmark of the scenario explorer (issue 13), with baselines measured in the same run.

Goals: slider change -> recomputed results <= 20 ms; -> redrawn figure <= 150 ms;
uncertainty toggle with 2,000 draws -> fan redrawn <= 1 s.

Baselines, measured in this run:
* ``bare project``: one :func:`hpresearch.model.project` call with the same overrides and the
  calibration passed in (what the explorer calls for its results);
* ``matplotlib redraw``: ``savefig`` of the same, already built share-path Figure to PNG at
  the same resolution - the cost of drawing alone, without recomputing or rebuilding
  anything (the explorer draws once per change, see ``figure_png``).

Measured paths (a "slider change" alternates between two lever values so nothing is cached):
* results: ``ExplorerSession.set(fdi_digital_usd_bn=...)`` then ``.results``;
* figure: the same, then ``.figure`` rebuilt by ``share_path_figure`` and rendered to PNG;
* widget: moving the FDI slider of the ipywidgets ``Explorer`` (results, goal-seek of the
  required lever, numbers, chart PNG - everything the page updates);
* uncertainty: switching the toggle on (build_spec + simulate_spec, 2,000 draws, fan chart
  built and rendered to PNG), the setting changed between repeats.

Run: ``PYTHONPATH=. python benchmarks/bench_explore.py [--repeat N]``.
"""
from __future__ import annotations

import argparse
import io
import os
import statistics
import time
import warnings


def timed(fn, repeat: int) -> tuple[float, float]:
    """Median wall-clock and CPU seconds of ``repeat`` calls (after one warm-up call).

    The CPU time (this process) is what the call costs on a core of its own; on the shared
    2-core machine the wall-clock time also holds the waits for other people's processes.
    """
    fn()
    wall, cpu = [], []
    for _ in range(repeat):
        t, c = time.perf_counter(), time.process_time()
        fn()
        wall.append(time.perf_counter() - t)
        cpu.append(time.process_time() - c)
    return statistics.median(wall), statistics.median(cpu)


def main(argv=None) -> dict[str, float]:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=15)
    args = parser.parse_args(argv)
    warnings.simplefilter("ignore")

    from hpresearch.explore import ExplorerSession, explorer, figure_png
    from hpresearch.explore.widgets import CHART_DPI
    from hpresearch.model import project

    s = ExplorerSession("trend", boundary="merged", lang="vi")
    start = s.start_year
    values = iter(5.0 + 0.01 * (i % 50) for i in range(10 ** 6))

    def bare_project():
        project("trend", "merged", "gso", overrides={"fdi_digital_usd_bn": {start: 6.0}},
                calibration=s.calibration)

    def results():
        s.set(fdi_digital_usd_bn=next(values))
        return s.results

    def figure():
        s.set(fdi_digital_usd_bn=next(values))
        return figure_png(s.figure)

    fig = s.figure

    def redraw():
        buf = io.BytesIO()
        fig.savefig(buf, format="png", dpi=CHART_DPI)

    ex = explorer("trend", boundary="merged", lang="vi")
    slider = ex.rows["fdi_digital_usd_bn"].slider

    def widget():
        slider.value = round(next(values), 2)

    u = ExplorerSession("trend", boundary="merged", lang="vi", draws=2000)

    def uncertainty():
        u.set(uncertainty=False, fdi_digital_usd_bn=next(values))
        u.set(uncertainty=True)
        _ = u.numbers.p_target
        return figure_png(u.fan_figure)

    r = args.repeat
    load_start = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    out = {
        "bare_project": timed(bare_project, 3 * r),
        "redraw": timed(redraw, r),
        "results": timed(results, 3 * r),
        "figure": timed(figure, r),
        "widget": timed(widget, r),
        "uncertainty": timed(uncertainty, max(3, r // 3)),
    }
    ms = {k: v[0] * 1000 for k, v in out.items()}
    cpu = {k: v[1] * 1000 for k, v in out.items()}
    goals = {"results": 20, "figure": 150, "uncertainty": 1000}
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"load average (1 min) at the start: {load_start:.2f}, at the end: {load:.2f} "
          f"on {os.cpu_count()} cores")
    print(f"{'measurement':50s} {'wall':>9s} {'cpu':>9s} {'goal':>8s} {'wall ok':>8s} "
          f"{'/ project':>9s} {'/ redraw':>8s}")
    rows = [("bare model.project (baseline)", "bare_project"),
            ("matplotlib redraw of the same figure (baseline)", "redraw"),
            ("slider change -> results", "results"),
            ("slider change -> redrawn figure (PNG)", "figure"),
            ("widget slider -> numbers + goal-seek + chart", "widget"),
            ("uncertainty on, 2,000 draws -> fan (PNG)", "uncertainty")]
    for label, key in rows:
        goal = goals.get(key)
        ok = "" if goal is None else ("yes" if ms[key] <= goal else "no")
        print(f"{label:50s} {ms[key]:6.1f} ms {cpu[key]:6.1f} ms "
              f"{'' if goal is None else f'<= {goal}':>8s} {ok:>8s} "
              f"{ms[key] / ms['bare_project']:8.1f}x {ms[key] / ms['redraw']:7.2f}x")
    return ms


if __name__ == "__main__":
    main()
