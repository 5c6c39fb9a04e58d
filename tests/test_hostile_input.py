"""Input classes of issue 22: the explorer is checked as strictly as the command line, and
every answer is finite or a one-line refusal.

* one write guard for every scenario file a user names (``--write-scenario`` and the
  explorer's ``save_scenario``);
* one validation for explorer settings and command-line arguments (the same declarations);
* a parameter at the edge of its hard limits gives a finite projection or one line; solver
  weights that overflow are refused; no numpy warning reaches the user;
* every combination rule the engine enforces on parameters alone is declared in
  ``constraints.yaml`` (refused by ``validate`` and before any work);
* ``data datapackage`` refuses nested JSON and folders without observations;
* every echo of a user value is cut to 80 characters; the whole Unicode category Cf is one
  class; a ``source_url`` is a URL; a missing file is "file not found" everywhere.
"""
from __future__ import annotations

import hashlib
import json
import math
import os
import re
import shutil
import unicodedata
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hpresearch import argspec
from hpresearch.cli import main
from hpresearch.errors import HPResearchError, ScenarioError, UsageError
from hpresearch.model.projection import check_finite, project
from hpresearch.model.scenario import load_scenario
from hpresearch.parameters import registry
from hpresearch.paths import PACKAGE_DIR, scenarios_dir
from hpresearch.textsafe import CONTROL_RE, find_control, for_terminal

ROOT = Path(__file__).resolve().parents[1]
MINE = ("meta: {title: mine, description: d, author: a, reference: [u], modifies: trend}\n"
        "params: {core_fraction: 0.9}\n")


def run(capsys, *argv):
    try:
        code = main([str(a) for a in argv])
    except SystemExit as stop:          # argparse's own errors
        code = stop.code
    out, err = capsys.readouterr()
    return code, out, err


def one_line(code, err, *needles):
    assert code == 2, err
    assert err.count("\n") == 1 and err.startswith("error: "), err
    assert "Traceback" not in err and "encountered" not in err
    for n in needles:
        assert n in err, (n, err)


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def set_cell(path: Path, data_row: int, column: str, value: str) -> None:
    """Set one cell of an observation file (as tests/test_hostile_data.py does)."""
    import csv
    import io

    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"), newline="")))
    rows[data_row][rows[0].index(column)] = value
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n", quoting=csv.QUOTE_ALL).writerows(rows)
    path.write_text(buf.getvalue(), encoding="utf-8")


def scenario_file(folder: Path, name: str, params: str, title: str = "t") -> Path:
    path = folder / name
    path.write_text(f"meta: {{title: {json.dumps(title, ensure_ascii=False)}, description: d, author: a, "
                    f"reference: [u], modifies: trend}}\nparams: {params}\n", encoding="utf-8")
    return path


# ----------------------------------------------------------------- one write guard
@pytest.fixture(scope="module")
def session():
    from hpresearch.explore import ExplorerSession

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        s = ExplorerSession("trend", boundary="merged", lang="en")
        s.set(fdi_digital_usd_bn=6.0)
    return s


@pytest.mark.parametrize("target", [*(f"{n}.yaml" for n in ("trend", "plan", "anchor_exit")),
                                    "brand_new.yaml", "../parameters/parameters.yaml",
                                    "../locales/messages.yaml"])
@pytest.mark.parametrize("force", [False, True])
def test_save_scenario_never_writes_into_the_package(session, target, force):
    before = {p: digest(p) for p in PACKAGE_DIR.rglob("*.yaml")}
    with pytest.raises(ScenarioError, match="^save_scenario: .*inside the hpresearch package"):
        session.save_scenario(scenarios_dir() / target, force=force)
    assert {p: digest(p) for p in PACKAGE_DIR.rglob("*.yaml")} == before
    assert not (scenarios_dir() / "brand_new.yaml").exists()
    assert load_scenario("trend").chain == ("trend",)       # still loads: not circular


