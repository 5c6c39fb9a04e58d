"""Controlled vocabulary of the observation files.

Everything a cell of ``data/observations/*.csv`` may contain is listed here once: the
columns, the indicators (with their allowed units and a description), the geographies
(with the boundary each belongs to and, for merged provinces, their members), the
measurement bases, units, period types, qualifiers and confidence levels.

The loader's row checks (:mod:`hpresearch.data.load`) read these tables and the
Frictionless ``data/datapackage.json`` is generated from them (:mod:`hpresearch.data.schema`),
so the two cannot drift apart (``tests/test_data_load.py`` checks the descriptor is current).
"""
from __future__ import annotations

from dataclasses import dataclass, field

#: Columns of every observation file, in file order.
COLUMNS: tuple[str, ...] = (
    "obs_id",
    "indicator",
    "geography",
    "period",
    "year",
    "period_type",
    "value",
    "qualifier",
    "unit",
    "basis",
    "price_basis",
    "source_url",
    "publisher",
    "published",
    "quote",
    "quote_kind",
    "note_en",
    "confidence",
)

#: Short description of each column (used by the datapackage and docs).
COLUMN_DESCRIPTIONS: dict[str, str] = {
    "obs_id": "Unique id of the observation, e.g. 'hp-grdp_growth_real-2019-thongkehaiphong'.",
    "indicator": "Controlled indicator name (see INDICATORS).",
    "geography": "Controlled geography code (see GEOGRAPHIES).",
    "period": "Period as published: '2019', '2018-H1', '2018-9M', '2017-10' (as of month), "
    "'2021-2025' (multi-year).",
    "year": "Integer year in which the period ends.",
    "period_type": "annual, partial_year, multi_year, cumulative, as_of or forecast.",
    "value": "Number in `unit`, as published (shares in percent, e.g. 29.7).",
    "qualifier": "Empty (exact), approx, gt (>), gte (>=), lt (<), lte (<=), range_low, range_high.",
    "unit": "Controlled unit (see UNITS).",
    "basis": "Measurement basis: gso, mic, city or other.",
    "price_basis": "current, constant_2010 or none.",
    "source_url": "Address of the page that publishes the figure (never empty).",
    "publisher": "Who published the page (outlet or agency; the statistics office quoted is "
    "named in note_en).",
    "published": "Publication date (ISO YYYY-MM-DD or YYYY-MM) when known, else empty.",
    "quote": "Original wording (Vietnamese where the source is Vietnamese): the sentence, "
    "or the table caption and cell reference, in which the figure appears on the page.",
    "quote_kind": "What `quote` is, so a reader knows what to look for on the page: sentence "
    "(the figure's sentence), table_cell (caption and cell of a table), chart (a chart's title "
    "and data label) or paraphrase (the page states the figure in other words; the quote is "
    "the nearest wording). Empty only while a row has no quote.",
    "note_en": "English note or translation.",
    "confidence": "high (official source), medium (major outlet quoting officials), low "
    "(secondary).",
}

#: Units: code -> description.
UNITS: dict[str, str] = {
    "percent": "percent (share of a total, growth rate or target as published)",
    "percent_per_year": "percent per year (average annual growth over a multi-year period)",
    "vnd_bn": "VND billion (tỷ đồng)",
    "vnd_mn": "VND million (triệu đồng)",
    "usd": "US dollars",
    "usd_mn": "USD million",
    "usd_bn": "USD billion",
    "vnd_per_usd": "Vietnamese dong per US dollar",
    "persons": "persons",
    "thousand_persons": "thousand persons",
    "million_persons": "million persons",
    "count": "count (firms, projects, tasks, stations, records, ...)",
    "ratio": "dimensionless ratio",
    "index": "index number",
    "per_1000_persons": "per 1,000 inhabitants",
    "million_units_per_month": "million units of output per month (a plant's capacity)",
}

#: Units whose value is a share of a whole (must lie within 0..100).
SHARE_UNITS: frozenset[str] = frozenset({"percent"})

