"""The explorer as ipywidgets: sliders, inputs, selectors, live chart and numbers.

:class:`Explorer` is an :class:`ipywidgets.VBox` (so a notebook or Voilà shows it as it is)
around an :class:`~hpresearch.explore.session.ExplorerSession`, which does every
computation; the widgets only read and write the session. Every visible text is a
message-catalogue key or a registry text in the chosen language, and every number is
formatted with the Babel formats of :mod:`hpresearch.i18n`.

Sliders send their value when released (``continuous_update=False``) and text inputs when
submitted (Enter or leaving the box), so dragging cannot queue redraws. A refused value
shows the command line's one-line message and the controls return to the previous state.

The text API of the session is available on the widget: ``ex.set(...)``, ``ex.state``,
``ex.results``, ``ex.figure``, ``ex.save_scenario(path)``.
"""
from __future__ import annotations

import html
import io
from pathlib import Path
from typing import Any

import ipywidgets as w

from hpresearch.defaults import DRAWS, REPORT_SEED
from hpresearch.errors import HPResearchError
from hpresearch.explore.controls import Control, normalise_number
from hpresearch.explore.session import ExplorerSession
from hpresearch.i18n import LANGUAGES, Localizer, has, t
from hpresearch.parameters.levers import levers, money_unit

#: Resolution of the chart images (pixels per inch; the figures are 8 x 4.8-5 inches).
CHART_DPI = 96


def figure_png(fig, dpi: int = CHART_DPI) -> bytes:
    """PNG bytes of a matplotlib Figure, drawn once.

    ``savefig`` of a constrained-layout figure draws it twice (a layout pass, then the
    drawing, which lays it out again); one Agg draw lays out and draws on the same renderer,
    and Pillow encodes the pixels with fast compression.
    """
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from PIL import Image

    fig.set_dpi(dpi)
    canvas = FigureCanvasAgg(fig)
    canvas.draw()
    image = Image.frombuffer("RGBA", canvas.get_width_height(), canvas.buffer_rgba(), "raw",
                             "RGBA", 0, 1)
    buf = io.BytesIO()
    image.save(buf, format="PNG", compress_level=1)
    return buf.getvalue()


class MovingLine:
    """A chart whose only moving part is one line, redrawn by blitting.

    Everything but the line (axes, texts, other paths, legend) is drawn once and kept as a
    bitmap; a lever move puts the line's new data on that bitmap (matplotlib's blitting:
    ``copy_from_bbox`` / ``restore_region`` / ``draw_artist``) instead of laying out and
    drawing the figure again, which costs about ten times as much. A move that would leave the
    axes' vertical range returns False, and the caller draws the figure afresh.
    """

    def __init__(self) -> None:
        self.canvas = None

    def reset(self, fig, label: str, dpi: int = CHART_DPI) -> None:
        """Draw ``fig`` in full; the line labelled ``label`` is the one that moves."""
        from matplotlib.backends.backend_agg import FigureCanvasAgg

        fig.set_dpi(dpi)
        self.line = next(line for ax in fig.axes for line in ax.get_lines()
                         if line.get_label() == label)
        self.canvas = FigureCanvasAgg(fig)
        self.line.set_visible(False)
        self.canvas.draw()
        self.background = self.canvas.copy_from_bbox(fig.bbox)
        self.line.set_visible(True)
        self.line.axes.draw_artist(self.line)

    def move(self, x, y) -> bool:
        """Redraw the line at ``(x, y)``; False when there is no chart or it would leave the
        axes' vertical range."""
        if self.canvas is None:
            return False
        low, high = self.line.axes.get_ylim()
        if min(y) < low or max(y) > high:
            return False
        self.line.set_data(x, y)
        self.canvas.restore_region(self.background)
        self.line.axes.draw_artist(self.line)
        return True

    def png(self) -> bytes:
        """The canvas as PNG bytes (Pillow, fast compression)."""
        from PIL import Image

        image = Image.frombuffer("RGBA", self.canvas.get_width_height(),
                                 self.canvas.buffer_rgba(), "raw", "RGBA", 0, 1)
        buf = io.BytesIO()
        image.save(buf, format="PNG", compress_level=1)
        return buf.getvalue()


