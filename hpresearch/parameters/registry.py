"""The parameter registry: every model parameter declared once in ``parameters.yaml``.

Each entry becomes a :class:`ParamSpec`. Scenario validation, the engine, the goal-seek, the
CLI tables and the Monte Carlo (:mod:`hpresearch.uncertainty`, which reads
:attr:`ParamSpec.uncertainty`) all read this one registry.
"""
from __future__ import annotations

import math
import warnings
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Mapping

from hpresearch import safeyaml
from hpresearch.limits import LIMITS
from hpresearch.errors import ScenarioError, error_message
from hpresearch.i18n import LANGUAGES

REGISTRY_PATH = Path(__file__).with_name("parameters.yaml")
KINDS = ("scalar", "path", "integer", "choice")
#: Keys allowed in a registry entry.
_ENTRY_KEYS = {"title", "description", "unit", "kind", "default", "calibrated", "citation",
               "hard", "plausible", "uncertainty", "lever", "limits_note", "stated",
               "title_vi", "description_vi", "unit_vi", "choices"}
#: Languages of the display texts (English is the fallback), from the shared i18n.
LANGS = LANGUAGES
#: Display-text fields of a parameter (each has an optional ``<field>_vi`` translation).
TEXT_FIELDS = ("title", "description", "unit")
#: Latest end year the engine accepts (:data:`hpresearch.limits.LIMITS`).
MAX_END_YEAR = LIMITS["year"].high
#: Earliest year a scenario may mention (:data:`hpresearch.limits.LIMITS`).
MIN_YEAR = LIMITS["scenario_year"].low


class ScenarioWarning(UserWarning):
    """A value is inside the hard limits but outside the plausible range."""


@dataclass(frozen=True)
class ParamSpec:
    """One declared parameter.

    Attributes
    ----------
    name, title, description, unit : str
    title_vi, description_vi, unit_vi : str
        Vietnamese display texts (empty when the registry has none; see :func:`param_text`).
    kind : {"scalar", "path", "integer", "choice"}
        ``path`` parameters are year-indexed; a ``choice`` is one of the names in ``choices``
        (a model option, e.g. ``output_mode``).
    default : float | dict[int, float] | str | None
        Literal default (``None`` when ``calibrated`` is set; a name of ``choices`` for a
        ``choice``).
    calibrated : str | None
        Name of the calibration rule computing the default from the data panel.
    citation : str
    hard, plausible : tuple[float | None, float | None]
    uncertainty : dict | None
        ``{dist, ..., source}`` for the Monte Carlo.
    lever : bool
        Whether goal-seek may solve for it.
    stated : dict | None
        ``{value, source}``: a value stated without data that a calibration rule uses where
        the information set cannot determine the parameter (backtest stand-ins);
        ``uncertainty.stated`` holds a stated ``low``/``high`` of a calibrated range.
    """

    name: str
    title: str
    description: str
    unit: str
    kind: str
    default: Any
    calibrated: str | None
    citation: str
    hard: tuple[float | None, float | None]
    plausible: tuple[float | None, float | None]
    uncertainty: Mapping[str, Any] | None = None
    lever: bool = False
    limits_note: str = ""
    title_vi: str = ""
    description_vi: str = ""
    unit_vi: str = ""
    stated: Mapping[str, Any] | None = None
    choices: tuple[str, ...] = ()
    extra: Mapping[str, Any] = field(default_factory=dict, compare=False, repr=False)

    # -- checks ---------------------------------------------------------------------------
    def check_choice(self, value: Any, where: str) -> str:
        """Return ``value`` if it is one of :attr:`choices`; :class:`ScenarioError` otherwise."""
        if not isinstance(value, str) or value not in self.choices:
            raise ScenarioError(error_message(
                where=where, value=value,
                rule=f"must be one of {', '.join(self.choices)} ({self.name})"))
        return value

    def check_value(self, value: float, where: str, *, warn: bool = True) -> None:
        """Raise :class:`ScenarioError` outside the hard limits; warn outside the plausible range."""
        lo, hi = self.hard
        if (lo is not None and value < lo) or (hi is not None and value > hi):
            raise ScenarioError(error_message(
                where=where, value=value,
                rule=f"outside the hard limits [{_fmt(lo)}, {_fmt(hi)}] of {self.name} ({self.unit})"))
        plo, phi = self.plausible
        if warn and ((plo is not None and value < plo) or (phi is not None and value > phi)):
            warnings.warn(f"{where}: value {value!r} outside the plausible range "
                          f"[{_fmt(plo)}, {_fmt(phi)}] of {self.name}", ScenarioWarning,
                          stacklevel=3)

    def text(self, field: str, lang: str = "en") -> str:
        """Display text ``field`` (title/description/unit) in ``lang`` ('en' or 'vi').

        Vietnamese falls back to English only when the registry has no ``<field>_vi``.
        """
        _check_text_args(field, lang, where=f"parameter {self.name}")
        if lang == "vi":
            vi = getattr(self, f"{field}_vi")
            if vi:
                return vi
        return getattr(self, field)

    def describe(self) -> dict[str, Any]:
        """Flat dictionary used by the documentation tables and the CLI."""
        return {
            "name": self.name, "title": self.title, "unit": self.unit, "kind": self.kind,
            "default": (f"calibrated: {self.calibrated}" if self.calibrated else self.default),
            "hard_min": self.hard[0], "hard_max": self.hard[1],
            "plausible_min": self.plausible[0], "plausible_max": self.plausible[1],
            "uncertainty": dict(self.uncertainty) if self.uncertainty else None,
            "lever": self.lever, "citation": self.citation,
        }


