"""What report notebooks display: headings, text, headline numbers, tables, figures.

Notebooks call these functions instead of formatting output themselves, so that every
report looks the same in both languages and the renderer can recover machine-readable
tables. Each table is displayed twice in one output: as an HTML table formatted for the
reader's language, and as raw values under :data:`TABLE_MIME`, which
:mod:`hpresearch.render.export` exports to CSV and XLSX. All text is HTML-escaped; http(s)
URLs in table cells and bullet lists become links (:func:`linkify`). Tables sit in a box that
scrolls sideways on narrow screens; tables longer than :data:`COLLAPSE_ROWS` rows are
collapsed in a ``<details>`` element (left out of print unless opened).
"""
from __future__ import annotations

import base64
import io
import json
import re
from html import escape
from urllib.parse import urlsplit

import pandas as pd

from hpresearch.i18n import Localizer

#: Mime type carrying a table's raw values (pandas ``orient="split"``) for export.
TABLE_MIME = "application/vnd.hpresearch.table+json"
#: Mime type carrying the report's provenance record.
PROVENANCE_MIME = "application/vnd.hpresearch.provenance+json"
#: Mime type carrying the report's title, language, scenario, boundary and basis.
META_MIME = "application/vnd.hpresearch.report+json"
CUSTOM_MIMES = (TABLE_MIME, PROVENANCE_MIME, META_MIME)
#: Tables with more rows than this are collapsed (``collapse=None``).
COLLAPSE_ROWS = 12

_URL = re.compile(r"https?://[^\s<>\"'`]+", re.IGNORECASE)
_TRAILING = ".,;:!?'\")]}»›”’"


def _url_end(url: str) -> str:
    """``url`` without the sentence punctuation after it (a ``)`` only when unbalanced)."""
    while url and url[-1] in _TRAILING:
        if url[-1] == ")" and url.count("(") >= url.count(")"):
            break
        url = url[:-1]
    return url


def _is_web_url(url: str) -> bool:
    try:
        parts = urlsplit(url)
        return parts.scheme.lower() in ("http", "https") and bool(parts.hostname)
    except ValueError:  # e.g. a malformed IPv6 host
        return False


def linkify(text) -> str:
    """Return ``text`` HTML-escaped, with each http(s) URL in it as a link.

    Only ``http://`` and ``https://`` URLs with a host become ``<a href>`` (the address
    escaped with ``html.escape(quote=True)``, ``rel="noopener"``); everything else, other
    schemes included, stays plain escaped text.
    """
    text = "" if text is None else str(text)
    out, pos = [], 0
    for match in _URL.finditer(text):
        url = _url_end(match.group(0))
        if not _is_web_url(url):
            continue
        out.append(escape(text[pos:match.start()]))
        out.append(f'<a href="{escape(url, quote=True)}" target="_blank" rel="noopener">'
                   f"{escape(url)}</a>")
        pos = match.start() + len(url)
    out.append(escape(text[pos:]))
    return "".join(out)


def _publish(data: dict, metadata: dict | None = None) -> None:
    from IPython.display import publish_display_data

    publish_display_data(data, metadata=metadata or {})


def html(fragment: str) -> None:
    """Display an already escaped HTML fragment."""
    _publish({"text/html": fragment, "text/plain": "<html fragment>"})


def heading(text: str, level: int = 2) -> None:
    """Display a section heading."""
    level = min(max(int(level), 1), 4)
    _publish({"text/html": f"<h{level}>{escape(text)}</h{level}>", "text/plain": text})


def paragraph(text: str, css_class: str | None = None) -> None:
    """Display one paragraph of plain text."""
    cls = f' class="{escape(css_class)}"' if css_class else ""
    _publish({"text/html": f"<p{cls}>{escape(text)}</p>", "text/plain": text})


def bullets(items) -> None:
    """Display a bulleted list of plain-text items."""
    items = [str(i) for i in items]
    body = "".join(f"<li>{linkify(i)}</li>" for i in items)
    _publish({"text/html": f"<ul>{body}</ul>", "text/plain": "\n".join(f"- {i}" for i in items)})


