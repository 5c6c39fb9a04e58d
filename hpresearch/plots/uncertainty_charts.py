"""Uncertainty figures: fan chart, tornado, crossing-year distribution, backtest.

Every function returns a :class:`matplotlib.figure.Figure` built with
:func:`hpresearch.plots.style.new_figure`; nothing is shown or saved. Each draws its text in
``lang`` from the message catalogue (``chart.*`` keys), formats ticks with the Babel tick
formatters of :mod:`hpresearch.i18n`, and stores a one-sentence alt text
(:func:`hpresearch.plots.alt_text`).
"""
from __future__ import annotations

import re

import numpy as np
import pandas as pd

from hpresearch.plots.style import (BASIS_COLORS, MERGER_YEAR_FRACTION, SMALL, TARGET_COLOR,
                                    band_pairs, include_in_ylim, legend_below, localizer,
                                    new_figure, right_label, set_alt_text, set_title, set_ylabel,
                                    shade, top_label, wrap, year_axis)


def observed_label(L, basis: str) -> tuple[str, str, bool]:
    """Legend label, basis code and 'other boundary' flag of a history ``basis`` value.

    History rows carry ``"<basis>"`` or, for the pre-merger points drawn on the merged
    boundary, ``"<basis>, pre-merger HP"`` (:func:`hpresearch.data.de_share_history`).
    """
    code = str(basis).split(",")[0].strip()
    other = "pre-merger" in str(basis)
    name = L.label("basis_short", code)
    key = "chart.observed_basis_pre_merger" if other else "chart.observed_basis"
    return L(key, basis=name), code, other


