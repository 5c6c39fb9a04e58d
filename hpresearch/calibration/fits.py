"""Statistical calibration with statsmodels: growth dynamics and investment relations.

What the Monte Carlo and the report take from here:

* :func:`fit_growth_models` fits three standard univariate models to a short annual series
  (Hai Phong real GRDP growth, or growth of total investment): an AR(1) with constant
  (``ARIMA(1,0,0)``), simple exponential smoothing with additive errors (``ETSModel``) and
  a local-level unobserved-components model. The AR(1) residual standard deviation and
  persistence drive the growth shocks of the Monte Carlo (:func:`shock_spec`).
* :func:`fit_hac_ols` is OLS with Newey-West (HAC) standard errors, used for the
  investment -> core digital value added relation (electronics value added on FDI) and for
  the cross-province table (digital-economy share on electronics exports / FDI).
* :func:`calibration_report` runs both on the data layer's panel and observations and
  returns structured results plus a plain-language list of what the data cannot identify.

Every function is pure (arrays or DataFrames in, dataclasses out) except
:func:`calibration_report`, which reads the data layer.

References
----------
Hyndman, R. J., Koehler, A. B., Ord, J. K., Snyder, R. D. (2008). *Forecasting with
Exponential Smoothing: The State Space Approach*. Springer (ETS models).
Harvey, A. C. (1989). *Forecasting, Structural Time Series Models and the Kalman Filter*.
Cambridge University Press (unobserved components).
Newey, W. K., West, K. D. (1987). "A simple, positive semi-definite, heteroskedasticity and
autocorrelation consistent covariance matrix." *Econometrica* 55(3), 703-708.
Box, G. E. P., Jenkins, G. M. (1976). *Time Series Analysis: Forecasting and Control*.
Seabold, S., Perktold, J. (2010). "statsmodels: Econometric and statistical modeling with
python." *Proc. 9th Python in Science Conference*.
"""
from __future__ import annotations

import math
import warnings
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from hpresearch.errors import CalibrationError
from hpresearch.memo import Memo
from hpresearch.results import json_ready
from hpresearch.data.vocabulary import DEFAULT_BOUNDARY

#: Below this many observations a fitted model is reported but flagged as not identified.
MIN_OBS_IDENTIFIED = 10


# ---------------------------------------------------------------------------------------
# Result containers
# ---------------------------------------------------------------------------------------
@dataclass(frozen=True)
class ModelFit:
    """One fitted model.

    Attributes
    ----------
    name : str
        ``ar1``, ``ets_ann`` or ``local_level`` (or ``ols_hac``).
    params : DataFrame
        Index = parameter name; columns ``coef``, ``se``, ``t``, ``p``.
    sigma : float
        Residual (one-step innovation) standard deviation, in the series' unit.
    aic : float
    nobs : int
    diagnostics : dict
        Ljung-Box p-value (lag 1 or 2), Jarque-Bera p-value where defined, etc.
    forecast : Series
        Point forecast of the next ``h`` periods (index = year), when requested.
    """

    name: str
    params: pd.DataFrame
    sigma: float
    aic: float
    nobs: int
    diagnostics: dict[str, Any] = field(default_factory=dict)
    forecast: pd.Series | None = None

    def coef(self, name: str) -> float:
        return float(self.params.loc[name, "coef"])


@dataclass(frozen=True)
class GrowthFits:
    """AR(1), ETS(A,N,N) and local-level fits of one annual series."""

    series: str
    data: pd.Series
    ar1: ModelFit
    ets: ModelFit | None
    local_level: ModelFit | None
    notes: list[str]

    def table(self) -> pd.DataFrame:
        """Long table ``model, parameter, coef, se, t, p`` plus sigma/AIC rows."""
        rows = []
        for fit in (self.ar1, self.ets, self.local_level):
            if fit is None:
                continue
            for pname, r in fit.params.iterrows():
                rows.append({"series": self.series, "model": fit.name, "parameter": pname,
                             "coef": r["coef"], "se": r["se"], "t": r["t"], "p": r["p"]})
            rows.append({"series": self.series, "model": fit.name, "parameter": "sigma",
                         "coef": fit.sigma, "se": np.nan, "t": np.nan, "p": np.nan})
        return pd.DataFrame(rows)


