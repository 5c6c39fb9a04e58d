"""Sentences generated from results, in Vietnamese or English.

Every number in a sentence comes from the result passed in; the wording comes from the
message catalogue (``narr.*`` keys) and the formatting from Babel through
:class:`~hpresearch.i18n.Localizer`. Functions take plain numbers (fractions for
shares and probabilities, VND billion for money) so they can be tested by hand.

Example (English)::

    The probability of reaching 40.0% by 2030 is 12%.
"""
from __future__ import annotations

import math

from babel.lists import format_list

from hpresearch.i18n import Localizer, has


def _ok(value) -> bool:
    return value is not None and not (isinstance(value, float) and math.isnan(value))


def join(items, L: Localizer) -> str:
    """Join items as a natural-language list (``a, b and c`` / ``a, b và c``)."""
    items = [str(i) for i in items]
    return format_list(items, locale=L.lang) if items else ""


def probability(L: Localizer, *, prob: float, target: float, year: int) -> str:
    """``The probability of reaching 40.0% by 2030 is 12%.``"""
    return L("narr.probability", prob=L.percent(prob, 0), target=L.percent(target), year=year)


def crossing(L: Localizer, *, cross_year: int | None, target: float, end_year: int) -> str:
    """When the (median) path first reaches the target, or that it does not."""
    if _ok(cross_year):
        return L("narr.crosses", target=L.percent(target), year=int(cross_year))
    return L("narr.never_crosses", target=L.percent(target), end_year=end_year)


def drivers(L: Localizer, *, names, year: int) -> str:
    """``The largest drivers of the 2030 share are a, b and c.``"""
    names = list(names)
    if not names:
        return ""
    return L("narr.drivers", year=year, names=join(names, L))


def _backtest_band(L: Localizer, part: dict, level: int, bands_key: str) -> str:
    """One coverage sentence: ``<bands>: the 80% band held ... (95% interval ...); verdict.``"""
    lo, hi = part[f"ci{level}"]
    verdict = part[f"verdict{level}"] or "not_scored"
    return L("narr.bt_band", bands=L(bands_key), level=L.percent(level / 100, 0),
             coverage=L.percent(part[f"coverage{level}"], 0), n=part["n_band"],
             low=L.percent(lo, 0), high=L.percent(hi, 0),
             verdict=L(f"narr.bt_verdict.{verdict}", level=L.percent(level / 100, 0))
             if verdict == "consistent" else L(f"narr.bt_verdict.{verdict}"))


def backtest(L: Localizer, summary: dict) -> str:
    """How the engine would have done: accuracy against the benchmarks, then band coverage.

    Parameters
    ----------
    summary : dict
        :func:`hpresearch.report.facts.backtest_summary`.

    Returns
    -------
    str
        Sentences: mean absolute errors by kind (engine, statistical benchmark, naive trend);
        per kind of quantity, the coverage of the raw and of the calibrated 80% band with its
        95% interval and whether the band is too narrow or too wide (the 50% band is in the
        table); warm-up and zero-width
        counts; the conditional mode's share errors.
    """
    out = []
    acc = summary.get("accuracy")
    raw = summary.get("engine_raw")
    if acc is not None and len(acc) and raw is not None:
        parts = []
        for kind in acc.index:
            row = acc.loc[kind]

            def fmt(m, row=row, kind=kind):
                v = row.get(m)
                if not _ok(v):
                    return "–"
                return L.percent(v, 1) if kind == "level" else L.points(v)

            parts.append(L(f"narr.bt_err_{kind}", engine=fmt("engine"),
                           benchmark=fmt("ar1_logdrift"), naive=fmt("naive")))
        out.append(L("narr.bt_accuracy", n=raw["n"], parts=join(parts, L)))
    for kind, parts in (summary.get("kinds") or {}).items():  # the 80% band, per kind
        for key, bands_key in (("raw", "narr.bt_bands_raw"),
                               ("calibrated", "narr.bt_bands_calibrated")):
            part = (parts or {}).get(key)
            if part is None or part["n_band"] == 0:
                continue
            out.append(L("narr.bt_kind", kind=L(f"narr.bt_kind.{kind}"),
                         text=_backtest_band(L, part, 80, bands_key)))
    cal = summary.get("engine_calibrated")
    if cal is not None and cal["n_warmup"]:
        out.append(L("narr.bt_warmup", n=cal["n_warmup"], min=summary.get("min_errors") or 0))
    if summary.get("zero_width"):
        methods = [L.label("method", m) for m in summary.get("zero_width_methods", [])]
        out.append(L("narr.bt_zero_width", n=summary["zero_width"], methods=join(methods, L)))
    cond = summary.get("engine_conditional")
    if cond is not None and cond["n"]:
        out.append(L("narr.bt_conditional", mae=L.points(cond["mae"]), n=cond["n"],
                     bias=L.points(cond["bias"])))
    return " ".join(out)


