"""Words in English or Chinese for titles, axes, legends and tables (``language`` = en | zh)."""

from __future__ import annotations

import pandas as pd

from ..data.config import ProvinceConfig

TERMS: dict[str, tuple[str, str]] = {
    "year": ("Year", "年份"),
    "region": ("Region", "地区"),
    "indicator": ("Indicator", "指标"),
    "dimension": ("Dimension", "维度"),
    "system": ("System", "系统"),
    "weight": ("Weight", "权重"),
    "score": ("Composite score", "综合得分"),
    "mean": ("Provincial mean", "全省均值"),
    "D": ("Coupling coordination degree D", "耦合协调度 D"),
    "C": ("Coupling degree C", "耦合度 C"),
    "T": ("Comprehensive index T", "综合协调指数 T"),
    "grade": ("Grade", "等级"),
    "observed": ("observed", "原始值"),
    "linear-interpolation": ("filled: linear interpolation", "填补：线性插值"),
    "nearest-year": ("filled: nearest year", "填补：邻近年份"),
    "thousands-separator": ("coerced: thousands separator", "转换：千位分隔符"),
    "full-width-characters": ("coerced: full-width digits", "转换：全角数字"),
    "missing_cells": ("Missing and coerced cells of the raw panel", "原始面板的缺失与转换单元格"),
    "normalized": ("Normalized values z", "标准化值 z"),
    "weights_title": ("Indicator weights by dimension", "各维度指标权重"),
    "scores_title": ("Composite scores by region", "各地区综合得分"),
    "d_heatmap": ("Coupling coordination degree D by region and year", "各地区历年耦合协调度 D"),
    "d_trajectories": ("D by region against the provincial mean", "各地区耦合协调度与全省均值"),
    "lag_title": ("Subsystem indices and lag zones", "子系统指数与滞后区间"),
    "synchronous": ("synchronous", "同步型"),
    "lagging": ("lagging", "滞后型"),
    "lag_share": ("How often each subsystem lags", "各子系统滞后频次"),
    "count": ("Count", "次数"),
    "first_year": ("first year", "首年"),
    "last_year": ("last year", "末年"),
    "ranking": ("Rank", "排名"),
    "cv": ("Coefficient of variation", "变异系数"),
    "std": ("Standard deviation", "标准差"),
    "maxmin": ("Max/min ratio", "极值比"),
    "cluster": ("Cluster", "类别"),
    "density": ("Density", "核密度"),
    "obstacle": ("Obstacle degree (%)", "障碍度（%）"),
    "grey": ("Grey relational grade", "灰色关联度"),
    "urbanization": ("Urbanization rate (%)", "城镇化率（%）"),
}


def term(key: str, language: str = "en") -> str:
    """The word for ``key`` in ``language``."""
    en, zh = TERMS[key]
    return zh if language == "zh" else en


def _column(language: str) -> str:
    return "name_zh" if language == "zh" else "name"


def region_names(regions: pd.DataFrame, language: str = "en") -> dict[str, str]:
    """region_code → name in ``language``."""
    return dict(zip(regions["region_code"], regions[_column(language)], strict=True))


def indicator_names(indicators: pd.DataFrame, language: str = "en", with_id: bool = True) -> dict[str, str]:
    """indicator id → ``"ID name"`` (or the name alone) in ``language``."""
    id_col = "id" if "id" in indicators.columns else "indicator"
    names = indicators[_column(language)]
    labels = indicators[id_col] + " " + names if with_id else names
    return dict(zip(indicators[id_col], labels, strict=True))


def system_names(config: ProvinceConfig, language: str = "en") -> dict[str, str]:
    """System and dimension id → name in ``language``."""
    out = {}
    for s in config.systems:
        out[s.id] = s.name_zh if language == "zh" else s.name
        for d in s.dimensions:
            out[d.id] = d.name_zh if language == "zh" else d.name
    return out


def group_names(config: ProvinceConfig, language: str = "en") -> dict[str, str]:
    return {g.id: (g.name_zh if language == "zh" else g.name) for g in config.groups}


def lag_label(value: str, config: ProvinceConfig, language: str = "en") -> str:
    """``synchronous`` / ``RR lagging`` in ``language`` with the subsystem's name."""
    if value == "synchronous":
        return term("synchronous", language)
    subsystem = value.removesuffix(" lagging")
    name = system_names(config, language).get(subsystem, subsystem)
    return f"{name}{term('lagging', language)}" if language == "zh" else f"{name} lagging"


def declared_order(config: ProvinceConfig) -> list[str]:
    """D, then the systems, then their dimensions, as province.toml declares them."""
    return ["D"] + [s.id for s in config.systems] + [d.id for s in config.systems for d in s.dimensions]


def in_declared_order(frame: pd.DataFrame, config: ProvinceConfig, axis: str = "both") -> pd.DataFrame:
    """``frame`` with its index and/or columns of system/dimension ids in declared order."""
    order = declared_order(config)

    def arrange(labels: pd.Index) -> list:
        known = [k for k in order if k in labels]
        return known + [k for k in labels if k not in known]

    if axis in ("index", "both"):
        frame = frame.reindex(index=arrange(frame.index))
    if axis in ("columns", "both"):
        frame = frame.reindex(columns=arrange(frame.columns))
    return frame
