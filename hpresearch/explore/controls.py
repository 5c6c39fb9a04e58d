"""What the explorer lets a user change, read from the project's declarations.

* :func:`lever_controls` - the three goal-seek levers (``lever: true`` in
  ``parameters.yaml``), as constant annual levels from the first policy year;
* :func:`top_drivers` - the few parameters that move the answer most, taken from the
  sensitivity analysis (:func:`hpresearch.uncertainty.sensitivity.scenario_tornado`, the
  deterministic target-year share), never a hand-written list;
* :func:`target_options` - the targets a user can measure against: the boundary's official
  targets from the observation files (:func:`hpresearch.data.official_targets`, with their
  source) and, on the merged boundary, the merged-city equivalent of each of the old city's
  targets (:func:`hpresearch.model.merged_equivalent`);
* :func:`parse_typed` - a value typed into an input, read in the display language's number
  format (Babel) and then validated as the command line validates ``--set KEY=VALUE`` (safe
  YAML, :func:`hpresearch.model.scenario.validate_param`), so a bad value gets the CLI's
  one-line message without the flag.

Every text a control shows (title, unit, tooltip) comes from the parameter registry or the
message catalogue in the language asked for.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from babel import numbers as _bnumbers

from hpresearch.defaults import SEED
from hpresearch.i18n import Localizer, check_lang, format_number
from hpresearch.parameters.levers import LEVER_ALIASES, levers
from hpresearch.parameters.registry import load_registry, param_text
from hpresearch.model.scenario import Scenario, load_scenario, safe_load_yaml, validate_param
from hpresearch.textsafe import shorten

#: How many sensitivity drivers get a slider by default.
DEFAULT_DRIVERS = 4
#: Draws of the tornado that ranks the drivers (only its deterministic rows are used, which
#: do not depend on the draws; the Monte Carlo rows come along with the same call).
RANKING_DRAWS = 200
#: Suffix of the text-API keys that set a lever as a fraction of nominal GRDP.
TO_GRDP = "_to_grdp"


@dataclass(frozen=True)
class Control:
    """One slider-and-input row of the explorer.

    Attributes
    ----------
    name : str
        Registry parameter.
    kind : {"lever", "driver"}
    low, high : float
        Slider range: the registry's plausible range (hard limits where it has none).
    hard : tuple
        Hard limits (values outside are refused).
    digits : int
        Decimals shown, chosen from the width of the range.
    swing : float or None
        Drivers: swing of the target-year share over the parameter's documented range.
    """

    name: str
    kind: str
    low: float
    high: float
    hard: tuple[float | None, float | None]
    digits: int
    swing: float | None = None

    @property
    def step(self) -> float:
        """Slider step: one unit of the last decimal shown."""
        return 10.0 ** -self.digits

    def title(self, lang: str) -> str:
        return param_text(self.name, "title", lang)

    def unit(self, lang: str) -> str:
        return param_text(self.name, "unit", lang)

    def source(self, lang: str = "en") -> str:
        """The registry's citation (and limits note for the levers); in Vietnamese only the
        addresses it cites (the registry's citations are written in English)."""
        import re

        spec = load_registry()[self.name]
        text = " ".join(x for x in (spec.citation, spec.limits_note) if x)
        if lang == "en":
            return text
        urls = list(dict.fromkeys(u.rstrip(").,;") for u in re.findall(r"https?://\S+", text)))
        return "; ".join(urls) if urls else Localizer(lang)("explore.source_registry")

    def format(self, value: float, lang: str) -> str:
        """``value`` with this control's decimals, in ``lang``'s number format."""
        return format_number(value, lang, self.digits)

    def tooltip(self, lang: str) -> str:
        """Title, unit, plausible range and source, in ``lang`` (catalogue template)."""
        L = Localizer(lang)
        return L("explore.tooltip", title=self.title(lang), unit=self.unit(lang),
                 low=self.format(self.low, lang), high=self.format(self.high, lang),
                 source=self.source(lang))


def _digits(low: float, high: float) -> int:
    span = abs(high - low)
    return 0 if span <= 0 else max(0, 3 - math.floor(math.log10(span)))


def make_control(name: str, kind: str, swing: float | None = None) -> Control:
    """The :class:`Control` of registry parameter ``name``."""
    spec = load_registry()[name]
    lo = spec.plausible[0] if spec.plausible[0] is not None else spec.hard[0]
    hi = spec.plausible[1] if spec.plausible[1] is not None else spec.hard[1]
    lo = 0.0 if lo is None else float(lo)
    hi = lo + 1.0 if hi is None else float(hi)
    return Control(name=name, kind=kind, low=lo, high=hi, hard=spec.hard,
                   digits=_digits(lo, hi), swing=swing)


def lever_controls() -> list[Control]:
    """The goal-seek levers, in registry order."""
    return [make_control(n, "lever") for n in levers()]


def lever_key(key: str) -> tuple[str, bool]:
    """``(parameter, as_fraction_of_grdp)`` of a text-API key.

    ``fdi_digital_usd_bn`` / ``fdi_digital`` set the level; ``fdi_digital_to_grdp`` (alias
    + :data:`TO_GRDP`) sets it as a fraction of nominal GRDP. Other keys are returned as
    they are.
    """
    if key.endswith(TO_GRDP):
        stem = key[: -len(TO_GRDP)]
        name = LEVER_ALIASES.get(stem, stem)
        if name in levers():
            return name, True
    return LEVER_ALIASES.get(key, key), False


def _scenario_key(scenario: Scenario) -> str:
    return str(scenario.path.resolve()) if scenario.path is not None else scenario.name


@lru_cache(maxsize=16)
def _ranking(key: str, boundary: str, basis: str, end_year: int) -> tuple[tuple[str, float], ...]:
    from hpresearch.uncertainty.sensitivity import scenario_tornado
    from hpresearch.uncertainty.spec import build_spec

    spec = build_spec(load_scenario(key), boundary=boundary, basis=basis, end_year=end_year)
    table = scenario_tornado(spec, target_year=end_year, draws=RANKING_DRAWS, seed=SEED)
    share = table[table["output"] == "share"].sort_values("swing", ascending=False,
                                                          kind="mergesort")
    return tuple((str(p), float(s)) for p, s in zip(share["parameter"], share["swing"]))


def driver_ranking(scenario: Any, boundary: str, basis: str,
                   end_year: int = 2030) -> list[tuple[str, float]]:
    """Every uncertain parameter with its tornado swing of the ``end_year`` share, largest
    first (cached per scenario file, boundary, basis and end_year)."""
    sc = load_scenario(scenario)
    return list(_ranking(_scenario_key(sc), boundary, basis, int(end_year)))


def top_drivers(scenario: Any, boundary: str, basis: str, k: int = DEFAULT_DRIVERS,
                end_year: int = 2030) -> list[Control]:
    """The ``k`` non-lever scalar parameters with the largest tornado swing."""
    reg = load_registry()
    lever_set = set(levers())
    out = []
    for name, swing in driver_ranking(scenario, boundary, basis, end_year):
        if name in lever_set or name not in reg or reg[name].kind != "scalar" or swing <= 0:
            continue
        out.append(make_control(name, "driver", swing))
        if len(out) == k:
            break
    return out


# ------------------------------------------------------------------------------------------
# targets
# ------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class TargetOption:
    """A target the share is measured against.

    Attributes
    ----------
    key : str
        ``official:<obs_id>``, ``equivalent:<obs_id>`` (merged-city equivalent of an old-city
        target), ``scenario`` (the scenario's own ``target_share``) or ``custom:<value>``.
    value : float
        Share (fraction).
    year : int
    source_url, publisher : str
        Where the target (or the old-city target it is derived from) was published.
    qualifier : str
        ``gt`` for "more than", as published.
    note : str
        How a derived target was computed.
    original : float or None
        The old-city target an ``equivalent`` option converts.
    """

    key: str
    value: float
    year: int
    source_url: str = ""
    publisher: str = ""
    qualifier: str = ""
    note: str = ""
    original: float | None = None

    @property
    def kind(self) -> str:
        return self.key.split(":", 1)[0]

    def label(self, lang: str) -> str:
        """One-line label for the selector, with the publisher."""
        L = Localizer(lang)
        share = L.percent(self.value, 1)
        if self.kind == "official":
            qual = (L.label("qualifier", self.qualifier) + " ") if self.qualifier in (
                "gt", "gte", "approx") else ""
            return L("explore.target_official", qualifier=qual, share=share, year=self.year,
                     publisher=self.publisher)
        if self.kind == "equivalent":
            return L("explore.target_equivalent", share=share, year=self.year,
                     original=L.percent(self.original or 0.0, 0), publisher=self.publisher)
        if self.kind == "scenario":
            return L("explore.target_scenario", share=share, year=self.year)
        return L("explore.target_custom", share=share, year=self.year)

    def source(self, lang: str) -> str:
        """Source line shown under the selector."""
        L = Localizer(lang)
        if self.kind == "equivalent":
            return L("explore.target_source_equivalent", url=self.source_url, note=self.note)
        if self.source_url:
            return L("explore.target_source", url=self.source_url)
        return L("explore.target_source_none")


def _fraction(row) -> float:
    value = float(row["value"])
    return value / 100.0 if str(row.get("unit", "")) == "percent" else value


@lru_cache(maxsize=16)
def _equivalent(value: float, scenario_key: str, basis: str) -> tuple[float, str]:
    from hpresearch.model.merger import merged_equivalent

    eq = merged_equivalent(value, scenario=scenario_key, basis=basis)
    return float(eq["value"]), str(eq["note"])


def target_options(boundary: str, basis: str, scenario: Any, first_year: int,
                   end_year: int = 2030) -> list[TargetOption]:
    """Targets for ``boundary`` with a year in ``first_year .. end_year``.

    The boundary's official digital-economy targets (latest publication per year, with the
    source), and on the merged boundary the merged-city equivalent of each old-city target
    (the merger's GRDP weights, Hai Duong's share held).
    """
    from hpresearch.data import official_targets
    from hpresearch.data.vocabulary import BOUNDARIES

    sc = load_scenario(scenario)
    out: list[TargetOption] = []
    for year, row in official_targets(None, BOUNDARIES[boundary]).items():
        if first_year <= year <= end_year:
            out.append(TargetOption(
                key=f"official:{row['obs_id']}", value=_fraction(row), year=int(year),
                source_url=str(row.get("source_url") or ""),
                publisher=str(row.get("publisher") or ""),
                qualifier=str(row.get("qualifier") or "")))
    if boundary == "merged":
        for year, row in official_targets(None, BOUNDARIES["pre_merger"]).items():
            if first_year <= year <= end_year:
                old = _fraction(row)
                value, note = _equivalent(old, _scenario_key(sc), basis)
                out.append(TargetOption(
                    key=f"equivalent:{row['obs_id']}", value=value, year=int(year),
                    source_url=str(row.get("source_url") or ""),
                    publisher=str(row.get("publisher") or ""), note=note, original=old))
    return out


# ------------------------------------------------------------------------------------------
# typed values
# ------------------------------------------------------------------------------------------
def normalise_number(text: str, lang: str) -> str:
    """A number typed in ``lang``'s format (``6,5`` in Vietnamese) as ``6.5``; any other
    text unchanged (the CLI parser then names what is wrong with it)."""
    raw = str(text).strip()
    try:
        value = _bnumbers.parse_decimal(raw, locale=check_lang(lang), strict=True)
    except (_bnumbers.NumberFormatError, ValueError):
        return raw
    return repr(float(value))


def parse_typed(name: str, text: str, lang: str, end_year: int = 2045) -> Any:
    """Validate a typed value as ``--set name=text`` is validated (one-line
    ``ScenarioError`` that names the parameter, not a flag)."""
    where = shorten(name)
    return validate_param(name, safe_load_yaml(normalise_number(text, lang), where), where,
                          end_year)
