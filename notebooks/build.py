"""Build the report notebooks (``*.ipynb``) from the cell sources below.

The ``.ipynb`` files are committed without outputs; edit this file and run
``python notebooks/build.py`` to regenerate them. Each notebook has exactly one cell tagged
``parameters`` of typed, commented literals (so ``papermill --help-notebook`` documents
it); validation and derived values come after it; all computation lives in hpresearch.
"""
from __future__ import annotations

from pathlib import Path

import nbformat
from nbformat.v4 import new_code_cell, new_notebook

HERE = Path(__file__).resolve().parent
KERNELSPEC = {"name": "python3", "display_name": "Python 3 (ipykernel)", "language": "python"}

NOTEBOOKS: dict[str, list[str]] = {}

NOTEBOOKS["00_data_overview"] = [
    '''# Data overview: every published figure behind the model, by source and basis.
# Rendered by `hpresearch render --notebook 00_data_overview`; all text comes from the
# message catalogue (hpresearch/report/locales/messages.yaml), all numbers from data/.
from hpresearch import data
from hpresearch.plots import data_overview as charts
from hpresearch.report import display, narrative, overview, params, provenance
from hpresearch.report.i18n import Localizer''',
    '''boundary: str = "pre_merger"  # city boundary: pre_merger (before 1 July 2025) or merged
basis: str = "gso"  # digital-economy measurement basis: gso (official) or mic (MIC/PTIT)
lang: str = "vi"  # report language: vi or en''',
    '''params.check({"boundary": boundary, "basis": basis, "lang": lang}, "00_data_overview")
L = Localizer(lang)
obs = data.load_observations()
targets = overview.targets_table(obs, boundary)
geography = charts.BOUNDARY_GEOGRAPHIES[boundary][0]
latest_share = overview.latest(obs, "de_share", "hai_phong", basis)''',
    '''display.report_header({"title": L("nb.00_data_overview.title"),
                       "subtitle": L("txt.overview_subtitle"),
                       "boundary": boundary, "basis": basis}, L)''',
    '''display.heading(L("h.key_facts"))
display.paragraph(L("txt.no_share") if latest_share is None else narrative.latest_share(
    L, share=latest_share["value"] / 100, year=int(latest_share["year"]),
    basis=latest_share["basis"]))
display.paragraph(L("txt.overview_intro"))''',
    '''display.heading(L("h.charts"))
for indicator, unit in charts.OVERVIEW_INDICATORS[:-1]:
    display.figure(charts.indicator_chart(obs, indicator, lang, boundary, unit),
                   alt=L(f"ind.{indicator}"))
display.figure(charts.share_by_basis_chart(obs, lang, boundary, targets), alt=L("ind.de_share"))''',
    '''display.heading(L("h.targets"))
display.table(targets.assign(indicator=[L.label("ind", i) for i in targets["indicator"]],
                             geography=[L.label("geo", g) for g in targets["geography"]],
                             basis=[L.label("basis_short", b) for b in targets["basis"]]),
              "targets", L, {"value": "number", "unit": "label:chart.unit",
                             "qualifier": "label:qualifier", "published": "text"})''',
    '''display.heading(L("h.sources"))
display.paragraph(L("txt.sources_note"))
sources = overview.sources_table(obs, boundary, lang)
display.table(sources, "sources", L, {"value": "number", "indicator": "label:ind",
                                      "geography": "label:geo", "basis": "label:basis_short",
                                      "unit": "label:chart.unit",
                                      "confidence": "label:confidence"})''',
    '''display.heading(L("h.provenance"))
display.paragraph(L("txt.code_free"))
display.provenance(provenance.collect(None, boundary=boundary, basis=basis,
                                      parameters={"boundary": boundary, "basis": basis,
                                                  "lang": lang}), L)''',
]


