"""``project()``: one scenario on one boundary and basis as a year-indexed DataFrame.

This is :func:`hpresearch.model.engine.simulate_paths` with ``n = 1`` wrapped into a
table with the calibration values, basis and boundary attached in ``DataFrame.attrs``.
"""
from __future__ import annotations

from typing import Any, Mapping

import numpy as np
import pandas as pd

from hpresearch import argspec
from hpresearch.errors import ScenarioError, UsageError, error_message
from hpresearch.calibration.base import Calibration
from hpresearch.calibration.rules import calibrate
from hpresearch.model.engine import engine_params, resolve_params, simulate_paths
from hpresearch.parameters.registry import MAX_END_YEAR
from hpresearch.model.scenario import Scenario, load_scenario, parse_overrides, validate_param
from hpresearch.data.vocabulary import DEFAULT_BOUNDARY

#: Column order of the projection table (``row`` first: base / observed / projection).
COLUMNS = (
    "grdp_constant_vnd_bn", "grdp_current_vnd_bn", "grdp_growth_real", "deflator",
    "core_va_constant_vnd_bn", "digitalised_va_constant_vnd_bn", "digital_va_constant_vnd_bn",
    "non_digital_va_constant_vnd_bn", "core_va_current_vnd_bn", "digitalised_va_current_vnd_bn",
    "digital_va_current_vnd_bn", "non_digital_va_current_vnd_bn", "de_share", "de_share_core",
    "de_share_digitalised", "de_share_constant", "gap_to_target",
    "core_domestic_investment_vnd_bn", "fdi_digital_usd_bn", "fdi_digital_disbursed_usd_bn",
    "fdi_digital_disbursed_vnd_bn", "dx_spending_vnd_bn", "total_investment_vnd_bn",
    "total_investment_to_grdp", "core_domestic_investment_to_grdp",
    "fdi_digital_registered_to_grdp", "fdi_digital_disbursed_to_grdp", "dx_spending_to_grdp",
    "core_investment_to_grdp", "core_investment_constant_vnd_bn", "core_capital_constant_vnd_bn",
    "adoption", "adoption_speed_effective", "digital_deflator",
)


def check_end_year(end_year: int, calibration: Calibration | None = None,
                  argument: str = "end_year") -> int:
    """Validate the end year ``argument`` (:func:`hpresearch.argspec.check`, and after the
    calibration's base year ``t0``); :class:`~hpresearch.errors.UsageError` otherwise."""
    end_year = argspec.check("end_year", end_year, argument)
    if calibration is not None and end_year <= calibration.year:
        raise UsageError(error_message(where=argument, value=end_year,
                                       rule=f"must be after the calibration year "
                                            f"{calibration.year}"), argument=argument)
    return end_year


def normalise_overrides(overrides: Any, end_year: int = MAX_END_YEAR) -> dict[str, Any]:
    """Accept ``["k=v", ...]`` (CLI) or ``{name: value}`` (API); validate every value."""
    if overrides is None:
        return {}
    if isinstance(overrides, (list, tuple)):
        return parse_overrides(list(overrides), end_year)
    if isinstance(overrides, Mapping):
        return {k: validate_param(k, v, f"overrides.{k}", end_year) for k, v in overrides.items()}
    raise ScenarioError(error_message(where="overrides", value=overrides,
                                      rule="must be a mapping or a list of KEY=VALUE"))


def run(scenario: Any, calibration: Calibration, end_year: int = 2030,
        overrides: Mapping[str, Any] | None = None) -> tuple[Scenario, dict, dict]:
    """Validate, resolve and simulate once; return ``(scenario, params, outputs)``."""
    sc = load_scenario(scenario)
    end_year = check_end_year(end_year, calibration)
    params = resolve_params(sc.params, calibration, end_year, overrides)
    with np.errstate(all="ignore"):  # a non-finite result is refused (check_finite)
        out = simulate_paths(calibration, engine_params(params), end_year)
    return sc, params, out


