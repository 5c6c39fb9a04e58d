"""Projection core: closed forms, identities, vectorisation and monotonicity.

Most tests use the synthetic calibration (round numbers, no data) so they test the engine,
not the data.
"""
from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hpresearch.errors import ScenarioError
from hpresearch.model.engine import OUTPUTS, SIM_PARAMS, resolve_params, simulate_paths
from hpresearch.calibration.synthetic import synthetic_calibration

H = 2030


def base_params(cal, **changes):
    """Registry defaults, except the relative digital price drift set to 0: the closed forms
    below hold when the digital and GRDP deflators are equal (rho = 0)."""
    p = resolve_params({}, cal, H)
    p = {k: p[k] for k in SIM_PARAMS}
    p["digital_relative_price_drift"] = 0.0
    p.update(changes)
    return p


def steady_cal(g=0.08, pi=0.03, **kw):
    """Calibration whose base-period real investment equals the t0 lever levels."""
    cal = synthetic_calibration(trend_real_growth=g, trend_inflation=pi, **kw)
    P0 = cal.deflator
    return cal.with_(base_total_investment_real_vnd_bn=cal.total_investment_t0_vnd_bn / P0,
                     base_fdi_real_vnd_bn=cal.fdi_t0_usd_bn * cal.latest_vnd_per_usd / P0)


# ---------------------------------------------------------------- closed forms -------------
@pytest.mark.parametrize("g_d,g_n", [(0.15, 0.08), (0.05, 0.10), (0.10, 0.10)])
def test_relative_growth_closed_form_with_adoption_off(g_d, g_n):
    """phi=1, k=0, alpha=1 and investment growing at g_d: Dc grows at g_d exactly, so
    s_t = s0 (1+g_d)^t / (s0 (1+g_d)^t + (1-s0)(1+g_n)^t) = s0 prod (1+g_d)/(1+g_Y)."""
    pi = 0.03
    cal = steady_cal(g=g_d, pi=pi)
    p = base_params(cal, core_fraction=1.0, adoption_speed=0.0, output_elasticity_core=1.0,
                    initial_capital_growth=g_d, non_digital_growth=g_n, inflation=pi,
                    investment_growth=(1 + g_d) * (1 + pi) - 1)
    out = simulate_paths(cal, p, H)
    t = np.arange(H - cal.year + 1)
    s0 = cal.de_share
    expected = s0 * (1 + g_d) ** t / (s0 * (1 + g_d) ** t + (1 - s0) * (1 + g_n) ** t)
    np.testing.assert_allclose(out["de_share"][0], expected, rtol=1e-12)
    Y = out["grdp_constant_vnd_bn"][0]
    g_y = Y[1:] / Y[:-1] - 1
    rel = s0 * np.concatenate([[1.0], np.cumprod((1 + g_d) / (1 + g_y))])
    np.testing.assert_allclose(out["de_share"][0], rel, rtol=1e-12)
    np.testing.assert_allclose(out["core_va_constant_vnd_bn"][0],
                               s0 * cal.grdp_constant_vnd_bn * (1 + g_d) ** t, rtol=1e-12)


def test_constant_rates_give_geometric_paths():
    g, pi = 0.09, 0.025
    cal = steady_cal(g=g, pi=pi)
    p = base_params(cal, adoption_speed=0.0, initial_capital_growth=g, non_digital_growth=g,
                    inflation=pi, investment_growth=(1 + g) * (1 + pi) - 1)
    out = simulate_paths(cal, p, H)
    t = np.arange(H - cal.year + 1)
    np.testing.assert_allclose(out["grdp_constant_vnd_bn"][0],
                               cal.grdp_constant_vnd_bn * (1 + g) ** t, rtol=1e-12)
    np.testing.assert_allclose(out["deflator"][0], cal.deflator * (1 + pi) ** t, rtol=1e-12)
    np.testing.assert_allclose(out["core_capital_constant_vnd_bn"][0],
                               out["core_capital_constant_vnd_bn"][0, 0] * (1 + g) ** t,
                               rtol=1e-12)
    np.testing.assert_allclose(out["de_share"][0], cal.de_share, rtol=1e-12)