def _check_text_args(field: str, lang: str, where: str) -> None:
    if field not in TEXT_FIELDS:
        raise ScenarioError(error_message(where=where, value=field,
                                          rule=f"text field not in {list(TEXT_FIELDS)}"))
    if lang not in LANGS:
        raise ScenarioError(error_message(where=where, value=lang,
                                          rule=f"language not in {list(LANGS)}"))


def _fmt(x: float | None) -> str:
    return "-inf" if x is None else f"{x:g}"


def _limits(entry: Mapping[str, Any], key: str, name: str) -> tuple[float | None, float | None]:
    raw = entry.get(key) or {}
    if not isinstance(raw, Mapping) or set(raw) - {"min", "max"}:
        raise ScenarioError(error_message(where=f"parameters.yaml:{name}.{key}", value=raw,
                                          rule="must be a mapping with keys min/max"))
    out = []
    for k in ("min", "max"):
        v = raw.get(k)
        out.append(None if v is None else float(v))
    return out[0], out[1]


def _choices(entry: Mapping[str, Any], kind: str, where: str) -> tuple[str, ...]:
    """The ``choices`` of a ``choice`` entry (a non-empty list of names; none for the others)."""
    raw = entry.get("choices")
    if kind != "choice":
        if raw is not None:
            raise ScenarioError(error_message(where=f"{where}.choices", value=raw,
                                              rule="only a parameter of kind choice has choices"))
        return ()
    if (not isinstance(raw, list) or not raw or len(set(raw)) != len(raw)
            or not all(isinstance(c, str) and c.isidentifier() for c in raw)):
        raise ScenarioError(error_message(where=f"{where}.choices", value=raw,
                                          rule="must be a list of distinct names"))
    numeric = sorted(set(entry) & {"calibrated", "hard", "plausible", "uncertainty", "lever"})
    if numeric:
        raise ScenarioError(error_message(where=where, value=numeric,
                                          rule="a parameter of kind choice takes none of these"))
    return tuple(raw)


