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
# # 03 · Weighting and composite scores
#
# **Reads** `normalized.csv` and `indicator_system.csv` (notebook 02).
#
# **Writes** `weights.csv` (system, dimension, indicator, entropy, divergence, weight),
# `scores.csv` (region_code, year, system, score: the composite index chosen by `composite`),
# `dimension_scores.csv` and `topsis.csv` (TOPSIS closeness); figures `03_weights` and `03_scores`.

# %% [markdown] tags=["lang-zh"]
# # 03 · 指标赋权与综合得分
#
# **读取** `normalized.csv` 与 `indicator_system.csv`（02 笔记本）。
#
# **输出** `weights.csv`（系统、维度、指标、熵值、差异系数、权重）、`scores.csv`（地区代码、年份、
# 系统、得分，即`composite`所定的综合指数）、`dimension_scores.csv`与`topsis.csv`（TOPSIS相对贴近度）；
# 图`03_weights`与`03_scores`。

# %%
from IPython.display import Markdown, display

from helpers import cleaning, topsis, weights
from helpers.data import catalog
from helpers.pipeline.context import open_context
from helpers.presentation import charts, labels, narrative, tables

# %% tags=["parameters"]
province = "qinghai"
data_dir = None
output_dir = None
language = "en"
options = {}  # method options beyond province.toml [analysis], e.g. {"weighting": "critic"}; a run gives every notebook the same

# %%
ctx = open_context(province, data_dir, output_dir, language, options)
options = ctx.options
ctx.banner()

# %% [markdown] tags=["lang-en"]
# ## Weighting methods
#
# Weights are computed within each system from the normalised values $z'_{ij}$ of notebook 02, with
# $N$ observations (regions × years when the weights are `pooled`, regions when they are computed
# `per-year`). The `weighting` option chooses the method; the run's choice is printed below.
#
# **Entropy method** (`entropy`):
#
# $$p_{ij} = \frac{z'_{ij}}{\sum_i z'_{ij}},\qquad
#   e_j = -\frac{1}{\ln N}\sum_i p_{ij}\ln p_{ij}\;(0\ln 0 = 0),\qquad
#   d_j = 1 - e_j,\qquad w_j = \frac{d_j}{\sum_j d_j}.$$
#
# An indicator whose values are spread unevenly has a low entropy $e_j$, a high divergence $d_j$
# and therefore a high weight.
#
# **CRITIC** (`critic`, Diakoulaki et al. 1995): contrast and conflict,
# $C_j = \sigma_j \sum_k (1 - r_{jk})$ and $w_j = C_j / \sum_j C_j$, with $\sigma_j$ the standard
# deviation of indicator $j$ and $r_{jk}$ the Pearson correlation between indicators $j$ and $k$.
#
# **Equal weights** (`equal`): $w_j = 1/m$ for the $m$ indicators of a system. **Combined**
# (`entropy-critic`): the mean of the entropy and CRITIC weights.
#
# The composite score of system $s$ and its dimension scores are
#
# $$U_{s,i} = \sum_{j \in s} w_j z'_{ij},\qquad U_{s,k,i} = \sum_{j \in k} w_j z'_{ij},$$
#
# so the dimension scores add up to the system score.

# %% [markdown] tags=["lang-zh"]
# ## 赋权方法
#
# 在各系统内部，以 02 笔记本得到的标准化值 $z'_{ij}$ 计算权重。观测数 $N$ 在全样本统一赋权（`pooled`）
# 时为地区数 × 年数，在逐年赋权（`per-year`）时为地区数。赋权方法由 `weighting` 选项确定，本次运行所用
# 方法见下方输出。
#
# **熵值法**（`entropy`）：
#
# $$p_{ij} = \frac{z'_{ij}}{\sum_i z'_{ij}},\qquad
#   e_j = -\frac{1}{\ln N}\sum_i p_{ij}\ln p_{ij}\;(0\ln 0 = 0),\qquad
#   d_j = 1 - e_j,\qquad w_j = \frac{d_j}{\sum_j d_j}.$$
#
# 指标取值越不均衡，其信息熵 $e_j$ 越小、差异系数 $d_j$ 越大，权重也越高。
#
# **CRITIC 法**（`critic`，Diakoulaki 等，1995）：综合对比强度与冲突性，
# $C_j = \sigma_j \sum_k (1 - r_{jk})$，$w_j = C_j / \sum_j C_j$，其中 $\sigma_j$ 为指标 $j$ 的标准差，
# $r_{jk}$ 为指标 $j$ 与 $k$ 的 Pearson 相关系数。
#
# **等权法**（`equal`）：系统内 $m$ 项指标的权重均为 $1/m$。**组合赋权**（`entropy-critic`）：熵值法与
# CRITIC 法权重的算术平均。
#
# 系统 $s$ 的综合得分及其维度得分为
#
# $$U_{s,i} = \sum_{j \in s} w_j z'_{ij},\qquad U_{s,k,i} = \sum_{j \in k} w_j z'_{ij},$$
#
# 因此各维度得分之和等于系统综合得分。

