"""Every figure function drawn for a synthetic national panel of 300 regions: each fits an A4 page
at 300 dpi (at most 2,480 × 3,508 pixels, either way round) and no legend lists more than a dozen
entries. The inputs come from the methods run on the panel, as the notebooks would run them (those of
notebook 14, whose models would take minutes on 300 regions, in their layout with random numbers)."""

from __future__ import annotations

import inspect
import warnings

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest

from helpers import (
    cleaning,
    comparison,
    coupling,
    density,
    disparity,
    drivers,
    dynamics,
    forecast,
    grey,
    obstacle,
    robustness,
    spatial,
)
from helpers.data import reference
from helpers.data.paths import DEFAULT_DATA_DIR, province_paths
from helpers.data.synthetic import national_panel
from helpers.data.validate import load_inputs
from helpers.presentation import (
    analysis_charts,
    charts,
    disparity_charts,
    driver_charts,
    dynamics_charts,
    labels,
    maps,
    plotting,
    robustness_charts,
    selection,
    spillover_charts,
)

pytestmark = pytest.mark.slow   # 40 figures drawn at full size

A4_PIXELS = (2480, 3508)
FIGURE_MODULES = (charts, maps, disparity_charts, dynamics_charts, driver_charts, robustness_charts, analysis_charts,
                  spillover_charts)
NOT_FIGURES = {"maps.decorate", "maps.projected", "maps.lisa_categories", "maps.source_line", "disparity_charts.pair_matrix"}
N = 300


