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
# # 08 · Grey relational analysis of the driving factors
#
# **Reads** `scores.csv`, `dimension_scores.csv`, `weights.csv` (notebook 03), `coupling.csv`
# (notebook 04) and `normalized.csv` (notebook 02).
#
# **Writes** `grey_relational.csv` (scope, reference, level, item, grade, rank); figures
# `08_grey_province` and `08_grey_regions`.

# %%
from IPython.display import Markdown, display

from helpers import grey
from helpers.data.config import resolve_options
from helpers.pipeline.context import open_context
from helpers.presentation import charts, narrative, tables
from helpers.presentation.labels import (
                             in_declared_order,
                             indicator_names,
                             region_names,
                             system_names,
                             term,
)

# %% tags=["parameters"]
province = "qinghai"
data_dir = None
output_dir = None
language = "en"
grey_rho = None            # distinguishing coefficient ρ in (0, 1] (None: province.toml)
grey_dimensionless = None  # mean | initial | minmax | none (None: province.toml)

# %%
ctx = open_context(province, data_dir, output_dir, language)
options = resolve_options(ctx.config, grey_rho=grey_rho, grey_dimensionless=grey_dimensionless)
labels = region_names(ctx.regions, language)
names = {**system_names(ctx.config, language), "D": "D", **indicator_names(ctx.indicators, language)}
ctx.banner()

# %% [markdown]
# ## Deng's grey relational analysis
#
# The **reference sequence** $x_0(k)$ is a composite index over the years $k$ (each system's score,
# and $D$); the **comparison sequences** $x_i(k)$ are its dimensions, then its indicators (for $D$:
# those of every system). After a dimensionless transformation (default: divide each sequence by its
# mean; alternatives: by its first value, min–max, none),
#
# $$\Delta_i(k) = |x_0(k) - x_i(k)|,\qquad
#   \xi_i(k) = \frac{\min_i\min_k\Delta_i(k) + \rho\max_i\max_k\Delta_i(k)}{\Delta_i(k) + \rho\max_i\max_k\Delta_i(k)},\qquad
#   r_i = \frac1n\sum_k \xi_i(k),$$
#
# with distinguishing coefficient $\rho = 0.5$. The grade $r_i \in (0, 1]$ ranks the factors by how
# closely their time paths follow the reference. It is computed for every region and for the
# provincial mean sequences. Indicators enter as their normalised values $z'$ (direction-adjusted,
# so a falling negative indicator counts as progress).

# %%
table = grey.driving_factors(ctx.read("scores.csv"), ctx.read("dimension_scores.csv"), ctx.read("coupling.csv"),
                             ctx.read("normalized.csv"), ctx.read("weights.csv"), options.grey_rho, options.grey_dimensionless)
ctx.write(table, "grey_relational.csv", sort_by=["scope", "reference", "level", "rank", "item"])
print(f"ρ = {options.grey_rho:g}, dimensionless transform: {options.grey_dimensionless}")
province_table = table[table["scope"] == "province"]
tables.grey_dimension_table(table, ctx.config, names, language).round(4)

# %%
fig = charts.heatmap(tables.grey_dimension_table(table, ctx.config, names, language).T, term("grey", language) + (" · 全省均值序列" if language == "zh" else " · provincial mean"),
                     term("grey", language), fmt="{:.3f}")
ctx.save(fig, "08_grey_province")

# %%
# NBVAL_CHECK_OUTPUT
# Key numbers checked by nbval: grades of the dimensions against D (provincial mean sequences).
print(province_table[(province_table["reference"] == "D") & (province_table["level"] == "dimension")]
      .set_index("item")["grade"].round(6).to_string())

# %%
regional = table[(table["scope"] != "province") & (table["reference"] == "D") & (table["level"] == "dimension")]
matrix = in_declared_order(regional.pivot(index="scope", columns="item", values="grade"), ctx.config, "columns")
fig = charts.heatmap(matrix.rename(index=labels, columns=names), term("grey", language) + " · D", term("grey", language), fmt="{:.3f}")
ctx.save(fig, "08_grey_regions")

# %% [markdown]
# ## Driving factors

# %%
display(Markdown(narrative.describe_grey(province_table, names)))
top_indicators = province_table[(province_table["level"] == "indicator") & (province_table["rank"] <= 5)]
top_indicators.assign(item=top_indicators["item"].map(names)).pivot(index="rank", columns="reference", values="item")

# %%
# Invariants: grades in (0, 1]; ranks start at 1 for every scope, reference and level.
assert table["grade"].between(0, 1, inclusive="right").all()
assert table.groupby(["scope", "reference", "level"])["rank"].min().eq(1).all()
