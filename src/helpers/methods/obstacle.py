"""Obstacle degree model: which indicators hold a region back most.

Factor contribution F_j = w_j (the indicator's weight within its system), deviation
I_ij = 1 − z_ij (z the min–max normalised value, 1 = best observation of the panel) and obstacle
degree O_ij = F_j I_ij / Σ_j F_j I_ij × 100 %. A dimension's obstacle is the sum over its indicators.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

NEGLIGIBLE = 0.05   # obstacle degrees (%) below this print as 0.0 % and are not listed as obstacles

def obstacle_degree(Z: pd.DataFrame, w: pd.Series) -> pd.DataFrame:
    """Obstacle degree (%) of every indicator (columns of ``Z``) for every row.

    Parameters
    ----------
    Z : pandas.DataFrame
        Normalised values in [0, 1] (1 = the best observation of the panel), rows × indicators.
    w : pandas.Series
        The weights (factor contributions F_j) of the same indicators.

    Returns
    -------
    pandas.DataFrame
        O_ij = F_j I_ij / Σ_j F_j I_ij × 100 with I_ij = 1 − z_ij; each row sums to 100. A row that is
        the best observation on every indicator has no obstacle and gives NaN.

    Examples
    --------
    F = (0.5, 0.5), z = (0.2, 0.6): I = (0.8, 0.4), so O = 0.4/0.6 and 0.2/0.6:

    >>> obstacle_degree(pd.DataFrame({"a": [0.2], "b": [0.6]}), pd.Series({"a": 0.5, "b": 0.5})).round(2)
           a      b
    0  66.67  33.33
    """
    missing = [c for c in Z.columns if c not in w.index]
    if missing:
        raise ValueError(f"no weight for indicator(s) {', '.join(map(str, missing))}")
    z = Z.to_numpy(dtype=float)
    if np.isnan(z).any() or (z < -1e-12).any() or (z > 1 + 1e-12).any():
        raise ValueError("normalised values must lie in [0, 1]")
    burden = w.reindex(Z.columns).to_numpy() * (1.0 - z)
    total = burden.sum(axis=1, keepdims=True)
    with np.errstate(invalid="ignore", divide="ignore"):
        share = np.where(total > 0, burden / total * 100.0, np.nan)
    return pd.DataFrame(share, index=Z.index, columns=Z.columns)


def obstacle_table(Z: pd.DataFrame, weights: pd.DataFrame) -> pd.DataFrame:
    """obstacles.csv: region_code, year, system, level (indicator | dimension), item, obstacle_pct.

    ``Z`` is indexed by (region_code, year) with one column per indicator; ``weights`` is weights.csv
    (per-year weights, if present, are matched on the year). A region-year that is the best
    observation on every indicator of a system has no obstacle and no rows for that system
    (:func:`unobstructed` lists them).

    Examples
    --------
    >>> Z = pd.DataFrame({"a": [0.2], "b": [0.6]},
    ...                  index=pd.MultiIndex.from_tuples([("r", 2020)], names=["region_code", "year"]))
    >>> w = pd.DataFrame({"system": ["S", "S"], "dimension": ["d", "d"], "indicator": ["a", "b"], "weight": [0.5, 0.5]})
    >>> obstacle_table(Z, w)[["level", "item", "obstacle_pct"]].round(2)
           level item  obstacle_pct
    0  dimension    d        100.00
    1  indicator    a         66.67
    2  indicator    b         33.33
    """
    Z = Z.sort_index(kind="mergesort")
    blocks, items, systems, levels = [], [], [], []
    # columns in the order of the table (system, level, item sorted): one row of the long table per
    # region-year and column, so the long table is the wide one read row by row
    for system in sorted(weights["system"].unique()):
        part = weights[weights["system"] == system]
        ids = sorted(dict.fromkeys(part["indicator"]))
        if "year" in part.columns:
            years = Z.index.get_level_values("year")
            degree = np.full((len(Z), len(ids)), np.nan)
            for year in np.unique(years):
                rows = years == year
                w = part[part["year"] == year].set_index("indicator")["weight"]
                degree[rows] = obstacle_degree(Z.loc[rows, ids], w).to_numpy()
        else:
            degree = obstacle_degree(Z[ids], part.set_index("indicator")["weight"]).to_numpy()
        dimension = part.drop_duplicates("indicator").set_index("indicator")["dimension"].reindex(ids)
        dims = sorted(dimension.unique())
        onehot = (dimension.to_numpy()[:, None] == np.array(dims)[None, :]).astype(float)
        for level, values, names in (("dimension", degree @ onehot, dims), ("indicator", degree, ids)):
            blocks.append(values)
            items += names
            systems += [system] * len(names)
            levels += [level] * len(names)
    values = np.hstack(blocks)
    n, k = values.shape
    codes = Z.index.get_level_values("region_code").to_numpy()
    out = pd.DataFrame({"region_code": np.repeat(codes, k), "year": np.repeat(Z.index.get_level_values("year").to_numpy(), k),
                        "system": np.tile(np.array(systems, dtype=object), n), "level": np.tile(np.array(levels, dtype=object), n),
                        "item": np.tile(np.array(items, dtype=object), n), "obstacle_pct": values.ravel()})
    # best on every indicator of a system: no obstacle and no rows (see unobstructed)
    return out[~np.isnan(out["obstacle_pct"].to_numpy())].reset_index(drop=True)


def top_obstacles(table: pd.DataFrame, n: int = 5, level: str = "indicator") -> pd.DataFrame:
    """The ``n`` largest obstacles per region, year and system, ranked 1 … n.

    An item whose obstacle degree is below ``NEGLIGIBLE`` (it rounds to 0.0 %: the region is at or
    near the best observation of the panel) is not an obstacle and is left out, so a region may have
    fewer than ``n``.

    Examples
    --------
    >>> table = pd.DataFrame({"region_code": "r", "year": 2020, "system": "S", "level": "indicator",
    ...                       "item": ["a", "b", "c", "d"], "obstacle_pct": [20.0, 50.0, 30.0, 0.0]})
    >>> top_obstacles(table, 2)[["item", "rank"]].values.tolist()
    [['b', 1], ['c', 2]]
    >>> top_obstacles(table, 5)["item"].tolist()
    ['b', 'c', 'a']
    """
    part = table[(table["level"] == level) & (table["obstacle_pct"] >= NEGLIGIBLE)]
    part = part.sort_values(["region_code", "year", "system", "obstacle_pct"], ascending=[True, True, True, False],
                            kind="mergesort")
    part = part.groupby(["region_code", "year", "system"], sort=False).head(n).copy()
    part["rank"] = part.groupby(["region_code", "year", "system"], sort=False).cumcount() + 1
    return part.reset_index(drop=True)


def unobstructed(table: pd.DataFrame, Z: pd.DataFrame, systems: list[str]) -> pd.DataFrame:
    """Region-years and systems without any obstacle (best on every indicator), absent from ``table``.

    Examples
    --------
    >>> Z = pd.DataFrame({"a": [1.0, 0.2]}, index=pd.MultiIndex.from_tuples([("r1", 2020), ("r2", 2020)],
    ...                                                                    names=["region_code", "year"]))
    >>> w = pd.DataFrame({"system": ["S"], "dimension": ["d"], "indicator": ["a"], "weight": [1.0]})
    >>> unobstructed(obstacle_table(Z, w), Z, ["S"])
      region_code  year system
    0          r1  2020      S
    """
    expected = pd.MultiIndex.from_tuples([(r, y, s) for r, y in Z.index for s in systems],
                                         names=["region_code", "year", "system"])
    present = pd.MultiIndex.from_frame(table[["region_code", "year", "system"]].drop_duplicates())
    return expected.difference(present).to_frame(index=False)
