"""The explorer as one self-contained HTML file (``reports/explorer.html``).

A policymaker opens it from an e-mail attachment, offline: no server, no Python, nothing
fetched. It holds, for every scenario of the report set on both boundaries:

* **the reports' answer** (:func:`hpresearch.report.answers.answer`): the deterministic path,
  the Monte Carlo fan (p10, median, p90), P(official target), P(40% goal) - the numbers of
  ``summary.csv`` - and the verdict, basis, requirement and reality sentences rendered from
  the message catalogue in both languages. The page shows them exactly while every lever
  is "as in the scenario" (the reports' setting);
* **a deterministic grid** over the three investment levers: each lever is either "as in
  the scenario" or one of :data:`GRID_LEVELS` levels over its documented range
  (:func:`hpresearch.explore.controls.lever_controls`), a set lever being one level every
  year from the first policy year (the goal-seek convention of
  :class:`~hpresearch.explore.session.ExplorerSession`). Every node is the engine's path
  (:meth:`ModelSpec.run` on the nodes at once, equal to :func:`hpresearch.model.project`);
  between nodes the page interpolates multilinearly (in the warped coordinate of
  :data:`AXIS_POWER`);
* **a Monte Carlo grid** at :data:`MC_LEVELS` levels per lever: at each node the reports'
  draws and seed (:func:`hpresearch.uncertainty.montecarlo.simulate_shares` on the spec the
  explorer session builds), kept relative to the node's deterministic path (``band / det -
  1`` for p10, p50, p90 by year, and :data:`QUANTILES` of the target year) with P of both
  targets. Between nodes the page scales the interpolated deterministic path by the
  interpolated relative offsets; the probability is read from the interpolated quantiles,
  corrected so that each node gives its own P exactly.

How far the interpolation can stray from the engine is measured, not assumed
(``docs/explorer.md``, ``tests/test_explorer_html.py``). The chart is Vega-Lite built with
Altair; Vega, Vega-Lite and vega-embed are inlined from vl-convert's bundle, so the page loads
nothing.
"""
from __future__ import annotations

import base64
import json
import math
import warnings
from pathlib import Path
from typing import Any, Iterable

import numpy as np

from hpresearch.defaults import DRAWS, REPORT_SEED
from hpresearch.i18n import LANGUAGES, Localizer, headline

#: Levels per lever of the deterministic grid (each axis also has "as in the scenario").
GRID_LEVELS = 11
#: Levels per lever of the Monte Carlo grid (digital-transformation spending moves the
#: share least, so fewer).
MC_LEVELS = {"core_domestic_investment_vnd_bn": 5, "fdi_digital_usd_bn": 5,
             "dx_spending_vnd_bn": 3}
#: Warp of a lever's axis: nodes at ``low + (high - low) * u ** power`` with ``u`` evenly
#: spaced, interpolation linear in ``u``. Digital-transformation spending moves the share
#: like a square root near zero (docs/explorer.md), so its nodes are denser there.
AXIS_POWER = {"dx_spending_vnd_bn": 2.0}
#: Percentiles of the target-year offset kept at each Monte Carlo node.
QUANTILES = tuple(range(101))
#: The URL key of each lever (``#fdi=6&core=...``).
URL_KEYS = {"core_domestic_investment_vnd_bn": "core", "fdi_digital_usd_bn": "fdi",
            "dx_spending_vnd_bn": "dx"}
#: Bands of the fan the page draws.
BANDS = ("p10", "p50", "p90")
#: The ``summary.csv`` columns the page holds for each scenario and boundary (what it shows
#: at the scenario's own setting: the answer and the requirement).
SUMMARY_KEYS = ("share_median", "share_p10", "share_p90", "share_deterministic",
                "official_target", "p_official_target", "goal40", "p_goal40",
                "probability_basis", "lever", "unit", "required_median",
                "required_median_status", "required_p80", "required_p80_status",
                "required_deterministic", "required_deterministic_status",
                "required_median_x_record", "draws", "seed")
#: Boundaries the file covers.
BOUNDARIES = ("merged", "pre_merger")


def _b64(values: np.ndarray, dtype: str = "<f8") -> str:
    """Little-endian float64 (or ``dtype``) bytes as base64: exact, about 11 characters a
    number (5.3 for float32)."""
    return base64.b64encode(np.ascontiguousarray(values, dtype=dtype).tobytes()).decode("ascii")


