"""Model-ready annual panel for one Hai Phong boundary and one digital-economy basis.

:func:`build_panel` turns the observations into a wide table (one row per year, the
columns of :data:`PANEL_COLUMNS`) and a long provenance table saying, for every value,
whether it was ``observed`` or ``derived:<name>`` (see :data:`hpresearch.data.derive.METHODS`),
which ``obs_ids`` it rests on, and a note.

Order of filling for a geography (first match wins; later steps only fill gaps):

1. observed annual values of confidence high/medium, picked by the preference rule
   (basis order for non-digital-economy variables: gso > city > other > mic);
2. merged boundary only: sums ``hai_phong + hai_duong`` (``derived:merged_sum``);
3. observed low-confidence values;
4. FDI back-cast from the next year's level and published growth;
5. Hai Duong only (no constant-price GRDP published): one level at 2010 prices, in the latest
   year with a published current-price level, deflated with Hai Phong's deflator of that
   year (``derived:member_level_anchor``, flagged; it sets the level only);
6. constant-price levels chained with real growth from published levels, benchmarked
   between two published levels (``derived:chain``/``derived:chain_benchmarked``); two
   published levels that published annual growth cannot link (a year without an annual
   figure between them) are spliced from the later one (``derived:vintage_splice``: the
   later level carried back with the published growth, the missing year taking its
   longest part-year figure; the earlier level, an earlier vintage, stays in the data and
   is named in the note);
7. implied deflator ``current / constant``, interior gaps interpolated log-linearly; for
   Hai Duong, years outside its own implied deflators are carried with Viet Nam's GDP
   deflator growth (``derived:national_deflator_growth``, flagged), so its real GRDP grows
   at its own published real growth and its deflator at its own implied rate where its
   current-price levels give one;
8. current-price GRDP ``constant x deflator`` where not published;
9. merged boundary only: real growth from the summed constant-price levels, and the
   pre-merger Hai Phong value where Hai Duong's part is missing (DX budget).

Viet Nam's GDP deflator growth is implied by its published current-price GDP and real
growth (:func:`hpresearch.data.derive.implied_deflator_growth`); a year whose current-price
GDP has two different values in one release (the 2017 level before and after GSO's 2019
re-evaluation) is not used. :func:`deflator_change` gives one geography's deflator change
in a year by the same rule: its own where the panel implies it, else Viet Nam's.

National series (CPI, VND/USD) come from the ``vietnam`` rows; VND/USD after 2021 is
implied by figures published in both currencies on the same page, interior gaps
interpolated.

The digital-economy share uses the chosen basis only. A multi-year figure (e.g. GSO's
22.28% for 2021-2025 on the merged boundary) becomes an end-year point when that year has no
annual figure: scaled by Viet Nam's end-year share over its period average of the same basis
(``derived:period_to_point``, flagged), or, when the national figures are missing, placed at
the end year as is (``derived:period_placement``, flagged). When a boundary has no
figure at all on the chosen basis, the other basis is rescaled by Viet Nam's ratio of the
two bases in the same year, or the latest earlier year with both
(``derived:basis_conversion``, flagged).
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from hpresearch.data import derive as dv
from hpresearch.data import vocabulary as voc
from hpresearch.data.load import load_observations
from hpresearch.data.load import _signature, observation_files
from hpresearch.data.reconcile import PreferenceRule, rank
from hpresearch.data.series import RANGE_ENDS, select_rows, year_estimate
from hpresearch.errors import UsageError
from hpresearch.memo import Memo

#: Numeric columns of ``Panel.values`` (NaN where unknown).
PANEL_COLUMNS: tuple[str, ...] = (
    "grdp_current_vnd_bn",
    "grdp_constant_vnd_bn",
    "grdp_growth_real",
    "grdp_deflator",
    "de_share",
    "total_investment_vnd_bn",
    "fdi_usd_bn",
    "dx_budget_vnd_bn",
    "electronics_va_vnd_bn",
    "population_persons",
    "cpi_inflation",
    "vnd_per_usd",
)

#: Variable -> (indicator, {unit: factor to the panel unit}).
_OWN = {
    "grdp_current_vnd_bn": ("grdp_current", {"vnd_bn": 1.0}),
    "grdp_constant_vnd_bn": ("grdp_constant_2010", {"vnd_bn": 1.0}),
    "grdp_growth_real": ("grdp_growth_real", {"percent": 0.01}),
    "total_investment_vnd_bn": ("total_investment", {"vnd_bn": 1.0}),
    "fdi_usd_bn": ("fdi_registered", {"usd_bn": 1.0, "usd_mn": 0.001}),
    "dx_budget_vnd_bn": ("dx_budget", {"vnd_bn": 1.0}),
    "electronics_va_vnd_bn": ("electronics_va", {"vnd_bn": 1.0}),
    "population_persons": ("population", {"persons": 1.0, "thousand_persons": 1e3,
                                          "million_persons": 1e6}),
}
_NATIONAL = {
    "cpi_inflation": ("cpi_inflation", {"percent": 0.01}),
    "vnd_per_usd": ("vnd_per_usd", {"vnd_per_usd": 1.0}),
}
#: Variables that add up across the members of a merged province.
ADDITIVE = ("grdp_current_vnd_bn", "grdp_constant_vnd_bn", "total_investment_vnd_bn",
            "fdi_usd_bn", "dx_budget_vnd_bn", "electronics_va_vnd_bn", "population_persons")
#: Period types a variable accepts as an annual value.
_PTYPES = {"population_persons": ("annual", "as_of")}
#: Basis order for variables other than the digital-economy share.
BASIS_ORDER = ("gso", "city", "other", "mic")


@dataclass
class Cell:
    """One panel value with its provenance."""

    value: float
    method: str
    obs_ids: tuple[str, ...]
    note: str = ""
    flagged: bool = False
    readings: tuple[tuple[str, float, tuple[str, ...]], ...] = ()


class _Store:
    """Cells by variable and year."""

    def __init__(self, geo: str):
        self.geo = geo
        self.cells: dict[str, dict[int, Cell]] = {}

    def get(self, var, year) -> Cell | None:
        return self.cells.get(var, {}).get(int(year))

    def val(self, var, year) -> float:
        c = self.get(var, year)
        return c.value if c else float("nan")

    def has(self, var, year) -> bool:
        return self.get(var, year) is not None

    def set(self, var, year, cell: Cell, overwrite=False):
        if overwrite or not self.has(var, year):
            if cell.value is None or (isinstance(cell.value, float) and math.isnan(cell.value)):
                return
            self.cells.setdefault(var, {})[int(year)] = cell

    def series(self, var) -> pd.Series:
        d = self.cells.get(var, {})
        return pd.Series({y: c.value for y, c in d.items()}, dtype="float64").sort_index()

    def years(self, var) -> list[int]:
        return sorted(self.cells.get(var, {}))

    def ids(self, var, *years) -> tuple[str, ...]:
        out: list[str] = []
        for y in years:
            c = self.get(var, y)
            if c:
                out.extend(i for i in c.obs_ids if i not in out)
        return tuple(out)


def _ids(*groups) -> tuple[str, ...]:
    out: list[str] = []
    for g in groups:
        for i in g:
            if i not in out:
                out.append(i)
    return tuple(out)


def _qual_note(row) -> str:
    q = row["qualifier"]
    notes = {"gt": "published as 'more than' (lower bound)",
             "gte": "published as 'at least' (lower bound)",
             "lt": "published as 'less than' (upper bound)",
             "lte": "published as 'at most' (upper bound)",
             "approx": "published as approximate"}
    parts = [notes[q]] if q in notes else []
    if row.get("n_candidates", 1) > 1:
        parts.append(f"picked from {int(row['n_candidates'])} rows by the preference rule")
    return "; ".join(parts)


def _picks(obs, rule, indicator, geo, units, ptypes=("annual",), bases=None):
    """Preferred rows of one indicator/geography, usable units and period types only.

    ``obs`` is the observation frame already sorted by :func:`reconcile.rank` under
    ``rule`` (done once in :func:`build_panel`); because the rule orders rows by their own
    keys, the first remaining row of each group after filtering is the preferred one.
    """
    sel = select_rows(obs, indicator, geo, basis=bases, unit=list(units),
                      period_type=list(ptypes), exclude_qualifiers=RANGE_ENDS)
    if sel.empty:
        return sel
    group = list(rule.group)
    n = sel.groupby(group, sort=False)["obs_id"].transform("size")
    return sel.assign(n_candidates=n).drop_duplicates(group, keep="first")


def _fill_observed(st: _Store, obs, rule, var, indicator, units, low: bool, geo=None,
                   note_extra=""):
    geo = geo or st.geo
    picks = _picks(obs, rule, indicator, geo, units, _PTYPES.get(var, ("annual",)))
    if picks.empty:
        return
    picks = picks.assign(_b=picks["basis"].map({b: i for i, b in enumerate(BASIS_ORDER)}))
    picks = picks.sort_values(["year", "_b"], kind="mergesort")
    for year, grp in picks.groupby("year", sort=True):
        row = grp.iloc[0]
        is_low = row["confidence"] == "low"
        if is_low != low:
            continue
        value = float(row["value"]) * units[row["unit"]]
        note = _qual_note(row)
        if is_low:
            note = "; ".join(filter(None, ["low-confidence source (used: nothing better)", note]))
        if row["unit"] not in (next(iter(units)),):
            note = "; ".join(filter(None, [note, f"converted from {row['unit']}"]))
        if row["period_type"] != "annual":
            note = "; ".join(filter(None, [note, f"{row['period_type']} value for {row['period']}"]))
        if note_extra:
            note = "; ".join(filter(None, [note, note_extra]))
        st.set(var, year, Cell(value, "observed", (row["obs_id"],), note))


def _part_year_growth(obs, geo: str, year: int) -> Cell | None:
    """The longest part-year real growth figure of ``year`` (9M before H1), as a cell."""
    est = year_estimate(obs, "grdp_growth_real", geo, year)
    if not est or est["period_type"] != "partial_year":
        return None
    return Cell(est["value"] / 100.0, "observed", (est["obs_id"],),
                f"part-year figure {est['period']} used for the year")


def _splice(st: _Store, a: int, b: int, part: dict[int, Cell]):
    """Carry the level of ``b`` back to ``a`` with annual growth, ``part`` where missing;
    the published level of ``a`` (an earlier vintage) is replaced and named in the note."""
    var, gvar = "grdp_constant_vnd_bn", "grdp_growth_real"
    published = st.get(var, a)
    level, used, ids = st.val(var, b), [], list(st.ids(var, b))
    for y in range(b, a, -1):
        cell = part.get(y) or st.get(gvar, y)
        level /= 1.0 + cell.value
        ids += [i for i in cell.obs_ids if i not in ids]
        used.append(f"{y} {cell.value:.2%}" + (f" ({cell.note})" if y in part else ""))
        spliced = any(k >= y for k in part)
        method = "derived:vintage_splice" if spliced else "derived:chain"
        note = f"{b} level carried back with growth " + ", ".join(used)
        if y - 1 == a:
            note += (f"; the published {a} level {published.value:,.1f} "
                     f"({', '.join(published.obs_ids)}) is {published.value / level - 1:+.2%} "
                     f"off: an earlier vintage that published annual growth does not link "
                     f"to the {b} level, kept in the data, not used")
            ids += [i for i in published.obs_ids if i not in ids]
        st.set(var, y - 1, Cell(level, method, tuple(ids), note, flagged=spliced),
               overwrite=(y - 1 == a))


def _chain_constant(st: _Store, part_year=None):
    var, gvar = "grdp_constant_vnd_bn", "grdp_growth_real"
    anchors = st.years(var)
    if not anchors:
        return
    growth = st.series(gvar)

    def g(y):
        return growth.get(y, float("nan"))

    def chain_dir(start, stop, step):
        level, y = st.val(var, start), start
        while True:
            nxt = y + step
            if (step > 0 and nxt >= stop) or (step < 0 and nxt <= stop):
                break
            rate = g(nxt) if step > 0 else g(y)
            if math.isnan(rate):
                break
            level = level * (1 + rate) if step > 0 else level / (1 + rate)
            gy = range(start + 1, nxt + 1) if step > 0 else range(nxt + 1, start + 1)
            st.set(var, nxt, Cell(level, "derived:chain", _ids(st.ids(var, start),
                                                                st.ids(gvar, *gy)),
                                  f"chained from the {start} level with real growth"))
            y = nxt
        return y

    for a, b in zip(anchors, anchors[1:]):
        if b - a < 2:
            continue
        years = range(a + 1, b + 1)
        if all(not math.isnan(g(y)) for y in years):
            levels, ratio = dv.benchmark_chain(a, st.val(var, a), b, st.val(var, b), growth)
            for y in range(a + 1, b):
                st.set(var, y, Cell(float(levels[y]), "derived:chain_benchmarked",
                                    _ids(st.ids(var, a, b), st.ids(gvar, *years)),
                                    f"chained {a}->{b} with real growth; the {100 * (ratio - 1):+.2f}% "
                                    f"gap to the {b} level is spread geometrically"))
        else:
            gaps = [y for y in years if math.isnan(g(y))]
            part = {y: part_year(y) for y in gaps} if part_year else {}
            if part and all(part.values()):
                _splice(st, a, b, part)
                continue
            last = chain_dir(a, b, +1)
            chain_dir(b, last, -1)
    chain_dir(anchors[-1], 10**6, +1)
    chain_dir(anchors[0], -10**6, -1)


def _national_extension(st: _Store, nat: _Store):
    """Deflator of the years with a level but no implied deflator, carried from the nearest
    implied one with Viet Nam's deflator growth (backward and forward)."""
    dfl, pi = "grdp_deflator", nat.series("gdp_deflator_growth")
    known = st.years(dfl)
    if not known:
        return
    levels = set(st.years("grdp_constant_vnd_bn")) | set(st.years("grdp_current_vnd_bn"))
    for step, start, stop in ((-1, known[0], min(levels, default=known[0])),
                              (+1, known[-1], max(levels, default=known[-1]))):
        y = start
        while (y - stop) * step < 0:
            rate_year = y if step < 0 else y + step
            if rate_year not in pi.index:
                break
            rate = float(pi[rate_year])
            p = st.val(dfl, y) / (1.0 + rate) if step < 0 else st.val(dfl, y) * (1.0 + rate)
            src = nat.get("gdp_deflator_growth", rate_year)
            st.set(dfl, y + step, Cell(p, "derived:national_deflator_growth",
                                       _ids(st.ids(dfl, y), src.obs_ids),
                                       f"{st.geo} deflator {y} carried with Viet Nam's GDP "
                                       f"deflator growth {rate_year} {rate:+.2%} (no own "
                                       f"current-price level that year)", flagged=True))
            y += step


