"""The reality check: a requirement beside what the city has attracted (hpresearch.invest.reality).

Expected values are computed by hand from the shipped observation rows, whose values the
tests read and state first (a changed row fails here, not silently downstream).
"""
from __future__ import annotations

import json
import math
from dataclasses import replace
from types import SimpleNamespace

import pandas as pd
import pytest

from hpresearch import data
from hpresearch.backtest.record import ShareRecord
from hpresearch.cli import main
from hpresearch.invest import goal_seek
from hpresearch.invest.reality import (
    fdi_period_average, fdi_record, latest_employment, national_fdi_latest, reality_check,
    reality_of, scenario_fdi, summary_fields)
from hpresearch.invest.requirements import Requirement
from hpresearch.parameters.registry import load_registry
from hpresearch.report.answers import SUMMARY_COLUMNS, ScenarioAnswer, TargetRef, reality_columns

pytestmark = pytest.mark.filterwarnings("ignore::UserWarning")

#: The rows the benchmarks come from.
ROWS = {
    "hp_2024": "hp-fdi_registered-2024-vns2025",          # old city 2024, "nearly $5 billion"
    "hd_2024": "hd-fdi_registered-2024-dndn_hd",          # Hai Duong 2024, 747.2 USD mn
    "hp_2125": "hpm-fdi_registered-2021-2025-vtc",        # old city 2021-2025 total, 20.2
    "hpm_2125": "hpm-fdi_registered-2021-2025-dnhn112600",  # merged 2021-2025, "more than 24"
    "vn_2025": "res-vn-fdi_registered-2025",              # Viet Nam 2025, 38.42
    "jobs": "hp-electronics_employment-2024-vne_qh",      # electronics workers 2024, 107,452
}


@pytest.fixture(scope="module")
def rows():
    values = data.observation_values(None, ROWS.values())
    return {k: values[v] for k, v in ROWS.items()}


def test_the_rows_hold_the_published_figures(rows):
    assert rows == {"hp_2024": 5.0, "hd_2024": 747.2, "hp_2125": 20.2, "hpm_2125": 24.0,
                    "vn_2025": 38.42, "jobs": 107452.0}


def test_merged_ratios_by_hand(rows):
    level = 8.47
    c = reality_check(level, "usd_bn", "merged")
    # record: 2024, old city 5.0 + Hai Duong 747.2 USD mn = 5.7472 USD bn (the panel's sum)
    assert c.record.period == "2024" and c.record.method == "derived:merged_sum"
    assert set(c.record.obs_ids) == {ROWS["hp_2024"], ROWS["hd_2024"]}
    assert c.record.value == pytest.approx(rows["hp_2024"] + rows["hd_2024"] / 1000)
    assert c.x_record == pytest.approx(8.47 / 5.7472)                 # 1.474
    # 2021-2025: the merged city's own row, "more than 24" -> 4.8 a year, a lower bound
    assert c.average.obs_ids == (ROWS["hpm_2125"],) and c.average.qualifier == "gt"
    assert c.average.value == pytest.approx(24 / 5)
    assert c.x_average == pytest.approx(8.47 / 4.8)                   # 1.765, an upper bound
    assert c.average.confidence == "low"  # the row's own rating: the territory is inferred
    assert "at most 1.8x the 2021-2025 average (more than USD 4.80 billion a year, a " \
           "low-confidence source)" in c.text("en")
    # national: Viet Nam 2025, 38.42
    assert c.national.period == "2025" and c.national.obs_ids == (ROWS["vn_2025"],)
    assert c.x_national == pytest.approx(8.47 / 38.42)                # 0.220


def test_pre_merger_ratios_by_hand(rows):
    c = reality_check(8.1, "usd_bn", "pre_merger")
    # record: 2024, 5.0 (observed); 2021-2025: 20.2 / 5 = 4.04
    assert (c.record.period, c.record.method, c.record.value) == ("2024", "observed", 5.0)
    assert c.average.value == pytest.approx(rows["hp_2125"] / 5)
    assert c.average.obs_ids == (ROWS["hp_2125"],)
    assert c.x_record == pytest.approx(8.1 / 5.0)                     # 1.62
    assert c.x_average == pytest.approx(8.1 / 4.04)                   # 2.005: "2x the average"


