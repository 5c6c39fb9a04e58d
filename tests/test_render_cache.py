"""Incremental rendering: the cache key changes with every input a report depends on, an
unchanged report is skipped ("up to date"), and --force renders it anyway."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_notebook

from hpresearch.render import cache, ownership
from hpresearch.render.jobs import ReportJob

ROOT = Path(__file__).resolve().parents[1]

PARAMS = 'lang: str = "en"  # report language\nseed: int = 0  # seed\nscenario: str = "trend"  # scenario'
BODY = '''from hpresearch.report import display
from hpresearch.i18n import Localizer
import pandas as pd
L = Localizer(lang)
display.report_header({"title": f"cache fixture {scenario}"}, L)
display.table(pd.DataFrame({"seed": [seed]}), "seed", L)'''


@pytest.fixture
def nbs(tmp_path):
    folder = tmp_path / "nbs"
    folder.mkdir()
    nb = new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                 "language": "python"}
    nb.cells = [new_code_cell(PARAMS, metadata={"tags": ["parameters"]}, id="p"),
                new_code_cell(BODY, id="b")]
    nbformat.write(nb, folder / "20_cache.ipynb")
    return folder


def _job(nbs, **params):
    return ReportJob(notebook="20_cache", notebook_path=str(nbs / "20_cache.ipynb"), lang="en",
                     parameters={"lang": "en", "scenario": "trend", **params}, scenario="trend")


def test_key_changes_with_each_input(nbs, tmp_path, monkeypatch):
    shared = cache.shared_inputs()
    base, _ = cache.job_key(_job(nbs), shared)
    assert cache.job_key(_job(nbs), shared)[0] == base  # deterministic
    assert cache.job_key(_job(nbs, seed=1), shared)[0] != base  # parameters
    other = dict(shared, data_sha256="0" * 64)
    assert cache.job_key(_job(nbs), other)[0] != base  # data files
    for part, value in (("code", {"git_commit": "x"}), ("dependencies", {"lock_sha256": "y"})):
        changed = dict(shared, **{part: dict(shared[part], **value)})
        assert cache.job_key(_job(nbs), changed)[0] != base, part
    nb = nbformat.read(nbs / "20_cache.ipynb", as_version=4)
    nb.cells[1].source += "\n# edited"
    nbformat.write(nb, nbs / "20_cache.ipynb")
    assert cache.job_key(_job(nbs), shared)[0] != base  # notebook


def test_key_follows_the_scenario_chain(nbs, tmp_path):
    base = tmp_path / "base.yaml"
    base.write_text("meta: {title: b, description: d, author: a, reference: [u], modifies: trend}"
                    "\nparams: {core_fraction: 0.9}\n")
    child = tmp_path / "child.yaml"
    child.write_text("meta: {title: c, description: d, author: a, reference: [u], "
                     "modifies: base.yaml}\nparams: {}\n")
    job = ReportJob(notebook="20_cache", notebook_path=str(nbs / "20_cache.ipynb"), lang="en",
                    parameters={"lang": "en", "scenario": str(child)}, scenario="child")
    first, inputs = cache.job_key(job, cache.shared_inputs())
    assert str(child) in inputs["scenario_chains"]
    base.write_text(base.read_text().replace("0.9", "0.8"))  # the base, not the named file
    assert cache.job_key(job, cache.shared_inputs())[0] != first


def test_data_change_changes_the_shared_inputs(tmp_path, monkeypatch):
    before = cache.shared_inputs()["data_sha256"]
    shutil.copytree(ROOT / "data", tmp_path / "data")
    monkeypatch.setenv("HPRESEARCH_DATA_DIR", str(tmp_path / "data"))
    f = tmp_path / "data" / "observations" / "grdp.csv"
    f.write_text(f.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    assert cache.shared_inputs()["data_sha256"] != before


def test_up_to_date_needs_the_same_key_all_files_and_no_failure(nbs, tmp_path):
    job = _job(nbs)
    folder = tmp_path / job.stem
    folder.mkdir()
    (folder / "a.html").write_text("x")
    manifest = {"stem": job.stem, "status": "ok", "cache_key": "k",
                "files": ["a.html", "manifest.json"]}
    (folder / "manifest.json").write_text(json.dumps(manifest))
    assert not cache.up_to_date(job, tmp_path, "k")      # not in hpresearch's record
    ownership.update(tmp_path, add={job.stem: "report"})
    assert cache.up_to_date(job, tmp_path, "k")
    assert not cache.up_to_date(job, tmp_path, "other")
    (tmp_path / f"{job.stem}.failed.json").write_text("{}")
    assert not cache.up_to_date(job, tmp_path, "k")
    (tmp_path / f"{job.stem}.failed.json").unlink()
    (folder / "a.html").unlink()
    assert not cache.up_to_date(job, tmp_path, "k")


def _cli(nbs, out, *extra):
    env = dict(os.environ, PYTHONPATH=str(ROOT), HPRESEARCH_NOTEBOOKS_DIR=str(nbs))
    return subprocess.run([sys.executable, "-m", "hpresearch", "render", "trend", "--notebook",
                           "20_cache", "--lang", "all", "--out", str(out), "--jobs", "1", *extra],
                          capture_output=True, text=True, cwd=ROOT, env=env)


@pytest.mark.slow
def test_second_render_does_nothing_and_force_renders(nbs, tmp_path):
    out = tmp_path / "out"
    first = _cli(nbs, out)
    assert first.returncode == 0, first.stderr
    assert "rendered 2 of 2 reports in" in first.stdout
    manifest = json.loads((out / "20_cache.trend.en" / "manifest.json").read_text())
    assert len(manifest["cache_key"]) == 64 and manifest["cache_inputs"]["notebook"] == "20_cache"
    stamp = (out / "20_cache.trend.en" / "manifest.json").stat().st_mtime_ns

    second = _cli(nbs, out)
    assert second.returncode == 0 and "rendered 0 of 2 reports (2 up to date)" in second.stdout
    assert "up to date" in second.stderr
    assert (out / "20_cache.trend.en" / "manifest.json").stat().st_mtime_ns == stamp

    changed = _cli(nbs, out, "-p", "seed", "5")
    assert "rendered 2 of 2 reports in" in changed.stdout

    forced = _cli(nbs, out, "-p", "seed", "5", "--force")
    assert forced.returncode == 0 and "rendered 2 of 2 reports in" in forced.stdout