NOTEBOOKS["02_scenario_report"] = [
    """# Scenario report for policymakers: can the digital economy reach the target, and
# what investment would it take? Headline numbers first; every number is computed by
# hpresearch (model, evidence) and every sentence generated from those numbers.
from hpresearch import model
from hpresearch.evidence.backtest import run_backtest
from hpresearch.evidence.engine import build_spec
from hpresearch.evidence.montecarlo import scenario_tornado, simulate
from hpresearch.plots import evidence as evidence_plots
from hpresearch.plots import projection as projection_plots
from hpresearch.report import display, facts, narrative, params, provenance
from hpresearch.report.figures import localize
from hpresearch.report.i18n import Localizer""",
    """scenario: str = "plan"  # shipped scenario name (trend, plan, breakthrough, electronics_shock) or a scenario YAML path
boundary: str = "pre_merger"  # city boundary: pre_merger (before 1 July 2025) or merged
basis: str = "gso"  # digital-economy measurement basis: gso (official) or mic (MIC/PTIT)
lang: str = "vi"  # report language: vi or en
target: float = 0.40  # target digital-economy share of GRDP (fraction, 0.40 means 40%)
target_year: int = 2030  # year by which the target should be reached
lever: str = "fdi_digital_usd_bn"  # investment lever solved for: fdi_digital_usd_bn, core_domestic_investment_vnd_bn or dx_spending_vnd_bn
draws: int = 10000  # Monte Carlo draws (fan chart, probability)
sensitivity_draws: int = 1000  # draws per tornado evaluation
seed: int = 20241220  # random seed of every Monte Carlo (recorded in the provenance)""",
    """params.check({"boundary": boundary, "basis": basis, "lang": lang, "target": target,
              "target_year": target_year, "lever": lever, "draws": draws,
              "sensitivity_draws": sensitivity_draws, "seed": seed}, "02_scenario_report")
L = Localizer(lang)
registry = model.load_registry()
sc = model.load_scenario(scenario)
proj = model.project(sc, boundary=boundary, basis=basis, horizon=target_year)
sim = simulate(scenario, draws=draws, seed=seed, boundary=boundary, basis=basis, target=target,
               target_year=target_year, lever=lever)
gs = model.goal_seek(sc, target=target, year=target_year, lever=lever, boundary=boundary,
                     basis=basis)
torn = scenario_tornado(build_spec(scenario, boundary=boundary, basis=basis, horizon=target_year),
                        target=target, target_year=target_year, draws=sensitivity_draws, seed=seed)
bt = run_backtest()
h = facts.headline(sim, gs)
bt_summary = facts.backtest_summary(bt)""",
    """title = facts.text_of(sc, "title", lang, sc.name)
display.report_header({"title": f"{L('nb.02_scenario_report.title')}: {title}",
                       "subtitle": L("txt.scenario_subtitle", name=sc.name,
                                     chain=" > ".join(sc.chain)), "scenario": sc.name,
                       "boundary": boundary, "basis": basis}, L)""",
    """display.heading(L("h.headline"))
display.headline([
    (L("hl.median_share", year=h["year"]), L.percent(h["median"])),
    (L("hl.band80"), f"{L.number(100 * h['low'])}–{L.percent(h['high'])}"),
    (L("hl.probability", target=L.percent(target)), L.percent(h["p_target"], 0)),
    (L("hl.required", lever=L.label("lever", lever)),
     L.money(h["required"], h["lever_unit"], 2 if h["lever_unit"] == "usd_bn" else 0)
     if gs.reachable else L("hl.unreachable")),
])
display.paragraph(narrative.share_outcome(L, scenario=title, year=h["year"], share=h["median"],
                                          target=target, low=h["low"], high=h["high"]))
display.paragraph(narrative.probability(L, prob=h["p_target"], target=target, year=h["year"]) + " "
                  + narrative.crossing(L, cross_year=h["crossing"], target=target,
                                       horizon=h["horizon"]))
display.paragraph(narrative.required_investment(
    L, lever=lever, value=gs.value, unit=h["lever_unit"], target=target, year=target_year,
    base_value=h["latest_value"], base_year=h["latest_year"], reached=gs.reachable,
    best_share=gs.best_share, share_of_grdp=gs.pct_of_grdp))
display.paragraph(L("txt.deterministic_note", share=L.percent(h["deterministic"]),
                    year=h["year"]))""",
    """display.heading(L("h.share_path"))
display.figure(localize(evidence_plots.fan_chart(sim), lang, L("fig_title.fan", year=target_year)),
               alt=L("h.share_path"))
display.figure(localize(projection_plots.share_path_figure({title: proj}, target=target,
                                                           target_year=target_year),
                        lang, L("fig_title.path")), alt=L("fig_title.path"))
display.table(facts.projection_table(proj), "projection", L,
              {c: "percent" for c in ("de_share", "de_share_core", "de_share_digitalised")}
              | {"gap_to_target": "points", "fdi_digital_usd_bn": "number2"},
              caption=L("cap.projection"))""",
    """display.heading(L("h.probability"))
display.figure(localize(evidence_plots.crossing_year_chart(sim), lang,
                        L("fig_title.crossing", target=L.percent(target, 0))),
               alt=L("h.probability"))
display.table(facts.probability_table(sim), "probability", L,
              {"deterministic": "percent", "p10": "percent", "p50": "percent",
               "p90": "percent", "p_at_or_above": "percent0", "p_crossed_by": "percent0"},
              caption=L("cap.probability", draws=L.number(draws, 0), seed=seed))""",
    """display.heading(L("h.required"))
display.paragraph(L("txt.required_method"))
display.item_table(facts.goal_seek_table(gs), "goal_seek", L, facts.goal_seek_kinds(gs),
                   {"unit": L.label("lever_unit", h["lever_unit"])}, caption=L("cap.goal_seek"))
display.item_table(facts.required_table(sim), "required_distribution", L,
                   facts.required_kinds(lever),
                   {"unit": L.label("lever_unit", h["lever_unit"])},
                   caption=L("cap.required_distribution"))""",
    """display.heading(L("h.drivers"))
display.paragraph(narrative.drivers(L, names=facts.top_drivers(torn, registry, lang=lang),
                                    year=target_year))
display.figure(localize(evidence_plots.tornado_chart(facts.tornado_for_chart(torn, registry, lang)),
                        lang, L("fig_title.tornado")),
               alt=L("h.drivers"))
display.table(facts.tornado_table(torn, registry, lang=lang), "tornado", L,
              {"output_low": "percent", "output_high": "percent", "swing": "points",
               "low": "number2", "high": "number2"})""",
    """display.heading(L("h.backtest"))
display.paragraph(narrative.backtest(L, mae_model=bt_summary["mae_model"],
                                     mae_naive=bt_summary["mae_naive"],
                                     coverage80=bt_summary["coverage80"],
                                     what=L("txt.backtest_what")))
display.figure(localize(evidence_plots.backtest_chart(bt), lang), alt=L("h.backtest"))
display.table(bt.scores, "backtest_scores", L, {"series": "series", "method": "label:method",
                                                "mae": "points", "mape": "number",
                                                "coverage50": "percent0",
                                                "coverage80": "percent0"})""",
    """display.heading(L("h.assumptions"))
display.paragraph(L("txt.description", text=facts.text_of(sc, "description", lang)))
display.paragraph(L("txt.assumptions", chain=" > ".join(sc.chain)))
display.bullets([str(r) for r in sc.references()] or [L("txt.no_references")])
display.table(facts.assumptions_table(sc, registry, lang=lang), "assumptions", L)
display.table(facts.registry_defaults_table(registry, lang=lang), "parameters", L,
              caption=L("cap.parameters"))""",
    """display.heading(L("h.data_sources"))
display.paragraph(L("txt.data_sources"))
cal_table = facts.calibration_sources_table(proj)
display.item_table(cal_table, "calibration", L, facts.calibration_kinds(cal_table),
                   labels=facts.calibration_labels(cal_table, lang))""",
    """display.heading(L("h.provenance"))
display.paragraph(L("txt.code_free"))
display.provenance(provenance.collect(sc, seed=seed, boundary=boundary, basis=basis,
                                      parameters={"scenario": scenario, "target": target,
                                                  "target_year": target_year, "lever": lever,
                                                  "draws": draws, "lang": lang,
                                                  "sensitivity_draws": sensitivity_draws}), L)""",
]

