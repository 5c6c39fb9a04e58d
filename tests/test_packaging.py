"""Packaging contracts: dependency lists agree, entry points work, repository hygiene."""
from __future__ import annotations

import ast
import json
import re
import subprocess
import sys
from importlib import metadata
from pathlib import Path

import pytest
import yaml

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10: pytest depends on tomli there
    import tomli as tomllib

ROOT = Path(__file__).resolve().parents[1]


def _normalise(requirement: str) -> tuple[str, str]:
    """Split ``name>=1.0`` (pip or conda spelling) into a normalised (name, spec)."""
    match = re.match(r"^\s*([A-Za-z0-9_.\-]+)(\[[^\]]*\])?\s*(.*)$", requirement)
    assert match, requirement
    name = re.sub(r"[-_.]+", "-", match.group(1)).lower()
    return name, match.group(3).replace(" ", "")


def test_environment_yml_matches_pyproject_dependencies():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    pip_deps = dict(_normalise(r) for r in project["dependencies"])
    env = yaml.safe_load((ROOT / "environment.yml").read_text(encoding="utf-8"))
    assert env["name"] == "hpresearch"
    assert env["channels"] == ["conda-forge"]
    conda_deps = dict(
        _normalise(d) for d in env["dependencies"] if isinstance(d, str) and d not in ("pip",)
    )
    conda_deps.pop("python", None)
    assert conda_deps == pip_deps, "environment.yml and pyproject.toml dependencies drifted apart"


def test_python_requirement_is_310_or_newer():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert project["requires-python"] == ">=3.10"


def test_console_script_is_declared():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert project["scripts"]["hpresearch"] == "hpresearch.cli:main"
    try:
        eps = metadata.entry_points(group="console_scripts")
    except Exception:  # pragma: no cover
        pytest.skip("entry points unavailable")
    names = {ep.name: ep.value for ep in eps}
    if "hpresearch" not in names:
        pytest.skip("hpresearch is not installed in this interpreter (run via make test)")
    assert names["hpresearch"] == "hpresearch.cli:main"


def test_python_dash_m_prints_version():
    from hpresearch import __version__

    out = subprocess.run(
        [sys.executable, "-m", "hpresearch", "--version"],
        capture_output=True, text=True, cwd=ROOT, check=True,
    )
    assert out.stdout.strip() == f"hpresearch {__version__}"


def test_unknown_command_is_one_line_error():
    out = subprocess.run(
        [sys.executable, "-m", "hpresearch", "no-such-command"],
        capture_output=True, text=True, cwd=ROOT,
    )
    assert out.returncode == 2
    assert len(out.stderr.strip().splitlines()) == 1
    assert "Traceback" not in out.stderr


def test_ci_runs_the_readme_test_command():
    assert "make test" in (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "make reports" in readme and "make test" in readme


def test_makefile_declares_the_documented_targets():
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    for target in ("setup", "test", "reports", "lab"):
        assert re.search(rf"^{target}:", makefile, re.M), target


NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.name for p in NOTEBOOKS])
def test_notebook_is_committed_clean(path):
    nb = json.loads(path.read_text(encoding="utf-8"))
    code = [c for c in nb["cells"] if c["cell_type"] == "code"]
    assert all(not c.get("outputs") and c.get("execution_count") is None for c in code)
    tagged = [c for c in code if "parameters" in c.get("metadata", {}).get("tags", [])]
    assert len(tagged) == 1, "exactly one cell tagged 'parameters'"
    for cell in code:
        source = "".join(cell["source"])
        tree = ast.parse("\n".join(
            line for line in source.splitlines() if not line.lstrip().startswith(("%", "!"))
        ))
        defs = [n for n in ast.walk(tree) if isinstance(n, (ast.FunctionDef, ast.ClassDef,
                                                             ast.AsyncFunctionDef, ast.Lambda))]
        assert not defs, f"{path.name}: notebooks orchestrate only (no def/class/lambda)"


# ------------------------------------------------------------------ reproducibility (lock)
LOCK = ROOT / "requirements.lock"
_PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)(?:\[[^\]]*\])?==([^\s;\\]+)")


