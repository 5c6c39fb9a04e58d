"""Validate once: a library function and the command line refuse the same values of each
declared argument (:data:`hpresearch.argspec.SPECS`) with the same error class and the same
one-line message, the library naming the argument (``draws: …``) and the command line its
flag (``--draws: …``). Library messages never name a flag."""
from __future__ import annotations

import math

import pytest

from hpresearch import argspec, cli
from hpresearch.errors import CalibrationError, HPResearchError, UsageError
from hpresearch.limits import LIMITS


def bad_values(name: str) -> list:
    """Values just outside ``SPECS[name]``: each side of the range, a fraction for an integer,
    NaN and infinity; unknown and mis-cased names for a choice."""
    spec = argspec.spec(name)
    if spec.kind == "choice":
        return ["nope", spec.allowed()[0].upper()]
    out: list = [math.nan, math.inf]
    if spec.kind == "int":
        out += [spec.low - 1, spec.high + 1, spec.low + 0.5]
    else:
        out += [spec.low, spec.high, spec.low - 0.5, spec.high + 0.5]
    return out


def _simulate(**kw):
    from hpresearch.uncertainty import simulate

    return simulate("trend", **{"draws": 10, "lever": None, **kw})


def _goal_seek(**kw):
    from hpresearch.invest import goal_seek

    return goal_seek("trend", **kw)


def _least_cost(**kw):
    from hpresearch.invest import least_cost

    return least_cost("trend", levers=("fdi", "dx"), **{"probability": 0.5, **kw})


def _backtest(**kw):
    from hpresearch.backtest import run_backtest

    return run_backtest(**kw)


def _project(**kw):
    from hpresearch.model import project

    return project("trend", **kw)


def _tornado(**kw):
    from hpresearch.uncertainty.sensitivity import scenario_tornado
    from hpresearch.uncertainty.spec import build_spec

    return scenario_tornado(build_spec("trend", end_year=2030), **kw)


def _sobol(**kw):
    from hpresearch.uncertainty.sensitivity import scenario_sobol
    from hpresearch.uncertainty.spec import build_spec

    return scenario_sobol(build_spec("trend", end_year=2030), **kw)


#: (declaration, library function, its argument, command line before the flag, flag)
CASES = [
    ("draws", _simulate, "draws", ["simulate", "trend"], "--draws"),
    ("seed", _simulate, "seed", ["simulate", "trend"], "--seed"),
    ("target", _simulate, "target", ["simulate", "trend"], "--target"),
    ("target_year", _simulate, "target_year", ["simulate", "trend"], "--year"),
    ("end_year", _simulate, "end_year", ["simulate", "trend"], "--end-year"),
    ("boundary", _simulate, "boundary", ["simulate", "trend"], "--boundary"),
    ("basis", _simulate, "basis", ["simulate", "trend"], "--basis"),
    ("target", _goal_seek, "target", ["goal-seek", "trend"], "--target"),
    ("target_year", _goal_seek, "year", ["goal-seek", "trend"], "--year"),
    ("probability", _goal_seek, "probability", ["goal-seek", "trend"], "--probability"),
    ("probability", _least_cost, "probability", ["goal-seek", "trend", "--levers", "fdi,dx"],
     "--probability"),
    ("target", _least_cost, "target", ["goal-seek", "trend", "--levers", "fdi,dx",
                                       "--probability", "0.5"], "--target"),
    ("draws", _least_cost, "draws", ["goal-seek", "trend", "--levers", "fdi,dx",
                                     "--probability", "0.5"], "--draws"),
    ("origin_from", _backtest, "origin_from", ["backtest"], "--origin-from"),
    ("origin_to", _backtest, "origin_to", ["backtest"], "--origin-to"),
    ("horizon_years", _backtest, "horizon", ["backtest"], "--horizon"),
    ("draws", _backtest, "draws", ["backtest"], "--draws"),
    ("seed", _backtest, "seed", ["backtest"], "--seed"),
    ("end_year", _project, "end_year", ["project", "trend"], "--end-year"),
    ("boundary", _project, "boundary", ["project", "trend"], "--boundary"),
    ("basis", _project, "basis", ["project", "trend"], "--basis"),
    ("samples", _tornado, "draws", ["sensitivity", "trend"], "--samples"),
    ("n_base", _sobol, "n_base", ["sensitivity", "trend", "--method", "sobol"], "--samples"),
]


def library_error(call, argument, value) -> HPResearchError:
    with pytest.raises(HPResearchError) as info:
        call(**{argument: value})
    return info.value


