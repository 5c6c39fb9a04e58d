"""Calibration from a panel (hand-built and real), adoption-speed fit, ICOR cross-check."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from hpresearch.calibration.adoption import calibrate_adoption_speed, logistic_path
from hpresearch.calibration.rules import calibrate
from hpresearch.calibration.information import InformationSet
from hpresearch.calibration.rules import calibrate_from
from hpresearch.data import national_adoption_series
from hpresearch.errors import CalibrationError, UsageError
from hpresearch.model.icor import derived_icor, icor_table
from hpresearch.model.projection import project
from hpresearch.calibration.synthetic import synthetic_calibration


def _share_changes():
    """Recorded share changes of a hand-built observation frame: Viet Nam 12.0% -> 12.5%
    in one publication (+0.5 pp, counts), HCMC 15% -> 18% across two (+3 pp, does not)."""
    from hpresearch.calibration.reference_class import share_changes

    rows = [("vietnam", "gso", 2021, 12.0, "https://a"),
            ("vietnam", "gso", 2022, 12.5, "https://a"),
            ("hcmc", "mic", 2021, 15.0, "https://b"), ("hcmc", "mic", 2022, 18.0, "https://c")]
    return share_changes(pd.DataFrame(
        [{"indicator": "de_share", "geography": g, "basis": b, "year": y, "value": v,
          "period_type": "annual", "qualifier": "", "published": "2023-01-01",
          "source_url": u, "publisher": u} for g, b, y, v, u in rows]))


def info(fdi_ratios=None, share_changes="given", **changes):
    """A hand-built information set (today's: no stand-ins allowed)."""
    years = [2020, 2021, 2022, 2023, 2024]
    v = pd.DataFrame({
        "grdp_constant_vnd_bn": [100.0, 110.0, 121.0, 133.1, 146.41],
        "grdp_current_vnd_bn": [150.0, 170.0, 190.0, 210.0, 240.0],
        "grdp_growth_real": [np.nan, 0.10, 0.10, 0.10, 0.10],
        "grdp_deflator": [1.5, 170 / 110, 190 / 121, 1.6, 240 / 146.41],
        "de_share": [np.nan, np.nan, 0.25, 0.30, np.nan],
        "total_investment_vnd_bn": [np.nan, 40.0, 44.0, 48.0, 52.0],
        "fdi_usd_bn": [np.nan, 1.0, 2.0, 3.0, 4.0],
        "dx_budget_vnd_bn": [np.nan, np.nan, np.nan, 0.5, 0.6],
        "vnd_per_usd": [20.0, 20.0, 20.0, 25.0, 25.0],
    }, index=pd.Index(years, name="year"))
    for k, val in changes.items():
        v[k] = val

    def col(name):
        return v[name].dropna().astype(float)

    from hpresearch.parameters.registry import load_registry

    ceiling = float(load_registry()["adoption_ceiling"].default)
    adoption = pd.Series(logistic_path(0.05, 0.02, ceiling, 1), index=[2022, 2023])
    return InformationSet(
        name="pre_merger", basis="gso", origin=None, share=col("de_share"),
        growth=col("grdp_growth_real"), real=col("grdp_constant_vnd_bn"),
        current=col("grdp_current_vnd_bn"), deflator=col("grdp_deflator"),
        investment=col("total_investment_vnd_bn"), fdi=col("fdi_usd_bn"),
        fx=col("vnd_per_usd"), dx=col("dx_budget_vnd_bn"), adoption=adoption,
        fdi_ratios=fdi_ratios if fdi_ratios is not None else pd.DataFrame(),
        share_changes=_share_changes() if share_changes == "given" else share_changes,
        plant_elasticity={"value": 0.9, "low": 0.7, "high": 1.05, "source": "hand-built"})


def test_rules_on_a_hand_built_information_set():
    cal = calibrate_from(info())
    assert cal.year == 2023 and cal.de_share == 0.30
    # the first published level after t0 (2024: 146.41) and the published 2024 growth (10%)
    # give the base level: 146.41 / 1.10 = 133.1
    assert cal.grdp_constant_vnd_bn == pytest.approx(133.1) and cal.deflator == 1.6
    assert "2024 published level" in cal.notes["grdp_constant_vnd_bn"]
    assert cal.trend_real_growth == pytest.approx(0.10)
    d = {2021: 170 / 110, 2022: 190 / 121, 2023: 1.6, 2024: 240 / 146.41}
    assert cal.trend_deflator_growth == pytest.approx(np.mean(
        [d[y] / d[y - 1] - 1 for y in (2022, 2023, 2024)] + [d[2021] / 1.5 - 1]))
    assert cal.total_investment_ratio == pytest.approx(np.mean([44 / 190, 48 / 210, 52 / 240]))
    assert cal.fdi_ratio == pytest.approx(np.mean([2 * 20 / 190, 3 * 25 / 210, 4 * 25 / 240]))
    assert cal.dx_ratio == pytest.approx(np.mean([0.5 / 210, 0.6 / 240]))
    assert cal.adoption_speed == pytest.approx(0.02, abs=1e-9)
    assert cal.observed["fdi_usd_bn"] == {2024: 4.0}
    assert cal.observed["grdp_growth_real"] == {2024: pytest.approx(0.10)}
    assert cal.latest["dx_budget_vnd_bn"] == (2024, 0.6)
    assert cal.dx_ref_real == pytest.approx(0.6 / d[2024])
    # history t0-HISTORY+1 .. t0, gaps filled by the ratios to GRDP
    hist = dict(zip(cal.history_years, cal.history["fdi_usd_bn"]))
    assert hist[2022] == 2.0 and hist[2023] == 3.0
    assert hist[2020] == pytest.approx(cal.fdi_ratio * 150.0 / 20.0)
    assert "filled by the recent ratio" in cal.notes["history"]
    # the pace limit: the fastest same-source change, 12.5% - 12.0% = 0.5 pp (HCMC's +3 pp
    # joins two publications and does not count)
    assert cal.pace_limit == pytest.approx(0.005, abs=1e-12)
    assert cal.notes["pace_limit"].startswith("derived: the fastest of 1 recorded same-source")
    assert "1 change joining two publications" in cal.notes["pace_limit"]


def test_pace_limit_without_recorded_changes():
    """Today's information cannot calibrate without a recorded change; a past origin has
    no limit (NaN), not a typed one."""
    from dataclasses import replace

    with pytest.raises(CalibrationError, match="share_pace_limit.*cannot calibrate"):
        calibrate_from(info(share_changes=None))
    past = calibrate_from(replace(info(share_changes=None), origin=2023))
    assert np.isnan(past.pace_limit) and "not calibrated at origin 2023" in past.notes["pace_limit"]


@pytest.mark.parametrize("change,rule", [
    ({"de_share": np.nan}, "has no observed year"),
    ({"grdp_constant_vnd_bn": [100.0, 110.0, 121.0, np.nan, 146.41]}, "needs real GRDP"),
    ({"fdi_usd_bn": np.nan}, "no registered FDI with a GRDP level"),
    ({"dx_budget_vnd_bn": np.nan}, "no DX budget with a GRDP level"),
])
def test_missing_values_today_raise_one_line(change, rule):
    """Today's calibration never falls back to a stated stand-in."""
    with pytest.raises(CalibrationError) as exc:
        calibrate_from(info(**change))
    assert rule in str(exc.value) and "\n" not in str(exc.value)


def test_a_past_origin_falls_back_to_the_registry_stand_ins():
    from dataclasses import replace

    from hpresearch.parameters.registry import load_registry

    past = replace(info(fdi_usd_bn=np.nan, dx_budget_vnd_bn=np.nan), origin=2023)
    cal = calibrate_from(past)
    reg = load_registry()
    assert cal.fdi_ratio == reg["fdi_ratio"].stated["value"]
    assert cal.dx_ratio == reg["dx_ratio"].stated["value"]
    assert cal.notes["fdi_ratio"].startswith("stated")
    assert cal.dx_ref_real == pytest.approx(cal.dx_ratio * cal.grdp_constant_vnd_bn)


def test_adoption_speed_recovers_known_k():
    path = logistic_path(0.05, 0.07, 0.4, 6)
    s = pd.Series(path, index=range(2018, 2025))
    assert calibrate_adoption_speed(s, 0.4) == pytest.approx(0.07, abs=1e-7)
    two = s.iloc[[0, -1]]  # gapped endpoints: exact join
    assert calibrate_adoption_speed(two, 0.4) == pytest.approx(0.07, abs=1e-7)
    with pytest.raises(CalibrationError):
        calibrate_adoption_speed(s.iloc[:1], 0.4)


def test_national_adoption_uses_one_vintage():
    rows = []
    for year, dig, tot, pub in [(2020, 4.0, 12.0, "2025-01"), (2024, 5.0, 13.0, "2025-01"),
                                (2023, 9.0, 20.0, "2023-12"), (2025, 6.0, 14.0, "2026-01")]:
        for ind, val in (("de_digitalised_share", dig), ("de_share", tot)):
            rows.append({"indicator": ind, "geography": "vietnam", "basis": "gso",
                         "period_type": "annual", "year": year, "value": val, "published": pub})
    a = national_adoption_series(pd.DataFrame(rows))
    assert list(a.index) == [2020, 2024] and "2025-01" in a.attrs["note"]
    assert a[2020] == pytest.approx(0.04 / (1 - 0.08))


@pytest.mark.parametrize("boundary", ["pre_merger", "merged"])
@pytest.mark.parametrize("basis", ["gso", "mic"])
def test_real_calibration_reads_the_panel(boundary, basis):
    from hpresearch.data import build_panel

    cal = calibrate(boundary, basis)
    v = build_panel(boundary, basis).values
    t0 = int(v["de_share"].dropna().index.max())
    assert cal.year == t0 and cal.de_share == v.loc[t0, "de_share"]
    note = cal.notes["grdp_constant_vnd_bn"]
    if "published level" in note:  # base level from a later release
        import re

        y1 = int(re.match(r"derived: (\d{4}) published level", note).group(1))
        growth = np.prod([1 + cal.observed["grdp_growth_real"][y] for y in range(t0 + 1, y1 + 1)])
        assert cal.grdp_constant_vnd_bn == pytest.approx(v.loc[y1, "grdp_constant_vnd_bn"] / growth)
    else:
        assert cal.grdp_constant_vnd_bn == v.loc[t0, "grdp_constant_vnd_bn"]
    assert 0 < cal.adoption_speed < 0.2
    assert 0 < cal.fdi_mean_lag < 3 and 0.5 < cal.fdi_disbursement_ratio < 0.9
    assert cal.target(2030) is not None and cal.target(2030)["obs_id"]
    assert cal.notes["adoption_speed"].startswith("discrete-logistic fit")


def test_bad_boundary_or_basis():
    # a bad argument, not data that cannot calibrate: the class every entry point raises
    with pytest.raises(UsageError, match="^boundary: value 'greater_hp' is not one of"):
        calibrate("greater_hp", "gso")
    with pytest.raises(UsageError, match="^basis: value 'imf' is not one of"):
        calibrate("merged", "imf")


def test_icor_table_by_hand():
    cal = synthetic_calibration()
    df = project("trend", calibration=cal)
    tab = icor_table(df, icors={"x": (4.0, "test")})
    row = tab[tab.year == 2025].iloc[0]
    dY = df.loc[2025, "grdp_constant_vnd_bn"] - df.loc[2024, "grdp_constant_vnd_bn"]
    assert row["required_total_investment_vnd_bn"] == pytest.approx(4.0 * dY * df.loc[2025, "deflator"])
    dD = df.loc[2025, "digital_va_constant_vnd_bn"] - df.loc[2024, "digital_va_constant_vnd_bn"]
    assert row["required_digital_investment_vnd_bn"] == pytest.approx(4.0 * dD * df.loc[2025, "deflator"])
    assert "cross-check" in tab.attrs["label"]


def test_derived_icor_rate_form():
    h = pd.DataFrame({"total_investment_vnd_bn": [40.0, 50.0], "grdp_current_vnd_bn": [200.0, 250.0],
                      "grdp_growth_real": [0.1, 0.05]}, index=[2023, 2024])
    assert derived_icor(h) == (pytest.approx(50 / 250 / 0.05), 2024)
    assert derived_icor(None) is None


# ------------------------------------------------ FDI disbursement ratio and ranges --------
def _fdi_obs(rows):
    cols = ["obs_id", "indicator", "geography", "year", "period_type", "value", "unit", "basis"]
    from hpresearch.data import load_observations

    template = load_observations().iloc[:0]
    df = pd.DataFrame([dict(zip(cols, r)) for r in rows])
    for c in template.columns:
        if c not in df:
            df[c] = "" if template[c].dtype == object else np.nan
    df["period"] = df["year"].astype(str)
    df["confidence"] = "high"
    df["qualifier"] = ""
    df["price_basis"] = "current"
    return df


def test_fdi_disbursement_ratios_by_hand():
    from hpresearch.data import fdi_disbursement_ratios

    obs = _fdi_obs([
        ("d1", "fdi_disbursed", "vietnam", 2020, "annual", 20.0, "usd_bn", "gso"),
        ("r1", "fdi_registered", "vietnam", 2020, "annual", 25.0, "usd_bn", "gso"),
        ("d2", "fdi_disbursed", "vietnam", 2021, "annual", 18000.0, "usd_mn", "gso"),
        ("r2", "fdi_registered", "vietnam", 2021, "annual", 30.0, "usd_bn", "gso"),
        ("r3", "fdi_registered", "vietnam", 2022, "annual", 30.0, "usd_bn", "gso"),  # no pair
        ("h1", "fdi_disbursed", "hai_phong", 2021, "annual", 1.0, "usd_bn", "gso"),  # not national
    ])
    t = fdi_disbursement_ratios(obs)
    assert list(t.index) == [2020, 2021]
    np.testing.assert_allclose(t["ratio"], [0.8, 0.6])
    assert t.loc[2021, "obs_ids"] == "r2;d2"
    cal = calibrate_from(info(fdi_ratios=t))
    assert cal.fdi_disbursement_ratio == pytest.approx(0.7)
    u = cal.uncertainty["fdi_disbursement_ratio"]
    assert (u["dist"], u["low"], u["mode"], u["high"]) == ("triangular", 0.6,
                                                             pytest.approx(0.7), 0.8)
    assert "r1;d1" in cal.notes["fdi_disbursement_ratio"] and "derived" in u["source"]


def test_uncalibrated_fdi_ratio_is_a_one_line_error():
    cal = calibrate_from(info())
    with pytest.raises(CalibrationError, match="fdi_disbursement_ratio"):
        cal.calibrated_value("national_fdi_disbursed_to_registered")


def test_adoption_speed_range_brackets_every_window_fit():
    from hpresearch.calibration.adoption import adoption_speed_range

    a = pd.Series(logistic_path(0.05, 0.03, 0.4, 3), index=[2020, 2021, 2022, 2023])
    a.iloc[2] *= 1.01  # a wiggle so that windows disagree
    rng = adoption_speed_range(a, 0.4, central=0.03)
    assert len(rng["windows"]) == 6  # every window of >= 2 of the 4 years
    # two-piece: the central fit is the median (half the draws on each side)
    assert rng["dist"] == "two_piece"
    assert rng["low"] <= 0.03 <= rng["high"] and rng["median"] == 0.03
    assert rng["low"] == min(list(rng["windows"].values()) + [0.03])


def test_real_calibration_fdi_ratio_is_the_mean_of_the_annual_national_ratios():
    from hpresearch.data import load_observations
    from hpresearch.data import fdi_disbursement_ratios

    t = fdi_disbursement_ratios(load_observations())
    assert len(t) >= 2
    cal = calibrate("pre_merger", "gso")
    assert cal.fdi_disbursement_ratio == pytest.approx(t["ratio"].mean(), rel=1e-15)
    assert "derived" in cal.notes["fdi_disbursement_ratio"]
    for y in t.index:
        assert str(y) in cal.notes["fdi_disbursement_ratio"]


def test_every_uncertain_default_is_the_centre_of_its_distribution():
    """The deterministic projection is the central case: default = mode (triangular),
    midpoint (uniform), mean (normal), also for data-calibrated distributions."""
    from hpresearch.model.engine import resolve_params
    from hpresearch.parameters.registry import central_value, load_registry, uncertainty_spec

    for boundary in ("pre_merger", "merged"):
        cal = calibrate(boundary, "gso")
        p = resolve_params({}, cal)
        for name, spec in load_registry().items():
            if not spec.uncertainty:
                continue
            u = uncertainty_spec(name, cal)
            assert u is not None, name
            assert p[name] == pytest.approx(central_value(u), rel=1e-12, abs=1e-15), name


@pytest.mark.parametrize("boundary, basis", [("merged", "gso"), ("merged", "mic"),
                                             ("pre_merger", "gso")])
def test_base_share_range_covers_every_documented_reading(boundary, basis):
    """The Monte Carlo's base_share_error (triangular, mode 0) spans every reading of the
    base share: merged 22.28% as the 2025 value or x 14.02/13.20; the old city's 29.7% as
    2023 or as 2022 carried with the national profile; widened by the largest revision
    (2023: 12.33% first, 12.87% latest)."""
    from hpresearch.data import build_panel
    from hpresearch.uncertainty.spec import parameter_distributions

    cal = calibrate(boundary, basis)
    u = cal.uncertainty["base_share_error"]
    readings = build_panel(boundary, basis).share_readings()["value"]
    s0 = cal.de_share
    assert u["dist"] == "triangular" and u["mode"] == 0.0
    rev = (12.87 - 12.33) / 12.33
    assert u["low"] == pytest.approx(min(readings) / s0 - 1 - rev, rel=1e-9)
    assert u["high"] == pytest.approx(max(readings) / s0 - 1 + rev, rel=1e-9)
    dist = {d.name: d for d in parameter_distributions(cal)}["base_share_error"]
    draws = s0 * (1 + dist.sample(20_000, np.random.default_rng(0)))
    assert draws.min() < min(readings) and draws.max() > max(readings)
    if boundary == "merged":
        assert min(readings) == pytest.approx(0.2228 * (1 if basis == "gso" else
                                                        s0 / (0.2228 * 14.02 / 13.20)))
    else:
        assert min(readings) == pytest.approx(0.297 * 12.33 / 12.63)