def fan_chart(result, history: pd.DataFrame | None = None, *, lang: str = "en",
              title: str | None = None, show_merger: bool = True,
              scenario_title: str | None = None):
    """Fan chart of the digital-economy share: nested percentile bands, median, deterministic.

    When ``result.bands`` holds the deciles (``p10``/``p90`` … ``p40``/``p60``) the decile
    bands are drawn (80%, 60%, 40%, 20%), darker towards the centre as in the Bank of
    England's fan chart (Britton, Fisher & Whitley 1998); otherwise every symmetric pair of
    percentile columns (``p5``/``p95``, ``p10``/``p90``, ``p25``/``p75`` …).

    Parameters
    ----------
    result : SimulationResult
        From :func:`hpresearch.uncertainty.simulate`.
    history : DataFrame, optional
        Observed points (``year``, ``de_share`` fraction, optional ``basis``); default
        ``result.history``.
    lang : {"en", "vi"}
        Language of every text in the chart.
    title : str, optional
        Default: the scenario and its probability of reaching the target.
    show_merger : bool
        Draw a vertical line at the 1 July 2025 merger with Hai Duong.
    scenario_title : str, optional
        Human title of the scenario for the default title (default: ``result.scenario``).

    Returns
    -------
    matplotlib.figure.Figure
    """
    L = localizer(lang)
    fig, ax = new_figure(8.0, 5.0)
    b = result.bands
    years = b.index.to_numpy(dtype=float)
    color = BASIS_COLORS.get(result.basis, "#1b6ca8")
    pairs = band_pairs(b.columns)
    deciles = [p for p in pairs if p[0] in ("p10", "p20", "p30", "p40")]
    if len(deciles) == 4:
        pairs = deciles
    for i, (lo, hi, level) in enumerate(pairs):  # widest first, each darker than the last
        strength = 0.18 + 0.52 * (i + 1) / len(pairs)
        digits = 0 if abs(level * 100 - round(level * 100)) < 1e-6 else 1
        ax.fill_between(years, b[lo] * 100, b[hi] * 100, color=shade(color, strength), lw=0,
                        label=L("chart.band" if result.calibrated else "chart.band_model",
                                level=L.percent(level, digits)))
    if "p50" in b:
        ax.plot(years, b["p50"] * 100, color=color, lw=2, label=L("chart.median"))
    ax.plot(years, result.deterministic.reindex(b.index) * 100, color="black", lw=1.2, ls=":",
            label=L("chart.deterministic"))
    hist = history if history is not None else result.history
    if hist is not None and len(hist):
        h = hist.dropna(subset=["de_share"])
        if "basis" in h.columns:
            for basis, g in h.groupby("basis"):
                label, code, other = observed_label(L, basis)
                col = BASIS_COLORS.get(code, "grey")
                ax.scatter(g["year"], g["de_share"] * 100, zorder=5, s=34,
                           facecolors="none" if other else col, edgecolors=col, label=label)
        else:
            ax.scatter(h["year"], h["de_share"] * 100, color="black", zorder=5, s=28,
                       label=L("chart.observed"))
    target_pct = result.target * 100
    ax.axhline(target_pct, color=TARGET_COLOR, ls="--", lw=1.2)
    ax.axvline(result.target_year, color=TARGET_COLOR, ls=":", lw=0.8)
    include_in_ylim(ax, [target_pct])
    lo_x = min(years.min(), float(hist["year"].min()) if hist is not None and len(hist)
               else years.min())
    ax.set_xlim(lo_x - 0.4, years.max() + 0.4)
    year_axis(ax, L)
    ax.yaxis.set_major_formatter(L.tick_formatter("number"))
    right_label(ax, target_pct, L("chart.target_line", share=L.percent(result.target, 0)))
    if show_merger and lo_x <= MERGER_YEAR_FRACTION <= years.max() + 0.5:
        ax.axvline(MERGER_YEAR_FRACTION, color="grey", lw=1)
        top_label(ax, MERGER_YEAR_FRACTION, L("chart.merger"), color="#555555")
    ax.set_xlabel(L("chart.year"))
    set_ylabel(ax, L("chart.share_axis"))
    year = int(result.target_year)
    prob = L.percent(result.p_target, 0)
    set_title(ax, title or L("chart.fan_title" if result.calibrated else "chart.fan_title_model",
                             scenario=scenario_title or result.scenario,
                             target=L.percent(result.target, 0), year=year, prob=prob))
    legend_below(fig, ax)
    at = b.loc[year] if year in b.index else b.iloc[-1]
    if pairs and "p50" in b:
        # the 80% band when drawn (as in the headline numbers), else the widest band
        lo, hi, level = next((p for p in pairs if abs(p[2] - 0.8) < 1e-9), pairs[0])
        text = L("alt.fan", year=year, median=L.percent(float(at["p50"])),
                 level=L.percent(level, 0), low=L.percent(float(at[lo])),
                 high=L.percent(float(at[hi])), target=L.percent(result.target, 0), prob=prob)
    else:
        text = L("alt.fan_simple", year=year, target=L.percent(result.target, 0), prob=prob)
    return set_alt_text(fig, text)


def _parameter_title(name: str, L, registry=None, labels=None) -> str:
    """Human title of a tornado row: ``labels``, the registry's title, or the code."""
    if labels and name in labels:
        return str(labels[name])
    if name.startswith("shock:"):
        return L("chart.shock", name=_parameter_title(name[6:], L, registry, labels))
    if registry is not None and name in registry:
        return registry[name].text("title", L.lang)
    return name


def _short_number(value: float, L) -> str:
    """Up to three significant digits in the language's decimal mark (0.3 -> ``0,3``)."""
    value = float(value)
    if abs(value) < 5e-7:  # a root-finder's zero, e.g. 5.75e-11
        return L.number(0.0, 0)
    text = f"{value:.3g}"
    digits = 0 if "e" in text or "." not in text else len(text.split(".")[1])
    return L.number(value, digits)