def parse_registry(data: Mapping[str, Any], source: str = "parameters.yaml") -> dict[str, ParamSpec]:
    """Turn the parsed YAML mapping into ``{name: ParamSpec}``, checking its structure."""
    if not isinstance(data, Mapping):
        raise ScenarioError(error_message(where=source, rule="must be a mapping of parameters"))
    registry: dict[str, ParamSpec] = {}
    for name, entry in data.items():
        where = f"{source}:{name}"
        if not isinstance(entry, Mapping):
            raise ScenarioError(error_message(where=where, value=entry, rule="must be a mapping"))
        unknown = set(entry) - _ENTRY_KEYS
        if unknown:
            raise ScenarioError(error_message(where=where, value=sorted(unknown),
                                              rule=f"unknown keys; allowed {sorted(_ENTRY_KEYS)}"))
        kind = entry.get("kind")
        if kind not in KINDS:
            raise ScenarioError(error_message(where=f"{where}.kind", value=kind,
                                              rule=f"not in {list(KINDS)}"))
        for req in ("title", "description", "unit", "citation"):
            if not entry.get(req):
                raise ScenarioError(error_message(where=f"{where}.{req}", rule="is required"))
        for opt in ("title_vi", "description_vi", "unit_vi"):
            if opt in entry and (not isinstance(entry[opt], str) or not entry[opt].strip()):
                raise ScenarioError(error_message(where=f"{where}.{opt}", value=entry[opt],
                                                  rule="must be a non-empty string"))
        has_default = "default" in entry
        if has_default == ("calibrated" in entry):
            raise ScenarioError(error_message(
                where=where, rule="needs exactly one of 'default' or 'calibrated'"))
        spec = ParamSpec(
            name=name, title=str(entry["title"]), description=" ".join(str(entry["description"]).split()),
            unit=str(entry["unit"]), kind=kind, default=entry.get("default"),
            calibrated=entry.get("calibrated"), citation=" ".join(str(entry["citation"]).split()),
            hard=_limits(entry, "hard", name), plausible=_limits(entry, "plausible", name),
            uncertainty=entry.get("uncertainty"), lever=bool(entry.get("lever", False)),
            stated=entry.get("stated"),
            limits_note=" ".join(str(entry.get("limits_note", "")).split()),
            title_vi=" ".join(str(entry.get("title_vi", "")).split()),
            description_vi=" ".join(str(entry.get("description_vi", "")).split()),
            unit_vi=" ".join(str(entry.get("unit_vi", "")).split()),
            choices=_choices(entry, kind, where),
        )
        unc = entry.get("uncertainty")
        if unc is not None and not isinstance(unc, Mapping):
            raise ScenarioError(error_message(where=f"{where}.uncertainty", value=unc,
                                              rule="must be a mapping"))
        if kind == "choice":
            spec.check_choice(spec.default, f"{where}.default")
        elif has_default and spec.default is not None:
            values = (spec.default.values() if isinstance(spec.default, Mapping)
                      else [spec.default])
            for v in values:
                if not isinstance(v, (int, float)) or isinstance(v, bool) or not math.isfinite(v):
                    raise ScenarioError(error_message(where=f"{where}.default", value=v,
                                                      rule="must be a finite number"))
                spec.check_value(float(v), f"{where}.default", warn=False)
        registry[name] = spec
    return registry


@lru_cache(maxsize=1)
def load_registry() -> dict[str, ParamSpec]:
    """Return the registry ``{name: ParamSpec}`` read from ``parameters.yaml`` (cached)."""
    data = safeyaml.load_file(REGISTRY_PATH, "parameters.yaml", limits=safeyaml.PACKAGE_LIMITS,
                              trusted=True)
    return parse_registry(data)