def test_first_year_by_hand():
    """Year t0+1 computed by hand from the documented equations."""
    cal = synthetic_calibration()
    p = base_params(cal)
    out = simulate_paths(cal, p, H)
    Y0, P0, s0 = cal.grdp_constant_vnd_bn, cal.deflator, cal.de_share
    phi, d, a_ = p["core_fraction"], p["depreciation_core"], p["output_elasticity_core"]
    g = cal.trend_real_growth
    I0 = (p["core_domestic_investment_share"] * cal.base_total_investment_real_vnd_bn
          + p["digital_fdi_fraction"] * p["fdi_disbursement_ratio"] * cal.base_fdi_real_vnd_bn)
    K0 = I0 * (1 + g) / (g + d)
    P1 = P0 * (1 + cal.trend_inflation)
    gi = 1 + cal.investment_cagr
    I1 = (p["core_domestic_investment_share"] * cal.total_investment_t0_vnd_bn * gi
          + p["digital_fdi_fraction"] * cal.fdi_t0_usd_bn * gi * p["fdi_disbursement_ratio"]
          * cal.latest_vnd_per_usd) / P1
    K1 = (1 - d) * K0 + I1
    Dc1 = phi * s0 * Y0 * (K1 / K0) ** a_
    N1 = (1 - s0) * Y0 * (1 + cal.trend_real_growth)
    a0 = (1 - phi) * s0 / ((1 - phi) * s0 + 1 - s0)
    k1 = cal.adoption_speed * (((cal.dx_t0_vnd_bn * gi) / P1)
                               / (cal.dx_ref_vnd_bn / cal.dx_ref_deflator)) ** p["dx_elasticity"]
    a1 = a0 + k1 * a0 * (1 - a0 / p["adoption_ceiling"])
    Dd1 = a1 / (1 - a1) * N1
    assert out["core_capital_constant_vnd_bn"][0, 0] == pytest.approx(K0, rel=1e-12)
    assert out["core_va_constant_vnd_bn"][0, 1] == pytest.approx(Dc1, rel=1e-12)
    assert out["digitalised_va_constant_vnd_bn"][0, 1] == pytest.approx(Dd1, rel=1e-12)
    assert out["de_share"][0, 1] == pytest.approx((Dc1 + Dd1) / (Dc1 + Dd1 + N1), rel=1e-12)
    # base year reproduces the calibration exactly
    assert out["de_share"][0, 0] == pytest.approx(s0, rel=1e-14)
    assert out["grdp_current_vnd_bn"][0, 0] == pytest.approx(Y0 * P0, rel=1e-14)


def test_capital_output_ratio_override_sets_k0():
    cal = synthetic_calibration()
    out = simulate_paths(cal, base_params(cal, core_capital_output_ratio=2.5), H)
    dc0 = 0.915 * cal.de_share * cal.grdp_constant_vnd_bn
    assert out["core_capital_constant_vnd_bn"][0, 0] == pytest.approx(2.5 * dc0, rel=1e-12)
    assert out["core_capital_output_ratio"][0, 0] == pytest.approx(2.5, rel=1e-12)


def test_relative_price_drift_lowers_current_price_share():
    cal = synthetic_calibration()
    out = simulate_paths(cal, base_params(cal, digital_relative_price_drift=-0.03), H)
    assert np.all(out["de_share"][0, 1:] < out["de_share_constant"][0, 1:])
    same = simulate_paths(cal, base_params(cal), H)
    np.testing.assert_allclose(same["de_share"], same["de_share_constant"], rtol=1e-12)


