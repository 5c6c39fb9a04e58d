"""The prose docs agree with the data.

* Every obs_id written in backticks in ``docs/*.md`` or ``README.md`` exists in the data.
* The research log's machine-checked "not found" table names nothing the data now holds.

Both checks are also run against deliberately wrong input, so that a parser that silently finds
nothing makes the test fail instead of pass.
"""
from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest

from hpresearch.data import load_observations
from hpresearch.data import vocabulary as voc

ROOT = Path(__file__).resolve().parents[1]
DOCS = sorted((ROOT / "docs").glob("*.md")) + [ROOT / "README.md"]
LOG = ROOT / "docs" / "data-research-log.md"
NOT_FOUND_HEADING = "## Not found: machine-checked list"

#: A backticked token shaped like an obs_id: at least three '-'-separated parts, letters first.
#: Upper case is accepted here on purpose, so that a mistyped id such as ``…-2018H1-…`` is
#: checked (and fails) instead of being skipped.
_TOKEN = re.compile(r"`([A-Za-z][A-Za-z0-9_]*(?:-[A-Za-z0-9_.]+){2,})`")


@pytest.fixture(scope="module")
def obs() -> pd.DataFrame:
    return load_observations()


def _prefixes(ids) -> set[str]:
    """Leading parts of the shipped obs_ids (``hp``, ``hpm``, ``vn``, ``res``, ``bac_ninh`` ...)."""
    return {i.split("-", 1)[0] for i in ids}


def obs_id_mentions(text: str, prefixes: set[str]) -> list[str]:
    """Backticked tokens in ``text`` that are meant as obs_ids.

    A token counts when it has the obs_id shape and either starts with a known obs_id prefix or
    has a '-'-separated part that is a vocabulary indicator. Plain periods (``2018-H1``), file
    names and CLI options do not have that shape.
    """
    out = []
    for tok in _TOKEN.findall(text):
        parts = tok.split("-")
        if parts[0].lower() in prefixes or any(p.lower() in voc.INDICATORS for p in parts):
            out.append(tok)
    return out


def test_obs_id_mentions_parser_finds_ids_and_skips_other_tokens():
    prefixes = {"hp", "res", "vn"}
    text = ("see `hp-grdp_growth_real-2019-tk2019`, `res-hp-x-2018H1-dpi`, "
            "`vn-de_share-2024-foo` and `de_share-vietnam-2024`, but not `2018-H1`, "
            "`data/observations/*.csv`, `--require-quotes` or `hpresearch data check`")
    assert obs_id_mentions(text, prefixes) == [
        "hp-grdp_growth_real-2019-tk2019", "res-hp-x-2018H1-dpi", "vn-de_share-2024-foo",
        "de_share-vietnam-2024"]


def test_every_obs_id_in_the_docs_exists(obs):
    ids = set(obs["obs_id"])
    prefixes = _prefixes(ids)
    mentioned, missing = 0, []
    for path in DOCS:
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            for tok in obs_id_mentions(line, prefixes):
                mentioned += 1
                if tok not in ids:
                    missing.append(f"{path.relative_to(ROOT)}:{n}: {tok}")
    # The docs do cite rows (the research log alone cites dozens): finding none means the
    # parser is broken, not that the docs are clean.
    assert mentioned >= 20, f"only {mentioned} obs_id mentions found in the docs"
    assert not missing, "obs_ids in the docs that are not in the data:\n" + "\n".join(missing)


# --- the research log's "not found" table -----------------------------------------------------

def _years(cell: str) -> set[int]:
    """``2020, 2022–2024`` -> {2020, 2022, 2023, 2024} (en dash or hyphen)."""
    out: set[int] = set()
    for part in cell.split(","):
        part = part.strip()
        m = re.fullmatch(r"(\d{4})\s*[–-]\s*(\d{4})", part)
        if m:
            lo, hi = int(m.group(1)), int(m.group(2))
            assert lo <= hi, f"bad year range {part!r}"
            out.update(range(lo, hi + 1))
        else:
            assert re.fullmatch(r"\d{4}", part), f"bad year {part!r}"
            out.add(int(part))
    return out


def not_found_table(text: str) -> list[dict]:
    """Rows of the first Markdown table after the ``## Not found`` heading of the log."""
    lines = text.splitlines()
    start = next(i for i, line in enumerate(lines) if line.strip() == NOT_FOUND_HEADING)
    rows, header = [], None
    for line in lines[start + 1:]:
        if line.startswith("## "):
            break
        if not line.startswith("|"):
            if header is not None and rows:
                break
            continue
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if header is None:
            header = cells
        elif set("".join(cells)) <= set("-: "):
            continue
        else:
            rows.append(dict(zip(header, cells)))
    return rows


def held(obs: pd.DataFrame, row: dict) -> pd.DataFrame:
    """Observations that match a "not found" row (``any`` is a wildcard)."""
    geos = [g.strip() for g in row["geography"].split(",")]
    sel = obs[(obs["indicator"] == row["indicator"]) & obs["geography"].isin(geos)
              & obs["year"].isin(_years(row["years"]))]
    for col in ("period_type", "basis", "unit"):
        if row[col] != "any":
            sel = sel[sel[col] == row[col]]
    return sel


def test_not_found_table_parses_and_uses_the_vocabulary():
    rows = not_found_table(LOG.read_text(encoding="utf-8"))
    assert len(rows) >= 10
    for row in rows:
        assert set(row) >= {"indicator", "geography", "years", "period_type", "basis", "unit"}
        assert row["indicator"] in voc.INDICATORS, row
        for g in row["geography"].split(","):
            assert g.strip() in voc.GEOGRAPHIES, row
        assert _years(row["years"])
        assert row["period_type"] == "any" or row["period_type"] in voc.PERIOD_TYPES, row
        assert row["basis"] == "any" or row["basis"] in voc.BASES, row
        assert row["unit"] == "any" or row["unit"] in voc.UNITS, row


def test_not_found_table_names_nothing_the_data_holds(obs):
    rows = not_found_table(LOG.read_text(encoding="utf-8"))
    problems = []
    for row in rows:
        sel = held(obs, row)
        if len(sel):
            problems.append(f"{row['indicator']} {row['geography']} {row['years']}: "
                            + ", ".join(sel["obs_id"]))
    assert not problems, ("the research log lists as not found what the data holds "
                          "(update the log):\n" + "\n".join(problems))


def test_not_found_check_detects_a_held_figure(obs):
    """The check is not vacuous: rows naming held figures are reported."""
    text = (f"{NOT_FOUND_HEADING}\n\n| indicator | geography | years | period_type | basis | unit |"
            " gap |\n|---|---|---|---|---|---|---|\n"
            "| de_share_target | hai_phong | 2030 | any | any | any | 3 |\n"
            "| fdi_disbursed | vietnam | 2019–2021 | annual | gso | usd_bn | 4 |\n"
            "| de_share | vietnam | 2024 | annual | mic | any | - |\n\n## Next\n")
    rows = not_found_table(text)
    assert [len(held(obs, r)) > 0 for r in rows] == [True, True, False]
