"""Bilingual, code-free reports: i18n, narrative, provenance, rendering, HTML and index.

Submodules: :mod:`~hpresearch.report.i18n` (Babel formatting, message catalogue),
:mod:`~hpresearch.report.narrative` (sentences from results),
:mod:`~hpresearch.report.provenance`, :mod:`~hpresearch.report.display` (what notebooks
show), :mod:`~hpresearch.report.render` (batch rendering), :mod:`~hpresearch.report.html`
and :mod:`~hpresearch.report.index`. They are imported on first use, so importing this
package stays cheap.
"""
from __future__ import annotations

import importlib

_LAZY = {
    "Localizer": "i18n", "t": "i18n", "LANGUAGES": "i18n",
    "plan": "render", "render": "render", "RenderSummary": "render",
    "collect_provenance": ("provenance", "collect"),
    "write_index": "index",
}
_SUBMODULES = ("i18n", "narrative", "provenance", "display", "render", "html", "index",
               "tables", "params", "jobs", "executor", "figures")


def __getattr__(name: str):
    if name in _SUBMODULES:
        return importlib.import_module(f"{__name__}.{name}")
    target = _LAZY.get(name)
    if target is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    module, attr = (target, name) if isinstance(target, str) else target
    return getattr(importlib.import_module(f"{__name__}.{module}"), attr)
