"""Figures of notebook 10: how unequal the regions are and where the inequality lies."""

from __future__ import annotations

import numpy as np
import pandas as pd

from .labels import term
from .plotting import PALETTE, figure
from .selection import LEGEND_MAX, highlighted

COMPONENTS = ("within", "between", "transvariation")


def measures_compared(disparity: pd.DataFrame, measure: str, language: str = "en"):
    """CV, Gini and Theil of one measure over the years, each relative to its first year (= 1)."""
    fig, ax = figure("full", aspect=0.42)
    part = disparity[(disparity["measure"] == measure) & (disparity["component"] == "total")]
    for i, method in enumerate(("cv", "gini", "theil")):
        series = part[part["method"] == method].sort_values("year")
        if series.empty:
            continue
        ax.plot(series["year"], series["value"] / series["value"].iloc[0], marker="o", markersize=3,
                color=PALETTE[i], label=term(f"method_{method}", language))
    ax.axhline(1, color="#888888", linewidth=0.7, linestyle="--")
    ax.set_xlabel(term("year", language))
    ax.set_ylabel(term("relative_to_first", language))
    ax.xaxis.get_major_locator().set_params(integer=True)
    ax.set_title(term("disparity_compare", language, measure=measure))
    ax.legend(frameon=False)
    return fig


def dagum_contributions(disparity: pd.DataFrame, measure: str, language: str = "en"):
    """Stacked within, net between and transvariation parts of the Gini coefficient per year."""
    part = disparity[(disparity["measure"] == measure) & (disparity["method"] == "dagum")]
    wide = part.pivot(index="year", columns="component", values="value")
    fig, ax = figure("full", aspect=0.42)
    bottom = np.zeros(len(wide))
    for i, component in enumerate(COMPONENTS):
        ax.bar(wide.index, wide[component], bottom=bottom, color=PALETTE[i], label=term(f"dagum_{component}", language))
        bottom += wide[component].to_numpy()
    ax.plot(wide.index, wide["total"], color="black", marker="o", markersize=3, linewidth=1, label=term("dagum_total", language))
    ax.set_xlabel(term("year", language))
    ax.set_ylabel(term("gini", language))
    ax.xaxis.get_major_locator().set_params(integer=True)
    ax.set_title(term("dagum_title", language, measure=measure))
    ax.legend(frameon=False, fontsize=6, loc="upper left", bbox_to_anchor=(1.0, 1.0))
    return fig


def group_ginis(dagum_groups: pd.DataFrame, group_names: dict[str, str], *, measure: str, language: str = "en"):
    """Each group's own Gini G_jj over the years."""
    part = dagum_groups[(dagum_groups["measure"] == measure) & (dagum_groups["group_a"] == dagum_groups["group_b"])]
    fig, ax = figure("half", aspect=0.85)
    last = part[part["year"] == part["year"].max()].set_index("group_a")["G"]
    named = list(last.index) if len(last) <= LEGEND_MAX else highlighted(last, n=5)   # beyond a dozen, the extremes
    for group, series in part.groupby("group_a", sort=False):
        if group in named:
            ax.plot(series["year"], series["G"], marker="o", markersize=2.5, color=PALETTE[named.index(group) % len(PALETTE)],
                    label=group_names.get(group, group), zorder=2)
        else:
            ax.plot(series["year"], series["G"], color="#CCCCCC", linewidth=0.6, zorder=1)
    ax.set_xlabel(term("year", language))
    ax.set_ylabel("G_jj")
    ax.xaxis.get_major_locator().set_params(integer=True)
    ax.set_title(term("group_gini_title", language), fontsize=8)
    ax.legend(frameon=False, fontsize=5.5)
    return fig


def pair_matrix(dagum_groups: pd.DataFrame, group_names: dict[str, str], *, measure: str, year: int) -> pd.DataFrame:
    """Groups × groups of G_jj (diagonal) and G_jh (both triangles) in one year, named."""
    part = dagum_groups[(dagum_groups["measure"] == measure) & (dagum_groups["year"] == year)]
    groups = list(dict.fromkeys(list(part["group_a"]) + list(part["group_b"])))
    matrix = pd.DataFrame(np.nan, index=groups, columns=groups)
    for r in part.itertuples(index=False):
        matrix.loc[r.group_a, r.group_b] = matrix.loc[r.group_b, r.group_a] = r.G
    return matrix.rename(index=group_names, columns=group_names)
