"""The single-file explorer (issue 21): ``hpresearch explore --export`` and the page.

One page is exported once for the module through the command line, for every shipped
scenario on both boundaries, with the smallest Monte Carlo the explorer accepts (2,000 draws,
the reports' seed) so that the module stays fast; the mechanism is the same at the reports'
10,000 draws. Checked:

* without a browser: the size (at most 5 MB), no external resource, the reports' numbers at
  each scenario's own setting (``summary.csv``'s row, from the same answers), every node of
  the deterministic grid equal to :func:`hpresearch.model.project`; the command line's
  refusals (one line, exit 2, no file);
* in headless Chromium from ``file://`` (``slow``): the page's own numbers at 50 random lever
  settings per scenario and boundary against the engine - deterministic path within
  :data:`TOL_PATH`, fan and P at :data:`MC_SETTINGS` of them within :data:`TOL_BAND` and
  :data:`TOL_P` (a full simulation each, the explorer session's route); exact at the
  scenario's own setting and at the Monte Carlo nodes; the URL state round-trips; no request
  leaves the file; the 390 px view does not scroll sideways.
"""
from __future__ import annotations

import warnings
from pathlib import Path

import numpy as np
import pytest
from chromium import chromium_or_skip
from explorer_reference import (PAGE_COMPUTE, engine_mc, engine_path, random_settings)
from page_resources import remote_resources

from hpresearch.cli import main
from hpresearch.explore import standalone
from hpresearch.model import list_scenarios

#: Draws of the module's page (the explorer's minimum) and the reports' seed.
DRAWS = 2000
#: Tolerances of the page against the engine between computed points (fractions of GRDP,
#: P as a fraction); docs/explorer.md gives the largest differences measured.
TOL_PATH = 5e-4
TOL_BAND = 0.01
TOL_P = 0.03
#: Random settings per scenario and boundary, and how many of them get a full Monte Carlo.
SETTINGS = 50
MC_SETTINGS = 3
#: At computed points the page is the engine (floating-point sums of the interpolation).
EXACT = 1e-12


