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
# # 12 · Driving factors: geographical detector and panel regression
#
# This section examines the factors behind the spatial and temporal differences of the coupling
# coordination degree: the explanatory power of the dimensions, indicators and external drivers and
# their interactions (geographical detector), a two-way fixed-effects panel regression on external
# drivers with a fractional logit as a check, and the agreement of these methods with the grey
# relational analysis of section 08.

# %% [markdown] tags=["lang-zh"]
# # 12 · 驱动因素：地理探测器与面板回归
#
# 本节考察耦合协调度时空差异的影响因素：以地理探测器度量各维度、指标及外部驱动因素的解释力及其交互作用，以双向固定效应面板模型估计外部驱动因素的影响并以分数响应logit模型加以检验，最后比较上述方法与08节灰色关联分析结论的一致性。

# %% [markdown] tags=["lang-en", "notebook-only"]
# **Files.** Reads `coupling.csv` (notebook 04), `scores.csv` and `dimension_scores.csv` (notebook 03),
# `normalized.csv` (notebook 02), `grey_relational.csv` (notebook 08) and, when the province has one,
# `data/raw/<province>/drivers.csv` (external drivers, declared with names, units and sources in
# `[drivers]` of `province.toml`). Writes `geodetector.csv`, `interactions.csv`, `regression.csv`
# (with drivers) and `driver_agreement.csv`, and the figures `12_q`, `12_interactions` and
# `12_coefficients`. Options: `discretization` (`quantile`, `equal`, `natural`), `strata` (5),
# `geodetector_variance` (`sample`: R geodetector; `population`: gdverse), `dk_reference` (`small-T`:
# Stata `xtscc`; `large-sample`: normal), `permutations` and `seed`.

# %% [markdown] tags=["lang-zh", "notebook-only"]
# **文件说明**：读取`coupling.csv`（04笔记本）、`scores.csv`与`dimension_scores.csv`（03笔记本）、`normalized.csv`（02笔记本）、`grey_relational.csv`（08笔记本），以及省份提供时的`data/raw/<province>/drivers.csv`（外部驱动因素，其名称、单位与来源在`province.toml`的`[drivers]`中声明）。输出`geodetector.csv`、`interactions.csv`、`regression.csv`（有外部驱动因素时）与`driver_agreement.csv`，以及图`12_q`、`12_interactions`与`12_coefficients`。选项：`discretization`（`quantile`、`equal`、`natural`）、`strata`（默认5）、`geodetector_variance`（`sample`与R软件包geodetector一致，`population`与gdverse一致）、`dk_reference`（`small-T`与Stata的`xtscc`一致，`large-sample`为正态分布）、`permutations`与`seed`。

# %%
import pandas as pd
from IPython.display import Markdown, display

from helpers import cleaning, drivers, grey
from helpers.data import catalog
from helpers.pipeline.context import open_context
from helpers.presentation import driver_charts, labels, narrative, tables

# %% tags=["parameters"]
province = "qinghai"
data_dir = None   # None: the folders of this project
output_dir = None
language = "en"
options = {}  # method options beyond province.toml [analysis], e.g. {"weighting": "critic"}; a run gives every notebook the same

# %%
ctx = open_context(province, data_dir, output_dir, language, options)
options, names = ctx.options, ctx.names
external = ctx.drivers()

