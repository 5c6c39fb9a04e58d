"""data/datapackage.json is a valid Frictionless data package and the CSVs conform to it.

The shipped package must validate, every row of every file must have been read, and a copy
with a value that breaks the descriptor (an enum, a range, a type) must be reported invalid at
that cell: a validation that cannot fail would prove nothing.
"""
from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

import pytest

frictionless = pytest.importorskip("frictionless")

from hpresearch.data import vocabulary as voc  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data"


def _validate(descriptor: Path):
    return frictionless.validate(str(descriptor))


def _csv_rows(path: Path) -> list[list[str]]:
    return list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"), newline="")))


def _write_rows(path: Path, rows: list[list[str]]) -> None:
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerows(rows)
    path.write_text(buf.getvalue(), encoding="utf-8")


@pytest.fixture()
def data_copy(tmp_path) -> Path:
    dst = tmp_path / "data"
    shutil.copytree(DATA, dst)
    return dst


def test_descriptor_is_a_valid_frictionless_package():
    descriptor = json.loads((DATA / "datapackage.json").read_text(encoding="utf-8"))
    report = frictionless.Package.validate_descriptor(descriptor)
    assert report.valid, report.flatten(["type", "note"])[:10]
    # Schemas are inline: a "#/schema" pointer (the old layout) is not a Frictionless reference.
    assert all(isinstance(r["schema"], dict) for r in descriptor["resources"])
    # The descriptor check itself can fail.
    broken = json.loads(json.dumps(descriptor))
    broken["resources"][0]["schema"]["fields"][0]["type"] = "strng"
    assert not frictionless.Package.validate_descriptor(broken).valid


def test_a_package_level_schema_pointer_is_rejected(data_copy):
    """Why the generator inlines the schema: the old '#/schema' pointer does not resolve."""
    path = data_copy / "datapackage.json"
    descriptor = json.loads(path.read_text(encoding="utf-8"))
    descriptor["schema"] = descriptor["resources"][0]["schema"]
    for r in descriptor["resources"]:
        r["schema"] = "#/schema"
    path.write_text(json.dumps(descriptor), encoding="utf-8")
    assert not _validate(path).valid


def test_shipped_csvs_conform_to_the_descriptor():
    report = _validate(DATA / "datapackage.json")
    assert report.valid, report.flatten(["type", "note"])[:10]
    files = sorted((DATA / "observations").glob("*.csv"))
    assert len(report.tasks) == len(files) >= 9
    # Every data row of every file was read and checked (not just the header).
    for task, path in zip(sorted(report.tasks, key=lambda t: t.name), files):
        assert task.stats["rows"] == len(_csv_rows(path)) - 1, task.name


@pytest.mark.parametrize("column, bad, error", [
    ("unit", "kg", "constraint-error"),                 # not in the unit enum
    ("indicator", "grdp_growht", "constraint-error"),   # not in the indicator enum
    ("quote_kind", "summary", "constraint-error"),      # not in the quote-kind enum
    ("year", "1850", "constraint-error"),               # below the minimum year
    ("value", "12,5", "type-error"),                    # not a number
])
def test_corrupted_copy_is_reported_invalid(data_copy, column, bad, error):
    target = data_copy / "observations" / "grdp.csv"
    rows = _csv_rows(target)
    rows[3][rows[0].index(column)] = bad
    _write_rows(target, rows)
    report = _validate(data_copy / "datapackage.json")
    assert not report.valid
    errors = [e for t in report.tasks for e in t.errors]
    hits = [e for e in errors if e.type == error and getattr(e, "field_name", None) == column]
    assert hits, [(e.type, getattr(e, "field_name", None), e.note) for e in errors]
    # The error points at the corrupted row (row 1 is the header).
    assert hits[0].row_number == 4
    assert [t.name for t in report.tasks if not t.valid] == ["grdp"]


def test_enums_in_the_descriptor_come_from_the_vocabulary():
    descriptor = json.loads((DATA / "datapackage.json").read_text(encoding="utf-8"))
    for resource in descriptor["resources"]:
        fields = {f["name"]: f for f in resource["schema"]["fields"]}
        assert set(fields["quote_kind"]["constraints"]["enum"]) == set(voc.QUOTE_KINDS)
        assert set(fields["unit"]["constraints"]["enum"]) == set(voc.UNITS)
