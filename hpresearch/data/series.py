"""Series and selections read from the observations, for every other part of hpresearch.

``hpresearch.data`` is the only reader of observation rows: calibration, the Monte Carlo,
the backtest, the plots and the reports ask these functions for what they need instead of
filtering the raw table themselves. Every function takes the observation frame of
:func:`hpresearch.data.load_observations` (``obs``) and returns a year-indexed Series or a
small DataFrame; none does I/O unless ``obs`` is omitted.

Three readings of conflicting rows exist, each named:

* :func:`hpresearch.data.preferred` - one value per cell under the documented
  :class:`~hpresearch.data.PreferenceRule` (the panel uses it);
* :func:`latest_by_year` - the latest publication per year (a time series as last revised;
  used for statistical fits);
* :func:`vintage_rows` - every published row with its publication date (for backtests,
  which must know what was published when).

Viet Nam's national digital-economy share has three GSO vintages (first release 29/12/2023,
revision 6/1/2025, revision 5-6/1/2026) besides the higher MIC/PTIT estimates
(:func:`national_de_series`, :func:`de_vintages`, :func:`national_adoption_series`).
"""
from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pandas as pd

from hpresearch.data import vocabulary as voc
from hpresearch.data.load import _listing, load_observations, mark_conflicts
from hpresearch.data.reconcile import preferred
from hpresearch.errors import UsageError, quoted

#: Range ends of a published range (two rows), not point values.
RANGE_ENDS = ("range_low", "range_high")
#: Qualifiers that are bounds or range ends, not point values.
BOUND_QUALIFIERS = RANGE_ENDS + ("lt", "gt", "lte", "gte")
#: Geographies whose own figures describe each Hai Phong boundary (own first, then parts).
BOUNDARY_GEOGRAPHIES = {
    "pre_merger": ("hai_phong",),
    "merged": ("hai_phong_merged", "hai_phong", "hai_duong"),
}
#: Target indicators (published goals), listed by :func:`targets`.
TARGET_INDICATORS = ("de_share_target", "grdp_growth_target", "total_investment_target",
                     "fdi_target", "de_sector_share_target", "grdp_per_capita_target")


#: Money units read as USD bn by :func:`_usd_bn`.
USD_UNITS = ("usd_bn", "usd_mn")
#: A multi-year period total (``2016-2020``), not a stock or a single year.
PERIOD_SPAN = r"\d{4}-\d{4}"


def _usd_bn(rows: pd.DataFrame) -> np.ndarray:
    """``value`` of rows in :data:`USD_UNITS`, in USD bn."""
    return rows["value"].astype(float).to_numpy() * np.where(rows["unit"] == "usd_mn", 0.001, 1.0)


def _obs(obs: pd.DataFrame | None) -> pd.DataFrame:
    return load_observations() if obs is None else obs


#: Columns :func:`select_rows` filters on, in the order of its parameters.
SELECT_COLUMNS = ("indicator", "geography", "basis", "unit", "period_type", "year", "obs_id")


def select_rows(obs: pd.DataFrame | None, indicator=None, geography=None, *, basis=None,
                unit=None, period_type=None, year=None, obs_id=None,
                exclude_qualifiers=()) -> pd.DataFrame:
    """The observation rows that match every given filter (file order kept).

    The one row selection of :mod:`hpresearch.data`: every series in this module, the
    panel and :func:`sources` select rows through it.

    Parameters
    ----------
    obs : DataFrame or None
        The observation frame (:func:`hpresearch.data.load_observations`; loaded when None).
    indicator, geography, basis, unit, period_type, year, obs_id : optional
        A single value (rows equal to it) or a collection (rows in it) of that column;
        None (default) does not filter on the column.
    exclude_qualifiers : collection of str, optional
        Leave out rows with one of these qualifiers (e.g. :data:`BOUND_QUALIFIERS`).

    Returns
    -------
    DataFrame
        The matching rows of ``obs``.
    """
    obs = _obs(obs)
    wanted = (indicator, geography, basis, unit, period_type, year, obs_id)
    mask = pd.Series(True, index=obs.index)
    for column, value in zip(SELECT_COLUMNS, wanted):
        if value is None:
            continue
        if isinstance(value, (str, int, np.integer)):
            mask &= obs[column] == value
        else:
            mask &= obs[column].isin(list(value))
    if len(exclude_qualifiers):
        mask &= ~obs["qualifier"].isin(list(exclude_qualifiers))
    return obs[mask]


