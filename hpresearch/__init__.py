"""hpresearch: can Hai Phong's digital economy reach its target share of GRDP by 2030?

Sourced observations (:mod:`hpresearch.data`), calibration to them
(:mod:`hpresearch.calibration`), the projection model (:mod:`hpresearch.model`), uncertainty
and sensitivity (:mod:`hpresearch.uncertainty`), backtests (:mod:`hpresearch.backtest`),
plots (:mod:`hpresearch.plots`), what reports say (:mod:`hpresearch.report`), how they are
rendered (:mod:`hpresearch.render`), and the shared language support (:mod:`hpresearch.i18n`).
See docs/architecture.md.
"""
from __future__ import annotations

import re as _re
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path as _Path


def _source_version() -> str | None:
    """The version in the ``pyproject.toml`` beside this package (a source checkout): the
    version of the code actually running, even when another checkout is installed."""
    try:
        text = (_Path(__file__).resolve().parent.parent / "pyproject.toml").read_text("utf-8")
    except OSError:
        return None
    if not _re.search(r'^name\s*=\s*"hpresearch"', text, _re.M):
        return None
    match = _re.search(r'^version\s*=\s*"([^"]+)"', text, _re.M)
    return match.group(1) if match else None


__version__ = _source_version() or ""
if not __version__:
    try:
        __version__ = version("hpresearch")
    except PackageNotFoundError:  # neither a source checkout nor installed
        __version__ = "0.0.0+unknown"

__all__ = ["__version__"]
