"""Sourced observations: loading, validation, reconciliation, derivations, panel, series.

``hpresearch.data`` is the only part of the package that reads observation rows; everything
else asks it for values (see docs/architecture.md).

Public API (see docs/data.md):

- :func:`load_observations` — load and validate every observation file;
- :func:`check` — validation plus a :class:`CheckSummary`;
- :func:`sources` — every observation of an indicator, conflicts marked;
- :func:`preferred` — one value per (indicator, geography, year, basis) under a
  :class:`PreferenceRule` (default :data:`DEFAULT_RULE`);
- :func:`build_panel` — the model-ready annual :class:`Panel` per boundary and basis;
- series for the other layers (:mod:`hpresearch.data.series`): :func:`latest_by_year`,
  :func:`vintage_rows`, :func:`known_at` (what was published by an origin),
  :func:`vintage_series`, :func:`latest_observation`, :func:`de_share_history`,
  :func:`chart_observations`, :func:`targets`, :func:`cross_province_table`,
  :func:`national_de_series`, :func:`de_vintages`, :func:`national_adoption_series`,
  :func:`latest_adoption_series`, :func:`fdi_disbursement_ratios`.
"""
from hpresearch.data.load import CheckSummary, check, load_observations, mark_conflicts
from hpresearch.data.panel import PANEL_COLUMNS, Panel, build_panel
from hpresearch.data.reconcile import DEFAULT_RULE, PreferenceRule, preferred
from hpresearch.data.series import (BOUNDARY_GEOGRAPHIES, TARGET_INDICATORS, chart_observations,
                                    cross_province_table, de_share_history, de_vintages,
                                    fdi_disbursement_ratios, firm_capital_flows,
                                    largest_annual_rise, largest_share_revision,
                                    latest_adoption_series,
                                    latest_by_year, latest_observation, latest_stock,
                                    period_totals,
                                    national_adoption_series,
                                    national_de_series, national_fdi_series, observation_values,
                                    official_target, official_targets, share_series_keys,
                                    known_at, latest_per_year, select_rows, sources, targets, undated_rows,
                                    unscored_share_points, vintage_cutoff, vintage_rows,
                                    vintage_series, with_columns, year_estimate)
from hpresearch.data.vocabulary import BOUNDARIES, PANEL_BASES

__all__ = [
    "load_observations", "check", "sources", "mark_conflicts", "CheckSummary",
    "preferred", "PreferenceRule", "DEFAULT_RULE",
    "build_panel", "Panel", "PANEL_COLUMNS", "BOUNDARIES", "PANEL_BASES",
    "BOUNDARY_GEOGRAPHIES", "TARGET_INDICATORS",
    "latest_by_year", "vintage_rows", "latest_observation", "de_share_history",
    "share_series_keys", "unscored_share_points", "chart_observations", "targets",
    "cross_province_table", "national_de_series", "de_vintages", "national_adoption_series",
    "latest_adoption_series", "fdi_disbursement_ratios", "national_fdi_series",
    "firm_capital_flows", "official_target", "official_targets", "observation_values",
    "largest_share_revision", "largest_annual_rise", "latest_stock", "period_totals", "year_estimate",
    "known_at", "select_rows", "vintage_cutoff", "latest_per_year", "vintage_series",
    "undated_rows", "with_columns",
]
