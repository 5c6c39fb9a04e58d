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