def check_finite(df: pd.DataFrame, where: str) -> None:
    """Refuse a projection with a value that is not a finite number (one line naming the
    column and year): an answer is finite or refused, never ``inf``/``nan``."""
    values = df.to_numpy(dtype=float)
    bad = ~np.isfinite(values)
    if bad.any():
        row, col = (int(i[0]) for i in np.nonzero(bad))
        raise ScenarioError(error_message(
            where=f"{where}, year {df.index[row]}", value=df.columns[col],
            rule=f"is {values[row, col]} (not a finite number): the parameters leave the model "
                 "undefined (a value at the edge of its limits?)"))


def crossing_year(df: pd.DataFrame, target: float) -> int | None:
    """First projected year whose share (current prices) reaches ``target``."""
    hit = df.index[(df["de_share"] >= target - 1e-12)]
    return int(hit[0]) if len(hit) else None


def project(scenario: Any = "trend", boundary: str = DEFAULT_BOUNDARY, basis: str = "gso",
            overrides: Any = None, end_year: int = 2030,
            calibration: Calibration | None = None) -> pd.DataFrame:
    """Project a scenario; one row per year from the calibration year to ``end_year``.

    Parameters
    ----------
    scenario : str, Path or Scenario
        Shipped name (``trend``), YAML path, or composition ``a+b``.
    boundary : {"pre_merger", "merged"}
    basis : {"gso", "mic"}
    overrides : mapping or list of "KEY=VALUE", optional
        Parameter changes on top of the scenario (validated like scenario values).
    end_year : int
        Last year (<= 2045).
    calibration : Calibration, optional
        Use this instead of :func:`~hpresearch.calibration.rules.calibrate`.

    Returns
    -------
    DataFrame
        Index ``year``; columns :data:`COLUMNS` (money in VND bn or USD bn, shares as
        fractions). ``attrs`` holds ``scenario``, ``title``, ``boundary``, ``basis``,
        ``calibration`` (values), ``calibration_notes``, ``target_share``, ``target_year``,
        ``crossing_year`` and ``output_mode`` (``stated_total`` or ``additive``: what fixes
        real GRDP, :func:`hpresearch.model.engine.totals`).
    """
    sc = load_scenario(scenario)
    cal = calibration if calibration is not None else calibrate(boundary, basis)
    ov = normalise_overrides(overrides)
    _, params, out = run(sc, cal, end_year, ov)
    years = cal.years(end_year)
    if out["core_capped"].any():
        year = int(years[np.argmax(out["core_capped"][0] > 0)])
        raise ScenarioError(error_message(
            where=f"scenario {sc.name}, year {year}", value="core digital value added",
            rule="would exceed 98% of GRDP: the investment stated is too large for the "
                 "growth stated (lower the levers or raise real_growth)"))
    df = pd.DataFrame({k: out[k][0] for k in out}, index=pd.Index(years, name="year"))
    check_finite(df, f"scenario {sc.name}")
    target = float(params["target_share"])
    df["gap_to_target"] = df["de_share"] - target
    df = df[list(COLUMNS)]
    published = set(cal.observed.get("grdp_growth_real", {}))
    df.insert(0, "row", ["base"] + ["published_growth" if int(y) in published else "projection"
                                    for y in years[1:]])
    df.attrs.update({
        "scenario": sc.name, "title": sc.title, "chain": list(sc.chain),
        "boundary": cal.boundary, "basis": cal.basis, "calibration": cal.summary(),
        "calibration_notes": dict(cal.notes), "target_share": target,
        "target_year": int(params["target_year"]), "crossing_year": crossing_year(
            df[df["row"] == "projection"], target),
        "references": sc.references(), "overrides": ov, "output_mode": params["output_mode"],
        "implied_core_capital_output_ratio": float(out["core_capital_output_ratio"][0, 0]),
        "naive_baseline_weight": float(params["naive_baseline_weight"]),
        "share_baseline_offset": [float(x) for x in np.asarray(params["share_baseline_offset"])],
        "target": dict(cal.target(int(params["target_year"])) or {}),
        "target_is_official": (cal.target(int(params["target_year"])) or {}).get("value")
        == target,
    })
    return df
