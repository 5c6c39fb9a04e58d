"""The calibrated fan (issue 10 §3) applied to the Monte Carlo: draws recentred and rescaled
with the engine backtest's errors, ranks kept, percentiles equal to FanCalibration.apply on
the model's percentiles, and the calibration cached by data and code."""
from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

from hpresearch.uncertainty.fan_scaling import SCALE_COLUMNS, FanCalibration
from hpresearch.uncertainty.montecarlo import calibrate_paths, percentile_bands


def toy_fan(bias=0.5, scale=2.0):
    row = {"bias": bias, **{c: scale for c in SCALE_COLUMNS}, "n": 10, "n_horizon": 10,
           "rule": "horizon"}
    table = pd.DataFrame([row], index=pd.Index([1], name="horizon"))
    return FanCalibration(table=table, n_errors=10, source="toy")


def test_constant_scale_by_hand():
    rng = np.random.default_rng(0)
    x = rng.normal(0.30, 0.01, size=(20_001, 3))
    years = np.array([2025, 2026, 2027])
    out = calibrate_paths(x, years, 2025, toy_fan(bias=0.5, scale=2.0))
    assert np.array_equal(out[:, 0], x[:, 0])                   # the base year is data
    for t in (1, 2):                                              # later years hold horizon 1
        p10, p50, p90 = np.percentile(x[:, t], [10, 50, 90])
        sigma = (p90 - p10) / 2.5631031310892007
        expected = p50 + 0.5 * sigma + 2.0 * (x[:, t] - p50)
        np.testing.assert_allclose(out[:, t], expected, rtol=0, atol=1e-12)


def test_ranks_are_kept_and_percentiles_match_apply():
    rng = np.random.default_rng(1)
    x = np.column_stack([np.full(50_001, 0.2), rng.lognormal(np.log(0.25), 0.2, 50_001)])
    years = np.array([2025, 2026])
    fan = FanCalibration.from_dict(json.loads(json.dumps({
        "horizons": [{"horizon": 1, "bias": -0.3, "scale20": 1.5, "scale40": 1.6,
                      "scale50": 1.7, "scale60": 1.8, "scale80": 2.0, "scale90": 2.4,
                      "n": 30, "n_horizon": 30, "rule": "horizon"}],
        "method": "conformal", "reference": "toy", "n_errors": 30, "source": "toy"})))
    out = calibrate_paths(x, years, 2025, fan)
    assert np.array_equal(np.argsort(out[:, 1], kind="mergesort"),
                          np.argsort(x[:, 1], kind="mergesort"))
    bands = percentile_bands(x, years, (10, 20, 25, 30, 40, 50, 60, 70, 75, 80, 90))
    want = fan.apply(bands, 2025)
    got = percentile_bands(out, years, (10, 20, 25, 30, 40, 50, 60, 70, 75, 80, 90))
    for c in ("p10", "p25", "p50", "p75", "p90"):
        assert got.loc[2026, c] == pytest.approx(want.loc[2026, c], rel=2e-3), c


def test_fan_calibration_round_trips_through_json():
    fan = toy_fan()
    again = FanCalibration.from_dict(json.loads(json.dumps(fan.to_dict())))
    pd.testing.assert_frame_equal(again.table, fan.table, check_dtype=False)
    assert again.method == fan.method and again.n_errors == fan.n_errors


def test_the_default_calibration_is_cached_and_identical(tmp_path, monkeypatch):
    from hpresearch.backtest import rolling

    monkeypatch.setenv("HPRESEARCH_CACHE_DIR", str(tmp_path))
    first = rolling.fan_calibration()
    files = list(tmp_path.glob("fan-*.json"))
    assert len(files) == 1
    second = rolling.fan_calibration()
    pd.testing.assert_frame_equal(first.table, second.table, check_dtype=False)
    # a damaged cache file is recomputed, not trusted
    files[0].write_text("{not json", encoding="utf-8")
    third = rolling.fan_calibration()
    pd.testing.assert_frame_equal(first.table, third.table, check_dtype=False)


def test_simulation_with_the_fan_reports_both_bands():
    import warnings

    from hpresearch.uncertainty import simulate

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        fan = toy_fan(bias=0.0, scale=2.0)
        res = simulate("trend", draws=2000, seed=0, lever=None, fan=fan)
        raw = simulate("trend", draws=2000, seed=0, lever=None)
    assert res.calibrated and not raw.calibrated
    pd.testing.assert_frame_equal(res.bands_model, raw.bands)
    w_cal = res.bands.loc[2030, "p90"] - res.bands.loc[2030, "p10"]
    w_raw = raw.bands.loc[2030, "p90"] - raw.bands.loc[2030, "p10"]
    assert w_cal == pytest.approx(2.0 * w_raw, rel=0.02)
    assert res.bands.loc[2030, "p50"] == pytest.approx(raw.bands.loc[2030, "p50"], abs=2e-4)
