"""The warm-kernel papermill engine, registered through papermill's ``papermill.engine``
entry point (``pyproject.toml``) rather than papermill's private registry.

papermill loads its entry points while ``papermill.engines`` is being imported, so this
module must not import papermill itself: :class:`WarmKernelEngine` is a thin front whose
classmethods delegate to the real engine, an ``NBClientEngine`` subclass built on first use
(papermill is fully imported by then). The real engine executes a notebook on a kernel the
caller already started (``km=``; the executor keeps one kernel per worker alive between
reports, see :mod:`hpresearch.render.executor`).

Whatever stops the execution - a cell error, a cell timeout, a dead kernel, an interrupt -
the engine writes the partially executed notebook to ``failure_path`` (an engine keyword
argument) before the exception travels on, with the cell that was running marked failed and
given an error output naming what happened. papermill itself saves the notebook only for a
cell error when per-cell saving is off, so without this a timeout left no failure record.

References
----------
papermill documentation, "Extending papermill through entry points"
(``docs/extending-entry-points.rst``).
"""
from __future__ import annotations

from functools import lru_cache

#: Name of the engine (the entry point's name in ``pyproject.toml``).
ENGINE_NAME = "hpresearch_warm"


@lru_cache(maxsize=1)
def _engine():
    import logging

    from papermill.clientwrap import PapermillNotebookClient
    from papermill.engines import NBClientEngine

    class _WarmKernelEngine(NBClientEngine):
        @classmethod
        def execute_managed_notebook(cls, nb_man, kernel_name, log_output=False,
                                     stdout_file=None, stderr_file=None, start_timeout=60,
                                     execution_timeout=None, km=None, failure_path=None,
                                     **kwargs):
            client = PapermillNotebookClient(
                nb_man, km=km, timeout=execution_timeout, startup_timeout=start_timeout,
                kernel_name=kernel_name, log=logging.getLogger("papermill"),
                log_output=log_output, stdout_file=stdout_file, stderr_file=stderr_file,
                interrupt_on_timeout=False)
            try:
                return client.execute(cleanup_kc=False)
            except BaseException as err:
                if failure_path:
                    _record_failure(nb_man.nb, err, failure_path)
                raise
            finally:
                if client.kc is not None:
                    client.kc.stop_channels()

    return _WarmKernelEngine


def failure_kind(err: BaseException) -> str:
    """A short, stable name of why an execution stopped (for messages and records)."""
    name = type(err).__name__
    if isinstance(err, KeyboardInterrupt):
        return "interrupted"
    if "Timeout" in name or isinstance(err, TimeoutError):
        return "cell timeout"
    if "DeadKernel" in name:
        return "dead kernel"
    return "cell error"


def _record_failure(nb, err: BaseException, path: str) -> None:
    """Mark the running cell failed, give it an error output, write ``nb`` to ``path``."""
    import nbformat

    try:
        # papermill marks a cell "completed" in a finally clause even when its execution
        # was cut short, so the cell that was running is the last one that left "pending"
        running = None
        for cell in nb.cells:
            status = cell.get("metadata", {}).get("papermill", {}).get("status")
            if status in ("running", "completed", "failed"):
                running = cell
        if running is not None:
            running.metadata.papermill["status"] = "failed"
        kind = failure_kind(err)
        if running is not None and running.get("cell_type") == "code" and kind != "cell error":
            running.setdefault("outputs", []).append(nbformat.v4.new_output(
                "error", ename=type(err).__name__, evalue=f"{kind}: {err}".strip().rstrip(":"),
                traceback=[f"hpresearch: the report stopped here ({kind})"]))
        nb.metadata.setdefault("hpresearch", {})["failure"] = {
            "kind": kind, "error": f"{type(err).__name__}: {err}".strip().rstrip(":")}
        nbformat.write(nb, path)
    except Exception:  # noqa: BLE001 - the failure record is best effort, never a new error
        pass


class WarmKernelEngine:
    """papermill engine executing on a caller-supplied, already running kernel (``km=``)."""

    @classmethod
    def execute_notebook(cls, *args, **kwargs):
        return _engine().execute_notebook(*args, **kwargs)

    @classmethod
    def execute_managed_notebook(cls, *args, **kwargs):
        return _engine().execute_managed_notebook(*args, **kwargs)

    @classmethod
    def nb_kernel_name(cls, *args, **kwargs):
        return _engine().nb_kernel_name(*args, **kwargs)

    @classmethod
    def nb_language(cls, *args, **kwargs):
        return _engine().nb_language(*args, **kwargs)