@dataclass(frozen=True)
class ShockSpec:
    """A shock process of the Monte Carlo: ``e_t = phi e_{t-1} + sigma z_t``.

    Attributes
    ----------
    sigma, phi : float
        Innovation sd and persistence (from a fit or a documented derivation).
    source : str
        Which series and years (or which statement) give them.
    transform : {"add", "log"}
        ``add``: ``e`` is added to the parameter (growth rates). ``log``: the parameter is a
        proportional deviation ``x`` and becomes ``(1 + x) exp(e) - 1`` - a log-normal,
        median-preserving shock (FDI flows, electronics demand).
    start : {"stationary", "zero"}
        ``stationary``: ``e_0`` from the stationary distribution; ``zero``: ``e_0 = 0`` (the
        base year is data) and the process starts in the first projection year.
    """

    sigma: float
    phi: float
    source: str
    transform: str = "add"
    start: str = "stationary"

    def draw(self, n: int, years: int, rng: np.random.Generator) -> np.ndarray:
        """Return shocks of shape ``(n, years)``; vectorised over draws, a loop over years.

        The first year starts from the stationary distribution ``N(0, sigma^2/(1-phi^2))``
        when ``|phi| < 1`` (otherwise from ``N(0, sigma^2)``).
        """
        z = rng.standard_normal((n, years))
        if self.sigma == 0.0 or years == 0:
            return np.zeros((n, years))
        out = np.empty((n, years))
        sd0 = self.sigma / math.sqrt(1 - self.phi ** 2) if abs(self.phi) < 1 else self.sigma
        out[:, 0] = sd0 * z[:, 0]
        for t in range(1, years):
            out[:, t] = self.phi * out[:, t - 1] + self.sigma * z[:, t]
        return out


@dataclass(frozen=True)
class OLSFit:
    """OLS with HAC (Newey-West) standard errors."""

    name: str
    formula: str
    params: pd.DataFrame
    nobs: int
    rsquared: float
    hac_maxlags: int
    diagnostics: dict[str, Any]
    notes: list[str]

    def coef(self, name: str) -> float:
        return float(self.params.loc[name, "coef"])


# ---------------------------------------------------------------------------------------
# Helpers
# ---------------------------------------------------------------------------------------
def _clean_series(series: pd.Series, name: str, min_obs: int) -> pd.Series:
    s = pd.Series(series, dtype=float).dropna()
    s = s.sort_index()
    if len(s) < min_obs:
        raise CalibrationError(f"calibration: series {name!r} has {len(s)} observations; "
                               f"at least {min_obs} are needed")
    if float(s.max() - s.min()) <= 1e-12 * max(1.0, float(s.abs().max())):
        raise CalibrationError(f"calibration: series {name!r} is constant ({s.iloc[0]}); "
                               "no dynamics can be estimated")
    return s


