"""Scenario files: safe YAML loading, validation before anything runs, and composition.

A scenario is a YAML mapping::

    meta:
      title: ...
      description: ...
      title_vi: ...                                 # optional Vietnamese texts for the vi
      description_vi: ...                           # reports (scenario_text falls back to en)
      author: ...
      reference: [ {title: ..., url: ...}, ... ]   # or a list of strings
      modifies: trend                               # base scenario, or null
    params:                                         # sparse; names from parameters.yaml
      real_growth: {2026: 0.135, 2030: 0.135}          # path: year -> value
      capacity_decay: 0.10                             # scalar
      output_mode: additive                            # choice (parameters.yaml: choices)

Composition: a scenario's ``modifies`` chain is applied base first. For path parameters a
child's year points merge into the base's points (child wins per year); a scalar replaces
the whole value. On the command line ``a+b`` applies ``b``'s chain on top of ``a``'s chain
(scenarios already applied are skipped).

Every problem raises :class:`~hpresearch.errors.ScenarioError` with one line naming the
file, key, value and rule; values outside the plausible range warn (:class:`ScenarioWarning`).
"""
from __future__ import annotations

import difflib
import math
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Mapping

from hpresearch import safeyaml
from hpresearch.errors import ScenarioError, error_message
from hpresearch.i18n import LANGUAGES
from hpresearch.parameters.registry import (MAX_END_YEAR, MIN_YEAR, check_constraints,
                                       constraint_values, load_registry)
from hpresearch.paths import is_inside, path_problem, scenarios_dir
from hpresearch.textsafe import describe_char, find_control, shorten

META_KEYS = ("title", "description", "title_vi", "description_vi", "author", "reference",
             "modifies")
#: Optional translated meta texts: ``<field>_vi`` for each field of :data:`SCENARIO_TEXT_FIELDS`.
SCENARIO_TEXT_FIELDS = ("title", "description")
#: Languages of the display texts (English is the fallback), from the shared i18n.
LANGS = LANGUAGES
REQUIRED_META = ("title", "description", "author", "reference")
TOP_KEYS = ("meta", "params")
#: Most scenarios in one ``modifies`` chain or ``a+b`` composition.
MAX_CHAIN = 32
#: Meta fields that may span several lines (tabs and line feeds allowed).
MULTILINE_META = ("description", "description_vi")


# ------------------------------------------------------------------------------------------
# safe YAML
# ------------------------------------------------------------------------------------------
def safe_load_yaml(text: str, where: str) -> Any:
    """Parse YAML safely and within limits (:func:`hpresearch.safeyaml.load`).

    Only core tags and merge keys; size, alias count, nesting depth and expanded size are
    limited before anything is built. Raises :class:`ScenarioError` (one line).
    """
    return safeyaml.load(text, where, error=ScenarioError)


def _check_text(value: Any, where: str, *, multiline: bool = False) -> None:
    """Refuse control characters (ANSI escapes, NUL, bidi overrides) in scenario text."""
    if isinstance(value, str):
        bad = find_control(value, allow_newlines=multiline)
        if bad is not None:
            raise ScenarioError(error_message(
                where=where, value=describe_char(bad),
                rule="control character not allowed in scenario text (no escape sequences, "
                     "NUL or bidirectional overrides)"))
    elif isinstance(value, Mapping):
        for k, v in value.items():
            _check_text(k, f"{where} key")
            _check_text(v, f"{where}.{k}", multiline=multiline)
    elif isinstance(value, list):
        for i, v in enumerate(value):
            _check_text(v, f"{where}[{i}]", multiline=multiline)


