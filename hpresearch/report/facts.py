"""Report-ready tables and headline facts from projection, goal-seek and Monte Carlo results.

Pure functions: they reshape the outputs of :func:`hpresearch.model.projection`,
:func:`hpresearch.invest.goal_seek`, :func:`hpresearch.uncertainty.montecarlo.simulate`,
:func:`hpresearch.uncertainty.montecarlo.scenario_tornado` and
:func:`hpresearch.backtest.run_backtest` into the small tables a report shows.
Values stay in model units (fractions, VND/USD billion); formatting happens at display.
"""
from __future__ import annotations

import math

import numpy as np
import pandas as pd


def text_of(obj, field: str, lang: str, fallback: str = "") -> str:
    """``obj.text(field, lang)`` when the object offers translations, else its attribute."""
    method = getattr(obj, "text", None)
    if callable(method):  # scenarios and registry parameters
        return str(method(field, lang))
    value = getattr(obj, field, None)
    if value is None and isinstance(getattr(obj, "meta", None), dict):
        value = obj.meta.get(field)
    return str(value) if value else fallback


def median_crossing(bands: pd.DataFrame, target: float) -> int | None:
    """First year whose median share (``p50``) reaches ``target``, or None."""
    hit = bands.index[bands["p50"] >= target]
    return int(hit[0]) if len(hit) else None


def lever_unit(lever: str) -> str:
    """Money unit code of a lever from its name (``fdi_digital_usd_bn`` -> ``usd_bn``)."""
    return "usd_bn" if lever.endswith("_usd_bn") else "vnd_bn"


def headline(sim, gs) -> dict:
    """Headline numbers: median share and 80% band in the target year, P(target), lever."""
    year = sim.target_year
    b = sim.bands.loc[year]
    out = {"year": year, "target": sim.target, "median": float(b["p50"]),
           "low": float(b["p10"]), "high": float(b["p90"]), "p_target": sim.p_target,
           "deterministic": float(sim.deterministic.loc[year]),
           "crossing": median_crossing(sim.bands, sim.target),
           "end_year": int(sim.bands.index.max())}
    if gs is not None:
        out.update({"lever": gs.lever, "lever_unit": lever_unit(gs.lever), "status": gs.status,
                    "required": gs.value, "required_vnd_bn": gs.value_vnd_bn,
                    "required_pct_grdp": gs.pct_of_grdp, "best_share": gs.best_share,
                    "latest_year": gs.latest_actual[0] if gs.latest_actual else None,
                    "latest_value": gs.latest_actual[1] if gs.latest_actual else None})
    return out


PROJECTION_COLUMNS = ("de_share", "de_share_core", "de_share_digitalised",
                      "grdp_current_vnd_bn", "digital_va_current_vnd_bn",
                      "grdp_constant_vnd_bn", "core_domestic_investment_vnd_bn",
                      "fdi_digital_usd_bn", "dx_spending_vnd_bn")


def projection_table(proj: pd.DataFrame) -> pd.DataFrame:
    """Deterministic projection: one row per year, the columns a reader needs."""
    cols = [c for c in PROJECTION_COLUMNS if c in proj.columns]
    return proj[cols].reset_index().rename(columns={"index": "year"})


def probability_table(sim) -> pd.DataFrame:
    """Per year: median and 80% band of the share, P(share ≥ target), P(crossed by)."""
    t = sim.bands[["p10", "p50", "p90"]].join(sim.probabilities)
    t.insert(0, "deterministic", sim.deterministic.reindex(t.index).to_numpy())
    return t.reset_index()


def format_path(value, lang: str = "en") -> str:
    """A parameter value as readable text: year path ``{"2026": 0.135}`` -> ``2026: 0.135``.

    Numbers keep up to six decimals in the conventions of ``lang`` (``0,135`` in Vietnamese).
    """
    from babel.numbers import format_decimal

    def num(v):
        if isinstance(v, bool) or not isinstance(v, (int, float)):
            return str(v)
        return format_decimal(v, format="#,##0.######", locale=lang)

    if isinstance(value, dict):
        return "; ".join(f"{k}: {num(v)}" for k, v in value.items())
    return num(value)