def sources(indicator: str, geography: str | None = None,
            path: str | Path | None = None) -> pd.DataFrame:
    """Every observation of ``indicator`` (optionally one geography), conflicts marked.

    Returns
    -------
    pandas.DataFrame
        Sorted by geography, year, period, basis; with the boolean column ``conflict``.

    Raises
    ------
    UsageError
        If the indicator or geography is not in the vocabulary (the message lists close
        matches).
    """
    if indicator not in voc.INDICATORS:
        near = voc.close_matches(indicator, voc.INDICATORS, n=5)
        raise UsageError(f"unknown indicator {quoted(indicator)}; "
                         + (f"close matches: {', '.join(near)}" if near else
                            "see `hpresearch data check` or hpresearch/data/vocabulary.py"))
    if geography is not None and geography not in voc.GEOGRAPHIES:
        near = voc.close_matches(geography, voc.GEOGRAPHIES, n=5)
        raise UsageError(f"unknown geography {quoted(geography)}; "
                         + (f"close matches: {', '.join(near)}" if near else
                            f"allowed: {_listing(voc.GEOGRAPHIES, 40)}"))
    sel = select_rows(mark_conflicts(load_observations(path)), indicator, geography)
    return sel.sort_values(["geography", "year", "period", "basis", "published", "obs_id"],
                           kind="mergesort").reset_index(drop=True)


def latest_by_year(obs: pd.DataFrame | None, indicator: str, geography: str,
                   bases: tuple[str, ...] | None = None) -> pd.Series:
    """One value per year, the latest publication winning, of an annual series.

    Point values and approximations only: range ends and upper bounds (``lt``/``lte``) are
    left out; lower bounds (``gt``/``gte``, "more than") are kept as published. Rows with
    the same publication date keep file order (the last listed wins).

    Returns
    -------
    Series
        Values as published (percent stays percent), indexed by year; empty when none.
    """
    s = select_rows(obs, indicator, geography, basis=bases, period_type="annual",
                    exclude_qualifiers=RANGE_ENDS + ("lt", "lte"))
    if s.empty:
        return pd.Series(dtype=float)
    s = s.assign(_p=s["published"].fillna("").astype(str)).sort_values(["year", "_p"])
    return s.groupby("year")["value"].last().astype(float)


def vintage_rows(obs: pd.DataFrame | None, indicator: str, geography: str,
                 basis: str | None = None, annual_only: bool = True,
                 unit: str | None = None, columns: tuple[str, ...] = ()) -> pd.DataFrame:
    """Every published point value of a series with its publication date.

    Parameters
    ----------
    unit : str, optional
        Keep only rows in this unit (e.g. ``"vnd_bn"`` for GRDP levels also published in
        USD).
    columns : tuple of str, optional
        Further observation columns to keep (e.g. ``("obs_id", "publisher")``).

    Returns
    -------
    DataFrame
        Columns ``year, value, published`` (value as published; ``published`` ISO date,
        ``YYYY-MM`` or empty) and ``columns``, one row per observation in file order,
        bounds and range ends excluded.
    """
    s = select_rows(obs, indicator, geography, basis=basis, unit=unit,
                    period_type="annual" if annual_only else None,
                    exclude_qualifiers=BOUND_QUALIFIERS)
    out = s[["year", "value", "published", *columns]].copy()
    return out.reset_index(drop=True)


#: Month-day of the vintage cut-off in year ``T+1``: annual statistics for year ``T`` are
#: released in late December ``T`` or the first quarter of ``T+1``.
VINTAGE_CUTOFF = "03-31"


def _vintage_cutoff(origin: int) -> str:
    """The publication cut-off of the information set at the end of ``origin`` (ISO date)."""
    return f"{int(origin) + 1}-{VINTAGE_CUTOFF}"


def known_at(rows: pd.DataFrame, origin: int) -> pd.DataFrame:
    """Rows knowable at the end of ``origin``: the information set of a rolling-origin test.

    A row is knowable when ``year <= origin`` and its publication date is on or before
    :func:`_vintage_cutoff` (``origin+1-03-31``). Partial dates are read conservatively
    (``YYYY`` as 31 December, ``YYYY-MM`` as the end of the month). A row without a date is
    kept: it is read as released by the usual cut-off of its own year (the files have no
    earlier bound for it), which the backtest notes count.

    Parameters
    ----------
    rows : DataFrame
        Any frame with ``year`` and, optionally, ``published`` columns: a series from
        :func:`vintage_rows` or the whole observation table.
    origin : int
        Origin year ``T``.

    Returns
    -------
    DataFrame
        The knowable rows, sorted by year (stable: file order within a year).
    """
    s = rows[rows["year"] <= int(origin)]
    if "published" in s.columns:
        pub = s["published"].fillna("").astype(str).str.strip()
        norm = pub.where(pub.str.len() != 7, pub + "-31")
        norm = norm.where(norm.str.len() != 4, norm + "-12-31")
        s = s[(norm == "") | (norm <= _vintage_cutoff(origin))]
    return s.sort_values("year", kind="mergesort")


