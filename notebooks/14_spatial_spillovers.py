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
# # 14 · Spatial spillovers: spatial Durbin panel, model choice, local regressions
#
# This section asks whether the drivers of coupling coordination act beyond the region where they
# change: a spatial Durbin panel model separates the direct effect of a driver from its spillover to
# the neighbouring regions, tests decide between the spatial Durbin, lag and error models, local
# regressions show where each driver matters, and a spatial β-convergence model adds the neighbours to
# the convergence of $D$. It needs a national panel (at least 30 regions) with boundaries or
# coordinates and external drivers; for a province of 8–13 regions it says why it is left out.

# %% [markdown] tags=["lang-zh"]
# # 14 · 空间溢出效应：空间杜宾面板模型、模型选择与局部回归
#
# 本节考察耦合协调的驱动因素是否在其变化的地区之外产生作用：以空间杜宾面板模型区分驱动因素的直接效应与其对邻近地区的溢出效应，以检验在空间杜宾模型、空间滞后模型与空间误差模型之间作出选择，以局部回归揭示各驱动因素作用的空间差异，并以空间β收敛模型考察邻近地区对耦合协调度收敛的影响。该分析需要全国尺度的面板（至少30个地区）、边界或坐标数据以及外部驱动因素；对于仅有8～13个地区的省份，本节说明不予估计的原因。

# %% [markdown] tags=["lang-en", "notebook-only"]
# **Files.** Reads `coupling.csv` (notebook 04) and, from the data folder, `drivers.csv` and the
# boundaries or `coordinates.csv`. Writes `spatial_models.csv`, `spatial_fit.csv`, `spatial_effects.csv`,
# `spatial_tests.csv`, `gwr_local.csv`, `gwr_bandwidths.csv` and `spatial_convergence.csv`, and the
# figures `14_effects` and `14_gwr`. Options: `spillover_weights` (`auto`: queen contiguity with
# boundaries, else the nearest neighbours; `contiguity`; `knn`) and `knn_k` (the number of neighbours).

# %% [markdown] tags=["lang-zh", "notebook-only"]
# **文件说明**：读取`coupling.csv`（04笔记本）以及数据文件夹中的`drivers.csv`与边界数据或`coordinates.csv`。输出`spatial_models.csv`、`spatial_fit.csv`、`spatial_effects.csv`、`spatial_tests.csv`、`gwr_local.csv`、`gwr_bandwidths.csv`与`spatial_convergence.csv`，以及图`14_effects`与`14_gwr`。选项：`spillover_weights`（`auto`：有边界数据时采用Queen邻接，否则采用最近邻；`contiguity`；`knn`）与`knn_k`（近邻个数）。

# %%
import pandas as pd
from IPython.display import Markdown, display

from helpers import drivers, econometrics, spatial
from helpers.data import catalog
from helpers.pipeline.context import open_context
from helpers.presentation import narrative, spillover_charts, tables

# %% tags=["parameters"]
province = "qinghai"
data_dir = None   # None: the folders of this project
output_dir = None
language = "en"
options = {}  # method options beyond province.toml [analysis], e.g. {"weighting": "critic"}; a run gives every notebook the same

# %%
ctx = open_context(province, data_dir, output_dir, language, options)
options, names = ctx.options, ctx.names
frame, points, external = ctx.boundaries(), ctx.coordinates(), ctx.drivers()
coupled = ctx.read(catalog.COUPLING)
kind, skipped = econometrics.spillover_plan(len(ctx.regions), frame is not None, points is not None,
                                            external is not None, options.spillover_weights)

# %% [markdown] tags=["lang-en"]
# ## The spatial Durbin panel model
#
# For region $i$ and year $t$, with the row-standardised spatial weights $w_{ij}$ and the standardised
# drivers $x_{k,it}$,
#
# $$D_{it} = \rho\sum_j w_{ij}D_{jt} + \sum_k \beta_k x_{k,it} + \sum_k \theta_k \sum_j w_{ij}x_{k,jt}
#   + \mu_i + \lambda_t + \varepsilon_{it},$$
#
# estimated by maximum likelihood after removing the region and year effects $\mu_i$, $\lambda_t$, with
# the bias correction of Lee and Yu (2010) (Elhorst 2014). $\rho$ measures how $D$ of a region moves
# with $D$ of its neighbours; $\theta_k$ how it moves with the neighbours' drivers. Because of the
# feedback through $\rho$, the coefficients are not the effects: LeSage and Pace (2009) define, with
# $S_k = (I - \rho W)^{-1}(\beta_k I + \theta_k W)$, the **direct effect** as the mean of the diagonal
# of $S_k$, the **total effect** as its mean row sum and the **indirect effect** (the spillover) as
# their difference. Their standard errors come from seeded draws of the parameters from their
# estimated distribution. The spatial lag model (SAR, $\theta = 0$) and the spatial error model (SEM,
# $u_t = \lambda W u_t + \varepsilon_t$) are estimated alike; LM tests and their robust forms
# (Anselin et al. 1996) on the residuals of the non-spatial model, Wald and likelihood-ratio tests of
# $\theta = 0$ and of $\theta + \rho\beta = 0$, and Hausman's test of fixed against random effects
# decide between them.

