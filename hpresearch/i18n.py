"""Language support for reports: Babel number/date formatting and the message catalogue.

Every heading, label, table column, chart text and narrative template shown in a report
comes from ``hpresearch/report/locales/messages.yaml``, which holds each key in Vietnamese
(``vi``) and English (``en``). Numbers and dates follow each language's CLDR conventions
through Babel (Vietnamese ``1.234,5``; English ``1,234.5``), never hand-made formatting.

Examples
--------
>>> L = Localizer("vi")
>>> L.number(1234.5)
'1.234,5'
>>> L.percent(0.331)
'33,1%'
"""
from __future__ import annotations

import datetime as _dt
import math
import re
import string
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path
from typing import Any

from babel import dates as _bdates
from babel import numbers as _bnumbers

from hpresearch.errors import UsageError, quoted

#: Languages every report is available in (the first is the project's primary language).
LANGUAGES = ("vi", "en")
CATALOGUE_PATH = Path(__file__).resolve().parent / "locales" / "messages.yaml"
GLOSSARY_PATH = CATALOGUE_PATH.with_name("glossary.yaml")
_MISSING = "–"


def check_lang(lang: str) -> str:
    """Return ``lang`` if it is a supported report language, else raise :class:`UsageError`."""
    if lang not in LANGUAGES:
        raise UsageError(f"lang: value {quoted(lang)} is not a report language (choose from "
                         f"{', '.join(LANGUAGES)})")
    return lang


def _load_mapping(path: Path) -> dict:
    """Read one of the package's locale YAML files (the catalogue, the glossary)."""
    from hpresearch import safeyaml

    data = safeyaml.load_file(path, path.name, error=UsageError,
                              limits=safeyaml.PACKAGE_LIMITS, trusted=True)
    if not isinstance(data, dict):
        raise UsageError(f"{path}: the file must be a mapping of keys")
    return data


@lru_cache(maxsize=1)
def catalogue() -> dict[str, dict[str, str]]:
    """Return the message catalogue ``{key: {"vi": text, "en": text}}`` (read once)."""
    return _load_mapping(CATALOGUE_PATH)


@lru_cache(maxsize=1)
def glossary() -> dict[str, Any]:
    """Return the Vietnamese glossary (``locales/glossary.yaml``): the one term per concept,
    banned variants, abbreviations and their spelled-out form, names banned from the main text.

    The rules are enforced by ``tests/test_glossary.py`` on every Vietnamese text (issue 20).
    """
    return _load_mapping(GLOSSARY_PATH)


def placeholders(text: str) -> set[str]:
    """Return the ``{name}`` placeholders used by a catalogue template."""
    return {field for _, field, _, _ in string.Formatter().parse(text) if field}


def has(key: str) -> bool:
    """Return whether ``key`` exists in the catalogue."""
    return key in catalogue()


def t(key: str, lang: str, **values) -> str:
    """Translate catalogue ``key`` into ``lang`` and fill its ``{placeholders}``.

    Raises
    ------
    UsageError
        When the key or its translation is missing (a bug caught by the catalogue test).
    """
    entry = catalogue().get(key)
    if entry is None:
        raise UsageError(f"{CATALOGUE_PATH.name}: key {key!r} is missing from the catalogue")
    text = entry.get(check_lang(lang))
    if not text:
        raise UsageError(f"{CATALOGUE_PATH.name}: key {key!r} has no {lang!r} translation")
    return text.format(**values) if values else text


def _is_missing(value) -> bool:
    try:
        return value is None or (isinstance(value, float) and math.isnan(value))
    except TypeError:  # pragma: no cover
        return False


def format_number(value: float, lang: str, digits: int = 1, grouping: bool = True) -> str:
    """Format a number with ``digits`` decimals in the conventions of ``lang``."""
    if _is_missing(value):
        return _MISSING
    pattern = ("#,##0" if grouping else "0") + ("." + "0" * digits if digits > 0 else "")
    return _bnumbers.format_decimal(float(value), format=pattern, locale=check_lang(lang))


