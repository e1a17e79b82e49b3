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
# # 13 · Robustness checks: method variants and bootstrap intervals
#
# This section checks how far the results depend on the methodological choices: the coupling
# coordination degree is recomputed under every combination of the defensible weighting methods,
# coupling formulas, shifts and composite indices, the main conclusions are re-examined under each combination, and
# bootstrap confidence intervals are given for the weights, for $D$ and for the ranks of the regions.

# %% [markdown] tags=["lang-zh"]
# # 13 · 稳健性检验：方法组合与Bootstrap置信区间
#
# 本节检验研究结论对方法选择的依赖程度：在各种合理的赋权方法、耦合协调度模型、平移量与综合指数的全部组合下重新计算耦合协调度，逐一检验主要结论在各组合下是否成立，并给出指标权重、耦合协调度及地区排名的Bootstrap置信区间。

# %% [markdown] tags=["lang-en", "notebook-only"]
# **Files.** Reads `clean_panel.csv` (notebook 01), `indicator_system.csv` (notebook 02) and
# `coupling.csv` (notebook 04). Writes `variants.csv` (variant, weighting, entropy_mode,
# coupling_formula, shift, composite, own, region_code, year, D, rank), `agreement.csv` (scope, statistic,
# variant_a, variant_b, value, n), `claims.csv` (claim, subject, finding, holds, variants_total,
# option, value, fails, of: one row per option value the claim depends on) and `bootstrap.csv`
# (quantity, item, estimate, low, high, reps), and the figures `13_claims`, `13_agreement`, `13_weights`
# and `13_d_intervals`. The baseline specification is the run's `weighting`, `entropy_mode`,
# `coupling_formula`, `shift` and `composite`; options `bootstrap_reps` (1000; 0
# for none) and `seed`.

# %% [markdown] tags=["lang-zh", "notebook-only"]
# **文件说明**：读取`clean_panel.csv`（01笔记本）、`indicator_system.csv`（02笔记本）与`coupling.csv`（04笔记本）。输出`variants.csv`（方法组合、赋权方法、熵值法赋权方式、耦合协调度模型、平移量、综合指数、是否为基准方案、地区代码、年份、D、排名）、`agreement.csv`（范围、统计量、组合A、组合B、数值、样本量）、`claims.csv`（结论、对象、判断、成立组合数、组合总数、方法选项、选项取值、不成立的组合数、采用该取值的组合数，每一结论所依赖的选项取值各占一行）与`bootstrap.csv`（统计量、对象、估计值、下限、上限、重抽样次数），以及图`13_claims`、`13_agreement`、`13_weights`与`13_d_intervals`。基准方案即本次运行的`weighting`、`entropy_mode`、`coupling_formula`、`shift`与`composite`；选项`bootstrap_reps`（默认1000，取0则不作Bootstrap）与`seed`。

# %%
from IPython.display import Markdown, display

from helpers import cleaning, robustness
from helpers.data import catalog
from helpers.pipeline.context import open_context
from helpers.presentation import labels, narrative, robustness_charts, tables

# %% tags=["parameters"]
province = "qinghai"
data_dir = None   # None: the folders of this project
output_dir = None
language = "en"
options = {}  # method options beyond province.toml [analysis], e.g. {"weighting": "critic"}; a run gives every notebook the same

# %%
ctx = open_context(province, data_dir, output_dir, language, options)
options, names = ctx.options, ctx.names

# %% [markdown] tags=["lang-en"]
# ## Method variants
#
# The computations of sections 02–04 are repeated for every combination of
#
# * the **weighting**: the entropy method on the pooled region-years, the entropy method year by
#   year, the CRITIC method, equal weights, and the mean of the entropy and CRITIC weights (section 03);
# * the **coupling coordination model**: the standard model and the modified models of Wang et al.
#   (2021) and Fan et al. (2024) (section 04);
# * the **shift** added after min–max normalisation: 0.0001 and 0.01 (section 02);
# * the **composite index** of each system: the weighted sum or the entropy-TOPSIS closeness
#   (section 03),
#
# 60 variants in all; the baseline specification of this study is added if it is not among them, and
# the variant with the baseline specification reproduces the results of section 04. For every year
# and for the pooled region-years, the rankings of $D$ under two variants are compared by Spearman's
# $\rho$ and Kendall's $\tau$, and the agreement of all variants by **Kendall's coefficient of
# concordance** with the correction for ties,
#
# $$W = \frac{12\,S}{m^2(n^3-n) - m\sum_j T_j},\qquad S = \sum_{i=1}^{n}(R_i-\bar R)^2,$$
#
# for $m$ variants ranking $n$ items with rank sums $R_i$ ($T_j = \sum (t^3-t)$ over the groups of $t$
# tied ranks of variant $j$); $W = 1$ means complete agreement, $W = 0$ no agreement at all.

