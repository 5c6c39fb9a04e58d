"""Viet Nam's national digital-economy series (for calibrating adoption speed).

GSO has published the national digital-economy share three times (first release
29/12/2023, revision 6/1/2025, revision 5-6/1/2026), and MIC/PTIT publish higher
estimates. These helpers return every vintage, so a caller can use the latest or study
revisions.
"""
from __future__ import annotations

import pandas as pd

from hpresearch.data.load import load_observations

#: Indicators of the national series.
DE_INDICATORS = ("de_share", "de_core_share", "de_digitalised_share", "de_core_fraction",
                 "de_digitalised_fraction")


def national_de_series(indicators=DE_INDICATORS, geography: str = "vietnam",
                       obs: pd.DataFrame | None = None, path=None) -> pd.DataFrame:
    """Every published national DE figure, one row per observation.

    Returns
    -------
    DataFrame
        Columns ``indicator, basis, year, period, period_type, vintage, value, fraction,
        confidence, obs_id, source_url, note_en``; ``vintage`` is the publication date,
        ``fraction`` = value / 100. Sorted by indicator, basis, year, vintage.
    """
    obs = load_observations(path) if obs is None else obs
    sel = obs[(obs["geography"] == geography) & obs["indicator"].isin(list(indicators))]
    out = sel.assign(vintage=sel["published"], fraction=sel["value"] / 100.0)
    cols = ["indicator", "basis", "year", "period", "period_type", "vintage", "value",
            "fraction", "qualifier", "confidence", "obs_id", "source_url", "note_en"]
    return out[cols].sort_values(["indicator", "basis", "year", "vintage", "obs_id"],
                                 kind="mergesort").reset_index(drop=True)


def de_vintages(basis: str = "gso", indicator: str = "de_share", geography: str = "vietnam",
                obs: pd.DataFrame | None = None, path=None) -> pd.DataFrame:
    """Annual national DE share as fractions: rows = year, columns = vintage.

    Where one vintage was reported by several outlets with different values, the
    highest-confidence then first-listed value is kept; the column ``latest`` holds the
    value of the most recent vintage for each year.
    """
    s = national_de_series((indicator,), geography, obs=obs, path=path)
    s = s[(s["basis"] == basis) & (s["period_type"] == "annual")]
    conf = {"high": 0, "medium": 1, "low": 2}
    s = s.assign(_c=s["confidence"].map(conf)).sort_values(["year", "vintage", "_c", "obs_id"])
    s = s.drop_duplicates(["year", "vintage"])
    wide = s.pivot(index="year", columns="vintage", values="fraction").sort_index(axis=1)
    wide["latest"] = wide.apply(lambda r: r.dropna().iloc[-1] if r.notna().any() else None,
                                axis=1)
    return wide
