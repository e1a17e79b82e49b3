"""Figures of the analyses that recent papers add: the relative development types (notebook 04), the
migration of the two systems' centres of gravity (09) and the LISA time paths (11)."""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.colors import ListedColormap
from matplotlib.patches import Patch

from ..methods.coupling import RELATIVE_BANDS
from .labels import Names, term, text
from .plotting import A4_TEXT_WIDTH, MAX_HEIGHT, PALETTE, figure
from .selection import highlighted, is_many

BAND_COLOURS = {RELATIVE_BANDS[0]: "#fdae61", RELATIVE_BANDS[1]: "#abdda4", RELATIVE_BANDS[2]: "#2b83ba"}


def development_heatmap(types: pd.DataFrame, names: Names, *, numerator: str, denominator: str):
    """Region × year: the band of E as the colour of each cell, the grade of D written in it."""
    language = names.language
    band = types.pivot(index="region_code", columns="year", values="band")
    grade = types.pivot(index="region_code", columns="year", values="grade")
    if is_many(len(band)):   # the regions with the highest and lowest D in the last year
        last = types[types["year"] == types["year"].max()].set_index("region_code")["D"]
        keep = highlighted(last, names.focus)
        band, grade = band.loc[keep], grade.loc[keep]
    codes = band.apply(lambda column: column.map({b: i for i, b in enumerate(RELATIVE_BANDS)}))
    fig, ax = figure("full")
    fig.set_size_inches(A4_TEXT_WIDTH, min(MAX_HEIGHT, 1.4 + 0.3 * len(band)))
    ax.imshow(codes.to_numpy(dtype=float), aspect="auto", interpolation="nearest",
              cmap=ListedColormap([BAND_COLOURS[b] for b in RELATIVE_BANDS]), vmin=-0.5, vmax=len(RELATIVE_BANDS) - 0.5)
    for (i, j), g in np.ndenumerate(grade.to_numpy()):
        ax.text(j, i, str(int(g)), ha="center", va="center", fontsize=6)
    ax.set_yticks(range(len(band)))
    ax.set_yticklabels([names.region(c) for c in band.index], fontsize=7)
    ax.set_xticks(range(band.shape[1]))
    ax.set_xticklabels(band.columns, rotation=45)
    ax.grid(False)
    legend = [Patch(facecolor=BAND_COLOURS[b], label=text(f"devtype.band.{b}", language, numerator=names.item(numerator),
                                                         denominator=names.item(denominator))) for b in RELATIVE_BANDS]
    ax.legend(handles=legend, loc="upper left", bbox_to_anchor=(1.01, 1.0), frameon=False, fontsize=6.5)
    ax.set_title(term("devtype_title", language))
    return fig


def centre_tracks(frame, tracks: dict[str, pd.DataFrame], names: Names, *, source: str | None):
    """The yearly centres of gravity of each system (x, y in China Albers) as tracks on the map of the
    boundaries ``frame``, the first year marked by a square and the last by a triangle."""
    language = names.language
    from .maps import decorate, projected

    shapes = projected(frame)
    fig, ax = figure("full", aspect=0.62)
    shapes.plot(ax=ax, color="#f2f2f2", edgecolor="#aaaaaa", linewidth=0.5)
    for k, (measure, track) in enumerate(tracks.items()):
        track = track.sort_values("year")
        colour = PALETTE[k % len(PALETTE)]
        ax.plot(track["x"], track["y"], color=colour, linewidth=0.9, marker="o", markersize=2.5, label=names.item(measure))
        for row, marker in ((track.iloc[0], "s"), (track.iloc[-1], "^")):
            ax.plot(row["x"], row["y"], marker=marker, color=colour, markersize=5)
    decorate(ax, shapes, source=source, language=language)
    ax.legend(frameon=False, fontsize=6.5, loc="upper left", bbox_to_anchor=(1.0, 1.0),
              title=term("centre_tracks_legend", language), title_fontsize=6.5)
    ax.set_title(term("centre_tracks_title", language))
    return fig


def lisa_paths(scatter: pd.DataFrame, paths: pd.DataFrame, names: Names, *, shown: int = 6):
    """The paths of the regions with the longest relative LISA time paths in the Moran scatter plot
    (standardised value against the spatial lag), start and end marked."""
    language = names.language
    chosen = paths.sort_values("relative_length", ascending=False)["region_code"].head(shown).tolist()
    fig, ax = figure("half", aspect=0.95)
    ax.axhline(0, color="#888888", linewidth=0.7)
    ax.axvline(0, color="#888888", linewidth=0.7)
    for k, code in enumerate(chosen):
        path = scatter[scatter["region_code"] == code].sort_values("year")
        colour = PALETTE[k % len(PALETTE)]
        ax.plot(path["z"], path["lag"], color=colour, linewidth=0.8, label=names.region(code))
        ax.annotate("", xy=(path["z"].iloc[-1], path["lag"].iloc[-1]), xytext=(path["z"].iloc[-2], path["lag"].iloc[-2]),
                    arrowprops=dict(arrowstyle="->", color=colour, lw=0.8))
        ax.plot(path["z"].iloc[0], path["lag"].iloc[0], "o", color=colour, markersize=2.5)
    ax.set_xlabel(term("standardised_value", language))
    ax.set_ylabel(term("spatial_lag", language))
    ax.legend(frameon=False, fontsize=6, loc="upper left", bbox_to_anchor=(1.0, 1.0))
    ax.set_title(term("lisa_paths_title", language, n=len(chosen)))
    return fig