def _deflators(st: _Store, nat: _Store | None = None):
    cur, con, dfl = "grdp_current_vnd_bn", "grdp_constant_vnd_bn", "grdp_deflator"
    for y in sorted(set(st.years(cur)) & set(st.years(con))):
        if st.has(dfl, y):
            continue
        st.set(dfl, y, Cell(dv.implied_deflator(st.val(cur, y), st.val(con, y)),
                            "derived:implied_deflator", _ids(st.ids(cur, y), st.ids(con, y)),
                            "current / constant 2010 prices"))
    known = st.series(dfl)
    if known.shape[0] >= 2:
        filled = dv.interpolate_log_linear(known)
        for y, v in filled.items():
            if not st.has(dfl, y) and not math.isnan(v):
                lo = max(k for k in known.index if k < y)
                hi = min(k for k in known.index if k > y)
                st.set(dfl, y, Cell(float(v), "derived:interpolated_deflator",
                                    st.ids(dfl, lo, hi),
                                    f"log-linear between {lo} and {hi}"))
    if nat is not None:
        _national_extension(st, nat)
    for y in st.years(con):
        if not st.has(cur, y) and st.has(dfl, y):
            st.set(cur, y, Cell(st.val(con, y) * st.val(dfl, y), "derived:current_from_constant",
                                _ids(st.ids(con, y), st.ids(dfl, y)), "constant x deflator"))


