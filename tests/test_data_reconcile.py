"""Reconciliation: the documented default picks, and a caller-supplied rule changes them."""
from __future__ import annotations

import pandas as pd
import pytest

from hpresearch.data import DEFAULT_RULE, PreferenceRule, load_observations, preferred
from hpresearch.errors import UsageError


def _row(obs_id, value, **kw):
    base = dict(obs_id=obs_id, indicator="de_share", geography="vietnam", period="2023",
                year=2023, period_type="annual", value=value, qualifier="", unit="percent",
                basis="gso", price_basis="none", source_url="https://example.org/" + obs_id,
                publisher="p", published="", quote="", note_en="", confidence="medium")
    base.update(kw)
    return base


def test_latest_vintage_wins_by_default():
    obs = pd.DataFrame([_row("a-first", 12.33, published="2023-12-29"),
                        _row("b-revised", 12.87, published="2025-01-06")])
    pick = preferred(obs)
    assert list(pick["obs_id"]) == ["b-revised"]
    assert pick["n_candidates"].iloc[0] == 2 and pick["alternatives"].iloc[0] == "a-first"


def test_custom_rule_changes_the_pick():
    obs = pd.DataFrame([_row("a-first", 12.33, published="2023-12-29"),
                        _row("b-revised", 12.87, published="2025-01-06")])
    first_release = PreferenceRule(criteria=("oldest",))
    assert list(preferred(obs, first_release)["obs_id"]) == ["a-first"]
    highest = DEFAULT_RULE.with_criterion("highest", lambda o: -o["value"], first=True)
    assert list(preferred(obs, highest)["obs_id"]) == ["b-revised"]
    lowest = DEFAULT_RULE.with_criterion("lowest", lambda o: o["value"], first=True)
    assert list(preferred(obs, lowest)["obs_id"]) == ["a-first"]


def test_annual_beats_partial_and_confidence_beats_date():
    obs = pd.DataFrame([
        _row("p9m", 16.2, period="2023-9M", period_type="partial_year", confidence="high",
             published="2024-01-01"),
        _row("annual-low", 14.1, confidence="low", published="2020-01-01"),
        _row("annual-high", 14.01, confidence="high", published="2018-01-01"),
    ])
    assert preferred(obs)["obs_id"].iloc[0] == "annual-high"
    assert preferred(obs.iloc[:2])["obs_id"].iloc[0] == "annual-low"


def test_exact_beats_bounds_and_main_unit_beats_conversion():
    obs = pd.DataFrame([
        _row("gt", 4.9, indicator="fdi_registered", unit="usd_bn", qualifier="gt"),
        _row("approx", 5.0, indicator="fdi_registered", unit="usd_bn", qualifier="approx"),
        _row("exact", 4.94, indicator="fdi_registered", unit="usd_bn"),
        _row("mn", 4940, indicator="fdi_registered", unit="usd_mn"),
    ])
    assert preferred(obs)["obs_id"].iloc[0] == "exact"


def test_official_page_breaks_tie_then_obs_id():
    obs = pd.DataFrame([_row("z-news", 10.0), _row("y-gov", 10.0,
                                                     source_url="https://x.gov.vn/a")])
    assert preferred(obs)["obs_id"].iloc[0] == "y-gov"
    obs2 = pd.DataFrame([_row("b", 1.0), _row("a", 2.0)])
    assert preferred(obs2)["obs_id"].iloc[0] == "a"


def test_one_row_per_cell_on_shipped_data_and_vietnam_2023_is_latest_vintage():
    obs = load_observations()
    pick = preferred(obs)
    assert not pick.duplicated(["indicator", "geography", "year", "basis"]).any()
    vn = pick[(pick.indicator == "de_share") & (pick.geography == "vietnam")
              & (pick.basis == "gso") & (pick.year == 2023)]
    # Dec-2023 first release said 12.33; the Jan-2025 revision says 12.87 (dossier §5a).
    assert vn["value"].iloc[0] == pytest.approx(12.87)


def test_rule_is_described_and_rejects_unknown_criteria():
    lines = DEFAULT_RULE.describe()
    assert lines[0].startswith("1. period_type") and "obs_id" in lines[-1]
    with pytest.raises(UsageError, match="unknown criterion 'newest'"):
        PreferenceRule(criteria=("newest",))
