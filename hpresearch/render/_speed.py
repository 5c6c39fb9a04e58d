"""Start-up speed of the renderer processes.

``nbformat`` imports ``jsonschema``, whose optional ``rfc3987_syntax`` format checker builds
a Lark grammar at import time (about a second). Report notebooks never use the ``iri``
formats it checks, and jsonschema imports it inside ``suppress(ImportError)``, so the
renderer marks it unavailable before nbformat is imported. Only this process is affected.
"""
from __future__ import annotations

import sys


def skip_slow_optional_imports() -> None:
    """Mark ``rfc3987_syntax`` as unavailable unless something already imported it."""
    if "jsonschema" not in sys.modules:
        sys.modules.setdefault("rfc3987_syntax", None)


def preload_exporters() -> None:
    """Import and build what exporting a report needs (nbconvert templates, openpyxl)."""
    import nbformat
    import openpyxl  # noqa: F401
    import papermill  # noqa: F401
    from nbformat.v4 import new_code_cell, new_notebook, new_output

    from hpresearch.render import export, html  # noqa: F401 - imports pandas

    nb = new_notebook(cells=[new_code_cell("", outputs=[new_output(
        "display_data", data={"text/html": "<p>warm-up</p>"})])])
    html.to_html(nbformat.from_dict(nb), "warm-up", "en")  # compiles the templates
