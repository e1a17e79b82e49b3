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
# This section derives the indicator weights from the normalised data and aggregates the indicators
# into dimension scores and a composite score of each system.

# %% [markdown] tags=["lang-zh"]
# # 03 · 指标赋权与综合得分
#
# 本节根据标准化数据确定指标权重，并将各指标加权汇总为各维度得分与各系统的综合得分。

# %% [markdown] tags=["lang-en", "notebook-only"]
# **Files.** Reads `normalized.csv` and `indicator_system.csv` (notebook 02). Writes `weights.csv`
# (system, dimension, indicator, entropy, divergence, weight), `scores.csv` (region_code, year, system,
# score: the composite index of the option `composite`), `dimension_scores.csv` and `topsis.csv`
# (TOPSIS closeness of every system and dimension), and the figures `03_weights` and `03_scores`. The method is the
# option `weighting` (`entropy`, `critic`, `equal`, `entropy-critic`) and, for entropy weights, the
# option `entropy_mode` (`pooled`: regions × years; `per-year`), e.g. `-p weighting critic`.

# %% [markdown] tags=["lang-zh", "notebook-only"]
# **文件说明**：读取`normalized.csv`与`indicator_system.csv`（02笔记本）。输出`weights.csv`（系统、维度、指标、熵值、差异系数、权重）、`scores.csv`（地区代码、年份、系统、得分，即选项`composite`所定的综合指数）、`dimension_scores.csv`与`topsis.csv`（各系统与维度的TOPSIS相对贴近度），以及图`03_weights`与`03_scores`。赋权方法由选项`weighting`（`entropy`、`critic`、`equal`、`entropy-critic`）设定，熵值法的赋权方式由选项`entropy_mode`（`pooled`为全样本，`per-year`为逐年）设定，例如`-p weighting critic`。

# %%
from IPython.display import Markdown, display

from helpers import cleaning, topsis, weights
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
options = ctx.options

# %% [markdown] tags=["lang-en"]
# ## Weighting methods
#
# The weights are computed within each system from the normalised values $z'_{ij}$ of section 02.
# $N$ is the number of observations: all region-years when the weights are estimated on the pooled
# sample, the regions of one year when they are estimated year by year. Four weighting methods are
# considered; the one adopted in this study is given in the parameter table of this section.
#
# **Entropy method**:
#
# $$p_{ij} = \frac{z'_{ij}}{\sum_i z'_{ij}},\qquad
#   e_j = -\frac{1}{\ln N}\sum_i p_{ij}\ln p_{ij}\;(0\ln 0 = 0),\qquad
#   d_j = 1 - e_j,\qquad w_j = \frac{d_j}{\sum_j d_j}.$$
#
# An indicator whose values are spread unevenly has a low entropy $e_j$, a high divergence $d_j$
# and therefore a high weight.
#
# **CRITIC method** (Diakoulaki et al. 1995), which combines contrast intensity and conflict:
# $C_j = \sigma_j \sum_k (1 - r_{jk})$ and $w_j = C_j / \sum_j C_j$, with $\sigma_j$ the standard
# deviation of indicator $j$ and $r_{jk}$ the Pearson correlation between indicators $j$ and $k$.
#
# **Equal weights**: $w_j = 1/m$ for the $m$ indicators of a system. **Combined weights**: the
# arithmetic mean of the entropy and CRITIC weights.
#
# The composite score of system $s$ and the score of its dimension $k$ are
#
# $$U_{s,i} = \sum_{j \in s} w_j z'_{ij},\qquad U_{s,k,i} = \sum_{j \in k} w_j z'_{ij},$$
#
# so that the dimension scores add up to the system score.

# %% [markdown] tags=["lang-zh"]
# ## 赋权方法
#
# 在各系统内部，以02节得到的标准化值$z'_{ij}$计算指标权重。$N$为观测数：全样本统一赋权时为全部地区-年份观测数，逐年赋权时为当年的地区数。本研究考虑四种赋权方法，本文所采用的方法见本节参数表。
#
# **熵值法**：
#
# $$p_{ij} = \frac{z'_{ij}}{\sum_i z'_{ij}},\qquad
#   e_j = -\frac{1}{\ln N}\sum_i p_{ij}\ln p_{ij}\;(0\ln 0 = 0),\qquad
#   d_j = 1 - e_j,\qquad w_j = \frac{d_j}{\sum_j d_j}.$$
#
# 指标取值越不均衡，其信息熵$e_j$越小、差异系数$d_j$越大，权重也越高。
#
# **CRITIC法**（Diakoulaki等，1995）综合考虑指标的对比强度与冲突性：$C_j = \sigma_j \sum_k (1 - r_{jk})$，$w_j = C_j / \sum_j C_j$，其中$\sigma_j$为指标$j$的标准差，$r_{jk}$为指标$j$与$k$的Pearson相关系数。
#
# **等权法**：系统内$m$项指标的权重均为$1/m$。**组合赋权法**：取熵值法与CRITIC法权重的算术平均。
#
# 系统$s$的综合得分及其维度$k$的得分为
#
# $$U_{s,i} = \sum_{j \in s} w_j z'_{ij},\qquad U_{s,k,i} = \sum_{j \in k} w_j z'_{ij},$$
#
# 因此各维度得分之和等于系统综合得分。

