"""hpresearch: can Hai Phong's digital economy reach its target share of GRDP by 2030?

Sourced observations (:mod:`hpresearch.data`), calibration to them
(:mod:`hpresearch.calibration`), the projection model (:mod:`hpresearch.model`), uncertainty
and sensitivity (:mod:`hpresearch.uncertainty`), backtests (:mod:`hpresearch.backtest`),
plots (:mod:`hpresearch.plots`), what reports say (:mod:`hpresearch.report`), how they are
rendered (:mod:`hpresearch.render`), and the shared language support (:mod:`hpresearch.i18n`).
See docs/architecture.md.
"""
from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("hpresearch")
except PackageNotFoundError:  # running from a source tree without installation
    __version__ = "0.0.0+unknown"

__all__ = ["__version__"]
