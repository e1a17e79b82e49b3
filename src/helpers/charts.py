"""Figures of the notebooks: each function takes result tables and returns a matplotlib figure.

Saving (PNG + PDF, data-status note) is done by ``Context.save``; the style by ``plotting.setup``.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.colors import BoundaryNorm, ListedColormap
from matplotlib.patches import Patch

from .labels import term
from .plotting import A4_TEXT_WIDTH, PALETTE, figure, region_colors

CELL_STATES = ("observed", "linear-interpolation", "nearest-year", "thousands-separator", "full-width-characters")
CELL_COLORS = ("#F2F2F2", "#0072B2", "#56B4E9", "#E69F00", "#CC79A7")


def missing_cells(status: pd.DataFrame, region_labels: dict[str, str], language: str = "en"):
    """Heatmap of the raw panel: one row per region-year, one column per indicator.

    ``status`` is indexed by (region_code, year), columns = indicators, values in CELL_STATES.
    """
    codes = status.to_numpy()
    present = [s for s in CELL_STATES if (codes == s).any()] or ["observed"]
    index = {s: i for i, s in enumerate(CELL_STATES)}
    grid = np.vectorize(index.get)(codes)
    cmap = ListedColormap(CELL_COLORS)
    fig, ax = figure("full", aspect=0.75)
    ax.imshow(grid, aspect="auto", cmap=cmap, norm=BoundaryNorm(np.arange(len(CELL_STATES) + 1) - 0.5, cmap.N),
              interpolation="nearest")
    regions = status.index.get_level_values("region_code")
    starts = np.flatnonzero(np.r_[True, regions[1:] != regions[:-1]])
    ax.set_yticks(starts + (np.diff(np.r_[starts, len(regions)]) - 1) / 2)
    ax.set_yticklabels([region_labels[regions[i]] for i in starts])
    for s in starts[1:]:
        ax.axhline(s - 0.5, color="white", linewidth=1.2)
    ax.set_xticks(range(status.shape[1]))
    ax.set_xticklabels(status.columns, rotation=90)
    ax.grid(False)
    ax.set_xlabel(term("indicator", language))
    ax.set_title(term("missing_cells", language))
    handles = [Patch(facecolor=CELL_COLORS[index[s]], edgecolor="#BBBBBB", label=term(s, language)) for s in present]
    ax.legend(handles=handles, loc="upper center", bbox_to_anchor=(0.5, -0.12), ncol=min(3, len(handles)), frameon=False)
    return fig


def normalized_heatmaps(z_first: pd.DataFrame, z_last: pd.DataFrame, titles: tuple[str, str], language: str = "en"):
    """Two heatmaps (regions × indicators) of the normalised values in the first and last year."""
    fig, axes = figure("full", aspect=0.5, ncols=2, sharey=True)
    for ax, z, title in zip(axes, (z_first, z_last), titles, strict=True):
        image = ax.imshow(z.to_numpy(), aspect="auto", cmap="viridis", vmin=0, vmax=1, interpolation="nearest")
        ax.set_xticks(range(z.shape[1]))
        ax.set_xticklabels(z.columns, rotation=90, fontsize=5.5)
        ax.set_yticks(range(z.shape[0]))
        ax.set_yticklabels(z.index)
        ax.set_title(title)
        ax.grid(False)
    fig.colorbar(image, ax=axes, shrink=0.8, label=term("normalized", language))
    return fig


def weight_bars(weights: pd.DataFrame, dimension_names: dict[str, str], system_names: dict[str, str],
                language: str = "en"):
    """Bars of indicator weights (labelled by id), coloured by dimension, one panel per system."""
    systems = list(dict.fromkeys(weights["system"]))
    most = max((weights["system"] == s).sum() for s in systems)
    fig, axes = plt.subplots(1, len(systems), squeeze=False, figsize=(A4_TEXT_WIDTH, 0.16 * most + 1.3))
    dims = list(dict.fromkeys(weights["dimension"]))
    colour = {d: PALETTE[i % len(PALETTE)] for i, d in enumerate(dims)}
    for ax, system in zip(axes[0], systems, strict=True):
        w = weights[weights["system"] == system].iloc[::-1]
        ax.barh(w["indicator"], w["weight"], color=[colour[d] for d in w["dimension"]])
        ax.set_title(system_names[system])
        ax.set_xlabel(term("weight", language))
        ax.grid(axis="y", visible=False)
        used = list(dict.fromkeys(w["dimension"][::-1]))
        ax.legend(handles=[Patch(color=colour[d], label=dimension_names[d]) for d in used], fontsize=6,
                  loc="lower right", frameon=True, framealpha=0.9)
    fig.suptitle(term("weights_title", language), fontsize=9)
    fig.tight_layout()
    return fig


def trajectories(frame: pd.DataFrame, value: str, panels: str | None, region_labels: dict[str, str],
                 panel_titles: dict[str, str] | None, ylabel: str, title: str, language: str = "en"):
    """Lines per region over the years (one panel per value of ``panels``) with the provincial mean."""
    present = set(frame[panels]) if panels else set()
    keys = ([k for k in (panel_titles or {}) if k in present] or sorted(present)) if panels else [None]
    fig, axes = figure("full", aspect=0.42 if len(keys) > 1 else 0.55, ncols=len(keys), squeeze=False, sharey=True)
    colours = region_colors(list(region_labels))
    for ax, key in zip(axes[0], keys, strict=True):
        part = frame if key is None else frame[frame[panels] == key]
        wide = part.pivot(index="year", columns="region_code", values=value)
        for code in wide.columns:
            ax.plot(wide.index, wide[code], color=colours[code], linewidth=1, label=region_labels[code])
        ax.plot(wide.index, wide.mean(axis=1), color="black", linewidth=2.2, linestyle="--", label=term("mean", language))
        ax.set_xlabel(term("year", language))
        if key is not None and panel_titles:
            ax.set_title(panel_titles[key])
        ax.xaxis.get_major_locator().set_params(integer=True)
    axes[0][0].set_ylabel(ylabel)
    handles, labels = axes[0][0].get_legend_handles_labels()
    fig.legend(handles, labels, loc="upper center", bbox_to_anchor=(0.5, 0.0), ncol=5, frameon=False)
    fig.suptitle(title, fontsize=9)
    fig.tight_layout()
    return fig


def d_heatmap(coupling: pd.DataFrame, region_labels: dict[str, str], language: str = "en"):
    """Region × year heatmap of D with the grade (1–10) written in each cell."""
    D = coupling.pivot(index="region_code", columns="year", values="D")
    G = coupling.pivot(index="region_code", columns="year", values="grade")
    fig, ax = figure("full", aspect=0.09 * len(D) + 0.2)
    image = ax.imshow(D.to_numpy(), aspect="auto", cmap="viridis", vmin=0, vmax=1, interpolation="nearest")
    for (i, j), g in np.ndenumerate(G.to_numpy()):
        ax.text(j, i, str(int(g)), ha="center", va="center", fontsize=6,
                color="white" if D.to_numpy()[i, j] < 0.6 else "black")
    ax.set_yticks(range(len(D)))
    ax.set_yticklabels([region_labels[c] for c in D.index])
    ax.set_xticks(range(D.shape[1]))
    ax.set_xticklabels(D.columns, rotation=45)
    ax.grid(False)
    ax.set_title(term("d_heatmap", language) + (" (数字为等级 1–10)" if language == "zh" else " (numbers: grade 1–10)"))
    fig.colorbar(image, ax=ax, label="D")
    return fig


def lag_scatter(coupling: pd.DataFrame, x: str, y: str, threshold: float, axis_names: dict[str, str],
                region_labels: dict[str, str], language: str = "en"):
    """U1 against U2 for every region-year; the band |U1 − U2| ≤ threshold is the synchronous zone."""
    fig, ax = figure("full", aspect=0.75)
    top = float(max(coupling[x].max(), coupling[y].max(), 0.05)) * 1.08
    line = np.array([0, top])
    ax.fill_between(line, np.clip(line - threshold, 0, None), line + threshold, color="#DDDDDD", alpha=0.6,
                    label=f"{term('synchronous', language)} (|Δ| ≤ {threshold:g})")
    ax.plot(line, line, color="#888888", linewidth=0.8)
    colours = region_colors(list(region_labels))
    last = coupling["year"].max()
    for code, part in coupling.groupby("region_code", sort=False):
        ax.plot(part[x], part[y], color=colours[code], linewidth=0.6, alpha=0.6)
        ax.scatter(part[x], part[y], color=colours[code], s=8, label=region_labels[code])
        end = part[part["year"] == last]
        ax.scatter(end[x], end[y], color=colours[code], s=40, edgecolor="black", linewidth=0.6)
    lagging = "滞后" if language == "zh" else "lagging"
    ax.text(top * 0.97, top * 0.06, f"{axis_names[y]} {lagging}", ha="right", fontsize=7, color="#555555")
    ax.text(top * 0.03, top * 0.94, f"{axis_names[x]} {lagging}", ha="left", va="top", fontsize=7, color="#555555")
    ax.set_xlim(0, top)
    ax.set_ylim(0, top)
    ax.set_aspect("equal")
    ax.set_xlabel(axis_names[x])
    ax.set_ylabel(axis_names[y])
    ax.set_title(term("lag_title", language) + (f"（大点：{last}年）" if language == "zh" else f" (large dots: {last})"))
    ax.legend(loc="center left", bbox_to_anchor=(1.02, 0.5), frameon=False)
    return fig


def lag_counts(counts: pd.Series, language: str = "en"):
    """Bar chart of how many region-years each lag type occurs (coupling of more than two subsystems)."""
    fig, ax = figure("half", aspect=0.9)
    ax.barh(counts.index[::-1], counts.to_numpy()[::-1], color=PALETTE[0])
    ax.set_xlabel(term("count", language))
    ax.set_title(term("lag_share", language))
    ax.grid(axis="y", visible=False)
    return fig
