"""One city across the merger (issue 9 §4-5) on the shipped data: the two boundaries
reconcile in 2025, targets are sourced observations per boundary, the old city's 40% has a
merged-city equivalent computed from the documented weights."""
from __future__ import annotations

import pytest

from hpresearch import data
from hpresearch.model import project
from hpresearch.model.merger import MERGER_YEAR, hai_duong_grdp, merged_equivalent, reconciliation


@pytest.fixture(scope="module")
def rec():
    return reconciliation("trend").set_index("item")


def test_sum_of_parts_is_within_2pct_of_the_merged_city(rec):
    v = rec["value"]
    merged = data.year_estimate(None, "grdp_current", "hai_phong_merged", MERGER_YEAR)
    assert merged["period_type"] == "annual"
    assert v["merged_city_grdp"] == pytest.approx(merged["value"], rel=1e-12)   # 734,420
    assert abs(v["sum_of_parts_grdp"] / v["merged_city_grdp"] - 1) < 0.02
    assert v["gap_sum_vs_merged"] == pytest.approx(
        (v["old_city_grdp"] + v["hai_duong_grdp"]) / v["merged_city_grdp"] - 1, abs=1e-15)


def test_old_city_digital_value_added_does_not_exceed_the_merged_city(rec):
    v = rec["value"]
    assert 0 < v["old_city_digital_va"] <= v["merged_city_digital_va"]
    assert 0 <= v["hai_duong_share"] < v["old_city_digital_va"] / v["old_city_grdp"]


def test_hai_duong_grdp_is_derived_by_hand_and_labelled():
    hd = hai_duong_grdp()
    obs = data.load_observations()
    prev = data.year_estimate(obs, "grdp_current", "hai_duong", MERGER_YEAR - 1)
    growth = data.year_estimate(obs, "grdp_growth_real", "hai_duong", MERGER_YEAR)
    defl = data.build_panel("merged", "gso").values["grdp_deflator"]
    expected = prev["value"] * (1 + growth["value"] / 100) * defl[MERGER_YEAR] / defl[MERGER_YEAR - 1]
    assert hd["method"].startswith("derived:") and hd["value"] == pytest.approx(expected, rel=1e-12)
    assert prev["value"] == 212_386  # Hai Duong's published 2024 GRDP (see its obs_id)
    assert set(hd["obs_ids"]) == {prev["obs_id"], growth["obs_id"]}


def test_old_city_in_2025_leaves_hai_duong_at_least_its_2024_gdp(rec):
    """The previous engine's 2025 old-city GRDP left less for Hai Duong than its 2024 GRDP."""
    v = rec["value"]
    hd_2024 = data.year_estimate(None, "grdp_current", "hai_duong", MERGER_YEAR - 1)["value"]
    assert v["merged_city_grdp"] - v["old_city_grdp"] > hd_2024


def test_merged_equivalent_of_the_forum_goal_by_hand(rec):
    v = rec["value"]
    eq = merged_equivalent(0.40)
    w = v["old_city_grdp"] / v["merged_city_grdp"]
    assert eq["weight_old_city"] == pytest.approx(w)
    assert eq["value"] == pytest.approx(w * 0.40 + (1 - w) * v["hai_duong_share"])
    assert v["hai_duong_share"] < eq["value"] < 0.40


@pytest.mark.parametrize("boundary, geography, obs_id, value, qualifier", [
    ("merged", "hai_phong_merged", "hpm-de_share_target-2030-plo886081", 35.0, "gt"),
    ("pre_merger", "hai_phong", "hp-de_share_target-2030-forum2024", 40.0, ""),
])
def test_default_target_is_the_boundary_official_one(boundary, geography, obs_id, value,
                                                     qualifier):
    row = data.official_target(None, geography, 2030)
    assert row["obs_id"] == obs_id and row["value"] == value and row["qualifier"] == qualifier
    assert row["source_url"].startswith("https://")
    df = project("trend", boundary=boundary)
    assert df.attrs["target"]["value"] == pytest.approx(value / 100)
    assert df.attrs["target"]["obs_id"] == obs_id
    assert df.attrs["target_is_official"]
    assert (df["gap_to_target"] == df["de_share"] - value / 100).all()


def test_earlier_targets_are_kept_as_data():
    t = data.targets(None, ["hai_phong"], indicators=("de_share_target",))
    by_year = t.groupby("year")["value"].apply(set).to_dict()
    assert {25.0, 35.0} <= by_year[2025] and {35.0, 40.0} <= by_year[2030]
    assert t["source_url"].str.startswith("https://").all()


def test_merged_is_the_default_boundary():
    assert project("trend").attrs["boundary"] == "merged"
    from hpresearch.invest import goal_seek
    from hpresearch.uncertainty import simulate

    assert goal_seek("trend", lever="dx_spending").boundary == "merged"
    assert simulate("trend", draws=50, lever=None).boundary == "merged"
