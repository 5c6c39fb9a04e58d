# ---
# jupyter:
#   kernelspec:
#     display_name: Python 3 (ipykernel)
#     language: python
#     name: python3
# ---

# %%
# Scenario report for policymakers: can the digital economy reach the target, and
# what investment would it take? The answer first, for the city as it is now (merged
# boundary by default); every number from hpresearch's shared answer store, so this
# report, its twin in the other language and the comparison show the same numbers.
from hpresearch import data, model, parameters
from hpresearch.backtest import run_backtest
from hpresearch.i18n import Localizer
from hpresearch.invest.requirements import requirement_tornado
from hpresearch.model.attribution import attribute
from hpresearch.plots import projection_charts as projection_plots
from hpresearch.plots import uncertainty_charts as uncertainty_plots
from hpresearch.render import params, provenance
from hpresearch.report import display, facts, narrative, overview
from hpresearch.report.answers import answer
from hpresearch.uncertainty.sensitivity import scenario_tornado
from hpresearch.uncertainty.spec import build_spec

# %% tags=["parameters"]
scenario: str = "trend"  # shipped scenario name (trend, plan, breakthrough, electronics_shock, anchor_exit) or a scenario YAML path
boundary: str = "merged"  # city boundary: merged (the city since 1 July 2025) or pre_merger
basis: str = "gso"  # digital-economy measurement basis: gso (official) or mic (MIC/PTIT)
lang: str = "vi"  # report language: vi or en
target_year: int = 2030  # year by which the target should be reached
lever: str = "fdi_digital_usd_bn"  # investment lever solved for: fdi_digital_usd_bn, core_domestic_investment_vnd_bn or dx_spending_vnd_bn
draws: int = 10000  # Monte Carlo draws (fan chart, probabilities, requirement)
sensitivity_draws: int = 1000  # draws per tornado evaluation
seed: int = 20241220  # random seed of every Monte Carlo (recorded in the provenance)
reference: bool = True  # add the pre-merger city (and the 40% goal as stated) as a reference section

# %%
params.check({"boundary": boundary, "basis": basis, "lang": lang, "target_year": target_year,
              "lever": lever, "draws": draws, "sensitivity_draws": sensitivity_draws,
              "seed": seed}, "02_scenario_report")
L = Localizer(lang)
registry = parameters.load_registry()
sc = model.load_scenario(scenario)
a = answer(scenario, boundary=boundary, basis=basis, year=target_year, seed=seed, draws=draws,
           lever=lever)
proj, sim = a.projection, a.simulation
title = a.titles[lang]
spec = build_spec(scenario, boundary=boundary, basis=basis, end_year=target_year)
torn = scenario_tornado(spec, target=a.official.value, target_year=target_year,
                        draws=sensitivity_draws, seed=seed)
need = requirement_tornado(spec, scenario, lever, a.official.value, target_year)
bt = run_backtest()
bt_summary = facts.backtest_summary(bt)
other = "pre_merger" if boundary == "merged" else "merged"
ref = answer(scenario, boundary=other, basis=basis, year=target_year, seed=seed, draws=draws,
             lever=lever) if reference else None

# %%
display.report_header({"title": f"{L('nb.02_scenario_report.title')}: {title}",
                       "subtitle": L("txt.scenario_subtitle", name=title,
                                     chain=" > ".join(facts.chain_titles(sc, lang))),
                       "scenario": sc.name,
                       "boundary": boundary, "basis": basis}, L)

# %%
display.heading(L("h.answer"))
display.paragraph(narrative.verdict(L, a), css_class="hp-answer")
display.paragraph(narrative.answer_sentence(L, a, title))
display.headline(narrative.answer_cards(L, a))
display.paragraph(narrative.basis_sentence(L, a))
display.paragraph(narrative.outside_sentence(L, a))
display.paragraph(narrative.reality_sentence(L, a))
display.paragraph(L("ans.gap_definition", year=target_year,
                    deterministic=L.percent(a.share["deterministic"]),
                    draws=L.number(draws, 0),
                    bands_note=L("ans.bands_calibrated" if sim.calibrated else "ans.bands_model")) + " " + narrative.central_note(L, sim, registry))

# %%
display.heading(L("h.share_path"))
display.paragraph(narrative.base_figures(L, overview.base_figures(data.load_observations(),
                                                                  boundary, basis), boundary))
display.figure(uncertainty_plots.fan_chart(sim, lang=lang, title=L("fig_title.fan", year=target_year)))
display.figure(projection_plots.share_path_figure({title: proj}, target=a.official.value,
                                                  target_year=target_year, lang=lang,
                                                  title=L("fig_title.path")))
display.table(facts.projection_table(proj), "projection", L,
              {c: "percent" for c in ("de_share", "de_share_core", "de_share_digitalised")}
              | {"fdi_digital_usd_bn": "number2"}, caption=L("cap.projection"))

# %%
display.heading(L("h.attribution"))
parts = attribute(proj, target_year)
display.paragraph(narrative.attribution_sentence(L, parts))
display.figure(projection_plots.attribution_figure(parts, lang=lang))

# %%
display.heading(L("h.probability"))
display.paragraph(narrative.probability(L, prob=a.p_official, target=a.official.value,
                                        year=target_year) + " "
                  + narrative.crossing(L, cross_year=facts.median_crossing(sim.bands, sim.target),
                                       target=a.official.value,
                                       end_year=int(sim.bands.index.max())))