def undated_rows(rows: pd.DataFrame) -> int:
    """Number of rows of ``rows`` without a publication date."""
    if "published" not in rows.columns:
        return len(rows)
    return int((rows["published"].fillna("").astype(str).str.strip() == "").sum())


def latest_per_year(rows: pd.DataFrame) -> pd.Series:
    """One value per year from :func:`vintage_rows`-style rows: the latest publication wins.

    Undated rows count as the earliest publication of their year; rows with the same date
    keep file order (the last listed wins), as in :func:`latest_by_year`.
    """
    if rows.empty:
        return pd.Series(dtype=float)
    if "published" not in rows.columns:
        return rows.groupby("year")["value"].last().astype(float)
    s = rows.assign(_p=rows["published"].fillna("").astype(str)).sort_values(
        ["year", "_p"], kind="mergesort")
    out = s.groupby("year")["value"].last().astype(float)
    out.index = out.index.astype(int)
    return out


def with_columns(obs: pd.DataFrame) -> pd.DataFrame:
    """``obs`` with every observation column of :data:`hpresearch.data.vocabulary.COLUMNS`.

    Hand-built frames (tests, what-if runs) often carry only ``indicator, geography, year,
    period_type, value, basis, qualifier, published``; missing text columns are added empty
    and a missing ``obs_id`` numbers the rows, so every selection here can read them.
    """
    missing = [c for c in voc.COLUMNS if c not in obs.columns]
    if not missing:
        return obs
    out = obs.copy()
    for c in missing:
        out[c] = [f"row-{i}" for i in range(len(out))] if c == "obs_id" else ""
    return out


def vintage_series(obs: pd.DataFrame | None, indicator: str, geography: str,
                   basis: str | None = None, origin: int | None = None,
                   unit: str | None = None) -> pd.Series:
    """An annual series as it was known at the end of ``origin`` (as last revised if None).

    :func:`vintage_rows` cut by :func:`known_at` and reduced by :func:`latest_per_year`
    (values as published).
    """
    rows = vintage_rows(obs, indicator, geography, basis, unit=unit)
    if origin is not None:
        rows = known_at(rows, origin)
    return latest_per_year(rows)


def latest_observation(obs: pd.DataFrame | None, indicator: str, geography: str,
                       basis: str | None = None):
    """The latest annual observation (a row) of an indicator, or ``None``."""
    sel = select_rows(obs, indicator, geography, basis=basis, period_type="annual")
    if not len(sel):
        return None
    return sel.sort_values(["year", "published", "obs_id"], kind="mergesort").iloc[-1]


def de_share_history(obs: pd.DataFrame | None, boundary: str) -> pd.DataFrame:
    """Observed annual digital-economy shares of a boundary, every basis (fractions).

    On the merged boundary the pre-merger Hai Phong points are added with the basis label
    ``"<basis>, pre-merger HP"`` (a different boundary, shown for context only).

    Returns
    -------
    DataFrame
        Columns ``year, de_share, basis``.
    """
    obs = _obs(obs)
    own = select_rows(obs, "de_share", voc.BOUNDARIES[boundary], period_type="annual")
    frames = [own.assign(de_share=own["value"] / 100.0)[["year", "de_share", "basis"]]]
    if boundary == "merged":
        pre = select_rows(obs, "de_share", "hai_phong", period_type="annual")
        frames.append(pre.assign(de_share=pre["value"] / 100.0,
                                 basis=pre["basis"] + ", pre-merger HP")[["year", "de_share", "basis"]])
    out = pd.concat(frames, ignore_index=True)
    return out.drop_duplicates().reset_index(drop=True)


def share_series_keys(obs: pd.DataFrame | None, indicator: str = "de_share",
                      min_years: int = 2) -> list[tuple[str, str]]:
    """``(geography, basis)`` pairs with at least ``min_years`` annual points of ``indicator``."""
    sel = select_rows(obs, indicator, period_type="annual")
    counts = sel.groupby(["geography", "basis"])["year"].nunique()
    return [k for k, c in counts.items() if c >= min_years]


