"""Every chart is drawn in its language, and reads (issues 8 and 12 §5).

Each public plot function is built on small inputs (the toy Monte Carlo model of
``test_uncertainty_simulate``, the synthetic calibration, the shipped observations) in
Vietnamese and English; the canvas is drawn and every visible text collected (titles, axis
labels, tick labels, legends, annotations, figure texts) together with the chart's alt text.

* A Vietnamese figure contains no English catalogue text of the keys the plots use, no
  English marker word and no decimal point; an English figure has no Vietnamese letter and
  no decimal comma. The same check run on the English figure must fail, so a chart drawn
  in English (the old way, translated afterwards or not at all) is caught.
* Legends lie outside the plot area; the merger label sits in the top margin, inside the
  figure, clear of the title and of the target label; probabilities are drawn in percent;
  the required-investment chart is in the lever's unit with scenario titles; tornado ranges
  cannot be read as lists; every band pair of the fan chart is drawn; alt texts reach the
  HTML export.
"""
from __future__ import annotations

import dataclasses
import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from matplotlib.text import Text

from hpresearch import data, i18n, model, parameters
from hpresearch.backtest import run_backtest
from hpresearch.calibration.synthetic import synthetic_calibration
from hpresearch.i18n import Localizer
from hpresearch.plots import alt_text
from hpresearch.plots.comparison import answer_chart, required_chart
from hpresearch.plots.data_overview import indicator_chart, share_by_basis_chart
from hpresearch.model.attribution import attribute
from hpresearch.plots.projection_charts import attribution_figure, share_path_figure
from hpresearch.plots.uncertainty_charts import (backtest_chart, crossing_year_chart, fan_chart,
                                          tornado_chart)
from hpresearch.report import overview
from hpresearch.uncertainty.montecarlo import simulate_spec
from hpresearch.uncertainty.sensitivity import scenario_tornado
from test_uncertainty_simulate import make_spec  # noqa: E402 (tests dir is on sys.path)

ROOT = Path(__file__).resolve().parents[1]
LANGS = ("vi", "en")

#: English words that must never appear in a Vietnamese chart (whole words, any case).
ENGLISH_MARKERS = ("year", "years", "median", "target", "observed", "deterministic", "merger",
                   "probability", "share", "band", "origin", "naive", "model", "not by",
                   "percent", "value added", "prices", "draws", "scenario", "parameter",
                   "published", "outcome", "trend", "base year", "low end", "high end",
                   "digital", "economy", "growth", "investment", "sensitivity", "backtest")
VI_LETTERS = re.compile("[àáạảãâầấậẩẫăằắặẳẵèéẹẻẽêềếệểễìíịỉĩòóọỏõôồốộổỗ"
                        "ơờớợởỡùúụủũưừứựửữỳýỵỷỹđ]", re.I)
DECIMAL_POINT = re.compile(r"\d\.\d{1,2}(?!\d)")  # 0.3, 27.5 (not the vi thousands 1.234)
DECIMAL_COMMA = re.compile(r"\d,\d{1,2}(?!\d)")   # 0,3, 27,5 (not the en thousands 1,234)


# --------------------------------------------------------------------------------------
# Inputs and charts
# --------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def inputs():
    spec = make_spec()
    history = pd.DataFrame({"year": [2023, 2024, 2024], "de_share": [0.297, 0.30, 0.31],
                            "basis": ["gso", "gso", "mic, pre-merger HP"]})
    sim = simulate_spec(spec, draws=300, seed=1, target=0.35)
    never = simulate_spec(spec, draws=200, seed=1, target=0.95)
    torn = scenario_tornado(spec, target=0.35, draws=200, seed=1)
    # registry parameters with real titles (the toy model's codes are not in the registry)
    torn = torn.replace({"parameter": {"icor": "output_elasticity_core",
                                       "delta": "capacity_decay",
                                       "shock:g_nd": "shock:real_growth"}})
    rows = [{"indicator": "grdp_growth_real", "geography": "hai_phong", "year": y,
             "period_type": "annual", "value": v, "basis": "gso", "qualifier": "", "published": ""}
            for y, v in zip(range(2017, 2025),
                            [14.0, 16.2, 16.68, 11.22, 12.38, 12.32, 10.34, 11.01])]
    bt = run_backtest(pd.DataFrame(rows), origin_from=2019, horizon=2)
    cal = synthetic_calibration()
    projs = {n: model.project(n, calibration=cal) for n in ("trend", "plan")}
    obs = data.load_observations()
    return {"sim": sim, "never": never, "history": history, "torn": torn, "bt": bt,
            "projs": projs, "cal": cal, "obs": obs, "registry": parameters.load_registry(),
            "scenarios": {n: model.load_scenario(n) for n in ("trend", "plan", "breakthrough")}}