# %% [markdown] tags=["lang-zh"]
# ## 空间杜宾面板模型
#
# 对地区$i$、年份$t$，以行标准化空间权重$w_{ij}$与标准化后的驱动因素$x_{k,it}$，
#
# $$D_{it} = \rho\sum_j w_{ij}D_{jt} + \sum_k \beta_k x_{k,it} + \sum_k \theta_k \sum_j w_{ij}x_{k,jt}
#   + \mu_i + \lambda_t + \varepsilon_{it},$$
#
# 剔除地区效应$\mu_i$与时间效应$\lambda_t$后以极大似然法估计，并采用Lee和Yu（2010）的偏误修正（Elhorst，2014）。$\rho$反映地区耦合协调度随邻近地区耦合协调度变化的程度，$\theta_k$反映其随邻近地区驱动因素变化的程度。由于存在经由$\rho$的反馈，回归系数并不等于效应：按LeSage和Pace（2009），记$S_k = (I - \rho W)^{-1}(\beta_k I + \theta_k W)$，**直接效应**为$S_k$对角元素的均值，**总效应**为其行和的均值，**间接效应**（空间溢出效应）为二者之差；各效应的标准误由参数估计分布的抽样（随机种子固定）得到。空间滞后模型（SAR，$\theta = 0$）与空间误差模型（SEM，$u_t = \lambda W u_t + \varepsilon_t$）以同样方法估计；模型选择依据非空间模型残差的LM检验及其稳健形式（Anselin等，1996）、$\theta = 0$与$\theta + \rho\beta = 0$的Wald检验与似然比检验，以及固定效应与随机效应的Hausman检验。

# %%
if skipped:
    display(Markdown(narrative.describe_spillover_skipped(skipped, len(ctx.regions), names)))
    ctx.write_empty(*catalog.written_by("14"))
else:
    located = frame.set_index("region_code") if frame is not None else None
    x, y = spatial.centroids(located) if located is not None else spatial.projected_points(points)
    if kind == "contiguity":
        w, _ = spatial.contiguity_weights(located, "queen")
    else:
        w = spatial.knn_weights(x, y, options.knn_k)
    display(Markdown(narrative.describe_spillover_weights(w, names, kind=kind, k=options.knn_k)))
    panel = coupled.set_index(["region_code", "year"])[["D"]].join(
        external.set_index(["region_code", "year"])[list(names.drivers)]).dropna()
    X = drivers.standardized(panel[list(names.drivers)])
    results = econometrics.spillover_tables(panel["D"], X, w, draws=econometrics.EFFECT_DRAWS, seed=options.seed)
    for key, output in (("models", catalog.SPATIAL_MODELS), ("fit", catalog.SPATIAL_FIT),
                        ("effects", catalog.SPATIAL_EFFECTS), ("tests", catalog.SPATIAL_TESTS)):
        ctx.write(results[key], output)
    display(Markdown(narrative.describe_model_choice(results["tests"], names)))
    display(tables.spatial_model_table(results["models"], results["fit"], names))

# %%
if not skipped:
    display(tables.effects_table(results["effects"], names))
    fig = spillover_charts.effects_chart(results["effects"], names)
    ctx.save(fig, "14_effects")
    display(Markdown(narrative.describe_spillovers(results["models"], results["effects"], results["fit"], names,
                                                   draws=econometrics.EFFECT_DRAWS)))

# %% [markdown] tags=["lang-en"]
# ## Local regressions (GWR and MGWR)
#
# In the last year, $D_i = \beta_0(u_i, v_i) + \sum_k \beta_k(u_i, v_i)\,x_{k,i} + \varepsilon_i$ with
# coefficients that vary with the location $(u_i, v_i)$: each region's regression weights the others
# by a bisquare kernel of its nearest neighbours, their number (the bandwidth) chosen by AICc
# (Fotheringham, Brunsdon and Charlton 2002). Multiscale GWR (MGWR; Fotheringham, Yang and Kang 2017)
# gives every driver its own bandwidth. Testing a coefficient in every region multiplies the tests, so
# a local estimate is called significant at the corrected level $\alpha\,k/\mathrm{ENP}$ of da Silva
# and Fotheringham (2016) ($\mathrm{ENP}$ the effective number of parameters).