NOTEBOOKS["03_scenario_comparison"] = [
    """# Scenario comparison: every scenario side by side on both boundaries, with the
# investment the target requires under each.
from hpresearch import model
from hpresearch.evidence.montecarlo import simulate
from hpresearch.plots import projection as projection_plots
from hpresearch.report import compare, display, facts, narrative, params, provenance
from hpresearch.report.figures import localize
from hpresearch.report.i18n import Localizer""",
    """scenarios: str = ""  # comma-separated scenario names or YAML paths, empty for every shipped scenario
basis: str = "gso"  # digital-economy measurement basis: gso (official) or mic (MIC/PTIT)
lang: str = "vi"  # report language: vi or en
target: float = 0.40  # target digital-economy share of GRDP (fraction)
target_year: int = 2030  # year by which the target should be reached
lever: str = "fdi_digital_usd_bn"  # investment lever solved for: fdi_digital_usd_bn, core_domestic_investment_vnd_bn or dx_spending_vnd_bn
draws: int = 5000  # Monte Carlo draws per scenario and boundary
seed: int = 20241220  # random seed (recorded in the provenance)""",
    """params.check({"basis": basis, "lang": lang, "target": target, "target_year": target_year,
              "lever": lever, "draws": draws, "seed": seed}, "03_scenario_comparison")
L = Localizer(lang)
names = [s.strip() for s in scenarios.split(",") if s.strip()] or model.list_scenarios()
loaded = {n: model.load_scenario(n) for n in names}
boundaries = ("pre_merger", "merged")
projections = {(n, b): model.project(sc, boundary=b, basis=basis, horizon=target_year)
               for n, sc in loaded.items() for b in boundaries}
sims = {(n, b): simulate(n, draws=draws, seed=seed, boundary=b, basis=basis, target=target,
                         target_year=target_year, lever=None)
        for n in loaded for b in boundaries}
seeks = {(n, b): model.goal_seek(sc, target=target, year=target_year, lever=lever, boundary=b,
                                 basis=basis)
         for n, sc in loaded.items() for b in boundaries}
table = compare.comparison_table(loaded, projections, sims, seeks, target_year, lang=lang)""",
    """display.report_header({"title": L("nb.03_scenario_comparison.title"),
                       "subtitle": L("txt.comparison_subtitle", n=len(loaded)),
                       "boundary": "both", "basis": basis}, L)
display.paragraph(L("txt.both_boundaries"))""",
    """display.heading(L("h.headline"))
for b in boundaries:
    rows = table[table["boundary"] == b]
    display.paragraph(L.label("boundary", b) + ": " + narrative.comparison(
        L, year=target_year, rows=list(zip(rows["title"], rows["median_share"]))))
display.table(table, "comparison", L,
              {"deterministic_share": "percent", "median_share": "percent", "p10": "percent",
               "p90": "percent", "p_target": "percent0", "required": facts.lever_unit(lever),
               "boundary": "label:boundary_short", "status": "label:status",
               "lever": "label:lever", "unit": "label:lever_unit",
               "required_vnd_bn": "vnd_bn", "required_pct_grdp": "percent",
               "ratio_to_latest": "ratio"})""",
    """display.heading(L("h.share_path"))
for b in boundaries:
    display.figure(localize(projection_plots.share_path_figure(
        {facts.text_of(loaded[n], "title", lang, n): projections[(n, b)] for n in loaded},
        target=target, target_year=target_year),
        lang, L("fig_title.compare", boundary=L.label("boundary", b))), alt=b)""",
    """display.heading(L("h.required"))
display.paragraph(L("txt.required_method"))
display.figure(localize(compare.required_chart(table, lang), lang), alt=L("h.required"))""",
    """display.heading(L("h.provenance"))
display.provenance(provenance.collect({"name": ",".join(loaded),
                                       "scenarios": {n: dict(sc.params) for n, sc in loaded.items()}},
                                      seed=seed, boundary="both", basis=basis,
                                      parameters={"scenarios": scenarios, "target": target,
                                                  "target_year": target_year, "lever": lever,
                                                  "draws": draws, "lang": lang}), L)""",
]

