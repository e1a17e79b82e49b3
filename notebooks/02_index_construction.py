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
# # 02 · Indicator system and normalisation
#
# **Reads** `clean_panel.csv` (notebook 01) and the indicator system of `data/raw/<province>/indicators.csv`.
#
# **Writes** `indicator_system.csv` and `normalized.csv` (region_code, year, indicator, z, z_minmax),
# where `z` is the shifted value that enters the entropy; figure `02_normalized`.

# %%
from IPython.display import Markdown, display

from helpers import cleaning, weights
from helpers.data.config import resolve_options
from helpers.pipeline.context import open_context
from helpers.presentation import charts, narrative
from helpers.presentation.labels import indicator_names, region_names, system_names

# %% tags=["parameters"]
province = "qinghai"
data_dir = None
output_dir = None
language = "en"
shift = None  # None: the value of province.toml [analysis]

# %%
ctx = open_context(province, data_dir, output_dir, language)
options = resolve_options(ctx.config, shift=shift)
ctx.banner()

# %% [markdown]
# ## The indicator system
#
# Each indicator belongs to one dimension of one system and has a direction: `+` when more is
# better, `-` when less is better (e.g. the Engel coefficient, energy intensity). The yearbook
# table each indicator comes from is listed in `indicators.csv` and explained in `SOURCES.md`.

# %%
system = ctx.indicators.rename(columns={"id": "indicator"})[
    ["indicator", "system", "dimension", "name", "name_zh", "unit", "direction"]]
ctx.write(system, "indicator_system.csv")
names = system_names(ctx.config, language)
view = system.assign(system=system["system"].map(names), dimension=system["dimension"].map(names))
view.set_index(["system", "dimension", "indicator"])[["name_zh" if language == "zh" else "name", "unit", "direction"]]

# %% [markdown]
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

# %%
clean = ctx.read("clean_panel.csv")
X = cleaning.to_wide(clean)
Z = weights.normalize(X, ctx.indicators.set_index("id")["direction"].to_dict(), options.shift)
normalized = cleaning.to_long(Z.reset_index(), "z")
normalized["z_minmax"] = normalized["z"] - options.shift
ctx.write(normalized, "normalized.csv", sort_by=["region_code", "year", "indicator"])
print(f"shift = {options.shift:g}; {Z.shape[0]} observations × {Z.shape[1]} indicators")
Z.describe().T[["min", "mean", "max"]].round(4).T

# %%
first, last = ctx.config.first_year, ctx.config.last_year
labels = region_names(ctx.regions, language)
z_first = Z.xs(first, level="year").rename(index=labels) - options.shift
z_last = Z.xs(last, level="year").rename(index=labels) - options.shift
fig = charts.normalized_heatmaps(z_first, z_last, (str(first), str(last)), language)
ctx.save(fig, "02_normalized")

# %%
display(Markdown(narrative.describe_normalization(normalized.assign(z=normalized["z_minmax"]), first, last,
                                                  indicator_names(ctx.indicators, language))))

# %%
# Invariants: every indicator spans exactly [shift, 1 + shift].
assert (Z.min() - options.shift).abs().max() < 1e-12
assert (Z.max() - (1 + options.shift)).abs().max() < 1e-12
