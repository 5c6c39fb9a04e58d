"""Execute report jobs: papermill on a warm kernel, in local processes or on dask.

Each worker keeps one kernel alive between reports ("warm kernel"): after a report the
kernel's namespace is cleared with ``%reset -f`` but already imported libraries stay in
memory, so the next report skips kernel start-up and the import of pandas, statsmodels,
matplotlib and hpresearch. A report whose kernel dies or exceeds the per-cell timeout
fails alone: its kernel is killed and the next report gets a fresh one.

Executors
---------
``serial``  in the calling process (one job, or ``--jobs 1``);
``local``   N worker processes (``spawn``) pulling jobs from a queue;
``dask``    tasks on a dask.distributed cluster (``--scheduler ADDRESS``).
"""
from __future__ import annotations

import datetime as _dt
import json
import logging
import os
import queue
import subprocess
import tempfile
import threading
import time
import traceback
from pathlib import Path

from hpresearch.render._speed import preload_exporters, skip_slow_optional_imports
from hpresearch.render.papermill_engine import ENGINE_NAME
from hpresearch.render.jobs import JobResult, ReportJob

skip_slow_optional_imports()

logging.getLogger("papermill").setLevel(logging.WARNING)
logging.getLogger("traitlets").setLevel(logging.ERROR)

_RESET_CODE = ("%reset -f\nimport gc as _gc, matplotlib.pyplot as _plt\n"
               "_plt.close('all'); _gc.collect(); del _gc, _plt")


def quiet_after_interrupt() -> None:
    """Silence the noise an interrupted kernel client leaves behind.

    After Ctrl-C the client's pending asyncio task fails with ``DeadKernelError`` when the
    kernel is shut down, and asyncio and nbclient log it with a traceback ("Task exception
    was never retrieved", "Kernel died while waiting"). The interrupt is reported once, as
    one line, by the command line; these logs say nothing more.
    """
    for name in ("asyncio", "papermill", "nbclient", "traitlets"):
        logging.getLogger(name).setLevel(logging.CRITICAL + 1)


def kernel_name() -> str:
    """Return ``hpresearch`` if that kernelspec is installed, else ``python3``."""
    from jupyter_client.kernelspec import KernelSpecManager

    specs = KernelSpecManager().find_kernel_specs()
    return "hpresearch" if "hpresearch" in specs else "python3"


def kernel_env() -> dict:
    """Environment of report kernels: the parent's, with this hpresearch importable first."""
    from hpresearch.paths import PACKAGE_DIR

    env = dict(os.environ)
    paths = [str(PACKAGE_DIR.parent)] + [os.path.abspath(p) for p in
                                         env.get("PYTHONPATH", "").split(os.pathsep) if p]
    env["PYTHONPATH"] = os.pathsep.join(dict.fromkeys(paths))
    env.setdefault("MPLBACKEND", "Agg")
    # One BLAS/OpenMP thread per kernel: reports are small, the renderer parallelises across
    # reports, and threaded BLAS in several kernels at once oversubscribes the CPUs (the
    # default batch ran 20% slower). Set the variables yourself to override.
    for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
        env.setdefault(var, "1")
    env["PYDEVD_DISABLE_FILE_VALIDATION"] = "1"
    return env


