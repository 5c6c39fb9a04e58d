"""How reports are made: plan, execute, place, export, index, provenance.

* :mod:`~hpresearch.render.plan` - validate scenarios, notebooks and parameters; build jobs;
* :mod:`~hpresearch.render.params` - the notebooks' ``parameters`` cells and their domains;
* :mod:`~hpresearch.render.jobs` - picklable job and result records, safe names;
* :mod:`~hpresearch.render.executor` - papermill on warm kernels (serial, local, dask);
* :mod:`~hpresearch.render.papermill_engine` - the warm-kernel papermill engine (entry point);
* :mod:`~hpresearch.render.placement` - atomic placement and failure records;
* :mod:`~hpresearch.render.export` - tables, provenance and metadata recovered from an
  executed notebook; CSV and XLSX;
* :mod:`~hpresearch.render.html` - code-free HTML;
* :mod:`~hpresearch.render.index` - ``reports/index.html``;
* :mod:`~hpresearch.render.provenance` - what produced a report's numbers;
* :mod:`~hpresearch.render.batch` - the whole batch (:func:`render`).

What a report *says* lives in :mod:`hpresearch.report`.
"""
from __future__ import annotations

import importlib

from hpresearch.render._speed import skip_slow_optional_imports

skip_slow_optional_imports()

_LAZY = {"plan": "plan", "render": "batch", "RenderSummary": "batch",
         "collect_provenance": ("provenance", "collect"), "write_index": "index"}


def __getattr__(name: str):
    target = _LAZY.get(name)
    if target is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    module, attr = (target, name) if isinstance(target, str) else target
    return getattr(importlib.import_module(f"{__name__}.{module}"), attr)
