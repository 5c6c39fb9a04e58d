"""The report notebooks: clean parameters cells, and every report renders in both languages.

The slow test renders the full default set (every shipped scenario × vi/en for the scenario
report, plus comparison, calibration, backtest and data overview) once, with small draw
counts, on two worker processes, and checks the outputs.
"""
from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path
from urllib.parse import unquote

import nbformat
import papermill
import pytest

from html_links import index_links
from page_resources import pages_loading_remote

from hpresearch.explore import NOTEBOOK as EXPLORER_NOTEBOOK
from hpresearch.model import list_scenarios
from hpresearch.render.jobs import DEFAULT_NOTEBOOKS

ROOT = Path(__file__).resolve().parents[1]
NB_DIR = ROOT / "notebooks"
SMALL = ["-p", "draws", "300", "-p", "sensitivity_draws", "60", "-p", "seed", "7"]

EXPECTED_PARAMETERS = {
    "00_data_overview": {"boundary", "basis", "lang"},
    "01_calibration": {"boundary", "basis", "lang"},
    "02_scenario_report": {"scenario", "boundary", "basis", "lang", "target_year",
                           "lever", "draws", "sensitivity_draws", "seed", "reference"},
    "03_scenario_comparison": {"scenarios", "basis", "lang", "target_year", "lever",
                               "draws", "seed"},
    "04_backtest": {"origin_from", "horizon_years", "lang"},
    "05_explorer": {"scenario", "boundary", "basis", "lang", "lever", "draws", "seed"},
}


SYNC_HINT = "run `make notebooks` (jupytext --sync notebooks/*.ipynb) to bring the pair in step"


def _cell_sources(nb):
    return [(c.cell_type, c.source, "parameters" in c.get("metadata", {}).get("tags", []))
            for c in nb.cells]


def test_every_notebook_is_a_jupytext_pair():
    ipynb = sorted(p.stem for p in NB_DIR.glob("*.ipynb"))
    py = sorted(p.stem for p in NB_DIR.glob("*.py"))
    # the report notebooks, plus the interactive explorer (not a rendered report)
    assert ipynb == sorted(DEFAULT_NOTEBOOKS + (EXPLORER_NOTEBOOK,))
    assert py == ipynb, "every report notebook needs its py:percent twin (and vice versa)"
    config = (NB_DIR / "jupytext.toml").read_text(encoding="utf-8")
    assert 'formats = "ipynb,py:percent"' in config


@pytest.mark.parametrize("name", sorted(EXPECTED_PARAMETERS))
def test_pair_is_in_sync_and_committed_without_outputs(name):
    import jupytext

    text = jupytext.read(NB_DIR / f"{name}.py")
    committed = nbformat.read(NB_DIR / f"{name}.ipynb", as_version=4)
    assert _cell_sources(text) == _cell_sources(committed), f"notebooks/{name}.py and .ipynb differ: {SYNC_HINT}"
    tagged = [c for c in committed.cells if "parameters" in c.get("metadata", {}).get("tags", [])]
    assert len(tagged) == 1, f"{name}: exactly one cell tagged 'parameters'"
    for cell in committed.cells:
        if cell.cell_type == "code":
            assert not cell.outputs and not cell.execution_count, (
                f"notebooks/{name}.ipynb carries outputs: clear them (`make notebooks`)")


@pytest.mark.parametrize("side", ["py", "ipynb"])
def test_editing_either_side_and_syncing_updates_the_other(tmp_path, side):
    """The project's jupytext configuration pairs the files: an edit saved on one side
    reaches the other (what JupyterLab's jupytext contents manager does on save)."""
    import shutil

    import jupytext

    work = tmp_path / "notebooks"
    shutil.copytree(NB_DIR, work)
    name = "04_backtest"
    marker = "# edited on the " + side + " side"
    if side == "py":
        path = work / f"{name}.py"
        path.write_text(path.read_text(encoding="utf-8").replace(
            'lang: str = "vi"', f'lang: str = "vi"  {marker}', 1), encoding="utf-8")
    else:
        nb = nbformat.read(work / f"{name}.ipynb", as_version=4)
        nb.cells[-1].source += "\n" + marker
        nbformat.write(nb, work / f"{name}.ipynb")
        # jupytext syncs from the most recently modified file
        os.utime(work / f"{name}.ipynb", None)
    proc = subprocess.run([sys.executable, "-m", "jupytext", "--sync", str(path if side == "py"
                                                                        else work / f"{name}.ipynb")],
                          capture_output=True, text=True, cwd=work)
    assert proc.returncode == 0, proc.stderr
    other = (nbformat.read(work / f"{name}.ipynb", as_version=4) if side == "py"
             else jupytext.read(work / f"{name}.py"))
    assert any(marker in c.source for c in other.cells)
    assert _cell_sources(jupytext.read(work / f"{name}.py")) == _cell_sources(
        nbformat.read(work / f"{name}.ipynb", as_version=4))