# %% [markdown] tags=["lang-zh"]
# ## 方法组合
#
# 对以下选择的每一种组合，重复02～04节的全部计算：
#
# * **赋权方法**：全样本（地区-年份）熵值法、逐年熵值法、CRITIC法、等权法以及熵值法与CRITIC法权重的算术平均（03节）；
# * **耦合协调度模型**：传统模型、王淑佳等（2021）修正模型与Fan等（2024）修正模型（04节）；
# * 极差标准化后的**平移量**：0.0001与0.01（02节）；
# * 系统的**综合指数**：加权求和指数或熵权TOPSIS相对贴近度（03节）。
#
# 共计60种组合；若本文基准方案不在其中，则另行加入，且与基准方案相同的组合重现04节的结果。对每一年以及地区-年份合并样本，以Spearman秩相关系数$\rho$与Kendall秩相关系数$\tau$比较两两组合下$D$的排序，并以**肯德尔和谐系数**（含同秩校正）衡量全部组合排序的一致性：
#
# $$W = \frac{12\,S}{m^2(n^3-n) - m\sum_j T_j},\qquad S = \sum_{i=1}^{n}(R_i-\bar R)^2,$$
#
# 其中$m$为组合数，$n$为被排序的对象数，$R_i$为对象$i$的秩和，$T_j = \sum (t^3-t)$对组合$j$中每组$t$个同秩值求和；$W = 1$表示完全一致，$W = 0$表示完全没有一致性。

# %%
X = cleaning.to_wide(ctx.read(catalog.CLEAN_PANEL))
system = ctx.read(catalog.INDICATOR_SYSTEM)
own = robustness.Variant(options.weighting, options.entropy_mode, options.coupling_formula, options.shift,
                         options.composite)
results, failed = robustness.run_variants(X, system, ctx.config.system_ids, own, options.system_weights,
                                          options.lag_threshold, options.topsis_ideals)
variants = robustness.variants_table(results, own)
agreement = robustness.agreement(variants)
ctx.write(variants, catalog.VARIANTS)
ctx.write(agreement, catalog.AGREEMENT)
display(tables.parameter_table({"composite": options.composite, "topsis_ideals": options.topsis_ideals,
                                "bootstrap_reps": options.bootstrap_reps, "seed": options.seed}, language,
                               extra=[(labels.term("nb.variants_computed", language), str(len(results))),
                                      (labels.term("nb.variants_failed", language), str(len(failed))),
                                      (labels.term("nb.own_variant", language), labels.variant_label(own.name, language))]))
for variant, reason in failed.items():
    display(Markdown(labels.text("nb.variant_failed", language, variant=labels.variant_label(variant.name, language),
                                 reason=reason)))

# %%
# NBVAL_CHECK_OUTPUT
# Key numbers checked by nbval: Kendall's W pooled and per year, and the largest difference between this
# run's variant and coupling.csv (zero up to the 12 significant digits the CSV files keep).
print(agreement[agreement["statistic"] == "kendall_w"].set_index("scope")["value"].round(4).to_string())
gap = (results[own].set_index(["region_code", "year"])["D"]
       - ctx.read(catalog.COUPLING).set_index(["region_code", "year"])["D"]).abs().max()
print("this run's variant reproduces coupling.csv:", bool(gap < 1e-10))

# %%
fig = robustness_charts.agreement_heatmap(agreement, list(dict.fromkeys(variants["variant"])), own=own.name,
                                          language=language)
ctx.save(fig, "13_agreement")

# %% [markdown] tags=["lang-en"]
# ## Robustness of the main conclusions
#
# The main conclusions of sections 04 and 05 (the regions with the highest and the lowest $D$ in the
# last year, the direction of the provincial mean of $D$ as the sign of its least-squares slope, the
# grade of the provincial mean in the last year, σ-convergence as the sign of the slope of the
# coefficient of variation, and the lagging system of each region in the last year) are re-examined
# under every variant. A conclusion that holds in every variant can be stated without qualification;
# one that does not is stated together with the method choice it depends on: the option values under
# which it fails in every variant, or, where there are none, the values under which it fails most
# often.

