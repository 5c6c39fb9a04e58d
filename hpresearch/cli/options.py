"""Options shared by several commands, declared once."""
from __future__ import annotations

BOUNDARIES = ("pre_merger", "merged")
BASES = ("gso", "mic")


def add_boundary_basis(parser) -> None:
    """Add ``--boundary/-b`` and ``--basis/-s`` with the project-wide defaults."""
    parser.add_argument("--boundary", "-b", choices=BOUNDARIES, default="pre_merger",
                        help="pre_merger: Hai Phong before 1 July 2025; merged: with Hai Duong")
    parser.add_argument("--basis", "-s", choices=BASES, default="gso",
                        help="gso: official statistics; mic: MIC/PTIT estimates")
