"""Vietnamese texts of the model: every registry parameter and every shipped scenario has them,
they are real translations (not copies), and custom files without them fall back to English."""
from __future__ import annotations

import textwrap

import pytest
import yaml

from hpresearch.errors import ScenarioError
from hpresearch.parameters.registry import load_registry, param_text, parse_registry
from hpresearch.model.scenario import (list_scenarios, load_scenario,
                                        scenario_text)

REGISTRY = load_registry()
SHIPPED = ("anchor_exit", "breakthrough", "electronics_shock", "plan", "trend")
#: Letters that only occur in Vietnamese text (not in the English registry/scenario texts).
VI_LETTERS = set("ăâđêôơưàảãáạằẳẵắặầẩẫấậèẻẽéẹềểễếệìỉĩíịòỏõóọồổỗốộờởỡớợùủũúụừửữứựỳỷỹýỵ")


def _is_vietnamese(text: str) -> bool:
    return any(ch in VI_LETTERS for ch in text.lower())


@pytest.mark.parametrize("name", sorted(REGISTRY))
def test_every_parameter_has_vietnamese_title_description_and_unit(name):
    spec = REGISTRY[name]
    assert spec.title_vi, f"{name}: title_vi missing"
    assert spec.unit_vi, f"{name}: unit_vi missing"
    if spec.description:
        assert spec.description_vi, f"{name}: description_vi missing"
    for field in ("title", "description", "unit"):
        en, vi = param_text(name, field, "en"), param_text(name, field, "vi")
        assert en == getattr(spec, field)
        assert vi == getattr(spec, f"{field}_vi"), (name, field)  # no silent fallback
        assert vi != en, (name, field)
        assert _is_vietnamese(vi), (name, field, vi)


def test_requested_terminology():
    assert param_text("output_elasticity_core", "title", "vi") == (
        "Hệ số co giãn của giá trị tăng thêm kinh tế số lõi theo vốn")
    assert param_text("fdi_disbursement_ratio", "title", "vi") == "Tỷ lệ giải ngân vốn FDI đăng ký"
    assert param_text("adoption_speed", "title", "vi") == "Tốc độ số hóa cơ bản của các ngành khác"
    assert param_text("real_growth", "title", "vi") == "Tăng trưởng GRDP theo giá so sánh"
    assert param_text("capacity_decay", "unit", "vi") == "tỷ lệ mỗi năm"
    assert param_text("dx_spending_vnd_bn", "unit", "vi") == "tỷ đồng/năm (giá hiện hành)"


def test_param_text_defaults_to_english_title():
    assert param_text("target_year") == "Target year"
    assert REGISTRY["target_year"].text("title", "vi") == "Năm mục tiêu"


@pytest.mark.parametrize("args, fragment", [
    (("fdi_disbursment_ratio", "title", "vi"), "did you mean 'fdi_disbursement_ratio'"),
    (("target_year", "citation", "vi"), "text field not in"),
    (("target_year", "title", "fr"), "language not in"),
])
def test_param_text_rejects_bad_arguments_in_one_line(args, fragment):
    with pytest.raises(ScenarioError) as exc:
        param_text(*args)
    assert fragment in str(exc.value) and "\n" not in str(exc.value)


def test_registry_without_vi_falls_back_and_bad_vi_is_rejected():
    entry = {"title": "T", "description": "D", "unit": "fraction", "kind": "scalar",
             "default": 0.5, "citation": "stated range", "hard": {"min": 0, "max": 1}}
    spec = parse_registry({"x": entry})["x"]
    assert spec.text("title", "vi") == "T" and spec.text("unit", "vi") == "fraction"
    spec = parse_registry({"x": {**entry, "title_vi": "Tiêu đề"}})["x"]
    assert spec.text("title", "vi") == "Tiêu đề" and spec.text("description", "vi") == "D"
    with pytest.raises(ScenarioError, match=r"x\.title_vi.*non-empty string"):
        parse_registry({"x": {**entry, "title_vi": ["a"]}})
    with pytest.raises(ScenarioError, match="unknown keys"):
        parse_registry({"x": {**entry, "title_fr": "T"}})


def test_shipped_scenarios_are_the_five():
    assert tuple(list_scenarios()) == SHIPPED


@pytest.mark.parametrize("name", SHIPPED)
def test_every_shipped_scenario_has_vietnamese_title_and_description(name):
    sc = load_scenario(name)
    for field in ("title", "description"):
        assert isinstance(sc.meta.get(f"{field}_vi"), str) and sc.meta[f"{field}_vi"].strip()
        en, vi = scenario_text(name, field, "en"), scenario_text(sc, field, "vi")
        assert en == " ".join(str(sc.meta[field]).split())
        assert vi == " ".join(sc.meta[f"{field}_vi"].split())
        assert vi != en and _is_vietnamese(vi), (name, field)
        assert sc.text(field, "vi") == vi


@pytest.mark.parametrize("name", SHIPPED)
def test_vietnamese_descriptions_keep_every_number(name):
    """Faithful translation: every figure of the English description appears in the Vietnamese
    one (decimal point written as a comma)."""
    import re

    en, vi = scenario_text(name, "description", "en"), scenario_text(name, "description", "vi")
    for num in re.findall(r"\d+(?:\.\d+)?", en):
        assert num.replace(".", ",") in vi or num in vi, (name, num)


