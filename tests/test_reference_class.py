"""The outside view: recorded changes of digital shares, the derived pace limit, P(target)."""
from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

from hpresearch.calibration.reference_class import (left_out, outside_view_probability,
                                                    pace_limit, pace_limit_of, reference_class,
                                                    share_changes, summarise)
from hpresearch.cli import main
from hpresearch.errors import UsageError


def _row(geo, basis, year, value, url, published, period_type="annual", qualifier=""):
    return {"indicator": "de_share", "geography": geo, "basis": basis, "year": year,
            "period": str(year), "value": value, "period_type": period_type,
            "qualifier": qualifier, "published": published, "source_url": url,
            "publisher": url.split("//")[1], "obs_id": f"{geo}-{basis}-{year}-{url[-2:]}"}


def synthetic():
    """``aa`` (gso): 10.0% (2020) and 11.0% (2021) in one release, 2021 revised to 11.5% and
    2023 = 14.0% in a later one; ``bb`` (mic): 20% -> 19% in one report; a period figure, a
    lower bound and a single point that give no change."""
    return pd.DataFrame([
        _row("aa", "gso", 2020, 10.0, "https://u1", "2021-02-01"),
        _row("aa", "gso", 2021, 11.0, "https://u1", "2021-02-01"),
        _row("aa", "gso", 2021, 11.5, "https://u2", "2024-01-01"),
        _row("aa", "gso", 2023, 14.0, "https://u2", "2024-01-01"),
        _row("bb", "mic", 2022, 20.0, "https://u3", "2023-06-01"),
        _row("bb", "mic", 2023, 19.0, "https://u3", "2024-06-01"),
        _row("aa", "gso", 2023, 12.0, "https://u4", "2024-02-01", period_type="multi_year"),
        _row("bb", "mic", 2024, 25.0, "https://u3", "2025-01-01", qualifier="gt"),
        _row("cc", "other", 2023, 5.0, "https://u5", "2024-01-01"),
    ])


# --------------------------------------------------------------------------------------
# the changes, by hand
# --------------------------------------------------------------------------------------
def test_changes_of_a_synthetic_frame_by_hand():
    c = share_changes(synthetic())
    assert list(zip(c["geography"], c["from_year"], c["to_year"])) == [
        ("aa", 2020, 2021), ("aa", 2021, 2023), ("bb", 2022, 2023)]
    # 2021 is the later release's 11.5%; 10.0% -> 11.5% joins two releases
    assert c.loc[0, "from_value"] == pytest.approx(0.10) and c.loc[0, "to_value"] == 0.115
    assert c.loc[0, "change"] == pytest.approx(0.015) and not c.loc[0, "same_source"]
    assert c.loc[0, "source"] == "u1 / u2"
    # a gap of two years is annualised: (14.0 - 11.5) / 2 = 1.25 pp a year, one release
    assert c.loc[1, "change"] == pytest.approx(0.0125) and c.loc[1, "same_source"]
    assert (c.loc[1, "from_obs_id"], c.loc[1, "to_obs_id"]) == ("aa-gso-2021-u2", "aa-gso-2023-u2")
    assert c.loc[2, "change"] == pytest.approx(-0.01) and c.loc[2, "same_source"]
    # the period figure (12.0), the lower bound (> 25%) and the single point are not changes
    assert not {0.12, 0.25, 0.05} & (set(c["to_value"]) | set(c["from_value"]))
    notes = left_out(synthetic())
    assert notes[0].startswith("1 period figures") and "aa 2023 (gso)" in notes[0]
    assert "cc (other)" in notes[1]


def test_reference_class_summary_and_quantile_rule():
    c = share_changes(synthetic())
    assert list(reference_class(c)["change"]) == pytest.approx([0.0125, -0.01])
    s = summarise(c)
    assert (s["n"], s["geographies"], s["years"]) == (2, 2, (2021, 2023))
    assert s["mean"] == pytest.approx((0.0125 - 0.01) / 2)
    assert s["fastest"]["geography"] == "aa" and s["fastest"]["to_year"] == 2023
    cross = s["cross_source"]
    assert cross["n"] == 1 and cross["fastest"]["change"] == pytest.approx(0.015)
    fastest = pace_limit_of(c, 1.0)
    assert fastest.value == pytest.approx(0.0125) and fastest.n == 2
    assert fastest.source.startswith("derived: the fastest of 2 recorded same-source")
    assert "aa-gso-2021-u2" in fastest.source
    assert "1 change joining two publications" in fastest.source
    # numpy's linear median of two values is their midpoint
    assert pace_limit_of(c, 0.5).value == pytest.approx((0.0125 - 0.01) / 2)
    with pytest.raises(UsageError, match="share_pace_limit_quantile"):
        pace_limit_of(c, 1.5)
    assert pace_limit_of(c[~c["same_source"]]) is None


