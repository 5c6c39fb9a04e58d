"""The vectorised projection core: growth accounting with two digital blocks.

Annual model on years ``t0 .. H`` (index ``k = 0`` is the calibration year). Every equation
is in ``docs/model.md``; in short, with ``Y0, P0, s0`` from the calibration:

* **stated path (the scenario's statement):** real GRDP ``Y^s_k = Y^s_{k-1}(1 + g_k)``, GRDP
  deflator ``P_k = P_{k-1}(1 + pi_k)``, nominal ``Yn^s = P Y^s`` - published growth and
  deflators in the years that have them: published GRDP is an input (an identity, not a
  validation; the backtest validates);
* **levers (nominal):** domestic core investment ``C_k`` (VND bn), registered digital FDI
  ``F_k`` (USD bn), DX spending ``X_k`` (VND bn) - published values where they exist, else
  recent ratios to the stated nominal GRDP (``C = share x r_I x Yn^s``,
  ``F = f x r_F x Yn^s / e``, ``X = r_X x Yn^s``), unless a scenario sets levels;
* **time to build:** ``F~_k = (F_k + E_k)(1 + sigma_k)`` (``E_k`` = extra digital registrations
  ``fdi_digital_extra_usd_bn`` plus ``f`` x extra registrations of all industries
  ``fdi_extra_usd_bn``; ``sigma_k`` = ``fdi_digital_shock``) is disbursed over ``k .. k+J`` with
  geometric weights of mean lag ``m``: ``Fd_k = d sum_j w_j(m) F~_{k-j}`` (registrations
  before ``t0`` from the calibration history); real core investment
  ``I_k = (C_k + Fd_k e_k)/P_k``;
* **core block (capacity):** ``K_k = (1 - delta)K_{k-1} + I_{k-1}`` (investment becomes
  capacity the year after it is made), ``K_0 = I_0 (1+g)^((W-1)/2) / (g+delta)`` (Harberger
  perpetual-inventory start: ``I_0`` is the mean real core investment of the ``W = 3`` base
  years, centred on ``t0 - (W-1)/2`` and carried to ``t0`` at ``g``; ``K_k = I_k/(g+delta)``
  is the path of investment growing at ``g``) or ``v Dc_0``;
  ``Dc_k = Dc_0 (K_k/K_0)^alpha (1 + shock_k)``, ``Dc_0 = phi s0' Y0``; an anchor exit in
  year ``k_x`` multiplies ``K_{k_x}`` by ``1 - min(0.95, anchor stock / (f x FDI stock))``,
  once, for good;
* **digitalisation:** ``a_k = a_{k-1} + kappa_k a_{k-1}(1 - a_{k-1}/a_max)`` with
  ``kappa_k = min(1, k_base ((X_k/P_k)/X_ref)^epsilon)``;
* **totals** (:func:`totals`, parameter ``output_mode``), with ``Dd_k = a_k (Y_k - Dc_k)``
  (digitalised = ``a`` x non-core value added) and ``Y_k = Dc_k + Dd_k + N_k`` in both modes:

  - ``stated_total`` (default): ``Y = Y^s``; ``Dc_k`` is capped at ``0.98 Y_k`` (``project``
    refuses a path that hits the cap) and **non-digital value added is the residual**
    ``N_k = Y_k - Dc_k - Dd_k`` - digital output displaces non-digital output one for one;
  - ``additive``: **non-digital value added follows its own trend**
    ``N_k = N_{k-1}(1 + g_k)`` - the non-digital economy grows at the stated rate and digital
    output is added on top: ``Dd_k = a_k/(1 - a_k) N_k``, ``Y_k = Dc_k + Dd_k + N_k``. The
    base year and the years with published growth keep the stated totals (published GRDP is
    data); investment is the same as in ``stated_total`` (the lever defaults are ratios to
    ``Yn^s``), so the two modes differ only in what digital output does to GRDP;

  real growth ``Y_k/Y_{k-1} - 1`` and nominal GRDP ``Yn = P Y`` follow from ``Y``;
* share at current prices ``s_k = (1 + rho)^k (Dc_k + Dd_k) / Y_k`` (the digital deflator
  ``P^D = P (1+rho)^k``; the non-digital deflator is implied by ``Yn``);
* **the reported baseline** (:func:`share_baseline_offset`, ``naive_baseline_weight`` ``w``):
  ``w (b_k - e^trend_k)`` moves from non-digital to digitalised value added at an unchanged
  GRDP, so ``s_k`` becomes the engine's path plus the gap between the naive trend ``b`` of the
  share record and the engine's own ``trend`` path (an intercept correction; ``w = 1`` by
  default because the naive trend forecast shares better in the backtest).

``s0' = s0 (1 + e)`` carries the base share's measurement error (``e = 0`` when
deterministic). :func:`simulate_paths` takes every parameter as a scalar, a ``(T,)`` path, a
per-draw ``(n,)`` array or ``(n, T)`` and returns ``(n, T)`` arrays; it loops over years
only, never over draws.

References
----------
Harberger, A. C. (1978), initial capital stock ``K0 = I0/(g+delta)``.
Koyck, L. M. (1954), *Distributed Lags and Investment Analysis* (geometric lag weights).
Verhulst, P.-F. (1838), logistic growth; May, R. M. (1976), *Nature* 261, 459-467 (why the
discrete speed is capped at 1).
Loayza, N. & Pennings, S. (eds., 2022), *The Long Term Growth Model*, World Bank (capital
accumulation with geometric decay; the investment a target requires; investment adds output,
the ``additive`` mode).
Clements, M. P. & Hendry, D. F. (1996), "Intercept corrections and structural change",
*Journal of Applied Econometrics* 11(5), 475-494 (the naive-trend baseline).
"""
from __future__ import annotations

