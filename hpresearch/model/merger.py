"""One city across the 1 July 2025 merger: the two boundaries reconciled, targets translated.

Hai Duong merged into Hai Phong on 1 July 2025. The old city (``pre_merger``) is projected
from its 2023 base, the merged city (``merged``) from its 2025 base; both must describe the
same economy in 2025:

* :func:`reconciliation` sets the old city's projected 2025 GRDP plus Hai Duong's 2025 GRDP
  (derived) beside the merged city's published 2025 GRDP, and the old city's projected digital
  value added beside the merged city's;
* :func:`merged_equivalent` translates a target stated for the old city (the forum's 40% by
  2030) into the merged city's terms: a central value and its range over documented methods.

Hai Duong's 2025 GRDP is not published; it is derived as its 2024 GRDP at current prices x
(1 + its latest 2025 real growth figure, H1 or 9M) x (1 + Hai Duong's 2025 deflator change)
- labelled as derived wherever shown. The deflator change is Hai Duong's own where its
current-price levels imply one, else Viet Nam's GDP deflator change
(:func:`hpresearch.data.deflator_change`); the merged city's implied 2025 change is not used,
because it is fixed by the merged 2025 level and growth against the sum of the two provinces'
first 2024 estimates, and would make Hai Duong's estimate depend on itself.
"""
from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from hpresearch.errors import CalibrationError, error_message
from hpresearch.model.projection import project

#: Year both boundaries describe.
MERGER_YEAR = 2025


def hai_duong_grdp(year: int = MERGER_YEAR, obs: pd.DataFrame | None = None) -> dict[str, Any]:
    """Hai Duong's GRDP at current prices in ``year`` (published, else derived).

    ``Y_t = Y_{t-1} (1 + g_t) (1 + pi_t)`` with ``g_t`` Hai Duong's latest real growth figure
    for ``year`` and ``pi_t`` its deflator change (:func:`hpresearch.data.deflator_change`:
    its own, else Viet Nam's).

    Returns
    -------
    dict
        ``{value, method, obs_ids, note}``.
    """
    from hpresearch.data import deflator_change, year_estimate

    level = year_estimate(obs, "grdp_current", "hai_duong", year, annual_only=True)
    if level:
        return {"value": level["value"], "method": "observed", "obs_ids": [level["obs_id"]],
                "note": "published"}
    prev = year_estimate(obs, "grdp_current", "hai_duong", year - 1, annual_only=True)
    growth = year_estimate(obs, "grdp_growth_real", "hai_duong", year)
    defl = deflator_change("hai_duong", year, obs)
    if not prev or not growth or not np.isfinite(defl["value"]):
        raise CalibrationError(error_message(
            where=f"Hai Duong GRDP {year}", rule="neither published nor derivable (needs the "
                                                  f"{year - 1} level, a {year} growth figure "
                                                  "and a deflator change)"))
    pi = float(defl["value"])
    whose = ("Hai Duong's own" if defl["method"] == "derived:implied_deflator"
             else "Viet Nam's GDP")
    value = prev["value"] * (1.0 + growth["value"] / 100.0) * (1.0 + pi)
    return {"value": value, "method": "derived:hai_duong_estimate",
            "obs_ids": [prev["obs_id"], growth["obs_id"], *defl["obs_ids"]],
            "note": (f"{year - 1} GRDP {prev['value']:,.0f} x (1 + {growth['value']:g}% real "
                     f"growth, {growth['period']}) x (1 + {pi:+.2%} {whose} deflator change "
                     f"{year})")}


def reconciliation(scenario: Any = "trend", basis: str = "gso") -> pd.DataFrame:
    """The two boundaries side by side in 2025 (VND bn, current prices).

    Returns
    -------
    DataFrame
        ``item, value, method, note``: old-city GRDP (projection), Hai Duong GRDP (derived),
        their sum, the merged city's published GRDP and the gap; the old city's digital value
        added (projection), the merged city's (base year) and Hai Duong's implied digital
        value added and share.
    """
    old = project(scenario, boundary="pre_merger", basis=basis, end_year=MERGER_YEAR)
    new = project(scenario, boundary="merged", basis=basis, end_year=MERGER_YEAR + 1)
    if int(new.index[0]) != MERGER_YEAR:
        raise CalibrationError(error_message(
            where="merged calibration", value=int(new.index[0]),
            rule=f"base year must be {MERGER_YEAR} for the reconciliation"))
    hd = hai_duong_grdp(MERGER_YEAR)
    old_y = float(old.loc[MERGER_YEAR, "grdp_current_vnd_bn"])
    old_d = float(old.loc[MERGER_YEAR, "digital_va_current_vnd_bn"])
    new_y = float(new.loc[MERGER_YEAR, "grdp_current_vnd_bn"])
    new_d = float(new.loc[MERGER_YEAR, "digital_va_current_vnd_bn"])
    rows = [
        ("old_city_grdp", old_y, "projection", f"pre_merger {old.attrs['scenario']} {MERGER_YEAR}"),
        ("hai_duong_grdp", hd["value"], hd["method"], hd["note"]),
        ("sum_of_parts_grdp", old_y + hd["value"], "derived", "old city + Hai Duong"),
        ("merged_city_grdp", new_y, "calibration", f"merged base year ({new.attrs['calibration_notes'].get('grdp_current_vnd_bn', 'panel')})"),
        ("gap_sum_vs_merged", (old_y + hd["value"]) / new_y - 1.0, "derived", "fraction"),
        ("old_city_digital_va", old_d, "projection", f"share {old_d / old_y:.2%}"),
        ("merged_city_digital_va", new_d, "calibration",
         f"share {new_d / new_y:.2%} ({new.attrs['calibration_notes'].get('de_share', '')})"),
        ("hai_duong_digital_va", new_d - old_d, "derived", "merged - old city"),
        ("hai_duong_share", (new_d - old_d) / (new_y - old_y), "derived",
         "(merged - old digital VA) / (merged - old GRDP)"),
    ]
    return pd.DataFrame(rows, columns=["item", "value", "method", "note"])


