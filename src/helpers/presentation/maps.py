"""Maps and spatial figures of notebook 09: choropleths on the prefecture boundaries, Moran's I over
time, the Moran scatterplot, LISA clusters, hot spots and the track of the mean centre.

Every map is drawn in the China Albers equal-area projection (so that areas and the scale bar are
true), carries a north arrow, a scale bar and the source line of the boundaries. Maps published in
China must use the standard map service basemap with its review number (审图号): these are for
analysis and illustration.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.colors import ListedColormap
from matplotlib.patches import Ellipse, Patch

from ..data.boundaries import boundary_source, translated_source
from ..methods.inference import ALPHA
from ..methods.spatial import CHINA_ALBERS, SPOT_CLASSES
from .labels import Names, band_name, term
from .plotting import PALETTE, figure, place_labels
from .selection import highlighted, is_many

# ten grades of D: a colour-blind-safe sequence from red (imbalance) to blue (coordination)
GRADE_COLOURS = ("#a50026", "#d73027", "#f46d43", "#fdae61", "#fee090", "#e0f3f8", "#abd9e9", "#74add1", "#4575b4",
                 "#313695")
LISA_COLOURS = {"HH": "#d7191c", "LH": "#abd9e9", "LL": "#2c7bb6", "HL": "#fdae61", "ns": "#eeeeee", "undefined": "#bdbdbd"}
SPOT_COLOURS = dict(zip(SPOT_CLASSES, ("#d7191c", "#2c7bb6", "#eeeeee", "#bdbdbd"), strict=True))


def projected(frame):
    """``frame`` (GeoDataFrame, any CRS) in the China Albers equal-area projection."""
    return frame.to_crs(CHINA_ALBERS)


def _scale_length(width_m: float) -> float:
    """A round length of about a fifth of the map width (in metres)."""
    target = width_m / 5
    magnitude = 10 ** np.floor(np.log10(target))
    return float(max(m for m in (1, 2, 5, 10) if m * magnitude <= target) * magnitude)


def source_line(frame, source: str | None, language: str) -> str | None:
    """The source line of the boundaries in ``language``: the ``source`` given (as notebook 09 reads
    it from the boundaries, in English), or in Chinese the boundaries' ``source_zh`` or its translation."""
    if not source or language != "zh":
        return source
    if "source" in frame.columns and source == boundary_source(frame, "en"):
        return boundary_source(frame, "zh")
    return translated_source(source, "zh")


def decorate(ax, frame, *, source: str | None, language: str, scale: bool = True) -> None:
    """North arrow, scale bar and the source line of the boundaries; no axes ticks."""
    ax.set_axis_off()
    ax.set_aspect("equal")
    x0, y0, x1, y1 = frame.total_bounds
    ax.annotate(term("north", language), xy=(0.94, 0.97), xytext=(0.94, 0.83), xycoords="axes fraction",
                ha="center", va="center", fontsize=7, arrowprops=dict(arrowstyle="-|>", color="black", lw=0.8))
    if scale:
        length = _scale_length(x1 - x0)
        bx, by = x0, y0 - 0.04 * (y1 - y0)
        ax.plot([bx, bx + length], [by, by], color="black", lw=1.6, solid_capstyle="butt")
        ax.text(bx + length / 2, by - 0.015 * (y1 - y0), term("scale_km", language, length=length / 1000), ha="center",
                va="top", fontsize=6)
    source = source_line(frame, source, language)
    if source:
        ax.text(0.0, -0.1, source, transform=ax.transAxes, fontsize=4.6, color="#555555", va="top", wrap=True)


