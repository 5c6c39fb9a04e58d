"""Sobol wrapper on the Ishigami function, tornado mechanics, distributions."""
from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from hpresearch.errors import ScenarioError
from hpresearch.uncertainty.distributions import ParamDistribution
from hpresearch.uncertainty.sensitivity import sobol_indices, tornado


def ishigami(values: dict[str, np.ndarray], a: float = 7.0, b: float = 0.1) -> np.ndarray:
    """Ishigami test function ``sin x1 + a sin^2 x2 + b x3^4 sin x1`` (x_i ~ U[-pi, pi])."""
    x1, x2, x3 = (np.asarray(values[k]) for k in ("x1", "x2", "x3"))
    return np.sin(x1) + a * np.sin(x2) ** 2 + b * x3 ** 4 * np.sin(x1)


def ishigami_analytic(a: float = 7.0, b: float = 0.1) -> pd.DataFrame:
    """Closed-form first-order and total Sobol indices of :func:`ishigami`.

    References
    ----------
    Sobol', I. M., Levitan, Yu. L. (1999). "On the use of variance reducing multipliers in
    Monte Carlo computations of a global sensitivity index." *Computer Physics
    Communications* 117, 52-61 (variance decomposition of the Ishigami function).
    """
    pi = math.pi
    v1 = 0.5 * (1 + b * pi ** 4 / 5) ** 2
    v2 = a ** 2 / 8
    v13 = b ** 2 * pi ** 8 * (1 / 18 - 1 / 50)
    v = v1 + v2 + v13
    return pd.DataFrame({"S1": [v1 / v, v2 / v, 0.0], "ST": [(v1 + v13) / v, v2 / v, v13 / v]},
                        index=pd.Index(["x1", "x2", "x3"], name="parameter"))


def _ishigami_dists():
    return [ParamDistribution.from_spec(k, {"dist": "uniform", "low": -math.pi, "high": math.pi})
            for k in ("x1", "x2", "x3")]


def test_ishigami_analytic_values_match_literature():
    # Published values (Saltelli et al. 2008, Global Sensitivity Analysis: The Primer, 4.6).
    ref = ishigami_analytic()
    assert ref.loc["x1", "S1"] == pytest.approx(0.3139, abs=1e-4)
    assert ref.loc["x2", "S1"] == pytest.approx(0.4424, abs=1e-4)
    assert ref.loc["x1", "ST"] == pytest.approx(0.5576, abs=1e-4)
    assert ref.loc["x3", "ST"] == pytest.approx(0.2437, abs=1e-4)


def test_sobol_recovers_ishigami_indices_within_tolerance():
    # Tolerance 0.03 absolute at N = 4096 (Saltelli 2010 estimators; bootstrap CI ~0.02).
    res = sobol_indices(ishigami, _ishigami_dists(), n_base=4096, seed=7)
    ref = ishigami_analytic()
    for p in ("x1", "x2", "x3"):
        assert res.indices.loc[p, "S1"] == pytest.approx(ref.loc[p, "S1"], abs=0.03)
        assert res.indices.loc[p, "ST"] == pytest.approx(ref.loc[p, "ST"], abs=0.03)
    assert res.top(1) == ["x1"]
    assert res.n_runs == 4096 * 5


def test_sobol_same_seed_identical():
    a = sobol_indices(ishigami, _ishigami_dists(), n_base=256, seed=3)
    b = sobol_indices(ishigami, _ishigami_dists(), n_base=256, seed=3)
    assert a.indices.equals(b.indices)


def test_tornado_linear_model_swings_are_coefficient_times_range():
    ranges = {"a": (0.0, 2.0), "b": (-1.0, 1.0)}
    center = {"a": 1.0, "b": 0.0}

    def evaluate(over):
        v = {**center, **over}
        return {"y": 3.0 * v["a"] + 10.0 * v["b"], "z": v["a"]}

    t = tornado(evaluate, ranges)
    y = t[t.output == "y"].set_index("parameter")
    assert y.loc["a", "swing"] == pytest.approx(6.0)
    assert y.loc["b", "swing"] == pytest.approx(20.0)
    assert list(y.index) == ["b", "a"]  # sorted by swing
    assert (t["base"][t.output == "y"] == 3.0).all()


