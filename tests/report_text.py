"""Visible text of a rendered report, for the language checks (issue 12 §4).

The provenance appendix (from its heading on), ``<details>`` contents, links' URLs,
``<code>``/``<pre>``, scripts and styles are left out: the appendix keeps identifiers
(obs_ids, file names, versions) on purpose, and source quotes stay in their language.
"""
from __future__ import annotations

import re
from html.parser import HTMLParser

from hpresearch.i18n import glossary

#: What must not appear in a Vietnamese report's visible text: identifiers, scenario keys,
#: English words, and the glossary's library/method names and banned term variants (issue 20).
IDENTIFIER = re.compile(r"\b[a-z]+_[a-z_]+\b")
SCENARIO_KEYS = ("trend", "plan", "breakthrough", "electronics_shock", "anchor_exit")
BANNED_NAMES = tuple(glossary()["banned_names"])
ENGLISH_WORDS = ("None", "NaN", "nan", "origin", "horizon", "forecast", "actual") + BANNED_NAMES


def _whole(word: str) -> str:
    return rf"(?<![\w/.-]){re.escape(word)}(?![\w/.-])"


def banned_names_in(text: str) -> list[str]:
    """Glossary ``banned_names`` (library and method names) found in ``text``, case-sensitive."""
    return sorted(w for w in BANNED_NAMES if re.search(_whole(w), text))


def variants_in(text: str) -> list[tuple[str, str]]:
    """``(concept, matched text)`` for every banned variant of a glossary concept in ``text``.

    Variants are regular expressions matched case-insensitively on whole words.
    """
    found = []
    for concept, entry in glossary()["concepts"].items():
        for pattern in entry["banned"]:
            for m in re.finditer(rf"(?<!\w){pattern}(?!\w)", text, re.IGNORECASE):
                found.append((concept, m.group(0)))
    return found


class _Visible(HTMLParser):
    SKIP = {"script", "style", "code", "pre", "details", "title"}

    def __init__(self, stop_heading: str | None):
        super().__init__(convert_charrefs=True)
        self.stop_heading = stop_heading
        self.depth = 0
        self.in_heading = False
        self.heading = ""
        self.stopped = False
        self.parts: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in self.SKIP:
            self.depth += 1
        if tag in ("h1", "h2", "h3"):
            self.in_heading, self.heading = True, ""

    def handle_endtag(self, tag):
        if tag in self.SKIP and self.depth:
            self.depth -= 1
        if tag in ("h1", "h2", "h3"):
            self.in_heading = False
            if self.stop_heading and self.heading.strip() == self.stop_heading:
                self.stopped = True

    def handle_data(self, data):
        if self.in_heading:
            self.heading += data
        if not self.depth and not self.stopped:
            self.parts.append(data)


def visible_text(html: str, stop_heading: str | None = None) -> str:
    """Text a reader sees, up to the heading ``stop_heading`` (the provenance appendix)."""
    parser = _Visible(stop_heading)
    parser.feed(html)
    return " ".join(p.strip() for p in parser.parts if p.strip())


def english_leaks(text: str) -> list[str]:
    """Identifiers, scenario keys, English words, library/method names and banned glossary
    variants found in a Vietnamese report's text."""
    found = set(IDENTIFIER.findall(text))
    for word in SCENARIO_KEYS + ENGLISH_WORDS:
        if re.search(_whole(word), text):
            found.add(word)
    found.update(match for _, match in variants_in(text))
    return sorted(found)
