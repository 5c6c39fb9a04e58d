"""Batch rendering of report notebooks: validate, execute in parallel, place atomically.

The order of work is what makes a render safe:

1. **Plan and validate** (:func:`plan`): every scenario is loaded and validated, every
   notebook name checked, every ``-p`` parameter checked against the notebook's
   ``parameters`` cell (name, type, domain). Any error raises before a kernel starts or a
   file is written.
2. **Execute** (:mod:`hpresearch.report.executor`): papermill on warm kernels, in local
   processes or on a dask cluster. One failing report never stops the others.
3. **Place** (:func:`place`): a report is written into a staging folder inside the output
   folder and moved into place with :func:`os.replace` only when complete. A failed
   report leaves the previous good one untouched and puts ``<stem>.failed.ipynb`` (and a
   ``.failed.json`` marker) beside it. The index is rebuilt from what is on disk.
"""
from __future__ import annotations

import datetime as _dt
import json
import os
import re
import secrets
import shutil
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from hpresearch.report._speed import skip_slow_optional_imports

skip_slow_optional_imports()

from hpresearch.errors import ScenarioError, UsageError  # noqa: E402
from hpresearch.paths import notebooks_dir as _default_notebooks_dir  # noqa: E402
from hpresearch.paths import reports_dir  # noqa: E402
from hpresearch.report import params as params_mod  # noqa: E402
from hpresearch.report.i18n import LANGUAGES, check_lang, has, t  # noqa: E402
from hpresearch.report.index import atomic_write, write_index  # noqa: E402
from hpresearch.report.jobs import DEFAULT_NOTEBOOKS, JobResult, ReportJob, inside, safe_name  # noqa: E402

#: Parameters set by the renderer itself, not through ``-p``.
RESERVED = {"lang": "--lang", "scenario": "the SCENARIO arguments",
            "scenarios": "the SCENARIO arguments"}
_STAGE_RE = re.compile(r"^\.[a-z0-9][a-z0-9_.-]*\.(stage|old)-[a-z0-9_]+$")


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
    def ok(self) -> bool:
        return not self.failed


# ------------------------------------------------------------------------------ planning
def _scenario_names() -> list[str]:
    from hpresearch.model import list_scenarios

    listed = list_scenarios()
    if hasattr(listed, "columns") and "name" in getattr(listed, "columns", []):
        return [str(n) for n in listed["name"]]
    if isinstance(listed, dict):
        return [str(n) for n in listed]
    names = []
    for item in listed:
        names.append(str(item if isinstance(item, str) else
                         getattr(item, "name", None) or item[0]))
    return names


def _scenario_title(scenario, fallback: str) -> str:
    meta = getattr(scenario, "meta", None)
    for source in (meta, scenario):
        if source is None:
            continue
        title = source.get("title") if isinstance(source, dict) else getattr(source, "title",
                                                                             None)
        if title:
            return str(title)
    return fallback


def resolve_scenario(arg: str) -> tuple[str, str, str]:
    """Validate one SCENARIO argument; return ``(name, reference, {lang: title})``.

    A shipped name is used as is; an existing ``*.yaml`` file is loaded from its path and
    named by its file stem. Both are loaded and validated now, before any kernel starts.
    """
    path = Path(arg)
    if arg.endswith((".yaml", ".yml")) and path.is_file():
        name = safe_name(path.stem, f"scenario file {arg}: file name")
        ref = str(path.resolve())
    else:
        name = safe_name(arg, "scenario")  # refuses '../' and the like before any import
        shipped = _scenario_names()
        if name not in shipped:
            raise ScenarioError(f"scenario: value {arg!r} is not a shipped scenario "
                                f"({', '.join(shipped)}) or an existing .yaml file")
        ref = name
    from hpresearch.model import load_scenario

    scenario = load_scenario(ref)
    titles = {}
    for lang in LANGUAGES:
        text = getattr(scenario, "text", None)
        try:
            titles[lang] = str(text("title", lang)) if callable(text) else ""
        except Exception:  # noqa: BLE001 - older scenario objects
            titles[lang] = ""
        titles[lang] = titles[lang] or _scenario_title(scenario, name)
    return name, ref, titles