# %% [markdown] tags=["lang-en"]
# ## Geographical detector
#
# Every region-year is a unit. A continuous factor (a dimension index, a normalised indicator or an
# external driver) is discretised into strata by quantiles, equal intervals or Fisher–Jenks natural
# breaks (the method and the number of strata adopted are given in the parameter table of this
# section; fewer strata are used when a stratum would hold a single unit). The **factor detector**
# (Wang et al. 2010) measures how much of the variance of $D$ (or of a system score) the strata
# explain:
#
# $$q = 1 - \frac{\sum_{h=1}^{L} N_h\sigma_h^2}{N\sigma^2}\in[0,1],\qquad
#   F = \frac{N-L}{L-1}\,\frac{q}{1-q}\sim F(L-1,\,N-L;\,\lambda),$$
#
# with the $p$-value of the non-central $F$ distribution of Wang et al. (2010), whose non-centrality
# parameter $\lambda = [\sum_h \bar Y_h^2 - (\sum_h \sqrt{N_h}\,\bar Y_h)^2/N]/\sigma^2$ depends on
# how $\sigma^2$ is estimated: the R package geodetector of the method's authors uses the sample
# variance (divisor $N - 1$), gdverse the population variance (divisor $N$), which gives slightly
# larger $p$-values. The convention of the authors' package is the usual reference; the variance
# adopted in this study is given in the parameter table.
#
# The **interaction detector** crosses the strata of two factors: $q(X_1\cap X_2)$ below both single
# $q$ is a nonlinear weakening, between them a uni-variable weakening, above both but below
# $q(X_1)+q(X_2)$ a bi-variable enhancement, equal to the sum independence, and above the sum a
# nonlinear enhancement. Crossing multiplies the strata, and $q$ grows with the number of strata even
# for pure noise; every $q$ is therefore compared with the same statistic for random reassignments of
# $D$ over the units ($P$ permutations, fixed random seed): with its 95th percentile for single
# factors, and by a permutation $p$-value for pairs. An interaction that does not exceed this noise
# level is not evidence of an enhancement, whatever its type.

# %% [markdown] tags=["lang-zh"]
# ## 地理探测器
#
# 以每个地区-年份为一个单元。连续型因子（维度指数、标准化指标或外部驱动因素）先按分位数、等间距或Fisher–Jenks自然断点离散化为若干层（本文采用的分级方法与分层数见本节参数表；若某层只含一个单元，则减少层数）。**因子探测器**（Wang等，2010）度量分层对$D$（或系统得分）方差的解释程度：
#
# $$q = 1 - \frac{\sum_{h=1}^{L} N_h\sigma_h^2}{N\sigma^2}\in[0,1],\qquad
#   F = \frac{N-L}{L-1}\,\frac{q}{1-q}\sim F(L-1,\,N-L;\,\lambda),$$
#
# $p$值采用Wang等（2010）给出的非中心$F$分布，其非中心参数$\lambda = [\sum_h \bar Y_h^2 - (\sum_h \sqrt{N_h}\,\bar Y_h)^2/N]/\sigma^2$取决于$\sigma^2$的估计方式：方法作者的R软件包geodetector采用样本方差（除以$N - 1$），gdverse采用总体方差（除以$N$），后者的$p$值略大。作者软件包的做法较为通行，本文采用的方差见本节参数表。
#
# **交互作用探测器**将两个因子的分层交叉：$q(X_1\cap X_2)$小于两个单因子$q$值为非线性减弱，介于二者之间为单因子非线性减弱，大于二者但小于$q(X_1)+q(X_2)$为双因子增强，等于二者之和为相互独立，大于二者之和为非线性增强。交叉会使分层数成倍增加，而即使对纯随机数据，$q$值也会随分层数增加而上升；因此，本文将每个$q$值与把$D$在各单元间随机重排（$P$次置换，随机种子固定）后得到的同一统计量相比较：单因子与其95%分位数比较，因子对则给出置换检验$p$值。未能超过随机水平的交互作用，无论被判定为何种类型，都不能作为增强的证据。

# %%
keys = ["region_code", "year"]
coupled = ctx.read(catalog.COUPLING).set_index(keys)
scores = ctx.read(catalog.SCORES).pivot(index=keys, columns="system", values="score")
outcomes = pd.concat([coupled[["D"]], scores[ctx.config.system_ids]], axis=1)
dimension_frame = ctx.read(catalog.DIMENSION_SCORES).pivot(index=keys, columns="dimension", values="score")
indicator_frame = cleaning.to_wide(ctx.read(catalog.NORMALIZED), value="z")
factors = {"dimension": dimension_frame, "indicator": indicator_frame}
system = ctx.read(catalog.INDICATOR_SYSTEM)
members = {"D": {"dimension": list(dimension_frame.columns), "indicator": list(indicator_frame.columns)}}
for s in ctx.config.systems:
    members[s.id] = {"dimension": [d.id for d in s.dimensions],
                     "indicator": system.loc[system["system"] == s.id, "id"].tolist()}
if external is not None:
    factors["driver"] = external.set_index(keys)[list(names.drivers)].reindex(outcomes.index)
    members["D"]["driver"] = list(names.drivers)
geodetector, pairs, codes = drivers.detector_tables(outcomes, factors, members, options.discretization, options.strata,
                                                    options.permutations, options.seed, options.geodetector_variance)