def test_logistic_adoption_bounded_and_increasing():
    cal = synthetic_calibration()
    out = simulate_paths(cal, base_params(cal, adoption_speed=0.9, adoption_ceiling=0.3,
                                          dx_spending_vnd_bn=np.full(H - 2023 + 1, 1e5)), H)
    a = out["adoption"][0]
    assert np.all(np.diff(a) >= 0) and np.all(a <= 0.3 + 1e-15)
    assert np.all(out["adoption_speed_effective"][0] <= 1.0)


def test_electronics_shock_scales_core_only_in_its_year():
    cal = synthetic_calibration()
    T = H - cal.year + 1
    shock = np.zeros(T)
    shock[3] = -0.1
    a = simulate_paths(cal, base_params(cal), H)
    b = simulate_paths(cal, base_params(cal, electronics_shock=shock), H)
    ratio = b["core_va_constant_vnd_bn"][0] / a["core_va_constant_vnd_bn"][0]
    np.testing.assert_allclose(ratio, np.where(np.arange(T) == 3, 0.9, 1.0), rtol=1e-12)


def test_harberger_requires_positive_g_plus_delta():
    cal = synthetic_calibration()
    with pytest.raises(ScenarioError, match="Harberger"):
        simulate_paths(cal, base_params(cal, initial_capital_growth=-0.3,
                                        depreciation_core=0.1), H)


# ---------------------------------------------------------------- vectorisation -------------
def test_n_identical_draws_equal_single_run():
    cal = synthetic_calibration()
    p = base_params(cal)
    one = simulate_paths(cal, p, H)
    n = 7
    many = simulate_paths(cal, {**p, "depreciation_core": np.full(n, p["depreciation_core"]),
                                "non_digital_growth": np.tile(p["non_digital_growth"], (n, 1))},
                          H)
    for k in OUTPUTS:
        assert many[k].shape == (n, H - cal.year + 1)
        np.testing.assert_array_equal(many[k], np.repeat(one[k], n, axis=0))


def test_per_draw_values_match_individual_runs():
    cal = synthetic_calibration()
    p = base_params(cal)
    deltas = np.array([0.12, 0.2, 0.3])
    alphas = np.array([0.4, 0.8, 1.0])
    many = simulate_paths(cal, {**p, "depreciation_core": deltas,
                                "output_elasticity_core": alphas}, H)
    for i in range(3):
        one = simulate_paths(cal, {**p, "depreciation_core": deltas[i],
                                   "output_elasticity_core": alphas[i]}, H)
        np.testing.assert_allclose(many["de_share"][i], one["de_share"][0], rtol=1e-14)


def test_bad_shapes_raise():
    cal = synthetic_calibration()
    p = base_params(cal)
    with pytest.raises(ValueError, match="path has length"):
        simulate_paths(cal, {**p, "inflation": np.zeros(3)}, H)
    with pytest.raises(ValueError, match="inconsistent numbers of draws"):
        simulate_paths(cal, {**p, "depreciation_core": np.full(3, 0.2),
                             "core_fraction": np.full(4, 0.9)}, H)
    with pytest.raises(ValueError, match="missing parameters"):
        simulate_paths(cal, {k: v for k, v in p.items() if k != "inflation"}, H)


# ---------------------------------------------------------------- identities (property) ----
draws = st.fixed_dictionaries({
    "core_fraction": st.floats(0.6, 0.99), "depreciation_core": st.floats(0.08, 0.35),
    "output_elasticity_core": st.floats(0.3, 1.0), "adoption_ceiling": st.floats(0.25, 0.6),
    "dx_elasticity": st.floats(0.2, 1.0), "digital_relative_price_drift": st.floats(-0.05, 0.02),
    "adoption_speed": st.floats(0.0, 0.2), "non_digital_growth": st.floats(-0.05, 0.16),
    "inflation": st.floats(-0.02, 0.1),
})


