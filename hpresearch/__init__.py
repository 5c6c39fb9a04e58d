"""hpresearch: can Hai Phong's digital economy reach 40% of city GRDP by 2030?

Sourced observations (:mod:`hpresearch.data`), a two-block projection model
(:mod:`hpresearch.model`), uncertainty and sensitivity (:mod:`hpresearch.evidence`),
plots (:mod:`hpresearch.plots`) and bilingual report rendering (:mod:`hpresearch.report`).
"""
from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("hpresearch")
except PackageNotFoundError:  # running from a source tree without installation
    __version__ = "0.0.0+unknown"

__all__ = ["__version__"]
