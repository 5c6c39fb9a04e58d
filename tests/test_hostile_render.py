"""Failure records and the index, without kernels: a job this run did not try leaves no
record, a stale record never downgrades a newer good report, an interrupted serial batch
stops after recording the report it was running, and reports are readable files."""
from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import pytest

from hpresearch.render import batch, executor, index, ownership, placement
from hpresearch.render.jobs import JobResult, ReportJob


def _job(lang="en"):
    return ReportJob(notebook="10_fixture", notebook_path="/nonexistent.ipynb", lang=lang,
                     parameters={}, title="T")


def _good(job, when="2026-01-02T00:00:00+00:00"):
    return JobResult(job, True, 1.0, "", {f"{job.stem}.html": b"<p>v1</p>"},
                     {"stem": job.stem, "notebook": job.notebook, "lang": job.lang,
                      "title": "T", "rendered_at": when, "status": "ok"})


def test_a_job_that_was_not_tried_leaves_nothing(tmp_path):
    job = _job()
    placement.place(_good(job), tmp_path)
    before = sorted(p.name for p in tmp_path.iterdir())
    placement.place(JobResult(job, False, 0.0, "not run: no worker left", tried=False), tmp_path)
    assert sorted(p.name for p in tmp_path.iterdir()) == before
    assert index.collect(tmp_path)[0]["failed"] is None


def test_stale_failure_record_does_not_downgrade_a_newer_good_report(tmp_path):
    job = _job()
    placement.place(_good(job, when="2026-03-01T00:00:00+00:00"), tmp_path)
    (tmp_path / f"{job.stem}.failed.json").write_text(json.dumps(
        {"stem": job.stem, "notebook": job.notebook, "lang": "en", "error": "old failure",
         "failed_at": "2026-01-01T00:00:00+00:00"}))
    entry = index.collect(tmp_path)[0]
    assert entry["good"] and entry["failed"] is None
    assert "old failure" not in index.render_index(index.collect(tmp_path))


def test_a_newer_failure_is_shown_with_the_previous_report_kept(tmp_path):
    job = _job()
    placement.place(_good(job, when="2026-01-01T00:00:00+00:00"), tmp_path)
    placement.place(JobResult(job, False, 1.0, "cell timeout: x", {f"{job.stem}.ipynb": b"{}"}),
                    tmp_path)
    entry = index.collect(tmp_path)[0]
    assert entry["good"] and entry["failed"]["error"] == "cell timeout: x"


def test_batch_where_no_job_was_tried_keeps_the_index_as_it_was(tmp_path, monkeypatch):
    jobs = [_job("vi"), _job("en")]
    for job in jobs:
        placement.place(_good(job), tmp_path)
    index.write_index(tmp_path)
    before = index.collect(tmp_path)

    def nobody(jobs, on_result, processes=1):
        for job in jobs:
            on_result(JobResult(job, False, 0.0, "not run: no worker left", tried=False))

    monkeypatch.setattr(executor, "run_serial", lambda jobs, on_result: nobody(jobs, on_result))
    summary = batch.render(jobs, tmp_path, n_jobs=1, progress=False)
    assert len(summary.failed) == 2 and not any(r.tried for r in summary.failed)
    assert index.collect(tmp_path) == before


def test_interrupted_serial_batch_stops_after_recording(tmp_path, monkeypatch):
    jobs = [_job("vi"), _job("en")]
    seen = []

    def fake_execute(job, reuse_kernel=True):
        seen.append(job.stem)
        return JobResult(job, False, 0.1, "interrupted (SIGINT or Ctrl-C) while the report ran",
                         {f"{job.stem}.ipynb": b"{}"}, interrupted=True)

    monkeypatch.setattr(executor, "execute_job", fake_execute)
    monkeypatch.setattr(executor, "preload_exporters", lambda: None)
    with pytest.raises(KeyboardInterrupt):
        batch.render(jobs, tmp_path, n_jobs=1, progress=False)
    assert seen == ["10_fixture.vi"]  # the second report was not started
    assert (tmp_path / "10_fixture.vi.failed.json").is_file()
    assert not (tmp_path / "10_fixture.en.failed.json").exists()
    assert (tmp_path / "index.html").is_file()  # rebuilt on the way out


def test_status_lines_for_not_run_and_up_to_date():
    job = _job()
    assert "[NOT RUN]" in batch._status_line(JobResult(job, False, 0.0, "x", tried=False))
    assert batch._status_line(JobResult(job, True, 0.0, skipped=True)).endswith("up to date")
    line = batch._status_line(JobResult(job, False, 1.0, "ValueError: \x1b[2J"))
    assert "\x1b" not in line and "\\x1b[2J" in line


def test_reports_are_readable_like_any_file(tmp_path):
    job = _job()
    old = os.umask(0o022)
    try:
        placement.place(_good(job), tmp_path)
        index.write_index(tmp_path)
    finally:
        os.umask(old)
    folder = tmp_path / job.stem
    assert stat.S_IMODE(folder.stat().st_mode) == 0o755
    assert stat.S_IMODE((folder / f"{job.stem}.html").stat().st_mode) == 0o644
    assert stat.S_IMODE((tmp_path / "index.html").stat().st_mode) == 0o644


def test_index_is_recorded_as_ours(tmp_path):
    path = index.write_index(tmp_path)
    assert ownership.owns(tmp_path, path.name)
    assert batch.check_out_dir(tmp_path) == Path(tmp_path)