@pytest.mark.parametrize("name", sorted(EXPECTED_PARAMETERS))
def test_inspect_notebook_documents_every_parameter(name):
    found = papermill.inspect_notebook(str(NB_DIR / f"{name}.ipynb"))
    assert set(found) == EXPECTED_PARAMETERS[name]
    for param in found.values():
        assert param["inferred_type_name"] in ("str", "int", "float", "bool"), param
        assert param["help"], f"{name}: parameter {param['name']} has no comment"


def _run(*args, cwd=ROOT):
    return subprocess.run([sys.executable, "-m", "hpresearch", "render", *args],
                          capture_output=True, text=True, cwd=cwd,
                          env=dict(os.environ, PYTHONPATH=str(ROOT)))


def test_invalid_scenario_starts_no_kernel_and_writes_nothing(tmp_path):
    out = tmp_path / "out"
    proc = _run("plan", "no_such_scenario", "--out", str(out))
    assert proc.returncode == 2
    assert proc.stderr.startswith("error: scenario: value 'no_such_scenario' is not a shipped")
    assert not out.exists()


@pytest.fixture(scope="module")
def batch(tmp_path_factory):
    out = tmp_path_factory.mktemp("reports")
    proc = _run("--all", "--lang", "all", "--jobs", "2", "--out", str(out), *SMALL)
    return out, proc


@pytest.mark.slow
def test_default_set_renders_every_report_in_both_languages(batch):
    out, proc = batch
    assert proc.returncode == 0, proc.stdout + proc.stderr
    stems = {p.name for p in out.iterdir() if p.is_dir() and not p.name.startswith(".")}
    expected = {f"02_scenario_report.{s}.{lang}" for s in list_scenarios() for lang in ("vi", "en")}
    expected |= {f"{nb}.{lang}" for nb in ("00_data_overview", "01_calibration",
                                           "03_scenario_comparison", "04_backtest")
                 for lang in ("vi", "en")}
    assert stems == expected
    for stem in expected:
        manifest = json.loads((out / stem / "manifest.json").read_text(encoding="utf-8"))
        assert manifest["status"] == "ok"
        assert (out / stem / f"{stem}.xlsx").stat().st_size > 0
        assert list((out / stem / "tables").glob("*.csv"))


@pytest.mark.slow
def test_html_reports_have_no_code_and_state_basis_and_boundary(batch):
    out, _ = batch
    for html_file in out.glob("*/*.html"):
        page = html_file.read_text(encoding="utf-8")
        lang = html_file.stem.rsplit(".", 1)[-1]
        assert f'<html lang="{lang}"' in page
        assert 'class="jp-InputArea' not in page and "jp-InputPrompt" not in page.split("</style>")[-1]
        for code in ("import ", "display.", "params.check", "Localizer("):
            assert code not in re.sub(r"<style.*?</style>|<script.*?</script>", "", page,
                                      flags=re.S), (html_file.name, code)
        assert 'class="hp-basis"' in page, html_file.name
        assert "Traceback" not in page


@pytest.mark.slow
def test_no_page_of_the_default_set_loads_anything_from_another_host(batch):
    out, _ = batch
    assert len(list(out.rglob("*.html"))) >= 19  # 18 reports and the index
    assert pages_loading_remote(out) == {}


@pytest.mark.slow
def test_vietnamese_reports_use_vietnamese_number_format(batch):
    out, _ = batch
    vi = (out / "02_scenario_report.plan.vi" / "02_scenario_report.plan.vi.html").read_text(
        encoding="utf-8")
    en = (out / "02_scenario_report.plan.en" / "02_scenario_report.plan.en.html").read_text(
        encoding="utf-8")
    vi_text = re.search(r"<p>(Theo kịch bản .*?)</p>", vi).group(1)
    en_text = re.search(r"<p>(Under .*?)</p>", en).group(1)
    assert "điểm phần trăm" in vi_text
    assert re.search(r"\d+,\d%", vi_text) and not re.search(r"\d\.\d", vi_text)
    assert re.search(r"\d+\.\d%", en_text) and not re.search(r"\d,\d%", en_text)
    assert "<td style=\"text-align:right\">2.030</td>" not in vi  # years never grouped