def tornado_chart(table: pd.DataFrame, output: str = "share", top: int | None = 12, *,
                  lang: str = "en", title: str | None = None, registry=None,
                  labels: dict | None = None):
    """Tornado of one output: horizontal bars from the low-end to the high-end result.

    Parameters
    ----------
    table : DataFrame
        From :func:`hpresearch.uncertainty.scenario_tornado` (or :func:`tornado`).
    output : {"share", "p_target"}
        Which output to draw.
    top : int, optional
        Keep the largest swings.
    lang : {"en", "vi"}
    title : str, optional
    registry : mapping, optional
        Parameter registry (:func:`hpresearch.parameters.load_registry`): rows are labelled with
        each parameter's title in ``lang``; without it, with ``labels`` or the codes.
    labels : dict, optional
        ``{parameter: title}``, used before the registry.

    Each row label carries the parameter's range as ``low – high`` (``từ low đến high`` in
    Vietnamese), so a decimal comma is never read as a list separator.
    """
    L = localizer(lang)
    t = table[table["output"] == output].sort_values("swing", ascending=True)
    if top:
        t = t.tail(top)
    fig, ax = new_figure(8.0, max(3.2, 0.5 * len(t) + 1.8))
    scale = 100.0
    base = float(t["base"].iloc[0]) * scale if len(t) else 0.0
    y = np.arange(len(t))
    lo = t["output_low"].to_numpy(dtype=float) * scale
    hi = t["output_high"].to_numpy(dtype=float) * scale
    low_bars = ax.barh(y, lo - base, left=base, color="#66a182")
    high_bars = ax.barh(y, hi - base, left=base, color="#edae49")
    centre = ax.axvline(base, color="black", lw=1)
    names = [_parameter_title(p, L, registry, labels) for p in t["parameter"]]
    ax.set_yticks(y, [wrap(n, 46) + "\n" + L("chart.range", low=_short_number(a, L),
                                             high=_short_number(b_, L))
                      for n, a, b_ in zip(names, t["low"], t["high"])], fontsize=7.5,
                  linespacing=1.35)
    ax.set_ylim(-0.6, len(t) - 0.4)
    if output == "p_target":  # a probability: stay within 0-100%
        left, right = ax.get_xlim()
        left, right = max(left, 0.0), min(right, 100.0)
        ax.set_xlim(left, right if right - left > 1.0 else left + 5.0)
    ax.xaxis.set_major_formatter(L.tick_formatter("number"))
    ax.set_xlabel(L("chart.tornado_share_axis") if output == "share"
                  else L("chart.tornado_p_axis"))
    default = L("fig_title.tornado") if output == "share" else L("chart.tornado_p_title")
    set_title(ax, title or default)
    legend_below(fig, ax, [low_bars, high_bars, centre],
                 [L("chart.low_end"), L("chart.high_end"),
                  L("chart.central", value=L.percent(base / scale))])
    if len(t):
        r = t.iloc[-1]
        text = L("alt.tornado", name=names[-1], low=L.percent(float(r["output_low"])),
                 high=L.percent(float(r["output_high"])), base=L.percent(base / scale))
    else:
        text = L("alt.tornado_empty")
    return set_alt_text(fig, text)


def _crossing_label(label, L) -> str:
    """Tick label of a crossing-year bin: the year, or "not by <year>" in ``L.lang``.

    :func:`hpresearch.uncertainty.montecarlo.crossing_years` labels the bins with each
    year and a last ``"not by <last year>"`` bin.
    """
    text = str(label)
    if text.isdigit():
        return text
    year = re.search(r"(\d{4})", text)
    return L("chart.not_by", year=year.group(1) if year else "")


