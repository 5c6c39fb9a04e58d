"""Files in and out: the package's one file writer, and the file and code hashes.

Every file the package leaves behind (reports, index, summary, failure records, stored
results, scenario files, ``datapackage.json``, the backtest's fan tables) is written through
:func:`atomic_write`, so a reader never sees half a file and a crash never leaves one.
:func:`file_sha256` and :func:`package_tree_sha` are the hashes every cache key and provenance
record uses. This module imports nothing from :mod:`hpresearch`, so every layer may use it.
"""
from __future__ import annotations

import hashlib
import os
import tempfile
from collections.abc import Callable
from pathlib import Path

#: The package folder (whose code :func:`package_tree_sha` hashes).
_PACKAGE_DIR = Path(__file__).resolve().parent


def umask() -> int:
    """The process umask (read without changing it for long)."""
    mask = os.umask(0)
    os.umask(mask)
    return mask


def atomic_write(path: str | Path, data: bytes | str, *, fsync: bool = False,
                 check: Callable[[Path], object] | None = None) -> Path:
    """Write ``data`` to ``path`` via a fresh temporary file and :func:`os.replace`.

    Parameters
    ----------
    path : str or Path
        The file to write; its folder must exist.
    data : bytes or str
        The content; text is written as UTF-8.
    fsync : bool, default False
        Flush the file to disk before it is renamed into place (files a user asked for).
    check : callable, optional
        Called with the temporary file's path just before the rename; an exception it
        raises leaves nothing behind and an existing ``path`` untouched.

    Returns
    -------
    Path
        ``path``.

    Notes
    -----
    The temporary name is new (``O_EXCL``), so a link planted at a fixed name cannot redirect
    the write; it keeps ``path``'s suffix, so a check that reads the file by its type works.
    The file gets the usual permissions (``0666`` less the umask), not the private ones of a
    temporary file, so a web server can serve the reports. Errors (:class:`OSError`) are the
    caller's to turn into a one-line message.
    """
    path = Path(path)
    raw = data.encode("utf-8") if isinstance(data, str) else data
    fd, tmp = tempfile.mkstemp(prefix=f".{path.stem}.", suffix=f".tmp{path.suffix}",
                               dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(raw)
            if fsync:
                fh.flush()
                os.fsync(fh.fileno())
        os.chmod(tmp, 0o666 & ~umask())
        if check is not None:
            check(Path(tmp))
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


def file_sha256(path: Path) -> str:
    """Return the hex SHA-256 digest of a file's bytes."""
    digest = hashlib.sha256()
    with Path(path).open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 16), b""):
            digest.update(block)
    return digest.hexdigest()


def package_tree_sha() -> str:
    """SHA-256 over the package's own source and data files (``*.py``, ``*.yaml``)."""
    digest = hashlib.sha256()
    for path in sorted(_PACKAGE_DIR.rglob("*")):
        if path.suffix in (".py", ".yaml") and "__pycache__" not in path.parts:
            digest.update(path.relative_to(_PACKAGE_DIR).as_posix().encode())
            digest.update(b"\0")
            digest.update(path.read_bytes())
    return digest.hexdigest()
