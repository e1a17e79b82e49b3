"""Figures of notebook 11: transitions between coordination classes and GM(1,1) forecasts."""

from __future__ import annotations

import numpy as np
import pandas as pd

from .labels import band_grades, band_name, term, text, with_value
from .plotting import PALETTE, figure
from .selection import highlighted, is_many


def transition_matrix(counts: pd.DataFrame, probabilities: pd.DataFrame, bands: dict[int, tuple[int, int]], *,
                      title: str, language: str = "en"):
    """Heatmap of the transition probabilities with the count behind each cell ("0.83 (n = 10)").

    Rows carry the full names of the bands with their transitions, columns their grades.
    """
    fig, ax = figure("full", aspect=0.55)
    values = probabilities.to_numpy(dtype=float)
    image = ax.imshow(np.nan_to_num(values, nan=0.0), cmap="Blues", vmin=0, vmax=1)
    for (i, j), p in np.ndenumerate(values):
        n = int(counts.iat[i, j])
        label = "–" if np.isnan(p) else f"{p:.2f}\n{text('markov.count', language, n=n)}"
        ax.text(j, i, label, ha="center", va="center", fontsize=6, color="white" if np.nan_to_num(p) > 0.6 else "black")
    rows = [band_name(bands[c], language) for c in probabilities.index]
    ax.set_yticks(range(len(rows)))
    ax.set_yticklabels([text("markov.band_total", language, band=label, n=int(counts.iloc[i].sum()))
                        for i, label in enumerate(rows)], fontsize=6)
    ax.set_xticks(range(len(rows)))
    ax.set_xticklabels([band_grades(bands[c], language) for c in probabilities.columns], fontsize=6)
    ax.set_xlabel(term("class_next", language))
    ax.set_ylabel(term("class_now", language))
    ax.grid(False)
    ax.set_title(title)
    fig.colorbar(image, ax=ax, shrink=0.8, label=term("probability", language))
    return fig


def forecast_fans(table: pd.DataFrame, region_names: dict[str, str], *, measure: str, language: str = "en",
                  columns: int = 4, focus: str | None = None):
    """One panel per region and one for the mean: observed (line), fitted (dotted), forecast (dashed).

    With many regions: the mean, the focus region and the five highest and lowest in the last
    observed year (every region's forecast is in forecast.csv)."""
    part = table[table["measure"] == measure]
    regions = [r for r in dict.fromkeys(part["region_code"]) if r != "mean"]
    if is_many(len(regions)):
        observed = part[part["kind"] == "observed"]
        final = observed[observed["year"] == observed["year"].max()].set_index("region_code")["value"].drop("mean", errors="ignore")
        regions = highlighted(final, focus, n=5)
    regions = regions + ["mean"]
    rows = int(np.ceil(len(regions) / columns))
    fig, axes = figure("full", aspect=0.22 * rows + 0.08, nrows=rows, ncols=columns, squeeze=False, sharex=True, sharey=True)
    for ax, region in zip(axes.ravel(), regions, strict=False):
        series = part[part["region_code"] == region]
        for kind, style, colour in (("observed", "-", PALETTE[0]), ("fitted", ":", PALETTE[1]), ("forecast", "--", PALETTE[3])):
            s = series[series["kind"] == kind]
            if len(s):
                ax.plot(s["year"], s["value"], style, color=colour, linewidth=1, label=term(f"series_{kind}", language))
        grade = series["grade"].iloc[0]
        name = term("mean_of_regions", language) if region == "mean" else region_names.get(region, region)
        ax.set_title(with_value(name, term('grade_' + grade.replace(' ', '_'), language), language), fontsize=6.5)
        ax.axhline(1, color="#bbbbbb", linewidth=0.5)
        ax.tick_params(labelsize=5.5)
    for ax in axes.ravel()[len(regions):]:
        ax.set_axis_off()
    handles, labels = axes[0][0].get_legend_handles_labels()
    fig.legend(handles, labels, loc="lower center", ncol=3, frameon=False, fontsize=6, bbox_to_anchor=(0.5, -0.01))
    fig.suptitle(term("forecast_title", language, measure=measure), fontsize=9)
    fig.tight_layout(rect=(0, 0.04, 1, 1))
    return fig
