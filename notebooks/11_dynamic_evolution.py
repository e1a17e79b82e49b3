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
# # 11 · Dynamic evolution: Markov transitions and GM(1,1) forecasts
#
# This section examines how the regions move between classes of coordination from year to year,
# with classical and spatial Markov chains, and extrapolates the trend of the coupling coordination
# degree with the grey model GM(1,1).

# %% [markdown] tags=["lang-zh"]
# # 11 · 动态演进：马尔可夫转移与GM(1,1)预测
#
# 本节运用传统与空间马尔可夫链考察各地区在协调类型之间的年际转移，并以灰色模型GM(1,1)外推耦合协调度的变化趋势。

# %% [markdown] tags=["lang-en", "notebook-only"]
# **Files.** Reads `coupling.csv` (notebook 04), `scores.csv` (notebook 03) and `spatial_weights.csv`
# (notebook 09). Writes `markov.csv` (kind, neighbour_class, from_class, to_class, count, probability),
# `forecast.csv` (region_code, measure, year, value, kind, a, b, C, P, grade, note), `lisa_markov.csv`,
# `space_time_transitions.csv` and `lisa_paths.csv`, and the figures `11_markov`, `11_forecast` and
# `11_lisa_paths`. Options: `markov_classes` (4) and `forecast_horizon` (5
# years).

# %% [markdown] tags=["lang-zh", "notebook-only"]
# **文件说明**：读取`coupling.csv`（04笔记本）、`scores.csv`（03笔记本）与`spatial_weights.csv`（09笔记本）。输出`markov.csv`（类型、邻近类型、起始类型、转移类型、次数、概率）、`forecast.csv`（地区代码、测度、年份、数值、类别、a、b、C、P、精度等级、备注）、`lisa_markov.csv`、`space_time_transitions.csv`与`lisa_paths.csv`，以及图`11_markov`、`11_forecast`与`11_lisa_paths`。选项：`markov_classes`（默认4）与`forecast_horizon`（默认5年）。

# %%
import pandas as pd
from IPython.display import Markdown, display

from helpers import comparison, dynamics, forecast, spatial
from helpers.data import catalog
from helpers.pipeline.context import open_context
from helpers.presentation import analysis_charts, dynamics_charts, labels, narrative, tables

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
# ## Markov chain of coordination classes
#
# The ten grades of $D$ are merged into a small number of classes (given in the parameter table of
# this section); when that number is even, the imbalanced grades 1～5 and the coordinated grades 6～10
# are never merged into one class. Counting every region's move from its class in year $t$ to its
# class in year $t+1$ gives the transition counts $n_{ij}$ and the probabilities
# $p_{ij} = n_{ij}/n_i$; the steady state $\pi$ solves $\pi P = \pi$ and describes the distribution
# the regions would reach if the probabilities held. Each probability is shown with the count behind
# it; a row with fewer than five transitions is flagged and not interpreted.
#
# The **spatial Markov chain** (Rey 2001) counts the same transitions separately by the class of the
# neighbours' mean $D$ (the spatial lag, with the spatial weights matrix of section 09). It needs many
# more transitions than a province of 8～13 regions usually provides; it is reported only when every
# conditional matrix has enough transitions, and otherwise the reason is stated.

# %% [markdown] tags=["lang-zh"]
# ## 协调类型的马尔可夫链
#
# 将$D$的十个等级合并为少数几个类型（类型数见本节参数表）；类型数为偶数时，失调等级1～5与协调等级6～10不会合并为同一类型。统计各地区从第$t$年所属类型转移到第$t+1$年所属类型的次数$n_{ij}$，转移概率$p_{ij} = n_{ij}/n_i$；稳态分布$\pi$满足$\pi P = \pi$，表示若转移概率保持不变，各地区最终将达到的分布。每个转移概率均同时给出其所依据的转移次数；转移次数少于5的行仅作标注，不作解读。
#
# **空间马尔可夫链**（Rey，2001）按邻近地区$D$均值（即空间滞后值，采用09节的空间权重矩阵）所属的类型分别统计上述转移。其所需的转移次数远多于一个仅有8～13个地区的省份通常所能提供的次数；只有当每个条件转移矩阵都有足够的转移次数时才报告其结果，否则说明未报告的原因。