class _Row:
    """The widgets of one control: name, slider, level input, unit (and % of GRDP)."""

    def __init__(self, control: Control, lang: str, lever: bool):
        self.control = control
        tip = control.tooltip(lang)
        self.label = w.HTML(f"<b>{html.escape(control.title(lang))}</b>",
                            layout=w.Layout(width="300px"))
        self.label.tooltip = tip
        self.slider = w.FloatSlider(min=control.low, max=control.high, step=control.step,
                                    readout=False, continuous_update=False,
                                    layout=w.Layout(width="260px"))
        self.slider.tooltip = tip
        self.slider.add_class(f"hp-slider-{control.name}")
        self.level = w.Text(continuous_update=False, layout=w.Layout(width="110px"))
        self.level.add_class(f"hp-level-{control.name}")
        self.level.tooltip = tip
        self.unit = w.HTML(html.escape(control.unit(lang)), layout=w.Layout(width="190px"))
        self.to_grdp = w.Text(continuous_update=False, layout=w.Layout(width="80px"))
        self.to_grdp.add_class(f"hp-to-grdp-{control.name}")
        self.status = w.HTML(layout=w.Layout(width="120px"))
        parts = [self.label, self.slider, self.level, self.unit]
        if lever:
            parts += [self.to_grdp, w.HTML(t("explore.to_grdp", lang))]
        self.box = w.HBox(parts + [self.status])


