"""The answer first, computed once (issue 12 §1, §2, §4).

One render of the trend scenario report (02) and the comparison (03) in both languages,
with fewer draws: every report and the summary read the same stored answer, so the numbers
agree to the last digit; the Vietnamese reports' visible text (before the technical
appendix) carries no identifier, scenario key or English word.
"""
from __future__ import annotations

import math

import pandas as pd
import pytest

from hpresearch.i18n import format_percent, t
from report_text import english_leaks, visible_text

pytestmark = pytest.mark.slow

DRAWS = 2000


@pytest.fixture(scope="module")
def rendered(tmp_path_factory):
    import os

    from hpresearch.render.batch import render
    from hpresearch.render.plan import plan
    from hpresearch.report.store import STORE_ENV

    out = tmp_path_factory.mktemp("answer_reports")
    jobs = plan(["trend"], notebooks=["02_scenario_report", "03_scenario_comparison"],
                langs=["vi", "en"], parameters={"draws": DRAWS})
    jobs += plan(["trend"], notebooks=["00_data_overview"], langs=["vi", "en"])
    before = os.environ.pop(STORE_ENV, None)
    os.environ[STORE_ENV] = str(out / ".store")  # named by the caller: render keeps it
    try:
        from hpresearch.explore.standalone import write_explorer

        summary = render(jobs, out, n_jobs=2, progress=False,  # as `hpresearch render` does
                         outputs=[("explorer.html", write_explorer)])
        assert summary.ok, [r.error for r in summary.results]
        assert os.environ[STORE_ENV] == str(out / ".store")
        yield out  # the test process reads the same store while the module runs
    finally:
        os.environ.pop(STORE_ENV, None)
        if before is not None:
            os.environ[STORE_ENV] = before


def _html(out, stem):
    return (out / stem / f"{stem}.html").read_text(encoding="utf-8")


def test_explorer_html_holds_the_summary_and_is_linked(rendered):
    """The render writes explorer.html from the same stored answers as summary.csv, records
    it as hpresearch's and links it from the index (issue 21)."""
    from hpresearch.explore.standalone import read_data
    from hpresearch.render import ownership

    assert ownership.owns(rendered, "explorer.html")
    data = read_data((rendered / "explorer.html").read_text(encoding="utf-8"))
    table = pd.read_csv(rendered / "summary.csv", encoding="utf-8-sig").set_index("boundary")
    for boundary in ("merged", "pre_merger"):
        held = data["combos"][f"trend|{boundary}"]["summary"]
        for key in ("share_median", "share_p10", "share_p90", "p_official_target", "p_goal40",
                    "required_median"):
            assert held[key] == pytest.approx(table.loc[boundary, key], rel=1e-12, abs=0)
    assert 'href="explorer.html"' in (rendered / "index.html").read_text(encoding="utf-8")


def test_summary_csv_has_one_row_per_scenario_and_boundary(rendered):
    table = pd.read_csv(rendered / "summary.csv", encoding="utf-8-sig")
    assert sorted(zip(table["scenario"], table["boundary"])) == [("trend", "merged"),
                                                                  ("trend", "pre_merger")]
    merged = table.set_index("boundary").loc["merged"]
    assert merged["official_target"] == pytest.approx(0.35)
    assert merged["official_target_qualifier"] == "gt"
    assert merged["goal40_kind"] == "goal40_equivalent" and 0.2 < merged["goal40"] < 0.4
    assert merged["share_p10"] <= merged["share_median"] <= merged["share_p90"]
    assert (rendered / "summary.xlsx").is_file()
    old = table.set_index("boundary").loc["pre_merger"]
    assert old["goal40"] == pytest.approx(0.40) and old["p_goal40"] == old["p_official_target"]


def test_every_report_and_language_shows_the_stored_numbers(rendered):
    from hpresearch.report.answers import answer

    table = pd.read_csv(rendered / "summary.csv", encoding="utf-8-sig").set_index("boundary")
    for boundary in ("merged", "pre_merger"):
        a = answer("trend", boundary=boundary, draws=DRAWS)  # recomputed here, same inputs
        row = table.loc[boundary]
        assert a.share["median"] == row["share_median"]  # exact: same draws, same seed
        assert a.p_official == row["p_official_target"] and a.p_goal40 == row["p_goal40"]
        assert (math.isnan(row["required_p80"])
                or a.requirement.p80.total_value == row["required_p80"])
    merged = table.loc["merged"]
    for lang in ("vi", "en"):
        median = format_percent(merged["share_median"], lang)
        p_target = format_percent(merged["p_official_target"], lang, 0)
        report = visible_text(_html(rendered, f"02_scenario_report.trend.{lang}"))
        comparison = visible_text(_html(rendered, f"03_scenario_comparison.{lang}"))
        sentence = report.split(t("h.share_path", lang))[0]  # the first screen
        assert median in sentence and p_target in sentence
        assert median in comparison and p_target in comparison
    index = (rendered / "index.html").read_text(encoding="utf-8")
    assert format_percent(merged["share_median"], "vi") in index