def merged_equivalent(target: float, scenario: Any = "trend", basis: str = "gso") -> dict:
    """The merged-city share equivalent to the old city reaching ``target``, with its range.

    ``s* = w target + (1 - w) s_HD`` with ``w`` the old city's share of the merged city's
    GRDP and ``s_HD`` Hai Duong's digital share, held: the merged city reaches ``s*`` when the
    old city reaches ``target`` and Hai Duong keeps its share and weight. The central value
    takes ``w`` in 2025 (projection / published) and ``s_HD`` implied in 2025
    (:func:`reconciliation`). The range is the lowest and highest ``s*`` over the documented
    methods (:func:`equivalent_methods`).

    Returns
    -------
    dict
        ``{value, weight_old_city, hai_duong_share, note, low, high, methods}``; ``methods``
        is a list of ``{method, value, weight_old_city, hai_duong_share, note}``, the first
        the central one.
    """
    methods = equivalent_methods(target, scenario, basis)
    central = methods[0]
    values = [m["value"] for m in methods]
    low, high = min(values), max(values)
    w, s_hd, value = central["weight_old_city"], central["hai_duong_share"], central["value"]
    return {"value": value, "weight_old_city": w, "hai_duong_share": s_hd,
            "note": (f"{w:.3f} x {target:.2%} (old city) + {1 - w:.3f} x {s_hd:.2%} (Hai Duong's "
                     f"implied {MERGER_YEAR} share, held) = {value:.2%}; weights = {MERGER_YEAR} "
                     f"GRDP shares ({basis}, {scenario}); range {low:.1%}-{high:.1%} over "
                     f"{len(methods)} methods"),
            "low": low, "high": high, "methods": methods}


def _method(name: str, target: float, w: float, s_hd: float, note: str) -> dict:
    w = min(max(float(w), 0.0), 1.0)
    return {"method": name, "value": w * float(target) + (1.0 - w) * float(s_hd),
            "weight_old_city": w, "hai_duong_share": float(s_hd), "note": note}


def equivalent_methods(target: float, scenario: Any = "trend", basis: str = "gso") -> list[dict]:
    """``s* = w target + (1 - w) s_HD`` by each documented choice of ``w`` and ``s_HD``.

    1. ``weights_2025`` (central): ``w`` = old-city / merged GRDP in 2025, ``s_HD`` implied in
       2025 (merged digital value added less the old city's, over the GRDP difference);
    2. ``weights_2030``: ``w`` = the two boundaries' 2030 GRDP in the scenario's projections
       (the year of the goal), ``s_HD`` as in 1;
    3. one method per other documented reading of the merged base share
       (:meth:`hpresearch.data.Panel.share_readings`, e.g. the 2021-2025 figure read as the
       2025 value): ``s_HD`` implied with that share, ``w`` as in 1;
    4. ``hai_duong_published``: ``s_HD`` = Hai Duong's own published digital-economy share
       for 2025, else its 2025 target (a goal, not a measurement), ``w`` as in 1.
    """
    from hpresearch.data import build_panel, official_target, year_estimate

    rec = reconciliation(scenario, basis).set_index("item")["value"]
    old_y, new_y = float(rec["old_city_grdp"]), float(rec["merged_city_grdp"])
    old_d, s_hd = float(rec["old_city_digital_va"]), float(rec["hai_duong_share"])
    w25 = old_y / new_y
    out = [_method("weights_2025", target, w25, s_hd,
                   f"w = {MERGER_YEAR} GRDP old city {old_y:,.0f} / merged {new_y:,.0f}; "
                   f"s_HD implied {MERGER_YEAR}")]
    year = 2030
    old30 = project(scenario, boundary="pre_merger", basis=basis, end_year=year)
    new30 = project(scenario, boundary="merged", basis=basis, end_year=year)
    y_old, y_new = (float(df.loc[year, "grdp_current_vnd_bn"]) for df in (old30, new30))
    out.append(_method(f"weights_{year}", target, y_old / y_new, s_hd,
                       f"w = {year} GRDP old city {y_old:,.0f} / merged {y_new:,.0f} "
                       f"({scenario} projections); s_HD implied {MERGER_YEAR}"))
    share = float(rec["merged_city_digital_va"]) / new_y
    readings = build_panel("merged", basis).share_readings(MERGER_YEAR)
    for _, r in readings.iterrows():
        if abs(float(r["value"]) - share) < 1e-12:
            continue
        s = (float(r["value"]) * new_y - old_d) / (new_y - old_y)
        out.append(_method("base_share_reading", target, w25, s,
                           f"merged {MERGER_YEAR} share {float(r['value']):.2%} ({r['reading']}): "
                           f"s_HD = ({float(r['value']):.4f} x {new_y:,.0f} - {old_d:,.0f}) / "
                           f"({new_y:,.0f} - {old_y:,.0f})"))
    hd, kind = year_estimate(None, "de_share", "hai_duong", MERGER_YEAR, annual_only=True), "share"
    if hd is None:
        hd, kind = official_target(None, "hai_duong", MERGER_YEAR), "target"
    if hd is not None:
        out.append(_method("hai_duong_published", target, w25, float(hd["value"]) / 100.0,
                           f"s_HD = Hai Duong's published {MERGER_YEAR} {kind} "
                           f"{float(hd['value']):g}% ({hd['obs_id']}"
                           + (", a goal, not a measurement" if kind == "target" else "") + ")"))
    return out
