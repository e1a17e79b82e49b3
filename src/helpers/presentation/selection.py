"""Which regions a figure, a table or a sentence shows by name when there are many of them.

A province has 8–13 regions and every figure shows each of them. A national panel has 30, 300 or
2,851: beyond :data:`MANY_REGIONS` the figures show the regions with the highest and the lowest
values (and the focus region) by name, the others as quantile bands or group means, and no legend
lists more than :data:`LEGEND_MAX` entries. The full tables stay in the CSV files and the workbook.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

MANY_REGIONS = 20    # up to this many, every region is shown by name
EACH_END = 5         # beyond it, the highest and the lowest this many are named
LEGEND_MAX = 12      # entries of any legend


def is_many(count: int) -> bool:
    return count > MANY_REGIONS


def extremes(values: pd.Series, n: int = EACH_END) -> tuple[list[str], list[str]]:
    """The codes of the ``n`` highest values (highest first) and of the ``n`` lowest (highest first).

    Examples
    --------
    >>> extremes(pd.Series({"a": 3.0, "b": 1.0, "c": 2.0, "d": 5.0}), 1)
    (['d'], ['b'])
    """
    ordered = values.dropna().sort_values(ascending=False, kind="mergesort")
    n = min(n, len(ordered) // 2)
    return list(ordered.index[:n]), list(ordered.index[len(ordered) - n:])


def highlighted(values: pd.Series, focus: str | None = None, n: int = 3) -> list[str]:
    """The regions named in a figure of many: the focus region, then the ``n`` highest and lowest.

    Examples
    --------
    >>> highlighted(pd.Series({"a": 3.0, "b": 1.0, "c": 2.0, "d": 5.0}), focus="c", n=1)
    ['c', 'd', 'b']
    """
    top, bottom = extremes(values, n)
    return list(dict.fromkeys(([focus] if focus in values.index else []) + top + bottom))


def condensed_rows(matrix: pd.DataFrame, order: pd.Series, membership: dict[str, str], group_names: dict[str, str],
                   region_names: dict[str, str], others_label: str, n: int = EACH_END) -> tuple[pd.DataFrame, list[int]]:
    """Rows of a regions × columns table for a figure of many regions.

    The ``n`` regions highest in ``order``, then the mean of the remaining regions of each group
    (``membership``: region → group; ``<group> (k)``), or of all of them when there are no groups,
    then the ``n`` lowest. Returns the rows (named) and the positions where a new section starts.

    Examples
    --------
    >>> m = pd.DataFrame({"x": [1.0, 2, 3, 4, 5, 6]}, index=list("abcdef"))
    >>> rows, breaks = condensed_rows(m, m["x"], {}, {}, {c: c.upper() for c in "abcdef"}, "others", n=2)
    >>> rows.index.tolist(), rows["x"].tolist(), breaks
    (['F', 'E', 'others (2)', 'B', 'A'], [6.0, 5.0, 3.5, 2.0, 1.0], [2, 3])
    """
    top, bottom = extremes(order.reindex(matrix.index), n)
    middle = [c for c in order.reindex(matrix.index).sort_values(ascending=False, kind="mergesort").index
              if c not in top and c not in bottom]
    sections = [matrix.loc[top].rename(index=region_names)]
    groups = pd.Series({c: membership.get(c, "") for c in middle}, dtype=object)
    if groups.astype(bool).any():
        means = matrix.loc[middle].groupby(groups.reindex(middle).to_numpy(), sort=False).mean()
        sizes = groups.value_counts()
        means.index = [f"{group_names.get(g, g) or others_label} ({sizes[g]})" for g in means.index]
        sections.append(means.sort_values(means.columns[-1], ascending=False, kind="mergesort"))
    elif middle:
        sections.append(matrix.loc[middle].mean().to_frame(f"{others_label} ({len(middle)})").T)
    sections.append(matrix.loc[bottom].rename(index=region_names))
    breaks = list(np.cumsum([len(s) for s in sections[:-1]]))
    return pd.concat(sections), [int(b) for b in breaks]


def tick_subset(count: int, most: int = 30) -> np.ndarray:
    """Positions of at most ``most`` evenly spread labels among ``count`` rows.

    Examples
    --------
    >>> tick_subset(5).tolist(), len(tick_subset(300))
    ([0, 1, 2, 3, 4], 30)
    """
    step = max(1, int(np.ceil(count / most)))
    return np.arange(0, count, step)
