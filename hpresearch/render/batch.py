"""Batch rendering of report notebooks: plan (validate), execute in parallel, place atomically.

The order of work is what makes a render safe:

1. **Plan and validate** (:func:`hpresearch.render.plan.plan`): nothing runs before every
   scenario, notebook and parameter is valid.
2. **Execute** (:mod:`hpresearch.render.executor`): papermill on warm kernels, in local
   processes or on a dask cluster. One failing report never stops the others.
3. **Place** (:mod:`hpresearch.render.placement`): atomic replacement; a failure keeps the
   previous good report. The index is rebuilt from what is on disk.

Before executing, each job's cache key (:mod:`hpresearch.render.cache`) is compared with
the good report on disk: a report whose inputs are all unchanged is skipped ("up to
date") unless ``force`` is set.
"""
from __future__ import annotations

import os
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from hpresearch.errors import UsageError, quoted
from hpresearch.paths import reports_dir
from hpresearch.render import ownership
from hpresearch.render.index import write_index
from hpresearch.render.jobs import JobResult, link_twins
from hpresearch.render.placement import place, recover


@dataclass
class RenderSummary:
    """Outcome of a batch: one :class:`JobResult` per report, the index path."""

    out_dir: Path
    results: list = field(default_factory=list)
    index: Path | None = None
    seconds: float = 0.0

    @property
    def failed(self) -> list:
        return [r for r in self.results if not r.ok]

    @property
    def skipped(self) -> list:
        """Reports that were up to date (not rendered again)."""
        return [r for r in self.results if r.skipped]

    @property
    def ok(self) -> bool:
        return not self.failed


def _out_error(message: str) -> UsageError:
    """A refused output folder: names the argument ``out`` (the command's ``--out``)."""
    return UsageError(message, argument="out")


def check_out_dir(out: str | Path) -> Path:
    """Validate an output folder before anything runs; return it as an absolute path.

    Refused (one line, nothing created): an existing file or a non-folder; a path whose
    nearest existing folder is not writable; a folder inside the package, the notebooks
    or the data; a folder whose record of what hpresearch wrote is damaged, or where
    ``index.html`` or a summary file is not hpresearch's (:func:`check_targets`: it would be
    replaced).
    """
    from hpresearch.paths import (PACKAGE_DIR, data_dir, notebooks_dir, path_problem,
                                  unwritable_reason)

    raw = str(out)
    problem = path_problem(raw)
    if problem is not None:
        raise _out_error(f"out: value {quoted(raw)} {problem}")
    path = Path(os.path.abspath(raw))
    if path.exists() and not path.is_dir():
        raise _out_error(f"out: value {quoted(raw)} is an existing file, not a folder (reports "
                         "are folders; name a folder)")
    real = path.resolve()
    for name, protected in (("the hpresearch package", PACKAGE_DIR),
                            ("the notebooks folder", notebooks_dir()),
                            ("the data folder", data_dir())):
        try:
            real.relative_to(Path(protected).resolve())
        except ValueError:
            continue
        raise _out_error(f"out: value {quoted(raw)} is inside {name}; choose another folder")
    existing = path
    while not existing.exists():
        if existing.parent == existing:
            break
        existing = existing.parent
    if not existing.is_dir():
        raise _out_error(f"out: value {quoted(raw)}: {quoted(str(existing))} is a file, so "
                         "the folder cannot be created")
    reason = unwritable_reason(existing)
    if reason is not None:
        raise _out_error(f"out: value {quoted(raw)}: folder {quoted(str(existing))} is not "
                         f"writable ({reason})")
    check_targets(path, ())
    return path


def check_targets(out_dir: Path, jobs) -> None:
    """Refuse (one line, before any work) an output folder where a name this render may
    write - ``index.html``, each job's report folder and failure records, and the summary
    files when a scenario report is rendered or already there - holds something hpresearch
    did not write (:mod:`hpresearch.render.ownership`), or whose result store ``.store`` is
    a link or not a folder."""
    from hpresearch.render.summary import SUMMARY_FILES, SUMMARY_NOTEBOOKS, reports_on_disk

    from hpresearch.report.store import STORE_ENV

    if not out_dir.is_dir():
        return
    store = out_dir / ".store"
    own_store = not os.environ.get(STORE_ENV, "").strip()  # else the named store is used
    if own_store and (os.path.islink(store) or (store.exists() and not store.is_dir())):
        raise _out_error(f"out: value {str(out_dir)!r}: its result store {store} is a link or "
                         "not a folder; hpresearch never writes through it (remove it)")
    names = ["index.html"]
    for job in jobs:
        names += [job.stem, f"{job.stem}.failed.json", f"{job.stem}.failed.ipynb"]
    if any(j.notebook in SUMMARY_NOTEBOOKS for j in jobs) or reports_on_disk(out_dir):
        names += SUMMARY_FILES  # the render rewrites the summary
    foreign = ownership.foreign_targets(out_dir, names)  # refuses a damaged record too
    if foreign:
        more = f" (and {len(foreign) - 1} more)" if len(foreign) > 1 else ""
        raise _out_error(f"out: value {str(out_dir)!r} holds {foreign[0]!r}{more}, which "
                         f"hpresearch did not write (not in its record {ownership.RECORD}, or "
                         "changed since); it would be replaced: move it away or choose "
                         "another folder")