# ------------------------------------------------------------------------------------------
# scenario objects
# ------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Scenario:
    """A validated, composed scenario.

    Attributes
    ----------
    name : str
        File stem (or ``a+b``).
    meta : dict
        The scenario's own ``meta`` block.
    params : dict
        Composed parameter values (own values on top of the ``modifies`` chain).
    own_params : dict
        Values written in this file only.
    chain : tuple[str, ...]
        Scenario names applied, base first.
    path : Path | None
    chain_paths : tuple[Path, ...]
        The file of every scenario in ``chain`` (same order).
    """

    name: str
    meta: Mapping[str, Any]
    params: Mapping[str, Any]
    own_params: Mapping[str, Any] = field(default_factory=dict)
    chain: tuple[str, ...] = ()
    path: Path | None = None
    chain_paths: tuple[Path, ...] = ()

    @property
    def title(self) -> str:
        return str(self.meta.get("title", self.name))

    def text(self, field: str = "title", lang: str = "en") -> str:
        """Display text ``field`` ("title" or "description") in ``lang`` ("en" or "vi").

        Vietnamese returns ``meta.<field>_vi``; a scenario without it (e.g. a user's own file)
        falls back to the English text. Whitespace is normalised (folded YAML blocks).
        """
        if field not in SCENARIO_TEXT_FIELDS:
            raise ScenarioError(error_message(
                where=f"scenario {self.name}", value=field,
                rule=f"text field not in {list(SCENARIO_TEXT_FIELDS)}"))
        if lang not in LANGS:
            raise ScenarioError(error_message(where=f"scenario {self.name}", value=lang,
                                              rule=f"language not in {list(LANGS)}"))
        value = self.meta.get(f"{field}_vi") if lang == "vi" else None
        if not value:
            value = self.meta.get(field) or (self.name if field == "title" else "")
        return " ".join(str(value).split())

    def to_dict(self) -> dict[str, Any]:
        """The resolved scenario (name, meta, composed and own parameters, chain, path)."""
        return {"name": self.name, "meta": dict(self.meta), "params": dict(self.params),
                "own_params": dict(self.own_params), "chain": list(self.chain),
                "path": str(self.path) if self.path is not None else None}

    def references(self) -> list[str]:
        """Reference URLs/titles of every scenario in the chain's own meta."""
        ref = self.meta.get("reference") or []
        out = []
        for r in ref if isinstance(ref, list) else [ref]:
            out.append(r.get("url", r.get("title", "")) if isinstance(r, Mapping) else str(r))
        return out


def _suggest(word: str, choices) -> str:
    close = difflib.get_close_matches(str(word), list(choices), n=1, cutoff=0.6)
    return f"; did you mean {close[0]!r}?" if close else ""


def _is_number(v: Any) -> bool:
    return isinstance(v, (int, float)) and not isinstance(v, bool) and math.isfinite(v)


def validate_param(name: str, value: Any, where: str, end_year: int = MAX_END_YEAR) -> Any:
    """Validate one parameter value; return it normalised (ints for year keys, floats; the
    name for a ``choice`` such as ``output_mode``).

    Raises :class:`ScenarioError` for an unknown name, wrong type, value outside the hard
    limits or the choices, or year outside ``MIN_YEAR .. end_year``; warns outside the
    plausible range.
    """
    reg = load_registry()
    if name not in reg:
        raise ScenarioError(error_message(where=where, value=name,
                                          rule="is not a model parameter" + _suggest(name, reg)))
    spec = reg[name]
    if spec.kind == "choice":
        return spec.check_choice(value, where)
    if spec.kind == "integer":
        if not isinstance(value, int) or isinstance(value, bool):
            raise ScenarioError(error_message(where=where, value=value,
                                              rule="must be an integer (a year)"))
        spec.check_value(float(value), where)
        return int(value)
    if spec.kind == "scalar":
        if not _is_number(value):
            raise ScenarioError(error_message(where=where, value=value,
                                              rule=f"must be a number ({spec.unit})"))
        spec.check_value(float(value), where)
        return float(value)
    # path
    if _is_number(value):
        spec.check_value(float(value), where)
        return float(value)
    if not isinstance(value, Mapping):
        raise ScenarioError(error_message(
            where=where, value=value,
            rule=f"must be a number or a mapping YEAR: value ({spec.unit})"))
    if not value:
        raise ScenarioError(error_message(where=where, value=value, rule="empty year mapping"))
    out = {}
    for year, v in value.items():
        if not isinstance(year, int) or isinstance(year, bool):
            raise ScenarioError(error_message(where=f"{where}.{year}", value=year,
                                              rule="year keys must be integers"))
        if not MIN_YEAR <= year <= end_year:
            raise ScenarioError(error_message(where=f"{where}.{year}", value=year,
                                              rule=f"year outside the projection years {MIN_YEAR}-{end_year}"))
        if not _is_number(v):
            raise ScenarioError(error_message(where=f"{where}.{year}", value=v,
                                              rule=f"must be a number ({spec.unit})"))
        spec.check_value(float(v), f"{where}.{year}")
        out[year] = float(v)
    return out


