"""Figures of the data overview: every published figure, by basis, with the merger marked.

Each function returns a :class:`matplotlib.figure.Figure` (never shows or saves it). Text
comes from the report message catalogue, so the same call draws a Vietnamese or English
chart (``lang``), with Babel-formatted tick labels (``1.234,5`` in Vietnamese).
"""
from __future__ import annotations

import pandas as pd

from hpresearch.data import BOUNDARY_GEOGRAPHIES, chart_observations
from hpresearch.plots.style import BASIS_COLORS, MERGER_YEAR_FRACTION, new_figure
from hpresearch.i18n import Localizer

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


def indicator_chart(obs: pd.DataFrame, indicator: str, lang: str, boundary: str = "pre_merger",
                    unit: str | None = None, panel: pd.Series | None = None):
    """Every published annual figure of ``indicator`` for the boundary's geographies.

    Colour = measurement basis, marker = geography; conflicting figures (same cell,
    different published values) get a black ring; a dashed line marks the merger of
    1 July 2025. ``panel`` (a Series by year, in the same units) overlays the model-ready
    series chosen by the reconciliation rule.
    """
    L = Localizer(lang)
    geographies = BOUNDARY_GEOGRAPHIES[boundary]
    pts = chart_points(obs, indicator, geographies, unit)
    unit = unit or (pts["unit"].iloc[0] if len(pts) else "percent")
    fig, ax = new_figure(8.0, 4.2)
    percent = unit in ("percent", "percent_per_year")
    if panel is not None and len(panel.dropna()):
        s = panel.dropna()
        ax.plot(s.index.astype(float), s.to_numpy(dtype=float), color="#555555", lw=1.2,
                ls="-", alpha=0.7, label=L("chart.panel_series"), zorder=1)
    for g_i, geo in enumerate(geographies):
        for basis, grp in pts[pts["geography"] == geo].groupby("basis", sort=True):
            ax.scatter(grp["x"], grp["y"], s=36, marker=_MARKERS[g_i % len(_MARKERS)],
                       color=BASIS_COLORS.get(basis, "#777777"), zorder=3,
                       label=f"{L.label('geo', geo)} · {L.label('basis_short', basis)}")
    conflicts = pts[pts["conflict"]]
    if len(conflicts):
        ax.scatter(conflicts["x"], conflicts["y"], s=110, facecolors="none",
                   edgecolors="black", linewidths=1.2, zorder=4, label=L("chart.conflict"))
    ax.axvline(MERGER_YEAR_FRACTION, color="#444444", ls="--", lw=1, zorder=2)
    ax.text(MERGER_YEAR_FRACTION, 1.0, " " + L("chart.merger"), transform=ax.get_xaxis_transform(),
            va="top", ha="left", fontsize=8, color="#444444")
    ax.set_title(L(f"ind.{indicator}"))
    ax.set_xlabel(L("chart.year"))
    ax.set_ylabel(L(f"chart.unit.{unit}"))
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
    ax.legend(fontsize=8, loc="best", frameon=True)
    return fig


def _include_in_ylim(ax, values) -> None:
    """Widen the y-range so every value in ``values`` is drawn, with a 5% margin."""
    lo, hi = ax.get_ylim()
    vlo, vhi = float(min(values)), float(max(values))
    if vlo >= lo and vhi <= hi:
        return
    new_lo, new_hi = min(lo, vlo), max(hi, vhi)
    pad = 0.05 * (new_hi - new_lo)
    ax.set_ylim(new_lo - pad if vlo < lo else lo, new_hi + pad if vhi > hi else hi)
    if lo >= 0 and ax.get_ylim()[0] < 0:
        ax.set_ylim(0.0, ax.get_ylim()[1])


def share_by_basis_chart(obs: pd.DataFrame, lang: str, boundary: str = "pre_merger",
                         targets: pd.DataFrame | None = None):
    """Digital-economy share by basis with the targets drawn as open diamonds."""
    fig = indicator_chart(obs, "de_share", lang, boundary, "percent")
    ax = fig.axes[0]
    L = Localizer(lang)
    if targets is not None and len(targets):
        t = targets[targets["indicator"] == "de_share_target"]
        if len(t):
            ax.scatter(t["year"].astype(float), t["value"].astype(float) / 100.0, marker="D",
                       s=46, facecolors="white", edgecolors="#d1495b", linewidths=1.5,
                       zorder=5, label=L("chart.target"))
            ax.set_xlim(ax.get_xlim()[0], max(ax.get_xlim()[1], float(t["year"].max()) + 0.6))
            _include_in_ylim(ax, t["value"].astype(float) / 100.0)
            ax.legend(fontsize=8, loc="best")
    return fig


__all__ = ["OVERVIEW_INDICATORS", "BOUNDARY_GEOGRAPHIES", "chart_points", "indicator_chart",
           "share_by_basis_chart"]
