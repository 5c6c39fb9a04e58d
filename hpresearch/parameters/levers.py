"""The goal-seek levers: their names, short aliases, money units and latest actual levels.

A lever is a registry parameter with ``lever: true`` (``parameters.yaml``): domestic
investment in core digital industries (VND bn/yr), registered FDI into core digital
industries (USD bn/yr) and digital-transformation spending (VND bn/yr). Goal-seek, the
Monte Carlo's required-investment distribution and the reports all name levers through
this module.
"""
from __future__ import annotations

from typing import Any, Mapping

from hpresearch.errors import UsageError, error_message, quoted
from hpresearch.parameters.registry import load_registry

#: Short names accepted for the levers.
LEVER_ALIASES = {
    "core_domestic_investment": "core_domestic_investment_vnd_bn",
    "core_investment": "core_domestic_investment_vnd_bn",
    "fdi_digital": "fdi_digital_usd_bn",
    "fdi": "fdi_digital_usd_bn",
    "dx_spending": "dx_spending_vnd_bn",
    "dx": "dx_spending_vnd_bn",
}


def levers() -> list[str]:
    """Names of the parameters goal-seek can solve for (registry order)."""
    return [n for n, s in load_registry().items() if s.lever]


def lever_name(name: str, where: str = "lever", item: str | None = None) -> str:
    """Canonical lever name (accepts the short aliases of :data:`LEVER_ALIASES`).

    ``where`` and ``item`` name the argument and the text the error quotes (default: the
    name itself), e.g. one item of a list of levers; :class:`~hpresearch.errors.UsageError`.
    """
    if name not in lever_choices():  # argspec's "lever" declaration reads the same list
        rule = f"is not one of {', '.join(lever_choices())}"
        raise UsageError(error_message(
            where=where, value=name if item is None else item,
            rule=rule if item is None else f"names {quoted(name)}, which {rule}"),
            argument=where)
    return LEVER_ALIASES.get(name, name)


def lever_choices() -> tuple[str, ...]:
    """Every accepted lever name: the levers, then their aliases."""
    return tuple(levers()) + tuple(LEVER_ALIASES)


def money_unit(lever: str) -> str:
    """Money unit code of a lever (``fdi_digital_usd_bn`` -> ``usd_bn``, else ``vnd_bn``)."""
    return "usd_bn" if lever.endswith("_usd_bn") else "vnd_bn"


def latest_actual(lever: str, calibration: Any, params: Mapping[str, Any]
                  ) -> tuple[int, float] | None:
    """Latest actual ``(year, level)`` of a lever, or ``None`` when the panel has none.

    DX spending is the observed budget. The two investment levers have no published split,
    so their latest actual is derived: total social investment x
    ``core_domestic_investment_share``, and registered FDI x ``digital_fdi_fraction``.
    """
    latest = calibration.latest
    if lever == "dx_spending_vnd_bn":
        return latest.get("dx_budget_vnd_bn")
    if lever == "fdi_digital_usd_bn":
        y, v = latest.get("fdi_usd_bn", (None, None))
        return None if y is None else (y, v * float(params["digital_fdi_fraction"]))
    y, v = latest.get("total_investment_vnd_bn", (None, None))
    return None if y is None else (y, v * float(params["core_domestic_investment_share"]))
