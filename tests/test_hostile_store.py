"""Shared folders are hostile ground (issue 22), without kernels: the result store never runs
what a folder holds, a render never touches what hpresearch did not write, and everything
read back from an output folder is checked as strictly as user input."""
from __future__ import annotations

import json
import os
import pickle
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from hpresearch.errors import UsageError
from hpresearch.render import batch, executor, index, ownership, placement
from hpresearch.render.jobs import JobResult, ReportJob
from hpresearch.report import store

ROOT = Path(__file__).resolve().parents[1]


class _Planted:
    """Unpickling this creates the folder ``marker`` (what a planted pickle could do)."""

    def __init__(self, marker: Path):
        self.marker = str(marker)

    def __reduce__(self):
        return (os.mkdir, (self.marker,))


@pytest.fixture
def user(tmp_path, monkeypatch):
    """A user with their own secret (outside every store), a store, a fresh memory."""
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.setenv(store.STORE_ENV, str(tmp_path / "shared"))
    monkeypatch.setenv(store.STORE_INPUTS_ENV, "deps-a")
    monkeypatch.setattr(store, "_MEMORY", {})
    return tmp_path


def _counting():
    calls = []

    def compute():
        calls.append(1)
        return {"value": 41 + len(calls)}
    return calls, compute


def _ask(monkeypatch, compute, inputs=None):
    monkeypatch.setattr(store, "_MEMORY", {})  # a new kernel
    return store.cached("answer", inputs or {"scenario": "trend"}, compute)


def _entry(kind="answer", inputs=None) -> Path:
    key = store.store_key(kind, inputs or {"scenario": "trend"})
    return store.store_dir() / store.entry_name(store.user_secret(), kind, key)


# --- the result store ---------------------------------------------------------------------

def test_a_planted_pickle_is_never_unpickled(user, monkeypatch):
    marker = user / "PWNED"
    evil = pickle.dumps(_Planted(marker))
    folder = user / "shared"
    folder.mkdir()
    key = store.store_key("answer", {"scenario": "trend"})
    # where the old store read from, a name anyone can compute, and the user's own name
    # with a MAC of another secret, a zero MAC and no MAC at all
    (folder / f"answer-{key[:32]}.pickle").write_bytes(evil)
    (folder / f"answer-{key}.entry").write_bytes(evil)
    own = _entry()
    calls, compute = _counting()
    other = store._mac(b"x" * 32, own.name, evil)
    for planted in (store._MAGIC + other + evil, store._MAGIC + b"\0" * 32 + evil, evil):
        own.write_bytes(planted)
        assert _ask(monkeypatch, compute) == {"value": 41 + len(calls)}
        assert not marker.exists()
    assert len(calls) == 3                                   # each one a miss, recomputed
    assert (folder / f"answer-{key[:32]}.pickle").read_bytes() == evil  # left untouched
    assert _ask(monkeypatch, compute) == {"value": 44} and len(calls) == 3  # ours now reads


