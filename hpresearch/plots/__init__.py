"""Figures for hpresearch. Every function returns a :class:`matplotlib.figure.Figure`.

Functions live in topic modules (``data_overview``, ``projection``, ``uncertainty``) and are
re-exported here lazily, so ``from hpresearch.plots import fan_chart`` works without
importing every module (and matplotlib) at package import time.
"""
from __future__ import annotations

import importlib

_SUBMODULES = ("style", "data_overview", "projection", "uncertainty")


def __getattr__(name: str):
    if name in _SUBMODULES:
        return importlib.import_module(f"{__name__}.{name}")
    for sub in _SUBMODULES:
        module = importlib.import_module(f"{__name__}.{sub}")
        if hasattr(module, name) and not name.startswith("_"):
            return getattr(module, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
