"""The explorer in a real browser: Voilà on 127.0.0.1, headless Chromium, one slider moved.

The test serves ``notebooks/05_explorer.ipynb`` with Voilà (as ``make explore`` does) on a
free loopback port, opens it in the system's headless Chromium through Playwright
(``executable_path``: no browser is downloaded), drags the FDI slider, and checks that the
2030 share the page shows becomes the one the text API computes for the value the page
shows. A screenshot is kept in ``tests/artifacts/`` (git-ignored). Skipped, with the reason,
only where Chromium or Playwright is not installed.
"""
from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import warnings
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
ARTIFACTS = ROOT / "tests" / "artifacts"
CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
SLIDER = ".hp-slider-fdi_digital_usd_bn"
LEVEL = ".hp-level-fdi_digital_usd_bn input"


def _chromium() -> str | None:
    env = os.environ.get("HPRESEARCH_CHROMIUM")
    if env and Path(env).exists():
        return env
    for name in CHROMIUM_NAMES:
        found = shutil.which(name)
        if found:
            return found
    return None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def voila_url(tmp_path):
    voila = Path(sys.executable).with_name("voila")
    if not voila.exists():
        pytest.skip("voila is not installed in this environment (make setup installs it)")
    port = _free_port()
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(
        [str(ROOT)] + [p for p in os.environ.get("PYTHONPATH", "").split(os.pathsep) if p]))
    log = (tmp_path / "voila.log").open("w")
    proc = subprocess.Popen(
        [str(voila), "notebooks/05_explorer.ipynb", "--no-browser", "--Voila.ip=127.0.0.1",
         f"--port={port}"], cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}/"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:                            # listening (a GET of the page would start a kernel)
                with socket.create_connection(("127.0.0.1", port), timeout=2):
                    break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError("Voilà did not start: "
                                       + (tmp_path / "voila.log").read_text()[-2000:])
                time.sleep(0.5)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()


@pytest.mark.slow
def test_dragging_a_slider_updates_the_displayed_share(voila_url):
    chromium = _chromium()
    if chromium is None:
        pytest.skip("no Chromium found (looked for " + ", ".join(CHROMIUM_NAMES)
                    + " on PATH and $HPRESEARCH_CHROMIUM): apt-get install chromium")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.skip("playwright is not installed (pip install playwright; it drives the "
                    "system Chromium, no browser download needed)")
    from babel.numbers import parse_decimal

    from hpresearch.explore import ExplorerSession
    from hpresearch.i18n import Localizer

    ARTIFACTS.mkdir(exist_ok=True)
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=chromium, headless=True,
                                     args=["--no-sandbox", "--disable-gpu"])
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 1800})
            page.goto(voila_url, timeout=180_000)
            page.wait_for_selector(".hp-share", timeout=180_000)
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
        finally:
            browser.close()
    value = float(parse_decimal(typed, locale="vi"))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        session = ExplorerSession("trend", boundary="merged", lang="vi")
        session.set(fdi_digital_usd_bn=value)
    assert shown != before
    assert shown == Localizer("vi").percent(session.numbers.share, 2)
