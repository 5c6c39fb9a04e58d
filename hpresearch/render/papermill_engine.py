"""The warm-kernel papermill engine, registered through papermill's ``papermill.engine``
entry point (``pyproject.toml``) rather than papermill's private registry.

papermill loads its entry points while ``papermill.engines`` is being imported, so this
module must not import papermill itself: :class:`WarmKernelEngine` is a thin front whose
classmethods delegate to the real engine, an ``NBClientEngine`` subclass built on first use
(papermill is fully imported by then). The real engine executes a notebook on a kernel the
caller already started (``km=``; the executor keeps one kernel per worker alive between
reports, see :mod:`hpresearch.render.executor`).

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
                                     execution_timeout=None, km=None, **kwargs):
            client = PapermillNotebookClient(
                nb_man, km=km, timeout=execution_timeout, startup_timeout=start_timeout,
                kernel_name=kernel_name, log=logging.getLogger("papermill"),
                log_output=log_output, stdout_file=stdout_file, stderr_file=stderr_file,
                interrupt_on_timeout=False)
            try:
                return client.execute(cleanup_kc=False)
            finally:
                if client.kc is not None:
                    client.kc.stop_channels()

    return _WarmKernelEngine


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
