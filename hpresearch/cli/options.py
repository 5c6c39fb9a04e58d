"""Options shared by several commands, declared once.

The allowed boundaries and bases come from :mod:`hpresearch.data.vocabulary` (the one
declaration used by the data layer, calibration, the renderer's parameter checks and the
CLI); the levers from the parameter registry (:func:`hpresearch.model.levers.levers`).
"""
from __future__ import annotations

from hpresearch.data.vocabulary import BOUNDARIES as _BOUNDARIES
from hpresearch.data.vocabulary import DEFAULT_BOUNDARY
from hpresearch.data.vocabulary import PANEL_BASES

BOUNDARIES = tuple(_BOUNDARIES)
BASES = PANEL_BASES


def add_boundary_basis(parser) -> None:
    """Add ``--boundary/-b`` and ``--basis/-s`` with the project-wide defaults."""
    parser.add_argument("--boundary", "-b", choices=BOUNDARIES, default=DEFAULT_BOUNDARY,
                        help="merged (default): Hai Phong with Hai Duong, the city since 1 July 2025; "
                        "pre_merger: the old city before the merger")
    parser.add_argument("--basis", "-s", choices=BASES, default="gso",
                        help="gso: official statistics; mic: MIC/PTIT estimates")
