"""Share-first validation: per-kind scores, the sign test, and the probability's basis."""
from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from hpresearch.backtest import record as sr
from hpresearch.backtest.rolling import share_record
from hpresearch.backtest.rolling import FORECAST_COLUMNS, BacktestResult
from hpresearch.backtest.scoring import score, score_by_kind, sign_test


def _rows(kind, series, method, mode, errors, actual=0.20, width=0.02, warmup=False):
    out = []
    for i, e in enumerate(errors):
        a = actual
        out.append({"series": series, "kind": kind, "unit": "fraction", "origin": 2020 + i,
                    "year": 2021 + i, "horizon": 1, "method": method, "mode": mode,
                    "forecast": a + e, "median": a + e, "actual": a, "error": e,
                    "score_error": e, "abs_pct_error": abs(e) / a * 100,
                    "lo50": a + e - width / 2, "hi50": a + e + width / 2,
                    "lo80": a + e - width, "hi80": a + e + width,
                    "sigma": width / 1.2816, "zero_width": False, "n_history": 3,
                    "warmup": warmup})
    return out


def _frame(rows):
    f = pd.DataFrame(rows)
    for c in FORECAST_COLUMNS:
        if c not in f.columns:
            f[c] = np.nan
    return f[FORECAST_COLUMNS].assign(warmup=f["warmup"].astype(bool))


def test_sign_test_by_hand():
    # 9 of 9 below the outcome: p = 2 * 0.5**9 = 0.00390625 (two-sided, exact)
    got = sign_test(pd.Series([-0.01] * 9))
    assert got == {"n_above": 0, "n_below": 9, "sign_p": pytest.approx(2 * 0.5 ** 9)}
    # zeros are left out; 2 above, 2 below: p = 1
    got = sign_test(pd.Series([0.0, 0.01, -0.01, 0.02, -0.03]))
    assert (got["n_above"], got["n_below"]) == (2, 2) and got["sign_p"] == pytest.approx(1.0)


def test_scores_are_pooled_per_kind_with_the_naive_on_the_same_points():
    rows = (_rows("share", "hcmc de_share (mic)", "engine", "unconditional", [-0.02, -0.04])
            + _rows("share", "vietnam de_share (gso)", "engine", "unconditional", [-0.01])
            + _rows("share", "hcmc de_share (mic)", "naive", "", [0.01, -0.01])
            + _rows("share", "vietnam de_share (gso)", "naive", "", [0.03])
            + _rows("growth", "hai_phong grdp_growth_real", "engine", "unconditional",
                    [0.05, -0.05, 0.05]))
    f = _frame(rows)
    ks = score_by_kind(f)
    share = ks[(ks["kind"] == "share") & (ks["method"] == "engine") & (ks["bands"] == "raw")]
    r = share.iloc[0]
    # MAE (0.02 + 0.04 + 0.01)/3; naive on the same three points (0.01 + 0.01 + 0.03)/3
    assert r["n"] == 3 and r["n_geographies"] == 2
    assert r["mae"] == pytest.approx(0.07 / 3) and r["mae_naive"] == pytest.approx(0.05 / 3)
    assert r["bias"] == pytest.approx(-0.07 / 3) and (r["n_above"], r["n_below"]) == (0, 3)
    growth = ks[(ks["kind"] == "growth") & (ks["bands"] == "raw")].iloc[0]
    assert growth["mae"] == pytest.approx(0.05)  # not pooled with the shares
    # the per-series table carries each series' kind; the pooled row is "all"
    s = score(f)
    assert set(s.loc[s["series"] == "all", "kind"]) == {"all"}
    assert set(s.loc[s["series"] == "hcmc de_share (mic)", "kind"]) == {"share"}


def _record_of(errors_by_geo, naive_error, warm=False):
    rows = []
    for geo, errs in errors_by_geo.items():
        rows += _rows("share", f"{geo} de_share (gso)", "engine", "unconditional", errs,
                      warmup=warm)
        rows += _rows("share", f"{geo} de_share (gso)", "naive", "", [naive_error] * len(errs))
    f = _frame(rows)
    eng = f["method"] == "engine"
    # calibrated bands: the raw ones (the record reads the cal_ columns)
    for c in ("lo50", "hi50", "lo80", "hi80", "score_error", "abs_pct_error"):
        f.loc[eng, "cal_" + c] = f.loc[eng, c]
    f.loc[eng, "cal_forecast"] = f.loc[eng, "median"]
    res = BacktestResult(forecasts=f, scores=score(f), notes=[],
                         settings={"band_calibration": {"method": "conformal"}})
    return sr.record_from(res)


def test_too_few_share_forecasts_means_model_assumptions_only():
    rec = _record_of({"vietnam": [-0.01] * 6, "hcmc": [-0.02] * 3}, 0.005)
    assert rec.n == 9 and rec.n_geographies == 2
    assert not rec.calibrated and rec.basis == sr.MODEL_ONLY and rec.fan is None
    assert rec.checks["n"] is False and rec.checks["geographies"] is False
    assert rec.checks["sign"] is False  # 9 of 9 below: p = 0.0039
    assert rec.best_method == "naive"
    assert rec.basis_text("en").startswith("model assumptions only")
    assert "giả định" in rec.basis_text("vi")
    assert "9" in rec.basis_text("en") and "20" in rec.basis_text("en")


