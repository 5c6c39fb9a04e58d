"""The result store: a stored answer is read only for the same inputs, including the
dependencies the render hashes (a numpy upgrade must not reuse old entries)."""
from __future__ import annotations

import copy

from hpresearch.render import cache, ownership
from hpresearch.report import store


def _counting():
    calls = []

    def compute():
        calls.append(1)
        return {"value": len(calls)}
    return calls, compute


def test_stored_results_are_read_only_for_the_same_shared_inputs(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.setenv(store.STORE_ENV, str(tmp_path / ".store"))
    monkeypatch.setenv(store.STORE_INPUTS_ENV, "deps-a")
    monkeypatch.setattr(store, "_MEMORY", {})
    calls, compute = _counting()
    assert store.cached("answer", {"scenario": "x"}, compute) == {"value": 1}
    monkeypatch.setattr(store, "_MEMORY", {})          # a new kernel: reads the entry
    assert store.cached("answer", {"scenario": "x"}, compute) == {"value": 1}
    assert len(calls) == 1 and len(list((tmp_path / ".store").glob("*.entry"))) == 1
    monkeypatch.setenv(store.STORE_INPUTS_ENV, "deps-b")  # e.g. numpy upgraded
    assert store.cached("answer", {"scenario": "x"}, compute) == {"value": 2}
    assert len(calls) == 2


def test_result_inputs_follow_dependencies_not_the_commit():
    shared = cache.shared_inputs()
    base = cache.result_inputs(shared)
    docs_commit = copy.deepcopy(shared)
    docs_commit["code"]["git_commit"] = "0" * 40
    assert cache.result_inputs(docs_commit) == base
    upgraded = copy.deepcopy(shared)
    upgraded["dependencies"]["installed_sha256"] = "another"
    assert cache.result_inputs(upgraded) != base
    new_data = copy.deepcopy(shared)
    new_data["data_sha256"] = "another"
    assert cache.result_inputs(new_data) != base


def test_summary_uses_the_notebooks_own_defaults():
    """The summary computes what the reports show when run without ``-p``: the notebook's
    parameters cell, not literals of its own."""
    from hpresearch.render.plan import plan
    from hpresearch.render.summary import summary_request

    req = summary_request(plan(["trend"], notebooks=["02_scenario_report"], langs=["en"]))
    assert req["scenarios"] == ["trend"]
    assert req["params"] == {"basis": "gso", "target_year": 2030, "seed": 20241220,
                             "draws": 10_000, "lever": "fdi_digital_usd_bn"}
    set_draws = summary_request(plan(["trend"], notebooks=["02_scenario_report"], langs=["en"],
                                     parameters={"draws": 2000}))
    assert set_draws["params"]["draws"] == 2000 and set_draws["params"]["seed"] == 20241220


def test_a_partial_render_keeps_the_other_scenarios_in_the_summary(tmp_path):
    """After a full set, ``render 02 --scenario plan`` must not shrink the summary to plan:
    the reports already in the folder count too (this run's parameters first)."""
    import json

    from hpresearch.render.plan import plan
    from hpresearch.render.summary import reports_on_disk, summary_request

    for scenario in ("trend", "anchor_exit"):
        stem = f"02_scenario_report.{scenario}.en"
        (tmp_path / stem).mkdir()
        (tmp_path / stem / "manifest.json").write_text(json.dumps({
            "stem": stem, "notebook": "02_scenario_report", "scenario": scenario,
            "lang": "en", "parameters": {"lang": "en", "scenario": scenario}}))
    (tmp_path / "00_data_overview.en").mkdir()
    (tmp_path / "00_data_overview.en" / "manifest.json").write_text(json.dumps({
        "stem": "00_data_overview.en", "notebook": "00_data_overview", "lang": "en",
        "parameters": {"lang": "en"}}))
    ownership.update(tmp_path, add={p.name: "report" for p in tmp_path.iterdir()})
    (tmp_path / "02_scenario_report.plan.en").mkdir()  # not hpresearch's: never read
    (tmp_path / "02_scenario_report.plan.en" / "manifest.json").write_text(json.dumps({
        "stem": "02_scenario_report.plan.en", "notebook": "02_scenario_report",
        "scenario": "plan", "lang": "en", "parameters": {"scenario": "/etc/passwd"}}))
    disk = reports_on_disk(tmp_path)
    assert sorted(j.parameters["scenario"] for j in disk) == ["anchor_exit", "trend"]
    run = plan(["plan"], notebooks=["02_scenario_report"], langs=["en"],
               parameters={"draws": 2000})
    req = summary_request(list(run) + disk)
    assert sorted(req["scenarios"]) == ["anchor_exit", "plan", "trend"]
    assert req["params"]["draws"] == 2000                    # this run's parameters lead
