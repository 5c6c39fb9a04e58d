"""The Monte Carlo and the probabilistic goal-seek on the real projection engine and shipped scenarios."""
from __future__ import annotations

import json
import warnings

import numpy as np
import pandas as pd
import pytest

from hpresearch.uncertainty.distributions import ParamDistribution
from hpresearch.uncertainty.spec import build_spec
from hpresearch.invest import goal_seek
from hpresearch.uncertainty.montecarlo import simulate, simulate_spec, solve_probability

SCENARIOS = ("trend", "plan", "breakthrough", "electronics_shock")
BOUNDARIES = ("pre_merger", "merged")


def _zero_variance(spec):
    """Point-mass distributions at the scenario's own values and no shocks."""
    spec.distributions = [ParamDistribution.from_spec(d.name, {"dist": "fixed",
                          "value": float(spec.base_params[d.name])}) for d in spec.distributions]
    spec.shocks = {}
    return spec


@pytest.mark.parametrize("boundary", BOUNDARIES)
def test_zero_variance_reproduces_project_exactly(boundary):
    from hpresearch.model import project

    spec = _zero_variance(build_spec("plan", boundary=boundary, end_year=2030))
    res = simulate_spec(spec, draws=64, seed=3, target=0.40, target_year=2030)
    det = project("plan", boundary=boundary, end_year=2030)["de_share"]
    for col in ("p5", "p50", "p95"):
        assert np.array_equal(res.bands[col].to_numpy(), det.to_numpy())
    assert np.array_equal(res.deterministic.to_numpy(), det.to_numpy())


def test_real_engine_same_seed_identical_different_seed_different():
    a = simulate("trend", draws=1000, seed=11, lever=None)
    b = simulate("trend", draws=1000, seed=11, lever=None)
    c = simulate("trend", draws=1000, seed=12, lever=None)
    pd.testing.assert_frame_equal(a.table(), b.table())
    assert not np.allclose(a.bands["p50"].iloc[1:], c.bands["p50"].iloc[1:])
    assert a.to_dict()["seed"] == 11


def test_bands_ordered_and_probabilities_valid_on_every_scenario_and_boundary():
    cols = ["p5", "p10", "p25", "p50", "p75", "p90", "p95"]
    for sc in SCENARIOS:
        for b in BOUNDARIES:
            r = simulate(sc, draws=400, seed=1, boundary=b, lever=None)
            assert (np.diff(r.bands[cols].to_numpy(), axis=1) >= 0).all(), (sc, b)
            p = r.probabilities.to_numpy()
            assert ((p >= 0) & (p <= 1)).all()
            assert ((r.bands[cols] > 0) & (r.bands[cols] < 1)).all().all()


def test_p_target_rises_with_fdi_investment():
    probs = []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # plausible-range warnings for the large values
        for v in (1.0, 3.0, 6.0, 12.0):
            r = simulate("trend", draws=1500, seed=2, target=0.30, lever=None,
                         overrides={"fdi_digital_usd_bn": v})
            probs.append(r.p_target)
    assert all(b >= a for a, b in zip(probs, probs[1:]))
    assert probs[-1] - probs[0] > 0.5


def test_observed_growth_years_are_not_shocked():
    spec = build_spec("trend", boundary="pre_merger", end_year=2030)
    assert spec.meta["shocked_years"] and min(spec.meta["shocked_years"]) > spec.meta["base_year"]
    from hpresearch.uncertainty.montecarlo import Draws, draw_params
    d = Draws.make(spec, 50, 1)
    p = draw_params(spec, d)
    out = spec.run(p)  # must accept per-draw shapes
    assert out["de_share"].shape == (50, len(spec.years))


def test_probabilistic_goal_seek_on_engine():
    spec = build_spec("trend", boundary="pre_merger", end_year=2030)
    r50 = solve_probability(spec, "fdi_digital_usd_bn", 0.40, 2030, 0.5, draws=2000, seed=1)
    r80 = solve_probability(spec, "fdi_digital_usd_bn", 0.40, 2030, 0.8, draws=2000, seed=1)
    assert r50.value is not None and r80.value is not None
    assert r50.achieved >= 0.5 and r80.achieved >= 0.8
    assert r80.value > r50.value
    assert r50.value == pytest.approx(r50.quantile_check, rel=1e-3)


def test_probabilistic_goal_seek_zero_variance_matches_deterministic_solution():
    spec = _zero_variance(build_spec("trend", boundary="pre_merger", end_year=2030))
    r = solve_probability(spec, "fdi_digital_usd_bn", 0.40, 2030, 0.5, draws=16, seed=0)
    lv = spec.levers["fdi_digital_usd_bn"]
    share = lambda v: spec.run(lv.apply(dict(spec.base_params), v))["de_share"][0, -1]  # noqa: E731
    assert share(r.value) >= 0.40 - 1e-9
    assert share(r.value - 1e-3) < 0.40


def test_probabilistic_goal_seek_result_and_bad_lever():
    from hpresearch.errors import UsageError
    r = goal_seek("breakthrough", target=0.40, year=2030, lever="dx_spending_vnd_bn",
                  probability=0.5, draws=500, seed=0)
    assert r.method == "probabilistic" and r.scenario == "breakthrough"
    assert r.draws == 500 and r.seed == 0 and r.probability == 0.5
    assert json.dumps(r.to_dict())  # JSON-ready
    assert "probabilistic" in r.summary() and "500 draws, seed 0" in r.summary()
    with pytest.raises(UsageError, match="^lever: value 'no_such_lever'"):
        goal_seek("trend", lever="no_such_lever", probability=0.5, draws=10)


@pytest.mark.parametrize("boundary", BOUNDARIES)
def test_zero_variance_probabilistic_goal_seek_equals_engine_goal_seek(boundary):
    det = goal_seek("trend", target=0.40, year=2030, lever="fdi_digital_usd_bn", boundary=boundary)
    spec = _zero_variance(build_spec("trend", boundary=boundary, end_year=2030))
    r = solve_probability(spec, "fdi_digital_usd_bn", 0.40, 2030, 0.5, draws=8, seed=0)
    assert r.value == pytest.approx(det.value, rel=1e-4)
