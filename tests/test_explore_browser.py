"""The explorer in a real browser: Voilà (and JupyterLab) on 127.0.0.1, headless Chromium.

The test serves ``notebooks/05_explorer.ipynb`` with Voilà (as ``make explore`` does) on a
free loopback port, opens it in the system's headless Chromium through Playwright
(``executable_path``: no browser is downloaded), drags the FDI slider, and checks that the
2030 share the page shows becomes the one the text API computes for the value the page
shows. A second test opens the notebook in JupyterLab (as ``make lab`` does, ``--allow-root``
when root), runs all cells and waits for the explorer to appear. Screenshots are kept in
``tests/artifacts/`` (git-ignored). Skipped, with the reason, only where Chromium or Playwright
is not installed.
"""
from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import time
import warnings
from pathlib import Path
from urllib.parse import urlparse

import pytest
from chromium import chromium_or_skip
from page_resources import remote_resources

ROOT = Path(__file__).resolve().parents[1]
ARTIFACTS = ROOT / "tests" / "artifacts"
SLIDER = ".hp-slider-fdi_digital_usd_bn"
LEVEL = ".hp-level-fdi_digital_usd_bn input"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _env(env: dict | None = None) -> dict:
    env = os.environ if env is None else env
    return dict(env, PYTHONPATH=os.pathsep.join(
        [str(ROOT)] + [p for p in env.get("PYTHONPATH", "").split(os.pathsep) if p]))


def _serve(cmd: list[str], port: int, log_path: Path, cwd: Path, env: dict | None = None):
    """Start a server and wait until it listens on ``port`` (a GET would start a kernel)."""
    log = log_path.open("w")
    proc = subprocess.Popen(cmd, cwd=cwd, env=_env(env), stdout=log, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 60
    while True:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=2):
                return proc, log
        except OSError:
            if proc.poll() is not None or time.monotonic() > deadline:
                proc.kill()
                log.close()
                raise RuntimeError(f"{cmd[0]} did not start: " + log_path.read_text()[-2000:])
            time.sleep(0.5)


def _stop(proc, log) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        proc.kill()
    log.close()


@pytest.fixture
def voila_url(tmp_path):
    from hpresearch.explore.serve import voila_command

    if not Path(sys.executable).with_name("voila").exists():
        pytest.skip("voila is not installed in this environment (make setup installs it)")
    port = _free_port()
    cmd, env = voila_command(port)     # as make explore serves it
    proc, log = _serve(cmd, port, tmp_path / "voila.log", ROOT, env)
    try:
        yield f"http://127.0.0.1:{port}/"
    finally:
        _stop(proc, log)


@pytest.mark.slow
def test_dragging_a_slider_updates_the_displayed_share(voila_url):
    chromium, sync_playwright = chromium_or_skip()
    from babel.numbers import parse_decimal

    from hpresearch.explore import ExplorerSession
    from hpresearch.i18n import Localizer

    ARTIFACTS.mkdir(exist_ok=True)
    elsewhere = []   # requests to another host (issue 20: the page is self-contained)
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=chromium, headless=True,
                                     args=["--no-sandbox", "--disable-gpu"])
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 1800})
            page.on("request", lambda r: elsewhere.append(r.url) if urlparse(r.url).scheme
                    in ("http", "https") and urlparse(r.url).hostname != "127.0.0.1" else None)
            page.goto(voila_url, timeout=180_000)
            page.wait_for_selector(".hp-share", timeout=180_000)
            remote = [r for r in remote_resources(page.content())   # not the server's own
                      if urlparse(re.search(r"(?:https?:)?//[^\s>'\"]+", r).group(0)
                                  ).hostname != "127.0.0.1"]
            before = page.inner_text(".hp-share")
            handle = page.locator(f"{SLIDER} .noUi-handle")
            box = handle.bounding_box()
            x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
            page.mouse.move(x, y)
            page.mouse.down()
            page.mouse.move(x + 60, y, steps=8)
            page.mouse.up()
            page.wait_for_function(
                "before => document.querySelector('.hp-share').innerText !== before",
                arg=before, timeout=60_000)
            page.wait_for_timeout(500)
            shown = page.inner_text(".hp-share")
            typed = page.input_value(LEVEL)
            page.screenshot(path=str(ARTIFACTS / "explorer_after_drag.png"), full_page=True)
            phone = browser.new_page(viewport={"width": 390, "height": 1600})
            phone.goto(voila_url, timeout=180_000)
            phone.wait_for_selector(".hp-share", timeout=180_000)
            phone.wait_for_timeout(500)
            overflow = phone.evaluate("document.documentElement.scrollWidth")
            slider = phone.locator(f"{SLIDER}").bounding_box()
            phone.screenshot(path=str(ARTIFACTS / "explorer_390.png"), full_page=True)
        finally:
            browser.close()
    assert elsewhere == [] and remote == []
    # a phone: nothing wider than the screen, the slider usable (not a dot)
    assert overflow <= 390, overflow
    assert slider["width"] >= 200, slider
    value = float(parse_decimal(typed, locale="vi"))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        session = ExplorerSession("trend", boundary="merged", lang="vi")
        session.set(fdi_digital_usd_bn=value)
    assert shown != before
    assert shown == Localizer("vi").percent(session.numbers.share, 2)


