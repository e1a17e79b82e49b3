"""Normalisation and objective weights (entropy, CRITIC, equal) and the composite scores.

Notation: x_ij is indicator j of observation i = (region, year), N observations.

* min–max, pooled over every row given: positive z = (x − min)/(max − min), negative
  z = (max − x)/(max − min); z' = z + shift.
* entropy: p_ij = z'_ij / Σ_i z'_ij, e_j = −(1/ln N) Σ_i p_ij ln p_ij (0·ln 0 = 0),
  d_j = 1 − e_j, w_j = d_j / Σ_j d_j.
* CRITIC: C_j = σ_j Σ_k (1 − r_jk), w_j = C_j / Σ_j C_j (σ the sample standard deviation,
  r the Pearson correlation).
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

WEIGHTINGS = ("entropy", "critic", "equal", "entropy-critic")
ENTROPY_MODES = ("pooled", "per-year")
CRITIC_TOLERANCE = 1e-9   # total conflict below this (relative to the spread) means perfectly correlated


def normalize(X: pd.DataFrame, directions: Mapping[str, str], shift: float = 0.0001) -> pd.DataFrame:
    """Min–max normalise every column of ``X`` over all its rows, then add ``shift``.

    Parameters
    ----------
    X : pandas.DataFrame
        Observations (rows, e.g. region-years) × indicators (columns), no missing values.
    directions : Mapping[str, str]
        Each column's direction: ``"+"`` (more is better) or ``"-"`` (less is better).
    shift : float, default 0.0001
        Added after scaling, so that ln p is defined in the entropy (0 allowed).

    Returns
    -------
    pandas.DataFrame
        z' in [shift, 1 + shift], same index and columns as ``X``.

    Raises
    ------
    ValueError
        A column without direction, with missing values, or constant (named in the message).

    Examples
    --------
    >>> X = pd.DataFrame({"income": [1.0, 2.0, 3.0], "engel": [50.0, 40.0, 30.0]})
    >>> normalize(X, {"income": "+", "engel": "-"}, shift=0)
       income  engel
    0     0.0    0.0
    1     0.5    0.5
    2     1.0    1.0
    """
    missing = [c for c in X.columns if c not in directions]
    if missing:
        raise ValueError(f"no direction given for indicator(s) {', '.join(map(str, missing))}")
    bad = {c: directions[c] for c in X.columns if directions[c] not in ("+", "-")}
    if bad:
        raise ValueError(f"direction must be '+' or '-': {bad}")
    if X.isna().any().any():
        raise ValueError(f"missing values in {', '.join(map(str, X.columns[X.isna().any()]))}: fill them first")
    low, high = X.min(), X.max()
    span = high - low
    constant = span.index[span == 0].tolist()
    if constant:
        raise ValueError(f"indicator(s) {', '.join(map(str, constant))} are constant: min–max normalisation is undefined")
    positive = np.array([directions[c] == "+" for c in X.columns])
    z = (X.to_numpy(dtype=float) - low.to_numpy()) / span.to_numpy()
    z = np.where(positive, z, 1.0 - z)
    return pd.DataFrame(z + shift, index=X.index, columns=X.columns)


def _xlogx(p: np.ndarray) -> np.ndarray:
    """p·ln p with the limit 0·ln 0 = 0."""
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(p > 0, p * np.log(np.where(p > 0, p, 1.0)), 0.0)


def entropies(Z: np.ndarray) -> np.ndarray:
    """e_j = −(1/ln n) Σ_i p_ij ln p_ij, p_ij = z_ij / Σ_i z_ij, of every column of ``Z`` (..., n, m),
    batched over the leading axes (the kernel of :func:`entropy_table` and of :func:`batch_weights`);
    NaN for a column that sums to 0.

    Examples
    --------
    An even column has the largest entropy, 1; a column held by one observation the smallest, 0:

    >>> bool((entropies(np.array([[1.0, 0.0], [1.0, 1.0]])) == [1.0, 0.0]).all())
    True
    """
    Z = np.asarray(Z, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        p = Z / Z.sum(axis=-2, keepdims=True)
    return -_xlogx(p).sum(axis=-2) / np.log(Z.shape[-2])


def critic_information(Z: np.ndarray, groups: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
    """CRITIC's information C_j = σ_j Σ_k (1 − r_jk) and the standard deviations σ_j (ddof = 1) of every
    column of ``Z`` (..., n, m), batched; with ``groups`` (one-hot m × g) the sum runs over the columns
    of j's own group only (the indicators of one system). The kernel of :func:`critic_weights` and of
    :func:`batch_weights`.

    Examples
    --------
    Two columns in perfect conflict (r = −1): Σ_k (1 − r_jk) = 0 + 2, σ = 0.5, so C = 1 for each.

    >>> information, sd = critic_information(np.array([[0.0, 1.0], [0.5, 0.5], [1.0, 0.0]]))
    >>> information.round(12).tolist(), sd.tolist()
    ([1.0, 1.0], [0.5, 0.5])
    """
    Z = np.asarray(Z, dtype=float)
    n, m = Z.shape[-2:]
    sd = Z.std(axis=-2, ddof=1)
    with np.errstate(divide="ignore", invalid="ignore"):
        standard = (Z - Z.mean(axis=-2, keepdims=True)) / sd[..., None, :]
    r = np.einsum("...ij,...ik->...jk", standard, standard) / (n - 1)
    same = np.ones((m, m)) if groups is None else groups @ groups.T
    return sd * ((1.0 - r) * same).sum(axis=-1), sd


def entropy_table(Z: pd.DataFrame) -> pd.DataFrame:
    """Entropy e_j, divergence d_j = 1 − e_j and weight w_j of every column of ``Z``.

    Parameters
    ----------
    Z : pandas.DataFrame
        Observations × indicators, values ≥ 0 (normalised and shifted); k = 1/ln(number of rows).

    Returns
    -------
    pandas.DataFrame
        Indexed by the columns of ``Z``, with columns ``entropy``, ``divergence``, ``weight``.

    Examples
    --------
    An indicator that is equal in every observation carries no information (e = 1); one that is
    concentrated in a single observation carries all of it (e = 0):

    >>> Z = pd.DataFrame({"flat": [1.0, 1.0, 1.0, 1.0], "peaked": [0.0, 0.0, 0.0, 1.0]})
    >>> table = entropy_table(Z)
    >>> table["divergence"].tolist(), table["weight"].tolist()
    ([0.0, 1.0], [0.0, 1.0])
    """
    n = len(Z)
    if n < 2:
        raise ValueError("the entropy needs at least two observations (k = 1/ln N)")
    values = Z.to_numpy(dtype=float)
    if np.isnan(values).any():
        raise ValueError("Z contains missing values")
    if (values < 0).any():
        raise ValueError(f"Z must be ≥ 0: negative values in {', '.join(map(str, Z.columns[(values < 0).any(axis=0)]))}")
    totals = values.sum(axis=0)
    zero = Z.columns[totals == 0].tolist()
    if zero:
        raise ValueError(f"indicator(s) {', '.join(map(str, zero))} are zero in every observation: p = z/Σz is undefined")
    entropy = entropies(values)
    divergence = 1.0 - entropy
    if divergence.sum() <= 0:
        raise ValueError("every indicator has maximal entropy (all observations equal): weights are undefined")
    return pd.DataFrame({"entropy": entropy, "divergence": divergence, "weight": divergence / divergence.sum()},
                        index=Z.columns)


def entropy_weights(Z: pd.DataFrame) -> pd.Series:
    """Entropy weights of the columns of ``Z`` (they sum to 1); see :func:`entropy_table`.

    Examples
    --------
    >>> Z = pd.DataFrame({"a": [0.1, 0.9], "b": [0.9, 0.1]})
    >>> entropy_weights(Z).round(6).tolist()
    [0.5, 0.5]
    """
    return entropy_table(Z)["weight"].rename("weight")


def critic_weights(Z: pd.DataFrame) -> pd.Series:
    """CRITIC weights (Diakoulaki, Mavrotas and Papayannakis 1995): contrast times conflict.

    C_j = σ_j Σ_k (1 − r_jk) and w_j = C_j / Σ_j C_j, with σ_j the sample standard deviation of
    column j and r_jk the Pearson correlation of columns j and k.

    Parameters
    ----------
    Z : pandas.DataFrame
        Observations × indicators (at least three rows, no constant column).

    Returns
    -------
    pandas.Series
        Weights indexed by the columns of ``Z``.

    Examples
    --------
    Two columns with the same spread in perfect conflict (r = −1) share the weight equally:

    >>> Z = pd.DataFrame({"a": [0.0, 0.5, 1.0], "b": [1.0, 0.5, 0.0]})
    >>> critic_weights(Z).tolist()
    [0.5, 0.5]
    """
    if len(Z) < 3:
        raise ValueError("CRITIC needs at least three observations (a correlation per pair)")
    sd = Z.std(ddof=1)
    flat = sd.index[sd == 0].tolist()
    if flat:
        raise ValueError(f"indicator(s) {', '.join(map(str, flat))} are constant: their correlation is undefined")
    information = pd.Series(critic_information(Z.to_numpy(dtype=float))[0], index=Z.columns)
    # rounding leaves conflicts of ~1e-16 between perfectly correlated columns: that is no information
    if not information.sum() > CRITIC_TOLERANCE * sd.sum():
        raise ValueError("every indicator is perfectly positively correlated with the others: CRITIC weights are undefined")
    return (information / information.sum()).rename("weight")


def equal_weights(Z: pd.DataFrame) -> pd.Series:
    """The same weight 1/m for each of the m columns.

    Examples
    --------
    >>> equal_weights(pd.DataFrame(columns=["a", "b", "c", "d"])).tolist()
    [0.25, 0.25, 0.25, 0.25]
    """
    return pd.Series(1.0 / Z.shape[1], index=Z.columns, name="weight")


def weight_table(Z: pd.DataFrame, method: str = "entropy") -> pd.DataFrame:
    """Columns ``entropy``, ``divergence`` and ``weight`` for ``method`` (one of :data:`WEIGHTINGS`).

    The entropy columns are NaN for ``critic`` and ``equal``; ``entropy-critic`` is the arithmetic
    mean of the entropy and CRITIC weights.

    Examples
    --------
    >>> Z = pd.DataFrame({"a": [0.0, 0.5, 1.0], "b": [1.0, 0.2, 0.0]})
    >>> weight_table(Z, "equal")["weight"].tolist()
    [0.5, 0.5]
    """
    if method == "entropy":
        return entropy_table(Z)
    if method == "critic":
        w = critic_weights(Z)
    elif method == "equal":
        w = equal_weights(Z)
    elif method == "entropy-critic":
        table = entropy_table(Z)
        table["weight"] = (table["weight"] + critic_weights(Z)) / 2.0
        return table
    else:
        raise ValueError(f"unknown weighting {method!r}: use one of {', '.join(WEIGHTINGS)}")
    return pd.DataFrame({"entropy": np.nan, "divergence": np.nan, "weight": w}, index=Z.columns)


def composite_scores(Z: pd.DataFrame, w: pd.Series) -> pd.Series:
    """U_i = Σ_j w_j z'_ij over the columns named in ``w``.

    Examples
    --------
    >>> Z = pd.DataFrame({"a": [0.2, 1.0], "b": [0.4, 0.0]})
    >>> composite_scores(Z, pd.Series({"a": 0.5, "b": 0.5})).tolist()
    [0.30000000000000004, 0.5]
    """
    return pd.Series(Z[w.index].to_numpy() @ w.to_numpy(), index=Z.index, name="score")


def indicator_weights(Z: pd.DataFrame, indicators: pd.DataFrame, method: str = "entropy",
                      mode: str = "pooled") -> pd.DataFrame:
    """Weights of every indicator within its system (they sum to 1 per system, per year if per-year).

    Parameters
    ----------
    Z : pandas.DataFrame
        Indexed by (region_code, year), one column per indicator.
    indicators : pandas.DataFrame
        Columns ``id``, ``system``, ``dimension``.
    method : str, default "entropy"
        One of :data:`WEIGHTINGS`.
    mode : str, default "pooled"
        ``pooled`` (one set for the panel, N = regions × years) or ``per-year`` (N = regions).

    Returns
    -------
    pandas.DataFrame
        system, dimension, indicator, [year,] entropy, divergence, weight.

    Examples
    --------
    >>> Z = pd.DataFrame({"a": [0.1, 0.9, 0.5, 0.5], "b": [0.2, 0.4, 0.6, 0.8]},
    ...                  index=pd.MultiIndex.from_product([["r1", "r2"], [2020, 2021]], names=["region_code", "year"]))
    >>> ind = pd.DataFrame({"id": ["a", "b"], "system": ["S", "S"], "dimension": ["d1", "d2"]})
    >>> indicator_weights(Z, ind, "equal")[["system", "indicator", "weight"]]
      system indicator  weight
    0      S         a     0.5
    1      S         b     0.5
    """
    frames = []
    for system, members in indicators.groupby("system", sort=False):
        ids = members["id"].tolist()
        blocks = [(None, Z[ids])] if mode == "pooled" else list(Z[ids].groupby(level="year"))
        for year, block in blocks:
            table = weight_table(block, method).rename_axis("indicator").reset_index()
            table.insert(0, "system", system)
            table.insert(1, "dimension", members.set_index("id").loc[ids, "dimension"].to_numpy())
            if year is not None:
                table.insert(3, "year", int(year))
            frames.append(table)
    return pd.concat(frames, ignore_index=True)


def weighted_values(Z: pd.DataFrame, weights: pd.DataFrame) -> pd.DataFrame:
    """w_j · z'_ij for every observation and indicator (per-year weights matched on the year).

    Examples
    --------
    >>> Z = pd.DataFrame({"a": [1.0, 0.5]}, index=pd.MultiIndex.from_tuples([("r", 2020), ("r", 2021)],
    ...                                                                    names=["region_code", "year"]))
    >>> weighted_values(Z, pd.DataFrame({"indicator": ["a"], "weight": [0.4]}))["a"].tolist()
    [0.4, 0.2]
    """
    if "year" in weights.columns:
        W = weights.pivot(index="year", columns="indicator", values="weight")
        W = W.reindex(Z.index.get_level_values("year"))[Z.columns].to_numpy()
    else:
        W = weights.set_index("indicator")["weight"].reindex(Z.columns).to_numpy()
    return Z * W


def dimension_scores(Z: pd.DataFrame, weights: pd.DataFrame, indicators: pd.DataFrame) -> pd.DataFrame:
    """Dimension scores Σ_{j ∈ dimension} w_j z'_ij (long: region_code, year, system, dimension, score).

    They add up to the system score U_s because the same terms are summed.

    Examples
    --------
    >>> Z = pd.DataFrame({"a": [1.0], "b": [0.5]},
    ...                  index=pd.MultiIndex.from_tuples([("r", 2020)], names=["region_code", "year"]))
    >>> w = pd.DataFrame({"indicator": ["a", "b"], "weight": [0.6, 0.4]})
    >>> ind = pd.DataFrame({"id": ["a", "b"], "system": ["S", "S"], "dimension": ["d1", "d2"]})
    >>> dimension_scores(Z, w, ind)["score"].tolist()
    [0.6, 0.2]
    """
    contributions = weighted_values(Z, weights).sort_index(kind="mergesort")
    owner = indicators.set_index("id")[["system", "dimension"]].reindex(Z.columns)
    pairs = sorted(set(zip(owner["system"], owner["dimension"], strict=True)))
    # one-hot indicators × (system, dimension): the sums of every region-year in one product, and
    # the long table read row by row from the wide one is already in its sorted order
    onehot = np.array([[(s, d) == pair for pair in pairs] for s, d in zip(owner["system"], owner["dimension"], strict=True)],
                      dtype=float)
    values = contributions.to_numpy() @ onehot
    n, k = values.shape
    return pd.DataFrame({"region_code": np.repeat(contributions.index.get_level_values("region_code").to_numpy(), k),
                         "year": np.repeat(contributions.index.get_level_values("year").to_numpy(), k),
                         "system": np.tile(np.array([p[0] for p in pairs], dtype=object), n),
                         "dimension": np.tile(np.array([p[1] for p in pairs], dtype=object), n),
                         "score": values.ravel()})


def system_scores(dim_scores: pd.DataFrame) -> pd.DataFrame:
    """System scores U_s as the sum of their dimension scores (long: region_code, year, system, score).

    Examples
    --------
    >>> dims = pd.DataFrame({"region_code": ["r", "r"], "year": [2020, 2020], "system": ["S", "S"],
    ...                      "dimension": ["d1", "d2"], "score": [0.6, 0.2]})
    >>> system_scores(dims)
      region_code  year system  score
    0           r  2020      S    0.8
    """
    out = dim_scores.groupby(["region_code", "year", "system"], sort=True)["score"].sum().reset_index()
    return out


def batch_weights(Z: np.ndarray, method: str, systems: np.ndarray) -> np.ndarray:
    """Weights of every batch of ``Z`` (..., observations, indicators) by ``method``, summing to 1
    within each system (``systems``: one-hot indicators × systems): the definitions of
    :func:`weight_table` through the same kernels (:func:`entropies`, :func:`critic_information`), for
    many samples at once (the bootstrap of notebook 13). NaN where a sample cannot be weighted.

    Examples
    --------
    Two indicators in one system, as :func:`weight_table` weighs them:

    >>> Z = np.array([[0.0, 1.0], [0.5, 0.2], [1.0, 0.0]])
    >>> batched = batch_weights(Z[None], "critic", np.ones((2, 1)))[0]
    >>> one = weight_table(pd.DataFrame(Z, columns=["a", "b"]), "critic")["weight"]
    >>> bool(np.allclose(batched, one))
    True
    """
    def within_system(values: np.ndarray) -> np.ndarray:
        with np.errstate(divide="ignore", invalid="ignore"):
            return values / ((values @ systems) @ systems.T)

    if method == "equal":
        return np.broadcast_to(within_system(np.ones(Z.shape[-1])), Z.shape[:-2] + Z.shape[-1:]).copy()
    if method in ("entropy", "entropy-critic"):
        entropy_w = within_system(1.0 - entropies(Z))
        if method == "entropy":
            return entropy_w
    if method in ("critic", "entropy-critic"):
        information, sd = critic_information(Z, systems)
        # a system whose indicators are perfectly correlated cannot be weighted (as in critic_weights)
        informative = (information @ systems) > CRITIC_TOLERANCE * (sd @ systems)
        critic_w = np.where(informative @ systems.T > 0, within_system(information), np.nan)
        return critic_w if method == "critic" else (entropy_w + critic_w) / 2.0
    raise ValueError(f"unknown weighting {method!r}: use one of {', '.join(WEIGHTINGS)}")
