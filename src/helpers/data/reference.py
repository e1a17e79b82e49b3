"""Sourced reference facts: the urbanization series of the focus region, the province and China,
and the national policy documents on rural revitalization and new-type urbanization.

Nothing here is interpolated or generated: years without a published value stay empty, the two NBS
bases (``as_published`` and ``revised_post_census``) are separate series, census points are marked,
and facts known only as a bound (Liupanshui 2015 < 42.01 %) are kept as bounds. Every fact and
document names its source in English (``source``) and in Chinese (``source_zh``, for runs in Chinese).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from .config import ProvinceConfig

FACTS = "urbanization_facts.csv"
BOUNDS = "urbanization_bounds.csv"
CENSUS = "census_prefectures.csv"
POLICIES = "policy_documents.csv"
POLICY_COLUMNS = ["date", "issuer", "issuer_zh", "title", "title_zh", "number", "topic", "set", "set_zh", "source",
                  "source_zh"]
CENSUS_SOURCES = {2010: ("Sixth National Population Census, prefecture table", "第六次全国人口普查分地市数据"),
                  2020: ("Seventh National Population Census, prefecture table", "第七次全国人口普查分地市数据")}


def urbanization_reference(reference_dir: Path, config: ProvinceConfig, regions: pd.DataFrame) -> pd.DataFrame:
    """Rows role (focus | province | nation), area, area_zh, year, value, basis, source, source_zh.

    The focus region is ``focus_region`` of province.toml (or the first region): its own published
    facts when ``urbanization_facts.csv`` has them, otherwise its two census points.
    """
    facts = pd.read_csv(reference_dir / FACTS)
    focus_code = config.focus_region or regions["region_code"].iloc[0]
    focus = regions.set_index("region_code").loc[focus_code]
    parts = [facts[facts["area"] == "China"].assign(role="nation"),
             facts[facts["area_zh"] == config.name_zh].assign(role="province")]
    own = facts[facts["area_zh"] == focus["name_zh"]]
    if own.empty:
        census = pd.read_csv(reference_dir / CENSUS, dtype={"region_code": str}).set_index("region_code")
        if focus_code in census.index:
            row = census.loc[focus_code]
            own = pd.DataFrame({"area": focus["name"], "area_zh": focus["name_zh"], "level": "prefecture",
                                "year": [2010, 2020],
                                "urbanization_rate_pct": [row["urbanization_2010_pct"], row["urbanization_2020_pct"]],
                                "basis": ["census_2010", "census_2020"],
                                "source": [CENSUS_SOURCES[2010][0], CENSUS_SOURCES[2020][0]],
                                "source_zh": [CENSUS_SOURCES[2010][1], CENSUS_SOURCES[2020][1]]})
    parts.append(own.assign(role="focus"))
    out = pd.concat(parts, ignore_index=True).rename(columns={"urbanization_rate_pct": "value"})
    out["role"] = pd.Categorical(out["role"], ["focus", "province", "nation"], ordered=True)
    out = out.sort_values(["role", "basis", "year"], kind="mergesort").reset_index(drop=True)
    out["role"] = out["role"].astype(str)
    if "source_zh" not in out.columns:   # a reference folder of before the Chinese sources
        out["source_zh"] = ""
    out["source_zh"] = out["source_zh"].fillna("")
    return out[["role", "area", "area_zh", "year", "value", "basis", "source", "source_zh"]]


def urbanization_bounds(reference_dir: Path, areas_zh: list[str]) -> pd.DataFrame:
    """Facts known only as bounds, for the areas shown."""
    path = reference_dir / BOUNDS
    if not path.is_file():
        return pd.DataFrame(columns=["area", "area_zh", "year", "bound", "value", "source", "source_zh"])
    bounds = pd.read_csv(path).rename(columns={"urbanization_rate_pct": "value"})
    return bounds[bounds["area_zh"].isin(areas_zh)].reset_index(drop=True)


def missing_areas(series: pd.DataFrame, config: ProvinceConfig, regions: pd.DataFrame) -> pd.DataFrame:
    """The areas (role, area, area_zh) among focus region, province and China without any published fact."""
    focus_code = config.focus_region or regions["region_code"].iloc[0]
    focus = regions.set_index("region_code").loc[focus_code]
    wanted = pd.DataFrame({"role": ["focus", "province", "nation"], "area": [focus["name"], config.name, "China"],
                           "area_zh": [focus["name_zh"], config.name_zh, "全国"]})
    return wanted[~wanted["role"].isin(series["role"])].reset_index(drop=True)


def policy_documents(reference_dir: Path, first_year: int | None = None, last_year: int | None = None) -> pd.DataFrame:
    """The national documents of ``policy_documents.csv`` (date, issuer, title, number, topic —
    rural, urban or both —, what each set, source in English and Chinese), published within the years given."""
    path = reference_dir / POLICIES
    if not path.is_file():
        return pd.DataFrame(columns=POLICY_COLUMNS)
    documents = pd.read_csv(path, dtype=str, keep_default_na=False)
    if "source_zh" not in documents.columns:
        documents["source_zh"] = ""
    years = documents["date"].str[:4].astype(int)
    keep = years.between(first_year or years.min(), last_year or years.max())
    return documents[keep].sort_values("date", kind="mergesort").reset_index(drop=True)[POLICY_COLUMNS]