def param_text(name: str, field: str = "title", lang: str = "en") -> str:
    """Display text of parameter ``name`` for reports, in English or Vietnamese.

    Parameters
    ----------
    name : str
        Registry name, e.g. ``"fdi_disbursement_ratio"``.
    field : {"title", "description", "unit"}
    lang : {"en", "vi"}
        ``"vi"`` returns the registry's ``<field>_vi``; it falls back to the English text only
        when that translation is missing (the test suite asserts none is missing).

    Raises
    ------
    ScenarioError
        Unknown parameter, field or language (one line, with a close-match suggestion).
    """
    reg = load_registry()
    if name not in reg:
        import difflib

        close = difflib.get_close_matches(str(name), list(reg), n=1, cutoff=0.6)
        hint = f"; did you mean {close[0]!r}?" if close else ""
        raise ScenarioError(error_message(where="param_text", value=name,
                                          rule="is not a model parameter" + hint))
    return reg[name].text(field, lang)


def uncertainty_specs() -> dict[str, Mapping[str, Any]]:
    """``{name: uncertainty spec as declared}`` for every parameter that declares one.

    The Monte Carlo's distributions (``ParamDistribution`` objects, with calibrated specs
    resolved) come from :func:`hpresearch.uncertainty.spec.parameter_distributions`.
    """
    return {n: s.uncertainty for n, s in load_registry().items() if s.uncertainty}


def uncertainty_spec(name: str, calibration: Any = None) -> dict[str, Any] | None:
    """Numeric ``uncertainty`` spec of ``name`` (``None`` if it has none or cannot be resolved).

    A literal spec is returned as is. A spec with ``calibrated: <rule>`` takes its numbers
    (``dist, low, mode, high``) from ``calibration.uncertainty[name]`` (computed from the
    data by the rules of :mod:`hpresearch.calibration.rules`); without a calibration that
    holds it the parameter is treated as certain (returns ``None``).
    """
    spec = load_registry()[name].uncertainty
    if not spec:
        return None
    if "calibrated" not in spec:
        return dict(spec)
    fitted = getattr(calibration, "uncertainty", {}).get(name) if calibration is not None else None
    if not fitted:
        return None
    out = {k: v for k, v in spec.items() if k not in ("calibrated", "stated")}
    out.update({k: v for k, v in fitted.items() if k != "source"})
    out["source"] = f"{spec.get('source', '')}: {fitted.get('source', '')}".strip(": ")
    return out


def central_value(spec: Mapping[str, Any]) -> float:
    """Centre of a numeric uncertainty spec: mode (triangular), midpoint (uniform), mean
    (normal), median (lognormal, two-piece), value (fixed) - what the registry default must
    equal."""
    d = spec["dist"]
    if d == "triangular":
        return float(spec["mode"])
    if d == "two_piece":
        return float(spec.get("median", spec.get("mode")))
    if d == "uniform":
        return 0.5 * (float(spec["low"]) + float(spec["high"]))
    if d == "normal":
        return float(spec.get("mean", spec.get("mode")))
    if d == "lognormal":
        return float(spec.get("median", spec.get("mode")))
    return float(spec["value"])


#: Markers around the generated parameter table in ``docs/model.md``.
PARAMETER_TABLE_MARKERS = ("<!-- parameters:start -->", "<!-- parameters:end -->")


def _cell(text: Any) -> str:
    """A Markdown table cell: one line, ``|`` escaped."""
    return " ".join(str(text).split()).replace("|", "\\|")


def _fmt_number(x: Any) -> str:
    if x is None:
        return "-inf"
    if isinstance(x, float) and math.isnan(x):
        return "NaN"
    return f"{x:g}" if isinstance(x, (int, float)) else str(x)


def _default_text(spec: ParamSpec) -> str:
    if spec.calibrated:
        return f"calibrated: `{spec.calibrated}`"
    d = spec.default
    if spec.kind == "choice":
        return f"{d} (choices: {', '.join(spec.choices)})"
    if isinstance(d, Mapping):
        return "{" + ", ".join(f"{int(y)}: {_fmt_number(v)}" for y, v in sorted(d.items())) + "}"
    return _fmt_number(d)


