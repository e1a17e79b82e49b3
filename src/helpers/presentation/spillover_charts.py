"""Figures of notebook 14: the direct, indirect and total effects of the drivers, and the local
coefficients of the geographically weighted regressions."""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.colors import TwoSlopeNorm

from .labels import Names, term
from .plotting import PALETTE, figure

EFFECT_KINDS = ("direct", "indirect", "total")
Z95 = 1.959964   # the normal quantile of a 95 % interval


def effects_chart(effects: pd.DataFrame, names: Names, *, model: str = "SDM"):
    """One group of bars per driver: the direct, indirect and total effect of ``model`` with 95 % intervals."""
    language = names.language
    part = effects[effects["model"] == model]
    terms = list(dict.fromkeys(part["term"]))
    fig, ax = figure("full", aspect=0.12 + 0.1 * len(terms))
    height = 0.8 / len(EFFECT_KINDS)
    for k, kind in enumerate(EFFECT_KINDS):
        rows = part[part["effect"] == kind].set_index("term").reindex(terms)
        y = np.arange(len(terms)) - 0.4 + height * (k + 0.5)
        ax.barh(y, rows["estimate"], height=height * 0.9, xerr=Z95 * rows["se"], color=PALETTE[k], ecolor="#555555",
                capsize=1.5, label=term(f"effect_{kind}", language))
    ax.axvline(0, color="#888888", linewidth=0.8)
    ax.set_yticks(range(len(terms)))
    ax.set_yticklabels([names.item(t) for t in terms])
    ax.invert_yaxis()
    ax.set_xlabel(term("effect_axis", language))
    ax.set_title(term("effects_title", language, model=model))
    ax.legend(frameon=False, fontsize=6, loc="lower right")
    return fig


def local_coefficients(local: pd.DataFrame, points: pd.DataFrame, names: Names, *, shapes=None, model: str = "gwr"):
    """One map per driver of its local coefficient (diverging colours around 0; the regions where it
    is not significant at the corrected level drawn faint). ``points``: x, y (projected) by region
    code; ``shapes``: the projected polygons (GeoDataFrame with region_code) when there are boundaries."""
    language = names.language
    part = local[(local["model"] == model) & (local["term"] != "const")]
    terms = list(dict.fromkeys(part["term"]))
    columns = min(3, len(terms))
    rows = -(-len(terms) // columns)
    fig, axes = figure("full", aspect=0.36 * rows, nrows=rows, ncols=columns, squeeze=False)
    for ax in axes.ravel()[len(terms):]:
        ax.set_axis_off()
    for ax, name in zip(axes.ravel(), terms, strict=False):
        values = part[part["term"] == name].set_index("region_code")
        bound = float(np.nanmax(np.abs(values["estimate"]))) or 1.0
        norm = TwoSlopeNorm(vcenter=0.0, vmin=-bound, vmax=bound)
        faint = ~values["significant"].astype(bool)
        if shapes is not None:
            frame = shapes.set_index("region_code").loc[values.index]
            frame.plot(ax=ax, column=values["estimate"].to_numpy(), cmap="RdBu_r", norm=norm, edgecolor="#999999",
                       linewidth=0.2, alpha=None)
            frame[faint.to_numpy()].plot(ax=ax, facecolor="white", alpha=0.6, edgecolor="none")
        else:
            xy = points.reindex(values.index)
            ax.scatter(xy["x"], xy["y"], c=values["estimate"], cmap="RdBu_r", norm=norm, s=8,
                       alpha=np.where(faint, 0.35, 1.0), linewidths=0)
        mappable = ax.collections[0] if ax.collections else None
        if mappable is not None:
            fig.colorbar(mappable, ax=ax, shrink=0.7, pad=0.01)
        ax.set_axis_off()
        ax.set_aspect("equal")
        ax.set_title(names.item(name), fontsize=7)
    fig.suptitle(term("gwr_title", language, model=model.upper()), fontsize=9)
    return fig
