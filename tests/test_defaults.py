"""Default draws and seeds are declared once (hpresearch/defaults.py) and read everywhere."""
from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from hpresearch import defaults

ROOT = Path(__file__).resolve().parents[1]


def _literal_defaults(path: Path) -> list[str]:
    """``draws``/``seed`` arguments whose default is a number typed in place, and module
    constants named ``DEFAULT_*DRAWS``/``DEFAULT_SEED``."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    hits = []
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            a = node.args
            pairs = list(zip(a.args[len(a.args) - len(a.defaults):], a.defaults))
            pairs += [(k, d) for k, d in zip(a.kwonlyargs, a.kw_defaults) if d is not None]
            hits += [f"{path.name}:{node.lineno} {arg.arg}" for arg, d in pairs
                     if arg.arg in ("draws", "seed") and isinstance(d, ast.Constant)
                     and isinstance(d.value, int)]
        if isinstance(node, ast.Assign):
            hits += [f"{path.name}:{node.lineno} {t.id}" for t in node.targets
                     if isinstance(t, ast.Name) and re.fullmatch(r"DEFAULT_\w*(DRAWS|SEED)", t.id)]
    return hits


def test_no_module_types_its_own_default_draws_or_seed():
    hits = [h for p in sorted((ROOT / "hpresearch").rglob("*.py")) if p.name != "defaults.py"
            for h in _literal_defaults(p)]
    assert not hits, hits


def test_the_check_can_fail(tmp_path):
    bad = tmp_path / "bad.py"
    bad.write_text("DEFAULT_GOAL_DRAWS = 10\ndef f(draws=10, *, seed=0):\n    pass\n")
    assert sorted(_literal_defaults(bad)) == ["bad.py:1 DEFAULT_GOAL_DRAWS", "bad.py:2 draws",
                                              "bad.py:2 seed"]


@pytest.mark.parametrize("notebook, draws, seed", [
    ("02_scenario_report", defaults.DRAWS, defaults.REPORT_SEED),
    ("03_scenario_comparison", defaults.DRAWS, defaults.REPORT_SEED),
    ("05_explorer", defaults.DRAWS, defaults.REPORT_SEED),  # the reports' answer
])
def test_notebook_parameters_are_the_declared_defaults(notebook, draws, seed):
    text = (ROOT / "notebooks" / f"{notebook}.py").read_text(encoding="utf-8")
    assert re.search(rf"^draws: int = {draws}\b", text, re.M), notebook
    assert re.search(rf"^seed: int = {seed}\b", text, re.M), notebook
