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
# # 02 · Indicator system and normalisation
#
# This section presents the evaluation indicator system and the min–max normalisation by which the
# indicators, measured in different units, are made comparable across regions and years.

# %% [markdown] tags=["lang-zh"]
# # 02 · 指标体系与标准化
#
# 本节给出评价指标体系，并采用极差标准化消除各指标量纲的差异，使其在地区之间、年份之间可比。

# %% [markdown] tags=["lang-en", "notebook-only"]
# **Files.** Reads `clean_panel.csv` (notebook 01) and the indicator system of
# `data/raw/<province>/indicators.csv`, where indicators, directions and yearbook sources are edited
# (the sources are explained in `SOURCES.md`). Writes `indicator_system.csv` and `normalized.csv`
# (region_code, year, indicator, z, z_minmax), where `z` is the shifted value that enters the
# weighting, and the figure `02_normalized`. The shift δ is the option `shift` (e.g. `-p shift 0.01`
# on the command line, or `shift` in the `[analysis]` table of `province.toml`).

# %% [markdown] tags=["lang-zh", "notebook-only"]
# **文件说明**：读取`clean_panel.csv`（01笔记本）及`data/raw/<province>/indicators.csv`中的指标体系；指标、方向与年鉴出处在`indicators.csv`中修改，出处说明见`SOURCES.md`。输出`indicator_system.csv`与`normalized.csv`（地区代码、年份、指标、z、z_minmax，其中`z`为加上平移量后进入赋权计算的数值）以及图`02_normalized`。平移量δ由选项`shift`设定（命令行`-p shift 0.01`，或`province.toml`的`[analysis]`表）。

# %%
from IPython.display import Markdown, display

from helpers import cleaning, weights
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
# ## The indicator system
#
# Each indicator belongs to one dimension of one system and has a direction: positive (+) when a
# larger value is better, negative (−) when a smaller value is better (e.g. the Engel coefficient or
# the energy consumption per unit of GDP). The yearbook table from which each indicator is taken is
# recorded with the data.

# %% [markdown] tags=["lang-zh"]
# ## 指标体系
#
# 每项指标隶属于某一系统的某一维度，并具有明确的方向：正向指标（+）取值越大越好，逆向指标（−）取值越小越好（如恩格尔系数、单位地区生产总值能耗）。各指标所依据的统计年鉴表格随数据一并记录。

# %%
system = ctx.indicators[list(catalog.INDICATOR_SYSTEM.columns)]
ctx.write(system, catalog.INDICATOR_SYSTEM)
tables.indicator_system(ctx.indicators, None, ctx.names)

# %% [markdown] tags=["lang-en"]
# ## Min–max normalisation
#
# Because the indicators are measured in different units, each is rescaled to $[0, 1]$ over **all
# regions and years together** (pooled), which keeps the scores comparable over time. For
# observation $i$ (a region-year) and indicator $j$,
#
# $$z_{ij} = \frac{x_{ij} - \min_i x_{ij}}{\max_i x_{ij} - \min_i x_{ij}} \;(+),\qquad
#   z_{ij} = \frac{\max_i x_{ij} - x_{ij}}{\max_i x_{ij} - \min_i x_{ij}} \;(-),$$
#
# and then $z'_{ij} = z_{ij} + \delta$ with a small shift $\delta > 0$, so that $\ln p_{ij}$ in the
# entropy method (section 03) is defined. An indicator that is constant over the panel has no range
# and cannot be normalised; such an indicator is rejected.

# %% [markdown] tags=["lang-zh"]
# ## 极差标准化
#
# 各指标的量纲不同，因此在**全部地区与年份的混合样本**上将其统一缩放到$[0, 1]$，以保证得分在不同年份之间可比。对观测$i$（地区-年份）与指标$j$：
#
# $$z_{ij} = \frac{x_{ij} - \min_i x_{ij}}{\max_i x_{ij} - \min_i x_{ij}} \;(+),\qquad
#   z_{ij} = \frac{\max_i x_{ij} - x_{ij}}{\max_i x_{ij} - \min_i x_{ij}} \;(-),$$
#
# 再令$z'_{ij} = z_{ij} + \delta$（$\delta > 0$为较小的平移量），以保证熵值法（见03节）中的$\ln p_{ij}$有意义。在整个面板中取值恒定的指标没有极差，无法标准化，不予采用。

# %%
X = cleaning.to_wide(ctx.read(catalog.CLEAN_PANEL))
Z = weights.normalize(X, ctx.indicators.set_index("id")["direction"].to_dict(), options.shift)
normalized = cleaning.to_long(Z.reset_index(), "z")
normalized["z_minmax"] = normalized["z"] - options.shift
ctx.write(normalized, catalog.NORMALIZED)
means = Z.mean().rename(index=ctx.names.indicators)
display(tables.parameter_table({"shift": options.shift}, language,
                               extra=[(labels.term("nb.observations", language), str(Z.shape[0])),
                                      (labels.term("nb.indicators", language), str(Z.shape[1]))]))
display(Markdown(labels.text("nb.normalized", language, low=f"{Z.min().min():g}", high=f"{Z.max().max():g}",
                             lowest=means.idxmin(), mean_low=labels.fixed(means.min()),
                             highest=means.idxmax(), mean_high=labels.fixed(means.max()))))

# %%
first, last = ctx.config.first_year, ctx.config.last_year
z_first = Z.xs(first, level="year").rename(index=ctx.names.regions) - options.shift
z_last = Z.xs(last, level="year").rename(index=ctx.names.regions) - options.shift
fig = charts.normalized_heatmaps(z_first, z_last, titles=(str(first), str(last)), language=language)
ctx.save(fig, "02_normalized")

# %%
display(Markdown(narrative.describe_normalization(normalized.assign(z=normalized["z_minmax"]), ctx.names,
                                                  first=first, last=last)))

# %%
# Invariants: every indicator spans exactly [shift, 1 + shift].
assert (Z.min() - options.shift).abs().max() < 1e-12
assert (Z.max() - (1 + options.shift)).abs().max() < 1e-12
