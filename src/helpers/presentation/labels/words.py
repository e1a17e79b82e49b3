"""Single words and short phrases (English, Chinese): axes, legends, table headers, titles.

Keys are stable identifiers used by the code; the pairs are what a reader sees. Chinese follows the
terms of the field (熵值法, 耦合协调度, 障碍度, 灰色关联度, 核密度估计 …).
"""

from __future__ import annotations

Pair = tuple[str, str]

TERMS: dict[str, Pair] = {
    # axes, headers and legends
    "year": ("Year", "年份"),
    "region": ("Region", "地区"),
    "group": ("Group", "分组"),
    "indicator": ("Indicator", "指标"),
    "dimension": ("Dimension", "维度"),
    "system": ("System", "系统"),
    "measure": ("Measure", "测度"),
    "weight": ("Weight", "权重"),
    "score": ("Composite score", "综合得分"),
    "mean": ("Provincial mean", "全省均值"),
    "D": ("Coupling coordination degree D", "耦合协调度 D"),
    "C": ("Coupling degree C", "耦合度 C"),
    "T": ("Comprehensive index T", "综合协调指数 T"),
    "grade": ("Grade", "等级"),
    "grade_label": ("Grade", "等级"),
    "lag_type": ("Lag type", "滞后类型"),
    "name": ("Name", "名称"),
    "unit": ("Unit", "单位"),
    "direction": ("Direction", "方向"),
    "method": ("Method", "方法"),
    "raw": ("Raw text", "原始文本"),
    "area": ("Area", "地区"),
    "peak_x": ("Main peak", "主峰位置"),
    "peak_height": ("Peak height", "峰值"),
    "n_peaks": ("Peaks", "峰数"),
    "width": ("Width at half maximum", "半峰宽"),
    "skewness": ("Skewness", "偏度"),
    "bandwidth": ("Bandwidth h", "带宽 h"),
    "basis": ("Basis", "口径"),
    "source": ("Source", "来源"),
    "value": ("Value", "数值"),
    "cells": ("Cells", "单元格数"),
    "rank_first": ("Rank, first year", "首年排名"),
    "rank_last": ("Rank, last year", "末年排名"),
    "change": ("Change", "变化"),
    "members": ("Members", "成员"),
    "mean_D": ("Mean D", "平均 D"),
    "count": ("Count", "次数"),
    "ranking": ("Rank", "排名"),
    "cv": ("Coefficient of variation", "变异系数"),
    "cv_population": ("Coefficient of variation σ/μ (population σ)", "变异系数 σ/μ（总体标准差）"),
    "std": ("Standard deviation", "标准差"),
    "maxmin": ("Max/min ratio", "极值比"),
    "cluster": ("Cluster", "类别"),
    "density": ("Density", "核密度"),
    "obstacle": ("Obstacle degree (%)", "障碍度（%）"),
    "grey": ("Grey relational grade", "灰色关联度"),
    "urbanization": ("Urbanization rate (%)", "城镇化率（%）"),
    "normalized": ("Normalized values z", "标准化值 z"),
    "first_year": ("first year", "首年"),
    "last_year": ("last year", "末年"),
    "synchronous": ("synchronous", "同步型"),
    "lagging": ("lagging", "滞后"),
    "nation": ("China", "全国"),
    "data_status": ("Data status", "数据性质"),
    "parameter": ("parameter", "参数"),
    "contents": ("Contents", "目录"),
    # cell states of the raw panel (figure 01)
    "observed": ("observed", "原始值"),
    "linear-interpolation": ("filled: linear interpolation", "填补：线性插值"),
    "nearest-year": ("filled: nearest year", "填补：邻近年份"),
    "thousands-separator": ("coerced: thousands separator", "转换：千位分隔符"),
    "full-width-characters": ("coerced: full-width digits", "转换：全角数字"),
    # reference chart
    "as_published": ("as published", "公报口径"),
    "revised_post_census": ("revised after 2020 census", "七普后修订口径"),
    "census": ("census", "人口普查"),
    # figure titles
    "missing_cells": ("Missing and coerced cells of the raw panel", "原始面板的缺失与转换单元格"),
    "weights_title": ("Indicator weights by dimension", "各维度指标权重"),
    "scores_title": ("Composite scores by region", "各地区综合得分"),
    "d_heatmap": ("Coupling coordination degree D by region and year (numbers: grade 1–10)",
                  "各地区历年耦合协调度 D（数字为等级 1–10）"),
    "d_trajectories": ("D by region against the provincial mean", "各地区耦合协调度与全省均值"),
    "lag_title": ("Subsystem indices and lag zones", "子系统指数与滞后区间"),
    "large_dots": ("large dots: {year}", "大点：{year}年"),
    "lag_share": ("How often each subsystem lags", "各子系统滞后频次"),
    "ranking_title": ("Rank by D", "耦合协调度排名"),
    "groups_title": ("Mean D of the region groups", "各区域分组耦合协调度均值"),
    "dendrogram": ("Ward dendrogram (k = {k})", "Ward 聚类树（k = {k}）"),
    "cluster_means": ("Mean D of each cluster", "各类平均耦合协调度"),
    "reference_title": ("Urbanization rate: {areas} (published facts only)", "城镇化率：{areas}（仅公开数据）"),
    "below": ("{area} {year} below {value:g}", "{area} {year}年 < {value:g}"),
    "obstacle_province": ("Obstacle degree (%) · provincial mean", "障碍度（%）· 全省均值"),
    "obstacle_year": ("Obstacle degree (%) · {year}", "障碍度（%）· {year}年"),
    "grey_province": ("Grey relational grade · provincial mean sequences", "灰色关联度 · 全省均值序列"),
    "grey_regions": ("Grey relational grade with D · regions", "各地区维度与 D 的灰色关联度"),
}