@pytest.fixture(scope="module")
def page(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("explorer") / "explorer.html"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        assert main(["explore", "--export", str(path), "--draws", str(DRAWS)]) == 0
    return path


@pytest.fixture(scope="module")
def data(page) -> dict:
    return standalone.read_data(page.read_text(encoding="utf-8"))


# ---- the file -----------------------------------------------------------------------------
def test_file_is_small_and_loads_nothing(page, data):
    html = page.read_text(encoding="utf-8")
    assert page.stat().st_size <= 5_000_000
    assert remote_resources(html) == []
    assert "<script src" not in html and "<link" not in html
    assert set(data["combos"]) == {f"{s}|{b}" for s in list_scenarios()
                                   for b in ("merged", "pre_merger")}
    assert data["langs"] == ["vi", "en"]


def test_default_setting_is_the_summary_row(data):
    """At each scenario's own setting the page holds summary.csv's numbers, to the digit."""
    from hpresearch.report.answers import answer, summary_table

    answers = [answer(c["scenario"], boundary=c["boundary"], draws=DRAWS)
               for c in data["combos"].values()]
    for (_, row), combo in zip(summary_table(answers).iterrows(), data["combos"].values()):
        for key, value in combo["summary"].items():
            if isinstance(value, float):
                assert value == row[key], (combo["scenario"], combo["boundary"], key)
            elif value is None:
                assert np.isnan(row[key])
            else:
                assert value == row[key], (combo["scenario"], combo["boundary"], key)
        t = combo["years"].index(combo["year"])
        d = combo["default"]
        assert (d["p50"][t], d["p10"][t], d["p90"][t], d["det"][t]) == (
            row["share_median"], row["share_p10"], row["share_p90"], row["share_deterministic"])
        assert (d["p_official"], d["p_goal40"]) == (row["p_official_target"], row["p_goal40"])


def test_texts_are_the_reports_sentences(data):
    from hpresearch.i18n import Localizer
    from hpresearch.report import narrative
    from hpresearch.report.answers import answer

    combo = data["combos"]["plan|merged"]
    ans = answer("plan", boundary="merged", draws=DRAWS)
    for lang in ("vi", "en"):
        L = Localizer(lang)
        assert combo["texts"][lang]["verdict"] == narrative.scenario_verdict(L, ans)
        assert combo["texts"][lang]["reality"] == narrative.reality_sentence(L, ans)
        assert combo["texts"][lang]["basis"] == narrative.basis_sentence(L, ans)
    assert data["labels"]["vi"]["title"] != data["labels"]["en"]["title"]


def test_published_points_say_which_city(data):
    """Issue 20 on the page: on the merged boundary the published shares are the old city's
    (29.7% in 2023), drawn with a legend that says so, never as the merged city's."""
    from hpresearch.i18n import Localizer
    from hpresearch.plots.uncertainty_charts import observed_label

    merged = [c for c in data["combos"].values() if c["boundary"] == "merged"]
    assert merged
    for c in merged:
        bases = {b for _, _, b in c["history"]}
        assert bases and all("pre-merger" in b for b in bases), bases
        assert [2023, 0.297] in [[y, round(v, 4)] for y, v, _ in c["history"]]
    for lang in ("vi", "en"):
        label = data["labels"][lang]["observed_labels"]["gso, pre-merger HP"]
        assert label == observed_label(Localizer(lang), "gso, pre-merger HP")[0]
        assert ("trước sáp nhập" if lang == "vi" else "before the merger") in label


def test_grid_nodes_are_the_engine(data):
    """Random nodes of the deterministic grid against model.project at that setting."""
    rng = np.random.default_rng(5)
    levers = data["levers"]
    for combo in data["combos"].values():
        grid = standalone.unb64(combo["grid"]).reshape(-1, len(combo["years"]))
        n = [lv + 1 for lv in data["grid_levels"]]
        for _ in range(4):
            idx = [int(rng.integers(0, k)) for k in n]
            setting = {}
            for lv, i, k in zip(levers, idx, n):
                u = (i - 1) / (k - 2)
                setting[lv["key"]] = (None if i == 0 else
                                      lv["low"] + (lv["high"] - lv["low"]) * u ** lv["power"])
            row = grid[(idx[0] * n[1] + idx[1]) * n[2] + idx[2]]
            np.testing.assert_allclose(row, engine_path(combo, levers, setting), rtol=0,
                                       atol=EXACT)


# ---- the command line ----------------------------------------------------------------------
@pytest.mark.parametrize("args, message", [
    (["--export", "{tmp}/missing/x.html"], "folder that does not exist"),
    (["--export", "{tmp}"], "is a folder, a link or not a regular file"),
    (["--export", "{tmp}/x.html", "--scenario", "nosuch"], "no such scenario"),
    (["--export", "{tmp}/x.html", "--draws", "5"], "--draws: value 5"),
])
def test_bad_input_is_one_line_exit_2_and_no_file(tmp_path, capsys, args, message):
    args = [a.replace("{tmp}", str(tmp_path)) for a in args]
    assert main(["explore", *args]) == 2
    err = capsys.readouterr().err
    assert message in err and err.count("\n") == 1
    assert list(tmp_path.iterdir()) == []


def test_a_scenario_file_is_exported_by_its_path(tmp_path, monkeypatch, data):
    """A scenario given as a YAML file (no shipped name to find it by) is read from its file
    for the grid and the Monte Carlo nodes too."""
    from hpresearch.paths import scenarios_dir

    # plan's content under another name (a scenario is named after its file)
    (tmp_path / "mine.yaml").write_text((scenarios_dir() / "plan.yaml").read_text("utf-8"))
    monkeypatch.chdir(tmp_path)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        assert main(["explore", "--export", "page.html", "--scenario", "mine.yaml",
                     "--draws", str(DRAWS)]) == 0
    held = standalone.read_data((tmp_path / "page.html").read_text(encoding="utf-8"))
    assert held["scenarios"] == ["mine"]
    # the same content as plan: the same grid as plan's in the module's page
    assert held["combos"]["mine|merged"]["grid"] == data["combos"]["plan|merged"]["grid"]


def test_existing_file_is_kept_without_force(tmp_path, capsys):
    target = tmp_path / "x.html"
    target.write_text("mine")
    assert main(["explore", "--export", str(target)]) == 2
    assert "exists; add --force" in capsys.readouterr().err
    assert target.read_text() == "mine"


def test_render_command_passes_the_explorer(tmp_path, monkeypatch):
    """`hpresearch render` (what `make reports` runs) has the render write explorer.html."""
    from hpresearch.render import batch

    seen = {}

    def fake_render(jobs, out_dir=None, **kwargs):
        seen.update(kwargs)
        return batch.RenderSummary(out_dir=Path(out_dir), results=[])

    monkeypatch.setattr(batch, "render", fake_render)
    main(["render", "trend", "--lang", "en", "--out", str(tmp_path / "out"), "--no-progress"])
    assert ("explorer.html", standalone.write_explorer) in seen["outputs"]


def test_render_refuses_a_foreign_explorer_html(tmp_path):
    """explorer.html is among the names a render checks: a user's file is never replaced."""
    from types import SimpleNamespace

    from hpresearch.errors import UsageError
    from hpresearch.render.batch import check_targets
    from hpresearch.render.summary import SUMMARY_FILES

    assert "explorer.html" in SUMMARY_FILES
    (tmp_path / "explorer.html").write_text("a user's page")
    job = SimpleNamespace(notebook="02_scenario_report", stem="02_scenario_report_plan_en",
                          parameters={})
    with pytest.raises(UsageError, match="explorer.html"):
        check_targets(tmp_path, [job])


def test_render_output_writes_records_and_links_the_page(tmp_path, page):
    """The render's further output (what ``make reports`` passes): explorer.html for the
    summary's scenarios, recorded as hpresearch's and linked from the index."""
    from types import SimpleNamespace

    from hpresearch.paths import notebooks_dir
    from hpresearch.render import ownership
    from hpresearch.render.index import render_index, write_index

    job = SimpleNamespace(notebook="02_scenario_report", stem="02_scenario_report_plan_en",
                          parameters={"scenario": "plan", "draws": DRAWS},
                          notebook_path=str(notebooks_dir() / "02_scenario_report.ipynb"))
    written = standalone.write_explorer(tmp_path, [job])
    assert written == tmp_path / "explorer.html" and ownership.owns(tmp_path, "explorer.html")
    held = standalone.read_data(written.read_text(encoding="utf-8"))
    assert held["scenarios"] == ["plan"] and held["boundaries"] == ["merged", "pre_merger"]
    index = write_index(tmp_path).read_text(encoding="utf-8")
    assert 'href="explorer.html"' not in index          # no summary yet: no answer box
    assert 'href="explorer.html"' in render_index([], _one_row_summary(), {}, explorer=True)


def _one_row_summary():
    from hpresearch.report.answers import answer, summary_table

    return summary_table([answer("plan", boundary="merged", draws=DRAWS)])


# ---- in Chromium ---------------------------------------------------------------------------
@pytest.fixture(scope="module")
def browser():
    chromium, sync_playwright = chromium_or_skip()
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=chromium)
        yield b
        b.close()


