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
# # 06 · Kernel density: the dynamics of the distribution
#
# This section describes how the distribution of the coupling coordination degree and of the system
# scores across the regions has changed over the study period, by kernel density estimation.

# %% [markdown] tags=["lang-zh"]
# # 06 · 核密度估计：分布的动态演进
#
# 本节采用核密度估计，刻画研究期内耦合协调度及各系统得分在地区间分布的动态演进。

# %% [markdown] tags=["lang-en", "notebook-only"]
# **Files.** Reads `coupling.csv` (notebook 04) and `scores.csv` (notebook 03). Writes `kde.csv`
# (year, measure, x, density, bandwidth) and the figures `06_kde_overlay`, `06_kde_3d` and
# `06_kde_ridgeline`. Options: `bandwidth` (`silverman`, `scott`) and `kde_boundary` (`reflect`,
# `none`). With fewer regions than the method needs, an empty `kde.csv` is written and no figure is
# drawn.

# %% [markdown] tags=["lang-zh", "notebook-only"]
# **文件说明**：读取`coupling.csv`（04笔记本）与`scores.csv`（03笔记本）。输出`kde.csv`（年份、测度、x、密度、带宽）以及图`06_kde_overlay`、`06_kde_3d`与`06_kde_ridgeline`。选项：`bandwidth`（`silverman`、`scott`）与`kde_boundary`（`reflect`、`none`）。地区数不足时输出空的`kde.csv`，不绘制图形。

# %%
import pandas as pd
from IPython.display import Markdown, display

from helpers import comparison, density
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
# ## Method
#
# For each year, the $n$ regional values $x_1,\dots,x_n$ of a measure ($D$ and each system score)
# give the Gaussian kernel density
#
# $$\hat f(x) = \frac{1}{nh}\sum_{i=1}^{n}\varphi\!\left(\frac{x-x_i}{h}\right),\qquad
#   \varphi(u) = \frac{1}{\sqrt{2\pi}}e^{-u^2/2},$$
#
# with bandwidth $h = c\,\hat\sigma$ ($\hat\sigma$ the sample standard deviation) and
# $c = (3n/4)^{-1/5}$ (Silverman's rule) or $c = n^{-1/5}$ (Scott's rule). $D$ and the scores lie
# in $[0, 1]$, and a plain estimate would place probability below 0 and above 1. A reflection at both
# bounds, $\hat f_R(x) = \hat f(x) + \hat f(-x) + \hat f(2-x)$ on $[0, 1]$ (Silverman 1986),
# corrects this, so that the estimate integrates to one on $[0, 1]$. The bandwidth rule adopted and
# whether the boundary correction is applied are given in the parameter table of this section. A density curve is read for its
# **location** (where the main peak lies), its **peak height and width** (how concentrated the
# regions are), its **number of peaks** (polarization) and its **tails** (regions far ahead or far
# behind). With few regions a density is a smoothed picture of a few points: its overall shape, not
# its fine detail, carries information.

# %% [markdown] tags=["lang-zh"]
# ## 方法
#
# 对每一年，某一测度（$D$及各系统得分）的$n$个地区取值$x_1,\dots,x_n$的高斯核密度估计为
#
# $$\hat f(x) = \frac{1}{nh}\sum_{i=1}^{n}\varphi\!\left(\frac{x-x_i}{h}\right),\qquad
#   \varphi(u) = \frac{1}{\sqrt{2\pi}}e^{-u^2/2},$$
#
# 其中带宽$h = c\,\hat\sigma$（$\hat\sigma$为样本标准差），Silverman法则取$c = (3n/4)^{-1/5}$，Scott法则取$c = n^{-1/5}$。$D$与各得分取值于$[0, 1]$，普通核密度估计会在0以下和1以上分配概率；在两端作反射修正，即在$[0, 1]$上取$\hat f_R(x) = \hat f(x) + \hat f(-x) + \hat f(2-x)$（Silverman，1986），可使估计在$[0, 1]$上的积分为1。本文采用的带宽法则及是否作边界修正见本节参数表。解读核密度曲线时关注其**位置**（主峰所在）、**峰高与宽度**（地区的集中程度）、**峰的个数**（极化特征）以及**拖尾**（明显领先或落后的地区）。地区数量较少时，核密度曲线只是少数观测点的平滑图像，应关注其总体形态而非细节。

# %%
measures = comparison.long_measures(ctx.read(catalog.COUPLING), ctx.read(catalog.SCORES), ctx.config.system_ids)
n_regions = measures["region_code"].nunique()
if n_regions < density.MIN_REGIONS:
    kde = pd.DataFrame(columns=list(catalog.KDE.columns))
    display(Markdown(labels.text("nb.few_regions_density", language, n=n_regions)))
else:
    kde = density.kde_table(measures, options.bandwidth, boundary=options.kde_boundary)
    summary = density.shape_summary(kde, measures)
    display(tables.parameter_table({"bandwidth": options.bandwidth, "kde_boundary": options.kde_boundary}, language,
                                   extra=[(labels.term("nb.bandwidth_factor", language, n=n_regions),
                                           labels.fixed(density.bandwidth_factor(n_regions, options.bandwidth), 4))]))
ctx.write(kde, catalog.KDE)
if len(kde):
    display(tables.bandwidth_table(summary, names).round(4))

# %%
# NBVAL_CHECK_OUTPUT
# Key numbers checked by nbval: main peak of every measure in the first and last year.
if len(kde):
    print(summary[summary["year"].isin([summary["year"].min(), summary["year"].max()])]
          .set_index(["measure", "year"])[["peak_x", "n_peaks"]].round(4).to_string())

# %%
if len(kde):
    fig = charts.kde_overlay(kde, names.systems, language)
    ctx.save(fig, "06_kde_overlay")

# %%
if len(kde):
    fig = charts.kde_3d(kde, names.systems, language)
    ctx.save(fig, "06_kde_3d")

# %%
if len(kde):
    fig = charts.ridgeline(kde, names.systems, language)
    ctx.save(fig, "06_kde_ridgeline")

# %% [markdown] tags=["lang-en"]
# ## Interpretation

# %% [markdown] tags=["lang-zh"]
# ## 结果解读

# %%
if len(kde):
    display(Markdown(narrative.describe_density(summary, names, bandwidth=options.bandwidth,
                                                boundary=options.kde_boundary)))
    display(tables.density_table(summary, names).round(3))

# %%
# Invariants: every density integrates to about 1 over its grid.
if len(kde):
    assert (density.curve_areas(kde) - 1).abs().max() < 0.01