NOTEBOOKS["01_calibration"] = [
    """# Calibration: the statsmodels fits behind the model, their diagnostics, and plainly
# what the few data points can and cannot tell.
from hpresearch import model
from hpresearch.evidence.calibration import calibration_report
from hpresearch.report import display, facts, params, provenance
from hpresearch.report.i18n import Localizer""",
    """boundary: str = "pre_merger"  # city boundary: pre_merger (before 1 July 2025) or merged
basis: str = "gso"  # digital-economy measurement basis: gso (official) or mic (MIC/PTIT)
lang: str = "vi"  # report language: vi or en""",
    """params.check({"boundary": boundary, "basis": basis, "lang": lang}, "01_calibration")
L = Localizer(lang)
report = calibration_report(boundary=boundary, basis=basis)
proj = model.project("trend", boundary=boundary, basis=basis)
icor = model.icor_table(proj)""",
    """display.report_header({"title": L("nb.01_calibration.title"),
                       "subtitle": L("txt.calibration_subtitle"),
                       "boundary": boundary, "basis": basis}, L)""",
    """display.heading(L("h.not_identified"))
display.paragraph(L("txt.not_identified") + " " + L("txt.notes_original"))
display.bullets(report.not_identified)""",
    """display.heading(L("h.fits"))
display.table(report.coefficients(), "coefficients", L,
              {"series": "label:ind", "model": "label:stat_model", "coef": "number2",
               "se": "number2", "t": "number2", "p": "number2"})
display.paragraph(L("txt.shock", sigma=L.points(report.shock.sigma),
                    phi=L.number(report.shock.phi, 2)))""",
    """display.heading(L("h.cross_province"))
display.table(report.cross_province_data, "cross_province", L,
              {"geography": "label:geo", "de_share": "percent", "de_year": "year",
               "goods_exports_usd_bn": "number", "exports_year": "year",
               "log_goods_exports": "number2"}, index=True)""",
    """display.heading(L("h.calibration_values"))
cal_table = facts.calibration_sources_table(proj)
display.item_table(cal_table, "calibration", L, facts.calibration_kinds(cal_table),
                   labels=facts.calibration_labels(cal_table, lang))
display.heading(L("h.icor"))
display.paragraph(L("txt.icor"))
display.table(icor, "icor", L, {"required_total_investment_pct_grdp": "percent",
                                "icor_label": "label:icor", "source": "text",
                                "grdp_increment_constant_vnd_bn": "number0",
                                "required_total_investment_vnd_bn": "number0",
                                "digital_increment_constant_vnd_bn": "number0",
                                "required_digital_investment_vnd_bn": "number0",
                                "model_core_investment_vnd_bn": "number0"})""",
    """display.heading(L("h.provenance"))
display.provenance(provenance.collect(None, boundary=boundary, basis=basis,
                                      parameters={"lang": lang}), L)""",
]

