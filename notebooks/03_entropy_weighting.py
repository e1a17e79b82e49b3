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
# # 03 · Entropy weighting and composite scores
#
# **Reads** `normalized.csv` and `indicator_system.csv` (notebook 02).
#
# **Writes** `weights.csv` (system, dimension, indicator, entropy, divergence, weight),
# `scores.csv` (region_code, year, system, score) and `dimension_scores.csv`; figures `03_weights`
# and `03_scores`.

# %%
from IPython.display import Markdown, display

from helpers import cleaning, weights
from helpers.data.config import resolve_options
from helpers.pipeline.context import open_context
from helpers.presentation import charts, narrative
from helpers.presentation.labels import indicator_names, region_names, system_names, term

# %% tags=["parameters"]
province = "qinghai"
data_dir = None
output_dir = None
language = "en"
weighting = None      # entropy | critic | equal | entropy-critic (None: province.toml)
entropy_mode = None   # pooled | per-year (None: province.toml)

# %%
ctx = open_context(province, data_dir, output_dir, language)
options = resolve_options(ctx.config, weighting=weighting, entropy_mode=entropy_mode)
ctx.banner()

# %% [markdown]
# ## The entropy method
#
# Within each system, with $N$ observations (regions × years in `pooled` mode, regions in
# `per-year` mode) and normalised values $z'_{ij}$:
#
# $$p_{ij} = \frac{z'_{ij}}{\sum_i z'_{ij}},\qquad
#   e_j = -\frac{1}{\ln N}\sum_i p_{ij}\ln p_{ij}\;(0\ln 0 = 0),\qquad
#   d_j = 1 - e_j,\qquad w_j = \frac{d_j}{\sum_j d_j}.$$
#
# An indicator whose values are spread unevenly has a low entropy $e_j$, a high divergence $d_j$
# and therefore a high weight. The composite score of system $s$ and its dimension scores are
#
# $$U_{s,i} = \sum_{j \in s} w_j z'_{ij},\qquad U_{s,k,i} = \sum_{j \in k} w_j z'_{ij},$$
#
# so the dimension scores add up to the system score. Alternatives (`weighting` parameter): CRITIC
# ($w_j \propto \sigma_j \sum_k (1 - r_{jk})$), equal weights, or the mean of entropy and CRITIC.

# %%
system = ctx.read("indicator_system.csv")
Z = cleaning.to_wide(ctx.read("normalized.csv"), value="z")
w = weights.indicator_weights(Z, system.rename(columns={"indicator": "id"}), options.weighting, options.entropy_mode)
dim_scores = weights.dimension_scores(Z, w, system.rename(columns={"indicator": "id"}))
scores = weights.system_scores(dim_scores)
ctx.write(w, "weights.csv")
ctx.write(scores, "scores.csv", sort_by=["region_code", "year", "system"])
ctx.write(dim_scores, "dimension_scores.csv", sort_by=["region_code", "year", "system", "dimension"])
print(f"weighting = {options.weighting}, mode = {options.entropy_mode}, N = {len(Z) if options.entropy_mode == 'pooled' else len(ctx.regions)}")
names = system_names(ctx.config, language)
shares = w.groupby(["system", "dimension"], sort=False)["weight"].sum()
if "year" in w.columns:
    shares = shares / w["year"].nunique()
shares.rename(index=names).round(4).to_frame("dimension weight")

# %%
# NBVAL_CHECK_OUTPUT
# Key numbers checked by nbval: the indicator weights (mean over years in per-year mode).
print(w.groupby("indicator", sort=False)["weight"].mean().round(6).to_string())

# %%
ind_names = indicator_names(ctx.indicators, language)
mean_w = w.groupby(["system", "dimension", "indicator"], sort=False)["weight"].mean().reset_index()
fig = charts.weight_bars(mean_w, names, names, language)
ctx.save(fig, "03_weights")

# %%
fig = charts.trajectories(scores, "score", "system", region_names(ctx.regions, language), names,
                          term("score", language), term("scores_title", language), language)
ctx.save(fig, "03_scores")

# %% [markdown]
# ## Interpretation

# %%
display(Markdown(narrative.describe_weights(w, ind_names, names)))
display(Markdown(narrative.describe_scores(scores, region_names(ctx.regions, language), names)))

# %%
# Invariants: weights sum to 1 per system (and year); dimensions add up to the system score.
group = ["system"] + (["year"] if "year" in w.columns else [])
assert (w.groupby(group)["weight"].sum() - 1).abs().max() < 1e-12
total = dim_scores.groupby(["region_code", "year", "system"])["score"].sum()
assert (total - scores.set_index(["region_code", "year", "system"])["score"]).abs().max() < 1e-12
