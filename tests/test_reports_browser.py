"""Rendered reports on screen, phone and paper: links, top bar, collapsed tables, headless Chromium.

The fast tests check the pieces without a kernel or a browser: source URLs become escaped
links (http and https only), every report's top bar links the index and its other-language
twin (only when that twin is rendered), long tables fold into ``<details>`` with a summary
in the report's language.

The slow tests render one small report set once per module (``hpresearch render trend
--notebook 02_scenario_report --lang all``, which also writes ``index.html``) and open the
index and the 02 report in each language in the system's headless Chromium through
Playwright (``executable_path``: no browser is downloaded; one browser for the module). At
390 px CSS width no page may scroll sideways; every relative link must lead to an existing
file (or an element of the page); every image must load and have an alt text; the 02
report, printed to A4 PDF, must fit on at most 10 pages, print no empty table and break no
table-header word across lines (read back with ``pdftotext``); no page of the set may load
a script, stylesheet or font from another host. Screenshots (390 and 1280 px) and
the PDFs are kept in ``$HPRESEARCH_BROWSER_ARTIFACTS`` or else in pytest's temporary folder.
Skipped, with the reason, only where Chromium (or Playwright) is not installed; ``.ci/run``
installs Debian's ``chromium`` when it is missing.
"""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pandas as pd
import pytest
from chromium import chromium_or_skip
from page_resources import pages_loading_remote

from hpresearch.i18n import Localizer
from hpresearch.render import html as html_mod
from hpresearch.render import ownership
from hpresearch.render.jobs import ReportJob, link_twins
from hpresearch.report import display

ROOT = Path(__file__).resolve().parents[1]
PHONE, DESKTOP = 390, 1280
MAX_A4_PAGES = 10
STEM = "02_scenario_report.trend"
PAGES = ["index.html", f"{STEM}.vi/{STEM}.vi.html", f"{STEM}.en/{STEM}.en.html"]


# --------------------------------------------------------------------- no browser needed
def test_only_http_and_https_urls_become_escaped_links():
    text = ('see https://example.vn/a?b=1&c="x"<y>, (http://bea.gov/t.htm) and '
            "javascript:alert(1) ftp://x.org data:text/html,hi https:// done.")
    out = display.linkify(text)
    assert out.count("<a ") == 2
    assert ('<a href="https://example.vn/a?b=1&amp;c=" target="_blank" rel="noopener">'
            "https://example.vn/a?b=1&amp;c=</a>") in out
    assert '<a href="http://bea.gov/t.htm" target="_blank" rel="noopener">' in out
    assert "t.htm</a>)" in out  # the closing parenthesis belongs to the sentence
    assert "&quot;x&quot;&lt;y&gt;" in out  # the rest stays escaped text
    assert "javascript:alert(1) ftp://x.org data:text/html,hi https:// done." in out
    assert display.linkify('<b onclick="x">') == "&lt;b onclick=&quot;x&quot;&gt;"
    assert display.linkify(None) == ""


def _published(monkeypatch) -> list:
    seen = []
    monkeypatch.setattr(display, "_publish", lambda data, metadata=None: seen.append(data))
    return seen


@pytest.mark.parametrize("lang, words", [("vi", "Bảng chi tiết (13 dòng)"),
                                         ("en", "Detailed table (13 rows)")])
def test_long_tables_fold_into_details_with_a_summary_in_the_report_language(
        monkeypatch, lang, words):
    seen = _published(monkeypatch)
    L = Localizer(lang)
    long = pd.DataFrame({"year": range(2018, 2031), "source": ["https://gso.gov.vn/x"] * 13})
    display.table(long, "long", L)
    display.table(long.head(12), "short", L)
    display.table(long, "open", L, collapse=False)
    display.table(long.head(3), "forced", L, collapse=True, caption="Cap")
    display.item_table(pd.DataFrame({"item": list("abcdefghijklm"), "value": range(13)}),
                       "items", L)
    folded = [d["text/html"] for d in seen]
    assert folded[0].startswith('<details class="hp-details"') and words in folded[0]
    assert folded[0].count('href="https://gso.gov.vn/x"') == 13
    assert "<details" not in folded[1] and "<details" not in folded[2]
    assert L("table.details_caption", caption="Cap", n="3") in folded[3]
    assert folded[4].startswith("<details")
    for fragment in folded:  # every table scrolls sideways in its own box
        assert '<div class="hp-table-wrap"><table class="hp-table"' in fragment


