"""Write the example files of examples/import/ from the bundled SYNTHETIC Qinghai panel.

    .venv/bin/python examples/import/make_examples.py      # the .xls needs xlwt (pip install xlwt)

Every number comes from data/raw/qinghai/panel.csv, which is synthetic demonstration data: the files
have the shape of yearbook tables, NBS exports and EPS-style long tables, not their figures, and
each says so. Together they hold every cell of that panel, so that importing all of them into a
new province folder gives the panel back (tests/test_import.py).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from helpers.data.io import parse_numbers, read_text_csv

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
QINGHAI = ROOT / "data" / "raw" / "qinghai"
SYNTHETIC_ZH = "合成演示数据（由本项目自带的青海合成面板生成），版式仿照统计年鉴，数字并非年鉴数据"
SYNTHETIC_EN = "SYNTHETIC demonstration data in a real-shaped layout, made from the bundled Qinghai panel: not yearbook figures"

# how a provincial yearbook prints the regions (海东地区 until the 2013 upgrade, 州 for 自治州, 西宁 without 市)
YEARBOOK_NAMES = {"630100": "西  宁", "630200": "海东市", "632200": "海北州", "632300": "黄南州", "632500": "海南州",
                  "632600": "果洛州", "632700": "玉树州", "632800": "海西州"}
YEARBOOK = [f"RR{i:02d}" for i in range(1, 19)]
NBS = [f"NU{i:02d}" for i in range(1, 8)]
LONG = [f"NU{i:02d}" for i in range(8, 15)]
# units that differ from unit_zh of indicators.csv, as sources print them: (unit, factor from unit_zh)
UNITS = {"RR05": ("吨/公顷", 1e-3), "RR14": ("元", 1e4), "NU04": ("万元", 1e-4), "NU03": ("人/平方公里", 1.0)}


def _panel() -> tuple[pd.DataFrame, pd.DataFrame]:
    raw = read_text_csv(QINGHAI / "panel.csv").frame
    ids = [c for c in raw.columns if c not in ("region_code", "year")]
    values = parse_numbers(raw[ids]).values
    values.insert(0, "year", raw["year"].astype(int))
    values.insert(0, "region_code", raw["region_code"])
    indicators = read_text_csv(QINGHAI / "indicators.csv").frame.set_index("id")
    return values, indicators


def _number(value: float, ident: str) -> float | None:
    if pd.isna(value):
        return None
    return float(f"{value * UNITS.get(ident, ('', 1.0))[1]:.12g}")


def _unit(ident: str, indicators: pd.DataFrame) -> str:
    return UNITS.get(ident, (indicators.loc[ident, "unit_zh"], 1.0))[0]


def _as_printed(value: float | None) -> object:
    """Large numbers as text with thousands separators (as copied from a PDF yearbook), the rest as numbers."""
    if value is None:
        return "—"
    if abs(value) >= 1000:
        return f"{value:,.12g}" if value != int(value) else f"{int(value):,}"
    return value


def yearbook(values: pd.DataFrame, indicators: pd.DataFrame) -> Path:
    """One sheet per year, title rows, Chinese headers with units, a total row and footnotes."""
    from openpyxl import Workbook

    book = Workbook()
    notes = book.active
    notes.title = "说明"
    for line in (SYNTHETIC_ZH, SYNTHETIC_EN, "每个工作表是一年的表格 / one sheet per year"):
        notes.append([line])
    for year, table in values.groupby("year"):
        sheet = book.create_sheet(f"{year}年")
        sheet.append([f"表 2-{year - 2010}  {year}年各市州乡村振兴主要指标（{SYNTHETIC_ZH}）"])
        sheet.append([SYNTHETIC_EN])
        sheet.append(["地  区"] + [f"{indicators.loc[i, 'name_zh']}（{_unit(i, indicators)}）" for i in YEARBOOK])
        total = ["全  省"] + [_as_printed(_number(round(table[i].mean(), 2), i)) for i in YEARBOOK]
        sheet.append(total)
        for row in table.itertuples(index=False):
            name = YEARBOOK_NAMES[row.region_code]
            if row.region_code == "630200" and year < 2013:
                name = "海东地区"
            sheet.append([name] + [_as_printed(_number(getattr(row, i), i)) for i in YEARBOOK])
        sheet.append([])
        sheet.append(["注：全省为各市州的简单平均（合成数据）。海东地区2013年撤地设市。"])
        sheet.append(["资料来源：本项目合成演示数据（data/raw/qinghai/panel.csv），非《青海统计年鉴》数据。"])
    path = HERE / "yearbook_qinghai_rural.xlsx"
    book.save(path)
    return path


def nbs(values: pd.DataFrame, indicators: pd.DataFrame) -> list[Path]:
    """One GBK file per indicator, as the NBS database exports it: years as columns, newest first."""
    names = dict(zip(*read_text_csv(QINGHAI / "regions.csv").frame[["region_code", "name_zh"]].T.values, strict=True))
    paths = []
    years = sorted(values["year"].unique(), reverse=True)
    for ident in NBS:
        wide = values.pivot(index="region_code", columns="year", values=ident)
        lines = ["数据库：青海省市州年度数据（合成演示 SYNTHETIC）",
                 f"指标：{indicators.loc[ident, 'name_zh']}({_unit(ident, indicators)})",
                 f"时间：{years[-1]}-{years[0]}年",
                 ",".join(["地区"] + [f"{y}年" for y in years])]
        for code in wide.index:
            cells = [_number(wide.loc[code, y], ident) for y in years]
            lines.append(",".join([names[code]] + ["" if v is None else f"{v:.12g}" for v in cells]))
        lines += [f"注：{SYNTHETIC_ZH}。", f"数据来源：合成演示数据，非国家统计局数据 ({SYNTHETIC_EN})"]
        path = HERE / f"nbs_{ident}.csv"
        path.write_bytes(("\r\n".join(lines) + "\r\n").encode("gbk"))
        paths.append(path)
    return paths


def long_table(values: pd.DataFrame, indicators: pd.DataFrame) -> Path:
    """An EPS-style long table as .xls: 地区代码, 地区, 年份, 指标, 单位, 数值 (海东 under its old code before 2013)."""
    import xlwt

    regions = read_text_csv(QINGHAI / "regions.csv").frame.set_index("region_code")["name_zh"]
    book = xlwt.Workbook(encoding="utf-8")
    sheet = book.add_sheet("数据")
    rows = [[f"{SYNTHETIC_ZH} / {SYNTHETIC_EN}"], ["地区代码", "地区", "年份", "指标", "单位", "数值"]]
    for row in values.itertuples(index=False):
        code, name = row.region_code, regions[row.region_code]
        if code == "630200" and row.year < 2013:
            code, name = "632100", "海东地区"
        for ident in LONG:
            value = _number(getattr(row, ident), ident)
            year = f"{row.year}年" if row.year % 2 else row.year
            rows.append([code, name, year, indicators.loc[ident, "name_zh"], _unit(ident, indicators),
                         "…" if value is None else value])
    rows.append(["数据来源：合成演示数据 (SYNTHETIC), 非 EPS 数据"])
    for r, cells in enumerate(rows):
        for c, cell in enumerate(cells):
            sheet.write(r, c, cell)
    path = HERE / "long_qinghai_urban.xls"
    book.save(str(path))
    return path


if __name__ == "__main__":
    values, indicators = _panel()
    for path in [yearbook(values, indicators), *nbs(values, indicators), long_table(values, indicators)]:
        print(f"wrote {path.relative_to(ROOT)}")