display.figure(uncertainty_plots.crossing_year_chart(
    sim, lang=lang, title=L("fig_title.crossing", target=L.percent(a.official.value, 0))))
display.table(facts.probability_table(sim), "probability", L,
              {"deterministic": "percent", "p10": "percent", "p50": "percent",
               "p90": "percent", "p_at_or_above": "percent0", "p_crossed_by": "percent0"},
              caption=L("cap.probability", draws=L.number(draws, 0), seed=seed))

# %%
display.heading(L("h.required"))
display.paragraph(L("txt.required_method"))
display.paragraph(narrative.requirement_note(L, a))
display.paragraph(narrative.reality_sentence(L, a))
display.table(facts.requirement_table(a.requirement), "requirement", L,
              {"requirement": "label:requirement", "probability": "percent0",
               "achieved_probability": "percent0", "status": "label:status",
               "total_value": facts.lever_unit(lever), "committed": facts.lever_unit(lever),
               "not_committed": facts.lever_unit(lever), "pct_of_grdp": "percent",
               "credible_share": "percent"},
              caption=L("cap.requirement", lever=L.label("lever", lever),
                        target=narrative.target_text(L, a.official), year=target_year))

# %%
display.heading(L("h.drivers"))
display.paragraph(narrative.drivers(L, names=facts.top_drivers(torn, registry, lang=lang),
                                    year=target_year))
display.figure(uncertainty_plots.tornado_chart(torn, lang=lang, title=L("fig_title.tornado"),
                                              registry=registry))
display.table(facts.tornado_table(torn, registry, lang=lang).drop(columns=["parameter"]),
              "tornado", L,
              {"output_low": "percent", "output_high": "percent", "swing": "points",
               "low": "number2", "high": "number2"})
display.paragraph(narrative.requirement_drivers(L, facts.tornado_table(
    need, registry, output="required", lang=lang), lever=lever, target=a.official,
    year=target_year))
display.table(facts.tornado_table(need, registry, output="required", lang=lang)
              .drop(columns=["parameter"]), "requirement_tornado", L,
              {"output_low": facts.lever_unit(lever), "output_high": facts.lever_unit(lever),
               "swing": facts.lever_unit(lever), "low": "number2", "high": "number2"},
              caption=L("cap.requirement_tornado", lever=L.label("lever", lever)))

# %%
display.heading(L("h.backtest"))
display.paragraph(narrative.backtest(L, bt_summary))
display.paragraph(L("txt.bt_hp_share"))
display.figure(uncertainty_plots.backtest_chart(bt, lang=lang))
display.paragraph(narrative.share_record(L, bt_summary["record"]))
kinds = facts.backtest_kind_table(bt)
display.table(kinds[kinds["kind"] == "share"].drop(columns=["kind"]), "backtest_scores", L,
              {"method": "label:method", "mode": "label:mode", "bands": "label:bands",
               "n": "int", "n_geographies": "int", "mae_pp": "number2",
               "mae_naive_pp": "number2", "bias_pp": "number2", "n_above": "int",
               "n_below": "int", "sign_p": "number3",
               "coverage50": "percent0", "ci50": "percent_range", "verdict50": "label:verdict",
               "coverage80": "percent0", "ci80": "percent_range", "verdict80": "label:verdict"},
              caption=L("cap.scores_share"))

# %%
if ref is not None:
    display.heading(L("h.reference_pre_merger" if other == "pre_merger" else "h.reference_merged"))
    display.paragraph(L("txt.reference_pre_merger" if other == "pre_merger"
                        else "txt.reference_merged"))
    display.paragraph(narrative.answer_sentence(L, ref, title))
    display.item_table(facts.answer_table(ref), "reference", L,
                       {"share_median": "percent", "share_p10": "percent",
                        "share_p90": "percent", "share_deterministic": "percent",
                        "official_target": "percent", "p_official": "percent0",
                        "goal40": "percent", "p_goal40": "percent0",
                        "required_median": facts.lever_unit(lever),
                        "required_p80": facts.lever_unit(lever)},
                       caption=L("cap.reference", boundary=L.label("boundary", other)),
                       group="ans_item")
    display.paragraph(L("txt.goal_equivalent_method",
                        value=L.percent((a if boundary == "merged" else ref).goal40.value)))

# %%
display.heading(L("h.appendix"))
display.paragraph(L("txt.appendix"))
display.heading(L("h.assumptions"), level=3)
display.paragraph(L("txt.description", text=facts.text_of(sc, "description", lang)))
display.paragraph(L("txt.assumptions", chain=" > ".join(sc.chain)))
display.bullets([str(r) for r in sc.references()] or [L("txt.no_references")])
display.table(facts.assumptions_table(sc, registry, lang=lang), "assumptions", L)
display.table(facts.registry_defaults_table(registry, lang=lang), "parameters", L,
              caption=L("cap.parameters"))

# %%
display.heading(L("h.data_sources"), level=3)
display.paragraph(L("txt.data_sources"))
cal_table = facts.calibration_sources_table(proj)
display.item_table(cal_table, "calibration", L, facts.calibration_kinds(cal_table),
                   labels=facts.calibration_labels(cal_table, lang))

# %%
display.heading(L("h.provenance"), level=3)
display.paragraph(L("txt.code_free"))
display.provenance(provenance.collect(sc, seed=seed, boundary=boundary, basis=basis,
                                      parameters={"scenario": scenario, "target_year": target_year,
                                                  "lever": lever, "draws": draws, "lang": lang,
                                                  "sensitivity_draws": sensitivity_draws,
                                                  "reference": reference}), L)