def _open(browser, page: Path, hash_: str = "", width: int = 1280):
    tab = browser.new_page(viewport={"width": width, "height": 900})
    outside = []
    tab.on("request", lambda r: outside.append(r.url)
           if not r.url.startswith(("file:", "data:", "blob:")) else None)
    errors = []
    tab.on("pageerror", lambda e: errors.append(str(e)))
    tab.goto(page.resolve().as_uri() + hash_)
    tab.wait_for_selector("body[data-ready]", state="attached", timeout=10000)
    tab.outside, tab.errors = outside, errors
    return tab


@pytest.mark.slow
def test_page_numbers_match_the_engine(browser, page, data):
    """50 random lever settings per scenario and boundary: the page's path within
    TOL_PATH of model.project; fan and P within TOL_BAND and TOL_P of a full simulation of
    the explorer session's spec (MC_SETTINGS of them)."""
    rng = np.random.default_rng(21)
    tab = _open(browser, page)
    worst = {"path": 0.0, "band": 0.0, "p": 0.0}
    for combo in data["combos"].values():
        settings = random_settings(data["levers"], SETTINGS, rng)
        shown = tab.evaluate(PAGE_COMPUTE, [dict(s, scenario=combo["scenario"],
                                                 boundary=combo["boundary"]) for s in settings])
        for s, got in zip(settings, shown):
            worst["path"] = max(worst["path"], float(np.max(np.abs(
                np.array(got["det"]) - engine_path(combo, data["levers"], s)))))
        for s, got in zip(settings[:MC_SETTINGS], shown[:MC_SETTINGS]):
            ref = engine_mc(combo, data["levers"], s)
            worst["band"] = max(worst["band"], *(float(np.max(np.abs(np.array(got[b]) - ref[b])))
                                                 for b in ("p10", "p50", "p90")))
            worst["p"] = max(worst["p"], abs(got["p_official"] - ref["p_official"]),
                             abs(got["p_goal40"] - ref["p_goal40"]))
    print("largest differences:", worst)
    assert worst["path"] <= TOL_PATH and worst["band"] <= TOL_BAND and worst["p"] <= TOL_P
    assert worst["path"] > 0  # between nodes it interpolates (the check can fail)
    assert tab.errors == [] and tab.outside == []


