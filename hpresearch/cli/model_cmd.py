"""Command-line commands (placeholder until implemented)."""
from __future__ import annotations


def register(subparsers) -> None:
    """Register this module's commands on the hpresearch sub-parser."""