ctx.write(geodetector, catalog.GEODETECTOR)
ctx.write(pairs, catalog.INTERACTIONS)
display(tables.parameter_table({k: getattr(options, k) for k in ("discretization", "strata", "permutations", "seed",
                                                                 "geodetector_variance", "dk_reference")}, language))
tables.geodetector_table(geodetector, names, measure="D", level="dimension").round(4)

# %%
# NBVAL_CHECK_OUTPUT
# Key numbers checked by nbval: q of the dimensions for D.
print(geodetector[(geodetector["measure"] == "D") & (geodetector["level"] == "dimension")]
      .set_index("factor")["q"].round(6).to_string())

# %%
fig = driver_charts.q_bars(geodetector[(geodetector["measure"] == "D") & (geodetector["level"] != "indicator")],
                           names, title=labels.term("q_title", language, measure="D"))
ctx.save(fig, "12_q")

# %%
fig = driver_charts.interaction_matrix(pairs[pairs["measure"] == "D"], names,
                                       title=labels.term("interaction_title", language, measure="D"))
ctx.save(fig, "12_interactions")
tables.interactions_table(pairs, "D", names).round(4).head(10)

# %% [markdown] tags=["lang-en"]
# ## Panel regression on external drivers
#
# Where external drivers are available (variables outside the indicator system, such as fiscal
# expenditure, openness or innovation input), $D$ is regressed on them with region and year fixed
# effects,
#
# $$D_{it} = \sum_k \beta_k x_{k,it} + \mu_i + \tau_t + \varepsilon_{it},$$
#
# all variables standardised, so that $\beta_k$ is the change of $D$ in standard deviations for one
# standard deviation of driver $k$ (estimated with PanelOLS of the linearmodels package). The standard
# errors are those of Driscoll and Kraay (1998), robust to heteroskedasticity, to autocorrelation and
# to correlation across regions within a year. Their asymptotic theory relies on many years, whereas a
# province offers about ten. Two reference distributions for the $p$-values are therefore considered:
# that of Stata's xtscc command (Hoechle 2007), which scales the covariance matrix by
# $\frac{T}{T-1}\cdot\frac{N-1}{N-K}$ and uses the $t$ distribution with $T - 1$ degrees of freedom, and the normal
# distribution of the large-$T$ asymptotic theory; the one adopted in this study is given in the
# parameter table of this section. Because $D$ lies in $(0, 1)$, a **fractional logit** model (Papke
# and Wooldridge 1996) with region and year dummies and standard errors clustered by region checks the
# signs; its $p$-values come from the $t$ distribution with $G - 1$ degrees of freedom for $G$ regions
# (Cameron and Miller 2015). A Tobit model is not used: $D$ is a fraction that never piles up at a
# limit, not a censored variable. With 8～13 regions and about ten years, the $p$-values are
# indicative only.

# %% [markdown] tags=["lang-zh"]
# ## 外部驱动因素的面板回归
#
# 在具备外部驱动因素数据（指标体系之外的变量，如财政支出、对外开放、创新投入）时，以地区与年份双向固定效应模型将$D$对其回归：
#
# $$D_{it} = \sum_k \beta_k x_{k,it} + \mu_i + \tau_t + \varepsilon_{it},$$
#
# 所有变量均经标准化，$\beta_k$表示驱动因素$k$变化一个标准差时$D$变化的标准差数（以linearmodels软件包的PanelOLS估计）。标准误采用Driscoll和Kraay（1998）的估计量，对异方差、序列相关及同一年份地区间的截面相关均稳健。该估计量的渐近理论依赖于较长的时间维度，而一个省份通常只有十年左右的数据。因此，本文考虑两种$p$值参考分布：一是Stata的xtscc命令（Hoechle，2007）的做法，将协方差矩阵乘以$\frac{T}{T-1}\cdot\frac{N-1}{N-K}$，$t$统计量的自由度取$T - 1$；二是大$T$渐近理论下的正态分布。本文采用的参考分布见本节参数表。由于$D$取值于$(0, 1)$，另以含地区与年份虚拟变量、按地区聚类标准误的**分数响应logit模型**（Papke和Wooldridge，1996）检验系数符号，其$p$值取自由度为$G - 1$（$G$为地区数）的$t$分布（Cameron和Miller，2015）。本文不采用Tobit模型：$D$是从不在端点处堆积的比例型变量，而非归并（删失）变量。地区仅有8～13个、年份约十年时，$p$值仅供参考。

