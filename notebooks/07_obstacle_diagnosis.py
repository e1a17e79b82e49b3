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

# %% [markdown] tags=["lang-en"]
# # 07 · Obstacle diagnosis
#
# This section identifies the indicators and dimensions that hold back each system, with the
# obstacle degree model.

# %% [markdown] tags=["lang-zh"]
# # 07 · 障碍因子诊断
#
# 本节运用障碍度模型，识别制约各系统发展的主要指标与维度。

# %% [markdown] tags=["lang-en", "notebook-only"]
# **Files.** Reads `normalized.csv` (notebook 02) and `weights.csv` (notebook 03). Writes
# `obstacles.csv` (region_code, year, system, level = indicator | dimension, item, obstacle_pct) and
# the figures `07_obstacle_ranking`, `07_dimension_obstacles` and `07_region_dimensions`. The number
# of obstacles listed per region is the option `top_n`.

# %% [markdown] tags=["lang-zh", "notebook-only"]
# **文件说明**：读取`normalized.csv`（02笔记本）与`weights.csv`（03笔记本）。输出`obstacles.csv`（地区代码、年份、系统、层级（指标或维度）、因子、障碍度）以及图`07_obstacle_ranking`、`07_dimension_obstacles`与`07_region_dimensions`。每个地区列出的障碍因子数由选项`top_n`设定。

# %%
from IPython.display import Markdown, display

from helpers import cleaning, obstacle
from helpers.data import catalog
from helpers.pipeline.context import open_context
from helpers.presentation import charts, labels, narrative, tables

# %% tags=["parameters"]
province = "qinghai"
data_dir = None   # None: the folders of this project
output_dir = None
language = "en"
options = {}  # method options beyond province.toml [analysis], e.g. {"weighting": "critic"}; a run gives every notebook the same

# %%
ctx = open_context(province, data_dir, output_dir, language, options)
options, names = ctx.options, ctx.names

# %% [markdown] tags=["lang-en"]
# ## The obstacle degree model
#
# Within each system, for region-year $i$ and indicator $j$:
#
# - the factor contribution $F_j = w_j$, the weight of the indicator from section 03;
# - the deviation $I_{ij} = 1 - z_{ij}$, with $z_{ij}$ the min–max normalised value (1 = the best
#   observation of the panel);
# - the obstacle degree $O_{ij} = \dfrac{F_j I_{ij}}{\sum_j F_j I_{ij}} \times 100\,\%$.
#
# The obstacle degrees of one region-year and system add up to 100 %; the obstacle degree of a
# dimension is the sum over its indicators. An indicator with a large weight and a poor value is a
# large obstacle.

# %% [markdown] tags=["lang-zh"]
# ## 障碍度模型
#
# 在各系统内部，对地区-年份$i$与指标$j$：
#
# - 因子贡献度$F_j = w_j$，即03节所得的指标权重；
# - 指标偏离度$I_{ij} = 1 - z_{ij}$，$z_{ij}$为极差标准化值（1为全样本最优观测）；
# - 障碍度$O_{ij} = \dfrac{F_j I_{ij}}{\sum_j F_j I_{ij}} \times 100\,\%$。
#
# 同一地区-年份同一系统各指标的障碍度之和为100%；维度的障碍度为其所含指标障碍度之和。权重大且表现差的指标构成主要障碍因子。

# %%
Z = cleaning.to_wide(ctx.read(catalog.NORMALIZED), value="z_minmax")
w = ctx.read(catalog.WEIGHTS)
table = obstacle.obstacle_table(Z, w)
ctx.write(table, catalog.OBSTACLES)
for line in tables.unobstructed_notes(obstacle.unobstructed(table, Z, ctx.config.system_ids), names):
    display(Markdown(line))
first, last = ctx.config.first_year, ctx.config.last_year
for system in ctx.config.system_ids:
    for year in (first, last):
        top = obstacle.top_obstacles(table[(table["year"] == year) & (table["system"] == system)], options.top_n)
        heading = labels.term("nb.system_year", language, system=names.item(system), year=year)
        display(Markdown(f"**{heading}**"), tables.top_obstacle_table(top, names))

# %%
mean_obstacles = table[table["level"] == "indicator"].groupby(["system", "item"], sort=False)["obstacle_pct"].mean().reset_index()
fig = charts.obstacle_ranking(mean_obstacles, names, n=10)
ctx.save(fig, "07_obstacle_ranking")

# %%
# NBVAL_CHECK_OUTPUT
# Key numbers checked by nbval: the three largest province-wide obstacles of each system.
print(mean_obstacles.sort_values("obstacle_pct", ascending=False).groupby("system", sort=False).head(3)
      .round(4).to_string(index=False))

# %%
dims = table[table["level"] == "dimension"]
over_time = tables.dimension_obstacles(table, ctx.config, names)
fig = charts.heatmap(over_time, title=labels.term("obstacle_province", language), colorbar_label=labels.term("obstacle", language))
ctx.save(fig, "07_dimension_obstacles")

# %%
by_region = labels.in_declared_order(dims[dims["year"] == last].pivot(index="region_code", columns="item", values="obstacle_pct"),
                                     ctx.config, "columns")
fig = charts.region_heatmap(by_region.rename(columns=names.systems), names,
                            title=labels.term("obstacle_year", language, year=last),
                            colorbar_label=labels.term("obstacle", language))
ctx.save(fig, "07_region_dimensions")

# %% [markdown] tags=["lang-en"]
# ## Interpretation

# %% [markdown] tags=["lang-zh"]
# ## 结果解读

# %%
display(Markdown(narrative.describe_obstacles(table, names, weighting=options.weighting,
                                              entropy_mode=options.entropy_mode)))

# %%
# Invariants: indicator obstacles of a region-year-system sum to 100; dimensions are their sums.
sums = table[table["level"] == "indicator"].groupby(["region_code", "year", "system"])["obstacle_pct"].sum()
assert ((sums - 100).abs() < 1e-9).all()
dim_sums = dims.groupby(["region_code", "year", "system"])["obstacle_pct"].sum()
assert ((dim_sums - 100).abs() < 1e-9).all()
