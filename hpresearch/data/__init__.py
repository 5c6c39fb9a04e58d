"""Sourced observations: loading, validation, reconciliation, derivations, panel.

Public API (see docs/data.md and docs/architecture.md):

- :func:`load_observations` — load and validate every observation file;
- :func:`check` — validation plus a :class:`CheckSummary`;
- :func:`sources` — every observation of an indicator, conflicts marked;
- :func:`preferred` — one value per (indicator, geography, year, basis) under a
  :class:`PreferenceRule` (default :data:`DEFAULT_RULE`);
- :func:`build_panel` — the model-ready annual :class:`Panel` per boundary and basis;
- :func:`national_de_series` / :func:`de_vintages` — Viet Nam's digital-economy share by
  vintage and its core/digitalised split.
"""
from hpresearch.data.load import CheckSummary, check, load_observations, sources
from hpresearch.data.panel import PANEL_COLUMNS, Panel, build_panel
from hpresearch.data.reconcile import DEFAULT_RULE, PreferenceRule, preferred
from hpresearch.data.series import de_vintages, national_de_series

__all__ = [
    "load_observations", "check", "sources", "CheckSummary",
    "preferred", "PreferenceRule", "DEFAULT_RULE",
    "build_panel", "Panel", "PANEL_COLUMNS",
    "national_de_series", "de_vintages",
]