def share_record(L: Localizer, record) -> str:
    """The engine's share record and what it supports: n, geographies, MAE against the naive
    trend, the sign test, and the basis every probability of the reports carries."""
    return L("narr.bt_share_record", n=record.n, geographies=record.n_geographies,
             engine=L.points(record.mae, 2),
             naive=L.points(record.mae_by_method.get("naive", math.nan), 2),
             below=record.n_below, p=L.number(record.sign_p, 3),
             basis=record.basis_text(L.lang))


def base_figures(L: Localizer, facts: dict, boundary: str) -> str:
    """Which published share belongs to which city, and where the projections start.

    ``facts`` is :func:`hpresearch.report.overview.base_figures`. On the merged boundary the
    old city's latest share (29.7% for 2023) and the merged city's starting share (23.7%,
    derived from its one published 2021-2025 figure) are both named with their city, and
    said to be two boundaries, not a fall over time.
    """
    old, merged, start = facts["old"], facts["merged"], facts["start"]
    parts = []
    if old is not None:
        parts.append(L("narr.base.old", share=L.percent(old["value"] / 100),
                       year=int(old["year"]), basis=L.label("basis_short", old["basis"])))
    if merged is not None:
        parts.append(L("narr.base.merged", share=L.percent(merged["value"] / 100),
                       period=str(merged["period"]).replace("-", "–"),
                       basis=L.label("basis_short", merged["basis"])))
    if start is not None:
        how = f"base_how.{start['method']}"
        parts.append(L("narr.base.start", share=L.percent(start["share"]), year=start["year"],
                       how=L(how) if has(how) else L("cal.derived")))
    if boundary == "merged" and old is not None and start is not None:
        parts.append(L("narr.base.two_cities"))
    return " ".join(parts) if parts else L("txt.no_share")


def comparison(L: Localizer, *, year: int, rows) -> str:
    """Rank scenarios by their ``year`` share; ``rows`` = [(title, share), …]."""
    rows = sorted(((str(a), float(b)) for a, b in rows if _ok(b)), key=lambda r: -r[1])
    if not rows:
        return ""
    (best, best_share), (worst, worst_share) = rows[0], rows[-1]
    return L("narr.comparison", n=len(rows), year=year, best=best,
             best_share=L.percent(best_share), worst=worst, worst_share=L.percent(worst_share))


# ---------------------------------------------------------------------------------------
# The answer first (issue 12 §1): one sentence and four cards from a ScenarioAnswer
# ---------------------------------------------------------------------------------------
def target_text(L: Localizer, target) -> str:
    """A target share as a reader says it: ``above 35%`` for a ``>35%`` target (``gt``),
    ``at least 35%`` for ``gte`` (``ans.target_<qualifier>``); exact targets as the number."""
    value = L.percent(target.value, 0 if round(target.value * 100, 6).is_integer() else 1)
    key = f"ans.target_{target.qualifier}"
    return L(key, value=value) if target.qualifier and has(key) else value


def source_text(L: Localizer, target) -> str:
    """``publisher, date`` of a target's source (``–`` when the scenario set it)."""
    if not target.publisher:
        return L("ans.source_scenario")
    date = L.date(target.published) if target.published else None
    return f"{target.publisher}, {date}" if date else target.publisher


def goal_text(L: Localizer, answer) -> str:
    """The 40% goal: as stated (old city) or its merged-city equivalent."""
    if answer.goal40.kind == "goal40_equivalent":
        return L("ans.goal_equivalent", value=goal_equivalent_text(L, answer.goal40))
    return L("ans.goal_stated")


def answer_sentence(L: Localizer, answer, title: str) -> str:
    """The one-sentence answer: median share and band, the gap, both probabilities."""
    s = answer.share
    gap = answer.gap
    gap_text = L("ans.gap_short" if gap > 0 else "ans.gap_over", gap=L.points(abs(gap)))
    from hpresearch.i18n import headline

    return L("ans.sentence", scenario=headline(title) or str(title), city=L(f"ans.city.{answer.boundary}"),
             year=answer.year, median=L.percent(s["median"]), low=L.percent(s["p10"]),
             high=L.percent(s["p90"]), gap_text=gap_text,
             target=target_text(L, answer.official), p_target=L.percent(answer.p_official, 0),
             goal_text=goal_text(L, answer), p_goal=L.percent(answer.p_goal40, 0))


