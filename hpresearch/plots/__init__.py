"""Figures for hpresearch. Every function returns a :class:`matplotlib.figure.Figure`.

Functions live in topic modules (``data_overview``, ``projection``, ``evidence``) and are
re-exported here lazily, so ``from hpresearch.plots import fan_chart`` works without
importing every module (and matplotlib) at package import time.
"""
from __future__ import annotations

import importlib

_SUBMODULES = ("style", "data_overview", "projection", "evidence")


def __getattr__(name: str):
    for sub in _SUBMODULES:
        try:
            module = importlib.import_module(f"{__name__}.{sub}")
        except ModuleNotFoundError as err:  # a topic module not written yet
            if err.name == f"{__name__}.{sub}":
                continue
            raise
        if hasattr(module, name) and not name.startswith("_"):
            return getattr(module, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
