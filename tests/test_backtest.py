"""Rolling-origin backtest of the engine: information sets, bands, calibration, scores.

Hand-built frames for the rules; the shipped observation files for the pooled coverage
criterion of issue 10 and the JSON fields.
"""
from __future__ import annotations

import json
import math

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from hpresearch.backtest import run_backtest
from hpresearch.backtest.rolling import SeriesSpec, calibrate_bands, information_set
from hpresearch.backtest.scoring import band_verdict, coverage_interval, score
from hpresearch.backtest.statistical import naive_trend_forecast
from hpresearch.backtest.structural import actual_inputs, engine_forecast
from hpresearch.calibration.fits import growth_shock_at
from hpresearch.calibration.information import at_origin
from hpresearch.calibration.rules import calibrate_from
from hpresearch.data import known_at, load_observations
from hpresearch.uncertainty import fan_scaling as fs

#: Forecast-side columns (what an origin knows); outcomes are allowed to differ.
FORECAST_SIDE = ["forecast", "median", "lo50", "hi50", "lo80", "hi80", "sigma", "warmup",
                 "cal_bias", "cal_scale50", "cal_scale80", "cal_forecast", "cal_lo50",
                 "cal_hi50", "cal_lo80", "cal_hi80"]


def _obs(rows):
    """Observation rows from ``(indicator, geography, year, value, published)`` tuples."""
    return pd.DataFrame([{"obs_id": f"t{i}", "indicator": ind, "geography": geo, "period": str(y),
                          "year": y, "period_type": "annual", "value": v, "qualifier": "",
                          "unit": ("vnd_bn" if ind.startswith("grdp_c") else "percent"),
                          "basis": "gso", "published": pub, "confidence": "medium"}
                         for i, (ind, geo, y, v, pub) in enumerate(rows)])


def _growth_rows(bump_after: str | None = None, bump: float = 0.0):
    # Hai Phong real growth (percent) with release dates, a late revision of 2019 included.
    data = [(2015, 10.0, "2015-12-28"), (2016, 10.5, "2016-12-28"), (2017, 14.0, "2017-12-29"),
            (2018, 16.2, "2018-12-28"), (2019, 16.7, "2019-12-27"), (2020, 11.2, "2020-12-28"),
            (2021, 12.4, "2021-12-30"), (2022, 12.3, "2022-12-29"), (2023, 10.3, "2023-12-28"),
            (2024, 11.0, "2025-01-06"), (2019, 15.9, "2023-06-30")]
    return [("grdp_growth_real", "hai_phong", y, v + (bump if bump_after and p > bump_after else 0),
             p) for y, v, p in data]


# ---------------------------------------------------------------------------------------
# Information sets
# ---------------------------------------------------------------------------------------
def test_information_set_filters_year_and_publication_date():
    s = pd.DataFrame({"year": [2020, 2021, 2021], "value": [1.0, 2.0, 2.5],
                      "published": ["2021-01-05", "2022-01-10", "2023-06"]})
    assert information_set(s, 2021)["value"].tolist() == [1.0, 2.0]  # 2023 revision unknown
    assert information_set(s, 2020)["value"].tolist() == [1.0]
    # Partial dates are conservative: '2022' = end of 2022, after the 2021 cut-off 2022-03-31.
    s2 = pd.DataFrame({"year": [2021, 2021], "value": [1.0, 2.0], "published": ["2022", "2022-03"]})
    assert information_set(s2, 2021)["value"].tolist() == [2.0]


def test_an_origin_sees_only_what_was_published_by_the_cutoff():
    obs = _obs(_growth_rows() + [("grdp_constant_2010", "hai_phong", 2020, 190_000.0, "2021-04-02"),
                                 ("grdp_constant_2010", "hai_phong", 2019, 170_000.0, "2020-03-31")])
    d = at_origin(obs, "hai_phong", 2020)
    # 2020 growth (released 2020-12-28) is known; the 2019 revision of 2023 is not.
    assert d.growth.loc[2019] == pytest.approx(0.167)
    assert d.growth.index.max() == 2020
    # A level released one day after the cut-off 2021-03-31 is not known; one released on it is.
    assert list(d.real.index) == [2019]
    later = at_origin(obs, "hai_phong", 2023)
    assert later.growth.loc[2019] == pytest.approx(0.159)  # the revision, known by 2024-03-31


