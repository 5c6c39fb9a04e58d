"""Derivations checked against hand calculations written out in the tests."""
from __future__ import annotations

import math

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hpresearch.data import derive as dv


def test_chain_forward_hand_calculation():
    # Dossier §1b: 190,768.8 x 1.1238 x 1.1232 x 1.1034 (2020 level, growth 2021-2023).
    levels = dv.chain_forward(190_768.8, [0.1238, 0.1232, 0.1034])
    assert levels[0] == pytest.approx(190_768.8 * 1.1238, rel=1e-12)            # 214,386
    assert levels[1] == pytest.approx(190_768.8 * 1.1238 * 1.1232, rel=1e-12)   # 240,798
    assert levels[2] == pytest.approx(190_768.8 * 1.1238 * 1.1232 * 1.1034, rel=1e-12)
    assert round(levels[2]) == 265_697
    assert round(levels[0]) == 214_386 and round(levels[1]) == 240_798


def test_benchmark_chain_reproduces_both_anchors_and_spreads_gap():
    g = pd.Series({2021: 0.1238, 2022: 0.1232, 2023: 0.1034, 2024: 0.1101})
    levels, ratio = dv.benchmark_chain(2020, 190_768.8, 2024, 288_492, g)
    raw_2024 = 190_768.8 * 1.1238 * 1.1232 * 1.1034 * 1.1101   # 294,950 (dossier)
    assert round(raw_2024) == 294_950
    assert ratio == pytest.approx(288_492 / raw_2024)
    assert levels[2020] == pytest.approx(190_768.8)
    assert levels[2024] == pytest.approx(288_492)
    assert levels[2022] == pytest.approx(190_768.8 * 1.1238 * 1.1232 * ratio ** 0.5)


def test_implied_deflator_hand_calculation():
    assert dv.implied_deflator(445_995, 288_492) == pytest.approx(445_995 / 288_492)
    assert round(dv.implied_deflator(445_995, 288_492), 3) == 1.546  # dossier §6


def test_merged_sum_2024():
    assert dv.merged_sum(445_995, 212_386) == 658_381  # dossier §1b: 445,995 + 212,386
    assert math.isnan(dv.merged_sum(445_995, float("nan")))


def test_implied_fx_hand_calculation():
    # 445,995 VND bn = 18,362.8 USD mn  ->  445,995e9 / 18,362.8e6 VND per USD
    assert dv.implied_fx(445_995, "vnd_bn", 18_362.8, "usd_mn") == pytest.approx(
        445_995e9 / 18_362.8e6)
    assert round(dv.implied_fx(445_995, "vnd_bn", 18_362.8, "usd_mn")) == 24_288
    # Hai Duong per capita 107.4 VND mn = 4,456 USD
    assert dv.implied_fx(107.4, "vnd_mn", 4_456, "usd") == pytest.approx(107.4e6 / 4_456)


def test_basis_conversion_hand_value():
    # 22.28% (GSO) x 14.26/12.83 (Viet Nam MIC/GSO 2022)
    assert dv.basis_conversion(0.2228, 14.26, 12.83) == pytest.approx(0.2228 * 14.26 / 12.83)


def test_backcast_fdi_2022():
    # 2023: USD 3.5 bn, +68.27% on 2022 -> 2022 = 3.5 / 1.6827 (dossier: ~2.08)
    assert dv.backcast_from_growth(3.5, 0.6827) == pytest.approx(3.5 / 1.6827)
    assert round(dv.backcast_from_growth(3.5, 0.6827), 2) == 2.08


def test_interpolation_log_linear_and_linear():
    s = pd.Series({2021: 1.0, 2024: 8.0})
    out = dv.interpolate_log_linear(s)
    assert out[2022] == pytest.approx(2.0) and out[2023] == pytest.approx(4.0)
    lin = dv.interpolate_linear(pd.Series({2022: 23_260.0, 2024: 24_288.0}))
    assert lin[2023] == pytest.approx((23_260 + 24_288) / 2)


def test_every_method_is_documented():
    from hpresearch.data import build_panel

    for b in ("pre_merger", "merged"):
        for s in ("gso", "mic"):
            methods = set(build_panel(b, s).provenance["method"])
            for m in methods:
                assert m == "observed" or m.removeprefix("derived:") in dv.METHODS, m


@settings(max_examples=60, deadline=None)
@given(start=st.floats(1.0, 1e7), rates=st.lists(st.floats(-0.5, 0.5), min_size=1, max_size=12))
def test_chain_then_growth_recovers_rates(start, rates):
    levels = dv.chain_forward(start, rates)
    series = pd.Series([start] + levels, index=range(2000, 2001 + len(rates)))
    back = dv.growth_from_levels(series)
    assert list(back.index) == list(range(2001, 2001 + len(rates)))
    for got, want in zip(back.values, rates):
        assert got == pytest.approx(want, abs=1e-9)


@settings(max_examples=40, deadline=None)
@given(start=st.floats(1e3, 1e6), end_factor=st.floats(0.5, 2.0),
       rates=st.lists(st.floats(-0.2, 0.3), min_size=2, max_size=8))
def test_benchmark_hits_both_anchors(start, end_factor, rates):
    g = pd.Series(rates, index=range(2001, 2001 + len(rates)))
    end_year = 2000 + len(rates)
    end = start * end_factor
    levels, _ = dv.benchmark_chain(2000, start, end_year, end, g)
    assert levels[2000] == pytest.approx(start)
    assert levels[end_year] == pytest.approx(end)


def test_implied_deflator_growth_hand_calculation():
    """Viet Nam 2025: 12,847,600 / 11,511,900 / 1.0802 - 1 = +3.32%; a two-year gap is
    annualised: Hai Duong 2022 -> 2024, (212,386 / 169,179 / (1.0816 x 1.102))^(1/2) - 1."""
    vn = dv.implied_deflator_growth(pd.Series({2024: 11_511_900.0, 2025: 12_847_600.0}),
                                    pd.Series({2025: 0.0802}))
    assert list(vn.index) == [2025]
    assert vn[2025] == pytest.approx(0.033168, abs=1e-6)
    hd = dv.implied_deflator_growth(pd.Series({2022: 169_179.0, 2024: 212_386.0}),
                                    pd.Series({2023: 0.0816, 2024: 0.102}))
    rate = (212_386 / 169_179 / (1.0816 * 1.102)) ** 0.5 - 1
    assert hd[2023] == hd[2024] == pytest.approx(rate, rel=1e-12)
    assert dv.implied_deflator_growth(pd.Series({2022: 1.0, 2024: 1.2}),
                                      pd.Series({2024: 0.1})).empty   # 2023 growth missing