# %% [markdown] tags=["lang-en"]
# ## Entropy-TOPSIS closeness
#
# Beside the weighted sum, every system and every dimension is scored by TOPSIS (Hwang and Yoon 1981)
# with the same weights. With the weighted values $v_{ij} = w_j z'_{ij}$, the ideal
# $v_j^{+} = \max_i v_{ij}$ and the anti-ideal $v_j^{-} = \min_i v_{ij}$ (over all region-years when
# `topsis_ideals` is `pooled`, within each year when it is `per-year`),
#
# $$D_i^{+} = \sqrt{\sum_j \left(v_{ij} - v_j^{+}\right)^2},\qquad
#   D_i^{-} = \sqrt{\sum_j \left(v_{ij} - v_j^{-}\right)^2},\qquad
#   C_i = \frac{D_i^{-}}{D_i^{+} + D_i^{-}} \in [0, 1].$$
#
# Pooled ideals keep the closeness comparable across years; per-year ideals place each region only
# within its year. When `composite` is `topsis`, $C_i$ replaces $U_{s,i}$ as the composite index of
# each system in the coupling model and in every later analysis; the dimension scores remain weighted
# sums, because the obstacle diagnosis rests on their additivity.
#
# Hwang C L, Yoon K. *Multiple Attribute Decision Making: Methods and Applications*. Berlin: Springer, 1981.

# %% [markdown] tags=["lang-zh"]
# ## 熵权TOPSIS相对贴近度
#
# 除加权求和外，本文以相同的权重计算各系统及各维度的TOPSIS相对贴近度（Hwang和Yoon，1981）。记加权
# 标准化值 $v_{ij} = w_j z'_{ij}$，正理想解 $v_j^{+} = \max_i v_{ij}$，负理想解 $v_j^{-} = \min_i v_{ij}$
# （`topsis_ideals`取`pooled`时在全部地区-年份中确定，取`per-year`时逐年确定），则
#
# $$D_i^{+} = \sqrt{\sum_j \left(v_{ij} - v_j^{+}\right)^2},\qquad
#   D_i^{-} = \sqrt{\sum_j \left(v_{ij} - v_j^{-}\right)^2},\qquad
#   C_i = \frac{D_i^{-}}{D_i^{+} + D_i^{-}} \in [0, 1].$$
#
# 全样本理想解使各年份的贴近度可以比较；逐年理想解仅反映地区在当年的相对位置。`composite`取`topsis`时，
# 以$C_i$代替$U_{s,i}$作为各系统的综合指数，用于耦合协调度模型及其后的各项分析；维度得分仍采用加权求和，
# 因为障碍度诊断以其可加性为前提。
#
# Hwang C L, Yoon K. Multiple Attribute Decision Making: Methods and Applications[M]. Berlin: Springer, 1981.

# %%
system = ctx.read(catalog.INDICATOR_SYSTEM).rename(columns={"indicator": "id"})
Z = cleaning.to_wide(ctx.read(catalog.NORMALIZED), value="z")
w = weights.indicator_weights(Z, system, options.weighting, options.entropy_mode)
dim_scores = weights.dimension_scores(Z, w, system)
weighted_sums = weights.system_scores(dim_scores)
closeness = topsis.closeness_table(Z, w, system, options.topsis_ideals)
scores = weighted_sums if options.composite == "weighted-sum" else topsis.as_scores(closeness)
ctx.write(w, catalog.WEIGHTS)
ctx.write(scores, catalog.SCORES)
ctx.write(dim_scores, catalog.DIMENSION_SCORES)
ctx.write(closeness, catalog.TOPSIS)
print(f"weighting = {options.weighting}, entropy_mode = {options.entropy_mode}")
tables.weight_shares(w, ctx.names).round(4)

# %%
# NBVAL_CHECK_OUTPUT
# Key numbers checked by nbval: the indicator weights (mean over years in per-year mode).
print(w.groupby("indicator", sort=False)["weight"].mean().round(6).to_string())

# %%
mean_w = w.groupby(["system", "dimension", "indicator"], sort=False)["weight"].mean().reset_index()
fig = charts.weight_bars(mean_w, ctx.names.systems, ctx.names.systems, language)
ctx.save(fig, "03_weights")

# %%
fig = charts.trajectories(scores, "score", "system", ctx.names, ctx.names.systems,
                          labels.term("score", language), labels.term("scores_title", language), language)
ctx.save(fig, "03_scores")

# %% [markdown] tags=["lang-en"]
# ## Interpretation

# %% [markdown] tags=["lang-zh"]
# ## 结果解读

# %%
display(Markdown(narrative.describe_weights(w, ctx.names, options.weighting, options.entropy_mode)))
display(Markdown(narrative.describe_scores(scores, ctx.names)))
display(Markdown(narrative.describe_topsis(closeness, weighted_sums, options.composite, ctx.names)))

# %%
# Invariants: weights sum to 1 per system (and year); dimensions add up to the system score.
group = ["system"] + (["year"] if "year" in w.columns else [])
assert (w.groupby(group)["weight"].sum() - 1).abs().max() < 1e-12
total = dim_scores.groupby(["region_code", "year", "system"])["score"].sum()
assert (total - weighted_sums.set_index(["region_code", "year", "system"])["score"]).abs().max() < 1e-12
assert closeness["closeness"].between(0, 1).all()
