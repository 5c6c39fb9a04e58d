"""The result store of a report set: each answer computed once, read by every report.

A render sets :data:`STORE_ENV` to ``<out>/.store`` for its kernels, and
:data:`STORE_INPUTS_ENV` to the hash of what every result of the batch depends on (data
files, the package's code, the locked and installed dependencies and Python:
:func:`hpresearch.render.cache.result_inputs`, computed once by the render). :func:`cached`
then keeps each result as a pickle named by the SHA-256 of everything that determines it (the
caller's key inputs, plus those shared inputs and the store format), so

* the Vietnamese and English twins of a report, the scenario report (02) and the
  comparison (03) show identical numbers - they read the same object;
* a second render with unchanged inputs computes nothing;
* results of other inputs are never read (their key differs).

Two processes asking for the same key at once compute it once: the first holds an
exclusive lock on ``<key>.lock`` while it computes, the second waits and then reads. A
write is atomic (:func:`hpresearch.fileio.atomic_write`). Where ``fcntl`` is missing
(Windows) there is no lock: two processes may then compute the same result, and the last
atomic write wins (the values are identical). Without :data:`STORE_ENV` (interactive use)
results are kept in memory for the life of the process.

Pickles are written and read only by this package in the report folder it was told to
use; they are a cache, never an input: deleting ``.store`` is always safe.
"""
from __future__ import annotations

import hashlib
import json
import os
import pickle
from collections.abc import Callable
from pathlib import Path
from typing import Any

from hpresearch.fileio import atomic_write
from hpresearch.memo import Memo, memoised

#: Environment variable naming the store folder (set by ``hpresearch render``).
STORE_ENV = "HPRESEARCH_STORE"
#: Environment variable holding the SHA-256 of the batch's shared inputs (set by the render).
STORE_INPUTS_ENV = "HPRESEARCH_STORE_INPUTS"
#: Changes when the layout of stored objects changes (old entries are then never read).
STORE_FORMAT = 1

_MEMORY = Memo()


@memoised(maxsize=1)
def _own_fingerprint() -> str:
    """SHA-256 of the data files and the package's code (interactive use: computed once per
    process, whose dependencies cannot change under it)."""
    from hpresearch.data.load import data_file_hashes
    from hpresearch.fileio import package_tree_sha

    data = json.dumps(data_file_hashes(), sort_keys=True).encode()
    return hashlib.sha256(data + package_tree_sha().encode()).hexdigest()


def inputs_fingerprint() -> str:
    """What every stored result depends on besides its own inputs: the render's
    :data:`STORE_INPUTS_ENV` when set, else :func:`_own_fingerprint`."""
    return os.environ.get(STORE_INPUTS_ENV, "").strip() or _own_fingerprint()


def store_key(kind: str, inputs: dict) -> str:
    """The key of one result: SHA-256 of ``kind``, ``inputs``, the shared inputs and format."""
    payload = {"kind": kind, "inputs": inputs, "format": STORE_FORMAT,
               "shared": inputs_fingerprint()}
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
    atomic_write(path, pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))


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
    try:
        import fcntl
    except ImportError:  # Windows: no lock (see the module docstring)
        fcntl = None

    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{kind}-{key[:32]}.pickle"
    value = _read(path)
    if value is None and fcntl is None:
        value = compute()
        _write(path, value)
    elif value is None:
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
