"""Scenario comparison: one row per scenario and boundary.

The required-investment chart drawn from this table is
:func:`hpresearch.plots.comparison.required_chart`.
"""
from __future__ import annotations

import math

import pandas as pd

from hpresearch.report.facts import lever_unit, text_of


def comparison_table(scenarios: dict, projections: dict, sims: dict, seeks: dict,
                     year: int, lang: str = "en") -> pd.DataFrame:
    """Side-by-side outcomes keyed by ``(scenario name, boundary)``.

    Columns: scenario, title, boundary, deterministic and median share in ``year``, 80%
    band, P(target), goal-seek status, required lever per year (lever unit and VND bn),
    as % of GRDP and as a multiple of the latest actual.
    """
    rows = []
    for (name, boundary), proj in projections.items():
        sim, gs = sims[(name, boundary)], seeks[(name, boundary)]
        b = sim.bands.loc[year]
        rows.append({
            "scenario": name, "title": text_of(scenarios[name], "title", lang, name),
            "boundary": boundary,
            "deterministic_share": float(proj.loc[year, "de_share"]),
            "median_share": float(b["p50"]), "p10": float(b["p10"]), "p90": float(b["p90"]),
            "p_target": sim.p_target, "status": gs.status, "lever": gs.lever,
            "unit": lever_unit(gs.lever),
            "required": gs.value if gs.reachable else math.nan,
            "required_vnd_bn": gs.value_vnd_bn if gs.reachable else math.nan,
            "required_pct_grdp": gs.pct_of_grdp if gs.reachable else math.nan,
            "ratio_to_latest": gs.ratio_to_latest if gs.reachable else math.nan,
        })
    return pd.DataFrame(rows)