# %%
coupled = ctx.read(catalog.COUPLING)
bands = dict(enumerate(dynamics.grade_bands(options.markov_classes), start=1))
band_names = {i: labels.band_name(b, language) for i, b in bands.items()}
classes = coupled.assign(band=dynamics.band_of(coupled["grade"], list(bands.values()))).pivot(index="region_code", columns="year",
                                                                               values="band")
classic = dynamics.markov(classes, labels=list(band_names))
w_table = ctx.read(catalog.SPATIAL_WEIGHTS)
conditional, estimated, reason = None, False, labels.text("markov.reason.no_weights", language)
if len(w_table):
    w = spatial.weights_from_table(w_table, classes.index.tolist())
    d = coupled.pivot(index="region_code", columns="year", values="D")
    conditional = dynamics.spatial_markov(d, w, dynamics.band_cutoffs(list(bands.values())), list(band_names))
    estimated = dynamics.enough_transitions(conditional)
    reason = labels.text("markov.reason.sparse", language, n=int(classic.row_totals.sum()),
                         minimum=dynamics.MIN_TRANSITIONS)
ctx.write(dynamics.markov_table(classic, conditional, estimated), catalog.MARKOV)
display(tables.parameter_table({"markov_classes": options.markov_classes,
                                "forecast_horizon": options.forecast_horizon}, language))
tables.transition_table(classic, bands, names)

# %%
# NBVAL_CHECK_OUTPUT
# Key numbers checked by nbval: the transition counts of the classic chain.
print(classic.counts.astype(int).to_string())

# %%
fig = dynamics_charts.transition_matrix(classic.counts, classic.probabilities, bands,
                                        title=labels.term("markov_title", language), language=language)
ctx.save(fig, "11_markov")

# %%
if conditional is not None:
    for neighbour, result in conditional.items():
        if result.counts.to_numpy().sum():
            title = "markov_title_spatial" if estimated else "markov_title_spatial_counts"
            display(Markdown(f"**{labels.term(title, language, band=band_names[neighbour])}**"),
                    tables.transition_table(result, bands, names, estimated=estimated))

# %% [markdown] tags=["lang-en"]
# ## GM(1,1) forecasts
#
# For each region's series $x^{(0)}(1),\dots,x^{(0)}(n)$ of $D$ and of each system score (and for the
# mean of the regions), the grey model GM(1,1) (Deng 1982) first applies the **level-ratio check**
# $\lambda(k) = x^{(0)}(k-1)/x^{(0)}(k) \in (e^{-2/(n+1)}, e^{2/(n+1)})$; a series that fails it is not
# modelled, and this is reported. Otherwise, with the accumulated series
# $x^{(1)}(k) = \sum_{i\le k}x^{(0)}(i)$ and the background values
# $z^{(1)}(k) = \tfrac12(x^{(1)}(k)+x^{(1)}(k-1))$, least squares gives the development coefficient
# $a$ and the grey input $b$ of $x^{(0)}(k) + a z^{(1)}(k) = b$, and
#
# $$\hat x^{(1)}(k+1) = \Big(x^{(0)}(1) - \frac ba\Big)e^{-ak} + \frac ba,\qquad
#   \hat x^{(0)}(k+1) = \hat x^{(1)}(k+1) - \hat x^{(1)}(k).$$
#
# The **posterior-error test** compares the residuals $\varepsilon(k) = x^{(0)}(k) - \hat x^{(0)}(k)$,
# $k = 2,\dots,n$, with the series ($\varepsilon(1) = 0$ by construction and is left out): the
# posterior variance ratio $C = S_2/S_1$ is the ratio of the standard deviation of the residuals to
# that of the series, and the small error probability is
# $P = \Pr(|\varepsilon(k)-\bar\varepsilon| < 0.6745\,S_1)$. The accuracy is good ($P\ge0.95$,
# $C\le0.35$), qualified ($P\ge0.80$, $C\le0.50$), barely qualified ($P\ge0.70$, $C\le0.65$) or
# unqualified. Only models graded good or qualified are used for forecasts; the others are flagged
# and not interpreted.
#
# **Bounds.** $D$ and the scores lie in $[0, 1]$, whereas the exponential curve of a rising series
# exceeds 1 sooner or later. The model is kept in the form common to GM(1,1) software, so that $a$,
# $b$, $C$ and $P$ remain comparable with published values, and the forecast **stops** before the
# first year in which it would leave $[0, 1]$; that year is reported. (Modelling the gap $1 - x$
# instead would keep the forecasts inside the bounds, but the gap of a series rising steadily towards
# 1 fails the level-ratio check.)

