# ---
# jupyter:
#   kernelspec:
#     display_name: Python 3 (ipykernel)
#     language: python
#     name: python3
# ---

# %%
# Data overview: every published figure behind the model, by source and basis.
# Rendered by `hpresearch render --notebook 00_data_overview`; all text comes from the
# message catalogue (hpresearch/locales/messages.yaml), all numbers from data/.
from hpresearch import data
from hpresearch.defaults import SCENARIO
from hpresearch.plots import data_overview as charts
from hpresearch.i18n import Localizer
from hpresearch.render import params, provenance
from hpresearch.report import display, narrative, overview
from hpresearch.report.answers import answer

# %% tags=["parameters"]
boundary: str = "merged"  # city boundary: merged (the city since 1 July 2025) or pre_merger
basis: str = "gso"  # digital-economy measurement basis: gso (official) or mic (MIC/PTIT)
lang: str = "vi"  # report language: vi or en

# %%
params.check({"boundary": boundary, "basis": basis, "lang": lang}, "00_data_overview")
L = Localizer(lang)
obs = data.load_observations()
targets = overview.targets_table(obs, boundary)
base = overview.base_figures(obs, boundary, basis)
lead = answer(SCENARIO, boundary=boundary, basis=basis)  # the verdict the page opens with

# %%
display.report_header({"title": L("nb.00_data_overview.title"),
                       "subtitle": L("txt.overview_subtitle"),
                       "boundary": boundary, "basis": basis}, L)
display.paragraph(narrative.scenario_verdict(L, lead), css_class="hp-answer")

# %%
display.heading(L("h.key_facts"))
display.paragraph(narrative.base_figures(L, base, boundary))
display.paragraph(L("txt.overview_intro"))

# %%
display.heading(L("h.charts"))
for indicator, unit in charts.OVERVIEW_INDICATORS[:-1]:
    display.figure(charts.indicator_chart(obs, indicator, boundary, unit, lang=lang,
                                          title=L(f"ind.{indicator}")))
display.figure(charts.share_by_basis_chart(obs, boundary, targets, lang=lang,
                                           title=L("ind.de_share")))

# %%
display.heading(L("h.targets"))
display.table(targets.assign(indicator=[L.label("ind", i) for i in targets["indicator"]],
                             geography=[L.label("geo", g) for g in targets["geography"]],
                             basis=[L.label("basis_short", b) for b in targets["basis"]]),
              "targets", L, {"value": "number", "unit": "label:chart.unit",
                             "qualifier": "label:qualifier", "published": "text"})

# %%
display.heading(L("h.appendix"))
display.heading(L("h.sources"), level=3)
display.paragraph(L("txt.sources_note"))
sources = overview.sources_table(obs, boundary, lang)
display.table(sources, "sources", L, {"value": "number", "indicator": "label:ind",
                                      "geography": "label:geo", "basis": "label:basis_short",
                                      "unit": "label:chart.unit",
                                      "confidence": "label:confidence"})

# %%
display.heading(L("h.provenance"), level=3)
display.paragraph(L("txt.code_free"))
display.provenance(provenance.collect(None, boundary=boundary, basis=basis,
                                      parameters={"boundary": boundary, "basis": basis,
                                                  "lang": lang}), L)
