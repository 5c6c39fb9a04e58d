"""Narrative sentences are built from the numbers passed in (hand-checked wording)."""
from __future__ import annotations

import pandas as pd
import pytest

from hpresearch.report import narrative
from hpresearch.i18n import Localizer

EN, VI = Localizer("en"), Localizer("vi")


def test_probability_and_crossing():
    assert narrative.probability(EN, prob=0.12, target=0.4, year=2030) == \
        "The probability of reaching 40.0% by 2030 is 12%."
    assert narrative.crossing(EN, cross_year=2029, target=0.4, end_year=2030) == \
        "The median path first reaches 40.0% in 2029."
    assert "2030" in narrative.crossing(VI, cross_year=None, target=0.4, end_year=2030)


def test_drivers_comparison_backtest():
    assert narrative.drivers(EN, names=["a", "b", "c"], year=2030).endswith("a, b, and c.")
    assert "a, b và c" in narrative.drivers(VI, names=["a", "b", "c"], year=2030)
    text = narrative.comparison(EN, year=2030, rows=[("trend", 0.31), ("plan", 0.35),
                                                     ("shock", 0.28)])
    assert "“plan” gives the highest 2030 share (35.0%)" in text
    assert "“shock” the lowest (28.0%)" in text
    part = {"n": 20, "n_band": 20, "n_warmup": 0, "n_zero_width": 0, "mae": 0.012,
            "bias": 0.004, "coverage50": 0.25, "ci50": (0.09, 0.49), "verdict50": "too_narrow",
            "coverage80": 0.75, "ci80": (0.51, 0.91), "verdict80": "consistent"}
    wide = dict(part, n_band=16, n_warmup=4, coverage50=0.9, ci50=(0.68, 0.99),
                verdict50="too_wide")
    acc = pd.DataFrame({"engine": [0.012, 0.05], "ar1_logdrift": [0.02, 0.2],
                        "naive": [0.03, 0.1], "n": [20, 4]}, index=["growth", "level"])
    summary = {"engine_raw": part, "engine_calibrated": wide, "engine_conditional": None,
               "accuracy": acc, "zero_width": 2, "zero_width_methods": ["ar1_logdrift"],
               "min_errors": 4, "kinds": {"growth": {"raw": part, "calibrated": wide},
                                          "share": {"raw": None, "calibrated": None}}}
    bt = narrative.backtest(EN, summary)
    assert "real GRDP growth by 1.2 percentage points" in bt and "GRDP levels by 5.0%" in bt
    # coverage is stated per kind of quantity, never pooled
    assert "Real GRDP growth: With the engine's raw Monte Carlo bands, the 80% band" in bt
    assert "the 80% band held the published value in 75% of 20 cases" in bt
    assert "(95% interval 51%–91%): consistent with the nominal 80%" in bt
    assert "50% band" not in bt  # the 80% band per kind; the 50% band is in the table
    assert "4 early forecasts" in bt and "2 forecasts with a zero-width band" in bt
    vi = narrative.backtest(VI, summary)
    assert "phù hợp với mức xác suất đã định 80% của khoảng dự báo" in vi
    assert "1,2 điểm phần trăm với tăng trưởng GRDP theo giá so sánh" in vi and "51%–91%" in vi


def test_central_note_states_the_rank_the_skew_and_the_bias_direction():
    from types import SimpleNamespace

    from hpresearch.uncertainty.fan_scaling import SCALE_COLUMNS, FanCalibration

    def fan(bias):
        rows = {h: {"bias": bias, **{c: 1.0 for c in SCALE_COLUMNS}, "n": 40, "n_horizon": 8,
                    "rule": "pooled"} for h in (1, 5)}
        return FanCalibration(table=pd.DataFrame.from_dict(rows, orient="index")).to_dict()

    def NS(**kw):
        return SimpleNamespace(target_year=2030, years=list(range(2025, 2031)), **kw)

    fan_up = fan(0.9)
    central = NS(deterministic_rank=0.489, skew=None, fan=fan_up)
    en = narrative.central_note(EN, central)
    assert en.startswith("The deterministic projection lies at percentile 48.9 of the model's "
                         "own simulated distribution (within percentiles 35–65).")
    assert "lies above the deterministic projection" in en and "fall short" in en
    vi = narrative.central_note(VI, central)
    assert "phân vị 48,9" in vi and "cao hơn dự báo tất định" in vi
    down = NS(deterministic_rank=0.5, skew=None, fan=fan(-0.4))
    assert "lies below the deterministic projection" in narrative.central_note(EN, down)
    # no calibration: no bias sentence; no rank: nothing
    assert "calibrated median" not in narrative.central_note(EN, NS(deterministic_rank=0.5,
                                                                   skew=None, fan=None))
    assert narrative.central_note(EN, NS(deterministic_rank=float("nan"), skew=None, fan=None)) == ""
    skewed = NS(deterministic_rank=0.30, fan=None,
                skew={"mechanism": "fdi_digital_shock", "rank_without": 0.47})
    text = narrative.central_note(EN, skewed)
    assert "percentile 30.0" in text and "percentile 47.0" in text and "outside" in text