def cli_error(argv) -> tuple[HPResearchError, str]:
    """The error a command raises (parse-time or from the library) and the line it prints."""
    parser = cli.build_parser()
    args = parser.parse_args(argv)
    with pytest.raises(HPResearchError) as info:
        argspec.raise_invalid(args)
        args.func(args)
    return info.value, cli._report(info.value, parser.commands[args.command])


@pytest.mark.parametrize("name,call,argument,argv,flag", CASES,
                         ids=[f"{c[1].__name__[1:]}-{c[2]}" for c in CASES])
def test_library_and_cli_refuse_the_same_values_alike(name, call, argument, argv, flag):
    # --samples also feeds the tornado (from 1 draw): the one value it passes to Sobol's
    # n_base that n_base refuses is 1; the others are --samples' own (the tornado case).
    for value in [1] if argument == "n_base" else bad_values(name):
        lib = library_error(call, argument, value)
        line = str(lib)
        assert type(lib) is UsageError, line
        assert lib.argument == argument and line.startswith(f"{argument}: value "), line
        assert "--" not in line and "\n" not in line
        err, printed = cli_error([*argv, flag, str(value)])
        assert type(err) is UsageError
        assert printed == flag + line[len(argument):], (printed, line)


def test_cli_prints_the_flag(capsys):
    assert cli.main(["sensitivity", "trend", "--method", "sobol", "--samples", "1"]) == 2
    assert capsys.readouterr().err == ("error: --samples: value 1 must be an integer in "
                                       "[2, 2_000_000]\n")


@pytest.mark.parametrize("value", [True, "10", None, 10.5, -1])
def test_library_refuses_what_the_cli_cannot_send(value):
    err = library_error(_simulate, "draws", value)
    assert type(err) is UsageError and str(err).startswith("draws: ")


def test_numpy_numbers_are_numbers():
    import numpy as np

    assert argspec.check("draws", np.int64(12)) == 12
    assert argspec.check("target", np.float32(0.5)) == 0.5
    with pytest.raises(UsageError):
        argspec.check("draws", np.bool_(True))


@pytest.mark.parametrize("call", [
    lambda: __import__("hpresearch.calibration", fromlist=["x"]).calibrate("hanoi"),
    lambda: __import__("hpresearch.data", fromlist=["x"]).build_panel("hanoi"),
    lambda: _project(boundary="hanoi"),
    lambda: _simulate(boundary="hanoi"),
])
def test_unknown_boundary_is_one_class_everywhere(call):
    with pytest.raises(UsageError, match=r"^boundary: value 'hanoi' is not one of ") as info:
        call()
    assert not isinstance(info.value, CalibrationError)


def test_unknown_lever_names_the_argument():
    with pytest.raises(UsageError, match=r"^lever: value 'gold' is not one of "):
        _goal_seek(lever="gold")


def test_explorer_settings_use_the_declarations():
    from hpresearch.explore import ExplorerSession

    for kw, argument in (({"draws": 1999}, "draws"), ({"seed": -1}, "seed"),
                         ({"boundary": "x"}, "boundary"), ({"end_year": 2050}, "end_year")):
        with pytest.raises(UsageError, match=f"^{argument}: value ") as info:
            ExplorerSession(**kw)
        assert "--" not in str(info.value)


def test_one_draw_limit_and_one_table():
    assert argspec.spec("draws").high == LIMITS["draws"].high == 2_000_000
    assert all(limit.why for limit in LIMITS.values())
    from hpresearch.parameters.registry import MAX_END_YEAR

    assert MAX_END_YEAR == LIMITS["year"].high
    with pytest.raises(UsageError, match=r"^draws: value 2000001 must be an integer in "
                                         r"\[1, 2_000_000\]"):
        _backtest(draws=2_000_001)


def test_no_library_error_names_a_declared_flag():
    """Static check: no ``raise`` outside ``hpresearch/cli/`` quotes the flag of a declared
    argument (``--draws``, ``--year``, ``--levers``, …): it names the argument instead."""
    import ast
    from pathlib import Path

    import hpresearch

    parser = cli.build_parser()
    flags = {opt for command in parser.commands.values() for action in command._actions
             if hasattr(action.type, "arguments") or action.dest in ("lever", "levers", "costs",
                                                                       "bounds")
             for opt in action.option_strings if opt.startswith("--")}
    assert {"--draws", "--year", "--samples", "--levers", "--boundary"} <= flags
    root = Path(hpresearch.__file__).parent
    found = []
    for path in sorted(root.rglob("*.py")):
        if "cli" in path.relative_to(root).parts:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Raise):
                texts = [c.value for c in ast.walk(node)
                         if isinstance(c, ast.Constant) and isinstance(c.value, str)]
                found += [(path.name, node.lineno, f) for f in flags
                          if any(f in t for t in texts)]
    assert not found, found
