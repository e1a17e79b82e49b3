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
# # 13 · How sure: method variants and bootstrap intervals
#
# **Reads** `clean_panel.csv` (notebook 01), `indicator_system.csv` (notebook 02) and `coupling.csv`
# (notebook 04).
#
# **Writes** `variants.csv` (variant, weighting, entropy_mode, coupling_formula, shift, own,
# region_code, year, D, rank), `agreement.csv` (scope, statistic, variant_a, variant_b, value, n),
# `claims.csv` (claim, subject, finding, holds, variants_total, depends_on) and `bootstrap.csv`
# (quantity, item, estimate, low, high, reps); figures `13_claims`, `13_agreement`, `13_weights` and
# `13_d_intervals`.

# %% [markdown] tags=["lang-zh"]
# # 13 · 结论有多可靠：方法组合与自助法区间
#
# **读取** `clean_panel.csv`（01 笔记本）、`indicator_system.csv`（02 笔记本）与 `coupling.csv`（04 笔记本）。
#
# **输出** `variants.csv`（方法组合、赋权方法、熵值模式、耦合公式、平移量、是否本次运行、地区代码、年份、D、排名）、
# `agreement.csv`（范围、统计量、组合 A、组合 B、数值、样本量）、`claims.csv`（结论、对象、判断、成立组合数、组合总数、
# 取决于）与 `bootstrap.csv`（量、对象、估计值、下限、上限、抽样次数）；图 `13_claims`、`13_agreement`、
# `13_weights` 与 `13_d_intervals`。

# %%
from IPython.display import Markdown, display

from helpers import cleaning, robustness
from helpers.data import catalog
from helpers.pipeline.context import open_context
from helpers.presentation import narrative, robustness_charts, tables

# %% tags=["parameters"]
province = "qinghai"
data_dir = None
output_dir = None
language = "en"
options = {}  # method options beyond province.toml [analysis], e.g. {"weighting": "critic"}; a run gives every notebook the same

# %%
ctx = open_context(province, data_dir, output_dir, language, options)
options = ctx.options
names = ctx.names
ctx.banner()

# %% [markdown] tags=["lang-en"]
# ## Every defensible method choice
#
# The chain of notebooks 02–04 is recomputed in memory for every combination of
#
# * the **weighting**: entropy over the pooled region-years, entropy year by year, CRITIC, equal
#   weights, and the mean of entropy and CRITIC weights (notebook 03);
# * the **coupling formula**: standard, Wang et al. (2021), Fan et al. (2024) (notebook 04);
# * the **shift** added after min–max normalisation: 0.0001 and 0.01 (notebook 02),
#
# 30 variants (plus this run's own options if they are not among them). The variant with this run's
# options reproduces `coupling.csv`. For every year and for the region-years pooled, the rankings of
# $D$ under two variants are compared by Spearman's $\rho$ and Kendall's $\tau$, and all of them
# together by **Kendall's coefficient of concordance** (with the correction for ties)
#
# $$W = \frac{12\,S}{m^2(n^3-n) - m\sum_j T_j},\qquad S = \sum_{i=1}^{n}(R_i-\bar R)^2,$$
#
# for $m$ variants ranking $n$ items with rank sums $R_i$ ($T_j = \sum (t^3-t)$ over the groups of $t$
# tied ranks of variant $j$); $W = 1$ is complete agreement, $W = 0$ none.