def unb64(text: str, dtype: str = "<f8") -> np.ndarray:
    """The inverse of the file's number encoding (tests and the benchmark read it back)."""
    return np.frombuffer(base64.b64decode(text), dtype=dtype).astype(float)


def axis_nodes(control, levels: int) -> np.ndarray:
    """The levels of one lever's axis (``low`` ... ``high`` of its control, warped)."""
    u = np.linspace(0.0, 1.0, levels)
    return control.low + (control.high - control.low) * u ** AXIS_POWER.get(control.name, 1.0)


def _settings(axes: list[np.ndarray]) -> list[tuple[float | None, ...]]:
    """Every node of a grid whose axes are "as in the scenario" (None) then the levels, in
    row-major order (first lever slowest)."""
    import itertools

    return list(itertools.product(*[[None, *map(float, a)] for a in axes]))


def _overrides(names, setting, start: int) -> dict[str, dict[int, float]]:
    return {n: {start: v} for n, v in zip(names, setting) if v is not None}


def _deterministic_grid(spec, names, nodes) -> np.ndarray:
    """The engine's share path at every node (``(nodes, T)``), the nodes run at once."""
    out = np.empty((len(nodes), len(spec.years)))
    groups: dict[tuple[bool, ...], list[int]] = {}
    for i, setting in enumerate(nodes):
        groups.setdefault(tuple(v is not None for v in setting), []).append(i)
    for mask, rows in groups.items():
        params = dict(spec.base_params)
        for j, name in enumerate(names):
            if mask[j]:
                params = spec.levers[name].apply(params, np.array([nodes[r][j] for r in rows]))
        share = np.asarray(spec.run(params)[spec.share_key], dtype=float)
        out[rows] = np.broadcast_to(share, (len(rows), len(spec.years)))
    return out


def _mc_nodes(ans, names, nodes, fan) -> list[dict[str, Any]]:
    """At each node: the fan and the target-year percentiles relative to the node's
    deterministic path (``band / det - 1``: the fan widens with the share), and P of both
    targets. The draws are the reports' (draws, seed) drawn once; a set lever replaces its
    path in every draw (:attr:`LeverSpec.apply`), which gives exactly the draws of the
    spec the explorer session builds with the lever as an override (the test checks the
    page against that route)."""
    from hpresearch.uncertainty.montecarlo import (Draws, draw_params, percentile_bands,
                                                   run_params, shares_of)
    from hpresearch.uncertainty.spec import build_spec

    spec = build_spec(_source(ans), boundary=ans.boundary, basis=ans.basis, end_year=ans.year)
    draws = Draws.make(spec, ans.draws, ans.seed)
    drawn = draw_params(spec, draws)
    t = list(spec.years).index(ans.year)
    out = []
    for setting in nodes:
        params, central = dict(drawn), dict(spec.base_params)
        for name, value in zip(names, setting):
            if value is not None:
                params = spec.levers[name].apply(params, value)
                central = spec.levers[name].apply(central, value)
        _, share = shares_of(spec, run_params(spec, params, draws.n), fan)
        det = np.asarray(spec.run(central)[spec.share_key], dtype=float)
        det = det.reshape(-1, len(spec.years))[0]
        bands = percentile_bands(share, spec.years)
        q = np.percentile(share[:, t] / det[t] - 1.0, QUANTILES).astype("<f4")  # as stored
        out.append({"det": det,
                    "off": np.concatenate([bands[b].to_numpy() / det - 1.0 for b in BANDS]),
                    "q": q.astype(float),
                    "p_official": float(np.mean(share[:, t] >= ans.official.value)),
                    "p_goal40": float(np.mean(share[:, t] >= ans.goal40.value))})
    return out


def _p_from_quantiles(q: np.ndarray, x: float) -> float:
    """P(relative offset >= x) read from its percentiles ``q`` (linear between them): the
    page's ``pFromQuantiles``, step for step, so that each node gives its own P exactly."""
    m = len(q) - 1
    if x <= q[0]:
        return 1.0
    if x > q[m]:
        return 0.0
    i = min(int(np.searchsorted(q, x, side="left")) - 1, m - 1)
    f = (x - q[i]) / (q[i + 1] - q[i]) if q[i + 1] > q[i] else 1.0
    return 1.0 - (i + f) / m


