# ---
# jupyter:
#   kernelspec:
#     display_name: Python 3 (ipykernel)
#     language: python
#     name: python3
# ---

# %%
# Backtest: how the projection engine itself would have done, rolling origin, using only
# what was published before each origin; beside the statistical benchmark and the naive trend.
from hpresearch.backtest import run_backtest
from hpresearch.defaults import SCENARIO
from hpresearch.i18n import Localizer
from hpresearch.plots import uncertainty_charts as uncertainty_plots
from hpresearch.render import params, provenance
from hpresearch.report import display, facts, narrative
from hpresearch.report.answers import answer

# %% tags=["parameters"]
origin_from: int = 2018  # first forecast origin year
horizon_years: int = 3  # years forecast from each origin
lang: str = "vi"  # report language: vi or en

# %%
params.check({"origin_from": origin_from, "horizon_years": horizon_years, "lang": lang},
             "04_backtest")
L = Localizer(lang)
bt = run_backtest(origin_from=origin_from, horizon=horizon_years)
summary = facts.backtest_summary(bt)
lead = answer(SCENARIO)  # the verdict the page opens with (merged city, official statistics)
series = list(dict.fromkeys(bt.forecasts["series"]))
score_formats = {"series": "series", "method": "label:method", "mode": "label:mode",
                 "bands": "label:bands", "n": "int", "n_band": "int", "mae_pp": "number2",
                 "bias_pp": "number2", "coverage50": "percent0", "ci50": "percent_range",
                 "verdict50": "label:verdict", "coverage80": "percent0",
                 "ci80": "percent_range", "verdict80": "label:verdict", "n_warmup": "int",
                 "n_zero_width": "int"}

# %%
display.report_header({"title": L("nb.04_backtest.title"),
                       "subtitle": L("txt.backtest_subtitle", origin=origin_from,
                                     horizon=horizon_years),
                       "boundary": "both", "basis": "all"}, L)
display.paragraph(narrative.scenario_verdict(L, lead), css_class="hp-answer")
display.paragraph(L("txt.backtest_bases"))
display.paragraph(L("txt.bt_calibration"))

# %%
display.heading(L("h.headline"))
display.paragraph(narrative.backtest(L, summary))
display.paragraph(narrative.share_record(L, summary["record"]))
display.table(facts.backtest_kind_table(bt), "scores_by_kind", L,
              score_formats | {"kind": "label:kind", "n_geographies": "int",
                               "mae_naive_pp": "number2", "n_above": "int", "n_below": "int",
                               "sign_p": "number3"},
              caption=L("cap.scores_by_kind"), collapse=False)
display.paragraph(L("txt.bt_hp_share"))
display.table(facts.city_out_of_sample_table(bt), "city_out_of_sample", L,
              {"series": "series", "origin": "year", "year": "year", "forecast": "number",
               "actual": "number", "error": "number2", "inside80": "label:yesno"},
              caption=L("cap.city_out_of_sample"))

# %%
display.heading(L("h.backtest_by_series"))
display.table(facts.backtest_table(bt), "scores", L, score_formats)

# %%
display.heading(L("h.backtest_charts"))
for name in series:
    display.figure(uncertainty_plots.backtest_chart(bt, series=name, lang=lang))

# %%
display.heading(L("h.appendix"))
display.heading(L("h.notes"), level=3)
display.paragraph(L("txt.notes_original"))
display.bullets(bt.notes)
display.table(bt.forecasts, "forecasts", L, {"series": "series", "method": "label:method",
                                             "mode": "label:mode"})
display.heading(L("h.provenance"), level=3)
display.provenance(provenance.collect(None, seed=bt.settings["seed"], boundary="both",
                                      basis="all",
                                      parameters={"origin_from": origin_from,
                                                        "horizon_years": horizon_years,
                                                        "lang": lang}), L)
