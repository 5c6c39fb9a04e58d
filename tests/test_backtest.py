"""Rolling-origin backtest: naive trend closed form, scores, and no look-ahead."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from hpresearch.backtest import (
    backtest_series, information_set, naive_trend_forecast, run_backtest, score,
)


def _growth_obs():
    # Hai Phong real GRDP growth as published (data dossier 1a), fractions.
    years = [2017, 2019, 2020, 2021, 2022, 2023, 2024]
    vals = [0.1401, 0.1668, 0.1122, 0.1238, 0.1232, 0.1034, 0.1101]
    pub = ["2017-12-29", "2019-12-27", "2020-12-28", "2021-12-30", "2022-12-29",
           "2023-12-28", "2025-01-06"]
    return pd.DataFrame({"year": years, "value": vals, "published": pub})


def test_naive_trend_exact_on_a_line_and_weighted_by_recency():
    h = pd.Series([1.0, 3.0, 5.0], index=[2000, 2001, 2002])
    assert naive_trend_forecast(h, [2003, 2005]).tolist() == pytest.approx([7.0, 11.0])
    # Hand-computed WLS with w = 1, 2, 3 on (0, 0), (1, 0), (2, 3):
    # tw = 8/6, yw = 9/6, b = sum w (t-tw)(y-yw) / sum w (t-tw)^2 = 6 / (10/3) = 1.8;
    # unweighted OLS would give b = 1.5 and 4.0 at t = 3.
    h2 = pd.Series([0.0, 0.0, 3.0], index=[0, 1, 2])
    f = naive_trend_forecast(h2, [3])
    assert f.iloc[0] == pytest.approx(1.5 + 1.8 * (3 - 8 / 6))  # = 4.5
    assert naive_trend_forecast(pd.Series([4.0], index=[2020]), [2022]).iloc[0] == 4.0


def test_information_set_filters_year_and_publication_date():
    s = pd.DataFrame({"year": [2020, 2021, 2021], "value": [1.0, 2.0, 2.5],
                      "published": ["2021-01-05", "2022-01-10", "2023-06"]})
    info = information_set(s, 2021)
    assert info["value"].tolist() == [1.0, 2.0]  # the 2023 revision is not yet known
    assert information_set(s, 2020)["value"].tolist() == [1.0]
    # Partial dates are conservative: '2022' = end of 2022, after the 2021 cut-off 2022-03-31.
    s2 = pd.DataFrame({"year": [2021, 2021], "value": [1.0, 2.0], "published": ["2022", "2022-03"]})
    assert information_set(s2, 2021)["value"].tolist() == [2.0]


def test_perturbing_data_after_origin_leaves_earlier_forecasts_unchanged():
    obs = _growth_obs()
    base = backtest_series(obs, "growth", "g", origins=[2020, 2021, 2022], horizon=2)
    bumped = obs.copy()
    after = bumped["year"] > 2021
    bumped.loc[after, "value"] = bumped.loc[after, "value"] + 0.05
    pert = backtest_series(bumped, "growth", "g", origins=[2020, 2021, 2022], horizon=2)
    cols = ["forecast", "lo50", "hi50", "lo80", "hi80"]
    early = base["origin"] <= 2021
    pd.testing.assert_frame_equal(base.loc[early, cols].reset_index(drop=True),
                                  pert.loc[pert["origin"] <= 2021, cols].reset_index(drop=True))
    # ... while the later origin does see the change.
    assert not np.allclose(base.loc[~early, "forecast"], pert.loc[pert["origin"] > 2021, "forecast"])


def test_late_publication_is_not_look_ahead():
    obs = _growth_obs()
    obs.loc[obs["year"] == 2021, "published"] = "2024-05-01"  # revised/published late
    f = backtest_series(obs, "growth", "g", origins=[2021], horizon=1)
    assert f["n_history"].iloc[0] == 3  # 2017, 2019, 2020 only


def test_scores_and_coverage_by_hand():
    fc = pd.DataFrame({"series": "s", "origin": 2020, "year": [2021, 2022], "horizon": [1, 2],
                       "method": "model", "forecast": [1.0, 2.0], "actual": [2.0, 2.0],
                       "error": [-1.0, 0.0], "abs_pct_error": [50.0, 0.0],
                       "lo50": [0.5, 1.9], "hi50": [1.5, 2.1], "lo80": [0.0, 1.0],
                       "hi80": [2.5, 3.0], "n_history": 3})
    s = score(fc).set_index(["series", "method"])
    assert s.loc[("s", "model"), "mae"] == 0.5
    assert s.loc[("s", "model"), "mape"] == 25.0
    assert s.loc[("s", "model"), "coverage50"] == 0.5
    assert s.loc[("s", "model"), "coverage80"] == 1.0


def test_share_forecast_bands_ordered_and_run_backtest_on_frame():
    rows = []
    for y, v in zip(range(2020, 2026), [12.66, 12.87, 12.83, 12.87, 13.17, 14.02]):
        rows.append({"indicator": "de_share", "geography": "vietnam", "year": y,
                     "period_type": "annual", "value": v, "basis": "gso", "qualifier": "",
                     "published": f"{y + 1}-01-06"})
    for y, v in zip([2019, 2020, 2021], [16.68, 11.22, 12.38]):
        rows.append({"indicator": "grdp_growth_real", "geography": "hai_phong", "year": y,
                     "period_type": "annual", "value": v, "basis": "gso", "qualifier": "",
                     "published": ""})
    res = run_backtest(pd.DataFrame(rows), origin_from=2020, horizon=2)
    f = res.forecasts
    m = f[f.method == "model"]
    assert (m["lo80"] <= m["lo50"]).all() and (m["lo50"] <= m["forecast"]).all()
    assert (m["forecast"] <= m["hi50"]).all() and (m["hi50"] <= m["hi80"]).all()
    assert set(res.summary().index) == {"model", "naive"}