# %% [markdown] tags=["lang-zh"]
# ## 所有可辩护的方法选择
#
# 在内存中对以下每种组合重新计算 02—04 笔记本的全过程：
#
# * **赋权方法**：全样本（地区 × 年份）熵值法、逐年熵值法、CRITIC 法、等权法、熵值法与 CRITIC 法的平均（03 笔记本）；
# * **耦合公式**：传统模型、王淑佳等（2021）修正模型、范等（2024）修正模型（04 笔记本）；
# * 极差标准化后的**平移量**：0.0001 与 0.01（02 笔记本），
#
# 共 30 种组合（若本次运行的选项不在其中，另加本次运行）。与本次运行选项相同的组合重现 `coupling.csv`。对每一年
# 以及地区—年份合并样本，用 Spearman $\rho$ 与 Kendall $\tau$ 比较两种组合下 $D$ 的排序，并用 **Kendall 协调系数**
# （含结校正）衡量全部组合的一致性：
#
# $$W = \frac{12\,S}{m^2(n^3-n) - m\sum_j T_j},\qquad S = \sum_{i=1}^{n}(R_i-\bar R)^2,$$
#
# 其中 $m$ 种组合对 $n$ 个对象排序，$R_i$ 为秩和，$T_j = \sum (t^3-t)$ 对组合 $j$ 中每组 $t$ 个相同秩求和；
# $W = 1$ 为完全一致，$W = 0$ 为完全不一致。

# %%
X = cleaning.to_wide(ctx.read(catalog.CLEAN_PANEL))
system = ctx.read(catalog.INDICATOR_SYSTEM).rename(columns={"indicator": "id"})
own = robustness.Variant(options.weighting, options.entropy_mode, options.coupling_formula, options.shift,
                         options.composite)
results, failed = robustness.run_variants(X, system, ctx.config.system_ids, own, options.system_weights,
                                          options.lag_threshold, options.topsis_ideals)
variants = robustness.variants_table(results, own)
agreement = robustness.agreement(variants)
ctx.write(variants, catalog.VARIANTS)
ctx.write(agreement, catalog.AGREEMENT)
print(f"{len(results)} variants computed, {len(failed)} failed; this run: {own.name}")
for variant, reason in failed.items():
    print(f"  {variant.name}: {reason}")

# %%
# NBVAL_CHECK_OUTPUT
# Key numbers checked by nbval: Kendall's W pooled and per year, and the largest difference between this
# run's variant and coupling.csv (zero up to the 12 significant digits the CSV files keep).
print(agreement[agreement["statistic"] == "kendall_w"].set_index("scope")["value"].round(4).to_string())
gap = (results[own].set_index(["region_code", "year"])["D"]
       - ctx.read(catalog.COUPLING).set_index(["region_code", "year"])["D"]).abs().max()
print("this run's variant reproduces coupling.csv:", bool(gap < 1e-10))

# %%
fig = robustness_charts.agreement_heatmap(agreement, list(dict.fromkeys(variants["variant"])), own.name, language)
ctx.save(fig, "13_agreement")

# %% [markdown] tags=["lang-en"]
# ## Which conclusions hold
#
# The headline statements the interpretations of notebooks 04 and 05 make — the region with the
# highest and the lowest $D$ in the last year, the direction of the provincial mean $D$ (sign of its
# least-squares slope), the grade of the provincial mean in the last year, σ-convergence (sign of the
# slope of the coefficient of variation), and the lagging system of each region in the last year — are
# recomputed under every variant. A conclusion that holds in every variant can be stated without
# qualification; one that does not is stated with the method it depends on: the option values under
# which it fails in every variant, or else under which it fails most often.

# %% [markdown] tags=["lang-zh"]
# ## 哪些结论成立
#
# 04、05 笔记本解读中的主要结论——末年耦合协调度最高与最低的地区、全省平均 $D$ 的变化方向（最小二乘斜率的符号）、
# 末年全省平均 $D$ 的等级、σ 收敛（变异系数斜率的符号）以及末年各地区的滞后系统——在每种组合下重新判断。
# 在所有组合下均成立的结论可以直接陈述；否则应注明其所依赖的方法：即在该选项取值下全部不成立的选项，或不成立最多的选项。

