"""Where the project's files are.

The observation files live in ``data/`` at the repository root (they are the project's
evidence, reviewed like code). ``HPRESEARCH_DATA_DIR`` overrides the location, which the
tests use to validate corrupted copies; ``HPRESEARCH_NOTEBOOKS_DIR`` likewise overrides
the report notebooks' folder (the renderer's tests render small fixture notebooks through
the command line).
"""
from __future__ import annotations

import os
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
REPO_ROOT = PACKAGE_DIR.parent


def data_dir() -> Path:
    """Return the folder that holds ``observations/`` (``HPRESEARCH_DATA_DIR`` wins)."""
    env = os.environ.get("HPRESEARCH_DATA_DIR")
    return Path(env) if env else REPO_ROOT / "data"


def observations_dir() -> Path:
    """Return the folder of observation CSV files."""
    return data_dir() / "observations"


def scenarios_dir() -> Path:
    """Return the folder of shipped scenario YAML files (package data)."""
    return PACKAGE_DIR / "scenarios"


def reports_dir() -> Path:
    """Return the default output folder of rendered reports."""
    return REPO_ROOT / "reports"


def notebooks_dir() -> Path:
    """Return the folder of report notebooks (``HPRESEARCH_NOTEBOOKS_DIR`` overrides it)."""
    env = os.environ.get("HPRESEARCH_NOTEBOOKS_DIR")
    return Path(env) if env else REPO_ROOT / "notebooks"


def unwritable_reason(folder: Path) -> str | None:
    """Why files cannot be created in ``folder`` (``None`` when they can).

    Permission bits say nothing for root or special file systems (``/proc``), so this
    creates and removes a hidden probe file: the only reliable test.
    """
    import tempfile

    try:
        fd, probe = tempfile.mkstemp(prefix=".hpresearch-probe-", dir=folder)
    except OSError as err:
        return err.strerror or type(err).__name__
    os.close(fd)
    try:
        os.unlink(probe)
    except OSError:  # pragma: no cover - created but not removable: still writable
        pass
    return None


#: Longest path and path component accepted from a user (Linux PATH_MAX and NAME_MAX).
MAX_PATH_BYTES = 4096
MAX_NAME_BYTES = 255


def path_problem(raw: str | os.PathLike) -> str | None:
    """Why ``raw`` cannot name a file at all (``None`` when it can).

    Checked before the file system is asked: a NUL byte makes ``os.stat`` raise
    ``ValueError`` and an over-long name raises ``OSError`` instead of answering "no such
    file", so such names are refused with a plain reason.
    """
    text = os.fsdecode(raw) if not isinstance(raw, str) else raw
    if "\x00" in text:
        return "contains a NUL byte"
    encoded = os.fsencode(text)
    if len(encoded) > MAX_PATH_BYTES:
        return f"is longer than {MAX_PATH_BYTES} bytes"
    if any(len(part) > MAX_NAME_BYTES for part in encoded.split(b"/")):
        return f"has a name longer than {MAX_NAME_BYTES} bytes"
    return None


def is_inside(path: Path, folder: Path) -> bool:
    """True when ``path`` is ``folder`` or lies below it (both taken as given: resolve first)."""
    try:
        Path(path).relative_to(folder)
    except ValueError:
        return False
    return True
