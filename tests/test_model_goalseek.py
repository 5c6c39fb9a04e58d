"""Goal-seek: round trip within 0.05 pp, written scenarios reproduce, unreachable said plainly."""
from __future__ import annotations

import math

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from hpresearch.errors import ScenarioError, UsageError
from hpresearch.invest.goalseek import goal_seek, lever_name, write_scenario
from hpresearch.model.projection import project
from hpresearch.calibration.synthetic import synthetic_calibration

CAL = synthetic_calibration()
#: The same calibration without the pace limit: round trips test the solver, not the limit.
FREE = synthetic_calibration(pace_limit=1.0)
TOL = 0.0005  # 0.05 percentage points


@pytest.mark.filterwarnings("ignore::hpresearch.parameters.registry.ScenarioWarning")
@settings(max_examples=25, deadline=None)
@given(target=st.floats(0.33, 0.55), year=st.integers(2027, 2032),
       lever=st.sampled_from(["core_domestic_investment", "fdi_digital"]))
def test_round_trip_hits_target(target, year, lever):
    res = goal_seek("trend", target=target, year=year, lever=lever, calibration=FREE)
    assert res.status == "solved"
    assert abs(res.achieved_share - target) < TOL
    # re-run the projection with the solved lever as an override: same share
    start, stop = res.policy_years
    df = project("trend", calibration=FREE, end_year=year,
                 overrides={res.lever: {start: res.value, stop: res.value}})
    assert abs(df.loc[year, "de_share"] - target) < TOL


def test_solution_is_the_unique_crossing():
    res = goal_seek("trend", target=0.40, year=2030, lever="fdi_digital", calibration=FREE)
    lo = project("trend", calibration=FREE, overrides={res.lever: {2026: res.value * 0.99}})
    hi = project("trend", calibration=FREE, overrides={res.lever: {2026: res.value * 1.01}})
    assert lo.loc[2030, "de_share"] < 0.40 < hi.loc[2030, "de_share"]


def test_result_fields_by_hand():
    res = goal_seek("trend", target=0.40, year=2030, lever="fdi_digital_usd_bn", calibration=FREE)
    assert res.unit.startswith("USD bn")
    assert res.value_vnd_bn == pytest.approx(res.value * FREE.latest_vnd_per_usd)
    y, v = FREE.latest["fdi_usd_bn"]
    assert res.latest_actual == (y, pytest.approx(0.37 * v))
    assert res.ratio_to_latest == pytest.approx(res.value / (0.37 * v))
    assert res.policy_years == (2026, 2030)
    df = project("trend", calibration=FREE, overrides={res.lever: {2026: res.value}})
    d = df["digital_va_constant_vnd_bn"]
    assert res.digital_va_growth == pytest.approx((d[2030] / d[2023]) ** (1 / 7) - 1, rel=1e-9)
    pct = (res.value * FREE.latest_vnd_per_usd / df.loc[2026:2030, "grdp_current_vnd_bn"]).mean()
    assert res.pct_of_grdp == pytest.approx(pct, rel=1e-9)
    text = res.summary()
    assert "boundary pre_merger" in text and "basis gso" in text and "Required:" in text


def test_unreachable_is_said_plainly():
    res = goal_seek("trend", target=0.60, year=2030, lever="dx_spending", calibration=FREE)
    assert res.status == "unreachable" and not res.reachable
    assert res.value == 187000.0
    assert res.best_share < 0.60
    assert "NOT REACHABLE" in res.summary() and f"{res.best_share:.2%}" in res.summary()


def test_already_reached_at_lower_limit():
    res = goal_seek("trend", target=0.05, year=2030, lever="core_domestic_investment",
                    calibration=CAL)
    assert res.status == "already_reached" and res.value == 0.0


def test_write_scenario_reproduces_target(tmp_path):
    res = goal_seek("plan", target=0.42, year=2030, lever="fdi_digital", calibration=FREE,
                    overrides=["capacity_decay=0.1"])
    out = write_scenario(res, tmp_path / "solved.yaml")
    doc = yaml.safe_load(out.read_text())
    assert doc["meta"]["modifies"] == "plan"
    assert doc["params"]["capacity_decay"] == 0.1
    df = project(out, calibration=FREE)
    assert abs(df.loc[2030, "de_share"] - 0.42) < TOL
    assert not list(tmp_path.glob(".*"))  # no temporary file left


