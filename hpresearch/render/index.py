"""``reports/index.html``: every report in the output folder with its status and links.

The index is rebuilt from what is on disk (each report folder's ``manifest.json`` and any
``<stem>.failed.json`` marker), so it always describes the files that exist. A failure
record older than the good report beside it is stale and ignored: the index never
downgrades a report because of a run that did not try it. Every text is
HTML-escaped and every link is a relative, URL-quoted path inside the output folder.

What is read back is checked as strictly as user input: only report folders and failure
records hpresearch's record names (:mod:`hpresearch.render.ownership`) are listed; a field of
the wrong type is dropped (a title that is a list, ``"files": 5``); a failure record links
only its own ``<stem>.failed.ipynb``; ``summary.csv`` is read only while it is the file
hpresearch wrote and has the documented columns (:func:`read_summary`). The index itself is
written only where no foreign ``index.html`` lies.
"""
from __future__ import annotations

import json
import re
from html import escape
from pathlib import Path
from urllib.parse import quote

from hpresearch.i18n import t
from hpresearch.render import ownership

_ORDER = {"00_data_overview": 0, "01_calibration": 1, "02_scenario_report": 2,
          "03_scenario_comparison": 3, "04_backtest": 4}


#: Fields of a manifest or failure record and their types (anything else is dropped).
_FIELDS = {"stem": str, "notebook": str, "scenario": str, "lang": str, "title": str,
           "scenario_title": str, "rendered_at": str, "failed_at": str, "error": str,
           "status": str, "notebook_file": str, "files": list, "parameters": dict}
#: A link target: a relative path of plain names inside the output folder.
_HREF_RE = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_.-]*(/[A-Za-z0-9_][A-Za-z0-9_.-]*)*")


def _read_json(path: Path) -> dict | None:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError, RecursionError):
        return None
    if not isinstance(data, dict):
        return None
    clean = {k: v for k, v in data.items() if isinstance(v, _FIELDS.get(k, object))}
    clean["files"] = [f for f in clean.get("files", []) if isinstance(f, str)]
    return clean


def collect(out_dir: Path) -> list[dict]:
    """Return one entry per report stem found in ``out_dir`` (good and/or failed): only
    report folders and failure records the folder's record names, with fields of the
    documented types."""
    out_dir = Path(out_dir)
    record = ownership.load(out_dir)
    entries: dict[str, dict] = {}
    for name, item in sorted(record.items()):
        if item["kind"] != "report" or not ownership.owns(out_dir, name, record):
            continue
        manifest = _read_json(out_dir / name / "manifest.json")
        if not manifest or manifest.get("stem") != name:
            continue
        entries[name] = {"good": manifest, "failed": None}
    for name, item in sorted(record.items()):
        if item["kind"] != "file" or not name.endswith(".failed.json") \
                or not ownership.owns(out_dir, name, record):
            continue
        failed = _read_json(out_dir / name)
        if not failed or f"{failed.get('stem')}.failed.json" != name:
            continue
        nb_file = f"{failed['stem']}.failed.ipynb"
        if failed.get("notebook_file") != nb_file or not ownership.owns(out_dir, nb_file, record):
            failed.pop("notebook_file", None)  # only its own notebook is ever linked
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
    """A link to a relative path inside the output folder; anything else (``//host/x``,
    ``../x``, ``https:``) is shown as text, never linked."""
    if not _HREF_RE.fullmatch(href) or ".." in href.split("/"):
        return escape(label)
    return f'<a href="{escape(quote(href), quote=True)}">{escape(label)}</a>'


def _both(key: str, **values) -> str:
    """``Vietnamese / English`` text of a catalogue key (the index is bilingual)."""
    return (f'<span lang="vi">{escape(t(key, "vi", **values))}</span>'
            f'<span class="en" lang="en">{escape(t(key, "en", **values))}</span>')


def _when(value: str) -> str:
    from hpresearch.i18n import format_datetime

    try:
        return (f'<span lang="vi">{escape(format_datetime(value, "vi"))}</span>'
                f'<span class="en" lang="en">{escape(format_datetime(value, "en"))}</span>')
    except (TypeError, ValueError):
        return escape(str(value))


def _groups(entries: list[dict]) -> list[tuple[tuple, dict]]:
    """Entries grouped by (notebook, scenario), in the order 00 … 04, languages side by side."""
    groups: dict[tuple, dict] = {}
    for entry in entries:
        info = entry["good"] or entry["failed"]
        key = (_ORDER.get(info.get("notebook"), 9), str(info.get("notebook") or ""),
               str(info.get("scenario") or ""))
        lang = info.get("lang") if info.get("lang") in ("vi", "en") else "en"
        groups.setdefault(key, {})[lang] = entry
    return sorted(groups.items())


