"""Hostile YAML: limits before building, safe tags, merge keys, control characters, and
``modifies`` confined to the scenario's own folder and the shipped scenarios.

Every refusal is one ``ScenarioError`` line (``error: ...`` and exit 2 on the command line),
quickly, with nothing built.
"""
from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from hpresearch import safeyaml
from hpresearch.cli import main
from hpresearch.errors import ScenarioError
from hpresearch.model.scenario import load_scenario, parse_overrides

META = """\
meta:
  title: t
  description: d
  author: a
  reference: [https://example.org]
  modifies: {modifies}
"""

BOMB = """\
a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]
i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]
"""


def write(folder: Path, name: str, body: str, modifies: str = "null") -> Path:
    p = folder / f"{name}.yaml"
    p.write_text(META.format(modifies=modifies) + body, encoding="utf-8")
    return p


def one_line(exc_info) -> str:
    msg = str(exc_info.value)
    assert "\n" not in msg and "\x1b" not in msg
    return msg


def cli(capsys, *argv) -> tuple[int, str, str]:
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


def assert_cli_one_line(status, err, *needles):
    assert status == 2, err
    assert err.count("\n") == 1 and err.startswith("error: "), err
    assert "Traceback" not in err and "\x1b" not in err
    for n in needles:
        assert n in err, (n, err)


# --------------------------------------------------------------------- resource limits
def test_alias_bomb_is_refused_quickly(tmp_path, capsys):
    p = tmp_path / "bomb.yaml"
    p.write_text(META.format(modifies="null") + "params:\n  x:\n" +
                 "".join("    " + line + "\n" for line in BOMB.splitlines()))
    start = time.perf_counter()
    status, _, err = cli(capsys, "validate", str(p))
    assert time.perf_counter() - start < 5
    assert_cli_one_line(status, err, "bomb.yaml", "alias bomb")


def test_alias_bomb_in_set_value():
    bomb = "{" + ", ".join(line.replace(": ", ": ", 1) for line in BOMB.splitlines()) + "}"
    with pytest.raises(ScenarioError) as exc:
        parse_overrides([f"core_fraction={bomb}"])
    assert "overrides core_fraction" in one_line(exc)


def test_too_many_aliases():
    text = "a: &a 1\nb: [" + ", ".join(["*a"] * 150) + "]\n"
    with pytest.raises(ScenarioError) as exc:
        safeyaml.load(text, "many.yaml")
    assert "more than 100 aliases" in one_line(exc)


@pytest.mark.parametrize("shape", ["flow_list", "flow_map", "block_map"])
def test_deep_nesting_is_one_line_not_a_recursion_error(tmp_path, capsys, shape):
    n = 5000
    if shape == "flow_list":
        body = "params:\n  core_fraction: " + "[" * n + "]" * n + "\n"
    elif shape == "flow_map":
        body = "params:\n  core_fraction: " + "{a: " * n + "1" + "}" * n + "\n"
    else:
        n = 600  # indentation grows quadratically: 600 levels is ~360 kB
        body = "params:\n" + "".join("  " * (i + 1) + "a:\n" for i in range(n)) + "  " * (n + 1) + "1\n"
    p = write(tmp_path, "deep", body)
    status, _, err = cli(capsys, "validate", str(p))
    assert_cli_one_line(status, err, "deep.yaml", "nesting depth")


def test_deep_nesting_in_set_value():
    with pytest.raises(ScenarioError) as exc:
        parse_overrides(["core_fraction=" + "[" * 3000 + "]" * 3000])
    assert "nesting depth" in one_line(exc)


def test_huge_scenario_file_is_refused_before_reading(tmp_path, capsys):
    p = tmp_path / "huge.yaml"
    with p.open("w") as fh:
        fh.write(META.format(modifies="null") + "params:\n")
        fh.write("# padding\n" * 5_000_000)  # 50 MB of comments
    start = time.perf_counter()
    status, _, err = cli(capsys, "validate", str(p))
    assert time.perf_counter() - start < 5
    assert_cli_one_line(status, err, "huge.yaml", "limit is 1,048,576 bytes")


def test_huge_set_value():
    with pytest.raises(ScenarioError) as exc:
        parse_overrides(["core_fraction=" + "1" * 2_000_000])
    assert "limited to 1,048,576 bytes" in one_line(exc)