def unscored_share_points(obs: pd.DataFrame | None) -> list[str]:
    """Plain notes on digital-economy share points a time-series backtest cannot score."""
    de = select_rows(obs, "de_share")
    notes = []
    multi = de[de["period_type"] != "annual"]
    if len(multi):
        items = ", ".join(f"{r.geography} {r.period} {r.value:g}% ({r.basis})"
                          for r in multi.itertuples())
        notes.append(f"not scored (period values, not annual; no comparable forecast): {items}.")
    annual = select_rows(de, period_type="annual")
    counts = annual.groupby(["geography", "basis"])["year"].nunique()
    single = [f"{g} ({b})" for (g, b), c in counts.items() if c < 2]
    if single:
        notes.append("not scored (a single annual point per geography and basis, nothing "
                     f"earlier to forecast from): {', '.join(single)}.")
    return notes


def chart_observations(obs: pd.DataFrame | None, indicator: str, geographies,
                       unit: str | None = None) -> pd.DataFrame:
    """Annual observations of ``indicator`` for ``geographies`` in one unit, conflicts marked.

    ``unit`` defaults to the unit most rows use. Sorted by year, geography, basis, obs_id;
    ``conflict`` is True where the same cell holds different published values.
    """
    sel = select_rows(obs, indicator, list(geographies), period_type="annual")
    if unit is None and len(sel):
        unit = sel["unit"].value_counts().idxmax()
    sel = select_rows(sel, unit=unit)
    if "conflict" not in sel.columns:
        sel = mark_conflicts(sel)
    return sel.sort_values(["year", "geography", "basis", "obs_id"],
                           kind="mergesort").reset_index(drop=True)


def targets(obs: pd.DataFrame | None, geographies, indicators=TARGET_INDICATORS) -> pd.DataFrame:
    """Every published target of ``geographies`` (value as published), with its source."""
    sel = select_rows(obs, list(indicators), list(geographies))
    return sel.sort_values(["indicator", "geography", "year", "obs_id"],
                           kind="mergesort").reset_index(drop=True)


def cross_province_table(obs: pd.DataFrame | None, basis: str = "mic") -> pd.DataFrame:
    """Provinces with a digital-economy share (``basis``) and goods exports, one row each.

    The share is taken in the year most provinces report on that basis (one cross-section);
    exports are the latest annual value. Shares are fractions; exports USD bn
    (``log_goods_exports`` = natural log). Merged provinces (``*_merged``) and the national
    total are excluded.
    """
    obs = _obs(obs)
    de = select_rows(obs, "de_share", basis=basis, period_type="annual")
    de = de[(de["geography"] != "vietnam") & ~de["geography"].str.endswith("_merged")]
    if not de.empty:
        modal_year = int(de.groupby("year")["geography"].nunique().idxmax())
        de = select_rows(de, year=modal_year)
    ex = select_rows(obs, "goods_exports", period_type="annual")
    rows = []
    for geo, g in de.groupby("geography"):
        e = select_rows(ex, geography=geo)
        if e.empty:
            continue
        d_last = g.sort_values(["year", "published"]).iloc[-1]
        e_last = e.sort_values(["year", "published"]).iloc[-1]
        rows.append({"geography": geo, "de_share": float(d_last["value"]) / 100.0,
                     "de_year": int(d_last["year"]), "goods_exports_usd_bn": float(e_last["value"]),
                     "exports_year": int(e_last["year"]),
                     "log_goods_exports": math.log(float(e_last["value"]))})
    cols = ["geography", "de_share", "de_year", "goods_exports_usd_bn", "exports_year",
            "log_goods_exports"]
    return pd.DataFrame(rows, columns=cols).set_index("geography") if rows else \
        pd.DataFrame(columns=cols).set_index("geography")

#: Indicators of the national series.
DE_INDICATORS = ("de_share", "de_core_share", "de_digitalised_share", "de_core_fraction",
                 "de_digitalised_fraction")