def basis_sentence(L: Localizer, answer) -> str:
    """What every probability of the answer rests on, and where its baseline comes from
    (:mod:`hpresearch.backtest.record`, ``naive_baseline_weight``)."""
    text = L("ans.basis", basis=answer.basis_text(L.lang))
    w = answer.baseline_weight
    if w == 1.0:
        text += " " + L("ans.baseline_naive", n=answer.record.n,
                        engine=L.points(answer.record.mae_by_method.get("engine", math.nan), 2),
                        naive=L.points(answer.record.mae_by_method.get("naive", math.nan), 2))
    elif w == 0.0:
        text += " " + L("ans.baseline_engine")
    return text


def outside_sentence(L: Localizer, answer) -> str:
    """The outside view beside the model's probabilities: P of the official target and of
    the 40% goal under the reference class of recorded changes in digital shares."""
    ov, og = answer.outside.get("official"), answer.outside.get("goal40")
    if ov is None:
        return ""
    return L("ans.outside", target=target_text(L, answer.official),
             p_model=L.percent(answer.p_official, 0), p_outside=L.percent(ov.probability, 0),
             p_goal_model=L.percent(answer.p_goal40, 0),
             p_goal_outside=L.percent(og.probability, 0) if og is not None else "–",
             basis=ov.basis_text(L.lang))


def goal_equivalent_text(L: Localizer, goal) -> str:
    """The merged-city equivalent of the 40% goal with its range over methods."""
    if math.isfinite(goal.low) and math.isfinite(goal.high) and goal.high > goal.low:
        return L("ans.goal_range", value=L.percent(goal.value), low=L.percent(goal.low),
                 high=L.percent(goal.high))
    return L.percent(goal.value)


def _money(L: Localizer, value: float, unit: str) -> str:
    return L.money(value, unit, 1 if unit == "usd_bn" else 0)


def requirement_note(L: Localizer, answer) -> str:
    """What the requirement card's figure means: P80, deterministic, commitments, pace."""
    from hpresearch.invest.requirements import required_level
    from hpresearch.report.facts import lever_unit

    req = answer.requirement
    unit = lever_unit(answer.lever)
    parts = []
    for key, r in (("ans.req_p80", req.p80), ("ans.req_deterministic", req.deterministic)):
        level = required_level(r)
        parts.append(L(key, value=_money(L, level, unit) if math.isfinite(level)
                       else L("hl.unreachable")))
    text = " · ".join(parts)
    if req.median.committed > 0:
        text += ". " + L("ans.req_committed", committed=_money(L, req.median.committed, unit),
                         open=_money(L, req.median.value, unit))
    fast = [name for name, r in req.rows().items() if r.status == "too_fast"]
    if fast:
        which = (L("ans.row.all") if len(fast) == 3
                 else join([L(f"ans.row.{name}") for name in fast], L))
        text += ". " + L("ans.req_too_fast", which=which[:1].upper() + which[1:],
                         limit=L.points(req.deterministic.pace_limit), year=answer.year,
                         credible=L.percent(req.deterministic.credible_share))
    return text[:1].upper() + text[1:] + "."


def reality_sentence(L: Localizer, answer) -> str:
    """The median requirement beside what the city has attracted
    (:mod:`hpresearch.invest.reality`); ``""`` when it has no comparison."""
    reality = answer.requirement.median.reality
    return (L("ans.reality_median") + ": " + reality.text(L.lang)) if reality is not None else ""


def answer_cards(L: Localizer, answer) -> list[tuple[str, str, str]]:
    """The four headline cards ``(label, value, note)`` of a scenario report; the
    requirement card leads with the verdict (:func:`verdict_card`), the amount second."""
    s = answer.share
    req = answer.requirement
    y0, y1 = req.median.policy_years
    eq = (L("ans.card_goal_eq", value=goal_equivalent_text(L, answer.goal40))
          if answer.goal40.kind == "goal40_equivalent" else "")
    basis = L(f"ans.card_basis.{answer.probability_basis}")
    required, required_note = verdict_card(L, answer)
    return [
        (L("ans.card_share", year=answer.year), L.percent(s["median"]),
         L("ans.card_band", low=L.percent(s["p10"]), high=L.percent(s["p90"]))),
        (L("ans.card_official", target=target_text(L, answer.official)),
         L.percent(answer.p_official, 0),
         basis + " · " + L("ans.card_source", source=source_text(L, answer.official))),
        (L("ans.card_goal", eq=eq), L.percent(answer.p_goal40, 0),
         basis + " · " + L("ans.card_source", source=source_text(L, answer.goal40))),
        (L("ans.card_required", lever=L.label("lever", answer.lever), y0=y0, y1=y1),
         required, required_note),
    ]


