"""Every page the package writes opens offline: no script, stylesheet or font from a CDN.

nbconvert's lab template loads require.js, MathJax and Mermaid from cdnjs; the report
template (:mod:`hpresearch.render.html`) leaves them out. The checker
(:mod:`page_resources`) is tested here on hand-written pages, then run on a report exported
from a tiny notebook and on the index. Whole rendered sets are scanned where they are
rendered already: ``tests/test_notebooks.py`` (the default set) and
``tests/test_reports_browser.py`` (the 02 report and its index).
"""
from __future__ import annotations

import nbformat
import pytest
from page_resources import css_remote, is_remote, pages_loading_remote, remote_resources

from hpresearch.render import html as html_mod
from hpresearch.render import index

CDN = "https://cdnjs.cloudflare.com/ajax/libs"


@pytest.mark.parametrize("page, expected", [
    (f'<script src="{CDN}/require.js/2.1.10/require.min.js"></script>',
     f"<script src={CDN}/require.js/2.1.10/require.min.js>"),
    ('<SCRIPT SRC="//cdn.example.org/x.js"></SCRIPT>', "<script src=//cdn.example.org/x.js>"),
    ('<link rel="stylesheet" href="https://fonts.googleapis.com/css?family=Roboto">',
     "<link rel=stylesheet href=https://fonts.googleapis.com/css?family=Roboto>"),
    ("<style>@import url('https://x.org/a.css');</style>", "<style>: https://x.org/a.css"),
    ('<style>@import "http://x.org/b.css";</style>', "<style>: http://x.org/b.css"),
    ("<style>@font-face { src: url(https://x.org/f.woff2) format('woff2'); }</style>",
     "<style>: https://x.org/f.woff2"),
    ('<div style="background: url(&quot;http://x.org/i.png&quot;)">x</div>',
     "style attribute: http://x.org/i.png"),
    (f'<script type="module">const m = (await import("{CDN}/mermaid.mjs")).default;</script>',
     f"<script> import: {CDN}/mermaid.mjs"),
    ('<img src="https://x.org/chart.png" alt="c">', "<img src=https://x.org/chart.png>"),
])
def test_each_kind_of_remote_resource_is_found(page, expected):
    assert remote_resources(page) == [expected]


def test_links_data_urls_local_files_and_comments_are_not_resources():
    page = ('<a href="https://gso.gov.vn/x" rel="noopener">GSO</a>'
            '<script src="local.js"></script><script>var u = "https://x.org";</script>'
            '<link rel="stylesheet" href="../style.css">'
            '<img src="data:image/png;base64,iVBORw0KGgo=" alt="x">'
            "<style>/* see https://meyerweb.com and @import url(http://x.org/c.css) */"
            ".i { --icon: url(data:image/svg+xml;base64,PHN2Zz4=); "
            "background: url('img/a.png'); }</style>")
    assert remote_resources(page) == []
    assert not is_remote("data:font/woff2;base64,AAAA") and not is_remote("fonts/a.woff2")
    assert is_remote("HTTPS://x.org/a.woff") and is_remote(" //x.org/a")
    assert css_remote("@import url(https://a.org/x.css) screen;") == ["https://a.org/x.css"]


def _tiny_notebook():
    """A markdown cell with TeX, a code cell with HTML, a PNG and a widget-state stub."""
    png = ("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA"
           "60e6kgAAAABJRU5ErkJggg==")
    nb = nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_markdown_cell("# Tiny\n\nA formula $x^2$ and $$y = 1$$."),
        nbformat.v4.new_code_cell("show()", outputs=[
            nbformat.v4.new_output("display_data", data={"text/html": "<p>table</p>",
                                                         "text/plain": "table"}),
            nbformat.v4.new_output("display_data", data={"image/png": png,
                                                         "text/plain": "chart"},
                                   metadata={"image/png": {"alt": "a chart"}})]),
        nbformat.v4.new_markdown_cell("```mermaid\ngraph TD; A-->B\n```")])
    nb.metadata["widgets"] = {"application/vnd.jupyter.widget-state+json": {"state": {}}}
    return nb


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_exported_report_loads_nothing_from_another_host(lang):
    page = html_mod.to_html(_tiny_notebook(), "Tiny", lang, nav=True, twin="x.en")
    assert remote_resources(page) == []
    assert "cdnjs" not in page and "require.min.js" not in page and "MathJax" not in page
    # what the page does need is still in it: styles inline, the image embedded, its alt
    assert '<style id="hp-report-css">' in page and "jp-RenderedHTMLCommon" in page
    assert 'src="data:image/png;base64,' in page and 'alt="a chart"' in page


def test_nbconvert_default_template_would_load_from_the_cdn():
    """The check above is not vacuous: nbconvert's own lab template does load from cdnjs."""
    from nbconvert import HTMLExporter

    body, _ = HTMLExporter().from_notebook_node(_tiny_notebook())
    found = remote_resources(body)
    assert any("require" in f for f in found) and any("mathjax" in f for f in found), found


def test_index_page_loads_nothing_from_another_host(tmp_path):
    page = index.render_index([])
    assert "<style" in page and remote_resources(page) == []
    (tmp_path / "index.html").write_text(page, encoding="utf-8")
    (tmp_path / "r").mkdir()
    (tmp_path / "r" / "r.html").write_text(
        html_mod.to_html(_tiny_notebook(), "Tiny", "vi"), encoding="utf-8")
    (tmp_path / "bad.html").write_text(f'<script src="{CDN}/x.js"></script>', "utf-8")
    assert pages_loading_remote(tmp_path) == {"bad.html": [f"<script src={CDN}/x.js>"]}