def _required_table(inp, lang: str, lever: str) -> pd.DataFrame:
    rows = []
    for i, (name, sc) in enumerate(inp["scenarios"].items()):
        for j, boundary in enumerate(("pre_merger", "merged")):
            value = np.nan if (i, j) == (2, 1) else 1.25 + i + 2.5 * j  # one unreachable
            if not lever.endswith("_usd_bn"):
                value = value * 25_000
            rows.append({"scenario": name, "title": sc.text("title", lang), "boundary": boundary,
                         "lever": lever, "required": value})
    return pd.DataFrame(rows)


def _answer_table(inp, lang):
    """A comparison table for answer_chart: the shipped projections' 2030 shares."""
    rows = []
    for n, proj in inp["projs"].items():
        share = float(proj.loc[2030, "de_share"])
        rows.append({"scenario": n, "title": inp["scenarios"][n].text("title", lang),
                     "boundary": "merged", "median_share": share, "p10": share - 0.05,
                     "p90": share + 0.07, "official_target": 0.35, "goal40": 0.3115})
    return pd.DataFrame(rows)


def _charts():
    """name -> builder(inputs, lang) for every public plot function (and variants)."""
    return {
        "fan_chart": lambda inp, lang: fan_chart(_quantiles(inp["sim"]), history=inp["history"],
                                                 lang=lang),
        "fan_chart_deciles": lambda inp, lang: fan_chart(
            _deciles(inp["sim"]), history=inp["history"], lang=lang),
        "tornado_chart": lambda inp, lang: tornado_chart(inp["torn"], "share", lang=lang,
                                                         registry=inp["registry"]),
        "tornado_chart_p": lambda inp, lang: tornado_chart(inp["torn"], "p_target", lang=lang,
                                                           registry=inp["registry"]),
        "crossing_year_chart": lambda inp, lang: crossing_year_chart(inp["sim"], lang=lang),
        "crossing_year_chart_never": lambda inp, lang: crossing_year_chart(inp["never"],
                                                                           lang=lang),
        "backtest_chart": lambda inp, lang: backtest_chart(inp["bt"], lang=lang),
        "share_path_figure": lambda inp, lang: share_path_figure(
            {inp["scenarios"][n].text("title", lang): p for n, p in inp["projs"].items()},
            target=0.40, target_year=2030, lang=lang),
        "share_path_figure_history": lambda inp, lang: share_path_figure(
            inp["projs"]["plan"], lang=lang,
            history=pd.DataFrame({"de_share": [0.281, 0.297]}, index=[2022, 2023]),
            labels={"plan": inp["scenarios"]["plan"].text("title", lang)}),
        "attribution_figure": lambda inp, lang: attribution_figure(
            attribute(inp["projs"]["plan"], 2030), lang=lang),
        "indicator_chart": lambda inp, lang: indicator_chart(inp["obs"], "grdp_growth_real",
                                                             "merged", "percent", lang=lang),
        "indicator_chart_money": lambda inp, lang: indicator_chart(
            inp["obs"], "fdi_registered", "pre_merger", "usd_bn", lang=lang),
        "share_by_basis_chart": lambda inp, lang: share_by_basis_chart(
            inp["obs"], "pre_merger", overview.targets_table(inp["obs"], "pre_merger"), lang=lang),
        "answer_chart": lambda inp, lang: answer_chart(_answer_table(inp, lang), lang=lang),
        "required_chart_fdi": lambda inp, lang: required_chart(
            _required_table(inp, lang, "fdi_digital_usd_bn"), lang=lang),
        "required_chart_vnd": lambda inp, lang: required_chart(
            _required_table(inp, lang, "core_domestic_investment_vnd_bn"), lang=lang),
    }


CHARTS = _charts()


def _quantiles(sim):
    """The result with only the 5/10/25/50/75/90/95 percentiles (no deciles)."""
    keep = [c for c in ("p5", "p10", "p25", "p50", "p75", "p90", "p95", "mean") if c in sim.bands]
    return dataclasses.replace(sim, bands=sim.bands[keep])


