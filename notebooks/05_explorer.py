# ---
# jupyter:
#   kernelspec:
#     display_name: Python 3 (ipykernel)
#     language: python
#     name: python3
# ---

# %%
# Scenario explorer: move the investment levers and the parameters that drive the answer
# most, and the digital-economy share, the gap to the target and the investment the target
# needs are recomputed at once. The widget carries its own guide, in Vietnamese or English.
# In JupyterLab (`make lab`) run all cells; `make explore` serves this notebook as a page
# without code (Voilà). The same explorer answers from code:
#     ex.set(fdi_digital_usd_bn=6.0); ex.state; ex.results; ex.figure
#     ex.save_scenario("my_scenario.yaml")   # then: hpresearch project my_scenario.yaml
from hpresearch.explore import explorer

# %% tags=["parameters"]
scenario: str = "trend"  # starting scenario: a shipped name (trend, plan, breakthrough, electronics_shock) or a scenario YAML path
boundary: str = "merged"  # city boundary: merged (Hai Phong + Hai Duong) or pre_merger
basis: str = "gso"  # digital-economy measurement basis: gso (official) or mic (MIC/PTIT)
lang: str = "vi"  # language of the explorer: vi or en (switchable in the widget)
lever: str = "fdi_digital_usd_bn"  # lever solved for the target: fdi_digital_usd_bn, core_domestic_investment_vnd_bn or dx_spending_vnd_bn
draws: int = 10000  # Monte Carlo draws of the uncertainty view (the reports' 10,000)
seed: int = 20241220  # random seed of the Monte Carlo (the reports')

# %%
ex = explorer(scenario, boundary=boundary, basis=basis, lang=lang, lever=lever, draws=draws,
              seed=seed)
ex