def _fdi_backcast(st: _Store, obs, rule):
    picks = _picks(obs, rule, "fdi_registered_growth", st.geo, {"percent": 0.01})
    for _, row in picks.iterrows():
        t = int(row["year"])
        if st.has("fdi_usd_bn", t) and not st.has("fdi_usd_bn", t - 1):
            v = dv.backcast_from_growth(st.val("fdi_usd_bn", t), row["value"] / 100)
            st.set("fdi_usd_bn", t - 1, Cell(v, "derived:backcast_from_growth",
                                             _ids(st.ids("fdi_usd_bn", t), (row["obs_id"],)),
                                             f"{t} level / (1 + {t} growth)"))


def _member_level_anchor(st: _Store, proxy: _Store):
    """A member without published constant-price GRDP: one 2010-price level, in the latest
    year with both its current-price GRDP and ``proxy``'s deflator, at ``proxy``'s deflator.

    Only the level comes from ``proxy``: the chain (:func:`_chain_constant`) gives the member
    its own real growth, and its deflator is then its own where its current-price levels
    imply one (:func:`_deflators`).
    """
    if st.years("grdp_constant_vnd_bn"):
        return
    both = [y for y in st.years("grdp_current_vnd_bn") if proxy.has("grdp_deflator", y)]
    if not both:
        return
    y = both[-1]
    p = proxy.get("grdp_deflator", y)
    st.set("grdp_constant_vnd_bn", y, Cell(
        st.val("grdp_current_vnd_bn", y) / p.value, "derived:member_level_anchor",
        _ids(st.ids("grdp_current_vnd_bn", y), p.obs_ids),
        f"{st.geo} publishes no constant-price GRDP: {y} current-price GRDP / {proxy.geo} "
        f"deflator {p.value:.4f} sets the 2010-price level; growth and deflator are "
        f"{st.geo}'s own", flagged=True))