def test_no_value_published_after_the_cutoff_changes_any_earlier_forecast():
    """Raise every value published after 2021-03-31 (origin 2020's cut-off), including a late
    revision of 2019: nothing an origin up to 2020 forecasts - point, bands, calibrated bands
    learned from past errors - may change; later origins see the change."""
    base = run_backtest(_obs(_growth_rows()), origin_from=2016, horizon=2, draws=300, seed=1)
    bumped = run_backtest(_obs(_growth_rows("2021-03-31", 3.0)), origin_from=2016, horizon=2,
                          draws=300, seed=1)
    f0, f1 = base.forecasts, bumped.forecasts
    early0, early1 = f0[f0["origin"] <= 2020], f1[f1["origin"] <= 2020]
    pd.testing.assert_frame_equal(early0[FORECAST_SIDE].reset_index(drop=True),
                                  early1[FORECAST_SIDE].reset_index(drop=True))
    assert not early0["actual"].equals(early1["actual"])  # the outcomes did change
    late0, late1 = f0[f0["origin"] >= 2021], f1[f1["origin"] >= 2021]
    assert not np.allclose(late0["forecast"], late1["forecast"])


def test_late_publication_is_not_look_ahead():
    rows = _growth_rows()
    rows[6] = ("grdp_growth_real", "hai_phong", 2021, 12.4, "2024-05-01")  # released late
    f = run_backtest(_obs(rows), origin_from=2021, origin_to=2021, horizon=1, draws=200).forecasts
    assert set(f["n_history"]) == {6}  # 2015-2020 only


def test_calibration_learns_only_from_outcomes_published_by_the_origin():
    """Origin 2019 may learn from errors whose outcome year was published by 2020-03-31, as
    published then: 2016 (its first release, not the 2021 revision), 2018, 2019. Not 2017
    (first released 2020-06) and not the horizon-2 forecast from 2018 (outcome 2020)."""
    outcomes = pd.DataFrame({"year": [2016, 2016, 2017, 2018, 2019, 2020, 2021],
                             "value": [1.0, 9.0, 2.0, 3.0, 4.0, 5.0, 6.0],
                             "published": ["2017-01-10", "2021-02-01", "2020-06-01",
                                           "2019-01-10", "2020-01-10", "2021-01-10",
                                           "2022-01-10"]})
    spec = SeriesSpec("s", "growth", "growth", "x", "gso", outcomes, outcomes)
    rows = []
    for origin in range(2015, 2020):
        for h in (1, 2):
            rows.append({"series": "s", "kind": "growth", "unit": "fraction", "origin": origin,
                         "year": origin + h, "horizon": h, "method": "engine",
                         "mode": "unconditional", "forecast": 0.0, "median": 0.0,
                         "actual": 0.0, "error": 0.0, "score_error": 0.0,
                         "abs_pct_error": np.nan, "lo50": -1.0, "hi50": 1.0, "lo80": -2.0,
                         "hi80": 2.0, "sigma": 1.0, "zero_width": False, "n_history": 1})
    out = calibrate_bands(pd.DataFrame(rows), [spec], min_errors=3)
    r = out[(out["origin"] == 2019) & (out["horizon"] == 1)].iloc[0]
    # learning set: 2015->2016 (value known then: 1), 2016->2018 (3), 2017->2018 (3),
    # 2017->2019 (4), 2018->2019 (4); median 0, sigma 1 -> z = 1, 3, 3, 4, 4; three of them
    # horizon 1 (< 5), so pooled
    assert r["cal_n"] == 5 and r["cal_rule"] == "pooled"
    z = np.array([1.0, 3, 3, 4, 4])
    assert r["cal_bias"] == pytest.approx(z.mean())
    assert r["cal_scale80"] == pytest.approx(
        fs.conformal_quantile(np.abs(z - z.mean()), 0.8) / stats.norm.ppf(0.9))
    assert r["cal_forecast"] == pytest.approx(z.mean())  # median 0 + b x sigma 1
    assert r["cal_hi80"] == pytest.approx(z.mean() + r["cal_scale80"] * 2.0)
    # origin 2017: only 2015->2016 is known (2017's value comes 2020-06) -> warm-up
    assert out[out["origin"] == 2017]["warmup"].all()
    assert out[out["origin"] == 2018]["cal_n"].eq(3).all()  # 2016, 2018 (twice)