def resolve_notebook(name: str, folder: Path) -> tuple[str, Path]:
    """Return ``(name, path)`` of a report notebook; ``data_overview`` finds ``00_…``."""
    name = safe_name(name, "--notebook")
    path = folder / f"{name}.ipynb"
    if not path.is_file():
        matches = sorted(folder.glob(f"[0-9][0-9]_{name}.ipynb"))
        if len(matches) != 1:
            known = ", ".join(p.stem for p in sorted(folder.glob("*.ipynb")))
            raise UsageError(f"--notebook: value {name!r} is not a report notebook ({known})")
        path = matches[0]
    return path.stem, path


def plan(scenarios=(), *, all_scenarios: bool = False, notebooks=(), langs=LANGUAGES,
         parameters: dict | None = None, cell_timeout: float = 600.0,
         notebooks_dir: Path | None = None, kernel: str | None = None) -> list[ReportJob]:
    """Validate a render request and return its jobs (no kernel starts, nothing written).

    Parameters
    ----------
    scenarios : sequence of str
        Shipped scenario names or paths of scenario YAML files.
    all_scenarios : bool
        Every shipped scenario and, without ``notebooks``, the default notebook set.
    notebooks : sequence of str
        Notebook names; default ``02_scenario_report`` for named scenarios.
    langs : sequence of {"vi", "en"}
    parameters : dict
        ``-p`` overrides; each must be declared by at least one selected notebook.
    """
    folder = Path(notebooks_dir) if notebooks_dir is not None else _default_notebooks_dir()
    langs = [check_lang(lang) for lang in dict.fromkeys(langs)]
    parameters = dict(parameters or {})
    for key in parameters:
        if key in RESERVED:
            raise UsageError(f"-p {key}: set by the renderer; use {RESERVED[key]} instead")
    if not scenarios and not all_scenarios and not notebooks:
        raise UsageError("render: name at least one SCENARIO, a --notebook or use --all")

    resolved = [resolve_scenario(s) for s in dict.fromkeys(scenarios)]
    if all_scenarios:
        known = {name for name, _, _ in resolved}
        resolved += [resolve_scenario(s) for s in _scenario_names() if s not in known]
    if notebooks:
        selected = [resolve_notebook(n, folder) for n in dict.fromkeys(notebooks)]
    elif all_scenarios:
        selected = [resolve_notebook(n, folder) for n in DEFAULT_NOTEBOOKS]
    else:
        selected = [resolve_notebook("02_scenario_report", folder)]

    declared = {name: params_mod.notebook_parameters(path) for name, path in selected}
    for key in parameters:
        if not any(key in d for d in declared.values()):
            listing = "; ".join(f"{n}: {', '.join(sorted(d))}" for n, d in declared.items())
            raise UsageError(f"-p {key}: not a parameter of any selected notebook ({listing})")

    kernel = kernel or _kernel_name()
    jobs = []
    for nb_name, path in selected:
        nb_params = declared[nb_name]
        own = {k: v for k, v in parameters.items() if k in nb_params}
        own = params_mod.validate(nb_name, path, own)
        if "scenario" in nb_params:
            if not resolved:
                raise UsageError(f"notebook {nb_name} needs a scenario: name one or use --all")
            targets = [(name, ref, title) for name, ref, title in resolved]
        else:
            targets = [(None, None, None)]
        for name, ref, title in targets:
            for lang in langs:
                values = dict(own, lang=lang) if "lang" in nb_params else dict(own)
                if name is not None:
                    values["scenario"] = ref
                if "scenarios" in nb_params and scenarios and not all_scenarios:
                    values["scenarios"] = ",".join(r for _, r, _ in resolved)
                nb_title = t(f"nb.{nb_name}.title", lang) if has(f"nb.{nb_name}.title") \
                    else nb_name
                jobs.append(ReportJob(
                    notebook=nb_name, notebook_path=str(path.resolve()), lang=lang,
                    parameters=values, scenario=name,
                    title=(title or {}).get(lang) or nb_title,
                    kernel_name=kernel, cell_timeout=float(cell_timeout)))
    stems = [job.stem for job in jobs]
    for stem in stems:
        inside(Path("."), stem)  # names are validated; this is a second, cheap guard
    return jobs


def _kernel_name() -> str:
    from hpresearch.report.executor import kernel_name

    return kernel_name()


# ----------------------------------------------------------------------------- placement
def _recover(out_dir: Path) -> None:
    """Undo a placement interrupted between its two renames; drop stale staging folders."""
    for path in sorted(out_dir.iterdir()):
        if not (path.is_dir() and _STAGE_RE.match(path.name)):
            continue
        stem, kind = path.name[1:].rsplit(".", 1)[0], path.name.rsplit(".", 1)[1]
        final = out_dir / stem
        if kind.startswith("old") and not final.exists():
            os.replace(path, final)
        else:
            shutil.rmtree(path, ignore_errors=True)