@pytest.mark.parametrize("lang, index, other", [("vi", "← Mục lục báo cáo", "English"),
                                                ("en", "← Report index", "Tiếng Việt")])
def test_top_bar_links_the_index_and_the_twin_in_the_report_language(lang, index, other):
    twin = f"{STEM}.{'en' if lang == 'vi' else 'vi'}"
    bar = html_mod.nav_bar(lang, twin)
    assert f'<a class="hp-nav-index" href="../index.html">{index}</a>' in bar
    assert f'href="../{twin}/{twin}.html"' in bar and f">{other}</a>" in bar
    assert "hp-nav-twin" not in html_mod.nav_bar(lang)  # no twin: no link
    with pytest.raises(ValueError):
        html_mod.nav_bar(lang, '../x"><script>.vi')


def test_twin_is_linked_only_when_rendered_in_the_same_run_or_already(tmp_path):
    def job(lang, notebook="02_scenario_report"):
        return ReportJob(notebook=notebook, notebook_path="x.ipynb", lang=lang,
                         parameters={}, scenario="trend")

    both = link_twins([job("vi"), job("en")], tmp_path)
    assert [j.twin for j in both] == [f"{STEM}.en", f"{STEM}.vi"]
    assert link_twins([job("vi")], tmp_path)[0].twin is None
    (tmp_path / f"{STEM}.en").mkdir()
    (tmp_path / f"{STEM}.en" / f"{STEM}.en.html").write_text("<html></html>")
    (tmp_path / f"{STEM}.en" / "manifest.json").write_text("{}")
    assert link_twins([job("vi")], tmp_path)[0].twin is None       # not hpresearch's (issue 22)
    ownership.update(tmp_path, add={f"{STEM}.en": "report"})       # as a render records it
    assert link_twins([job("vi")], tmp_path)[0].twin == f"{STEM}.en"


def test_report_style_covers_phone_and_a4_print():
    css = html_mod.REPORT_CSS
    for rule in ("@page { size: A4; margin: 15mm; }", ".hp-table-wrap { max-width: 100%; "
                 "overflow-x: auto;", "max-width: 100%; height: auto;", "break-after: avoid",
                 ".hp-nav { display: none; }", "details:not([open]) > :not(summary)",
                 "tr, td, th { break-inside: avoid"):
        assert rule in css


# ------------------------------------------------------------------------ real browser
@pytest.fixture(scope="module")
def browser():
    chromium, sync_playwright = chromium_or_skip()
    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=chromium, headless=True,
                               args=["--no-sandbox", "--disable-gpu"])
        try:
            yield b
        finally:
            b.close()