def _build_geo(obs, rule, geo, members=None, proxy=None, nat=None) -> _Store:
    st = _Store(geo)
    for var, (ind, units) in _OWN.items():
        _fill_observed(st, obs, rule, var, ind, units, low=False)
    if members:
        for var in ADDITIVE:
            years = set.intersection(*[set(m.years(var)) for m in members])
            for y in sorted(years):
                if st.has(var, y):
                    continue
                vals = [m.val(var, y) for m in members]
                parts = []
                for m, v in zip(members, vals):
                    c = m.get(var, y)
                    parts.append(f"{m.geo} {v:,.6g}"
                                 + ("" if c.method == "observed" else f" ({c.method})"))
                st.set(var, y, Cell(dv.merged_sum(*vals), "derived:merged_sum",
                                    _ids(*[m.ids(var, y) for m in members]),
                                    " + ".join(parts),
                                    flagged=any(m.get(var, y).flagged for m in members)))
    for var, (ind, units) in _OWN.items():
        _fill_observed(st, obs, rule, var, ind, units, low=True)
    _fdi_backcast(st, obs, rule)
    if proxy is not None:
        _member_level_anchor(st, proxy)
    _chain_constant(st, lambda y: _part_year_growth(obs, geo, y))
    _deflators(st, nat if proxy is not None else None)
    if members:
        con = st.series("grdp_constant_vnd_bn")
        for y, gval in dv.growth_from_levels(con).items():
            if not st.has("grdp_growth_real", y):
                st.set("grdp_growth_real", y,
                       Cell(float(gval), "derived:growth_from_levels",
                            st.ids("grdp_constant_vnd_bn", y - 1, y),
                            "growth of the summed constant-price levels"))
        for var in ("dx_budget_vnd_bn", "electronics_va_vnd_bn"):
            base = members[0]
            for y in base.years(var):
                if not st.has(var, y):
                    c = base.get(var, y)
                    st.set(var, y, Cell(c.value, "derived:pre_merger_proxy", c.obs_ids,
                                        f"{members[1].geo} part not published; {base.geo} value "
                                        "used (lower bound)", flagged=True))
    return st


