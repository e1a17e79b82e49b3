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
# # 10 · Regional disparity: Gini, Dagum and Theil decompositions
#
# This section measures the disparity of the coupling coordination degree and of the system scores
# across the regions, and decomposes it into disparities within and between the region groups with
# the Dagum Gini coefficient and the Theil index.

# %% [markdown] tags=["lang-zh"]
# # 10 · 地区差异：基尼系数、Dagum与泰尔指数分解
#
# 本节测度耦合协调度及各系统得分的地区差异，并采用Dagum基尼系数与泰尔指数将其分解为区域分组内部与分组之间的差异。

# %% [markdown] tags=["lang-en", "notebook-only"]
# **Files.** Reads `coupling.csv` (notebook 04), `scores.csv` and `dimension_scores.csv` (notebook 03),
# the region groups of `regions.csv` and `province.toml`, and `drivers.csv` when the province has one.
# Writes `disparity.csv` (year, measure, method, component, value, share), `dagum_groups.csv` (year,
# measure, group_a, group_b, G) and `beta_convergence.csv` (measure, kind, beta, se, p, speed,
# half_life, converging, n, regions, undefined), and the figures `10_measures`,
# `10_dagum`, `10_group_gini` and `10_pairs`. Without declared groups only the undecomposed measures
# are computed.

# %% [markdown] tags=["lang-zh", "notebook-only"]
# **文件说明**：读取`coupling.csv`（04笔记本）、`scores.csv`与`dimension_scores.csv`（03笔记本）、`regions.csv`与`province.toml`中的区域分组，以及省份提供的`drivers.csv`。输出`disparity.csv`（年份、测度、方法、分解项、数值、贡献率）、`dagum_groups.csv`（年份、测度、分组a、分组b、G）与`beta_convergence.csv`（测度、类型、β、标准误、p、收敛速度、半衰期、是否收敛、观测数、地区数、未估计原因），以及图`10_measures`、`10_dagum`、`10_group_gini`与`10_pairs`。未声明区域分组时只计算不分解的差异测度。

# %%
import pandas as pd
from IPython.display import Markdown, display

from helpers import comparison, disparity
from helpers.data import catalog
from helpers.pipeline.context import open_context
from helpers.presentation import charts, disparity_charts, labels, narrative, tables

# %% tags=["parameters"]
province = "qinghai"
data_dir = None   # None: the folders of this project
output_dir = None
language = "en"
options = {}  # method options beyond province.toml [analysis], e.g. {"weighting": "critic"}; a run gives every notebook the same

# %%
ctx = open_context(province, data_dir, output_dir, language, options)
names = ctx.names

# %% [markdown] tags=["lang-en"]
# ## Measures of inequality
#
# For the $n$ regional values $y_i$ of a measure in one year, with mean $\bar y$:
#
# - the coefficient of variation $CV = \sigma/\bar y$ (population $\sigma$, as in section 05);
# - the **Gini coefficient** $G = \sum_i\sum_r |y_i - y_r| / (2n^2\bar y)$;
# - the **Theil index** $T = \frac1n\sum_i \frac{y_i}{\bar y}\ln\frac{y_i}{\bar y}$, split over the
#   groups into the between-group part $T_b = \sum_j s_j \ln(s_j/p_j)$ and the within-group part
#   $T_w = T - T_b$ ($p_j = n_j/n$ the group's share of the regions, $s_j = n_j\bar y_j/(n\bar y)$
#   its share of the total).
#
# **Dagum's decomposition** (Dagum 1997) splits $G$ over the groups, ordered by their means: within
# group $j$, $G_{jj} = \sum_i\sum_r |y_{ji}-y_{jr}| / (2n_j^2\bar y_j)$; between groups $j$ and $h$,
# $G_{jh} = \sum_i\sum_r |y_{ji}-y_{hr}| / (n_j n_h(\bar y_j+\bar y_h))$;
#
# $$G = \underbrace{\sum_j G_{jj}p_js_j}_{G_w} + \underbrace{\sum_{j>h} G_{jh}(p_js_h+p_hs_j)D_{jh}}_{G_{nb}}
#     + \underbrace{\sum_{j>h} G_{jh}(p_js_h+p_hs_j)(1-D_{jh})}_{G_t},\qquad D_{jh} = \frac{d_{jh}-p_{jh}}{d_{jh}+p_{jh}},$$
#
# where $d_{jh}$ is the mean amount by which the group with the higher mean exceeds the other over all
# pairs of regions, and $p_{jh}$ (the first-order moment of transvariation) the mean amount by which
# the group with the lower mean exceeds the other: $G_w$ is the inequality within the groups, $G_{nb}$
# the net gap between them and $G_t$ the transvariation, i.e. their overlap. Regions without a group
# are pooled in one group "(no group)"; a group of a single region has $G_{jj} = 0$.

