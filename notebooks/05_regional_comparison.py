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
# # 05 · Regional comparison
#
# This section compares the regions: their ranks by the coupling coordination degree, the region
# groups, the dispersion across regions and its σ-convergence, and a cluster analysis of their
# trajectories; published urbanization rates and the national policy documents of the study period
# place the results in context.

# %% [markdown] tags=["lang-zh"]
# # 05 · 区域比较
#
# 本节从地区排名、区域分组、地区间离散程度及其σ收敛、发展轨迹聚类等方面对各地区进行比较，并结合研究期内公开发布的城镇化率与国家政策文件，为结果提供参照。

# %% [markdown] tags=["lang-en", "notebook-only"]
# **Files.** Reads `coupling.csv` (notebook 04), `scores.csv` (notebook 03), `regions.csv` and the
# sourced facts of `data/raw/reference/` (census and NBS urbanization rates,
# `policy_documents.csv`; sources in `SOURCES.md` beside them). Writes `ranking.csv`,
# `dispersion.csv`, `clusters.csv`, `group_means.csv`, `reference_urbanization.csv` and
# `policy_documents.csv`, and the figures `05_ranking`, `05_dispersion`, `05_groups`, `05_clusters`,
# `05_reference_urbanization` and `05_policy_timeline`. Region groups are declared in `[groups]` of
# `province.toml` and the `group` column of `regions.csv`; the focus region of the reference chart
# is `focus_region`; the number of clusters can be fixed with the option `cluster_k`.

# %% [markdown] tags=["lang-zh", "notebook-only"]
# **文件说明**：读取`coupling.csv`（04笔记本）、`scores.csv`（03笔记本）、`regions.csv`以及`data/raw/reference/`中注明来源的公开数据（人口普查与国家统计局城镇化率、`policy_documents.csv`，来源见同一文件夹中的`SOURCES.md`）。输出`ranking.csv`、`dispersion.csv`、`clusters.csv`、`group_means.csv`、`reference_urbanization.csv`与`policy_documents.csv`，以及图`05_ranking`、`05_dispersion`、`05_groups`、`05_clusters`、`05_reference_urbanization`与`05_policy_timeline`。区域分组在`province.toml`的`[groups]`与`regions.csv`的`group`列中声明；参照图的重点地区为`focus_region`；聚类数可用选项`cluster_k`指定。

# %%
from IPython.display import Markdown, display

from helpers import comparison
from helpers.data import catalog, reference
from helpers.pipeline.context import open_context
from helpers.presentation import charts, labels, narrative, tables

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
# ## Rankings
#
# In every year the regions are ranked by the coupling coordination degree $D$ and by the composite
# score of each system (1 = highest), and compared with the provincial mean (the unweighted mean over
# the regions).

# %% [markdown] tags=["lang-zh"]
# ## 排名
#
# 逐年按耦合协调度$D$及各系统综合得分对各地区排序（1为最高），并与全省均值（各地区的简单算术平均）比较。

# %%
measures = comparison.long_measures(ctx.read(catalog.COUPLING), ctx.read(catalog.SCORES), ctx.config.system_ids)
ranks = comparison.ranking(measures)
ctx.write(ranks, catalog.RANKING)
changes = comparison.rank_changes(ranks)
tables.rank_change_table(changes, "D", names)

# %%
fig = charts.rank_bump(ranks[ranks["measure"] == "D"], names, title=labels.term("ranking_title", language))
ctx.save(fig, "05_ranking")

# %%
display(Markdown(narrative.describe_ranking(changes, names)))

# %% [markdown] tags=["lang-en"]
# ## Region groups
#
# The mean $D$ of each group of regions, with the groups defined for the province (e.g. its
# economic or geographical zones).

# %% [markdown] tags=["lang-zh"]
# ## 区域分组
#
# 按研究区的区域划分（如经济区或地理分区）计算各分组的耦合协调度均值。

# %%
groups = comparison.group_means(measures, ctx.regions)
ctx.write(groups, catalog.GROUP_MEANS)
if groups.empty:
    display(Markdown(labels.text("nb.no_groups", language)))
