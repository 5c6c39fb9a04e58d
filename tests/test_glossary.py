"""The Vietnamese glossary (issue 20) holds for every Vietnamese text the package ships.

Texts checked: the ``vi`` side of every catalogue key (hpresearch/locales/messages.yaml), the
``*_vi`` fields of parameters.yaml, and ``title_vi``/``description_vi`` of the shipped scenarios.
Rules (hpresearch/locales/glossary.yaml): no banned variant of a concept, each concept under one
name, every abbreviation either spelled out where the reader first meets it or listed as a unit /
proper name, and no library or method name outside the technical appendix. The rendered-report
check uses the same scanner (tests/report_text.py: ``english_leaks``).
"""
from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from hpresearch.i18n import catalogue, glossary
from report_text import banned_names_in, english_leaks, variants_in

ROOT = Path(__file__).resolve().parents[1]
PARAMETERS = ROOT / "hpresearch" / "parameters" / "parameters.yaml"
SCENARIOS = sorted((ROOT / "hpresearch" / "scenarios").glob("*.yaml"))
#: Upper-case tokens (two letters or more, "&" allowed: "TT&TT") in Vietnamese text.
PLACEHOLDER = re.compile(r"\{\w+\}")
ABBREVIATION = re.compile(r"(?<![\w{&])[A-ZĐ][A-ZĐ&]*[A-ZĐ](?![\w}&])")


def _vi_fields(node, where: str):
    """Yield ``(where, text)`` for every ``*_vi`` string under a parsed YAML node."""
    if isinstance(node, dict):
        for key, value in node.items():
            here = f"{where}.{key}"
            if isinstance(key, str) and key.endswith("_vi") and isinstance(value, str):
                yield here, value
            else:
                yield from _vi_fields(value, here)
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from _vi_fields(value, f"{where}[{i}]")


def _load(path: Path):
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def catalogue_texts() -> dict[str, str]:
    """Vietnamese catalogue texts, ``{placeholders}`` blanked (``{seed}`` is not the word)."""
    return {f"messages.yaml:{key}": PLACEHOLDER.sub(" ", entry["vi"])
            for key, entry in catalogue().items()}


def parameter_texts() -> dict[str, str]:
    return dict(_vi_fields(_load(PARAMETERS), "parameters.yaml"))


def scenario_texts() -> dict[str, str]:
    texts: dict[str, str] = {}
    for path in SCENARIOS:
        texts.update(_vi_fields(_load(path), path.name))
    return texts


def all_texts() -> dict[str, str]:
    return {**catalogue_texts(), **parameter_texts(), **scenario_texts()}


def main_texts() -> dict[str, str]:
    """Vietnamese texts a reader sees in the main text of a report: catalogue keys outside the
    appendix, parameter titles and units (drivers, tornado, explorer), scenario titles and
    descriptions. Parameter descriptions carry formulas and parameter keys on purpose: they are
    shown in the technical appendix's parameter table."""
    appendix = tuple(glossary()["appendix_keys"])
    texts = {where: text for where, text in catalogue_texts().items()
             if not where.split(":", 1)[1].startswith(appendix)}
    texts.update({where: text for where, text in parameter_texts().items()
                  if not where.endswith(".description_vi")})
    texts.update(scenario_texts())
    return texts


def test_texts_are_collected():
    texts = all_texts()
    assert len(texts) > len(catalogue())
    assert sum(w.endswith("description_vi") for w in parameter_texts()) >= 30
    assert {w.split(".")[0] for w in scenario_texts()} == {p.name.split(".")[0] for p in SCENARIOS}


def test_no_vietnamese_text_uses_a_banned_variant():
    hits = {where: variants_in(text) for where, text in all_texts().items()}
    assert {w: h for w, h in hits.items() if h} == {}


def test_each_concept_goes_by_one_name():
    """Across all texts, every concept is named only by its glossary term (the variants that
    would be a second name are what ``banned`` lists; a hit is reported per concept)."""
    names: dict[str, set[str]] = {}
    for text in all_texts().values():
        for concept, match in variants_in(text):
            names.setdefault(concept, set()).add(match.lower())
    assert names == {}


def test_main_text_names_no_library_or_method():
    hits = {where: banned_names_in(text) for where, text in main_texts().items()}
    assert {w: h for w, h in hits.items() if h} == {}