# %% [markdown] tags=["lang-zh"]
# ## 地区差异测度
#
# 设某年某测度$n$个地区的取值为$y_i$，均值为$\bar y$：
#
# - 变异系数$CV = \sigma/\bar y$（$\sigma$为总体标准差，与05节相同）；
# - **基尼系数**$G = \sum_i\sum_r |y_i - y_r| / (2n^2\bar y)$；
# - **泰尔指数**$T = \frac1n\sum_i \frac{y_i}{\bar y}\ln\frac{y_i}{\bar y}$，按分组分解为组间差异$T_b = \sum_j s_j \ln(s_j/p_j)$与组内差异$T_w = T - T_b$（$p_j = n_j/n$为该组地区数占比，$s_j = n_j\bar y_j/(n\bar y)$为该组取值总量占比）。
#
# **Dagum基尼系数分解**（Dagum，1997）将各分组按均值排序：组$j$内的基尼系数$G_{jj} = \sum_i\sum_r |y_{ji}-y_{jr}| / (2n_j^2\bar y_j)$，组$j$与组$h$之间的基尼系数$G_{jh} = \sum_i\sum_r |y_{ji}-y_{hr}| / (n_j n_h(\bar y_j+\bar y_h))$；
#
# $$G = \underbrace{\sum_j G_{jj}p_js_j}_{G_w} + \underbrace{\sum_{j>h} G_{jh}(p_js_h+p_hs_j)D_{jh}}_{G_{nb}}
#     + \underbrace{\sum_{j>h} G_{jh}(p_js_h+p_hs_j)(1-D_{jh})}_{G_t},\qquad D_{jh} = \frac{d_{jh}-p_{jh}}{d_{jh}+p_{jh}},$$
#
# 其中$d_{jh}$为两组所有地区配对中均值较高组超过均值较低组的平均幅度，$p_{jh}$（超变一阶矩）为均值较低组超过均值较高组的平均幅度：$G_w$为组内差异，$G_{nb}$为组间净差异，$G_t$为超变密度（即两组取值的交叉重叠）。未分组的地区合并为“（未分组）”一组；只含一个地区的分组$G_{jj} = 0$。

# %%
measures = comparison.long_measures(ctx.read(catalog.COUPLING), ctx.read(catalog.SCORES), ctx.config.system_ids)
groups = ctx.regions.set_index("region_code")["group"]
table, pairs = disparity.disparity_tables(measures, groups if ctx.config.groups else None)
ctx.write(table, catalog.DISPARITY)
ctx.write(pairs, catalog.DAGUM_GROUPS)
group_sizes = groups.replace("", disparity.NO_GROUP).value_counts()
group_names = {**names.groups, disparity.NO_GROUP: labels.term("no_group", language)}
tables.disparity_table(table, "D", names).round(4)

# %%
# NBVAL_CHECK_OUTPUT
# Key numbers checked by nbval: Gini coefficient of D in every year.
print(table[(table["measure"] == "D") & (table["method"] == "gini")].set_index("year")["value"].round(6).to_string())

# %%
fig = disparity_charts.measures_compared(table, "D", language)
ctx.save(fig, "10_measures")

# %%
decomposed = (table["method"] == "dagum").any()
if decomposed:
    fig = disparity_charts.dagum_contributions(table, "D", language)
    ctx.save(fig, "10_dagum")

# %%
if decomposed:
    fig = disparity_charts.group_ginis(pairs, group_names, measure="D", language=language)
    ctx.save(fig, "10_group_gini")

# %%
if decomposed:
    last = ctx.config.last_year
    matrix = disparity_charts.pair_matrix(pairs, group_names, measure="D", year=last)
    fig = charts.heatmap(matrix, title=labels.term("pair_title", language, year=last), colorbar_label="G", fmt="{:.3f}",
                         cmap="Oranges")
    ctx.save(fig, "10_pairs")

