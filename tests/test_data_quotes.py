"""Quote coverage: every row has a quote; `data check` rejects the first row without one
(`require_quotes=True` is the default; `--allow-missing-quotes` only counts them, per kind and
per file), and `data sources` shows each quote's kind."""
from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

import pytest

from hpresearch.cli import main
from hpresearch.data import check, load_observations
from hpresearch.data import vocabulary as voc
from hpresearch.errors import DataValidationError

ROOT = Path(__file__).resolve().parents[1]


def _rows(path: Path) -> list[list[str]]:
    return list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"), newline="")))


def _write(path: Path, rows: list[list[str]]) -> None:
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerows(rows)
    path.write_text(buf.getvalue(), encoding="utf-8")


@pytest.fixture()
def data_copy(tmp_path) -> Path:
    dst = tmp_path / "data"
    shutil.copytree(ROOT / "data", dst)
    return dst


def _fill_all_quotes(data_dir: Path) -> None:
    for f in (data_dir / "observations").glob("*.csv"):
        rows = _rows(f)
        q, k = rows[0].index("quote"), rows[0].index("quote_kind")
        for r in rows[1:]:
            if not r[q].strip():
                r[q], r[k] = "x", "paraphrase"
        _write(f, rows)


def _blank_quote(data_dir: Path, fname: str = "industry.csv", row: int = 5) -> None:
    """Empty the quote (and its kind) of data row ``row`` (CSV line ``row + 1``) of ``fname``."""
    target = data_dir / "observations" / fname
    rows = _rows(target)
    q, k = rows[0].index("quote"), rows[0].index("quote_kind")
    rows[row][q], rows[row][k] = "", ""
    _write(target, rows)


def test_shipped_data_has_a_quote_on_every_row():
    s = check()                                   # require_quotes=True is the default
    assert s.quoted == s.rows and s.quote_coverage == 100.0
    assert not s.missing_quotes_per_file
    assert not any(x.startswith("missing quotes: ") for x in s.lines())


def test_summary_counts_quotes_per_kind_and_missing_per_file(data_copy):
    _blank_quote(data_copy, "industry.csv", 5)
    _blank_quote(data_copy, "grdp.csv", 3)
    obs = load_observations(data_copy)
    s = check(data_copy, require_quotes=False)
    quoted = obs["quote"].str.strip() != ""
    assert s.quoted == int(quoted.sum()) == s.rows - 2
    assert list(s.quote_kinds) == list(voc.QUOTE_KINDS)
    assert sum(s.quote_kinds.values()) == s.quoted
    assert s.quoted + sum(s.missing_quotes_per_file.values()) == s.rows
    assert s.missing_quotes == s.rows - s.quoted == 2
    assert {Path(f).name: n for f, n in s.missing_quotes_per_file.items()} == {
        "grdp.csv": 1, "industry.csv": 1}
    for f, n in s.missing_quotes_per_file.items():
        assert n == int((~quoted & (obs["file"] == f)).sum()) > 0
    line = next(x for x in s.lines() if x.startswith("quotes: "))
    assert f"{s.quoted}/{s.rows} rows ({s.quote_coverage:.1f}%)" in line
    assert all(f"{k} {v}" in line for k, v in s.quote_kinds.items())
    miss = next(x for x in s.lines() if x.startswith("missing quotes: "))
    assert "2 rows" in miss and "--allow-missing-quotes" in miss


def test_missing_quote_line_only_when_some_are_missing(data_copy):
    s = check(data_copy, require_quotes=False)
    assert not any(x.startswith("missing quotes: ") for x in s.lines())
    _blank_quote(data_copy)
    s = check(data_copy, require_quotes=False)
    assert any(x.startswith("missing quotes: ") for x in s.lines())
    _fill_all_quotes(data_copy)
    s = check(data_copy)
    assert s.quoted == s.rows and s.quote_coverage == 100.0
    assert "quotes: %d/%d rows (100.0%%)" % (s.rows, s.rows) in "\n".join(s.lines())


def test_check_rejects_the_first_unquoted_row_by_default(data_copy):
    _blank_quote(data_copy, "industry.csv", 5)               # data row 5, CSV line 6
    with pytest.raises(DataValidationError) as exc:
        check(data_copy)
    msg = str(exc.value)
    assert "industry.csv row 5 (line 6), column 'quote'" in msg and "\n" not in msg
    with pytest.raises(DataValidationError):
        check(data_copy, require_quotes=True)
    assert check(data_copy, require_quotes=False).missing_quotes == 1   # work in progress
    assert check(data_copy / "observations" / "grdp.csv").rows > 0


def test_cli_data_check_exits_2_on_an_empty_quote(capsys, data_copy):
    assert main(["data", "check", "--data-dir", str(data_copy)]) == 0
    assert "(100.0%)" in capsys.readouterr().out
    _blank_quote(data_copy, "industry.csv", 5)
    assert main(["data", "check", "--data-dir", str(data_copy)]) == 2
    captured = capsys.readouterr()
    err = captured.err
    assert err.count("\n") == 1 and "Traceback" not in err
    assert "industry.csv row 5 (line 6), column 'quote'" in err
    assert "quotes: " not in captured.out
    assert main(["data", "check", "--require-quotes", "--data-dir", str(data_copy)]) == 2
    assert "column 'quote'" in capsys.readouterr().err
    assert main(["data", "check", "--allow-missing-quotes", "--data-dir", str(data_copy)]) == 0
    out = capsys.readouterr().out
    assert "missing quotes: 1 rows (industry.csv 1)" in out
    with pytest.raises(SystemExit):                           # the two flags exclude each other
        main(["data", "check", "--allow-missing-quotes", "--require-quotes"])
    capsys.readouterr()


def test_sources_shows_quote_kind(capsys):
    assert main(["data", "sources", "vnd_per_usd"]) == 0
    out = capsys.readouterr().out
    assert 'quote (table_cell): "Vietnam - Official exchange rate' in out
    assert main(["data", "sources", "de_share_target", "-g", "hai_phong", "-f", "json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert all("quote_kind" in r for r in rows)
    assert {r["quote_kind"] for r in rows if r["quote"]} <= set(voc.QUOTE_KINDS)
    assert main(["data", "sources", "cpi_inflation", "-f", "csv"]) == 0
    header = capsys.readouterr().out.splitlines()[0].split(",")
    assert header.index("quote_kind") == header.index("quote") + 1
