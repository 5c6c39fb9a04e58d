"""Projection core: growth-accounting identities, hand calculations, closed forms, time to
build, vectorisation and monotonicity.

Most tests use the synthetic calibration (round numbers, no data) so they test the engine,
not the data.
"""
from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hpresearch.calibration.fdi import lag_weights
from hpresearch.calibration.synthetic import synthetic_calibration
from hpresearch.errors import ScenarioError
from hpresearch.model.engine import OUTPUTS, engine_params, resolve_params, simulate_paths

H = 2030


def params(cal, scenario=None, **changes):
    """Resolved registry defaults (+ scenario values), then ``changes`` on the arrays; the
    engine's own path (no naive-trend baseline: tests/test_share_record.py covers it)."""
    p = engine_params(resolve_params({"naive_baseline_weight": 0.0, **(scenario or {})}, cal, H))
    p.update(changes)
    return p


def run(cal=None, scenario=None, **changes):
    cal = cal or synthetic_calibration()
    return simulate_paths(cal, params(cal, scenario, **changes), H)


# ---------------------------------------------------------------- growth accounting --------
def test_totals_follow_the_stated_growth_and_deflator_exactly():
    cal = synthetic_calibration()
    out = run(cal, {"real_growth": 0.12, "deflator_growth": 0.02})
    k = np.arange(H - cal.year + 1)
    np.testing.assert_allclose(out["grdp_constant_vnd_bn"][0], cal.grdp_constant_vnd_bn * 1.12 ** k,
                               rtol=1e-12)
    np.testing.assert_allclose(out["deflator"][0], cal.deflator * 1.02 ** k, rtol=1e-12)
    np.testing.assert_allclose(out["grdp_current_vnd_bn"], out["grdp_constant_vnd_bn"]
                               * out["deflator"], rtol=1e-12)


def test_components_add_up_at_constant_and_current_prices():
    out = run()
    np.testing.assert_allclose(out["core_va_constant_vnd_bn"] + out["digitalised_va_constant_vnd_bn"]
                               + out["non_digital_va_constant_vnd_bn"],
                               out["grdp_constant_vnd_bn"], rtol=1e-12)
    np.testing.assert_allclose(out["digital_va_current_vnd_bn"] + out["non_digital_va_current_vnd_bn"],
                               out["grdp_current_vnd_bn"], rtol=1e-12)
    np.testing.assert_allclose(out["core_va_current_vnd_bn"] + out["digitalised_va_current_vnd_bn"],
                               out["digital_va_current_vnd_bn"], rtol=1e-12)
    assert (out["de_share"] > 0).all() and (out["de_share"] < 1).all()
    assert set(out) == set(OUTPUTS)


def test_base_year_reproduces_the_calibration():
    cal = synthetic_calibration()
    out = run(cal)
    assert out["de_share"][0, 0] == pytest.approx(cal.de_share, rel=1e-12)
    assert out["grdp_current_vnd_bn"][0, 0] == pytest.approx(cal.grdp_current_vnd_bn, rel=1e-12)
    core = out["core_va_constant_vnd_bn"][0, 0] / out["grdp_constant_vnd_bn"][0, 0]
    assert core == pytest.approx(0.915 * cal.de_share, rel=1e-12)