def _settle_dialogs(page, attempts: int = 6) -> None:
    """Accept every dialog that covers the notebook (a kernel choice when the kernel specs
    were not loaded in time, or changed while the page loaded; a notice), choosing Python 3,
    until none is left. A dialog that does not close is handled again: JupyterLab may open a
    second one at once (seen on a loaded machine)."""
    for _ in range(attempts):
        dialog = page.locator(".jp-Dialog")
        if not dialog.count():
            return
        (ARTIFACTS / "explorer_jupyterlab_dialog.txt").write_text(
            dialog.first.inner_text(), encoding="utf-8")
        choice = page.locator(".jp-Dialog select")
        if choice.count():  # "Select Kernel"
            labels = [o.strip() for o in choice.first.locator("option").all_inner_texts()]
            wanted = next((x for x in labels if x.startswith("Python 3")),
                          next(x for x in labels if x != "No Kernel"))
            choice.first.select_option(label=wanted)
        page.locator(".jp-Dialog .jp-mod-accept").first.click(timeout=10_000)
        try:
            page.wait_for_selector(".jp-Dialog", state="detached", timeout=20_000)
        except Exception:
            continue
        page.wait_for_selector(".jp-Notebook-ExecutionIndicator[data-status='idle']",
                               timeout=120_000, state="attached")
    assert not page.locator(".jp-Dialog").count(), "a JupyterLab dialog does not close"


@pytest.mark.slow
def test_explorer_runs_in_jupyterlab(tmp_path):
    chromium, sync_playwright = chromium_or_skip()
    jupyter = Path(sys.executable).with_name("jupyter")
    if not jupyter.exists():
        pytest.skip("jupyter is not installed in this environment (make setup installs it)")
    work = tmp_path / "lab"
    work.mkdir()
    shutil.copy(ROOT / "notebooks" / "05_explorer.ipynb", work)   # JupyterLab saves metadata
    port, token = _free_port(), "hpresearch-test"
    root = ["--allow-root"] if hasattr(os, "getuid") and os.getuid() == 0 else []
    proc, log = _serve([str(jupyter), "lab", f"--notebook-dir={work}", "--no-browser",
                        "--ip=127.0.0.1", f"--port={port}", f"--ServerApp.token={token}",
                        *root], port, tmp_path / "lab.log", work)
    ARTIFACTS.mkdir(exist_ok=True)
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=chromium, headless=True,
                                         args=["--no-sandbox", "--disable-gpu"])
            try:
                page = browser.new_page(viewport={"width": 1400, "height": 1600})
                page.goto(f"http://127.0.0.1:{port}/lab/tree/05_explorer.ipynb?token={token}",
                          timeout=120_000)
                page.wait_for_selector(".jp-Notebook", timeout=120_000)
                page.wait_for_selector(".jp-Notebook-ExecutionIndicator[data-status='idle']",
                                       timeout=120_000, state="attached")
                # Under load the kernel may still be connecting when "Run All" is clicked and
                # the request is dropped: ask again (at most three times) before giving up.
                for attempt in range(3):
                    # A dialog (kernel choice, a notice) may cover the page: record what it
                    # asks, then accept it (the default kernel) so the menu can be reached.
                    _settle_dialogs(page)
                    page.click(".lm-MenuBar-itemLabel:text-is('Run')", timeout=30_000)
                    page.click(".lm-Menu-itemLabel:text-is('Run All Cells')", timeout=30_000)
                    try:
                        page.wait_for_selector(".hp-share", timeout=120_000)
                        break
                    except Exception:
                        if attempt == 2:
                            raise
                shown = page.inner_text(".hp-share")
                page.screenshot(path=str(ARTIFACTS / "explorer_jupyterlab.png"))
            finally:
                browser.close()
    finally:
        _stop(proc, log)
    assert shown.endswith("%") and "," in shown          # the Vietnamese decimal comma