def _plain(value):
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value if isinstance(value, (int, float, str)) or value is None else str(value)


def tornado_table(torn: pd.DataFrame, registry=None, output: str = "share",
                  lang: str = "en") -> pd.DataFrame:
    """One-at-a-time swings of one output, largest first, with the parameter's title."""
    t = torn[torn["output"] == output].sort_values("swing", ascending=False)
    titles = [text_of(registry[p], "title", lang, p) if registry and p in registry else p
              for p in t["parameter"]]
    out = t[["parameter", "low", "high", "output_low", "output_high", "swing"]].copy()
    out.insert(1, "title", titles)
    return out.reset_index(drop=True)


def top_drivers(torn: pd.DataFrame, registry=None, n: int = 3, lang: str = "en") -> list[str]:
    """Titles of the ``n`` parameters with the largest swing of the target-year share."""
    return list(tornado_table(torn, registry, lang=lang)["title"].head(n))


def assumptions_table(scenario, registry, lang: str = "en") -> pd.DataFrame:
    """Every parameter the scenario sets (own file or its base chain), with its citation."""
    rows = []
    for name, value in scenario.params.items():
        spec = registry.get(name)
        rows.append({"parameter": name,
                     "title": text_of(spec, "title", lang, name) if spec else name,
                     "unit": text_of(spec, "unit", lang) if spec else "",
                     "scenario_value": format_path(value, lang),
                     "set_in": scenario.name if name in scenario.own_params else
                     " > ".join(scenario.chain[:-1]) or scenario.name,
                     "citation": getattr(spec, "citation", "")})
    out = pd.DataFrame(rows, columns=["parameter", "title", "unit", "scenario_value", "set_in",
                                      "citation"])
    out["scenario_value"] = out["scenario_value"].astype(str)
    return out


def registry_defaults_table(registry, lang: str = "en") -> pd.DataFrame:
    """Every model parameter's default, unit, plausible range (a model option: its choices)
    and citation."""
    rows = []
    for name, spec in registry.items():
        rows.append({"parameter": name, "title": text_of(spec, "title", lang, name),
                     "unit": text_of(spec, "unit", lang),
                     "default": _default_text(spec, lang),
                     "plausible": (" / ".join(spec.choices) if getattr(spec, "choices", ())
                                   else _range_text(getattr(spec, "plausible", (None, None)),
                                                    lang, getattr(spec, "kind", "") == "integer")),
                     "citation": spec.citation})
    out = pd.DataFrame(rows)
    out["default"] = out["default"].astype(str)
    return out


def _default_text(spec, lang: str) -> str:
    from hpresearch.i18n import t

    default = getattr(spec, "default", None)
    if default is None:
        return t("txt.calibrated_default", lang) if getattr(spec, "calibrated", None) else ""
    if getattr(spec, "kind", "") == "integer" and isinstance(default, (int, float)):
        return str(int(default))
    return format_path(default, lang)


def _range_text(bounds, lang: str = "en", integer: bool = False) -> str:
    lo, hi = (tuple(bounds) + (None, None))[:2]
    if lo is None and hi is None:
        return ""

    def one(v):
        if v is None:
            return ""
        return str(int(v)) if integer else format_path(float(v), lang)
    return f"{one(lo)} – {one(hi)}"


def calibration_sources_table(proj: pd.DataFrame) -> pd.DataFrame:
    """Calibrated starting values and where each comes from (``project`` attrs)."""
    cal = proj.attrs.get("calibration", {})
    notes = proj.attrs.get("calibration_notes", {})
    rows = [{"item": k, "value": _plain(float(v)) if isinstance(v, (int, float)) else str(v),
             "source": notes.get(k.split(" ")[0], "")} for k, v in cal.items()]
    out = pd.DataFrame(rows, columns=["item", "value", "source"])
    out["value"] = out["value"].astype(object)
    return out


