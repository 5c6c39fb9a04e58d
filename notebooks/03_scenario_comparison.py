# ---
# jupyter:
#   kernelspec:
#     display_name: Python 3 (ipykernel)
#     language: python
#     name: python3
# ---

# %%
# Scenario comparison: every scenario side by side on both boundaries, with the
# investment the target requires under each.
from hpresearch import model
from hpresearch.i18n import Localizer
from hpresearch.plots import comparison as comparison_plots
from hpresearch.plots import projection_charts as projection_plots
from hpresearch.render import params, provenance
from hpresearch.report import compare, display, facts, narrative
from hpresearch.uncertainty.montecarlo import simulate

# %% tags=["parameters"]
scenarios: str = ""  # comma-separated scenario names or YAML paths, empty for every shipped scenario
basis: str = "gso"  # digital-economy measurement basis: gso (official) or mic (MIC/PTIT)
lang: str = "vi"  # report language: vi or en
target: float = 0.40  # target digital-economy share of GRDP (fraction)
target_year: int = 2030  # year by which the target should be reached
lever: str = "fdi_digital_usd_bn"  # investment lever solved for: fdi_digital_usd_bn, core_domestic_investment_vnd_bn or dx_spending_vnd_bn
draws: int = 5000  # Monte Carlo draws per scenario and boundary
seed: int = 20241220  # random seed (recorded in the provenance)

# %%
params.check({"basis": basis, "lang": lang, "target": target, "target_year": target_year,
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
table = compare.comparison_table(loaded, projections, sims, seeks, target_year, lang=lang)

# %%
display.report_header({"title": L("nb.03_scenario_comparison.title"),
                       "subtitle": L("txt.comparison_subtitle", n=len(loaded)),
                       "boundary": "both", "basis": basis}, L)
display.paragraph(L("txt.both_boundaries"))

# %%
display.heading(L("h.headline"))
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
               "ratio_to_latest": "ratio"})

# %%
display.heading(L("h.share_path"))
for b in boundaries:
    display.figure(projection_plots.share_path_figure(
        {facts.text_of(loaded[n], "title", lang, n): projections[(n, b)] for n in loaded},
        target=target, target_year=target_year, lang=lang,
        title=L("fig_title.compare", boundary=L.label("boundary", b))))

# %%
display.heading(L("h.required"))
display.paragraph(L("txt.required_method"))
display.figure(comparison_plots.required_chart(
    table, lang=lang, title=L("chart.required_title_lever", lever=L.label("lever", lever))))

# %%
display.heading(L("h.provenance"))
display.provenance(provenance.collect({"name": ",".join(loaded),
                                       "scenarios": {n: dict(sc.params) for n, sc in loaded.items()}},
                                      seed=seed, boundary="both", basis=basis,
                                      parameters={"scenarios": scenarios, "target": target,
                                                  "target_year": target_year, "lever": lever,
                                                  "draws": draws, "lang": lang}), L)
