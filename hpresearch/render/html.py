"""Code-free HTML export of an executed report notebook (nbconvert).

Policymakers read reports without code: inputs and prompts are excluded, images are
embedded, stderr streams (warnings meant for researchers) are dropped, and the private
mime types used to recover tables are removed. The ``<html>`` element carries the report
language, and every image its alt text: the ``alt`` that
:func:`hpresearch.report.display.figure` puts in the output's ``metadata["image/png"]``
(nbconvert's own templates write none, and would fill in "No description has been
provided for this image").
"""
from __future__ import annotations

import copy
import re
from functools import lru_cache

from hpresearch.report.display import CUSTOM_MIMES


#: The lab template with the PNG block writing ``alt`` from the output's metadata.
_TEMPLATE_NAME = "hpresearch_report.html.j2"
_TEMPLATE = """{%- extends 'index.html.j2' -%}
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
                data = {k: v for k, v in output.get("data", {}).items() if k not in CUSTOM_MIMES}
                if not data:
                    continue
                output["data"] = data
            kept.append(output)
        cell.outputs = kept
    nb.cells = [c for c in nb.cells if c.cell_type != "code" or c.outputs]
    return nb


def to_html(nb, title: str, lang: str) -> str:
    """Return the code-free HTML document of an executed notebook."""
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
    return body