def grade_maps(frame, coupling: pd.DataFrame, *, years: list[int], source: str | None, language: str = "en"):
    """Small multiples of D classed by the ten grades, one map per year, one legend of the grades shown."""
    shapes = projected(frame)
    fig, axes = figure("full", aspect=0.42 if len(years) <= 3 else 0.7, ncols=min(len(years), 3),
                       nrows=int(np.ceil(len(years) / 3)), squeeze=False)
    shown: set[int] = set()
    cmap = ListedColormap(GRADE_COLOURS)
    for ax, year in zip(axes.ravel(), years, strict=False):
        grades = coupling[coupling["year"] == year].set_index("region_code")["grade"]
        colours = [cmap(int(g) - 1) for g in grades.reindex(shapes["region_code"])]
        shapes.plot(ax=ax, color=colours, edgecolor="white", linewidth=0.5)
        shown |= set(grades.astype(int))
        ax.set_title(str(year))
        decorate(ax, shapes, source=None, language=language)
    for ax in axes.ravel()[len(years):]:
        ax.set_axis_off()
    handles = [Patch(facecolor=GRADE_COLOURS[g - 1], label=band_name((g, g), language)) for g in sorted(shown, reverse=True)]
    fig.legend(handles=handles, loc="lower center", ncol=min(5, len(handles)), frameon=False, fontsize=6,
               bbox_to_anchor=(0.5, -0.02))
    fig.suptitle(term("grade_maps", language), fontsize=9)
    source = source_line(frame, source, language)
    if source:
        fig.text(0.01, -0.08, source, fontsize=4.6, color="#555555", va="top")
    fig.tight_layout(rect=(0, 0.08, 1, 1))
    return fig


def value_maps(frame, values: pd.DataFrame, *, titles: dict[str, str], label: str, source: str | None,
               language: str = "en"):
    """One choropleth per column of ``values`` (indexed by region code), on a shared colour scale."""
    shapes = projected(frame)
    columns = list(values.columns)
    fig, axes = figure("full", aspect=0.45, ncols=len(columns), squeeze=False)
    low, high = float(np.nanmin(values.to_numpy())), float(np.nanmax(values.to_numpy()))
    for ax, column in zip(axes[0], columns, strict=True):
        shapes.assign(value=values[column].reindex(shapes["region_code"]).to_numpy()).plot(
            column="value", ax=ax, cmap="viridis", vmin=low, vmax=high, edgecolor="white", linewidth=0.5)
        ax.set_title(titles.get(column, column))
        decorate(ax, shapes, source=None, language=language)
    mappable = plt.cm.ScalarMappable(cmap="viridis", norm=plt.Normalize(low, high))
    fig.colorbar(mappable, ax=axes[0].tolist(), shrink=0.7, label=label)
    source = source_line(frame, source, language)
    if source:
        fig.text(0.01, 0.0, source, fontsize=4.6, color="#555555", va="top")
    return fig


def moran_over_time(moran: pd.DataFrame, names: Names):
    """Global Moran's I per year and measure with the central 95 % of its permutation distribution."""
    language = names.language
    fig, ax = figure("full", aspect=0.45)
    for i, (measure, part) in enumerate(moran.groupby("measure", sort=False)):
        colour = PALETTE[i % len(PALETTE)]
        ax.fill_between(part["year"], part["sim_low"], part["sim_high"], color=colour, alpha=0.12, linewidth=0)
        ax.plot(part["year"], part["I"], marker="o", markersize=3, color=colour, label=names.systems.get(measure, measure))
        significant = part[part["p_sim"] <= ALPHA]
        ax.scatter(significant["year"], significant["I"], s=40, facecolor="none", edgecolor=colour, linewidth=1)
    ax.axhline(moran["expected_I"].iloc[0], color="#888888", linestyle="--", linewidth=0.8, label=term("expected_I", language))
    ax.set_xlabel(term("year", language))
    ax.set_ylabel("Moran's I")
    ax.xaxis.get_major_locator().set_params(integer=True)
    ax.set_title(term("moran_title", language))
    ax.legend(frameon=False, fontsize=6, loc="upper left", bbox_to_anchor=(1.01, 1.0))
    return fig