# %% [markdown] tags=["lang-zh"]
# ## GM(1,1)灰色预测
#
# 对每个地区（及各地区均值）的$D$与各系统得分序列$x^{(0)}(1),\dots,x^{(0)}(n)$，GM(1,1)模型（邓聚龙，1982）首先进行**级比检验**，要求$\lambda(k) = x^{(0)}(k-1)/x^{(0)}(k) \in (e^{-2/(n+1)}, e^{2/(n+1)})$；未通过检验的序列不建模，并予以说明。通过检验的序列，由一次累加序列$x^{(1)}(k) = \sum_{i\le k}x^{(0)}(i)$与紧邻均值序列$z^{(1)}(k) = \tfrac12(x^{(1)}(k)+x^{(1)}(k-1))$，以最小二乘法估计$x^{(0)}(k) + a z^{(1)}(k) = b$中的发展系数$a$与灰作用量$b$，并得到
#
# $$\hat x^{(1)}(k+1) = \Big(x^{(0)}(1) - \frac ba\Big)e^{-ak} + \frac ba,\qquad
#   \hat x^{(0)}(k+1) = \hat x^{(1)}(k+1) - \hat x^{(1)}(k).$$
#
# **后验差检验**比较残差$\varepsilon(k) = x^{(0)}(k) - \hat x^{(0)}(k)$（$k = 2,\dots,n$；$\varepsilon(1)$按构造恒为0，不予计入）与原序列：后验差比$C = S_2/S_1$为残差标准差与原序列标准差之比，小误差概率$P = \Pr(|\varepsilon(k)-\bar\varepsilon| < 0.6745\,S_1)$。精度等级分为好（$P\ge0.95$，$C\le0.35$）、合格（$P\ge0.80$，$C\le0.50$）、勉强合格（$P\ge0.70$，$C\le0.65$）与不合格四级。仅精度等级为好或合格的模型用于预测，其余模型予以标注，不作解读。
#
# **取值范围**：$D$与各系统得分取值于$[0, 1]$，而上升序列的指数曲线迟早会超过1。本文保留GM(1,1)软件通用的模型形式，使$a$、$b$、$C$、$P$可与已有文献比较，并在预测值首次超出$[0, 1]$的年份之前**终止预测**，同时报告该年份。（若改为对差值$1 - x$建模，预测值虽不会越界，但稳步趋近1的序列，其差值序列往往无法通过级比检验。）

# %%
measures = comparison.long_measures(coupled, ctx.read(catalog.SCORES), ctx.config.system_ids)
forecasts = forecast.forecast_table(measures, options.forecast_horizon)
ctx.write(forecasts, catalog.FORECAST)
summary = tables.forecast_summary(forecasts, "D", names)
display(summary.map(lambda v: "—" if pd.isna(v) else labels.fixed(v, 4) if isinstance(v, float) else v))
if summary.isna().to_numpy().any():
    display(Markdown(labels.text("nb.forecast_dash", language)))

# %%
fig = dynamics_charts.forecast_fans(forecasts, names.regions, measure="D", language=language, focus=names.focus)
ctx.save(fig, "11_forecast")

# %% [markdown] tags=["lang-en"]
# ## LISA dynamics: Markov chain, space–time transitions and time paths
#
# Each year every region sits in one quadrant of the Moran scatter plot of $D$: HH, LH, LL or HL
# (its own standardised value $z_{i,t}$ high or low, its neighbours' $\sum_j w_{ij} z_{j,t}$ high or low).
# The **LISA Markov chain** (Rey 2001) counts the year-to-year moves between the quadrants and
# estimates $p_{kl} = n_{kl}/n_k$ as in the classical chain. Rey's **space–time transitions**
# classify each move: type 0, neither the region nor its neighbours change side; type I, only the
# region moves; type II, only the neighbours move; type III, both move, in the same direction
# (IIIA) or in opposite directions (IIIB). The **LISA time path** of a region (Rey, Murray and
# Anselin 2011) joins its points $(z_{i,t}, \sum_j w_{ij} z_{j,t})$ over the years: its length relative
# to the mean length of all paths shows how mobile the region is, and its tortuosity (length over
# the distance from the first point to the last) how much it turns back.
#
# With 8–13 regions and 9–12 intervals the chain rests on about 70–160 moves, spread over sixteen
# cells: the counts are printed with every probability, and a probability from a handful of moves
# describes the sample rather than a stable law of motion.
#
# Rey S J. Spatial empirics for economic growth and convergence[J]. Geographical Analysis, 2001,
# 33(3): 195-214.
#
# Rey S J, Murray A T, Anselin L. Visualizing regional income distribution dynamics[J]. Letters in
# Spatial and Resource Sciences, 2011, 4(1): 81-90.