import warnings
from typing import Any, Mapping

import numpy as np
import pandas as pd

from hpresearch.calibration.base import BASE_WINDOW, MAX_LAG_SPAN, Calibration
from hpresearch.calibration.fdi import lag_weights
from hpresearch.errors import ScenarioError, error_message
from hpresearch.parameters.registry import ScenarioWarning, load_registry

#: Parameters the simulation reads as numbers (scalars and paths).
SIM_PARAMS = (
    "core_fraction", "capacity_decay", "output_elasticity_core", "initial_capital_growth",
    "core_capital_output_ratio", "core_domestic_investment_share", "total_investment_ratio",
    "digital_fdi_fraction", "fdi_ratio", "dx_ratio", "fdi_disbursement_ratio",
    "fdi_mean_lag_years", "adoption_ceiling", "adoption_speed", "dx_elasticity",
    "digital_relative_price_drift", "base_share_error", "real_growth", "deflator_growth",
    "core_domestic_investment_vnd_bn", "fdi_digital_usd_bn", "fdi_digital_extra_usd_bn",
    "fdi_extra_usd_bn", "fdi_digital_shock", "dx_spending_vnd_bn", "vnd_per_usd",
    "electronics_shock",
)
#: Integer parameters the simulation reads.
INT_PARAMS = ("fdi_lag_span_years", "anchor_exit_year")
#: Model options (registry kind ``choice``) the simulation reads.
CHOICE_PARAMS = ("output_mode",)
#: Largest share of GRDP core digital value added may take on a stated total (the non-core
#: remainder ``Y - Dc`` must stay positive; ``project`` refuses a path that reaches it).
CORE_CAP = 0.98
#: Derived path :func:`resolve_params` adds (:func:`share_baseline_offset`).
OFFSET = "share_baseline_offset"
#: The scenario whose engine path the naive-trend baseline replaces.
TREND_SCENARIO = "trend"

OUTPUTS = (
    "grdp_constant_vnd_bn", "grdp_current_vnd_bn", "grdp_growth_real", "deflator",
    "digital_deflator", "core_va_constant_vnd_bn", "digitalised_va_constant_vnd_bn",
    "digital_va_constant_vnd_bn", "non_digital_va_constant_vnd_bn", "core_va_current_vnd_bn",
    "digitalised_va_current_vnd_bn", "digital_va_current_vnd_bn",
    "non_digital_va_current_vnd_bn", "de_share", "de_share_core", "de_share_digitalised",
    "de_share_constant", "core_capital_constant_vnd_bn", "core_investment_constant_vnd_bn",
    "core_investment_current_vnd_bn", "adoption", "adoption_speed_effective",
    "core_domestic_investment_vnd_bn", "fdi_digital_usd_bn", "fdi_digital_disbursed_usd_bn",
    "fdi_digital_disbursed_vnd_bn", "dx_spending_vnd_bn", "total_investment_vnd_bn",
    "total_investment_to_grdp", "core_domestic_investment_to_grdp",
    "fdi_digital_registered_to_grdp", "fdi_digital_disbursed_to_grdp", "dx_spending_to_grdp",
    "core_investment_to_grdp", "core_capital_output_ratio", "core_capped", "anchor_share",
)


