"""Sourced observations: loading, validation, reconciliation, derivations, panel."""
from hpresearch.data.load import CheckSummary, check, load_observations, sources

__all__ = ["load_observations", "check", "sources", "CheckSummary"]