#: Measurement bases: code -> description.
BASES: dict[str, str] = {
    "gso": "Official statistics (General Statistics Office / provincial statistics offices; "
    "GSO digital-economy compilation official since 29/12/2023).",
    "mic": "Ministry of Information and Communications / PTIT estimates (Annual Digital "
    "Economy Report; econometric, systematically higher than GSO).",
    "city": "City or provincial government documents (resolutions, plans, strategies, "
    "targets).",
    "other": "Other publishers: IMF, MoIT, central-government or party targets, firms, "
    "policy estimates.",
}

#: Price bases.
PRICE_BASES: dict[str, str] = {
    "current": "current prices (giá hiện hành)",
    "constant_2010": "constant 2010 prices (giá so sánh 2010)",
    "none": "not a money value, or price basis not applicable",
}

#: Period types.
PERIOD_TYPES: dict[str, str] = {
    "annual": "a full calendar year (or a target for that year)",
    "partial_year": "part of a year (H1, 6M, 9M, 11M, ...)",
    "multi_year": "a multi-year period such as 2021-2025 (average or period value)",
    "cumulative": "a total accumulated over a multi-year period or up to a date",
    "as_of": "a stock at a date (e.g. mid-2024)",
    "forecast": "a forecast for the year, not an outcome",
}

#: Qualifiers.
QUALIFIERS: dict[str, str] = {
    "": "exact value as published",
    "approx": "approximately (khoảng, gần, ~, ước)",
    "gt": "more than (hơn, trên, >)",
    "gte": "at least (tối thiểu, >=)",
    "lt": "less than (dưới, <)",
    "lte": "at most (<=)",
    "range_low": "lower end of a published range",
    "range_high": "upper end of a published range",
}

#: Confidence levels, best first.
CONFIDENCE: tuple[str, ...] = ("high", "medium", "low")

#: What a row's ``quote`` is (see COLUMN_DESCRIPTIONS["quote_kind"]).
QUOTE_KINDS: dict[str, str] = {
    "sentence": "the sentence of the page that states the figure, in its original language",
    "table_cell": "the caption of the table and the row/column of the cell holding the figure",
    "chart": "the title of the chart and the data label holding the figure",
    "paraphrase": "the page states the figure in other words; the quote is the nearest wording",
}

#: Allowed year span of observations.
YEAR_MIN, YEAR_MAX = 1990, 2050


@dataclass(frozen=True)
class Indicator:
    """One controlled indicator.

    Attributes
    ----------
    name : str
        Code used in the ``indicator`` column.
    units : tuple of str
        Units allowed for this indicator (first is the usual one).
    description : str
        What is measured.
    price_basis : tuple of str
        Allowed ``price_basis`` values.
    """

    name: str
    units: tuple[str, ...]
    description: str
    price_basis: tuple[str, ...] = ("none",)


def _ind(name, units, description, price_basis=("none",)):
    if isinstance(units, str):
        units = (units,)
    if isinstance(price_basis, str):
        price_basis = (price_basis,)
    return Indicator(name, tuple(units), description, tuple(price_basis))


