"""Place finished reports atomically; record failures beside the previous good report.

A report is written into a staging folder inside the output folder and moved into place with
:func:`os.replace` only when complete. A failed report leaves the previous good one untouched
and puts ``<stem>.failed.ipynb`` (and a ``.failed.json`` marker) beside it.
"""
from __future__ import annotations

import datetime as _dt
import json
import os
import re
import secrets
import shutil
import tempfile
from pathlib import Path

from hpresearch.errors import UsageError
from hpresearch.fileio import atomic_write, umask
from hpresearch.render.jobs import JobResult, inside

_STAGE_RE = re.compile(r"^\.[a-z0-9][a-z0-9_.-]*\.(stage|old)-[a-z0-9_]+$")


def recover(out_dir: Path) -> None:
    """Undo a placement interrupted between its two renames; drop stale staging folders."""
    for path in sorted(out_dir.iterdir()):
        if not (path.is_dir() and _STAGE_RE.match(path.name)):
            continue
        stem, kind = path.name[1:].rsplit(".", 1)[0], path.name.rsplit(".", 1)[1]
        final = out_dir / stem
        if kind.startswith("old") and not final.exists():
            os.replace(path, final)
        else:
            shutil.rmtree(path, ignore_errors=True)


def _safe_artifact(name: str) -> str:
    parts = Path(name).parts
    if not parts or any(p in ("", ".", "..") for p in parts) or Path(name).is_absolute() \
            or len(parts) > 2 or not all(re.fullmatch(r"[A-Za-z0-9_.-]+", p) for p in parts):
        raise UsageError(f"artifact name {name!r} is not a safe relative file name")
    return name


def place(result: JobResult, out_dir: Path) -> None:
    """Move a finished report into ``out_dir`` atomically, or record its failure.

    A job that was never tried, or was up to date, changes nothing on disk.
    """
    if not result.tried or result.skipped:
        return
    out_dir = Path(out_dir)
    stem = result.job.stem
    final = inside(out_dir, stem)
    failed_nb = inside(out_dir, f"{stem}.failed.ipynb")
    failed_json = inside(out_dir, f"{stem}.failed.json")
    if not result.ok:
        nb_bytes = result.artifacts.get(f"{stem}.ipynb", b"")
        if nb_bytes:
            atomic_write(failed_nb, nb_bytes)
        marker = {"stem": stem, "notebook": result.job.notebook, "scenario": result.job.scenario,
                  "lang": result.job.lang, "title": result.job.title,
                  "scenario_title": result.job.title if result.job.scenario else None,
                  "error": result.error, "parameters": result.job.parameters,
                  "failed_at": _dt.datetime.now(_dt.timezone.utc).isoformat(timespec="seconds"),
                  "notebook_file": failed_nb.name if nb_bytes else None}
        atomic_write(failed_json, json.dumps(marker, ensure_ascii=False, indent=1).encode())
        return
    stage = Path(tempfile.mkdtemp(prefix=f".{stem}.stage-", dir=out_dir))
    try:
        os.chmod(stage, 0o777 & ~umask())  # mkdtemp makes it private; reports are not
        for name, data in result.artifacts.items():
            target = stage / _safe_artifact(name)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
        manifest = dict(result.manifest)
        if result.job.scenario:
            manifest["scenario_title"] = result.job.title
        manifest["files"] = sorted(result.artifacts) + ["manifest.json"]
        (stage / "manifest.json").write_text(
            json.dumps(manifest, ensure_ascii=False, indent=1), encoding="utf-8")
        old = None
        if final.exists():
            old = out_dir / f".{stem}.old-{secrets.token_hex(4)}"
            os.replace(final, old)
        os.replace(stage, final)
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
    except BaseException:
        shutil.rmtree(stage, ignore_errors=True)
        raise
    failed_nb.unlink(missing_ok=True)
    failed_json.unlink(missing_ok=True)


