"""The scenario explorer (hpresearch.explore), driven without a browser.

Each control is moved through its widget (as a user would) and the explorer's results must
be exactly what :func:`hpresearch.model.project` gives with the same parameters; "save as
scenario" must round-trip; labels must come from the catalogue in both languages; a bad
typed value must be refused with the command line's one-line message, the state unchanged.
"""
from __future__ import annotations

import html
import subprocess
import sys
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import yaml

from hpresearch import invest, model
from hpresearch.errors import ScenarioError
from hpresearch.explore import ExplorerSession, explorer
from hpresearch.explore.controls import RANKING_DRAWS, TO_GRDP
from hpresearch.i18n import Localizer, catalogue, t
from hpresearch.model.projection import COLUMNS
from hpresearch.parameters.registry import load_registry, param_text

ROOT = Path(__file__).resolve().parents[1]
LEVERS = ("core_domestic_investment_vnd_bn", "fdi_digital_usd_bn", "dx_spending_vnd_bn")

pytestmark = pytest.mark.filterwarnings("ignore::UserWarning")


@pytest.fixture
def ex():
    return explorer("trend", boundary="merged", lang="en")


def _same(a: pd.DataFrame, b: pd.DataFrame) -> None:
    pd.testing.assert_frame_equal(a, b, check_exact=True)


def _cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "hpresearch", *args], capture_output=True,
                          text=True, cwd=ROOT)


# -- every control changes the results exactly as model.project does ---------------------
def test_results_have_the_projection_columns(ex):
    assert list(ex.results.columns) == ["row", *COLUMNS]
    _same(ex.results, model.project("trend", boundary="merged"))


@pytest.mark.parametrize("lever", LEVERS)
def test_lever_slider_is_the_same_as_set_from_the_first_policy_year(ex, lever):
    row = ex.rows[lever]
    value = round((row.slider.min + row.slider.max) / 3, row.control.digits)
    row.slider.value = value
    start = ex.state["policy_start_year"]
    assert start == max(2026, ex.session.calibration.year + 1)
    _same(ex.results, model.project("trend", boundary="merged",
                                    overrides=[f"{lever}.{start}={value!r}"]))
    assert ex.state["changed"] == {lever: value}


@pytest.mark.parametrize("lever", LEVERS)
def test_lever_typed_as_share_of_grdp(lever):
    ex = explorer("trend", boundary="merged", lang="vi")
    ex.rows[lever].to_grdp.value = "1,5"             # 1.5% of GRDP, Vietnamese decimal comma
    start = ex.state["policy_start_year"]
    base = model.project("trend", boundary="merged")
    policy = base.loc[start:2030]
    # VND per lever unit over nominal GRDP, read off the projection's own columns
    ratio_col = {"fdi_digital_usd_bn": "fdi_digital_registered_to_grdp",
                 "dx_spending_vnd_bn": "dx_spending_to_grdp",
                 "core_domestic_investment_vnd_bn": "core_domestic_investment_to_grdp"}[lever]
    factor = float(np.mean(policy[ratio_col] / policy[lever]))
    level = ex.state["values"][lever]
    assert level == pytest.approx(0.015 / factor, rel=1e-12)
    assert ex.state["to_grdp"][lever] == pytest.approx(0.015, rel=1e-12)
    _same(ex.results, model.project("trend", boundary="merged",
                                    overrides={lever: {start: level}}))
    ex.set(**{lever + TO_GRDP: 0.01})                 # the text API takes a fraction
    assert ex.state["to_grdp"][lever] == pytest.approx(0.01, rel=1e-12)


def test_drivers_are_the_top_of_the_tornado_and_move_the_results(ex):
    from hpresearch.uncertainty.sensitivity import scenario_tornado
    from hpresearch.uncertainty.spec import build_spec

    table = scenario_tornado(build_spec("trend", boundary="merged"), draws=RANKING_DRAWS)
    share = table[table["output"] == "share"].sort_values("swing", ascending=False)
    expected = [p for p in share["parameter"] if p not in LEVERS][:4]
    drivers = [n for n, c in ex.session.controls.items() if c.kind == "driver"]
    assert drivers == expected
    for name in drivers:
        row = ex.rows[name]
        value = round(row.slider.min + 0.7 * (row.slider.max - row.slider.min), row.control.digits)
        row.slider.value = value
        _same(ex.results, model.project("trend", boundary="merged", overrides={name: value}))
        ex.reset()


