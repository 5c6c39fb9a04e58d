"""Parameter distributions for the Monte Carlo, from the registry's ``uncertainty`` specs.

Every uncertain scalar in ``hpresearch/parameters/parameters.yaml`` carries a spec such as
``{dist: triangular, low: 4.0, mode: 5.0, high: 7.0, source: "..."}``. This module turns a
spec into a :class:`ParamDistribution` that

* samples by the inverse-CDF method (``ppf`` of uniform numbers), so the same uniform
  numbers give common random numbers across runs and SALib's Sobol design (uniform on
  ``[0, 1]``) maps onto the documented distribution exactly;
* is truncated at the parameter's **hard limits** (and at ``low``/``high`` for unbounded
  families) by drawing the uniform number inside ``[F(a), F(b)]``;
* has a documented *range* for the one-at-a-time tornado: ``[low, high]`` for bounded
  families, the 5th and 95th percentiles (after truncation) for normal and lognormal.

Supported families (keys):

==============  ==========================================  ==========================
``dist``        keys                                         notes
==============  ==========================================  ==========================
``uniform``     ``low``, ``high``                            flat on [low, high]
``triangular``  ``low``, ``mode``, ``high``                  scipy ``triang``
``normal``      ``mean`` (or ``mode``), ``sd``               optional ``low``/``high``
``lognormal``   ``median`` (or ``mode``), ``sigma``          sigma = sd of log value
``two_piece``   ``low``, ``median`` (or ``mode``), ``high``   half the mass uniform on
                                                             [low, median], half on
                                                             [median, high]
``fixed``       ``value``                                    zero variance
==============  ==========================================  ==========================

``two_piece`` is for a range the data bound on both sides but not symmetrically around the
default (e.g. ``initial_capital_growth``: Harberger's output-growth proxy near the low end,
the growth of FDI registrations far above it): the default is the *median*, so the
parameter alone puts the deterministic path at the 50th percentile, while each side keeps
the reach the data give it (two-piece distributions: Wallis 2014).

A spec whose spread is zero (``low == high``, ``sd == 0``, ``sigma == 0``) is a point
mass: every draw equals the central value exactly, which is how the zero-variance test
reproduces the deterministic projection bit for bit.

References
----------
Devroye, L. (1986). *Non-Uniform Random Variate Generation*, ch. 2 (inversion method).
Wallis, K. F. (2014). "The two-piece normal, binormal, or double Gaussian distribution: its
origin and rediscoveries." *Statistical Science* 29(1), 106-112.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any, Mapping

import numpy as np
from scipy import stats

from hpresearch.errors import ScenarioError, error_message

DISTRIBUTIONS = ("uniform", "triangular", "two_piece", "normal", "lognormal", "fixed")


class _TwoPieceUniform:
    """Half the mass uniform on ``[a, m]``, half on ``[m, b]`` (``cdf``/``ppf`` as scipy)."""

    def __init__(self, a: float, m: float, b: float) -> None:
        self.a, self.m, self.b = float(a), float(m), float(b)

    def cdf(self, x):
        x = np.asarray(x, dtype=float)
        lo = np.where(self.m > self.a, 0.5 * (x - self.a) / max(self.m - self.a, 1e-300), 0.5)
        hi = np.where(self.b > self.m, 0.5 + 0.5 * (x - self.m) / max(self.b - self.m, 1e-300),
                      1.0)
        out = np.where(x < self.m, lo, hi)
        return np.clip(out, 0.0, 1.0)

    def ppf(self, u):
        u = np.asarray(u, dtype=float)
        return np.where(u < 0.5, self.a + 2.0 * u * (self.m - self.a),
                        self.m + (2.0 * u - 1.0) * (self.b - self.m))
#: Quantiles that define the tornado range of unbounded families.
TORNADO_QUANTILES = (0.05, 0.95)


def _num(spec: Mapping[str, Any], key: str, where: str) -> float:
    if key not in spec:
        raise ScenarioError(error_message(where=f"{where}.{key}", rule="is required for "
                                          f"dist {spec.get('dist')!r}"))
    value = spec[key]
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        raise ScenarioError(error_message(where=f"{where}.{key}", value=value,
                                          rule="must be a finite number"))
    return float(value)


@dataclass(frozen=True)
class ParamDistribution:
    """A (possibly truncated) one-dimensional distribution of one parameter.

    Attributes
    ----------
    name : str
        Parameter name in the registry.
    dist : str
        One of :data:`DISTRIBUTIONS`.
    center : float
        Central value (mode of triangular, mean of normal, median of lognormal and
        two-piece, midpoint of uniform); returned for every draw when the spread is zero.
    lower, upper : float
        Truncation bounds actually applied (hard limits intersected with ``low``/``high``).
    source : str
        Citation of the range (from the spec).
    """

    name: str
    dist: str
    center: float
    lower: float
    upper: float
    source: str = ""
    spec: Mapping[str, Any] = field(default_factory=dict, compare=False, repr=False)
    _frozen: Any = field(default=None, compare=False, repr=False)

    # -- construction -------------------------------------------------------------------
    @classmethod
    def from_spec(
        cls,
        name: str,
        spec: Mapping[str, Any],
        hard: tuple[float | None, float | None] | None = None,
        where: str | None = None,
    ) -> "ParamDistribution":
        """Build a distribution from an ``uncertainty`` mapping.

        Parameters
        ----------
        name : str
            Parameter name.
        spec : mapping
            ``{dist: ..., ...}`` as documented in the module docstring.
        hard : (min, max), optional
            Hard limits of the parameter; draws are truncated to them.
        where : str, optional
            Location used in error messages (default ``parameters.yaml:<name>.uncertainty``).
        """
        where = where or f"parameters.yaml:{name}.uncertainty"
        if not isinstance(spec, Mapping):
            raise ScenarioError(error_message(where=where, value=spec, rule="must be a mapping"))
        dist = spec.get("dist")
        if dist not in DISTRIBUTIONS:
            raise ScenarioError(error_message(where=f"{where}.dist", value=dist,
                                              rule=f"not in {list(DISTRIBUTIONS)}"))
        hard_lo, hard_hi = hard if hard is not None else (None, None)
        lo = -math.inf if hard_lo is None else float(hard_lo)
        hi = math.inf if hard_hi is None else float(hard_hi)
        source = str(spec.get("source", ""))
        if dist == "fixed":
            value = _num(spec, "value", where)
            frozen, center, a, b = None, value, value, value
        elif dist == "uniform":
            a, b = _num(spec, "low", where), _num(spec, "high", where)
            if b < a:
                raise ScenarioError(error_message(where=f"{where}.high", value=b,
                                                  rule=f"must be >= low ({a})"))
            center = 0.5 * (a + b)
            frozen = stats.uniform(loc=a, scale=b - a) if b > a else None
        elif dist == "triangular":
            a, m, b = (_num(spec, k, where) for k in ("low", "mode", "high"))
            if not a <= m <= b:
                raise ScenarioError(error_message(where=f"{where}.mode", value=m,
                                                  rule=f"must satisfy low ({a}) <= mode <= high ({b})"))
            center = m
            frozen = stats.triang(c=(m - a) / (b - a), loc=a, scale=b - a) if b > a else None
        elif dist == "two_piece":
            key = "median" if "median" in spec else "mode"
            a, m, b = _num(spec, "low", where), _num(spec, key, where), _num(spec, "high", where)
            if not a <= m <= b:
                raise ScenarioError(error_message(where=f"{where}.{key}", value=m,
                                                  rule=f"must satisfy low ({a}) <= {key} <= high ({b})"))
            center = m
            frozen = _TwoPieceUniform(a, m, b) if b > a else None
        elif dist == "normal":
            key = "mean" if "mean" in spec else "mode"
            mu, sd = _num(spec, key, where), _num(spec, "sd", where)
            if sd < 0:
                raise ScenarioError(error_message(where=f"{where}.sd", value=sd, rule="must be >= 0"))
            a = _num(spec, "low", where) if "low" in spec else -math.inf
            b = _num(spec, "high", where) if "high" in spec else math.inf
            center = mu
            frozen = stats.norm(loc=mu, scale=sd) if sd > 0 else None
        else:  # lognormal
            key = "median" if "median" in spec else "mode"
            med, sigma = _num(spec, key, where), _num(spec, "sigma", where)
            if med <= 0 or sigma < 0:
                raise ScenarioError(error_message(where=f"{where}", value=(med, sigma),
                                                  rule="lognormal needs median > 0 and sigma >= 0"))
            a = _num(spec, "low", where) if "low" in spec else 0.0
            b = _num(spec, "high", where) if "high" in spec else math.inf
            center = med
            frozen = stats.lognorm(s=sigma, scale=med) if sigma > 0 else None
        lower, upper = max(a, lo), min(b, hi)
        if lower > upper:
            raise ScenarioError(error_message(where=where, value=(a, b),
                                              rule=f"range lies outside the hard limits [{lo}, {hi}]"))
        if frozen is None:
            # Point mass: the central value must respect the hard limits.
            if not lo <= center <= hi:
                raise ScenarioError(error_message(where=where, value=center,
                                                  rule=f"outside the hard limits [{lo}, {hi}]"))
        return cls(name=name, dist=dist, center=center, lower=lower, upper=upper,
                   source=source, spec=dict(spec), _frozen=frozen)

    # -- properties ----------------------------------------------------------------------
    @property
    def is_degenerate(self) -> bool:
        """True when every draw equals :attr:`center` (zero variance)."""
        return self._frozen is None

    @property
    def _cdf_bounds(self) -> tuple[float, float]:
        f = self._frozen
        if isinstance(f, _TwoPieceUniform):
            # a piece of zero width is an atom: keep it unless the hard limits cut inside
            c0 = float(f.cdf(self.lower)) if self.lower > f.a else 0.0
            c1 = float(f.cdf(self.upper)) if self.upper < f.b else 1.0
            return c0, c1
        return float(f.cdf(self.lower)), float(f.cdf(self.upper))

    # -- sampling ------------------------------------------------------------------------
    def ppf(self, u: np.ndarray | float) -> np.ndarray:
        """Map uniform numbers ``u`` in [0, 1] to values (truncated inverse CDF)."""
        u = np.asarray(u, dtype=float)
        if self.is_degenerate:
            return np.full(u.shape, self.center)
        c0, c1 = self._cdf_bounds
        x = self._frozen.ppf(c0 + u * (c1 - c0))
        return np.clip(x, self.lower, self.upper)

    def sample(self, n: int, rng: np.random.Generator) -> np.ndarray:
        """Draw ``n`` values with the generator ``rng`` (one uniform number per draw)."""
        return self.ppf(rng.random(n))

    def tornado_range(self) -> tuple[float, float]:
        """Return the documented (low, high) used by the one-at-a-time tornado."""
        if self.is_degenerate:
            return self.center, self.center
        if self.dist in ("uniform", "triangular", "two_piece"):
            return self.lower, self.upper
        lo, hi = self.ppf(np.array(TORNADO_QUANTILES))
        return float(lo), float(hi)

    def describe(self) -> dict[str, Any]:
        """Plain dict for tables and JSON output."""
        lo, hi = self.tornado_range()
        return {"parameter": self.name, "dist": self.dist, "center": self.center,
                "lower": self.lower, "upper": self.upper, "range_low": lo,
                "range_high": hi, "source": self.source}