# %%
regression = None
if external is None:
    display(Markdown(labels.text("drivers.no_regression", language)))
    ctx.write_empty(catalog.REGRESSION)
else:
    panel = pd.concat([outcomes[["D"]], factors["driver"]], axis=1).dropna()
    regression = pd.concat([drivers.fixed_effects(panel, "D", list(names.drivers), options.dk_reference),
                            drivers.fractional_logit(panel, "D", list(names.drivers))], ignore_index=True)
    ctx.write(regression, catalog.REGRESSION)
    coefficients = tables.regression_table(regression, names)
    display(coefficients.map(lambda v: "—" if pd.isna(v) else labels.fixed(v, 4) if isinstance(v, float) else v))
    if coefficients.isna().to_numpy().any():
        display(Markdown(labels.text("nb.regression_dash", language)))
    fig = driver_charts.coefficient_plot(regression, names)
    ctx.save(fig, "12_coefficients")

# %% [markdown] tags=["lang-en"]
# ## Agreement of the methods
#
# The dimensions are ranked by their grey relational grade with $D$ (section 08, sequences of the
# provincial mean) and by their $q$; the external drivers by their grey relational grade (computed on
# the sequences of the provincial mean), by their $q$ and by the absolute value of their standardised
# coefficient. Kendall's rank correlation $\tau$ between two rankings is 1 when they agree completely,
# 0 when they are unrelated and −1 when they are reversed.

# %% [markdown] tags=["lang-zh"]
# ## 各方法结论的一致性
#
# 各维度分别按其与$D$的灰色关联度（08节，全省均值序列）及$q$值排序；外部驱动因素分别按灰色关联度（以全省均值序列计算）、$q$值及标准化系数的绝对值排序。两种排序之间的Kendall秩相关系数$\tau$为1表示完全一致，为0表示互不相关，为−1表示完全相反。

# %%
grey_table = ctx.read(catalog.GREY_RELATIONAL)
dims_grey = grey_table[(grey_table["scope"] == "province") & (grey_table["reference"] == "D")
                       & (grey_table["level"] == "dimension")].set_index("item")["grade"]
d_q = geodetector[geodetector["measure"] == "D"].set_index(["level", "factor"])["q"]
scores_by_kind = {"dimension": pd.DataFrame({"grey": dims_grey, "q": d_q["dimension"]})}
if external is not None:
    yearly = pd.concat([outcomes[["D"]], factors["driver"]], axis=1).groupby(level="year").mean()
    drivers_grey = grey.relational_grade(yearly["D"], yearly[list(names.drivers)], options.grey_rho,
                                         options.grey_dimensionless)
    coefficient = regression[regression["model"] == "two-way fixed effects"].set_index("term")["coefficient"]
    scores_by_kind["driver"] = pd.DataFrame({"grey": drivers_grey, "q": d_q["driver"], "coefficient": coefficient})
agreement, taus = drivers.agreement(scores_by_kind)
ctx.write(agreement, catalog.DRIVER_AGREEMENT)
ranks = {labels.term(k, language) for k in ("rank_grey", "rank_q", "rank_coefficient")}
compared = tables.agreement_table(agreement, names)
display(compared.apply(lambda column: column.map(lambda v: "—" if pd.isna(v) else f"{v:.0f}" if column.name in ranks
                                                  else labels.fixed(v, 4))))
if compared.isna().to_numpy().any():
    display(Markdown(labels.text("nb.agreement_dash", language)))
tables.tau_table(taus, language).round(3)

# %% [markdown] tags=["lang-en"]
# ## Interpretation

# %% [markdown] tags=["lang-zh"]
# ## 结果解读

# %%
display(Markdown(narrative.describe_drivers(geodetector, pairs, regression, taus, names, n_units=len(outcomes),
                                            method=options.discretization, reference=options.dk_reference)))

# %%
# Invariants: q in [0, 1]; every stratum of every factor holds at least two units; interaction p-values in (0, 1].
assert geodetector["q"].between(0, 1).all()
assert all(code.value_counts().min() >= drivers.MIN_STRATUM for code in codes.values() if code.nunique() > 1)
assert pairs["p_perm"].between(0, 1, inclusive="right").all()