# ---------------------------------------------------------------------------------------
# Band calibration by hand
# ---------------------------------------------------------------------------------------
def test_scaling_rule_by_hand():
    z, h = [0.0, 1.0, 2.0, 5.0], [1, 1, 2, 2]
    got = fs.scaling_for(z, h, 1, method="scaling")
    # too few per horizon -> pooled; b = 2, z - b = [-2, -1, 0, 3], sd = sqrt(14/3)
    assert got["rule"] == "pooled" and got["n"] == 4
    assert got["bias"] == pytest.approx(2.0)
    assert got["scale80"] == pytest.approx(math.sqrt(14 / 3)) == got["scale50"]
    conf = fs.scaling_for(z, h, 1, method="conformal")
    # |z - b| sorted = [0, 1, 2, 3]: 80% -> ceil(5 x 0.8) = 4th = 3; 50% -> ceil(2.5) = 3rd = 2
    assert conf["scale80"] == pytest.approx(3 / 1.2815516)
    assert conf["scale50"] == pytest.approx(2 / 0.6744898)
    assert fs.scaling_for(z[:3], h[:3], 1) is None  # fewer than MIN_ERRORS = 4: warm-up
    own = fs.scaling_for([1.0, 2, 3, 4, 5, 50], [1, 1, 1, 1, 1, 2], 1, method="scaling",
                         min_per_horizon=5)
    assert own["rule"] == "horizon" and own["bias"] == pytest.approx(3.0)  # 50 left out
    pooled = fs.scaling_for([1.0, 2, 3, 4, 5, 50], [1, 1, 1, 1, 1, 2], 1, method="scaling")
    assert pooled["rule"] == "pooled" and pooled["bias"] == pytest.approx(65 / 6)  # default 30
    assert own["scale80"] == pytest.approx(np.std([1, 2, 3, 4, 5], ddof=1))


def test_fan_calibration_apply_by_hand():
    table = pd.DataFrame({"bias": [0.5, -1.0], "scale20": [2.0, 1.0], "scale40": [2.0, 1.0],
                          "scale50": [2.0, 1.0], "scale60": [2.0, 2.0],
                          "scale80": [2.0, 3.0], "scale90": [2.0, 3.0], "n": [10, 10],
                          "n_horizon": [10, 10], "rule": ["horizon", "horizon"]},
                         index=pd.Index([1, 2], name="horizon"))
    cal = fs.FanCalibration(table=table)
    row = {"p10": 8.0, "p25": 9.0, "p50": 10.0, "p75": 11.0, "p90": 12.0, "mean": 10.2, "x": 1}
    bands = pd.DataFrame([row] * 4, index=pd.Index([2023, 2024, 2025, 2026], name="year"))
    out = cal.apply(bands, base_year=2023)
    sigma = 4.0 / (2 * 1.2815516)                            # (p90 - p10) / 2.563 = 1.5606
    pd.testing.assert_series_equal(out.loc[2023], bands.loc[2023])  # the base year: data
    c1 = 10.0 + 0.5 * sigma                                  # horizon 1: b = 0.5, s = 2
    assert out.loc[2024, "p50"] == pytest.approx(c1)
    assert out.loc[2024, "p10"] == pytest.approx(c1 - 2 * 2.0)
    assert out.loc[2024, "p75"] == pytest.approx(c1 + 2 * 1.0)
    assert out.loc[2024, "mean"] == pytest.approx(10.2 + 0.5 * sigma)
    c2 = 10.0 - 1.0 * sigma                                  # horizon 2: b = -1, s50 = 1, s80 = 3
    assert out.loc[2025, "p25"] == pytest.approx(c2 - 1.0)
    assert out.loc[2025, "p90"] == pytest.approx(c2 + 3 * 2.0)
    pd.testing.assert_series_equal(out.loc[2026], out.loc[2025], check_names=False)  # held
    assert out.loc[2026, "x"] == 1
    five = bands.rename(columns={"p10": "p5", "p90": "p95"})  # sigma from p5/p95 instead
    assert cal.apply(five, 2023).loc[2024, "p50"] == pytest.approx(10 + 0.5 * 4 / (2 * 1.6448536))
    assert fs.level_scale(table.loc[2], 0.7) == pytest.approx(2.5)  # between 60% and 80%