def test_typed_level_in_each_language(ex):
    ex.rows["fdi_digital_usd_bn"].level.value = "6.25"
    start = ex.state["policy_start_year"]
    expected = model.project("trend", boundary="merged",
                             overrides={"fdi_digital_usd_bn": {start: 6.25}})
    _same(ex.results, expected)
    ex.set(lang="vi")
    ex.rows["dx_spending_vnd_bn"].level.value = "1.200"  # Vietnamese thousands separator
    assert ex.state["values"]["dx_spending_vnd_bn"] == 1200.0
    assert ex.rows["fdi_digital_usd_bn"].level.value == "6,25"


def test_boundary_basis_and_target_selectors(ex):
    from hpresearch.data import official_targets

    ex.boundary.value = "pre_merger"
    _same(ex.results, model.project("trend", boundary="pre_merger"))
    keys = [k for _, k in ex.target.options]
    expected = [f"official:{r['obs_id']}" for y, r in
                official_targets(None, "hai_phong").items()
                if ex.session.calibration.year < y <= 2030]
    assert keys == expected
    ex.boundary.value = "merged"
    ex.basis.value = "mic"
    _same(ex.results, model.project("trend", boundary="merged", basis="mic"))
    ex.basis.value = "gso"
    equivalent = next(k for _, k in ex.target.options if k.startswith("equivalent:"))
    ex.target.value = equivalent
    value = model.merged_equivalent(0.40)["value"]
    assert ex.state["target"]["value"] == pytest.approx(value, abs=1e-15)
    _same(ex.results, model.project("trend", boundary="merged",
                                    overrides={"target_share": ex.state["target"]["value"]}))
    assert "diendandoanhnghiep.vn" in ex.target_source.value      # the old city's source
    official = next(k for _, k in ex.target.options if k.startswith("official:"))
    ex.target.value = official
    assert "plo.vn" in ex.target_source.value


def test_live_numbers_are_the_api_answers(ex):
    ex.rows["fdi_digital_usd_bn"].slider.value = 5.0
    ex.lever.value = "dx_spending_vnd_bn"
    n = ex.numbers
    start = ex.state["policy_start_year"]
    ov = {"fdi_digital_usd_bn": {start: 5.0}}
    df = model.project("trend", boundary="merged", overrides=ov)
    assert n.share == df.loc[2030, "de_share"]
    # the reports' sign: target minus share, positive = short of the target
    assert n.gap == pytest.approx(0.35 - df.loc[2030, "de_share"], abs=1e-15)
    gs = invest.goal_seek("trend", target=0.35, year=2030, lever="dx_spending_vnd_bn",
                         boundary="merged", overrides=ov)
    assert (n.required_status, n.required_value) == (gs.status, gs.value)
    assert gs.status in ("solved", "too_fast", "unreachable", "already_reached")
    L = Localizer("en")
    assert L(f"status.{gs.status}") in ex.numbers_box.value
    assert L.percent(n.share, 2) in ex.numbers_box.value
    assert n.p_target is None


def test_uncertainty_toggle_draws_the_fan_and_p_target(ex):
    from hpresearch.backtest import share_record
    from hpresearch.defaults import DRAWS, REPORT_SEED
    from hpresearch.uncertainty.montecarlo import simulate_spec
    from hpresearch.uncertainty.spec import build_spec

    ex.rows["fdi_digital_usd_bn"].slider.value = 8.0
    ex.uncertainty.value = True
    start = ex.state["policy_start_year"]
    # the reports' draws, seed and fan: a changed slider recomputes the same answer
    sim = simulate_spec(build_spec("trend", boundary="merged",
                                   overrides={"fdi_digital_usd_bn": {start: 8.0}}),
                        draws=DRAWS, seed=REPORT_SEED, target=0.35, target_year=2030,
                        diagnose=False, fan=share_record().fan)
    assert ex.numbers.p_target == sim.p_target
    assert ex.numbers.median == float(sim.bands.loc[2030, "p50"])
    assert ex.session.simulation.draws == DRAWS
    assert ex.fan.value and ex.fan.layout.display is None
    from matplotlib.figure import Figure
    assert isinstance(ex.fan_figure, Figure)
    ex.uncertainty.value = False
    assert ex.fan.layout.display == "none" and ex.numbers.p_target is None


