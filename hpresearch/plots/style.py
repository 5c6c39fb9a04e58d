"""The house style applied by every plot function, and the helpers they share.

Every plot function draws its text in one report language (``lang``): labels are message
catalogue keys looked up when drawing (:class:`hpresearch.i18n.Localizer`), tick labels use
the Babel tick formatters of :mod:`hpresearch.i18n`. The helpers below place the text that
every chart shares so that it never covers data:

* :func:`legend_below` - the legend outside the plot area, below the x-axis label;
* :func:`top_label` - a label for a vertical line (the merger) in the top margin;
* :func:`right_label` - a label for a horizontal line (the target) at its right end,
  outside the plot area;
* :func:`set_alt_text` / :func:`alt_text` - the one-sentence description of a chart, in
  its language, that :func:`hpresearch.report.display.figure` uses as the image's alt text.
"""
from __future__ import annotations

import re
import textwrap

import matplotlib

matplotlib.use("Agg", force=False)

import matplotlib.pyplot as plt  # noqa: E402
import seaborn as sns  # noqa: E402
from matplotlib.colors import to_rgb  # noqa: E402

from hpresearch.i18n import headline  # noqa: F401  (re-exported)
from hpresearch.i18n import Localizer  # noqa: E402

#: Colours by measurement basis, used consistently across figures.
BASIS_COLORS = {"gso": "#1b6ca8", "mic": "#d1495b", "city": "#edae49", "other": "#66a182"}
#: Colours by city boundary.
BOUNDARY_COLORS = {"pre_merger": "#1b6ca8", "merged": "#d1495b"}
#: Colour of the target line and markers.
TARGET_COLOR = "#d1495b"
#: Date the Hai Duong merger took effect (Resolution 60-NQ/TW; see docs/data.md).
MERGER_YEAR_FRACTION = 2025.5
#: Font size of legends and line labels.
SMALL = 8


def apply_style() -> None:
    """Apply the seaborn theme used by all hpresearch figures (idempotent)."""
    sns.set_theme(context="notebook", style="whitegrid", palette="colorblind")
    plt.rcParams.update({"figure.dpi": 100, "savefig.dpi": 150, "figure.autolayout": False})


def new_figure(width: float = 8.0, height: float = 4.5):
    """Return ``(fig, ax)`` in the house style, without touching pyplot's global figure.

    The figure uses constrained layout, so legends placed ``outside`` and labels drawn in
    the margins (:func:`legend_below`, :func:`top_label`, :func:`right_label`) get room.
    """
    from matplotlib.figure import Figure

    apply_style()
    fig = Figure(figsize=(width, height), layout="constrained")
    ax = fig.add_subplot()
    return fig, ax


def localizer(lang: str) -> Localizer:
    """The :class:`~hpresearch.i18n.Localizer` of a plot's ``lang`` (checks the language)."""
    return Localizer(lang)


# --------------------------------------------------------------------------------------
# Alt text
# --------------------------------------------------------------------------------------
def set_alt_text(fig, text: str):
    """Store the one-sentence description of ``fig`` (in the chart's language); return ``fig``."""
    fig._hp_alt = " ".join(str(text).split())
    return fig


def alt_text(fig, default: str = "") -> str:
    """The description a plot function stored on ``fig`` (``fig._hp_alt``), else ``default``.

    Every public function of :mod:`hpresearch.plots` stores one: a sentence in the chart's
    language naming what is drawn and its key number (for the fan chart, the median share
    in the target year and the probability of reaching the target).
    """
    return getattr(fig, "_hp_alt", "") or default


