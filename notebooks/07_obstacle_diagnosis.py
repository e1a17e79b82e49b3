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
# # 07 · Obstacle diagnosis
#
# **Reads** `normalized.csv` (notebook 02) and `weights.csv` (notebook 03).
#
# **Writes** `obstacles.csv` (region_code, year, system, level = indicator | dimension, item,
# obstacle_pct); figures `07_obstacle_ranking`, `07_dimension_obstacles` and `07_region_dimensions`.

# %%
from IPython.display import Markdown, display

from helpers import cleaning, obstacle
from helpers.pipeline.context import open_context
from helpers.presentation import charts, narrative, tables
from helpers.presentation.labels import (
    in_declared_order,
    indicator_names,
    region_names,
    system_names,
    term,
)

# %% tags=["parameters"]
province = "qinghai"
data_dir = None
output_dir = None
language = "en"
top_n = 5  # obstacles listed per region

# %%
ctx = open_context(province, data_dir, output_dir, language)
labels = region_names(ctx.regions, language)
names = system_names(ctx.config, language)
ind_names = indicator_names(ctx.indicators, language)
ctx.banner()

# %% [markdown]
# ## The obstacle degree model
#
# Within each system, for region-year $i$ and indicator $j$:
#
# - factor contribution $F_j = w_j$ (the indicator's entropy weight, notebook 03),
# - deviation $I_{ij} = 1 - z_{ij}$ ($z_{ij}$ the min–max normalised value, 1 = the best observation
#   of the panel),
# - obstacle degree $O_{ij} = \dfrac{F_j I_{ij}}{\sum_j F_j I_{ij}} \times 100\,\%$.
#
# The obstacle degrees of one region-year and system add up to 100 %; a dimension's obstacle degree
# is the sum over its indicators. An indicator with a large weight and a poor value is a large obstacle.

# %%
Z = cleaning.to_wide(ctx.read("normalized.csv"), value="z_minmax")
table = obstacle.obstacle_table(Z, ctx.read("weights.csv"))
ctx.write(table, "obstacles.csv")
for r in obstacle.unobstructed(table, Z, ctx.config.system_ids).itertuples():
    print(f"{labels[r.region_code]} {r.year} is the best observation on every {names[r.system]} indicator: no obstacle.")
first, last = ctx.config.first_year, ctx.config.last_year
for system in ctx.config.system_ids:
    for year in (first, last):
        top = obstacle.top_obstacles(table[(table["year"] == year) & (table["system"] == system)], top_n)
        display(Markdown(f"**{names[system]}, {year}**"), tables.top_obstacle_table(top, labels, names, language))

# %%
mean_obstacles = table[table["level"] == "indicator"].groupby(["system", "item"], sort=False)["obstacle_pct"].mean().reset_index()
fig = charts.obstacle_ranking(mean_obstacles, ind_names, names, n=10, language=language)
ctx.save(fig, "07_obstacle_ranking")

# %%
# NBVAL_CHECK_OUTPUT
# Key numbers checked by nbval: the three largest province-wide obstacles of each system.
print(mean_obstacles.sort_values("obstacle_pct", ascending=False).groupby("system", sort=False).head(3)
      .round(4).to_string(index=False))

# %%
dims = table[table["level"] == "dimension"]
over_time = tables.dimension_obstacles(table, ctx.config, names, language)
fig = charts.heatmap(over_time, term("obstacle", language) + (" · 全省均值" if language == "zh" else " · provincial mean"),
                     term("obstacle", language))
ctx.save(fig, "07_dimension_obstacles")

# %%
by_region = in_declared_order(dims[dims["year"] == last].pivot(index="region_code", columns="item", values="obstacle_pct"),
                              ctx.config, "columns")
fig = charts.heatmap(by_region.rename(index=labels, columns=names), term("obstacle", language) + f" · {last}",
                     term("obstacle", language))
ctx.save(fig, "07_region_dimensions")

# %% [markdown]
# ## Interpretation

# %%
display(Markdown(narrative.describe_obstacles(table, ind_names | names, names)))

# %%
# Invariants: indicator obstacles of a region-year-system sum to 100; dimensions are their sums.
sums = table[table["level"] == "indicator"].groupby(["region_code", "year", "system"])["obstacle_pct"].sum()
assert ((sums - 100).abs() < 1e-9).all()
dim_sums = dims.groupby(["region_code", "year", "system"])["obstacle_pct"].sum()
assert ((dim_sums - 100).abs() < 1e-9).all()
