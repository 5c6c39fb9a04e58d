"""Shipped scenarios: valid, sourced, runnable on both boundaries and bases, and equal to the
expected-results files in ``tests/expected/scenarios/`` within stated tolerances.

Expected files hold, per scenario, the projection on the real data panel for every
(boundary, basis). Tolerances (stated in ``TOLERANCES``): shares 1e-6 absolute (0.0001 pp),
money 1e-6 relative. On mismatch the actual values are written beside the expected file as
``<scenario>.res.csv``. Regenerate deliberately (after a data or model change) with
``HPRESEARCH_UPDATE_EXPECTED=1 pytest tests/test_scenarios_shipped.py``.
"""
from __future__ import annotations

import os
import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from hpresearch.model import list_scenarios, load_scenario, project

EXPECTED = Path(__file__).parent / "expected" / "scenarios"
SCENARIOS = ("trend", "plan", "breakthrough", "electronics_shock", "anchor_exit")
COMBOS = [(b, s) for b in ("pre_merger", "merged") for s in ("gso", "mic")]
SHARE_COLS = ("de_share", "de_share_core", "de_share_digitalised")
MONEY_COLS = ("grdp_constant_vnd_bn", "grdp_current_vnd_bn", "digital_va_constant_vnd_bn",
              "core_investment_constant_vnd_bn")
#: column -> (kind, tolerance)
TOLERANCES = {**{c: ("abs", 1e-6) for c in SHARE_COLS}, **{c: ("rel", 1e-6) for c in MONEY_COLS}}


def test_the_five_policy_scenarios_ship():
    assert set(SCENARIOS) <= set(list_scenarios())


@pytest.mark.parametrize("name", SCENARIOS)
def test_meta_is_complete_with_source_urls(name):
    sc = load_scenario(name)
    for key in ("title", "description", "author", "reference"):
        assert sc.meta.get(key), key
    urls = [u for u in sc.references() if re.match(r"https?://", u)]
    assert urls, f"{name}: meta.reference needs at least one source URL"
    assert sc.chain[0] == "trend"


def actual(name: str) -> pd.DataFrame:
    frames = []
    for b, s in COMBOS:
        df = project(name, boundary=b, basis=s, end_year=2030)
        assert df.attrs["boundary"] == b and df.attrs["basis"] == s
        assert df.index[-1] == 2030 and df["row"].iloc[0] == "base"
        sub = df[list(SHARE_COLS + MONEY_COLS)].reset_index()
        sub.insert(0, "basis", s)
        sub.insert(0, "boundary", b)
        frames.append(sub)
    return pd.concat(frames, ignore_index=True)


@pytest.mark.parametrize("name", SCENARIOS)
def test_runs_on_both_boundaries_and_bases_and_matches_expected(name):
    got = actual(name)
    assert np.isfinite(got[list(SHARE_COLS)].to_numpy()).all()
    assert ((got[list(SHARE_COLS)] >= 0) & (got[list(SHARE_COLS)] <= 1)).all().all()
    path = EXPECTED / f"{name}.csv"
    res = EXPECTED / f"{name}.res.csv"
    if os.environ.get("HPRESEARCH_UPDATE_EXPECTED") == "1" or not path.exists():
        if not path.exists() and os.environ.get("HPRESEARCH_UPDATE_EXPECTED") != "1":
            pytest.fail(f"{path} missing; create it with HPRESEARCH_UPDATE_EXPECTED=1")
        got.to_csv(path, index=False, float_format="%.12g")
        return
    exp = pd.read_csv(path)
    problems = []
    if list(exp[["boundary", "basis", "year"]].itertuples(index=False)) != \
            list(got[["boundary", "basis", "year"]].itertuples(index=False)):
        problems.append("rows (boundary, basis, year) differ")
    else:
        for col, (kind, tol) in TOLERANCES.items():
            e, a = exp[col].to_numpy(float), got[col].to_numpy(float)
            err = np.abs(a - e) if kind == "abs" else np.abs(a - e) / np.abs(e)
            if np.nanmax(err) > tol:
                i = int(np.nanargmax(err))
                problems.append(f"{col} row {i} ({got.loc[i, 'boundary']}, {got.loc[i, 'basis']}, "
                                f"{got.loc[i, 'year']}): expected {e[i]:.10g}, got {a[i]:.10g} "
                                f"({kind} tol {tol:g})")
    if problems:
        got.to_csv(res, index=False, float_format="%.12g")
        pytest.fail(f"{name}: " + "; ".join(problems) + f" - actual values written to {res}")
    elif res.exists():
        res.unlink()


