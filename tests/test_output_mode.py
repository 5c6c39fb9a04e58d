"""``output_mode``: what fixes real GRDP (docs/model.md §3.9).

``stated_total`` (default) is today's engine, unchanged; ``additive`` grows non-digital value
added at the stated rate and adds digital output on top. Tested: the declaration and its
one-line errors, the default against the expected-results files, the base year of both modes,
the additive identities year by year, a closed form, one year by hand, the property that
digital FDI adds GRDP only in ``additive``, the requirement of the target in both modes, the
Monte Carlo and the command line.
"""
from __future__ import annotations

import textwrap
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hpresearch.calibration.fdi import lag_weights
from hpresearch.calibration.synthetic import synthetic_calibration
from hpresearch.cli import main
from hpresearch.errors import ScenarioError
from hpresearch.model import project
from hpresearch.model.engine import engine_params, resolve_params, simulate_paths
from hpresearch.parameters.registry import load_registry, parse_registry

H = 2030
MODES = ("stated_total", "additive")
EXPECTED = Path(__file__).parent / "expected" / "scenarios"


def run(mode, cal=None, scenario=None, **changes):
    """The engine's own path (no naive-trend baseline, whose gap is a reclassification
    tested in tests/test_share_record.py) on ``cal`` (synthetic by default) in ``mode``,
    ``changes`` on the arrays."""
    cal = cal or synthetic_calibration()
    p = engine_params(resolve_params({"naive_baseline_weight": 0.0, **(scenario or {}),
                                      "output_mode": mode}, cal, H))
    p.update(changes)
    return simulate_paths(cal, p, H)


def both(cal=None, scenario=None, **changes):
    return {m: run(m, cal, scenario, **changes) for m in MODES}


# ---------------------------------------------------------------- declaration, errors -----
def test_output_mode_is_a_declared_choice_defaulting_to_today():
    spec = load_registry()["output_mode"]
    assert spec.kind == "choice" and spec.choices == MODES and spec.default == "stated_total"
    assert "Loayza" in spec.citation and "additive" in spec.description_vi
    assert resolve_params({}, synthetic_calibration(), H)["output_mode"] == "stated_total"


@pytest.mark.parametrize("value", ["bogus", 1, True, None])
def test_a_bad_mode_in_a_scenario_file_is_a_one_line_error(tmp_path, value):
    from hpresearch.model import load_scenario

    f = tmp_path / "bad.yaml"
    f.write_text(textwrap.dedent(f"""\
        meta: {{title: t, description: d, author: a, reference: [x], modifies: trend}}
        params: {{output_mode: {'null' if value is None else value}}}
        """), encoding="utf-8")
    with pytest.raises(ScenarioError) as err:
        load_scenario(f)
    msg = str(err.value)
    assert "\n" not in msg and "params.output_mode" in msg and str(f) in msg
    assert "must be one of stated_total, additive" in msg


def test_a_bad_mode_given_to_the_engine_directly_is_refused():
    cal = synthetic_calibration()
    p = engine_params(resolve_params({}, cal, H))
    p["output_mode"] = "Additive"
    with pytest.raises(ScenarioError, match=r"^output_mode: value 'Additive' must be one of"):
        simulate_paths(cal, p, H)


@pytest.mark.parametrize("entry, rule", [
    ({"default": "x"}, "must be one of a, b"),
    ({"default": "a", "choices": "a"}, "must be a list of distinct names"),
    ({"default": "a", "hard": {"min": 0}}, "takes none of these"),
])
def test_the_registry_checks_a_choice_entry(entry, rule):
    base = {"title": "t", "description": "d", "unit": "u", "citation": "c", "kind": "choice",
            "choices": ["a", "b"]}
    with pytest.raises(ScenarioError, match=rule):
        parse_registry({"opt": {**base, **entry}})