def _as2d(name: str, value: Any, kind: str, T: int) -> np.ndarray:
    """Shape a parameter as ``(rows, 1)`` or ``(rows, T)`` (rows = 1 or n)."""
    a = np.asarray(value, dtype=float)
    if a.ndim == 0:
        return a.reshape(1, 1)
    if a.ndim == 1:
        if kind == "path":
            if a.shape[0] != T:
                raise ValueError(f"parameter {name!r}: path has length {a.shape[0]}, "
                                 f"expected T={T} (pass per-draw values as shape (n, 1))")
            return a.reshape(1, T)
        return a.reshape(-1, 1)
    if a.ndim == 2 and a.shape[1] in (1, T):
        return a
    raise ValueError(f"parameter {name!r}: shape {a.shape} not scalar, (T,), (n,), (n,1) or (n,T)")


def engine_params(params: Mapping[str, Any]) -> dict[str, Any]:
    """The subset of resolved parameters :func:`simulate_paths` reads."""
    return {k: params[k] for k in SIM_PARAMS + INT_PARAMS + CHOICE_PARAMS + (OFFSET,)
            if k in params}


def output_mode_text(mode: str, lang: str = "en") -> str:
    """One sentence saying what fixes real GRDP in ``mode`` (message catalogue
    ``output_mode.<mode>``), for the outputs that state it."""
    from hpresearch.i18n import t

    return t(f"output_mode.{mode}", lang)


def output_mode_notes(params: Mapping[str, Any], lang: str = "en") -> list[str]:
    """``[output_mode_text]`` when ``params`` choose a non-default ``output_mode``, else ``[]``
    (the notes of a result; the default mode is the one every report states)."""
    mode = params.get("output_mode")
    default = load_registry()["output_mode"].default
    return [output_mode_text(mode, lang)] if mode is not None and mode != default else []


def totals(mode: str, Y_stated: np.ndarray, Dc: np.ndarray, A: np.ndarray,
           growth: np.ndarray, stated: np.ndarray) -> tuple[np.ndarray, ...]:
    """Real GRDP and its three blocks in one output mode.

    Parameters
    ----------
    mode : {"stated_total", "additive"}
        The registry parameter ``output_mode``.
    Y_stated : ndarray (n, T)
        The scenario's stated real GRDP path ``Y0 prod(1 + g)``.
    Dc : ndarray (n, T)
        Core digital value added from the capital block (before the cap).
    A : ndarray (n, T)
        Digitalised share ``a`` of non-core value added.
    growth : ndarray (n, T)
        The stated real growth ``g`` (0 in the base year).
    stated : ndarray (T,) of bool
        Years whose totals are data (the base year and years with published growth): the
        stated total holds there in both modes.

    Returns
    -------
    Y, Dc, Dd, N, capped : ndarray (n, T)
        Real GRDP, core, digitalised and non-digital value added, and where the core cap
        bound (``stated_total`` only: in ``additive`` GRDP contains ``Dc``).

    Notes
    -----
    ``stated_total``: ``Y = Y_stated``, ``Dc <= 0.98 Y``, ``Dd = a (Y - Dc)`` and
    ``N = Y - Dc - Dd`` (the residual). ``additive``: ``N_k = N_{k-1}(1 + g_k)`` after the
    last stated year (the non-digital economy grows at the stated rate; digital output is
    added on top), ``Dd = a/(1 - a) N`` and ``Y = Dc + Dd + N``. In both ``Dd = a (Y - Dc)``.

    References
    ----------
    Loayza, N. & Pennings, S. (eds., 2022), *The Long Term Growth Model*, World Bank.
    """
    capped = Dc > CORE_CAP * Y_stated
    Dc_s = np.minimum(Dc, CORE_CAP * Y_stated)
    Dd_s = A * (Y_stated - Dc_s)
    N_s = Y_stated - (Dc_s + Dd_s)
    if mode == "stated_total":
        return Y_stated, Dc_s, Dd_s, N_s, capped
    N = N_s.copy()
    for t in np.flatnonzero(~stated):  # the trend carries on from the year before
        N[:, t] = N[:, t - 1] * (1.0 + growth[:, t])
    Dd = A / (1.0 - A) * N
    keep = stated[None, :]
    return (np.where(keep, Y_stated, Dc + Dd + N), np.where(keep, Dc_s, Dc),
            np.where(keep, Dd_s, Dd), N, capped & keep)


