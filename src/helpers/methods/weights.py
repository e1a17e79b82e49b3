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


def normalize(X: pd.DataFrame, directions: Mapping[str, str], shift: float = 0.0001) -> pd.DataFrame:
    """Min–max normalise every column of ``X`` over all its rows, then add ``shift``.

    ``directions`` maps each column to ``"+"`` (more is better) or ``"-"`` (less is better).
    A constant column has no min–max scale: it raises ``ValueError`` naming the column.
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


def entropy_table(Z: pd.DataFrame) -> pd.DataFrame:
    """Entropy e_j, divergence d_j = 1 − e_j and weight w_j of every column of ``Z``.

    Rows are observations, columns indicators, values ≥ 0; k = 1/ln(number of rows).
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
    p = values / totals
    entropy = -_xlogx(p).sum(axis=0) / np.log(n)
    divergence = 1.0 - entropy
    if divergence.sum() <= 0:
        raise ValueError("every indicator has maximal entropy (all observations equal): weights are undefined")
    return pd.DataFrame({"entropy": entropy, "divergence": divergence, "weight": divergence / divergence.sum()},
                        index=Z.columns)


def entropy_weights(Z: pd.DataFrame) -> pd.Series:
    """Entropy weights of the columns of ``Z`` (they sum to 1)."""
    return entropy_table(Z)["weight"].rename("weight")


def critic_weights(Z: pd.DataFrame) -> pd.Series:
    """CRITIC weights (Diakoulaki et al. 1995): contrast σ_j times conflict Σ_k (1 − r_jk)."""
    if len(Z) < 3:
        raise ValueError("CRITIC needs at least three observations (a correlation per pair)")
    sd = Z.std(ddof=1)
    flat = sd.index[sd == 0].tolist()
    if flat:
        raise ValueError(f"indicator(s) {', '.join(map(str, flat))} are constant: their correlation is undefined")
    conflict = (1.0 - Z.corr(method="pearson")).sum()
    information = sd * conflict
    return (information / information.sum()).rename("weight")


def equal_weights(Z: pd.DataFrame) -> pd.Series:
    """The same weight 1/m for each of the m columns."""
    return pd.Series(1.0 / Z.shape[1], index=Z.columns, name="weight")


def weight_table(Z: pd.DataFrame, method: str = "entropy") -> pd.DataFrame:
    """Columns entropy, divergence, weight for ``method`` (entropy columns are NaN for CRITIC/equal).

    ``entropy-critic`` is the arithmetic mean of the entropy and CRITIC weights.
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
    """U_i = Σ_j w_j z'_ij over the columns named in ``w``."""
    return pd.Series(Z[w.index].to_numpy() @ w.to_numpy(), index=Z.index, name="score")


def indicator_weights(Z: pd.DataFrame, indicators: pd.DataFrame, method: str = "entropy",
                      mode: str = "pooled") -> pd.DataFrame:
    """Weights of every indicator within its system (they sum to 1 per system, per year if per-year).

    ``Z`` is indexed by (region_code, year) with one column per indicator; ``indicators`` has the
    columns id, system, dimension. ``mode`` is ``pooled`` (one set for the panel, N = regions ×
    years) or ``per-year`` (one set per year, N = regions). Returns system, dimension, indicator,
    [year,] entropy, divergence, weight.
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
    """w_j · z'_ij for every observation and indicator (per-year weights matched on the year)."""
    if "year" in weights.columns:
        W = weights.pivot(index="year", columns="indicator", values="weight")
        W = W.reindex(Z.index.get_level_values("year"))[Z.columns].to_numpy()
    else:
        W = weights.set_index("indicator")["weight"].reindex(Z.columns).to_numpy()
    return Z * W


def dimension_scores(Z: pd.DataFrame, weights: pd.DataFrame, indicators: pd.DataFrame) -> pd.DataFrame:
    """Dimension scores Σ_{j ∈ dimension} w_j z'_ij (long: region_code, year, system, dimension, score).

    They add up to the system score U_s because the same terms are summed.
    """
    contributions = weighted_values(Z, weights)
    owner = indicators.set_index("id")[["system", "dimension"]]
    by_dim = contributions.T.groupby([owner["system"].reindex(Z.columns), owner["dimension"].reindex(Z.columns)],
                                     sort=False).sum().T
    by_dim.columns = by_dim.columns.set_names(["system", "dimension"])
    long = by_dim.stack(["system", "dimension"], future_stack=True).rename("score").reset_index()
    return long.sort_values(["region_code", "year", "system", "dimension"], kind="mergesort").reset_index(drop=True)


def system_scores(dim_scores: pd.DataFrame) -> pd.DataFrame:
    """System scores U_s as the sum of their dimension scores (long: region_code, year, system, score)."""
    out = dim_scores.groupby(["region_code", "year", "system"], sort=True)["score"].sum().reset_index()
    return out
