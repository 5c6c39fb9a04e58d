"""The interactive scenario explorer: sliders on the levers and the main drivers, a live
chart and live numbers, uncertainty on demand, "save as scenario" (ipywidgets; Voilà serves
it as a standalone page).

* :mod:`~hpresearch.explore.controls` - what can be changed: levers, the sensitivity
  drivers, the targets with their sources, typed values read as the CLI reads them;
* :mod:`~hpresearch.explore.session` - the state and every answer, without widgets
  (:class:`ExplorerSession`: ``set``, ``state``, ``results``, ``figure``, ``save_scenario``);
* :mod:`~hpresearch.explore.widgets` - the ipywidgets interface (:func:`explorer`,
  :class:`Explorer`);
* :mod:`~hpresearch.explore.standalone` - the single-file offline explorer
  (``reports/explorer.html``, ``hpresearch explore --export``): no Python, no server.

``explorer`` and ``Explorer`` import ipywidgets; ``ExplorerSession`` does not.
"""
from __future__ import annotations

from hpresearch._lazy import lazy_exports

#: The notebook that opens the explorer (``make lab``; ``make explore`` serves it with Voilà).
#: It is interactive, not a rendered report, so ``hpresearch render`` does not run it.
NOTEBOOK = "05_explorer"

_EXPORTS = {
    "explorer": "widgets", "Explorer": "widgets", "figure_png": "widgets",
    "ExplorerSession": "session",
}

__getattr__, __dir__, __all__ = lazy_exports(__name__, _EXPORTS)
