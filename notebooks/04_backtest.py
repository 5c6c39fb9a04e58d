# ---
# jupyter:
#   kernelspec:
#     display_name: Python 3 (ipykernel)
#     language: python
#     name: python3
# ---

# %%
# Backtest: how the method would have done, rolling origin against a naive trend,
# using only what was published before each origin.
from hpresearch.backtest import run_backtest
from hpresearch.i18n import Localizer
from hpresearch.plots import uncertainty_charts as uncertainty_plots
from hpresearch.render import params, provenance
from hpresearch.report import display, facts, narrative

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
series = list(dict.fromkeys(bt.forecasts["series"]))

# %%
display.report_header({"title": L("nb.04_backtest.title"),
                       "subtitle": L("txt.backtest_subtitle", origin=origin_from,
                                     horizon=horizon_years),
                       "boundary": "both", "basis": "all"}, L)
display.paragraph(L("txt.backtest_bases"))

# %%
display.heading(L("h.headline"))
display.paragraph(narrative.backtest(L, mae_model=summary["mae_model"],
                                     mae_naive=summary["mae_naive"],
                                     coverage80=summary["coverage80"],
                                     what=L("txt.backtest_what")))
display.table(bt.scores, "scores", L, {"series": "series", "method": "label:method",
                                       "mae": "points", "coverage50": "percent0",
                                       "coverage80": "percent0"})

# %%
display.heading(L("h.backtest_charts"))
for name in series:
    display.figure(uncertainty_plots.backtest_chart(bt, series=name, lang=lang))

# %%
display.heading(L("h.notes"))
display.paragraph(L("txt.notes_original"))
display.bullets(bt.notes)
display.table(bt.forecasts, "forecasts", L, {"series": "series", "method": "label:method",
                                             "forecast": "percent", "actual": "percent",
                                             "error": "points", "lo50": "percent",
                                             "hi50": "percent", "lo80": "percent",
                                             "hi80": "percent"})

# %%
display.heading(L("h.provenance"))
display.provenance(provenance.collect(None, boundary="both", basis="all",
                                      parameters={"origin_from": origin_from,
                                                        "horizon_years": horizon_years,
                                                        "lang": lang}), L)
