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
# **Reads** `data/raw/<province>/`: `province.toml`, `regions.csv`, `indicators.csv` and `panel.csv`
# (or `panel.xlsx`), exactly as exported from the yearbooks. The raw files are never modified.
#
# **Writes** `clean_panel.csv` (region_code, year, indicator, value) and `imputation_log.csv` (every
# filled or coerced cell), and the figure `01_missing_cells`.

# %% [markdown] tags=["lang-zh"]
# # 01 · 数据清洗
#
# **读取** `data/raw/<province>/` 下从统计年鉴导出的原始文件：`province.toml`、`regions.csv`、
# `indicators.csv` 与 `panel.csv`（或 `panel.xlsx`）。原始文件始终保持不变。
#
# **输出** `clean_panel.csv`（地区代码、年份、指标、数值）、`imputation_log.csv`（每个被填补或转换的
# 单元格）以及图 `01_missing_cells`。

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
data_dir = None
output_dir = None
language = "en"
options = {}  # method options beyond province.toml [analysis], e.g. {"weighting": "critic"}; a run gives every notebook the same

# %%
inputs = load_inputs(province_paths(province, data_dir, output_dir))
ctx = open_context(province, data_dir, output_dir, language, options, meta=inputs.meta)
ctx.banner()

# %% [markdown] tags=["lang-en"]
# ## Reading rules
#
# Yearbook exports are messy. The reader accepts UTF-8 (with or without BOM) and GBK/GB18030 text
# and Excel workbooks, and converts without guessing:
#
# | written in the file | read as | logged as |
# |---|---|---|
# | blank, `—`, `…`, `-`, `NA` | missing, then filled (below) | `linear-interpolation` / `nearest-year` |
# | `12,345.6` | 12345.6 | `thousands-separator` |
# | full-width `１２３．４` | 123.4 | `full-width-characters` |
# | any other text | refused: the run stops and names the row and column | — |
#
# Before anything is computed, the whole folder is checked (`python -m helpers validate`): region
# codes, years, duplicate rows, indicator columns, directions, constant or empty indicators.
#
# ## Filling gaps
#
# A gap inside a region's series is filled by **linear interpolation** between the nearest observed
# years $a < t < b$:
#
# $$x_t = x_a + (x_b - x_a)\,\frac{t-a}{b-a},$$
#
# and a gap at the start or end of the series takes the value of the **nearest observed year**
# (trends are not extrapolated). Every filled cell is logged.

# %% [markdown] tags=["lang-zh"]
# ## 读取规则
#
# 年鉴导出数据往往不规范。读取程序接受 UTF-8（含或不含 BOM）、GBK/GB18030 编码文本及 Excel 工作簿，
# 并按以下规则转换，不作任何猜测：
#
# | 文件中的写法 | 读取结果 | 记录方式 |
# |---|---|---|
# | 空白、`—`、`…`、`-`、`NA` | 缺失值，随后填补（见下文） | `linear-interpolation` / `nearest-year` |
# | `12,345.6` | 12345.6 | `thousands-separator` |
# | 全角 `１２３．４` | 123.4 | `full-width-characters` |
# | 其他任何文本 | 拒绝读取：运行终止并指明所在行列 | — |
#
# 计算开始之前，整个数据文件夹先经过检查（`python -m helpers validate`）：地区代码、年份、重复行、
# 指标列、指标方向以及常数列或空列。
#
# ## 缺失值填补
#
# 地区序列内部的缺失值采用相邻观测年份 $a < t < b$ 之间的**线性插值**填补：
#
# $$x_t = x_a + (x_b - x_a)\,\frac{t-a}{b-a},$$
#
# 序列首尾的缺失值取**最近观测年份**的数值（不外推趋势）。每个被填补的单元格均有记录。

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
# ## What was done

# %% [markdown] tags=["lang-zh"]
# ## 清洗结果

# %%
display(Markdown(narrative.describe_cleaning(len(ctx.regions), len(ctx.config.years), len(ctx.indicators),
                                             log, inputs.panel_encoding, ctx.names)))

# %%
# Invariants: a complete panel, and every filled cell was missing in the raw file.
assert clean["value"].notna().all()
assert len(clean) == len(ctx.regions) * len(ctx.config.years) * len(ctx.indicators)
filled = log[log["method"].isin(["linear-interpolation", "nearest-year"])]
assert inputs.panel.set_index(["region_code", "year"]).stack(future_stack=True).isna().sum() == len(filled)