def crossing_year_chart(result, *, lang: str = "en", title: str | None = None):
    """Bars of the first year the share reaches the target (plus 'not by the end year').

    Probabilities are drawn in percent and each bar is labelled with its percentage; the
    y-range follows the tallest bar.
    """
    L = localizer(lang)
    fig, ax = new_figure(7.5, 4.2)
    c = result.crossing.astype(float)
    values = c.to_numpy()
    n = len(c)
    colors = ["#1b6ca8"] * (n - 1) + ["#999999"]
    bars = ax.bar(range(n), values, color=colors[:n])
    ax.set_xticks(range(n), [wrap(_crossing_label(i, L), 12) for i in c.index], fontsize=SMALL)
    top = float(values.max()) if n else 1.0
    ax.set_ylim(0, min(1.0, top) * 1.15 if top > 0 else 1.0)
    from matplotlib.ticker import FixedLocator, MaxNLocator

    ymax = ax.get_ylim()[1]
    ticks = MaxNLocator(nbins=5, steps=[1, 2, 2.5, 5, 10]).tick_values(0, ymax)
    ax.yaxis.set_major_locator(FixedLocator([t for t in ticks
                                             if -1e-9 <= t <= min(1.0, ymax) + 1e-9]))
    ax.yaxis.set_major_formatter(L.tick_formatter("percent"))
    pct = [("" if v == 0 else f"<{L.percent(0.01, 0)}" if v < 0.005 else L.percent(v, 0))
           for v in values]
    ax.bar_label(bars, labels=pct, fontsize=SMALL, padding=2)
    set_ylabel(ax, L("chart.probability_axis"))
    ax.set_xlabel(L("chart.first_year_axis"))
    target = L.percent(result.target, 0)
    end_year = re.sub(r"\D", "", str(c.index[-1])) if n else ""
    if n and values[-1] >= 0.999:  # every draw in "not by": say so on the chart
        ax.text(0.03, 0.55, wrap(L("chart.never_reached", target=target, year=end_year), 50),
                transform=ax.transAxes, ha="left", va="center", fontsize=9, color="#333333")
    set_title(ax, title or L("fig_title.crossing", target=target))
    reached = float(values[:-1].sum()) if n else 0.0
    if n > 1 and reached > 0:
        k = int(np.argmax(values[:-1]))
        text = L("alt.crossing", target=target, year=end_year, prob=L.percent(reached, 0),
                 most=str(c.index[k]), most_prob=L.percent(float(values[k]), 0))
    else:
        text = L("alt.crossing_never", target=target, year=end_year,
                 notby=_crossing_label(c.index[-1], L) if n else "")
    return set_alt_text(fig, text)


