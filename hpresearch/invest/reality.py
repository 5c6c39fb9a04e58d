"""An investment requirement beside what the city has ever attracted (the reality check).

A requirement of, say, USD 8 bn a year of registered digital FDI means little alone. This
module sets a requirement level (per year) beside the sourced figures of the boundary:

* the **record year** of total registered FDI in the data panel (value, year, obs_ids;
  on the merged boundary the panel's derived sums of the two former provinces);
* the **2021-2025 average** of total registered FDI: the boundary's published period total
  divided by five (merged boundary without its own row: the sum of both parts' totals; else
  the mean of the panel's five annual values);
* Viet Nam's registered FDI in the latest year;
* the **implied employment**: the level times ``fdi_jobs_per_usd_bn`` (registry parameter,
  the Hai Phong Economic Zone Authority's ~10,000 workers per USD 1 bn), per year and summed
  over the policy years, beside the latest electronics employment the data hold (left out
  when the data hold none);
* the scenario's **own FDI assumption**: total registered FDI of the central projection in
  its base year and target year, beside the same record.

Every ratio is ``level / benchmark`` (labelled ``derived``) with the obs_ids of the rows it
divides by. A VND lever is converted at the exchange rate the projection uses in the first
policy year (the rate :class:`~hpresearch.invest.investment.GoalSeekResult` converts FDI
with; parameter ``vnd_per_usd``).

References
----------
Loayza, N. & Pennings, S. (eds., 2022). *The Long Term Growth Model*, World Bank
(comparing the investment a growth target requires with what has been achieved).
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, Mapping

import numpy as np

from hpresearch.errors import UsageError, error_message
from hpresearch.results import json_ready

#: The period whose average the requirement is set beside (the 2021-2025 plan period).
PERIOD = (2021, 2025)
#: Indicator of the city's total registered FDI (new + additional capital).
FDI_INDICATOR = "fdi_registered"
#: Indicator of the workforce the implied jobs are set beside.
EMPLOYMENT_INDICATOR = "electronics_employment"
#: Registry parameter: workers per USD 1 bn of registered FDI.
JOBS_PARAMETER = "fdi_jobs_per_usd_bn"
#: Panel column of total registered FDI (USD bn).
PANEL_FDI = "fdi_usd_bn"
#: Money units the check takes.
UNITS = ("usd_bn", "vnd_bn")


@dataclass(frozen=True)
class Benchmark:
    """One sourced figure a requirement is set beside (USD bn a year, or persons).

    ``method``: ``observed`` or ``derived:<how>``; ``obs_ids`` the rows it comes from;
    ``qualifier`` as published (``gt``: "more than", so a ratio to it is an upper bound);
    ``note`` says what it covers when that is not the boundary itself; ``confidence`` is
    the lowest of its rows' (``high``/``medium``/``low``).
    """

    value: float
    period: str
    method: str
    obs_ids: tuple[str, ...]
    qualifier: str = ""
    note: str = ""

    @property
    def confidence(self) -> str:
        return lowest_confidence(self.obs_ids)

    def to_dict(self) -> dict[str, Any]:
        return {"value": self.value, "period": self.period, "method": self.method,
                "obs_ids": list(self.obs_ids), "qualifier": self.qualifier, "note": self.note,
                "confidence": self.confidence}


def lowest_confidence(obs_ids: tuple[str, ...]) -> str:
    """The lowest confidence among the rows ``obs_ids`` (``""`` when none is found)."""
    from hpresearch.data import select_rows
    from hpresearch.data.vocabulary import CONFIDENCE

    found = set(select_rows(None, obs_id=list(obs_ids))["confidence"].astype(str))
    return next((c for c in reversed(CONFIDENCE) if c in found), "")


def _ratio(level: float, bench: Benchmark | None) -> float:
    """``level / benchmark`` (NaN when either is missing or the benchmark is not positive)."""
    if bench is None or not (math.isfinite(level) and math.isfinite(bench.value)
                             and bench.value > 0):
        return float("nan")
    return float(level / bench.value)


# ------------------------------------------------------------------------------------------
# the figures of record, each from the data layer
# ------------------------------------------------------------------------------------------
def fdi_record(boundary: str, basis: str = "gso") -> Benchmark | None:
    """The record year of total registered FDI in the panel of ``boundary`` (USD bn).

    Returns
    -------
    Benchmark or None
        The largest annual value of the panel's ``fdi_usd_bn``, its year, method and obs_ids
        (merged boundary: ``derived:merged_sum`` of the two former provinces).
    """
    from hpresearch.data import build_panel

    panel = build_panel(boundary, basis)
    s = panel.values[PANEL_FDI].dropna()
    if s.empty:
        return None
    year = int(s.idxmax())
    p = panel.provenance
    row = p[(p["variable"] == PANEL_FDI) & (p["year"] == year)].iloc[0]
    return Benchmark(float(s.max()), str(year), str(row["method"]),
                     _ids(row["obs_ids"]), note=str(row.get("note", "") or ""))


def fdi_period_average(boundary: str, basis: str = "gso",
                       period: tuple[int, int] = PERIOD) -> Benchmark | None:
    """Average annual registered FDI over ``period`` (USD bn a year, derived).

    The boundary's own published period total first; on the merged boundary without one,
    the sum of both former provinces' totals when both are published; else the mean of the
    panel's annual values when every year of the period has one; else ``None``.
    """
    from hpresearch.data import BOUNDARY_GEOGRAPHIES, period_totals

    start, end = period
    key, years = f"{start}-{end}", end - start + 1
    geos = BOUNDARY_GEOGRAPHIES[boundary]
    own = _period_row(period_totals(None, FDI_INDICATOR, geos[0]), key)
    if own is not None:
        return Benchmark(own[0] / years, key, f"derived:period_total/{years}", (own[1],),
                         own[2])
    parts = [_period_row(period_totals(None, FDI_INDICATOR, g), key) for g in geos[1:]]
    if parts and all(p is not None for p in parts):
        qual = next((p[2] for p in parts if p[2]), "")
        return Benchmark(sum(p[0] for p in parts) / years, key,
                         f"derived:merged_sum/{years}", tuple(p[1] for p in parts), qual)
    return _panel_mean(boundary, basis, start, end)


def _period_row(table, key: str) -> tuple[float, str, str] | None:
    if key not in table.index:
        return None
    row = table.loc[key]
    return float(row["usd_bn"]), str(row["obs_id"]), str(row["qualifier"])


def _panel_mean(boundary: str, basis: str, start: int, end: int) -> Benchmark | None:
    from hpresearch.data import build_panel

    panel = build_panel(boundary, basis)
    s = panel.values[PANEL_FDI].reindex(range(start, end + 1))
    if s.isna().any():
        return None
    p = panel.provenance
    sel = p[(p["variable"] == PANEL_FDI) & p["year"].between(start, end)]
    ids = tuple(dict.fromkeys(i for x in sel["obs_ids"] for i in _ids(x)))
    return Benchmark(float(s.mean()), f"{start}-{end}", "derived:mean_of_annual", ids)


def national_fdi_latest() -> Benchmark | None:
    """Viet Nam's registered FDI in the latest year the data hold (USD bn)."""
    from hpresearch.data import national_fdi_series

    nat = national_fdi_series(None)
    if nat.empty:
        return None
    reg = nat.dropna(subset=["registered_usd_bn"])
    if reg.empty:
        return None
    year = int(reg.index[-1])
    ids = tuple(i for i in _ids(reg["obs_ids"].iloc[-1]) if "fdi_registered" in i)
    return Benchmark(float(reg["registered_usd_bn"].iloc[-1]), str(year), "observed", ids)


