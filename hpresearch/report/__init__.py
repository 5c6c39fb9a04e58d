"""What a report says: headline facts, sentences, tables and displayed outputs.

* :mod:`~hpresearch.report.facts` - report-ready tables and headline numbers from results;
* :mod:`~hpresearch.report.narrative` - sentences generated from those numbers;
* :mod:`~hpresearch.report.display` - what a notebook displays (headings, tables, figures,
  provenance), with machine-readable payloads for the renderer;
* :mod:`~hpresearch.report.compare` - the cross-scenario comparison table;
* :mod:`~hpresearch.report.overview` - the data overview's tables.

Language: :mod:`hpresearch.i18n`. How reports are executed and exported:
:mod:`hpresearch.render`. Modules are imported on first use.
"""
from __future__ import annotations

import importlib

_SUBMODULES = ("facts", "narrative", "display", "compare", "overview")


def __getattr__(name: str):
    if name in _SUBMODULES:
        return importlib.import_module(f"{__name__}.{name}")
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
