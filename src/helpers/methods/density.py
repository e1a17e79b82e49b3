"""Gaussian kernel density of a measure across regions, year by year, and a description of its shape.

f̂(x) = 1/(n h) Σ_i φ((x − x_i)/h) with φ the standard normal density and bandwidth h = c·σ̂
(σ̂ the sample standard deviation), where c = (3n/4)^(−1/5) for Silverman's rule and c = n^(−1/5)
for Scott's rule — the factors scipy.stats.gaussian_kde uses for one dimension.

D and the system scores lie in [0, 1]; a plain kernel density spills probability mass beyond
those bounds. With ``boundary = "reflect"`` (the default) the estimate is the reflection estimator
f̂_R(x) = f̂(x) + f̂(2a − x) + f̂(2b − x) on [a, b] = [0, 1] (Silverman 1986, §2.10; Jones 1993),
which integrates to one over the bounds and keeps the bandwidth rule; ``"none"`` gives the plain
estimate on a grid three bandwidths beyond the data.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

BANDWIDTHS = ("silverman", "scott")
BOUNDARIES = ("reflect", "none")
BOUNDS = (0.0, 1.0)  # the range of D and of every system score
MIN_REGIONS = 3
GRID_POINTS = 256
PEAK_SHARE = 0.05  # a local maximum counts as a peak when it reaches 5 % of the highest one


def bandwidth_factor(n: int, method: str = "silverman") -> float:
    """The factor c of h = c·σ̂ for ``n`` observations: (3n/4)^(−1/5) (Silverman) or n^(−1/5) (Scott).

    Examples
    --------
    For n = 8: 8^(−1/5) = 0.659754 and 6^(−1/5) = 0.698827.

    >>> round(bandwidth_factor(8, "scott"), 6), round(bandwidth_factor(8, "silverman"), 6)
    (0.659754, 0.698827)
    """
    if method == "silverman":
        return (n * 3 / 4) ** (-1 / 5)
    if method == "scott":
        return n ** (-1 / 5)
    raise ValueError(f"unknown bandwidth rule {method!r}: use one of {', '.join(BANDWIDTHS)}")


def bandwidth(values: np.ndarray, method: str = "silverman") -> float:
    """h = c·σ̂ with σ̂ the sample standard deviation (ddof = 1); needs at least two distinct values.

    Examples
    --------
    σ̂ of (0, 1) is √0.5 and c = 2^(−1/5) by Scott's rule:

    >>> round(float(bandwidth(np.array([0.0, 1.0]), "scott")), 6)
    0.615572
    """
    values = np.asarray(values, dtype=float)
    sd = values.std(ddof=1) if len(values) > 1 else 0.0
    if not sd > 0:
        raise ValueError("the kernel density needs at least two distinct values")
    return bandwidth_factor(len(values), method) * sd


def gaussian_density(values: np.ndarray, grid: np.ndarray, h: float) -> np.ndarray:
    """f̂ on ``grid`` for the sample ``values`` with bandwidth ``h`` (vectorised).

    Examples
    --------
    One observation gives the normal density: at its own value 1/(h√(2π)).

    >>> round(float(gaussian_density(np.array([0.5]), np.array([0.5]), 1.0)[0]), 6)
    0.398942
    """
    u = (np.asarray(grid, dtype=float)[:, None] - np.asarray(values, dtype=float)[None, :]) / h
    return np.exp(-0.5 * u**2).sum(axis=1) / (len(values) * h * np.sqrt(2 * np.pi))


def reflected_density(values: np.ndarray, grid: np.ndarray, h: float, bounds: tuple[float, float] = BOUNDS) -> np.ndarray:
    """f̂(x) + f̂(2a − x) + f̂(2b − x): the kernel density reflected at the bounds a and b.

    Examples
    --------
    At a bound the reflected estimate of a single observation there is twice the plain one (plus the
    far reflection):

    >>> x = np.array([0.0])
    >>> float(reflected_density(np.array([0.0]), x, 0.1)[0] / gaussian_density(np.array([0.0]), x, 0.1)[0])
    2.0
    """
    a, b = bounds
    grid = np.asarray(grid, dtype=float)
    return (gaussian_density(values, grid, h) + gaussian_density(values, 2 * a - grid, h)
            + gaussian_density(values, 2 * b - grid, h))


def kde_table(measures: pd.DataFrame, method: str = "silverman", points: int = GRID_POINTS,
              boundary: str = "reflect") -> pd.DataFrame:
    """Density per year and measure on a grid shared by the years of a measure.

    Parameters
    ----------
    measures : pandas.DataFrame
        Columns region_code, year, measure, value.
    method : str, default "silverman"
        Bandwidth rule, one of :data:`BANDWIDTHS`.
    points : int
        Grid points per curve.
    boundary : str, default "reflect"
        ``reflect`` (grid on [0, 1], reflection at both bounds) or ``none``.

    Returns
    -------
    pandas.DataFrame
        year, measure, x, density, bandwidth.

    Examples
    --------
    >>> m = pd.DataFrame({"region_code": list("abcd"), "year": 2020, "measure": "D", "value": [0.2, 0.4, 0.5, 0.7]})
    >>> kde = kde_table(m, points=101)
    >>> float(kde["x"].min()), float(kde["x"].max()), round(float(curve_areas(kde).iloc[0]), 3)
    (0.0, 1.0, 1.0)
    """
    if boundary not in BOUNDARIES:
        raise ValueError(f"unknown boundary {boundary!r}: use one of {', '.join(BOUNDARIES)}")
    frames = []
    for measure, part in measures.groupby("measure", sort=False):
        groups = {year: g["value"].to_numpy(float) for year, g in part.groupby("year")}
        widths = {year: bandwidth(v, method) for year, v in groups.items()}
        if boundary == "reflect":
            grid = np.linspace(*BOUNDS, points)
        else:
            grid = np.linspace(part["value"].min() - 3 * max(widths.values()), part["value"].max() + 3 * max(widths.values()),
                               points)
        for year, v in groups.items():
            density = reflected_density(v, grid, widths[year]) if boundary == "reflect" else gaussian_density(v, grid, widths[year])
            frames.append(pd.DataFrame({"year": year, "measure": measure, "x": grid, "density": density,
                                        "bandwidth": widths[year]}))
    return pd.concat(frames, ignore_index=True)


def peaks(x: np.ndarray, density: np.ndarray) -> pd.DataFrame:
    """Local maxima of a density curve reaching PEAK_SHARE of the highest: x, height (highest first).

    An end of the grid counts as a maximum when the curve falls away from it (a reflected density
    can peak at a bound).

    Examples
    --------
    >>> peaks(np.array([0, 1, 2, 3, 4]), np.array([0.0, 2.0, 0.5, 1.0, 0.0]))
       x  height
    0  1     2.0
    1  3     1.0
    """
    d = np.asarray(density)
    padded = np.r_[-np.inf, d, -np.inf]
    inner = (padded[1:-1] > padded[:-2]) & (padded[1:-1] >= padded[2:])
    idx = np.flatnonzero(inner)
    idx = idx[d[idx] >= PEAK_SHARE * d.max()]
    return pd.DataFrame({"x": np.asarray(x)[idx], "height": d[idx]}).sort_values("height", ascending=False).reset_index(drop=True)


def half_maximum_width(x: np.ndarray, density: np.ndarray) -> float:
    """Width of the region where the density exceeds half its maximum (all such grid points).

    Examples
    --------
    >>> half_maximum_width(np.array([0.0, 1.0, 2.0, 3.0]), np.array([0.1, 1.0, 0.6, 0.1]))
    1.0
    """
    above = np.asarray(x)[np.asarray(density) >= np.max(density) / 2]
    return float(above.max() - above.min())


def shape_summary(kde: pd.DataFrame, measures: pd.DataFrame) -> pd.DataFrame:
    """Per year and measure: main peak location and height, number of peaks, width, skewness.

    ``kde`` is the output of :func:`kde_table`, ``measures`` its input (for the skewness of the raw
    values, the population moment ratio m3 / m2^1.5). See :func:`peaks` and :func:`half_maximum_width`.
    """
    rows = []
    for (measure, year), curve in kde.groupby(["measure", "year"], sort=False):
        top = peaks(curve["x"].to_numpy(), curve["density"].to_numpy())
        values = measures[(measures["measure"] == measure) & (measures["year"] == year)]["value"].to_numpy(float)
        centred = values - values.mean()
        skew = (centred**3).mean() / (centred**2).mean() ** 1.5
        rows.append({"measure": measure, "year": year, "peak_x": top["x"].iloc[0], "peak_height": top["height"].iloc[0],
                     "n_peaks": len(top), "width": half_maximum_width(curve["x"], curve["density"]),
                     "skewness": skew, "bandwidth": curve["bandwidth"].iloc[0]})
    return pd.DataFrame(rows)


def curve_areas(kde: pd.DataFrame) -> pd.Series:
    """∫ f̂ dx of every curve by the trapezoid rule (about 1 when the grid covers the density); see
    :func:`kde_table` for a worked case.
    """
    return kde.groupby(["measure", "year"]).apply(lambda c: np.trapezoid(c["density"], c["x"]), include_groups=False)
