"""Nothing is lost: ``--write-scenario`` never replaces an input (the scenario being solved,
its ``modifies`` chain, a shipped scenario or any package file), replaces an existing file
only with ``--force``, writes atomically, and refuses before any work is done."""
from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pytest
import yaml

from hpresearch.cli import main
from hpresearch.errors import ScenarioError
from hpresearch.invest import goalseek
from hpresearch.model.scenario import check_write_target, load_scenario
from hpresearch.paths import PACKAGE_DIR, scenarios_dir

ROOT = Path(__file__).resolve().parents[1]
MINE = ("meta: {title: mine, description: d, author: a, reference: [u], modifies: trend}\n"
        "params: {core_fraction: 0.9}\n")


def digest_tree(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture()
def no_solve(monkeypatch):
    """Fail if goal-seek starts: refusals must come before any work."""
    monkeypatch.setattr(goalseek, "solve",
                        lambda *a, **k: pytest.fail("goal-seek ran before the refusal"))


def refused(capsys, *argv, needle: str):
    status = main(list(argv))
    out, err = capsys.readouterr()
    assert status == 2, (out, err)
    assert err.count("\n") == 1 and err.startswith("error: --write-scenario"), err
    assert needle in err, err
    assert "Traceback" not in err
    return err


@pytest.mark.parametrize("target", ["plan.yaml", "trend.yaml", "brand_new.yaml"])
def test_shipped_scenarios_are_never_overwritten(capsys, no_solve, target):
    before = digest_tree(scenarios_dir())
    refused(capsys, "goal-seek", "plan", "--write-scenario", str(scenarios_dir() / target),
            "--force", needle="inside the hpresearch package")
    assert digest_tree(scenarios_dir()) == before
    assert main(["validate", "plan"]) == 0 and main(["scenarios"]) == 0
    capsys.readouterr()


@pytest.mark.parametrize("rel", ["parameters/parameters.yaml", "locales/messages.yaml",
                                 "scenarios/../parameters/parameters.yaml"])
def test_package_files_are_never_overwritten(capsys, no_solve, rel):
    before = digest_tree(PACKAGE_DIR / "model")
    refused(capsys, "goal-seek", "trend", "--write-scenario", str(PACKAGE_DIR / rel), "--force",
            needle="inside the hpresearch package")
    assert digest_tree(PACKAGE_DIR / "model") == before


def test_shipped_scenario_through_relative_path(capsys, no_solve, monkeypatch):
    monkeypatch.chdir(scenarios_dir())
    refused(capsys, "goal-seek", "plan", "--write-scenario", "plan.yaml", "--force",
            needle="inside the hpresearch package")


def test_the_solved_file_itself_is_refused_even_with_force(capsys, no_solve, tmp_path):
    mine = tmp_path / "mine.yaml"
    mine.write_text(MINE)
    refused(capsys, "goal-seek", str(mine), "--write-scenario", str(mine), "--force",
            needle="the scenario being solved")
    assert mine.read_text() == MINE


@pytest.mark.parametrize("how", ["symlink", "hardlink", "dotted"])
def test_other_spellings_of_the_input_are_refused(capsys, no_solve, tmp_path, how):
    mine = tmp_path / "mine.yaml"
    mine.write_text(MINE)
    if how == "symlink":
        target = tmp_path / "link.yaml"
        target.symlink_to(mine)
    elif how == "hardlink":
        target = tmp_path / "hard.yaml"
        os.link(mine, target)
    else:
        (tmp_path / "sub").mkdir()
        target = tmp_path / "sub" / ".." / "mine.yaml"
    refused(capsys, "goal-seek", str(mine), "--write-scenario", str(target), "--force",
            needle="the scenario being solved")
    assert mine.read_text() == MINE


def test_a_file_of_the_modifies_chain_is_refused(capsys, no_solve, tmp_path):
    base = tmp_path / "base.yaml"
    base.write_text(MINE)
    child = tmp_path / "child.yaml"
    child.write_text(MINE.replace("modifies: trend", "modifies: base.yaml"))
    refused(capsys, "goal-seek", str(child), "--write-scenario", str(base), "--force",
            needle="modifies chain")
    assert base.read_text() == MINE


def test_existing_file_needs_force(capsys, tmp_path):
    other = tmp_path / "other.yaml"
    other.write_text("precious: true\n")
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(goalseek, "solve", lambda *a, **k: pytest.fail("ran"))
        refused(capsys, "goal-seek", "trend", "--lever", "fdi_digital", "--write-scenario",
                str(other), needle="needs force (--force")
    assert other.read_text() == "precious: true\n"
    assert main(["goal-seek", "trend", "--lever", "fdi_digital", "--target", "0.25",
                 "--write-scenario", str(other), "--force"]) == 0
    capsys.readouterr()
    assert load_scenario(other).meta["modifies"] == "trend"
    assert not list(tmp_path.glob(".*"))  # no temporary file left


@pytest.mark.parametrize("kind", ["folder", "trailing_slash", "fifo", "missing_parent",
                                  "not_yaml", "proc"])
def test_unusable_targets_are_one_line(capsys, no_solve, tmp_path, kind):
    if kind == "folder":
        target = tmp_path / "d.yaml"
        target.mkdir()
        needle = "is a folder"
    elif kind == "trailing_slash":
        target = str(tmp_path / "x.yaml") + "/"
        needle = "is a folder"
    elif kind == "fifo":
        target = tmp_path / "p.yaml"
        os.mkfifo(target)
        needle = "not a regular file"
    elif kind == "missing_parent":
        target = tmp_path / "nope" / "x.yaml"
        needle = "folder does not exist"
    elif kind == "not_yaml":
        target = tmp_path / "x.txt"
        needle = "must end in .yaml"
    else:
        target = Path("/proc/hpresearch-test.yaml")
        needle = ""
    refused(capsys, "goal-seek", "trend", "--write-scenario", str(target), "--force",
            needle=needle)


def test_unwritable_location_after_solving_is_one_line(capsys, tmp_path, monkeypatch):
    import tempfile

    def boom(*a, **k):
        raise PermissionError(13, "Permission denied")

    import hpresearch.paths

    # a folder that passes the up-front probe but fails at write time (full disk, race)
    monkeypatch.setattr(hpresearch.paths, "unwritable_reason", lambda folder: None)
    monkeypatch.setattr(tempfile, "mkstemp", boom)
    refused(capsys, "goal-seek", "trend", "--lever", "fdi_digital", "--target", "0.25",
            "--write-scenario", str(tmp_path / "x.yaml"),
            needle="cannot be written (Permission denied)")
    assert not (tmp_path / "x.yaml").exists()


def test_base_outside_the_output_folder_is_inlined(tmp_path):
    src = tmp_path / "src"
    src.mkdir()
    (src / "mine.yaml").write_text(MINE)
    dst = tmp_path / "dst"
    dst.mkdir()
    from hpresearch.calibration.synthetic import synthetic_calibration

    res = goalseek.goal_seek(src / "mine.yaml", lever="fdi_digital",
                             calibration=synthetic_calibration(pace_limit=1.0))
    out = goalseek.write_scenario(res, dst / "solved.yaml")
    doc = yaml.safe_load(out.read_text())
    assert doc["meta"]["modifies"] is None and doc["params"]["core_fraction"] == 0.9
    assert load_scenario(out).params["core_fraction"] == 0.9


def test_check_write_target_unit(tmp_path):
    mine = tmp_path / "mine.yaml"
    mine.write_text(MINE)
    sc = load_scenario(mine)
    assert check_write_target(tmp_path / "new.yaml", sc) == tmp_path / "new.yaml"
    with pytest.raises(ScenarioError, match="being solved"):
        check_write_target(mine, sc, force=True)
    assert sc.chain_paths[-1] == mine and sc.chain_paths[0].name == "trend.yaml"


# ------------------------------------------------------------------ data datapackage
@pytest.fixture()
def data_copy(tmp_path):
    import shutil

    dst = tmp_path / "data"
    shutil.copytree(ROOT / "data", dst)
    return dst


def test_datapackage_write_never_follows_a_planted_link(capsys, data_copy, tmp_path):
    victim = tmp_path / "victim.txt"
    victim.write_text("precious")
    (data_copy / "datapackage.json.tmp").symlink_to(victim)  # the old fixed temporary name
    assert main(["data", "datapackage", "--data-dir", str(data_copy)]) == 0
    capsys.readouterr()
    assert victim.read_text() == "precious"
    assert main(["data", "datapackage", "--check", "--data-dir", str(data_copy)]) == 0
    capsys.readouterr()


@pytest.mark.parametrize("kind", ["fifo", "symlink", "folder"])
def test_datapackage_that_is_not_a_regular_file(capsys, data_copy, tmp_path, kind):
    target = data_copy / "datapackage.json"
    target.unlink()
    if kind == "fifo":
        os.mkfifo(target)
    elif kind == "symlink":
        (tmp_path / "elsewhere.json").write_text("{}")
        target.symlink_to(tmp_path / "elsewhere.json")
    else:
        target.mkdir()
    for argv in (["data", "datapackage", "--check", "--data-dir", str(data_copy)],
                 ["data", "datapackage", "--data-dir", str(data_copy)]):
        status = main(argv)
        err = capsys.readouterr().err
        assert status == 2 and err.count("\n") == 1 and "not a regular file" in err, err
    if kind == "symlink":
        assert (tmp_path / "elsewhere.json").read_text() == "{}"
