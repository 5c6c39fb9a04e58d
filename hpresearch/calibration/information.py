"""Information sets: what was known, for today's calibration and for each backtest origin.

The calibration rules (:mod:`hpresearch.calibration.rules`) read one kind of object, an
:class:`InformationSet`: the series of one geography or boundary in model units, the
national series the rules borrow, and the evidence some rules need (targets, stocks, shock
estimates). Two functions build it:

* :func:`today` - the data panel of a boundary and basis (:func:`hpresearch.data.build_panel`)
  and every observation as last revised: what the reports calibrate on;
* :func:`at_origin` - the series of one geography as published by the end of a past forecast
  origin ``T`` (observations with ``year <= T`` published on or before ``T+1-03-31``,
  :func:`hpresearch.data.known_at`): what the backtest calibrates on.

Because both feed the same rules, the backtest scores the calibration the reports use; the
information sets differ only in what was known.

References
----------
Tashman, L. J. (2000). "Out-of-sample tests of forecasting accuracy: an analysis and
review." *International Journal of Forecasting* 16(4), 437-450 (rolling origin).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable, Mapping

import pandas as pd

from hpresearch import argspec
from hpresearch.calibration.shocks import electronics_shock, fdi_flow_shock, fdi_period_growth
from hpresearch.calibration.fits import plant_capacity_elasticity

#: Indicators :func:`at_origin` reads.
ORIGIN_INDICATORS = ("de_share", "de_core_share", "de_digitalised_share", "grdp_growth_real",
                     "grdp_current", "grdp_constant_2010", "total_investment",
                     "investment_rate", "fdi_registered", "fdi_disbursed", "vnd_per_usd",
                     "firm_capacity_lg_display", "firm_capacity_planned_lg_display",
                     "firm_investment_lg_display")


def _empty() -> pd.Series:
    return pd.Series(dtype=float)


@dataclass(frozen=True)
class InformationSet:
    """What was known about one geography (or boundary) at one time, in model units.

    Attributes
    ----------
    name, basis : str
        Boundary (today) or geography (origin); basis of the share series.
    origin : int or None
        Forecast origin ``T``; ``None`` for today's information.
    share, growth : Series
        Digital-economy share and real GRDP growth (fractions) by year; ``growth_source``
        says whose growth it is (a geography without any borrows Viet Nam's).
    real, current, deflator : Series
        GRDP at constant 2010 and at current prices (VND bn), GRDP deflator (2010 = 1);
        any may be empty.
    investment, investment_rate, fdi, fx, dx : Series
        Total social investment (VND bn), investment rate (fraction), registered FDI
        (USD bn), VND per USD, digital-transformation budget (VND bn).
    adoption, adoption_windows : Series
        Viet Nam's adoption series (one vintage per year; every window) for the adoption
        speed.
    fdi_national, fdi_ratios : DataFrame
        National registered and disbursed FDI; annual disbursed/registered ratios with
        their ``obs_ids``.
    share_revision : dict or None
        Largest revision of the share between releases (``{revision, year, ...}``).
    share_readings : tuple
        ``((reading, value), ...)``: the documented readings of the base-year share
        (fractions, :meth:`hpresearch.data.Panel.share_readings`); empty at a past origin.
    flow_share, fdi_growth : dict or None
        Digital fraction of FDI flows, real growth of registered FDI between period totals.
    share_changes : DataFrame or None
        Every recorded annual change of a digital-economy share in the set, any geography
        and basis (:func:`hpresearch.calibration.reference_class.share_changes`), for the
        pace limit.
    targets, stocks, shocks : dict
        Official targets by year, anchor and FDI stocks, structural shocks.
    method : callable or None
        ``method(variable, year)`` -> provenance label (``observed`` / ``derived:...``).
    values : DataFrame or None
        The panel (today only), for plots and checks.
    notes : dict
        How the information set was put together.
    """

    name: str
    basis: str
    origin: int | None
    share: pd.Series
    growth: pd.Series
    growth_source: str = ""
    real: pd.Series = field(default_factory=_empty)
    current: pd.Series = field(default_factory=_empty)
    deflator: pd.Series = field(default_factory=_empty)
    investment: pd.Series = field(default_factory=_empty)
    investment_rate: pd.Series = field(default_factory=_empty)
    fdi: pd.Series = field(default_factory=_empty)
    fx: pd.Series = field(default_factory=_empty)
    dx: pd.Series = field(default_factory=_empty)
    adoption: pd.Series = field(default_factory=_empty)
    adoption_windows: pd.Series = field(default_factory=_empty)
    fdi_national: pd.DataFrame = field(default_factory=pd.DataFrame)
    fdi_ratios: pd.DataFrame = field(default_factory=pd.DataFrame)
    share_revision: Mapping[str, Any] | None = None
    share_readings: tuple = ()
    flow_share: Mapping[str, Any] | None = None
    fdi_growth: Mapping[str, Any] | None = None
    share_changes: pd.DataFrame | None = field(default=None, compare=False, repr=False)
    plant_elasticity: Mapping[str, Any] | None = None
    targets: Mapping[int, Mapping[str, Any]] = field(default_factory=dict)
    stocks: Mapping[str, Any] = field(default_factory=dict)
    shocks: Mapping[str, Any] = field(default_factory=dict)
    method: Callable[[str, int], str] | None = field(default=None, compare=False, repr=False)
    values: pd.DataFrame | None = field(default=None, compare=False, repr=False)
    notes: Mapping[str, str] = field(default_factory=dict)

    def provenance(self, variable: str, year: int) -> str:
        """Provenance label of one value (``observed`` when the set keeps none)."""
        return self.method(variable, year) if self.method is not None else "observed"


def _col(values: pd.DataFrame, name: str) -> pd.Series:
    if name in values:
        s = pd.to_numeric(values[name], errors="coerce").dropna()
        s.index = s.index.astype(int)
        return s.sort_index()
    return _empty()


# ------------------------------------------------------------------------------------------
# today: the data panel and every observation as last revised
# ------------------------------------------------------------------------------------------
def check_boundary_basis(boundary: str, basis: str) -> None:
    """Refuse an unknown boundary or basis (one line, :class:`~hpresearch.errors.UsageError`,
    :func:`hpresearch.argspec.check`)."""
    argspec.check("boundary", boundary)
    argspec.check("basis", basis)


def today(boundary: str, basis: str = "gso", rule: Any = None) -> InformationSet:
    """Today's information on ``boundary`` and ``basis``: the panel and the national series.

    Parameters
    ----------
    boundary : {"merged", "pre_merger"}
    basis : {"gso", "mic"}
    rule : PreferenceRule, optional
        Which of conflicting values the panel keeps (default: the documented rule).
    """
    from hpresearch import data as hdata
    from hpresearch.calibration.fdi import digital_fdi_flow_share
    from hpresearch.calibration.reference_class import share_changes

    check_boundary_basis(boundary, basis)
    panel = (hdata.build_panel(boundary, basis) if rule is None
             else hdata.build_panel(boundary, basis, rule=rule))
    obs = hdata.load_observations()
    v = panel.values
    old = hdata.build_panel("pre_merger", basis).values
    flows = hdata.firm_capital_flows(obs, "hai_phong")
    return InformationSet(
        name=boundary, basis=basis, origin=None, share=_col(v, "de_share"),
        growth=_col(v, "grdp_growth_real"), growth_source=boundary,
        real=_col(v, "grdp_constant_vnd_bn"), current=_col(v, "grdp_current_vnd_bn"),
        deflator=_col(v, "grdp_deflator"), investment=_col(v, "total_investment_vnd_bn"),
        fdi=_col(v, "fdi_usd_bn"), fx=_col(v, "vnd_per_usd"), dx=_col(v, "dx_budget_vnd_bn"),
        adoption=hdata.national_adoption_series(obs),
        adoption_windows=hdata.latest_adoption_series(obs),
        fdi_national=hdata.national_fdi_series(obs),
        fdi_ratios=hdata.fdi_disbursement_ratios(obs),
        share_revision=hdata.largest_share_revision(obs, "gso"),
        share_readings=_share_readings(panel),
        flow_share=(digital_fdi_flow_share(flows["usd_bn"], old["fdi_usd_bn"].dropna())
                    if len(flows) else None),
        fdi_growth=fdi_period_growth(hdata.period_totals(obs, "fdi_registered", "hai_phong"),
                                     old["vnd_per_usd"], old["grdp_deflator"],
                                     "pre-merger Hai Phong"),
        share_changes=share_changes(obs),
        plant_elasticity=plant_capacity_elasticity(hdata.plant_expansion(obs)),
        targets=_targets(obs, boundary),
        stocks=_stocks(obs, boundary), shocks=_shocks(obs, old),
        method=panel.method, values=v.copy())


def _share_readings(panel: Any) -> tuple:
    """The documented readings of the base-year share (the panel's anchor year)."""
    if panel.values["de_share"].dropna().empty:
        return ()
    r = panel.share_readings()
    return tuple(zip(r["reading"].astype(str), r["value"].astype(float)))


def _targets(obs: pd.DataFrame, boundary: str) -> dict[int, dict[str, Any]]:
    from hpresearch import data as hdata

    return {year: {"value": float(row["value"]) / 100.0, "qualifier": str(row["qualifier"]),
                   "obs_id": str(row["obs_id"]), "source_url": str(row["source_url"]),
                   "published": str(row["published"])}
            for year, row in hdata.official_targets(obs, hdata.BOUNDARIES[boundary]).items()}


def _stocks(obs: pd.DataFrame, boundary: str) -> dict[str, Any]:
    """The largest electronics project's registered capital and the boundary's FDI stock."""
    from hpresearch.data import BOUNDARY_GEOGRAPHIES, latest_stock

    anchor = latest_stock(obs, "firm_investment_lg_display", "hai_phong")
    geos = ("hai_phong",) if boundary == "pre_merger" else ("hai_phong", "hai_duong")
    parts = [latest_stock(obs, "fdi_registered", g) for g in geos]
    assert set(geos) <= set(BOUNDARY_GEOGRAPHIES[boundary])
    if anchor is None or any(p is None for p in parts):
        return {}
    total = sum(p["usd_bn"] for p in parts)
    terms = " + ".join("{:g} ({})".format(p["usd_bn"], p["obs_id"]) for p in parts)
    return {"anchor_usd_bn": anchor["usd_bn"], "fdi_stock_usd_bn": total,
            "source": (f"derived: LG Display {anchor['usd_bn']:g} USD bn ({anchor['obs_id']}) / "
                       f"registered FDI stock {terms} = {total:g} USD bn")}


def _shocks(obs: pd.DataFrame, old: pd.DataFrame) -> dict[str, Any]:
    """FDI-flow and electronics-demand shocks (:mod:`hpresearch.calibration.shocks`).

    Both boundaries use the old city's registration series (the longest: the merged city has
    two years) and Viet Nam's GSO share series (no provincial series is long enough).
    """
    from hpresearch import data as hdata

    out: dict[str, Any] = {}
    fdi = fdi_flow_shock(old["fdi_usd_bn"], old["vnd_per_usd"], old["grdp_current_vnd_bn"],
                         "pre-merger Hai Phong")
    if fdi is not None:
        out["fdi_digital_shock"] = fdi
    share = hdata.latest_by_year(obs, "de_share", "vietnam", ("gso",)) / 100.0
    core = hdata.latest_by_year(obs, "de_core_share", "vietnam", ("gso",)) / 100.0
    both = sorted(set(share.index) & set(core.index))
    if both:
        y = both[-1]
        elec = electronics_shock(share, float(core[y] / share[y]),
                                 f"Viet Nam {y}: core {core[y]:.2%} of {share[y]:.2%}")
        if elec is not None:
            out["electronics_shock"] = elec
    return out


# ------------------------------------------------------------------------------------------
# a past origin: one geography as published by the end of T
# ------------------------------------------------------------------------------------------
def national_at(obs: pd.DataFrame, origin: int | None) -> dict[str, Any]:
    """The national pieces of the information set of ``origin`` (shared by its geographies).

    Returns
    -------
    dict
        ``known`` (the observation rows of :data:`ORIGIN_INDICATORS` knowable at the end of
        ``origin``; every row when ``origin`` is None), ``fdi_national``, ``fdi_ratios``,
        ``adoption``, ``adoption_windows``, ``gso_revision``, ``share_changes`` (the
        recorded annual changes of digital-economy shares among the known rows, every
        geography).
    """
    from hpresearch import data as hdata
    from hpresearch.calibration.reference_class import share_changes

    obs = hdata.select_rows(hdata.with_columns(obs), ORIGIN_INDICATORS)
    known = obs if origin is None else hdata.known_at(obs, origin)
    nat = hdata.national_fdi_series(known)
    return {"origin": origin, "known": known, "fdi_national": nat,
            "fdi_ratios": hdata.fdi_disbursement_ratios(known, national=nat),
            "adoption": hdata.national_adoption_series(known),
            "adoption_windows": hdata.latest_adoption_series(known),
            "gso_revision": hdata.largest_share_revision(known, "gso", "vietnam"),
            "share_changes": share_changes(known),
            "plant_elasticity": plant_capacity_elasticity(hdata.plant_expansion(known))}


def at_origin(obs: pd.DataFrame, geography: str, origin: int | None, basis: str = "gso",
              national: Mapping[str, Any] | None = None) -> InformationSet:
    """What the observation files held about ``geography`` at the end of ``origin``.

    Parameters
    ----------
    obs : DataFrame
        Observations (:func:`hpresearch.data.load_observations`).
    geography : str
    origin : int or None
        Origin year ``T``; ``None`` reads every series as last revised (the outcomes of a
        conditional run).
    basis : str
        Basis of the share series.
    national : dict, optional
        :func:`national_at` of the same ``obs`` and ``origin`` (computed once per origin by
        a backtest; computed here when omitted).
    """
    from hpresearch import data as hdata

    info = national if national is not None else national_at(obs, origin)
    known = hdata.select_rows(info["known"], ORIGIN_INDICATORS, {geography, "vietnam"})
    notes: dict[str, str] = {}

    def series(indicator: str, geo: str = geography, b: str | None = "gso",
               unit: str | None = None) -> pd.Series:
        return hdata.vintage_series(known, indicator, geo, b, unit=unit)

    growth = series("grdp_growth_real") / 100.0
    growth_geo = geography
    if growth.empty and geography != "vietnam":
        growth = series("grdp_growth_real", "vietnam") / 100.0
        growth_geo = "vietnam"
        notes["growth"] = (f"{geography} publishes no real GRDP growth in the files; Viet Nam's "
                           "is used as a proxy")
    fdi = series("fdi_registered", unit="usd_bn")
    fdi_mn = series("fdi_registered", unit="usd_mn") / 1000.0
    fdi = pd.concat([fdi_mn[~fdi_mn.index.isin(fdi.index)], fdi]).sort_index()
    revision = (hdata.largest_share_revision(known, basis, geography)
                if geography != "vietnam" else None) or info["gso_revision"]
    return InformationSet(
        name=geography, basis=basis, origin=None if origin is None else int(origin),
        share=(series("de_share", b=basis) / 100.0).astype(float),
        growth=growth.astype(float), growth_source=growth_geo,
        real=series("grdp_constant_2010", unit="vnd_bn"),
        current=series("grdp_current", unit="vnd_bn"),
        investment=series("total_investment", unit="vnd_bn"),
        investment_rate=(series("investment_rate") / 100.0).astype(float), fdi=fdi,
        fx=hdata.vintage_series(known, "vnd_per_usd", "vietnam", None),
        adoption=info["adoption"], adoption_windows=info["adoption_windows"],
        fdi_national=info["fdi_national"], fdi_ratios=info["fdi_ratios"],
        share_revision=revision, share_changes=info.get("share_changes"),
        plant_elasticity=info["plant_elasticity"], notes=notes)
