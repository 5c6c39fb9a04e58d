"""Build the report notebooks (``*.ipynb``) from the cell sources below.

The ``.ipynb`` files are committed without outputs; edit this file and run
``python notebooks/build.py`` to regenerate them. Each notebook has exactly one cell tagged
``parameters`` of typed, commented literals (so ``papermill --help-notebook`` documents
it); validation and derived values come after it; all computation lives in hpresearch.
"""
from __future__ import annotations

from pathlib import Path

import nbformat
from nbformat.v4 import new_code_cell, new_notebook

HERE = Path(__file__).resolve().parent
KERNELSPEC = {"name": "python3", "display_name": "Python 3 (ipykernel)", "language": "python"}

NOTEBOOKS: dict[str, list[str]] = {}

NOTEBOOKS["00_data_overview"] = [
    '''# Data overview: every published figure behind the model, by source and basis.
# Rendered by `hpresearch render --notebook 00_data_overview`; all text comes from the
# message catalogue (hpresearch/report/locales/messages.yaml), all numbers from data/.
from hpresearch import data
from hpresearch.plots import data_overview as charts
from hpresearch.report import display, narrative, overview, params, provenance
from hpresearch.report.i18n import Localizer''',
    '''boundary: str = "pre_merger"  # city boundary: pre_merger (before 1 July 2025) or merged
basis: str = "gso"  # digital-economy measurement basis: gso (official) or mic (MIC/PTIT)
lang: str = "vi"  # report language: vi or en''',
    '''params.check({"boundary": boundary, "basis": basis, "lang": lang}, "00_data_overview")
L = Localizer(lang)
obs = data.load_observations()
targets = overview.targets_table(obs, boundary)
geography = charts.BOUNDARY_GEOGRAPHIES[boundary][0]
latest_share = overview.latest(obs, "de_share", "hai_phong", basis)''',
    '''display.report_header({"title": L("nb.00_data_overview.title"),
                       "subtitle": L("txt.overview_subtitle"),
                       "boundary": boundary, "basis": basis}, L)''',
    '''display.heading(L("h.key_facts"))
display.paragraph(L("txt.no_share") if latest_share is None else narrative.latest_share(
    L, share=latest_share["value"] / 100, year=int(latest_share["year"]),
    basis=latest_share["basis"]))
display.paragraph(L("txt.overview_intro"))''',
    '''display.heading(L("h.charts"))
for indicator, unit in charts.OVERVIEW_INDICATORS[:-1]:
    display.figure(charts.indicator_chart(obs, indicator, lang, boundary, unit),
                   alt=L(f"ind.{indicator}"))
display.figure(charts.share_by_basis_chart(obs, lang, boundary, targets), alt=L("ind.de_share"))''',
    '''display.heading(L("h.targets"))
display.table(targets.assign(indicator=[L.label("ind", i) for i in targets["indicator"]],
                             geography=[L.label("geo", g) for g in targets["geography"]],
                             basis=[L.label("basis_short", b) for b in targets["basis"]]),
              "targets", L, {"value": "number"})''',
    '''display.heading(L("h.sources"))
display.paragraph(L("txt.sources_note"))
sources = overview.sources_table(obs, boundary, lang)
display.table(sources, "sources", L, {"value": "number"})''',
    '''display.heading(L("h.provenance"))
display.paragraph(L("txt.code_free"))
display.provenance(provenance.collect(None, boundary=boundary, basis=basis,
                                      parameters={"boundary": boundary, "basis": basis,
                                                  "lang": lang}), L)''',
]


def build(name: str, cells: list[str]) -> nbformat.NotebookNode:
    """Return the notebook ``name``: cell 2 is the ``parameters`` cell."""
    nb = new_notebook()
    nb.metadata["kernelspec"] = dict(KERNELSPEC)
    nb.metadata["language_info"] = {"name": "python"}
    for i, source in enumerate(cells):
        meta = {"tags": ["parameters"]} if i == 1 else {}
        cell = new_code_cell(source, metadata=meta)
        cell["id"] = f"{name[:2]}-{i:02d}"
        nb.cells.append(cell)
    return nb


def main() -> None:
    for name, cells in NOTEBOOKS.items():
        nb = build(name, cells)
        nbformat.write(nb, HERE / f"{name}.ipynb")


if __name__ == "__main__":
    main()