def _national(obs, rule) -> _Store:
    st = _Store("vietnam")
    note = "Viet Nam national value"
    for var, (ind, units) in _NATIONAL.items():
        _fill_observed(st, obs, rule, var, ind, units, low=False, note_extra=note)
        _fill_observed(st, obs, rule, var, ind, units, low=True, note_extra=note)
    # VND/USD implied by figures published in both currencies on the same page.
    money = select_rows(obs, unit=["vnd_bn", "vnd_mn", "usd_bn", "usd_mn", "usd"],
                        period_type="annual")
    pairs: dict[int, list[tuple[float, str, str]]] = {}
    for _, grp in money.groupby(["indicator", "geography", "year", "source_url"]):
        vnd = grp[grp["unit"].str.startswith("vnd")]
        usd = grp[grp["unit"].str.startswith("usd")]
        if vnd.empty or usd.empty:
            continue
        v, u = vnd.iloc[0], usd.iloc[0]
        rate = dv.implied_fx(v["value"], v["unit"], u["value"], u["unit"])
        pairs.setdefault(int(v["year"]), []).append((rate, v["obs_id"], u["obs_id"]))
    for y, lst in sorted(pairs.items()):
        if st.has("vnd_per_usd", y):
            continue
        rates = [r for r, _, _ in lst]
        st.set("vnd_per_usd", y, Cell(float(np.median(rates)), "derived:implied_fx",
                                      _ids(*[(a, b) for _, a, b in lst]),
                                      f"median of {len(rates)} same-page VND/USD pairs "
                                      f"({', '.join(f'{r:,.0f}' for r in rates)})"))
    fx = st.series("vnd_per_usd")
    for y, v in dv.interpolate_linear(fx).items():
        if not st.has("vnd_per_usd", y) and not math.isnan(v):
            lo = max(k for k in fx.index if k < y)
            hi = min(k for k in fx.index if k > y)
            st.set("vnd_per_usd", y, Cell(float(v), "derived:interpolated",
                                          st.ids("vnd_per_usd", lo, hi),
                                          f"linear between {lo} and {hi}"))
    _national_deflator_growth(st, obs, rule)
    return st


def _national_deflator_growth(st: _Store, obs, rule):
    """Viet Nam's GDP deflator growth implied by its current-price GDP and real growth.

    A year whose current-price GDP has two different values in the preferred release (the
    2017 level before and after GSO's re-evaluation, published together) is left out.
    """
    cur = select_rows(obs, "grdp_current", "vietnam", unit="vnd_bn", period_type="annual",
                      exclude_qualifiers=RANGE_ENDS)
    first = cur.drop_duplicates("year", keep="first").set_index("year")
    same_release = cur.merge(first[["published"]], left_on="year", right_index=True,
                             suffixes=("", "_first"))
    same_release = same_release[same_release["published"] == same_release["published_first"]]
    ambiguous = {int(y) for y, v in same_release.groupby("year")["value"] if v.nunique() > 1}
    levels = first[~first.index.isin(ambiguous)]
    growth = _picks(obs, rule, "grdp_growth_real", "vietnam", {"percent": 0.01})
    growth = growth.drop_duplicates("year", keep="first").set_index("year")
    rates = dv.implied_deflator_growth(levels["value"], growth["value"] / 100.0)
    years = sorted(int(y) for y in levels.index)
    for y, rate in rates.items():
        y1 = max(k for k in years if k < y)
        y2 = min(k for k in years if k >= y)
        ids = (levels.at[y1, "obs_id"], levels.at[y2, "obs_id"],
               *[growth.at[k, "obs_id"] for k in range(y1 + 1, y2 + 1)])
        st.set("gdp_deflator_growth", int(y), Cell(
            float(rate), "derived:implied_deflator", _ids(ids),
            f"Viet Nam GDP {y2} / {y1} at current prices over real growth"
            + (f", annualised over {y2 - y1} years" if y2 - y1 > 1 else "")
            + (f"; {', '.join(map(str, sorted(ambiguous)))} left out (two values in one "
               "release)" if ambiguous else "")))


