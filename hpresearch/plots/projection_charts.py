"""Projection figures: share path against the target, and what moves the share (attribution).

Both functions take the DataFrames returned by :func:`hpresearch.model.projection` and return a
:class:`matplotlib.figure.Figure` (never shown or saved here), with every text in ``lang``
from the message catalogue and a one-sentence alt text (:func:`hpresearch.plots.alt_text`).
"""
from __future__ import annotations

from typing import Collection, Mapping

import pandas as pd

from hpresearch.plots.style import (BASIS_COLORS, MERGER_YEAR_FRACTION, TARGET_COLOR,
                                    include_in_ylim, legend_below, localizer, new_figure,
                                    right_label, set_alt_text, set_title, set_ylabel, top_label,
                                    year_axis)


def _as_mapping(projections) -> dict[str, pd.DataFrame]:
    if isinstance(projections, pd.DataFrame):
        return {projections.attrs.get("scenario", "projection"): projections}
    return dict(projections)


def share_path_figure(projections: pd.DataFrame | Mapping[str, pd.DataFrame],
                      history: pd.DataFrame | None = None, target: float | None = None,
                      target_year: int | None = None, *, lang: str = "en",
                      title: str | None = None, labels: Mapping[str, str] | None = None,
                      derived_years: Collection[int] = ()):
    """Digital-economy share path(s) vs the target, with history points and the merger marked.

    Parameters
    ----------
    projections : DataFrame or mapping name -> DataFrame
        Outputs of :func:`hpresearch.model.projection` (same boundary and basis). Each path
        is labelled ``labels[name]`` when given, else ``name`` (pass scenario titles).
    history : DataFrame, optional
        Panel values (``Calibration.history``) whose ``de_share`` is drawn as points.
    target, target_year : optional
        Default: ``attrs['target_share']`` / ``attrs['target_year']`` of the first projection.
    lang : {"en", "vi"}
    title : str, optional
        Default: the boundary and basis.
    labels : mapping, optional
    derived_years : collection of int, optional
        Years of ``history`` whose share is derived by the panel, not published (the merged
        city's 2025 start, converted from a 2021-2025 figure): drawn hollow and labelled as
        derived, never as observed.

    Returns
    -------
    matplotlib.figure.Figure
    """
    L = localizer(lang)
    runs = _as_mapping(projections)
    names = {n: str((labels or {}).get(n, n)) for n in runs}
    first = next(iter(runs.values()))
    target = first.attrs.get("target_share") if target is None else target
    target_year = first.attrs.get("target_year") if target_year is None else target_year
    boundary, basis = first.attrs.get("boundary", "?"), first.attrs.get("basis", "?")
    fig, ax = new_figure(8.0, 4.8)
    for name, df in runs.items():
        ax.plot(df.index, df["de_share"] * 100, marker="o", ms=3, label=names[name])
    if history is not None and "de_share" in history:
        h = history["de_share"].dropna()
        derived = h.index.isin(list(derived_years))
        color = BASIS_COLORS.get(basis, "black")
        name = L.label("basis_short", basis)
        if (~derived).any():
            ax.scatter(h.index[~derived], h.values[~derived] * 100, color=color, zorder=5,
                       s=40, label=L("chart.observed_basis", basis=name))
        if derived.any():
            ax.scatter(h.index[derived], h.values[derived] * 100, facecolors="white",
                       edgecolors=color, zorder=5, s=40,
                       label=L("chart.derived_basis", basis=name))
    if target is not None:
        ax.axhline(target * 100, color="grey", ls="--", lw=1)
        include_in_ylim(ax, [target * 100])
        if target_year is not None:
            ax.scatter([target_year], [target * 100], marker="*", s=160, color=TARGET_COLOR,
                       zorder=6, label=L("chart.target_in", share=L.percent(target, 0),
                                         year=int(target_year)))
        right_label(ax, target * 100, L("chart.target_line", share=L.percent(target, 0)),
                    color="#555555")
    lo, hi = ax.get_xlim()
    ax.set_xlim(lo, hi)
    year_axis(ax, L)
    ax.yaxis.set_major_formatter(L.tick_formatter("number"))
    if lo <= MERGER_YEAR_FRACTION <= hi:
        ax.axvline(MERGER_YEAR_FRACTION, color="black", lw=0.8, ls=":")
        top_label(ax, MERGER_YEAR_FRACTION, L("chart.merger"))
    ax.set_xlabel(L("chart.year"))
    set_ylabel(ax, L("chart.share_axis_current"))
    set_title(ax, title or L("chart.path_title", boundary=L.label("boundary_short", boundary),
                             basis=L.label("basis_short", basis)))
    legend_below(fig, ax)
    year = int(target_year) if target_year is not None and all(
        target_year in df.index for df in runs.values()) else int(first.index[-1])
    values = "; ".join(f"{names[n]} {L.percent(float(df.loc[year, 'de_share']))}"
                       for n, df in runs.items() if year in df.index)
    key = "alt.path" if target is not None else "alt.path_no_target"
    return set_alt_text(fig, L(key, year=year, values=values,
                               target=L.percent(target, 0) if target is not None else ""))


def attribution_figure(parts: pd.Series, *, lang: str = "en", title: str | None = None):
    """Why the share moves: each driver's contribution to its change, and the total.

    Parameters
    ----------
    parts : Series
        :func:`hpresearch.model.attribution.attribute` (fractions; ``attrs`` with
        ``total``, ``base_year``, ``year``).
    lang : {"en", "vi"}
    title : str, optional
        Default: ``attr.title``.

    Returns
    -------
    matplotlib.figure.Figure
        Horizontal bars in percentage points (drivers, then the total), zero line marked.
    """
    L = localizer(lang)
    a = parts.attrs
    names = [L(f"attr.part.{p}") for p in parts.index] + [L("attr.total")]
    values = [100 * float(v) for v in parts.values] + [100 * float(a["total"])]
    colors = ["#66a182" if v >= 0 else TARGET_COLOR for v in values[:-1]] + ["#444444"]
    fig, ax = new_figure(8.0, 3.8)
    y = list(range(len(values)))[::-1]
    ax.barh(y, values, color=colors, height=0.6)
    ax.axvline(0, color="black", lw=0.8)
    ax.set_yticks(y, names)
    span = max(abs(v) for v in values) or 1.0
    for yi, v in zip(y, values):
        ax.text(v + (0.02 if v >= 0 else -0.02) * span, yi, L.number(v, 1),
                va="center", ha="left" if v >= 0 else "right", fontsize=8)
    ax.set_xlim(-1.25 * span, 1.25 * span)
    ax.xaxis.set_major_formatter(L.tick_formatter("number"))
    ax.set_xlabel(L("attr.axis"))
    set_title(ax, title or L("attr.title", y0=a["base_year"], y1=a["year"]))
    listed = "; ".join(f"{n} {L.points(v / 100, 1)}" for n, v in zip(names[:-1], values[:-1]))
    return set_alt_text(fig, L("attr.alt", total=L.points(a["total"], 1), y0=a["base_year"],
                               y1=a["year"], parts=listed))
