"""The result store of a report set: each answer computed once, read by every report.

A render sets :data:`STORE_ENV` to ``<out>/.store`` for its kernels, and
:data:`STORE_INPUTS_ENV` to the hash of what every result of the batch depends on (data
files, the package's code, the locked and installed dependencies and Python:
:func:`hpresearch.render.cache.result_inputs`, computed once by the render). :func:`cached`
then keeps each result in an entry named after the SHA-256 of everything that determines it
(the caller's key inputs, plus those shared inputs and the store format), so

* the Vietnamese and English twins of a report, the scenario report (02) and the
  comparison (03) show identical numbers - they read the same object;
* a second render with unchanged inputs computes nothing;
* results of other inputs are never read (their key differs).

**Nothing a folder holds is run.** A store folder may be shared or planted, so an entry is
read only when it carries a valid HMAC-SHA256 made with the user's own secret
(:func:`user_secret`: 32 random bytes in ``$XDG_CONFIG_HOME/hpresearch/store.key``, created
private on first use, never inside a report folder). The entry's name is derived from that
secret too, so each user has their own entries in a shared store, and a file planted under a
name someone can compute is never opened. Only an authenticated entry is unpickled (the
answers hold data frames, numpy arrays and result objects, which no plain data format
round-trips exactly). A missing, damaged, truncated, foreign or unreadable entry, an entry
or a store folder that is a symbolic link, or a missing or unsafe secret (a link, not the
user's, readable by others) is a cache miss: the result is computed (and kept in memory),
never an error. Writes are atomic (:func:`hpresearch.fileio.atomic_write` replaces a link
instead of writing through it) and never touch another user's entries.

Two processes asking for the same key at once compute it once: the first holds an
exclusive lock on the entry's ``.lock`` file while it computes, the second waits and then
reads. Where ``fcntl`` is missing (Windows) there is no lock: two processes may then
compute the same result, and the last atomic write wins (the values are identical).
Without :data:`STORE_ENV` (interactive use) results are kept in memory for the life of the
process. The store is a cache, never an input: deleting ``.store`` is always safe.
"""
from __future__ import annotations

import hashlib
import hmac
import json
import os
import pickle
import secrets
import stat
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
STORE_FORMAT = 2
#: First bytes of every entry (then the 32-byte MAC, then the payload).
_MAGIC = b"hpresearch-store-2\n"
#: Bytes of the per-user secret.
_SECRET_BYTES = 32

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


def _is_real_dir(path: Path) -> bool:
    try:
        return stat.S_ISDIR(os.lstat(path).st_mode)
    except OSError:
        return False


def store_dir() -> Path | None:
    """The folder named by :data:`STORE_ENV` (created if missing), or ``None`` (memory only):
    also when it is a symbolic link, not a folder, or cannot be created."""
    value = os.environ.get(STORE_ENV, "").strip()
    if not value:
        return None
    folder = Path(value)
    if not os.path.lexists(folder):
        try:
            folder.mkdir(parents=True)
        except OSError:
            return None
    return folder if _is_real_dir(folder) else None


def secret_path() -> Path:
    """Where the per-user secret lives: ``$XDG_CONFIG_HOME/hpresearch/store.key`` (default
    ``~/.config``), outside every report and store folder."""
    base = os.environ.get("XDG_CONFIG_HOME", "").strip() or str(Path.home() / ".config")
    return Path(base) / "hpresearch" / "store.key"


def _read_secret(path: Path) -> bytes | None:
    """The secret at ``path`` if it is a regular file (not a link) of the user, private, of
    the right size; else None."""
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0)
    try:
        fd = os.open(path, flags)
    except OSError:
        return None
    with os.fdopen(fd, "rb") as fh:
        st = os.fstat(fh.fileno())
        mine = not hasattr(os, "getuid") or st.st_uid == os.getuid()
        if not stat.S_ISREG(st.st_mode) or not mine or st.st_mode & 0o077 \
                or st.st_size != _SECRET_BYTES:
            return None
        data = fh.read(_SECRET_BYTES + 1)
    return data if len(data) == _SECRET_BYTES else None


def user_secret() -> bytes | None:
    """The per-user secret that authenticates store entries, created on first use (``0600``
    in a ``0700`` folder); None when it cannot be created or is unsafe (the store is then
    memory only)."""
    path = secret_path()
    found = _read_secret(path)
    if found is not None or os.path.lexists(path):
        return found
    try:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        tmp = path.with_name(f".{path.name}.{secrets.token_hex(8)}")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0),
                     0o600)
        with os.fdopen(fd, "wb") as fh:
            fh.write(secrets.token_bytes(_SECRET_BYTES))
        try:
            os.link(tmp, path)  # never replaces a secret another process made meanwhile
        except FileExistsError:
            pass
        finally:
            tmp.unlink(missing_ok=True)
    except OSError:
        return None
    return _read_secret(path)


def _mac(secret: bytes, name: str, payload: bytes) -> bytes:
    return hmac.new(secret, _MAGIC + name.encode() + b"\0" + payload, hashlib.sha256).digest()


def entry_name(secret: bytes, kind: str, key: str) -> str:
    """File name of an entry: ``kind`` and 40 hex digits of the HMAC of ``key`` (only the
    secret's owner can compute it)."""
    tag = hmac.new(secret, f"name\0{kind}\0{key}".encode(), hashlib.sha256).hexdigest()
    return f"{kind}-{tag[:40]}.entry"


def _read(path: Path, secret: bytes) -> Any:
    """The value of an authenticated entry, or None (a cache miss: missing, a link, not a
    regular file, damaged, foreign)."""
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    try:
        fd = os.open(path, flags)
    except OSError:
        return None
    try:
        with os.fdopen(fd, "rb") as fh:
            if not stat.S_ISREG(os.fstat(fh.fileno()).st_mode):
                return None
            raw = fh.read()
    except OSError:
        return None
    head, mac, payload = raw[:len(_MAGIC)], raw[len(_MAGIC):len(_MAGIC) + 32], \
        raw[len(_MAGIC) + 32:]
    if head != _MAGIC or not hmac.compare_digest(mac, _mac(secret, path.name, payload)):
        return None  # not written by this user with this name: never deserialised
    try:
        return pickle.loads(payload)  # authenticated: written by this user's hpresearch
    except Exception:  # noqa: BLE001 - e.g. a class renamed since: compute again
        return None


def _write(path: Path, secret: bytes, value: Any) -> None:
    payload = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
    try:
        atomic_write(path, _MAGIC + _mac(secret, path.name, payload) + payload)
    except OSError:
        pass  # a read-only or full store only costs time


def _open_lock(path: Path) -> int | None:
    flags = os.O_WRONLY | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    try:
        return os.open(path, flags, 0o666)
    except OSError:
        return None


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
    secret = user_secret() if folder is not None else None
    if folder is None or secret is None:
        value = compute()
        _MEMORY[key] = value
        return value
    try:
        import fcntl
    except ImportError:  # Windows: no lock (see the module docstring)
        fcntl = None

    name = entry_name(secret, kind, key)
    path = folder / name
    value = _read(path, secret)
    lock = _open_lock(folder / f"{name}.lock") if value is None and fcntl else None
    if value is None and lock is None:
        value = compute()
        _write(path, secret, value)
    elif value is None:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX)  # another process may be computing it
            value = _read(path, secret)
            if value is None:
                value = compute()
                _write(path, secret, value)
        finally:
            os.close(lock)  # releases the lock
    _MEMORY[key] = value
    return value