def latest_employment(boundary: str) -> Benchmark | None:
    """The latest electronics employment of ``boundary`` (persons), or ``None``.

    The boundary's own geography first, then its parts (merged boundary: the former Hai
    Phong's figure, noted as covering that part only - a lower bound for the merged city).
    """
    from hpresearch.data import BOUNDARY_GEOGRAPHIES, latest_observation

    geos = BOUNDARY_GEOGRAPHIES[boundary]
    for geo in geos:
        row = latest_observation(None, EMPLOYMENT_INDICATOR, geo)
        if row is not None:
            note = "" if geo == geos[0] else f"{geo} only (a part of the {boundary} boundary)"
            return Benchmark(float(row["value"]), str(int(row["year"])), "observed",
                             (str(row["obs_id"]),), str(row.get("qualifier", "") or ""), note)
    return None


def jobs_per_usd_bn() -> tuple[float, tuple[float, float], str]:
    """The registry's workers per USD 1 bn of FDI: ``(default, (low, high), citation)``."""
    from hpresearch.parameters.registry import load_registry

    spec = load_registry()[JOBS_PARAMETER]
    return float(spec.default), (float(spec.plausible[0]), float(spec.plausible[1])), \
        " ".join(spec.citation.split())


def _ids(text: Any) -> tuple[str, ...]:
    return tuple(x.strip() for x in str(text or "").split(";") if x.strip())


