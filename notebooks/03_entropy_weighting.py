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
# score) and `dimension_scores.csv`, and the figures `03_weights` and `03_scores`. The method is the
# option `weighting` (`entropy`, `critic`, `equal`, `entropy-critic`) and, for entropy weights, the
# option `entropy_mode` (`pooled`: regions × years; `per-year`), e.g. `-p weighting critic`.

# %% [markdown] tags=["lang-zh", "notebook-only"]
# **文件说明**：读取`normalized.csv`与`indicator_system.csv`（02笔记本）。输出`weights.csv`（系统、维度、指标、熵值、差异系数、权重）、`scores.csv`（地区代码、年份、系统、得分）与`dimension_scores.csv`，以及图`03_weights`与`03_scores`。赋权方法由选项`weighting`（`entropy`、`critic`、`equal`、`entropy-critic`）设定，熵值法的赋权方式由选项`entropy_mode`（`pooled`为全样本，`per-year`为逐年）设定，例如`-p weighting critic`。

# %%
import pandas as pd
from IPython.display import Markdown, display

from helpers import cleaning, weights
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

# %%
system = ctx.read(catalog.INDICATOR_SYSTEM).rename(columns={"indicator": "id"})
Z = cleaning.to_wide(ctx.read(catalog.NORMALIZED), value="z")
w = weights.indicator_weights(Z, system, options.weighting, options.entropy_mode)
dim_scores = weights.dimension_scores(Z, w, system)
scores = weights.system_scores(dim_scores)
ctx.write(w, catalog.WEIGHTS)
ctx.write(scores, catalog.SCORES)
ctx.write(dim_scores, catalog.DIMENSION_SCORES)
chosen = {"weighting": options.weighting}
if options.weighting in ("entropy", "entropy-critic"):
    chosen["entropy_mode"] = options.entropy_mode
head = [labels.term("nb.parameter", language), labels.term("nb.setting", language)]
with pd.option_context("display.max_colwidth", None):   # long option names are not cut
    display(pd.DataFrame(labels.option_rows(chosen, language), columns=head).set_index(head[0]))
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

# %%
# Invariants: weights sum to 1 per system (and year); dimensions add up to the system score.
group = ["system"] + (["year"] if "year" in w.columns else [])
assert (w.groupby(group)["weight"].sum() - 1).abs().max() < 1e-12
total = dim_scores.groupby(["region_code", "year", "system"])["score"].sum()
assert (total - scores.set_index(["region_code", "year", "system"])["score"]).abs().max() < 1e-12
