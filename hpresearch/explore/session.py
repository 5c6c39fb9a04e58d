"""The explorer's state and everything it computes, without any widget.

:class:`ExplorerSession` holds what a user has set (starting scenario, boundary, basis,
target, lever values, driver values, language) and answers with the project's public
functions only:

* ``results`` - :func:`hpresearch.model.project` with the session's overrides (the same
  DataFrame a script gets with the same parameters);
* ``required`` - :func:`hpresearch.invest.goal_seek` for the chosen target and lever;
* ``simulation`` - :func:`hpresearch.uncertainty.simulate_spec` on demand (fan, P(target));
* ``figure`` / ``fan_figure`` - :func:`hpresearch.plots.projection_charts.share_path_figure`
  (baseline and current setting, history, target, merger) and
  :func:`hpresearch.plots.uncertainty_charts.fan_chart`;
* ``save_scenario`` - a scenario YAML with ``modifies:`` the starting scenario and only the
  changed values, validated by :func:`hpresearch.model.load_scenario` before it is renamed
  into place, behind the one write guard of ``--write-scenario``
  (:func:`hpresearch.invest.goalseek.write_document`).

A change is validated first and applied only if the projection succeeds; a refused change
raises the one-line :class:`~hpresearch.errors.ScenarioError` the command line prints and
leaves the previous state untouched.

Lever convention (as in goal-seek): a lever set to ``L`` is ``L`` every year from
``max(first_policy_year, t0 + 1)`` on, written ``{start: L}``; as a fraction of GRDP it is the
mean over the policy years of ``L`` (in VND) / nominal GRDP of the current projection -
GRDP does not depend on the levers (growth accounting), so the conversion is exact.
"""
from __future__ import annotations

import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Mapping

import numpy as np
import pandas as pd

from hpresearch import argspec
from hpresearch.calibration.rules import calibrate
from hpresearch.data.vocabulary import DEFAULT_BOUNDARY
from hpresearch.defaults import DRAWS, REPORT_SEED
from hpresearch.errors import ScenarioError, UsageError, error_message
from hpresearch.explore.controls import (DEFAULT_DRIVERS, Control, TargetOption, lever_controls,
                                         lever_key, parse_typed, target_options, top_drivers)
from hpresearch.i18n import LANGUAGES, Localizer, check_lang, format_exact
from hpresearch.model.engine import resolve_params
from hpresearch.parameters.levers import lever_name, levers
from hpresearch.model.projection import project
from hpresearch.parameters.registry import (check_constraints, constraint_values, load_registry,
                                            param_text)
from hpresearch.model.scenario import Scenario, load_scenario, validate_param
from hpresearch.textsafe import shorten

#: Keys of :meth:`ExplorerSession.set` that are not model parameters.
SETTINGS = ("scenario", "boundary", "basis", "target", "lever", "lang", "uncertainty", "draws",
            "seed")


@dataclass(frozen=True)
class Numbers:
    """The live numbers under the chart (fractions; money in the lever's unit)."""

    share: float
    baseline_share: float
    share_year: int
    gap: float
    target: float
    target_year: int
    lever: str
    required_status: str
    required_value: float
    required_pct_of_grdp: float
    credible_share: float
    required_error: str = ""
    p_target: float | None = None
    median: float | None = None
    low: float | None = None
    high: float | None = None


