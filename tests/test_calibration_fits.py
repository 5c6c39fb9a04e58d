"""statsmodels fits recover known parameters from seeded simulated data."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from hpresearch.errors import CalibrationError
from hpresearch.calibration.fits import (
    ShockSpec, fit_ar1, fit_growth_models, fit_hac_ols, fit_local_level,
    shock_spec,
)


def _ar1(n, mu, phi, sigma, seed):
    rng = np.random.default_rng(seed)
    y = np.empty(n)
    y[0] = mu + rng.normal(0, sigma / np.sqrt(1 - phi ** 2))
    for t in range(1, n):
        y[t] = mu + phi * (y[t - 1] - mu) + rng.normal(0, sigma)
    return pd.Series(y, index=np.arange(1900, 1900 + n))


def test_ar1_recovers_mean_phi_sigma():
    # n = 2000: sampling sd of phi-hat ~ sqrt((1-phi^2)/n) = 0.019; tolerance 0.06 (3 sd).
    s = _ar1(2000, mu=0.10, phi=0.5, sigma=0.02, seed=11)
    fit = fit_ar1(s)
    assert fit.coef("phi") == pytest.approx(0.5, abs=0.06)
    assert fit.coef("mean") == pytest.approx(0.10, abs=0.005)
    assert fit.sigma == pytest.approx(0.02, rel=0.05)
    assert fit.params.loc["phi", "se"] == pytest.approx(np.sqrt((1 - 0.25) / 2000), rel=0.2)


def test_local_level_recovers_variances():
    rng = np.random.default_rng(5)
    n = 1500
    level = np.cumsum(rng.normal(0, 0.5, n))
    y = pd.Series(level + rng.normal(0, 1.0, n), index=np.arange(n))
    fit = fit_local_level(y)
    assert fit.coef("sigma2_irregular") == pytest.approx(1.0, rel=0.2)
    assert fit.coef("sigma2_level") == pytest.approx(0.25, rel=0.3)


def test_hac_ols_recovers_coefficients_with_autocorrelated_errors():
    rng = np.random.default_rng(3)
    n = 1000
    x = rng.normal(0, 1, n)
    e = np.zeros(n)
    for t in range(1, n):
        e[t] = 0.6 * e[t - 1] + rng.normal(0, 0.5)
    df = pd.DataFrame({"y": 2.0 + 3.0 * x + e, "x": x})
    fit = fit_hac_ols(df, "y", "x")
    assert fit.coef("const") == pytest.approx(2.0, abs=0.15)
    assert fit.coef("x") == pytest.approx(3.0, abs=0.1)
    assert fit.hac_maxlags == int(np.floor(4 * (n / 100) ** (2 / 9)))
    assert fit.params.loc["x", "p"] < 1e-6
    assert fit.params.loc["x", "se"] > 0


def test_hac_ols_log_elasticity():
    rng = np.random.default_rng(4)
    x = np.exp(rng.normal(0, 1, 500))
    y = 1.5 * x ** 0.7 * np.exp(rng.normal(0, 0.05, 500))
    fit = fit_hac_ols(pd.DataFrame({"y": y, "x": x}), "y", "x", log=True)
    assert fit.coef("x") == pytest.approx(0.7, abs=0.02)


def test_small_sample_notes_say_what_is_not_identified():
    s = pd.Series([0.1668, 0.1122, 0.1238, 0.1232, 0.1034, 0.1101, 0.1181],
                  index=range(2019, 2026))
    fits = fit_growth_models(s, "grdp_growth_real")
    text = " ".join(fits.notes)
    assert "not identified" in text and "7 annual points" in text
    spec = shock_spec(fits)
    assert 0.0 <= spec.phi <= 0.9 and spec.sigma > 0
    assert set(fits.table()["model"]) >= {"ar1"}


def test_too_few_or_constant_points_raise():
    with pytest.raises(CalibrationError, match="at least 4"):
        fit_ar1(pd.Series([0.1, 0.2, 0.3]))
    with pytest.raises(CalibrationError, match="constant"):
        fit_ar1(pd.Series([0.1] * 6))
    with pytest.raises(CalibrationError, match="more rows than coefficients"):
        fit_hac_ols(pd.DataFrame({"y": [1.0, 2.0], "x": [1.0, 3.0]}), "y", "x")


def test_shock_draw_stationary_variance_and_zero_sigma():
    spec = ShockSpec(sigma=0.02, phi=0.5, source="test")
    d = spec.draw(200_000, 3, np.random.default_rng(0))
    # Stationary AR(1) variance sigma^2 / (1 - phi^2) in every year.
    assert d.std(axis=0) == pytest.approx(np.full(3, 0.02 / np.sqrt(0.75)), rel=0.01)
    assert (ShockSpec(0.0, 0.5, "x").draw(5, 3, np.random.default_rng(0)) == 0).all()


def test_calibration_report_on_project_data_states_limits():
    from hpresearch.calibration.fits import calibration_report, growth_series

    g = growth_series("pre_merger")
    assert (g.index.to_series().diff().dropna() == 1).all()  # consecutive years only
    assert ((g > -0.5) & (g < 0.5)).all()  # fractions, not percent
    r = calibration_report("pre_merger", "mic")
    text = " ".join(r.not_identified)
    assert "cannot be estimated" in text or r.electronics_fdi is not None
    assert r.shock.sigma > 0 and 0 <= r.shock.phi <= 0.9
    assert {"ar1"} <= set(r.table()["model"])


def test_plant_capacity_elasticity_by_hand_from_the_shipped_rows():
    """LG Display Hai Phong, August 2021: capacity 9.6-10.1 -> 13-14 mn units a month for
    registered capital 3.25 -> 4.65 USD bn (telecomlead.com; vietnamplus 207272)."""
    import math

    from hpresearch.calibration import calibrate
    from hpresearch.calibration.fits import plant_capacity_elasticity
    from hpresearch.data import load_observations

    from hpresearch.data import plant_expansion

    fit = plant_capacity_elasticity(plant_expansion(load_observations()))
    dk = math.log(4.65 / 3.25)
    assert fit["capital"] == (3.25, 4.65)
    assert fit["value"] == pytest.approx(math.log(13.5 / 9.85) / dk)   # 0.880
    assert fit["low"] == pytest.approx(math.log(13 / 10.1) / dk)       # 0.705
    assert fit["high"] == pytest.approx(math.log(14 / 9.6) / dk)       # 1.053
    cal = calibrate("merged", "gso")
    assert cal.estimates["plant_capacity_output_elasticity"].value == pytest.approx(fit["value"])
    assert cal.uncertainty["output_elasticity_core"]["low"] == pytest.approx(fit["low"])


def test_plant_capacity_elasticity_needs_every_row():
    from hpresearch.data import load_observations, plant_expansion, select_rows

    obs = load_observations()
    keep = [i for i in obs["indicator"].unique() if i != "firm_capacity_planned_lg_display"]
    assert plant_expansion(select_rows(obs, keep)) is None
