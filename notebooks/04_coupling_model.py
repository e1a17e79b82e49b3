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
# # 04 · Coupling coordination degree
#
# This section measures the coupling and coordination of the systems with the coupling coordination
# degree model, classifies every region-year into one of ten grades and identifies which system
# lags behind.

# %% [markdown] tags=["lang-zh"]
# # 04 · 耦合协调度模型
#
# 本节采用耦合协调度模型测度各系统之间的耦合协调水平，将每个地区-年份划分为十个协调等级，并判别滞后系统。

# %% [markdown] tags=["lang-en", "notebook-only"]
# **Files.** Reads `scores.csv`, `dimension_scores.csv`, `weights.csv` and `topsis.csv` (notebook 03). Writes
# `coupling.csv` (region_code, year, one column per subsystem, C, T, D, grade, grade_label,
# grade_label_zh, lag_type, lagging, relative_development) and `development_types.csv` (region_code, year, E, band,
# lagging, D, grade), and the figures `04_d_heatmap`, `04_d_trajectories`, `04_lag`, `04_relationship` and
# `04_development_types`. Options: `composite` (`weighted-sum`, `topsis`: the index coupled), `coupling_formula` (`standard`, `wang`, `fan`),
# `system_weights` (α of T, e.g. `-p system_weights "[0.4, 0.6]"`; equal by default) and
# `lag_threshold` (θ, 0.1 by default) and `relative_bands` (the cut points of E, `[0.8, 1.2]` by default).

# %% [markdown] tags=["lang-zh", "notebook-only"]
# **文件说明**：读取`scores.csv`、`dimension_scores.csv`、`weights.csv`与`topsis.csv`（03笔记本）。输出`coupling.csv`（地区代码、年份、各子系统指数、C、T、D、等级、等级名称、滞后类型、滞后系统、相对发展度）与`development_types.csv`（地区代码、年份、相对发展度E、区间、滞后系统、D、等级），以及图`04_d_heatmap`、`04_d_trajectories`、`04_lag`、`04_relationship`与`04_development_types`。选项：`composite`（`weighted-sum`、`topsis`，即参与耦合的综合指数）、`coupling_formula`（`standard`、`wang`、`fan`）、`system_weights`（T中的权重α，如`-p system_weights "[0.4, 0.6]"`，默认相等）、`lag_threshold`（阈值θ，默认0.1）与`relative_bands`（E的分界值，默认`[0.8, 1.2]`）。

# %%
from IPython.display import Markdown, display

from helpers import coupling, topsis
from helpers.data import catalog
from helpers.pipeline.context import open_context
from helpers.presentation import analysis_charts, charts, labels, narrative, tables

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
# ## The model
#
# For $n$ subsystems with indices $U_1,\dots,U_n$ (the composite scores of the systems; a province
# with a single system couples its dimensions, each rescaled to $[0,1]$ by dividing its score by its
# share of the weights), the coupling degree $C$, the comprehensive coordination index $T$ and the
# coupling coordination degree $D$ are
#
# $$C = \frac{n\,(\prod_k U_k)^{1/n}}{\sum_k U_k},\qquad T = \sum_k \alpha_k U_k,\qquad D = \sqrt{C\,T}.$$
#
# For two systems $C = 2\sqrt{U_1U_2}/(U_1+U_2)$. $C$ measures how balanced the subsystems are, $T$
# how developed they are together, and $D$ combines both; $\alpha_k$ are the weights of the
# subsystems ($\sum_k \alpha_k = 1$). Two modified coupling degrees are also considered: that of
# Wang et al. (2021),
# $C=\sqrt{[1-\sum_{i<j}|U_i-U_j|/\sum_{m=1}^{n-1}m]\,[\prod_k (U_k/\max U)]^{1/(n-1)}}$, and that
# of Fan et al. (2024), $C = 1 - 2\sigma(U)$, with $\sigma(U)$ the standard deviation of the
# subsystem indices. The model and the weights adopted in this study are given in the parameter
# table of this section.
#
# | $D$ | grade | type | | $D$ | grade | type |
# |---|---|---|---|---|---|---|
# | $[0, 0.1)$ | 1 | extreme imbalance | | $[0.5, 0.6)$ | 6 | barely coordinated |
# | $[0.1, 0.2)$ | 2 | severe imbalance | | $[0.6, 0.7)$ | 7 | primary coordination |
# | $[0.2, 0.3)$ | 3 | moderate imbalance | | $[0.7, 0.8)$ | 8 | intermediate coordination |
# | $[0.3, 0.4)$ | 4 | mild imbalance | | $[0.8, 0.9)$ | 9 | good coordination |
# | $[0.4, 0.5)$ | 5 | on the verge of imbalance | | $[0.9, 1.0]$ | 10 | high-quality coordination |
#
# **Lag type.** When $|U_1 - U_2| \le \theta$ (the threshold of synchronous development) the
# systems develop synchronously; otherwise the system with the smaller index lags (e.g. "new-type
# urbanization lagging"). The relative development degree $U_1/U_2$ is reported beside it; for more
# than two subsystems it is $\min U / \max U$, and the subsystem with the smallest index lags.
#
# References: Wang S J, Kong W, Ren L, et al. Research on misuses and modification of coupling
# coordination degree model in China[J]. Journal of Natural Resources, 2021, 36(3): 793-810.
# Fan D, Ke H, Cao R. Modification and improvement of coupling coordination degree model[J].
# Statistics and Decision, 2024, 40(22): 41-46.

