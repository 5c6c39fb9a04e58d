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
* :mod:`~hpresearch.render.batch` - the whole batch (:func:`~hpresearch.render.batch.render`);
* :mod:`~hpresearch.render.summary`, :mod:`~hpresearch.render.cache` - the summary table and
  incremental rendering. The result store the reports share is :mod:`hpresearch.report.store` (below
  :mod:`hpresearch.report`, which computes the answers through it); atomic writes are
  :mod:`hpresearch.fileio`.

What a report *says* lives in :mod:`hpresearch.report`. Modules are imported on first use.
"""
from __future__ import annotations

from hpresearch._lazy import lazy_exports
from hpresearch.render._speed import skip_slow_optional_imports

skip_slow_optional_imports()

# Nothing is re-exported: the function ``plan`` would shadow its module ``plan``. Callers
# use the modules (``hpresearch.render.batch.render``, ``hpresearch.render.plan.plan``).
_EXPORTS: dict[str, str] = {}

__getattr__, __dir__, __all__ = lazy_exports(__name__, _EXPORTS)
