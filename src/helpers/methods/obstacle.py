"""Obstacle degree model: which indicators hold a region back most.

Factor contribution F_j = w_j (the indicator's weight within its system), deviation
I_ij = 1 − z_ij (z the min–max normalised value, 1 = best observation of the panel) and obstacle
degree O_ij = F_j I_ij / Σ_j F_j I_ij × 100 %. A dimension's obstacle is the sum over its indicators.
"""

from __future__ import annotations

import numpy as np
import pandas as pd


def obstacle_degree(Z: pd.DataFrame, w: pd.Series) -> pd.DataFrame:
    """Obstacle degree (%) of every indicator (columns of ``Z``) for every row.

    ``Z`` holds normalised values in [0, 1]; ``w`` the weights of the same indicators. Each row sums
    to 100; a row that is the best observation on every indicator has no obstacle and gives NaN.
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

    A region-year that is the best observation on every indicator of a system has no obstacle and
    no rows for that system (:func:`unobstructed` lists them).

    ``Z`` is indexed by (region_code, year) with one column per indicator; ``weights`` is weights.csv
    (per-year weights, if present, are matched on the year).
    """
    frames = []
    for system, part in weights.groupby("system", sort=False):
        ids = list(dict.fromkeys(part["indicator"]))
        if "year" in part.columns:
            blocks = [obstacle_degree(Zy[ids], part[part["year"] == year].set_index("indicator")["weight"])
                      for year, Zy in Z.groupby(level="year")]
            degree = pd.concat(blocks).reindex(Z.index)
        else:
            degree = obstacle_degree(Z[ids], part.set_index("indicator")["weight"])
        degree = degree.dropna(how="all")  # best on every indicator: no obstacle (see unobstructed)
        long = degree.stack(future_stack=True).rename("obstacle_pct").reset_index()
        long.columns = ["region_code", "year", "item", "obstacle_pct"]
        dimension = part.drop_duplicates("indicator").set_index("indicator")["dimension"]
        dims = long.assign(item=long["item"].map(dimension)).groupby(["region_code", "year", "item"], sort=False)[
            "obstacle_pct"].sum().reset_index()
        frames += [long.assign(system=system, level="indicator"), dims.assign(system=system, level="dimension")]
    out = pd.concat(frames, ignore_index=True)[["region_code", "year", "system", "level", "item", "obstacle_pct"]]
    return out.sort_values(["region_code", "year", "system", "level", "item"], kind="mergesort").reset_index(drop=True)


def top_obstacles(table: pd.DataFrame, n: int = 5, level: str = "indicator") -> pd.DataFrame:
    """The ``n`` largest obstacles per region, year and system, ranked 1 … n."""
    part = table[table["level"] == level].sort_values(["region_code", "year", "system", "obstacle_pct"],
                                                       ascending=[True, True, True, False], kind="mergesort")
    part = part.groupby(["region_code", "year", "system"], sort=False).head(n).copy()
    part["rank"] = part.groupby(["region_code", "year", "system"], sort=False).cumcount() + 1
    return part.reset_index(drop=True)


def unobstructed(table: pd.DataFrame, Z: pd.DataFrame, systems: list[str]) -> pd.DataFrame:
    """Region-years and systems without any obstacle (best on every indicator), absent from ``table``."""
    expected = pd.MultiIndex.from_tuples([(r, y, s) for r, y in Z.index for s in systems],
                                         names=["region_code", "year", "system"])
    present = pd.MultiIndex.from_frame(table[["region_code", "year", "system"]].drop_duplicates())
    return expected.difference(present).to_frame(index=False)