def _equivalents(ans, names, start_year) -> dict[str, float]:
    """Each lever's constant level that gives the scenario's own share in the end year (what
    its slider shows until it is moved: :meth:`ExplorerSession.equivalent_level`)."""
    from hpresearch.invest.goalseek import goal_seek

    share = float(ans.projection.loc[ans.year, "de_share"])
    out = {}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for name in names:
            res = goal_seek(_source(ans), target=share, year=ans.year, lever=name,
                            boundary=ans.boundary, basis=ans.basis)
            out[name] = float(res.value) if math.isfinite(res.value) else None
    return out


def _texts(ans) -> dict[str, dict[str, str]]:
    """The report's sentences about this answer in each language (message catalogue)."""
    from hpresearch.report import narrative as n

    out = {}
    for lang in LANGUAGES:
        L = Localizer(lang)
        value, note = n.verdict_card(L, ans)
        title = ans.titles.get(lang, ans.scenario)
        out[lang] = {"title": title, "headline": headline(title) or title,
                     "verdict": n.scenario_verdict(L, ans),
                     "sentence": n.answer_sentence(L, ans, title),
                     "basis": n.basis_sentence(L, ans), "outside": n.outside_sentence(L, ans),
                     "required": value, "required_note": note,
                     "reality": n.reality_sentence(L, ans),
                     "target": n.target_text(L, ans.official), "goal": n.goal_text(L, ans),
                     "city": L(f"ans.city.{ans.boundary}")}
    return out


def combo_data(ans, fan=None) -> dict[str, Any]:
    """Everything the page holds about one answer (scenario x boundary); see the module
    docstring."""
    from hpresearch.explore.controls import lever_controls
    from hpresearch.uncertainty.spec import build_spec

    controls = lever_controls()
    names = [c.name for c in controls]
    spec = build_spec(_source(ans), boundary=ans.boundary, basis=ans.basis, end_year=ans.year)
    years = [int(y) for y in spec.years]
    start = _policy_start(ans)
    grid = _settings([axis_nodes(c, GRID_LEVELS) for c in controls])
    det = _deterministic_grid(spec, names, grid)
    mc = _mc_nodes(ans, names, _settings([axis_nodes(c, MC_LEVELS[c.name])
                                          for c in controls]), fan)
    t = years.index(ans.year)
    corr = {k: [m[f"p_{k}"] - _p_from_quantiles(m["q"], getattr(ans, k).value / m["det"][t] - 1)
                for m in mc] for k in ("official", "goal40")}
    sim = ans.simulation
    hist = sim.history if sim.history is not None else None
    history = ([[int(r["year"]), float(r["de_share"]), str(r.get("basis", ans.basis))]
                for _, r in hist.iterrows()] if hist is not None and len(hist) else [])
    return {
        "scenario": ans.scenario, "boundary": ans.boundary, "basis": ans.basis,
        "year": ans.year, "years": years, "start_year": start,
        "draws": ans.draws, "seed": ans.seed, "probability_basis": ans.probability_basis,
        "official": ans.official.value, "goal40": ans.goal40.value,
        "equivalent": _equivalents(ans, names, start),
        "history": history,
        "default": {"det": [float(sim.deterministic.loc[y]) for y in years],
                    **{b: [float(sim.bands.loc[y, b]) for y in years] for b in BANDS},
                    "p_official": ans.p_official, "p_goal40": ans.p_goal40},
        "summary": {k: _plain(v) for k, v in ans.row().items() if k in SUMMARY_KEYS},
        "grid": _b64(det),
        "mc_off": _b64(np.array([m["off"] for m in mc])),
        "mc_q": _b64(np.array([m["q"] for m in mc]), "<f4"),
        "mc_c_official": _b64(np.array(corr["official"])),
        "mc_c_goal40": _b64(np.array(corr["goal40"])),
        "texts": _texts(ans),
    }


def _source(ans) -> str:
    """Where the answer's scenario is read from: its file (a scenario given as a path has
    no shipped name to find it by), else its name (a composition ``a+b``)."""
    return str(ans.meta.get("source") or ans.scenario)


def _plain(value: Any) -> Any:
    """A ``summary.csv`` value as JSON allows it (a missing number as None)."""
    if isinstance(value, (float, np.floating)):
        return float(value) if math.isfinite(value) else None
    return value.item() if isinstance(value, np.generic) else value


