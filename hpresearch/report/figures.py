"""Make any hpresearch figure speak the report language.

The plot modules draw English text. :func:`localize` rewrites a Figure's titles, axis
labels, legend entries and annotations with the ``fig.*`` templates of the message
catalogue (the English template is matched, the Vietnamese one filled with the captured
values, whose numbers are re-punctuated), and gives the axes Babel tick formatters, so
Vietnamese charts read ``29,7`` and years never get a thousands separator.
"""
from __future__ import annotations

import re
from functools import lru_cache

from hpresearch.i18n import (Localizer, catalogue, check_lang, has, series_label, t,
                                    tick_decimals)


@lru_cache(maxsize=1)
def _patterns() -> list[tuple[re.Pattern, str, str]]:
    out = []
    for key, entry in catalogue().items():
        if not key.startswith("fig."):
            continue
        parts = re.split(r"\{(\w+)\}", entry["en"])
        regex = "".join(re.escape(p) if i % 2 == 0 else f"(?P<{p}>.+?)"
                        for i, p in enumerate(parts))
        out.append((re.compile(rf"^{regex}$", re.S), entry["vi"], key))
    # longest literal templates first, so "median" does not shadow "median path"
    out.sort(key=lambda item: -len(re.sub(r"\{\w+\}", "", item[1])))
    return out


def _vi_numbers(text: str) -> str:
    """Re-punctuate English numbers for Vietnamese: 1,234.5 -> 1.234,5."""
    def swap(m):
        return m.group(0).replace(",", "\0").replace(".", ",").replace("\0", ".")
    return re.sub(r"\d[\d,]*\.\d+|\d{1,3}(?:,\d{3})+", swap, text)


def translate(text: str, lang: str) -> str:
    """Translate one English figure text into ``lang`` (unknown text: numbers only)."""
    if not text:
        return text
    check_lang(lang)
    lines = text.split("\n")
    out = []
    for line in lines:
        labelled = series_label(line, lang)
        if labelled != line:
            out.append(labelled)
            continue
        code, sep, rest = line.partition(", ")
        if has(f"basis_short.{code}"):  # a basis code, e.g. "observed (gso)"
            out.append(t(f"basis_short.{code}", lang) + (sep + translate(rest, lang) if sep else ""))
            continue
        for regex, vi, key in _patterns():
            m = regex.match(line)
            if m:
                values = {k: translate(v, lang) for k, v in m.groupdict().items()}
                line = (vi if lang == "vi" else catalogue()[key]["en"]).format(**values)
                break
        out.append(_vi_numbers(line) if lang == "vi" else line)
    return "\n".join(out)


def tick_digits(ticks) -> int:
    """Fewest decimals (0-3) that show every tick value exactly (27.5 needs 1)."""
    return tick_decimals(ticks)


def _looks_like_years(ax, axis: str) -> bool:
    lo, hi = (ax.get_xlim() if axis == "x" else ax.get_ylim())
    return 1900 <= lo <= 2100 and 1900 <= hi <= 2100


def localize(fig, lang: str, title: str | None = None):
    """Return ``fig`` with its text in ``lang`` and language-aware tick labels."""
    L = Localizer(lang)
    for i, ax in enumerate(fig.axes):
        if title is not None and i == 0:
            ax.set_title(title)
        else:
            ax.set_title(translate(ax.get_title(), lang))
        ax.set_xlabel(translate(ax.get_xlabel(), lang))
        ax.set_ylabel(translate(ax.get_ylabel(), lang))
        for text in ax.texts:
            text.set_text(translate(text.get_text(), lang))
        legend = ax.get_legend()
        if legend is not None:
            for text in legend.get_texts():
                text.set_text(translate(text.get_text(), lang))
        if lang == "vi":
            from matplotlib.ticker import FixedFormatter, FixedLocator, ScalarFormatter

            for axis_name, axis in (("x", ax.xaxis), ("y", ax.yaxis)):
                fmt = axis.get_major_formatter()
                if isinstance(fmt, FixedFormatter):  # categorical labels (older matplotlib)
                    fmt.seq = [translate(str(t), lang) for t in fmt.seq]
                    continue
                locator = axis.get_major_locator()
                if isinstance(locator, FixedLocator) and not isinstance(fmt, ScalarFormatter):
                    # categorical labels set with set_xticks(ticks, labels)
                    locs = list(locator.locs)
                    axis.set_ticks(locs, [translate(str(fmt(x, i)), lang)
                                          for i, x in enumerate(locs)])
                    continue
                if _looks_like_years(ax, axis_name):
                    axis.set_major_formatter(L.tick_formatter("year"))
                elif isinstance(fmt, ScalarFormatter):
                    axis.set_major_formatter(L.tick_formatter("number"))
        for label in ax.get_yticklabels() + ax.get_xticklabels():
            label.set_text(translate(label.get_text(), lang))
    for text in fig.texts:
        text.set_text(translate(text.get_text(), lang))
    if getattr(fig, "_suptitle", None) is not None:
        fig._suptitle.set_text(translate(fig._suptitle.get_text(), lang))
    return fig
