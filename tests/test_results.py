"""Every result class has the methods hpresearch/results.py promises: summary, table, to_dict."""
from __future__ import annotations

import importlib
import inspect
import json
import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

PACKAGES = ("data", "calibration", "model", "uncertainty", "backtest", "report", "render",
            "explore")
METHODS = ("summary", "table", "to_dict")


def _result_classes() -> dict[str, type]:
    """Public classes that answer a question: named ``*Result`` or ``*Report``, and
    ``Requirement``."""
    found = {}
    for name in PACKAGES:
        package = importlib.import_module(f"hpresearch.{name}")
        for attr in getattr(package, "__all__", ()):
            obj = getattr(package, attr)
            if inspect.isclass(obj) and (attr.endswith(("Result", "Report"))
                                         or attr == "Requirement"):
                found[attr] = obj
    return found


def test_every_result_class_has_summary_table_and_to_dict():
    classes = _result_classes()
    doc = (Path(__file__).resolve().parents[1] / "hpresearch" / "results.py").read_text()
    assert set(re.findall(r"``(\w+)``", doc.split('"""')[1])) >= set(classes)
    assert {"CalibrationReport", "SobolResult", "SimulationResult"} <= set(classes)
    missing = {n: [m for m in METHODS if not callable(getattr(c, m, None))]
               for n, c in classes.items()}
    assert not {n: m for n, m in missing.items() if m}, missing


def _check(result, first_line: str) -> None:
    text = result.summary()
    assert isinstance(text, str) and text.splitlines()[0].startswith(first_line), text
    assert isinstance(result.table(), pd.DataFrame) and len(result.table())
    json.dumps(result.to_dict(), allow_nan=False)  # JSON-ready


def test_sobol_result_methods():
    from hpresearch.uncertainty.distributions import ParamDistribution
    from hpresearch.uncertainty.sensitivity import sobol_indices

    dists = [ParamDistribution.from_spec(k, {"dist": "uniform", "low": 0, "high": 1})
             for k in ("a", "b")]
    res = sobol_indices(lambda v: 3 * np.asarray(v["a"]) + np.asarray(v["b"]), dists,
                        n_base=64, seed=1)
    _check(res, "Sobol indices of y: N = 64 base samples, 256 model runs, seed 1.")
    assert res.summary().splitlines()[1].startswith("  a: S1 0.9")
    assert res.to_dict()["indices"][0]["parameter"] == "a"


def test_calibration_report_methods():
    from hpresearch.calibration import calibration_report

    rep = calibration_report("pre_merger", "gso")
    _check(rep, "Calibration report - boundary pre_merger, basis gso")
    d = rep.to_dict()
    assert d["shock"]["sigma"] == pytest.approx(rep.shock.sigma)
    assert len(d["coefficients"]) == len(rep.table())


def test_simulation_result_summary():
    from hpresearch.uncertainty import simulate

    sim = simulate("trend", draws=200, seed=3, lever=None)
    _check(sim, "Monte Carlo of trend - boundary merged, basis gso; 200 draws, seed 3")
    assert f"P(share >= {sim.target:.2%}) = {sim.p_target:.1%}" in sim.summary()


def test_backtest_result_methods():
    from hpresearch.backtest import run_backtest

    res = run_backtest()
    _check(res, "Rolling-origin backtest: origins 2018-")
    assert any(line.startswith("  share, engine, unconditional, calibrated: n ")
               for line in res.summary().splitlines())