@pytest.mark.parametrize("name", ["environment.yml", "notes.yaml", "x.yml"])
def test_save_scenario_replaces_an_existing_file_only_with_force(session, tmp_path, name):
    path = tmp_path / name
    path.write_text("name: keep me\n")
    with pytest.raises(ScenarioError, match="exists; replacing it needs force"):
        session.save_scenario(path)
    assert path.read_text() == "name: keep me\n"
    assert session.save_scenario(path, force=True) == path
    assert load_scenario(path).params["fdi_digital_usd_bn"] == {session.start_year: 6.0}


@pytest.mark.parametrize("name,needle", [("x.txt", "must end in .yaml or .yml"),
                                         ("x.py", "must end in .yaml or .yml"),
                                         ("missing/x.yaml", "folder does not exist"),
                                         ("sub/", "is a folder")])
def test_save_scenario_refuses_names_the_command_line_refuses(session, tmp_path, name,
                                                              needle, capsys):
    (tmp_path / "sub").mkdir()
    with pytest.raises(ScenarioError, match=re.escape(needle)):
        session.save_scenario(str(tmp_path / name))
    # the command line's guard is the same function: the same rule for the same path
    code, _, err = run(capsys, "goal-seek", "trend", "--write-scenario", tmp_path / name)
    one_line(code, err, "--write-scenario", needle)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["sub"]


@pytest.mark.parametrize("how", ["same", "symlink", "hardlink", "chain"])
def test_save_scenario_never_replaces_its_own_base_or_chain(tmp_path, how):
    from hpresearch.explore import ExplorerSession

    base = tmp_path / "base.yaml"
    base.write_text(MINE)
    top = tmp_path / "top.yaml"
    top.write_text(MINE.replace("modifies: trend", "modifies: base"))
    start = top if how == "chain" else base
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        s = ExplorerSession(str(start), boundary="merged", lang="en")
    s.set(dx_spending_vnd_bn=900)
    target = {"same": base, "chain": base, "symlink": tmp_path / "alias.yaml",
              "hardlink": tmp_path / "hard.yaml"}[how]
    if how == "symlink":
        target.symlink_to(base)
    elif how == "hardlink":
        os.link(base, target)
    before = digest(base)
    with pytest.raises(ScenarioError, match="writing it would replace an input"):
        s.save_scenario(target, force=True)
    assert digest(base) == before
    # the download (what the served page offers) still works and is a valid scenario
    text = s.scenario_yaml()
    assert "dx_spending_vnd_bn" in text


def test_download_of_a_base_outside_its_folder_is_inlined(session, tmp_path):
    from hpresearch.explore import ExplorerSession

    base = tmp_path / "base.yaml"
    base.write_text(MINE)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        s = ExplorerSession(str(base), boundary="merged", lang="en")
    s.set(dx_spending_vnd_bn=900)
    import yaml

    doc = yaml.safe_load(s.scenario_yaml())
    assert doc["meta"]["modifies"] is None          # the temporary folder cannot reach it
    assert doc["params"]["core_fraction"] == 0.9 and doc["params"]["dx_spending_vnd_bn"]


# ------------------------------------------------- one validation for explorer settings
SETTING_SPECS = {"seed": "seed", "draws": "explorer_draws", "uncertainty": "uncertainty"}
BAD_SETTINGS = [("seed", -1), ("seed", 1.5), ("seed", 2**40), ("seed", float("nan")),
                ("seed", float("inf")), ("seed", "5"), ("seed", True),
                ("draws", 10**12), ("draws", 0), ("draws", 1999), ("draws", 2.5),
                ("draws", float("nan")), ("draws", "10000"),
                ("uncertainty", "false"), ("uncertainty", "true"), ("uncertainty", 1),
                ("uncertainty", 0), ("uncertainty", None), ("uncertainty", "no")]