class Explorer(w.VBox):
    """Interactive scenario explorer (see the module docstring).

    Parameters are those of :class:`~hpresearch.explore.session.ExplorerSession`.
    """

    def __init__(self, scenario: Any = "trend", boundary: str = "merged", basis: str = "gso",
                 lang: str = LANGUAGES[0], lever: str = "fdi_digital_usd_bn",
                 drivers: int = 4, end_year: int = 2030, draws: int = DRAWS,
                 seed: int = REPORT_SEED):
        super().__init__()
        self.session = ExplorerSession(scenario, boundary, basis, lang, lever, drivers,
                                       end_year, draws, seed)
        self._busy = False
        self.message = ""
        self.message_is_error = False
        self.add_class("hp-explorer")
        self._build()

    # -- text API (delegated to the session) ----------------------------------------------
    def set(self, **changes: Any) -> "Explorer":
        """:meth:`ExplorerSession.set`, then the widgets follow (a refused change raises and
        leaves widgets and state as they were)."""
        rebuild = bool({"lang", "boundary", "basis", "scenario"} & set(changes))
        self.session.set(**changes)
        if set(changes) - set(self.session.controls):
            self._path = MovingLine()
        self._build() if rebuild else self.refresh()
        return self

    def reset(self, *names: str) -> "Explorer":
        self.session.reset(*names)
        self.refresh()
        return self

    @property
    def state(self) -> dict[str, Any]:
        return self.session.state

    @property
    def results(self):
        return self.session.results

    @property
    def figure(self):
        return self.session.figure

    @property
    def fan_figure(self):
        return self.session.fan_figure

    @property
    def numbers(self):
        return self.session.numbers

    def save_scenario(self, path: str | Path) -> Path:
        return self.session.save_scenario(path)

    # -- building -----------------------------------------------------------------------
    def _build(self) -> None:
        s = self.session
        L = Localizer(s.lang)
        self._busy = True
        self._path = MovingLine()
        try:
            self.lang_toggle = w.ToggleButtons(
                options=[(t(f"lang.{code}", code), code) for code in LANGUAGES], value=s.lang)
            self.lang_toggle.add_class("hp-lang")
            self.lang_toggle.observe(self._on_setting("lang"), names="value")
            title = w.HTML(f"<h2>{html.escape(L('explore.title'))}</h2>"
                           f"<p>{html.escape(L('explore.guide'))}</p>"
                           f"<p><i>{html.escape(L('explore.scenario', scenario=s.scenario.text('title', s.lang)))}</i></p>")
            self.boundary = w.Dropdown(
                options=[(L(f"boundary.{b}"), b) for b in ("merged", "pre_merger")],
                value=s.boundary, description=L("explore.boundary"),
                style={"description_width": "initial"}, layout=w.Layout(width="460px"))
            self.boundary.observe(self._on_setting("boundary"), names="value")
            self.basis = w.Dropdown(options=[(L(f"basis.{b}"), b) for b in ("gso", "mic")],
                                    value=s.basis, description=L("explore.basis"),
                                    style={"description_width": "initial"},
                                    layout=w.Layout(width="380px"))
            self.basis.observe(self._on_setting("basis"), names="value")
            self.target = w.Dropdown(options=[(o.label(s.lang), o.key) for o in s.target_options],
                                     value=s.target.key, description=L("explore.target"),
                                     style={"description_width": "initial"},
                                     layout=w.Layout(width="860px"))
            self.target.observe(self._on_setting("target"), names="value")
            self.target_source = w.HTML()
            self.lever = w.Dropdown(options=[(L.label("lever", n), n) for n in levers()],
                                    value=s.lever, description=L("explore.lever_for_target"),
                                    style={"description_width": "initial"},
                                    layout=w.Layout(width="620px"))
            self.lever.observe(self._on_setting("lever"), names="value")
            self.rows: dict[str, _Row] = {}
            lever_rows, driver_rows = [], []
            for name, control in s.controls.items():
                row = _Row(control, s.lang, control.kind == "lever")
                row.slider.observe(self._on_slider(name), names="value")
                row.level.observe(self._on_level(name), names="value")
                row.to_grdp.observe(self._on_to_grdp(name), names="value")
                self.rows[name] = row
                (lever_rows if control.kind == "lever" else driver_rows).append(row.box)
            self.uncertainty = w.ToggleButton(value=s.uncertainty,
                                              description=L("explore.uncertainty",
                                                            draws=L.number(s.draws, 0)),
                                              layout=w.Layout(width="320px"))
            self.uncertainty.add_class("hp-uncertainty")
            self.uncertainty.observe(self._on_setting("uncertainty"), names="value")
            self.reset_button = w.Button(description=L("explore.reset"),
                                         layout=w.Layout(width="260px"))
            self.reset_button.on_click(lambda _b: self._guard(self.session.reset))
            self.save_button = w.Button(description=L("explore.save"), button_style="primary",
                                        layout=w.Layout(width="220px"))
            self.save_button.on_click(self._on_save)
            self.download = w.HTML()  # the scenario file, as a link the browser downloads
            self.download.add_class("hp-download")
            self.numbers_box = w.HTML()
            self.numbers_box.add_class("hp-numbers")
            self.message_box = w.HTML()
            self.message_box.add_class("hp-message")
            self.chart = w.Image(format="png", layout=w.Layout(width="780px"))
            self.chart.add_class("hp-chart")
            self.fan = w.Image(format="png", layout=w.Layout(width="780px", display="none"))
            self.fan.add_class("hp-fan")
            self.children = [
                w.HTML(PHONE_CSS), self.lang_toggle, title,
                w.HBox([self.boundary, self.basis]), self.target, self.target_source,
                w.HTML(f"<h4>{html.escape(L('explore.levers', year=s.start_year))}</h4>"),
                *lever_rows,
                w.HTML(f"<h4>{html.escape(L('explore.drivers', year=s.end_year))}</h4>"),
                *driver_rows,
                w.HBox([self.lever, self.uncertainty]),
                self.numbers_box, self.message_box,
                w.HBox([self.chart]), w.HBox([self.fan]),
                w.HBox([self.reset_button, self.save_button, self.download]),
            ]
        finally:
            self._busy = False
        self.refresh()

    # -- showing ------------------------------------------------------------------------
    def refresh(self) -> None:
        """Bring every widget in step with the session (values, numbers, chart)."""
        s = self.session
        L = Localizer(s.lang)
        self._busy = True
        try:
            self.target.value = s.target.key if s.target.key in [
                k for _, k in self.target.options] else self.target.value
            if s.target.key not in [k for _, k in self.target.options]:
                self.target.options = [(o.label(s.lang), o.key) for o in s.target_options] + [
                    (s.target.label(s.lang), s.target.key)]
                self.target.value = s.target.key
            self.target_source.value = f"<small>{html.escape(s.target.source(s.lang))}</small>"
            self.lever.value = s.lever
            self.uncertainty.value = s.uncertainty
            for name, row in self.rows.items():
                c = row.control
                value = s.value(name)
                row.slider.min = min(c.low, value, row.slider.min)
                row.slider.max = max(c.high, value, row.slider.max)
                row.slider.value = value
                row.level.value = c.format(value, s.lang)
                if c.kind == "lever":
                    row.to_grdp.value = L.number(100 * s.to_grdp(name), 3)
                row.status.value = (f"<small>{html.escape(L('explore.changed'))}</small>"
                                    if s.is_set(name) else
                                    f"<small><i>{html.escape(L('explore.as_scenario'))}</i></small>")
            self.numbers_box.value = self._numbers_html(L)
            self.chart.value = self._path_png()
            if s.uncertainty:
                self.fan.value = figure_png(s.fan_figure)
                self.fan.layout.display = None
            else:
                self.fan.layout.display = "none"
            self._show_message(L)
        finally:
            self._busy = False

    def _path_png(self) -> bytes:
        """The share path chart: after a lever move only the current path is redrawn
        (:class:`MovingLine`); any other change draws the session's figure afresh."""
        s = self.session
        share = s.results["de_share"] * 100
        if not self._path.move(share.index, share.to_numpy()):
            self._path.reset(s.figure, s.path_labels()["current"])
        return self._path.png()

    def _numbers_html(self, L: Localizer) -> str:
        n = self.session.numbers
        lever = L.label("lever", n.lever)
        unit = money_unit(n.lever)
        if n.required_status == "error":
            req = html.escape(L("explore.error", message=n.required_error))
        else:
            digits = 2 if unit == "usd_bn" else 0
            req = html.escape(L("explore.required_value",
                                amount=L.money(n.required_value, unit, digits),
                                share=L.percent(n.required_pct_of_grdp, 2)))
            req += f" — <span class='hp-status'>{html.escape(L(f'status.{n.required_status}'))}</span>"
            if n.required_status == "too_fast":
                req += "; " + html.escape(L("explore.credible", year=n.target_year,
                                            share=L.percent(n.credible_share, 1)))
            if n.required_status == "unreachable":
                req += "; " + html.escape(L("explore.best", year=n.target_year,
                                            share=L.percent(n.credible_share, 1)))
        if n.p_target is None:
            prob = f"<i>{html.escape(L('explore.p_off'))}</i>"
        else:
            prob = html.escape(L("explore.p_value", prob=L.percent(n.p_target, 0),
                                 draws=L.number(self.session.draws, 0))
                               + " · " + L(f"ans.card_basis.{self.session.probability_basis}"))
        target = L.percent(n.target, 1)
        rows = [
            (L("explore.share", year=n.share_year),
             f"<b class='hp-share'>{html.escape(L.percent(n.share, 2))}</b> "
             f"<small>({html.escape(L('explore.share_baseline', share=L.percent(n.baseline_share, 2)))})</small>"),
        ]
        if n.median is not None:  # the reports lead with the median: so does the uncertainty view
            rows.append((L("explore.median", year=n.target_year),
                         f"<b class='hp-median'>{html.escape(L.percent(n.median, 1))}</b> "
                         + html.escape(L("ans.card_band", low=L.percent(n.low, 1),
                                         high=L.percent(n.high, 1)))))
        rows += [
            (L("explore.gap", target=target, year=n.target_year),
             f"<span class='hp-gap'>{html.escape(L.points(n.gap, 2))}</span>"),
            (L("explore.required", lever=lever), f"<span class='hp-required'>{req}</span>"),
            (L("explore.p_target", target=target, year=n.target_year),
             f"<span class='hp-p-target'>{prob}</span>"),
        ]
        body = "".join(f"<tr><td style='padding-right:1em'>{html.escape(k)}</td><td>{v}</td></tr>"
                       for k, v in rows)
        return f"<table class='hp-numbers-table'>{body}</table>"

    def _show_message(self, L: Localizer) -> None:
        lines = []
        if self.message:
            lines.append(self.message)
        lines += [L("explore.note", message=m) for m in self.session.notes]
        color = "#b00020" if self.message_is_error else "#1b6ca8"
        self.message_box.value = "<br>".join(
            f"<span style='color:{color}'>{html.escape(m)}</span>" if i == 0 and self.message
            else f"<small>{html.escape(m)}</small>" for i, m in enumerate(lines))

    # -- reacting -----------------------------------------------------------------------
    def _guard(self, action, rebuild: bool = False, key: str | None = None,
               value: Any = None) -> None:
        """Run ``action``; on a refused value show one line in the session's language and
        restore the widgets."""
        L = Localizer(self.session.lang)
        try:
            action()
        except HPResearchError as err:
            self.message, self.message_is_error = refusal(L, err, key, value), True
            self.refresh()
            return
        self.message, self.message_is_error = "", False
        self._build() if rebuild else self.refresh()

    def _on_setting(self, key: str):
        rebuild = key in ("lang", "boundary", "basis")

        def handler(change):
            if not self._busy:
                self._path = MovingLine()   # a setting changes the chart's texts: draw afresh
                self._guard(lambda: self.session.set(**{key: change["new"]}), rebuild, key,
                            change["new"])
        return handler

    def _on_slider(self, name: str):
        def handler(change):
            if not self._busy:
                self._guard(lambda: self.session.set(**{name: float(change["new"])}), False,
                            name, change["new"])
        return handler

    def _on_level(self, name: str):
        def handler(change):
            if not self._busy:
                self._guard(lambda: self.session.set(**{name: str(change["new"])}), False,
                            name, change["new"])
        return handler

    def _on_to_grdp(self, name: str):
        def handler(change):
            if self._busy:
                return
            text = str(change["new"])

            def action():
                try:
                    fraction = float(normalise_number(text, self.session.lang)) / 100.0
                except ValueError:
                    fraction = text            # the session names what is wrong with it
                self.session.set(**{f"{name}_to_grdp": fraction})
            self._guard(action, False, name, text)
        return handler

    def _on_save(self, _button) -> None:
        """Offer the current setting as a scenario file the browser downloads (nothing is
        written on the server)."""
        import base64

        L = Localizer(self.session.lang)
        try:
            text = self.session.scenario_yaml()
        except HPResearchError as err:
            self.message, self.message_is_error = L("explore.error", message=str(err)), True
            self.download.value = ""
        else:
            data = base64.b64encode(text.encode("utf-8")).decode("ascii")
            self.download.value = (
                f'<a download="{DOWNLOAD_NAME}" href="data:text/yaml;charset=utf-8;base64,'
                f'{data}">{html.escape(L("explore.download", name=DOWNLOAD_NAME))}</a>')
            self.message, self.message_is_error = L("explore.saved"), False
        self._show_message(L)