# %% [markdown] tags=["lang-zh"]
# ## 模型
#
# 设$n$个子系统的指数为$U_1,\dots,U_n$（即各系统的综合得分；只有一个系统的省份对其各维度进行耦合，维度指数为维度得分除以该维度的权重之和，取值于$[0,1]$），耦合度$C$、综合协调指数$T$与耦合协调度$D$为
#
# $$C = \frac{n\,(\prod_k U_k)^{1/n}}{\sum_k U_k},\qquad T = \sum_k \alpha_k U_k,\qquad D = \sqrt{C\,T}.$$
#
# 两系统时$C = 2\sqrt{U_1U_2}/(U_1+U_2)$。耦合度$C$反映子系统之间的均衡程度，综合协调指数$T$反映子系统的整体发展水平，耦合协调度$D$兼顾二者；$\alpha_k$为各子系统的权重（$\sum_k \alpha_k = 1$）。本研究另考虑两种修正的耦合度：王淑佳等（2021）的修正模型$C=\sqrt{[1-\sum_{i<j}|U_i-U_j|/\sum_{m=1}^{n-1}m]\,[\prod_k (U_k/\max U)]^{1/(n-1)}}$，以及Fan等（2024）的修正模型$C = 1 - 2\sigma(U)$，其中$\sigma(U)$为各子系统指数的标准差。本文采用的模型及权重见本节参数表。
#
# | $D$ | 等级 | 类型 | | $D$ | 等级 | 类型 |
# |---|---|---|---|---|---|---|
# | $[0, 0.1)$ | 1 | 极度失调 | | $[0.5, 0.6)$ | 6 | 勉强协调 |
# | $[0.1, 0.2)$ | 2 | 严重失调 | | $[0.6, 0.7)$ | 7 | 初级协调 |
# | $[0.2, 0.3)$ | 3 | 中度失调 | | $[0.7, 0.8)$ | 8 | 中级协调 |
# | $[0.3, 0.4)$ | 4 | 轻度失调 | | $[0.8, 0.9)$ | 9 | 良好协调 |
# | $[0.4, 0.5)$ | 5 | 濒临失调 | | $[0.9, 1.0]$ | 10 | 优质协调 |
#
# **滞后类型**：当$|U_1 - U_2| \le \theta$（$\theta$为同步发展的判定阈值）时为同步发展型；否则指数较小的系统为滞后系统（如新型城镇化滞后型）。同时报告相对发展度$U_1/U_2$；多于两个子系统时，相对发展度为$\min U / \max U$，指数最小的子系统为滞后系统。
#
# 参考文献：
#
# 王淑佳, 孔伟, 任亮, 等. 国内耦合协调度模型的误区及修正[J]. 自然资源学报, 2021, 36(3): 793-810.
#
# Fan D, Ke H, Cao R. Modification and improvement of coupling coordination degree model[J]. 统计与决策, 2024, 40(22): 41-46.

# %%
closeness = ctx.read(catalog.TOPSIS)
if options.composite == "topsis":
    U = topsis.composite_indices(closeness, ctx.config.system_ids)
else:
    U = coupling.subsystem_indices(ctx.read(catalog.SCORES), ctx.read(catalog.DIMENSION_SCORES),
                                   ctx.read(catalog.WEIGHTS), ctx.config.system_ids)
result = labels.with_grade_names(coupling.coupling_table(U, options.system_weights, options.coupling_formula,
                                                         options.lag_threshold))
ctx.write(result, catalog.COUPLING)
display(tables.parameter_table(
    {k: getattr(options, k) for k in ("composite", "coupling_formula", "system_weights", "relative_bands")}, language,
    extra=[(labels.term("nb.lag_threshold", language), f"{options.lag_threshold:g}"),   # θ of the methods text
           (labels.term("nb.subsystems", language), labels.join([ctx.names.item(s) for s in U.columns], language))]))
tables.by_region_and_year(result, "D", ctx.names).round(3)

# %%
# NBVAL_CHECK_OUTPUT
# Key numbers checked by nbval: D of every region in the last year.
last = result["year"].max()
print(result[result["year"] == last].set_index("region_code")["D"].round(4).to_string())

# %%
fig = charts.d_heatmap(result, ctx.names)
ctx.save(fig, "04_d_heatmap")

# %%
fig = charts.trajectories(result, ctx.names, value="D", ylabel="D", title=labels.term("d_trajectories", language))
ctx.save(fig, "04_d_trajectories")

# %%
if U.shape[1] == 2:
    fig = charts.lag_scatter(result, ctx.names, x=U.columns[0], y=U.columns[1], threshold=options.lag_threshold,
                             axis_names=ctx.names.systems)
