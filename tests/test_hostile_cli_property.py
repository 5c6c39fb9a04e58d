"""Property test of the one validation layer: random values for every argument of every
command and for ``-p`` notebook parameters give either a result (exit 0) or one error line
and exit 2 - never a traceback, never another status.

Heavy work stays small: the memory budget is 64 MiB here (so large draw counts are refused
by the estimate, not run), and ``render`` and the explorer's ``export`` are replaced by stubs
after validation (the validation is what is tested; rendering is tested in
tests/test_render.py, the explorer page in tests/test_explorer_html.py).
"""
from __future__ import annotations

import contextlib
import io
import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hpresearch.cli import main
from hpresearch.paths import PACKAGE_DIR

ERROR_LINE = re.compile(r"^(error: |hpresearch( [a-z-]+)*: error: )")
SETTINGS = settings(max_examples=60, deadline=None, derandomize=True,
                    suppress_health_check=[HealthCheck.function_scoped_fixture,
                                           HealthCheck.too_slow])


@pytest.fixture(autouse=True)
def sandbox(tmp_path, monkeypatch):
    """Run in a scratch folder, with a small memory budget and stub renderer and explorer
    export."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("HPRESEARCH_MEMORY_BUDGET", "64M")
    from hpresearch.render import batch

    def fake_render(jobs, out_dir=None, **kwargs):
        return batch.RenderSummary(out_dir=Path(out_dir or "reports"), results=[])

    monkeypatch.setattr(batch, "render", fake_render)
    from hpresearch.explore import standalone
    from hpresearch.fileio import atomic_write

    def fake_export(path, scenarios, **kwargs):  # the page itself: tests/test_explorer_html.py
        return atomic_write(path, "<!DOCTYPE html>")

    monkeypatch.setattr(standalone, "export", fake_export)
    (tmp_path / "folder.yaml").mkdir(exist_ok=True)
    (tmp_path / "existing.yaml").write_text("x: 1\n")
    return tmp_path


def run(argv: list[str]) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = main(argv)
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 2)
    return code, out.getvalue(), err.getvalue()


def assert_result_or_one_line(argv, code, out, err, *, errors_allowed: int = 1):
    assert "Traceback" not in err + out, (argv, err)
    assert "\x1b" not in err + out, argv
    assert code in (0, 2), (argv, code, err)
    if code == 2:
        lines = [line for line in err.splitlines() if line.strip()]
        bad = [line for line in lines if ERROR_LINE.match(line)]
        assert 1 <= len(bad) <= errors_allowed, (argv, err)
        assert all(ERROR_LINE.match(line) or line.startswith("warning: ") for line in lines), \
            (argv, err)


# ------------------------------------------------------------------------ value strategies
def _num_text(x) -> str:
    return repr(x) if isinstance(x, float) else str(x)


HOSTILE_TEXT = st.sampled_from([
    "", " ", "-1", "nan", "inf", "-inf", "1e10", "1e309", "0x10", "1_000", "2.5", "١٢",
    "\x1b[2J", "\x00", "a" * 5000, "../../etc/passwd", "/dev/zero", "{a: [1, 2]}",
    "!!python/name:os.system", "*alias", "&a [*a]", "True", "None", "[" * 200,
    "9" * 5000, "-0", "+3", "1e-400",
])
NUMBERS = st.one_of(
    st.integers(min_value=-(10**15), max_value=10**15).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(_num_text),
    st.sampled_from(["0", "1", "2", "10", "2024", "2025", "2030", "2045", "2046", "0.4",
                     "0.999", "1.0", "0.0", "-0.1", "4294967295", "4294967296"]),
)
ANY_VALUE = st.one_of(NUMBERS, HOSTILE_TEXT, st.text(max_size=20))


def small_int(lo: int, hi: int):
    return st.integers(min_value=lo, max_value=hi).map(str)


def option(flag: str, values):
    return st.tuples(st.just(flag), values)


def argv_for(command: list[str], positional, options: list, flags: list[str] = ()):
    """An argv: the command, positional values, a random subset of options and flags."""
    opts = st.lists(st.one_of(*options), max_size=len(options)) if options else st.just([])
    return st.tuples(positional, opts, st.lists(st.sampled_from(list(flags) or ["--x"]),
                                                max_size=len(flags)) if flags else st.just([])
                     ).map(lambda t: command + list(t[0]) + [x for o in t[1] for x in o]
                           + (list(dict.fromkeys(t[2])) if flags else []))


SCENARIO = st.sampled_from(["trend", "plan", "plan+electronics_shock", "no_such", "../evil",
                            "existing.yaml", "folder.yaml", "missing.yaml", "trend+",
                            "\x1b[31mtrend"])
BOUNDARY = st.one_of(st.sampled_from(["pre_merger", "merged"]), ANY_VALUE)
BASIS = st.one_of(st.sampled_from(["gso", "mic"]), ANY_VALUE)
LEVER = st.one_of(st.sampled_from(["fdi_digital", "dx_spending", "core_domestic_investment",
                                   "fdi_digital_usd_bn", "none", "gdp"]), ANY_VALUE)
SET = st.tuples(st.sampled_from(["core_fraction", "target_year", "first_policy_year",
                                 "target_share", "adoption_ceiling", "fdi_digital_usd_bn",
                                 "fdi_digital_usd_bn.2027", "initial_capital_growth",
                                 "nope", "", "core_fraction.20x7"]),
                ANY_VALUE).map(lambda kv: f"{kv[0]}={kv[1]}")
YEAR = st.one_of(small_int(2025, 2045), NUMBERS)
SHARE = st.one_of(st.floats(0.01, 0.99).map(repr), NUMBERS)
SEED = st.one_of(small_int(0, 1000), NUMBERS)
DRAWS = st.one_of(small_int(1, 300), NUMBERS)


def test_ordinary_valid_runs_succeed():
    for argv in (["project", "trend"], ["simulate", "trend", "--draws", "50"],
                 ["goal-seek", "trend", "--probability", "0.5", "--draws", "50"],
                 ["sensitivity", "trend", "--samples", "20"], ["validate", "plan"]):
        code, out, err = run(argv)
        assert code == 0, (argv, err)


@SETTINGS
@given(argv_for(["project"], SCENARIO.map(lambda s: [s]), [
    option("--end-year", YEAR), option("--boundary", BOUNDARY), option("--basis", BASIS),
    option("--set", SET), option("--format", st.sampled_from(["table", "csv", "json", "x"]))],
    ["--icor"]))
def test_project(argv):
    assert_result_or_one_line(argv, *run(argv))


@SETTINGS
@given(argv_for(["goal-seek"], SCENARIO.map(lambda s: [s]), [
    option("--target", SHARE), option("--year", YEAR), option("--lever", LEVER),
    option("--boundary", BOUNDARY), option("--set", SET), option("--probability", SHARE),
    option("--draws", DRAWS), option("--seed", SEED),
    option("--write-scenario", st.sampled_from(
        ["new.yaml", "existing.yaml", "folder.yaml", "x.txt", "nope/x.yaml", "trend.yaml",
         str(PACKAGE_DIR / "scenarios" / "plan.yaml"), str(PACKAGE_DIR / "model" / "x.yaml"),
         "/proc/x.yaml", "sub/", "\x1b.yaml"]))], ["--force"]))
def test_goal_seek(argv):
    assert_result_or_one_line(argv, *run(argv))


@SETTINGS
@given(argv_for(["simulate"], SCENARIO.map(lambda s: [s]), [
    option("--draws", DRAWS), option("--seed", SEED), option("--target", SHARE),
    option("--year", YEAR), option("--end-year", YEAR), option("--lever", LEVER),
    option("--boundary", BOUNDARY), option("--basis", BASIS),
    option("--format", st.sampled_from(["table", "csv", "json"]))], ["--no-shocks"]))
def test_simulate(argv):
    assert_result_or_one_line(argv, *run(argv))


@SETTINGS
@given(argv_for(["sensitivity"], SCENARIO.map(lambda s: [s]), [
    option("--method", st.sampled_from(["tornado", "sobol", "x"])),
    option("--samples", st.one_of(small_int(2, 64), NUMBERS)), option("--seed", SEED),
    option("--target", SHARE), option("--year", YEAR), option("--boundary", BOUNDARY)]))
def test_sensitivity(argv):
    assert_result_or_one_line(argv, *run(argv))


@settings(SETTINGS, max_examples=25)
@given(argv_for(["backtest"], st.just([]), [
    option("--origin-from", st.one_of(small_int(2010, 2025), NUMBERS)),
    option("--origin-to", st.one_of(small_int(2010, 2025), NUMBERS)),
    option("--horizon", st.one_of(small_int(1, 10), NUMBERS)),
    option("--format", st.sampled_from(["table", "csv", "json"]))], ["--detail"]))
def test_backtest(argv):
    assert_result_or_one_line(argv, *run(argv))


@settings(SETTINGS, max_examples=25)
@given(argv_for(["outside-view"], st.just([]), [
    option("--target", SHARE), option("--year", YEAR), option("--boundary", BOUNDARY),
    option("--basis", BASIS), option("--scenario", SCENARIO), option("--draws", DRAWS),
    option("--seed", SEED), option("--lang", st.sampled_from(["vi", "en", "all", "fr"])),
    option("--format", st.sampled_from(["text", "json", "table"]))]))
def test_outside_view(argv):
    assert_result_or_one_line(argv, *run(argv))


@settings(SETTINGS, max_examples=25)
@given(argv_for(["explore"], st.just([]), [
    option("--export", st.one_of(HOSTILE_TEXT, st.sampled_from(
        ["page.html", "folder.yaml", "existing.yaml", "missing/page.html"]))),
    option("--scenario", SCENARIO), option("--basis", BASIS), option("--draws", DRAWS),
    option("--seed", SEED)], ["--force"]))
def test_explore_export(argv):
    assert_result_or_one_line(argv, *run(argv))


@SETTINGS
@given(st.lists(st.one_of(SCENARIO, ANY_VALUE), min_size=1, max_size=4))
def test_validate(names):
    argv = ["validate", *names]
    assert_result_or_one_line(argv, *run(argv), errors_allowed=len(names))


@SETTINGS
@given(st.one_of(
    argv_for(["data", "check"], st.just([]), [option("--data-dir", ANY_VALUE)],
             ["--require-quotes"]),
    argv_for(["data", "sources"], st.one_of(st.just("de_share"), ANY_VALUE).map(lambda s: [s]),
             [option("--geography", ANY_VALUE),
              option("--format", st.sampled_from(["table", "csv", "json"]))]),
    argv_for(["data", "panel"], st.just([]), [option("--boundary", BOUNDARY),
                                              option("--basis", BASIS)])))
def test_data(argv):
    assert_result_or_one_line(argv, *run(argv))


PARAM_NAMES = st.sampled_from(["draws", "seed", "target", "target_year", "lever", "boundary",
                               "basis", "sensitivity_draws", "origin_from", "horizon_years",
                               "lang", "scenario", "no_such", "", "\x1b"])


@SETTINGS
@given(argv_for(["render"], st.lists(st.one_of(SCENARIO, ANY_VALUE), max_size=2), [
    option("--notebook", st.sampled_from(["02_scenario_report", "data_overview", "04_backtest",
                                          "../x", "nope", "\x1b"])),
    option("--lang", st.sampled_from(["vi", "en", "all", "fr"])),
    option("--jobs", st.one_of(small_int(1, 4), NUMBERS)),
    option("--timeout", st.one_of(small_int(1, 600), NUMBERS)),
    option("--out", st.sampled_from(["out", "existing.yaml", "/proc/x/y",
                                     str(PACKAGE_DIR / "r"), "deep/er/out"])),
    option("--scheduler", st.sampled_from(["\x1b[2J", "a" * 2000])),
    st.tuples(st.just("-p"), PARAM_NAMES, ANY_VALUE).map(lambda t: t)], ["--all"]))
def test_render_validation(argv):
    assert_result_or_one_line(argv, *run(argv))


def test_every_command_is_covered():
    """Each registered command has a property test above (a new command needs one)."""
    from hpresearch.cli import build_parser

    parser = build_parser()
    commands = set(parser._subparsers._group_actions[0].choices)
    assert commands == {"data", "scenarios", "validate", "project", "goal-seek", "simulate",
                        "sensitivity", "backtest", "outside-view", "render", "explore"}


@settings(SETTINGS, max_examples=10)
@given(st.one_of(st.sampled_from(["table", "csv", "json"]), ANY_VALUE))
def test_scenarios(fmt):
    argv = ["scenarios", "--format", fmt]
    assert_result_or_one_line(argv, *run(argv))
