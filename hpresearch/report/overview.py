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


def base_figures(obs: pd.DataFrame, boundary: str, basis: str) -> dict:
    """The published shares a reader meets and the share the projections start from.

    The old city (Hai Phong before the merger) and the merged city publish different shares,
    and the merged city's only figure is a 2021-2025 value the panel converts to its 2025
    starting point; a page that names one figure must name which city and how it was got.

    Returns
    -------
    dict
        ``old``: the old city's latest published annual share (a row, or None);
        ``merged``: the merged city's latest published share of any period (a row, or None;
        merged boundary only); ``start``: ``{"year", "share", "method"}``, the panel's share
        in the calibration year (fraction) and how it was obtained (``observed`` or
        ``derived:<name>``, :data:`hpresearch.data.derive.METHODS`).
    """
    from hpresearch.data import build_panel, latest_observation, select_rows

    panel = build_panel(boundary, basis, obs=obs)
    prov = panel.provenance[panel.provenance["variable"] == "de_share"].sort_values("year")
    start = None
    if len(prov):
        last = prov.iloc[-1]
        start = {"year": int(last["year"]), "share": float(last["value"]),
                 "method": str(last["method"])}
    merged = None
    if boundary == "merged":
        rows = select_rows(obs, "de_share", "hai_phong_merged", basis=basis)
        merged = rows.sort_values(["year", "published"]).iloc[-1] if len(rows) else None
    return {"old": latest_observation(obs, "de_share", "hai_phong", basis), "merged": merged,
            "start": start}
