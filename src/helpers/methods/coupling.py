"""Coupling degree C, comprehensive index T and coupling coordination degree D.

For n subsystems with indices U_1 … U_n (columns of ``U``):

* ``standard``: C = n·(Π U_k)^{1/n} / Σ U_k  (n = 2: 2√(U1·U2)/(U1 + U2))
* ``wang`` (Wang Shujia et al. 2021, J. Natural Resources 36(3): 793–810, doi 10.31497/zrzyxb.20210319):
  C = √{[1 − Σ_{i<j} |U_i − U_j| / Σ_{m=1}^{n−1} m] · [Π (U_k / max U)]^{1/(n−1)}}
* ``fan`` (Fan et al. 2024, Statistics & Decision 40(22), doi 10.13546/j.cnki.tjyjc.2024.22.007):
  C = 1 − 2·√[(n·Σ U_k² − (Σ U_k)²)/n²], i.e. one minus twice the population s.d. of the U_k.

T = Σ α_k U_k (α_k = 1/n unless given) and D = √(C·T).

Grades of D: ten classes of width 0.1, 1 (extreme imbalance, [0, 0.1)) … 10 (high-quality
coordination, [0.9, 1]), after Liao Chongbin (廖重斌) 1999, 环境与经济协调发展的定量评判及其分类体系
—以珠江三角洲城市群为例, Tropical Geography (热带地理) 19(2): 171–177.

Relative development (:func:`development_types`): E = U_a / U_b of two systems (for the
rural–urban pair E = U_NU / U_RR), banded as E ≤ 0.8 → system a lags, 0.8 < E ≤ 1.2 →
synchronous, E > 1.2 → system b lags (cut points are parameters; exact boundaries belong to the
lower band, up to 1e-9 of rounding; the 0.8/1.2 bands are the convention of the Chinese
相对发展度 literature, for which no single primary source is verified here). Crossed with the grade
of D this gives the combined types of the Chinese coupling literature ("grade 8 intermediate
coordination, RR lagging"), kept here as two columns (grade, band) and the id of the lagging
system, never as a sentence.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

FORMULAS = ("standard", "wang", "fan")
SYNCHRONOUS = "synchronous"
LAGGING = "lagging"
LAG_TYPES = (SYNCHRONOUS, LAGGING)     # the lag_type column; the lagging subsystem is in its own column
# bands of the relative development degree E = U_numerator / U_denominator
NUMERATOR_LAGS = "numerator_lags"
DENOMINATOR_LAGS = "denominator_lags"
RELATIVE_BANDS = (NUMERATOR_LAGS, SYNCHRONOUS, DENOMINATOR_LAGS)
RELATIVE_LOW, RELATIVE_HIGH = 0.8, 1.2
BAND_TOLERANCE = 1e-9   # E = 0.8 or 1.2 up to rounding (0.56/0.7 = 0.8000000000000002) stays in the lower band


def coupling_degree(u: np.ndarray, formula: str) -> np.ndarray:
    """C of every row of ``u`` (rows × subsystems) by ``formula`` (see the module docstring): the kernel
    of :func:`coupling_coordination` and of the bootstrap of notebook 13.

    Examples
    --------
    >>> coupling_degree(np.array([[0.25, 0.25], [0.09, 0.25]]), "standard").round(4).tolist()
    [1.0, 0.8824]
    """
    n = u.shape[1]
    total = u.sum(axis=1)
    with np.errstate(divide="ignore", invalid="ignore"):
        if formula == "standard":
            c = n * np.prod(u, axis=1) ** (1.0 / n) / total
        elif formula == "wang":
            i, j = np.triu_indices(n, k=1)
            spread = np.abs(u[:, i] - u[:, j]).sum(axis=1) / (n * (n - 1) / 2)
            top = u.max(axis=1, keepdims=True)
            balance = np.prod(u / top, axis=1) ** (1.0 / (n - 1))
            c = np.sqrt(np.clip(1.0 - spread, 0.0, None) * balance)
        elif formula == "fan":
            variance = (n * (u**2).sum(axis=1) - total**2) / n**2
            c = 1.0 - 2.0 * np.sqrt(np.clip(variance, 0.0, None))
        else:
            raise ValueError(f"unknown coupling formula {formula!r}; use one of {', '.join(FORMULAS)}")
    # All subsystems at zero: no development and nothing to couple (0/0 in the formulas).
    return np.where(total == 0, 0.0, c)


def coupling_coordination(U: pd.DataFrame, alpha: Sequence[float] | None = None,
                          formula: str = "standard") -> pd.DataFrame:
    """C, T and D for every row of ``U`` (one column per subsystem, values ≥ 0).

    Parameters
    ----------
    U : pandas.DataFrame
        Subsystem indices, one column per subsystem (at least two).
    alpha : sequence of float, optional
        Weights of T (default 1/n each; they must sum to 1).
    formula : str, default "standard"
        One of :data:`FORMULAS` (see the module docstring).

    Returns
    -------
    pandas.DataFrame
        Columns ``C``, ``T``, ``D``, same index as ``U``.

    Examples
    --------
    Two equal subsystems are perfectly coupled (C = 1) and D = √T:

    >>> coupling_coordination(pd.DataFrame({"RR": [0.36], "NU": [0.36]}))
         C     T    D
    0  1.0  0.36  0.6

    For U = (0.2, 0.8): C = 2√0.16 / 1.0 = 0.8, T = 0.5, D = √0.4:

    >>> coupling_coordination(pd.DataFrame({"RR": [0.2], "NU": [0.8]})).round(4)
         C    T       D
    0  0.8  0.5  0.6325
    """
    u = U.to_numpy(dtype=float)
    n = u.shape[1]
    if n < 2:
        raise ValueError("coupling needs at least two subsystems (columns of U)")
    if np.isnan(u).any() or (u < 0).any():
        raise ValueError("subsystem indices must be non-negative numbers")
    weights = np.full(n, 1.0 / n) if alpha is None else np.asarray(alpha, dtype=float)
    if weights.shape != (n,) or abs(weights.sum() - 1) > 1e-9 or (weights < 0).any():
        raise ValueError(f"alpha must hold {n} non-negative weights that sum to 1, got {alpha!r}")
    c = coupling_degree(u, formula)
    t = u @ weights
    return pd.DataFrame({"C": c, "T": t, "D": np.sqrt(c * t)}, index=U.index)


def grade(D: pd.Series | Sequence[float] | np.ndarray) -> pd.Series:
    """Ten-level grade of D: [0, 0.1) → 1 (extreme imbalance) … [0.9, 1] → 10 (high-quality).

    Values slightly above 1 (possible with the normalisation shift) count as grade 10. The names
    of the grades are in :mod:`helpers.presentation.labels`.

    Examples
    --------
    >>> grade([0.05, 0.3, 0.55, 1.00005]).tolist()
    [1, 4, 6, 10]
    """
    d = pd.Series(D, dtype=float) if not isinstance(D, pd.Series) else D.astype(float)
    if d.isna().any() or (d < 0).any():
        raise ValueError("D must be a non-negative number")
    # The small epsilon keeps exact boundaries such as 0.3 (=2.9999…/10 in floating point) in the upper class.
    level = np.minimum(np.floor(d.to_numpy() * 10 + 1e-9), 9).astype(int) + 1
    return pd.Series(level, index=d.index, name="grade")


def lagging_subsystem(U: pd.DataFrame, threshold: float = 0.1) -> pd.DataFrame:
    """Lag type of every row: :data:`SYNCHRONOUS` when max U − min U ≤ threshold, else :data:`LAGGING`, with
    the lagging subsystem (the column of the smallest U; ``""`` when synchronous) in ``lagging``.

    Examples
    --------
    >>> lagging_subsystem(pd.DataFrame({"RR": [0.30, 0.50], "NU": [0.35, 0.80]})).values.tolist()
    [['synchronous', ''], ['lagging', 'RR']]
    """
    spread = U.max(axis=1) - U.min(axis=1)
    # 1e-12 keeps a difference equal to the threshold (up to rounding) synchronous, as the rule says
    synchronous = (spread <= threshold + 1e-12).to_numpy()
    return pd.DataFrame({"lag_type": np.where(synchronous, SYNCHRONOUS, LAGGING),
                         "lagging": np.where(synchronous, "", U.idxmin(axis=1).astype(str))}, index=U.index)


def lag_type(U1: pd.Series, U2: pd.Series, threshold: float = 0.1) -> pd.DataFrame:
    """:func:`lagging_subsystem` of two subsystems named by the Series names (``U1``/``U2`` when unnamed).

    Examples
    --------
    >>> lag_type(pd.Series([0.7], name="RR"), pd.Series([0.5], name="NU")).values.tolist()
    [['lagging', 'NU']]
    """
    names = (U1.name or "U1", U2.name or "U2")
    return lagging_subsystem(pd.concat([U1.rename(names[0]), U2.rename(names[1])], axis=1), threshold)


def relative_development(U: pd.DataFrame) -> pd.Series:
    """U1/U2 for two subsystems; min U / max U for more (1 = balanced).

    Examples
    --------
    >>> relative_development(pd.DataFrame({"RR": [0.4], "NU": [0.8]})).tolist()
    [0.5]
    """
    if U.shape[1] == 2:
        ratio = U.iloc[:, 0] / U.iloc[:, 1]
    else:
        ratio = U.min(axis=1) / U.max(axis=1)
    return ratio.rename("relative_development")


def subsystem_indices(scores: pd.DataFrame, dim_scores: pd.DataFrame, weights: pd.DataFrame,
                      system_ids: Sequence[str]) -> pd.DataFrame:
    """The U matrix to couple, indexed by (region_code, year).

    With two or more systems: their scores. With one system: its dimensions, each on [0, 1] as the
    dimension score divided by the dimension's share of the weights (per year in per-year mode).

    Examples
    --------
    >>> scores = pd.DataFrame({"region_code": ["r", "r"], "year": [2020, 2020], "system": ["RR", "NU"],
    ...                        "score": [0.4, 0.6]})
    >>> subsystem_indices(scores, None, None, ["RR", "NU"]).to_numpy().tolist()
    [[0.4, 0.6]]
    """
    if len(system_ids) > 1:
        return scores.pivot(index=["region_code", "year"], columns="system", values="score")[list(system_ids)]
    keys = ["dimension"] + (["year"] if "year" in weights.columns else [])
    share = weights.groupby(keys, sort=False)["weight"].sum().rename("share").reset_index()
    scaled = dim_scores.merge(share, on=keys, how="left")
    scaled["index"] = scaled["score"] / scaled["share"]
    order = list(dict.fromkeys(weights["dimension"]))
    return scaled.pivot(index=["region_code", "year"], columns="dimension", values="index")[order]


def coupling_table(U: pd.DataFrame, alpha: Sequence[float] | None, formula: str,
                   threshold: float) -> pd.DataFrame:
    """The numbers of ``coupling.csv``: U columns, C, T, D, grade, lag type, relative development.

    Examples
    --------
    >>> U = pd.DataFrame({"RR": [0.36], "NU": [0.36]},
    ...                  index=pd.MultiIndex.from_tuples([("r", 2020)], names=["region_code", "year"]))
    >>> row = coupling_table(U, None, "standard", 0.1).iloc[0]
    >>> float(row["D"]), int(row["grade"]), row["lag_type"]
    (0.6, 7, 'synchronous')
    """
    ccd = coupling_coordination(U, alpha, formula)
    table = pd.concat([U, ccd, grade(ccd["D"]), lagging_subsystem(U, threshold), relative_development(U)], axis=1)
    table.columns.name = None
    return table.reset_index()


def _rows(index: pd.Index, mask: np.ndarray, limit: int = 5) -> str:
    """The first ``limit`` labels of ``index`` where ``mask`` holds, for error messages."""
    labels = [str(label) for label in index[mask][:limit]]
    more = int(mask.sum()) - len(labels)
    return ", ".join(labels) + (f" and {more} more" if more > 0 else "")


def relative_band(E: pd.Series | Sequence[float] | np.ndarray, low: float = RELATIVE_LOW,
                  high: float = RELATIVE_HIGH) -> pd.Series:
    """Band code of the relative development degree E = U_numerator / U_denominator.

    E ≤ ``low`` → :data:`NUMERATOR_LAGS`, ``low`` < E ≤ ``high`` → :data:`SYNCHRONOUS`, E > ``high``
    → :data:`DENOMINATOR_LAGS`; a value within :data:`BAND_TOLERANCE` of a cut point counts as equal
    to it.

    Examples
    --------
    >>> relative_band([0.5, 0.8, 1.0, 1.2, 1.5]).tolist()
    ['numerator_lags', 'numerator_lags', 'synchronous', 'synchronous', 'denominator_lags']
    """
    if not 0 < low < high:
        raise ValueError(f"the cut points must satisfy 0 < low < high, got low={low!r}, high={high!r}")
    e = pd.Series(E, dtype=float) if not isinstance(E, pd.Series) else E.astype(float)
    bad = ~np.isfinite(e.to_numpy()) | (e.to_numpy() < 0)
    if bad.any():
        raise ValueError(f"E must be a finite number ≥ 0: not so at {_rows(e.index, bad)}")
    values = e.to_numpy()
    band = np.where(values <= low + BAND_TOLERANCE, NUMERATOR_LAGS,
                    np.where(values <= high + BAND_TOLERANCE, SYNCHRONOUS, DENOMINATOR_LAGS))
    return pd.Series(band, index=e.index, name="band")


def development_types(U: pd.DataFrame, numerator: str = "NU", denominator: str = "RR",
                      D: pd.Series | None = None, low: float = RELATIVE_LOW, high: float = RELATIVE_HIGH,
                      formula: str = "standard") -> pd.DataFrame:
    """Relative development degree, its band and the combined type (grade of D × band) of every row.

    Parameters
    ----------
    U : pandas.DataFrame
        System indices, one column per system, values ≥ 0; must hold ``numerator`` and ``denominator``.
    numerator, denominator : str, default "NU", "RR"
        The columns of E = U[numerator] / U[denominator].
    D : pandas.Series, optional
        Coupling coordination degree of every row (same index as ``U``), e.g. the column ``D`` of
        the run's coupling table. By default computed from the two columns with ``formula``.
    low, high : float, default 0.8, 1.2
        Cut points of the bands (see :func:`relative_band`).
    formula : str, default "standard"
        Coupling formula used when ``D`` is not given (:data:`FORMULAS`).

    Returns
    -------
    pandas.DataFrame
        Same index as ``U``; columns ``E``, ``band`` (one of :data:`RELATIVE_BANDS`), ``lagging``
        (the id of the lagging system, ``""`` when synchronous), ``D`` and ``grade`` (1 … 10, see
        :func:`grade`). The combined type is the pair (grade, band).

    Raises
    ------
    ValueError
        A missing column, a negative or missing index, U[denominator] = 0 (E undefined), or a D
        that does not cover every row (the rows are named).

    Examples
    --------
    With the standard formula and equal weights, C·T = √(U_RR·U_NU), so D = (U_RR·U_NU)^{1/4}.
    Row a: E = 0.4/0.5 = 0.8 (the boundary: NU lags), D = 0.2^{1/4} = 0.6687 (grade 7); row b:
    E = 1.1, D = 0.275^{1/4} = 0.7242 (grade 8, synchronous); row c: E = 2, D = 0.18^{1/4} = 0.6514:

    >>> U = pd.DataFrame({"RR": [0.5, 0.5, 0.3], "NU": [0.4, 0.55, 0.6]}, index=["a", "b", "c"])
    >>> development_types(U).round(4)
         E              band lagging       D  grade
    a  0.8    numerator_lags      NU  0.6687      7
    b  1.1       synchronous          0.7242      8
    c  2.0  denominator_lags      RR  0.6514      7
    """
    missing = [c for c in (numerator, denominator) if c not in U.columns]
    if missing:
        raise ValueError(f"U has no column {', '.join(map(repr, missing))} (columns: {', '.join(map(str, U.columns))})")
    if numerator == denominator:
        raise ValueError("numerator and denominator must be two different systems")
    pair = U[[numerator, denominator]].astype(float)
    values = pair.to_numpy()
    bad = ~np.isfinite(values).all(axis=1) | (values < 0).any(axis=1)
    if bad.any():
        raise ValueError(f"system indices must be finite numbers ≥ 0: not so at {_rows(U.index, bad)}")
    zero = values[:, 1] == 0
    if zero.any():
        raise ValueError(f"U[{denominator!r}] = 0 at {_rows(U.index, zero)}: E = U[{numerator!r}]/U[{denominator!r}] "
                         "is undefined")
    E = pd.Series(values[:, 0] / values[:, 1], index=U.index, name="E")
    band = relative_band(E, low, high)
    lagging = band.map({NUMERATOR_LAGS: numerator, SYNCHRONOUS: "", DENOMINATOR_LAGS: denominator}).rename("lagging")
    if D is None:
        d = coupling_coordination(pair, formula=formula)["D"]
    else:
        if not isinstance(D, pd.Series):
            raise ValueError("D must be a pandas Series with the index of U")
        d = D.reindex(U.index).astype(float)
        absent = d.isna().to_numpy()
        if absent.any():
            raise ValueError(f"no D for {_rows(U.index, absent)}")
    return pd.DataFrame({"E": E, "band": band, "lagging": lagging, "D": d.rename("D"), "grade": grade(d)},
                        index=U.index)
