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
5. Hai Duong only (no constant-price GRDP published): the Hai Phong deflator as proxy;
6. constant-price levels chained with real growth from published levels, benchmarked
   between two published levels (``derived:chain``/``derived:chain_benchmarked``);
7. implied deflator ``current / constant``, interior gaps interpolated log-linearly;
8. current-price GRDP ``constant x deflator`` where not published;
9. merged boundary only: real growth from the summed constant-price levels, and the
   pre-merger Hai Phong value where Hai Duong's part is missing (DX budget).

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
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from hpresearch.data import derive as dv
from hpresearch.data import vocabulary as voc
from hpresearch.data.load import load_observations
from hpresearch.data.load import _signature, observation_files
from hpresearch.data.reconcile import PreferenceRule, rank
from hpresearch.data.series import RANGE_ENDS, select_rows
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


def _chain_constant(st: _Store):
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
            last = chain_dir(a, b, +1)
            chain_dir(b, last, -1)
    chain_dir(anchors[-1], 10**6, +1)
    chain_dir(anchors[0], -10**6, -1)


def _deflators(st: _Store):
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


def _proxy_deflator(st: _Store, proxy: _Store, proxy_name: str):
    """Use another geography's deflator where this one publishes no constant prices."""
    if st.years("grdp_constant_vnd_bn"):
        return
    for y in proxy.years("grdp_deflator"):
        c = proxy.get("grdp_deflator", y)
        st.set("grdp_deflator", y, Cell(c.value, "derived:proxy_deflator", c.obs_ids,
                                        f"{proxy_name} deflator used: no constant-price GRDP "
                                        f"published for {st.geo}", flagged=True))
    for y in st.years("grdp_current_vnd_bn"):
        if st.has("grdp_deflator", y):
            st.set("grdp_constant_vnd_bn", y,
                   Cell(st.val("grdp_current_vnd_bn", y) / st.val("grdp_deflator", y),
                        "derived:constant_from_current",
                        _ids(st.ids("grdp_current_vnd_bn", y), st.ids("grdp_deflator", y)),
                        f"current / {proxy_name} deflator", flagged=True))


def _build_geo(obs, rule, geo, members=None, proxy=None) -> _Store:
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
        _proxy_deflator(st, proxy, proxy.geo)
    _chain_constant(st)
    _deflators(st)
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
    return st


def _de_cells(obs, rule, geo, basis) -> dict[int, Cell]:
    """Digital-economy share cells of one geography on one basis (fractions)."""
    out: dict[int, Cell] = {}
    units = {"percent": 0.01}
    annual = _picks(obs, rule, "de_share", geo, units, ("annual",), bases=(basis,))
    for _, row in annual.iterrows():
        out[int(row["year"])] = Cell(row["value"] / 100, "observed", (row["obs_id"],),
                                     _qual_note(row))
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
            out[y] = Cell(value, "derived:period_to_point",
                          (row["obs_id"], e["obs_id"], p["obs_id"]),
                          f"flag: {row['value']:g}% is the {row['period']} figure; end-year "
                          f"{y} point = {row['value']:g} x Viet Nam {y} {e['value']:g} / "
                          f"Viet Nam {row['period']} {p['value']:g} (same basis)"
                          + ("; " + qual if qual else ""), flagged=True)
            continue
        out[y] = Cell(row["value"] / 100, "derived:period_placement", (row["obs_id"],),
                      f"flag: period value for {row['period']} placed at its end year {y}; "
                      "whether it is the period average or the end-year value is not "
                      "stated" + ("; " + qual if qual else ""), flagged=True)
    return out


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
                      flagged=True)
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
    """

    boundary: str
    basis: str
    values: pd.DataFrame
    provenance: pd.DataFrame
    rule: PreferenceRule = field(default_factory=PreferenceRule)

    def copy(self) -> Panel:
        """Deep copy (values and provenance)."""
        return Panel(self.boundary, self.basis, self.values.copy(), self.provenance.copy(),
                     self.rule)

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


def _build(boundary, basis, rule, obs) -> Panel:
    obs = rank(obs, rule)
    hp = _build_geo(obs, rule, "hai_phong")
    if boundary == "pre_merger":
        own = hp
    else:
        hd = _build_geo(obs, rule, "hai_duong", proxy=hp)
        own = _build_geo(obs, rule, "hai_phong_merged", members=[hp, hd])
    geo = voc.BOUNDARIES[boundary]
    own.cells["de_share"] = _de_series(obs, rule, geo, basis)
    nat = _national(obs, rule)

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
    return Panel(boundary, basis, values, prov, rule)