def parse_scenario(data: Any, where: str, end_year: int = MAX_END_YEAR) -> tuple[dict, dict]:
    """Validate a parsed scenario mapping; return ``(meta, params)``."""
    if not isinstance(data, Mapping):
        raise ScenarioError(error_message(where=where, value=type(data).__name__,
                                          rule="top level must be a mapping with keys meta, params"))
    for key in data:
        _check_text(key, f"{where}: top-level key")
        if key not in TOP_KEYS:
            raise ScenarioError(error_message(where=f"{where}: key {key!r}", value=key,
                                              rule=f"unknown top-level key{_suggest(key, TOP_KEYS)}"
                                                   f" (allowed: {', '.join(TOP_KEYS)})"))
    meta = data.get("meta")
    if not isinstance(meta, Mapping):
        raise ScenarioError(error_message(where=f"{where}: meta", value=meta,
                                          rule="must be a mapping"))
    for key in meta:
        _check_text(key, f"{where}: meta key")
        if key not in META_KEYS:
            raise ScenarioError(error_message(where=f"{where}: meta.{key}", value=key,
                                              rule=f"unknown meta key{_suggest(key, META_KEYS)}"))
    for key in REQUIRED_META:
        if meta.get(key) in (None, "", []):
            raise ScenarioError(error_message(where=f"{where}: meta.{key}", rule="is required"))
    for key in ("title", "description", "author"):
        if isinstance(meta[key], (Mapping, list)):
            raise ScenarioError(error_message(where=f"{where}: meta.{key}",
                                              value=type(meta[key]).__name__,
                                              rule="must be text"))
    for key, value in meta.items():
        _check_text(value, f"{where}: meta.{key}", multiline=key in MULTILINE_META)
    for key in ("title_vi", "description_vi"):
        if key in meta and (not isinstance(meta[key], str) or not meta[key].strip()):
            raise ScenarioError(error_message(where=f"{where}: meta.{key}", value=meta[key],
                                              rule="must be a non-empty string (or omitted)"))
    mod = meta.get("modifies")
    if mod is not None and not isinstance(mod, str):
        raise ScenarioError(error_message(where=f"{where}: meta.modifies", value=mod,
                                          rule="must be a scenario name or null"))
    params = data.get("params") or {}
    if not isinstance(params, Mapping):
        raise ScenarioError(error_message(where=f"{where}: params", value=params,
                                          rule="must be a mapping of parameter: value"))
    for k in params:
        _check_text(k, f"{where}: params key")
    clean = {str(k): validate_param(str(k), v, f"{where}: params.{shorten(str(k))}", end_year)
             for k, v in params.items()}
    return dict(meta), clean


def scenario_path(name_or_path: str | Path) -> Path:
    """The file of a scenario argument: a ``.yaml``/``.yml`` path that exists (else "file not
    found", the same words for every command) or a shipped name's file."""
    return _resolve_path(name_or_path)


def _resolve_path(name_or_path: str | Path) -> Path:
    from hpresearch.paths import path_problem

    problem = path_problem(str(name_or_path))
    if problem is not None:
        raise ScenarioError(error_message(where="scenario", value=str(name_or_path),
                                          rule=problem))
    p = Path(name_or_path)
    if p.suffix in (".yaml", ".yml") or p.exists():
        if not p.exists():
            raise ScenarioError(error_message(where=str(p), rule="file not found"))
        return p
    candidate = scenarios_dir() / f"{name_or_path}.yaml"
    if candidate.exists():
        return candidate
    names = list_scenarios()
    raise ScenarioError(error_message(
        where="scenario", value=str(name_or_path),
        rule=f"no such scenario{_suggest(name_or_path, names)} (shipped: {', '.join(names)})"))