def headline(items) -> None:
    """Display headline numbers as boxes: ``(label, value)`` or ``(label, value, note)``.

    The boxes wrap on narrow screens (``hp-cards``); the note is a smaller line under the
    label (a band, a source, what the figure includes).
    """
    boxes, lines = [], []
    for item in items:
        label, value, note = (tuple(item) + ("",))[:3]
        note_html = f'<div class="hp-card-note">{escape(str(note))}</div>' if note else ""
        boxes.append(f'<div class="hp-card"><div class="hp-card-value">{escape(str(value))}</div>'
                     f'<div class="hp-card-label">{escape(str(label))}</div>{note_html}</div>')
        lines.append(f"{label}: {value}" + (f" ({note})" if note else ""))
    style = ("<style>.hp-cards{display:flex;flex-wrap:wrap;gap:.8em;margin:0 0 1em 0}"
             ".hp-card{flex:1 1 13em;max-width:100%;box-sizing:border-box;padding:.6em 1em;"
             "border-left:4px solid #1b6ca8;background:#f3f6fa}"
             ".hp-card-value{font-size:1.6em;font-weight:600}.hp-card-label{color:#333}"
             ".hp-card-note{color:#555;font-size:.85em;margin-top:.3em}</style>")
    _publish({"text/html": f'{style}<div class="hp-cards">{"".join(boxes)}</div>',
              "text/plain": "\n".join(lines)})


def report_header(meta: dict, L: Localizer) -> None:
    """Display the report title block and publish ``meta`` for the renderer and index.

    ``meta`` holds at least ``title``; usually ``subtitle``, ``scenario``, ``boundary``
    and ``basis`` too (boundary and basis are shown on every report).
    """
    meta = dict(meta, lang=L.lang)
    parts = [f"<h1>{escape(meta['title'])}</h1>"]
    if meta.get("subtitle"):
        parts.append(f"<p><em>{escape(meta['subtitle'])}</em></p>")
    facts = []
    if meta.get("boundary"):
        facts.append(f"{L('label.boundary')}: {L.label('boundary', meta['boundary'])}")
    if meta.get("basis"):
        facts.append(f"{L('label.basis')}: {L.label('basis', meta['basis'])}")
    if facts:
        parts.append(f"<p class=\"hp-basis\">{escape(' · '.join(facts))}</p>")
    _publish({"text/html": "".join(parts), "text/plain": meta["title"], META_MIME: meta})


def table(df: pd.DataFrame, name: str, L: Localizer, formats: dict | None = None,
          caption: str | None = None, export: bool = True, index: bool = False,
          collapse: bool | None = None) -> None:
    """Display ``df`` formatted for ``L.lang``; export its raw values as table ``name``.

    Parameters
    ----------
    df : DataFrame
        Raw values (fractions, VND billion, …). Column names are catalogue keys
        ``col.<name>`` when such a key exists, otherwise shown as they are.
    name : str
        File stem of the exported CSV (``[a-z0-9_]+``).
    L : Localizer
        Report language.
    formats : dict, optional
        ``{column: kind}`` with kinds from :data:`hpresearch.i18n.KINDS`;
        numbers default to ``number`` and text to ``text``.
    caption : str, optional
        Caption shown above the table.
    export : bool
        Whether the renderer writes this table to CSV/XLSX.
    collapse : bool, optional
        Show the table folded in a ``<details>`` element under a one-line summary (not
        printed unless opened); default: when it has more than :data:`COLLAPSE_ROWS` rows.
    """
    _check_table_name(name)
    formats = dict(formats or {})
    frame = df.reset_index() if index else df
    headers = _headers(frame, L)
    kinds = []
    for col in frame.columns:
        kind = formats.get(col)
        if kind is None:
            kind = "number" if pd.api.types.is_float_dtype(frame[col]) else (
                "int" if pd.api.types.is_integer_dtype(frame[col]) else "text")
            if col in ("year", "origin", "target_year"):
                kind = "year"
        kinds.append(kind)
    rows = []
    for values in frame.itertuples(index=False, name=None):
        cells = []
        for value, kind in zip(values, _money_kinds(frame, kinds, values)):
            align = "left" if kind in ("text", "date") else "right"
            cells.append(f'<td style="text-align:{align}">{linkify(L.format(value, kind))}</td>')
        rows.append("<tr>" + "".join(cells) + "</tr>")
    _publish_table(frame, name, headers, rows, caption, export, L, collapse)


def _money_kinds(frame: pd.DataFrame, kinds: list[str], values: tuple) -> list[str]:
    """``kinds`` with plain ``number`` cells holding VND amounts shown as ``amount``.

    A VND amount is a cell of a ``*_vnd_bn`` column, or of a row whose ``unit`` column
    says ``vnd_bn``; ``amount`` drops the decimal from 1,000 up
    (:func:`hpresearch.i18n.money_digits`): never ``1.299.564,5`` billion đồng.
    """
    units = dict(zip(frame.columns, values)).get("unit")
    return ["amount" if kind == "number" and (str(col).endswith("_vnd_bn") or units == "vnd_bn")
            else kind for col, kind in zip(frame.columns, kinds)]