def moran_scatter(values: pd.Series, lag: pd.Series, region_names: dict[str, str], *, title: str, language: str = "en"):
    """Standardised value against its spatial lag, the slope being Moran's I; quadrants labelled, every
    region named without overlapping another name (:func:`.plotting.place_labels`)."""
    z = (values - values.mean()) / values.std(ddof=0)
    lz = (lag - values.mean()) / values.std(ddof=0)
    fig, ax = figure("half", aspect=0.95)
    ax.axhline(0, color="#888888", linewidth=0.7)
    ax.axvline(0, color="#888888", linewidth=0.7)
    ax.scatter(z, lz, s=14 if not is_many(len(z)) else 3, color=PALETTE[0])
    slope = np.polyfit(z.to_numpy(), lz.to_numpy(), 1)
    xs = np.linspace(z.min(), z.max(), 10)
    ax.plot(xs, np.polyval(slope, xs), color=PALETTE[3], linewidth=1)
    ax.margins(0.1, 0.16)   # room in the corners for the names of the quadrants
    # the quadrants: HH … in English, their names in Chinese (高-高集聚 …)
    for label, (x, y, ha, va) in {"HH": (0.98, 0.98, "right", "top"), "LH": (0.02, 0.98, "left", "top"),
                                  "LL": (0.02, 0.02, "left", "bottom"), "HL": (0.98, 0.02, "right", "bottom")}.items():
        ax.text(x, y, label if language == "en" else term(label, language), transform=ax.transAxes, ha=ha, va=va,
                fontsize=6, color="#777777")
    ax.set_xlabel(term("standardised_value", language))
    ax.set_ylabel(term("spatial_lag", language))
    ax.set_title(title, fontsize=8)
    # every region named (with many regions the most extreme ones), no name over another text or point
    codes = list(z.index) if not is_many(len(z)) else list(highlighted(z))
    fig.canvas.draw()
    place_labels(ax, z[codes].to_numpy(), lz[codes].to_numpy(), [region_names.get(c, c) for c in codes],
                 ["#333333"] * len(codes), [True] * len(codes), fontsize=5)
    return fig


def lisa_categories(table: pd.DataFrame) -> pd.Series:
    """The class each region takes on a LISA map (indexed by region_code): its quadrant when significant,
    ``ns`` when not, ``undefined`` when the test is undefined (see :data:`LISA_COLOURS`)."""
    rows = table.set_index("region_code")
    return rows["quadrant"].where(rows["significant"], "ns").where(rows["undefined"] == "", "undefined")


def category_map(frame, categories: pd.Series, *, colours: dict[str, str], legend: dict[str, str], title: str,
                 source: str | None, language: str = "en"):
    """A map of one category per region (LISA quadrant or hot/cold spot), with a legend of the categories shown."""
    shapes = projected(frame)
    fig, ax = figure("full", aspect=0.62)
    kinds = categories.reindex(shapes["region_code"]).to_numpy()
    shapes.plot(ax=ax, color=[colours[k] for k in kinds], edgecolor="#777777", linewidth=0.5)
    decorate(ax, shapes, source=source, language=language)
    present = [k for k in colours if k in set(kinds)]
    ax.legend(handles=[Patch(facecolor=colours[k], edgecolor="#777777", label=legend[k]) for k in present],
              loc="upper left", bbox_to_anchor=(1.0, 1.0), frameon=False, fontsize=6.5)
    ax.set_title(title)
    return fig


ZOOM_SHARE = 0.12   # a track shorter than this share of the map is drawn again, enlarged, in an inset
INSET_BOUNDS = (1.07, 0.0, 0.42, 0.6)   # the inset beside the map, in fractions of the map axes


def _track_inset(ax, shapes, centres: pd.DataFrame, language: str):
    """The track enlarged in an inset beside the map, its area framed on the map, with a scale bar of its own."""
    fig = ax.figure
    fig.canvas.draw()   # the map axes at their final size and aspect
    inset = ax.inset_axes(INSET_BOUNDS)
    xs, ys = centres["x"].to_numpy(), centres["y"].to_numpy()
    inset.plot(xs, ys, color=PALETTE[0], linewidth=0.8, marker="o", markersize=2.5)
    inset.plot(xs[:1], ys[:1], marker="s", markersize=3.5, color=PALETTE[1], linestyle="none")
    inset.plot(xs[-1:], ys[-1:], marker="^", markersize=4, color=PALETTE[3], linestyle="none")
    half = max(np.ptp(xs) * 0.8, np.ptp(ys) * 0.8, 500.0)   # metres: at least a kilometre across
    cx, cy = (xs.min() + xs.max()) / 2, (ys.min() + ys.max()) / 2
    inset.set_xlim(cx - half, cx + half)
    inset.set_ylim(cy - half * 1.15, cy + half * 0.85)
    inset.set_aspect("equal", adjustable="datalim")
    inset.set_xticks([])
    inset.set_yticks([])
    inset.grid(False)
    for spine in inset.spines.values():
        spine.set_visible(True)
        spine.set_color("#777777")
        spine.set_linewidth(0.6)
    inset.set_facecolor("white")
    inset.set_title(term("track_enlarged", language), fontsize=6, pad=2)
    fig.canvas.draw()
    lx0, lx1 = inset.get_xlim()
    ly0, ly1 = inset.get_ylim()
    length = _scale_length(lx1 - lx0)
    bx, by = lx0 + 0.06 * (lx1 - lx0), ly0 + 0.07 * (ly1 - ly0)
    inset.plot([bx, bx + length], [by, by], color="black", lw=1.2, solid_capstyle="butt")
    inset.text(bx + length / 2, by + 0.02 * (ly1 - ly0), term("scale_km", language, length=length / 1000), ha="center",
               va="bottom", fontsize=5)
    ax.indicate_inset_zoom(inset, edgecolor="#777777", linewidth=0.6, alpha=1)
    return inset


