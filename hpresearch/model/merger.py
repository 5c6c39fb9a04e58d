"""One city across the 1 July 2025 merger: the two boundaries reconciled, targets translated.

Hai Duong merged into Hai Phong on 1 July 2025. The old city (``pre_merger``) is projected
from its 2023 base, the merged city (``merged``) from its 2025 base; both must describe the
same economy in 2025:

* :func:`reconciliation` sets the old city's projected 2025 GRDP plus Hai Duong's 2025 GRDP
  (derived) beside the merged city's published 2025 GRDP, and the old city's projected digital
  value added beside the merged city's;
* :func:`merged_equivalent` translates a target stated for the old city (the forum's 40% by
  2030) into the merged city's terms.

Hai Duong's 2025 GRDP is not published; it is derived as its 2024 GRDP at current prices x
(1 + its latest 2025 real growth figure, H1 or 9M) x (1 + the merged city's 2025 deflator
growth) - labelled as derived wherever shown.
"""
from __future__ import annotations

from typing import Any

import pandas as pd

from hpresearch.errors import CalibrationError, error_message
from hpresearch.model.projection import project

#: Year both boundaries describe.
MERGER_YEAR = 2025


def hai_duong_grdp(year: int = MERGER_YEAR, obs: pd.DataFrame | None = None) -> dict[str, Any]:
    """Hai Duong's GRDP at current prices in ``year`` (published, else derived).

    Returns
    -------
    dict
        ``{value, method, obs_ids, note}``.
    """
    from hpresearch.data import build_panel, year_estimate

    level = year_estimate(obs, "grdp_current", "hai_duong", year, annual_only=True)
    if level:
        return {"value": level["value"], "method": "observed", "obs_ids": [level["obs_id"]],
                "note": "published"}
    prev = year_estimate(obs, "grdp_current", "hai_duong", year - 1, annual_only=True)
    growth = year_estimate(obs, "grdp_growth_real", "hai_duong", year)
    merged = build_panel("merged", "gso").values["grdp_deflator"]
    if not prev or not growth or year not in merged.index \
            or (year - 1) not in merged.index:
        raise CalibrationError(error_message(
            where=f"Hai Duong GRDP {year}", rule="neither published nor derivable (needs the "
                                                  f"{year - 1} level and a {year} growth figure)"))
    pi = float(merged[year] / merged[year - 1] - 1.0)
    value = prev["value"] * (1.0 + growth["value"] / 100.0) * (1.0 + pi)
    return {"value": value, "method": "derived:hai_duong_estimate",
            "obs_ids": [prev["obs_id"], growth["obs_id"]],
            "note": (f"{year - 1} GRDP {prev['value']:,.0f} x (1 + {growth['value']:g}% real "
                     f"growth, {growth['period']}) x (1 + {pi:+.2%} merged-city deflator "
                     f"growth {year})")}


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
    """The merged-city share equivalent to the old city reaching ``target``.

    ``s* = w target + (1 - w) s_HD`` with ``w`` the old city's share of the merged city's
    2025 GRDP (projection / published) and ``s_HD`` Hai Duong's implied 2025 digital share
    (:func:`reconciliation`), held: the merged city reaches ``s*`` when the old city reaches
    ``target`` and Hai Duong keeps its share and weight.

    Returns
    -------
    dict
        ``{value, weight_old_city, hai_duong_share, note}``.
    """
    rec = reconciliation(scenario, basis).set_index("item")["value"]
    w = float(rec["old_city_grdp"] / rec["merged_city_grdp"])
    w = min(max(w, 0.0), 1.0)
    s_hd = float(rec["hai_duong_share"])
    value = w * float(target) + (1.0 - w) * s_hd
    return {"value": value, "weight_old_city": w, "hai_duong_share": s_hd,
            "note": (f"{w:.3f} x {target:.2%} (old city) + {1 - w:.3f} x {s_hd:.2%} (Hai Duong's "
                     f"implied {MERGER_YEAR} share, held) = {value:.2%}; weights = {MERGER_YEAR} "
                     f"GRDP shares ({basis}, {scenario})")}