# --------------------------------------------------------------------------------------
# Text placement
# --------------------------------------------------------------------------------------
def legend_below(fig, ax, handles=None, labels=None, ncols: int | None = None,
                 fontsize: int = SMALL):
    """Draw the legend of ``ax`` outside the plot area, centred below the x-axis label.

    The number of columns follows the longest label (so Vietnamese labels, which are
    longer, get fewer columns). Returns the figure legend, or ``None`` without entries.
    """
    if handles is None:
        handles, labels = ax.get_legend_handles_labels()
    if not handles:
        return None
    if ncols is None:
        width = fig.get_figwidth()
        longest = max(len(line) for lab in labels for line in str(lab).split("\n"))
        per_col = 0.06 * longest * fontsize / 8 + 0.55  # inches: text plus handle
        ncols = max(1, min(len(handles), int(width // per_col), 4))
    return fig.legend(handles, labels, loc="outside lower center", ncols=ncols,
                      fontsize=fontsize, frameon=False)


def top_label(ax, x: float, text: str, color: str = "#444444", fontsize: int = SMALL):
    """Label the vertical line at data ``x`` in the margin above the plot area.

    Call after the x-limits are final. The label sits just above the frame at ``x``
    (centred, or aligned to stay over the plot area near its edges), so it never covers
    lines; the title is moved up to leave it room.
    """
    lo, hi = ax.get_xlim()
    frac = (x - lo) / (hi - lo) if hi != lo else 0.5
    ha = "left" if frac < 0.25 else "right" if frac > 0.75 else "center"
    label = ax.annotate(text, xy=(x, 1.0), xycoords=ax.get_xaxis_transform(), xytext=(0, 3),
                        textcoords="offset points", ha=ha, va="bottom", fontsize=fontsize,
                        color=color, annotation_clip=False)
    label._hp_role = "top_label"
    ax._hp_top_label = True
    return label


def right_label(ax, y: float, text: str, color: str = TARGET_COLOR, fontsize: int = SMALL):
    """Label the horizontal line at data ``y`` just right of the plot area, at the line's end."""
    label = ax.annotate(text, xy=(1.0, y), xycoords=ax.get_yaxis_transform(), xytext=(4, 0),
                        textcoords="offset points", ha="left", va="center", fontsize=fontsize,
                        color=color, annotation_clip=False)
    label._hp_role = "right_label"
    return label


def set_title(ax, title: str, fontsize: int = 10) -> None:
    """Set the axes title, leaving room for a :func:`top_label` when the axes has one."""
    pad = 17 if getattr(ax, "_hp_top_label", False) else 6
    ax.set_title(wrap(title, 95), fontsize=fontsize, pad=pad, linespacing=1.4)


def include_in_ylim(ax, values, margin: float = 0.06) -> None:
    """Widen the y-range so every value is drawn with ``margin`` (share of the range) spare."""
    values = [float(v) for v in values]
    if not values:
        return
    lo, hi = ax.get_ylim()
    vlo, vhi = min(values), max(values)
    span = max(hi, vhi) - min(lo, vlo)
    new_lo = min(lo, vlo - margin * span) if vlo - margin * span < lo else lo
    new_hi = max(hi, vhi + margin * span) if vhi + margin * span > hi else hi
    if lo >= 0 > new_lo:
        new_lo = 0.0
    ax.set_ylim(new_lo, new_hi)


def set_ylabel(ax, text: str) -> None:
    """Set the y-axis label, wrapped so that it is never longer than the axes is tall."""
    fig = ax.figure
    size = plt.rcParams["axes.labelsize"]
    size = size if isinstance(size, (int, float)) else 12.0
    tall = 0.68 * fig.get_figheight() * 72  # points, the axes' share of the figure height
    # Vietnamese stacks diacritics above and below: wrapped lines need more spacing
    ax.set_ylabel(wrap(text, max(20, int(tall / (0.56 * size)))), linespacing=1.45)


def year_axis(ax, L: Localizer, axis: str = "x") -> None:
    """Whole-year ticks without a thousands separator on ``axis``."""
    from matplotlib.ticker import MaxNLocator

    target = ax.xaxis if axis == "x" else ax.yaxis
    target.set_major_locator(MaxNLocator(integer=True))
    target.set_major_formatter(L.tick_formatter("year"))


def wrap(text: str, width: int) -> str:
    """Wrap ``text`` on word boundaries into lines of at most ``width`` characters."""
    return "\n".join("\n".join(textwrap.wrap(part, width)) or part
                     for part in str(text).split("\n"))


def shade(color: str, strength: float) -> tuple[float, float, float]:
    """``color`` mixed with white: ``strength`` 1 is the colour itself, 0 is white."""
    r, g, b = to_rgb(color)
    return (1 - strength + strength * r, 1 - strength + strength * g, 1 - strength + strength * b)


def band_pairs(columns) -> list[tuple[str, str, float]]:
    """Symmetric percentile pairs among ``columns``, widest first.

    ``["p5", "p10", "p50", "p90", "p95"]`` gives ``[("p5", "p95", 0.90), ("p10", "p90",
    0.80)]``: every ``p<q>`` below 50 whose mirror ``p<100-q>`` is present, with the share
    of draws between them. Any percentile set (e.g. deciles) works without code changes.
    """
    found = {}
    for col in columns:
        m = re.fullmatch(r"p(\d+(?:\.\d+)?)", str(col))
        if m:
            found[float(m.group(1))] = str(col)
    pairs = [(found[q], found[100 - q], (100 - 2 * q) / 100) for q in sorted(found)
             if q < 50 and (100 - q) in found]
    return pairs
