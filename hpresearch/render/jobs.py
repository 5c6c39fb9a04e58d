"""Report jobs: which notebook, language, scenario and parameters; and their results.

A :class:`ReportJob` is built only from validated names (see :func:`safe_name`), so the
output folder of a report can never be outside the output directory. Jobs and results are
plain picklable dataclasses, so any executor (local processes, dask) can carry them.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from pathlib import Path

from hpresearch.errors import UsageError, quoted

#: Names of scenarios, notebooks and output stems: lower-case letters, digits, ``_``, ``-``.
NAME_RE = re.compile(r"[a-z0-9][a-z0-9_-]{0,63}")

#: The report notebooks in the default set, in rendering order (longest reports first, so
#: parallel workers finish together).
DEFAULT_NOTEBOOKS = ("02_scenario_report", "04_backtest", "03_scenario_comparison",
                     "00_data_overview", "01_calibration")


def safe_name(value: str, what: str) -> str:
    """Return ``value`` if it is a safe name, else raise UsageError naming ``what``.

    Refuses anything that could build a path: separators, ``..``, upper case, spaces.
    """
    if not isinstance(value, str) or not NAME_RE.fullmatch(value):
        raise UsageError(f"{what}: value {quoted(value)} is not a valid name (allowed: lower-case "
                         "letters, digits, '_' and '-'; no paths such as '../')",
                         argument=what)
    return value


def inside(root: Path, name: str) -> Path:
    """Return ``root / name`` after checking it stays inside ``root``."""
    root = Path(root).resolve()
    target = (root / name).resolve()
    if target.parent != root:
        raise UsageError(f"output name {name!r} would write outside {root}")
    return target


@dataclass(frozen=True)
class ReportJob:
    """One report to render (all fields validated)."""

    notebook: str
    notebook_path: str
    lang: str
    parameters: dict
    scenario: str | None = None
    title: str = ""
    kernel_name: str = "python3"
    cell_timeout: float = 600.0
    #: Seconds a kernel may take to start: a ceiling, not a wait. On a loaded 2-core machine
    #: (a render beside a browser test) a start took just over 60 s, so 180.
    start_timeout: float = 180.0
    #: Stem of the same report in the other language when that report exists or is rendered
    #: in the same run (the report's top bar links to it); None: no link.
    twin: str | None = None

    @property
    def stem(self) -> str:
        """Output name: ``<notebook>.<scenario>.<lang>`` or ``<notebook>.<lang>``."""
        parts = [self.notebook] + ([self.scenario] if self.scenario else []) + [self.lang]
        return ".".join(parts)

    @property
    def twin_stem(self) -> str | None:
        """Stem of the same report in the other language (whether or not it exists)."""
        other = {"vi": "en", "en": "vi"}.get(self.lang)
        return self.stem[: -len(self.lang)] + other if other else None


@dataclass
class JobResult:
    """What rendering one job produced (artifacts are file name → bytes).

    ``tried`` is False for a job that never started (no worker left): it leaves no failure
    record, so the index never downgrades a report this run did not try. ``interrupted``
    marks a report stopped by Ctrl-C (its record is written, then the batch stops).
    ``skipped`` marks a report that was up to date (nothing rendered or placed).
    """

    job: ReportJob
    ok: bool
    seconds: float
    error: str = ""
    artifacts: dict = field(default_factory=dict)
    manifest: dict = field(default_factory=dict)
    tried: bool = True
    interrupted: bool = False
    skipped: bool = False


def link_twins(jobs, out_dir: Path) -> list:
    """``jobs`` with :attr:`ReportJob.twin` set where the other-language report is in
    ``jobs`` or already rendered by hpresearch in ``out_dir`` (so a report never links to a
    missing twin or a foreign folder)."""
    from hpresearch.render.ownership import load, owns

    stems = {job.stem for job in jobs}
    record = load(out_dir) if Path(out_dir).is_dir() else {}
    linked = []
    for job in jobs:
        twin = job.twin_stem
        if twin and (twin in stems or (owns(out_dir, twin, record)
                                       and (Path(out_dir) / twin / f"{twin}.html").is_file())):
            job = replace(job, twin=twin)
        linked.append(job)
    return linked