@pytest.mark.slow
def test_page_is_exact_at_the_default_and_at_monte_carlo_nodes(browser, page, data):
    tab = _open(browser, page)
    levers = data["levers"]
    for combo in list(data["combos"].values())[::3]:
        base = {"scenario": combo["scenario"], "boundary": combo["boundary"]}
        default = tab.evaluate(PAGE_COMPUTE, [dict(base, **{lv["key"]: None for lv in levers})])
        t = combo["years"].index(combo["year"])
        assert default[0]["p50"][t] == combo["summary"]["share_median"]
        assert default[0]["p_official"] == combo["summary"]["p_official_target"]
        # a Monte Carlo node: FDI at the top of its range, core at its middle, dx as is
        setting = {"fdi": levers[1]["high"], "dx": None,
                   "core": levers[0]["low"] + (levers[0]["high"] - levers[0]["low"]) * 0.5}
        got = tab.evaluate(PAGE_COMPUTE, [dict(base, **setting)])[0]
        ref = engine_mc(combo, levers, setting)
        assert abs(got["p_official"] - ref["p_official"]) <= EXACT
        assert abs(got["p_goal40"] - ref["p_goal40"]) <= EXACT
        for b in ("p10", "p50", "p90"):
            np.testing.assert_allclose(got[b], ref[b], rtol=0, atol=1e-12)


@pytest.mark.slow
def test_url_state_round_trips(browser, page):
    tab = _open(browser, page, "#scenario=plan&boundary=pre_merger&fdi=6.5&lang=vi")
    assert tab.input_value("#scenario") == "plan"
    assert tab.input_value("#boundary") == "pre_merger"
    assert tab.evaluate("document.documentElement.lang") == "vi"
    tab.focus("#s-dx")
    tab.keyboard.press("End")                       # dx to the top of its range
    tab.click("#langs button[data-lang='en']")
    tab.evaluate("window.hpExplorer.settled()")
    url = tab.url
    assert "fdi=6.5" in url and "dx=4000" in url and "lang=en" in url
    shown = tab.inner_text("#n-median"), tab.inner_text("#sentence"), tab.inner_text("#v-fdi")
    again = _open(browser, page, "#" + url.split("#", 1)[1])
    assert (again.inner_text("#n-median"), again.inner_text("#sentence"),
            again.inner_text("#v-fdi")) == shown
    assert again.evaluate("document.documentElement.lang") == "en"
    assert again.url == url
    # the link of the view is the URL's own state
    assert again.get_attribute("#link", "href") == "#" + url.split("#", 1)[1]
    # a value outside the range is held at its end; an unknown scenario falls back
    odd = _open(browser, page, "#scenario=nosuch&fdi=99&core=x")
    assert odd.input_value("#scenario") == "trend"
    assert "fdi=10" in odd.url and "core=" not in odd.url
    assert tab.errors == again.errors == odd.errors == []


@pytest.mark.slow
def test_narrow_view_does_not_scroll_sideways(browser, page):
    for lang in ("vi", "en"):
        tab = _open(browser, page, f"#fdi=7&lang={lang}", width=390)
        assert tab.evaluate("document.documentElement.scrollWidth") <= 390
        assert tab.is_visible("#chart canvas") and tab.inner_text("#n-p") != ""
        assert tab.outside == [] and tab.errors == []