class WarmKernel:
    """A kernel kept alive across reports in one worker."""

    def __init__(self, name: str, cwd: str, start_timeout: float = 180.0):
        self.name, self.cwd, self.start_timeout = name, cwd, start_timeout
        self.km = None

    def _alive(self) -> bool:
        from jupyter_core.utils import run_sync

        try:
            return self.km is not None and bool(run_sync(self.km.is_alive)())
        except Exception:  # noqa: BLE001
            return False

    def ensure(self):
        """Return an (async) kernel manager with a live kernel, starting one if needed.

        nbclient needs an ``AsyncKernelManager``: with a blocking one its output polling
        blocks the event loop and neither dead kernels nor cell timeouts are noticed.
        """
        from jupyter_client.manager import AsyncKernelManager
        from jupyter_core.utils import run_sync

        if self._alive():
            return self.km
        self.shutdown()
        km = AsyncKernelManager(kernel_name=self.name)
        run_sync(km.start_kernel)(cwd=self.cwd, env=kernel_env(),
                                  extra_arguments=["--HistoryManager.enabled=False"],
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        self.km = km
        kc = km.client()
        kc.start_channels()
        try:
            run_sync(kc.wait_for_ready)(timeout=self.start_timeout)
        except BaseException:
            kc.stop_channels()
            self.shutdown()
            raise
        kc.stop_channels()
        return km

    def reset(self) -> bool:
        """Clear the user namespace; return False (and kill the kernel) if that fails."""
        from jupyter_core.utils import run_sync

        if not self._alive():
            self.shutdown()
            return False
        kc = self.km.client()
        kc.start_channels()
        try:
            reply = run_sync(kc.execute_interactive)(
                _RESET_CODE, timeout=30, store_history=False, output_hook=lambda msg: None)
            ok = reply["content"]["status"] == "ok"
        except Exception:  # noqa: BLE001 - any failure means: start afresh
            ok = False
        finally:
            kc.stop_channels()
        if not ok:
            self.shutdown()
        return ok

    def shutdown(self) -> None:
        """Kill the kernel (if any)."""
        from jupyter_core.utils import run_sync

        if self.km is not None:
            try:
                run_sync(self.km.shutdown_kernel)(now=True)
            except Exception:  # noqa: BLE001 - already dead
                pass
            self.km = None


_local = threading.local()
_ALL: set = set()
_ALL_LOCK = threading.Lock()


def _warm(job: ReportJob) -> WarmKernel:
    warm = getattr(_local, "kernel", None)
    cwd = str(Path(job.notebook_path).parent)
    if warm is None or warm.name != job.kernel_name or warm.cwd != cwd:
        if warm is not None:
            warm.shutdown()
        warm = WarmKernel(job.kernel_name, cwd, job.start_timeout)
        _local.kernel = warm
        with _ALL_LOCK:
            _ALL.add(warm)
    return warm


def shutdown_worker_kernel() -> None:
    """Shut down every warm kernel of this process (called when a worker finishes)."""
    with _ALL_LOCK:
        kernels = list(_ALL)
        _ALL.clear()
    for warm in kernels:
        warm.shutdown()
    _local.kernel = None


def execute_job(job: ReportJob, reuse_kernel: bool = True) -> JobResult:
    """Execute one report job and build its artifacts in memory; never raises for the job.

    Returns a :class:`JobResult` whose ``artifacts`` hold the executed notebook and, on
    success, the code-free HTML, CSV/XLSX tables and ``provenance.json``.
    """
    import papermill
    from papermill.exceptions import PapermillExecutionError

    started = time.perf_counter()
    stem = job.stem
    warm = _warm(job)
    interrupted = False
    with tempfile.TemporaryDirectory(prefix="hpresearch-run-") as tmp:
        out_nb = Path(tmp) / f"{stem}.ipynb"
        error = ""
        kernel_ok = True
        try:
            km = warm.ensure()
            papermill.execute_notebook(
                job.notebook_path, str(out_nb), parameters=dict(job.parameters),
                engine_name=ENGINE_NAME, kernel_name=job.kernel_name, km=km,
                progress_bar=False, request_save_on_cell_execute=False,
                execution_timeout=job.cell_timeout, start_timeout=job.start_timeout,
                failure_path=str(out_nb))
        except PapermillExecutionError as err:
            error = f"cell error: {err.ename}: {err.evalue}".strip()
        except KeyboardInterrupt:
            interrupted, kernel_ok = True, False
            quiet_after_interrupt()
            error = "interrupted (SIGINT or Ctrl-C) while the report ran"
        except Exception as err:  # noqa: BLE001 - timeouts, dead kernels, I/O
            kernel_ok = False
            from hpresearch.render.papermill_engine import failure_kind

            detail = f"{type(err).__name__}: {err}".strip() or type(err).__name__
            error = f"{failure_kind(err)}: {detail}"
        finally:
            if interrupted or not reuse_kernel or not kernel_ok or not warm.reset():
                warm.shutdown()
        nb_bytes = out_nb.read_bytes() if out_nb.exists() else b""
    seconds = time.perf_counter() - started
    error = " ".join(error.split())[:500]
    import nbformat  # imported here: a warm-up thread may be importing these meanwhile

    from hpresearch.render import export as tables_mod
    from hpresearch.render import html as html_mod

    if error:
        return JobResult(job, False, seconds, error, {f"{stem}.ipynb": nb_bytes},
                         interrupted=interrupted)
    try:
        nb = nbformat.reads(nb_bytes.decode("utf-8"), as_version=4)
        meta = tables_mod.extract_meta(nb) or {}
        title = meta.get("title") or job.title or stem
        provenance = tables_mod.extract_provenance(nb)
        tables = tables_mod.extract_tables(nb)
        artifacts = {f"{stem}.ipynb": nb_bytes,
                     f"{stem}.html": html_mod.to_html(
                         nb, title, job.lang, nav=True, twin=job.twin).encode("utf-8")}
        for name, frame in tables.items():
            artifacts[f"tables/{name}.csv"] = tables_mod.csv_bytes(frame)
        artifacts[f"{stem}.xlsx"] = tables_mod.xlsx_bytes(tables, provenance)
        if provenance is not None:
            artifacts["provenance.json"] = json.dumps(
                provenance, ensure_ascii=False, indent=1, sort_keys=True).encode("utf-8")
    except Exception as err:  # noqa: BLE001 - export failure fails this report only
        detail = traceback.format_exception_only(type(err), err)[-1].strip()
        return JobResult(job, False, time.perf_counter() - started,
                         f"export failed: {detail}"[:500], {f"{stem}.ipynb": nb_bytes})
    manifest = {
        "stem": stem, "notebook": job.notebook, "scenario": job.scenario, "lang": job.lang,
        "title": title, "subtitle": meta.get("subtitle", ""),
        "boundary": meta.get("boundary"), "basis": meta.get("basis"),
        "parameters": job.parameters, "kernel": job.kernel_name,
        "rendered_at": _dt.datetime.now(_dt.timezone.utc).isoformat(timespec="seconds"),
        "seconds": round(time.perf_counter() - started, 2), "status": "ok",
        "files": sorted(artifacts),
    }
    return JobResult(job, True, time.perf_counter() - started, "", artifacts, manifest)


# --------------------------------------------------------------------------- executors
def run_serial(jobs, on_result) -> None:
    """Run jobs one after another in this process (warm kernel reused).

    While the first kernel starts and computes, a thread builds the HTML exporter and
    imports openpyxl, so exporting the first report does not wait for them.
    """
    warmup = threading.Thread(target=preload_exporters, daemon=True)
    warmup.start()
    jobs = list(jobs)
    try:
        for i, job in enumerate(jobs):
            result = execute_job(job, reuse_kernel=i < len(jobs) - 1)
            on_result(result)
            if result.interrupted:
                raise KeyboardInterrupt
    finally:
        shutdown_worker_kernel()


def _raise_interrupt(signum, frame):  # pragma: no cover - runs in a child process
    raise KeyboardInterrupt


def _worker_main(task_q, result_q) -> None:  # pragma: no cover - runs in a child process
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent handles Ctrl-C …
    signal.signal(signal.SIGTERM, _raise_interrupt)  # … and asks workers to stop with TERM
    threading.Thread(target=preload_exporters, daemon=True).start()  # while the kernel starts
    try:
        while True:
            item = task_q.get()
            if item is None:
                break
            index, job = item
            result_q.put(("start", index, os.getpid()))
            result = execute_job(job)
            result_q.put(("done", index, result))
            if result.interrupted:
                break
    except KeyboardInterrupt:  # asked to stop between reports: nothing to record
        quiet_after_interrupt()
    finally:
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        shutdown_worker_kernel()


def run_local(jobs, on_result, processes: int) -> None:
    """Run jobs on ``processes`` worker processes; a worker that dies fails its job only."""
    import multiprocessing as mp
    import sys

    # Fork (Linux) when this process runs no other thread: workers then inherit papermill
    # and hpresearch already imported. Otherwise spawn (safe anywhere).
    if sys.platform.startswith("linux") and threading.active_count() == 1:
        ctx = mp.get_context("fork")
    else:
        ctx = mp.get_context("spawn")
    task_q, result_q = ctx.Queue(), ctx.Queue()
    jobs = list(jobs)
    for item in enumerate(jobs):
        task_q.put(item)
    workers = [ctx.Process(target=_worker_main, args=(task_q, result_q), daemon=True)
               for _ in range(max(1, min(processes, len(jobs))))]
    for proc in workers:
        task_q.put(None)
        proc.start()
    running: dict[int, int] = {}  # job index -> worker pid
    done: set[int] = set()
    try:
        _collect(jobs, workers, result_q, running, done, on_result)
    except KeyboardInterrupt:
        quiet_after_interrupt()
        _stop_workers(jobs, workers, result_q, running, done, on_result)
        raise
    finally:
        for proc in workers:
            proc.join(timeout=10 if len(done) == len(jobs) else 0.1)
            if proc.is_alive():
                proc.terminate()
                proc.join(timeout=5)


def _stop_workers(jobs, workers, result_q, running, done, on_result,
                  grace: float = 20.0) -> None:
    """After Ctrl-C: ask every worker to stop (SIGTERM) and place the failure records of the
    reports they were running; reports not started are left alone (not tried)."""
    import signal

    for proc in workers:
        if proc.is_alive():
            try:
                os.kill(proc.pid, signal.SIGTERM)
            except OSError:
                pass
    deadline = time.monotonic() + grace
    while running and time.monotonic() < deadline:
        try:
            kind, index, payload = result_q.get(timeout=0.5)
        except queue.Empty:
            if not any(p.is_alive() for p in workers):
                break
            continue
        except KeyboardInterrupt:  # a second Ctrl-C: stop waiting
            break
        if kind == "start":
            running[index] = payload
        elif index in running:
            running.pop(index, None)
            done.add(index)
            on_result(payload)


def _collect(jobs, workers, result_q, running, done, on_result) -> None:
    """Receive results until every job is done; a dead worker fails its job only."""
    while len(done) < len(jobs):
        try:
            kind, index, payload = result_q.get(timeout=1.0)
        except queue.Empty:
            alive = {p.pid for p in workers if p.is_alive()}
            for idx, pid in list(running.items()):
                if pid not in alive:  # the worker died mid-report
                    running.pop(idx)
                    done.add(idx)
                    on_result(JobResult(jobs[idx], False, 0.0,
                                        "dead worker: the worker process died during "
                                        "the report"))
            if not alive and len(done) < len(jobs):
                for idx in range(len(jobs)):
                    if idx not in done:
                        done.add(idx)
                        on_result(JobResult(jobs[idx], False, 0.0,
                                            "not run: no worker left to run the report",
                                            tried=False))
            continue
        if kind == "start":
            running[index] = payload
        else:
            running.pop(index, None)
            done.add(index)
            on_result(payload)


def connect_dask(address: str):
    """Connect to the dask.distributed scheduler at ``address`` (one-line error if not)."""
    from hpresearch.errors import UsageError, quoted

    try:
        from distributed import Client
    except ImportError as err:  # pragma: no cover - optional extra
        raise UsageError("scheduler: dask.distributed is not installed (install the "
                         "optional extra: pip install 'hpresearch[dask]')",
                         argument="scheduler") from err
    try:
        return Client(address, timeout=5)
    except Exception as err:  # noqa: BLE001
        raise UsageError(f"scheduler: value {quoted(address)} cannot be reached "
                         f"({type(err).__name__}: {err})", argument="scheduler") from None


def run_dask(jobs, on_result, address: str, client=None) -> None:
    """Run jobs as tasks on the dask.distributed scheduler at ``address``."""
    from distributed import as_completed

    if client is None:
        client = connect_dask(address)
    try:
        futures = {client.submit(execute_job, job, pure=False): job for job in jobs}
        for future in as_completed(futures):
            try:
                on_result(future.result())
            except Exception as err:  # noqa: BLE001 - lost worker and the like
                on_result(JobResult(futures[future], False, 0.0,
                                    f"dask task failed: {type(err).__name__}: {err}"))
        try:
            client.run(shutdown_worker_kernel)
        except Exception:  # noqa: BLE001 - best effort
            pass
    finally:
        client.close()