def _de_cells(obs, rule, geo, basis) -> dict[int, Cell]:
    """Digital-economy share cells of one geography on one basis (fractions)."""
    out: dict[int, Cell] = {}
    units = {"percent": 0.01}
    annual = _picks(obs, rule, "de_share", geo, units, ("annual",), bases=(basis,))
    for _, row in annual.iterrows():
        out[int(row["year"])] = Cell(row["value"] / 100, "observed", (row["obs_id"],),
                                     _qual_note(row),
                                     readings=_year_readings(obs, row, basis))
    multi = _picks(obs, rule, "de_share", geo, units, ("multi_year",), bases=(basis,))
    nat_annual = _picks(obs, rule, "de_share", "vietnam", units, ("annual",), bases=(basis,))
    nat_multi = _picks(obs, rule, "de_share", "vietnam", units, ("multi_year",), bases=(basis,))
    for _, row in multi.iterrows():
        y = int(row["year"])
        if y in out:
            continue
        qual = _qual_note(row)
        nat_end = nat_annual[nat_annual["year"] == y]
        nat_per = nat_multi[nat_multi["period"] == row["period"]]
        if len(nat_end) and len(nat_per):
            e, p = nat_end.iloc[0], nat_per.iloc[0]
            value = dv.period_to_point(row["value"], e["value"], p["value"]) / 100
            ids = (row["obs_id"], e["obs_id"], p["obs_id"])
            out[y] = Cell(value, "derived:period_to_point", ids,
                          f"flag: {row['value']:g}% is the {row['period']} figure; end-year "
                          f"{y} point = {row['value']:g} x Viet Nam {y} {e['value']:g} / "
                          f"Viet Nam {row['period']} {p['value']:g} (same basis)"
                          + ("; " + qual if qual else ""), flagged=True,
                          readings=(
                              (f"{row['period']} average converted to {y} with Viet Nam's "
                               f"profile ({e['value']:g} / {p['value']:g})", value, ids),
                              (f"{row['period']} figure read as the {y} value",
                               row["value"] / 100, (row["obs_id"],))))
            continue
        out[y] = Cell(row["value"] / 100, "derived:period_placement", (row["obs_id"],),
                      f"flag: period value for {row['period']} placed at its end year {y}; "
                      "whether it is the period average or the end-year value is not "
                      "stated" + ("; " + qual if qual else ""), flagged=True)
    return out


#: How a row's ``note_en`` says that its reference year is uncertain ("Reference year could
#: be 2022 or 2023"): the share is then also read as the earlier year's value.
REFERENCE_YEAR_NOTE = re.compile(r"reference year could be (\d{4}) or (\d{4})", re.IGNORECASE)


def _year_readings(obs, row, basis) -> tuple:
    """Readings of an annual share whose note gives two candidate reference years.

    The share as placed (its ``year``) and, for each release of Viet Nam's share on the
    same basis with both years, the share read as the other year's value and carried to
    ``year`` with that release's national profile ``s x s_VN,year / s_VN,other``
    (:func:`hpresearch.data.derive.period_to_point`'s assumption: the province's share
    moves with the national one).
    """
    hit = REFERENCE_YEAR_NOTE.search(str(row.get("note_en", "")))
    y = int(row["year"])
    others = [int(x) for x in hit.groups() if int(x) != y] if hit else []
    if not others:
        return ()
    out = [(f"{row['value']:g}% read as the {y} value", row["value"] / 100, (row["obs_id"],))]
    nat = select_rows(obs, "de_share", "vietnam", basis=(basis,), period_type="annual",
                      exclude_qualifiers=RANGE_ENDS)
    for other in others:
        for published, rel in nat.groupby("published", sort=True):
            a, b = rel[rel["year"] == other], rel[rel["year"] == y]
            if a.empty or b.empty:
                continue
            a, b = a.iloc[0], b.iloc[0]
            out.append((f"{row['value']:g}% read as the {other} value, carried to {y} with "
                        f"Viet Nam's release of {published or 'unknown date'} ({b['value']:g} "
                        f"/ {a['value']:g})",
                        dv.period_to_point(row["value"], b["value"], a["value"]) / 100,
                        (row["obs_id"], a["obs_id"], b["obs_id"])))
    return tuple(out)


def _national_share(obs, rule, basis, year):
    picks = _picks(obs, rule, "de_share", "vietnam", {"percent": 1.0}, ("annual",),
                   bases=(basis,))
    return {int(r["year"]): (r["value"], r["obs_id"]) for _, r in picks.iterrows()}


def _de_series(obs, rule, geo, basis) -> dict[int, Cell]:
    cells = _de_cells(obs, rule, geo, basis)
    if cells:
        return cells
    other = "gso" if basis == "mic" else "mic"
    src = _de_cells(obs, rule, geo, other)
    target = _national_share(obs, rule, basis, None)
    source = _national_share(obs, rule, other, None)
    both = sorted(set(target) & set(source))
    out = {}
    for y, c in src.items():
        usable = [k for k in both if k <= y] or both
        if not usable:
            continue
        k = usable[-1] if any(k <= y for k in both) else usable[0]
        (nt, it), (ns, is_) = target[k], source[k]
        val = dv.basis_conversion(c.value, nt, ns)
        note = (f"flag: no {basis.upper()} figure for {geo}; {other.upper()} share {c.value:.4f} "
                f"x Viet Nam {basis.upper()}/{other.upper()} ratio {nt}/{ns} = {nt / ns:.4f} "
                f"({'same year' if k == y else f'from {k}, the latest year with both'})")
        if c.method != "observed":
            note += f"; source share is {c.method}: {c.note}"
        out[y] = Cell(val, "derived:basis_conversion", _ids(c.obs_ids, (it, is_)), note,
                      flagged=True,
                      readings=tuple((f"{label}, {basis.upper()} by the national ratio",
                                      dv.basis_conversion(v, nt, ns), _ids(ids, (it, is_)))
                                     for label, v, ids in c.readings))
    return out


