"""``reports/summary.csv`` and ``summary.xlsx``: one row per scenario x boundary.

The cross-run table users would otherwise assemble by hand: the 2030 share (median and
80% band), P(official target), P(40% goal or its merged-city equivalent) and the
requirement (median and P80), for every scenario of the report set on both boundaries.
Rows are read from the report set's result store (:mod:`hpresearch.report.store`) with the
parameters the reports used, so they are the numbers the reports show. Two charts
(``summary.vi.png``, ``summary.en.png``: the answer across scenarios for the merged city)
are drawn for the index. Each file is written only where no foreign file holds its name, and
recorded (:mod:`hpresearch.render.ownership`); a render refuses such a folder before it
starts (:data:`SUMMARY_FILES` are among the names it checks).
"""
from __future__ import annotations

import io
from pathlib import Path

from hpresearch.render.ownership import write_file

#: Parameters the summary takes from the report jobs (the comparison's first, then 02's).
_KEYS = ("basis", "target_year", "seed", "draws", "lever")


#: The files the summary writes in the output folder, with the single-file explorer that the
#: command line has the render write from the same answers
#: (:func:`hpresearch.explore.standalone.write_explorer`, an ``outputs`` entry of
#: :func:`hpresearch.render.batch.render`).
SUMMARY_FILES = ("summary.csv", "summary.xlsx", "summary.vi.png", "summary.en.png",
                 "explorer.html")

#: The notebooks whose reports the summary answers for.
SUMMARY_NOTEBOOKS = ("02_scenario_report", "03_scenario_comparison")


def reports_on_disk(out_dir: Path) -> list:
    """The good scenario and comparison reports in ``out_dir`` as job-like records
    (``notebook``, ``parameters``, ``notebook_path``), so that a render of one scenario
    keeps the others' rows in the summary."""
    from types import SimpleNamespace

    from hpresearch.paths import notebooks_dir
    from hpresearch.render.index import collect

    found = []
    for entry in collect(out_dir):
        good = entry.get("good") or {}
        if good.get("notebook") in SUMMARY_NOTEBOOKS:
            params = {k: v for k, v in (good.get("parameters") or {}).items()
                      if isinstance(v, (str, int, float, bool))}  # read back: plain values only
            found.append(SimpleNamespace(
                notebook=good["notebook"], parameters=params,
                notebook_path=str(notebooks_dir() / f"{good['notebook']}.ipynb")))
    return found


def _defaults(notebook_path) -> dict:
    """The notebook's own defaults of :data:`_KEYS` (its ``parameters`` cell, read by
    papermill), so the summary computes what a report run without ``-p`` shows."""
    import ast

    from hpresearch.render.params import notebook_parameters

    found = notebook_parameters(Path(notebook_path))
    return {k: ast.literal_eval(found[k]["default"]) for k in _KEYS if k in found}


def summary_request(jobs) -> dict | None:
    """Scenarios and parameters of the summary for a job list, or None (no scenario report)."""
    from hpresearch.model.scenario import list_scenarios

    relevant = [j for j in jobs if j.notebook in SUMMARY_NOTEBOOKS]
    if not relevant:
        return None
    relevant.sort(key=lambda j: j.notebook != "03_scenario_comparison")
    params = {**_defaults(relevant[0].notebook_path),
              **{k: relevant[0].parameters[k] for k in _KEYS if k in relevant[0].parameters}}
    refs: list[str] = []
    for job in relevant:
        if job.notebook == "03_scenario_comparison":
            names = [s for s in str(job.parameters.get("scenarios") or "").split(",") if s]
            refs += names or list_scenarios()
        elif job.parameters.get("scenario"):
            refs.append(str(job.parameters["scenario"]))
    return {"scenarios": list(dict.fromkeys(refs)), "params": params}


def summary_answers(out_dir: Path, jobs) -> list:
    """The answers of the summary for ``jobs`` and the scenario reports already in
    ``out_dir`` (:func:`reports_on_disk`), every scenario on both boundaries, from the result
    store (parameters from ``jobs`` first); ``[]`` without a scenario report."""
    from hpresearch.report.answers import answer

    request = summary_request(list(jobs) + reports_on_disk(out_dir))  # this run's first
    if request is None:
        return []
    p = request["params"]
    kw = {"basis": p["basis"], "year": int(p["target_year"]), "seed": int(p["seed"]),
          "draws": int(p["draws"]), "lever": p["lever"]}
    return [answer(ref, boundary=b, **kw) for b in ("merged", "pre_merger")
            for ref in request["scenarios"]]


def write_summary(out_dir: Path, jobs) -> list[Path]:
    """Write the summary files for ``jobs`` and the scenario reports already in ``out_dir``
    (:func:`summary_answers`); return the paths written (a name a foreign file holds is
    left alone)."""
    import matplotlib.pyplot as plt

    from hpresearch.plots import comparison as comparison_plots
    from hpresearch.render.export import csv_bytes, xlsx_bytes
    from hpresearch.report.answers import summary_table
    from hpresearch.report.compare import comparison_table

    answers = summary_answers(out_dir, jobs)
    if not answers:
        return []
    table = summary_table(answers)
    files = {"summary.csv": csv_bytes(table), "summary.xlsx": xlsx_bytes({"summary": table})}
    for lang in ("vi", "en"):
        fig = comparison_plots.answer_chart(comparison_table(answers, lang=lang),
                                            boundary="merged", lang=lang)
        buf = io.BytesIO()
        fig.savefig(buf, format="png", dpi=100, bbox_inches="tight", metadata={"Software": None})
        plt.close(fig)
        files[f"summary.{lang}.png"] = buf.getvalue()
    written = (write_file(out_dir, name, data) for name, data in files.items())
    return [path for path in written if path is not None]