def central_note(L: Localizer, sim, registry=None) -> str:
    """Where the deterministic path sits in the model's simulated distribution, the source
    of uncertainty that skews it when it lies outside the 35th-65th percentile, and which
    way the fan calibration's bias correction moves the median (``""`` without a rank)."""
    rank = getattr(sim, "deterministic_rank", float("nan"))
    if not _ok(rank):
        return ""
    skew = getattr(sim, "skew", None) or {}
    mechanism = skew.get("mechanism")
    if mechanism:
        spec = registry.get(mechanism) if registry is not None else None
        name = spec.text("title", L.lang) if spec is not None else L.label("shock", mechanism)
        text = L("ans.skew", rank=L.number(100 * rank, 1), name=name,
                 rank_without=L.number(100 * float(skew.get("rank_without", rank)), 1))
    else:
        text = L("ans.central", rank=L.number(100 * rank, 1))
    bias = _fan_bias(sim)
    if bias:
        text += " " + L("ans.bias_up" if bias > 0 else "ans.bias_down")
    return text


def _fan_bias(sim) -> float:
    """The fan calibration's bias at the target year's horizon, steps ahead of the base year (in units of sigma; ``> 0``:
    the engine under-forecast, so the calibrated median lies above the model's); ``0.0``
    without a calibration."""
    fan = getattr(sim, "fan", None)
    if not fan:
        return 0.0
    from hpresearch.uncertainty.fan_scaling import FanCalibration

    row = FanCalibration.from_dict(fan).at(max(1, int(sim.target_year) - int(sim.years[0])))
    b = None if row is None else row.get("bias")
    return float(b) if _ok(b) else 0.0


# ---------------------------------------------------------------------------------------
# The verdict first (issue 20 §1) and why the share moves (issue 20 §2)
# ---------------------------------------------------------------------------------------
#: Requirement statuses that answer "reachable at a credible pace".
REACHABLE = ("solved", "already_reached")


def _short_basis(L: Localizer, basis: str) -> str:
    """The probability's basis in a few words (``model assumptions only``), lower case."""
    text = L(f"ans.card_basis.{basis}")
    return text[:1].lower() + text[1:]


def amount_text(L: Localizer, answer) -> str:
    """The median requirement a year with its multiple of the record year of registered FDI
    and, where known, of the scenario's own total registered FDI in its base year
    (:mod:`hpresearch.invest.reality`); ``""`` when not reachable."""
    from hpresearch.invest.requirements import required_level
    from hpresearch.report.facts import lever_unit

    level = required_level(answer.requirement.median)
    if not math.isfinite(level):
        return ""
    amount = _money(L, level, lever_unit(answer.lever))
    reality = answer.requirement.median.reality
    if reality is None or reality.record is None or not math.isfinite(reality.x_record):
        return L("verdict.amount_plain", amount=amount)
    x_base = ""
    if reality.scenario is not None:
        year, total = reality.scenario.base
        if math.isfinite(total) and total > 0:
            x_base = L("verdict.x_base", x=L.number(reality.level_usd_bn / total, 1), year=year)
    return L("verdict.amount_record", amount=amount, x=L.number(reality.x_record, 1),
             year=reality.record.period, x_base=x_base)


def verdict(L: Localizer, answer) -> str:
    """The one sentence that answers the question, before any number without it.

    Reachable or not at a credible pace (the median requirement's status:
    ``solved``/``already_reached``, ``too_fast`` with the pace limit and the most that pace
    reaches by the target year, ``unreachable``), the probability of the official target
    with its basis, and the amount it would take set against the record year of registered
    FDI (:func:`amount_text`).
    """
    req = answer.requirement
    status = req.median.status
    common = {"year": answer.year, "target": target_text(L, answer.official),
              "p": L.percent(answer.p_official, 0),
              "basis": _short_basis(L, answer.probability_basis)}
    if status == "too_fast":
        return L("verdict.too_fast", credible=L.percent(req.deterministic.credible_share),
                 limit=L.points(req.deterministic.pace_limit),
                 amount_text=amount_text(L, answer), **common)
    if status == "solved":
        return L("verdict.solved", amount_text=amount_text(L, answer), **common)
    if status in ("already_reached", "unreachable"):
        return L(f"verdict.{status}", **common)
    raise ValueError(f"requirement status: value {status!r} is not one of solved, "
                     "already_reached, too_fast, unreachable")


