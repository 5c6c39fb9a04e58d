"""The architecture of hpresearch as docs/architecture.md states it.

* one concept, one module: no two modules share a name;
* no import cycle between modules (imports inside functions included);
* :mod:`hpresearch.data` is the only reader of observation rows: no other module filters
  the raw observation table by its columns;
* docs/architecture.md describes every module that exists, and nothing else;
* notebooks only orchestrate: no ``def``/``class``/``lambda`` in notebooks/*.py.
"""
from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PKG = ROOT / "hpresearch"
#: Raw observation columns; filtering on them is the data layer's job.
OBSERVATION_COLUMNS = {"indicator", "geography", "period_type", "qualifier", "published",
                       "source_url", "confidence", "quote_kind"}


def _modules() -> dict[str, Path]:
    out = {}
    for path in sorted(PKG.rglob("*.py")):
        rel = path.relative_to(ROOT).with_suffix("")
        parts = list(rel.parts)
        if parts[-1] == "__init__":
            parts = parts[:-1]
        out[".".join(parts)] = path
    return out


MODULES = _modules()


def _resolve(name: str) -> str | None:
    while name and name not in MODULES:
        name = name.rpartition(".")[0]
    return name or None


def _imports(module: str, path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.startswith("hpresearch"):
                    found.add(_resolve(alias.name))
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                base = ".".join(package.split(".")[: len(package.split(".")) - node.level + 1]
                                + ([base] if base else []))
            if not base.startswith("hpresearch"):
                continue
            for alias in node.names:
                target = f"{base}.{alias.name}"
                found.add(target if target in MODULES else _resolve(base))
    found.discard(None)
    found.discard(module)
    return found


def test_no_two_modules_share_a_name():
    stems: dict[str, list[str]] = {}
    for name, path in MODULES.items():
        if path.name in ("__init__.py", "__main__.py"):
            continue
        stems.setdefault(path.stem, []).append(name)
    packages = {n.rpartition(".")[2] for n, p in MODULES.items() if p.name == "__init__.py"}
    shared = {s: m for s, m in stems.items() if len(m) > 1 or s in packages}
    assert not shared, f"module names used twice (one concept, one name): {shared}"


def test_no_import_cycle():
    graph = {m: _imports(m, p) for m, p in MODULES.items()}
    # package __init__ files import their own submodules lazily; a cycle through a package
    # is a cycle through its __init__, which the graph contains as the package name.
    state: dict[str, int] = {}
    stack: list[str] = []
    cycles = []

    def visit(node: str) -> None:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == 1:
                cycles.append(stack[stack.index(nxt):] + [nxt])
            elif nxt not in state:
                visit(nxt)
        stack.pop()
        state[node] = 2

    for m in sorted(graph):
        if m not in state:
            visit(m)
    assert not cycles, "import cycles: " + "; ".join(" -> ".join(c) for c in cycles[:5])


def _filters_observation_columns(path: Path) -> list[str]:
    """Comparisons or ``.isin`` calls on ``frame["<observation column>"]``."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    where = path.relative_to(ROOT) if path.is_relative_to(ROOT) else path.name

    def is_obs_subscript(node) -> bool:
        return (isinstance(node, ast.Subscript) and isinstance(node.slice, ast.Constant)
                and node.slice.value in OBSERVATION_COLUMNS)

    hits = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Compare) and (is_obs_subscript(node.left)
                                              or any(map(is_obs_subscript, node.comparators))):
            hits.append(f"{where}:{node.lineno}")
        if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                and node.func.attr in ("isin", "str") and is_obs_subscript(node.func.value)):
            hits.append(f"{where}:{node.lineno}")
    return hits


def test_only_the_data_layer_filters_observation_rows():
    offenders = []
    for name, path in MODULES.items():
        if name == "hpresearch.data" or name.startswith("hpresearch.data."):
            continue
        offenders += _filters_observation_columns(path)
    for path in sorted((ROOT / "notebooks").glob("*.py")):
        offenders += _filters_observation_columns(path)
    assert not offenders, ("filter observations through hpresearch.data, not by hand: "
                           + ", ".join(offenders))


def test_the_filter_check_can_fail(tmp_path):
    bad = tmp_path / "bad.py"
    bad.write_text('def f(obs):\n    a = obs[obs["indicator"] == "de_share"]\n'
                   '    return a[a["geography"].isin(["hai_phong"])]\n')
    assert _filters_observation_columns(bad) == ["bad.py:2", "bad.py:3"]


def test_architecture_doc_lists_every_module():
    doc = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
    listed = set(re.findall(r"`(hpresearch(?:/[a-z_0-9]+)*(?:\.py|/))`", doc))
    actual = set()
    for name, path in MODULES.items():
        rel = path.relative_to(ROOT).as_posix()
        actual.add(rel if path.name != "__init__.py" else rel.rsplit("/", 1)[0] + "/")
    missing = sorted(actual - listed)
    stale = sorted(listed - actual)
    assert not missing, f"docs/architecture.md does not describe: {missing}"
    assert not stale, f"docs/architecture.md describes modules that do not exist: {stale}"


def test_notebooks_only_orchestrate():
    for path in sorted((ROOT / "notebooks").glob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        defs = [n for n in ast.walk(tree)
                if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda))]
        assert not defs, f"{path.name}: notebooks call hpresearch; they define nothing"


def _packages() -> dict[str, Path]:
    """Subpackages of hpresearch whose ``__init__`` exports names (every one but ``cli``)."""
    return {n: p for n, p in MODULES.items()
            if p.name == "__init__.py" and n.count(".") == 1 and n != "hpresearch.cli"}


def test_every_package_exports_through_the_one_lazy_helper():
    import importlib

    for name, path in _packages().items():
        text = path.read_text(encoding="utf-8")
        assert "lazy_exports(__name__" in text, f"{name}: use hpresearch._lazy.lazy_exports"
        assert "import_module" not in text, f"{name}: a second lazy mechanism"
        package = importlib.import_module(name)
        submodules = {m.rpartition(".")[2] for m in MODULES if m.startswith(name + ".")}
        shadowing = set(package.__all__) & submodules
        assert not shadowing, f"{name}: exported names hide submodules: {shadowing}"
        for attr in package.__all__:
            assert getattr(package, attr) is getattr(
                importlib.import_module(f"{name}.{package._EXPORTS[attr]}"), attr), attr
        assert set(package.__all__) | submodules <= set(dir(package))


def test_lazy_exports_reach_submodules_and_refuse_the_rest():
    import hpresearch.report as report

    assert report.answers.__name__ == "hpresearch.report.answers"
    try:
        report.no_such_name
    except AttributeError as err:
        assert "no_such_name" in str(err)
    else:  # pragma: no cover - the assertion is the test
        raise AssertionError("an unknown name must raise AttributeError")


#: The documented order of the packages (docs/architecture.md): each may import only the
#: packages before it.
LAYERS = ("data", "parameters", "calibration", "model", "uncertainty", "invest", "backtest",
          "plots", "report", "render", "explore", "cli")
#: Modules of the package root that every package may import; they import only each other.
FOUNDATION = ("hpresearch", "hpresearch.errors", "hpresearch.textsafe", "hpresearch.safeyaml",
              "hpresearch.paths", "hpresearch.fileio", "hpresearch.memo", "hpresearch.limits",
              "hpresearch.defaults", "hpresearch.results", "hpresearch._lazy",
              "hpresearch.i18n", "hpresearch.argspec")
#: The one documented exception: argspec reads the choices it checks from their declarations.
ARGSPEC_READS = ("hpresearch.data.vocabulary", "hpresearch.parameters.levers",
                 "hpresearch.parameters.registry")


def _layer(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 and parts[1] in LAYERS else module


def _edges() -> list[tuple[str, str]]:
    return [(m, t) for m, p in MODULES.items() for t in _imports(m, p)]


def test_the_layer_order_lists_every_package():
    packages = {n.split(".")[1] for n, p in MODULES.items()
                if p.name == "__init__.py" and n.count(".") == 1}
    roots = {n for n, p in MODULES.items() if n.count(".") <= 1 and n.split(".")[-1] not in packages}
    assert packages == set(LAYERS)
    assert roots - {"hpresearch.__main__"} == set(FOUNDATION)


def _against_direction(edges) -> list[str]:
    wrong = []
    for source, target in edges:
        a, b = _layer(source), _layer(target)
        if a == b or b in FOUNDATION:
            continue
        if source == "hpresearch.__main__" and b == "cli":
            continue
        if source == "hpresearch.argspec" and target in ARGSPEC_READS:
            continue
        if a in FOUNDATION or b not in LAYERS or LAYERS.index(b) >= LAYERS.index(a):
            wrong.append(f"{source} -> {target}")
    return sorted(wrong)


def test_packages_depend_in_the_documented_direction():
    """Every import (inside functions too) goes to an earlier layer or the foundation."""
    wrong = _against_direction(_edges())
    assert not wrong, "imports against the documented direction: " + "; ".join(wrong)


def test_the_direction_check_catches_what_it_should(tmp_path):
    """Not vacuous: an upward import inside a function, a sideways one and a foundation
    module importing a package are reported; a downward one and argspec's reads are not."""
    fake = tmp_path / "upward.py"
    fake.write_text("def f():\n    from hpresearch.model.engine import simulate_paths\n")
    found = _imports("hpresearch.data.upward", fake)
    assert "hpresearch.model.engine" in found
    assert _against_direction([("hpresearch.data.upward", t) for t in found]) == [
        "hpresearch.data.upward -> hpresearch.model.engine"]
    assert _against_direction([("hpresearch.report.answers", "hpresearch.render.batch"),
                               ("hpresearch.memo", "hpresearch.data.load")]) == [
        "hpresearch.memo -> hpresearch.data.load",
        "hpresearch.report.answers -> hpresearch.render.batch"]
    assert _against_direction([("hpresearch.invest.goalseek", "hpresearch.uncertainty.spec"),
                               ("hpresearch.argspec", "hpresearch.parameters.levers")]) == []