def test_a_record_that_meets_every_criterion_calibrates_the_share_fan():
    # 24 forecasts from 4 geographies, errors alternating in sign inside half the 80%
    # band (0.02): mean |e| 0.006 < naive 0.01; every outcome inside the 80% band and
    # errors of 0.004 inside the 50% band (half-width 0.01), 0.008 inside too -> 50%
    # coverage 1.0 fails; use errors beyond the 50% half-width for half of them.
    errs = [0.005, -0.005, 0.015, -0.015, 0.005, -0.015]
    rec = _record_of({g: errs for g in ("a", "b", "c", "d")}, 0.02)
    assert rec.n == 24 and rec.n_geographies == 4
    # inside the 50% band (|e| <= 0.01): half of them; inside 80% (|e| <= 0.02): all
    assert rec.coverage50 == pytest.approx(0.5) and rec.coverage80 == pytest.approx(1.0)
    assert rec.checks["coverage80"] is False  # 1.0 > 0.95: too wide
    assert not rec.calibrated
    errs = [0.005, -0.005, 0.015, -0.015, 0.005, -0.025]
    rec = _record_of({g: errs for g in ("a", "b", "c", "d")}, 0.02)
    assert rec.coverage80 == pytest.approx(5 / 6)
    assert all(rec.checks.values()) and rec.calibrated and rec.basis == sr.CALIBRATED
    assert rec.fan is not None and rec.fan.meta["kinds"] == ["share"]
    assert "24" in rec.basis_text("en") and "4" in rec.basis_text("en")


def test_the_record_round_trips_through_json():
    rec = _record_of({"vietnam": [-0.01] * 6, "hcmc": [-0.02] * 3}, 0.005)
    back = sr.ShareRecord.from_dict(rec.to_dict())
    assert back.basis == rec.basis and back.n == rec.n and back.checks == rec.checks
    assert back.mae == pytest.approx(rec.mae) and math.isnan(back.coverage50) == math.isnan(
        rec.coverage50)


def test_the_shipped_record_states_its_basis_and_the_reports_follow_it():
    rec = share_record(cache=False)
    assert rec.calibrated == all(rec.checks.values())
    assert (rec.fan is not None) == rec.calibrated
    assert rec.n >= 9 and "vietnam" in rec.geographies


def test_the_baseline_weight_follows_the_share_record():
    """naive_baseline_weight is 1 (the naive trend is the unconditional baseline) exactly
    when the naive trend scored better than the engine on the engine's share points."""
    from hpresearch.parameters.registry import load_registry

    rec = share_record(cache=False)
    w = float(load_registry()["naive_baseline_weight"].default)
    assert w == (0.0 if rec.best_method == "engine" else 1.0)


def test_the_naive_baseline_holds_a_single_published_share_and_keeps_the_identities():
    """Merged city: one published share point, so the trend scenario holds the base share;
    another scenario differs from it by the engine's own difference from its trend path."""
    from hpresearch.model import project

    trend = project("trend")
    engine = project("trend", overrides={"naive_baseline_weight": 0.0})
    base = trend["de_share"].iloc[0]
    assert np.allclose(trend["de_share"], base)  # b_t = s0 and e_t = e^trend_t
    exit_ = project("anchor_exit")
    exit_engine = project("anchor_exit", overrides={"naive_baseline_weight": 0.0})
    assert np.allclose(exit_["de_share"] - trend["de_share"],
                       exit_engine["de_share"] - engine["de_share"], atol=1e-12)
    # the gap sits in digitalised value added: share = digital VA / GRDP, parts add up
    assert np.allclose(trend["de_share"],
                       trend["digital_va_current_vnd_bn"] / trend["grdp_current_vnd_bn"])
    assert np.allclose(trend["de_share"], trend["de_share_core"] + trend["de_share_digitalised"])


def test_the_naive_baseline_extrapolates_a_share_record_by_hand():
    """Two points 0.20 (t0 - 2) and 0.22 (t0): WLS weights 1, 2 through two points is the
    line through them, slope 0.01 a year; the baseline rises 0.01 a year from s0."""
    import dataclasses

    from hpresearch.calibration import calibrate
    from hpresearch.model.engine import share_baseline_offset, _engine_trend_share

    cal = calibrate("merged", "gso")
    t0 = cal.year
    c2 = dataclasses.replace(cal, share_history={t0 - 2: cal.de_share - 0.02,
                                                 t0: cal.de_share})
    params = {"naive_baseline_weight": 1.0, "target_share": 0.35}
    off = share_baseline_offset(c2, 2030, params)
    e = _engine_trend_share(c2, 2030, 0.35)
    b = cal.de_share + 0.01 * np.arange(2030 - t0 + 1)
    assert np.allclose(off, b - e)
    assert np.allclose(share_baseline_offset(c2, 2030, {"naive_baseline_weight": 0.0}), 0.0)