def _files(entry: dict) -> list[str]:
    good, stem = entry["good"], entry["stem"]
    if not good:
        return []
    files = set(good.get("files", []))
    links = [_link(f"{stem}/{name}", label) for name, label in
             ((f"{stem}.ipynb", "ipynb"), (f"{stem}.xlsx", "XLSX"),
              ("provenance.json", "provenance")) if name in files]
    csvs = sorted(f for f in files if f.startswith("tables/") and f.endswith(".csv"))
    return links + [_link(f"{stem}/{f}", Path(f).name) for f in csvs]


def _report_rows(entries: list[dict]) -> str:
    rows = []
    for _key, langs in _groups(entries):
        titles, reads, dates, statuses, files, failed_any = [], [], [], [], [], False
        for lang in ("vi", "en"):
            entry = langs.get(lang)
            if entry is None:
                continue
            good, failed, stem = entry["good"], entry["failed"], entry["stem"]
            info = good or failed
            cls = ' class="en"' if lang == "en" else ""
            titles.append(f'<div lang="{lang}"{cls}>{escape(str(info.get("title") or stem))}</div>')
            if good and f"{stem}.html" in set(good.get("files", [])):
                reads.append(_link(f"{stem}/{stem}.html", t(f"lang.{lang}", lang)))
            if failed:
                failed_any = True
                status = (f'{escape(t("index.status_failed", lang))}: '
                          f'{escape(str(failed.get("error", "")))}')
                if good:
                    status += f' — {escape(t("index.previous_kept", lang))}'
                if failed.get("notebook_file"):
                    status += " · " + _link(failed["notebook_file"],
                                            t("index.failed_notebook", lang))
                statuses.append(f'<div lang="{lang}">{status}</div>')
            if good and not dates:
                dates.append(_when(str(good.get("rendered_at", ""))))
            more = _files(entry)
            if more:
                files.append(f"<div><b>{escape(t(f'lang.{lang}', lang))}</b>: "
                             f"{' · '.join(more)}</div>")
        css = ' class="failed"' if failed_any else ""
        detail = (f"<details><summary>{_both('index.col_links')}</summary>{''.join(files)}"
                  "</details>") if files else ""
        rows.append(f"<tr{css}><td>{''.join(titles)}</td><td>{' · '.join(reads) or '–'}</td>"
                    f"<td>{''.join(dates) or '–'}</td>"
                    f"<td>{''.join(statuses) or _both('index.status_ok')}{detail}</td></tr>")
    return "\n".join(rows)


def _pct(value, lang: str, digits: int = 1) -> str:
    from hpresearch.i18n import format_percent

    return format_percent(float(value), lang, digits)


def _money(value, lang: str) -> str:
    from hpresearch.i18n import format_number, money_digits

    try:
        v = float(value)
    except (TypeError, ValueError):
        return "–"
    return "–" if v != v else format_number(v, lang, money_digits(v, 1))


def _short(title: str) -> str:
    """A scenario's title before its dash (``Trend - recent growth …`` -> ``Trend``)."""
    from hpresearch.i18n import headline

    return headline(title) or title


def _answer_table(summary, boundary: str, lang: str) -> str:
    from types import SimpleNamespace

    from hpresearch.i18n import Localizer
    from hpresearch.report.narrative import target_text

    rows = summary[summary["boundary"] == boundary]
    if rows.empty:
        return ""
    first = rows.iloc[0]
    official = target_text(Localizer(lang), SimpleNamespace(
        value=float(first["official_target"]),
        qualifier=str(first.get("official_target_qualifier") or "")))
    heads = [t("index.ans_scenario", lang), t("index.ans_share", lang, year=int(first["year"])),
             t("index.ans_p_official", lang, target=official),
             t("index.ans_p_goal", lang, goal=_pct(first["goal40"], lang)),
             t("index.ans_required", lang), t("index.ans_required_p80", lang)]
    body = []
    for _, r in rows.iterrows():
        share = (f"{_pct(r['share_median'], lang)} ({_pct(r['share_p10'], lang)}–"
                 f"{_pct(r['share_p90'], lang)})")
        required = [_money(r[f"required_{k}"], lang)
                    + (FAST_MARK if str(r.get(f"required_{k}_status")) == "too_fast" else "")
                    for k in ("median", "p80")]
        cells = [_short(str(r[f"title_{lang}"])), share, _pct(r["p_official_target"], lang, 0),
                 _pct(r["p_goal40"], lang, 0), *required]
        # data-label: below 600 px each row is a card that names every figure (CSS)
        body.append("<tr>" + "".join(f'<td data-label="{escape(h, quote=True)}">{escape(c)}</td>'
                                     for h, c in zip(heads, cells)) + "</tr>")
    head = "".join(f"<th>{escape(h)}</th>" for h in heads)
    return (f'<div class="wrap"><table class="cards" lang="{lang}"><thead><tr>{head}</tr>'
            f"</thead><tbody>{''.join(body)}</tbody></table></div>" + _basis_note(rows, lang)
            + _fast_note(rows, lang))