@pytest.mark.parametrize("damage", ["truncated", "empty", "flipped", "directory", "fifo"])
def test_a_damaged_entry_is_a_cache_miss(user, monkeypatch, damage):
    calls, compute = _counting()
    assert _ask(monkeypatch, compute) == {"value": 42}
    path = _entry()
    raw = path.read_bytes()
    path.unlink()
    if damage == "truncated":
        path.write_bytes(raw[: len(raw) // 2])
    elif damage == "empty":
        path.write_bytes(b"")
    elif damage == "flipped":
        path.write_bytes(raw[:-1] + bytes([raw[-1] ^ 1]))
    elif damage == "directory":
        path.mkdir()
    else:
        os.mkfifo(path)                                      # must not block the read
    value = _ask(monkeypatch, compute)
    assert value == {"value": 43} and len(calls) == 2


def test_entries_that_are_links_are_not_followed(user, monkeypatch):
    calls, compute = _counting()
    assert _ask(monkeypatch, compute) == {"value": 42}
    path = _entry()
    raw = path.read_bytes()
    elsewhere = user / "elsewhere.bin"
    elsewhere.write_bytes(raw)                               # a valid entry, but via a link
    path.unlink()
    path.symlink_to(elsewhere)
    assert _ask(monkeypatch, compute) == {"value": 43}       # not read through the link
    assert not path.is_symlink() and len(calls) == 2         # replaced, not written through
    assert elsewhere.read_bytes() == raw


def test_a_store_folder_that_is_a_link_is_never_used(user, monkeypatch, tmp_path):
    target = tmp_path / "victim"
    target.mkdir()
    (tmp_path / "shared").symlink_to(target)
    calls, compute = _counting()
    assert _ask(monkeypatch, compute) == {"value": 42}
    assert _ask(monkeypatch, compute) == {"value": 43}       # memory only
    assert list(target.iterdir()) == []


@pytest.mark.parametrize("problem", ["readable_by_others", "link", "short"])
def test_an_unsafe_secret_turns_the_store_off(user, monkeypatch, problem):
    path = store.secret_path()
    path.parent.mkdir(parents=True)
    if problem == "link":
        real = user / "elsewhere.key"
        real.write_bytes(b"k" * 32)
        real.chmod(0o600)
        path.symlink_to(real)
    else:
        path.write_bytes(b"k" * (32 if problem == "readable_by_others" else 5))
        path.chmod(0o644 if problem == "readable_by_others" else 0o600)
    assert store.user_secret() is None
    calls, compute = _counting()
    _ask(monkeypatch, compute)
    assert not list((user / "shared").glob("*.entry"))


def test_the_secret_is_private_and_outside_the_store(user):
    secret = store.user_secret()
    path = store.secret_path()
    assert len(secret) == 32 and path.stat().st_mode & 0o777 == 0o600
    assert store.user_secret() == secret                     # created once
    assert Path(os.environ[store.STORE_ENV]) not in path.parents


def test_two_users_of_a_shared_store_keep_their_own_entries(user, monkeypatch):
    calls, compute = _counting()
    assert _ask(monkeypatch, compute) == {"value": 42}
    monkeypatch.setenv("XDG_CONFIG_HOME", str(user / "colleague"))
    assert _ask(monkeypatch, compute) == {"value": 43}       # never reads the first's
    assert len(list((user / "shared").glob("answer-*.entry"))) == 2
    monkeypatch.setenv("XDG_CONFIG_HOME", str(user / "config"))
    assert _ask(monkeypatch, compute) == {"value": 42} and len(calls) == 2


def test_the_fan_cache_treats_any_damage_as_a_miss(tmp_path, monkeypatch):
    from hpresearch.backtest import rolling

    monkeypatch.setenv("HPRESEARCH_CACHE_DIR", str(tmp_path))
    for text in ("[0]", '{"n": "x"}', "{", '"text"', "[" * 100_000):
        (tmp_path / "t.json").write_text(text)
        assert rolling._cached("t", lambda: _Dict(7), _Dict.from_dict).n == 7
    (tmp_path / "t.json").unlink()
    (tmp_path / "t.json").mkdir()                            # unreadable
    assert rolling._cached("t", lambda: _Dict(8), _Dict.from_dict).n == 8


class _Dict:
    def __init__(self, n):
        self.n = n

    def to_dict(self):
        return {"n": self.n}

    @classmethod
    def from_dict(cls, d):
        return cls(int(d.get("n")))


# --- ownership of the output folder -------------------------------------------------------

def _job(notebook="10_fixture", lang="en"):
    return ReportJob(notebook=notebook, notebook_path="/nonexistent.ipynb", lang=lang,
                     parameters={}, title="T")


def _good(job, when="2026-01-02T00:00:00+00:00"):
    return JobResult(job, True, 1.0, "", {f"{job.stem}.html": b"<p>v1</p>"},
                     {"stem": job.stem, "notebook": job.notebook, "lang": job.lang,
                      "title": "T", "rendered_at": when, "status": "ok"})


def _foreign(out: Path) -> dict:
    """A user's files beside the reports: hidden folders named like hpresearch's."""
    for name in (".drafts.stage-1", ".notes.old-v1", ".thesis.old-2024", ".10_fixture.en.old-1"):
        (out / name).mkdir(parents=True)
        (out / name / "mine.txt").write_text(name)
    return _snapshot(out)


def _snapshot(out: Path) -> dict:
    return {str(p.relative_to(out)): p.read_bytes() if p.is_file() else None
            for p in sorted(out.rglob("*")) if ownership.RECORD not in p.name}


def test_recovery_touches_only_recorded_staging_folders(tmp_path):
    placement.place(_good(_job()), tmp_path)
    mine = _foreign(tmp_path)
    placement.recover(tmp_path)
    assert _snapshot(tmp_path) == mine
    # an interrupted placement of ours (recorded before creation) is recovered
    (tmp_path / "10_fixture.en").rename(tmp_path / ".10_fixture.en.old-0a1b")
    ownership.update(tmp_path, add={".10_fixture.en.old-0a1b": "stage"},
                     drop=["10_fixture.en"])
    placement.recover(tmp_path)
    assert (tmp_path / "10_fixture.en" / "10_fixture.en.html").is_file()
    assert ownership.owns(tmp_path, "10_fixture.en")
    assert not (tmp_path / ".10_fixture.en.old-0a1b").exists()
    assert all((tmp_path / n / "mine.txt").is_file() for n in
               (".drafts.stage-1", ".notes.old-v1", ".thesis.old-2024", ".10_fixture.en.old-1"))


@pytest.mark.parametrize("when", ["before_the_new_is_in_place", "just_after"])
def test_an_interrupted_placement_is_recovered_as_ours(tmp_path, monkeypatch, when):
    job = _job()
    placement.place(_good(job), tmp_path)
    real_replace, real_update = os.replace, ownership.update

    def replace(src, dst):            # the old report is set aside, then Ctrl-C
        if ".stage-" in Path(src).name and Path(dst).name == job.stem:
            raise KeyboardInterrupt
        real_replace(src, dst)

    def update(out_dir, add=None, drop=(), source=None):  # Ctrl-C right after the rename
        if not add and any(".stage-" in n for n in drop):
            raise KeyboardInterrupt
        real_update(out_dir, add, drop, source)

    if when == "just_after":
        monkeypatch.setattr(ownership, "update", update)
    else:
        monkeypatch.setattr(placement.os, "replace", replace)
    newer = _good(job, when="2026-05-01T00:00:00+00:00")
    newer.artifacts = {f"{job.stem}.html": b"<p>v2</p>"}
    with pytest.raises(KeyboardInterrupt):
        placement.place(newer, tmp_path)
    monkeypatch.undo()
    placement.recover(tmp_path)
    html = b"<p>v1</p>" if when == "before_the_new_is_in_place" else b"<p>v2</p>"
    assert (tmp_path / job.stem / f"{job.stem}.html").read_bytes() == html
    assert ownership.owns(tmp_path, job.stem)                # the next render may replace it
    assert sorted(ownership.load(tmp_path)) == [job.stem]
    assert [p.name for p in tmp_path.iterdir() if p.name != ownership.RECORD] == [job.stem]


def test_placement_replaces_only_its_own_report(tmp_path):
    job = _job()
    (tmp_path / job.stem).mkdir()
    (tmp_path / job.stem / "thesis.tex").write_text("mine")
    with pytest.raises(UsageError, match="not written by hpresearch"):
        placement.place(_good(job), tmp_path)
    assert (tmp_path / job.stem / "thesis.tex").read_text() == "mine"
    assert [p.name for p in tmp_path.iterdir() if p.name != ownership.RECORD] == [job.stem]


@pytest.mark.parametrize("name,content", [
    ("index.html", '<html><title>hpresearch reports</title>'
                   '<meta name="generator" content="hpresearch">my own index</html>'),
    ("10_fixture.en", None),
    ("10_fixture.en.failed.json", '{"stem": "10_fixture.en"}'),
    ("10_fixture.en.failed.ipynb", "{}"),
])
def test_a_foreign_name_the_render_would_write_is_refused_before_any_work(
        tmp_path, monkeypatch, name, content):
    path = tmp_path / name
    path.mkdir() if content is None else path.write_text(content)
    before = _snapshot(tmp_path)
    monkeypatch.setattr(executor, "run_serial", _never)
    with pytest.raises(UsageError, match=f"holds '{name}', which hpresearch did not write"):
        batch.render([_job()], tmp_path, n_jobs=1, progress=False)
    assert _snapshot(tmp_path) == before and not (tmp_path / ".store").exists()


def test_an_index_edited_by_hand_is_no_longer_ours(tmp_path):
    index.write_index(tmp_path)
    with open(tmp_path / "index.html", "a") as fh:
        fh.write("<!-- my note -->")
    with pytest.raises(UsageError, match="'index.html'"):
        batch.check_out_dir(tmp_path)
    assert index.write_index(tmp_path) is None               # and is not rewritten
    assert (tmp_path / "index.html").read_text().endswith("<!-- my note -->")


@pytest.mark.parametrize("record", [
    "[0]", '{"format": 1, "entries": [0]}', '{"format": 1, "entries": {"../x": {"kind": "file"}}}',
    '{"format": 1, "entries": {"a": {"kind": "stage", "sha256": 5}}}', "{", "not json",
])
def test_a_damaged_record_is_refused_in_one_line(tmp_path, record):
    (tmp_path / ownership.RECORD).write_text(record)
    with pytest.raises(UsageError) as err:
        batch.check_out_dir(tmp_path)
    assert "hpresearch's record" in str(err.value) and "\n" not in str(err.value)


def test_a_store_that_is_a_link_is_refused(tmp_path):
    (tmp_path / "elsewhere").mkdir()
    out = tmp_path / "out"
    out.mkdir()
    (out / ".store").symlink_to(tmp_path / "elsewhere")
    with pytest.raises(UsageError, match="result store"):
        batch.render([_job()], out, n_jobs=1, progress=False)


def _never(jobs, on_result):
    raise AssertionError("a refused render must not start any work")


# --- what is read back --------------------------------------------------------------------

def _record_as_ours(out: Path, name: str, kind: str = "file") -> None:
    ownership.update(out, add={name: kind})


@pytest.mark.parametrize("manifest", [
    [0], {"stem": "10_fixture.en", "files": 5}, {"stem": "10_fixture.en", "title": ["x"]},
    {"stem": "10_fixture.en", "files": ["../../etc/passwd", "//evil.example/x", {"a": 1}]},
    {"stem": "10_fixture.en", "notebook": 3, "lang": {"x": 1}, "rendered_at": 7},
])
def test_bad_manifests_do_not_break_the_index(tmp_path, manifest):
    job = _job()
    placement.place(_good(job), tmp_path)
    (tmp_path / job.stem / "manifest.json").write_text(json.dumps(manifest))
    _record_as_ours(tmp_path, job.stem, "report")
    page = index.write_index(tmp_path).read_text()
    assert "passwd" not in page and "evil.example" not in page


@pytest.mark.parametrize("notebook_file", [
    "//another.host/x", "../../../../home/x", "https://evil.example/x", "javascript:alert(1)",
    "/etc/passwd", ["10_fixture.en.failed.ipynb"], {"a": 1}, "10_fixture.vi.failed.ipynb",
])
def test_a_failure_record_links_only_its_own_notebook(tmp_path, notebook_file):
    job = _job()
    placement.place(JobResult(job, False, 1.0, "boom", {f"{job.stem}.ipynb": b"{}"}), tmp_path)
    (tmp_path / "10_fixture.vi.failed.ipynb").write_text("{}")
    _record_as_ours(tmp_path, "10_fixture.vi.failed.ipynb")
    record = json.loads((tmp_path / f"{job.stem}.failed.json").read_text())
    assert record["notebook_file"] == f"{job.stem}.failed.ipynb"
    page = index.render_index(index.collect(tmp_path))
    assert f'href="{job.stem}.failed.ipynb"' in page            # the real one is linked
    record.update(notebook_file=notebook_file, error=["a", "list"], title={"x": 1})
    (tmp_path / f"{job.stem}.failed.json").write_text(json.dumps(record))
    _record_as_ours(tmp_path, f"{job.stem}.failed.json")
    page = index.write_index(tmp_path).read_text()
    hrefs = [h.split('"')[0] for h in page.split('href="')[1:]]
    assert hrefs == [] and "another.host" not in page and "home/x" not in page


def test_links_in_the_index_stay_inside_the_folder():
    for href in ("//h/x", "../x", "a/../../x", "/x", "https://h", "javascript:x", ".hidden",
                 "a\\b", ""):
        assert "<a " not in index._link(href, "label"), href
    assert index._link("a.en/tables/t.csv", "t") == '<a href="a.en/tables/t.csv">t</a>'


def _summary_frame() -> pd.DataFrame:
    row = {"scenario": "trend", "title_en": "Trend - x", "title_vi": "Xu huong - x",
           "boundary": "merged", "year": 2030, "share_median": 0.2, "share_p10": 0.15,
           "share_p90": 0.25, "official_target": 0.35, "p_official_target": 0.1,
           "goal40": 0.38, "p_goal40": 0.05, "required_median": 3.0,
           "required_median_status": "solved", "required_p80": 4.0, "credible_share": 0.3,
           "pace_limit": 0.015}
    return pd.DataFrame([row])


def _spreadsheet_copy(frame: pd.DataFrame) -> bytes:
    """What a Vietnamese-locale spreadsheet saves: ``;`` separators, decimal commas."""
    return frame.to_csv(index=False, sep=";", decimal=",").encode("utf-8-sig")


def test_summary_is_read_only_while_ours_and_well_formed(tmp_path):
    from hpresearch.render.export import csv_bytes

    good = _summary_frame()
    ownership.write_file(tmp_path, "summary.csv", csv_bytes(good))
    frame, reason = index.read_summary(tmp_path)
    assert reason is None and frame["share_median"].tolist() == [0.2]
    assert "answer" in index.write_index(tmp_path).read_text()  # the answer box
    broken = {"spreadsheet": _spreadsheet_copy(good),
              "no boundary": csv_bytes(good.drop(columns="boundary")),
              "text numbers": csv_bytes(good.assign(share_median="0,2")),
              "other boundary": csv_bytes(good.assign(boundary="<script>")),
              "no rows": csv_bytes(good.iloc[:0]), "binary": b"\x00\xff" * 50}
    for what, data in broken.items():
        ownership.write_file(tmp_path, "summary.csv", data)  # recorded: checked all the same
        frame, reason = index.read_summary(tmp_path)
        assert frame is None and reason, what
        page = index.write_index(tmp_path).read_text()
        assert 'class="answer"' not in page, what


def test_a_spreadsheet_edit_makes_the_summary_the_users(tmp_path):
    from hpresearch.render.export import csv_bytes

    ownership.write_file(tmp_path, "summary.csv", csv_bytes(_summary_frame()))
    (tmp_path / "summary.csv").write_bytes(_spreadsheet_copy(_summary_frame()))
    frame, reason = index.read_summary(tmp_path)
    assert frame is None and "not the file hpresearch wrote" in reason
    with pytest.raises(UsageError, match="'summary.csv'"):      # a scenario render would
        batch.check_targets(tmp_path, [_job("02_scenario_report")])  # replace it
    batch.check_targets(tmp_path, [_job()])                     # one that does not: fine


# --- the whole class at once (the "done when") ------------------------------------

def _hostile_folder(out: Path, marker: Path) -> None:
    from hpresearch.render.export import csv_bytes

    out.mkdir()
    placement.place(_good(_job()), out)                          # a report of ours
    _foreign(out)
    (out / ".store").mkdir()
    evil = pickle.dumps(_Planted(marker))
    key = store.store_key("answer", {"scenario": "trend"})
    for name in (f"answer-{key[:32]}.pickle", f"answer-{key}.entry"):
        (out / ".store" / name).write_bytes(evil)
    ownership.write_file(out, "summary.csv", csv_bytes(_summary_frame()))
    (out / "summary.csv").write_bytes(_spreadsheet_copy(_summary_frame()))


def test_a_render_into_a_hostile_folder_runs_nothing_and_touches_nothing(user, monkeypatch):
    out = user / "out"
    marker = user / "PWNED"
    _hostile_folder(out, marker)
    monkeypatch.delenv(store.STORE_ENV)                          # the render names .store
    ran = []

    def kernel(jobs, on_result):                                 # what a report kernel does
        for job in jobs:
            ran.append(store.cached("answer", {"scenario": "trend"}, lambda: {"v": 1}))
            on_result(_good(job, when="2026-02-01T00:00:00+00:00"))

    monkeypatch.setattr(executor, "run_serial", kernel)
    before = _snapshot(out)
    summary = batch.render([_job()], out, n_jobs=1, progress=False, force=True)
    assert summary.ok and ran == [{"v": 1}] and not marker.exists()
    after = _snapshot(out)
    assert {k: v for k, v in after.items() if k in before and not k.startswith("10_fixture")
            and k != "index.html"} == {k: v for k, v in before.items()
                                       if not k.startswith("10_fixture") and k != "index.html"}
    assert 'class="answer"' not in (out / "index.html").read_text()  # edited summary left out
    # a hand-written index on top: refused before any work, everything as it was
    (out / "index.html").write_text("<html>hpresearch reports, by hand</html>")
    before = _snapshot(out)
    monkeypatch.setattr(executor, "run_serial", _never)
    with pytest.raises(UsageError, match="'index.html'"):
        batch.render([_job()], out, n_jobs=1, progress=False, force=True)
    assert _snapshot(out) == before and not marker.exists()


def test_cli_refuses_a_foreign_index_in_one_line(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    (out / "index.html").write_text("<html><title>hpresearch reports</title></html>")
    proc = subprocess.run([sys.executable, "-m", "hpresearch", "render", "--notebook",
                           "00_data_overview", "--lang", "en", "--out", str(out)],
                          capture_output=True, text=True, timeout=120, cwd=ROOT,
                          env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert proc.returncode == 2
    assert proc.stderr.count("\n") == 1 and "did not write" in proc.stderr
    assert "Traceback" not in proc.stderr
    assert sorted(p.name for p in out.iterdir()) == ["index.html"]