def _policy_start(ans) -> int:
    """First year a set lever applies: ``max(first_policy_year, t0 + 1)`` (as the session)."""
    from hpresearch.calibration.rules import calibrate
    from hpresearch.model.engine import resolve_params
    from hpresearch.model.scenario import load_scenario

    cal = calibrate(ans.boundary, ans.basis)
    resolved = resolve_params(load_scenario(_source(ans)).params, cal, ans.year)
    return max(int(resolved["first_policy_year"]), cal.year + 1)


def _number_format(L: Localizer) -> dict[str, str]:
    """The display language's number conventions, read from the formatter the reports use
    (so the page formats as the reports do, without a second set of rules)."""
    sample = L.number(1234.5, 1)             # 1,234.5 / 1.234,5
    one = L.number(1.5, 1)
    return {"decimal": one[1], "group": sample[1] if len(sample) == 7 else "",
            "percent": L.percent(0.015, 1).replace(one, "{n}"),
            "points": L.points(0.015, 1).replace(one, "{n}"),
            "usd_bn": L.money(1.5, "usd_bn", 1).replace(one, "{n}"),
            "vnd_bn": L.money(1.5, "vnd_bn", 1).replace(one, "{n}")}


def _labels(lang: str) -> dict[str, Any]:
    """Every text of the page's frame in ``lang``, from the message catalogue (templates
    keep their ``{placeholders}``, filled by the page with its numbers)."""
    from hpresearch.explore.controls import lever_controls
    from hpresearch.parameters.registry import param_text
    from hpresearch.plots.uncertainty_charts import observed_label
    from hpresearch.report.facts import lever_unit

    L = Localizer(lang)
    keep = {k: "{" + k + "}" for k in ("year", "target", "share", "low", "high", "gap",
                                       "scenario", "city", "median", "gap_text", "p_target",
                                       "goal_text", "p_goal", "eq", "value", "level")}
    raw = {
        "title": L("explore.title"), "intro": L("explore.file.intro"),
        "language": L("explore.language"), "scenario": L("label.scenario"),
        "boundary": L("explore.boundary"), "levers": L("explore.levers", **keep),
        "as_scenario": L("explore.as_scenario"), "reset": L("explore.reset"),
        "share": L("explore.share", **keep), "median": L("explore.median", **keep),
        "band": L("ans.card_band", **keep), "gap": L("explore.gap", **keep),
        "p_target": L("explore.p_target", **keep), "card_goal": L("ans.card_goal", **keep),
        "goal_eq": L("ans.card_goal_eq", **keep),
        "sentence": L("ans.sentence", **keep), "gap_short": L("ans.gap_short", **keep),
        "gap_over": L("ans.gap_over", **keep),
        "report_setting": L("explore.file.report_setting"), "moved": L("explore.file.moved"),
        "live": L("explore.file.live"), "link": L("explore.file.link"),
        "requirement": L("explore.file.requirement"),
        "method": L("explore.file.method", grid=GRID_LEVELS,
                    mc=L.number(math.prod(v + 1 for v in MC_LEVELS.values()), 0),
                    draws=L.number(DRAWS, 0)),
        "chart_median": L("chart.median"), "chart_det": L("chart.deterministic"),
        "chart_observed": L("chart.observed"), "chart_year": L("chart.year"),
        # legend of the published points: the old city's, on the merged boundary, say so
        "observed_labels": {b: observed_label(L, b)[0] for code in ("gso", "mic", "city",
                                                                     "other")
                            for b in (code, f"{code}, pre-merger HP")},
        "chart_axis": L("chart.share_axis").replace(" (%)", ""),
        "chart_target": L("chart.target_line", **keep),
        "band_share_errors": L("chart.band", level="80%"),
        "band_model_assumptions": L("chart.band_model", level="80%"),
        "basis_share_errors": L("ans.card_basis.share_errors"),
        "basis_model_assumptions": L("ans.card_basis.model_assumptions"),
        "boundaries": {b: L(f"boundary.{b}") for b in BOUNDARIES},
        "lang_names": {x: L(f"lang.{x}") for x in LANGUAGES},
        "levers_text": {c.name: {"title": param_text(c.name, "title", lang),
                                 "unit": lever_unit(c.name)} for c in lever_controls()},
        "format": _number_format(L),
    }
    return raw


