"""Sourced observations: loading, validation, reconciliation, derivations, panel, series.

``hpresearch.data`` is the only part of the package that reads observation rows; everything
else asks it for values (see docs/architecture.md, "Public API").

For users (docs/data.md, the notebooks):

- :func:`load_observations` — load and validate every observation file;
- :func:`check` — validation plus a :class:`CheckSummary`;
- :func:`sources` — every observation of an indicator, conflicts marked;
- :func:`select_rows` — the one row selection (indicator, geography, basis, unit, ...);
- :func:`preferred` — one value per (indicator, geography, year, basis) under a
  :class:`PreferenceRule` (default :data:`DEFAULT_RULE`);
- :func:`build_panel` — the model-ready annual :class:`Panel` per boundary and basis;
- :func:`latest_observation`, :func:`national_de_series`, :func:`de_vintages`.

For the other layers (calibration, backtest, plots, reports), which may not filter rows
themselves: the series of :mod:`hpresearch.data.series` listed in ``_EXPORTS`` below.

Modules are imported on first use.
"""
from __future__ import annotations

from hpresearch._lazy import lazy_exports

_EXPORTS = {
    # for users
    "load_observations": "load", "check": "load", "CheckSummary": "load",
    "sources": "series", "select_rows": "series", "preferred": "reconcile",
    "PreferenceRule": "reconcile", "DEFAULT_RULE": "reconcile", "build_panel": "panel",
    "Panel": "panel", "latest_observation": "series", "national_de_series": "series",
    "de_vintages": "series",
    # for the other layers
    "BOUNDARIES": "vocabulary", "BOUNDARY_GEOGRAPHIES": "series",
    "latest_by_year": "series", "latest_per_year": "series", "vintage_rows": "series",
    "vintage_series": "series", "known_at": "series", "undated_rows": "series",
    "with_columns": "series", "share_series_keys": "series",
    "unscored_share_points": "series", "de_share_history": "series",
    "chart_observations": "series", "targets": "series", "official_target": "series",
    "official_targets": "series", "observation_values": "series",
    "cross_province_table": "series", "national_adoption_series": "series",
    "latest_adoption_series": "series", "national_fdi_series": "series",
    "fdi_disbursement_ratios": "series", "firm_capital_flows": "series",
    "largest_share_revision": "series",
    "latest_stock": "series", "plant_expansion": "series", "period_totals": "series",
    "year_estimate": "series", "deflator_change": "panel",
}

__getattr__, __dir__, __all__ = lazy_exports(__name__, _EXPORTS)