# ---------------------------------------------------------------- stated_total unchanged ---
@pytest.mark.parametrize("name", ["trend", "anchor_exit"])
def test_stated_total_matches_the_expected_results_file(name):
    """The explicit default reproduces ``tests/expected/scenarios`` (written before the
    option existed) within that file's tolerances on every boundary and basis."""
    exp = pd.read_csv(EXPECTED / f"{name}.csv")
    for (boundary, basis), rows in exp.groupby(["boundary", "basis"], sort=False):
        df = project(name, boundary=boundary, basis=basis,
                     overrides={"output_mode": "stated_total"})
        assert df.attrs["output_mode"] == "stated_total"
        got = df.loc[rows["year"].to_numpy()]
        for col in ("de_share", "de_share_core", "de_share_digitalised"):
            np.testing.assert_allclose(got[col], rows[col], rtol=0, atol=1e-6)
        for col in ("grdp_constant_vnd_bn", "grdp_current_vnd_bn", "digital_va_constant_vnd_bn",
                    "core_investment_constant_vnd_bn"):
            np.testing.assert_allclose(got[col], rows[col], rtol=1e-6)


def test_the_default_is_stated_total_to_the_last_digit():
    cal = synthetic_calibration()
    p = engine_params(resolve_params({"naive_baseline_weight": 0.0}, cal, H))
    p.pop("output_mode")
    implicit, explicit = simulate_paths(cal, p, H), run("stated_total", cal)
    for k in implicit:
        np.testing.assert_array_equal(implicit[k], explicit[k], err_msg=k)


@pytest.mark.parametrize("boundary", ["merged", "pre_merger"])
def test_both_modes_share_the_base_year_and_the_investment(boundary):
    from hpresearch.calibration.rules import calibrate

    out = both(calibrate(boundary, "gso"))
    for k in out["stated_total"]:
        np.testing.assert_array_equal(out["additive"][k][:, 0], out["stated_total"][k][:, 0],
                                      err_msg=k)
    for k in ("core_va_constant_vnd_bn", "adoption", "core_capital_constant_vnd_bn",
              "core_investment_constant_vnd_bn", "fdi_digital_usd_bn", "dx_spending_vnd_bn",
              "total_investment_vnd_bn", "deflator"):
        np.testing.assert_array_equal(out["additive"][k], out["stated_total"][k], err_msg=k)


# ---------------------------------------------------------------- additive identities ------
def _identities(out, cal, growth):
    Y, Dc = out["grdp_constant_vnd_bn"], out["core_va_constant_vnd_bn"]
    Dd, N = out["digitalised_va_constant_vnd_bn"], out["non_digital_va_constant_vnd_bn"]
    A, P = out["adoption"], out["deflator"]
    np.testing.assert_allclose(Dc + Dd + N, Y, rtol=1e-12)
    np.testing.assert_allclose(Dd, A / (1 - A) * N, rtol=1e-12)
    np.testing.assert_allclose(Dd, A * (Y - Dc), rtol=1e-12)       # a x non-core VA
    np.testing.assert_allclose(out["grdp_current_vnd_bn"], P * Y, rtol=1e-12)
    np.testing.assert_allclose(out["grdp_growth_real"][:, 1:], Y[:, 1:] / Y[:, :-1] - 1, rtol=1e-12)
    drift = out["digital_deflator"] / P
    np.testing.assert_allclose(out["de_share"], drift * (Dc + Dd) / Y, rtol=1e-12)
    np.testing.assert_allclose(out["de_share_constant"], (Dc + Dd) / Y, rtol=1e-12)
    np.testing.assert_allclose(out["digital_va_current_vnd_bn"]
                               + out["non_digital_va_current_vnd_bn"],
                               out["grdp_current_vnd_bn"], rtol=1e-12)
    np.testing.assert_allclose(out["total_investment_to_grdp"],
                               out["total_investment_vnd_bn"] / out["grdp_current_vnd_bn"],
                               rtol=1e-12)
    published = np.isfinite(cal.observed_path("grdp_growth_real", cal.years(H)))
    for t in range(1, Y.shape[1]):
        if not published[t]:
            np.testing.assert_allclose(N[:, t] / N[:, t - 1], 1 + growth[t], rtol=1e-12)


def test_additive_identities_hold_every_year_synthetic():
    cal = synthetic_calibration()
    out = run("additive", cal, {"real_growth": {2025: 0.06, 2028: 0.12}})
    g = resolve_params({"real_growth": {2025: 0.06, 2028: 0.12}}, cal, H)["real_growth"]
    _identities(out, cal, g)


