"""The vectorised projection core: two digital blocks plus non-digital value added.

Annual model on years ``t0 .. H`` (column 0 is the calibration year). All equations are
documented in ``docs/model.md``; in short, with ``Y0, P0, s0`` from the calibration:

* split: ``Dc0 = phi s0 Y0``, ``Dd0 = (1-phi) s0 Y0``, ``N0 = (1-s0) Y0``,
  ``a0 = Dd0/(Dd0+N0)``;
* prices: ``P_t = P_{t-1}(1+pi_t)``, digital deflator ``PD_t = P_t (1+rho)^(t-t0)``;
* core block: ``I_t = (C_t + F~_t d X_t)/P_t`` with ``F~_t = (F_t + E_t)(1 + sigmaF_t)``,
  ``K_t = (1-delta)K_{t-1} + I_t``, ``K0 = I0 (1+g)/(g+delta)`` (Harberger) or ``v Dc0``
  when ``core_capital_output_ratio`` is set, ``Dc_t = Dc0 (K_t/K0)^alpha (1+shock_t)``;
* digitalisation: ``k_t = min(1, k_base ((dx_t/P_t)/(dx_ref/P_ref))^eps)``,
  ``a_t = a_{t-1} + k_t a_{t-1}(1 - a_{t-1}/a_max)``, ``Dd_t = a_t/(1-a_t) N_t``;
* non-digital: ``N_t = N_{t-1}(1+gN_t)``;
* totals: ``Y_t = Dc_t + Dd_t + N_t`` (2010 prices) and ``Yn_t = PD_t(Dc_t+Dd_t) + P_t N_t``;
  share ``s_t = PD_t(Dc_t+Dd_t)/Yn_t`` (current prices, GSO convention).

:func:`simulate_paths` takes every parameter as a scalar, a per-year ``(T,)`` path (path
parameters), a per-draw ``(n,)`` array (scalar parameters) or ``(n, T)``/``(n, 1)`` and
returns ``(n, T)`` arrays; it loops over years only, never over draws.

References
----------
Harberger, A. C. (1978), initial capital stock ``K0 = I0/(g+delta)`` (steady state).
Verhulst, P.-F. (1838), logistic growth; May, R. M. (1976), "Simple mathematical models with
very complicated dynamics", *Nature* 261, 459-467 (why the discrete speed is capped at 1).
Loayza, N. & Pennings, S. (eds., 2022), *The Long Term Growth Model*, World Bank (capital
accumulation with geometric depreciation).
"""
from __future__ import annotations

import warnings
from typing import Any, Mapping

import numpy as np

from hpresearch.errors import ScenarioError, error_message
from hpresearch.calibration.base import Calibration
from hpresearch.model.registry import ScenarioWarning, load_registry

#: Parameters the simulation reads (all registry parameters except the integer ones).
SIM_PARAMS = (
    "core_fraction", "depreciation_core", "output_elasticity_core", "initial_capital_growth",
    "core_capital_output_ratio",
    "core_domestic_investment_share", "digital_fdi_fraction", "fdi_disbursement_ratio",
    "adoption_ceiling", "adoption_speed", "dx_elasticity", "digital_relative_price_drift",
    "non_digital_growth", "inflation", "investment_growth", "core_domestic_investment_vnd_bn",
    "fdi_digital_usd_bn", "fdi_digital_extra_usd_bn", "fdi_digital_shock", "dx_spending_vnd_bn",
    "vnd_per_usd", "electronics_shock",
)