def test_first_screen_answers_for_the_merged_city(rendered):
    text = visible_text(_html(rendered, "02_scenario_report.trend.vi"))
    first = text.split(t("h.share_path", "vi"))[0]
    assert "Hải Phòng sau sáp nhập" in first and "trên 35%" in first
    assert "mục tiêu 40%" in first and "plo.vn" in first
    assert "trung vị" in first and "xác suất 80%" in first and "tất định" in first


def _lead(html: str, css: str) -> list[str]:
    import html as html_lib
    import re

    return [html_lib.unescape(m) for m in re.findall(rf'<p class="{css}"[^>]*>([^<]*)', html)]


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_every_page_opens_with_the_verdict(rendered, lang):
    """Issue 20: the index and the comparison open with the same verdict across scenarios
    (one function, the same answers); the data overview opens with the default scenario's
    verdict, named, from the published report set's answer (default draws and seed)."""
    from hpresearch.defaults import SCENARIO
    from hpresearch.i18n import Localizer
    from hpresearch.report.answers import answer
    from hpresearch.report.narrative import scenario_verdict

    index = _lead((rendered / "index.html").read_text(encoding="utf-8"), "lead")
    comparison = _lead(_html(rendered, f"03_scenario_comparison.{lang}"), "hp-answer")
    assert comparison and comparison[0] in index
    overview = _lead(_html(rendered, f"00_data_overview.{lang}"), "hp-answer")
    assert overview == [scenario_verdict(Localizer(lang), answer(SCENARIO))]
    assert len(_lead(_html(rendered, f"02_scenario_report.trend.{lang}"), "hp-answer")) == 1


@pytest.mark.parametrize("stem", ["02_scenario_report.trend.vi", "03_scenario_comparison.vi"])
def test_vietnamese_reports_carry_no_identifiers_or_english(rendered, stem):
    text = visible_text(_html(rendered, stem), stop_heading=t("h.appendix", "vi"))
    assert len(text) > 500
    assert english_leaks(text) == []


def test_the_leak_check_can_fail():
    assert english_leaks("Kịch bản trend: output_elasticity_core = None") == [
        "None", "output_elasticity_core", "trend"]


def test_the_explorer_shows_the_reports_numbers_to_the_last_digit(rendered):
    """The explorer's uncertainty view for a report's setting is the report's answer: the
    same median, 80% band and P(official target) as ``summary.csv`` (same draws, seed, fan
    and probability basis)."""
    import warnings

    from hpresearch.explore.session import ExplorerSession

    table = pd.read_csv(rendered / "summary.csv", encoding="utf-8-sig").set_index("boundary")
    for boundary in ("merged", "pre_merger"):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            s = ExplorerSession("trend", boundary=boundary, lang="en", draws=DRAWS)
            s.set(uncertainty=True)
            n = s.numbers
        row = table.loc[boundary]
        assert (n.median, n.low, n.high, n.p_target) == (
            row["share_median"], row["share_p10"], row["share_p90"], row["p_official_target"])
        assert s.probability_basis == row["probability_basis"]


@pytest.mark.parametrize("boundary", ["merged", "pre_merger"])
def test_the_explorer_matches_the_summary_rows_of_every_scenario(boundary, tmp_path,
                                                                  monkeypatch):
    """Issue 20's done-when over the whole default set: for every shipped scenario the
    explorer's uncertainty view equals the ``summary.csv`` row (:func:`summary_table` of the
    same answers) to the last digit. Fewer draws than the reports (the identity holds for any
    number of draws; the published set uses 10,000)."""
    import warnings

    from hpresearch import model
    from hpresearch.explore.session import ExplorerSession
    from hpresearch.report.answers import answer, summary_table
    from hpresearch.report.store import STORE_ENV

    monkeypatch.setenv(STORE_ENV, str(tmp_path / ".store"))
    draws = 2000   # the explorer's least
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for name in model.list_scenarios():
            row = summary_table([answer(name, boundary=boundary, draws=draws)]).iloc[0]
            s = ExplorerSession(name, boundary=boundary, lang="vi", draws=draws)
            s.set(uncertainty=True)
            n = s.numbers
            assert (n.median, n.low, n.high, n.p_target) == (
                row["share_median"], row["share_p10"], row["share_p90"],
                row["p_official_target"]), name
            assert s.probability_basis == row["probability_basis"], name
