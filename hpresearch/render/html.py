"""Code-free HTML export of an executed report notebook (nbconvert).

Policymakers read reports without code: inputs and prompts are excluded, images are
embedded, stderr streams (warnings meant for researchers) are dropped, and the private
mime types used to recover tables are removed. The ``<html>`` element carries the report
language, and every image its alt text: the ``alt`` that
:func:`hpresearch.report.display.figure` puts in the output's ``metadata["image/png"]``
(nbconvert's own templates write none, and would fill in "No description has been
provided for this image").

A report is self-contained: nbconvert's stylesheets are inlined, images embedded, and the
scripts its lab template loads from cdnjs (require.js, MathJax, Mermaid, the widget
manager) are left out of the template, so a page opens offline and fetches nothing.

Every report also gets :data:`REPORT_CSS` (phone and A4 print layout) and, from the
renderer, a top bar linking back to the reports index and to the same report in the other
language (:func:`nav_bar`).
"""
from __future__ import annotations

import copy
import re
from functools import lru_cache
from html import escape

from hpresearch.report.display import CUSTOM_MIMES


#: The lab template with the PNG block writing ``alt`` from the output's metadata, and
#: without the scripts nbconvert loads from a CDN (require.js, MathJax, Mermaid, the widget
#: manager): a report opens offline and fetches nothing. No report shows math, diagrams or
#: widgets; nbconvert's stylesheets are inlined (``<style>``) and use only ``data:`` URLs.
_TEMPLATE_NAME = "hpresearch_report.html.j2"
_TEMPLATE = """{%- extends 'index.html.j2' -%}
{% block html_head_js %}{% endblock html_head_js %}
{% block jupyter_widgets %}{% endblock jupyter_widgets %}
{% block html_head_js_mathjax %}{% endblock html_head_js_mathjax %}
{% block html_head_js_mermaidjs %}{% endblock html_head_js_mermaidjs %}
{% block data_png scoped %}
{%- set alt = output | get_metadata('alt', 'image/png') -%}
{%- if alt %}
<div class="jp-RenderedImage jp-OutputArea-output {{ extra_class }}">
<img src="data:image/png;base64,{{ output.data['image/png'] | escape_html }}"
 alt="{{ alt | escape_html }}">
</div>
{%- else %}
{{ super() }}
{%- endif %}
{%- endblock data_png %}
"""


