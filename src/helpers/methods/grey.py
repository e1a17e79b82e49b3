"""Deng's grey relational analysis: which sequences move most like a reference sequence.

Each sequence is first made dimensionless (``mean``: x/mean x, ``initial``: x/x(1), ``minmax``:
(x − min)/(max − min), ``none``). With Δ_i(k) = |x_0(k) − x_i(k)|, the two-level minimum
m = min_i min_k Δ_i(k) and maximum M = max_i max_k Δ_i(k):

ξ_i(k) = (m + ρM)/(Δ_i(k) + ρM),   r_i = (1/n) Σ_k ξ_i(k),   ρ ∈ (0, 1] (0.5 by default).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

TRANSFORMS = ("mean", "initial", "minmax", "none")


def to_dimensionless(frame: pd.DataFrame, method: str = "mean") -> pd.DataFrame:
    """Make every column dimensionless with ``method`` (one of :data:`TRANSFORMS`, see the module docstring).

    Examples
    --------
    >>> to_dimensionless(pd.DataFrame({"x": [2.0, 4.0, 6.0]}), "mean")["x"].tolist()
    [0.5, 1.0, 1.5]
    >>> to_dimensionless(pd.DataFrame({"x": [2.0, 4.0, 6.0]}), "initial")["x"].tolist()
    [1.0, 2.0, 3.0]
    """
    if method == "none":
        return frame.astype(float)
    if method == "mean":
        base = frame.mean()
    elif method == "initial":
        base = frame.iloc[0]
    elif method == "minmax":
        span = frame.max() - frame.min()
        if (span == 0).any():
            raise ValueError(f"constant sequence(s) {', '.join(map(str, span.index[span == 0]))}: min–max is undefined")
        return (frame - frame.min()) / span
    else:
        raise ValueError(f"unknown dimensionless transform {method!r}: use one of {', '.join(TRANSFORMS)}")
    if (base == 0).any():
        raise ValueError(f"sequence(s) {', '.join(map(str, base.index[base == 0]))} have a zero {method}: cannot divide by it")
    return frame / base


def relational_grade(reference: pd.Series, comparison: pd.DataFrame, rho: float = 0.5,
                     dimensionless: str = "mean") -> pd.Series:
    """Grey relational grade of each column of ``comparison`` with ``reference``.

    Parameters
    ----------
    reference : pandas.Series
        The reference sequence x_0(k), indexed by the points k (years, or indicators).
    comparison : pandas.DataFrame
        The comparison sequences x_i(k), one per column, same index.
    rho : float, default 0.5
        Distinguishing coefficient in (0, 1].
    dimensionless : str, default "mean"
        One of :data:`TRANSFORMS`.

    Returns
    -------
    pandas.Series
        r_i in (0, 1], indexed by the columns of ``comparison``.

    Examples
    --------
    With no transform, x_0 = (1, 2), x_1 = (1, 2) and x_2 = (1, 3): Δ_1 = (0, 0), Δ_2 = (0, 1), so
    m = 0, M = 1 and r_2 = (1 + 0.5/1.5)/2 = 2/3 while x_1 coincides with the reference:

    >>> ref = pd.Series([1.0, 2.0])
    >>> relational_grade(ref, pd.DataFrame({"x1": [1.0, 2.0], "x2": [1.0, 3.0]}), dimensionless="none").round(4).tolist()
    [1.0, 0.6667]
    """
    if not 0 < rho <= 1:
        raise ValueError("the distinguishing coefficient rho must lie in (0, 1]")
    if not reference.index.equals(comparison.index):
        raise ValueError("reference and comparison sequences must share the same points k")
    data = to_dimensionless(pd.concat([reference.rename("__reference__"), comparison], axis=1), dimensionless)
    x0 = data["__reference__"].to_numpy()[:, None]
    delta = np.abs(data.drop(columns="__reference__").to_numpy() - x0)
    low, high = delta.min(), delta.max()
    if high == 0:  # every sequence coincides with the reference
        return pd.Series(1.0, index=comparison.columns, name="grade")
    xi = (low + rho * high) / (delta + rho * high)
    return pd.Series(xi.mean(axis=0), index=comparison.columns, name="grade")


def grade_table(references: pd.DataFrame, comparisons: dict[str, pd.DataFrame], rho: float, method: str,
                scope: str, level: str) -> pd.DataFrame:
    """Grades of every comparison set against each reference column, ranked within the reference.

    ``references``: one column per reference sequence (e.g. RR, NU, D), indexed by year;
    ``comparisons``: reference name → the comparison sequences for it (columns), same index.

    Examples
    --------
    >>> refs = pd.DataFrame({"D": [1.0, 2.0]})
    >>> comps = {"D": pd.DataFrame({"x1": [1.0, 2.0], "x2": [1.0, 3.0]})}
    >>> grade_table(refs, comps, 0.5, "none", "province", "dimension")[["item", "rank"]].values.tolist()
    [['x1', 1], ['x2', 2]]
    """
    rows = []
    for name in references.columns:
        grades = relational_grade(references[name], comparisons[name], rho, method)
        ranks = grades.rank(ascending=False, method="min").astype(int)
        rows.append(pd.DataFrame({"scope": scope, "reference": name, "level": level, "item": grades.index,
                                  "grade": grades.to_numpy(), "rank": ranks.to_numpy()}))
    return pd.concat(rows, ignore_index=True)


def driving_factors(scores: pd.DataFrame, dim_scores: pd.DataFrame, coupling: pd.DataFrame,
                    normalized: pd.DataFrame, weights: pd.DataFrame, rho: float = 0.5,
                    method: str = "mean") -> pd.DataFrame:
    """Grey relational grades of dimensions and indicators with each system score and with D.

    Sequences run over the years; one set per region (``scope`` = region code) and one for the
    provincial mean sequences (``scope`` = ``province``). A system's score is compared with its own
    dimensions and indicators, D with those of every system. Returns the columns of
    ``grey_relational.csv`` (scope, reference, level, item, grade, rank); the worked case is in
    :func:`relational_grade`.
    """
    keys = ["region_code", "year"]
    systems = list(dict.fromkeys(weights["system"]))
    refs = scores.pivot(index=keys, columns="system", values="score")[systems]
    refs["D"] = coupling.set_index(keys)["D"].reindex(refs.index)
    dims = dim_scores.pivot(index=keys, columns="dimension", values="score")
    inds = normalized.pivot(index=keys, columns="indicator", values="z")
    members = {"dimension": {}, "indicator": {}}
    for system in systems:
        part = weights[weights["system"] == system]
        members["dimension"][system] = list(dict.fromkeys(part["dimension"]))
        members["indicator"][system] = list(dict.fromkeys(part["indicator"]))
    for level in members:
        members[level]["D"] = [m for s in systems for m in members[level][s]]
    sources = {"dimension": dims, "indicator": inds}
    scopes = [(code, lambda f, c=code: f.xs(c, level="region_code")) for code in refs.index.unique("region_code")]
    scopes.append(("province", lambda f: f.groupby(level="year").mean()))
    frames = []
    for scope, select in scopes:
        reference = select(refs)
        for level, frame in sources.items():
            values = select(frame)
            comparisons = {name: values[members[level][name]] for name in reference.columns}
            frames.append(grade_table(reference, comparisons, rho, method, str(scope), level))
    return pd.concat(frames, ignore_index=True)
