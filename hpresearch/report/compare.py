"""Scenario comparison: one row per scenario and boundary, from the shared answers.

Every row is read from a :class:`~hpresearch.report.answers.ScenarioAnswer` (the report
set's result store), so the comparison shows exactly the numbers of the scenario reports.
The charts drawn from this table are :func:`hpresearch.plots.comparison.required_chart`
and :func:`hpresearch.plots.comparison.answer_chart`.
"""
from __future__ import annotations

import pandas as pd

from hpresearch.invest.requirements import required_level
from hpresearch.report.facts import lever_unit


def comparison_table(answers, lang: str = "en") -> pd.DataFrame:
    """Side-by-side outcomes, one row per answer (scenario x boundary).

    Columns: scenario, title (in ``lang``), boundary, official target, median share and
    80% band in the target year, deterministic share, P(official target), the 40% goal (or
    its merged-city equivalent) and its probability, the lever and its unit, the median
    and P80 requirement (whole requirement, committed included; NaN when the lever cannot
    reach the target) and the median requirement's status.
    """
    rows = []
    for a in answers:
        s = a.share
        med, p80 = a.requirement.median, a.requirement.p80
        rows.append({
            "scenario": a.scenario, "title": a.titles.get(lang, a.scenario),
            "boundary": a.boundary, "official_target": a.official.value,
            "median_share": s["median"], "p10": s["p10"], "p90": s["p90"],
            "deterministic_share": s["deterministic"], "p_target": a.p_official,
            "goal40": a.goal40.value, "p_goal40": a.p_goal40,
            "lever": a.lever, "unit": lever_unit(a.lever),
            "required": required_level(med), "required_p80": required_level(p80),
            "status": med.status,
        })
    return pd.DataFrame(rows)


def attribution_table(answers, year: int, lang: str = "en") -> pd.DataFrame:
    """Why the scenarios end where they do: each scenario's change of the share from the
    base year to ``year`` (deterministic path) split into its drivers
    (:func:`hpresearch.model.attribution.attribute`, LMDI-I), one row per answer.

    Columns: ``title``, ``start``, ``end`` (shares), ``total`` and one column per part
    (fractions: multiply by 100 for percentage points). The parts of a row sum to ``total``.
    """
    from hpresearch.i18n import headline
    from hpresearch.model.attribution import attribute

    rows = []
    for a in answers:
        parts = attribute(a.projection, year)
        title = a.titles[lang]
        rows.append({"title": headline(title) or title, "start": parts.attrs["start"],
                     "end": parts.attrs["end"], "total": parts.attrs["total"],
                     **parts.to_dict()})
    out = pd.DataFrame(rows)
    out.attrs["year"] = int(year)
    return out
