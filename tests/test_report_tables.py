"""Report tables and charts show labels and formatted values, never raw codes or floats."""
from __future__ import annotations

import re
from types import SimpleNamespace

import pandas as pd
import pytest

from hpresearch import data, model, parameters
from hpresearch.plots import data_overview as charts
from hpresearch.report import display, facts, overview
from hpresearch.i18n import Localizer


@pytest.fixture(scope="module")
def obs():
    return data.load_observations()


@pytest.fixture()
def published(monkeypatch):
    out = []
    monkeypatch.setattr(display, "_publish", lambda d, metadata=None: out.append(d))
    return out


@pytest.mark.parametrize("boundary", ["pre_merger", "merged"])
def test_share_chart_y_range_contains_every_target_drawn(obs, boundary):
    targets = overview.targets_table(obs, boundary)
    drawn = targets.loc[targets["indicator"] == "de_share_target", "value"].astype(float) / 100
    assert 0.40 in set(drawn.round(4))  # the 40% (2030) target is among them
    ax = charts.share_by_basis_chart(obs, boundary, targets, lang="vi").axes[0]
    lo, hi = ax.get_ylim()
    assert lo <= drawn.min() and drawn.max() <= hi


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_tick_labels_are_never_duplicated(obs, lang):
    fig = charts.indicator_chart(obs, "fdi_registered", "pre_merger", "usd_bn", lang=lang)
    fig.canvas.draw()
    ax = fig.axes[0]
    labels = [t.get_text() for t in ax.get_yticklabels() if t.get_text()]
    visible = [lab for lab, loc in zip(labels, ax.get_yticks())
               if ax.get_ylim()[0] <= loc <= ax.get_ylim()[1]]
    assert len(visible) >= 3 and len(set(visible)) == len(visible), visible


def test_tick_formatter_decimals_follow_the_spacing():
    fmt = Localizer("vi").tick_formatter("number")
    fmt.set_locs([1.5, 2.0, 2.5, 3.0])
    assert [fmt(x) for x in (1.5, 2.0, 2.5)] == ["1,5", "2,0", "2,5"]
    fmt.set_locs([0.10, 0.20, 0.30])
    pct = Localizer("en").tick_formatter("percent")
    pct.set_locs([0.10, 0.20, 0.30])
    assert pct(0.2) == "20%"


def test_crossing_chart_not_by_label_is_drawn_in_the_language():
    from hpresearch.plots.uncertainty_charts import crossing_year_chart

    crossing = pd.Series([0.2, 0.3, 0.5], index=["2029", "2030", "not by 2030"])
    result = SimpleNamespace(crossing=crossing, target=0.4, scenario="plan",
                             boundary="pre_merger", basis="gso")
    fig = crossing_year_chart(result, lang="vi")
    fig.canvas.draw()
    labels = [t.get_text().replace("\n", " ") for t in fig.axes[0].get_xticklabels()]
    assert labels == ["2029", "2030", "chưa đạt đến năm 2030"]


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_parameter_table_shows_every_plausible_range_and_readable_defaults(lang):
    registry = parameters.load_registry()
    table = facts.registry_defaults_table(registry, lang)
    assert len(table) == len(registry)
    for name, rng in zip(table["parameter"], table["plausible"]):
        if registry[name].kind == "choice":  # a model option shows its choices
            assert rng == " / ".join(registry[name].choices), (name, rng)
            continue
        lo, hi = registry[name].plausible
        assert rng.strip() not in ("", "–") and " – " in rng, (name, rng)
    assert not table["default"].str.contains(r"[{}\"]").any()
    row = table.set_index("parameter")
    assert row.loc["target_year", "default"] == "2030"  # years never grouped
    assert row.loc["core_fraction", "plausible"] == ("0,6 – 0,99" if lang == "vi" else "0.6 – 0.99")


def test_year_paths_are_readable():
    assert facts.format_path({"2026": 0.135, "2027": 0.14}, "vi") == "2026: 0,135; 2027: 0,14"
    assert facts.format_path({2026: 0.135}, "en") == "2026: 0.135"


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_overview_tables_translate_units_qualifiers_and_codes(obs, published, lang):
    L = Localizer(lang)
    targets = overview.targets_table(obs, "pre_merger")
    display.table(targets, "targets", L, {"value": "number", "unit": "label:chart.unit",
                                          "qualifier": "label:qualifier",
                                          "indicator": "label:ind", "geography": "label:geo",
                                          "basis": "label:basis_short"})
    sources = overview.sources_table(obs, "pre_merger", lang)
    display.table(sources, "sources", L, {"value": "number", "indicator": "label:ind",
                                          "geography": "label:geo", "basis": "label:basis_short",
                                          "unit": "label:chart.unit",
                                          "confidence": "label:confidence"})
    cells = set()
    for out in published[-2:]:
        cells |= set(re.findall(r"<td[^>]*>([^<]*)</td>", out["text/html"]))
    codes = set(targets["unit"]) | set(targets["qualifier"]) | set(sources["unit"]) \
        | set(targets["indicator"]) | set(sources["indicator"]) | set(sources["geography"]) \
        | {"gso", "mic", "city", "other", "low", "medium", "high"}
    codes -= {""}
    if lang == "en":  # words that are the same in English
        codes -= {"low", "medium", "high"}
    assert not (cells & codes), cells & codes


def _cells(fragment: str) -> list[str]:
    return re.findall(r"<td[^>]*>([^<]*)</td>", fragment)


def test_vnd_amounts_in_tables_show_no_decimals_from_one_thousand_up(published):
    L = Localizer("vi")
    frame = pd.DataFrame({"year": [2029, 2030], "grdp_current_vnd_bn": [1299564.6, 950.26],
                          "digital_share": [0.2512, 0.30]})
    display.table(frame, "projection", L)
    assert _cells(published[-1]["text/html"]) == ["2029", "1.299.565", "0,3", "2030", "950,3",
                                                  "0,3"]
    # a row whose unit is vnd_bn (the 00 sources table): amounts in whole billions; a
    # percentage row keeps its decimal
    rows = pd.DataFrame({"value": [80850.0, 11.39], "unit": ["vnd_bn", "percent"]})
    display.table(rows, "sources", L, {"value": "number", "unit": "label:chart.unit"})
    assert _cells(published[-1]["text/html"]) == ["80.850", "tỷ đồng", "11,4", "%"]
    # the export keeps the raw value
    assert published[-2][display.TABLE_MIME]["data"][0][1] == 1299564.6


def test_an_empty_table_shows_nothing_but_is_still_exported(published):
    from hpresearch.render.html import strip_for_readers
    import nbformat

    empty = pd.DataFrame({"parameter": pd.Series(dtype=str), "value": pd.Series(dtype=float)})
    display.table(empty, "parameters", Localizer("en"), caption="Parameters")
    out = published[-1]
    assert out["text/html"] == "" and "<table" not in str(out)
    assert out[display.TABLE_MIME]["name"] == "parameters"
    assert out[display.TABLE_MIME]["data"] == []
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("x", outputs=[
        nbformat.v4.new_output("display_data", data=out)])])
    assert strip_for_readers(nb).cells == []  # no empty output box in the report
