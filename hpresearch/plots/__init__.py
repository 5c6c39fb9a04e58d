"""Figures for hpresearch. Every function returns a :class:`matplotlib.figure.Figure`.

Functions live in topic modules (``data_overview``, ``projection_charts``, ``uncertainty_charts``,
``comparison``) and are re-exported here lazily, so ``from hpresearch.plots import
fan_chart`` works without importing every module (and matplotlib) at package import time.

Language: every public plot function takes ``lang`` (keyword, ``"en"`` or ``"vi"``,
default ``"en"``) and an optional ``title``, and draws every text from the message catalogue
(``hpresearch/locales/messages.yaml``) in that language, with Babel tick labels (years
without separators, the Vietnamese decimal comma). Nothing is translated after drawing.

Alt text: each function stores a one-sentence description of its chart, in the chart's
language and with its key number; read it with :func:`alt_text` (``alt_text(fig)``).
:func:`hpresearch.report.display.figure` uses it as the image's alt text.
"""
from __future__ import annotations

import importlib

_SUBMODULES = ("style", "data_overview", "projection_charts", "uncertainty_charts", "comparison")


def alt_text(fig, default: str = "") -> str:
    """The one-sentence description a plot function stored on ``fig`` (else ``default``)."""
    from hpresearch.plots.style import alt_text as _alt_text

    return _alt_text(fig, default)


def __getattr__(name: str):
    if name in _SUBMODULES:
        return importlib.import_module(f"{__name__}.{name}")
    for sub in _SUBMODULES:
        module = importlib.import_module(f"{__name__}.{sub}")
        if hasattr(module, name) and not name.startswith("_"):
            return getattr(module, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
