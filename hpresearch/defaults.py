"""Default Monte Carlo sizes and seeds: declared once, read by every function and command.

Two seeds with two meanings: :data:`SEED` is the default of every random function and
command (the backtest behind the calibrated fan uses it, so it is part of every published
number); :data:`REPORT_SEED` is the seed of the published report set, which the report
notebooks pass explicitly (their ``seed`` parameter; ``tests/test_defaults.py`` checks they
agree) and record in each report's provenance. This module imports nothing.
"""
from __future__ import annotations

#: Scenario whose verdict opens the pages that are not about one scenario (data overview,
#: calibration, backtest), and the explorer's and the scenario report's starting scenario.
SCENARIO = "trend"
#: Default seed of every random function and command-line option (``--seed``).
SEED = 0
#: Seed of the published reports (the notebooks' ``seed`` parameter).
REPORT_SEED = 20241220
#: Draws of a Monte Carlo answer: ``simulate``, goal-seek with a probability, the least-cost
#: mix, the requirement, the reports and the explorer's uncertainty view (with
#: :data:`REPORT_SEED` there, so its median, band and P are the reports' to the last digit).
DRAWS = 10_000
#: Draws at each backtest origin (every origin and series re-runs the Monte Carlo).
BACKTEST_DRAWS = 2_000
#: Draws of the one-at-a-time tornado (each parameter at its two ends).
TORNADO_DRAWS = 2_000
