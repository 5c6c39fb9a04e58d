"""Options shared by several commands, declared once.

The allowed boundaries and bases come from :mod:`hpresearch.data.vocabulary` (the one
declaration used by the data layer, calibration, the renderer's parameter checks and the
CLI); the levers from the parameter registry (:func:`hpresearch.parameters.levers.levers`).
"""
from __future__ import annotations

from hpresearch.argspec import argtype
from hpresearch.data.vocabulary import BOUNDARIES as _BOUNDARIES
from hpresearch.data.vocabulary import DEFAULT_BOUNDARY
from hpresearch.data.vocabulary import PANEL_BASES

BOUNDARIES = tuple(_BOUNDARIES)
BASES = PANEL_BASES


def add_boundary_basis(parser) -> None:
    """Add ``--boundary/-b`` and ``--basis/-s`` with the project-wide defaults."""
    parser.add_argument("--boundary", "-b", type=argtype("boundary", "--boundary"),
                        default=DEFAULT_BOUNDARY, metavar="{" + ",".join(BOUNDARIES) + "}",
                        help="merged (default): Hai Phong with Hai Duong, the city since 1 July 2025; "
                        "pre_merger: the old city before the merger")
    parser.add_argument("--basis", "-s", type=argtype("basis", "--basis"), default="gso",
                        metavar="{" + ",".join(BASES) + "}",
                        help="gso: official statistics; mic: MIC/PTIT estimates")


def add_output_mode(parser) -> None:
    """Add ``--output-mode``: the registry parameter ``output_mode`` for this run (the same as
    ``--set output_mode=MODE``; see :func:`overrides_of`)."""
    from hpresearch.argspec import spec

    modes = spec("output_mode").allowed()
    parser.add_argument("--output-mode", type=argtype("output_mode", "--output-mode",
                                                      ("overrides",)),
                        default=None, metavar="{" + ",".join(modes) + "}",
                        help="what fixes real GRDP (default: the scenario's output_mode, "
                        "stated_total unless it sets one). stated_total: GRDP follows the stated "
                        "growth path and non-digital value added is the residual; additive: "
                        "non-digital value added grows at the stated rate and digital output "
                        "adds to GRDP (docs/model.md, 'Output mode')")


def overrides_of(args) -> list[str]:
    """The ``--set`` items of a command, with ``--output-mode MODE`` as
    ``output_mode=MODE`` after them (so it wins over a ``--set`` of the same parameter)."""
    items = list(getattr(args, "overrides", None) or [])
    if getattr(args, "output_mode", None) is not None:
        items.append(f"output_mode={args.output_mode}")
    return items


def check_combination(scenario, overrides=None, **context) -> None:
    """Check, before any work, what the scenario, ``--set`` overrides and the command's own
    arguments (``end_year``, ``target_year``) give together against the registry's
    combination rules (``hpresearch/parameters/constraints.yaml``). One-line error otherwise."""
    import warnings

    from hpresearch.parameters.registry import check_constraints, constraint_values
    from hpresearch.model.scenario import load_scenario, parse_overrides

    with warnings.catch_warnings():  # plausibility warnings come once, from the command
        warnings.simplefilter("ignore")
        sc = load_scenario(scenario)
        ov = parse_overrides(list(overrides)) if overrides else {}
    values = constraint_values({**sc.params, **ov})
    values.update({k: v for k, v in context.items() if v is not None})
    check_constraints(values, f"scenario {sc.name}" + (" with --set" if ov else ""))