def format_exact(value: float, lang: str) -> str:
    """A float in full (shortest round-trip) precision, without grouping, in ``lang``'s
    decimal mark: ``format_exact(10.951023483658348, "vi") == "10,951023483658348"``."""
    if _is_missing(value):
        return _MISSING
    text = repr(float(value))
    if "e" in text or "E" in text:
        return text
    digits = len(text.split(".")[1]) if "." in text else 0
    if text.endswith(".0"):
        digits = 0
    return format_number(float(value), lang, digits, grouping=False)


def format_percent(fraction: float, lang: str, digits: int = 1) -> str:
    """Format a fraction (0.331) as a percentage (``33.1%`` / ``33,1%``)."""
    if _is_missing(fraction):
        return _MISSING
    pattern = "#,##0" + ("." + "0" * digits if digits > 0 else "") + "%"
    return _bnumbers.format_percent(float(fraction), format=pattern, locale=check_lang(lang))


def format_points(fraction_diff: float, lang: str, digits: int = 1) -> str:
    """Format a difference of two fractions as percentage points (``6.9 points``)."""
    if _is_missing(fraction_diff):
        return _MISSING
    return t("unit.points", lang, value=format_number(100 * fraction_diff, lang, digits))


def format_money(value: float, unit: str, lang: str, digits: int = 0) -> str:
    """Format money held in ``unit`` (``vnd_bn`` or ``usd_bn``) with the language's words.

    ``format_money(12345, "vnd_bn", "vi") == "12.345 tỷ đồng"``; from 1,000 up no decimals
    are shown whatever ``digits`` asks (:func:`money_digits`).
    """
    if _is_missing(value):
        return _MISSING
    if unit not in ("vnd_bn", "usd_bn", "usd_mn"):
        raise UsageError(f"unit: value {quoted(unit)} is not a money unit (vnd_bn, usd_bn, "
                         "usd_mn)")
    return t(f"unit.{unit}", lang, value=format_number(value, lang, money_digits(value, digits)))


def money_digits(value: float, digits: int = 1) -> int:
    """Decimals to show for an amount: none from 1,000 up (``1.299.565``, not
    ``1.299.564,5``: a tenth of a unit is noise at that size), else ``digits``."""
    try:
        return 0 if abs(float(value)) >= 1000 else digits
    except (TypeError, ValueError):
        return digits


def format_ratio(value: float, lang: str, digits: int = 1) -> str:
    """Format a multiple (``2.3 times`` / ``gấp 2,3 lần``)."""
    if _is_missing(value):
        return _MISSING
    return t("unit.times", lang, value=format_number(value, lang, digits))


def format_year(value) -> str:
    """Format a year without a thousands separator in every language."""
    if _is_missing(value):
        return _MISSING
    return str(int(value))


def format_date(value, lang: str) -> str:
    """Format a date in the long style of ``lang`` (``ngày 27 tháng 11 năm 2026``)."""
    if isinstance(value, str):
        value = _dt.date.fromisoformat(value[:10])
    if isinstance(value, _dt.datetime):
        value = value.date()
    # Vietnamese writes dates as "ngày 11 tháng 12 năm 2025"; Babel's CLDR pattern for vi
    # ("11 tháng 12, 2025") reads as a translation, so the pattern is given here.
    fmt = "'ngày' d 'tháng' M 'năm' y" if check_lang(lang) == "vi" else "long"
    return _bdates.format_date(value, format=fmt, locale=check_lang(lang))


#: The time zone readers see timestamps in: Viet Nam (Asia/Ho_Chi_Minh, UTC+7 all year, no
#: daylight saving since 1975). Machine-readable records keep ISO 8601 with their offset.
READER_TZ = "Asia/Ho_Chi_Minh"


def _reader_tz() -> _dt.tzinfo:
    try:
        from zoneinfo import ZoneInfo

        return ZoneInfo(READER_TZ)
    except Exception:  # no tz database: Viet Nam's offset is fixed
        return _dt.timezone(_dt.timedelta(hours=7), "UTC+7")