@pytest.mark.parametrize("name", SCENARIOS)
@pytest.mark.parametrize("boundary", ["pre_merger", "merged"])
def test_horizon_2045_runs(name, boundary):
    df = project(name, boundary=boundary, basis="gso", end_year=2045)
    assert df.index[-1] == 2045 and df["de_share"].between(0, 1).all()


def test_calibration_row_reproduces_panel():
    from hpresearch.data import build_panel

    for b, s in COMBOS:
        panel = build_panel(b, s)
        t0 = int(panel.values["de_share"].dropna().index.max())
        df = project("trend", boundary=b, basis=s)
        assert df.index[0] == t0
        assert df.loc[t0, "de_share"] == pytest.approx(panel.values.loc[t0, "de_share"],
                                                       abs=1e-12)
        later = [y for y in panel.values.index if y > t0
                 and panel.method("grdp_constant_vnd_bn", y) == "observed"]
        if panel.method("grdp_constant_vnd_bn", t0) == "observed" or not later:
            assert df.loc[t0, "grdp_constant_vnd_bn"] == pytest.approx(
                panel.values.loc[t0, "grdp_constant_vnd_bn"], rel=1e-12)
            assert df.loc[t0, "grdp_current_vnd_bn"] == pytest.approx(
                panel.values.loc[t0, "grdp_current_vnd_bn"], rel=1e-12)
        else:
            # no published base-year level but a published later one: backcast from the first
            # with the published growth rates in between, so that all are reproduced exactly
            y1 = later[0]
            growth = np.prod([1 + panel.values.loc[y, "grdp_growth_real"]
                              for y in range(t0 + 1, y1 + 1)])
            assert df.loc[t0, "grdp_constant_vnd_bn"] == pytest.approx(
                panel.values.loc[y1, "grdp_constant_vnd_bn"] / growth, rel=1e-12)


PUBLISHED = [(b, s, n) for b, s in COMBOS for n in SCENARIOS]


@pytest.mark.parametrize("boundary, basis, name", PUBLISHED)
def test_every_published_year_is_reproduced(boundary, basis, name):
    """Issue 9: published real growth within 0.1 pp, published levels within 0.5%."""
    from hpresearch.data import build_panel

    panel = build_panel(boundary, basis)
    df = project(name, boundary=boundary, basis=basis, end_year=2030)
    checked = 0
    for y in df.index[1:]:
        if panel.method("grdp_growth_real", y) == "observed":
            assert abs(df.loc[y, "grdp_constant_vnd_bn"] / df.loc[y - 1, "grdp_constant_vnd_bn"]
                       - 1 - panel.values.loc[y, "grdp_growth_real"]) < 0.001, y
            checked += 1
        for col in ("grdp_constant_vnd_bn", "grdp_current_vnd_bn"):
            if panel.method(col, y) == "observed":
                assert df.loc[y, col] == pytest.approx(panel.values.loc[y, col], rel=0.005), \
                    (col, y)
                checked += 1
    # the base year's published figures are reproduced too (the calibration row)
    for col in ("grdp_constant_vnd_bn", "grdp_current_vnd_bn"):
        t0 = df.index[0]
        if panel.method(col, t0) == "observed":
            assert df.loc[t0, col] == pytest.approx(panel.values.loc[t0, col], rel=0.005)
            checked += 1
    assert checked >= 1, "no published figure to compare against"
