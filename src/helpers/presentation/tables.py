"""Thesis tables: compact, labelled views of the processed results.

Each function takes result tables (as the notebooks write them) and names in the chosen language and
returns a small DataFrame; :func:`result_tables` assembles the set that ``report`` exports as LaTeX
and Excel, with captions that say when the data are synthetic. The notebooks show the same views.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from ..data.io import read_table
from ..data.paths import ProvincePaths
from ..data.validate import Meta
from .labels import in_declared_order, lag_label, region_names, system_names, term

ZH_HEADERS = {"rank_first": "首年排名", "rank_last": "末年排名", "change": "变化", "members": "成员", "mean_D": "平均 D",
              "unit": "单位", "direction": "方向", "name": "名称", "method": "方法", "cells": "单元格数",
              "grade_label": "等级", "lag_type": "滞后类型", "cluster": "类别"}


@dataclass(frozen=True)
class ResultTable:
    key: str          # file stem, e.g. "t03_coupling_d"
    title: str        # caption without the data-status note
    frame: pd.DataFrame
    decimals: int = 3


def header(key: str, language: str) -> str:
    """Column header in ``language``: the Chinese word for zh, else the key with spaces."""
    if language == "zh" and key in ZH_HEADERS:
        return ZH_HEADERS[key]
    return key.replace("_", " ")


def indicator_system(indicators: pd.DataFrame, weights: pd.DataFrame, names: dict[str, str], language: str) -> pd.DataFrame:
    """Indicator, system, dimension, name, unit, direction and (mean) weight."""
    w = weights.groupby("indicator", sort=False)["weight"].mean()
    name_col = "name_zh" if language == "zh" else "name"
    out = pd.DataFrame({
        term("system", language): indicators["system"].map(names).to_numpy(),
        term("dimension", language): indicators["dimension"].map(names).to_numpy(),
        term("indicator", language): indicators["id"].to_numpy(),
        header("name", language): indicators[name_col].to_numpy(),
        header("unit", language): indicators["unit"].to_numpy(),
        header("direction", language): indicators["direction"].to_numpy(),
        term("weight", language): indicators["id"].map(w).to_numpy(),
    })
    return out


def by_region_and_year(frame: pd.DataFrame, value: str, labels: dict[str, str], language: str) -> pd.DataFrame:
    """Regions (rows) × years (columns) of ``value``."""
    wide = frame.pivot(index="region_code", columns="year", values=value)
    wide.index = [labels[c] for c in wide.index]
    wide.index.name = term("region", language)
    wide.columns.name = None
    return wide


def coupling_year(coupling: pd.DataFrame, year: int, subsystems: list[str], labels: dict[str, str],
                  names: dict[str, str], config, language: str) -> pd.DataFrame:
    """U columns, C, T, D, grade and lag type of every region in one year."""
    part = coupling[coupling["year"] == year].set_index("region_code")
    out = part[subsystems + ["C", "T", "D"]].rename(columns=names)
    out[header("grade_label", language)] = part["grade_label_zh" if language == "zh" else "grade_label"]
    out[header("lag_type", language)] = [lag_label(t, config, language) for t in part["lag_type"]]
    out.index = [labels[c] for c in out.index]
    out.index.name = term("region", language)
    return out


def rank_change_table(changes: pd.DataFrame, measure: str, labels: dict[str, str], language: str) -> pd.DataFrame:
    part = changes[changes["measure"] == measure].sort_values("rank_last")
    out = part.set_index("region_code")[["rank_first", "rank_last", "change"]]
    out.index = [labels[c] for c in out.index]
    out.index.name = term("region", language)
    return out.rename(columns=lambda c: header(c, language))


def cv_table(disp: pd.DataFrame, names: dict[str, str]) -> pd.DataFrame:
    """Years × measures of the coefficient of variation."""
    wide = disp.pivot(index="year", columns="measure", values="cv")
    order = list(dict.fromkeys(disp["measure"]))
    wide = wide[order].rename(columns=names)
    wide.columns.name = None
    return wide


def cluster_table(clusters: pd.DataFrame, labels: dict[str, str], language: str) -> pd.DataFrame:
    rows = [{header("cluster", language): c, header("members", language): "、".join(labels[r] for r in g["region_code"])
             if language == "zh" else ", ".join(labels[r] for r in g["region_code"]), header("mean_D", language): g["mean_D"].mean()}
            for c, g in clusters.groupby("cluster")]
    return pd.DataFrame(rows).set_index(header("cluster", language))


def top_obstacle_table(top: pd.DataFrame, labels: dict[str, str], names: dict[str, str], language: str) -> pd.DataFrame:
    """Regions × rank: ``ID (share %)`` of the largest obstacles (one system, one year)."""
    cells = top.assign(cell=top["item"] + " (" + top["obstacle_pct"].map(lambda v: f"{v:.1f}") + "%)")
    wide = cells.pivot(index="region_code", columns="rank", values="cell")
    wide.index = [labels[c] for c in wide.index]
    wide.index.name = term("region", language)
    wide.columns = [f"{term('ranking', language)} {r}" for r in wide.columns]
    return wide


def dimension_obstacles(obstacles: pd.DataFrame, config, names: dict[str, str], language: str) -> pd.DataFrame:
    """Dimensions (declared order) × years of the provincial mean obstacle degree (%)."""
    dims = obstacles[obstacles["level"] == "dimension"].groupby(["item", "year"])["obstacle_pct"].mean().unstack("year")
    dims = in_declared_order(dims, config, "index").rename(index=names)
    dims.index.name, dims.columns.name = term("dimension", language), None
    return dims


def grey_dimension_table(grey: pd.DataFrame, config, names: dict[str, str], language: str, scope: str = "province") -> pd.DataFrame:
    """Dimensions × references (systems, D) of the grey relational grades of one scope."""
    part = grey[(grey["scope"] == scope) & (grey["level"] == "dimension")]
    wide = in_declared_order(part.pivot(index="item", columns="reference", values="grade"), config).rename(index=names, columns=names)
    wide.index.name, wide.columns.name = term("dimension", language), None
    return wide


def result_tables(paths: ProvincePaths, meta: Meta, language: str = "en") -> list[ResultTable]:
    """The publication tables of a province, from the files in ``data/processed/<province>/``."""
    from ..methods import comparison, obstacle

    def read(name: str) -> pd.DataFrame | None:
        path = paths.processed_file(name)
        return read_table(path) if path.is_file() else None

    config = meta.config
    labels = region_names(meta.regions, language)
    names = {**system_names(config, language), "D": "D"}
    zh = language == "zh"
    tables: list[ResultTable] = []
    weights, scores, coupling = read("weights.csv"), read("scores.csv"), read("coupling.csv")
    if weights is not None:
        tables.append(ResultTable("t01_indicator_system", "指标体系与熵值法权重" if zh else "Indicator system and weights",
                                  indicator_system(meta.indicators, weights, names, language), 4))
    if scores is not None:
        for system in config.system_ids:
            part = scores[scores["system"] == system]
            tables.append(ResultTable(f"t02_scores_{system}", f"{names[system]}综合得分" if zh else f"{names[system]}: composite scores",
                                      by_region_and_year(part, "score", labels, language)))
    if coupling is not None:
        last = int(coupling["year"].max())
        subsystems = [c for c in coupling.columns if c not in ("region_code", "year", "C", "T", "D", "grade", "grade_label",
                                                               "grade_label_zh", "lag_type", "relative_development")]
        tables.append(ResultTable("t03_coupling_d", "耦合协调度 D" if zh else "Coupling coordination degree D",
                                  by_region_and_year(coupling, "D", labels, language)))
        tables.append(ResultTable("t04_coupling_last_year", f"{last}年耦合协调结果" if zh else f"Coupling results in {last}",
                                  coupling_year(coupling, last, subsystems, labels, names, config, language)))
    ranking, disp, clusters = read("ranking.csv"), read("dispersion.csv"), read("clusters.csv")
    if ranking is not None:
        tables.append(ResultTable("t05_ranking", "耦合协调度排名变化" if zh else "Ranking by D: first and last year",
                                  rank_change_table(comparison.rank_changes(ranking), "D", labels, language), 0))
    if disp is not None:
        tables.append(ResultTable("t06_dispersion", "变异系数（总体标准差）" if zh else "Coefficient of variation (population σ)",
                                  cv_table(disp, names), 4))
    if clusters is not None and len(clusters):
        tables.append(ResultTable("t07_clusters", "聚类结果（Ward 法）" if zh else "Clusters of regions (Ward)",
                                  cluster_table(clusters, labels, language)))
    obstacles = read("obstacles.csv")
    if obstacles is not None and len(obstacles):
        last = int(obstacles["year"].max())
        for system in config.system_ids:
            top = obstacle.top_obstacles(obstacles[(obstacles["year"] == last) & (obstacles["system"] == system)], 5)
            tables.append(ResultTable(f"t08_obstacles_{system}", f"{last}年{names[system]}主要障碍因子" if zh
                                      else f"{names[system]}: top obstacles in {last}", top_obstacle_table(top, labels, names, language)))
        tables.append(ResultTable("t09_dimension_obstacles", "维度障碍度（%，全省均值）" if zh else "Dimension obstacle degrees (%, provincial mean)",
                                  dimension_obstacles(obstacles, config, names, language), 1))
    grey = read("grey_relational.csv")
    if grey is not None:
        tables.append(ResultTable("t10_grey_relational", "灰色关联度（全省均值序列）" if zh else "Grey relational grades (provincial mean sequences)",
                                  grey_dimension_table(grey, config, names, language), 3))
    log = read("imputation_log.csv")
    if log is not None:
        counts = log["method"].value_counts().rename_axis(header("method", language)).rename(header("cells", language)).to_frame()
        tables.append(ResultTable("t11_data_cleaning", "数据清洗记录" if zh else "Cells filled or converted in data cleaning", counts, 0))
    return tables