def format_datetime(value, lang: str) -> str:
    """Format a timestamp in Viet Nam time (``READER_TZ``) in the medium style of ``lang``.

    An ISO string or datetime without an offset is taken as UTC:
    ``format_datetime("2026-11-27T20:05:00Z", "vi")`` is
    ``"03:05 ngày 28/11/2026 (giờ Việt Nam, UTC+7)"``.
    """
    if isinstance(value, str):
        value = _dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    if value.tzinfo is None:
        value = value.replace(tzinfo=_dt.timezone.utc)
    fmt = "HH:mm 'ngày' dd/MM/y" if check_lang(lang) == "vi" else "medium"
    text = _bdates.format_datetime(value, format=fmt, tzinfo=_reader_tz(), locale=check_lang(lang))
    return t("unit.vn_time", lang, value=text)


#: Value formatters by kind, used by tables (``formats={"de_share": "percent"}``).
KINDS = ("text", "number", "number0", "number2", "number3", "int", "percent", "percent0", "percent2",
         "percent_range", "points",
         "year", "amount", "vnd_bn", "usd_bn", "ratio", "multiple", "series", "date",
         "label:<group>")


class Localizer:
    """All language-dependent text and formatting for one report language.

    Parameters
    ----------
    lang : {"vi", "en"}
        The report language.
    """

    def __init__(self, lang: str):
        self.lang = check_lang(lang)

    def __call__(self, key: str, **values) -> str:
        return t(key, self.lang, **values)

    t = __call__

    def number(self, value, digits: int = 1) -> str:
        return format_number(value, self.lang, digits)

    def percent(self, fraction, digits: int = 1) -> str:
        return format_percent(fraction, self.lang, digits)

    def points(self, diff, digits: int = 1) -> str:
        return format_points(diff, self.lang, digits)

    def money(self, value, unit: str = "vnd_bn", digits: int = 0) -> str:
        return format_money(value, unit, self.lang, digits)

    def ratio(self, value, digits: int = 1) -> str:
        return format_ratio(value, self.lang, digits)

    def date(self, value) -> str:
        return format_date(value, self.lang)

    def datetime(self, value) -> str:
        return format_datetime(value, self.lang)

    def label(self, group: str, value: str) -> str:
        """Translate a vocabulary value, e.g. ``label("basis", "gso")``; unknown → as is."""
        if _is_missing(value):
            return _MISSING
        key = f"{group}.{value}"
        return t(key, self.lang) if has(key) else str(value)

    def series(self, code: str) -> str:
        """Readable label of a backtest series code (see :func:`series_label`)."""
        return series_label(code, self.lang)

    def format(self, value, kind: str) -> str:
        """Format ``value`` as ``kind`` (one of :data:`KINDS`).

        ``label:<group>`` translates a vocabulary value; the kinds of :data:`_ANY_VALUE`
        format whatever they are given; every other kind shows a text value as it is and
        formats a number with its entry in :data:`_NUMBER_KINDS`.
        """
        if kind.startswith("label:"):
            return "" if isinstance(value, str) and not value else self.label(kind[6:], value)
        if kind in _ANY_VALUE:
            return _ANY_VALUE[kind](self, value)
        if kind == "text" or isinstance(value, str):
            return _MISSING if _is_missing(value) else str(value)
        if kind not in _NUMBER_KINDS:
            raise UsageError(f"format kind: value {quoted(kind)} is not one of {', '.join(KINDS)}")
        return _NUMBER_KINDS[kind](self, value)

    def tick_formatter(self, kind: str = "number", digits: int | None = None):
        """Return a matplotlib tick formatter for axes in this language.

        ``digits=None`` (default) chooses the decimals from the tick values actually drawn
        (fewest that show every tick exactly, so 2.5-spaced ticks read ``2,5`` and never
        ``2, 2, 3``); an explicit ``digits`` is used as given.
        """
        if kind == "year":
            from matplotlib.ticker import FuncFormatter

            return FuncFormatter(lambda x, _pos: format_year(round(x)))
        return _tick_formatter_class()(self.lang, kind, digits)



def _percent_range(L: Localizer, value) -> str:
    """A (low, high) pair of fractions: ``35%–63%``."""
    pair = tuple(value) if isinstance(value, (tuple, list)) else ()
    if len(pair) != 2 or any(_is_missing(v) for v in pair):
        return _MISSING
    return f"{L.percent(pair[0], 0)}–{L.percent(pair[1], 0)}"