# ------------------------------------------------------------------------------------------
# the scenario's own FDI path and exchange rate
# ------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class ScenarioFDI:
    """Total registered FDI of a scenario's central projection (USD bn a year, derived).

    ``base`` and ``target`` are ``(year, usd_bn)``; the total is the engine's identity
    read backwards: ``(registered digital FDI / (1 + shock) - digital extras) /
    digital_fdi_fraction`` (the city's registrations plus the scenario's extra ones). NaN in a
    year where the scenario sets the digital-FDI lever itself (the total is not stated then).
    ``vnd_per_usd`` is the projection's rate in ``fx_year`` (the first policy year).
    """

    base: tuple[int, float]
    target: tuple[int, float]
    vnd_per_usd: float
    fx_year: int

    def to_dict(self) -> dict[str, Any]:
        return {"base_year": self.base[0], "base_usd_bn": self.base[1],
                "target_year": self.target[0], "target_usd_bn": self.target[1],
                "vnd_per_usd": self.vnd_per_usd, "fx_year": self.fx_year,
                "method": "derived:engine_identity"}


def scenario_fdi(scenario: Any, boundary: str, basis: str = "gso", year: int = 2030,
                 overrides: Any = None, first_policy_year: int | None = None) -> ScenarioFDI:
    """The scenario's total registered FDI (base and target year) and its exchange rate.

    Parameters
    ----------
    scenario, boundary, basis, year, overrides
        As in :func:`hpresearch.model.project` (``year`` is the end year).
    first_policy_year : int, optional
        Year of the exchange rate; default: the year after the base year.
    """
    from hpresearch.calibration.rules import calibrate
    from hpresearch.model.projection import normalise_overrides, run

    cal = calibrate(boundary, basis)
    _, params, out = run(scenario, cal, year, normalise_overrides(overrides))
    years = cal.years(year)
    n = len(years)

    def path(name: str) -> np.ndarray:
        x = np.asarray(params[name], dtype=float).reshape(-1)
        return x if x.size == n else np.full(n, x[0])

    frac = float(params["digital_fdi_fraction"])
    total = ((out["fdi_digital_usd_bn"][0] / (1.0 + path("fdi_digital_shock"))
              - path("fdi_digital_extra_usd_bn")) / frac) if frac > 0 else np.full(n, np.nan)
    total = np.where(np.isnan(path("fdi_digital_usd_bn")), total, np.nan)
    fx_year = int(first_policy_year) if first_policy_year is not None else int(years[0]) + 1
    fx_year = min(max(fx_year, int(years[0])), int(years[-1]))
    fx = float(path("vnd_per_usd")[list(years).index(fx_year)])
    return ScenarioFDI(base=(int(years[0]), float(total[0])),
                       target=(int(years[-1]), float(total[-1])), vnd_per_usd=fx,
                       fx_year=fx_year)


