"""Bad-input suite: each corruption of a copy of data/ makes `hpresearch data check` exit 2
with exactly one line naming the file, the row/line, the column, the value and the rule."""
from __future__ import annotations

import csv
import io
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from hpresearch.cli import main

ROOT = Path(__file__).resolve().parents[1]
TARGET = "grdp.csv"


@pytest.fixture()
def data_copy(tmp_path):
    dst = tmp_path / "data"
    shutil.copytree(ROOT / "data", dst)
    return dst


def _rows(path: Path) -> list[list[str]]:
    return list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"), newline="")))


def _write(path: Path, rows: list[list[str]]) -> None:
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerows(rows)
    path.write_text(buf.getvalue(), encoding="utf-8")


def _set(path: Path, data_row: int, column: str, value: str) -> None:
    rows = _rows(path)
    rows[data_row][rows[0].index(column)] = value
    _write(path, rows)


def _run(capsys, data_dir: Path) -> tuple[int, str]:
    status = main(["data", "check", "--data-dir", str(data_dir)])
    err = capsys.readouterr().err
    return status, err


def _assert_one_line(status, err, *needles):
    assert status == 2
    assert err.endswith("\n") and err.count("\n") == 1, err
    assert "Traceback" not in err
    for n in needles:
        assert n in err, f"{n!r} not in {err!r}"


def _first_row_of(path: Path, indicator: str) -> int:
    rows = _rows(path)
    col = rows[0].index("indicator")
    return next(i for i, r in enumerate(rows) if i and r[col] == indicator)


def test_shipped_data_passes(capsys):
    status = main(["data", "check"])
    out = capsys.readouterr().out
    assert status == 0
    assert "observations in" in out and "conflicting" in out


def test_missing_column(capsys, data_copy):
    f = data_copy / "observations" / TARGET
    rows = _rows(f)
    k = rows[0].index("unit")
    _write(f, [r[:k] + r[k + 1:] for r in rows])
    _assert_one_line(*_run(capsys, data_copy), TARGET, "line 1", "missing column", "'unit'")


def test_unknown_column(capsys, data_copy):
    f = data_copy / "observations" / TARGET
    rows = _rows(f)
    _write(f, [r + (["comment"] if i == 0 else ["x"]) for i, r in enumerate(rows)])
    _assert_one_line(*_run(capsys, data_copy), TARGET, "line 1", "unknown column 'comment'")


def test_non_numeric_value(capsys, data_copy):
    f = data_copy / "observations" / TARGET
    _set(f, 5, "value", "12,5")
    _assert_one_line(*_run(capsys, data_copy), TARGET, "row 5 (line 6)", "column 'value'",
                     "'12,5'", "not a number")


def test_year_out_of_range(capsys, data_copy):
    f = data_copy / "observations" / TARGET
    _set(f, 3, "year", "1850")
    _assert_one_line(*_run(capsys, data_copy), TARGET, "row 3 (line 4)", "column 'year'",
                     "'1850'", "out of range")


def test_year_not_matching_period(capsys, data_copy):
    f = data_copy / "observations" / TARGET
    _set(f, 3, "year", "2001")
    _assert_one_line(*_run(capsys, data_copy), TARGET, "row 3 (line 4)", "column 'year'",
                     "does not match period")


@pytest.mark.parametrize("value, rule", [("129.7", "outside 0..100"), ("-0.5", "outside 0..100")])
def test_share_out_of_bounds(capsys, data_copy, value, rule):
    f = data_copy / "observations" / "digital_economy.csv"
    n = _first_row_of(f, "de_share")
    _set(f, n, "value", value)
    _assert_one_line(*_run(capsys, data_copy), "digital_economy.csv", f"row {n} (line {n + 1})",
                     "column 'value'", repr(value), rule)


def test_growth_may_exceed_100(data_copy):
    """Rates of change are not shares: +164.83% output growth is valid."""
    from hpresearch.data import check

    f = data_copy / "observations" / TARGET
    n = _first_row_of(f, "grdp_growth_real")
    _set(f, n, "value", "164.83")
    assert check(data_copy).rows > 0


def test_empty_source_url(capsys, data_copy):
    f = data_copy / "observations" / TARGET
    _set(f, 7, "source_url", "")
    _assert_one_line(*_run(capsys, data_copy), TARGET, "row 7 (line 8)", "column 'source_url'",
                     "is empty")


def test_exact_duplicate_row(capsys, data_copy):
    f = data_copy / "observations" / TARGET
    rows = _rows(f)
    _write(f, rows + [rows[2]])
    n = len(rows)
    _assert_one_line(*_run(capsys, data_copy), TARGET, f"row {n} (line {n + 1})",
                     "exact duplicate of line 3")