def _read(path: Path, end_year: int) -> tuple[dict, dict]:
    try:
        st = path.stat()
    except OSError as err:
        raise ScenarioError(error_message(where=str(path),
                                          rule=f"cannot be read ({type(err).__name__})")) from None
    meta, params = _read_cached(str(path), st.st_mtime_ns, st.st_size, end_year)
    return dict(meta), {k: (dict(v) if isinstance(v, Mapping) else v) for k, v in params.items()}


@lru_cache(maxsize=256)
def _read_cached(path: str, mtime_ns: int, size: int, end_year: int) -> tuple[dict, dict]:
    """Parse and validate a file once per (path, mtime, size); warnings come on first parse."""
    data = safeyaml.read_limited(path, error=ScenarioError)  # regular file, size limit
    return parse_scenario(safe_load_yaml(data, path), path, end_year)


def merge_params(base: Mapping[str, Any], top: Mapping[str, Any]) -> dict[str, Any]:
    """Compose parameter values: year points merge (top wins), scalars replace."""
    out = dict(base)
    for k, v in top.items():
        if isinstance(v, Mapping) and isinstance(out.get(k), Mapping):
            out[k] = {**out[k], **v}
        else:
            out[k] = v
    return out


_inside = is_inside  # the one containment check (hpresearch.paths.is_inside)


def _resolve_modifies(path: Path, mod: str) -> Path:
    """The base scenario named by ``meta.modifies`` of ``path``, confined.

    A ``.yaml``/``.yml`` value is a file relative to this file's folder; a plain name is
    looked up in this file's folder, then among the shipped scenarios. The resolved file
    (symbolic links followed) must lie inside this file's folder (or below it) or be a
    shipped scenario: anything else is refused before it is opened, so no outside file is
    read or quoted.
    """
    where = f"{path}: meta.modifies"
    problem = path_problem(mod)  # a name the system refuses (too long, NUL) is named here
    if problem is not None:
        raise ScenarioError(error_message(where=where, value=mod, rule=problem))
    own = path.resolve().parent
    shipped = scenarios_dir().resolve()
    if mod.endswith((".yaml", ".yml")):
        candidates = [Path(mod) if Path(mod).is_absolute() else path.parent / mod]
    else:
        candidates = [path.parent / f"{mod}.yaml", scenarios_dir() / f"{mod}.yaml"]
    for i, cand in enumerate(candidates):
        real = cand.resolve()
        if not (_inside(real, own) or _inside(real, shipped)):
            raise ScenarioError(error_message(
                where=where, value=mod,
                rule="leaves the scenario's folder: a base scenario must be in the same "
                     "folder as the file that modifies it (or below it) or a shipped "
                     "scenario"))
        if cand.exists() or i == len(candidates) - 1:
            break
    if not cand.exists():
        raise ScenarioError(error_message(
            where=where, value=mod,
            rule=f"base scenario not found{_suggest(mod, list_scenarios())}"))
    return cand


def _load_chain(path: Path, end_year: int, seen: tuple[str, ...]) -> tuple[list, dict]:
    """Return ``(chain of (name, path, meta, params) base first, own meta)``."""
    key = str(path.resolve())
    if key in seen:
        names = [Path(s).stem for s in seen] + [path.stem]
        raise ScenarioError(error_message(where=f"{path}: meta.modifies", value=path.stem,
                                          rule=f"circular composition {' -> '.join(names)}"))
    if len(seen) >= MAX_CHAIN:
        raise ScenarioError(error_message(
            where=f"{path}: meta.modifies", value=len(seen) + 1,
            rule=f"scenarios in one modifies chain; the limit is {MAX_CHAIN}"))
    meta, params = _read(path, end_year)
    chain: list = []
    mod = meta.get("modifies")
    if mod:
        base_path = _resolve_modifies(path, mod)
        chain, _ = _load_chain(base_path, end_year, seen + (key,))
    chain.append((path.stem, path, meta, params))
    return chain, meta