def national_de_series(indicators=DE_INDICATORS, geography: str = "vietnam",
                       obs: pd.DataFrame | None = None, path=None) -> pd.DataFrame:
    """Every published national DE figure, one row per observation.

    Returns
    -------
    DataFrame
        Columns ``indicator, basis, year, period, period_type, vintage, value, fraction,
        confidence, obs_id, source_url, note_en``; ``vintage`` is the publication date,
        ``fraction`` = value / 100. Sorted by indicator, basis, year, vintage.
    """
    obs = load_observations(path) if obs is None else obs
    sel = select_rows(obs, list(indicators), geography)
    out = sel.assign(vintage=sel["published"], fraction=sel["value"] / 100.0)
    cols = ["indicator", "basis", "year", "period", "period_type", "vintage", "value",
            "fraction", "qualifier", "confidence", "obs_id", "source_url", "note_en"]
    return out[cols].sort_values(["indicator", "basis", "year", "vintage", "obs_id"],
                                 kind="mergesort").reset_index(drop=True)


def de_vintages(basis: str = "gso", indicator: str = "de_share", geography: str = "vietnam",
                obs: pd.DataFrame | None = None, path=None) -> pd.DataFrame:
    """Annual national DE share as fractions: rows = year, columns = vintage.

    Where one vintage was reported by several outlets with different values, the
    highest-confidence then first-listed value is kept; the column ``latest`` holds the
    value of the most recent vintage for each year.
    """
    s = national_de_series((indicator,), geography, obs=obs, path=path)
    s = select_rows(s, basis=basis, period_type="annual")
    conf = {"high": 0, "medium": 1, "low": 2}
    s = s.assign(_c=s["confidence"].map(conf)).sort_values(["year", "vintage", "_c", "obs_id"])
    s = s.drop_duplicates(["year", "vintage"])
    wide = s.pivot(index="year", columns="vintage", values="fraction").sort_index(axis=1)
    wide["latest"] = wide.apply(lambda r: r.dropna().iloc[-1] if r.notna().any() else None,
                                axis=1)
    return wide


def _national_de_observations(obs: pd.DataFrame | None) -> pd.DataFrame:
    """Annual national GSO digital-economy share rows (total, core, digitalised).

    ``published`` is made a string ("" when unknown) so that it sorts by vintage.
    """
    if obs is None or obs.empty:
        return pd.DataFrame()
    nat = select_rows(obs, ["de_digitalised_share", "de_core_share", "de_share"], "vietnam",
                      basis="gso", period_type="annual")
    return nat.assign(published=nat["published"].fillna("").astype(str))



def national_adoption_series(obs: pd.DataFrame) -> pd.Series:
    """National adoption share ``a_t = dig_t / (1 - core_t)`` from GSO observations.

    ``dig`` = ``de_digitalised_share``, ``core`` = ``de_core_share`` or ``de_share - dig``
    (annual national GSO figures, percent -> fraction). GSO revises the series, so one
    publication vintage is used: the latest vintage with at least two years; if none has,
    the latest publication per year. ``attrs['note']`` says which.
    """
    nat = _national_de_observations(obs)
    if nat.empty:
        return pd.Series(dtype=float)

    def build(sub: pd.DataFrame) -> pd.Series:
        wide = (sub.sort_values("published").groupby(["year", "indicator"])["value"].last()
                .unstack("indicator") / 100.0)
        if "de_digitalised_share" not in wide:
            return pd.Series(dtype=float)
        dig = wide["de_digitalised_share"]
        core = wide["de_core_share"] if "de_core_share" in wide else None
        if core is None or core.isna().all():
            core = wide["de_share"] - dig if "de_share" in wide else None
        elif "de_share" in wide:
            core = core.fillna(wide["de_share"] - dig)
        if core is None:
            return pd.Series(dtype=float)
        a = (dig / (1.0 - core)).dropna()
        a.index = a.index.astype(int)
        return a

    for vintage in sorted(nat["published"].unique(), reverse=True):
        if not vintage:
            continue
        a = build(nat[nat["published"] == vintage])
        if len(a) >= 2:
            a.attrs["note"] = f"GSO vintage published {vintage}"
            return a
    a = build(nat)
    a.attrs["note"] = "latest publication per year (mixed vintages)"
    return a



def latest_adoption_series(obs: pd.DataFrame) -> pd.Series:
    """National adoption share with the latest publication per year (mixed vintages).

    Used only for the range of ``adoption_speed`` (:func:`adoption_speed_range`); the
    central fit uses one vintage (:func:`national_adoption_series`).
    """
    nat = _national_de_observations(obs)
    if nat.empty:
        return pd.Series(dtype=float)
    wide = (nat.sort_values("published", kind="mergesort").groupby(["year", "indicator"])["value"]
            .last().unstack("indicator") / 100.0)
    if "de_digitalised_share" not in wide:
        return pd.Series(dtype=float)
    dig = wide["de_digitalised_share"]
    core = wide["de_core_share"] if "de_core_share" in wide else pd.Series(np.nan, wide.index)
    if "de_share" in wide:
        core = core.fillna(wide["de_share"] - dig)
    a = (dig / (1.0 - core)).dropna()
    a.index = a.index.astype(int)
    a.attrs["note"] = "latest publication per year (mixed vintages)"
    return a