@pytest.mark.parametrize("key,value", BAD_SETTINGS)
def test_explorer_settings_are_refused_with_the_declared_rule(session, key, value):
    before = session.state
    with pytest.raises(UsageError) as err:
        session.set(**{key: value})
    message = str(err.value)
    assert message.startswith(f"{key}: ") and "\n" not in message
    assert argspec.spec(SETTING_SPECS[key]).describe() in message
    assert session.state == before                       # nothing changed


@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(value=st.one_of(st.integers(-2**33, 2**33), st.floats(allow_nan=True),
                       st.booleans(), st.text(max_size=5)))
def test_explorer_seed_has_exactly_the_command_lines_domain(session, value):
    """Accepted by the explorer if and only if ``--seed`` (argspec) accepts it."""
    try:
        want = argspec.check("seed", value)
    except UsageError:
        want = None
    before = session.seed
    try:
        session.set(seed=value)
        got = session.seed
    except UsageError:
        got = None
    assert got == want
    session.seed = before


@pytest.mark.parametrize("value", [True, False, np.bool_(True)])
def test_explorer_uncertainty_takes_a_flag(session, value):
    assert session.set(uncertainty=value).uncertainty is bool(value)
    session.set(uncertainty=False)


@pytest.mark.parametrize("drivers", [0, -1, 10**6, 2.5, "4"])
def test_explorer_drivers_are_declared(drivers):
    from hpresearch.explore import ExplorerSession

    with pytest.raises(UsageError, match=r"^drivers: value .* must be an integer in \[1, 12\]"):
        ExplorerSession("trend", drivers=drivers)


# ------------------------------------------------------------ results stay finite
def _edges() -> list[tuple[str, float]]:
    """Every parameter's hard limits and values just inside them."""
    out = []
    for name, spec in registry.load_registry().items():
        if spec.kind == "choice" or name in ("target_year", "first_policy_year"):
            continue
        lo, hi = spec.hard
        for v in (lo, hi, lo + (hi - lo) * 1e-9, hi - (hi - lo) * 1e-9):
            out.append((name, int(round(v)) if spec.kind == "integer" else float(v)))
    return out


EDGES = _edges()


def finite_or_one_line(overrides: dict) -> None:
    """A projection is finite, or refused with one line; no numpy warning either way."""
    with warnings.catch_warnings():
        warnings.simplefilter("error", RuntimeWarning)   # no numpy warning at all
        warnings.simplefilter("ignore", registry.ScenarioWarning)
        try:
            df = project("trend", "merged", "gso", overrides=overrides)
        except HPResearchError as err:
            assert "\n" not in str(err)
            return
    assert np.isfinite(df.select_dtypes("number").to_numpy()).all()


@pytest.mark.parametrize("edge", EDGES, ids=[f"{n}={v:g}" for n, v in EDGES])
def test_project_at_each_hard_limit_is_finite_or_one_line(edge):
    finite_or_one_line(dict([edge]))


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from(EDGES), min_size=2, max_size=4, unique_by=lambda e: e[0]))
def test_project_at_several_hard_limits_is_finite_or_one_line(edges):
    finite_or_one_line(dict(edges))


@pytest.mark.parametrize("value,needle", [("0", "outside the hard limits [0.01, 1]"),
                                          ("0.005", "outside the hard limits"),
                                          ("-0", "outside the hard limits")])
def test_core_fraction_zero_is_refused_before_work(capsys, value, needle):
    code, out, err = run(capsys, "project", "trend", "--set", f"core_fraction={value}")
    one_line(code, err, "--set core_fraction", needle)
    assert out == ""


def test_core_fraction_at_its_declared_minimum_is_finite(capsys):
    code, out, err = run(capsys, "project", "trend", "--set", "core_fraction=0.01")
    assert code == 0, err
    assert "inf" not in out and "nan" not in out and "encountered" not in err


def test_a_non_finite_projection_is_one_line():
    df = pd.DataFrame({"de_share": [0.2, math.inf]}, index=pd.Index([2025, 2026], name="year"))
    with pytest.raises(ScenarioError, match=r"^scenario x, year 2026: value 'de_share' is inf"):
        check_finite(df, "scenario x")


