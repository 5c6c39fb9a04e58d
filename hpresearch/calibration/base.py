"""The calibration of the projection engine: what it takes from data, and today's calibration.

:class:`Calibration` holds the base year ``t0`` (latest year with a digital-economy share on
the basis), its real GRDP ``Y0``, deflator ``P0`` and share ``s0``; the published values after
``t0`` (the projection takes them as inputs); the history the base-period capacity and the
disbursement lags need; every scalar estimate of the calibration rules with its source; the
Monte Carlo ranges the data give; official targets, stocks and structural shocks.

The reports' calibration (:func:`hpresearch.calibration.calibrate`) is the rules of
:mod:`hpresearch.calibration.rules` applied to today's information set
(:func:`hpresearch.calibration.information.today`); a backtest applies the same rules to what
was published by each origin.
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any, Mapping

import numpy as np
import pandas as pd

from hpresearch.errors import CalibrationError, error_message

#: Years averaged for base-period investment and the investment ratios.
BASE_WINDOW = 3
#: Years averaged for trend growth and deflator growth.
TREND_WINDOW = 5
#: Longest disbursement lag the history covers (fdi_lag_span_years may not exceed it).
MAX_LAG_SPAN = 6
#: History variables (years ``t0 - HISTORY + 1 .. t0``), gaps filled.
HISTORY_VARIABLES = ("total_investment_vnd_bn", "fdi_usd_bn", "grdp_current_vnd_bn",
                     "deflator", "vnd_per_usd")
HISTORY = BASE_WINDOW + MAX_LAG_SPAN


@dataclass(frozen=True)
class Estimate:
    """One calibrated value: ``value``, ``source`` (how it was obtained), optional ``range``
    (an uncertainty spec ``{dist, low, mode|median, high, source}``)."""

    value: float
    source: str
    range: Mapping[str, Any] | None = None


#: The :class:`Calibration` attribute (and ``notes`` key) of each scalar rule's estimate.
ATTRIBUTES = {
    "recent_total_investment_ratio": "total_investment_ratio", "recent_fdi_ratio": "fdi_ratio",
    "recent_dx_ratio": "dx_ratio", "national_digitalised_share_logistic_fit": "adoption_speed",
    "national_fdi_disbursed_to_registered": "fdi_disbursement_ratio",
    "national_fdi_lag_fit": "fdi_mean_lag", "latest_exchange_rate": "latest_vnd_per_usd",
    "recorded_pace_limit": "pace_limit",
}
_RULE_OF = {attr: rule for rule, attr in ATTRIBUTES.items()}
#: Path rules of the levers: NaN in every year, the engine fills them from the recent ratios.
LEVER_RULES = ("share_of_total_investment", "share_of_fdi", "observed_dx_budget")
#: Rules whose missing value must be set in the scenario before it is used.
_NEEDED = {"national_fdi_disbursed_to_registered": "fdi_disbursement_ratio",
           "national_fdi_lag_fit": "fdi_mean_lag_years"}


@dataclass(frozen=True)
class Calibration:
    """Everything the engine takes from data. Money in VND bn (FDI in USD bn); rates as fractions.

    Attributes
    ----------
    boundary, basis : str
        Boundary (or a backtest's geography) and basis.
    year : int
        Base year ``t0``.
    grdp_constant_vnd_bn, deflator, de_share : float
        ``Y0`` (2010 prices), ``P0`` (2010 = 1) and ``s0`` (current prices, chosen basis).
    trend_real_growth, trend_deflator_growth : float
    dx_ref_real : float
        Real DX spending of reference of the adoption speed.
    history : dict[str, ndarray]
        History variables for the years :attr:`history_years` (filled; see notes).
    history_years : tuple[int, ...]
    observed : dict[str, dict[int, float]]
        Published values after ``t0``: ``grdp_growth_real``, ``grdp_deflator``,
        ``total_investment_vnd_bn``, ``fdi_usd_bn``, ``dx_budget_vnd_bn``, ``vnd_per_usd``,
        and the levels ``grdp_constant_vnd_bn``/``grdp_current_vnd_bn`` (for checks).
    latest : dict[str, tuple[int, float] | None]
        Latest actual (year, value) per lever variable.
    estimates : dict[str, Estimate]
        Every scalar rule's estimate by its ``calibrated:`` name (value, source, range);
        :data:`ATTRIBUTES` names the attribute that reads each (``total_investment_ratio``,
        ``fdi_ratio``, ``dx_ratio``, ``adoption_speed``, ``fdi_disbursement_ratio``,
        ``fdi_mean_lag``, ``latest_vnd_per_usd``, ``pace_limit``).
    targets : dict[int, dict]
        Official digital-economy targets of the boundary by year:
        ``{value (fraction), qualifier, obs_id, source_url}``.
    anchor_stock_usd_bn, fdi_stock_usd_bn : float
        The largest electronics project's capital and the FDI stock (``anchor_exit``).
    uncertainty : dict[str, dict]
        Monte Carlo distributions computed from the data for registry entries whose
        ``uncertainty`` says ``calibrated: <rule>``.
    shocks : dict[str, ShockSpec]
        Structural shocks estimated from the data, by the engine parameter they perturb.
    share_history : dict[int, float]
        The boundary's published (or converted) share by year up to ``t0``, as known: the
        record the naive-trend share baseline extrapolates (:func:`hpresearch.model.engine.
        share_baseline_offset`).
    panel_values : DataFrame
        The panel (year-indexed) for plots and checks (today's calibration only).
    notes : dict[str, str]
        How each calibrated value was obtained.
    """

    boundary: str
    basis: str
    year: int
    grdp_constant_vnd_bn: float
    deflator: float
    de_share: float
    trend_real_growth: float
    trend_deflator_growth: float
    dx_ref_real: float
    history: Mapping[str, np.ndarray] = field(default_factory=dict, compare=False, repr=False)
    history_years: tuple[int, ...] = ()
    observed: Mapping[str, Mapping[int, float]] = field(default_factory=dict)
    latest: Mapping[str, tuple[int, float] | None] = field(default_factory=dict)
    estimates: Mapping[str, Estimate] = field(default_factory=dict)
    share_history: Mapping[int, float] = field(default_factory=dict)
    targets: Mapping[int, Mapping[str, Any]] = field(default_factory=dict)
    anchor_stock_usd_bn: float = float("nan")
    fdi_stock_usd_bn: float = float("nan")
    uncertainty: Mapping[str, Mapping[str, Any]] = field(default_factory=dict, compare=False,
                                                          repr=False)
    shocks: Mapping[str, Any] = field(default_factory=dict, compare=False, repr=False)
    panel_values: pd.DataFrame | None = field(default=None, compare=False, repr=False)
    notes: Mapping[str, str] = field(default_factory=dict, compare=False, repr=False)

    def __getattr__(self, name: str) -> float:
        rule = _RULE_OF.get(name)
        if rule is None:
            raise AttributeError(name)
        estimates = self.__dict__.get("estimates", {})
        return float(estimates[rule].value) if rule in estimates else float("nan")

    @property
    def grdp_current_vnd_bn(self) -> float:
        """Nominal GRDP at ``t0`` (``Y0 x P0``)."""
        return self.grdp_constant_vnd_bn * self.deflator

    def years(self, end_year: int) -> np.ndarray:
        """Projection years ``t0 .. end_year``."""
        return np.arange(self.year, int(end_year) + 1)

    def observed_path(self, name: str, years: np.ndarray) -> np.ndarray:
        """Published values of ``name`` on ``years`` (NaN where not published)."""
        obs = self.observed.get(name, {})
        return np.array([obs.get(int(y), np.nan) for y in years], dtype=float)

    def target(self, year: int) -> Mapping[str, Any] | None:
        """The boundary's official target for ``year`` (``None`` when none is published)."""
        return self.targets.get(int(year))

    def calibrated_value(self, rule: str, target_year: int | None = None) -> float:
        """Scalar default of a ``calibrated:`` registry rule (a lookup of its estimate)."""
        if rule == "official_target":
            year = 2030 if target_year is None else int(target_year)
            t = self.target(year)
            if t is None:
                raise CalibrationError(error_message(
                    where=f"target_share ({self.boundary}, {year})",
                    rule="no official digital-economy target is published for this boundary "
                         "and year in the observation files; set target_share"))
            return float(t["value"])
        if rule not in self.estimates:
            raise KeyError(rule)
        value = float(self.estimates[rule].value)
        if rule in _NEEDED and not np.isfinite(value):
            raise CalibrationError(error_message(
                where=f"calibration, {rule}", value=value,
                rule="was not calibrated (no national fdi_disbursed/fdi_registered years); "
                     f"set {_NEEDED[rule]} in the scenario"))
        return value

    def default_path(self, rule: str, years: np.ndarray) -> np.ndarray:
        """Default path of a path parameter's ``calibrated:`` rule on ``years`` (``t0 ..``).

        Published values where they exist, then the trend (real growth, deflator growth),
        the latest rate carried forward (exchange rate), or NaN where the engine fills the
        lever from its ratio to GRDP (:data:`LEVER_RULES`); any scalar rule held constant.
        """
        if rule in LEVER_RULES:
            return np.full(len(years), np.nan)
        if rule == "observed_then_trend_real_growth":
            obs = self.observed_path("grdp_growth_real", years)
            return np.where(np.isnan(obs), self.trend_real_growth, obs)
        if rule == "observed_then_trend_deflator_growth":
            levels = self.observed_path("grdp_deflator", years)
            levels[0] = self.deflator
            growth = np.full(len(years), np.nan)
            growth[1:] = levels[1:] / levels[:-1] - 1.0   # NaN where a year is not published
            return np.where(np.isnan(growth), self.trend_deflator_growth, growth)
        if rule == "latest_exchange_rate":
            carried = pd.Series(self.observed_path("vnd_per_usd", years)).ffill()
            start = (float(self.history["vnd_per_usd"][-1]) if self.history
                     else self.latest_vnd_per_usd)
            return carried.fillna(start).to_numpy(dtype=float)
        return np.full(len(years), self.calibrated_value(rule))

    def with_(self, **changes: Any) -> "Calibration":
        """Copy with some fields (or estimates, by attribute name) changed (tests, what-if)."""
        estimates = dict(self.estimates)
        for name in [n for n in changes if n in _RULE_OF]:
            estimates[_RULE_OF[name]] = Estimate(float(changes.pop(name)), "given")
        return replace(self, estimates=estimates, **changes)

    def summary(self) -> dict[str, Any]:
        """Calibration values shown in output headers."""
        t = self.target(2030)
        return {
            "boundary": self.boundary, "basis": self.basis, "base_year": self.year,
            "grdp_constant_vnd_bn": self.grdp_constant_vnd_bn,
            "grdp_current_vnd_bn (derived)": self.grdp_current_vnd_bn,
            "deflator": self.deflator, "de_share": self.de_share,
            "trend_real_growth": self.trend_real_growth,
            "trend_deflator_growth": self.trend_deflator_growth,
            "total_investment_ratio": self.total_investment_ratio,
            "fdi_ratio": self.fdi_ratio, "dx_ratio": self.dx_ratio,
            "adoption_speed": self.adoption_speed,
            "fdi_disbursement_ratio": self.fdi_disbursement_ratio,
            "fdi_mean_lag": self.fdi_mean_lag,
            "official_target_2030": float(t["value"]) if t else float("nan"),
        }