@dataclass
class Panel:
    """Annual panel for one boundary and basis.

    Attributes
    ----------
    boundary : str
        ``"pre_merger"`` or ``"merged"``.
    basis : str
        ``"gso"`` or ``"mic"`` (basis of ``de_share``).
    values : DataFrame
        Indexed by ``year``; columns :data:`PANEL_COLUMNS` (NaN where unknown).
    provenance : DataFrame
        Long table ``year, variable, value, method, obs_ids, note, flagged``.
    rule : PreferenceRule
        The reconciliation rule used.
    readings : DataFrame
        ``year, reading, value, obs_ids``: the documented readings of a digital-economy
        share that the sources leave open (a period figure as a period average or as the
        end-year value; a figure whose reference year is one of two years), each for the
        panel's year; the panel's value is one of them.
    """

    boundary: str
    basis: str
    values: pd.DataFrame
    provenance: pd.DataFrame
    rule: PreferenceRule = field(default_factory=PreferenceRule)
    readings: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(
        columns=["year", "reading", "value", "obs_ids"]))

    def copy(self) -> Panel:
        """Deep copy (values, provenance and readings)."""
        return Panel(self.boundary, self.basis, self.values.copy(), self.provenance.copy(),
                     self.rule, self.readings.copy())

    def share_readings(self, year: int | None = None) -> pd.DataFrame:
        """The documented readings of the digital-economy share of ``year`` (default: the
        anchor year); one row, the panel's value, where the sources leave nothing open."""
        year = self.anchor_year() if year is None else int(year)
        hit = self.readings[self.readings["year"] == year]
        if len(hit):
            return hit.reset_index(drop=True)
        p = self.provenance
        row = p[(p["variable"] == "de_share") & (p["year"] == year)]
        if not len(row):
            return self.readings.iloc[0:0]
        return pd.DataFrame([{"year": year, "reading": f"as in the panel ({row['method'].iloc[0]})",
                              "value": float(row["value"].iloc[0]),
                              "obs_ids": row["obs_ids"].iloc[0]}])

    def latest(self, variable: str, upto: int | None = None) -> tuple[int, float]:
        """Latest ``(year, value)`` of a variable (at or before ``upto``)."""
        s = self.values[variable].dropna()
        if upto is not None:
            s = s[s.index <= upto]
        if s.empty:
            raise UsageError(f"panel {self.boundary}/{self.basis}: no value of {variable!r}"
                             + (f" up to {upto}" if upto else ""))
        return int(s.index[-1]), float(s.iloc[-1])

    def method(self, variable: str, year: int) -> str:
        """Method label of one value (``observed`` or ``derived:<name>``)."""
        p = self.provenance
        hit = p[(p["variable"] == variable) & (p["year"] == year)]
        return str(hit["method"].iloc[0]) if len(hit) else ""

    def anchor_year(self) -> int:
        """Latest year with a digital-economy share on this basis."""
        return self.latest("de_share")[0]

    def calibration_point(self) -> dict:
        """Values a model calibrates on, each with its year and method.

        Returns
        -------
        dict
            ``{name: {"year", "value", "method"}}`` for ``de_share``,
            ``grdp_current_vnd_bn`` and ``grdp_deflator`` at :meth:`anchor_year`, and the
            latest ``fdi_usd_bn``, ``total_investment_vnd_bn``, ``dx_budget_vnd_bn``,
            ``vnd_per_usd``, ``cpi_inflation``, ``grdp_growth_real``.
        """
        year = self.anchor_year()
        out = {}
        for v in ("de_share", "grdp_current_vnd_bn", "grdp_deflator"):
            val = self.values.at[year, v]
            out[v] = {"year": year, "value": float(val), "method": self.method(v, year)}
        for v in ("fdi_usd_bn", "total_investment_vnd_bn", "dx_budget_vnd_bn", "vnd_per_usd",
                  "cpi_inflation", "grdp_growth_real"):
            y, val = self.latest(v)
            out[v] = {"year": y, "value": val, "method": self.method(v, y)}
        return out


def build_panel(boundary: str = voc.DEFAULT_BOUNDARY, basis: str = "gso",
                rule: PreferenceRule | None = None, obs: pd.DataFrame | None = None,
                path=None) -> Panel:
    """Build the model-ready annual panel.

    Parameters
    ----------
    boundary : {"pre_merger", "merged"}
        ``pre_merger`` uses geography ``hai_phong``; ``merged`` uses ``hai_phong_merged``
        where published and ``hai_phong + hai_duong`` otherwise.
    basis : {"gso", "mic"}
        Measurement basis of ``de_share``.
    rule : PreferenceRule, optional
        Reconciliation rule (default :data:`hpresearch.data.reconcile.DEFAULT_RULE`).
    obs : DataFrame, optional
        Observations to use (default: :func:`load_observations` of ``path``).

    Returns
    -------
    Panel
    """
    from hpresearch import argspec

    boundary, basis = argspec.check("boundary", boundary), argspec.check("basis", basis)
    rule = rule or PreferenceRule()
    key = None
    if obs is None:
        try:
            key = (boundary, basis, rule, _signature(observation_files(path)))
            hash(key)
        except TypeError:
            key = None
        if key is not None and key in _CACHE:
            return _CACHE[key].copy()
        obs = load_observations(path)
    panel = _build(boundary, basis, rule, obs)
    if key is not None:
        _CACHE[key] = panel.copy()
    return panel


