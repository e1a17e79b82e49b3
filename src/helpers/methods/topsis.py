"""TOPSIS closeness of alternatives to the ideal (entropy–TOPSIS when the weights are entropy weights).

Notation: z_ij is indicator j of alternative i (a row, e.g. a region-year), already normalised so
that a larger value is better (:func:`helpers.methods.weights.normalize`); w_j ≥ 0 its weight.

* weighted values: v_ij = w_j z_ij
* ideal and anti-ideal (the best and the worst of each column): v_j⁺ = max_i v_ij, v_j⁻ = min_i v_ij,
  taken over all rows (``ideals="pooled"``, the default) or over the rows of the same year
  (``ideals="per-year"``)
* distances: D_i⁺ = √Σ_j (v_ij − v_j⁺)², D_i⁻ = √Σ_j (v_ij − v_j⁻)² (Euclidean)
* relative closeness: C_i = D_i⁻ / (D_i⁺ + D_i⁻) ∈ [0, 1]; 1 = the ideal itself, 0 = the anti-ideal.

Hwang, C.-L. and Yoon, K. (1981), *Multiple Attribute Decision Making: Methods and Applications*,
Lecture Notes in Economics and Mathematical Systems 186, Springer, pp. 128–134. The entropy weights
of :mod:`helpers.methods.weights` with these steps are the "entropy-TOPSIS" of the Chinese
literature. As everywhere in the project, the maximum and minimum of the *weighted normalised*
column are the ideals (pymcdm's TOPSIS does the same).

Properties used by the checks: a column equal in every row in the pool (or in a year) adds nothing
to either distance; multiplying every weight by the same factor multiplies both distances by it and
leaves C unchanged, so the weights need not sum to 1. With pooled ideals C is comparable across
years (the same ideal for the whole panel); with per-year ideals each year's best and worst region
define 1 and 0 in that year.

When every row of a pool (all rows, or a year with per-year ideals) has the same weighted values,
D⁺ = D⁻ = 0 and C = 0/0: that is refused with a ValueError naming the pool, not returned as NaN.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

IDEALS = ("pooled", "per-year")
POOLED = "pooled"


def _check_inputs(Z: pd.DataFrame, weights: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    if not isinstance(Z, pd.DataFrame) or Z.shape[0] == 0 or Z.shape[1] == 0:
        raise ValueError("Z must be a DataFrame with at least one row and one indicator column")
    if not isinstance(weights, pd.Series):
        raise ValueError("weights must be a pandas Series indexed by the indicators (columns of Z)")
    if Z.columns.duplicated().any():
        raise ValueError(f"Z has duplicated column(s) {', '.join(map(str, Z.columns[Z.columns.duplicated()].unique()))}")
    if weights.index.duplicated().any():
        raise ValueError(f"weights has duplicated indicator(s) "
                         f"{', '.join(map(str, weights.index[weights.index.duplicated()].unique()))}")
    missing = [c for c in Z.columns if c not in weights.index]
    extra = [c for c in weights.index if c not in Z.columns]
    if missing or extra:
        parts = []
        if missing:
            parts.append(f"no weight for column(s) {', '.join(map(str, missing))} of Z")
        if extra:
            parts.append(f"weight(s) for {', '.join(map(str, extra))}, which are not columns of Z")
        raise ValueError("; ".join(parts))
    w = pd.to_numeric(weights.reindex(Z.columns), errors="coerce").to_numpy(dtype=float)
    bad = [str(c) for c, v in zip(Z.columns, w, strict=True) if not np.isfinite(v) or v < 0]
    if bad:
        raise ValueError(f"weights must be finite and ≥ 0: not so for {', '.join(bad)}")
    if not w.sum() > 0:
        raise ValueError("every weight is 0: the ideal and the anti-ideal coincide")
    nonnumeric = [str(c) for c in Z.columns if not pd.api.types.is_numeric_dtype(Z[c])]
    if nonnumeric:
        raise ValueError(f"column(s) {', '.join(nonnumeric)} of Z are not numeric")
    z = Z.to_numpy(dtype=float)
    holes = ~np.isfinite(z)
    if holes.any():
        where = [f"row {Z.index[i]!r} column {Z.columns[j]!r}" for i, j in zip(*np.nonzero(holes), strict=True)][:5]
        raise ValueError(f"Z has missing or infinite values: {'; '.join(where)}")
    return z, w


def _years(Z: pd.DataFrame, year) -> np.ndarray:
    if year is None:
        if "year" not in (Z.index.names or []):
            raise ValueError("ideals='per-year' needs the years: pass year= or index Z by a level named 'year'")
        return np.asarray(Z.index.get_level_values("year"))
    if isinstance(year, pd.Series):
        if not year.index.equals(Z.index):
            if year.index.has_duplicates or Z.index.has_duplicates:
                raise ValueError("year must have the same index as Z (or be an array in the order of its rows)")
            absent = [i for i in Z.index if i not in year.index]
            if absent:
                raise ValueError(f"no year for row(s) {', '.join(map(repr, absent[:5]))}")
            year = year.reindex(Z.index)
        values = year.to_numpy()
    else:
        values = np.asarray(year)
    if values.shape != (len(Z),):
        raise ValueError(f"year must hold one value per row of Z ({len(Z)}), got shape {values.shape}")
    missing = pd.isna(values)
    if missing.any():
        raise ValueError(f"no year for row(s) {', '.join(map(repr, list(Z.index[missing])[:5]))}")
    return values


def distances(Z: pd.DataFrame, weights: pd.Series, ideals: str = POOLED, year=None) -> pd.DataFrame:
    """D⁺, D⁻ and the closeness C of every row of ``Z`` (see the module docstring).

    Parameters
    ----------
    Z : pandas.DataFrame
        Alternatives (rows) × normalised indicators (columns), larger is better, no missing values.
    weights : pandas.Series
        One weight ≥ 0 per column of ``Z`` (any order); a missing or an extra indicator is an error.
    ideals : str, default "pooled"
        ``pooled``: the best and worst of each column over all rows; ``per-year``: over the rows of
        the same year.
    year : pandas.Series or array-like, optional
        With ``per-year``: the year of every row (a Series with the index of ``Z``, or an array in
        the order of its rows). By default the index level ``year`` of ``Z``.

    Returns
    -------
    pandas.DataFrame
        Columns ``d_best`` (D⁺), ``d_worst`` (D⁻) and ``closeness`` (C), in the order of the rows of ``Z``.

    Raises
    ------
    ValueError
        Bad weights or values (named), or a pool whose rows all have the same weighted values (C = 0/0).

    Examples
    --------
    Weights (0.75, 0.25): v = (0.75, 0.25), (0, 0), (0.75, 0); the ideal is (0.75, 0.25) and the
    anti-ideal (0, 0). Row x is the ideal (D⁺ = 0, D⁻ = √(0.75² + 0.25²) = 0.7906), y the
    anti-ideal, and z has D⁺ = 0.25, D⁻ = 0.75, so C = 0.75/1.0:

    >>> Z = pd.DataFrame({"a": [1.0, 0.0, 1.0], "b": [1.0, 0.0, 0.0]}, index=["x", "y", "z"])
    >>> distances(Z, pd.Series({"b": 0.25, "a": 0.75})).round(4)
       d_best  d_worst  closeness
    x  0.0000   0.7906       1.00
    y  0.7906   0.0000       0.00
    z  0.2500   0.7500       0.75
    """
    if ideals not in IDEALS:
        raise ValueError(f"unknown ideals {ideals!r}: use one of {', '.join(IDEALS)}")
    if ideals == POOLED and year is not None:
        raise ValueError("year is used only with ideals='per-year'")
    z, w = _check_inputs(Z, weights)
    v = z * w
    if ideals == POOLED:
        groups = {"all rows": np.arange(len(v))}
    else:
        years = _years(Z, year)
        codes, inverse = np.unique(years, return_inverse=True)
        groups = {f"year {code}": np.flatnonzero(inverse == k) for k, code in enumerate(codes)}
    d_best, d_worst = np.empty(len(v)), np.empty(len(v))
    for name, rows in groups.items():
        block = v[rows]
        best, worst = block.max(axis=0), block.min(axis=0)
        if np.array_equal(best, worst):
            raise ValueError(f"{name}: every row has the same weighted values ({len(rows)} row(s)), so D⁺ = D⁻ = 0 "
                             "and the closeness 0/0 is undefined")
        d_best[rows] = np.sqrt(((block - best) ** 2).sum(axis=1))
        d_worst[rows] = np.sqrt(((block - worst) ** 2).sum(axis=1))
    return pd.DataFrame({"d_best": d_best, "d_worst": d_worst, "closeness": d_worst / (d_best + d_worst)},
                        index=Z.index)


def closeness(Z: pd.DataFrame, weights: pd.Series, ideals: str = POOLED, year=None) -> pd.Series:
    """Relative closeness C = D⁻/(D⁺ + D⁻) of every row of ``Z``; see :func:`distances`.

    Examples
    --------
    Two indicators with equal weights: (1, 1) is the ideal, (0, 0) the anti-ideal, and (1, 0) is
    as far from one as from the other:

    >>> Z = pd.DataFrame({"a": [1.0, 0.0, 1.0], "b": [1.0, 0.0, 0.0]})
    >>> closeness(Z, pd.Series({"a": 0.5, "b": 0.5})).tolist()
    [1.0, 0.0, 0.5]

    Per-year ideals: each year's best row gets 1, its worst 0.

    >>> idx = pd.MultiIndex.from_product([["r1", "r2"], [2020, 2021]], names=["region_code", "year"])
    >>> Z = pd.DataFrame({"a": [0.2, 0.9, 0.4, 0.6]}, index=idx)
    >>> closeness(Z, pd.Series({"a": 1.0}), ideals="per-year").tolist()
    [0.0, 1.0, 1.0, 0.0]
    """
    return distances(Z, weights, ideals, year)["closeness"].rename("closeness")


COMPOSITES = ("weighted-sum", "topsis")   # how a system's (or dimension's) indicators are combined


def group_closeness(Z: pd.DataFrame, weights: pd.DataFrame, indicators: pd.DataFrame, level: str = "system",
                    ideals: str = POOLED) -> pd.DataFrame:
    """TOPSIS closeness of every region-year within each system (``level="system"``) or dimension, with the
    weights of notebook 03 (per year when they are): long table region_code, year, level, item, d_best,
    d_worst, closeness.

    The weighted values v_ij = w_j z'_ij (:func:`helpers.methods.weights.weighted_values`) of a group's
    indicators give its ideals and distances as in :func:`distances` (with unit weights on v).

    Examples
    --------
    One system of two indicators weighted (0.75, 0.25), the rows of :func:`distances`:

    >>> Z = pd.DataFrame({"a": [1.0, 0.0, 1.0], "b": [1.0, 0.0, 0.0]},
    ...                  index=pd.MultiIndex.from_product([["r"], [2019, 2020, 2021]], names=["region_code", "year"]))
    >>> w = pd.DataFrame({"indicator": ["a", "b"], "weight": [0.75, 0.25]})
    >>> ind = pd.DataFrame({"id": ["a", "b"], "system": ["S", "S"], "dimension": ["d1", "d2"]})
    >>> group_closeness(Z, w, ind)["closeness"].tolist()
    [1.0, 0.0, 0.75]
    """
    from .weights import weighted_values

    if level not in ("system", "dimension"):
        raise ValueError(f"level must be 'system' or 'dimension', not {level!r}")
    V = weighted_values(Z, weights)
    frames = []
    for item, members in indicators.groupby(level, sort=False):
        ids = members["id"].tolist()
        d = distances(V[ids], pd.Series(1.0, index=ids), ideals)
        frames.append(d.reset_index().assign(level=level, item=item))
    columns = ["region_code", "year", "level", "item", "d_best", "d_worst", "closeness"]
    return pd.concat(frames, ignore_index=True)[columns]


def closeness_table(Z: pd.DataFrame, weights: pd.DataFrame, indicators: pd.DataFrame,
                    ideals: str = POOLED) -> pd.DataFrame:
    """``topsis.csv``: :func:`group_closeness` of every system and of every dimension, one long table."""
    return pd.concat([group_closeness(Z, weights, indicators, level, ideals) for level in ("system", "dimension")],
                     ignore_index=True)


def as_scores(closeness_table: pd.DataFrame) -> pd.DataFrame:
    """The systems' closeness in the layout of ``scores.csv`` (region_code, year, system, score), for a run
    whose composite index is TOPSIS.

    Examples
    --------
    >>> t = pd.DataFrame({"region_code": "r", "year": 2020, "level": ["system", "dimension"], "item": ["RR", "R1"],
    ...                   "closeness": [0.4, 0.7]})
    >>> as_scores(t).to_dict("records")
    [{'region_code': 'r', 'year': 2020, 'system': 'RR', 'score': 0.4}]
    """
    part = closeness_table[closeness_table["level"] == "system"]
    return (part.rename(columns={"item": "system", "closeness": "score"})[["region_code", "year", "system", "score"]]
            .reset_index(drop=True))


def composite_indices(closeness_table: pd.DataFrame, system_ids: list[str]) -> pd.DataFrame:
    """The U matrix to couple under the TOPSIS composite, indexed by (region_code, year): the closeness of
    each system, or with a single system the closeness of each of its dimensions (as
    :func:`helpers.methods.coupling.subsystem_indices` does with the weighted sums).

    Examples
    --------
    >>> t = pd.DataFrame({"region_code": "r", "year": 2020, "level": "system", "item": ["RR", "NU"],
    ...                   "closeness": [0.4, 0.6]})
    >>> composite_indices(t, ["RR", "NU"]).to_numpy().tolist()
    [[0.4, 0.6]]
    """
    level = "system" if len(system_ids) > 1 else "dimension"
    part = closeness_table[closeness_table["level"] == level]
    U = part.pivot(index=["region_code", "year"], columns="item", values="closeness")
    order = list(system_ids) if level == "system" else list(dict.fromkeys(part["item"]))
    return U[order].rename_axis(columns="system" if level == "system" else "dimension")
