"""`hpresearch data sources|panel|datapackage` output formats."""
from __future__ import annotations

import io
import json

import pandas as pd

from hpresearch.cli import main


def test_sources_table_marks_conflicts_and_shows_quotes(capsys):
    assert main(["data", "sources", "de_share_target", "--geography", "hai_phong"]) == 0
    out = capsys.readouterr().out
    assert "cells with conflicting values (marked *)" in out
    assert "* hai_phong 2030" in out
    assert "phấn đấu đến 2030 chiếm tỷ trọng 40% GRDP thành phố" in out
    assert "diendandoanhnghiep.vn" in out


def test_sources_csv_and_json(capsys):
    assert main(["data", "sources", "grdp_growth_real", "-g", "hai_phong", "-f", "csv"]) == 0
    df = pd.read_csv(io.StringIO(capsys.readouterr().out))
    assert {"source_url", "quote", "conflict", "confidence"} <= set(df.columns)
    assert (df["geography"] == "hai_phong").all() and len(df) >= 9
    assert main(["data", "sources", "vnd_per_usd", "-f", "json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert len(rows) >= 12 and all(r["unit"] == "vnd_per_usd" for r in rows)


def test_sources_unknown_geography_is_one_line(capsys):
    assert main(["data", "sources", "de_share", "-g", "haiphong"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "unknown geography 'haiphong'" in err and "hai_phong" in err


def test_panel_table_shows_methods(capsys):
    assert main(["data", "panel", "--boundary", "merged", "--basis", "mic"]) == 0
    out = capsys.readouterr().out
    assert "derived:basis_conversion" in out and "derived:merged_sum" in out
    assert "calibration point:" in out and "preference rule:" in out


def test_panel_json(capsys):
    assert main(["data", "panel", "-b", "pre_merger", "-s", "gso", "-f", "json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["boundary"] == "pre_merger" and doc["basis"] == "gso"
    methods = {r["method"] for r in doc["provenance"]}
    assert "observed" in methods and "derived:chain_benchmarked" in methods


def test_datapackage_check_passes(capsys):
    assert main(["data", "datapackage", "--check"]) == 0
    assert "is current" in capsys.readouterr().out


def test_bad_boundary_is_one_line_exit_2(capsys):
    assert main(["data", "panel", "--boundary", "old"]) == 2
    assert capsys.readouterr().err == ("error: --boundary: value 'old' is not one of "
                                       "pre_merger, merged\n")
