"""docs/model.md documents every registry parameter with its source, and the registry is sound."""
from __future__ import annotations

import re
from pathlib import Path

from hpresearch.parameters.registry import load_registry, uncertainty_specs

DOC = Path(__file__).resolve().parents[1] / "docs" / "model.md"


def test_every_parameter_and_source_url_is_in_the_doc():
    text = DOC.read_text(encoding="utf-8")
    for name, spec in load_registry().items():
        assert f"`{name}`" in text, name
        for url in re.findall(r"https?://\S+", spec.citation):
            assert url.rstrip(").,;") in text, (name, url)


def test_every_default_has_a_citation_or_stated_range():
    for name, spec in load_registry().items():
        assert spec.citation and (("http" in spec.citation) or ("stated range" in spec.citation)
                                  or ("data panel" in spec.citation)
                                  or spec.calibrated), name


def test_uncertainty_specs_lie_within_hard_limits_and_name_a_source():
    reg = load_registry()
    for name, spec in uncertainty_specs().items():
        assert spec.get("source"), name
        lo, hi = reg[name].hard
        for key in ("low", "mode", "high"):
            if key in spec:
                assert (lo is None or spec[key] >= lo) and (hi is None or spec[key] <= hi), name


def test_levers_are_the_three_goal_seek_levers():
    assert sorted(n for n, s in load_registry().items() if s.lever) == [
        "core_domestic_investment_vnd_bn", "dx_spending_vnd_bn", "fdi_digital_usd_bn"]


def _between(text: str, start: str, end: str) -> str:
    assert text.count(start) == 1 and text.count(end) == 1, (start, end)
    return text.split(start, 1)[1].split(end, 1)[0].strip()


def test_parameter_table_is_the_generated_one():
    """The table can never go stale: the page holds exactly what the registry generates
    (regenerate with ``PYTHONPATH=. python docs/results.py --write``)."""
    from hpresearch.parameters.registry import PARAMETER_TABLE_MARKERS, parameter_table_markdown

    text = DOC.read_text(encoding="utf-8")
    assert _between(text, *PARAMETER_TABLE_MARKERS) == parameter_table_markdown()


def test_generated_parameter_table_has_one_row_per_parameter():
    from hpresearch.parameters.registry import parameter_table_markdown

    rows = parameter_table_markdown().splitlines()[2:]
    assert [r.split("|")[1].strip().strip("`") for r in rows] == list(load_registry())
    assert all(r.count(" | ") == 7 for r in rows)  # eight cells: no unescaped '|' in a text


def test_every_projection_column_is_in_the_doc():
    from hpresearch.model.projection import COLUMNS

    text = DOC.read_text(encoding="utf-8")
    for col in COLUMNS:
        assert f"`{col}`" in text, col


def test_the_doc_names_no_removed_parameter():
    text = DOC.read_text(encoding="utf-8")
    for old in ("depreciation_core", "non_digital_growth", "investment_growth", "`inflation`"):
        assert old not in text, old
