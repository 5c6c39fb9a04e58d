"""Figures for hpresearch. Every function returns a :class:`matplotlib.figure.Figure`.

Functions live in topic modules (``data_overview``, ``projection_charts``, ``uncertainty_charts``,
``comparison``), imported from there (``from hpresearch.plots import uncertainty_charts``);
modules are imported on first use, so importing the package does not import matplotlib.

Language: every public plot function takes ``lang`` (keyword, ``"en"`` or ``"vi"``,
default ``"en"``) and an optional ``title``, and draws every text from the message catalogue
(``hpresearch/locales/messages.yaml``) in that language, with Babel tick labels (years
without separators, the Vietnamese decimal comma). Nothing is translated after drawing.

Alt text: each function stores a one-sentence description of its chart, in the chart's
language and with its key number; read it with :func:`alt_text` (``alt_text(fig)``).
:func:`hpresearch.report.display.figure` uses it as the image's alt text.
"""
from __future__ import annotations

from hpresearch._lazy import lazy_exports

_EXPORTS = {"alt_text": "style"}

__getattr__, __dir__, __all__ = lazy_exports(__name__, _EXPORTS)