#: Display kind of each calibrated value (by name without a ``(derived)`` suffix).
CALIBRATION_KINDS = {"boundary": "label:boundary", "basis": "label:basis", "base_year": "year",
                     "grdp_constant_vnd_bn": "vnd_bn", "grdp_current_vnd_bn": "vnd_bn",
                     "deflator": "number2", "de_share": "percent", "trend_real_growth": "percent",
                     "trend_deflator_growth": "percent", "total_investment_ratio": "percent",
                     "fdi_ratio": "percent", "dx_ratio": "percent2",
                     "adoption_speed": "percent", "fdi_disbursement_ratio": "percent",
                     "fdi_mean_lag": "number2", "official_target_2030": "percent"}


def calibration_kinds(table: pd.DataFrame) -> dict[str, str]:
    """Display kinds for the rows of :func:`calibration_sources_table`."""
    return {item: CALIBRATION_KINDS.get(str(item).split(" ")[0], "number")
            for item in table["item"]}


def calibration_labels(table: pd.DataFrame, lang: str) -> dict[str, str]:
    """Row labels for :func:`calibration_sources_table` from the ``cal.*`` catalogue keys."""
    from hpresearch.i18n import has, t

    out = {}
    for item in table["item"]:
        base, _, rest = str(item).partition(" ")
        if has(f"cal.{base}"):
            out[item] = t(f"cal.{base}", lang) + (
                f" ({t('cal.derived', lang)})" if rest == "(derived)" else
                f" {rest}" if rest else "")
    return out


#: Rows of the report's backtest table, in order: (method, mode, bands).
BACKTEST_ROWS = (("engine", "unconditional", "calibrated"), ("engine", "unconditional", "raw"),
                 ("engine", "conditional", "calibrated"), ("engine", "conditional", "raw"),
                 ("ar1_logdrift", "", "raw"), ("naive", "", "none"))
#: Series kinds of the backtest, in report order.
BACKTEST_KINDS = ("growth", "share", "level")


def _verdict_code(text) -> str:
    """``"too narrow"`` -> ``"too_narrow"`` (catalogue group ``verdict``); empty stays empty."""
    return str(text).replace(" ", "_") if isinstance(text, str) and text else ""


def backtest_table(bt) -> pd.DataFrame:
    """Report table of backtest scores: per series (then pooled), one row per method.

    Columns ``series, method, mode, bands, n, n_band, mae_pp, bias_pp, coverage50, ci50,
    verdict50, coverage80, ci80, verdict80, n_warmup, n_zero_width``: ``n`` forecasts scored
    for the errors, ``n_band`` of them counted in the coverage; ``mae_pp``/``bias_pp`` in
    percentage points (percent of the outcome for GRDP levels), coverages as fractions,
    ``ci*`` the 95% Clopper-Pearson interval ``(low, high)``, verdicts as catalogue codes
    (``too_narrow``, ``too_wide``, ``consistent``, ``not_scored``; empty without a band).
    """
    s = bt.scores
    order = {key: i for i, key in enumerate(BACKTEST_ROWS)}
    names = [n for n in dict.fromkeys(s["series"]) if n != "all"] + ["all"]
    rows = []
    for name in names:
        part = s[s["series"] == name]
        part = part.assign(_o=[order.get((m, mo, b), 99) for m, mo, b in
                               zip(part["method"], part["mode"], part["bands"])])
        for r in part.sort_values("_o", kind="mergesort").itertuples(index=False):
            rows.append({"series": name, "method": r.method, "mode": r.mode, "bands": r.bands,
                         "n": int(r.n), "n_band": int(r.n_band),
                         "mae_pp": 100 * r.mae, "bias_pp": 100 * r.bias,
                         "coverage50": r.coverage50, "ci50": (r.coverage_low50, r.coverage_high50),
                         "verdict50": _verdict_code(r.verdict50), "coverage80": r.coverage80,
                         "ci80": (r.coverage_low80, r.coverage_high80),
                         "verdict80": _verdict_code(r.verdict80), "n_warmup": int(r.n_warmup),
                         "n_zero_width": int(r.n_zero_width)})
    return pd.DataFrame(rows)


