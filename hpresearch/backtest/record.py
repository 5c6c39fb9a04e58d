"""What the share record supports: the basis of every probability the reports state.

The reports' answer is a digital-economy *share*, so their probabilities may rest only on
share errors. :func:`share_record` reads the engine's backtest forecasts of shares (the
``unconditional`` mode, the one the reports' projections are) and checks the criteria a
calibrated probability needs:

* at least :data:`MIN_FORECASTS` scored share forecasts from at least
  :data:`MIN_GEOGRAPHIES` geographies;
* calibrated band coverage within :data:`COVERAGE_WINDOWS` (50% and 80% bands, each band
  learned only from share errors known at its origin);
* a mean absolute error no worse than the naive trend's on the same points;
* no significant sign bias (sign test p >= :data:`SIGN_P`).

When all hold, the reports' fan is the share-error calibration
(:func:`hpresearch.backtest.rolling.fan_calibration` with ``kinds=("share",)``) and every
probability says "calibrated on n share errors from g geographies". Otherwise no
calibration is applied, the bands are the model's own (conditional on the stated
assumptions) and every probability says "model assumptions only", with the record beside
it. The thresholds are the project's acceptance rule for a calibrated share probability
(issue 19), not modelling assumptions.

The record also names the method that forecast shares best on the engine's points
(:attr:`ShareRecord.best_method`).

References
----------
Gneiting, T., Balabdaoui, F., Raftery, A. E. (2007). "Probabilistic forecasts, calibration
and sharpness." *JRSS B* 69(2), 243-268.
Tetlock, P. E., Gardner, D. (2015). *Superforecasting*. Crown (base rates before models).
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from hpresearch.backtest.scoring import geography_of, score_by_kind
from hpresearch.backtest.statistical import AR1_LOGDRIFT, NAIVE
from hpresearch.backtest.structural import ENGINE, UNCONDITIONAL
from hpresearch.uncertainty import fan_scaling as fs
from hpresearch.uncertainty.fan_scaling import FanCalibration

#: Acceptance rule of a calibrated share probability.
MIN_FORECASTS = 20
MIN_GEOGRAPHIES = 4
COVERAGE_WINDOWS = {50: (0.35, 0.65), 80: (0.65, 0.95)}
SIGN_P = 0.05
#: Bases of a probability.
CALIBRATED, MODEL_ONLY = "share_errors", "model_assumptions"


@dataclass(frozen=True)
class ShareRecord:
    """The engine's share record and what it supports.

    Attributes
    ----------
    n, n_geographies : int
        Scored unconditional engine share forecasts and their geographies.
    geographies : tuple of str
    mae, bias : float
        Of those forecasts (fraction units: 0.01 = 1 pp).
    mae_by_method : dict
        MAE of every method on the same (series, origin, year) points.
    n_above, n_below : int
    sign_p : float
        Two-sided sign test of the errors.
    n_calibrated : int
        Forecasts with a calibrated band (the rest had too few earlier share errors).
    coverage50, coverage80 : float
        Calibrated coverage (NaN when none had a calibrated band).
    checks : dict[str, bool]
        Each acceptance criterion.
    fan : FanCalibration or None
        The share-error calibration the reports apply, or None (model bands).
    """

    n: int
    n_geographies: int
    geographies: tuple[str, ...]
    mae: float
    bias: float
    mae_by_method: dict[str, float]
    n_above: int
    n_below: int
    sign_p: float
    n_calibrated: int
    coverage50: float
    coverage80: float
    checks: dict[str, bool] = field(default_factory=dict)
    fan: FanCalibration | None = None

    @property
    def calibrated(self) -> bool:
        """Whether every acceptance criterion holds."""
        return bool(self.checks) and all(self.checks.values())

    @property
    def basis(self) -> str:
        """:data:`CALIBRATED` or :data:`MODEL_ONLY`."""
        return CALIBRATED if self.calibrated else MODEL_ONLY

    @property
    def best_method(self) -> str:
        """The method with the lowest share MAE on the engine's points."""
        finite = {m: v for m, v in self.mae_by_method.items() if math.isfinite(v)}
        return min(finite, key=finite.get) if finite else ENGINE

    def basis_text(self, lang: str = "en") -> str:
        """One sentence for every probability: what it rests on."""
        from hpresearch import i18n

        if self.calibrated:
            key = "basis.share_errors"
        elif self.checks.get("n") and self.checks.get("geographies"):
            key = "basis.model_assumptions_failed"
        else:
            key = "basis.model_assumptions"
        failed = ", ".join(k for k, ok in self.checks.items() if not ok)
        return i18n.t(key, lang, n=self.n, geographies=self.n_geographies,
                      min_n=MIN_FORECASTS, min_geographies=MIN_GEOGRAPHIES, failed=failed)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready: the record, the criteria, the basis and the fan it implies."""
        from hpresearch.results import json_ready

        return json_ready({
            "basis": self.basis, "basis_text": self.basis_text("en"),
            "calibrated": self.calibrated, "n": self.n, "n_geographies": self.n_geographies,
            "geographies": list(self.geographies), "mae": self.mae, "bias": self.bias,
            "mae_by_method": self.mae_by_method, "best_method": self.best_method,
            "n_above": self.n_above, "n_below": self.n_below, "sign_p": self.sign_p,
            "n_calibrated": self.n_calibrated, "coverage50": self.coverage50,
            "coverage80": self.coverage80, "checks": self.checks,
            "rule": {"min_forecasts": MIN_FORECASTS, "min_geographies": MIN_GEOGRAPHIES,
                     "coverage_windows": {str(k): list(v) for k, v in COVERAGE_WINDOWS.items()},
                     "sign_p": SIGN_P, "mae": "no worse than the naive trend on the same points"},
            "fan": self.fan.to_dict() if self.fan is not None else None})

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> "ShareRecord":
        """Inverse of :meth:`to_dict`."""
        fan = FanCalibration.from_dict(d["fan"]) if d.get("fan") else None
        num = {k: float("nan") if d[k] is None else float(d[k])
               for k in ("mae", "bias", "sign_p", "coverage50", "coverage80")}
        return cls(n=int(d["n"]), n_geographies=int(d["n_geographies"]),
                   geographies=tuple(d["geographies"]),
                   mae_by_method={k: float("nan") if v is None else float(v)
                                  for k, v in d["mae_by_method"].items()},
                   n_above=int(d["n_above"]), n_below=int(d["n_below"]),
                   n_calibrated=int(d["n_calibrated"]), checks=dict(d["checks"]), fan=fan,
                   **num)


def record_from(result) -> ShareRecord:
    """The share record of a backtest result (:class:`~hpresearch.backtest.rolling.BacktestResult`)."""
    f = result.forecasts
    kinds = score_by_kind(f)
    sel = kinds[(kinds["kind"] == "share") & (kinds["method"] == ENGINE)
                & (kinds["mode"] == UNCONDITIONAL)]
    raw = sel[sel["bands"] == "raw"]
    cal = sel[sel["bands"] == "calibrated"]
    eng = f[(f["kind"] == "share") & (f["method"] == ENGINE) & (f["mode"] == UNCONDITIONAL)]
    if raw.empty:
        return ShareRecord(0, 0, (), math.nan, math.nan, {}, 0, 0, math.nan, 0, math.nan,
                           math.nan, checks={"n": False})
    r, c = raw.iloc[0], (cal.iloc[0] if len(cal) else None)
    mae = _mae_on_points(f, eng)
    cov = {lv: float(c[f"coverage{lv}"]) if c is not None else math.nan for lv in (50, 80)}
    checks = {
        "n": int(r["n"]) >= MIN_FORECASTS,
        "geographies": int(r["n_geographies"]) >= MIN_GEOGRAPHIES,
        **{f"coverage{lv}": lo <= cov[lv] <= hi for lv, (lo, hi) in COVERAGE_WINDOWS.items()},
        "mae_vs_naive": mae[ENGINE] <= mae.get(NAIVE, math.inf),
        "sign": float(r["sign_p"]) >= SIGN_P}
    rec = ShareRecord(
        n=int(r["n"]), n_geographies=int(r["n_geographies"]),
        geographies=tuple(sorted(geography_of(eng["series"]).unique())),
        mae=float(r["mae"]), bias=float(r["bias"]), mae_by_method=mae,
        n_above=int(r["n_above"]), n_below=int(r["n_below"]), sign_p=float(r["sign_p"]),
        n_calibrated=int(c["n"]) if c is not None else 0, coverage50=cov[50],
        coverage80=cov[80], checks=checks)
    if not rec.calibrated:
        return rec
    method = result.settings.get("band_calibration", {}).get("method", fs.DEFAULT_METHOD)
    fan = fan_from_forecasts(f, kinds=("share",), method=method)
    return ShareRecord(**{**rec.__dict__, "fan": fan})


def _mae_on_points(f: pd.DataFrame, points: pd.DataFrame) -> dict[str, float]:
    """MAE of each method on the (series, origin, year) points of ``points``."""
    key = ["series", "origin", "year"]
    idx = pd.MultiIndex.from_frame(points[key])
    out = {ENGINE: float(points["score_error"].abs().mean())}
    for method in (NAIVE, AR1_LOGDRIFT):
        e = f[f["method"] == method].set_index(key)["score_error"].reindex(idx)
        out[method] = float(e.abs().mean()) if e.notna().all() and len(e) else math.nan
    return out


def fan_from_forecasts(forecasts: pd.DataFrame, mode: str = UNCONDITIONAL,
                       kinds: tuple[str, ...] | None = None,
                       method: str = fs.DEFAULT_METHOD) -> fs.FanCalibration:
    """:class:`~hpresearch.uncertainty.fan_scaling.FanCalibration` from every engine error.

    Uses the engine forecasts of ``mode`` (optionally only series of ``kinds``) against the
    outcomes as published today.
    """
    f = forecasts[(forecasts["method"] == ENGINE) & (forecasts["mode"] == mode)]
    if kinds is not None:
        f = f[f["kind"].isin(list(kinds))]
    z = fs.standardized_errors(f["actual"], f["median"], f["sigma"])
    table = fs.learn_scaling(z, f["horizon"], method)
    n = int(np.isfinite(z).sum())
    origins = sorted(f["origin"].unique())
    source = (f"engine {mode} forecasts, {n} errors with a non-zero band"
              + (f" from origins {origins[0]}-{origins[-1]}" if origins else "")
              + (f", series kinds {', '.join(kinds)}" if kinds else ", every scored series")
              + ", outcomes as published today")
    return fs.FanCalibration(table=table, method=method, n_errors=n, source=source,
                             meta={"mode": mode, "kinds": list(kinds) if kinds else "all"})