@pytest.mark.parametrize("scenario", ["trend", "anchor_exit", "electronics_shock"])
@pytest.mark.parametrize("boundary", ["merged", "pre_merger"])
def test_additive_identities_hold_every_year_on_the_data(scenario, boundary):
    from hpresearch.calibration.rules import calibrate
    from hpresearch.model import load_scenario

    cal = calibrate(boundary, "gso")
    sc = load_scenario(scenario)
    out = run("additive", cal, dict(sc.params))
    _identities(out, cal, resolve_params(sc.params, cal, H)["real_growth"])


def test_published_years_keep_their_published_gdp_in_both_modes():
    """A year with published growth is data: GRDP and N as on the stated total; the trend
    of N starts from there."""
    cal = synthetic_calibration(observed={"grdp_growth_real": {2024: 0.08, 2025: 0.07}})
    g = resolve_params({}, cal, H)["real_growth"]
    assert list(g[1:3]) == [0.08, 0.07]  # published growth is the default path there
    out = both(cal)
    for k in ("grdp_constant_vnd_bn", "non_digital_va_constant_vnd_bn", "de_share"):
        np.testing.assert_array_equal(out["additive"][k][:, :3], out["stated_total"][k][:, :3])
    Y0 = cal.grdp_constant_vnd_bn
    assert out["additive"]["grdp_constant_vnd_bn"][0, 2] == pytest.approx(Y0 * 1.08 * 1.07,
                                                                         rel=1e-12)
    _identities(out["additive"], cal, g)


def test_closed_form_without_digitalisation():
    """adoption_speed = 0 holds a = a0, so N_k/(1 - a0) = (Y0 - Dc0) Y^s_k/Y0 and additive GRDP
    exceeds the stated path by exactly the core VA's growth beyond the stated rate:
    Y^add_k - Y^s_k = Dc_k - Dc0 Y^s_k / Y0."""
    cal = synthetic_calibration()
    out = both(cal, adoption_speed=0.0)
    Ys = out["stated_total"]["grdp_constant_vnd_bn"][0]
    Dc = out["additive"]["core_va_constant_vnd_bn"][0]
    assert (out["additive"]["adoption"][0] == out["additive"]["adoption"][0, 0]).all()
    assert not np.allclose(Dc, Dc[0] * Ys / Ys[0], rtol=1e-3)  # the case is not trivial
    np.testing.assert_allclose(out["additive"]["grdp_constant_vnd_bn"][0] - Ys,
                               Dc - Dc[0] * Ys / Ys[0], rtol=1e-9)


def test_no_digital_growth_beyond_the_trend_gives_the_stated_path():
    """Core VA growing exactly at the stated rate (an electronics shock chosen so that
    Dc_k = Dc0 Y^s_k/Y0) and no digitalisation: additive GRDP is the stated path and the
    share is constant at constant prices."""
    cal = synthetic_calibration()
    base = run("stated_total", cal, adoption_speed=0.0)
    Ys, K = base["grdp_constant_vnd_bn"][0], base["core_capital_constant_vnd_bn"][0]
    alpha = resolve_params({}, cal, H)["output_elasticity_core"]
    shock = (Ys / Ys[0]) / (K / K[0]) ** alpha - 1.0     # 0 in the base year
    out = run("additive", cal, adoption_speed=0.0, electronics_shock=shock)
    np.testing.assert_allclose(out["grdp_constant_vnd_bn"][0], Ys, rtol=1e-12)
    np.testing.assert_allclose(out["de_share_constant"][0], out["de_share_constant"][0, 0],
                               rtol=1e-12)


