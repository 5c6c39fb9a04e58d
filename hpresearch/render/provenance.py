"""Provenance of a report: what produced these numbers, exactly.

A provenance record names the resolved scenario, the hpresearch version and git commit
(with a flag when the working tree had uncommitted changes), the SHA-256 of every data file
read, the versions of the numerical libraries, the seed, boundary and basis, and the time
of the run. Reports display it and the renderer stores it as ``provenance.json``.

So that a report from today can be rebuilt next year, the record also holds the Python
version, the SHA-256 of ``requirements.lock`` (every dependency pinned with its hashes)
and the installed version of every locked package - with any difference from the lock
listed - plus how to cite the code (``CITATION.cff``) and how to rebuild the report.
"""
from __future__ import annotations

import datetime as _dt
import platform
import re
import subprocess
from functools import lru_cache
from importlib import metadata
from pathlib import Path

from hpresearch import __version__
from hpresearch.data.load import data_file_hashes
from hpresearch.fileio import file_sha256
from hpresearch.paths import REPO_ROOT

#: The lock file of every dependency (``make lock`` writes it, ``make setup`` installs it).
LOCK_PATH = REPO_ROOT / "requirements.lock"
#: How the code asks to be cited.
CITATION_PATH = REPO_ROOT / "CITATION.cff"
_PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)(?:\[[^\]]*\])?==([^\s;\\]+)\s*(?:;\s*([^\\]+?))?"
                  r"\s*\\?\s*$")

#: Distributions whose versions can change a report's numbers or rendering.
LIBRARIES = ("numpy", "pandas", "scipy", "statsmodels", "SALib", "matplotlib", "seaborn",
             "papermill", "nbconvert", "babel", "pyyaml", "openpyxl")


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


def _normal(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def lock_pins(path: Path = LOCK_PATH) -> dict[str, str]:
    """``{package: version}`` pinned by the lock for *this* interpreter (markers applied).

    Empty when there is no lock file (an installed wheel rather than a source checkout).
    """
    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError:
        return {}
    try:
        from packaging.markers import Marker
    except ImportError:  # pragma: no cover - packaging is a locked dependency
        Marker = None
    pins: dict[str, str] = {}
    for line in text.splitlines():
        match = _PIN.match(line)
        if not match:
            continue
        name, version, marker = match.groups()
        if marker and Marker is not None:
            try:
                if not Marker(marker.strip()).evaluate():
                    continue
            except Exception:  # noqa: BLE001 - an unknown marker: keep the pin
                pass
        pins[_normal(name)] = version
    return pins


def lock_sha256(path: Path = LOCK_PATH) -> str | None:
    """SHA-256 of the lock file (``None`` without one)."""
    try:
        return file_sha256(path)
    except OSError:
        return None


@lru_cache(maxsize=1)
def installed_versions() -> dict[str, str]:
    """``{package: version}`` of every installed distribution (one pass, cached)."""
    out: dict[str, str] = {}
    for dist in metadata.distributions():
        name = dist.metadata.get("Name") if dist.metadata else None
        if name:
            out.setdefault(_normal(name), dist.version)
    return out


def environment_record() -> dict:
    """Python, the lock file's hash, and every locked package's installed version."""
    pins = lock_pins()
    installed = installed_versions()
    locked = {name: installed.get(name) for name in sorted(pins)}
    mismatches = {name: {"locked": pins[name], "installed": locked[name]}
                  for name in sorted(pins) if locked[name] != pins[name]}
    return {
        "python": platform.python_version(),
        "python_implementation": platform.python_implementation(),
        "platform": f"{platform.system()} {platform.machine()}",
        "lock_file": LOCK_PATH.name if pins else None,
        "lock_sha256": lock_sha256() if pins else None,
        "locked_packages": locked,
        "lock_mismatches": mismatches,
    }


def citation(version: str = __version__, commit: str = "unknown") -> str:
    """How to cite the code that made a report (from ``CITATION.cff``)."""
    title, authors = "hpresearch", "hpresearch developers"
    try:
        from hpresearch import safeyaml

        cff = safeyaml.load_file(CITATION_PATH, "CITATION.cff", trusted=True) or {}
        title = str(cff.get("title") or title)
        names = [a.get("name") or " ".join(filter(None, (a.get("given-names"),
                                                          a.get("family-names"))))
                 for a in cff.get("authors") or [] if isinstance(a, dict)]
        authors = ", ".join(n for n in names if n) or authors
    except Exception:  # noqa: BLE001 - citing is best effort
        pass
    short = commit[:12] if commit and commit != "unknown" else "unknown commit"
    return f"{authors}. {title}, version {version} ({short})."


def rebuild_instructions(commit: str, lock: str | None, dirty: bool | None = False) -> str:
    """The commands that rebuild a report from its provenance."""
    lock_part = f" (installs requirements.lock sha256 {lock[:12]}…)" if lock else ""
    caveat = (" - the working tree had uncommitted changes, so this commit alone does not "
              "rebuild it exactly" if dirty else "")
    return (f"git checkout {commit} && make setup{lock_part} && .venv/bin/hpresearch render "
            f"with the parameters above (hpresearch render --help){caveat}")


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
    env = environment_record()
    record = {
        "package": "hpresearch",
        "package_version": __version__,
        "git_commit": commit,
        "git_dirty": dirty,
        "data_files": data_file_hashes(),
        "libraries": library_versions(),
        "python": env["python"],
        "environment": env,
        "citation": citation(__version__, commit),
        "rebuild": rebuild_instructions(commit, env["lock_sha256"], dirty),
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
