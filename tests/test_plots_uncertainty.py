"""Evidence figures return Figures with the expected elements (toy model, no engine)."""
from __future__ import annotations

import pandas as pd
from matplotlib.figure import Figure

from hpresearch.backtest import run_backtest
from hpresearch.uncertainty.sensitivity import scenario_tornado
from hpresearch.uncertainty.montecarlo import simulate_spec
from hpresearch.plots.uncertainty_charts import backtest_chart, crossing_year_chart, fan_chart, tornado_chart
from test_uncertainty_simulate import make_spec  # noqa: E402 (tests dir is on sys.path)


def test_fan_chart_has_bands_target_and_merger():
    res = simulate_spec(make_spec(), draws=300, seed=1, target=0.35)
    hist = pd.DataFrame({"year": [2023, 2024], "de_share": [0.297, 0.30], "basis": ["gso", "gso"]})
    fig = fan_chart(res, history=hist)
    assert isinstance(fig, Figure)
    ax = fig.axes[0]
    labels = [t.get_text() for t in fig.legends[0].get_texts()]
    bands = [lab.split(",")[0] for lab in labels]  # model bands: ", conditional on ..."
    assert "median" in labels and "80% band" in bands and "20% band" in bands  # decile bands
    assert any(t.get_text() == "target 35%" for t in ax.texts)
    assert any("merger" in t.get_text() for t in ax.texts)
    assert len(ax.collections) >= 3  # three bands


def test_tornado_crossing_backtest_figures():
    spec = make_spec()
    t = scenario_tornado(spec, target=0.35, draws=200, seed=1)
    f1 = tornado_chart(t, "share")
    assert isinstance(f1, Figure) and len(f1.axes[0].patches) == 2 * 2
    res = simulate_spec(spec, draws=300, seed=1, target=0.35)
    f2 = crossing_year_chart(res)
    assert len(f2.axes[0].patches) == len(res.crossing)
    rows = [{"indicator": "grdp_growth_real", "geography": "hai_phong", "year": y,
             "period_type": "annual", "value": v, "basis": "gso", "qualifier": "", "published": ""}
            for y, v in zip(range(2017, 2025), [14.0, 16.2, 16.68, 11.22, 12.38, 12.32, 10.34, 11.01])]
    bt = run_backtest(pd.DataFrame(rows), origin_from=2019, horizon=2)
    f3 = backtest_chart(bt)
    assert isinstance(f3, Figure) and "MAE" in f3.axes[0].get_title()
