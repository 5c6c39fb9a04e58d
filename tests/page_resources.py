"""Shared test helper: what a written HTML page would fetch from another host.

A page is self-contained when it loads no script, stylesheet, font or other sub-resource
from a remote address: ``<script src>``, ``<link href>`` (stylesheets, fonts, icons,
preloads), CSS ``@import`` and ``url(...)`` (in ``<style>`` blocks and ``style``
attributes) and JavaScript ``import(...)``/``import ... from`` must all be local paths or
``data:`` URLs. Links a reader follows (``<a href>``) are not loaded and do not count.
"""
from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

#: A remote address: a scheme other than ``data:`` (``https:``, ``http:``, ``ftp:`` …) or
#: a protocol-relative ``//host``.
_REMOTE = re.compile(r"^\s*(?://|(?!data:)[a-z][a-z0-9+.-]*:)", re.IGNORECASE)
_CSS_COMMENT = re.compile(r"/\*.*?\*/", re.S)
_CSS_URL = re.compile(r"url\(\s*(['\"]?)([^'\")]*)\1\s*\)", re.IGNORECASE)
_CSS_IMPORT = re.compile(r"@import\s+(?:url\(\s*)?(['\"]?)([^'\");\s]*)", re.IGNORECASE)
_JS_IMPORT = re.compile(r"""\bimport\s*(?:\(\s*|[\w{}*,\s]+\s+from\s+)(['"`])([^'"`]+)\1""")


def is_remote(address: str) -> bool:
    """Whether ``address`` points at another host (``data:`` and relative paths do not)."""
    return bool(_REMOTE.match(address or ""))


def css_remote(css: str) -> list[str]:
    """Remote ``url(...)`` and ``@import`` targets of a stylesheet (comments ignored)."""
    css = _CSS_COMMENT.sub("", css)
    found = [m.group(2) for m in _CSS_URL.finditer(css)]
    found += [m.group(2) for m in _CSS_IMPORT.finditer(css)]
    return [a for a in dict.fromkeys(found) if is_remote(a)]  # @import url(x): once


class _Resources(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self._in: str | None = None

    def handle_starttag(self, tag, attrs):
        attrs = {k.lower(): (v or "") for k, v in attrs}
        if tag == "script" and is_remote(attrs.get("src", "")):
            self.found.append(f"<script src={attrs['src']}>")
        if tag == "link" and is_remote(attrs.get("href", "")):
            self.found.append(f"<link rel={attrs.get('rel', '')} href={attrs['href']}>")
        if tag in ("img", "iframe", "embed", "source", "audio", "video") and is_remote(
                attrs.get("src", "")):
            self.found.append(f"<{tag} src={attrs['src']}>")
        if tag == "object" and is_remote(attrs.get("data", "")):
            self.found.append(f"<object data={attrs['data']}>")
        self.found += [f"style attribute: {a}" for a in css_remote(attrs.get("style", ""))]
        self._in = tag if tag in ("style", "script") else None

    def handle_endtag(self, tag):
        self._in = None

    def handle_data(self, data):
        if self._in == "style":
            self.found += [f"<style>: {a}" for a in css_remote(data)]
        elif self._in == "script":
            self.found += [f"<script> import: {m.group(2)}" for m in _JS_IMPORT.finditer(data)
                           if is_remote(m.group(2))]


def remote_resources(html: str) -> list[str]:
    """Every sub-resource ``html`` would load from another host, described briefly."""
    parser = _Resources()
    parser.feed(html)
    parser.close()
    return parser.found


def pages_loading_remote(folder: Path) -> dict[str, list[str]]:
    """``{page: remote resources}`` for every ``*.html`` under ``folder`` that loads any."""
    bad = {}
    for page in sorted(folder.rglob("*.html")):
        found = remote_resources(page.read_text(encoding="utf-8"))
        if found:
            bad[str(page.relative_to(folder))] = found
    return bad