@pytest.fixture(scope="module")
def reports(browser, tmp_path_factory) -> Path:
    """One render of the 02 trend report in both languages (writes index.html too)."""
    out = tmp_path_factory.mktemp("browser-reports")
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(
        [str(ROOT)] + [p for p in os.environ.get("PYTHONPATH", "").split(os.pathsep) if p]))
    proc = subprocess.run(
        [sys.executable, "-m", "hpresearch", "render", "trend", "--notebook",
         "02_scenario_report", "--lang", "all", "--out", str(out), "--jobs", "1",
         "--no-progress"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=900)
    assert proc.returncode == 0, proc.stdout[-2000:] + proc.stderr[-3000:]
    for page in PAGES:
        assert (out / page).is_file(), page
    return out


@pytest.fixture(scope="module")
def artifacts(tmp_path_factory) -> Path:
    folder = os.environ.get("HPRESEARCH_BROWSER_ARTIFACTS")
    path = Path(folder) if folder else tmp_path_factory.mktemp("browser-artifacts")
    path.mkdir(parents=True, exist_ok=True)
    return path


def _open(browser, path: Path, width: int):
    page = browser.new_page(viewport={"width": width, "height": 900})
    page.goto(path.as_uri(), wait_until="load")
    return page


def _wide_elements(page, width: int) -> list:
    return page.evaluate("""w => [...document.querySelectorAll('body *')]
        .filter(e => e.getBoundingClientRect().right > w + 1)
        .slice(0, 5).map(e => e.tagName + '.' + e.className + ' '
                              + Math.round(e.getBoundingClientRect().right))""", width)


@pytest.mark.slow
@pytest.mark.parametrize("name", PAGES)
def test_page_fits_a_phone_links_resolve_images_load(browser, reports, artifacts, name):
    path = reports / name
    label = path.stem
    page = _open(browser, path, PHONE)
    try:
        width = page.evaluate("document.scrollingElement.scrollWidth")
        # what scrolls sideways inside the page (columns out of sight): on the index nothing
        # (its tables are cards), in a report only table boxes, which carry the scroll cue
        scrolling = page.evaluate("""[...document.querySelectorAll('body *')]
            .filter(e => e.scrollWidth > e.clientWidth + 1
                         && ['auto', 'scroll'].includes(getComputedStyle(e).overflowX))
            .map(e => [e.className, getComputedStyle(e).backgroundImage])""")
        page.screenshot(path=str(artifacts / f"{label}.{PHONE}px.png"), full_page=True)
        assert width <= PHONE, (f"{name} is {width} px wide at {PHONE} px; wider than the "
                                f"screen: {_wide_elements(page, PHONE)}")
        if name == "index.html":
            assert scrolling == [], scrolling
        for css_class, background in scrolling:
            assert "hp-table-wrap" in css_class and "gradient" in background, css_class
        hrefs = [tuple(pair) for pair in page.evaluate(
            "[...document.querySelectorAll('a[href]')]"
            ".map(a => [a.getAttribute('href'), a.getAttribute('rel')])")]
        images = page.evaluate("[...document.images].map(i => [i.complete, i.naturalWidth, "
                               "i.getAttribute('alt') || ''])")
        ids = set(page.evaluate("[...document.querySelectorAll('[id]')].map(e => e.id)"))
    finally:
        page.close()
    page = _open(browser, path, DESKTOP)
    try:
        page.screenshot(path=str(artifacts / f"{label}.{DESKTOP}px.png"), full_page=True)
    finally:
        page.close()

    assert hrefs, f"{name} has no links"
    broken = []
    for href, rel in hrefs:
        parts = urlsplit(href)
        if parts.scheme in ("http", "https"):
            assert rel and "noopener" in rel.split(), href
            continue
        assert not parts.scheme, f"{name}: unexpected link {href!r}"
        if not parts.path:  # a link inside the page
            if unquote(parts.fragment) not in ids:
                broken.append(href)
        elif not (path.parent / unquote(parts.path)).is_file():
            broken.append(href)
    assert not broken, f"{name}: links to missing files: {broken}"
    if name != "index.html":
        twin = label[:-2] + ("en" if label.endswith(".vi") else "vi")
        assert ("../index.html", None) in hrefs
        assert (f"../{twin}/{twin}.html", None) in hrefs
    for complete, natural_width, alt in images:
        assert complete and natural_width > 0, f"{name}: an image did not load"
        assert alt.strip(), f"{name}: an image has no alt text"


#: Tables of the 02 report whose header words must print whole (the wide ones).
PRINTED_HEADERS = ("requirement", "probability", "backtest_scores")


def split_words(text: str, words) -> list[str]:
    """Words of ``words`` that ``text`` shows broken across a space or line end
    (``"Số dự bá\no"`` breaks ``báo``)."""
    broken = []
    for word in dict.fromkeys(w.strip("()[],;:") for w in words):
        for k in range(1, len(word)):
            pattern = rf"(?<!\w){re.escape(word[:k])}\s+{re.escape(word[k:])}(?!\w)"
            if re.search(pattern, text):
                broken.append(f"{word[:k]}|{word[k:]}")
    return broken


def test_split_words_finds_a_word_broken_across_lines():
    text = "Chuỗi Phương pháp Số dự bá\no Độ phủ 80%\nDeter-\nministic"
    assert split_words(text, ["Số", "dự", "báo", "Độ", "phủ"]) == ["bá|o"]
    assert split_words("Số dự báo", ["báo", "Số"]) == []
    assert split_words("a bá o", ["o"]) == []  # one-letter words cannot break


def _pdf_pages(data: bytes, path: Path) -> int:
    if shutil.which("pdfinfo"):
        info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True).stdout
        found = re.search(r"^Pages:\s+(\d+)", info, re.M)
        if found:
            return int(found.group(1))
    return len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", data))  # Chromium's page objects