def test_first_projected_year_by_hand():
    """Every step of the first projected year recomputed by hand (synthetic calibration)."""
    cal = synthetic_calibration()
    p = params(cal)
    out = simulate_paths(cal, p, H)
    phi, delta, alpha, g0 = 0.915, p["capacity_decay"], p["output_elasticity_core"], 0.10
    share, frac, d, r_inv = 0.02, 0.37, 0.7, 0.4
    span = p["fdi_lag_span_years"]
    w = lag_weights(1.0, span)
    Y0, P0, s0 = cal.grdp_constant_vnd_bn, cal.deflator, cal.de_share
    hist = cal.history
    # base-period real core investment: years 2021-2023, FDI 3 bn a year throughout
    disb = d * 3.0 * frac * w.sum()           # registrations flat -> disbursed flat
    inv = [(share * hist["total_investment_vnd_bn"][i] + disb * 25_000.0) / hist["deflator"][i]
           for i in (-3, -2, -1)]
    I0 = np.mean(inv)                          # centred on 2022, carried to 2023 at g
    K0 = I0 * (1 + g0) / (g0 + delta)
    # 2024: GRDP grows at trend 10%, deflator at 3%; investment at 40% of nominal GRDP
    Y1, P1 = Y0 * 1.10, P0 * 1.03
    K1 = (1 - delta) * K0 + inv[-1]            # capacity from the base year's investment
    Dc0 = phi * s0 * Y0
    Dc1 = Dc0 * (K1 / K0) ** alpha
    a0 = (1 - phi) * s0 / (1 - phi * s0)
    dx_real1 = 0.001 * Y1 * P1 / P1
    kappa = min(1.0, 0.02 * (dx_real1 / cal.dx_ref_real) ** 0.5)
    a1 = a0 + kappa * a0 * (1 - a0 / 0.40)
    Dd1 = a1 * (Y1 - Dc1)
    rho = p["digital_relative_price_drift"]
    s1 = (1 + rho) * (Dc1 + Dd1) / Y1
    assert out["core_capital_constant_vnd_bn"][0, 0] == pytest.approx(K0, rel=1e-12)
    assert out["core_capital_constant_vnd_bn"][0, 1] == pytest.approx(K1, rel=1e-12)
    assert out["core_va_constant_vnd_bn"][0, 1] == pytest.approx(Dc1, rel=1e-12)
    assert out["adoption"][0, 1] == pytest.approx(a1, rel=1e-12)
    assert out["de_share"][0, 1] == pytest.approx(s1, rel=1e-12)
    assert out["total_investment_vnd_bn"][0, 1] == pytest.approx(r_inv * Y1 * P1, rel=1e-12)


def test_constant_real_investment_closed_form_for_capacity():
    """With K0 = v Dc0 and constant real investment I, K_k = (1-d)^k K0 + I (1 - (1-d)^k)/d
    (investment of year k-1 becomes capacity in year k); with alpha = 1 core value added is
    proportional to capacity."""
    cal = synthetic_calibration()
    T = H - cal.year + 1
    P = cal.deflator * 1.03 ** np.arange(T)
    I_real = 5_000.0
    out = run(cal, core_capital_output_ratio=1.5, output_elasticity_core=1.0,
              core_domestic_investment_vnd_bn=I_real * P, fdi_digital_usd_bn=np.zeros(T),
              fdi_disbursement_ratio=0.0)
    delta = 0.07
    Dc0 = 0.915 * cal.de_share * cal.grdp_constant_vnd_bn
    K0 = 1.5 * Dc0
    k = np.arange(T)
    K = (1 - delta) ** k * K0 + I_real * (1 - (1 - delta) ** k) / delta
    np.testing.assert_allclose(out["core_capital_constant_vnd_bn"][0], K, rtol=1e-10)
    np.testing.assert_allclose(out["core_va_constant_vnd_bn"][0], Dc0 * K / K0, rtol=1e-10)


# ---------------------------------------------------------------- time to build ------------
@settings(max_examples=60, deadline=None)
@given(m=st.floats(0.0, 3.0), span=st.integers(0, 5))
def test_lag_weights_sum_to_one_with_the_stated_mean(m, span):
    w = lag_weights(m, span)
    assert w.shape == (span + 1,)
    assert w.sum() == pytest.approx(1.0, abs=1e-12) and (w >= 0).all()
    assert (np.arange(span + 1) * w).sum() == pytest.approx(min(m, span), abs=2e-3)


def test_one_registration_is_disbursed_over_the_lag_with_the_disbursement_ratio():
    cal = synthetic_calibration()
    T = H - cal.year + 1
    base = np.full(T, np.nan)
    bump = base.copy()
    bump[3] = 1.0                                   # 1 USD bn more registered in 2026
    flat = run(cal, fdi_digital_usd_bn=np.where(np.arange(T) == 3, 0.0, base))
    extra = run(cal, fdi_digital_usd_bn=np.where(np.arange(T) == 3, 1.0, base))
    diff = extra["fdi_digital_disbursed_usd_bn"][0] - flat["fdi_digital_disbursed_usd_bn"][0]
    w = lag_weights(1.0, 3)
    np.testing.assert_allclose(diff[3:7], 0.7 * w, rtol=1e-12)
    np.testing.assert_allclose(diff[:3], 0.0, atol=1e-15)
    assert diff.sum() == pytest.approx(0.7)