def _uncertainty_text(spec: ParamSpec) -> str:
    u = spec.uncertainty
    if not u:
        return ""
    if "calibrated" in u:
        return f"{u['dist']} calibrated: `{u['calibrated']}`"
    keys = [k for k in ("low", "mode", "high", "mean", "sd", "median", "sigma", "value")
            if k in u]
    return f"{u['dist']} " + ", ".join(f"{k}={_fmt_number(u[k])}" for k in keys)


def parameter_table_markdown() -> str:
    """The parameter table of ``docs/model.md``, generated from ``parameters.yaml``.

    One row per registry parameter, in registry order: name, unit, kind (``path (lever)`` for
    goal-seek levers), default (``calibrated: <rule>`` when computed from the data panel; a
    model option's default and choices), hard and plausible limits (``-`` for an option),
    the declared uncertainty (``calibrated: <rule>`` when its numbers come from the
    calibration) and the citation, followed by the limits note when
    the entry has one. The text depends on the registry only, never on the data, so
    ``tests/test_model_docs.py`` can require the page to hold exactly this table.

    Returns
    -------
    str
        A Markdown table (header, separator and one line per parameter), without a trailing
        newline.

    Examples
    --------
    >>> parameter_table_markdown().splitlines()[0].startswith("| name | unit | kind |")
    True
    """
    lines = ["| name | unit | kind | default | hard [min, max] | plausible [min, max] | "
             "uncertainty | source of default / range |",
             "|---|---|---|---|---|---|---|---|"]
    for name, spec in load_registry().items():
        kind = f"{spec.kind} (lever)" if spec.lever else spec.kind
        source = spec.citation + (f" Limits: {spec.limits_note}" if spec.limits_note else "")
        limits = ["-", "-"] if spec.kind == "choice" else [
            f"[{_fmt_number(lo)}, {_fmt_number(hi)}]" for lo, hi in (spec.hard, spec.plausible)]
        cells = [f"`{name}`", spec.unit, kind, _default_text(spec), *limits,
                 _uncertainty_text(spec), source]
        lines.append("| " + " | ".join(_cell(c) for c in cells) + " |")
    return "\n".join(lines)


# ------------------------------------------------------------------------------------------
# combination rules (constraints.yaml)
# ------------------------------------------------------------------------------------------
CONSTRAINTS_PATH = Path(__file__).with_name("constraints.yaml")
#: Names a rule may use besides registry parameters: the commands' own arguments.
CONTEXT_NAMES = ("end_year", "target_year")


@dataclass(frozen=True)
class Constraint:
    """One combination rule: ``rule`` (an expression over names) and ``why``."""

    rule: str
    why: str
    names: tuple[str, ...]
    tree: Any = field(compare=False, repr=False)

    def applies(self, values: Mapping[str, Any]) -> bool:
        return all(_number(values.get(n)) is not None for n in self.names)

    def holds(self, values: Mapping[str, Any]) -> bool:
        return bool(_evaluate(self.tree.body, {n: _number(values[n]) for n in self.names}))