#: Layout for phones (no page wider than the screen: wide tables scroll inside their own
#: box, images shrink, headline cards wrap) and for printing on A4 (headings kept with what
#: follows, figures and table rows never split, no scrollbars, no top bar, closed
#: ``<details>`` left out).
REPORT_CSS = """
html { -webkit-text-size-adjust: 100%; }
body.jp-Notebook { max-width: 100%; overflow-wrap: break-word; }
/* the verdict each page opens with: the sentence a reader quotes */
p.hp-answer { font-weight: 600; font-size: 1.05em; border-left: 4px solid #1b6ca8;
  padding: .3em 0 .3em .8em; background: #f3f6fa; }
.hp-nav { display: flex; flex-wrap: wrap; gap: .4em 1.5em; justify-content: space-between;
  align-items: baseline; padding: .55em var(--jp-notebook-padding, 10px);
  border-bottom: 1px solid #d0d7de; background: #f6f8fa;
  font-family: var(--jp-content-font-family, system-ui, sans-serif); font-size: 15px; }
.hp-nav a { color: #0b5394; text-decoration: none; }
.hp-nav a:hover, .hp-nav a:focus { text-decoration: underline; }
.jp-RenderedHTMLCommon img, .jp-RenderedImage img { max-width: 100%; height: auto; }
.jp-OutputArea-output { max-width: 100%; min-width: 0; box-sizing: border-box; }
.hp-table-wrap { max-width: 100%; overflow-x: auto; -webkit-overflow-scrolling: touch;
  margin-bottom: 1em;
  /* a table wider than the screen shows a shadow on the side that scrolls (the cue that
     more columns follow); the white covers fade it when the edge is reached */
  background: linear-gradient(to right, #fff 30%, rgba(255,255,255,0)) left / 2em 100%,
    linear-gradient(to left, #fff 30%, rgba(255,255,255,0)) right / 2em 100%,
    radial-gradient(farthest-side at 0 50%, rgba(0,0,0,.25), rgba(0,0,0,0)) left / .9em 100%,
    radial-gradient(farthest-side at 100% 50%, rgba(0,0,0,.25), rgba(0,0,0,0)) right / .9em 100%;
  background-repeat: no-repeat; background-attachment: local, local, scroll, scroll; }
.hp-table-wrap > table.hp-table { margin-bottom: .2em; }
.jp-RenderedHTMLCommon table.hp-table { table-layout: auto; }
/* cells wrap between words only, never "Số dự bá o" (links may break anywhere) */
table.hp-table th, table.hp-table td { word-break: normal; overflow-wrap: normal;
  hyphens: manual; white-space: normal; }
table.hp-table td a { word-break: break-all; }
.jp-RenderedHTMLCommon table.hp-provenance td { text-align: left; }
.jp-RenderedHTMLCommon table.hp-provenance td:first-child { min-width: 9em; }
table.hp-provenance code { white-space: normal; overflow-wrap: break-word; }
.hp-cards { display: flex; flex-wrap: wrap; }
.hp-card { box-sizing: border-box; max-width: 100%; min-width: 0; }
details.hp-details { margin: .3em 0 1em; }
details.hp-details > summary { cursor: pointer; color: #0b5394; font-weight: 500; }
.hp-print-only { display: none; }
@media (max-width: 600px) {
  .jp-Notebook { padding: 6px; }
  .jp-RenderedHTMLCommon h1 { font-size: 1.5em; }
  /* text columns stay readable (the table scrolls sideways instead) */
  table.hp-table td[style*="text-align:left"] { min-width: 8em; }
  /* provenance: each label above its value */
  table.hp-provenance, table.hp-provenance tbody, table.hp-provenance tr,
  table.hp-provenance td { display: block; width: auto; }
  .jp-RenderedHTMLCommon table.hp-provenance td { padding: .15em .4em; }
  .jp-RenderedHTMLCommon table.hp-provenance td:first-child { padding-top: .5em;
    font-weight: 600; min-width: 0; }
}
@page { size: A4; margin: 15mm; }
@media print {
  .hp-nav { display: none; }
  body.jp-Notebook, .jp-Notebook { padding: 0; margin: 0; }
  .jp-RenderedHTMLCommon { font-size: 10pt; line-height: 1.35; }
  .jp-RenderedHTMLCommon h1 { font-size: 17pt; }
  .jp-RenderedHTMLCommon h2 { font-size: 13pt; margin-top: 10pt; }
  .jp-RenderedHTMLCommon h3, .jp-RenderedHTMLCommon h4 { font-size: 11pt; }
  h1, h2, h3, h4, caption, summary { break-after: avoid; page-break-after: avoid;
    break-inside: avoid; }
  /* plain blocks (JupyterLab's flex, table and scroll boxes cannot be split or kept together) */
  .jp-Cell-outputWrapper, .jp-OutputArea, .jp-OutputArea-child, .jp-OutputArea-output {
    display: block; width: auto; overflow: visible !important; }
  .jp-Cell { padding: 0; }
  .jp-OutputArea-child { break-inside: auto; }
  .jp-OutputArea-child:has(h1, h2, h3, h4) { break-after: avoid; page-break-after: avoid; }
  .jp-RenderedImage, img, .hp-cards, .hp-card { break-inside: avoid; page-break-inside: avoid; }
  .jp-RenderedImage img { max-height: 100mm; width: auto; }
  .hp-table-wrap, .jp-OutputArea-output, .jp-RenderedHTMLCommon { overflow: visible !important; }
  .hp-table-wrap { background: none; }
  table.hp-table { width: 100%; font-size: 8pt; }
  .jp-RenderedHTMLCommon table.hp-table td, .jp-RenderedHTMLCommon table.hp-table th {
    padding: 1.5pt 3pt; }
  /* fit the page width: cells wrap between words only (links anywhere), wide tables get
     smaller type instead of broken words */
  table.hp-table td, table.hp-table th { word-break: normal; overflow-wrap: normal;
    hyphens: manual; }
  table.hp-table:has(th:nth-child(8)) { font-size: 7pt; }
  table.hp-table:has(th:nth-child(12)) { font-size: 6pt; }
  table.hp-provenance td:first-child { width: 35%; overflow-wrap: break-word; }
  thead { display: table-header-group; }
  .hp-table-wrap { break-inside: avoid; }  /* shown tables are short; longer ones still split */
  .hp-table-wrap:has(.hp-provenance) { break-inside: auto; }
  tr, td, th { break-inside: avoid; page-break-inside: avoid; }
  details:not([open]) > :not(summary) { display: none; }
  details > summary { list-style: none; color: inherit; }
  details > summary::-webkit-details-marker { display: none; }
  .hp-print-only { display: inline; }
  a { color: inherit; text-decoration: underline; }
}
"""