def test_first_projected_year_by_hand():
    """2024 of the synthetic calibration in ``additive``, every step from the formulas
    (the capital and adoption steps as in tests/test_model_engine.py)."""
    cal = synthetic_calibration()
    p = engine_params(resolve_params({"output_mode": "additive", "naive_baseline_weight": 0.0},
                                     cal, H))
    out = simulate_paths(cal, p, H)
    phi, delta, alpha, g0, g = 0.915, p["capacity_decay"], p["output_elasticity_core"], 0.10, 0.10
    share, frac, d = 0.02, 0.37, 0.7
    w = lag_weights(1.0, p["fdi_lag_span_years"])
    Y0, P0, s0 = cal.grdp_constant_vnd_bn, cal.deflator, cal.de_share
    hist = cal.history
    disb = d * 3.0 * frac * w.sum()
    inv = [(share * hist["total_investment_vnd_bn"][i] + disb * 25_000.0) / hist["deflator"][i]
           for i in (-3, -2, -1)]
    K0 = np.mean(inv) * (1 + g0) / (g0 + delta)
    K1 = (1 - delta) * K0 + inv[-1]
    Dc0 = phi * s0 * Y0
    Dc1 = Dc0 * (K1 / K0) ** alpha
    a0 = (1 - phi) * s0 / (1 - phi * s0)
    P1 = P0 * 1.03
    kappa = min(1.0, 0.02 * ((0.001 * Y0 * 1.10 * P1 / P1) / cal.dx_ref_real) ** 0.5)
    a1 = a0 + kappa * a0 * (1 - a0 / 0.40)
    # the totals of the additive mode
    N0 = Y0 - Dc0 - a0 * (Y0 - Dc0)
    N1 = N0 * (1 + g)
    Dd1 = a1 / (1 - a1) * N1
    Y1 = Dc1 + Dd1 + N1
    s1 = (1 + p["digital_relative_price_drift"]) * (Dc1 + Dd1) / Y1
    assert out["non_digital_va_constant_vnd_bn"][0, 1] == pytest.approx(N1, rel=1e-12)
    assert out["digitalised_va_constant_vnd_bn"][0, 1] == pytest.approx(Dd1, rel=1e-12)
    assert out["grdp_constant_vnd_bn"][0, 1] == pytest.approx(Y1, rel=1e-12)
    assert out["grdp_growth_real"][0, 1] == pytest.approx(Y1 / Y0 - 1, rel=1e-12)
    assert out["grdp_current_vnd_bn"][0, 1] == pytest.approx(Y1 * P1, rel=1e-12)
    assert out["de_share"][0, 1] == pytest.approx(s1, rel=1e-12)
    # investment defaults are ratios to the *stated* nominal GRDP (Y0 1.10 P1), not Y1 P1
    assert out["total_investment_vnd_bn"][0, 1] == pytest.approx(0.4 * Y0 * 1.10 * P1, rel=1e-12)


# ---------------------------------------------------------------- property ----------------
@settings(max_examples=25, deadline=None)
@given(lo=st.floats(0.0, 3.0), step=st.floats(0.1, 3.0))
def test_more_digital_fdi_adds_gdp_only_in_additive(lo, step):
    """Digital FDI from 2026: in additive GRDP rises with it (and the share still rises, the
    goal-seek's assumption); on a stated total GRDP does not move."""
    cal = synthetic_calibration()
    years = np.arange(cal.year, H + 1)

    def fdi(level):
        return np.where(years >= 2026, level, np.nan)

    for mode in MODES:
        a = run(mode, cal, fdi_digital_usd_bn=fdi(lo))
        b = run(mode, cal, fdi_digital_usd_bn=fdi(lo + step))
        Ya, Yb = a["grdp_constant_vnd_bn"][0], b["grdp_constant_vnd_bn"][0]
        assert (b["de_share"][0] >= a["de_share"][0] - 1e-15).all()
        if mode == "stated_total":
            np.testing.assert_array_equal(Ya, Yb)
            np.testing.assert_array_equal(a["grdp_current_vnd_bn"], b["grdp_current_vnd_bn"])
        else:
            later = years >= 2027  # registered in 2026, capacity (and output) from 2027
            assert (Yb[later] > Ya[later]).all() and (Yb[~later] == Ya[~later]).all()
            # the extra GRDP is exactly the extra core VA: N does not move, Dd = a/(1-a) N
            np.testing.assert_allclose(Yb - Ya, b["core_va_constant_vnd_bn"][0]
                                       - a["core_va_constant_vnd_bn"][0], rtol=1e-9, atol=1e-6)