def test_employment_ratio_uses_the_registry_parameter_and_the_policy_years(rows):
    spec = load_registry()["fdi_jobs_per_usd_bn"]
    assert spec.default == 10000.0 and "Economic Zone Authority" in spec.citation
    assert "stated range" in spec.citation and spec.plausible == (1750.0, 10000.0)
    c = reality_check(8.1, "usd_bn", "pre_merger", policy_years=(2026, 2030))
    # 8.1 bn a year x 10,000 workers per bn = 81,000 jobs a year; 5 years -> 405,000,
    # over the 107,452 electronics workers of 2024 = 3.77 ("3.8x")
    assert c.jobs_per_year == pytest.approx(81000)
    assert c.jobs_cumulative == pytest.approx(405000)
    assert c.x_employment == pytest.approx(405000 / 107452)
    assert c.employment.obs_ids == (ROWS["jobs"],) and c.employment.note == ""
    # merged: only the former Hai Phong's figure exists; it says so
    m = latest_employment("merged")
    assert m.value == rows["jobs"] and "hai_phong only" in m.note


def test_vnd_level_is_converted_at_the_given_rate():
    c = reality_check(20000.0, "vnd_bn", "merged", vnd_per_usd=25000.0)
    # 20,000 VND bn / 25,000 VND per USD = 0.8 USD bn
    assert c.level_usd_bn == pytest.approx(0.8)
    assert c.x_record == pytest.approx(0.8 / 5.7472)
    with pytest.raises(Exception, match="vnd_per_usd"):
        reality_check(20000.0, "vnd_bn", "merged")


def test_vnd_lever_result_uses_the_projection_rate_of_the_first_policy_year():
    res = goal_seek("trend", lever="core_domestic_investment", boundary="merged")
    assert res.lever.endswith("_vnd_bn") and res.status != "unreachable"
    c = reality_of(res)
    # the projection carries the latest panel rate (2025) into 2026, the first policy year
    panel = data.build_panel("merged", "gso")
    fx = float(panel.values.loc[2025, "vnd_per_usd"])
    assert res.policy_years[0] == 2026 and c.vnd_per_usd == pytest.approx(fx)
    level = res.total_value if math.isfinite(res.total_value) else res.value
    assert c.level_usd_bn == pytest.approx(level / fx)


def test_unreachable_requirement_gives_nan_ratios_and_says_so():
    c = reality_check(float("nan"), "usd_bn", "merged")
    assert not c.reachable
    for x in (c.x_record, c.x_average, c.x_national, c.x_employment, c.jobs_per_year):
        assert math.isnan(x)
    assert "Not reachable" in c.text("en") and "Không đạt được" in c.text("vi")
    # DX spending alone saturates (adoption ceiling): 95% is out of its reach
    res = goal_seek("trend", target=0.95, boundary="merged", lever="dx_spending")
    assert res.status == "unreachable"
    assert math.isnan(res.reality.x_record)
    assert math.isnan(summary_fields({"median": res.reality})["required_median_x_record"])
    assert json.dumps(res.to_dict())  # NaN -> null, JSON-ready


def test_scenario_fdi_is_the_engine_identity_read_backwards():
    from hpresearch import model
    from hpresearch.calibration.rules import calibrate

    cal = calibrate("merged", "gso")
    df = model.project("trend", boundary="merged", basis="gso")
    s = scenario_fdi("trend", "merged", "gso", 2030)
    # trend sets no FDI level: total = fdi_ratio x nominal GRDP / VND per USD in every year
    # without a published value (2025 and 2030 here)
    fx = float(data.build_panel("merged", "gso").values.loc[2025, "vnd_per_usd"])
    for year, total in (s.base, s.target):
        expected = cal.fdi_ratio * df.loc[year, "grdp_current_vnd_bn"] / fx
        assert total == pytest.approx(expected, rel=1e-12), year
    assert s.base[0] == 2025 and s.target[0] == 2030
    assert s.target[1] / s.base[1] > 1.7  # the trend nearly doubles total FDI (5.9 -> 10.4)


