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
# **Reads** `clean_panel.csv` (notebook 01) and the indicator system of `data/raw/<province>/indicators.csv`.
#
# **Writes** `indicator_system.csv` and `normalized.csv` (region_code, year, indicator, z, z_minmax),
# where `z` is the shifted value that enters the weighting; figure `02_normalized`.

# %% [markdown] tags=["lang-zh"]
# # 02 · 指标体系与标准化
#
# **读取** `clean_panel.csv`（01 笔记本）及 `data/raw/<province>/indicators.csv` 中的指标体系。
#
# **输出** `indicator_system.csv` 与 `normalized.csv`（地区代码、年份、指标、z、z_minmax），其中 `z`
# 为加上平移量后进入赋权计算的数值；图 `02_normalized`。

# %%
from IPython.display import Markdown, display

from helpers import cleaning, weights
from helpers.data import catalog
from helpers.pipeline.context import open_context
from helpers.presentation import charts, narrative, tables

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
# ## The indicator system
#
# Each indicator belongs to one dimension of one system and has a direction: `+` when more is
# better, `-` when less is better (e.g. the Engel coefficient, energy intensity). The yearbook
# table each indicator comes from is listed in `indicators.csv` and explained in `SOURCES.md`.

# %% [markdown] tags=["lang-zh"]
# ## 指标体系
#
# 每项指标隶属于某一系统的某一维度，并有明确的方向：`+` 为正向指标（越大越好），`-` 为逆向指标
# （越小越好，如恩格尔系数、单位 GDP 能耗）。各指标的年鉴出处列于 `indicators.csv`，并在 `SOURCES.md`
# 中说明。

# %%
system = ctx.indicators.rename(columns={"id": "indicator"})[list(catalog.INDICATOR_SYSTEM.columns)]
ctx.write(system, catalog.INDICATOR_SYSTEM)
tables.indicator_system(ctx.indicators, None, ctx.names)

# %% [markdown] tags=["lang-en"]
# ## Min–max normalisation
#
# Indicators have different units, so each is rescaled to $[0, 1]$ over **all regions and years
# together** (pooled), which keeps scores comparable over time:
#
# $$z_{ij} = \frac{x_{ij} - \min_i x_{ij}}{\max_i x_{ij} - \min_i x_{ij}} \;(+),\qquad
#   z_{ij} = \frac{\max_i x_{ij} - x_{ij}}{\max_i x_{ij} - \min_i x_{ij}} \;(-),$$
#
# then $z'_{ij} = z_{ij} + \text{shift}$ so that $\ln p_{ij}$ in the entropy is defined.
# A constant indicator has no scale and is refused by name.

# %% [markdown] tags=["lang-zh"]
# ## 极差标准化
#
# 各指标量纲不同，因此在**全部地区与年份的混合样本**上统一缩放到 $[0, 1]$，使不同年份的得分可比：
#
# $$z_{ij} = \frac{x_{ij} - \min_i x_{ij}}{\max_i x_{ij} - \min_i x_{ij}} \;(+),\qquad
#   z_{ij} = \frac{\max_i x_{ij} - x_{ij}}{\max_i x_{ij} - \min_i x_{ij}} \;(-),$$
#
# 再令 $z'_{ij} = z_{ij} + \text{shift}$（平移量），以保证熵值计算中的 $\ln p_{ij}$ 有意义。
# 取值恒定的指标无法标准化，程序会指名拒绝。

# %%
X = cleaning.to_wide(ctx.read(catalog.CLEAN_PANEL))
Z = weights.normalize(X, ctx.indicators.set_index("id")["direction"].to_dict(), options.shift)
normalized = cleaning.to_long(Z.reset_index(), "z")
normalized["z_minmax"] = normalized["z"] - options.shift
ctx.write(normalized, catalog.NORMALIZED)
print(f"shift = {options.shift:g}; {Z.shape[0]} observations × {Z.shape[1]} indicators")
Z.describe().T[["min", "mean", "max"]].round(4).T

# %%
first, last = ctx.config.first_year, ctx.config.last_year
z_first = Z.xs(first, level="year").rename(index=ctx.names.regions) - options.shift
z_last = Z.xs(last, level="year").rename(index=ctx.names.regions) - options.shift
fig = charts.normalized_heatmaps(z_first, z_last, (str(first), str(last)), language)
ctx.save(fig, "02_normalized")

# %%
display(Markdown(narrative.describe_normalization(normalized.assign(z=normalized["z_minmax"]), first, last, ctx.names)))

# %%
# Invariants: every indicator spans exactly [shift, 1 + shift].
assert (Z.min() - options.shift).abs().max() < 1e-12
assert (Z.max() - (1 + options.shift)).abs().max() < 1e-12
