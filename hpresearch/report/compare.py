"""Scenario comparison: one row per scenario and boundary, and the required-investment chart."""
from __future__ import annotations

import math

import numpy as np
import pandas as pd

from hpresearch.report.facts import lever_unit, text_of
from hpresearch.i18n import Localizer


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


def required_chart(table: pd.DataFrame, lang: str):
    """Grouped bars: required lever (VND billion a year) per scenario and boundary."""
    from hpresearch.plots.style import new_figure

    L = Localizer(lang)
    fig, ax = new_figure(8.0, 4.0)
    names = list(dict.fromkeys(table["scenario"]))
    x = np.arange(len(names))
    for i, (boundary, color) in enumerate((("pre_merger", "#1b6ca8"), ("merged", "#d1495b"))):
        vals = [table[(table["scenario"] == n) & (table["boundary"] == boundary)]
                ["required_vnd_bn"].sum(min_count=1) for n in names]
        ax.bar(x + (i - 0.5) * 0.38, vals, width=0.38, color=color,
               label=L.label("boundary_short", boundary))
    ax.set_xticks(x, names)
    ax.set_ylabel(L("chart.required_axis"))
    ax.set_title(L("chart.required_title"))
    ax.yaxis.set_major_formatter(L.tick_formatter("number"))
    ax.legend(fontsize=8)
    return fig