def test_text_names_the_ratios_in_both_languages():
    c = reality_check(8.47, "usd_bn", "pre_merger",
                      scenario=scenario_fdi("trend", "pre_merger", "gso", 2030))
    en, vi = c.text("en"), c.text("vi")
    assert "1.7x the record year of registered FDI (2024, USD 5.00 billion)" in en
    assert "2.1x the 2021-2025 average (USD 4.04 billion a year)" in en
    assert "3.9x the electronics workforce of 2024" in en
    assert "gấp 1,7 lần mức vốn FDI đăng ký cao nhất từng đạt (năm 2024, 5,00 tỷ USD)" in vi
    assert "bình quân giai đoạn 2021-2025" in vi and "The scenario itself" in en


def run(capsys, *args):
    code = main(list(args))
    return code, capsys.readouterr().out


def test_cli_goal_seek_prints_and_dumps_the_reality_check(capsys):
    code, out = run(capsys, "goal-seek", "trend", "--boundary", "merged")
    assert code == 0
    line = next(x for x in out.splitlines() if x.startswith("Against reality:"))
    res = goal_seek("trend", boundary="merged")
    assert f"{res.reality.x_record:.1f}x the record year" in line
    assert f"{res.reality.x_average:.1f}x the 2021-2025 average" in line
    code, out = run(capsys, "goal-seek", "trend", "--boundary", "merged", "--format", "json")
    d = json.loads(out)["reality"]
    assert d["x_record"] == pytest.approx(res.reality.x_record)
    assert d["fdi_record"]["obs_ids"] == [ROWS["hp_2024"], ROWS["hd_2024"]]
    assert d["x_avg_2021_2025"] == pytest.approx(res.reality.x_average)
    assert "cao nhất từng đạt" in d["text"]["vi"]


def _requirement():
    # deterministic solves stand in for the Monte Carlo rows (cheap; the same result type)
    det = goal_seek("trend", boundary="pre_merger")
    far = replace(det, status="unreachable")  # an unreachable row
    return Requirement(median=replace(det, draws=10, seed=0), p80=far, deterministic=det)


def test_requirement_rows_each_get_their_ratios():
    req = _requirement()
    tab = req.table()
    d = req.deterministic
    level = d.total_value if math.isfinite(d.total_value) else d.value
    assert tab.loc["median", "x_record"] == pytest.approx(level / 5.0)
    assert tab.loc["median", "x_avg2125"] == pytest.approx(level / 4.04)
    assert math.isnan(tab.loc["p80", "x_record"])
    assert "x the record year" in req.summary()


def test_summary_row_has_the_reality_columns():
    req = _requirement()
    cols = reality_columns(req)
    new = ["required_median_x_record", "required_median_x_avg2125", "required_p80_x_record",
           "required_p80_x_avg2125", "required_deterministic_x_record",
           "required_deterministic_x_avg2125", "fdi_record_year", "fdi_record_usd_bn",
           "fdi_avg_2021_2025_usd_bn", "implied_jobs_median"]
    assert list(cols) == new and all(c in SUMMARY_COLUMNS for c in new)
    assert cols["fdi_record_year"] == 2024 and cols["fdi_record_usd_bn"] == 5.0
    assert cols["fdi_avg_2021_2025_usd_bn"] == pytest.approx(20.2 / 5)
    assert math.isnan(cols["required_p80_x_record"])
    assert cols["implied_jobs_median"] == pytest.approx(req.median.reality.level_usd_bn * 1e4)
    # the whole row: every summary column, the reality ones included
    bands = pd.DataFrame({"p50": [0.3], "p10": [0.25], "p90": [0.35]}, index=[2030])
    sim = SimpleNamespace(bands=bands, deterministic=pd.Series([0.3], index=[2030]),
                          p_target=0.5)
    target = TargetRef(value=0.4, year=2030, kind="official")
    ans = ScenarioAnswer(scenario="trend", titles={}, boundary="pre_merger", basis="gso",
                         year=2030, seed=1, draws=10, lever="fdi_digital_usd_bn",
                         official=target, goal40=target, projection=pd.DataFrame(),
                         simulation=sim, p_goal40=0.5, requirement=req,
                         record=ShareRecord(9, 2, ("hcmc", "vietnam"), 0.02, -0.02, {}, 0, 9,
                                            0.004, 0, math.nan, math.nan, {"n": False}))
    row = ans.row()
    assert list(row) == list(SUMMARY_COLUMNS)
    assert row["required_median_x_record"] == pytest.approx(cols["required_median_x_record"])