else:
    counts = result["lagging"].value_counts().rename(index=lambda t: labels.lag_label(t, ctx.config, language))
    fig = charts.lag_counts(counts, language)
ctx.save(fig, "04_lag")

# %% [markdown] tags=["lang-en"]
# ## The indicator system and the relationship of the two systems
#
# The figure of the indicator system and the relationship of the two systems shows, in its left
# panel, the indicator system as a tree: each system, its dimensions and their indicators, with
# heights proportional to the weights of section 03 (averaged over the years when the weights are
# estimated year by year). Its right panel shows how every dimension of the first system moves with
# every dimension of the second: Pearson's correlation $r$ of their scores over all region-years,
# drawn as a line whose width grows with $|r|$ and whose colour gives its sign. A high $r$ means that
# two dimensions rise together across the regions and years of the panel, not that one causes the
# other.

# %% [markdown] tags=["lang-zh"]
# ## 指标体系与两系统的耦合关系
#
# 指标体系与两系统关系图的左半部分以树形展示指标体系，即各系统、其维度及所含指标，高度与03节所得权重成正比（逐年赋权时取各年平均）；右半部分展示第一个系统的每个维度与第二个系统的每个维度之间的共同变化，即以全部地区-年份计算的两维度得分的Pearson相关系数$r$，连线宽度随$|r|$增大，颜色表示其正负。$r$较高说明两个维度在面板的地区与年份中同步提高，并不意味着二者之间存在因果关系。

# %%
fig = charts.system_relationship(ctx.read(catalog.WEIGHTS), ctx.read(catalog.DIMENSION_SCORES), ctx.names)
ctx.save(fig, "04_relationship")

# %% [markdown] tags=["lang-en"]
# ## Interpretation

# %% [markdown] tags=["lang-zh"]
# ## 结果解读

# %%
lag_names = {t: labels.lag_label(t, ctx.config, language) for t in result["lagging"].unique()}
display(Markdown(narrative.describe_coupling(result, ctx.names, lag_labels=lag_names,
                                             formula=options.coupling_formula)))
tables.coupling_year(result, ctx.names, ctx.config, year=last, subsystems=list(U.columns)).round(3)

# %% [markdown] tags=["lang-en"]
# ## Relative development degree and development types
#
# The coupling coordination degree does not show which system runs ahead. The relative development degree
# of the second system against the first,
#
# $$E_i = \frac{U_{2,i}}{U_{1,i}},$$
#
# places every region-year in one of three bands: the second system lags when $E \le e_1$, the two develop
# in step when $e_1 < E \le e_2$, and the first system lags when $E > e_2$. The cut points $(e_1, e_2)$ are
# 0.8 and 1.2 by default, and the parameter table of this section gives the values used; they are a
# convention of the literature rather than an estimate, and a study should state them. The grade of $D$
# and the band of $E$ together give the development type of each region-year. With a single system, whose
# dimensions are coupled, the degree is not defined.

# %% [markdown] tags=["lang-zh"]
# ## 相对发展度与耦合协调类型
#
# 耦合协调度并不反映哪一系统发展领先。第二个系统相对于第一个系统的相对发展度
#
# $$E_i = \frac{U_{2,i}}{U_{1,i}}$$
#
# 将各地区-年份划分为三类：$E \le e_1$时为第二个系统滞后型，$e_1 < E \le e_2$时为同步发展型，$E > e_2$时为第一个系统滞后型。分界值$(e_1, e_2)$默认取0.8与1.2，本文所用数值见本节参数表；该划分属于文献中的约定而非估计结果，研究中应写明所用分界值。耦合协调度等级与相对发展度区间相结合，即为各地区-年份的耦合协调类型。仅构建一个系统（以其维度计算耦合）时，相对发展度无定义。

# %%
if len(ctx.config.system_ids) > 1:
    denominator, numerator = ctx.config.system_ids[:2]
    low, high = options.relative_bands
    types = coupling.development_types(U, numerator, denominator, D=result.set_index(["region_code", "year"])["D"],
                                       low=low, high=high).reset_index()
    ctx.write(types, catalog.DEVELOPMENT_TYPES)
    ctx.save(analysis_charts.development_heatmap(types, ctx.names, numerator=numerator, denominator=denominator),
             "04_development_types")
    display(Markdown(narrative.describe_development_types(types, ctx.names, numerator=numerator,
                                                          denominator=denominator, low=low, high=high)))
else:
    ctx.write_empty(catalog.DEVELOPMENT_TYPES)
    display(Markdown(narrative.describe_single_system("devtype", ctx.names, ctx.config.system_ids[0])))

# %%
# Invariants: C and D in [0, 1] (up to the shift), D = sqrt(C T), grades match D.
assert result["C"].between(0, 1 + 1e-9).all() and result["D"].between(0, 1.001).all()
assert ((result["D"] ** 2 - result["C"] * result["T"]).abs() < 1e-12).all()
lower = (result["grade"] - 1) / 10   # grade g covers D in [(g − 1)/10, g/10), grade 10 includes 1
assert ((lower <= result["D"] + 1e-9) & ((result["D"] < lower + 0.1) | (result["grade"] == 10))).all()
