"""Incremental rendering: a report is rendered again only when something it depends on
changed.

Each report job gets a *cache key*: the SHA-256 of everything that can change what the
report shows -

* the notebook file;
* the validated parameters, the language and whether the other-language twin is linked;
* the resolved scenario chain: the bytes of every file in the ``modifies`` chain of the
  report's scenario(s), and of every shipped scenario (comparison notebooks read them);
* every observation data file;
* the code: hpresearch's version, git commit and dirty flag, and a hash of the package's
  own files (so uncommitted edits count too);
* the dependencies: the SHA-256 of ``requirements.lock``, the Python version and the
  name and version of every installed distribution.

The key (and its parts, for humans) is stored in the report's ``manifest.json``.
:func:`up_to_date` says whether the good report on disk was made from exactly these
inputs; the batch then skips it ("up to date"), unless ``--force`` is given. A report with
a failure record beside it is never up to date (the last attempt failed).
"""
from __future__ import annotations

import hashlib
import json
import os
import sys
from functools import lru_cache
from pathlib import Path

from hpresearch.render.jobs import ReportJob

#: Changes when the key's recipe changes (old manifests then never match).
CACHE_FORMAT = 1


def _sha_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _sha_file(path: Path) -> str:
    from hpresearch.fileio import file_sha256

    return file_sha256(path)


def _sha_or_none(path: Path) -> str | None:
    try:
        return _sha_file(path)
    except OSError:  # gone since planning: the job runs and fails with its own message
        return None


def _sha_json(value) -> str:
    return _sha_bytes(json.dumps(value, sort_keys=True, ensure_ascii=False,
                                 default=str).encode("utf-8"))


def installed_fingerprint() -> str:
    """SHA-256 of the name and version of every installed distribution.

    Read from the ``*.dist-info``/``*.egg-info`` folder names on ``sys.path`` (no metadata
    file is opened, so this is fast).
    """
    names = set()
    for entry in sys.path:
        try:
            with os.scandir(entry or ".") as it:
                for item in it:
                    if item.name.endswith((".dist-info", ".egg-info")):
                        names.add(item.name)
        except OSError:
            continue
    return _sha_bytes("\n".join(sorted(names)).encode())


def shared_inputs() -> dict:
    """The inputs every report of a batch shares (computed once per batch)."""
    from hpresearch import __version__
    from hpresearch.paths import scenarios_dir
    from hpresearch.data.load import data_file_hashes
    from hpresearch.fileio import package_tree_sha
    from hpresearch.render.provenance import git_state, lock_sha256

    _chain_sha.cache_clear()  # files may have changed since the last batch in this process
    commit, dirty = git_state()
    shipped = {p.name: _sha_file(p) for p in sorted(scenarios_dir().glob("*.yaml"))}
    return {
        "format": CACHE_FORMAT,
        "code": {"version": __version__, "git_commit": commit, "git_dirty": dirty,
                 "package_sha256": package_tree_sha()},
        "dependencies": {"lock_sha256": lock_sha256(), "python": sys.version,
                         "installed_sha256": installed_fingerprint()},
        "data_sha256": _sha_json(data_file_hashes()),
        "shipped_scenarios_sha256": _sha_json(shipped),
    }


def result_inputs(shared: dict) -> str:
    """SHA-256 of the shared inputs that determine a computed result (data, package code,
    dependencies, Python; not the commit or the version string, which change with
    documentation alone): the key of :mod:`hpresearch.report.store`."""
    return _sha_json({"data_sha256": shared["data_sha256"],
                      "package_sha256": shared["code"]["package_sha256"],
                      "dependencies": shared["dependencies"]})


@lru_cache(maxsize=256)
def _chain_sha(ref: str) -> str:
    """SHA-256 of the bytes of every file in the scenario's modifies chain."""
    from hpresearch.model.scenario import load_scenario

    scenario = load_scenario(ref)
    return _sha_json([[str(p), _sha_file(p)] for p in scenario.chain_paths])


def job_inputs(job: ReportJob, shared: dict) -> dict:
    """Everything one report depends on (its own inputs and the shared ones)."""
    refs = []
    if job.parameters.get("scenario"):
        refs.append(str(job.parameters["scenario"]))
    if job.parameters.get("scenarios"):
        refs.extend(r for r in str(job.parameters["scenarios"]).split(",") if r)
    return {
        **shared,
        "notebook": job.notebook,
        "notebook_sha256": _sha_or_none(Path(job.notebook_path)),
        "lang": job.lang,
        "twin": job.twin,  # the top bar's link to the other language
        "parameters": json.loads(json.dumps(job.parameters, sort_keys=True, default=str)),
        "scenario_chains": {ref: _chain_sha(ref) for ref in refs},
    }


def job_key(job: ReportJob, shared: dict | None = None) -> tuple[str, dict]:
    """``(key, inputs)`` of a report job."""
    inputs = job_inputs(job, shared if shared is not None else shared_inputs())
    return _sha_json(inputs), inputs


def up_to_date(job: ReportJob, out_dir: Path, key: str) -> bool:
    """Whether ``out_dir`` holds a good report of ``job`` made from exactly these inputs.

    True only when the folder is hpresearch's (:func:`hpresearch.render.ownership.owns`), its
    ``manifest.json`` says ``status: ok`` with this ``cache_key``, every file it lists
    exists, and no failure record lies beside it.
    """
    from hpresearch.render.ownership import owns

    folder = Path(out_dir) / job.stem
    if not owns(out_dir, job.stem):
        return False
    try:
        manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    except (OSError, ValueError, RecursionError):
        return False
    if not isinstance(manifest, dict) or manifest.get("status") != "ok" \
            or manifest.get("cache_key") != key or manifest.get("stem") != job.stem:
        return False
    if (Path(out_dir) / f"{job.stem}.failed.json").exists():
        return False
    files = manifest.get("files") or []
    return all(isinstance(f, str) and (folder / f).is_file() for f in files)