def _basis_note(rows, lang: str) -> str:
    """What the table's probabilities rest on (the summary's ``probability_basis_text``) and
    the outside view beside them (``p_official_outside``, ``p_goal40_outside``)."""
    col = "probability_basis_text" + ("_vi" if lang == "vi" else "")
    if col not in rows.columns:
        return ""
    texts = sorted(set(rows[col].astype(str)))
    out = "".join(f'<p class="note">{escape(t("ans.basis", lang, basis=x))}</p>' for x in texts)
    if {"p_official_outside", "p_goal40_outside"} <= set(rows.columns):
        first = rows.iloc[0]  # the outside view does not depend on the scenario
        out += ('<p class="note">' + escape(t(
            "index.outside_note", lang, p=_pct(first["p_official_outside"], lang, 0),
            p_goal=_pct(first["p_goal40_outside"], lang, 0))) + "</p>")
    return out


#: Marks a requirement that would raise the share faster than the pace limit.
FAST_MARK = "*"


def _fast_note(rows, lang: str) -> str:
    """The footnote of :data:`FAST_MARK`: the scenario report's too-fast sentence
    (``ans.req_too_fast``) with the lowest and highest credible share of the table."""
    from hpresearch.i18n import format_points

    need = {"required_median_status", "required_p80_status", "credible_share", "pace_limit"}
    if not need <= set(rows.columns):
        return ""
    fast = rows[(rows["required_median_status"] == "too_fast")
                | (rows["required_p80_status"] == "too_fast")]
    if fast.empty:
        return ""
    lo = _pct(float(fast["credible_share"].min()), lang)
    hi = _pct(float(fast["credible_share"].max()), lang)
    text = t("ans.req_too_fast", lang, which=t("index.fast_which", lang, mark=FAST_MARK),
             limit=format_points(float(fast["pace_limit"].iloc[0]), lang, 1),
             year=int(fast["year"].iloc[0]),
             credible=lo if lo == hi else t("index.fast_range", lang, low=lo, high=hi))
    return f'<p class="note">{escape(text)}.</p>'


def answer_lead(rows, lang: str) -> str:
    """The verdict across the scenarios of one boundary, from ``summary.csv`` columns only.

    How many scenarios reach the official target at a credible pace (median requirement
    ``solved`` or ``already_reached``); if none, the most any reaches at that pace
    (``credible_share``); the highest probability of the target with its basis; the range
    of the median requirement's multiple of the record year of registered FDI.
    """
    from types import SimpleNamespace

    from hpresearch.i18n import Localizer, has
    from hpresearch.report.narrative import REACHABLE, join, target_text

    L = Localizer(lang)
    first = rows.iloc[0]
    target = target_text(L, SimpleNamespace(
        value=float(first["official_target"]),
        qualifier=str(first.get("official_target_qualifier") or "")))
    title = f"title_{lang}"
    p = rows["p_official_target"].astype(float)
    top = rows.loc[p.idxmax()]
    key = f"ans.card_basis.{top.get('probability_basis', '')}"
    basis = (t(key, lang) if has(key) else
             str(top.get("probability_basis_text" + ("_vi" if lang == "vi" else ""), "–")))
    x = (rows["required_median_x_record"].astype(float).dropna()
         if "required_median_x_record" in rows.columns else ())
    x_clause = ""
    if len(x):
        lo, hi = L.number(x.min(), 1), L.number(x.max(), 1)
        x_clause = t("verdict.index_x", lang,
                     x=lo if lo == hi else t("verdict.range", lang, low=lo, high=hi))
    common = {"n": len(rows), "target": target, "year": int(first["year"]),
              "p": _pct(p.max(), lang, 0), "basis": basis[:1].lower() + basis[1:],
              "x_clause": x_clause}
    ok = rows[rows["required_median_status"].isin(REACHABLE)]
    if len(ok):
        return t("verdict.index_some", lang, k=len(ok),
                 names=join([_short(str(v)) for v in ok[title]], L), **common)
    credible = rows["credible_share"].astype(float)
    best = rows.loc[credible.idxmax()]
    return t("verdict.index_none_one" if len(rows) == 1 else "verdict.index_none", lang,
             credible=_pct(best["credible_share"], lang),
             best=_short(str(best[title])), **common)