def chart_spec(lang: str) -> dict[str, Any]:
    """The share chart as a Vega-Lite specification, built with Altair: the 80% band, the
    median, the deterministic projection, the observed shares and the target lines, read
    from the named data sets ``band``, ``lines``, ``observed`` and ``targets`` the page
    fills."""
    import altair as alt

    lab = _labels(lang)
    x = alt.X("year:Q", title=lab["chart_year"], axis=alt.Axis(format="d", tickMinStep=1))
    y_axis = alt.Axis(format=".0%", title=lab["chart_axis"])
    band = alt.Chart(alt.NamedData("band")).mark_area(opacity=0.22, color="#1f77b4").encode(
        x=x, y=alt.Y("p10:Q", axis=y_axis, scale=alt.Scale(zero=False)), y2="p90:Q")
    series = [lab["chart_median"], lab["chart_det"]]
    lines = alt.Chart(alt.NamedData("lines")).mark_line(strokeWidth=2.5).encode(
        x=x, y=alt.Y("value:Q", axis=y_axis),
        color=alt.Color("series:N", scale=alt.Scale(domain=series,
                                                    range=["#1f77b4", "#444444"]),
                        legend=alt.Legend(orient="bottom", title=None)),
        strokeDash=alt.StrokeDash("series:N", scale=alt.Scale(domain=series,
                                                              range=[[1, 0], [5, 4]])))
    # published points: hollow, named under the chart (a caption wraps on a phone, a Vega
    # legend beside the lines' would be cut) and in the tooltip
    observed = alt.Chart(alt.NamedData("observed")).mark_point(
        filled=False, color="#d62728", size=50, strokeWidth=1.5).encode(
        x=x, y=alt.Y("value:Q", axis=y_axis), tooltip=["year:Q", "value:Q", "label:N"])
    targets = alt.Chart(alt.NamedData("targets"))
    rule = targets.mark_rule(strokeDash=[2, 3], color="#2ca02c").encode(y="value:Q")
    text = targets.mark_text(align="left", dx=4, dy=-6, color="#2ca02c").encode(
        y="value:Q", x=alt.value(0), text="label:N")
    chart = alt.layer(band, lines, observed, rule, text).properties(
        width="container", height=300,
        autosize=alt.AutoSizeParams(type="fit-x", contains="padding")  # axes inside too
    ).configure_view(stroke=None)
    spec = chart.to_dict()
    spec.pop("datasets", None)
    return spec


def _lever_data() -> list[dict[str, Any]]:
    from hpresearch.explore.controls import lever_controls

    return [{"name": c.name, "key": URL_KEYS[c.name], "low": c.low, "high": c.high,
             "step": c.step, "digits": c.digits, "power": AXIS_POWER.get(c.name, 1.0)}
            for c in lever_controls()]


def explorer_data(answers: Iterable) -> dict[str, Any]:
    """The page's data for ``answers`` (one per scenario and boundary, as
    :func:`hpresearch.report.answers.answer` gives them)."""
    from hpresearch.backtest import share_record
    from hpresearch.defaults import SCENARIO

    answers = list(answers)
    names = [lv["name"] for lv in _lever_data()]
    fan = share_record().fan
    combos = {f"{a.scenario}|{a.boundary}": combo_data(a, fan) for a in answers}
    scenarios = list(dict.fromkeys(a.scenario for a in answers))
    boundaries = [b for b in BOUNDARIES if any(a.boundary == b for a in answers)]
    missing = [f"{s}|{b}" for s in scenarios for b in boundaries if f"{s}|{b}" not in combos]
    if missing:
        raise ValueError(f"explorer: answers: value {missing[0]!r} missing (every scenario "
                         "needs an answer on every boundary)")
    labels = {lang: _labels(lang) for lang in LANGUAGES}
    return {
        "format": 1, "scenarios": scenarios, "boundaries": boundaries,
        "default_scenario": SCENARIO if SCENARIO in scenarios else scenarios[0],
        "langs": list(LANGUAGES), "levers": _lever_data(),
        "grid_levels": [GRID_LEVELS] * len(names),
        "mc_levels": [MC_LEVELS[n] for n in names], "quantiles": len(QUANTILES),
        "labels": labels, "lang_names": {x: Localizer(x)(f"lang.{x}") for x in LANGUAGES},
        "charts": {lang: chart_spec(lang) for lang in LANGUAGES},
        "format_locale": {lang: {"decimal": labels[lang]["format"]["decimal"],
                                 "thousands": labels[lang]["format"]["group"],
                                 "grouping": [3], "currency": ["", ""]}
                          for lang in LANGUAGES},
        "combos": combos,
    }