# %% [markdown] tags=["lang-zh"]
# ## 主要结论的稳健性
#
# 对04、05节得出的主要结论，即末年耦合协调度最高与最低的地区、全省平均$D$的变化方向（以其最小二乘斜率的符号判断）、末年全省平均$D$所处的等级、σ收敛（以变异系数斜率的符号判断）以及末年各地区的滞后系统，在每种组合下重新判断。在所有组合下均成立的结论可以直接陈述；否则应同时注明其所依赖的方法选择，即在该取值下所有组合均不成立的选项取值，若无此类取值，则为不成立次数最多的选项取值。

# %%
claims = robustness.claims(results, own)
ctx.write(claims, catalog.CLAIMS)
shown = narrative.claim_rows(claims, names, ctx.config, capital=True)
fig = robustness_charts.claims_chart(list(shown["statement"]), shown["holds"], total=int(claims["variants_total"].iloc[0]),
                                     language=language)
ctx.save(fig, "13_claims")
tables.claims_table(claims, names, ctx.config)

# %% [markdown] tags=["lang-en"]
# ## Bootstrap confidence intervals
#
# Entropy and CRITIC weights are estimated from the regions at hand: another set of regions of the
# same kind would give other weights. The regions are therefore resampled with replacement, each with
# its whole series (a block bootstrap, since the years of one region are not independent), $B$ times
# with a fixed random seed (the number of replicates is given in the parameter table of this section).
# Each resample is normalised and weighted with the method of the baseline specification, and its
# weights score every region on the normalisation scale of the whole panel; the 2.5th and 97.5th
# percentiles of the replicates give a 95 % bootstrap confidence interval for every weight, for every
# region's $D$ in the last year and for its rank. The scale is held fixed on purpose: a resample holds
# on average 63 % of the distinct regions and its min–max range is narrower, so that scoring on it
# would clip the extreme regions and raise every $D$, a shift of the scale rather than uncertainty
# about a region. With $n$ regions only $\binom{2n-1}{n}$ different resamples exist (6,435 for 8
# regions); the intervals describe what another set of regions like these would give, not the error
# of a yearbook figure.

# %% [markdown] tags=["lang-zh"]
# ## Bootstrap置信区间
#
# 熵值法与CRITIC法的权重由现有地区估计，换一组同类地区，权重会有所不同。因此，本文对地区进行有放回重抽样，并保留每个地区完整的时间序列，即采用块自助法（Bootstrap），因为同一地区各年份的观测并不独立；随机种子固定，共重抽样$B$次（次数见本节参数表）。每个重抽样样本按基准方案的方法标准化与赋权，所得权重在全面板的标准化尺度上为每个地区计算得分；各次重抽样结果的2.5%与97.5%分位数给出每项权重、末年各地区$D$及其排名的Bootstrap 95%置信区间。刻意固定标准化尺度的原因是：一个重抽样样本平均只包含63%的不同地区，其极差范围更窄，若在其上计算得分，会截断极端地区并抬高所有$D$，这反映的是尺度的移动，而非地区取值的不确定性。$n$个地区只有$\binom{2n-1}{n}$种不同的重抽样组合（8个地区为6435种）；区间说明的是换一组同类地区时可能得到的结果，而非统计年鉴数据的误差。

# %%
if options.bootstrap_reps:
    boot = robustness.bootstrap(X, system, ctx.config.system_ids, own, options.system_weights, options.bootstrap_reps,
                                options.seed, ideals=options.topsis_ideals)
else:
    boot = robustness.empty_bootstrap()
ctx.write(boot, catalog.BOOTSTRAP)
if len(boot):
    members = {names.item(s.id): system.loc[system["system"] == s.id, "id"].tolist() for s in ctx.config.systems}
    fig = robustness_charts.weight_intervals(boot, members, names, reps=options.bootstrap_reps)
    ctx.save(fig, "13_weights")
    fig = robustness_charts.d_intervals(boot, names.regions, year=ctx.config.last_year, language=language,
                                        focus=names.focus)
    ctx.save(fig, "13_d_intervals")
    display(tables.bootstrap_table(boot, names))

# %% [markdown] tags=["lang-en"]
# ## Interpretation

# %% [markdown] tags=["lang-zh"]
# ## 结果解读

# %%
distinct = robustness.distinct_resamples(X.index.get_level_values("region_code").nunique())
display(Markdown(narrative.describe_robustness(claims, agreement, boot, names, ctx.config, own=own.name,
                                               failed={v.name: r for v, r in failed.items()},
                                               reps_asked=options.bootstrap_reps, seed=options.seed, distinct=distinct)))

# %%
# Invariants: this run's variant is among the results and reproduces coupling.csv; every claim holds in
# this run's variant; every interval is ordered.
assert own in results and gap < 1e-10
assert (claims["holds"] >= 1).all()
assert (boot["low"] <= boot["high"]).all()