def test_target_text_follows_the_qualifier_vocabulary():
    from types import SimpleNamespace as NS
    assert narrative.target_text(EN, NS(value=0.35, qualifier="gt")) == "above 35%"
    assert narrative.target_text(VI, NS(value=0.35, qualifier="gt")) == "trên 35%"
    # the vocabulary spells "at least" gte (it was tested as "ge", which never occurs)
    assert narrative.target_text(EN, NS(value=0.35, qualifier="gte")) == "at least 35%"
    assert narrative.target_text(VI, NS(value=0.312, qualifier="")) == "31,2%"


# -- two base figures, two cities (issue 20) -----------------------------------------------
@pytest.mark.parametrize("lang", ["vi", "en"])
def test_base_figures_name_each_city_and_how_the_start_was_got(lang):
    """The published figures (GSO): the old city's 29.7% for 2023 (ictvn, vnexpress) and the
    merged city's 22.28% for 2021-2025 (vietnam.vn); the merged start is the panel's 2025
    value derived from the latter (period_to_point), not an observation."""
    from hpresearch import data
    from hpresearch.report import overview
    from hpresearch.report.narrative import base_figures

    L = Localizer(lang)
    obs = data.load_observations()
    merged = overview.base_figures(obs, "merged", "gso")
    assert (merged["old"]["value"], int(merged["old"]["year"])) == (29.7, 2023)
    assert merged["merged"]["value"] == 22.28
    assert merged["start"]["year"] == 2025
    assert merged["start"]["method"] == "derived:period_to_point"
    text = base_figures(L, merged, "merged")
    for share in (0.297, 0.2228, merged["start"]["share"]):
        assert L.percent(share) in text
    assert L("narr.base.two_cities") in text and L("base_how.derived:period_to_point") in text
    old = overview.base_figures(obs, "pre_merger", "gso")
    assert old["merged"] is None and old["start"]["method"] == "observed"
    text = base_figures(L, old, "pre_merger")
    assert L.percent(0.297) in text and L("narr.base.two_cities") not in text


def test_scenario_differences_name_the_two_largest_opposite_pulls():
    """Issue 20: why a scenario ends above or below the reference, by hand: B differs by
    -2.0 pp, from GRDP growth (-3.0) against core capacity (+1.2); the small parts are not
    named."""
    from hpresearch.report.narrative import scenario_differences

    base = {"start": 0.2, "prices": 0.0, "baseline": 0.01, "digitalised": 0.01}
    table = pd.DataFrame([
        {"title": "A", **base, "core": 0.05, "grdp": -0.06, "end": 0.21, "total": 0.01},
        {"title": "B", **base, "digitalised": 0.0102, "core": 0.062, "grdp": -0.09,
         "end": 0.1922, "total": -0.0078},
    ])
    table.attrs["year"] = 2030
    L = Localizer("en")
    text = scenario_differences(L, table, "A")
    assert text == ("Against the “A” scenario (deterministic projection, 2030): “B” -1.8 "
                    "percentage points (largest differences: GRDP growth -3.0 percentage "
                    "points, core digital capacity +1.2 percentage points).")


def test_attribution_table_rows_add_up():
    """Each row's parts sum to its total, and the total is end - start (LMDI-I identity)."""
    from hpresearch import model
    from hpresearch.model.attribution import PARTS
    from hpresearch.report.compare import attribution_table
    from types import SimpleNamespace

    answers = [SimpleNamespace(projection=model.project(n, "merged", "gso"),
                               titles={"en": n, "vi": n}) for n in ("trend", "plan")]
    table = attribution_table(answers, 2030, "en")
    assert list(table["title"]) == ["trend", "plan"] and table.attrs["year"] == 2030
    for _, row in table.iterrows():
        assert sum(row[p] for p in PARTS) == pytest.approx(row["total"], abs=1e-12)
        assert row["end"] - row["start"] == pytest.approx(row["total"], abs=1e-12)