_MONEY_CUR = ("current",)
_INDICATOR_LIST = [
    # --- output ---------------------------------------------------------------------------
    _ind("grdp_current", ("vnd_bn", "usd_bn", "usd_mn"),
         "GRDP (GDP for vietnam) at current prices", _MONEY_CUR),
    _ind("grdp_constant_2010", "vnd_bn", "GRDP at constant 2010 prices", ("constant_2010",)),
    _ind("grdp_growth_real", ("percent", "percent_per_year"),
         "Real GRDP (GDP) growth, year on year at constant 2010 prices; multi-year rows are "
         "average annual growth"),
    _ind("grdp_growth_target", ("percent", "percent_per_year"), "Target real GRDP growth"),
    _ind("grdp_per_capita", ("usd", "vnd_mn"), "GRDP (GDP) per capita at current prices",
         _MONEY_CUR),
    _ind("grdp_per_capita_target", ("usd",), "Target GRDP (GDP) per capita", _MONEY_CUR),
    _ind("va_growth_agriculture", "percent", "Real value-added growth, agriculture-forestry-fishery"),
    _ind("va_growth_industry_construction", "percent", "Real value-added growth, industry and construction"),
    _ind("va_growth_services", "percent", "Real value-added growth, services"),
    _ind("va_growth_product_taxes", "percent", "Real growth, product taxes less subsidies"),
    _ind("industry_va_growth", "percent", "Real value-added growth, industry (excl. construction)"),
    _ind("manufacturing_va_growth", "percent", "Real value-added growth, manufacturing"),
    _ind("structure_agriculture", "percent", "Share of agriculture-forestry-fishery in GRDP (current prices)"),
    _ind("structure_industry_construction", "percent", "Share of industry and construction in GRDP"),
    _ind("structure_services", "percent", "Share of services in GRDP"),
    _ind("structure_product_taxes", "percent", "Share of product taxes less subsidies in GRDP"),
    _ind("industry_share", "percent", "Share of industry (excl. construction, or 'industrial sector') in GRDP"),
    _ind("manufacturing_share", "percent", "Share of manufacturing in GRDP"),
    _ind("key_industries_share", "percent", "Share of the city's three key industry groups in GRDP"),
    # --- digital economy --------------------------------------------------------------------
    _ind("de_share", "percent",
         "Digital-economy value added as a share of GRDP (GDP); basis says GSO or MIC"),
    _ind("de_core_share", "percent", "Core (ICT) digital economy as a share of GDP/GRDP"),
    _ind("de_digitalised_share", "percent",
         "Digitalisation of other sectors (sectoral DE) as a share of GDP/GRDP"),
    _ind("de_core_fraction", "percent", "Core (ICT) DE as a share of total DE value added"),
    _ind("de_digitalised_fraction", "percent", "Digitalised-sector DE as a share of total DE value added"),
    _ind("de_share_agriculture", "percent", "DE value added in agriculture as a share of GDP"),
    _ind("de_share_industry_construction", "percent", "DE value added in industry-construction as a share of GDP"),
    _ind("de_share_services", "percent", "DE value added in services as a share of GDP"),
    _ind("de_value_added", ("usd_bn", "vnd_bn"), "Digital-economy value added", _MONEY_CUR),
    _ind("de_core_value_added", ("usd_bn", "vnd_bn"), "Core DE value added", _MONEY_CUR),
    _ind("de_digitalised_value_added", ("usd_bn", "vnd_bn"), "Digitalised-sector DE value added", _MONEY_CUR),
    _ind("de_va_growth_nominal", ("percent", "percent_per_year"), "Nominal growth of DE value added"),
    _ind("de_va_growth_real", ("percent", "percent_per_year"), "Real growth of DE value added"),
    _ind("de_share_target", "percent", "Target DE share of GRDP (GDP)"),
    _ind("de_sector_share_target", "percent", "Target minimum DE share within each sector"),
    _ind("ecommerce_retail_share_target", "percent", "Target e-commerce share of retail sales"),
    _ind("de_provinces_above_20", "count", "Number of provinces with DE share above 20%"),
    _ind("de_provinces_10_20", "count", "Number of provinces with DE share 10-20%"),
    _ind("de_provinces_5_10", "count", "Number of provinces with DE share 5-10%"),
    _ind("de_provinces_below_5", "count", "Number of provinces with DE share below 5%"),
    _ind("electronics_va", "vnd_bn",
         "Value added of manufacture of electronics, computers and optical products", _MONEY_CUR),
    _ind("electronics_va_growth", ("percent", "percent_per_year"),
         "Growth of electronics/computers/optical value added"),
    _ind("electronics_employment", "persons", "Workers in electronics/computers/optical manufacturing"),
    # --- investment, FDI, budget ------------------------------------------------------------
    _ind("total_investment", "vnd_bn", "Total social development investment (vốn đầu tư phát triển toàn xã hội)", _MONEY_CUR),
    _ind("total_investment_growth", "percent", "Growth of total social investment"),
    _ind("total_investment_target", "vnd_bn", "Planned total social investment", _MONEY_CUR),
    _ind("total_investment_state", "vnd_bn",
         "State-sector part of total social investment (vốn khu vực nhà nước)", _MONEY_CUR),
    _ind("total_investment_nonstate", "vnd_bn",
         "Non-state domestic part of total social investment (vốn ngoài nhà nước)", _MONEY_CUR),
    _ind("total_investment_fdi_sector", "vnd_bn",
         "FDI-sector part of total social investment (vốn khu vực có vốn đầu tư trực tiếp "
         "nước ngoài): realised FDI measured in VND", _MONEY_CUR),
    _ind("state_investment_share", "percent", "State capital share of total social investment"),
    _ind("state_investment_growth", "percent", "Growth of state capital investment"),
    _ind("nonstate_investment_growth", "percent", "Growth of non-state investment"),
    _ind("public_investment", "vnd_bn", "Public development-investment spending from the city budget", _MONEY_CUR),
    _ind("public_investment_plan", "vnd_bn", "Planned public-investment disbursement", _MONEY_CUR),
    _ind("budget_spending", "vnd_bn", "Total city budget spending", _MONEY_CUR),
    _ind("budget_spending_recurrent", "vnd_bn", "Recurrent city budget spending", _MONEY_CUR),
    _ind("fdi_registered", ("usd_bn", "usd_mn"), "FDI attracted: registered capital, new plus additional", _MONEY_CUR),
    _ind("fdi_registered_growth", "percent", "Growth of registered FDI"),
    _ind("fdi_disbursed", ("usd_bn", "usd_mn"), "FDI implemented (disbursed) capital", _MONEY_CUR),
    _ind("fdi_target", ("usd_bn",), "Planned FDI attraction", _MONEY_CUR),
    _ind("fdi_registered_zones", ("usd_bn", "usd_mn"),
         "FDI registered in industrial parks and economic zones only (Economic Zone Authority "
         "figures; a part of fdi_registered)", _MONEY_CUR),
    _ind("fdi_target_zones", ("usd_bn",),
         "Planned FDI into industrial parks and economic zones (Economic Zone Authority)",
         _MONEY_CUR),
    _ind("fdi_projects", "count", "Number of FDI projects (new, adjusted or cumulative, see note)"),
    _ind("fdi_new_capital", ("usd_bn", "usd_mn"), "Registered FDI capital of new projects", _MONEY_CUR),
    _ind("fdi_adjusted_capital", ("usd_bn", "usd_mn"), "Additional FDI capital of adjusted projects", _MONEY_CUR),
    _ind("investment_committed", "usd_bn", "Investment committed at promotion conferences (not inflow)", _MONEY_CUR),
    _ind("budget_revenue", "vnd_bn", "Total state budget revenue on the territory", _MONEY_CUR),
    _ind("budget_revenue_domestic", "vnd_bn", "Domestic budget revenue", _MONEY_CUR),
    _ind("budget_revenue_import_export", "vnd_bn", "Budget revenue from import-export", _MONEY_CUR),
    _ind("budget_revenue_growth", ("percent", "percent_per_year"), "Growth of budget revenue"),
    _ind("budget_revenue_domestic_growth", ("percent", "percent_per_year"), "Growth of domestic budget revenue"),
    _ind("budget_revenue_plan", "vnd_bn", "Planned (estimated) budget revenue", _MONEY_CUR),
    _ind("budget_revenue_vs_estimate", "percent", "Budget revenue as percent of the central-government estimate"),
    _ind("icor", "ratio", "Incremental capital-output ratio"),
    _ind("investment_rate", "percent", "Investment as a share of GDP"),
    # --- digital transformation -------------------------------------------------------------
    _ind("dx_budget", "vnd_bn", "Budget for the city's digital-transformation plan", _MONEY_CUR),
    _ind("dx_tasks", "count", "Digital-transformation tasks in the city plan"),
    _ind("dx_units", "count", "Units assigned digital-transformation tasks"),
    _ind("digital_firms", "count", "Digital-technology enterprises operating"),
    _ind("digital_firms_per_1000_target", "per_1000_persons", "Target digital-tech firms per 1,000 people"),
    _ind("smes_on_digital_platforms", "count", "SMEs using digital platforms"),
    _ind("bts_stations", "count", "Mobile base stations (BTS)"),
    _ind("bts_5g_stations", "count", "5G base stations"),
    _ind("shared_data_fields", "count", "Fields in the city's shared data warehouse"),
    _ind("shared_data_records", "count", "Records in the city's shared data warehouse"),
    _ind("online_public_services", "count", "Online public services integrated on the national portal"),
    _ind("online_public_services_share", "percent", "Share of public services integrated online"),
    _ind("full_online_records_share", "percent", "Share of administrative records processed fully online"),
    _ind("adults_smart_devices_share", "percent", "Share of adults with smart devices"),
    _ind("payment_account_share_target", "percent", "Target share of people 15+ with a payment account"),
    _ind("digital_signature_share_target", "percent", "Target share of adults with a digital signature"),
    _ind("vneid_share_target", "percent", "Target share of people with a VNeID account"),
    _ind("new_enterprises", "count", "Newly registered enterprises"),
    _ind("new_enterprises_growth", "percent", "Growth of newly registered enterprises"),
    _ind("active_enterprises_target", "count", "Target number of active enterprises"),
    _ind("labour_productivity_growth_target", ("percent", "percent_per_year"), "Target labour productivity growth per year"),
    _ind("tfp_contribution_target", "percent", "Target TFP contribution to growth"),
    # --- population, labour -------------------------------------------------------------------
    _ind("population", ("persons", "thousand_persons", "million_persons"), "Population"),
    _ind("labour_force", ("persons", "thousand_persons", "million_persons"), "Labour force aged 15+"),
    _ind("employed", ("persons", "thousand_persons"), "Employed persons aged 15+ at 1 July"),
    _ind("employed_fdi", ("persons", "thousand_persons"), "Employment in the FDI sector"),
    # --- industry, trade, firms ---------------------------------------------------------------
    _ind("iip_growth", "percent", "Industrial production index growth"),
    _ind("iip_growth_target", "percent", "Target industrial production index growth"),
    _ind("iip_growth_communication_equipment", "percent", "Output growth of communication equipment"),
    _ind("iip_growth_consumer_electronics", "percent", "Output growth of consumer electronics"),
    _ind("iip_growth_electronics", "percent",
         "Industrial production index growth of electronics, computers and optical products"),
    _ind("goods_exports", "usd_bn", "Goods exports", _MONEY_CUR),
    _ind("goods_exports_growth", "percent", "Growth of goods exports"),
    _ind("goods_exports_target", "usd_bn", "Target goods exports", _MONEY_CUR),
    _ind("goods_imports", "usd_bn", "Goods imports", _MONEY_CUR),
    _ind("firm_investment_lg_electronics", "usd_bn", "LG Electronics Hai Phong registered investment", _MONEY_CUR),
    _ind("firm_investment_lg_display", "usd_bn", "LG Display Hai Phong registered investment (total or addition, see qualifier/note)", _MONEY_CUR),
    _ind("firm_investment_lg_innotek", "usd_bn", "LG Innotek Hai Phong registered investment", _MONEY_CUR),
    _ind("firm_investment_lg_group", "usd_bn", "LG group projects in Hai Phong, total investment", _MONEY_CUR),
    _ind("firm_investment_korea", "usd_bn", "Korean FDI projects in Hai Phong, total", _MONEY_CUR),
    _ind("firm_share_of_fdi_lg_group", "percent", "LG group share of the city's FDI stock"),
    _ind("firm_capacity_lg_display", "million_units_per_month",
         "LG Display Hai Phong output capacity (OLED modules), as installed at the date"),
    _ind("firm_capacity_planned_lg_display", "million_units_per_month",
         "LG Display Hai Phong output capacity planned after the investment announced at the date"),
    _ind("firm_capital_flow", ("usd_bn", "usd_mn"),
         "Registered capital of one registration event of a named firm: the initial investment "
         "certificate or one capital increase (firm and date in note); a flow, not a stock",
         _MONEY_CUR),
    _ind("firm_exports_lg_display", "usd_bn", "LG Display Hai Phong exports", _MONEY_CUR),
    _ind("firm_revenue", ("vnd_bn", "usd_bn"), "Firm revenue (firm named in note)", _MONEY_CUR),
    _ind("firm_exports", ("vnd_bn", "usd_bn"), "Firm exports (firm named in note)", _MONEY_CUR),
    _ind("firm_profit", "vnd_bn", "Firm profit (firm named in note)", _MONEY_CUR),
    _ind("firm_workers", "persons", "Workers of a firm (firm named in note)"),
    _ind("firm_budget_payments", "usd_mn", "Payments of a firm to the state budget", _MONEY_CUR),
    # --- prices, exchange rates -----------------------------------------------------------------
    _ind("cpi_inflation", ("percent", "percent_per_year"), "Consumer price inflation, annual average"),
    _ind("cpi_inflation_dec", "percent", "Consumer price inflation, December on December"),
    _ind("core_inflation", "percent", "Core inflation, annual average"),
    _ind("usd_price_index_change", "percent", "Change of the USD price index"),
    _ind("vnd_per_usd", "vnd_per_usd", "Official exchange rate, period average"),
]

