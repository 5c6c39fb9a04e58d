# ---
# jupyter:
#   kernelspec:
#     display_name: Python 3 (ipykernel)
#     language: python
#     name: python3
# ---

# %%
# Scenario report for policymakers: can the digital economy reach the target, and
# what investment would it take? Headline numbers first; every number is computed by
# hpresearch (model, evidence) and every sentence generated from those numbers.
from hpresearch import model
from hpresearch.backtest import run_backtest
from hpresearch.i18n import Localizer
from hpresearch.plots import projection_charts as projection_plots
from hpresearch.plots import uncertainty_charts as uncertainty_plots
from hpresearch.render import params, provenance
from hpresearch.report import display, facts, narrative
from hpresearch.uncertainty.sensitivity import scenario_tornado
from hpresearch.uncertainty.montecarlo import simulate
from hpresearch.uncertainty.spec import build_spec

# %% tags=["parameters"]
scenario: str = "plan"  # shipped scenario name (trend, plan, breakthrough, electronics_shock) or a scenario YAML path
boundary: str = "pre_merger"  # city boundary: pre_merger (before 1 July 2025) or merged
basis: str = "gso"  # digital-economy measurement basis: gso (official) or mic (MIC/PTIT)
lang: str = "vi"  # report language: vi or en
target: float = 0.40  # target digital-economy share of GRDP (fraction, 0.40 means 40%)
target_year: int = 2030  # year by which the target should be reached
lever: str = "fdi_digital_usd_bn"  # investment lever solved for: fdi_digital_usd_bn, core_domestic_investment_vnd_bn or dx_spending_vnd_bn
draws: int = 10000  # Monte Carlo draws (fan chart, probability)
sensitivity_draws: int = 1000  # draws per tornado evaluation
seed: int = 20241220  # random seed of every Monte Carlo (recorded in the provenance)

# %%
params.check({"boundary": boundary, "basis": basis, "lang": lang, "target": target,
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
bt_summary = facts.backtest_summary(bt)

# %%
title = facts.text_of(sc, "title", lang, sc.name)
display.report_header({"title": f"{L('nb.02_scenario_report.title')}: {title}",
                       "subtitle": L("txt.scenario_subtitle", name=sc.name,
                                     chain=" > ".join(sc.chain)), "scenario": sc.name,
                       "boundary": boundary, "basis": basis}, L)

# %%
display.heading(L("h.headline"))
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
                    year=h["year"]))

# %%
display.heading(L("h.share_path"))
display.figure(uncertainty_plots.fan_chart(sim, lang=lang, title=L("fig_title.fan", year=target_year)))
display.figure(projection_plots.share_path_figure({title: proj}, target=target,
                                                  target_year=target_year, lang=lang,
                                                  title=L("fig_title.path")))
display.table(facts.projection_table(proj), "projection", L,
              {c: "percent" for c in ("de_share", "de_share_core", "de_share_digitalised")}
              | {"gap_to_target": "points", "fdi_digital_usd_bn": "number2"},
              caption=L("cap.projection"))

# %%
display.heading(L("h.probability"))
display.figure(uncertainty_plots.crossing_year_chart(
    sim, lang=lang, title=L("fig_title.crossing", target=L.percent(target, 0))))
display.table(facts.probability_table(sim), "probability", L,
              {"deterministic": "percent", "p10": "percent", "p50": "percent",
               "p90": "percent", "p_at_or_above": "percent0", "p_crossed_by": "percent0"},
              caption=L("cap.probability", draws=L.number(draws, 0), seed=seed))

# %%
display.heading(L("h.required"))
display.paragraph(L("txt.required_method"))
display.item_table(facts.goal_seek_table(gs), "goal_seek", L, facts.goal_seek_kinds(gs),
                   {"unit": L.label("lever_unit", h["lever_unit"])}, caption=L("cap.goal_seek"))
display.item_table(facts.required_table(sim), "required_distribution", L,
                   facts.required_kinds(lever),
                   {"unit": L.label("lever_unit", h["lever_unit"])},
                   caption=L("cap.required_distribution"))

# %%
display.heading(L("h.drivers"))
display.paragraph(narrative.drivers(L, names=facts.top_drivers(torn, registry, lang=lang),
                                    year=target_year))
display.figure(uncertainty_plots.tornado_chart(torn, lang=lang, title=L("fig_title.tornado"),
                                              registry=registry))
display.table(facts.tornado_table(torn, registry, lang=lang), "tornado", L,
              {"output_low": "percent", "output_high": "percent", "swing": "points",
               "low": "number2", "high": "number2"})

# %%
display.heading(L("h.backtest"))
display.paragraph(narrative.backtest(L, bt_summary))
display.paragraph(L("txt.bt_hp_share"))
display.figure(uncertainty_plots.backtest_chart(bt, lang=lang))
display.table(facts.backtest_table(bt, pooled_only=True), "backtest_scores", L,
              {"series": "series", "method": "label:method", "mode": "label:mode",
               "bands": "label:bands",
               "n": "int", "n_band": "int", "mae_pp": "number2", "bias_pp": "number2",
               "coverage50": "percent0", "ci50": "percent_range", "verdict50": "label:verdict",
               "coverage80": "percent0", "ci80": "percent_range", "verdict80": "label:verdict",
               "n_warmup": "int", "n_zero_width": "int"})

# %%
display.heading(L("h.assumptions"))
display.paragraph(L("txt.description", text=facts.text_of(sc, "description", lang)))
display.paragraph(L("txt.assumptions", chain=" > ".join(sc.chain)))
display.bullets([str(r) for r in sc.references()] or [L("txt.no_references")])
display.table(facts.assumptions_table(sc, registry, lang=lang), "assumptions", L)
display.table(facts.registry_defaults_table(registry, lang=lang), "parameters", L,
              caption=L("cap.parameters"))

# %%
display.heading(L("h.data_sources"))
display.paragraph(L("txt.data_sources"))
cal_table = facts.calibration_sources_table(proj)
display.item_table(cal_table, "calibration", L, facts.calibration_kinds(cal_table),
                   labels=facts.calibration_labels(cal_table, lang))

# %%
display.heading(L("h.provenance"))
display.paragraph(L("txt.code_free"))
display.provenance(provenance.collect(sc, seed=seed, boundary=boundary, basis=basis,
                                      parameters={"scenario": scenario, "target": target,
                                                  "target_year": target_year, "lever": lever,
                                                  "draws": draws, "lang": lang,
                                                  "sensitivity_draws": sensitivity_draws}), L)
