"""Figures of the data overview: every published figure, by basis, with the merger marked.

Each function returns a :class:`matplotlib.figure.Figure` (never shows or saves it). Text
comes from the report message catalogue, so the same call draws a Vietnamese or English
chart (``lang``), with Babel-formatted tick labels (``1.234,5`` in Vietnamese), the legend
below the plot area, the merger labelled in the top margin and a one-sentence alt text
(:func:`hpresearch.plots.alt_text`).
"""
from __future__ import annotations

import pandas as pd

from hpresearch.data import BOUNDARY_GEOGRAPHIES, chart_observations
from hpresearch.plots.style import (BASIS_COLORS, MERGER_YEAR_FRACTION, TARGET_COLOR,
                                    include_in_ylim, legend_below, localizer, new_figure,
                                    set_alt_text, set_title, set_ylabel, top_label)

#: Indicators charted by the data overview with the unit each is drawn in.
OVERVIEW_INDICATORS = (
    ("grdp_current", "vnd_bn"),
    ("grdp_constant_2010", "vnd_bn"),
    ("grdp_growth_real", "percent"),
    ("total_investment", "vnd_bn"),
    ("fdi_registered", "usd_bn"),
    ("de_share", "percent"),
)
_MARKERS = ("o", "s", "^", "D", "v")


def chart_points(obs: pd.DataFrame, indicator: str, geographies, unit: str | None = None,
                 ) -> pd.DataFrame:
    """The annual observations an indicator chart draws (:func:`hpresearch.data.chart_observations`)
    with plot positions.

    Points sharing a year are spread horizontally (``x``) so that every conflicting figure
    stays visible; ``y`` is the published value (shares and rates as fractions).
    """
    sel = chart_observations(obs, indicator, geographies, unit).copy()
    unit = unit or (sel["unit"].iloc[0] if len(sel) else None)
    rank = sel.groupby("year").cumcount()
    size = sel.groupby("year")["year"].transform("size")
    sel["x"] = sel["year"] + (rank - (size - 1) / 2) * 0.12
    sel["y"] = sel["value"] / 100.0 if unit in ("percent", "percent_per_year") else sel["value"]
    return sel


def indicator_chart(obs: pd.DataFrame, indicator: str, boundary: str = "pre_merger",
                    unit: str | None = None, panel: pd.Series | None = None, *,
                    lang: str = "en", title: str | None = None):
    """Every published annual figure of ``indicator`` for the boundary's geographies.

    Colour = measurement basis, marker = geography; conflicting figures (same cell,
    different published values) get a black ring; a dashed line marks the merger of
    1 July 2025. ``panel`` (a Series by year, in the same units) overlays the model-ready
    series chosen by the reconciliation rule. ``title`` defaults to the indicator's name.
    """
    L = localizer(lang)
    geographies = BOUNDARY_GEOGRAPHIES[boundary]
    pts = chart_points(obs, indicator, geographies, unit)
    unit = unit or (pts["unit"].iloc[0] if len(pts) else "percent")
    fig, ax = new_figure(8.0, 4.6)
    percent = unit in ("percent", "percent_per_year")
    if panel is not None and len(panel.dropna()):
        s = panel.dropna()
        ax.plot(s.index.astype(float), s.to_numpy(dtype=float), color="#555555", lw=1.2,
                ls="-", alpha=0.7, label=L("chart.panel_series"), zorder=1)
    by_geo = dict(tuple(pts.groupby("geography", sort=False)))
    for g_i, geo in enumerate(geographies):
        if geo not in by_geo:
            continue
        for basis, grp in by_geo[geo].groupby("basis", sort=True):
            ax.scatter(grp["x"], grp["y"], s=36, marker=_MARKERS[g_i % len(_MARKERS)],
                       color=BASIS_COLORS.get(basis, "#777777"), zorder=3,
                       label=f"{L.label('geo', geo)} · {L.label('basis_short', basis)}")
    conflicts = pts[pts["conflict"]]
    if len(conflicts):
        ax.scatter(conflicts["x"], conflicts["y"], s=110, facecolors="none",
                   edgecolors="black", linewidths=1.2, zorder=4, label=L("chart.conflict"))
    ax.axvline(MERGER_YEAR_FRACTION, color="#444444", ls="--", lw=1, zorder=2)
    ax.set_xlabel(L("chart.year"))
    set_ylabel(ax, L(f"chart.unit.{unit}"))
    if len(pts):
        low, high = float(pts["y"].min()), float(pts["y"].max())
        span = high - low
        min_span = 0.10 if percent else 0.2 * max(abs(high), 1e-9)
        if span < min_span:
            mid = (low + high) / 2
            bottom = mid - min_span / 2
            if not percent or low >= 0:
                bottom = max(bottom, 0.0)
            ax.set_ylim(bottom, bottom + min_span * 1.1)
    ax.yaxis.set_major_formatter(L.tick_formatter("percent" if percent else "number"))
    ax.xaxis.set_major_formatter(L.tick_formatter("year"))
    ax.xaxis.get_major_locator().set_params(integer=True)
    if len(pts):
        ax.set_xlim(min(pts["x"].min(), 2026) - 0.6, max(pts["x"].max(), MERGER_YEAR_FRACTION) + 0.6)
    else:
        ax.text(0.5, 0.5, L("chart.no_data"), transform=ax.transAxes, ha="center")
    _finish(fig, ax, L, pts, indicator, unit, title)
    return fig


