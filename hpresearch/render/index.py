"""``reports/index.html``: every report in the output folder with its status and links.

The index is rebuilt from what is on disk (each report folder's ``manifest.json`` and any
``<stem>.failed.json`` marker), so it always describes the files that exist. A failure
record older than the good report beside it is stale and ignored: the index never
downgrades a report because of a run that did not try it. Every text is
HTML-escaped and every link is a relative, URL-quoted path inside the output folder.
"""
from __future__ import annotations

import json
import os
import tempfile
from html import escape
from pathlib import Path
from urllib.parse import quote

from hpresearch.i18n import t

_ORDER = {"00_data_overview": 0, "02_scenario_report": 1, "03_scenario_comparison": 2,
          "01_calibration": 3, "04_backtest": 4}


def _read_json(path: Path) -> dict | None:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def collect(out_dir: Path) -> list[dict]:
    """Return one entry per report stem found in ``out_dir`` (good and/or failed)."""
    out_dir = Path(out_dir)
    entries: dict[str, dict] = {}
    for manifest_path in sorted(out_dir.glob("*/manifest.json")):
        manifest = _read_json(manifest_path)
        if not manifest or manifest.get("stem") != manifest_path.parent.name:
            continue
        entries[manifest["stem"]] = {"good": manifest, "failed": None}
    for failed_path in sorted(out_dir.glob("*.failed.json")):
        failed = _read_json(failed_path)
        if not failed or f"{failed.get('stem')}.failed.json" != failed_path.name:
            continue
        entry = entries.setdefault(failed["stem"], {"good": None, "failed": None})
        good = entry["good"]
        if good and str(good.get("rendered_at", "")) > str(failed.get("failed_at", "")):
            continue  # a stale record older than the good report: it does not downgrade it
        entry["failed"] = failed
    def key(item):
        stem, entry = item
        info = entry["good"] or entry["failed"]
        return (_ORDER.get(info.get("notebook"), 9), info.get("scenario") or "",
                info.get("lang") or "", stem)
    return [dict(entry, stem=stem) for stem, entry in sorted(entries.items(), key=key)]


def _link(href: str, label: str) -> str:
    return f'<a href="{escape(quote(href), quote=True)}">{escape(label)}</a>'


def render_index(entries: list[dict]) -> str:
    """Return the index HTML for ``entries`` (from :func:`collect`)."""
    rows = []
    for entry in entries:
        good, failed, stem = entry["good"], entry["failed"], entry["stem"]
        info = good or failed
        lang = info.get("lang") if info.get("lang") in ("vi", "en") else "en"
        title = info.get("title") or stem
        scenario = info.get("scenario_title") or info.get("scenario") or "–"
        links = []
        if good:
            files = set(good.get("files", []))
            for name, label in ((f"{stem}.html", "HTML"), (f"{stem}.ipynb", "ipynb"),
                                (f"{stem}.xlsx", "XLSX"), ("provenance.json", "provenance")):
                if name in files:
                    links.append(_link(f"{stem}/{name}", label))
            csvs = sorted(f for f in files if f.startswith("tables/") and f.endswith(".csv"))
            links.extend(_link(f"{stem}/{f}", Path(f).name) for f in csvs)
        if failed:
            status = t("index.status_failed", "en") + ": " + str(failed.get("error", ""))
            if good:
                status += " — " + t("index.previous_kept", "en")
            date = failed.get("failed_at", "")
            if failed.get("notebook_file"):
                links.insert(0, _link(failed["notebook_file"], t("index.failed_notebook", "en")))
            css = "failed"
        else:
            status, date, css = t("index.status_ok", "en"), good.get("rendered_at", ""), "ok"
        if good and failed:
            date = f"{failed.get('failed_at', '')} ({t('index.previous', 'en')}: " \
                   f"{good.get('rendered_at', '')})"
        rows.append(
            f'<tr class="{css}"><td>{escape(title)}</td><td>{escape(str(scenario))}</td>'
            f"<td>{escape(t('lang.' + lang, 'en'))} / {escape(t('lang.' + lang, 'vi'))}</td>"
            f"<td>{escape(str(info.get('notebook', '')))}</td>"
            f"<td>{escape(str(date))}</td><td>{escape(status)}</td>"
            f"<td>{' · '.join(links)}</td></tr>")
    heads = ("index.col_title", "index.col_scenario", "index.col_language", "index.col_notebook",
             "index.col_date", "index.col_status", "index.col_links")
    head = "".join(f"<th>{escape(t(k, 'en'))}<br><small>{escape(t(k, 'vi'))}</small></th>"
                   for k in heads)
    body = "\n".join(rows) or (f'<tr><td colspan="7">{escape(t("index.empty", "en"))}</td></tr>')
    title = f"{t('index.title', 'en')} / {t('index.title', 'vi')}"
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta name="generator" content="hpresearch">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{escape(title)}</title>
<style>
body {{ font-family: system-ui, sans-serif; margin: 2em; color: #222; }}
table {{ border-collapse: collapse; width: 100%; }}
th, td {{ border-bottom: 1px solid #ddd; padding: .4em .6em; text-align: left; vertical-align: top; }}
tr.failed td {{ background: #fdecec; }}
small {{ color: #666; font-weight: normal; }}
</style></head>
<body>
<h1>{escape(title)}</h1>
<p>{escape(t('index.intro', 'en'))}<br>{escape(t('index.intro', 'vi'))}</p>
<table>
<thead><tr>{head}</tr></thead>
<tbody>
{body}
</tbody></table>
</body></html>
"""


def umask() -> int:
    """The process umask (read without changing it for long)."""
    mask = os.umask(0)
    os.umask(mask)
    return mask


def atomic_write(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` via a temporary file and :func:`os.replace`.

    The file gets the usual permissions (``0666`` less the umask), not the private ones
    of a temporary file, so a web server can serve the reports.
    """
    path = Path(path)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.chmod(tmp, 0o666 & ~umask())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_index(out_dir: Path) -> Path:
    """Rebuild ``out_dir/index.html`` from the reports on disk; return its path."""
    out_dir = Path(out_dir)
    path = out_dir / "index.html"
    atomic_write(path, render_index(collect(out_dir)).encode("utf-8"))
    return path