def nav_bar(lang: str, twin: str | None = None) -> str:
    """The top bar of a report: back to ``../index.html``; to ``../<twin>/<twin>.html``.

    ``twin`` is the stem of the same report in the other language (``...vi``/``...en``);
    without it, only the index link is written.
    """
    from hpresearch.i18n import t

    links = [f'<a class="hp-nav-index" href="../index.html">{escape(t("nav.index", lang))}</a>']
    if twin:
        other = twin.rsplit(".", 1)[-1]
        if other not in ("vi", "en") or not re.fullmatch(r"[A-Za-z0-9_.-]+", twin):
            raise ValueError(f"twin {twin!r} is not a report stem ending in .vi or .en")
        href = escape(f"../{twin}/{twin}.html", quote=True)
        links.append(f'<a class="hp-nav-twin" href="{href}" hreflang="{other}" lang="{other}">'
                     f'{escape(t("nav.other_language", lang))}</a>')
    label = escape(t("nav.label", lang), quote=True)
    return f'<nav class="hp-nav" aria-label="{label}">{"".join(links)}</nav>'


@lru_cache(maxsize=1)
def _exporter():
    from jinja2 import DictLoader
    from nbconvert import HTMLExporter

    return HTMLExporter(exclude_input=True, exclude_input_prompt=True,
                        exclude_output_prompt=True, embed_images=True,
                        extra_loaders=[DictLoader({_TEMPLATE_NAME: _TEMPLATE})],
                        template_file=_TEMPLATE_NAME)


def strip_for_readers(nb):
    """Return a copy of ``nb`` with code, stderr and private payloads removed."""
    nb = copy.deepcopy(nb)
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        cell.source = ""
        kept = []
        for output in cell.get("outputs", []):
            kind = output.get("output_type")
            if kind == "stream" and output.get("name") == "stderr":
                continue
            if kind in ("display_data", "execute_result"):
                data = {k: v for k, v in output.get("data", {}).items()
                        if k not in CUSTOM_MIMES and v != ""}  # "": an empty table
                if not data:
                    continue
                output["data"] = data
            kept.append(output)
        cell.outputs = kept
    nb.cells = [c for c in nb.cells if c.cell_type != "code" or c.outputs]
    return nb


def to_html(nb, title: str, lang: str, nav: bool = False, twin: str | None = None) -> str:
    """Return the code-free HTML document of an executed notebook.

    With ``nav``, the page starts with :func:`nav_bar` (links to the index and, given
    ``twin``, to the other-language report); the renderer places reports in
    ``<out>/<stem>/<stem>.html`` beside ``<out>/index.html``.
    """
    body, _resources = _exporter().from_notebook_node(
        strip_for_readers(nb), resources={"metadata": {"name": title}})
    head, sep, rest = body.partition(">")
    if head.lower().startswith("<!doctype"):
        head2, sep2, rest = rest.partition(">")
        head, sep = head + sep + head2, sep2
    if "<html" in head:
        head = re.sub(r'\s+lang="[^"]*"', "", head)
        head = head.replace("<html", f'<html lang="{lang}"', 1)
    body = head + sep + rest
    end = body.find("</head>")
    if end < 0:
        raise ValueError("nbconvert wrote no </head>: cannot add the report style")
    head, rest = body[:end], body[end:]
    if nav:  # the first <body> after the head
        rest = re.sub(r"(<body\b[^>]*>)", lambda m: m.group(1) + "\n" + nav_bar(lang, twin),
                      rest, count=1)
    return head + f'<style id="hp-report-css">{REPORT_CSS}</style>\n' + rest
