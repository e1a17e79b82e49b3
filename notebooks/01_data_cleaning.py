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

# %% [markdown]
# # 01 · Data cleaning
#
# **Reads** `data/raw/<province>/`: `province.toml`, `regions.csv`, `indicators.csv` and `panel.csv`
# (or `panel.xlsx`), exactly as exported from the yearbooks. The raw files are never modified.
#
# **Writes** `data/processed/<province>/clean_panel.csv` (region_code, year, indicator, value) and
# `imputation_log.csv` (every filled or coerced cell), and the figure `01_missing_cells`.

# %%
from IPython.display import Markdown, display

from helpers import cleaning
from helpers.data.paths import province_paths
from helpers.data.validate import load_inputs
from helpers.pipeline.context import open_context
from helpers.presentation import charts, narrative
from helpers.presentation.labels import region_names

# %% tags=["parameters"]
province = "qinghai"
data_dir = None
output_dir = None
language = "en"

# %%
inputs = load_inputs(province_paths(province, data_dir, output_dir))
ctx = open_context(province, data_dir, output_dir, language, meta=inputs.meta)
ctx.banner()

# %% [markdown]
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

# %%
clean_wide, fill_log = cleaning.fill_gaps(inputs.panel, inputs.raw_panel)
log = cleaning.imputation_log(fill_log, inputs.coercions)
clean = cleaning.to_long(clean_wide)
ctx.write(clean, "clean_panel.csv", sort_by=["region_code", "year", "indicator"])
ctx.write(log, "imputation_log.csv", sort_by=["region_code", "year", "indicator"])
log_view = log.assign(region=log["region_code"].map(region_names(ctx.regions, language)))
log_view[["region", "year", "indicator", "raw", "value", "method"]]

# %%
fig = charts.missing_cells(cleaning.cell_status(inputs.panel, log), region_names(ctx.regions, language), language)
ctx.save(fig, "01_missing_cells")

# %% [markdown]
# ## What was done

# %%
display(Markdown(narrative.describe_cleaning(len(ctx.regions), len(ctx.config.years), len(ctx.indicators),
                                             log, inputs.panel_encoding)))

# %%
# Invariants: a complete panel, and every filled cell was missing in the raw file.
assert clean["value"].notna().all()
assert len(clean) == len(ctx.regions) * len(ctx.config.years) * len(ctx.indicators)
filled = log[log["method"].isin(["linear-interpolation", "nearest-year"])]
assert inputs.panel.set_index(["region_code", "year"]).stack(future_stack=True).isna().sum() == len(filled)
