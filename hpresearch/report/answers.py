"""The answer a report gives for one scenario on one boundary, computed once per report set.

:func:`answer` bundles what every report shows about a scenario: the deterministic
projection, the Monte Carlo (median, 80% band, P(official target); calibrated on share
errors only where the share record supports it, else the model's own draws, and every
probability carries its basis: :mod:`hpresearch.backtest.record`), the
probability of the 40% goal (on the merged boundary: its merged-city equivalent), and the
requirement for the official target as a distribution (median and P80 of the simulated
requirement, the deterministic figure labelled). It goes through the report set's result
store (:mod:`hpresearch.report.store`), so the scenario report (02), the comparison (03),
the index and ``summary.csv`` - in both languages - read one and the same result.

The targets are observations with their sources (:func:`hpresearch.data.official_target`):

* the **official target** of the boundary for the target year (merged city: the 2026-2030
  plan's ">35%"; old city: the 40% stated at the Digital Transformation Forum of
  22 November 2024);
* the **40% goal**: as stated for the old city; on the merged boundary its equivalent
  ``w x 40% + (1 - w) x s_HD`` (:func:`hpresearch.model.merger.merged_equivalent`, derived).
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from hpresearch.defaults import DRAWS, REPORT_SEED
from hpresearch.invest.requirements import required_level

#: Geography of the 40% goal (the city before the merger) and its year.
GOAL_GEOGRAPHY = "hai_phong"
GOAL_YEAR = 2030

#: Columns of :meth:`ScenarioAnswer.row` (the rows of ``reports/summary.csv``).
SUMMARY_COLUMNS = (
    "scenario", "title_en", "title_vi", "boundary", "basis", "year",
    "share_median", "share_p10", "share_p90", "share_deterministic",
    "official_target", "official_target_qualifier", "official_target_source",
    "p_official_target", "goal40", "goal40_low", "goal40_high", "goal40_kind",
    "goal40_source", "p_goal40",
    "probability_basis", "probability_basis_text", "probability_basis_text_vi",
    "p_official_outside", "p_goal40_outside", "outside_view_text", "outside_required_pace",
    "naive_baseline_weight",
    "lever", "unit", "required_median", "required_median_status", "required_p80",
    "required_p80_status", "required_deterministic", "required_deterministic_status",
    "committed", "credible_share", "pace_limit", "draws", "seed",
    # the requirement beside what the city has attracted (hpresearch.invest.reality)
    "required_median_x_record", "required_median_x_avg2125", "required_p80_x_record",
    "required_p80_x_avg2125", "required_deterministic_x_record",
    "required_deterministic_x_avg2125", "fdi_record_year", "fdi_record_usd_bn",
    "fdi_avg_2021_2025_usd_bn", "implied_jobs_median",
)


@dataclass(frozen=True)
class TargetRef:
    """A target share with where it comes from.

    ``kind``: ``official`` (the boundary's own target), ``goal40`` (the 40% goal as stated)
    or ``goal40_equivalent`` (its merged-city equivalent, derived; ``note`` says how, and
    ``low``/``high`` give its range over the documented methods,
    :func:`hpresearch.model.merger.merged_equivalent`; a stated target has low = high =
    value).
    """

    value: float
    year: int
    kind: str
    low: float = math.nan
    high: float = math.nan
    qualifier: str = ""
    obs_id: str | None = None
    url: str | None = None
    publisher: str | None = None
    published: str | None = None
    note: str = ""


@dataclass(frozen=True)
class ScenarioAnswer:
    """Everything the reports say about one scenario on one boundary and basis."""

    scenario: str
    titles: dict
    boundary: str
    basis: str
    year: int
    seed: int
    draws: int
    lever: str
    official: TargetRef
    goal40: TargetRef
    projection: pd.DataFrame
    simulation: Any
    p_goal40: float
    requirement: Any
    record: Any = None
    outside: dict = field(default_factory=dict)
    meta: dict = field(default_factory=dict)

    @property
    def probability_basis(self) -> str:
        """What every probability of this answer rests on
        (:data:`~hpresearch.backtest.record.CALIBRATED` or ``MODEL_ONLY``)."""
        return self.record.basis

    def basis_text(self, lang: str = "en") -> str:
        """The probability's basis in one sentence."""
        return self.record.basis_text(lang)

    def _outside(self, which: str, attr: str) -> float:
        ov = self.outside.get(which)
        return float(getattr(ov, attr)) if ov is not None else math.nan

    @property
    def baseline_weight(self) -> float:
        """``naive_baseline_weight`` of the projection (1: the naive trend of the share
        record is the unconditional baseline; 0: the engine's)."""
        return float(self.projection.attrs.get("naive_baseline_weight", math.nan))

    @property
    def p_official(self) -> float:
        return float(self.simulation.p_target)

    @property
    def share(self) -> dict:
        """Median, 10th and 90th percentile and deterministic share in the target year."""
        b = self.simulation.bands.loc[self.year]
        return {"median": float(b["p50"]), "p10": float(b["p10"]), "p90": float(b["p90"]),
                "deterministic": float(self.simulation.deterministic.loc[self.year])}

    @property
    def gap(self) -> float:
        """The one gap measure: official target minus the median share (percentage points
        as a fraction; positive = short of the target)."""
        return self.official.value - self.share["median"]

    def row(self) -> dict:
        """One row of ``summary.csv`` (fractions; money in the lever's unit per year)."""
        r = self.requirement
        s = self.share
        return {
            "scenario": self.scenario, "title_en": self.titles.get("en", self.scenario),
            "title_vi": self.titles.get("vi", self.scenario), "boundary": self.boundary,
            "basis": self.basis, "year": self.year,
            "share_median": s["median"], "share_p10": s["p10"], "share_p90": s["p90"],
            "share_deterministic": s["deterministic"],
            "official_target": self.official.value,
            "official_target_qualifier": self.official.qualifier,
            "official_target_source": self.official.url or "",
            "p_official_target": self.p_official,
            "goal40": self.goal40.value,
            "goal40_low": _or(self.goal40.low, self.goal40.value),
            "goal40_high": _or(self.goal40.high, self.goal40.value),
            "goal40_kind": self.goal40.kind,
            "goal40_source": self.goal40.url or "", "p_goal40": self.p_goal40,
            "probability_basis": self.probability_basis,
            "probability_basis_text": self.basis_text("en"),
            "probability_basis_text_vi": self.basis_text("vi"),
            "p_official_outside": self._outside("official", "probability"),
            "p_goal40_outside": self._outside("goal40", "probability"),
            "outside_view_text": (self.outside["official"].basis_text("en")
                                  if "official" in self.outside else ""),
            "outside_required_pace": self._outside("official", "required_pace"),
            "naive_baseline_weight": self.baseline_weight,
            "lever": self.lever, "unit": r.median.unit,
            "required_median": required_level(r.median),
            "required_median_status": r.median.status,
            "required_p80": required_level(r.p80), "required_p80_status": r.p80.status,
            "required_deterministic": required_level(r.deterministic),
            "required_deterministic_status": r.deterministic.status,
            "committed": float(r.median.committed),
            "credible_share": float(r.deterministic.credible_share),
            "pace_limit": float(r.deterministic.pace_limit),
            "draws": self.draws, "seed": self.seed,
            **reality_columns(r),
        }


def reality_columns(requirement) -> dict:
    """The ``summary.csv`` columns of the reality check (:mod:`hpresearch.invest.reality`):
    each requirement's ratio to the record year and to the 2021-2025 average of total
    registered FDI, the record, the average and the median's implied jobs a year."""
    from hpresearch.invest.reality import summary_fields

    checks = {name: res.reality for name, res in requirement.rows().items()}
    med = checks["median"]
    nan = float("nan")
    return {**summary_fields(checks),
            "fdi_record_year": int(med.record.period) if med.record else None,
            "fdi_record_usd_bn": med.record.value if med.record else nan,
            "fdi_avg_2021_2025_usd_bn": med.average.value if med.average else nan,
            "implied_jobs_median": med.jobs_per_year}


def _or(value: float, default: float) -> float:
    return float(default if math.isnan(value) else value)


def _target_ref(row, kind: str, year: int) -> TargetRef:
    def text(key):
        value = row.get(key)
        return None if value is None or (isinstance(value, float) and math.isnan(value)) \
            or str(value) == "" else str(value)
    return TargetRef(value=float(row["value"]) / 100.0, year=int(year), kind=kind,
                     qualifier=text("qualifier") or "", obs_id=text("obs_id"),
                     url=text("source_url"), publisher=text("publisher"),
                     published=text("published"))


def targets_of(projection: pd.DataFrame, basis: str) -> tuple[TargetRef, TargetRef]:
    """The official target (from the projection's attrs) and the 40% goal of a boundary."""
    from hpresearch.data import official_target
    from hpresearch.data.vocabulary import BOUNDARIES
    from hpresearch.model.merger import merged_equivalent

    boundary = projection.attrs["boundary"]
    year = int(projection.attrs["target_year"])
    geography = BOUNDARIES[boundary]
    row = official_target(None, geography, year)
    if row is not None:
        official = _target_ref(row, "official", year)
    else:  # set by the scenario: no source row
        official = TargetRef(value=float(projection.attrs["target_share"]), year=year,
                             kind="official", note="set by the scenario")
    goal_row = official_target(None, GOAL_GEOGRAPHY, GOAL_YEAR)
    goal = _target_ref(goal_row, "goal40", GOAL_YEAR)
    if geography != GOAL_GEOGRAPHY:
        # 2025 weights: published up to the merger year, so the same for every scenario
        # (a scenario such as anchor_exit may not even run to 2025 only); trend's are used.
        eq = merged_equivalent(goal.value, "trend", basis)
        goal = TargetRef(value=float(eq["value"]), year=GOAL_YEAR, kind="goal40_equivalent",
                         low=float(eq["low"]), high=float(eq["high"]),
                         obs_id=goal.obs_id, url=goal.url, publisher=goal.publisher,
                         published=goal.published, note=str(eq["note"]))
    return official, goal


def outside_views(boundary: str, basis: str, year: int, official: TargetRef,
                  goal: TargetRef) -> dict:
    """P of the official target and of the 40% goal under the reference class of recorded
    changes in digital shares (:func:`hpresearch.calibration.reference_class.
    outside_view_probability`), from the boundary's base share."""
    from hpresearch.calibration import calibrate
    from hpresearch.calibration.reference_class import outside_view_probability, share_changes

    cal = calibrate(boundary, basis)
    changes = share_changes()
    return {name: outside_view_probability(cal.de_share, cal.year, t.value, year, changes)
            for name, t in (("official", official), ("goal40", goal))}


def _compute(scenario: str, boundary: str, basis: str, year: int, seed: int, draws: int,
             lever: str) -> ScenarioAnswer:
    from hpresearch import invest, model
    from hpresearch.backtest import share_record
    from hpresearch.uncertainty.montecarlo import simulate_spec
    from hpresearch.uncertainty.spec import build_spec

    sc = model.load_scenario(scenario)
    proj = model.project(sc, boundary=boundary, basis=basis, end_year=year)
    official, goal = targets_of(proj, basis)
    outside = outside_views(boundary, basis, year, official, goal)
    record = share_record()
    fan = record.fan  # None unless the share record supports a calibrated share fan
    # one spec, the same draws for both targets (what simulate() does, built once)
    spec = build_spec(scenario, boundary=boundary, basis=basis, end_year=year)
    # the requirement comes from invest.requirement below; no per-draw lever here
    sim = simulate_spec(spec, draws=draws, seed=seed, target=official.value, target_year=year,
                        lever=None, fan=fan)
    sim_goal = simulate_spec(spec, draws=draws, seed=seed, target=goal.value,
                             target_year=year, lever=None, diagnose=False, fan=fan)
    req = invest.requirement(scenario, lever=lever, target=official.value, year=year,
                            boundary=boundary, basis=basis, draws=draws, seed=seed, fan=fan)
    titles = {lang: sc.text("title", lang) for lang in ("vi", "en")}
    return ScenarioAnswer(scenario=sc.name, titles=titles, boundary=boundary, basis=basis,
                          year=year, seed=seed, draws=draws, lever=lever, official=official,
                          goal40=goal, projection=proj, simulation=sim,
                          p_goal40=float(sim_goal.p_target), requirement=req, record=record,
                          outside=outside,
                          meta={"chain": list(sc.chain), "calibrated": True,
                                "source": (str(sc.path.resolve()) if sc.path is not None
                                           else sc.name)})


def answer(scenario: str, boundary: str = "merged", basis: str = "gso", year: int = 2030,
           seed: int = REPORT_SEED, draws: int = DRAWS,
           lever: str = "fdi_digital_usd_bn") -> ScenarioAnswer:
    """The answer for one scenario, boundary and basis, from the report set's store.

    Parameters
    ----------
    scenario : str
        Shipped scenario name or path of a scenario YAML file.
    boundary : {"merged", "pre_merger"}
    basis : {"gso", "mic"}
    year : int
        Target year.
    seed, draws : int
        Monte Carlo seed and draws (fan, probabilities and requirement).
    lever : str
        Lever of the requirement.

    Returns
    -------
    ScenarioAnswer
    """
    from hpresearch.model.scenario import load_scenario
    from hpresearch.fileio import file_sha256
    from hpresearch.report.store import cached

    sc = load_scenario(scenario)
    chain = [[p.name, file_sha256(p)] for p in sc.chain_paths]
    inputs = {"scenario": sc.name, "chain": chain, "boundary": boundary, "basis": basis,
              "year": int(year), "seed": int(seed), "draws": int(draws), "lever": lever}
    return cached("answer", inputs, lambda: _compute(scenario, boundary, basis, int(year),
                                                     int(seed), int(draws), lever))


def summary_table(answers) -> pd.DataFrame:
    """One row per answer (scenario x boundary): the cross-run table of ``summary.csv``."""
    return pd.DataFrame([a.row() for a in answers], columns=list(SUMMARY_COLUMNS))