# %% [markdown] tags=["lang-zh"]
# ## 局部回归（GWR与MGWR）
#
# 对末年数据建立$D_i = \beta_0(u_i, v_i) + \sum_k \beta_k(u_i, v_i)\,x_{k,i} + \varepsilon_i$，回归系数随位置$(u_i, v_i)$变化：每个地区的回归以双平方核函数对其近邻地区加权，近邻数（带宽）按AICc准则确定（Fotheringham、Brunsdon和Charlton，2002）。多尺度地理加权回归（MGWR；Fotheringham、Yang和Kang，2017）允许各驱动因素采用不同带宽。对每个地区的系数逐一检验会使检验次数成倍增加，因此局部估计采用da Silva和Fotheringham（2016）的校正显著性水平$\alpha\,k/\mathrm{ENP}$（$\mathrm{ENP}$为有效参数个数）判断是否显著。

# %%
if not skipped:
    last = ctx.config.last_year
    year_rows = panel.xs(last, level="year")
    X_last = drivers.standardized(year_rows[list(names.drivers)])
    xy = pd.DataFrame({"x": x, "y": y}).reindex(year_rows.index)
    fits, too_many = {}, {}
    for model, fitter, limit in (("gwr", econometrics.gwr, econometrics.GWR_MAX_REGIONS),
                                 ("mgwr", econometrics.mgwr, econometrics.MGWR_MAX_REGIONS)):
        if len(year_rows) <= limit:
            fits[model] = fitter(year_rows["D"], X_last, xy)
        else:
            too_many[model] = len(year_rows)
    local, bandwidths = econometrics.gwr_tables(fits, last) if fits else (
        pd.DataFrame(columns=list(catalog.GWR_LOCAL.columns)), pd.DataFrame(columns=list(catalog.GWR_BANDWIDTHS.columns)))
    ctx.write(local, catalog.GWR_LOCAL)
    ctx.write(bandwidths, catalog.GWR_BANDWIDTHS)
    if fits:
        shapes = frame.to_crs(spatial.CHINA_ALBERS) if frame is not None else None
        fig = spillover_charts.local_coefficients(local, xy, names, shapes=shapes,
                                                  model=next(iter(fits)))
        ctx.save(fig, "14_gwr")
    display(Markdown(narrative.describe_gwr(bandwidths, names, year=last, skipped=too_many)))

# %% [markdown] tags=["lang-en"]
# ## Spatial β-convergence
#
# Conditional β-convergence of $D$ in the form of a spatial Durbin model (Elhorst, Piras and Arbia
# 2010): the growth $\ln(D_{i,t+1}/D_{i,t})$ is regressed on $\ln D_{i,t}$, its spatial lag, the drivers
# and region and year effects. The reported $\beta$ is the direct effect of $\ln D_{i,t}$; a negative
# $\beta$ means convergence at the speed $\lambda = -\ln(1+\beta)$ a year, with the half-life
# $\ln 2/\lambda$.

# %% [markdown] tags=["lang-zh"]
# ## 空间β收敛
#
# 以空间杜宾模型形式检验耦合协调度的条件β收敛（Elhorst、Piras和Arbia，2010）：以增长率$\ln(D_{i,t+1}/D_{i,t})$对$\ln D_{i,t}$及其空间滞后项、驱动因素以及地区与年份效应回归。报告的$\beta$为$\ln D_{i,t}$的直接效应；$\beta$为负表示存在收敛，收敛速度为每年$\lambda = -\ln(1+\beta)$，半衰期为$\ln 2/\lambda$。

# %%
if not skipped:
    wide = panel["D"].unstack("year")
    convergence = econometrics.spatial_beta_convergence(wide, w, controls=X, draws=econometrics.EFFECT_DRAWS,
                                                        seed=options.seed)
    table = pd.DataFrame([{"measure": "D", **convergence.to_dict()}])
    ctx.write(table, catalog.SPATIAL_CONVERGENCE)
    display(Markdown(narrative.describe_spatial_convergence(convergence, names)))

# %%
# Invariants: the effects add up (indirect = total − direct); every p-value lies in [0, 1].
if not skipped:
    e = results["effects"].pivot_table(index=["model", "term"], columns="effect", values="estimate")
    assert ((e["total"] - e["direct"] - e["indirect"]).abs() < 1e-9).all()
    assert results["tests"]["p"].dropna().between(0, 1).all()