def test_clopper_pearson_equals_scipy_and_the_beta_quantiles():
    lo, hi = coverage_interval(7, 10)
    ci = stats.binomtest(7, 10).proportion_ci(confidence_level=0.95, method="exact")
    assert (lo, hi) == (ci.low, ci.high)
    assert lo == pytest.approx(stats.beta.ppf(0.025, 7, 4)) == pytest.approx(0.3475, abs=1e-4)
    assert hi == pytest.approx(stats.beta.ppf(0.975, 8, 3)) == pytest.approx(0.9333, abs=1e-4)
    assert coverage_interval(0, 10)[0] == 0.0 and coverage_interval(10, 10)[1] == 1.0
    assert band_verdict(0.8, lo, hi) == "consistent"
    assert band_verdict(0.8, *coverage_interval(2, 10)) == "too narrow"
    assert band_verdict(0.5, *coverage_interval(10, 10)) == "too wide"


def _scored_rows(widths):
    return pd.DataFrame([{"series": "s", "kind": "growth", "method": "ar1_logdrift", "mode": "",
                          "actual": 1.0, "score_error": e, "abs_pct_error": abs(e) * 100,
                          "lo50": 1.0 - w / 2 + e, "hi50": 1.0 + w / 2 + e,
                          "lo80": 1.0 - w + e, "hi80": 1.0 + w + e, "zero_width": w == 0,
                          "warmup": False} for w, e in widths])


def test_zero_width_bands_are_excluded_from_coverage_and_counted():
    # (width, error): covered, covered, not covered at 50%, and a zero-width point band on
    # the outcome itself, which must not count as covered
    f = _scored_rows([(1.0, 0.0), (1.0, 0.4), (1.0, 0.9), (0.0, 0.0)])
    s = score(f).set_index(["series", "method"]).loc[("s", "ar1_logdrift")]
    assert s["n"] == 4 and s["n_band"] == 3 and s["n_zero_width"] == 1
    assert s["coverage50"] == pytest.approx(2 / 3) and s["coverage80"] == pytest.approx(1.0)
    assert s["mae"] == pytest.approx((0 + 0.4 + 0.9 + 0) / 4)


def test_scores_by_hand_with_bias_and_interval():
    f = _scored_rows([(1.0, -0.2), (1.0, 0.8)])
    s = score(f).iloc[0]
    assert s["bias"] == pytest.approx(0.3) and s["mae"] == pytest.approx(0.5)
    # 50% bands [0.3, 1.3] and [1.3, 2.3] around the outcome 1: one of two inside
    assert s["coverage50"] == 0.5
    assert (s["coverage_low50"], s["coverage_high50"]) == coverage_interval(1, 2)
    assert (s["coverage_low80"], s["coverage_high80"]) == coverage_interval(2, 2)


