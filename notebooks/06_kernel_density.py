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
# # 06 · Kernel density: the dynamics of the distribution
#
# **Reads** `coupling.csv` (notebook 04) and `scores.csv` (notebook 03).
#
# **Writes** `kde.csv` (year, measure, x, density, bandwidth); figures `06_kde_overlay`, `06_kde_3d`
# and `06_kde_ridgeline`.

# %%
import pandas as pd
from IPython.display import Markdown, display

from helpers import comparison, density
from helpers.data.config import resolve_options
from helpers.pipeline.context import open_context
from helpers.presentation import charts, narrative
from helpers.presentation.labels import system_names

# %% tags=["parameters"]
province = "qinghai"
data_dir = None
output_dir = None
language = "en"
bandwidth = None  # silverman | scott (None: province.toml)

# %%
ctx = open_context(province, data_dir, output_dir, language)
options = resolve_options(ctx.config, bandwidth=bandwidth)
names = {**system_names(ctx.config, language), "D": "D"}
ctx.banner()

# %% [markdown]
# ## Method
#
# For each year, the $n$ regional values $x_1,\dots,x_n$ of a measure ($D$ and each system score)
# give the Gaussian kernel density
#
# $$\hat f(x) = \frac{1}{nh}\sum_{i=1}^{n}\varphi\!\left(\frac{x-x_i}{h}\right),\qquad
#   \varphi(u) = \frac{1}{\sqrt{2\pi}}e^{-u^2/2},$$
#
# with bandwidth $h = c\,\hat\sigma$ ($\hat\sigma$ the sample standard deviation) and
# $c = (3n/4)^{-1/5}$ (Silverman's rule) or $c = n^{-1/5}$ (Scott's rule). The curve is read for its
# **location** (where the main peak lies), **peak height and width** (how concentrated the regions
# are), **number of peaks** (polarization) and **tails** (regions far ahead or behind).

# %%
measures = comparison.long_measures(ctx.read("coupling.csv"), ctx.read("scores.csv"), ctx.config.system_ids)
n_regions = measures["region_code"].nunique()
if n_regions < density.MIN_REGIONS:
    kde = pd.DataFrame(columns=["year", "measure", "x", "density", "bandwidth"])
    print(f"Only {n_regions} regions: a kernel density across regions is not meaningful; this notebook writes an "
          "empty kde.csv and draws no figure.")
else:
    kde = density.kde_table(measures, options.bandwidth)
    summary = density.shape_summary(kde, measures)
    print(f"bandwidth rule: {options.bandwidth} (h = c·σ̂, c = {density.bandwidth_factor(n_regions, options.bandwidth):.4f} for n = {n_regions})")
ctx.write(kde, "kde.csv", sort_by=["measure", "year", "x"])
if len(kde):
    display(summary.assign(measure=summary["measure"].map(names)).pivot(index="year", columns="measure",
                                                                        values="bandwidth").round(4))

# %%
# NBVAL_CHECK_OUTPUT
# Key numbers checked by nbval: main peak of every measure in the first and last year.
if len(kde):
    print(summary[summary["year"].isin([summary["year"].min(), summary["year"].max()])]
          .set_index(["measure", "year"])[["peak_x", "n_peaks"]].round(4).to_string())

# %%
if len(kde):
    fig = charts.kde_overlay(kde, names, language)
    ctx.save(fig, "06_kde_overlay")

# %%
if len(kde):
    fig = charts.kde_3d(kde, names, language)
    ctx.save(fig, "06_kde_3d")

# %%
if len(kde):
    fig = charts.ridgeline(kde, names, language)
    ctx.save(fig, "06_kde_ridgeline")

# %% [markdown]
# ## Interpretation

# %%
if len(kde):
    display(Markdown(narrative.describe_density(summary, names)))
    display(summary.assign(measure=summary["measure"].map(names)).round(3))

# %%
# Invariants: every density integrates to about 1 over its grid.
if len(kde):
    assert (density.curve_areas(kde) - 1).abs().max() < 0.01