@pytest.fixture(scope="module")
def panel(tmp_path_factory):
    """The national panel pushed through the methods (a region grid stands in for boundaries)."""
    import geopandas as gpd
    from shapely.geometry import box

    data = tmp_path_factory.mktemp("national")
    national_panel(N, data, slug="national")
    inputs = load_inputs(province_paths("national", data))
    names = labels.names_for(inputs.config, inputs.regions, inputs.indicators, "en")
    X = inputs.panel.set_index(["region_code", "year"])
    system = inputs.indicators[["id", "system", "dimension", "direction"]]
    own = robustness.Variant("entropy", "pooled", "standard", 0.0001)
    from helpers import weights

    Z = weights.normalize(X, system.set_index("id")["direction"].to_dict(), own.shift)
    w = weights.indicator_weights(Z, system)
    dims = weights.dimension_scores(Z, w, system)
    scores = weights.system_scores(dims)
    coupled = labels.with_grade_names(robustness.chain(X, system, inputs.config.system_ids, own))
    measures = comparison.long_measures(coupled, scores, inputs.config.system_ids)
    codes = list(inputs.regions["region_code"])
    frame = gpd.GeoDataFrame({"region_code": codes},
                             geometry=[box(100 + (i % 20) * 0.5, 30 + (i // 20) * 0.5, 100.5 + (i % 20) * 0.5,
                                           30.5 + (i // 20) * 0.5) for i in range(N)], crs="EPSG:4326")
    return dict(inputs=inputs, names=names, X=X, system=system, own=own, Z=Z, w=w, dims=dims, scores=scores,
                coupled=coupled, measures=measures, frame=frame,
                status=cleaning.cell_status(inputs.panel, pd.DataFrame(columns=["region_code", "year", "indicator", "method"])))


def figures(p):
    """Every figure function with the arguments its notebook gives it, for the 300-region panel."""
    names, coupled, measures, scores, frame = p["names"], p["coupled"], p["measures"], p["scores"], p["frame"]
    config = p["inputs"].config
    last = config.last_year
    ranks = comparison.ranking(measures)
    groups = comparison.group_means(measures, p["inputs"].regions)
    disp = comparison.dispersion(measures)
    mean_d = measures[measures["measure"] == "D"].groupby("region_code")["value"].mean()
    traj = comparison.standardized_trajectories(measures, list(names.systems))
    clusters, _, tree = comparison.cluster_regions(traj, mean_d)
    profile = measures[measures["measure"] == "D"].merge(clusters, on="region_code").groupby(["cluster", "year"])["value"].mean()
    kde = density.kde_table(measures)
    table = obstacle.obstacle_table(p["Z"] - p["own"].shift, p["w"])
    dims = table[table["level"] == "dimension"]
    mean_obstacles = table[table["level"] == "indicator"].groupby(["system", "item"], sort=False)["obstacle_pct"].mean().reset_index()
    normalized = cleaning.to_long(p["Z"].reset_index(), "z").assign(z_minmax=lambda f: f["z"] - p["own"].shift)
    g = grey.driving_factors(scores, p["dims"], coupled, normalized, p["w"])
    regional = g[(g["scope"] != "province") & (g["reference"] == "D") & (g["level"] == "dimension")]
    w, islands = spatial.contiguity_weights(frame.set_index("region_code"), "queen")
    moran = spatial.moran_table(measures, w, 99, 0)
    lisa, spots = spatial.local_table(measures, w, [last], 99, 0)
    d = measures[(measures["measure"] == "D") & (measures["year"] == last)].set_index("region_code")["value"]
    x, y = spatial.centroids(frame.set_index("region_code"))
    centres = spatial.centre_table(measures, x, y)
    membership = p["inputs"].regions.set_index("region_code")["group"]
    dtable, pairs = disparity.disparity_tables(measures, membership)
    bands = dict(enumerate(dynamics.grade_bands(4), start=1))
    classes = coupled.assign(band=dynamics.band_of(coupled["grade"], list(bands.values()))).pivot(
        index="region_code", columns="year", values="band")
    chain = dynamics.markov(classes, labels=list(bands))
    forecasts = forecast.forecast_table(measures, 5)
    types = coupling.development_types(coupled.set_index(["region_code", "year"])[["RR", "NU"]]).reset_index()
    d_wide = coupled.pivot(index="region_code", columns="year", values="D")
    # notebook 14's tables in their catalog layout, numbers drawn at random: only the drawing is checked here
    rng = np.random.default_rng(0)
    factors = ["fiscal", "openness", "innovation"]
    effects = pd.DataFrame([{"model": "SDM", "term": f, "effect": e, "estimate": rng.normal(), "se": 0.1}
                            for f in factors for e in ("direct", "indirect", "total")])
    local = pd.DataFrame([{"model": "gwr", "term": f, "region_code": c, "estimate": rng.normal(),
                           "significant": bool(rng.random() < 0.5)} for f in ["const", *factors] for c in d_wide.index])
    keys = ["region_code", "year"]
    outcome = coupled.set_index(keys)[["D"]]
    dimension_frame = p["dims"].pivot(index=keys, columns="dimension", values="score")
    geo, geo_pairs, _ = drivers.detector_tables(outcome, {"dimension": dimension_frame},
                                                {"D": {"dimension": list(dimension_frame.columns)}}, permutations=19)
    regression = drivers.fixed_effects(pd.concat([outcome, dimension_frame.iloc[:, :3]], axis=1), "D",
                                       list(dimension_frame.columns[:3]))
    results, _ = robustness.run_variants(p["X"], p["system"], config.system_ids, p["own"])
    variants = robustness.variants_table(results, p["own"])
    agreement = robustness.agreement(variants[variants["year"] == last])
    claims = robustness.claims(results, p["own"])
    from helpers.presentation.narrative import claim_rows

    shown = claim_rows(claims, names, config, capital=True)
    boot = robustness.bootstrap(p["X"], p["system"], config.system_ids, p["own"], reps=50)
    z = p["Z"].xs(last, level="year").rename(index=names.regions)
    series = pd.DataFrame({"role": "nation", "area": "China", "area_zh": "全国", "year": [2011, 2020],
                           "value": [51.8, 63.9], "basis": "as_published", "source": "NBS"})
    members = {names.item(s.id): p["system"].loc[p["system"]["system"] == s.id, "id"].tolist() for s in config.systems}
    return {
        "charts.missing_cells": lambda: charts.missing_cells(p["status"], names.regions),
        "charts.normalized_heatmaps": lambda: charts.normalized_heatmaps(z, z, titles=("first", "last")),
        "charts.weight_bars": lambda: charts.weight_bars(p["w"], names.systems, names.systems),
        "charts.trajectories": lambda: charts.trajectories(scores, names, value="score", panels="system",
                                                           panel_titles=names.systems, ylabel="score", title="t"),
        "charts.d_heatmap": lambda: charts.d_heatmap(coupled, names),
        "charts.lag_scatter": lambda: charts.lag_scatter(coupled, names, x="RR", y="NU", threshold=0.1,
                                                         axis_names=names.systems),
        "charts.lag_counts": lambda: charts.lag_counts(coupled["lagging"].value_counts()),
        "charts.rank_bump": lambda: charts.rank_bump(ranks[ranks["measure"] == "D"], names, title="ranks"),
        "charts.dispersion_lines": lambda: charts.dispersion_lines(disp, names.systems),
        "charts.group_lines": lambda: charts.group_lines(groups[groups["measure"] == "D"], names.groups, ylabel="D",
                                                         title="groups"),
        "charts.dendrogram_with_profiles": lambda: charts.dendrogram_with_profiles(
            tree, [names.region(c) for c in traj.index], clusters, profile.rename("D").reset_index(),
            k=int(clusters["k"].iloc[0])),
        "charts.reference_chart": lambda: charts.reference_chart(series, series.iloc[0:0].assign(bound=[]), years=(2011, 2020)),
        "charts.kde_overlay": lambda: charts.kde_overlay(kde, names.systems),
        "charts.kde_3d": lambda: charts.kde_3d(kde, names.systems),
        "charts.ridgeline": lambda: charts.ridgeline(kde, names.systems),
        "charts.obstacle_ranking": lambda: charts.obstacle_ranking(mean_obstacles, names),
        "charts.system_relationship": lambda: charts.system_relationship(p["w"].assign(indicator=p["w"]["indicator"]),
                                                                         p["dims"], names),
        "charts.policy_timeline": lambda: charts.policy_timeline(
            coupled.groupby("year")["D"].mean(), reference.policy_documents(DEFAULT_DATA_DIR / "reference", 2011, 2020)),
        "charts.heatmap": lambda: charts.heatmap(
            disparity_charts.pair_matrix(pairs, names.groups, measure="D", year=last), title="pairs", colorbar_label="G"),
        "charts.region_heatmap": lambda: charts.region_heatmap(
            dims[dims["year"] == last].pivot(index="region_code", columns="item", values="obstacle_pct"), names, title="o",
            colorbar_label="%"),
        "charts.region_heatmap (grey)": lambda: charts.region_heatmap(
            regional.pivot(index="scope", columns="item", values="grade"), names, title="grey", colorbar_label="g",
            fmt="{:.3f}"),
        "maps.grade_maps": lambda: maps.grade_maps(frame, coupled, years=[2011, 2015, 2020], source="grid"),
        "maps.value_maps": lambda: maps.value_maps(frame, measures[(measures["year"] == last) & (measures["measure"] != "D")]
                                                   .pivot(index="region_code", columns="measure", values="value"),
                                                   titles=names.systems, label="score", source="grid"),
        "maps.moran_over_time": lambda: maps.moran_over_time(moran, names),
        "maps.moran_scatter": lambda: maps.moran_scatter(d, pd.Series(spatial.lag(d, w), index=d.index), names.regions,
                                                             title="m"),
        "maps.category_map": lambda: maps.category_map(
            frame, lisa[lisa["measure"] == "D"].set_index("region_code")["quadrant"], colours=maps.LISA_COLOURS,
            legend={k: k for k in maps.LISA_COLOURS}, title="lisa", source="grid"),
        "maps.centre_track": lambda: maps.centre_track(frame, spatial.with_lonlat(centres)[lambda f: f["measure"] == "D"],
                                                       title="c", source="grid"),
        "disparity_charts.measures_compared": lambda: disparity_charts.measures_compared(dtable, "D"),
        "disparity_charts.dagum_contributions": lambda: disparity_charts.dagum_contributions(dtable, "D"),
        "disparity_charts.group_ginis": lambda: disparity_charts.group_ginis(pairs, names.groups, measure="D"),
        "dynamics_charts.transition_matrix": lambda: dynamics_charts.transition_matrix(chain.counts, chain.probabilities,
                                                                                       bands, title="markov"),
        "dynamics_charts.forecast_fans": lambda: dynamics_charts.forecast_fans(forecasts, names.regions, measure="D"),
        "driver_charts.q_bars": lambda: driver_charts.q_bars(geo, names, title="q"),
        "driver_charts.interaction_matrix": lambda: driver_charts.interaction_matrix(geo_pairs, names, title="pairs"),
        "driver_charts.coefficient_plot": lambda: driver_charts.coefficient_plot(regression, names),
        "robustness_charts.claims_chart": lambda: robustness_charts.claims_chart(list(shown["statement"]), shown["holds"],
                                                                                   total=int(shown["variants_total"].iloc[0])),
        "robustness_charts.agreement_heatmap": lambda: robustness_charts.agreement_heatmap(
            agreement.assign(scope="pooled"), list(dict.fromkeys(variants["variant"])), own=p["own"].name),
        "robustness_charts.weight_intervals": lambda: robustness_charts.weight_intervals(boot, members, names, reps=50),
        "robustness_charts.d_intervals": lambda: robustness_charts.d_intervals(boot, names.regions, year=last),
        "analysis_charts.development_heatmap": lambda: analysis_charts.development_heatmap(types, names, numerator="NU",
                                                                                              denominator="RR"),
        "analysis_charts.centre_tracks": lambda: analysis_charts.centre_tracks(
            frame, {m: centres[centres["measure"] == m] for m in ("RR", "NU")}, names, source="grid"),
        "analysis_charts.lisa_paths": lambda: analysis_charts.lisa_paths(dynamics.moran_scatter(d_wide, w),
                                                                          dynamics.lisa_time_paths(d_wide, w), names),
        "spillover_charts.effects_chart": lambda: spillover_charts.effects_chart(effects, names),
        "spillover_charts.local_coefficients": lambda: spillover_charts.local_coefficients(
            local, pd.DataFrame({"x": x, "y": y}), names),
    }


def legend_sizes(fig) -> list[int]:
    found = [len(legend.get_texts()) for legend in fig.legends]
    found += [len(ax.get_legend().get_texts()) for ax in fig.axes if ax.get_legend() is not None]
    return found


def pixels(fig) -> tuple[int, int]:
    """The size of the PNG that plotting.save_figure writes: the tight box plus its padding, at 300 dpi."""
    box = fig.get_tightbbox(fig.canvas.get_renderer())
    pad = plt.rcParams["savefig.pad_inches"]
    return round((box.width + 2 * pad) * plotting.DPI), round((box.height + 2 * pad) * plotting.DPI)


def test_every_figure_fits_a4_with_300_regions(panel, tmp_path):
    from PIL import Image

    plotting.setup("en")
    drawn = figures(panel)
    functions = {f"{m.__name__.split('.')[-1]}.{name}" for m in FIGURE_MODULES
                 for name, f in inspect.getmembers(m, inspect.isfunction)
                 if f.__module__ == m.__name__ and not name.startswith("_")} - NOT_FIGURES
    assert functions <= {key.split(" ")[0] for key in drawn}, "a figure function without a 300-region check"
    too_big, crowded, warned = {}, {}, {}
    for key, draw in drawn.items():
        with warnings.catch_warnings(record=True) as caught:   # e.g. "Tight layout not applied": labels cut off
            warnings.simplefilter("always")
            fig = draw()
            plotting.add_note(fig, labels.status_label("synthetic-demo", "en"))
        if caught:
            warned[key] = [str(w.message) for w in caught]
        width, height = pixels(fig)
        if key == "charts.d_heatmap":     # once, the computed size against the file written
            png = tmp_path / "d_heatmap.png"
            fig.savefig(png, dpi=plotting.DPI)
            assert abs(Image.open(png).size[0] - width) <= 2 and abs(Image.open(png).size[1] - height) <= 2
        plt.close(fig)
        if not (max(width, height) <= A4_PIXELS[1] and min(width, height) <= A4_PIXELS[0]):
            too_big[key] = (width, height)
        if any(size > selection.LEGEND_MAX for size in legend_sizes(fig)):
            crowded[key] = legend_sizes(fig)
    assert not too_big, too_big
    assert not crowded, crowded
    assert not warned, warned


def test_condensed_rows_name_the_extremes_and_average_the_groups(panel):
    coupled, names = panel["coupled"], panel["names"]
    D = coupled.pivot(index="region_code", columns="year", values="D")
    rows, breaks = selection.condensed_rows(D, D.iloc[:, -1], names.membership, names.groups, names.regions, "others")
    last = D.iloc[:, -1].sort_values(ascending=False)
    assert list(rows.index[:5]) == [names.region(c) for c in last.index[:5]]
    assert list(rows.index[-5:]) == [names.region(c) for c in last.index[-5:]]
    assert len(rows) == 10 + len(set(names.membership.values())) and breaks[0] == 5
    # a group row is the mean of its regions outside the ten named ones
    middle = [c for c in last.index[5:-5]]
    group = names.membership[middle[0]]
    members = [c for c in middle if names.membership[c] == group]
    label = next(i for i in rows.index if i.startswith(f"{names.groups[group]} ("))
    assert rows.loc[label].to_numpy() == pytest.approx(D.loc[members].mean().to_numpy())
    assert label.endswith(f"({len(members)})")