#: Indicators by name.
INDICATORS: dict[str, Indicator] = {i.name: i for i in _INDICATOR_LIST}


@dataclass(frozen=True)
class Geography:
    """One controlled geography.

    Attributes
    ----------
    code : str
        Code used in the ``geography`` column.
    name : str
        English name.
    kind : str
        ``province`` (a boundary before the 2025 mergers), ``merged_province`` (after
        1 July 2025), ``country`` or ``region`` for Viet Nam and its parts;
        ``foreign_country`` or ``foreign_province`` for other economies, whose published
        digital-economy shares are an outside view of how fast such shares move (their
        basis is ``other`` and ``note_en`` names the measure, broad or ICT sector).
    members : tuple of str
        For a merged province, the pre-merger provinces it consists of.
    boundary : str or None
        ``"pre_merger"`` / ``"merged"`` for the two Hai Phong boundaries, else None.
    """

    code: str
    name: str
    kind: str
    members: tuple[str, ...] = field(default=())
    boundary: str | None = None


_GEOGRAPHY_LIST = [
    Geography("hai_phong", "Hai Phong (boundary before 1 July 2025)", "province",
              boundary="pre_merger"),
    Geography("hai_duong", "Hai Duong (province until 30 June 2025)", "province"),
    Geography("hai_phong_merged", "Hai Phong (merged with Hai Duong from 1 July 2025)",
              "merged_province", ("hai_phong", "hai_duong"), boundary="merged"),
    Geography("vietnam", "Viet Nam", "country"),
    Geography("southeast_region", "Southeast region", "region"),
    Geography("bac_ninh", "Bac Ninh (pre-merger)", "province"),
    Geography("bac_giang", "Bac Giang (pre-merger)", "province"),
    Geography("bac_ninh_merged", "Bac Ninh (merged with Bac Giang, 2025)", "merged_province",
              ("bac_ninh", "bac_giang")),
    Geography("thai_nguyen", "Thai Nguyen (pre-merger)", "province"),
    Geography("bac_kan", "Bac Kan (pre-merger)", "province"),
    Geography("thai_nguyen_merged", "Thai Nguyen (merged with Bac Kan, 2025)",
              "merged_province", ("thai_nguyen", "bac_kan")),
    Geography("vinh_phuc", "Vinh Phuc (pre-merger)", "province"),
    Geography("phu_tho", "Phu Tho (pre-merger)", "province"),
    Geography("hoa_binh", "Hoa Binh (pre-merger)", "province"),
    Geography("phu_tho_merged", "Phu Tho (merged with Vinh Phuc and Hoa Binh, 2025)",
              "merged_province", ("phu_tho", "vinh_phuc", "hoa_binh")),
    Geography("da_nang", "Da Nang (pre-merger)", "province"),
    Geography("hcmc", "Ho Chi Minh City (pre-merger)", "province"),
    Geography("binh_duong", "Binh Duong (pre-merger)", "province"),
    Geography("ba_ria_vung_tau", "Ba Ria - Vung Tau (pre-merger)", "province"),
    Geography("hcmc_merged", "Ho Chi Minh City (merged with Binh Duong and Ba Ria - Vung Tau, 2025)",
              "merged_province", ("hcmc", "binh_duong", "ba_ria_vung_tau")),
    Geography("hanoi", "Ha Noi (boundary unchanged in 2025)", "province"),
    Geography("dong_nai", "Dong Nai (pre-merger)", "province"),
    Geography("quang_tri", "Quang Tri (pre-merger)", "province"),
    Geography("quang_ninh", "Quang Ninh (boundary unchanged in 2025)", "province"),
    Geography("tay_ninh", "Tay Ninh (pre-merger)", "province"),
    Geography("tien_giang", "Tien Giang (pre-merger)", "province"),
    Geography("binh_thuan", "Binh Thuan (pre-merger)", "province"),
    Geography("bac_lieu", "Bac Lieu (pre-merger)", "province"),
    Geography("quang_ngai", "Quang Ngai (pre-merger)", "province"),
    # other economies (outside view of digital-economy shares; basis "other")
    Geography("china", "China", "foreign_country"),
    Geography("beijing", "Beijing (China)", "foreign_province"),
    Geography("guangdong", "Guangdong (China)", "foreign_province"),
    Geography("united_states", "United States", "foreign_country"),
    Geography("united_kingdom", "United Kingdom", "foreign_country"),
    Geography("malaysia", "Malaysia", "foreign_country"),
    Geography("singapore", "Singapore", "foreign_country"),
    Geography("thailand", "Thailand", "foreign_country"),
    Geography("indonesia", "Indonesia", "foreign_country"),
    Geography("philippines", "Philippines", "foreign_country"),
    Geography("canada", "Canada", "foreign_country"),
    Geography("australia", "Australia", "foreign_country"),
]