# ---------------------------------------------------------------------------------------
# The engine at an origin
# ---------------------------------------------------------------------------------------
def test_conditional_mode_reproduces_published_growth_exactly():
    obs = _obs(_growth_rows())
    d = at_origin(obs, "hai_phong", 2020)
    today = at_origin(obs, "hai_phong", None)
    act = actual_inputs(today, 2020)
    cal = calibrate_from(d, "growth", actual=act)
    shock, _ = growth_shock_at(d.growth)
    f = engine_forecast(cal, shock, 2024, "grdp_growth_real", draws=200, seed=0)
    published = today.growth.loc[2021:2024]
    np.testing.assert_array_equal(f["deterministic"].to_numpy(), published.to_numpy())
    # no shock in a published year and no parameter enters growth: the band is a point,
    # which is why the conditional mode is not scored for GRDP series
    np.testing.assert_array_equal(f["p10"].to_numpy(), f["p90"].to_numpy())


def test_engine_unconditional_forecast_equals_the_closed_form():
    rows = [("grdp_growth_real", "hai_phong", 2016, 10.0, "2016-12-28"),
            ("grdp_growth_real", "hai_phong", 2017, 12.0, "2017-12-29"),
            ("grdp_growth_real", "hai_phong", 2019, 14.0, "2020-01-05"),
            ("grdp_constant_2010", "hai_phong", 2017, 100_000.0, "2018-01-10")]
    d = at_origin(_obs(rows), "hai_phong", 2019)
    cal = calibrate_from(d, "constant")
    assert cal.year == 2017 and cal.trend_real_growth == pytest.approx(0.12)
    f = engine_forecast(cal, growth_shock_at(d.growth)[0], 2021, "grdp_constant_vnd_bn",
                        draws=200, seed=0)
    # Y_2020 = Y_2017 (1 + g_trend)(1 + g_2019 published)(1 + g_trend), g_trend = mean(10, 12, 14)%
    assert f.loc[2020, "deterministic"] == pytest.approx(100_000 * 1.12 * 1.14 * 1.12, rel=1e-12)
    assert f.loc[2021, "deterministic"] == pytest.approx(100_000 * 1.12 ** 3 * 1.14, rel=1e-12)
    g = engine_forecast(calibrate_from(d, "growth"), None, 2021, "grdp_growth_real", 50)
    assert g.loc[2020, "deterministic"] == pytest.approx(0.12)


def test_share_path_does_not_depend_on_the_level_of_held_ratios(monkeypatch):
    """The registry's stand-in ratios are normalisations: scaling all of them together leaves
    an origin's share path unchanged (what their ``stated`` sources claim)."""
    from hpresearch.backtest.structural import engine_parameters
    from hpresearch.calibration import rules
    from hpresearch.model.engine import simulate_paths

    rows = _growth_rows() + [("de_share", "hai_phong", 2020, 20.0, "2021-01-10")]
    d = at_origin(_obs(rows), "hai_phong", 2020)
    stated = rules._stated
    paths = []
    for factor in (1.0, 3.0):
        def scaled(name, info, why, factor=factor):
            e = stated(name, info, why)
            ratio = name in ("total_investment_ratio", "fdi_ratio", "dx_ratio")
            return rules.Estimate(e.value * (factor if ratio else 1.0), e.source)

        monkeypatch.setattr(rules, "_stated", scaled)
        cal = calibrate_from(d, "share")
        assert cal.notes["fdi_ratio"].startswith("stated")
        paths.append(simulate_paths(cal, engine_parameters(cal, 2024), 2024)["de_share"][0])
    assert paths[0][-1] != paths[0][0]  # the path moves: the check is not vacuous
    np.testing.assert_allclose(paths[0], paths[1], rtol=1e-12)


def test_determinism_same_seed_same_numbers():
    obs = _obs(_growth_rows())
    a = run_backtest(obs, origin_from=2017, horizon=2, draws=300, seed=5)
    b = run_backtest(obs, origin_from=2017, horizon=2, draws=300, seed=5)
    pd.testing.assert_frame_equal(a.forecasts, b.forecasts)
    pd.testing.assert_frame_equal(a.scores, b.scores)
    c = run_backtest(obs, origin_from=2017, horizon=2, draws=300, seed=6).forecasts
    eng = a.forecasts["method"] == "engine"
    assert not np.allclose(a.forecasts.loc[eng, "lo80"], c.loc[eng, "lo80"])


