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
    """Literal catalogue keys used by report code, data-overview plots and notebooks."""
    files = list((ROOT / "hpresearch" / "report").glob("*.py"))
    files += [ROOT / "hpresearch" / "plots" / "data_overview.py", *sorted((ROOT / "notebooks").glob("*.py"))]
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
    assert Localizer("vi").date("2026-11-27") == "27 tháng 11, 2026"


def test_unknown_language_and_key_are_one_line_errors():
    with pytest.raises(UsageError, match="lang: value 'fr'"):
        Localizer("fr")
    with pytest.raises(UsageError, match="no.such.key"):
        i18n.t("no.such.key", "en")


def test_tick_formatter_uses_the_language():
    fmt = Localizer("vi").tick_formatter("percent", 1)
    assert fmt(0.297, 0) == "29,7%"
    assert Localizer("vi").tick_formatter("year")(2025.0, 0) == "2025"


def test_figure_text_is_translated_and_ticks_keep_their_decimals():
    from matplotlib.figure import Figure

    from hpresearch.report.figures import localize, tick_digits, translate

    assert translate("target 40% by 2030", "vi") == "mục tiêu 40% vào năm 2030"
    assert translate("model: MAE 2.57 pp, MAPE 22.3%  naive: MAE 2.56 pp, MAPE 21.3%",
                     "vi").startswith("mô hình: MAE 2,57 điểm %")
    assert translate("median", "en") == "median"
    assert tick_digits([22.5, 25.0, 27.5]) == 1 and tick_digits([20, 25, 30]) == 0
    fig = Figure()
    ax = fig.add_subplot()
    ax.plot([2023, 2030], [22.5, 32.5], label="median")
    ax.set_ylim(22.5, 32.5)
    ax.set_yticks([22.5, 27.5, 32.5])
    ax.set_xlabel("year")
    ax.legend()
    localize(fig, "vi")
    fig.canvas.draw()
    assert ax.get_xlabel() == "Năm"
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["trung vị"]
    assert [t.get_text() for t in ax.get_yticklabels()] == ["22,5", "27,5", "32,5"]
