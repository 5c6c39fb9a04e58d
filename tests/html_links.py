"""Shared test helper: the links of a rendered reports index."""
from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            self.links.append(dict(attrs)["href"])


def index_links(out: Path) -> list[str]:
    """Every ``href`` in ``out/index.html``, in document order."""
    parser = _Links()
    parser.feed((out / "index.html").read_text(encoding="utf-8"))
    return parser.links