def _finish(fig, ax, L, pts, indicator, unit, title, extra_alt: str = "") -> None:
    """Merger label, title, legend below the plot and the alt text (after the limits are set)."""
    top_label(ax, MERGER_YEAR_FRACTION, L("chart.merger"))
    set_title(ax, title or L(f"ind.{indicator}"), fontsize=11)
    for legend in list(fig.legends):
        legend.remove()
    legend_below(fig, ax)
    name = L(f"ind.{indicator}")
    if len(pts):
        last = pts.sort_values(["year", "x"]).iloc[-1]
        text = L("alt.indicator", indicator=name, n=len(pts), first=int(pts["year"].min()),
                 last=int(pts["year"].max()), value=_value_text(L, last["y"], unit),
                 year=int(last["year"]), geo=L.label("geo", last["geography"]))
    else:
        text = L("alt.indicator_empty", indicator=name)
    set_alt_text(fig, text + (" " + extra_alt if extra_alt else ""))


def _value_text(L, y: float, unit: str) -> str:
    """A published value as the chart draws it (shares as percentages), with its unit."""
    if unit in ("percent", "percent_per_year"):
        return L.percent(y)
    if unit in ("vnd_bn", "usd_bn", "usd_mn"):
        return L.money(y, unit, 0 if unit == "vnd_bn" else 2)
    return f"{L.number(y)} {L.label('chart.unit', unit)}"


def share_by_basis_chart(obs: pd.DataFrame, boundary: str = "pre_merger",
                         targets: pd.DataFrame | None = None, *, lang: str = "en",
                         title: str | None = None):
    """Digital-economy share by basis with the targets drawn as open diamonds."""
    L = localizer(lang)
    fig = indicator_chart(obs, "de_share", boundary, "percent", lang=lang, title=title)
    ax = fig.axes[0]
    if targets is not None and len(targets):
        t = dict(tuple(targets.groupby("indicator"))).get("de_share_target")
        if t is not None and len(t):
            ax.scatter(t["year"].astype(float), t["value"].astype(float) / 100.0, marker="D",
                       s=46, facecolors="white", edgecolors=TARGET_COLOR, linewidths=1.5,
                       zorder=5, label=L("chart.target"))
            ax.set_xlim(ax.get_xlim()[0], max(ax.get_xlim()[1], float(t["year"].max()) + 0.6))
            include_in_ylim(ax, t["value"].astype(float) / 100.0, margin=0.05)
            for text in [x for x in ax.texts if getattr(x, "_hp_role", "") == "top_label"]:
                text.remove()  # placed again for the new x-limits
            pts = chart_points(obs, "de_share", BOUNDARY_GEOGRAPHIES[boundary], "percent")
            goals = "; ".join(f"{L.percent(v / 100.0, 0)} ({int(y)})" for y, v in
                              sorted(set(zip(t["year"].astype(int), t["value"].astype(float)))))
            _finish(fig, ax, L, pts, "de_share", "percent", title,
                    extra_alt=L("alt.targets", targets=goals))
    return fig


__all__ = ["OVERVIEW_INDICATORS", "BOUNDARY_GEOGRAPHIES", "chart_points", "indicator_chart",
           "share_by_basis_chart"]