def fdi_disbursement_ratios(obs: pd.DataFrame | None,
                            national: pd.DataFrame | None = None) -> pd.DataFrame:
    """Annual national ratio of disbursed to registered FDI (derived, GSO figures).

    Uses :func:`national_fdi_series` (preferred values, USD bn) in every year where both
    exist; pass ``national`` when it is already computed from the same ``obs``.

    Returns
    -------
    DataFrame
        Indexed by year: ``disbursed_usd_bn``, ``registered_usd_bn``, ``ratio`` and
        ``obs_ids`` (``"registered-id;disbursed-id"``). Empty when no year has both.
    """
    cols = ["disbursed_usd_bn", "registered_usd_bn", "ratio", "obs_ids"]
    nat = national_fdi_series(obs) if national is None else national
    if nat.empty:
        return pd.DataFrame(columns=cols)
    both = nat.dropna(subset=["registered_usd_bn", "disbursed_usd_bn"])
    both = both[both["registered_usd_bn"] > 0]
    if both.empty:
        return pd.DataFrame(columns=cols)
    return both.assign(ratio=both["disbursed_usd_bn"] / both["registered_usd_bn"])[cols]


def national_fdi_series(obs: pd.DataFrame | None) -> pd.DataFrame:
    """Viet Nam's registered and disbursed FDI (USD bn) by year, preferred values.

    Returns
    -------
    DataFrame
        Indexed by year: ``registered_usd_bn``, ``disbursed_usd_bn`` (NaN where missing),
        ``obs_ids``.
    """
    sub = select_rows(obs, ["fdi_disbursed", "fdi_registered"], "vietnam", unit=USD_UNITS,
                      period_type="annual")
    cols = ["registered_usd_bn", "disbursed_usd_bn", "obs_ids"]
    if sub.empty:
        return pd.DataFrame(columns=cols)
    pick = preferred(sub)
    pick = pick.assign(usd_bn=_usd_bn(pick),
                       _nongso=(pick["basis"] != "gso").astype(int))
    pick = (pick.sort_values(["indicator", "year", "_nongso"], kind="mergesort")
            .drop_duplicates(["indicator", "year"], keep="first"))
    out = {}
    for ind, col in (("fdi_registered", "registered_usd_bn"), ("fdi_disbursed", "disbursed_usd_bn")):
        part = select_rows(pick, ind).set_index("year")
        out[col] = part["usd_bn"]
        out[col + "_id"] = part["obs_id"]
    frame = pd.DataFrame(out).sort_index()
    frame.index = frame.index.astype(int)
    frame["obs_ids"] = [";".join(str(x) for x in (a, b) if isinstance(x, str))
                        for a, b in zip(frame.get("registered_usd_bn_id", []),
                                        frame.get("disbursed_usd_bn_id", []))]
    return frame[cols]


def firm_capital_flows(obs: pd.DataFrame | None, geography: str = "hai_phong") -> pd.DataFrame:
    """Itemised capital registrations of digital firms (``firm_capital_flow``), by year.

    Returns
    -------
    DataFrame
        Indexed by year: ``usd_bn`` (sum of the year's registrations) and ``obs_ids``.
    """
    sel = select_rows(obs, "firm_capital_flow", geography, unit=USD_UNITS)
    if sel.empty:
        return pd.DataFrame(columns=["usd_bn", "obs_ids"])
    sel = sel.assign(usd_bn=_usd_bn(sel))
    g = sel.groupby("year")
    return pd.DataFrame({"usd_bn": g["usd_bn"].sum(),
                         "obs_ids": g["obs_id"].agg(lambda s: ";".join(sorted(s)))}).sort_index()


#: Targets that are the boundary's goal where the publication-date rule cannot decide:
#: the forum article of the 40% goal prints no date (it reports the Digital Transformation
#: Forum of 22 November 2024, after Resolution 03-NQ/TU of 2021, whose page prints none
#: either). Keys: geography; values: obs_id.
DECLARED_TARGETS = {"hai_phong": "hp-de_share_target-2030-forum2024"}