def test_write_scenario_for_file_input_and_composition(tmp_path):
    base = tmp_path / "sub"
    base.mkdir()
    (base / "mine.yaml").write_text(
        "meta: {title: m, description: d, author: a, reference: [u], modifies: trend}\n"
        "params: {real_growth: 0.12}\n")
    res = goal_seek(base / "mine.yaml", target=0.40, lever="fdi_digital", calibration=FREE)
    out = write_scenario(res, tmp_path / "solved.yaml")
    assert yaml.safe_load(out.read_text())["meta"]["modifies"] == "sub/mine.yaml"
    assert abs(project(out, calibration=FREE).loc[2030, "de_share"] - 0.40) < TOL
    res2 = goal_seek("plan+electronics_shock", target=0.40, lever="fdi_digital", calibration=FREE)
    out2 = write_scenario(res2, tmp_path / "solved2.yaml")
    assert yaml.safe_load(out2.read_text())["meta"]["modifies"] is None
    assert abs(project(out2, calibration=FREE).loc[2030, "de_share"] - 0.40) < TOL


@pytest.mark.parametrize("kwargs,error,rule", [
    ({"lever": "gdp"}, UsageError, "^lever: value 'gdp' is not one of"),
    ({"target": 40}, UsageError, "^target: value 40 must be a share strictly between 0 and 1"),
    ({"target": True}, UsageError, "strictly between 0 and 1"),
    ({"year": 2050}, UsageError, r"^year: value 2050 must be an integer in \[2025, 2045\]"),
    ({"year": 2027, "overrides": {"first_policy_year": 2028}}, ScenarioError,
     "^year: value 2027 is before the first policy year 2028"),
])
def test_bad_goal_seek_arguments(kwargs, error, rule):
    with pytest.raises(error, match=rule):
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
                    calibration=FREE)
    out = write_scenario(res, tmp_path / "s.yaml")
    assert scenario_text(out, "title", "vi").startswith("Tìm mục tiêu:")
    assert scenario_text(out, "description", "vi") != scenario_text(out, "description", "en")


# --------------------------------------------------------------------------------------
# Pace limit: no solved path raises the share by more than share_pace_limit in a year
# --------------------------------------------------------------------------------------
def _max_rise(res, calibration):
    start, stop = res.policy_years
    df = project(res.scenario_path or res.scenario, calibration=calibration, end_year=res.year,
                 overrides={**res.overrides, res.lever: {start: res.value, stop: res.value}})
    return float(df["de_share"].diff().max())


def test_too_fast_is_reported_with_the_credible_level():
    res = goal_seek("trend", target=0.55, year=2030, lever="fdi_digital", calibration=CAL)
    assert res.status == "too_fast" and not res.reachable
    assert res.pace_limit == pytest.approx(0.02)
    assert res.max_annual_rise > 0.02
    # the level it would need does reach the target (the unconstrained solution) ...
    assert abs(res.achieved_share - 0.55) < TOL
    free = goal_seek("trend", target=0.55, year=2030, lever="fdi_digital", calibration=FREE)
    assert free.status == "solved" and res.value == pytest.approx(free.value, rel=1e-8)
    # ... and the credible level is the largest whose fastest year rises exactly 2 pp
    assert res.credible_value < res.value and res.credible_share < 0.55
    start, stop = res.policy_years
    df = project("trend", calibration=CAL,
                 overrides={res.lever: {start: res.credible_value, stop: res.credible_value}})
    assert float(df["de_share"].diff().max()) == pytest.approx(0.02, abs=1e-6)
    assert df.loc[2030, "de_share"] == pytest.approx(res.credible_share, abs=1e-9)
    assert "TOO FAST" in res.summary()


def test_too_fast_is_not_written_as_a_scenario(tmp_path):
    res = goal_seek("trend", target=0.55, year=2030, lever="fdi_digital", calibration=CAL)
    with pytest.raises(Exception, match="above the credible 2.00 pp .share_pace_limit"):
        write_scenario(res, tmp_path / "x.yaml")
    assert not list(tmp_path.iterdir())


@pytest.mark.filterwarnings("ignore::hpresearch.parameters.registry.ScenarioWarning")
@settings(max_examples=20, deadline=None)
@given(target=st.floats(0.31, 0.60), year=st.integers(2027, 2032),
       lever=st.sampled_from(["core_domestic_investment", "fdi_digital", "dx_spending"]),
       limit=st.sampled_from([0.01, 0.02, 0.03]))
def test_property_solved_paths_respect_the_pace_limit(target, year, lever, limit):
    cal = synthetic_calibration(pace_limit=limit)
    res = goal_seek("trend", target=target, year=year, lever=lever, calibration=cal)
    assert res.status in ("solved", "too_fast", "unreachable")
    if res.status == "solved":
        assert res.max_annual_rise <= limit + 1e-9
        assert _max_rise(res, cal) <= limit + 1e-9
    if res.status == "too_fast":
        assert res.max_annual_rise > limit and res.credible_share < target


SHIPPED_SCENARIOS = ("trend", "plan", "breakthrough", "electronics_shock", "anchor_exit")
#: The pace limit on the shipped data, by hand: the fastest same-source annual change of a
#: digital share, Viet Nam's MIC estimate 11.91% (2021) -> 14.26% (2022), both printed by
#: vietnamhoinhap.vn (obs vn-de_share-2021-vnhoinhap, vn-de_share-2022-vnhoinhap).
SHIPPED_PACE = (14.26 - 11.91) / 100


