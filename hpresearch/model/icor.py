"""ICOR cross-check: the planners' arithmetic, set beside the model (NOT the model).

Vietnamese plans size investment as ``I_t = ICOR x (Y_t - Y_{t-1})`` (equivalently
investment rate = ICOR x growth rate; GSO definition). This table applies it to the GRDP and
digital value-added increments of a projection, for literature ICOR values and for Hai
Phong's own ICOR derived from the panel, and shows the model's core-digital investment next
to it. Easterly (1999) showed the underlying Harrod-Domar "financing gap" model is rejected
by the data, so the table is a familiar cross-check only.

References
----------
Easterly, W. (1999). "The ghost of financing gap: testing the growth model used in the
international financial institutions." *Journal of Development Economics* 60(2), 423-438.
GSO, "Hiệu quả sử dụng vốn đầu tư (ICOR)",
https://vienthongke.vn/tudienthongke/thu-vien-thong-ke/hieu-qua-su-dung-von-dau-tu-icor
"""
from __future__ import annotations

import pandas as pd

#: Literature ICOR values (label -> (value, source)).
LITERATURE_ICOR = {
    "vietnam_2016_2020": (6.11, "https://en.vietnamplus.vn/vietnamese-economy-forecast-to-grow-7-percent/164217.vnp"),
    "vietnam_plan_2021_2025": (6.0, "https://en.vietnamplus.vn/vietnam-strives-to-join-upper-middleincome-countries/165507.vnp"),
    "vietnam_2022": (4.68, "https://beta.dainam.edu.vn/en/news/solutions-to-improve-the-efficiency-of-investment-capital-use-turning-limitations-into-advantages-for-development"),
    "east_asia_takeoff": (3.2, "https://beta.dainam.edu.vn/en/news/solutions-to-improve-the-efficiency-of-investment-capital-use-turning-limitations-into-advantages-for-development"),
}

LABEL = ("ICOR cross-check (planners' arithmetic I = ICOR x dY; not the projection model; "
         "Easterly 1999 rejects it as a growth model)")


def derived_icor(history: pd.DataFrame | None) -> tuple[float, int] | None:
    """Hai Phong ICOR (derived) for the latest year with investment, nominal GRDP and growth.

    ``ICOR = (total_investment / grdp_current) / grdp_growth_real`` (GSO definition, rate form).
    """
    if history is None:
        return None
    cols = ["total_investment_vnd_bn", "grdp_current_vnd_bn", "grdp_growth_real"]
    if not all(c in history for c in cols):
        return None
    h = history[cols].apply(pd.to_numeric, errors="coerce").dropna()
    h = h[h["grdp_growth_real"] > 0]
    if h.empty:
        return None
    y = h.index[-1]
    row = h.loc[y]
    return float(row[cols[0]] / row[cols[1]] / row[cols[2]]), int(y)


def icor_table(projection: pd.DataFrame, history: pd.DataFrame | None = None,
               icors: dict[str, tuple[float, str]] | None = None) -> pd.DataFrame:
    """Required investment by the ICOR rule for each projected year.

    Parameters
    ----------
    projection : DataFrame
        Output of :func:`hpresearch.model.projection`.
    history : DataFrame, optional
        Panel values (``Calibration.history``) for the Hai Phong derived ICOR.
    icors : dict, optional
        ``{label: (icor, source)}``; default :data:`LITERATURE_ICOR`.

    Returns
    -------
    DataFrame
        Long table ``year, icor_label, icor, source, grdp_increment_constant_vnd_bn,
        required_total_investment_vnd_bn, required_total_investment_pct_grdp,
        digital_increment_constant_vnd_bn, required_digital_investment_vnd_bn,
        model_core_investment_vnd_bn`` (money at current prices); ``attrs['label']`` says it
        is a cross-check.
    """
    table = dict(icors or LITERATURE_ICOR)
    d = derived_icor(history)
    if d is not None:
        table[f"hai_phong_{d[1]}_derived"] = (d[0], "derived: total investment / GRDP (current) "
                                               "/ real growth, data panel")
    p = projection
    dY = p["grdp_constant_vnd_bn"].diff()
    dD = p["digital_va_constant_vnd_bn"].diff()
    defl = p["deflator"]
    rows = []
    for year in p.index[1:]:
        for label, (icor, src) in table.items():
            req = icor * dY[year] * defl[year]
            rows.append({
                "year": int(year), "icor_label": label, "icor": icor, "source": src,
                "grdp_increment_constant_vnd_bn": dY[year],
                "required_total_investment_vnd_bn": req,
                "required_total_investment_pct_grdp": req / p.loc[year, "grdp_current_vnd_bn"],
                "digital_increment_constant_vnd_bn": dD[year],
                "required_digital_investment_vnd_bn": icor * dD[year] * defl[year],
                "model_core_investment_vnd_bn": p.loc[year, "core_investment_constant_vnd_bn"]
                * defl[year],
            })
    out = pd.DataFrame(rows)
    out.attrs["label"] = LABEL
    out.attrs.update({k: p.attrs.get(k) for k in ("scenario", "boundary", "basis")})
    return out


def icor_summary(table: pd.DataFrame) -> pd.DataFrame:
    """Mean annual required investment per ICOR over the projected years (wide, for the CLI)."""
    g = table.groupby(["icor_label", "icor"], sort=False)
    out = g[["required_total_investment_vnd_bn", "required_total_investment_pct_grdp",
             "required_digital_investment_vnd_bn", "model_core_investment_vnd_bn"]].mean()
    out.attrs["label"] = table.attrs.get("label", LABEL)
    return out.reset_index()


__all__ = ["icor_table", "icor_summary", "derived_icor", "LITERATURE_ICOR", "LABEL"]
