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
# # 01 · Data cleaning
#
# This section describes how the statistical data were read, checked and completed before any index
# was computed: the rules by which yearbook tables are read, the checks applied to the panel and the
# interpolation of missing values.

# %% [markdown] tags=["lang-zh"]
# # 01 · 数据清洗
#
# 本节说明在计算各项指数之前对统计数据的读取、检查与补全：统计年鉴表格的读取规则、对面板数据的检查以及缺失值的插值填补。

# %% [markdown] tags=["lang-en", "notebook-only"]
# **Files.** Reads `data/raw/<province>/`: `province.toml`, `regions.csv`, `indicators.csv` and
# `panel.csv` (or `panel.xlsx`), exactly as exported from the yearbooks; the raw files are never
# modified. Writes `clean_panel.csv` (region_code, year, indicator, value), `imputation_log.csv` (every
# filled or coerced cell, logged as `linear-interpolation`, `nearest-year`, `thousands-separator` or
# `full-width-characters`) and the figure `01_missing_cells`. Check a data folder before running the
# notebooks with `python -m helpers validate --province <province>`.

# %% [markdown] tags=["lang-zh", "notebook-only"]
# **文件说明**：读取`data/raw/<province>/`下从统计年鉴导出的原始文件：`province.toml`、`regions.csv`、`indicators.csv`与`panel.csv`（或`panel.xlsx`），原始文件不作任何修改。输出`clean_panel.csv`（地区代码、年份、指标、数值）、`imputation_log.csv`（每个被填补或转换的单元格，记为`linear-interpolation`、`nearest-year`、`thousands-separator`或`full-width-characters`）以及图`01_missing_cells`。运行笔记本之前，可用`python -m helpers validate --province <province>`检查数据文件夹。

# %%
from IPython.display import Markdown, display

from helpers import cleaning
from helpers.data import catalog
from helpers.data.paths import province_paths
from helpers.data.validate import load_inputs
from helpers.pipeline.context import open_context
from helpers.presentation import charts, narrative, tables

# %% tags=["parameters"]
province = "qinghai"
data_dir = None   # None: the folders of this project
output_dir = None
language = "en"
options = {}  # method options beyond province.toml [analysis], e.g. {"weighting": "critic"}; a run gives every notebook the same

# %%
inputs = load_inputs(province_paths(province, data_dir, output_dir))
ctx = open_context(province, data_dir, output_dir, language, options, meta=inputs.meta)

# %% [markdown] tags=["lang-en"]
# ## Reading rules
#
# Yearbook exports are not uniform in format. Text files in UTF-8 (with or without BOM) or
# GBK/GB18030 and Excel workbooks are accepted, and the content of every cell is converted by fixed
# rules, without guessing:
#
# | written in the source | read as | recorded as |
# |---|---|---|
# | blank, `—`, `…`, `-`, `NA` | missing, then filled (see *Filling gaps*) | linear interpolation or nearest year |
# | `12,345.6` | 12345.6 | thousands separator removed |
# | full-width `１２３．４` | 123.4 | full-width digits converted |
# | any other text | not accepted: the data are rejected, with the row and column named | — |
#
# Before any computation the complete data set is checked: region codes, years, duplicate rows,
# indicator columns and directions, and constant or empty indicators.
#
# ## Filling gaps
#
# A gap inside a region's series is filled by **linear interpolation** between the nearest observed
# years $a < t < b$:
#
# $$x_t = x_a + (x_b - x_a)\,\frac{t-a}{b-a},$$
#
# and a gap at the start or end of the series takes the value of the **nearest observed year**
# (trends are not extrapolated). Every filled or converted cell is recorded with its original text.

# %% [markdown] tags=["lang-zh"]
# ## 读取规则
#
# 统计年鉴导出数据的格式并不统一。本研究接受UTF-8（含或不含BOM）、GBK/GB18030编码的文本文件及Excel工作簿，并按固定规则转换各数据项，不作任何推测：
#
# | 原始写法 | 读取结果 | 记录方式 |
# |---|---|---|
# | 空白、`—`、`…`、`-`、`NA` | 缺失值，随后填补（见“缺失值填补”） | 线性插值或邻近年份填补 |
# | `12,345.6` | 12345.6 | 去除千位分隔符 |
# | 全角字符`１２３．４` | 123.4 | 全角数字转换 |
# | 其他任何文本 | 不予接受：数据被拒绝并指明所在行列 | — |
#
# 计算之前，对全部数据进行检查，内容包括地区代码、年份、重复行、指标列及其方向，以及取值恒定或全部缺失的指标。
#
# ## 缺失值填补
#
# 地区序列内部的缺失值采用相邻观测年份$a < t < b$之间的**线性插值**填补：
#
# $$x_t = x_a + (x_b - x_a)\,\frac{t-a}{b-a},$$
#
# 序列首尾的缺失值取**最近观测年份**的数值（不外推趋势）。每个被填补或转换的数据均连同其原始写法一并记录。

# %%
clean_wide, fill_log = cleaning.fill_gaps(inputs.panel, inputs.raw_panel)
log = cleaning.imputation_log(fill_log, inputs.coercions)
clean = cleaning.to_long(clean_wide)
ctx.write(clean, catalog.CLEAN_PANEL)
ctx.write(log, catalog.IMPUTATION_LOG)
tables.imputation_table(log, ctx.names)

# %%
fig = charts.missing_cells(cleaning.cell_status(inputs.panel, log), ctx.names.regions, language)
ctx.save(fig, "01_missing_cells")

# %% [markdown] tags=["lang-en"]
# ## Results of the data cleaning

# %% [markdown] tags=["lang-zh"]
# ## 清洗结果

# %%
display(Markdown(narrative.describe_cleaning(log, ctx.names, n_regions=len(ctx.regions), n_years=len(ctx.config.years),
                                             n_indicators=len(ctx.indicators), encoding=inputs.panel_encoding)))

# %%
# Invariants: a complete panel, and every filled cell was missing in the raw file.
assert clean["value"].notna().all()
assert len(clean) == len(ctx.regions) * len(ctx.config.years) * len(ctx.indicators)
filled = log[log["method"].isin(["linear-interpolation", "nearest-year"])]
assert inputs.panel.set_index(["region_code", "year"]).stack(future_stack=True).isna().sum() == len(filled)