# %% [markdown] tags=["lang-en"]
# ## Entropy-TOPSIS closeness
#
# Beside the weighted sum, every system and every dimension is also evaluated by TOPSIS (Hwang and Yoon
# 1981) with the same weights. With the weighted values $v_{ij} = w_j z'_{ij}$, the ideal
# $v_j^{+} = \max_i v_{ij}$ and the anti-ideal $v_j^{-} = \min_i v_{ij}$ are taken either over all
# region-years (pooled ideals, the default) or within each year (yearly ideals), and
#
# $$D_i^{+} = \sqrt{\sum_j \left(v_{ij} - v_j^{+}\right)^2},\qquad
#   D_i^{-} = \sqrt{\sum_j \left(v_{ij} - v_j^{-}\right)^2},\qquad
#   C_i = \frac{D_i^{-}}{D_i^{+} + D_i^{-}} \in [0, 1].$$
#
# Pooled ideals keep the closeness comparable across years; yearly ideals place each region only within
# its year. The composite index of each system used by the coupling model and by all later sections is
# either the weighted sum $U_{s,i}$ (the default) or the closeness $C_i$, as the parameter table of this
# section states. The dimension scores remain weighted sums in either case, because the obstacle
# diagnosis rests on their additivity.
#
# Hwang C L, Yoon K. Multiple Attribute Decision Making: Methods and Applications[M]. Berlin: Springer, 1981.

# %% [markdown] tags=["lang-zh"]
# ## 熵权TOPSIS相对贴近度
#
# 除加权求和外，本文还以相同的权重计算各系统及各维度的TOPSIS相对贴近度（Hwang和Yoon，1981）。记加权标准化值$v_{ij} = w_j z'_{ij}$，正理想解$v_j^{+} = \max_i v_{ij}$与负理想解$v_j^{-} = \min_i v_{ij}$在全部地区-年份中确定（全样本理想解，默认）或逐年确定（逐年理想解），则
#
# $$D_i^{+} = \sqrt{\sum_j \left(v_{ij} - v_j^{+}\right)^2},\qquad
#   D_i^{-} = \sqrt{\sum_j \left(v_{ij} - v_j^{-}\right)^2},\qquad
#   C_i = \frac{D_i^{-}}{D_i^{+} + D_i^{-}} \in [0, 1]$$
#
# 全样本理想解使各年份的贴近度可以相互比较，逐年理想解仅反映地区在当年的相对位置。耦合协调度模型及其后各节所用的系统综合指数为加权求和指数$U_{s,i}$（默认）或相对贴近度$C_i$，以本节参数表为准。无论采用何种综合指数，维度得分均为加权求和，因为障碍度诊断以其可加性为前提。
#
# Hwang C L, Yoon K. Multiple Attribute Decision Making: Methods and Applications[M]. Berlin: Springer, 1981.

# %%
system = ctx.read(catalog.INDICATOR_SYSTEM)
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
chosen = {"weighting": options.weighting}
if options.weighting in ("entropy", "entropy-critic"):
    chosen["entropy_mode"] = options.entropy_mode
chosen.update(composite=options.composite, topsis_ideals=options.topsis_ideals)
display(tables.parameter_table(chosen, language))
tables.weight_shares(w, ctx.names).round(4)

# %%
# NBVAL_CHECK_OUTPUT
# Key numbers checked by nbval: the indicator weights (mean over years in per-year mode).
print(w.groupby("indicator", sort=False)["weight"].mean().round(6).to_string())

# %%
mean_w = w.groupby(["system", "dimension", "indicator"], sort=False)["weight"].mean().reset_index()
fig = charts.weight_bars(mean_w, ctx.names.systems, ctx.names.systems, language=language)
ctx.save(fig, "03_weights")

# %%
fig = charts.trajectories(scores, ctx.names, value="score", panels="system", panel_titles=ctx.names.systems,
                          ylabel=labels.term("score", language), title=labels.term("scores_title", language))
ctx.save(fig, "03_scores")

# %% [markdown] tags=["lang-en"]
# ## Interpretation

# %% [markdown] tags=["lang-zh"]
# ## 结果解读

# %%
display(Markdown(narrative.describe_weights(w, ctx.names, weighting=options.weighting,
                                            entropy_mode=options.entropy_mode)))
display(Markdown(narrative.describe_scores(scores, ctx.names)))
display(Markdown(narrative.describe_topsis(closeness, weighted_sums, ctx.names, composite=options.composite)))

# %%
# Invariants: weights sum to 1 per system (and year); dimensions add up to the system score.
group = ["system"] + (["year"] if "year" in w.columns else [])
assert (w.groupby(group)["weight"].sum() - 1).abs().max() < 1e-12
total = dim_scores.groupby(["region_code", "year", "system"])["score"].sum()
assert (total - weighted_sums.set_index(["region_code", "year", "system"])["score"]).abs().max() < 1e-12
assert closeness["closeness"].between(0, 1).all()