def test_naive_trend_exact_on_a_line_and_weighted_by_recency():
    h = pd.Series([1.0, 3.0, 5.0], index=[2000, 2001, 2002])
    assert naive_trend_forecast(h, [2003, 2005]).tolist() == pytest.approx([7.0, 11.0])
    # WLS with w = 1, 2, 3 on (0, 0), (1, 0), (2, 3): b = 1.8 (OLS would give 1.5)
    f = naive_trend_forecast(pd.Series([0.0, 0.0, 3.0], index=[0, 1, 2]), [3])
    assert f.iloc[0] == pytest.approx(1.5 + 1.8 * (3 - 8 / 6))
    assert naive_trend_forecast(pd.Series([4.0], index=[2020]), [2022]).iloc[0] == 4.0


# ---------------------------------------------------------------------------------------
# The shipped data: issue 10's criterion and the JSON
# ---------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def shipped():
    return run_backtest()


def test_engine_coverage_per_kind_on_the_shipped_data(shipped):
    """Growth bands are calibrated on growth errors only (issue 10's pooled criterion is now
    per kind: a pooled score can pass while the headline's quantity fails)."""
    ks = shipped.kind_scores
    row = ks[(ks["kind"] == "growth") & (ks["method"] == "engine")
             & (ks["mode"] == "unconditional") & (ks["bands"] == "calibrated")].iloc[0]
    assert row["n_band"] >= 15
    assert 0.65 <= row["coverage80"] <= 0.95
    f = shipped.forecasts
    eng = f[(f["method"] == "engine") & (f["mode"] == "unconditional")]
    counted = eng[~eng["warmup"]]
    assert (counted["cal_n"] >= fs.MIN_ERRORS).all() and (counted["sigma"] > 0).all()
    assert (eng["warmup"] == eng["cal_forecast"].isna()).all()
    # the per-kind rows add up to the pooled row
    raw = ks[(ks["method"] == "engine") & (ks["mode"] == "unconditional") & (ks["bands"] == "raw")]
    assert raw["n"].sum() == shipped.row("engine", "unconditional", "raw")["n"]


def test_a_share_band_learns_from_share_errors_only(shipped):
    """Growth and level errors never widen or shift a share band: every calibrated share
    forecast's learning set counts share forecasts only."""
    f = shipped.forecasts
    eng = f[(f["method"] == "engine") & (f["mode"] == "unconditional")]
    for _, r in eng[(eng["kind"] == "share") & ~eng["warmup"]].iterrows():
        past = eng[(eng["kind"] == "share") & (eng["origin"] < r["origin"])
                   & (eng["year"] <= r["origin"]) & (eng["sigma"] > 0)]
        assert r["cal_n"] <= len(past)