def _number(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    return float(value) if math.isfinite(value) else None


_BINOPS = {"Add": lambda a, b: a + b, "Sub": lambda a, b: a - b,
           "Mult": lambda a, b: a * b, "Div": lambda a, b: a / b if b else math.inf}
_CMPOPS = {"Lt": lambda a, b: a < b, "LtE": lambda a, b: a <= b, "Gt": lambda a, b: a > b,
           "GtE": lambda a, b: a >= b, "Eq": lambda a, b: a == b, "NotEq": lambda a, b: a != b}


def _evaluate(node, env: Mapping[str, float]):
    import ast

    if isinstance(node, ast.Compare):
        left = _evaluate(node.left, env)
        for op, comp in zip(node.ops, node.comparators):
            right = _evaluate(comp, env)
            if not _CMPOPS[type(op).__name__](left, right):
                return False
            left = right
        return True
    if isinstance(node, ast.BinOp):
        return _BINOPS[type(node.op).__name__](_evaluate(node.left, env),
                                               _evaluate(node.right, env))
    if isinstance(node, ast.UnaryOp):
        return -_evaluate(node.operand, env)
    if isinstance(node, ast.Name):
        return env[node.id]
    return float(node.value)


def _parse_rule(text: str, where: str, known: set[str]):
    """Parse a rule, allowing only names, numbers, + - * /, unary minus and comparisons."""
    import ast

    try:
        tree = ast.parse(str(text), mode="eval")
    except SyntaxError:
        raise ScenarioError(error_message(where=where, value=text,
                                          rule="is not an expression")) from None
    if not isinstance(tree.body, ast.Compare):
        raise ScenarioError(error_message(where=where, value=text,
                                          rule="must be a comparison such as a <= b"))
    names = []
    for node in ast.walk(tree.body):
        ok = isinstance(node, (ast.Compare, ast.BinOp, ast.UnaryOp, ast.Name, ast.Load,
                               ast.Constant)) \
            or type(node).__name__ in _BINOPS or type(node).__name__ in _CMPOPS \
            or isinstance(node, ast.USub)
        if not ok or (isinstance(node, ast.Constant) and _number(node.value) is None):
            raise ScenarioError(error_message(where=where, value=text,
                                              rule="may use only names, numbers, + - * / "
                                                   "and comparisons"))
        if isinstance(node, ast.Name):
            if node.id not in known:
                raise ScenarioError(error_message(where=where, value=node.id,
                                                  rule="is not a registry parameter or "
                                                       f"one of {list(CONTEXT_NAMES)}"))
            names.append(node.id)
    return tree, tuple(dict.fromkeys(names))


@lru_cache(maxsize=1)
def load_constraints() -> tuple[Constraint, ...]:
    """The combination rules of ``constraints.yaml`` (parsed and checked once)."""
    data = safeyaml.load_file(CONSTRAINTS_PATH, "constraints.yaml",
                              limits=safeyaml.PACKAGE_LIMITS, trusted=True) or []
    if not isinstance(data, list):
        raise ScenarioError(error_message(where="constraints.yaml",
                                          rule="must be a list of rules"))
    known = set(load_registry()) | set(CONTEXT_NAMES)
    out = []
    for i, item in enumerate(data):
        where = f"constraints.yaml[{i}]"
        if not isinstance(item, Mapping) or set(item) != {"rule", "why"}:
            raise ScenarioError(error_message(where=where, value=item,
                                              rule="must be a mapping with keys rule, why"))
        tree, names = _parse_rule(item["rule"], f"{where}.rule", known)
        out.append(Constraint(rule=str(item["rule"]), why=" ".join(str(item["why"]).split()),
                              names=names, tree=tree))
    return tuple(out)


def constraint_values(params: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """Scalar values the rules see: literal registry defaults, then ``params`` on top.

    Year paths are not single numbers and are left out; calibrated defaults are unknown
    until the data are read and are left out unless ``params`` sets them.
    """
    values: dict[str, Any] = {}
    for name, spec in load_registry().items():
        if spec.kind in ("scalar", "integer") and _number(spec.default) is not None:
            values[name] = spec.default
    for name, value in (params or {}).items():
        if _number(value) is not None:
            values[name] = value
        elif isinstance(value, Mapping):
            values.pop(name, None)
    return values


def check_constraints(values: Mapping[str, Any], where: str) -> None:
    """Raise :class:`ScenarioError` (one line) for the first rule ``values`` break."""
    for c in load_constraints():
        if c.applies(values) and not c.holds(values):
            shown = ", ".join(f"{n} {_show(values[n])}" for n in c.names)
            raise ScenarioError(f"{where}: {shown}: breaks the rule {c.rule} ({c.why}; "
                                "hpresearch/parameters/constraints.yaml)")


def _show(v: Any) -> str:
    return f"{v:g}" if isinstance(v, float) else str(v)