def simulate_paths(calibration: Calibration, params: Mapping[str, Any],
                   end_year: int | None = None) -> dict[str, np.ndarray]:
    """Vectorised projection over ``n`` parameter draws.

    Parameters
    ----------
    calibration : Calibration
        Base-year values and history from the data panel.
    params : mapping
        Every name in :data:`SIM_PARAMS` (and optionally :data:`INT_PARAMS` and
        :data:`CHOICE_PARAMS`: ``output_mode``, default ``stated_total``). Scalar
        parameters: float, ``(n,)`` or ``(n, 1)``. Path parameters: float, ``(T,)``,
        ``(n, 1)`` or ``(n, T)``; lever paths may hold NaN in years where the default applies.
    end_year : int, optional
        Last year; default: inferred from the first path given as an array (else 2030).

    Returns
    -------
    dict[str, ndarray]
        :data:`OUTPUTS`, each of shape ``(n, T)`` for years ``calibration.year .. end_year``.

    References
    ----------
    See the module docstring and ``docs/model.md``.
    """
    reg = load_registry()
    missing = [p for p in SIM_PARAMS if p not in params]
    if missing:
        raise ValueError(f"simulate_paths: missing parameters {missing}")
    if end_year is None:
        end_year = 2030
        for p in SIM_PARAMS:
            a = np.asarray(params[p])
            if reg[p].kind == "path" and a.ndim >= 1 and a.shape[-1] > 1:
                end_year = calibration.year + a.shape[-1] - 1
                break
    T = int(end_year) - calibration.year + 1
    if T < 1:
        raise ValueError(f"end_year {end_year} is before the calibration year {calibration.year}")
    x = {p: _as2d(p, params[p], reg[p].kind, T) for p in SIM_PARAMS}
    rows = {a.shape[0] for a in x.values()} - {1}
    if len(rows) > 1:
        raise ValueError(f"simulate_paths: inconsistent numbers of draws {sorted(rows)}")
    n = rows.pop() if rows else 1
    span = int(params.get("fdi_lag_span_years", reg["fdi_lag_span_years"].default))
    if not 0 <= span <= MAX_LAG_SPAN:
        raise ScenarioError(error_message(where="fdi_lag_span_years", value=span,
                                          rule=f"must be between 0 and {MAX_LAG_SPAN}"))

    def full(a: np.ndarray) -> np.ndarray:
        return np.broadcast_to(a, (n, T))

    def scal(name: str) -> np.ndarray:
        return np.broadcast_to(x[name][:, 0], (n,))

    cal = calibration
    years = cal.years(end_year)
    Y0, P0 = cal.grdp_constant_vnd_bn, cal.deflator
    phi, delta, alpha = scal("core_fraction"), scal("capacity_decay"), scal("output_elasticity_core")
    g0, v = scal("initial_capital_growth"), scal("core_capital_output_ratio")
    share_dom, r_inv = scal("core_domestic_investment_share"), scal("total_investment_ratio")
    frac, r_fdi, r_dx = scal("digital_fdi_fraction"), scal("fdi_ratio"), scal("dx_ratio")
    disb, mlag = scal("fdi_disbursement_ratio"), scal("fdi_mean_lag_years")
    a_max, k_base = scal("adoption_ceiling"), scal("adoption_speed")
    eps, rho = scal("dx_elasticity"), scal("digital_relative_price_drift")
    s0 = cal.de_share * (1.0 + scal("base_share_error"))
    outside = (s0 <= 0) | (s0 >= 1)
    if np.any(outside):
        i = int(np.argmax(outside))
        raise ScenarioError(error_message(
            where="base_share_error", value=float(scal("base_share_error")[i]),
            rule=f"makes the base share {float(s0[i]):.4g} leave (0, 1)"))
    if np.any((g0 + delta <= 0) & np.isnan(v)):
        raise ScenarioError(error_message(
            where="initial_capital_growth + capacity_decay", value=float(np.min(g0 + delta)),
            rule="must be > 0 for the Harberger initial capacity"))

    mode = reg["output_mode"].check_choice(
        params.get("output_mode", reg["output_mode"].default), "output_mode")

    # stated path: growth accounting --------------------------------------------------------
    g = full(x["real_growth"])
    pi = full(x["deflator_growth"])
    growth = np.concatenate([np.zeros((n, 1)), g[:, 1:]], axis=1)
    Ys = Y0 * np.cumprod(1.0 + growth, axis=1)
    P = P0 * np.cumprod(1.0 + np.concatenate([np.zeros((n, 1)), pi[:, 1:]], axis=1), axis=1)
    Yns = Ys * P
    fx = np.array(full(x["vnd_per_usd"]))

    # levers: published values, else ratios to the stated nominal GRDP ----------------------
    obs_inv = cal.observed_path("total_investment_vnd_bn", years)
    obs_fdi = cal.observed_path("fdi_usd_bn", years)
    obs_dx = cal.observed_path("dx_budget_vnd_bn", years)
    hist = cal.history
    obs_inv[0] = hist["total_investment_vnd_bn"][-1]
    obs_fdi[0] = hist["fdi_usd_bn"][-1]
    dx_latest = cal.latest.get("dx_budget_vnd_bn")
    obs_dx[0] = dx_latest[1] if dx_latest and dx_latest[0] == cal.year else np.nan
    tot = np.where(np.isfinite(obs_inv)[None, :], obs_inv[None, :], r_inv[:, None] * Yns)
    fdi_city = np.where(np.isfinite(obs_fdi)[None, :], obs_fdi[None, :],
                        r_fdi[:, None] * Yns / fx)
    dx_def = np.where(np.isfinite(obs_dx)[None, :], obs_dx[None, :], r_dx[:, None] * Yns)
    cdi_in, fdi_in, dx_in = (full(x[k]) for k in ("core_domestic_investment_vnd_bn",
                                                   "fdi_digital_usd_bn", "dx_spending_vnd_bn"))
    cdi = np.where(np.isnan(cdi_in), share_dom[:, None] * tot, cdi_in)
    fdi = ((np.where(np.isnan(fdi_in), frac[:, None] * fdi_city, fdi_in)
            + frac[:, None] * full(x["fdi_extra_usd_bn"]) + full(x["fdi_digital_extra_usd_bn"]))
           * (1.0 + full(x["fdi_digital_shock"])))
    dx = np.where(np.isnan(dx_in), dx_def, dx_in)

    # time to build: registrations before t0 from the history ------------------------------
    w = lag_weights(mlag, span)                          # (n, J+1)
    hyears = len(cal.history_years)
    pre = span + BASE_WINDOW - 1                          # history years before t0 needed
    if pre > hyears - 1:
        raise ScenarioError(error_message(where="fdi_lag_span_years", value=span,
                                          rule=f"needs {pre} history years; the calibration "
                                               f"has {hyears - 1}"))
    h_fdi = hist["fdi_usd_bn"][hyears - 1 - pre:hyears - 1]          # years t0-pre .. t0-1
    h_fx = hist["vnd_per_usd"][hyears - 1 - pre:]
    h_P = hist["deflator"][hyears - 1 - pre:]
    h_tot = hist["total_investment_vnd_bn"][hyears - 1 - pre:]
    reg_all = np.concatenate([frac[:, None] * h_fdi[None, :], fdi], axis=1)   # (n, pre+T)

    def disbursed(idx: int) -> np.ndarray:
        """Disbursed digital FDI (USD bn) in column ``idx`` of ``reg_all``."""
        out = np.zeros(n)
        for j in range(span + 1):
            if idx - j >= 0:
                out += w[:, j] * reg_all[:, idx - j]
        return disb * out

    Fd = np.stack([disbursed(pre + k) for k in range(T)], axis=1)          # (n, T)
    Ir = (cdi + Fd * fx) / P
    # base-period real core investment I0: mean over t0-W+1 .. t0
    base_cols = range(pre - BASE_WINDOW + 1, pre + 1)
    I0 = np.mean([(share_dom * (h_tot[c] if c < pre else tot[:, 0]) + disbursed(c) * h_fx[c])
                  / h_P[c] for c in base_cols], axis=0)

    # base year ----------------------------------------------------------------------------
    Dc0 = phi * s0 * Y0
    a0 = (1.0 - phi) * s0 / (1.0 - phi * s0)
    # I0 is centred on t0 - 1 (mean of t0-W+1 .. t0, W = 3); carried to t0 at g, the
    # Harberger stock K0 = I_t0/(g + delta) is the one investment growing at g would have
    # built (K_k = (1 - delta) K_{k-1} + I_{k-1} has the path K_k = I_k/(g + delta)).
    K0 = np.where(np.isnan(v), I0 * (1.0 + g0) ** ((BASE_WINDOW - 1) / 2.0) / (g0 + delta),
                  v * Dc0)
    if np.any(K0 <= 0):
        raise ScenarioError(error_message(
            where="base-period core investment", value=float(np.min(I0)),
            rule="must be > 0 (core_domestic_investment_share and digital_fdi_fraction are 0)"))
    if np.any(a0 >= a_max):
        raise ScenarioError(error_message(
            where="adoption_ceiling", value=float(np.min(a_max)),
            rule=f"must exceed the base digitalised share of non-core value added "
                 f"({float(np.max(a0)):.4f})"))
    dx_ref = cal.dx_ref_real
    shock = full(x["electronics_shock"])
    exit_year = int(params.get("anchor_exit_year", 0) or 0)
    exit_k = exit_year - cal.year if exit_year else -1
    if exit_year and exit_k <= 0:
        raise ScenarioError(error_message(where="anchor_exit_year", value=exit_year,
                                          rule=f"must lie after the base year {cal.year} "
                                               "(or be 0 for no exit)"))
    if exit_year and exit_k >= T:  # the exit falls after the end year: nothing to remove yet
        exit_year, exit_k = 0, -1
    if exit_year and not np.isfinite(cal.anchor_stock_usd_bn / cal.fdi_stock_usd_bn):
        raise ScenarioError(error_message(where="anchor_exit_year", value=exit_year,
                                          rule="needs the anchor project's capital and the FDI "
                                               "stock, which the calibration lacks"))
    anchor_share = (np.minimum(0.95, cal.anchor_stock_usd_bn / (frac * cal.fdi_stock_usd_bn))
                    if exit_year else np.zeros(n))

    K = np.empty((n, T)); Dc = np.empty((n, T)); A = np.empty((n, T)); keff = np.empty((n, T))
    K[:, 0] = K0
    Dc[:, 0] = Dc0 * (1.0 + shock[:, 0])
    A[:, 0] = a0
    keff[:, 0] = np.minimum(1.0, k_base * ((dx[:, 0] / P[:, 0]) / dx_ref) ** eps)
    for t in range(1, T):
        K[:, t] = (1.0 - delta) * K[:, t - 1] + Ir[:, t - 1]
        if t == exit_k:
            K[:, t] *= 1.0 - anchor_share
        Dc[:, t] = Dc0 * (np.maximum(K[:, t], 0.0) / K0) ** alpha * (1.0 + shock[:, t])
        keff[:, t] = np.minimum(1.0, k_base * ((dx[:, t] / P[:, t]) / dx_ref) ** eps)
        a = A[:, t - 1]
        A[:, t] = a + keff[:, t] * a * (1.0 - a / a_max)
    stated = np.isfinite(cal.observed_path("grdp_growth_real", years))
    stated[0] = True  # the base year is data
    Y, Dc, Dd, N, capped = totals(mode, Ys, Dc, A, growth, stated)
    if mode != "stated_total":
        growth = np.concatenate([np.zeros((n, 1)), Y[:, 1:] / Y[:, :-1] - 1.0], axis=1)
    Yn = Y * P
    drift = (1.0 + rho)[:, None] ** np.arange(T)[None, :]
    # the naive baseline's gap (resolve_params) moves from non-digital to digitalised value
    # added at an unchanged GRDP: the share gains it exactly
    gap = full(_as2d(OFFSET, params.get(OFFSET, 0.0), "path", T)) * Y / drift
    Dd, N = Dd + gap, N - gap
    D = Dc + Dd
    s = drift * D / Y
    share_core, share_dig = drift * Dc / Y, drift * Dd / Y
    Dn = s * Yn
    return {
        "grdp_constant_vnd_bn": Y, "grdp_current_vnd_bn": Yn, "grdp_growth_real": growth,
        "deflator": P, "digital_deflator": P * drift,
        "core_va_constant_vnd_bn": Dc, "digitalised_va_constant_vnd_bn": Dd,
        "digital_va_constant_vnd_bn": D, "non_digital_va_constant_vnd_bn": N,
        "core_va_current_vnd_bn": share_core * Yn, "digitalised_va_current_vnd_bn": share_dig * Yn,
        "digital_va_current_vnd_bn": Dn, "non_digital_va_current_vnd_bn": Yn - Dn,
        "de_share": s, "de_share_core": share_core, "de_share_digitalised": share_dig,
        "de_share_constant": D / Y, "core_capital_constant_vnd_bn": K,
        "core_investment_constant_vnd_bn": Ir, "core_investment_current_vnd_bn": Ir * P,
        "adoption": A, "adoption_speed_effective": keff,
        "core_domestic_investment_vnd_bn": np.array(cdi), "fdi_digital_usd_bn": np.array(fdi),
        "fdi_digital_disbursed_usd_bn": Fd, "fdi_digital_disbursed_vnd_bn": Fd * fx,
        "dx_spending_vnd_bn": np.array(dx), "total_investment_vnd_bn": np.array(tot),
        "total_investment_to_grdp": tot / Yn, "core_domestic_investment_to_grdp": cdi / Yn,
        "fdi_digital_registered_to_grdp": fdi * fx / Yn,
        "fdi_digital_disbursed_to_grdp": Fd * fx / Yn, "dx_spending_to_grdp": dx / Yn,
        "core_investment_to_grdp": Ir * P / Yn,
        "core_capital_output_ratio": np.broadcast_to((K0 / Dc0)[:, None], (n, T)).copy(),
        "core_capped": capped.astype(float),
        "anchor_share": np.broadcast_to(anchor_share[:, None], (n, T)).copy(),
    }


