"""Pick one preferred value per (indicator, geography, year, basis) when sources conflict.

The rule is an explicit, ordered list of criteria (:class:`PreferenceRule`). Within each
group the candidate rows are sorted by the criteria in turn (lower key = preferred) and the
first row wins; ``obs_id`` always breaks the last tie so the pick is deterministic.

Default rule (:data:`DEFAULT_RULE`), in order:

1. ``period_type`` — annual > as_of > multi_year > cumulative > partial_year > forecast
   (a full-year figure beats a part-year or period figure ending in the same year);
2. ``unit`` — the indicator's main unit (its first unit in the vocabulary) beats a
   conversion published alongside (e.g. VND over the USD equivalent);
3. ``confidence`` — high > medium > low;
4. ``qualifier`` — exact > approx > bound (gt/gte/lt/lte) > range end;
5. ``published`` — the latest publication (vintage) first; unknown dates last;
6. ``official`` — a government (``*.gov.vn``) page before other publishers.

A caller changes the rule by passing another order, dropping criteria, or adding a
callable criterion::

    from hpresearch.data import PreferenceRule, preferred
    rule = PreferenceRule(criteria=("published", "confidence"))       # vintage first
    rule = DEFAULT_RULE.with_criterion("my", lambda obs: -obs["value"])  # append own key
    preferred(obs, rule=rule)
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlparse

import pandas as pd

from hpresearch.data import vocabulary as voc
from hpresearch.errors import UsageError

#: Default grouping: one preferred value per cell.
GROUP = ("indicator", "geography", "year", "basis")

PERIOD_TYPE_ORDER = {"annual": 0, "as_of": 1, "multi_year": 2, "cumulative": 3,
                     "partial_year": 4, "forecast": 5}
CONFIDENCE_ORDER = {c: i for i, c in enumerate(voc.CONFIDENCE)}
QUALIFIER_ORDER = {"": 0, "approx": 1, "gt": 2, "gte": 2, "lt": 2, "lte": 2,
                   "range_low": 3, "range_high": 3}


def _published_number(text: str) -> int:
    """``'2025-01-13'`` -> 20250113, ``'2025-01'`` -> 20250100, ``''`` -> 0."""
    if not text:
        return 0
    parts = [int(p) for p in text.split("-")] + [0, 0]
    return parts[0] * 10000 + parts[1] * 100 + parts[2]


def _is_official(url: str) -> bool:
    host = urlparse(url).hostname or ""
    return host.endswith(".gov.vn") or host == "gov.vn"


#: Built-in criteria: name -> (description, key function over the observation frame).
CRITERIA: dict[str, tuple[str, Callable[[pd.DataFrame], pd.Series]]] = {
    "period_type": ("annual > as_of > multi_year > cumulative > partial_year > forecast",
                    lambda o: o["period_type"].map(PERIOD_TYPE_ORDER).fillna(9)),
    "unit": ("the indicator's main unit before other units",
             lambda o: pd.Series([0 if u == voc.INDICATORS[i].units[0] else 1
                                  for i, u in zip(o["indicator"], o["unit"])], index=o.index)),
    "confidence": ("high > medium > low",
                   lambda o: o["confidence"].map(CONFIDENCE_ORDER).fillna(9)),
    "qualifier": ("exact > approx > bound (gt/gte/lt/lte) > range end",
                  lambda o: o["qualifier"].map(QUALIFIER_ORDER).fillna(9)),
    "published": ("latest publication (vintage) first; unknown date last",
                  lambda o: -o["published"].map(_published_number)),
    "official": ("government page (*.gov.vn) before other publishers",
                 lambda o: o["source_url"].map(lambda u: 0 if _is_official(u) else 1)),
    "oldest": ("earliest publication first (the first-release vintage)",
               lambda o: o["published"].map(_published_number).replace(0, 99999999)),
}


@dataclass(frozen=True)
class PreferenceRule:
    """An ordered list of criteria used to pick one observation per group.

    Parameters
    ----------
    criteria : tuple
        Names from :data:`CRITERIA` or ``(name, callable)`` pairs where the callable maps
        the observation frame to a Series of sortable keys (lower = preferred).
    group : tuple of str
        Columns defining one cell (default ``("indicator", "geography", "year", "basis")``).
    """

    criteria: tuple = ("period_type", "unit", "confidence", "qualifier", "published",
                       "official")
    group: tuple[str, ...] = GROUP

    def __post_init__(self):
        for c in self.criteria:
            if isinstance(c, str) and c not in CRITERIA:
                raise UsageError(f"preference rule: unknown criterion {c!r} (known: "
                                 f"{', '.join(CRITERIA)}, or a (name, callable) pair)")

    def with_criterion(self, name: str, key: Callable[[pd.DataFrame], pd.Series],
                       first: bool = False) -> PreferenceRule:
        """Return a copy with a callable criterion appended (or put first)."""
        extra = ((name, key),)
        crit = extra + tuple(self.criteria) if first else tuple(self.criteria) + extra
        return PreferenceRule(criteria=crit, group=self.group)

    def describe(self) -> list[str]:
        """One line per criterion, in order (shown by the CLI and docs)."""
        out = []
        for i, c in enumerate(self.criteria, 1):
            if isinstance(c, str):
                out.append(f"{i}. {c}: {CRITERIA[c][0]}")
            else:
                out.append(f"{i}. {c[0]}: caller-supplied key")
        out.append(f"{len(out) + 1}. obs_id: alphabetical (deterministic tie-break)")
        return out

    def keys(self, obs: pd.DataFrame) -> pd.DataFrame:
        """Sort keys of each row, one column per criterion (``k0``, ``k1``, ...)."""
        cols = {}
        for i, c in enumerate(self.criteria):
            fn = CRITERIA[c][1] if isinstance(c, str) else c[1]
            cols[f"k{i}"] = pd.Series(fn(obs), index=obs.index)
        return pd.DataFrame(cols, index=obs.index)


#: The documented default rule.
DEFAULT_RULE = PreferenceRule()


def rank(obs: pd.DataFrame, rule: PreferenceRule | None = None) -> pd.DataFrame:
    """Return ``obs`` sorted so that the preferred row of each group comes first.

    Adds ``rank`` (0 = preferred) within each group of ``rule.group``.
    """
    rule = rule or DEFAULT_RULE
    if obs.empty:
        out = obs.copy()
        out["rank"] = pd.Series(dtype="int64")
        return out
    keys = rule.keys(obs)
    work = pd.concat([obs, keys], axis=1)
    group = list(rule.group)
    by = group + list(keys.columns) + ["obs_id"]
    work = work.sort_values(by, kind="mergesort")
    work["rank"] = work.groupby(group, sort=False).cumcount()
    return work.drop(columns=list(keys.columns))


def preferred(obs: pd.DataFrame, rule: PreferenceRule | None = None) -> pd.DataFrame:
    """One preferred observation per (indicator, geography, year, basis).

    Parameters
    ----------
    obs : DataFrame
        Observations as returned by :func:`hpresearch.data.load_observations` (or a subset).
    rule : PreferenceRule, optional
        Ordering used to pick; default :data:`DEFAULT_RULE`.

    Returns
    -------
    DataFrame
        The picked rows, plus ``n_candidates`` (rows in the group) and ``alternatives``
        (obs_ids of the rows not picked, ``;``-separated).
    """
    ranked = rank(obs, rule)
    rule = rule or DEFAULT_RULE
    group = list(rule.group)
    if ranked.empty:
        out = ranked.drop(columns=["rank"]).copy()
        out["n_candidates"] = pd.Series(dtype="int64")
        out["alternatives"] = pd.Series(dtype=object)
        return out
    g = ranked.groupby(group, sort=False)
    n = g["obs_id"].transform("size")
    alts = g["obs_id"].transform(lambda s: ";".join(s.iloc[1:]))
    ranked = ranked.assign(n_candidates=n, alternatives=alts)
    out = ranked[ranked["rank"] == 0].drop(columns=["rank"])
    return out.sort_values(group, kind="mergesort").reset_index(drop=True)
