# ---
# jupyter:
#   kernelspec:
#     display_name: Python 3 (ipykernel)
#     language: python
#     name: python3
# ---

# %%
# Scenario comparison: every scenario side by side, the merged city first and the old
# city for reference, read from the same answer store as the scenario reports.
from hpresearch import model
from hpresearch.defaults import SCENARIO
from hpresearch.i18n import Localizer
from hpresearch.model.attribution import PARTS
from hpresearch.plots import comparison as comparison_plots
from hpresearch.plots import projection_charts as projection_plots
from hpresearch.render import params, provenance
from hpresearch.render.index import answer_lead
from hpresearch.report import compare, display, narrative
from hpresearch.report.answers import answer, summary_table

# %% tags=["parameters"]
scenarios: str = ""  # comma-separated scenario names or YAML paths, empty for every shipped scenario
basis: str = "gso"  # digital-economy measurement basis: gso (official) or mic (MIC/PTIT)
lang: str = "vi"  # report language: vi or en
target_year: int = 2030  # year by which the target should be reached
lever: str = "fdi_digital_usd_bn"  # investment lever solved for: fdi_digital_usd_bn, core_domestic_investment_vnd_bn or dx_spending_vnd_bn
draws: int = 10000  # Monte Carlo draws per scenario and boundary (the scenario reports' default)
seed: int = 20241220  # random seed (recorded in the provenance)

# %%
params.check({"basis": basis, "lang": lang, "target_year": target_year, "lever": lever,
              "draws": draws, "seed": seed}, "03_scenario_comparison")
L = Localizer(lang)
names = [s.strip() for s in scenarios.split(",") if s.strip()] or model.list_scenarios()
boundaries = ("merged", "pre_merger")
answers = [answer(n, boundary=b, basis=basis, year=target_year, seed=seed, draws=draws,
                  lever=lever) for b in boundaries for n in names]
table = compare.comparison_table(answers, lang=lang)
rows = summary_table(answers)
lead = answer_lead(rows[rows["boundary"] == "merged"], lang)  # the index's verdict
unit = table["unit"].iloc[0]

# %%
display.report_header({"title": L("nb.03_scenario_comparison.title"),
                       "subtitle": L("txt.comparison_subtitle", n=len(names)),
                       "boundary": "both", "basis": basis}, L)
display.paragraph(lead, css_class="hp-answer")
display.paragraph(L("txt.both_boundaries"))

# %%
display.heading(L("h.answer"))
for b in boundaries:
    rows = table[table["boundary"] == b]
    display.paragraph(L.label("boundary", b) + ": " + narrative.comparison(
        L, year=target_year, rows=list(zip(rows["title"], rows["median_share"]))))
    display.figure(comparison_plots.answer_chart(table, boundary=b, lang=lang))
display.table(table.drop(columns=["scenario", "lever", "unit"]), "comparison", L,
              {"official_target": "percent", "median_share": "percent", "p10": "percent",
               "p90": "percent", "deterministic_share": "percent", "p_target": "percent0",
               "goal40": "percent", "p_goal40": "percent0",
               "required": unit, "required_p80": unit, "boundary": "label:boundary_short",
               "status": "label:status"},
              caption=L("cap.comparison", lever=L.label("lever", lever)))

# %%
display.heading(L("h.share_path"))
for b in boundaries:
    mine = [x for x in answers if x.boundary == b]
    display.figure(projection_plots.share_path_figure(
        {x.titles[lang]: x.projection for x in mine}, target=mine[0].official.value,
        target_year=target_year, lang=lang,
        title=L("fig_title.compare", boundary=L.label("boundary", b))))

# %%
display.heading(L("h.why_scenarios"))
merged = [x for x in answers if x.boundary == "merged"]
why = compare.attribution_table(merged, target_year, lang)
reference = next((i for i, x in enumerate(merged) if x.scenario == SCENARIO), 0)
display.paragraph(narrative.scenario_differences(L, why, why["title"].iloc[reference]))
cols = {"title": L("col.title"), "start": L("attr.col_start"),
        "end": L("attr.col_end", year=target_year), "total": L("attr.total"),
        **{part: L(f"attr.part.{part}") for part in PARTS}}
display.table(why.rename(columns=cols), "attribution_compare", L,
              {cols["start"]: "percent", cols["end"]: "percent",
               **{cols[k]: "points" for k in (*PARTS, "total")}},
              caption=L("cap.attribution_compare", year=target_year))

# %%
display.heading(L("h.required"))
display.paragraph(L("txt.required_method"))
display.figure(comparison_plots.required_chart(
    table, lang=lang, title=L("chart.required_title_lever", lever=L.label("lever", lever))))

# %%
display.heading(L("h.appendix"))
display.heading(L("h.provenance"), level=3)
loaded = {n: model.load_scenario(n) for n in names}
display.provenance(provenance.collect({"name": ",".join(loaded),
                                       "scenarios": {n: dict(sc.params) for n, sc in loaded.items()}},
                                      seed=seed, boundary="both", basis=basis,
                                      parameters={"scenarios": scenarios, "target_year": target_year,
                                                  "lever": lever, "draws": draws, "lang": lang}), L)
