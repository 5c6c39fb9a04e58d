"""docs/evidence.md documents every uncertain parameter with the registry's distribution."""
from __future__ import annotations

from pathlib import Path

from hpresearch.parameters.registry import load_registry

DOC = Path(__file__).resolve().parents[1] / "docs" / "evidence.md"


def test_every_uncertain_parameter_is_documented_with_its_distribution():
    rows = {}
    for line in DOC.read_text(encoding="utf-8").splitlines():
        if line.startswith("| `"):
            cells = [c.strip() for c in line.strip("|").split("|")]
            rows[cells[0].strip("`")] = cells
    for name, spec in load_registry().items():
        if not spec.uncertainty:
            continue
        assert name in rows, f"{name} missing from docs/evidence.md"
        cells = rows[name]
        u = dict(spec.uncertainty)
        assert cells[2] == u["dist"], name
        for key in ("low", "mode", "high", "mean", "sd", "median", "sigma"):
            if key in u:
                assert f"{key} {u[key]}" in cells[3], (name, key)
        assert u.get("source", "")[:25].replace("+-", "±") in cells[6].replace("+-", "±"), name