def test_backtest_json_has_the_required_fields(shipped, capsys):
    from hpresearch.cli import main

    assert main(["backtest", "--format", "json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert {"headline", "scores_by_kind", "scores", "forecasts", "notes", "settings",
            "fan_calibration"} <= set(out)
    by_kind = {(r["kind"], r["method"], r["mode"], r["bands"]) for r in out["scores_by_kind"]}
    for kind in ("share", "growth", "level"):
        assert {(kind, "engine", "unconditional", "raw"), (kind, "naive", "", "none"),
                (kind, "ar1_logdrift", "", "raw")} <= by_kind
    for r in out["scores_by_kind"]:
        assert {"n", "n_geographies", "mae", "mae_naive", "bias", "n_above", "n_below",
                "sign_p", "coverage50", "coverage_low50", "coverage80",
                "coverage_high80"} <= set(r)
    head = out["headline"]
    assert "engine" in head["method"] and head["naive_baseline_weight"] in (0.0, 1.0)
    assert head["probability_basis"] in ("share_errors", "model_assumptions")
    assert (head["band_calibration"] == "share errors only") == (
        head["probability_basis"] == "share_errors")
    pooled = [r for r in out["scores"] if r["series"] == "all"]
    assert {(r["method"], r["mode"], r["bands"]) for r in pooled} >= {
        ("engine", "unconditional", "raw"), ("engine", "unconditional", "calibrated"),
        ("engine", "conditional", "raw"), ("engine", "conditional", "calibrated"),
        ("ar1_logdrift", "", "raw"), ("naive", "", "none")}
    for r in out["scores"]:
        assert {"n", "mae", "bias", "n_band", "n_zero_width", "n_warmup", "coverage50",
                "coverage_low50", "coverage_high50", "verdict50", "coverage80",
                "coverage_low80", "coverage_high80", "verdict80"} <= set(r)
    fan = out["fan_calibration"]
    assert fan["method"] == "conformal" and "Reifschneider" in fan["reference"]
    assert fan["kinds"] == ["share"]
    assert out["settings"]["band_calibration"]["min_errors"] == fs.MIN_ERRORS


def test_fan_calibration_from_every_error_known_today(shipped):
    from hpresearch.backtest import fan_calibration

    fan = fan_calibration(result=shipped, kinds=None)
    assert fan.n_errors == shipped.row("engine", "unconditional", "raw")["n_band"]
    assert fan.at(7) == fan.at(fan.max_horizon)  # beyond the longest horizon: held
    shares = fan_calibration(result=shipped)  # the default: share errors only
    assert shares.meta["kinds"] == ["share"] and shares.n_errors < fan.n_errors


def test_information_sets_of_the_shipped_origins_hold_no_later_publication():
    obs = load_observations()
    for origin in range(2018, 2025):
        known = known_at(obs, origin)
        pub = known["published"].fillna("").astype(str)
        dated = pub[pub != ""]
        ends = dated.where(dated.str.len() != 7, dated + "-31")
        ends = ends.where(ends.str.len() != 4, ends + "-12-31")
        assert (ends <= f"{origin + 1}-03-31").all()
        assert (known["year"] <= origin).all()


# ---------------------------------------------------------------------------------------
# One calibration: the backtest's rules are the reports' rules
# ---------------------------------------------------------------------------------------
def test_backtest_calibration_of_todays_information_is_the_reports_calibration():
    """The backtest calibrates each origin with ``calibrate_from`` on that origin's
    information set; given today's information it returns exactly the reports' calibration,
    and the backtest's engine run on it is the reports' ``trend`` projection."""
    import inspect

    from hpresearch.backtest import rolling
    from hpresearch.calibration import calibrate, today
    from hpresearch.model.projection import project

    assert "calibrate_from(d, spec.target" in inspect.getsource(rolling.engine_forecasts)
    for boundary in ("merged", "pre_merger"):
        reports = calibrate(boundary, "gso")
        backtest = calibrate_from(today(boundary, "gso"), "share")
        for name in ("year", "grdp_constant_vnd_bn", "deflator", "de_share", "trend_real_growth",
                     "trend_deflator_growth", "dx_ref_real", "history_years", "observed",
                     "latest", "targets", "total_investment_ratio", "fdi_ratio", "dx_ratio",
                     "adoption_speed", "fdi_disbursement_ratio", "fdi_mean_lag", "pace_limit"):
            assert getattr(backtest, name) == getattr(reports, name), name
        for name, values in reports.history.items():
            np.testing.assert_array_equal(backtest.history[name], values)
        assert ({k: {x: y for x, y in u.items() if x != "source"}
                 for k, u in backtest.uncertainty.items()}
                == {k: {x: y for x, y in u.items() if x != "source"}
                    for k, u in reports.uncertainty.items()})
        f = engine_forecast(backtest, None, 2030, "de_share", draws=10, seed=0)
        p = project("trend", boundary=boundary, basis="gso",
                    overrides={"naive_baseline_weight": 0.0})  # the engine's own path
        np.testing.assert_array_equal(f["deterministic"].to_numpy(),
                                      p.loc[f.index, "de_share"].to_numpy())