#: Below 600 px the explorer stacks its rows and lets every control take the full width
#: (the widgets' pixel widths suit a desktop; on a phone sliders would collapse to a dot).
PHONE_CSS = """<style>
@media (max-width: 600px) {
  .hp-explorer .widget-hbox, .hp-explorer .widget-inline-hbox {
    flex-direction: column !important; align-items: stretch !important; }
  .hp-explorer .jupyter-widgets, .hp-explorer .widget-html, .hp-explorer .widget-image {
    width: auto !important; max-width: 100% !important; min-width: 0 !important; }
  .hp-explorer .widget-slider, .hp-explorer .widget-text, .hp-explorer .widget-dropdown,
  .hp-explorer .widget-button, .hp-explorer .widget-toggle-buttons {
    width: 100% !important; }
  .hp-explorer .widget-label { max-width: 100% !important; width: auto !important;
    text-align: left !important; white-space: normal !important; }
  .hp-explorer .widget-dropdown, .hp-explorer .widget-text {
    flex-direction: column !important; align-items: stretch !important;
    height: auto !important; }
  .hp-explorer select, .hp-explorer input { box-sizing: border-box !important;
    max-width: 100% !important; flex: none !important; height: 32px !important; }
  .hp-explorer img { width: 100% !important; height: auto !important; }
  .hp-explorer table { display: block; overflow-x: auto; max-width: 100%; }
}
</style>"""
#: File name the browser gives a downloaded scenario.
DOWNLOAD_NAME = "hpresearch_scenario.yaml"


