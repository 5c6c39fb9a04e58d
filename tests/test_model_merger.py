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
    """2024 GRDP x (1 + 2025 real growth) x (1 + Viet Nam's 2025 GDP deflator change): Hai
    Duong publishes no 2025 current-price level, so no own 2025 deflator."""
    hd = hai_duong_grdp()
    obs = data.load_observations()
    prev = data.year_estimate(obs, "grdp_current", "hai_duong", MERGER_YEAR - 1)
    growth = data.year_estimate(obs, "grdp_growth_real", "hai_duong", MERGER_YEAR)
    assert prev["value"] == 212_386 and growth["value"] == 11.59  # published rows
    # Viet Nam: GDP 12,847.6 (2025) and 11,511.9 (2024) thousand bn at current prices, +8.02% real
    pi_vn = 12_847_600 / 11_511_900 / 1.0802 - 1
    assert pi_vn == pytest.approx(0.03317, abs=1e-5)
    assert hd["value"] == pytest.approx(212_386 * 1.1159 * (1 + pi_vn), rel=1e-12)
    assert hd["method"] == "derived:hai_duong_estimate" and "Viet Nam's GDP deflator" in hd["note"]
    assert {prev["obs_id"], growth["obs_id"], "res-vn-grdp_current-2025-vnplus",
            "vn-grdp_current-2024-vtv", "vn-grdp_growth_real-2025-plo889946"} == set(hd["obs_ids"])


def test_deflator_changes_of_2025_by_hand():
    """Before: Hai Duong's 2025 GRDP took the merged city's implied 2025 deflator change,
    which three published figures fix whatever Hai Duong's deflator: 734,420 / (445,995 +
    212,386) / 1.1181 - 1 = -0.23%. After: Hai Duong's own change where its current-price
    levels imply one (2022: 169,179 / 149,090 / 1.0912 - 1), else Viet Nam's (+3.32% in 2025)."""
    merged = data.build_panel("merged", "gso").values["grdp_deflator"]
    hand = 734_420 / (445_995 + 212_386) / 1.1181 - 1
    assert hand == pytest.approx(-0.00233, abs=1e-5)
    assert merged[2025] / merged[2024] - 1 == pytest.approx(hand, rel=1e-9)
    own = data.deflator_change("hai_duong", 2022)
    assert own["method"] == "derived:implied_deflator"
    assert own["value"] == pytest.approx(169_179 / 149_090 / 1.0912 - 1, rel=1e-9)
    vn = data.deflator_change("hai_duong", 2025)
    assert vn["method"] == "derived:national_deflator_growth"
    assert vn["value"] == pytest.approx(12_847_600 / 11_511_900 / 1.0802 - 1, rel=1e-12)
    assert data.deflator_change("vietnam", 2025)["value"] == vn["value"]


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


def test_merged_equivalent_range_over_documented_methods(rec):
    """Each method is w x 40% + (1 - w) x s_HD with its own w and s_HD (closed form)."""
    v = rec["value"]
    eq = merged_equivalent(0.40)
    m = {x["method"]: x for x in eq["methods"]}
    assert list(m) == ["weights_2025", "weights_2030", "base_share_reading",
                       "hai_duong_published"]
    w25, y_m, y_o = v["old_city_grdp"] / v["merged_city_grdp"], v["merged_city_grdp"], v["old_city_grdp"]
    old30 = project("trend", boundary="pre_merger", end_year=2030).loc[2030, "grdp_current_vnd_bn"]
    new30 = project("trend", boundary="merged", end_year=2030).loc[2030, "grdp_current_vnd_bn"]
    # the 2021-2025 figure 22.28% read as the 2025 value instead of 22.28 x 14.02 / 13.20
    s_unconverted = (0.2228 * y_m - v["old_city_digital_va"]) / (y_m - y_o)
    hand = {"weights_2025": (w25, v["hai_duong_share"]),
            "weights_2030": (old30 / new30, v["hai_duong_share"]),
            "base_share_reading": (w25, s_unconverted),
            "hai_duong_published": (w25, 0.20)}   # res-hd-de_share_target-2025-nhandan
    for name, (w, s_hd) in hand.items():
        assert m[name]["weight_old_city"] == pytest.approx(w, rel=1e-12), name
        assert m[name]["hai_duong_share"] == pytest.approx(s_hd, rel=1e-9), name
        assert m[name]["value"] == pytest.approx(w * 0.40 + (1 - w) * s_hd, rel=1e-9), name
    assert eq["methods"][0]["value"] == eq["value"]
    assert eq["low"] == min(x["value"] for x in eq["methods"]) == m["base_share_reading"]["value"]
    assert eq["high"] == max(x["value"] for x in eq["methods"]) == m["hai_duong_published"]["value"]
    assert eq["low"] < eq["value"] < eq["high"] < 0.40
    assert "over 4 methods" in eq["note"]


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
