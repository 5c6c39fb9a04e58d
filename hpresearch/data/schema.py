"""Data description of the observation files: pandera schema and Frictionless descriptor.

Both are generated from :mod:`hpresearch.data.vocabulary`, so the documentation of every
column, unit and allowed value cannot drift from what the loader accepts.

- :func:`observation_schema` returns the :class:`pandera.DataFrameSchema` that
  :func:`hpresearch.data.load.load_observations` applies to the typed table.
- :func:`datapackage` returns the Frictionless data-package descriptor (a dict);
  ``data/datapackage.json`` is this dict written by :func:`write_datapackage`
  (``python -m hpresearch.data.schema`` regenerates it) and a test checks it is current.
"""
from __future__ import annotations

import json
import re
from pathlib import Path

from hpresearch.data import vocabulary as voc

#: Regular expressions of the text columns.
OBS_ID_PATTERN = r"^[a-z0-9][a-z0-9_.\-]*$"
PERIOD_PATTERN = r"^\d{4}(-(\d{4}|H[12]|Q[1-4]|\d{1,2}M|\d{2}))?$"
PUBLISHED_PATTERN = r"^(\d{4}(-\d{2}(-\d{2})?)?)?$"
URL_PATTERN = r"^https?://\S+$"

#: Indicators whose ``percent`` values are rates of change (may be negative or above 100).
def is_rate(indicator: str) -> bool:
    """Return True when a percent value of ``indicator`` is a rate, not a share of a whole.

    Rates (growth, inflation, changes, ratios to a plan "_vs_") may be negative or exceed
    100; shares, fractions and
    share targets must lie within 0..100.
    """
    return any(k in indicator for k in ("growth", "inflation", "change", "_vs_"))


def observation_schema():
    """Return the pandera schema of the typed observation table.

    Returns
    -------
    pandera.DataFrameSchema
        Column types, allowed values (from the vocabulary), patterns, the year range, and
        dataframe-level checks: units allowed per indicator, shares within 0..100,
        unique ``obs_id``.
    """
    import pandera.pandas as pa

    def isin(values):
        return pa.Check.isin(sorted(values))

    cols = {
        "obs_id": pa.Column(str, [pa.Check.str_matches(OBS_ID_PATTERN)], unique=True),
        "indicator": pa.Column(str, isin(voc.INDICATORS)),
        "geography": pa.Column(str, isin(voc.GEOGRAPHIES)),
        "period": pa.Column(str, pa.Check.str_matches(PERIOD_PATTERN)),
        "year": pa.Column(int, pa.Check.in_range(voc.YEAR_MIN, voc.YEAR_MAX)),
        "period_type": pa.Column(str, isin(voc.PERIOD_TYPES)),
        "value": pa.Column(float, pa.Check(lambda s: s.notna() & (s.abs() < float("inf")),
                                           element_wise=False, name="finite")),
        "qualifier": pa.Column(str, isin(voc.QUALIFIERS)),
        "unit": pa.Column(str, isin(voc.UNITS)),
        "basis": pa.Column(str, isin(voc.BASES)),
        "price_basis": pa.Column(str, isin(voc.PRICE_BASES)),
        "source_url": pa.Column(str, pa.Check.str_matches(URL_PATTERN)),
        "publisher": pa.Column(str, pa.Check.str_length(min_value=1)),
        "published": pa.Column(str, pa.Check.str_matches(PUBLISHED_PATTERN)),
        "quote": pa.Column(str),
        "quote_kind": pa.Column(str, pa.Check.isin([""] + sorted(voc.QUOTE_KINDS))),
        "note_en": pa.Column(str),
        "confidence": pa.Column(str, isin(voc.CONFIDENCE)),
    }

    def unit_allowed(df):
        return df.apply(lambda r: r["unit"] in voc.INDICATORS[r["indicator"]].units
                        if r["indicator"] in voc.INDICATORS else False, axis=1)

    def share_in_range(df):
        share = (df["unit"].isin(voc.SHARE_UNITS)
                 & ~df["indicator"].map(is_rate).astype(bool))
        return ~share | df["value"].between(0, 100)

    return pa.DataFrameSchema(
        cols,
        checks=[pa.Check(unit_allowed, name="unit_allowed_for_indicator"),
                pa.Check(share_in_range, name="share_within_0_100")],
        strict=False,
        ordered=False,
        name="hpresearch observations",
    )