def backtest_kind_table(bt) -> pd.DataFrame:
    """Report table of the scores per kind of quantity (:attr:`~hpresearch.backtest.rolling.
    BacktestResult.kind_scores`): one row per kind, method, mode and bands.

    Columns ``kind, method, mode, bands, n, n_geographies, mae_pp, mae_naive_pp, bias_pp,
    n_above, n_below, sign_p, coverage50, ci50, verdict50, coverage80, ci80, verdict80``
    (pp; percent of the outcome for GRDP levels; ``mae_naive_pp`` the naive trend's MAE on
    the same points; ``sign_p`` the two-sided sign test).
    """
    rows = []
    for r in bt.kind_scores.itertuples(index=False):
        rows.append({"kind": r.kind, "method": r.method, "mode": r.mode, "bands": r.bands,
                     "n": int(r.n), "n_geographies": int(r.n_geographies),
                     "mae_pp": 100 * r.mae, "mae_naive_pp": 100 * r.mae_naive,
                     "bias_pp": 100 * r.bias, "n_above": int(r.n_above),
                     "n_below": int(r.n_below), "sign_p": r.sign_p,
                     "coverage50": r.coverage50, "ci50": (r.coverage_low50, r.coverage_high50),
                     "verdict50": _verdict_code(r.verdict50), "coverage80": r.coverage80,
                     "ci80": (r.coverage_low80, r.coverage_high80),
                     "verdict80": _verdict_code(r.verdict80)})
    return pd.DataFrame(rows)


def city_out_of_sample_table(bt) -> pd.DataFrame:
    """The engine's one-year-ahead forecasts of Hai Phong's own quantities
    (:meth:`~hpresearch.backtest.rolling.BacktestResult.city_out_of_sample`): growth in
    percent, GRDP levels in VND bn; ``error`` in percentage points (growth) or percent of
    the outcome (levels)."""
    t = bt.city_out_of_sample()
    level = ~t["series"].str.contains("growth")
    scale = np.where(level, 1.0, 100.0)
    return pd.DataFrame({
        "series": t["series"], "origin": t["origin"], "year": t["year"],
        "forecast": t["forecast"] * scale, "actual": t["actual"] * scale,
        "error": np.where(level, 100 * t["error"] / t["actual"], 100 * t["error"]),
        "inside80": t["inside80"].map({True: "yes", False: "no"})})


def backtest_accuracy(bt) -> pd.DataFrame:
    """Mean absolute error by series kind (rows) and method (columns), pooled over series.

    Unconditional engine, ``ar1_logdrift`` and ``naive``; fractions for growth and shares
    (0.01 = 1 point), relative to the outcome for GRDP levels. Column ``n`` = forecasts.
    """
    f = bt.forecasts
    f = f[f["mode"].isin(["", "unconditional"])]
    out = {}
    for kind in BACKTEST_KINDS:
        g = f[f["kind"] == kind]
        if g.empty:
            continue
        row = {m: float(g.loc[g["method"] == m, "score_error"].abs().mean())
               for m in ("engine", "ar1_logdrift", "naive") if (g["method"] == m).any()}
        row["n"] = int((g["method"] == "engine").sum())
        out[kind] = row
    return pd.DataFrame.from_dict(out, orient="index")


