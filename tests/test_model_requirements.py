"""Requirements as distributions (issue 10 §5): median and P80 from the Monte Carlo, the
deterministic value labelled, committed FDI separated from the part not yet committed."""
from __future__ import annotations

import json
import warnings

import numpy as np
import pytest

from hpresearch.cli import main
from hpresearch.model import project
from hpresearch.invest import goal_seek, requirement
from hpresearch.uncertainty import simulate

DRAWS = 600


@pytest.fixture(scope="module")
def req():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return requirement("breakthrough", lever="fdi_digital", target=0.27, draws=DRAWS, seed=2)


def test_rows_are_median_p80_and_deterministic(req):
    t = req.table()
    assert list(t.index) == ["median", "p80", "deterministic"]
    assert t.loc["median", "probability"] == 0.5 and t.loc["p80", "probability"] == 0.8
    assert t.loc["deterministic", "method"] == "deterministic"
    assert np.isnan(t.loc["deterministic", "probability"])
    # more certainty costs more
    assert t.loc["median", "value"] <= t.loc["p80", "value"]
    assert t.loc["median", "achieved_probability"] >= 0.5
    assert t.loc["p80", "achieved_probability"] >= 0.8


def test_committed_fdi_is_separated_by_hand(req):
    """breakthrough commits fdi_extra_usd_bn (all-industry) x digital_fdi_fraction a year."""
    from hpresearch.calibration import calibrate
    from hpresearch.model.engine import resolve_params
    from hpresearch.model.scenario import load_scenario

    cal = calibrate("merged", "gso")
    params = resolve_params(load_scenario("breakthrough").params, cal, 2030)
    years = cal.years(2030)
    idx = years >= 2026
    expected = float(np.mean(params["digital_fdi_fraction"] * params["fdi_extra_usd_bn"][idx]
                             + params["fdi_digital_extra_usd_bn"][idx]))
    for r in req.rows().values():
        assert r.committed == pytest.approx(expected, rel=1e-12) and r.committed > 0
        assert r.total_value == pytest.approx(r.value + r.committed)
    trend = goal_seek("trend", target=0.27, lever="fdi_digital")
    assert trend.committed == 0 and trend.total_value == trend.value


def test_the_median_level_gives_probability_one_half_when_simulated(req):
    m = req.median
    start, stop = m.policy_years
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        sim = simulate("breakthrough", draws=DRAWS, seed=2, lever=None, target=0.27,
                       overrides={m.lever: {start: m.value, stop: m.value}})
    assert abs(sim.p_target - 0.5) <= 0.01


def test_deterministic_row_equals_the_deterministic_goal_seek(req):
    d = goal_seek("breakthrough", target=0.27, lever="fdi_digital")
    assert req.deterministic.value == pytest.approx(d.value, rel=1e-12)
    df = project("breakthrough", overrides={d.lever: {2026: d.value}})
    assert df.loc[2030, "de_share"] == pytest.approx(0.27, abs=5e-4)


def test_summary_labels_the_deterministic_value(req):
    text = req.summary()
    assert "median (P = 0.5)" in text and "P80 (P = 0.8)" in text
    assert "deterministic (central projection, not a probability)" in text
    assert "committed" in text


def test_cli_distribution_json(capsys):
    code = main(["goal-seek", "trend", "--lever", "dx_spending", "--target", "0.25",
                 "--distribution", "--draws", "300", "--format", "json"])
    out = capsys.readouterr().out
    assert code == 0
    d = json.loads(out)
    assert set(d["rows"]) == {"median", "p80", "deterministic"}
    assert d["rows"]["p80"]["probability"] == 0.8 and d["rows"]["median"]["draws"] == 300


def test_cli_distribution_refuses_probability(capsys):
    code = main(["goal-seek", "trend", "--distribution", "--probability", "0.5"])
    err = capsys.readouterr().err
    assert code == 2 and err.count("\n") == 1 and "--distribution" in err