@pytest.mark.parametrize("weight", ["1e308", "1e13", "1000000000001", "inf", "-1", "nan",
                                    "-1e-300"])
def test_least_cost_refuses_weights_that_overflow(capsys, weight, monkeypatch):
    from hpresearch.invest import leastcost

    monkeypatch.setattr(leastcost, "least_cost_spec",
                        lambda *a, **k: pytest.fail("the solver ran before the refusal"))
    code, out, err = run(capsys, "goal-seek", "trend", "--levers",
                         "core_domestic_investment,fdi_digital,dx_spending", "--probability",
                         "0.8", "--draws", "2000", "--costs", f"fdi_digital={weight}")
    one_line(code, err, "--costs", f"fdi_digital={weight}")
    assert out == ""


def test_cli_hides_numpy_float_warnings_but_not_others():
    import subprocess
    import sys

    code = ("import warnings, numpy as np\n"
            "from hpresearch.cli import main\n"
            "import hpresearch.cli.model_cmd as m\n"
            "def noisy(args):\n"
            "    np.array([1.0]) / np.array([0.0]); np.exp(np.array([1e308]))\n"
            "    warnings.warn('a real warning', UserWarning); return 0\n"
            "m._project = noisy\n"
            "raise SystemExit(main(['project', 'trend']))\n")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          cwd=ROOT, env=dict(os.environ, PYTHONPATH=str(ROOT)))
    assert proc.returncode == 0, proc.stderr
    assert "encountered" not in proc.stderr and "warning: a real warning" in proc.stderr


# ------------------------------------------------- combination rules are declared
#: (overrides, the engine's own refusal) for every rule the engine enforces on parameters
ENGINE_RULES = [
    ({"initial_capital_growth": -0.5, "capacity_decay": 0.0}, "Harberger"),
    ({"initial_capital_growth": -0.2}, "Harberger"),                 # with the default 0.07
    ({"initial_capital_growth": -0.07, "capacity_decay": 0.07}, "Harberger"),
    ({"core_domestic_investment_share": 0.0, "digital_fdi_fraction": 0.0}, "base-period"),
    ({"core_domestic_investment_share": 0.0, "fdi_disbursement_ratio": 0.0}, "base-period"),
]


@pytest.mark.parametrize("overrides,engine", ENGINE_RULES)
def test_engine_rules_are_refused_by_validate(capsys, tmp_path, overrides, engine):
    params = "{" + ", ".join(f"{k}: {v}" for k, v in overrides.items()) + "}"
    path = scenario_file(tmp_path, "combo.yaml", params)
    code, _, err = run(capsys, "validate", path)
    one_line(code, err, "combo.yaml", "breaks the rule", "constraints.yaml")
    # ... and before any work by project and render (nothing created)
    sets = [a for k, v in overrides.items() for a in ("--set", f"{k}={v}")]
    one_line(*run(capsys, "project", "trend", *sets)[::2], "constraints.yaml")
    out = tmp_path / "out"
    one_line(*run(capsys, "render", path, "--out", out)[::2], "constraints.yaml")
    assert not out.exists()


@pytest.mark.parametrize("overrides,engine", ENGINE_RULES)
def test_the_explorer_checks_the_declared_rules_before_projecting(session, monkeypatch,
                                                                  overrides, engine):
    from hpresearch.explore import session as session_mod

    before = session.state
    monkeypatch.setattr(session_mod, "project",
                        lambda *a, **k: pytest.fail("projected before the rule was checked"))
    with pytest.raises(ScenarioError, match="in the explorer: .*breaks the rule.*constraints"):
        session.set(**overrides)
    monkeypatch.undo()
    assert session.state == before


@pytest.mark.parametrize("overrides,engine", ENGINE_RULES)
def test_each_declared_rule_is_one_the_engine_enforces(monkeypatch, overrides, engine):
    """Without the declaration the engine refuses the same values (after reading data)."""
    from hpresearch.model import scenario as scenario_mod

    monkeypatch.setattr(scenario_mod, "check_constraints", lambda *a, **k: None)
    monkeypatch.setattr(registry, "check_constraints", lambda *a, **k: None)
    with pytest.raises(ScenarioError, match=engine):
        project("trend", "merged", "gso", overrides=overrides)


