"""The text of ``goal-seek --levers A,B --costs A=W,... --bounds A=LO:HI,...``.

Only the command line's syntax is read here (commas, ``NAME=VALUE``, ``LO:HI``); the items
go to :func:`hpresearch.invest.goalseek.solve` as ``(name, text)`` pairs, which checks names,
numbers and limits the same way for the command line and the library
(:func:`hpresearch.invest.leastcost.check_costs`, :func:`~hpresearch.invest.leastcost.check_bounds`).
"""
from __future__ import annotations

from hpresearch.errors import UsageError, error_message


def split_levers(text: str) -> list[str]:
    """``"A,B,C"`` as names, none empty."""
    raw = text.split(",")
    if any(not r.strip() for r in raw):
        raise UsageError(error_message(where="--levers", value=text,
                                       rule="must be comma-separated lever names, none empty "
                                            "(e.g. core_domestic_investment,fdi_digital,"
                                            "dx_spending)"))
    return [r.strip() for r in raw]


def split_items(text: str | None, where: str) -> list[tuple[str, str]]:
    """``"A=x,B=y"`` as ``[(name, value text)]`` (repeats kept, for the check to refuse)."""
    if text is None:
        return []
    items = []
    for part in text.split(","):
        if "=" not in part:
            raise UsageError(error_message(where=where, value=part,
                                           rule="must be NAME=VALUE items separated by commas"))
        name, _, val = part.partition("=")
        items.append((name.strip(), val.strip()))
    return items


def split_bounds(text: str | None) -> list[tuple[str, tuple[str | None, str | None]]]:
    """``"A=LO:HI"`` as ``[(name, (lo, hi))]``; an empty side is ``None`` (the hard limit)."""
    out = []
    for name, val in split_items(text, "--bounds"):
        if ":" not in val:
            raise UsageError(error_message(where="--bounds", value=f"{name}={val}",
                                           rule="must be NAME=LO:HI (e.g. fdi_digital=0:5; "
                                                "an empty side keeps the hard limit)"))
        lo, _, hi = val.partition(":")
        out.append((name, (lo.strip() or None, hi.strip() or None)))
    return out