# %% [markdown] tags=["lang-en"]
# ## β-convergence
#
# σ-convergence asks whether the spread narrows; β-convergence asks whether regions that start low
# grow faster. For every measure $x$ (D, the system scores, the dimension scores), with the growth
# $g_{i,t} = \ln(x_{i,t+1}/x_{i,t})$ of region $i$ from year $t$ to $t+1$,
#
# $$\text{absolute: } g_{i,t} = \alpha + \beta \ln x_{i,t} + \varepsilon_{i,t},\qquad
#   \text{conditional: } g_{i,t} = \beta \ln x_{i,t} + \gamma' Z_{i,t} + \mu_i + \eta_t + \varepsilon_{i,t},$$
#
# the conditional model with region and year fixed effects and the external drivers $Z$ as controls
# when the province supplies them. $\beta < 0$ significant means convergence at the speed
# $\lambda = -\ln(1 + \beta)$ per year, with the half-life $\ln 2/\lambda$. Standard errors are
# clustered by region with the small-sample factor of Stata's `vce(cluster)`, and the test uses the
# t distribution with $G - 1$ degrees of freedom for $G$ regions: with 8–13 regions the test has
# little power, and a non-significant β is not evidence of divergence.

# %% [markdown] tags=["lang-zh"]
# ## β收敛
#
# σ收敛考察地区差异是否缩小，β收敛则考察初始水平较低的地区是否增长更快。对每一测度$x$（耦合协调度、各系统得分与各维度得分），记地区$i$由第$t$年至第$t+1$年的增长率为$g_{i,t} = \ln(x_{i,t+1}/x_{i,t})$，设定
#
# $$\text{绝对β收敛：} g_{i,t} = \alpha + \beta \ln x_{i,t} + \varepsilon_{i,t},\qquad
#   \text{条件β收敛：} g_{i,t} = \beta \ln x_{i,t} + \gamma' Z_{i,t} + \mu_i + \eta_t + \varepsilon_{i,t}$$
#
# 条件β收敛模型控制地区与年份固定效应，省份提供外部驱动因素时以其为控制变量$Z$。$\beta$显著为负表明存在收敛，收敛速度为每年$\lambda = -\ln(1 + \beta)$，半衰期为$\ln 2/\lambda$。标准误按地区聚类，小样本校正与Stata的`vce(cluster)`相同，检验采用自由度为$G - 1$的t分布（$G$为地区数）。地区数仅为8～13个时检验功效较低，β不显著并不意味着存在发散。

# %%
dimension_measures = ctx.read(catalog.DIMENSION_SCORES).rename(columns={"dimension": "measure", "score": "value"})
convergence_measures = pd.concat([measures, dimension_measures[["region_code", "year", "measure", "value"]]],
                                 ignore_index=True)
external = ctx.drivers()
controls = external.set_index(["region_code", "year"]) if external is not None else None
convergence = comparison.convergence_table(convergence_measures, controls)
ctx.write(convergence, catalog.BETA_CONVERGENCE)
display(tables.beta_table(convergence, names).round(4))
display(Markdown(narrative.describe_beta_convergence(convergence, names)))

# %% [markdown] tags=["lang-en"]
# ## Interpretation

# %% [markdown] tags=["lang-zh"]
# ## 结果解读

# %%
display(Markdown(narrative.describe_disparity(table, group_sizes, names)))

# %%
# Invariants: Dagum's parts add up to the Gini coefficient, and Theil's to the Theil index.
dagum = table[table["method"] == "dagum"].pivot_table(index=["year", "measure"], columns="component", values="value")
gini = table[table["method"] == "gini"].set_index(["year", "measure"])["value"]
if len(dagum):
    assert ((dagum[["within", "between", "transvariation"]].sum(axis=1) - dagum["total"]).abs() < 1e-12).all()
    assert ((dagum["total"] - gini.reindex(dagum.index)).abs() < 1e-12).all()
    theil = table[table["method"] == "theil"].pivot_table(index=["year", "measure"], columns="component", values="value")
    assert ((theil["within"] + theil["between"] - theil["total"]).abs() < 1e-12).all()