@settings(max_examples=40, deadline=None)
@given(g=st.floats(-0.5, 1.0), delta=st.floats(0.0, 1.0), dom=st.sampled_from([0.0, 0.02, 1]),
       frac=st.sampled_from([0.0, 0.37, 1.0]), disb=st.sampled_from([0.0, 0.7, 1.5]))
def test_declared_rules_match_the_engine(g, delta, dom, frac, disb):
    """The declarations refuse exactly what the engine's parameter rules refuse."""
    values = {"initial_capital_growth": g, "capacity_decay": delta,
              "core_domestic_investment_share": dom, "digital_fdi_fraction": frac,
              "fdi_disbursement_ratio": disb}
    try:
        registry.check_constraints(registry.constraint_values(values), "x")
        declared = True
    except ScenarioError:
        declared = False
    engine_ok = g + delta > 0 and dom + frac * disb > 0
    assert declared == engine_ok


# ------------------------------------------------------------- data datapackage
@pytest.mark.parametrize("text", ["[" * 100_000 + "]" * 100_000,
                                  '{"a":' * 50_000 + "1" + "}" * 50_000,
                                  "[" * 2_000 + "]" * 2_000])
def test_deeply_nested_datapackage_is_one_line(capsys, tmp_path, text):
    data = tmp_path / "data"
    shutil.copytree(ROOT / "data" / "observations", data / "observations")
    (data / "datapackage.json").write_text(text)
    one_line(*run(capsys, "data", "datapackage", "--check", "--data-dir", data)[::2],
             "datapackage.json", "nested too deeply")


@pytest.mark.parametrize("layout", ["empty", "other_dataset", "observations_without_csv",
                                    "observations_is_a_file"])
def test_datapackage_is_never_written_into_a_folder_without_observations(capsys, tmp_path,
                                                                          layout):
    folder = tmp_path / "elsewhere"
    folder.mkdir()
    if layout == "other_dataset":
        (folder / "datapackage.json").write_text('{"name": "another dataset"}')
        (folder / "table.csv").write_text("a,b\n1,2\n")
    elif layout == "observations_without_csv":
        (folder / "observations").mkdir()
        (folder / "observations" / "notes.txt").write_text("x")
    elif layout == "observations_is_a_file":
        (folder / "observations").write_text("x")
    before = {p: p.read_bytes() for p in folder.rglob("*") if p.is_file()}
    one_line(*run(capsys, "data", "datapackage", "--data-dir", folder)[::2],
             "--data-dir", "no observations/*.csv")
    assert {p: p.read_bytes() for p in folder.rglob("*") if p.is_file()} == before


# ---------------------------------------------------------------- echo limits
LONG = "A" * 5000


@pytest.mark.parametrize("argv", [
    ["project", "trend", "--set", f"{LONG}=1"],
    ["goal-seek", "trend", "--levers", LONG],
    ["goal-seek", "trend", "--levers", f"fdi_digital,{LONG}", "--probability", "0.8"],
    ["goal-seek", "trend", "--costs", LONG],
    ["data", "sources", LONG],
    ["data", "sources", "de_share", "-g", LONG],
    ["render", "trend", "-p", LONG, "1"],
    ["render", "trend", "-p", "seed", LONG],
    ["render", "trend", "--lang", LONG],
    ["render", LONG + ".yaml"],
    ["render", "trend", "--notebook", LONG],
    ["project", "trend", "--year", LONG],
    ["simulate", "trend", "--draws", LONG],
    ["project", "trend", "--boundary", LONG],
])
def test_long_values_are_cut_to_80_characters(capsys, tmp_path, argv):
    code, _, err = run(capsys, *argv)
    assert code == 2 and err.count("\n") == 1, err[:300]
    assert "Traceback" not in err
    assert max(len(m) for m in re.findall("A+", err)) <= 80, err[:300]
    assert len(err) < 600


