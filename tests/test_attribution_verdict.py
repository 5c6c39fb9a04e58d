"""Issue 20: the verdict first, and why the share moves (exact attribution)."""
from __future__ import annotations

import math
from types import SimpleNamespace

import pandas as pd
import pytest

from hpresearch.i18n import Localizer
from hpresearch.model.attribution import PARTS, attribute, factors, log_mean
from hpresearch.report import narrative

EN, VI = Localizer("en"), Localizer("vi")
SCENARIOS = ("trend", "plan", "breakthrough", "electronics_shock", "anchor_exit")


# -- attribution -----------------------------------------------------------------------------
def _toy(dc, dd, y, drift=(1.0, 1.0), offset=None):
    p = pd.DataFrame({"grdp_constant_vnd_bn": y, "core_va_constant_vnd_bn": dc,
                      "deflator": [1.0, 1.0], "digital_deflator": list(drift)},
                     index=pd.Index([2025, 2030], name="year"))
    o = [0.0, 0.0] if offset is None else list(offset)
    gap = [oi * yi / di for oi, yi, di in zip(o, y, drift)]
    p["digitalised_va_constant_vnd_bn"] = [a + g for a, g in zip(dd, gap)]
    p["de_share"] = [di * (c + d) / yi + oi for di, c, d, yi, oi in zip(drift, dc, dd, y, o)]
    if offset is not None:
        p.attrs["share_baseline_offset"] = o
    return p


def test_two_factor_case_by_hand():
    # s = Dc / Y: 10/100 = 10% -> 20/125 = 16%, a 6-point rise. LMDI-I:
    # core = 0.06 ln 2 / ln 1.6 = 0.088486, grdp = -0.06 ln 1.25 / ln 1.6 = -0.028486
    parts = attribute(_toy(dc=[10.0, 20.0], dd=[0.0, 0.0], y=[100.0, 125.0]))
    assert parts["core"] == pytest.approx(0.088486, abs=1e-6)
    assert parts["grdp"] == pytest.approx(-0.028486, abs=1e-6)
    assert parts["digitalised"] == 0.0 and parts["prices"] == 0.0 and parts["baseline"] == 0.0
    assert parts.attrs["total"] == pytest.approx(0.06, abs=1e-15)
    assert parts.sum() == pytest.approx(0.06, abs=1e-15)


def test_prices_and_baseline_are_their_own_parts():
    # D/Y constant at 20%; the digital deflator rises 10% relative: e 20% -> 22%, all prices;
    # an offset of 1 point at the end is the baseline part, exactly.
    parts = attribute(_toy(dc=[10.0, 15.0], dd=[10.0, 15.0], y=[100.0, 150.0],
                           drift=(1.0, 1.1), offset=(0.0, 0.01)))
    assert parts["prices"] == pytest.approx(0.02, abs=1e-12)
    assert parts["baseline"] == pytest.approx(0.01, abs=1e-15)
    assert parts["core"] + parts["digitalised"] + parts["grdp"] == pytest.approx(0, abs=1e-12)
    assert parts.attrs["total"] == pytest.approx(0.03, abs=1e-12)


def test_log_mean():
    assert log_mean(2.0, 2.0) == 2.0
    assert log_mean(math.e, 1.0) == pytest.approx(math.e - 1.0)


@pytest.mark.parametrize("boundary", ["merged", "pre_merger"])
@pytest.mark.parametrize("scenario", SCENARIOS)
def test_parts_sum_to_the_change_on_every_shipped_scenario(scenario, boundary):
    from hpresearch import model

    proj = model.project(model.load_scenario(scenario), boundary=boundary, end_year=2030)
    f = factors(proj)
    # the factors rebuild the engine's share every year (s = drift (Dc + Dd) / Y + o)
    rebuilt = f["drift"] * (f["core"] + f["digitalised"]) / f["grdp"] + f["offset"]
    assert (rebuilt - proj["de_share"]).abs().max() < 1e-12
    parts = attribute(proj, 2030)
    assert tuple(parts.index) == PARTS
    total = float(proj.loc[2030, "de_share"] - proj["de_share"].iloc[0])
    assert parts.attrs["total"] == pytest.approx(total, abs=1e-15)
    assert abs(parts.sum() - total) < 1e-12
    assert parts["grdp"] < 0  # GRDP grows in every shipped scenario


def test_attribution_sentence_and_chart_in_both_languages():
    from hpresearch.plots.projection_charts import attribution_figure
    from hpresearch.plots.style import alt_text

    parts = attribute(_toy(dc=[10.0, 20.0], dd=[0.0, 0.0], y=[100.0, 125.0]))
    en = narrative.attribution_sentence(EN, parts)
    assert "from 10.0% in 2025 to 16.0% in 2030 (+6.0 percentage points)" in en
    assert "contributes +8.8 percentage points" in en and "-2.8 percentage points" in en
    vi = narrative.attribution_sentence(VI, parts)
    assert "từ 10,0% năm 2025 thành 16,0% năm 2030" in vi and "+8,8 điểm phần trăm" in vi
    for lang in ("en", "vi"):
        assert "2025" in alt_text(attribution_figure(parts, lang=lang))