# %% [markdown] tags=["lang-zh"]
# ## LISA动态：马尔可夫链、时空跃迁与时间路径
#
# 每一年份，各地区均位于耦合协调度莫兰散点图的某一象限：高-高、低-高、低-低或高-低，分别对应其自身标准化值$z_{i,t}$与邻近地区加权值$\sum_j w_{ij} z_{j,t}$的高低组合。**LISA马尔可夫链**（Rey，2001）统计各象限之间的年际转移次数，并与传统马尔可夫链一样以$p_{kl} = n_{kl}/n_k$估计转移概率。Rey的**时空跃迁**将每次转移分为四类：0类，地区自身与邻近地区均未跃迁；I类，仅地区自身跃迁；II类，仅邻近地区跃迁；III类，二者同时跃迁，方向相同为IIIA类，方向相反为IIIB类。地区的**LISA时间路径**（Rey等，2011）将其各年的点$(z_{i,t}, \sum_j w_{ij} z_{j,t})$依次相连：路径长度与全部路径平均长度之比反映该地区空间位置的变动程度，弯曲度（路径长度与首末两点间距离之比）反映其往复程度。
#
# 地区数为8～13个、时段数为9～12个时，转移总数约为70～160次，且分散于转移矩阵的16个元素中。因此每一转移概率均同时给出其所依据的转移次数；仅由少数几次转移得到的概率只是对样本的描述，并不代表稳定的演变规律。
#
# Rey S J. Spatial empirics for economic growth and convergence[J]. Geographical Analysis, 2001, 33(3): 195-214.
#
# Rey S J, Murray A T, Anselin L. Visualizing regional income distribution dynamics[J]. Letters in Spatial and Resource Sciences, 2011, 4(1): 81-90.

# %%
if len(w_table):
    chain = dynamics.lisa_markov(d, w)
    transitions = dynamics.space_time_transitions(d, w)["summary"]
    paths = dynamics.lisa_time_paths(d, w)
    ctx.write(dynamics.quadrant_transitions(chain), catalog.LISA_MARKOV)
    ctx.write(transitions.reset_index(), catalog.SPACE_TIME)
    ctx.write(paths, catalog.LISA_PATHS)
    display(tables.lisa_markov_table(dynamics.quadrant_transitions(chain), language))
    ctx.save(analysis_charts.lisa_paths(dynamics.moran_scatter(d, w), paths, names), "11_lisa_paths")
    display(Markdown(narrative.describe_lisa_dynamics(chain, transitions, paths, names)))
else:
    ctx.write_empty(catalog.LISA_MARKOV, catalog.SPACE_TIME, catalog.LISA_PATHS)

# %% [markdown] tags=["lang-en"]
# ## Interpretation

# %% [markdown] tags=["lang-zh"]
# ## 结果解读

# %%
display(Markdown(narrative.describe_markov(classic, conditional, band_names, names, estimated=estimated,
                                           skipped_reason=reason)))
display(Markdown(narrative.describe_forecast(forecasts, names, horizon=options.forecast_horizon)))

# %%
# Invariants: every region-year but the last is the origin of one transition; probability rows sum to 1;
# fitted series have as many values as observed ones.
assert classic.row_totals.sum() == len(ctx.regions) * (len(ctx.config.years) - 1)
observed_rows = classic.row_totals > 0
assert ((classic.probabilities[observed_rows].sum(axis=1) - 1).abs() < 1e-12).all()
sizes = forecasts.groupby(["region_code", "measure", "kind"]).size().unstack("kind")
if "fitted" in sizes:
    assert (sizes["fitted"].dropna() == sizes.loc[sizes["fitted"].notna(), "observed"]).all()
