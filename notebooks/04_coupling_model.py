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
# # 04 · Coupling coordination degree
#
# **Reads** `scores.csv`, `dimension_scores.csv` and `weights.csv` (notebook 03).
#
# **Writes** `coupling.csv` (region_code, year, one column per subsystem, C, T, D, grade,
# grade_label, grade_label_zh, lag_type, relative_development); figures `04_d_heatmap`,
# `04_d_trajectories` and `04_lag`.

# %%
import pandas as pd
from IPython.display import Markdown, display

from helpers import coupling
from helpers.data.config import resolve_options
from helpers.pipeline.context import open_context
from helpers.presentation import charts, narrative, tables
from helpers.presentation.labels import lag_label, region_names, system_names, term

# %% tags=["parameters"]
province = "qinghai"
data_dir = None
output_dir = None
language = "en"
coupling_formula = None   # standard | wang | fan (None: province.toml)
system_weights = None     # e.g. [0.5, 0.5]: the α of T (None: province.toml, else equal)
lag_threshold = None      # |U1 − U2| at or below which the systems count as synchronous

# %%
ctx = open_context(province, data_dir, output_dir, language)
options = resolve_options(ctx.config, coupling_formula=coupling_formula, system_weights=system_weights,
                          lag_threshold=lag_threshold)
ctx.banner()

# %% [markdown]
# ## The model
#
# For $n$ subsystems with indices $U_1,\dots,U_n$ (the system scores; a province with a single
# system couples its dimensions, each rescaled to $[0,1]$ by dividing its score by its share of the
# weights):
#
# $$C = \frac{n\,(\prod_k U_k)^{1/n}}{\sum_k U_k},\qquad T = \sum_k \alpha_k U_k,\qquad D = \sqrt{C\,T}.$$
#
# For two systems $C = 2\sqrt{U_1U_2}/(U_1+U_2)$. $C$ measures how balanced the subsystems are,
# $T$ how developed they are together, and $D$ combines both. Variants (`coupling_formula`):
# `wang` (Wang et al. 2021, *J. Natural Resources* 36(3)),
# $C=\sqrt{[1-\sum_{i<j}|U_i-U_j|/\sum_{m=1}^{n-1}m]\,[\prod_k U_k/\max U]^{1/(n-1)}}$, and
# `fan` (Fan et al. 2024), $C = 1 - 2\sigma(U)$.
#
# | D | grade | | D | grade |
# |---|---|---|---|---|
# | [0, 0.1) | 1 extreme imbalance 极度失调 | | [0.5, 0.6) | 6 barely coordinated 勉强协调 |
# | [0.1, 0.2) | 2 severe imbalance 严重失调 | | [0.6, 0.7) | 7 primary coordination 初级协调 |
# | [0.2, 0.3) | 3 moderate imbalance 中度失调 | | [0.7, 0.8) | 8 intermediate coordination 中级协调 |
# | [0.3, 0.4) | 4 mild imbalance 轻度失调 | | [0.8, 0.9) | 9 good coordination 良好协调 |
# | [0.4, 0.5) | 5 on the verge of imbalance 濒临失调 | | [0.9, 1.0] | 10 high-quality coordination 优质协调 |
#
# **Lag type**: when $|U_1 - U_2| \le$ `lag_threshold` the systems develop synchronously; otherwise the
# smaller one lags. The relative development degree $U_1/U_2$ is reported beside it (for more than
# two subsystems: $\min U / \max U$ and the smallest subsystem lags).

# %%
U = coupling.subsystem_indices(ctx.read("scores.csv"), ctx.read("dimension_scores.csv"), ctx.read("weights.csv"),
                               ctx.config.system_ids)
result = coupling.coupling_table(U, options.system_weights, options.coupling_formula, options.lag_threshold)
ctx.write(result, "coupling.csv", sort_by=["region_code", "year"])
print(f"formula = {options.coupling_formula}, α = {options.system_weights or 'equal'}, "
      f"lag threshold = {options.lag_threshold:g}, subsystems = {', '.join(U.columns)}")
labels = region_names(ctx.regions, language)
tables.by_region_and_year(result, "D", labels, language).round(3)

# %%
# NBVAL_CHECK_OUTPUT
# Key numbers checked by nbval: D of every region in the last year.
last = result["year"].max()
print(result[result["year"] == last].set_index("region_code")["D"].round(4).to_string())

# %%
fig = charts.d_heatmap(result, labels, language)
ctx.save(fig, "04_d_heatmap")

# %%
fig = charts.trajectories(result, "D", None, labels, None, "D", term("d_trajectories", language), language)
ctx.save(fig, "04_d_trajectories")

# %%
names = system_names(ctx.config, language)
if U.shape[1] == 2:
    fig = charts.lag_scatter(result, U.columns[0], U.columns[1], options.lag_threshold, names, labels, language)
else:
    counts = result["lag_type"].value_counts().rename(index=lambda t: lag_label(t, ctx.config, language))
    fig = charts.lag_counts(counts, language)
ctx.save(fig, "04_lag")

# %% [markdown]
# ## Interpretation

# %%
lag_names = {t: lag_label(t, ctx.config, language) for t in result["lag_type"].unique()}
display(Markdown(narrative.describe_coupling(result, labels, lag_names)))
tables.coupling_year(result, last, list(U.columns), labels, names, ctx.config, language).round(3)

# %%
# Invariants: C and D in [0, 1] (up to the shift), D = sqrt(C T), grades match D.
assert result["C"].between(0, 1 + 1e-9).all() and result["D"].between(0, 1.001).all()
assert ((result["D"] ** 2 - result["C"] * result["T"]).abs() < 1e-12).all()
assert (result["grade"] == pd.Series(result["D"] * 10 + 1e-9).astype(int).clip(upper=9) + 1).all()