def item_table(df: pd.DataFrame, name: str, L: Localizer, kinds: dict | None = None,
               shown: dict | None = None, caption: str | None = None,
               group: str = "item", labels: dict | None = None,
               collapse: bool | None = None) -> None:
    """Display an ``item, value`` table with each row labelled and formatted for ``L.lang``.

    Row labels are the catalogue keys ``<group>.<item>`` (shown as they are when missing);
    each value is formatted with its row's kind from ``kinds`` (see
    :data:`hpresearch.i18n.KINDS`), or replaced by ``shown[item]``. The exported
    CSV/XLSX keep the raw items and values. ``collapse`` as in :func:`table`.
    """
    _check_table_name(name)
    kinds, shown, labels = dict(kinds or {}), dict(shown or {}), dict(labels or {})
    headers = _headers(df, L)
    extra = [c for c in df.columns if c not in ("item", "value")]
    rows = []
    for i, (item, value) in enumerate(zip(df["item"], df["value"])):
        label = labels.get(item) or (L(f"{group}.{item}") if _has_key(f"{group}.{item}")
                                     else str(item))
        if item in shown:
            text = str(shown[item])
        else:
            kind = kinds.get(item) or ("text" if isinstance(value, str) or value is None
                                       else "number")
            text = L.format(value, kind)
        more = "".join(f'<td style="text-align:left">'
                       f'{linkify(L.format(df[c].iloc[i], "text"))}</td>' for c in extra)
        rows.append(f'<tr><td style="text-align:left">{escape(label)}</td>'
                    f'<td style="text-align:right">{linkify(text)}</td>{more}</tr>')
    _publish_table(df, name, headers, rows, caption, True, L, collapse)


def _has_key(key: str) -> bool:
    from hpresearch.i18n import has

    return has(key)


def figure(fig, alt: str = "", dpi: int = 110) -> None:
    """Display a matplotlib Figure as an embedded PNG (the Figure is not kept open).

    ``alt`` (default: the chart's own description, :func:`hpresearch.plots.alt_text`) is
    published as the output's ``text/plain`` and as ``metadata["image/png"]["alt"]``, which
    the code-free HTML export (:func:`hpresearch.render.html.to_html`) writes as the
    ``<img alt>``.
    """
    from hpresearch.plots import alt_text

    text = alt or alt_text(fig)
    buf = io.BytesIO()
    # tight bounding box: long translated titles and tick labels are never cut off
    fig.savefig(buf, format="png", dpi=dpi, metadata={"Software": None}, bbox_inches="tight")
    png = base64.b64encode(buf.getvalue()).decode("ascii")
    _publish({"image/png": png, "text/plain": text or "<figure>"},
             metadata={"image/png": {"alt": text}} if text else None)


