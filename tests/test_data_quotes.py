"""Quote coverage: `data check` counts quotes per kind and per file, `require_quotes` rejects
the first row without one, and `data sources` shows each quote's kind."""
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


def test_summary_counts_quotes_per_kind_and_missing_per_file():
    obs = load_observations()
    s = check()
    quoted = obs["quote"].str.strip() != ""
    assert s.quoted == int(quoted.sum())
    assert list(s.quote_kinds) == list(voc.QUOTE_KINDS)
    assert sum(s.quote_kinds.values()) == s.quoted
    assert s.quoted + sum(s.missing_quotes_per_file.values()) == s.rows
    assert s.missing_quotes == s.rows - s.quoted
    for f, n in s.missing_quotes_per_file.items():
        assert n == int((~quoted & (obs["file"] == f)).sum()) > 0
    line = next(x for x in s.lines() if x.startswith("quotes: "))
    assert f"{s.quoted}/{s.rows} rows ({s.quote_coverage:.1f}%)" in line
    assert all(f"{k} {v}" in line for k, v in s.quote_kinds.items())


def test_missing_quote_line_lists_files_only_when_some_are_missing(data_copy):
    s = check(data_copy)
    has_missing = any(x.startswith("missing quotes: ") for x in s.lines())
    assert has_missing == bool(s.missing_quotes_per_file)
    _fill_all_quotes(data_copy)
    s = check(data_copy)
    assert s.quoted == s.rows and s.quote_coverage == 100.0
    assert not s.missing_quotes_per_file
    assert not any(x.startswith("missing quotes: ") for x in s.lines())
    assert "quotes: %d/%d rows (100.0%%)" % (s.rows, s.rows) in "\n".join(s.lines())


def test_require_quotes_names_the_first_unquoted_row(data_copy):
    _fill_all_quotes(data_copy)
    target = data_copy / "observations" / "industry.csv"
    rows = _rows(target)
    q, k = rows[0].index("quote"), rows[0].index("quote_kind")
    rows[5][q], rows[5][k] = "", ""          # data row 5, CSV line 6
    _write(target, rows)
    assert check(data_copy).missing_quotes == 1           # default: counted, not fatal
    with pytest.raises(DataValidationError) as exc:
        check(data_copy, require_quotes=True)
    msg = str(exc.value)
    assert "industry.csv row 5 (line 6), column 'quote'" in msg and "\n" not in msg
    assert check(data_copy / "observations" / "grdp.csv", require_quotes=True).rows > 0


def test_cli_require_quotes_exits_2_with_one_line(capsys, data_copy):
    assert main(["data", "check", "--data-dir", str(data_copy)]) == 0
    out = capsys.readouterr().out
    assert "quotes: " in out
    if check(data_copy).missing_quotes:
        assert main(["data", "check", "--require-quotes", "--data-dir", str(data_copy)]) == 2
        err = capsys.readouterr().err
        assert err.count("\n") == 1 and "column 'quote'" in err and "Traceback" not in err
    _fill_all_quotes(data_copy)
    assert main(["data", "check", "--require-quotes", "--data-dir", str(data_copy)]) == 0
    assert "(100.0%)" in capsys.readouterr().out


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