#: Formatters of the kinds that take any value (text included), by kind.
_ANY_VALUE: dict[str, Callable[[Localizer, Any], str]] = {
    "series": lambda L, v: _MISSING if _is_missing(v) else L.series(str(v)),
    "percent_range": _percent_range,
    "multiple": lambda L, v: _MISSING if _is_missing(v) else f"{L.number(v, 1)}×",
}
#: Formatters of the numeric kinds, by kind (a text value is shown as it is).
_NUMBER_KINDS: dict[str, Callable[[Localizer, Any], str]] = {
    "number": lambda L, v: L.number(v, 1),
    "number0": lambda L, v: L.number(v, 0),
    "number2": lambda L, v: L.number(v, 2),
    "number3": lambda L, v: L.number(v, 3),
    "int": lambda L, v: L.number(v, 0),
    "percent": lambda L, v: L.percent(v, 1),
    "percent0": lambda L, v: L.percent(v, 0),
    "percent2": lambda L, v: L.percent(v, 2),
    "points": lambda L, v: L.points(v),
    "year": lambda L, v: format_year(v),
    "amount": lambda L, v: L.number(v, money_digits(v, 1)),
    "vnd_bn": lambda L, v: L.money(v, "vnd_bn", 0),
    "usd_bn": lambda L, v: L.money(v, "usd_bn", 2),
    "ratio": lambda L, v: L.ratio(v),
    "date": lambda L, v: _MISSING if _is_missing(v) else L.date(v),
}


_SERIES = None


def series_label(code: str, lang: str):
    """Readable label of a series code such as ``hai_phong grdp_growth_real (mic)``.

    ``"<geography> <indicator> (<note>)"`` becomes ``"Hai Phong (pre-merger): Real GRDP
    growth (MIC/PTIT)"``; ``all`` becomes the catalogue's "all series". Returns ``None``
    when ``code`` is not such a code and ``code`` itself when parts are unknown.
    """
    import re

    global _SERIES
    if _SERIES is None:
        _SERIES = re.compile(r"^([a-z][a-z0-9_]*) ([a-z][a-z0-9_]*)(?: \((.+)\))?$")
    if code == "all":
        return t("series.all", lang)
    m = _SERIES.match(code)
    if not m or not (has(f"geo.{m.group(1)}") and has(f"ind.{m.group(2)}")):
        return code
    text = f"{t('geo.' + m.group(1), lang)}: {t('ind.' + m.group(2), lang)}"
    note = m.group(3)
    if note:
        key = "series_note." + note.replace("-", "_").replace(" ", "_")
        note = (t(key, lang) if has(key) else
                t(f"basis_short.{note}", lang) if has(f"basis_short.{note}") else note)
        text += f" ({note})"
    return text


def tick_decimals(values) -> int:
    """Fewest decimals (0-3) that show every value in ``values`` exactly (27.5 needs 1)."""
    values = [float(v) for v in values if not _is_missing(v) and math.isfinite(float(v))]
    for digits in range(4):
        if all(abs(round(v, digits) - v) < 1e-9 * max(1.0, abs(v)) for v in values):
            return digits
    return 3


@lru_cache(maxsize=1)
def _tick_formatter_class():
    from matplotlib.ticker import Formatter

    class BabelTickFormatter(Formatter):
        """Babel tick labels whose decimals follow the drawn tick locations."""

        def __init__(self, lang: str, kind: str, digits: int | None):
            self.lang, self.kind, self.digits = lang, kind, digits

        def set_locs(self, locs):
            self._values = list(locs)

        def _digits(self) -> int:
            if self.digits is not None:
                return self.digits
            scale = 100.0 if self.kind == "percent" else 1.0
            return tick_decimals([v * scale for v in getattr(self, "_values", [])])

        def __call__(self, x, pos=None):
            if self.kind == "percent":
                return format_percent(x, self.lang, self._digits())
            return format_number(x, self.lang, self._digits())

    return BabelTickFormatter


def headline(title: str) -> str:
    """The part of a scenario title before its dash (``"Plan - the city's …"`` -> ``"Plan"``)."""
    return re.split(r"\s+[-–—]\s+", str(title), maxsplit=1)[0]
