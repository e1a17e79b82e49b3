"""Grey forecasts GM(1,1) (Deng 1982) with the checks that say whether a forecast may be used.

For a positive series x⁰(1) … x⁰(n), n ≥ 4:

* level-ratio (smoothness) check: λ(k) = x⁰(k − 1)/x⁰(k), k = 2 … n, must lie in
  (e^{−2/(n+1)}, e^{2/(n+1)}); a series outside it is not modelled.
* accumulation x¹(k) = Σ_{i≤k} x⁰(i), background z¹(k) = (x¹(k) + x¹(k − 1))/2, and the least-squares
  estimates of the development coefficient a and the grey input b in x⁰(k) + a z¹(k) = b:
  [a, b]ᵀ = (BᵀB)⁻¹BᵀY with B = [−z¹(k), 1], Y = x⁰(k), k = 2 … n.
* time response x̂¹(k + 1) = (x⁰(1) − b/a) e^{−ak} + b/a and fitted values
  x̂⁰(k + 1) = x̂¹(k + 1) − x̂¹(k), x̂⁰(1) = x⁰(1); forecasts continue k beyond n.
* posterior-error test: residuals ε(k) = x⁰(k) − x̂⁰(k) for k = 2 … n (ε(1) = 0 by construction, since
  x̂⁰(1) = x⁰(1), and would make the fit look better than it is), S1 the (population) standard
  deviation of the data x⁰(1) … x⁰(n) and S2 that of the residuals, the posterior variance ratio
  C = S2/S1 and the small error probability P = share of the residuals with |ε(k) − ε̄| < 0.6745 S1.
  The accuracy grade follows the usual table (Liu, Yang & Forrest, *Grey Data Analysis*, 2017):
  good when P ≥ 0.95 and C ≤ 0.35; qualified when P ≥ 0.80 and C ≤ 0.50; barely qualified when
  P ≥ 0.70 and C ≤ 0.65; unqualified otherwise. Only a model graded good or qualified is *usable*
  for a forecast; the others are kept, flagged.
* bounded measures: D and the system scores lie in [0, 1], and GM(1,1)'s exponential would carry a
  rising series past 1. The model is kept as every GM(1,1) program fits it (so that a, b, C and P can
  be checked against other software and compared with published ones), and the forecast *stops*
  before the first year in which it would leave the bounds: that year is reported (``leaves_in``).
  An exponential is monotone, so once outside it never comes back. (Modelling the gap 1 − x instead
  would keep every forecast inside, but a series rising steadily towards 1 has a gap whose level
  ratios grow year by year and fail the smoothness check; it would also change a, b, C and P from
  the values the literature reports.)
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

GRADES = ("good", "qualified", "barely qualified", "unqualified")
USABLE = GRADES[:2]          # grades whose forecasts may be used
NOT_MODELLED = "not modelled"
# why a series is not modelled (forecast.csv's ``reason``); the numbers behind NOT_SMOOTH come from first_rough_ratio
TOO_SHORT, NOT_POSITIVE, NOT_SMOOTH = "too short", "not positive", "not smooth"
THRESHOLDS = ((0.95, 0.35), (0.80, 0.50), (0.70, 0.65))   # (P at least, C at most) of the first three grades
MIN_POINTS = 4


@dataclass
class GreyForecast:
    values: np.ndarray                    # the series modelled
    a: float = np.nan                     # development coefficient
    b: float = np.nan                     # grey input
    fitted: np.ndarray = field(default_factory=lambda: np.array([]))
    forecast: np.ndarray = field(default_factory=lambda: np.array([]))
    level_ratios: np.ndarray = field(default_factory=lambda: np.array([]))
    ratio_bounds: tuple[float, float] = (np.nan, np.nan)
    C: float = np.nan
    P: float = np.nan
    grade: str = NOT_MODELLED
    reason: str = ""                      # why a series was not modelled: TOO_SHORT, NOT_POSITIVE or NOT_SMOOTH

    @property
    def modelled(self) -> bool:
        return not self.reason



def accuracy_grade(C: float, P: float) -> str:
    """Grade of the posterior-error test (see the module docstring).

    Examples
    --------
    >>> accuracy_grade(0.2, 1.0), accuracy_grade(0.4, 0.9), accuracy_grade(0.6, 0.75), accuracy_grade(0.7, 1.0)
    ('good', 'qualified', 'barely qualified', 'unqualified')
    """
    for grade, (p_min, c_max) in zip(GRADES, THRESHOLDS, strict=False):
        if P >= p_min and C <= c_max:
            return grade
    return GRADES[-1]


def first_rough_ratio(values: Sequence[float]) -> tuple[int, float, float, float] | None:
    """The first level ratio outside the smoothness bounds, as (k, λ(k), low, high), or None.

    Examples
    --------
    n = 4 gives the bounds (e^{−2/5}, e^{2/5}) = (0.6703, 1.4918); λ(2) = 1 lies inside, λ(3) = 1/0.5 above:

    >>> k, ratio, low, high = first_rough_ratio([1.0, 1.0, 0.5, 0.5])
    >>> k, ratio, round(low, 4), round(high, 4)
    (3, 2.0, 0.6703, 1.4918)
    """
    x0 = np.asarray(values, dtype=float)
    ratios = x0[:-1] / x0[1:]
    low, high = np.exp(-2 / (len(x0) + 1)), np.exp(2 / (len(x0) + 1))
    outside = np.flatnonzero((ratios <= low) | (ratios >= high))
    return (int(outside[0]) + 2, float(ratios[outside[0]]), float(low), float(high)) if outside.size else None


def gm11(values: Sequence[float], horizon: int = 0) -> GreyForecast:
    """Fit GM(1,1) to ``values`` and forecast ``horizon`` steps; see the module docstring.

    A series with fewer than four points, a non-positive value or a level ratio outside the bounds
    is not modelled: ``reason`` says why (TOO_SHORT, NOT_POSITIVE, NOT_SMOOTH; :func:`first_rough_ratio`
    gives the ratio behind NOT_SMOOTH) and ``fitted``/``forecast`` stay empty.

    Examples
    --------
    A geometric series with ratio q satisfies x⁰(k) + a z¹(k) = b exactly with a = −2(q − 1)/(q + 1)
    and b = 2x⁰(1)/(q + 1) (substitute x⁰(k) = x⁰(1) q^{k−1}); for q = 1.1, x⁰(1) = 1:

    >>> fit = gm11([1.0, 1.1, 1.21, 1.331, 1.4641], horizon=2)
    >>> round(fit.a, 10), round(fit.b, 10), round(-2 * 0.1 / 2.1, 10), round(2 / 2.1, 10)
    (-0.0952380952, 0.9523809524, -0.0952380952, 0.9523809524)
    >>> len(fit.fitted), len(fit.forecast), fit.grade
    (5, 2, 'good')
    """
    x0 = np.asarray(values, dtype=float)
    n = len(x0)
    result = GreyForecast(values=x0)
    if n < MIN_POINTS:
        result.reason = TOO_SHORT
        return result
    if np.isnan(x0).any() or (x0 <= 0).any():
        result.reason = NOT_POSITIVE
        return result
    result.level_ratios = x0[:-1] / x0[1:]
    result.ratio_bounds = (np.exp(-2 / (n + 1)), np.exp(2 / (n + 1)))
    if first_rough_ratio(x0) is not None:
        result.reason = NOT_SMOOTH
        return result
    x1 = np.cumsum(x0)
    z1 = (x1[1:] + x1[:-1]) / 2
    B = np.column_stack([-z1, np.ones(n - 1)])
    a, b = np.linalg.lstsq(B, x0[1:], rcond=None)[0]
    k = np.arange(n + horizon)
    x1_hat = (x0[0] - b / a) * np.exp(-a * k) + b / a
    x0_hat = np.concatenate([[x0[0]], np.diff(x1_hat)])
    residuals = (x0 - x0_hat[:n])[1:]
    s1, s2 = x0.std(ddof=0), residuals.std(ddof=0)
    C = s2 / s1 if s1 > 0 else np.nan
    P = float((np.abs(residuals - residuals.mean()) < 0.6745 * s1).mean())
    result.a, result.b = float(a), float(b)
    result.fitted, result.forecast = x0_hat[:n], x0_hat[n:]
    result.C, result.P = float(C), P
    result.grade = accuracy_grade(C, P)
    return result


def within_bounds(forecast: np.ndarray, bounds: tuple[float, float] = (0.0, 1.0)) -> int:
    """How many leading forecasts lie inside ``bounds`` (the horizon stops at the first that leaves them).

    Examples
    --------
    A series whose gap to 1 shrinks by a fifth a year (0.2, 0.16, 0.128, …) is fitted well, but its
    exponential passes 1 in the third year ahead: the forecast stops after two years.

    >>> fit = gm11([0.8, 0.84, 0.872, 0.8976, 0.91808], horizon=3)
    >>> [round(float(v), 3) for v in fit.forecast], fit.grade, within_bounds(fit.forecast)
    ([0.949, 0.977, 1.006], 'good', 2)
    """
    inside = (forecast >= bounds[0]) & (forecast <= bounds[1])
    return int(len(inside) if inside.all() else np.argmin(inside))


def forecast_table(measures, horizon: int = 5, bounds: tuple[float, float] = (0.0, 1.0)):
    """GM(1,1) of every region's (and the mean's) series of every measure: forecast.csv.

    ``measures`` has region_code, year, measure, value. Returns region_code (``mean`` for the mean of
    the regions), measure, year, value, kind (observed | fitted | forecast), a, b, C, P, grade, usable
    (the grade is good or qualified), leaves_in (the first year whose forecast would leave
    ``bounds``: the forecasts stop the year before; NaN when the whole horizon stays inside) and reason
    (why a series was not modelled: TOO_SHORT, NOT_POSITIVE or NOT_SMOOTH).
    """
    import pandas as pd

    series = measures.pivot_table(index=["measure", "year"], columns="region_code", values="value", sort=False)
    rows = []
    for measure in dict.fromkeys(measures["measure"]):
        wide = series.loc[measure].sort_index()
        wide = wide.assign(mean=wide.mean(axis=1))
        years = wide.index.to_numpy()
        future = np.arange(years[-1] + 1, years[-1] + 1 + horizon)
        for region in wide.columns:
            fit = gm11(wide[region].to_numpy(), horizon)
            kept = within_bounds(fit.forecast, bounds)
            common = {"region_code": region, "measure": measure, "a": fit.a, "b": fit.b, "C": fit.C, "P": fit.P,
                      "grade": fit.grade, "usable": fit.grade in USABLE,
                      "leaves_in": int(future[kept]) if fit.modelled and kept < horizon else np.nan}
            rows += [{**common, "year": int(y), "value": v, "kind": "observed", "reason": fit.reason}
                     for y, v in zip(years, fit.values, strict=True)]
            if fit.modelled:
                rows += [{**common, "year": int(y), "value": v, "kind": kind, "reason": ""}
                         for kind, span, values in (("fitted", years, fit.fitted),
                                                    ("forecast", future[:kept], fit.forecast[:kept]))
                         for y, v in zip(span, values, strict=True)]
    columns = ["region_code", "measure", "year", "value", "kind", "a", "b", "C", "P", "grade", "usable", "leaves_in",
               "reason"]
    return pd.DataFrame(rows)[columns]
