"""Recover what a report notebook published: tables, provenance, title.

Report notebooks display tables through :func:`hpresearch.report.display.table`, which
attaches the raw values under a private mime type. These functions read them back from the
executed notebook and write them as CSV (one file per table, UTF-8, ``.`` decimal point)
and XLSX (one sheet per table plus a provenance sheet).

Cells are escaped for the medium (OWASP CSV injection): in CSV a text cell starting with
``= + - @``, tab or carriage return gets a leading ``'``; in XLSX every text cell is stored
as text, never as a formula, and characters XML cannot hold are shown as escapes.
"""
from __future__ import annotations

import io
import json

import pandas as pd

from hpresearch.report.display import META_MIME, PROVENANCE_MIME, TABLE_MIME
from hpresearch.textsafe import csv_frame, for_terminal_lines, text_cells


def _outputs(nb):
    for cell in nb.get("cells", []):
        if cell.get("cell_type") != "code":
            continue
        for output in cell.get("outputs", []):
            if output.get("output_type") in ("display_data", "execute_result"):
                yield output.get("data", {})


def _as_dict(value):
    return json.loads(value) if isinstance(value, str) else value


def extract_tables(nb) -> dict[str, pd.DataFrame]:
    """Return ``{name: DataFrame}`` of every exported table, in display order."""
    tables: dict[str, pd.DataFrame] = {}
    for data in _outputs(nb):
        if TABLE_MIME in data:
            payload = _as_dict(data[TABLE_MIME])
            name = payload["name"]
            frame = pd.DataFrame(payload["data"], columns=payload["columns"])
            if name in tables:  # keep every table even if a notebook reuses a name
                name = f"{name}_{len(tables)}"
            tables[name] = frame
    return tables


def extract_one(nb, mime: str) -> dict | None:
    """Return the last payload published under ``mime``, if any."""
    found = None
    for data in _outputs(nb):
        if mime in data:
            found = _as_dict(data[mime])
    return found


def extract_meta(nb) -> dict | None:
    """Return the report header metadata (title, lang, scenario, boundary, basis)."""
    return extract_one(nb, META_MIME)


def extract_provenance(nb) -> dict | None:
    """Return the provenance record published by the report."""
    return extract_one(nb, PROVENANCE_MIME)


def csv_bytes(frame: pd.DataFrame) -> bytes:
    """Return a table as UTF-8 CSV bytes (with BOM so spreadsheet programs read Vietnamese).

    Formula-like text cells (``=…``, ``+…``, ``-…``, ``@…``) are prefixed with ``'``;
    control characters are shown as escapes (``\\x1b``).
    """
    safe = csv_frame(frame)
    return safe.to_csv(index=False, lineterminator="\n").encode("utf-8-sig")


def _xlsx_text(value: str) -> str:
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    if ILLEGAL_CHARACTERS_RE.search(value):
        value = for_terminal_lines(value)
    return value


def _cells_as_text(workbook) -> None:
    """Store every string cell as text: openpyxl would make ``=…`` a live formula."""
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if cell.data_type == "f":
                    cell.data_type = "s"


def _sheet_name(name: str, used: set[str]) -> str:
    base = name[:31]
    candidate, i = base, 1
    while candidate in used:
        suffix = f"_{i}"
        candidate, i = base[: 31 - len(suffix)] + suffix, i + 1
    used.add(candidate)
    return candidate


def xlsx_bytes(tables: dict[str, pd.DataFrame], provenance: dict | None = None) -> bytes:
    """Return an XLSX workbook (openpyxl) with one sheet per table and a provenance sheet."""
    buf = io.BytesIO()
    used: set[str] = set()
    with pd.ExcelWriter(buf, engine="openpyxl") as writer:
        for name, frame in tables.items():
            text_cells(frame, _xlsx_text).to_excel(
                writer, sheet_name=_sheet_name(name, used), index=False)
        if provenance is not None or not tables:
            flat = _flatten(provenance or {})
            text_cells(pd.DataFrame(flat, columns=["key", "value"]), _xlsx_text).to_excel(
                writer, sheet_name=_sheet_name("provenance", used), index=False)
        _cells_as_text(writer.book)
    return buf.getvalue()


def _flatten(record: dict, prefix: str = "") -> list[tuple[str, str]]:
    rows = []
    for key, value in record.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            rows.extend(_flatten(value, name + "."))
        elif isinstance(value, list):
            rows.append((name, json.dumps(value, ensure_ascii=False, default=str)))
        else:
            rows.append((name, "" if value is None else str(value)))
    return rows
