"""Provenance of a report: what produced these numbers, exactly.

A provenance record names the resolved scenario, the hpresearch version and git commit
(with a flag when the working tree had uncommitted changes), the SHA-256 of every data file
read, the versions of the numerical libraries, the seed, boundary and basis, and the time
of the run. Reports display it and the renderer stores it as ``provenance.json``.
"""
from __future__ import annotations

import datetime as _dt
import hashlib
import subprocess
from importlib import metadata
from pathlib import Path

from hpresearch import __version__
from hpresearch.paths import REPO_ROOT, observations_dir

#: Distributions whose versions can change a report's numbers or rendering.
LIBRARIES = ("numpy", "pandas", "scipy", "statsmodels", "SALib", "matplotlib", "seaborn",
             "papermill", "nbconvert", "babel", "pyyaml", "openpyxl")


def file_sha256(path: Path) -> str:
    """Return the hex SHA-256 digest of a file's bytes."""
    digest = hashlib.sha256()
    with Path(path).open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 16), b""):
            digest.update(block)
    return digest.hexdigest()


def data_file_hashes(folder: Path | None = None) -> dict[str, str]:
    """Return ``{relative path: sha256}`` for every observation CSV file.

    The files are the ones the loader reads, vetted the same way (regular files of
    acceptable size only: :func:`hpresearch.data.load.observation_files`).
    """
    from hpresearch.data.load import observation_files

    folder = Path(folder) if folder is not None else observations_dir()
    base = folder.parent.parent if folder.parent.name == "data" else folder.parent
    out = {}
    for path in observation_files(folder):
        try:
            rel = path.resolve().relative_to(base.resolve()).as_posix()
        except ValueError:  # pragma: no cover - unusual layouts
            rel = path.name
        out[rel] = file_sha256(path)
    return out


def git_state(root: Path = REPO_ROOT) -> tuple[str, bool | None]:
    """Return ``(commit, dirty)`` of the source tree; ``("unknown", None)`` outside git."""
    try:
        commit = subprocess.run(["git", "rev-parse", "HEAD"], cwd=root, capture_output=True,
                                text=True, timeout=10, check=True).stdout.strip()
        status = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"],
                                cwd=root, capture_output=True, text=True, timeout=10,
                                check=True).stdout
    except (OSError, subprocess.SubprocessError):
        return "unknown", None
    return commit or "unknown", bool(status.strip())


def library_versions(names=LIBRARIES) -> dict[str, str]:
    """Return installed versions of ``names`` (missing ones are left out)."""
    out = {}
    for name in names:
        try:
            out[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            continue
    return out


def scenario_record(scenario) -> dict | None:
    """The resolved scenario as a dict: a :class:`~hpresearch.model.scenario.Scenario`'s
    ``to_dict()``, a dict as given (e.g. several scenarios of a comparison), or ``None``."""
    if scenario is None or isinstance(scenario, dict):
        return scenario
    return scenario.to_dict()


def collect(scenario=None, *, seed: int | None = None, boundary: str | None = None,
            basis: str | None = None, parameters: dict | None = None,
            now: _dt.datetime | None = None) -> dict:
    """Return the provenance record of a report run.

    Parameters
    ----------
    scenario : Scenario or dict, optional
        The resolved scenario the report used.
    seed : int, optional
        Random seed of the Monte Carlo.
    boundary, basis : str, optional
        City boundary and measurement basis.
    parameters : dict, optional
        The notebook's parameters after validation.
    now : datetime, optional
        Timestamp to record (default: current UTC time).
    """
    commit, dirty = git_state()
    record = {
        "package": "hpresearch",
        "package_version": __version__,
        "git_commit": commit,
        "git_dirty": dirty,
        "data_files": data_file_hashes(),
        "libraries": library_versions(),
        "seed": seed,
        "boundary": boundary,
        "basis": basis,
        "parameters": dict(parameters or {}),
        "timestamp": (now or _dt.datetime.now(_dt.timezone.utc)).isoformat(timespec="seconds"),
    }
    resolved = scenario_record(scenario)
    if resolved is not None:
        record["scenario"] = resolved
    return record
