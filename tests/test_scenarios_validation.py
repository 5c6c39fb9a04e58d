"""Every bad-scenario case gives one ScenarioError line naming file, key, value and rule."""
from __future__ import annotations

import subprocess
import sys
import textwrap
import warnings
from pathlib import Path

import pytest

from hpresearch.errors import ScenarioError
from hpresearch.parameters.registry import ScenarioWarning
from hpresearch.model.scenario import load_scenario, parse_overrides

ROOT = Path(__file__).resolve().parents[1]

META = """\
meta:
  title: t
  description: d
  author: a
  reference: [https://example.org]
  modifies: {modifies}
"""


def write(tmp_path: Path, name: str, body: str, modifies: str = "null") -> Path:
    p = tmp_path / f"{name}.yaml"
    p.write_text(META.format(modifies=modifies) + textwrap.dedent(body), encoding="utf-8")
    return p


def error_of(path_or_name) -> str:
    with pytest.raises(ScenarioError) as exc:
        load_scenario(path_or_name)
    msg = str(exc.value)
    assert "\n" not in msg
    return msg


def test_valid_file_loads(tmp_path):
    p = write(tmp_path, "ok", "params:\n  capacity_decay: 0.1\n  deflator_growth: {2027: 0.04}\n")
    sc = load_scenario(p)
    assert sc.params == {"capacity_decay": 0.1, "deflator_growth": {2027: 0.04}}


def test_unknown_key_suggests_close_match(tmp_path):
    p = write(tmp_path, "typo", "params:\n  capacty_decay: 0.2\n")
    msg = error_of(p)
    assert str(p) in msg and "capacty_decay" in msg
    assert "not a model parameter" in msg and "did you mean 'capacity_decay'" in msg


@pytest.mark.parametrize("value,rule", [("'high'", "must be a number"), ("true", "must be a number"),
                                        ("[0.1, 0.2]", "must be a number")])
def test_wrong_type(tmp_path, value, rule):
    p = write(tmp_path, "type", f"params:\n  capacity_decay: {value}\n")
    msg = error_of(p)
    assert "params.capacity_decay" in msg and rule in msg


def test_path_wrong_type(tmp_path):
    p = write(tmp_path, "ptype", "params:\n  deflator_growth: [0.1]\n")
    assert "must be a number or a mapping YEAR: value" in error_of(p)


def test_outside_hard_limits(tmp_path):
    p = write(tmp_path, "hard", "params:\n  core_fraction: 1.5\n")
    msg = error_of(p)
    assert "params.core_fraction" in msg and "1.5" in msg and "outside the hard limits [0.01, 1]" in msg


def test_path_value_outside_hard_limits_names_year(tmp_path):
    p = write(tmp_path, "hardy", "params:\n  fdi_digital_usd_bn: {2027: -1}\n")
    msg = error_of(p)
    assert "params.fdi_digital_usd_bn.2027" in msg and "hard limits" in msg


def test_year_outside_horizon(tmp_path):
    p = write(tmp_path, "year", "params:\n  deflator_growth: {2050: 0.03}\n")
    msg = error_of(p)
    assert "deflator_growth.2050" in msg and "year outside the projection years 2015-2045" in msg


def test_non_integer_year_key(tmp_path):
    p = write(tmp_path, "yk", "params:\n  deflator_growth: {'x2027': 0.03}\n")
    assert "year keys must be integers" in error_of(p)


def test_missing_base_scenario(tmp_path):
    p = write(tmp_path, "orphan", "params: {}\n", modifies="no_such_base")
    msg = error_of(p)
    assert "meta.modifies" in msg and "no_such_base" in msg and "base scenario not found" in msg


def test_circular_composition(tmp_path):
    write(tmp_path, "a", "params: {}\n", modifies="b")
    write(tmp_path, "b", "params: {}\n", modifies="a")
    msg = error_of(tmp_path / "a.yaml")
    assert "circular composition a -> b -> a" in msg


def test_self_reference_is_circular(tmp_path):
    p = write(tmp_path, "selfref", "params: {}\n", modifies="selfref")
    assert "circular composition" in error_of(p)


