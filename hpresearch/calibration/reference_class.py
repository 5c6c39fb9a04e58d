"""The outside view: recorded annual changes of digital-economy shares, and what they allow.

The model answers "can Hai Phong reach its target" from the inside: its own base point,
growth and levers. Reference-class forecasting (Kahneman & Lovallo 1993; Flyvbjerg 2006)
asks instead how often anything comparable has moved that fast. Here the comparable things
are the recorded changes of a digital-economy share of GDP/GRDP (indicator ``de_share``) in
every geography and on every basis the observation files hold, read in named steps:

1. :func:`share_changes` - every pair of consecutive recorded annual values of one geography
   on one basis (one value per year: the latest publication,
   :func:`hpresearch.data.latest_per_year`, as the backtest reads series), with its
   annualised change and a ``same_source`` flag: whether one publication prints both values;
2. :func:`reference_class` - the stated rule of which changes count (below);
3. :func:`summarise` - n, quantiles, mean and the fastest change of the class;
4. :func:`pace_limit_of` / :func:`pace_limit` - the pace limit of the goal-seek
   (``share_pace_limit``): the quantile ``share_pace_limit_quantile`` of the class
   (1 = the fastest recorded change);
5. :func:`outside_view_probability` - P(target) under the reference class.

**The rule of the reference class.** A change counts when (a) both values are annual point
values of ``de_share`` (multi-year period figures such as "2021-2025", bounds and range ends
are not annual points and are left out; :func:`left_out` lists them), (b) they belong to one
geography and one basis and are consecutive recorded years (a gap of several years is
annualised), and (c) one publication prints both values (``same_source``: the same
``source_url``, or for rows without one the same publisher and publication date). Pairs that
join two publications are kept in :func:`share_changes`, flagged, and summarised apart, but do
not count: a jump between publications mixes the change with a difference of method (MIC
estimates changed method between reports) or of vintage (GSO's own revisions reach 0.54 pp,
2023: 12.33% -> 12.87%). Every basis counts (gso, mic, city, other): the question is how fast
a digital share has risen anywhere, not on which scale it is published.

The class is read from whatever rows exist (new geographies and bases enter without code
changes), and from an information set only what it holds: at a past forecast origin, what
was published by then (:func:`hpresearch.calibration.information.national_at`).

References
----------
Kahneman, D., & Lovallo, D. (1993). "Timid choices and bold forecasts: a cognitive
perspective on risk taking." *Management Science* 39(1), 17-31.
Flyvbjerg, B. (2006). "From Nobel Prize to project management: getting risks right."
*Project Management Journal* 37(3), 5-15.
Hyndman, R. J., & Fan, Y. (1996). "Sample quantiles in statistical packages." *The American
Statistician* 50(4), 361-365 (definition 7, numpy's ``linear``).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Mapping

import numpy as np
import pandas as pd

from hpresearch import argspec
from hpresearch.errors import CalibrationError, UsageError, error_message

#: The indicator whose changes make the reference class.
INDICATOR = "de_share"
#: Columns of :func:`share_changes` (values and changes as fractions; ``change`` per year).
COLUMNS = ("geography", "basis", "from_year", "to_year", "from_value", "to_value", "change",
           "from_obs_id", "to_obs_id", "from_publisher", "to_publisher", "same_source",
           "source")
#: Quantiles :func:`summarise` reports.
QUANTILES = (0.1, 0.25, 0.5, 0.75, 0.9)
#: Registry entry of the quantile rule of the pace limit.
QUANTILE_PARAMETER = "share_pace_limit_quantile"
#: Two changes within this many fractions count as equally fast (float noise of percent / 100).
TOLERANCE = 1e-12


# ------------------------------------------------------------------------------------------
# 1. the recorded changes
# ------------------------------------------------------------------------------------------
def _publication(rows: pd.DataFrame) -> pd.Series:
    """One key per publication: the source URL, else publisher and publication date."""
    url = rows["source_url"].fillna("").astype(str).str.strip()
    other = (rows["publisher"].fillna("").astype(str).str.strip() + " | "
             + rows["published"].fillna("").astype(str).str.strip())
    return url.where(url != "", other)


def _latest_rows(rows: pd.DataFrame) -> pd.DataFrame:
    """The row :func:`hpresearch.data.latest_per_year` keeps for each year (its rule, applied
    to the rows' positions), indexed by year."""
    from hpresearch.data import latest_per_year

    position = latest_per_year(rows.assign(value=np.arange(len(rows), dtype=float)))
    return rows.iloc[position.astype(int).to_numpy()].set_index("year")


def _printed_by(rows: pd.DataFrame, year: int, value: float) -> set[str]:
    """Publications that print ``value`` for ``year``."""
    hit = rows[(rows["year"].astype(int) == year)
               & np.isclose(rows["value"].astype(float), value, rtol=0.0, atol=1e-9)]
    return set(hit["_publication"])


def _pairs(geography: str, basis: str, rows: pd.DataFrame) -> list[dict[str, Any]]:
    """Consecutive recorded years of one series as rows of :data:`COLUMNS`."""
    rows = rows.assign(_publication=_publication(rows))
    latest = _latest_rows(rows)
    years = sorted(int(y) for y in latest.index)
    out = []
    for a, b in zip(years[:-1], years[1:]):
        ra, rb = latest.loc[a], latest.loc[b]
        va, vb = float(ra["value"]), float(rb["value"])
        common = _printed_by(rows, a, va) & _printed_by(rows, b, vb)
        source = (str(rows.loc[rows["_publication"] == sorted(common)[0], "publisher"].iloc[0])
                  if common else f"{ra['publisher']} / {rb['publisher']}")
        out.append({"geography": geography, "basis": basis, "from_year": a, "to_year": b,
                    "from_value": va / 100.0, "to_value": vb / 100.0,
                    "change": (vb - va) / 100.0 / (b - a),
                    "from_obs_id": str(ra["obs_id"]), "to_obs_id": str(rb["obs_id"]),
                    "from_publisher": str(ra["publisher"]), "to_publisher": str(rb["publisher"]),
                    "same_source": bool(common), "source": source})
    return out


def share_changes(obs: pd.DataFrame | None = None) -> pd.DataFrame:
    """Every recorded change of a digital-economy share within one geography and basis.

    Parameters
    ----------
    obs : DataFrame, optional
        Observation rows (:func:`hpresearch.data.load_observations`; loaded when None). A
        hand-built frame needs ``indicator, geography, year, period_type, value, basis,
        qualifier, published``; other columns are added empty
        (:func:`hpresearch.data.with_columns`).

    Returns
    -------
    DataFrame
        Columns :data:`COLUMNS`, one row per pair of consecutive recorded years of a series
        (geography, basis) with at least two annual points: the values (fractions; the latest
        publication of each year), ``change`` = ``(to_value - from_value) / (to_year -
        from_year)`` (a fraction per year: 0.0085 = 0.85 pp a year), the ``obs_id`` and
        publisher of each value, ``same_source`` (one publication prints both values) and
        ``source`` (that publication's publisher, else both publishers). Sorted by geography,
        basis and year. Multi-year period figures, bounds and range ends are not annual
        points and are left out (:func:`left_out`).
    """
    from hpresearch.data import load_observations, share_series_keys, vintage_rows, with_columns

    obs = with_columns(load_observations() if obs is None else obs)
    rows: list[dict[str, Any]] = []
    for geography, basis in sorted(share_series_keys(obs, INDICATOR, min_years=2)):
        series = vintage_rows(obs, INDICATOR, geography, basis,
                              columns=("obs_id", "publisher", "source_url"))
        rows += _pairs(geography, basis, series)
    return pd.DataFrame(rows, columns=list(COLUMNS))


def left_out(obs: pd.DataFrame | None = None, lang: str = "en") -> list[str]:
    """Plain notes, in ``lang``, on the share figures that give no annual change (period
    figures, single annual points of a geography and basis)."""
    from hpresearch.data import load_observations, select_rows, with_columns
    from hpresearch.data.vocabulary import PERIOD_TYPES
    from hpresearch.i18n import t

    obs = with_columns(load_observations() if obs is None else obs)
    notes = []
    periods = select_rows(obs, INDICATOR, period_type=[p for p in PERIOD_TYPES if p != "annual"])
    if len(periods):
        notes.append(t("outside.periods", lang, n=len(periods), items=", ".join(
            f"{r.geography} {r.period} ({r.basis})" for r in periods.itertuples())))
    annual = select_rows(obs, INDICATOR, period_type="annual")
    counts = annual.groupby(["geography", "basis"])["year"].nunique()
    single = [f"{g} ({b})" for (g, b), c in counts.items() if c < 2]
    if single:
        notes.append(t("outside.single", lang, n=len(single), items=", ".join(single)))
    return notes


# ------------------------------------------------------------------------------------------
# 2.-3. the reference class and its summary
# ------------------------------------------------------------------------------------------
def reference_class(changes: pd.DataFrame) -> pd.DataFrame:
    """The changes that count (the module's rule): the same-source rows of ``changes``."""
    return changes[changes["same_source"].astype(bool)].reset_index(drop=True)


def _fastest(changes: pd.DataFrame) -> dict[str, Any] | None:
    """The row with the largest change (the first listed among equals), as a dict."""
    if changes.empty:
        return None
    row = changes.loc[changes["change"].astype(float).idxmax()]
    return {k: (row[k].item() if hasattr(row[k], "item") else row[k]) for k in COLUMNS}


def _count(n: int, noun: str) -> str:
    """``1 geography``, ``5 geographies``, ``2 changes``."""
    if n == 1:
        return f"1 {noun}"
    return f"{n} {noun[:-1] + 'ies' if noun.endswith('y') else noun + 's'}"


def describe_change(row: Mapping[str, Any], lang: str = "en") -> str:
    """``+2.35 pp a year, vietnam (mic) 2021-2022 (11.91% -> 14.26%; <source>)`` of one
    change, in ``lang``."""
    from hpresearch.i18n import format_number, format_percent, t

    sign = "+" if float(row["change"]) > 0 else ""
    return t("outside.change", lang, change=sign + format_number(row["change"] * 100, lang, 2),
             series=f"{row['geography']} ({row['basis']})",
             years=f"{row['from_year']}-{row['to_year']}",
             start=format_percent(row["from_value"], lang, 2),
             end=format_percent(row["to_value"], lang, 2), source=row["source"])


def summarise(changes: pd.DataFrame) -> dict[str, Any]:
    """n, geographies, quantiles, mean and the fastest change of the reference class, and
    the count and fastest of the cross-source pairs left out of it.

    Returns
    -------
    dict
        ``n``, ``geographies`` (count), ``years`` (first, last), ``mean``, ``quantiles``
        (``{q: value}`` of :data:`QUANTILES`, numpy ``linear``), ``fastest`` (a row of
        :func:`share_changes` as a dict, or None), ``cross_source`` (``{n, fastest}``).
    """
    cls = reference_class(changes)
    cross = changes[~changes["same_source"].astype(bool)]
    values = cls["change"].astype(float).to_numpy()
    return {
        "n": int(len(cls)), "geographies": int(cls["geography"].nunique()),
        "years": ((int(cls["from_year"].min()), int(cls["to_year"].max())) if len(cls)
                  else None),
        "mean": float(values.mean()) if len(values) else float("nan"),
        "quantiles": {q: float(np.quantile(values, q)) if len(values) else float("nan")
                      for q in QUANTILES},
        "fastest": _fastest(cls),
        "cross_source": {"n": int(len(cross)), "fastest": _fastest(cross)}}


# ------------------------------------------------------------------------------------------
# 4. the pace limit
# ------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class PaceLimit:
    """The pace limit derived from the reference class.

    Attributes
    ----------
    value : float
        The limit, a fraction per year (0.0235 = 2.35 pp a year).
    quantile : float
        The rule: the quantile of the class taken (1 = the fastest recorded change).
    n, geographies : int
        Size of the class, geographies in it.
    fastest : dict
        The fastest change of the class (a row of :func:`share_changes`).
    source : str
        How the value was obtained (the rule, n and the fastest change).
    """

    value: float
    quantile: float
    n: int
    geographies: int
    fastest: Mapping[str, Any] = field(default_factory=dict)
    source: str = ""


def rule_quantile() -> float:
    """The registry's quantile rule (``share_pace_limit_quantile``)."""
    from hpresearch.parameters.registry import load_registry

    return float(load_registry()[QUANTILE_PARAMETER].default)


def _check_quantile(quantile: float) -> float:
    q = float(quantile)
    if not (0.0 <= q <= 1.0):
        raise UsageError(error_message(where=QUANTILE_PARAMETER, value=q,
                                       rule="must lie in [0, 1] (1 = the fastest change)"))
    return q


def pace_limit_of(changes: pd.DataFrame, quantile: float | None = None) -> PaceLimit | None:
    """The pace limit of ``changes`` (a :func:`share_changes` frame) under the quantile rule.

    Parameters
    ----------
    changes : DataFrame
        Recorded changes (:func:`share_changes`); only the reference class counts.
    quantile : float, optional
        Quantile of the class taken as the limit (numpy ``linear``, Hyndman & Fan
        definition 7); default the registry's ``share_pace_limit_quantile``.

    Returns
    -------
    PaceLimit or None
        None when the class is empty (no same-source annual change is recorded).
    """
    q = _check_quantile(rule_quantile() if quantile is None else quantile)
    cls = reference_class(changes)
    if cls.empty:
        return None
    s = summarise(changes)
    value = float(np.quantile(cls["change"].astype(float).to_numpy(), q))
    fastest = s["fastest"]
    y0, y1 = s["years"]
    rule = ("the fastest" if q == 1.0 else
            f"the {q:g} quantile (numpy linear) of the")
    source = (f"derived: {rule} of {_count(s['n'], 'recorded same-source annual change')} "
              f"of a digital-economy share ({_count(s['geographies'], 'geography')}, "
              f"{y0}-{y1}; rule "
              f"{QUANTILE_PARAMETER} = {q:g}): {value * 100:.2f} pp a year; the fastest "
              f"{describe_change(fastest)}; obs_ids {fastest['from_obs_id']}, "
              f"{fastest['to_obs_id']}")
    cross = s["cross_source"]
    if cross["n"]:
        source += (f"; {_count(cross['n'], 'change')} joining two publications do not "
                   f"count (fastest "
                   f"{describe_change(cross['fastest'])})")
    return PaceLimit(value, q, s["n"], s["geographies"], fastest, source)


def pace_limit(obs: pd.DataFrame | None = None, quantile: float | None = None) -> PaceLimit:
    """The pace limit derived from the observation files (:func:`pace_limit_of` of
    :func:`share_changes`).

    Raises
    ------
    CalibrationError
        When the files hold no same-source annual change of a digital-economy share.
    """
    out = pace_limit_of(share_changes(obs), quantile)
    if out is None:
        raise CalibrationError(error_message(
            where=f"observations, {INDICATOR}",
            rule="hold no pair of annual values of one geography and basis printed by one "
                 "publication; the pace limit cannot be derived"))
    return out


# ------------------------------------------------------------------------------------------
# 5. P(target) under the reference class
# ------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class OutsideView:
    """P(target) under the reference class, beside what it rests on.

    Attributes
    ----------
    probability : float
        ``hits / n`` (NaN when the class is empty).
    hits, n, geographies : int
        Changes at least as fast as the required pace; size of the class; its geographies.
    required_pace : float
        ``(target - base_share) / (target_year - base_year)``, a fraction per year.
    base_share, target : float
    base_year, target_year : int
    fastest : dict or None
        The fastest change of the class.
    basis : str
        The plain-language basis in ``lang``.
    changes : DataFrame
        Every recorded change (the reference class and the cross-source pairs).
    """

    probability: float
    hits: int
    n: int
    geographies: int
    required_pace: float
    base_share: float
    base_year: int
    target: float
    target_year: int
    fastest: Mapping[str, Any] | None
    basis: str
    changes: pd.DataFrame = field(compare=False, repr=False, default_factory=pd.DataFrame)

    def basis_text(self, lang: str = "en") -> str:
        """:attr:`basis` in ``lang``."""
        return _basis_text(self.hits, self.n, self.geographies, self.required_pace, lang)

    def table(self) -> pd.DataFrame:
        """The recorded changes with ``in_class`` and ``as_fast`` (as fast as required)."""
        t = self.changes.copy()
        t["in_class"] = t["same_source"].astype(bool)
        t["as_fast"] = t["in_class"] & (t["change"].astype(float)
                                        >= self.required_pace - TOLERANCE)
        return t

    def summary(self) -> str:
        """The basis sentence, the required pace and the fastest change."""
        lines = [self.basis,
                 f"required pace: ({self.target:.2%} - {self.base_share:.2%}) / "
                 f"({self.target_year} - {self.base_year}) = {self.required_pace * 100:.2f} pp "
                 "a year"]
        if self.fastest:
            lines.append(f"fastest recorded same-source change: {describe_change(self.fastest)}")
        return "\n".join(lines)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready: every field, the changes as records."""
        from hpresearch.results import json_ready

        out = {k: getattr(self, k) for k in (
            "probability", "hits", "n", "geographies", "required_pace", "base_share",
            "base_year", "target", "target_year", "fastest", "basis")}
        out["changes"] = self.table().to_dict(orient="records")
        return json_ready(out)


def _basis_text(hits: int, n: int, k: int, pace: float, lang: str) -> str:
    from hpresearch.i18n import format_number, t

    if not n:
        return t("outside.empty", lang)
    places = t("outside.geo.one" if k == 1 else "outside.geo.other", lang, k=k)
    return t("outside.basis", lang, hits=hits, n=n, geographies=places,
             pace=format_number(pace * 100, lang, 2))


def outside_view_probability(base_share: float, base_year: int, target: float,
                             target_year: int, changes: pd.DataFrame,
                             lang: str = "en") -> OutsideView:
    """P(target) under the reference class: the share of its annual changes at least as fast
    as the pace the target needs.

    The rule: with ``p = (target - base_share) / (target_year - base_year)`` the pace the
    target needs (a straight line from the base), ``P = #{c in class : c >= p} / n``.

    Why this rule and not a bootstrap of five-year sums: the class is small (a handful of
    same-source changes, most from one country), so resampling it year by year would invent
    independence between years and make the answer a function of its one or two largest
    members raised to the fifth power. Counting single annual changes instead asks a plain
    question a reader can check by hand ("how often has a digital share risen this fast in
    one year?") and errs in the target's favour: sustaining a pace for several years is
    rarer than reaching it once when the required pace lies above the typical change, so a
    low P is informative and a high P is an upper reading (Kahneman & Lovallo 1993;
    Flyvbjerg 2006: the distribution of outcomes of the reference class, not the case's own
    plan, sets the prior).

    Parameters
    ----------
    base_share, target : float
        Fractions (0.237, 0.35).
    base_year, target_year : int
        ``target_year > base_year``.
    changes : DataFrame
        :func:`share_changes` (only the reference class counts).
    lang : {"en", "vi"}
        Language of ``basis``.

    Returns
    -------
    OutsideView

    References
    ----------
    Kahneman, D., & Lovallo, D. (1993). *Management Science* 39(1), 17-31.
    Flyvbjerg, B. (2006). *Project Management Journal* 37(3), 5-15.
    """
    target = argspec.check("target", target)
    target_year = argspec.check("target_year", target_year)
    if int(target_year) <= int(base_year):
        raise UsageError(error_message(where="target_year", value=int(target_year),
                                       rule=f"must be after the base year {int(base_year)}"),
                         argument="target_year")
    if not (np.isfinite(float(base_share)) and 0.0 <= float(base_share) <= 1.0):
        raise UsageError(error_message(where="base_share", value=base_share,
                                       rule="must be a fraction in [0, 1]"))
    pace = (float(target) - float(base_share)) / (int(target_year) - int(base_year))
    cls = reference_class(changes)
    n = int(len(cls))
    hits = int((cls["change"].astype(float) >= pace - TOLERANCE).sum())
    k = int(cls["geography"].nunique())
    basis = _basis_text(hits, n, k, pace, lang)
    return OutsideView(hits / n if n else float("nan"), hits, n, k, pace, float(base_share),
                       int(base_year), float(target), int(target_year), _fastest(cls), basis,
                       changes)