# ------------------------------------------------------------------------------------------
# parameter resolution: registry defaults + calibration + scenario values -> arrays
# ------------------------------------------------------------------------------------------
def _default_path(name: str, spec, cal: Calibration, years: np.ndarray) -> np.ndarray:
    """Default path of a registry parameter: the calibration's (``calibrated:``) or the
    registry's literal default (a number, or year points)."""
    if spec.calibrated is not None:
        return cal.default_path(spec.calibrated, years)
    d = spec.default
    if isinstance(d, Mapping):
        return _apply_points(np.full(len(years), np.nan), d, years, cal.year, name, warn=False)
    return np.full(len(years), float(d))


def _apply_points(base: np.ndarray, points: Mapping[int, float], years: np.ndarray, t0: int,
                  name: str, warn: bool = True) -> np.ndarray:
    """Overlay year points: linear interpolation between points, hold after the last."""
    out = base.copy()
    pts = sorted((int(y), float(v)) for y, v in points.items())
    skipped = [y for y, _ in pts if y <= t0]
    if skipped and warn:
        warnings.warn(f"{name}: years {skipped} are not after the calibration year {t0}; "
                      "ignored", ScenarioWarning, stacklevel=4)
    pts = [(y, v) for y, v in pts if y > t0]
    if not pts:
        return out
    py = np.array([p[0] for p in pts], dtype=float)
    pv = np.array([p[1] for p in pts], dtype=float)
    mask = years >= py[0]
    out[mask] = np.interp(years[mask].astype(float), py, pv)  # holds pv[-1] after py[-1]
    return out