OUTPUTS = (
    "grdp_constant_vnd_bn", "grdp_current_vnd_bn", "deflator", "digital_deflator",
    "core_va_constant_vnd_bn", "digitalised_va_constant_vnd_bn", "digital_va_constant_vnd_bn",
    "non_digital_va_constant_vnd_bn", "core_va_current_vnd_bn", "digitalised_va_current_vnd_bn",
    "digital_va_current_vnd_bn", "non_digital_va_current_vnd_bn", "de_share", "de_share_core",
    "de_share_digitalised", "de_share_constant", "core_capital_constant_vnd_bn",
    "core_investment_constant_vnd_bn", "core_investment_current_vnd_bn", "adoption",
    "adoption_speed_effective", "core_domestic_investment_vnd_bn", "fdi_digital_usd_bn",
    "fdi_digital_disbursed_vnd_bn", "dx_spending_vnd_bn", "total_investment_path_vnd_bn",
    "core_capital_output_ratio",
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


def _col(x: np.ndarray, t: int) -> np.ndarray:
    return x[:, t] if x.shape[1] > 1 else x[:, 0]


def simulate_paths(calibration: Calibration, params: Mapping[str, Any],
                   horizon: int | None = None) -> dict[str, np.ndarray]:
    """Vectorised projection over ``n`` parameter draws.

    Parameters
    ----------
    calibration : Calibration
        Base-year values from the data panel.
    params : mapping
        Every name in :data:`SIM_PARAMS`. Scalar parameters: float, ``(n,)`` or ``(n, 1)``.
        Path parameters: float, ``(T,)``, ``(n, 1)`` or ``(n, T)``; lever paths may hold NaN
        in years where the calibrated default applies.
    horizon : int, optional
        Last year; default: inferred from the first path parameter given as an array
        (else 2030).

    Returns
    -------
    dict[str, ndarray]
        :data:`OUTPUTS`, each of shape ``(n, T)`` for years ``calibration.year .. horizon``.

    References
    ----------
    See the module docstring and ``docs/model.md``.
    """
    reg = load_registry()
    missing = [p for p in SIM_PARAMS if p not in params]
    if missing:
        raise ValueError(f"simulate_paths: missing parameters {missing}")
    if horizon is None:
        horizon = 2030
        for p in SIM_PARAMS:
            a = np.asarray(params[p])
            if reg[p].kind == "path" and a.ndim >= 1 and a.shape[-1] > 1:
                horizon = calibration.year + a.shape[-1] - 1
                break
    T = int(horizon) - calibration.year + 1
    if T < 1:
        raise ValueError(f"horizon {horizon} is before the calibration year {calibration.year}")
    x = {p: _as2d(p, params[p], reg[p].kind, T) for p in SIM_PARAMS}
    rows = {a.shape[0] for a in x.values()} - {1}
    if len(rows) > 1:
        raise ValueError(f"simulate_paths: inconsistent numbers of draws {sorted(rows)}")
    n = rows.pop() if rows else 1

    def full(a: np.ndarray) -> np.ndarray:
        return np.broadcast_to(a, (n, T))

    Y0, P0, s0 = calibration.grdp_constant_vnd_bn, calibration.deflator, calibration.de_share
    phi = x["core_fraction"][:, 0]
    delta = x["depreciation_core"][:, 0]
    alpha = x["output_elasticity_core"][:, 0]
    g0 = x["initial_capital_growth"][:, 0]
    share_dom = x["core_domestic_investment_share"][:, 0]
    fdi_frac = x["digital_fdi_fraction"][:, 0]
    disb = x["fdi_disbursement_ratio"][:, 0]
    a_max = x["adoption_ceiling"][:, 0]
    k_base = x["adoption_speed"][:, 0]
    eps = x["dx_elasticity"][:, 0]
    rho = x["digital_relative_price_drift"][:, 0]
    if np.any((g0 + delta <= 0) & np.isnan(x["core_capital_output_ratio"][:, 0])):
        raise ScenarioError(error_message(
            where="initial_capital_growth + depreciation_core", value=float(np.min(g0 + delta)),
            rule="must be > 0 for the Harberger initial capital stock"))

    # lever paths: NaN entries take the calibrated default -----------------------------
    years = calibration.years(horizon)
    obs_inv = calibration.observed_path("total_investment_vnd_bn", years)
    obs_fdi = calibration.observed_path("fdi_usd_bn", years)
    obs_dx = calibration.observed_path("dx_budget_vnd_bn", years)
    g_inv = x["investment_growth"]
    tot = np.empty((n, T))
    fdi_tot = np.empty((n, T))
    dx_def = np.empty((n, T))
    tot[:, 0] = calibration.total_investment_t0_vnd_bn
    fdi_tot[:, 0] = calibration.fdi_t0_usd_bn
    dx_def[:, 0] = calibration.dx_t0_vnd_bn
    for t in range(1, T):
        gi = 1.0 + _col(g_inv, t)
        tot[:, t] = obs_inv[t] if np.isfinite(obs_inv[t]) else tot[:, t - 1] * gi
        fdi_tot[:, t] = obs_fdi[t] if np.isfinite(obs_fdi[t]) else fdi_tot[:, t - 1] * gi
        dx_def[:, t] = obs_dx[t] if np.isfinite(obs_dx[t]) else dx_def[:, t - 1] * gi
    cdi_in = full(x["core_domestic_investment_vnd_bn"])
    fdi_in = full(x["fdi_digital_usd_bn"])
    dx_in = full(x["dx_spending_vnd_bn"])
    cdi = np.where(np.isnan(cdi_in), share_dom[:, None] * tot, cdi_in)
    fdi = ((np.where(np.isnan(fdi_in), fdi_frac[:, None] * fdi_tot, fdi_in)
            + full(x["fdi_digital_extra_usd_bn"])) * (1.0 + full(x["fdi_digital_shock"])))
    dx = np.where(np.isnan(dx_in), dx_def, dx_in)
    fx = full(x["vnd_per_usd"])
    pi = x["inflation"]
    gN = x["non_digital_growth"]
    shock = x["electronics_shock"]

    # base year ------------------------------------------------------------------------
    Dc0 = phi * s0 * Y0
    Dd0 = (1.0 - phi) * s0 * Y0
    N0 = np.full(n, (1.0 - s0) * Y0)
    a0 = Dd0 / (Dd0 + N0)
    I0 = (share_dom * calibration.base_total_investment_real_vnd_bn
          + fdi_frac * disb * calibration.base_fdi_real_vnd_bn)
    v = x["core_capital_output_ratio"][:, 0]
    K0 = np.where(np.isnan(v), I0 * (1.0 + g0) / (g0 + delta), v * Dc0)
    if np.any(K0 <= 0):
        raise ScenarioError(error_message(
            where="base-period core investment", value=float(np.min(I0)),
            rule="must be > 0 (core_domestic_investment_share or digital_fdi_fraction is 0)"))
    dx_ref_real = calibration.dx_ref_vnd_bn / calibration.dx_ref_deflator

    P = np.empty((n, T)); PD = np.empty((n, T)); K = np.empty((n, T)); Ir = np.empty((n, T))
    Dc = np.empty((n, T)); Dd = np.empty((n, T)); N = np.empty((n, T)); A = np.empty((n, T))
    keff = np.empty((n, T))
    P[:, 0] = P0; PD[:, 0] = P0; K[:, 0] = K0
    Ir[:, 0] = (cdi[:, 0] + fdi[:, 0] * disb * fx[:, 0]) / P0
    Dc[:, 0] = Dc0; Dd[:, 0] = Dd0; N[:, 0] = N0; A[:, 0] = a0
    keff[:, 0] = np.minimum(1.0, k_base * (dx[:, 0] / P0 / dx_ref_real) ** eps)
    drift = 1.0 + rho
    for t in range(1, T):
        P[:, t] = P[:, t - 1] * (1.0 + _col(pi, t))
        PD[:, t] = P[:, t] * drift ** t
        Ir[:, t] = (cdi[:, t] + fdi[:, t] * disb * fx[:, t]) / P[:, t]
        K[:, t] = (1.0 - delta) * K[:, t - 1] + Ir[:, t]
        Dc[:, t] = Dc0 * (K[:, t] / K0) ** alpha * (1.0 + _col(shock, t))
        N[:, t] = N[:, t - 1] * (1.0 + _col(gN, t))
        ratio = (dx[:, t] / P[:, t]) / dx_ref_real
        keff[:, t] = np.minimum(1.0, k_base * ratio ** eps)
        a = A[:, t - 1]
        A[:, t] = a + keff[:, t] * a * (1.0 - a / a_max)
        Dd[:, t] = A[:, t] / (1.0 - A[:, t]) * N[:, t]

    D = Dc + Dd
    Y = D + N
    Dc_n, Dd_n, N_n = PD * Dc, PD * Dd, P * N
    D_n = Dc_n + Dd_n
    Yn = D_n + N_n
    return {
        "grdp_constant_vnd_bn": Y, "grdp_current_vnd_bn": Yn, "deflator": P,
        "digital_deflator": PD,
        "core_va_constant_vnd_bn": Dc, "digitalised_va_constant_vnd_bn": Dd,
        "digital_va_constant_vnd_bn": D, "non_digital_va_constant_vnd_bn": N,
        "core_va_current_vnd_bn": Dc_n, "digitalised_va_current_vnd_bn": Dd_n,
        "digital_va_current_vnd_bn": D_n, "non_digital_va_current_vnd_bn": N_n,
        "de_share": D_n / Yn, "de_share_core": Dc_n / Yn, "de_share_digitalised": Dd_n / Yn,
        "de_share_constant": D / Y, "core_capital_constant_vnd_bn": K,
        "core_investment_constant_vnd_bn": Ir, "core_investment_current_vnd_bn": Ir * P,
        "adoption": A, "adoption_speed_effective": keff,
        "core_domestic_investment_vnd_bn": np.array(cdi), "fdi_digital_usd_bn": np.array(fdi),
        "fdi_digital_disbursed_vnd_bn": fdi * disb[:, None] * fx, "dx_spending_vnd_bn": np.array(dx),
        "total_investment_path_vnd_bn": tot,
        "core_capital_output_ratio": np.broadcast_to((K0 / Dc0)[:, None], (n, T)).copy(),
    }


# ------------------------------------------------------------------------------------------
# parameter resolution: registry defaults + calibration + scenario values -> arrays
# ------------------------------------------------------------------------------------------
_PATH_RULES_NAN = {"share_of_total_investment", "share_of_fdi", "observed_dx_budget"}


def _default_path(name: str, spec, cal: Calibration, years: np.ndarray) -> np.ndarray:
    T = len(years)
    if spec.calibrated is None:
        d = spec.default
        if isinstance(d, Mapping):
            return _apply_points(np.full(T, np.nan), d, years, cal.year, name, warn=False)
        return np.full(T, float(d))
    rule = spec.calibrated
    if rule in _PATH_RULES_NAN:
        return np.full(T, np.nan)
    if rule == "observed_then_trend_real_growth":
        obs = cal.observed_path("grdp_growth_real", years)
        return np.where(np.isnan(obs), cal.trend_real_growth, obs)
    if rule == "trend_cpi_inflation":
        obs = cal.observed_path("cpi_inflation", years)
        return np.where(np.isnan(obs), cal.trend_inflation, obs)
    if rule == "latest_exchange_rate":
        # observed rates where published, else the latest rate carried forward
        obs = cal.observed_path("vnd_per_usd", years)
        out = np.empty(T)
        cur = cal.latest_vnd_per_usd
        for i in range(T):
            if np.isfinite(obs[i]):
                cur = obs[i]
            out[i] = cur
        return out
    return np.full(T, cal.calibrated_value(rule))


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
                   horizon: int = 2030, overrides: Mapping[str, Any] | None = None
                   ) -> dict[str, Any]:
    """Turn sparse scenario values into the full parameter set of :func:`simulate_paths`.

    Scalars take the scenario value, else the registry default or the calibrated value.
    Paths (shape ``(T,)`` for years ``t0 .. horizon``) start from the default path; a
    scenario scalar applies to every year after ``t0``; year points replace the default from
    the first point on, interpolating linearly between points and holding the last value.
    Lever paths keep NaN where the calibrated default applies (filled in the core).
    Integer parameters (``target_year``, ``first_policy_year``) are returned as ints.
    """
    reg = load_registry()
    years = calibration.years(horizon)
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
        elif spec.kind == "scalar":
            if val is not None:
                out[name] = float(val)
            elif spec.calibrated:
                out[name] = float(calibration.calibrated_value(spec.calibrated))
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
    return out