def official_target(obs: pd.DataFrame | None, geography: str, year: int,
                    indicator: str = "de_share_target"):
    """The boundary's official target for ``year``.

    A target declared in :data:`DECLARED_TARGETS` for the geography and year wins; otherwise
    the latest published row (unknown dates last, then obs_id). Range ends are skipped.
    Returns the row (a Series) or ``None``.
    """
    obs = _obs(obs)
    declared = DECLARED_TARGETS.get(geography)
    if declared and indicator == "de_share_target":
        hit = select_rows(obs, obs_id=declared, year=int(year))
        if len(hit):
            return hit.iloc[0]
    sel = select_rows(obs, indicator, geography, year=int(year), exclude_qualifiers=RANGE_ENDS)
    if sel.empty:
        return None
    key = sel["published"].fillna("").astype(str).replace("", "0000")
    return sel.assign(_k=key).sort_values(["_k", "obs_id"], kind="mergesort").iloc[-1]


def official_targets(obs: pd.DataFrame | None, geography: str,
                     indicator: str = "de_share_target") -> dict[int, pd.Series]:
    """``{year: row}`` of :func:`official_target` for every target year of ``geography``."""
    obs = _obs(obs)
    years = select_rows(obs, indicator, geography)["year"]
    out = {}
    for year in sorted(set(years.astype(int))):
        row = official_target(obs, geography, year, indicator)
        if row is not None:
            out[year] = row
    return out


def observation_values(obs: pd.DataFrame | None, obs_ids) -> dict[str, float]:
    """``{obs_id: value}`` of the given observations (missing ids are left out)."""
    sel = select_rows(obs, obs_id=list(obs_ids))
    return dict(zip(sel["obs_id"], sel["value"].astype(float)))


def largest_share_revision(obs: pd.DataFrame | None, basis: str = "gso",
                           geography: str = "vietnam") -> dict | None:
    """Largest relative revision of an annual digital-economy share between its first and
    latest published vintage (e.g. GSO's national 2023 share 12.33% -> 12.87%).

    Returns
    -------
    dict or None
        ``{revision (fraction), year, first, latest, first_vintage, latest_vintage}``.
    """
    nat = national_de_series(("de_share",), geography=geography, obs=_obs(obs))
    nat = select_rows(nat, basis=basis, period_type="annual")
    nat = nat[nat["vintage"].fillna("").astype(str) != ""]
    best = None
    for year, g in nat.groupby("year"):
        if g["vintage"].nunique() < 2:
            continue
        g = g.sort_values(["vintage", "obs_id"])
        first, last = float(g["fraction"].iloc[0]), float(g["fraction"].iloc[-1])
        rev = abs(last / first - 1.0)
        if best is None or rev > best["revision"]:
            best = {"revision": rev, "year": int(year), "first": first, "latest": last,
                    "first_vintage": str(g["vintage"].iloc[0]),
                    "latest_vintage": str(g["vintage"].iloc[-1])}
    return best


def latest_stock(obs: pd.DataFrame | None, indicator: str, geography: str) -> dict | None:
    """The latest stock figure (``as_of`` or single-date ``cumulative`` rows) in USD bn.

    Period-total rows (``2016-2020``) are not stocks and are skipped. Returns
    ``{usd_bn, period, obs_id}`` of the row with the latest period (then publication), or
    ``None``.
    """
    sel = select_rows(obs, indicator, geography, unit=USD_UNITS,
                      period_type=["as_of", "cumulative"])
    sel = sel[~sel["period"].astype(str).str.fullmatch(PERIOD_SPAN)]
    if sel.empty:
        return None
    last = sel.sort_values(["period", "published", "obs_id"], kind="mergesort").iloc[[-1]]
    return {"usd_bn": float(_usd_bn(last)[0]), "period": str(last["period"].iloc[0]),
            "obs_id": str(last["obs_id"].iloc[0])}


#: Indicators of a plant expansion published with capacity before and after.
EXPANSION_INDICATORS = {"capacity": "firm_capacity_lg_display",
                        "planned": "firm_capacity_planned_lg_display",
                        "capital": "firm_investment_lg_display"}