def resolve_params(scenario_params: Mapping[str, Any], calibration: Calibration,
                   end_year: int = 2030, overrides: Mapping[str, Any] | None = None
                   ) -> dict[str, Any]:
    """Turn sparse scenario values into the full parameter set of :func:`simulate_paths`.

    Scalars take the scenario value, else the registry default or the calibrated value
    (``target_share`` defaults to the boundary's official target for ``target_year``).
    Paths (shape ``(T,)`` for years ``t0 .. end_year``) start from the default path; a
    scenario scalar applies to every year after ``t0``; year points replace the default from
    the first point on, interpolating linearly between points and holding the last value.
    Lever paths keep NaN where the default applies (filled in the core). Integer parameters
    are returned as ints, model options (``choice``, e.g. ``output_mode``) as their name.
    """
    reg = load_registry()
    years = calibration.years(end_year)
    merged = dict(scenario_params)
    for k, v in (overrides or {}).items():
        if isinstance(v, Mapping) and isinstance(merged.get(k), Mapping):
            merged[k] = {**merged[k], **v}
        else:
            merged[k] = v
    out: dict[str, Any] = {}
    for name, spec in reg.items():
        val = merged.get(name)
        if spec.kind == "integer":
            out[name] = int(val if val is not None else spec.default)
        elif spec.kind == "choice":
            out[name] = str(val if val is not None else spec.default)
    for name, spec in reg.items():
        val = merged.get(name)
        if spec.kind in ("integer", "choice"):
            continue
        if spec.kind == "scalar":
            if val is not None:
                out[name] = float(val)
            elif spec.calibrated:
                out[name] = float(calibration.calibrated_value(spec.calibrated,
                                                               out.get("target_year")))
            else:
                out[name] = float(spec.default)
        else:
            path = _default_path(name, spec, calibration, years)
            if val is None:
                pass
            elif isinstance(val, Mapping):
                path = _apply_points(path, val, years, calibration.year, name)
            else:
                path = path.copy()
                path[1:] = float(val)
            out[name] = path
    out[OFFSET] = share_baseline_offset(calibration, end_year, out)
    return out