def test_investment_becomes_capacity_the_year_after():
    cal = synthetic_calibration()
    T = H - cal.year + 1
    lever = np.full(T, np.nan)
    lever[3] = 50_000.0
    a = run(cal)
    b = run(cal, core_domestic_investment_vnd_bn=lever)
    assert b["core_capital_constant_vnd_bn"][0, 3] == pytest.approx(a["core_capital_constant_vnd_bn"][0, 3])
    assert b["core_capital_constant_vnd_bn"][0, 4] > a["core_capital_constant_vnd_bn"][0, 4]


# ---------------------------------------------------------------- shocks and drift ---------
def test_electronics_shock_scales_core_only_in_its_year():
    cal = synthetic_calibration()
    T = H - cal.year + 1
    shock = np.zeros(T)
    shock[3] = -0.10
    a, b = run(cal), run(cal, electronics_shock=shock)
    ratio = b["core_va_constant_vnd_bn"][0] / a["core_va_constant_vnd_bn"][0]
    np.testing.assert_allclose(ratio, np.where(np.arange(T) == 3, 0.9, 1.0), rtol=1e-12)


def test_anchor_exit_removes_its_capacity_share_for_good():
    cal = synthetic_calibration()
    a = run(cal)
    b = run(cal, anchor_exit_year=2026)
    share = 5.0 / (0.37 * 30.0)
    kb, ka = b["core_capital_constant_vnd_bn"][0], a["core_capital_constant_vnd_bn"][0]
    np.testing.assert_allclose(kb[:3], ka[:3], rtol=1e-12)
    assert kb[3] == pytest.approx(ka[3] * (1 - share), rel=1e-12)
    assert (b["de_share"][0, 3:] < a["de_share"][0, 3:]).all()   # persistent
    later = run(cal, anchor_exit_year=2040)  # after the horizon: nothing is lost within it
    np.testing.assert_array_equal(later["de_share"], a["de_share"])
    with pytest.raises(ScenarioError, match="anchor_exit_year.*after the base year"):
        run(cal, anchor_exit_year=cal.year)


def test_relative_price_drift_scales_the_current_price_share_exactly():
    cal = synthetic_calibration()
    a = run(cal, digital_relative_price_drift=0.0)
    b = run(cal, digital_relative_price_drift=-0.02)
    k = np.arange(H - cal.year + 1)
    np.testing.assert_allclose(b["de_share"][0], a["de_share"][0] * 0.98 ** k, rtol=1e-12)
    np.testing.assert_allclose(b["de_share_constant"], a["de_share_constant"], rtol=1e-12)


def test_base_share_error_scales_the_starting_share():
    cal = synthetic_calibration()
    out = run(cal, base_share_error=0.05)
    assert out["de_share"][0, 0] == pytest.approx(cal.de_share * 1.05, rel=1e-12)
    with pytest.raises(ScenarioError, match="base_share_error"):
        run(cal, base_share_error=3.0)


def test_harberger_requires_positive_g_plus_delta():
    with pytest.raises(ScenarioError, match="initial_capital_growth"):
        run(initial_capital_growth=-0.1, capacity_decay=0.05)


# ---------------------------------------------------------------- vectorisation ------------
def test_n_identical_draws_equal_single_run():
    cal = synthetic_calibration()
    one = run(cal)
    many = run(cal, output_elasticity_core=np.full(5, 0.9))
    for k in OUTPUTS:
        np.testing.assert_allclose(many[k], np.repeat(one[k], 5, axis=0), rtol=1e-12, err_msg=k)