def _deciles(sim):
    """The result with decile bands (p10 … p90) interpolated from its percentiles."""
    b = sim.bands
    have = sorted(int(c[1:]) for c in b.columns if re.fullmatch(r"p\d+", c))
    deciles = {f"p{q}": [np.interp(q, have, row) for row in b[[f"p{p}" for p in have]].to_numpy()]
               for q in range(10, 100, 10)}
    return dataclasses.replace(sim, bands=pd.DataFrame(deciles, index=b.index))


@pytest.fixture(scope="module")
def figures(inputs):
    out = {}
    for name, build in CHARTS.items():
        for lang in LANGS:
            out[(name, lang)] = draw(build(inputs, lang))
    return out


def draw(fig):
    """Draw ``fig`` on an Agg canvas (the plots' Figures have no drawing canvas of their own)."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    FigureCanvasAgg(fig)
    fig.canvas.draw()
    return fig


def visible_texts(fig) -> list[str]:
    """Every visible, non-empty text of a drawn figure, plus its alt text."""
    texts = [t.get_text().strip() for t in fig.findobj(Text) if t.get_visible()]
    return [t for t in texts if t] + [alt_text(fig)]


def test_every_public_plot_function_is_covered():
    import hpresearch.plots as plots

    public = set()
    for sub in ("data_overview", "projection_charts", "uncertainty_charts", "comparison"):
        module = getattr(plots, sub)
        public |= {n for n, obj in vars(module).items()
                   if callable(obj) and getattr(obj, "__module__", "") == module.__name__
                   and not n.startswith("_")
                   and n not in ("chart_points", "observed_label")}  # helpers, not charts
    covered = {re.sub(r"_(deciles|p|never|history|money|fdi|vnd)$", "", n) for n in CHARTS}
    assert len(public) == 10 and public <= covered, public - covered


# --------------------------------------------------------------------------------------
# Language
# --------------------------------------------------------------------------------------
def _plot_keys() -> set[str]:
    """Catalogue keys the plot modules look up: literal keys and whole label groups."""
    cat = i18n.catalogue()
    keys, groups = set(), set()
    for path in (ROOT / "hpresearch" / "plots").glob("*.py"):
        src = path.read_text(encoding="utf-8")
        keys |= set(re.findall(r"""\bL\(\s*["']([a-z_0-9]+\.[a-z_0-9.]+)["']""", src))
        groups |= set(re.findall(r"""L\.label\(\s*["']([a-z_.]+)["']""", src))
        groups |= set(re.findall(r"""\bL\(\s*f["']([a-z_0-9.]+)\.\{""", src))
        if "L.series(" in src:  # "<geography>: <indicator> (<note>)"
            groups |= {"geo", "ind", "series_note", "basis_short"}
        if re.search(r"L\.(money|points|ratio)\(", src):
            groups.add("unit")
    keys |= {k for k in cat if any(k.startswith(g + ".") for g in groups)}
    return {k for k in keys if k in cat}


@pytest.fixture(scope="module")
def english_fragments(inputs) -> list[str]:
    """English texts of the keys the plots use (and of registry/scenario titles), minus any
    that are also Vietnamese (``GRDP``, ``MAE``, ``GSO`` …), as literal phrases."""
    cat = i18n.catalogue()
    english = [cat[k]["en"] for k in _plot_keys() if cat[k]["en"] != cat[k]["vi"]]
    english += [p.text("title", "en") for p in inputs["registry"].values()]
    english += [s.text("title", "en") for s in inputs["scenarios"].values()]
    vi_all = re.sub(r"\{\w+\}", " ", " \n ".join(e["vi"] for e in cat.values())).lower()
    pieces = set()
    for text in english:
        for piece in re.split(r"\{\w+\}", text):
            piece = piece.strip(" ,.;:()–—-\n\"“”")
            if re.search(r"[A-Za-z]{3,}", piece) and piece.lower() not in vi_all:
                pieces.add(piece)
    assert len(pieces) > 60 and "median" in pieces and "deterministic projection" in pieces
    return sorted(pieces, key=len, reverse=True)


def english_in(texts, fragments) -> list[str]:
    """Texts of a would-be Vietnamese chart that carry English or a decimal point."""
    bad = []
    words = "|".join(re.escape(w) for w in ENGLISH_MARKERS)
    markers = re.compile(rf"(?<![\w])({words})(?![\w])", re.I)
    for text in texts:
        flat = " ".join(text.split())
        if markers.search(flat) or DECIMAL_POINT.search(flat) or any(
                re.search(rf"(?<![\w]){re.escape(f)}(?![\w])", flat, re.I) for f in fragments):
            bad.append(flat)
    return bad


def vietnamese_in(texts) -> list[str]:
    """Texts of a would-be English chart with Vietnamese letters or a decimal comma."""
    return [t for t in texts if VI_LETTERS.search(t) or DECIMAL_COMMA.search(t)]


@pytest.mark.parametrize("name", sorted(CHARTS))
def test_vietnamese_chart_has_no_english(figures, english_fragments, name):
    texts = visible_texts(figures[(name, "vi")])
    assert len(texts) >= 5
    assert not english_in(texts, english_fragments)


@pytest.mark.parametrize("name", sorted(CHARTS))
def test_english_chart_has_no_vietnamese(figures, name):
    assert not vietnamese_in(visible_texts(figures[(name, "en")]))


@pytest.mark.parametrize("name", sorted(CHARTS))
def test_the_check_catches_a_chart_drawn_in_english(figures, english_fragments, name):
    """The English figure fails the Vietnamese check: the check can fail on every chart."""
    assert english_in(visible_texts(figures[(name, "en")]), english_fragments)
    assert vietnamese_in(visible_texts(figures[(name, "vi")]))


def test_the_check_catches_the_old_translated_after_drawing_figures(english_fragments):
    """Texts the old regex translator left English or re-punctuated by hand are caught."""
    for leftover in ("merger with Hai Duong (1 Jul 2025)", "not by 2030", "model, origin 2019",
                     "27.5", "[0.3, 1]", "Digital-economy share - boundary merged, basis gso",
                     "digital economy, % of GRDP", "P(share ≥ 40% in 2030) = 0.12"):
        assert english_in([leftover], english_fragments), leftover
    assert vietnamese_in(["[0,3, 1]"]) and vietnamese_in(["trung vị"])


def test_plot_catalogue_keys_have_the_same_placeholders():
    cat = i18n.catalogue()
    keys = _plot_keys()
    assert {"chart.merger", "chart.median", "chart.not_by", "alt.fan"} <= keys
    for key in keys:
        assert i18n.placeholders(cat[key]["vi"]) == i18n.placeholders(cat[key]["en"]), key


# --------------------------------------------------------------------------------------
# Layout
# --------------------------------------------------------------------------------------
def _overlap(a, b, tol: float = 0.5) -> bool:
    return a.x0 < b.x1 - tol and b.x0 < a.x1 - tol and a.y0 < b.y1 - tol and b.y0 < a.y1 - tol


def _role(fig, role):
    return [t for ax in fig.axes for t in ax.texts if getattr(t, "_hp_role", "") == role]


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("name", sorted(CHARTS))
def test_legend_is_outside_the_plot_area(figures, name, lang):
    fig = figures[(name, lang)]
    renderer = fig.canvas.get_renderer()
    legends = list(fig.legends) + [ax.get_legend() for ax in fig.axes if ax.get_legend()]
    if name.startswith(("crossing_year_chart", "attribution_figure")):  # no legend
        assert not legends
        return
    assert legends, name
    for legend in legends:
        box = legend.get_window_extent(renderer)
        assert fig.bbox.x0 <= box.x0 and box.x1 <= fig.bbox.x1 + 0.5
        assert fig.bbox.y0 <= box.y0 and box.y1 <= fig.bbox.y1 + 0.5
        for ax in fig.axes:
            assert not _overlap(box, ax.get_window_extent(renderer)), (name, lang)


MERGER_CHARTS = ("fan_chart", "fan_chart_deciles", "share_path_figure",
                 "share_path_figure_history", "indicator_chart", "indicator_chart_money",
                 "share_by_basis_chart")


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("name", MERGER_CHARTS)
def test_merger_label_is_whole_in_the_top_margin_clear_of_title_and_target(figures, name, lang):
    fig = figures[(name, lang)]
    renderer = fig.canvas.get_renderer()
    (label,) = _role(fig, "top_label")
    assert label.get_text() == Localizer(lang)("chart.merger")  # never cut to "sá…"
    ax = fig.axes[0]
    box, frame = label.get_window_extent(renderer), ax.get_window_extent(renderer)
    assert fig.bbox.x0 <= box.x0 and box.x1 <= fig.bbox.x1 and box.y1 <= fig.bbox.y1
    assert box.y0 >= frame.y1 - 0.5  # above the plot area: over no line
    assert not _overlap(box, ax.title.get_window_extent(renderer))
    for target in _role(fig, "right_label"):
        tbox = target.get_window_extent(renderer)
        assert not _overlap(box, tbox)
        assert tbox.x0 >= frame.x1 - 0.5 and tbox.x1 <= fig.bbox.x1  # right of the plot, whole


@pytest.mark.parametrize("name", ["fan_chart", "share_path_figure"])
def test_target_label_sits_at_the_right_end_of_the_target_line(figures, name):
    fig = figures[(name, "vi")]
    (target,) = _role(fig, "right_label")
    expected = "mục tiêu 40%" if name == "share_path_figure" else "mục tiêu 35%"
    assert target.get_text() == expected
    ax = fig.axes[0]
    lo, hi = ax.get_ylim()
    assert lo < target.xy[1] < hi  # the line's height is inside the y-range


def test_merger_label_saved_png_is_not_cropped(inputs, tmp_path):
    """display.figure saves with a tight bounding box at dpi 110: the label is in the PNG."""
    from matplotlib.image import imread

    fig = fan_chart(inputs["sim"], history=inputs["history"], lang="vi")
    path = tmp_path / "fan.png"
    fig.savefig(path, dpi=110, bbox_inches="tight")
    png = imread(path)
    draw(fig)
    renderer = fig.canvas.get_renderer()
    (label,) = _role(fig, "top_label")
    full = fig.get_tightbbox(renderer)  # inches
    box = label.get_window_extent(renderer).transformed(fig.dpi_scale_trans.inverted())
    assert full.x0 <= box.x0 and box.x1 <= full.x1 and box.y1 <= full.y1
    assert png.shape[1] >= int(full.width * 110) - 2


# --------------------------------------------------------------------------------------
# Content
# --------------------------------------------------------------------------------------
@pytest.mark.parametrize("name", ["fan_chart", "fan_chart_deciles"])
def test_fan_chart_draws_every_symmetric_band_pair(figures, inputs, name):
    fig = figures[(name, "en")]
    labels = [t.get_text() for t in fig.legends[0].get_texts()]
    expected = (["90% band", "80% band", "50% band"] if name == "fan_chart"
                else ["80% band", "60% band", "40% band", "20% band"])
    # an uncalibrated fan says its bands are conditional on the stated assumptions
    assert [lab.split(",")[0] for lab in labels if "band" in lab] == expected
    assert "median" in labels and "deterministic projection" in labels
    fills = [c for c in fig.axes[0].collections if c.get_label() in expected]
    shades = [sum(c.get_facecolor()[0][:3]) for c in fills]
    assert shades == sorted(shades, reverse=True)  # darker towards the centre


@pytest.mark.parametrize("name", ["crossing_year_chart", "crossing_year_chart_never"])
@pytest.mark.parametrize("lang", LANGS)
def test_probabilities_are_drawn_in_percent_with_labelled_bars(figures, inputs, name, lang):
    fig = figures[(name, lang)]
    ax = fig.axes[0]
    sim = inputs["sim" if name == "crossing_year_chart" else "never"]
    ticks = [t.get_text() for t in ax.get_yticklabels() if t.get_text()]
    assert ticks and all(t.endswith("%") for t in ticks), ticks
    assert all(float(v) <= 1.0 + 1e-9 for v in ax.get_yticks())  # never a tick above 100%
    top = float(sim.crossing.max())
    assert top <= ax.get_ylim()[1] <= max(top, 0.05) * 1.2 + 1e-9  # follows the tallest bar
    L = Localizer(lang)
    bar_labels = [t.get_text() for t in ax.texts if t.get_text().endswith("%")]
    for value in sim.crossing[sim.crossing >= 0.005]:
        assert L.percent(value, 0) in bar_labels
    if name == "crossing_year_chart_never":
        assert bar_labels == [L.percent(1.0, 0)]
        assert any(t.get_text().startswith(L("chart.never_reached", target="40%", year="")[:10])
                   for t in ax.texts)


@pytest.mark.parametrize("lang", LANGS)
def test_required_chart_uses_scenario_titles_and_the_lever_unit(figures, inputs, lang):
    L = Localizer(lang)
    for name, unit in (("required_chart_fdi", "usd_bn"), ("required_chart_vnd", "vnd_bn")):
        fig = figures[(name, lang)]
        ax = fig.axes[0]
        assert " ".join(ax.get_ylabel().split()) == L.label("lever_unit", unit)
        ticks = [" ".join(t.get_text().split()) for t in ax.get_xticklabels()]
        titles = [inputs["scenarios"][n].text("title", lang).split(" - ")[0]
                  for n in inputs["scenarios"]]
        assert ticks == titles
        assert not set(ticks) & set(inputs["scenarios"])  # never the keys
        texts = [t.get_text() for t in ax.texts]
        assert L("chart.unreachable") in texts
        assert (L.number(1.25, 2) if unit == "usd_bn" else L.number(31250, 0)) in texts


@pytest.mark.parametrize("lang, expected", [("vi", "từ 0,11 đến 0,31"),
                                             ("en", "0.11 – 0.31")])
def test_tornado_ranges_cannot_be_read_as_lists(figures, lang, expected):
    fig = figures[("tornado_chart", lang)]
    labels = [t.get_text() for t in fig.axes[0].get_yticklabels()]
    assert any(lab.endswith(expected) for lab in labels), labels
    assert not any(re.search(r"\[[^\]]*,[^\]]*\]", lab) for lab in labels)
    titles = [lab.split("\n")[0] for lab in labels]
    assert any(t.startswith(("Tỷ lệ hao mòn", "Decay rate")) for t in titles)


# --------------------------------------------------------------------------------------
# Alt text
# --------------------------------------------------------------------------------------
@pytest.mark.parametrize("name", sorted(CHARTS))
def test_every_chart_has_an_alt_text_in_its_language(figures, name):
    vi, en = alt_text(figures[(name, "vi")]), alt_text(figures[(name, "en")])
    assert len(vi) > 25 and len(en) > 25 and vi != en
    assert VI_LETTERS.search(vi) and not VI_LETTERS.search(en)
    assert "\n" not in vi and vi.endswith(".")


def test_fan_chart_alt_text_names_the_median_and_the_probability(figures, inputs):
    sim = inputs["sim"]
    L = Localizer("vi")
    text = alt_text(figures[("fan_chart", "vi")])
    assert L.percent(float(sim.bands.loc[sim.target_year, "p50"])) in text
    assert f"là {L.percent(sim.p_target, 0)}" in text and "trung vị" in text


@pytest.mark.parametrize("lang", LANGS)
def test_html_export_carries_the_alt_text_in_the_report_language(inputs, monkeypatch, lang):
    from nbformat.v4 import new_code_cell, new_notebook, new_output

    from hpresearch.render.html import to_html
    from hpresearch.report import display

    published = []
    monkeypatch.setattr(display, "_publish",
                        lambda d, metadata=None: published.append((d, metadata or {})))
    fig = fan_chart(inputs["sim"], history=inputs["history"], lang=lang)
    display.figure(fig)
    (payload, metadata), = published
    assert payload["text/plain"] == alt_text(fig)
    nb = new_notebook(cells=[new_code_cell("display.figure(fig)", outputs=[
        new_output("display_data", data=payload, metadata=metadata)])])
    page = to_html(nb, "t", lang)
    alts = re.findall(r"<img[^>]*\balt=(\"[^\"]*\"|'[^']*')", page)
    assert len(alts) == 1
    from html import unescape

    alt = unescape(alts[0][1:-1])
    assert alt == alt_text(fig) and "No description" not in page
    assert bool(VI_LETTERS.search(alt)) == (lang == "vi")


def test_empty_answer_chart_says_it_is_empty():
    import matplotlib.pyplot as plt

    from hpresearch.plots.style import alt_text
    empty = pd.DataFrame(columns=["scenario", "title", "boundary", "median_share", "p10", "p90",
                                  "official_target", "goal40"])
    for lang, words in (("en", "Empty bar chart: no scenario for"), ("vi", "Biểu đồ thanh trống")):
        fig = answer_chart(empty, lang=lang)
        assert alt_text(fig).startswith(words) and "limits of ." not in alt_text(fig)
        plt.close(fig)
