# ---
# jupyter:
#   jupytext:
#     formats: ipynb,py:percent
#     text_representation:
#       extension: .py
#       format_name: percent
#       format_version: '1.3'
#       jupytext_version: 1.19.6
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% [markdown]
# # 05 · Regional comparison
#
# **Reads** `coupling.csv` (notebook 04), `scores.csv` (notebook 03), `regions.csv` and the sourced
# facts of `data/raw/reference/`.
#
# **Writes** `ranking.csv`, `dispersion.csv`, `clusters.csv`, `group_means.csv` and
# `reference_urbanization.csv`; figures `05_ranking`, `05_dispersion`, `05_groups`, `05_clusters` and
# `05_reference_urbanization`.

# %%
from IPython.display import Markdown, display

from helpers import comparison
from helpers.data import reference
from helpers.pipeline.context import open_context
from helpers.presentation import charts, narrative, tables
from helpers.presentation.labels import group_names, region_names, system_names, term

# %% tags=["parameters"]
province = "qinghai"
data_dir = None
output_dir = None
language = "en"
cluster_k = None  # None: the k with the highest silhouette among 2 … min(6, regions − 1)

# %%
ctx = open_context(province, data_dir, output_dir, language)
labels = region_names(ctx.regions, language)
names = {**system_names(ctx.config, language), "D": "D"}
ctx.banner()

# %% [markdown]
# ## Rankings
#
# Every region is ranked each year by the coupling coordination degree $D$ and by each system score
# (1 = highest), and compared with the provincial mean (the unweighted mean over regions).

# %%
measures = comparison.long_measures(ctx.read("coupling.csv"), ctx.read("scores.csv"), ctx.config.system_ids)
ranks = comparison.ranking(measures)
ctx.write(ranks, "ranking.csv")
changes = comparison.rank_changes(ranks)
tables.rank_change_table(changes, "D", labels, language)

# %%
fig = charts.rank_bump(ranks[ranks["measure"] == "D"], labels, term("ranking", language) + " · D", language)
ctx.save(fig, "05_ranking")

# %%
display(Markdown(narrative.describe_ranking(changes, labels)))

# %% [markdown]
# ## Region groups
#
# Mean $D$ of the region groups declared in `province.toml` (`[groups]`, and the `group` column of
# `regions.csv`).

# %%
groups = comparison.group_means(measures, ctx.regions)
ctx.write(groups, "group_means.csv")
if groups.empty:
    print("No region groups are declared for this province.")
else:
    gnames = group_names(ctx.config, language)
    fig = charts.group_lines(groups[groups["measure"] == "D"], gnames, "D", "D · " + term("region", language), language)
    ctx.save(fig, "05_groups")
    display(groups[groups["measure"] == "D"].assign(group=lambda f: f["group"].map(gnames))
            .pivot(index="group", columns="year", values="mean").round(3))

# %% [markdown]
# ## Dispersion and σ-convergence
#
# For each year, over the $n$ regions: $\mu = \frac1n\sum_i x_i$,
# $\sigma = \sqrt{\frac1n\sum_i (x_i-\mu)^2}$ (population standard deviation: the regions are the
# whole province, not a sample), the coefficient of variation $CV = \sigma/\mu$ and the ratio
# $\max_i x_i / \min_i x_i$. **σ-convergence** means the CV falls over time; the trend is the
# least-squares slope of the CV on the year.

# %%
disp = comparison.dispersion(measures)
ctx.write(disp, "dispersion.csv", sort_by=["measure", "year"])
convergence = comparison.sigma_convergence(disp)
tables.cv_table(disp, names).round(4)

# %%
# NBVAL_CHECK_OUTPUT
# Key numbers checked by nbval: the coefficient of variation of every measure in the last year.
print(disp[disp["year"] == disp["year"].max()].set_index("measure")["cv"].round(6).to_string())

# %%
fig = charts.dispersion_lines(disp, names, language)
ctx.save(fig, "05_dispersion")

# %%
display(Markdown(narrative.describe_dispersion(convergence, names)))

# %% [markdown]
# ## Clusters of regions
#
# Each region is described by its trajectories of $D$ and of the system scores (one feature per
# measure and year), each feature standardised over the regions ($z$-score). Ward's hierarchical
# clustering merges at each step the two clusters whose union increases the within-cluster sum of
# squares least. The number of clusters $k$ maximises the mean **silhouette**
# $s_i = (b_i - a_i)/\max(a_i, b_i)$, where $a_i$ is the mean distance of region $i$ to its own
# cluster and $b_i$ to the nearest other cluster. k-means with the same $k$ (fixed seed, 25 starts)
# checks that the partition is stable. Clusters are numbered from the highest mean $D$ (1).

# %%
X = comparison.standardized_trajectories(measures, list(names))
mean_d = measures[measures["measure"] == "D"].groupby("region_code")["value"].mean()
if len(X) < 3:
    clusters = None
    print(f"Only {len(X)} regions: clustering is not meaningful; skipped.")
else:
    clusters, silhouettes, tree = comparison.cluster_regions(X, mean_d, k=cluster_k)
    agreement = comparison.adjusted_rand_index(clusters["cluster"], clusters["kmeans_cluster"])
    ctx.write(clusters.assign(mean_D=clusters["region_code"].map(mean_d)), "clusters.csv", sort_by=["cluster", "region_code"])
    display(silhouettes.round(4).set_index("k").T)
    profile = measures[measures["measure"] == "D"].merge(clusters, on="region_code").groupby(["cluster", "year"])["value"].mean()
    fig = charts.dendrogram_with_profiles(tree, [labels[c] for c in X.index], clusters, profile.rename("D").reset_index(),
                                          int(clusters["k"].iloc[0]), language)
    ctx.save(fig, "05_clusters")
    display(Markdown(narrative.describe_clusters(clusters, silhouettes, mean_d, labels, agreement)))

# %% [markdown]
# ## Reference chart: urbanization of the focus region, the province and China
#
# Published facts only (`data/raw/reference/`, each with its source). The two NBS bases — as
# published in the annual communiqués and as revised after the 2020 census — are separate lines;
# census values are stars; years without a published value are gaps and are never filled in.
# The synthetic panel is **not** used here.

# %%
series = reference.urbanization_reference(ctx.paths.reference, ctx.config, ctx.regions)
bounds = reference.urbanization_bounds(ctx.paths.reference, series["area_zh"].unique().tolist())
ctx.write(series, "reference_urbanization.csv")
years = (min(ctx.config.first_year, int(series["year"].min())), max(ctx.config.last_year, 2020))
fig = charts.reference_chart(series[series["year"].between(*years)], bounds, years, language)
ctx.save(fig, "05_reference_urbanization")

# %%
missing = reference.missing_areas(series, ctx.config, ctx.regions, language)
display(Markdown(narrative.describe_reference(series[series["year"].between(*years)], bounds, missing, language)))
series[["area", "year", "value", "basis", "source"]]

# %%
# Invariants: ranks are 1 … n each year; the CV is σ/μ; clusters cover every region once.
n = len(ctx.regions)
assert ranks.groupby(["year", "measure"])["rank"].min().eq(1).all() and ranks["rank"].max() <= n
assert ((disp["cv"] - disp["std"] / disp["mean"]).abs() < 1e-12).all()
assert clusters is None or sorted(clusters["region_code"]) == sorted(ctx.regions["region_code"])
