"""What hpresearch wrote in an output folder: the record that every write, replacement,
recovery and deletion checks first.

An output folder is shared ground: a user's notes, drafts or hand-written ``index.html`` may
lie beside the reports. hpresearch keeps the names of the top-level entries it created in
``<out>/.hpresearch-record.json`` (:data:`RECORD`) -

* ``file``: a file it wrote (``index.html``, ``summary.csv``, a failure record), with the
  SHA-256 of the bytes it wrote;
* ``report``: a report folder, with the SHA-256 of the ``manifest.json`` it placed there;
* ``stage``: a staging (``.<stem>.stage-*``) or set-aside (``.<stem>.old-*``) folder,
  recorded *before* it is created, so an interrupted placement can be recovered.

An entry is hpresearch's (:func:`owns`) only while it is in the record and still holds what
was recorded (a file edited by a spreadsheet is the user's again); it is never a symbolic
link. Everything else is foreign: left alone, and when a render would have to replace it,
refused before any work starts (:func:`foreign_targets`). The record is read as strictly as
user input: anything but the documented shape is refused in one line.
"""
from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import stat
from collections.abc import Iterable, Iterator
from pathlib import Path

from hpresearch.errors import UsageError
from hpresearch.fileio import atomic_write

#: The record's file name (inside the output folder).
RECORD = ".hpresearch-record.json"
#: Changes when the record's layout changes.
RECORD_FORMAT = 1
#: Kinds of recorded entries.
KINDS = ("file", "report", "stage")
#: A recordable name: one path component of safe characters.
_NAME_RE = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_.-]{0,200}|\.[A-Za-z0-9_][A-Za-z0-9_.-]{0,200}")
_SHA_RE = re.compile(r"[0-9a-f]{64}")


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _lstat(path: Path):
    try:
        return os.lstat(path)
    except OSError:
        return None


def content_sha(path: Path, kind: str) -> str | None:
    """SHA-256 of what identifies an entry on disk: a regular file's bytes, or a report
    folder's ``manifest.json``; None when missing, a link or of the wrong type."""
    st = _lstat(path)
    if st is None:
        return None
    if kind == "file" and stat.S_ISREG(st.st_mode):
        target = path
    elif kind == "report" and stat.S_ISDIR(st.st_mode):
        target = path / "manifest.json"
        if not stat.S_ISREG(getattr(_lstat(target), "st_mode", 0)):
            return None
    else:
        return None
    try:
        return _sha(target.read_bytes())
    except OSError:
        return None


def _valid(entry) -> bool:
    return (isinstance(entry, dict) and entry.get("kind") in KINDS
            and (entry.get("sha256") is None
                 or (isinstance(entry.get("sha256"), str)
                     and _SHA_RE.fullmatch(entry["sha256"]) is not None)))


def load(out_dir: Path) -> dict[str, dict]:
    """The record of ``out_dir`` as ``{name: {"kind", "sha256"}}`` (empty when there is none).

    Raises
    ------
    UsageError
        The record is a link, unreadable, or not of the documented shape (one line).
    """
    path = Path(out_dir) / RECORD
    st = _lstat(path)
    if st is None:
        return {}
    problem = None
    if not stat.S_ISREG(st.st_mode):
        problem = "is not a regular file"
    else:
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError, RecursionError) as err:
            problem = f"cannot be read ({type(err).__name__})"
        else:
            entries = data.get("entries") if isinstance(data, dict) else None
            if not isinstance(data, dict) or data.get("format") != RECORD_FORMAT \
                    or not isinstance(entries, dict):
                problem = "is not of the documented shape"
            elif not all(isinstance(k, str) and _NAME_RE.fullmatch(k) and k != RECORD
                         and _valid(v) for k, v in entries.items()):
                problem = "names an entry that is not a plain name of a known kind"
    if problem is not None:
        raise UsageError(f"out: {path} {problem}: it is not hpresearch's record of what it "
                         "wrote (move it away or choose another folder)", argument="out")
    return {k: {"kind": v["kind"], "sha256": v.get("sha256")} for k, v in entries.items()}


def owns(out_dir: Path, name: str, record: dict | None = None) -> bool:
    """Whether the entry ``name`` of ``out_dir`` is hpresearch's: recorded, not a link, and
    (for files and report folders) still holding what was recorded."""
    record = load(out_dir) if record is None else record
    entry = record.get(name)
    if entry is None:
        return False
    path = Path(out_dir) / name
    if entry["kind"] == "stage":
        st = _lstat(path)
        return st is not None and stat.S_ISDIR(st.st_mode)
    return content_sha(path, entry["kind"]) == entry["sha256"]


def foreign_targets(out_dir: Path, names: Iterable[str]) -> list[str]:
    """Those of ``names`` that exist in ``out_dir`` (even as a dangling link) but are not
    hpresearch's (:func:`owns`): a render must not replace them."""
    record = load(out_dir)
    return [n for n in names
            if os.path.lexists(Path(out_dir) / n) and not owns(out_dir, n, record)]


@contextlib.contextmanager
def _locked(out_dir: Path) -> Iterator[None]:
    """Serialise read-modify-write of the record between processes: an exclusive lock on
    the folder itself (no file of its own; no lock on Windows)."""
    try:
        import fcntl
        fd = os.open(out_dir, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except (ImportError, OSError):
        yield
        return
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)


def update(out_dir: Path, add: dict[str, str] | None = None, drop: Iterable[str] = (),
           source: Path | None = None) -> None:
    """Record ``add`` (``{name: kind}``, hashed from disk now: from ``source`` instead of
    ``out_dir/name`` when given, e.g. a staging folder about to be renamed) and forget
    ``drop``."""
    out_dir = Path(out_dir)
    with _locked(out_dir):
        entries = load(out_dir)
        for name in drop:
            entries.pop(name, None)
        for name, kind in (add or {}).items():
            if not _NAME_RE.fullmatch(name) or kind not in KINDS:
                raise ValueError(f"not a recordable entry: {name!r} ({kind})")
            where = source if source is not None else out_dir / name
            entries[name] = {"kind": kind,
                             "sha256": None if kind == "stage" else content_sha(where, kind)}
        payload = {"format": RECORD_FORMAT, "written_by": "hpresearch",
                   "entries": dict(sorted(entries.items()))}
        atomic_write(out_dir / RECORD, json.dumps(payload, indent=1) + "\n")


def write_file(out_dir: Path, name: str, data: bytes | str) -> Path | None:
    """Write the top-level file ``name`` and record it; None (nothing written) when a foreign
    entry holds the name."""
    out_dir = Path(out_dir)
    if foreign_targets(out_dir, [name]):
        return None
    path = atomic_write(out_dir / name, data)
    update(out_dir, add={name: "file"})
    return path


def remove_file(out_dir: Path, name: str) -> None:
    """Delete the top-level file ``name`` if it is hpresearch's, and forget it."""
    out_dir = Path(out_dir)
    if owns(out_dir, name):
        (out_dir / name).unlink(missing_ok=True)
        update(out_dir, drop=[name])