@pytest.mark.parametrize("spec,mean", [
    ({"dist": "uniform", "low": 1.0, "high": 3.0}, 2.0),
    ({"dist": "triangular", "low": 0.0, "mode": 0.0, "high": 3.0}, 1.0),
    ({"dist": "normal", "mean": 5.0, "sd": 0.5}, 5.0),
    ({"dist": "lognormal", "median": 2.0, "sigma": 0.2}, 2.0 * math.exp(0.02)),
])
def test_distribution_means(spec, mean):
    d = ParamDistribution.from_spec("p", spec)
    x = d.sample(200_000, np.random.default_rng(1))
    assert x.mean() == pytest.approx(mean, rel=0.01)


def test_truncation_at_hard_limits():
    d = ParamDistribution.from_spec("p", {"dist": "normal", "mean": 0.0, "sd": 1.0},
                                    hard=(-0.5, 2.0))
    x = d.sample(50_000, np.random.default_rng(2))
    assert x.min() >= -0.5 and x.max() <= 2.0
    # Truncated normal mean = (phi(a) - phi(b)) / (Phi(b) - Phi(a)).
    from scipy.stats import norm
    expected = (norm.pdf(-0.5) - norm.pdf(2.0)) / (norm.cdf(2.0) - norm.cdf(-0.5))
    assert x.mean() == pytest.approx(expected, abs=0.01)


def test_zero_spread_is_point_mass():
    for spec in ({"dist": "uniform", "low": 2.5, "high": 2.5},
                 {"dist": "normal", "mean": 2.5, "sd": 0.0},
                 {"dist": "fixed", "value": 2.5}):
        d = ParamDistribution.from_spec("p", spec)
        assert d.is_degenerate
        assert (d.sample(10, np.random.default_rng(0)) == 2.5).all()


def test_tornado_range_of_bounded_and_unbounded():
    u = ParamDistribution.from_spec("p", {"dist": "triangular", "low": 1, "mode": 2, "high": 4})
    assert u.tornado_range() == (1.0, 4.0)
    n = ParamDistribution.from_spec("p", {"dist": "normal", "mean": 0.0, "sd": 1.0})
    lo, hi = n.tornado_range()
    assert lo == pytest.approx(-1.6449, abs=1e-4) and hi == pytest.approx(1.6449, abs=1e-4)


@pytest.mark.parametrize("spec,msg", [
    ({"dist": "beta"}, "not in"),
    ({"dist": "uniform", "low": 3, "high": 1}, "must be >= low"),
    ({"dist": "triangular", "low": 0, "mode": 5, "high": 1}, "mode"),
    ({"dist": "normal", "mean": "x", "sd": 1}, "finite number"),
    ({"dist": "uniform", "low": 5, "high": 6}, "outside the hard limits"),
])
def test_bad_specs_raise_one_line(spec, msg):
    with pytest.raises(ScenarioError, match=msg) as err:
        ParamDistribution.from_spec("p", spec, hard=(0, 4))
    assert "\n" not in str(err.value)


def test_requirement_tornado_moves_where_the_share_tornado_cannot():
    """Issue 20: with the naive-trend baseline the FDI parameters barely move the trend
    scenario's share (both paths shift alike) but move the investment the target takes.
    Each end is the deterministic goal-seek with that one parameter fixed (checked by hand
    for one end); the base is the goal-seek with none."""
    from hpresearch.invest.goalseek import goal_seek
    from hpresearch.invest.requirements import required_level
    from hpresearch.invest.requirements import requirement_tornado
    from hpresearch.uncertainty.sensitivity import scenario_tornado, tornado_ranges
    from hpresearch.uncertainty.spec import build_spec

    spec = build_spec("trend", boundary="merged", basis="gso", end_year=2030)
    need = requirement_tornado(spec, "trend", "fdi_digital_usd_bn", 0.35, 2030)
    share = scenario_tornado(spec, target=0.35, target_year=2030, draws=200, seed=1)
    base = required_level(goal_seek("trend", target=0.35, year=2030, boundary="merged"))
    assert np.allclose(need["base"], base)
    assert list(need["swing"]) == sorted(need["swing"], reverse=True)
    row = need.set_index("parameter").loc["digital_fdi_fraction"]
    low, high = tornado_ranges(spec)["digital_fdi_fraction"]
    by_hand = required_level(goal_seek("trend", target=0.35, year=2030, boundary="merged",
                                       overrides={"digital_fdi_fraction": low}))
    assert row["output_low"] == pytest.approx(by_hand, rel=1e-9)
    assert row["swing"] > 1.0                       # USD bn a year
    shares = share[share["output"] == "share"].set_index("parameter")
    assert shares.loc["digital_fdi_fraction", "swing"] < 0.0005   # < 0.05 pp