def load_scenario(name_or_path: str | Path, end_year: int = MAX_END_YEAR) -> "Scenario":
    """Load, validate and compose a scenario by shipped name, file path, or ``a+b``.

    Raises
    ------
    ScenarioError
        Any validation failure (see module docstring).
    """
    if isinstance(name_or_path, Scenario):
        return name_or_path
    text = str(name_or_path)
    from hpresearch.paths import path_problem

    is_file = path_problem(text) is None and Path(text).exists()
    parts = [p for p in text.split("+")] if "+" in text and not is_file else [text]
    if any(not p.strip() for p in parts):
        raise ScenarioError(error_message(where="scenario", value=text,
                                          rule="composition must be NAME+NAME"))
    if len(parts) > MAX_CHAIN:
        raise ScenarioError(error_message(where="scenario", value=text,
                                          rule=f"composes more than {MAX_CHAIN} scenarios"))
    full: list = []
    applied: set[str] = set()
    last_meta: dict = {}
    for part in parts:
        chain, meta = _load_chain(_resolve_path(part.strip()), end_year, ())
        for item in chain:
            k = str(item[1].resolve())
            if k not in applied:
                applied.add(k)
                full.append(item)
        last_meta = meta
    params: dict = {}
    for _, _, _, p in full:
        params = merge_params(params, p)
    if len(parts) == 1:
        name = full[-1][0]
        meta = full[-1][2]
        path = full[-1][1]
        own = full[-1][3]
    else:
        name = "+".join(Path(p.strip()).stem for p in parts)
        named = {Path(p.strip()).stem for p in parts}
        titles = " + ".join(item[2].get("title", item[0]) for item in full if item[0] in named)
        titles_vi = " + ".join(item[2].get("title_vi") or item[2].get("title", item[0])
                               for item in full if item[0] in named)
        meta = {**last_meta, "title": titles, "title_vi": titles_vi, "modifies": None}
        path, own = None, {}
    check_constraints(constraint_values(params),
                      str(path) if path is not None and len(parts) == 1 else f"scenario {name}")
    return Scenario(name=name, meta=meta, params=params, own_params=own,
                    chain=tuple(item[0] for item in full), path=path,
                    chain_paths=tuple(Path(item[1]) for item in full))


def scenario_text(scenario: "Scenario | str | Path", field: str = "title",
                  lang: str = "en") -> str:
    """Display text of a scenario for reports: ``field`` in ``lang``.

    Parameters
    ----------
    scenario : Scenario or str or Path
        A loaded :class:`Scenario`, a shipped name, a file path or ``a+b``.
    field : {"title", "description"}
    lang : {"en", "vi"}
        ``"vi"`` returns ``meta.title_vi`` / ``meta.description_vi``; falls back to the English
        text when the file has none (shipped scenarios all have them - tested).
    """
    return load_scenario(scenario).text(field, lang)