def _page_file(name: str) -> str:
    return (Path(__file__).parent / "page" / name).read_text(encoding="utf-8")


def _script_json(data: Any) -> str:
    """JSON safe inside a ``<script>`` element (no ``</`` can close it)."""
    return (json.dumps(data, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
            .replace("</", "<\\/").replace("<!--", "<\\!--"))


def render_html(data: dict[str, Any]) -> str:
    """The page for :func:`explorer_data`: data, CSS and script inlined, Vega, Vega-Lite and
    vega-embed from vl-convert's bundle (an ES module with no import left)."""
    from html import escape

    import vl_convert

    from hpresearch import __version__

    lang = data["langs"][0]
    lab = data["labels"][lang]
    rows = "\n".join(
        f'    <div class="lever" id="row-{lv["key"]}">\n'
        f'      <label class="name" id="t-{lv["key"]}" for="s-{lv["key"]}"></label>\n'
        f'      <div class="value" id="v-{lv["key"]}"></div>\n'
        f'      <input type="range" id="s-{lv["key"]}">\n'
        f'      <button type="button" id="r-{lv["key"]}"></button>\n'
        f'    </div>' for lv in data["levers"])
    script = vl_convert.javascript_bundle(_page_file("explorer.js"))
    if "</script" in script.lower():
        raise ValueError("explorer: the JavaScript bundle contains '</script'")
    parts = {"__LANG__": lang, "__VERSION__": escape(__version__),
             "__TITLE__": escape(lab["title"]), "__CSS__": _page_file("explorer.css"),
             "__NOSCRIPT__": escape(Localizer(lang)("explore.file.noscript")),
             "__LEVERS__": rows, "__PROVENANCE__": escape(f"hpresearch {__version__}"),
             "__DATA__": _script_json(data), "__SCRIPT__": script}
    page = _page_file("explorer.html")
    for key in ("__LANG__", "__VERSION__", "__TITLE__", "__CSS__", "__NOSCRIPT__",
                "__LEVERS__", "__PROVENANCE__", "__DATA__"):
        page = page.replace(key, parts[key])
    return page.replace("__SCRIPT__", parts["__SCRIPT__"])


def explorer_html(answers: Iterable) -> str:
    """The single-file explorer for ``answers`` (see the module docstring)."""
    return render_html(explorer_data(answers))


def export(path: str | Path, scenarios: Iterable[str], *, basis: str = "gso",
           draws: int = DRAWS, seed: int = REPORT_SEED) -> Path:
    """Write the explorer for ``scenarios`` (both boundaries, the reports' answers) to
    ``path`` atomically (a temporary file renamed into place); return ``path``."""
    from hpresearch.fileio import atomic_write
    from hpresearch.report.answers import answer

    answers = [answer(s, boundary=b, basis=basis, draws=draws, seed=seed)
               for b in BOUNDARIES for s in scenarios]
    return atomic_write(Path(path), explorer_html(answers), fsync=True)


def write_explorer(out_dir: Path, jobs) -> Path | None:
    """Write ``explorer.html`` into a report folder for the summary's answers
    (:func:`hpresearch.render.summary.summary_answers`: this render's scenarios and those on
    disk, from the result store) and record it (:func:`hpresearch.render.ownership.
    write_file`); None when there is no scenario report or a foreign file holds the name."""
    from hpresearch.render.ownership import write_file
    from hpresearch.render.summary import summary_answers

    answers = summary_answers(out_dir, jobs)
    if not answers:
        return None
    return write_file(out_dir, "explorer.html", explorer_html(answers).encode("utf-8"))


def read_data(html: str) -> dict[str, Any]:
    """The data a written page holds (:func:`explorer_data`), read back from its HTML."""
    import re

    found = re.search(r'<script type="application/json" id="explorer-data">(.*?)</script>',
                      html, re.S)
    if found is None:
        raise ValueError("explorer: page: no explorer data found")
    return json.loads(found.group(1).replace("<\\/", "</").replace("<\\!--", "<!--"))
