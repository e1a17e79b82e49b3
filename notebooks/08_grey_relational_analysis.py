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
# # 08 · Grey relational analysis of the driving factors
#
# This section ranks the dimensions and indicators by how closely their time paths follow the
# composite scores and the coupling coordination degree, with Deng's grey relational analysis.

# %% [markdown] tags=["lang-zh"]
# # 08 · 驱动因素的灰色关联分析
#
# 本节运用邓氏灰色关联分析，依据各维度与指标的时间序列同综合得分及耦合协调度序列的接近程度，对其进行排序。

# %% [markdown] tags=["lang-en", "notebook-only"]
# **Files.** Reads `scores.csv`, `dimension_scores.csv`, `weights.csv` (notebook 03), `coupling.csv`
# (notebook 04) and `normalized.csv` (notebook 02). Writes `grey_relational.csv` (scope, reference,
# level, item, grade, rank) and the figures `08_grey_province` and `08_grey_regions`. Options:
# `grey_rho` (ρ, 0.5 by default) and `grey_dimensionless` (`mean`, `initial`, `minmax`, `none`).

# %% [markdown] tags=["lang-zh", "notebook-only"]
# **文件说明**：读取`scores.csv`、`dimension_scores.csv`、`weights.csv`（03笔记本）、`coupling.csv`（04笔记本）与`normalized.csv`（02笔记本）。输出`grey_relational.csv`（范围、参考序列、层级、因素、关联度、排名）以及图`08_grey_province`与`08_grey_regions`。选项：`grey_rho`（分辨系数ρ，默认0.5）与`grey_dimensionless`（`mean`、`initial`、`minmax`、`none`）。

# %%
import pandas as pd
from IPython.display import Markdown, display

from helpers import grey
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
# ## Deng's grey relational analysis
#
# The **reference sequence** $x_0(k)$ is a composite index over the years $k$ (the score of each
# system, and $D$); the **comparison sequences** $x_i(k)$ are its dimensions, then its indicators
# (for $D$: those of every system). After a dimensionless transformation (each sequence divided by
# its mean or by its first value, min–max scaled, or left as it is),
#
# $$\Delta_i(k) = |x_0(k) - x_i(k)|,\qquad
#   \xi_i(k) = \frac{\min_i\min_k\Delta_i(k) + \rho\max_i\max_k\Delta_i(k)}{\Delta_i(k) + \rho\max_i\max_k\Delta_i(k)},\qquad
#   r_i = \frac1n\sum_k \xi_i(k),$$
#
# with the distinguishing coefficient $\rho \in (0, 1]$. The grey relational grade $r_i \in (0, 1]$
# ranks the factors by how closely their time paths follow the reference. It is computed for every
# region and for the sequences of the provincial mean. Indicators enter as their normalised values
# $z'$, adjusted for direction, so that a falling negative indicator counts as progress. The value
# of $\rho$ and the transformation adopted are given in the parameter table of this section.

# %% [markdown] tags=["lang-zh"]
# ## 邓氏灰色关联分析
#
# **参考序列**$x_0(k)$为按年份$k$排列的综合指数（各系统得分及$D$）；**比较序列**$x_i(k)$依次为其各维度与各指标（$D$对应全部系统的维度与指标）。经无量纲化处理（均值化、初值化、极差标准化或不作变换）后，
#
# $$\Delta_i(k) = |x_0(k) - x_i(k)|,\qquad
#   \xi_i(k) = \frac{\min_i\min_k\Delta_i(k) + \rho\max_i\max_k\Delta_i(k)}{\Delta_i(k) + \rho\max_i\max_k\Delta_i(k)},\qquad
#   r_i = \frac1n\sum_k \xi_i(k),$$
#
# 其中$\rho \in (0, 1]$为分辨系数。灰色关联度$r_i \in (0, 1]$依据各因素时间路径与参考序列的接近程度对其排序，分别对每个地区及全省均值序列计算。指标以按方向处理后的标准化值$z'$进入计算，逆向指标下降即视为进步。本文采用的分辨系数与无量纲化方法见本节参数表。

# %%
table = grey.driving_factors(ctx.read(catalog.SCORES), ctx.read(catalog.DIMENSION_SCORES), ctx.read(catalog.COUPLING),
                             ctx.read(catalog.NORMALIZED), ctx.read(catalog.WEIGHTS), options.grey_rho,
                             options.grey_dimensionless)
ctx.write(table, catalog.GREY_RELATIONAL)
display(tables.parameter_table({"grey_rho": options.grey_rho, "grey_dimensionless": options.grey_dimensionless},
                               language))
province_table = table[table["scope"] == "province"]
grades = tables.grey_dimension_table(table, ctx.config, names)
display(grades.map(lambda v: "—" if pd.isna(v) else labels.fixed(v, 4)))
if grades.isna().to_numpy().any():
    display(Markdown(labels.text("nb.grey_dash", language)))

# %%
fig = charts.heatmap(tables.grey_dimension_table(table, ctx.config, names).T, title=labels.term("grey_province", language),
                     colorbar_label=labels.term("grey", language), fmt="{:.3f}")
ctx.save(fig, "08_grey_province")

# %%
# NBVAL_CHECK_OUTPUT
# Key numbers checked by nbval: grades of the dimensions against D (provincial mean sequences).
print(province_table[(province_table["reference"] == "D") & (province_table["level"] == "dimension")]
      .set_index("item")["grade"].round(6).to_string())

# %%
regional = table[(table["scope"] != "province") & (table["reference"] == "D") & (table["level"] == "dimension")]
matrix = labels.in_declared_order(regional.pivot(index="scope", columns="item", values="grade"), ctx.config, "columns")
fig = charts.region_heatmap(matrix.rename(columns=names.systems), names, title=labels.term("grey_regions", language),
                            colorbar_label=labels.term("grey", language), fmt="{:.3f}")
ctx.save(fig, "08_grey_regions")

# %% [markdown] tags=["lang-en"]
# ## Driving factors

# %% [markdown] tags=["lang-zh"]
# ## 驱动因素

# %%
display(Markdown(narrative.describe_grey(province_table, names, rho=options.grey_rho,
                                         dimensionless=options.grey_dimensionless)))
tables.top_grey_indicators(province_table, names, 5)

# %%
# Invariants: grades in (0, 1]; ranks start at 1 for every scope, reference and level.
assert table["grade"].between(0, 1, inclusive="right").all()
assert table.groupby(["scope", "reference", "level"])["rank"].min().eq(1).all()