def test_named_pipe_scenario_does_not_hang(tmp_path, capsys):
    fifo = tmp_path / "pipe.yaml"
    os.mkfifo(fifo)
    status, _, err = cli(capsys, "validate", str(fifo))
    assert_cli_one_line(status, err, "pipe.yaml", "not a regular file")


def test_link_to_dev_zero_scenario(tmp_path, capsys):
    link = tmp_path / "zero.yaml"
    link.symlink_to("/dev/zero")
    status, _, err = cli(capsys, "validate", str(link))
    assert_cli_one_line(status, err, "zero.yaml", "not a regular file")


def test_folder_named_like_a_scenario(tmp_path, capsys):
    (tmp_path / "dir.yaml").mkdir()
    status, _, err = cli(capsys, "validate", str(tmp_path / "dir.yaml"))
    assert_cli_one_line(status, err, "dir.yaml", "is a folder")


# --------------------------------------------------------------------------- YAML types
def test_merge_keys_are_accepted(tmp_path):
    p = tmp_path / "merge.yaml"
    p.write_text(
        "meta: &m\n  title: merged\n  description: d\n  author: a\n  reference: [u]\n"
        "params:\n"
        "  fdi_digital_usd_bn: &path {2026: 3.0, 2027: 3.5}\n"
        "  dx_spending_vnd_bn:\n    <<: *path\n    2028: 4.0\n", encoding="utf-8")
    sc = load_scenario(p)
    assert sc.params["dx_spending_vnd_bn"] == {2026: 3.0, 2027: 3.5, 2028: 4.0}
    assert safeyaml.load("a: &a {x: 1}\nb:\n  <<: [*a, {y: 2}]\n  x: 3\n", "m") == \
        {"a": {"x": 1}, "b": {"x": 3, "y": 2}}


def test_exponent_numbers_are_numbers_in_files_as_on_the_command_line(tmp_path):
    """YAML 1.1 (PyYAML) reads 7e-1 as text; scenario files and --set read it as 0.7."""
    p = write(tmp_path, "e", "params:\n  core_fraction: 7e-1\n  capacity_decay: 0.8e-1\n")
    sc = load_scenario(p)
    assert sc.params["core_fraction"] == 0.7 and sc.params["capacity_decay"] == pytest.approx(0.08)
    assert safeyaml.load("a: 1_0e-1\nb: 10\nc: '1e3'", "m") == {"a": "1_0e-1", "b": 10,
                                                                 "c": "1e3"}


@pytest.mark.parametrize("value,rule", [
    ("!!int abc", "not valid YAML"),
    ("!!float xyz", "not valid YAML"),
    ("1" + "0" * 5000, "not valid YAML"),
    ("!!timestamp 2020-01-01", "YAML tag not allowed"),
    ("!!set {a, b}", "YAML tag not allowed"),
    ("!!omap [a: 1]", "YAML tag not allowed"),
    ("!!python/object/new:os.system [ls]", "YAML tag not allowed"),
    ("*undefined", "not valid YAML"),
    ("{<<: 3}", "not valid YAML"),
    ("{? [a, b] : 1}", "not valid YAML"),
    ("&a 1\n  extra: &a 2", "not valid YAML"),
])
def test_bad_yaml_values_are_one_line(tmp_path, value, rule):
    p = write(tmp_path, "v", f"params:\n  core_fraction: {value}\n")
    with pytest.raises(ScenarioError) as exc:
        load_scenario(p)
    assert rule in one_line(exc) and "v.yaml" in str(exc.value)


def test_invalid_utf8_scenario(tmp_path):
    p = tmp_path / "latin.yaml"
    p.write_bytes((META.format(modifies="null") + "params: {}\n").replace("t\n", "t\xe9\n", 1)
                  .encode("latin-1"))
    with pytest.raises(ScenarioError) as exc:
        load_scenario(p)
    assert "not UTF-8" in one_line(exc)