# ---------------------------------------------------------------- the requirement ---------
@pytest.fixture(scope="module")
def requirements():
    from hpresearch.invest import goal_seek

    return {m: goal_seek("trend", lever="fdi_digital", boundary="merged",
                         overrides={"output_mode": m}) for m in MODES}


def test_stated_total_requirement_is_the_default_one(requirements):
    from hpresearch.invest import goal_seek

    default = goal_seek("trend", lever="fdi_digital", boundary="merged")
    assert requirements["stated_total"].value == default.value
    assert requirements["stated_total"].notes == default.notes  # the default adds no note


@pytest.mark.filterwarnings("ignore::hpresearch.parameters.registry.ScenarioWarning")
def test_requirement_in_both_modes_reaches_the_target_in_that_mode(requirements):
    """The solved level, held from the first policy year, gives the target share in 2030 in
    its own mode; in additive digital output also raises GRDP, so each dollar raises the share
    less (docs/model.md §3.9) and the requirement is larger."""
    for mode, res in requirements.items():
        assert np.isfinite(res.value) and res.status in ("solved", "too_fast"), mode
        s0, s1 = res.policy_years
        df = project("trend", boundary="merged", overrides={
            "output_mode": mode, "fdi_digital_usd_bn": {s0: res.value, s1: res.value}})
        assert df.loc[2030, "de_share"] == pytest.approx(res.target, abs=1e-7), mode
    assert requirements["additive"].value > requirements["stated_total"].value
    assert any("Output mode additive" in n for n in requirements["additive"].notes)


# ---------------------------------------------------------------- Monte Carlo, CLI --------
def test_the_monte_carlo_runs_every_draw_in_the_scenario_mode():
    from hpresearch.uncertainty.montecarlo import Draws, run_draws
    from hpresearch.uncertainty.spec import build_spec

    spec = build_spec("trend", boundary="merged", overrides={"output_mode": "additive"})
    assert spec.meta["output_mode"] == spec.base_params["output_mode"] == "additive"
    det = spec.run(dict(spec.base_params))["de_share"][0]
    np.testing.assert_allclose(det, project("trend", overrides={"output_mode": "additive"})
                               ["de_share"].to_numpy(), rtol=1e-12)
    out = run_draws(spec, Draws.make(spec, 64, 3))
    np.testing.assert_allclose(out["core_va_constant_vnd_bn"]
                               + out["digitalised_va_constant_vnd_bn"]
                               + out["non_digital_va_constant_vnd_bn"],
                               out["grdp_constant_vnd_bn"], rtol=1e-12)
    assert build_spec("trend", boundary="merged").meta["output_mode"] == "stated_total"


def test_a_scenario_file_sets_the_mode(tmp_path):
    f = tmp_path / "trend_additive.yaml"
    f.write_text("meta: {title: t, description: d, author: a, reference: [x], modifies: trend}\n"
                 "params: {output_mode: additive}\n", encoding="utf-8")
    a = project(f)
    b = project("trend", overrides={"output_mode": "additive"})
    np.testing.assert_array_equal(a["de_share"], b["de_share"])
    assert a.attrs["output_mode"] == "additive"
    # an override wins over the file
    assert project(f, overrides={"output_mode": "stated_total"}).attrs["output_mode"] == \
        "stated_total"


def test_the_command_line_flag(capsys):
    code = main(["project", "trend", "--output-mode", "additive", "--format", "csv"])
    cap = capsys.readouterr()
    assert code == 0 and "# Output mode additive:" in cap.err
    import io

    got = pd.read_csv(io.StringIO(cap.out), index_col="year")
    want = project("trend", overrides={"output_mode": "additive"})
    np.testing.assert_allclose(got["de_share"], want["de_share"], rtol=1e-9)
    # --output-mode comes after --set, so it wins
    code = main(["project", "trend", "--set", "output_mode=additive", "--output-mode",
                 "stated_total", "--format", "csv"])
    cap = capsys.readouterr()
    assert code == 0 and "# Output mode stated_total:" in cap.err
    code = main(["project", "trend", "--output-mode", "sum"])
    cap = capsys.readouterr()
    assert code == 2 and cap.out == ""
    assert cap.err.strip() == ("error: --output-mode: value 'sum' is not one of stated_total, "
                               "additive")