#: build_panel results for unchanged files and the same arguments (values are copied out).
_CACHE = Memo(maxsize=33)
#: deflator_change's stores for unchanged files and the same rule (read, never changed).
_STORES = Memo(maxsize=4)


def _stores(obs, rule, members: bool = True) -> tuple[_Store, _Store | None, _Store]:
    """Hai Phong, Hai Duong (when ``members``) and Viet Nam from observations ranked by
    ``rule``."""
    nat = _national(obs, rule)
    hp = _build_geo(obs, rule, "hai_phong")
    hd = _build_geo(obs, rule, "hai_duong", proxy=hp, nat=nat) if members else None
    return hp, hd, nat


def deflator_change(geography: str, year: int, obs: pd.DataFrame | None = None,
                    rule: PreferenceRule | None = None) -> dict:
    """GRDP-deflator change of ``geography`` from ``year - 1`` to ``year``.

    The geography's own change where the panel implies its deflator in both years from its
    own current-price levels (``derived:implied_deflator`` or its interpolation); otherwise
    Viet Nam's GDP deflator change, implied by its published current-price GDP and real
    growth (the rule of the module docstring, step 7).

    Parameters
    ----------
    geography : {"hai_phong", "hai_duong", "vietnam"}
    year : int

    Returns
    -------
    dict
        ``{value, method, obs_ids, note}``; ``value`` is a fraction, NaN when neither is known.
    """
    if geography not in ("hai_phong", "hai_duong", "vietnam"):
        raise UsageError(f"deflator_change: geography {geography!r} is not one of hai_phong, "
                         "hai_duong, vietnam")
    rule = rule or PreferenceRule()
    if obs is not None:
        hp, hd, nat = _stores(rank(obs, rule), rule)
    else:
        key = (rule, _signature(observation_files(None)))
        if key not in _STORES:
            _STORES[key] = _stores(rank(load_observations(), rule), rule)
        hp, hd, nat = _STORES[key]
    st = {"hai_phong": hp, "hai_duong": hd}.get(geography)
    own = ("derived:implied_deflator", "derived:interpolated_deflator")
    if st is not None and all(st.has("grdp_deflator", y) and
                              st.get("grdp_deflator", y).method in own
                              for y in (year - 1, year)):
        p0, p1 = st.val("grdp_deflator", year - 1), st.val("grdp_deflator", year)
        return {"value": p1 / p0 - 1.0, "method": "derived:implied_deflator",
                "obs_ids": list(st.ids("grdp_deflator", year - 1, year)),
                "note": f"{geography}'s own deflator {year - 1}-{year}"}
    c = nat.get("gdp_deflator_growth", year)
    if c is None:
        return {"value": float("nan"), "method": "", "obs_ids": [],
                "note": f"no deflator change known for {geography} or Viet Nam in {year}"}
    why = "" if geography == "vietnam" else f"{geography} implies no own deflator {year}; "
    return {"value": c.value, "method": "derived:national_deflator_growth",
            "obs_ids": list(c.obs_ids), "note": why + "Viet Nam's GDP deflator: " + c.note}


def _build(boundary, basis, rule, obs) -> Panel:
    obs = rank(obs, rule)
    hp, hd, nat = _stores(obs, rule, members=boundary != "pre_merger")
    own = hp if boundary == "pre_merger" else _build_geo(
        obs, rule, "hai_phong_merged", members=[hp, hd])
    geo = voc.BOUNDARIES[boundary]
    own.cells["de_share"] = _de_series(obs, rule, geo, basis)

    own_years = [y for v in own.cells.values() for y in v]
    nat_years = [y for v in nat.cells.values() for y in v]
    lo, hi = min(own_years), max(own_years + [y for y in nat_years if y >= min(own_years)])
    years = list(range(lo, hi + 1))
    values = pd.DataFrame(index=pd.Index(years, name="year"), columns=list(PANEL_COLUMNS),
                          dtype="float64")
    rows = []
    for store, names in ((own, [c for c in PANEL_COLUMNS if c not in _NATIONAL]),
                         (nat, list(_NATIONAL))):
        for var in names:
            for y, c in sorted(store.cells.get(var, {}).items()):
                if lo <= y <= hi:
                    values.at[y, var] = c.value
                    rows.append({"year": y, "variable": var, "value": c.value,
                                 "method": c.method, "obs_ids": ";".join(c.obs_ids),
                                 "note": c.note, "flagged": c.flagged})
    prov = pd.DataFrame(rows, columns=["year", "variable", "value", "method", "obs_ids",
                                       "note", "flagged"])
    prov = prov.sort_values(["variable", "year"], kind="mergesort").reset_index(drop=True)
    readings = pd.DataFrame(
        [{"year": y, "reading": label, "value": float(v), "obs_ids": ";".join(ids)}
         for y, c in sorted(own.cells["de_share"].items()) for label, v, ids in c.readings],
        columns=["year", "reading", "value", "obs_ids"])
    return Panel(boundary, basis, values, prov, rule, readings)