@pytest.mark.filterwarnings("ignore::hpresearch.parameters.registry.ScenarioWarning")
@pytest.mark.parametrize("boundary", ["merged", "pre_merger"])
@pytest.mark.parametrize("scenario", SHIPPED_SCENARIOS)
def test_no_solved_path_on_the_shipped_data_moves_the_share_faster_than_the_limit(scenario,
                                                                                   boundary):
    from hpresearch.calibration.rules import calibrate

    cal = calibrate(boundary, "gso")
    assert cal.pace_limit == pytest.approx(SHIPPED_PACE, abs=1e-12)
    for target in (0.30, 0.35, 0.40):
        for lever in ("core_domestic_investment", "fdi_digital", "dx_spending"):
            res = goal_seek(scenario, target=target, year=2030, lever=lever, calibration=cal)
            if res.status == "solved":
                assert _max_rise(res, cal) <= SHIPPED_PACE + 1e-9, (scenario, boundary, target,
                                                                     lever)
            elif res.status == "too_fast":
                start, stop = res.policy_years
                df = project(scenario, calibration=cal, overrides={
                    res.lever: {start: res.credible_value, stop: res.credible_value}})
                assert float(df["de_share"].diff().max()) <= SHIPPED_PACE + 1e-6


# --------------------------------------------------------------------------------------
# One entry point, one status and pace limit, one jump step
# --------------------------------------------------------------------------------------
def test_solve_with_one_lever_is_goal_seek_and_a_mix_of_one():
    from hpresearch.invest.goalseek import solve

    res = solve("trend", "fdi_digital", target=0.40, calibration=FREE)
    assert res.method == "deterministic" and res.levers == ("fdi_digital_usd_bn",)
    assert res.to_dict() == goal_seek("trend", target=0.40, lever="fdi_digital",
                                      calibration=FREE).to_dict()
    table = res.table()
    assert list(table["lever"]) == ["fdi_digital_usd_bn"]
    assert table.loc[0, "level"] == res.value and table.loc[0, "cost_share"] == 1.0


@pytest.mark.parametrize("kwargs, where", [
    ({"method": "probabilistic"}, "method"),            # no probability
    ({"costs": {"fdi": 1}, "method": "deterministic"}, "method"),
    ({"method": "gradient"}, "method"),
    ({"levers": ["fdi", "dx"]}, "probability"),          # a mix needs a probability
    ({"levers": ["fdi", "dx"], "probability": 0.5, "calibration": CAL}, "calibration"),
])
def test_solve_refuses_arguments_that_do_not_fit_the_method(kwargs, where):
    from hpresearch.errors import UsageError
    from hpresearch.invest.goalseek import solve

    with pytest.raises(UsageError, match=f"^{where}: "):
        solve("trend", **kwargs)


def test_pace_check_decides_status_and_credible_point():
    from hpresearch.invest.investment import pace_check

    def rise(x):
        return 0.01 * x  # the rise grows with the level; the limit 0.02 is met at x = 2

    assert pace_check("solved", 0.01, 0.02, rise, 0.0, 1.0) == ("solved", None)
    status, x = pace_check("solved", 0.05, 0.02, rise, 0.0, 5.0)
    assert status == "too_fast" and x == pytest.approx(2.0, abs=1e-8)
    assert pace_check("unreachable", 0.05, 0.02, rise, 0.0, 5.0)[0] == "unreachable"
    assert pace_check("already_reached", 0.05, 0.02, rise, 0.0, 5.0) == ("already_reached", None)
    assert pace_check("solved", 0.05, 0.02, lambda x: 0.03, 0.0, 5.0) == ("too_fast", 0.0)


def test_upper_side_steps_over_the_jump_with_doubling_steps():
    from hpresearch.uncertainty.montecarlo import upper_side

    calls = []

    def step_function(x):
        calls.append(x)
        return 1.0 if x >= 1.0 else 0.0

    x, m = upper_side(step_function, 0.99, 0.5, 0.001, 2.0)
    assert m == 1.0 and 1.0 <= x < 1.03 and calls[1:3] == [pytest.approx(0.991),
                                                          pytest.approx(0.993)]
    assert upper_side(lambda x: 0.0, 0.0, 0.5, 0.1, 1.0) == (1.0, 0.0)  # stops at the end


def test_a_given_calibration_is_refused_with_a_probability():
    """The probabilistic method draws on the panel's calibration; a caller's calibration
    would move the central path but not the draws, so it is refused, naming the argument."""
    with pytest.raises(UsageError, match=r"^calibration: ") as err:
        goal_seek("trend", target=0.40, lever="fdi_digital", calibration=synthetic_calibration(),
                  probability=0.8, draws=100)
    assert err.value.argument == "calibration"
