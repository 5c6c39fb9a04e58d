"""Place finished reports atomically; record failures beside the previous good report.

A report is written into a staging folder inside the output folder and moved into place with
:func:`os.replace` only when complete. A failed report leaves the previous good one untouched
and puts ``<stem>.failed.ipynb`` (and a ``.failed.json`` marker) beside it.

Every staging and set-aside folder is entered in the folder's record
(:mod:`hpresearch.render.ownership`) before it is created, every placed report and failure
record after it is written; recovery, replacement and deletion touch only recorded entries,
so a user's ``.drafts.stage-1/`` or ``.thesis.old-2024/`` is never taken for ours.
"""
from __future__ import annotations

import datetime as _dt
import json
import os
import re
import secrets
import shutil
from pathlib import Path

from hpresearch.errors import UsageError
from hpresearch.fileio import umask
from hpresearch.render import ownership
from hpresearch.render.jobs import JobResult, inside

_STAGE_RE = re.compile(r"^\.[a-z0-9][a-z0-9_.-]*\.(stage|old)-[a-z0-9_]+$")


def recover(out_dir: Path) -> None:
    """Undo a placement interrupted between its two renames; drop stale staging folders.

    Only folders the record names as staging folders are touched; a set-aside report goes
    back only to a name no entry holds.
    """
    record = ownership.load(out_dir)
    for name, entry in sorted(record.items()):
        path = out_dir / name
        if entry["kind"] != "stage" or not _STAGE_RE.match(name):
            continue
        if not ownership.owns(out_dir, name, record):  # gone, or replaced by a link or file
            ownership.update(out_dir, drop=[name])
            continue
        stem, kind = name[1:].rsplit(".", 1)[0], name.rsplit(".", 1)[1]
        final = out_dir / stem
        if kind.startswith("old") and not os.path.lexists(final):
            os.replace(path, final)
            ownership.update(out_dir, add={stem: "report"}, drop=[name])
        else:
            shutil.rmtree(path, ignore_errors=True)
            ownership.update(out_dir, drop=[name])


def _new_folder(out_dir: Path, stem: str, kind: str) -> Path:
    """A fresh ``.<stem>.<kind>-<hex>`` name, recorded before anything is created there."""
    path = out_dir / f".{stem}.{kind}-{secrets.token_hex(8)}"
    ownership.update(out_dir, add={path.name: "stage"})
    return path


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
        if nb_bytes and ownership.write_file(out_dir, failed_nb.name, nb_bytes) is None:
            nb_bytes = b""  # a foreign file holds the name: left alone, not linked
        marker = {"stem": stem, "notebook": result.job.notebook, "scenario": result.job.scenario,
                  "lang": result.job.lang, "title": result.job.title,
                  "scenario_title": result.job.title if result.job.scenario else None,
                  "error": result.error, "parameters": result.job.parameters,
                  "failed_at": _dt.datetime.now(_dt.timezone.utc).isoformat(timespec="seconds"),
                  "notebook_file": failed_nb.name if nb_bytes else None}
        ownership.write_file(out_dir, failed_json.name,
                             json.dumps(marker, ensure_ascii=False, indent=1).encode())
        return
    if ownership.foreign_targets(out_dir, [stem]):
        raise UsageError(f"out: {final} was not written by hpresearch (not in its record "
                         f"{ownership.RECORD}); it is left alone and the report not placed")
    stage = _new_folder(out_dir, stem, "stage")
    old = None
    try:
        stage.mkdir(mode=0o777 & ~umask())
        os.chmod(stage, 0o777 & ~umask())  # the umask may differ from mkdir's mode
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
        if os.path.lexists(final):
            old = _new_folder(out_dir, stem, "old")
            os.replace(final, old)
        # recorded before the rename: an interrupt after it leaves a report that is ours
        # (before it, recover() puts the set-aside one back and records that)
        ownership.update(out_dir, add={stem: "report"}, source=stage)
        os.replace(stage, final)
        ownership.update(out_dir, drop=[stage.name])
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
            ownership.update(out_dir, drop=[old.name])
    except BaseException:
        shutil.rmtree(stage, ignore_errors=True)
        ownership.update(out_dir, drop=[stage.name])
        raise
    ownership.remove_file(out_dir, failed_nb.name)
    ownership.remove_file(out_dir, failed_json.name)
