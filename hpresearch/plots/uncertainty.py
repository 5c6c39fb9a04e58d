"""Uncertainty figures: fan chart, tornado, crossing-year distribution, backtest.

Every function returns a :class:`matplotlib.figure.Figure` built with
:func:`hpresearch.plots.style.new_figure`; nothing is shown or saved.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from hpresearch.plots.style import BASIS_COLORS, MERGER_YEAR_FRACTION, new_figure

_FAN_PAIRS = (("p5", "p95", 0.15), ("p10", "p90", 0.22), ("p25", "p75", 0.32))


def fan_chart(result, history: pd.DataFrame | None = None, title: str | None = None,
              show_merger: bool = True):
    """Fan chart of the digital-economy share: 5-95, 10-90, 25-75% bands and the median.

    Parameters
    ----------
    result : SimulationResult
        From :func:`hpresearch.uncertainty.simulate`.
    history : DataFrame, optional
        Observed points (``year``, ``de_share`` fraction, optional ``basis``); default
        ``result.history``.
    title : str, optional
    show_merger : bool
        Draw a vertical line at the 1 July 2025 merger with Hai Duong.

    Returns
    -------
    matplotlib.figure.Figure
    """
    fig, ax = new_figure()
    b = result.bands
    years = b.index.to_numpy(dtype=float)
    color = BASIS_COLORS.get(result.basis, "#1b6ca8")
    for lo, hi, alpha in _FAN_PAIRS:
        ax.fill_between(years, b[lo] * 100, b[hi] * 100, color=color, alpha=alpha, lw=0,
                        label=f"{lo[1:]}-{hi[1:]}%")
    ax.plot(years, b["p50"] * 100, color=color, lw=2, label="median")
    ax.plot(years, result.deterministic.reindex(b.index) * 100, color="black", lw=1, ls=":",
            label="deterministic")
    hist = history if history is not None else result.history
    if hist is not None and len(hist):
        h = hist.dropna(subset=["de_share"])
        if "basis" in h.columns:
            for basis, g in h.groupby("basis"):
                code = str(basis).split(",")[0]
                other_boundary = "pre-merger" in str(basis)
                col = BASIS_COLORS.get(code, "grey")
                ax.scatter(g["year"], g["de_share"] * 100, zorder=5, s=34,
                           facecolors="none" if other_boundary else col, edgecolors=col,
                           label=f"observed ({basis})")
        else:
            ax.scatter(h["year"], h["de_share"] * 100, color="black", zorder=5, s=28,
                       label="observed")
    ax.axhline(result.target * 100, color="#d1495b", ls="--", lw=1.2,
               label=f"target {result.target:.0%} by {result.target_year}")
    ax.axvline(result.target_year, color="#d1495b", ls=":", lw=0.8)
    lo_x = min(years.min(), float(hist["year"].min()) if hist is not None and len(hist) else years.min())
    if show_merger and lo_x <= MERGER_YEAR_FRACTION <= years.max() + 0.5:
        ax.axvline(MERGER_YEAR_FRACTION, color="grey", lw=1)
        ax.annotate("merger with Hai Duong (1 Jul 2025)", (MERGER_YEAR_FRACTION, ax.get_ylim()[0]),
                    xytext=(3, 4), textcoords="offset points", fontsize=8, color="grey",
                    rotation=90, va="bottom")
    ax.set_xlabel("year")
    ax.set_ylabel("digital economy, % of GRDP")
    ax.set_title(title or f"{result.scenario} ({result.boundary}, {result.basis}): "
                          f"P(share ≥ {result.target:.0%} in {result.target_year}) = "
                          f"{result.p_target:.2f}; {result.draws:,} draws, seed {result.seed}",
                 fontsize=10)
    ax.legend(fontsize=8, loc="best", ncol=2)
    return fig


def tornado_chart(table: pd.DataFrame, output: str = "share", top: int | None = 12,
                  title: str | None = None):
    """Tornado of one output: horizontal bars from the low-end to the high-end result.

    Parameters
    ----------
    table : DataFrame
        From :func:`hpresearch.uncertainty.scenario_tornado` (or :func:`tornado`).
    output : str
        Which output to draw (``share`` or ``p_target``).
    top : int, optional
        Keep the largest swings.
    """
    t = table[table["output"] == output].sort_values("swing", ascending=True)
    if top:
        t = t.tail(top)
    fig, ax = new_figure(8.0, max(2.5, 0.45 * len(t) + 1.2))
    scale = 100.0 if output == "share" else 1.0
    base = float(t["base"].iloc[0]) * scale if len(t) else 0.0
    y = np.arange(len(t))
    lo = t["output_low"].to_numpy() * scale
    hi = t["output_high"].to_numpy() * scale
    ax.barh(y, lo - base, left=base, color="#66a182", label="parameter at low end")
    ax.barh(y, hi - base, left=base, color="#edae49", label="parameter at high end")
    ax.axvline(base, color="black", lw=1)
    ax.set_yticks(y, [f"{p}  [{a:.3g}, {b:.3g}]" for p, a, b in
                      zip(t["parameter"], t["low"], t["high"])], fontsize=8)
    ax.set_xlabel("digital share in target year, % of GRDP" if output == "share"
                  else "P(share ≥ target in target year)")
    ax.set_title(title or f"One-at-a-time sensitivity: {output}", fontsize=10)
    ax.legend(fontsize=8, loc="lower right")
    return fig


def crossing_year_chart(result, title: str | None = None):
    """Bar chart of the first year the share reaches the target (plus 'not by horizon')."""
    fig, ax = new_figure(7.0, 4.0)
    c = result.crossing
    colors = ["#1b6ca8"] * (len(c) - 1) + ["#999999"]
    ax.bar(range(len(c)), c.to_numpy(), color=colors)
    ax.set_xticks(range(len(c)), c.index, rotation=45, ha="right", fontsize=8)
    ax.set_ylabel("probability")
    ax.set_ylim(0, 1)
    ax.set_title(title or f"First year the share reaches {result.target:.0%} "
                          f"({result.scenario}, {result.boundary}, {result.basis})", fontsize=10)
    return fig


def backtest_chart(result, series: str | None = None, title: str | None = None):
    """Backtest: outcomes vs model and naive forecasts by origin, with the model's 80% band.

    Parameters
    ----------
    result : BacktestResult
    series : str, optional
        Series to draw (default: the first in the forecasts table).
    """
    f = result.forecasts
    fig, ax = new_figure()
    if f.empty:
        ax.text(0.5, 0.5, "no backtest forecasts", ha="center", transform=ax.transAxes)
        return fig
    series = series or f["series"].iloc[0]
    f = f[f["series"] == series].astype({"year": float, "forecast": float, "actual": float,
                                          "lo80": float, "hi80": float})
    actual = f.drop_duplicates("year").sort_values("year")
    ax.plot(actual["year"], actual["actual"] * 100, color="black", marker="o", lw=2,
            label="published outcome")
    origins = sorted(f["origin"].unique())
    cmap = [c for c in ("#1b6ca8", "#d1495b", "#66a182", "#edae49", "#8d6a9f", "#3c3c3c")]
    for i, o in enumerate(origins):
        g = f[f["origin"] == o].sort_values("year")
        m, nv = g[g["method"] == "model"], g[g["method"] == "naive"]
        col = cmap[i % len(cmap)]
        ax.fill_between(m["year"], m["lo80"] * 100, m["hi80"] * 100, color=col, alpha=0.12, lw=0)
        ax.plot(m["year"], m["forecast"] * 100, color=col, lw=1.3, marker=".",
                label=f"model, origin {o}")
        ax.plot(nv["year"], nv["forecast"] * 100, color=col, lw=1, ls="--")
    s = result.scores
    s = s[s["series"] == series].set_index("method")
    note = "  ".join(f"{m}: MAE {s.loc[m, 'mae'] * 100:.2f} pp, MAPE {s.loc[m, 'mape']:.1f}%"
                     for m in s.index)
    years = pd.concat([actual["year"], f["year"]]).dropna()
    if len(years) and years.max() - years.min() < 2:  # one or two years: keep whole-year ticks
        ax.set_xlim(years.min() - 1, years.max() + 1)
    from matplotlib.ticker import MaxNLocator

    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_xlabel("year")
    ax.set_ylabel("percent")
    ax.set_title(title or f"Backtest: {series} (dashed = naive trend)\n{note}", fontsize=9)
    ax.legend(fontsize=7, ncol=2)
    return fig