def check_write_target(path: str | Path, scenario: "Scenario | None" = None, *,
                       force: bool = False, where: str = "write_scenario") -> Path:
    """Refuse to write a scenario file where it would destroy an input; return the path.

    Refused, whatever ``force`` says: a name not ending in ``.yaml``/``.yml``; a folder; a
    missing or read-only folder; anything inside the installed package (the shipped
    scenarios, the parameter registry, the message catalogue); ``scenario`` itself or any
    file of its ``modifies`` chain (compared as files, so links and other spellings of the
    same path are caught); an existing file that is not a regular file. An existing
    regular file is replaced only with ``force``.
    """
    import os

    from hpresearch.paths import PACKAGE_DIR, unwritable_reason

    from hpresearch.paths import path_problem

    raw = str(path)
    problem = path_problem(raw)
    if problem is not None:
        raise ScenarioError(argument=where, message=error_message(
            where=where, value=raw, rule=problem))
    out = Path(path)
    if raw.endswith(("/", os.sep)) or (out.exists() and out.is_dir()):
        raise ScenarioError(argument=where, message=error_message(
            where=where, value=raw, rule="is a folder; name a file ending in .yaml or .yml"))
    if out.suffix not in (".yaml", ".yml"):
        raise ScenarioError(argument=where, message=error_message(
            where=where, value=raw, rule="must end in .yaml or .yml"))
    parent = out.parent if str(out.parent) else Path(".")
    if not parent.is_dir():
        raise ScenarioError(argument=where, message=error_message(
            where=where, value=str(parent), rule="folder does not exist"))
    reason = unwritable_reason(parent)
    if reason is not None:
        raise ScenarioError(argument=where, message=error_message(
            where=where, value=str(parent), rule=f"folder is not writable ({reason})"))
    real = out.resolve()
    if _inside(real, PACKAGE_DIR.resolve()) or _inside(real, scenarios_dir().resolve()):
        raise ScenarioError(argument=where, message=error_message(
            where=where, value=raw, rule="is inside the hpresearch package (shipped scenarios, "
            "registry, catalogue are never overwritten); write your scenario elsewhere"))
    if scenario is not None and out.exists():
        for source in scenario.chain_paths or ((scenario.path,) if scenario.path else ()):
            try:
                same = os.path.samefile(out, source)
            except OSError:
                same = False
            if same:
                what = ("the scenario being solved" if scenario.path is not None
                        and Path(source).resolve() == Path(scenario.path).resolve()
                        else f"{Path(source).name}, a file of the scenario's modifies chain")
                raise ScenarioError(argument=where, message=error_message(
                    where=where, value=raw, rule=f"is {what}; writing it would replace an "
                    "input (choose a new file name)"))
    if out.exists() or out.is_symlink():
        if out.exists() and not out.is_file():
            raise ScenarioError(argument=where, message=error_message(
                where=where, value=raw, rule="exists and is not a regular file"))
        if not force:
            raise ScenarioError(argument=where, message=error_message(
                where=where, value=raw,
                rule="exists; replacing it needs force (--force on the command line)"))
    return out


def list_scenarios() -> list[str]:
    """Names of the shipped scenarios (``hpresearch/scenarios/*.yaml``)."""
    return sorted(p.stem for p in scenarios_dir().glob("*.yaml"))


def scenario_table():
    """Shipped scenarios with titles and what they modify (DataFrame)."""
    import pandas as pd

    rows = []
    for name in list_scenarios():
        sc = load_scenario(name)
        rows.append({"scenario": name, "title": sc.title,
                     "modifies": sc.meta.get("modifies") or "", "chain": " > ".join(sc.chain)})
    return pd.DataFrame(rows)


def parse_overrides(items: list[str] | None, end_year: int = MAX_END_YEAR) -> dict[str, Any]:
    """Parse ``KEY=VALUE`` override items (the argument ``overrides``; the command line's
    ``--set``); ``KEY`` is ``name`` or ``name.YEAR``.

    ``VALUE`` is read as YAML (safely): a number, or for paths a mapping like ``{2027: 5}``.
    Every refusal names the argument ``overrides`` (the command line shows ``--set``).
    """
    out: dict[str, Any] = {}
    for item in items or []:
        try:
            name, value, point = _override(item, end_year)
        except ScenarioError as err:
            err.argument = "overrides"
            raise
        # a year point (name.YEAR) adds to earlier points of the same path
        out[name] = (merge_params(out, {name: value})[name]
                     if point and isinstance(out.get(name), Mapping) else value)
    return out


def _override(item: str, end_year: int) -> tuple[str, Any, bool]:
    """One ``KEY=VALUE`` item as ``(parameter, validated value, whether a year point)``."""
    if "=" not in item:
        raise ScenarioError(error_message(where="overrides", value=item,
                                          rule="expected KEY=VALUE (e.g. capacity_decay=0.1)"))
    key, raw = item.split("=", 1)
    key = key.strip()
    if not key or not raw.strip():
        raise ScenarioError(error_message(where="overrides", value=item,
                                          rule="expected KEY=VALUE with both parts non-empty"))
    where = f"overrides {shorten(key)}"
    value = safe_load_yaml(raw, where)  # 1e3 is a number (safeyaml)
    if "." not in key:
        return key, validate_param(key, value, where, end_year), False
    name, year = key.split(".", 1)
    try:
        y = int(year)
    except ValueError:
        raise ScenarioError(error_message(where=where, value=year,
                                          rule="year after '.' must be an integer")) from None
    return name, validate_param(name, {y: value}, where, end_year), True
