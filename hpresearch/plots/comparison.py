"""Scenario-comparison figures: the investment each scenario needs to reach the target.

Takes the table of :func:`hpresearch.report.compare.comparison_table` and returns a
:class:`matplotlib.figure.Figure` (never shown or saved here), with every text in ``lang``
and a one-sentence alt text (:func:`hpresearch.plots.alt_text`).
"""
from __future__ import annotations

from typing import Mapping

import numpy as np
import pandas as pd

from hpresearch.model.levers import money_unit
from hpresearch.plots.style import (BOUNDARY_COLORS, SMALL, headline, legend_below, localizer,
                                    new_figure, set_alt_text, set_title, set_ylabel, wrap)

_BOUNDARIES = ("pre_merger", "merged")


def required_chart(table: pd.DataFrame, *, lang: str = "en", title: str | None = None,
                   titles: Mapping[str, str] | None = None):
    """Grouped bars: the lever level needed a year per scenario and boundary, in the lever's unit.

    Parameters
    ----------
    table : DataFrame
        From :func:`hpresearch.report.compare.comparison_table` (columns ``scenario``,
        ``boundary``, ``lever``, ``required`` in the lever's unit, optional ``title``).
    lang : {"en", "vi"}
    title : str, optional
        Default: "Investment needed a year to reach the target: <lever>".
    titles : mapping, optional
        ``{scenario: human title}``; default the table's ``title`` column, else the names.
        Bars are labelled with the part of each title before its dash.

    Returns
    -------
    matplotlib.figure.Figure
        USD billion for the FDI lever, VND billion for the others
        (:func:`hpresearch.model.levers.money_unit`); a scenario that cannot reach the
        target within the lever's limits is marked "not reachable" instead of a bar.
    """
    L = localizer(lang)
    levers = list(dict.fromkeys(table["lever"])) if "lever" in table else []
    lever = levers[0] if levers else "core_domestic_investment_vnd_bn"
    unit = money_unit(lever)
    digits = 2 if unit == "usd_bn" else 0
    names = list(dict.fromkeys(table["scenario"]))
    if titles is None and "title" in table:
        titles = dict(zip(table["scenario"], table["title"]))
    titles = {n: str((titles or {}).get(n, n)) for n in names}
    fig, ax = new_figure(8.0, 4.6)
    x = np.arange(len(names))
    width = 0.38
    drawn = []
    for i, boundary in enumerate(_BOUNDARIES):
        rows = table[table["boundary"] == boundary]
        vals = [rows.loc[rows["scenario"] == n, "required"].astype(float).sum(min_count=1)
                for n in names]
        pos = x + (i - 0.5) * width
        bars = ax.bar(pos, vals, width=width, color=BOUNDARY_COLORS[boundary],
                      label=L.label("boundary_short", boundary))
        ax.bar_label(bars, labels=["" if pd.isna(v) else L.number(v, digits) for v in vals],
                     fontsize=SMALL, padding=2)
        for k, (p, v) in enumerate(zip(pos, vals)):
            if pd.isna(v):
                ax.annotate(L("chart.unreachable"), (p, 0), xytext=(0, 3),
                            textcoords="offset points", rotation=90, ha="center",
                            va="bottom", fontsize=7, color="#555555")
            else:
                drawn.append((float(v), titles[names[k]], boundary))
    ax.set_xticks(x, [wrap(headline(titles[n]), 18) for n in names], fontsize=SMALL + 1)
    top = max((v for v, _, _ in drawn), default=1.0)
    ax.set_ylim(0, top * 1.15 if top > 0 else 1.0)
    set_ylabel(ax, L.label("lever_unit", unit))
    ax.yaxis.set_major_formatter(L.tick_formatter("number"))
    lever_name = L.label("lever", lever)
    set_title(ax, title or L("chart.required_title_lever", lever=lever_name))
    legend_below(fig, ax)
    if drawn:
        v, name, boundary = max(drawn)
        text = L("alt.required", lever=lever_name, scenario=headline(name),
                 boundary=L.label("boundary_short", boundary), amount=L.money(v, unit, digits))
    else:
        text = L("alt.required_none", lever=lever_name)
    return set_alt_text(fig, text)