def plant_expansion(obs: pd.DataFrame | None) -> dict | None:
    """The largest plant's published expansion: capacity before and after, capital before
    and after.

    Capacity rows are published as ranges (``range_low``/``range_high``); the capital after
    is the registration of the announcement's period, the capital before the latest earlier
    registration.

    Returns
    -------
    dict or None
        ``capacity_now`` and ``capacity_planned`` as ``(low, high)``, ``capital`` as
        ``(before, after)`` in USD bn, ``period``, ``obs_ids``; None when a piece is missing.
    """
    def ends(indicator: str) -> pd.DataFrame:
        r = select_rows(obs, indicator, "hai_phong")
        return (r.set_index("qualifier") if {"range_low", "range_high"} <= set(r["qualifier"])
                else pd.DataFrame())

    now, planned = ends(EXPANSION_INDICATORS["capacity"]), ends(EXPANSION_INDICATORS["planned"])
    if now.empty or planned.empty:
        return None
    period = str(now["period"].iloc[0])
    inv = select_rows(obs, EXPANSION_INDICATORS["capital"], "hai_phong", unit="usd_bn",
                      period_type="as_of").sort_values(["period", "obs_id"], kind="mergesort")
    after = inv.loc[inv["period"].astype(str) == period]
    before = inv.loc[inv["period"].astype(str) < period]
    if after.empty or before.empty:
        return None
    k0, k1 = before.iloc[-1], after.iloc[0]
    return {"capacity_now": (float(now.loc["range_low", "value"]),
                             float(now.loc["range_high", "value"])),
            "capacity_planned": (float(planned.loc["range_low", "value"]),
                                 float(planned.loc["range_high", "value"])),
            "capital": (float(k0["value"]), float(k1["value"])), "period": period,
            "obs_ids": [*now["obs_id"], *planned["obs_id"], str(k0["obs_id"]),
                        str(k1["obs_id"])]}


def period_totals(obs: pd.DataFrame | None, indicator: str, geography: str) -> pd.DataFrame:
    """Multi-year period totals (``period`` ``YYYY-YYYY``, e.g. registered FDI 2016-2020), USD bn.

    One row per period: the latest publication (then obs_id) when a period is published
    more than once. These are sums of annual flows, not stocks (:func:`latest_stock` skips
    them).

    Returns
    -------
    DataFrame
        Indexed by ``period``, sorted by start year: ``start``, ``end`` (int), ``usd_bn``,
        ``qualifier``, ``obs_id``.
    """
    sel = select_rows(obs, indicator, geography, unit=USD_UNITS, period_type="cumulative")
    sel = sel[sel["period"].astype(str).str.fullmatch(PERIOD_SPAN)]
    cols = ["start", "end", "usd_bn", "qualifier", "obs_id"]
    if sel.empty:
        return pd.DataFrame(columns=cols, index=pd.Index([], name="period"))
    sel = sel.sort_values(["period", "published", "obs_id"], kind="mergesort")
    sel = sel.drop_duplicates("period", keep="last")
    ends = sel["period"].str.split("-", expand=True).astype(int)
    out = pd.DataFrame({
        "start": ends[0].to_numpy(), "end": ends[1].to_numpy(),
        "usd_bn": _usd_bn(sel),
        "qualifier": sel["qualifier"].fillna("").astype(str).to_numpy(),
        "obs_id": sel["obs_id"].astype(str).to_numpy()},
        index=pd.Index(sel["period"].astype(str).to_numpy(), name="period"))
    return out[out["end"] > out["start"]].sort_values("start", kind="mergesort")


def year_estimate(obs: pd.DataFrame | None, indicator: str, geography: str, year: int,
                  basis: str | None = None, annual_only: bool = False) -> dict | None:
    """The best available figure of ``indicator`` for ``year``: the annual value, else the
    partial-year value covering the most months (9M before H1), latest publication first.
    ``annual_only``: the annual value or ``None``.

    Returns
    -------
    dict or None
        ``{value, period, period_type, obs_id}`` (value as published).
    """
    sel = select_rows(obs, indicator, geography, basis=basis, year=int(year),
                      period_type="annual" if annual_only else ["annual", "partial_year"],
                      exclude_qualifiers=BOUND_QUALIFIERS)
    if sel.empty:
        return None

    def months(period: str) -> int:
        tail = period[5:] if len(period) > 4 else ""
        if not tail:
            return 12
        if tail.startswith("H"):
            return 6 * int(tail[1])
        if tail.startswith("Q"):
            return 3 * int(tail[1])
        return int(tail.rstrip("M")) if tail.endswith("M") else 0

    sel = sel.assign(_m=sel["period"].map(months),
                     _p=sel["published"].fillna("").astype(str))
    row = sel.sort_values(["_m", "_p", "obs_id"], kind="mergesort").iloc[-1]
    return {"value": float(row["value"]), "period": str(row["period"]),
            "period_type": str(row["period_type"]), "obs_id": str(row["obs_id"])}