def _answer_box(summary, charts: dict, explorer: bool = False) -> str:
    if summary is None or summary.empty:
        return ""
    parts = [f"<section class=\"answer\"><h2>{_both('index.answer_title')}</h2>"]
    for lang in ("vi", "en"):
        cls = ' class="en"' if lang == "en" else ""
        merged = summary[summary["boundary"] == "merged"]
        parts.append(f'<div lang="{lang}"{cls}>')
        if not merged.empty:
            parts.append("<p class=\"lead\">" + escape(answer_lead(merged, lang)) + "</p>")
        parts.append(_answer_table(summary, "merged", lang))
        if lang in charts:
            alt = t("index.chart_alt", lang, n=len(merged))
            parts.append(f'<img class="chart" src="{escape(charts[lang], quote=True)}" '
                         f'alt="{escape(alt)}">')
        reference = _answer_table(summary, "pre_merger", lang)
        if reference:
            parts.append(f"<details><summary>{escape(t('index.reference', lang))}</summary>"
                         f"{reference}</details>")
        parts.append(f"<p class=\"note\">{escape(t('index.answer_note', lang))}</p></div>")
    explore = ""
    if explorer:  # the single-file explorer, linked with its label in both languages
        explore = " · " + "".join(
            f'<span lang="{lang}"{cls}>{_link("explorer.html", t("index.explorer", lang))}'
            "</span>" for lang, cls in (("vi", ""), ("en", ' class="en"')))
    parts.append("<p>" + _link("summary.csv", "summary.csv") + " · "
                 + _link("summary.xlsx", "summary.xlsx") + explore + "</p></section>")
    return "".join(parts)


def render_index(entries: list[dict], summary=None, charts: dict | None = None,
                 explorer: bool = False) -> str:
    """Return the index HTML: the answer across scenarios, then the reports 00 … 04.

    Parameters
    ----------
    entries : list of dict
        From :func:`collect`.
    summary : DataFrame, optional
        ``summary.csv`` (:mod:`hpresearch.render.summary`); without it no answer box.
    charts : dict, optional
        ``{lang: relative path}`` of the answer chart per language.
    explorer : bool
        Link ``explorer.html`` (the single-file explorer) beside the summary files.
    """
    body = _report_rows(entries) or (f'<tr><td colspan="4">{_both("index.empty")}</td></tr>')
    heads = ("index.col_title", "index.col_read", "index.col_date", "index.col_status")
    head = "".join(f"<th>{_both(k)}</th>" for k in heads)
    title = f"{t('index.title', 'vi')} · {t('index.title', 'en')}"
    return f"""<!DOCTYPE html>
<html lang="vi"><head><meta charset="utf-8">
<meta name="generator" content="hpresearch">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{escape(title)}</title>
<style>
body {{ font-family: system-ui, sans-serif; margin: 1.5em auto; max-width: 70em;
        padding: 0 1em; color: #222; line-height: 1.4; }}
h1 {{ font-size: 1.6em; }} h2 {{ font-size: 1.25em; margin-top: 1.5em; }}
table {{ border-collapse: collapse; width: 100%; }}
th, td {{ border-bottom: 1px solid #ddd; padding: .4em .5em; text-align: left;
          vertical-align: top; }}
.wrap {{ overflow-x: auto; max-width: 100%; }}
.en {{ display: block; color: #555; font-size: .92em; }}
span.en {{ display: block; }}
tr.failed td {{ background: #fdecec; }}
.answer {{ background: #f3f6fa; border-left: 4px solid #1b6ca8; padding: .5em 1em 1em; }}
.answer div.en {{ margin-top: 1.5em; }}
.lead {{ font-size: 1.1em; font-weight: 600; }}
.note {{ color: #555; font-size: .9em; }}
img {{ max-width: 100%; height: auto; }}
details summary {{ cursor: pointer; color: #1b6ca8; }}
.wrap table {{ min-width: 36em; }}
details div {{ overflow-wrap: anywhere; }}
@media print {{ details {{ display: none; }} .answer {{ break-inside: avoid; }} }}
/* Below 600 px a wide table is a list of cards: no column scrolls out of sight. The answer
   table names each figure (data-label); the report list shows title, status and links. */
@media (max-width: 600px) {{
  .wrap table {{ min-width: 0; }}
  table.cards thead, table.reports thead {{ display: none; }}
  table.cards tr, table.reports tr {{ display: block; border-bottom: 1px solid #ccd;
    padding: .4em 0; }}
  table.cards td, table.reports td {{ display: block; border: 0; padding: .15em .3em; }}
  table.cards td:first-child {{ font-weight: 600; font-size: 1.05em; }}
  table.cards td[data-label]:not(:first-child)::before {{ content: attr(data-label) ": ";
    display: block; color: #555; font-size: .85em; }}
  .answer img.chart {{ display: none; }}  /* unreadable at phone width; the cards hold it */
}}
</style></head>
<body>
<h1>{escape(title)}</h1>
<p><span lang="vi">{escape(t('index.question', 'vi'))}</span>
<span class="en" lang="en">{escape(t('index.question', 'en'))}</span></p>
{_answer_box(summary, charts or {}, explorer)}
<h2>{_both('index.reports_title')}</h2>
<div class="wrap"><table class="reports">
<thead><tr>{head}</tr></thead>
<tbody>
{body}
</tbody></table></div>
<p class="note"><span lang="vi">{escape(t('index.intro', 'vi'))}</span>
<span class="en" lang="en">{escape(t('index.intro', 'en'))}</span></p>
</body></html>
"""