def _lock_entries() -> list[tuple[str, str, str, list[str]]]:
    """(name, version, marker, hashes) of every requirement in the lock."""
    entries, current = [], None
    for line in LOCK.read_text(encoding="utf-8").splitlines():
        match = _PIN.match(line)
        if match:
            marker = line.split(";", 1)[1].rstrip(" \\").strip() if ";" in line else ""
            current = [re.sub(r"[-_.]+", "-", match.group(1)).lower(), match.group(2), marker, []]
            entries.append(current)
        elif line.strip().startswith("--hash=sha256:") and current is not None:
            current[3].append(line.strip().split(":", 1)[1].rstrip(" \\"))
        elif line.strip() and not line.lstrip().startswith("#"):
            assert line.startswith("    "), f"unexpected line in requirements.lock: {line!r}"
    return entries


def test_lock_pins_every_requirement_with_hashes():
    entries = _lock_entries()
    assert len(entries) > 100
    for name, version, _, hashes in entries:
        assert hashes and all(re.fullmatch(r"[0-9a-f]{64}", h) for h in hashes), name
        assert re.fullmatch(r"[0-9A-Za-z.+!_-]+", version), (name, version)


def test_lock_covers_pyproject_and_satisfies_its_ranges():
    from packaging.markers import Marker
    from packaging.requirements import Requirement

    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    wanted = project["dependencies"] + project["optional-dependencies"]["dev"]
    here = {}
    for name, version, marker, _ in _lock_entries():
        if not marker or Marker(marker).evaluate():
            here[name] = version
    for line in wanted:
        req = Requirement(line)
        name = re.sub(r"[-_.]+", "-", req.name).lower()
        assert name in here, f"{name} is not in requirements.lock (run make lock)"
        assert req.specifier.contains(here[name], prereleases=True), \
            f"{name}=={here[name]} in requirements.lock breaks pyproject's {req.specifier}"
    assert {"setuptools", "wheel"} <= set(here), "hpresearch is built without isolation"
    assert "pip" in here, "make setup installs the locked pip first"


def test_make_setup_installs_from_the_lock_and_make_lock_refreshes_it():
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert re.search(r"^PIPOPTS := .*--require-hashes --no-deps$", makefile, re.M)
    assert "$(PIPOPTS) --no-compile -r $(LOCK)" in makefile
    assert "--no-deps --no-build-isolation -e ." in makefile
    assert re.search(r"^\$\(STAMP\): pyproject.toml \$\(LOCK\)", makefile, re.M)
    assert re.search(r"^lock:", makefile, re.M) and "uv pip compile" in makefile
    assert "make lock" in LOCK.read_text(encoding="utf-8").splitlines()[1]
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "make lock" in readme and "requirements.lock" in readme


def test_citation_file_names_the_package_version():
    from hpresearch import __version__

    cff = yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert cff["cff-version"] == "1.2.0" and cff["title"] and cff["authors"] and cff["message"]
    assert str(cff["version"]) == project["version"] == __version__


def test_provenance_records_python_lock_and_every_locked_package():
    import platform

    from hpresearch.render import provenance

    record = provenance.collect()
    env = record["environment"]
    assert record["python"] == platform.python_version()
    assert env["lock_sha256"] == provenance.file_sha256(LOCK)
    pins = provenance.lock_pins()
    assert set(env["locked_packages"]) == set(pins) and "numpy" in pins
    for name, v in env["lock_mismatches"].items():
        assert v["locked"] == pins[name] and v["installed"] != pins[name]
    assert record["package_version"] in record["citation"]
    assert record["git_commit"] in record["rebuild"]


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_report_provenance_section_shows_python_lock_citation_and_rebuild(monkeypatch, lang):
    from hpresearch.i18n import Localizer
    from hpresearch.render import provenance
    from hpresearch.report import display

    shown = []
    monkeypatch.setattr(display, "_publish", lambda d, metadata=None: shown.append(d))
    record = provenance.collect()
    display.provenance(record, Localizer(lang))
    html = shown[-1]["text/html"]
    L = Localizer(lang)
    for key in ("prov.python", "prov.lock", "prov.lock_mismatch", "prov.cite", "prov.rebuild",
                "prov.locked_packages"):
        assert L(key) in html, key
    assert record["python"] in html and record["environment"]["lock_sha256"][:16] in html
    assert "numpy==" in html
    assert shown[-1][display.PROVENANCE_MIME]["environment"]["locked_packages"]
