"""The interactive scenario explorer: sliders on the levers and the main drivers, a live
chart and live numbers, uncertainty on demand, "save as scenario" (ipywidgets; Voilà serves
it as a standalone page).

* :mod:`~hpresearch.explore.controls` - what can be changed: levers, the sensitivity
  drivers, the targets with their sources, typed values read as the CLI reads them;
* :mod:`~hpresearch.explore.session` - the state and every answer, without widgets
  (:class:`ExplorerSession`: ``set``, ``state``, ``results``, ``figure``, ``save_scenario``);
* :mod:`~hpresearch.explore.widgets` - the ipywidgets interface (:func:`explorer`,
  :class:`Explorer`).

``explorer`` and ``Explorer`` import ipywidgets; ``ExplorerSession`` does not.
"""
from __future__ import annotations

from importlib import import_module

#: The notebook that opens the explorer (``make lab``; ``make explore`` serves it with Voilà).
#: It is interactive, not a rendered report, so ``hpresearch render`` does not run it.
NOTEBOOK = "05_explorer"

_EXPORTS = {
    "explorer": "widgets", "Explorer": "widgets", "figure_png": "widgets",
    "ExplorerSession": "session", "Numbers": "session",
    "Control": "controls", "TargetOption": "controls", "top_drivers": "controls",
    "lever_controls": "controls", "target_options": "controls", "parse_typed": "controls",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str):
    if name in _EXPORTS:
        return getattr(import_module(f"hpresearch.explore.{_EXPORTS[name]}"), name)
    raise AttributeError(f"module 'hpresearch.explore' has no attribute {name!r}")