def refusal(L: Localizer, err: Exception, key: str | None, value: Any) -> str:
    """A refused value in the reader's language, named by its title (no command-line flag or
    parameter key): both say what was refused and that the previous value is kept; English
    adds the rule the library states (in English)."""
    from hpresearch.parameters.registry import load_registry, param_text

    if key is None:
        return L("explore.error", message=str(err))
    name = key[:-len("_to_grdp")] if key.endswith("_to_grdp") else key
    what = (param_text(name, "title", L.lang) if name in load_registry()
            else L(f"explore.setting.{name}") if has(f"explore.setting.{name}") else name)
    text = L("explore.refused", what=what, value=str(value))
    if L.lang == "en":  # the library states its rules in English: add the rule there
        rule = str(err).split(": ", 1)[-1]  # without the "<key>: " it starts with
        text += " " + rule.replace(key, what).replace(name, what)
    return text


def explorer(scenario: Any = "trend", boundary: str = "merged", **kwargs: Any) -> Explorer:
    """The scenario explorer widget (see :class:`Explorer`).

    Examples
    --------
    >>> ex = explorer("trend", boundary="merged")          # doctest: +SKIP
    >>> ex.set(fdi_digital_usd_bn=6.0).results.loc[2030, "de_share"]   # doctest: +SKIP
    """
    return Explorer(scenario, boundary, **kwargs)