@pytest.mark.slow
@pytest.mark.parametrize("lang", ["vi", "en"])
def test_scenario_report_prints_on_at_most_ten_a4_pages(browser, reports, artifacts, lang):
    path = reports / f"{STEM}.{lang}" / f"{STEM}.{lang}.html"
    page = _open(browser, path, DESKTOP)
    try:
        pdf = artifacts / f"{STEM}.{lang}.a4.pdf"
        data = page.pdf(path=str(pdf), format="A4", print_background=True)
        page.emulate_media(media="print")
        headers = page.evaluate(
            "names => [...document.querySelectorAll('table.hp-table[data-table]')]"
            ".filter(t => names.includes(t.dataset.table))"
            ".flatMap(t => [...t.querySelectorAll('th')].map(th => th.textContent))",
            list(PRINTED_HEADERS))
        empty = page.evaluate(
            "[...document.querySelectorAll('table')].filter(t => t.offsetParent !== null"
            " && !t.querySelector('tbody tr')).map(t => t.dataset.table || t.className)")
    finally:
        page.close()
    pages = _pdf_pages(data, pdf)
    assert 1 <= pages <= MAX_A4_PAGES, f"{pdf.name} prints on {pages} A4 pages"
    assert not empty, f"{pdf.name} prints empty tables: {empty}"
    assert len(headers) >= 20, headers  # the three tables are there (9 + 7 + 12 or more)
    if not shutil.which("pdftotext"):
        pytest.skip("pdftotext (poppler-utils) is not installed: header words not checked")
    text = subprocess.run(["pdftotext", "-enc", "UTF-8", str(pdf), "-"], capture_output=True,
                          text=True, check=True).stdout
    # the provenance appendix sets its values in a monospace font whose Vietnamese letters
    # pdftotext splits after a stacked diacritic ("Thố" / "ng"): the check reads the body
    from hpresearch.i18n import t as _t

    text = text.split(_t("h.provenance", lang))[0]
    # a line may end after a hyphen ("Warm-" / "up"), never inside a word
    words = [w for h in headers for w in h.replace("-", "- ").split()]
    assert not split_words(text, words), f"{pdf.name}: header words broken mid-word"
    flat = text.replace("-", "")  # pdftotext joins "Warm-" / "up" into "Warmup"
    missing = [w for w in dict.fromkeys(words) if w.replace("-", "") not in flat]
    assert not missing, f"{pdf.name}: header words not printed whole: {missing}"


#: Headers of the 02 report's widest printed table (backtest scores, Vietnamese).
WIDE_HEADERS = ["Chuỗi", "Phương pháp", "Cách dự báo", "Khoảng dự báo", "Số dự báo",
                "Số dự báo tính độ phủ", "MAE (điểm %; % với quy mô GRDP)",
                "Sai số bình quân (điểm %; % với quy mô GRDP)", "Độ phủ 50%",
                "Khoảng tin cậy 95% của độ phủ 50%", "Đánh giá khoảng 50%", "Độ phủ 80%",
                "Khoảng tin cậy 95% của độ phủ 80%", "Đánh giá khoảng 80%",
                "Khởi động (chưa tính)", "Độ rộng bằng 0 (loại)"]


def test_a_wide_table_prints_on_a4_without_breaking_a_header_word(browser, artifacts):
    """16 columns of the report style on A4: every header word whole, nothing cut off."""
    if not shutil.which("pdftotext"):
        pytest.skip("pdftotext (poppler-utils) is not installed")
    head = "".join(f"<th>{h}</th>" for h in WIDE_HEADERS)
    row = "".join(f'<td style="text-align:right">{1234.5 + i:,.1f}</td>'
                  for i in range(len(WIDE_HEADERS)))
    doc = (f'<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8"><style>'
           f'{html_mod.REPORT_CSS}</style></head><body class="jp-Notebook">'
           f'<div class="jp-RenderedHTMLCommon"><div class="hp-table-wrap">'
           f'<table class="hp-table" data-table="wide"><thead><tr>{head}</tr></thead>'
           f"<tbody><tr>{row}</tr></tbody></table></div></div></body></html>")
    page = browser.new_page(viewport={"width": DESKTOP, "height": 900})
    try:
        page.set_content(doc, wait_until="load")
        pdf = artifacts / "wide-table.a4.pdf"
        page.pdf(path=str(pdf), format="A4")
        page.emulate_media(media="print")
        page.set_viewport_size({"width": 680, "height": 900})  # A4 less 2 × 15 mm at 96 dpi
        overflow = page.evaluate("document.querySelector('table').getBoundingClientRect()"
                                 ".right - document.body.getBoundingClientRect().right")
    finally:
        page.close()
    text = subprocess.run(["pdftotext", "-enc", "UTF-8", str(pdf), "-"], capture_output=True,
                          text=True, check=True).stdout
    words = [w for h in WIDE_HEADERS for w in h.split()]
    assert not split_words(text, words), split_words(text, words)
    assert overflow <= 1, f"the table is {overflow:.0f} px wider than the printed page"


@pytest.mark.slow
def test_no_page_of_the_set_loads_anything_from_another_host(reports):
    assert pages_loading_remote(reports) == {}