@pytest.mark.parametrize("changes", [{LONG: 1}, {LONG + "_to_grdp": 0.1},
                                     {"capacity_decay": LONG}, {"fdi_digital_to_grdp": LONG},
                                     {"lang": LONG}, {"lever": LONG}, {"target": LONG},
                                     {"boundary": LONG}, {"scenario": LONG + ".yaml"}])
def test_explorer_echoes_are_cut_too(session, changes):
    with pytest.raises(HPResearchError) as err:
        session.set(**changes)
    assert max(len(m) for m in re.findall("A+", str(err.value))) <= 80, str(err.value)[:200]


@pytest.mark.parametrize("length", [300, 5_000, 200_000])
def test_a_huge_modifies_names_the_key(capsys, tmp_path, length):
    path = tmp_path / "s.yaml"
    path.write_text("meta: {title: t, description: d, author: a, reference: [u], modifies: "
                    + "m" * length + "}\nparams: {}\n")
    code, _, err = run(capsys, "validate", path)
    one_line(code, err, "meta.modifies")
    assert max(len(m) for m in re.findall("m{10,}", err)) <= 80


# -------------------------------------------------- invisible and bidi characters
def test_every_format_character_is_one_class():
    """The whole category Cf (and only control-like characters) is refused and escaped."""
    cf = [chr(c) for c in range(0x110000) if unicodedata.category(chr(c)) == "Cf"]
    assert cf and all(CONTROL_RE.fullmatch(ch) for ch in cf)
    for ch in cf:
        assert find_control(f"a{ch}b") == ch
        assert ch not in for_terminal(f"a{ch}b")
    allowed = "Hải Phòng – 40% “kinh tế số” 数字 ١٢٣ é\u0301"   # letters, marks, punctuation
    assert find_control(allowed) is None and for_terminal(allowed) == allowed


CF_SAMPLE = ["\u061c", "\u200f", "\u200e", "\u200b", "\u200d", "\ufeff", "\u00ad", "\u2066",
             "\u202e", "\u180e", "\u2060", "\U000e0041"]


@pytest.mark.parametrize("ch", CF_SAMPLE)
def test_format_characters_in_a_scenario_are_refused_with_the_key(capsys, tmp_path, ch):
    path = scenario_file(tmp_path, "s.yaml", "{}", title=f"a{ch}b")
    code, _, err = run(capsys, "validate", path)
    one_line(code, err, "meta.title", f"U+{ord(ch):04X}")
    assert ch not in err


@pytest.mark.parametrize("escape", ["\\ud800", "\\udb40\\udc41", "\\udfff"])
def test_lone_surrogates_from_yaml_escapes_are_refused(capsys, tmp_path, escape):
    path = tmp_path / "s.yaml"
    path.write_text('meta: {title: "a' + escape + 'b", description: d, author: a, '
                    "reference: [u], modifies: trend}\nparams: {}\n")
    code, _, err = run(capsys, "validate", path)
    one_line(code, err, "meta.title", "U+D")


@pytest.mark.parametrize("ch", CF_SAMPLE[:6])
def test_format_characters_in_a_data_row_are_refused_with_the_row(capsys, tmp_path, ch):
    data = tmp_path / "data"
    shutil.copytree(ROOT / "data", data)
    set_cell(data / "observations" / "grdp.csv", 3, "note_en", f"see{ch}note")
    code, _, err = run(capsys, "data", "check", "--data-dir", data)
    one_line(code, err, "grdp.csv row", "note_en", f"U+{ord(ch):04X}")


# ----------------------------------------------------------------- source_url
@pytest.mark.parametrize("url", ['https://x.example/"><script>alert(1)</script>',
                                 "https://x.example/a b", "https://x.example/<b>",
                                 "https://x.example/%zz", "https://x.example/a{b}",
                                 "https://x.example/a|b", "https://x.example/a\\b",
                                 "https://x.example/a`b", "https://", "http:///path",
                                 "https://x.example/" + "a" * 300 + '"'])