def provenance(record: dict, L: Localizer) -> None:
    """Display the provenance record as a table and publish it for ``provenance.json``."""
    rows = [(L("prov.package_version"), record.get("package_version", "")),
            (L("prov.git_commit"), f"{record.get('git_commit', '')}"
                                   f"{' (' + L('prov.dirty') + ')' if record.get('git_dirty') else ''}"),
            (L("prov.seed"), L("prov.no_seed") if record.get("seed") is None
             else str(record["seed"])),
            (L("prov.boundary"), L.label("boundary", record.get("boundary") or "") or "–"),
            (L("prov.basis"), L.label("basis", record.get("basis") or "") or "–"),
            (L("prov.timestamp"), L.datetime(record["timestamp"]) if record.get("timestamp") else "")]
    if record.get("scenario"):
        rows.insert(0, (L("prov.scenario"), str(record["scenario"].get("name", ""))))
    env = record.get("environment") or {}
    if record.get("python"):
        rows.append((L("prov.python"), str(record["python"])))
    if env:
        locked = env.get("locked_packages") or {}
        rows.append((L("prov.lock"), L("prov.lock_summary", sha=str(env["lock_sha256"])[:16],
                                        n=len(locked)) if env.get("lock_sha256")
                     else L("prov.no_lock")))
        if env.get("lock_sha256"):
            diff = env.get("lock_mismatches") or {}
            rows.append((L("prov.lock_mismatch"), "; ".join(
                f"{name} {v.get('installed') or '–'} ≠ {v.get('locked')}"
                for name, v in sorted(diff.items())) or L("prov.none")))
    for key in ("citation", "rebuild"):
        if record.get(key):
            rows.append((L("prov.cite" if key == "citation" else "prov.rebuild"),
                         str(record[key])))
    for name, ver in sorted(record.get("libraries", {}).items()):
        rows.append((f"{L('prov.library')}: {name}", ver))
    for path, digest in sorted(record.get("data_files", {}).items()):
        rows.append((f"{L('prov.data_file')}: {path}", f"sha256 {digest[:16]}…"))
    body = "".join(f"<tr><td>{escape(k)}</td><td><code>{escape(str(v))}</code></td></tr>"
                   for k, v in rows)
    fragment = (f'<div class="hp-table-wrap"><table class="hp-table hp-provenance"><tbody>'
                f"{body}</tbody></table></div>")
    if record.get("scenario"):
        resolved = json.dumps(record["scenario"], ensure_ascii=False, indent=1, default=str)
        fragment += (f"<details><summary>{escape(L('prov.resolved_scenario'))}</summary>"
                     f"<pre>{escape(resolved)}</pre></details>")
    if env.get("locked_packages"):
        listing = "\n".join(f"{name}=={ver or '–'}"
                            for name, ver in sorted(env["locked_packages"].items()))
        fragment += (f"<details><summary>{escape(L('prov.locked_packages'))}</summary>"
                     f"<pre>{escape(listing)}</pre></details>")
    _publish({"text/html": fragment, "text/plain": "provenance",
              PROVENANCE_MIME: json.loads(json.dumps(record, default=str))})


def _check_table_name(name: str) -> None:
    """Table names become file stems: refuse anything but ``[a-z0-9_]{1,48}``."""
    import re

    if not re.fullmatch(r"[a-z0-9_]{1,48}", name):
        raise ValueError(f"table name {name!r} must match [a-z0-9_]{{1,48}}")


def _headers(frame: pd.DataFrame, L: Localizer) -> list[str]:
    """Column headers: the catalogue text ``col.<name>`` where it exists."""
    return [L(f"col.{c}") if _has_key(f"col.{c}") else str(c) for c in frame.columns]


def _publish_table(frame: pd.DataFrame, name: str, headers: list[str], rows: list[str],
                   caption: str | None, export: bool, L: Localizer,
                   collapse: bool | None = None) -> None:
    """Display the HTML rows as one table; with ``export``, attach the raw values for CSV/XLSX.

    The table sits in a box of its own that scrolls sideways when it is wider than the
    screen; ``collapse`` (default: more than :data:`COLLAPSE_ROWS` rows) folds it in a
    ``<details>`` element whose summary names the table and its number of rows.
    """
    if not rows:  # nothing to read or print: no table, only the (empty) export
        fragment = ""
        data = {"text/html": fragment, "text/plain": ""}
        if export:
            data[TABLE_MIME] = _export_payload(frame, name, headers, caption)
        _publish(data)
        return
    head = "".join(f"<th>{escape(h)}</th>" for h in headers)
    cap = f"<caption>{escape(caption)}</caption>" if caption else ""
    fragment = (f'<div class="hp-table-wrap"><table class="hp-table" data-table="{escape(name)}">'
                f"{cap}<thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table></div>")
    if collapse is None:
        collapse = len(rows) > COLLAPSE_ROWS
    if collapse:
        n = L.format(len(rows), "int")
        summary = (L("table.details_caption", caption=caption, n=n) if caption
                   else L("table.details", n=n))
        fragment = (f'<details class="hp-details" data-for="{escape(name)}"><summary>'
                    f'{escape(summary)}<span class="hp-print-only">{escape(L("table.print_note"))}'
                    f"</span></summary>{fragment}</details>")
    data = {"text/html": fragment, "text/plain": frame.to_string(index=False, max_rows=20)}
    if export:
        data[TABLE_MIME] = _export_payload(frame, name, headers, caption)
    _publish(data)


def _export_payload(frame: pd.DataFrame, name: str, headers: list[str],
                    caption: str | None) -> dict:
    """The raw values of a table under its shown headers, for CSV/XLSX export."""
    raw = frame.copy()
    raw.columns = headers
    payload = json.loads(raw.to_json(orient="split", index=False, date_format="iso",
                                     double_precision=15))
    payload["name"] = name
    payload["caption"] = caption
    return payload
