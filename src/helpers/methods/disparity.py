"""Inequality between regions and its decomposition by region groups: Gini, Dagum, Theil, CV.

* Gini coefficient (PySAL ``inequality``): G = Σ_i Σ_r |y_i − y_r| / (2 n² ȳ).
* Dagum (1997, Empirical Economics 22: 515–531) decomposition over groups j = 1 … k, ordered by
  their means (ȳ_1 ≤ … ≤ ȳ_k), with n_j regions, p_j = n_j / n and s_j = n_j ȳ_j / (n ȳ):

  - within a group:  G_jj = Σ_i Σ_r |y_ji − y_jr| / (2 n_j² ȳ_j)
  - between groups:  G_jh = Σ_i Σ_r |y_ji − y_hr| / (n_j n_h (ȳ_j + ȳ_h))
  - G_w = Σ_j G_jj p_j s_j
  - G_nb = Σ_{j>h} G_jh (p_j s_h + p_h s_j) D_jh,  G_t = Σ_{j>h} G_jh (p_j s_h + p_h s_j)(1 − D_jh)
  - D_jh = (d_jh − p_jh)/(d_jh + p_jh), where d_jh is the mean of max(y_ji − y_hr, 0) over all pairs
    (how far the richer group lies above the poorer) and p_jh the mean of max(y_hr − y_ji, 0)
    (the transvariation: how far the poorer group reaches above the richer one).

  G = G_w + G_nb + G_t exactly. Groups that do not overlap have p_jh = 0, D_jh = 1 and G_t = 0.
* Theil T (PySAL ``inequality``): T = (1/n) Σ_i (y_i/ȳ) ln(y_i/ȳ), between groups
  T_b = Σ_j s_j ln(s_j / p_j), within T_w = T − T_b.
* Coefficient of variation CV = σ/ȳ with the population σ (as in notebook 05).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

NO_GROUP = "(no group)"   # regions without a group are pooled under this name for the decompositions


def _positive(values) -> np.ndarray:
    y = np.asarray(values, dtype=float).ravel()
    if y.size < 2 or np.isnan(y).any() or (y < 0).any() or not y.sum() > 0:
        raise ValueError("inequality measures need at least two non-negative values with a positive sum")
    return y


def gini(values) -> float:
    """Gini coefficient of ``values`` (PySAL ``inequality.gini``), the mean absolute difference over 2ȳ.

    Examples
    --------
    Values 1, 2, 3: the absolute differences of all ordered pairs sum to 8, so G = 8/(2 · 9 · 2) = 2/9.

    >>> round(gini([1.0, 2.0, 3.0]), 6)
    0.222222
    """
    from inequality.gini import Gini

    return float(Gini(_positive(values)).g)


def theil(values: pd.Series, groups: pd.Series | None = None) -> pd.Series:
    """Theil T of ``values`` and, with ``groups`` (same index), its within/between decomposition.

    Returns a Series indexed ``total, within, between`` (within and between are NaN without groups).

    Examples
    --------
    Two groups at 0 and 10 (PySAL's own test): all the inequality lies between them, T = ln 2.

    >>> t = theil(pd.Series([0.0, 0, 0, 10, 10, 10]), pd.Series([0, 0, 0, 1, 1, 1]))
    >>> [round(float(v), 6) for v in t]
    [0.693147, 0.0, 0.693147]
    """
    from inequality.theil import Theil, TheilD

    y = _positive(values)
    if groups is None:
        return pd.Series({"total": float(Theil(y).T), "within": np.nan, "between": np.nan})
    decomposed = TheilD(y, np.asarray(groups.reindex(values.index)))
    return pd.Series({"total": float(np.squeeze(decomposed.T)), "within": float(np.squeeze(decomposed.wg)),
                      "between": float(np.squeeze(decomposed.bg))})


def _mean_abs(a: np.ndarray, b: np.ndarray) -> float:
    return float(np.abs(a[:, None] - b[None, :]).sum())


def dagum_details(values: pd.Series, groups: pd.Series) -> pd.DataFrame:
    """Dagum's group-level terms: group_a, group_b, G (G_jj when a = b, else G_jh), n, mean, D_jh.

    Groups are ordered by their means (lowest first), as the decomposition requires; ``group_b`` is
    the group with the higher mean of a pair.

    Examples
    --------
    Two groups (1, 3) and (5, 7): G_11 = 4/(2·4·2) = 0.25, G_22 = 4/(2·4·6) = 1/12,
    G_12 = (4 + 6 + 2 + 4)/(2·2·(2 + 6)) = 0.5.

    >>> d = dagum_details(pd.Series([1.0, 3, 5, 7]), pd.Series(["a", "a", "b", "b"]))
    >>> [(r.group_a, r.group_b, round(r.G, 6)) for r in d.itertuples()]
    [('a', 'a', 0.25), ('a', 'b', 0.5), ('b', 'b', 0.083333)]
    """
    y = pd.Series(_positive(values), index=values.index)
    g = groups.reindex(values.index).fillna(NO_GROUP).replace("", NO_GROUP)
    means = y.groupby(g).mean().sort_values(kind="mergesort")
    order = list(means.index)
    rows = []
    for a_pos, a in enumerate(order):
        ya = y[g == a].to_numpy()
        for b in order[a_pos:]:
            yb = y[g == b].to_numpy()
            if a == b:
                value = _mean_abs(ya, ya) / (2 * len(ya) ** 2 * ya.mean())
                d_jh = np.nan
            else:
                value = _mean_abs(yb, ya) / (len(ya) * len(yb) * (ya.mean() + yb.mean()))
                diff = yb[:, None] - ya[None, :]          # the richer group b minus the poorer group a
                d, p = np.clip(diff, 0, None).mean(), np.clip(-diff, 0, None).mean()
                d_jh = (d - p) / (d + p) if d + p > 0 else 0.0
            rows.append({"group_a": a, "group_b": b, "G": value, "n_a": len(ya), "n_b": len(yb),
                         "mean_a": ya.mean(), "mean_b": yb.mean(), "D": d_jh})
    return pd.DataFrame(rows)


def dagum_gini(values: pd.Series, groups: pd.Series) -> pd.Series:
    """Dagum's decomposition of the Gini coefficient: ``total, within, between, transvariation``.

    ``between`` is the net between-group part G_nb; the three parts add up to ``total``, which is the
    Gini coefficient of all the values.

    Examples
    --------
    The two groups of :func:`dagum_details` do not overlap (every value of b exceeds every value of
    a), so D_12 = 1 and the transvariation is zero. With p = (1/2, 1/2) and s = (4/16, 12/16):
    G_w = 0.25 · 1/2 · 1/4 + 1/12 · 1/2 · 3/4 = 0.0625, G_nb = 0.5 · (1/2 · 1/4 + 1/2 · 3/4) = 0.25,
    and their sum is the Gini coefficient 40/(2 · 16 · 4) = 0.3125:

    >>> [round(float(v), 6) for v in dagum_gini(pd.Series([1.0, 3, 5, 7]), pd.Series(["a", "a", "b", "b"]))]
    [0.3125, 0.0625, 0.25, 0.0]
    """
    y = pd.Series(_positive(values), index=values.index)
    details = dagum_details(y, groups)
    n, total_sum = len(y), y.sum()
    own = details[details["group_a"] == details["group_b"]]
    p = dict(zip(own["group_a"], own["n_a"] / n, strict=True))
    s = dict(zip(own["group_a"], own["n_a"] * own["mean_a"] / total_sum, strict=True))
    within = float((own["G"] * own["group_a"].map(p) * own["group_a"].map(s)).sum())
    pairs = details[details["group_a"] != details["group_b"]]
    weight = (pairs["group_b"].map(p) * pairs["group_a"].map(s) + pairs["group_a"].map(p) * pairs["group_b"].map(s))
    between = float((pairs["G"] * weight * pairs["D"]).sum())
    transvariation = float((pairs["G"] * weight * (1 - pairs["D"])).sum())
    return pd.Series({"total": within + between + transvariation, "within": within, "between": between,
                      "transvariation": transvariation})


def coefficient_of_variation(values) -> float:
    """σ/ȳ with the population σ (ddof = 0).

    Examples
    --------
    >>> coefficient_of_variation([1.0, 3.0])
    0.5
    """
    y = _positive(values)
    return float(y.std(ddof=0) / y.mean())


def disparity_tables(measures: pd.DataFrame, groups: pd.Series | None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Every year and measure: CV, Gini, Dagum and Theil with their components; and Dagum's G_jj/G_jh.

    ``measures`` has region_code, year, measure, value; ``groups`` maps region codes to groups (None,
    or fewer than two groups: overall CV, Gini and Theil only). Returns (disparity: year, measure,
    method, component, value, share), (dagum_groups: year, measure, group_a, group_b, G).
    """
    decompose = groups is not None and groups.reindex(measures["region_code"].unique()).fillna(NO_GROUP).replace(
        "", NO_GROUP).nunique() >= 2
    rows, pairs = [], []
    for (measure, year), part in measures.groupby(["measure", "year"], sort=False):
        values = part.set_index("region_code")["value"]
        rows.append((year, measure, "cv", "total", coefficient_of_variation(values), 1.0))
        rows.append((year, measure, "gini", "total", gini(values), 1.0))
        if decompose:
            dagum = dagum_gini(values, groups)
            rows += [(year, measure, "dagum", c, dagum[c], dagum[c] / dagum["total"]) for c in dagum.index]
            t = theil(values, groups)
            rows += [(year, measure, "theil", c, t[c], t[c] / t["total"]) for c in t.index]
            details = dagum_details(values, groups)
            pairs += [(year, measure, r.group_a, r.group_b, r.G) for r in details.itertuples(index=False)]
        else:
            rows.append((year, measure, "theil", "total", theil(values)["total"], 1.0))
    disparity = pd.DataFrame(rows, columns=["year", "measure", "method", "component", "value", "share"])
    dagum_groups = pd.DataFrame(pairs, columns=["year", "measure", "group_a", "group_b", "G"])
    return disparity, dagum_groups