#: Columns the index's answer box reads from ``summary.csv``, and which of them are numbers.
_SUMMARY_TEXT = ("scenario", "title_en", "title_vi", "boundary", "required_median_status")
_SUMMARY_NUMBERS = ("year", "share_median", "share_p10", "share_p90", "official_target",
                    "p_official_target", "goal40", "p_goal40", "required_median",
                    "required_p80", "credible_share", "pace_limit")


def read_summary(out_dir: Path, record: dict | None = None):
    """``summary.csv`` as a data frame, or ``(None, reason)``: read only while it is the file
    hpresearch wrote (a copy re-saved by a spreadsheet is the user's) and has the documented
    columns, numbers and boundaries.

    Returns
    -------
    tuple
        ``(DataFrame or None, reason or None)``.
    """
    import pandas as pd

    from hpresearch.data.vocabulary import BOUNDARIES

    out_dir = Path(out_dir)
    if not (out_dir / "summary.csv").exists():
        return None, None
    if not ownership.owns(out_dir, "summary.csv", record):
        return None, "not the file hpresearch wrote (changed since, or not in its record)"
    try:
        frame = pd.read_csv(out_dir / "summary.csv", encoding="utf-8-sig",
                            keep_default_na=True, dtype={c: str for c in _SUMMARY_TEXT})
    except (OSError, ValueError, pd.errors.ParserError) as err:
        return None, f"cannot be read ({type(err).__name__})"
    missing = [c for c in _SUMMARY_TEXT + _SUMMARY_NUMBERS if c not in frame.columns]
    if missing:
        return None, f"lacks the column {missing[0]!r}"
    for col in _SUMMARY_NUMBERS:
        if not pd.api.types.is_numeric_dtype(frame[col]):
            return None, f"column {col!r} holds text where numbers belong"
    if frame.empty:
        return None, "has no rows"
    if not frame["boundary"].isin(list(BOUNDARIES)).all():
        return None, "has a row whose boundary is not one of " + ", ".join(BOUNDARIES)
    return frame, None


def write_index(out_dir: Path, stream=None) -> Path | None:
    """Rebuild ``out_dir/index.html`` from the reports on disk; return its path, or None
    when a foreign ``index.html`` holds the name (left alone). A ``summary.csv`` that
    :func:`read_summary` refuses is left out of the index, with one line on ``stream``."""
    out_dir = Path(out_dir)
    record = ownership.load(out_dir)
    summary, reason = read_summary(out_dir, record)
    if reason is not None and stream is not None:
        print(f"index: summary.csv left out: {reason}", file=stream)
    charts = {}
    if summary is not None:
        charts = {lang: f"summary.{lang}.png" for lang in ("vi", "en")
                  if ownership.owns(out_dir, f"summary.{lang}.png", record)}
    explorer = ownership.owns(out_dir, "explorer.html", record)
    return ownership.write_file(out_dir, "index.html",
                                render_index(collect(out_dir), summary, charts,
                                             explorer).encode("utf-8"))