@pytest.mark.slow
def test_every_index_link_resolves(batch):
    out, _ = batch
    links = index_links(out)
    assert len(links) >= 16 * 4
    for href in links:
        assert (out / unquote(href)).is_file(), href


@pytest.mark.slow
def test_same_seed_gives_identical_tables(batch, tmp_path):
    out, _ = batch
    proc = _run("plan", "--lang", "en", "--jobs", "1", "--out", str(tmp_path), *SMALL)
    assert proc.returncode == 0, proc.stderr
    stem = "02_scenario_report.plan.en"
    first = sorted((out / stem / "tables").glob("*.csv"))
    assert len(first) >= 8
    for path in first:
        assert path.read_bytes() == (tmp_path / stem / "tables" / path.name).read_bytes(), path.name


def _cells(page: str, table: str) -> list[str]:
    m = re.search(rf'data-table="{table}".*?</table>', page, flags=re.S)
    assert m, table
    # cell text without markup (source URLs in cells are links)
    return [re.sub(r"<[^>]+>", "", c) for c in re.findall(r"<td[^>]*>(.*?)</td>", m.group(0),
                                                          flags=re.S)]


@pytest.mark.slow
@pytest.mark.parametrize("lang", ["vi", "en"])
def test_scenario_report_tables_show_labels_and_formatted_values(batch, lang):
    out, _ = batch
    stem = f"02_scenario_report.plan.{lang}"
    page = (out / stem / f"{stem}.html").read_text(encoding="utf-8")
    body = re.sub(r"<style.*?</style>|<script.*?</script>|<img[^>]*>|<pre>.*?</pre>", "", page,
                  flags=re.S)
    for key in ("required_per_year", "p_unreachable", "median_ratio_to_latest",
                "required_vnd_bn_per_year", "p50_share_of_grdp", "{&quot;20", '{"20'):
        assert key not in body, key
    long_floats = re.findall(r"\d[.,]\d{5,}", re.sub(r"<code>.*?</code>", "", body))
    assert not long_floats, long_floats[:5]
    money = r"\d+,\d+ tỷ USD" if lang == "vi" else r"USD \d+\.\d+ billion"
    assert re.search(money, " ".join(_cells(page, "requirement")))
    plausible = _cells(page, "parameters")[4::6]  # the plausible-range column
    # a range for every numeric parameter; a model option (kind "choice") lists its choices
    from hpresearch.parameters.registry import load_registry

    options = sum(spec.kind == "choice" for spec in load_registry().values())
    assert plausible and len([c for c in plausible if " – " not in c]) <= options, plausible
    # the CSV keeps the raw value
    csv = (out / stem / "tables" / "requirement.csv").read_text(encoding="utf-8-sig")
    assert "median" in csv and re.search(r"\d\.\d{6,}", csv)


@pytest.mark.slow
@pytest.mark.parametrize("lang", ["vi", "en"])
def test_data_overview_tables_show_no_raw_codes(batch, lang):
    out, _ = batch
    stem = f"00_data_overview.{lang}"
    page = (out / stem / f"{stem}.html").read_text(encoding="utf-8")
    cells = set(_cells(page, "targets")) | set(_cells(page, "sources"))
    codes = {"percent", "vnd_bn", "usd_bn", "percent_per_year", "gte", "gt", "approx",
             "range_low", "range_high", "grdp_current", "fdi_registered", "de_share",
             "hai_phong", "gso", "mic", "city", "other"}
    assert not (cells & codes), cells & codes


@pytest.mark.slow
def test_every_vietnamese_report_reads_without_identifiers_or_english(batch):
    """Issue 12 §4: the visible text of each vi report, up to its technical appendix (parameter
    keys, obs_ids and provenance are kept there on purpose), carries no identifier
    (``[a-z]+_[a-z_]+``), scenario key, None, NaN, origin, horizon, forecast or actual."""
    from hpresearch.i18n import t
    from report_text import english_leaks, visible_text

    out, _ = batch
    pages = sorted(out.glob("*.vi/*.vi.html"))
    assert len(pages) == 4 + len(list_scenarios())
    leaks = {}
    for page in pages:
        text = visible_text(page.read_text(encoding="utf-8"), stop_heading=t("h.appendix", "vi"))
        assert len(text) > 300, page.name
        found = english_leaks(text)
        if found:
            leaks[page.name] = found
    assert not leaks, leaks
    for page in sorted(out.glob("*/*.html")):  # the provenance appendix too, both languages
        assert "<code>None<" not in page.read_text(encoding="utf-8"), page.name
