"""Tables of the data overview: the sourced targets and the sources behind every chart.

Pure functions over the observations DataFrame of :func:`hpresearch.data.load_observations`.
"""
from __future__ import annotations

import pandas as pd

from hpresearch.data import BOUNDARY_GEOGRAPHIES, targets
from hpresearch.plots.data_overview import OVERVIEW_INDICATORS


def targets_table(obs: pd.DataFrame, boundary: str) -> pd.DataFrame:
    """Every published target for the boundary's geographies and Viet Nam, with its source.

    Columns: ``indicator, geography, year, value, unit, qualifier, basis, publisher,
    published, source_url`` (value as published, e.g. percent).
    """
    geos = list(BOUNDARY_GEOGRAPHIES[boundary]) + ["vietnam"]
    cols = ["indicator", "geography", "year", "value", "unit", "qualifier", "basis",
            "publisher", "published", "source_url"]
    return targets(obs, geos)[cols]


def sources_table(obs: pd.DataFrame, boundary: str, lang: str) -> pd.DataFrame:
    """Every observation drawn in the overview charts, with its source and conflict flag.

    ``quote`` (original wording) in Vietnamese reports, ``note_en`` in English ones.
    """
    from hpresearch.plots.data_overview import chart_points

    frames = [chart_points(obs, ind, BOUNDARY_GEOGRAPHIES[boundary], unit)
              for ind, unit in OVERVIEW_INDICATORS]
    frames = [f for f in frames if len(f)]
    if not frames:
        return pd.DataFrame(columns=["obs_id"])
    sel = pd.concat(frames, ignore_index=True)
    note = "quote" if lang == "vi" else "note_en"
    cols = ["obs_id", "indicator", "geography", "year", "value", "unit", "basis", "conflict",
            "publisher", "published", "confidence", "source_url", note]
    out = sel[cols].rename(columns={note: "note"})
    out["conflict"] = out["conflict"].map({True: "×", False: ""})
    return out.reset_index(drop=True)