# --------------------------------------------------------------------------------------
# P(target) under the reference class, by hand
# --------------------------------------------------------------------------------------
def test_outside_view_probability_by_hand():
    c = share_changes(synthetic())
    # 20% (2025) -> 25% (2030) needs 1 pp a year: of 1.25 and -1.0, one is as fast
    v = outside_view_probability(0.20, 2025, 0.25, 2030, c)
    assert v.required_pace == pytest.approx(0.01) and (v.hits, v.n) == (1, 2)
    assert v.probability == 0.5 and v.geographies == 2
    assert v.basis == ("1 of 2 recorded annual changes in digital-economy shares (2 geographies) "
                       "were as fast as the 1.00 pp a year the target needs")
    # exactly the fastest pace counts as as fast; 2 pp a year, nothing does
    assert outside_view_probability(0.20, 2025, 0.20 + 5 * 0.0125, 2030, c).hits == 1
    assert outside_view_probability(0.20, 2025, 0.30, 2030, c).probability == 0.0
    vi = outside_view_probability(0.20, 2025, 0.25, 2030, c, lang="vi")
    assert vi.basis.startswith("1 trong số 2") and "1,00 điểm phần trăm" in vi.basis
    t = v.table()
    assert list(t["in_class"]) == [False, True, True]
    assert list(t["as_fast"]) == [False, True, False]
    json.dumps(v.to_dict(), allow_nan=False)


@pytest.mark.parametrize("kwargs, where", [
    ({"target_year": 2025}, "target_year"), ({"target": 1.5}, "target"),
    ({"base_share": -0.1}, "base_share")])
def test_outside_view_refuses_bad_input_in_one_line(kwargs, where):
    args = {"base_share": 0.2, "base_year": 2025, "target": 0.3, "target_year": 2030,
            "changes": share_changes(synthetic()), **kwargs}
    with pytest.raises(UsageError) as err:
        outside_view_probability(**args)
    assert where in str(err.value) and "\n" not in str(err.value)


# --------------------------------------------------------------------------------------
# the shipped data
# --------------------------------------------------------------------------------------
#: Viet Nam's MIC estimate 11.91% (2021) -> 14.26% (2022), both printed by vietnamhoinhap.vn.
SHIPPED_FASTEST = (14.26 - 11.91) / 100


def test_pace_limit_on_the_shipped_data_by_hand():
    c = share_changes()
    gso = c.set_index(["geography", "basis", "to_year"]).loc[("vietnam", "gso", 2025)]
    # GSO 2024 13.17% (baomoi 2025-01-06) -> 2025 14.02% (vneconomy 2026-01-06): two releases
    assert gso["change"] == pytest.approx((14.02 - 13.17) / 100, abs=1e-12)
    assert not gso["same_source"]
    limit = pace_limit()
    assert limit.value == pytest.approx(SHIPPED_FASTEST, abs=1e-12) and limit.quantile == 1.0
    assert limit.fastest["from_obs_id"] == "vn-de_share-2021-vnhoinhap"
    assert (reference_class(c)["change"] <= limit.value + 1e-15).all()
    from hpresearch.calibration import calibrate

    cal = calibrate("merged", "gso")
    assert cal.pace_limit == limit.value and cal.notes["pace_limit"] == limit.source


def test_registry_declares_the_rule_and_types_no_limit():
    from hpresearch.parameters.registry import load_registry

    reg = load_registry()
    assert reg["share_pace_limit"].stated is None
    assert reg["share_pace_limit"].calibrated == "recorded_pace_limit"
    q = reg["share_pace_limit_quantile"]
    assert q.plausible[0] <= q.default <= q.plausible[1] and "stated range" in q.citation
    assert "quantile" in q.description and q.description_vi


