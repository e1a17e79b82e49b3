"""Figures of the notebooks: each function takes result tables and returns a matplotlib figure.

Saving (PNG + PDF, data-status note) is done by ``Context.save``; the style by ``plotting.setup``.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.colors import BoundaryNorm, ListedColormap
from matplotlib.patches import Patch

from ..methods.coupling import grade as coupling_grade
from .labels import Names, area_name, join, localized, term, text, with_value
from .plotting import A4_TEXT_WIDTH, MAX_HEIGHT, PALETTE, figure, region_colors, shorten
from .selection import LEGEND_MAX, condensed_rows, highlighted, is_many, tick_subset

CELL_STATES = ("observed", "linear-interpolation", "nearest-year", "thousands-separator", "full-width-characters")
CELL_COLORS = ("#F2F2F2", "#0072B2", "#56B4E9", "#E69F00", "#CC79A7")


def missing_cells(status: pd.DataFrame, region_labels: dict[str, str], language: str = "en"):
    """Heatmap of the raw panel: one row per region-year, one column per indicator.

    ``status`` is indexed by (region_code, year), columns = indicators, values in CELL_STATES.
    """
    codes = status.to_numpy()
    present = [s for s in CELL_STATES if (codes == s).any()] or ["observed"]
    index = {s: i for i, s in enumerate(CELL_STATES)}
    grid = pd.Categorical(codes.ravel(), categories=CELL_STATES).codes.reshape(codes.shape)
    cmap = ListedColormap(CELL_COLORS)
    fig, ax = figure("full", aspect=0.75)
    ax.imshow(grid, aspect="auto", cmap=cmap, norm=BoundaryNorm(np.arange(len(CELL_STATES) + 1) - 0.5, cmap.N),
              interpolation="nearest")
    regions = status.index.get_level_values("region_code")
    starts = np.flatnonzero(np.r_[True, regions[1:] != regions[:-1]])
    middles = starts + (np.diff(np.r_[starts, len(regions)]) - 1) / 2
    named = tick_subset(len(starts))            # every region up to 30, evenly spread beyond
    ax.set_yticks(middles[named])
    ax.set_yticklabels([region_labels[regions[starts[i]]] for i in named], fontsize=7 if len(named) == len(starts) else 5)
    if not is_many(len(starts)):
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


def normalized_heatmaps(z_first: pd.DataFrame, z_last: pd.DataFrame, *, titles: tuple[str, str], language: str = "en"):
    """Two heatmaps (regions × indicators) of the normalised values in the first and last year."""
    fig, axes = figure("full", aspect=0.5, ncols=2, sharey=True)
    for ax, z, title in zip(axes, (z_first, z_last), titles, strict=True):
        image = ax.imshow(z.to_numpy(), aspect="auto", cmap="viridis", vmin=0, vmax=1, interpolation="nearest")
        ax.set_xticks(range(z.shape[1]))
        ax.set_xticklabels(z.columns, rotation=90, fontsize=5.5)
        named = tick_subset(z.shape[0])
        ax.set_yticks(named)
        ax.set_yticklabels(z.index[named], fontsize=7 if len(named) == z.shape[0] else 5)
        ax.set_title(title)
        ax.grid(False)
    fig.colorbar(image, ax=axes, shrink=0.8, label=term("normalized", language))
    return fig


def weight_bars(weights: pd.DataFrame, dimension_names: dict[str, str], system_names: dict[str, str], *,
                language: str = "en"):
    """Bars of indicator weights (labelled by id), coloured by dimension, one panel per system."""
    systems = list(dict.fromkeys(weights["system"]))
    most = max((weights["system"] == s).sum() for s in systems)
    fig, axes = plt.subplots(1, len(systems), squeeze=False, figsize=(A4_TEXT_WIDTH, 0.16 * most + 1.9))
    colour = region_colors(list(dict.fromkeys(weights["dimension"])))   # the palette without black
    for ax, system in zip(axes[0], systems, strict=True):
        w = weights[weights["system"] == system].iloc[::-1]
        ax.barh(w["indicator"], w["weight"], color=[colour[d] for d in w["dimension"]])
        ax.set_title(system_names[system])
        ax.set_xlabel(term("weight", language))
        ax.grid(axis="y", visible=False)
        used = list(dict.fromkeys(w["dimension"][::-1]))
        # below the panel, where it cannot cover a bar
        ax.legend(handles=[Patch(color=colour[d], label=dimension_names[d]) for d in used], fontsize=6,
                  loc="upper center", bbox_to_anchor=(0.5, -0.14), ncol=2, frameon=False)
    fig.suptitle(term("weights_title", language), fontsize=9)
    fig.tight_layout()
    return fig


def trajectories(frame: pd.DataFrame, names: Names, *, value: str, panels: str | None = None,
                 panel_titles: dict[str, str] | None = None, ylabel: str, title: str):
    """Lines per region over the years (one panel per value of ``panels``) with the provincial mean.

    With many regions: the 10–90 % and 25–75 % bands of the regions, the median and the mean, and
    lines only for the focus region and the three highest and lowest in the last year.
    """
    language = names.language
    present = set(frame[panels]) if panels else set()
    keys = ([k for k in (panel_titles or {}) if k in present] or sorted(present)) if panels else [None]
    fig, axes = figure("full", aspect=0.42 if len(keys) > 1 else 0.55, ncols=len(keys), squeeze=False, sharey=True)
    many = is_many(frame["region_code"].nunique())
    if many:   # the same regions in every panel: the extremes of the last year's mean over the panels
        final = frame[frame["year"] == frame["year"].max()].groupby("region_code")[value].mean()
        shown = highlighted(final, names.focus)
    colours = region_colors(shown if many else list(names.regions))
    for ax, key in zip(axes[0], keys, strict=True):
        part = frame if key is None else frame[frame[panels] == key]
        wide = part.pivot(index="year", columns="region_code", values=value)
        if many:
            _bands(ax, wide, language)
        else:
            shown = list(wide.columns)
        for code in shown:
            ax.plot(wide.index, wide[code], color=colours[code], linewidth=1, label=names.region(code))
        ax.plot(wide.index, wide.mean(axis=1), color="black", linewidth=2.2, linestyle="--", label=term("mean", language))
        ax.set_xlabel(term("year", language))
        if key is not None and panel_titles:
            ax.set_title(panel_titles[key])
        ax.xaxis.get_major_locator().set_params(integer=True)
    axes[0][0].set_ylabel(ylabel)
    handles, labels = axes[0][0].get_legend_handles_labels()
    fig.legend(handles[:LEGEND_MAX], labels[:LEGEND_MAX], loc="upper center", bbox_to_anchor=(0.5, 0.0), ncol=5,
               frameon=False)
    fig.suptitle(title, fontsize=9)
    fig.tight_layout()
    return fig


def _bands(ax, wide: pd.DataFrame, language: str) -> None:
    """10–90 % and 25–75 % bands and the median of the regions (columns) over the years (rows)."""
    q = wide.quantile([0.1, 0.25, 0.5, 0.75, 0.9], axis=1).T
    ax.fill_between(wide.index, q[0.1], q[0.9], color="#D9E6F2", label=term("band_10_90", language))
    ax.fill_between(wide.index, q[0.25], q[0.75], color="#A6C4E0", label=term("band_25_75", language))
    ax.plot(wide.index, q[0.5], color="#555555", linewidth=1.2, linestyle=":", label=term("median", language))


def d_heatmap(coupling: pd.DataFrame, names: Names):
    """Region × year heatmap of D with the grade (1–10) written in each cell.

    With many regions: the five highest and lowest regions of the last year, and between them the
    mean of the other regions of each group (or of all of them without groups).
    """
    language = names.language
    D = coupling.pivot(index="region_code", columns="year", values="D")
    breaks: list[int] = []
    if is_many(len(D)):
        D, breaks = condensed_rows(D, D.iloc[:, -1], names.membership, names.groups, names.regions,
                                   term("other_regions", language))
    else:
        D = D.rename(index=names.regions)
    # the grade of a group mean is the grade of that mean
    G = coupling_grade(D.to_numpy().ravel()).to_numpy().reshape(D.shape)
    rows = len(D)
    fig, ax = figure("full")
    fig.set_size_inches(A4_TEXT_WIDTH, min(MAX_HEIGHT, 1.3 + 0.3 * rows))
    image = ax.imshow(D.to_numpy(), aspect="auto", cmap="viridis", vmin=0, vmax=1, interpolation="nearest")
    size = 6 if rows <= 25 else 4.5
    for (i, j), g in np.ndenumerate(G):
        ax.text(j, i, str(int(g)), ha="center", va="center", fontsize=size,
                color="white" if D.to_numpy()[i, j] < 0.6 else "black")
    for b in breaks:
        ax.axhline(b - 0.5, color="white", linewidth=2)
    ax.set_yticks(range(rows))
    ax.set_yticklabels(D.index, fontsize=7 if rows <= 25 else 5)
    ax.set_xticks(range(D.shape[1]))
    ax.set_xticklabels(D.columns, rotation=45)
    ax.grid(False)
    ax.set_title(term("d_heatmap", language))
    fig.colorbar(image, ax=ax, label="D")
    return fig


def lag_scatter(coupling: pd.DataFrame, names: Names, *, x: str, y: str, threshold: float, axis_names: dict[str, str]):
    """U1 against U2 for every region-year; the band |U1 − U2| ≤ threshold is the synchronous zone.

    With many regions every region-year is a small grey dot and only the focus region and the three
    highest and lowest by D in the last year are drawn as paths.
    """
    language = names.language
    fig, ax = figure("full", aspect=0.75)
    top = float(max(coupling[x].max(), coupling[y].max(), 0.05)) * 1.08
    line = np.array([0, top])
    ax.fill_between(line, np.clip(line - threshold, 0, None), line + threshold, color="#DDDDDD", alpha=0.6,
                    label=with_value(term('synchronous', language), f"|Δ| ≤ {threshold:g}", language))
    ax.plot(line, line, color="#888888", linewidth=0.8)
    last = coupling["year"].max()
    codes = list(dict.fromkeys(coupling["region_code"]))
    if is_many(len(codes)):
        ax.scatter(coupling[x], coupling[y], s=2, color="#AAAAAA", label=term("all_region_years", language))
        final = coupling[coupling["year"] == last].set_index("region_code")["D"]
        codes = highlighted(final, names.focus)
    colours = region_colors(codes)
    for code in codes:
        part = coupling[coupling["region_code"] == code]
        ax.plot(part[x], part[y], color=colours[code], linewidth=0.6, alpha=0.6)
        ax.scatter(part[x], part[y], color=colours[code], s=8, label=names.region(code))
        end = part[part["year"] == last]
        ax.scatter(end[x], end[y], color=colours[code], s=40, edgecolor="black", linewidth=0.6)
    ax.text(top * 0.97, top * 0.06, text("lag.lagging", language, name=axis_names[y]), ha="right", fontsize=7, color="#555555")
    ax.text(top * 0.03, top * 0.94, text("lag.lagging", language, name=axis_names[x]), ha="left", va="top", fontsize=7,
            color="#555555")
    ax.set_xlim(0, top)
    ax.set_ylim(0, top)
    ax.set_aspect("equal")
    ax.set_xlabel(axis_names[x])
    ax.set_ylabel(axis_names[y])
    ax.set_title(with_value(term('lag_title', language), term('large_dots', language, year=last), language))
    handles, labels = ax.get_legend_handles_labels()
    ax.legend(handles[:LEGEND_MAX], labels[:LEGEND_MAX], loc="center left", bbox_to_anchor=(1.02, 0.5), frameon=False)
    return fig


def lag_counts(counts: pd.Series, language: str = "en"):
    """Bar chart of how many region-years each lag type occurs (coupling of more than two subsystems)."""
    fig, ax = figure("half", aspect=0.9)
    ax.barh(counts.index[::-1], counts.to_numpy()[::-1], color=PALETTE[0])
    ax.set_xlabel(term("count", language))
    ax.set_title(term("lag_share", language))
    ax.grid(axis="y", visible=False)
    return fig


def rank_bump(ranks: pd.DataFrame, names: Names, *, title: str):
    """Ranks of the regions over the years (1 at the top), labelled at both ends.

    With many regions the others are faint grey lines and only the focus region and the five
    highest and lowest ranked in the last year are coloured and labelled.
    """
    language = names.language
    wide = ranks.pivot(index="year", columns="region_code", values="rank")
    fig, ax = figure("full", aspect=0.55)
    named = list(wide.columns)
    if is_many(len(named)):
        named = highlighted(-wide.iloc[-1], names.focus, n=5)
        for code in wide.columns.difference(named):
            ax.plot(wide.index, wide[code], color="#DDDDDD", linewidth=0.4, zorder=1)
    colours = region_colors(named)
    for code in named:
        ax.plot(wide.index, wide[code], marker="o", markersize=3, color=colours[code], linewidth=1.2, zorder=2)
        ax.text(wide.index[-1] + 0.15, wide[code].iloc[-1], names.region(code), va="center", fontsize=6.5, color=colours[code])
        ax.text(wide.index[0] - 0.15, wide[code].iloc[0], names.region(code), va="center", ha="right", fontsize=6.5,
                color=colours[code])
    ax.invert_yaxis()
    if not is_many(len(wide.columns)):
        ax.set_yticks(range(1, len(wide.columns) + 1))
    ax.set_xlim(wide.index[0] - 2.2, wide.index[-1] + 2.2)
    ax.set_xticks(wide.index)
    ax.tick_params(axis="x", rotation=45)
    ax.set_ylabel(term("ranking", language))
    ax.set_title(title)
    ax.grid(axis="x", visible=False)
    return fig


def dispersion_lines(disp: pd.DataFrame, measure_names: dict[str, str], language: str = "en"):
    """Coefficient of variation and max/min ratio over the years, one line per measure."""
    fig, axes = figure("full", aspect=0.4, ncols=2)
    for i, (measure, part) in enumerate(disp.groupby("measure", sort=False)):
        style = dict(color=PALETTE[i % len(PALETTE)], marker="o", markersize=3, label=measure_names.get(measure, measure))
        axes[0].plot(part["year"], part["cv"], **style)
        axes[1].plot(part["year"], part["max_min_ratio"], **style)
    axes[0].set_ylabel(term("cv_population", language))
    axes[1].set_ylabel(term("maxmin", language))
    for ax in axes:
        ax.set_xlabel(term("year", language))
        ax.xaxis.get_major_locator().set_params(integer=True)
    axes[0].legend(frameon=False)
    fig.tight_layout()
    return fig


def group_lines(groups: pd.DataFrame, group_labels: dict[str, str], *, ylabel: str, title: str, language: str = "en"):
    """Mean of a measure per region group over the years (beyond a dozen groups, the five highest
    and lowest in the last year are named and the others drawn in grey)."""
    fig, ax = figure("half", aspect=0.8)
    last = groups[groups["year"] == groups["year"].max()].set_index("group")["mean"]
    named = list(last.index) if len(last) <= LEGEND_MAX else highlighted(last, n=5)
    colour = {g: PALETTE[i % len(PALETTE)] for i, g in enumerate(named)}
    for group, part in groups.groupby("group", sort=False):
        if group in colour:
            ax.plot(part["year"], part["mean"], marker="o", markersize=3, color=colour[group],
                    label=group_labels.get(group, group), zorder=2)
        else:
            ax.plot(part["year"], part["mean"], color="#CCCCCC", linewidth=0.6, zorder=1)
    ax.set_xlabel(term("year", language))
    ax.set_ylabel(ylabel)
    ax.set_title(title)
    ax.xaxis.get_major_locator().set_params(integer=True)
    ax.legend(frameon=False, fontsize=6)
    return fig


def dendrogram_with_profiles(tree: np.ndarray, labels: list[str], clusters: pd.DataFrame, profile: pd.DataFrame, *,
                             k: int, language: str = "en"):
    """Ward dendrogram of the regions and the mean D trajectory of each cluster."""
    from scipy.cluster.hierarchy import dendrogram

    fig, (left, right) = figure("full", aspect=0.45, ncols=2)
    if is_many(len(labels)):
        # the last merges only: each leaf is a branch, labelled with its number of regions
        dendrogram(tree, ax=left, orientation="right", color_threshold=0, above_threshold_color="#777777",
                   truncate_mode="lastp", p=20, leaf_font_size=6)
    else:
        dendrogram(tree, labels=labels, ax=left, orientation="right", color_threshold=0,
                   above_threshold_color="#777777", leaf_font_size=7)
        colour_of = dict(zip(labels, clusters["cluster"], strict=True))
        for tick in left.get_yticklabels():
            tick.set_color(PALETTE[(int(colour_of[tick.get_text()]) - 1) % len(PALETTE)])
    left.set_title(term("dendrogram", language, k=k))
    left.grid(False)
    for cluster, part in profile.groupby("cluster", sort=True):
        right.plot(part["year"], part["D"], marker="o", markersize=3, color=PALETTE[(int(cluster) - 1) % len(PALETTE)],
                   label=term("cluster_n", language, k=cluster))
    right.set_xlabel(term("year", language))
    right.set_ylabel("D")
    right.set_title(term("cluster_means", language))
    right.xaxis.get_major_locator().set_params(integer=True)
    right.legend(frameon=False)
    fig.tight_layout()
    return fig


def reference_chart(series: pd.DataFrame, bounds: pd.DataFrame, *, years: tuple[int, int], language: str = "en"):
    """Urbanization rate of the areas with published facts (focus region, province, China), each basis apart.

    Lines join consecutive years of one basis only; missing years stay gaps; census points are
    marked with stars; a bound is drawn as a triangle pointing away from the possible values. The
    title names the areas actually shown.
    """
    fig, ax = figure("full", aspect=0.55)
    full_years = np.arange(years[0], years[1] + 1)
    shown = []
    for i, (_, part) in enumerate(series.groupby("role", sort=False)):
        colour = PALETTE[i]
        name = area_name(part.iloc[0], language)
        shown.append(name)
        for basis, style in (("as_published", "-"), ("revised_post_census", "--")):
            line = part[part["basis"] == basis].set_index("year")["value"].reindex(full_years)
            if line.notna().any():
                ax.plot(full_years, line, style, color=colour, marker="o", markersize=3, linewidth=1.3,
                        label=with_value(name, term(basis, language), language))
        census = part[part["basis"].str.startswith("census")]
        if len(census):
            ax.scatter(census["year"], census["value"], marker="*", s=80, color=colour, edgecolor="black", linewidth=0.4,
                       zorder=3, label=with_value(name, term('census', language), language))
    role_colour = {role: PALETTE[i] for i, role in enumerate(dict.fromkeys(series["role"]))}
    area_role = dict(zip(series["area_zh"], series["role"], strict=False))
    for b in bounds.itertuples():
        marker = "v" if b.bound == "upper" else "^"
        ax.scatter([b.year], [b.value - 0.8], marker=marker, s=45, color=role_colour.get(area_role.get(b.area_zh), "#555555"),
                   edgecolor="black", linewidth=0.4, zorder=3)
        ax.annotate(term("below", language, area=area_name(b._asdict(), language), year=b.year, value=b.value),
                    (b.year, b.value), textcoords="offset points", xytext=(6, -10), fontsize=6.5, color="#555555")
    ax.set_xlim(years[0] - 0.5, years[1] + 0.5)
    ax.set_xlabel(term("year", language))
    ax.set_ylabel(term("urbanization", language))
    ax.xaxis.get_major_locator().set_params(integer=True)
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), frameon=False, fontsize=6.5)
    ax.set_title(term("reference_title", language, areas=join(shown, language)))
    return fig


def _years_to_show(years: list[int], count: int = 4) -> list[int]:
    idx = np.unique(np.round(np.linspace(0, len(years) - 1, min(count, len(years)))).astype(int))
    return [years[i] for i in idx]


def kde_overlay(kde: pd.DataFrame, measure_names: dict[str, str], language: str = "en"):
    """Density curves of selected years (first, last and evenly spaced ones), a panel per measure."""
    measures = list(dict.fromkeys(kde["measure"]))
    fig, axes = figure("full", aspect=0.36, ncols=len(measures), squeeze=False)
    years = sorted(kde["year"].unique())
    shown = _years_to_show(years)
    colours = plt.get_cmap("viridis")(np.linspace(0, 0.9, len(shown)))
    for ax, measure in zip(axes[0], measures, strict=True):
        for colour, year in zip(colours, shown, strict=True):
            curve = kde[(kde["measure"] == measure) & (kde["year"] == year)]
            ax.plot(curve["x"], curve["density"], color=colour, label=str(year))
        ax.set_title(measure_names.get(measure, measure))
        ax.set_xlabel(measure_names.get(measure, measure) if measure != "D" else "D")
    axes[0][0].set_ylabel(term("density", language))
    axes[0][-1].legend(frameon=False)
    fig.tight_layout()
    return fig


def kde_3d(kde: pd.DataFrame, measure_names: dict[str, str], language: str = "en"):
    """Value × year × density surfaces, a panel per measure (as these studies publish them)."""
    measures = list(dict.fromkeys(kde["measure"]))
    fig = plt.figure(figsize=(A4_TEXT_WIDTH, A4_TEXT_WIDTH * 0.42))
    for i, measure in enumerate(measures, start=1):
        ax = fig.add_subplot(1, len(measures), i, projection="3d")
        part = kde[kde["measure"] == measure]
        X = part.pivot(index="year", columns="x", values="density")
        xs, ys = np.meshgrid(X.columns.to_numpy(), X.index.to_numpy())
        ax.plot_surface(xs, ys, X.to_numpy(), cmap="viridis", linewidth=0, antialiased=True, rcount=60, ccount=60)
        ax.set_xlabel("D" if measure == "D" else term("score", language), fontsize=6)
        ax.set_ylabel(term("year", language), fontsize=6)
        ax.set_zlabel(term("density", language), fontsize=6)
        ax.tick_params(labelsize=5)
        ax.set_title(measure_names.get(measure, measure), fontsize=8)
        ax.view_init(elev=28, azim=-60)
    return fig


def ridgeline(kde: pd.DataFrame, measure_names: dict[str, str], language: str = "en"):
    """One density curve per year stacked upwards, a panel per measure."""
    measures = list(dict.fromkeys(kde["measure"]))
    years = sorted(kde["year"].unique())
    fig, axes = figure("full", aspect=0.5, ncols=len(measures), squeeze=False)
    colours = plt.get_cmap("viridis")(np.linspace(0, 0.9, len(years)))
    for ax, measure in zip(axes[0], measures, strict=True):
        part = kde[kde["measure"] == measure]
        scale = 0.8 / part["density"].max()
        for offset, (year, colour) in enumerate(zip(years, colours, strict=True)):
            curve = part[part["year"] == year]
            base = np.full(len(curve), offset, dtype=float)
            ax.fill_between(curve["x"], base, base + curve["density"] * scale, color=colour, alpha=0.75, linewidth=0.6,
                            edgecolor="white")
        ax.set_yticks(range(len(years)))
        ax.set_yticklabels(years, fontsize=6)
        ax.set_title(measure_names.get(measure, measure))
        ax.grid(False)
    fig.tight_layout()
    return fig


def obstacle_ranking(mean_obstacles: pd.DataFrame, names: Names, *, n: int = 10):
    """The ``n`` largest province-wide obstacles of each system (mean over regions and years)."""
    language = names.language
    systems = list(dict.fromkeys(mean_obstacles["system"]))
    fig, axes = plt.subplots(len(systems), 1, squeeze=False, figsize=(A4_TEXT_WIDTH, (0.17 * n + 0.6) * len(systems)))
    for ax, system in zip(axes[:, 0], systems, strict=True):
        part = mean_obstacles[mean_obstacles["system"] == system].nlargest(n, "obstacle_pct").iloc[::-1]
        ax.barh([names.indicators.get(i, i) for i in part["item"]], part["obstacle_pct"], color=PALETTE[3])
        ax.set_title(names.systems.get(system, system))
        ax.tick_params(axis="y", labelsize=6.5)
        ax.grid(axis="y", visible=False)
    axes[-1, 0].set_xlabel(term("obstacle", language))
    fig.tight_layout()
    return fig


def heatmap(matrix: pd.DataFrame, *, title: str, colorbar_label: str, fmt: str = "{:.1f}", cmap: str = "viridis",
            vmin: float | None = None, vmax: float | None = None):
    """A labelled heatmap with the value written in each cell."""
    rows, cols = matrix.shape
    fig, ax = figure("full", aspect=max(0.3, min(1.2, 0.07 * rows + 0.2)))
    values = matrix.to_numpy(dtype=float)
    image = ax.imshow(values, aspect="auto", cmap=cmap, vmin=vmin, vmax=vmax, interpolation="nearest")
    middle = np.nanmean(values)
    if rows <= 45 and cols <= 20:     # beyond, the numbers would not be legible: the colour says it
        for (i, j), v in np.ndenumerate(values):
            if np.isfinite(v):
                ax.text(j, i, fmt.format(v), ha="center", va="center", fontsize=5.5 if rows <= 25 else 4.5,
                        color="white" if v < middle else "black")
    named = tick_subset(rows, 45)
    ax.set_yticks(named)
    ax.set_yticklabels(matrix.index[named], fontsize=7 if rows <= 25 else 5)
    ax.set_xticks(range(cols))
    ax.set_xticklabels(matrix.columns, rotation=45, ha="right")
    ax.grid(False)
    ax.set_title(title)
    fig.colorbar(image, ax=ax, label=colorbar_label)
    return fig


def region_heatmap(matrix: pd.DataFrame, names: Names, *, title: str, colorbar_label: str, fmt: str = "{:.1f}"):
    """:func:`heatmap` of a regions × items table (indexed by region code); with many regions, the
    five regions with the highest and the lowest row mean and the group means between them."""
    language = names.language
    breaks: list[int] = []
    if is_many(len(matrix)):
        matrix, breaks = condensed_rows(matrix, matrix.mean(axis=1), names.membership, names.groups, names.regions,
                                        term("other_regions", language))
    else:
        matrix = matrix.rename(index=names.regions)
    fig = heatmap(matrix, title=title, colorbar_label=colorbar_label, fmt=fmt)
    for b in breaks:
        fig.axes[0].axhline(b - 0.5, color="white", linewidth=2)
    return fig


def system_relationship(weights: pd.DataFrame, dim_scores: pd.DataFrame, names: Names):
    """The indicator system as a tree whose widths are the weights (system → dimensions →
    indicators), and beside it how every dimension of the first system moves with every dimension
    of the second: Pearson's r of their scores over all region-years, as a bipartite diagram.

    With a single system only the tree is drawn.
    """
    language = names.language
    w = weights.groupby(["system", "dimension", "indicator"], sort=False)["weight"].mean().reset_index()
    systems = list(dict.fromkeys(w["system"]))
    two = len(systems) >= 2
    fig, axes = figure("full", aspect=0.75, ncols=2 if two else 1, squeeze=False,
                       gridspec_kw={"width_ratios": [1.5, 1]} if two else None)
    tree = axes[0][0]
    top = 0.0
    colours = region_colors([f"{s}/{d}" for s, d in dict.fromkeys(zip(w["system"], w["dimension"], strict=True))])
    for system in systems:
        part = w[w["system"] == system]
        height = 1.0 / len(systems)
        scale = height / part["weight"].sum()
        tree.barh(top + height / 2, 1, height=height * 0.98, left=0, color="#DDDDDD", edgecolor="white")
        tree.text(0.5, top + height / 2, names.item(system), ha="center", va="center", rotation=90, fontsize=7)
        y = top
        for dimension, rows in part.groupby("dimension", sort=False):
            dh = rows["weight"].sum() * scale
            colour = colours[f"{system}/{dimension}"]
            tree.barh(y + dh / 2, 1, height=dh * 0.96, left=1.05, color=colour, alpha=0.55, edgecolor="white")
            tree.text(1.55, y + dh / 2, names.item(dimension), ha="center", va="center", fontsize=5.5)
            yi = y
            for r in rows.itertuples():
                ih = r.weight * scale
                tree.barh(yi + ih / 2, r.weight * 6, height=ih * 0.9, left=2.1, color=colour, edgecolor="white")
                tree.text(2.15 + r.weight * 6, yi + ih / 2, f"{r.indicator} {r.weight:.3f}", va="center", fontsize=4)
                yi += ih
            y += dh
        top += height
    tree.set_ylim(top, 0)
    tree.set_xlim(0, 3.6)
    tree.set_axis_off()
    tree.set_title(term("tree_title", language), fontsize=8)
    if two:
        pair = axes[0][1]
        first, second = systems[:2]
        wide = dim_scores.pivot_table(index=["region_code", "year"], columns="dimension", values="score")
        left = list(dict.fromkeys(w.loc[w["system"] == first, "dimension"]))
        right = list(dict.fromkeys(w.loc[w["system"] == second, "dimension"]))
        r = wide.corr().loc[left, right]
        cmap = plt.get_cmap("RdBu_r")
        yl, yr = np.linspace(0.95, 0.05, len(left)), np.linspace(0.95, 0.05, len(right))
        for i, a in enumerate(left):
            for j, b in enumerate(right):
                value = float(r.loc[a, b])
                pair.plot([0.1, 0.9], [yl[i], yr[j]], color=cmap((value + 1) / 2), linewidth=0.4 + 3 * abs(value),
                          alpha=0.85, solid_capstyle="round")
        for ys, items, x, align in ((yl, left, 0.08, "right"), (yr, right, 0.92, "left")):
            for yy, item in zip(ys, items, strict=True):
                pair.plot([x + (0.02 if align == "right" else -0.02)], [yy], "o", color="black", markersize=3)
                pair.text(x, yy, names.item(item), ha=align, va="center", fontsize=5.5)
        pair.text(0.1, 1.01, names.item(first), ha="center", fontsize=6.5, weight="bold")
        pair.text(0.9, 1.01, names.item(second), ha="center", fontsize=6.5, weight="bold")
        pair.set_xlim(-0.45, 1.45)
        pair.set_ylim(0, 1.05)
        pair.set_axis_off()
        pair.set_title(term("bipartite_title", language), fontsize=8)
        mappable = plt.cm.ScalarMappable(cmap=cmap, norm=plt.Normalize(-1, 1))
        fig.colorbar(mappable, ax=pair, orientation="horizontal", fraction=0.05, pad=0.02, label="r")
    return fig


def policy_timeline(mean_d: pd.Series, documents: pd.DataFrame, language: str = "en"):
    """The provincial mean of D over the years, under it the national documents as numbered marks on
    their dates, and the numbered list of the documents below."""
    count = len(documents)
    fig, (upper, lower) = figure("full", aspect=0.5, nrows=2, sharex=True, gridspec_kw={"height_ratios": [2.2, 1]})
    fig.set_size_inches(A4_TEXT_WIDTH, 3.2 + 0.14 * int(np.ceil(count / 2)))
    upper.plot(mean_d.index, mean_d.to_numpy(), marker="o", markersize=3, color=PALETTE[0])
    upper.set_ylabel(term("mean_d", language))
    upper.set_title(term("policy_title", language), fontsize=8)
    dates = pd.to_datetime(documents["date"])
    position = (dates.dt.year + (dates.dt.day_of_year - 1) / 365.25).to_numpy()
    colour = {"rural": PALETTE[2], "urban": PALETTE[0], "both": PALETTE[3]}
    colours = [colour.get(t, "#555555") for t in documents["topic"]]
    titles = localized(documents, "title", language)
    previous = -np.inf
    level = 0
    for number, (x, c) in enumerate(zip(position, colours, strict=True), start=1):
        level = (level + 1) % 3 if x - previous < 0.9 else 0     # marks closer than a year are staggered
        previous = x
        height = 0.35 + 0.25 * level
        lower.vlines(x, 0, height, color="#AAAAAA", linewidth=0.6)
        lower.plot([x], [0], "o", color=c, markersize=4)
        lower.text(x, height + 0.03, str(number), ha="center", va="bottom", fontsize=6.5, color=c)
    lower.set_ylim(-0.1, 1.1)
    lower.set_yticks([])
    lower.axhline(0, color="black", linewidth=0.6)
    lower.set_xlabel(term("year", language))
    lower.set_xlim(min(mean_d.index.min(), position.min()) - 0.5, max(mean_d.index.max(), position.max()) + 0.5)
    lower.xaxis.get_major_locator().set_params(integer=True)
    lower.grid(False)
    lower.legend(handles=[Patch(color=c, label=term(f"policy_{t}", language)) for t, c in colour.items()
                          if t in set(documents["topic"])], loc="upper right", frameon=False, fontsize=6, ncol=3,
                 bbox_to_anchor=(1.0, 1.25))
    half = int(np.ceil(count / 2))
    listing = [text("policy.listing", language, n=n, title=shorten(t, 46),
                    date=text("policy.month", language, year=int(day[:4]), month=int(day[5:7])))
               for n, (day, t) in enumerate(zip(documents["date"], titles, strict=True), start=1)]
    fig.tight_layout(rect=(0, 0.04 + 0.035 * half, 1, 1))
    for column, items in enumerate((listing[:half], listing[half:])):
        fig.text(0.02 + 0.5 * column, 0.03 + 0.035 * half, "\n".join(items), fontsize=5.2, va="top", ha="left",
                 linespacing=1.6)
    return fig