# -- verdict -------------------------------------------------------------------------------
def _answer(status, level=2.0):
    record = SimpleNamespace(period=2019, value=1.25)
    reality = SimpleNamespace(x_record=level / 1.25, record=record, level_usd_bn=level,
                              scenario=SimpleNamespace(base=(2025, 0.8)))
    median = SimpleNamespace(status=status, total_value=level, value=level, reality=reality,
                             committed=0.0)
    det = SimpleNamespace(status=status, total_value=level, value=level, credible_share=0.317,
                          pace_limit=0.015)
    rows = {"median": median, "p80": det, "deterministic": det}
    req = SimpleNamespace(median=median, p80=det, deterministic=det, rows=lambda: rows)
    official = SimpleNamespace(value=0.35, qualifier="gt")
    return SimpleNamespace(requirement=req, year=2030, official=official, p_official=0.03,
                           probability_basis="model_assumptions", lever="fdi_digital_usd_bn")


def test_verdict_too_fast_leads_with_the_pace_then_the_amount():
    a = _answer("too_fast")
    en = narrative.verdict(EN, a)
    assert en.startswith("Not at a credible pace: at most 31.7% by 2030 against the official "
                         "target of above 35%")
    assert "more than 1.5 percentage points a year" in en
    assert "probability of the target 3% (model assumptions only)" in en
    # 2.0 / 1.25 = 1.6x the record; 2.0 / 0.8 = 2.5x the scenario's own 2025 total
    assert "1.6x the record year of registered FDI (2019)" in en and "2.5x" in en
    vi = narrative.verdict(VI, a)
    assert vi.startswith("Không thể đạt với tốc độ khả thi: đến năm 2030")
    assert "31,7%" in vi and "gấp 1,6 lần" in vi and "gấp 2,5 lần" in vi and "3%" in vi
    value, note = narrative.verdict_card(EN, a)
    assert value == "Not at a credible pace: at most 31.7% by 2030"
    assert note.startswith("Median: ") and "1.6x the record year" in note


def test_verdict_solved_and_unreachable():
    en = narrative.verdict(EN, _answer("solved"))
    assert en.startswith("Reachable at a credible pace: the official target of above 35% "
                         "by 2030 takes ") and "1.6x the record year" in en
    assert narrative.verdict(VI, _answer("solved")).startswith("Có thể đạt với tốc độ khả thi")
    nan = float("nan")
    un = _answer("unreachable", level=nan)
    assert narrative.verdict(EN, un).startswith("Not reachable with this lever")
    assert narrative.verdict(VI, un).startswith("Không thể đạt bằng đòn bẩy này")
    assert narrative.verdict_card(EN, un)[0] == "Not reachable with this lever"


def _summary(statuses):
    n = len(statuses)
    return pd.DataFrame({
        "scenario": [f"s{i}" for i in range(n)], "title_en": [f"S{i}" for i in range(n)],
        "title_vi": [f"K{i}" for i in range(n)], "boundary": "merged", "year": 2030,
        "official_target": 0.35, "official_target_qualifier": "gt",
        "required_median_status": statuses, "credible_share": [0.30, 0.317, 0.29][:n],
        "pace_limit": 0.015, "p_official_target": [0.01, 0.04, 0.02][:n],
        "probability_basis": "model_assumptions",
        "required_median_x_record": [1.5, 1.9, float("nan")][:n]})


def test_index_lead_states_the_verdict():
    from hpresearch.render.index import answer_lead

    rows = _summary(["too_fast", "too_fast", "unreachable"])
    en = answer_lead(rows, "en")
    assert en.startswith("At a credible pace none of the 3 scenarios reaches the official "
                         "target of above 35% by 2030: the most any reaches is 31.7% (S1)")
    assert "4% (model assumptions only)" in en and "1.5–1.9x the record year" in en
    vi = answer_lead(rows, "vi")
    assert vi.startswith("Với tốc độ khả thi, không kịch bản nào trong 3 kịch bản")
    assert "31,7% (K1)" in vi and "1,5–1,9 lần" in vi
    some = answer_lead(_summary(["solved", "too_fast"]), "en")
    assert some.startswith("At a credible pace the official target of above 35% by 2030 is "
                           "within reach in 1 of the 2 scenarios (S0)")
    one = answer_lead(_summary(["too_fast"]), "en")
    assert one.startswith("At a credible pace the S0 scenario does not reach the official "
                          "target of above 35% by 2030: the share reaches at most 30.0%")
    assert answer_lead(_summary(["too_fast"]), "vi").startswith(
        "Với tốc độ khả thi, kịch bản K0 không đạt mục tiêu chính thức trên 35%")
