"""The result store of a report set: each answer computed once, read by every report.

A render sets :data:`STORE_ENV` to ``<out>/.store`` for its kernels. :func:`cached` then
keeps each result as a pickle named by the SHA-256 of everything that determines it (the
caller's key inputs, plus the data files, the package's own code and the store format), so

* the Vietnamese and English twins of a report, the scenario report (02) and the
  comparison (03) show identical numbers - they read the same object;
* a second render with unchanged inputs computes nothing;
* results of other inputs are never read (their key differs).

Two processes asking for the same key at once compute it once: the first holds an
exclusive lock on ``<key>.lock`` while it computes, the second waits and then reads. A
write is atomic (temporary file, then rename). Without :data:`STORE_ENV` (interactive
use) results are kept in memory for the life of the process.

Pickles are written and read only by this package in the report folder it was told to
use; they are a cache, never an input: deleting ``.store`` is always safe.
"""
from __future__ import annotations

import hashlib
import json
import os
import pickle
import tempfile
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path
from typing import Any

#: Environment variable naming the store folder (set by ``hpresearch render``).
STORE_ENV = "HPRESEARCH_STORE"
#: Changes when the layout of stored objects changes (old entries are then never read).
STORE_FORMAT = 1

_MEMORY: dict[str, Any] = {}


@lru_cache(maxsize=1)
def inputs_fingerprint() -> dict[str, str]:
    """SHA-256 of the data files and of the package's code (computed once per process)."""
    from hpresearch.render.cache import package_tree_sha
    from hpresearch.render.provenance import data_file_hashes

    data = json.dumps(data_file_hashes(), sort_keys=True).encode()
    return {"data_sha256": hashlib.sha256(data).hexdigest(), "code_sha256": package_tree_sha()}


def store_key(kind: str, inputs: dict) -> str:
    """The key of one result: SHA-256 of ``kind``, ``inputs``, data, code and format."""
    payload = {"kind": kind, "inputs": inputs, "format": STORE_FORMAT, **inputs_fingerprint()}
    text = json.dumps(payload, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def store_dir() -> Path | None:
    """The folder named by :data:`STORE_ENV`, or ``None`` (memory only)."""
    value = os.environ.get(STORE_ENV, "").strip()
    return Path(value) if value else None


def _read(path: Path) -> Any:
    try:
        with open(path, "rb") as fh:
            return pickle.load(fh)
    except (OSError, EOFError, pickle.UnpicklingError, AttributeError, ImportError):
        return None  # missing or unreadable: compute again


def _write(path: Path, value: Any) -> None:
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            pickle.dump(value, fh, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def cached(kind: str, inputs: dict, compute: Callable[[], Any]) -> Any:
    """Return the stored result of ``(kind, inputs)``, computing and storing it if needed.

    Parameters
    ----------
    kind : str
        What the result is (part of the key and of the file name), e.g. ``"answer"``.
    inputs : dict
        JSON-serialisable description of everything ``compute`` depends on besides the data
        files and the package code (which are always part of the key).
    compute : callable
        Called without arguments when the result is not stored yet.
    """
    key = store_key(kind, inputs)
    if key in _MEMORY:
        return _MEMORY[key]
    folder = store_dir()
    if folder is None:
        value = compute()
        _MEMORY[key] = value
        return value
    import fcntl

    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{kind}-{key[:32]}.pickle"
    value = _read(path)
    if value is None:
        with open(folder / f"{kind}-{key[:32]}.lock", "a") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)  # another process may be computing it
            try:
                value = _read(path)
                if value is None:
                    value = compute()
                    _write(path, value)
            finally:
                fcntl.flock(lock, fcntl.LOCK_UN)
    _MEMORY[key] = value
    return value
