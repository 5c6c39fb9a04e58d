"""The report message catalogue and Babel formatting (vi and en)."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from hpresearch.errors import UsageError
from hpresearch import i18n
from hpresearch.i18n import Localizer

ROOT = Path(__file__).resolve().parents[1]


def test_every_key_has_both_languages_with_the_same_placeholders():
    cat = i18n.catalogue()
    assert len(cat) > 100
    for key, entry in cat.items():
        assert set(entry) == {"vi", "en"}, key
        assert entry["vi"].strip() and entry["en"].strip(), key
        assert i18n.placeholders(entry["vi"]) == i18n.placeholders(entry["en"]), key


def _used_keys():
    """Literal catalogue keys used by report code, every plot module and notebooks."""
    files = list((ROOT / "hpresearch" / "report").glob("*.py"))
    files += sorted((ROOT / "hpresearch" / "plots").glob("*.py"))
    files += sorted((ROOT / "notebooks").glob("*.py"))
    pattern = re.compile(r"""\b(?:L|t|i18n\.t)\(\s*["']([a-z_0-9]+\.[a-z_0-9.]+)["']""")
    keys = set()
    for path in files:
        keys |= set(pattern.findall(path.read_text(encoding="utf-8")))
    return keys


def test_every_literal_key_used_in_code_exists():
    used = _used_keys()
    assert "h.provenance" in used  # the scan finds keys
    missing = sorted(k for k in used if not i18n.has(k))
    assert not missing


@pytest.mark.parametrize("lang, expected", [("vi", "1.234,5"), ("en", "1,234.5")])
def test_number_conventions(lang, expected):
    assert Localizer(lang).number(1234.5) == expected


def test_percent_points_money_ratio_year():
    vi, en = Localizer("vi"), Localizer("en")
    assert vi.percent(0.331) == "33,1%" and en.percent(0.331) == "33.1%"
    assert en.points(0.40 - 0.331) == "6.9 percentage points"
    assert vi.points(0.069) == "6,9 điểm phần trăm"
    assert vi.money(12345.6, "vnd_bn") == "12.346 tỷ đồng"
    assert en.money(12345.6, "vnd_bn") == "VND 12,346 billion"
    assert en.money(1.5, "usd_bn", 2) == "USD 1.50 billion"
    assert vi.ratio(2.47) == "gấp 2,5 lần"
    assert i18n.format_year(2025) == "2025"  # never "2.025"
    assert vi.format(float("nan"), "percent") == "–"


def test_dates_follow_each_language():
    assert Localizer("en").date("2026-11-27") == "November 27, 2026"
    assert Localizer("vi").date("2026-11-27") == "ngày 27 tháng 11 năm 2026"
    # readers see Viet Nam time (UTC+7): 08:05 UTC is 15:05 in Hai Phong
    assert (Localizer("vi").datetime("2026-11-27T08:05:00Z")
            == "15:05 ngày 27/11/2026 (giờ Việt Nam, UTC+7)")
    # 20:05 UTC is already the next day; an offset in the input is honoured; naive = UTC
    assert (Localizer("vi").datetime("2026-11-27T20:05:00+00:00")
            == "03:05 ngày 28/11/2026 (giờ Việt Nam, UTC+7)")
    assert (Localizer("vi").datetime("2026-11-27T10:00:00+07:00")
            == "10:00 ngày 27/11/2026 (giờ Việt Nam, UTC+7)")
    assert Localizer("vi").datetime("2026-11-27T03:00:00").startswith("10:00 ngày 27/11/2026")
    assert Localizer("en").datetime("2026-11-27T20:05:00Z").startswith("Nov 28, 2026")
    assert Localizer("en").datetime("2026-11-27T20:05:00Z").endswith("(Viet Nam time, UTC+7)")


def test_money_shows_no_decimals_from_one_thousand_up():
    vi, en = Localizer("vi"), Localizer("en")
    assert vi.money(1299564.6, "vnd_bn", 1) == "1.299.565 tỷ đồng"  # not 1.299.564,6
    assert vi.money(999.46, "vnd_bn", 1) == "999,5 tỷ đồng"
    assert en.money(-2500.4, "vnd_bn", 2) == "VND -2,500 billion"
    assert en.money(8.46, "usd_bn", 1) == "USD 8.5 billion"
    assert vi.format(734420.0, "vnd_bn") == "734.420 tỷ đồng"


def test_every_format_kind_has_one_formatter():
    kinds = {"text", "label:<group>"} | set(i18n._ANY_VALUE) | set(i18n._NUMBER_KINDS)
    assert kinds == set(i18n.KINDS) and not set(i18n._ANY_VALUE) & set(i18n._NUMBER_KINDS)
    en = Localizer("en")
    assert [en.format(v, k) for v, k in [(0.3312, "percent"), ("n/a", "percent"),
                                         ((0.35, 0.63), "percent_range"), (2.5, "multiple"),
                                         (12345.6, "vnd_bn"), (2024, "year")]] == \
        ["33.1%", "n/a", "35%–63%", "2.5×", "VND 12,346 billion", "2024"]
    with pytest.raises(UsageError, match="format kind: value 'bogus'"):
        en.format(1.0, "bogus")


def test_unknown_language_and_key_are_one_line_errors():
    with pytest.raises(UsageError, match="lang: value 'fr'"):
        Localizer("fr")
    with pytest.raises(UsageError, match="no.such.key"):
        i18n.t("no.such.key", "en")


def test_tick_formatter_uses_the_language():
    fmt = Localizer("vi").tick_formatter("percent", 1)
    assert fmt(0.297, 0) == "29,7%"
    assert Localizer("vi").tick_formatter("year")(2025.0, 0) == "2025"


def test_tick_formatter_keeps_the_decimals_the_ticks_need():
    from matplotlib.figure import Figure

    assert i18n.tick_decimals([22.5, 25.0, 27.5]) == 1 and i18n.tick_decimals([20, 25, 30]) == 0
    fig = Figure()
    ax = fig.add_subplot()
    ax.plot([2023, 2030], [22.5, 32.5])
    ax.set_ylim(22.5, 32.5)
    ax.set_yticks([22.5, 27.5, 32.5])
    ax.yaxis.set_major_formatter(Localizer("vi").tick_formatter("number"))
    ax.xaxis.set_major_formatter(Localizer("vi").tick_formatter("year"))
    fig.canvas.draw()
    assert [t.get_text() for t in ax.get_yticklabels()] == ["22,5", "27,5", "32,5"]
    assert all("." not in t.get_text() for t in ax.get_xticklabels())


def test_no_figure_text_is_translated_after_drawing():
    """Charts draw their text from the catalogue; the regex translator is gone (issue 8)."""
    assert not (ROOT / "hpresearch" / "report" / "figures.py").exists()
    assert not [k for k in i18n.catalogue() if k.startswith("fig.")]
    sources = [*ROOT.glob("hpresearch/**/*.py"), *ROOT.glob("notebooks/*.py"),
               *ROOT.glob("benchmarks/*.py")]
    for path in sources:
        text = path.read_text(encoding="utf-8")
        assert not re.search(r"\b(localize|tick_digits)\(|report\.figures|report import[^\n]*figures",
                             text), path