# ------------------------------------------------------------------------------------------
# the check
# ------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class RealityCheck:
    """A requirement level (per year) beside the city's figures of record.

    Attributes
    ----------
    level, unit : float, str
        The level in the lever's unit (NaN: not reachable).
    level_usd_bn : float
        In USD bn a year (VND levers at ``vnd_per_usd``).
    record, average, national, employment : Benchmark or None
        Record year and 2021-2025 average of total registered FDI, Viet Nam's latest year,
        the latest electronics employment.
    x_record, x_average, x_national : float
        ``level_usd_bn`` over each (derived).
    jobs_per_usd_bn, jobs_range : float, (float, float)
        The registry parameter and its stated range.
    jobs_per_year, jobs_cumulative : float
        ``level_usd_bn x jobs_per_usd_bn``, and that over the ``policy_years``.
    x_employment : float
        ``jobs_cumulative`` over the latest electronics employment (NaN when none).
    scenario : ScenarioFDI or None
        The scenario's own total FDI, with ``scenario_x_record`` (base, target year).
    """

    level: float
    unit: str
    level_usd_bn: float
    boundary: str
    policy_years: tuple[int, int]
    vnd_per_usd: float | None
    record: Benchmark | None
    average: Benchmark | None
    national: Benchmark | None
    employment: Benchmark | None
    jobs_per_usd_bn: float
    jobs_range: tuple[float, float]
    jobs_source: str
    scenario: ScenarioFDI | None = None

    @property
    def reachable(self) -> bool:
        return math.isfinite(self.level_usd_bn)

    @property
    def x_record(self) -> float:
        return _ratio(self.level_usd_bn, self.record)

    @property
    def x_average(self) -> float:
        return _ratio(self.level_usd_bn, self.average)

    @property
    def x_national(self) -> float:
        return _ratio(self.level_usd_bn, self.national)

    @property
    def years(self) -> int:
        """Number of policy years (the level is held every one of them)."""
        return self.policy_years[1] - self.policy_years[0] + 1

    @property
    def jobs_per_year(self) -> float:
        return self.level_usd_bn * self.jobs_per_usd_bn

    @property
    def jobs_cumulative(self) -> float:
        return self.jobs_per_year * self.years

    @property
    def x_employment(self) -> float:
        return _ratio(self.jobs_cumulative, self.employment)

    @property
    def scenario_x_record(self) -> tuple[float, float]:
        """The scenario's total FDI in its base and target year over the record."""
        if self.scenario is None:
            return float("nan"), float("nan")
        return (_ratio(self.scenario.base[1], self.record),
                _ratio(self.scenario.target[1], self.record))

    # -- text and dict ----------------------------------------------------------------------
    def text(self, lang: str = "en", with_scenario: bool = True) -> str:
        """Two or three sentences in ``lang`` (catalogue keys ``reality.*``); the last,
        :meth:`scenario_text`, only ``with_scenario``."""
        from hpresearch.i18n import Localizer

        L = Localizer(lang)
        if not self.reachable:
            return L("reality.unreachable")
        parts = []
        if self.record is not None:
            parts.append(L("reality.record", ratio=_x(L, self.x_record), year=self.record.period,
                           value=L.money(self.record.value, "usd_bn", 2),
                           source=_low(L, self.record)))
        if self.average is not None:
            lower = self.average.qualifier in ("gt", "gte")  # the ratio is then an upper bound
            parts.append(L("reality.average",
                           ratio=(L("reality.at_most") if lower else "") + _x(L, self.x_average),
                           value=(L("reality.more_than") if lower else "")
                           + L.money(self.average.value, "usd_bn", 2),
                           source=_low(L, self.average)))
        if self.national is not None:
            parts.append(L("reality.national", share=L.percent(self.x_national, 0),
                           year=self.national.period))
        line = (L("reality.level", level=L.money(self.level_usd_bn, "usd_bn", 2))
                + (L("reality.eq") + L("reality.sep").join(parts) if parts else ""))
        jobs = L("reality.jobs", per_year=L.number(_round(self.jobs_per_year), 0),
                 total=L.number(_round(self.jobs_cumulative), 0),
                 year=self.policy_years[1], per_bn=L.number(self.jobs_per_usd_bn, 0))
        if self.employment is not None:
            jobs += L("reality.employment", ratio=_x(L, self.x_employment),
                      year=self.employment.period, value=L.number(self.employment.value, 0),
                      part=L("reality.part_only") if self.employment.note else "")
        else:
            jobs += L("reality.no_employment")
        scen = self.scenario_text(lang) if with_scenario else ""
        return " ".join(x for x in (line + ".", jobs + ".", scen) if x)

    def scenario_text(self, lang: str = "en") -> str:
        """The scenario's own total FDI beside the record ("" when either is unknown)."""
        from hpresearch.i18n import Localizer

        if self.scenario is None or self.record is None:
            return ""
        L = Localizer(lang)
        (y0, v0), (y1, v1) = self.scenario.base, self.scenario.target
        b, t = self.scenario_x_record
        return L("reality.scenario", y0=y0, v0=L.money(v0, "usd_bn", 2), x0=_x(L, b),
                 y1=y1, v1=L.money(v1, "usd_bn", 2), x1=_x(L, t)) + "."

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready: the level, each benchmark with its obs_ids, the ratios (derived)."""
        def bench(b: Benchmark | None) -> dict[str, Any] | None:
            return None if b is None else b.to_dict()

        b, t = self.scenario_x_record
        return json_ready({
            "level": self.level, "unit": self.unit, "level_usd_bn": self.level_usd_bn,
            "vnd_per_usd": self.vnd_per_usd, "boundary": self.boundary,
            "policy_years": list(self.policy_years),
            "fdi_record": bench(self.record), "x_record": self.x_record,
            "fdi_avg_2021_2025": bench(self.average), "x_avg_2021_2025": self.x_average,
            "national_fdi": bench(self.national), "x_national": self.x_national,
            "jobs_per_usd_bn": self.jobs_per_usd_bn, "jobs_range": list(self.jobs_range),
            "jobs_source": self.jobs_source, "jobs_per_year": self.jobs_per_year,
            "jobs_cumulative": self.jobs_cumulative,
            "jobs_per_year_range": [self.level_usd_bn * r for r in self.jobs_range],
            "employment": bench(self.employment), "x_employment": self.x_employment,
            "scenario_fdi": None if self.scenario is None else self.scenario.to_dict(),
            "scenario_x_record": {"base": b, "target": t},
            "method": "derived: level / benchmark; jobs = level x fdi_jobs_per_usd_bn"})


def _low(L, bench: Benchmark) -> str:
    """``", a low-confidence source"`` when a benchmark rests on one."""
    return L("reality.low_confidence") if bench.confidence == "low" else ""


def _x(L, value: float) -> str:
    return L.number(value, 1) if math.isfinite(value) else "–"


def _round(value: float) -> float:
    """Jobs rounded to the nearest thousand (the parameter is a round ~10,000)."""
    return round(value, -3) if math.isfinite(value) else value


def reality_check(level: float, unit: str = "usd_bn", boundary: str = "merged",
                  basis: str = "gso", *, policy_years: tuple[int, int] = (2026, 2030),
                  vnd_per_usd: float | None = None,
                  scenario: ScenarioFDI | None = None) -> RealityCheck:
    """Set a requirement ``level`` (per year) beside the boundary's figures of record.

    Parameters
    ----------
    level : float
        The requirement in ``unit`` a year (NaN: not reachable; every ratio is then NaN).
    unit : {"usd_bn", "vnd_bn"}
        The lever's money unit (:func:`hpresearch.parameters.levers.money_unit`).
    boundary, basis : str
        Whose figures (``merged`` or ``pre_merger``; the panel's basis).
    policy_years : (int, int)
        First and last year the level is held (the cumulative jobs).
    vnd_per_usd : float, optional
        Exchange rate of a VND level (required for ``vnd_bn``): the projection's rate of the
        first policy year (:func:`scenario_fdi`).
    scenario : ScenarioFDI, optional
        The scenario's own total FDI, set beside the record too.

    Returns
    -------
    RealityCheck
    """
    from hpresearch.data.vocabulary import BOUNDARIES

    if unit not in UNITS:
        raise UsageError(error_message(where="unit", value=unit,
                                       rule=f"must be one of {', '.join(UNITS)}"),
                         argument="unit")
    if boundary not in BOUNDARIES:
        raise UsageError(error_message(where="boundary", value=boundary,
                                       rule=f"must be one of {', '.join(BOUNDARIES)}"),
                         argument="boundary")
    level = float(level)
    if unit == "vnd_bn":
        if vnd_per_usd is None or not (math.isfinite(vnd_per_usd) and vnd_per_usd > 0):
            raise UsageError(error_message(
                where="vnd_per_usd", value=vnd_per_usd,
                rule="must be a positive rate for a VND level (the projection's rate of the "
                     "first policy year)"), argument="vnd_per_usd")
        usd = level / vnd_per_usd  # VND bn / (VND per USD) = USD bn
    else:
        usd = level
    per_bn, rng, source = jobs_per_usd_bn()
    return RealityCheck(
        level=level, unit=unit, level_usd_bn=usd, boundary=boundary,
        policy_years=(int(policy_years[0]), int(policy_years[1])),
        vnd_per_usd=None if vnd_per_usd is None else float(vnd_per_usd),
        record=fdi_record(boundary, basis), average=fdi_period_average(boundary, basis),
        national=national_fdi_latest(), employment=latest_employment(boundary),
        jobs_per_usd_bn=per_bn, jobs_range=rng, jobs_source=source, scenario=scenario)


def reality_of(result: Any) -> RealityCheck | None:
    """The reality check of a one-lever goal-seek result (``None`` for a mix).

    The level is the whole requirement (committed + not yet committed; NaN when
    unreachable); the scenario's total FDI and exchange rate come from its central
    projection (:func:`scenario_fdi`).
    """
    from hpresearch.parameters.levers import money_unit

    if getattr(result, "mix", False):
        return None
    level = float("nan")
    if result.status != "unreachable":
        total = result.total_value
        level = float(total if math.isfinite(total) else result.value)
    scenario = result.scenario_path or result.scenario
    sfdi = scenario_fdi(scenario, result.boundary, result.basis, result.year,
                        dict(result.overrides) or None, result.policy_years[0])
    unit = money_unit(result.lever)
    return reality_check(level, unit, result.boundary, result.basis,
                         policy_years=tuple(result.policy_years),
                         vnd_per_usd=sfdi.vnd_per_usd if unit == "vnd_bn" else None,
                         scenario=sfdi)


def summary_fields(checks: Mapping[str, RealityCheck | None]) -> dict[str, float]:
    """``required_<row>_x_record`` and ``required_<row>_x_avg2125`` for each named check."""
    out: dict[str, float] = {}
    for name, c in checks.items():
        out[f"required_{name}_x_record"] = c.x_record if c is not None else float("nan")
        out[f"required_{name}_x_avg2125"] = c.x_average if c is not None else float("nan")
    return out