def test_figure_shows_baseline_and_current_with_target_and_merger(ex):
    from matplotlib.figure import Figure

    from hpresearch.plots import alt_text

    ex.set(fdi_digital_usd_bn=6.0)
    fig = ex.figure
    assert isinstance(fig, Figure)
    ax = fig.axes[0]
    labels = [line.get_label() for line in ax.get_lines()]
    assert t("explore.current", "en") in labels
    assert any(label.startswith("starting scenario") for label in labels)
    assert "35" in alt_text(fig)
    texts = [x.get_text() for x in ax.texts]
    assert t("chart.merger", "en") in texts
    assert ex.chart.value[:8] == b"\x89PNG\r\n\x1a\n"


@pytest.mark.parametrize("boundary, derived", [("merged", True), ("pre_merger", False)])
def test_the_derived_start_is_never_labelled_observed(boundary, derived):
    """Issue 20: the merged city's 2025 share is derived from a 2021-2025 figure; the chart
    draws it hollow as derived. The old city's 2023 share is published: observed."""
    session = ExplorerSession("trend", boundary=boundary, lang="en")
    ax = session.figure.axes[0]
    labels = [c.get_label() for c in ax.collections]
    derived_label = t("chart.derived_basis", "en").format(basis="GSO")
    observed_label = t("chart.observed_basis", "en").format(basis="GSO")
    assert (derived_label in labels) is derived
    assert (observed_label in labels) is (not derived)
    assert session.derived_share_years == ([2025] if derived else [])


def _pixels(png: bytes) -> np.ndarray:
    import io

    from PIL import Image
    return np.asarray(Image.open(io.BytesIO(png)).convert("RGB"), dtype=int)


def test_a_lever_move_redraws_only_the_current_path_as_a_full_drawing_would():
    """The blitted chart (issue 20's latency: only the moved path is redrawn) shows what the
    session's figure shows, drawn in full on the same vertical range: differing pixels only
    where the current path crosses other marks (it is drawn last)."""
    from hpresearch.explore.widgets import figure_png

    ex = explorer("trend", boundary="merged", lang="en")
    start = ex.session.value("fdi_digital_usd_bn")
    ylim = ex.session.figure.axes[0].get_ylim()
    before = ex.chart.value
    ex.set(fdi_digital_usd_bn=start * 1.1)
    blitted = _pixels(ex.chart.value)
    fig = ex.session.figure
    fig.axes[0].set_ylim(ylim)
    full = _pixels(figure_png(fig))
    assert blitted.shape == full.shape
    assert not np.array_equal(blitted, _pixels(before))          # the path moved
    differ = (np.abs(blitted - full).max(axis=2) > 60).mean()
    assert differ < 0.001, differ   # the path before the move differs at ~0.006
    # a move beyond the vertical range draws the figure afresh, on a range that holds it
    ex.set(fdi_digital_usd_bn=ex.rows["fdi_digital_usd_bn"].control.high)
    share = 100 * ex.results["de_share"]
    low, high = ex._path.line.axes.get_ylim()
    assert low <= share.min() and share.max() <= high


# -- save as scenario ---------------------------------------------------------------------
def _downloaded(ex, tmp_path):
    """Click the download button and save what the link holds, as a browser would."""
    import base64
    import re

    ex.save_button.click()
    m = re.search(r'download="([^"]+)" href="data:text/yaml;charset=utf-8;base64,([^"]+)"',
                  ex.download.value)
    assert m, ex.download.value
    out = tmp_path / m.group(1)
    out.write_bytes(base64.b64decode(m.group(2)))
    return out