else:
    fig = charts.group_lines(groups[groups["measure"] == "D"], names.groups, ylabel="D",
                             title=labels.term("groups_title", language), language=language)
    ctx.save(fig, "05_groups")
    display(tables.group_table(groups, "D", names).round(3))

# %% [markdown] tags=["lang-en"]
# ## Dispersion and σ-convergence
#
# For each year, over the $n$ regions: the mean $\mu = \frac1n\sum_i x_i$, the standard deviation
# $\sigma = \sqrt{\frac1n\sum_i (x_i-\mu)^2}$ (the population standard deviation, since the regions
# make up the whole province rather than a sample of it), the coefficient of variation
# $CV = \sigma/\mu$ and the ratio $\max_i x_i / \min_i x_i$. **σ-convergence** means that the
# coefficient of variation falls over time; its trend is the least-squares slope of the coefficient
# of variation on the year.

# %% [markdown] tags=["lang-zh"]
# ## 离散程度与σ收敛
#
# 对每一年的$n$个地区计算均值$\mu = \frac1n\sum_i x_i$、标准差$\sigma = \sqrt{\frac1n\sum_i (x_i-\mu)^2}$（采用总体标准差，因为各地区构成全省总体而非样本）、变异系数$CV = \sigma/\mu$及极值比$\max_i x_i / \min_i x_i$。**σ收敛**指变异系数随时间下降，其趋势以变异系数对年份的最小二乘回归斜率度量。

# %%
disp = comparison.dispersion(measures)
ctx.write(disp, catalog.DISPERSION)
convergence = comparison.sigma_convergence(disp)
tables.cv_table(disp, names).round(4)

# %%
# NBVAL_CHECK_OUTPUT
# Key numbers checked by nbval: the coefficient of variation of every measure in the last year.
print(disp[disp["year"] == disp["year"].max()].set_index("measure")["cv"].round(6).to_string())

# %%
fig = charts.dispersion_lines(disp, names.systems, language)
ctx.save(fig, "05_dispersion")

# %%
display(Markdown(narrative.describe_dispersion(convergence, names)))

# %% [markdown] tags=["lang-en"]
# ## Clusters of regions
#
# Each region is described by its trajectories of $D$ and of the system scores (one feature per
# measure and year), each feature standardised over the regions ($z$-score). Ward's hierarchical
# clustering merges at each step the two clusters whose union increases the within-cluster sum of
# squares least. The number of clusters $k$, unless fixed in advance, maximises the mean
# **silhouette** $s_i = (b_i - a_i)/\max(a_i, b_i)$, where $a_i$ is the mean distance of region $i$
# to the other members of its cluster and $b_i$ the mean distance to the nearest other cluster. k-means clustering
# with the same $k$ (fixed seed, 25 starts) checks that the partition is stable. Clusters are
# numbered from the highest mean $D$ (1).

# %% [markdown] tags=["lang-zh"]
# ## 地区聚类
#
# 以各地区$D$与各系统得分的时间轨迹（每个测度的每一年为一个特征）刻画地区，各特征在地区间作$z$标准化。Ward系统聚类每一步合并使类内离差平方和增加最少的两类。聚类数$k$取平均**轮廓系数**$s_i = (b_i - a_i)/\max(a_i, b_i)$最大者（事先指定聚类数时除外），其中$a_i$为地区$i$到本类其他地区的平均距离，$b_i$为其到最近其他类的平均距离。以相同$k$值的k均值聚类（固定随机种子，25次随机初始化）检验分类的稳定性。类别按平均$D$从高到低编号（1为最高）。

# %%
X = comparison.standardized_trajectories(measures, list(names.systems))
mean_d = measures[measures["measure"] == "D"].groupby("region_code")["value"].mean()
if len(X) < 3:
    clusters = None
    display(Markdown(labels.text("nb.few_regions_clusters", language, n=len(X))))