# The ten grades of D, [0, 0.1) … [0.9, 1.0], as the coupling coordination literature names them.
GRADE_NAMES: tuple[Pair, ...] = (
    ("extreme imbalance", "极度失调"),
    ("severe imbalance", "严重失调"),
    ("moderate imbalance", "中度失调"),
    ("mild imbalance", "轻度失调"),
    ("on the verge of imbalance", "濒临失调"),
    ("barely coordinated", "勉强协调"),
    ("primary coordination", "初级协调"),
    ("intermediate coordination", "中级协调"),
    ("good coordination", "良好协调"),
    ("high-quality coordination", "优质协调"),
)

# How each method option is named in captions and generated text.
OPTION_NAMES: dict[str, dict[str, Pair]] = {
    "weighting": {
        "entropy": ("entropy method", "熵值法"),
        "critic": ("CRITIC method", "CRITIC 法"),
        "equal": ("equal weights", "等权法"),
        "entropy-critic": ("mean of entropy and CRITIC weights", "熵值法与 CRITIC 法组合赋权"),
    },
    "entropy_mode": {
        "pooled": ("pooled over all regions and years", "全样本（地区 × 年份）统一赋权"),
        "per-year": ("year by year", "逐年赋权"),
    },
    "coupling_formula": {
        "standard": ("standard coupling coordination model", "传统耦合协调度模型"),
        "wang": ("modified model of Wang et al. (2021)", "王淑佳等（2021）修正模型"),
        "fan": ("model of Fan et al. (2024)", "范等（2024）修正模型"),
    },
    "bandwidth": {
        "silverman": ("Silverman's rule", "Silverman 法则"),
        "scott": ("Scott's rule", "Scott 法则"),
    },
    "kde_boundary": {
        "reflect": ("reflected at 0 and 1", "在 0 与 1 处反射"),
        "none": ("no boundary correction", "不作边界修正"),
    },
    "grey_dimensionless": {
        "mean": ("divided by the mean", "均值化"),
        "initial": ("divided by the first value", "初值化"),
        "minmax": ("min–max", "极差标准化"),
        "none": ("none", "不做变换"),
    },
}

DATA_STATUS: dict[str, Pair] = {
    "synthetic-demo": ("Synthetic demonstration data, not official statistics", "合成演示数据，非官方统计"),
    "mixed": ("Partly synthetic data: see SOURCES.md", "部分为合成数据，见 SOURCES.md"),
    "official": ("Official statistics (see SOURCES.md)", "官方统计数据（见 SOURCES.md）"),
    "unverified": ("Data status not yet set: not verified official statistics", "数据性质尚未确认，并非经核实的官方统计"),
}