def _safe_artifact(name: str) -> str:
    parts = Path(name).parts
    if not parts or any(p in ("", ".", "..") for p in parts) or Path(name).is_absolute() \
            or len(parts) > 2 or not all(re.fullmatch(r"[A-Za-z0-9_.-]+", p) for p in parts):
        raise UsageError(f"artifact name {name!r} is not a safe relative file name")
    return name


def place(result: JobResult, out_dir: Path) -> None:
    """Move a finished report into ``out_dir`` atomically, or record its failure."""
    out_dir = Path(out_dir)
    stem = result.job.stem
    final = inside(out_dir, stem)
    failed_nb = inside(out_dir, f"{stem}.failed.ipynb")
    failed_json = inside(out_dir, f"{stem}.failed.json")
    if not result.ok:
        nb_bytes = result.artifacts.get(f"{stem}.ipynb", b"")
        if nb_bytes:
            atomic_write(failed_nb, nb_bytes)
        marker = {"stem": stem, "notebook": result.job.notebook, "scenario": result.job.scenario,
                  "lang": result.job.lang, "title": result.job.title,
                  "scenario_title": result.job.title if result.job.scenario else None,
                  "error": result.error, "parameters": result.job.parameters,
                  "failed_at": _dt.datetime.now(_dt.timezone.utc).isoformat(timespec="seconds"),
                  "notebook_file": failed_nb.name if nb_bytes else None}
        atomic_write(failed_json, json.dumps(marker, ensure_ascii=False, indent=1).encode())
        return
    stage = Path(tempfile.mkdtemp(prefix=f".{stem}.stage-", dir=out_dir))
    try:
        for name, data in result.artifacts.items():
            target = stage / _safe_artifact(name)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
        manifest = dict(result.manifest)
        if result.job.scenario:
            manifest["scenario_title"] = result.job.title
        manifest["files"] = sorted(result.artifacts) + ["manifest.json"]
        (stage / "manifest.json").write_text(
            json.dumps(manifest, ensure_ascii=False, indent=1), encoding="utf-8")
        old = None
        if final.exists():
            old = out_dir / f".{stem}.old-{secrets.token_hex(4)}"
            os.replace(final, old)
        os.replace(stage, final)
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
    except BaseException:
        shutil.rmtree(stage, ignore_errors=True)
        raise
    failed_nb.unlink(missing_ok=True)
    failed_json.unlink(missing_ok=True)


# ------------------------------------------------------------------------------- running
def _status_line(result: JobResult) -> str:
    mark = "ok    " if result.ok else "FAILED"
    line = f"[{mark}] {result.job.stem}  {result.seconds:5.1f} s"
    return line if result.ok else f"{line}  {result.error}"


def render(jobs, out_dir: Path | None = None, *, n_jobs: int | None = None,
           scheduler: str | None = None, progress: bool = True, stream=None) -> RenderSummary:
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
    """
    from tqdm import tqdm

    from hpresearch.report import executor

    tqdm.monitor_interval = 0  # no monitor thread: worker processes may be forked

    stream = stream or sys.stderr
    jobs = list(jobs)
    out_dir = Path(out_dir) if out_dir is not None else reports_dir()
    out_dir.mkdir(parents=True, exist_ok=True)
    _recover(out_dir)
    summary = RenderSummary(out_dir=out_dir)
    started = time.perf_counter()
    bar = tqdm(total=len(jobs), unit="report", file=stream, disable=not progress,
               dynamic_ncols=True, leave=True)

    def on_result(result: JobResult) -> None:
        place(result, out_dir)
        summary.results.append(result)
        if progress:
            bar.write(_status_line(result), file=stream)
        bar.update(1)

    n_jobs = n_jobs or os.cpu_count() or 1
    try:
        if scheduler:
            executor.run_dask(jobs, on_result, scheduler)
        elif n_jobs <= 1 or len(jobs) <= 1:
            executor.run_serial(jobs, on_result)
        else:
            executor.run_local(jobs, on_result, n_jobs)
    finally:
        bar.close()
        summary.index = write_index(out_dir)
        summary.seconds = time.perf_counter() - started
    return summary
