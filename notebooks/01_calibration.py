# ---
# jupyter:
#   kernelspec:
#     display_name: Python 3 (ipykernel)
#     language: python
#     name: python3
# ---

# %%
# Calibration: the statsmodels fits behind the model, their diagnostics, and plainly
# what the few data points can and cannot tell.
from hpresearch import model
from hpresearch.calibration.fits import calibration_report
from hpresearch.data import load_observations
from hpresearch.i18n import Localizer
from hpresearch.plots import data_overview as charts
from hpresearch.render import params, provenance
from hpresearch.defaults import SCENARIO
from hpresearch.report import display, facts, narrative
from hpresearch.report.answers import answer

# %% tags=["parameters"]
boundary: str = "merged"  # city boundary: merged (the city since 1 July 2025) or pre_merger
basis: str = "gso"  # digital-economy measurement basis: gso (official) or mic (MIC/PTIT)
lang: str = "vi"  # report language: vi or en

# %%
params.check({"boundary": boundary, "basis": basis, "lang": lang}, "01_calibration")
L = Localizer(lang)
report = calibration_report(boundary=boundary, basis=basis)
proj = model.project(SCENARIO, boundary=boundary, basis=basis)
lead = answer(SCENARIO, boundary=boundary, basis=basis)  # the verdict the page opens with
icor = model.icor_table(proj)

# %%
display.report_header({"title": L("nb.01_calibration.title"),
                       "subtitle": L("txt.calibration_subtitle"),
                       "boundary": boundary, "basis": basis}, L)
display.paragraph(narrative.scenario_verdict(L, lead), css_class="hp-answer")

# %%
display.heading(L("h.not_identified"))
display.paragraph(L("txt.not_identified"))
display.bullets(L(f"gap.{kind}", **{k: L.number(v, 2) if isinstance(v, float) else v
                                    for k, v in values.items()})
                for kind, values in report.gaps)
display.paragraph(L("txt.not_identified_where"))

# %%
display.heading(L("h.fits"))
display.paragraph(L("txt.fits_chart"))
display.figure(charts.indicator_chart(load_observations(), "grdp_growth_real", boundary,
                                      "percent", lang=lang,
                                      title=L("fig_title.calibration_growth")))
display.table(report.table(), "coefficients", L,
              {"series": "label:ind", "model": "label:stat_model", "parameter": "label:fitparam",
               "coef": "number2", "se": "number2", "t": "number2", "p": "number2"})
display.paragraph(L("txt.shock", sigma=L.points(report.shock.sigma),
                    phi=L.number(report.shock.phi, 2)))

# %%
display.heading(L("h.cross_province"))
display.table(report.cross_province_data, "cross_province", L,
              {"geography": "label:geo", "de_share": "percent", "de_year": "year",
               "goods_exports_usd_bn": "number", "exports_year": "year",
               "log_goods_exports": "number2"}, index=True)

# %%
display.heading(L("h.icor"))
display.paragraph(L("txt.icor"))
display.table(icor, "icor", L, {"required_total_investment_pct_grdp": "percent",
                                "icor_label": "label:icor", "source": "text",
                                "grdp_increment_constant_vnd_bn": "number0",
                                "required_total_investment_vnd_bn": "number0",
                                "digital_increment_constant_vnd_bn": "number0",
                                "required_digital_investment_vnd_bn": "number0",
                                "model_core_investment_vnd_bn": "number0"})

# %%
display.heading(L("h.appendix"))
display.heading(L("h.calibration_values"), level=3)
cal_table = facts.calibration_sources_table(proj)
display.item_table(cal_table, "calibration", L, facts.calibration_kinds(cal_table),
                   labels=facts.calibration_labels(cal_table, lang))
display.heading(L("h.not_identified_notes"), level=3)
display.paragraph(L("txt.notes_original"))
display.bullets(report.not_identified)
display.heading(L("h.provenance"), level=3)
display.provenance(provenance.collect(None, boundary=boundary, basis=basis,
                                      parameters={"lang": lang}), L)