# %%
claims = robustness.claims(results, own)
ctx.write(claims, catalog.CLAIMS)
shown = narrative.claim_rows(claims, names, ctx.config, capital=True)
fig = robustness_charts.claims_chart(list(shown["statement"]), shown["holds"], int(claims["variants_total"].iloc[0]), language)
ctx.save(fig, "13_claims")
tables.claims_table(claims, names, ctx.config)

# %% [markdown] tags=["lang-en"]
# ## Bootstrap intervals
#
# Entropy and CRITIC weights are estimated from the regions at hand: another set of regions of the
# same kind would give other weights. The regions are resampled with replacement, each with its whole
# series (a block bootstrap: the years of a region are not independent), `bootstrap_reps` times with a
# fixed seed. Each resample is normalised and weighted as this run is, and its weights score every
# region on the scale of the whole panel; the 2.5th and 97.5th percentiles of the replicates give a
# 95 % interval for every weight, for every region's $D$ in the last year and for its rank. The scale is
# held fixed on purpose: a resample holds on average 63 % of the distinct regions, its min–max range is
# narrower, and scoring on it would clip the extreme regions and lift every $D$, a shift of the scale
# rather than uncertainty about a region. With $n$ regions only $\binom{2n-1}{n}$ different resamples
# exist (6,435 for 8 regions), and the intervals say what another set of regions like these would
# give, not how wrong a yearbook figure is.

# %% [markdown] tags=["lang-zh"]
# ## 自助法区间
#
# 熵值法与 CRITIC 法的权重由现有地区估计：换一组同类地区，权重会不同。对地区有放回重抽样（每个地区保留其完整序列，
# 即区块自助法：同一地区各年份并不独立），共 `bootstrap_reps` 次，随机种子固定。每个重抽样样本按本次运行的方法
# 标准化与赋权，所得权重在全面板的标准化尺度上为每个地区计算得分；各次重抽样结果的 2.5% 与 97.5% 分位数给出
# 每项权重、末年各地区 $D$ 及其排名的 95% 区间。刻意固定标准化尺度：一个重抽样样本平均只含 63% 的不同地区，
# 其极差范围更窄，若在其上计算得分会截断极端地区并抬高所有 $D$，这是尺度的移动而非对地区的不确定性。$n$ 个地区
# 只有 $\binom{2n-1}{n}$ 种不同的重抽样组合（8 个地区为 6435 种），区间说明的是换一组同类地区时的结果，
# 而不是统计年鉴数据的误差。

# %%
if options.bootstrap_reps:
    boot = robustness.bootstrap(X, system, ctx.config.system_ids, own, options.system_weights, options.bootstrap_reps,
                                options.seed, ideals=options.topsis_ideals)
else:
    boot = robustness.empty_bootstrap()
ctx.write(boot, catalog.BOOTSTRAP)
if len(boot):
    members = {names.item(s.id): system.loc[system["system"] == s.id, "id"].tolist() for s in ctx.config.systems}
    fig = robustness_charts.weight_intervals(boot, members, names.indicators, options.bootstrap_reps, language)
    ctx.save(fig, "13_weights")
    fig = robustness_charts.d_intervals(boot, names.regions, ctx.config.last_year, language, focus=names.focus)
    ctx.save(fig, "13_d_intervals")
    display(tables.bootstrap_table(boot, names))

# %% [markdown] tags=["lang-en"]
# ## Interpretation

# %% [markdown] tags=["lang-zh"]
# ## 结果解读

# %%
distinct = robustness.distinct_resamples(X.index.get_level_values("region_code").nunique())
display(Markdown(narrative.describe_robustness(claims, agreement, boot, names, ctx.config, own.name,
                                               {v.name: r for v, r in failed.items()}, options.bootstrap_reps,
                                               options.seed, distinct)))

# %%
# Invariants: this run's variant is among the results and reproduces coupling.csv; every claim holds in
# this run's variant; every interval is ordered.
assert own in results and gap < 1e-10
assert (claims["holds"] >= 1).all()
assert (boot["low"] <= boot["high"]).all()
