"""Hostile data folders: only regular CSV files of bounded size are read, links stay inside
the data folder, and control characters in data text are refused with the row named.

Every case is one line on stderr and exit status 2 from ``hpresearch data check``, without
hanging (named pipes) or exhausting memory (``/dev/zero``).
"""
from __future__ import annotations

import csv
import io
import os
import shutil
import time
from pathlib import Path

import pytest

from hpresearch.cli import main

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture()
def data_copy(tmp_path):
    dst = tmp_path / "data"
    shutil.copytree(ROOT / "data", dst)
    return dst


def check(capsys, data_dir) -> tuple[int, str]:
    start = time.perf_counter()
    status = main(["data", "check", "--data-dir", str(data_dir)])
    assert time.perf_counter() - start < 30
    return status, capsys.readouterr().err


def assert_one_line(status, err, *needles):
    assert status == 2, err
    assert err.count("\n") == 1 and err.startswith("error: "), err
    assert "Traceback" not in err and "\x1b" not in err
    for n in needles:
        assert n in err, (n, err)


def _set(path: Path, data_row: int, column: str, value: str) -> None:
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"), newline="")))
    rows[data_row][rows[0].index(column)] = value
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n", quoting=csv.QUOTE_ALL).writerows(rows)
    path.write_text(buf.getvalue(), encoding="utf-8")


# ------------------------------------------------------------------- regular files only
def test_named_pipe_in_the_data_folder_does_not_hang(capsys, data_copy):
    os.mkfifo(data_copy / "observations" / "pipe.csv")
    assert_one_line(*check(capsys, data_copy), "pipe.csv", "named pipe")


def test_link_to_dev_zero_is_refused(capsys, data_copy):
    (data_copy / "observations" / "zero.csv").symlink_to("/dev/zero")
    assert_one_line(*check(capsys, data_copy), "zero.csv", "outside the data folder")


def test_link_to_dev_zero_inside_an_explicit_file_argument(capsys, tmp_path):
    link = tmp_path / "one.csv"
    link.symlink_to("/dev/zero")
    assert_one_line(*check(capsys, link), "one.csv", "a device")


def test_link_leaving_the_data_folder(capsys, data_copy, tmp_path):
    outside = tmp_path / "elsewhere.csv"
    shutil.copy(data_copy / "observations" / "grdp.csv", outside)
    (data_copy / "observations" / "grdp.csv").unlink()
    (data_copy / "observations" / "grdp.csv").symlink_to(outside)
    assert_one_line(*check(capsys, data_copy), "grdp.csv", "outside the data folder")


def test_link_inside_the_data_folder_is_followed(capsys, data_copy):
    extra = data_copy / "extra"
    extra.mkdir()
    shutil.move(data_copy / "observations" / "grdp.csv", extra / "grdp.csv")
    (data_copy / "observations" / "grdp.csv").symlink_to(extra / "grdp.csv")
    assert main(["data", "check", "--data-dir", str(data_copy)]) == 0
    capsys.readouterr()


def test_broken_link(capsys, data_copy):
    (data_copy / "observations" / "gone.csv").symlink_to(data_copy / "nope.csv")
    assert_one_line(*check(capsys, data_copy), "gone.csv", "cannot be read")


def test_folder_named_like_a_csv(capsys, data_copy):
    (data_copy / "observations" / "dir.csv").mkdir()
    assert_one_line(*check(capsys, data_copy), "dir.csv", "a folder")


def test_data_dir_that_is_a_pipe(capsys, tmp_path):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    assert_one_line(*check(capsys, fifo), "pipe", "named pipe")


def test_file_larger_than_the_limit_is_refused_before_reading(capsys, data_copy):
    big = data_copy / "observations" / "big.csv"
    with big.open("wb") as fh:
        fh.truncate(40 << 20)  # 40 MB (sparse): refused from its size, never read
    assert_one_line(*check(capsys, data_copy), "big.csv", "the limit per observation file")


def test_size_limit_is_configurable(capsys, data_copy, monkeypatch):
    monkeypatch.setenv("HPRESEARCH_MAX_CSV_BYTES", "1000")
    assert_one_line(*check(capsys, data_copy), "HPRESEARCH_MAX_CSV_BYTES raises it")
    monkeypatch.setenv("HPRESEARCH_MAX_CSV_BYTES", "lots")
    assert_one_line(*check(capsys, data_copy), "HPRESEARCH_MAX_CSV_BYTES", "'lots'")


# ------------------------------------------------------------------ control characters
@pytest.mark.parametrize("column,value,code", [
    ("quote", "GRDP \x1b[31mtăng\x1b[0m 10%", "U+001B"),
    ("note_en", "grew\x1b]0;pwned\x07", "U+001B"),
    ("publisher", "Cục\x00Thống kê", "U+0000"),
    ("publisher", "evil\u202egnp.exe", "U+202E"),
    ("quote", "clear\x1b[2Jscreen", "U+001B"),
    ("note_en", "backspace\x08\x08", "U+0008"),
    ("indicator", "grdp\tcurrent", "U+0009"),
    ("publisher", "two\rlines", "U+000D"),
    ("source_url", "https://x.vn/\x7f", "U+007F"),
    ("note_en", "c1\x9bcontrol", "U+009B"),
])
def test_control_characters_in_data_text(capsys, data_copy, column, value, code):
    f = data_copy / "observations" / "grdp.csv"
    _set(f, 4, column, value)
    status, err = check(capsys, data_copy)
    assert_one_line(status, err, "grdp.csv", "row 4 (line 5)", f"column '{column}'", code,
                    "control character")


def test_quote_may_span_lines(capsys, data_copy):
    f = data_copy / "observations" / "grdp.csv"
    rows = list(csv.reader(io.StringIO(f.read_text(encoding="utf-8"), newline="")))
    col = rows[0].index("quote")
    row = next(i for i, r in enumerate(rows) if i and r[col])
    _set(f, row, "quote", rows[row][col] + "\n(second line)")
    assert main(["data", "check", "--data-dir", str(data_copy)]) == 0
    capsys.readouterr()


def test_sources_of_shipped_data_print_no_escape(capsys):
    assert main(["data", "sources", "de_share", "-g", "hai_phong"]) == 0
    out = capsys.readouterr().out
    assert "\x1b" not in out and out.count("\n") > 3


def test_a_file_that_is_not_observations_is_not_echoed(capsys, tmp_path):
    """Pointing --data-dir at some other file quotes at most a short piece of it."""
    other = tmp_path / "notes.csv"
    other.write_text("SECRET-" + "x" * 5000 + ",b\n1,2\n", encoding="utf-8")
    status, err = check(capsys, other)
    assert_one_line(status, err, "notes.csv", "missing column")
    assert len(err) < 700