def test_duplicate_obs_id_across_files(capsys, data_copy):
    src = _rows(data_copy / "observations" / TARGET)
    f = data_copy / "observations" / "targets.csv"
    _set(f, 1, "obs_id", src[1][0])
    _assert_one_line(*_run(capsys, data_copy), "targets.csv", "line 2", "column 'obs_id'",
                     src[1][0], "duplicates obs_id", TARGET)


@pytest.mark.parametrize("column, value, rule", [
    ("unit", "kg", "not a known unit"),
    ("basis", "imf", "not a known basis"),
    ("geography", "haiphong", "not a known geography"),
    ("indicator", "grdp_curent", "not a known indicator"),
    ("confidence", "very high", "not a confidence level"),
    ("period_type", "yearly", "not a known period type"),
    ("qualifier", "about", "not a known qualifier"),
    ("price_basis", "real", "not a known price basis"),
    ("published", "12/2023", "not a date"),
    ("source_url", "thongkehaiphong.gov.vn/page", "not an http(s) address"),
])
def test_controlled_vocabulary(capsys, data_copy, column, value, rule):
    f = data_copy / "observations" / TARGET
    _set(f, 4, column, value)
    _assert_one_line(*_run(capsys, data_copy), TARGET, "row 4 (line 5)", f"column '{column}'",
                     repr(value), rule)


def test_unknown_indicator_suggests_close_match(capsys, data_copy):
    f = data_copy / "observations" / TARGET
    _set(f, 4, "indicator", "grdp_curent")
    _, err = _run(capsys, data_copy)
    assert "did you mean: grdp_current" in err


def test_unit_not_allowed_for_indicator(capsys, data_copy):
    f = data_copy / "observations" / TARGET
    n = _first_row_of(f, "grdp_growth_real")
    _set(f, n, "unit", "vnd_bn")
    _assert_one_line(*_run(capsys, data_copy), TARGET, f"row {n}", "column 'unit'",
                     "not allowed for indicator 'grdp_growth_real'")


def test_price_basis_not_allowed_for_indicator(capsys, data_copy):
    f = data_copy / "observations" / TARGET
    n = _first_row_of(f, "grdp_growth_real")
    _set(f, n, "price_basis", "current")
    _assert_one_line(*_run(capsys, data_copy), TARGET, f"row {n}", "column 'price_basis'",
                     "'current'", "not allowed for indicator 'grdp_growth_real' (allowed: none)")


def test_not_utf8(capsys, data_copy):
    f = data_copy / "observations" / TARGET
    text = f.read_text(encoding="utf-8")
    f.write_bytes(text.encode("cp1258", errors="replace"))
    status, err = _run(capsys, data_copy)
    _assert_one_line(status, err, TARGET, "not UTF-8", "line ")


def test_empty_file(capsys, data_copy):
    f = data_copy / "observations" / TARGET
    f.write_bytes(b"")
    _assert_one_line(*_run(capsys, data_copy), TARGET, "file is empty")


def test_header_only(capsys, data_copy):
    f = data_copy / "observations" / TARGET
    f.write_text(f.read_text(encoding="utf-8").splitlines()[0] + "\n", encoding="utf-8")
    _assert_one_line(*_run(capsys, data_copy), TARGET, "no data rows")


def test_ragged_row(capsys, data_copy):
    f = data_copy / "observations" / TARGET
    lines = f.read_text(encoding="utf-8").splitlines()
    lines[2] = lines[2] + ",extra"
    f.write_text("\n".join(lines) + "\n", encoding="utf-8")
    _assert_one_line(*_run(capsys, data_copy), TARGET, "row 2 (line 3)", "fields")


def test_subprocess_exit_status(data_copy):
    """The real command line: non-zero exit, one line on stderr, nothing on stdout."""
    f = data_copy / "observations" / TARGET
    _set(f, 2, "unit", "kg")
    env = {"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"}
    proc = subprocess.run([sys.executable, "-m", "hpresearch", "data", "check", "--data-dir",
                           str(data_copy)], capture_output=True, text=True, env=env)
    assert proc.returncode == 2
    assert proc.stdout == ""
    assert proc.stderr.count("\n") == 1 and "column 'unit'" in proc.stderr
    assert "row 2 (line 3)" in proc.stderr


def test_sources_unknown_indicator_one_line(capsys):
    status = main(["data", "sources", "de_shar"])
    err = capsys.readouterr().err
    assert status == 2 and err.count("\n") == 1
    assert "unknown indicator 'de_shar'" in err and "de_share" in err