#: The engine's deterministic trend share path per calibration object and end year.
_TREND_PATHS: dict[tuple[int, int, str], tuple[Calibration, np.ndarray]] = {}


def share_baseline_offset(calibration: Calibration, end_year: int,
                          params: Mapping[str, Any]) -> np.ndarray:
    """``w (b_t - e^trend_t)``: the naive-trend baseline's gap to the engine's trend path.

    Parameters
    ----------
    calibration : Calibration
    end_year : int
    params : mapping
        Resolved parameters (``naive_baseline_weight`` ``w`` and ``target_share``).

    Returns
    -------
    ndarray
        Shape ``(T,)`` for years ``t0 .. end_year``; zeros when ``w = 0``. ``b_t`` is the
        naive trend of ``calibration.share_history``
        (:func:`hpresearch.calibration.fits.naive_trend_forecast`), moved to start at the
        base share ``s0``; ``e^trend_t`` the deterministic share of the ``trend`` scenario
        run with ``w = 0`` on the same calibration.

    References
    ----------
    Clements, M. P., Hendry, D. F. (1996). "Intercept corrections and structural change."
    *Journal of Applied Econometrics* 11(5), 475-494.
    """
    from hpresearch.calibration.fits import naive_trend_forecast

    years = calibration.years(end_year)
    w = float(params.get("naive_baseline_weight", 0.0))
    if w == 0.0:
        return np.zeros(len(years))
    record = pd.Series(dict(calibration.share_history)
                       or {calibration.year: calibration.de_share})
    trend = naive_trend_forecast(record, [int(y) for y in years]).to_numpy(dtype=float)
    b = calibration.de_share + trend - trend[0]
    return w * (b - _engine_trend_share(calibration, int(end_year),
                                        float(params.get("target_share", np.nan)),
                                        str(params.get("output_mode", "stated_total"))))


def _engine_trend_share(calibration: Calibration, end_year: int, target: float,
                        mode: str = "stated_total") -> np.ndarray:
    """Deterministic share of the ``trend`` scenario with ``w = 0`` in output ``mode``
    (memoised per calibration object)."""
    from hpresearch.model.scenario import load_scenario

    key = (id(calibration), end_year, mode)
    hit = _TREND_PATHS.get(key)
    if hit is not None and hit[0] is calibration:
        return hit[1]
    over: dict[str, Any] = {"naive_baseline_weight": 0.0, "output_mode": mode}
    if np.isfinite(target):
        over["target_share"] = target
    p = resolve_params(dict(load_scenario(TREND_SCENARIO).params), calibration, end_year, over)
    path = simulate_paths(calibration, engine_params(p), end_year)["de_share"][0].copy()
    if len(_TREND_PATHS) > 256:
        _TREND_PATHS.clear()
    _TREND_PATHS[key] = (calibration, path)
    return path
