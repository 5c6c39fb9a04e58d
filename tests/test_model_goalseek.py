"""Goal-seek: round trip within 0.05 pp, written scenarios reproduce, unreachable said plainly."""
from __future__ import annotations

import math

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from hpresearch.errors import ScenarioError
from hpresearch.model.goalseek import goal_seek, lever_name, write_scenario
from hpresearch.model.projection import project
from hpresearch.calibration.synthetic import synthetic_calibration

CAL = synthetic_calibration()
TOL = 0.0005  # 0.05 percentage points


@pytest.mark.filterwarnings("ignore::hpresearch.model.registry.ScenarioWarning")
@settings(max_examples=25, deadline=None)
@given(target=st.floats(0.33, 0.55), year=st.integers(2027, 2032),
       lever=st.sampled_from(["core_domestic_investment", "fdi_digital"]))
def test_round_trip_hits_target(target, year, lever):
    res = goal_seek("trend", target=target, year=year, lever=lever, calibration=CAL)
    assert res.status == "solved"
    assert abs(res.achieved_share - target) < TOL
    # re-run the projection with the solved lever as an override: same share
    start, stop = res.policy_years
    df = project("trend", calibration=CAL, horizon=year,
                 overrides={res.lever: {start: res.value, stop: res.value}})
    assert abs(df.loc[year, "de_share"] - target) < TOL


def test_solution_is_the_unique_crossing():
    res = goal_seek("trend", target=0.40, year=2030, lever="fdi_digital", calibration=CAL)
    lo = project("trend", calibration=CAL, overrides={res.lever: {2026: res.value * 0.99}})
    hi = project("trend", calibration=CAL, overrides={res.lever: {2026: res.value * 1.01}})
    assert lo.loc[2030, "de_share"] < 0.40 < hi.loc[2030, "de_share"]


def test_result_fields_by_hand():
    res = goal_seek("trend", target=0.40, year=2030, lever="fdi_digital_usd_bn", calibration=CAL)
    assert res.unit.startswith("USD bn")
    assert res.value_vnd_bn == pytest.approx(res.value * CAL.latest_vnd_per_usd)
    y, v = CAL.latest["fdi_usd_bn"]
    assert res.latest_actual == (y, pytest.approx(0.37 * v))
    assert res.ratio_to_latest == pytest.approx(res.value / (0.37 * v))
    assert res.policy_years == (2026, 2030)
    df = project("trend", calibration=CAL, overrides={res.lever: {2026: res.value}})
    d = df["digital_va_constant_vnd_bn"]
    assert res.digital_va_growth == pytest.approx((d[2030] / d[2023]) ** (1 / 7) - 1, rel=1e-9)
    pct = (res.value * CAL.latest_vnd_per_usd / df.loc[2026:2030, "grdp_current_vnd_bn"]).mean()
    assert res.pct_of_grdp == pytest.approx(pct, rel=1e-9)
    text = res.summary()
    assert "boundary pre_merger" in text and "basis gso" in text and "Required:" in text


def test_unreachable_is_said_plainly():
    res = goal_seek("trend", target=0.60, year=2030, lever="dx_spending", calibration=CAL)
    assert res.status == "unreachable" and not res.reachable
    assert res.value == 187000.0
    assert res.best_share < 0.60
    assert "NOT REACHABLE" in res.summary() and f"{res.best_share:.2%}" in res.summary()


def test_already_reached_at_lower_limit():
    res = goal_seek("trend", target=0.05, year=2030, lever="core_domestic_investment",
                    calibration=CAL)
    assert res.status == "already_reached" and res.value == 0.0


def test_write_scenario_reproduces_target(tmp_path):
    res = goal_seek("plan", target=0.42, year=2030, lever="fdi_digital", calibration=CAL,
                    overrides=["depreciation_core=0.25"])
    out = write_scenario(res, tmp_path / "solved.yaml")
    doc = yaml.safe_load(out.read_text())
    assert doc["meta"]["modifies"] == "plan"
    assert doc["params"]["depreciation_core"] == 0.25
    df = project(out, calibration=CAL)
    assert abs(df.loc[2030, "de_share"] - 0.42) < TOL
    assert not list(tmp_path.glob(".goalseek-*"))


def test_write_scenario_for_file_input_and_composition(tmp_path):
    base = tmp_path / "sub"
    base.mkdir()
    (base / "mine.yaml").write_text(
        "meta: {title: m, description: d, author: a, reference: [u], modifies: trend}\n"
        "params: {non_digital_growth: 0.12}\n")
    res = goal_seek(base / "mine.yaml", target=0.40, lever="fdi_digital", calibration=CAL)
    out = write_scenario(res, tmp_path / "solved.yaml")
    assert yaml.safe_load(out.read_text())["meta"]["modifies"] == "sub/mine.yaml"
    assert abs(project(out, calibration=CAL).loc[2030, "de_share"] - 0.40) < TOL
    res2 = goal_seek("plan+electronics_shock", target=0.40, lever="fdi_digital", calibration=CAL)
    out2 = write_scenario(res2, tmp_path / "solved2.yaml")
    assert yaml.safe_load(out2.read_text())["meta"]["modifies"] is None
    assert abs(project(out2, calibration=CAL).loc[2030, "de_share"] - 0.40) < TOL


@pytest.mark.parametrize("kwargs,rule", [
    ({"lever": "gdp"}, "is not a lever"),
    ({"target": 40}, "strictly between 0 and 1"),
    ({"target": True}, "strictly between 0 and 1"),
    ({"year": 2050}, "must be between"),
    ({"year": 2024}, "before the first policy year"),
])
def test_bad_goal_seek_arguments(kwargs, rule):
    with pytest.raises(ScenarioError, match=rule):
        goal_seek("trend", calibration=CAL, **kwargs)


def test_lever_aliases():
    assert lever_name("fdi_digital") == "fdi_digital_usd_bn"
    assert lever_name("dx_spending") == "dx_spending_vnd_bn"
    assert lever_name("core_domestic_investment") == "core_domestic_investment_vnd_bn"


def test_write_scenario_rejects_bad_path(tmp_path):
    res = goal_seek("trend", lever="fdi_digital", calibration=CAL)
    with pytest.raises(ScenarioError, match="must end in .yaml"):
        write_scenario(res, tmp_path / "x.txt")
    with pytest.raises(ScenarioError, match="folder does not exist"):
        write_scenario(res, tmp_path / "missing" / "x.yaml")
    assert math.isfinite(res.value)


def test_write_scenario_carries_vietnamese_meta(tmp_path):
    from hpresearch.model.scenario import scenario_text

    res = goal_seek("plan", target=0.42, year=2030, lever="fdi_digital",
                    calibration=synthetic_calibration())
    out = write_scenario(res, tmp_path / "s.yaml")
    assert scenario_text(out, "title", "vi").startswith("Tìm mục tiêu:")
    assert scenario_text(out, "description", "vi") != scenario_text(out, "description", "en")