def test_an_origin_does_not_see_rows_published_later():
    """At origin 2022 (published by 2023-03-31) Da Nang's 2022 MIC figure is the city's
    17.00% (baodautu.vn, 2023-01-12), printed with 2021's 12.70%; the MIC report's 19.76%
    (2023-09) is not yet known. Today's class does not hold that pair."""
    from hpresearch.calibration.information import at_origin, national_at
    from hpresearch.calibration.rules import recorded_pace_limit
    from hpresearch.data import load_observations

    obs = load_observations()
    nat = national_at(obs, 2022)
    known = nat["share_changes"].set_index(["geography", "basis", "to_year"])
    assert known.loc[("da_nang", "mic", 2022), "change"] == pytest.approx((17.00 - 12.70) / 100)
    assert known.loc[("da_nang", "mic", 2022), "same_source"]
    assert ("vietnam", "mic", 2022) not in known.index  # published 2023-09
    est = recorded_pace_limit(at_origin(obs, "vietnam", 2022, national=nat), None)
    assert est.value == pytest.approx((17.00 - 12.70) / 100, abs=1e-12)
    assert "da_nang" in est.source
    today = share_changes(obs).set_index(["geography", "basis", "to_year"])
    assert today.loc[("da_nang", "mic", 2022), "to_value"] == pytest.approx(0.1976)
    # the synthetic frame: 2023's row (published 2024-01-01) is unknown at origin 2022
    early = national_at(synthetic(), 2022)["share_changes"]
    assert list(early["to_year"]) == [2021] and early["change"].iloc[0] == pytest.approx(0.01)
    assert np.isnan(recorded_pace_limit(at_origin(synthetic(), "aa", 2020), None).value)


# --------------------------------------------------------------------------------------
# the command line
# --------------------------------------------------------------------------------------
def _run(capsys, *args):
    code = main(["outside-view", *args])
    out = capsys.readouterr()
    return code, out.out, out.err


def _expected(target: float) -> tuple[int, int, float]:
    """Hits, n and the required pace from the merged base share: the pace by hand, the
    class from :func:`share_changes` (checked by hand above; it grows with the data)."""
    from hpresearch.calibration import calibrate

    cal = calibrate("merged", "gso")
    pace = (target - cal.de_share) / (2030 - cal.year)
    changes = reference_class(share_changes())["change"]
    return int((changes >= pace - 1e-12).sum()), len(changes), pace


def test_cli_text_and_json(capsys):
    code, out, err = _run(capsys, "--target", "0.35")
    hits, n, pace = _expected(0.35)
    assert code == 0 and not err
    assert "vietnam (mic) 2021-2022 11.91% -> 14.26%" in out
    assert "Pace limit (share_pace_limit) derived from the data: 2.35 pp a year" in out
    assert f"= {100 * pace:.2f} pp a year" in out
    assert f"P(target) under the reference class: {hits / n:.2f} ({hits} of {n}" in out
    code, out, _ = _run(capsys, "--format", "json")
    d = json.loads(out)
    assert code == 0 and d["target"] == 0.35 and d["n"] == n and d["hits"] == hits
    assert d["probability"] == pytest.approx(hits / n)
    assert d["pace_limit"]["value"] == pytest.approx(SHIPPED_FASTEST, abs=1e-12)
    assert d["target_source"].startswith("hpm-de_share_target-2030")
    rc = d["reference_class"]
    assert len(d["changes"]) == rc["n"] + rc["cross_source"]["n"]
    code, out, _ = _run(capsys, "--lang", "vi")
    assert code == 0 and "Giới hạn tốc độ tăng" in out
    assert "2,35 điểm phần trăm" in out


@pytest.mark.parametrize("args, flag", [(["--year", "2020"], "--year"),
                                        (["--target", "1.5"], "--target"),
                                        (["--year", "2027"], "--year")])
def test_cli_bad_argument_is_one_line_exit_2(capsys, args, flag):
    code, out, err = _run(capsys, *args)
    assert code == 2 and not out and err.count("\n") == 1 and err.startswith(f"error: {flag}")