def test_save_as_scenario_round_trips(ex, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # nothing may be written on the server
    ex.set(fdi_digital_usd_bn=6.0, initial_capital_growth=0.12)
    ex.target.value = next(k for _, k in ex.target.options if k.startswith("equivalent:"))
    (tmp_path / "browser").mkdir()
    out = _downloaded(ex, tmp_path / "browser")
    assert [p.name for p in tmp_path.iterdir()] == ["browser"]
    assert t("explore.saved", "en") in ex.message_box.value
    doc = yaml.safe_load(out.read_text(encoding="utf-8"))
    assert doc["meta"]["modifies"] == "trend"
    assert set(doc["params"]) == {"fdi_digital_usd_bn", "initial_capital_growth",
                                  "target_share"}
    assert _cli("validate", str(out)).returncode == 0
    df = model.project(str(out), boundary="merged")
    assert abs(df.loc[2030, "de_share"] - ex.results.loc[2030, "de_share"]) <= 1e-9
    _same(df, ex.results)                              # the whole table, not only 2030
    assert doc["meta"]["title_vi"] and doc["meta"]["description_vi"]
    # the description names the boundary and basis in words, not codes
    assert "merged" not in doc["meta"]["description_vi"] and "gso" not in \
        doc["meta"]["description_vi"]


def test_save_writes_only_what_changed(tmp_path):
    s = ExplorerSession("plan", boundary="merged", lang="en")
    s.set(capacity_decay=0.07)                        # = the registry default: no change
    doc = s.scenario_document(tmp_path / "x.yaml")
    assert doc["params"] == {} and doc["meta"]["modifies"] == "plan"
    s.set(dx_spending_vnd_bn=900)
    path = s.save_scenario(tmp_path / "x.yaml")
    assert yaml.safe_load(path.read_text())["params"] == {
        "dx_spending_vnd_bn": {s.start_year: 900.0}}
    assert model.project(str(path), boundary="merged").loc[2030, "de_share"] == pytest.approx(
        s.results.loc[2030, "de_share"], abs=1e-9)


# -- languages ----------------------------------------------------------------------------
def _texts(widget) -> list[str]:
    out = []
    for attr in ("description", "value", "tooltip"):
        v = getattr(widget, attr, None)
        if isinstance(v, str):
            out.append(v)
    for opt in getattr(widget, "options", ()) or ():
        out.append(opt[0] if isinstance(opt, tuple) else str(opt))
    for child in getattr(widget, "children", ()) or ():
        out += _texts(child)
    return out


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_labels_come_from_the_catalogue(lang):
    ex = explorer("trend", boundary="merged", lang=lang)
    text = html.unescape("\n".join(_texts(ex)))
    for key in ("explore.title", "explore.guide", "explore.save", "explore.reset",
                "explore.boundary", "explore.basis", "explore.target",
                "explore.lever_for_target", "explore.to_grdp", "explore.as_scenario",
                "explore.p_off", "boundary.merged", "basis.gso", "lang.vi"):
        assert t(key, lang if key != "lang.vi" else "vi") in text, key
    for name, row in ex.rows.items():
        assert html.unescape(row.label.value) == f"<b>{param_text(name, 'title', lang)}</b>"
        spec = load_registry()[name]
        assert param_text(name, "unit", lang) in row.label.tooltip
        # English: the registry's citation; Vietnamese: the addresses it cites (the
        # citations are written in English)
        assert row.control.source(lang) in row.label.tooltip
        if lang == "en":
            assert spec.citation in row.label.tooltip
        else:
            assert "data panel" not in row.label.tooltip and "http" in row.control.source(lang)
        lo = row.control.format(row.control.low, lang)
        assert lo in row.label.tooltip
    other = "en" if lang == "vi" else "vi"
    for key, entry in catalogue().items():
        if key.startswith("explore.") and "{" not in entry[other] and entry[other] != entry[lang]:
            assert entry[other] not in text, key
    decimal = "," if lang == "vi" else "."
    assert Localizer(lang).percent(ex.numbers.share, 2) in ex.numbers_box.value
    assert decimal in Localizer(lang).percent(ex.numbers.share, 2)


def test_language_switch_relabels_and_keeps_the_state():
    ex = explorer("trend", boundary="merged", lang="vi")
    ex.set(fdi_digital_usd_bn=6.0)
    before = ex.results.copy()
    ex.lang_toggle.value = "en"
    assert t("explore.save", "en") == ex.save_button.description
    assert ex.state["lang"] == "en" and ex.state["changed"] == {"fdi_digital_usd_bn": 6.0}
    _same(ex.results, before)
    assert t("explore.current", "en") in [line.get_label() for line in ex.figure.axes[0].get_lines()]


# -- bad values -----------------------------------------------------------------------------
@pytest.mark.parametrize("typed", ["abc", "-1", "99"])
def test_bad_typed_value_gets_the_cli_message_and_keeps_the_state(ex, typed):
    """The explorer says what the command line says, without the flag (``--set``)."""
    ex.set(fdi_digital_usd_bn=4.0)
    state, results = ex.state, ex.results.copy()
    cli = _cli("project", "trend", f"--set=fdi_digital_usd_bn={typed}")
    assert cli.returncode == 2
    line = cli.stderr.strip()
    assert len(line.splitlines()) == 1 and line.startswith("error: ")
    ex.rows["fdi_digital_usd_bn"].level.value = typed
    message = line.removeprefix("error: --set ")
    assert message != line and "--" not in message
    # the rule the command line states, named by the parameter's title instead of its key
    box = html.unescape(ex.message_box.value)
    title = "Registered FDI into core digital industries"
    rule = message.split(": ", 1)[-1].replace("fdi_digital_usd_bn", title)
    assert rule in box and "fdi_digital_usd_bn" not in box
    assert ex.state == state
    _same(ex.results, results)
    assert ex.rows["fdi_digital_usd_bn"].level.value == "4.00"     # the input shows it again
    with pytest.raises(ScenarioError) as err:
        ex.set(fdi_digital_usd_bn=typed)
    assert f"error: --set {err.value}" == line
    assert ex.state == state


def test_a_refused_projection_restores_every_setting():
    s = ExplorerSession("trend", boundary="merged", lang="en")
    s.set(fdi_digital_usd_bn=3.0)
    state = s.state
    with pytest.raises(ScenarioError):
        s.set(boundary="pre_merger", dx_spending_vnd_bn=-5)
    assert s.state == state and s.boundary == "merged"


# -- speed guards: debounce -------------------------------------------------------------------
def test_sliders_and_inputs_send_only_when_released(ex):
    for row in ex.rows.values():
        assert row.slider.continuous_update is False
        assert row.level.continuous_update is False
        assert row.to_grdp.continuous_update is False


@pytest.mark.slow
def test_explorer_notebook_runs_headless(tmp_path):
    import papermill

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        papermill.execute_notebook(str(ROOT / "notebooks" / "05_explorer.ipynb"),
                                   str(tmp_path / "out.ipynb"), parameters={"lang": "en"},
                                   cwd=str(ROOT), progress_bar=False, kernel_name="python3")
    import nbformat

    nb = nbformat.read(tmp_path / "out.ipynb", as_version=4)
    last = nb.cells[-1].outputs
    assert any("application/vnd.jupyter.widget-view+json" in o.get("data", {}) for o in last)


def test_a_refused_value_is_named_by_its_title_in_the_readers_language():
    """No command-line flag or parameter key in the message; Vietnamese in Vietnamese."""
    vi = explorer("trend", boundary="merged", lang="vi")
    vi.rows["fdi_digital_usd_bn"].level.value = "abc"
    text = vi.message_box.value
    assert "Vốn FDI đăng ký" in text and "«abc»" in text and "giữ nguyên" in text
    assert "fdi_digital_usd_bn" not in text and "--set" not in text and "value" not in text
    en = explorer("trend", boundary="merged", lang="en")
    en.rows["fdi_digital_usd_bn"].level.value = "abc"
    assert "Registered FDI" in en.message_box.value and "fdi_digital_usd_bn" not in \
        en.message_box.value
