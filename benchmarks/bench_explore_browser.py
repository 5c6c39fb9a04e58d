"""The explorer as a visitor meets it: Voilà on loopback, headless Chromium (issue 20).

Goals (issue 20): first use within 5 s on a warm server; a slider change to a redrawn chart
within 150 ms (median of ``--changes`` changes) in Chromium.

What is timed, in the page's own clock (``performance.now()``):

* **first use**: from navigation start to the numbers and chart shown and the FDI slider
  accepting input (``.hp-share`` present and the chart image decoded);
* **slider change**: from the key press that moves the FDI slider one step (the slider's own
  keyboard control, which sends the value at once, as a release of a drag does) to the moment
  the chart image has its new picture decoded and the 2030 share shows its new value.

Baselines, in the same run:

* **kernel work**: the same slider change applied in this process to the same widget without a
  browser (``Explorer`` slider value set, the handler recomputes and redraws); the browser
  figure minus this is the cost of the wire and the page;
* **full redraw**: the same chart drawn in full (layout pass and every text), as the
  explorer drew it before it redrew only the moved path (:class:`~hpresearch.explore.widgets.
  MovingLine`), in this process.

Run: ``PYTHONPATH=. python benchmarks/bench_explore_browser.py [--changes 20] [--warm 1]``.
``--warm`` loads the page that many times before measuring first use (a warm server: Python
modules in the page cache, Voilà's preheated kernel ready). Needs Chromium
(``apt-get install chromium``) and Playwright (installed by ``make setup``).
"""
from __future__ import annotations

import argparse
import os
import socket
import statistics
import subprocess
import sys
import time
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
SLIDER = ".hp-slider-fdi_digital_usd_bn .noUi-handle"

#: Resolves when the chart image has changed and its new picture is decoded, and the 2030
#: share shows a new value; returns the page clock at that moment.
WAIT_REDRAWN = """([src, share]) => new Promise(resolve => {
  const check = () => {
    const img = document.querySelector('.hp-chart img, img.hp-chart');
    const s = document.querySelector('.hp-share');
    if (img && img.src !== src && s && s.innerText !== share) {
      img.decode().then(() => resolve(performance.now()), () => resolve(performance.now()));
    } else { requestAnimationFrame(check); }
  };
  check();
})"""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def serve(port: int, log: Path) -> subprocess.Popen:
    """``make explore``'s Voilà command on ``port``; returns once it listens."""
    from hpresearch.explore.serve import voila_command

    cmd, env = voila_command(port)
    env["PYTHONPATH"] = str(ROOT)
    proc = subprocess.Popen(cmd, cwd=ROOT, env=env,
                            stdout=log.open("w"), stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=2):
                return proc
        except OSError:
            time.sleep(0.3)
    proc.kill()
    raise RuntimeError("voila did not start: " + log.read_text()[-2000:])


def chart_state(page) -> list[str]:
    return page.evaluate("""() => [
        (document.querySelector('.hp-chart img, img.hp-chart') || {}).src || '',
        (document.querySelector('.hp-share') || {}).innerText || '']""")


def first_use(page, url: str) -> float:
    """Seconds from navigation start to a usable explorer (numbers, chart, slider)."""
    page.goto(url, timeout=180_000)
    page.wait_for_selector(".hp-share", timeout=180_000)
    page.wait_for_selector(SLIDER, timeout=180_000)
    return page.evaluate("""async () => {
        const img = document.querySelector('.hp-chart img, img.hp-chart');
        if (img) { await img.decode().catch(() => null); }
        return performance.now(); }""") / 1000


def slider_changes(page, n: int) -> list[float]:
    """Milliseconds from a key press on the FDI slider to the redrawn chart, ``n`` times
    (alternating right and left so the value stays inside the slider's range)."""
    handle = page.locator(SLIDER)
    times = []
    for i in range(n):
        before = chart_state(page)
        handle.focus()
        key = "ArrowRight" if i % 2 == 0 else "ArrowLeft"
        start = page.evaluate("() => performance.now()")
        handle.press(key)
        end = page.evaluate(WAIT_REDRAWN, before)
        times.append(end - start)
        page.wait_for_timeout(100)
    return times


def kernel_work(n: int) -> tuple[list[float], list[float]]:
    """Milliseconds for the same slider change in this process, without a browser: as the
    widget does it (only the moved path redrawn), and the session's figure drawn in full (what
    the widget did before: layout and every text drawn again)."""
    from hpresearch.explore import explorer, figure_png

    ex = explorer("trend", boundary="merged", lang="vi")
    slider = ex.rows["fdi_digital_usd_bn"].slider
    widget, full = [], []
    for i in range(n + 1):
        t = time.perf_counter()
        slider.value = slider.value + (slider.step if i % 2 == 0 else -slider.step)
        widget.append(1000 * (time.perf_counter() - t))
        t = time.perf_counter()
        figure_png(ex.session.figure)
        full.append(1000 * (time.perf_counter() - t))
    return widget[1:], full[1:]


def main(argv=None) -> dict[str, float]:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--changes", type=int, default=20)
    parser.add_argument("--warm", type=int, default=1)
    args = parser.parse_args(argv)
    warnings.simplefilter("ignore")
    from chromium import find_chromium
    from playwright.sync_api import sync_playwright

    chromium = find_chromium()
    if chromium is None:
        raise SystemExit("no Chromium found: apt-get install chromium")
    port = _free_port()
    proc = serve(port, Path("/tmp/hpresearch-bench-voila.log"))
    url = f"http://127.0.0.1:{port}/"
    out: dict[str, float] = {}
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=chromium, headless=True,
                                         args=["--no-sandbox", "--disable-gpu"])
            try:
                for _ in range(args.warm):
                    warm = browser.new_page()
                    first_use(warm, url)
                    warm.close()
                    time.sleep(3)   # let the preheated pool refill
                page = browser.new_page(viewport={"width": 1280, "height": 1600})
                out["first_use_s"] = first_use(page, url)
                changes = slider_changes(page, args.changes)
            finally:
                browser.close()
    finally:
        proc.terminate()
        proc.wait(timeout=30)
    kernel, full = kernel_work(args.changes)
    out["slider_median_ms"] = statistics.median(changes)
    out["slider_max_ms"] = max(changes)
    out["kernel_median_ms"] = statistics.median(kernel)
    out["full_redraw_median_ms"] = statistics.median(full)
    print(f"first use (warm server): {out['first_use_s']:.2f} s   goal <= 5 s "
          f"{'ok' if out['first_use_s'] <= 5 else 'MISSED'}")
    print(f"slider change -> redrawn chart, browser: median {out['slider_median_ms']:.0f} ms "
          f"(max {out['slider_max_ms']:.0f}, n={len(changes)})   goal <= 150 ms "
          f"{'ok' if out['slider_median_ms'] <= 150 else 'MISSED'}")
    print(f"baseline, kernel work for the same change (no browser): median "
          f"{out['kernel_median_ms']:.0f} ms (ratio browser/kernel "
          f"{out['slider_median_ms'] / out['kernel_median_ms']:.2f})")
    print(f"baseline, the same figure drawn in full (layout, every text; the earlier way): "
          f"median {out['full_redraw_median_ms']:.0f} ms")
    print(f"load average during the run: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    return out


if __name__ == "__main__":
    main()