def _in_sentence(title: str) -> str:
    """A title inside a sentence: its first letter lower case, unless it opens an
    abbreviation (``ICOR``, ``FDI``)."""
    return title[:1].lower() + title[1:] if title[1:2].islower() else title


def requirement_drivers(L: Localizer, table, *, lever: str, target, year: int,
                        n: int = 3) -> str:
    """Why parameters that barely move the share still matter: the ``n`` largest swings of
    the investment the target takes (``table`` is :func:`hpresearch.report.facts.
    tornado_table` of :func:`hpresearch.uncertainty.sensitivity.requirement_tornado`)."""
    from hpresearch.report.facts import lever_unit

    unit = lever_unit(lever)
    rows = table.dropna(subset=["output_low", "output_high"]).head(n)
    items = [L("narr.requirement_item", title=_in_sentence(r["title"]),
               low=_money(L, min(r["output_low"], r["output_high"]), unit),
               high=_money(L, max(r["output_low"], r["output_high"]), unit))
             for _, r in rows.iterrows()]
    return L("narr.requirement_drivers", year=year, lever=L.label("lever", lever),
             target=target_text(L, target), items=join(items, L))


def scenario_verdict(L: Localizer, answer) -> str:
    """:func:`verdict` with its scenario named: how the pages that are not about one scenario
    (data overview, calibration, backtest) open."""
    from hpresearch.i18n import headline

    title = answer.titles[L.lang]
    return L("verdict.for_scenario", scenario=headline(title) or title,
             verdict=verdict(L, answer))


def verdict_card(L: Localizer, answer) -> tuple[str, str]:
    """The requirement card's value (the verdict in a few words) and its note (the amount
    and its multiple of the record year, then :func:`requirement_note`)."""
    from hpresearch.invest.requirements import required_level
    from hpresearch.report.facts import lever_unit

    req = answer.requirement
    status = req.median.status
    if status == "too_fast":
        value = L("verdict.card.too_fast", credible=L.percent(req.deterministic.credible_share),
                  year=answer.year)
    elif status == "solved":
        value = L("verdict.card.solved",
                  amount=_money(L, required_level(req.median), lever_unit(answer.lever)))
    else:
        value = L(f"verdict.card.{status}")
    amount = amount_text(L, answer)
    note = requirement_note(L, answer)
    return value, (L("verdict.card_amount", amount_text=amount) + ". " + note if amount
                   else note)


def _signed(L: Localizer, diff: float) -> str:
    return ("+" if diff > 0 else "") + L.points(diff, 1)


def scenario_differences(L: Localizer, table, reference: str) -> str:
    """Why each scenario ends above or below ``reference`` (a title in ``table``, from
    :func:`hpresearch.report.compare.attribution_table`): the difference of its end share
    and the two drivers whose contributions differ most from the reference's, with those
    differences (two, because opposite pulls can cancel: more core capacity against a
    faster-growing GRDP)."""
    from hpresearch.model.attribution import PARTS

    ref = table.set_index("title").loc[reference]
    items = []
    for _, row in table[table["title"] != reference].iterrows():
        diffs = {part: float(row[part] - ref[part]) for part in PARTS}
        top = sorted(diffs, key=lambda k: -abs(diffs[k]))[:2]
        parts = ", ".join(f"{_in_sentence(L(f'attr.part.{k}'))} {_signed(L, diffs[k])}"
                          for k in top)
        items.append(L("attr.vs_item", scenario=row["title"],
                       diff=_signed(L, float(row["end"] - ref["end"])), parts=parts))
    return L("attr.vs", reference=reference, year=table.attrs.get("year", ""),
             items="; ".join(items)) if items else ""


def attribution_sentence(L: Localizer, parts) -> str:
    """Why the share moves: its change from the base year to the target year and what each
    driver contributes (:func:`hpresearch.model.attribution.attribute`)."""
    a = parts.attrs
    return L("attr.sentence", start=L.percent(a["start"]), end=L.percent(a["end"]),
             y0=a["base_year"], y1=a["year"], total=_signed(L, a["total"]),
             **{name: _signed(L, float(parts[name])) for name in parts.index})