NOTEBOOKS["04_backtest"] = [
    """# Backtest: how the method would have done, rolling origin against a naive trend,
# using only what was published before each origin.
from hpresearch.evidence.backtest import run_backtest
from hpresearch.plots import evidence as evidence_plots
from hpresearch.report import display, facts, narrative, params, provenance
from hpresearch.report.figures import localize
from hpresearch.report.i18n import Localizer""",
    """origin_from: int = 2018  # first forecast origin year
horizon_years: int = 3  # years forecast from each origin
lang: str = "vi"  # report language: vi or en""",
    """params.check({"origin_from": origin_from, "horizon_years": horizon_years, "lang": lang},
             "04_backtest")
L = Localizer(lang)
bt = run_backtest(origin_from=origin_from, horizon=horizon_years)
summary = facts.backtest_summary(bt)
series = list(dict.fromkeys(bt.forecasts["series"]))""",
    """display.report_header({"title": L("nb.04_backtest.title"),
                       "subtitle": L("txt.backtest_subtitle", origin=origin_from,
                                     horizon=horizon_years),
                       "boundary": "both", "basis": "all"}, L)
display.paragraph(L("txt.backtest_bases"))""",
    """display.heading(L("h.headline"))
display.paragraph(narrative.backtest(L, mae_model=summary["mae_model"],
                                     mae_naive=summary["mae_naive"],
                                     coverage80=summary["coverage80"],
                                     what=L("txt.backtest_what")))
display.table(bt.scores, "scores", L, {"series": "series", "method": "label:method",
                                       "mae": "points", "coverage50": "percent0",
                                       "coverage80": "percent0"})""",
    """display.heading(L("h.backtest_charts"))
for name in series:
    display.figure(localize(evidence_plots.backtest_chart(bt, series=name), lang),
                   alt=L.series(name))""",
    """display.heading(L("h.notes"))
display.paragraph(L("txt.notes_original"))
display.bullets(bt.notes)
display.table(bt.forecasts, "forecasts", L, {"series": "series", "method": "label:method",
                                             "forecast": "percent", "actual": "percent",
                                             "error": "points", "lo50": "percent",
                                             "hi50": "percent", "lo80": "percent",
                                             "hi80": "percent"})""",
    """display.heading(L("h.provenance"))
display.provenance(provenance.collect(None, boundary="both", basis="all",
                                      parameters={"origin_from": origin_from,
                                                        "horizon_years": horizon_years,
                                                        "lang": lang}), L)""",
]


def build(name: str, cells: list[str]) -> nbformat.NotebookNode:
    """Return the notebook ``name``: cell 2 is the ``parameters`` cell."""
    nb = new_notebook()
    nb.metadata["kernelspec"] = dict(KERNELSPEC)
    nb.metadata["language_info"] = {"name": "python"}
    for i, source in enumerate(cells):
        meta = {"tags": ["parameters"]} if i == 1 else {}
        cell = new_code_cell(source, metadata=meta)
        cell["id"] = f"{name[:2]}-{i:02d}"
        nb.cells.append(cell)
    return nb


def main() -> None:
    for name, cells in NOTEBOOKS.items():
        nb = build(name, cells)
        nbformat.write(nb, HERE / f"{name}.ipynb")


if __name__ == "__main__":
    main()