def test_source_url_must_be_a_url(capsys, tmp_path, url):
    data = tmp_path / "data"
    shutil.copytree(ROOT / "data", data)
    set_cell(data / "observations" / "grdp.csv", 2, "source_url", url)
    code, _, err = run(capsys, "data", "check", "--data-dir", data)
    one_line(code, err, "grdp.csv row 2", "source_url", "is not an http(s) address")
    assert repr(url)[:40] in err and len(err) < 500


def test_shipped_and_unusual_but_valid_urls_pass():
    from hpresearch.data.schema import URL_PATTERN

    for url in ("https://x.example", "https://x.example/Chỉ-số?a=1&b=%20#f",
                "http://x.example:8080/a(b);c=d", "https://sub.x-y.example/~u/p.pdf"):
        assert re.match(URL_PATTERN, url), url


# -------------------------------------------------------------- file not found
@pytest.mark.parametrize("command", [["project"], ["validate"], ["simulate"], ["goal-seek"],
                                     ["sensitivity"], ["render"]])
@pytest.mark.parametrize("name", ["missing.yaml", "no/such/folder/x.yml", "../missing.yaml"])
def test_a_missing_scenario_file_is_file_not_found_everywhere(capsys, tmp_path, command,
                                                              name):
    out = tmp_path / "out"
    extra = ["--out", out] if command == ["render"] else []
    code, _, err = run(capsys, *command, name, *extra)
    one_line(code, err, name, "file not found")
    assert "not a valid name" not in err and not out.exists()


@pytest.mark.parametrize("make", ["file", "inside_file"])
def test_render_out_echo_is_cut(tmp_path, make):
    """``render --out`` names the path it refuses within the documented 80 characters."""
    from hpresearch.errors import HPResearchError
    from hpresearch.render.batch import check_out_dir

    deep = tmp_path / ("d" * 200)
    deep.mkdir()
    target = deep / ("f" * 200)
    target.write_text("x")
    out = target if make == "file" else target / "reports"
    with pytest.raises(HPResearchError) as err:
        check_out_dir(out)
    message = str(err.value)
    assert "\n" not in message and len(message) < 400, message
    assert str(target) not in message


@pytest.mark.parametrize("param, value", [("adoption_ceiling", 0.001),
                                          ("adoption_ceiling", 0.02)])
def test_render_refuses_data_dependent_engine_rules_before_any_work(tmp_path, param, value):
    """Rules the engine checks against the data (not declarable in constraints.yaml) are
    refused by render's plan, in one line naming the scenario and boundary, before any
    kernel starts: the output folder is never created."""
    from hpresearch.errors import HPResearchError
    from hpresearch.render.plan import plan

    path = tmp_path / "edge.yaml"
    path.write_text(
        "meta:\n  title: Edge\n  description: An edge case.\n  author: test\n"
        "  reference:\n    - title: none\n      url: https://example.org/\n"
        f"  modifies: trend\nparams:\n  {param}: {value}\n", encoding="utf-8")
    with pytest.raises(HPResearchError) as err:
        plan([str(path)])
    message = str(err.value)
    assert "\n" not in message and "boundary" in message and param in message, message


@pytest.mark.parametrize("draws", [1, 100, 1999])
def test_render_checks_the_explorer_notebooks_draws_as_the_explorer_does(draws):
    """``render --notebook 05_explorer -p draws N`` is refused by the plan when the explorer
    would refuse N (its fan needs at least 2,000 draws), not inside a kernel."""
    from hpresearch.errors import HPResearchError
    from hpresearch.render.plan import plan

    with pytest.raises(HPResearchError, match="2000"):
        plan(["trend"], notebooks=["05_explorer"], parameters={"draws": draws})
    assert plan(["trend"], notebooks=["05_explorer"], parameters={"draws": 2000})