@pytest.mark.parametrize("tagged", [
    "!!python/object/apply:os.system ['echo hacked']",
    "!!python/name:os.system",
    "!custom 3",
    "!!binary aGVsbG8=",
])
def test_unsafe_or_nonstandard_tags_rejected(tmp_path, tagged):
    p = write(tmp_path, "tag", f"params:\n  capacity_decay: {tagged}\n")
    msg = error_of(p)
    assert "YAML tag not allowed" in msg and "line 8" in msg


@pytest.mark.parametrize("body,what", [("- a\n- b\n", "list"), ("42\n", "int"),
                                       ("just text\n", "str"), ("", "NoneType")])
def test_non_mapping_yaml(tmp_path, body, what):
    p = tmp_path / "nm.yaml"
    p.write_text(body, encoding="utf-8")
    msg = error_of(p)
    assert "top level must be a mapping" in msg and what in msg


def test_unknown_top_level_and_meta_keys(tmp_path):
    p = write(tmp_path, "top", "parms: {}\n")
    assert "unknown top-level key; did you mean 'params'" in error_of(p)
    q = tmp_path / "meta.yaml"
    q.write_text("meta: {title: t, description: d, author: a, reference: [u], modifes: trend}\n")
    assert "unknown meta key; did you mean 'modifies'" in error_of(q)


def test_missing_meta_field(tmp_path):
    q = tmp_path / "m.yaml"
    q.write_text("meta: {description: d, author: a, reference: [u]}\nparams: {}\n")
    assert "meta.title: is required" in error_of(q)


def test_duplicate_keys_and_bad_syntax(tmp_path):
    p = write(tmp_path, "dup", "params:\n  deflator_growth: 0.03\n  deflator_growth: 0.04\n")
    assert "duplicate key" in error_of(p)
    q = tmp_path / "syntax.yaml"
    q.write_text("meta: {title: [unclosed\n")
    assert "is not valid YAML" in error_of(q)


def test_unknown_scenario_name_suggests():
    msg = error_of("trnd")
    assert "no such scenario; did you mean 'trend'" in msg


def test_plausible_range_warns_not_errors(tmp_path):
    p = write(tmp_path, "plaus", "params:\n  capacity_decay: 0.5\n")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        load_scenario(p)
    assert any(issubclass(w.category, ScenarioWarning) and "plausible range" in str(w.message)
               for w in caught)


@pytest.mark.parametrize("item,rule", [
    ("capacity_decay", "expected KEY=VALUE"),
    ("=0.2", "both parts non-empty"),
    ("capacity_decay=", "both parts non-empty"),
    ("nope=0.2", "is not a model parameter"),
    ("capacity_decay=abc", "must be a number"),
    ("deflator_growth.20x7=0.03", "year after '.' must be an integer"),
    ("deflator_growth.2099=0.03", "year outside the projection years"),
    ("core_fraction=2", "hard limits"),
    ("capacity_decay=!!python/name:os.system", "YAML tag not allowed"),
])
def test_bad_set_overrides(item, rule):
    with pytest.raises(ScenarioError) as exc:
        parse_overrides([item])
    assert rule in str(exc.value) and str(exc.value).startswith("overrides")


def test_set_overrides_parse_years_and_scalars():
    ov = parse_overrides(["capacity_decay=0.1", "deflator_growth.2027=0.04", "deflator_growth.2028=0.05",
                          "fdi_digital_usd_bn={2026: 3, 2030: 4}"])
    assert ov == {"capacity_decay": 0.1, "deflator_growth": {2027: 0.04, 2028: 0.05},
                  "fdi_digital_usd_bn": {2026: 3.0, 2030: 4.0}}


def run_cli(*args):
    return subprocess.run([sys.executable, "-m", "hpresearch", *args], capture_output=True,
                          text=True, cwd=ROOT)


def test_cli_validate_reports_each_file_and_exits_2(tmp_path):
    bad = write(tmp_path, "bad", "params:\n  core_fraction: 7\n")
    out = run_cli("validate", "trend", str(bad))
    assert out.returncode == 2
    assert "ok: trend" in out.stdout
    err = out.stderr.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("error: ") and "core_fraction" in err[0]
    assert "Traceback" not in out.stderr


def test_cli_project_bad_set_is_one_line(tmp_path):
    out = run_cli("project", "trend", "--set", "capacty_decay=0.2")
    assert out.returncode == 2 and out.stdout == ""
    assert out.stderr.count("\n") == 1 and "did you mean 'capacity_decay'" in out.stderr
