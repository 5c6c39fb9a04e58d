"""Finding the Chromium the real-browser tests drive (Debian's ``chromium`` package)."""
from __future__ import annotations

import os
import shutil
from pathlib import Path

#: Executable names looked up on PATH, in order.
CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")


def find_chromium() -> str | None:
    """``$HPRESEARCH_CHROMIUM`` when it exists, else the first of :data:`CHROMIUM_NAMES` on
    PATH, else ``None`` (the caller skips with a message naming the install command)."""
    env = os.environ.get("HPRESEARCH_CHROMIUM")
    if env and Path(env).exists():
        return env
    for name in CHROMIUM_NAMES:
        found = shutil.which(name)
        if found:
            return found
    return None


def chromium_or_skip():
    """The Chromium path and Playwright's ``sync_playwright``, or skip the test with the reason
    and the install command (the one check every real-browser test makes)."""
    import pytest

    chromium = find_chromium()
    if chromium is None:
        pytest.skip("no Chromium found (looked for " + ", ".join(CHROMIUM_NAMES)
                    + " on PATH and $HPRESEARCH_CHROMIUM): apt-get install chromium "
                    "(.ci/run does this when it runs as root)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.skip("playwright is not installed (make setup installs it; it drives the "
                    "system Chromium, no browser download needed)")
    return chromium, sync_playwright