def centre_track(frame, centres: pd.DataFrame, *, title: str, source: str | None, language: str = "en"):
    """The weighted mean centre per year on the map, with the ellipses of the first and the last year.

    A track too short to read at the scale of the map (the usual case: the centre moves a few
    kilometres) is drawn again, enlarged, in an inset with its own scale bar. The years are labelled
    without overlapping each other or any other text (:func:`.plotting.place_labels`): the first and
    the last year always, the years between where they find room.
    """
    shapes = projected(frame)
    centres = centres.sort_values("year").reset_index(drop=True)
    fig, ax = figure("full", aspect=0.62)
    shapes.plot(ax=ax, color="#f2f2f2", edgecolor="#aaaaaa", linewidth=0.5)
    ax.plot(centres["x"], centres["y"], color=PALETTE[0], linewidth=0.8, marker="o", markersize=2.5)
    for row, colour in ((centres.iloc[0], PALETTE[1]), (centres.iloc[-1], PALETTE[3])):
        ax.add_patch(Ellipse((row["x"], row["y"]), 2 * row["sigma_major"], 2 * row["sigma_minor"], angle=90 - row["angle"],
                             facecolor="none", edgecolor=colour, linewidth=1.2, label=str(int(row["year"]))))
    decorate(ax, shapes, source=source, language=language)
    ax.legend(title=term("ellipse", language), frameon=False, fontsize=6, title_fontsize=6, loc="upper left",
              bbox_to_anchor=(1.0, 1.0), labelspacing=0.8)
    ax.set_title(title)
    x0, y0, x1, y1 = shapes.total_bounds
    xs, ys = centres["x"].to_numpy(), centres["y"].to_numpy()
    small = max(np.ptp(xs), np.ptp(ys)) < ZOOM_SHARE * max(x1 - x0, y1 - y0) and len(centres) > 1
    if small:   # the map on the left two thirds, the legend and the enlarged track beside it
        ax.set_position([0.01, 0.1, 0.64, 0.8])
    target = _track_inset(ax, shapes, centres, language) if small else ax
    fig.canvas.draw()
    years = [str(int(y)) for y in centres["year"]]
    last = len(years) - 1
    colours = [PALETTE[1] if i == 0 else PALETTE[3] if i == last else "#555555" for i in range(len(years))]
    mandatory = [i in (0, last) for i in range(len(years))]
    # the first year away from where the track goes, the last year ahead of it, the others beside their segment
    display = target.transData.transform(np.column_stack([xs, ys]))
    heading = display[-1] - display[0]
    heading = heading / (np.hypot(*heading) or 1.0)
    preferred = []
    for i in range(len(years)):
        if i in (0, last):
            preferred.append(tuple(-heading) if i == 0 else tuple(heading))
        else:
            step = display[i + 1] - display[i - 1]
            preferred.append((-step[1], step[0]) if np.hypot(*step) else None)
    if small or len(years) <= 2:
        place_labels(target, xs, ys, years, colours, mandatory, preferred)
    else:   # on the map itself: the first and the last year only
        keep = [0, last] if last else [0]
        place_labels(target, xs[keep], ys[keep], [years[i] for i in keep], [colours[i] for i in keep], [True] * len(keep),
                     [preferred[i] for i in keep])
    return fig