@settings(max_examples=60, deadline=None)
@given(draws)
def test_components_sum_to_totals_and_shares_in_unit_interval(d):
    cal = synthetic_calibration()
    out = simulate_paths(cal, base_params(cal, **d), H)
    for price in ("constant", "current"):
        total = out[f"grdp_{price}_vnd_bn"]
        parts = (out[f"core_va_{price}_vnd_bn"] + out[f"digitalised_va_{price}_vnd_bn"]
                 + out[f"non_digital_va_{price}_vnd_bn"])
        np.testing.assert_allclose(parts, total, rtol=1e-12)
        np.testing.assert_allclose(out[f"core_va_{price}_vnd_bn"]
                                   + out[f"digitalised_va_{price}_vnd_bn"],
                                   out[f"digital_va_{price}_vnd_bn"], rtol=1e-12)
    np.testing.assert_allclose(out["de_share_core"] + out["de_share_digitalised"],
                               out["de_share"], rtol=1e-12)
    for k in ("de_share", "de_share_core", "de_share_digitalised", "de_share_constant",
              "adoption"):
        assert np.all((out[k] >= 0) & (out[k] <= 1)), k


@settings(max_examples=60, deadline=None)
@given(lever=st.sampled_from(["core_domestic_investment_vnd_bn", "fdi_digital_usd_bn",
                              "dx_spending_vnd_bn"]),
       level=st.floats(0.0, 1.0), bump=st.floats(0.0, 5.0), alpha=st.floats(0.3, 1.0),
       delta=st.floats(0.11, 0.31), eps=st.floats(0.2, 1.0))
def test_more_investment_never_lowers_the_share(lever, level, bump, alpha, delta, eps):
    cal = synthetic_calibration()
    scale = {"core_domestic_investment_vnd_bn": 50_000.0, "fdi_digital_usd_bn": 5.0,
             "dx_spending_vnd_bn": 5_000.0}[lever]
    T = H - cal.year + 1
    lo = np.full(T, level * scale)
    hi = lo + bump * scale
    common = dict(output_elasticity_core=alpha, depreciation_core=delta, dx_elasticity=eps)
    a = simulate_paths(cal, base_params(cal, **common, **{lever: lo}), H)["de_share"][0]
    b = simulate_paths(cal, base_params(cal, **common, **{lever: hi}), H)["de_share"][0]
    assert np.all(b >= a - 1e-13)


# ---------------------------------------------------------------- parameter resolution ------
def test_resolve_interpolates_points_and_holds_last():
    cal = synthetic_calibration()
    p = resolve_params({"non_digital_growth": {2025: 0.10, 2027: 0.14}}, cal, H)
    years = cal.years(H)
    g = dict(zip(years, p["non_digital_growth"]))
    assert g[2024] == pytest.approx(cal.trend_real_growth)
    assert g[2025] == pytest.approx(0.10) and g[2026] == pytest.approx(0.12)
    assert g[2027] == pytest.approx(0.14) and g[2030] == pytest.approx(0.14)


def test_resolve_scalar_path_applies_after_base_year_and_levers_default_nan():
    cal = synthetic_calibration()
    p = resolve_params({"inflation": 0.05}, cal, H)
    assert p["inflation"][1:].tolist() == [0.05] * (H - cal.year)
    assert np.isnan(p["fdi_digital_usd_bn"]).all()
    assert math.isnan(p["core_capital_output_ratio"])


def test_observed_lever_years_are_used():
    cal = synthetic_calibration(observed={"fdi_usd_bn": {2024: 6.0},
                                          "total_investment_vnd_bn": {2024: 300_000.0}})
    out = simulate_paths(cal, base_params(cal), H)
    assert out["fdi_digital_usd_bn"][0, 1] == pytest.approx(0.37 * 6.0)
    assert out["core_domestic_investment_vnd_bn"][0, 1] == pytest.approx(0.02 * 300_000.0)
    # carried forward at investment_growth afterwards
    assert out["fdi_digital_usd_bn"][0, 2] == pytest.approx(0.37 * 6.0 * (1 + cal.investment_cagr))