def test_every_abbreviation_is_spelled_out_or_allowed():
    known = set(glossary()["abbreviations"]) | set(glossary()["allowed_abbreviations"])
    unknown = {}
    for where, text in main_texts().items():
        tokens = set(ABBREVIATION.findall(text)) - known - set(glossary()["banned_names"])
        if tokens:
            unknown[where] = sorted(tokens)
    assert unknown == {}


@pytest.mark.parametrize("abbr", sorted(glossary()["abbreviations"]))
def test_abbreviation_is_spelled_out_where_the_reader_first_meets_it(abbr):
    entry = glossary()["abbreviations"][abbr]
    full = entry["full"]
    assert abbr in full
    if entry["first_use"]:
        for key in entry["first_use"]:
            assert full in catalogue()[key]["vi"], (abbr, key)
    else:  # a rare abbreviation: each text that uses it spells it out itself
        for where, text in all_texts().items():
            if re.search(rf"(?<!\w){re.escape(abbr)}(?!\w)", text):
                assert full in text, (abbr, where)


def test_no_title_repeats_itself_across_its_dash():
    """"Kế hoạch - kế hoạch tăng trưởng ...": the words before " - " must not open what follows."""
    stutter = re.compile(r"(?<!\w)(\w+(?: \w+){0,2}) - \1(?!\w)", re.IGNORECASE)
    assert stutter.search("Kế hoạch - kế hoạch tăng trưởng")
    hits = {where: m.group(0) for where, text in all_texts().items()
            if (m := stutter.search(text))}
    assert hits == {}


def test_glossary_terms_are_not_their_own_banned_variants():
    for concept, entry in glossary()["concepts"].items():
        assert entry["vi"] and entry["banned"], concept
        assert not variants_in(entry["vi"]), concept


@pytest.mark.parametrize("text, expected", [
    ("Tăng trưởng GRDP thực tế năm 2024", {("real_growth", "GRDP thực tế")}),
    ("Tỷ trọng KTS của Hải Phòng mới", {("digital_economy", "KTS"),
                                         ("merged_city", "Hải Phòng mới")}),
    ("Địa bàn: Hà Nội; địa giới: Hải Phòng", {("geography", "Địa bàn"),
                                               ("boundary", "địa giới")}),
    ("tổng sản phẩm trên địa bàn (GRDP), địa giới hành chính", set()),
    ("vốn đăng ký thực tế; GRDP theo giá so sánh 2010", set()),
    ("GRDP giá 2010; tỷ lệ (phần của 1)", {("constant_prices", "giá 2010"),
                                            ("share_unit", "phần của 1")}),
])
def test_the_variant_check_can_fail(text, expected):
    assert set(variants_in(text)) == expected


def test_the_rendered_report_check_includes_the_glossary():
    text = "Dùng scipy và seed = 3; MAE 0,5; tăng trưởng GRDP thực tế; cú sốc điện tử"
    assert {"scipy", "seed", "MAE", "GRDP thực tế", "cú sốc điện tử"} <= set(english_leaks(text))
    assert english_leaks("Tăng trưởng GRDP theo giá so sánh và sai số tuyệt đối trung bình") == []


def test_english_counts_read_right():
    from hpresearch.calibration.fits import _count

    assert [_count(n, "province", "provinces") for n in (0, 1, 3)] == [
        "no province", "1 province", "3 provinces"]


@pytest.mark.parametrize("boundary", ["merged", "pre_merger"])
def test_what_the_data_cannot_tell_is_listed_for_the_reader(boundary):
    """Notebook 01 promises a list; every item has a sentence in both languages, and the
    Vietnamese one follows the glossary (issue 20)."""
    from hpresearch.calibration.fits import calibration_report
    from hpresearch.i18n import Localizer

    report = calibration_report(boundary=boundary)
    kinds = [kind for kind, _ in report.gaps]
    assert kinds[0] == "growth_phi" and ("merged_history" in kinds) == (boundary == "merged")
    assert len(kinds) >= 4
    for lang in ("vi", "en"):
        L = Localizer(lang)
        for kind, values in report.gaps:
            text = L(f"gap.{kind}", **{k: L.number(v, 2) if isinstance(v, float) else v
                                       for k, v in values.items()})
            if lang == "vi":
                assert variants_in(text) == [] and banned_names_in(text) == [], text
    notes = " ".join(report.not_identified)
    assert "(s)" not in notes and "()" not in notes and not re.search(r"(?<![\d.])0 \w", notes)
    assert not re.search(r"(?<![\d.])1 (province|annual growth rate|electronics VA point|"
                         r"annual FDI point)s", notes)
