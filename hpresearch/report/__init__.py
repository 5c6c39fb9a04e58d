"""What a report says: headline facts, sentences, tables and displayed outputs.

* :mod:`~hpresearch.report.facts` - report-ready tables and headline numbers from results;
* :mod:`~hpresearch.report.narrative` - sentences generated from those numbers;
* :mod:`~hpresearch.report.display` - what a notebook displays (headings, tables, figures,
  provenance), with machine-readable payloads for the renderer;
* :mod:`~hpresearch.report.compare` - the cross-scenario comparison table;
* :mod:`~hpresearch.report.overview` - the data overview's tables.
* :mod:`~hpresearch.report.answers` - the answer for one scenario on one boundary
  (:func:`~hpresearch.report.answers.answer`), computed once per report set.

Language: :mod:`hpresearch.i18n`. How reports are executed and exported:
:mod:`hpresearch.render`. Modules are imported on first use.
"""
from __future__ import annotations

from hpresearch._lazy import lazy_exports

_EXPORTS: dict[str, str] = {}

__getattr__, __dir__, __all__ = lazy_exports(__name__, _EXPORTS)
