"""Plan a render: validate every scenario, notebook and parameter before anything runs.

:func:`plan` loads and validates every scenario, checks every notebook name and every ``-p``
parameter against the notebook's ``parameters`` cell (name, type, domain), and returns the
:class:`~hpresearch.render.jobs.ReportJob` list. Any error raises before a kernel starts or a
file is written.
"""
from __future__ import annotations

from pathlib import Path

from hpresearch.errors import MAX_VALUE_CHARS, ScenarioError, UsageError, error_message, quoted
from hpresearch.i18n import LANGUAGES, check_lang, has, t
from hpresearch.model.scenario import list_scenarios, load_scenario, scenario_path
from hpresearch.paths import notebooks_dir as _default_notebooks_dir
from hpresearch.render import params as params_mod
from hpresearch.render.jobs import DEFAULT_NOTEBOOKS, ReportJob, inside, safe_name
from hpresearch.textsafe import shorten

#: Parameters set by the renderer itself, not through ``-p``.
RESERVED = {"lang": "--lang", "scenario": "the SCENARIO arguments",
            "scenarios": "the SCENARIO arguments"}


def resolve_scenario(arg: str) -> tuple[str, str, str]:
    """Validate one SCENARIO argument; return ``(name, reference, {lang: title})``.

    A shipped name is used as is; an existing ``*.yaml`` file is loaded from its path and
    named by its file stem. Both are loaded and validated now, before any kernel starts.
    """
    from hpresearch.paths import path_problem

    problem = path_problem(arg)
    if problem is not None:
        raise ScenarioError(error_message(where="scenario", value=arg, rule=problem))
    if arg.endswith((".yaml", ".yml")):
        path = scenario_path(arg)  # the words of every command ("file not found")
        name = safe_name(path.stem, f"scenario file {shorten(arg, MAX_VALUE_CHARS)}: file name")
        ref = str(path.resolve())
    else:
        name = safe_name(arg, "scenario")  # refuses '../' and the like before any import
        shipped = list_scenarios()
        if name not in shipped:
            raise ScenarioError(error_message(
                where="scenario", value=arg, rule=f"is not a shipped scenario "
                f"({', '.join(shipped)}) or an existing .yaml file"))
        ref = name
    scenario = load_scenario(ref)
    return name, ref, {lang: scenario.text("title", lang) for lang in LANGUAGES}


def resolve_notebook(name: str, folder: Path) -> tuple[str, Path]:
    """Return ``(name, path)`` of a report notebook; ``data_overview`` finds ``00_…``."""
    name = safe_name(name, "notebook")
    path = folder / f"{name}.ipynb"
    if not path.is_file():
        matches = sorted(folder.glob(f"[0-9][0-9]_{name}.ipynb"))
        if len(matches) != 1:
            known = ", ".join(p.stem for p in sorted(folder.glob("*.ipynb")))
            raise UsageError(f"notebook: value {quoted(name)} is not a report notebook ({known})",
                             argument="notebook")
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
    from hpresearch import argspec

    folder = Path(notebooks_dir) if notebooks_dir is not None else _default_notebooks_dir()
    cell_timeout = argspec.check("timeout", cell_timeout, "cell_timeout")
    langs = [check_lang(lang) for lang in dict.fromkeys(langs)]
    parameters = dict(parameters or {})
    for key in parameters:
        if key in RESERVED:
            raise UsageError(f"-p {shorten(key)}: set by the renderer; use {RESERVED[key]} "
                             "instead")
    if not scenarios and not all_scenarios and not notebooks:
        raise UsageError("render: name at least one scenario or notebook, or render all scenarios")

    resolved = [resolve_scenario(s) for s in dict.fromkeys(scenarios)]
    if all_scenarios:
        known = {name for name, _, _ in resolved}
        resolved += [resolve_scenario(s) for s in list_scenarios() if s not in known]
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
            raise UsageError(f"-p {shorten(key)}: not a parameter of any selected notebook "
                             f"({listing})")

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
            if ref is not None:  # the scenario and the parameters together
                where = f"notebook {nb_name} with scenario {name}"
                params_mod.check(own, where, scenario_params=dict(load_scenario(ref).params))
                check_with_data(ref, own, where)
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


def check_with_data(ref: str, values: dict, where: str) -> None:
    """The engine's rules that depend on the data, before any kernel starts.

    ``constraints.yaml`` declares every rule on parameters alone; a few need the calibrated
    data as well (the base share times ``1 + base_share_error`` inside (0, 1), the adoption
    ceiling above the base year's digitalised share, ``anchor_exit_year`` after the base
    year, the FDI lag span within the history, core value added below 98% of GRDP). One
    deterministic projection per boundary the notebook covers (a few milliseconds each)
    refuses them here, in one line, as ``project`` does, instead of inside a kernel.
    """
    from hpresearch.data.vocabulary import BOUNDARIES
    from hpresearch.errors import HPResearchError
    from hpresearch.model import project

    boundaries = [values["boundary"]] if values.get("boundary") else list(BOUNDARIES)
    for boundary in boundaries:
        try:
            project(ref, boundary=boundary, basis=values.get("basis") or "gso",
                    end_year=values.get("target_year") or 2030)
        except HPResearchError as err:
            raise ScenarioError(f"{where}, boundary {boundary}: {err}") from None


def _kernel_name() -> str:
    from hpresearch.render.executor import kernel_name

    return kernel_name()


