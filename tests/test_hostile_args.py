"""Arguments that used to get through: negative seeds, fractional or NaN timeouts, huge draw
counts, unusable output folders, jointly invalid parameters. Each is one line, exit 2, and
nothing is created or run."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

from hpresearch import argspec
from hpresearch.cli import main
from hpresearch.errors import ScenarioError, UsageError
from hpresearch.parameters import registry
from hpresearch.model.scenario import load_scenario
from hpresearch.paths import PACKAGE_DIR, path_problem


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def one_line(code, err, *needles):
    assert code == 2, err
    assert err.count("\n") == 1 and err.startswith("error: "), err
    assert "Traceback" not in err
    for n in needles:
        assert n in err, (n, err)


# ------------------------------------------------------------------------------- seeds
@pytest.mark.parametrize("argv", [
    ["simulate", "trend", "--draws", "10"],
    ["sensitivity", "trend", "--samples", "10"],
    ["sensitivity", "trend", "--method", "sobol", "--samples", "8"],
    ["goal-seek", "trend", "--probability", "0.5", "--draws", "10"],
])
@pytest.mark.parametrize("seed", ["-1", "4294967296", "1.5", "nan", "x"])
def test_bad_seeds_are_refused(capsys, argv, seed):
    one_line(*run(capsys, *argv, "--seed", seed)[::2], "--seed")


def test_library_refuses_negative_seed():
    from hpresearch.uncertainty.montecarlo import simulate

    with pytest.raises(UsageError, match="^seed: value -3"):
        simulate("trend", draws=10, seed=-3)


# ------------------------------------------------------------------------------ timeout
@pytest.mark.parametrize("value", ["2.5", "nan", "inf", "-inf", "0", "-5", "1e9", "ten"])
def test_bad_timeout_is_refused_and_nothing_is_created(capsys, tmp_path, value):
    out = tmp_path / "out"
    code, _, err = run(capsys, "render", "trend", f"--timeout={value}", "--out", str(out))
    one_line(code, err, "--timeout", "whole number of seconds")
    assert not out.exists()


def test_api_refuses_bad_timeout():
    from hpresearch.render.plan import plan

    with pytest.raises(UsageError, match="^cell_timeout: value nan"):
        plan(["trend"], cell_timeout=float("nan"))


# ------------------------------------------------------------------------------ --out
@pytest.mark.parametrize("kind", ["file", "under_file", "package", "notebooks", "foreign_index",
                                  "proc", "nul", "long"])
def test_unusable_out_is_refused_before_anything(capsys, tmp_path, kind):
    if kind == "file":
        out = tmp_path / "f.txt"
        out.write_text("keep")
        needle = "existing file"
    elif kind == "under_file":
        (tmp_path / "f.txt").write_text("keep")
        out = tmp_path / "f.txt" / "sub"
        needle = "is a file"
    elif kind == "package":
        out = PACKAGE_DIR / "reports_here"
        needle = "inside the hpresearch package"
    elif kind == "notebooks":
        out = PACKAGE_DIR.parent / "notebooks" / "out"
        needle = "inside the notebooks folder"
    elif kind == "foreign_index":
        out = tmp_path / "site"
        out.mkdir()
        (out / "index.html").write_text("<html>my own site</html>")
        needle = "did not write"
    elif kind == "proc":
        out = Path("/proc/hpresearch-out")
        needle = "not writable"
    elif kind == "nul":
        out = str(tmp_path / "a\x00b")
        needle = "NUL byte"
    else:
        out = str(tmp_path / ("x" * 300))
        needle = "longer than 255 bytes"
    before = sorted(p.name for p in tmp_path.iterdir())
    code, _, err = run(capsys, "render", "trend", "--out", str(out))
    one_line(code, err, "--out", needle)
    assert sorted(p.name for p in tmp_path.iterdir()) == before
    assert not (PACKAGE_DIR / "reports_here").exists()


def test_unreachable_scheduler_creates_nothing(capsys, tmp_path):
    out = tmp_path / "out"
    code, _, err = run(capsys, "render", "trend", "--scheduler", "tcp://127.0.0.1:9",
                       "--out", str(out), "--no-progress")
    one_line(code, err, "--scheduler", "cannot be reached")
    assert not out.exists()


# ------------------------------------------------------------------------------ memory
@pytest.mark.parametrize("argv,flag", [
    (["simulate", "trend", "--draws", "2000000"], "--draws"),
    (["simulate", "trend", "--draws", "1e10"], "--draws"),
    (["sensitivity", "trend", "--method", "sobol", "--samples", "1000000"], "--samples"),
    (["sensitivity", "trend", "--samples", "1e10"], "--samples"),
    (["goal-seek", "trend", "--probability", "0.8", "--draws", "1500000"], "--draws"),
    (["render", "trend", "-p", "draws", "1000000"], "'draws'"),
    (["render", "trend", "-p", "draws", "1e10"], "'draws'"),
])
def test_memory_estimate_refuses_before_allocating(capsys, tmp_path, argv, flag):
    import tracemalloc

    tracemalloc.start()
    code, _, err = run(capsys, *argv, *(["--out", str(tmp_path / "o")]
                                        if argv[0] == "render" else []))
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    one_line(code, err, flag)
    assert peak < 500 << 20  # nothing near the estimated size was allocated


def test_memory_budget_is_configurable(capsys, monkeypatch):
    monkeypatch.setenv("HPRESEARCH_MEMORY_BUDGET", "1M")
    code, _, err = run(capsys, "simulate", "trend", "--draws", "5000")
    one_line(code, err, "--draws", "memory budget of 1.0 MiB", "HPRESEARCH_MEMORY_BUDGET")
    monkeypatch.setenv("HPRESEARCH_MEMORY_BUDGET", "lots")
    code, _, err = run(capsys, "simulate", "trend", "--draws", "50")
    one_line(code, err, "HPRESEARCH_MEMORY_BUDGET", "'lots'")
    monkeypatch.setenv("HPRESEARCH_MEMORY_BUDGET", "8G")
    assert argspec.memory_budget() == 8 << 30


# ------------------------------------------------------------------ combination rules
def test_scenario_with_policy_after_target_is_refused(tmp_path, capsys):
    p = tmp_path / "late.yaml"
    p.write_text("meta: {title: t, description: d, author: a, reference: [u], modifies: trend}\n"
                 "params: {first_policy_year: 2032, target_year: 2030}\n")
    code, _, err = run(capsys, "validate", str(p))
    one_line(code, err, "late.yaml", "first_policy_year 2032", "target_year 2030",
             "first_policy_year <= target_year")


@pytest.mark.parametrize("argv,needle", [
    (["project", "trend", "--set", "first_policy_year=2031"], "first_policy_year <= target_year"),
    (["goal-seek", "trend", "--set", "first_policy_year=2028", "--year", "2027"],
     "first_policy_year <= target_year"),
    (["simulate", "trend", "--year", "2030", "--end-year", "2027"], "target_year <= end_year"),
    (["project", "trend", "--set", "target_share=1"], "0 < target_share < 1"),
    (["project", "trend", "--set", "target_share=0"], "0 < target_share < 1"),
    (["render", "trend", "-p", "target_year", "2025"], "first_policy_year <= target_year"),
])
def test_jointly_invalid_arguments(capsys, tmp_path, argv, needle):
    extra = ["--out", str(tmp_path / "o")] if argv[0] == "render" else []
    code, _, err = run(capsys, *argv, *extra)
    one_line(code, err, needle, "constraints.yaml")
    assert not (tmp_path / "o").exists()


def test_each_value_alone_is_fine(capsys):
    assert main(["project", "trend", "--set", "first_policy_year=2030"]) == 0
    capsys.readouterr()


@pytest.mark.parametrize("rule", ["__import__('os').system('ls') < 1", "target_year", "x < 1",
                                  "target_year.real < 1", "target_year < 'a'",
                                  "[1] < target_year", "lambda: 1 < 2", "target_year <"])
def test_constraint_rules_are_a_tiny_safe_language(rule):
    with pytest.raises(ScenarioError):
        registry._parse_rule(rule, "constraints.yaml[0].rule", set(registry.load_registry()))


def test_constraints_file_is_valid_and_names_stable_parameters():
    stable = {"first_policy_year", "target_year", "target_share", "adoption_ceiling",
              "initial_capital_growth", "end_year", "capacity_decay",
              "core_domestic_investment_share", "digital_fdi_fraction",
              "fdi_disbursement_ratio"} | set(registry.load_registry()) & {
        n for n, s in registry.load_registry().items() if s.lever}
    for c in registry.load_constraints():
        assert set(c.names) <= stable, c.rule


def test_shipped_scenarios_satisfy_the_rules():
    for name in ("trend", "plan", "breakthrough", "electronics_shock"):
        load_scenario(name)


# ------------------------------------------------------------------------------- specs
@pytest.mark.parametrize("name,text,ok", [
    ("draws", "1e4", 10_000), ("draws", "10_000", 10_000), ("draws", "0", None),
    ("draws", "2.5", None), ("draws", "True", None), ("target", "0.4", 0.4),
    ("target", "0", None), ("target", "1", None), ("target", "nan", None),
    ("timeout", "600", 600), ("timeout", "600.0", 600), ("timeout", "0.5", None),
    ("lang", "vi", "vi"), ("lang", "VI", None), ("lever", "fdi_digital", "fdi_digital"),
    ("text", "ok", "ok"), ("text", "a\x1bb", None), ("text", "x" * 2000, None),
])
def test_spec_parse(name, text, ok):
    spec = argspec.spec(name)
    if ok is None:
        with pytest.raises(UsageError):
            spec.parse(text, f"--{name}")
    else:
        assert spec.parse(text, f"--{name}") == ok


def test_path_problem():
    assert path_problem("ok.yaml") is None
    assert "NUL" in path_problem("a\x00b")
    assert "255" in path_problem("x" * 256)
    assert "4096" in path_problem("a/" * 3000)
    assert os.sep == "/"
