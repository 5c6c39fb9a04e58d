"""Scenario-comparison figures: the investment each scenario needs to reach the target.

Takes the table of :func:`hpresearch.report.compare.comparison_table` and returns a
:class:`matplotlib.figure.Figure` (never shown or saved here), with every text in ``lang``
and a one-sentence alt text (:func:`hpresearch.plots.alt_text`).
"""
from __future__ import annotations

from typing import Mapping

import numpy as np
import pandas as pd

from hpresearch.data.vocabulary import BOUNDARIES
from hpresearch.parameters.levers import money_unit
from hpresearch.plots.style import (BOUNDARY_COLORS, SMALL, headline, legend_below, localizer,
                                    new_figure, set_alt_text, set_title, set_ylabel, wrap)

#: Bar order: the old city first, then the merged one (the one declaration of boundaries).
_BOUNDARIES = tuple(BOUNDARIES)


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
        (:func:`hpresearch.parameters.levers.money_unit`); a scenario that cannot reach the
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


def answer_chart(table: pd.DataFrame, *, boundary: str = "merged", lang: str = "en",
                 title: str | None = None):
    """The answer across scenarios: median 2030 share with its 80% band, against the targets.

    Parameters
    ----------
    table : DataFrame
        From :func:`hpresearch.report.compare.comparison_table` (columns ``scenario``,
        ``title``, ``boundary``, ``median_share``, ``p10``, ``p90``, ``official_target``,
        ``goal40``).
    boundary : {"merged", "pre_merger"}
        The rows drawn.
    lang : {"en", "vi"}
    title : str, optional

    Returns
    -------
    matplotlib.figure.Figure
        One horizontal bar per scenario (median) with the 80% band as a whisker; vertical
        lines at the official target and at the 40% goal (its merged-city equivalent on the
        merged boundary), labelled in ``lang``.
    """
    L = localizer(lang)
    rows = table[table["boundary"] == boundary].reset_index(drop=True)
    fig, ax = new_figure(8.0, 0.55 * max(len(rows), 1) + 1.8)
    y = np.arange(len(rows))[::-1]
    med = 100 * rows["median_share"].astype(float).to_numpy()
    lo = 100 * rows["p10"].astype(float).to_numpy()
    hi = 100 * rows["p90"].astype(float).to_numpy()
    ax.barh(y, med, height=0.55, color=BOUNDARY_COLORS[boundary], alpha=0.85,
            label=L("chart.answer_median"))
    ax.errorbar(med, y, xerr=[med - lo, hi - med], fmt="none", ecolor="#222222",
                elinewidth=1.2, capsize=4, label=L("chart.answer_band"))
    for yi, m in zip(y, med):
        ax.annotate(L.percent(m / 100), (m, yi), xytext=(3, 6), textcoords="offset points",
                    fontsize=SMALL, va="bottom")
    ax.set_yticks(y, [wrap(headline(str(t)), 28) for t in rows["title"]], fontsize=SMALL + 1)
    lines = []
    if len(rows):
        official = float(rows["official_target"].iloc[0])
        goal = float(rows["goal40"].iloc[0])
        ax.axvline(100 * official, color="#c0392b", ls="--", lw=1.3,
                   label=L("chart.answer_official", value=L.percent(official, 0)))
        lines.append(official)
        if abs(goal - official) > 1e-9:
            key = "chart.answer_goal_eq" if boundary == "merged" else "chart.answer_goal"
            ax.axvline(100 * goal, color="#7d3c98", ls=":", lw=1.5,
                       label=L(key, value=L.percent(goal)))
            lines.append(goal)
    top = max([float(np.nanmax(hi)) if len(hi) else 0.0] + [100 * v for v in lines]) * 1.12
    ax.set_xlim(0, top if top > 0 else 1.0)
    ax.xaxis.set_major_formatter(L.tick_formatter("number", 0))
    ax.set_xlabel(L("chart.answer_xlabel"))
    set_title(ax, title or L("chart.answer_title", boundary=L.label("boundary_short", boundary)))
    legend_below(fig, ax)
    if len(rows):
        best = int(np.nanargmax(med))
        text = L("alt.answer", n=len(rows), boundary=L.label("boundary_short", boundary),
                 best=headline(str(rows["title"].iloc[best])), share=L.percent(med[best] / 100),
                 target=L.percent(float(rows["official_target"].iloc[0]), 0))
    else:
        text = L("alt.answer_none", boundary=L.label("boundary_short", boundary))
    return set_alt_text(fig, text)