#: Geographies by code.
GEOGRAPHIES: dict[str, Geography] = {g.code: g for g in _GEOGRAPHY_LIST}

#: The two Hai Phong boundaries and the geography that carries each one's own figures.
BOUNDARIES: dict[str, str] = {"pre_merger": "hai_phong", "merged": "hai_phong_merged"}

#: The boundary every command, notebook and function uses unless told otherwise: the city
#: that exists now (Hai Phong after the 1 July 2025 merger with Hai Duong).
DEFAULT_BOUNDARY = "merged"

#: Date the merger took effect (Resolution 60-NQ/TW of 12 April 2025).
MERGER_DATE = "2025-07-01"

def is_foreign(geography: str) -> bool:
    """Whether a geography is another economy (``foreign_country``/``foreign_province``)."""
    geo = GEOGRAPHIES.get(geography)
    return geo is not None and geo.kind.startswith("foreign_")


#: Panel bases (measurement basis of the digital-economy share).
PANEL_BASES: tuple[str, ...] = ("gso", "mic")


def close_matches(word: str, choices, n: int = 3) -> list[str]:
    """Return up to ``n`` entries of ``choices`` that look like ``word`` (for messages)."""
    import difflib

    choices = list(choices)
    hits = difflib.get_close_matches(word, choices, n=n, cutoff=0.5)
    if not hits:
        hits = [c for c in choices if word and (word in c or c in word)][:n]
    return hits