def _status_line(result: JobResult) -> str:
    from hpresearch.textsafe import for_terminal

    if result.skipped:
        return f"[ok    ] {result.job.stem}  up to date"
    mark = "ok    " if result.ok else ("FAILED" if result.tried else "NOT RUN")
    line = f"[{mark}] {result.job.stem}  {result.seconds:5.1f} s"
    return line if result.ok else f"{line}  {for_terminal(result.error)}"


def _write_summary(out_dir: Path, jobs, stream, outputs=()) -> None:
    """``summary.csv``/``.xlsx``, the index charts and the further ``outputs`` from the
    result store (best effort: a failure is reported in one line and leaves the reports as
    they are)."""
    from hpresearch.errors import HPResearchError
    from hpresearch.render.summary import write_summary

    try:
        write_summary(out_dir, jobs)
    except (HPResearchError, OSError, ValueError, KeyError, TypeError) as err:
        print(f"summary.csv not written: {err}", file=stream)
        return
    for name, write in outputs:
        try:
            write(out_dir, jobs)
        except (HPResearchError, OSError, ValueError, KeyError, TypeError) as err:
            print(f"{name} not written: {err}", file=stream)


def render(jobs, out_dir: Path | None = None, *, n_jobs: int | None = None,
           scheduler: str | None = None, progress: bool = True, stream=None,
           force: bool = False, outputs=()) -> RenderSummary:
    """Execute ``jobs`` (from :func:`plan`) and place their reports in ``out_dir``.

    Parameters
    ----------
    jobs : list of ReportJob
    out_dir : Path, optional
        Output folder (default ``reports/``); created if missing.
    n_jobs : int, optional
        Worker processes (default: one per CPU, at most one per job).
    scheduler : str, optional
        Address of a dask.distributed scheduler; overrides ``n_jobs``.
    progress : bool
        Show a tqdm progress bar and per-report status lines on ``stream``.
    force : bool
        Render every job, even those whose report on disk is up to date.
    outputs : sequence of (name, callable)
        Further files written after the summary, from the same result store:
        ``write(out_dir, jobs)`` for the summary's jobs (the command line passes the
        single-file explorer, :func:`hpresearch.explore.standalone.write_explorer`, which
        lives in a later layer); a failure is reported in one line naming ``name``.
    """
    from tqdm import tqdm

    from hpresearch.render import cache, executor

    tqdm.monitor_interval = 0  # no monitor thread: worker processes may be forked

    stream = stream or sys.stderr
    jobs = list(jobs)
    out_dir = check_out_dir(out_dir if out_dir is not None else reports_dir())
    check_targets(out_dir, jobs)  # nothing foreign is replaced: refused before any work
    jobs = link_twins(jobs, out_dir)  # the top bar links the other language only where it exists
    shared = cache.shared_inputs()  # reads every input once; may refuse (bad data folder)
    keys = {job.stem: cache.job_key(job, shared) for job in jobs}
    client = executor.connect_dask(scheduler) if scheduler else None  # before any file
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        if client is not None:
            client.close()
        raise _out_error(f"out: value {str(out_dir)!r} cannot be created "
                         f"({err.strerror})") from None
    recover(out_dir)
    # One result store per report folder: every report (and language) of the set reads the
    # same computed answers (hpresearch.report.store). Kernels and worker processes inherit
    # the variable while this render runs; a store the caller named is kept, ours is unset
    # afterwards (a later render into another folder gets its own).
    from hpresearch.report.store import STORE_ENV, STORE_INPUTS_ENV

    summary = RenderSummary(out_dir=out_dir)
    started = time.perf_counter()
    bar = tqdm(total=len(jobs), unit="report", file=stream, disable=not progress,
               dynamic_ncols=True, leave=True)

    def on_result(result: JobResult) -> None:
        if result.ok and not result.skipped and result.job.stem in keys:
            key, inputs = keys[result.job.stem]
            result.manifest = dict(result.manifest, cache_key=key, cache_inputs=inputs)
        place(result, out_dir)
        summary.results.append(result)
        if progress:
            bar.write(_status_line(result), file=stream)
        bar.update(1)

    todo = []
    for job in jobs:
        if not force and cache.up_to_date(job, out_dir, keys[job.stem][0]):
            on_result(JobResult(job, True, 0.0, skipped=True))
        else:
            todo.append(job)
    jobs = todo

    n_jobs = n_jobs or os.cpu_count() or 1
    own_store = not os.environ.get(STORE_ENV, "").strip()
    if own_store:
        os.environ[STORE_ENV] = str(out_dir / ".store")
    previous_inputs = os.environ.get(STORE_INPUTS_ENV)
    os.environ[STORE_INPUTS_ENV] = cache.result_inputs(shared)
    try:
        if not jobs:
            if client is not None:
                client.close()
        elif client is not None:
            executor.run_dask(jobs, on_result, scheduler, client=client)
        elif n_jobs <= 1 or len(jobs) <= 1:
            executor.run_serial(jobs, on_result)
        else:
            executor.run_local(jobs, on_result, n_jobs)
        if any(r.ok and not r.skipped for r in summary.results):
            _write_summary(out_dir, [r.job for r in summary.results if r.ok], stream,
                           outputs)
    finally:
        bar.close()
        if own_store:
            os.environ.pop(STORE_ENV, None)
        if previous_inputs is None:
            os.environ.pop(STORE_INPUTS_ENV, None)
        else:
            os.environ[STORE_INPUTS_ENV] = previous_inputs
        summary.index = write_index(out_dir, stream)
        summary.seconds = time.perf_counter() - started
    return summary