def _field(name: str) -> dict:
    desc = voc.COLUMN_DESCRIPTIONS[name]
    field: dict = {"name": name, "description": desc, "type": "string"}
    cons: dict = {}
    enums = {
        "indicator": voc.INDICATORS, "geography": voc.GEOGRAPHIES,
        "period_type": voc.PERIOD_TYPES, "qualifier": voc.QUALIFIERS, "unit": voc.UNITS,
        "basis": voc.BASES, "price_basis": voc.PRICE_BASES, "confidence": voc.CONFIDENCE,
        "quote_kind": voc.QUOTE_KINDS,
    }
    if name in enums:
        cons["enum"] = list(enums[name])
    if name == "obs_id":
        cons.update(required=True, unique=True, pattern=OBS_ID_PATTERN)
    elif name == "year":
        field["type"] = "integer"
        cons.update(required=True, minimum=voc.YEAR_MIN, maximum=voc.YEAR_MAX)
    elif name == "value":
        field["type"] = "number"
        cons["required"] = True
    elif name == "period":
        cons.update(required=True, pattern=PERIOD_PATTERN)
    elif name == "source_url":
        field["format"] = "uri"
        cons.update(required=True, pattern=URL_PATTERN)
    elif name == "published":
        cons["pattern"] = PUBLISHED_PATTERN
    elif name == "publisher":
        cons["required"] = True
    if name in ("indicator", "geography", "period_type", "unit", "basis", "price_basis",
                "confidence", "quote", "quote_kind"):
        cons["required"] = True
    if cons:
        field["constraints"] = cons
    return field


def table_schema() -> dict:
    """The Frictionless table schema shared by every observation file (from the vocabulary)."""
    return {
        "fields": [_field(c) for c in voc.COLUMNS],
        "primaryKey": ["obs_id"],
        "missingValues": [""],
    }


def datapackage(resources: list[str] | None = None) -> dict:
    """Return the Frictionless data-package descriptor of the observation files.

    The descriptor is a valid Frictionless (v1 spec, ``tabular-data-package``) data package:
    ``frictionless validate data/datapackage.json`` checks every CSV against it (types,
    required fields, enums, patterns, ranges, unique ``obs_id`` per file). Each resource
    carries the same table schema inline, because the spec has no package-level schema to
    point at. ``vocabulary`` is an extra property (the spec allows them) that describes each
    allowed indicator (units, description), geography (members, boundary), unit and basis.

    Parameters
    ----------
    resources : list of str, optional
        File names in ``data/observations`` (default: every ``*.csv`` there).

    Returns
    -------
    dict
        ``{"profile", "name", "title", "description", "resources": [...], "vocabulary": {...}}``;
        every resource has ``"schema"`` equal to :func:`table_schema`.
    """
    from hpresearch.paths import observations_dir

    if resources is None:
        resources = sorted(p.name for p in observations_dir().glob("*.csv"))
    schema = table_schema()
    return {
        "profile": "tabular-data-package",
        "name": "hpresearch-observations",
        "title": "Hai Phong digital-economy observations (one row per published figure)",
        "description": "Generated by hpresearch.data.schema.datapackage() from "
        "hpresearch/data/vocabulary.py; do not edit by hand.",
        "resources": [
            {"name": re.sub(r"[^a-z0-9_.-]", "-", Path(r).stem.lower()),
             "path": f"observations/{r}", "profile": "tabular-data-resource",
             "format": "csv", "encoding": "utf-8", "schema": schema}
            for r in resources
        ],
        "vocabulary": {
            "indicators": {
                i.name: {"units": list(i.units), "price_basis": list(i.price_basis),
                         "description": i.description,
                         "percent_kind": "rate" if is_rate(i.name) else "share"}
                for i in voc.INDICATORS.values()
            },
            "geographies": {
                g.code: {"name": g.name, "kind": g.kind, "members": list(g.members),
                         "boundary": g.boundary}
                for g in voc.GEOGRAPHIES.values()
            },
            "units": dict(voc.UNITS),
            "share_units": sorted(voc.SHARE_UNITS),
            "bases": dict(voc.BASES),
            "price_bases": dict(voc.PRICE_BASES),
            "period_types": dict(voc.PERIOD_TYPES),
            "qualifiers": dict(voc.QUALIFIERS),
            "confidence": list(voc.CONFIDENCE),
            "quote_kinds": dict(voc.QUOTE_KINDS),
            "year_range": [voc.YEAR_MIN, voc.YEAR_MAX],
            "boundaries": dict(voc.BOUNDARIES),
            "merger_date": voc.MERGER_DATE,
        },
    }


def write_datapackage(path: Path | None = None) -> Path:
    """Write :func:`datapackage` as JSON to ``path`` (default ``data/datapackage.json``)."""
    from hpresearch.fileio import atomic_write
    from hpresearch.paths import data_dir

    path = Path(path) if path else data_dir() / "datapackage.json"
    # a fresh temporary name (O_EXCL): a planted link at a fixed name cannot redirect it
    atomic_write(path, json.dumps(datapackage(), ensure_ascii=False, indent=2) + "\n")
    return path


if __name__ == "__main__":  # pragma: no cover
    print(write_datapackage())