def backtest_summary(bt) -> dict:
    """Headline backtest facts: pooled scores of the engine (raw, calibrated, conditional)
    and the benchmarks, accuracy by kind, warm-up and zero-width counts (and the methods
    with zero-width bands), the fan calibration.

    Every part is ``{n, n_band, n_warmup, n_zero_width, mae, bias, coverage50, ci50,
    verdict50, coverage80, ci80, verdict80}`` (verdicts as catalogue codes) or ``None``.
    """
    ks = bt.kind_scores

    def part(method, mode, bands, kind=None):
        if kind is None:
            r = bt.row(method, mode, bands)
        else:
            sel = ks[(ks["kind"] == kind) & (ks["method"] == method) & (ks["mode"] == mode)
                     & (ks["bands"] == bands)]
            r = sel.iloc[0] if len(sel) else None
        if r is None:
            return None
        return {"n": int(r["n"]), "n_band": int(r["n_band"]), "n_warmup": int(r["n_warmup"]),
                "n_zero_width": int(r["n_zero_width"]), "mae": float(r["mae"]),
                "bias": float(r["bias"]),
                "coverage50": float(r["coverage50"]),
                "ci50": (float(r["coverage_low50"]), float(r["coverage_high50"])),
                "verdict50": _verdict_code(r["verdict50"]),
                "coverage80": float(r["coverage80"]),
                "ci80": (float(r["coverage_low80"]), float(r["coverage_high80"])),
                "verdict80": _verdict_code(r["verdict80"])}

    f = bt.forecasts
    zero = f[f["zero_width"].astype(bool)] if len(f) else f
    zero_methods = list(dict.fromkeys(zero["method"])) if len(zero) else []
    cal = bt.settings.get("band_calibration", {})
    return {"engine_raw": part("engine", "unconditional", "raw"),
            "engine_calibrated": part("engine", "unconditional", "calibrated"),
            "engine_conditional": part("engine", "conditional", "raw"),
            "ar1_logdrift": part("ar1_logdrift", "", "raw"),
            "naive": part("naive", "", "none"),
            "accuracy": backtest_accuracy(bt), "zero_width": len(zero),
            "zero_width_methods": zero_methods,
            "min_errors": cal.get("min_errors"), "band_method": cal.get("method"),
            "fan": bt.fan.table if bt.fan is not None else None,
            "kinds": {k: {"raw": part("engine", "unconditional", "raw", k),
                          "calibrated": part("engine", "unconditional", "calibrated", k)}
                      for k in BACKTEST_KINDS},
            "record": bt.share_record()}


def requirement_table(req) -> pd.DataFrame:
    """The requirement of the official target as a distribution: one row per median, P80
    and deterministic level (whole requirement, committed and not yet committed part)."""
    t = req.table()
    out = pd.DataFrame({
        "requirement": list(t.index),
        "probability": [p if p is not None else float("nan") for p in t["probability"]],
        "achieved_probability": [p if p is not None else float("nan")
                                 for p in t["achieved_probability"]],
        "status": list(t["status"]),
        "total_value": t["total_value"].to_numpy(dtype=float),
        "committed": t["committed"].to_numpy(dtype=float),
        "not_committed": t["value"].to_numpy(dtype=float),
        "pct_of_grdp": t["pct_of_grdp"].to_numpy(dtype=float),
        "credible_share": t["credible_share"].to_numpy(dtype=float),
    })
    return out


def answer_table(answer) -> pd.DataFrame:
    """A compact ``item, value`` view of a :class:`~hpresearch.report.answers.ScenarioAnswer`
    (the pre-merger reference section)."""
    from hpresearch.invest.requirements import required_level

    s = answer.share
    r = answer.requirement
    rows = [("share_median", s["median"]), ("share_p10", s["p10"]), ("share_p90", s["p90"]),
            ("share_deterministic", s["deterministic"]),
            ("official_target", answer.official.value), ("p_official", answer.p_official),
            ("goal40", answer.goal40.value), ("p_goal40", answer.p_goal40),
            ("required_median", required_level(r.median)),
            ("required_p80", required_level(r.p80))]
    return pd.DataFrame(rows, columns=["item", "value"])


def chain_titles(scenario, lang: str = "en") -> list[str]:
    """Short titles (before the dash) of a scenario's ``modifies`` chain, base first; a link
    that cannot be loaded by name is shown by its name."""
    from hpresearch.model.scenario import load_scenario
    from hpresearch.i18n import headline

    out = []
    for name in scenario.chain:
        try:
            title = load_scenario(name).text("title", lang) if name != scenario.name \
                else scenario.text("title", lang)
        except Exception:  # noqa: BLE001 - a user file's base may only resolve from its folder
            title = str(name)
        out.append(headline(title) or str(name))
    return out