def _param_table(names, coef, se) -> pd.DataFrame:
    from scipy import stats

    coef = np.asarray(coef, dtype=float)
    se = np.asarray(se, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        t = coef / se
    p = 2 * stats.norm.sf(np.abs(t))
    return pd.DataFrame({"coef": coef, "se": se, "t": t, "p": p},
                        index=pd.Index(list(names), name="parameter"))


def _ljung_box_p(resid: np.ndarray) -> float:
    from statsmodels.stats.diagnostic import acorr_ljungbox

    resid = np.asarray(resid, dtype=float)
    resid = resid[np.isfinite(resid)]
    if len(resid) < 4:
        return float("nan")
    lag = 1 if len(resid) < 12 else 2
    return float(acorr_ljungbox(resid, lags=[lag])["lb_pvalue"].iloc[0])


def _jarque_bera_p(resid: np.ndarray) -> float:
    from statsmodels.stats.stattools import jarque_bera

    resid = np.asarray(resid, dtype=float)
    resid = resid[np.isfinite(resid)]
    if len(resid) < 8:
        return float("nan")
    return float(jarque_bera(resid)[1])


# ---------------------------------------------------------------------------------------
# Univariate growth models
# ---------------------------------------------------------------------------------------
def fit_ar1(series: pd.Series, name: str = "series", horizon: int = 0) -> ModelFit:
    """Fit ``y_t = mu + phi (y_{t-1} - mu) + e_t`` by exact Gaussian ML (statsmodels ARIMA).

    Parameters
    ----------
    series : Series
        Annual values indexed by year (e.g. real growth as fractions).
    name : str
        Series label for messages.
    horizon : int
        Number of years to forecast (0 = none).

    Returns
    -------
    ModelFit
        Parameters ``mean``, ``phi``; ``sigma`` is the innovation standard deviation.
    """
    from statsmodels.tsa.arima.model import ARIMA

    s = _clean_series(series, name, 4)
    y = s.to_numpy()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        res = ARIMA(y, order=(1, 0, 0), trend="c").fit()
    names = list(res.model.param_names)  # ['const', 'ar.L1', 'sigma2']
    params = np.asarray(res.params)
    bse = np.asarray(res.bse)
    table = _param_table(["mean", "phi"], params[:2], bse[:2])
    sigma = math.sqrt(float(params[names.index("sigma2")]))
    resid = np.asarray(res.resid)[1:]
    fc = None
    if horizon:
        years = np.arange(int(s.index[-1]) + 1, int(s.index[-1]) + 1 + horizon)
        fc = pd.Series(np.asarray(res.forecast(horizon)), index=years, name=name)
    return ModelFit(name="ar1", params=table, sigma=sigma, aic=float(res.aic), nobs=len(y),
                    diagnostics={"ljung_box_p": _ljung_box_p(resid),
                                 "jarque_bera_p": _jarque_bera_p(resid)},
                    forecast=fc)


_AR1_MEMO = Memo(maxsize=4097)


def fit_ar1_memo(series: pd.Series, name: str = "series") -> ModelFit:
    """:func:`fit_ar1` memoised on the series' years and values (backtests refit the same
    information sets many times; the fit is deterministic)."""
    s = pd.Series(series, dtype=float).dropna().sort_index()
    key = (name, tuple(int(y) for y in s.index), tuple(float(v) for v in s))
    if key not in _AR1_MEMO:
        _AR1_MEMO[key] = fit_ar1(s, name)
    return _AR1_MEMO[key]


def fit_ets(series: pd.Series, name: str = "series", horizon: int = 0) -> ModelFit:
    """Simple exponential smoothing with additive errors, ETS(A,N,N), by ML (statsmodels)."""
    from statsmodels.tsa.exponential_smoothing.ets import ETSModel

    s = _clean_series(series, name, 4)
    y = s.to_numpy()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        res = ETSModel(y, error="add", trend=None, seasonal=None).fit(disp=False)
    pnames = list(res.model.param_names)  # ['smoothing_level', 'initial_level']
    bse = np.asarray(getattr(res, "bse", np.full(len(pnames), np.nan)), dtype=float)
    table = _param_table(["alpha", "initial_level"], np.asarray(res.params)[:2], bse[:2])
    resid = np.asarray(res.resid)
    sigma = float(np.sqrt(np.mean(resid ** 2)))
    fc = None
    if horizon:
        years = np.arange(int(s.index[-1]) + 1, int(s.index[-1]) + 1 + horizon)
        fc = pd.Series(np.asarray(res.forecast(horizon)), index=years, name=name)
    return ModelFit(name="ets_ann", params=table, sigma=sigma, aic=float(res.aic), nobs=len(y),
                    diagnostics={"ljung_box_p": _ljung_box_p(resid)}, forecast=fc)


def fit_local_level(series: pd.Series, name: str = "series", horizon: int = 0) -> ModelFit:
    """Local-level unobserved-components model (Harvey 1989) by ML (statsmodels).

    ``y_t = mu_t + eps_t``, ``mu_t = mu_{t-1} + eta_t``; reports the two variances and the
    signal-to-noise ratio ``q = var(eta) / var(eps)``.
    """
    from statsmodels.tsa.statespace.structural import UnobservedComponents

    s = _clean_series(series, name, 4)
    y = s.to_numpy()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        res = UnobservedComponents(y, level="local level").fit(disp=False)
    params = np.asarray(res.params)
    bse = np.asarray(res.bse)
    table = _param_table(["sigma2_irregular", "sigma2_level"], params[:2], bse[:2])
    resid = np.asarray(res.resid)[1:]
    var_total = float(params[0] + params[1])
    fc = None
    if horizon:
        years = np.arange(int(s.index[-1]) + 1, int(s.index[-1]) + 1 + horizon)
        fc = pd.Series(np.asarray(res.forecast(horizon)), index=years, name=name)
    return ModelFit(name="local_level", params=table, sigma=math.sqrt(max(var_total, 0.0)),
                    aic=float(res.aic), nobs=len(y),
                    diagnostics={"ljung_box_p": _ljung_box_p(resid),
                                 "signal_to_noise": float(params[1] / params[0])
                                 if params[0] > 0 else float("inf")},
                    forecast=fc)


def fit_growth_models(series: pd.Series, name: str = "grdp_growth_real",
                      horizon: int = 0) -> GrowthFits:
    """Fit AR(1), ETS(A,N,N) and local level to one annual series and say what is identified.

    Parameters
    ----------
    series : Series
        Annual values indexed by integer year (NaNs are dropped).
    name : str
        Series label.
    horizon : int
        Forecast years for each model.

    Returns
    -------
    GrowthFits
        The three fits (ETS / local level are ``None`` when they fail to converge) and
        plain-language ``notes`` on identification.
    """
    s = _clean_series(series, name, 4)
    ar1 = fit_ar1(s, name, horizon)
    notes: list[str] = []
    try:
        ets = fit_ets(s, name, horizon)
    except Exception as err:  # pragma: no cover - numerical failure on degenerate data
        ets = None
        notes.append(f"{name}: ETS(A,N,N) did not converge ({type(err).__name__}).")
    try:
        ll = fit_local_level(s, name, horizon)
    except Exception as err:  # pragma: no cover
        ll = None
        notes.append(f"{name}: local-level model did not converge ({type(err).__name__}).")
    n = len(s)
    years = f"{int(s.index[0])}-{int(s.index[-1])}"
    if n < MIN_OBS_IDENTIFIED:
        notes.append(
            f"{name}: only {n} annual points ({years}); the AR(1) persistence phi "
            f"({ar1.coef('phi'):.2f} ± {ar1.params.loc['phi', 'se']:.2f}) is not identified "
            "from so few points - treat it as a prior, not a finding.")
        if ll is not None:
            notes.append(
                f"{name}: with {n} points the local-level model cannot separate permanent "
                "(level) from transitory (irregular) variance; only their sum is informative.")
    notes.append(
        f"{name}: the innovation sd ({ar1.sigma:.4f}) is the one quantity the data pin down "
        "reasonably; it scales the Monte Carlo growth shocks.")
    return GrowthFits(series=name, data=s, ar1=ar1, ets=ets, local_level=ll, notes=notes)


def shock_spec(fits: GrowthFits, phi_bounds: tuple[float, float] = (0.0, 0.9)) -> ShockSpec:
    """Growth-shock process from an AR(1) fit; ``phi`` is clipped into ``phi_bounds``.

    Clipping keeps the shock process stationary and non-oscillating whatever a handful of
    points suggests (a negative or explosive phi from seven points is noise).
    """
    phi = float(np.clip(fits.ar1.coef("phi"), *phi_bounds))
    s = fits.data
    return ShockSpec(sigma=float(fits.ar1.sigma), phi=phi,
                     source=f"AR(1) fit of {fits.series}, {int(s.index[0])}-{int(s.index[-1])}"
                            f" (n={len(s)}), statsmodels ARIMA(1,0,0)")


# ---------------------------------------------------------------------------------------
# OLS with HAC standard errors
# ---------------------------------------------------------------------------------------
#: Smallest innovation sd of annual real growth used for a backtest origin's shocks (1
#: percentage point): below the sd of every published real-growth series in the observation
#: files, and the value used when fewer than two growth rates are known at the origin.
GROWTH_SD_FLOOR = 0.01
#: Growth rates needed for the AR(1) fit of an origin's shocks (statsmodels needs four).
MIN_AR1_POINTS = 4
#: AR(1) persistence bounds of the shocks (as :func:`shock_spec`).
PHI_BOUNDS = (0.0, 0.9)


def growth_shock_at(growth: pd.Series) -> tuple[ShockSpec, str]:
    """AR(1) growth shocks fitted on the growth rates known at an origin.

    * ``n >= 4`` rates: statsmodels ARIMA(1,0,0) (:func:`fit_ar1`),
      ``phi`` clipped to :data:`PHI_BOUNDS`;
    * ``2 <= n < 4``: the sample sd, ``phi = 0``;
    * ``n < 2``: the floor.

    ``sigma`` is never below :data:`GROWTH_SD_FLOOR`.

    Returns
    -------
    (ShockSpec, str)
        The shock process and a note saying which rule applied.
    """
    g = growth.dropna().sort_index()
    n = len(g)
    span = f"{int(g.index[0])}-{int(g.index[-1])}" if n else "none"
    if n >= MIN_AR1_POINTS:
        try:
            fit = fit_ar1_memo(g)
            sigma = max(float(fit.sigma), GROWTH_SD_FLOOR)
            phi = float(np.clip(fit.coef("phi"), *PHI_BOUNDS))
            note = f"AR(1) fit of {n} growth rates known at the origin ({span})"
            if sigma == GROWTH_SD_FLOOR:
                note += f"; sd raised to the floor {GROWTH_SD_FLOOR}"
            return ShockSpec(sigma=sigma, phi=phi, source=note), note
        except CalibrationError:
            pass
    if n >= 2:
        sd = float(g.std(ddof=1))
        sigma = max(sd, GROWTH_SD_FLOOR)
        note = (f"sample sd of {n} growth rates known at the origin ({span}), phi = 0"
                + (f"; raised to the floor {GROWTH_SD_FLOOR}" if sd < GROWTH_SD_FLOOR else ""))
        return ShockSpec(sigma=sigma, phi=0.0, source=note), note
    note = f"{n} growth rate(s) known at the origin: stated sd floor {GROWTH_SD_FLOOR}, phi = 0"
    return ShockSpec(sigma=GROWTH_SD_FLOOR, phi=0.0, source=note), note


def fit_hac_ols(data: pd.DataFrame, y: str, x: list[str] | str, name: str | None = None,
                maxlags: int | None = None, log: bool = False) -> OLSFit:
    """OLS of ``y`` on ``x`` (with constant) and Newey-West (HAC) standard errors.

    Parameters
    ----------
    data : DataFrame
        Rows are observations (years or provinces); rows with a missing value are dropped.
    y, x : str, list of str
        Column names.
    name : str, optional
        Label (default ``"y ~ x"``).
    maxlags : int, optional
        HAC truncation lag; default ``floor(4 (n/100)^(2/9))`` (Newey & West 1994 rule),
        at least 1.
    log : bool
        Regress ``log y`` on ``log x`` (elasticities); non-positive values are an error.

    Returns
    -------
    OLSFit
    """
    import statsmodels.api as sm
    from statsmodels.stats.diagnostic import het_breuschpagan

    xs = [x] if isinstance(x, str) else list(x)
    missing = [c for c in [y, *xs] if c not in data.columns]
    if missing:
        raise CalibrationError(f"calibration: columns {missing} not in the data "
                               f"(available: {list(data.columns)})")
    d = data[[y, *xs]].astype(float).dropna()
    if log:
        bad = d[(d <= 0).any(axis=1)]
        if len(bad):
            raise CalibrationError(f"calibration: log-log fit needs positive values; row "
                                   f"{bad.index[0]!r} has {bad.iloc[0].to_dict()}")
        d = np.log(d)
    n, k = len(d), len(xs) + 1
    if n <= k:
        raise CalibrationError(f"calibration: {n} complete rows for {k} coefficients in "
                               f"{y} ~ {' + '.join(xs)}; need more rows than coefficients")
    if maxlags is None:
        maxlags = max(1, int(math.floor(4 * (n / 100) ** (2 / 9))))
    X = sm.add_constant(d[xs], has_constant="add")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        res = sm.OLS(d[y], X).fit(cov_type="HAC", cov_kwds={"maxlags": maxlags})
    table = _param_table(list(X.columns), res.params.to_numpy(), res.bse.to_numpy())
    diags: dict[str, Any] = {"condition_number": float(res.condition_number),
                             "durbin_watson": float(sm.stats.durbin_watson(res.resid))}
    if n > k + 1:
        try:
            diags["breusch_pagan_p"] = float(het_breuschpagan(res.resid, X)[1])
        except Exception:  # pragma: no cover - singular auxiliary regression
            diags["breusch_pagan_p"] = float("nan")
    diags["jarque_bera_p"] = _jarque_bera_p(res.resid.to_numpy())
    label = name or f"{'log ' if log else ''}{y} ~ {' + '.join(xs)}"
    notes = []
    if n < MIN_OBS_IDENTIFIED:
        notes.append(f"{label}: {n} observations for {k} coefficients - HAC standard errors are "
                     "unreliable in samples this small (Newey-West is an asymptotic result); "
                     "read the slope as descriptive, not causal.")
    return OLSFit(name=label, formula=f"{y} ~ {' + '.join(xs)}", params=table, nobs=n,
                  rsquared=float(res.rsquared), hac_maxlags=maxlags, diagnostics=diags,
                  notes=notes)


# ---------------------------------------------------------------------------------------
# Report on the project's data
# ---------------------------------------------------------------------------------------
@dataclass(frozen=True)
class CalibrationReport:
    """Statistical calibration on the observation files for one boundary and basis.

    Attributes
    ----------
    growth : GrowthFits
        Real GRDP growth (fractions): AR(1), ETS, local level.
    investment : GrowthFits or None
        Growth of total social investment (fractions), when >= 4 years exist.
    electronics_fdi : OLSFit or None
        Electronics value added on registered FDI (log-log), when estimable.
    cross_province : OLSFit or None
        Digital-economy share on log goods exports across provinces.
    cross_province_data : DataFrame
        The table behind ``cross_province`` (one row per province, with obs years).
    shock : ShockSpec
        Growth-shock process used by the Monte Carlo.
    not_identified : list of str
        Plain-language list of what the data cannot pin down (English, technical: parameter
        keys and model names, for the appendix and the CLI).
    gaps : tuple of (str, dict)
        The same limits for a reader in any language: ``(kind, values)``, where catalogue key
        ``gap.<kind>`` holds the sentence and ``values`` fill its placeholders (issue 20).
    """

    boundary: str
    basis: str
    growth: GrowthFits
    investment: GrowthFits | None
    electronics_fdi: OLSFit | None
    cross_province: OLSFit | None
    cross_province_data: pd.DataFrame
    shock: ShockSpec
    not_identified: list[str]
    gaps: tuple[tuple[str, dict[str, Any]], ...] = ()

    def table(self) -> pd.DataFrame:
        """All fitted coefficients in one long table."""
        frames = [self.growth.table()]
        if self.investment is not None:
            frames.append(self.investment.table())
        for fit in (self.electronics_fdi, self.cross_province):
            if fit is not None:
                t = fit.params.reset_index().assign(series=fit.name, model="ols_hac")
                frames.append(t[["series", "model", "parameter", "coef", "se", "t", "p"]])
        return pd.concat(frames, ignore_index=True)

    def summary(self) -> str:
        """Readable lines: the growth fits, the Monte Carlo's shock, what is not identified."""
        ar1 = self.growth.ar1
        lines = [f"Calibration report - boundary {self.boundary}, basis {self.basis}",
                 f"  growth ({self.growth.series}): AR(1) phi {ar1.coef('phi'):.3f}, "
                 f"sigma {ar1.sigma:.4f}, {ar1.nobs} years",
                 f"  growth shock: sigma {self.shock.sigma:.4f}, phi {self.shock.phi:.3f} "
                 f"({self.shock.source})"]
        lines += [f"  not identified: {item}" for item in self.not_identified]
        return "\n".join(lines)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready: boundary, basis, every coefficient, the shock, what is not identified."""
        shock = {k: getattr(self.shock, k) for k in ("sigma", "phi", "source", "transform",
                                                      "start")}
        return json_ready({"boundary": self.boundary, "basis": self.basis,
                           "coefficients": self.table().to_dict(orient="records"),
                           "shock": shock, "not_identified": list(self.not_identified)})


def _count(n: int, singular: str, plural: str) -> str:
    """``"1 province"``, ``"3 provinces"``, ``"no province"``: English counts read right."""
    return f"no {singular}" if n == 0 else f"{n} {singular if n == 1 else plural}"


def _years(index) -> str:
    """``"2019-2025"``, ``"2024"`` or ``""`` for a run of years."""
    years = [int(y) for y in index]
    if not years:
        return ""
    return str(years[0]) if len(years) == 1 else f"{years[0]}-{years[-1]}"


def growth_gaps(growth: GrowthFits) -> list[tuple[str, dict[str, Any]]]:
    """What a short growth series cannot identify, as ``(kind, values)`` for ``gap.<kind>``."""
    n = len(growth.data)
    if n >= MIN_OBS_IDENTIFIED:
        return []
    gaps = [("growth_phi", {"n": n, "years": _years(growth.data.index),
                            "phi": growth.ar1.coef("phi"),
                            "se": growth.ar1.params.loc["phi", "se"]})]
    if growth.local_level is not None:
        gaps.append(("growth_level", {"n": n}))
    return gaps


def _contiguous_tail(s: pd.Series) -> pd.Series:
    """Longest run of consecutive years ending at the last year."""
    if s.empty:
        return s
    years = list(s.index.astype(int))
    start = len(years) - 1
    while start > 0 and years[start - 1] == years[start] - 1:
        start -= 1
    return s.iloc[start:]


def growth_series(boundary: str = DEFAULT_BOUNDARY, obs: pd.DataFrame | None = None) -> pd.Series:
    """Real GRDP growth (fractions) for the boundary: the longest run of consecutive years.

    ``pre_merger``: Hai Phong; ``merged``: the pre-merger Hai Phong run extended with the
    merged city's published growth for the years it exists (2025 onward), labelled in the
    notes of :func:`calibration_report`.
    """
    from hpresearch.data import latest_by_year

    hp = latest_by_year(obs, "grdp_growth_real", "hai_phong", ("gso",)) / 100.0
    if boundary == "merged":
        merged = latest_by_year(obs, "grdp_growth_real", "hai_phong_merged", ("gso",)) / 100.0
        hp = pd.concat([hp[~hp.index.isin(merged.index)], merged]).sort_index()
    return _contiguous_tail(hp)


def calibration_report(boundary: str = DEFAULT_BOUNDARY, basis: str = "gso",
                       obs: pd.DataFrame | None = None) -> CalibrationReport:
    """Fit the statistical models on the observation files and list what is not identified.

    Parameters
    ----------
    boundary : {"pre_merger", "merged"}
    basis : {"gso", "mic"}
        Basis of the digital-economy shares in the cross-province table.
    obs : DataFrame, optional
        Observations (default :func:`hpresearch.data.load_observations`).
    """
    from hpresearch import data as hdata

    if obs is None:
        obs = hdata.load_observations()
    notes: list[str] = []
    g = growth_series(boundary, obs)
    growth = fit_growth_models(g, "grdp_growth_real")
    notes.extend(growth.notes)
    gaps = growth_gaps(growth)
    if boundary == "merged":
        notes.append("merged boundary: growth before 2025 is pre-merger Hai Phong's (no merged "
                     "history is published); the merged city's own dynamics are not identified.")
        gaps.append(("merged_history", {}))
    geo = "hai_phong"
    inv = _contiguous_tail(hdata.latest_by_year(obs, "total_investment", geo))
    investment = None
    inv_growth = inv.pct_change().dropna()
    if len(inv_growth) >= 4:
        investment = fit_growth_models(inv_growth, "total_investment_growth")
        notes.extend(investment.notes)
    else:
        years = _years(inv_growth.index)
        rates = _count(len(inv_growth), "annual growth rate", "annual growth rates")
        notes.append(f"total_investment_growth: {rates}{f' ({years})' if years else ''} - too "
                     "few for any time-series model; investment paths are scenario inputs, not "
                     "forecasts.")
        gaps.append(("investment_few" if len(inv_growth) else "investment_none",
                     {"n": len(inv_growth), "years": years}))
    ev = hdata.latest_by_year(obs, "electronics_va", geo)
    fdi = hdata.latest_by_year(obs, "fdi_registered", geo)
    joint = pd.DataFrame({"electronics_va": ev, "fdi": fdi}).dropna()
    electronics_fdi = None
    if len(joint) >= 4:
        electronics_fdi = fit_hac_ols(joint, "electronics_va", "fdi", log=True,
                                      name="log electronics_va ~ log fdi_registered")
        notes.extend(electronics_fdi.notes)
    else:
        ev_years = ", ".join(str(int(y)) for y in ev.index)
        gaps.append(("electronics_fdi", {"n_ev": len(ev), "years": ev_years or "–",
                                         "n_fdi": len(fdi)}))
        notes.append(
            f"electronics value added vs FDI: "
            f"{_count(len(ev), 'electronics VA point', 'electronics VA points')}"
            f"{f' ({ev_years})' if ev_years else ''} against "
            f"{_count(len(fdi), 'annual FDI point', 'annual FDI points')}"
            " - the investment -> core digital value-added elasticity cannot be "
            "estimated; the Monte Carlo uses the documented ranges of output_elasticity_core, "
            "capacity_decay and digital_fdi_fraction instead.")
    table = hdata.cross_province_table(obs, basis)
    cross = None
    if len(table) >= 4:
        cross = fit_hac_ols(table, "de_share", "log_goods_exports",
                            name=f"de_share ({basis}) ~ log goods_exports, provinces")
        notes.extend(cross.notes)
        gaps.append(("cross_section", {"n": len(table)}))
        notes.append("cross-province table: total goods exports stand in for electronics exports "
                     "(no provincial electronics-export series is published); one year per "
                     "province, so the slope is a cross-section association, not an effect of "
                     "investment over time.")
    else:
        notes.append(f"cross-province table ({basis}): "
                     f"{_count(len(table), 'province', 'provinces')} with both a "
                     "digital-economy share and goods exports - too few to fit.")
        gaps.append(("cross_few", {"n": len(table)}))
    return CalibrationReport(boundary=boundary, basis=basis, growth=growth, investment=investment,
                             electronics_fdi=electronics_fdi, cross_province=cross,
                             cross_province_data=table, shock=shock_spec(growth),
                             not_identified=notes, gaps=tuple(gaps))


# ------------------------------------------------------------------------------------------
# output elasticity of core capacity, from a published plant expansion
# ------------------------------------------------------------------------------------------
def plant_capacity_elasticity(expansion: dict | None) -> dict[str, Any] | None:
    """Elasticity of a plant's output capacity to its registered capital, from one expansion.

    ``alpha = ln(C1/C0) / ln(K1/K0)``: ``C0`` the capacity installed when an expansion is
    announced, ``C1`` the capacity planned after it, ``K0`` the registered capital before
    and ``K1`` after. The page publishes each capacity as a range; the central value uses
    the midpoints and the range its extreme combinations (lowest ``C1/C0``: low ``C1`` over
    high ``C0``). This is the elasticity ``alpha`` of ``Dc = Dc0 (K/K0)^alpha`` for the
    block's largest plant if value added moves with capacity (fixed coefficients at the
    plant).

    Parameters
    ----------
    expansion : dict or None
        :func:`hpresearch.data.plant_expansion`.

    Returns
    -------
    dict or None
        ``value``, ``low``, ``high``, ``obs_ids`` and ``source``; None without an expansion.

    References
    ----------
    Leontief, W. (1941). *The Structure of American Economy, 1919-1929*. Harvard UP
    (fixed-coefficient production). Chenery, H. B. (1952). "Overcapacity and the
    acceleration principle." *Econometrica* 20(1), 1-28 (capacity and capital of plants).
    """
    if expansion is None:
        return None
    (c0lo, c0hi), (c1lo, c1hi) = expansion["capacity_now"], expansion["capacity_planned"]
    k0, k1 = expansion["capital"]
    if min(c0lo, c1lo, k0) <= 0 or k1 <= k0:
        return None
    dk = math.log(k1 / k0)
    value = math.log((c1lo + c1hi) / (c0lo + c0hi)) / dk
    low, high = math.log(c1lo / c0hi) / dk, math.log(c1hi / c0lo) / dk
    source = (f"derived: LG Display Hai Phong capacity {c0lo:g}-{c0hi:g} -> {c1lo:g}-{c1hi:g} mn "
              f"units/month for registered capital {k0:g} -> {k1:g} USD bn "
              f"({expansion['period']}); ln(C1/C0)/ln(K1/K0) = {value:.3f} at the midpoints, "
              f"{low:.3f}-{high:.3f} over the published ranges (one plant's expansion)")
    return {"value": value, "low": low, "high": high, "capital": (k0, k1),
            "obs_ids": list(expansion["obs_ids"]), "source": source}


def naive_trend_forecast(history: pd.Series, years: list[int]) -> pd.Series:
    """ESCAP-style time-weighted linear trend forecast.

    Parameters
    ----------
    history : Series
        Values indexed by year.
    years : list of int
        Years to forecast.

    Returns
    -------
    Series
        Forecast indexed by year. One observation: the last value (no trend).

    Notes
    -----
    Weighted least squares ``y_t = a + b t`` with weights ``w_i = i`` (``i = 1..n`` in time
    order): the backtest's ``naive`` benchmark and the reports' share baseline.

    References
    ----------
    UN ESCAP (2017). *Tracking progress towards the SDGs: measuring the otherwise ambiguous
    progress*, SD/WP/05 (time-weighted linear trend).
    """
    h = history.dropna().sort_index()
    if len(h) == 0:
        return pd.Series(np.nan, index=years, dtype=float)
    if len(h) == 1:
        return pd.Series(float(h.iloc[-1]), index=years, dtype=float)
    t = h.index.to_numpy(dtype=float)
    y = h.to_numpy(dtype=float)
    w = np.arange(1, len(h) + 1, dtype=float)
    tw = np.average(t, weights=w)
    yw = np.average(y, weights=w)
    denom = np.sum(w * (t - tw) ** 2)
    b = np.sum(w * (t - tw) * (y - yw)) / denom if denom > 0 else 0.0
    a = yw - b * tw
    return pd.Series(a + b * np.asarray(years, dtype=float), index=years, dtype=float)