def backtest_chart(result, series: str | None = None, *, lang: str = "en",
                   title: str | None = None):
    """Backtest of one series: outcomes against the engine's and the benchmarks' forecasts.

    For each origin: the engine's unconditional forecast (solid), its raw Monte Carlo 80%
    band (darker) and its 80% band calibrated on the errors known at that origin (lighter;
    warm-up forecasts have none), the ``ar1_logdrift`` benchmark (dotted) and the naive
    trend (dashed). Shares and growth rates are drawn in percent, GRDP levels in VND
    billion, the unit of every report table (grouped ticks: ``400.000``). The legend lies below the plot; the alt text gives the mean absolute errors
    and the calibrated 80% coverage.

    Parameters
    ----------
    result : BacktestResult
    series : str, optional
        Series to draw (default: the first in the forecasts table).
    lang : {"en", "vi"}
    title : str, optional
        Default: the series' readable name and each method's mean absolute error.
    """
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    L = localizer(lang)
    f = result.forecasts
    fig, ax = new_figure(8.0, 4.8)
    if f.empty:
        ax.text(0.5, 0.5, L("chart.no_backtest"), ha="center", transform=ax.transAxes)
        ax.set_xticks([])
        ax.set_yticks([])
        return set_alt_text(fig, L("chart.no_backtest"))
    series = series or f["series"].iloc[0]
    name = L.series(series)
    f = f[f["series"] == series]
    level = bool(len(f)) and str(f["unit"].iloc[0]) == "vnd_bn"
    scale = 1.0 if level else 100.0           # VND bn as published; fractions -> percent
    cols = ["year", "forecast", "actual", "lo80", "hi80", "cal_lo80", "cal_hi80"]
    f = f.astype({c: float for c in cols})
    actual = f.drop_duplicates("year").sort_values("year")
    ax.plot(actual["year"], actual["actual"] * scale, color="black", marker="o", lw=2,
            label=L("chart.published_outcome"), zorder=5)
    cmap = ("#1b6ca8", "#d1495b", "#66a182", "#edae49", "#8d6a9f", "#3c3c3c")
    for i, o in enumerate(sorted(f["origin"].unique())):
        g = f[f["origin"] == o].sort_values("year")
        col = cmap[i % len(cmap)]
        eng = g[(g["method"] == "engine") & (g["mode"] == "unconditional")]
        if len(eng):
            ax.fill_between(eng["year"], eng["lo80"] * scale, eng["hi80"] * scale, color=col,
                            alpha=0.30, lw=0)
            cal = eng[~eng["warmup"].astype(bool)]
            if len(cal):
                ax.fill_between(cal["year"], cal["cal_lo80"] * scale, cal["cal_hi80"] * scale,
                                color=col, alpha=0.10, lw=0)
            ax.plot(eng["year"], eng["forecast"] * scale, color=col, lw=1.4, marker=".",
                    label=L("chart.engine_origin", year=int(o)))
        for method, style in (("ar1_logdrift", ":"), ("naive", "--")):
            m = g[g["method"] == method]
            ax.plot(m["year"], m["forecast"] * scale, color=col, lw=1, ls=style)
    handles, labels = ax.get_legend_handles_labels()
    handles += [Line2D([], [], color="#555555", lw=1, ls=":"),
                Line2D([], [], color="#555555", lw=1, ls="--"),
                Patch(color="#1b6ca8", alpha=0.30), Patch(color="#1b6ca8", alpha=0.10)]
    labels += [L("chart.benchmark_dotted"), L("chart.naive_dashed"), L("chart.engine_band_raw"),
               L("chart.engine_band_calibrated")]
    s = result.scores
    s = s[(s["series"] == series) & (s["bands"] != "calibrated")
          & (s["mode"].isin(["", "unconditional"]))].set_index("method")
    key = "chart.backtest_mae_percent" if level else "chart.backtest_mae_points"
    maes = {m: (L.number(s.loc[m, "mae"] * 100, 2) if m in s.index else "—")
            for m in ("engine", "ar1_logdrift", "naive")}
    note = "; ".join(L(key, method=L.label("method", m), mae=v) for m, v in maes.items()
                     if m in s.index)
    years = pd.concat([actual["year"], f["year"]]).dropna()
    if len(years) and years.max() - years.min() < 2:  # one or two years: keep whole-year ticks
        ax.set_xlim(years.min() - 1, years.max() + 1)
    year_axis(ax, L)
    ax.yaxis.set_major_formatter(L.tick_formatter("number"))
    ax.set_xlabel(L("chart.year"))
    indicator = series.split(" ")[1] if len(series.split(" ")) > 1 else ""
    ind_name = L.label("ind", indicator) if indicator else ""
    if level:
        set_ylabel(ax, L("chart.vnd_bn_of", name=ind_name))
    else:
        set_ylabel(ax, L("chart.percent_of", name=ind_name) if indicator
                   else L("chart.unit.percent"))
    set_title(ax, title or L("chart.backtest_title", series=name) + "\n" + note, fontsize=9)
    legend_below(fig, ax, handles, labels)
    cal_row = result.scores[(result.scores["series"] == series)
                            & (result.scores["method"] == "engine")
                            & (result.scores["mode"] == "unconditional")
                            & (result.scores["bands"] == "calibrated")]
    if "engine" in s.index and "naive" in s.index:
        values = {m: ((L.percent(s.loc[m, "mae"], 1) if level else L.points(s.loc[m, "mae"], 2))
                      if m in s.index else "—") for m in ("engine", "ar1_logdrift", "naive")}
        if len(cal_row) and cal_row["n_band"].iloc[0] > 0:
            text = L("alt.backtest", series=name, mae_engine=values["engine"],
                     mae_benchmark=values["ar1_logdrift"], mae_naive=values["naive"],
                     coverage=L.percent(float(cal_row["coverage80"].iloc[0]), 0),
                     n=int(cal_row["n_band"].iloc[0]))
        else:
            text = L("alt.backtest_warmup", series=name, mae_engine=values["engine"],
                     mae_benchmark=values["ar1_logdrift"], mae_naive=values["naive"])
    else:
        text = L("chart.backtest_title", series=name)
    return set_alt_text(fig, text)
