"""Projection figures: share path against the target, and stacked value-added components.

Both functions take the DataFrames returned by :func:`hpresearch.model.projection` and return a
:class:`matplotlib.figure.Figure` (never shown or saved here).
"""
from __future__ import annotations

from typing import Mapping

import pandas as pd

from hpresearch.plots.style import BASIS_COLORS, MERGER_YEAR_FRACTION, new_figure


def _as_mapping(projections) -> dict[str, pd.DataFrame]:
    if isinstance(projections, pd.DataFrame):
        return {projections.attrs.get("scenario", "projection"): projections}
    return dict(projections)


def share_path_figure(projections: pd.DataFrame | Mapping[str, pd.DataFrame],
                      history: pd.DataFrame | None = None, target: float | None = None,
                      target_year: int | None = None, title: str | None = None):
    """Digital-economy share path(s) vs the target, with history points and the merger marked.

    Parameters
    ----------
    projections : DataFrame or mapping name -> DataFrame
        Outputs of :func:`hpresearch.model.projection` (same boundary and basis).
    history : DataFrame, optional
        Panel values (``Calibration.history``) whose ``de_share`` is drawn as points.
    target, target_year : optional
        Default: ``attrs['target_share']`` / ``attrs['target_year']`` of the first projection.
    title : str, optional

    Returns
    -------
    matplotlib.figure.Figure
    """
    runs = _as_mapping(projections)
    first = next(iter(runs.values()))
    target = first.attrs.get("target_share") if target is None else target
    target_year = first.attrs.get("target_year") if target_year is None else target_year
    boundary, basis = first.attrs.get("boundary", "?"), first.attrs.get("basis", "?")
    fig, ax = new_figure()
    for name, df in runs.items():
        ax.plot(df.index, df["de_share"] * 100, marker="o", ms=3, label=name)
    if history is not None and "de_share" in history:
        h = history["de_share"].dropna()
        ax.scatter(h.index, h.values * 100, color=BASIS_COLORS.get(basis, "black"), zorder=5,
                   s=40, label=f"observed ({basis})")
    if target is not None:
        ax.axhline(target * 100, color="grey", ls="--", lw=1)
        if target_year is not None:
            ax.scatter([target_year], [target * 100], marker="*", s=160, color="crimson",
                       zorder=6, label=f"target {target:.0%} in {target_year}")
    lo, hi = ax.get_xlim()
    if lo <= MERGER_YEAR_FRACTION <= hi:
        ax.axvline(MERGER_YEAR_FRACTION, color="black", lw=0.8, ls=":")
        ax.annotate("Hai Duong merger (1 Jul 2025)", (MERGER_YEAR_FRACTION, ax.get_ylim()[1]),
                    xytext=(3, -12), textcoords="offset points", fontsize=8)
    ax.set_xlabel("year")
    ax.set_ylabel("digital economy, % of GRDP (current prices)")
    ax.set_title(title or f"Digital-economy share - boundary {boundary}, basis {basis}")
    ax.legend(fontsize=8, loc="best")
    return fig


def components_figure(projection: pd.DataFrame, prices: str = "constant", title: str | None = None):
    """Stacked value added: core digital, digitalised other sectors, non-digital.

    Parameters
    ----------
    projection : DataFrame
        One output of :func:`hpresearch.model.projection`.
    prices : {"constant", "current"}
    title : str, optional

    Returns
    -------
    matplotlib.figure.Figure
    """
    if prices not in ("constant", "current"):
        raise ValueError("prices must be 'constant' or 'current'")
    df = projection
    cols = [(f"core_va_{prices}_vnd_bn", "core digital"),
            (f"digitalised_va_{prices}_vnd_bn", "digitalised other sectors"),
            (f"non_digital_va_{prices}_vnd_bn", "non-digital")]
    fig, ax = new_figure()
    ax.stackplot(df.index, *[df[c] / 1000 for c, _ in cols], labels=[lab for _, lab in cols],
                 alpha=0.85)
    base = df.index[0]
    ax.axvline(base, color="black", lw=0.8, ls=":")
    ax.annotate(f"base year {base}", (base, ax.get_ylim()[1]), xytext=(3, -12),
                textcoords="offset points", fontsize=8)
    unit = "2010 prices" if prices == "constant" else "current prices"
    ax.set_ylabel(f"value added, VND trillion ({unit})")
    ax.set_xlabel("year")
    a = df.attrs
    ax.set_title(title or f"GRDP components - {a.get('scenario', '')}, boundary "
                 f"{a.get('boundary', '?')}, basis {a.get('basis', '?')}")
    ax.legend(fontsize=8, loc="upper left")
    return fig