# ------------------------------------------------------------------ control characters
@pytest.mark.parametrize("field,value", [
    ("title", '"\\e[31mred\\e[0m"'),
    ("title", '"clear\\e[2J"'),
    ("title", '"tab\\tinside"'),
    ("author", '"bell\\a"'),
    ("author", '"nul\\0byte"'),
    ("description", '"\\u202egnp.exe"'),
    ("title_vi", '"line\\u2028sep"'),
    ("reference", '["\\e]8;;http://evil\\e\\\\link"]'),
])
def test_control_characters_in_meta_are_refused(tmp_path, capsys, field, value):
    body = "meta:\n"
    extra = {"title": "t", "description": "d", "author": "a",
             "reference": "[https://example.org]"}
    extra[field] = value
    body += "".join(f"  {k}: {v}\n" for k, v in extra.items()) + "params: {}\n"
    p = tmp_path / "ctl.yaml"
    p.write_text(body, encoding="utf-8")
    status, out, err = cli(capsys, "validate", str(p))
    assert_cli_one_line(status, err, "ctl.yaml", f"meta.{field}", "control character")
    assert "\x1b" not in out


def test_control_character_in_a_parameter_key(tmp_path):
    p = write(tmp_path, "key", 'params:\n  "core\\e[2Jfraction": 0.9\n')
    with pytest.raises(ScenarioError) as exc:
        load_scenario(p)
    msg = one_line(exc)
    assert "params key" in msg and "U+001B" in msg


def test_multiline_description_is_still_allowed(tmp_path):
    p = tmp_path / "ml.yaml"
    p.write_text("meta:\n  title: t\n  description: |\n    line one\n    line two\n"
                 "  author: a\n  reference: [u]\nparams: {}\n", encoding="utf-8")
    assert "line two" in load_scenario(p).meta["description"]


def test_escape_in_file_name_is_not_echoed_raw(tmp_path, capsys):
    p = tmp_path / "evil\x1b[2J.yaml"
    p.write_text("meta: [1]\n", encoding="utf-8")
    status, _, err = cli(capsys, "validate", str(p))
    assert_cli_one_line(status, err, "\\x1b[2J")


# ------------------------------------------------------------------- modifies confined
def _outside(tmp_path: Path) -> Path:
    outside = tmp_path / "outside"
    outside.mkdir()
    secret = outside / "secret.yaml"
    secret.write_text("meta:\n  title: TOPSECRET-CONTENT\nparams:\n  TOPSECRET-KEY: 1\n")
    return secret


@pytest.mark.parametrize("how", ["relative", "absolute", "symlink", "name", "symlink_dir"])
def test_modifies_cannot_leave_the_scenario_folder(tmp_path, capsys, how):
    secret = _outside(tmp_path)
    mine = tmp_path / "mine"
    mine.mkdir()
    if how == "relative":
        mod = "../outside/secret.yaml"
    elif how == "absolute":
        mod = str(secret)
    elif how == "symlink":
        (mine / "base.yaml").symlink_to(secret)
        mod = "base.yaml"
    elif how == "symlink_dir":
        (mine / "sub").symlink_to(secret.parent)
        mod = "sub/secret.yaml"
    else:
        mod = "../outside/secret"
    p = write(mine, "child", "params: {}\n", modifies=f"'{mod}'")
    status, out, err = cli(capsys, "validate", str(p))
    assert_cli_one_line(status, err, "meta.modifies", "leaves the scenario's folder")
    assert "TOPSECRET" not in err + out


def test_modifies_below_the_folder_and_shipped_still_work(tmp_path):
    sub = tmp_path / "sub"
    sub.mkdir()
    write(sub, "base", "params: {core_fraction: 0.9}\n", modifies="trend")
    child = write(tmp_path, "child", "params: {}\n", modifies="sub/base.yaml")
    sc = load_scenario(child)
    assert sc.chain == ("trend", "base", "child") and sc.params["core_fraction"] == 0.9


def test_long_modifies_chain_is_refused(tmp_path):
    for i in range(40):
        write(tmp_path, f"s{i}", "params: {}\n", modifies=f"s{i + 1}" if i < 39 else "null")
    with pytest.raises(ScenarioError) as exc:
        load_scenario(tmp_path / "s0.yaml")
    assert "the limit is 32" in one_line(exc)


def test_composition_of_too_many_scenarios():
    with pytest.raises(ScenarioError) as exc:
        load_scenario("+".join(["trend"] * 40))
    assert "more than 32" in one_line(exc)


def test_messages_cut_long_values(tmp_path):
    p = write(tmp_path, "long", "params:\n  core_fraction: '" + "x" * 5000 + "'\n")
    with pytest.raises(ScenarioError) as exc:
        load_scenario(p)
    assert len(str(exc.value)) < 400