def _custom(tmp_path, extra_meta: str = "", name: str = "mine"):
    p = tmp_path / f"{name}.yaml"
    p.write_text(textwrap.dedent("""\
        meta:
          title: My scenario
          description: >-
            Two   lines of
            description.
          author: a
          reference: [https://example.org]
          modifies: trend
        """) + extra_meta + "params: {real_growth: 0.1}\n", encoding="utf-8")
    return p


def test_custom_scenario_without_vi_falls_back_to_english(tmp_path):
    p = _custom(tmp_path)
    assert scenario_text(p, "title", "vi") == "My scenario"
    assert scenario_text(p, "description", "vi") == "Two lines of description."
    assert load_scenario(p).text("description", "en") == "Two lines of description."


def test_custom_scenario_with_vi_keys(tmp_path):
    p = _custom(tmp_path, "  title_vi: Kịch bản của tôi\n  description_vi: Mô tả.\n")
    assert scenario_text(p, "title", "vi") == "Kịch bản của tôi"
    assert scenario_text(p, "description", "vi") == "Mô tả."
    assert scenario_text(p, "title", "en") == "My scenario"


@pytest.mark.parametrize("extra, fragment", [
    ("  title_fr: Mon scénario\n", "meta.title_fr: value 'title_fr'"),
    ("  titel_vi: x\n", "did you mean 'title_vi'"),
    ("  title_vi: [a, b]\n", "meta.title_vi"),
    ("  description_vi: 12\n", "meta.description_vi"),
    ("  description_vi: ''\n", "non-empty string"),
])
def test_bad_meta_keys_and_values_are_one_line_errors(tmp_path, extra, fragment):
    p = _custom(tmp_path, extra)
    with pytest.raises(ScenarioError) as exc:
        load_scenario(p)
    msg = str(exc.value)
    assert "\n" not in msg and str(p) in msg and fragment in msg, msg


def test_unknown_meta_key_message_unchanged(tmp_path):
    p = _custom(tmp_path, "  modifes: trend\n")
    with pytest.raises(ScenarioError, match="unknown meta key; did you mean 'modifies'"):
        load_scenario(p)


def test_scenario_text_rejects_bad_field_and_language():
    with pytest.raises(ScenarioError, match="text field not in"):
        scenario_text("trend", "author", "vi")
    with pytest.raises(ScenarioError, match="language not in"):
        scenario_text("trend", "title", "de")


def test_composition_titles_in_both_languages():
    sc = load_scenario("plan+electronics_shock")
    assert sc.text("title", "en") == (f"{scenario_text('plan')} + "
                                      f"{scenario_text('electronics_shock')}")
    assert sc.text("title", "vi") == (f"{scenario_text('plan', 'title', 'vi')} + "
                                      f"{scenario_text('electronics_shock', 'title', 'vi')}")
    # description is the last part's, in each language
    assert sc.text("description", "vi") == scenario_text("electronics_shock", "description", "vi")


def test_composition_with_custom_file_falls_back_per_part(tmp_path):
    p = _custom(tmp_path)
    sc = load_scenario(f"plan+{p}")
    assert sc.text("title", "vi") == f"{scenario_text('plan', 'title', 'vi')} + My scenario"


@pytest.mark.filterwarnings("ignore::hpresearch.parameters.registry.ScenarioWarning")
@pytest.mark.parametrize("method", ["deterministic", "probabilistic"])
def test_goalseek_meta_vi_is_a_valid_translation_of_the_written_meta(tmp_path, method):
    """The Vietnamese goal-seek meta carries the same numbers as the English one and, added to
    the document goal-seek writes, still gives a valid scenario."""
    import dataclasses

    from hpresearch.invest.goalseek import goal_seek, scenario_document, scenario_meta
    from hpresearch.calibration.synthetic import synthetic_calibration

    res = goal_seek("plan", target=0.42, year=2030, lever="fdi_digital",
                    calibration=synthetic_calibration(pace_limit=1.0))
    if method == "probabilistic":  # the fields a probabilistic solve fills in
        res = dataclasses.replace(res, method=method, probability=0.8, achieved_probability=0.812,
                                  draws=1000, seed=3, quantile_check=res.value)
    base = load_scenario("plan")
    out = tmp_path / "solved.yaml"
    doc = scenario_document(res, base, out)
    vi = {f"{k}_vi": v for k, v in scenario_meta(res, base, "vi").items()}
    assert set(vi) == {"title_vi", "description_vi"}
    assert vi["title_vi"].startswith(
        "Tìm mục tiêu: Vốn FDI đăng ký vào các ngành công nghiệp số lõi")
    assert "42,00% năm 2030" in vi["title_vi"]
    assert repr(res.value) in doc["meta"]["description"]
    assert f"giữ ở mức {repr(res.value).replace('.', ',')} tỷ USD" in vi["description_vi"]
    assert repr(res.value) not in vi["description_vi"]  # no decimal point (a VN thousands mark)
    assert "tỷ USD/năm (giá hiện hành)" in vi["description_vi"]
    assert "2026-2030" in vi["description_vi"] and res.status in vi["description_vi"]
    assert ("xác suất Monte Carlo" in vi["description_vi"]) == (method == "probabilistic")
    assert ("đạt ít nhất 0,8" in vi["description_vi"]) == (method == "probabilistic")
    doc["meta"].update(vi)
    out.write_text(yaml.safe_dump(doc, sort_keys=False, allow_unicode=True), encoding="utf-8")
    sc = load_scenario(out)
    assert sc.text("title", "vi") == vi["title_vi"]
    assert sc.text("title", "en") == doc["meta"]["title"] != vi["title_vi"]