else:
    clusters, silhouettes, tree = comparison.cluster_regions(X, mean_d, k=options.cluster_k)
    agreement = comparison.adjusted_rand_index(clusters["cluster"], clusters["kmeans_cluster"])
    ctx.write(clusters.assign(mean_D=clusters["region_code"].map(mean_d)), catalog.CLUSTERS)
    display(silhouettes.round(4).rename(columns={"k": labels.term("nb.cluster_count", language),
                                                 "silhouette": labels.term("nb.silhouette", language)})
            .set_index(labels.term("nb.cluster_count", language)).T)
    profile = measures[measures["measure"] == "D"].merge(clusters, on="region_code").groupby(["cluster", "year"])["value"].mean()
    fig = charts.dendrogram_with_profiles(tree, [names.region(c) for c in X.index], clusters,
                                          profile.rename("D").reset_index(), k=int(clusters["k"].iloc[0]), language=language)
    ctx.save(fig, "05_clusters")
    display(Markdown(narrative.describe_clusters(clusters, silhouettes, mean_d, names, agreement=agreement)))

# %% [markdown] tags=["lang-en"]
# ## Reference chart: urbanization of the focus region, the province and China
#
# Only published figures are used, each with its source, over the study period. The two bases of
# the National Bureau of Statistics (NBS), as published in the annual statistical communiqués and as
# revised after the seventh population census of 2020, are drawn as separate lines; census values
# are marked by stars; years without a published value are left as gaps and never filled in. The
# synthetic panel is **not** used in this chart.

# %% [markdown] tags=["lang-zh"]
# ## 参照图：重点地区、全省与全国的城镇化率
#
# 仅使用研究期内公开发布的数据，并逐项注明来源。国家统计局的两种口径，即年度统计公报口径与2020年第七次全国人口普查后的修订口径，分别绘制；普查数据以星号标出；没有公开数据的年份留空，不作插补。该图**不**使用合成面板数据。

# %%
series = reference.urbanization_reference(ctx.paths.reference, ctx.config, ctx.regions)
ctx.write(series, catalog.REFERENCE_URBANIZATION)
study = (ctx.config.first_year, ctx.config.last_year)
shown = series[series["year"].between(*study)]
bounds = reference.urbanization_bounds(ctx.paths.reference, shown["area_zh"].unique().tolist())
if len(shown):
    fig = charts.reference_chart(shown, bounds, years=study, language=language)
    ctx.save(fig, "05_reference_urbanization")

# %%
missing = reference.missing_areas(shown, ctx.config, ctx.regions)
display(Markdown(narrative.describe_reference(shown, bounds, missing, language=language)))
tables.reference_table(shown, names)

# %% [markdown] tags=["lang-en"]
# ## National policy documents
#
# The major national documents on rural revitalization and new-type urbanization published in the
# study period (date, issuer, title, document number, main provisions and source) are placed on a
# timeline under the provincial mean of $D$. The timeline sets the documents beside the trend; it
# does not measure their effect.

# %% [markdown] tags=["lang-zh"]
# ## 国家政策文件
#
# 将研究期内发布的乡村振兴与新型城镇化主要国家政策文件（日期、发布机关、标题、文号、主要内容及来源）以时间轴形式置于全省耦合协调度均值之下。时间轴仅将政策与趋势并列呈现，并不度量政策效果。

# %%
documents = reference.policy_documents(ctx.paths.reference, *study)
ctx.write(documents, catalog.POLICY_DOCUMENTS)
if len(documents):
    mean_d = measures[measures["measure"] == "D"].groupby("year")["value"].mean()
    fig = charts.policy_timeline(mean_d, documents, language)
    ctx.save(fig, "05_policy_timeline")
    display(tables.policy_table(documents, language))

# %%
# Invariants: ranks are 1 … n each year; the CV is σ/μ; clusters cover every region once.
n = len(ctx.regions)
assert ranks.groupby(["year", "measure"])["rank"].min().eq(1).all() and ranks["rank"].max() <= n
assert ((disp["cv"] - disp["std"] / disp["mean"]).abs() < 1e-12).all()
assert clusters is None or sorted(clusters["region_code"]) == sorted(ctx.regions["region_code"])