def test_per_draw_values_match_individual_runs():
    cal = synthetic_calibration()
    alphas, lags = np.array([0.7, 0.85, 1.0]), np.array([0.3, 1.0, 2.0])
    many = run(cal, output_elasticity_core=alphas, fdi_mean_lag_years=lags)
    for i in range(3):
        single = run(cal, output_elasticity_core=alphas[i], fdi_mean_lag_years=lags[i])
        np.testing.assert_allclose(many["de_share"][i], single["de_share"][0], rtol=1e-12)


def test_bad_shapes_raise():
    cal = synthetic_calibration()
    with pytest.raises(ValueError, match="path has length"):
        run(cal, real_growth=np.full(3, 0.1))
    with pytest.raises(ValueError, match="inconsistent numbers of draws"):
        run(cal, output_elasticity_core=np.full(3, 0.9), capacity_decay=np.full(4, 0.07))


@settings(max_examples=40, deadline=None)
@given(lever=st.sampled_from(["core_domestic_investment_vnd_bn", "fdi_digital_usd_bn",
                              "dx_spending_vnd_bn"]),
       level=st.floats(0.0, 5e4), bump=st.floats(1e-3, 1e4), alpha=st.floats(0.3, 1.0),
       delta=st.floats(0.03, 0.2), eps=st.floats(0.0, 1.0))
def test_more_investment_never_lowers_the_share(lever, level, bump, alpha, delta, eps):
    cal = synthetic_calibration()
    T = H - cal.year + 1
    scale = 1e-4 if lever == "fdi_digital_usd_bn" else 1.0
    base = np.full(T, level * scale)
    kw = dict(output_elasticity_core=alpha, capacity_decay=delta, dx_elasticity=eps)
    lo = run(cal, **{lever: base}, **kw)["de_share"][0]
    hi = run(cal, **{lever: base + bump * scale}, **kw)["de_share"][0]
    assert (hi >= lo - 1e-12).all()


# ---------------------------------------------------------------- parameter resolution -----
def test_resolve_interpolates_points_and_holds_last():
    cal = synthetic_calibration()
    p = resolve_params({"real_growth": {2025: 0.10, 2027: 0.14}}, cal, H)
    g = dict(zip(cal.years(H), p["real_growth"]))
    assert g[2024] == pytest.approx(cal.trend_real_growth)
    assert g[2025] == pytest.approx(0.10) and g[2026] == pytest.approx(0.12)
    assert g[2027] == pytest.approx(0.14) and g[2030] == pytest.approx(0.14)


def test_resolve_scalar_path_applies_after_base_year_and_levers_default_nan():
    cal = synthetic_calibration()
    p = resolve_params({"deflator_growth": 0.05}, cal, H)
    assert p["deflator_growth"][1:].tolist() == [0.05] * (H - cal.year)
    assert np.isnan(p["fdi_digital_usd_bn"]).all()
    assert math.isnan(p["core_capital_output_ratio"])
    assert p["target_share"] == pytest.approx(0.40)       # the calibration's official target


def test_published_growth_and_deflator_are_the_defaults_where_they_exist():
    cal = synthetic_calibration(observed={"grdp_growth_real": {2024: 0.11},
                                          "grdp_deflator": {2024: 1.53}})
    p = resolve_params({}, cal, H)
    assert p["real_growth"][1] == pytest.approx(0.11) and p["real_growth"][2] == pytest.approx(0.10)
    assert p["deflator_growth"][1] == pytest.approx(1.53 / 1.5 - 1)
    assert p["deflator_growth"][2] == pytest.approx(0.03)


def test_published_lever_years_are_used_then_ratios_to_grdp():
    cal = synthetic_calibration(observed={"fdi_usd_bn": {2024: 6.0},
                                          "total_investment_vnd_bn": {2024: 300_000.0}})
    out = run(cal)
    assert out["fdi_digital_usd_bn"][0, 1] == pytest.approx(0.37 * 6.0)
    assert out["core_domestic_investment_vnd_bn"][0, 1] == pytest.approx(0.02 * 300_000.0)
    yn, fx = out["grdp_current_vnd_bn"][0, 2], 25_000.0
    assert out["fdi_digital_usd_bn"][0, 2] == pytest.approx(0.37 * 0.19 * yn / fx)
    assert out["total_investment_to_grdp"][0, 2] == pytest.approx(0.4)