class ExplorerSession:
    """State and answers of the scenario explorer (see the module docstring).

    Parameters
    ----------
    scenario : str, Path or Scenario
        Starting scenario (shipped name, YAML path or ``a+b``).
    boundary : {"merged", "pre_merger"}
    basis : {"gso", "mic"}
    lang : {"vi", "en"}
    lever : str
        Lever solved for the target (name or alias).
    drivers : int
        How many sensitivity drivers get a control.
    end_year : int
        Last projected year (the headline share is this year's).
    draws, seed : int
        Monte Carlo of the uncertainty view.
    """

    def __init__(self, scenario: Any = "trend", boundary: str = DEFAULT_BOUNDARY,
                 basis: str = "gso", lang: str = LANGUAGES[0],
                 lever: str = "fdi_digital_usd_bn", drivers: int = DEFAULT_DRIVERS,
                 end_year: int = 2030, draws: int = DRAWS, seed: int = REPORT_SEED):
        self.end_year = argspec.check("end_year", end_year)
        self.n_drivers = argspec.check("explorer_drivers", drivers, "drivers")
        self.lang = check_lang(lang)
        self.lever = lever_name(lever)
        self.uncertainty = False
        self.draws = argspec.check("explorer_draws", draws, "draws")
        self.seed = argspec.check("seed", seed)
        self.notes: list[str] = []
        self._values: dict[str, Any] = {}
        self._setup(load_scenario(scenario), argspec.check("boundary", boundary),
                    argspec.check("basis", basis), target=None)

    # -- setup --------------------------------------------------------------------------

    def _setup(self, sc: Scenario, boundary: str, basis: str, target: Any) -> None:
        """(Re)bind scenario, boundary and basis: calibration, controls, targets."""
        cal = calibrate(boundary, basis)
        resolved = resolve_params(sc.params, cal, self.end_year)
        start = max(int(resolved["first_policy_year"]), cal.year + 1)
        options = target_options(boundary, basis, sc, cal.year + 1, self.end_year)
        own = (float(resolved["target_share"]), int(resolved["target_year"]))
        if not any(abs(o.value - own[0]) < 1e-12 and o.year == own[1] for o in options):
            options.insert(0, TargetOption(key="scenario", value=own[0], year=own[1]))
        drivers = top_drivers(sc, boundary, basis, self.n_drivers, self.end_year)
        self.scenario, self.boundary, self.basis, self.calibration = sc, boundary, basis, cal
        self.resolved, self.start_year, self.scenario_target = resolved, start, own
        self.target_options = options
        self.controls: dict[str, Control] = {c.name: c for c in lever_controls() + drivers}
        self.target = self._pick_target(target) if target is not None else next(
            o for o in options if abs(o.value - own[0]) < 1e-12 and o.year == own[1])
        self._baseline = project(sc, boundary, basis, overrides=self._target_overrides(),
                                 end_year=self.end_year, calibration=cal)
        self._equivalents: dict[str, float] = {}
        self._invalidate()

    @property
    def derived_share_years(self) -> list[int]:
        """Years whose share in the calibration panel is derived, not published (labelled so
        on the chart)."""
        from hpresearch.data import build_panel

        prov = build_panel(self.boundary, self.basis).provenance
        rows = prov[(prov["variable"] == "de_share") & prov["method"].str.startswith("derived")]
        return [int(y) for y in rows["year"]]

    def equivalent_level(self, name: str) -> float:
        """The constant level of lever ``name`` that gives the starting scenario's share in
        the end year: what its slider shows until it is moved (the scenario's own path
        varies by year; a set lever is one level every policy year, as in goal-seek)."""
        if name not in self._equivalents:
            from hpresearch.invest.goalseek import goal_seek

            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                res = goal_seek(self.scenario, target=float(self._baseline.loc[
                    self.end_year, "de_share"]), year=self.end_year, lever=name,
                    boundary=self.boundary, basis=self.basis, calibration=self.calibration)
            self._equivalents[name] = float(res.value)
        return self._equivalents[name]

    def _pick_target(self, target: Any) -> TargetOption:
        if isinstance(target, TargetOption):
            return target
        if isinstance(target, str):
            for o in self.target_options:
                if o.key == target:
                    return o
            raise UsageError(error_message(
                where="target", value=target,
                rule="is not a target of this boundary (choose from "
                     f"{', '.join(o.key for o in self.target_options)}, or give a share)"))
        year = self.target.year if hasattr(self, "target") else self.scenario_target[1]
        value = argspec.check("target", target)
        for o in self.target_options:
            if abs(o.value - value) < 1e-12 and o.year == year:
                return o
        return TargetOption(key=f"custom:{value!r}", value=value, year=year)

    def _invalidate(self) -> None:
        self._results: pd.DataFrame | None = None
        self._required = None
        self._figure = None
        self._simulation = None
        self._fan = None

    # -- overrides ----------------------------------------------------------------------
    def _target_overrides(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        if abs(self.target.value - self.scenario_target[0]) > 1e-15:
            out["target_share"] = float(self.target.value)
        if self.target.year != self.scenario_target[1]:
            out["target_year"] = int(self.target.year)
        return out

    def _lever_value(self, name: str, value: float) -> dict[int, float]:
        return {self.start_year: float(value)}

    @property
    def overrides(self) -> dict[str, Any]:
        """The changed values as parameter overrides (what ``--set`` would pass)."""
        out: dict[str, Any] = {}
        for name, value in self._values.items():
            spec = load_registry()[name]
            if spec.kind == "path" and not isinstance(value, Mapping):
                out[name] = self._lever_value(name, value)
            else:
                out[name] = value
        out.update(self._target_overrides())
        return out

    # -- reading ------------------------------------------------------------------------
    def value(self, name: str) -> float:
        """Current value of a control: what was set, else the starting scenario's value
        (levers: :meth:`equivalent_level`)."""
        if name in self._values and not isinstance(self._values[name], Mapping):
            return float(self._values[name])
        if name in self._values:
            return float(self.results.loc[self.start_year, name])
        if name in levers():
            return self.equivalent_level(name)
        if load_registry()[name].kind == "path":
            return float(self._baseline.loc[self.start_year, name])
        return float(self.resolved[name])

    def is_set(self, name: str) -> bool:
        return name in self._values

    def _to_grdp_factor(self, name: str, results: pd.DataFrame | None = None) -> float:
        """VND per lever unit over nominal GRDP, mean over the policy years."""
        df = self.results if results is None else results
        years = [y for y in df.index if self.start_year <= y <= self.end_year]
        fx = 1.0
        if name.endswith("_usd_bn"):
            params = resolve_params(self.scenario.params, self.calibration, self.end_year,
                                    self.overrides)
            fx_path = pd.Series(np.asarray(params["vnd_per_usd"], dtype=float),
                                index=self.calibration.years(self.end_year))
            fx = fx_path.loc[years].to_numpy()
        return float(np.mean(fx / df.loc[years, "grdp_current_vnd_bn"].to_numpy()))

    def to_grdp(self, name: str) -> float:
        """A lever's current level as a fraction of nominal GRDP (mean over policy years)."""
        return self.value(name) * self._to_grdp_factor(name)

    @property
    def results(self) -> pd.DataFrame:
        """The projection of the current setting (same table as :func:`model.project`)."""
        if self._results is None:
            self._results = self._project(self.overrides)
        return self._results

    @property
    def baseline(self) -> pd.DataFrame:
        """The starting scenario as it is (with the chosen target)."""
        return self._baseline

    def _project(self, overrides: Mapping[str, Any]) -> pd.DataFrame:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            df = project(self.scenario, self.boundary, self.basis, overrides=overrides,
                         end_year=self.end_year, calibration=self.calibration)
        self.notes = sorted({str(w.message) for w in caught})
        return df

    @property
    def state(self) -> dict[str, Any]:
        """Everything that defines the current setting (JSON-ready)."""
        return {
            "scenario": self.scenario.name, "boundary": self.boundary, "basis": self.basis,
            "lang": self.lang, "end_year": self.end_year, "policy_start_year": self.start_year,
            "target": {"key": self.target.key, "value": self.target.value,
                       "year": self.target.year},
            "lever": self.lever, "uncertainty": self.uncertainty, "draws": self.draws,
            "seed": self.seed,
            "values": {n: self.value(n) for n in self.controls},
            "to_grdp": {n: self.to_grdp(n) for n in levers()},
            "changed": dict(self._values),
            "overrides": self.overrides,
        }

    # -- changing -----------------------------------------------------------------------
    def set(self, **changes: Any) -> "ExplorerSession":
        """Change settings and parameter values; all or nothing.

        Keys: any registry parameter (``fdi_digital_usd_bn=6.0``; a lever alias such as
        ``fdi_digital`` works too; a path value is a constant level from the first policy
        year unless given as ``{year: value}``); a lever as a fraction of GRDP
        (``fdi_digital_to_grdp=0.012``); ``None`` as a value goes back to the starting
        scenario's value; and the settings ``scenario``, ``boundary``, ``basis``, ``target``
        (an option key or a share), ``lever``, ``lang``, ``uncertainty``, ``draws``, ``seed``.
        A string value is read like a typed input (``lang``'s number format, then as
        ``--set KEY=VALUE``).

        Raises
        ------
        ScenarioError, UsageError
            The one-line message of the command line; nothing is changed.
        """
        snapshot = self._snapshot()
        try:
            self._apply(changes)
            self._check_combination()
            self._results = None
            _ = self.results          # a projection that fails refuses the change
        except BaseException:
            self._restore(snapshot)
            raise
        return self

    def reset(self, *names: str) -> "ExplorerSession":
        """Back to the starting scenario's values (all, or the ``names`` given)."""
        return self.set(**({n: None for n in names} if names else
                           {n: None for n in list(self._values)}))

    def _snapshot(self) -> dict[str, Any]:
        return dict(self.__dict__, _values=dict(self._values))

    def _restore(self, snapshot: Mapping[str, Any]) -> None:
        self.__dict__.clear()
        self.__dict__.update(snapshot)

    def _apply(self, changes: Mapping[str, Any]) -> None:
        settings = {k: changes[k] for k in SETTINGS if k in changes}
        params = {k: v for k, v in changes.items() if k not in SETTINGS}
        if "lang" in settings:
            self.lang = check_lang(settings["lang"])
        if {"scenario", "boundary", "basis"} & set(settings):
            sc = load_scenario(settings.get("scenario", self.scenario))
            boundary = argspec.check("boundary", settings.get("boundary", self.boundary))
            basis = argspec.check("basis", settings.get("basis", self.basis))
            keep = self.target if sc is self.scenario else None
            self._setup(sc, boundary, basis, target=None)
            if keep is not None and keep.key.startswith(("custom", "scenario")):
                self.target = self._pick_target(keep.value)
        if "target" in settings:
            self.target = self._pick_target(settings["target"])
            self._baseline = project(self.scenario, self.boundary, self.basis,
                                     overrides=self._target_overrides(), end_year=self.end_year,
                                     calibration=self.calibration)
        if "lever" in settings:
            self.lever = lever_name(settings["lever"])
        if "uncertainty" in settings:
            self.uncertainty = argspec.check("uncertainty", settings["uncertainty"])
        if "draws" in settings:
            self.draws = argspec.check("explorer_draws", settings["draws"], "draws")
        if "seed" in settings:
            self.seed = argspec.check("seed", settings["seed"])
        fractions = {}
        for key, value in params.items():
            name, as_fraction = lever_key(key)
            if value is None:
                self._values.pop(name, None)
                continue
            if as_fraction:
                fractions[name] = self._fraction_value(key, value)
                continue
            self._values[name] = self._validated(name, value)
        if fractions:  # GRDP of the setting with every other change applied
            self._results = None
            for name, frac in fractions.items():
                level = frac / self._to_grdp_factor(name, self._project(self.overrides))
                self._values[name] = self._validated(name, level)
        self._invalidate()

    def _check_combination(self) -> None:
        """The registry's combination rules on the setting, as the command line checks the
        scenario with its ``--set`` values (``constraints.yaml``), before any projection."""
        values = constraint_values({**self.scenario.params, **self.overrides})
        values["end_year"] = self.end_year
        check_constraints(values, f"scenario {self.scenario.name} in the explorer")

    def _validated(self, name: str, value: Any) -> Any:
        where = shorten(name)  # a key is echoed like a value (cut to 80 characters)
        if isinstance(value, str):
            return parse_typed(name, value, self.lang, self.end_year)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")   # plausibility is reported with the results
            return validate_param(name, value, where, self.end_year)

    def _fraction_value(self, key: str, value: Any) -> float:
        if isinstance(value, str):
            from hpresearch.explore.controls import normalise_number
            from hpresearch.model.scenario import safe_load_yaml

            value = safe_load_yaml(normalise_number(value, self.lang), shorten(key))
        if isinstance(value, bool) or not isinstance(value, (int, float)) \
                or not np.isfinite(value):
            raise ScenarioError(error_message(where=shorten(key), value=value,
                                              rule="must be a number (fraction of GRDP)"))
        return float(value)

    # -- answers ------------------------------------------------------------------------
    @property
    def required(self):
        """:func:`invest.goal_seek` of the chosen lever for the chosen target (or the
        one-line reason it cannot be asked, as a string)."""
        if self._required is None:
            from hpresearch.invest.goalseek import goal_seek

            try:
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore")
                    self._required = goal_seek(
                        self.scenario, target=self.target.value, year=self.target.year,
                        lever=self.lever, boundary=self.boundary, basis=self.basis,
                        overrides=self.overrides, calibration=self.calibration)
            except (ScenarioError, UsageError) as err:
                self._required = str(err)
        return self._required

    @property
    def simulation(self):
        """Monte Carlo of the current setting (``draws`` draws, common ``seed``)."""
        if self._simulation is None:
            from hpresearch.backtest import share_record
            from hpresearch.uncertainty.montecarlo import simulate_spec
            from hpresearch.uncertainty.spec import build_spec

            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                spec = build_spec(self.scenario, boundary=self.boundary, basis=self.basis,
                                  end_year=self.end_year, overrides=self.overrides)
                self._simulation = simulate_spec(spec, draws=self.draws, seed=self.seed,
                                                 target=self.target.value,
                                                 target_year=self.target.year, lever=None,
                                                 diagnose=False, fan=share_record().fan)
        return self._simulation

    @property
    def probability_basis(self) -> str:
        """What P(target) rests on, as the reports say it
        (:func:`hpresearch.backtest.share_record`): ``share_errors`` or ``model_assumptions``."""
        from hpresearch.backtest import share_record

        return share_record().basis

    @property
    def numbers(self) -> Numbers:
        """2030 share, gap to the target, required lever (and P(target) when uncertain)."""
        df, ty = self.results, self.target.year
        req = self.required
        solved = not isinstance(req, str)
        return Numbers(
            share=float(df.loc[self.end_year, "de_share"]),
            baseline_share=float(self._baseline.loc[self.end_year, "de_share"]),
            share_year=self.end_year,
            gap=float(self.target.value - df.loc[ty, "de_share"]),  # as the reports: + = short
            target=self.target.value, target_year=ty, lever=self.lever,
            required_status=req.status if solved else "error",
            required_value=float(req.value) if solved else float("nan"),
            required_pct_of_grdp=float(req.pct_of_grdp) if solved else float("nan"),
            credible_share=float(req.credible_share) if solved else float("nan"),
            required_error="" if solved else req,
            p_target=(float(self.simulation.p_target) if self.uncertainty else None),
            **self._band())

    def _band(self) -> dict[str, float | None]:
        """Median and 80% band of the target year when the uncertainty view is on: the
        reports' numbers for the same setting (same draws, seed, fan and basis)."""
        if not self.uncertainty:
            return {"median": None, "low": None, "high": None}
        b = self.simulation.bands.loc[self.target.year]
        return {"median": float(b["p50"]), "low": float(b["p10"]), "high": float(b["p90"])}

    def path_labels(self) -> dict[str, str]:
        """Legend labels of the starting scenario's path and of the current setting's."""
        L = Localizer(self.lang)
        return {"baseline": L("explore.baseline", scenario=self.scenario.text("title",
                                                                              self.lang)),
                "current": L("explore.current")}

    @property
    def figure(self):
        """Share path of the starting scenario and of the current setting, with history,
        target line and the merger marked (a matplotlib Figure in the session's language)."""
        if self._figure is None:
            from hpresearch.plots.projection_charts import share_path_figure

            hist = self.calibration.panel_values
            self._figure = share_path_figure(
                {"baseline": self._baseline, "current": self.results},
                history=hist if hist is not None and "de_share" in hist else None,
                target=self.target.value, target_year=self.target.year, lang=self.lang,
                labels=self.path_labels(), derived_years=self.derived_share_years)
        return self._figure

    @property
    def fan_figure(self):
        """Fan chart of the current setting (computes the Monte Carlo if needed)."""
        if self._fan is None:
            from hpresearch.plots.uncertainty_charts import fan_chart

            self._fan = fan_chart(self.simulation, lang=self.lang,
                                  scenario_title=Localizer(self.lang)("explore.current"))
        return self._fan

    # -- saving -------------------------------------------------------------------------
    def changed_params(self) -> dict[str, Any]:
        """Only the values that differ from the starting scenario, as scenario params."""
        out = {}
        for name, value in self.overrides.items():
            if isinstance(value, Mapping):
                out[name] = {int(k): float(v) for k, v in value.items()}
            elif load_registry()[name].kind == "integer":
                out[name] = int(value)
            elif name in self.resolved and np.ndim(self.resolved[name]) == 0 \
                    and float(self.resolved[name]) == float(value):
                continue
            else:
                out[name] = float(value)
        return out

    def scenario_document(self, path: Path) -> dict[str, Any]:
        """The YAML mapping :meth:`save_scenario` writes."""
        from hpresearch.invest.goalseek import modifies_reference

        params = self.changed_params()
        base = self.scenario
        modifies = modifies_reference(base, path)
        if modifies is None:       # a+b composition: inline the composed parameters
            from hpresearch.model.scenario import merge_params

            params = merge_params(dict(base.params), params)
        texts = {}
        for lang in LANGUAGES:
            L = Localizer(lang)
            changes = "; ".join(
                f"{n} = {format_exact(v, lang) if not isinstance(v, Mapping) else _points(v, lang)}"
                f" {param_text(n, 'unit', lang)}" for n, v in params.items()) or L(
                "explore.no_changes")
            texts[lang] = {
                "title": L("explore.saved_title", scenario=base.text("title", lang)),
                "description": L("explore.saved_description",
                                 scenario=base.text("title", lang),
                                 boundary=L(f"boundary.{self.boundary}"),
                                 basis=L(f"basis.{self.basis}"), changes=changes)}
        refs = [{"title": "hpresearch scenario explorer", "url": "docs/explorer.md"}]
        refs += [{"title": f"reference of {base.name}", "url": u} for u in base.references() if u]
        meta = {"title": texts["en"]["title"], "description": texts["en"]["description"],
                "title_vi": texts["vi"]["title"], "description_vi": texts["vi"]["description"],
                "author": "hpresearch explorer", "reference": refs, "modifies": modifies}
        return {"meta": meta, "params": params}

    def scenario_yaml(self) -> str:
        """The current setting as the text of a scenario file, written and validated exactly
        as :meth:`save_scenario` writes it (in a temporary folder, then read back): what the
        explorer offers as a download. A base scenario that is not shipped is inlined."""
        import tempfile

        with tempfile.TemporaryDirectory() as tmp:
            return self.save_scenario(Path(tmp) / "scenario.yaml").read_text(encoding="utf-8")

    def save_scenario(self, path: str | Path, *, force: bool = False) -> Path:
        """Write the current setting as a scenario file (atomic; validated before rename).

        The write guard of ``--write-scenario`` applies
        (:func:`hpresearch.invest.goalseek.write_document`): never the starting scenario or
        a file of its ``modifies`` chain, never a file inside the package, a ``.yaml`` /
        ``.yml`` name only, an existing file only with ``force=True``. The served explorer
        never calls this with a typed path: it offers :meth:`scenario_yaml` as a download.
        """
        from hpresearch.invest.goalseek import write_document
        from hpresearch.model.scenario import check_write_target

        out = check_write_target(path, self.scenario, force=force, where="save_scenario")
        return write_document(self.scenario_document(out), out, self.scenario, force=force,
                              where="save_scenario")


def _points(points: Mapping[int, float], lang: str) -> str:
    return ", ".join(f"{y}: {format_exact(v, lang)}" for y, v in sorted(points.items()))
