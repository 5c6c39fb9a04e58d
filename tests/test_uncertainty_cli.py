"""The evidence commands: simulate, sensitivity, backtest (in-process, small draw counts)."""
from __future__ import annotations

import io
import json

import pandas as pd
import pytest

from hpresearch.cli import main

SCENARIOS = ("trend", "plan", "breakthrough", "electronics_shock")


@pytest.mark.parametrize("scenario", SCENARIOS)
@pytest.mark.parametrize("boundary", ["pre_merger", "merged"])
def test_simulate_json_every_scenario_and_boundary(scenario, boundary, capsys):
    rc = main(["simulate", scenario, "--draws", "300", "--seed", "5", "--boundary", boundary,
               "--format", "json", "--lever", "none"])
    assert rc == 0
    out = json.loads(capsys.readouterr().out)
    assert out["seed"] == 5 and out["draws"] == 300 and out["boundary"] == boundary
    assert 0.0 <= out["p_target"] <= 1.0
    assert out["years"][-1]["year"] == 2030


def test_simulate_table_and_csv(capsys):
    assert main(["simulate", "breakthrough", "--draws", "500", "--target", "0.35",
                 "--year", "2030"]) == 0
    text = capsys.readouterr().out
    assert "P(share >= 35% in 2030)" in text and "seed 0" in text and "required lever" in text
    assert main(["simulate", "trend", "--draws", "200", "--format", "csv", "--basis", "mic"]) == 0
    df = pd.read_csv(io.StringIO(capsys.readouterr().out))
    assert {"year", "p5", "p50", "p95", "p_at_or_above"} <= set(df.columns)


def test_sensitivity_tornado_and_sobol(capsys):
    assert main(["sensitivity", "plan", "--samples", "200", "--format", "csv"]) == 0
    t = pd.read_csv(io.StringIO(capsys.readouterr().out))
    assert set(t["output"]) == {"share", "p_target"}
    assert main(["sensitivity", "plan", "--method", "sobol", "--samples", "64",
                 "--format", "json"]) == 0
    s = json.loads(capsys.readouterr().out)
    assert s["n_base"] == 64 and len(s["indices"]) >= 5


def test_backtest_command(capsys):
    assert main(["backtest", "--origin-from", "2019", "--format", "json"]) == 0
    out = json.loads(capsys.readouterr().out)
    methods = {r["method"] for r in out["scores"] if r["series"] == "all"}
    assert methods == {"engine", "ar1_logdrift", "naive"}
    assert out["settings"]["origins"][0] == 2019


@pytest.mark.parametrize("argv,needle", [
    (["simulate", "no_such_scenario", "--draws", "10"], "no_such_scenario"),
    (["simulate", "trend", "--year", "2050", "--draws", "10"], ""),
    (["backtest", "--origin-from", "2100"], "--origin-from"),
])
def test_bad_input_is_one_line_error(argv, needle, capsys):
    rc = main(argv)
    err = capsys.readouterr().err
    assert rc == 2
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err
    assert needle in err


def test_bad_argument_types_exit_2(capsys):
    assert main(["simulate", "trend", "--target", "40"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: --target: value 40") and "strictly between 0 and 1" in err
