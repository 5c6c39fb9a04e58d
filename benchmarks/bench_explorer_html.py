"""The single-file explorer (``reports/explorer.html``) in headless Chromium from file://
(issue 21).

Goals (issue 21): first interaction within 1 s; a lever change redraws the chart and the
numbers within 50 ms (median of ``--changes`` changes).

Timed in the page's own clock (``performance.now()``):

* **first interaction**: from navigation start to the page ready (numbers shown, chart drawn,
  sliders wired: ``body[data-ready]`` holds the time);
* **lever change**: from the key press that moves the FDI slider one step (its own keyboard
  control) to the next animation frame after the chart has run and the numbers are written.

Baselines, in the same run and page:

* **bare Vega update**: the same data pushed into the same Vega view (``view.data`` and
  ``runAsync``, then a frame) without the page's computation or text;
* **computation only**: the page's interpolation for one setting (``hpExplorer.compute``).

With ``--accuracy N``: the largest difference between the page's numbers and the engine's at
``N`` random lever settings per scenario and boundary (deterministic path: every setting;
Monte Carlo fan and P: ``--mc`` of them, each a full 10,000-draw simulation).

Run: ``PYTHONPATH=. python benchmarks/bench_explorer_html.py [FILE] [--changes 20]
[--accuracy 1000 --mc 20]``; without FILE the page is exported first (every shipped scenario,
timed: the export's share of ``make reports``). Needs Chromium and Playwright.
"""
from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
import warnings
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

KEY_TIMED = """() => new Promise((resolve) => {
  window.__t0 = null;
  document.addEventListener('keydown', () => { window.__t0 = performance.now(); },
                            {once: true, capture: true});
  resolve();
})"""
SETTLED = """() => window.hpExplorer.settled().then(() => new Promise((resolve) =>
  requestAnimationFrame(() => resolve(performance.now() - window.__t0))))"""
BARE = """async () => {
  const h = window.hpExplorer, r = h.compute(h.state), data = h.chartData(r);
  const view = h.view(), t0 = performance.now();
  for (const name of Object.keys(data)) view.data(name, data[name]);
  await view.runAsync();
  return new Promise((resolve) => requestAnimationFrame(() => resolve(performance.now() - t0)));
}"""
COMPUTE = """() => { const h = window.hpExplorer, s = Object.assign({}, h.state, {fdi: 6.123});
  const t0 = performance.now(); for (let i = 0; i < 1000; i++) h.compute(s);
  return (performance.now() - t0) / 1000; }"""


def export(path: Path) -> float:
    from hpresearch.explore.standalone import export as write
    from hpresearch.model import list_scenarios
    from hpresearch.report.answers import answer

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for b in ("merged", "pre_merger"):          # the answers come from the result store
            for s in list_scenarios():              # in make reports: not timed here
                answer(s, boundary=b)
        t0 = time.perf_counter()
        write(path, list_scenarios())
    return time.perf_counter() - t0


def timings(browser, url: str, changes: int) -> dict:
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(url)
    page.wait_for_selector("body[data-ready]", state="attached", timeout=10000)
    first = float(page.get_attribute("body", "data-ready"))
    slider = page.locator("#s-fdi")
    slider.focus()
    change, bare = [], []
    for i in range(changes):
        page.evaluate(KEY_TIMED)
        page.keyboard.press("ArrowRight" if i % 2 == 0 else "ArrowLeft")
        change.append(page.evaluate(SETTLED))
        bare.append(page.evaluate(BARE))
    compute = page.evaluate(COMPUTE)
    page.close()
    return {"first_interaction_ms": first, "change_median_ms": statistics.median(change),
            "change_max_ms": max(change), "bare_vega_median_ms": statistics.median(bare),
            "compute_ms": compute, "changes": changes}


def accuracy(browser, url: str, data: dict, n: int, n_mc: int, seed: int = 21) -> dict:
    from explorer_reference import PAGE_COMPUTE, engine_mc, engine_path, random_settings

    rng = np.random.default_rng(seed)
    page = browser.new_page()
    page.goto(url)
    page.wait_for_selector("body[data-ready]", state="attached", timeout=10000)
    worst = {"det": 0.0, "det_year": 0.0, "band": 0.0, "p": 0.0}
    for key, combo in data["combos"].items():
        settings = random_settings(data["levers"], n, rng)
        shown = page.evaluate(PAGE_COMPUTE, [dict(s, scenario=combo["scenario"],
                                                  boundary=combo["boundary"])
                                             for s in settings])
        t = combo["years"].index(combo["year"])
        for s, got in zip(settings, shown):
            diff = np.abs(np.array(got["det"]) - engine_path(combo, data["levers"], s))
            worst["det"] = max(worst["det"], float(diff.max()))
            worst["det_year"] = max(worst["det_year"], float(diff[t]))
        for s, got in zip(settings[:n_mc], shown[:n_mc]):
            ref = engine_mc(combo, data["levers"], s)
            worst["band"] = max(worst["band"], *(float(np.max(np.abs(np.array(got[b]) - ref[b])))
                                                 for b in ("p10", "p50", "p90")))
            worst["p"] = max(worst["p"], abs(got["p_official"] - ref["p_official"]),
                             abs(got["p_goal40"] - ref["p_goal40"]))
        print(f"  {key}: running max {json.dumps({k: round(v, 6) for k, v in worst.items()})}",
              file=sys.stderr)
    page.close()
    return {"settings_per_combo": n, "mc_settings_per_combo": n_mc, **worst}


def main() -> None:
    from chromium import find_chromium
    from playwright.sync_api import sync_playwright

    from hpresearch.explore.standalone import read_data

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("file", nargs="?", default=None)
    ap.add_argument("--changes", type=int, default=20)
    ap.add_argument("--accuracy", type=int, default=0, metavar="N")
    ap.add_argument("--mc", type=int, default=10)
    args = ap.parse_args()
    chromium = find_chromium()
    if chromium is None:
        print("bench_explorer_html: skipped, no Chromium (apt-get install chromium)")
        return
    out = {}
    path = Path(args.file) if args.file else Path("/tmp/hpresearch-bench-explorer.html")
    if not args.file:
        out["export_s"] = round(export(path), 1)
    out["size_mb"] = round(path.stat().st_size / 1e6, 2)
    url = path.resolve().as_uri() + "#scenario=trend&boundary=merged&lang=vi"
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium)
        out.update(timings(browser, url, args.changes))
        if args.accuracy:
            out["accuracy"] = accuracy(browser, url, read_data(path.read_text("utf-8")),
                                       args.accuracy, args.mc)
        browser.close()
    print(json.dumps(out, indent=2))


if __name__ == "__main__":
    main()
